"""Do two dyad databases hold the same rows? Every table, row by row, as multisets
(TIMESTAMP columns left out: they say when, not what; ``store_state`` too, a random
id per database). For checking that a change to
the writer leaves what it stores unchanged.

    .venv/bin/python benchmarks/db_same.py before.duckdb after.duckdb

Exit status 0 when every table has the same rows, 1 otherwise (the differing tables are
printed with examples).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_compare import compare  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__)
        return 2
    report = compare(Path(args[0]), Path(args[1]))
    bad = 0
    for table, r in report.items():
        if table == "store_state":  # a random id per database and a copy's seconds
            continue
        if "missing_in" in r:
            print(f"{table}: missing in {args[0] if r['missing_in'] == 'clean' else args[1]}")
            bad += 1
        elif r["only_clean"] or r["only_killed"]:
            print(
                f"{table}: {r['only_clean']} rows only in the first, "
                f"{r['only_killed']} only in the second (of {r['rows_clean']} / "
                f"{r['rows_killed']})"
            )
            for x in r["examples_clean"][:2]:
                print("   first: ", x)
            for x in r["examples_killed"][:2]:
                print("   second:", x)
            bad += 1
        else:
            print(f"{table}: {r['rows_clean']} rows, same")
    print("SAME" if not bad else f"DIFFERENT ({bad} tables)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
