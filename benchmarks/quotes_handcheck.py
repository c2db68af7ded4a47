"""Draw a fixed random sample of quotes from unseen news for a hand check (issue 18).

The sample is fixed before anyone looks at it: the seed picks the articles (BBC politics
files; Reuters-21578 stories with a body) and then the quotes, half from each corpus. The
script prints each sampled quote with its speaker, cue and sentence, for a person to judge
span and speaker; the judgements go to docs/quotes.md. It also counts, over every quote of
the sampled Reuters stories, quote texts that start with a wire dateline ("TOKYO, March 3 -").

    .venv/bin/python benchmarks/quotes_handcheck.py [--seed 18] [--n 20] > sample.txt

With ``--dump`` it prints every quote of the drawn articles instead, one a line, so two
versions of dyad can be compared with ``diff`` (a regression check, not a sample).

Reuters-21578 is read with a few lines here: each <REUTERS> story's title, then its
<DATELINE> glued to its <BODY> as a naive reader would ("TOKYO, March 3 - Japan's ..."),
so the dateline check has something to catch.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'&/-]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*-\s")
_STORY = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE_TAG = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)


def reuters_stories() -> list[tuple[str, str]]:
    """(id, text) of every Reuters-21578 story with a body, title first."""
    out = []
    for sgm in sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")):
        raw = sgm.read_bytes().decode("latin-1")
        for m in _STORY.finditer(raw):
            body = _BODY.search(m.group(2))
            if body is None:
                continue
            title = _TITLE.search(m.group(2))
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            dl = _DATELINE_TAG.search(m.group(2))
            if dl is not None:
                text = html.unescape(dl.group(1)).strip() + " " + text
            head = html.unescape(title.group(1)).strip() if title else ""
            out.append((f"reuters-{m.group(1)}", f"{head}\n\n{text}" if head else text))
    return out


def bbc_stories() -> list[tuple[str, str]]:
    files = sorted((CORPORA / "bbc-fulltext" / "politics").glob("*.txt"))
    return [(f"bbc-politics-{f.stem}", f.read_text("latin-1")) for f in files]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--n", type=int, default=20, help="quotes per corpus")
    ap.add_argument("--articles", type=int, default=40, help="articles drawn per corpus")
    ap.add_argument(
        "--dump",
        action="store_true",
        help="print every quote of the drawn articles, one a line, to diff two versions",
    )
    args = ap.parse_args()
    if not (CORPORA / "bbc-fulltext").is_dir() or not (CORPORA / "reuters21578").is_dir():
        print(f"corpora not found under {CORPORA}", file=sys.stderr)
        return 1
    from dyad.model import Article, Record
    from dyad.pipeline import Pipeline, Settings

    rng = random.Random(args.seed)
    pipe = Pipeline(Settings(stages=("actors", "learn", "times", "quotes")))
    datelines = total_reuters = 0
    for corpus, stories in (("bbc", bbc_stories()), ("reuters", reuters_stories())):
        picked = rng.sample(stories, args.articles)
        pool = []
        arts = [Article(id=i, text=t, published=None) for i, t in picked]
        if args.dump:
            for rec in pipe.process(arts):
                for q in rec.quotes if isinstance(rec, Record) else ():
                    if q.kind != "scare":
                        who = q.speaker.name if q.speaker else None
                        print(f"{rec.id}\t{q.kind}\t{q.span}\t{who}\t{q.text!r}")
            continue
        for rec in pipe.process(arts):
            if not isinstance(rec, Record):
                continue
            for q in rec.quotes:
                if q.kind == "scare":
                    continue
                pool.append((rec.id, q))
                if corpus == "reuters":
                    total_reuters += 1
                    datelines += bool(DATELINE.match(q.text))
        print(f"== {corpus}: {len(pool)} quotes in {args.articles} articles (seed {args.seed})")
        for k, (aid, q) in enumerate(rng.sample(pool, min(args.n, len(pool))), 1):
            sp = q.speaker
            who = f"{sp.name} ({sp.country})" if sp else None
            print(f"\n[{corpus} {k}] {aid} {q.kind} speaker={who} cue={q.cue!r}")
            print(f"  text: {q.text!r}")
            print(f"  sentence: {q.sentence!r}")
    if not args.dump:
        print(f"\nReuters quotes starting with a dateline: {datelines} of {total_reuters}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
