"""Events of issue 17 on sentences we wrote: targets in possessive, modifier and
prepositional phrases, nominal events, acts inside speech, and claims that are no facts.
Each runs the whole pipeline (actors first)."""

from __future__ import annotations

import pytest

from event_facts import facts, has


@pytest.mark.parametrize(
    "text,etype,src,tgt",
    [
        # an owner's demonym names the target
        (
            "US warships attacked offshore Iranian oil platforms.",
            "ASSAULT",
            "US",
            "Iran",
        ),
        (
            "Washington imposed tariffs on Japanese electronics exports.",
            "SANCTION",
            "United States",
            "Japan",
        ),
        # a participle on the pattern's object
        (
            "The Chinese government lifted sanctions imposed against Japan.",
            "RETREAT",
            "China",
            "Japan",
        ),
        # the owner of the requested thing
        (
            "French President Emmanuel Macron called for NATO action in Libya.",
            "REQUEST",
            "Macron",
            "NATO",
        ),
        # who answers a request was its addressee
        (
            "Last week, the International Monetary Fund approved Sri Lanka's request for a loan.",
            "REQUEST",
            "Sri Lanka",
            "International Monetary Fund",
        ),
        # the subject of a for-clause is whom a call is addressed to
        (
            "US President Donald Trump has called for NATO members to increase military spending.",
            "REQUEST",
            "Trump",
            "NATO",
        ),
        pytest.param(
            "Five soldiers died on Monday in another attack ascribed to the Taliban.",
            "ASSAULT",
            "Taliban",
            None,
            id="nominal_event_author_in_a_participle",
        ),
        pytest.param(
            '"The report is false and baseless," said Russian Foreign Minister Sergei Lavrov.',
            "REJECT",
            "Lavrov",
            None,
            id="a_denial_in_a_quote_is_the_speakers",
        ),
        pytest.param(
            (
                "The National Telecommunications Commission issued an order on Monday. Senator "
                "Grace Poe condemned the commission."
            ),
            "ACCUSE",
            "Poe",
            "National Telecommunications Commission",
            id="definite_description_names_the_organisation",
        ),
        pytest.param(
            (
                "Shares in Renault rose on Monday. French President Jacques Chirac accused the "
                "company of cutting jobs."
            ),
            "ACCUSE",
            "Chirac",
            "Renault",
            id="the_company_is_the_firm_named_before",
        ),
        pytest.param(
            "Last week, the LSE rejected a takeover proposal from German rival Deutsche Boerse.",
            "REJECT",
            "LSE",
            "Deutsche Boerse",
            id="the_author_of_a_rejected_proposal_is_the_target",
        ),
        pytest.param(
            "The Kremlin seized and sold Yukos' main production arm to Rosneft.",
            "COERCE",
            "Kremlin",
            "Yukos",
            id="coordinated_verbs_share_their_object",
        ),
        pytest.param(
            "The United Nations imposed sanctions on North Korean banks.",
            "SANCTION",
            "United Nations",
            "North Korea",
            id="a_two_word_demonym_names_the_target",
        ),
        pytest.param(
            "The decision by France was criticised by Italy.",
            "ACCUSE",
            "Italy",
            "France",
            id="the_author_of_what_is_criticised_is_the_target",
        ),
    ],
)
def test_targets_in_phrases(extract, text, etype, src, tgt):
    rec = extract(text)
    assert has(rec, etype, src, tgt), facts(rec)


def test_a_meeting_between_names_its_parties(extract):
    rec = extract(
        "Russia and India signed a memorandum during a meeting between Russian President "
        "Vladimir Putin and Indian Prime Minister Narendra Modi."
    )
    consult = {(s, g) for t, s, g in facts(rec) if t == "CONSULT"}
    assert consult and all("Putin" in s or "Modi" in s for s, _ in consult), consult


def test_the_content_of_a_charge_is_no_fact(extract):
    rec = extract("The United States charges that Japan is refusing to open its markets.")
    assert has(rec, "ACCUSE", "United States", "Japan")
    assert not any(t == "REJECT" and s and "Japan" in s for t, s, _ in facts(rec))


def test_agentless_arrest_is_the_states_where_it_happened(extract):
    rec = extract("Five suspects were arrested in Kabul on Monday.")
    assert any(t == "COERCE" and s and "Afghanistan" in s for t, s, _ in facts(rec)), facts(rec)
    # with no place, nobody is named as acting: no event
    rec = extract("The opposition leader was arrested on Monday.")
    assert not any(t == "COERCE" for t, _, _ in facts(rec))


def test_without_a_gerund_is_negated(extract):
    rec = extract("Israel withdrew its troops from the town without firing a shot at Hamas.")
    assert not any(t == "ASSAULT" for t, _, _ in facts(rec))
    assert any(e.type == "ASSAULT" and e.negated for e in rec.events)


def test_a_firm_does_not_speak_for_its_state(extract):
    rec = extract(
        "The US stock market regulator is investigating Marsh & McLennan's "
        "shareholder transactions, the firm has said."
    )
    assert not any(s and "Marsh" in s for t, s, _ in facts(rec) if t == "ACCUSE"), facts(rec)


