"""The last steps on an article's actors: memory fills what the text left open, the
user's actor file wins, and actors that do nothing here are dropped."""

from __future__ import annotations

import re

from dyad import knowledge as kb
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.countries import EVIDENCE_CONF, evidence_country
from dyad.extract.actors.memory import Known, learned, user_actors
from dyad.extract.actors.names import fold
from dyad.extract.actors.orgs import is_medium
from dyad.extract.actors.syntax import Work, phrase_root, slot
from dyad.extract.actors.words import (
    TRANSNATIONAL,
    display_name,
)
from dyad.model import Actor

# sectors of the state: an office or body of these may take the story's country as a guess
PUBLIC_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "PTY", "OPP"})


def finish_orgs(art: ArticleState) -> None:
    """An organisation the text gives no country: one an earlier article placed takes
    that country; else, for a public body ("the Interior Ministry"), the country the
    article's evidence gives (provenance "context", confidence 0.8); a firm, outlet or
    group nothing places keeps a null country."""
    mem = learned(art.ctx)
    for w in art.works.values():
        if w.kind != "org" or w.key[0] != "org" or w.country is not None or not w.mentions:
            continue
        for name in [w.name, *w.surfaces]:  # an organisation an earlier article placed
            k = mem.find(name, art.rec.published)
            if k is not None and k.kind == "org" and k.country:
                w.name = k.name
                w.country, w.sector = k.country, w.sector or k.sector
                w.provenance, w.confidence = k.provenance or "learned", 0.8
                break
    for w in art.works.values():
        if w.country is not None or not w.mentions:
            continue
        if w.kind == "org" and w.key[0] == "org" and kb.org_by_name(w.name) is None:
            if TRANSNATIONAL & {x.lower() for x in re.findall(r"[A-Za-z]+", w.name)}:
                continue  # "Global Coalition to Defeat ISIS": of no one country
            if w.sector not in PUBLIC_SECTORS:
                # a firm, outlet or group the text does not place: null, yet an actor
                # where the story has a clear country (it once took that country)
                w.unplaced = art.main is not None
                continue  # (on dev gold this guess was right for 3 of 6 real organisations)
            # a public body named ("the Interior Ministry", "the Electoral Commission"):
            # the country the story is clearly about (session 2's decision for names),
            # else the one the article's evidence names (countries.evidence_country)
            iso = art.main or evidence_country(art, len(art.text))
            if iso is not None:
                w.country = iso
                w.confidence = min(w.confidence, EVIDENCE_CONF, art.main_conf)
                w.provenance = "context"


def keep(art: ArticleState, w: Work) -> bool:
    """Whether ``w`` is an actor of the story (it has mentions and does something here)."""
    if not w.mentions:
        return False
    if (
        w.kind == "org"
        and art.rec.publisher
        and (
            fold(w.name) == fold(art.rec.publisher)
            or any(fold(x) == fold(art.rec.publisher) for x in w.surfaces)
        )
    ):
        return False  # the publisher speaking of itself is no actor of the story
    if w.kind == "country":
        return w.acting
    if w.kind == "org" and _only_medium(art, w):
        return False  # "responded via Twitter": the platform, no actor
    if w.kind == "org" and _only_schooling(art, w):
        return False  # "while studying at the Massachusetts Institute of Technology"
    if w.kind == "person":
        toks = [
            art.doc.char_span(m.start, m.end, alignment_mode="expand")
            for m in w.mentions
            if m.kind != "pronoun"
        ]
        if toks and all(sp is not None and sp.start in art.title_toks for sp in toks):
            return False  # "Angela Merkel's spokesperson": Merkel does nothing here
        # a "person" only ever in place slots ("entered Tell Tamer") is a place
        if not w.title and (w.country is None or w.provenance == "context"):
            slots = []
            for m in w.mentions:
                sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
                if sp is not None:
                    r = phrase_root(sp.root)
                    slots.append(
                        slot(sp) == "loc"
                        or (
                            r.dep_ == "dobj"
                            and r.head.lemma_
                            in ("enter", "reach", "capture", "seize", "take", "visit", "leave")
                        )
                    )
            if slots and all(slots):
                return False
        return True
    if (
        w.kind == "org"
        and w.key[0] == "org"
        and w.provenance == "text"
        and w.country is None
        and w.sector is None
        and kb.org_by_name(w.name) is None
        and not w.unplaced  # still an actor, as when it took the story's country
    ):
        # an unknown name with no role anywhere: keep it only if it acts
        slots = []
        for m in w.mentions:
            sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
            if sp is not None:
                slots.append(slot(sp) in ("subj", "obj", "poss") or m.kind == "nominal")
        return any(slots)
    return True


