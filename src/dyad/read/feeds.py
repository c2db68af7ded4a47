"""RSS and Atom feeds (feedparser), and URLs that may be a feed or a page.

Each feed item becomes one article. Its page (the item's link) is fetched and read
as HTML, since feeds often carry only a teaser; where the page cannot be had
(robots.txt, an error, no article text on it) the item's own content or summary is
used instead. Item metadata fills what the page does not give. An item with neither
a readable page nor any content is a Failure; the other items go on.

``source_path`` of a feed article is ``<feed>#<item link or guid>``, so every
article traces back to the feed and the item it came from. ``seen`` (a set of item
keys: link, else guid) lets a caller such as ``dyad watch`` skip items it already
has without fetching their pages; the keys of items read are added to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from dyad.contract import Failure
from dyad.model import Article, article_id
from dyad.read.dates import parse_date
from dyad.read.fetch import Fetcher, FetchError
from dyad.read.files import read_whole
from dyad.read.html import parse_html
from dyad.read.publishers import publisher_from_url, site_of

if TYPE_CHECKING:
    from dyad.read import ReadLimits

FEED_TYPES = ("rss", "atom", "rdf", "xml")
_BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "br"}


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """A feed by its content type, or by its first element."""
    ct = content_type.lower().split(";")[0].strip()
    if ct in ("text/html", "application/xhtml+xml"):
        return False
    if any(t in ct for t in FEED_TYPES):
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith(b"<!--") or head.startswith(b"<?"):
            end = head.find(b"-->") + 3 if head.startswith(b"<!--") else head.find(b"?>") + 2
            head = head[end:].lstrip() if end > 2 else b""
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<rdf"))


def read_url(
    url: str,
    fetcher: Fetcher,
    limits: ReadLimits,
    seen: set[str] | None = None,
) -> Iterator[Article | Failure]:
    """A URL given by the user: a feed (every item) or a single page.

    The request is conditional: a URL unchanged since the last run (ETag /
    Last-Modified in the fetcher's state) yields nothing and costs no body.
    """
    try:
        r = fetcher.get(url, conditional=True)
    except FetchError as exc:
        yield Failure(url, f"cannot fetch: {exc.reason}", stage="read")
        return
    if r.not_modified:
        return
    if not r.body.strip():
        yield Failure(url, "empty response", stage="read")
        return
    if looks_like_feed(r.body, r.content_type):
        yield from read_feed_bytes(r.body, url, limits, lambda: fetcher, seen, r.content_type)
    else:
        yield parse_html(
            r.body, url=r.url, source_path=url, kind="html", content_type=r.content_type
        )


def read_feed_file(
    path: str,
    limits: ReadLimits,
    get_fetcher: Callable[[], Fetcher],
    seen: set[str] | None = None,
) -> Iterator[Article | Failure]:
    """A feed saved on disk; its items' pages are still fetched (``limits.fetch_pages``)."""
    data = read_whole(path, limits.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    yield from read_feed_bytes(data, path, limits, get_fetcher, seen)


def read_feed_bytes(
    data: bytes,
    feed: str,
    limits: ReadLimits,
    get_fetcher: Callable[[], Fetcher] | None,
    seen: set[str] | None = None,
    content_type: str | None = None,
) -> Iterator[Article | Failure]:
    """Every item of a feed document (bytes, never a URL: feedparser would fetch it)."""
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    if feed.startswith(("http://", "https://")):
        headers["content-location"] = feed  # the base for relative item links
    parsed = feedparser.parse(data, response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            yield Failure(feed, f"broken feed: {exc}", stage="read")
        elif not parsed.get("version"):
            yield Failure(feed, "not an RSS or Atom feed", stage="read")
        return  # a valid feed with no items is not an error
    meta = parsed.get("feed", {})
    feed_sites = {site_of(feed), site_of(meta.get("link"))} - {None}
    feed_name = _feed_name(meta.get("title"))
    for i, entry in enumerate(entries):
        key = _item_key(entry)
        if seen is not None and key and key in seen:
            continue
        where = f"{feed}#{key or i + 1}"
        try:
            item = _read_item(entry, where, limits, get_fetcher)
        except Exception as exc:  # one odd item must not end the feed
            item = Failure(where, f"reader error: {type(exc).__name__}: {exc}", stage="read")
        if isinstance(item, Article) and feed_name:
            _publisher_from_feed(item, feed_name, feed_sites)
        if seen is not None and key:
            seen.add(key)
        yield item


def _feed_name(title: str | None) -> str | None:
    """A publisher's name from a feed title: "BBC News - World" -> "BBC News"."""
    if not title or not title.strip():
        return None
    name = re.split(r"\s+[-|–—:]\s+|:\s+", title.strip(), maxsplit=1)[0].strip()
    return name if 1 < len(name) <= 80 else None


def _publisher_from_feed(art: Article, name: str, feed_sites: set[str]) -> None:
    """The feed's name as publisher, where the page gave only its host name and the
    page is on the feed's own site (not an aggregator's feed of other sites)."""
    site = site_of(art.url)
    if art.publisher is not None and art.publisher != site:
        return
    if site is None or any(site == f or site.endswith("." + f) for f in feed_sites):
        art.publisher = name


def _item_key(entry: Any) -> str | None:
    link = (entry.get("link") or "").strip()
    guid = (entry.get("id") or "").strip()
    return link or guid or None


def _item_date(entry: Any) -> str | None:
    with warnings.catch_warnings():  # feedparser warns about its updated->published mapping
        warnings.simplefilter("ignore", DeprecationWarning)
        return _item_date_quiet(entry)


def _item_date_quiet(entry: Any) -> str | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(name)
        if t:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(t), dt.UTC).date().isoformat()
            except (OverflowError, ValueError, TypeError):
                continue
    for name in ("published", "updated", "created", "dc_date"):
        if entry.get(name):
            d = parse_date(str(entry[name]))
            if d:
                return d
    return None


def _item_text(entry: Any) -> str:
    """The item's own text: full content if given, else the summary."""
    best = ""
    for c in entry.get("content") or []:
        v = c.get("value") or ""
        if len(v) > len(best):
            best = v
    if not best:
        best = entry.get("summary") or entry.get("description") or ""
    return html_fragment_to_text(best)


def html_fragment_to_text(fragment: str) -> str:
    """Paragraph text from an HTML fragment (a feed item's content)."""
    if not fragment.strip():
        return ""
    if "<" not in fragment:
        return _norm_paras(fragment)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several kinds on junk
        return _norm_paras(re.sub(r"<[^>]+>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//iframe|.//noscript"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCKS:
            parts.append("\n\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCKS:
            parts.append("\n\n")

    walk(root)
    return _norm_paras("".join(parts))


def _norm_paras(text: str) -> str:
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def _read_item(
    entry: Any,
    where: str,
    limits: ReadLimits,
    get_fetcher: Callable[[], Fetcher] | None,
) -> Article | Failure:
    link = (entry.get("link") or "").strip() or None
    if link and not link.startswith(("http://", "https://")):
        link = None
    title = (entry.get("title") or "").strip() or None
    if title and "<" in title:
        title = " ".join(html_fragment_to_text(title).split()) or None
    published = _item_date(entry)
    author = (entry.get("author") or "").strip() or None
    page_problem = "the item has no link"
    if link and limits.fetch_pages and get_fetcher is not None:
        try:
            fetcher = get_fetcher()
            r = fetcher.get(link)
            page = parse_html(
                r.body, url=r.url, source_path=where, kind="feed", content_type=r.content_type
            )
            if isinstance(page, Article):
                page.title = page.title or title
                page.published = published or page.published
                page.author = page.author or author
                return page
            page_problem = f"its page had no article text ({page.reason})"
        except FetchError as exc:
            page_problem = f"its page could not be fetched ({exc.reason})"
    elif link:
        page_problem = "pages are not fetched"
    text = _item_text(entry)
    if not text:
        return Failure(
            where,
            f"feed item has no content of its own and {page_problem}",
            stage="read",
        )
    publisher = publisher_from_url(link)
    return Article(
        id=article_id(link, text),
        text=text,
        title=title,
        published=published,
        url=link,
        publisher=publisher,
        author=author,
        source_path=where,
        source_kind="feed",
    )
