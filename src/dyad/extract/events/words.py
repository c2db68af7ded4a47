"""The events stage's word lists, read once from ``lexicon/events_words.txt``.

The rules of :mod:`dyad.extract.events.args`, :mod:`~dyad.extract.events.modality` and
:mod:`~dyad.extract.events.lexicon` name their vocabulary (light verbs, group nouns,
modal words ...) by section; the words themselves live in the data file, where a user
can extend them.
"""

from __future__ import annotations

from pathlib import Path

from dyad.wordlists import lexicon_path, parse_sections, word_lists

FILE = "events_words.txt"


def words_path() -> Path:
    return lexicon_path(FILE)


def words(name: str) -> frozenset[str]:
    """One word list; a missing section is an error (a typo must not empty a rule)."""
    try:
        return word_lists(FILE)[name]
    except KeyError:
        raise KeyError(f"no [{name}] section in {words_path()}") from None


def word_pairs(name: str) -> frozenset[tuple[str, ...]]:
    """A list of two-word phrases as tuples ("engage in" -> ("engage", "in"))."""
    return frozenset(tuple(w.split()) for w in words(name))


__all__ = ["parse_sections", "word_pairs", "words", "words_path"]
