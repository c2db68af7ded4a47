"""Event identity on real news: which events did matching join across articles?

Ingests BBC politics (``../shared/corpora/bbc-fulltext/politics``, 417 files) and the
first N Reuters-21578 stories with a body (file order), into one database, then prints
for a hand check:

1. every event reported by more than one article (or a random sample of ``--sample``
   of them, seeded), with each mention's sentence and why it joined;
2. a seeded random sample of pairs of events of the same type and source from
   different articles that were NOT joined, to check that true duplicates are found.

    python benchmarks/event_identity.py --db /tmp/identity.duckdb --reuters 300

The judgements go to docs/database.md. The corpus stories stay in ../shared: the
script writes only the database and a JSONL of the Reuters stories under /tmp.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REUTER = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return html.unescape(m.group(1)).strip() if m else ""


def reuters_jsonl(n: int, out: Path) -> int:
    """The first ``n`` Reuters-21578 stories with a body, as dyad JSONL."""
    from datetime import datetime

    done = 0
    with out.open("w", encoding="utf-8") as f:
        for sgm in sorted((SHARED / "corpora" / "reuters21578").glob("reut2-*.sgm")):
            for block in REUTER.findall(sgm.read_text("latin-1")):
                body = _tag(block, "BODY").removesuffix("Reuter").strip()
                if not body:
                    continue
                newid = re.search(r'NEWID="(\d+)"', block).group(1)
                date = datetime.strptime(_tag(block, "DATE").split(".")[0], "%d-%b-%Y %H:%M:%S")
                row = {
                    "text": body,
                    "title": _tag(block, "TITLE"),
                    "date": date.date().isoformat(),
                    "url": f"reuters21578:{newid}",
                    "publisher": "Reuters",
                }
                f.write(json.dumps(row) + "\n")
                done += 1
                if done >= n:
                    return done
    return done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/identity.duckdb")
    ap.add_argument("--reuters", type=int, default=300)
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--pairs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"{SHARED} is missing", file=sys.stderr)
        return 2
    if not args.skip_ingest:
        jl = Path("/tmp/reuters_identity.jsonl")
        reuters_jsonl(args.reuters, jl)
        bbc = SHARED / "corpora" / "bbc-fulltext" / "politics"
        dyad = str(Path(sys.executable).parent / "dyad")
        cmd = [dyad, "ingest", str(bbc), str(jl), "--db", args.db, "--workers", "1"]
        print("$", " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=False)

    import duckdb

    con = duckdb.connect(args.db, read_only=True)
    multi = con.execute(
        "SELECT id, type, source_name, source_country, target_name, target_country, date, "
        "num_articles FROM events WHERE num_articles > 1 ORDER BY id"
    ).fetchall()
    total = con.execute("SELECT count(*), sum(num_mentions) FROM events").fetchone()
    print(f"# events: {total[0]}, mentions: {total[1]}, reported by several articles: {len(multi)}")
    rng = random.Random(args.seed)
    shown = multi if len(multi) <= args.sample else sorted(rng.sample(multi, args.sample))
    for ev in shown:
        print(f"\n## event {ev[0]}: {ev[1]} {ev[2]} [{ev[3]}] -> {ev[4]} [{ev[5]}] on {ev[6]}")
        for m in con.execute(
            "SELECT article_id, published, sentence, match_reason FROM event_mentions "
            "WHERE event_id = ? ORDER BY published, article_id, idx",
            [ev[0]],
        ).fetchall():
            print(f"- {m[0][:8]} {m[1]}: {m[2]}\n  joined: {m[3]}")
    pairs = con.execute(
        """
        WITH e AS (
          SELECT id, type, lower(source_name) AS s, first_article_id AS a, date, sentence,
                 target_name FROM events WHERE source_name IS NOT NULL)
        SELECT x.id, y.id, x.type, x.s, x.date, y.date, x.target_name, y.target_name,
               x.sentence, y.sentence
        FROM e x JOIN e y ON x.type = y.type AND x.s = y.s AND x.id < y.id AND x.a <> y.a
        ORDER BY x.id, y.id
        """
    ).fetchall()
    print(f"\n# not joined: {len(pairs)} same-type same-source pairs from different articles")
    for p in sorted(rng.sample(pairs, min(args.pairs, len(pairs)))):
        print(f"\n## pair {p[0]} / {p[1]}: {p[2]} by {p[3]}; dates {p[4]} / {p[5]}; "
              f"targets {p[6]} / {p[7]}\n- {p[8]}\n- {p[9]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
