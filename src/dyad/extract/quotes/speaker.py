"""Who is speaking: from a cue to its subject, then to an actor of the record.

Order of preference: the cue's grammatical subject (climbing from ``saying`` or
``adding`` to the verb they hang on), else the noun right before the cue (``Gates
told``) or right after it (``said Gates``); an apposition naming a person (``Merkel's
spokesperson, Steffen Seibert,``) beats its title. The subject becomes an actor through
:func:`dyad.extract.lookup.actor_at`; pronouns and titles the actors stage has not
resolved fall back to the nearest preceding person (or organisation) that was a
subject, and to a person actor holding that title. A subject that is no actor
("hospital officials in Omsk") is kept as a named reference with the country of an
actor inside it or of the clause it hangs on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyad.extract.lookup import actor_at, doc_text
from dyad.extract.quotes.cues import load_words
from dyad.model import Actor, ActorRef, Record

_WORDS = load_words()
TITLE_WORDS = _WORDS["title"]
REPORT_NOUNS = _WORDS["report"]
SPEAKER_NOUNS = _WORDS["speaker"]
PARTITIVE = _WORDS["partitive"]
DEPICTION = _WORDS["depiction"]
ANONYMOUS = _WORDS["anonymous"]
SKIP_BEFORE = _WORDS["skip_before"]
SUBJ = {"nsubj", "nsubjpass", "csubj"}
BODY_PREPS = {"for", "of", "at", "in", "within", "from", "with", "inside"}
INDEFINITE = {"a", "an", "another", "one", "some", "any"}
DEFINITE_ORG = _WORDS["definite_org"]
PERSON_NOUNS = _WORDS["person_noun"]
PERSON_ENDINGS = ("er", "ist", "ian", "man", "woman", "person")
COMPANY_SUFFIXES = {"inc", "corp", "co", "ltd", "plc", "ag", "sa", "nv", "llc", "company", "group"}
CLIMB = {"advcl", "xcomp", "conj", "pcomp", "ccomp", "relcl", "parataxis", "dep"}
NP_LEFT = {
    "compound",
    "amod",
    "det",
    "poss",
    "nmod",
    "nummod",
    "quantmod",
    "case",
    "punct",
    "npadvmod",
}
NP_RIGHT = {"compound", "flat", "case"}
NP_PREPS = {"of", "in", "at", "from", "for", "on", "to"}
PERSON_PRON = {"he", "she", "him", "her"}
GROUP_PRON = {"it", "they", "them", "its"}
DESCRIBED_PRON = {"those", "many", "some", "others"}  # speak when described: "those close to him"
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_DATELINE_HEAD = re.compile(
    r"(?:[A-Z][A-Z .,'&/-]*,?\s*)?(?:(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2})?\s*"
)
_WHEN = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_STRIP = re.compile(r"^(?:the|a|an|some|several|two|three|many)\s+", re.I)


@dataclass
class Speaker:
    """A resolved (or only named) speaker: the words in the text and the actor."""

    start: int
    end: int
    text: str
    ref: ActorRef | None
    actor: Actor | None = None
    via: str = "subject"  # subject, position, appos, pronoun, title, generic
    head: str = ""  # the lemma of the subject's head word


class Resolver:
    """Speaker lookup for one record; caches per token."""

    def __init__(self, doc: Doc, rec: Record, inside_quote: list[int]):
        self.doc = doc
        self.rec = rec
        self.inq = inside_quote
        self.cache: dict[int, Speaker | None] = {}
        self.generic: dict[str, ActorRef] = {}
        # person / group mentions outside quotes, for pronoun fallback
        pm: list[tuple[int, int, bool, Actor]] = []
        for a in rec.actors:
            for m in a.mentions:
                if m.kind == "pronoun":
                    continue
                pm.append((m.start, m.end, a.kind == "person", a))
        pm.sort(key=lambda x: x[0])
        self.mentions = pm
        self.mention_starts = [m[0] for m in pm]
        self.said: list[tuple[int, Speaker]] = []  # (position, speaker) of named speakers so far
        self.home = _home_country(rec)

    def remember(self, pos: int, sp: Speaker | None) -> None:
        """Note a speaker found at ``pos`` (resolve cues in text order)."""
        if sp is not None and sp.ref is not None and sp.via != "pronoun":
            if not self.said or self.said[-1][0] <= pos:
                self.said.append((pos, sp))

    # -- subjects -------------------------------------------------------------

    def subject_token(self, tok: Token) -> Token | None:
        """The head noun of who is speaking for the cue verb ``tok``."""
        if (
            tok.tag_ == "VBN"
            and tok.i == tok.sent.start
            and not any(c.dep_ in SUBJ or c.dep_ == "agent" for c in tok.children)
        ):
            return None  # "Asked to comment on X, Miyazawa said": he was asked, he did not ask
        t = tok
        for _ in range(4):
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
                return None  # '"swine flu" was called': the subject is not the speaker
            shown = self.depicted(t)
            if shown is not None:  # "footage of Clinton asking ...": Clinton, not the footage
                return shown  # (also when the parser made "Protesters with a banner" the subject)
            subj = [
                c
                for c in t.children
                if c.dep_ in SUBJ and not self.inq[c.i] >= 0 and not self.across_paragraph(c, tok)
            ]
            if subj:  # several when misparsed ("said study co-author Ted Scambos"): a name
                # first, else the nearest before the verb ("The partner asked X, but the
                # commissioner stated ...")
                before = [c for c in subj if c.i < t.i]
                return next(
                    (c for c in subj if c.pos_ == "PROPN"), before[-1] if before else subj[0]
                )
            if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return t.head  # "with officials saying ..."
            if (
                t.dep_ == "ccomp"
                and t.i > 0
                and t.doc[t.i - 1].pos_ == "CCONJ"
                and _is_speech_verb(t.head)
                and t.head.i < t.i
            ):
                t = t.head  # "X said A but said B": a coordination parsed as a clause
                continue
            if t.dep_ == "pcomp" and t.head.dep_ in ("prep", "agent") and t.head.head.i != t.i:
                t = t.head.head  # "protested by shouting ...": the verb the phrase hangs on
                continue
            if t.dep_ in CLIMB and t.head.i != t.i and t.dep_ != "ccomp":
                t = t.head
                # "X said Y had spoken with sincerity, adding ...": X is adding, not Y
                while t.dep_ == "ccomp" and _is_speech_verb(t.head) and t.head.i != t.i:
                    t = t.head
                continue
            break
        return self.positional(tok)

    def depicted(self, t: Token) -> Token | None:
        """Who a participle shows speaking: in "footage of Clinton asking", "a banner from
        X saying", the participle follows the object of the of/from/by phrase of a noun
        for a picture, recording or sign (the list ``depiction``)."""
        if t.tag_ != "VBG" or t.i == 0:
            return None
        x = t.doc[t.i - 1]
        if x.pos_ not in ("PROPN", "NOUN") or x.dep_ != "pobj" or self.inq[x.i] >= 0:
            return None
        prep = x.head
        if prep.lower_ not in ("of", "from", "by") or prep.head.lemma_.lower() not in DEPICTION:
            return None
        return x

    def across_paragraph(self, a: Token, b: Token) -> bool:
        """Whether a blank line lies between ``a`` and ``b`` (a headline parsed into the
        first sentence: "VITAL TO W.GERMANY - STOLTENBERG\n\nWest German ... said")."""
        lo, hi = sorted((a.idx, b.idx))
        if _BLANK_LINE.search(doc_text(self.doc), lo, hi) is not None:
            return True
        seg = doc_text(self.doc)[lo:hi]  # "NEW YORK, April 7 - Moody's said": a dateline
        k = seg.find(" - ")
        return k > 0 and _DATELINE_HEAD.fullmatch(seg[:k]) is not None

    def positional(self, tok: Token) -> Token | None:
        """The noun just before the cue ("Gates told") or just after it ("said Gates")."""
        doc = self.doc
        i = tok.i - 1
        while i >= 0 and doc[i].lower_ in SKIP_BEFORE and tok.i - i < 4:
            i -= 1
        if i > 0 and doc[i].lower_ in ("'s", "’s") and doc[i - 1].pos_ == "PROPN":
            i -= 1  # "Standard and Poor's said"
        if (
            i > 0
            and doc[i].text == ","
            and doc[i - 1].pos_ == "PROPN"
            and doc[i - 1].dep_ in ("appos", "conj", "pobj")
            and doc[i - 1].ent_type_ not in _WHEN
        ):
            i -= 1  # "..., the president of X, Jamel Msallem, said": the name set off before it
        if (
            i >= 0
            and self.inq[i] < 0
            and doc[i].pos_ in ("PROPN", "PRON", "NOUN")
            and doc[i].ent_type_ not in _WHEN
        ):
            if doc[i].pos_ != "PRON" or doc[i].lower_ in PERSON_PRON | GROUP_PRON:
                return doc[i]
        j = tok.i + 1
        if (
            j < len(doc)
            and self.inq[j] < 0
            and doc[j].pos_ in ("PROPN", "NOUN")
            and doc[j].dep_ != "dobj"
            and doc[j].ent_type_ not in _WHEN
        ):
            k = j
            while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN" and self.inq[k + 1] < 0:
                k += 1
            return doc[k]
        if (
            j < len(doc)
            and self.inq[j] < 0
            and doc[j].lower_ in PERSON_PRON
            and doc[j].dep_ != "dobj"
        ):
            return doc[j]
        return None

    def np_span(self, h: Token) -> Span:
        """The noun phrase of ``h``: its left modifiers, compounds and short of/in phrases."""
        left = h.i
        for c in h.lefts:
            if c.dep_ in NP_LEFT and self.inq[c.i] < 0:
                left = min(left, c.left_edge.i)
        right = h.i
        for c in h.rights:
            if c.dep_ in NP_RIGHT:
                right = max(right, c.right_edge.i)
            elif c.dep_ == "prep" and c.lower_ in NP_PREPS and c.right_edge.i - h.i <= 6:
                right = max(right, c.right_edge.i)
        for i in range(h.i - 1, left - 1, -1):  # never over a blank line or a dateline dash
            t = self.doc[i]
            if (t.text == "-" and t.whitespace_) or self.across_paragraph(t, h):
                left = i + 1
                break
        while left < h.i and not any(ch.isalnum() for ch in self.doc[left].text):
            left += 1
        return self.doc[left : right + 1]

    def name_span(self, h: Token) -> tuple[int, int]:
        """``h`` with its contiguous compound / proper-noun neighbours."""
        doc = self.doc
        i = h.i
        while (
            i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].dep_ in ("compound", "flat", "nmod")
        ):
            i -= 1
        j = h.i
        while j + 1 < len(doc) and doc[j + 1].dep_ in ("flat",) and doc[j + 1].head.i == h.i:
            j += 1
        return doc[i].idx, doc[j].idx + len(doc[j])

    # -- resolution -----------------------------------------------------------

    def for_cue_token(self, tok: Token) -> Speaker | None:
        if tok.i not in self.cache:
            h = self.subject_token(tok)
            sp = self.resolve(h) if h is not None else None
            self.cache[tok.i] = sp
            nl = doc_text(self.doc).find("\n", tok.idx)
            self.remember(
                min(tok.sent.end_char, nl if nl >= 0 else tok.sent.end_char), sp
            )  # the speaker outranks the rest of its sentence
        return self.cache[tok.i]

    def last_speaker(self, pos: int, since: int) -> Speaker | None:
        """The last named speaker between ``since`` and ``pos``."""
        k = bisect.bisect_right(self.said, pos, key=lambda x: x[0])
        if k and self.said[k - 1][0] >= since:
            return self.said[k - 1][1]
        return None

    def spoke_since(self, a: Actor, pos: int) -> bool:
        """Whether another speaker of the same kind spoke after ``a`` was last named."""
        last = max(
            (m.start for m in a.mentions if m.end <= pos and m.kind != "pronoun"), default=-1
        )
        k = bisect.bisect_right(self.said, pos, key=lambda x: x[0])
        if k == 0:
            return False
        p, sp = self.said[k - 1]
        return (
            p > last
            and sp.actor is not a
            and _is_person(sp) == (a.kind == "person")
            and pos - p < 1500
        )

    def bound_in_clause(self, a: Actor, pron: Token) -> bool:
        """Whether ``a`` is named earlier in the pronoun's sentence, not as a subject:
        in "Speaking to Martin Smith, he said", "he" is not Martin Smith."""
        sent = pron.sent
        for m in a.mentions:
            if m.kind == "pronoun" or not sent.start_char <= m.start < pron.idx:
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) and not _subject_like(span):
                return True
        return False

    def last_seen_in_quote(self, a: Actor, pos: int) -> bool:
        """Whether ``a``'s last non-pronoun mention before ``pos`` is inside a quotation
        (a pronoun outside quotes rarely means someone only the quote names)."""
        last = max(
            (m for m in a.mentions if m.end <= pos and m.kind != "pronoun"),
            key=lambda m: m.start,
            default=None,
        )
        if last is None:
            return False
        span = self.doc.char_span(last.start, last.end, alignment_mode="expand")
        return span is not None and len(span) > 0 and self.inq[span[0].i] >= 0

    def resolve_titles(self) -> None:
        """Name title speakers the article names later: "Putin's spokesman said ..." then
        "..., Dmitry Peskov told reporters" (a person first seen after the title)."""
        firsts: dict[str, int] = {}
        for s, _e, _p, a in self.mentions:
            firsts.setdefault(a.id, s)
        for ti, sp in list(self.cache.items()):
            if sp is None or sp.via != "generic" or sp.head not in TITLE_WORDS:
                continue
            if sp.text.split(" ", 1)[0].lower() in INDEFINITE:
                continue  # "a spokesman said": someone unnamed, not the next person named
            if not sp.text.lower().rstrip(" ,").endswith(sp.head):
                continue  # a plural ("officials") is not one person
            k = bisect.bisect_right(self.said, sp.end, key=lambda x: x[0])
            for pos, later in self.said[k : k + 4]:
                if pos - sp.end > 1200:
                    break
                if later.actor is None or later.actor.kind != "person" or later.via == "pronoun":
                    continue
                if firsts.get(later.actor.id, pos) >= sp.start:
                    self.cache[ti] = Speaker(
                        sp.start, sp.end, sp.text, later.ref, later.actor, "title", sp.head
                    )
                    break

    def for_according(self, to: Token) -> Speaker | None:
        """The source of "according to X" (or of "X's statement", "a tweet by X")."""
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        return self.resolve(pobj)

    def resolve(self, h: Token) -> Speaker | None:
        if self.inq[h.i] >= 0:
            return None
        if (
            h.lower_ in ("who", "which", "that")
            and h.head.dep_ in ("relcl", "acl")
            and h.head.head.i != h.head.i
        ):
            h = h.head.head  # "Morial, who said ...": the relative clause's noun
        # "some of the protesters", "members of the House of Commons": the group
        if h.lemma_.lower() in PARTITIVE and h.pos_ in ("NOUN", "PRON", "NUM", "ADJ", "DET"):
            of = next((c for c in h.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if pobj is not None and self.inq[pobj.i] < 0:
                return self.resolve(pobj)
        # "a source within the Interior Ministry", "a Foreign Ministry spokesman": the body
        if h.lemma_.lower() in ANONYMOUS and not any(c.dep_ == "appos" for c in h.children):
            org = self.body_of(h)
            if org is not None:
                return Speaker(
                    h.idx, h.idx + len(h), h.text, org.ref(), org, "body", h.lemma_.lower()
                )
        # a report noun ("a tweet by X", "the US statement"): the speaker is its author
        if h.lemma_.lower() in REPORT_NOUNS:
            named: Token | None = None
            clause = {  # "a report showing that Zenith took control": not the author
                t.i
                for k in h.children
                if k.dep_ in ("acl", "relcl", "ccomp", "advcl")
                for t in k.subtree
            }
            for c in h.subtree:
                if c.i == h.i or self.inq[c.i] >= 0 or c.i in clause:
                    continue
                if c.dep_ in ("poss", "compound", "amod", "pobj") and (
                    c.dep_ != "pobj"
                    or c.head.lower_ in ("by", "from")
                    or (c.head.lower_ == "of" and c.head.head.i == h.i)  # the opinion of the Court
                ):
                    s = self.resolve_named(c)
                    if s is not None and s.actor is not None:
                        return s
                    if (
                        named is None
                        and c.dep_ != "compound"
                        and (c.pos_ == "PROPN" or (c.dep_ == "pobj" and _can_speak(c)))
                    ):  # "estimates by event organizers": the organizers
                        named = c
            if named is not None:  # an author the actors stage does not know
                return self.resolve_named(named, allow_generic=True)
            if h.dep_ in ("dobj", "pobj", "nsubjpass") and h.head.pos_ == "VERB":
                subj = next((c for c in h.head.children if c.dep_ in SUBJ and c.i != h.i), None)
                if subj is not None and self.inq[subj.i] < 0:
                    return self.resolve(subj)
        # an apposition naming an actor
        for c in h.children:
            if c.dep_ == "appos" and self.inq[c.i] < 0 and self.set_off(c):
                s = self.resolve_named(c)
                if (
                    s is not None
                    and s.actor is not None
                    and (h.pos_ != "PROPN" or s.actor.kind == "person")
                ):  # "Michael Landes, a stockholder in Unitel, said": Landes, not Unitel
                    s.via = "appos"
                    return s
        # a title with the person's name inside: "US Ambassador to Germany Richard Grenell"
        if h.lemma_.lower() in TITLE_WORDS or h.lemma_.lower() in REPORT_NOUNS:
            a = self.person_in(h)
            if a is not None:
                return Speaker(h.idx, h.idx + len(h), h.text, a.ref(), a, "title")
        return self.resolve_named(h, allow_generic=True)

    def set_off(self, appos: Token) -> bool:
        """An apposition closed by punctuation or the sentence end ("X, Y, said"), not a
        misparse running into the clause ("According to NPR, Joe Biden has ...")."""
        j = appos.right_edge.i + 1
        if j >= len(self.doc) or self.doc[j].is_punct or self.doc[j].is_sent_start is True:
            return True
        return appos.head.dep_ in SUBJ and j == appos.head.head.i  # "spokesman, John Smith said"

    def body_of(self, h: Token) -> Actor | None:
        """The organisation an unnamed speaker speaks for: a possessor, a compound or a
        short "for/of/at/in/within/from X" phrase naming an organisation actor (no person)."""
        if self.person_in(h) is not None:
            return None
        cands: list[Token] = []
        for c in h.children:
            if c.dep_ in ("poss", "compound", "nmod", "amod"):
                cands += [t for t in c.subtree if t.pos_ == "PROPN"]
            elif c.dep_ == "prep" and c.lower_ in BODY_PREPS:
                cands += [t for t in c.subtree if t.pos_ == "PROPN" and t.i - h.i <= 8]
        for t in cands:
            if self.inq[t.i] >= 0:
                continue
            a = actor_at(self.rec, t.idx, t.idx + len(t))
            if a is not None and a.kind == "org":
                return a
        return None

    def person_in(self, h: Token) -> Actor | None:
        """A person named inside ``h``'s noun phrase, not as a possessor."""
        np = self.np_span(h)
        poss = {t.i for c in h.children if c.dep_ == "poss" for t in c.subtree}
        best = None
        for t in np:
            if t.i in poss or t.i == h.i or self.inq[t.i] >= 0 or t.pos_ != "PROPN":
                continue
            a = actor_at(self.rec, t.idx, t.idx + len(t))
            if a is not None and a.kind == "person":
                best = a
        return best

    def resolve_named(self, h: Token, allow_generic: bool = False) -> Speaker | None:
        doc = self.doc
        low = h.lower_
        if (
            allow_generic
            and low in DESCRIBED_PRON
            and any(c.dep_ in ("amod", "prep", "relcl", "acl") for c in h.children)
        ):
            # "those close to him", "those who attended": a group the words describe
            np = doc[h.left_edge.i : h.right_edge.i + 1]
            name = " ".join(_STRIP.sub("", np.text.strip(" ,")).split())
            ref = ActorRef(name=name, country=self.country_in(np) or self.home)
            return Speaker(np.start_char, np.end_char, np.text, ref, None, "generic", low)
        if h.pos_ == "PRON" and low not in PERSON_PRON | GROUP_PRON:
            return None  # "everyone", "this", "someone": nobody in particular
        if low in PERSON_PRON | GROUP_PRON:
            a = actor_at(self.rec, h.idx, h.idx + len(h))
            if a is not None and low in PERSON_PRON and a.kind != "person":
                a = None  # "he" is a person, whatever the actors stage linked it to
            if a is not None and self.bound_in_clause(a, h):
                a = self.antecedent(h.idx, person=low in PERSON_PRON, speakers=True)
            elif a is None or self.last_seen_in_quote(a, h.idx) or self.spoke_since(a, h.idx):
                a = self.antecedent(h.idx, person=low in PERSON_PRON, speakers=True) or a
            if isinstance(a, Speaker):
                return Speaker(h.idx, h.idx + len(h), h.text, a.ref, a.actor, "pronoun")
            if a is None and low in PERSON_PRON:
                named = self.person_named_before(h)  # a person the actors stage missed
                sp = self.resolve_named(named, allow_generic=True) if named is not None else None
                if sp is not None and sp.ref is not None:
                    return Speaker(h.idx, h.idx + len(h), h.text, sp.ref, sp.actor, "pronoun")
            if a is None:
                return None
            return Speaker(h.idx, h.idx + len(h), h.text, a.ref(), a, "pronoun")
        s, e = self.name_span(h)
        a = actor_at(self.rec, h.idx, h.idx + len(h)) or actor_at(self.rec, s, e)
        if (
            a is not None
            and (h.pos_ != "PROPN" or low in TITLE_WORDS)
            and not _mention_covers(a, h)
        ):
            a = None  # "spokesman" overlapping "Putin" in "Putin's spokesman": not Putin
        if a is not None:
            ref = a.ref()
            if ref.country is None:
                ref.country = self.country_in(self.np_span(h), exclude=a)
            return Speaker(s, e, doc_text(doc)[s:e], ref, a, "subject")
        if a is None and h.pos_ == "PROPN":
            a = self.by_name_word(h)  # "Princess Ubolratana" for the actor "Ubolratana Mahidol"
            if a is not None:
                return Speaker(s, e, doc_text(doc)[s:e], a.ref(), a, "subject")
        if h.lemma_.lower() in TITLE_WORDS and not _indefinite(h):
            a = self.by_title(h)
            if a is not None:
                return Speaker(s, e, doc_text(doc)[s:e], a.ref(), a, "title")
        if self.describes_person(h):
            # "the former first lady said", "the Vermont senator added": a definite
            # description of someone named before, resolved like "she"
            a = self.antecedent(h.idx, person=True, speakers=True)
            if isinstance(a, Speaker):
                a = a.actor if a.actor is not None else a
            if isinstance(a, Speaker) and a.ref is not None:
                return Speaker(h.idx, h.idx + len(h), h.text, a.ref, None, "description", low)
            if isinstance(a, Actor):
                return Speaker(h.idx, h.idx + len(h), h.text, a.ref(), a, "description", low)
        if not allow_generic or h.pos_ not in ("NOUN", "PROPN"):
            return None
        if h.pos_ == "NOUN" and not _can_speak(h) and not _capitalised(h):
            return None  # "every right", "special privilege": not someone who speaks
        if h.lemma_.lower() in DEFINITE_ORG and _definite(h):
            a = self.named_body_before(h)  # "the company said": the company named before
            if a is not None:
                return Speaker(h.idx, h.idx + len(h), h.text, a.ref(), a, "title", h.lemma_.lower())
        np = self.np_span(h)
        last = np.end if h.pos_ == "PROPN" else h.i + 1  # "House of Commons", "officials"
        name = " ".join(_STRIP.sub("", self.doc[np.start : last].text.strip(" ,")).split())
        if not name:
            return None
        key = h.lemma_.lower()
        country = self.country_in(np) or self.country_of_clause(h) or self.home
        if country is None and key in self.generic:
            ref = ActorRef(self.generic[key].name, self.generic[key].country)
        else:
            ref = ActorRef(name=name, country=country)
            if country is not None:
                self.generic.setdefault(key, ref)
        return Speaker(np.start_char, np.end_char, np.text, ref, None, "generic", key)

    def describes_person(self, h: Token) -> bool:
        """ "the former first lady", "the Republican nominee", "the 70-year-old": ``the``
        and a noun naming one person, with no name, possessor or "of" phrase of its own."""
        if h.pos_ != "NOUN" or h.tag_ in ("NNS", "NNPS") or not _definite_det(h):
            return False
        word = h.lemma_.lower()
        if not (word in PERSON_NOUNS or word.endswith("-old") or word in TITLE_WORDS):
            return False
        return not any(
            c.dep_ in ("poss", "appos", "relcl", "acl")
            or (c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "from", "with"))
            for c in h.children
        )

    def country_in(self, span: Span, exclude: Actor | None = None) -> str | None:
        """The country of the first actor with one mentioned inside ``span``."""
        for t in span:
            if self.inq[t.i] >= 0:
                continue
            a = actor_at(self.rec, t.idx, t.idx + len(t))
            if a is None and t.lower_ in PERSON_PRON | GROUP_PRON | {"his", "its", "their"}:
                a = self.antecedent(t.idx, person=t.lower_ in PERSON_PRON | {"his"})
            if a is not None and a is not exclude and a.country:
                return a.country
        return None

    def country_of_clause(self, h: Token) -> str | None:
        """The country of the subject of the clause a generic speaker hangs on."""
        t = h
        for _ in range(4):
            if t.head.i == t.i:
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                subj = next((c for c in t.children if c.dep_ in SUBJ and c.i != h.i), None)
                if subj is not None:
                    s, e = self.name_span(subj)
                    a = actor_at(self.rec, s, e)
                    if a is not None and a.country:
                        return a.country
        return None

    def antecedent(self, pos: int, person: bool, speakers: bool = False) -> Actor | Speaker | None:
        """The nearest actor mentioned before ``pos`` (outside quotes), subjects first.

        With ``speakers``, the last named speaker wins when no subject of the right
        kind was mentioned after it.
        """
        last_said: tuple[int, Speaker] | None = None
        if speakers:
            k = bisect.bisect_right(self.said, pos, key=lambda x: x[0])
            for j in range(k - 1, max(k - 6, -1), -1):
                if _is_person(self.said[j][1]) == person and pos - self.said[j][0] < 1500:
                    last_said = self.said[j]
                    break
        here = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        sent_start = here[0].sent.start_char if here is not None and len(here) else pos
        k = bisect.bisect_left(self.mention_starts, pos)
        fallback: Actor | None = None
        seen = 0
        while k > 0 and seen < 40:
            k -= 1
            s, e, is_person, a = self.mentions[k]
            if pos - s > 1500:
                break
            if is_person != person:
                continue
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) == 0 or self.inq[span[0].i] >= 0:
                continue
            if s >= sent_start and not _subject_like(span):
                continue  # an object in the pronoun's own sentence is not its antecedent
            seen += 1
            if last_said is not None and s < last_said[0]:
                return last_said[1]
            if _subject_like(span):
                return a
            if fallback is None:
                fallback = a
        if last_said is not None:
            return last_said[1]
        return fallback

    def person_named_before(self, pron: Token) -> Token | None:
        """The head of the nearest person name (a PERSON entity) before ``pron`` outside
        quotes, within 1,500 characters, subjects first."""
        doc = self.doc
        fallback = None
        for i in range(pron.i - 1, -1, -1):
            t = doc[i]
            if pron.idx - t.idx > 1500:
                break
            if t.ent_type_ != "PERSON" or self.inq[i] >= 0 or t.pos_ != "PROPN":
                continue
            if t.ent_iob_ == "I" and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
                continue  # not the last word of the name
            if t.dep_ in SUBJ or (t.dep_ == "appos" and t.head.dep_ in SUBJ):
                return t
            fallback = fallback or t
        return fallback

    def named_body_before(self, h: Token) -> Actor | None:
        """The organisation actor that "the company", "the union", "the bank" points back
        to: the most recent one named before ``h`` whose name says what it is (a word of
        ``h``, or a company suffix for company and firm)."""
        word = h.lemma_.lower()

        def named(a: Actor) -> bool:
            words = {w.lower().strip(".,") for w in a.name.split()}
            return word in words or (word in ("company", "firm") and bool(words & COMPANY_SUFFIXES))

        # the organisation that spoke last, when it fits: in "DTD Enterprises said it ...
        # EaglesLair ... the company said", the company is the one speaking, not the last named
        k = bisect.bisect_right(self.said, h.idx, key=lambda x: x[0])
        for pos, sp in reversed(self.said[max(0, k - 3) : k]):
            if h.idx - pos > 3000:
                break
            if sp.actor is not None and sp.actor.kind == "org" and named(sp.actor):
                return sp.actor
        k = bisect.bisect_left(self.mention_starts, h.idx)
        seen: set[str] = set()
        while k > 0:
            k -= 1
            s, _e, is_person, a = self.mentions[k]
            if h.idx - s > 3000:
                break
            if is_person or a.kind != "org" or a.id in seen:
                continue
            seen.add(a.id)
            if named(a):
                return a
        return None

    def by_name_word(self, h: Token) -> Actor | None:
        """The one person actor whose name holds the word ``h`` (a name the actors stage
        did not link: "Princess Ubolratana" and "Ubolratana Mahidol")."""
        word = h.text.lower()
        if len(word) < 3:
            return None
        hits = [
            a
            for a in self.rec.actors
            if a.kind == "person" and word in (w.lower() for w in a.name.split())
        ]
        return hits[0] if len(hits) == 1 else None

    def by_title(self, h: Token) -> Actor | None:
        """A person actor whose title names ``h`` ("spokesman"), if exactly one."""
        word = h.lemma_.lower()
        hits = [
            a for a in self.rec.actors if a.kind == "person" and a.title and word in a.title.lower()
        ]
        return hits[0] if len(hits) == 1 else None


