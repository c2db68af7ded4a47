"""Organisations named in the text: one actor per organisation, with its country and
sector from its name and the words around it."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.syntax import Cand, Work, phrase_root
from dyad.extract.actors.words import (
    COMPANY_FORMS,
    ORG_WORDS,
    SPEECH_VERBS,
    acronym,
    country_of,
    is_place_name,
    org_key,
)


def org_work(art: ArticleState, c: Cand) -> Work:
    """The organisation actor candidate ``c`` names (known, an alias of one here, or new)."""
    doc = art.doc
    text = c.text(doc)
    o = kb.org_by_name(c.value or text) if (c.gaz or c.value) else kb.org_by_name(text)
    if o is not None:
        w = art.work(("org", o.name), "org", o.name, country=o.country, sector=o.sector)
        w.types.update(o.types)
    else:
        key = org_key(text)
        if len(key) > 5 and key.endswith("s") and not key.endswith("ss"):
            key = key[:-1]  # "Defence Forces" and "the Defence Force": one body
        # an acronym in brackets after a name, or the first word of a longer name
        alias_of = _org_alias_target(art, c)
        if alias_of is not None:
            w = alias_of
        else:
            w = art.work(("org", key), "org", text)
            d = kb.dictionary_org(text) if not w.mentions else None
            if d is not None and w.country is None and w.sector is None:
                # the dictionary knows it; the text's own name stays the name
                w.country, w.sector, w.provenance = d.country, d.sector, "knowledge"
    for i in range(c.start, c.end):
        art.tok_owner[i] = w
    return w


def _org_alias_target(art: ArticleState, c: Cand) -> Work | None:
    """An organisation of this article that ``c`` is another name of, if any."""
    doc = art.doc
    text = c.text(doc)
    for w in art.works.values():
        if w.kind != "org":
            continue
        if text in w.surfaces or text == w.name:
            return w
        words = w.name.split()
        if len(words) >= 2 and text == words[0] and not is_place_name(text):
            return w
        if kb.is_acronym(text) and acronym(w.name) == text.replace(".", ""):
            return w
    # "Syrian Democratic Forces (SDF)": the bracketed acronym of the name before it;
    # "HDT Védelmi Ipari Kft. (HDT Limited)": a bracketed name that begins as it does
    if c.start >= 2 and doc[c.start - 1].text == "(":
        j = c.start - 2
        if j > 0 and doc[j].text == "." and art.tok_owner.get(j) is None:
            j -= 1
        prev = art.tok_owner.get(j)
        if (
            prev is not None
            and prev.kind == "org"
            and (kb.is_acronym(text) or prev.name.split()[0] == text.split()[0])
        ):
            return prev
    return None


def org_mention(art: ArticleState, c: Cand) -> None:
    """``c`` as a name (or acronym) mention of its organisation."""
    w = org_work(art, c)
    sp = c.span(art.doc)
    w.add(
        sp.start_char,
        sp.end_char,
        sp.text,
        "alias" if kb.is_acronym(sp.text) and sp.text != w.name else "name",
    )


def merge_parent_orgs(art: ArticleState) -> None:
    """ "UN" and "UN Security Council" in one article: the bare parent is the body."""
    orgs = [w for w in art.works.values() if w.kind == "org" and w.key[0] == "org"]
    for parent in orgs:
        pk = kb.org_by_name(parent.name)
        if pk is None or not parent.mentions:
            continue
        names = [pk.name, *pk.aliases]
        for child in orgs:
            if child is parent or not child.mentions:
                continue
            if any(child.name.startswith(n + " ") for n in names if kb.is_acronym(n)):
                for m in parent.mentions:
                    child.add(m.start, m.end, m.text, "alias")
                for i, o in list(art.tok_owner.items()):
                    if o is parent:
                        art.tok_owner[i] = child
                parent.mentions.clear()
                break


def org_context(art: ArticleState, c: Cand) -> None:
    """Country and sector of an organisation from its name and the words around it."""
    w = art.tok_owner.get(c.start)
    if w is None or w.kind != "org":
        return
    sp = c.span(art.doc)
    _inside_name(art, c, sp, w)
    _before_name(art, sp, w)
    _after_name(art, sp, w)
    _predicate(art, sp, w)
    _apposition_of(art, sp, w)
    head = phrase_root(sp.root)
    _group_of_members(art, head, w)
    # "Rudaw reports ...": a name that reports is news media
    if w.sector is None and head.dep_ == "nsubj" and head.head.lemma_ == "report":
        w.sector = "MED"
    w.acting = True


_POSTING_VERBS = frozenset({"post", "tweet", "write", "publish", "share", "announce", "use"})


def is_medium(head: Token) -> bool:
    """ "responded via Twitter", "wrote on Facebook", "she used Instagram to thank ...":
    a platform a message goes through, no actor by that mention."""
    if head.dep_ == "pobj" and head.head.lower_ == "via":
        return True
    verb = head.head.head if head.dep_ == "pobj" else head.head
    if head.dep_ == "pobj" and head.head.lower_ not in ("on", "through"):
        return False
    if head.dep_ not in ("pobj", "dobj"):
        return False
    lem = verb.lemma_.lower()
    if head.dep_ == "dobj":
        # "used Instagram to thank": the verb "use" with a purpose clause
        return lem == "use" and any(c.dep_ in ("xcomp", "advcl") for c in verb.children)
    return verb.pos_ == "VERB" and (lem in SPEECH_VERBS or lem in _POSTING_VERBS)


def _inside_name(art: ArticleState, c: Cand, sp: Span, w: Work) -> None:
    """ "Federal Aviation Office of Germany", "Iraqi Parliament": a country in the name;
    the last organisation word's sector."""
    for i in range(sp.start, sp.end):
        d = art.by_tok.get(i)
        if d is not None and d is not c and d.kind in ("country", "demonym") and w.country is None:
            w.country = d.value
    if w.country is None:
        w.country = _place_in_name(art.all_toks[sp.start : sp.end])
    words = [t.lower_ for t in sp]
    if w.sector is None and ("news" in words or "press" in words[:-1]):
        w.sector = "MED"  # "Saudi News Agency", "Press Association": news before the agency
    if w.sector is None:
        # the last word that says what the body is; "association", "society" and "union"
        # only where no other does ("Local Government Association": GOV)
        said = [ORG_WORDS[t] for t in reversed(words) if ORG_WORDS.get(t)]
        strong = [ORG_WORDS[t] for t in reversed(words) if ORG_WORDS.get(t) and t not in _WEAK]
        w.sector = (strong or said or [None])[0]
    if w.sector is None and words and words[-1].strip(".") in COMPANY_FORMS:
        w.sector = "BUS"  # "HDT Védelmi Ipari Kft": a legal form of firms
    if w.sector is None and len(sp) >= 2 and sp[0].text in _org_first_words():
        # "BBC Wales", "Commons trade committee": a known body begins the name (its part)
        for n in (3, 2, 1):
            if n < len(sp):
                o = kb.org_by_name(sp[:n].text)
                if o is not None and o.sector in _PARENT_SECTORS:
                    w.sector = o.sector
                    w.country = w.country or (o.country if o.country != "IGO" else None)
                    break
    if (
        w.sector is None
        and len(words) <= 2
        and all(x in gz.agent_words() or x.rstrip("s") in gz.agent_words() for x in words)
    ):
        w.sector = kb.generic_sector(" ".join(words))  # "MPs" tagged ORG: the office's sector


