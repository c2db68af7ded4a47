"""Plain-text titles: a short first line and a blank line is the title, a sentence is not."""

from __future__ import annotations

import pytest

from dyad.model import Article
from dyad.read import read_paths
from dyad.read.text import is_title_line, parse_text_article

BODY = (
    "Tony Blair seems certain to end weeks of phoney war on Monday and announce a general "
    "election on 5 May.\n\nThe prime minister will go to Buckingham Palace."
)

TITLES = [
    "Blair ready to call election",
    "Apple laptop is 'greatest gadget'",
    "Have hackers recruited your PC?",
    "Rivals of the \u00a3400 Apple...",
    "iTunes now selling Band Aid song",
    "$1m payoff for former Shell boss",
    "2004: a year of floods",
]
NOT_TITLES = [
    "Talks resumed on Monday after a week of delays.",  # a sentence
    '"We will not give in," the minister said.',
    "He told reporters:",
    "the talks resumed on monday",  # lower case: a fragment of prose
    "March 22, 2011",  # a date line
    "Original url: <https://example.org/story>",
    "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen",  # too long for a headline
]


@pytest.mark.parametrize("line", TITLES)
def test_title_lines(line):
    art = parse_text_article(f"{line}\n\n{BODY}\n")
    assert art.title == line and art.text == BODY


@pytest.mark.parametrize("line", NOT_TITLES)
def test_sentences_stay_in_the_body(line):
    art = parse_text_article(f"{line}\n\n{BODY}\n")
    assert art.title is None
    assert art.text.startswith(line) or line.startswith(("March", "Original"))


def test_counter_examples():
    # a one-line story is its own body, not a title with nothing under it
    assert parse_text_article("Blair ready to call election\n").title is None
    assert not is_title_line("Blair ready to call election", [])
    # a first line longer than anything after it is not a headline
    assert not is_title_line("Blair ready to call election now", ["Short."])
    # a first line followed directly by the body (no blank line) is one paragraph
    art = parse_text_article("Blair ready to call election\n" + BODY)
    assert art.title is None
    # markdown and front matter titles still win
    assert parse_text_article("# The Title\n\nShort line\n\n" + BODY).title == "The Title"
    fm = parse_text_article("---\ntitle: From front\n---\nShort line\n\n" + BODY)
    assert fm.title == "From front" and fm.text.startswith("Short line")


def test_rows_of_a_table_keep_their_first_line(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text(
        '{"text": "Blair ready to call election\\n\\nTony Blair will go to the palace."}\n'
    )
    (a,) = read_paths([str(p)])
    assert a.title is None and a.text.startswith("Blair ready")


def test_bbc_titles(shared):
    corpus = shared / "corpora" / "bbc-fulltext"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/bbc-fulltext is absent")
    files = sorted(corpus.glob("*/*.txt"))
    arts = [a for a in read_paths([str(f) for f in files[::10]]) if isinstance(a, Article)]
    assert len(arts) == len(files[::10])
    for a in arts:
        with open(a.source_path, "rb") as f:
            first = f.readline().decode("utf-8", "replace").strip()
        assert a.title == first, a.source_path
        assert not a.text.startswith(first)
