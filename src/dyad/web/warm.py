"""The explore page's first requests, answered once when the server starts, so the first
visitor's page is drawn from kept answers (:mod:`dyad.web.cache`) instead of waiting for
five aggregations over the whole database.

The requests go through the app itself (an ASGI call in a thread of its own, no socket),
exactly as the page asks for them, so the answers kept are the ones it gets.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

# What app.js asks for on #/ (viewExplore, its default tab and sizes), in its order.
EXPLORE = (
    "/api/facets?size=100",
    "/api/timeline?by=day",
    "/api/network?by=actor&top=25",
    "/api/places?limit=500",
    "/api/events?limit=25&offset=0",
)


async def _get(app: Any, url: str, host: str) -> int:
    path, _, query = url.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "headers": [(b"host", host.encode())],
        "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0),
    }  # fmt: skip
    status = 0

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await app(scope, receive, send)
    return status


def warm(app: Any, host: str = "127.0.0.1", urls: tuple[str, ...] = EXPLORE) -> dict[str, int]:
    """Ask ``app`` for each of ``urls`` (one at a time); return each one's status."""

    async def run() -> dict[str, int]:
        return {u: await _get(app, u, host) for u in urls}

    return asyncio.run(run())


def warm_in_background(app: Any, host: str = "127.0.0.1") -> threading.Thread:
    """:func:`warm` in a daemon thread; a failure only leaves the answers to be made on
    demand."""

    def target() -> None:
        try:
            app.state.warmed = warm(app, host)
        except Exception as exc:  # the server works without it
            app.state.warmed = {"error": repr(exc)}

    t = threading.Thread(target=target, name="dyad-warm", daemon=True)
    t.start()
    return t
