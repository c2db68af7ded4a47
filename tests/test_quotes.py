"""The quotes stage on passages we wrote, one per case of issue 5.

The stage runs after the actors and times stages (and uses what they found), so these
tests run those three stages. Speaker names are checked by their last word, which is
what the gold scoring compares.
"""

from __future__ import annotations

import pytest

from dyad.model import Record


def last(name: str | None) -> str:
    return (name or "").split()[-1] if name else ""


def quotes(rec: Record, kind: str) -> list[tuple[str, str]]:
    return [
        (q.text, last(q.speaker.name if q.speaker else None)) for q in rec.quotes if q.kind == kind
    ]


def test_curly_multi_sentence_quote_with_told(qx):
    rec = qx(
        "Prime Minister John Smith spoke in London. “We will not back down. We will win,” Smith told reporters."
    )
    assert quotes(rec, "direct") == [("We will not back down. We will win,", "Smith")]
    q = rec.quotes[0]
    assert q.cue == "told"
    assert rec.text[q.span[0] : q.span[1]] == q.text
    assert q.date == "2011-03-22"


def test_straight_marks_inverted_said(qx):
    rec = qx('"The talks have failed," said Foreign Minister Maria Lopez.')
    assert quotes(rec, "direct") == [("The talks have failed,", "Lopez")]


def test_attribution_before_the_quote(qx):
    rec = qx('Chancellor Angela Merkel said, "Germany will help its neighbours."')
    assert quotes(rec, "direct") == [("Germany will help its neighbours.", "Merkel")]


def test_quote_split_by_attribution(qx):
    rec = qx('"The border is closed," Hans Weber said, "and it will stay closed until spring."')
    assert quotes(rec, "direct") == [
        ("The border is closed,", "Weber"),
        ("and it will stay closed until spring.", "Weber"),
    ]


def test_quote_over_paragraphs(qx):
    rec = qx(
        "Mayor Tom Brown spoke to the council on Friday.\n\n"
        '"We have no money left for the bridge.\n\n'
        '"We will ask the state for help," Brown said.'
    )
    assert quotes(rec, "direct") == [
        ("We have no money left for the bridge. We will ask the state for help,", "Brown")
    ]


def test_partial_quote_takes_the_sentence_speaker(qx):
    rec = qx(
        "Defense Secretary Robert Gates said the coalition is already "
        '"going to great lengths" to avoid civilian deaths.'
    )
    assert ("going to great lengths", "Gates") in quotes(rec, "direct")
    ind = quotes(rec, "indirect")
    assert len(ind) == 1 and ind[0][1] == "Gates"
    assert ind[0][0].startswith("the coalition is already")


def test_nested_single_quotes_stay_in_the_outer_quote(qx):
    rec = qx("Senator Jane Doe said, \"My father told me 'never give up,' and I never did.\"")
    assert quotes(rec, "direct") == [("My father told me 'never give up,' and I never did.", "Doe")]


def test_scare_quotes_have_no_speaker(qx):
    rec = qx('The so-called "peace plan" has few supporters in the region.')
    assert [(q.kind, q.text, q.speaker) for q in rec.quotes] == [("scare", "peace plan", None)]


def test_said_through_an_interpreter(qx):
    rec = qx(
        "Standing next to the minister, Defense Minister Anatoly Serdyukov spoke carefully, "
        "saying through an interpreter that Russia backs the resolution, but it wants only "
        "measures to protect civilians."
    )
    ind = quotes(rec, "indirect")
    assert len(ind) == 1 and ind[0][1] == "Serdyukov"
    assert ind[0][0].startswith("Russia backs the resolution")
    assert ind[0][0].endswith("protect civilians")


def test_pronoun_speaker(qx):
    rec = qx(
        'President Ivan Petrov visited the plant on Tuesday.\n\n"This factory is the future," he said.'
    )
    assert quotes(rec, "direct") == [("This factory is the future,", "Petrov")]


def test_pronoun_after_a_quote_means_the_last_speaker(qx):
    rec = qx(
        '"We are curious," Gates told reporters after meeting Serdyukov. '
        '"Most of the casualties were caused by Gadhafi."\n\n'
        'He said the targets were in empty areas, adding that "the claims are outright lies."'
    )
    direct = quotes(rec, "direct")
    assert [s for _, s in direct] == ["Gates", "Gates", "Gates"]
    assert quotes(rec, "indirect")[0][1] == "Gates"


def test_title_speaker_named_later(qx):
    rec = qx(
        "Putin's spokesman said on Tuesday that the remarks were a personal opinion.\n\n"
        '"The assessment is nothing other than his personal opinion," Dmitry Peskov told reporters.'
    )
    assert [s for _, s in quotes(rec, "indirect")] == ["Peskov"]
    assert [s for _, s in quotes(rec, "direct")] == ["Peskov"]


