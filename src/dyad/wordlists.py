"""The one loader for the word lists under ``lexicon/``.

A word-list file holds ``[section]`` headers, each followed by one word or phrase a line
(lower-cased on reading); ``#`` starts a comment line, and a ``# ...`` after a header
says which module uses it. Each stage keeps its lists in one file beside the others
(``events_words.txt``, ``places_words.txt``, ``times_words.txt`` ...), so a user extends
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


def parse_sections(text: str, where: str = "word list") -> dict[str, frozenset[str]]:
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


@lru_cache(maxsize=32)
def word_lists(file: str) -> dict[str, frozenset[str]]:
    """Every section of ``lexicon/<file>``, read once per process."""
    path = lexicon_path(file)
    return parse_sections(path.read_text(encoding="utf-8"), file)


def words(file: str, section: str) -> frozenset[str]:
    """One word list of ``lexicon/<file>``; a missing section raises ``KeyError``."""
    try:
        return word_lists(file)[section]
    except KeyError:
        raise KeyError(f"no [{section}] section in {lexicon_path(file)}") from None


def word_pairs(file: str, section: str) -> frozenset[tuple[str, ...]]:
    """A list of phrases as word tuples ("engage in" -> ("engage", "in"))."""
    return frozenset(tuple(w.split()) for w in words(file, section))
