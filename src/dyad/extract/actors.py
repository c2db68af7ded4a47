"""The actors stage: who is who in an article, with country, sector, title and every mention.

Steps, all on the one spaCy parse:

1. candidates: spaCy's PERSON/ORG/GPE/NORP/FAC entities merged with our gazetteer
   (countries, demonyms, capitals, organisations), each typed once per article by
   document consistency (a surface tagged PERSON once and ORG once is one thing; a
   bare "Gates" is the surname of "Robert Gates", whatever spaCy says);
2. persons: full names, surnames and spelling variants grouped into one actor; titles
   and appositions read for country, sector and title ("U.S. Defense Secretary Robert
   Gates", "Mahan's director, Hamid ...", "Adil Abdul-Mahdi, the caretaker Prime Minister");
3. countries act only where the syntax says so (subject, object, possessor, "talks with
   X"), not as places ("in Libya"); demonyms with government nouns ("Iraqi leaders") are
   the country, with armed forces ("Libyan air defenses") its military, with institutions
   ("the Iraqi parliament") a body of that country; capitals as subjects ("Tehran said");
4. organisations from the gazetteer or the text ("Iranian airline Mahan Air", "X, a
   Berlin-based non-profit", "Charité in Berlin");
5. coreference: "the prime minister" to the person with that title, "the alliance" to
   NATO, "the airline" to the airline named before, he/she/his/her to the most recent
   fitting person (outside quotations);
6. actors known from the user's actor file or learned from earlier articles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from dyad import knowledge as kb
from dyad.extract import actors_gazetteer as gz
from dyad.extract.actors_memory import Known, known_people, learned, seed_known, user_actors
from dyad.extract.actors_names import fold, name_words, same_person_name, surname, surname_key
from dyad.model import Actor, Mention, Record

__all__ = ["run", "seed_known"]

LOCATIVE = {
    "in",
    "at",
    "to",
    "from",
    "into",
    "across",
    "near",
    "within",
    "throughout",
    "around",
    "inside",
    "outside",
    "through",
    "toward",
    "towards",
    "along",
    "onto",
    "via",
    "beyond",
    "off",
    "past",
    "out",
    "above",
    "below",
    "under",
    "beside",
    "amid",
    "among",
    "during",
    "since",
    "until",
}
ACTING_PREPS = {
    "by",
    "with",
    "between",
    "against",
    "on",
    "for",
    "from",
    "over",
    "under",
    "of",
    "including",
    "like",
    "as",
    "toward",
    "towards",
    "to",
}
SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "expl"}
OBJ = {"dobj", "iobj", "dative", "attr", "oprd"}
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
IT_VERBS = {
    "say",
    "announce",
    "agree",
    "deny",
    "claim",
    "accuse",
    "want",
    "plan",
    "reject",
    "urge",
    "call",
    "insist",
    "warn",
    "threaten",
    "add",
    "argue",
    "demand",
    "refuse",
    "vow",
    "pledge",
    "decide",
    "seek",
    "respond",
    "condemn",
    "admit",
    "acknowledge",
    "confirm",
    "promise",
    "ask",
    "expect",
    "hope",
    "intend",
    "offer",
    "sign",
    "launch",
    "order",
    "ban",
    "impose",
    "propose",
    "report",
    "state",
    "declare",
    "deploy",
    "attack",
    "withdraw",
    "send",
    "allow",
    "block",
    "back",
    "support",
    "oppose",
    "enter",
    "release",
    "arrest",
    "sanction",
    "criticise",
    "criticize",
}
PLACE_NOUNS = {
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "part",
    "parts",
    "capital",
    "city",
    "town",
    "village",
    "region",
    "province",
    "border",
    "coast",
    "territory",
    "centre",
    "center",
    "heart",
    "edge",
    "outskirts",
    "interior",
    "rest",
    "area",
    "side",
    "corner",
    "map",
    "soil",
    "streets",
    "people",
    "citizen",
    "resident",
    "population",
}
TRANSFER_WORDS = {
    "talk",
    "speak",
    "appeal",
    "send",
    "give",
    "offer",
    "provide",
    "hand",
    "deliver",
    "donate",
    "sell",
    "supply",
    "grant",
    "extend",
    "pay",
    "lend",
    "apologize",
    "apologise",
    "return",
    "transfer",
    "extradite",
    "write",
    "aid",
    "assistance",
    "support",
    "loan",
    "sale",
    "export",
    "shipment",
    "delivery",
    "message",
    "letter",
    "ultimatum",
    "warning",
    "threat",
    "concession",
    "proposal",
    "plea",
    "request",
    "compensation",
    "credit",
    "pledge",
    "promise",
}
SPEECH_VERBS = {
    "say",
    "tell",
    "announce",
    "report",
    "state",
    "claim",
    "add",
    "declare",
    "warn",
    "urge",
    "insist",
    "deny",
    "call",
    "demand",
    "accuse",
    "condemn",
    "reject",
    "threaten",
    "respond",
    "confirm",
    "note",
    "write",
    "tweet",
    "argue",
    "vow",
    "pledge",
    "allege",
    "ask",
    "agree",
}
ORG_WORDS: dict[str, str] = {
    "ministry": "GOV",
    "office": "GOV",
    "department": "GOV",
    "agency": "GOV",
    "council": "GOV",
    "parliament": "GOV",
    "commission": "GOV",
    "government": "GOV",
    "administration": "GOV",
    "embassy": "GOV",
    "army": "MIL",
    "forces": "MIL",
    "force": "MIL",
    "navy": "MIL",
    "guard": "MIL",
    "fleet": "MIL",
    "guards": "MIL",
    "corps": "MIL",
    "brigade": "MIL",
    "command": "MIL",
    "police": "COP",
    "court": "JUD",
    "tribunal": "JUD",
    "party": "PTY",
    "front": "REB",
    "movement": None,
    "foundation": "NGO",
    "fund": "NGO",
    "charity": "NGO",
    "institute": "EDU",
    "university": "EDU",
    "college": "EDU",
    "school": "EDU",
    "hospital": None,
    "church": "REL",
    "bank": "BUS",
    "airline": "BUS",
    "airlines": "BUS",
    "airways": "BUS",
    "company": "BUS",
    "corporation": "BUS",
    "corp": "BUS",
    "inc": "BUS",
    "ltd": "BUS",
    "group": None,
    "news": "MED",
    "times": "MED",
    "post": "MED",
    "radio": "MED",
    "television": "MED",
    "tv": "MED",
    "press": "MED",
    "journal": "MED",
    "herald": "MED",
    "tribune": "MED",
    "gazette": "MED",
    "daily": "MED",
}
DETS = {
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "some",
    "many",
    "both",
}
GOV_HEADS = {
    "government",
    "regime",
    "administration",
    "authority",
    "official",
    "leader",
    "leadership",
    "cabinet",
    "state",
    "government source",
}
PLACE_WORDS = {
    "avenue",
    "street",
    "square",
    "road",
    "boulevard",
    "bridge",
    "airport",
    "station",
    "park",
    "stadium",
    "lane",
    "highway",
    "prospekt",
    "plaza",
    "district",
    "province",
}
PROTEST_GROUPS = {"protester", "protestor", "demonstrator", "activist", "striker"}
NO_COUNTRY_GROUPS = {"coalition", "ally", "family", "associate", "supporter"}
TITLE_LEAD = {
    "new",
    "newly",
    "elected",
    "designate",
    "appointed",
    "former",
    "acting",
    "interim",
    "caretaker",
    "then",
    "deputy",
    "vice",
    "outgoing",
    "incoming",
    "late",
    "ex",
    "top",
    "senior",
    "chief",
    "foreign",
    "defense",
    "defence",
    "interior",
    "finance",
    "justice",
    "health",
    "opposition",
    "state",
    "general",
    "prime",
    "first",
    "second",
    "assistant",
    "associate",
    "special",
    "de",
    "facto",
}


# ---------------------------------------------------------------------------
# Working structures


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


@dataclass
class Role:
    """What a title or an apposition says about its actor."""

    country: str | None = None
    sector: str | None = None
    title: str | None = None
    agent: str | None = None  # the matched agent phrase ("defense secretary")
    possessor: Any = None
    country_conf: float = 1.0
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
    types: set[str] = field(default_factory=set)
    surfaces: Counter = field(default_factory=Counter)
    female: bool | None = None
    variants: set[str] = field(default_factory=set)  # spellings known from elsewhere

    def add(self, start: int, end: int, text: str, kind: str = "name") -> None:
        if any(m.start == start and m.end == end for m in self.mentions):
            return
        self.mentions.append(Mention(start, end, text, kind))
        if kind in ("name", "alias"):
            self.surfaces[text] += 1

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=10**9)


def _clean_span(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    while s < e and doc[s].lower_ in ("the", "a", "an"):
        s += 1
    for i in range(s, e):  # "World Health Organization (WHO": an unclosed bracket
        if doc[i].text == "(" and not any(doc[j].text == ")" for j in range(i, e)):
            e = i
            break
    while e > s and (
        doc[e - 1].tag_ == "POS"
        or doc[e - 1].text in ("'s", "’s", "'", "’")
        or doc[e - 1].is_punct
        or doc[e - 1].lower_ in ("of", "and", "the", "for", "in")
    ):
        e -= 1
    return s, e


def _root(tok: Token) -> Token:
    """Climb conjunctions and appositions to the phrase whose role counts."""
    seen = 0
    while tok.dep_ in ("conj", "appos") and tok.head is not tok and seen < 6:
        tok = tok.head
        seen += 1
    return tok


def slot(span: Span) -> str:
    """The syntactic slot of a mention: subj, obj, poss, mod, loc, prep:<p>, other."""
    tok = _root(span.root)
    dep = tok.dep_
    if dep in SUBJ:
        return "subj"
    if dep in OBJ:
        return "obj"
    if dep == "poss":
        return "poss"
    if dep == "pobj":
        prep = tok.head.lower_
        if prep == "by":
            return "subj"
        if prep in LOCATIVE and prep not in ("to",):
            return "loc"
        if prep == "to":
            h = tok.head.head
            if h.lemma_.lower() in SPEECH_VERBS | TRANSFER_WORDS:
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


# ---------------------------------------------------------------------------
# The stage


def run(doc: Doc, rec: Record, ctx: Any) -> None:
    """Resolve every actor mention in ``doc`` onto ``rec.actors``."""
    _Article(doc, rec, ctx).resolve()


class _Article:
    def __init__(self, doc: Doc, rec: Record, ctx: Any):
        self.doc = doc
        self.rec = rec
        self.ctx = ctx
        self.text = doc.text
        self.works: dict[tuple, Work] = {}
        self.tok_owner: dict[int, Work] = {}  # token index -> actor of a name there
        self.title_toks: set[int] = set()  # tokens inside a person's title or apposition
        self.quotes = _quote_spans(self.text)
        self.main: str | None = None
        self.main_conf = 0.6
        self.persons: list[Work] = []
        self.doc_surnames: set[str] = set()
        self.inner: list[Cand] = []
        self.head_end = _headline_end(self.text, rec.title)
        self.toks: list[Token] = [t for t in doc if t.idx >= self.head_end]
        self._minfo: dict[tuple[int, int], tuple[int, bool, bool]] = {}
        self._sent_starts: list[int] | None = None

    # -- helpers -------------------------------------------------------------

    def work(self, key: tuple, kind: str, name: str, **kw: Any) -> Work:
        w = self.works.get(key)
        if w is None:
            w = Work(key=key, kind=kind, name=name, **kw)
            self.works[key] = w
        return w

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quotes)

    # -- 1. candidates -------------------------------------------------------

    def candidates(self) -> list[Cand]:
        doc = self.doc
        ents: list[Cand] = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
                continue
            if ent.start_char < self.head_end:
                continue  # a headline repeated at the top of the text
            s, e = _clean_span(doc, ent.start, ent.end)
            if s >= e:
                continue
            ents.extend(self._split_of(Cand(s, e, ent.label_)))
        ents.extend(self._untagged_orgs(ents))
        ents.extend(self._known_names(ents))
        ents.extend(self._user_names(ents))
        by_tok: dict[int, Cand] = {}
        for c in ents:
            for i in range(c.start, c.end):
                by_tok[i] = c
        out = list(ents)
        for h in gz.hits(doc):
            if doc[h.start].idx < self.head_end:
                continue
            inside = {id(by_tok[i]): by_tok[i] for i in range(h.start, h.end) if i in by_tok}
            if not inside:
                if self._accept_gaz(h):
                    out.append(Cand(h.start, h.end, "GAZ", h))
                continue
            covers = all(c.start >= h.start and c.end <= h.end for c in inside.values())
            if covers:
                for c in inside.values():
                    if c in out:
                        out.remove(c)
                out.append(Cand(h.start, h.end, next(iter(inside.values())).label, h))
            else:
                c = next(iter(inside.values()))
                if len(inside) == 1 and c.start == h.start and c.end == h.end:
                    c.gaz = h
                elif h.kind in ("country", "demonym", "capital", "org"):
                    # inside a longer name ("Federal Aviation Office of Germany")
                    inner = Cand(h.start, h.end, "INNER", h, kind=h.kind, value=h.value)
                    self.inner.append(inner)
        out.sort(key=lambda c: c.start)
        return out

    def _split_of(self, c: Cand) -> list[Cand]:
        """ "Associates of Navalny" tagged ORG: a group noun and the name after "of"."""
        doc = self.doc
        if c.label != "ORG":
            return [c]
        for i in range(c.start + 1, c.end - 1):
            if doc[i].lower_ != "of":
                continue
            head = doc[i - 1]
            a = self.agent_phrase(head)
            if a is None or a[0].role not in ("group", "government"):
                return [c]
            return [Cand(i + 1, c.end, "ORG")]
        return [c]

    def _known_names(self, ents: list[Cand]) -> list[Cand]:
        """Surnames spaCy missed ("Gates said ..."): of a full name in this article, or of
        a person known from earlier articles, the database or the user's file."""
        doc = self.doc
        keys: set[str] = set()
        for c in ents:
            if c.label == "PERSON":
                ws = name_words(doc[c.start : c.end].text)
                if len(ws) >= 2:
                    keys.add(surname_key(" ".join(ws)))
        for m in (learned(self.ctx), user_actors(self.ctx)):
            keys.update(m.by_surname)
        if not keys:
            return []
        taken = {i for c in ents for i in range(c.start, c.end)}
        out = []
        for t in self.toks:
            if t.i in taken or t.pos_ not in ("PROPN", "NOUN") or not t.is_title:
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].pos_ == "PROPN":
                continue  # part of a longer name
            if surname_key(t.text) in keys:
                out.append(Cand(t.i, t.i + 1, "PERSON"))
        return out

    def _user_names(self, ents: list[Cand]) -> list[Cand]:
        """Names from the user's actor file that spaCy did not tag."""
        mem = user_actors(self.ctx)
        if not mem.by_name:
            return []
        path = self.ctx.settings.actors_file

        def make() -> tuple[PhraseMatcher, dict[str, str]]:
            m = PhraseMatcher(self.doc.vocab, attr="ORTH")
            kinds: dict[str, str] = {}
            for ks in mem.by_name.values():
                for k in ks:
                    for n in (k.name, *k.aliases):
                        key = "USER|" + k.kind
                        kinds[key] = k.kind
                        m.add(key, [_make_doc(self.doc, n)])
            return m, kinds

        matcher, kinds = self.ctx.resource(f"user_matcher:{path}:{id(self.doc.vocab)}", make)
        taken = {i for c in ents for i in range(c.start, c.end)}
        out = []
        for mid, s, e in sorted(matcher(self.doc), key=lambda x: (x[1], -x[2])):
            if any(i in taken for i in range(s, e)) or self.doc[s].idx < self.head_end:
                continue
            kind = kinds.get(self.doc.vocab.strings[mid], "org")
            out.append(Cand(s, e, "USER", kind="person" if kind == "person" else "org"))
            taken.update(range(s, e))
        return out

    def _untagged_orgs(self, ents: list[Cand]) -> list[Cand]:
        """Capitalised names ending in an organisation word spaCy missed ("X Foundation")."""
        doc = self.doc
        taken = {i for c in ents for i in range(c.start, c.end)}
        out = []
        for t in self.toks:
            if t.i in taken or not t.is_title or t.lower_ not in ORG_WORDS or t.i == 0:
                continue
            j = t.i - 1
            while (
                j >= 0
                and j not in taken
                and (
                    doc[j].is_title
                    or (doc[j].lower_ in ("of", "for", "and", "the") and doc[j - 1].is_title)
                )
            ):
                j -= 1
            s = j + 1
            while s < t.i and (not doc[s].is_title or doc[s].lower_ in ("the", "a", "an")):
                s += 1
            if t.i - s >= 1:
                out.append(Cand(s, t.i + 1, "ORG"))
                taken.update(range(s, t.i + 1))
        return out

    def _accept_gaz(self, h: gz.GazHit) -> bool:
        """A gazetteer match spaCy did not tag: accept unless it is a lone common word."""
        span = self.doc[h.start : h.end]
        if h.kind in ("country", "demonym") and span[0].is_title or span.text.isupper():
            return True
        if len(span) > 1 or kb.is_acronym(span.text):
            return True
        if h.kind == "capital":
            nxt = self.doc[h.end] if h.end < len(self.doc) else None
            return bool(
                span[0].is_title
                and (
                    span.root.dep_ == "nsubj"  # "Kyiv denied the claim"
                    or nxt is not None
                    and (nxt.lower_ in gz.agent_heads() or nxt.lemma_.lower() in gz.agent_heads())
                )
            )  # "Kyiv police"
        return span[0].is_title and not span[0].is_sent_start

    def type_candidates(self, cands: list[Cand]) -> list[Cand]:
        doc = self.doc
        full_persons = [
            c
            for c in cands
            if c.label == "PERSON" and not c.gaz and len(name_words(c.span(doc).text)) >= 2
        ]
        surnames = {surname_key(c.span(doc).text) for c in full_persons}
        self.doc_surnames = set(surnames)
        for m in (learned(self.ctx), user_actors(self.ctx)):
            surnames.update(m.by_surname)
        org_heads: dict[str, str] = {}
        for c in cands:
            if c.label in ("ORG", "FAC") and c.end - c.start >= 2 and not c.gaz:
                first = doc[c.start]
                if (
                    first.is_title
                    and not first.is_stop
                    and first.lower_ not in gz.agent_words()
                    and not gz.region_country(first.text)
                    and not kb.country_by_any(first.text)
                ):
                    org_heads[first.text] = doc[c.start : c.end].text
        votes: dict[str, Counter] = {}
        for c in cands:
            t = self._type_one(c, surnames, org_heads)
            c.kind = t
            votes.setdefault(_surface_key(c.span(doc).text), Counter())[t] += 1
        # one surface, one type per article (gazetteer and surname decisions are firm)
        for c in cands:
            if c.gaz or c.kind in ("demonym", "capital", "drop"):
                continue
            v = votes[_surface_key(c.span(doc).text)]
            if c.kind == "place" and v["person"] and c.label != "GPE":
                c.kind = "person"
            elif c.kind in ("person", "org", "place"):
                order = {"org": 2, "place": 1, "person": 0}
                best = max(("person", "org", "place"), key=lambda k: (v[k], order[k]))
                if v[best] >= v[c.kind] and best != c.kind:
                    c.kind = best
        return [c for c in cands if c.kind not in ("drop",)]

    def _type_one(self, c: Cand, surnames: set[str], org_heads: dict[str, str]) -> str:
        doc = self.doc
        span = c.span(doc)
        text = span.text
        if c.label == "USER":
            return c.kind  # a name from the user's actor file
        if c.gaz:
            c.value = c.gaz.value
            if (
                c.gaz.kind in ("capital", "country")
                and len(span) == 1
                and surname_key(text) in self.doc_surnames
            ):
                return "person"  # "Amman" after "Sudesh Amman": his surname, not Jordan
            return c.gaz.kind
        words = text.split()
        if not any(ch.isupper() for ch in text):
            return "drop"
        if c.label == "NORP":
            return "drop"
        if c.label == "LOC":
            return "place"
        low = [t.lower_ for t in span]
        agent_w = gz.agent_words()
        if (
            c.label in ("ORG", "GPE")
            and all(w in agent_w for w in low)
            and span.end < len(doc)
            and doc[span.end].lower_ in agent_w
            and doc[span.end].is_title
        ):
            return "drop"  # "Defense" of "Defense Minister"
        if len(words) == 1 and text in org_heads and c.label != "PERSON":
            return "org"
        if c.label == "PERSON" and len(words) == 1 and text in org_heads:
            return "org"
        if (
            surname_key(text) in surnames
            and c.label in ("ORG", "GPE", "PERSON", "FAC")
            and (
                len(words) == 1
                or (len(words) == 2 and words[0].lower() in ("al", "el", "al-", "de", "van", "von"))
                or "-" in text
                and len(words) == 1
            )
        ):
            return "person"
        if (
            c.label in ("ORG", "GPE")
            and len(words) == 1
            and len(text) >= 4
            and surname_key(text) in known_people().by_surname
            and not gz.city_country(text)
        ):
            return "person"  # "Medvedev" tagged GPE: a well-known surname
        if (
            c.label in ("ORG", "GPE", "FAC")
            and len(words) >= 2
            and words[0].lower().rstrip(".") in HONORIFICS
        ):
            return "person"  # "Mr Balls" tagged ORG
        if c.label == "PERSON" and len(words) == 1 and gz.city_country(text):
            return "place"  # "Manchester" tagged PERSON
        if c.label == "ORG" and text in ("UTC", "GMT", "EST", "EDT", "PST", "CET", "BST", "IST"):
            return "drop"  # time zones
        if c.label in ("ORG", "WORK_OF_ART", "EVENT") and words[0].lower() == "operation":
            return "drop"  # "Operation Peace Spring"
        if c.label == "ORG" and all(w.lower() in EVENT_WORDS or w.isdigit() for w in words[-1:]):
            return "drop"  # "General Election", "Hutton Inquiry": events, not actors
        if c.label == "ORG" and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            bare = " ".join(
                w
                for i, w in enumerate(words)
                if i == len(words) - 1 or w.lower() not in gz.agent_words()
            )
            for mem in (user_actors(self.ctx), learned(self.ctx), known_people()):
                k = mem.find(bare, self.rec.published, person=True)
                if k is not None and k.kind == "person":
                    return "person"  # "Uhuru Kenyatta" tagged ORG
        if c.label in ("ORG", "FAC") and self._is_nominal_name(c):
            return "nominal"
        if c.label == "PERSON" and words[-1].lower() in PLACE_WORDS:
            return "place"  # "Karl Marx Avenue"
        if c.label == "PERSON":
            head = _root(span.root)
            if len(words) == 1 and head.dep_ == "nsubj" and head.head.lemma_ == "report":
                return "org"  # "Rudaw reports ...": a news outlet
            return "person"
        if c.label == "ORG" and self._looks_like_titled_person(span):
            return "person"
        if c.label in ("ORG", "FAC") and " in " in f" {text} ":
            first = text.split(" in ")[0]
            if gz.city_country(first) or kb.country_by_name(first):
                return "place"
        if c.label == "GPE":
            if gz.city_country(text):
                return "place"
            return "place"
        if c.label == "FAC":
            return "place"
        if c.label == "ORG" and gz.city_country(text) and len(words) == 1:
            return "place"
        return "org"

    def _is_nominal_name(self, c: Cand) -> bool:
        """An ORG that is an institution of a country ("the Parliament of Iraq",
        "the Syrian Army", "Defense Ministry"): left to the nominal pass."""
        doc = self.doc
        inner = {
            i
            for h in self.inner
            for i in range(h.start, h.end)
            if h.kind in ("country", "demonym") and c.start <= h.start < c.end
        }
        toks = [t for t in doc[c.start : c.end] if t.i not in inner]
        while toks and toks[-1].lower_ == "of":
            toks.pop()
        if len(toks) >= 2 and toks[-1].lower_ == "of":
            toks.pop()
        if toks and toks[-1].i + 1 < c.end and doc[toks[-1].i + 1].lower_ == "of":
            pass
        words = [t.lower_ for t in toks]
        if "of" in words and all(i in inner for i in range(toks[words.index("of")].i + 1, c.end)):
            words = words[: words.index("of")]
        elif "of" in words and words.index("of") >= 1:
            head = " ".join(words[: words.index("of")])
            roles = kb.load().agents.get(head)
            if roles and "body" in roles and head in ("ministry", "department", "office"):
                return True  # "Ministry of Mines"
        if not words:
            return False
        phrase = " ".join(words)
        for cand in (phrase, phrase.rstrip("s")):
            roles = kb.load().agents.get(cand)
            if roles and any(r in roles for r in ("body", "force", "government")):
                return True
        return False

    def _looks_like_titled_person(self, span: Span) -> bool:
        """An ORG-tagged name right after a person's title ("spokesperson, Morgan Ortagus")."""
        if not 2 <= len(span) <= 4 or not all(t.is_title for t in span):
            return False
        if any(t.lower_ in ORG_WORDS or t.lower_ in gz.agent_words() for t in span):
            return False
        # "Nils-Erik Haagenrud, the police's operations manager"
        j = span.end
        if j < len(self.doc) and self.doc[j].text == ",":
            window = self.doc[j + 1 : min(len(self.doc), j + 7)]
            for t in window:
                if t.text in (",", ".", ";"):
                    break
                if gz.title_regex().fullmatch(t.text) and t.tag_ not in ("NNS", "NNPS"):
                    return True
        i = span.start - 1
        if i >= 0 and self.doc[i].text == ",":
            i -= 1
        if i < 0:
            return False
        prev = self.doc[i]
        return bool(gz.title_regex().fullmatch(prev.text)) or (
            span.root.dep_ == "appos" and bool(gz.title_regex().fullmatch(span.root.head.text))
        )

    # -- 2. roles from titles -----------------------------------------------

    def title_prefix(self, start: int) -> tuple[int, int] | None:
        """Token range of a title written right before a name ("U.S. Defense Secretary")."""
        doc = self.doc
        i = start - 1
        toks: list[int] = []
        while i >= 0 and len(toks) < 10:
            t = doc[i]
            low = t.lower_
            if t.text in ("'s", "’s", "'", "’") and toks:
                toks.insert(0, i)
                i -= 1
                continue
            if t.text == "-" and toks:
                toks.insert(0, i)
                i -= 1
                continue
            if t.is_punct or low in ("the", "a", "an", "and", "or", "but", "said", "says"):
                break
            if low in ("of", "to", "for"):
                if toks and i > 0 and doc[i - 1].is_title and doc[i + 1].is_title:
                    toks.insert(0, i)
                    i -= 1
                    continue
                break
            if t.pos_ in ("ADP", "SCONJ", "PRON") and not t.is_title:
                break
            other = self.by_tok.get(i)
            if (
                other is not None
                and other.kind == "person"
                and not (other.end < len(doc) and doc[other.end].text in ("'s", "’s", "'", "’"))
            ):
                break  # another person's name: "Senators Marco Rubio of Florida, Mike Lee"
            if t.is_title or t.is_upper or low in gz.agent_words() or low in TITLE_LEAD:
                if t.pos_ in ("VERB", "AUX") and not t.is_title:
                    break
                if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
                    break
                toks.insert(0, i)
                i -= 1
                continue
            break
        while toks and doc[toks[-1]].lower_.rstrip(".") in HONORIFICS:
            toks.pop()  # "NAO head Sir John Bourn": "Sir" is no part of the title
        # trim words that only happen to be capitalised ("Both President ...")
        while (
            toks
            and not self._title_anchor(toks[0])
            and (doc[toks[0]].is_sent_start or doc[toks[0]].is_lower or doc[toks[0]].is_punct)
        ):
            toks.pop(0)
        if not toks:
            return None
        return toks[0], toks[-1] + 1

    def _role_range_ok(self, s: int, e: int) -> bool:
        """A title or apposition: no other person in it, and its head is a title word
        ("the caretaker Prime Minister", "Ambassador to Germany", not "lawyers for ...")."""
        doc = self.doc
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
            c = self.by_tok.get(i)
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
        return bool((last is not None and titled(last)) or (head is not None and titled(head)))

    def _title_anchor(self, i: int) -> bool:
        t = self.doc[i]
        c = self.by_tok.get(i)
        if c is not None and c.kind in ("country", "demonym", "capital", "org", "person"):
            return True
        return t.lower_ in gz.agent_words() or t.lower_ in TITLE_LEAD

    def parse_role(self, s: int, e: int, by_tok: dict[int, Cand]) -> Role | None:
        """Country, sector and title from tokens ``[s, e)`` of a title or apposition."""
        doc = self.doc
        if s >= e:
            return None
        span = doc[s:e]
        txt = span.text
        ms = list(gz.title_regex().finditer(txt))
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
        # what is in the title: countries, organisations, a possessor
        cut = s  # title text starts after leading countries / possessors
        org_country = org_sector = None
        seen: set[int] = set()
        for i in range(s, e):
            c = by_tok.get(i)
            if c is None or id(c) in seen:
                continue
            seen.add(id(c))
            prev = doc[c.start - 1].lower_ if c.start > s else ""
            nxt = doc[c.end].text if c.end < len(doc) else ""
            if nxt in ("'s", "’s", "'", "’") and c.end < e:
                w = self.tok_owner.get(c.start)
                if c.kind == "person" and w is not None:
                    role.possessor = w
                elif c.kind in ("country", "demonym", "capital") and c.value:
                    role.country = role.country or c.value
                elif c.kind == "org":
                    role.possessor = self.org_work(c)
                if c.end + 1 <= e and c.start <= cut:
                    cut = max(cut, c.end + 1)  # a leading possessor is no part of the title
                continue
            if c.kind in ("country", "demonym") and c.value and prev not in ("to", "in", "for"):
                if role.country is None:
                    role.country = c.value
                if c.start == cut:
                    cut = c.end
            elif c.kind == "org":
                o = kb.org_by_name(c.value or c.span(doc).text)
                if o is not None:
                    org_country = org_country or o.country
                    org_sector = org_sector or o.sector
                else:
                    w = self.org_work(c)
                    org_country = org_country or w.country
                    org_sector = org_sector or w.sector
        if role.country is None:
            for i in range(s, e):
                t = doc[i]
                if not t.is_title or (i > s and doc[i - 1].lower_ in ("to", "in", "for")):
                    continue
                city = t.ent_type_ == "GPE"
                cc = gz.region_country(t.text, city) or (
                    gz.region_country(f"{t.text} {doc[i + 1].text}", city) if i + 1 < e else None
                )
                if cc:
                    role.country = cc
                    break
        poss = role.possessor
        if poss is not None:
            role.country = role.country or poss.country
            if role.sector is None:
                role.sector = poss.sector
        if org_country:
            role.country = role.country or org_country
            if role.sector is None or (org_country == "IGO" and role.sector == "GOV"):
                role.sector = (
                    org_sector if org_sector != "IGO" or org_country == "IGO" else role.sector
                )
        if role.sector is None and role.country and role.country != "IGO":
            role.sector = (
                "GOV"
                if a.phrase
                in (
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
                else None
            )
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
        title_txt = doc[cut:e].text.strip(" ,'’") if cut < e else m.group(0)
        role.title = title_txt or m.group(0)
        return role

    def apposition(self, c: Cand) -> tuple[int, int] | None:
        """Token range of an apposition naming the person's role, before or after the name."""
        doc = self.doc
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
            while k < len(doc) and k < j + 8 and doc[k].text not in (",", ".", ";", "—", "("):
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
            if toks:
                return min(toks), max(toks) + 1
        if span.start >= 2 and doc[span.start - 1].text == ",":
            k = span.start - 1
            j = k - 1
            while (
                j >= 0
                and j > k - 9
                and doc[j].text not in (",", ".", ";", "\n")
                and doc[j].lower_ not in ("the", "a", "an")
            ):
                if doc[j].pos_ in ("VERB", "AUX"):
                    break
                j -= 1
            j += 1
            if (
                j < k
                and gz.title_regex().search(doc[j:k].text)
                and gz.title_regex().search(doc[k - 1].text)
            ):
                return j, k
        return None

    # -- 3. building actors --------------------------------------------------

    def org_work(self, c: Cand) -> Work:
        doc = self.doc
        text = c.span(doc).text
        o = kb.org_by_name(c.value or text) if (c.gaz or c.value) else kb.org_by_name(text)
        if o is not None:
            w = self.work(("org", o.name), "org", o.name, country=o.country, sector=o.sector)
            w.types.update(o.types)
        else:
            key = _org_key(text)
            # an acronym in brackets after a name, or the first word of a longer name
            alias_of = self._org_alias_target(c)
            if alias_of is not None:
                w = alias_of
            else:
                w = self.work(("org", key), "org", text)
        for i in range(c.start, c.end):
            self.tok_owner[i] = w
        return w

    def _org_alias_target(self, c: Cand) -> Work | None:
        doc = self.doc
        text = c.span(doc).text
        for w in self.works.values():
            if w.kind != "org":
                continue
            if text in w.surfaces or text == w.name:
                return w
            words = w.name.split()
            if len(words) >= 2 and text == words[0] and not _is_place_name(text):
                return w
            if kb.is_acronym(text) and _acronym(w.name) == text.replace(".", ""):
                return w
        # "Syrian Democratic Forces (SDF)": the bracketed acronym of the name before it
        if c.start >= 2 and doc[c.start - 1].text == "(" and kb.is_acronym(text):
            prev = self.tok_owner.get(c.start - 2)
            if prev is not None and prev.kind == "org":
                return prev
        return None

    def build(self) -> None:
        doc = self.doc
        cands = self.type_candidates(self.candidates())
        by_tok: dict[int, Cand] = {}
        for c in cands:
            for i in range(c.start, c.end):
                by_tok[i] = c
        for c in self.inner:  # the innermost name wins for lookups
            for i in range(c.start, c.end):
                by_tok[i] = c
        self.by_tok = by_tok
        # persons: full names first (in order), then single names
        persons = [c for c in cands if c.kind == "person"]
        for c in sorted(persons, key=lambda c: (len(name_words(c.span(doc).text)) < 2, c.start)):
            self.person(c)
        # where titles and appositions are (their names do not make actors by themselves)
        self.role_ranges: dict[int, list[tuple[int, int]]] = {}
        for c in persons:
            rs = [r for r in (self.title_prefix(c.start), self.apposition(c)) if r]
            rs = [r for r in rs if self._role_range_ok(*r)]
            self.role_ranges[c.start] = rs
            for s, e in rs:
                self.title_toks.update(range(s, e))
        # organisations: longer names first, so "Mahan" finds "Mahan Air"
        orgs = [c for c in cands if c.kind == "org"]
        orgs.sort(key=lambda c: (-(c.end - c.start), c.start))
        late = []
        for c in orgs:
            if c.start in self.title_toks:
                late.append(c)
                continue
            self.org_mention(c)
        for c in late:  # inside a title: only a mention of an organisation already here
            w = self.org_work(c)
            if w.mentions:
                self.org_mention(c)
        for c in orgs:
            self.org_context(c)
        self.merge_parent_orgs()
        # roles of persons (after orgs, so "Mahan's director" finds Mahan Air)
        for c in sorted(persons, key=lambda c: c.start):
            self.person_role(c)
        self.main_country(cands)
        # countries, demonyms, capitals
        for c in cands:
            if c.kind in ("country", "demonym", "capital"):
                self.country_mention(c)
        self.finish_persons()
        self.nominals()
        self.unnamed_titles()
        self.finish_orgs()
        self.coreference()

    def org_mention(self, c: Cand) -> None:
        w = self.org_work(c)
        sp = c.span(self.doc)
        w.add(
            sp.start_char,
            sp.end_char,
            sp.text,
            "alias" if kb.is_acronym(sp.text) and sp.text != w.name else "name",
        )

    def merge_parent_orgs(self) -> None:
        """ "UN" and "UN Security Council" in one article: the bare parent is the body."""
        orgs = [w for w in self.works.values() if w.kind == "org" and w.key[0] == "org"]
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
                    for i, o in list(self.tok_owner.items()):
                        if o is parent:
                            self.tok_owner[i] = child
                    parent.mentions.clear()
                    break

    def person(self, c: Cand) -> None:
        doc = self.doc
        sp = c.span(doc)
        text = sp.text
        w = None
        if len(name_words(text)) >= 2:
            for p in self.persons:
                if same_person_name(p.name, text):
                    w = p
                    if len(text) > len(p.name):
                        p.name = text
                    break
        else:
            key = surname_key(text)
            best = None
            for p in self.persons:
                if surname_key(p.name) == key:
                    last = max((m.start for m in p.mentions if m.start < sp.start_char), default=-1)
                    if best is None or last > best[0]:
                        best = (last, p)
            if best:
                w = best[1]
            elif fold(text) in FAMILY_FIRST:
                # "Li" after "Li Wenliang": Chinese and Korean names put the family name first
                same = [p for p in self.persons if fold(name_words(p.name)[0]) == fold(text)]
                if len(same) == 1:
                    w = same[0]
        if w is None:
            w = self.work(("person", text), "person", text)
            w.female = _gender(text)
            self.persons.append(w)
        kind = "name" if fold(text) == fold(w.name) or len(name_words(text)) >= 2 else "alias"
        w.add(sp.start_char, sp.end_char, text, kind)
        for i in range(c.start, c.end):
            self.tok_owner[i] = w

    def person_role(self, c: Cand) -> None:
        w = self.tok_owner.get(c.start)
        if w is None or w.kind != "person":
            return
        pre = self.title_prefix(c.start)
        ranges = self.role_ranges.get(c.start, [])
        for s, e in ranges:
            role = self.parse_role(s, e, self.by_tok)
            if role is None:
                if (s, e) == pre and e == c.start:
                    # a bare demonym or country before a name: "Russian Alexei Navalny"
                    last = self.by_tok.get(e - 1)
                    if last is not None and last.kind == "demonym" and w.country is None:
                        w.country = last.value
                continue
            self.title_toks.update(range(s, e))
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

    def org_context(self, c: Cand) -> None:
        """Country and sector of an organisation from its name and the words around it."""
        doc = self.doc
        w = self.tok_owner.get(c.start)
        if w is None or w.kind != "org":
            return
        sp = c.span(doc)
        # inside the name: "Federal Aviation Office of Germany", "Iraqi Parliament"
        for i in range(sp.start, sp.end):
            d = self.by_tok.get(i)
            if (
                d is not None
                and d is not c
                and d.kind in ("country", "demonym")
                and w.country is None
            ):
                w.country = d.value
        words = [t.lower_ for t in sp]
        if w.sector is None:
            for t in reversed(words):
                if t in ORG_WORDS and ORG_WORDS[t]:
                    w.sector = ORG_WORDS[t]
                    break
        # before the name: "Iranian airline Mahan Air"
        j = sp.start - 1
        while j >= 0 and j >= sp.start - 4:
            t = doc[j]
            if t.is_punct or t.lower_ in ("the", "a", "an"):
                break
            d = self.by_tok.get(j)
            if d is not None and d.kind in ("country", "demonym"):
                w.country = w.country or d.value
            elif t.pos_ in ("NOUN",) and t.is_lower:
                a = kb.agent(t.lemma_.lower()) or kb.agent(t.lower_)
                if a is not None:
                    w.types.add(t.lower_)
                    w.sector = w.sector or a.sector
                else:
                    break
            elif d is None:
                break
            j -= 1
        # after: "Mahan Air of Iran", "Charité in Berlin", "X, a Berlin-based non-profit"
        k = sp.end
        if k + 1 < len(doc) and doc[k].lower_ in ("of", "in") and w.country is None:
            d = self.by_tok.get(k + 1)
            if d is not None and d.kind in ("country", "capital") and d.value:
                w.country = d.value
            elif doc[k + 1].is_title:
                cc = gz.city_country(doc[k + 1].text)
                if cc:
                    w.country = cc
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
        if app is not None:
            for t in app_toks:
                if "-based" in t.text or (
                    t.i + 2 < len(doc)
                    and doc[t.i + 1].text == "-"
                    and doc[t.i + 2].lower_ == "based"
                ):
                    cc = gz.city_country(t.text.split("-")[0]) or _country_of(t.text.split("-")[0])
                    if cc and w.country is None:
                        w.country = cc
                d = self.by_tok.get(t.i)
                if d is not None and d.kind in ("country", "demonym") and w.country is None:
                    w.country = d.value
            a = kb.agent(app.lemma_.lower()) or kb.agent(app.lower_)
            if a is not None:
                w.types.add(app.lower_)
                if w.sector is None:
                    w.sector = a.sector
        # "German firms including Deutsche Bahn, ...": members take the group's country and sector
        head = _root(sp.root)
        if head.dep_ == "pobj" and head.head.lower_ in ("including", "as", "like"):
            grp = head.head.head
            if grp.lower_ == "such":
                grp = grp.head
            if grp.pos_ == "NOUN":
                a = kb.agent(grp.lemma_.lower())
                if a is not None and w.sector is None:
                    w.sector = a.sector
                for ch in grp.children:
                    d = self.by_tok.get(ch.i)
                    if d is not None and d.kind in ("country", "demonym") and w.country is None:
                        w.country = d.value
        # "Rudaw reports ...": a name that reports is news media
        if w.sector is None and head.dep_ == "nsubj" and head.head.lemma_ == "report":
            w.sector = "MED"
        w.acting = True

    def main_country(self, cands: list[Cand]) -> None:
        """The country the article is about: what a title without a country defaults to.

        Countries score by how they are mentioned: as a subject or with institutions of
        theirs (2-3), as a demonym or a place (1); the lead paragraph counts double, the
        publisher's home country adds 4.
        """
        score: Counter = Counter()
        lead_end = self.text.find("\n\n")
        lead_end = lead_end if 0 < lead_end < len(self.text) // 2 else 0
        for c in [*cands, *self.inner]:
            if c.kind not in ("country", "demonym", "capital") or not c.value or c.value == "IGO":
                continue
            sp = c.span(self.doc)
            sl = slot(sp)
            pts = 1 if sl == "loc" or c.kind == "capital" or c.label == "INNER" else 2
            if c.kind == "demonym" or c.label == "INNER":
                head = sp.root.head
                if self.agent_phrase(head) is not None:
                    pts = 3 if sp.start not in self.title_toks else 1
            elif sl == "subj":
                pts = 3
            if sp.start_char < lead_end:
                pts *= 2
            score[c.value] += pts
        # organisations and persons whose country the text or our files give
        for w in self.works.values():
            if w.kind not in ("org", "person") or not w.mentions:
                continue
            iso = w.country
            if iso is None and w.kind == "person":
                k = known_people().find(w.name, self.rec.published, person=True)
                iso = k.country if k is not None and same_person_name(k.name, w.name) else None
            if iso and iso != "IGO":
                score[iso] += 1
        if self.rec.title:  # the headline names what the story is about
            tdoc = _make_doc(self.doc, self.rec.title)
            first = True
            for h in gz.hits(tdoc):
                if h.kind in ("country", "demonym", "capital") and h.value != "IGO":
                    score[h.value] += 6 if first else 3  # the headline's first country leads
                    first = False
        pub = self.rec.publisher
        if pub:
            o = kb.org_by_name(pub)
            if o is not None and o.country and o.country != "IGO":
                score[o.country] += 4
        if score:
            ranked = score.most_common(2) + [(None, 0)]
            self.main = ranked[0][0]
            top, second = ranked[0][1], ranked[1][1]
            self.main_conf = 0.7 if top >= 2 * max(second, 1) else 0.5

    def country_mention(self, c: Cand) -> None:
        doc = self.doc
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
        w = self.work(("country", iso), "country", name, country=iso, sector="GOV")
        kind = {"country": "name", "demonym": "demonym", "capital": "capital"}[c.kind]
        in_title = sp.start in self.title_toks
        sl = slot(sp)
        if c.kind == "capital":
            if sl != "subj" or in_title:
                return
            w.acting = True
        elif not in_title and (
            sl in ("subj", "obj", "poss", "root", "mod") or sl.startswith("prep:")
        ):
            head = _root(sp.root).head
            if sl in ("mod", "poss") and self.agent_phrase(head) is not None:
                pass  # "U.S. troops", "France's Foreign Ministry": the noun acts, see nominals
            elif sl in ("prep:including", "prep:as", "prep:like"):
                pass  # examples in a list ("destinations including Spain")
            else:
                w.acting = True
        w.add(sp.start_char, sp.end_char, sp.text, kind)
        for i in range(c.start, c.end):
            self.tok_owner.setdefault(i, w)

    # -- 4. nominal actors: governments, forces, bodies, groups ----------------

    def nominals(self) -> None:
        for t in self.toks:
            if t.pos_ not in ("NOUN", "PROPN"):
                continue
            if t.i in self.title_toks:
                continue
            owner = self.tok_owner.get(t.i)
            if owner is not None:
                continue
            # the head of a noun phrase only
            if (
                t.dep_ in ("compound", "amod")
                and t.head.pos_ in ("NOUN", "PROPN")
                and t.head.i > t.i
            ):
                continue
            self.nominal(t)

    def title_phrase(self, t: Token) -> tuple[kb.Agent, int] | None:
        """The longest title ("prime minister", "spokesman") ending at ``t``."""
        doc = self.doc
        low = t.lower_
        sing = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
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

    def unnamed_titles(self) -> None:
        """A title acting without a name ("Putin's spokesman said", "the Mongolian President
        said"): the person holding it in this article, or an actor of its own."""
        doc = self.doc
        for t in self.toks:
            if t.pos_ not in ("NOUN", "PROPN") or t.i in self.title_toks or self.tok_owner.get(t.i):
                continue
            if t.dep_ in ("compound", "amod") and t.head.i > t.i:
                continue
            if (
                t.i + 1 < len(doc)
                and self.by_tok.get(t.i + 1) is not None
                and self.by_tok[t.i + 1].kind == "person"
            ):
                continue
            found = self.title_phrase(t)
            if found is None or _root(t).dep_ != "nsubj" or t.tag_ in ("NNS", "NNPS"):
                continue
            a, s = found
            country = None
            possessor: Work | None = None
            start = s
            j = s - 1
            while j >= 0 and j >= s - 5:
                tok = doc[j]
                if tok.tag_ == "POS":
                    j -= 1
                    continue
                c = self.by_tok.get(j)
                ow = self.tok_owner.get(j)
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
            if country is None and possessor is None:
                continue
            sector = a.sector or (possessor.sector if possessor is not None else None)
            if sector is None and country and country != "IGO":
                sector = "GOV"
            end_char = t.idx + len(t.text)
            surface = self.text[doc[start].idx : end_char]
            holders = [
                w
                for w in self.persons
                if w.country == country
                and (w.agent == a.phrase or _title_agent(w.title) == a.phrase)
            ]
            if len(holders) == 1:
                holders[0].add(doc[start].idx, end_char, surface, "title")
                continue
            if holders:
                continue
            w = self.work(
                ("title", country, a.phrase, id(possessor)),
                "person",
                surface,
                country=country,
                sector=sector,
            )
            w.title = self.text[doc[s].idx : end_char]
            w.agent = a.phrase
            w.confidence = 0.9
            w.add(doc[start].idx, end_char, surface, "title")
            self.tok_owner[t.i] = w

    def agent_phrase(self, t: Token) -> tuple[kb.Agent, int] | None:
        """The longest agent phrase ending at ``t`` (lemmas), and its first token."""
        low = t.lower_
        heads = gz.agent_heads()
        if (
            t.lemma_.lower() not in heads
            and low not in heads
            and not (low.endswith("s") and low[:-1] in heads)
        ):
            return None
        doc = self.doc
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

    def nominal(self, t: Token) -> None:
        doc = self.doc
        found = self.agent_phrase(t)
        if found is None:
            return
        a, s = found
        root = _root(t)
        if root.dep_ in ("attr", "acomp", "oprd") or t.dep_ == "appos":
            return  # "YPG is the main fighting force": a description, not a mention
        # the whole noun phrase, from its left edge
        left = s
        for x in t.lefts:
            if x.i < left and x.dep_ in (
                "amod",
                "compound",
                "nmod",
                "poss",
                "det",
                "nummod",
                "advmod",
            ):
                left = min(left, x.left_edge.i)
        for i in range(left, s):
            if doc[i].is_space or "\n" in doc[i].text or doc[i].is_sent_start and i > left:
                left = i + 1  # never across a line or sentence break
            elif doc[i].pos_ == "AUX" or (
                doc[i].pos_ == "VERB"
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[i].children)
            ):
                left = i + 1  # a clause the parser hung on the noun
        while left < s and (doc[left].is_punct or doc[left].pos_ == "CCONJ"):
            left += 1
        while left < s and doc[left].is_punct:
            left += 1
        mods = [doc[i] for i in range(left, s)]
        if s >= 2 and doc[s - 1].text == ")":  # "ISIS (Islamic State ...) fighters"
            j = s - 2
            while j > 0 and doc[j].text != "(" and s - j < 12:
                j -= 1
            if j > 0 and doc[j].text == "(":
                mods = [doc[j - 1]]
        country = None
        possessor: Work | None = None
        org_mod: Work | None = None
        other_mod = False
        countries: list[tuple[Token, str]] = []
        for m in mods:
            d = self.by_tok.get(m.i)
            if d is not None and d.kind in ("country", "demonym", "capital") and d.value:
                country = country or d.value
                if not countries or countries[-1][1] != d.value:
                    countries.append((m, d.value))
                continue
            ow = self.tok_owner.get(m.i)
            if m.dep_ == "poss" or (m.i + 1 < len(doc) and doc[m.i + 1].tag_ == "POS"):
                if ow is not None:
                    possessor = ow
                    if ow.kind == "country":
                        country = country or ow.country
                    continue
                if m.lower_ in ("his", "her"):
                    possessor = self.pronoun_target(m)
                    continue
                if m.lower_ in ("its", "their"):
                    continue
            if ow is not None and ow.kind == "org":
                org_mod = ow
                continue
            if m.lower_ in (
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
            ) or m.pos_ in ("DET", "NUM", "CCONJ", "PUNCT", "PART"):
                continue
            if m.pos_ in ("ADJ", "ADV") and m.is_lower:
                continue
            if m.ent_type_ in ("DATE", "CARDINAL", "ORDINAL", "TIME"):
                continue
            other_mod = True
        # "of X" / "in X" after the noun
        for ch in t.rights:
            if ch.dep_ == "prep" and ch.lower_ in ("of", "in"):
                for p in ch.children:
                    if p.dep_ != "pobj":
                        continue
                    d = self.by_tok.get(p.i)
                    ow = self.tok_owner.get(p.i)
                    if (
                        ch.lower_ == "of"
                        and ow is not None
                        and ow.kind in ("person", "org")
                        and possessor is None
                    ):
                        possessor = ow
                        country = country or ow.country
                    elif (
                        d is not None
                        and d.kind in ("country", "capital")
                        and d.value
                        and (ch.lower_ == "of" or a.role != "force")
                    ):
                        country = country or d.value
                    elif ch.lower_ == "in" and a.role != "force" and p.is_title:
                        cc = gz.city_country(p.text)
                        if cc:
                            country = country or cc
        sl = slot(doc[t.i : t.i + 1])
        start_tok = left
        while start_tok < t.i and doc[start_tok].lower_ in DETS:
            start_tok += 1
        np_start = doc[start_tok].idx
        np_end = t.idx + len(t.text)
        surface = self.text[np_start:np_end]
        # named members ("German firms including X") carry the group: no actor for it
        if any(
            ch.lower_ in ("including", "such") or (ch.dep_ == "prep" and ch.lower_ == "like")
            for ch in t.rights
        ):
            return
        acting = sl in ("subj", "obj", "poss") or sl.startswith("prep:")
        if len({iso for _, iso in countries}) > 1 and a.role in ("government", "force", "group"):
            # "U.S. and Russian negotiators", "Hungarian and Romanian officials": one each
            for m, iso in countries:
                self.coordinated(a, t, m, iso, acting)
            return
        if (
            a.role == "government"
            and not other_mod
            and org_mod is None
            and (possessor is None or possessor.kind == "country")
        ):
            bare = country is None
            if bare and t.lower_ in ("governments", "regimes", "administrations"):
                return  # "Governments" in general
            if bare and not (
                t.tag_ == "NNS"
                or (
                    doc[left].lower_ == "the"
                    and t.lemma_.lower() in ("government", "regime", "administration")
                )
            ):
                return
            iso = country
            conf = 1.0
            if iso is None:
                main = self.works.get(("country", self.main))
                if main is None or not main.acting or not acting:
                    return  # "officials" stand for the article's country only if it acts
                iso, conf = self.main, self.main_conf
            c_obj = kb.country(iso)
            w = self.work(
                ("country", iso), "country", c_obj.name if c_obj else iso, country=iso, sector="GOV"
            )
            if conf < 1 and not w.mentions:
                w.confidence = conf
            if acting or not bare:
                w.acting = True  # "the Haitian government" is an actor in any slot
            w.add(np_start, np_end, surface, "nominal")
            return
        if org_mod is not None and a.role in ("group", "force", "government"):
            org_mod.add(np_start, np_end, surface, "nominal")  # "ISIS fighters"
            return
        if a.role == "government":
            # "rebel leaders", "opposition leaders": the modifier's title gives the sector
            lead = kb.agent(f"{doc[t.i - 1].lower_} {t.lemma_.lower()}", "title") if t.i else None
            a = kb.agent(a.phrase, "group") or kb.Agent(
                a.phrase, lead.sector if lead else None, "group", a.phrase
            )
        if a.role == "force":
            self.force(t, a, country, other_mod, sl, np_start, np_end, surface)
            return
        if a.role == "body":
            # the institution's own title: without the country, with "of <field>"
            ft = start_tok
            while ft < t.i and (
                doc[ft].lower_ in DETS
                or (doc[ft].pos_ == "ADJ" and doc[ft].is_lower)
                or doc[ft].tag_ == "POS"
                or doc[ft + 1].tag_ == "POS"
                or (
                    self.by_tok.get(ft) is not None
                    and self.by_tok[ft].kind in ("country", "demonym", "capital")
                )
            ):
                ft += 1
            end = np_end
            for ch in t.rights:
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    pobj = [p for p in ch.children if p.dep_ == "pobj"]
                    inner = self.by_tok.get(pobj[0].i) if pobj else None
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
            title = self.text[doc[ft].idx : end]
            a = kb.agent(re.sub(r"\s+", " ", title.lower()), "body") or a  # "Ministry of Defense"
            self.body(a, country, possessor, np_start, end, self.text[np_start:end], title)
            return
        # groups act: active subjects; objects only when they are somebody's and no
        # bystanders ("Rwandan rebels" yes, "reporters" or "civilians" no)
        subject = root.dep_ == "nsubj" or (root.dep_ == "pobj" and root.head.lower_ == "by")
        qualified = country is not None or possessor is not None
        if not subject and not (
            qualified and a.sector not in (None, "CVL") and (sl == "obj" or sl.startswith("prep:"))
        ):
            return
        # "the airline", "the alliance", "the coalition": an organisation named before
        target = self.type_target(t)
        if target is not None and country is None:
            target.add(np_start, np_end, surface, "nominal")
            return
        iso = country or (possessor.country if possessor is not None else None)
        conf = 1.0
        if iso is None and possessor is None and a.phrase not in NO_COUNTRY_GROUPS:
            # an unqualified group ("residents", "workers") is too vague to be an actor,
            # except the usual parties to conflict and protest
            if a.sector not in ("REB", "OPP", "MIL", "COP") and a.phrase not in PROTEST_GROUPS:
                return
            iso, conf = self.main, self.main_conf * 0.8
        sector = a.sector or (possessor.sector if possessor is not None else None)
        if possessor is not None and possessor.kind == "person":
            name = f"{surname(possessor.name)}'s {t.text if t.is_lower else t.lower_}"
        else:
            name = _strip_det(surface)
        key = ("group", a.phrase, iso, id(possessor) if possessor is not None else None)
        w = self.work(key, "group", name, country=iso, sector=sector)
        if conf < 1 and not w.mentions:
            w.confidence = conf
        w.acting = True
        w.add(np_start, np_end, surface, "nominal")
        # "Hospital officials in Omsk": keep the place in the name
        for ch in t.rights:
            if ch.dep_ == "prep" and ch.lower_ == "in" and any(p.is_title for p in ch.children):
                end = max(x.i for x in ch.subtree) + 1
                if len(w.mentions) == 1:
                    w.name = _strip_det(
                        self.text[np_start : doc[end - 1].idx + len(doc[end - 1].text)]
                    )

    def coordinated(self, a: kb.Agent, t: Token, m: Token, iso: str, acting: bool) -> None:
        """One of several countries sharing a noun: the demonym is its mention."""
        start, end = m.idx, m.idx + len(m.text)
        if a.role == "government":
            c_obj = kb.country(iso)
            w = self.work(
                ("country", iso), "country", c_obj.name if c_obj else iso, country=iso, sector="GOV"
            )
            w.acting = w.acting or acting
        elif a.role == "force":
            w = self.works.get(("force", iso)) or self.work(
                ("force", iso),
                "group",
                f"{_demonym(iso) or m.text} {t.text}",
                country=iso,
                sector=a.sector or "MIL",
            )
            w.acting = True
        else:
            if _root(t).dep_ != "nsubj":
                return
            w = self.work(
                ("group", a.phrase, iso, None),
                "group",
                f"{_demonym(iso) or m.text} {t.text}",
                country=iso,
                sector=a.sector,
            )
            w.acting = True
        w.add(start, end, m.text, "demonym")

    def force(
        self,
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
        doc = self.doc
        iso = country
        conf = 1.0
        if iso is None:
            words = fold(surface)
            if "government" in words:
                # "government forces": the country last spoken of as a government
                govs = [
                    w
                    for w in self.works.values()
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
                    for w in self.works.values()
                    if w.key[0] == "force" and w.mentions and w.first < np_start
                ]
                if prev and not other_mod:
                    w = max(
                        prev, key=lambda w: max(m.start for m in w.mentions if m.start < np_start)
                    )
                    w.add(np_start, np_end, surface, "nominal")
                    return
                if sl != "subj":
                    return
                iso, conf = self.main, self.main_conf
        if iso is None:
            return
        key = ("force", iso)
        w = self.works.get(key)
        if w is None:
            w = self.work(
                key, "group", _force_name(surface, iso), country=iso, sector=a.sector or "MIL"
            )
            w.confidence = conf
        w.acting = True
        w.add(np_start, np_end, surface, "nominal")
        if surface[:1].isupper() and not any(m.text[:1].isupper() for m in w.mentions[:-1]):
            w.name = _force_name(surface, iso)  # a proper name ("the Syrian Army") wins
        _ = doc

    def body(
        self,
        a: kb.Agent,
        country: str | None,
        possessor: Work | None,
        np_start: int,
        np_end: int,
        surface: str,
        title_text: str = "",
    ) -> None:
        """A country's institution ("the Iraqi parliament", "France's Foreign Ministry")."""
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
            for w in self.works.values()
            if w.key[0] == "body"
            and (w.key[2] == tkey or (tkey == a.phrase and w.agent == a.phrase))
        ]
        if iso is None and same:
            same[-1].add(np_start, np_end, surface, "nominal")
            return
        conf = 1.0
        if iso is None:
            iso, conf = self.main, self.main_conf
        if iso is None:
            return
        key = ("body", iso, tkey)
        title = title_text if title_text[:1].isupper() else (a.title or a.phrase)
        c_obj = kb.country(iso)
        adj = _demonym(iso) or (c_obj.name if c_obj else iso)
        w = self.work(key, "org", f"{adj} {title}", country=iso, sector=a.sector)
        w.agent = a.phrase
        if conf < 1 and not w.mentions:
            w.confidence = conf
        w.acting = True
        w.add(np_start, np_end, surface, "nominal")

    def type_target(self, t: Token) -> Work | None:
        """An organisation this common noun refers back to ("the alliance" -> NATO)."""
        noun = t.lower_
        lem = t.lemma_.lower()
        best = None
        for w in self.works.values():
            if w.kind != "org" or not w.mentions:
                continue
            if w.first >= t.idx:
                continue
            head = _org_head(w.name)
            if noun in w.types or lem in w.types or head in (noun, lem):
                last = max(m.start for m in w.mentions if m.start < t.idx)
                if best is None or last > best[0]:
                    best = (last, w)
        return best[1] if best else None

    # -- 5. persons: document country, learned and user actors -----------------

    def finish_persons(self) -> None:
        """Fill what the text left open from memory (learned, then well-known people);
        a title still without a country takes the article's country."""
        day = self.rec.published
        for w in self.persons:
            # a spelling seen before ("Qaddafi" after "Gadhafi"): keep this article's
            # spelling as the name, the earlier one as an alias, so both stay one actor
            for mem in (learned(self.ctx), known_people()):
                k = mem.find(w.name, day, person=True)
                if (
                    k is not None
                    and fold(k.name) != fold(w.name)
                    and same_person_name(k.name, w.name)
                ):
                    w.variants.add(k.name)
                    break
            if w.country is None or w.sector is None:
                for mem, conf in ((learned(self.ctx), 0.8), (known_people(), 0.9)):
                    k = mem.find(w.name, day, person=True)
                    if k is None:
                        continue
                    if len(name_words(w.name)) >= 2 and not same_person_name(k.name, w.name):
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
            if w.country is None and w.title and self.main:
                w.country = self.main
                w.confidence = min(w.confidence, self.main_conf)
                w.provenance = "context"
                if (
                    w.sector is None
                    and w.agent
                    and kb.agent(w.agent, "title")
                    and kb.agent(w.agent, "title").sector is None
                ):
                    w.sector = "GOV"

    def finish_orgs(self) -> None:
        """An organisation or person the text gives no country ("the Cabinet Office",
        "GMTV", a bare name) most likely belongs to the country the article is about:
        take it, with low confidence and provenance "context"."""
        if self.main is None:
            return
        for w in self.works.values():
            if w.country is not None or not w.mentions:
                continue
            if w.kind == "org" and w.key[0] == "org" and kb.org_by_name(w.name) is None:
                if TRANSNATIONAL & {x.lower() for x in re.findall(r"[A-Za-z]+", w.name)}:
                    continue  # "Global Coalition to Defeat ISIS": of no one country
                public = w.sector in ("GOV", "PTY", "COP", "JUD", "MIL")
                w.country = self.main
                w.confidence = min(w.confidence, self.main_conf if public else 0.5 * self.main_conf)
                w.provenance = "context"
            elif w.kind == "person" and w.provenance == "text":
                w.country = self.main
                w.confidence = min(w.confidence, 0.5 * self.main_conf)
                w.provenance = "context"

    # -- 6. coreference --------------------------------------------------------

    def coreference(self) -> None:
        for t in self.toks:
            low = t.lower_
            if (
                low in MALE | FEMALE
                and t.pos_ == "PRON"
                or low in ("his", "her")
                and t.tag_ == "PRP$"
            ):
                if self.in_quote(t.idx):
                    continue
                w = self.pronoun_target(t)
                if w is not None:
                    w.add(t.idx, t.idx + len(t.text), t.text, "pronoun")
            elif low in ("it", "its") and not self.in_quote(t.idx):
                w = self.it_target(t)
                if w is not None:
                    w.add(t.idx, t.idx + len(t.text), t.text, "pronoun")
            elif (
                t.pos_ == "NOUN" and t.i not in self.title_toks and self.tok_owner.get(t.i) is None
            ):
                if not self.title_nominal(t):
                    self.type_nominal(t)

    def it_target(self, t: Token) -> Work | None:
        """ "it"/"its" for an organisation or a country: "it" only as the subject of a verb
        actors do ("it said", "it agreed"), "its" as a possessive; the antecedent is the
        subject of this sentence or the previous one."""
        if t.lower_ == "it":
            if t.dep_ != "nsubj" or t.head.lemma_.lower() not in IT_VERBS:
                return None
        elif t.dep_ != "poss":
            return None
        here = self._sent_no(t.i)
        best: tuple[tuple, Work] | None = None
        for w in self.works.values():
            if w.kind not in ("org", "country") or not w.mentions:
                continue
            for m in w.mentions:
                if m.start >= t.idx or m.kind == "pronoun":
                    continue
                sno, subj, quoted = self._mention_info(m)
                if quoted or not subj or here - sno > 1:
                    continue
                rank = (sno, m.start)
                if best is None or rank > best[0]:
                    best = (rank, w)
        return best[1] if best else None

    def title_nominal(self, t: Token) -> bool:
        """ "the prime minister" -> the person who holds that title in this article."""
        doc = self.doc
        if t.dep_ in ("compound", "amod") and t.head.i > t.i:
            return False
        s = t.i
        while s > 0 and doc[s - 1].pos_ in ("NOUN", "PROPN", "ADJ") and doc[s - 1].is_lower:
            s -= 1
        if s == 0 or doc[s - 1].lower_ != "the":
            return False
        phrase = re.sub(r"[\s-]+", " ", doc[s : t.i + 1].text.lower())
        a = kb.agent(phrase, "title") or kb.agent(t.lemma_.lower(), "title")
        if a is None:
            return False
        holders = [w for w in self.persons if w.agent == a.phrase and w.first < t.idx]
        if len(holders) != 1:
            return False
        holders[0].add(doc[s - 1].idx, t.idx + len(t.text), doc[s - 1 : t.i + 1].text, "title")
        return True

    def type_nominal(self, t: Token) -> None:
        """ "the alliance" -> NATO, named earlier in the article."""
        doc = self.doc
        if t.i == 0 or doc[t.i - 1].lower_ != "the" or t.tag_ in ("NNS", "NNPS"):
            return
        if t.dep_ in ("compound", "amod") and t.head.i > t.i:
            return
        w = self.type_target(t)
        if w is not None and any(m.kind != "nominal" for m in w.mentions):
            w.add(doc[t.i - 1].idx, t.idx + len(t.text), doc[t.i - 1 : t.i + 1].text, "nominal")

    def _mention_info(self, m: Mention) -> tuple[int, bool, bool]:
        """(sentence number, is a subject, inside a quotation) of a mention, cached."""
        key = (m.start, m.end)
        hit = self._minfo.get(key)
        if hit is None:
            sp = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if sp is None:
                hit = (-1, False, False)
            else:
                subj = _root(sp.root).dep_ in ("nsubj", "nsubjpass")
                hit = (self._sent_no(sp.start), subj, self.in_quote(m.start))
            self._minfo[key] = hit
        return hit

    def _sent_no(self, i: int) -> int:
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        return bisect_right(self._sent_starts, i) - 1

    def pronoun_target(self, t: Token) -> Work | None:
        """The most recent fitting person before ``t``: same sentence first, then the
        nearest sentence, preferring subjects; names inside quotations only for pronouns
        inside them."""
        want_female = t.lower_ in FEMALE
        here = self._sent_no(t.i)
        t_quoted = self.in_quote(t.idx)
        best: tuple[tuple, Work] | None = None
        for w in self.persons:
            if w.female is not None and w.female != want_female:
                continue
            fits = w.female is True if want_female else True
            for m in w.mentions:
                if m.start >= t.idx or m.kind == "pronoun" or t.idx - m.start > 1500:
                    continue
                sno, subj, quoted = self._mention_info(m)
                if quoted and not t_quoted:
                    continue
                dist = here - sno
                rank = (fits, dist == 0, -dist, subj or dist == 0, m.start)
                if best is None or rank > best[0]:
                    best = (rank, w)
        return best[1] if best else None

    # -- output --------------------------------------------------------------------

    def resolve(self) -> None:
        self.build()
        self.apply_user()
        keep = [w for w in self.works.values() if self.keep(w)]
        keep.sort(key=lambda w: w.first)
        out = []
        for i, w in enumerate(keep, 1):
            w.mentions.sort(key=lambda m: (m.start, m.end))
            aliases = [s for s, _ in w.surfaces.most_common() if s != w.name]
            aliases += sorted(v for v in w.variants if v != w.name and v not in aliases)
            name = w.name
            if w.kind == "org" and w.key[0] == "org" and w.surfaces:
                name = _display_name(w)
                aliases = [s for s in dict.fromkeys([w.name, *aliases]) if s != name]
            out.append(
                Actor(
                    id=f"A{i}",
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
            )
        self.rec.actors.extend(out)
        self.remember(out)

    def keep(self, w: Work) -> bool:
        if not w.mentions:
            return False
        if (
            w.kind == "org"
            and self.rec.publisher
            and (
                fold(w.name) == fold(self.rec.publisher)
                or any(fold(x) == fold(self.rec.publisher) for x in w.surfaces)
            )
        ):
            return False  # the publisher speaking of itself is no actor of the story
        if w.kind == "country":
            return w.acting
        if w.kind == "person":
            toks = [
                self.doc.char_span(m.start, m.end, alignment_mode="expand")
                for m in w.mentions
                if m.kind != "pronoun"
            ]
            if toks and all(sp is not None and sp.start in self.title_toks for sp in toks):
                return False  # "Angela Merkel's spokesperson": Merkel does nothing here
            # a "person" only ever in place slots ("entered Tell Tamer") is a place
            if not w.title and (w.country is None or w.provenance == "context"):
                slots = []
                for m in w.mentions:
                    sp = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                    if sp is not None:
                        r = _root(sp.root)
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
        ):
            # an unknown name with no role anywhere: keep it only if it acts
            slots = []
            for m in w.mentions:
                sp = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if sp is not None:
                    slots.append(slot(sp) in ("subj", "obj", "poss") or m.kind == "nominal")
            return any(slots)
        return True

    def apply_user(self) -> None:
        mem = user_actors(self.ctx)
        if not mem.by_name:
            return
        day = self.rec.published
        first: dict[str, Work] = {}
        for w in self.works.values():
            if not w.mentions:
                continue
            k: Known | None = None
            for s in [w.name, *w.surfaces]:
                k = mem.find(s, day, person=w.kind == "person")
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
            if w.kind == "country" and k.kind != "country":
                w.kind = k.kind
            w.acting = True

    def remember(self, actors: list[Actor]) -> None:
        if self.ctx is None or not hasattr(self.ctx, "resource"):
            return
        mem = learned(self.ctx)
        for a in actors:
            if a.kind != "person" or len(name_words(a.name)) < 2 or not a.country:
                continue
            if a.provenance not in ("text",) or a.confidence < 0.9:
                continue
            mem.add(
                Known(
                    name=a.name,
                    country=a.country,
                    sector=a.sector,
                    title=a.title,
                    aliases=[s for s in a.aliases if s],
                    kind="person",
                    provenance=f"learned:{self.rec.id}",
                )
            )


