"""The lexicon coder: the events stage's built-in coder (``--coder lexicon``).

For each trigger the lexicon finds (a verb or an event noun), the coder picks the most
specific lexicon entry that fits the parse, finds the source and target actors
(:mod:`dyad.extract.events.args`), decides whether the action is negated or only
hypothetical (:mod:`dyad.extract.events.modality`), who reports it (a quote's speaker or
the subject of a speech verb), its date and place, and writes a
:class:`dyad.model.Event` whose ``rule`` is the lexicon entry. Negated and hypothetical
events stay in the record with their flag. With a ``trace`` list, :meth:`LexiconCoder.code`
records every candidate trigger with the reason it made an event or none; ``dyad
explain`` shows that list, so it tells what the coder did.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Token

from dyad.contract import Context
from dyad.extract.events import args as A
from dyad.extract.events.coders import Candidate
from dyad.extract.events.decide import MATERIAL_CONFLICT, decide_type, is_general
from dyad.extract.events.lexicon import Entry, Lexicon, Match, get_lexicon
from dyad.extract.events.modality import modality
from dyad.extract.events.model import get_model
from dyad.extract.events.words import words
from dyad.extract.lookup import doc_tokens
from dyad.extract.places.stage import event_place
from dyad.extract.times.rules import MONTHS, WEEKDAYS
from dyad.extract.times.stage import event_date
from dyad.model import Actor, Event, Record
from dyad.vocab import cameo_facts

# event types whose object may stand for its author: "condemned the attack"
CONFLICT_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"}
SPEECH_TYPES = {"REQUEST", "ACCUSE", "THREATEN", "REJECT", "SUPPORT"}
# determiners of a noun that refers back: "the offer", "that offer", "this proposal"
DEFINITE = ("the", "this", "that", "these", "those")
TARGET_BY_EVENT = {"ACCUSE", "REJECT", "PROTEST", "SUPPORT", "REQUEST", "THREATEN", "SANCTION"}


def _date_place(doc: Doc, rec: Record, tok: Token) -> tuple[str | None, str | None, dict | None]:
    """The event's date (from the times stage's output, else the publication date) and
    its place (from the places stage's output)."""
    date, source = rec.published, "published" if rec.published else None
    got = event_date(doc, rec, tok.i)
    if got and got[0]:
        date, source = got[0], got[1]
    return date, source, event_place(doc, rec, tok.i)


def _speech_event(
    doc: Doc,
    rec: Record,
    tok: Token,
    etype: str,
    cameo: str,
    rule: str,
    speaker: Actor,
    target: Actor | None,
) -> Event:
    """An event a speaker performs by what they say (a denial, a demand), at ``tok``."""
    facts = cameo_facts(cameo)
    sent = tok.sent
    date, date_source, place = _date_place(doc, rec, tok)
    return Event(
        type=etype,
        span=(tok.idx, tok.idx + len(tok.text)),
        sentence=sent.text,
        source=_ref(speaker),
        target=_ref(target) if target is not None else None,
        cameo=cameo,
        quad_class=facts.quad_class if facts else None,
        goldstein=facts.goldstein if facts else None,
        date=date,
        date_source=date_source,
        place=place,
        trigger=tok.text,
        rule=rule,
        confidence=0.6,
        sentence_span=(sent.start_char, sent.end_char),
    )


def _resolve(rec: Record, args: list[A.Arg], places: bool = False) -> list[A.Arg]:
    """Keep the arguments behind which an actor stands (targets: or a named country)."""
    out = []
    for a in args:
        a.actor = A.actor_for(rec, a.token, whose=places)
        if a.actor is None and (places or a.how == "from-phrase"):
            a.actor = _place_actor(rec, a.token)
        if a.actor is None and places:
            a.actor = _named_org(rec, a.token)
        if a.actor is not None:
            out.append(a)
    return out


# proper nouns that are no organisation when the parser cannot say: calendar words
NOT_ORGS = {*WEEKDAYS, *MONTHS, "christmas", "easter"}


def _named_org(rec: Record, tok: Token) -> Actor | None:
    """An organisation the parser names (entity ORG) but the actors stage made no actor
    of: "agreed a sponsorship deal with Rangers", "accused Titan of bribery". Made on the
    spot for a target, with no country (better none than a guessed one)."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("ORG", "GPE", "") or tok.i == tok.sent.start:
        return None
    if tok.dep_ not in ("dobj", "pobj", "dative") or tok.lower_ in NOT_ORGS:
        return None
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:  # "Scottish club Rangers": the proper nouns of the phrase
        left = tok.i
        while left > tok.sent.start and tok.doc[left - 1].pos_ == "PROPN":
            left -= 1
        ent = tok.doc[left : tok.i + 1]
    words = [t for t in ent if t.lower_ != "the"]
    if not words or not any(t.text[:1].isupper() for t in words) or len(ent.text) < 2:
        return None
    if any(
        not (m.end <= ent.start_char or m.start >= ent.end_char)
        for a in rec.actors
        for m in a.mentions
    ):
        return None  # part of a name the actors stage read otherwise
    name = tok.doc[words[0].i : words[-1].i + 1].text
    return Actor(id="", name=name, country=None, kind="org", provenance="events")


def _place_actor(rec: Record, tok: Token) -> Actor | None:
    """A country or city named as a target ("a visit to Azerbaijan", "strikes on Tripoli").

    Event coders code a place that is acted upon as its country; the actor made here is
    not added to the record's actors, only referenced by the event.
    """
    start, end = tok.idx, tok.idx + len(tok.text)
    for p in rec.places:
        if p.span[0] <= start and end <= p.span[1] and p.country:
            kind = "country" if p.feature in (None, "country") else "place"
            return Actor(id="", name=p.name, country=p.country, kind=kind, provenance="place")
    return None


def _authorities(rec: Record, tok: Token) -> Actor | None:
    """The authorities of the one country the trigger's sentence places it in, if any."""
    sent = tok.sent
    countries = {
        p.country
        for p in rec.places
        if p.country and sent.start_char <= p.span[0] and p.span[1] <= sent.end_char
    }
    if len(countries) != 1:
        return None  # no place, or several: better no source than a guessed one
    iso = countries.pop()
    from dyad import knowledge

    c = knowledge.country(iso)
    name = c.name if c is not None else iso
    return Actor(
        id="",
        name=f"{name} authorities",
        country=iso,
        sector="GOV",
        kind="org",
        provenance="passive",
    )


def _distinct(args: list[A.Arg]) -> list[A.Arg]:
    """One argument per actor ("US Predator attacks": two modifiers, one United States)."""
    out: list[A.Arg] = []
    seen: set[str] = set()
    for a in args:
        key = a.actor.id or f"~{a.actor.name}|{a.actor.country}" if a.actor else ""
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _is_event_noun(lex: Lexicon, tok: Token) -> bool:
    return tok.pos_ == "NOUN" and bool(lex.entries_for("N", tok))


def _targets_via_event(
    rec: Record, lex: Lexicon, args: list[A.Arg], made: list[Event]
) -> list[A.Arg]:
    """Targets named by an event noun: its author, or the author of the last conflict event.

    "condemned Turkey's offensive" -> Turkey; "condemned the operation" -> whoever the
    article last reported attacking.
    """
    for a in args:
        t = a.token
        if not _is_event_noun(lex, t):
            continue
        src = _resolve(rec, A.noun_sources(t))
        if src:
            return [A.Arg(s.token, f"author of '{t.text}'", s.actor) for s in src]
        if any(c.dep_ == "prep" and c.lower_ in A.NOUN_TARGET_PREPS for c in t.children):
            continue  # "the strikes on Libya": named by what they hit, not who struck
        kinds = {x.type for x in lex.entries_for("N", t)} & CONFLICT_TYPES
        if not kinds and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in t.children):
            # "The call was seconded by Merkel", "rejected that offer": the call (the
            # offer) the article last reported
            kinds = {x.type for x in lex.entries_for("N", t)} - {"NONE"}
        if not kinds:
            continue  # only an attack or the like stands for its author
        same_word = not kinds & CONFLICT_TYPES  # "declined the offer": an earlier offer
        for e in reversed(made):
            if same_word and (e.trigger or "").lower()[:4] != t.lemma_.lower()[:4]:
                continue
            if (
                e.type in kinds
                and e.source
                and not e.negated
                and not e.hypothetical
                and e.reported_by is None
            ):
                actor = rec.actor(e.source.actor_id) if e.source.actor_id else None
                if actor is not None:
                    what = "attack" if kinds & CONFLICT_TYPES else e.type.lower()
                    return [A.Arg(t, f"author of the last reported {what} ('{e.trigger}')", actor)]
    return []