def test_organisation_speaker(qx):
    rec = qx(
        "France's Foreign Ministry said Russia could raise its views at the council on Thursday."
    )
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert len(ind) == 1
    assert ind[0].speaker is not None and ind[0].speaker.name.endswith("Ministry")
    assert ind[0].text.startswith("Russia could raise its views")
    assert ind[0].date == "2011-03-22"  # Thursday is when the meeting is, not when it was said


def test_speaker_carried_to_the_next_quote(qx):
    rec = qx(
        '"We are ready," General Mark Hill said. "Our troops are in place. We only wait for the order."'
    )
    assert quotes(rec, "direct") == [
        ("We are ready,", "Hill"),
        ("Our troops are in place. We only wait for the order.", "Hill"),
    ]


def test_quote_without_any_cue_is_not_given_a_speaker(qx):
    rec = qx('The sign on the door read "No entry for anyone without a pass".')
    assert all(q.speaker is None for q in rec.quotes)


def test_indirect_said_that_and_insisted(qx):
    rec = qx(
        "Anna Berg insisted that the vote would go ahead as planned. Officials said no date was set."
    )
    ind = quotes(rec, "indirect")
    assert ("the vote would go ahead as planned", "Berg") in ind
    assert any(t.startswith("no date was set") for t, _ in ind)


def test_indirect_according_to(qx):
    rec = qx("According to the state news agency, troops entered the town on Sunday.")
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert len(ind) == 1
    assert ind[0].text.startswith("troops entered the town")
    assert ind[0].speaker is not None and last(ind[0].speaker.name) == "agency"
    assert ind[0].cue.lower() == "according to"


def test_indirect_with_parenthetical_he_said(qx):
    rec = qx(
        "Defense Minister Anatoly Serdyukov met the delegation.\n\n"
        "An immediate cease-fire, he said, is the surest way to protect civilians."
    )
    ind = quotes(rec, "indirect")
    assert len(ind) == 1 and ind[0][1] == "Serdyukov"
    assert "surest way to protect civilians" in ind[0][0]


def test_called_for_is_reported_as_its_object(qx):
    rec = qx("Defense Minister Anatoly Serdyukov called for an immediate cease-fire in Libya.")
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert [(q.text, q.cue) for q in ind] == [("an immediate cease-fire in Libya", "called for")]


def test_time_on_the_cue_sets_the_date(qx):
    rec = qx(
        'On Monday, Vladimir Putin railed against the strikes, likening them to "medieval calls for crusades."'
    )
    q = [q for q in rec.quotes if q.kind == "direct"][0]
    assert last(q.speaker.name) == "Putin"
    assert q.cue == "likening"
    assert q.date == "2011-03-21"


def test_unbalanced_marks_do_not_break_the_article(qx):
    text = ('He said "this never closes.\n\n' * 50) + 'Ann Lee said, "Fine." And "so'
    rec = qx(text)
    assert ("Fine.", "Lee") in quotes(rec, "direct")
    assert len(quotes(rec, "direct")) == 51  # the last, one-word and unclosed, is a scare quote


def test_quote_round_trips_through_json(qx):
    rec = qx('"We will win," Smith said.')
    back = Record.from_json(rec.to_json())
    assert back.quotes == rec.quotes


def test_trailing_after_clause_is_not_reported_content(qx):
    rec = qx(
        "Late on Sunday, the rebel alliance announced it had reached a deal with the government after the army began an offensive."
    )
    ind = [q.text for q in rec.quotes if q.kind == "indirect"]
    assert ind == ["it had reached a deal with the government"]


def test_titles_in_quotes_are_not_direct_quotes(qx):
    rec = qx(
        'Speaking on "Morning Joe," Senator Jane Doe said the plan, dubbed "Operation Clean Sweep," would fail.'
    )
    kinds = {q.text.strip(" ,"): q.kind for q in rec.quotes}
    assert kinds["Morning Joe"] == "scare"
    assert kinds["Operation Clean Sweep"] == "scare"


def test_name_after_a_dash_is_the_speaker(qx):
    rec = qx(
        "Readers wrote to us after the debate.\n\n"
        "“He cannot answer a question without scaring people.” ― Esther Tapia\n"
        "“I hope this campaign makes us vote.”― Jorge Falcon"
    )
    assert quotes(rec, "direct") == [
        ("He cannot answer a question without scaring people.", "Tapia"),
        ("I hope this campaign makes us vote.", "Falcon"),
    ]