def test_a_forecast_is_no_demand_and_no_allegation(extract):
    rec = extract(
        "Gordon Brown will need to raise taxes next year, the accountancy firm Deloitte claims."
    )
    assert not facts(rec), facts(rec)


def test_a_toned_verdict_is_criticism_of_its_owner(extract):
    rec = extract('Tom Watson called Prime Minister Theresa May\'s proposed Brexit deal "lousy".')
    assert has(rec, "ACCUSE", "Watson", "Theresa May"), facts(rec)
    # no clearly toned word, no event; praise of no one named, no event
    rec = extract("Tony Blair called Gordon Brown a giant of European politics.")
    assert not any(t in ("ACCUSE", "SUPPORT") for t, _, _ in facts(rec)), facts(rec)
    rec = extract("Tony Blair called the election a great opportunity.")
    assert not any(t == "SUPPORT" for t, _, _ in facts(rec)), facts(rec)


def test_a_finite_clause_keeps_its_own_subject(extract):
    rec = extract("Boris Johnson became prime minister after Theresa May stepped down on July 24.")
    assert has(rec, "RETREAT", "Theresa May"), facts(rec)
    assert not any(s and "Johnson" in s for t, s, _ in facts(rec) if t == "RETREAT"), facts(rec)


def test_a_question_is_no_request(extract):
    rec = extract("Keith Hill asked whether the Liberal Democrats would match Labour's promise.")
    assert not any(t == "REQUEST" for t, _, _ in facts(rec)), facts(rec)
    rec = extract("Tony Blair asked Germany to send troops.")
    assert has(rec, "REQUEST", "Blair", "Germany"), facts(rec)


def test_an_attack_in_words_is_criticism(extract):
    rec = extract("Tony Blair attacked Michael Howard politically.")
    assert has(rec, "ACCUSE", "Blair", "Howard"), facts(rec)
    assert not any(t == "ASSAULT" for t, _, _ in facts(rec)), facts(rec)


# session 3, targets: who faces a reaction, a by-phrase owner, a two-word demonym,
# the addressee of the document that carries a call
def test_who_faces_criticism_is_its_target(extract):
    rec = extract("Germany faces strong criticism from France over the plan.")
    assert has(rec, "ACCUSE", "France", "Germany"), facts(rec)
    rec = extract("The British government is facing opposition from Labour MPs.")
    assert has(rec, "REJECT", "Labour", "United Kingdom"), facts(rec)


def test_the_critic_is_not_its_own_target(extract):
    rec = extract("Israel drew condemnation from Egypt.")
    assert has(rec, "ACCUSE", "Egypt", "Israel"), facts(rec)
    assert not has(rec, "ACCUSE", "Egypt", "Egypt"), facts(rec)


def test_the_addressee_of_the_document_that_carries_a_call(extract):
    rec = extract("Greenpeace made its demand in a letter to the European Commission.")
    assert has(rec, "REQUEST", "Greenpeace", "European Commission"), facts(rec)
    rec = extract("Amnesty International made the call in a statement on Tuesday.")
    assert has(rec, "REQUEST", "Amnesty"), facts(rec)
    assert not any(t == "REQUEST" and g for t, _, g in facts(rec)), facts(rec)


def test_no_target_when_none_is_named(extract):
    rec = extract("The plan was criticised by Germany.")
    assert has(rec, "ACCUSE", "Germany"), facts(rec)
    assert not any(g for t, _, g in facts(rec) if t == "ACCUSE"), facts(rec)


def test_the_object_of_a_requested_or_threatened_act_names_the_target(extract):
    rec = extract("Archbishop Desmond Tutu called for sanctions against Nigeria.")
    assert has(rec, "REQUEST", "Tutu", "Nigeria"), facts(rec)
    rec = extract(
        "A French minister threatened to impose import restrictions against German goods."
    )
    assert has(rec, "THREATEN", "French", "Germany"), facts(rec)
    rec = extract("The union threatened to hold a strike on Monday.")
    assert not any(g for t, _, g in facts(rec) if t == "THREATEN"), facts(rec)


@pytest.mark.parametrize(
    "text,types",
    [
        pytest.param(
            "Mexico accused the network of violating its franchise.",
            ("REJECT",),
            id="what_an_accusation_says_was_done_is_no_fact",
        ),
        pytest.param(
            "Greenpeace blamed Jair Bolsonaro for encouraging farmers to set fires.",
            ("REQUEST",),
            id="what_someone_is_blamed_for_is_no_fact",
        ),
        pytest.param(
            'Alain Levy, chairman of EMI Music, described the performance as "disappointing".',
            ("ACCUSE",),
            id="a_verdict_on_ones_own_is_no_event",
        ),
    ],
)
def test_no_fact_of_these_types(extract, text, types):
    rec = extract(text)
    assert not any(t in types for t, _, _ in facts(rec)), facts(rec)
