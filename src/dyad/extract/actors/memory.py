"""Actors known before an article is read: the user's actor file and actors learned
from earlier articles.

Both live in the run's :class:`~dyad.contract.Context`. The learned memory starts from
``Settings.prior_lessons`` (what earlier runs learned) and grows by the ``learn`` stage
(:mod:`dyad.extract.learn`), article after article: once an article says "U.S. Defense
Secretary Robert Gates", a later article's bare "Gates" resolves to him with
``provenance="learned:<article id>"``. The actors stage only reads it, key by key
(:meth:`Memory.find`, :class:`Surnames`), so a parallel run can tell which keys an
article read (``Memory.reads``) and whether the run has since learned anything under
them (``Memory.changed``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyad.contract import Context, KnownActorRow
from dyad.extract.actors.names import (
    fold,
    name_key,
    name_words,
    same_person_name,
    skeleton,
    skeleton_match,
    surname_key,
)
from dyad.knowledge import is_acronym, lookup_key
from dyad.model import Lesson

LEARNED = "learned_actors"
USER = "user_actors"


@dataclass
class Known:
    """An actor known from outside the article."""

    name: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str = "person"
    provenance: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    roles: tuple = ()  # DatedRole, for dictionary actors
    source: str | None = None  # where a knowledge row comes from: people.tsv, phoenix

    def valid_on(self, day: str | None) -> bool:
        if not day:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass
class Memory:
    """Known actors indexed by name key, surname key and alias key.

    While ``reads`` is a set, every key a lookup reads goes into it ("n" + name key, "s" +
    surname key); while ``changed`` is a set, every key :meth:`add` touches goes into it.
    An article whose reads miss every changed key would be read the same way now."""

    by_name: dict[str, list[Known]] = field(default_factory=dict)
    by_surname: dict[str, list[Known]] = field(default_factory=dict)
    reads: set[str] | None = None
    changed: set[str] | None = None

    def add(self, k: Known) -> None:
        for n in [k.name, *k.aliases]:
            if not n:
                continue
            nk = _name_index_key(n)
            if self.changed is not None:
                self.changed.add("n" + nk)
            bucket = self.by_name.setdefault(nk, [])
            if not any(x.name == k.name for x in bucket):
                bucket.append(k)
        if k.kind == "person" and len(name_words(k.name)) >= 2:
            sk = surname_key(k.name)
            if self.changed is not None:
                self.changed.add("s" + sk)
            bucket = self.by_surname.setdefault(sk, [])
            for i, x in enumerate(bucket):
                if same_person_name(x.name, k.name) and len(x.name) <= len(k.name):
                    bucket[i] = _merge(x, k)
                    return
            bucket.append(k)

    def knows_surname(self, key: str) -> bool:
        """Whether a person of the surname key ``key`` is known."""
        if self.reads is not None:
            self.reads.add("s" + key)
        return key in self.by_surname

    def find(self, surface: str, day: str | None = None, person: bool = False) -> Known | None:
        """The known actor a surface form names: exact name/alias first, then a surname.
        With ``person``, only persons."""
        nk = _name_index_key(surface)
        if self.reads is not None:
            self.reads.add("n" + nk)
        for k in self.by_name.get(nk, []):
            if k.valid_on(day) and (not person or k.kind == "person"):
                return k
        ws = name_words(surface)
        if person or len(ws) == 1:
            sk = surname_key(surface)
            if self.reads is not None:
                self.reads.add("s" + sk)
            cands = [k for k in self.by_surname.get(sk, []) if k.valid_on(day)]
            if len(ws) >= 2:
                cands = [k for k in cands if same_person_name(k.name, surface)]
            if len(cands) == 1:
                return cands[0]
        return None


def _merge(old: Known, new: Known) -> Known:
    return Known(
        name=new.name,
        country=new.country or old.country,
        sector=new.sector or old.sector,
        title=new.title or old.title,
        aliases=list(dict.fromkeys([*new.aliases, *old.aliases, old.name])),
        kind=new.kind,
        provenance=new.provenance or old.provenance,
        valid_from=new.valid_from,
        valid_to=new.valid_to,
    )


@lru_cache(maxsize=65536)
def _name_index_key(s: str) -> str:
    if is_acronym(s):
        return "=" + s.replace(".", "")
    ws = name_words(lookup_key(s))
    return " ".join(name_key(w) for w in ws) if ws else fold(s)


class Surnames:
    """Surname keys: an article's own and those the memories know, looked up one key at a
    time (so that the memories' ``reads`` say which keys an article depended on)."""

    def __init__(self, own: set[str], *mems: Memory):
        self.own = own
        self.mems = mems

    def __contains__(self, key: object) -> bool:
        if key in self.own:
            return True
        return isinstance(key, str) and any(m.knows_surname(key) for m in self.mems)


def known_from_lesson(lesson: Lesson) -> Known:
    """The memory's entry for what an article taught."""
    return Known(
        name=lesson.name,
        country=lesson.country,
        sector=lesson.sector,
        title=lesson.title,
        aliases=list(lesson.aliases),
        kind=lesson.kind,
        provenance=f"learned:{lesson.article_id}",
    )


def learned(ctx: Context | None) -> Memory:
    """The run's learned-actor memory (``ctx.resource("learned_actors", ...)``), made on
    first use from ``ctx.settings.prior_lessons``, in their order."""
    if ctx is None:
        return Memory()

    def make() -> Memory:
        m = Memory()
        for lesson in ctx.settings.prior_lessons:
            m.add(known_from_lesson(lesson))
        return m

    mem = ctx.resource(LEARNED, make)
    if isinstance(mem, dict):  # a plain dict someone put there: wrap it once
        m = Memory()
        for v in mem.values():
            if isinstance(v, Known):
                m.add(v)
        ctx.cache[LEARNED] = mem = m
    return mem


def seed_known(rows: Iterable[KnownActorRow], ctx: Context) -> int:
    """Load actors already known (from the database) into the learned memory.

    Each row has ``name`` and optionally ``aliases`` (list or "|"-separated),
    ``country``, ``sector``, ``title``, ``kind`` and ``provenance``. Returns how many.
    """
    mem = learned(ctx)
    n = 0
    for r in rows:
        name = (r.get("name") or "").strip()
        if not name or (r.get("kind") or "") in ("country", "group"):
            continue  # countries are in our files; groups belong to their article
        k = _known_from_row(r, default_prov="db")
        # only proper names travel: "officials" or "the airline" mean nothing elsewhere
        k.aliases = [a for a in k.aliases if a[:1].isupper() and a.lower() not in _GENERIC]
        mem.add(k)
        n += 1
    return n


_GENERIC = {
    "the",
    "officials",
    "government",
    "parliament",
    "police",
    "army",
    "ministry",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "court",
}


def _known_from_row(r: dict[str, Any], default_prov: str | None) -> Known:
    aliases = r.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.replace(";", "|").split("|") if a.strip()]
    name = str(r.get("name")).strip()
    kind = (r.get("kind") or "").strip().lower() or _guess_kind(name, r)
    return Known(
        name=name,
        country=(r.get("country") or None) and str(r["country"]).strip().upper(),
        sector=(r.get("sector") or None) and str(r["sector"]).strip().upper(),
        title=r.get("title") or None,
        aliases=list(aliases),
        kind=kind,
        provenance=r.get("provenance") or default_prov,
        valid_from=str(r.get("valid_from") or "") or None,
        valid_to=str(r.get("valid_to") or "") or None,
    )