def test_quote_after_reported_speech_takes_that_speaker(qx):
    rec = qx(
        "Senator Jane Doe said on Monday that the bill would fail in the House.\n\n"
        '"Nobody has read it, and nobody will vote for it."'
    )
    assert quotes(rec, "direct") == [("Nobody has read it, and nobody will vote for it.", "Doe")]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "“”",
        "'",
        'He said "',
        '"\n\n"',
        '"A\n\n"B\n\n"C',
        "’’’‘‘‘",
        '" " " "',
        "said said said",
        ": —",
    ],
)
def test_odd_texts_do_not_break_the_stage(qx, text):
    rec = qx(text)
    for q in rec.quotes:
        assert 0 <= q.span[0] <= q.span[1] <= len(rec.text)
        assert q.kind in ("direct", "indirect", "scare")


def test_relative_clause_report_keeps_only_the_content(qx):
    rec = qx(
        "Drones hit two plants and started fires, which the state news agency said were under control."
    )
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert [q.text for q in ind] == ["were under control"]
    assert last(ind[0].speaker.name) == "agency"


def test_according_to_at_the_end_is_not_in_the_content(qx):
    rec = qx("Party-goers at the scene fled when police arrived, according to county police.")
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert [q.text for q in ind] == ["Party-goers at the scene fled when police arrived"]


def test_misparsed_apposition_is_not_the_source(qx):
    rec = qx(
        "According to NPR, former Vice President Joe Biden has amassed 1,217 pledged delegates so far."
    )
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert len(ind) == 1 and ind[0].speaker.name == "NPR"


def test_adding_belongs_to_the_reporter_not_the_reported(qx):
    rec = qx(
        'Gerry Conlon said Mr Blair had spoken with "such sincerity", adding: "He went beyond what we hoped."'
    )
    assert quotes(rec, "direct") == [
        ("such sincerity", "Conlon"),
        ("He went beyond what we hoped.", "Conlon"),
    ]
    assert quotes(rec, "indirect") == [('Mr Blair had spoken with "such sincerity"', "Conlon")]


def test_reported_content_stays_in_its_paragraph(qx):
    rec = qx(
        "Strike threat over pensions\n\nMillions of workers could strike if ministers scrap the scheme, a union has warned."
    )
    ind = [q.text for q in rec.quotes if q.kind == "indirect"]
    assert ind == ["Millions of workers could strike if ministers scrap the scheme"]


def test_according_to_a_long_source_at_the_start(qx):
    rec = qx(
        "According to El Paso mayor Dee Margo, police were investigating whether a manifesto was posted online."
    )
    ind = [q for q in rec.quotes if q.kind == "indirect"]
    assert [q.text for q in ind] == [
        "police were investigating whether a manifesto was posted online"
    ]
    assert last(ind[0].speaker.name) == "Margo"


def test_passive_cue_subject_is_not_the_speaker(qx):
    rec = qx(
        'That year\'s outbreak was commonly called "swine flu." The Georgian Tennis Federation released a statement. '
        'It read, "We condemn any form of violence in the sport."'
    )
    kinds = [
        (q.kind, q.text, last(q.speaker.name if q.speaker else None))
        for q in rec.quotes
        if q.kind != "indirect"
    ]
    assert kinds[0] == ("scare", "swine flu.", "")
    assert kinds[1][0] == "direct" and kinds[1][2] == "Federation"


def test_inverted_said_with_a_long_title_and_a_court_opinion(qx):
    rec = qx(
        '"Warm water cuts into the shelf from below," said study co-author Ted Scambos of the institute.\n\n'
        'The opinion of the Supreme Court read in part, "The oath of office is unconstitutional."'
    )
    assert [s for _, s in quotes(rec, "direct")] == ["Scambos", "Court"]


def test_called_on_and_anaphoric_objects(qx):
    rec = qx(
        "Benjamin Netanyahu called on Italy and Egypt to join the project. "
        "Grant Shapps announced the measure at the daily briefing."
    )
    assert [q.text for q in rec.quotes if q.kind == "indirect"] == [
        "Italy and Egypt to join the project"
    ]


def test_two_that_clauses_and_a_statement_frame(qx):
    rec = qx(
        "Police said three people were arrested, and that more arrests were expected. "
        "In a statement, the ministry condemned the attack and demanded an investigation."
    )
    ind = [(q.text, q.cue) for q in rec.quotes if q.kind == "indirect"]
    assert ind[0] == ("three people were arrested, and that more arrests were expected", "said")
    assert ind[1] == ("condemned the attack and demanded an investigation", "In a statement")


def test_dev_gold_bars(shared):
    """Floors on the 17-article ../shared/gold/dev (issue 18): they only rise."""
    from dyad.evaluate import evaluate_dir
    from dyad.pipeline import Settings

    res = evaluate_dir(shared / "gold" / "dev", Settings(stages=("actors", "times", "quotes")))
    assert res.scores["quotes_direct"]["f1"] >= 0.95, res.scores["quotes_direct"]
    assert res.scores["quotes_indirect"]["f1"] >= 0.76, res.scores["quotes_indirect"]
