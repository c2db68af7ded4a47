"""What each stage costs per article, measured on documents parsed once up front.

The parse dominates any end-to-end timing (and its noise on a shared machine), so this
parses the articles once, keeps the docs (cached in a DocBin file), then runs only the
stages over them, several times, and prints milliseconds per article per stage, best
of the repeats.

    .venv/bin/python benchmarks/stage_costs.py --bbc 100 --repeat 3 --parse
    .venv/bin/python benchmarks/stage_costs.py --bbc 100 --profile actors   # cProfile
    .venv/bin/python benchmarks/stage_costs.py --bbc 150 --wikinews --dump-actors a.json

``--dump-actors`` writes every article's actors (stage ``actors`` only, in input order)
as JSON, to compare outputs before and after an optimisation.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pstats
import sys
import time
from pathlib import Path

from spacy.tokens import DocBin

from dyad import nlp
from dyad.model import Article
from dyad.pipeline import ALL_STAGES, Pipeline, Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import SHARED, pick_files  # noqa: E402


def bbc_articles(n: int, category: str = "all") -> list[Article]:
    """The first ``n`` BBC files (all categories interleaved), read as a user's files are."""
    from dyad.read import read_paths

    return [
        a for a in read_paths([str(p) for p in pick_files(category, n)]) if isinstance(a, Article)
    ]


def wikinews_articles() -> list[Article]:
    from dyad.read import read_paths

    paths = sorted(str(p) for p in (SHARED / "corpora" / "wikinews").glob("*.csv"))
    return [a for a in read_paths(paths) if isinstance(a, Article)]


def parsed(arts: list[Article], cache_dir: Path) -> list:
    """The docs of ``arts``, parsed once and cached on disk by their texts' hash."""
    model = nlp.load()
    texts = [a.text[: Settings().parse_chars] for a in arts]
    key = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
    path = cache_dir / f"dyad-docs-{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(model.vocab))
    t = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=32))
    dt = time.perf_counter() - t
    print(f"parse: {dt:.1f} s, {1000 * dt / len(docs):.0f} ms/article", file=sys.stderr)
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    return docs


def run_stages(
    arts: list[Article], docs: list, stages: tuple[str, ...], warm: int = 0
) -> tuple[Pipeline, list]:
    """Run ``stages`` over the docs; ``warm`` articles first, untimed (resources built)."""
    pipe = Pipeline(Settings(stages=stages, time_per_article=0))
    for a, d in zip(arts[:warm], docs[:warm], strict=True):
        pipe.process_doc(a, d)
    pipe.timings = {k: 0.0 for k in pipe.timings}
    recs = [pipe.process_doc(a, d) for a, d in zip(arts, docs, strict=True)]
    return pipe, recs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bbc", type=int, default=100, help="BBC articles to use")
    ap.add_argument("--wikinews", action="store_true", help="add the Wikinews articles")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stages", default=",".join(ALL_STAGES))
    ap.add_argument("--profile", metavar="STAGES", help="cProfile these stages, print top 40")
    ap.add_argument("--dump-actors", metavar="JSON")
    ap.add_argument("--cache", default="/tmp", help="folder for the parsed docs")
    ap.add_argument("--parse", action="store_true", help="also time a plain nlp.pipe, for scale")
    args = ap.parse_args(argv)
    arts = bbc_articles(args.bbc) + (wikinews_articles() if args.wikinews else [])
    docs = parsed(arts, Path(args.cache))
    print(f"{len(arts)} articles, {sum(len(d) for d in docs):,} tokens", file=sys.stderr)

    if args.dump_actors:
        _, recs = run_stages(arts, docs, ("actors",))
        out = [{"id": r.id, "actors": [a.to_dict() for a in r.actors]} for r in recs]
        Path(args.dump_actors).write_text(json.dumps(out, indent=0, sort_keys=True))
        print(f"wrote {args.dump_actors}", file=sys.stderr)
        return 0

    stages = tuple(args.stages.split(","))
    if args.parse:
        model = nlp.load()
        texts = [a.text[: Settings().parse_chars] for a in arts]
        list(model.pipe(texts[:8]))
        t = time.perf_counter()
        list(model.pipe(texts, batch_size=32))
        print(f"{'parse':8s} {1000 * (time.perf_counter() - t) / len(arts):7.2f} ms/article")
    if args.profile:
        run_stages(arts[:4], docs[:4], stages)  # warm up: resources built once
        prof = cProfile.Profile()
        prof.enable()
        run_stages(arts, docs, stages)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        pstats.Stats(prof).sort_stats("tottime").print_stats(40)
        return 0

    best: dict[str, float] = {}
    for _ in range(args.repeat):
        pipe, _ = run_stages(arts, docs, stages, warm=2)
        for name, secs in pipe.timings.items():
            if name != "parse":
                best[name] = min(best.get(name, secs), secs)
    total = 0.0
    for name in stages:
        ms = 1000 * best[name] / len(arts)
        total += ms
        print(f"{name:8s} {ms:7.2f} ms/article")
    print(f"{'all':8s} {total:7.2f} ms/article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
