"""The Record-to-database mapping (dyad.store.rows) names real columns, and only them."""

from __future__ import annotations

import inspect

from dyad.model import Actor, ActorRef, Event, Mention, Place, Quote, Record, TimeRef
from dyad.store import Store, rows


def _record() -> Record:
    text = 'Iran condemned Israel on Monday in Tehran. "No," said Ali Khamenei.'
    iran = Actor("A1", "Iran", "IRN", None, kind="country", mentions=[Mention(0, 4, "name")])
    isr = Actor("A2", "Israel", "ISR", None, kind="country", mentions=[Mention(15, 21, "name")])
    ev = Event("ACCUSE", (5, 14), text[:42], iran.ref(), isr.ref(), cameo="111", rule="x")
    return Record(
        id="r1",
        text=text,
        published="2024-05-06",
        actors=[iran, isr],
        events=[ev],
        places=[Place("Tehran", (35, 41), "IRN", 35.7, 51.4)],
        times=[TimeRef("Monday", (25, 31), "2024-05-06", "day", "date")],
        quotes=[Quote("No", "direct", (44, 46), ActorRef("Ali Khamenei", "IRN", "GOV"))],
    )


def test_every_declared_column_exists_and_rows_round_trip(tmp_path):
    rec = _record()
    with Store(str(tmp_path / "r.duckdb")) as st:
        st.upsert(rec)
        for table, fn in [
            ("articles", lambda: [rows.article_row(rec, "h")]),
            ("places", lambda: rows.place_rows(rec)),
            ("times", lambda: rows.time_rows(rec)),
            ("quotes", lambda: rows.quote_rows(rec, lambda ref: None)),
            ("event_mentions", lambda: [rows.event_mention_row(rec, 0, rec.events[0], None)]),
        ]:
            cols = {r[0] for r in st.con.execute(f"DESCRIBE {table}").fetchall()}
            made = fn()
            assert made and set(made[0]) <= cols, (table, set(made[0]) - cols)
        got = st.con.execute("SELECT name, country, span_start FROM places").fetchall()
        assert got == [("Tehran", "IRN", 35)]
        q = st.con.execute("SELECT speaker_name, speaker_country, text FROM quotes").fetchall()
        assert q == [("Ali Khamenei", "IRN", "No")]
        e = st.con.execute("SELECT type, source_country, target_country FROM events").fetchall()
        assert e == [("ACCUSE", "IRN", "ISR")]


def test_the_store_inserts_by_column_name_only():
    from dyad.store import db

    src = inspect.getsource(db)
    assert "SELECT * FROM _dyad_rows" not in src
    assert "INSERT INTO {table} VALUES" not in src
