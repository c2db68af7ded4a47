"""The one loader for the word lists under ``lexicon/``.

A word-list file holds ``[section]`` headers, each followed by one word or phrase a line
(lower-cased on reading); ``#`` starts a comment line, and a ``# ...`` after a header
says which module uses it. Each stage keeps its lists in one file beside the others
(``actors_words.txt``, ``events_words.txt``, ``places_words.txt`` ...), so a user extends
a list there, not in the code. A section a rule names but the file lacks is an error:
a typo must not silently empty a rule.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


def lexicon_path(name: str) -> Path:
    """A data file of the package's ``lexicon/`` folder."""
    return Path(str(resources.files("dyad") / "lexicon" / name))


def section_lines(text: str, where: str = "word list") -> dict[str, list[str]]:
    """``[name]`` sections -> name: their lines as written (stripped, comments dropped)."""
    out: dict[str, list[str]] = {}
    cur: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = line[1 : line.index("]")].strip()
            out.setdefault(cur, [])
            continue
        if cur is None:
            raise ValueError(f"{where}:{n}: a word before any [section]")
        out[cur].append(line)
    return out


def parse_sections(text: str, where: str = "word list") -> dict[str, frozenset[str]]:
    """``[name]`` sections of one word or phrase a line -> name: words (lower case)."""
    return {k: frozenset(line.lower() for line in v) for k, v in section_lines(text, where).items()}


@lru_cache(maxsize=32)
def _file_lines(file: str) -> dict[str, list[str]]:
    return section_lines(lexicon_path(file).read_text(encoding="utf-8"), file)


@lru_cache(maxsize=32)
def word_lists(file: str) -> dict[str, frozenset[str]]:
    """Every section of ``lexicon/<file>``, read once per process."""
    return {k: frozenset(line.lower() for line in v) for k, v in _file_lines(file).items()}


def words(file: str, section: str) -> frozenset[str]:
    """One word list of ``lexicon/<file>``; a missing section raises ``KeyError``."""
    try:
        return word_lists(file)[section]
    except KeyError:
        raise KeyError(f"no [{section}] section in {lexicon_path(file)}") from None


def word_pairs(file: str, section: str) -> frozenset[tuple[str, ...]]:
    """A list of phrases as word tuples ("engage in" -> ("engage", "in"))."""
    return frozenset(tuple(w.split()) for w in words(file, section))


def word_table(file: str, section: str) -> dict[str, str | None]:
    """A list of ``<word or phrase> <VALUE>`` lines ("ministry GOV", ``-`` for none) ->
    word (lower case): value (as written)."""
    try:
        lines = _file_lines(file)[section]
    except KeyError:
        raise KeyError(f"no [{section}] section in {lexicon_path(file)}") from None
    out: dict[str, str | None] = {}
    for line in lines:
        word, value = line.rsplit(None, 1)
        out[word.lower()] = None if value == "-" else value
    return out
