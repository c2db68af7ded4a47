"""Facts versus not-facts: is an event trigger negated, or only hypothetical?

Negated: "did not see", "no talks", "refused to meet", "denied that it attacked".
Hypothetical: modals ("could impose"), conditions ("unless the alliance ..."), plans and
intentions ("plans to visit", "a threat to withdraw"), requests ("urged X to leave"),
purposes ("to help stop the aggression") and pending things ("awaited approval").
Both kinds stay in the record with their flag and are never counted as events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.extract.events.words import words

MODALS = words("modals")
# verbs whose complement has not happened (yet): "plans to visit", "urged X to leave"
HYPO_GOVERNORS = words("hypo_governors")
# verbs whose complement did not happen: "refused to meet", "failed to stop"
NEG_GOVERNORS = words("neg_governors")
# adjectives and participles before an infinitive that make it hypothetical
READY_WORDS = words("ready_words")
# nouns whose complement has not happened: "plans to visit", "a threat to withdraw"
HYPO_NOUNS = words("hypo_nouns")
# nouns whose infinitive is the act itself: "voted on a resolution to expel"
FACT_NOUNS = words("fact_nouns")
# verbs whose noun object has not happened (yet): "sought talks", "awaited approval"
HYPO_NOUN_VERBS = words("hypo_noun_verbs")
# verbs whose object noun is an act made before: "met its promises", "withdrew its offer"
KEPT_NOUN_VERBS = words("kept_noun_verbs")
# "a move branded a humiliating retreat": the participle's object is the name given
NAMING_VERBS = {"brand", "label", "dub", "term", "call", "describe", "style"}
KEPT_PREP_VERBS = {
    ("keep", "to"), ("stick", "to"), ("hold", "to"), ("adhere", "to"), ("deliver", "on"),
    ("renege", "on"), ("go", "on"), ("backtrack", "on"), ("follow", "through"),
}  # fmt: skip
# verbs that name or judge what their object is: "branded the move a retreat"
LABEL_LEMMAS = words("label_verbs")
NEG_NOUN_VERBS = words("neg_noun_verbs")
# verbs whose that-clause has not happened: "recommended the troops withdraw"
# what an accusation or a belief says happened is someone's claim, not a fact
CHARGE_VERBS = words("charge_verbs")
BLAME_VERBS = words("blame_verbs")
HYPO_CLAUSE_VERBS = words("hypo_clause_verbs")
HYPO_AMODS = words("hypo_amods")
CONDITION_MARKS = words("condition_marks")
FACT_GOVERNORS = words("fact_governors")


# speech verbs: their own modals say nothing of what they report
SAY_LEMMAS = words("say_lemmas")
REQUEST_GOVS = words("request_govs")
# governors that state the actor's own plan (promise, vow, agree, threaten are coded
# events themselves, so what they govern adds nothing)
INTENT_GOVS = words("intent_govs")
READY_INTENT = words("ready_intent")


def _modal_tag(word: str) -> str:
    if word in ("will", "'ll", "shall", "wo"):
        return "will"
    if word in ("would", "'d"):
        return "would"  # an intention only in reported speech ("said it would ...")
    if word in ("must", "should"):
        return "must"
    return "possible"


def _gov_tag(lem: str) -> str:
    if lem in ("consider", "weigh", "mull", "contemplate", "debate", "discuss", "study"):
        return "possible"  # deliberation is no intention
    if lem in REQUEST_GOVS:
        return "request" if lem not in ("need",) else "must"
    if lem == "have":
        return "must"
    if lem in INTENT_GOVS:
        return "intend"
    if lem in READY_INTENT:
        return "ready"
    return "gov"


@dataclass
class Modality:
    negated: bool = False
    hypothetical: bool = False
    reasons: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)  # what made it hypothetical

    def neg(self, why: str) -> None:
        self.negated = True
        self.reasons.append("negated: " + why)

    def hyp(self, why: str, tag: str = "") -> None:
        self.hypothetical = True
        self.reasons.append("hypothetical: " + why)
        if tag:
            self.tags.add(tag)

    @property
    def intent(self) -> bool:
        """Only the actor's own stated intention: "will withdraw", "ready to talk"."""
        if self.negated or not self.hypothetical:
            return False
        conditional = bool(self.tags & {"has-unless", "has-if"})
        # "Blair claimed a Tory government would cut £35bn": what an accuser says another
        # will do is the accuser's claim, not the other's stated intention
        blocked = {"purpose", "whether", "request", "must", "noun", "cond:if", "charge"}
        if not conditional:
            blocked.add("possible")  # "may halt mediation if ..." is a threat; "may" alone is not
        if self.tags & blocked:
            return False
        return any(
            x.startswith(("will", "would", "intend", "ready", "possible")) for x in self.tags
        )

    @property
    def refusal(self) -> bool:
        """A stated refusal: "will not accept", "declined to resign", "failed to reach"."""
        if not self.negated:
            return False
        if self.tags & {"purpose", "whether", "request", "noun", "cond:if"}:
            return False
        return "refuse" in self.tags or any(
            x.startswith(("will", "would", "intend", "ready")) for x in self.tags
        )

    @property
    def obligation(self) -> bool:
        """An obligation put on the actor: "Libya must hand over ...", "they need to"."""
        return not self.negated and "must" in self.tags and "request" not in self.tags


