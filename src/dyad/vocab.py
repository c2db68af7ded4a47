"""The shared vocabularies: one table each, used by the extractor, the store, the CLI,
the web API, the exports and the scorer.

- :data:`PLOVER_TYPES`: the 16 PLOVER event types;
- :data:`SECTORS`: the actor sectors a record uses (CAMEO agent types, plus PTY; CRM,
  criminals and gangs, since 2026-12-03);
- :data:`CAMEO_ACTOR_TYPES`: the CAMEO actor type codes a GDELT export may write;
- :data:`QUAD_NAMES`: CAMEO's four quad classes;
- :func:`cameo_facts` / :func:`cameo_table`: CAMEO event codes with name, quad class and
  Goldstein value (``lexicon/cameo.tsv``);
- countries: ``lexicon/countries.tsv`` through :mod:`dyad.knowledge`;
  :func:`country_code` turns what a user types ("Britain", "UK", "gbr", "GB") into the
  ISO 3166 alpha-3 code the extractor writes.

Light: no spaCy, no DuckDB.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from dyad import knowledge
from dyad.wordlists import lexicon_path

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "BUS", "MED", "EDU", "NGO", "IGO", "CVL",
    "REL", "CRM",
)  # fmt: skip

# CAMEO actor type codes that our sectors map onto (PTY has no CAMEO type of its own).
CAMEO_ACTOR_TYPES: frozenset[str] = frozenset(
    {
        "GOV", "MIL", "REB", "OPP", "COP", "JUD", "BUS", "MED", "EDU", "NGO", "IGO", "CVL",
        "REL", "LEG", "LAB", "REF", "CRM", "SPY", "INS", "UAF", "SEP", "ELI", "HLH", "AGR",
    }
)  # fmt: skip

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    quad_class: int
    goldstein: float


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """CAMEO code -> name, quad class, Goldstein value (from ``lexicon/cameo.tsv``)."""
    out: dict[str, CameoCode] = {}
    text = lexicon_path("cameo.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    for r in rows:
        out[r["code"]] = CameoCode(
            r["code"], r["name"], int(r["quad_class"]), float(r["goldstein"])
        )
    return out


def cameo_facts(code: str | None) -> CameoCode | None:
    """The facts of a CAMEO code, falling back to its parent codes."""
    if not code:
        return None
    table = cameo_table()
    for c in (code, code[:3], code[:2]):
        if c in table:
            return table[c]
    return None


@lru_cache(maxsize=1)
def _region_names() -> frozenset[tuple[str, str]]:
    """(name key, ISO3) of the regions ``lexicon/regions.tsv`` places inside one country
    ("Scotland", GBR): names the country table also takes for the country, but which
    name a part of it."""
    out = set()
    for line in lexicon_path("regions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t") + [""] * 4
        if f[2] != "country" and f[3]:
            for n in [f[0], *f[1].split("|")]:
                if n.strip():
                    out.add((knowledge._key(n), f[3]))
    return frozenset(out)


def is_country_name(name: str | None, iso3: str | None) -> bool:
    """Whether ``name`` names the country ``iso3`` itself: "Britain" is GBR, while
    "Scotland", which the country table also maps to GBR, names a part of it."""
    if not name or not iso3 or country_code(name) != iso3:
        return False
    return (knowledge._key(name), iso3) not in _region_names()


def country_code(text: str) -> str | None:
    """The ISO alpha-3 code of a country as a user names it: a code ("RUS", "ru"), a name
    or a usual alias ("Russia", "Britain", "the UK"), from the one country table the
    extractor uses. "IGO" (international organisations) passes; else None."""
    return knowledge.country_code(text)
