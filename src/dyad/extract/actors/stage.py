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
6. actors known from the user's actor file or learned from earlier articles."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from dyad import diskcache
from dyad import knowledge as kb
from dyad.contract import Context, stage
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.coref import CorefMixin
from dyad.extract.actors.memory import (
    Known,
    Memory,
    known_people,
    learned,
    seed_known,
    user_actors,
)
from dyad.extract.actors.names import fold, name_words, same_person_name, surname_key
from dyad.extract.actors.nominals import NominalsMixin
from dyad.extract.actors.roles import RolesMixin
from dyad.extract.actors.syntax import (
    Cand,
    Work,
    _clean_span,
    _headline_end,
    _make_doc,
    _quote_spans,
    _root,
    slot,
)
from dyad.extract.actors.words import (
    EVENT_WORDS,
    GIVEN_NAMES,
    HONORIFICS,
    ORG_WORDS,
    PLACE_WORDS,
    TRANSNATIONAL,
    _acronym,
    _country_of,
    _display_name,
    _is_place_name,
    _org_key,
    _surface_key,
)
from dyad.extract.lookup import doc_text
from dyad.model import Actor, Record

__all__ = ["run", "seed_known", "slot"]

# sectors of the state: an office or body of these may take the story's country as a guess
PUBLIC_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "PTY", "OPP"})


# bylines and wire credits: the names in them wrote the story, they do not act in it
_CREDIT_RE = re.compile(
    r"(?m)^[ \t]*By[ \t]+[A-Z][^\n]{0,80}$"
    r"|\((?:Additional |Further )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ff]act-checking)"
    r"[^)]{0,300}\)"
    r"|(?:Additional reporting|Reporting|Writing|Editing|Photo|Photograph|Photos)\s+(?:by|:)\s+[^.\n]{0,120}"
)


def setup(ctx: Context) -> None:
    """Start the run's memory from the actors the database already knows."""
    diskcache.set_folder(ctx.settings.cache_dir)  # the gazetteer's built tables
    if ctx.settings.known_actors:
        seed_known(ctx.settings.known_actors, ctx)


