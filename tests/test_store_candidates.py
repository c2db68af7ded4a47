"""The writer reads as merge candidates only the stored events that the date rule of
matching lets a record's events join (``Store._candidates``); the merges are the same as
with every event of the record's types read (the query before the pre-filter)."""

from __future__ import annotations

import random

import pytest

from dyad.model import Record
from dyad.store import Store
from dyad.store.db import Candidate
from test_store_events import KENYA, MOMBASA, NAIROBI, story

ACTORS = [("al-Shabaab", "SOM"), ("al-Shabaab", "SOM"), ("Kenya Defence Forces", "KEN"),
          ("Defence Forces", None), ("Kenya", "KEN"), None]  # fmt: skip
DAYS = [None, None, None, "2019-01-14", "2019-01-15", "2019-01-16", "2019-01-18"]
TEXTS = [
    "al-Shabaab attacked a convoy of the Kenya Defence Forces near the border post.",
    "al-Shabaab attacked the Kenya Defence Forces convoy near the border post on Monday.",
    "The Kenya Defence Forces were attacked at a military base.",
]
_candidates = Store._candidates  # with the pre-filter, whatever the test patches


def _old_candidates(self: Store, live: list, rec: Record) -> list[Candidate]:
    """The query before the pre-filter: every undated event of the types, and every
    event of the types when no event of the record has a date."""
    return _candidates(self, live, rec, prefilter=False)


def _records(seed: int, n: int) -> list[Record]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        rec = story(
            rng.choice(TEXTS) + f" Story {i}.",  # the same text twice is stored once
            f"https://example.org/{seed}/{i}",
            rng.choice(["a", "b", "c"]),
            etype=rng.choice(["ASSAULT", "ASSAULT", "ACCUSE"]),
            source=rng.choice(ACTORS),
            target=rng.choice(ACTORS),
            date=rng.choice(DAYS),
            place=rng.choice([None, NAIROBI, MOMBASA, KENYA]),
            published=rng.choice(DAYS),  # type: ignore[arg-type]
            extra_events=rng.choice([0, 0, 1]),
        )
        for e in rec.events:  # dated by the text, by the publication day, or not at all
            e.date_source = rng.choice(["text", "published", "dateline"]) if e.date else None
        if rng.random() < 0.3 and len(rec.events) > 1:
            rec.events[1].date = rng.choice(DAYS)
        out.append(rec)
    return out


def _merges(path: str, records: list[Record], old: bool, monkeypatch) -> list[tuple]:
    with monkeypatch.context() as mp:
        if old:
            mp.setattr(Store, "_candidates", _old_candidates)
        with Store(path) as st:
            for i, rec in enumerate(records):
                with st.batch():
                    st.upsert(rec)
                if i == len(records) // 2:  # rows of older files: undated, text_dated unknown
                    st.con.execute(
                        "UPDATE events SET date = NULL, text_dated = NULL WHERE id % 3 = 0"
                    )
                    st._events = None  # changed behind the writer's back: read them again
            return st.con.execute(
                "SELECT m.article_id, m.idx, m.event_id, m.match_score, e.date IS NULL "
                "FROM event_mentions m LEFT JOIN events e ON e.id = m.event_id ORDER BY ALL"
            ).fetchall()


def test_the_date_prefilter_changes_no_merge(tmp_path, monkeypatch):
    joined = joined_undated = 0
    for seed in range(6):
        records = _records(seed, 60)
        new = _merges(str(tmp_path / f"new{seed}.duckdb"), records, False, monkeypatch)
        old = _merges(str(tmp_path / f"old{seed}.duckdb"), records, True, monkeypatch)
        assert new == old
        joined += sum(1 for r in new if r[3] is not None)
        joined_undated += sum(1 for r in new if r[3] is not None and r[4])
    # the test means something: mentions joined events, undated ones among them
    assert joined >= 60 and joined_undated >= 4


def test_a_dated_record_reads_no_undated_event_dated_only_by_publication(tmp_path):
    with Store(str(tmp_path / "c.duckdb")) as st:
        undated = story(TEXTS[0], "https://example.org/u", "a", date=None, published=None)
        with st.batch():
            st.upsert(undated)
        dated = story(TEXTS[1], "https://example.org/d", "b")
        for e in dated.events:
            e.date_source = "published"
        live = [e for e in dated.events]
        assert st._candidates(live, dated) == []
        assert len(_old_candidates(st, live, dated)) == 1
        assert len(st._candidates(undated.events, undated)) == 1


