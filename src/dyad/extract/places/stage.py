"""The places stage: place names found and geocoded, ambiguity settled by the article.

Mentions are spaCy's GPE, LOC and FAC entities, every other occurrence of a name the
article already uses as a place, and unlabelled proper names joined to a place ("Tell
Tamer and Ain Issa") or after "in"/"near" that the gazetteer knows in a country the
article is about. Each distinct name is resolved once (:mod:`dyad.geo`): countries and
our own regions first, then towns, scored by population, by the countries and US states
the article names (and its demonyms), and by whether the match is a main name. A
facility ("Baghdad International Airport") takes the place named inside it. A name the
gazetteer lacks takes the country of a place it is joined to. Demonyms only inform
the choice: they are not places ("British" names no place in the text).

:func:`event_place` gives the events stage the place of an event's clause.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dyad.contract import Context, stage
from dyad.extract.lookup import doc_text, doc_tokens
from dyad.extract.places import nearby
from dyad.extract.times.stage import clause_verb
from dyad.geo import Entry, Gazetteer, gazetteer, key
from dyad.model import Place, Record
from dyad.wordlists import words

_PLACE_LABELS = ("GPE", "LOC", "FAC")
_LOC_PREPS = words("places_words.txt", "locative_preps")
_FACILITY_WORDS = words("places_words.txt", "facility_words")
_SITE_WORDS = words("places_words.txt", "site_words")
_STREET_WORDS = words("places_words.txt", "street_words")
_NOT_ALONE = words("places_words.txt", "not_alone")
_WEAK_PREPS = words("places_words.txt", "weak_preps")
_FEATURE_BASE = {
    "country": 40.0,
    "continent": 36.0,
    "sea": 34.0,
    "region": 34.0,
    "union": 34.0,
    "admin1": 16.0,
    "admin2": 14.0,
    "city": 0.0,
}
# Names inside organisation names that are not places of the text ("Islamic State of Iraq").
_ORG_MASK = re.compile(
    r"Agence France[- ]Presse|"
    r"\b(?:Image|Photo|Picture|Credit)s?:[ \t]+[^\n.)]{1,40}|"  # a picture's credit
    r"Islamic State (?:of|in) (?:Iraq|the Levant)(?: and (?:Syria|the Levant|al-Sham))?|"
    r"(?:Bank|University|Republic|Museum|Council|Court|Church) of [A-Z][a-z]+|"
    r"(?:New York|Washington|Los Angeles|Chicago|Boston|Jerusalem) (?:Times|Post|Journal|Globe)"
)
_GENERIC = words("places_words.txt", "generic_places")
_PLACE_NOUNS = words("places_words.txt", "place_nouns")
# after a place name: a modifier, not a place ("US-built", "US$3 billion", "Iran-backed");
# "-based", "-born" and "-headquartered" place someone, and stay places
_MODIFIER_AFTER = re.compile(r"\$|-(?!based\b|born\b|headquartered\b)[a-z]")


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    strong: bool = True  # labelled by the parser (or a copy of a labelled name)
    min_pop: int = 100_000  # for a weak mention: a town this big needs no context
    ctx_pop: int = 0  # for a weak mention: a town in the article's countries needs this many
    modifier: bool = False  # "US-built", "US$": a modifier like a demonym, not a place


def _clean(text: str) -> str:
    t = text.strip()
    t = re.sub(r"^(?:the|The)\s+", "", t)
    t = re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", t)
    t = re.sub(r"-(?:based|born|headquartered)$", "", t)
    return t.strip(" ,;:")


def _gaz(ctx: Context) -> Gazetteer:
    s = ctx.settings
    return ctx.resource(
        f"gazetteer:{s.geonames_file}:{s.cache_dir}",
        lambda: gazetteer(s.geonames_file, cache_dir=s.cache_dir),
    )


def _actor_spans(rec: Record) -> list[tuple[int, int, str]]:
    """Spans of people the actors stage found with more than a bare name to go on
    (a full name or a title), which a place label on one of their mentions cannot beat."""
    out = []
    for a in rec.actors:
        if a.kind != "person":
            continue
        texts = {rec.text[m.start : m.end] for m in a.mentions}
        if not a.title and all(len(t.split()) >= len(a.name.split()) for t in texts):
            continue  # only ever named one way, which may well be a place
        for m in a.mentions:
            out.append((m.start, m.end, a.kind))
    return out


def _mentions(doc: Doc, rec: Record, gaz: Gazetteer) -> list[_Mention]:
    text = doc_text(doc)
    masked = [(m.start(), m.end()) for m in _ORG_MASK.finditer(text)]
    actors = _actor_spans(rec)

    def blocked(s: int, e: int, weak: bool = False) -> bool:
        if any(ms <= s and e <= me for ms, me in masked):
            return True
        # the very span of a person ("Medvedev" mislabelled GPE), unless a well-known place
        if any(a_s <= s and e <= a_e and (e - s) >= (a_e - a_s) - 1 for a_s, a_e, _ in actors):
            return not _well_known(gaz, text[s:e])
        return False

    out: list[_Mention] = []
    names: dict[str, str] = {}
    for ent in doc.ents:
        label = ent.label_
        if label not in _PLACE_LABELS:
            # a country or a region of ours under another label ("Russia" as ORG)
            if label in ("ORG", "PERSON") and _is_area(gaz, _clean(ent.text)):
                pass
            elif label == "ORG" and len(ent) > 1 and ent[-1].lower_ in _SITE_WORDS:
                label = "FAC"  # "Barclays Center", "Northwestern Memorial Hospital": a site
            else:
                continue
        t = _clean(ent.text)
        if not t or key(t) in _GENERIC or blocked(ent.start_char, ent.end_char):
            continue
        if "\n" in ent.text:
            continue
        s = ent.start_char + ent.text.find(t)
        out.append(_Mention(s, s + len(t), t, label))
        names.setdefault(t, label)
    # places named inside organisations: countries anywhere ("Zimbabwe Tourism
    # Authority", "U.S. Army"), towns and states at the start or after "of" ("Lagos
    # Chamber of Commerce", "Beverly Hills Police Department"); towns must fit the article
    toks = doc_tokens(doc)
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC") or len(ent) < 2:
            continue
        i = ent.start
        whole_known = gaz.known(ent.text)  # "White Plains": not "White" in it
        while i < ent.end:
            step = 1
            lead = (
                i == ent.start
                or toks[i - 1].lower_ == "of"
                or (i == ent.start + 1 and toks[ent.start].pos_ == "DET")
            )
            for n in (4, 3, 2, 1):
                if i + n > ent.end or (n == len(ent) and lead):
                    continue
                first = toks[i]
                if first.pos_ not in ("PROPN", "ADJ") or not (first.is_title or first.is_upper):
                    continue
                sp = doc[i : i + n]
                t = sp.text
                if any(m.start < sp.end_char and sp.start_char < m.end for m in out):
                    continue
                if blocked(sp.start_char, sp.end_char):
                    continue
                nxt = toks[sp.end].lower_ if sp.end < len(doc) else ""
                if nxt in _NOT_ALONE:
                    continue  # "Madison" in "Madison County", "Columbia" in "Columbia River"
                if _is_area(gaz, t, ("country", "union")):
                    out.append(_Mention(sp.start_char, sp.end_char, t, "GPE"))
                elif lead and sp[-1].i + 1 < ent.end and gaz.known(t) and not whole_known:
                    # a town must fit the article ("George" in "George L. Pennock Trust")
                    out.append(_Mention(sp.start_char, sp.end_char, t, "GPE", False, 10**9, 5_000))
                else:
                    continue
                step = n
                break
            i += step
    # names of longer organisations and facilities: "Mahan" in "Mahan Air"
    org_heads = {
        e.text.split()[0]
        for e in doc.ents
        if e.label_ in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART")
        and len(e.text.split()) > 1
        and not gaz.known(e.text)
    }
    out = [
        m
        for m in out
        if not (m.text in org_heads and m.label == "GPE" and not _well_known(gaz, m.text))
    ]
    names = {n: lab for n, lab in names.items() if not (n in org_heads and not _well_known(gaz, n))}
    # the same name elsewhere in the article, where the parser gave it no label (or the
    # label of a person or an organisation for that very name)
    have = {(m.start, m.end) for m in out}
    for n in list(names):
        for mm in re.finditer(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text):
            s, e = mm.start(), mm.end()
            if (s, e) in have or any(m.start < e and s < m.end for m in out):
                continue
            sp = doc.char_span(s, e)
            if sp is None:
                continue
            ents = {t.ent_type_ for t in sp} - {""}
            if blocked(s, e, weak=not ents - {"PERSON", "ORG"}):
                continue
            if ents and not (
                sp[0].ent_iob_ == "B" and (sp.end == len(doc) or doc[sp.end].ent_iob_ != "I")
            ):
                continue  # part of a longer name
            if ents & {"WORK_OF_ART", "DATE", "NORP"}:
                continue
            out.append(_Mention(s, e, n, names[n], True))
            have.add((s, e))
    # one entity that is really a list of names ("Tell Tamer and Ain Issa" as a PERSON):
    # when one of them is a place of the article, the others are candidates too
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME", "NORP", "CARDINAL", "MONEY", "PERCENT"):
            continue
        if " and " not in ent.text and ", " not in ent.text:
            continue
        parts = [
            (mm.start() + ent.start_char, mm.end() + ent.start_char)
            for mm in re.finditer(r"[^,]+?(?=,\s|\s+and\s|$)", ent.text)
        ]
        parts = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in parts]
        parts = [(a + 4, b) if text[a:b].startswith("and ") else (a, b) for a, b in parts]
        if len(parts) < 2 or not any(_clean(text[a:b]) in names for a, b in parts):
            continue
        for a, b in parts:
            t = _clean(text[a:b])
            if not t or any(m.start < b and a < m.end for m in out) or blocked(a, b):
                continue
            out.append(_Mention(a, a + len(t), t, names.get(t, "GPE"), strong=t in names))
    # proper names the parser missed or mislabelled (ORG, PERSON) that sit where places
    # go: after "in", "from", "the city of", or joined to a place ("Tell Tamer and Ain Issa")
    taken = [(m.start, m.end) for m in out]
    for unit in _name_units(doc) * 2:  # twice: names joined to names found in the first pass
        s, e = unit.start_char, unit.end_char
        if any(x < e and s < y for x, y in taken):
            continue
        in_place = list(out)

        def at_place(t: Token, in_place: list[_Mention] = in_place) -> bool:
            return any(m.start <= t.idx < m.end for m in in_place)

        joined = any(
            (
                t.dep_ in ("conj", "appos")
                and not (unit.start <= t.head.i < unit.end)
                and at_place(t.head)
            )
            or any(c.dep_ in ("conj", "appos") and at_place(c) for c in t.children)
            for t in unit
        )
        root = unit.root
        prep = root.head if root.dep_ == "pobj" else None
        after_prep = (
            prep is not None
            and (
                prep.lower_ in _WEAK_PREPS
                or (prep.lower_ == "of" and prep.head.lower_ in _PLACE_NOUNS)
            )
        ) or (root.dep_ == "appos" and root.head.lower_ in _PLACE_NOUNS)  # "the capital, Tunis"
        t = _clean(unit.text)
        if not t:
            continue
        # a country, state, region or big city needs no context, unless a person's name
        whole = not unit[0].ent_type_ or (
            unit[0].ent_iob_ == "B" and (unit.end == len(doc) or doc[unit.end].ent_iob_ != "I")
        )
        famous = unit[0].ent_type_ != "PERSON" and whole and _famous(gaz, t)
        if unit[0].ent_type_ == "NORP" and not after_prep:
            continue  # "the first Latina": only "a visit to Tunis" (NORP) is a place
        # a whole ORG that is a town's name: a town if it fits the article ("revitalize
        # Immokalee"); checked when it is resolved (15,000 people, in the article's country)
        org_town = whole and unit[0].ent_type_ == "ORG" and gaz.known(t) and not _known_org(t)
        # "Trafalgar Square", "Hyde Park": a named site, placed in its town later
        site = (
            len(unit) >= 2
            and unit[-1].lower_ in _SITE_WORDS | _STREET_WORDS
            and all(x.is_title for x in unit)
            and unit[0].ent_type_ in ("", "PERSON")
        )
        if site and not blocked(s, e):
            out.append(_Mention(s, e, unit.text, "FAC"))
            taken.append((s, e))
            continue
        if not (joined or after_prep or famous or org_town) or blocked(s, e, weak=not famous):
            continue
        if not famous and _is_title_word(t):
            continue  # "Secretary" in "United States Secretary of State"
        s2 = s + unit.text.find(t)
        # "in Dewsbury": a town of 15,000 will do
        town = (after_prep or org_town) and unit[0].ent_type_ != "PERSON"
        out.append(
            _Mention(
                s2,
                s2 + len(t),
                t,
                "GPE",
                famous,
                50_000 if town else 100_000,
                0 if joined else 15_000 if org_town and not after_prep else 1_000,
            )
        )
        taken.append((s, e))
    # "a Beijing-based analyst", "the Kent-based team": a place before "-based"
    for mm in _BASED.finditer(text):
        s, e = mm.start(1), mm.end(1)
        if any(x < e and s < y for x, y in taken) or blocked(s, e):
            continue
        out.append(_Mention(s, e, mm.group(1), "GPE", False, 50_000, 1_000))
        taken.append((s, e))
    # a wire dateline: "SAN DIEGO (AP) -", "HELENA, Mont. (AP) -", "LONDON -"
    lead = [
        m
        for m in [*_LEAD_DATELINE.finditer(text, 0, 300), *_START_DATELINE.finditer(text)]
        if len(m.group("city")) >= 4 and any(not e.alt for e in gaz.lookup(m.group("city")))
    ]
    for mm in list(_DATELINE.finditer(text)) + list(_WIRE.finditer(text)) + lead:
        for g in ("city", "area", "abbr"):
            if mm.groupdict().get(g) is None:
                continue
            s, e = mm.start(g), mm.end(g)
            if any(x < e and s < y for x, y in taken):
                continue
            t = mm.group(g).strip()
            out.append(_Mention(s, s + len(t), t, "GPE"))
            taken.append((s, e))
    # "a Latina sitting": a place name does not head a noun phrase after "a"
    out = [m for m in out if not _after_article(doc, m)]
    for m in out:
        m.modifier = bool(_MODIFIER_AFTER.match(text, m.end)) or _modifies_title(doc, m)
    out.sort(key=lambda m: m.start)
    return out


_BASED = re.compile(
    r"\b([A-Z][\w.'\u2019]+(?: [A-Z][\w.'\u2019]+){0,2})-(?:based|born|headquartered)\b"
)
# a dateline anywhere when a wire service follows it: "... Associated Press WASHINGTON (AP) —"
_WIRE = re.compile(
    r"(?P<city>\b[A-Z][A-Z'.-]+(?:[ ][A-Z][A-Z'.-]+){0,3})(?:,[ ](?P<area>[A-Z][A-Za-z.]+"
    r"(?:[ ][A-Z][A-Za-z.]+)?))?[ ]*\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN)\)"
)


_CURRENCY_WORDS = words("places_words.txt", "currency_words")
_OFFICE_WORDS = words("places_words.txt", "office_words")


def _modifies_title(doc: Doc, m: _Mention) -> bool:
    """A name modifying a title or a currency ("a US peace envoy", "U.S. dollars"): the
    person's or the money's country, as a demonym would say, not a place of the text."""
    sp = doc.char_span(m.start, m.end, alignment_mode="expand")
    if sp is None or sp.root.dep_ not in ("compound", "nmod", "amod"):
        return False
    head = sp.root.head  # lower case: "US President Trump" is the country's own head
    between = sp.doc[sp.end : head.i]
    if not 0 <= head.i - sp.end <= 2 or any(t.is_punct for t in between):
        return False
    return head.is_lower and head.lower_ in _CURRENCY_WORDS | _OFFICE_WORDS


def _after_article(doc: Doc, m: _Mention) -> bool:
    """A name heading a noun phrase after "a" or "an" ("a Latina sitting"); "a Texas
    man", where the name only modifies a noun, is still a place."""
    if not re.search(r"\b(?:a|an|A|An)\s+$", doc_text(doc)[max(0, m.start - 4) : m.start]):
        return False
    if doc_text(doc)[m.end : m.end + 1] == "-":
        return False  # "a Beijing-based analyst"
    sp = doc.char_span(m.start, m.end, alignment_mode="expand")
    return sp is not None and sp.root.dep_ not in ("compound", "nmod", "amod", "poss", "npadvmod")


