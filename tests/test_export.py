"""Exports open in DuckDB and pandas and round-trip the counts."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from dyad.export import (
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    ExportError,
    export,
    mentions_path,
)
from dyad.model import Actor, ActorRef, Event, Mention, Quote, Record, article_id
from dyad.store import Store

CITIES = [
    ("Nairobi", "KEN", -1.28, 36.82),
    ("Mombasa", "KEN", -4.05, 39.67),
    ("Kampala", "UGA", 0.31, 32.58),
]


def record(i: int, city: tuple, reports_same: bool = False) -> Record:
    name, country, lat, lon = city
    text = (
        f"Report {i}: Kenyan President William Ruto accused Somalia's government of backing "
        f'attacks in {name}. "We\tdemand answers," Ruto said.'
    )
    url = f"https://site{i % 3}.example/{i}"
    rec = Record(
        id=article_id(url, text),
        text=text,
        url=url,
        title=f"Report {i}",
        publisher=f"Site {i % 3}",
        published="2023-05-0" + str(1 + (0 if reports_same else i % 5)),
        tone=-2.5,
    )
    r = text.find("William Ruto")
    rec.actors = [
        Actor("A1", "William Ruto", "KEN", "GOV", "President", mentions=[Mention(r, r + 12)]),
        Actor("A2", "Somalia", "SOM", "GOV", kind="country"),
    ]
    acc = text.find("accused")
    rec.events = [
        Event(
            type="ACCUSE",
            span=(acc, acc + 7),
            sentence=text.split(".")[0],
            source=ActorRef("William Ruto", "KEN", "GOV", "A1"),
            target=ActorRef("Somalia", "SOM", "GOV", "A2"),
            cameo="112",
            quad_class=3,
            goldstein=-2.0,
            date=rec.published,
            place={"name": name, "country": country, "lat": lat, "lon": lon, "feature": "city"},
            tone=-3.0,
        ),
        Event(
            type="ASSAULT",
            span=(text.find("attacks"), text.find("attacks") + 7),
            sentence=text.split(".")[0],
            cameo="190",
            quad_class=4,
            goldstein=-10.0,
            date=rec.published,
            negated=True,
        ),
    ]
    q = text.find("We")
    rec.quotes = [
        Quote("We\tdemand answers,", "direct", (q, q + 17), ActorRef("William Ruto", "KEN"))
    ]
    return rec


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("exp") / "x.duckdb")
    with Store(path) as st:
        for i in range(9):
            st.upsert(record(i, CITIES[i % 3]))
        # two more reports of the first event: merged, not new events
        st.upsert(record(100, CITIES[0], reports_same=True))
        st.upsert(record(103, CITIES[0], reports_same=True))
    return path


def q1(sql: str) -> tuple:
    con = duckdb.connect()
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def counts(path: str) -> dict[str, int]:
    with Store(path, read_only=True) as st:
        c = st.counts()
        c["live_mentions"] = st.con.execute(
            "SELECT count(*) FROM event_mentions WHERE event_id IS NOT NULL"
        ).fetchone()[0]
        return c


def test_fixture_has_merged_events(db):
    c = counts(db)
    assert c["articles"] == 11
    assert c["events"] < c["live_mentions"] == 11  # some reports merged into one event


@pytest.mark.parametrize("fmt,ext", [("jsonl", "jsonl"), ("csv", "csv"), ("parquet", "parquet")])
@pytest.mark.parametrize("table", ["events", "mentions", "articles", "actors", "quotes"])
def test_table_exports_round_trip(db, tmp_path, fmt, ext, table):
    out = str(tmp_path / f"{table}.{ext}")
    written = export(db, fmt, out, table=table)
    c = counts(db)
    expected = {
        "events": c["events"],
        "mentions": c["live_mentions"],
        "articles": c["articles"],
        "actors": c["actors"],
        "quotes": c["quotes"],
    }[table]
    assert written == {out: expected}
    reader = {"jsonl": "read_json_auto", "csv": "read_csv_auto", "parquet": "read_parquet"}[fmt]
    n = q1(f"SELECT count(*) FROM {reader}('{out}')")[0]
    assert n == expected
    frame = {
        "jsonl": lambda: pd.read_json(out, lines=True),
        "csv": lambda: pd.read_csv(out),
        "parquet": lambda: pd.read_parquet(out),
    }[fmt]()
    assert len(frame) == expected
    if table == "events":
        assert int(frame["num_mentions"].sum()) == c["live_mentions"]


def test_gdelt_export_has_61_and_16_columns(db, tmp_path):
    out = str(tmp_path / "20230501.export.CSV")
    written = export(db, "gdelt", out)
    mpath = mentions_path(out)
    assert mpath.endswith("20230501.mentions.CSV")
    c = counts(db)
    assert written == {out: c["events"], mpath: c["live_mentions"]}
    ev = pd.read_csv(out, sep="\t", header=None, names=GDELT_EVENT_COLUMNS, dtype=str)
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(ev) == c["events"]
    assert ev.shape[1] == 61
    assert set(ev["EventCode"]) == {"112"} and set(ev["EventRootCode"]) == {"11"}
    assert set(ev["Actor1Code"]) == {"KENGOV"} and set(ev["Actor2CountryCode"]) == {"SOM"}
    assert set(ev["Actor1Name"]) == {"WILLIAM RUTO"}
    assert set(ev["QuadClass"]) == {"3"}
    assert ev["SQLDATE"].str.fullmatch(r"2023050\d").all()
    assert set(ev["ActionGeo_CountryCode"]) == {"KE", "UG"}  # FIPS, not ISO
    assert ev["NumMentions"].astype(int).sum() == c["live_mentions"]
    assert ev["Actor1Geo_FullName"].isna().all()  # columns we cannot fill stay empty
    m = pd.read_csv(mpath, sep="\t", header=None, names=GDELT_MENTION_COLUMNS)
    assert len(GDELT_MENTION_COLUMNS) == 16 and m.shape == (c["live_mentions"], 16)
    assert set(m["GLOBALEVENTID"]) == set(ev["GLOBALEVENTID"].astype(int))
    n, url = q1(f"SELECT count(*), max(column60) FROM read_csv('{out}', delim='\t', header=false)")
    assert n == c["events"] and url.startswith("https://")


def test_plover_export(db, tmp_path):
    out = str(tmp_path / "plover.jsonl")
    written = export(db, "plover", out)
    c = counts(db)
    assert written == {out: c["events"]}
    lines = [json.loads(x) for x in open(out, encoding="utf-8")]
    assert len(lines) == c["events"]
    first = lines[0]
    for key in ("event_id", "event_date", "event_type", "source_actor", "target_actor",
                "location", "mentions", "num_sources"):  # fmt: skip
        assert key in first
    assert sum(len(x["mentions"]) for x in lines) == c["live_mentions"]
    assert pd.read_json(out, lines=True).shape[0] == c["events"]
    assert q1(f"SELECT count(*) FROM read_json_auto('{out}')")[0] == len(lines)


def test_records_export_round_trips_records(db, tmp_path):
    out = str(tmp_path / "records.jsonl")
    export(db, "jsonl", out, table="records")
    recs = [Record.from_json(line) for line in open(out, encoding="utf-8")]
    assert len(recs) == 11
    with Store(db, read_only=True) as st:
        for r in recs:
            assert st.get_record(r.id).to_dict() == r.to_dict()


def test_filtered_export_and_errors(db, tmp_path):
    out = str(tmp_path / "ug.csv")
    written = export(db, "csv", out, place="UGA")
    with Store(db, read_only=True) as st:
        expected = len(st.events(place="UGA", limit=None))
    assert 0 < expected < counts(db)["events"]
    assert list(written.values()) == [expected]
    assert len(pd.read_csv(out)) == expected
    assert set(pd.read_csv(out)["place_name"]) == {"Kampala"}
    with pytest.raises(ExportError):
        export(db, "xml", str(tmp_path / "x"))
    with pytest.raises(ExportError):
        export(db, "csv", str(tmp_path / "x"), table="nope")
    with pytest.raises(ExportError):
        export(db, "csv", str(tmp_path / "x"), table="records")
