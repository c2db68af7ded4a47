"""Query benchmark: a database built by ingesting real news, then every CLI/API query timed.

    .venv/bin/python benchmarks/query_bench.py --base-articles 2000 --events 1000000
    .venv/bin/python benchmarks/query_bench.py --keep /tmp/q.duckdb --base /tmp/base.duckdb
    .venv/bin/python benchmarks/query_bench.py --synthetic --events 1000000   # the old data

Real data (the default): the first ``--base-articles`` Reuters-21578 stories with a body
(../shared/corpora/reuters21578, file order, read by ``dyad.read.reuters``; briefs left
out) are ingested by dyad (all stages), into
``--base`` (kept and reused when it exists). That database is then replicated inside
DuckDB until it holds about ``--events`` events: copy k gets new article and event ids,
a ``#rK`` suffix on URLs and every date shifted by k x ``--shift-days``, so the text,
actors, sentences and their skew are the real ones, and dates spread over years. Query
parameters are taken from the data (the most frequent actor, country pair, place, ...).

``--synthetic`` fills the database with generated rows instead (one short sentence per
event, evenly spread values): the benchmark as it was before 2026-12-03, kept to compare.

Each query is timed on its first run after the file is opened (pages not yet in
DuckDB's cache; the operating system's cache may hold them) and as the median of
``--repeat`` further runs (warm). Target: under 200 ms. Also prints the file's size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dyad.store import Store, aggregates  # noqa: E402
from dyad.store import queries as q  # noqa: E402

COUNTRIES = [
    "USA", "RUS", "CHN", "GBR", "FRA", "DEU", "IRN", "ISR", "UKR", "SYR", "TUR", "IND", "PAK",
    "AFG", "IRQ", "SAU", "EGY", "LBY", "NGA", "KEN", "ETH", "SDN", "SOM", "MLI", "BRA", "ARG",
    "MEX", "COL", "VEN", "JPN", "KOR", "PRK", "IDN", "PHL", "AUS", "CAN", "ITA", "ESP", "POL",
    "IGO",
]  # fmt: skip
TYPES = [
    ("AGREE", "030", 1, 4.0), ("CONSULT", "040", 1, 1.0), ("SUPPORT", "051", 1, 3.4),
    ("COOPERATE", "057", 2, 8.0), ("AID", "070", 2, 7.0), ("YIELD", "080", 2, 5.0),
    ("REQUEST", "020", 1, 3.0), ("ACCUSE", "112", 3, -2.0), ("REJECT", "120", 3, -4.0),
    ("THREATEN", "130", 3, -4.4), ("PROTEST", "140", 3, -6.5), ("SANCTION", "163", 4, -8.0),
    ("MOBILIZE", "150", 4, -7.2), ("COERCE", "170", 4, -7.0), ("ASSAULT", "190", 4, -10.0),
    ("RETREAT", "087", 2, 9.0), ("INVESTIGATE", "090", 1, -2.0), ("DEMAND", "100", 3, -5.0),
]  # fmt: skip
SECTORS = ["GOV", "MIL", "REB", "OPP", "COP", "JUD", "BUS", "MED", "NGO", "CVL", "REL", "IGO"]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def fill(path: str, n_events: int) -> dict[str, float]:
    """Create the synthetic database; return how long each part took."""
    took: dict[str, float] = {}
    n_actors = max(100, n_events // 200)
    n_articles = max(100, n_events // 4)
    n_quotes = max(100, n_events // 4)
    with Store(path) as st:
        con = st.con
        t = time.perf_counter()
        con.execute(
            f"""
            INSERT INTO actors
            SELECT i, lower('actor ' || i) || '|' || c, 'Actor ' || i, c,
                   {_sql_list(SECTORS)}[1 + (i * 7) % {len(SECTORS)}], NULL,
                   CASE WHEN i % 5 = 0 THEN 'org' ELSE 'person' END,
                   ['A. ' || i], 'article' || (i % 1000), 'text', now()
            FROM (SELECT i, {_sql_list(COUNTRIES)}[1 + (i * 13) % {len(COUNTRIES)}] AS c
                  FROM range(1, {n_actors + 1}) r(i))
            """
        )
        con.execute(
            f"""
            INSERT INTO articles
            SELECT 'a' || i, 'https://site' || (i % 300) || '.example/' || i, 'Story ' || i,
                   DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), 'Site ' || (i % 300), NULL,
                   'csv', md5(i::VARCHAR), 'Actor ' || (i % {n_actors}) || ' met someone.',
                   NULL, '{{}}', '{{}}', (random() * 20 - 10), 10, 4, 2, now()
            FROM range({n_articles}) r(i)
            """
        )
        took["actors+articles"] = time.perf_counter() - t
        t = time.perf_counter()
        types = TYPES
        con.execute(
            f"""
            INSERT INTO events
            SELECT e.i, ty.t, NULL, ty.cameo, ty.quad, ty.gold,
                   s.canonical, s.country, s.sector, s.id,
                   g.canonical, g.country, g.sector, g.id,
                   DATE '2015-01-01' + CAST(e.i * 7 % 3650 AS INTEGER),
                   'City ' || (e.i * 11 % 500), g.country, 'city',
                   (e.i % 180) - 90.0, (e.i % 360) - 180.0,
                   1 + e.i % 5, 1 + e.i % 4, 1 + e.i % 3,
                   DATE '2015-01-01' + CAST(e.i * 7 % 3650 AS INTEGER),
                   DATE '2015-01-01' + CAST(e.i * 7 % 3650 AS INTEGER) + 2,
                   random() * 10 - 5, 0.9, 'a' || (e.i % {n_articles}),
                   'https://site.example/' || e.i,
                   s.canonical || ' ' || lower(ty.t) || 's ' || g.canonical || ' in City '
                       || (e.i * 11 % 500) || '.', now(), NULL
            FROM (SELECT i, 1 + (i * 31) % {n_actors} AS sa, 1 + (i * 17 + 5) % {n_actors} AS ta,
                         (i * 7) % {len(types)} AS k
                  FROM range(1, {n_events + 1}) r(i)) e
            JOIN (SELECT unnest({_sql_list([x[0] for x in types])}) AS t,
                         unnest({_sql_list([x[1] for x in types])}) AS cameo,
                         unnest({[x[2] for x in types]}) AS quad,
                         unnest({[x[3] for x in types]}) AS gold,
                         unnest(range({len(types)})) AS k) ty ON ty.k = e.k
            JOIN actors s ON s.id = e.sa JOIN actors g ON g.id = e.ta
            """
        )
        took["events"] = time.perf_counter() - t
        t = time.perf_counter()
        # One mention per event, and a second one for every other event.
        con.execute(
            f"""
            INSERT INTO event_mentions
            SELECT 'a' || ((e.id + m.j * 7919) % {n_articles}), m.j, e.id, e.type, NULL, e.cameo,
                   e.quad_class, e.goldstein, e.source_name, e.source_country, e.source_sector,
                   e.target_name, e.target_country, e.target_sector, e.date, e.date::VARCHAR,
                   'text', e.place_name, e.place_country, 'city', e.lat, e.lon, 10, 20,
                   e.sentence, 0, 60, 1 + m.j, 'met', NULL, NULL, false, false, 0.9,
                   e.avg_tone, e.avg_tone, 'Site ' || (e.id % 300), e.source_url, e.date, 2000
            FROM events e, (SELECT unnest([0, 1]) AS j) m
            WHERE m.j = 0 OR e.id % 2 = 0
            """
        )
        con.execute(
            f"""
            INSERT INTO actor_mentions
            SELECT 'a' || (i % {n_articles}), 1 + (i * 31) % {n_actors}, 'A1', 'Actor', 0, 5,
                   'name', 'Actor'
            FROM range({n_events * 2}) r(i)
            """
        )
        con.execute(
            "INSERT INTO actor_articles SELECT actor_id, article_id, count(*) "
            "FROM actor_mentions GROUP BY ALL"
        )
        con.execute(
            "UPDATE events SET evidence = s.ev FROM (SELECT event_id, "
            "string_agg(DISTINCT sentence, ' | ') AS ev FROM event_mentions GROUP BY 1) s "
            "WHERE events.id = s.event_id"
        )
        con.execute(
            f"""
            INSERT INTO quotes
            SELECT 'a' || (i % {n_articles}), i % 7, CASE WHEN i % 3 = 0 THEN 'indirect'
                   ELSE 'direct' END,
                   'We will not accept talks with Actor ' || (i % {n_actors}) || ' this year',
                   0, 40, 'Actor ' || (1 + i % {n_actors}),
                   {_sql_list(COUNTRIES)}[1 + ((1 + i % {n_actors}) * 13) % {len(COUNTRIES)}],
                   'GOV', 1 + i % {n_actors}, 'said', NULL,
                   DATE '2015-01-01' + CAST(i % 3650 AS INTEGER),
                   DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), 0.9, random() * 10 - 5
            FROM range({n_quotes}) r(i)
            """
        )
        took["mentions+quotes"] = time.perf_counter() - t
        con.execute("CHECKPOINT")
    return took


SYNTHETIC_PARAMS = {
    "actor": "Actor 42", "actor2": "Actor 12", "target": "Actor 7", "country": "RUS",
    "country2": "CHN", "country3": "SYR", "place": "City 17", "words": "threatens Actor 99",
    "quote_words": "talks", "speaker": "Actor 42", "type": "ASSAULT", "year": "2020",
}  # fmt: skip


def params_from_data(con) -> dict[str, str]:
    """Query parameters taken from the data: frequent values, so the filters select a
    realistic share of rows (not one that matches nothing)."""

    def top(sql: str, k: int = 0, default: str = "") -> str:
        rows = con.execute(sql).fetchall()
        return str(rows[min(k, len(rows) - 1)][0]) if rows else default

    by = "GROUP BY 1 ORDER BY count(*) DESC, 1"
    actor = top(f"SELECT source_name FROM events WHERE source_name IS NOT NULL {by}")
    country = top(f"SELECT source_country FROM events WHERE source_country IS NOT NULL {by}")
    year = top(f"SELECT CAST(year(date) AS VARCHAR) FROM events WHERE date IS NOT NULL {by}")
    # two words of a real evidence sentence, so the phrase search finds something
    sent = top(
        "SELECT sentence FROM events WHERE sentence IS NOT NULL ORDER BY id LIMIT 1 OFFSET 77"
    )
    phrase = re.search(r"[A-Za-z]{5,} [A-Za-z]{3,}", sent)  # the search is for a phrase
    words = phrase.group(0) if phrase else "prices"
    quad4 = top(
        f"SELECT source_country FROM events WHERE quad_class = 4 AND source_country IS NOT NULL {by}"
    )
    return {
        "actor": actor,
        "actor2": top(f"SELECT canonical FROM actors JOIN actor_articles ON id = actor_id {by}", 1),
        "target": top(f"SELECT target_name FROM events WHERE target_name IS NOT NULL {by}"),
        "country": country,
        "country2": top(
            f"SELECT target_country FROM events WHERE target_country IS NOT NULL {by}", 1
        ),
        "country3": quad4 or country,
        "place": top(f"SELECT place_name FROM events WHERE place_name IS NOT NULL {by}"),
        "words": words,
        "quote_words": "said",
        "speaker": top(f"SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL {by}"),
        "type": top(f"SELECT type FROM events {by}"),
        "year": year or "1987",
    }


def bench(
    path: str, repeat: int, synthetic: bool = False
) -> tuple[list[tuple[str, float, float, int]], dict[str, str]]:
    """Time each query; return (name, first-run seconds, median seconds, rows) and the
    parameters used."""
    st = Store(path, read_only=True)
    con = st.con
    p = SYNTHETIC_PARAMS if synthetic else params_from_data(con)
    row = con.execute("SELECT id FROM events ORDER BY id LIMIT 1 OFFSET 4242").fetchall()
    some_id = int(row[0][0]) if row else 1
    pair = con.execute(
        "SELECT source_country, target_country FROM events WHERE source_country IS NOT NULL "
        "AND target_country IS NOT NULL ORDER BY id LIMIT 1 OFFSET 777"
    ).fetchall() or [("USA", "USA")]
    pair = pair[0]
    y = p["year"]
    cases: list[tuple[str, Callable[[], list]]] = [
        ("events (newest 50)", lambda: q.events(con)),
        (f"events --actor {p['actor']!r}", lambda: q.events(con, actor=p["actor"])),
        (f"events --country {p['country']}", lambda: q.events(con, country=p["country"])),
        (f"events --source-country {pair[0]} --target-country {pair[1]}",
         lambda: q.events(con, source_country=pair[0], target_country=pair[1])),
        ("events --sector GOV", lambda: q.events(con, sector="GOV")),
        (f"events --type {p['type']} --since/--until {y}",
         lambda: q.events(con, type=p["type"], since=f"{y}-01-01", until=f"{y}-12-31")),
        (f"events --quad 4 --country {p['country3']} --order mentions",
         lambda: q.events(con, quad_class=4, country=p["country3"], order="mentions")),
        (f"events --target {p['target']!r}", lambda: q.events(con, target=p["target"])),
        (f"events --place {p['place']!r}", lambda: q.events(con, place=p["place"])),
        (f"events --words {p['words']!r}", lambda: q.events(con, words=p["words"])),
        ("events --min-mentions 5 --order sources",
         lambda: q.events(con, min_mentions=5, order="sources")),
        ("event ID (its mentions)", lambda: q.event_mentions(con, some_id)),
        (f"count of events --country {p['country2']}",
         lambda: [q.count_events(con, country=p["country2"])]),
        ("actors (top 50 with counts)", lambda: q.actors(con)),
        (f"actors --name {p['actor2']!r}", lambda: q.actors(con, name=p["actor2"])),
        ("quotes (newest 50)", lambda: q.quotes(con)),
        (f"quotes --speaker {p['speaker']!r} --words {p['quote_words']}",
         lambda: q.quotes(con, speaker=p["speaker"], words=p["quote_words"])),
        ("articles (newest 50)", lambda: q.articles(con)),
        (f"timeline {p['country']} --by day", lambda: q.timeline(con, p["country"], by="day")),
        (f"timeline {p['actor']!r} --by week", lambda: q.timeline(con, p["actor"], by="week")),
        ("dyads (top 50)", lambda: q.dyads(con)),
        ("dyads --by country", lambda: q.dyads(con, by="country")),
        (f"dyads --actor {p['actor']!r}", lambda: q.dyads(con, actor=p["actor"])),
    ]  # fmt: skip
    out = []
    for name, fn in cases:
        t = time.perf_counter()
        rows = len(fn())  # the first run: the query's pages are not yet in DuckDB's cache
        first = time.perf_counter() - t
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(fn())
            times.append(time.perf_counter() - t)
        out.append((name, first, statistics.median(times), rows))
    st.close()
    return out, p


REUTERS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "reuters21578"


def reuters_articles(limit: int) -> list:
    """The first ``limit`` Reuters-21578 stories with a body, in file order, read by
    dyad's own reader (:mod:`dyad.read.reuters`); briefs (a headline alone) left out."""
    from dyad.model import Article
    from dyad.read import read_paths

    files = sorted(str(p) for p in REUTERS.glob("reut2-*.sgm"))
    out = []
    for a in read_paths(files):
        if isinstance(a, Article) and a.text.strip() and not (a.extra or {}).get("brief"):
            out.append(a)
            if len(out) >= limit:
                break
    return out


