"""What the places stage costs: the gazetteer's load per process, and each article.

Start-up is measured in fresh child processes (``--runs`` of them, best and median
printed): the CPU seconds, wall seconds and resident memory that building the gazetteer
(:func:`dyad.geo.gazetteer`) adds to a process that has imported dyad. The first run may
build the on-disk index; ``--cold`` removes it first (pass a scratch ``--cache-dir``).

Per article: GeoWebNews' articles (``--limit`` of them, in file order) are parsed first
(not counted), then the places stage runs on each, and its CPU time is summed; the
number of gazetteer look-ups is counted too (a count is not noisy, a time on a shared
machine is).

    .venv/bin/python benchmarks/places_cost.py [--runs 3] [--limit 60] [--cache-dir DIR] [--cold]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
import dyad.geo as geo
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
c0, w0 = time.process_time(), time.perf_counter()
g = geo.gazetteer(cache_dir=sys.argv[1] or None)
g.lookup("springfield")
c1, w1 = time.process_time(), time.perf_counter()
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"cpu": c1 - c0, "wall": w1 - w0, "rss_mib": (rss1 - rss0) / 1024}))
"""


def startup(runs: int, cache_dir: str, cold: bool) -> list[dict]:
    out = []
    for i in range(runs):
        if cold and i == 0 and cache_dir:
            shutil.rmtree(cache_dir, ignore_errors=True)
        r = subprocess.run(
            [sys.executable, "-c", _CHILD, cache_dir],
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return out


def per_article(limit: int, cache_dir: str) -> tuple[int, float, int, int]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from geoparse import DATA, read_gwn

    from dyad import geo, nlp
    from dyad.extract.places.stage import find_places
    from dyad.model import Record

    docs = read_gwn(DATA / "geowebnews" / "GWN.xml")[:limit]
    parse = nlp.load()
    parsed = [(d.text, parse(d.text)) for d in docs]
    gaz = geo.gazetteer(cache_dir=cache_dir or None)
    calls = 0
    real = gaz.lookup

    def counted(name: str):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(name)

    gaz.lookup = counted  # type: ignore[method-assign]
    cpu = 0.0
    places = 0
    for text, doc in parsed:
        rec = Record(id="x", text=text)
        c0 = time.process_time()
        got = find_places(doc, rec, gaz)
        cpu += time.process_time() - c0
        places += len(got)
    return len(parsed), cpu, calls, places


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--cache-dir", default="")
    ap.add_argument("--cold", action="store_true", help="remove --cache-dir before the first run")
    args = ap.parse_args(argv)
    res = startup(args.runs, args.cache_dir, args.cold)
    for what in ("cpu", "wall", "rss_mib"):
        xs = [r[what] for r in res]
        print(
            f"gazetteer load {what:8s} first {xs[0]:8.2f}  best {min(xs):8.2f}  "
            f"median {statistics.median(xs):8.2f}  ({len(xs)} processes)"
        )
    n, cpu, calls, places = per_article(args.limit, args.cache_dir)
    print(
        f"places stage: {n} GeoWebNews articles, {places} places, CPU {cpu:.2f} s "
        f"({1000 * cpu / max(n, 1):.1f} ms per article), {calls} gazetteer look-ups "
        f"({calls / max(n, 1):.0f} per article)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
