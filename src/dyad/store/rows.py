"""The Record-to-database mapping, declared once, by column name.

Each function here turns one part of a :class:`~dyad.model.Record` into rows of one
table: a dict from column name to value. The store inserts them by those names
(``INSERT INTO t (col, ...)``), never by position, so a new part of the record needs one
declaration here, a migration in :mod:`dyad.store.schema` and its queries.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from dyad.model import Actor, ActorRef, Event, Lesson, Record
from dyad.store.matching import Match, to_date

Row = dict[str, Any]
RefId = Callable[[ActorRef | None], int | None]

_SENT_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sentence_no(text: str, start: int) -> int:
    """1-based number of the sentence holding ``start`` (a cheap count, for GDELT's SentenceID)."""
    return 1 + sum(1 for _ in _SENT_END.finditer(text, 0, max(0, start)))


def article_row(rec: Record, chash: str) -> Row:
    dp = rec.dateline_place or {}
    return {
        "id": rec.id,
        "url": rec.url,
        "title": rec.title,
        "published": to_date(rec.published),
        "publisher": rec.publisher,
        "source_path": rec.source_path,
        "source_kind": rec.source_kind,
        "content_hash": chash,
        "text": rec.text,
        "caption": rec.caption,
        "record": rec.to_json(),
        "versions": json.dumps(rec.versions),
        "tone": rec.tone,
        "n_actors": len(rec.actors),
        "n_events": sum(1 for e in rec.events if not (e.negated or e.hypothetical)),
        "n_quotes": len(rec.quotes),
        "ingested_at": now(),
        "dateline_place": dp.get("name"),
        "dateline_country": dp.get("country"),
    }


def lesson_row(lesson_id: int, lesson: Lesson) -> Row:
    return {
        "id": lesson_id,
        "article_id": lesson.article_id,
        "name": lesson.name,
        "kind": lesson.kind,
        "country": lesson.country,
        "sector": lesson.sector,
        "title": lesson.title,
        "aliases": list(lesson.aliases),
    }


def actor_row(actor_id: int, key: str, a: Actor, aliases: list[str], rec: Record) -> Row:
    """A new actor: ``provenance`` is the article that first named it, ``origin`` how the
    actors stage knew it (text, user, learned ...)."""
    return {
        "id": actor_id,
        "key": key,
        "canonical": a.name,
        "country": a.country,
        "sector": a.sector,
        "title": a.title,
        "kind": a.kind,
        "aliases": aliases,
        "provenance": rec.id,
        "origin": a.provenance,
        "created_at": now(),
    }


def actor_mention_rows(rec: Record, local: dict[str, int]) -> list[Row]:
    return [
        {
            "article_id": rec.id,
            "actor_id": local[a.id],
            "local_id": a.id,
            "name": a.name,
            "span_start": m.start,
            "span_end": m.end,
            "kind": m.kind,
            "text": rec.text[m.start : m.end],
        }
        for a in rec.actors
        for m in a.mentions
    ]


def actor_article_rows(rec: Record, local: dict[str, int]) -> list[Row]:
    per_actor: dict[int, int] = {}
    for a in rec.actors:
        if a.mentions:
            per_actor[local[a.id]] = per_actor.get(local[a.id], 0) + len(a.mentions)
    return [{"actor_id": g, "article_id": rec.id, "mentions": n} for g, n in per_actor.items()]


def place_rows(rec: Record) -> list[Row]:
    return [
        {
            "article_id": rec.id,
            "idx": i,
            "name": p.name,
            "country": p.country,
            "lat": p.lat,
            "lon": p.lon,
            "geonames_id": p.geonames_id,
            "feature": p.feature,
            "span_start": p.span[0],
            "span_end": p.span[1],
            "confidence": p.confidence,
        }
        for i, p in enumerate(rec.places)
    ]


def time_rows(rec: Record) -> list[Row]:
    return [
        {
            "article_id": rec.id,
            "idx": i,
            "text": t.text,
            "value": t.value,
            "granularity": t.granularity,
            "kind": t.kind,
            "span_start": t.span[0] if t.span else None,
            "span_end": t.span[1] if t.span else None,
        }
        for i, t in enumerate(rec.times)
    ]


def quote_rows(rec: Record, ref_id: RefId) -> list[Row]:
    published = to_date(rec.published)
    out = []
    for i, q in enumerate(rec.quotes):
        sp = q.speaker
        out.append(
            {
                "article_id": rec.id,
                "idx": i,
                "kind": q.kind,
                "text": q.text,
                "span_start": q.span[0],
                "span_end": q.span[1],
                "speaker_name": sp.name if sp else None,
                "speaker_country": sp.country if sp else None,
                "speaker_sector": sp.sector if sp else None,
                "speaker_actor_id": ref_id(sp),
                "cue": q.cue,
                "sentence": q.sentence,
                "date": to_date(q.date) or published,
                "published": published,
                "confidence": q.confidence,
                "tone": q.tone,
            }
        )
    return out


def event_row(
    event_id: int,
    e: Event,
    rec: Record,
    day: dt.date | None,
    place: dict[str, Any],
    ref_id: RefId,
    text_dated: bool,
    object_words: str,
) -> Row:
    """A new real-world event, first reported by ``rec`` (counts are filled by the store)."""
    s, t = e.source, e.target
    return {
        "id": event_id,
        "type": e.type,
        "mode": e.mode,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "source_name": s.name if s else None,
        "source_country": s.country if s else None,
        "source_sector": s.sector if s else None,
        "source_actor_id": ref_id(s),
        "target_name": t.name if t else None,
        "target_country": t.country if t else None,
        "target_sector": t.sector if t else None,
        "target_actor_id": ref_id(t),
        "date": day,
        "place_name": place.get("name"),
        "place_country": place.get("country"),
        "place_feature": place.get("feature"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "confidence": e.confidence,
        "first_article_id": rec.id,
        "source_url": rec.url,
        "sentence": e.sentence,
        "added_at": now(),
        "text_dated": text_dated,
        "object_words": object_words,
    }


def event_mention_row(
    rec: Record, i: int, e: Event, event_id: int | None, joined: Match | None = None
) -> Row:
    """One event as one article reports it (negated and hypothetical ones too)."""
    published = to_date(rec.published)
    p = e.place or {}
    src, tgt, rep = e.source, e.target, e.reported_by
    ss = e.sentence_span
    if joined is not None:
        reason: str | None = joined.describe()
    else:
        reason = "first report" if event_id is not None else None
    return {
        "article_id": rec.id,
        "idx": i,
        "event_id": event_id,
        "type": e.type,
        "mode": e.mode,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "source_name": src.name if src else None,
        "source_country": src.country if src else None,
        "source_sector": src.sector if src else None,
        "target_name": tgt.name if tgt else None,
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "date": to_date(e.date) or published,
        "date_text": e.date,
        "date_source": e.date_source,
        "place_name": p.get("name"),
        "place_country": p.get("country"),
        "place_feature": p.get("feature"),
        "lat": p.get("lat"),
        "lon": p.get("lon"),
        "span_start": e.span[0],
        "span_end": e.span[1],
        "sentence": e.sentence,
        "sentence_start": ss[0] if ss else None,
        "sentence_end": ss[1] if ss else None,
        "sentence_no": sentence_no(rec.text, ss[0] if ss else e.span[0]),
        "trigger": e.trigger,
        "reported_by_name": rep.name if rep else None,
        "reported_by_country": rep.country if rep else None,
        "negated": bool(e.negated),
        "hypothetical": bool(e.hypothetical),
        "confidence": e.confidence,
        "tone": e.tone,
        "doc_tone": rec.tone,
        "publisher": rec.publisher,
        "url": rec.url,
        "published": published,
        "doc_len": len(rec.text),
        "match_score": joined.score if joined else None,
        "match_reason": reason,
    }
