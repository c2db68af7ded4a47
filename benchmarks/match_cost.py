"""What event matching's candidate query costs on a large database.

Builds (once) a synthetic database of 1M events (16 PLOVER types over ten years) and
times, in alternating order, the candidate query matching runs for each new article,
with and without reading the evidence sentences in it, and the by-id read of a few
sentences that matching does instead (docs/database.md, "Cost at scale").

    .venv/bin/python benchmarks/match_cost.py --db /tmp/match1m.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from dyad.store import Store

TYPES = ["ASSAULT", "ACCUSE", "AGREE", "CONSULT", "REQUEST", "REJECT", "COERCE", "SUPPORT",
         "THREATEN", "PROTEST", "AID", "COOPERATE", "CONCEDE", "MOBILIZE", "SANCTION",
         "RETREAT"]  # fmt: skip
QUERY = (
    "SELECT id, type, source_name, source_country, target_name, target_country, date, "
    "place_name, place_country, place_feature, lat, lon, source_sector, target_sector, "
    "cameo, text_dated, object_words{} FROM events "
    "WHERE type IN (SELECT unnest(?::VARCHAR[])) "
    "AND (date IS NULL OR ?::DATE IS NULL OR date BETWEEN ?::DATE AND ?::DATE)"
)


def build(st: Store, n: int) -> None:
    if st.con.execute("SELECT count(*) FROM events").fetchone()[0] >= n:
        return
    st.con.execute(
        f"""INSERT INTO events (id, type, source_name, source_country, target_name,
        target_country, date, sentence, added_at, text_dated, object_words, num_mentions)
        SELECT i, (ARRAY{TYPES})[1 + i % 16], 'Actor ' || (i % 5000), 'USA',
          'Target ' || (i % 7000), 'GBR', DATE '2015-01-01' + CAST(i % 3650 AS INTEGER),
          'Actor ' || (i % 5000) || ' said something about the matter of the day number '
            || i || ' in a sentence of about average length for news.',
          now(), true, 'matter day number', 1
        FROM range(1, {n + 1}) t(i)"""
    )
    st.con.execute("CHECKPOINT")


def median_ms(st: Store, sql: str, runs: int) -> float:
    times = []
    for k in range(runs):
        d = dt.date(2016, 1, 1) + dt.timedelta(days=k * 37)
        lo, hi = d - dt.timedelta(days=1), d + dt.timedelta(days=1)
        t0 = time.perf_counter()
        st.con.execute(sql, [["ASSAULT", "ACCUSE", "AGREE"], lo, lo, hi]).fetchall()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/match1m.duckdb")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    with Store(args.db) as st:
        build(st, args.events)
        plain, with_sentence = QUERY.format(""), QUERY.format(", sentence")
        for order in ((plain, with_sentence), (with_sentence, plain)):
            for sql in order:
                name = "with sentences" if sql is with_sentence else "as matching runs it"
                print(f"candidate query, {name}: median {median_ms(st, sql, args.runs):.1f} ms")
        rng = random.Random(19)
        times = []
        for _ in range(args.runs):
            ids = [rng.randrange(1, args.events) for _ in range(5)]
            t0 = time.perf_counter()
            st.con.execute(
                "SELECT id, sentence FROM events WHERE id = ANY(?::BIGINT[])", [ids]
            ).fetchall()
            times.append(time.perf_counter() - t0)
        print(f"5 sentences by id: median {statistics.median(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
