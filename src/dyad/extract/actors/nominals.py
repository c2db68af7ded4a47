"""Common-noun actors: governments, armed forces, institutions, groups, unnamed titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.coref import pronoun_target
from dyad.extract.actors.countries import EVIDENCE_CONF, evidence_country
from dyad.extract.actors.names import fold, surname
from dyad.extract.actors.phrases import agent_phrase, title_phrase, type_target
from dyad.extract.actors.syntax import Work, phrase_root, slot
from dyad.extract.actors.words import (
    DETS,
    NO_COUNTRY_GROUPS,
    PROTEST_GROUPS,
    TITLE_LEAD,
    demonym,
    force_name,
    strip_det,
    title_agent,
)


def nominals(art: ArticleState) -> None:
    """Every noun-phrase head no name owns, read as a possible common-noun actor."""
    for t in art.toks:
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.i in art.title_toks and not (
            # the body a person belongs to: "a member of the Tunisian Parliament"
            t.dep_ == "pobj"
            and t.head.lower_ == "of"
            and kb.agent(t.lemma_.lower(), "body") is not None
        ):
            continue
        owner = art.tok_owner.get(t.i)
        if owner is not None:
            continue
        # the head of a noun phrase only
        if t.dep_ in ("compound", "amod") and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i:
            continue
        nominal(art, t)


def unnamed_titles(art: ArticleState) -> None:
    """A title acting without a name ("Putin's spokesman said", "the Mongolian President
    said"): the person holding it in this article, or an actor of its own."""
    doc = art.doc
    for t in art.toks:
        if t.pos_ not in ("NOUN", "PROPN") or t.i in art.title_toks or art.tok_owner.get(t.i):
            continue
        if t.dep_ in ("compound", "amod") and t.head.i > t.i:
            continue
        if (
            t.i + 1 < len(doc)
            and art.by_tok.get(t.i + 1) is not None
            and art.by_tok[t.i + 1].kind == "person"
        ):
            continue
        found = title_phrase(art, t)
        if found is None or phrase_root(t).dep_ != "nsubj" or t.tag_ in ("NNS", "NNPS"):
            continue
        _unnamed_title(art, t, *found)


def _unnamed_title(art: ArticleState, t: Token, a: kb.Agent, s: int) -> None:
    """The title ``a`` (tokens ``s``..``t``) of a country or a possessor, if it has one."""
    doc = art.doc
    start, country, possessor = _title_owner(art, s)
    if country is None and possessor is None:
        return
    sector = a.sector or (possessor.sector if possessor is not None else None)
    if sector is None and country and country != "IGO":
        sector = "GOV"
    end_char = t.idx + len(t.text)
    surface = art.text[doc[start].idx : end_char]
    holders = [
        w
        for w in art.persons
        if w.country == country and (w.agent == a.phrase or title_agent(w.title) == a.phrase)
    ]
    if len(holders) == 1:
        holders[0].add(doc[start].idx, end_char, surface, "title")
        return
    if holders:
        return
    w = art.work(
        ("title", country, a.phrase, id(possessor)),
        "person",
        surface,
        country=country,
        sector=sector,
    )
    w.title = art.text[doc[s].idx : end_char]
    w.agent = a.phrase
    w.confidence = 0.9
    w.add(doc[start].idx, end_char, surface, "title")
    art.tok_owner[t.i] = w


def _title_owner(art: ArticleState, s: int) -> tuple[int, str | None, Work | None]:
    """Up to five words before a title starting at ``s``: where the mention starts, the
    country ("the Mongolian President") and the possessor ("Putin's spokesman")."""
    doc = art.doc
    country = None
    possessor: Work | None = None
    start = s
    j = s - 1
    while j >= 0 and j >= s - 5:
        tok = doc[j]
        if tok.tag_ == "POS":
            j -= 1
            continue
        c = art.by_tok.get(j)
        ow = art.tok_owner.get(j)
        if c is not None and c.kind in ("country", "demonym", "capital") and c.value:
            country = country or c.value
        elif ow is not None and j + 1 < len(doc) and doc[j + 1].tag_ == "POS":
            possessor = ow
            country = country or ow.country
        elif (
            tok.lower_ in DETS
            or tok.lower_ in TITLE_LEAD
            or (tok.is_title and tok.lower_ in gz.agent_words())
        ):
            pass
        else:
            break
        if tok.lower_ not in DETS:
            start = j
        j -= 1
    return start, country, possessor


# words before an agent noun that say nothing of whose it is ("the", "some", "his")
_NO_MODS = frozenset(
    (
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "that",
        "some",
        "many",
        "both",
        "and",
        "its",
        "their",
        "our",
        "his",
        "her",
        "'s",
        "’s",
    )
)
_NP_LEFT_DEPS = ("amod", "compound", "nmod", "poss", "det", "nummod", "advmod")


@dataclass(slots=True)
class _Mods:
    """What the words around an agent noun say: whose it is and of which country."""

    country: str | None = None
    possessor: Work | None = None
    org_mod: Work | None = None  # an organisation's name before the noun ("ISIS fighters")
    other_mod: bool = False  # another word before the noun ("rebel", "Kurdish")
    people: bool = False  # a people of no one country before it ("Kurdish fighters")
    countries: list[tuple[Token, str]] = field(default_factory=list)  # in order, one a run


@dataclass(slots=True)
class _Phrase:
    """The noun phrase of an agent noun: where its mention starts and ends."""

    left: int  # first token of the phrase
    start_tok: int  # first token of the mention (after determiners)
    start: int  # character offsets of the mention
    end: int
    surface: str
    slot: str


def nominal(art: ArticleState, t: Token) -> None:
    """The actor a common noun names ("Iraqi officials", "the Syrian army"), if any."""
    doc = art.doc
    found = agent_phrase(art, t)
    if found is None:
        return
    a, s = found
    if t.lower_ in ("ministry", "premiership") and s > 0 and doc[s - 1].lower_ == "prime":
        return  # "the prime ministry": the office of prime minister, no ministry
    root = phrase_root(t)
    if root.dep_ in ("attr", "acomp", "oprd") or t.dep_ == "appos":
        return  # "YPG is the main fighting force": a description, not a mention
    left = _np_left(doc, t, s)
    md = _read_mods(art, _modifiers(doc, left, s))
    _read_after(art, t, a, md)
    np = _phrase(art, t, left)
    # named members ("German firms including X") carry the group: no actor for it
    if any(
        ch.lower_ in ("including", "such") or (ch.dep_ == "prep" and ch.lower_ == "like")
        for ch in t.rights
    ):
        return
    acting = np.slot in ("subj", "obj", "poss") or np.slot.startswith("prep:")
    if a.role == "government" and t.lemma_.lower() == "administration" and _led_by(art, t, left, s):
        return  # "the Trump administration": a body of its own, see _led_by
    if len({iso for _, iso in md.countries}) > 1 and a.role in ("government", "force", "group"):
        # "U.S. and Russian negotiators", "Hungarian and Romanian officials": one each
        for m, iso in md.countries:
            _coordinated(art, a, t, m, iso, acting)
        return
    if (
        a.role == "government"
        and not md.other_mod
        and md.org_mod is None
        and (md.possessor is None or md.possessor.kind == "country")
    ):
        _government(art, t, md, np, acting)
        return
    if md.org_mod is not None and a.role in ("group", "force", "government", "body"):
        md.org_mod.add(np.start, np.end, np.surface, "nominal")  # "ISIS fighters"
        return
    if a.role == "government":
        # "rebel leaders", "opposition leaders": the modifier's title gives the sector
        lead = kb.agent(f"{doc[t.i - 1].lower_} {t.lemma_.lower()}", "title") if t.i else None
        a = kb.agent(a.phrase, "group") or kb.Agent(
            a.phrase, lead.sector if lead else None, "group", a.phrase
        )
    if a.role == "force":
        _force(art, t, a, md.country, md.other_mod, np.slot, np.start, np.end, np.surface)
    elif a.role == "body":
        r = phrase_root(t)
        if (
            np.slot == "loc"
            and md.country is None
            and md.possessor is None
            and r.dep_ == "pobj"
            and r.head.head.pos_ in ("VERB", "AUX")
        ):
            # "marched to Parliament", "said in parliament": a place here; "a source
            # within the Interior Ministry" (after a noun) is where someone works
            return
        _body_phrase(art, t, a, md, np)
    else:
        _group(art, t, a, md, np, root)


def _led_by(art: ArticleState, t: Token, left: int, s: int) -> bool:
    """ "the Trump administration": a head of government's name right before
    "administration" makes a body "<surname> administration" of that person's country
    (GOV); the name there is the body's, so the person does nothing by it."""
    mods = [i for i in range(left, s) if art.doc[i].pos_ == "PROPN"]
    owners = {id(o): o for i in mods if (o := art.tok_owner.get(i)) is not None}
    if len(owners) != 1 or not mods or mods[-1] != s - 1:
        return False
    p = next(iter(owners.values()))
    if p.kind != "person" or not p.country or p.country == "IGO":
        return False
    name = f"{surname(p.name)} administration"
    w = art.work(("body", p.country, name.lower()), "org", name, country=p.country, sector="GOV")
    w.acting = True
    start = art.doc[mods[0]].idx
    w.add(start, t.idx + len(t.text), art.text[start : t.idx + len(t.text)], "nominal")
    art.title_toks.update(mods)
    return True


def _np_left(doc: Doc, t: Token, s: int) -> int:
    """The first token of the noun phrase whose agent phrase starts at ``s``."""
    left = s
    # the head's left dependents, and those of the phrase's own words ("Somalia" hangs on
    # "state" in "Somalia state news agency")
    for h in (t, *doc[s : t.i]) if s < t.i else (t,):
        for x in h.lefts:
            if x.i < left and x.dep_ in _NP_LEFT_DEPS:
                left = min(left, x.left_edge.i)
    for i in range(left, s):
        if doc[i].is_space or "\n" in doc[i].text or doc[i].is_sent_start and i > left:
            left = i + 1  # never across a line or sentence break
        elif doc[i].pos_ == "AUX" or (
            doc[i].pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[i].children)
        ):
            left = i + 1  # a clause the parser hung on the noun
    while left < s and (doc[left].is_punct or doc[left].pos_ == "CCONJ"):
        left += 1
    while left < s and doc[left].is_punct:
        left += 1
    return left


