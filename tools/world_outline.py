"""Make src/dyad/web/static/world-110m.json, the world outline the web page's map draws.

Source: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), as
TopoJSON in the npm package world-atlas 2.0.2 (``countries-110m.json``, ISC licence for
the packaging). Run once, by hand, when the outline should change:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/world_outline.py package/countries-110m.json src/dyad/web/static/world-110m.json

The output keeps each country's rings as flat lists of longitude, latitude pairs in tenths
of a degree (integers: small, and finer than the 1:110m data), with the ISO 3166 alpha-3
code (from pycountry; null where Natural Earth's feature has no ISO code) and the name.
Rings that cross the antimeridian stay continuous (longitudes past ±180).
"""

from __future__ import annotations

import json
import sys


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs: list[list[tuple[float, float]]], idx: list[int]) -> list[int]:
    pts: list[tuple[float, float]] = []
    for i in idx:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    flat: list[int] = []
    last = None
    shift = 0.0
    prev = None
    for lon, lat in pts:
        # A ring across the antimeridian (Russia's Chukotka, Fiji) is kept continuous, its
        # longitudes running past 180; the page draws such a ring once more, 360° over.
        if prev is not None and abs(lon + shift - prev) > 180:
            shift += 360 if prev > lon + shift else -360
        lon += shift
        prev = lon
        p = (round(lon * 10), round(lat * 10))
        if p != last:
            flat.extend(p)
            last = p
    return flat


def main(src: str, dest: str) -> None:
    import pycountry

    topo = json.load(open(src, encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        rings = [r for poly in polys for r in (ring(arcs, x) for x in poly) if len(r) >= 6]
        c = pycountry.countries.get(numeric=str(g.get("id"))) if g.get("id") else None
        countries.append(
            {"id": c.alpha_3 if c else None, "name": g["properties"]["name"], "rings": rings}
        )
    out = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas 2.0.2",
        "units": "tenths of a degree: lon, lat pairs",
        "countries": countries,
    }
    with open(dest, "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
