"""The events stage on sentences we wrote: every PLOVER type, facts versus not-facts,
passives, coordination, relative and participial clauses, reported speech, event nouns.

Each test runs the whole pipeline (actors first), so the sentences use full names that
any reasonable actors stage recognises.
"""

from __future__ import annotations

import pytest

from event_facts import facts, has


def flagged(rec):
    return [e for e in rec.events if e.negated or e.hypothetical]


TYPE_CASES = [
    ("AGREE", "Germany agreed to send more troops to Mali.", "Germany", None),
    (
        "CONSULT",
        "President Vladimir Putin met with German Chancellor Angela Merkel in Moscow.",
        "Putin",
        "Merkel",
    ),
    ("SUPPORT", "Egypt praised Jordan for its efforts.", "Egypt", "Jordan"),
    (
        "COOPERATE",
        "Japan cooperated with Australia on maritime security last year.",
        "Japan",
        "Australia",
    ),
    ("AID", "Norway provided humanitarian aid to Syria.", "Norway", "Syria"),
    ("RETREAT", "Prime Minister Theresa May resigned on Friday.", "May", None),
    ("RETREAT", "Israel withdrew its troops from Gaza.", "Israel", None),
    (
        "REQUEST",
        "The European Union called on Serbia to recognize Kosovo.",
        "European Union",
        "Serbia",
    ),
    ("ACCUSE", "Ukraine accused Russia of shelling civilian areas.", "Ukraine", "Russia"),
    (
        "REJECT",
        "Hungary rejected the European Commission's migration plan.",
        "Hungary",
        "European Commission",
    ),
    ("THREATEN", "North Korea threatened to attack South Korea.", "North Korea", "South Korea"),
    ("PROTEST", "Egypt protested against Ethiopia's dam project.", "Egypt", None),
    ("SANCTION", "The United States imposed sanctions on Venezuela.", "United States", "Venezuela"),
    ("MOBILIZE", "India deployed troops to the border on Monday.", "India", None),
    ("COERCE", "Turkey arrested a German journalist in Istanbul.", "Turkey", None),
    ("ASSAULT", "Saudi Arabia launched airstrikes on Yemen.", "Saudi Arabia", "Yemen"),
]


@pytest.mark.parametrize(
    ("etype", "text", "src", "tgt"), TYPE_CASES, ids=[c[0] for c in TYPE_CASES]
)
def test_every_plover_type(extract, etype, text, src, tgt):
    rec = extract(text, published="2020-03-10")
    assert has(rec, etype, src, tgt), facts(rec)


def test_event_carries_codes_and_evidence(extract):
    text = "Saudi Arabia launched airstrikes on Yemen on Monday."
    rec = extract(text, published="2020-03-11")
    ev = next(e for e in rec.events if e.type == "ASSAULT")
    assert ev.cameo and ev.cameo.startswith("19")
    assert ev.quad_class == 4 and ev.goldstein is not None and ev.goldstein < -5
    assert text[ev.span[0] : ev.span[1]] == ev.trigger == "airstrikes"
    assert ev.coder == "lexicon" and ev.rule and ev.rule.startswith("assault.n.")
    assert ev.sentence.startswith("Saudi Arabia") and ev.sentence_span == (0, len(text))
    assert 0 < ev.confidence <= 1
    assert ev.date == "2020-03-09" and ev.date_source == "text"


def test_negation_is_kept_but_flagged(extract):
    rec = extract("Pakistan denied that it had attacked India.", published="2020-03-10")
    attacks = [e for e in rec.events if e.type == "ASSAULT"]
    assert attacks and all(e.negated for e in attacks)
    assert ("ASSAULT", "Pakistan", "India") not in facts(rec)


def test_did_not_meet(extract):
    rec = extract("Robert Gates did not meet Vladimir Putin in Moscow.", published="2011-03-22")
    assert not [f for f in facts(rec) if f[0] == "CONSULT"]
    assert any(e.type == "CONSULT" and e.negated for e in rec.events)


def test_hypotheticals(extract):
    for text in (
        "France could impose sanctions on Turkey.",
        "If Iran attacks Israel, the United States will respond.",
        "The European Union urged Serbia to recognize Kosovo.",
    ):
        rec = extract(text, published="2020-03-10")
        hyp = flagged(rec)
        assert hyp and all(e.hypothetical for e in hyp), text
    rec = extract("France could impose sanctions on Turkey.")
    assert not [f for f in facts(rec) if f[0] == "SANCTION"]


def test_refusal_negates_the_action(extract):
    rec = extract("Iran refused to meet the American envoy.", published="2020-03-10")
    assert has(rec, "REJECT", "Iran")
    assert any(e.type == "CONSULT" and e.negated for e in rec.events)


