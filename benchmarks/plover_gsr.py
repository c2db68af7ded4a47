"""Event coding on the PLOVER gold-standard sentences (CAMEO manual examples).

Runs the whole dyad pipeline on the sentences of
``../shared/research-data/plover-gsr/plover_gsr_cameo.normalized.jsonl`` (322 lines) and
compares the coded events with the gold record (rules: ``scoring.score_plover``):

- coverage: sentences where dyad codes at least one event (a fact, not negated or
  hypothetical);
- type accuracy where coded: the type of dyad's most confident event equals the gold
  type, over the sentences with a coded event; also over all sentences (top, any);
- source / target country accuracy, over ALL sentences whose gold side has a country:
  dyad's event of the gold type (or its top event) has a source (target) whose country
  is one of the gold side's; no event, no actor or no country counts as wrong. For
  reciprocal records either side counts. ``*_precision`` is the old conditional figure
  (only sentences where dyad gave a country), labelled as such.

Split (``--split``): the 1-based line numbers of the file. Even lines may be used for
development (looking at misses, writing rules); odd lines are for evaluation only and
are the default. ``all`` scores every line (the whole GSR was read during development
before this split was made, see docs/evaluation.md).

    .venv/bin/python benchmarks/plover_gsr.py [--split odd|even|all] [--limit N] [--show-errors] [--json]

The sentences are edited CAMEO manual examples, not raw news; see the folder's README.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from scoring import CodedEvent, plover_split, score_plover

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument(
        "--split",
        choices=("odd", "even", "all"),
        default="odd",
        help="odd (evaluation only), even (may be tuned on) or all 1-based lines; default odd",
    )
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument(
        "--show-target-misses",
        action="store_true",
        help="list sentences whose gold target has a country dyad's event does not give"
        " (read them on the even split only: the odd split is for evaluation)",
    )
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args()
    path = Path(args.shared) / "research-data/plover-gsr/plover_gsr_cameo.normalized.jsonl"
    if not path.exists():
        sys.exit(f"not found: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) if line.strip() else None for line in lines]
    records = [r for _, r in plover_split(rows, args.split) if r is not None]
    if args.limit:
        records = records[: args.limit]

    from dyad.model import Article, article_id
    from dyad.pipeline import Pipeline, Settings

    pipe = Pipeline(Settings(stages=("actors", "learn", "times", "places", "quotes", "events")))
    arts = [
        Article(id=article_id(None, r["text"]) + f"-{i}", text=r["text"], published="2000-01-01")
        for i, r in enumerate(records)
    ]
    t0 = time.perf_counter()
    outs = list(pipe.process(arts))
    secs = time.perf_counter() - t0

    coded = [
        [
            CodedEvent(
                e.type,
                e.confidence,
                e.source.country if e.source else None,
                e.target.country if e.target else None,
            )
            for e in getattr(out, "events", [])
            if not e.negated and not e.hypothetical
        ]
        for out in outs
    ]
    res = {"split": args.split, **score_plover(records, coded), "seconds": round(secs, 1)}
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for r, evs in zip(records, coded, strict=True):
        top = max(evs, key=lambda e: e.confidence).type if evs else "-"
        confusion[(r["event"], top)] += 1
        if top != r["event"]:
            errors.append(f"{r['event']:9} {top:9} | {r['text'][:110]}")
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        for k, v in res.items():
            print(f"{k:32} {v}")
        print("most common confusions (gold -> dyad):")
        for (g, p), c in confusion.most_common(15):
            if g != p:
                print(f"  {g:9} -> {p:9} {c}")
    if args.show_errors:
        print("\n".join(errors))
    if args.show_target_misses:
        from scoring import plover_countries

        for r, evs in zip(records, coded, strict=True):
            gold = plover_countries(r.get("recipients") or [])
            if not gold or not evs:
                continue
            same = [e for e in evs if e.type == r["event"]]
            ev = same[0] if same else max(evs, key=lambda e: e.confidence)
            if ev.target_country is None:
                print(f"NONE  {ev.type:9} gold {sorted(gold)} | {r['text'][:160]}")


if __name__ == "__main__":
    main()