def _modifiers(doc: Doc, left: int, s: int) -> list[Token]:
    """The words before the agent phrase; for "ISIS (Islamic State ...) fighters" the
    name before the brackets."""
    mods = [doc[i] for i in range(left, s)]
    if s >= 2 and doc[s - 1].text == ")":
        j = s - 2
        while j > 0 and doc[j].text != "(" and s - j < 12:
            j -= 1
        if j > 0 and doc[j].text == "(":
            mods = [doc[j - 1]]
    return mods


def _read_mods(art: ArticleState, mods: list[Token]) -> _Mods:
    """Countries, possessors, organisations and other words among ``mods``."""
    doc = art.doc
    md = _Mods()
    for m in mods:
        d = art.by_tok.get(m.i)
        if d is not None and d.kind in ("country", "demonym", "capital") and d.value:
            md.country = md.country or d.value
            if not md.countries or md.countries[-1][1] != d.value:
                md.countries.append((m, d.value))
            continue
        if d is not None and d.kind == "place":
            cc = gz.region_country(d.text(doc))  # "Shanghai authorities"
            if cc:
                md.country = md.country or cc
                continue
        ow = art.tok_owner.get(m.i)
        if m.dep_ == "poss" or (m.i + 1 < len(doc) and doc[m.i + 1].tag_ == "POS"):
            if ow is not None:
                md.possessor = ow
                if ow.kind == "country":
                    md.country = md.country or ow.country
                continue
            if m.lower_ in ("his", "her"):
                md.possessor = pronoun_target(art, m)
                continue
            if m.lower_ in ("its", "their"):
                continue
        if ow is not None and ow.kind == "org":
            md.org_mod = ow
            continue
        if m.lower_ in _NO_MODS or m.pos_ in ("DET", "NUM", "CCONJ", "PUNCT", "PART"):
            continue
        if m.pos_ in ("ADJ", "ADV") and m.is_lower:
            continue
        if m.ent_type_ in ("DATE", "CARDINAL", "ORDINAL", "TIME"):
            continue
        if m.ent_type_ == "NORP":
            md.people = True  # "Kurdish fighters": a people of no one country
        md.other_mod = True
    return md