def test_stated_intention_is_a_promise_or_threat(extract):
    rec = extract("Serbia will send aid to Albania next month.", published="2020-03-10")
    assert has(rec, "AGREE", "Serbia", "Albania")
    assert any(e.type == "AID" and e.hypothetical for e in rec.events)
    rec = extract(
        "Nigeria said it will withdraw its troops unless Chad pays.", published="2020-03-10"
    )
    assert has(rec, "THREATEN", "Nigeria")


def test_threat_noun_with_light_verb_and_condition(extract):
    rec = extract(
        "Italy issued a veiled threat to withdraw its ships unless NATO took charge.",
        published="2011-03-22",
    )
    assert has(rec, "THREATEN", "Italy")
    assert any(e.type == "RETREAT" and e.hypothetical for e in rec.events)


def test_passive_agent_is_the_source(extract):
    rec = extract("The Russian embassy in Kyiv was shelled by Russia.", published="2022-03-10")
    assert has(rec, "ASSAULT", "Russia")


def test_coordinated_sources(extract):
    rec = extract("Turkey and Iran condemned the bombing of the city.", published="2020-03-10")
    assert has(rec, "ACCUSE", "Turkey") and has(rec, "ACCUSE", "Iran")


def test_coordinated_meeting_is_one_symmetric_event(extract):
    rec = extract(
        "On October 6, US President Donald Trump and Turkish President Recep Tayyip Erdogan "
        "spoke on the phone.",
        published="2019-10-15",
    )
    consult = [f for f in facts(rec) if f[0] == "CONSULT"]
    assert len(consult) == 1
    assert {consult[0][1], consult[0][2]} >= {"Donald Trump"} and "Erdogan" in str(consult[0])


def test_relative_clause_subject(extract):
    rec = extract(
        "Russian President Dmitry Medvedev, who also expressed outrage at the vote, "
        "criticized Prime Minister Vladimir Putin.",
        published="2011-03-22",
    )
    assert has(rec, "ACCUSE", "Medvedev", "Putin")


def test_participial_clause_subject(extract):
    rec = extract(
        "Speaking after meeting Sergei Lavrov, Antony Blinken said the talks would continue.",
        published="2021-05-20",
    )
    consult = [f for f in facts(rec) if f[0] == "CONSULT"]
    assert any("Blinken" in str(f) and "Lavrov" in str(f) for f in consult), consult


def test_control_chain_source(extract):
    rec = extract("North Korea threatened to attack South Korea.", published="2020-03-10")
    attack = [e for e in rec.events if e.type == "ASSAULT"]
    assert attack and attack[0].source.name == "North Korea" and attack[0].hypothetical


def test_reported_speech_carries_the_speaker(extract):
    rec = extract(
        "U.S. Defense Secretary Robert Gates said the casualties were inflicted by "
        "Libyan leader Moammar Gadhafi.",
        published="2011-03-22",
    )
    ev = next(e for e in rec.events if e.type == "ASSAULT")
    assert "Gadhafi" in ev.source.name
    assert ev.reported_by is not None and "Gates" in ev.reported_by.name


def test_speech_act_is_itself_the_event(extract):
    rec = extract(
        "U.S. Defense Secretary Robert Gates charged that Libyan leader Moammar Gadhafi is lying.",
        published="2011-03-22",
    )
    assert has(rec, "ACCUSE", "Gates", "Gadhafi")
    rec = extract(
        "Defense Minister Anatoly Serdyukov called for an immediate cease-fire in Libya.",
        published="2011-03-22",
    )
    assert has(rec, "REQUEST", "Serdyukov")


def test_event_nouns_with_arguments(extract):
    rec = extract("Turkey's invasion of Syria drew condemnation.", published="2019-10-15")
    assert has(rec, "ASSAULT", "Turkey", "Syria")
    rec = extract(
        "Russian President Dmitry Medvedev issued a rare rebuke of Prime Minister "
        "Vladimir Putin's statements.",
        published="2011-03-22",
    )
    assert has(rec, "ACCUSE", "Medvedev", "Putin")
    rec = extract("China held talks with Vietnam on Thursday.", published="2020-03-10")
    assert has(rec, "CONSULT", "China", "Vietnam")
    rec = extract(
        "Turkish President Recep Tayyip Erdogan paid a visit to Azerbaijan on Tuesday.",
        published="2020-03-10",
    )
    assert has(rec, "CONSULT", "Erdogan", "Azerbaijan")


def test_phrasal_verbs_and_treaty_partner(extract):
    rec = extract(
        "Last year US President Donald Trump withdrew the US from a nuclear treaty with Iran.",
        published="2019-01-23",
    )
    assert has(rec, "SANCTION", "Trump", "Iran")
    assert not has(rec, "SANCTION", "Trump", "United States")


