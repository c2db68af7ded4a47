"""Events of issue 17, session 3, on sentences we wrote: acts carried by a document
("signed a decree banning ..."), claims of responsibility, leaving an organisation.
Each runs the whole pipeline (actors first)."""

from __future__ import annotations

import pytest

from event_facts import facts, has


def test_a_document_carries_its_authors_act(extract):
    rec = extract("Amnesty International published a report accusing Israel of war crimes.")
    assert has(rec, "ACCUSE", "Amnesty", "Israel"), facts(rec)
    rec = extract("Angela Merkel signed a decree banning exports of arms to Saudi Arabia.")
    assert has(rec, "COERCE", "Merkel") or has(rec, "SANCTION", "Merkel"), facts(rec)


def test_a_document_as_subject_names_its_author(extract):
    rec = extract(
        "A statement from the Russian foreign ministry condemned the election in Ukraine."
    )
    assert any(t == "ACCUSE" and s and "Russia" in s for t, s, _ in facts(rec)), facts(rec)


def test_a_claim_of_responsibility_names_the_attacker(extract):
    rec = extract("Hamas claimed responsibility for the rocket attack on Israel.")
    assert has(rec, "ASSAULT", "Hamas"), facts(rec)
    rec = extract("No group has claimed responsibility for the attack.")
    assert not any(t == "ASSAULT" for t, _, _ in facts(rec)), facts(rec)


def test_the_passive_subject_did_what_it_is_criticised_for(extract):
    rec = extract(
        "Jack McConnell has been criticised by the SNP for encouraging students to drink."
    )
    assert not any(t == "REQUEST" and s and "SNP" in s for t, s, _ in facts(rec)), facts(rec)


def test_talks_on_a_place_are_not_talks_with_it(extract):
    rec = extract("India and Pakistan held talks on the Baglihar dam in Kashmir.")
    assert not any(g and "Baglihar" in g for t, _, g in facts(rec) if t == "CONSULT"), facts(rec)


def test_what_one_has_another_do_is_no_intention_of_the_other(extract):
    rec = extract(
        "The meat industry will seek to have the U.S. government retaliate against EC exports."
    )
    assert not any(s and "United States" in s for _, s, _ in facts(rec)), facts(rec)


def test_joining_an_organisation_but_not_a_company(extract):
    rec = extract("Croatia joined NATO in 2009.")
    assert has(rec, "COOPERATE", "Croatia", "NATO"), facts(rec)
    rec = extract("Angela Merkel joined the company in 2001.")
    assert not any(t == "COOPERATE" for t, _, _ in facts(rec)), facts(rec)


def test_citing_abuses_accuses_their_author(extract):
    rec = extract("Mike Pompeo cited the Cuban government's repression of the Cuban people.")
    assert has(rec, "ACCUSE", "Pompeo", "Cuba"), facts(rec)
    assert not any(t == "COERCE" or t == "ASSAULT" for t, _, _ in facts(rec)), facts(rec)


def test_coordinated_event_nouns_share_their_by_phrase(extract):
    rec = extract(
        "The report described the murder and dismemberment of Jamal Khashoggi by Saudi agents."
    )
    assert any(t == "ASSAULT" and s and "Saudi" in s for t, s, _ in facts(rec)), facts(rec)


def test_time_for_someone_to_act_is_a_demand(extract):
    rec = extract(
        '"It is time for Russia to withdraw its troops from Ukraine," Boris Johnson said.'
    )
    assert has(rec, "REQUEST", "Johnson", "Russia"), facts(rec)
    assert not any(t == "RETREAT" for t, _, _ in facts(rec)), facts(rec)
    rec = extract('"It was time to go home," Boris Johnson said.')
    assert not any(t == "REQUEST" for t, _, _ in facts(rec)), facts(rec)


def test_declining_to_comment_rejects_no_one(extract):
    rec = extract("The Labour Party refused to discuss Alastair Campbell's new position.")
    assert not any(t == "REJECT" for t, _, _ in facts(rec)), facts(rec)
    rec = extract("Syria refused to talk with Israel.")
    assert has(rec, "REJECT", "Syria", "Israel"), facts(rec)


