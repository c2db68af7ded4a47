"""Draw the fixed random sample of events for the hand check in docs/events.md.

From ``../shared/corpora/bbc-fulltext/{politics,business}`` (file names sorted), draws
``--articles`` articles per folder with ``random.Random(SEED)``, runs the whole pipeline,
collects every fact event (not negated, not hypothetical) in file order, and draws
``--events`` of them per folder with a second ``random.Random(SEED)``. Prints each with
its sentence, so that a person can judge type, source and target. Seed and sizes were
fixed (and this script committed) before any sample was looked at.

    .venv/bin/python benchmarks/events_hand_sample.py [--json]
    # the second check (after fixes made while reading the first sample): a new seed, and
    # none of the first sample's articles
    .venv/bin/python benchmarks/events_hand_sample.py --seed 2029 --exclude benchmarks/events_hand_sample_1.txt
    # the third check (session 2, seed fixed before any change of that session was drawn
    # on): none of the 160 articles of the first two draws
    .venv/bin/python benchmarks/events_hand_sample.py --seed 3313 --exclude benchmarks/events_hand_sample_2.txt
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 1717


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--events", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument(
        "--list", action="store_true", help="print the drawn article ids only (no pipeline run)"
    )
    ap.add_argument(
        "--exclude",
        help="a file of article ids (folder/file.txt, one a line) not to draw again",
    )
    args = ap.parse_args()
    seen = set()
    if args.exclude:
        seen = set(Path(args.exclude).read_text(encoding="utf-8").split())
    base = Path(args.shared) / "corpora" / "bbc-fulltext"
    if not base.exists():
        sys.exit(f"not found: {base}")
    from dyad.model import Article
    from dyad.pipeline import Pipeline, Settings

    pipe = None if args.list else Pipeline(Settings())
    out = []
    for folder in ("politics", "business"):
        files = [
            f for f in sorted((base / folder).glob("*.txt")) if f"{folder}/{f.name}" not in seen
        ]
        picked = sorted(random.Random(args.seed).sample(files, args.articles))
        if args.list:
            print("\n".join(f"{folder}/{f.name}" for f in picked))
            continue
        arts = []
        for f in picked:
            lines = f.read_text(encoding="utf-8", errors="replace").split("\n", 1)
            body = lines[1] if len(lines) > 1 else lines[0]
            arts.append(Article(id=f"{folder}/{f.name}", text=body.strip(), title=lines[0]))
        events = []
        assert pipe is not None
        for art, rec in zip(arts, pipe.process(arts), strict=True):
            for e in getattr(rec, "events", []):
                if e.negated or e.hypothetical:
                    continue
                events.append(
                    {
                        "article": art.id,
                        "type": e.type,
                        "cameo": e.cameo,
                        "source": f"{e.source.name} ({e.source.country})" if e.source else None,
                        "target": f"{e.target.name} ({e.target.country})" if e.target else None,
                        "modality": "fact"
                        + (f", reported by {e.reported_by.name}" if e.reported_by else ""),
                        "trigger": e.trigger,
                        "entry": e.rule,
                        "sentence": " ".join(e.sentence.split()),
                    }
                )
        sample = random.Random(args.seed).sample(events, min(args.events, len(events)))
        for i, ev in enumerate(sample, 1):
            out.append({"id": f"{folder[0].upper()}{i:02d}", "pool": len(events)} | ev)
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return
    for ev in out:
        print(
            f"{ev['id']} {ev['article']} {ev['type']} {ev['source']} -> {ev['target']} "
            f"['{ev['trigger']}' {ev['entry']}]\n    {ev['sentence']}"
        )


if __name__ == "__main__":
    main()
