"""Countries as actors: the country the story is about, countries and demonyms where
the syntax makes them act, and armed forces that only stand for their country."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.memory import known_people
from dyad.extract.actors.names import same_person_name
from dyad.extract.actors.phrases import agent_phrase, title_phrase
from dyad.extract.actors.syntax import Cand, make_doc, phrase_root, slot


def main_country(art: ArticleState, cands: list[Cand]) -> None:
    """The country the article is about: what a title without a country defaults to.

    Countries score by how they are mentioned: as a subject or with institutions of
    theirs (2-3), as a demonym or a place (1); the lead paragraph counts double, the
    publisher's home country counts for nothing (a wire agency covers the world).
    """
    score: Counter = Counter()
    lead_end = art.text.find("\n\n")
    lead_end = lead_end if 0 < lead_end < len(art.text) // 2 else 0
    for c in [*cands, *art.inner]:
        if c.kind not in ("country", "demonym", "capital") or not c.value or c.value == "IGO":
            continue
        sp = c.span(art.doc)
        sl = slot(sp)
        pts = 1 if sl == "loc" or c.kind == "capital" or c.label == "INNER" else 2
        if c.kind == "demonym" or c.label == "INNER":
            head = sp.root.head
            if agent_phrase(art, head) is not None:
                pts = 3 if sp.start not in art.title_toks else 1
        elif sl == "subj":
            pts = 3
        if sp.start_char < lead_end:
            pts *= 2
        score[c.value] += pts
    # organisations and persons whose country the text or our files give
    for w in art.works.values():
        if w.kind not in ("org", "person") or not w.mentions:
            continue
        iso = w.country
        if iso is None and w.kind == "person":
            k = known_people().find(w.name, art.rec.published, person=True)
            iso = k.country if k is not None and same_person_name(k.name, w.name) else None
        if iso and iso != "IGO":
            score[iso] += 1
    if art.rec.title:  # the headline names what the story is about
        tdoc = make_doc(art.doc, art.rec.title)
        first = True
        for h in gz.hits(tdoc):
            if h.kind in ("country", "demonym", "capital") and h.value != "IGO":
                score[h.value] += 6 if first else 3  # the headline's first country leads
                first = False
    # the publisher's home country is no evidence: a wire agency in London covers the world
    if score:
        ranked = score.most_common(2) + [(None, 0)]
        art.main = ranked[0][0]
        top, second = ranked[0][1], ranked[1][1]
        if top < 2 * max(second, 1):
            # no clear main country (two countries or more about even): no guesses from
            # the setting at all; a null beats a coin toss between two countries
            art.main = None
        art.main_conf = 0.7


# confidence of a country a bare reference takes from the article's evidence
EVIDENCE_CONF = 0.8
# offices whose holder speaks for the state: naming one places the bare "the government"
_HEAD_TITLES = (
    "president", "prime minister", "premier", "chancellor", "king", "queen", "emir",
    "sultan", "taoiseach", "first minister", "head of state", "head of government",
    "supreme leader", "crown prince",
)  # fmt: skip


def evidence_country(art: ArticleState, before: int) -> str | None:
    """The country a bare institutional reference ("the government", "the ministry",
    "police", "troops") belongs to, from evidence in the article only: the country's own
    government, institutions or forces named with it before ``before`` ("the Libyan
    government", "Britain's Home Office"), or a head of state or government of it named
    anywhere ("Prime Minister Tony Blair"). Where the story is clearly about one country
    (``art.main``), that country if the evidence names it; else the one country the evidence
    names; else none: never the dateline or the setting alone."""
    found: set[str] = set()
    for w in art.works.values():
        if not w.country or w.country == "IGO" or w.provenance == "context" or not w.mentions:
            continue
        if w.kind == "country" or w.key[0] in ("body", "force"):
            if any(m.kind in ("nominal", "demonym") and m.start < before for m in w.mentions):
                found.add(w.country)
        elif w.kind == "person" and w.title and w.sector == "GOV":
            t = w.title.lower()
            if not t.startswith(("former", "ex-", "ex ", "then", "late")) and t.endswith(
                _HEAD_TITLES
            ):
                found.add(w.country)
    if art.main is not None:
        # a story clearly about one country: that country, if the evidence names it ("the
        # government" of a British story that names a Czech president is no Czech one)
        return art.main if art.main in found else None
    return found.pop() if len(found) == 1 else None


def country_mention(art: ArticleState, c: Cand) -> None:
    """A country, demonym or capital as a mention of the country's actor, acting where
    the syntax says so."""
    doc = art.doc
    sp = c.span(doc)
    iso = c.value
    if not iso:
        return
    # a demonym or country that modifies an agent noun is handled with that noun
    if c.kind == "demonym":
        head = sp.root.head if sp.root.dep_ in ("amod", "compound", "nmod") else None
        if head is not None and head.i >= sp.end and head.pos_ in ("NOUN", "PROPN"):
            return  # "Libyan leader", "Iraqi government": see nominals / titles
        is_people = sp.root.tag_ in ("NNPS", "NNS") or sp.text.endswith("s")
        if not is_people:
            return  # "Libyan" alone: an adjective
    c_obj = kb.country(iso)
    name = c_obj.name if c_obj else sp.text
    w = art.work(("country", iso), "country", name, country=iso, sector="GOV")
    kind = {"country": "name", "demonym": "demonym", "capital": "capital"}[c.kind]
    in_title = sp.start in art.title_toks
    sl = slot(sp)
    if c.kind == "capital":
        if sl != "subj" or in_title:
            return
        w.acting = True
    elif not in_title and (sl in ("subj", "obj", "poss", "root", "mod") or sl.startswith("prep:")):
        head = phrase_root(sp.root).head
        if sl in ("mod", "poss") and (
            agent_phrase(art, head) is not None or title_phrase(art, head) is not None
        ):
            pass  # "U.S. troops", "France's Foreign Ministry": the noun acts, see nominals
        elif sl in ("prep:including", "prep:as", "prep:like") or _member_of_list(sp, sl):
            pass  # examples in a list ("destinations including Spain")
        elif sl == "mod" and (
            head.lemma_.lower() in _SITE_NOUNS
            or (head.tag_ == "VBN" and head.lower_ in _ORIGIN_VERBS)
            or (art.tok_owner.get(head.i) is not None and art.tok_owner[head.i].kind == "org")
        ):
            # "United Kingdom production sites", "U.S. dollars", "US-built vehicles";
            # "United States Department of ...": the body acts
            pass
        else:
            w.acting = True
    w.add(sp.start_char, sp.end_char, sp.text, kind)
    for i in range(c.start, c.end):
        art.tok_owner.setdefault(i, w)


def fold_passive_forces(art: ArticleState) -> None:
    """Armed forces that are only acted upon ("the coalition pounded Libyan air
    defenses") stand for their country: their mentions go to the country's actor. Forces
    that act ("Turkish troops shelled the town") stay actors of their own."""
    for key, w in list(art.works.items()):
        if key[0] != "force" or not w.mentions or w.provenance not in ("text", "context"):
            continue
        active = False
        for m in w.mentions:
            sp = art.doc.char_span(m.start, m.end, alignment_mode="expand")
            if sp is None:
                continue
            r = phrase_root(sp.root)
            if r.dep_ == "nsubj" or (r.dep_ == "pobj" and r.head.lower_ == "by"):
                active = True
                break
        if active:
            continue
        iso = w.country
        c_obj = kb.country(iso)
        if c_obj is None or w.confidence < 1:
            w.mentions.clear()  # a guessed force that does nothing: no actor at all
            continue
        country = art.work(("country", iso), "country", c_obj.name, country=iso, sector="GOV")
        for m in w.mentions:
            country.add(m.start, m.end, m.text, "nominal")
        country.acting = True
        w.mentions.clear()


_MEMBERSHIP_VERBS = frozenset({"consist", "comprise", "compose", "include"})
# nouns a country modifies as a place or an origin, not an actor: sites, currencies
_SITE_NOUNS = frozenset(
    {"site", "plant", "factory", "facility", "base", "mine", "port", "airport", "field"}
    | {"dollar", "euro", "pound", "yen", "franc", "rouble", "ruble", "yuan", "currency"}
)
# "US-built", "Chinese-made": where a thing comes from; "US-backed" and "US-led" do act
_ORIGIN_VERBS = frozenset({"built", "made", "manufactured", "designed", "born", "based"})
_SET_NOUNS = frozenset({"country", "nation", "member", "state", "economy", "power"})


def _member_of_list(sp: Span, sl: str) -> bool:
    """A country named as one of a set's members: "the ATPC consists of Malaysia, ...",
    "Its members include France", "a group of seven countries, the United Kingdom, ...,
    and Italy" (in apposition to a common noun, outside the subject)."""
    tok = sp.root
    while tok.dep_ == "conj" and tok.head is not tok and tok.head.pos_ == "PROPN":
        tok = tok.head
    if sl != "subj" and (
        (tok.dep_ == "appos" and tok.head.pos_ == "NOUN")
        or (tok.dep_ == "conj" and tok.head.lemma_.lower() in _SET_NOUNS)
    ):
        return True
    top = phrase_root(sp.root)
    verb = top.head.head if top.dep_ == "pobj" else top.head
    return sl in ("obj", "prep:of") and verb.lemma_.lower() in _MEMBERSHIP_VERBS
