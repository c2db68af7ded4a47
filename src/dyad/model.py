"""The data model: plain dataclasses that round-trip to JSON.

One article's :class:`Record` is everything dyad read out of it. Nothing downstream of
the pipeline needs the spaCy ``Doc``: stores, exports, the API and the web page all work
from records. Spans are ``[start, end)`` character offsets into ``Record.text``.

The JSON keys follow "The record dyad writes" in ``../shared/gold/FORMAT.md``; extra
keys are allowed and kept.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")

Span = tuple[int, int]

_ATOMIC = frozenset({type(None), bool, int, float, str, bytes})


def asdict(obj: Any) -> Any:
    """``dataclasses.asdict`` with Python 3.12's fast path: atomic values are returned
    as they are (3.11 deep-copies every string and number, most of a record's cost to
    write out). Same result, same types."""
    t = type(obj)
    if t in _ATOMIC:
        return obj
    if hasattr(t, "__dataclass_fields__"):
        return {f.name: asdict(getattr(obj, f.name)) for f in fields(obj)}
    if t is list:
        return [asdict(v) for v in obj]
    if t is tuple:
        return tuple(asdict(v) for v in obj)
    if t is dict:
        return {asdict(k): asdict(v) for k, v in obj.items()}
    return copy.deepcopy(obj)


@dataclass
class Article:
    """One news article as read from a source, before any NLP."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    publisher: str | None = None
    caption: str | None = None
    # the date line or wire dateline as written ("March 22, 2011", "LONDON, April 3 -")
    dateline: str | None = None
    credit: str | None = None  # wire credit such as "AP, Reuters"
    source_path: str | None = None  # file, feed URL, or "file.warc.gz#record-id"
    source_kind: str | None = None  # text, markdown, jsonl, csv, html, feed, warc, reuters
    author: str | None = None  # byline, where the source gives one
    dateline_place: str | None = None  # the wire dateline's place as written ("LONDON")
    extra: dict[str, Any] = field(default_factory=dict)  # source metadata (tags, ids)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return _from_dict(cls, d)