def _own_flags(t: Token, m: Modality, is_trigger: bool) -> None:
    for c in t.children:
        if c.dep_ == "advcl" and any(x.dep_ == "mark" and x.lower_ == "unless" for x in c.children):
            m.tags.add("has-unless")  # "will withdraw unless ...": a conditional threat
        elif c.dep_ == "advcl" and any(x.dep_ == "mark" and x.lower_ == "if" for x in c.children):
            m.tags.add("has-if")  # "may halt mediation if ..."
        if c.dep_ == "neg" or (c.lower_ in ("never",) and c.dep_ in ("advmod", "neg")):
            m.neg(f"'{c.text}' on '{t.text}'")
        elif c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in MODALS):
            tag = _modal_tag(c.lower_)
            if any(x.dep_ == "aux" and x.lower_ == "have" and x.i > c.i for x in t.children):
                tag = "possible"  # "would have allowed": counterfactual, not a plan
            m.hyp(f"modal '{c.text}' on '{t.text}'", tag)
        elif c.dep_ == "det" and c.lower_ == "no" and t.pos_ in ("NOUN", "PROPN"):
            m.neg(f"'no {t.text}'")
        elif (
            c.dep_ == "amod"
            and c.lower_ in HYPO_AMODS
            and t.pos_ == "NOUN"
            and c.lower_ != "new"
            and not (c.i > 0 and c.doc[c.i - 1].text == "-")  # "long-threatened"
        ):
            m.hyp(f"'{c.text} {t.text}'", "noun")
        elif c.dep_ == "aux" and c.lower_ == "going" and is_trigger:
            m.hyp("'going to'", "will")
    if any(c.dep_ == "preconj" and c.lower_ == "neither" for c in t.children) or (
        t.dep_ == "conj"
        and any(c.dep_ == "preconj" and c.lower_ == "neither" for c in t.head.children)
    ):
        m.neg(f"'neither ... nor' on '{t.text}'")  # "has neither admitted nor denied"
    for s in t.children:  # "neither the EU nor the US would endorse"
        if s.dep_ in ("nsubj", "nsubjpass") and any(
            x.dep_ == "preconj" and x.lower_ == "neither" for x in s.children
        ):
            m.neg(f"'neither ...' subject of '{t.text}'")
    # "is going to attack", "is set to visit"
    if t.dep_ == "xcomp" and (
        t.head.lower_ in READY_WORDS
        or any(c.dep_ in ("acomp", "oprd") and c.lower_ in READY_WORDS for c in t.head.children)
    ):  # "ready to help", "stand ready to help"
        m.hyp(f"'{t.head.text} to {t.text}'", _gov_tag(t.head.lower_))


