"""Word lists and small word-level helpers of the actors stage.

The words live in ``lexicon/actors_words.txt`` (one ``[section]`` per list), read once
through :mod:`dyad.wordlists`, where a user can extend them; the names below are the
rules' handles on them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dyad import knowledge as kb
from dyad import wordlists
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.names import fold, name_words

if TYPE_CHECKING:
    from dyad.extract.actors.syntax import Work

# dependency labels (spaCy's grammar, not vocabulary)
SUBJ = set(
    """
    nsubj nsubjpass csubj csubjpass agent expl
    """.split()
)

OBJ = set(
    """
    dobj iobj dative attr oprd
    """.split()
)

_FILE = "actors_words.txt"


def _words(name: str) -> frozenset[str]:
    return wordlists.words(_FILE, name)


# the vocabulary of the stage's rules, one [section] of lexicon/actors_words.txt each
LOCATIVE = _words("locative")
MALE = _words("male_pronouns")
FEMALE = _words("female_pronouns")
IT_VERBS = _words("it_verbs")
PLACE_NOUNS = _words("place_nouns")
TRANSFER_WORDS = _words("transfer_words")
SPEECH_VERBS = _words("speech_verbs")
DETS = _words("determiners")
PLACE_WORDS = _words("place_words")
PROTEST_GROUPS = _words("protest_groups")
NO_COUNTRY_GROUPS = _words("no_country_groups")
TITLE_LEAD = _words("title_lead")
TRANSNATIONAL = _words("transnational")
HONORIFICS = _words("honorifics")
ROYAL_STYLES = _words("royal_styles")
NAME_STYLES = _words("name_styles")
EVENT_WORDS = _words("event_words")
COMPANY_FORMS = _words("company_forms")
FAMILY_FIRST = _words("family_first")
FEMALE_NAMES = _words("female_names")
GIVEN_NAMES = _words("given_names")
MALE_NAMES = _words("male_names")
# a word in an organisation's name and the sector it suggests
ORG_WORDS: dict[str, str | None] = wordlists.word_table(_FILE, "org_words")

_US = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|United States(?: of America)?)(?=\s|$)")


def gender(name: str) -> bool | None:
    """True for a first name that is usually a woman's, None when unknown."""
    ws = name_words(name)
    if len(ws) < 2:
        return None
    first = fold(ws[0]).strip(".")
    if first in FEMALE_NAMES:
        return True
    if first in MALE_NAMES:
        return None
    if len(first) > 3 and first.endswith("a") and not first.endswith(("ya", "sha")):
        return True  # Veronika, Angela, Yulia: a strong cue in many languages
    return None


def title_agent(title: str | None) -> str | None:
    """The agent phrase of a title ("Kremlin spokesman" -> "spokesman")."""
    if not title:
        return None
    ms = list(gz.title_regex().finditer(title))
    if not ms:
        return None
    phrase = re.sub(r"[\s-]+", " ", ms[-1].group(0).lower())
    a = kb.agent(phrase, "title") or kb.agent(phrase.rstrip("s"), "title")
    return a.phrase if a else None


def org_head(name: str) -> str:
    """The head noun of an organisation's name ("Global Coalition to Defeat ISIS" -> coalition)."""
    words = name.split()
    for i, w in enumerate(words):
        if w.lower() in ("of", "to", "for", "in", "on", "against") and i > 0:
            return words[i - 1].lower()
    return words[-1].lower() if words else ""


def is_place_name(s: str) -> bool:
    return bool(gz.region_country(s) or kb.country_by_any(s))


def org_key(s: str) -> str:
    """An organisation's key: "U.S. Geological Survey" = "United States Geological Survey"."""
    return surface_key(_US.sub("united states", s))


def surface_key(s: str) -> str:
    return fold(re.sub(r"^the\s+", "", s.strip(), flags=re.I))


def acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())


def strip_det(s: str) -> str:
    return re.sub(r"^(the|a|an|his|her|its|their)\s+", "", s.strip(), flags=re.I)


def demonym(iso: str) -> str | None:
    c = kb.country(iso)
    if c is None:
        return None
    for d in c.demonyms:
        if not d.endswith("s") and not kb.is_acronym(d) and "." not in d:
            return d
    return None


def country_of(name: str) -> str | None:
    c = kb.country_by_any(name)
    return c[0].iso3 if c else None


def force_name(surface: str, iso: str) -> str:
    s = strip_det(surface)
    m = re.match(r"^(.+?)[’']s\s+(.+)$", s)
    if m and kb.country_by_name(m.group(1)):
        s = m.group(2)  # "Libya's air defenses" -> "Libyan air defenses"
        adj = demonym(iso)
        return f"{adj} {s}" if adj else s
    if s and s[0].islower():
        adj = demonym(iso)
        return f"{adj} {s}" if adj else s
    return s


def display_name(w: Work) -> str:
    """An organisation's name: the canonical one where the article writes it, else the
    article's own longest spelling (an acronym only if it never spells the name out)."""
    known = kb.org_by_name(w.name)
    texts = {fold(x) for x in w.surfaces}
    if known is not None and fold(known.name) in texts:
        return known.name
    full = [x for x in w.surfaces if not kb.is_acronym(x)]
    if known is None:
        return max(full, key=len) if full else w.name
    return max(w.surfaces, key=lambda x: (w.surfaces[x], -len(x)))
