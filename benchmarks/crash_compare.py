"""kill -9 at random moments of an ingest, then a rerun: is the database the same as one
uninterrupted run? (docs/reliability.md, issue 20)

    .venv/bin/python benchmarks/crash_compare.py --articles 400 --kills 5 --seed 20

Takes the first N BBC articles of ``../shared/corpora/bbc-fulltext`` (categories
interleaved, a fixed order), ingests them once without interruption into ``clean.duckdb``,
then into ``killed.duckdb`` with ``--kills`` SIGKILLs of the whole ``dyad ingest``
process group at random moments (seeded) and a final rerun to completion. Then every
table of the two files is compared row by row (TIMESTAMP columns left out: they record
when, not what), and what differs is printed, table by table, with examples. Commands
run as subprocesses (``python -m dyad ingest``), as a user would run them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpora" / "bbc-fulltext"


def pick(n: int) -> list[Path]:
    cats = sorted(p for p in BBC.iterdir() if p.is_dir())
    files = {c: sorted(c.glob("*.txt")) for c in cats}
    out: list[Path] = []
    i = 0
    while len(out) < n:
        for c in cats:
            if i < len(files[c]) and len(out) < n:
                out.append(files[c][i])
        i += 1
    return out


def cmd(folder: Path, db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "dyad", "ingest", str(folder), "--db", str(db), "--quiet",
            "--workers", str(workers)]  # fmt: skip


def stored(db: Path) -> int | None:
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def table_rows(db: Path) -> dict[str, tuple[list[str], Counter]]:
    """Every table's rows (as a multiset), TIMESTAMP columns left out."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out = {}
    try:
        tables = [
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        ]
        for t in tables:
            cols = [
                (r[0], r[1])
                for r in con.execute(f'DESCRIBE "{t}"').fetchall()
                if not str(r[1]).startswith("TIMESTAMP")
            ]
            names = [c for c, _ in cols]
            sel = ", ".join(f'"{c}"::VARCHAR' for c in names)
            rows = con.execute(f'SELECT {sel} FROM "{t}"').fetchall()
            out[t] = (names, Counter(rows))
    finally:
        con.close()
    return out


def compare(a: Path, b: Path) -> dict[str, dict]:
    ra, rb = table_rows(a), table_rows(b)
    report: dict[str, dict] = {}
    for t in sorted(set(ra) | set(rb)):
        if t not in ra or t not in rb:
            report[t] = {"missing_in": "clean" if t not in ra else "killed"}
            continue
        names, ca = ra[t]
        _, cb = rb[t]
        only_a = ca - cb
        only_b = cb - ca
        report[t] = {
            "rows_clean": sum(ca.values()),
            "rows_killed": sum(cb.values()),
            "only_clean": sum(only_a.values()),
            "only_killed": sum(only_b.values()),
            "columns": names,
            "examples_clean": [dict(zip(names, r, strict=True)) for r in list(only_a)[:3]],
            "examples_killed": [dict(zip(names, r, strict=True)) for r in list(only_b)[:3]],
        }
    return report


def articles_differing(a: Path, b: Path) -> dict[str, int]:
    """Per part of the record: in how many articles the stored record differs."""
    import duckdb

    out: Counter[str] = Counter()
    ca = duckdb.connect(str(a), read_only=True)
    cb = duckdb.connect(str(b), read_only=True)
    try:
        ra = dict(ca.execute("SELECT id, record FROM articles").fetchall())
        rb = dict(cb.execute("SELECT id, record FROM articles").fetchall())
    finally:
        ca.close()
        cb.close()
    for k in set(ra) & set(rb):
        x, y = json.loads(ra[k]), json.loads(rb[k])
        if x == y:
            continue
        out["any"] += 1
        for part in sorted(set(x) | set(y)):
            if x.get(part) != y.get(part):
                out[part] += 1
    out["ids_only_clean"] = len(set(ra) - set(rb))
    out["ids_only_killed"] = len(set(rb) - set(ra))
    return dict(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", help="Keep the work folder here.")
    ap.add_argument("--json", help="Write the comparison here.")
    args = ap.parse_args()
    if not BBC.is_dir():
        sys.exit(f"no corpus at {BBC}")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dyad-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "news"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for i, f in enumerate(pick(args.articles)):
        shutil.copy(f, folder / f"{i:04d}_{f.parent.name}_{f.name}")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("DYAD_DB", None)
    clean, killed = work / "clean.duckdb", work / "killed.duckdb"
    for p in (clean, killed):
        for q in (p, Path(str(p) + ".wal"), Path(str(p) + ".snapshot")):
            q.unlink(missing_ok=True)

    t = time.monotonic()
    r = subprocess.run(cmd(folder, clean, args.workers), env=env, capture_output=True, text=True)
    full = time.monotonic() - t
    print(f"clean run: exit {r.returncode}, {stored(clean)} articles in {full:.0f} s", flush=True)

    rnd = random.Random(args.seed)
    for k in range(args.kills):
        p = subprocess.Popen(
            cmd(folder, killed, args.workers), env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        left = max(1, args.articles - (stored(killed) or 0)) / args.articles
        at = rnd.uniform(0.05, 0.9) * max(5.0, full * left)
        time.sleep(at)
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        print(
            f"kill {k + 1}: SIGKILL after {at:.1f} s; {stored(killed)} articles stored", flush=True
        )
    t = time.monotonic()
    r = subprocess.run(cmd(folder, killed, args.workers), env=env, capture_output=True, text=True)
    print(
        f"rerun: exit {r.returncode}, {stored(killed)} articles in {time.monotonic() - t:.0f} s",
        flush=True,
    )
    rep = compare(clean, killed)
    per_article = articles_differing(clean, killed)
    print("\ntable                rows clean  rows killed  only clean  only killed")
    for tname, d in rep.items():
        if "missing_in" in d:
            print(f"{tname:20} missing in {d['missing_in']}")
            continue
        print(
            f"{tname:20} {d['rows_clean']:10} {d['rows_killed']:12} {d['only_clean']:11} "
            f"{d['only_killed']:12}"
        )
    print("\narticles whose stored record differs, by part:", json.dumps(per_article))
    for tname, d in rep.items():
        if d.get("only_clean") or d.get("only_killed"):
            print(
                f"\n{tname}: e.g. clean {d['examples_clean'][:2]}\n  killed {d['examples_killed'][:2]}"
            )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"tables": rep, "records": per_article}, indent=1, default=str), "utf-8"
        )


if __name__ == "__main__":
    main()