def test_the_writers_event_memory_answers_like_the_query(tmp_path, monkeypatch):
    """``Store._candidates`` reads the writer's memory of the events (dyad.store.event_index),
    kept up to date across batches of several records (events wait in the buffer), edited
    articles (the old version's events deleted) and fills: after each batch, the same rows
    in the same order as the query over the table, and the same memory as one loaded
    afresh from the file."""
    from dyad.store.event_index import EventIndex, candidate

    records = _records(11, 90)
    for i in range(6, len(records), 7):  # an edited version of an earlier story
        edited = _records(100 + i, 1)[0]
        edited.url = records[i - 3].url
        records[i] = edited
    seen = {"removed": 0, "filled": 0}
    remove, fill = EventIndex.remove, EventIndex.fill

    def counted_remove(self, ids):
        ids = list(ids)
        seen["removed"] += sum(i in self.rows for i in ids)
        remove(self, ids)

    def counted_fill(self, eid, values):
        before = self.rows.get(eid)
        fill(self, eid, values)
        seen["filled"] += self.rows.get(eid) != before

    monkeypatch.setattr(EventIndex, "remove", counted_remove)
    monkeypatch.setattr(EventIndex, "fill", counted_fill)
    checked = 0
    with Store(str(tmp_path / "m.duckdb")) as st:
        for start in range(0, len(records), 9):
            batch = records[start : start + 9]
            with st.batch():
                for rec in batch:
                    st.upsert(rec)
            kept = st._event_index()
            assert kept is not None
            for rec in batch:
                live = [e for e in rec.events if not (e.negated or e.hypothetical)]
                if not live:
                    continue
                mem = [c.id for c in st._candidates(live, rec)]
                st._events = False  # ask the database
                asked = [c.id for c in st._candidates(live, rec)]
                st._events = kept
                assert mem == asked
                checked += bool(mem)
            fresh = EventIndex.load(st.con)
            assert fresh is not None and kept.rows == fresh.rows
            assert {i: candidate(r) for i, r in kept.rows.items()} == {
                i: candidate(r) for i, r in fresh.rows.items()
            }
    # the test means something: events were deleted and filled, candidates found
    assert checked >= 40 and seen["removed"] >= 3 and seen["filled"] >= 3, (checked, seen)


def test_evidence_sentences_kept_in_memory_change_no_merge(tmp_path, monkeypatch):
    """The writer keeps the evidence sentences it has read or written until a recount may
    change them: the merges and their reasons are those of reading them every time."""

    def asked(self: Store, cands: list) -> None:
        self._sentences.clear()
        load(self, cands)

    load = Store._load_sentences
    records = _records(11, 90)
    for i, rec in enumerate(records):  # an evidence sentence of its own, now and then
        if i % 3 == 0:
            for e in rec.events:
                e.sentence = f"{e.sentence} The convoy of trucks number {i % 4} was hit."

    def stored(path: str) -> list[tuple]:
        with Store(path) as st:
            for start in range(0, len(records), 9):
                with st.batch():
                    for rec in records[start : start + 9]:
                        st.upsert(rec)
            return st.con.execute(
                "SELECT m.article_id, m.idx, m.event_id, m.match_score, m.match_reason, "
                "e.sentence FROM event_mentions m LEFT JOIN events e ON e.id = m.event_id "
                "ORDER BY ALL"
            ).fetchall()

    kept = stored(str(tmp_path / "kept.duckdb"))
    monkeypatch.setattr(Store, "_load_sentences", asked)
    assert kept == stored(str(tmp_path / "asked.duckdb"))
    assert sum(1 for r in kept if r[4] and "near-identical" in r[4]) >= 3


@pytest.mark.parametrize("memory", [True, False], ids=["writer-memory", "query"])
def test_a_text_dated_record_reads_an_undated_event_unless_known_undated_by_its_text(
    tmp_path, memory
):
    """An undated event joins a dated mention only when both are dated by their text, so a
    text-dated record reads it only when its ``text_dated`` is not false (true or, on rows
    of older files, unknown): from the writer's memory, and from the query a database too
    large for that memory is asked."""
    with Store(str(tmp_path / "t.duckdb")) as st:
        undated = story(TEXTS[0], "https://example.org/u", "a", date=None, published=None)
        with st.batch():
            st.upsert(undated)
        assert st.con.execute("SELECT date, text_dated FROM events").fetchall() == [(None, False)]
        dated = story(TEXTS[1], "https://example.org/d", "b")
        for e in dated.events:
            e.date_source = "text"
        st._events = None if memory else False  # read into memory again, or ask the database
        assert (st._event_index() is not None) == memory
        assert st._candidates(dated.events, dated) == []
        assert len(_old_candidates(st, dated.events, dated)) == 1
        st.con.execute("UPDATE events SET text_dated = NULL")  # a row of an older file
        st._events = None if memory else False  # changed behind the writer's back
        assert [c.text_dated for c in st._candidates(dated.events, dated)] == [True]