def test_no_source_no_event(extract):
    rec = extract("The strikes on Libya continued for a third day.", published="2011-03-22")
    assert not rec.events


def test_same_event_mentioned_twice_is_one_event(extract):
    rec = extract(
        "Turkey launched an offensive into Syria on Wednesday. "
        "Turkey began the offensive with airstrikes.",
        published="2019-10-15",
    )
    assert len([f for f in facts(rec) if f[0] == "ASSAULT" and f[1] == "Turkey"]) == 1


def test_did_not_see_is_a_negated_meeting(extract):
    rec = extract(
        "U.S. Defense Secretary Robert Gates did not see Russian Prime Minister Vladimir Putin.",
        published="2011-03-22",
    )
    assert not [f for f in facts(rec) if f[0] == "CONSULT"]
    assert any(e.type == "CONSULT" and e.negated for e in rec.events)


def test_reported_obligation_is_a_request(extract):
    rec = extract(
        "British Foreign Secretary Jack Straw said on Friday that Sudan must disarm the militias.",
        published="2004-07-02",
    )
    assert has(rec, "REQUEST", "Straw", "Sudan")
    rec = extract("Jack Straw said that Britain must act now.", published="2004-07-02")
    assert not has(rec, "REQUEST", "Straw", "United Kingdom")  # his own country


def test_questions_are_not_facts(extract):
    rec = extract("Did Russia attack Ukraine on Monday?", published="2022-03-10")
    assert not [f for f in facts(rec) if f[0] == "ASSAULT"]


def test_uses_that_are_no_event(extract):
    rec = extract("Russia released a statement on Monday.", published="2022-03-10")
    assert not facts(rec)
    rec = extract("Iran released two British sailors on Monday.", published="2022-03-10")
    assert has(rec, "RETREAT", "Iran")


def test_possessor_of_a_murder_is_the_victim(extract):
    rec = extract(
        "Saudi Arabia denied any role in Jamal Khashoggi's murder.", published="2018-10-20"
    )
    assert not has(rec, "ASSAULT", "Khashoggi")


def test_talking_to_the_press_is_no_consultation(extract):
    rec = extract("Vladimir Putin spoke to the BBC on Monday.", published="2022-03-10")
    assert not [f for f in facts(rec) if f[0] == "CONSULT"]


def test_refusal_is_a_rejection(extract):
    rec = extract("Syria said it will not accept any more refugees.", published="2003-03-10")
    assert has(rec, "REJECT", "Syria")
    assert not has(rec, "AID", "Syria")


def test_conditional_may_is_a_threat(extract):
    rec = extract(
        "The European Union may halt mediation efforts if the fighting continues.",
        published="1991-10-10",
    )
    assert has(rec, "THREATEN", "European Union")


@pytest.mark.parametrize(
    "text",
    [
        "Attack! Attack! Attack!",
        "who who who met met met with with",
        "“” «» — … ?? !!",
        "Russia " * 300,
        "The talks. The talks with. With the talks of the talks of the talks.",
        "Il a rencontré le président à Paris hier.",
    ],
)
def test_odd_text_never_breaks_the_stage(extract, text):
    rec = extract(text, published="2020-03-10")
    for e in rec.events:
        assert e.source is not None
        assert 0 <= e.span[0] < e.span[1] <= len(rec.text)
        assert rec.text[e.span[0] : e.span[1]] == e.trigger


def test_reaction_nouns_name_who_reacts_and_to_whom(extract):
    rec = extract(
        "Turkey's invasion of Syria drew condemnation from France.", published="2019-10-15"
    )
    assert has(rec, "ACCUSE", "France", "Turkey")
    assert has(rec, "ASSAULT", "Turkey", "Syria")


def test_quoted_they_need_to_is_a_demand_on_the_named_party(extract):
    rec = extract(
        "Turkish President Recep Tayyip Erdogan cited Article 5 of the NATO treaty and said, "
        '"They need to stand by us."',
        published="2019-10-15",
    )
    assert has(rec, "REQUEST", "Erdogan", "NATO")
    assert not has(rec, "SUPPORT", "NATO")


def test_confessed_acts_are_facts_but_purposes_are_not(extract):
    rec = extract("Mohammed Waseem confessed to killing Qandeel Baloch.", published="2019-09-27")
    assert has(rec, "ASSAULT", "Waseem")
    rec = extract(
        "The European Union pledged to work towards lifting the ban on Iran.",
        published="2019-09-27",
    )
    assert not [f for f in facts(rec) if f[0] in ("CONCEDE", "RETREAT")]
