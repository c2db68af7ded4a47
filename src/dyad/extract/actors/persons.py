"""Persons named in the text: full names, surnames and spellings grouped into one
actor, with what their titles and the text say of them."""

from __future__ import annotations

import re

from spacy.tokens import Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.memory import known_people, learned
from dyad.extract.actors.names import (
    fold,
    name_words,
    same_person_name,
    skeleton_match,
    surname_key,
)
from dyad.extract.actors.roles import parse_role, title_prefix
from dyad.extract.actors.syntax import Cand, Work
from dyad.extract.actors.words import (
    FAMILY_FIRST,
    GIVEN_NAMES,
    HONORIFICS,
    ROYAL_STYLES,
    gender,
)


def finish_persons(art: ArticleState) -> None:
    """Fill what the text left open from memory (learned, then well-known people);
    a title still without a country takes the article's country."""
    day = art.rec.published
    for w in art.persons:
        # a spelling seen before ("Qaddafi" after "Gadhafi"): keep this article's
        # spelling as the name, the earlier one as an alias, so both stay one actor
        for mem in (learned(art.ctx), known_people()):
            k = mem.find(w.name, day, person=True)
            if k is not None and fold(k.name) != fold(w.name) and same_person_name(k.name, w.name):
                w.variants.add(k.name)
                break
        if w.country is None or w.sector is None:
            for mem, conf in ((learned(art.ctx), 0.8), (known_people(), 0.9)):
                k = mem.find(w.name, day, person=True)
                if k is None:
                    continue
                if len(name_words(w.name)) >= 2 and not (
                    same_person_name(k.name, w.name)
                    or any(
                        fold(n) == fold(w.name) or skeleton_match(n, w.name)
                        for n in (k.name, *k.aliases)
                    )
                ):
                    continue
                if len(name_words(w.name)) < 2:
                    w.name = k.name
                if w.country is None:
                    w.country = k.country
                    w.provenance = k.provenance or "learned"
                    w.confidence = min(w.confidence, conf)
                w.sector = w.sector or k.sector
                w.title = w.title or k.title
                break
        if w.member_of is not None and w.sector is None:
            # a membership, where no office, memory or dictionary gave a sector
            w.country = w.country or w.member_of[0]
            w.sector = w.member_of[1]
        if w.country is None and w.title:
            _title_body(art, w)  # "Secretary of Transportation" and "U.S. Department of ..."
        if w.country is None and w.title and art.main:
            # an office with no country named ("a member of Parliament"): the state the
            # story is about, marked as a guess (provenance "context", confidence <= 0.7)
            w.country = art.main
            w.confidence = min(w.confidence, art.main_conf)
            w.provenance = "context"
    for w in art.persons:
        if w.country is None:
            _kin(art, w)  # "Veranika Tsapkala, wife of Valery Tsapkala"


_KIN = frozenset(
    {"wife", "husband", "widow", "sister", "brother", "son", "daughter", "mother", "father"}
)


_KIN_AFTER = re.compile(
    r"\s*,\s*(?:the\s+|a\s+)?(?:" + "|".join(sorted(_KIN)) + r")s?\b", re.IGNORECASE
)


def _kin(art: ArticleState, w: Work) -> None:
    """A relative named as such takes the country of the person the text relates them to:
    "X, wife of Y" / "X, the daughter of Y" (Y after "of"), "his sister X" where a person
    of X's surname comes earlier ("Thaksin Shinawatra ... his sister Yingluck
    Shinawatra"). The sector is not inherited."""
    doc = art.doc
    text = art.text
    for m in w.mentions:
        if m.kind != "name":
            continue
        before = text[max(m.start - 12, 0) : m.start].split()
        if not (
            _KIN_AFTER.match(text, m.end) or (before and before[-1].lower().rstrip("s") in _KIN)
        ):
            continue  # the quick test: no kinship word beside this mention
        sp = doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is None:
            continue
        kin = None
        for ch in sp.root.children:  # "X, wife of Y": an apposition after the name
            if ch.dep_ == "appos" and ch.lemma_.lower() in _KIN:
                for prep in ch.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for p in prep.children:
                            other = art.tok_owner.get(p.i)
                            if other is not None and other is not w and other.kind == "person":
                                kin = other
        j = sp.start - 1
        if kin is None and j >= 1 and doc[j].lemma_.lower() in _KIN and doc[j - 1].tag_ == "PRP$":
            sk = surname_key(w.name)
            same = [
                o
                for o in art.persons
                if o is not w and o.first < m.start and surname_key(o.name) == sk and o.country
            ]
            kin = same[-1] if len({o.country for o in same}) == 1 else None
        if kin is not None and kin.country and kin.country != "IGO":
            w.country = kin.country
            w.provenance = "text"
            w.confidence = min(w.confidence, 0.8)
            return


