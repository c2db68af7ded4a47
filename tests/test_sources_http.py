"""Pages and feeds served by a local HTTP server (127.0.0.1, port 0) started here:
polite fetching (robots.txt, user agent, retries, rate limit, conditional requests)
and the feed reader (pages fetched, item content as fallback, a broken item)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyad.model import Article
from dyad.pipeline import Failure
from dyad.read import ReadLimits, read_paths
from dyad.read.fetch import USER_AGENT, Fetcher, FetchError

FIX = Path(__file__).parent / "fixtures" / "read"

Route = tuple[int, dict[str, str], bytes]


class LocalSite:
    """A tiny web site in a thread. ``routes[path]`` is ``(status, headers, body)`` or a
    callable returning one; ``etag`` routes answer 304 to a matching If-None-Match.
    Every request is logged as ``(method, path, headers)``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.log: list[tuple[str, str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.log.append(("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route() if callable(route) else route
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag and status == 200:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def html_route(name: str) -> Route:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, (FIX / name).read_bytes()


def rss(items: list[str], title: str = "Ledger World News") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link>"
        "<description>World news</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(title: str, link: str | None, description: str = "", pub: str = "") -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link><guid>{link}</guid>")
    if description:
        parts.append(f"<description><![CDATA[{description}]]></description>")
    if pub:
        parts.append(f"<pubDate>{pub}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


@pytest.fixture
def site():
    s = LocalSite()
    yield s
    s.close()


def fast_limits(**kw: object) -> ReadLimits:
    base = {"min_interval": 0.0, "timeout": 5.0, "retries": 1, "allow_private": True}
    base.update(kw)
    return ReadLimits(**base)  # type: ignore[arg-type]


def fast_fetcher(**kw: object) -> Fetcher:
    base = {"min_interval": 0.0, "timeout": 5.0, "retries": 2, "backoff": 0.01}
    base.update(kw, allow_private=True)  # the test site is on 127.0.0.1
    return Fetcher(**base)  # type: ignore[arg-type]


def split(items):
    items = list(items)
    return (
        [a for a in items if isinstance(a, Article)],
        [f for f in items if isinstance(f, Failure)],
    )


# -- fetching -------------------------------------------------------------------------


def test_user_agent_and_robots_txt_honoured(site):
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: dyad\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n",
    )
    site.routes["/news/strike.html"] = html_route("page_article.html")
    site.routes["/private/secret.html"] = html_route("page_blog.html")
    f = fast_fetcher()
    r = f.get(site.url("/news/strike.html"))
    assert r.status == 200 and b"Sarnholm" in r.body
    with pytest.raises(FetchError, match="robots.txt"):
        f.get(site.url("/private/secret.html"))
    assert site.hits("/private/secret.html") == 0  # never asked for
    assert site.hits("/robots.txt") == 1  # read once per site
    assert USER_AGENT.startswith("dyad/") and "+https://github.com/dyad" in USER_AGENT
    assert all(h.get("user-agent") == USER_AGENT for _, _, h in site.log)


def test_robots_txt_missing_allows_everything(site):
    site.routes["/a.html"] = html_route("page_article.html")
    assert fast_fetcher().get(site.url("/a.html")).status == 200


def test_retries_with_backoff_then_success(site):
    answers = [(503, {"Retry-After": "0"}, b"busy"), (500, {}, b"oops")]

    def flaky() -> Route:
        return answers.pop(0) if answers else html_route("page_article.html")

    site.routes["/flaky.html"] = flaky
    sleeps: list[float] = []
    f = fast_fetcher(retries=2, backoff=0.01, sleep=sleeps.append)
    r = f.get(site.url("/flaky.html"))
    assert r.status == 200
    assert site.hits("/flaky.html") == 3
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]  # exponential back-off


def test_gives_up_after_retries_and_does_not_retry_404(site):
    site.routes["/down.html"] = (503, {}, b"down")
    f = fast_fetcher(retries=2, sleep=lambda s: None)
    with pytest.raises(FetchError, match="HTTP 503.*3 tries"):
        f.get(site.url("/down.html"))
    assert site.hits("/down.html") == 3
    with pytest.raises(FetchError, match="HTTP 404"):
        f.get(site.url("/missing.html"))
    assert site.hits("/missing.html") == 1


def test_timeout_is_a_clear_failure():
    import socket

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)  # accepts the connection but never answers
    try:
        f = Fetcher(
            timeout=0.3, retries=0, min_interval=0.0, respect_robots=False, allow_private=True
        )
        with pytest.raises(FetchError, match="timed out"):
            f.get(f"http://127.0.0.1:{srv.getsockname()[1]}/slow")
    finally:
        srv.close()


def test_per_site_rate_limit():
    now = [100.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    f = Fetcher(min_interval=2.0, sleep=sleep, clock=lambda: now[0])
    f._wait_turn("http://a.example")
    f._wait_turn("http://b.example")  # another site: no wait
    now[0] += 0.5
    f._wait_turn("http://a.example")  # 0.5 s after the last request to a: waits 1.5 s
    assert sleeps == [pytest.approx(1.5)]


def test_conditional_request_second_fetch_costs_nothing(site, tmp_path):
    site.routes["/feed.xml"] = (
        200,
        {
            "Content-Type": "application/rss+xml",
            "ETag": '"v1"',
            "Last-Modified": formatdate(usegmt=True),
        },
        rss([item("Strike", None, "<p>Dock workers walked off the job in Sarnholm today.</p>")]),
    )
    state = tmp_path / "fetch-state.json"
    limits = fast_limits(state_file=str(state), fetch_pages=False)
    arts, fails = split(read_paths([site.url("/feed.xml")], limits))
    assert len(arts) == 1 and not fails
    saved = json.loads(state.read_text())["validators"][site.url("/feed.xml")]
    assert saved["etag"] == '"v1"' and saved["last_modified"]
    # A new run (new fetcher) remembers the validators from the state file.
    arts2, fails2 = split(read_paths([site.url("/feed.xml")], limits))
    assert arts2 == [] and fails2 == []
    last = [h for _, p, h in site.log if p == "/feed.xml"][-1]
    assert last.get("if-none-match") == '"v1"' and "if-modified-since" in last


# -- feeds ------------------------------------------------------------------------------


def test_feed_items_pages_fetched_and_broken_item_reported(site):
    site.routes["/world/strike"] = html_route("page_article.html")
    site.routes["/world/border"] = html_route("page_blog.html")
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss(
            [
                item(
                    "Harbour strike",
                    site.url("/world/strike"),
                    "teaser",
                    "Wed, 17 May 2023 08:30:00 GMT",
                ),
                item(
                    "Border reopens",
                    site.url("/world/border"),
                    "teaser",
                    "Sat, 12 Mar 2022 10:00:00 GMT",
                ),
                item(
                    "Gone", site.url("/world/gone"), "", "Sat, 12 Mar 2022 11:00:00 GMT"
                ),  # 404, no content
                item(
                    "Bad date",
                    site.url("/world/baddate"),
                    "<p>Officials said the <b>talks</b> would resume.</p><p>More later.</p>",
                    "Mon, 31 Feb 2022 10:00:00 GMT",
                ),  # fmt: skip
            ]
        ),
    )
    arts, fails = split(read_paths([site.url("/feed.xml")], fast_limits()))
    assert [a.title for a in arts] == [
        "Harbour workers strike over pay in Valdoria",
        "Ministers agree to reopen border crossing",
        "Bad date",
    ]
    strike, border, fallback = arts
    assert "Sarnholm" in strike.text and "harbourfan77" not in strike.text
    assert strike.url == "https://ledger.example.org/world/2023/05/17/harbour-workers-strike"
    assert strike.published == "2023-05-17" and strike.author == "Maria Lindqvist"
    assert strike.source_kind == "feed"
    assert strike.source_path == site.url("/feed.xml") + "#" + site.url("/world/strike")
    assert border.url == site.url("/world/border") and border.publisher == "Ledger World News"
    # The page 404s: the item's own content is used, and the 31 February date is None.
    assert fallback.text == "Officials said the talks would resume.\n\nMore later."
    assert fallback.published is None and fallback.url == site.url("/world/baddate")
    assert len(fails) == 1
    assert fails[0].source_path.endswith("#" + site.url("/world/gone"))
    assert "no content" in fails[0].reason and "HTTP 404" in fails[0].reason


def test_seen_items_are_not_fetched_again(site):
    site.routes["/world/strike"] = html_route("page_article.html")
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss([item("Harbour strike", site.url("/world/strike"), "teaser")]),
    )
    seen: set[str] = set()
    f = fast_fetcher()
    assert len(split(read_paths([site.url("/feed.xml")], fast_limits(), f, seen))[0]) == 1
    assert seen == {site.url("/world/strike")}
    assert split(read_paths([site.url("/feed.xml")], fast_limits(), f, seen)) == ([], [])
    assert site.hits("/world/strike") == 1


