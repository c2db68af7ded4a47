"""Who did it and to whom: event arguments from the dependency parse.

Sources are subjects, passive agents ("were inflicted by Gadhafi"), possessors and
modifiers of event nouns ("Turkey's invasion", "Turkish airstrikes") and subjects of
light verbs ("Italy issued a threat"); targets are objects, datives and prepositional
objects. Both follow coordination ("Turkey and Iran condemned"), relative clauses
("Medvedev, who expressed ..."), control chains ("threatened to withdraw") and
participial clauses ("Speaking after meeting Serdyukov, Gates ..."). Each argument is
a token; :func:`actor_for` maps it to an actor of the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dyad.extract.events.lexicon import MEASURE_NOUNS, base_lemma
from dyad.extract.events.words import word_pairs, words
from dyad.extract.lookup import mentions_at
from dyad.model import Actor, Record

SUBJ_DEPS = ("nsubj", "csubj")
# verbs whose object is the subject of their infinitive: "urged Iraq to reconsider"
OBJECT_CONTROL = words("object_control")
# verbs that carry an event noun's agent: "Italy issued a threat", "held talks"
LIGHT_VERBS = words("light_verbs")
# verbs whose object noun comes from someone else: "drew condemnation from France"
REACTION_VERBS = words("reaction_verbs")
# verb + preposition that carry an event noun's agent: "entered into an agreement"
LIGHT_PREP_VERBS = word_pairs("light_prep_verbs")
# nouns whose infinitive is done by the noun's author: "a resolution to expel"
AUTHORED_NOUNS = words("authored_nouns")
# prepositions after which a meeting noun's agent is the clause subject:
# "Gates met Serdyukov before a session with Medvedev"
# verbs that answer a request, an offer or a plea: their subject was its addressee
ANSWER_VERBS = {
    "approve",
    "accept",
    "reject",
    "grant",
    "deny",
    "refuse",
    "decline",
    "dismiss",
    "welcome",
    "answer",
    "consider",
    "heed",
    "rebuff",
}
# verbs that name an act's author with "to": "an attack ascribed to the Taliban"
AUTHOR_VERBS = words("author_verbs")
# documents whose participle is their author's act: "signed a decree banning the niqab"
DOCUMENT_NOUNS = words("document_nouns")
TEMPORAL_PREPS = words("temporal_preps")
# event nouns whose possessor suffers the act unless an of-phrase names the victim:
# "her murder", "his arrest" but "the United States' killing of Soleimani"
PATIENT_NOUNS = words("patient_nouns")
# the possessor of these is the same actor: "Russia's foreign ministry", "his government"
PART_NOUNS = words("part_nouns")
# prepositions whose object may be the target of a verb or noun
TARGET_PREPS = words("target_preps")
NOUN_TARGET_PREPS = (TARGET_PREPS - {"at"}) | {"of", "from", "between"}
# nouns that name people or bodies of someone else: "members of the EU"
GROUP_NOUNS = words("group_nouns")
QUANTITY_WORDS = words("quantity_words")
FIRST_PERSON = words("first_person")
THIRD_PERSON = words("third_person")
ACCUSE_VERBS = words("accuse_verbs")
SAY_VERBS = words("say_verbs")
# "the company", "the network": a business or media organisation named before
FIRM_NOUNS = words("firm_nouns")
PARTNER_NOUNS = words("partner_nouns")
# event nouns whose from-phrase names their author: "complaints from residents"
FROM_AUTHOR_NOUNS = words("from_author_nouns")
# legal actions whose modifier names where they are heard: "a US lawsuit"
VENUE_NOUNS = words("venue_nouns")
# people named by their tie to someone: "Mr Conlon's father" is someone else
RELATIVE_NOUNS = words("relative_nouns")
# determiners of a common noun that names new referents, never ones named before
INDEFINITE_WORDS = {"some", "other", "another", "several", "many", "various", "few", "a", "an"}
# "the government", "ministers": the government the article speaks of
GOVERNMENT_NOUNS = words("government_nouns")
FIRM_SECTORS = ("BUS", "MED", None)  # None: a company the actors stage could not place


@dataclass
class Arg:
    """An argument token, how it was found, and the actor behind it."""

    token: Token
    how: str
    actor: Actor | None = None
    tier: int = 0  # targets: 0 objects and clause subjects, 1 prepositional objects


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("Turkey and Iran")."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def is_passive(v: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def norm_lemma(t: Token) -> str:
    """The lemma, lower-cased; plural proper nouns ("Members") lose their -s."""
    lem = t.lemma_.lower()
    if t.pos_ == "PROPN" and lem.endswith("s") and lem[:-1] in GROUP_NOUNS:
        return lem[:-1]
    return lem


def _indefinite(t: Token) -> bool:
    """ "some aid groups", "other unions": a common noun naming new referents."""
    return t.pos_ == "NOUN" and any(
        c.dep_ in ("det", "amod") and c.lower_ in INDEFINITE_WORDS for c in t.children
    )


def _actor_span(rec: Record, t: Token, head: Token | None = None) -> Actor | None:
    """The actor named at ``t``; not by a common noun (a nominal mention) when ``t``'s
    phrase (headed by ``head``, else ``t``) is indefinite: "some aid groups" are not the
    Paris Club named before."""
    found = mentions_at(rec, t.idx, t.idx + len(t.text))
    if not found:
        return None
    a, m = found[0]
    if (
        m.kind in ("nominal", "title")
        and _indefinite(head if head is not None else t)
        and any(x.start < m.start for x in a.mentions)
    ):
        return None  # an indefinite phrase introduces an actor; it does not refer back
    return a


def speaker_of_clause(
    tok: Token, rec: Record, skip: Token | None = None, according: bool = True
) -> Actor | None:
    """The actor who says the clause ``tok`` is in, if a speech verb governs it."""
    node, steps = tok, 0
    while steps < 8 and node.head is not node:
        h = node.head
        if node.dep_ in ("ccomp", "parataxis") and h.lemma_ in SAY_VERBS and h is not skip:
            for c in h.children:
                if c.dep_ in SUBJ_DEPS:
                    a = actor_for(rec, c, pronouns=False)
                    if a is not None:
                        return a
            return None
        node, steps = h, steps + 1
    # "accused Russia of shelling": the accuser reports the shelling
    node = tok
    for _ in range(4):
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            gov = node.head.head
            if gov.lemma_ in ACCUSE_VERBS:
                for c in gov.children:
                    if c.dep_ in SUBJ_DEPS:
                        return actor_for(rec, c, pronouns=False)
            break
        if node.head is node:
            break
        node = node.head
    if not according:
        return None
    # "according to X"
    root = tok.sent.root
    for t in root.subtree:
        if t.lower_ == "according":
            for c in t.children:
                if c.lower_ == "to":
                    for o in c.children:
                        if o.dep_ == "pobj":
                            a = actor_for(rec, o, pronouns=False)
                            if a is not None:
                                return a
    return None


def quoted_they(rec: Record, tok: Token, speaker: Actor) -> Actor | None:
    """ "X cited the NATO treaty and said, 'They need to stand by us'": in a quote, an
    unresolved "they" is the last organisation or state named before it in the sentence."""
    a = _actor_span(rec, tok)
    if a is not None:
        return a if a.kind != "person" and a.id != speaker.id else None
    inside = any(q.span[0] <= tok.idx < q.span[1] for q in rec.quotes)
    if not inside:
        return None
    best: tuple[int, Actor] | None = None
    start = tok.sent.start_char
    for act in rec.actors:
        if act.kind == "person" or act.id == speaker.id:
            continue
        for m in act.mentions:
            if start <= m.start < tok.idx and (best is None or m.start > best[0]):
                best = (m.start, act)
    return best[1] if best else None


def quote_speaker(tok: Token, rec: Record) -> Actor | None:
    """The speaker of a quote (from the quotes stage) that contains ``tok``."""
    for q in rec.quotes:
        if q.span[0] <= tok.idx < q.span[1] and q.speaker is not None:
            if q.speaker.actor_id:
                a = rec.actor(q.speaker.actor_id)
                if a is not None:
                    return a
            for a in rec.actors:
                if a.name == q.speaker.name:
                    return a
    return None


TITLE_NOUNS = words("title_nouns")


def _by_surname(rec: Record, t: Token) -> Actor | None:
    """A bare surname the actors stage left unlinked: "Gates" for Robert Gates."""
    if t.pos_ != "PROPN" or not t.text[:1].isupper():
        return None
    if t.dep_ == "compound" or any(c.dep_ == "compound" and c.i < t.i for c in t.children):
        return None
    hits = [
        a
        for a in rec.actors
        if a.kind == "person" and " " in a.name and a.name.split()[-1] == t.text
    ]
    return hits[0] if len(hits) == 1 else None


PLURAL_PRONOUNS = words("plural_pronouns")


# people and forces a demonym can name: "Russian aircraft", "Afghan guerrillas"
GROUP_PEOPLE = words("group_people")


def _made(name: str, country: str | None, kind: str, sector: str | None = None) -> Actor:
    """An actor made on the spot by this stage (no id; not added to the record)."""
    return Actor(id="", name=name, country=country, sector=sector, kind=kind, provenance="events")


def _demonym_group(t: Token) -> Actor | None:
    """An actor made on the spot from a demonym and a group noun ("Russian aircraft").

    Used only where the actors stage found no actor; it is not added to the record.
    """
    try:
        from dyad import knowledge
    except ImportError:  # the knowledge base is optional here
        return None
    if t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper() and t.text.endswith("s"):
        people = knowledge.country_by_demonym(t.text)  # "Palestinians", "Israelis"
        if people is not None and knowledge.country_by_name(t.text) is None:
            return _made(t.text, people.iso3, "group")
    if (
        t.pos_ == "PROPN"
        and (t.ent_type_ == "ORG" or (t.is_upper and len(t.text) >= 2))
        and knowledge.country_by_demonym(t.text) is None
        and knowledge.country_by_name(t.text) is None
    ):
        # "Belarusian KGB", "Iranian IRGC": an organisation the actors stage does not know,
        # placed by the demonym before it
        for c in t.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < t.i:
                country = knowledge.country_by_demonym(c.text)
                if country is not None:
                    return _made(f"{c.text} {t.text}", country.iso3, "org")
    if norm_lemma(t) not in GROUP_PEOPLE and t.lemma_.lower() not in GROUP_PEOPLE:
        return None
    comp = [c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < t.i]
    if comp:  # "European Community foreign ministers", "NATO commanders"
        span = t.doc[comp[0].left_edge.i : comp[-1].i + 1]
        name = span.text
        org = knowledge.org_by_name(name)
        if org is not None:
            return _made(org.name, org.country, "org", org.sector)
    for c in t.children:  # "students throughout Indonesia", "police in Egypt"
        if c.dep_ == "prep" and c.lower_ in ("in", "from", "throughout", "across", "of"):
            for o in c.children:
                if o.dep_ == "pobj" and o.pos_ == "PROPN":
                    where = knowledge.country_by_name(o.text)
                    if where is not None:
                        return _made(f"{t.text} {c.text} {o.text}", where.iso3, "group")
    for c in t.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < t.i:
            country = knowledge.country_by_demonym(c.text) or knowledge.country_by_name(c.text)
            if country is None:
                continue
            sector = None
            ag = knowledge.agent(norm_lemma(t)) or knowledge.agent(t.lemma_.lower())
            if ag is not None:
                sector = ag.sector
            return _made(f"{c.text} {t.text}", country.iso3, "group", sector)
    return None


def _demonym_country(t: Token) -> Actor | None:
    """The country a demonym or country name modifying a noun stands for (made on the spot)."""
    try:
        from dyad import knowledge
    except ImportError:
        return None
    c = None
    lead = [x for x in t.children if x.dep_ in ("compound", "amod") and x.i == t.i - 1]
    if lead:  # "North Korean banks", "South African exports": the whole name first
        whole = t.doc[lead[0].i : t.i + 1].text
        c = knowledge.country_by_demonym(whole) or knowledge.country_by_name(whole)
    if c is None:
        c = knowledge.country_by_demonym(t.text) or knowledge.country_by_name(t.text)
    if c is None:
        return None
    return _made(c.name, c.iso3, "country")


def _bound_possessive(rec: Record, t: Token) -> Actor | None:
    """ "Gates told reporters after his meeting": a possessive bound by the clause subject."""
    low = t.lower_
    node = t.head
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            subs = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subs and not any(s is t or t in s.subtree for s in subs):
                a = actor_for(rec, subs[0], pronouns=False)
                if a is None:
                    return None
                person = a.kind == "person"
                if (low in ("his", "her") and person) or (low in ("its", "their") and not person):
                    return a
                return None
        if node.head is node:
            return None
        node = node.head
    return None


def actor_for(
    rec: Record, t: Token, pronouns: bool = True, depth: int = 0, whose: bool = False
) -> Actor | None:
    """The actor behind an argument token, looking into its noun phrase if needed."""
    if t.pos_ == "PRON" and t.dep_ == "poss" and pronouns:
        a = _bound_possessive(rec, t)
        if a is not None:
            return a
    a = _actor_span(rec, t)
    if a is not None and t.lower_ in PLURAL_PRONOUNS and a.kind == "person":
        a = None  # "them" is not one person
    if (a is None or a.kind != "person") and norm_lemma(t) in TITLE_NOUNS and depth == 0:
        # "US Ambassador to Germany Richard Grenell": the person, not the country
        people = [p for p in phrase_actors(rec, t) if p.kind == "person"]
        if len(people) == 1:
            return people[0]
    if a is not None:
        return a
    a = _by_surname(rec, t)
    if a is not None:
        return a
    if depth > 3:
        return None
    low = t.lower_
    if t.tag_ in ("WP", "WDT") or (low == "that" and t.head.dep_ == "relcl"):
        if t.head.dep_ == "relcl":
            return actor_for(rec, t.head.head, pronouns, depth + 1)
        return None
    if t.pos_ == "PRON":
        if not pronouns:
            return None
        if low in FIRST_PERSON:
            return quote_speaker(t, rec) or speaker_of_clause(t, rec)
        if low in THIRD_PERSON:
            # "X said it would ...": the speaker is the likeliest antecedent
            sp = speaker_of_clause(t, rec, according=False)  # a source cited is no antecedent
            if sp is None:
                return None
            person = sp.kind == "person"
            if (low in ("he", "him", "she", "her") and person) or (
                low in ("it", "they", "them") and not person
            ):
                return sp
            return None
        return None
    if t.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None
    # modifiers of the phrase: "Libyan air defenses", "U.S. officials", "Russia's move"
    for c in t.children:
        if c.dep_ == "poss" and norm_lemma(t) in RELATIVE_NOUNS:
            continue  # "Mr Conlon's father" is not Mr Conlon, even as a target
        if c.dep_ == "poss" and not whose and norm_lemma(t) not in PART_NOUNS:
            continue  # "his classmates" are not he (but "rejected the EC's plan" hits the EC)
        if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < t.i:
            a = _actor_span(rec, c, t)
            if a is None and c.dep_ == "poss" and c.pos_ == "PRON" and pronouns:
                a = actor_for(rec, c, pronouns, depth + 1)
            if a is None and c.dep_ == "poss" and c.pos_ == "NOUN":
                a = definite_antecedent(rec, c)  # "the network's franchise"
            if a is not None:
                return a
    if whose and t.pos_ == "NOUN":
        # a target named as the author of what is aimed at: "the decision by France"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                for o in c.children:
                    if o.dep_ == "pobj" and o.pos_ in ("PROPN", "NOUN"):
                        a = _actor_span(rec, o)
                        if a is not None:
                            return a
    # "members of the European Union", "allies such as Germany", "government of Syria"
    group = norm_lemma(t) in GROUP_NOUNS or t.lower_ in QUANTITY_WORDS
    preps = [c for c in t.children if c.dep_ == "prep"]
    for c in t.children:
        if c.lower_ == "such":  # "allies such as Germany"
            preps += [p for p in c.children if p.dep_ == "prep"]
    for c in preps:
        word = c.lower_
        if word in ("as", "including", "like") or (group and word in ("of", "from", "in")):
            for o in c.children:
                if o.dep_ == "pobj":
                    a = actor_for(rec, o, pronouns, depth + 1)
                    if a is not None:
                        return a
    for c in t.children:
        if c.dep_ == "appos":
            a = _actor_span(rec, c)
            if a is not None:
                return a
    a = _demonym_group(t)
    if a is not None:
        return a
    if whose and t.pos_ == "NOUN":
        # a target named by its owner's demonym: "Iranian oil platforms", "Japanese exports"
        for c in t.children:
            if c.dep_ in ("amod", "compound") and c.i < t.i:
                a = _demonym_country(c)
                if a is not None:
                    return a
    if t.dep_ in ("amod", "compound") and t.head.pos_ == "NOUN" and t.i < t.head.i:
        a = _demonym_country(t)  # "Palestinian riots", "Israeli military policies"
        if a is not None:
            return a
    if depth == 0 and t.pos_ == "PROPN":
        # a title the parser made the head: "US Ambassador to Germany Richard Grenell"
        found = phrase_actors(rec, t)
        people = [a for a in found if a.kind == "person"]
        if len(people) == 1:
            return people[0]
        if len(found) == 1:
            return found[0]
    if t.pos_ == "NOUN":
        return definite_antecedent(rec, t)
    return None


def definite_antecedent(rec: Record, t: Token) -> Actor | None:
    """ "the network", "the commission": the organisation an earlier mention called so.

    A definite noun phrase names an organisation met before when the noun is the last
    word of its name ("National Telecommunications Commission" -> "the commission") or
    stood right before one of its mentions ("television network ABS-CBN"). The nearest
    such mention before the phrase wins; none, or a plural noun, gives no actor.
    """
    lem = t.lemma_.lower()
    if lem in GOVERNMENT_NOUNS and not any(
        c.dep_ in ("amod", "compound", "poss", "nmod", "prep") for c in t.children
    ):
        if (t.tag_ == "NN" and any(c.lower_ == "the" for c in t.children)) or (
            t.tag_ == "NNS" and lem == "minister" and not list(t.children)
        ):
            return _government_antecedent(rec, t)  # "called on the government", "ministers"
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in t.children):
        return None
    mods = [c for c in t.children if c.dep_ in ("amod", "compound", "poss")]
    if (
        t.tag_ == "NN"
        and len(mods) == 1
        and mods[0].dep_ != "poss"
        and (lem in FIRM_NOUNS or lem in PARTNER_NOUNS)
    ):
        return _demonym_firm(rec, t, mods[0])  # "the Austrian partner", "the German company"
    if t.tag_ in ("NNS", "NNPS") or mods:
        return None  # "the Cuban people", "the network's": left to the modifier rules
    doc = t.doc
    best: tuple[int, Actor] | None = None
    for a in rec.actors:
        if a.kind not in ("org", "group"):
            continue
        named = a.name.lower().split()[-1:] == [lem] or a.name.lower().split()[-1:] == [t.lower_]
        for m in a.mentions:
            if m.end > t.idx or m.kind == "pronoun":
                continue
            hit = named
            if not hit:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    before = doc[max(0, span.start - 2) : span.start]
                    hit = any(
                        x.lemma_.lower() == lem and span.start <= x.head.i < span.end
                        for x in before
                    )  # "television network ABS-CBN": the noun modifies the name
            if hit and (best is None or m.start > best[0]):
                best = (m.start, a)
    if best is None and lem in FIRM_NOUNS:
        return _firm_antecedent(rec, t)
    return best[1] if best else None


def _government_antecedent(rec: Record, t: Token) -> Actor | None:
    """ "the government", bare "ministers": the government the article speaks of.

    That is the country an earlier "government" mention was resolved to, else the only
    country whose government people (sector GOV) the article named before ``t``; with
    none, or with several countries' officials and no earlier resolved mention, no actor.
    """
    best: tuple[int, Actor] | None = None
    govs: set[str] = set()
    for a in rec.actors:
        for m in a.mentions:
            if m.end > t.idx or m.kind == "pronoun":
                continue
            if a.kind == "country" and "government" in m.text.lower():
                if best is None or m.start > best[0]:
                    best = (m.start, a)
            if a.kind == "person" and a.sector == "GOV" and a.country:
                govs.add(a.country)
    if best is not None:
        return best[1]
    if len(govs) != 1:
        return None
    iso = next(iter(govs))
    for a in rec.actors:
        if a.kind == "country" and a.country == iso:
            return a
    try:
        from dyad import knowledge
    except ImportError:
        return None
    c = knowledge.country(iso)
    return _made(c.name if c else iso, iso, "country", "GOV")


def _demonym_firm(rec: Record, t: Token, mod: Token) -> Actor | None:
    """ "the Austrian partner", "the German company": the nearest organisation of that
    country named before the phrase (none if the modifier is no demonym)."""
    try:
        from dyad import knowledge
    except ImportError:
        return None
    country = knowledge.country_by_demonym(mod.text)
    if country is None:
        return None
    return _nearest_before(
        [
            a
            for a in rec.actors
            if a.kind == "org" and a.country == country.iso3 and a.name[:1].isalnum()
        ],
        t,
    )


def _nearest_before(actors: list[Actor], t: Token) -> Actor | None:
    """The actor of ``actors`` with the last non-pronoun mention ending before ``t``."""
    best: tuple[int, Actor] | None = None
    for a in actors:
        for m in a.mentions:
            if m.kind != "pronoun" and m.end <= t.idx and (best is None or m.start > best[0]):
                best = (m.start, a)
    return best[1] if best else None


def _firm_antecedent(rec: Record, t: Token) -> Actor | None:
    """ "the company", "the network": the nearest business or media organisation named
    before the phrase, or else the article's only one (a name the headline gave)."""
    firms = [
        a
        for a in rec.actors
        if a.kind == "org" and a.sector in FIRM_SECTORS and a.name[:1].isalnum()
    ]  # (a name opening with a quote mark is a title or a law the actors stage misread)
    best = _nearest_before(firms, t)
    if best is not None:
        return best
    return firms[0] if len(firms) == 1 else None


