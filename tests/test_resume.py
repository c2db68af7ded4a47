"""A killed-and-resumed ingest against one uninterrupted run (issue 20, defect 7; issue 14).

What a run's articles teach the later ones (the learn stage) is stored with each article
(the ``lessons`` table), and a run starts from the lessons of the stored articles
(``Settings.prior_lessons``). So a resumed ingest knows, at each article, exactly what
the uninterrupted run knew there, and the two databases are the same.
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


def _dump(path: str) -> dict[str, list]:
    """Every table but the error log, without the times rows were written."""
    with Store(path, read_only=True) as st:
        tables = [
            r[0]
            for r in st.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_name NOT IN "
                "('schema_version', 'ingest_errors', 'store_state') ORDER BY 1"
            ).fetchall()
        ]
        out = {}
        for t in tables:
            cols = [
                r[0]
                for r in st.con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "AND data_type <> 'TIMESTAMP' ORDER BY ordinal_position",
                    [t],
                ).fetchall()
            ]
            out[t] = st.con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
        out["records"] = [
            json.loads(r[0])
            for r in st.con.execute("SELECT record FROM articles ORDER BY id").fetchall()
        ]
    return out


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


def test_resumed_ingest_equals_one_uninterrupted_run(runs):
    one, two = runs
    assert {r["id"] for r in one["records"]} == {"a0", "a1", "a2"}
    for table in one:
        assert one[table] == two[table], table


def test_both_runs_learned_gates_from_the_first_article(runs):
    for db in runs:
        a2 = next(r for r in db["records"] if r["id"] == "a2")
        gates = [a for a in a2["actors"] if a["name"] == "Robert Gates"]
        assert [(a["country"], a["provenance"]) for a in gates] == [("USA", "learned:a0")]
        speakers = {q["speaker"]["name"] for q in a2["quotes"] if q["speaker"]}
        assert "Robert Gates" in speakers and "Gates" not in speakers
        a0 = next(r for r in db["records"] if r["id"] == "a0")
        assert "Robert Gates" in {x["name"] for x in a0["lessons"]}