_DATELINE = re.compile(
    r"(?m)^(?P<city>[A-Z][A-Z'.-]+(?:[ ][A-Z][A-Z'.-]+){0,3})(?:,[ ](?P<area>[A-Z][A-Za-z.]+"
    r"(?:[ ][A-Z][A-Za-z.]+)?))?[ ]*(?:\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|CNN)\)[ ]*)?[-\u2014\u2013]"
)


# a dateline after a headline on the same line ("Fire destroys roof. TORRINGTON — A
# fire ...", "Storm overturns rigs. SALINA, Kan. Strong winds ..."), near the start only
_LEAD_DATELINE = re.compile(
    r"(?:(?<=[.!?] )|(?<=\d\d\d\d ))(?P<city>[A-Z][A-Z'.-]+(?:[ ][A-Z][A-Z'.-]+){0,3})"
    r"(?:(?:,[ ](?P<area>[A-Z][A-Za-z.]+))?[ ]*(?:--|[\u2014\u2013:-])[ ]"
    r"|,[ ](?P<abbr>[A-Z][a-z]{1,4}\.)[ ](?=[A-Z]))"
)


# a dateline opening the text with no mark after it ("LONDON The Latest on ...",
# "SAN ANTONIO Turner Sports analyst ..."): the next word is a capitalised one
_START_DATELINE = re.compile(
    r"\A\s*(?P<city>[A-Z][A-Z'.-]+(?:[ ][A-Z][A-Z'.-]+){0,3})[ ](?=[A-Z][a-z])"
)