def _phrase_tokens(t: Token) -> list[Token]:
    """The tokens of ``t``'s noun phrase, leaving out clauses inside it."""
    out: list[Token] = []
    stack = [t]
    while stack:
        x = stack.pop()
        out.append(x)
        for c in x.children:
            if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "det", "case"):
                continue
            stack.append(c)
    return sorted(out, key=lambda x: x.i)


def phrase_actors(rec: Record, t: Token) -> list[Actor]:
    """Distinct actors named inside ``t``'s noun phrase, in text order."""
    seen: list[Actor] = []
    for x in _phrase_tokens(t):
        a = _actor_span(rec, x)
        if a is not None and a not in seen:
            seen.append(a)
    return seen


def coordinated_actors(rec: Record, t: Token) -> list[Actor]:
    """People coordinated inside one subject the parser did not split:
    "US President Donald Trump and Turkish President Recep Tayyip Erdoğan"."""
    toks = _phrase_tokens(t)
    if not any(x.lower_ in ("and", "&") for x in t.subtree if x.dep_ == "cc"):
        return []
    people = [a for a in phrase_actors(rec, t) if a.kind == "person"]
    return people if len(people) > 1 and len(toks) < 25 else []


def expand(tokens: list[Token], how: str) -> list[Arg]:
    out: list[Arg] = []
    for t in tokens:
        for c in conjuncts(t):
            out.append(Arg(c, how if c is t else how + "+conj"))
    return out