def _read_after(art: ArticleState, t: Token, a: kb.Agent, md: _Mods) -> None:
    """ "of X" / "in X" after the noun: a possessor or a country."""
    for ch in t.rights:
        if ch.dep_ != "prep" or ch.lower_ not in ("of", "in"):
            continue
        for p in ch.children:
            if p.dep_ != "pobj":
                continue
            d = art.by_tok.get(p.i)
            ow = art.tok_owner.get(p.i)
            if (
                ch.lower_ == "of"
                and ow is not None
                and ow.kind in ("person", "org")
                and md.possessor is None
            ):
                md.possessor = ow
                md.country = md.country or ow.country
            elif (
                d is not None
                and d.kind in ("country", "capital")
                and d.value
                and (ch.lower_ == "of" or a.role != "force")
            ):
                md.country = md.country or d.value
            elif ch.lower_ == "in" and a.role != "force" and p.is_title:
                name = p.text
                if p.ent_iob_ != "O":  # the whole name: "New Mexico", not "Mexico"
                    ents = [e for e in art.doc.ents if e.start <= p.i < e.end]
                    name = ents[0].text if ents else name
                cc = gz.region_country(name)
                if cc:
                    md.country = md.country or cc


def _phrase(art: ArticleState, t: Token, left: int) -> _Phrase:
    """The mention of the noun phrase from ``left`` to ``t``, determiners left out."""
    doc = art.doc
    start_tok = left
    while start_tok < t.i and doc[start_tok].lower_ in DETS:
        start_tok += 1
    start = doc[start_tok].idx
    end = t.idx + len(t.text)
    return _Phrase(left, start_tok, start, end, art.text[start:end], slot(doc[t.i : t.i + 1]))