@stage("actors", assigns=("actors",), setup=setup)
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Resolve every actor mention in ``doc`` onto ``rec.actors``."""
    _Article(doc, rec, ctx).resolve()


class _Article(RolesMixin, NominalsMixin, CorefMixin):
    def __init__(self, doc: Doc, rec: Record, ctx: Context):
        self.doc = doc
        self.rec = rec
        self.ctx = ctx
        self.text = doc_text(doc)
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
        self.credits = [(m.start(), m.end()) for m in _CREDIT_RE.finditer(self.text)]
        self.all_toks: list[Token] = list(doc)  # doc[i] makes a new Token each time
        self.toks: list[Token] = [t for t in self.all_toks if t.idx >= self.head_end]
        self._minfo: dict[tuple[int, int], tuple[int, bool, bool]] = {}
        self._sent_starts: list[int] | None = None

    def work(self, key: tuple, kind: str, name: str, **kw: Any) -> Work:
        w = self.works.get(key)
        if w is None:
            w = Work(key=key, kind=kind, name=name, **kw)
            self.works[key] = w
        return w

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quotes)

    def candidates(self) -> list[Cand]:
        doc = self.doc
        ents: list[Cand] = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
                continue
            if ent.start_char < self.head_end:
                continue  # a headline repeated at the top of the text
            if any(a <= ent.start_char < b for a, b in self.credits):
                continue  # a byline or "(Reporting by ...; Editing by ...)": no actors
            s, e = _clean_span(doc, ent.start, ent.end, self.all_toks)
            if ent.label_ == "PERSON":
                s = self._past_title(s, e)
                s = self._given_name_before(s)
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
            if doc[h.start].idx < self.head_end or self._inside_longer_name(h):
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

    def _past_title(self, s: int, e: int) -> int:
        """A person's name tagged with its title ("Taoiseach Leo Varadkar", "Presidential
        Spokesperson Harry Roque", "Queen Elizabeth II"): the name starts after the title,
        which is then read as a title."""
        toks = self.all_toks
        i = s
        words = gz.agent_words()
        while e - i > 1 and toks[i].is_title:
            low = toks[i].lower_
            if low in words or (toks[i].pos_ == "ADJ" and toks[i + 1].lower_ in words):
                i += 1
                continue
            break
        if i == s or not toks[i].is_title or toks[i].lower_ in words:
            return s
        return i

    def _given_name_before(self, s: int) -> int:
        """A given name spaCy left out of the name ("Laurent" of "Laurent Gbagbo"): one
        capitalised proper noun right before, outside any entity, that is no title word."""
        if s == 0:
            return s
        t = self.all_toks[s - 1]
        if (
            t.tag_ == "NNP"
            and t.is_title
            and not t.ent_type_
            and t.lower_ not in gz.agent_words()
            and t.lower_.rstrip(".") not in HONORIFICS
            and not kb.country_by_any(t.text)
            and t.idx >= self.head_end
        ):
            return s - 1
        return s

    def _split_of(self, c: Cand) -> list[Cand]:
        """ "Associates of Navalny" tagged ORG: a group noun and the name after "of"."""
        doc = self.doc
        if c.label != "ORG":
            return [c]
        # "Germany Richard Grenell" (after "Ambassador to"): a country, then a person
        words = [t.text for t in doc[c.start : c.end]]
        for n in (3, 2, 1):
            if len(words) - n < 2 or len(words) - n > 3:
                continue
            if kb.country_by_name(" ".join(words[:n])) and all(
                w[:1].isupper() and w.lower() not in ORG_WORDS and w.lower() not in gz.agent_words()
                for w in words[n:]
            ):
                return [Cand(c.start + n, c.end, "PERSON")]
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
        remembered: set[str] = set()
        for m in (learned(self.ctx), user_actors(self.ctx)):
            remembered.update(m.by_surname)
        if not keys and not remembered and not learned(self.ctx).by_name:
            return []
        taken = {i for c in ents for i in range(c.start, c.end)}
        out = []
        for t in self.toks:
            if t.i in taken or t.pos_ not in ("PROPN", "NOUN") or not t.is_title:
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].pos_ == "PROPN":
                continue  # part of a longer name
            if t.pos_ == "PROPN" and not t.is_sent_start or t.dep_ == "nsubj":
                k = learned(self.ctx).find(t.text, self.rec.published)
                if k is not None and k.kind == "org" and len(t.text) > 2:
                    out.append(Cand(t.i, t.i + 1, "ORG"))  # "Rudaw", placed by an earlier article
                    continue
            key = surname_key(t.text)
            # a surname of this article's people; one remembered from elsewhere only as a
            # proper noun ("Gates were closed" is no person)
            if key in keys or (key in remembered and t.pos_ == "PROPN"):
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

    def _inside_longer_name(self, h: gz.GazHit) -> bool:
        """A country or city name that is the end of a longer proper name ("New South
        Wales", "New Mexico"): the capitalised word before it is no title or function word."""
        if h.kind == "org" or h.start == 0:
            return False
        prev = self.doc[h.start - 1]
        if not prev.is_title or prev.is_sent_start or prev.ent_type_ in ("", "DATE", "TIME"):
            return False
        low = prev.lower_
        if low in gz.agent_words() or low in ("the", "of", "and"):
            return False
        return prev.ent_iob_ == "I" or (prev.ent_iob_ == "B" and self.doc[h.start].ent_iob_ == "I")

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
        if h.kind == "org" and span[0].is_title and span[0].is_sent_start:
            # "Labour's manifesto ...", "Labour said ...": a known name as possessor or subject
            nxt = self.doc[h.end] if h.end < len(self.doc) else None
            return bool((nxt is not None and nxt.text in ("'s", "’s")) or span.root.dep_ == "nsubj")
        return span[0].is_title and not span[0].is_sent_start

    def type_candidates(self, cands: list[Cand]) -> list[Cand]:
        doc = self.doc
        full_persons = [
            c
            for c in cands
            if c.label == "PERSON" and not c.gaz and len(name_words(c.text(doc))) >= 2
        ]
        surnames = {surname_key(c.text(doc)) for c in full_persons}
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
            votes.setdefault(_surface_key(c.text(doc)), Counter())[t] += 1
        # one surface, one type per article (gazetteer and surname decisions are firm)
        for c in cands:
            if c.gaz or c.kind in ("demonym", "capital", "drop"):
                continue
            v = votes[_surface_key(c.text(doc))]
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
        text = c.text(doc)
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
        if c.label == "PERSON" and (any(ch.isdigit() for ch in text) or "<" in text or ">" in text):
            return "drop"  # "Revs 483.8 mln vs", "CKGH.HK>": table and ticker debris
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
            and known_people().find(text, self.rec.published, person=True) is not None
            and not gz.city_country(text)
        ):
            return "person"  # "Medvedev" tagged GPE: a well-known surname
        if (
            c.label in ("ORG", "GPE", "FAC")
            and len(words) >= 2
            and words[0].lower().rstrip(".") in HONORIFICS
        ):
            return "person"  # "Mr Balls" tagged ORG
        if c.label in ("PERSON", "GPE") and len(words) <= 2:
            k = learned(self.ctx).find(text, self.rec.published)
            if k is not None and k.kind == "org" and surname_key(text) not in surnames:
                return "org"  # "Mahan": an airline an earlier article named
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
        if (
            c.label == "ORG"
            and 2 <= len(words) <= 3
            and fold(words[0]).split("-")[0] in GIVEN_NAMES
            and all(w[:1].isupper() for w in words)
            and not any(w.lower() in ORG_WORDS or w.lower() in gz.agent_words() for w in words)
            and not kb.org_by_name(text)
        ):
            return "person"  # "Paul Rivera" tagged ORG
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
        while toks and toks[-1].lower_ in ("of", "the"):
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

    def org_work(self, c: Cand) -> Work:
        doc = self.doc
        text = c.text(doc)
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
                d = kb.dictionary_org(text) if not w.mentions else None
                if d is not None and w.country is None and w.sector is None:
                    # the dictionary knows it; the text's own name stays the name
                    w.country, w.sector, w.provenance = d.country, d.sector, "knowledge"
        for i in range(c.start, c.end):
            self.tok_owner[i] = w
        return w

    def _org_alias_target(self, c: Cand) -> Work | None:
        doc = self.doc
        text = c.text(doc)
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
        for c in sorted(persons, key=lambda c: (len(name_words(c.text(doc))) < 2, c.start)):
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
        for c in persons:
            self.person_facts(c)
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
        publisher's home country counts for nothing (a wire agency covers the world).
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
        # the publisher's home country is no evidence: a wire agency in London covers the world
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
            if sl in ("mod", "poss") and (
                self.agent_phrase(head) is not None or self.title_phrase(head) is not None
            ):
                pass  # "U.S. troops", "France's Foreign Ministry": the noun acts, see nominals
            elif sl in ("prep:including", "prep:as", "prep:like"):
                pass  # examples in a list ("destinations including Spain")
            else:
                w.acting = True
        w.add(sp.start_char, sp.end_char, sp.text, kind)
        for i in range(c.start, c.end):
            self.tok_owner.setdefault(i, w)

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
                # an office with no country named ("a member of Parliament"): the state the
                # story is about, marked as a guess (provenance "context", confidence <= 0.7)
                w.country = self.main
                w.confidence = min(w.confidence, self.main_conf)
                w.provenance = "context"

    def finish_orgs(self) -> None:
        """An organisation the text gives no country: one an earlier article placed takes
        that country; else the country the story is about, as a guess (provenance "context",
        low confidence)."""
        mem = learned(self.ctx)
        for w in self.works.values():
            if w.kind != "org" or w.key[0] != "org" or w.country is not None or not w.mentions:
                continue
            for name in [w.name, *w.surfaces]:  # an organisation an earlier article placed
                k = mem.find(name, self.rec.published)
                if k is not None and k.kind == "org" and k.country:
                    w.name = k.name
                    w.country, w.sector = k.country, w.sector or k.sector
                    w.provenance, w.confidence = k.provenance or "learned", 0.8
                    break
        if self.main is None:
            return
        for w in self.works.values():
            if w.country is not None or not w.mentions:
                continue
            if w.kind == "org" and w.key[0] == "org" and kb.org_by_name(w.name) is None:
                if TRANSNATIONAL & {x.lower() for x in re.findall(r"[A-Za-z]+", w.name)}:
                    continue  # "Global Coalition to Defeat ISIS": of no one country
                public = w.sector in PUBLIC_SECTORS
                w.country = self.main
                w.confidence = min(w.confidence, self.main_conf if public else 0.5 * self.main_conf)
                w.provenance = "context"

    def resolve(self) -> None:
        self.build()
        self.fold_passive_forces()
        self.apply_user()
        keep = [w for w in self.works.values() if self.keep(w)]
        keep.sort(key=lambda w: w.first)
        out = []
        for i, w in enumerate(keep, 1):
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

    def fold_passive_forces(self) -> None:
        """Armed forces that are only acted upon ("the coalition pounded Libyan air
        defenses") stand for their country: their mentions go to the country's actor. Forces
        that act ("Turkish troops shelled the town") stay actors of their own."""
        for key, w in list(self.works.items()):
            if key[0] != "force" or not w.mentions or w.provenance not in ("text", "context"):
                continue
            active = False
            for m in w.mentions:
                sp = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if sp is None:
                    continue
                r = _root(sp.root)
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
            country = self.work(("country", iso), "country", c_obj.name, country=iso, sector="GOV")
            for m in w.mentions:
                country.add(m.start, m.end, m.text, "nominal")
            country.acting = True
            w.mentions.clear()

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
                k = mem.find(s, day) or (
                    mem.find(s, day, person=True) if w.kind == "person" else None
                )
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

    def remember(self, actors: list[Actor]) -> None:
        if self.ctx is None or not self.ctx.settings.learn_in_stage:
            return  # the ingest's writer learns, in input order (see RunLearner)
        remember_actors(actors, self.rec.id, learned(self.ctx))