def _owner_targets(rec: Record, m: Match) -> list[A.Arg]:
    """The actor a pattern's own object belongs to: "called for G7 action" -> G7,
    "condemned the act of the NTC" -> NTC, "threatened the network's franchise"; or, for
    a pattern without an object, the owner of the verb's object: "rejected a takeover
    proposal from Deutsche Boerse", "broke a ceasefire with rebels"."""
    objs = [o for p in m.found.values() for o in p.children if o.dep_ == "pobj"]
    objs += [o for o in m.found.values() if o.dep_ in ("dobj", "nsubjpass")]
    if not objs:
        objs = [o for o in m.token.children if o.dep_ == "dobj"]
        objs = [o for o in objs if A.actor_for(rec, o) is None]
    out: list[A.Arg] = []
    for o in list(objs):
        for c in o.children:  # "signed a deal to buy the PC division of IBM" -> IBM
            if c.dep_ in ("acl", "relcl") and any(x.lower_ == "to" for x in c.children):
                objs += [x for x in c.children if x.dep_ == "dobj"]
                objs += [
                    y
                    for x in c.children
                    if x.dep_ == "prep" and x.lower_ in ("from", "with")
                    for y in x.children
                    if y.dep_ == "pobj"
                ]
    for o in objs:
        if o not in m.found.values() and o.dep_ == "pobj":
            a = A.actor_for(rec, o, whose=True)
            if a is not None:
                out.append(A.Arg(o, f"object of '{o.head.text}'", a))
                continue
        for c in o.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":  # "lifted sanctions imposed against Japan"
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("against", "on", "upon"):
                        for x in p.children:
                            a = A.actor_for(rec, x, whose=True) if x.dep_ == "pobj" else None
                            if a is not None:
                                out.append(A.Arg(x, f"target of '{c.text} {p.text}'", a))
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "with", "against", "on", "upon"):
                # "a proposal from Deutsche Boerse", "a ceasefire with rebels", "called for
                # sanctions against Nigeria"
                for x in c.children:
                    a = A.actor_for(rec, x, whose=True) if x.dep_ == "pobj" else None
                    if a is not None:
                        out.append(A.Arg(x, f"'{c.text}' phrase of '{o.text}'", a))
            if c.dep_ in ("compound", "poss", "nmod") or (c.dep_ == "prep" and c.lower_ == "of"):
                tok = (
                    c
                    if c.dep_ != "prep"
                    else next((x for x in c.children if x.dep_ == "pobj"), None)
                )
                if tok is None:
                    continue
                a = A.actor_for(rec, tok, whose=True)
                if a is not None:
                    out.append(A.Arg(tok, f"owner of '{o.text}'", a))
    if not out:  # "left OPEC": the pattern's object is itself an actor
        for o in m.found.values():
            if o.dep_ in ("dobj", "pobj") and o is not m.token:
                a = A.actor_for(rec, o)
                if a is not None:
                    out.append(A.Arg(o, "the pattern's object", a))
    return out


def _confidence(entry: Entry, src: A.Arg, tgt: A.Arg | None) -> float:
    c = 0.9 if entry.kind == "V" else 0.8
    if "climbed" in src.how or "light verb" in src.how or "controlling" in src.how:
        c -= 0.1
    if src.how in ("modifier",) or src.token.pos_ == "PRON":
        c -= 0.1
    if tgt is None:
        c -= 0.05
    return round(max(0.3, min(1.0, c)), 2)


def _reporter(rec: Record, tok: Token) -> Actor | None:
    return A.quote_speaker(tok, rec) or A.speaker_of_clause(tok, rec, skip=tok)


QUESTION_WORDS = ("whether", "if", "why", "how", "what", "who", "when", "where", "which")


def _question(tok: Token) -> bool:
    """ "He asked whether the Lib Dems would match Labour's promise": a verb whose only
    complement is an interrogative clause asks a question; it requests no act."""
    if any(c.dep_ in ("dobj", "dative", "xcomp") for c in tok.children):
        return False  # "asked Germany to send troops", "asked for help" (prep) stay requests
    if any(c.dep_ == "prep" for c in tok.children):
        return False
    for c in tok.children:
        if c.dep_ == "ccomp":
            first = min(c.subtree, key=lambda x: x.i)
            if first.lower_ in QUESTION_WORDS or any(
                x.dep_ in ("mark", "advmod") and x.lower_ in QUESTION_WORDS and x.i < c.i
                for x in c.children
            ):
                return True
    return False


FORECAST_MODALS = ("will", "would", "could", "may", "might", "'ll", "wo")


