"""Rules against the learned model, at the gold trigger of each held-out GSR sentence.

For each odd-numbered (1-based) line of ``plover-gsr/plover_gsr_cameo.normalized.jsonl``
(the lines the model never saw), finds the marked trigger (``(EVT: ...)``) in the parse
and asks two deciders for its PLOVER type:

- rules: the most specific lexicon entry that fits (``Lexicon.match``), no entry = none;
- model: ``TypeModel.guess`` (``lexicon/events_model.json``);
- hybrid: what the events stage does (the model overrides a rule without an object list
  when it is at least ``--threshold`` sure).

Prints the type accuracy of each over all sentences and over those where the rules had
an entry. No actor, no modality: this isolates the type decision.

    .venv/bin/python benchmarks/events_rules_vs_model.py [--split odd|even] [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--split", choices=("odd", "even"), default="odd")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    path = Path(args.shared) / "research-data/plover-gsr/plover_gsr_cameo.normalized.jsonl"
    if not path.exists():
        sys.exit(f"not found: {path}")
    from dyad.extract.events.decide import decide_type
    from dyad.extract.events.lexicon import get_lexicon
    from dyad.extract.events.model import get_model
    from dyad.extract.events.train import find_trigger
    from dyad.nlp import load

    want = 1 if args.split == "odd" else 0
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if n % 2 != want or not line.strip():
            continue
        r = json.loads(line)
        m = re.search(r"\(EVT: ([^)]*)\)", r.get("markup") or "")
        if m and r.get("event"):
            rows.append((r["event"], m.group(1), r["text"]))
    nlp = load()
    lex = get_lexicon(nlp.vocab)
    model = get_model()
    if model is None:
        sys.exit("no model: run python -m dyad.extract.events.train")
    n = rule_ok = model_ok = hyb_ok = ruled = rule_ok_r = model_ok_r = hyb_ok_r = 0
    errors = []
    for (gold, trig, text), doc in zip(rows, nlp.pipe([r[2] for r in rows]), strict=True):
        tok = find_trigger(doc, trig.split())
        if tok is None:
            continue
        n += 1
        kind = "N" if tok.pos_ in ("NOUN", "PROPN") else "V"
        m, _ = lex.match(kind, tok)
        rule = m.entry.type if m is not None else None
        g = model.guess(tok)
        hyb = decide_type(m.entry, g)[0] if m is not None else None
        rule_ok += rule == gold
        model_ok += g.type == gold
        hyb_ok += hyb == gold
        if m is not None:
            ruled += 1
            rule_ok_r += rule == gold
            model_ok_r += g.type == gold
            hyb_ok_r += hyb == gold
        if args.show_errors and (rule != gold or g.type != gold):
            errors.append(f"{gold:9} rules {rule!s:9} model {g.type:9} | {trig} | {text[:90]}")
    out = {
        "split": args.split,
        "sentences": n,
        "rules_accuracy": round(rule_ok / n, 3),
        "model_accuracy": round(model_ok / n, 3),
        "hybrid_accuracy": round(hyb_ok / n, 3),
        "with_rule_entry": ruled,
        "rules_accuracy_where_entry": round(rule_ok_r / max(1, ruled), 3),
        "model_accuracy_where_entry": round(model_ok_r / max(1, ruled), 3),
        "hybrid_accuracy_where_entry": round(hyb_ok_r / max(1, ruled), 3),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:32} {v}")
    for e in errors:
        print(e)


if __name__ == "__main__":
    main()