# ---------------------------------------------------------------------------
# Small helpers


TRANSNATIONAL = {
    "global",
    "international",
    "world",
    "coalition",
    "alliance",
    "transnational",
    "multinational",
    "united",
    "nations",
    "regional",
    "african",
    "european",
    "asian",
    "arab",
    "pan",
    "islamic",
    "intergovernmental",
}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mme", "m"}
EVENT_WORDS = {
    "election",
    "elections",
    "budget",
    "inquiry",
    "games",
    "olympics",
    "cup",
    "championship",
    "championships",
    "summit",
    "conference",
    "festival",
    "awards",
    "award",
    "prize",
    "war",
    "referendum",
    "treaty",
    "agreement",
    "accord",
    "act",
    "bill",
    "day",
    "week",
    "year",
    "season",
    "millennium",
    "series",
    "tournament",
    "open",
    "marathon",
    "grand prix",
    "expo",
    "olympiad",
    "protocol",
    "declaration",
}
FAMILY_FIRST = set(
    """li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo
    zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang
    yu du ye cheng wei su lu ding ren shen yao xi kim park lee choi jung kang cho yoon jang
    lim han oh seo shin kwon hwang ahn song hong moon""".split()
)
FEMALE_NAMES = set(
    """mary elizabeth angela theresa hillary nancy kamala ursula christine margaret jacinda
    sanna julia marine emmanuelle condoleezza madeleine samantha nikki susan janet nicola liz
    priti yulia svetlana alexandra tsai ingrid ellen helen sarah jennifer jessica karen linda
    patricia barbara michelle laura ann anne catherine kate victoria sophie marie claire
    isabel cristina dilma golda benazir indira hasina aung jill melania ivanka nadia aisha
    fatima mariam maria ana sonia yoko yuriko""".split()
)
MALE_NAMES = set(
    """andrea luca nikita ilya joshua sasha mustafa musa isa yahya zakaria moussa elijah
    jonah noah""".split()
)