def verb_sources(v: Token, steps: int = 0) -> list[Arg]:
    """Subjects of a verb trigger, climbing control, coordination and participles."""
    subs = [c for c in v.children if c.dep_ in SUBJ_DEPS]
    if not subs:  # the parser sometimes hangs the subject on an auxiliary ("has been")
        for a in v.children:
            if a.dep_ in ("aux", "auxpass") and a.i < v.i:
                subs += [c for c in a.children if c.dep_ in SUBJ_DEPS]
    if subs:
        return expand(subs[:1], "subject" if steps == 0 else "subject (climbed)")
    if is_passive(v):
        for c in v.children:
            if c.dep_ == "agent":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                return expand(objs[:1], "passive agent")
        for c in v.children:
            # "was charged with fraud by Russian prosecutors": the parser hangs the agent
            # on the object of the verb's own prepositional phrase
            if c.dep_ != "prep" or c.lower_ not in ("with", "of", "for"):
                continue
            for o in c.children:
                if o.dep_ != "pobj":
                    continue
                for b in o.children:
                    if b.dep_ == "prep" and b.lower_ == "by":
                        objs = [x for x in b.children if x.dep_ == "pobj"]
                        return expand(objs[:1], "passive agent (under the object)")
        if v.lemma_ in ("oppose", "commit", "determine", "prepare") and any(
            c.dep_ == "prep" and c.lower_ == "to" for c in v.children
        ):  # "Israel is opposed to French mediation": a state, not a passive
            return expand([c for c in v.children if c.dep_ == "nsubjpass"][:1], "subject")
        return []
    if steps > 6 or v.head is v:
        return []
    if (
        v.tag_ == "VBN"
        and v.dep_ in ("advcl", "acl")
        and not any(c.dep_ in ("aux", "auxpass") for c in v.children)
    ):
        return []  # "Encouraged to explore ..., she": a passive participle; its agent is unnamed
    h, dep = v.head, v.dep_
    if dep in ("acomp", "xcomp") and v.pos_ == "ADJ":  # "is willing to send"
        return verb_sources(h, steps + 1)
    if dep == "xcomp":
        if h.lemma_ in OBJECT_CONTROL:
            objs = [c for c in h.children if c.dep_ in ("dobj", "dative")]
            for p in h.children:  # "called on Serbia to recognize", "count on Turkey to act"
                if not objs and p.dep_ == "prep" and p.lower_ in ("on", "upon"):
                    objs = [o for o in p.children if o.dep_ == "pobj"]
            if objs:
                return expand(objs[:1], "object of controlling verb")
        return verb_sources(h, steps + 1)
    if dep == "conj":
        return verb_sources(h, steps + 1)
    marks = [c for c in v.children if c.dep_ == "mark"]
    if dep == "advcl" and marks and v.tag_ in ("VBD", "VBZ", "VBP"):
        # a finite clause ("after Theresa May stepped down") has its own subject; the
        # parser sometimes hangs it on the conjunction; never the main clause's subject
        objs = [o for m in marks for o in m.children if o.dep_ == "pobj"]
        return expand(objs[:1], "subject (under the conjunction)")
    if dep == "advcl" and not any(
        c.dep_ == "mark"
        and c.lower_ in ("if", "unless", "because", "although", "though", "while", "whereas")
        for c in v.children
    ):
        return verb_sources(h, steps + 1)
    if dep == "acl" and h.pos_ in ("NOUN", "PROPN"):
        if v.tag_ == "VBD" and v.i > h.i:
            # a finite past verb is no modifier: "The Austrian partner asked for ...",
            # which the parser read as a reduced relative; the noun is its subject
            return expand([h], "subject (a finite verb parsed as a modifier)")
        if v.tag_ == "VBG":  # "the forces fighting ISIS"
            if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.pos_ in ("VERB", "AUX"):
                # "posted a message on Twitter blaming Iran": the poster blames
                return verb_sources(h.head.head, steps + 1)
            if norm_lemma(h) in DOCUMENT_NOUNS:
                # "signed a decree banning", "the ministry's statement condemning": the
                # document's author acts
                return document_authors(h, steps + 1)
            return [Arg(h, "noun the participle modifies")]
        if norm_lemma(h) in AUTHORED_NOUNS:  # "voted on a resolution to expel"
            got = noun_sources(h, steps + 1, by_only=True)
            return [Arg(a.token, f"author of the {h.text}") for a in got]
        return []
    if dep == "pcomp" and h.dep_ in ("prep",) and h.head.pos_ in ("VERB", "AUX"):
        gov = h.head
        objs = [c for c in gov.children if c.dep_ == "dobj"]
        if is_passive(gov) and h.lower_ in ("of", "for"):
            # "He has been criticised by the SNP for encouraging ...", "was accused of
            # lying": the passive subject did it, not the agent
            objs = [c for c in gov.children if c.dep_ == "nsubjpass"]
            if objs:
                return expand(objs[:1], f"subject of '{gov.text}'")
        if objs and h.lower_ in ("of", "for", "from", "against") and gov.lemma_ not in ("stop",):
            # "accused Russia of shelling", "blamed Iran for attacking": the object acts
            return expand(objs[:1], f"object of '{gov.text}'")
        return verb_sources(gov, steps + 1)
    if dep in ("compound", "amod") and h.pos_ in ("NOUN", "PROPN"):
        # a verb the tagger left inside a noun phrase: "after meeting Serdyukov"
        np = h
        if np.dep_ == "pobj" and np.head.dep_ == "prep" and np.head.head.pos_ in ("VERB", "AUX"):
            return verb_sources(np.head.head, steps + 1)
        if np.dep_ in ("dobj",) and np.head.pos_ == "VERB":
            return verb_sources(np.head, steps + 1)
    return []


