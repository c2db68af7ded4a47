"""What each candidate name is (person, organisation, country, demonym, place ...),
one type per surface in an article."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.memory import Surnames, known_people, learned, user_actors
from dyad.extract.actors.names import fold, name_words, surname_key
from dyad.extract.actors.roles import looks_like_titled_person
from dyad.extract.actors.syntax import Cand, phrase_root
from dyad.extract.actors.words import (
    COMPANY_FORMS,
    EVENT_WORDS,
    GIVEN_NAMES,
    HONORIFICS,
    ORG_WORDS,
    PLACE_WORDS,
    surface_key,
)


def type_candidates(art: ArticleState, cands: list[Cand]) -> list[Cand]:
    """Each candidate typed (person, org, country, demonym, capital, place, nominal), one
    type per surface in the article; dropped ones left out."""
    doc = art.doc
    full_persons = [
        c for c in cands if c.label == "PERSON" and not c.gaz and len(name_words(c.text(doc))) >= 2
    ]
    surnames = {surname_key(c.text(doc)) for c in full_persons}
    art.doc_surnames = set(surnames)
    known = Surnames(surnames, learned(art.ctx), user_actors(art.ctx))
    org_heads: dict[str, str] = {}
    for c in cands:
        if c.label in ("ORG", "FAC") and c.end - c.start >= 2 and not c.gaz:
            first = doc[c.start]
            if (
                first.is_title
                and not first.is_stop
                and first.lower_ not in gz.agent_words()
                and not gz.region_country(first.text)
                and not kb.country_by_any(first.text)
            ):
                org_heads[first.text] = doc[c.start : c.end].text
    person_toks = {i for c in cands if c.label == "PERSON" for i in range(c.start, c.end)}
    votes: dict[str, Counter] = {}
    for c in cands:
        t = _type_one(art, c, known, org_heads, person_toks)
        c.kind = t
        votes.setdefault(surface_key(c.text(doc)), Counter())[t] += 1
    # one surface, one type per article (gazetteer and surname decisions are firm)
    for c in cands:
        if c.gaz or c.kind in ("demonym", "capital", "drop"):
            continue
        v = votes[surface_key(c.text(doc))]
        if c.kind == "place" and v["person"] and c.label != "GPE":
            c.kind = "person"
        elif c.kind in ("person", "org", "place"):
            order = {"org": 2, "place": 1, "person": 0}
            best = max(("person", "org", "place"), key=lambda k: (v[k], order[k]))
            if v[best] >= v[c.kind] and best != c.kind:
                c.kind = best
    return [c for c in cands if c.kind not in ("drop",)]


def _type_one(
    art: ArticleState,
    c: Cand,
    surnames: Surnames,
    org_heads: dict[str, str],
    person_toks: set[int],
) -> str:
    """The kind of one candidate: its source first (the user's file, the gazetteer), then
    the rules below, in order; the first that decides wins."""
    doc = art.doc
    span = c.span(doc)
    text = c.text(doc)
    if c.label == "USER":
        return c.kind  # a name from the user's actor file
    if c.gaz:
        c.value = c.gaz.value
        if (
            c.gaz.kind in ("capital", "country")
            and len(span) == 1
            and surname_key(text) in art.doc_surnames
        ):
            return "person"  # "Amman" after "Sudesh Amman": his surname, not Jordan
        return c.gaz.kind
    words = text.split()
    return (
        _kind_of_debris(c, span, text, words, org_heads)
        or _kind_by_known_names(art, c, text, words, surnames)
        or _kind_of_odd_names(art, c, text, words)
        or _kind_by_label(art, c, span, text, words, person_toks)
    )


def _kind_of_debris(
    c: Cand, span: Span, text: str, words: list[str], org_heads: dict[str, str]
) -> str | None:
    """No name at all (lower case, table debris, "Defense" of "Defense Minister"), or the
    first word of an organisation's longer name."""
    doc = span.doc
    if not any(ch.isupper() for ch in text):
        return "drop"
    if c.label == "PERSON" and (any(ch.isdigit() for ch in text) or "<" in text or ">" in text):
        return "drop"  # "Revs 483.8 mln vs", "CKGH.HK>": table and ticker debris
    if "[" in text or "]" in text:
        return "drop"  # "[W]e": a quotation's editorial brackets
    if (
        c.label in ("ORG", "PERSON", "PRODUCT")
        and _CODE.match(text)
        and kb.org_by_name(text) is None
        and kb.dictionary_org(text) is None
    ):
        return "drop"  # "M-1" money supply, "F-16": a code, no actor ("G-7" is known)
    if _in_quoted_title(span):
        return "drop"  # 'the ABC News program, "This Week With David Brinkley,"': a title
    if (
        c.label == "PERSON"
        and len(words) == 1
        and "title" in kb.load().agents.get(text.lower(), ())
    ):
        return "drop"  # "the Queen" tagged PERSON: a title, for the title pass and coreference
    if c.label == "NORP":
        return "drop"
    if c.label == "LOC":
        return "place"
    low = [t.lower_ for t in span]
    if " " not in text and (
        text.lower() in EVENT_WORDS or text.lower().startswith(("anti-", "pro-"))
    ):
        return "drop"  # "Brexit", "anti-Brexit": an event or a stance, not an actor
    agent_w = gz.agent_words()
    if (
        c.label in ("ORG", "GPE")
        and all(w in agent_w for w in low)
        and span.end < len(doc)
        and doc[span.end].lower_ in agent_w
        and doc[span.end].is_title
    ):
        return "drop"  # "Defense" of "Defense Minister"
    if len(words) == 1 and text in org_heads and c.label != "PERSON":
        return "org"
    if c.label == "PERSON" and len(words) == 1 and text in org_heads:
        return "org"
    return None


def _kind_by_known_names(
    art: ArticleState, c: Cand, text: str, words: list[str], surnames: Surnames
) -> str | None:
    """A surname of this article's or a known person, or an organisation named before."""
    if (
        surname_key(text) in surnames
        and c.label in ("ORG", "GPE", "PERSON", "FAC")
        and (
            len(words) == 1
            or (len(words) == 2 and words[0].lower() in ("al", "el", "al-", "de", "van", "von"))
            or "-" in text
            and len(words) == 1
        )
    ):
        return "person"
    if (
        c.label in ("ORG", "GPE")
        and len(words) == 1
        and len(text) >= 4
        and known_people().find(text, art.rec.published, person=True) is not None
        and not gz.city_country(text)
    ):
        return "person"  # "Medvedev" tagged GPE: a well-known surname
    if (
        c.label in ("ORG", "GPE", "FAC")
        and len(words) >= 2
        and words[0].lower().rstrip(".") in HONORIFICS
    ):
        return "person"  # "Mr Balls" tagged ORG
    if c.label in ("PERSON", "GPE") and len(words) <= 2:
        k = learned(art.ctx).find(text, art.rec.published)
        if k is not None and k.kind == "org" and surname_key(text) not in surnames:
            return "org"  # "Mahan": an airline an earlier article named
    return None


def _kind_of_odd_names(art: ArticleState, c: Cand, text: str, words: list[str]) -> str | None:
    """Cities tagged PERSON, time zones, operations and events tagged ORG, known persons
    tagged ORG."""
    if c.label == "PERSON" and len(words) == 1 and gz.city_country(text):
        return "place"  # "Manchester" tagged PERSON
    nxt = art.all_toks[c.end] if c.end < len(art.all_toks) else None
    if c.label in ("PERSON", "ORG") and nxt is not None and nxt.lower_ in _REGION_NOUNS:
        return "place"  # "Maidan Wardak province", "the Maidan Wardak provincial council"
    if c.label == "ORG" and text in ("UTC", "GMT", "EST", "EDT", "PST", "CET", "BST", "IST"):
        return "drop"  # time zones
    if c.label in ("ORG", "WORK_OF_ART", "EVENT") and words[0].lower() == "operation":
        return "drop"  # "Operation Peace Spring"
    if c.label == "ORG" and all(w.lower() in EVENT_WORDS or w.isdigit() for w in words[-1:]):
        return "drop"  # "General Election", "Hutton Inquiry": events, not actors
    if c.label == "ORG" and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        bare = " ".join(
            w
            for i, w in enumerate(words)
            if i == len(words) - 1 or w.lower() not in gz.agent_words()
        )
        for mem in (user_actors(art.ctx), learned(art.ctx), known_people()):
            k = mem.find(bare, art.rec.published, person=True)
            if k is not None and k.kind == "person":
                return "person"  # "Uhuru Kenyatta" tagged ORG
    return None


def _kind_by_label(
    art: ArticleState, c: Cand, span: Span, text: str, words: list[str], person_toks: set[int]
) -> str:
    """What spaCy's label says, corrected by the name's shape and by what the sentence
    says of it ("X, who was arrested"; "Buhari of Nigeria and X of Benin")."""
    if c.label in ("ORG", "FAC") and _is_nominal_name(art, c):
        return "nominal"
    if c.label == "PERSON" and words[-1].lower().strip(".,") in COMPANY_FORMS:
        return "org"  # "Rhein-Chemie Rheinau GmbH": a firm's legal form ends the name
    if c.label == "PERSON" and words[-1].lower() in PLACE_WORDS:
        return "place"  # "Karl Marx Avenue"
    if c.label == "PERSON":
        head = phrase_root(span.root)
        if len(words) == 1 and head.dep_ == "nsubj" and head.head.lemma_ == "report":
            return "org"  # "Rudaw reports ...": a news outlet
        return "person"
    if (
        c.label == "ORG"
        and 2 <= len(words) <= 3
        and (
            fold(words[0]).split("-")[0] in GIVEN_NAMES
            or fold(words[0]).lower() in kb.dictionary_given_names()
        )
        and all(w[:1].isupper() for w in words)
        and not any(w.lower() in ORG_WORDS or w.lower() in gz.agent_words() for w in words)
        and not kb.org_by_name(text)
    ):
        return "person"  # "Paul Rivera" tagged ORG
    if c.label == "ORG" and looks_like_titled_person(art, span):
        return "person"
    if c.label == "ORG" and _reads_as_person(art, span, words, person_toks):
        return "person"
    if c.label in ("ORG", "FAC") and " in " in f" {text} ":
        first = text.split(" in ")[0]
        if gz.city_country(first) or kb.country_by_name(first):
            return "place"
    if c.label == "GPE":
        if gz.city_country(text):
            return "place"
        return "place"
    if c.label == "FAC":
        return "place"
    if c.label == "ORG" and gz.city_country(text) and len(words) == 1:
        return "place"
    if (
        c.label == "ORG"
        and 2 <= len(words) <= 4
        and words[-1].lower() in _COMPASS
        and (gz.city_country(words[0]) or gz.region_country(words[0]))
    ):
        return "place"  # "Dundee East", "Clwyd North West": a constituency
    return "org"


def _is_nominal_name(art: ArticleState, c: Cand) -> bool:
    """An ORG that is an institution of a country ("the Parliament of Iraq",
    "the Syrian Army", "Defense Ministry"): left to the nominal pass."""
    doc = art.doc
    inner = {
        i
        for h in art.inner
        for i in range(h.start, h.end)
        if h.kind in ("country", "demonym") and c.start <= h.start < c.end
    }
    toks = [t for t in doc[c.start : c.end] if t.i not in inner]
    while toks and toks[-1].lower_ in ("of", "the"):
        toks.pop()
    if len(toks) >= 2 and toks[-1].lower_ == "of":
        toks.pop()
    if toks and toks[-1].i + 1 < c.end and doc[toks[-1].i + 1].lower_ == "of":
        pass
    words = [t.lower_ for t in toks]
    if "of" in words and all(i in inner for i in range(toks[words.index("of")].i + 1, c.end)):
        words = words[: words.index("of")]
    elif "of" in words and words.index("of") >= 1:
        head = " ".join(words[: words.index("of")])
        roles = kb.load().agents.get(head)
        if roles and "body" in roles and head in ("ministry", "department", "office"):
            return True  # "Ministry of Mines"
    if not words:
        return False
    phrase = " ".join(words)
    for cand in (phrase, phrase.rstrip("s")):
        roles = kb.load().agents.get(cand)
        if roles and any(r in roles for r in ("body", "force", "government")):
            return True
    return False


# lower-case words after a place's name: "Maidan Wardak province", "Helmand provincial council"
_REGION_NOUNS = frozenset(
    {"province", "provincial", "district", "governorate", "prefecture", "oblast", "county"}
)


_COMPASS = frozenset({"north", "south", "east", "west", "central"})


def _reads_as_person(
    art: ArticleState, span: Span, words: list[str], person_toks: set[int]
) -> bool:
    """Two or three capitalised words with no organisation word, tagged ORG, that the
    sentence treats as a person: followed by ", who" ("Viktar Babaryka, who was
    arrested"), or joined by "and" to a person's name ("Presidents Muhammadu Buhari of
    Nigeria and Patrice Talon of Benin")."""
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:].islower() for w in words):
        return False
    toks = art.all_toks
    who = (
        span.end + 1 < len(toks)
        and toks[span.end].text == ","
        and toks[span.end + 1].lower_ == "who"
    )
    root = span.root
    if not who and not (root.dep_ == "conj" and root.head.i in person_toks):
        return False  # the sentence says nothing of a person: no lookups
    if any(w.lower() in ORG_WORDS or w.lower() in gz.agent_words() for w in words):
        return False
    if kb.org_by_name(span.text) or kb.dictionary_org(span.text) or kb.country_by_any(words[0]):
        return False
    # "Islington South and Finsbury", "Dundee East": constituencies
    return not (
        gz.city_country(words[0])
        or gz.region_country(words[0])
        or _COMPASS & {*map(str.lower, words)}
    )


_CODE = re.compile(r"^[A-Z]{1,2}-?\d{1,3}$")
_WORK_NOUNS = frozenset(
    {"program", "programme", "show", "series", "documentary", "film", "movie", "book"}
)
_OPEN_QUOTES = frozenset({'"', "“", "``"})


def _in_quoted_title(span: Span) -> bool:
    """Whether ``span`` lies inside a quoted title that follows a noun for a work: "the
    NBC News program, "Meet the Press,"", "the television program, "John McLaughlin: One
    on One,"" (the show, not its host)."""
    doc = span.doc
    j = span.start - 1
    while j >= 0 and span.start - j <= 8:
        t = doc[j]
        if t.text in _OPEN_QUOTES or (t.text == '"' and t.is_left_punct):
            k = j - 1
            if k >= 0 and doc[k].text == ",":
                k -= 1
            return k >= 0 and doc[k].lower_ in _WORK_NOUNS
        if t.text in ('"', "”", "''") or t.is_sent_start:
            return False
        j -= 1
    return False