def _only_medium(art: ArticleState, w: Work) -> bool:
    """Whether every mention of ``w`` names a platform a message goes through."""
    text = art.text
    if not any(
        text[max(m.start - 9, 0) : m.start].rstrip().endswith((" via", " on", " through", " used"))
        for m in w.mentions
    ):
        return False  # the quick test: no mention comes after such a word
    heads = []
    for m in w.mentions:
        sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is None or m.kind == "pronoun":
            continue
        heads.append(is_medium(phrase_root(sp.root)))
    return bool(heads) and all(heads)


_AFTER_AT = re.compile(r"\b(?:at|from|of)(?:\s+[a-z-]+){0,3}\s*$")
_SCHOOLING = frozenset({"study", "graduate", "educate", "enrol", "enroll", "student", "alumnus"})


def _only_schooling(art: ArticleState, w: Work) -> bool:
    """Whether every mention of ``w`` is where someone studied ("studying at MIT",
    "educated at Eton", "a graduate of Harvard"): a life's setting, no actor."""
    text = art.text
    if not all(
        _AFTER_AT.search(text, max(m.start - 40, 0), m.start)
        for m in w.mentions
        if m.kind != "pronoun"
    ):
        return False  # the quick test: a mention after no such word
    heads = []
    for m in w.mentions:
        sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is None or m.kind == "pronoun":
            continue
        r = phrase_root(sp.root)
        heads.append(
            r.dep_ == "pobj"
            and r.head.lower_ in ("at", "from", "of")
            and r.head.head.lemma_.lower() in _SCHOOLING
        )
    return bool(heads) and all(heads)


def apply_user(art: ArticleState) -> None:
    """Actors the user's actor file names take its name, country, sector and kind."""
    mem = user_actors(art.ctx)
    if not mem.by_name:
        return
    day = art.rec.published
    first: dict[str, Work] = {}
    for w in art.works.values():
        if not w.mentions:
            continue
        k: Known | None = None
        for s in [w.name, *w.surfaces]:
            k = mem.find(s, day) or (mem.find(s, day, person=True) if w.kind == "person" else None)
            if k is not None:
                break
        if k is None:
            continue
        if k.name in first:  # "krel" and "keystone relief": one actor
            into = first[k.name]
            for m in w.mentions:
                into.add(m.start, m.end, m.text, "alias" if m.kind == "name" else m.kind)
            w.mentions.clear()
            continue
        first[k.name] = w
        w.name = k.name
        w.country = k.country or w.country
        w.sector = k.sector or w.sector
        w.title = k.title or w.title
        w.provenance = "user"
        w.confidence = 1.0
        if k.kind in ("person", "org") and w.kind in ("person", "org", "country"):
            w.kind = k.kind  # the user knows what it is
        w.acting = True


def actors_of(art: ArticleState) -> list[Actor]:
    """The actors worth keeping, in order of first mention, numbered A1, A2, ..."""
    kept = [w for w in art.works.values() if keep(art, w)]
    kept.sort(key=lambda w: w.first)
    return [_actor(w, f"A{i}") for i, w in enumerate(kept, 1)]


def _actor(w: Work, actor_id: str) -> Actor:
    """The finished actor of ``w`` (mentions in text order, aliases by frequency)."""
    w.mentions.sort(key=lambda m: (m.start, m.end))
    aliases = [s for s, _ in w.surfaces.most_common() if s != w.name]
    aliases += sorted(v for v in w.variants if v != w.name and v not in aliases)
    name = w.name
    if (
        w.kind == "org"
        and w.key[0] == "org"
        and w.surfaces
        and w.provenance in ("text", "context", "knowledge")
    ):
        name = display_name(w)
        aliases = [s for s in dict.fromkeys([w.name, *aliases]) if s != name]
    return Actor(
        id=actor_id,
        name=name,
        country=w.country,
        sector=w.sector,
        title=w.title,
        kind=w.kind,
        aliases=aliases,
        mentions=w.mentions,
        confidence=round(w.confidence, 2),
        provenance=w.provenance,
    )
