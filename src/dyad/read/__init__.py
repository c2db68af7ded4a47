"""Readers: turn files, folders, archives and feeds into Articles (or Failures).

:func:`read_paths` is the one entry point. It looks at each path and hands it to
the reader for its kind (see ``docs/sources.md``):

=====================================  ===========================================
path                                   reader
=====================================  ===========================================
folder                                 every file below it (sorted, hidden skipped)
``.txt`` ``.md`` (or no extension)     :mod:`dyad.read.text`
``.jsonl`` ``.ndjson`` ``.json``       :mod:`dyad.read.tabular` (one per line)
``.csv`` ``.tsv``                      :mod:`dyad.read.tabular` (one per row)
``.html`` ``.htm`` ``.xhtml``          :mod:`dyad.read.html` (trafilatura)
``.warc`` ``.warc.gz``                 :mod:`dyad.read.warc` (warcio, streaming)
``.xml`` ``.rss`` ``.atom``            :mod:`dyad.read.feeds` (feedparser)
``.sgm`` ``.sgml``                     :mod:`dyad.read.reuters` (Reuters-21578)
``http://`` ``https://``               fetched politely: a feed or a page
=====================================  ===========================================

Bad input never raises: it becomes a :class:`~dyad.pipeline.Failure` naming the
path (``path:line`` for a line of a JSONL or CSV file, ``file#record`` for a WARC
record) and the reason, and reading goes on with the next input.

A wire dateline at the start of a body ("MOSCOW, March 22 (Reuters) -") is taken
out of the text and kept apart (:mod:`dyad.read.dateline`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyad.contract import Failure
from dyad.model import Article

if TYPE_CHECKING:
    from dyad.read.fetch import Fetcher


@dataclass
class ReadLimits:
    """Limits and fetch settings for reading.

    ``max_bytes`` caps one file for single-article files (text, markdown, HTML),
    and one record (a JSONL line, a CSV row, a WARC record, a fetched page) for
    streamed containers, which are never loaded whole.
    """

    max_bytes: int = 50_000_000
    timeout: float = 20.0  # seconds per HTTP request
    retries: int = 2  # extra tries after a failed request (with back-off)
    min_interval: float = 1.0  # seconds between two requests to one site
    fetch_pages: bool = True  # fetch each feed item's page (else use the item's content)
    state_file: str | None = None  # remembers ETag / Last-Modified between runs
    allow_private: bool = False  # fetch from loopback / private / link-local addresses too


TEXT_EXT = {"", ".txt", ".text", ".md", ".markdown"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
CSV_EXT = {".csv", ".tsv"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
WARC_EXT = {".warc"}
FEED_EXT = {".xml", ".rss", ".atom"}
SGML_EXT = {".sgm", ".sgml"}


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def kind_of(path: str) -> str:
    """The reader for a file path: text, markdown, jsonl, csv, html, warc, feed, sgml
    (Reuters-21578), or unknown."""
    name = os.path.basename(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in {".md", ".markdown"}:
        return "markdown"
    if ext in TEXT_EXT:
        return "text"
    for kind, exts in (
        ("jsonl", JSONL_EXT),
        ("csv", CSV_EXT),
        ("html", HTML_EXT),
        ("warc", WARC_EXT),
        ("feed", FEED_EXT),
        ("sgml", SGML_EXT),
    ):
        if ext in exts:
            return kind
    return "unknown"


_DOC_NAMES = ("readme", "license", "licence", "copying", "notice", "changelog", "changes")
_DOC_EXT = {".dtd", ".xsd", ".rng"}


def is_documentation(name: str) -> bool:
    """A corpus's own notes or schema (README, LICENSE, a DTD), not an article: a folder
    walk leaves them out (named on their own, they are read)."""
    low = name.lower()
    return low.startswith(_DOC_NAMES) or os.path.splitext(low)[1] in _DOC_EXT


def iter_files(folder: str, on_error: Callable[[OSError], None] | None = None) -> Iterator[str]:
    """Every file below ``folder``, in sorted order, recursively, but hidden files and
    folders and documentation (:func:`is_documentation`).

    A folder that cannot be listed (permissions, a vanished mount) goes to ``on_error``
    (an ``OSError`` whose ``filename`` is the folder) instead of being skipped unseen.
    """
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and not is_documentation(name):
                yield os.path.join(root, name)


def walk_failure(exc: OSError) -> Failure:
    """The Failure for a folder :func:`iter_files` could not list."""
    where = exc.filename if exc.filename is not None else "folder"
    if isinstance(exc, PermissionError):
        why = "folder cannot be read (permission denied): its files were not read"
    else:
        why = f"folder cannot be read ({exc.strerror or exc}): its files were not read"
    return Failure(str(where), why, stage="read")


def _files_and_failures(folder: str) -> Iterator[str | Failure]:
    """:func:`iter_files`, with a Failure in the stream for each folder it could not list."""
    errors: list[OSError] = []
    for f in iter_files(folder, errors.append):
        while errors:
            yield walk_failure(errors.pop(0))
        yield f
    for exc in errors:
        yield walk_failure(exc)


def missing_reason(path: str) -> str:
    """Why ``path`` cannot be found, in words: no such file, a broken or looping link."""
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symbolic link loop (the link leads back to itself)"
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return f"broken symbolic link to {target}: no such file or folder"
    return "no such file or folder"


def read_paths(
    paths: Iterable[str],
    limits: ReadLimits | None = None,
    fetcher: Fetcher | None = None,
    seen: set[str] | None = None,
) -> Iterator[Article | Failure]:
    """Yield an Article for each article found under ``paths``, or a Failure.

    ``fetcher`` is the polite HTTP client for URLs and feed items (made on first
    need); ``seen`` holds feed item keys (link, else guid) to skip without fetching,
    and the keys of the items read are added to it.
    """
    limits = limits or ReadLimits()
    state = {"fetcher": fetcher}

    def get_fetcher() -> Fetcher:
        if state["fetcher"] is None:
            from dyad.read.fetch import Fetcher

            state["fetcher"] = Fetcher.from_limits(limits)
        return state["fetcher"]

    for path in paths:
        path = str(path)
        if is_url(path):
            from dyad.read.dateline import with_dateline
            from dyad.read.feeds import read_url

            for item in read_url(path, get_fetcher(), limits, seen=seen):
                yield with_dateline(item) if isinstance(item, Article) else item
        elif os.path.isdir(path):
            for f in _files_and_failures(path):
                if isinstance(f, Failure):
                    yield f
                else:
                    yield from read_file(f, limits, get_fetcher, seen)
        else:
            yield from read_file(path, limits, get_fetcher, seen)


def read_file(
    path: str,
    limits: ReadLimits | None = None,
    get_fetcher: Callable[[], Fetcher] | None = None,
    seen: set[str] | None = None,
) -> Iterator[Article | Failure]:
    """Read one file by its kind; every problem becomes a Failure. A wire dateline at
    the start of an article's body is taken out of its text (:func:`with_dateline`)."""
    from dyad.read.dateline import with_dateline

    for item in _read_file(path, limits, get_fetcher, seen):
        yield with_dateline(item) if isinstance(item, Article) else item


