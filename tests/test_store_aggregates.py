"""The aggregate tables the writer keeps (dyad.store.aggregates) equal a GROUP BY over the
stored rows, computed here from scratch, after ingest, merging, replacement and deletion."""

from __future__ import annotations

import random
from decimal import Decimal

import duckdb
import pytest

from dyad.model import Actor, ActorRef, Event, Mention, Quote, Record, article_id
from dyad.store import Store
from dyad.store import aggregates as agg
from dyad.store.schema import MIGRATIONS

D = "DECIMAL(38, 6)"


def expected(con: duckdb.DuckDBPyConnection) -> dict[str, set[tuple]]:
    """Every aggregate table as a plain GROUP BY over events, actor_articles and quotes."""
    out = {
        "event_days": f"""
            SELECT date, type, quad_class, count(*), coalesce(sum(num_mentions), 0),
                   coalesce(sum(goldstein::{D}), 0), count(goldstein)
            FROM events GROUP BY date, type, quad_class""",
        "event_places": """
            SELECT place_name, place_country, lat, lon, type, quad_class, count(*),
                   coalesce(sum(num_mentions), 0)
            FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL
            GROUP BY place_name, place_country, lat, lon, type, quad_class""",
        "actor_stats": """
            WITH ids AS (SELECT actor_id AS aid FROM actor_articles
                         UNION SELECT speaker_actor_id FROM quotes
                         UNION SELECT source_actor_id FROM events
                         UNION SELECT target_actor_id FROM events)
            SELECT aid,
                   (SELECT coalesce(sum(mentions), 0) FROM actor_articles WHERE actor_id = aid),
                   (SELECT count(*) FROM actor_articles WHERE actor_id = aid),
                   (SELECT count(*) FROM quotes WHERE speaker_actor_id = aid),
                   (SELECT count(*) FROM events WHERE source_actor_id = aid),
                   (SELECT count(*) FROM events WHERE target_actor_id = aid)
            FROM ids WHERE aid IS NOT NULL""",
    }
    got = {k: set(con.execute(v).fetchall()) for k, v in out.items()}
    pairs: set[tuple] = set()
    for by, (s, sc, t, tc) in {
        "actor": ("source_name", "source_country", "target_name", "target_country"),
        "country": ("source_country", "NULL", "target_country", "NULL"),
        "sector": ("source_sector", "NULL", "target_sector", "NULL"),
    }.items():
        pairs |= set(
            con.execute(
                f"""SELECT '{by}', type, quad_class, {s}, {sc}, {t}, {tc}, count(*),
                       coalesce(sum(num_mentions), 0), coalesce(sum(goldstein::{D}), 0),
                       count(goldstein), coalesce(sum(avg_tone::{D}), 0), count(avg_tone)
                FROM events GROUP BY ALL"""
            ).fetchall()
        )
    got["event_pairs"] = pairs
    return got


def kept(con: duckdb.DuckDBPyConnection) -> dict[str, set[tuple]]:
    return {t: set(con.execute(f"SELECT * FROM {t}").fetchall()) for t in agg.TABLES}


def assert_exact(st: Store) -> None:
    st.flush()
    want, have = expected(st.con), kept(st.con)
    for table in agg.TABLES:
        assert have[table] == want[table], (
            table, sorted(have[table] - want[table], key=str)[:5],
            sorted(want[table] - have[table], key=str)[:5],
        )  # fmt: skip


PEOPLE = [("Ali Hassan", "SOM", "GOV"), ("Kenya Defence Forces", "KEN", "MIL"),
          ("Jane Smith", "GBR", "GOV"), ("Labour", "GBR", "OPP"), ("Hassan", "SOM", None),
          ("Red Cross", None, "NGO")]  # fmt: skip
KINDS = [("ASSAULT", "190", 4, -10.0), ("ACCUSE", "112", 3, -2.0), ("CONSULT", "040", 1, 1.0),
         ("AID", "070", 2, 7.0), ("REJECT", "120", 3, None)]  # fmt: skip
PLACES = [None, {"name": "Nairobi", "country": "KEN", "lat": -1.28, "lon": 36.82,
                 "feature": "city"},
          {"name": "Kenya", "country": "KEN", "lat": 0.0, "lon": 38.0, "feature": "country"}]  # fmt: skip
WORDS = ["troops", "camp", "border", "talks", "budget", "taxes", "aid", "the port"]


