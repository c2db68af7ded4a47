"""Actor countries, parties and sectors on the BBC politics articles (2004-05, no dates).

Reads ``../shared/corpora/bbc-fulltext/politics/*.txt`` (first line the headline), runs
the actors stage, and counts:

* **country against knowledge**: actor records whose name our knowledge files know (the
  actor dictionary, people.tsv, organisations.tsv) and whose country differs from the one
  those files give; and, for persons named in full in several records, records whose
  country differs from the name's usual one (its most frequent non-null country);
* **parties**: each occurrence of "Tories", "Tory", "Conservatives", "Labour", "Liberal
  Democrats" / "Lib Dems" in the text, and whether an actor mention with country GBR and
  sector PTY covers it, or it is the party in the title of a person coded GBR ("Tory
  leader Michael Howard"; both counts are printed);
* **sectors**: the share of actor records with a sector (persons, organisations, groups).

    .venv/bin/python benchmarks/bbc_actors.py [--limit N] [--show] [--sector-sample SEED]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dyad import knowledge as kb
from dyad.extract.actors.memory import known_people
from dyad.model import Article
from dyad.pipeline import Pipeline, Settings

CORPUS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "bbc-fulltext" / "politics"
)
PARTIES = re.compile(r"\b(Tories|Tory|Conservatives|Labour|Liberal Democrats|Lib Dems)\b")


def articles(limit: int | None) -> list[Article]:
    out = []
    for f in sorted(CORPUS.glob("*.txt"))[:limit]:
        raw = f.read_bytes()
        try:  # the files are UTF-8 ("£" is two bytes); read as Latin-1 it became "Â£"
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        title, _, body = text.partition("\n")
        out.append(Article(id=f"bbc-politics-{f.stem}", text=body.strip(), title=title.strip()))
    return out


def known_country(name: str, kind: str) -> str | None:
    if kind == "person":
        k = known_people().find(name, None, person=True)
        return k.country if k is not None else None
    o = kb.org_by_name(name) or kb.dictionary_org(name)
    return o.country if o is not None else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", action="store_true", help="list the disagreements")
    ap.add_argument(
        "--sector-sample",
        type=int,
        metavar="SEED",
        help="also print 30 records with a sector, drawn with this seed, for a hand check",
    )
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: nothing to measure", file=sys.stderr)
        return 1
    arts = articles(args.limit)
    recs = list(Pipeline(Settings(stages=("actors", "learn"))).process(arts))
    n_rec = n_sector = n_known = n_diff = 0
    diffs = []
    by_name: dict[str, Counter] = defaultdict(Counter)
    party_n = party_ok = party_ok_strict = 0
    party_miss: Counter = Counter()
    for rec in recs:
        if not hasattr(rec, "actors"):
            continue
        for a in rec.actors:
            if a.kind not in ("person", "org", "group"):
                continue
            n_rec += 1
            n_sector += a.sector is not None
            want = known_country(a.name, a.kind)
            if want is not None and a.country is not None:
                n_known += 1
                if a.country != want:
                    n_diff += 1
                    diffs.append((rec.id, a.name, a.country, want))
            if a.kind == "person" and len(a.name.split()) >= 2:
                by_name[a.name][a.country] += 1
        spans = [
            (m.start, m.end)
            for a in rec.actors
            if a.country == "GBR" and a.sector == "PTY"
            for m in a.mentions
        ]
        # a party in a person's title ("Tory leader Michael Howard") is read as the party
        # that gives the person country and sector: right if the person has GBR and a title
        # holding the word, and the occurrence ends right before one of the person's names
        titled = [
            (m.start, a.title)
            for a in rec.actors
            if a.kind == "person" and a.country == "GBR" and a.title
            for m in a.mentions
            if m.kind in ("name", "alias")
        ]
        for m in PARTIES.finditer(rec.text):
            party_n += 1
            if any(s <= m.start() and m.end() <= e for s, e in spans):
                party_ok += 1
                party_ok_strict += 1
            elif any(m.group(0) in t and 0 <= start - m.end() <= len(t) + 2 for start, t in titled):
                party_ok += 1
            else:
                party_miss[m.group(0)] += 1
    n_multi = n_off = 0
    off = []
    for name, cs in by_name.items():
        total = sum(cs.values())
        if total < 2:
            continue
        top = next((c for c, _ in cs.most_common() if c is not None), None)
        n_multi += total
        for c, n in cs.items():
            if c is not None and c != top:
                n_off += n
                off.append((name, c, top, n))
    print(f"BBC politics articles: {len(recs)}; actor records (persons, orgs, groups): {n_rec}")
    print(
        f"country differs from our knowledge files: {n_diff}/{n_known} records with a known "
        f"name and a country ({n_diff / max(n_known, 1):.1%}); {n_diff / max(n_rec, 1):.1%} of all"
    )
    print(
        f"person named in several records with a country other than its usual one: "
        f"{n_off}/{n_multi} ({n_off / max(n_multi, 1):.1%})"
    )
    print(
        f"parties (Tories, Tory, Conservatives, Labour, Liberal Democrats, Lib Dems) found as "
        f"GBR PTY: {party_ok}/{party_n} ({party_ok / max(party_n, 1):.1%}), of them "
        f"{party_ok_strict} as mentions of the party, the rest in the title of a GBR person; "
        f"missed: {dict(party_miss)}"
    )
    print(f"records with a sector: {n_sector}/{n_rec} ({n_sector / max(n_rec, 1):.1%})")
    if args.show:
        for d in diffs:
            print("  differs:", d)
        for o in off:
            print("  unusual:", o)
    if args.sector_sample is not None:
        print(sector_sample(recs, args.sector_sample))
    return 0


def sector_sample(recs: list, seed: int, n: int = 30) -> str:
    """``n`` records with a sector (persons, orgs, groups), drawn with ``seed`` from all of
    them in a fixed order, each with the text around its first mention."""
    rows = []
    for rec in recs:
        for a in getattr(rec, "actors", []):
            if a.kind == "country" or not a.sector:
                continue
            m = [m for m in a.mentions if m.kind != "pronoun"] or a.mentions
            ctx = rec.text[max(0, m[0].start - 90) : m[0].end + 40].replace("\n", " ")
            rows.append(
                f"{rec.id[-3:]} | {a.kind} | {a.name} | {a.country} | {a.sector} | "
                f"t={a.title} | {ctx}"
            )
    rows.sort()
    random.Random(seed).shuffle(rows)
    return "\n".join(f"{i:2d}. {r}" for i, r in enumerate(rows[:n], 1))


if __name__ == "__main__":
    sys.exit(main())
