"""When are two event mentions the same real-world event?

Two mentions are one event when they have the same PLOVER type, the same source and
target actors (by name and country; "Gates" matches "Robert Gates" unless their
countries differ), dates at most :data:`DATE_WINDOW` days apart, and places that do not
disagree (the same place, a place inside the other's country when one side names only
the country, or one side naming none). Events with neither a source nor a target
match only when both name the same place.
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
        feature = (place.get("feature") or "").lower()
        name = norm_name(place.get("name"))
        broad = feature in {"country", "continent", "region", "sea"} or not name
        return cls(name, place.get("country"), place.get("lat"), place.get("lon"), broad)


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


def match_score(m: Candidate, c: Candidate, window: int = DATE_WINDOW) -> float | None:
    """How well mention ``m`` fits event ``c``: None when they are different events."""
    if m.type != c.type:
        return None
    if same_actor(m.source, c.source) and same_actor(m.target, c.target):
        swapped = False
    elif (
        (m.symmetric or c.symmetric)
        and same_actor(m.source, c.target)
        and same_actor(m.target, c.source)
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
    ps = place_score(m.place, c.place)
    if ps is None:
        return None
    if m.source is None and m.target is None and (ps < 2 or m.place is None):
        return None
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