def record(rng: random.Random, url: str, version: int) -> Record:
    """A record of a few events drawn from a small pool, so reports of one event recur
    across articles and merge; with actors, quotes and tone."""
    day = f"2019-01-{rng.randint(14, 17):02d}"
    parts, events, quotes = [], [], []
    actors: dict[str, Actor] = {}

    def ref(p: tuple) -> ActorRef:
        name, country, sector = p
        if name not in actors:
            actors[name] = Actor(id=f"A{len(actors) + 1}", name=name, country=country,
                                 sector=sector, mentions=[Mention(0, 1)])  # fmt: skip
        else:
            actors[name].mentions.append(Mention(0, 1))
        return ActorRef(name, country, sector, actors[name].id)

    for _ in range(rng.randint(0, 4)):
        etype, cameo, quad, gold = rng.choice(KINDS)
        src = ref(rng.choice(PEOPLE)) if rng.random() < 0.9 else None
        tgt = ref(rng.choice(PEOPLE)) if rng.random() < 0.8 else None
        obj = rng.choice(WORDS)
        sentence = (
            f"{src.name if src else 'Someone'} {etype.lower()} {tgt.name if tgt else ''} {obj}."
        )
        trig = etype.lower()
        at = sentence.index(trig)
        events.append(Event(
            type=etype, span=(at, at + len(trig)), sentence=sentence, source=src, target=tgt,
            cameo=cameo, quad_class=quad, goldstein=gold,
            date=rng.choice([day, None]) if rng.random() < 0.3 else day, date_source="text",
            place=rng.choice(PLACES), trigger=trig, negated=rng.random() < 0.1,
        ))  # fmt: skip
        parts.append(sentence)
    for _ in range(rng.randint(0, 2)):
        quotes.append(Quote(text="We will not give up", kind="direct", span=(0, 5),
                            speaker=ref(rng.choice(PEOPLE)) if rng.random() < 0.8 else None))  # fmt: skip
    text = " ".join(parts) + f" (version {version}, {rng.random()})"
    rec = Record(id=article_id(url, text), text=text, url=url, publisher=url.split("/")[2],
                 published=day, title=text[:30])  # fmt: skip
    rec.actors, rec.events, rec.quotes = list(actors.values()), events, quotes
    rec.tone = round(rng.uniform(-8, 8), 3)
    return rec


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregates_equal_group_by_after_ingest_merge_replace_and_delete(tmp_path, seed):
    rng = random.Random(seed)
    urls = [f"https://site{i % 4}.example/{i}" for i in range(24)]
    stored: dict[str, str] = {}  # url -> the stored article's id
    did = {"stored": 0, "replaced": 0, "deleted": 0}
    with Store(str(tmp_path / "a.duckdb")) as st:
        for step in range(12):
            with st.batch():  # several writes in one transaction, as `dyad ingest` does
                for _ in range(rng.randint(1, 5)):
                    url = rng.choice(urls)
                    if url in stored and rng.random() < 0.2:
                        st.delete_article(stored.pop(url))
                        did["deleted"] += 1
                        continue
                    rec = record(rng, url, step)
                    status = st.upsert(rec)
                    assert status in ("stored", "replaced")
                    assert (status == "replaced") == (url in stored)
                    stored[url] = rec.id
                    did[status] += 1
            assert_exact(st)
        assert all(did.values()), did
        # merging happened: some events have mentions from several articles
        assert st.con.execute("SELECT max(num_articles) FROM events").fetchone()[0] > 1
        assert st.con.execute("SELECT count(*) FROM event_days").fetchone()[0] > 0
        # a batch that fails leaves the tables as they were
        before = kept(st.con)
        with pytest.raises(RuntimeError), st.batch():
            st.upsert(record(rng, "https://site9.example/x", 99))
            st.flush()
            raise RuntimeError("stop")
        assert kept(st.con) == before
        assert_exact(st)
        for aid in list(stored.values()):  # everything removed: every table empty
            st.delete_article(aid)
        assert all(not rows for rows in kept(st.con).values())


def test_an_old_file_gets_its_aggregates_when_migrated(tmp_path):
    """A version-6 file with stored events gets exact aggregate tables from the migration."""
    path = str(tmp_path / "old.duckdb")
    rng = random.Random(7)
    with Store(path) as st:
        for i in range(6):
            st.upsert(record(rng, f"https://old.example/{i}", 0))
        want = expected(st.con)
        assert sum(len(v) for v in want.values()) > 0
        for table in agg.TABLES:
            st.con.execute(f"DROP TABLE {table}")
        _drop_titles(st.con)  # version 8's
        st.con.execute("DELETE FROM schema_version WHERE version > 6")
    assert len(MIGRATIONS) >= 7
    with Store(path) as st:
        assert kept(st.con) == want
        assert_exact(st)