def _known_org(name: str) -> bool:
    """An organisation dyad's knowledge lists by that name."""
    try:
        from dyad import knowledge

        return knowledge.org_by_name(name) is not None
    except Exception:  # noqa: BLE001 - knowledge is optional
        return False


def _is_title_word(name: str) -> bool:
    """A title or agent noun that dyad's knowledge lists ("Secretary", "Governor")."""
    try:
        from dyad import knowledge

        return name.lower() in knowledge.load().agents
    except Exception:  # noqa: BLE001 - knowledge is optional
        return False


def _famous(gaz: Gazetteer, name: str) -> bool:
    """A country, US state or region of ours, or a city of 200,000 or more."""
    if len(name) < 4 and not name.isupper():
        return False
    for e in gaz.lookup(name):
        if e.alt:
            continue
        if e.feature in _AREAS or (e.feature == "city" and e.population >= 200_000):
            return True
    return False


def _well_known(gaz: Gazetteer, name: str) -> bool:
    return any(
        not e.alt and (e.feature != "city" or e.population >= 100_000) for e in gaz.lookup(name)
    )


def _name_units(doc: Doc) -> list[Span]:
    """Runs of proper nouns inside person and organisation entities ("Omsk in Siberia"
    gives "Omsk" and "Siberia") and outside any entity."""
    units: list[Span] = []
    toks = doc_tokens(doc)
    i, n = 0, len(doc)
    while i < n:
        t = toks[i]
        if (
            t.pos_ == "PROPN"
            and t.ent_type_ in ("", "PERSON", "ORG", "NORP")
            and "\n" not in t.text
            and not (t.ent_type_ == "NORP" and _demonym(t.text))
        ):
            j = i + 1
            while (
                j < n
                and toks[j].pos_ == "PROPN"
                and toks[j].ent_type_ == t.ent_type_
                and toks[j].ent_iob_ != "B"
            ):
                j += 1
            units.append(doc[i:j])
            i = j
        else:
            i += 1
    return units


