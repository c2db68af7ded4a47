"""Geoparsing benchmarks: GeoWebNews, LGL, TR-News (last 30% of each) and GeoVirus.

For each gold toponym with coordinates we look for a place dyad's places stage put on
an overlapping span, and measure the distance between its coordinates and the gold's:

- ``acc161``: share of gold toponyms resolved within 161 km (100 miles); a toponym
  dyad did not find, or found without coordinates, counts as wrong;
- ``acc161 found``: the same over the toponyms dyad found with coordinates;
- ``median km``: median error over the found ones;
- ``unresolved``: share of gold toponyms with no place (or no coordinates) from dyad.

Mordecai 3 (a trained neural geoparser with a full GeoNames index) scored the last 30%
of GWN, LGL and TR-News, which it did not train on; we score the same slices (in file
order). GeoVirus is scored whole.

    .venv/bin/python benchmarks/geoparse.py [--limit N] [--sets gwn,lgl,trnews,geovirus]
        [--geonames allCountries.txt] [--show-errors]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "research-data"


@dataclass
class Doc:
    text: str
    gold: list[tuple[int, int, str, float, float]] = field(default_factory=list)
    published: str | None = None


def _f(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def read_gwn(path: Path) -> list[Doc]:
    out = []
    for art in ET.parse(path).getroot():
        text = art.findtext("text") or ""
        d = Doc(text)
        for t in art.find("toponyms") or []:
            lat, lon = _f(t.findtext("latitude")), _f(t.findtext("longitude"))
            if lat is None or lon is None:
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            d.gold.append((s, e, t.findtext("extractedName") or text[s:e], lat, lon))
        out.append(d)
    return out


def read_lgl(path: Path) -> list[Doc]:
    """LGL and TR-News share a format."""
    out = []
    for art in ET.parse(path).getroot():
        text = art.findtext("text") or ""
        dl = (art.findtext("dltime") or "")[:10] or None
        d = Doc(text, published=dl)
        for t in art.find("toponyms") or []:
            g = t.find("gaztag")
            if g is None:
                continue
            lat, lon = _f(g.findtext("lat")), _f(g.findtext("lon"))
            if lat is None or lon is None:
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            d.gold.append((s, e, t.findtext("phrase") or text[s:e], lat, lon))
        out.append(d)
    return out


def read_geovirus(path: Path) -> list[Doc]:
    out = []
    for art in ET.parse(path).getroot():
        text = art.findtext("text") or ""
        d = Doc(text)
        for loc in art.find("locations") or []:
            lat, lon = _f(loc.findtext("lat")), _f(loc.findtext("lon"))
            if lat is None or lon is None:
                continue
            s, e = int(loc.findtext("start")), int(loc.findtext("end"))
            d.gold.append((s, e, loc.findtext("name") or text[s:e], lat, lon))
        out.append(d)
    return out


def realign(doc: Doc) -> Doc:
    """Some files' offsets are off by a few characters: move each gold span to the
    nearest occurrence of its name (within 60 characters)."""
    fixed = []
    for s, e, name, lat, lon in doc.gold:
        if doc.text[s:e] != name:
            lo = max(0, s - 60)
            best = None
            i = doc.text.find(name, lo)
            while 0 <= i <= s + 60:
                if best is None or abs(i - s) < abs(best - s):
                    best = i
                i = doc.text.find(name, i + 1)
            if best is not None:
                s, e = best, best + len(name)
        fixed.append((s, e, name, lat, lon))
    doc.gold = fixed
    return doc


SETS = {
    "gwn": ("GeoWebNews", DATA / "geowebnews" / "GWN.xml", read_gwn, True),
    "lgl": ("LGL", DATA / "lgl" / "lgl.xml", read_lgl, True),
    "trnews": ("TR-News", DATA / "trnews" / "TR-News.xml", read_lgl, True),
    "geovirus": ("GeoVirus", DATA / "geovirus" / "GeoVirus.xml", read_geovirus, False),
}


def score(docs: list[Doc], pipeline, show: bool, label: str) -> dict[str, float]:
    from dyad.geo import haversine_km
    from dyad.model import Article, article_id

    errors: list[float] = []
    n = wrong_far = unresolved = 0
    arts = [
        Article(id=article_id(None, d.text) + str(i), text=d.text, published=d.published)
        for i, d in enumerate(docs)
    ]
    for d, rec in zip(docs, pipeline.process(arts), strict=True):
        if hasattr(rec, "reason"):
            print(f"  [{label}] FAILED: {rec.reason}", file=sys.stderr)
        places = getattr(rec, "places", None) or []
        for s, e, name, lat, lon in d.gold:
            n += 1
            hit = [p for p in places if p.span[0] < e and s < p.span[1] and p.lat is not None]
            if not hit:
                unresolved += 1
                if show:
                    print(f"  [{label}] UNRESOLVED {name!r}")
                continue
            p = min(hit, key=lambda p: abs(p.span[0] - s) + abs(p.span[1] - e))
            km = haversine_km(lat, lon, p.lat, p.lon)
            errors.append(km)
            if km > 161:
                wrong_far += 1
                if show:
                    print(
                        f"  [{label}] {km:7.0f} km {name!r} -> {p.name} {p.country} ({p.feature})"
                    )
    found = len(errors)
    within = sum(1 for k in errors if k <= 161)
    return {
        "toponyms": n,
        "acc161": within / n if n else 0.0,
        "acc161_found": within / found if found else 0.0,
        "median_km": statistics.median(errors) if errors else float("nan"),
        "unresolved": unresolved / n if n else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="gwn,lgl,trnews,geovirus")
    ap.add_argument("--limit", type=int, default=0, help="at most N articles per set")
    ap.add_argument("--geonames", default=None, help="a GeoNames dump (allCountries.txt)")
    ap.add_argument("--stages", default="places", help="stages to run (actors helps with people)")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--no-demonyms", action="store_true", help="do not count demonyms as places")
    args = ap.parse_args(argv)

    from dyad.pipeline import Pipeline, Settings

    settings = Settings(
        stages=tuple(args.stages.split(",")),
        places_demonyms=not args.no_demonyms,
        geonames_file=args.geonames,
        time_per_article=0,
    )
    pipeline = Pipeline(settings)
    print(
        f"{'set':12s} {'N':>5s} {'acc161':>7s} {'found':>7s} {'median km':>9s} {'unres':>6s}  time"
    )
    for key in args.sets.split(","):
        label, path, reader, tail = SETS[key]
        if not path.is_file():
            print(f"{label}: {path} not found, skipped")
            continue
        docs = [realign(d) for d in reader(path)]
        if tail:
            docs = docs[int(len(docs) * 0.7) :]
        if args.limit:
            docs = docs[: args.limit]
        t0 = time.perf_counter()
        r = score(docs, pipeline, args.show_errors, label)
        secs = time.perf_counter() - t0
        part = "last 30%" if tail else "all"
        print(
            f"{label:12s} {int(r['toponyms']):5d} {r['acc161']:7.3f} {r['acc161_found']:7.3f} "
            f"{r['median_km']:9.1f} {r['unresolved']:6.3f}  {secs:.0f} s ({len(docs)} articles, {part})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