def _forecast_clause(tok: Token) -> bool:
    """ "Brown will need to raise $10bn, the firm claims": the claimed clause is about
    the future (a modal of forecast on its verb), so it alleges no act."""
    clauses = [c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    return bool(clauses) and all(
        any(a.dep_ == "aux" and a.lower_ in FORECAST_MODALS for a in c.children) for c in clauses
    )


def _speaks_for_state(a: Actor) -> bool:
    """An official or a public body may speak for its state; a firm, a paper or a charity
    of that country does not ("the regulator is investigating X, the firm said")."""
    if a.sector in ("BUS", "MED", "NGO", "EDU", "CVL", "REL", "CRM"):
        return False
    return a.kind == "person" or a.sector is not None


def _clause_preps(entry: Entry) -> set[str]:
    return {p.word for p in entry.parts if p.word}


def _same(a: Actor | None, b: Actor | None) -> bool:
    return (
        a is not None
        and b is not None
        and (
            (bool(a.id) and a.id == b.id)  # actors made on the spot have no id: compare names
            or (a.country is not None and a.country == b.country and a.name == b.name)
        )
    )


def _code(
    doc: Doc, rec: Record, lex: Lexicon, m: Match, made: list[Event], cand: Candidate
) -> list[Event]:
    """Events for one matched trigger (several where sources or targets are coordinated)."""
    e, tok = m.entry, m.token
    skip = {t.i for t in m.found.values()}
    victim = False
    if e.kind == "V" and e.type == "AGREE" and tok.lemma_.lower() in PLEDGE_VERBS:
        # "pledged to oppose the bill" is a stated rejection, "vowed to attack" a threat:
        # what a pledge promises decides its type, not the word pledge
        for c in tok.children:
            if c.dep_ != "xcomp" or c.pos_ != "VERB":
                continue
            inner, _ = lex.match("V", c)
            if inner is None:
                continue
            t = inner.entry.type
            if t == "REJECT":
                e = replace(e, type="REJECT", cameo="120", id=f"reject<-{e.id}")
            elif t in INTENT_THREATEN:
                e = replace(e, type="THREATEN", cameo=INTENT_THREATEN[t], id=f"threaten<-{e.id}")
            if e is not m.entry:
                cand.notes.append(f"a pledge to {c.text} ({t}): {e.type}")
            break
    if (
        e.kind == "V"
        and e.type == "THREATEN"
        and tok.lemma_.lower() in ("warn", "caution")
        and any(
            c.dep_ == "xcomp" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
            for c in tok.children
        )
        and not any(c.dep_ == "ccomp" for c in tok.children)
    ):
        # "warned the BBC to steer away from ...", "warned Mr Brown not to be tempted": a
        # warning to do or not to do something is a demand, not a threat
        e = replace(e, type="REQUEST", mode=None, cameo="100", id=f"request<-{e.id}")
        cand.notes.append(f"'{tok.text} ... to ...': a demand")
    # arguments
    if e.kind == "V":
        src_args = A.verb_sources(tok)
        tgt_args = (
            []
            if "tgt=none" in e.flags
            else A.verb_targets(tok, _clause_preps(e), skip, "tgt=clause" in e.flags)
        )
        if "tgt=obj" in e.flags:
            # "likened the government to Hitler's Germany": what it is likened to is
            # the measure, not a target
            tgt_args = [
                a
                for a in tgt_args
                if a.token.dep_ == "dobj"
                or (a.token.dep_ == "conj" and a.token.head.dep_ == "dobj")
            ]
        obj = m.found.get("obj")
        if obj is None:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        victim = (
            obj is not None
            and e.type in ("ACCUSE", "PROTEST", "REJECT")
            and A.norm_lemma(obj) in A.PATIENT_NOUNS
        )  # "investigating Stefan's murder": the victim is not the one accused
        if victim:
            assert obj is not None
            tgt_args = [a for a in tgt_args if a.token not in obj.subtree]
        if (
            obj is not None
            and not tgt_args
            and e.type in ("ACCUSE", "PROTEST", "REJECT")
            and _is_event_noun(lex, obj)
        ):
            # "cited the Cuban government's repression of the Cuban people": an
            # accusation is aimed at the act's author, not at its victims
            own = {a.token.i for a in src_args}  # (not the light verb's own subject)
            tgt_args = [
                A.Arg(a.token, f"author of '{obj.text}'")
                for a in A.noun_sources(obj, by_only=True)
                if a.token.i not in own
            ]
        if obj is not None and not tgt_args and e.type == "ACCUSE":
            tgt_args = A.clause_subject_targets(obj)  # "launched an inquiry into whether X ..."
        if obj is not None and not tgt_args and "tgt=none" not in e.flags and not victim:
            # "issued a rebuke of Putin's statements": the object's own arguments
            tgt_args = A.noun_targets(obj, answer=False) or [
                A.Arg(c, f"possessor of '{obj.text}'") for c in obj.children if c.dep_ == "poss"
            ]
    else:
        src_args = A.noun_sources(tok, type_=e.type, by_only="src=by" in e.flags)
        tgt_args = [] if "tgt=none" in e.flags else A.noun_targets(tok)
        if e.type == "ACCUSE" and not tgt_args:
            tgt_args = A.clause_subject_targets(tok)  # "an investigation into whether X ..."
    if (
        e.kind == "V"
        and "needclause" in e.flags
        and not any(
            c.pos_ in ("VERB", "AUX") and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
            for c in tok.children
        )
    ):
        cand.reason = f"entry {e.id} needs a that-clause ('alleged that ...') and has none"
        return []
    prep = m.found.get("prep")
    if (
        e.kind == "V"
        and e.type == "REQUEST"
        and tok.lemma_.lower() in LABEL_VERBS
        and prep is not None
        and (
            any(c.dep_ == "oprd" for c in tok.children)
            or (prep.head is not tok and any(c.dep_ == "dobj" for c in tok.children))
        )
    ):
        # "called Labour 'a brilliant machine for talking'": a name given, no call for
        cand.reason = f"'{tok.text} X ... {prep.text}': a label given, not a call"
        return []
    if (
        e.kind == "V"
        and e.type == "REJECT"
        and tok.lemma_.lower() in ("refuse", "decline")
        and any(
            c.dep_ == "xcomp"
            and c.lemma_.lower() in NO_COMMENT
            and not any(p.dep_ == "prep" and p.lower_ == "with" for p in c.children)
            for c in tok.children
        )
    ):
        # "Labour refused to discuss his new position", "declined to comment": no answer
        # given to the press is no rejection of anyone
        cand.reason = f"'{tok.text} to comment/discuss': no act against anyone"
        return []
    if e.kind == "V" and e.type == "REQUEST" and _question(tok):
        cand.reason = f"'{tok.text} whether/why ...' with no one asked to act: a question"
        return []
    if e.kind == "V" and "needclause" in e.flags and _forecast_clause(tok):
        cand.reason = f"entry {e.id}: the clause is a forecast ('will ...'), not an allegation"
        return []
    sources = _resolve(rec, list(src_args))
    if not sources and e.kind == "V" and e.type in CONFLICT_TYPES:
        # "US Predator attacks have killed eight leaders": the attack's author acts
        for a in src_args:
            if _is_event_noun(lex, a.token):
                sources = _resolve(rec, A.noun_sources(a.token))
                for s in sources:
                    s.how = f"author of '{a.token.text}'"
                break
    if not sources and e.kind == "V" and len(src_args) == 1:
        d = src_args[0].token
        if d.dep_ == "nsubj" and A.norm_lemma(d) in A.DOCUMENT_NOUNS:
            # "A statement from the ministry condemned the raid": the document's author
            sources = _resolve(rec, A.document_authors(d))
    if not sources and e.kind == "V" and e.mode == "arrest" and A.is_passive(tok):
        # "Five suspects were arrested in Kabul": no agent named; only a state's
        # authorities arrest, jail or deport, so the state where it happened acts
        auth = _authorities(rec, tok)
        if auth is not None:
            sources = [A.Arg(tok, "authorities where it happened (agentless passive)", auth)]
    if len(sources) == 1 and e.kind == "V":
        both = A.coordinated_actors(rec, sources[0].token)
        if both:
            sources = [A.Arg(sources[0].token, "coordinated subject", a) for a in both]
    targets = _resolve(rec, list(tgt_args), places=True)
    # the source is never its own target: drop it here, so that the searches below may
    # still find one ("Merrill Lynch denied Ms Villalba's claims": not who denied them)
    own_ids = {s.actor.id for s in sources if s.actor and s.actor.id}
    targets = [t for t in targets if t.actor and t.actor.id not in own_ids]
    if (
        not targets
        and e.kind == "V"
        and e.type in SPEECH_TYPES
        and "tgt=none" not in e.flags
        and not any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in tok.children)
    ):
        # "demanded that President Mugabe abandon ...": the addressee is the clause subject
        # (not where an object says what is meant: "had he denied the charge")
        clause = A.verb_targets(tok, set(), skip, True)
        targets = [a for a in _resolve(rec, clause) if a.how.startswith("subject of the that")]
    unnamed_addressee = (
        e.kind == "V"
        and tok.lemma_.lower() in A.OBJECT_CONTROL
        and any(c.dep_ in ("dobj", "dative") for c in tok.children)
    )  # "urging European leaders to wake up over Bush's re-election": they are asked
    if not targets and e.kind == "V" and "tgt=none" not in e.flags and not unnamed_addressee:
        # "threatened to attack South Korea", "agreed to send troops to Mali"
        for c in tok.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                inner = A.verb_targets(c, set(), set(), False)
                targets = _resolve(rec, inner, places=True)
                if not targets:
                    # "threatened to impose restrictions against German goods": the
                    # object's own prepositional phrase names whom it is aimed at
                    objs = {x.i for x in c.children if x.dep_ == "dobj"}
                    inner = [a for a in A.verb_targets(c, set(), objs, False) if a.tier == 1]
                    targets = _resolve(rec, inner, places=True)
                for a in targets:
                    a.how = f"target of '{c.text}'"
                break
    # a state is not the target of its own people's acts ("Trump withdrew the US from ...")
    if sources:
        src_countries = {
            s.actor.country
            for s in sources
            if s.actor
            and s.actor.country
            and (
                s.actor.kind == "country"
                or (s.actor.kind == "person" and s.actor.sector in (None, "GOV"))
            )
        }
        targets = [
            t
            for t in targets
            if not (t.actor and t.actor.kind == "country" and t.actor.country in src_countries)
        ]
    if targets:
        best = min(t.tier for t in targets)
        targets = [t for t in targets if t.tier == best]
    if any("'against'" in t.how for t in targets) and not e.symmetric:
        # "filed a complaint against Brussels with the WTO": the with-phrase is where
        targets = [t for t in targets if "'with'" not in t.how]
    if not targets and e.type in TARGET_BY_EVENT and tgt_args:
        targets = _targets_via_event(rec, lex, tgt_args, made)
    if (
        not targets
        and e.kind == "V"
        and not e.flags & {"tgt=none", "tgt=obj"}
        and not victim
        and not unnamed_addressee
    ):
        targets = _owner_targets(rec, m)
    if (
        not targets
        and e.kind == "V"
        and e.type in SPEECH_TYPES | {"COERCE", "SANCTION"}
        and tok.dep_ == "acl"
        and A.norm_lemma(tok.head) in A.DOCUMENT_NOUNS
    ):
        # "sent a letter requesting the new rules to Elaine Chao": whom it was sent to
        targets = _resolve(rec, A.document_addressee(tok.head))
    if not targets and e.kind == "V" and e.type in TARGET_BY_EVENT:
        # "The call was seconded by Merkel": the pattern's own object is an event noun
        # that stands for the call the article last reported
        own = [o for o in m.found.values() if o.dep_ in ("dobj", "nsubjpass") and o is not tok]
        targets = _targets_via_event(rec, lex, [A.Arg(o, "pattern object") for o in own], made)
    if sources and all(s.how == "modifier" for s in sources) and not targets:
        # "the Libyan military assault": a modifier names the agent only beside a target
        cand.reason = (
            f"'{sources[0].token.text}' only modifies '{tok.text}' and no target is named:"
            " too weak to say who acted"
        )
        return []
    # noun modifiers that named the source must not also be its target
    sources_ids = {s.actor.id for s in sources if s.actor and s.actor.id}
    targets = [t for t in targets if t.actor and t.actor.id not in sources_ids]
    if not sources:
        if src_args:
            cand.reason = "no source actor: " + ", ".join(
                f"'{a.token.text}' ({a.how}) is not a known actor" for a in src_args[:3]
            )
        else:
            cand.reason = "no source found in the parse (no subject, agent or possessor)"
        return []
    if "person" in e.flags:
        sources = [s for s in sources if s.actor and s.actor.kind == "person"]
        if not sources:
            cand.reason = f"entry {e.id} needs a person as source (a visitor)"
            return []
    if "tgtperson" in e.flags:  # "did not see Putin" (a meeting), not "see Russia as ..."
        targets = [t for t in targets if t.actor and t.actor.kind == "person"]
    # a trip inside one's own country is no visit of another actor
    targets = [
        t
        for t in targets
        if not (
            t.actor
            and t.actor.provenance == "place"
            and any(s.actor and s.actor.country in (None, t.actor.country) for s in sources)
        )
    ]
    if e.type in ("ASSAULT", "COERCE", "MOBILIZE") and "with" not in _clause_preps(e):
        # "airstrikes with the Royal Saudi Air Force": with is a companion, not a victim
        targets = [t for t in targets if "'with'" not in t.how]
    if e.mode == "visit":  # a visit inside one's own country visits no other actor
        src_c = {s.actor.country for s in sources if s.actor and s.actor.country}
        targets = [
            t
            for t in targets
            if not (t.actor and t.actor.kind != "person" and t.actor.country in src_c)
        ]
    if "tgtigo" in e.flags:  # "joined NATO", not "joined the company"
        targets = [t for t in targets if t.actor and "IGO" in (t.actor.sector, t.actor.country)]
    if "tgtplace" in e.flags:  # "took over the town", not "took over at the Home Office"
        targets = [t for t in targets if t.actor and t.actor.kind in ("country", "place")]
    if "needtgt" in e.flags and not any(t.tier == 0 for t in targets):
        if e.symmetric and len(sources) > 1 and not _own_object(e, tok, m):
            pass  # "Putin and Xi met": each is the other's target
        elif e.type == "AGREE" and any(c.dep_ == "xcomp" for c in tok.children):
            pass  # "agreed to re-open its borders"
        elif len(sources) == 1 and e.symmetric and A.coordinated_actors(rec, sources[0].token):
            pass
        else:
            targets = []
    # "Leaders of African Union member states met": a plural group meets among itself
    among = (
        e.symmetric
        and len(sources) == 1
        and sources[0].token.tag_ in ("NNS", "NNPS")
        and sources[0].actor is not None
        and sources[0].actor.kind in ("org", "group")
    )
    if (
        "needtgt" in e.flags
        and not targets
        and not among
        and not (e.symmetric and len(sources) > 1 and not _own_object(e, tok, m))
        and not (e.type == "AGREE" and any(c.dep_ == "xcomp" for c in tok.children))
    ):
        cand.reason = f"entry {e.id} needs a target actor and none was found"
        cand.source = sources[0].actor.name if sources[0].actor else None
        return []
    sources = _distinct(sources)
    targets = _distinct(targets)
    if e.kind == "V" and e.type == "THREATEN" and not e.parts:
        why = _forecast_warning(rec, tok, sources)
        if why:
            cand.reason = why
            return []
    if e.type in ("ASSAULT", "COERCE") and all(
        s.actor and s.actor.sector == "BUS" for s in sources
    ):
        cand.reason = "a business does not attack or coerce: likely a vehicle or product"
        return []
    if (
        e.type == "ASSAULT"
        and targets
        and all(_firm_like(s.actor) for s in sources)
        and all(_firm_like(t.actor) for t in targets)
    ):
        # "Dortmund was beaten 5-0 by Bayern Munich": firms and clubs of no armed sector
        # compete, they do not fight
        cand.reason = "an organisation of no armed sector against another: a contest"
        return []
    if e.type == "ASSAULT" and is_general(e) and _political_attack(sources, targets):
        if targets:
            # "Senator Kerry attacked President Bush": one politician attacks another at
            # home in words (CAMEO 111), not with arms
            e = replace(e, type="ACCUSE", mode=None, cameo="111", id=f"verbal<-{e.id}")
            cand.notes.append("a politician's attack on a person or party of their own country")
        else:
            # a person's "intervention" or "attack" aimed at no one named: a noun is a
            # figure of speech; a verb is one unless the model reads it as physical
            model = get_model()
            guess = model.guess(tok) if model is not None and e.kind == "V" else None
            if guess is None or guess.type not in MATERIAL_CONFLICT:
                cand.reason = f"a politician's '{tok.text}' aimed at no one: a figure of speech" + (
                    f" ({guess.explain()})" if guess is not None else ""
                )
                return []
    if e.type in SPEECH_TYPES:
        # "denied to Reuters": the press one speaks to is the audience, not the target
        targets = [
            t for t in targets if not (t.actor and t.actor.sector == "MED" and "'to'" in t.how)
        ]
    if (
        e.kind == "V"
        and e.type == "AGREE"
        and tok.lemma_.lower() == "agree"
        and not any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        and any(
            c.dep_ in ("ccomp", "conj")
            and (c.lemma_ == "be" or any(x.dep_ in ("acomp", "attr") for x in c.children))
            for c in tok.children
        )
    ):
        # "agreed the Act of Settlement was discriminatory": sharing an opinion
        cand.reason = f"'{tok.text} that ... is ...': an opinion shared, no agreement made"
        return []
    if e.type == "AGREE" and e.kind == "N":
        # "promises on the police", "an agreement on Iran's programme": the topic
        targets = [
            t for t in targets if not any(f"'{w}'" in t.how for w in ("on", "about", "over"))
        ]
    if e.type == "CONSULT":
        # talking to the press is no consultation between actors; one party is none
        targets = [t for t in targets if not (t.actor and t.actor.sector == "MED")]
        # "talks between India and Pakistan on the Baglihar dam": on/about/over name the
        # topic, not a party
        targets = [
            t for t in targets if not any(f"'{w}'" in t.how for w in ("on", "about", "over"))
        ]
        if not targets and not (len(sources) > 1 and e.symmetric and not _own_object(e, tok, m)):
            cand.reason = "a consultation needs a partner (the press is none)"
            return []
    if e.type == "REQUEST" and _enforced_order(tok, sources, targets):
        # "the Philippine government ordered the network to shut down": a state closing
        # its own firm or paper coerces it (CAMEO 172), it does not ask
        e = replace(e, type="COERCE", mode=None, cameo="172", id=f"coerce<-{e.id}")
        cand.notes.append("a state's order to close one of its own organisations: COERCE")
    pairs: list[tuple[A.Arg, A.Arg | None]] = []
    if targets:
        pairs = [(s, t) for s in sources for t in targets]
    elif e.symmetric and len(sources) > 1 and not _own_object(e, tok, m):
        pairs = [(sources[0], t) for t in sources[1:]]
    else:
        pairs = [(s, None) for s in sources]
    mod = modality(tok, stance=e.type in SPEECH_TYPES)
    reporter = _reporter(rec, tok)
    facts = cameo_facts(e.cameo)
    if (
        reporter is not None
        and facts is not None
        and facts.quad_class in (1, 3)
        and reporter.country
    ):
        # "Serdyukov said Russia backs the resolution": a state's words are its speaker's act
        pairs = [
            (A.Arg(s.token, f"speaker for {s.actor.name}", reporter), t)
            if s.actor
            and s.actor.kind == "country"
            and s.actor.country == reporter.country
            and _speaks_for_state(reporter)
            else (s, t)
            for s, t in pairs
        ]
    sent = tok.sent
    date, date_source, place = _date_place(doc, rec, tok)
    out: list[Event] = []
    for s, t in pairs:
        assert s.actor is not None
        if t is not None and t.actor is not None and _same(s.actor, t.actor):
            t = None
        rep = reporter if reporter is not None and not _same(reporter, s.actor) else None
        if reporter is not None and _same(reporter, s.actor):
            rep = None
        out.append(
            Event(
                type=e.type,
                span=(tok.idx, tok.idx + len(tok.text)),
                sentence=sent.text,
                source=_ref(s.actor),
                target=_ref(t.actor) if t is not None and t.actor is not None else None,
                mode=e.mode,
                cameo=e.cameo,
                quad_class=facts.quad_class if facts else None,
                goldstein=facts.goldstein if facts else None,
                date=date,
                date_source=date_source,
                place=place,
                negated=mod.negated,
                hypothetical=mod.hypothetical,
                reported_by=rep.ref() if rep is not None else None,
                trigger=tok.text,
                rule=e.id,
                confidence=_confidence(e, s, t),
                sentence_span=(sent.start_char, sent.end_char),
            )
        )
    out += _derived(out, e, mod, reporter, cand, tok)
    cand.source = ", ".join(dict.fromkeys(f"{s.actor.name} ({s.how})" for s, _ in pairs if s.actor))
    cand.target = ", ".join(f"{t.actor.name} ({t.how})" for t in targets if t.actor) or None
    cand.notes += mod.reasons
    reps = {x.reported_by.name for x in out if x.reported_by is not None}
    if reps:
        cand.notes.append("reported by " + ", ".join(sorted(reps)))
    if (mod.negated or mod.hypothetical) and any(not (x.negated or x.hypothetical) for x in out):
        cand.outcome = "event"
        cand.reason = (
            "; ".join(mod.reasons)
            + f" -> {', '.join(sorted({x.type for x in out if not x.hypothetical}))} of its own"
        )
    elif mod.negated or mod.hypothetical:
        cand.outcome = "flagged"
        cand.reason = "; ".join(mod.reasons) + " (kept with its flag, never counted)"
    else:
        cand.outcome = "event"
        cand.reason = f"{e.type} via {e.id}"
    return out


