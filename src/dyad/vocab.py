"""The shared vocabularies: one table each, used by the extractor, the store, the CLI,
the web API, the exports and the scorer.

- :data:`PLOVER_TYPES`: the 16 PLOVER event types;
- :data:`SECTORS`: the actor sectors a record uses (CAMEO agent types, plus PTY);
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
from importlib import resources
from pathlib import Path

from dyad import knowledge

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "BUS", "MED", "EDU", "NGO", "IGO", "CVL",
    "REL",
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


def lexicon_path(name: str) -> Path:
    """A data file of the package's ``lexicon/`` folder."""
    return Path(str(resources.files("dyad") / "lexicon" / name))


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


def country_code(text: str) -> str | None:
    """The ISO alpha-3 code of a country as a user names it: a code ("RUS", "ru"), a name
    or a usual alias ("Russia", "Britain", "the UK"), from the one country table the
    extractor uses. "IGO" (international organisations) passes; else None."""
    return knowledge.country_code(text)