_ORGISH = set(
    """relief aid international association society union council committee organization
    organisation network alliance front movement foundation trust institute center centre
    services group company corp corporation inc ltd llc plc bank agency ministry office
    department party army forces force police court university college school hospital church
    media news times press radio tv television air airlines airways fund commission authority
    league federation club team brigade battalion guard corps coalition""".split()
)


def _guess_kind(name: str, r: dict[str, Any]) -> str:
    """person or org for a row without a ``kind``: a personal name is 2-4 capitalised
    words without organisation words, or the row gives a title."""
    ws = name_words(name)
    if r.get("title"):
        return "person"
    if (
        2 <= len(ws) <= 4
        and all(w[:1].isupper() for w in ws)
        and not ({w.lower().strip(".,") for w in ws} & _ORGISH)
        and not is_acronym(name)
    ):
        return "person"
    return "org"


def load_user_file(path: str | Path) -> list[Known]:
    """Read a user actor file: CSV (header row) or YAML (a list of mappings)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() in (".yaml", ".yml"):
        rows = _read_yaml(text)
    else:
        rows = list(csv.DictReader(text.splitlines()))
    out = []
    for r in rows:
        r = {str(k).strip().lower(): v for k, v in r.items() if k is not None}
        if not (r.get("name") or "").strip():
            continue
        out.append(_known_from_row(r, default_prov="user"))
    return out


def _read_yaml(text: str) -> list[dict[str, Any]]:
    try:
        import yaml  # type: ignore[import-untyped]

        data = yaml.safe_load(text)
        if isinstance(data, dict):
            data = data.get("actors", [])
        return list(data or [])
    except ImportError:  # a small subset: "- key: value" lists, aliases as [a, b]
        rows: list[dict[str, Any]] = []
        for line in text.splitlines():
            s = line.strip()
            if not s or s.startswith("#") or s == "actors:":
                continue
            if s.startswith("- "):
                rows.append({})
                s = s[2:]
            if ":" in s and rows:
                k, v = s.split(":", 1)
                v = v.strip().strip("'\"")
                if v.startswith("[") and v.endswith("]"):
                    rows[-1][k.strip()] = [
                        x.strip().strip("'\"") for x in v[1:-1].split(",") if x.strip()
                    ]
                else:
                    rows[-1][k.strip()] = v
        return rows


@dataclass(frozen=True)
class DatedRole:
    """One role of a person or body in the actor dictionary, valid from ``start`` to ``end``
    (YYYY-MM-DD, empty = open)."""

    country: str | None
    sector: str | None
    start: str = ""
    end: str = ""

    def covers(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)


def role_at(roles: tuple[DatedRole, ...], day: str | None) -> tuple[str | None, str | None]:
    """Country and sector of a dictionary actor on ``day``: the role that covers the day
    (one with a sector first), else an undated role, else the country of the nearest role
    with no sector (a past or later office says nothing about the sector on that day).
    Without a day, the latest role with a sector."""
    if not roles:
        return None, None
    if day:
        now = [r for r in roles if r.dated and r.covers(day)]
        if now:
            best = next((r for r in now if r.sector), now[0])
            return best.country, best.sector
    if not day:  # no date: the latest office is the best guess (news is about the present)
        latest = sorted((r for r in roles if r.dated and r.sector), key=lambda r: r.start or r.end)
        if latest:
            return latest[-1].country, latest[-1].sector
    undated = [r for r in roles if not r.dated]
    if undated:
        best = next((r for r in undated if r.sector), undated[0])
        if best.country or best.sector:
            return best.country, best.sector
    dated = sorted((r for r in roles if r.dated and r.country), key=lambda r: r.start or r.end)
    if not dated:
        return None, None
    if not day:
        return dated[-1].country, dated[-1].sector
    countries = {r.country for r in dated}
    if len(countries) == 1:
        return dated[0].country, None

    def gap(r: DatedRole) -> int:
        a, b = r.start or "0000", r.end or "9999"
        return 0 if a <= day <= b else min(abs(_days(a) - _days(day)), abs(_days(b) - _days(day)))

    return min(dated, key=gap).country, None


def _days(d: str) -> int:
    try:
        return int(d[:4]) * 372 + int(d[5:7]) * 31 + int(d[8:10])
    except ValueError:
        return 0


@dataclass
class Dictionary(Memory):
    """People known from the actor dictionary and ``people.tsv``, with dated roles.

    Unlike run memory, a one-word surface finds a person only through an alias the
    dictionary gives ("Erdogan"), never as the surname of whoever in 20,000 names bears it:
    "Howard" is no reason to think of John Howard. Keys are cheap (lower case, accents
    folded) so that loading 20,000 names costs little; candidates are then checked with
    :func:`same_person_name`. A full name found neither way may still be a spelling of
    one person's name that differs only in vowels (:func:`~names.skeleton_match`)."""

    by_skeleton: dict[str, list[Known]] = field(default_factory=dict)

    def add_dated(self, k: Known, roles: tuple[DatedRole, ...] | str) -> None:
        k.roles = roles  # type: ignore[assignment]  # parsed on first use
        for n in dict.fromkeys([k.name, *k.aliases]):
            if n:
                self.by_name.setdefault(_quick_key(n), []).append(k)
        ws = n_words = k.name.split()
        if len(n_words) >= 2:
            self.by_surname.setdefault(_quick_surname(ws), []).append(k)
        if k.kind == "person":
            for n in dict.fromkeys([k.name, *k.aliases]):
                if n and len(n.split()) >= 2:
                    self.by_skeleton.setdefault(skeleton(n), []).append(k)

    def has_full_name(self, surface: str) -> bool:
        """Whether ``surface`` (two words or more) is a person's name or alias here."""
        ws = name_words(surface)
        return len(ws) >= 2 and any(
            k.kind == "person" for k in self.by_name.get(_quick_key(" ".join(ws)), ())
        )

    def find(self, surface: str, day: str | None = None, person: bool = False) -> Known | None:
        hits = [
            k
            for k in self.by_name.get(_quick_key(" ".join(name_words(surface))), [])
            if k.valid_on(day) and (not person or k.kind == "person")
        ]
        ws = name_words(surface)
        if not hits and len(ws) >= 2:
            hits = [
                k
                for k in self.by_surname.get(_quick_surname(ws), [])
                if k.valid_on(day) and same_person_name(k.name, surface)
            ]
        if not hits and len(ws) >= 2:
            hits = [
                k
                for k in self.by_skeleton.get(skeleton(surface), [])
                if k.valid_on(day)
                and (not person or k.kind == "person")
                and any(skeleton_match(n, surface) for n in (k.name, *k.aliases))
            ]
            if not all(
                same_person_name(k.name, hits[0].name) or skeleton_match(k.name, hits[0].name)
                for k in hits
            ):
                return None  # two people it could be: no guess
        if not hits:
            return None
        curated = [k for k in hits if k.source == "people.tsv"]
        hits = curated or hits  # our own rows hold later offices the dictionary lacks
        resolved = [(k, *self._at(k, day)) for k in hits]
        if len({(c, s) for _, c, s in resolved}) > 1:
            if not all(same_person_name(k.name, hits[0].name) for k in hits):
                return None  # two people of that name who differ: no guess
            resolved.sort(key=lambda r: r[2] is None)  # one person twice: the entry with a sector
        k, country, sector = resolved[0]
        return Known(
            name=k.name,
            country=country,
            sector=sector,
            title=k.title,
            aliases=k.aliases,
            kind=k.kind,
            provenance=k.provenance,
            valid_from=k.valid_from,
            valid_to=k.valid_to,
        )

    @staticmethod
    def _at(k: Known, day: str | None) -> tuple[str | None, str | None]:
        if isinstance(k.roles, str):
            k.roles = parse_roles(k.roles)
        return role_at(k.roles, day) if k.roles else (k.country, k.sector)