def _demonym(s: str) -> bool:
    try:
        from dyad import knowledge

        return knowledge.country_by_demonym(s) is not None
    except Exception:  # noqa: BLE001 - knowledge is optional
        return False


def _is_area(gaz: Gazetteer, name: str, features: tuple[str, ...] | None = None) -> bool:
    """A country, US state or one of our regions, by its name or alias."""
    features = features or _AREAS
    return bool(name) and any(
        e.feature in features and not e.alt for e in gaz.special.get(key(name), ())
    )


_AREAS = ("country", "admin1", "region", "continent", "sea", "union")


def _context(
    doc: Doc, mentions: list[_Mention], gaz: Gazetteer
) -> tuple[dict[str, float], set[tuple[str, str]]]:
    """Countries (weighted by mentions) and US states the article names outright."""
    countries: dict[str, float] = {}
    states: set[tuple[str, str]] = set()
    for m in mentions:
        cands = gaz.lookup(m.text)
        if any(e.feature == "city" and not e.alt and e.population >= 100_000 for e in cands):
            continue  # "Washington": the city as likely as the state
        if _country_or_state(cands) is not None:
            continue  # "Georgia": the country or the US state, decided later
        for e in cands:
            if e.alt:
                continue
            if e.feature == "country" and e.country:
                countries[e.country] = countries.get(e.country, 0) + 1.0
                break
            if e.feature == "admin1" and e.country:
                if e.admin1:
                    states.add((e.country, e.admin1))
                countries[e.country] = countries.get(e.country, 0) + 0.5
                break
            if e.feature == "admin2" and e.country and e.admin1:
                if len({(x.country, x.admin1) for x in cands if x.feature == "admin2"}) == 1:
                    states.add((e.country, e.admin1))  # "Muscogee County": Georgia
                countries[e.country] = countries.get(e.country, 0) + 0.5
                break
            if e.feature in ("region", "sea") and e.country:
                countries[e.country] = countries.get(e.country, 0) + 0.5
                break
    _county_state(doc_text(doc), mentions, gaz, countries, states)
    try:
        from dyad import knowledge

        for ent in doc.ents:
            if ent.label_ == "NORP":
                c = knowledge.country_by_demonym(ent.text)
                if c is not None:
                    countries[c.iso3] = countries.get(c.iso3, 0) + 0.5
    except Exception:  # noqa: BLE001 - knowledge is optional
        pass
    return countries, states


_COUNTIES = re.compile(
    r"((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:, | and |, and )){1,6}[A-Z][a-z]+(?: [A-Z][a-z]+)?) "
    r"[Cc]ounties\b"
)


def _county_state(
    text: str,
    mentions: list[_Mention],
    gaz: Gazetteer,
    countries: dict[str, float],
    states: set[tuple[str, str]],
) -> None:
    """The US state that holds the counties an article names ("Barrow and Jackson
    counties", "Hall County", "Clarke County"): the one state with two or more of them
    and more than any other is taken as the article's state."""
    names = {m.text for m in mentions if m.text.lower().endswith(" county")}
    for mm in _COUNTIES.finditer(text):
        names |= {f"{n} County" for n in re.split(r", and |, | and ", mm.group(1)) if n}
    by_state: dict[str, int] = {}
    for n in names:
        for st in {e.admin1 for e in gaz.lookup(n) if e.feature == "admin2" and e.admin1}:
            by_state[st] = by_state.get(st, 0) + 1
    if not by_state:
        return
    ranked = sorted(by_state.items(), key=lambda x: -x[1])
    if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        states.add(("USA", ranked[0][0]))
        countries["USA"] = countries.get("USA", 0) + 1.0


def _country_or_state(cands: list[Entry]) -> Entry | None:
    """For a name that is both a country and another country's first-level division
    ("Georgia"), the division; else None."""
    main = [e for e in cands if not e.alt]
    country = next((e for e in main if e.feature == "country"), None)
    if country is None:
        return None
    return next(
        (e for e in main if e.feature == "admin1" and e.country and e.country != country.country),
        None,
    )


