"""The tone stage: how positive or negative the article, each event's sentence and each quote is.

Scores follow VADER (the ``vaderSentiment`` package: a rule-based sentiment lexicon with
rules for negation, boosters, "but" and emphasis). VADER's compound score in [-1, 1] is
multiplied by 10, so tones run from -10 (most negative) to +10 (most positive), the
range in which GDELT's AvgTone usually falls; 0 is neutral.

- ``Record.tone``: the document tone, the mean of its sentences' tones weighted by their
  length in words (so one short exclamation does not decide a long article).
- ``Event.tone``: the tone of the sentence holding the event's trigger.
- ``Quote.tone``: the tone of the quoted words themselves.

Speed: the stage scores the parsed tokens (:func:`token_tone`), looking their lower-case
forms up by hash in VADER's own lexicon and booster tables (read from the installed
package), instead of running VADER's string analyser on every sentence; that is several
times faster and gives nearly the same scores (VADER's rarer rules, such as idioms and
"never so", are left out; see docs/performance.md). :func:`tone` scores free text with
VADER itself.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, IS_UPPER, LOWER, SPACY
from spacy.strings import hash_string
from spacy.tokens import Doc

from dyad.contract import Context, stage
from dyad.extract.lookup import doc_text, span_text, token_bounds
from dyad.model import Record

SCALE = 10.0
ALPHA = 15.0  # VADER's normalisation: x / sqrt(x^2 + alpha)
DAMPING = (1.0, 0.95, 0.9)  # a booster one, two, three words before the sentiment word
BUT_BEFORE, BUT_AFTER = 0.5, 1.5  # "but" shifts the weight onto what follows it


@lru_cache(maxsize=1)
def analyzer() -> Any:
    """VADER's analyzer, built once per process (it reads its lexicon file)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def tone(text: str) -> float:
    """The tone of a piece of free text on the -10..+10 scale (VADER itself)."""
    if not text or not text.strip():
        return 0.0
    return round(analyzer().polarity_scores(text)["compound"] * SCALE, 3)


@dataclass(frozen=True)
class _Tables:
    valence: dict[int, float]  # lower-case word hash -> VADER valence
    boost: dict[int, float]  # booster word hash -> its increment
    negation: frozenset[int]
    no: int
    but: int
    least: int
    kind: int
    at_very: frozenset[int]
    of: int
    caps: float  # added to a sentiment word in capitals among lower-case words
    n_scalar: float  # a negated valence is multiplied by this


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """VADER's tables keyed by the hash spaCy gives a token's lower-case form."""
    from vaderSentiment import vaderSentiment as vs

    boost = {hash_string(w): b for w, b in vs.BOOSTER_DICT.items()}
    return _Tables(
        valence={hash_string(w): v for w, v in analyzer().lexicon.items()},
        boost=boost,
        negation=frozenset(hash_string(w) for w in [*vs.NEGATE, "n't", "not", "never"]),
        no=hash_string("no"),
        but=hash_string("but"),
        least=hash_string("least"),
        kind=hash_string("kind"),
        at_very=frozenset((hash_string("at"), hash_string("very"))),
        of=hash_string("of"),
        caps=vs.C_INCR,
        n_scalar=vs.N_SCALAR,
    )


