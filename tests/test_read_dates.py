"""Publication dates as news sites write them; impossible dates are None, not errors."""

from __future__ import annotations

import pytest

from dyad.read.dates import looks_like_date_line, parse_date


@pytest.mark.parametrize(
    "text,iso",
    [
        ("March 22, 2011", "2011-03-22"),
        ("Friday, January 4, 2019", "2019-01-04"),
        ("22 March 2011", "2011-03-22"),
        ("Sept. 3, 2020", "2020-09-03"),
        ("2011-03-22T08:30:00+00:00", "2011-03-22"),
        ("2011/03/22", "2011-03-22"),
        ("22/03/2011", "2011-03-22"),
        ("03/22/2011", "2011-03-22"),
        ("03/04/2011", None),  # ambiguous day and month
        ("February 31, 2011", None),
        ("2011-02-31", None),
        ("31.02.2011", None),
        ("no date here", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_date_lines():
    assert looks_like_date_line("Wednesday, June 2, 2021 ")
    assert not looks_like_date_line("On March 22, 2011 the minister met his counterpart in Moscow.")
