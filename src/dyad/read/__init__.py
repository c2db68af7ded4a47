"""Readers: turn files, folders and streams into Articles (or Failures)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dyad.model import Article
from dyad.pipeline import Failure


@dataclass
class ReadLimits:
    max_bytes: int = 50_000_000  # a file larger than this is refused


def read_paths(paths: Iterable[str], limits: ReadLimits | None = None) -> Iterator[Article | Failure]:
    """Yield an Article for each article found under ``paths``, or a Failure."""
    raise NotImplementedError
