"""Agent and title phrases in the text ("prime minister", "armed forces") and the
organisation a common noun refers back to ("the alliance" -> NATO)."""

from __future__ import annotations

from spacy.tokens import Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.syntax import Work
from dyad.extract.actors.words import (
    org_head,
)


def title_phrase(art: ArticleState, t: Token) -> tuple[kb.Agent, int] | None:
    """The longest title ("prime minister", "spokesman") ending at ``t``."""
    doc = art.doc
    low = t.lower_
    sing = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
    heads = gz.agent_heads()
    if low not in heads and sing not in heads:
        return None
    for n in (3, 2, 1):
        s = t.i - n + 1
        if s < 0 or any(doc[i].is_punct and doc[i].text != "-" for i in range(s, t.i)):
            continue
        words = [doc[i].lower_ for i in range(s, t.i)]
        for last in (low, sing):
            a = kb.agent(" ".join([*words, last]).replace(" - ", "-"), "title")
            if a is not None:
                return a, s
    return None


def agent_phrase(art: ArticleState, t: Token) -> tuple[kb.Agent, int] | None:
    """The longest agent phrase ending at ``t`` (lemmas), and its first token."""
    low = t.lower_
    heads = gz.agent_heads()
    if (
        t.lemma_.lower() not in heads
        and low not in heads
        and not (low.endswith("s") and low[:-1] in heads)
    ):
        return None
    doc = art.doc
    k = kb.load()
    best = None
    for n in range(min(k.max_agent_words, 4), 0, -1):
        s = t.i - n + 1
        if s < 0:
            continue
        words = [doc[i].lower_ for i in range(s, t.i)] + [t.lemma_.lower()]
        if any(doc[i].is_punct and doc[i].text != "-" for i in range(s, t.i)):
            continue
        phrase = " ".join(words).replace(" - ", "-")
        low = t.lower_
        sing = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
        roles = (
            k.agents.get(phrase)
            or k.agents.get(" ".join(words[:-1] + [low]))
            or k.agents.get(" ".join(words[:-1] + [sing]))
        )
        if roles:
            for r in ("government", "force", "body", "group"):
                if r in roles:
                    best = (roles[r], s)
                    break
            if best:
                break
    return best


def type_target(art: ArticleState, t: Token) -> Work | None:
    """An organisation this common noun refers back to ("the alliance" -> NATO)."""
    noun = t.lower_
    lem = t.lemma_.lower()
    best = None
    for w in art.works.values():
        if w.kind != "org" or not w.mentions:
            continue
        if w.first >= t.idx:
            continue
        head = org_head(w.name)
        if noun in w.types or lem in w.types or head in (noun, lem):
            last = max(m.start for m in w.mentions if m.start < t.idx)
            if best is None or last > best[0]:
                best = (last, w)
    return best[1] if best else None