def _can_speak(h: Token) -> bool:
    """A common noun that names who can speak: a speaker noun, a title, a noun for one
    person, a document ("said the ruling")."""
    word = h.lemma_.lower()
    return (
        word in SPEAKER_NOUNS or word in TITLE_WORDS or word in PERSON_NOUNS or word in REPORT_NOUNS
    )


def _capitalised(h: Token) -> bool:
    """A noun written with a capital inside a sentence: part of a name the tagger took for
    a common noun ("a banner from People's Vote")."""
    if not h.text[:1].isupper() or h.text.isupper() or h.i == 0 or h.doc[h.i - 1].is_space:
        return False
    first = next((t for t in h.sent if not t.is_space and not t.is_punct), h)
    return first.i != h.i


def _is_speech_verb(t: Token) -> bool:
    from dyad.extract.quotes.cues import load_lexicon

    entry = load_lexicon().verbs.get(t.lemma_.lower())
    return entry is not None and entry[0] == "speech"


def _is_person(sp: Speaker) -> bool:
    if sp.actor is not None:
        return sp.actor.kind == "person"
    if sp.via == "generic" and sp.head and not sp.text[:1].isupper():
        # "a foreign banker", "a spokesman": one person, not a body
        return sp.head in TITLE_WORDS or sp.head in ANONYMOUS or sp.head.endswith(PERSON_ENDINGS)
    words = sp.text.split()
    return (
        bool(words) and all(w[:1].isupper() for w in words) and words[-1].lower() not in TITLE_WORDS
    )