def document_authors(doc_noun: Token, steps: int = 0) -> list[Arg]:
    """Who wrote, signed, sent or issued a document: its possessor or by-phrase, else the
    subject of the verb whose object it is ("Chahed signed a decree", "Pompeo sent a
    letter"); a document that is the subject of a trigger ("a UN report concluded") is
    named by its modifier too."""
    got = noun_sources(doc_noun, steps, by_only=True)
    if not got:  # "a statement from the ministry"
        for c in doc_noun.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                got = expand([o for o in c.children if o.dep_ == "pobj"][:1], "from-phrase")
    h = doc_noun.head
    if not got and doc_noun.dep_ in ("dobj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
        got = verb_sources(h, steps)
    if not got and doc_noun.dep_ in ("nsubj",):
        got = noun_sources(doc_noun, steps)
    return [Arg(a.token, f"author of the {doc_noun.text}") for a in got]


def document_addressee(doc_noun: Token) -> list[Arg]:
    """Whom a document was sent or issued to: the dative or to-phrase of the verb that
    carries it ("sent a letter ... to Elaine Chao", "issued an order to the network")."""
    h = doc_noun.head
    if doc_noun.dep_ not in ("dobj", "nsubjpass") or h.pos_ not in ("VERB", "AUX"):
        return []
    out: list[Arg] = []
    for c in [*h.children, *doc_noun.children]:
        if c.dep_ == "dative" and c.pos_ != "ADP":
            out += expand([c], f"addressee of the {doc_noun.text}")
        elif c.dep_ in ("prep", "dative") and c.lower_ == "to":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            out += expand(objs[:1], f"addressee of the {doc_noun.text}")
    return out


def noun_sources(
    n: Token, steps: int = 0, type_: str | None = None, by_only: bool = False
) -> list[Arg]:
    """Agents of an event noun: possessor, by-phrase, modifier or light verb subject."""
    for c in n.children:
        # "a meeting between Raha, Miller and Aiyar": the first named takes part, the
        # others are its targets (not the subject of the clause around the meeting)
        if c.dep_ == "prep" and c.lower_ == "between":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return [Arg(objs[0], "first of 'between'")]
    pron_poss: list[Token] = []
    for c in n.children:
        if c.dep_ == "poss":
            if n.lemma_.lower() in PATIENT_NOUNS and not any(
                p.dep_ == "prep" and p.lower_ == "of" for p in n.children
            ):
                continue  # "her murder", "Waseem's arrest": the possessor suffered it
            if c.pos_ == "PRON":
                pron_poss.append(c)  # "held their first meeting": the light verb says who
                continue
            return expand([c], "possessor")
    # "his murder and dismemberment by Saudi agents": coordinated nouns share a by-phrase
    for x in [n, *(c for c in n.children if c.dep_ == "conj")]:
        for c in x.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return expand(objs[:1], "by-phrase")
    if n.lemma_.lower() in FROM_AUTHOR_NOUNS:
        for c in n.children:
            # "complaints from residents", "criticism from Washington": who made them
            if c.dep_ == "prep" and c.lower_ == "from":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return expand(objs[:1], "from-phrase")
    for c in n.children:
        # "the attack, reportedly conducted by the Taliban", "an attack ascribed to the Taliban"
        if c.dep_ == "acl" and c.tag_ == "VBN":
            for p in c.children:
                if (p.dep_ == "agent" and p.lower_ == "by") or (
                    p.dep_ == "prep" and p.lower_ == "to" and c.lemma_.lower() in AUTHOR_VERBS
                ):
                    objs = [o for o in p.children if o.dep_ == "pobj"]
                    if objs:
                        return expand(objs[:1], f"'{c.text} {p.text}'")
    h = n.head
    if n.dep_ == "dobj" and h.lemma_ in REACTION_VERBS:
        # "drew condemnation from France", "faced criticism from Washington"
        for c in [*n.children, *h.children]:
            if c.dep_ == "prep" and c.lower_ == "from":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return expand(objs[:1], "from-phrase")
    if n.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in MEASURE_NOUNS:
        n, h = h.head, h.head.head  # "provided 25,000 tons of aid": the measure stands in
    if (
        n.dep_ in ("dobj", "attr")
        and base_lemma(h, LIGHT_VERBS) in LIGHT_VERBS
        and h.pos_ in ("VERB", "AUX")
    ):
        got = verb_sources(h, steps + 1)
        if got:
            return [Arg(a.token, "subject of light verb '" + h.text + "'") for a in got]
    if n.dep_ == "pobj" and h.dep_ == "prep":
        v = h.head
        if (v.lemma_, h.lower_) in LIGHT_PREP_VERBS:
            got = verb_sources(v, steps + 1)
            if not got and is_passive(v):  # "were engaged in ethnic cleansing"
                got = expand([c for c in v.children if c.dep_ == "nsubjpass"][:1], "subject")
            if got:
                return [Arg(a.token, f"subject of '{v.text} {h.text}'") for a in got]
        if (
            type_ in ("CONSULT", "AGREE")
            and h.lower_ in TEMPORAL_PREPS
            and v.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in n.children)
        ):  # (not "resigned from the board following the share deal": whose deal?)
            got = verb_sources(v, steps + 1)
            if got:
                return [Arg(a.token, f"subject of '{v.text}' ({h.text} the {n.text})") for a in got]
    if pron_poss:
        return expand(pron_poss[:1], "possessor")
    if not by_only and norm_lemma(n) not in VENUE_NOUNS:
        # ("a US lawsuit against Rosneft": the modifier of a legal action names where)
        mods = [c for c in n.children if c.dep_ in ("compound", "amod", "nmod") and c.i < n.i]
        # "US Predator attacks": a modifier of a modifier may name the agent too
        mods += [
            g for c in mods for g in c.children if g.dep_ in ("compound", "amod") and g.i < c.i
        ]
        if mods:
            return [Arg(m, "modifier") for m in mods]
    return []


