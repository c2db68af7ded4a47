"""The writer reads as merge candidates only the stored events that the date rule of
matching lets a record's events join (``Store._candidates``); the merges are the same as
with every event of the record's types read (the query before the pre-filter)."""

from __future__ import annotations

import random

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


def test_a_text_dated_record_reads_an_undated_event_unless_known_undated_by_its_text(tmp_path):
    """An undated event joins a dated mention only when both are dated by their text, so a
    text-dated record reads it only when its ``text_dated`` is not false (true or, on rows
    of older files, unknown)."""
    with Store(str(tmp_path / "t.duckdb")) as st:
        undated = story(TEXTS[0], "https://example.org/u", "a", date=None, published=None)
        with st.batch():
            st.upsert(undated)
        assert st.con.execute("SELECT date, text_dated FROM events").fetchall() == [(None, False)]
        dated = story(TEXTS[1], "https://example.org/d", "b")
        for e in dated.events:
            e.date_source = "text"
        assert st._candidates(dated.events, dated) == []
        assert len(_old_candidates(st, dated.events, dated)) == 1
        st.con.execute("UPDATE events SET text_dated = NULL")  # a row of an older file
        assert [c.text_dated for c in st._candidates(dated.events, dated)] == [True]
