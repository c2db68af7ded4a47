"""Web pages: the article's main text and its metadata, with trafilatura.

trafilatura finds the main text of a page and drops menus, ads, comments, share
bars and related links; it also reads the title, author, site name and canonical
URL (``<link rel=canonical>``, ``og:url``), and the publication date through
htmldate (JSON-LD, ``article:published_time``, ``<time>``, the URL, ...).

The page's bytes are decoded here, not by trafilatura: the charset comes from the
HTTP header or the page's ``<meta>`` tag, and is detected where neither is usable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse

from dyad.contract import Failure
from dyad.model import Article, article_id
from dyad.read.dates import parse_date
from dyad.read.decode import Unreadable, decode_bytes, header_charset, html_charset
from dyad.read.files import read_whole
from dyad.read.publishers import publisher_from_url, site_of

if TYPE_CHECKING:
    from dyad.read import ReadLimits

# Less than this is not an article (an index page, a login or error page).
MIN_WORDS = 25  # in all
MIN_PARAGRAPH_WORDS = 10  # in the longest paragraph


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A page's text: HTTP charset, else ``<meta>`` charset, else detected."""
    declared = header_charset(content_type) or html_charset(data)
    text, _ = decode_bytes(data, declared=declared)
    return text


def _clean_url(u: str | None, base: str | None) -> str | None:
    if not u:
        return None
    u = u.strip()
    if base:
        u = urljoin(base, u)
    p = urlparse(u)
    if p.scheme not in ("http", "https") or not p.netloc:
        return None
    return u


def _publisher(sitename: str | None, url: str | None) -> str | None:
    """The page's own site name where it gives a sensible one, else from the URL."""
    known = publisher_from_url(url)
    if known and known != site_of(url):
        return known  # our table's name for the site
    if sitename:
        s = sitename.strip()
        looks_like_host = re.fullmatch(r"[\w.-]+\.[a-z]{2,}(:\d+)?|[\d.:]+", s.lower())
        if 1 < len(s) <= 80 and not looks_like_host and s.lower() not in {"home", "index"}:
            return s
    return known


def _paragraphs(text: str) -> str:
    """trafilatura gives one block a line; the rest of dyad separates paragraphs
    with a blank line."""
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


_LD_JSON = re.compile(r"<script[^>]+application/ld\+json[^>]*>(?P<body>.*?)</script>", re.S | re.I)


def _ld_bodies(html: str) -> Iterator[str]:
    """``articleBody`` values from the page's JSON-LD blocks."""
    import json

    def walk(x: object) -> Iterator[str]:
        if isinstance(x, dict):
            body = x.get("articleBody")
            if isinstance(body, str) and body.strip():
                yield body
            for v in x.values():
                if isinstance(v, dict | list):
                    yield from walk(v)
        elif isinstance(x, list):
            for v in x:
                yield from walk(v)

    for m in _LD_JSON.finditer(html):
        try:
            yield from walk(json.loads(m.group("body")))
        except ValueError:
            continue


def _keep_ld_paragraphs(text: str, html: str) -> str:
    """Where the text is a JSON-LD ``articleBody`` with its paragraph breaks lost,
    take the breaks back from the JSON-LD."""
    if "\n" in text or "articleBody" not in html:
        return text
    flat = " ".join(text.split())
    for body in _ld_bodies(html):
        if " ".join(body.split()) == flat:
            return _paragraphs(body.replace("\r", "\n"))
    return text


def _is_article_text(text: str) -> bool:
    paras = [len(p.split()) for p in text.split("\n\n")]
    return sum(paras) >= MIN_WORDS and max(paras, default=0) >= MIN_PARAGRAPH_WORDS


def _drop_headline(text: str, title: str | None) -> str:
    """The body without a first paragraph that merely repeats the headline."""
    if not title:
        return text
    first, sep, rest = text.partition("\n\n")
    if sep and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def parse_html(
    page: bytes | str,
    url: str | None = None,
    source_path: str | None = None,
    kind: str = "html",
    content_type: str | None = None,
) -> Article | Failure:
    """One HTML page -> an Article, or a Failure saying why not.

    ``url`` is where the page was found (a fetch, a WARC record); the page's
    canonical URL wins over it when the page gives one.
    """
    import trafilatura

    where = source_path or url
    if isinstance(page, bytes):
        if not page.strip():
            return Failure(where, "empty page", stage="read")
        try:
            html = decode_html(page, content_type)
        except Unreadable as exc:
            return Failure(where, str(exc), stage="read")
    else:
        html = page
    if not html.strip():
        return Failure(where, "empty page", stage="read")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
    except Exception as exc:  # trafilatura on hostile markup
        return Failure(
            where, f"HTML could not be parsed: {type(exc).__name__}: {exc}", stage="read"
        )
    if doc is None:
        return Failure(where, "no article text found in the page", stage="read")
    text = _keep_ld_paragraphs(_paragraphs(doc.text or ""), html)
    if not _is_article_text(text):
        return Failure(where, "no article text found in the page", stage="read")
    page_url = _clean_url(doc.url, url) or _clean_url(url, None)
    title = (doc.title or "").strip() or None
    text = _drop_headline(text, title)
    author = (doc.author or "").strip() or None
    published = parse_date(doc.date) if doc.date else None
    return Article(
        id=article_id(page_url, text),
        text=text,
        title=title,
        published=published,
        url=page_url,
        publisher=_publisher(doc.sitename, page_url),
        author=author,
        source_path=where,
        source_kind=kind,
    )


def read_html_file(path: str, limits: ReadLimits) -> Iterator[Article | Failure]:
    """A saved web page on disk."""
    data = read_whole(path, limits.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    yield parse_html(data, url=None, source_path=path, kind="html")