_WEAK = frozenset({"association", "society", "union"})


@lru_cache(maxsize=1)
def _org_first_words() -> frozenset[str]:
    """First words of the names and aliases of our files' public, party and media bodies."""
    return frozenset(
        n.split()[0]
        for o in kb.load().orgs
        if o.sector in _PARENT_SECTORS
        for n in (o.name, *o.aliases)
        if n.strip()
    )


# sectors a body's part shares with it ("BBC Wales" MED, "Commons trade committee" GOV); an
# IGO's name may begin a club's ("Commonwealth Club"), a
# firm's name in a longer name says less ("Apple Daily" is no Apple)
_PARENT_SECTORS = frozenset({"GOV", "MED", "PTY", "JUD", "MIL", "COP"})


def _place_in_name(toks: list[Token]) -> str | None:
    """ "Oxford University", "Santa Marta Self Defense Forces", "Bank of Tokyo",
    "Massachusetts Institute of Technology": the country of a US state or of a city that
    points to one country beyond doubt (:func:`gazetteer.clear_place_country`: not "Bar",
    "Durham" or "Kingston") that begins the name or follows its "of"; none where the place
    is the whole name or places disagree."""
    while toks and toks[0].lower_ == "the":
        toks = toks[1:]
    found: set[str] = set()
    for start in [0] + [i + 1 for i, t in enumerate(toks[:-1]) if t.lower_ == "of" and i > 0]:
        for n in (3, 2, 1):
            part = toks[start : start + n]
            if len(part) < n or start + n >= len(toks) and start == 0:
                continue  # the place must not be the whole name
            if not all(t.is_title or t.is_upper and len(t) > 2 for t in part):
                continue
            cc = gz.clear_place_country(" ".join(t.text for t in part))
            if cc:
                found.add(cc)
                break
    return found.pop() if len(found) == 1 else None