def _government(art: ArticleState, t: Token, md: _Mods, np: _Phrase, acting: bool) -> None:
    """ "the Iraqi government", "Russian officials": the country itself."""
    bare = md.country is None
    if bare and t.lower_ in ("governments", "regimes", "administrations"):
        return  # "Governments" in general
    if bare and not (
        t.tag_ == "NNS"
        or (
            art.doc[np.left].lower_ == "the"
            and t.lemma_.lower() in ("government", "regime", "administration")
        )
    ):
        return
    iso = md.country
    conf = 1.0
    if iso is None:
        if not acting:
            return
        # "the government", "officials": whose, only where the article says (see
        # countries.evidence_country), never from the story's setting alone
        iso, conf = evidence_country(art, np.start), EVIDENCE_CONF
        if iso is None:
            return
    c_obj = kb.country(iso)
    w = art.work(
        ("country", iso), "country", c_obj.name if c_obj else iso, country=iso, sector="GOV"
    )
    if conf < 1 and not w.mentions:
        w.confidence, w.provenance = conf, "context"
    if acting or not bare:
        w.acting = True  # "the Haitian government" is an actor in any slot
    w.add(np.start, np.end, np.surface, "nominal")


def _body_phrase(art: ArticleState, t: Token, a: kb.Agent, md: _Mods, np: _Phrase) -> None:
    """An institution named by a common noun: its own title is the phrase without the
    country, with "of <field>" ("the Iraqi Ministry of Oil" -> "Ministry of Oil")."""
    doc = art.doc
    ft = np.start_tok
    while ft < t.i and (
        doc[ft].lower_ in DETS
        or (doc[ft].pos_ == "ADJ" and doc[ft].is_lower)
        or doc[ft].tag_ == "POS"
        or doc[ft + 1].tag_ == "POS"
        or (
            art.by_tok.get(ft) is not None
            and art.by_tok[ft].kind in ("country", "demonym", "capital")
        )
    ):
        ft += 1
    end = np.end
    for ch in t.rights:
        if ch.dep_ == "prep" and ch.lower_ == "of":
            pobj = [p for p in ch.children if p.dep_ == "pobj"]
            inner = art.by_tok.get(pobj[0].i) if pobj else None
            if (
                pobj
                and pobj[0].is_title
                and (
                    inner is None
                    or inner.kind not in ("country", "demonym", "capital", "person", "org")
                )
            ):
                last = max(x.i for x in pobj[0].subtree)
                end = doc[last].idx + len(doc[last].text)
    title = art.text[doc[ft].idx : end]
    a = kb.agent(re.sub(r"\s+", " ", title.lower()), "body") or a  # "Ministry of Defense"
    _body(
        art, a, md.country, md.possessor, np.start, end, art.text[np.start : end], title,
        subject=phrase_root(t).dep_ == "nsubj",
    )  # fmt: skip


