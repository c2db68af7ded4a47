"""Compile the Phoenix actor dictionaries into dyad's actor knowledge file.

Reads ``../shared/research-data/phoenix-dictionaries`` (MIT, Open Event Data Alliance;
PETRARCH2's ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt`` and
``Phoenix.MilNonState.actors.txt``) and writes ``src/dyad/lexicon/actors_phoenix.tsv``:
one line per named person or body, with its aliases and its dated roles::

    name <TAB> aliases (|) <TAB> kind (person|org) <TAB> roles

``roles`` is ``;``-separated ``COUNTRY:SECTOR:FROM:TO`` (COUNTRY an ISO3 code, ``IGO`` or
empty; SECTOR one of dyad's sectors or empty; dates YYYY-MM-DD or empty = open).
The country blocks of the dictionary (a country's names, cities and regions) are left
out: dyad's own country table covers them, and a city is no actor. So are entries that
are only a title ("PRESIDENT_OF_THE_UNITED_STATES_"): the agents file handles titles.

It also compiles ``Phoenix.agents.txt`` (the CAMEO agents file: common nouns for kinds of
people and bodies, "farmer", "civil servant", "riot police") into
``src/dyad/lexicon/actors_agents_phoenix.tsv``, one ``phrase <TAB> sector`` a line, lower
case and singular: the sector a generic noun implies where our own ``agents.tsv`` has no
entry. Substitution sets (``!PERSON!``) are expanded; codes of no sector of ours (ELI
elites, UAF unidentified armed forces, ...) are left out; CRM (criminals) is one of ours
since session 4.

    .venv/bin/python scripts/build_actor_knowledge.py [--src DIR] [--out FILE] [--agents-out FILE]

The output is deterministic (sorted), so a rerun on the same input gives the same file.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "research-data" / "phoenix-dictionaries"
OUT = ROOT / "src" / "dyad" / "lexicon" / "actors_phoenix.tsv"
AGENTS_OUT = ROOT / "src" / "dyad" / "lexicon" / "actors_agents_phoenix.tsv"
FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)

# CAMEO role codes -> dyad sectors (None: no sector of ours, e.g. ELI "elite")
SECTOR = {
    "GOV": "GOV",
    "LEG": "GOV",
    "SPY": "GOV",
    "MIL": "MIL",
    "UAF": "MIL",
    "REB": "REB",
    "INS": "REB",
    "OPP": "OPP",
    "PTY": "PTY",
    "COP": "COP",
    "JUD": "JUD",
    "BUS": "BUS",
    "MNC": "BUS",
    "MED": "MED",
    "EDU": "EDU",
    "NGO": "NGO",
    "CVL": "CVL",
    "REL": "REL",
    "IGO": "IGO",
    "ELI": "",
}
# CAMEO country codes that are not ISO 3166 alpha-3
CAMEO_ISO = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "XKX", "BUR": "MMR"}
ORG_WORDS = set(
    """relief aid international association society union council committee organization
    organisation network alliance front movement foundation trust institute center centre
    services service group company corp corporation inc ltd llc plc bank agency ministry office
    department party army forces force police court university college school hospital church
    media news times press radio tv television air airlines airways fund commission authority
    league federation club team brigade brigades battalion guard guards corps coalition congress
    assembly parliament senate bureau directorate cabinet intelligence navy yard command
    government administration legislature council tribunal board industries holdings brothers
    petroleum oil energy motors communications systems technologies group bancorp securities
    insurance airline railways mission program programme network fund jihad army's people's
    liberation resistance revolutionary islamic militia militias faction cell cells mujahideen
    taliban tigers military rifles""".split()
)
TITLE_WORDS = set(
    """president minister secretary general attorney representative chancellor premier
    ambassador envoy spokesman spokeswoman chief chairman governor senator congressman
    vice prime head leader king queen prince princess sheikh emir sultan""".split()
)
SMALL = {"of", "the", "and", "for", "on", "in", "de", "du", "al", "el", "bin", "ibn", "van", "von"}


def iso_codes() -> set[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from dyad import knowledge

    return set(knowledge.load().countries)


def parse_date(s: str) -> str:
    s = s.strip()
    if len(s) == 6 and s.isdigit():
        yy = int(s[:2])
        s = ("20" if yy < 30 else "19") + s
    if len(s) != 8 or not s.isdigit():
        return ""
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def parse_code(
    code: str, dates: str, isos: set[str], religion: bool = False
) -> tuple[str, str, str, str] | None:
    """``("GBRGOV", "970502-070627")`` -> ("GBR", "GOV", "1997-05-02", "2007-06-27")."""
    code = code.strip().lstrip("~")
    if not code or set(code) <= {"-"}:
        return None
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    head = chunks[0]
    country = ""
    rest = chunks[1:]
    if head == "IGO":
        country, sector = "IGO", "IGO"
        return (country, sector, *_dates(dates))
    if head in ("NGO", "MNC", "IMG"):
        nxt = CAMEO_ISO.get(chunks[1], chunks[1]) if len(chunks) > 1 else ""
        country = nxt if nxt in isos and not (head == "IMG" and nxt == "MUS") else ""
        sector = {"NGO": "NGO", "MNC": "BUS", "IMG": "REB"}[head]
        return (country, sector, *_dates(dates))
    head = CAMEO_ISO.get(head, head)
    if (
        head == "MUS"
        and len(chunks) > 1
        and chunks[1] in ("REB", "ISI", "ALQ", "SHI", "SUN", "INS")
    ):
        religion = True  # "[MUSREB]": Muslim rebels, not Mauritius
    if religion and head in ("MUS", "CHR", "JEW", "HIN", "BUD"):
        rest = chunks[1:]  # armed groups: MUS is "Muslim", not Mauritius
    elif head in isos:
        country = head
    elif head in SECTOR:
        rest = chunks  # no country: "[ELI]"
    else:
        return None
    sector = ""
    for ch in rest:
        if ch in SECTOR:
            sector = SECTOR[ch]
            break
    return (country, sector, *_dates(dates))


def _dates(s: str) -> tuple[str, str]:
    s = s.strip()
    if not s:
        return "", ""
    if s.startswith(">"):
        return parse_date(s[1:]), ""
    if s.startswith("<"):
        return "", parse_date(s[1:])
    if "-" in s:
        a, b = s.split("-", 1)
        return parse_date(a), parse_date(b)
    return "", ""


def display(raw: str) -> str:
    """``RECEP_TAYYIP_ERDOGAN_`` -> "Recep Tayyip Erdogan"; short one-word names stay
    upper case (NATO, OPEC, GCHQ)."""
    words = [w for w in raw.strip("_ ").replace("_", " ").split() if w]
    if len(words) == 1 and len(words[0]) <= 5:
        return words[0]
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in SMALL:
            out.append(low)
            continue
        parts = []
        for p in re.split(r"([-'.])", low):
            if p in ("-", "'", "."):
                parts.append(p)
            elif p.startswith("mc") and len(p) > 3:
                parts.append("Mc" + p[2:].capitalize())
            else:
                parts.append(p.capitalize())
        word = "".join(parts)
        word = re.sub(r"'S\b", "'s", word)
        if low in ("al-", "el-") or re.match(r"^(al|el)-", low) and i:
            word = low[:3] + word[3:]
        out.append(word)
    return " ".join(out)


def words_of(raw: str) -> list[str]:
    return [w.lower() for w in re.split(r"[_\s-]+", raw.strip("_ ")) if w]


def entries(path: Path, isos: set[str]):
    """(name, aliases, codes, comment) for each entry of a Phoenix .actors file."""
    cur = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        codes = re.findall(r"\[([^\]\s]*)\s*([^\]]*)\]", body)
        text = re.sub(r"\[[^\]]*\]", "", body).strip()
        if line[0] in " \t":
            if cur is not None:
                cur[2].extend(codes)
                cur[3] += " " + comment
            continue
        if text.startswith("+"):
            if cur is not None and text[1:].strip():
                cur[1].append(text[1:].strip().replace(" ", "_"))
            cur is not None and cur[2].extend(codes)
            continue
        if cur is not None:
            yield cur
        cur = [text.replace(" ", "_"), [], list(codes), comment]
    if cur is not None:
        yield cur


def classify(name: str, codes: list, comment: str, fname: str, aliases: list) -> str | None:
    """person, org, or None (a country block or a bare title)."""
    ws = words_of(name)
    if not ws:
        return None
    if fname.startswith("Phoenix.MilNonState"):
        return "org"
    if "CountryInfo" in comment or "IGOrulers" in comment:
        return "person"
    if set(ws) & ORG_WORDS:
        return "org"
    if any(
        words_of(a)[: len(ws)] == ws and set(words_of(a)[len(ws) :]) & ORG_WORDS for a in aliases
    ):
        return "org"  # "SHIN_BET" with the alias "SHIN_BET_SECURITY_AGENCY"
    if set(ws) & TITLE_WORDS:
        return None  # "US_ATTORNEY_GENERAL_", "PRESIDENT_JOSIPOVIC_": titles
    if any(c[0].startswith("MNC") for c in codes):
        return "org"
    if len(ws) == 1:
        return "org"
    if any(c[1].strip() for c in codes):
        return "person"  # dated roles belong to people
    return "person" if len(ws) <= 4 else "org"


def build(src: Path) -> list[str]:
    isos = iso_codes()
    rows: dict[str, list] = {}
    for fname in FILES:
        for raw, aliases, codes, comment in entries(src / fname, isos):
            rel = fname.startswith("Phoenix.MilNonState")
            roles = [r for c in codes if (r := parse_code(c[0], c[1], isos, rel)) is not None]
            if not roles:
                continue
            if (
                fname.startswith("Phoenix.Countries")
                and not any(r[1] for r in roles)
                and "CountryInfo" not in comment
            ):
                continue  # a country, territory or city block ("FRENCH_GUIANA_ [FRAGUF]")
            if set(words_of(raw)) & TITLE_WORDS and not set(words_of(raw)) & ORG_WORDS:
                # "SECRETARY-GENERAL_BAN_KI-MOON": the first alias without a title names him
                plain = [a for a in aliases if not set(words_of(a)) & TITLE_WORDS]
                if plain:
                    raw, aliases = plain[0], [a for a in aliases if a != plain[0]]
            kind = classify(raw, codes, comment, fname, aliases)
            if kind is None:
                continue
            name = display(raw)
            last = words_of(raw)[-1]
            keep = []
            for a in aliases:
                aw = words_of(a)
                if not aw or set(aw) & TITLE_WORDS:
                    continue  # "PRIME_MINISTER_GORDON_BROWN_": the title is read from the text
                if kind == "person" and len(aw) == 1 and aw[0] != last:
                    continue  # a one-word alias of a person only if it is the surname
                keep.append(display(a))
            row = rows.setdefault(re.sub(r"[-\s]+", " ", name.lower()), [name, [], kind, []])
            for a in keep:
                if a.lower() != name.lower() and a not in row[1]:
                    row[1].append(a)
            for r in roles:
                if r not in row[3]:
                    row[3].append(r)
    out = []
    for _, (name, aliases, kind, roles) in sorted(rows.items()):
        rs = ";".join(":".join(r) for r in roles)
        out.append(f"{name}\t{'|'.join(aliases)}\t{kind}\t{rs}")
    return out


HEADER = """\
# dyad actor knowledge compiled from the Phoenix actor dictionaries of PETRARCH2
# (openeventdata/petrarch2 @ 676801cd, petrarch2/data/dictionaries/), by
# scripts/build_actor_knowledge.py. Do not edit by hand: rebuild. Additions go in people.tsv
# or organisations.tsv.
# name<TAB>aliases (|)<TAB>kind<TAB>roles: COUNTRY:SECTOR:FROM:TO;... (dates YYYY-MM-DD, empty = open)
#
# The MIT License (MIT)
# Copyright (c) 2014 Open Event Data Alliance
# Permission is hereby granted, free of charge, to any person obtaining a copy of this
# software and associated documentation files (the "Software"), to deal in the Software
# without restriction, including without limitation the rights to use, copy, modify, merge,
# publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
# to whom the Software is furnished to do so, subject to the following conditions:
# The above copyright notice and this permission notice shall be included in all copies or
# substantial portions of the Software.
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
# INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
# PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
# FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
# OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
# DEALINGS IN THE SOFTWARE.
"""


# CAMEO agent codes (the first three letters of ``[~GOVMED]``) -> dyad sectors
AGENT_SECTOR = {
    **{k: v for k, v in SECTOR.items() if v and k != "UAF"},
    "SEP": "REB",
    "CRM": "CRM",
    "HRI": "NGO",
    "ENV": "NGO",
    "CVL": "CVL",
    "AGR": "CVL",
    "LAB": "CVL",
    "HLH": "CVL",
    "REF": "CVL",
    "REL": "REL",
    "MUS": "REL",
    "CHR": "REL",
    "JEW": "REL",
    "HIN": "REL",
    "BUD": "REL",
}
_AGENT_LINE = re.compile(r"^(?P<phrase>[^\[{#]+?)\s*(?:\{[^}]*\})?\s*\[~(?P<code>[A-Z]{3})[A-Z]*\]")


# entries of the agents file's CRM list we do not follow: migrating is no crime
_NOT_CRIMINALS = frozenset({"illegal immigrant", "illegal migrant"})


def build_agents(src: Path) -> list[str]:
    """``phrase<TAB>sector`` lines from the CAMEO agents file, sorted."""
    sets: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in (src / "Phoenix.agents.txt").read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            sets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = _AGENT_LINE.match(line)
        if m is None or m.group("code") not in AGENT_SECTOR:
            continue
        phrases = [m.group("phrase")]
        for name, words in sets.items():
            phrases = [p.replace(name, w) for p in phrases for w in (words if name in p else [""])]
        for p in phrases:
            if "!" in p:
                continue
            key = " ".join(p.replace("_", " ").lower().split())
            if key and not key.isdigit() and key not in _NOT_CRIMINALS:
                out.setdefault(key, AGENT_SECTOR[m.group("code")])
    return [f"{k}\t{v}" for k, v in sorted(out.items())]


AGENTS_HEADER = (
    """\
# dyad: sectors of generic agent nouns, compiled from the CAMEO agents file of PETRARCH2
# (Phoenix.agents.txt, openeventdata/petrarch2 @ 676801cd) by scripts/build_actor_knowledge.py.
# Do not edit by hand: rebuild. Our own lexicon/agents.tsv comes first.
# phrase (lower case, singular)<TAB>sector
#
"""
    + "\n".join(HEADER.splitlines()[6:])
    + "\n"
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=SRC)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--agents-out", type=Path, default=AGENTS_OUT)
    args = ap.parse_args()
    if not (args.src / FILES[0]).exists():
        print(f"{args.src} lacks {FILES[0]}", file=sys.stderr)
        return 1
    lines = build(args.src)
    args.out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    kinds = [ln.split("\t")[2] for ln in lines]
    print(
        f"{args.out}: {len(lines)} actors "
        f"({kinds.count('person')} persons, {kinds.count('org')} organisations)"
    )
    agents = build_agents(args.src)
    args.agents_out.write_text(AGENTS_HEADER + "\n".join(agents) + "\n", encoding="utf-8")
    print(f"{args.agents_out}: {len(agents)} agent nouns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
