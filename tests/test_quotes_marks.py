"""Quotation-mark pairing: curly and straight marks, apostrophes, nesting, paragraphs,
unbalanced marks, and linear time on thousands of marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.extract.quotes.marks import find_quoted, paragraphs


def texts(s: str) -> list[str]:
    return [q.text(s) for q in find_quoted(s)]


def test_straight_and_curly_marks():
    assert texts('He said "we will go" today.') == ["we will go"]
    assert texts("He said “we will go” today.") == ["we will go"]
    assert texts("Il a dit «nous irons» hier.") == ["nous irons"]


def test_apostrophes_are_not_quotes():
    s = "“It’s Gates’ view, and we don’t agree,” he said of Libya’s leader."
    assert texts(s) == ["It’s Gates’ view, and we don’t agree,"]
    assert texts("The Gates' plan and rock 'n' roll") == []


def test_split_quote_gives_two_quotes():
    assert texts('"A is true," he said, "and B too."') == ["A is true,", "and B too."]


def test_multi_sentence_quote_is_one_quote():
    s = '"We came. We saw. We left," she said.'
    assert texts(s) == ["We came. We saw. We left,"]


def test_nested_single_quotes_stay_inside():
    s = "\"He told me 'never again,' and left,\" she said."
    qs = find_quoted(s)
    assert len(qs) == 1
    assert qs[0].text(s) == "He told me 'never again,' and left,"


def test_top_level_single_quotes():
    assert texts("Germany bans the airline, citing 'security' concerns") == ["security"]


def test_quote_running_over_paragraphs():
    s = 'He said: "We will stay.\n\n"We will not leave until it is done," he added.\n\nNext.'
    qs = find_quoted(s)
    assert len(qs) == 1
    assert qs[0].closed
    assert qs[0].text(s) == "We will stay. We will not leave until it is done,"
    assert len(qs[0].segments) == 2


def test_unclosed_quote_closes_at_paragraph_end():
    s = 'He said "we will stay here.\n\nAnother paragraph without marks.'
    qs = find_quoted(s)
    assert [q.text(s) for q in qs] == ["we will stay here."]
    assert not qs[0].closed


def test_stray_marks_do_not_swallow_text():
    s = 'A stray ” closer, then “a real quote” and 5\'10" tall, then "another".'
    assert texts(s) == ["a real quote", "another"]


def test_paragraphs_split_on_blank_lines_or_lines():
    assert paragraphs("a\n\nb\n\n\nc") == [(0, 1), (3, 4), (7, 8)]
    assert paragraphs("a\nb") == [(0, 1), (2, 3)]


@pytest.mark.timeout(60)  # a hang guard, not a speed measure (see benchmarks/ for speed)
def test_thousands_of_marks_are_all_paired():
    unit = 'Word "quoted words here" and a stray " mark. '
    small = find_quoted(unit * 200)
    big = find_quoted(unit * 4000)
    # every well-formed pair is found however many stray marks stand between them
    assert sum(q.closed for q in small) == 200
    assert sum(q.closed for q in big) == 4000
    assert all(big[i].end <= big[i + 1].start for i in range(len(big) - 1))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \"“”‘’'\n.,", max_size=300))
def test_any_text_gives_ordered_disjoint_quotes(s):
    qs = find_quoted(s)
    last = -1
    for q in qs:
        assert 0 <= q.start < q.end <= len(s)
        assert q.start >= last
        for a, b in q.segments:
            assert q.start <= a <= b <= q.end
        last = q.end


def test_doubled_apostrophes_and_backticks_are_double_marks():
    s = "He said ''there is no evidence,'' and ``none at all'' later. Don't ''stop.''"
    assert texts(s) == ["there is no evidence,", "none at all", "stop."]


def test_long_lines_after_a_headline_are_paragraphs():
    line = "Ms. Vale spoke for a long time about the plan and what it would cost. " * 3
    text = "A headline\n\n" + line + "\n" + line + "\n\xa0\n" + line
    assert len(paragraphs(text)) == 4  # a headline, then one paragraph a line
    wrapped = "A HEADLINE\n\nNEW YORK - The company said it will\nbuy back shares.\n"
    assert len(paragraphs(wrapped)) == 2  # wire copy wrapped at 40-70 characters
