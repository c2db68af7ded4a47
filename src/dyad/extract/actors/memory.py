"""Actors known before an article is read: the user's actor file and actors learned
from earlier articles (or loaded from the database with :func:`seed_known`).

Both live in the run's :class:`~dyad.pipeline.Context`, so one run (or one watch
process) learns as it goes: once an article says "U.S. Defense Secretary Robert Gates",
a later article's bare "Gates" resolves to him with ``provenance="learned:<article id>"``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyad.contract import Context, KnownActorRow
from dyad.extract.actors.names import fold, name_key, name_words, same_person_name, surname_key
from dyad.knowledge import _key, is_acronym

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

    def valid_on(self, day: str | None) -> bool:
        if not day:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass
class Memory:
    """Known actors indexed by name key, surname key and alias key."""

    by_name: dict[str, list[Known]] = field(default_factory=dict)
    by_surname: dict[str, list[Known]] = field(default_factory=dict)

    def add(self, k: Known) -> None:
        for n in [k.name, *k.aliases]:
            if not n:
                continue
            nk = _name_index_key(n)
            bucket = self.by_name.setdefault(nk, [])
            if not any(x.name == k.name for x in bucket):
                bucket.append(k)
        if k.kind == "person" and len(name_words(k.name)) >= 2:
            bucket = self.by_surname.setdefault(surname_key(k.name), [])
            for i, x in enumerate(bucket):
                if same_person_name(x.name, k.name) and len(x.name) <= len(k.name):
                    bucket[i] = _merge(x, k)
                    return
            bucket.append(k)

    def find(self, surface: str, day: str | None = None, person: bool = False) -> Known | None:
        """The known actor a surface form names: exact name/alias first, then a surname.
        With ``person``, only persons."""
        for k in self.by_name.get(_name_index_key(surface), []):
            if k.valid_on(day) and (not person or k.kind == "person"):
                return k
        ws = name_words(surface)
        if person or len(ws) == 1:
            cands = [k for k in self.by_surname.get(surname_key(surface), []) if k.valid_on(day)]
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
    ws = name_words(_key(s))
    return " ".join(name_key(w) for w in ws) if ws else fold(s)


def learned(ctx: Context | None) -> Memory:
    """The run's learned-actor memory (``ctx.resource("learned_actors", ...)``)."""
    if ctx is None:
        return Memory()
    mem = ctx.resource(LEARNED, Memory)
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


@lru_cache(maxsize=1)
def known_people() -> Memory:
    """Well-known people from ``lexicon/people.tsv`` (provenance "knowledge")."""
    m = Memory()
    path = Path(__file__).resolve().parents[2] / "lexicon" / "people.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t") + [""] * 7
        m.add(
            Known(
                name=f[0].strip(),
                aliases=[a for a in f[1].split("|") if a.strip()],
                country=f[2].strip() or None,
                sector=f[3].strip() or None,
                title=f[4].strip() or None,
                kind="person",
                provenance="knowledge",
                valid_from=f[5].strip() or None,
                valid_to=f[6].strip() or None,
            )
        )
    return m


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
