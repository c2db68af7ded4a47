"""Read-only queries shared by the CLI and the HTTP API: parameterised SQL only.

Each function takes an open DuckDB connection and keyword filters, and returns a list of
plain dicts (dates as ``datetime.date``). ``*_where`` helpers build the WHERE part so
exports and the API can stream the same selection.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from dyad import vocab

Params = list[Any]

EVENT_COLUMNS = (
    "id, date, type, mode, cameo, quad_class, goldstein, source_name, source_country, "
    "source_sector, target_name, target_country, target_sector, place_name, place_country, "
    "lat, lon, num_mentions, num_articles, num_sources, first_seen, last_seen, avg_tone, "
    "confidence, sentence, source_url, first_article_id"
)

EVENT_ORDERS = {
    "date": "date DESC NULLS LAST, id DESC",
    "oldest": "date ASC NULLS LAST, id",
    "mentions": "num_mentions DESC, num_sources DESC, date DESC NULLS LAST, id",
    "sources": "num_sources DESC, num_mentions DESC, id",
    "goldstein": "goldstein ASC NULLS LAST, id",
    "tone": "avg_tone ASC NULLS LAST, id",
    "id": "id",
}


class QueryError(ValueError):
    """A filter or query the database cannot answer; the message says why."""


# Read counts from the tables the writer keeps (dyad.store.aggregates) where the filters
# allow; tests turn it off to check both paths give the same answers.
USE_AGGREGATES = True
DAY_FILTERS = frozenset({"type", "quad_class", "since", "until"})  # event_days has these
KIND_FILTERS = frozenset({"type", "quad_class"})  # event_pairs and event_places have these


def from_aggregates(filters: dict[str, Any], allowed: frozenset[str]) -> bool:
    """Whether a query under ``filters`` can read an aggregate table that has the columns
    of the ``allowed`` filters (every other filter unset)."""
    return USE_AGGREGATES and all(k in allowed for k, v in filters.items() if v not in (None, ""))


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Params | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description or []]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _has(col: str, text: str) -> tuple[str, Params]:
    """SQL for "``col`` contains ``text``", case-insensitively, the text taken literally.

    Plain ``ILIKE '%text%'`` is DuckDB's fast path; text holding ``%``, ``_`` or a
    backslash (wildcards to LIKE) is matched with ``contains(lower(...))`` instead of an
    ESCAPE clause, which is several times slower."""
    if re.search(r"[%_\\]", text):
        return f"contains(lower({col}), ?)", [text.lower()]
    return f"{col} ILIKE ?", [f"%{text}%"]


def _any_has(cols: list[str], text: str) -> tuple[str, Params]:
    parts = [_has(c, text) for c in cols]
    return "(" + " OR ".join(sql for sql, _ in parts) + ")", [v for _, ps in parts for v in ps]


def _countries(value: Any) -> list[str]:
    """Country filters as ISO alpha-3 codes: codes, names or aliases ("Britain", "UK")."""
    out = []
    for v in _list(value):
        code = vocab.country_code(v)
        if code is None:
            raise QueryError(f"unknown country '{v}': use a country name or an ISO 3166 code")
        out.append(code)
    return out


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, int | float):
        return [str(value)]
    return [str(v) for v in value]


def _order(order: str, table: dict[str, str]) -> str:
    if order not in table:
        raise QueryError(f"unknown order '{order}': use one of {', '.join(table)}")
    return table[order]


def _actor_ids(text: str) -> tuple[str, Params]:
    """A sub-select of the ids of actors whose name or an alias contains ``text``.

    Used as ``x IN (...)``, a semi join on integer ids: much cheaper than matching every
    event's names (names are matched only where no actor id was resolved)."""
    sql, p = _any_has(["canonical", "array_to_string(aliases, '|')"], text)
    return f"(SELECT id FROM actors WHERE {sql})", p