def normalise_text(text: str) -> str:
    """NFC, unified whitespace: the text form that article ids hash."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def article_id(url: str | None, text: str) -> str:
    """A stable id: a hash of the URL (if any) and the normalised text."""
    h = hashlib.sha1()
    h.update((url or "").strip().encode("utf-8"))
    h.update(b"\x00")
    h.update(normalise_text(text).encode("utf-8"))
    return h.hexdigest()[:16]


def content_hash(text: str) -> str:
    """Hash of the normalised text alone, to spot the same story at two URLs."""
    return hashlib.sha1(normalise_text(text).lower().encode("utf-8")).hexdigest()[:16]


@dataclass
class Mention:
    """One place in the text where an actor is named or referred to."""

    start: int
    end: int
    text: str = ""
    kind: str = "name"  # name, alias, title, pronoun, demonym, capital, nominal

    def to_json(self) -> list[Any]:
        return [self.start, self.end]


@dataclass
class Actor:
    """A person, organisation, government, armed force or country in one article."""

    id: str  # local to the record: "A1", "A2", ...
    name: str
    country: str | None = None  # ISO 3166 alpha-3, "IGO", or None
    sector: str | None = None  # GOV MIL REB OPP PTY COP JUD BUS MED EDU NGO IGO CVL REL CRM
    title: str | None = None
    kind: str = "person"  # person, org, country, group
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0
    provenance: str | None = None  # "text", "context", "user", "learned:<article id>"

    def ref(self) -> ActorRef:
        return ActorRef(name=self.name, country=self.country, sector=self.sector, actor_id=self.id)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [[m.start, m.end] for m in self.mentions]
        d["mention_kinds"] = [m.kind for m in self.mentions]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str = "") -> Actor:
        d = dict(d)
        kinds = d.pop("mention_kinds", None) or []
        raw = d.pop("mentions", []) or []
        a = _from_dict(cls, d)
        a.mentions = [
            Mention(
                int(s),
                int(e),
                text[int(s) : int(e)] if text else "",
                kinds[i] if i < len(kinds) else "name",
            )
            for i, (s, e) in enumerate(raw)
        ]
        return a


@dataclass
class ActorRef:
    """A reference to an actor from an event or a quote."""

    name: str
    country: str | None = None
    sector: str | None = None
    actor_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> ActorRef | None:
        return None if d is None else _from_dict(cls, d)


@dataclass
class Quote:
    """A quotation or reported statement with its speaker."""

    text: str
    kind: str  # direct, indirect, scare
    span: Span
    speaker: ActorRef | None = None
    cue: str | None = None
    cue_span: Span | None = None
    sentence: str | None = None
    date: str | None = None
    confidence: float = 1.0
    tone: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["speaker"] = self.speaker.to_dict() if self.speaker else None
        d["span"] = list(self.span)
        d["cue_span"] = list(self.cue_span) if self.cue_span else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        q = _from_dict(cls, d)
        q.speaker = ActorRef.from_dict(d.get("speaker"))
        q.span = tuple(d["span"])  # type: ignore[assignment]
        q.cue_span = tuple(d["cue_span"]) if d.get("cue_span") else None  # type: ignore[assignment]
        return q


@dataclass
class Place:
    """A geocoded place named in the text."""

    name: str
    span: Span
    country: str | None = None  # ISO3
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # country, city, admin1, admin2, region, sea, continent, ...
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        p = _from_dict(cls, d)
        p.span = tuple(d["span"])  # type: ignore[assignment]
        return p


@dataclass
class TimeRef:
    """A temporal expression resolved against the publication date."""

    text: str
    span: Span | None  # None for the dateline, which is not part of the body text
    value: str | None = None  # 2011-03-22, 2011-W11, 2011-03, 2011
    granularity: str | None = None  # day, week, month, season, year
    kind: str = "date"  # date, time, range, duration

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span) if self.span else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeRef:
        t = _from_dict(cls, d)
        t.span = tuple(d["span"]) if d.get("span") else None  # type: ignore[assignment]
        return t


@dataclass
class Event:
    """Who did what to whom: one coded event with its evidence."""

    type: str  # PLOVER type
    span: Span  # the trigger's evidence span in the text
    sentence: str
    source: ActorRef | None = None
    target: ActorRef | None = None
    mode: str | None = None
    cameo: str | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material
    goldstein: float | None = None
    date: str | None = None
    date_source: str | None = None  # "text", "dateline" (a wire dateline's day) or "published"
    place: dict[str, Any] | None = None  # {"name", "country", "lat", "lon"}
    negated: bool = False
    hypothetical: bool = False
    reported_by: ActorRef | None = None
    trigger: str | None = None
    coder: str | None = None  # the event coder that made it ("lexicon", ...)
    rule: str | None = None  # the coder's rule behind it (a lexicon entry id)
    confidence: float = 1.0
    sentence_span: Span | None = None
    tone: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("source", "target", "reported_by"):
            v = getattr(self, k)
            d[k] = v.to_dict() if v else None
        d["span"] = list(self.span)
        d["sentence_span"] = list(self.sentence_span) if self.sentence_span else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        e = _from_dict(cls, d)
        if d.get("lexicon_id") and not d.get("rule"):  # records written before coders
            e.coder, e.rule = "lexicon", d["lexicon_id"]
        for k in ("source", "target", "reported_by"):
            setattr(e, k, ActorRef.from_dict(d.get(k)))
        e.span = tuple(d["span"])  # type: ignore[assignment]
        e.sentence_span = tuple(d["sentence_span"]) if d.get("sentence_span") else None  # type: ignore[assignment]
        return e


@dataclass
class Lesson:
    """What one article teaches the articles after it in a run (the ``learn`` stage): a
    person or organisation it named in full, with the country the text gave. A later
    article's bare "Gates" resolves to the "U.S. Defense Secretary Robert Gates" of the
    article ``article_id`` (provenance ``learned:<article_id>``)."""

    name: str
    kind: str = "person"  # person or org
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    article_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Lesson:
        out = _from_dict(cls, d)
        out.aliases = list(out.aliases or [])
        return out


@dataclass
class Record:
    """Everything dyad read out of one article."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    publisher: str | None = None
    caption: str | None = None
    dateline: str | None = None
    credit: str | None = None
    source_path: str | None = None
    source_kind: str | None = None
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    tone: float | None = None
    versions: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    author: str | None = None
    # the wire dateline's place: {"name"} as read, geocoded by the places stage
    # ({"name", "country", "lat", "lon", "feature", "geonames_id"})
    dateline_place: dict[str, Any] | None = None
    # what this article teaches the later articles of a run (the learn stage)
    lessons: list[Lesson] = field(default_factory=list)

    @classmethod
    def from_article(cls, a: Article, versions: dict[str, str] | None = None) -> Record:
        return cls(
            id=a.id,
            text=a.text,
            title=a.title,
            published=a.published,
            url=a.url,
            publisher=a.publisher,
            caption=a.caption,
            dateline=a.dateline,
            credit=a.credit,
            source_path=a.source_path,
            source_kind=a.source_kind,
            versions=dict(versions or {}),
            extra=dict(a.extra),
            author=a.author,
            dateline_place={"name": a.dateline_place} if a.dateline_place else None,
        )

    def actor(self, actor_id: str | None) -> Actor | None:
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name in ("actors", "events", "quotes", "places", "times", "lessons"):
                d[f.name] = [x.to_dict() for x in v]
            else:
                d[f.name] = v
        return d

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        r = _from_dict(cls, d)
        r.actors = [Actor.from_dict(x, r.text) for x in d.get("actors", [])]
        r.events = [Event.from_dict(x) for x in d.get("events", [])]
        r.quotes = [Quote.from_dict(x) for x in d.get("quotes", [])]
        r.places = [Place.from_dict(x) for x in d.get("places", [])]
        r.times = [TimeRef.from_dict(x) for x in d.get("times", [])]
        r.lessons = [Lesson.from_dict(x) for x in d.get("lessons") or []]
        return r

    @classmethod
    def from_json(cls, s: str) -> Record:
        return cls.from_dict(json.loads(s))

    def __str__(self) -> str:
        """A readable summary, one line per thing found (``print(record)``)."""
        return "\n".join(_summary(self))

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # IPython and Jupyter
        p.text(str(self))