def token_tone(words: list[int], upper: list[bool], text: str) -> float:
    """The tone (-10..+10) of a run of words given as lower-case hashes (punctuation left
    out), whether each is in capitals, and the text (for its ! and ?)."""
    tb = _tables()
    val = tb.valence
    n = len(words)
    caps = any(upper) and not all(upper)
    scores: list[tuple[int, float]] = []
    for i, h in enumerate(words):
        v = val.get(h)
        if v is None or h in tb.boost:
            continue
        if h == tb.no and i + 1 < n and words[i + 1] in val:
            continue  # "no" before a sentiment word negates it instead
        if h == tb.kind and i + 1 < n and words[i + 1] == tb.of:
            continue  # "kind of" hedges, it is not kindness
        if (i > 0 and words[i - 1] == tb.no) or (i > 1 and words[i - 2] == tb.no):
            v *= tb.n_scalar
        if caps and upper[i]:
            v += tb.caps if v > 0 else -tb.caps
        for j in range(1, min(i, 3) + 1):
            p = words[i - j]
            if p in val:
                continue  # only words without a sentiment of their own modify
            b = tb.boost.get(p)
            if b:
                v += (-b if v < 0 else b) * DAMPING[j - 1]
            if p in tb.negation:
                v *= tb.n_scalar
        if i > 0 and words[i - 1] == tb.least and (i < 2 or words[i - 2] not in tb.at_very):
            v *= tb.n_scalar  # "least happy", not "at least happy"
        scores.append((i, v))
    if not scores:
        return 0.0
    if tb.but in words:
        k = words.index(tb.but)
        s = sum(v * (BUT_BEFORE if i < k else BUT_AFTER if i > k else 1.0) for i, v in scores)
    else:
        s = sum(v for _, v in scores)
    q = text.count("?")
    emph = min(text.count("!"), 4) * 0.292 + (0.0 if q <= 1 else 0.18 * q if q <= 3 else 0.96)
    if s > 0:
        s += emph
    elif s < 0:
        s -= emph
    c = s / math.sqrt(s * s + ALPHA)
    return round(max(-1.0, min(1.0, c)) * SCALE, 3)


def _words(doc: Doc) -> tuple[list[int], list[int], list[bool], list[int]]:
    """The article's words as VADER cuts them (white space apart, punctuation stripped at
    the ends, so "best-loved" and "don't" stay one word): each word's first token, its
    lower-case hash and whether it is in capitals; and the count of tokens that are words
    (not punctuation or space) before each token, for sentence lengths."""
    a = doc.to_array([LOWER, IS_PUNCT, IS_SPACE, IS_UPPER, SPACY]).reshape(-1, 5)
    lower, punct, space, upper, ws = (a[:, k].tolist() for k in range(5))
    first: list[int] = []
    hashes: list[int] = []
    caps: list[bool] = []
    n = len(lower)
    i = 0
    while i < n:
        if space[i]:
            i += 1
            continue
        j = i  # the run of tokens up to white space: [i, j]
        while not ws[j] and j + 1 < n and not space[j + 1]:
            j += 1
        s, e = i, j
        while s <= e and punct[s]:
            s += 1
        while e >= s and punct[e]:
            e -= 1
        if s == e:
            first.append(s)
            hashes.append(lower[s])
            caps.append(bool(upper[s]))
        elif s < e:
            w = span_text(doc, s, e + 1)
            first.append(s)
            hashes.append(hash_string(w.lower()))
            caps.append(w.isupper())
        i = j + 1
    counts = numpy.concatenate(([0], numpy.cumsum((a[:, 1] == 0) & (a[:, 2] == 0)))).tolist()
    return first, hashes, caps, counts


@stage("tone", uses=("events", "quotes"), assigns=("tone", "events.tone", "quotes.tone"))
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Set the document tone and the tone of every event and quote."""
    text = doc_text(doc)
    first, hashes, caps, counts = _words(doc)

    def words_in(start_tok: int, end_tok: int) -> tuple[list[int], list[bool]]:
        lo = bisect_left(first, start_tok)
        hi = bisect_left(first, end_tok)
        return hashes[lo:hi], caps[lo:hi]

    starts: list[int] = []
    ends: list[int] = []
    tones: list[float] = []
    total = weight = 0.0
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        if not text[s:e].strip():
            continue
        ws, up = words_in(sent.start, sent.end)
        t = token_tone(ws, up, text[s:e])
        n = counts[sent.end] - counts[sent.start]
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

    def quote_tone(s: int, e: int, quoted: str) -> float:
        if text[s:e] != quoted or not len(doc):
            return tone(quoted)  # stitched or edited: score the words as given
        tok_starts, tok_ends = token_bounds(doc)
        i = bisect_right(tok_starts, s) - 1
        j = bisect_left(tok_ends, e) + 1
        if i < 0 or tok_starts[i] != s or j > len(tok_ends) or tok_ends[j - 1] != e:
            return tone(quoted)  # not on token boundaries
        ws, up = words_in(i, j)
        return token_tone(ws, up, quoted)

    for ev in rec.events:
        ev.tone = sentence_tone(ev.span[0], ev.sentence)
    for q in rec.quotes:
        if q.text:
            q.tone = quote_tone(q.span[0], q.span[1], q.text)
        else:
            q.tone = sentence_tone(q.span[0], q.sentence)