def events_where(
    *,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    country: str | None = None,
    source_country: str | None = None,
    target_country: str | None = None,
    sector: str | None = None,
    type: str | list[str] | None = None,
    quad_class: int | list[int] | None = None,
    cameo: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    words: str | None = None,
    min_mentions: int | None = None,
    article: str | None = None,
) -> tuple[str, Params]:
    """The WHERE clause (``TRUE`` when unfiltered) and its parameters for events."""
    w: list[str] = []
    p: Params = []
    if actor:
        ids, ip = _actor_ids(actor)
        sn, sp = _has("source_name", actor)
        tn, tp = _has("target_name", actor)
        w.append(
            f"(source_actor_id IN {ids} OR target_actor_id IN {ids} "
            f"OR (source_actor_id IS NULL AND {sn}) OR (target_actor_id IS NULL AND {tn}))"
        )
        p += ip + ip + sp + tp
    if source:
        sql, sp = _has("source_name", source)
        w.append(sql)
        p += sp
    if target:
        sql, tp = _has("target_name", target)
        w.append(sql)
        p += tp
    if country:
        codes = _countries(country)
        w.append("(list_contains(?, source_country) OR list_contains(?, target_country))")
        p += [codes, codes]
    if source_country:
        w.append("list_contains(?, source_country)")
        p.append(_countries(source_country))
    if target_country:
        w.append("list_contains(?, target_country)")
        p.append(_countries(target_country))
    if sector:
        codes = [c.upper() for c in _list(sector)]
        w.append("(list_contains(?, source_sector) OR list_contains(?, target_sector))")
        p += [codes, codes]
    if type:
        w.append("list_contains(?, type)")
        p.append([t.upper() for t in _list(type)])
    if quad_class:
        qs = [int(q) for q in _list(quad_class)]
        w.append("list_contains(?::TINYINT[], quad_class)")
        p.append(qs)
    if cameo:
        w.append("starts_with(cameo, ?)")
        p.append(cameo)
    if since:
        w.append("date >= ?::DATE")
        p.append(since)
    if until:
        w.append("date <= ?::DATE")
        p.append(until)
    if place:
        sql, pp = _has("place_name", place)
        w.append(f"({sql} OR place_country = ?)")
        p += pp + [place.upper()]
    if words:
        sql, wp = _has("evidence", words)  # every mention's sentence
        w.append(sql)
        p += wp
    if min_mentions:
        w.append("num_mentions >= ?")
        p.append(int(min_mentions))
    if article:
        w.append("id IN (SELECT event_id FROM event_mentions WHERE article_id = ?)")
        p.append(article)
    return (" AND ".join(w) or "TRUE"), p


def events_query(
    *, limit: int | None = 50, offset: int = 0, order: str = "date", **filters: Any
) -> tuple[str, Params]:
    """The SQL and parameters of :func:`events` (for callers that want a relation or Arrow)."""
    where, params = events_where(**filters)
    order_sql = _order(order, EVENT_ORDERS)
    if limit is None:
        return f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} ORDER BY {order_sql}", params
    # Find the page's ids on narrow columns first, then read the wide rows of just those.
    sql = (
        f"WITH page AS (SELECT id FROM events WHERE {where} ORDER BY {order_sql} LIMIT ? OFFSET ?) "
        f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN (SELECT id FROM page) ORDER BY {order_sql}"
    )
    return sql, params + [int(limit), int(offset)]