def _score(
    e: Entry,
    countries: dict[str, float],
    states: set[tuple[str, str]],
    label: str,
    area_countries: frozenset[str] = frozenset(),
) -> float:
    """How likely entry ``e`` is the place meant, in an article about ``countries``.

    A town named like a state of its own country ("Nevada", Iowa) gets no help from
    the states the article names: it must beat the state on its own."""
    s = _FEATURE_BASE.get(e.feature, 0.0)
    if e.feature in ("city", "admin2", "place") or e.feature not in _FEATURE_BASE:
        s += 3.0 * math.log10(e.population + 1)
    if e.alt:
        s -= 4.0
    if e.country and e.country in countries and e.feature not in ("country",):
        s += 3.0 + 0.5 * min(countries[e.country], 4.0)
    # a town named like a division of a country the article is about ("Queensland",
    # Alberta, in a story that names Australia) gets no help from its state either
    if (
        e.admin1
        and e.feature in ("city", "admin2")
        and e.country not in area_countries
        and not area_countries & countries.keys()
    ):
        if (e.country, e.admin1) in states:
            s += 5.0
        elif ("~", e.country, e.admin1) in states:
            s += 3.0
    if label == "FAC" and e.feature == "facility":
        s += 5.0
    if label == "LOC" and e.feature in ("region", "sea", "continent", "terrain", "water", "area"):
        s += 3.0
    return s


def resolve_name(
    name: str,
    gaz: Gazetteer,
    countries: dict[str, float] | None = None,
    states: set[tuple[str, str]] | None = None,
    label: str = "GPE",
    strong: bool = True,
    min_pop: int = 100_000,
    ctx_pop: int = 0,
) -> tuple[Entry, float] | None:
    """The best gazetteer entry for ``name`` in an article about ``countries``, with a
    confidence in [0, 1]; None when nothing fits well enough."""
    countries = countries or {}
    states = states or set()
    cands = gaz.lookup(name)
    if not cands:
        return None
    areas = frozenset(e.country for e in cands if e.feature == "admin1" and e.country and not e.alt)
    scored = sorted(
        ((_score(e, countries, states, label, areas), e) for e in cands), key=lambda x: -x[0]
    )
    best_s, best = scored[0]
    state = _country_or_state(cands)
    if best.feature == "country" and state is not None and state.country != best.country:
        # "Georgia" in a story about the US: the state, when the article names that
        # country's states or towns and gives the other country less weight
        ours = countries.get(state.country or "", 0.0)
        named = any(x[-2] == state.country for x in states)
        if named and ours > countries.get(best.country or "", 0.0):
            return state, 0.6
    specific = not best.alt and len(name.split()) >= 2 and best.feature not in ("city", "place")
    if (best.feature == "city" or best.feature not in _FEATURE_BASE) and not specific:
        if len(name.replace(".", "")) <= 3 and name.isupper():
            return None  # "WA", "NSW": an abbreviation, not a town named Wa
        # a country the article names in passing ("the United States" once in a story
        # about Britain) does not vouch for its small towns
        top = max(countries.values(), default=0.0)
        share = countries.get(best.country or "", 0.0)
        in_context = share > 0 and (share >= 0.3 * top or best.population >= 100_000)
        small = best.population < (50_000 if strong else 1)
        if best.alt and not in_context and best.population < 100_000:
            return None
        if small and not in_context:
            return None
        if not in_context and top >= 2.0 and best.population < 200_000:
            return None  # a story about one country: a mid-sized town elsewhere needs a sign
        if not strong and not in_context and (best.alt or best.population < min_pop):
            return None
        if not strong and in_context and best.population < ctx_pop:
            return None
    second = scored[1][0] if len(scored) > 1 else best_s - 10
    conf = round(min(1.0, 0.5 + (best_s - second) / 20.0), 2)
    if best.feature == "admin2" and len(scored) > 1 and best.lat is not None:
        e2 = scored[1][1]
        if e2.feature == "admin2" and second >= best_s and e2.admin1 != best.admin1:
            # "Orange County" with no state in sight: the country, but no point
            best = replace(best, lat=None, lon=None)
    return best, conf


def _inner_place(sp: Span | None, gaz: Gazetteer, countries, states) -> Entry | None:
    """For a facility: the place named inside it ("Baghdad International Airport")."""
    if sp is None:
        return None
    if not any(t.lower_ in _FACILITY_WORDS for t in sp) or sp[-1].lower_ in _STREET_WORDS:
        return None  # "Grenada Street" is not in Grenada
    toks = [t for t in sp if (t.pos_ == "PROPN" or t.is_title) and t.lower_ not in _FACILITY_WORDS]
    for n in range(min(3, len(toks)), 0, -1):
        for i in range(len(toks) - n + 1):
            words = toks[i : i + n]
            if any(words[j + 1].i != words[j].i + 1 for j in range(n - 1)):
                continue
            r = resolve_name(" ".join(t.text for t in words), gaz, countries, states)
            if r is None or r[0].alt:
                continue
            e = r[0]
            if e.feature == "admin1" or (
                e.feature == "city" and (e.population >= 100_000 or e.country in countries)
            ):
                return e
    return None


