"""Count dateline text leaking into records: actor names, quotes and places of a database.

    .venv/bin/python benchmarks/dateline_leaks.py /tmp/reuters.duckdb [--show 20]

A record leaks its dateline when an actor name, a quote's text or a place name holds
the article's dateline as written ("SALVADOR, Feb 26"), or text shaped like a wire
dateline: a place in capitals with a "Month Day -" or a "(Reuters)"-style wire name
after it ("TOKYO, March 3 -", "WASHINGTON (AP) -"), a name starting "Month Day -"
("April 3 - Libyan forces"), or is the dateline's place as written in capitals
("BAHRAIN"). Prints how many articles, actors, quotes and places were
checked, how many leak, and the first few leaks.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

import duckdb

from dyad.read.dates import MONTHS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
SHAPE = re.compile(
    rf"\b[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*,(?: [A-Za-z.]+,)? (?i:{_MONTH})\.? \d{{1,2}}\s*[-\u2014\u2013]"
    rf"|\b[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)* \((?:Reuters?|AP|AFP|UPI)\)\s*[-\u2014\u2013_]"
    rf"|^(?i:{_MONTH})\.? \d{{1,2}}\s*-"
)


def dateline_core(dateline: str | None) -> str | None:
    """The dateline without its closing dash, as it would show inside a name or quote."""
    if not dateline:
        return None
    core = re.sub(r"[\s\-\u2014\u2013_]+$", "", dateline).strip()
    return core if len(core) >= 6 and ("," in core or "(" in core) else None


def leaks(s: str | None, core: str | None, place: str | None = None) -> bool:
    """``s`` holds the dateline, a dateline's shape, or is the dateline's place as written
    in capitals ("BAHRAIN" as an actor when the story says "Bahrain")."""
    if not s:
        return False
    if place and len(place) > 3 and place.isupper() and s.strip() == place:
        return True
    return bool((core and core in s) or SHAPE.search(s))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args(argv)
    con = duckdb.connect(args.db, read_only=True)
    n = {"articles": 0, "with dateline": 0, "actors": 0, "quotes": 0, "places": 0}
    bad = {"actors": 0, "quotes": 0, "places": 0}
    shown: list[str] = []
    cur = con.execute("SELECT id, record FROM articles ORDER BY id")
    while rows := cur.fetchmany(1000):
        for aid, raw in rows:
            rec = json.loads(raw)
            n["articles"] += 1
            core = dateline_core(rec.get("dateline"))
            place = (rec.get("dateline_place") or {}).get("name")
            n["with dateline"] += core is not None
            for kind, items, field in (
                ("actors", rec.get("actors", []), "name"),
                ("quotes", rec.get("quotes", []), "text"),
                ("places", rec.get("places", []), "name"),
            ):
                for it in items:
                    n[kind] += 1
                    if leaks(it.get(field), core, place):
                        bad[kind] += 1
                        if len(shown) < args.show:
                            shown.append(f"{aid} {kind}: {it.get(field)[:100]!r}")
    con.close()
    print("checked: " + ", ".join(f"{v:,} {k}" for k, v in n.items()))
    print("leaking: " + ", ".join(f"{v:,} {k}" for k, v in bad.items()))
    for line in shown:
        print("  " + line)
    return 0 if not any(bad.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