def verb_targets(v: Token, entry_preps: set[str], skip: set[int], clause: bool) -> list[Arg]:
    """Objects, datives and prepositional objects of a verb trigger."""
    out: list[Arg] = []
    if clause:
        for c in v.children:
            # "demanded that X abandon", "called for NATO members to increase spending"
            if c.dep_ == "ccomp" or (
                c.dep_ in ("advcl", "xcomp")
                and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
            ):
                subs = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                out += expand(subs[:1], "subject of the that-clause")
    if is_passive(v) or (
        # "was arrested and charged": a bare participle sharing a passive's subject
        v.tag_ == "VBN"
        and v.dep_ == "conj"
        and is_passive(v.head)
        and not any(c.dep_ in ("aux", *SUBJ_DEPS) for c in v.children)
    ):
        subs = [c for c in v.children if c.dep_ == "nsubjpass" and c.i not in skip]
        if not subs:
            subs = _governing_passive_subject(v)
        out += expand(subs[:1], "passive subject")
    for c in v.children:
        if c.i in skip:
            continue
        if c.dep_ in ("dobj", "dative") and not is_passive(v):
            out += expand([c], "object" if c.dep_ == "dobj" else "dative")
        elif c.dep_ == "dobj":
            out += expand([c], "object")
    if not is_passive(v) and not any(c.dep_ in ("dobj", "dative", "prep") for c in v.children):
        # "seized and sold Yukos' production arm": the object both verbs share
        for c in v.children:
            if (
                c.dep_ == "conj"
                and c.pos_ == "VERB"
                and not any(x.dep_ in SUBJ_DEPS for x in c.children)
            ):
                objs = [x for x in c.children if x.dep_ == "dobj" and x.i not in skip]
                out += expand(objs[:1], f"object shared with '{c.text}'")
                break
    preps = [c for c in v.children if c.dep_ in ("prep", "dative")]
    # "hold talks with X": the object's own prepositions
    for c in v.children:
        if c.i in skip and c.dep_ in ("dobj", "attr", "pobj"):
            preps += [p for p in c.children if p.dep_ == "prep"]
    prep_args: list[Arg] = []
    for p in preps:
        w = p.lower_
        if w in entry_preps or w in TARGET_PREPS:
            own = w in entry_preps
            for o in p.children:
                if o.dep_ == "pobj":
                    if o.i in skip:
                        # "withdrew from a treaty with Iran": the partner named inside
                        for q in o.children:
                            if q.dep_ == "prep" and q.lower_ in ("with", "between"):
                                objs = [x for x in q.children if x.dep_ == "pobj"]
                                more = expand(objs, f"partner in the {o.text}")
                                prep_args += more
                    else:
                        got = expand([o], f"object of '{w}'")
                        for a in got:
                            a.tier = 0 if own else 1
                        prep_args += got
    return out + prep_args