def modality(trigger: Token, stance: bool = False) -> Modality:
    """Negation and hypotheticality of a trigger, from its own words and its governors.

    ``stance``: the trigger states a position (support, blame, reject ...), which a
    relative clause in the simple present still reports ("lawmakers who blame China")."""
    m = Modality()
    _own_flags(trigger, m, True)
    node, steps = trigger, 0
    stand_in: Token | None = None
    while steps < 8 and node.head is not node:
        h, dep = node.head, node.dep_
        steps += 1
        if dep == "xcomp":
            lem = h.lemma_.lower()
            if lem in NEG_GOVERNORS:
                m.neg(f"'{h.text} to {node.text}'")
                if lem in ("refuse", "decline", "fail", "reject"):
                    m.tags.add("refuse")
            elif lem in FACT_GOVERNORS:
                pass
            elif (lem in SAY_LEMMAS or lem in ("tweet", "post")) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in node.children
            ):
                # '"We stand ready," tweeted Johnson, "to provide whatever help we can"': what
                # a speech verb's infinitive says is an offer, an order or a claim, no fact
                if any(c.dep_ in ("dobj", "dative") for c in h.children):
                    tag = "request"  # "told Iraq to leave"
                elif any(c.dep_ == "aux" and c.lower_ == "have" for c in node.children):
                    tag = "charge"  # "claimed to have shot down a drone"
                elif any(c.dep_ == "auxpass" for c in h.children):
                    tag = "possible"  # "is said to be"
                else:
                    tag = "intend"
                m.hyp(f"'{h.text} ... to {node.text}'", tag)
            elif lem in HYPO_GOVERNORS or h.lower_ in READY_WORDS or h.pos_ == "ADJ":
                m.hyp(f"'{h.text} to {node.text}'", _gov_tag(lem if h.pos_ != "ADJ" else h.lower_))
            _own_flags(h, m, False)
            node = h
            continue
        if dep == "ccomp" and h.lemma_.lower() in ("have", "make", "let", "get"):
            # "seek to have the U.S. government retaliate": a causative shares what
            # governs it; what one has another do is no intention of the other's
            if any(c.dep_ == "xcomp" or c.dep_ == "aux" for c in h.children) or h.dep_ in (
                "xcomp",
                "ccomp",
            ):
                m.tags.add("request")
            _own_flags(h, m, False)
            node = h
            continue
        if dep == "ccomp":
            lem = h.lemma_.lower()
            if lem in ("deny", "refute", "reject", "dismiss"):
                m.neg(f"'{h.text}' denies it")
            elif lem in HYPO_CLAUSE_VERBS:
                m.hyp(f"'{h.text} that ...'", "request" if lem in REQUEST_GOVS else _gov_tag(lem))
            elif lem in CHARGE_VERBS and h.pos_ == "VERB":
                # "the U.S. charges that Japan is refusing": the charge is the event
                m.hyp(f"content of a charge or belief ('{h.text} that ...')", "charge")
            if lem not in SAY_LEMMAS:
                _own_flags(h, m, False)  # "a bill that would have allowed China to extradite"
            break
        if dep == "advcl":
            marks = [c.lower_ for c in node.children if c.dep_ == "mark"]
            if any(x in CONDITION_MARKS for x in marks):
                m.hyp(
                    f"condition '{marks[0]} ...'", "cond:unless" if "unless" in marks else "cond:if"
                )
            elif (
                not marks
                and h.lemma_.lower() in FACT_GOVERNORS
                and not any(c.dep_ == "dobj" for c in h.children)
                and (h.lemma_.lower() != "go" or any(c.dep_ == "prt" for c in h.children))
            ):
                # "He went on to accuse Mr Brown", "proceeded to attack": done, no purpose
                _own_flags(h, m, False)
                node = h
                continue
            elif any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children) or "so" in marks:
                m.hyp(f"purpose 'to {node.text}'", "purpose")
            elif not marks and node.tag_ in ("VBG", "VBN"):
                # a participle shares the main clause's modality
                _own_flags(h, m, False)
                node = h
                continue
            break
        if (
            dep == "relcl"
            and not stance
            and node.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ in ("aux", "auxpass") for c in node.children)
        ):
            # "the Medicaid budget, which provides health care to the poorest", "tourists
            # who visit Cuba every year": a relative clause in the simple present
            # describes how things stand, it reports no act
            m.hyp(f"a standing description ('{h.text} ... {node.text}')", "habit")
            break
        if dep == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            # "it is time for Russia to withdraw", "the time to act": an infinitival
            # relative has not happened
            tag = "must" if h.lemma_.lower() == "time" else "noun"
            m.hyp(f"'{h.text} ... to {node.text}'", tag)
            break
        if dep in ("nsubj", "nsubjpass") and node is trigger and node.pos_ == "NOUN":
            # "our strikes will widen", "the talks could resume": the noun's verb says,
            # and what governs that verb ("if you believe the rift is as bad ...")
            _own_flags(h, m, False)
            ready = [
                c for c in h.children if c.dep_ in ("acomp", "xcomp") and c.lower_ in READY_WORDS
            ]
            if ready:  # "the meeting is due to take place": scheduled, not held
                m.hyp(f"'{node.text} ... {ready[0].text}'", "noun")
            node = h
            continue
        if dep == "acl":
            lem = h.lemma_.lower()
            has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            if lem in FACT_NOUNS and has_to:
                pass
            elif lem in HYPO_NOUNS or has_to:
                m.hyp(f"'{h.text} to {node.text}'", "noun")
            _own_flags(h, m, False)
            node = h
            continue
        if (
            node is trigger
            and node.pos_ == "NOUN"
            and (
                (dep in ("attr", "oprd") and (h.lemma_ == "be" or h.lemma_.lower() in LABEL_LEMMAS))
                or (
                    dep == "dobj"
                    and (h.tag_ == "VBN" or h.dep_ in ("acl", "advcl"))
                    and h.lemma_.lower() in NAMING_VERBS
                )
            )
        ):
            # "This announcement is a humiliating retreat", "a move branded a retreat": the
            # noun says what something is called, it reports no act of its own
            m.hyp(f"'{h.text} ... {node.text}': a name given, not an act", "noun")
            break
        if (
            dep in ("dobj", "nsubjpass", "attr", "oprd")
            and (node.pos_ in ("NOUN", "PROPN") or node is stand_in)
            and h.pos_ in ("VERB", "AUX")
        ):
            lem = h.lemma_.lower()
            if lem in NEG_NOUN_VERBS:
                m.neg(f"'{h.text} {node.text}'")
            elif lem in HYPO_NOUN_VERBS:
                m.hyp(f"'{h.text} {node.text}'", "noun")
            elif lem in KEPT_NOUN_VERBS and node in (trigger, stand_in):
                # "Labour has met all of its promises", "withdrew its offer": an act
                # made before, now kept, broken or withdrawn, is no new act
                m.hyp(f"'{h.text} {node.text}': an earlier act", "noun")
            _own_flags(h, m, False)
            node = h
            continue
        if dep == "pcomp" and h.lower_ == "without":
            m.neg(f"'without {node.text}'")  # "without killing off demand"
        if dep == "pobj" and h.dep_ in ("prep", "agent"):
            prep = h
            gov = prep.head
            if prep.lower_ == "without":
                m.neg(f"'without {node.text}'")
            if (
                node is trigger
                and gov.pos_ == "VERB"
                and (gov.lemma_.lower(), prep.lower_) in KEPT_PREP_VERBS
            ):  # "kept to their pledge", "delivered on its promise", "went back on"
                m.hyp(f"'{gov.text} {prep.text} {node.text}': an earlier act", "noun")
            if node is trigger and prep.lower_ == "of" and gov.pos_ in ("PRON", "DET", "NUM"):
                stand_in = gov  # "all of its promises": the quantity stands for the noun
            if (
                gov.pos_ in ("NOUN", "PROPN")
                and gov.lemma_.lower() in HYPO_NOUNS
                and node.pos_ == "NOUN"
            ):
                m.hyp(f"'{gov.text} {prep.text} {node.text}'", "noun")
            if gov.pos_ in ("VERB", "AUX") and (gov.lemma_, prep.lower_) in {
                ("call", "for"),
                ("ask", "for"),
                ("push", "for"),
                ("press", "for"),
                ("appeal", "for"),
                ("wait", "for"),
                ("hope", "for"),
                ("plan", "for"),
                ("prepare", "for"),
                ("vote", "for"),
                ("argue", "for"),
            }:
                m.hyp(f"'{gov.text} {prep.text} {node.text}'", "noun")
            if prep.dep_ == "prep" and gov.pos_ in ("VERB", "AUX"):
                # a phrase in an adverbial of a clause keeps the clause's modality, and
                # that of what governs the clause ("claimed X would cut £35bn from
                # services hitting schools": the claim's content)
                _own_flags(gov, m, False)
            node = gov
            continue
        if dep == "pcomp" and h.dep_ == "prep":
            gov = h.head
            if h.lower_ in ("towards", "toward"):  # "work towards lifting the ban"
                m.hyp(f"'{h.text} {node.text}'", "purpose")
            elif (h.lower_ in ("of", "with") and gov.lemma_.lower() in CHARGE_VERBS) or (
                h.lower_ == "for" and gov.lemma_.lower() in BLAME_VERBS
            ):
                # "accusing the network of violating its franchise", "blame him for
                # encouraging farmers to set fires": the charge is the event
                m.hyp(f"content of a charge ('{gov.text} {h.text} {node.text}')", "charge")
            _own_flags(gov, m, False)
            node = gov
            continue
        if dep in ("acomp", "xcomp") and node.pos_ == "ADJ":
            _own_flags(h, m, False)  # "we are not prepared to ...": the copula's flags
            node = h
            continue
        if dep == "conj":
            if node.tag_ in ("VBD", "VBZ", "VBP") and node.tag_ != h.tag_:
                break  # "would have faced ... but resigned": its own tense, its own facts
            _own_flags(h, m, False)
            node = h
            continue
        if dep in ("compound", "amod") and node.pos_ in ("VERB",):
            node = h
            continue
        break
    # "it was unclear whether Putin's protest was ...": a clause under whether/if
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    for _ in range(3):
        marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
        if any(x in ("whether", "if") for x in marks):
            m.hyp(f"'{marks[0]} ...' clause", "whether")
            break
        if clause.dep_ in ("conj", "xcomp", "ccomp") and clause.head is not clause:
            clause = clause.head
        else:
            break
    if trigger.sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        m.hyp("a question", "whether")
    # de-duplicate reasons
    seen: list[str] = []
    for r in m.reasons:
        if r not in seen:
            seen.append(r)
    m.reasons = seen
    return m
