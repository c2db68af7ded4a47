"""A killed-and-resumed ingest against one uninterrupted run (issue 20, defect 7).

What differs is written in docs/reliability.md ("A resumed ingest"): the records of the
articles after the restart can know more about people the stored articles named, because
the resumed run's actors stage starts from the database (``Settings.known_actors``),
while the uninterrupted run learns those people only in the writer (``RunLearner``),
after the stages. This test holds the docs to that: everything else is identical.
"""

from __future__ import annotations

import json

import pytest

from dyad.contract import Settings
from dyad.ingest import ingest
from dyad.model import Article
from dyad.store import Store

TEXTS = [
    "U.S. Defense Secretary Robert Gates met Russian Defense Minister Anatoly Serdyukov in "
    "Moscow on Tuesday. Gates said the two countries would cooperate.",
    "Iran condemned Israel on Monday. Tehran said the strike violated its sovereignty.",
    "Gates said on Wednesday that Washington would not send troops. Serdyukov criticized NATO.",
]


def _dump(path: str) -> tuple[dict[str, dict], list, list]:
    with Store(path, read_only=True) as st:
        recs = {
            r[0]: json.loads(r[1])
            for r in st.con.execute("SELECT id, record FROM articles").fetchall()
        }
        actors = st.con.execute(
            "SELECT canonical, country, sector, title, kind FROM actors ORDER BY canonical"
        ).fetchall()
        events = st.con.execute(
            "SELECT type, source_name, target_name, date FROM events ORDER BY id"
        ).fetchall()
    return recs, actors, events


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("resume")
    arts = [Article(id=f"a{i}", text=t, published=f"2011-03-2{i}") for i, t in enumerate(TEXTS)]
    s = Settings(batch_size=1)
    one, two = str(d / "one.duckdb"), str(d / "two.duckdb")
    ingest(iter(arts), one, s)
    ingest(iter(arts[:2]), two, s)  # killed after two batches were committed ...
    rep = ingest(iter(arts), two, s)  # ... and resumed: the rerun finishes the job
    assert rep.skipped == 2 and rep.stored == 1
    return _dump(one), _dump(two)


def test_resumed_ingest_stores_the_same_articles_actors_and_events(runs):
    (ra, actors_a, events_a), (rb, actors_b, events_b) = runs
    assert set(ra) == set(rb) == {"a0", "a1", "a2"}
    assert actors_a == actors_b
    assert events_a == events_b
    for k in ("a0", "a1"):  # stored before the restart: the same records
        assert ra[k] == rb[k]


def test_what_differs_is_the_documented_learning(runs):
    (ra, _, _), (rb, _, _) = runs
    one, two = ra["a2"], rb["a2"]
    for part in ("times", "places", "tone", "title", "text"):
        assert one[part] == two[part], part

    def gates(rec: dict) -> list[str]:
        return [a["provenance"] for a in rec["actors"] if a["name"] == "Robert Gates"]

    # resumed: the actors stage knew Robert Gates from the database before the article
    assert gates(two) == ["learned:a0"]
    # uninterrupted: the stages did not; the writer's learner resolves only actors the
    # stage made, and the stage made no actor of the bare "Gates" here
    assert gates(one) == []
    speaker = {q["speaker"]["name"] for q in one["quotes"] if q["speaker"]}
    assert "Gates" in speaker