def _who(r: ActorRef | None) -> str:
    if r is None:
        return "(none)"
    tags = ", ".join(x for x in (r.country, r.sector) if x and x != r.name)
    return f"{r.name} ({tags})" if tags else r.name


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _listing(what: str, items: list[str]) -> str:
    return f"  {what} ({len(items)})" + (": " + "; ".join(items) if items else "")


def _summary(r: Record) -> list[str]:
    head = f"Record {r.id}"
    meta = [x for x in (r.published, r.publisher) if x]
    out = [head + (f" ({', '.join(meta)})" if meta else "")]
    if r.title:
        out.append(f"  title: {_clip(r.title, 100)}")
    tone = f", tone {r.tone:+.1f}" if r.tone is not None else ""
    out.append(f"  text: {_clip(r.text, 100)!r} ({len(r.text)} characters{tone})")
    out.append(_listing("actors", [_who(a.ref()) for a in r.actors]))
    out.append(f"  events ({len(r.events)})" + (":" if r.events else ""))
    for e in r.events:
        code = ", ".join(
            x
            for x in (
                f"CAMEO {e.cameo}" if e.cameo else "",
                f"quad class {e.quad_class}" if e.quad_class else "",
                f"Goldstein {e.goldstein:+g}" if e.goldstein is not None else "",
            )
            if x
        )
        flags = "".join(
            f" [{f}]" for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical)) if on
        )
        where = f" in {e.place['name']}" if e.place and e.place.get("name") else ""
        out.append(
            f"    {e.type}{f' ({e.mode})' if e.mode else ''}: {_who(e.source)} -> {_who(e.target)}, {e.date or 'undated'}{where}"
            f" ({code}){flags}; evidence: {_clip(e.sentence, 80)!r}"
        )
    out.append(f"  quotes ({len(r.quotes)})" + (":" if r.quotes else ""))
    for q in r.quotes:
        out.append(f"    {_who(q.speaker)} ({q.kind}): {_clip(q.text, 80)!r}")
    places = sorted({(p.name, p.country) for p in r.places}, key=str)
    out.append(_listing("places", [f"{n} ({c})" if c and c != n else n for n, c in places]))
    out.append(_listing("times", [f"{t.text} = {t.value or '?'}" for t in r.times]))
    return out


def _from_dict(cls: type[T], d: dict[str, Any]) -> T:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in d.items() if k in names})
