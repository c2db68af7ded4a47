"""Plain-text and markdown articles.

The markdown shape (as in ``../shared/seeds/``)::

    # Title
    March 22, 2011
    A photo caption. **Photo Credit**
    Body paragraphs ...
    *(AP, Reuters)*
    Original url: <https://...>

Every part is optional; plain text without any of it is read as body alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dyad.contract import Failure
from dyad.model import Article, article_id
from dyad.read.dates import looks_like_date_line, parse_date
from dyad.read.decode import Unreadable, decode, replaced_message
from dyad.read.files import ReadWarning, read_whole
from dyad.read.publishers import publisher_from_url

if TYPE_CHECKING:
    from dyad.read import ReadLimits

_URL_LINE = re.compile(r"^\s*(?:original\s+)?(?:url|source)\s*:\s*<?(?P<url>\S+?)>?\s*$", re.I)
_CREDIT_LINE = re.compile(r"^\s*[*_]{1,2}\((?P<credit>[^()]{1,120})\)[*_]{1,2}\s*$")
_CAPTION = re.compile(r"^(?P<cap>.+?)\s*\*\*(?P<credit>[^*]{2,80})\*\*\s*$", re.S)
_TITLE = re.compile(r"^#{1,2}\s+(?P<title>.+?)\s*#*\s*$")


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<head>.*?)\n---[ \t]*\n", re.S)
_FRONT_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "publish_date": "published",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
    "original_url": "url",
    "source_url": "url",
    "publisher": "publisher",
    "source": "publisher",
    "site": "publisher",
    "author": "author",
    "byline": "author",
}


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter between ``---`` lines (as static-site and
    note-taking tools write it), mapped to article fields; and the rest of the text."""
    m = _FRONT.match(raw)
    if not m or len(m.group("head")) > 8192:
        return {}, raw
    out: dict[str, str] = {}
    for line in m.group("head").splitlines():
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if sep and field and value and field not in out:
            out[field] = value
    if not out and any(":" not in ln for ln in m.group("head").splitlines() if ln.strip()):
        return {}, raw  # not front matter: a rule line in prose
    return out, raw[m.end() :]


_CLOSERS = "\"'\u2019\u201d)]"


def is_title_line(line: str, rest: list[str]) -> bool:
    """A plain-text headline: a short first line (at most 15 words, 120 characters),
    not starting with a lower-case word and not ending a sentence (a full stop, comma,
    colon or semicolon; an ellipsis or a question mark is fine), before a body with a
    longer paragraph.
    "Blair ready to call election" is a title; "Talks resumed on Monday." is the
    story's first sentence."""
    line = line.strip()
    if not line or len(line) > 120 or len(line.split()) > 15 or not rest:
        return False
    first = line.split()[0]
    if first[0].islower() and first.islower():
        return False  # "iTunes ..." may start a headline; "the talks ..." may not
    end = line.rstrip(_CLOSERS)
    if end.endswith((",", ";", ":")) or (end.endswith(".") and not end.endswith("...")):
        return False
    if looks_like_date_line(line) or _URL_LINE.match(line) or _CREDIT_LINE.match(line):
        return False
    return any(len(r) > len(line) for r in rest)


def parse_text_article(
    raw: str, source_path: str | None = None, kind: str = "text", title_line: bool = True
) -> Article:
    """Split a text or markdown article into title, date, caption, body, credit and URL.

    Front matter (``---`` / ``key: value`` lines / ``---``) at the top fills the title,
    date, URL, publisher and author where it gives them. With ``title_line``, a short
    first line and a blank line (:func:`is_title_line`) is the title, as in plain-text
    corpora such as the BBC's.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    front, raw = split_front_matter(raw)
    paras = [p.strip() for p in re.split(r"\n\s*\n", raw)]
    paras = [p for p in paras if p]
    title = published = url = caption = credit = dateline = None
    body: list[str] = []
    head = True  # still in the header part (title, date, caption)
    for i, p in enumerate(paras):
        single = "\n" not in p
        if head and title is None and single and (m := _TITLE.match(p)):
            title = m.group("title").strip()
            continue
        if (
            title_line
            and i == 0
            and single
            and "title" not in front
            and is_title_line(p, paras[1:])
        ):
            title = p
            continue
        if head and published is None and single and looks_like_date_line(p):
            published = parse_date(p)
            dateline = p
            continue
        if single and (m := _URL_LINE.match(p)):
            url = m.group("url").strip()
            continue
        if single and (m := _CREDIT_LINE.match(p)):
            credit = m.group("credit").strip()
            continue
        if head and caption is None and (m := _CAPTION.match(p)) and i <= 3:
            caption = m.group("cap").strip()
            continue
        head = False
        body.append(p)
    text = "\n\n".join(body)
    title = front.get("title") or title
    url = front.get("url") or url
    if front.get("published"):
        published = parse_date(front["published"]) or published
    publisher = None
    if credit and url is None and "," not in credit:
        publisher = credit
    publisher = front.get("publisher") or publisher_from_url(url) or publisher
    if credit and publisher is None:
        first = credit.split(",")[0].strip()
        publisher = first or None
    return Article(
        id=article_id(url, text),
        text=text,
        title=title,
        published=published,
        url=url,
        publisher=publisher,
        caption=caption,
        dateline=dateline,
        credit=credit,
        source_path=source_path,
        source_kind=kind,
        author=front.get("author"),
    )


def read_text_file(
    path: str, limits: ReadLimits, kind: str = "text"
) -> Iterator[Article | Failure]:
    """One text or markdown file -> one Article, or a Failure saying why not."""
    data = read_whole(path, limits.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    try:
        raw, _enc, replaced = decode(data)
    except Unreadable as exc:
        yield Failure(path, str(exc), stage="read")
        return
    if replaced:
        yield ReadWarning(path, replaced_message(replaced), stage="read")
    art = parse_text_article(raw, source_path=path, kind=kind)
    if not art.text.strip():
        yield Failure(path, "empty article: no body text", stage="read")
        return
    if not any(len(line.split()) > 1 for line in art.text.splitlines()):
        yield Failure(path, "not an article: single words, one a line (a word list?)", stage="read")
        return
    yield art
