"""Our knowledge files, loaded once per process.

``lexicon/countries.tsv`` (names, demonyms, capitals), ``lexicon/organisations.tsv``
(international organisations, armed groups, agencies, media) and ``lexicon/agents.tsv``
(titles and generic agents mapped to sectors). Every lookup is case-aware where case
matters ("US" the country, "us" the pronoun) and otherwise case-insensitive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent / "lexicon"


@dataclass(frozen=True)
class Country:
    """One country: ISO codes, its names, demonyms and capitals."""

    iso3: str
    name: str
    iso2: str = ""
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisation:
    """An organisation dyad knows: IGO, armed group, agency, party, media, firm."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO3, "IGO" or None
    sector: str | None = None
    types: tuple[str, ...] = ()  # common nouns that refer back to it ("alliance")

    @property
    def is_igo(self) -> bool:
        return self.country == "IGO"


@dataclass(frozen=True)
class Agent:
    """A title or generic agent noun and what it says about its actor."""

    phrase: str
    sector: str | None  # None: inherit from the possessor or the organisation ("=")
    role: str  # title, government, force, body, group
    title: str = ""
    country: str | None = None  # an office of one country only ("Taoiseach" -> IRL)


@dataclass
class Knowledge:
    countries: dict[str, Country] = field(default_factory=dict)  # iso3 -> Country
    by_name: dict[str, str] = field(default_factory=dict)  # key -> iso3
    by_demonym: dict[str, str] = field(default_factory=dict)
    by_capital: dict[str, str] = field(default_factory=dict)
    orgs: list[Organisation] = field(default_factory=list)
    org_by_name: dict[str, Organisation] = field(default_factory=dict)
    agents: dict[str, dict[str, Agent]] = field(default_factory=dict)  # phrase -> role -> Agent
    max_agent_words: int = 1


