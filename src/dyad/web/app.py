"""The HTTP API and the page, one FastAPI app over a dyad database opened read-only.

The database is opened read-only, for each request or (``dyad serve``) held between
requests and given up as soon as a writer (`dyad ingest`) wants it; answers are kept
per database version. List endpoints take the filters of the CLI
commands of the same name (``dyad events``, ``dyad actors``, ...), page with ``limit``
and ``offset``, and download as CSV or JSON Lines with ``format=csv|jsonl``. Nothing from
the web reaches SQL except as a bound parameter; bad parameters answer 422.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from dyad.export import csv_safe
from dyad.store import QueryError, Store, StoreError
from dyad.store import queries as sq
from dyad.vocab import PLOVER_TYPES, SECTORS
from dyad.web import queries as wq
from dyad.web.cache import AnswerCache, db_version
from dyad.web.readers import Readers

STATIC = Path(__file__).parent / "static"

PAGE_MAX = 1000  # rows in one JSON page
DOWNLOAD_MAX = 10_000  # rows in one CSV / JSON Lines download
TEXT_MAX = 200  # characters in a free-text filter

Format = Literal["json", "csv", "jsonl"]


def _text(about: str) -> Any:
    return Query(max_length=TEXT_MAX, description=about)


Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]


class BadParameter(HTTPException):
    def __init__(self, name: str, message: str):
        super().__init__(
            422, detail=[{"loc": ["query", name], "msg": message, "type": "value_error"}]
        )


# --- parameters ----------------------------------------------------------------------


def _codes(name: str, value: str | None, allowed: tuple[str, ...] | None = None) -> str | None:
    """A comma list of codes, upper-cased and checked."""
    if value is None or not value.strip():
        return None
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    for c in codes:
        if allowed is not None and c not in allowed:
            raise BadParameter(name, f"unknown value '{c}': use one of {', '.join(allowed)}")
    return ",".join(codes)


def _countries(name: str, value: str | None) -> str | None:
    """Country codes (ISO alpha-3 or IGO) or names, as a comma list of codes."""
    if value is None or not value.strip():
        return None
    out = []
    for part in value.split(","):
        if not part.strip():
            continue
        part = part.strip()
        code = sq.country_code(part)
        if code is None:
            raise BadParameter(
                name,
                f"unknown country '{part}': use a country name, an ISO 3166 code such as "
                "USA, or IGO",
            )
        out.append(code)
    return ",".join(out) or None


def _dates(since: dt.date | None, until: dt.date | None) -> tuple[str | None, str | None]:
    if since and until and since > until:
        raise BadParameter("since", f"since ({since}) is after until ({until})")
    return (since.isoformat() if since else None, until.isoformat() if until else None)


def event_filters(
    actor: Annotated[str | None, _text("Source or target name or alias contains.")] = None,
    source: Annotated[str | None, _text("Source name contains.")] = None,
    target: Annotated[str | None, _text("Target name contains.")] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=TEXT_MAX,
            description="Source or target country: ISO3 codes or names, comma list.",
        ),
    ] = None,
    source_country: Annotated[str | None, _text("Source country, comma list.")] = None,
    target_country: Annotated[str | None, _text("Target country, comma list.")] = None,
    sector: Annotated[
        str | None, Query(max_length=TEXT_MAX, description="GOV, MIL, REB, ... comma list.")
    ] = None,
    type: Annotated[
        str | None, Query(max_length=TEXT_MAX, description="PLOVER types, comma list.")
    ] = None,
    quad_class: Annotated[
        str | None, Query(pattern=r"^\s*[1-4](\s*,\s*[1-4])*\s*$", description="1-4, comma list.")
    ] = None,
    cameo: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$")] = None,
    since: Day = None,
    until: Day = None,
    place: Annotated[str | None, _text("Place name contains, or a country code.")] = None,
    words: Annotated[
        str | None, Query(max_length=TEXT_MAX, description="Words in an evidence sentence.")
    ] = None,
    min_mentions: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="At least this many mentions.")
    ] = None,
    article: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Events reported by this article."),
    ] = None,
) -> dict[str, Any]:
    """The filters of ``dyad events``, checked."""
    s, u = _dates(since, until)
    return {
        "actor": actor or None,
        "source": source or None,
        "target": target or None,
        "country": _countries("country", country),
        "source_country": _countries("source_country", source_country),
        "target_country": _countries("target_country", target_country),
        "sector": _codes("sector", sector, SECTORS),
        "type": _codes("type", type, PLOVER_TYPES),
        "quad_class": quad_class.replace(" ", "") if quad_class else None,
        "cameo": cameo,
        "since": s,
        "until": u,
        "place": place or None,
        "words": words or None,
        "min_mentions": min_mentions,
        "article": article,
    }


class Page:
    """limit, offset and format, with the page size bounded."""

    def __init__(
        self,
        limit: Annotated[
            int,
            Query(
                ge=1,
                le=DOWNLOAD_MAX,
                description=f"Rows per page (at most {PAGE_MAX}; {DOWNLOAD_MAX} for csv/jsonl).",
            ),
        ] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
        format: Annotated[
            Format, Query(description="json (a page), csv or jsonl (a download).")
        ] = "json",
    ):
        if format == "json" and limit > PAGE_MAX:
            raise BadParameter(
                "limit",
                f"a JSON page holds at most {PAGE_MAX} rows; use format=csv or jsonl to download up to {DOWNLOAD_MAX}",
            )
        self.limit, self.offset, self.format = limit, offset, format


def get_store(request: Request) -> Iterator[Store]:
    """The database, read-only, for this request (a cursor of the held connection, where
    the app holds one)."""
    readers = request.app.state.readers
    try:
        st = readers.open() if readers else Store(request.app.state.db_path, read_only=True)
    except StoreError as exc:
        raise HTTPException(503, detail=str(exc), headers={"Retry-After": "2"}) from exc
    try:
        yield st
    finally:
        st.close()


DB = Annotated[Store, Depends(get_store)]
EventFilters = Annotated[dict[str, Any], Depends(event_filters)]
PageDep = Annotated[Page, Depends(Page)]


# --- responses -----------------------------------------------------------------------


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return "|".join(str(x) for x in v)
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    return v


def _plain(v: Any) -> Any:
    """What ``json.dumps`` cannot write itself, as jsonable_encoder writes it."""
    if isinstance(v, dt.date | dt.datetime | dt.time):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, set | frozenset | tuple):
        return list(v)
    return str(v)


def json_answer(obj: Any, status_code: int = 200) -> Response:
    """A JSON answer, written by the standard library's C encoder (FastAPI's
    ``jsonable_encoder`` walks every value in Python: 100s of ms on a long timeline)."""
    body = json.dumps(
        obj, default=_plain, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    return Response(body.encode("utf-8"), status_code=status_code, media_type="application/json")


def listing(
    name: str, rows: list[dict[str, Any]], page: Page | None, total: int | None = None
) -> Response:
    """A JSON page, or a CSV / JSON Lines download, of a list of rows."""
    fmt = page.format if page else "json"
    if fmt == "csv":
        buf = io.StringIO()
        cols = list(rows[0]) if rows else []
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([csv_safe(_cell(r.get(c))) for c in cols])
        return Response(
            buf.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if fmt == "jsonl":
        body = "".join(json.dumps(r, default=_plain, ensure_ascii=False) + "\n" for r in rows)
        return Response(
            body,
            media_type="application/x-ndjson; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.jsonl"'},
        )
    out: dict[str, Any] = {"items": rows}
    if page:
        more = len(rows) > page.limit
        out["items"] = rows[: page.limit]
        out.update(
            limit=page.limit,
            offset=page.offset,
            next_offset=page.offset + page.limit if more else None,
        )
    if total is not None:
        out["total"] = total
    return json_answer(out)


def _fetch(page: Page) -> dict[str, int]:
    """limit/offset for a query: one extra row on JSON pages, to know if there is a next."""
    return {"limit": page.limit + (1 if page.format == "json" else 0), "offset": page.offset}


# --- the app -------------------------------------------------------------------------


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1 : h.find("]")] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


def create_app(
    db_path: str, allowed_hosts: list[str] | None = None, cache: bool = True, hold: bool = False
) -> FastAPI:
    """The API and the page over the dyad database at ``db_path`` (opened read-only).

    ``allowed_hosts``: the names a request's ``Host`` header may carry (``dyad serve``
    passes the bound address); others answer 400, which stops DNS rebinding. None: any.
    ``cache``: keep JSON answers per database version (:mod:`dyad.web.cache`). ``hold``:
    keep one read-only connection open between requests, given up when a writer of
    another process wants the file (:mod:`dyad.web.readers`); not for a process that
    writes the file itself.
    """
    app = FastAPI(
        title="dyad",
        version="1",
        description=(
            "Read-only API over a dyad database: events (each real-world event once, with its "
            "mentions), actors, quotes, articles (with the whole record), dyads and timelines. "
            "Filters are those of the `dyad` CLI commands of the same names. Lists page with "
            f"`limit` (at most {PAGE_MAX}) and `offset`; `format=csv` or `format=jsonl` downloads "
            f"up to {DOWNLOAD_MAX} rows."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the page stays local.
        redoc_url=None,
    )
    app.state.db_path = str(db_path)
    app.state.readers = Readers(str(db_path)) if hold else None

    @app.exception_handler(QueryError)
    def _query_error(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    hosts = {h.lower() for h in allowed_hosts} if allowed_hosts is not None else None
    answers = AnswerCache() if cache else None
    app.state.answers = answers

    async def _cached(request: Request, call_next: Any) -> Response:
        """The answer kept for this request and database version, else a fresh one (kept
        when it is a 200 JSON answer)."""
        path = request.url.path
        if (
            answers is None
            or request.method != "GET"
            or not path.startswith("/api/")
            or path == "/api/openapi.json"
        ):
            return await call_next(request)
        version = db_version(app.state.db_path)
        key = path + "?" + request.url.query
        found = answers.get(version, key)
        if found is not None:
            status, headers, body = found
            resp = Response(body, status_code=status)
            resp.raw_headers[:] = headers
            return resp
        resp = await call_next(request)
        if resp.status_code != 200 or not resp.headers.get("content-type", "").startswith(
            "application/json"
        ):
            return resp
        body = b"".join([chunk async for chunk in resp.body_iterator])  # type: ignore[attr-defined]
        answers.put(version, key, (200, list(resp.raw_headers), body))
        out = Response(body, status_code=200)
        out.raw_headers[:] = list(resp.raw_headers)
        return out

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        if hosts is not None and host_name(request.headers.get("host", "")) not in hosts:
            return JSONResponse(
                {"detail": "unknown Host header: this server answers only to its own address"},
                status_code=400,
            )
        resp = await _cached(request, call_next)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
        )
        resp.headers["Referrer-Policy"] = "no-referrer"
        return resp

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/api/stats", tags=["meta"], summary="How many of each thing the database holds")
    def stats(st: DB) -> dict[str, Any]:
        return {"db": Path(app.state.db_path).name, **st.counts()}

    @app.get("/api/events", tags=["events"], summary="Events (dyad events)")
    def events(
        st: DB,
        f: EventFilters,
        page: PageDep,
        order: Annotated[Literal[tuple(sq.EVENT_ORDERS)], Query()] = "date",  # type: ignore[valid-type]
    ) -> Response:
        rows = sq.events(st.con, order=order, **_fetch(page), **f)
        total = sq.count_events(st.con, **f) if page.format == "json" else None
        return listing("events", rows, page, total)

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event with all its mentions")
    def event(st: DB, event_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> Response:
        ev = wq.event(st.con, event_id)
        if ev is None:
            raise HTTPException(404, detail=f"no event with id {event_id}")
        return json_answer({"event": ev, "mentions": sq.event_mentions(st.con, event_id)})

    @app.get(
        "/api/events/{event_id}/mentions",
        tags=["events"],
        summary="Every mention of one event (dyad event), as a list to page or download",
    )
    def event_mentions(
        st: DB, event_id: Annotated[int, PathParam(ge=1, le=2**62)], page: PageDep
    ) -> Response:
        if wq.event(st.con, event_id) is None:
            raise HTTPException(404, detail=f"no event with id {event_id}")
        rows = sq.event_mentions(st.con, event_id)
        total = len(rows)
        rows = rows[page.offset : page.offset + _fetch(page)["limit"]]
        return listing(f"event-{event_id}-mentions", rows, page, total)

    @app.get("/api/actors", tags=["actors"], summary="Actors with counts and roles (dyad actors)")
    def actors(
        st: DB,
        page: PageDep,
        name: Annotated[str | None, _text("Name or alias contains.")] = None,
        country: Annotated[str | None, Query(max_length=TEXT_MAX)] = None,
        sector: Annotated[str | None, Query(max_length=TEXT_MAX)] = None,
        kind: Annotated[Literal["person", "org", "country", "group"] | None, Query()] = None,
        order: Annotated[Literal[tuple(sq.ACTOR_ORDERS)], Query()] = "events",  # type: ignore[valid-type]
    ) -> Response:
        rows = sq.actors(
            st.con,
            name=name or None,
            country=_countries("country", country),
            sector=_codes("sector", sector, SECTORS),
            kind=kind,
            order=order,
            **_fetch(page),
        )
        return listing("actors", rows, page)

    @app.get(
        "/api/actors/{key}",
        tags=["actors"],
        summary="One actor: roles, aliases, titles, events over time, events and quotes",
    )
    def actor(
        st: DB,
        key: Annotated[str, PathParam(min_length=1, max_length=TEXT_MAX)],
        country: Annotated[str | None, Query(max_length=TEXT_MAX)] = None,
        by: Literal["day", "week", "month"] = "day",
        limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 200,
    ) -> Response:
        a = wq.find_actor(st.con, key, _countries("country", country))
        if a is None:
            raise HTTPException(
                404, detail=f"no actor '{key}'" + (f" of {country}" if country else "")
            )
        return json_answer(wq.actor_detail(st.con, a, by=by, limit=limit))

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes with speakers (dyad quotes)")
    def quotes(
        st: DB,
        page: PageDep,
        speaker: Annotated[str | None, _text("Speaker name contains.")] = None,
        country: Annotated[str | None, Query(max_length=TEXT_MAX)] = None,
        words: Annotated[str | None, _text("Words in the quote.")] = None,
        kind: Annotated[Literal["direct", "indirect", "scare"] | None, Query()] = None,
        since: Day = None,
        until: Day = None,
        article: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = None,
        order: Annotated[Literal[tuple(sq.QUOTE_ORDERS)], Query()] = "date",  # type: ignore[valid-type]
    ) -> Response:
        s, u = _dates(since, until)
        rows = sq.quotes(
            st.con,
            speaker=speaker or None,
            country=_countries("country", country),
            words=words or None,
            kind=kind,
            since=s,
            until=u,
            article=article,
            order=order,
            **_fetch(page),
        )
        return listing("quotes", rows, page)

    @app.get("/api/articles", tags=["articles"], summary="Stored articles (dyad articles)")
    def articles(
        st: DB,
        page: PageDep,
        words: Annotated[str | None, _text("Words in the title or text.")] = None,
        publisher: Annotated[str | None, _text("Publisher contains.")] = None,
        since: Day = None,
        until: Day = None,
        order: Annotated[Literal[tuple(sq.ARTICLE_ORDERS)], Query()] = "date",  # type: ignore[valid-type]
    ) -> Response:
        s, u = _dates(since, until)
        rows = sq.articles(
            st.con, words=words or None, publisher=publisher or None, since=s, until=u,
            order=order, **_fetch(page),
        )  # fmt: skip
        return listing("articles", rows, page)

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        summary="One article's whole record (dyad show), with the stored event id of each event",
    )
    def article(
        st: DB, article_id: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{4,64}$")]
    ) -> Response:
        try:
            rec = st.get_record(article_id)
        except (ValueError, TypeError, KeyError) as exc:  # a stored record dyad cannot read
            raise HTTPException(
                500, detail=f"the stored record of article {article_id} cannot be read: {exc}"
            ) from exc
        if rec is None:
            raise HTTPException(404, detail=f"no article with id {article_id}")
        out = rec.to_dict()
        out["event_ids"] = wq.article_event_ids(st.con, rec.id)
        return json_answer(out)

    @app.get("/api/dyads", tags=["events"], summary="Who acts on whom (dyad dyads)")
    def dyads(
        st: DB,
        f: EventFilters,
        page: PageDep,
        by: Literal["actor", "country"] = "actor",
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    ) -> Response:
        rows = wq.dyads(st.con, by=by, min_events=min_events, **_fetch(page), **f)
        return listing("dyads", rows, page)

    @app.get(
        "/api/network",
        tags=["events"],
        summary="Who acts on whom, the top N actors, countries or sectors, the rest folded",
    )
    def network(
        st: DB,
        f: EventFilters,
        by: Literal["actor", "country", "sector"] = "actor",
        top: Annotated[int, Query(ge=1, le=100, description="Nodes shown; the rest fold.")] = (
            wq.NETWORK_TOP
        ),
    ) -> Response:
        return json_answer(wq.network(st.con, by=by, top=top, **f))

    @app.get(
        "/api/timeline",
        tags=["events"],
        summary="Events per day, week or month, cooperative / conflictual (dyad timeline)",
    )
    def timeline(
        st: DB,
        f: EventFilters,
        of: Annotated[
            str | None,
            Query(
                max_length=TEXT_MAX,
                description="An actor's name or a country (code or name), as `dyad timeline WHO`.",
            ),
        ] = None,
        by: Literal["day", "week", "month"] = "day",
        format: Format = "json",
    ) -> Response:
        if of:
            code = sq.country_code(of)
            key = "country" if code else "actor"
            if f[key]:
                raise BadParameter("of", f"give either of or {key}, not both")
            f[key] = code or of
        rows = wq.timeline(st.con, by=by, **f)
        if format == "json":
            return listing(f"timeline-{by}", rows, None)
        return listing(f"timeline-{by}", rows, Page(limit=DOWNLOAD_MAX, format=format))

    @app.get(
        "/api/facets", tags=["events"], summary="Event counts per facet value under the filters"
    )
    def facets(
        st: DB, f: EventFilters, size: Annotated[int, Query(ge=1, le=100)] = wq.FACET_SIZE
    ) -> Response:
        return json_answer(wq.facets(st.con, size=size, **f))

    @app.get(
        "/api/places",
        tags=["events"],
        summary="Events per geocoded place under the filters, for the map (dyad.open().places)",
    )
    def places(
        st: DB, f: EventFilters, limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 500
    ) -> Response:
        return listing("places", sq.places(st.con, limit=limit, **f), None)

    @app.get("/{path:path}", include_in_schema=False)
    def not_found(path: str) -> Response:
        if path.startswith("api/"):
            raise HTTPException(404, detail=f"no such endpoint: /{path}")
        raise HTTPException(404, detail="not found")

    return app
