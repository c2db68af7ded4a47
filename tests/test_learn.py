"""The learn stage: declared, in input order, and what a parallel run needs to match a
serial one (the memory's reads and changes)."""

from __future__ import annotations

import pytest

from dyad.contract import Context, InOrderStage, Settings, StageError, resolve_stages
from dyad.extract.actors.memory import Known, Memory, Surnames, learned
from dyad.model import Article, Lesson
from dyad.pipeline import Pipeline

FIRST = "U.S. Defense Secretary Robert Gates arrived in Moscow on Monday for talks."
LATER = "Gates said on Tuesday that the talks with Russia had gone well."


def _arts(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", text=t, published="2011-03-21") for i, t in enumerate(texts)]


def test_learn_is_a_declared_in_order_stage_after_actors():
    learn = resolve_stages(["actors", "learn"])[1]
    assert isinstance(learn, InOrderStage) and learn.in_order
    assert learn.requires == ("actors",) and learn.assigns == ("lessons",)
    with pytest.raises(StageError, match="requires 'actors'"):
        resolve_stages(["learn", "actors"])


def test_lessons_are_on_the_record_and_later_stages_see_the_learned_actor():
    first, later = Pipeline(Settings()).process(_arts(FIRST, LATER))
    assert [(x.name, x.country, x.article_id) for x in first.lessons] == [
        ("Robert Gates", "USA", "a0")
    ]
    assert later.lessons == []
    gates = [a for a in later.actors if a.name == "Robert Gates"]
    assert [(a.country, a.provenance) for a in gates] == [("USA", "learned:a0")]
    # the quotes stage ran after learn: its speaker is the learned actor
    assert {q.speaker.name for q in later.quotes if q.speaker} == {"Robert Gates"}


def test_without_the_learn_stage_a_run_learns_nothing_from_its_articles():
    s = Settings(stages=("actors", "quotes"))
    _, later = Pipeline(s).process(_arts(FIRST, LATER))
    assert not any(a.name == "Robert Gates" for a in later.actors)


def test_prior_lessons_start_the_memory():
    lesson = Lesson("Robert Gates", "person", "USA", "GOV", None, [], "old")
    s = Settings(prior_lessons=(lesson,))
    (later,) = Pipeline(s).process(_arts(LATER))
    gates = [a for a in later.actors if a.name == "Robert Gates"]
    assert [(a.country, a.provenance) for a in gates] == [("USA", "learned:old")]


def test_the_memory_notes_the_keys_it_reads_and_the_keys_it_changes():
    mem = Memory()
    mem.add(Known("Anatoly Serdyukov", country="RUS"))
    mem.reads, mem.changed = set(), set()
    assert mem.find("Gates", person=True) is None
    assert "Robert Gates" not in mem.reads and mem.reads  # keys, not names
    read_gates = set(mem.reads)
    mem.add(Known("Robert Gates", country="USA"))
    assert read_gates & mem.changed  # what "Gates" read has changed
    mem.reads = set()
    assert mem.find("Serdyukov", person=True).country == "RUS"
    assert not (mem.reads & mem.changed)  # what "Serdyukov" read has not


def test_surnames_read_the_memory_key_by_key():
    mem = Memory(reads=set())
    mem.add(Known("Robert Gates", country="USA"))
    own = {"kulin"}
    s = Surnames(own, mem)
    assert "kulin" in s and not mem.reads  # the article's own: no memory read
    assert "nobody" not in s and mem.reads == {"snobody"}


def test_an_article_is_read_again_only_where_the_run_learned_what_it_read():
    from dyad.parallel import first_part, halfway
    from dyad.pipeline import InOrder

    s = Settings()
    worker = Pipeline(s)
    halves = [halfway(d) for d in first_part(worker, [a.to_dict() for a in _arts(
        FIRST, "Farmers protested in Lyon on Tuesday, police said.", LATER
    )])]  # fmt: skip
    main = InOrder(s)
    outs = [main.step(h) for h in halves]
    assert main.again == 1  # only the bare "Gates", after a0 taught Robert Gates
    serial = list(Pipeline(s).process(_arts(
        FIRST, "Farmers protested in Lyon on Tuesday, police said.", LATER
    )))  # fmt: skip
    for o, r in zip(outs, serial, strict=True):
        assert o.actors == r.actors and o.lessons == r.lessons
    assert learned(main.ctx).changed


def test_backfill_takes_the_lessons_of_articles_stored_before_version_6(tmp_path):
    from dyad.ingest import ingest, with_prior_lessons
    from dyad.store import Store

    db = str(tmp_path / "x.duckdb")
    ingest(iter(_arts(FIRST, LATER)), db, Settings(batch_size=1))
    with Store(db) as st:
        taught = st.lessons()
        assert [x.name for x in taught] == ["Robert Gates"]
        # as a file written before version 6 looks after the migration
        st.con.execute("DELETE FROM lessons")
        st.con.execute("INSERT INTO lessons_pending SELECT id, ingested_at FROM articles")
        assert st.lessons() == []
        s = with_prior_lessons(Settings(), st)
        assert list(s.prior_lessons) == taught
        assert st.con.execute("SELECT count(*) FROM lessons_pending").fetchone()[0] == 0
    ctx = Context(s)
    assert learned(ctx).find("Gates", person=True).name == "Robert Gates"