def _governing_passive_subject(v: Token) -> list[Token]:
    """The subject a passive verb with none of its own shares with the clause it hangs on:
    "was arrested and charged with fraud" (a conjunct), "is in prison, having been charged
    with fraud" (a participle clause). A finite clause or one with a subordinator of its
    own ("after he was charged") names its own subject, so none is taken from there."""
    h = v.head
    if v.dep_ == "conj" and v.tag_ == "VBN":
        return [c for c in h.children if c.dep_ in ("nsubjpass", "nsubj")][:1]
    if (
        v.dep_ == "advcl"
        and h.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.tag_ == "VBG" for c in v.children)
        and not any(c.dep_ == "mark" for c in v.children)
    ):  # "having been charged": the participle's subject is the main clause's
        return [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")][:1]
    return []


def clause_subject_targets(n: Token) -> list[Arg]:
    """ "an investigation into whether Alitalia is receiving illegal aid": the subject of
    the clause an accusation noun is about (into, of, over)."""
    out: list[Arg] = []
    for p in n.children:
        if p.dep_ == "prep" and p.lower_ in ("into", "of", "over"):
            for v in p.children:
                if v.dep_ in ("pcomp", "pobj") and v.pos_ in ("VERB", "AUX"):
                    subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
                    out += expand(subs[:1], f"subject of '{p.text} ... {v.text}'")
    return out


def noun_targets(n: Token, answer: bool = True) -> list[Arg]:
    """Objects of an event noun ("invasion of Syria", "talks with X", "trip to Slovenia").

    ``answer=False`` where the noun is the object of the trigger verb itself: who answers
    it ("denied Ms Villalba's claims") is then the source, never a target."""
    out: list[Arg] = []
    if n.lemma_.lower() in PATIENT_NOUNS and not any(
        p.dep_ == "prep" and p.lower_ == "of" for p in n.children
    ):
        out += [Arg(c, "possessor (who suffered it)") for c in n.children if c.dep_ == "poss"]
    h = n.head
    reaction = n.dep_ == "dobj" and h.lemma_.lower() in REACTION_VERBS
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS:
            if reaction and c.lower_ == "from":
                continue  # "faces criticism from France": who reacts, not whom
            for o in c.children:
                if o.dep_ == "pobj":
                    out += expand([o], f"object of '{c.lower_}'")
    if answer and not out and n.dep_ in ("dobj", "nsubjpass") and h.lemma_.lower() in ANSWER_VERBS:
        # "the IMF approved Sri Lanka's request", "a plea rejected by the Lords": who
        # answers a request (an offer, a plea) is whom it was made to
        who = [c for c in h.children if c.dep_ == "nsubj"] if n.dep_ == "dobj" else []
        who += [o for c in h.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        out += expand(who[:1], f"who {h.text} it")
    if reaction and not out:
        # "Turkey's invasion drew condemnation": what drew it is what is condemned
        out += expand(
            [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")][:1],
            f"subject of '{h.text}'",
        )
    if n.dep_ in ("dobj",) and h.lemma_ in LIGHT_VERBS:
        for c in h.children:
            if c.dep_ == "dative":
                out += expand([c], "dative of light verb")
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                for o in c.children:
                    if o.dep_ == "pobj":
                        out += expand([o], f"object of '{c.lower_}' on the light verb")
    if not out and n.dep_ in ("dobj", "nsubjpass") and h.lemma_ in LIGHT_VERBS:
        # "its call was made in a paper for the committee", "made its demand in a letter
        # to the minister": whom the document carrying it is addressed to
        for c in [*h.children, *n.children]:
            if c.dep_ != "prep" or c.lower_ != "in":
                continue
            for d in c.children:
                if d.dep_ == "pobj" and norm_lemma(d) in DOCUMENT_NOUNS:
                    for q in d.children:
                        if q.dep_ == "prep" and q.lower_ in ("to", "for"):
                            objs = [x for x in q.children if x.dep_ == "pobj"]
                            out += expand(objs[:1], f"addressee of the {d.text}")
    return out
