"""A fixed random sample of actors from Reuters-21578, for a hand check.

Reads ``../shared/corpora/reuters21578/reut2-000.sgm`` (stories with a body), draws 80
stories with seed 16, runs the actors stage (publication date from the story's DATE),
pools their actor records and draws 40 of them with the same seed. Prints each with the
sentence of its first mention, so that a person can judge name, country and sector.
The sample is fixed by the seed and the file, not by what dyad finds good.

    .venv/bin/python benchmarks/reuters_actors_sample.py [--seed 16] [--n 40]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from datetime import datetime
from pathlib import Path

from dyad.model import Article
from dyad.pipeline import Pipeline, Settings

SGM = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "reuters21578"


def stories(path: Path) -> list[Article]:
    raw = path.read_text(encoding="latin-1")
    out = []
    for m in re.finditer(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", raw, re.S):
        body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
        if body is None:
            continue
        title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
        date = re.search(r"<DATE>\s*(\d+-[A-Z]+-\d{4})", m.group(2))
        published = None
        if date:
            published = datetime.strptime(date.group(1).title(), "%d-%b-%Y").date().isoformat()
        text = html.unescape(body.group(1)).replace("\x03", "").strip()
        text = re.sub(r"\s*Reuter\s*$", "", text)
        out.append(
            Article(
                id=f"reuters-{m.group(1)}",
                text=text,
                title=html.unescape(title.group(1)) if title else None,
                published=published,
                publisher="Reuters",
            )
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args()
    path = SGM / "reut2-000.sgm"
    if not path.exists():
        print(f"{path} is absent", file=sys.stderr)
        return 1
    arts = random.Random(args.seed).sample(stories(path), 80)
    recs = list(Pipeline(Settings(stages=("actors", "learn"))).process(arts))
    pool = []
    for rec in recs:
        for a in getattr(rec, "actors", []):
            pool.append((rec, a))
    print(f"stories: {len(arts)}; actor records: {len(pool)}; sample: {args.n} (seed {args.seed})")
    for i, (rec, a) in enumerate(random.Random(args.seed).sample(pool, args.n), 1):
        m = a.mentions[0]
        s = rec.text.rfind(".", 0, m.start) + 1
        e = rec.text.find(".", m.end)
        sent = " ".join(rec.text[s : e + 1 if e > 0 else None].split())
        print(
            f"{i:2}. {rec.id} {rec.published} | {a.name!r} {a.kind} {a.country} {a.sector} "
            f"title={a.title!r} prov={a.provenance}\n    {sent[:300]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