def _quick_key(s: str) -> str:
    s = s.lower() if s.isascii() else fold(s)
    return " ".join(s.replace("-", " ").split())


def _quick_surname(words: list[str]) -> str:
    last = _quick_key(words[-1])
    for p in ("al ", "el "):
        if last.startswith(p):
            last = last[len(p) :]
    return last.replace(" ", "").replace("'", "")  # "Chan-o-cha" and "Chan-ocha" agree


LEXICON = Path(__file__).resolve().parents[2] / "lexicon"


def _read_tsv(name: str) -> list[list[str]]:
    out = []
    for line in (LEXICON / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def parse_roles(field_: str) -> tuple[DatedRole, ...]:
    """``GBR:GOV:1997-05-02:2007-06-27;GBR:::`` -> dated roles."""
    out = []
    for r in field_.split(";"):
        f = (r.split(":") + ["", "", "", ""])[:4]
        if any(f):
            out.append(DatedRole(f[0] or None, f[1] or None, f[2], f[3]))
    return tuple(out)


@lru_cache(maxsize=1)
def known_people() -> Dictionary:
    """Persons of the actor dictionary (``lexicon/actors_phoenix.tsv``) and of
    ``lexicon/people.tsv`` (what the dictionary lacks), provenance "knowledge"; built
    once per install and kept by :func:`dyad.diskcache.cached` (0.2 -> 0.1 s a process)."""
    from dyad.diskcache import cached
    from dyad.extract.actors import names

    # names.py's folding makes the keys: a change there is a change of this table
    files = [
        LEXICON / "people.tsv",
        LEXICON / "actors_phoenix.tsv",
        Path(names.__file__),
        Path(__file__),  # the index's shape is this module's
    ]
    return cached("known-people", files, _build_known_people, objects=True)


def _build_known_people() -> Dictionary:
    m = Dictionary()
    for f in _read_tsv("people.tsv"):
        f += [""] * 8
        role = DatedRole(f[2].strip() or None, f[3].strip() or None)
        m.add_dated(
            Known(
                name=f[0].strip(),
                aliases=[a for a in f[1].split("|") if a.strip()],
                country=role.country,
                sector=role.sector,
                title=f[4].strip() or None,
                kind="person",
                provenance="knowledge",
                valid_from=f[5].strip() or None,
                valid_to=f[6].strip() or None,
                source="people.tsv",
            ),
            (role,),
        )
    from dyad.knowledge import dictionary_given_names

    given = dictionary_given_names()
    for f in _read_tsv("actors_phoenix.tsv"):
        if len(f) < 4 or f[2] != "person":
            continue
        m.add_dated(
            Known(
                name=f[0],
                aliases=[a for a in f[1].split("|") if a] + _paternal_name(f[0], f[3], given),
                kind="person",
                provenance="knowledge",
                source="phoenix",
            ),
            f[3],
        )
    return m


# countries whose people carry two surnames, the father's first ("Diego Molano Vega"),
# and are usually written with the first alone ("Diego Molano")
_TWO_SURNAMES = frozenset(
    "ESP MEX COL ARG CHL PER VEN ECU BOL PRY URY CUB DOM GTM HND SLV NIC CRI PAN PRI".split()
)


def _paternal_name(name: str, roles: str, given: frozenset[str]) -> list[str]:
    """["Diego Molano"] for "Diego Molano Vega" of a country of two surnames (every dated
    role's country one of them), unless the second-last word is a given name ("Juan
    Carlos Varela") or a particle ("Felipe de Jesus"); else []."""
    from dyad.extract.actors.words import FEMALE_NAMES, GIVEN_NAMES, MALE_NAMES

    ws = name.split()
    low = ws[-2].lower() if len(ws) >= 3 else ""
    if (
        not low
        or low in given
        or low in GIVEN_NAMES
        or low in FEMALE_NAMES
        or low in MALE_NAMES
        or low in ("de", "del", "la", "las", "los", "y", "da", "do", "dos")
        or not ws[-2][:1].isupper()
    ):
        return []
    countries = {r.split(":")[0] for r in roles.split(";") if r.split(":")[0]}
    if not countries or not countries <= _TWO_SURNAMES:
        return []
    return [" ".join(ws[:-1])]


def user_actors(ctx: Context | None) -> Memory:
    """The user's actor file (``ctx.settings.actors_file``), read once per context."""
    path = ctx.settings.actors_file if ctx is not None else None
    if ctx is None or not path:
        return Memory()

    def make() -> Memory:
        m = Memory()
        for k in load_user_file(path):
            m.add(k)
        return m

    return ctx.resource(USER + ":" + str(path), make)