def _title_body(art: ArticleState, w: Work) -> None:
    """A title "<office> of <portfolio>" whose portfolio ends the name of a body the
    article places ("Secretary of Transportation" beside "United States Department of
    Transportation"): that body's country."""
    _, of, portfolio = (w.title or "").partition(" of ")
    if not of or not portfolio.strip():
        return
    tail = " of " + fold(portfolio.strip())
    hits = {
        o.country
        for o in art.works.values()
        if o.kind == "org"
        and o.mentions
        and o.country
        and o.provenance != "context"
        and fold(o.name).endswith(tail)
    }
    if len(hits) == 1:
        w.country = hits.pop()
        w.provenance = "text"
        w.confidence = min(w.confidence, 0.8)


# styles that go with a given name: "Princess Ubolratana", "Sir Alan" (of "Sir Alan Budd")
_ROYAL_STYLES = ROYAL_STYLES | {"sir", "dame"}


def _titled_here(art: ArticleState, c: Cand) -> bool:
    """Whether a style or title word comes right before ``c`` ("Prince Charles",
    "ex-King Michael"): a royal's or an office-holder's given name, no one else's."""
    if c.start == 0:
        return False
    prev = art.all_toks[c.start - 1].lower_
    return prev in _ROYAL_STYLES or prev in gz.agent_words() or prev.rstrip(".") in HONORIFICS


def _is_given_name(text: str) -> bool:
    """A word that is a given name in our list or the actor dictionary's."""
    low = fold(text).lower()
    return low in GIVEN_NAMES or low in kb.dictionary_given_names()


def _styled_as(art: ArticleState, p: Work, style: str) -> bool:
    """Whether a mention of ``p`` comes right after ``style`` ("Princess")."""
    for m in p.mentions:
        sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is not None and sp.start > 0 and art.doc[sp.start - 1].lower_ == style:
            return True
    return False


def person(art: ArticleState, c: Cand) -> None:
    """``c`` as a mention of a person: the same person as a full name or surname before,
    or a new one."""
    doc = art.doc
    sp = c.span(doc)
    text = sp.text
    w = None
    if len(name_words(text)) >= 2:
        for p in art.persons:
            if same_person_name(p.name, text):
                w = p
                if len(text) > len(p.name):
                    p.name = text
                break
    else:
        key = surname_key(text)
        best = None
        for p in art.persons:
            if surname_key(p.name) == key:
                last = max((m.start for m in p.mentions if m.start < sp.start_char), default=-1)
                if best is None or last > best[0]:
                    best = (last, p)
        if best:
            w = best[1]
        elif fold(text) in FAMILY_FIRST:
            # "Li" after "Li Wenliang": Chinese and Korean names put the family name first
            same = [p for p in art.persons if fold(name_words(p.name)[0]) == fold(text)]
            if len(same) == 1:
                w = same[0]
        else:
            # "Qaboos" after "Qaboos bin Said": Arabic names of this shape go by the
            # given name; so does a royal after a style ("Princess Ubolratana" after
            # "Princess Ubolratana Mahidol")
            style = doc[c.start - 1].lower_ if c.start > 0 else ""
            same = [
                p
                for p in art.persons
                if fold(name_words(p.name)[0]) == fold(text)
                and (
                    {"bin", "ibn", "bint"} & {fold(x) for x in name_words(p.name)}
                    or (style in _ROYAL_STYLES and _styled_as(art, p, style))
                )
            ]
            if len(same) == 1:
                w = same[0]
            elif not same and _is_given_name(text) and not _titled_here(art, c):
                # "Paul has been a valued colleague" after "Paul Boateng": a given name
                # that begins exactly one full name here and ends none
                same = [
                    p
                    for p in art.persons
                    if len(name_words(p.name)) >= 2 and fold(name_words(p.name)[0]) == fold(text)
                ]
                if len(same) == 1 and key not in {surname_key(p.name) for p in art.persons}:
                    w = same[0]
    if w is None:
        w = art.work(("person", text), "person", text)
        w.female = gender(text)
        art.persons.append(w)
    kind = "name" if fold(text) == fold(w.name) or len(name_words(text)) >= 2 else "alias"
    w.add(sp.start_char, sp.end_char, text, kind)
    for i in range(c.start, c.end):
        art.tok_owner[i] = w


