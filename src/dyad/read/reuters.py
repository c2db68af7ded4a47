"""The Reuters-21578 corpus: SGML files of ``<REUTERS>`` elements, one story each.

Each element becomes one Article:

* ``NEWID`` is the stable id (``reuters21578-<NEWID>``; ``source_path`` is
  ``file.sgm#<NEWID>``);
* ``<DATE>`` (``26-FEB-1987 15:01:01.79``) is the publication date;
* ``<TITLE>``, ``<AUTHOR>``, ``<DATELINE>`` (``SALVADOR, Feb 26 -``, read by
  :mod:`dyad.read.dateline`) and ``<BODY>`` fill their fields; the body's closing
  "Reuter" sign-off becomes the credit;
* ``<TOPICS>``, ``<PLACES>``, ``<PEOPLE>``, ``<ORGS>``, ``<EXCHANGES>`` and
  ``<COMPANIES>`` are kept as metadata (``extra["tags"]``), with the split attributes.

A brief (``TYPE="BRIEF"``, a headline and "Blah blah blah.") is its title alone; an
unprocessed story (``TYPE="UNPROC"``) is its text as it stands. Entities (``&lt;``,
``&#3;``) are decoded and control characters dropped.

The file is read in blocks: only one element is held at a time, so a file of any
size reads in little memory. Each element is decoded as UTF-8, else latin-1 (the
corpus is latin-1, and one of its files has a byte that is not UTF-8).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dyad.contract import Failure
from dyad.model import Article
from dyad.read.dateline import parse_dateline
from dyad.read.dates import MONTHS
from dyad.read.files import open_binary, too_large_message

if TYPE_CHECKING:
    from dyad.read import ReadLimits

_OPEN = b"<REUTERS"
_CLOSE = b"</REUTERS>"
_BLOCK = 1 << 16
TAG_FIELDS = ("topics", "places", "people", "orgs", "exchanges", "companies")

_ATTR = re.compile(r'(\w+)="([^"]*)"')
_D = re.compile(r"<D>(.*?)</D>", re.S)
_DATE = re.compile(r"(?P<d>\d{1,2})-(?P<mon>[A-Za-z]{3})-(?P<y>\d{4})")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SIGNOFF = re.compile(r"\s*\bREUTERS?\s*$", re.I)
_BLAH = re.compile(r"^\s*(?:blah\s*)+\.?\s*$", re.I)


def read_reuters(path: str, limits: ReadLimits) -> Iterator[Article | Failure]:
    """Every ``<REUTERS>`` element of an SGML file, as an Article (or a Failure)."""
    name = os.path.basename(path)
    found = 0
    for start_line, element in _elements(path, limits.max_bytes):
        if isinstance(element, Failure):
            yield element
            continue
        found += 1
        where = f"{path}:{start_line}"
        try:
            text = element.decode("utf-8")
        except UnicodeDecodeError:
            text = element.decode("latin-1")
        try:
            art = parse_reuters(text, path)
        except ValueError as exc:
            yield Failure(where, f"broken <REUTERS> element: {exc}", stage="read")
            continue
        if not art.text.strip():
            yield Failure(art.source_path, "empty article: no title or body text", art.id, "read")
            continue
        yield art
    if not found:
        yield Failure(
            path, f"no <REUTERS> element in {name}: not a Reuters-21578 file", stage="read"
        )


def _elements(path: str, max_bytes: int) -> Iterator[tuple[int, bytes | Failure]]:
    """``(line number, raw element)`` for each ``<REUTERS>…</REUTERS>``, read in blocks.

    An element over ``max_bytes`` is skipped (as a Failure) without being held whole;
    an element cut off by the end of the file is a Failure too.
    """
    buf = b""
    line = 1  # the line number of buf[0]
    skipping = False  # inside an element too large to keep

    def drop(n: int) -> None:
        nonlocal buf, line
        line += buf.count(b"\n", 0, n)
        buf = buf[n:]

    with open_binary(path) as f:
        while True:
            block = f.read(_BLOCK)
            buf += block
            while True:
                if skipping:
                    j = buf.find(_CLOSE)
                    if j < 0:
                        drop(max(0, len(buf) - len(_CLOSE)))
                        break
                    drop(j + len(_CLOSE))
                    skipping = False
                i = buf.find(_OPEN)
                if i < 0:
                    drop(max(0, len(buf) - len(_OPEN)))
                    break
                drop(i)
                j = buf.find(_CLOSE)
                if j < 0 and len(buf) <= max_bytes:
                    break  # read on
                if j < 0 or j + len(_CLOSE) > max_bytes:
                    size = j + len(_CLOSE) if j >= 0 else None
                    msg = too_large_message(size, max_bytes, "<REUTERS> element")
                    yield line, Failure(f"{path}:{line}", msg, stage="read")
                    skipping = j < 0
                    if j >= 0:
                        drop(j + len(_CLOSE))
                    continue
                yield line, buf[: j + len(_CLOSE)]
                drop(j + len(_CLOSE))
            if not block:
                break
    if not skipping and buf.startswith(_OPEN):
        msg = "the file ends inside a <REUTERS> element"
        yield line, Failure(f"{path}:{line}", msg, stage="read")


def _field(sgml: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", sgml, re.S | re.I)
    return m.group(1) if m else None


def clean(s: str) -> str:
    """Entities decoded, control characters dropped."""
    return _CONTROL.sub("", html.unescape(s))


def reflow(s: str) -> str:
    """Wire copy as paragraphs: an indented line starts a paragraph, the lines within
    one are joined, paragraphs are separated by a blank line."""
    paras: list[list[str]] = []
    for raw in s.splitlines():
        if not raw.strip():
            if paras and paras[-1]:
                paras.append([])
            continue
        if not paras or raw[:1].isspace() and paras[-1]:
            paras.append([])
        paras[-1].append(raw.strip())
    return "\n\n".join(" ".join(p) for p in paras if p)


def published_date(s: str | None) -> str | None:
    """``26-FEB-1987 15:01:01.79`` -> ``1987-02-26`` (None when it is not a date)."""
    m = _DATE.search(s or "")
    month = MONTHS.get(m.group("mon").lower()) if m else None
    if not m or not month:
        return None
    import datetime as dt

    try:
        return dt.date(int(m.group("y")), month, int(m.group("d"))).isoformat()
    except ValueError:
        return None


def parse_reuters(sgml: str, path: str | None = None) -> Article:
    """One ``<REUTERS …>…</REUTERS>`` element as an Article."""
    head = re.match(r"\s*<REUTERS\b([^>]*)>", sgml)
    if not head:
        raise ValueError("no <REUTERS> start tag")
    attrs = {k.lower(): v for k, v in _ATTR.findall(head.group(1))}
    newid = attrs.get("newid", "").strip()
    if not newid:
        raise ValueError("no NEWID attribute")
    tags: dict[str, Any] = {}
    for t in TAG_FIELDS:
        inner = _field(sgml, t.upper())
        tags[t] = [clean(d).strip() for d in _D.findall(inner or "")]
    text_el = re.search(r"<TEXT\b([^>]*)>(.*?)</TEXT>", sgml, re.S)
    kind = ""
    inner = ""
    if text_el:
        kind_m = re.search(r'TYPE="(\w+)"', text_el.group(1))
        kind = kind_m.group(1).upper() if kind_m else "NORM"
        inner = text_el.group(2)
    title = _one_line(_field(inner, "TITLE"))
    author = _one_line(_field(inner, "AUTHOR"))
    if author:
        author = re.sub(r"^by\s+", "", author, flags=re.I)
        author = re.sub(r",\s*Reuters?$", "", author, flags=re.I).strip() or None
    dl_raw = _one_line(_field(inner, "DATELINE"))
    body_raw = _field(inner, "BODY")
    if body_raw is None and kind == "UNPROC":
        body_raw = re.sub(r"<[^>]+>", " ", inner)
    body = reflow(clean(body_raw or ""))
    credit = None
    m = _SIGNOFF.search(body)
    if m and body[: m.start()].strip():
        credit = "Reuters"
        body = body[: m.start()].rstrip()
    extra: dict[str, Any] = {
        "source_id": f"reuters21578:{newid}",
        "tags": tags,
        "reuters": {
            k: attrs[k] for k in ("oldid", "lewissplit", "cgisplit", "topics") if k in attrs
        },
    }
    if _BLAH.match(body) or not body.strip():
        body = title or ""  # a brief: the headline is the story
        extra["brief"] = True
    if kind and kind != "NORM":
        extra["reuters"]["type"] = kind
    dl = parse_dateline(dl_raw) if dl_raw else None
    return Article(
        id=f"reuters21578-{newid}",
        text=body,
        title=title,
        published=published_date(_field(sgml, "DATE")),
        publisher="Reuters",
        dateline=(dl.text if dl else dl_raw) or None,
        dateline_place=dl.place if dl else None,
        credit=credit,
        source_path=f"{path}#{newid}" if path else f"#{newid}",
        source_kind="reuters",
        author=author,
        extra=extra,
    )


def _one_line(s: str | None) -> str | None:
    if s is None:
        return None
    s = re.sub(r"\s+", " ", clean(s)).strip().strip("*").strip()
    return s or None
