"""When are two event mentions the same real-world event?

Two mentions can be one event when they have the same PLOVER type, the same source and
target actors (by name and country; "Gates" matches "Robert Gates" unless their
countries differ), dates at most :data:`DATE_WINDOW` days apart, and places that do not
disagree (the same place, a place inside the other's country when one side names only
the country, or one side naming none). A report that leaves out one side joins only at
the same named place; events with neither a source nor a target match only when both
name the same place.

Compatible is not the same: "Labour pledged" twice on one day is two pledges unless
something says it is one. So a merge also needs **evidence of identity**
(:func:`evidence`): the same target, the same specific place, the same object words
(the content words that follow the trigger in its clause: *what* was pledged or
attacked), or a near-identical evidence sentence. An event dated only by its article's
publication day (nothing in the text dates it) joins only on the same day and only with
strong evidence (:data:`WEAK_DATE_EVIDENCE`). Every merge keeps its :class:`Match`
(fields that agreed and a score), which ``dyad event ID`` shows. See docs/database.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATE_WINDOW = 1  # days
NEAR_KM = 25.0  # two places closer than this are one place
# Actions that read the same both ways ("A met B" is "B met A"): consult, meet at a third
# place, negotiate, express intent to negotiate, sign a formal agreement.
SYMMETRIC_CAMEO = {"040", "044", "046", "036", "057"}
# Collective nouns that name the same body in different words ("Russian troops",
# "Russian forces"): equal when the country and the sector agree.
GROUP_NOUNS = {
    "forces", "force", "troops", "military", "army", "soldiers", "armed", "navy", "police",
    "government", "authorities", "officials", "administration", "militants", "rebels",
    "fighters", "insurgents", "gunmen", "protesters", "demonstrators", "officers",
}  # fmt: skip
# Sectors that speak for their country: "Brazil" and "Brazil's president" are one side.
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG"}

# Evidence of identity: the same target or specific place counts 1, overlapping object
# words 1 (2 when they overlap strongly), a near-identical sentence 3. Events dated by
# their text need 1; events dated only by the publication day need WEAK_DATE_EVIDENCE.
WEAK_DATE_EVIDENCE = 2
NEAR_IDENTICAL = 0.6  # share of content words two evidence sentences have in common
OBJECT_WORDS = 8  # content words read after the trigger

_STRIP = re.compile(r"[^\w\s]")
_LEAD = re.compile(r"^(the|a|an)\s+")


def norm_name(name: str | None) -> str:
    """Lowercase, punctuation and a leading article dropped, spaces unified."""
    if not name:
        return ""
    s = _STRIP.sub(" ", name.lower())
    s = re.sub(r"\s+", " ", s).strip()
    return _LEAD.sub("", s)


def to_date(value: str | None) -> dt.date | None:
    """A full ``YYYY-MM-DD`` date, or None (months, weeks and years are not days)."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass
class Side:
    """An actor as matching sees it."""

    name: str
    country: str | None
    sector: str | None = None
    is_country: bool = False  # the actor is the country itself ("Brazil")

    @classmethod
    def of(cls, name: str | None, country: str | None, sector: str | None = None) -> Side | None:
        n = norm_name(name)
        if not (n or country):
            return None
        from dyad.vocab import is_country_name

        is_country = is_country_name(name, country)
        return cls(n, country or None, sector or None, is_country)


def same_actor(a: Side | None, b: Side | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.country and b.country and a.country != b.country:
        return False
    if a.name == b.name:
        return True
    if not a.name or not b.name:
        return False
    ta, tb = a.name.split(), b.name.split()
    # A surname or shortened name of the same person or body ("Gates", "Robert Gates"):
    # the countries agree or one is unknown (checked above).
    if ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta)):
        return True
    # The same body in other words: "Russian troops" and "Russian forces" (both MIL).
    if (
        a.country
        and a.country == b.country
        and a.sector == b.sector
        and ta[-1] in GROUP_NOUNS
        and tb[-1] in GROUP_NOUNS
    ):
        return True
    # A country and someone who speaks for it: "Brazil" and "Brazil's president".
    if a.country and a.country == b.country and (a.is_country or b.is_country):
        other = b if a.is_country else a
        return other.is_country or other.sector is None or other.sector in STATE_SECTORS
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