def person_role(art: ArticleState, c: Cand) -> None:
    """Country, sector and title of the person named at ``c`` from their titles and
    appositions."""
    w = art.tok_owner.get(c.start)
    if w is None or w.kind != "person":
        return
    pre = title_prefix(art, c.start)
    ranges = art.role_ranges.get(c.start, [])
    doc = art.doc
    titled = bool(ranges) or doc[c.start].lower_ in gz.agent_words()
    if titled and c.end + 1 < len(doc) and doc[c.end].lower_ == "of":
        # "King Abdullah of Jordan", "Sultan Qaboos bin Said of Oman"
        d = art.by_tok.get(c.end + 1)
        if d is not None and d.kind in ("country", "capital") and d.value:
            art.title_toks.update(range(c.end, d.end))  # part of the style, not an actor
            w.country = w.country or d.value
    for s, e in ranges:
        role = parse_role(art, s, e, art.by_tok)
        if role is None:
            if (s, e) == pre and e == c.start:
                # a bare demonym or country before a name: "Russian Alexei Navalny"
                last = art.by_tok.get(e - 1)
                if last is not None and last.kind == "demonym" and w.country is None:
                    w.country = last.value
            continue
        art.title_toks.update(range(s, e))
        if role.country and (w.country is None or w.confidence < 1):
            w.country = role.country
            w.confidence = 1.0
        if role.sector and (w.sector is None):
            w.sector = role.sector
        if role.title and not w.title:
            w.title = role.title
            w.agent = role.agent
        if role.agent in (
            "spokeswoman",
            "chairwoman",
            "congresswoman",
            "businesswoman",
            "queen",
        ):
            w.female = True
        elif role.agent in ("spokesman", "chairman", "congressman", "businessman", "king"):
            w.female = False


_US_PARTY_STATE = re.compile(r"\s*\((?:R|D|I)\s?-\s?[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?\)")


