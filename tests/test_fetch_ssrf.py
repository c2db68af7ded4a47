"""A hostile feed must not reach inside the user's network (issue 20, defect 4: SSRF).

Item links and redirects to loopback, private, link-local or multicast addresses are
refused after DNS resolution and on every redirect hop, unless ``allow_private`` is set.
Local servers stand in for the internal page (on 127.0.0.1) and for a "public" site
(on 127.0.0.2, which the test declares public by patching the address check).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyad.pipeline import Failure
from dyad.read import ReadLimits, read_paths
from dyad.read import fetch as F

SECRET = "INTERNAL-ONLY admin console: the database password is hunter2. " * 5


class Server:
    """A tiny HTTP server on ``host``; ``routes`` maps a path to (status, headers, body)."""

    def __init__(self, host: str, routes: dict[str, tuple[int, dict[str, str], str]]):
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.hits.append(self.path)
                status, headers, body = routes.get(self.path, (404, {}, "not found"))
                data = body.encode()
                self.send_response(status)
                for k, v in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _page(text: str) -> str:
    return f"<html><head><title>Page</title></head><body><article><p>{text}</p></article></body></html>"


@pytest.fixture
def internal():
    s = Server("127.0.0.1", {"/secret": (200, {}, _page(SECRET)), "/robots.txt": (404, {}, "")})
    yield s
    s.close()


def _texts(items: list) -> str:
    return " ".join(getattr(x, "text", "") + " " + getattr(x, "reason", "") for x in items)


@pytest.mark.parametrize(
    ("ip", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("fc00::1", "private"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
    ],
)
def test_inside_addresses_are_named(ip, why):
    assert F.forbidden_address(ip) == why


@pytest.mark.parametrize("ip", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
def test_public_addresses_pass(ip):
    assert F.forbidden_address(ip) is None


def test_feed_item_links_to_loopback_are_not_fetched(internal, tmp_path: Path):
    for host in ("127.0.0.1", "localhost"):  # an address, and a name that resolves to one
        link = internal.base.replace("127.0.0.1", host) + "/secret"
        feed = tmp_path / f"feed-{host}.xml"
        feed.write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f"<item><title>Story</title><link>{link}</link>"
            "<description>Ministers met on Monday to discuss the harbour strike and pay."
            "</description></item></channel></rss>",
            encoding="utf-8",
        )
        out = list(read_paths([str(feed)], ReadLimits(min_interval=0, retries=0, timeout=5)))
        assert "hunter2" not in _texts(out)
    assert internal.hits == []  # not even robots.txt: no connection was made


def test_urls_to_loopback_are_refused_with_a_reason(internal):
    out = list(read_paths([internal.base + "/secret"], ReadLimits(min_interval=0, retries=0)))
    assert len(out) == 1 and isinstance(out[0], Failure)
    assert "loopback" in out[0].reason and "--allow-private" in out[0].reason
    assert internal.hits == []
    f = F.Fetcher(min_interval=0, retries=0, respect_robots=False)
    with pytest.raises(F.FetchError, match="refused"):
        f.get(internal.base + "/secret")
    with pytest.raises(F.FetchError, match="only http and https"):
        f.get("ftp://127.0.0.1/x")


def test_redirect_to_loopback_is_refused_on_the_hop(internal, monkeypatch):
    real = F.forbidden_address
    monkeypatch.setattr(F, "forbidden_address", lambda ip: None if ip == "127.0.0.2" else real(ip))
    public = Server(
        "127.0.0.2",
        {
            "/robots.txt": (404, {}, ""),
            "/story": (302, {"Location": internal.base + "/secret"}, ""),
            "/ok": (200, {}, _page("Ministers met on Monday to discuss the harbour strike. " * 3)),
        },
    )
    try:
        f = F.Fetcher(min_interval=0, retries=0)
        assert f.get(public.base + "/ok").status == 200  # the public site itself is fine
        with pytest.raises(F.FetchError, match="loopback"):
            f.get(public.base + "/story")
        out = list(read_paths([public.base + "/story"], ReadLimits(min_interval=0, retries=0)))
        assert isinstance(out[0], Failure) and "hunter2" not in _texts(out)
    finally:
        public.close()
    assert internal.hits == []


def test_allow_private_lets_the_user_fetch_inside(internal):
    limits = ReadLimits(min_interval=0, retries=0, allow_private=True)
    out = list(read_paths([internal.base + "/secret"], limits))
    assert "hunter2" in _texts(out)
    assert "/secret" in internal.hits
