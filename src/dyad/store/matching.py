"""When are two event mentions the same real-world event?

Two mentions are one event when they have the same PLOVER type, the same source and
target actors (by name and country; "Gates" matches "Robert Gates" unless their
countries differ), dates at most :data:`DATE_WINDOW` days apart, and places that do not
disagree (the same place, a place inside the other's country when one side names only
the country, or one side naming none). A report that leaves out one side joins only at
the same named place; events with neither a source nor a target match only when both
name the same place. See docs/database.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
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
        from dyad.store.queries import country_code

        is_country = bool(country) and bool(name) and country_code(name or "") == country
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
    from dyad.store.queries import country_code

    code = country_code(place["name"])
    return code is not None and code == (place.get("country") or code)


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


def match_score(m: Candidate, c: Candidate, window: int = DATE_WINDOW) -> float | None:
    """How well mention ``m`` fits event ``c``: None when they are different events."""
    if m.type != c.type:
        return None
    ps = place_score(m.place, c.place)
    if ps is None:
        return None
    same_place = ps == 2 and m.place is not None and c.place is not None
    if _sides_fit(_pair(m.source, c.source), _pair(m.target, c.target), same_place):
        swapped = False
    elif (m.symmetric or c.symmetric) and _sides_fit(
        _pair(m.source, c.target), _pair(m.target, c.source), same_place
    ):
        swapped = True
    else:
        return None
    if m.date and c.date:
        gap = abs((m.date - c.date).days)
        if gap > window:
            return None
    else:
        gap = window  # unknown dates: allowed, but a known close date wins
    exact = int(m.source == c.source) + int(m.target == c.target)
    return ps * 10 + exact * 2 - gap - int(swapped)


def best_match(m: Candidate, candidates: list[Candidate], window: int = DATE_WINDOW) -> int | None:
    """The id of the event ``m`` is a mention of, or None for a new event."""
    best: tuple[float, int] | None = None
    for c in candidates:
        s = match_score(m, c, window)
        if s is not None and (best is None or s > best[0]):
            best = (s, c.id)
    return best[1] if best else None


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
