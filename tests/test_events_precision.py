"""Events of issue 17, session 4, on sentences we wrote: what makes no event or no wrong
argument on news copy (forecast warnings, attacks in words, earlier acts, attempts, the
government named by a bare noun, victims, comparisons, pronouns bound in their clause).
Each runs the whole pipeline (actors first)."""

from __future__ import annotations

import pytest

from event_facts import facts, has

# Each case: our sentences, and the fact event they must give (type, a word of the
# source's name, a word of the target's name).
FACT_EVENTS = [
    pytest.param(
        ("The United States warned Iran that it would face sanctions."),
        "THREATEN",
        "United States",
        "Iran",
        id="a_warning_of_ones_own_act_stays_a_threat",
    ),
    pytest.param(
        ("Russian President Vladimir Putin attacked Georgia in August."),
        "ASSAULT",
        "Putin",
        "Georgia",
        id="an_attack_on_a_state_abroad_stays_an_assault",
    ),
    pytest.param(
        (
            "Tory leader Michael Howard spoke after Chancellor Gordon Brown. He went on to accuse "
            "Mr Brown of giving with one hand and taking with the other."
        ),
        "ACCUSE",
        "Howard",
        "Brown",
        id="going_on_to_act_is_acting",
    ),
    pytest.param(
        ("Many US lawmakers, who blame China for lost jobs, met on Monday."),
        "ACCUSE",
        "US",
        "China",
        id="a_stance_in_a_relative_clause_is_still_reported",
    ),
    pytest.param(
        ("The Securities and Exchange Commission had accused Titan of bribery."),
        "ACCUSE",
        "Securities and Exchange Commission",
        "Titan",
        id="a_named_organisation_unknown_to_the_actors_stage_is_a_target",
    ),
    pytest.param(
        # the answering verb's own subject is the source; the claims' possessor is the target
        (
            "Former broker Anna Kowalski sued Deutsche Bank. Deutsche Bank denied Ms Kowalski's claims."
        ),
        "REJECT",
        "Deutsche Bank",
        "Kowalski",
        id="the_author_of_a_denied_claim_is_the_target",
    ),
    pytest.param(
        (
            "The former mayor, Pavel Sorokin, is in a Moscow jail, having been charged with "
            "bribery by Russian prosecutors."
        ),
        "ACCUSE",
        "Russian prosecutors",
        "Sorokin",
        id="the_passive_subject_of_a_participle_clause_is_the_target",
    ),
    pytest.param(
        # "by Russian prosecutors" is parsed as a modifier of "fraud", not as the agent
        ("Oil tycoon Mikhail Khodorkovsky was charged with fraud by Russian prosecutors."),
        "ACCUSE",
        "Russian prosecutors",
        "Khodorkovsky",
        id="a_passive_agent_the_parser_hangs_on_the_object",
    ),
    pytest.param(
        ("Microsoft made an offer for Yahoo on Monday. Yahoo rejected that offer."),
        "REJECT",
        "Yahoo",
        "Microsoft",
        id="a_demonstrative_offer_refers_back_to_the_last_offer",
    ),
]


@pytest.mark.parametrize(("text", "kind", "source", "target"), FACT_EVENTS)
def test_the_fact_event_is_coded(extract, text: str, kind: str, source: str, target: str) -> None:
    rec = extract(text)
    assert has(rec, kind, source, target), facts(rec)


def test_a_warning_that_another_may_act_is_no_threat(extract):
    rec = extract(
        "Analyst Stuart Hensel of Moody's warned that the Ukrainian government could decide "
        "to revalue the company. Attorney General Lord Goldsmith warned Prime Minister Tony "
        "Blair that the Iraq war could be illegal."
    )
    assert not any(t == "THREATEN" for t, _, _ in facts(rec)), facts(rec)


def test_a_politicians_attack_on_a_rival_is_criticism(extract):
    rec = extract("Senator John Kerry attacked President George W Bush's record on jobs.")
    assert has(rec, "ACCUSE", "Kerry", "Bush"), facts(rec)
    assert not any(t == "ASSAULT" for t, _, _ in facts(rec)), facts(rec)


def test_an_attack_in_a_nonphysical_domain_is_no_assault(extract):
    rec = extract(
        "Cuban officials blamed the United States' increasing economic aggression. "
        "German Chancellor Gerhard Schroeder's intervention came ahead of the meeting."
    )
    assert not any(t == "ASSAULT" for t, _, _ in facts(rec)), facts(rec)


def test_an_act_kept_or_withdrawn_is_no_new_act(extract):
    rec = extract(
        "Japan's Sumitomo Mitsui Financial has withdrawn its takeover offer for UFJ Holdings. "
        "John Prescott said the Labour Party has met all of its promises."
    )
    assert not any(t == "AGREE" for t, _, _ in facts(rec)), facts(rec)


def test_an_attempt_is_no_fact(extract):
    rec = extract("Turkmenistan is trying to strike a gas deal with Russia.")
    assert not any(t == "AGREE" for t, _, _ in facts(rec)), facts(rec)


def test_the_government_named_by_a_bare_noun(extract):
    rec = extract(
        "Home Secretary Charles Clarke defended the law on Monday. Liberty director Shami "
        "Chakrabarti called on the government to free the men. Tory leader Michael Howard "
        "accused ministers of wasting money."
    )
    assert has(rec, "REQUEST", "Chakrabarti", "United Kingdom"), facts(rec)
    assert has(rec, "ACCUSE", "Howard", "United Kingdom"), facts(rec)


def test_the_victim_of_an_act_investigated_is_no_target(extract):
    rec = extract("Police in Leicester are investigating John Smith's murder.")
    assert not any(g and "Smith" in g for _, _, g in facts(rec)), facts(rec)


