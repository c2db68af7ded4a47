"""Places near each other: a town the article names is most likely near its other towns.

The places stage resolves each name on its own (population, feature, the article's
countries and states). A small town in a story that names no country ("between
Coggeshall and Marks Tey") stays null there, and a namesake elsewhere can win over the
town next door ("Dundalk" in Maryland for an Irish story). :func:`settle` looks at the
distances between the candidates of the article's names:

- **anchored**: a town (a candidate with coordinates, not found by an alternate name)
  within ``ANCHOR_KM`` of a town the article has already placed under another name is
  taken, the nearest first;
- **pairs**: two names still unplaced whose candidates lie within ``PAIR_KM`` of each
  other are taken together, when neither name has more than ``PAIR_CANDS`` candidates
  (common names such as "Franklin" are near something by chance).

A name already resolved is moved only when its choice is weak (confidence below 0.8)
and lies near none of the article's other towns while another candidate does, and a state only to a town in one of the
article's countries.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyad.geo import Entry, Gazetteer, haversine_km

ANCHOR_KM = 100.0
PAIR_KM = 40.0
PAIR_CANDS = 3
# a name with this many town candidates is near one of the article's towns by chance
MAX_CANDS = 12


@dataclass
class Point:
    """A place the article has already put on the map (an anchor)."""

    name: str  # its key
    lat: float
    lon: float


def _towns(gaz: Gazetteer, name: str) -> list[Entry]:
    return [
        e
        for e in gaz.lookup(name)
        if e.feature in ("city", "admin2") and not e.alt and e.lat is not None and e.lon is not None
    ]


def _nearest(c: Entry, anchors: list[Point], own: str) -> float:
    d = [
        haversine_km(c.lat, c.lon, a.lat, a.lon)  # type: ignore[arg-type]
        for a in anchors
        if a.name != own
    ]
    return min(d, default=float("inf"))


def settle(
    gaz: Gazetteer,
    anchors: list[Point],
    open_names: list[str],
    weak: dict[str, Entry],
    countries: dict[str, float],
) -> dict[str, Entry]:
    """Choose towns for names by their distance to the article's other places.

    ``anchors``: the towns placed so far (one per mention); ``open_names``: names left
    unresolved; ``weak``: names resolved with a low confidence, and their choice;
    ``countries``: the article's countries (a state moves only to a town in one).
    Returns a key -> entry for each name placed or moved.
    """
    out: dict[str, Entry] = {}
    anchors = list(anchors)
    cands = {k: _towns(gaz, k) for k in dict.fromkeys([*open_names, *weak])}
    cands = {k: v for k, v in cands.items() if 0 < len(v) <= MAX_CANDS}
    for _ in range(2):  # twice: a town placed here anchors the next
        changed = False
        for k, cs in cands.items():
            if k in out:
                continue
            scored = sorted((_nearest(c, anchors, k), -c.population, i) for i, c in enumerate(cs))
            d, _, i = scored[0]
            if d > ANCHOR_KM:
                continue
            if k in weak:
                cur = weak[k]
                if cur.lat is not None and _nearest(cur, anchors, k) <= ANCHOR_KM:
                    continue
                if cs[i] == cur or (cur.feature == "admin2") != (cs[i].feature == "admin2"):
                    continue  # a county stays a county, a town a town
                if cur.feature != "city" and cs[i].country not in countries:
                    continue  # a state ("Queensland") gives way only to a town in context
            out[k] = cs[i]
            anchors.append(Point(k, cs[i].lat, cs[i].lon))  # type: ignore[arg-type]
            changed = True
        if not changed:
            break
    # pairs of names nobody placed: "between Coggeshall and Marks Tey"
    rest = [k for k in open_names if k in cands and k not in out and len(cands[k]) <= PAIR_CANDS]
    for i, a in enumerate(rest):
        for b in rest[i + 1 :]:
            if a in out and b in out:
                continue
            best = None
            for ca in [out[a]] if a in out else cands[a]:
                for cb in [out[b]] if b in out else cands[b]:
                    d = haversine_km(ca.lat, ca.lon, cb.lat, cb.lon)  # type: ignore[arg-type]
                    if d <= PAIR_KM and (best is None or d < best[0]):
                        best = (d, ca, cb)
            if best is not None:
                out.setdefault(a, best[1])
                out.setdefault(b, best[2])
    return out
