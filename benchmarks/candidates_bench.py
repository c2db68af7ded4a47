"""How many merge candidates the writer reads per record, and the CPU seconds it takes,
with the date pre-filter of ``Store._candidates`` and with the query before it (every
undated event of the record's types; every event of them for an undated record).

    PYTHONPATH=src python benchmarks/candidates_bench.py DB [--records DB2] [--n 40]

Reads ``DB`` read-only: a fixed random sample of the articles with events stored in
``DB2`` (default ``DB``, where each also finds itself among the candidates) stands in
for the records of an ingest.
"""

from __future__ import annotations

import argparse
import time

from dyad.store import Store
from dyad.store.db import Candidate
from dyad.store.matching import to_date


def old_candidates(st: Store, live: list, rec) -> list[Candidate]:
    return st._candidates(live, rec, prefilter=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--records", help="the database to sample records from (default: DB)")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=float, default=0.5)
    a = ap.parse_args()
    with Store(a.records or a.db, read_only=True) as src:
        src.con.execute(f"SELECT setseed({a.seed})")
        ids = [
            r[0]
            for r in src.con.execute(
                "SELECT id FROM (SELECT id FROM articles WHERE n_events > 0 ORDER BY id) "
                "ORDER BY random() LIMIT ?",
                [a.n],
            ).fetchall()
        ]
        recs = [src.get_record(i) for i in ids]
    with Store(a.db, read_only=True) as st:
        st.con.execute("SET threads TO 1")  # as the writer runs
        for name, fn in (("before", old_candidates), ("after", Store._candidates)):
            n = undated_recs = 0
            t = time.process_time()
            for rec in recs:
                live = [e for e in rec.events if not (e.negated or e.hypothetical)]
                if not live:
                    continue
                undated_recs += to_date(rec.published) is None
                n += len(fn(st, live, rec))
            cpu = time.process_time() - t
            print(
                f"{name}: {len(recs)} records ({undated_recs} without a publication day), "
                f"{n:,} candidates, {cpu:.2f} s CPU"
            )


if __name__ == "__main__":
    main()
