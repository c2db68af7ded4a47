"""Speakers of issue 18, on passages we wrote: continuations, unnamed voices of a body,
groups and documents, pronouns, colons and dashes, noun cues, datelines."""

from __future__ import annotations

import pytest

from dyad.model import Record


def said(rec: Record, kind: str | None = None) -> list[tuple[str, str | None]]:
    return [
        (q.text, q.speaker.name if q.speaker else None)
        for q in rec.quotes
        if q.kind != "scare" and (kind is None or q.kind == kind)
    ]


def test_continuation_paragraph_keeps_the_speaker(qx):
    rec = qx(
        'Prime Minister John Smith visited Leeds. Smith said: "We will build more homes."\n\n'
        '"We will also build more schools and hospitals in the north."'
    )
    assert [s for _, s in said(rec, "direct")] == ["John Smith", "John Smith"]


def test_new_paragraph_of_a_quote_run_in_one_line(qx):
    # BBC copy lost its paragraph breaks: 'said: "A. "B."' is one quote
    rec = qx(
        'Health spokesman Paul Burstow said: "Promoting independence sounds good. '
        '"But the risk is that independence can turn into isolation."'
    )
    assert said(rec, "direct") == [
        (
            "Promoting independence sounds good. But the risk is that independence can "
            "turn into isolation.",
            "Paul Burstow",
        )
    ]


def test_an_unnamed_spokesman_is_not_the_person_named_before(qx):
    rec = qx(
        "Tony Blair met the French president in Paris on Monday. "
        "A spokesman said Downing Street had no comment on the talks."
    )
    assert said(rec) == [("Downing Street had no comment on the talks", "spokesman")]


def test_a_source_within_a_body_speaks_for_it(qx):
    rec = qx(
        "A bomb killed ten soldiers in Kabul. A source within the Afghan Interior Ministry "
        'said "I have been told not to make the death toll public."'
    )
    ((_, who),) = said(rec, "direct")
    assert who is not None and who.endswith("Interior Ministry")


def test_members_of_a_body_and_some_of_a_group(qx):
    rec = qx(
        'Members of the House of Commons protested by shouting "shame on you!" in the session.'
    )
    assert said(rec, "direct") == [("shame on you!", "House of Commons")]
    rec = qx("Some of the protesters said they had gone to defend their rights.")
    assert said(rec) == [("they had gone to defend their rights", "protesters")]


def test_a_group_and_a_document_are_not_the_person_before(qx):
    rec = qx("Chancellor Gordon Brown cut taxes. Economists say the cuts will not boost growth.")
    assert said(rec) == [("the cuts will not boost growth", "Economists")]
    rec = qx("The Treasury published a report on Monday. This says the cuts will not boost growth.")
    assert all(s not in ("Treasury", "Gordon Brown") for _, s in said(rec))


def test_pronoun_is_not_the_object_of_its_own_clause(qx):
    rec = qx(
        "The broadcaster PBS revealed that Crown Prince Mohammed bin Salman accepted "
        "responsibility. Speaking to Martin Smith of PBS, he said, "
        '"It happened under my watch."'
    )
    ((text, who),) = said(rec, "direct")
    assert text == "It happened under my watch." and (who or "").endswith("bin Salman")