BROAD_FEATURES = {"country", "continent", "region", "sea"}


def is_broad(place: dict[str, Any]) -> bool:
    """A country or larger (by its feature, or by a name that is a country's name)."""
    if (place.get("feature") or "").lower() in BROAD_FEATURES or not place.get("name"):
        return True
    if place.get("feature"):
        return False
    from dyad.vocab import country_code, is_country_name

    code = country_code(place["name"])
    return code is not None and is_country_name(place["name"], place.get("country") or code)


@dataclass
class Where:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    broad: bool  # a country or larger: compatible with any place inside it

    @classmethod
    def of(cls, place: dict[str, Any] | None) -> Where | None:
        if not place or not (place.get("name") or place.get("country")):
            return None
        name = norm_name(place.get("name"))
        return cls(name, place.get("country"), place.get("lat"), place.get("lon"), is_broad(place))


def place_score(a: Where | None, b: Where | None) -> int | None:
    """2 the same place, 1 compatible (one missing or one broad), None: different places."""
    if a is None or b is None:
        return 1
    if a.name and a.name == b.name:
        return 2
    if a.country and b.country and a.country != b.country:
        return None
    if None not in (a.lat, a.lon, b.lat, b.lon) and not (a.broad or b.broad):
        if _km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM:  # type: ignore[arg-type]
            return 2
        return None
    if (a.broad or b.broad) and a.country and a.country == b.country:
        return 1
    return None


@dataclass
class Candidate:
    """An event row (or a mention about to be stored) in the form matching reads."""

    id: int
    type: str
    source: Side | None
    target: Side | None
    date: dt.date | None
    place: Where | None
    cameo: str | None = None
    text_dated: bool = True  # the text dates it (not only the publication day)
    words: frozenset[str] = frozenset()  # object words (:func:`object_words`)
    sentence: frozenset[str] = frozenset()  # the evidence sentence's content words

    @property
    def symmetric(self) -> bool:
        return (self.cameo or "")[:3] in SYMMETRIC_CAMEO or (
            self.cameo is None and self.type == "CONSULT"
        )


def _pair(a: Side | None, b: Side | None) -> str:
    """How two sides of a dyad relate: same, diff, missing (one absent) or none (both)."""
    if a is None and b is None:
        return "none"
    if a is None or b is None:
        return "missing"
    return "same" if same_actor(a, b) else "diff"


def _sides_fit(src: str, tgt: str, same_place: bool) -> bool:
    if "diff" in (src, tgt):
        return False
    if src == tgt == "none":
        return same_place  # no actors at all: only the same named place ties them
    if "missing" in (src, tgt):
        # One report leaves out a side ("Kharkiv was attacked"): the other side must
        # match and the place must be the same named place.
        return same_place and "same" in (src, tgt)
    return True


