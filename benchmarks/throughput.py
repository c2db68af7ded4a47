"""Throughput of dyad against a plain spaCy pass over the same texts, in one run.

Prints articles/s and tokens/s of (a) ``nlp.pipe`` with the same model, the floor
nobody can beat, and (b) dyad with every stage on; the ratio b/a; the time each stage
adds; the peak memory per worker; and the speed-up of 2 workers over 1.

    .venv/bin/python benchmarks/throughput.py --corpus bbc --limit 400

Reads ../shared/corpora (BBC full text by default); exits with a message when absent.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

from dyad import nlp
from dyad.model import Article, article_id
from dyad.parallel import ParallelRun
from dyad.pipeline import Pipeline, Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def bbc_articles(limit: int) -> list[Article]:
    root = SHARED / "corpora" / "bbc-fulltext"
    files = sorted(root.glob("*/*.txt"))
    # Interleave the categories so a small limit still mixes politics, business, ...
    by_cat: dict[str, list[Path]] = {}
    for f in files:
        by_cat.setdefault(f.parent.name, []).append(f)
    mixed = [f for group in zip(*by_cat.values(), strict=False) for f in group]
    out = []
    for f in mixed[:limit]:
        raw = f.read_bytes().decode("utf-8", errors="replace")
        title, _, body = raw.partition("\n")
        body = body.strip()
        out.append(
            Article(
                id=article_id(None, body),
                text=body,
                title=title.strip(),
                source_path=str(f),
                published="2005-01-01",
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="bbc", choices=["bbc"])
    ap.add_argument("--limit", type=int, default=400, help="articles to use")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--no-workers", action="store_true", help="skip the 1 vs 2 workers run")
    args = ap.parse_args(argv)
    if not (SHARED / "corpora").is_dir():
        print(f"skipped: {SHARED / 'corpora'} is absent", file=sys.stderr)
        return 0
    arts = bbc_articles(args.limit)
    texts = [a.text for a in arts]
    chars = sum(len(t) for t in texts)
    model = nlp.load()
    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, "
        f"python {platform.python_version()}, cores visible: "
        f"{len(__import__('os').sched_getaffinity(0))}"
    )
    print(f"corpus: {args.corpus}, {len(arts)} articles, {chars:,} characters")

    # Warm up both paths on a few texts so model loading and first-call costs don't count.
    list(model.pipe(texts[:8]))
    pipe = Pipeline(Settings(batch_size=args.batch_size))
    list(pipe.process(arts[:8]))
    pipe.timings = {k: 0.0 for k in pipe.timings}

    t = time.perf_counter()
    tokens = sum(len(d) for d in model.pipe(texts, batch_size=args.batch_size))
    plain = time.perf_counter() - t

    t = time.perf_counter()
    n = sum(1 for _ in pipe.process(arts))
    full = time.perf_counter() - t
    assert n == len(arts)

    print(
        f"(a) plain nlp.pipe : {len(arts) / plain:8.2f} articles/s {tokens / plain:10.0f} tokens/s"
    )
    print(
        f"(b) dyad, all stages: {len(arts) / full:8.2f} articles/s {tokens / full:10.0f} tokens/s"
    )
    print(f"ratio b/a: {plain / full:.3f}")
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in pipe.timings.items())
    print(f"time per stage (b): {stages}")
    print(
        f"peak memory, this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )

    if not args.no_workers:
        rates = {}
        for w in (1, 2):
            with ParallelRun(Settings(batch_size=args.batch_size), workers=w) as run:
                # start the pool and load the models before timing
                list(run.process(arts[: w * args.batch_size + 1]))
                t = time.perf_counter()
                m = sum(1 for _ in run.process(arts))
                dt = time.perf_counter() - t
            rates[w] = m / dt
            print(
                f"{w} worker(s): {rates[w]:8.2f} articles/s, peak memory per worker "
                f"{run.peak_rss_kib / 1024:.0f} MiB"
            )
        print(f"speed-up 2 workers / 1 worker: {rates[2] / rates[1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