_THE = re.compile(r"^the\s+", re.I)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _key(s: str) -> str:
    """Case-folded, accent-free, punctuation-light lookup key ("the U.S." -> "u.s.")."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").strip()
    s = _THE.sub("", s)
    return _SPACES.sub(" ", s).lower()


lookup_key = _key  # the key of the knowledge tables, for other modules' indexes


def _case_key(s: str) -> str:
    """Like :func:`_key` but keeps case: for short all-caps forms ("US", "IS", "AP")."""
    s = re.sub(r"^the\s+", "", s.strip(), flags=re.I)
    return re.sub(r"\s+", " ", s)


def is_acronym(s: str) -> bool:
    core = s.replace(".", "").replace("-", "")
    return len(core) <= 5 and core.isupper()


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (LEXICON / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.rstrip("\n").split("\t"))
    return out


def _split(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split("|") if x.strip())


def _put(table: dict[str, str], name: str, value: str) -> None:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    k = _case_key(name) if is_acronym(name) else _key(name)
    table.setdefault(k, value)


def _get(table: dict[str, str], s: str) -> str | None:
    s = re.sub(r"^the\s+", "", s.strip(), flags=re.I)
    if is_acronym(s):
        return table.get(_case_key(s))
    return table.get(_key(s))


@lru_cache(maxsize=1)
def load() -> Knowledge:
    """Read every knowledge file once per process."""
    kb = Knowledge()
    for r in _rows("countries.tsv"):
        r += [""] * (6 - len(r))
        c = Country(
            iso3=r[0],
            iso2=r[1],
            name=r[2],
            aliases=_split(r[3]),
            demonyms=_split(r[4]),
            capitals=_split(r[5]),
        )
        kb.countries[c.iso3] = c
    for c in kb.countries.values():  # canonical names first, then aliases
        _put(kb.by_name, c.name, c.iso3)
    for c in kb.countries.values():
        for a in c.aliases:
            _put(kb.by_name, a, c.iso3)
        for d in c.demonyms:
            _put(kb.by_demonym, d, c.iso3)
        for cap in c.capitals:
            _put(kb.by_capital, cap, c.iso3)
    for r in _rows("organisations.tsv"):
        r += [""] * (5 - len(r))
        o = Organisation(
            name=r[0],
            aliases=_split(r[1]),
            country=r[2] or None,
            sector=r[3] or None,
            types=_split(r[4]),
        )
        kb.orgs.append(o)
        for n in (o.name, *o.aliases):
            n = re.sub(r"^the\s+", "", n.strip(), flags=re.I)
            k = _case_key(n) if is_acronym(n) else _key(n)
            kb.org_by_name.setdefault(k, o)
    for r in _rows("agents.tsv"):
        r += [""] * (5 - len(r))
        phrase, sector, role, title = r[0].strip().lower(), r[1].strip(), r[2].strip(), r[3]
        a = Agent(
            phrase,
            None if sector in ("=", "") else sector,
            role,
            title or phrase,
            r[4].strip() or None,
        )
        kb.agents.setdefault(phrase, {}).setdefault(role, a)
        kb.max_agent_words = max(kb.max_agent_words, len(phrase.split()))
    # criminals of the CAMEO agents file ("smuggler", "drug gang") are groups that act; of
    # its longer phrases only those that begin with the trade ("law offender" would make
    # "Law" a title word)
    for phrase, sector in _generic_agents().items():
        first = phrase.split()[0]
        if first != phrase and first not in _CRIME_TRADES:
            continue
        if sector == "CRM" and phrase not in kb.agents:
            kb.agents[phrase] = {"group": Agent(phrase, "CRM", "group", phrase, None)}
            kb.max_agent_words = max(kb.max_agent_words, len(phrase.split()))
    return kb


_CRIME_TRADES = frozenset(
    {"drug", "arms", "human", "crime", "organized", "serial", "mafia", "cattle"}
)


def country(iso3: str | None) -> Country | None:
    """The country with ISO 3166 alpha-3 code ``iso3``."""
    return load().countries.get(iso3 or "")


def country_code(text: str) -> str | None:
    """The ISO alpha-3 code of a country as a user names it: a code ("RUS", "ru", "GB"),
    a name or a usual alias ("Russia", "Britain", "the UK"); "IGO" passes; else None."""
    s = text.strip()
    if not s:
        return None
    kb = load()
    up = s.upper()
    if len(s) == 3 and s.isalpha() and (up in kb.countries or up == "IGO"):
        return up
    if len(s) == 2 and s.isalpha():
        for c in kb.countries.values():
            if c.iso2 == up:
                return c.iso3
    c = country_by_name(s) or (country_by_name(up) if is_acronym(up) else None)
    return c.iso3 if c else None


def country_by_name(s: str) -> Country | None:
    """A country by its name or a usual alias ("U.S.", "Britain", "the Russian Federation")."""
    iso = _get(load().by_name, s)
    return load().countries.get(iso) if iso else None


def country_by_demonym(s: str) -> Country | None:
    """A country by demonym, adjective or people ("Libyan", "Russians", "U.S.")."""
    iso = _get(load().by_demonym, s)
    return load().countries.get(iso) if iso else None


def country_by_capital(s: str) -> Country | None:
    """A country by its capital ("Tehran", "Washington")."""
    iso = _get(load().by_capital, s)
    return load().countries.get(iso) if iso else None


def country_by_any(s: str) -> tuple[Country, str] | None:
    """A country by name, demonym or capital, with which of them matched."""
    for kind, f in (
        ("name", country_by_name),
        ("demonym", country_by_demonym),
        ("capital", country_by_capital),
    ):
        c = f(s)
        if c:
            return c, kind
    return None


def org_by_name(s: str) -> Organisation | None:
    """An organisation we know by its name or an alias ("UN", "the alliance" is not one)."""
    kb = load()
    s = re.sub(r"^the\s+", "", s.strip(), flags=re.I)
    if is_acronym(s):
        return kb.org_by_name.get(_case_key(s))
    return kb.org_by_name.get(_key(s))


def igo_by_name(s: str) -> Organisation | None:
    """An international organisation by name or alias ("NATO", "UN Security Council")."""
    o = org_by_name(s)
    return o if o is not None and o.is_igo else None


def is_igo(s: str) -> bool:
    return igo_by_name(s) is not None


def agent(phrase: str, role: str | None = None) -> Agent | None:
    """A title or agent noun (lower case, singular) and, optionally, the role wanted."""
    roles = load().agents.get(phrase.lower().strip())
    if not roles:
        return None
    if role is not None:
        return roles.get(role)
    for r in ("title", "government", "force", "body", "group"):
        if r in roles:
            return roles[r]
    return None


def sector_of(phrase: str) -> str | None:
    """The sector a title or agent noun implies ("defense minister" -> GOV, "troops" -> MIL)."""
    a = agent(phrase)
    return a.sector if a else None


@lru_cache(maxsize=1)
def dictionary_given_names() -> frozenset[str]:
    """First words (lower case) of at least two persons' names in the actor dictionary
    ("valery", "harry", "abdullah"), less words that begin an organisation's name or are
    titles, agent nouns, countries or demonyms: a given-name list far longer than a hand
    list, read on first use."""
    counts: dict[str, int] = {}
    org_first: dict[str, int] = {}  # "United", "Academy", "National": first words of bodies
    for r in _rows("actors_phoenix.tsv"):
        if len(r) < 3:
            continue
        ws = r[0].split()
        if r[2] != "person":
            f = ws[0].lower() if ws else ""
            org_first[f] = org_first.get(f, 0) + 1
        elif len(ws) >= 2 and ws[0].isalpha() and len(ws[0]) >= 3:
            k = ws[0].lower()
            counts[k] = counts.get(k, 0) + 1
    k = load()
    return frozenset(
        w
        for w, n in counts.items()
        if n >= 2
        and org_first.get(w, 0) < n
        and w not in k.agents
        and country_by_any(w) is None
        and org_by_name(w) is None
    )


@lru_cache(maxsize=1)
def _generic_agents() -> dict[str, str]:
    """``lexicon/actors_agents_phoenix.tsv``: generic agent nouns -> sector (CAMEO agents
    file), read on first use."""
    return {r[0]: r[1] for r in _rows("actors_agents_phoenix.tsv") if len(r) >= 2}


def generic_sector(phrase: str) -> str | None:
    """The sector a generic noun phrase implies, from our agents file, else the CAMEO
    agents file ("civil servant" -> GOV, "mortar manufacturer" -> BUS, "taxi drivers" ->
    CVL): the longest final run of words that either knows, singular or plural."""
    words = phrase.lower().replace("-", " ").split()
    table = _generic_agents()
    for n in range(min(len(words), 4), 0, -1):
        head = words[-n:]
        last = head[-1]
        forms = [last]
        if last.endswith("ies"):
            forms.append(last[:-3] + "y")
        if last.endswith("es"):
            forms.append(last[:-2])
        if last.endswith("s") and not last.endswith("ss"):
            forms.append(last[:-1])
        if last.endswith("men"):
            forms.append(last[:-3] + "man")
        # British spellings: the CAMEO file is American ("organisation", "labour")
        forms += [f.replace("isation", "ization").replace("our", "or") for f in forms]
        for f in dict.fromkeys(forms):
            p = " ".join([*head[:-1], f])
            a = agent(p)
            if a is not None:
                # ours first; a title whose sector is its organisation's ("spokesman")
                # says nothing alone, and the CAMEO file's MED for it would be wrong
                return a.sector if a.sector != "=" else None
            if p in table:
                return table[p]
    return None


@lru_cache(maxsize=1)
def _dictionary_orgs() -> dict[str, Organisation]:
    """Organisations of the actor dictionary (``lexicon/actors_phoenix.tsv``: IGOs, NGOs,
    companies, armed groups, national bodies), by name and alias, built on first use
    (once per install: kept by :func:`dyad.diskcache.cached`, 0.23 -> 0.03 s a process)."""
    from dyad.diskcache import cached

    files = [LEXICON / "actors_phoenix.tsv"]
    return cached("dictionary-orgs", files, _build_dictionary_orgs, objects=True)


def _build_dictionary_orgs() -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    for r in _rows("actors_phoenix.tsv"):
        if len(r) < 4 or r[2] != "org":
            continue
        roles = [(f + ["", "", "", ""])[:4] for f in (x.split(":") for x in r[3].split(";"))]
        undated = [f for f in roles if not f[2] and not f[3]]
        best = next((f for f in undated + roles if f[0] or f[1]), None)
        if best is None:
            continue
        o = Organisation(
            name=r[0], aliases=_split(r[1]), country=best[0] or None, sector=best[1] or None
        )
        for n in (o.name, *o.aliases):
            k = _case_key(n) if is_acronym(n) else _key(n)
            out.setdefault(k, o)
    return out


def dictionary_org(s: str) -> Organisation | None:
    """An organisation of the actor dictionary by name ("Commerzbank" -> DEU BUS, "OPEC" ->
    IGO). Our own ``organisations.tsv`` (:func:`org_by_name`) comes first."""
    s = re.sub(r"^the\s+", "", s.strip(), flags=re.I)
    table = _dictionary_orgs()
    return table.get(_case_key(s)) if is_acronym(s) else table.get(_key(s))