def find_places(doc: Doc, rec: Record, gaz: Gazetteer, demonyms: bool = False) -> list[Place]:
    """Every place mention in ``doc`` with its resolved entry.

    ``demonyms``: also give each demonym ("Ukrainian") as a place of its country, with
    ``feature="demonym"`` (geoparsing benchmarks count them; the record does not).
    """
    mentions = _mentions(doc, rec, gaz)
    countries, states = _context(doc, mentions, gaz)
    resolved: dict[str, tuple[Entry, float] | None] = {}
    fixed = _pairs(doc_text(doc), mentions, gaz, countries, states)
    # towns that are clearly placed tell which state the others are in ("Richmond" in a
    # story from Henrico and Chesterfield is Richmond, Virginia)
    inferred: set = set()
    found_in: dict[str, float] = {}
    for m in mentions:
        if id(m) in fixed or m.label == "FAC":
            continue
        r = resolve_name(m.text, gaz, countries, states, m.label, m.strong, m.min_pop, m.ctx_pop)
        if r is not None and r[1] >= 0.8 and r[0].feature in ("city", "admin2") and r[0].admin1:
            inferred.add((r[0].country, r[0].admin1))
            if r[0].country and r[0].population >= 100_000:
                found_in[r[0].country] = found_in.get(r[0].country, 0) + 0.5
        elif r is not None and r[0].feature == "country" and r[0].country:
            if _country_or_state(gaz.lookup(m.text)) is not None:  # "Georgia", decided
                found_in[r[0].country] = found_in.get(r[0].country, 0) + 1.0
    for c, w in found_in.items():  # big towns clearly placed say which country it is about
        countries[c] = countries.get(c, 0) + w
    states |= {("~",) + x for x in inferred - states}  # weaker: "~" marks an inferred state
    for m in mentions:
        if id(m) in fixed:
            resolved.setdefault(key(m.text), fixed[id(m)])
    places: list[Place] = []
    pending: list[_Mention] = []
    for m in mentions:
        k = key(m.text)
        if id(m) in fixed:
            e, conf = fixed[id(m)]
            name = e.name if e.feature == "country" else m.text
            places.append(
                Place(
                    name, (m.start, m.end), e.country, e.lat, e.lon, e.geonames_id, e.feature, conf
                )
            )
            continue
        if k not in resolved:
            r = resolve_name(
                m.text, gaz, countries, states, m.label, m.strong, m.min_pop, m.ctx_pop
            )
            if r is None and m.label == "FAC":
                sp = doc.char_span(m.start, m.end, alignment_mode="expand")
                inner = _inner_place(sp, gaz, countries, states)
                if inner is not None:
                    r = (
                        Entry(m.text, inner.country, inner.lat, inner.lon, None, "facility", 0),
                        0.6,
                    )
            resolved[k] = r
        r = resolved[k]
        if r is None:
            pending.append(m)
            continue
        e, conf = r
        name = e.name if e.feature == "country" else m.text
        places.append(
            Place(name, (m.start, m.end), e.country, e.lat, e.lon, e.geonames_id, e.feature, conf)
        )
    places, pending = _settle_nearby(places, pending, resolved, gaz, countries)
    # names the gazetteer lacks: the country of a place they are joined to
    for m in pending:
        if not m.strong:  # only names the parser called a place somewhere
            continue
        sp = doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is None:
            continue
        partner = _joined_place(sp, places)
        if partner is None:
            continue
        same = [p for p in places if key(p.name) == key(m.text)]
        if same:
            continue
        places.append(
            Place(m.text, (m.start, m.end), partner.country, None, None, None, "place", 0.4)
        )
        # every other mention of that name
        for m2 in pending:
            if m2 is not m and key(m2.text) == key(m.text):
                places.append(
                    Place(
                        m2.text, (m2.start, m2.end), partner.country, None, None, None, "place", 0.4
                    )
                )
    # a facility, a street or a neighbourhood the gazetteer lacks ("Third Street",
    # "Barclays Center", "South Side"): it is in the town the paragraph (else the article)
    # is about; approximate, so its confidence is low
    done = {p.span for p in places}
    towns = [p for p in places if p.feature in ("city", "admin2") and p.lat is not None]
    placed: dict[str, Place] = {}  # the same name is in the same town throughout
    for m in pending:
        if (
            m.label not in ("FAC", "LOC", "GPE")
            or not m.strong
            or (m.start, m.end) in done
            or not towns
        ):
            continue
        if m.text.replace(".", "").isupper() or _is_title_word(m.text) or not m.text[0].isupper():
            continue  # "YPG", "DPW", "green algae": not a site the parser found
        if m.label == "GPE" and any(e.feature == "city" and not e.alt for e in gaz.lookup(m.text)):
            continue  # a town's name left unresolved on purpose stays so (not a site here)
        town = placed.get(key(m.text)) or _area_inside(m, gaz) or _town_of(doc, m, towns)
        if town is None:
            continue
        placed.setdefault(key(m.text), town)
        places.append(
            Place(m.text, (m.start, m.end), town.country, town.lat, town.lon, None, "facility", 0.3)
        )
    # "US-built", "US$": kept as demonyms are (only when asked for), never as places
    mods = {(m.start, m.end) for m in mentions if m.modifier}
    places = [
        replace(p, feature="demonym") if p.span in mods else p
        for p in places
        if demonyms or p.span not in mods
    ]
    if demonyms:
        places += _demonym_places(doc, gaz, places)
        places += _org_places(doc, gaz, places, countries, states)
    places.sort(key=lambda p: p.span[0])
    seen: set[tuple[int, int]] = set()
    out = []
    for p in places:
        if p.span in seen:
            continue
        seen.add(p.span)
        out.append(p)
    return out


def _settle_nearby(
    places: list[Place],
    pending: list[_Mention],
    resolved: dict[str, tuple[Entry, float] | None],
    gaz: Gazetteer,
    countries: dict[str, float],
) -> tuple[list[Place], list[_Mention]]:
    """Towns placed by their distance to the article's other towns (:mod:`.nearby`):
    names left null, and weak choices far from everything else."""
    anchors = [
        nearby.Point(key(p.name), p.lat, p.lon)
        for p in places
        if p.feature in ("city", "admin2") and p.lat is not None and p.lon is not None
    ]
    open_names = list(
        dict.fromkeys(
            key(m.text)
            for m in pending
            if not m.modifier and not (len(m.text.replace(".", "")) <= 3 and m.text.isupper())
        )
    )
    named: dict[str, int] = {}
    for p in places:
        named[key(p.name)] = named.get(key(p.name), 0) + 1

    def own_context(e: Entry, k: str) -> bool:
        # the article's only sign of that country is this very name ("Nelson" in NZ)
        return countries.get(e.country or "", 0.0) <= 0.5 * named.get(k, 0) + 0.5

    weak = {
        k: r[0]
        for k, r in resolved.items()
        if r is not None
        and r[1] < 0.8
        and (
            r[0].feature == "city"
            or (r[0].feature == "admin1" and own_context(r[0], k))
            or (r[0].feature == "admin2" and r[0].lat is None)  # "Orange County", no state
        )
    }
    chosen = nearby.settle(gaz, anchors, open_names, weak, countries)
    if not chosen:
        return places, pending

    def place(name: str, span: tuple[int, int], e: Entry) -> Place:
        return Place(name, span, e.country, e.lat, e.lon, e.geonames_id, e.feature, 0.6)

    out = [
        place(p.name, p.span, chosen[key(p.name)])
        if key(p.name) in chosen and p.feature in ("city", "admin1", "admin2")
        else p
        for p in places
    ]
    out += [
        place(m.text, (m.start, m.end), chosen[key(m.text)])
        for m in pending
        if key(m.text) in chosen
    ]
    return out, [m for m in pending if key(m.text) not in chosen]


