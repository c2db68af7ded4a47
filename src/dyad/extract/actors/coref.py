"""Coreference inside an article: pronouns, titles and type nouns to their actors."""

from __future__ import annotations

import re

from spacy.tokens import Token

from dyad import knowledge as kb
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.phrases import type_target
from dyad.extract.actors.syntax import Work, phrase_root
from dyad.extract.actors.words import (
    FEMALE,
    IT_VERBS,
    MALE,
)
from dyad.extract.lookup import span_text
from dyad.model import Mention

_GENDERED = MALE | FEMALE
_DASHES = re.compile(r"[\s-]+")


def coreference(art: ArticleState) -> None:
    """Pronouns, titles ("the prime minister") and type nouns ("the alliance") onto the
    actors they refer to."""
    for t in art.toks:
        low = t.lower_
        if low in _GENDERED and t.pos_ == "PRON" or low in ("his", "her") and t.tag_ == "PRP$":
            if art.in_quote(t.idx):
                continue
            w = pronoun_target(art, t)
            if w is not None:
                w.add(t.idx, t.idx + len(t.text), t.text, "pronoun")
        elif low in ("they", "them", "their") and not art.in_quote(t.idx):
            w = _they_target(art, t)
            if w is not None:
                w.add(t.idx, t.idx + len(t.text), t.text, "pronoun")
        elif low in ("it", "its") and not art.in_quote(t.idx):
            w = _it_target(art, t)
            if w is not None:
                w.add(t.idx, t.idx + len(t.text), t.text, "pronoun")
        elif t.pos_ == "NOUN" and t.i not in art.title_toks and art.tok_owner.get(t.i) is None:
            if not _title_nominal(art, t):
                _type_nominal(art, t)


def _it_target(art: ArticleState, t: Token) -> Work | None:
    """ "it"/"its" for an organisation or a country: "it" only as the subject of a verb
    actors do ("it said", "it agreed"), "its" as a possessive; the antecedent is the
    subject of this sentence or the previous one."""
    if t.lower_ == "it":
        if t.dep_ != "nsubj" or t.head.lemma_.lower() not in IT_VERBS:
            return None
    elif t.dep_ != "poss":
        return None
    works = [w for w in art.works.values() if w.kind in ("org", "country")]
    return _latest_subject(art, t, works, plural=False)


def _they_target(art: ArticleState, t: Token) -> Work | None:
    """ "they"/"their" for a group that was the subject of this sentence or the previous
    one ("His associates alleged ...; they said ...")."""
    works = [w for w in art.works.values() if w.kind != "person"]
    return _latest_subject(art, t, works, plural=True)


def _latest_subject(art: ArticleState, t: Token, works: list[Work], plural: bool) -> Work | None:
    """Of ``works``, the one whose mention before ``t`` is the latest subject of this
    sentence or the previous one, outside quotations; ``plural``: groups, or plural
    references to others only ("Iraqi officials", "the Russians")."""
    here = art.sent_no(t.i)
    best: tuple[tuple, Work] | None = None
    for w in works:
        for m in w.mentions:
            if m.start >= t.idx or m.kind == "pronoun":
                continue
            if (
                plural
                and w.kind != "group"
                and not (m.kind in ("nominal", "demonym") and m.text.endswith("s"))
            ):
                continue
            sno, subj, quoted = art.mention_info(m)
            if quoted or not subj or here - sno > 1:
                continue
            rank = (sno, m.start)
            if best is None or rank > best[0]:
                best = (rank, w)
    return best[1] if best else None


def _title_nominal(art: ArticleState, t: Token) -> bool:
    """ "the prime minister" -> the person who holds that title in this article."""
    doc = art.doc
    toks = art.all_toks
    if t.dep_ in ("compound", "amod") and t.head.i > t.i:
        return False
    s = t.i
    while s > 0 and toks[s - 1].pos_ in ("NOUN", "PROPN", "ADJ") and toks[s - 1].is_lower:
        s -= 1
    if s == 0 or toks[s - 1].lower_ != "the":
        return False
    phrase = _DASHES.sub(" ", span_text(doc, s, t.i + 1).lower())
    a = kb.agent(phrase, "title") or kb.agent(t.lemma_.lower(), "title")
    if a is None:
        return False
    holders = [w for w in art.persons if w.agent == a.phrase and w.first < t.idx]
    if len(holders) != 1:
        return False
    holders[0].add(toks[s - 1].idx, t.idx + len(t.text), span_text(doc, s - 1, t.i + 1), "title")
    return True


def _type_nominal(art: ArticleState, t: Token) -> None:
    """ "the alliance" -> NATO, named earlier in the article."""
    doc = art.doc
    if t.i == 0 or art.all_toks[t.i - 1].lower_ != "the" or t.tag_ in ("NNS", "NNPS"):
        return
    if t.dep_ in ("compound", "amod") and t.head.i > t.i:
        return
    w = type_target(art, t)
    if w is not None and any(m.kind != "nominal" for m in w.mentions):
        w.add(doc[t.i - 1].idx, t.idx + len(t.text), doc[t.i - 1 : t.i + 1].text, "nominal")


def pronoun_target(art: ArticleState, t: Token) -> Work | None:
    """The most recent fitting person before ``t``: same sentence first, then the
    nearest sentence, preferring subjects; names inside quotations only for pronouns
    inside them."""
    want_female = t.lower_ in FEMALE
    here = art.sent_no(t.i)
    t_quoted = art.in_quote(t.idx)
    # a subject pronoun is not a person named again inside its own clause: in "He
    # rejected claims that Mr Brown ...", "he" is not Brown
    bound = (-1, -1)
    if t.dep_ in ("nsubj", "nsubjpass"):
        r = t.head.right_edge
        bound = (t.idx, r.idx + len(r.text))
    best: tuple[tuple, Work] | None = None
    for w in art.persons:
        if w.female is not None and w.female != want_female:
            continue
        if any(bound[0] < m.start < bound[1] and m.kind != "pronoun" for m in w.mentions):
            continue
        fits = w.female is True if want_female else True
        for m in w.mentions:
            if m.start >= t.idx or m.kind == "pronoun" or t.idx - m.start > 1500:
                continue
            sno, subj, quoted = art.mention_info(m)
            if quoted and not t_quoted:
                continue
            dist = here - sno
            # of earlier sentences, the main clause's subject before one in a clause
            # below it ("Mr Balls rejected the claim that Mr Brown had been sidelined")
            main = subj and dist > 0 and _main_subject(art, m)
            # a subject pronoun in its own sentence prefers the sentence's subject ("Blair
            # told Brown he would quit": Blair); others the nearest person
            here_subj = subj if (dist == 0 and bound[0] >= 0) else (subj or dist == 0)
            rank = (fits, dist == 0, -dist, here_subj, main, m.start)
            if best is None or rank > best[0]:
                best = (rank, w)
    return best[1] if best else None


def _main_subject(art: ArticleState, m: Mention) -> bool:
    """Whether a subject mention is the subject of its sentence's main verb."""
    sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
    if sp is None:
        return False
    v = phrase_root(sp.root).head
    while v.dep_ == "conj" and v.head is not v:
        v = v.head
    return v.dep_ == "ROOT"
