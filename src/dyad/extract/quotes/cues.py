"""Speech cues: our lexicon (``lexicon/speech_cues.tsv``) and the spaCy matchers built from it.

A cue is a speech verb (said, told, insisted), a verb with its preposition (called for,
spoke of), or a phrase (according to, in a statement). The matchers are built once per
pipeline (``ctx.resource``) and run once per document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token

from dyad.extract.lookup import doc_text
from dyad.wordlists import words

CLASSES = ("speech", "request", "evaluate", "belief", "source", "frame")
PARTICLES = {"out", "up", "back", "down", "off", "on"}  # phrasal verbs: point out, hit back


@dataclass
class Lexicon:
    """Cues by kind: verb lemma -> (class, content rule); 'verb prep'; phrases."""

    verbs: dict[str, tuple[str, str]] = field(default_factory=dict)
    verb_preps: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    phrases: dict[str, tuple[str, str]] = field(default_factory=dict)
    verb_prts: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read ``speech_cues.tsv`` (first row for a cue wins)."""
    lex = Lexicon()
    text = resources.files("dyad.lexicon").joinpath("speech_cues.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("cue\t"):
            continue
        cue, cls, content = (p.strip() for p in line.split("\t")[:3])
        if cls not in CLASSES:
            raise ValueError(f"speech_cues.tsv: unknown class {cls!r} for {cue!r}")
        words = cue.split()
        if cls in ("source", "frame"):
            lex.phrases.setdefault(cue, (cls, content))
        elif len(words) == 2 and words[1] in PARTICLES and not content.startswith("prep:"):
            lex.verb_prts.setdefault(words[0], {}).setdefault(words[1], (cls, content))
        elif len(words) == 2 and content.startswith("prep:"):
            lex.verb_preps.setdefault(words[0], {}).setdefault(words[1], (cls, content))
        elif len(words) == 1:
            lex.verbs.setdefault(cue, (cls, content))
        else:
            lex.phrases.setdefault(cue, (cls, content))
    return lex


WORD_LISTS = (
    "title",
    "report",
    "speaker",
    "partitive",
    "depiction",
    "anonymous",
    "skip_before",
    "recipient_verb",
    "infinitive_verb",
    "report_noun_cue",
    "definite_org",
    "person_noun",
)


def load_words() -> dict[str, frozenset[str]]:
    """The quotes stage's word lists by name, from ``lexicon/quotes_words.txt`` (read once
    by :mod:`dyad.wordlists`; a missing section is an error)."""
    return {name: words("quotes_words.txt", name) for name in WORD_LISTS}


@dataclass
class Cue:
    """One cue in a document: the token that heads it, its class and content rule."""

    token: Token
    cls: str
    content: str
    start: int  # character span of the cue words
    end: int
    text: str
    prep: Token | None = None  # for verb + preposition cues


@dataclass
class CueFinder:
    """The matchers over one vocabulary, built once."""

    lexicon: Lexicon
    verbs: Matcher
    phrases: PhraseMatcher

    def find(self, doc: Doc, belief: bool = False) -> list[Cue]:
        """Every cue in ``doc`` in text order (one per head token)."""
        lex = self.lexicon
        out: dict[int, Cue] = {}
        for _, s, _e in self.verbs(doc):
            tok = doc[s]
            if tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
                continue  # "so-called", "self-described": part of a compound word
            lemma = tok.lemma_.lower()
            preps = lex.verb_preps.get(lemma)
            if preps:
                prep = next(  # after the verb: "On Thursday, X called for ..." is not "call on"
                    (
                        c
                        for c in tok.children
                        if c.dep_ == "prep"
                        and c.lower_ in preps
                        and c.i > tok.i
                        and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)
                    ),  # "called X 'outrageous' on Tuesday" is no "call on"
                    None,
                )
                if prep is None and tok.i + 1 < len(doc):  # "calling for X to be tried": the
                    nxt = doc[tok.i + 1]  # parser made "for" the mark of the clause
                    if nxt.dep_ == "mark" and nxt.lower_ in preps and nxt.head.head.i == tok.i:
                        prep = nxt
                if prep is not None:
                    cls, content = preps[prep.lower_]
                    out[tok.i] = Cue(
                        tok,
                        cls,
                        content,
                        tok.idx,
                        prep.idx + len(prep),
                        doc_text(doc)[tok.idx : prep.idx + len(prep)],
                        prep,
                    )
                    continue
            prts = lex.verb_prts.get(lemma)
            if prts:
                prt = next((c for c in tok.children if c.dep_ == "prt" and c.lower_ in prts), None)
                if prt is not None:
                    cls, content = prts[prt.lower_]
                    end = max(prt.idx + len(prt), tok.idx + len(tok))
                    out[tok.i] = Cue(tok, cls, content, tok.idx, end, doc_text(doc)[tok.idx : end])
                    continue
            if lemma not in lex.verbs:
                continue
            cls, content = lex.verbs[lemma]
            if cls == "belief" and not belief:
                continue
            out[tok.i] = Cue(tok, cls, content, tok.idx, tok.idx + len(tok), tok.text)
        for mid, s, e in self.phrases(doc):
            span = doc[s:e]
            cls, content = lex.phrases[doc.vocab.strings[mid]]
            out.setdefault(
                span[0].i, Cue(span[0], cls, content, span.start_char, span.end_char, span.text)
            )
        return [out[i] for i in sorted(out)]


def build_finder(nlp_or_vocab: Language | object) -> CueFinder:
    """Build the cue matchers for a pipeline's vocabulary."""
    vocab = getattr(nlp_or_vocab, "vocab", nlp_or_vocab)
    lex = load_lexicon()
    verbs = Matcher(vocab)
    lemmas = sorted(set(lex.verbs) | set(lex.verb_preps) | set(lex.verb_prts))
    verbs.add("CUE_VERB", [[{"LEMMA": {"IN": lemmas}, "POS": "VERB"}]])
    phrases = PhraseMatcher(vocab, attr="LOWER")
    for p in lex.phrases:
        phrases.add(p, [Doc(vocab, words=p.split())])
    return CueFinder(lex, verbs, phrases)
