"""Event coding on the PLOVER gold-standard sentences (CAMEO manual examples).

Runs the whole dyad pipeline on each of the 322 sentences of
``../shared/research-data/plover-gsr/plover_gsr_cameo.normalized.jsonl`` and compares
the coded events with the gold record:

- coverage: sentences where dyad codes at least one event (a fact, not negated or
  hypothetical);
- type accuracy (top): the type of dyad's most confident event equals the gold type,
  over all sentences (a sentence with no event counts as wrong);
- type accuracy (any): one of dyad's events has the gold type;
- source / target country accuracy: over sentences where dyad's event of the gold type
  (or its top event) has a source (target) with a country, that country is one of the
  gold actors' (recipients') countries. For reciprocal records either side counts.

    .venv/bin/python benchmarks/plover_gsr.py [--shared ../shared] [--limit N] [--show-errors]

The sentences are edited CAMEO manual examples, not raw news; see the folder's README.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the few non-ISO codes the CAMEO manual examples use
FIX = {"JAP": "JPN", "UK": "GBR", "GER": "DEU", "ROM": "ROU", "ZAI": "COD"}


def countries(side: list[dict]) -> set[str]:
    return {FIX.get(a.get("country") or "", a.get("country") or "") for a in side} - {""}


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args()
    path = Path(args.shared) / "research-data/plover-gsr/plover_gsr_cameo.normalized.jsonl"
    if not path.exists():
        sys.exit(f"not found: {path}")
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    if args.limit:
        records = records[: args.limit]

    from dyad.model import Article, article_id
    from dyad.pipeline import Pipeline, Settings

    pipe = Pipeline(Settings(stages=("actors", "times", "places", "quotes", "events")))
    arts = [
        Article(id=article_id(None, r["text"]) + f"-{i}", text=r["text"], published="2000-01-01")
        for i, r in enumerate(records)
    ]
    t0 = time.perf_counter()
    outs = list(pipe.process(arts))
    secs = time.perf_counter() - t0

    n = len(records)
    covered = top_ok = any_ok = 0
    src_n = src_ok = tgt_n = tgt_ok = 0
    per_type: Counter[str] = Counter()
    per_type_ok: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for r, out in zip(records, outs, strict=True):
        gold = r["event"]
        per_type[gold] += 1
        evs = [e for e in getattr(out, "events", []) if not e.negated and not e.hypothetical]
        if not evs:
            confusion[(gold, "-")] += 1
            errors.append(f"{gold:9} none      | {r['text'][:110]}")
            continue
        covered += 1
        top = max(evs, key=lambda e: e.confidence)
        confusion[(gold, top.type)] += 1
        if top.type == gold:
            top_ok += 1
            per_type_ok[gold] += 1
        else:
            errors.append(f"{gold:9} {top.type:9} | {r['text'][:110]}")
        same = [e for e in evs if e.type == gold]
        if same:
            any_ok += 1
        ev = same[0] if same else top
        gsrc, gtgt = countries(r["actors"]), countries(r["recipients"])
        if r.get("reciprocal"):
            gsrc = gtgt = gsrc | gtgt
        if ev.source and ev.source.country and gsrc:
            src_n += 1
            src_ok += FIX.get(ev.source.country, ev.source.country) in gsrc
        if ev.target and ev.target.country and gtgt:
            tgt_n += 1
            tgt_ok += FIX.get(ev.target.country, ev.target.country) in gtgt

    def pct(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    res = {
        "sentences": n,
        "coverage": pct(covered, n),
        "type_accuracy_top": pct(top_ok, n),
        "type_accuracy_any": pct(any_ok, n),
        "type_accuracy_top_when_coded": pct(top_ok, covered),
        "source_country_accuracy": pct(src_ok, src_n),
        "source_country_n": src_n,
        "target_country_accuracy": pct(tgt_ok, tgt_n),
        "target_country_n": tgt_n,
        "seconds": round(secs, 1),
        "per_type": {t: f"{per_type_ok[t]}/{per_type[t]}" for t in sorted(per_type)},
    }
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


if __name__ == "__main__":
    main()
