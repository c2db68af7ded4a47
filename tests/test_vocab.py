"""One table for each shared vocabulary (dyad.vocab) and its users."""

from __future__ import annotations

import pytest

from dyad import vocab
from dyad.store import QueryError
from dyad.store.queries import events_where, timeline_query


@pytest.mark.parametrize(
    "text,code",
    [
        ("Britain", "GBR"),
        ("the UK", "GBR"),
        ("gbr", "GBR"),
        ("GB", "GBR"),
        ("United States", "USA"),
        ("US", "USA"),
        ("usa", "USA"),
        ("Russia", "RUS"),
        ("IGO", "IGO"),
        ("Narnia", None),
        ("XYZ", None),
        ("", None),
    ],
)
def test_country_code(text, code):
    assert vocab.country_code(text) == code


def test_the_extractor_and_the_queries_agree_on_countries():
    from dyad import knowledge

    for c in knowledge.load().countries.values():
        assert vocab.country_code(c.iso3) == c.iso3
        assert vocab.country_code(c.name) == c.iso3, c.name


def test_timeline_of_britain_is_a_country_filter():
    sql, params = timeline_query("Britain")
    assert ["GBR"] in params and "source_name" not in sql
    sql, params = timeline_query("Gadhafi")
    assert ["GBR"] not in params


def test_country_filters_take_names_and_refuse_unknown_ones():
    _, p = events_where(country="Britain,Russia")
    assert p[0] == ["GBR", "RUS"]
    with pytest.raises(QueryError, match="unknown country 'Narnia'"):
        events_where(source_country="Narnia")


def test_cameo_facts_fall_back_to_the_parent_code():
    assert vocab.cameo_facts("0401") is not None
    assert vocab.cameo_facts("190").quad_class == 4
    assert vocab.cameo_facts(None) is None


def test_one_list_of_types_and_sectors():
    from dyad.web import app

    assert len(vocab.PLOVER_TYPES) == 16
    assert app.SECTORS is vocab.SECTORS and app.PLOVER_TYPES is vocab.PLOVER_TYPES


def test_one_loader_for_the_word_lists():
    from dyad import wordlists

    got = wordlists.parse_sections("# c\n[a]  # x.py\nFoo\nbar baz\n[b]\n")
    assert got == {"a": frozenset({"foo", "bar baz"}), "b": frozenset()}
    with pytest.raises(ValueError, match="before any"):
        wordlists.parse_sections("foo\n[a]\n")
    with pytest.raises(KeyError, match="no \\[nope\\] section"):
        wordlists.words("places_words.txt", "nope")
    for f in ("places_words.txt", "times_words.txt", "events_words.txt", "actors_words.txt"):
        assert all(wordlists.word_lists(f).values()), f  # no empty list
    assert "airport" in wordlists.words("places_words.txt", "facility_words")