def _pairs(
    text: str,
    mentions: list[_Mention],
    gaz: Gazetteer,
    countries: dict[str, float],
    states: set[tuple[str, str]],
) -> dict:
    """ "Town, State" and "Town, Country" ("Paris, Texas", "Moscow, Idaho", "HELENA,
    Mont."): the town in that state or country, and the state or country itself."""
    out: dict[int, tuple[Entry, float]] = {}
    for m1, m2 in zip(mentions, mentions[1:], strict=False):
        if not re.fullmatch(r",\s*", text[m1.end : m2.start]):
            continue
        c2 = [
            e
            for e in gaz.lookup(m2.text)
            if not e.alt and e.feature in ("admin1", "admin2", "country")
        ]
        c1 = [e for e in gaz.lookup(m1.text) if e.feature == "city"]
        if any(
            e.feature in ("admin1", "country")
            and not e.alt
            and e.country in {a.country for a in c2}
            for e in gaz.lookup(m1.text)
        ):
            continue  # "California, US": the state, not a town called California
        best = None
        for area in c2:
            for town in c1:
                if town.country != area.country:
                    continue
                if (
                    area.feature in ("admin1", "admin2")
                    and area.admin1
                    and town.admin1 != area.admin1
                ):
                    continue
                score = town.population - (10**9 if town.alt else 0)
                if best is None or score > best[0]:
                    best = (score, town, area)
        if best is None:
            continue
        _, town, area = best
        out[id(m1)] = (town, 0.9)
        out[id(m2)] = (area, 0.9)
        if area.feature == "admin1" and area.admin1:
            states.add((area.country, area.admin1))
        if area.country:
            countries[area.country] = countries.get(area.country, 0) + 1.0
    return out


# Adjectives of regions, not countries (those come from dyad.knowledge).
_REGION_DEMONYMS = {
    "european": "Europe",
    "african": "Africa",
    "asian": "Asia",
    "arab": "Middle East",
    "middle eastern": "Middle East",
    "latin american": "Latin America",
    "south american": "South America",
    "central american": "Central America",
    "north american": "North America",
    "siberian": "Siberia",
    "scandinavian": "Scandinavia",
    "balkan": "Balkans",
    "caribbean": "Caribbean",
    "mediterranean": "Mediterranean",
    "kurdish": "Kurdistan",
}


def _demonym_of(gaz: Gazetteer, text: str) -> Entry | None:
    """The country or region a demonym (or a country's name) names."""
    from dyad import knowledge

    c = knowledge.country_by_demonym(text) or knowledge.country_by_name(text)
    e = gaz.country(c.iso3) if c is not None else None
    if e is None:
        region = _REGION_DEMONYMS.get(key(text).rstrip("s"))
        e = next((x for x in gaz.special.get(key(region), ())), None) if region else None
    return e


def _demonym_places(doc: Doc, gaz: Gazetteer, places: list[Place]) -> list[Place]:
    """Demonyms ("Ukrainian", "European") and country names inside amounts ("US
    dollars") as places, for benchmarks that count every mention of a place."""
    from dyad import knowledge

    out = []
    spans: list[Span | Token] = []
    for e in doc.ents:
        if e.label_ != "NORP":
            continue
        if _demonym_of(gaz, e.text) is not None:
            spans.append(e)
        else:  # "anti-Russian", "Russian-European", "Bosnian Serb": each word
            spans += [t for t in e if t.is_title]
    spans += [
        t
        for e in doc.ents
        if e.label_ in ("ORG", "FAC", "MONEY")
        for t in e
        if t.is_title or t.is_upper
    ]
    # a demonym the parser left out or called a person ("Salvadoran migrant",
    # "Azerbaijani jails", "the Syrian-Turkish border")
    spans += [
        t
        for t in doc
        if t.is_title
        and t.ent_type_ in ("", "PERSON")
        and knowledge.country_by_demonym(t.text) is not None
        and t.head.i != t.i
        and t.dep_ in ("amod", "compound", "nmod")
    ]
    for ent in spans:
        s = ent.idx if isinstance(ent, Token) else ent.start_char
        e_ = s + len(ent.text)
        if any(p.span[0] < e_ and s < p.span[1] for p in places + out):
            continue
        e = _demonym_of(gaz, ent.text)
        if e is None:
            continue
        out.append(Place(ent.text, (s, e_), e.country, e.lat, e.lon, e.geonames_id, "demonym", 0.8))
    return out


def _org_places(
    doc: Doc,
    gaz: Gazetteer,
    places: list[Place],
    countries: dict[str, float],
    states: set[tuple[str, str]],
) -> list[Place]:
    """Towns that name an organisation ("The Washington Post", "Seattle Fire", "the
    Buffalo Bisons") as places, for benchmarks that count them (as demonyms are: the
    record leaves them out). The town must resolve as any other would."""
    out: list[Place] = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC") or len(ent) < 2:
            continue
        if ent[-1].lower_ in _SITE_WORDS | _FACILITY_WORDS | _STREET_WORDS:
            continue  # "Carnegie Library", "White House": a site, named for no town
        i = ent.start + (1 if doc[ent.start].pos_ == "DET" else 0)
        for n in (3, 2, 1):
            sp = doc[i : i + n]
            if i + n >= ent.end or not all(t.is_title for t in sp) or doc[i + n].lower_ == "of":
                continue  # "University of California": not a town called University
            if any(p.span[0] < sp.end_char and sp.start_char < p.span[1] for p in places + out):
                break
            r = resolve_name(sp.text, gaz, countries, states, strong=False, ctx_pop=15_000)
            if r is None or r[0].lat is None or r[0].feature not in ("city", "admin1", "country"):
                continue
            e = r[0]
            out.append(
                Place(
                    sp.text,
                    (sp.start_char, sp.end_char),
                    e.country,
                    e.lat,
                    e.lon,
                    e.geonames_id,
                    "demonym",
                    0.5,
                )
            )
            break
    return out


