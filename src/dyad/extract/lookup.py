"""Find the actor behind a stretch of text, for stages after the actors stage.

An index of every mention is built once per record (and rebuilt when the record's
actors change) and kept in a module-level cache keyed by the record's identity, not
on the record itself, so nothing of it is serialised.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Token

from dyad.model import Actor, Mention, Record

_TEXT = "dyad.text"
_BOUNDS = "dyad.token_bounds"
_TOKENS = "dyad.tokens"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc and then kept in ``doc.user_data``.

    spaCy's ``Doc.text`` joins every token's text each time it is read (about 0.1 ms for
    a news article); a stage that needs the text per mention or per cue reads it here.
    """
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """Every token of ``doc`` in one list, made once per doc and then kept in ``doc.user_data``.

    spaCy makes a new ``Token`` object at each ``for t in doc`` and each ``doc[i]``; a stage
    that walks the whole doc, or reads tokens by index in a loop, reads them here. The list
    refers back to its doc (a reference cycle), so the pipeline drops it after the stages
    (:func:`forget_tokens`). Valid only while the doc is not retokenized.
    """
    toks = doc.user_data.get(_TOKENS)
    if toks is None:
        toks = doc.user_data[_TOKENS] = list(doc)
    return toks


def forget_tokens(doc: Doc) -> None:
    """Drop the list :func:`doc_tokens` kept, so the doc is freed without the garbage collector."""
    doc.user_data.pop(_TOKENS, None)


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` without making a Span and its tokens: a slice of
    :func:`doc_text` at token offsets kept in ``doc.user_data``."""
    if end <= start:
        return ""
    starts, ends = token_bounds(doc)
    return doc_text(doc)[starts[start] : ends[end - 1]]


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's first character and the character after it, kept in ``doc.user_data``."""
    bounds = doc.user_data.get(_BOUNDS)
    if bounds is None:
        a = doc.to_array([IDX, LENGTH]).reshape(-1, 2)
        bounds = doc.user_data[_BOUNDS] = (a[:, 0].tolist(), (a[:, 0] + a[:, 1]).tolist())
    return bounds


@dataclass
class _Index:
    signature: tuple[int, int, int]
    starts: list[int]
    items: list[tuple[int, int, Actor, Mention]]  # sorted by start
    longest: int


_CACHE: dict[int, tuple[weakref.ref, _Index]] = {}


def _signature(rec: Record) -> tuple[int, int, int]:
    n = sum(len(a.mentions) for a in rec.actors)
    return (id(rec.actors), len(rec.actors), n)


def _index(rec: Record) -> _Index:
    key = id(rec)
    sig = _signature(rec)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is rec and hit[1].signature == sig:
        return hit[1]
    items = sorted(
        ((m.start, m.end, a, m) for a in rec.actors for m in a.mentions),
        key=lambda x: (x[0], x[1]),
    )
    idx = _Index(
        signature=sig,
        starts=[x[0] for x in items],
        items=items,
        longest=max((x[1] - x[0] for x in items), default=0),
    )
    try:
        ref = weakref.ref(rec, lambda _r, k=key: _CACHE.pop(k, None))
    except TypeError:  # not weak-referenceable: no caching
        return idx
    _CACHE[key] = (ref, idx)
    return idx


def mentions_at(rec: Record, start: int, end: int) -> list[tuple[Actor, Mention]]:
    """Every (actor, mention) overlapping ``[start, end)``, best first.

    Best: a mention that contains the span, tightest first; then mentions inside
    the span, the one ending last (an English noun phrase's head is at its right)
    and longest first; then mere overlaps.
    """
    idx = _index(rec)
    lo = bisect_left(idx.starts, start - idx.longest)
    hi = bisect_left(idx.starts, max(end, start + 1))
    out = [(a, m) for s, e, a, m in idx.items[lo:hi] if s < max(end, start + 1) and start < e]

    def rank(am: tuple[Actor, Mention]) -> tuple[int, int, int]:
        m = am[1]
        if m.start <= start and end <= m.end:
            return (0, m.end - m.start, 0)
        if start <= m.start and m.end <= end:
            return (1, -m.end, -(m.end - m.start))
        return (2, m.end - m.start, m.start)

    out.sort(key=rank)
    return out


def actor_at(rec: Record, start: int, end: int) -> Actor | None:
    """The actor with a mention overlapping ``[start, end)``; the tightest one wins.

    Mentions include names, aliases, titles and pronouns that the actors stage
    resolved, so "he" or "the prime minister" finds its person here.
    """
    found = mentions_at(rec, start, end)
    return found[0][0] if found else None
