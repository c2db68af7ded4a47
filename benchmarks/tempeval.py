"""TempEval-3 platinum: how well dyad finds and normalises temporal expressions.

Reads the TimeML files in ``../shared/research-data/te3-platinum/`` (20 news articles,
138 TIMEX3 in the text), runs the times rules on each text with its creation date, and
reports, as TempEval-3 does:

- strict span P/R/F1 (same start and end) and relaxed span P/R/F1 (overlap);
- value F1: a relaxed match whose normalised value is also equal counts as correct.

Durations and "now" are scored too (TE3 annotates them), so the stage's ``find_times``
is called with ``durations=True, refs=True, duration_values=True`` and ``timeml=True``
("a month earlier": TimeML marks "a month" as a duration, where dyad gives the date).

Split (``--split``), frozen on 2026-12-03: ``heldout`` is the half of the 20 files
chosen by ``scoring.te3_heldout`` (the 10 stems with the smallest SHA-256), listed in
docs/evaluation.md; ``dev`` is the other half. All 20 files were used while writing the
times rules before the split (rules for their expressions and the ``timeml`` mode were
added with this script), so the held-out half is frozen from now on, not blind: its
errors are not to be printed (``--show-errors`` is refused there) and no rule is to be
written for it.

    .venv/bin/python benchmarks/tempeval.py [--split dev|heldout|all] [--limit N] [--show-errors]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

from scoring import TimexScore, prf, te3_heldout

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument(
        "--split",
        default="dev",
        choices=("dev", "heldout", "all"),
        help="dev: may be tuned on; heldout: frozen 2026-12-03, score only; all: both",
    )
    ap.add_argument("--limit", type=int, default=0, help="score only the first N files")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    if args.show_errors and args.split != "dev":
        ap.error("--show-errors only on --split dev: the held-out files' errors are not read")

    from dyad import nlp
    from dyad.extract.times.stage import find_times

    files = sorted(args.dir.glob("*.tml"))
    held = te3_heldout([f.stem for f in files])
    if args.split != "all":
        files = [f for f in files if (f.stem in held) == (args.split == "heldout")]
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no .tml files in {args.dir}", file=sys.stderr)
        return 2
    model = nlp.load()
    sc = TimexScore()
    t0 = time.perf_counter()
    n_gold = 0
    for f in files:
        dct, text, gold = read_tml(f)
        n_gold += len(gold)
        doc = model(text)
        pred = [
            (t.span[0], t.span[1], t.value)
            for t in find_times(
                doc, dct, durations=True, refs=True, duration_values=True, timeml=True
            )
            if t.span is not None
        ]
        sc.add([(s, e, v) for s, e, _t, _ty, v in gold], pred, f.stem, text)
    secs = time.perf_counter() - t0
    print(
        f"TempEval-3 platinum, split {args.split}: {len(files)} files, {n_gold} TIMEX3 "
        f"(DCT excluded), {secs:.1f} s"
    )
    print("  files: " + " ".join(f.stem for f in files))
    for name, c in (("strict span", sc.strict), ("relaxed span", sc.relaxed), ("value", sc.value)):
        p, r, f1 = prf(*c)
        print(f"  {name:13s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   (tp {c[0]}, fp {c[1]}, fn {c[2]})")
    if args.show_errors:
        print("\n".join(f"  {e}" for e in sc.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