# what a warning's clause may name as the speaker's own threatened act
CONSEQUENCE_NOUNS = words("consequence_nouns")


def _forecast_warning(rec: Record, tok: Token, sources: list[A.Arg]) -> str:
    """Why a "warned that ..." is a forecast, not a threat ('' when it may be a threat).

    A threat is the speaker's own act held over someone: "warned Iran that it would
    face sanctions", "warned that the US would strike". A warning that a third party may
    act ("warned that the government could decide to ...") or that a state of things may
    hold ("warned Blair the war could be illegal") threatens no one.
    """
    clause = [c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if not clause:
        return ""
    v = clause[0]
    subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subj:
        return ""
    s = subj[0]
    if A.norm_lemma(s) in CONSEQUENCE_NOUNS:
        return ""  # "warned that the consequences would be severe"
    own = {id(a.actor) for a in sources if a.actor is not None}
    addressees = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    addr = {id(a) for a in (A.actor_for(rec, c) for c in addressees) if a is not None}
    who = A.actor_for(rec, s)
    if who is not None:
        if id(who) in own or id(who) in addr or s.lower_ in A.FIRST_PERSON:
            return ""
        return f"'{tok.text} that {s.text} ...': a forecast of another's act, not a threat"
    stative = v.lemma_ == "be" or any(c.dep_ in ("acomp", "attr") for c in v.children)
    if stative or s.dep_ == "expl":
        return f"'{tok.text} that {s.text} ... {v.text}': a forecast of how things will be"
    return ""


def _firm_like(a: Actor | None) -> bool:
    """An organisation of business or media, or of no known sector (a club, a firm)."""
    return a is not None and a.kind == "org" and a.sector in ("BUS", "MED", None)


def _own_object(e: Entry, tok: Token, m: Match) -> bool:
    """Whether a meeting verb acts on an object outside its pattern: "Labour and the
    Tories are telephoning millions of people" is no call between the two."""
    if e.type != "CONSULT":
        return False
    found = {t.i for t in m.found.values()}
    return any(c.dep_ == "dobj" and c.i not in found for c in tok.children)


# people of these sectors do politics, business or law, not war
CIVIL_SECTORS = {"GOV", "PTY", "OPP", "JUD", "BUS", "MED", "NGO", "EDU"}


def _political_attack(sources: list[A.Arg], targets: list[A.Arg]) -> bool:
    """Whether an attack is by politicians or business people on people, parties or
    firms of their own country (or on nothing named): a contest of words, not of arms.

    A target that is a state, a place or an armed group, or abroad, keeps it an assault
    ("Putin attacked Ukraine")."""
    if not sources or not all(
        s.actor and s.actor.kind == "person" and s.actor.sector in CIVIL_SECTORS for s in sources
    ):
        return False
    home = {s.actor.country for s in sources if s.actor}
    for t in targets:
        a = t.actor
        if a is None or a.kind in ("country", "place") or a.sector not in CIVIL_SECTORS:
            return False
        if a.country is not None and a.country not in home:
            return False
    return True


# what one declines to do when one declines to comment
NO_COMMENT = {
    "comment", "discuss", "elaborate", "speculate", "say", "confirm", "reveal", "disclose",
    "name", "identify", "specify", "detail", "answer", "respond", "talk",
}  # fmt: skip

# what an order to close makes its addressee do: "ordered the network to shut down"
CLOSING_VERBS = {
    "shut", "close", "cease", "halt", "stop", "suspend", "disband", "dissolve", "vacate",
    "evacuate", "surrender", "withdraw", "leave",
}  # fmt: skip


def _enforced_order(tok: Token, sources: list[A.Arg], targets: list[A.Arg]) -> bool:
    """An order of a state (or its government) to an organisation of its own country to
    close or stop: coercion, not a request."""
    if tok.lemma_.lower() not in ("order", "instruct", "direct"):
        return False
    if not any(
        c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in CLOSING_VERBS for c in tok.children
    ):
        return False
    state = [
        s.actor
        for s in sources
        if s.actor and (s.actor.kind == "country" or s.actor.sector in ("GOV", "JUD", "COP"))
    ]
    firms = [
        t.actor
        for t in targets
        if t.actor and t.actor.kind != "country" and t.actor.sector not in ("GOV", "MIL", "IGO")
    ]
    return bool(state and firms) and all(
        f.country is not None and f.country == state[0].country for f in firms
    )


# verbs of pledging: their type follows what they promise ("pledged to oppose the bill")
PLEDGE_VERBS = {"pledge", "vow", "promise", "swear"}

# a stated intention to act is itself an event: cooperation -> AGREE, conflict -> THREATEN
INTENT_AGREE = {
    "AID": "033",
    "COOPERATE": "031",
    "CONCEDE": "035",
    "RETREAT": "035",
    "CONSULT": "036",
    "SUPPORT": "032",
}
INTENT_THREATEN = {
    "ASSAULT": "138",
    "MOBILIZE": "138",
    "COERCE": "132",
    "SANCTION": "1312",
    "PROTEST": "133",
}


def _derived(
    evs: list[Event],
    e: Entry,
    mod: Any,
    reporter: Actor | None,
    cand: Candidate,
    tok: Token | None = None,
) -> list[Event]:
    """Events a not-fact implies: an intention (AGREE/THREATEN) or a demand (REQUEST).

    "Portugal will support Turkey's bid" is Portugal's promise (AGREE); "Nigeria will
    withdraw its force unless ..." and "farmers said they would blockade Paris" are
    threats; "Straw said Sudan must disarm the militias" is Straw's demand on Sudan.
    """
    out: list[Event] = []
    for ev in evs:
        new_type = code = None
        src, tgt, how = ev.source, ev.target, ""
        no_comment = (
            tok is not None
            and tok.lemma_.lower() in NO_COMMENT
            and not any(p.dep_ == "prep" and p.lower_ == "with" for p in tok.children)
        )  # "refused to discuss his new position": no talks refused to anyone
        if mod.refusal and e.type in INTENT_AGREE | {"AGREE": ""} and not no_comment:
            # "Syria will not accept refugees", "declined to resign": a refusal
            new_type, code = "REJECT", "124" if e.type == "CONSULT" else "120"
            how = "a refusal"
        elif mod.intent and not (
            reporter is None
            and not any(x.startswith(("will", "intend", "ready")) for x in mod.tags)
            and not mod.tags & {"has-if", "has-unless"}
        ):
            # ("would" states an intention only where someone is reported saying it)
            if "has-unless" in mod.tags and e.type not in ("THREATEN", "ACCUSE", "REQUEST"):
                new_type, code = "THREATEN", INTENT_THREATEN.get(e.type, "130")
            elif e.type in INTENT_THREATEN:
                new_type, code = "THREATEN", INTENT_THREATEN[e.type]
            elif e.type in INTENT_AGREE:
                new_type, code = "AGREE", INTENT_AGREE[e.type]
            how = "a stated intention"
        elif (
            mod.obligation
            and e.kind == "V"
            and reporter is not None
            and ev.source
            and _rid(ev.source) != reporter.id
        ):
            new_type, code = "REQUEST", "100"
            src, tgt = reporter.ref(), ev.source
            how = f"{reporter.name} says {ev.source.name} must act"
        if new_type is None:
            continue
        facts = cameo_facts(code)
        d = Event(**{**ev.__dict__})
        d.type, d.cameo, d.mode = new_type, code, None
        d.quad_class = facts.quad_class if facts else None
        d.goldstein = facts.goldstein if facts else None
        d.source, d.target = src, tgt
        d.negated = d.hypothetical = False
        d.reported_by = ev.reported_by if new_type != "REQUEST" else None
        d.rule = f"{new_type.lower()}<-{e.id}"
        d.confidence = round(max(0.3, ev.confidence - 0.15), 2)
        out.append(d)
        cand.notes.append(f"coded {new_type} as {how} to {e.type}")
    if out and cand is not None:
        cand.outcome = "event"
    return out


def _rid(ref: Any) -> str | None:
    """An actor reference's identity: its id, or its name for actors made on the spot."""
    if ref is None:
        return None
    return ref.actor_id or f"~{ref.name}|{ref.country}"


def _ref(a: Actor) -> Any:
    r = a.ref()
    if not r.actor_id:
        r.actor_id = None  # made on the spot (a place or a demonym phrase): not in rec.actors
    return r


def _key(ev: Event) -> tuple:
    return (
        ev.type,
        _rid(ev.source),
        ev.negated,
        ev.hypothetical,
    )


def _merge(events: list[Event]) -> tuple[list[Event], dict[int, int]]:
    """One event per (type, source, target) in an article: repeated mentions merge.

    An event without a target merges into one with the same type and source that has
    a target (the article names the same action twice, once more fully).
    """
    kept: list[Event] = []
    where: dict[int, int] = {}
    for i, ev in enumerate(events):
        hit = None
        for j, k in enumerate(kept):
            if _key(k) != _key(ev):
                continue
            kt = _rid(k.target)
            et = _rid(ev.target)
            if kt == et or kt is None or et is None:
                hit = j
                break
        if hit is None:
            where[i] = len(kept)
            kept.append(ev)
        else:
            k = kept[hit]
            if k.target is None and ev.target is not None:
                k.target = ev.target
            k.confidence = max(k.confidence, ev.confidence)
            where[i] = hit
    return kept, where


def _consult_model(m: Match, cand: Candidate, use_model: bool = True) -> Match:
    """Let the type model decide where the matched entry is a general one (see ``decide``)."""
    model = get_model() if use_model else None
    if model is None or not is_general(m.entry) or m.entry.type == "NONE":
        return m  # a specific entry decides (and the model is not asked: speed)
    guess = model.guess(m.token)
    new_type, code, why = decide_type(m.entry, guess)
    if why is None:
        cand.notes.append(f"{guess.explain()}: entry type kept")
        return m
    cand.notes.append(why)
    entry = replace(
        m.entry, type=new_type, cameo=code, id=f"model.{new_type.lower()}<-{m.entry.id}"
    )
    return Match(entry, m.token, m.found)


VERBAL_MANNER = words("verbal_manner")


# adjectives that put an attack outside the physical world: "economic aggression"
NONPHYSICAL_DOMAINS = words("nonphysical_domains")


def _verbal_manner(m: Match, cand: Candidate) -> Match:
    """An attack done in words or in a non-physical domain is no assault.

    "I attack Michael Howard politically", "attacked the government's economic record":
    a criticism (ACCUSE, CAMEO 111), whatever the entry says; an assault noun of such a
    domain ("the United States' economic aggression") is a figure of speech, no event."""
    if m.entry.type != "ASSAULT":
        return m
    tok = m.token
    if m.entry.kind == "N":
        dom = [c for c in tok.children if c.dep_ == "amod" and c.lower_ in NONPHYSICAL_DOMAINS]
        if not dom:
            return m
        cand.notes.append(f"'{dom[0].text} {tok.text}': not a physical attack")
        entry = replace(m.entry, type="NONE", id=f"figurative<-{m.entry.id}")
        return Match(entry, tok, m.found)
    how = [c for c in tok.children if c.dep_ == "advmod" and c.lower_ in VERBAL_MANNER]
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    how += [
        c
        for o in objs
        for c in o.children
        if c.dep_ in ("amod", "compound") and c.lower_ in NONPHYSICAL_DOMAINS
    ]
    if not how:
        return m
    cand.notes.append(f"'{tok.text} ... {how[0].text}': an attack in words")
    entry = replace(m.entry, type="ACCUSE", mode=None, cameo="111", id=f"verbal<-{m.entry.id}")
    return Match(entry, m.token, m.found)


def find_events(
    doc: Doc,
    rec: Record,
    ctx: Context | None = None,
    trace: list[Candidate] | None = None,
    use_model: bool = True,
) -> list[Event]:
    """Code the events of one parsed article; fill ``trace`` with every candidate.

    ``use_model=False`` leaves every type to the lexicon entries (the ``rules`` coder)."""
    lex = get_lexicon(doc.vocab, ctx)
    made: list[Event] = []
    owner: list[int] = []  # candidate index of each event
    cands: list[Candidate] = []
    taken: set[int] = set()
    handled: set[int] = set()
    for kind, tok in lex.candidates(doc):
        cand = Candidate(tok.text, (tok.idx, tok.idx + len(tok.text)), kind)
        cands.append(cand)
        if tok.i in taken:
            cand.reason = "part of another trigger's pattern"
            continue
        if kind == "V" and tok.dep_ == "amod":
            cand.reason = f"'{tok.text}' is used as an adjective here, not as an action"
            continue
        m, tried = lex.match(kind, tok)
        if m is None:
            cand.reason = "no entry fits: " + "; ".join(tried[:4])
            continue
        m = _consult_model(m, cand, use_model)
        m = _verbal_manner(m, cand)
        cand.entry, cand.type = m.entry.id, m.entry.type
        if m.entry.type == "NONE" and m.entry.id.startswith("model."):
            cand.type = None
            cand.reason = f"the model says this use is no event ({cand.notes[-1]})"
            continue
        if m.entry.type == "NONE":
            cand.type = None
            cand.reason = f"entry {m.entry.id} says this use ('{m.entry.pattern}') is no event"
            taken.update(t.i for t in m.found.values() if t.i != tok.i)
            continue
        if "noobj" in m.entry.flags and any(c.dep_ == "dobj" for c in tok.children):
            cand.reason = f"entry {m.entry.id} takes no object ('demonstrated ignorance')"
            continue
        taken.update(t.i for t in m.found.values() if t.i != tok.i)
        # "called for a cease-fire", "reneged on his commitment": the object is the request
        for p in m.found.values():
            if p.dep_ in ("prep", "agent") and p.i != tok.i:
                taken.update(o.i for o in p.children if o.dep_ == "pobj")
        evs = _code(doc, rec, lex, m, made, cand)
        if evs:
            handled.add(tok.i)
        for ev in evs:
            owner.append(len(cands) - 1)
            made.append(ev)
    for ev, cand in (
        _obligations(doc, rec, handled) + _denials(doc, rec) + _labels(doc, rec, handled)
    ):
        cands.append(cand)
        owner.append(len(cands) - 1)
        made.append(ev)
    merged, where = _merge(made)
    for i, j in where.items():
        c = cands[owner[i]]
        c.events.append(j)
        if j != i and merged[j] is not made[i]:
            c.notes.append("same event as an earlier mention: merged")
    if trace is not None:
        trace.extend(cands)
    return merged


# verbs that name their object with a verdict: "called the deal lousy"
LABEL_VERBS = words("label_verbs")
CRITICISM, PRAISE = -1.0, 1.5  # VADER valence of a verdict that criticises / praises


def _verdict_words(v: Token, obj: Token) -> list[Token]:
    """The words of the verdict a labelling verb gives its object: those after the
    object's head, up to the end of the clause ("called X 'hugely disappointing'",
    "branded X a waste of money and deeply flawed", "described X as dangerous"). The
    parser hangs verdicts in many places (oprd, a second object, an as-phrase), so the
    words are read in order, stopping at a comma, a new verb or a conjoined clause."""
    out: list[Token] = []
    for t in v.doc[obj.i + 1 : min(obj.i + 10, v.sent.end)]:
        if t.text in (",", ";", ":", ".", "(") or t.lower_ in ("but", "while", "which", "who"):
            break
        if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG"):
            break
        if t.dep_ == "cc" and t.head is v:
            break
        out.append(t)
    return out


def _labels(doc: Doc, rec: Record, handled: set[int]) -> list[tuple[Event, Candidate]]:
    """A verdict given to someone or their act is a criticism or a praise of them.

    "Tom Watson called May's Brexit deal 'lousy'": Watson ACCUSEs (CAMEO 111) May, the
    owner of the deal; "called him a hero" is praise (SUPPORT, 051). The verdict's tone
    is VADER's valence of its words (the most extreme one decides); a verdict with no
    clearly toned word ("called him a giant"), or on a thing of no one named or of the
    speaker's own ("described the performance as disappointing"), makes no event.
    """
    from dyad.extract.tone import analyzer

    valence = analyzer().lexicon
    out: list[tuple[Event, Candidate]] = []
    for v in doc_tokens(doc):
        if v.lemma_.lower() not in LABEL_VERBS or v.pos_ != "VERB" or v.i in handled:
            continue
        objs = sorted((c for c in v.children if c.dep_ in ("dobj", "dative")), key=lambda c: c.i)
        if not objs or A.is_passive(v):
            continue
        verdict = _verdict_words(v, objs[0])
        # "pretty modest": an intensifier before an adjective carries no verdict of its own
        verdict = [w for w in verdict if not (w.dep_ == "advmod" and w.head.pos_ == "ADJ")]
        scores = [valence.get(w.lower_, 0.0) for w in verdict]
        if not scores:
            continue
        score = min(scores) if -min(scores) >= max(scores) else max(scores)
        if CRITICISM < score < PRAISE:
            continue
        mod = modality(v)
        if mod.negated or mod.hypothetical:
            continue
        sources = _resolve(rec, A.verb_sources(v))
        if not sources or sources[0].actor is None:
            continue
        speaker = sources[0].actor
        target = A.actor_for(rec, objs[0], whose=True)
        if target is None or _same(target, speaker):
            continue  # a verdict on a thing of no one named, or on one's own ("described
            # the performance as disappointing"): no act between actors
        etype, cameo = ("ACCUSE", "111") if score <= CRITICISM else ("SUPPORT", "051")
        rule = "accuse.verdict" if etype == "ACCUSE" else "support.verdict"
        ev = _speech_event(doc, rec, v, etype, cameo, rule, speaker, target)
        cand = Candidate(v.text, ev.span, "V", rule, etype, "event")
        words_ = ", ".join(w.text for w in verdict if valence.get(w.lower_))
        cand.reason = f"{speaker.name} {v.text} {objs[0].text} '{words_}' (tone {score:+.1f})"
        cand.source, cand.target = speaker.name, target.name
        out.append((ev, cand))
    return out


# what a denial calls a claim: '"The report is false," the ministry said'
CLAIM_NOUNS = {"report", "claim", "allegation", "accusation", "charge", "story", "rumour", "rumor"}
DENIAL_WORDS = {
    "false", "untrue", "baseless", "groundless", "unfounded", "fabricated", "fake",
    "lie", "nonsense", "absurd", "ridiculous", "slander", "fabrication",
}  # fmt: skip


def _denials(doc: Doc, rec: Record) -> list[tuple[Event, Candidate]]:
    """A quoted or reported verdict that a claim is false is its speaker's denial (REJECT).

    '"The report is false and baseless," said Lavrov': Lavrov rejects the report; its
    author, where named ("the BBC's report"), is the target.
    """
    out: list[tuple[Event, Candidate]] = []
    for tok in doc_tokens(doc):
        if tok.lemma_ != "be" or tok.pos_ not in ("AUX", "VERB"):
            continue
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        pred = [c for c in tok.children if c.dep_ in ("acomp", "attr")]
        if not subj or not pred or subj[0].lemma_.lower() not in CLAIM_NOUNS:
            continue
        words = {p.lower_ for p in pred} | {
            c.lower_ for p in pred for c in p.children if c.dep_ == "conj"
        }
        if not words & DENIAL_WORDS or modality(tok).negated:
            continue
        speaker = _reporter(rec, tok)
        if speaker is None:
            continue
        author = next(
            (a.actor for a in _resolve(rec, A.noun_sources(subj[0])) if a.actor is not None), None
        )
        if author is not None and _same(author, speaker):
            author = None
        ev = _speech_event(doc, rec, tok, "REJECT", "120", "reject.denial", speaker, author)
        cand = Candidate(tok.text, ev.span, "V", "reject.denial", "REJECT", "event")
        cand.reason = (
            f"{speaker.name} says the {subj[0].text} is {'/'.join(sorted(words & DENIAL_WORDS))}:"
            " a denial"
        )
        cand.source, cand.target = speaker.name, author.name if author else None
        out.append((ev, cand))
    return out


def _obligations(doc: Doc, rec: Record, handled: set[int]) -> list[tuple[Event, Candidate]]:
    """Reported obligations are demands: "Straw said Sudan must disarm the militias".

    The speaker requests it of the clause subject, whatever the verb (a lexicon trigger
    is already handled by :func:`_derived`).
    """
    out: list[tuple[Event, Candidate]] = _time_to(doc, rec, handled)
    for tok in doc_tokens(doc):
        if tok.dep_ == "aux" and tok.lower_ in ("must", "should"):
            v = tok.head  # "Sudan must disarm"
            subj_of = v
        elif (
            tok.lemma_ in ("need", "have")
            and tok.pos_ == "VERB"
            and tok.tag_ != "VBG"
            and not (tok.lemma_ == "have" and tok.tag_ == "VBD")
        ):
            # (not "is having to juggle", "had to pay": what someone does or did, no demand)
            # "They need to stand by us", "Iran has to comply"
            xs = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
            if not xs or not any(a.lower_ == "to" for a in xs[0].children):
                continue
            if any(a.dep_ == "aux" and a.lower_ in FORECAST_MODALS for a in tok.children):
                continue  # "Brown will need to raise taxes": a forecast, no demand
            v, subj_of = xs[0], tok
        else:
            continue
        if v.i in handled or v.pos_ not in ("VERB", "AUX"):
            continue
        subj = [c for c in subj_of.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and tok.i < subj[0].i:
            continue  # "should Pierluisi remain unconfirmed": a condition, no demand
        mod = modality(v)
        if mod.negated or mod.tags & {"has-if", "has-unless", "cond:if", "cond:unless"}:
            continue  # "if there is an order, then Facebook has to ...": a rule, no demand
        speaker = _reporter(rec, v)
        subs = [c for c in subj_of.children if c.dep_ == "nsubj"]  # a passive is no demand
        if speaker is None or not subs or A.is_passive(v):
            continue
        addressee = None
        if subs[0].lower_ in ("they", "them"):
            addressee = A.quoted_they(rec, subs[0], speaker)
        elif subs[0].lower_.strip("[]") in A.FIRST_PERSON or subs[0].pos_ != "PROPN":
            continue  # "we must ...", "the court must ...": no named actor is asked
        else:
            addressee = A.actor_for(rec, subs[0])
        if addressee is None or _same(addressee, speaker):
            continue
        if addressee.kind == "country" and addressee.country == speaker.country:
            continue  # a leader on what his own country must do
        ev = _speech_event(doc, rec, v, "REQUEST", "100", "request.obligation", speaker, addressee)
        cand = Candidate(v.text, ev.span, "V", "request.obligation", "REQUEST", "event")
        cand.reason = f"{speaker.name} says {addressee.name} '{tok.text} {'to ' if subj_of is not v else ''}{v.text}': a demand"
        cand.source, cand.target = speaker.name, addressee.name
        out.append((ev, cand))
    return out


def _time_to(doc: Doc, rec: Record, handled: set[int]) -> list[tuple[Event, Candidate]]:
    """ "It is time for Russia to withdraw", "it's time to give the British public the
    final say": a speaker's demand (REQUEST) of whoever is named to act, or of no one
    named. Only where someone is quoted or reported, and where the act names an actor
    (its doer, object or recipient): "it's time to go home" asks nothing political."""
    out: list[tuple[Event, Candidate]] = []
    for t in doc_tokens(doc):
        if t.lemma_.lower() != "time" or t.dep_ != "attr" or t.head.lemma_ != "be":
            continue
        if any(c.dep_ == "neg" for c in t.head.children):
            continue
        vs = [
            c
            for c in t.children
            if c.dep_ in ("relcl", "acl")
            and c.pos_ == "VERB"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]
        if not vs or vs[0].i in handled:
            continue
        v = vs[0]
        speaker = _reporter(rec, v)
        if speaker is None:
            continue
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        addressee = A.actor_for(rec, subj[0]) if subj else None
        named = addressee is not None or any(
            A.actor_for(rec, c) is not None
            for c in v.children
            if c.dep_ in ("dobj", "dative") and c.lower_ not in A.FIRST_PERSON
        )
        if not named or (addressee is not None and _same(addressee, speaker)):
            continue
        ev = _speech_event(doc, rec, v, "REQUEST", "100", "request.time_to", speaker, addressee)
        cand = Candidate(v.text, ev.span, "V", "request.time_to", "REQUEST", "event")
        cand.reason = f"{speaker.name}: 'time {'for ' + addressee.name + ' ' if addressee else ''}to {v.text}': a demand"
        cand.source, cand.target = speaker.name, addressee.name if addressee else None
        out.append((ev, cand))
    return out


class LexiconCoder:
    """The coder of our event lexicon (``lexicon/events.tsv``, a user's file beside it
    through ``Settings.events_lexicon``) and the rules above; with the type model
    (``lexicon/events_model.json``) deciding where a general entry cannot (``lexicon``),
    or without it (``rules``), to measure the two side by side."""

    def __init__(self, name: str = "lexicon", use_model: bool = True) -> None:
        self.name = name
        self.use_model = use_model

    def setup(self, context: Context) -> None:
        """Nothing to build ahead: the lexicon is compiled on the first article (it needs
        the parse's vocabulary)."""

    def code(
        self,
        doc: Doc,
        record: Record,
        context: Context,
        trace: list[Candidate] | None = None,
    ) -> list[Event]:
        return find_events(doc, record, context, trace, use_model=self.use_model)


CODER = LexiconCoder()
RULES = LexiconCoder("rules", use_model=False)
