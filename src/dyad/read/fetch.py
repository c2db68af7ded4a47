"""A polite HTTP client for feeds and pages (standard library only).

Polite means: robots.txt is read once per site and honoured (with its
``Crawl-delay``); requests to one site are spaced by a minimum interval; every
request has a timeout; transient failures (connection errors, timeouts, 429 and
5xx answers) are retried with exponential back-off, honouring ``Retry-After``;
the user agent names dyad and where to learn about it; and conditional requests
(``If-None-Match`` / ``If-Modified-Since``) let an unchanged feed answer
``304 Not Modified`` with no body. The validators (ETag, Last-Modified) are kept
in :attr:`Fetcher.validators`, saved to a small JSON state file when one is given.

Safe means: only ``http`` and ``https``, and no connection to a loopback, private,
link-local, multicast or otherwise reserved address (checked on the addresses the name
resolves to, at connect time, on every redirect hop: the connection goes to the address
that was checked, so DNS rebinding cannot slip past), unless ``allow_private`` is set
(``--allow-private``). A hostile feed can then not pull pages of the user's own network
into the database.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import os
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from dyad import __version__

if TYPE_CHECKING:
    from dyad.read import ReadLimits

USER_AGENT = f"dyad/{__version__} (+https://github.com/dyad)"
ROBOTS_AGENT = "dyad"  # the token robots.txt rules are matched against
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_WAIT = 60.0  # cap for Retry-After and Crawl-delay, seconds


class FetchError(Exception):
    """A URL that could not be had, with the reason in words."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(reason)
        self.url = url
        self.reason = reason
        self.status = status


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class PrivateAddress(OSError):
    """A connection refused because the address is inside the user's network."""


def forbidden_address(ip: str) -> str | None:
    """Why dyad will not connect to ``ip`` ("loopback", "private", ...), or None."""
    try:
        a = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return "unparsable"
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
        a = a.ipv4_mapped
    for what, bad in (
        ("loopback", a.is_loopback),
        ("link-local", a.is_link_local),
        ("multicast", a.is_multicast),
        ("unspecified", a.is_unspecified),
        ("private", a.is_private),
        ("reserved", a.is_reserved),
        ("site-local", getattr(a, "is_site_local", False)),
    ):
        if bad:
            return what
    if not a.is_global:
        return "non-public"
    return None