def _read_file(
    path: str,
    limits: ReadLimits | None = None,
    get_fetcher: Callable[[], Fetcher] | None = None,
    seen: set[str] | None = None,
) -> Iterator[Article | Failure]:
    limits = limits or ReadLimits()
    if not os.path.exists(path):
        yield Failure(path, missing_reason(path), stage="read")
        return
    if not os.path.isfile(path):
        yield Failure(path, "not a regular file", stage="read")
        return
    if not os.access(path, os.R_OK):
        yield Failure(path, "file cannot be read (permission denied)", stage="read")
        return
    kind = kind_of(path)
    try:
        if kind in ("text", "markdown", "unknown"):
            from dyad.read.text import read_text_file

            yield from read_text_file(path, limits, kind="text" if kind == "unknown" else kind)
        elif kind == "jsonl":
            from dyad.read.tabular import read_jsonl

            yield from read_jsonl(path, limits)
        elif kind == "csv":
            from dyad.read.tabular import read_csv

            yield from read_csv(path, limits)
        elif kind == "html":
            from dyad.read.html import read_html_file

            yield from read_html_file(path, limits)
        elif kind == "warc":
            from dyad.read.warc import read_warc

            yield from read_warc(path, limits)
        elif kind == "feed":
            from dyad.read.feeds import read_feed_file

            if get_fetcher is None:
                from dyad.read.fetch import Fetcher

                def get_fetcher() -> Fetcher:
                    return Fetcher.from_limits(limits)

            yield from read_feed_file(path, limits, get_fetcher, seen=seen)
        elif kind == "sgml":
            from dyad.read.reuters import read_reuters

            yield from read_reuters(path, limits)
    except OSError as exc:
        yield Failure(path, f"cannot read file: {exc.strerror or exc}", stage="read")
    except Exception as exc:  # a reader's bug must not stop the batch
        yield Failure(path, f"reader error: {type(exc).__name__}: {exc}", stage="read")
