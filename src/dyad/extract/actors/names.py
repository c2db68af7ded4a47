"""Personal names: surnames, and a key that treats transliteration variants as one name.

``name_key("Gadhafi") == name_key("Qaddafi") == name_key("Gaddafi") == name_key("Kadhafi")``:
the key folds accents, drops the Arabic article, and merges letters that transliterations
of the same sound disagree on (q/k/g/c, dh/d, kh/k, ou/u, y/i, doubled letters).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PARTICLES = {
    "al",
    "el",
    "ul",
    "bin",
    "ibn",
    "ben",
    "abu",
    "abd",
    "van",
    "von",
    "de",
    "da",
    "di",
    "del",
    "der",
    "du",
    "la",
    "le",
    "dos",
    "das",
    "bint",
    "mac",
    "st",
}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof",
    "prof.",
    "rev",
    "rev.",
}
_HONORIFICS_DOT = _HONORIFICS | {w + "." for w in _HONORIFICS}


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower case without accents or apostrophes."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ı", "i").replace("’", "'")
    return s.lower()


_RULES: list[tuple[str, str]] = [
    (r"^(al|el|ul|ar|as|ad|an|at|az)[- ]", ""),  # the Arabic article
    (r"['`ʿʼ-]", ""),
    (r"ph", "f"),
    (r"(?<=[a-z])h(?![aeiouy])", ""),  # dh, kh, gh, th, sh before consonant: h is a diacritic
    (r"dh", "d"),
    (r"kh", "k"),
    (r"gh", "g"),
    (r"th", "t"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"c(?=[aou]|$)", "k"),
    (r"g", "k"),
    (r"x", "ks"),
    (r"w", "v"),
    (r"oo|ou", "u"),
    (r"ee|ie|ey", "i"),
    (r"y", "i"),
    (r"o", "u"),
    (r"e(?=[aiu])", ""),
    (r"(.)\1+", r"\1"),  # doubled letters
    (r"h$", ""),
]

_COMPILED_RULES = [(re.compile(p), r) for p, r in _RULES]


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """A spelling-insensitive key for one name word (usually a surname)."""
    s = fold(s).strip()
    s = re.sub(r"\s+", " ", s)
    for pat, rep in _COMPILED_RULES:
        s = pat.sub(rep, s)
    return s.replace(" ", "")


def name_words(name: str) -> list[str]:
    """The words of a personal name without honorifics or generational suffixes."""
    return list(_name_words(name))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    ws = name.split()
    while ws and ws[0].lower().rstrip(".") + "." in _HONORIFICS_DOT:
        ws = ws[1:]
    while len(ws) > 1 and ws[-1].lower().rstrip(",") in _SUFFIXES:
        ws = ws[:-1]
    return tuple(ws)


def surname(name: str) -> str:
    """The family name: the last word, with a preceding particle ("al-Assad", "de Gaulle")."""
    ws = name_words(name)
    if not ws:
        return name
    last = ws[-1]
    if len(ws) >= 2 and ws[-2].lower() in _PARTICLES:
        return f"{ws[-2]} {last}"
    return last


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The transliteration-aware key of a name's surname ("al-Assad" and "Assad" agree)."""
    s = surname(name)
    s = re.sub(r"^(?:al|el|ul|bin|ibn|abu|van|von|de|da|di|del|der|du|la|le)[- ]", "", fold(s))
    return name_key(s)


@lru_cache(maxsize=65536)
def same_person_name(a: str, b: str) -> bool:
    """Whether two names can be one person: same surname key, first names compatible."""
    if surname_key(a) != surname_key(b):
        return False
    wa, wb = name_words(a), name_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return True
    fa, fb = fold(wa[0]).rstrip("."), fold(wb[0]).rstrip(".")
    return (
        fa == fb
        or name_key(fa) == name_key(fb)
        or fa[:1] == fb[:1]
        and (len(fa) == 1 or len(fb) == 1)
    )


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The consonants of each word (q, c, g as k; h, w, y dropped): transliterations that
    differ only in vowels agree ("Aleksandr Lukashenko" / "Alyaksandr Lukashenka",
    "Mahinda Rajapaksa" / "Mahinda Rajapakse"): ``"lksndr lksnk"``."""
    return " ".join(_consonants(w) for w in name_words(name))


# q, c, g -> k and x -> ks as in name_key; vowels, y, h, w and marks dropped
_SKELETON = str.maketrans(
    {"q": "k", "c": "k", "g": "k", "x": "ks"} | dict.fromkeys("aeiouyhw'-`", None)
)
_DOUBLE = re.compile(r"(.)\1+")


def _consonants(word: str) -> str:
    """The consonant skeleton of one name word (cheap: two passes, not name_key's rules)."""
    return _DOUBLE.sub(r"\1", fold(word).replace("ph", "f").translate(_SKELETON))


def skeleton_match(a: str, b: str) -> bool:
    """Whether two full names with one :func:`skeleton` are safely one person: each word
    begins with the same letter ("Glenn" is not "Colin"), the surname keeps five consonants
    or more (common surnames such as "Martin" or "Hassan" stay apart: "Michael Martin" is
    not "Micheal Martin"), and the first names end alike ("Maria" is not "Mario")."""
    wa, wb = name_words(a), name_words(b)
    if len(wa) < 2 or len(wa) != len(wb) or skeleton(a) != skeleton(b):
        return False
    if len(skeleton(wa[-1]).replace(" ", "")) < 5:
        return False
    if any(fold(x)[:1] != fold(y)[:1] for x, y in zip(wa, wb, strict=True)):
        return False
    ka, kb_ = [name_key(w) for w in wa], [name_key(w) for w in wb]
    return all(x[-1:] == y[-1:] for x, y in zip(ka[:-1], kb_[:-1], strict=True))