# (text, the speakers said(rec, "direct") gives): one table for the cases with that one assert
DIRECT_SPEAKERS = [
    pytest.param(
        "The Liberal Democrats want tactical votes, Lib Dem chief executive Lord Rennard "
        'said. "We are in favour of tactical voting," he added.',
        ["Rennard"],
        id="he_is_a_person_not_a_party",
    ),
    pytest.param(
        "Brazilian President Jair Bolsonaro opposed the French plan: "
        '"It evokes a colonialist mentality that is out of place in this century."',
        ["Jair Bolsonaro"],
        id="colon_attribution",
    ),
    pytest.param(
        '"Maybe, we can build a wall around the whole campaign." \u2015 Steve Quinlan.',
        ["Steve Quinlan"],
        id="dash_attribution",
    ),
    pytest.param(
        "\u201cWhy isn\u2019t this proof that the bank is too big to manage?\u201d "
        "Senator Paul Vitter demanded.\n\nThe hearing ended at noon.",
        ["Paul Vitter"],
        id="cue_in_a_short_sentence_after_the_quote",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DIRECT_SPEAKERS)
def test_who_said_the_direct_quotes(qx, text, expected):
    assert [s for _, s in said(qx(text), "direct")] == expected


def test_a_name_set_off_before_the_cue(qx):
    rec = qx(
        "Speaking to reporters, the president of the Tunisian League for Human Rights, "
        'Jamel Msallem, said, "We are for the freedom to dress."'
    )
    assert [s for _, s in said(rec, "direct")] == ["Jamel Msallem"]


def test_noun_cues_need_an_author(qx):
    rec = qx("Donald Trump's claim that the election was rigged has no basis.")
    assert said(rec) == [("the election was rigged", "Donald Trump")]
    rec = qx("The Tory leader Michael Howard said ministers must respond to claims that it failed.")
    assert all(s != "ministers" for _, s in said(rec))


def test_to_infinitive_reports(qx):
    rec = qx("Opposition leader Sviatlana Tsikhanouskaya promised to hold new and fair elections.")
    assert said(rec) == [("to hold new and fair elections", "Sviatlana Tsikhanouskaya")]


def test_reported_content_never_starts_with_a_dateline(qx):
    rec = qx(
        "TOKYO, March 3 - The yen will rise against the dollar, according to currency analysts."
    )
    texts = [t for t, _ in said(rec)]
    assert texts == ["The yen will rise against the dollar"]


def test_the_company_is_the_company_named_before(qx):
    rec = qx(
        "Danaher Corp said it expects higher earnings in 1987.\n"
        "    The company said it would buy back two million shares."
    )
    assert [s for _, s in said(rec)] == ["Danaher Corp", "Danaher Corp"]


def test_indented_lines_are_paragraphs():
    from dyad.extract.quotes.marks import paragraphs

    text = "TITLE\n\nFirst paragraph\nwraps here.\n    Second paragraph."
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "TITLE",
        "First paragraph\nwraps here.",
        "Second paragraph.",
    ]


def test_a_dateline_is_never_the_speaker(qx):
    rec = qx(
        "ROBERT BRUCE DOWNGRADED\n\nNEW YORK, March 4 - Standard and Poor's said it lowered "
        "the company's debentures to CCC from B-minus."
    )
    assert [s for _, s in said(rec)] and all(
        s and "March" not in s and "YORK" not in s for _, s in said(rec)
    )


