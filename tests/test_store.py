"""The DuckDB store: idempotent writes, replacement, duplicates, round trips, queries."""

from __future__ import annotations

import duckdb
import pytest

from dyad.model import Actor, ActorRef, Event, Mention, Place, Quote, Record, TimeRef, article_id
from dyad.pipeline import Failure
from dyad.store import SCHEMA_VERSION, Store, StoreError
from dyad.store.queries import QueryError, check_read_only_sql

TEXT = (
    "U.S. Defense Secretary Robert Gates met Russian Defense Minister Anatoly Serdyukov "
    'in Moscow on Tuesday. "We had a good talk," Gates said.'
)


def make_record(text: str = TEXT, url: str | None = "https://example.org/a", **kw) -> Record:
    rec = Record(
        id=article_id(url, text),
        text=text,
        title=kw.pop("title", "Gates meets Serdyukov"),
        published=kw.pop("published", "2011-03-22"),
        url=url,
        publisher=kw.pop("publisher", "Example News"),
        source_path=kw.pop("source_path", None),
        versions={"dyad": "test"},
    )
    g = text.find("Robert Gates")
    s = text.find("Anatoly Serdyukov")
    rec.actors = [
        Actor(
            id="A1",
            name="Robert Gates",
            country="USA",
            sector="GOV",
            title="Defense Secretary",
            aliases=["Gates"],
            mentions=[Mention(g, g + 12, "Robert Gates")],
        ),
        Actor(
            id="A2",
            name="Anatoly Serdyukov",
            country="RUS",
            sector="GOV",
            mentions=[Mention(s, s + 17, "Anatoly Serdyukov")],
        ),
    ]
    met = text.find("met")
    rec.events = [
        Event(
            type="CONSULT",
            span=(met, met + 3),
            sentence=text[: text.find("Tuesday.") + 8],
            source=ActorRef("Robert Gates", "USA", "GOV", "A1"),
            target=ActorRef("Anatoly Serdyukov", "RUS", "GOV", "A2"),
            cameo="040",
            quad_class=1,
            goldstein=1.0,
            date="2011-03-22",
            place={"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62},
        )
    ]
    q = text.find("We had")
    rec.quotes = [
        Quote(
            text="We had a good talk,",
            kind="direct",
            span=(q, q + 19),
            speaker=ActorRef("Robert Gates", "USA", "GOV", "A1"),
            cue="said",
            tone=4.4,
        )
    ]
    m = text.find("Moscow")
    rec.places = [Place("Moscow", (m, m + 6), "RUS", 55.75, 37.62, 524901, "city")]
    t = text.find("on Tuesday")
    rec.times = [TimeRef("on Tuesday", (t, t + 10), "2011-03-22", "day")]
    rec.tone = 2.5
    for k, v in kw.items():
        setattr(rec, k, v)
    return rec


@pytest.fixture()
def store(tmp_path):
    st = Store(str(tmp_path / "t.duckdb"))
    yield st
    st.close()


def test_same_article_twice_changes_nothing(store):
    rec = make_record()
    assert store.upsert(rec) == "stored"
    before = store.counts()
    assert store.upsert(make_record()) == "skipped"
    assert store.counts() == before
    assert before["articles"] == 1 and before["events"] == 1 and before["quotes"] == 1


def test_edited_article_replaces_older_version(store):
    store.upsert(make_record())
    edited = make_record(TEXT + " The talks lasted two hours.")
    assert edited.id != make_record().id
    assert store.upsert(edited) == "replaced"
    c = store.counts()
    assert c["articles"] == 1
    assert c["event_mentions"] == 1 and c["events"] == 1
    assert c["quotes"] == 1 and c["places"] == 1 and c["times"] == 1
    assert store.get_record(edited.id) is not None
    assert store.get_record(make_record().id) is None
    ev = store.events()[0]
    assert ev["num_mentions"] == 1 and ev["first_article_id"] == edited.id


def test_same_text_at_another_url_is_skipped(store):
    store.upsert(make_record())
    dup = make_record(url="https://mirror.example.com/copy")
    assert store.upsert(dup) == "skipped"
    assert store.counts()["articles"] == 1
    assert store.precheck(dup.id, dup.url, dup.text) == "skipped"


def test_record_round_trips_through_the_store(store):
    rec = make_record()
    store.upsert(rec)
    back = store.get_record(rec.id)
    assert back is not None
    assert back.to_dict() == rec.to_dict()
    assert store.get_record(rec.id[:8]).id == rec.id  # an id prefix works
    assert store.get_record("nope") is None


def test_failures_land_in_the_errors_table(store):
    store.record_failure(Failure("bad.bin", "binary file", None, "read"))
    rows = store.errors()
    assert len(rows) == 1 and rows[0]["path"] == "bad.bin" and rows[0]["stage"] == "read"


def test_known_actors_learn_aliases_and_provenance(store):
    rec = make_record()
    store.upsert(rec)
    other = make_record(TEXT.replace("Tuesday", "Wednesday"), url="https://example.org/b")
    other.actors[0].aliases = ["Bob Gates"]
    store.upsert(other)
    gates = [a for a in store.known_actors() if a["canonical"] == "Robert Gates"]
    assert len(gates) == 1
    g = gates[0]
    assert g["country"] == "USA" and g["sector"] == "GOV" and g["title"] == "Defense Secretary"
    assert set(g["aliases"]) == {"Gates", "Bob Gates"}
    assert g["provenance"] == rec.id


def test_crash_inside_a_batch_loses_only_that_batch(store):
    a = make_record()
    with store.batch():
        store.upsert(a)
    with pytest.raises(RuntimeError):
        with store.batch():
            store.upsert(make_record(TEXT + " More.", url="https://example.org/b"))
            raise RuntimeError("crash")
    assert store.counts()["articles"] == 1
    assert store.get_record(a.id) is not None


def test_queries_filter(store):
    store.upsert(make_record())
    assert len(store.events(actor="gates")) == 1
    assert len(store.events(actor="Bob")) == 0
    assert len(store.events(country="RUS")) == 1
    assert len(store.events(country="FRA")) == 0
    assert len(store.events(type="consult,meet")) == 1
    assert len(store.events(quad_class=[3, 4])) == 0
    assert len(store.events(since="2011-03-23")) == 0
    assert len(store.events(until="2011-03-22", place="moscow")) == 1
    assert len(store.events(words="Serdyukov in Moscow")) == 1
    assert len(store.events(words="Paris")) == 0
    assert store.quotes(speaker="Gates")[0]["text"] == "We had a good talk,"
    assert store.quotes(country="FRA") == []
    acts = {a["name"]: a for a in store.actors()}
    assert acts["Robert Gates"]["as_source"] == 1 and acts["Robert Gates"]["quotes"] == 1
    assert acts["Anatoly Serdyukov"]["as_target"] == 1
    tl = store.timeline("Russia")
    assert tl and tl[0]["events"] == 1 and tl[0]["cooperative"] == 1
    assert store.timeline("Gates", by="week")[0]["events"] == 1
    d = store.dyads()
    assert d[0]["source"] == "Robert Gates" and d[0]["cooperative"] == 1
    assert store.dyads(by="country")[0]["target"] == "RUS"
    with pytest.raises(QueryError):
        store.events(order="nonsense")


def test_like_filters_treat_wildcards_literally(store):
    store.upsert(make_record())
    assert store.events(actor="%") == []
    assert store.events(actor="_") == []


def test_schema_version_and_read_only(tmp_path):
    path = str(tmp_path / "v.duckdb")
    with Store(path) as st:
        st.upsert(make_record())
    con = duckdb.connect(path, read_only=True)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    with Store(path, read_only=True) as ro:
        assert ro.counts()["articles"] == 1
        with pytest.raises(StoreError):
            ro.upsert(make_record(url="https://x.org/"))
    with pytest.raises(StoreError):
        Store(str(tmp_path / "missing.duckdb"), read_only=True)


def test_read_only_sql_check():
    check_read_only_sql("SELECT count(*) FROM events")
    check_read_only_sql("with x as (select 1) select * from x;")
    for bad in (
        "DELETE FROM events",
        "DROP TABLE events",
        "SELECT 1; DROP TABLE events",
        "COPY events TO 'x.csv'",
        "ATTACH 'x.db'",
        "",
    ):
        with pytest.raises(QueryError):
            check_read_only_sql(bad)


def test_old_file_is_migrated(tmp_path):
    from dyad.store.schema import MIGRATIONS

    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    for stmt in MIGRATIONS[0]:
        con.execute(stmt)
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    con.execute("INSERT INTO actor_mentions VALUES ('a1', 7, 'A1', 'X', 0, 1, 'name', 'X')")
    con.execute("INSERT INTO actor_mentions VALUES ('a1', 7, 'A1', 'X', 5, 6, 'name', 'X')")
    con.close()
    with pytest.raises(StoreError):  # a read-only open cannot migrate: it says so
        Store(path, read_only=True)
    with Store(path) as st:
        assert (
            st.con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            == SCHEMA_VERSION
        )
        assert st.con.execute("SELECT * FROM actor_articles").fetchall() == [(7, "a1", 2)]


def test_batch_buffers_are_flushed_on_read_and_dropped_on_rollback(store):
    with store.batch():
        store.upsert(make_record())
        assert store.counts()["quotes"] == 1  # a read inside the batch sees buffered rows
        assert store.events()[0]["num_mentions"] == 1
    with pytest.raises(RuntimeError):
        with store.batch():
            store.upsert(make_record(TEXT + " Later.", url="https://example.org/b"))
            raise RuntimeError("crash")
    c = store.counts()
    assert c["articles"] == 1 and c["quotes"] == 1 and c["event_mentions"] == 1


def test_mixed_value_types_still_insert(store):
    rec = make_record()
    rec.places[0].geonames_id = "524901"  # a reader gave a string where others give ints
    rec.places.append(rec.places[0].__class__("Kremlin", (0, 5), "RUS", None, None, 7, None))
    assert store.upsert(rec) == "stored"
    assert store.counts()["places"] == 2


def test_edited_file_without_url_replaces_its_older_version(store):
    old = make_record(url=None, source_path="news/story.md", source_kind="markdown")
    store.upsert(old)
    new = make_record(TEXT + " Updated.", url=None, source_path="news/story.md",
                      source_kind="markdown")  # fmt: skip
    assert store.upsert(new) == "replaced"
    other = make_record(TEXT + " Other.", url=None, source_path="news/other.md",
                        source_kind="markdown")  # fmt: skip
    assert store.upsert(other) == "stored"
    assert store.counts()["articles"] == 2


def test_query_side_does_not_load_spacy():
    import subprocess
    import sys

    code = (
        "import sys, dyad.store, dyad.export, dyad.cli.query; "
        "sys.exit(1 if 'spacy' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