def _area_inside(m: _Mention, gaz: Gazetteer) -> Place | None:
    """A country or state named inside an unknown name ("Politics Ukraine"); not for
    sites named after one ("Grenada Street")."""
    words = m.text.split()
    if words and words[-1].lower() in _SITE_WORDS | _FACILITY_WORDS:
        return None
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            t = " ".join(words[i : i + n])
            if _is_area(gaz, t, ("country", "admin1")):
                e = next(
                    x
                    for x in gaz.special[key(t)]
                    if x.feature in ("country", "admin1") and not x.alt
                )
                return Place(e.name, (m.start, m.end), e.country, e.lat, e.lon, None, e.feature)
    return None


def _town_of(doc: Doc, m: _Mention, towns: list[Place]) -> Place | None:
    """The town a facility is in: named right after it ("Charité in Berlin"), else the
    last one before it in its sentence, then in its paragraph, else the article's."""
    text = doc_text(doc)
    for p in towns:
        if p.span[0] >= m.end and re.fullmatch(
            r"\s*(?:,|in|at|near|of|outside)\s*", text[m.end : p.span[0]]
        ):
            return p
    sp = doc.char_span(m.start, m.end, alignment_mode="expand")
    sent_start = sp.sent.start_char if sp is not None else m.start
    para = text.rfind("\n\n", 0, m.start)
    for lo in (sent_start, para):
        near = [p for p in towns if lo <= p.span[0] < m.start]
        if near:
            return near[-1]
    return _most_named(towns)


def _most_named(towns: list[Place]) -> Place | None:
    """The town named most often (ties: the first), if it is named at least twice."""
    counts: dict[str, int] = {}
    for p in towns:
        counts[key(p.name)] = counts.get(key(p.name), 0) + 1
    best = max(towns, key=lambda p: counts[key(p.name)])
    return best if counts[key(best.name)] >= 2 else None


def _joined_place(sp: Span, places: list[Place]) -> Place | None:
    root = sp.root
    near: list[Token] = []
    if root.dep_ == "conj":
        near.append(root.head)
    near += [c for c in root.children if c.dep_ == "conj"]
    for t in near:
        for p in places:
            if p.span[0] <= t.idx < p.span[1] and p.country and p.feature not in ("country",):
                return p
    return None


def setup(ctx: Context) -> None:
    """Build the gazetteer before the first article (it takes a few seconds)."""
    _gaz(ctx)


@stage("places", uses=("actors",), assigns=("places",), setup=setup)
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Add the article's geocoded places to ``rec.places``."""
    rec.places.extend(find_places(doc, rec, _gaz(ctx), ctx.settings.places_demonyms))
    geocode_dateline(rec, _gaz(ctx))


def geocode_dateline(rec: Record, gaz: Gazetteer) -> None:
    """Geocode the wire dateline's place (``rec.dateline_place``), helped by the area
    the dateline names ("HELENA, Mont.") and the countries the article's places are in.
    A place the gazetteer cannot resolve keeps its name alone."""
    dp = rec.dateline_place
    if not dp or not dp.get("name") or dp.get("country"):
        return
    from dyad.read.dateline import parse_dateline

    countries: dict[str, float] = {}
    for p in rec.places:
        if p.country:
            countries[p.country] = countries.get(p.country, 0) + 1
    states: set[tuple[str, str]] = set()
    dl = parse_dateline(rec.dateline or "")
    for area in (dl.area or "").split(", ") if dl else ():
        r = resolve_name(_name_case(area), gaz) if area else None
        if r is not None and r[0].country:
            if r[0].feature == "admin1" and r[0].admin1:
                states.add((r[0].country, r[0].admin1))
            countries[r[0].country] = countries.get(r[0].country, 0) + 4
    r = resolve_name(_name_case(dp["name"]), gaz, countries, states)
    if r is None:
        return
    e, conf = r
    rec.dateline_place = {
        "name": dp["name"],
        "country": e.country,
        "lat": e.lat,
        "lon": e.lon,
        "feature": e.feature,
        "geonames_id": e.geonames_id,
        "confidence": conf,
    }


def _name_case(s: str) -> str:
    """ "NEW YORK" -> "New York": a name in capitals as the gazetteer writes it."""
    return s.title() if s.isupper() and len(s) > 3 else s


_SPECIFIC = {
    "facility": 0,
    "city": 1,
    "place": 1,
    "admin2": 2,
    "admin1": 3,
    "region": 4,
    "country": 5,
}


def event_place(doc: Doc, rec: Record, token_i: int) -> dict | None:
    """The place of the event whose trigger is token ``token_i``, or None.

    A place attached to the trigger's clause by a locative preposition ("in Omsk",
    "at the Defense Ministry in Moscow"); the most specific one wins. Never a default.
    """
    if not 0 <= token_i < len(doc):
        return None
    tok = doc[token_i]
    sent = tok.sent
    verb = clause_verb(tok)
    best: tuple[int, int, Place] | None = None
    for p in rec.places:
        if not (sent.start_char <= p.span[0] < sent.end_char) or not p.country and p.lat is None:
            continue
        sp = doc.char_span(p.span[0], p.span[1], alignment_mode="expand")
        if sp is None:
            continue
        root = sp.root
        # climb compounds/appositions to the noun the preposition governs
        while root.dep_ in ("compound", "appos", "conj") and root.head is not root:
            root = root.head
        if root.dep_ != "pobj" or root.head.lower_ not in _LOC_PREPS:
            continue
        if clause_verb(root.head) != verb:
            continue
        rank = (_SPECIFIC.get(p.feature or "", 3), abs(root.i - token_i))
        if best is None or rank < best[:2]:
            best = (rank[0], rank[1], p)
    if best is None:
        return None
    p = best[2]
    return {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon}