# (text, what said(rec, "indirect") gives): one table for the cases with that one assert
INDIRECT = [
    pytest.param(
        "Maria Lopez spoke to farmers in Fresno on Monday. "
        "The former senator said the drought would cost the state billions.",
        [("the drought would cost the state billions", "Maria Lopez")],
        id="a_definite_description_is_the_person_named_before",
    ),
    pytest.param(
        "Mayor Ann Cole said she did not support John Hale, the presumed favourite of the governor.",
        [("she did not support John Hale", "Ann Cole")],
        id="a_narrators_aside_is_not_what_was_said",
    ),
    pytest.param(
        "Senator Tim Hale said that claim was false.",
        [("that claim was false", "Tim Hale")],
        id="that_as_a_determiner_stays_in_the_content",
    ),
    pytest.param(
        "Mayor Ann Cole said the bridge was closed, so the buses will take the ring road.",
        [("the bridge was closed, so the buses will take the ring road", "Ann Cole")],
        id="a_reason_the_speaker_gave_is_part_of_what_was_said",
    ),
    pytest.param(
        "Prosecutor Jose Cruz filed a petition on Monday, accusing the network of "
        "violating its licence.",
        [("the network of violating its licence", "Jose Cruz")],
        id="accused_y_of_z_is_a_reported_charge",
    ),
    pytest.param(
        "Senator Tim Hale criticized the plan on Monday.",
        [],
        id="an_evaluation_without_a_charge_reports_nothing",
    ),
    pytest.param(
        "The Senate did not find the network had breached the law.",
        [],
        id="a_negated_cue_reports_no_claim",
    ),
    pytest.param(
        "Hawaii, as Professor Jane Ito pointed out, normally does not get two hurricanes in a row.",
        [("normally does not get two hurricanes in a row", "Jane Ito")],
        id="as_someone_pointed_out_reports_the_main_clause",
    ),
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_what_was_said_indirectly(qx, text, expected):
    assert said(qx(text), "indirect") == expected


def test_content_before_a_closing_cue_is_the_whole_sentence(qx):
    rec = qx(
        "Police Chief Tom Reyes visited the school on Monday. "
        "The bus was supposed to arrive at noon, but the driver took a longer road, "
        "Reyes said."
    )
    ((text, speaker),) = said(rec, "indirect")
    assert text.startswith("The bus was supposed to arrive at noon, but")
    assert speaker == "Tom Reyes"


def test_of_two_subjects_the_one_nearest_the_cue_speaks(qx):
    rec = qx(
        "The Austrian partner asked for the price to be kept secret, but the minister "
        "Anna Berg stated the purchase was financed by a loan."
    )
    assert ("the purchase was financed by a loan", "Anna Berg") in said(rec, "indirect")


def test_a_study_that_found_is_a_source(qx):
    rec = qx("A study by Harvard University found that the drug cut deaths by half.")
    assert [t for t, _ in said(rec, "indirect")] == ["the drug cut deaths by half"]


def test_the_company_is_the_company_that_spoke_last(qx):
    rec = qx(
        "Acme Holdings Inc said it filed a report showing that Zenith Development Corp "
        "had taken control of its shares.\n\n"
        "In addition, the board resigned and Zenith appointed new directors, the company said."
    )
    assert [s for _, s in said(rec, "indirect")][-1] == "Acme Holdings Inc"


def test_an_apposition_in_what_was_said_stays(qx):
    rec = qx(
        "Acme Holdings Inc said it declared a quarterly dividend of 12 cents, "
        "the regular dividend it pays each quarter."
    )
    ((text, _),) = said(rec, "indirect")
    assert text.endswith("the regular dividend it pays each quarter")


def test_of_two_clauses_on_the_cue_the_one_after_it_is_reported(qx):
    rec = qx(
        "The ministry denied all claims that the plant was closed, however, a report by the "
        "United Nations later concluded evidence supported the closure."
    )
    texts = [t for t, _ in said(rec, "indirect")]
    assert "evidence supported the closure" in texts
    assert not any(t.startswith("The ministry denied") for t in texts)


def test_a_second_report_inside_the_content_stands_alone(qx):
    rec = qx(
        "Mayor Ann Cole said people changed their minds, and several residents said "
        "they wanted the road reopened."
    )
    assert ("people changed their minds", "Ann Cole") in said(rec, "indirect")


def test_a_preposition_before_the_verb_is_not_its_particle(qx):
    rec = qx("On Thursday, President Anna Berg called for action to stop the wildfires.")
    assert said(rec, "indirect") == [("action to stop the wildfires", "Anna Berg")]


def test_calling_for_someone_to_be_tried(qx):
    rec = qx(
        "On Monday, activist Maria Lopez addressed reporters in Lima, calling for the "
        "killers of the judge to be brought to justice."
    )
    assert said(rec, "indirect") == [
        ("the killers of the judge to be brought to justice", "Maria Lopez")
    ]


def test_the_magazine_editor_is_the_person_named_before(qx):
    rec = qx(
        "However, Mr Tom Hale, who edits the magazine, said the mayor should stay out of "
        'the row. "I do not see why the mayor has to get involved," the Spectator editor '
        "told BBC Radio."
    )
    assert [s for _, s in said(rec, "direct")] == ["Tom Hale"]
