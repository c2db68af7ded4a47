"""dyad: read news and write down who did what to whom, when and where.

The Python API (``dyad.extract``, ``dyad.open``, ``dyad.settings``) is in :mod:`dyad.api`;
it is imported on first use, so ``import dyad`` loads neither spaCy nor DuckDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dyad.api import Database, ExtractError, extract, open, settings
    from dyad.contract import Failure, Settings
    from dyad.model import Article, Record

__all__ = [
    "Article",
    "Database",
    "ExtractError",
    "Failure",
    "Record",
    "Settings",
    "extract",
    "open",
    "settings",
]

_LAZY = {
    "open": "dyad.api",
    "settings": "dyad.api",
    "Database": "dyad.api",
    "ExtractError": "dyad.api",
    "Article": "dyad.model",
    "Record": "dyad.model",
    "Failure": "dyad.pipeline",
    "Settings": "dyad.pipeline",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "extract":  # the stages' package, callable as dyad.api.extract
        return importlib.import_module("dyad.extract")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dyad' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, "extract"])