def remember_actors(actors: list[Actor], article_id: str, mem: Memory) -> None:
    """Put the actors an article named in full (with a country) into ``mem``."""
    for a in actors:
        if (
            a.kind == "org"
            and a.country
            and a.provenance == "text"
            and a.confidence >= 0.9
            and kb.org_by_name(a.name) is None
            and any(m.kind == "name" for m in a.mentions)
        ):
            mem.add(
                Known(
                    name=a.name,
                    country=a.country,
                    sector=a.sector,
                    aliases=[s for s in a.aliases if s and not kb.is_acronym(s)],
                    kind="org",
                    provenance=f"learned:{article_id}",
                )
            )
            continue
        if a.kind != "person" or len(name_words(a.name)) < 2 or not a.country:
            continue
        if a.provenance not in ("text",) or a.confidence < 0.9:
            continue
        if not any(m.kind == "name" for m in a.mentions):
            continue  # "the Mongolian President": a title, not a name to remember
        mem.add(
            Known(
                name=a.name,
                country=a.country,
                sector=a.sector,
                title=a.title,
                aliases=[s for s in a.aliases if s],
                kind="person",
                provenance=f"learned:{article_id}",
            )
        )


class RunLearner:
    """Learning across the articles of one ingest run, done by the writer in input order.

    Worker processes start from what the database knew when the run began
    (``learn_in_stage`` off), so every worker count gives the same records; the writer
    then resolves bare surnames an earlier article of the run named in full ("Gates"
    after "U.S. Defense Secretary Robert Gates"), and learns from each record it stores.
    """

    def __init__(self, rows: list[dict] | None = None):
        ctx = Context()
        if rows:
            seed_known(rows, ctx)
        self.mem = learned(ctx)

    def apply(self, rec: Record) -> int:
        """Resolve what the run has learned in ``rec``; then learn from it. Returns how
        many actors changed."""
        changed: dict[str, Actor] = {}
        for a in rec.actors:
            if a.kind != "person" or len(name_words(a.name)) >= 2:
                continue
            if a.country is not None and a.provenance != "context":
                continue
            k = self.mem.find(a.name, rec.published, person=True)
            if k is None or not k.country:
                continue
            if a.name not in a.aliases:
                a.aliases.append(a.name)
            a.name, a.country = k.name, k.country
            a.sector, a.title = a.sector or k.sector, a.title or k.title
            a.provenance, a.confidence = k.provenance or "learned", min(a.confidence, 0.8)
            changed[a.id] = a
        if changed:
            for e in rec.events:
                for attr in ("source", "target", "reported_by"):
                    ref = getattr(e, attr)
                    if ref is not None and ref.actor_id in changed:
                        setattr(e, attr, changed[ref.actor_id].ref())
            for q in rec.quotes:
                if q.speaker is not None and q.speaker.actor_id in changed:
                    q.speaker = changed[q.speaker.actor_id].ref()
        remember_actors(rec.actors, rec.id, self.mem)
        return len(changed)