def person_facts(art: ArticleState, c: Cand) -> None:
    """What the text says of a person outside a title: "Martin Smith of PBS" (the
    organisation's country and sector; also ", from the Local Government Association"),
    "Patrice Talon of Benin" (the country), "Hatice Cengiz is a Turkish national" (the
    demonym of a predicate noun)."""
    w = art.tok_owner.get(c.start)
    if w is None or w.kind != "person":
        return
    doc = art.doc
    toks = art.all_toks  # doc[i] makes a new Token each time
    k = c.end
    if k + 2 < len(doc) and toks[k].text == "," and toks[k + 1].lower_ in ("of", "from"):
        k += 1  # "David Rogers, from the Local Government Association,"
    if k + 1 < len(doc) and toks[k].lower_ in ("of", "from"):
        k += 2 if toks[k + 1].lower_ == "the" and k + 2 < len(doc) else 1
        o = art.tok_owner.get(k)
        d = art.by_tok.get(k)
        if (
            o is not None
            and o.kind == "org"
            and (o.country or o.sector)
            and o.provenance != "context"
        ):
            w.country = w.country or o.country
            w.sector = w.sector or o.sector
        elif d is not None and d.kind == "country" and d.value and d.start == k:
            w.country = w.country or d.value  # "Patrice Talon of Benin"
    if c.end + 2 < len(doc) and toks[c.end].text == "," and toks[c.end + 1].lower_ == "for":
        # "Kirsty Williams, for the Lib Dems, added": speaking for a party or body
        j = c.end + 2 + (toks[c.end + 2].lower_ == "the")
        o = art.tok_owner.get(j)
        if o is not None and o.kind == "org" and o.sector and o.provenance != "context":
            w.member_of = w.member_of or (o.country, o.sector)
    if c.start >= 2 and toks[c.start - 1].text in ("'s", "’s") and not art.role_ranges.get(c.start):
        # "Labour's Lorna Fitzsimons", "Plaid Cymru's Dai Lloyd": the body's member
        o = art.tok_owner.get(c.start - 2)
        if o is not None and o.kind == "org" and o.sector and o.provenance != "context":
            w.member_of = w.member_of or (o.country, o.sector)
    o = art.tok_owner.get(c.start - 1) if c.start >= 1 else None
    if o is not None and o.kind == "org" and o.sector == "PTY" and not art.role_ranges.get(c.start):
        # "Tory Edward Turnour", "Fellow Lib Dem Norman Baker": the party's member; the
        # party's name is his title there, no act of the party
        w.member_of = w.member_of or (o.country, o.sector)
        at = toks[c.start - 1].idx
        here = [m for m in o.mentions if m.start <= at < m.end]
        if here:
            w.title = w.title or here[0].text
            o.mentions.remove(here[0])
    if c.start >= 1 and art.all_toks[c.start - 1].text in ("Lord", "Baroness"):
        # "Lord Falconer", "Baroness Amos": a peer, a member of the House of Lords
        w.member_of = w.member_of or (None, "GOV")
    last = art.all_toks[c.end - 1]
    if art.text.startswith(" (", last.idx + len(last.text)) and _US_PARTY_STATE.match(
        art.text, last.idx + len(last.text)
    ):
        # "Sen. Charles Grassley (R-Iowa)": a member of the US Congress, party and state
        w.country = w.country or "USA"
        w.sector = w.sector or "GOV"
    root = c.span(doc).root
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for attr in root.head.children:
            if attr.dep_ != "attr" or attr.pos_ != "NOUN":
                continue
            for mod in attr.children:
                d = art.by_tok.get(mod.i)
                if mod.dep_ in ("amod", "compound") and d is not None and d.kind == "demonym":
                    w.country = w.country or d.value
            a = kb.agent(attr.lemma_.lower(), "title")
            if a is not None and w.sector is None:
                w.sector = a.sector
            elif w.sector is None:
                # "is a lawyer": JUD; weak, after memory and the dictionary ("Mr Blair has
                # been a leading advocate of ..." is no lawyer)
                g = kb.generic_sector(attr.lemma_)
                if g is not None:
                    w.member_of = w.member_of or (None, g)
    _apposition_facts(art, c, root, w)


def _apposition_facts(art: ArticleState, c: Cand, root: Token, w: Work) -> None:
    """An apposition that is no title: "Amos Wekesa, a Kenyan lawyer, said": the demonym's
    country, the noun's sector (CAMEO agents file)."""
    for ap in root.children:
        if ap.dep_ != "appos" or ap.i < c.end or ap.pos_ != "NOUN":
            continue
        for mod in ap.children:
            d = art.by_tok.get(mod.i)
            if mod.dep_ in ("amod", "compound") and d is not None and d.kind == "demonym":
                w.country = w.country or d.value
        if w.sector is None:
            mods = [x.lower_ for x in ap.lefts if x.dep_ in ("compound", "amod") and x.is_lower]
            g = kb.generic_sector(" ".join([*mods, ap.lemma_]))
            if g is not None:  # weak, as a predicate's
                w.member_of = w.member_of or (None, g)