def _gender(name: str) -> bool | None:
    """True for a first name that is usually a woman's, None when unknown."""
    ws = name_words(name)
    if len(ws) < 2:
        return None
    first = fold(ws[0]).strip(".")
    if first in FEMALE_NAMES:
        return True
    if first in MALE_NAMES:
        return None
    if len(first) > 3 and first.endswith("a") and not first.endswith(("ya", "sha")):
        return True  # Veronika, Angela, Yulia: a strong cue in many languages
    return None


def _title_agent(title: str | None) -> str | None:
    """The agent phrase of a title ("Kremlin spokesman" -> "spokesman")."""
    if not title:
        return None
    ms = list(gz.title_regex().finditer(title))
    if not ms:
        return None
    phrase = re.sub(r"[\s-]+", " ", ms[-1].group(0).lower())
    a = kb.agent(phrase, "title") or kb.agent(phrase.rstrip("s"), "title")
    return a.phrase if a else None


def mods_has_country(mods: list[Token], by_tok: dict[int, Cand]) -> bool:
    return any(
        (by_tok.get(m.i) is not None and by_tok[m.i].kind in ("country", "demonym")) for m in mods
    )


def _org_head(name: str) -> str:
    """The head noun of an organisation's name ("Global Coalition to Defeat ISIS" -> coalition)."""
    words = name.split()
    for i, w in enumerate(words):
        if w.lower() in ("of", "to", "for", "in", "on", "against") and i > 0:
            return words[i - 1].lower()
    return words[-1].lower() if words else ""