def test_what_one_is_likened_to_is_no_target(extract):
    rec = extract("Labour MP Diane Abbott likened the Conservatives to Hitler's Germany.")
    assert not any(g and "Hitler" in g for _, _, g in facts(rec)), facts(rec)


def test_a_country_modifier_of_a_lawsuit_names_no_author(extract):
    rec = extract("Yukos is seeking $20bn in a separate US lawsuit against Rosneft.")
    assert not any(s and "United States" in s for _, s, _ in facts(rec)), facts(rec)


def test_a_subject_pronoun_is_not_a_name_in_its_own_clause(extract):
    rec = extract(
        "Chancellor Gordon Brown spoke in London. Ed Balls, an adviser, said the campaign "
        "was going well. He rejected speculation that Mr Brown was considering becoming "
        "Foreign Secretary."
    )
    assert not any(t == "REJECT" and s and "Brown" in s for t, s, _ in facts(rec)), facts(rec)


def test_a_relative_clause_in_the_present_describes(extract):
    rec = extract(
        "The US Congress cut the Medicaid budget, which provides health care to the poor."
    )
    assert not any(t == "AID" for t, _, _ in facts(rec)), facts(rec)


def test_a_warning_to_act_is_a_demand(extract):
    rec = extract(
        "CBI director general Sir Digby Jones warned Chancellor Gordon Brown not to "
        "spend the extra cash."
    )
    assert has(rec, "REQUEST", "Digby Jones", "Gordon Brown"), facts(rec)
    assert not any(t == "THREATEN" for t, _, _ in facts(rec)), facts(rec)


def test_a_complaint_against_one_with_another_targets_the_one(extract):
    rec = extract("The United States filed a complaint against France with the WTO.")
    assert has(rec, "ACCUSE", "United States", "France"), facts(rec)
    assert not any(g and "WTO" in g for _, _, g in facts(rec)), facts(rec)


def test_the_offer_declined_is_the_offer_made(extract):
    rec = extract(
        "The Paris Club offered a debt freeze to Asian countries. Indonesia accepted the "
        "offer. Thailand declined the offer."
    )
    assert not any(t == "REJECT" and g and "Indonesia" in g for t, _, g in facts(rec)), facts(rec)


def test_an_unnamed_addressee_is_no_reason_to_look_inside_the_request(extract):
    rec = extract(
        "Tony Blair is urging European leaders to wake up over President Bush's re-election."
    )
    assert not any(g and "United States" in g for _, _, g in facts(rec)), facts(rec)


def test_what_a_promise_is_on_is_no_party(extract):
    rec = extract("The Conservative Party made extravagant promises on the British police.")
    assert not any(g and "police" in g.lower() for _, _, g in facts(rec)), facts(rec)


def test_two_callers_calling_others_do_not_call_each_other(extract):
    rec = extract("The Labour Party and the Conservative Party are telephoning millions of voters.")
    assert not any(t == "CONSULT" for t, _, _ in facts(rec)), facts(rec)


def test_lending_backing_is_support(extract):
    rec = extract("Sir Alex Ferguson has lent his backing to the group Shareholders United.")
    assert not any(t == "AID" for t, _, _ in facts(rec)), facts(rec)


def test_some_or_other_groups_are_not_the_ones_named_before(extract):
    rec = extract(
        "The Paris Club offered a freeze. Indonesia accepted the Paris Club offer, which "
        "was criticised by some aid groups. Unison said it would strike. Other public "
        "sector unions have pledged to follow."
    )
    assert not any(t == "ACCUSE" and s and "Paris Club" in s for t, s, _ in facts(rec)), facts(rec)
    assert not any(t == "AGREE" and s and "Unison" in s for t, s, _ in facts(rec)), facts(rec)


def test_a_subject_pronoun_prefers_the_subject_of_its_sentence(extract):
    rec = extract("Tony Blair has dismissed reports he told Gordon Brown he would quit.")
    assert not any(s and "Brown" in s for _, s, _ in facts(rec)), facts(rec)


def test_after_the_fifth_check_names_plans_kept_acts_and_opinions_are_no_events(extract):
    rec = extract(
        "Home Secretary Charles Clarke said ministers had kept to their pledge to review "
        "the law. The Tories said the announcement was a further humiliating retreat by the "
        "government. The meeting between Fiat boss Sergio Marchionne and GM's Rick Wagoner "
        "is due to take place at 1330 GMT. The Lord Chancellor, Lord Falconer, agreed the "
        "1701 Act of Settlement was discriminatory."
    )
    assert not any(t in ("AGREE", "RETREAT", "CONSULT") for t, _, _ in facts(rec)), facts(rec)


def test_after_the_fifth_check_a_relative_is_not_the_possessor(extract):
    rec = extract(
        "Gerry Conlon was jailed in 1974. Mr Conlon's father Giuseppe was arrested in London."
    )
    assert not any(t == "COERCE" and g and "Gerry" in g for t, _, g in facts(rec)), facts(rec)


def test_after_the_fifth_check_the_press_spoken_to_is_no_target(extract):
    rec = extract("Ironhorse Oil and Gas has denied to Reuters that it is the company in question.")
    assert not any(g and "Reuters" in g for _, _, g in facts(rec)), facts(rec)


def test_the_possessor_of_a_rejected_offer_is_the_target(extract):
    rec = extract("Microsoft rejected Yahoo's offer on Monday.")
    assert has(rec, "REJECT", "Microsoft", "Yahoo"), facts(rec)
    assert not any(s == g for _, s, g in facts(rec)), facts(rec)