def events(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[dict[str, Any]]:
    """Events (one row per real-world event) matching the filters (see :func:`events_query`)."""
    return rows(con, *events_query(**kw))


def count_events(con: duckdb.DuckDBPyConnection, **filters: Any) -> int:
    where, params = events_where(**filters)
    row = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def event_mentions_query(event_id: int) -> tuple[str, Params]:
    """The SQL and parameters of :func:`event_mentions`."""
    return (
        "SELECT m.article_id, m.idx, a.title, m.publisher, m.url, m.published, m.span_start, "
        "m.span_end, m.sentence, m.trigger, m.reported_by_name, m.confidence, m.tone, "
        "m.match_reason AS joined_because "
        "FROM event_mentions m LEFT JOIN articles a ON a.id = m.article_id "
        "WHERE m.event_id = ? ORDER BY m.published NULLS LAST, m.article_id, m.idx",
        [int(event_id)],
    )


def event_mentions(con: duckdb.DuckDBPyConnection, event_id: int) -> list[dict[str, Any]]:
    """Every mention (evidence) of one event, with the article it came from."""
    return rows(con, *event_mentions_query(event_id))


# Per actor, from the stored rows (what actor_stats keeps).
ACTOR_COUNTS = """
    SELECT actor_id, sum(mentions) AS mentions, count(*) AS articles, 0 AS quotes,
           0 AS as_source, 0 AS as_target FROM actor_articles GROUP BY actor_id
    UNION ALL SELECT source_actor_id, 0, 0, 0, count(*), 0 FROM events
              WHERE source_actor_id IS NOT NULL GROUP BY 1
    UNION ALL SELECT target_actor_id, 0, 0, 0, 0, count(*) FROM events
              WHERE target_actor_id IS NOT NULL GROUP BY 1
    UNION ALL SELECT speaker_actor_id, 0, 0, count(*), 0, 0 FROM quotes
              WHERE speaker_actor_id IS NOT NULL GROUP BY 1
"""

ACTOR_ORDERS = {
    "events": "(as_source + as_target) DESC, mentions DESC, name",
    "mentions": "mentions DESC, name",
    "articles": "articles DESC, name",
    "quotes": "quotes DESC, name",
    "name": "name",
}


def actors_query(
    *,
    name: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    kind: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    order: str = "events",
) -> tuple[str, Params]:
    """The SQL and parameters of :func:`actors`."""
    w: list[str] = []
    p: Params = []
    if name:
        sql, np_ = _any_has(["a.canonical", "array_to_string(a.aliases, '|')"], name)
        w.append(sql)
        p += np_
    if country:
        w.append("list_contains(?, a.country)")
        p.append(_countries(country))
    if sector:
        w.append("list_contains(?, a.sector)")
        p.append([c.upper() for c in _list(sector)])
    if kind:
        w.append("a.kind = ?")
        p.append(kind)
    where = " AND ".join(w) or "TRUE"
    if USE_AGGREGATES:  # the counts the writer keeps per actor
        counts = "SELECT * FROM actor_stats"
    else:
        counts = (
            "SELECT actor_id, sum(mentions) AS mentions, sum(articles) AS articles, "
            "sum(quotes) AS quotes, sum(as_source) AS as_source, sum(as_target) AS as_target "
            f"FROM ({ACTOR_COUNTS}) GROUP BY actor_id"
        )
    sql = f"""
        WITH c AS ({counts})
        SELECT a.id, a.canonical AS name, a.country, a.sector, a.title, a.kind, a.aliases,
               coalesce(c.mentions, 0) AS mentions, coalesce(c.articles, 0) AS articles,
               coalesce(c.as_source, 0) AS as_source, coalesce(c.as_target, 0) AS as_target,
               coalesce(c.quotes, 0) AS quotes, a.provenance
        FROM actors a LEFT JOIN c ON c.actor_id = a.id
        WHERE {where}
        ORDER BY {_order(order, ACTOR_ORDERS)}
    """
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        p += [int(limit), int(offset)]
    return sql, p


def actors(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[dict[str, Any]]:
    """Actors with how often they are named, act (source), are acted on (target), speak."""
    return rows(con, *actors_query(**kw))


QUOTE_ORDERS = {"date": "q.date DESC NULLS LAST, q.article_id, q.idx", "oldest": "q.date, q.idx"}


def quotes_where(
    *,
    speaker: str | None = None,
    country: str | None = None,
    words: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    article: str | None = None,
) -> tuple[str, Params]:
    w: list[str] = []
    p: Params = []
    if speaker:
        ids, ip = _actor_ids(speaker)
        sn, sp = _has("q.speaker_name", speaker)
        w.append(f"(q.speaker_actor_id IN {ids} OR (q.speaker_actor_id IS NULL AND {sn}))")
        p += ip + sp
    if country:
        w.append("list_contains(?, q.speaker_country)")
        p.append(_countries(country))
    if words:
        sql, wp = _has("q.text", words)
        w.append(sql)
        p += wp
    if since:
        w.append("q.date >= ?::DATE")
        p.append(since)
    if until:
        w.append("q.date <= ?::DATE")
        p.append(until)
    if kind:
        w.append("q.kind = ?")
        p.append(kind)
    if article:
        w.append("q.article_id = ?")
        p.append(article)
    return (" AND ".join(w) or "TRUE"), p


def quotes_query(
    *, limit: int | None = 50, offset: int = 0, order: str = "date", **filters: Any
) -> tuple[str, Params]:
    """The SQL and parameters of :func:`quotes`."""
    where, p = quotes_where(**filters)
    order_sql = _order(order, QUOTE_ORDERS)
    inner = f"SELECT * FROM quotes q WHERE {where} ORDER BY {order_sql}"
    if limit is not None:
        inner += " LIMIT ? OFFSET ?"
        p += [int(limit), int(offset)]
    # Order and cut first, then join the few rows left to their articles.
    sql = (
        "SELECT q.date, q.speaker_name AS speaker, q.speaker_country AS country, q.kind, q.text, "
        "q.cue, q.tone, q.article_id, q.span_start, q.span_end, a.title, a.publisher "
        f"FROM ({inner}) q LEFT JOIN articles a ON a.id = q.article_id ORDER BY {order_sql}"
    )
    return sql, p


def quotes(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[dict[str, Any]]:
    """Quotes with their speakers, newest first."""
    return rows(con, *quotes_query(**kw))


ARTICLE_ORDERS = {
    "date": "published DESC NULLS LAST, id",
    "oldest": "published ASC NULLS LAST, id",
    "ingested": "ingested_at DESC, id",
    "title": "title, id",
}


def articles_query(
    *,
    words: str | None = None,
    publisher: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    order: str = "date",
) -> tuple[str, Params]:
    """The SQL and parameters of :func:`articles`."""
    w: list[str] = []
    p: Params = []
    if words:
        sql, wp = _any_has(["title", "text"], words)
        w.append(sql)
        p += wp
    if publisher:
        sql, pp = _has("publisher", publisher)
        w.append(sql)
        p += pp
    if since:
        w.append("published >= ?::DATE")
        p.append(since)
    if until:
        w.append("published <= ?::DATE")
        p.append(until)
    where = " AND ".join(w) or "TRUE"
    order_sql = _order(order, ARTICLE_ORDERS)
    cols = (
        "id, published, title, publisher, url, source_path, n_actors AS actors, "
        "n_events AS events, n_quotes AS quotes, round(tone, 2) AS tone, length(text) AS chars"
    )
    if limit is None:
        return f"SELECT {cols} FROM articles WHERE {where} ORDER BY {order_sql}", p
    # The page's ids on the ordering columns first, then the wide rows of just those.
    sql = (
        f"WITH page AS (SELECT id FROM articles WHERE {where} ORDER BY {order_sql} "
        f"LIMIT ? OFFSET ?) SELECT {cols} FROM articles WHERE id IN (SELECT id FROM page) "
        f"ORDER BY {order_sql}"
    )
    return sql, p + [int(limit), int(offset)]


def articles(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[dict[str, Any]]:
    """Stored articles with how many actors, events and quotes each gave."""
    return rows(con, *articles_query(**kw))


def country_code(text: str) -> str | None:
    """An ISO alpha-3 code for a country code or name ("RUS", "RU", "Russia", "Britain"),
    from the one country table the extractor uses (:func:`dyad.vocab.country_code`)."""
    return vocab.country_code(text)


def timeline_query(
    actor_or_country: str | None = None, *, by: str = "day", **filters: Any
) -> tuple[str, Params]:
    """The SQL and parameters of :func:`timeline`: events per period under any event filter,
    narrowed to an actor (by name) or a country (by code or name) when one is given."""
    if by not in ("day", "week", "month"):
        raise QueryError(f"unknown period '{by}': use day, week or month")
    if actor_or_country:
        code = country_code(actor_or_country)
        key = "country" if code else "actor"
        if filters.get(key):
            raise QueryError(f"give either a name to follow or {key}, not both")
        filters[key] = code or actor_or_country
    where, p = events_where(**filters)
    if from_aggregates(filters, DAY_FILTERS):  # events per day, type and quad class
        sql = f"""
            SELECT date_trunc('{by}', date)::DATE AS period, sum(events) AS events,
                   coalesce(sum(events) FILTER (WHERE quad_class IN (1, 2)), 0) AS cooperative,
                   coalesce(sum(events) FILTER (WHERE quad_class IN (3, 4)), 0) AS conflictual,
                   sum(mentions) AS mentions,
                   round(CAST(sum(goldstein_sum) AS DOUBLE) / nullif(sum(goldstein_n), 0), 2)
                       AS goldstein
            FROM event_days WHERE date IS NOT NULL AND {where}
            GROUP BY 1 ORDER BY 1
        """
        return sql, p
    sql = f"""
        SELECT date_trunc('{by}', date)::DATE AS period, count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperative,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflictual,
               sum(num_mentions) AS mentions, round(avg(goldstein), 2) AS goldstein
        FROM events WHERE date IS NOT NULL AND {where}
        GROUP BY 1 ORDER BY 1
    """
    return sql, p


def timeline(
    con: duckdb.DuckDBPyConnection, actor_or_country: str | None = None, **kw: Any
) -> list[dict[str, Any]]:
    """Events per day, week or month involving an actor (by name) or a country (by code or
    name), split cooperative / conflictual, under any event filter."""
    return rows(con, *timeline_query(actor_or_country, **kw))


def dyads_query(
    *,
    by: str = "actor",
    min_events: int = 1,
    limit: int | None = 50,
    offset: int = 0,
    **filters: Any,
) -> tuple[str, Params]:
    """The SQL and parameters of :func:`dyads`."""
    if by == "actor":
        keys = "source_name AS source, source_country, target_name AS target, target_country"
        nonnull = "source_name IS NOT NULL AND target_name IS NOT NULL"
    elif by == "country":
        keys = "source_country AS source, target_country AS target"
        nonnull = "source_country IS NOT NULL AND target_country IS NOT NULL"
    else:
        raise QueryError(f"unknown grouping '{by}': use actor or country")
    where, p = events_where(**filters)
    sql = f"""
        SELECT {keys}, count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperative,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflictual,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
               round(avg(goldstein), 2) AS goldstein, round(avg(avg_tone), 2) AS tone,
               sum(num_mentions) AS mentions
        FROM events WHERE {nonnull} AND {where}
        GROUP BY ALL HAVING count(*) >= ?
        ORDER BY events DESC, mentions DESC, source, target
    """
    p.append(int(min_events))
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        p += [int(limit), int(offset)]
    return sql, p


def dyads(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[dict[str, Any]]:
    """Who acts on whom, how often, and how (cooperative vs conflictual, by quad class),
    under any filter of :func:`events_where` (the CLI and the web API share it)."""
    return rows(con, *dyads_query(**kw))


def places_query(*, limit: int | None = 500, **filters: Any) -> tuple[str, Params]:
    """The SQL and parameters of :func:`places`."""
    where, p = events_where(**filters)
    if from_aggregates(filters, KIND_FILTERS):  # geocoded events per place, type, quad class
        g = f"""
            SELECT place, country, lat, lon, sum(events) AS events, sum(mentions) AS mentions,
                   coalesce(sum(events) FILTER (WHERE quad_class = 1), 0) AS verbal_coop,
                   coalesce(sum(events) FILTER (WHERE quad_class = 2), 0) AS material_coop,
                   coalesce(sum(events) FILTER (WHERE quad_class = 3), 0) AS verbal_conflict,
                   coalesce(sum(events) FILTER (WHERE quad_class = 4), 0) AS material_conflict
            FROM event_places WHERE {where} GROUP BY place, country, lat, lon"""
    else:
        g = f"""
            SELECT place_name AS place, place_country AS country, lat, lon, count(*) AS events,
                   sum(num_mentions) AS mentions,
                   count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
                   count(*) FILTER (WHERE quad_class = 2) AS material_coop,
                   count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS material_conflict
            FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL AND {where}
            GROUP BY ALL"""
    sql = f"""
        WITH g AS ({g})
        SELECT *, CASE greatest(verbal_coop, material_coop, verbal_conflict, material_conflict)
                  WHEN 0 THEN NULL WHEN material_conflict THEN 4 WHEN verbal_conflict THEN 3
                  WHEN material_coop THEN 2 ELSE 1 END AS quad_class
        FROM g ORDER BY mentions DESC, events DESC, place, country
    """
    if limit is not None:
        sql += " LIMIT ?"
        p.append(int(limit))
    return sql, p


def places(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[dict[str, Any]]:
    """Events per geocoded place under any event filter: counts per quad class, mentions, and
    the commonest quad class (ties go to the more conflictual); for the map."""
    return rows(con, *places_query(**kw))


def errors(con: duckdb.DuckDBPyConnection, limit: int = 100) -> list[dict[str, Any]]:
    return rows(
        con,
        "SELECT logged_at, level, path, stage, reason FROM ingest_errors "
        "ORDER BY logged_at DESC LIMIT ?",
        [int(limit)],
    )


_READ_ONLY_PRAGMA = re.compile(
    r"^\s*pragma\s+(show_tables|table_info|database_size|version|storage_info)\b", re.I
)


def check_read_only_sql(sql: str) -> None:
    """Raise :class:`QueryError` unless ``sql`` is a single query that only reads.

    DuckDB's own parser splits and classifies the statements, so a semicolon in a
    quoted name (``SELECT 1 AS "a;b"``) is one statement and a quote in a comment
    cannot hide a second one. (The file is opened read-only besides.)
    """
    import duckdb

    if not sql.strip().rstrip(";").strip():
        raise QueryError("the query is empty")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the query does not parse: {first}") from None
    if len(statements) != 1:
        raise QueryError("only one statement at a time is allowed")
    st = statements[0]
    kind = st.type
    reads = kind in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN) or (
        kind == duckdb.StatementType.PRAGMA and _READ_ONLY_PRAGMA.match(st.query)
    )
    if not reads:
        raise QueryError(
            "only reading queries are allowed (SELECT, WITH, FROM, SHOW, DESCRIBE, SUMMARIZE, "
            "EXPLAIN): the database is opened read-only"
        )
