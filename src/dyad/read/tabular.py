"""Many articles in one file: JSON Lines (one object a line) and CSV (one row each).

Both are streamed: one line or row at a time, so a file of any size reads in little
memory, and a broken line or row becomes a Failure naming ``path:line`` while the
rest go on. Field names are matched case-insensitively from a few common spellings
(:data:`FIELDS`); only a text field is required. The text itself goes through the
markdown reader, so a leading date line ("Friday, January 4, 2019") lands in
``Article.dateline`` rather than the body, and a trailing credit or URL line is
taken out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from dyad.contract import Failure
from dyad.model import Article, article_id
from dyad.read.dates import parse_date
from dyad.read.decode import Unreadable, decode, replaced_message, sniff_stream
from dyad.read.files import (
    ReadWarning,
    iter_lines_limited,
    open_binary,
    read_whole,
    too_large_message,
)
from dyad.read.publishers import publisher_from_url
from dyad.read.text import parse_text_article

if TYPE_CHECKING:
    from dyad.read import ReadLimits

# Article field -> accepted column / key names (lower case), first found wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "story", "maintext"),
    "title": ("title", "headline", "heading"),
    "published": (
        "published",
        "date",
        "publish_date",
        "published_at",
        "publication_date",
        "pubdate",
        "datepublished",
        "date_publish",
        "datetime",
        "time",
        "timestamp",
    ),
    "url": ("url", "link", "source_url", "canonical_url", "href", "uri"),
    "publisher": ("publisher", "source", "site_name", "sitename", "outlet", "media", "site"),
    "author": ("author", "authors", "byline"),
}


def _pick(row: Mapping[str, Any], field: str) -> Any:
    for name in FIELDS[field]:
        if name in row and row[name] not in (None, "", [], {}):
            return row[name]
    return None


def _as_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, Mapping):  # {"name": "Reuters"} as some APIs give a source
        v = v.get("name") or v.get("title") or v.get("url")
    if isinstance(v, list):
        v = ", ".join(str(_as_text(x)) for x in v if x)
    s = str(v).strip()
    return s or None


def _as_date(v: Any) -> str | None:
    """A date from a string, or from epoch seconds / milliseconds."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float) or (isinstance(v, str) and v.strip().isdigit() and len(v) >= 9):
        try:
            n = float(v)
        except ValueError:  # digits float() refuses: superscripts, other scripts
            return None
        if n > 1e11:  # milliseconds
            n /= 1000
        try:
            return dt.datetime.fromtimestamp(n, dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return parse_date(str(v))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(v: Any) -> Any:
    """Strings without lone surrogates (JSON may escape one, as ``"\\ud800"``), which
    no encoder accepts; they become U+FFFD."""
    if isinstance(v, str):
        return _SURROGATE.sub("\ufffd", v)
    if isinstance(v, dict):
        return {_clean(k): _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def article_from_fields(row: Mapping[str, Any], source_path: str, kind: str) -> Article | Failure:
    """An Article from a mapping of named fields (a JSON object, a CSV row).

    Never raises: a field that cannot be used makes a Failure for this row alone.
    """
    try:
        return _article_from_fields(row, source_path, kind)
    except Exception as exc:  # one odd row must not end the file
        return Failure(source_path, f"reader error: {type(exc).__name__}: {exc}", stage="read")


def _article_from_fields(row: Mapping[str, Any], source_path: str, kind: str) -> Article | Failure:
    row = {str(_clean(k)).strip().lower(): _clean(v) for k, v in row.items()}
    text = _pick(row, "text")
    if not isinstance(text, str) or not text.strip():
        if text is None:
            names = ", ".join(sorted(row)[:12]) or "none"
            return Failure(source_path, f"no text field (fields: {names})", stage="read")
        if not isinstance(text, str):
            return Failure(source_path, "text field is not a string", stage="read")
        return Failure(source_path, "empty article: the text field is empty", stage="read")
    art = parse_text_article(text, source_path=source_path, kind=kind, title_line=False)
    if not art.text.strip():
        # A text field that is nothing but a date (or a credit) is kept as written:
        # the field was not empty, so the row is not an empty article.
        art.text = text.strip()
    url = _as_text(_pick(row, "url")) or art.url
    title = _as_text(_pick(row, "title")) or art.title
    raw_date = _pick(row, "published")
    published = _as_date(raw_date) if raw_date is not None else None
    published = published or art.published
    publisher = _as_text(_pick(row, "publisher"))
    if publisher and publisher.startswith(("http://", "https://")):
        publisher = publisher_from_url(publisher)
    publisher = publisher or (publisher_from_url(url) if url else None) or art.publisher
    art.url = url
    art.title = title
    art.published = published
    art.publisher = publisher
    art.author = _as_text(_pick(row, "author"))
    art.id = article_id(url, art.text)
    return art


def read_jsonl(path: str, limits: ReadLimits) -> Iterator[Article | Failure]:
    """JSON Lines: one article object per line; a ``.json`` file may also hold one
    object or a list of objects."""
    if path.lower().endswith((".json", ".json.gz")):
        yield from _read_json_document(path, limits)
        return
    with open_binary(path) as f:
        try:
            enc, replaced = sniff_stream(f)  # type: ignore[arg-type]
        except Unreadable as exc:
            yield Failure(path, str(exc), stage="read")
            return
        if replaced:
            yield ReadWarning(path, replaced_message(replaced), stage="read")
        n = 0
        for lineno, line in iter_lines_limited(f, limits.max_bytes):  # type: ignore[arg-type]
            where = f"{path}:{lineno}"
            if line is None:
                n += 1
                yield Failure(
                    where, too_large_message(None, limits.max_bytes, "line"), stage="read"
                )
                continue
            s = line.decode(enc, errors="replace").strip()
            if not s:
                continue
            n += 1
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as exc:
                yield Failure(
                    where, f"broken JSON line: {exc.msg} (column {exc.colno})", stage="read"
                )
                continue
            if not isinstance(obj, dict):
                yield Failure(
                    where, f"JSON line is a {type(obj).__name__}, not an object", stage="read"
                )
                continue
            yield article_from_fields(obj, where, "jsonl")
        if n == 0:
            yield Failure(path, "empty file", stage="read")


def _read_json_document(path: str, limits: ReadLimits) -> Iterator[Article | Failure]:
    data = read_whole(path, limits.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    try:
        text, _, replaced = decode(data)
    except Unreadable as exc:
        yield Failure(path, str(exc), stage="read")
        return
    if replaced:
        yield ReadWarning(path, replaced_message(replaced), stage="read")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        # Not one document: read it as JSON Lines.
        lines = io.BytesIO(text.encode("utf-8"))
        for lineno, line in enumerate(lines, start=1):
            s = line.decode("utf-8").strip()
            if not s:
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as exc:
                yield Failure(
                    where, f"broken JSON line: {exc.msg} (column {exc.colno})", stage="read"
                )
                continue
            if isinstance(obj, dict):
                yield article_from_fields(obj, where, "jsonl")
            else:
                yield Failure(
                    where, f"JSON line is a {type(obj).__name__}, not an object", stage="read"
                )
        return
    items = doc if isinstance(doc, list) else [doc]
    for i, obj in enumerate(items):
        where = f"{path}#{i}" if isinstance(doc, list) else path
        if isinstance(obj, dict):
            yield article_from_fields(obj, where, "json")
        else:
            yield Failure(
                where, f"JSON item is a {type(obj).__name__}, not an object", stage="read"
            )


def read_csv(path: str, limits: ReadLimits) -> Iterator[Article | Failure]:
    """CSV (or TSV) with a header row and a text column; RFC 4180 quoting."""
    with open_binary(path) as raw:
        try:
            enc, replaced = sniff_stream(raw)  # type: ignore[arg-type]
        except Unreadable as exc:
            yield Failure(path, str(exc), stage="read")
            return
        if replaced:
            yield ReadWarning(path, replaced_message(replaced), stage="read")
        if path.lower().endswith((".tsv", ".tsv.gz")):
            delimiter = "\t"
        else:
            delimiter = _delimiter(raw.readline(1 << 16).decode(enc, errors="replace"))
            raw.seek(0)
        f = io.TextIOWrapper(raw, encoding=enc, errors="replace", newline="")
        old_limit = csv.field_size_limit()
        csv.field_size_limit(max(limits.max_bytes, 1024))
        try:
            yield from _csv_rows(path, f, delimiter)
        finally:
            csv.field_size_limit(old_limit)


def _delimiter(header: str) -> str:
    """The header line's separator: comma, unless semicolons, tabs or bars win
    (spreadsheets in many locales write ``;``)."""
    header = re.sub(r'"[^"]*"', "", header)  # separators inside quoted names do not count
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _csv_rows(path: str, f: io.TextIOBase, delimiter: str) -> Iterator[Article | Failure]:
    reader = csv.reader(f, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield Failure(path, "empty file", stage="read")
        return
    except csv.Error as exc:
        yield Failure(f"{path}:1", f"broken CSV header: {exc}", stage="read")
        return
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    if not any(n in FIELDS["text"] for n in names):
        yield Failure(
            path,
            "CSV has no text column (columns: "
            + ", ".join(names[:12])
            + "; expected one of "
            + ", ".join(FIELDS["text"][:4])
            + ")",
            stage="read",
        )
        return
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            msg = str(exc)
            if "field larger than field limit" in msg:
                msg = "field too large (over --max-bytes)"
            yield Failure(f"{path}:{start}", f"broken CSV row: {msg}", stage="read")
            continue
        if not any(c.strip() for c in row):
            continue
        rows += 1
        where = f"{path}:{start}"
        if len(row) != len(names):
            yield Failure(
                where,
                f"broken CSV row: {len(row)} fields where the header has {len(names)}",
                stage="read",
            )
            continue
        yield article_from_fields(dict(zip(names, row, strict=True)), where, "csv")
    if rows == 0:
        yield Failure(path, "CSV has a header but no rows", stage="read")