@cache
def _stopwords() -> frozenset[str]:
    text = resources.files("dyad.lexicon").joinpath("match_stopwords.txt").read_text("utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


# Where the clause after a trigger ends: a semicolon or colon, a new coordinated clause,
# or a trailing attribution (", the party said").
_CLAUSE_END = re.compile(
    r"[;:]|,\s+(?:and|but|while|which|who|whereas)\b"
    r"|,?\s+(?:[\w'-]+\s+){0,5}?(?:said|says|told|added|stated)\b"
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def content_words(text: str | None) -> list[str]:
    """The words of ``text`` that can tell events apart, crudely stemmed, in order.

    Lowercased, stop words and words under three letters dropped, a possessive or
    plural ``s`` and past ``ed``/``ing`` endings cut, so "taxes", "tax" and "taxed" meet.
    """
    stop = _stopwords()
    out: list[str] = []
    for w in _WORD.findall((text or "").lower()):
        w = w.removesuffix("'s")
        if len(w) < 3 or w in stop:
            continue
        for end in ("ing", "ed", "es", "s"):
            if w.endswith(end) and len(w) - len(end) >= 3:
                w = w[: -len(end)]
                break
        out.append(w)
    return out


def object_words(
    sentence: str | None,
    trigger: tuple[int, int] | None,
    source_names: tuple[str | None, ...] = (),
) -> frozenset[str]:
    """What the event is about: the content words of the trigger's clause (``trigger`` is
    its start and end offset in ``sentence``), without the trigger and the source's name.

    After the trigger the clause runs to a semicolon, a new coordinated clause or a
    trailing attribution ("to scrap tuition fees, the party said"); before it, back to
    the last comma, so a passive's subject counts ("Kharkiv was attacked by ...").
    The target's name stays: one report may make it the target, another only name it.
    """
    if not sentence:
        return frozenset()
    if trigger is None:
        before, after = "", sentence
    else:
        before, after = sentence[: trigger[0]], sentence[trigger[1] :]
    before = re.split(r"[,;:]", before)[-1]
    for name in source_names:  # "Tory leader Michael Howard has accused": the subject's words
        last = (name or "").split()[-1:] if name else []
        at = before.rfind(last[0]) if last else -1
        if at >= 0:
            before = before[at + len(last[0]) :]
    after = _CLAUSE_END.split(after, maxsplit=1)[0]
    names = {w for n in source_names for w in content_words(n)}
    words = [w for w in content_words(before) + content_words(after) if w not in names]
    return frozenset(words[:OBJECT_WORDS])


def _overlap(a: frozenset[str], b: frozenset[str]) -> tuple[int, float]:
    if not a or not b:
        return 0, 0.0
    shared = len(a & b)
    return shared, shared / min(len(a), len(b))


def evidence(m: Candidate, c: Candidate, *, target_same: bool, same_place: bool) -> list[str]:
    """Why two compatible mentions are one event; each reason is worth :func:`weight`."""
    why: list[str] = []
    if target_same:
        why.append("same target")
    where = m.place or c.place
    if same_place and where is not None and not where.broad:
        why.append(f"same place ({where.name})")
    words_m, words_c = m.words, c.words
    if target_same and m.target is not None and c.target is not None:
        # the target already counted: its name is no second piece of evidence
        named = set(content_words(m.target.name)) | set(content_words(c.target.name))
        words_m, words_c = words_m - named, words_c - named
    shared, ratio = _overlap(words_m, words_c)
    if shared >= 3 and ratio >= 0.6:
        why.append("same object words, strongly (" + ", ".join(sorted(words_m & words_c)) + ")")
    elif (shared >= 2 and ratio >= 0.5) or (shared == 1 and ratio == 1.0):
        why.append("same object words (" + ", ".join(sorted(words_m & words_c)) + ")")
    if m.sentence and c.sentence:
        jacc = len(m.sentence & c.sentence) / len(m.sentence | c.sentence)
        if jacc >= NEAR_IDENTICAL:
            why.append(f"near-identical sentence ({jacc:.2f})")
    return why


def weight(reason: str) -> int:
    """What one reason of :func:`evidence` counts towards a merge."""
    if reason.startswith("near-identical"):
        return 3
    if reason.startswith("same object words, strongly"):
        return 2
    return 1


@dataclass(frozen=True)
class Match:
    """Why a mention joined an event: the fields that agreed, and the score that ranked it."""

    event_id: int
    score: float
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return "; ".join(self.reasons) + f" (score {self.score:g})"


def _names_place(m: Candidate, where: Where | None) -> bool:
    """``m`` has no place of its own but its clause names ``where``, a specific place
    ("Kharkiv was attacked by ..." beside "... attacked the city of Kharkiv")."""
    if m.place is not None or where is None or where.broad or not where.name:
        return False
    words = set(content_words(where.name))
    return bool(words) and words <= m.words


@dataclass(frozen=True)
class _Fit:
    place: int  # place_score
    same_place: bool
    pairs: tuple[str, str]  # how source and target relate (after a swap, if swapped)
    swapped: bool
    weak: bool  # one side dated only by its publication day
    gap: int  # days apart


def _fit(m: Candidate, c: Candidate, window: int) -> _Fit | None:
    """Whether ``m`` and ``c`` are compatible (type, place, sides, dates); no evidence yet."""
    if m.type != c.type:
        return None
    ps = place_score(m.place, c.place)
    if ps is None:
        return None
    same_place = (ps == 2 and m.place is not None and c.place is not None) or (
        _names_place(m, c.place) or _names_place(c, m.place)
    )
    pairs = (_pair(m.source, c.source), _pair(m.target, c.target))
    swapped = False
    if not _sides_fit(*pairs, same_place):
        if not (m.symmetric or c.symmetric):
            return None
        pairs = (_pair(m.source, c.target), _pair(m.target, c.source))
        if not _sides_fit(*pairs, same_place):
            return None
        swapped = True
    weak = not (m.text_dated and c.text_dated)
    if m.date and c.date:
        gap = abs((m.date - c.date).days)
        if gap > (0 if weak else window):
            return None
    elif weak and (m.date or c.date):
        return None  # one dated, the other not: nothing ties them in time
    else:
        gap = window  # unknown dates: allowed, but a known close date wins
    return _Fit(ps, same_place, pairs, swapped, weak, gap)


def compatible(m: Candidate, c: Candidate, window: int = DATE_WINDOW) -> bool:
    """``m`` could be a mention of ``c`` if evidence shows it (see :func:`match`)."""
    return _fit(m, c, window) is not None


def match(m: Candidate, c: Candidate, window: int = DATE_WINDOW) -> Match | None:
    """How mention ``m`` fits event ``c``, with the reasons; None when they are different
    events (incompatible, or nothing shows they are the same one)."""
    fit = _fit(m, c, window)
    if fit is None:
        return None
    ps, same_place, pairs, swapped, weak, gap = (
        fit.place, fit.same_place, fit.pairs, fit.swapped, fit.weak, fit.gap
    )  # fmt: skip
    why = evidence(m, c, target_same=pairs[1] == "same", same_place=same_place)
    strength = sum(weight(r) for r in why)
    if strength < (WEAK_DATE_EVIDENCE if weak else 1):
        return None
    exact = int(m.source == c.source) + int(m.target == c.target)
    score = ps * 10 + exact * 2 + strength * 5 - gap - int(swapped)
    dates = f"date gap {gap} d" if m.date and c.date else "no date on one side or both"
    reasons = [f"type {m.type}", "source " + pairs[0], dates]
    if weak:
        reasons.append("dated only by publication day")
    if swapped:
        reasons.append("sides swapped (a symmetric action)")
    return Match(c.id, score, tuple(reasons + why))


def best_match(
    m: Candidate, candidates: list[Candidate], window: int = DATE_WINDOW
) -> Match | None:
    """The event ``m`` is a mention of (the best-scoring fit), or None for a new event."""
    best: Match | None = None
    for c in candidates:
        found = match(m, c, window)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best


_SPECIFIC = {"city": 0, "district": 0, "admin2": 1, "admin1": 2}


def event_place(
    place: dict[str, Any] | None,
    sentence_span: tuple[int, int] | None,
    places: list[Any],
) -> dict[str, Any] | None:
    """Where an event happened, for matching: its own place when that is specific, else
    the most specific place named in its sentence (within the event's country when the
    event names only a country). ``places`` are the record's :class:`~dyad.model.Place`s."""
    if place and not is_broad(place):
        return place
    if not sentence_span:
        return place
    s0, s1 = sentence_span
    inside = [
        p
        for p in places
        if s0 <= p.span[0]
        and p.span[1] <= s1
        and (p.feature or "") not in BROAD_FEATURES
        and (not place or not place.get("country") or p.country == place.get("country"))
    ]
    if not inside:
        return place
    best = min(inside, key=lambda p: (_SPECIFIC.get(p.feature or "", 3), p.span[0]))
    return {
        "name": best.name,
        "country": best.country,
        "lat": best.lat,
        "lon": best.lon,
        "feature": best.feature,
    }