def _before_name(art: ArticleState, sp: Span, w: Work) -> None:
    """ "Iranian airline Mahan Air": a country and a type noun before the name; "Austrian
    mortar and shell manufacturer Hirtenberger", "Hungarian daily newspaper Magyar Nemzet":
    a common noun right before the name, and the words describing it back to a demonym or
    country; "Brazil's National Institute for Space Research": a possessor country."""
    doc = art.doc
    j = sp.start - 1
    described = j >= 0 and doc[j].pos_ == "NOUN" and doc[j].is_lower
    while j >= 0 and j >= sp.start - (8 if described else 4):
        t = doc[j]
        if t.lower_ in ("the", "a", "an") or (t.is_punct and t.text != "-"):
            break
        d = art.by_tok.get(j)
        if t.text in ("'s", "’s") and j == sp.start - 1 and j > 0:
            d = art.by_tok.get(j - 1)
            if d is not None and d.kind in ("country", "capital") and d.value:
                w.country = w.country or d.value
            break
        if d is not None and d.kind in ("country", "demonym"):
            w.country = w.country or d.value
            if described:
                break  # the demonym leads the description
        elif t.pos_ in ("NOUN",) and t.is_lower and not (described and doc[j + 1].text == "-"):
            if not _type_noun(t, w, described, described and j == sp.start - 1):
                break
        elif d is None and not (
            described
            and (t.is_lower or t.text == "-")  # "state-owned enterprise": one adjective
            and t.pos_ in ("ADJ", "CCONJ", "VERB", "PUNCT", "NOUN")
        ):
            break
        j -= 1


def _type_noun(t: Token, w: Work, described: bool, head: bool) -> bool:
    """A noun before an organisation's name: its type ("airline") and sector; at the head
    of a longer description, the sector of the CAMEO agents file ("manufacturer": BUS).
    False where the walk back stops (a noun that says nothing, outside a description)."""
    a = kb.agent(t.lemma_.lower()) or kb.agent(t.lower_)
    if a is not None:
        w.types.add(t.lower_)
        w.sector = w.sector or a.sector
        return True
    if head and w.sector is None:
        # "civil rights group Liberty": the noun with the lower-case words before it
        k = t.i
        while k > max(t.i - 3, 0) and t.doc[k - 1].is_lower and t.doc[k - 1].is_alpha:
            k -= 1
        w.sector = kb.generic_sector(t.doc[k : t.i + 1].text)
    return described


def _predicate(art: ArticleState, sp: Span, w: Work) -> None:
    """ "ABS-CBN Corporation is the largest broadcasting company in the Philippines": the
    sector of the predicate noun, the country after its "in" or "of"."""
    r = sp.root
    if r.dep_ != "nsubj" or r.head.lemma_ != "be" or r.head.i < r.i:
        return
    for attr in r.head.children:
        if attr.dep_ != "attr" or attr.pos_ != "NOUN":
            continue
        if w.sector is None:
            w.sector = kb.generic_sector(attr.lemma_)
        for prep in attr.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "of"):
                continue
            for p in prep.children:
                d = art.by_tok.get(p.i)
                if p.dep_ == "pobj" and d is not None and d.kind == "country":
                    w.country = w.country or d.value