def _mention_covers(a: Actor, h: Token) -> bool:
    s, e = h.idx, h.idx + len(h)
    return any(m.start <= s and e <= m.end for m in a.mentions)


def _subject_like(span: Span) -> bool:
    """A mention that is (in apposition to) a clause's subject."""
    return any(t.dep_ in SUBJ or (t.dep_ == "appos" and t.head.dep_ in SUBJ) for t in span)


def _indefinite(h: Token) -> bool:
    """ "a spokesman", "one official": someone unnamed."""
    return any(c.dep_ in ("det", "nummod") and c.lower_ in INDEFINITE for c in h.children)


def _home_country(rec: Record) -> str | None:
    """The country most of the article's actors belong to, when one clearly leads (at
    least half of the mentions with a country, and three of them): the country of an
    unnamed speaker ("a government official", "protesters") nothing else places."""
    counts: dict[str, int] = {}
    for a in rec.actors:
        if a.country and a.country != "IGO":
            n = sum(1 for m in a.mentions if m.kind != "pronoun")
            counts[a.country] = counts.get(a.country, 0) + n
    if not counts:
        return None
    best = max(counts, key=lambda c: counts[c])
    total = sum(counts.values())
    return best if counts[best] >= 3 and counts[best] >= 0.5 * total else None


def _definite_det(h: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in h.children)


def _definite(h: Token) -> bool:
    """ "the company", "the union": a description that points back to one named before."""
    kids = list(h.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in kids) and not any(
        c.dep_ in ("compound", "amod", "poss", "prep", "relcl", "acl", "appos") for c in kids
    )