_US = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|United States(?: of America)?)(?=\s|$)")


def _is_place_name(s: str) -> bool:
    return bool(gz.region_country(s) or kb.country_by_any(s))


def _org_key(s: str) -> str:
    """An organisation's key: "U.S. Geological Survey" = "United States Geological Survey"."""
    return _surface_key(_US.sub("united states", s))


def _surface_key(s: str) -> str:
    return fold(re.sub(r"^the\s+", "", s.strip(), flags=re.I))


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())


def _strip_det(s: str) -> str:
    return re.sub(r"^(the|a|an|his|her|its|their)\s+", "", s.strip(), flags=re.I)


def _demonym(iso: str) -> str | None:
    c = kb.country(iso)
    if c is None:
        return None
    for d in c.demonyms:
        if not d.endswith("s") and not kb.is_acronym(d) and "." not in d:
            return d
    return None


def _country_of(name: str) -> str | None:
    c = kb.country_by_any(name)
    return c[0].iso3 if c else None


def _force_name(surface: str, iso: str) -> str:
    s = _strip_det(surface)
    m = re.match(r"^(.+?)[’']s\s+(.+)$", s)
    if m and kb.country_by_name(m.group(1)):
        s = m.group(2)  # "Libya's air defenses" -> "Libyan air defenses"
        adj = _demonym(iso)
        return f"{adj} {s}" if adj else s
    if s and s[0].islower():
        adj = _demonym(iso)
        return f"{adj} {s}" if adj else s
    return s


def _display_name(w: Work) -> str:
    """An organisation's name: the canonical one where the article writes it, else the
    article's own longest spelling (an acronym only if it never spells the name out)."""
    known = kb.org_by_name(w.name)
    texts = {fold(x) for x in w.surfaces}
    if known is not None and fold(known.name) in texts:
        return known.name
    full = [x for x in w.surfaces if not kb.is_acronym(x)]
    if known is None:
        return max(full, key=len) if full else w.name
    return max(w.surfaces, key=lambda x: (w.surfaces[x], -len(x)))


def _make_doc(doc: Doc, text: str) -> Doc:
    """``text`` tokenised (no parse) with the vocabulary of ``doc``."""
    from dyad import nlp as _nlp

    n = _nlp.load()
    if n.vocab is doc.vocab:
        return n.make_doc(text)
    return Doc(doc.vocab, words=text.split())


def _headline_end(text: str, title: str | None) -> int:
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


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
