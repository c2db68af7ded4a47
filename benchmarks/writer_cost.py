"""What the writer of ``dyad ingest`` costs per article, without the parse and the stages.

Runs the pipeline once over the first N BBC files and keeps the records (cached as JSON
lines under ``--cache``, keyed by the texts), then ingests those records into a new
database ``--repeat`` times through :func:`dyad.ingest.ingest` itself (its batching,
commits and snapshots; only the pipeline is replaced by the cached records), and prints
CPU milliseconds per stored article of the whole write and of its parts, best of the
repeats. CPU is ``time.process_time`` (this process, all threads).

    .venv/bin/python benchmarks/writer_cost.py --files 400 --repeat 3
    .venv/bin/python benchmarks/writer_cost.py --files 400 --profile writer.prof
    .venv/bin/python benchmarks/writer_cost.py --files 100 --keep /tmp/w.duckdb

The same cache file serves two trees (``PYTHONPATH=A`` then ``PYTHONPATH=B``), so a
before/after comparison writes exactly the same records; compare the databases with
``benchmarks/db_same.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import pick_files  # noqa: E402

from dyad.model import Article, Record  # noqa: E402


def articles(files: list[Path]) -> list[Article]:
    from dyad.read import read_paths

    return [a for a in read_paths([str(p) for p in files]) if isinstance(a, Article)]


def records(arts: list[Article], cache: Path) -> dict[str, Record]:
    """The pipeline's records of ``arts`` by article id, made once and cached."""
    key = hashlib.sha1("\x00".join(a.text for a in arts).encode()).hexdigest()[:16]
    path = cache / f"dyad-records-{key}.jsonl"
    if not path.exists():
        from dyad.pipeline import Pipeline, Settings

        out = [r for r in Pipeline(Settings()).process(arts) if isinstance(r, Record)]
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(r.to_json() + "\n" for r in out), encoding="utf-8")
        os.replace(tmp, path)
    recs = [Record.from_json(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r.id: r for r in recs}


def timer(
    obj: Any, name: str, spent: dict[str, float], calls: dict[str, int]
) -> Callable[[], None]:
    """Wrap ``obj.name`` to add its CPU time to ``spent[name]``; returns the undo."""
    orig = getattr(obj, name)

    def wrapped(*a: Any, **k: Any) -> Any:
        t = time.process_time()
        try:
            return orig(*a, **k)
        finally:
            spent[name] += time.process_time() - t
            calls[name] += 1

    setattr(obj, name, wrapped)
    return lambda: setattr(obj, name, orig)


PARTS = ("upsert", "commit", "publish_snapshot", "_candidates", "_resolve_actors", "flush")


def write_once(arts: list[Article], recs: dict[str, Record], db: str) -> dict[str, Any]:
    import dyad.ingest as ingest
    from dyad.store import Store

    def cached(items: Iterable, settings: Any, workers: int) -> Iterator:
        for it in items:
            yield recs[it.id] if isinstance(it, Article) else it

    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    undo = [timer(Store, p, spent, calls) for p in PARTS]
    real = ingest._process
    ingest._process = cached
    t = time.process_time()
    try:
        rep = ingest.ingest(arts, db)
    finally:
        ingest._process = real
        for u in undo:
            u()
    return {"total": time.process_time() - t, "stored": rep.stored, "spent": spent, "calls": calls}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--category", default="politics")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", default="/tmp")
    ap.add_argument("--profile", metavar="OUT", help="cProfile one write, print the top 30")
    ap.add_argument("--keep", metavar="DB", help="leave the last database here")
    args = ap.parse_args(argv)

    import resource

    arts = articles(pick_files(args.category, args.files))
    recs = records(arts, Path(args.cache))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    best: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            db = args.keep if (args.keep and i == args.repeat - 1) else f"{tmp}/w{i}.duckdb"
            for stale in (db, db + ".wal", db + ".snapshot"):
                if os.path.exists(stale):
                    os.remove(stale)
            if args.profile:
                prof = cProfile.Profile()
                prof.enable()
            got = write_once(arts, recs, db)
            if args.profile:
                prof.disable()
                prof.dump_stats(args.profile)
                pstats.Stats(args.profile).sort_stats("tottime").print_stats(30)
            print(f"run {i + 1}: {got['total']:.2f} s CPU for {got['stored']} articles")
            if best is None or got["total"] < best["total"]:
                best = got
    assert best is not None
    n = max(1, best["stored"])
    print(f"best: {1000 * best['total'] / n:.2f} ms CPU per stored article ({n} stored)")
    for p in PARTS:
        print(f"  {p:18} {1000 * best['spent'][p] / n:7.2f} ms/article  {best['calls'][p]} calls")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS {peak} MiB ({base} MiB with the records loaded, before writing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