def test_hitting_sales_and_blaming_conditions_are_no_events(extract):
    rec = extract("China's slowdown has hit Japanese exports and the insurer blamed poor returns.")
    assert not any(t in ("ASSAULT", "ACCUSE") for t, _, _ in facts(rec)), facts(rec)
    rec = extract("Hamas blamed the attack on Israel.")
    assert has(rec, "ACCUSE", "Hamas", "Israel"), facts(rec)


def test_what_a_pledge_promises_decides_its_type(extract):
    rec = extract("The Liberal Democrats have pledged to oppose the bill.")
    assert any(t == "REJECT" for t, _, _ in facts(rec)), facts(rec)
    assert not any(t == "AGREE" for t, _, _ in facts(rec)), facts(rec)
    rec = extract("Hamas vowed to attack Israel.")
    assert has(rec, "THREATEN", "Hamas", "Israel"), facts(rec)
    rec = extract("Gordon Brown promised to help Africa.")
    assert any(t == "AGREE" for t, _, _ in facts(rec)), facts(rec)


@pytest.mark.parametrize(
    "text,etype,src,tgt",
    [
        pytest.param(
            "Vladimir Putin sent a letter to Emmanuel Macron urging new negotiations.",
            "REQUEST",
            "Putin",
            "Macron",
            id="a_documents_addressee_is_the_target",
        ),
        pytest.param(
            "Qatar left OPEC in January 2019.",
            "SANCTION",
            "Qatar",
            "OPEC",
            id="leaving_an_organisation_is_a_sanction",
        ),
        pytest.param(
            "The Russian FSB detained 24 Ukrainian sailors near Crimea.",
            "COERCE",
            "FSB",
            "Ukrainian",
            id="an_unknown_agency_placed_by_its_demonym",
        ),
        pytest.param(
            "Iranian forces attacked Iraqi civilians.",
            "ASSAULT",
            "Iran",
            "Iraq",
            id="two_actors_made_on_the_spot_are_not_the_same",
        ),
        pytest.param(
            (
                "Hungarian state-owned HDT acquired the Austrian firm Hirtenberger Defence "
                "Group. The Austrian partner asked for the price to be kept secret."
            ),
            "REQUEST",
            "Hirtenberger",
            None,
            id="the_demonym_partner_is_the_firm_of_that_country",
        ),
        pytest.param(
            (
                "The European Commission launched an investigation into whether Gazprom is "
                "abusing its dominant position."
            ),
            "ACCUSE",
            "European Commission",
            "Gazprom",
            id="an_investigation_into_whether_x_targets_x",
        ),
    ],
)
def test_one_fact(extract, text, etype, src, tgt):
    rec = extract(text)
    assert has(rec, etype, src, tgt), facts(rec)


@pytest.mark.parametrize(
    "text,types",
    [
        pytest.param(
            "The German government introduced a bill banning fox hunting.",
            ("COERCE", "SANCTION"),
            id="a_proposed_law_is_no_act",
        ),
        pytest.param(
            'Oliver Letwin called Labour "a brilliant machine for talking about things".',
            ("REQUEST",),
            id="a_name_given_is_no_call_for",
        ),
        pytest.param(
            "Labour and the Conservatives have clashed over tax and spending plans.",
            ("ASSAULT",),
            id="clashing_over_a_policy_is_a_quarrel",
        ),
        pytest.param(
            (
                "Tony Blair claimed a Conservative government would cut £35bn from public "
                "services hitting schools and police."
            ),
            ("THREATEN", "ASSAULT"),
            id="what_an_accuser_says_another_will_do_is_no_threat",
        ),
        pytest.param(
            '"We warn the invaders that our strikes will widen," Yahya Saree said.',
            ("ASSAULT",),
            id="what_an_event_noun_will_do_is_no_fact",
        ),
        pytest.param(
            "Walt Disney has neither admitted nor denied wrongdoing in the settlement.",
            ("REJECT",),
            id="neither_denied_is_no_denial",
        ),
        pytest.param(
            '"We stand ready," tweeted Boris Johnson, "to provide whatever help we can."',
            ("AID",),
            id="a_speech_verbs_infinitive_is_an_offer_not_a_fact",
        ),
    ],
)
def test_no_fact_of_these_types(extract, text, types):
    rec = extract(text)
    assert not any(t in types for t, _, _ in facts(rec)), facts(rec)