def _group(art: ArticleState, t: Token, a: kb.Agent, md: _Mods, np: _Phrase, root: Token) -> None:
    """A group acting: active subjects; objects only when they are somebody's and no
    bystanders ("Rwandan rebels" yes, "reporters" or "civilians" no)."""
    doc = art.doc
    sl, possessor = np.slot, md.possessor
    subject = root.dep_ == "nsubj" or (root.dep_ == "pobj" and root.head.lower_ == "by")
    qualified = md.country is not None or possessor is not None
    if not subject and not (
        qualified and a.sector not in (None, "CVL") and (sl == "obj" or sl.startswith("prep:"))
    ):
        return
    # "the airline", "the alliance", "the coalition": an organisation named before
    target = type_target(art, t)
    if target is not None and md.country is None:
        target.add(np.start, np.end, np.surface, "nominal")
        return
    iso = md.country or (possessor.country if possessor is not None else None)
    if a.sector == "CRM" and md.country is None:
        iso = None  # "Amanda Champion's killer": the victim's country is not the killer's
    conf = 1.0
    if iso is None and possessor is None and a.phrase not in NO_COUNTRY_GROUPS and not md.people:
        # an unqualified group ("residents", "workers") is too vague to be an actor,
        # except the usual parties to conflict and protest
        if a.sector not in ("REB", "OPP", "MIL", "COP", "CRM") and a.phrase not in PROTEST_GROUPS:
            return
        if a.sector in ("MIL", "COP"):  # the state's forces: whose, where the article says
            iso, conf = evidence_country(art, np.start), EVIDENCE_CONF
        else:  # rebels, protesters: where the story is clearly set
            iso, conf = art.main, art.main_conf * 0.8
    sector = a.sector or (possessor.sector if possessor is not None else None)
    if possessor is not None and possessor.kind == "person":
        name = f"{surname(possessor.name)}'s {t.text if t.is_lower else t.lower_}"
    else:
        name = strip_det(np.surface)
    key = ("group", a.phrase, iso, id(possessor) if possessor is not None else None)
    w = art.work(key, "group", name, country=iso, sector=sector)
    if conf < 1 and not w.mentions:
        w.confidence, w.provenance = conf, "context"
    w.acting = True
    w.add(np.start, np.end, np.surface, "nominal")
    # "Hospital officials in Omsk": keep the place in the name
    for ch in t.rights:
        if ch.dep_ == "prep" and ch.lower_ == "in" and any(p.is_title for p in ch.children):
            end = max(x.i for x in ch.subtree) + 1
            if len(w.mentions) == 1:
                w.name = strip_det(art.text[np.start : doc[end - 1].idx + len(doc[end - 1].text)])


def _coordinated(
    art: ArticleState, a: kb.Agent, t: Token, m: Token, iso: str, acting: bool
) -> None:
    """One of several countries sharing a noun: the demonym is its mention."""
    start, end = m.idx, m.idx + len(m.text)
    if a.role == "government":
        c_obj = kb.country(iso)
        w = art.work(
            ("country", iso), "country", c_obj.name if c_obj else iso, country=iso, sector="GOV"
        )
        w.acting = w.acting or acting
    elif a.role == "force":
        w = art.works.get(("force", iso)) or art.work(
            ("force", iso),
            "group",
            f"{demonym(iso) or m.text} {t.text}",
            country=iso,
            sector=a.sector or "MIL",
        )
        w.acting = True
    else:
        if phrase_root(t).dep_ != "nsubj":
            return
        w = art.work(
            ("group", a.phrase, iso, None),
            "group",
            f"{demonym(iso) or m.text} {t.text}",
            country=iso,
            sector=a.sector,
        )
        w.acting = True
    w.add(start, end, m.text, "demonym")


