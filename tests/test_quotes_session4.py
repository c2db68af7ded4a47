"""Session 4 of issue 18: speakers shown in pictures, documents that speak, coordinated
cues, clauses the parser hung across a paragraph break, glosses in parentheses. Our own
sentences, written for these rules."""

from __future__ import annotations

import pytest

from dyad.model import Record


def quotes(rec: Record, kind: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker.name if q.speaker else None) for q in rec.quotes if q.kind == kind]


# Each case: our sentence(s), the kind of quote, a word of the speaker's name.
SPEAKERS = [
    pytest.param(
        (
            'The spot ends with footage of Tom Brandt saying during the debate, "That makes me clever."'
        ),
        "direct",
        "brandt",
        id="footage_of_someone_asking_is_that_person_speaking",
    ),
    pytest.param(
        (
            'Judge Tom Reyes ruled on the case on Friday. "The state cannot remove voters for '
            'failing to vote," said the ruling.'
        ),
        "direct",
        "ruling",
        id="a_document_can_speak_after_its_cue",
    ),
    pytest.param(
        (
            "Governor Dan Pike said drugs were a factor. "
            "Mayor Jennifer Ortiz said Friday that she thinks the tape should be released but "
            'said "the question is the timing."'
        ),
        "direct",
        "ortiz",
        id="said_a_but_said_b_keeps_the_first_subject",
    ),
    pytest.param(
        (
            "The statement also referenced the effect it said Vale, the first woman named for "
            "governor by a big party, would have on women in the workplace: \u201cParallel to our "
            "union's progress for nurses, Senator Vale's fight, long and historic, has opened the "
            "door for women to become equal partners in shaping our future,\u201d the union wrote."
        ),
        "direct",
        "union",
        id="a_cue_reached_from_the_quoted_words_beats_one_reached_from_a_mark",
    ),
    pytest.param(
        (
            "Anna Berg Grills Bank Chief: \u2018You Should Resign Today.\u2019\n\n"
            "Senator Anna Berg questioned the head of the bank on Tuesday."
        ),
        "direct",
        "berg",
        id="a_headline_colon_gives_its_quote_the_first_actor_named",
    ),
    pytest.param(
        (
            "WASHINGTON - Michael Landes, a major stockholder in Unitel Video Inc, said he has "
            "asked the company to consider selling its assets."
        ),
        "indirect",
        "landes",
        id="a_name_keeps_the_speech_over_a_company_in_its_apposition",
    ),
]


@pytest.mark.parametrize(("text", "kind", "word"), SPEAKERS)
def test_the_speaker_is_named(qx, text: str, kind: str, word: str) -> None:
    (_, who), *_ = quotes(qx(text), kind)
    assert who is not None and word in who.lower()


def test_a_clause_hung_across_a_paragraph_break_is_not_what_was_said(qx):
    # a regression test: the parser joins these paragraphs only inside a longer article
    rec = qx(
        "Raising the payroll tax ''is a poor idea,'' said Mr. Hale.\n\n"
        "''There's no evidence this would change anything,'' Mr. Hale said."
    )
    said = [t for t, _ in quotes(rec, "indirect")]
    assert any(t.startswith("Raising the payroll tax") for t in said)
    assert not any("no evidence" in t for t in said if t.startswith("Raising"))


def test_a_gloss_in_parentheses_is_no_quote(qx):
    rec = qx(
        'The Labour Party said thousands marched against the planned "Brexit" '
        '("British exit") on Saturday.'
    )
    assert not any(t == "British exit" for t, _ in quotes(rec, "direct"))


def test_a_date_after_called_is_no_call_on(qx):
    rec = qx('Senator Anna Berg called the bank\'s conduct "outrageous" on Tuesday.')
    assert all(q.cue == "called" for q in rec.quotes if q.kind == "direct")


def test_the_question_someone_was_asked_is_not_their_words(qx):
    rec = qx(
        "Asked whether it was realistic to assume the party could win the election, "
        'Charles Kennedy said: "There is no limit to our ambition."'
    )
    assert not any("realistic" in t for t, _ in quotes(rec, "indirect"))


def test_a_passive_cue_without_agent_names_no_speaker(qx):
    rec = qx(
        "Education Secretary Ruth Kelly said the professor would help children. "
        'He is described as "a proud grandfather" of four.'
    )
    assert all(
        w is None or "Kelly" not in w for t, w in quotes(rec, "direct") if "grandfather" in t
    )
