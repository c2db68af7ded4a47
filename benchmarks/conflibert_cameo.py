"""Quad-class accuracy on ConfliBERT's CAMEO sentences (evaluation only).

Runs the whole dyad pipeline on each sentence of
``../shared/research-data/conflibert-cameo/cameo_class/{train,test}.tsv`` and compares
the quad class of dyad's most confident fact event (not negated, not hypothetical) with
the gold label. Gold labels are ConfliBERT's five classes, folded into CAMEO's four quad
classes: 0 (statement, appeal: CAMEO 01-02) and 1 (verbal cooperation, 03-05) -> 1;
2 (material cooperation) -> 2; 3 (verbal conflict) -> 3; 4 (material conflict) -> 4.

Reported per split: accuracy over all sentences (no event = wrong), accuracy where dyad
coded an event, coverage, and the majority-class baseline (always answer the split's
most frequent quad class). Most of the test split repeats PLOVER GSR sentences (see the
folder's README); the even GSR lines trained dyad's type model, so the test split is
also scored without the sentences that match any GSR text ("test-unseen").

This data is for evaluation only: nothing in dyad is trained or tuned on it.

    .venv/bin/python benchmarks/conflibert_cameo.py [--limit N] [--json] [--coder rules]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLD = {0: 1, 1: 1, 2: 2, 3: 3, 4: 4}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def read_split(path: Path) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.rstrip("\r")
        if not line.strip() or "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if label.strip().isdigit():
            rows.append((text.strip(), FOLD[int(label.strip())]))
    return rows


def score(gold: list[int], pred: list[int | None]) -> dict:
    n = len(gold)
    coded = [(g, p) for g, p in zip(gold, pred, strict=True) if p is not None]
    major, major_n = Counter(gold).most_common(1)[0]
    return {
        "sentences": n,
        "coverage": round(len(coded) / n, 3) if n else 0.0,
        "quad_accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / n, 3),
        "quad_accuracy_where_coded": round(sum(g == p for g, p in coded) / max(1, len(coded)), 3),
        "majority_class": major,
        "majority_baseline": round(major_n / n, 3),
        "gold_counts": dict(sorted(Counter(gold).items())),
        "confusion_gold_pred": {
            f"{g}->{p}": c
            for (g, p), c in sorted(Counter(zip(gold, pred, strict=True)).items(), key=str)
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--coder", default="lexicon", help="event coder (rules = without the model)")
    args = ap.parse_args()
    base = Path(args.shared) / "research-data"
    folder = base / "conflibert-cameo" / "cameo_class"
    if not folder.exists():
        sys.exit(f"not found: {folder}")
    gsr_path = base / "plover-gsr" / "plover_gsr_cameo.normalized.jsonl"
    gsr = set()
    if gsr_path.exists():
        for line in gsr_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                t = norm(json.loads(line)["text"])
                gsr |= {t, t[:60]}

    from dyad.model import Article, article_id
    from dyad.pipeline import Pipeline, Settings

    pipe = Pipeline(
        Settings(
            stages=("actors", "learn", "times", "places", "quotes", "events"), coder=args.coder
        )
    )
    out: dict[str, dict] = {}
    for split in ("train", "test"):
        rows = read_split(folder / f"{split}.tsv")
        if args.limit:
            rows = rows[: args.limit]
        arts = [
            Article(id=article_id(None, t) + f"-{i}", text=t, published="2000-01-01")
            for i, (t, _) in enumerate(rows)
        ]
        t0 = time.perf_counter()
        preds: list[int | None] = []
        for rec in pipe.process(arts):
            evs = [
                e
                for e in getattr(rec, "events", [])
                if not e.negated and not e.hypothetical and e.quad_class
            ]
            top = max(evs, key=lambda e: e.confidence, default=None)
            preds.append(top.quad_class if top else None)
        secs = time.perf_counter() - t0
        gold = [g for _, g in rows]
        out[split] = score(gold, preds) | {"seconds": round(secs, 1)}
        if split == "test":
            keep = [
                i for i, (t, _) in enumerate(rows) if norm(t) not in gsr and norm(t)[:60] not in gsr
            ]
            out["test-unseen"] = score([gold[i] for i in keep], [preds[i] for i in keep])
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for split, s in out.items():
        print(
            f"{split:12} n={s['sentences']:5}  coverage {s['coverage']:.3f}  "
            f"quad acc {s['quad_accuracy']:.3f}  where coded {s['quad_accuracy_where_coded']:.3f}  "
            f"majority ({s['majority_class']}) {s['majority_baseline']:.3f}"
        )


if __name__ == "__main__":
    main()