def _force(
    art: ArticleState,
    t: Token,
    a: kb.Agent,
    country: str | None,
    other_mod: bool,
    sl: str,
    np_start: int,
    np_end: int,
    surface: str,
) -> None:
    """A country's armed forces: one actor per country."""
    doc = art.doc
    iso = country
    conf = 1.0
    if iso is None and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children):
        return  # "their forces": whose, the pronoun's antecedent would have to say
    if iso is None:
        words = fold(surface)
        if "government" in words:
            # "government forces": the country last spoken of as a government
            govs = [
                w
                for w in art.works.values()
                if w.kind == "country"
                and any(
                    m.kind == "nominal" and "government" in fold(m.text) and m.start < np_start
                    for m in w.mentions
                )
            ]
            if govs:
                iso = max(
                    govs, key=lambda w: max(m.start for m in w.mentions if m.start < np_start)
                ).country
        if iso is None:
            prev = [
                w
                for w in art.works.values()
                if w.key[0] == "force" and w.mentions and w.first < np_start
            ]
            if prev and not other_mod:
                w = max(prev, key=lambda w: max(m.start for m in w.mentions if m.start < np_start))
                w.add(np_start, np_end, surface, "nominal")
                return
            if sl != "subj":
                return
            iso, conf = evidence_country(art, np_start), EVIDENCE_CONF
    if iso is None and sl != "subj":
        return  # an armed force of no known country acts only as a subject
    key = ("force", iso)
    w = art.works.get(key)
    if w is None:
        w = art.work(key, "group", force_name(surface, iso), country=iso, sector=a.sector or "MIL")
        w.confidence = conf
        if conf < 1:
            w.provenance = "context"
    w.acting = True
    w.add(np_start, np_end, surface, "nominal")
    if surface[:1].isupper() and not any(m.text[:1].isupper() for m in w.mentions[:-1]):
        w.name = force_name(surface, iso)  # a proper name ("the Syrian Army") wins
    _ = doc


def _body(
    art: ArticleState,
    a: kb.Agent,
    country: str | None,
    possessor: Work | None,
    np_start: int,
    np_end: int,
    surface: str,
    title_text: str = "",
    subject: bool = False,
) -> None:
    """A country's institution ("the Iraqi parliament", "France's Foreign Ministry"); the
    police of no known country only as a subject ("Police said"), as armed forces."""
    iso = country or (possessor.country if possessor is not None else None)
    if (
        iso is None
        and surface.lower().endswith(("ies", "s"))
        and not surface.lower().endswith(("ss", "news", "police", "media", "forces", "affairs"))
    ):
        return  # "western embassies": several, of no one country
    tkey = re.sub(r"\s+", " ", title_text.lower()) or a.phrase
    same = [
        w
        for w in art.works.values()
        if w.key[0] == "body" and (w.key[2] == tkey or (tkey == a.phrase and w.agent == a.phrase))
    ]
    if iso is None and same:
        same[-1].add(np_start, np_end, surface, "nominal")
        return
    conf = 1.0
    if iso is None:
        iso, conf = evidence_country(art, np_start), EVIDENCE_CONF
    if iso is None and not subject:
        return
    if iso is None:
        conf = 1.0  # no guess made: "Police said", "the ministry said" of no named country
    key = ("body", iso, tkey)
    title = title_text if title_text[:1].isupper() else (a.title or a.phrase)
    if iso is None:
        name = strip_det(surface)
        name = name[:1].upper() + name[1:]
    else:
        c_obj = kb.country(iso)
        name = f"{demonym(iso) or (c_obj.name if c_obj else iso)} {title}"
    w = art.work(key, "org", name, country=iso, sector=a.sector)
    w.agent = a.phrase
    if conf < 1 and not w.mentions:
        w.confidence, w.provenance = conf, "context"
    w.acting = True
    w.add(np_start, np_end, surface, "nominal")
