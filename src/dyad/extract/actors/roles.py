"""Titles and appositions: who holds which office, for which country and sector."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.orgs import org_work
from dyad.extract.actors.syntax import Cand, Role
from dyad.extract.actors.words import (
    HONORIFICS,
    ORG_WORDS,
    TITLE_LEAD,
)

# offices a party has itself (with a party in the title, the person's sector is PTY)
PARTY_ROLES = frozenset(
    (
        "leader",
        "deputy leader",
        "chairman",
        "chairwoman",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "vice president",
        "candidate",
        "official",
        "member",
        "activist",
        "treasurer",
        "founder",
        "co-founder",
        "head",
        "general secretary",
        "secretary general",
    )
)


def title_prefix(art: ArticleState, start: int) -> tuple[int, int] | None:
    """Token range of a title written right before a name ("U.S. Defense Secretary")."""
    doc = art.doc
    i = start - 1
    toks: list[int] = []
    while i >= 0 and len(toks) < 10:
        step = _title_step(art, i, toks)
        if step is None:
            break
        i = step
    while toks and doc[toks[-1]].lower_.rstrip(".") in HONORIFICS:
        toks.pop()  # "NAO head Sir John Bourn": "Sir" is no part of the title
    # trim words that only happen to be capitalised ("Both President ...")
    while (
        toks
        and not _title_anchor(art, toks[0])
        and (doc[toks[0]].is_sent_start or doc[toks[0]].is_lower or doc[toks[0]].is_punct)
    ):
        toks.pop(0)
    if not toks:
        return None
    return toks[0], toks[-1] + 1


def _title_step(art: ArticleState, i: int, toks: list[int]) -> int | None:
    """One step leftwards through a title: token ``i`` joins ``toks`` (or is skipped);
    returns the next token to look at, or None where the title ends."""
    doc = art.doc
    t = doc[i]
    low = t.lower_
    if t.text in ("'s", "’s", "'", "’", "-") and toks:
        toks.insert(0, i)
        return i - 1
    if low == "the" and toks and i > 0 and doc[i - 1].lower_ in ("of", "to", "for"):
        if doc[i + 1].is_title:
            toks.insert(0, i)  # "Ambassador to the United Nations"
            return i - 1
    if t.text == ")":
        o = next((k for k in range(i - 1, max(i - 8, -1), -1) if doc[k].text == "("), None)
        if o is not None and o > 0 and (doc[o - 1].is_title or doc[o - 1].is_upper):
            return o - 1  # "Labour MP (Member of Parliament) Tom Watson": skip the gloss
    if _portfolio_word(art, i, toks):
        toks.insert(0, i)
        return i - 1
    if t.is_punct or low in ("the", "a", "an", "and", "or", "but", "said", "says"):
        return None
    if low in ("of", "to", "for"):
        if _title_goes_on_before(art, i, toks):
            toks.insert(0, i)
            return i - 1
        return None
    if t.pos_ in ("ADP", "SCONJ", "PRON") and not t.is_title:
        return None
    other = art.by_tok.get(i)
    if (
        other is not None
        and other.kind == "person"
        and not (other.end < len(doc) and doc[other.end].text in ("'s", "’s", "'", "’"))
    ):
        return None  # another person's name: "Senators Marco Rubio of Florida, Mike Lee"
    if t.is_title or t.is_upper or low in gz.agent_words() or low in TITLE_LEAD:
        if t.pos_ in ("VERB", "AUX") and not t.is_title:
            return None
        if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
            return None
        toks.insert(0, i)
        return i - 1
    return None


def _portfolio_word(art: ArticleState, i: int, toks: list[int]) -> bool:
    """A portfolio in lower case: "women" of "spokeswoman for women Sandra Gidley"; "trade",
    "and", "industry" of "AU trade and industry commissioner" (with no name, country or
    capitalised word before it, the trim in :func:`title_prefix` drops them again)."""
    doc = art.doc
    t = doc[i]
    if not toks:
        return bool(
            t.is_lower
            and t.pos_ == "NOUN"
            and i >= 2
            and doc[i - 1].lower_ == "for"
            and doc[i - 2].lower_ in gz.agent_words()
        )
    if not (doc[toks[0]].is_lower and doc[toks[0]].pos_ in ("NOUN", "CCONJ")):
        return False
    if t.is_lower and t.pos_ == "NOUN" and t.dep_ in ("compound", "nmod", "conj"):
        return True
    return bool(t.lower_ == "and" and i > 0 and doc[i - 1].is_lower and doc[i - 1].pos_ == "NOUN")


def _title_goes_on_before(art: ArticleState, i: int, toks: list[int]) -> bool:
    """At "of", "to" or "for" (token ``i``): the title goes on to the left ("Minister of
    Foreign Affairs", "Commission for Racial Equality chairman", "spokeswoman for women"),
    but not across a second title ("critic of Russian president")."""
    doc = art.doc
    if not toks or i == 0:
        return False
    before = doc[i - 1]
    if not (before.is_title or before.lower_ in gz.agent_words()):
        return False
    nxt = doc[i + 1] if doc[i + 1].lower_ != "the" else doc[min(i + 2, len(doc) - 1)]
    between = doc[i + 1 : toks[-1]]
    portfolio = (
        doc[i].lower_ == "for"
        and before.lower_ in gz.agent_words()
        and all(x.is_lower and x.pos_ == "NOUN" for x in between)
    )
    if not (nxt.is_title or portfolio):
        return False
    # a body's name first ("Commission for Racial Equality chairman") may end in the title
    end = toks[-1] + (kb.agent(before.lower_, "title") is not None)
    return not gz.title_regex().search(doc[i + 1 : end].text)


def role_range_ok(art: ArticleState, s: int, e: int) -> bool:
    """A title or apposition: no other person in it, and its head is a title word
    ("the caretaker Prime Minister", "Ambassador to Germany", not "lawyers for ...")."""
    doc = art.doc
    if not gz.title_regex().search(doc[s:e].text):
        return False

    def titled(t: Token) -> bool:
        if t.tag_ in ("NNS", "NNPS"):
            return False  # "his lawyers": a person holds one title
        return bool(
            gz.title_regex().search(doc[max(s, t.i - 3) : t.i + 1].text)
            and (t.lower_ in gz.agent_words() or t.lower_.rstrip("s") in gz.agent_words())
        )

    head = None
    for i in range(s, e):
        t = doc[i]
        c = art.by_tok.get(i)
        if c is not None and c.kind == "person" and c.end <= e:
            nxt = doc[c.end].text if c.end < len(doc) else ""
            if nxt not in ("'s", "’s", "'", "’"):
                return False
        if head is None and (
            t.lower_ in ("of", "to", "for", "who", "which", "that", "with", "at", "in")
            or t.text in (",", ";", "(")
        ):
            head = doc[i - 1] if i > s else None
            if t.text in (",", ";", "(") or t.lower_ in ("who", "which", "that"):
                break
    last = next((doc[i] for i in range(e - 1, s - 1, -1) if not doc[i].is_punct), None)
    return bool(
        (last is not None and titled(last))
        or (head is not None and titled(head))
        or titled(doc[s:e].root)  # "the Government commissioner responsible for defence"
    )


def _title_anchor(art: ArticleState, i: int) -> bool:
    """Whether token ``i`` may start a title (a name or an agent or title word)."""
    t = art.doc[i]
    c = art.by_tok.get(i)
    if c is not None and c.kind in ("country", "demonym", "capital", "org", "person"):
        return True
    if t.lower_ in ORG_WORDS and i + 1 < len(art.doc) and art.doc[i + 1].lower_ in ("for", "of"):
        return True  # "Commission for Racial Equality chairman"
    return t.lower_ in gz.agent_words() or t.lower_ in TITLE_LEAD


# offices that speak or advise for a government: with a country and no sector, GOV
_GOV_AIDES = (
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "aide",
    "adviser",
    "advisor",
    "press secretary",
    "chief of staff",
    "envoy",
)


def parse_role(art: ArticleState, s: int, e: int, by_tok: dict[int, Cand]) -> Role | None:
    """Country, sector and title from tokens ``[s, e)`` of a title or apposition."""
    doc = art.doc
    if s >= e:
        return None
    ms = list(gz.title_regex().finditer(doc[s:e].text))
    if not ms:
        return None
    m = ms[-1]
    agent_phrase = re.sub(r"[\s-]+", " ", m.group(0).lower())
    a = kb.agent(agent_phrase, "title") or kb.agent(agent_phrase.rstrip("s"), "title")
    if a is None and agent_phrase.endswith("es"):
        a = kb.agent(agent_phrase[:-2], "title")
    if a is None:
        return None
    role = Role(agent=a.phrase, sector=a.sector, tokens=(s, e))
    cut, org_country, org_sector = _names_in_title(art, role, s, e, by_tok)
    if role.country is None:
        role.country = _region_in_title(doc, s, e)
    if role.country is None and a.country:
        role.country = a.country  # an office of one country ("Taoiseach Leo Varadkar")
    _settle_sector(role, a, org_country, org_sector)
    title_txt = doc[cut:e].text.strip(" ,'’") if cut < e else m.group(0)
    role.title = title_txt or m.group(0)
    return role


def _names_in_title(
    art: ArticleState, role: Role, s: int, e: int, by_tok: dict[int, Cand]
) -> tuple[int, str | None, str | None]:
    """What the names in a title say: countries and a possessor go onto ``role``; returns
    where the title's own words start and the country and sector of an organisation in it."""
    doc = art.doc
    cut = s  # title text starts after leading countries / possessors
    org_country = org_sector = None
    seen: set[int] = set()
    for i in range(s, e):
        c = by_tok.get(i)
        if c is None or id(c) in seen:
            continue
        seen.add(id(c))
        j = c.start - 1
        while j > s and doc[j].lower_ in ("the", "a", "an"):
            j -= 1
        prev = doc[j].lower_ if j >= s and j < c.start else ""
        nxt = doc[c.end].text if c.end < len(doc) else ""
        if nxt in ("'s", "’s", "'", "’") and c.end < e:
            w = art.tok_owner.get(c.start)
            if c.kind == "person" and w is not None:
                role.possessor = w
            elif c.kind in ("country", "demonym", "capital") and c.value:
                role.country = role.country or c.value
            elif c.kind == "org":
                role.possessor = org_work(art, c)
            if c.end + 1 <= e and c.start <= cut:
                cut = max(cut, c.end + 1)  # a leading possessor is no part of the title
            continue
        if (
            c.kind in ("country", "demonym")
            and c.value
            and (prev not in ("to", "in", "for") or (prev == "for" and c.kind == "demonym"))
        ):
            if role.country is None:
                role.country = c.value
            if c.start == cut:
                cut = c.end
        elif c.kind == "org" and prev in ("to", "in"):
            pass  # "Ambassador to the United Nations": the post, not the employer
        elif c.kind == "nominal" and prev == "of":
            body = kb.agent(doc[c.end - 1].lemma_.lower(), "body")  # "of the Parliament"
            org_sector = org_sector or (body.sector if body else None)
        elif c.kind == "org":
            o = kb.org_by_name(c.value or c.text(doc)) or org_work(art, c)
            if org_country is None and prev == "of" and role.agent in PARTY_ROLES:
                # "president of the Tunisian League ...": he heads that body, so its
                # sector is his (none where the body's is unknown), not the word's
                role.sector = o.sector
            org_country = org_country or o.country
            org_sector = org_sector or o.sector
    return cut, org_country, org_sector


def _region_in_title(doc: Doc, s: int, e: int) -> str | None:
    """The country of a region or city named in a title ("Hong Kong Chief Executive")."""
    for i in range(s, e):
        t = doc[i]
        if not t.is_title or (i > s and doc[i - 1].lower_ in ("to", "in", "for")):
            continue
        city = t.ent_type_ == "GPE"
        cc = gz.region_country(t.text, city) or (
            gz.region_country(f"{t.text} {doc[i + 1].text}", city) if i + 1 < e else None
        )
        if cc:
            return cc
    return None


def _settle_sector(
    role: Role, a: kb.Agent, org_country: str | None, org_sector: str | None
) -> None:
    """The role's country and sector from its possessor, the organisation in the title
    and the office itself."""
    poss = role.possessor
    if poss is not None:
        role.country = role.country or poss.country
        if role.sector is None:
            role.sector = poss.sector
    if org_sector == "PTY" and a.phrase in PARTY_ROLES:
        role.sector = "PTY"  # "Tory leader Michael Howard": he leads a party, not a state
    if org_country:
        role.country = role.country or org_country
        if role.sector is None or (org_country == "IGO" and role.sector == "GOV"):
            role.sector = org_sector if org_sector != "IGO" or org_country == "IGO" else role.sector
    if role.sector is None and org_sector and org_sector != "IGO":
        role.sector = org_sector  # "member of the Tunisian Parliament": the body's sector
    if role.sector is None and role.country and role.country != "IGO":
        role.sector = "GOV" if a.phrase in _GOV_AIDES else None
    if (
        role.sector == "BUS"
        and org_country is None
        and org_sector is None
        and poss is None
        and role.country not in (None, "IGO")
    ):
        role.sector = "GOV"  # "Hong Kong Chief Executive": an office of state, not a firm
    if role.country == "IGO" and role.sector in (None, "GOV"):
        role.sector = "IGO"


def apposition(art: ArticleState, c: Cand) -> tuple[int, int] | None:
    """Token range of an apposition naming the person's role, before or after the name."""
    doc = art.doc
    span = c.span(doc)
    root = span.root
    # after: "Name, the caretaker Prime Minister,"
    for ch in root.children:
        if ch.dep_ == "appos" and ch.i >= span.end:
            toks = [t.i for t in ch.subtree if t.i >= span.end and not t.is_punct]
            toks = [i for i in toks if doc[i].lower_ not in ("the", "a", "an")]
            if toks:
                return min(toks), max(toks) + 1
    if span.end + 2 < len(doc) and doc[span.end].text == ",":
        j = span.end + 1
        if doc[j].lower_ in ("the", "a", "an"):
            j += 1
        k = j
        while k < len(doc) and k < j + 14 and doc[k].text not in (",", ".", ";", "—", "("):
            if doc[k].pos_ in ("VERB", "AUX"):
                break
            k += 1
        if k < len(doc) and doc[k].text in (",", ".") and k > j:
            if gz.title_regex().search(doc[j:k].text):
                return j, k
    # before: "Mahan's director, Hamid Arabnejad Khanooki,"
    if root.dep_ == "appos" and root.head.i < span.start:
        h = root.head
        toks = [t.i for t in h.subtree if t.i < span.start and not t.is_punct]
        toks = [i for i in toks if doc[i].lower_ not in ("the", "a", "an")]
        if toks and role_range_ok(art, min(toks), max(toks) + 1):
            return min(toks), max(toks) + 1
    if span.start >= 2 and doc[span.start - 1].text == ",":
        k = span.start - 1
        j = k - 1
        while (
            j >= 0
            and j > k - 15
            and doc[j].text not in (",", ".", ";", "\n")
            and (
                doc[j].lower_ not in ("the", "a", "an")
                or (j > 0 and doc[j - 1].lower_ in ("of", "for", "to"))  # "of the League"
            )
        ):
            if doc[j].pos_ in ("VERB", "AUX"):
                break
            j -= 1
        j += 1
        if j < k and gz.title_regex().search(doc[j:k].text):
            if gz.title_regex().search(doc[k - 1].text):
                return j, k  # "Mahan's director, Hamid Arabnejad Khanooki,"
            # "the president of the Tunisian League for ..., Jamel Msallem,"
            m = gz.title_regex().match(doc[j:k].text)
            after = doc[j].idx + m.end() if m else -1
            if any(t.idx >= after and t.lower_ == "of" for t in doc[j:k][:6]):
                return j, k
    return None


def looks_like_titled_person(art: ArticleState, span: Span) -> bool:
    """An ORG-tagged name right after a person's title ("spokesperson, Morgan Ortagus")."""
    if not 2 <= len(span) <= 4 or not all(t.is_title for t in span):
        return False
    if any(t.lower_ in ORG_WORDS or t.lower_ in gz.agent_words() for t in span):
        return False
    # "Nils-Erik Haagenrud, the police's operations manager"
    j = span.end
    if j < len(art.doc) and art.doc[j].text == ",":
        window = art.doc[j + 1 : min(len(art.doc), j + 7)]
        for t in window:
            if t.text in (",", ".", ";"):
                break
            if gz.title_regex().fullmatch(t.text) and t.tag_ not in ("NNS", "NNPS"):
                return True
    i = span.start - 1
    if i >= 0 and art.doc[i].text == ",":
        i -= 1
    if i < 0:
        return False
    prev = art.doc[i]
    return bool(gz.title_regex().fullmatch(prev.text)) or (
        span.root.dep_ == "appos" and bool(gz.title_regex().fullmatch(span.root.head.text))
    )