REPLICATED = ("articles", "events", "event_mentions", "actor_mentions", "actor_articles",
              "quotes", "places", "times")  # fmt: skip


def replicate(
    base: str,
    path: str,
    target_events: int,
    shift_days: int,
    chunk: int = 25,
    slim_records: bool = False,
) -> int:
    """Copy ``base`` to ``path`` and add copies of its rows until it holds about
    ``target_events`` events; return the number of copies (the base included).

    ``slim_records``: a copy's stored record keeps only its ``actors`` and no versions
    (keeps a million-event file small; the web benchmark uses it)."""
    shutil.copyfile(base, path)
    with Store(path) as st:
        con = st.con
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        if not n_events:
            raise SystemExit("the base database has no events: ingest more articles")
        factor = max(1, -(-target_events // n_events))
        off = con.execute("SELECT max(id) + 1 FROM events").fetchone()[0]
        for table in REPLICATED:
            cols = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            exprs = []
            for name, kind in cols:
                if name in ("article_id", "first_article_id") or (table, name) == (
                    "articles",
                    "id",
                ):
                    exprs.append(f"{name} || '~' || r.k")
                elif (table, name) in (("events", "id"), ("event_mentions", "event_id")):
                    exprs.append(f"{name} + r.k * {off}")
                elif slim_records and (table, name) == ("articles", "record"):
                    exprs.append("json_object('actors', json_extract(record, '$.actors'))")
                elif slim_records and (table, name) == ("articles", "versions"):
                    exprs.append("NULL")
                elif kind == "DATE":
                    exprs.append(f"{name} + CAST(r.k * {shift_days} AS INTEGER)")
                elif name in ("url", "source_url"):
                    exprs.append(f"{name} || '#r' || r.k")
                elif name == "content_hash":
                    exprs.append(f"md5({name} || r.k::VARCHAR)")
                else:
                    exprs.append(name)
            snap = f"_base_{table}"
            con.execute(f"CREATE TEMP TABLE {snap} AS SELECT * FROM {table}")
            for lo in range(1, factor, chunk):
                hi = min(factor, lo + chunk)
                con.execute(
                    f"INSERT INTO {table} SELECT {', '.join(exprs)} FROM {snap}, "
                    f"range({lo}, {hi}) r(k)"
                )
            con.execute(f"DROP TABLE {snap}")
        aggregates.rebuild(con)  # the copies were written around the Store: count them
        con.execute("CHECKPOINT")
    return factor


def build_base(path: str, n_articles: int, workers: int) -> None:
    """Ingest the first ``n_articles`` Reuters stories with dyad (all stages)."""
    from dyad.ingest import ingest
    from dyad.pipeline import Settings

    arts = reuters_articles(n_articles)
    t = time.perf_counter()
    rep = ingest(arts, path, Settings(), workers=workers)
    print(
        f"ingested {len(arts)} Reuters-21578 stories into {path} in "
        f"{time.perf_counter() - t:.0f} s ({rep})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="about this many events")
    ap.add_argument("--base-articles", type=int, default=2000, help="Reuters stories ingested")
    ap.add_argument("--base", help="the ingested base database (kept; reused if it exists)")
    ap.add_argument("--shift-days", type=int, default=30, help="date shift between copies")
    ap.add_argument("--workers", type=int, default=1, help="ingest worker processes")
    ap.add_argument("--synthetic", action="store_true", help="generated rows (the old data)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", help="Write the database here and keep it (else a temp file).")
    ap.add_argument("--reuse", action="store_true", help="Use --keep's file if it exists.")
    args = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="dyad-bench-")
    path = args.keep or os.path.join(tmp, "bench.duckdb")
    if not (args.reuse and os.path.exists(path)):
        if os.path.exists(path):
            os.remove(path)
        t = time.perf_counter()
        if args.synthetic:
            took = fill(path, args.events)
            print(f"filled {args.events:,} synthetic events in {time.perf_counter() - t:.1f} s "
                  f"({', '.join(f'{k} {v:.1f} s' for k, v in took.items())})")  # fmt: skip
        else:
            if not REUTERS.is_dir():
                print(f"skipped: {REUTERS} is absent", file=sys.stderr)
                return 0
            base = args.base or os.path.join(tmp, "base.duckdb")
            if not os.path.exists(base):
                build_base(base, args.base_articles, args.workers)
            t = time.perf_counter()
            factor = replicate(base, path, args.events, args.shift_days)
            print(
                f"replicated the base {factor} times (dates shifted {args.shift_days} days per "
                f"copy) in {time.perf_counter() - t:.1f} s"
            )
    with Store(path, read_only=True) as st:
        c = st.counts()
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in c.items() if v))
    size = os.path.getsize(path)
    print(f"size on disk: {size / 1e6:.1f} MB ({size / max(1, c['events']):.0f} bytes per event)")
    results, params = bench(path, args.repeat, args.synthetic)
    print(f"parameters: {params}")
    print(f"{'query':<60} {'first ms':>9} {'median ms':>10} {'rows':>6}")
    worst = 0.0
    for name, first, sec, rows in results:
        flag = "" if max(sec, first) < 0.2 else "  (over 200 ms)"
        worst = max(worst, sec)
        print(f"{name:<60} {first * 1000:>9.1f} {sec * 1000:>10.1f} {rows:>6}{flag}")
    print(f"slowest median: {worst * 1000:.1f} ms; slowest first run: "
          f"{max(r[1] for r in results) * 1000:.1f} ms (target < 200 ms)")  # fmt: skip
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