def test_a_sum_of_tones_comes_back_exactly():
    """Adding and taking away the same doubles leaves exactly zero (DECIMAL sums)."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t (x {D})")
    vals = [0.1, 0.2, -3.3333333, 7.123456789]
    con.execute(f"INSERT INTO t SELECT sum(v::{D}) FROM (SELECT unnest(?::DOUBLE[]) AS v)", [vals])
    con.execute(
        f"UPDATE t SET x = x - (SELECT sum(v::{D}) FROM (SELECT unnest(?::DOUBLE[]) AS v))", [vals]
    )
    assert con.execute("SELECT x FROM t").fetchone()[0] == Decimal(0)


def same(a: object, b: object) -> bool:
    """Equal, but for means rounded to two decimals, which may differ by one in the last
    place (a sum kept as an exact decimal against a sum of doubles, at a .xx5 boundary)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 0.0100001
    return a == b and type(a) is type(b) or (a == b and {type(a), type(b)} <= {int, float})


FILTERS = [
    {}, {"type": "ASSAULT"}, {"quad_class": "3,4"}, {"since": "2019-01-15", "until": "2019-01-16"},
    {"type": "ACCUSE,REJECT", "quad_class": 3}, {"country": "KEN"}, {"actor": "Hassan"},
]  # fmt: skip


def test_queries_read_the_same_from_aggregates_as_from_events(tmp_path, monkeypatch):
    """Every query with an aggregate path answers exactly as its scan of the events."""
    from dyad.store import queries as q
    from dyad.web import queries as wq

    rng = random.Random(11)
    with Store(str(tmp_path / "q.duckdb")) as st:
        with st.batch():
            for i in range(40):
                st.upsert(record(rng, f"https://site{i % 3}.example/{i}", 0))
        con = st.con

        def answers() -> list:
            out: list = [q.actors(con, limit=None), q.actors(con, limit=5, order="mentions")]
            for name in ("Hassan", "Labour", "Red Cross"):
                found = wq.find_actor(con, name)
                out += [found, found and wq.actor_detail(con, found)]
            for f in FILTERS:
                out.append(wq.facets(con, size=100, **f))
                out += [q.timeline(con, by=by, **f) for by in ("day", "week", "month")]
                out += [wq.network(con, by=by, top=top, **f)
                        for by in ("actor", "country", "sector") for top in (3, 25)]  # fmt: skip
                out.append(q.places(con, **f))
            return out

        fast = answers()
        monkeypatch.setattr(q, "USE_AGGREGATES", False)
        slow = answers()
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert same(a, b)
    assert any(r["count"] for r in fast[8]["actor"])  # not vacuous
    assert fast[3]["roles"]["mentions"] > 0


def _drop_titles(con: duckdb.DuckDBPyConnection) -> None:
    """Make the actors table as it was before version 8 (an index blocks DROP COLUMN)."""
    con.execute("DROP INDEX actors_key")
    con.execute("ALTER TABLE actors DROP COLUMN titles")
    con.execute("CREATE INDEX actors_key ON actors (key)")


def _titled(url: str, text: str, title: str) -> Record:
    rec = Record(id=article_id(url, text), text=text, url=url, published="2019-01-15")
    rec.actors = [Actor(id="A1", name="Jane Smith", country="GBR", title=title,
                        mentions=[Mention(0, 10)])]  # fmt: skip
    return rec


def test_an_actor_keeps_every_title_it_is_given_and_old_files_get_them(tmp_path):
    from dyad.web import queries as wq

    path = str(tmp_path / "t.duckdb")
    with Store(path) as st:
        st.upsert(_titled("https://a.example/1", "Jane Smith spoke.", "Foreign Secretary"))
        st.upsert(_titled("https://a.example/2", "Jane Smith left.", "MP"))
        st.upsert(_titled("https://a.example/3", "Jane Smith came.", "MP"))
        found = wq.find_actor(st.con, "Jane Smith")
        assert wq.actor_detail(st.con, found)["actor"]["titles"] == ["Foreign Secretary", "MP"]
        # as a version-7 file: no titles column; the migration takes them from the records
        _drop_titles(st.con)
        st.con.execute("DELETE FROM schema_version WHERE version > 7")
    with Store(path) as st:
        got = st.con.execute("SELECT titles FROM actors WHERE canonical = 'Jane Smith'")
        assert got.fetchone()[0] == ["Foreign Secretary", "MP"]
