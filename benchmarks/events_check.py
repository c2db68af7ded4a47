"""Before/after check of the event coder on real news nobody tuned on (no gold: read by eye).

The check set is fixed: the BBC politics and business articles listed in
``benchmarks/events_check_set.txt`` (80, drawn with seed 1700 outside the three earlier
hand-check draws; the new hand check leaves them out) and the first ``--reuters`` stories
with a body of ``reut2-005.sgm`` (no actors or events work has read that file). Writes
every fact event as one tab-separated line (article, type, source, target, trigger, rule,
sentence) so that two runs can be compared with ``--diff``::

    .venv/bin/python benchmarks/events_check.py > /tmp/before.tsv
    # ... change the coder ...
    .venv/bin/python benchmarks/events_check.py > /tmp/after.tsv
    .venv/bin/python benchmarks/events_check.py --diff /tmp/before.tsv /tmp/after.tsv

The diff lists the events only one run has; a person judges whether each is right.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _articles(shared: Path, n_reuters: int, set_file: Path) -> list:
    from dyad.model import Article
    from dyad.read import ReadLimits
    from dyad.read.reuters import read_reuters

    arts = []
    for line in set_file.read_text().split():
        f = shared / "corpora" / "bbc-fulltext" / line
        head, _, body = f.read_text(encoding="utf-8", errors="replace").partition("\n")
        arts.append(Article(id=line, text=(body or head).strip(), title=head))
    if n_reuters:
        got = 0
        sgm = shared / "corpora" / "reuters21578" / "reut2-005.sgm"
        for a in read_reuters(str(sgm), ReadLimits()):
            if isinstance(a, Article) and len(a.text.split()) > 40:
                arts.append(a)
                got += 1
                if got >= n_reuters:
                    break
    return arts


def _name(a) -> str:  # noqa: ANN001
    return f"{a.name} ({a.country})" if a is not None else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--reuters", type=int, default=80, help="Reuters stories (0: none)")
    ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument(
        "--set",
        default=str(ROOT / "benchmarks" / "events_check_set.txt"),
        help="file of BBC article ids (folder/file.txt) to run instead of the check set",
    )
    args = ap.parse_args()
    if args.diff:
        old, new = (Path(p).read_text(encoding="utf-8").splitlines() for p in args.diff)
        gone, came = sorted(set(old) - set(new)), sorted(set(new) - set(old))
        for sign, rows in (("-", gone), ("+", came)):
            for r in rows:
                print(sign, r)
        print(f"before {len(old)} events, after {len(new)}: -{len(gone)} +{len(came)}")
        return 0
    from dyad.pipeline import Pipeline, Settings

    arts = _articles(Path(args.shared), args.reuters, Path(args.set))
    pipe = Pipeline(Settings())
    for art, rec in zip(arts, pipe.process(arts), strict=True):
        for e in getattr(rec, "events", []):
            if e.negated or e.hypothetical:
                continue
            sent = " ".join(e.sentence.split())
            print(
                "\t".join(
                    [
                        art.id,
                        e.type,
                        _name(e.source),
                        _name(e.target),
                        e.trigger or "",
                        e.rule or "",
                        sent,
                    ]
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
