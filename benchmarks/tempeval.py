"""TempEval-3 platinum: how well dyad finds and normalises temporal expressions.

Reads the TimeML files in ``../shared/research-data/te3-platinum/`` (20 news articles,
138 TIMEX3 in the text), runs the times rules on each text with its creation date, and
reports, as TempEval-3 does:

- strict span P/R/F1 (same start and end) and relaxed span P/R/F1 (overlap);
- value F1: a relaxed match whose normalised value is also equal counts as correct.

Durations and "now" are scored too (TE3 annotates them), so the stage's ``find_times``
is called with ``durations=True, refs=True, duration_values=True`` and ``timeml=True``
("a month earlier": TimeML marks "a month" as a duration, where dyad gives the date).

    .venv/bin/python benchmarks/tempeval.py [--limit N] [--show-errors] [--dir PATH]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "research-data" / "te3-platinum"

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path) -> tuple[str, str, list[tuple[int, int, str, str, str]]]:
    """(creation date, plain text, [(start, end, text, type, value)]) of one TimeML file."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>(.*?)</DCT>", raw, re.S)
    dct = ""
    if dct_m:
        attrs = dict(_ATTR.findall(dct_m.group(1)))
        dct = attrs.get("value", "")[:10]
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    src = body.group(1) if body else ""
    out: list[str] = []
    pos = 0
    length = 0
    timexes: list[tuple[int, int, str, str, str]] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TAG.finditer(src):
        chunk = html.unescape(src[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2)
        if tag != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            timexes.append((start, length, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    chunk = html.unescape(src[pos:])
    out.append(chunk)
    text = "".join(out)
    timexes = [(s, e, text[s:e], t, v) for s, e, _, t, v in timexes]
    return dct, text, timexes


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=0, help="score only the first N files")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)

    from dyad import nlp
    from dyad.extract.times.stage import find_times

    files = sorted(args.dir.glob("*.tml"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no .tml files in {args.dir}", file=sys.stderr)
        return 2
    model = nlp.load()
    strict = [0, 0, 0]
    relaxed = [0, 0, 0]
    value = [0, 0, 0]
    t0 = time.perf_counter()
    n_gold = 0
    for f in files:
        dct, text, gold = read_tml(f)
        n_gold += len(gold)
        doc = model(text)
        pred = [
            t
            for t in find_times(
                doc, dct, durations=True, refs=True, duration_values=True, timeml=True
            )
            if t.span is not None
        ]
        used_rel: set[int] = set()
        for gs, ge, gtext, gtype, gval in gold:
            hit = None
            for i, p in enumerate(pred):
                if i in used_rel:
                    continue
                ps, pe = p.span
                if ps < ge and gs < pe:
                    hit = i
                    break
            if hit is None:
                relaxed[2] += 1
                strict[2] += 1
                value[2] += 1
                if args.show_errors:
                    print(f"  MISS {f.stem}: {gtext!r} {gtype} {gval}")
                continue
            used_rel.add(hit)
            p = pred[hit]
            relaxed[0] += 1
            if p.span == (gs, ge):
                strict[0] += 1
            else:
                strict[1] += 1
                strict[2] += 1
            if (p.value or "") == gval:
                value[0] += 1
            else:
                value[1] += 1
                value[2] += 1
                if args.show_errors:
                    print(f"  VALUE {f.stem}: {gtext!r} gold {gval} ours {p.value} ({p.text!r})")
        for i, p in enumerate(pred):
            if i not in used_rel:
                relaxed[1] += 1
                strict[1] += 1
                value[1] += 1
                if args.show_errors:
                    print(f"  EXTRA {f.stem}: {p.text!r} {p.value}")
    secs = time.perf_counter() - t0
    print(f"TempEval-3 platinum: {len(files)} files, {n_gold} TIMEX3 (DCT excluded), {secs:.1f} s")
    for name, c in (("strict span", strict), ("relaxed span", relaxed), ("value", value)):
        p, r, f1 = prf(*c)
        print(f"  {name:13s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   (tp {c[0]}, fp {c[1]}, fn {c[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