def _guarded_create_connection(
    address: tuple[str, int],
    timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
    source_address: Any = None,
    *args: Any,
    **kwargs: Any,
) -> socket.socket:
    """``socket.create_connection`` that connects only to public addresses: the name is
    resolved once, every address checked, and the socket connects to a checked one."""
    host, port = address
    infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    refused: list[str] = []
    err: OSError | None = None
    for family, kind, proto, _, sockaddr in infos:
        why = forbidden_address(str(sockaddr[0]))
        if why:
            refused.append(f"{sockaddr[0]} ({why})")
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            err = exc
    if err is not None:
        raise err
    raise PrivateAddress(
        f"{host} is {', '.join(dict.fromkeys(refused))}: not fetched, since a feed must not "
        "reach inside your network (pass --allow-private to allow it)"
    )


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(
            _GuardedHTTPSConnection,
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


def _site(url: str) -> str:
    p = urlparse(url)
    return f"{p.scheme}://{p.netloc}".lower()


class Fetcher:
    """Fetch URLs politely; one instance per run so its per-site memory is shared."""

    def __init__(
        self,
        user_agent: str = USER_AGENT,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 1.0,
        min_interval: float = 1.0,
        max_bytes: int = 50_000_000,
        state_file: str | None = None,
        respect_robots: bool = True,
        allow_private: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.min_interval = min_interval
        self.max_bytes = max_bytes
        self.state_file = state_file
        self.respect_robots = respect_robots
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}  # site -> time of the last request
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, str]] = {}
        self._delay: dict[str, float] = {}  # site -> crawl delay from robots.txt
        self.validators: dict[str, dict[str, str]] = {}  # url -> {"etag", "last_modified"}
        self.requests = 0  # requests actually sent (robots.txt included)
        self.allow_private = allow_private
        handlers: list[Any] = [_PoliteRedirects(self)]
        if not allow_private:
            handlers += [_GuardedHTTPHandler(), _GuardedHTTPSHandler()]
        self._opener = urllib.request.build_opener(*handlers)
        if state_file and os.path.exists(state_file):
            try:
                with open(state_file, encoding="utf-8") as f:
                    self.validators = dict(json.load(f).get("validators", {}))
            except (OSError, ValueError, AttributeError):
                self.validators = {}

    @classmethod
    def from_limits(cls, limits: ReadLimits) -> Fetcher:
        return cls(
            timeout=limits.timeout,
            retries=limits.retries,
            min_interval=limits.min_interval,
            max_bytes=limits.max_bytes,
            state_file=limits.state_file,
            allow_private=limits.allow_private,
        )

    # -- robots.txt ---------------------------------------------------------------

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets dyad fetch ``url``, and why not if it does not."""
        if not self.respect_robots:
            return True, ""
        site = _site(url)
        if site not in self._robots:
            self._robots[site] = self._load_robots(site)
        rp, why = self._robots[site]
        if rp is None:
            return (why == ""), why
        if rp.can_fetch(ROBOTS_AGENT, url):
            return True, ""
        return False, "robots.txt does not allow dyad to fetch this URL"

    def _load_robots(self, site: str) -> tuple[urllib.robotparser.RobotFileParser | None, str]:
        """Per RFC 9309: a 4xx robots.txt allows everything; 5xx or no answer
        disallows everything for this run."""
        try:
            r = self._send(site + "/robots.txt", {}, retries=min(1, self.retries))
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return None, ""
            if exc.status is None:
                return None, f"the site could not be reached: {exc.reason}"
            return None, f"robots.txt answered {exc.reason}, so the site is not crawled"
        rp = urllib.robotparser.RobotFileParser()
        rp.parse(r.body.decode("utf-8", errors="replace").splitlines())
        delay = rp.crawl_delay(ROBOTS_AGENT)
        if delay:
            self._delay[site] = min(float(delay), MAX_WAIT)
        return rp, ""

    # -- requests -----------------------------------------------------------------

    def get(self, url: str, conditional: bool = False) -> Response:
        """GET ``url``: a Response (status 304 with no body when ``conditional`` and
        the resource has not changed), or :class:`FetchError`."""
        if urlparse(url).scheme.lower() not in ("http", "https"):
            raise FetchError(url, "only http and https URLs are fetched")
        ok, why = self.allowed(url)
        if not ok:
            raise FetchError(url, why)
        headers: dict[str, str] = {}
        if conditional:
            v = self.validators.get(url, {})
            if v.get("etag"):
                headers["If-None-Match"] = v["etag"]
            if v.get("last_modified"):
                headers["If-Modified-Since"] = v["last_modified"]
        r = self._send(url, headers, retries=self.retries)
        if conditional and r.status == 200:
            v = {}
            if r.headers.get("etag"):
                v["etag"] = r.headers["etag"]
            if r.headers.get("last-modified"):
                v["last_modified"] = r.headers["last-modified"]
            if v != self.validators.get(url, {}):
                if v:
                    self.validators[url] = v
                else:
                    self.validators.pop(url, None)
                self.save_state()
        return r

    def _wait_turn(self, site: str) -> None:
        with self._lock:
            gap = max(self.min_interval, self._delay.get(site, 0.0))
            last = self._last.get(site)
            now = self._clock()
            if last is not None and now - last < gap:
                self._sleep(gap - (now - last))
            self._last[site] = self._clock()

    def _send(self, url: str, extra: dict[str, str], retries: int) -> Response:
        site = _site(url)
        last_error = "no answer"
        last_status: int | None = None
        for attempt in range(retries + 1):
            self._wait_turn(site)
            req = urllib.request.Request(
                url,
                headers={
                    "User-Agent": self.user_agent,
                    "Accept": "*/*",
                    "Accept-Encoding": "gzip, deflate",
                    **extra,
                },
            )
            wait = self.backoff * (2**attempt)
            self.requests += 1
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    body = self._read(resp, url)
                    return Response(resp.geturl(), resp.status, _headers(resp.headers), body)
            except urllib.error.HTTPError as exc:
                status = exc.code
                hdrs = _headers(exc.headers)
                if status == 304:
                    return Response(url, 304, hdrs, b"")
                last_status = status
                last_error = f"HTTP {status} {exc.reason}"
                if status not in RETRY_STATUS:
                    raise FetchError(url, last_error, status) from None
                wait = max(wait, _retry_after(hdrs.get("retry-after"), self._now_epoch()))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, PrivateAddress):
                    raise FetchError(url, f"refused: {reason}") from None
                if isinstance(reason, TimeoutError):
                    last_error = f"timed out after {self.timeout:g} s"
                else:
                    last_error = f"connection failed: {reason}"
                last_status = None
            except FetchError:
                raise
            except (OSError, ValueError) as exc:  # bad URL, broken stream
                raise FetchError(url, f"request failed: {exc}") from None
            if attempt < retries:
                self._sleep(min(wait, MAX_WAIT))
        tries = f"{retries + 1} tries" if retries else "1 try"
        raise FetchError(url, f"{last_error} (after {tries})", last_status)

    def _now_epoch(self) -> float:
        return time.time()

    def _read(self, resp: Any, url: str) -> bytes:
        """The body, in chunks: refused past ``max_bytes`` (after decoding too, so a
        gzip bomb stays small) or when it trickles in for longer than 3 timeouts."""
        too_large = f"response too large: over {self.max_bytes} bytes"
        deadline = time.monotonic() + 3 * self.timeout
        chunks: list[bytes] = []
        size = 0
        while chunk := resp.read(1 << 16):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, too_large)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchError(url, f"download took longer than {3 * self.timeout:g} s")
        body = b"".join(chunks)
        enc = (resp.headers.get("Content-Encoding") or "").strip().lower()
        if enc in ("gzip", "x-gzip", "deflate"):
            for wbits in (32 + zlib.MAX_WBITS, -zlib.MAX_WBITS):  # gzip/zlib, then raw
                d = zlib.decompressobj(wbits)
                try:
                    out = d.decompress(body, self.max_bytes + 1)
                except zlib.error as exc:
                    err = exc
                    continue
                if len(out) > self.max_bytes or d.unconsumed_tail:
                    raise FetchError(url, too_large)
                return out
            raise FetchError(url, f"broken {enc} body: {err}")
        return body

    # -- state --------------------------------------------------------------------

    def save_state(self) -> None:
        """Write the validators to the state file (atomically), if there is one."""
        if not self.state_file:
            return
        data: dict[str, Any] = {}
        if os.path.exists(self.state_file):
            try:
                with open(self.state_file, encoding="utf-8") as f:
                    data = json.load(f)
            except (OSError, ValueError):
                data = {}
        data["validators"] = self.validators
        write_json_atomic(self.state_file, data)


class _PoliteRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only where robots.txt allows, and with the site's spacing."""

    max_redirections = 5

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlparse(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(newurl, f"redirected to {newurl}: only http and https are fetched")
        ok, why = self.fetcher.allowed(newurl)
        if not ok:
            raise FetchError(newurl, f"redirected to {newurl}: {why}")
        self.fetcher._wait_turn(_site(newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def write_json_atomic(path: str, data: Any) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dyad-state-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _headers(h: Any) -> dict[str, str]:
    if h is None:
        return {}
    return {k.lower(): v for k, v in h.items()}


def _retry_after(value: str | None, now: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return 0.0
    return max(0.0, when - now)
