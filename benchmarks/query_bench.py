"""Query benchmark: fill a database with synthetic events and time every CLI/API query.

    .venv/bin/python benchmarks/query_bench.py                 # one million events
    .venv/bin/python benchmarks/query_bench.py --events 100000 --keep /tmp/b.duckdb

The data is generated inside DuckDB (random actors, countries, types, dates, places and
sentences) in dyad's own schema, so the queries run exactly as `dyad events`, `dyad
actors`, ... and the HTTP API run them. Prints each query's median time over
``--repeat`` runs (target: under 200 ms) and the file's size on disk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dyad.store import Store  # noqa: E402
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


def bench(path: str, repeat: int) -> list[tuple[str, float, int]]:
    """Time each query; return (name, median seconds, rows)."""
    st = Store(path, read_only=True)
    con = st.con
    row = con.execute("SELECT id FROM events ORDER BY id LIMIT 1 OFFSET 4242").fetchall()
    some_id = int(row[0][0])
    pair = con.execute(
        "SELECT source_country, target_country FROM events ORDER BY id LIMIT 1 OFFSET 777"
    ).fetchall()[0]
    cases: list[tuple[str, Callable[[], list]]] = [
        ("events (newest 50)", lambda: q.events(con)),
        ("events --actor 'Actor 42'", lambda: q.events(con, actor="Actor 42")),
        ("events --country RUS", lambda: q.events(con, country="RUS")),
        (f"events --source-country {pair[0]} --target-country {pair[1]}",
         lambda: q.events(con, source_country=pair[0], target_country=pair[1])),
        ("events --sector MIL", lambda: q.events(con, sector="MIL")),
        ("events --type ASSAULT --since/--until 2020",
         lambda: q.events(con, type="ASSAULT", since="2020-01-01", until="2020-12-31")),
        ("events --quad 4 --country SYR --order mentions",
         lambda: q.events(con, quad_class=4, country="SYR", order="mentions")),
        ("events --target 'Actor 7'", lambda: q.events(con, target="Actor 7")),
        ("events --place 'City 17'", lambda: q.events(con, place="City 17")),
        ("events --words 'threatens Actor 99'",
         lambda: q.events(con, words="threatens Actor 99")),
        ("events --min-mentions 5 --order sources",
         lambda: q.events(con, min_mentions=5, order="sources")),
        ("event ID (its mentions)", lambda: q.event_mentions(con, some_id)),
        ("count of events --country CHN", lambda: [q.count_events(con, country="CHN")]),
        ("actors (top 50 with counts)", lambda: q.actors(con)),
        ("actors --name 'Actor 12'", lambda: q.actors(con, name="Actor 12")),
        ("quotes (newest 50)", lambda: q.quotes(con)),
        ("quotes --speaker 'Actor 42' --words talks",
         lambda: q.quotes(con, speaker="Actor 42", words="talks")),
        ("articles (newest 50)", lambda: q.articles(con)),
        ("timeline RUS --by day", lambda: q.timeline(con, "RUS", by="day")),
        ("timeline 'Actor 42' --by week", lambda: q.timeline(con, "Actor 42", by="week")),
        ("dyads (top 50)", lambda: q.dyads(con)),
        ("dyads --by country", lambda: q.dyads(con, by="country")),
        ("dyads --actor 'Actor 42'", lambda: q.dyads(con, actor="Actor 42")),
    ]  # fmt: skip
    out = []
    for name, fn in cases:
        fn()  # warm up (first touch of the file's pages)
        times = []
        rows = 0
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(fn())
            times.append(time.perf_counter() - t)
        out.append((name, statistics.median(times), rows))
    st.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", help="Write the database here and keep it (else a temp file).")
    ap.add_argument("--reuse", action="store_true", help="Use --keep's file if it exists.")
    args = ap.parse_args(argv)
    tmp = None
    if args.keep:
        path = args.keep
    else:
        tmp = tempfile.mkdtemp(prefix="dyad-bench-")
        path = os.path.join(tmp, "bench.duckdb")
    if not (args.reuse and os.path.exists(path)):
        if os.path.exists(path):
            os.remove(path)
        t = time.perf_counter()
        took = fill(path, args.events)
        print(f"filled {args.events:,} events in {time.perf_counter() - t:.1f} s "
              f"({', '.join(f'{k} {v:.1f} s' for k, v in took.items())})")  # fmt: skip
    with Store(path, read_only=True) as st:
        c = st.counts()
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in c.items() if v))
    size = os.path.getsize(path)
    print(f"size on disk: {size / 1e6:.1f} MB ({size / max(1, c['events']):.0f} bytes per event)")
    print(f"{'query':<50} {'median ms':>10} {'rows':>6}")
    worst = 0.0
    for name, sec, rows in bench(path, args.repeat):
        flag = "" if sec < 0.2 else "  (over 200 ms)"
        worst = max(worst, sec)
        print(f"{name:<50} {sec * 1000:>10.1f} {rows:>6}{flag}")
    print(f"slowest: {worst * 1000:.1f} ms (target < 200 ms)")
    if tmp:
        os.remove(path)
        os.rmdir(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