def test_atom_feed_file_without_fetching(tmp_path):
    feed = tmp_path / "news.atom"
    feed.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coastal Courier</title><id>urn:courier</id><updated>2022-03-12T10:00:00Z</updated>
  <entry><title>Ferry route opens</title><id>urn:courier:1</id>
    <link href="https://courier.example.net/ferry"/>
    <published>2022-03-10T09:00:00Z</published><author><name>Ana Ruiz</name></author>
    <content type="html">&lt;p&gt;A new ferry route linked the island towns on Thursday.&lt;/p&gt;</content>
  </entry>
  <entry><title>No body</title><id>urn:courier:2</id></entry>
</feed>""",
        encoding="utf-8",
    )
    arts, fails = split(read_paths([str(feed)], ReadLimits(fetch_pages=False)))
    assert len(arts) == 1 and len(fails) == 1
    a = arts[0]
    assert a.text == "A new ferry route linked the island towns on Thursday."
    assert (a.title, a.published, a.author) == ("Ferry route opens", "2022-03-10", "Ana Ruiz")
    assert a.url == "https://courier.example.net/ferry" and a.source_kind == "feed"
    assert a.source_path == f"{feed}#https://courier.example.net/ferry"
    assert fails[0].source_path == f"{feed}#urn:courier:2"


def test_broken_feed_and_not_a_feed(tmp_path):
    bad = tmp_path / "broken.rss"
    bad.write_bytes(b"<rss><channel><title>x</title><item><title>unclosed")
    junk = tmp_path / "junk.xml"
    junk.write_text("<config><a>1</a></config>")
    out = list(read_paths([str(bad), str(junk)], ReadLimits(fetch_pages=False)))
    assert all(isinstance(f, Failure) for f in out) and len(out) == 2
    assert "feed" in out[0].reason and "feed" in out[1].reason


def test_url_that_is_a_page(site):
    site.routes["/story"] = html_route("page_latin1.html")
    site.routes["/story"] = (
        200,
        {"Content-Type": "text/html"},  # no charset in the header: the <meta> one is used
        (FIX / "page_latin1.html").read_bytes(),
    )
    arts, fails = split(read_paths([site.url("/story")], fast_limits()))
    assert not fails and arts[0].title == "Café owners protest new tax in São Amaro"
    assert arts[0].url == site.url("/story") and arts[0].source_kind == "html"


def test_unreachable_url_is_a_failure():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    out = list(read_paths([f"http://127.0.0.1:{port}/feed.xml"], fast_limits(retries=0)))
    assert len(out) == 1 and isinstance(out[0], Failure)
    assert "cannot fetch" in out[0].reason


def test_item_page_forbidden_by_robots_uses_item_content(site):
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /members/\n")
    site.routes["/members/story"] = html_route("page_article.html")
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss([item("Members only", site.url("/members/story"), "<p>Dock workers walked out.</p>")]),
    )
    arts, fails = split(read_paths([site.url("/feed.xml")], fast_limits()))
    assert not fails and arts[0].text == "Dock workers walked out."
    assert site.hits("/members/story") == 0


def test_crawl_delay_from_robots_txt_spaces_requests(site):
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nCrawl-delay: 3\n")
    site.routes["/a"] = html_route("page_article.html")
    now = [0.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    f = fast_fetcher(sleep=sleep, clock=lambda: now[0])
    f.get(site.url("/a"))
    f.get(site.url("/a"))
    assert sleeps and sleeps[-1] == pytest.approx(3.0)


def test_unchanged_state_file_is_not_rewritten_and_validators_survive(site, tmp_path):
    site.routes["/p"] = (200, {"Content-Type": "text/html", "ETag": '"e1"'}, b"<html></html>")
    state = tmp_path / "s.json"
    f = fast_fetcher(state_file=str(state))
    assert f.get(site.url("/p"), conditional=True).status == 200
    assert f.get(site.url("/p"), conditional=True).not_modified
    g = fast_fetcher(state_file=str(state))
    assert g.validators == {site.url("/p"): {"etag": '"e1"'}}


def test_gzip_body_decoded_and_gzip_bomb_refused(site):
    import gzip

    page = (FIX / "page_article.html").read_bytes()
    site.routes["/z"] = (
        200,
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        gzip.compress(page),
    )
    site.routes["/bomb"] = (
        200,
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        gzip.compress(b"a" * 5_000_000),  # 5 MB from a few KB
    )
    f = fast_fetcher(max_bytes=1_000_000)
    assert f.get(site.url("/z")).body == page
    with pytest.raises(FetchError, match="too large"):
        f.get(site.url("/bomb"))


def test_relative_item_links_resolved_against_the_feed_url(site):
    site.routes["/news/strike"] = html_route("page_article.html")
    site.routes["/news/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss([item("Strike", "/news/strike", "teaser")]),
    )
    arts, fails = split(read_paths([site.url("/news/feed.xml")], fast_limits()))
    assert not fails and "Sarnholm" in arts[0].text
    assert site.hits("/news/strike") == 1


def test_feed_name_as_publisher():
    from dyad.read.feeds import _feed_name, _publisher_from_feed

    assert _feed_name("BBC News - World") == "BBC News"
    assert _feed_name("Reuters: Top News") == "Reuters"
    assert _feed_name("Ledger World News") == "Ledger World News"
    own = Article(
        id="x", text="t", url="https://news.ledger.example/a", publisher="news.ledger.example"
    )
    _publisher_from_feed(own, "The Ledger", {"ledger.example"})
    assert own.publisher == "The Ledger"
    other = Article(
        id="y", text="t", url="https://elsewhere.example/b", publisher="elsewhere.example"
    )
    _publisher_from_feed(other, "News Aggregator", {"aggregator.example"})
    assert other.publisher == "elsewhere.example"  # an aggregator's feed names no publisher


def test_malformed_item_does_not_lose_the_others(tmp_path):
    feed = tmp_path / "loose.rss"
    feed.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>One</title><link>https://a.example/1</link>"
        b"<description>The first report.</description></item>"
        b"<item><title>Two & broken <b>unclosed</title><link>https://a.example/2</link>"
        b"<description>The second report.</description></item>"
        b"<item><title>Three</title><link>https://a.example/3</link>"
        b"<description>The third report.</description></item></channel></rss>"
    )
    arts, fails = split(read_paths([str(feed)], ReadLimits(fetch_pages=False)))
    assert not fails
    assert [a.title for a in arts] == ["One", "Two & broken unclosed", "Three"]
    assert [a.text for a in arts][2] == "The third report."


def test_redirect_into_a_disallowed_path_is_not_followed(site):
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/go"] = (302, {"Location": "/private/page"}, b"")
    site.routes["/moved"] = (301, {"Location": "/news/strike"}, b"")
    site.routes["/private/page"] = html_route("page_article.html")
    site.routes["/news/strike"] = html_route("page_article.html")
    f = fast_fetcher()
    with pytest.raises(FetchError, match="redirected to .*robots.txt"):
        f.get(site.url("/go"))
    assert site.hits("/private/page") == 0
    r = f.get(site.url("/moved"))
    assert r.status == 200 and r.url == site.url("/news/strike")
