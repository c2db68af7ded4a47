"""The working structures of the actors stage and the syntax it reads (slots, spans)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.names import fold
from dyad.extract.actors.words import (
    LOCATIVE,
    OBJ,
    PLACE_NOUNS,
    SPEECH_VERBS,
    SUBJ,
    TRANSFER_WORDS,
)
from dyad.extract.lookup import span_text
from dyad.model import Mention


@dataclass
class Cand:
    """One entity mention before it becomes (part of) an actor."""

    start: int  # token offsets into the doc
    end: int
    label: str  # spaCy label or GAZ
    gaz: gz.GazHit | None = None
    kind: str = ""  # person, org, country, demonym, capital, place, drop
    value: str | None = None  # iso3 or organisation name from the gazetteer

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def text(self, doc: Doc) -> str:
        """``span(doc).text``, without making the span."""
        return span_text(doc, self.start, self.end)


@dataclass
class Role:
    """What a title or an apposition says about its actor."""

    country: str | None = None
    sector: str | None = None
    title: str | None = None
    agent: str | None = None  # the matched agent phrase ("defense secretary")
    possessor: Work | None = None  # whose office it is ("Putin's spokesman")
    tokens: tuple[int, int] | None = None


@dataclass
class Work:
    """An actor under construction."""

    key: tuple
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    agent: str | None = None
    confidence: float = 1.0
    provenance: str = "text"
    mentions: list[Mention] = field(default_factory=list)
    acting: bool = False
    unplaced: bool = False  # a named organisation the story's country is not guessed for
    types: set[str] = field(default_factory=set)
    surfaces: Counter = field(default_factory=Counter)
    female: bool | None = None
    variants: set[str] = field(default_factory=set)  # spellings known from elsewhere
    # what a membership says where nothing better does ("Labour's X": GBR PTY; "Lord X": a
    # peer, GOV): used after titles, memory and the dictionary
    member_of: tuple[str | None, str | None] | None = None

    def add(self, start: int, end: int, text: str, kind: str = "name") -> None:
        if any(m.start == start and m.end == end for m in self.mentions):
            return
        self.mentions.append(Mention(start, end, text, kind))
        if kind in ("name", "alias"):
            self.surfaces[text] += 1

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=10**9)


def clean_span(doc: Doc, s: int, e: int, all_toks: list[Token] | None = None) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation.
    ``all_toks``: the doc's tokens as a list, where the caller keeps one."""
    base = s
    # one Token each; doc[i] makes a new one per look
    toks = all_toks[s:e] if all_toks is not None else list(doc[s:e])
    words = [t.text for t in toks]
    while s < e and toks[s - base].lower_ in ("the", "a", "an"):
        s += 1
    if "(" in words:  # "World Health Organization (WHO": an unclosed bracket
        for i in range(s - base, len(words)):
            if words[i] == "(" and ")" not in words[i:]:
                e = base + i
                break
    while s < e and toks[s - base].text in ("<", ">"):
        s += 1  # "<Versatile Corp>": Reuters marks tickers and names with angle brackets
    while e > s and (
        (t := toks[e - 1 - base]).text in ("<", ">")
        or t.tag_ == "POS"
        or t.text in ("'s", "’s", "'", "’")
        or t.is_punct
        or t.lower_ in ("of", "and", "the", "for", "in")
    ):
        e -= 1
    return s, e


def phrase_root(tok: Token) -> Token:
    """Climb conjunctions and appositions to the phrase whose role counts."""
    seen = 0
    while tok.dep_ in ("conj", "appos") and tok.head is not tok and seen < 6:
        tok = tok.head
        seen += 1
    return tok


def slot(span: Span) -> str:
    """The syntactic slot of a mention: subj, obj, poss, mod, loc, prep:<p>, other."""
    tok = phrase_root(span.root)
    dep = tok.dep_
    if dep in SUBJ:
        return "subj"
    if dep in OBJ:
        return "obj"
    if dep == "poss":
        if tok.head.lemma_.lower() in PLACE_NOUNS and tok.head.lower_ != "side":
            return "loc"  # "Niger's capital", "Afghanistan's Maidan Wardak province"
        return "poss"
    if dep == "pobj":
        prep = tok.head.lower_
        if prep == "by":
            return "subj"
        if prep in LOCATIVE and prep not in ("to",):
            return "loc"
        if prep == "to":
            h = tok.head.head
            lem = h.lemma_.lower()
            if lem in SPEECH_VERBS or lem in TRANSFER_WORDS:
                return "obj"  # "said to Russia", "aid to Mozambique", "hand over to Britain"
            return "loc"
        if prep == "of" and tok.head.head.lemma_.lower() in PLACE_NOUNS:
            return "loc"  # "the north of Syria", "the capital of Iraq"
        if (
            prep == "over"
            and tok.head.head.pos_ in ("VERB", "NOUN")
            and tok.head.head.lemma_.lower()
            in ("fly", "flight", "airspace", "shoot", "crash", "patrol", "sky", "down")
        ):
            return "loc"
        return f"prep:{prep}"
    if dep in ("compound", "nmod", "amod", "npadvmod"):
        return "mod"
    if dep == "ROOT":
        return "root"
    return dep


def make_doc(doc: Doc, text: str) -> Doc:
    """``text`` tokenised (no parse) with the vocabulary of ``doc``."""
    from dyad import nlp as _nlp

    n = _nlp.load()
    if n.vocab is doc.vocab:
        return n.make_doc(text)
    return Doc(doc.vocab, words=text.split())


def headline_end(text: str, title: str | None) -> int:
    """Where a headline repeated as the text's first line ends (0 if there is none):
    the title itself, or a short line without final punctuation, mostly capitalised."""
    first, sep, _ = text.partition("\n")
    line = first.strip()
    if not sep or not line:
        return 0
    if title and fold(line) == fold(title.strip()):
        return len(first)
    words = line.split()
    if len(words) > 15 or line[-1] in ".!?\"”'’:;," or len(words) < 2:
        return 0
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    blank_after = text[len(first) : len(first) + 2] == "\n\n"
    if caps >= 0.7 * len(words) and blank_after:
        return len(first)
    return 0


_QUOTE_RE = re.compile(r"“[^”]{1,3000}”|\"[^\"]{1,3000}\"|‘[^’]{3,3000}’(?!\w)")


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
