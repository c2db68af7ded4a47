"""The tone stage: how positive or negative the article, each event's sentence and each quote is.

Scores come from VADER (the ``vaderSentiment`` package, a rule-based lexicon that
handles negation, boosters and punctuation). VADER's compound score in [-1, 1] is
multiplied by 10, so tones run from -10 (most negative) to +10 (most positive), the
range in which GDELT's AvgTone usually falls; 0 is neutral.

- ``Record.tone``: the document tone, the mean of its sentences' tones weighted by their
  length in words (so one short exclamation does not decide a long article).
- ``Event.tone``: the tone of the sentence holding the event's trigger.
- ``Quote.tone``: the tone of the quoted words themselves.
"""

from __future__ import annotations

import string
from bisect import bisect_right
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from dyad.extract.lookup import doc_text
from dyad.model import Record

SCALE = 10.0
_PUNCT = string.punctuation


@lru_cache(maxsize=1)
def analyzer() -> Any:
    """VADER's analyzer, built once per process (it reads its lexicon file)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _emoji_chars() -> frozenset[str]:
    return frozenset(analyzer().emojis)


def _neutral(text: str) -> bool:
    """True when VADER would score ``text`` exactly 0 because no word of it is in its
    lexicon: the words as VADER cuts them (split on white space, punctuation stripped
    from words longer than two letters), and no emoji (VADER spells those out)."""
    if not _emoji_chars().isdisjoint(text):
        return False
    lex = analyzer().lexicon
    for w in text.split():
        s = w.strip(_PUNCT)
        if (s if len(s) > 2 else w).lower() in lex:
            return False
    return True


def tone(text: str) -> float:
    """The tone of a piece of text on the -10..+10 scale."""
    if not text or not text.strip() or _neutral(text):
        return 0.0
    return round(analyzer().polarity_scores(text)["compound"] * SCALE, 3)


def run(doc: Doc, rec: Record, ctx: object) -> None:
    """Set the document tone and the tone of every event and quote."""
    starts: list[int] = []
    ends: list[int] = []
    tones: list[float] = []
    total = weight = 0.0
    # Words (not punctuation or white space) before each token, for sentence lengths.
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    words = numpy.concatenate(([0], numpy.cumsum(flags.sum(axis=1) == 0))) if len(doc) else [0]
    text = doc_text(doc)
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        if not text[s:e].strip():
            continue
        t = tone(text[s:e])
        n = int(words[sent.end] - words[sent.start])
        starts.append(s)
        ends.append(e)
        tones.append(t)
        total += t * n
        weight += n
    rec.tone = round(total / weight, 3) if weight else 0.0

    def sentence_tone(pos: int, fallback: str | None) -> float | None:
        i = bisect_right(starts, pos) - 1
        if 0 <= i < len(starts) and pos < ends[i]:
            return tones[i]
        return tone(fallback) if fallback else None

    for e in rec.events:
        e.tone = sentence_tone(e.span[0], e.sentence)
    for q in rec.quotes:
        q.tone = tone(q.text) if q.text else sentence_tone(q.span[0], q.sentence)
