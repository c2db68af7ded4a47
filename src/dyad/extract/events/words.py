"""The events stage's word lists, read once from ``lexicon/events_words.txt``.

The rules of :mod:`dyad.extract.events.args`, :mod:`~dyad.extract.events.modality` and
:mod:`~dyad.extract.events.lexicon` name their vocabulary (light verbs, group nouns,
modal words ...) by section; the words themselves live in the data file, where a user
can extend them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


def words_path() -> Path:
    return Path(str(resources.files("dyad") / "lexicon" / "events_words.txt"))


def parse_sections(text: str, where: str = "events_words.txt") -> dict[str, frozenset[str]]:
    """``[name]`` sections of one word or phrase a line -> name: words (lower case)."""
    out: dict[str, set[str]] = {}
    cur: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = line[1 : line.index("]")].strip()
            out.setdefault(cur, set())
            continue
        if cur is None:
            raise ValueError(f"{where}:{n}: a word before any [section]")
        out[cur].add(line.lower())
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    return parse_sections(words_path().read_text(encoding="utf-8"))


def words(name: str) -> frozenset[str]:
    """One word list; a missing section is an error (a typo must not empty a rule)."""
    try:
        return word_lists()[name]
    except KeyError:
        raise KeyError(f"no [{name}] section in {words_path()}") from None


def word_pairs(name: str) -> frozenset[tuple[str, ...]]:
    """A list of two-word phrases as tuples ("engage in" -> ("engage", "in"))."""
    return frozenset(tuple(w.split()) for w in words(name))