def titled_org_acts(art: ArticleState, c: Cand, w: Work) -> bool:
    """An organisation named inside a person's title is an actor when it is already one
    here, when it is the body the person belongs to ("the president of the Tunisian League
    for ...", a name of two words or more, not "of Transportation"), or when it is a party
    or body our files know, as possessor ("Labour's campaign spokesman")."""
    doc = art.doc
    if w.mentions:
        return True
    if (
        c.end < len(doc)
        and doc[c.end].text in ("'s", "’s", "'", "’")
        and kb.org_by_name(c.value or c.text(doc)) is not None
    ):
        return True
    j = c.start - 1 - (c.start > 1 and doc[c.start - 1].lower_ == "the")
    whole = c.end - c.start >= 2 or kb.is_acronym(c.text(doc))
    return j > 0 and doc[j].lower_ == "of" and w.kind == "org" and whole


def _after_name(art: ArticleState, sp: Span, w: Work) -> None:
    """ "Mahan Air of Iran", "Charité in Berlin": a country or city after the name;
    "the Foreign Policy Centre think tank": the type noun after it (a civil-society,
    academic, media or business type only: "Google employees" are not Google)."""
    doc = art.doc
    k = sp.end
    nxt = art.all_toks[k] if k < len(doc) else None
    if w.sector is None and nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN":
        for n in (2, 1):
            if (
                k + n <= len(doc)
                and all(t.is_lower and t.is_alpha for t in doc[k : k + n])
                and doc[k + n - 1].dep_ not in ("compound", "amod", "nmod")
            ):  # the head noun: not "business" in "BBC2 business start-up programme"
                a = kb.agent(" ".join(t.lemma_.lower() for t in doc[k : k + n]), "group")
                if a is not None and (
                    a.sector in ("NGO", "EDU", "MED", "BUS") or a.phrase.endswith("union")
                ):
                    w.sector = a.sector
                    break
    if k + 1 < len(doc) and doc[k].lower_ in ("of", "in") and w.country is None:
        d = art.by_tok.get(k + 1)
        if d is not None and d.kind in ("country", "capital") and d.value:
            w.country = d.value
            if doc[k].lower_ == "of":  # "Hoechst AG of West Germany": where it is, no act
                art.title_toks.update(range(d.start, d.end))
        elif doc[k + 1].is_title:
            cc = gz.city_country(doc[k + 1].text)
            if cc:
                w.country = cc


def _apposition_of(art: ArticleState, sp: Span, w: Work) -> None:
    """ "X, a Berlin-based non-profit,": the country and type an apposition gives."""
    doc = art.doc
    k = sp.end
    app = None
    for ch in sp.root.children:
        if ch.dep_ == "appos" and ch.i >= sp.end:
            app = ch
    app_toks: list[Token] = list(app.subtree) if app is not None else []
    if (
        not app_toks
        and k + 1 < len(doc)
        and doc[k].text == ","
        and doc[k + 1].lower_ in ("a", "an", "the")
    ):
        j = k + 1
        while j < len(doc) and j < k + 10 and doc[j].text not in (",", ".", ";"):
            j += 1
        if j < len(doc) and doc[j].text in (",", "."):
            app_toks = list(doc[k + 1 : j])
            heads = [t for t in app_toks if t.pos_ == "NOUN"]
            app = heads[-1] if heads else None
    if app is None:
        return
    for t in app_toks:
        if "-based" in t.text or (
            t.i + 2 < len(doc) and doc[t.i + 1].text == "-" and doc[t.i + 2].lower_ == "based"
        ):
            cc = gz.city_country(t.text.split("-")[0]) or country_of(t.text.split("-")[0])
            if cc and w.country is None:
                w.country = cc
        d = art.by_tok.get(t.i)
        if d is not None and d.kind in ("country", "demonym") and w.country is None:
            w.country = d.value
    a = kb.agent(app.lemma_.lower()) or kb.agent(app.lower_)
    if a is not None:
        w.types.add(app.lower_)
        if w.sector is None:
            w.sector = a.sector


def _group_of_members(art: ArticleState, head: Token, w: Work) -> None:
    """ "German firms including Deutsche Bahn, ...": members take the group's country and
    sector."""
    if head.dep_ != "pobj" or head.head.lower_ not in ("including", "as", "like"):
        return
    grp = head.head.head
    if grp.lower_ == "such":
        grp = grp.head
    if grp.pos_ == "NOUN":
        a = kb.agent(grp.lemma_.lower())
        if a is not None and w.sector is None:
            w.sector = a.sector
        for ch in grp.children:
            d = art.by_tok.get(ch.i)
            if d is not None and d.kind in ("country", "demonym") and w.country is None:
                w.country = d.value
