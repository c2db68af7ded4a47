"""WARC archives (``.warc``, ``.warc.gz``): every HTML page in a crawl, streaming.

warcio walks the archive record by record from an open file, so an archive of any
size never sits in memory; each record's payload is read up to the size limit.
HTML ``response`` records (and ``resource`` records holding HTML) with a 2xx
status become articles; requests, metadata, redirects, images, scripts and the
like are skipped. Each article's ``source_path`` is ``archive#<WARC-Record-ID>``
and its URL the record's ``WARC-Target-URI`` (unless the page names a canonical
URL), so any event traces back to the exact record.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dyad.contract import Failure
from dyad.model import Article
from dyad.read.files import open_binary, too_large_message
from dyad.read.html import parse_html

if TYPE_CHECKING:
    from dyad.read import ReadLimits

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _record_id(rec: object, n: int) -> str:
    rid = rec.rec_headers.get_header("WARC-Record-ID") or f"record-{n}"  # type: ignore[attr-defined]
    return rid.strip().strip("<>")


def read_warc(path: str, limits: ReadLimits) -> Iterator[Article | Failure]:
    """Yield an Article (or a Failure) for each HTML page in the archive."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open_binary(path) as f:
            magic = f.read(5)
    except (OSError, EOFError) as exc:
        yield Failure(path, f"broken WARC archive: {exc}", stage="read")
        return
    if not magic:
        yield Failure(path, "empty file", stage="read")
        return
    if magic != b"WARC/":
        yield Failure(
            path, "broken WARC archive: it does not start with a WARC record", stage="read"
        )
        return
    pages = 0
    done = 0  # records walked, so a second pass (see below) can skip them
    plain_gzip = False
    while True:
        try:
            with gzip.open(path, "rb") if plain_gzip else open(path, "rb") as f:
                for n, rec in enumerate(ArchiveIterator(f)):
                    if n < done:
                        continue
                    done = n + 1
                    item = _one(rec, n, path, limits)
                    if item is not None:
                        pages += 1
                        yield item
        except ArchiveLoadFailed as exc:
            if "non-chunked gzip" in str(exc) and not plain_gzip:
                # A .warc.gz made with plain gzip (one stream, not one member per
                # record): warcio refuses it, but it reads fine decompressed.
                plain_gzip = True
                continue
            yield Failure(path, f"broken WARC archive: {_one_line(exc)}", stage="read")
            return
        except (EOFError, OSError, ValueError) as exc:  # a truncated .gz member, say
            yield Failure(path, f"broken WARC archive: {type(exc).__name__}: {exc}", stage="read")
            return
        except Exception as exc:  # warcio failing on a malformed record header
            yield Failure(
                path,
                f"broken WARC archive: record {done + 1} cannot be parsed "
                f"({type(exc).__name__}: {_one_line(exc)})",
                stage="read",
            )
            return
        break
    if pages == 0:
        yield Failure(path, "no HTML pages in the WARC archive", stage="read")


def _one(rec: object, n: int, path: str, limits: ReadLimits) -> Article | Failure | None:
    """One record's article, or its Failure: one odd record must not end the archive."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        return _record(rec, n, path, limits)
    except (ArchiveLoadFailed, EOFError, OSError):
        raise
    except Exception as exc:
        where = f"{path}#{_record_id(rec, n)}"
        return Failure(where, f"reader error: {type(exc).__name__}: {exc}", stage="read")


def _one_line(exc: BaseException, limit: int = 300) -> str:
    """warcio's messages run over many lines (with advice): one line, and short."""
    text = " ".join(str(exc).split())
    if text.startswith("ERROR: "):
        text = text[len("ERROR: ") :]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _record(rec: object, n: int, path: str, limits: ReadLimits) -> Article | Failure | None:
    rtype = rec.rec_type  # type: ignore[attr-defined]
    if rtype not in ("response", "resource"):
        return None
    uri = rec.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    where = f"{path}#{_record_id(rec, n)}"
    http = rec.http_headers  # type: ignore[attr-defined]
    if rtype == "response":
        if http is None:
            return None
        status = (http.get_statuscode() or "").strip()
        if not status.startswith("2"):
            return None  # redirects, not-found pages and errors are not articles
        ctype = http.get_header("Content-Type") or ""
    else:
        ctype = rec.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    if ctype.lower().split(";")[0].strip() not in HTML_TYPES:
        return None
    stream = rec.content_stream()  # type: ignore[attr-defined]
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        return Failure(
            where, too_large_message(len(data), limits.max_bytes, "WARC record"), stage="read"
        )
    return parse_html(data, url=uri, source_path=where, kind="warc", content_type=ctype)
