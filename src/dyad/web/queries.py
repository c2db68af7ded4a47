"""Queries the web page needs beyond the CLI's: facets, one event, one actor, and the
timeline and dyads under every event filter.

All of them reuse :func:`dyad.store.queries.events_where`, so the page filters exactly as
``dyad events`` does; every value goes in as a parameter.
"""

from __future__ import annotations

from typing import Any

import duckdb

from dyad.store import queries as q
from dyad.store.db import actor_key

FACET_SIZE = 15
FACETS = ("type", "quad_class", "country", "actor", "sector")


def timeline(
    con: duckdb.DuckDBPyConnection, *, by: str = "day", **filters: Any
) -> list[dict[str, Any]]:
    """Events per day, week or month split cooperative / conflictual, under any event filter."""
    return q.timeline(con, by=by, **filters)


dyads = q.dyads  # the CLI's query: it takes every event filter


def facets(
    con: duckdb.DuckDBPyConnection, size: int = FACET_SIZE, **filters: Any
) -> dict[str, list[dict[str, Any]]]:
    """Counts of events per value of each facet, under the current filters (datasette-style).

    A country, actor or sector counts an event once even when it is both source and target:
    the target side is counted only where it differs from the source side, so no distinct
    count is needed.
    """
    where, p = q.events_where(**filters)
    if q.from_aggregates(filters, q.KIND_FILTERS):
        return _facets_from_aggregates(con, where, p, size)
    # One scan: counts per type, per quad class, and per (source, target) pair of each
    # two-sided facet (few pairs); the pairs then unfold into values.
    sides = [("country", "country"), ("actor", "name"), ("sector", "sector")]
    sets = ", ".join(f"(source_{c}, target_{c})" for _, c in sides)
    flags = ", ".join(f"GROUPING(source_{c}) AS g_{c}" for _, c in sides)
    parts = [
        "SELECT 'type' AS facet, type AS value, n FROM g WHERE g_type = 0",
        "SELECT 'quad_class', CAST(quad_class AS VARCHAR), n FROM g WHERE g_quad = 0",
    ]
    for facet, c in sides:
        parts.append(f"SELECT '{facet}', source_{c}, n FROM g WHERE g_{c} = 0")
        parts.append(
            f"SELECT '{facet}', target_{c}, n FROM g "
            f"WHERE g_{c} = 0 AND target_{c} IS DISTINCT FROM source_{c}"
        )
    sql = f"""
        WITH g AS (
            SELECT type, quad_class, source_country, target_country, source_name, target_name,
                   source_sector, target_sector, count(*) AS n,
                   GROUPING(type) AS g_type, GROUPING(quad_class) AS g_quad, {flags}
            FROM events WHERE {where}
            GROUP BY GROUPING SETS ((type), (quad_class), {sets})),
        v AS ({" UNION ALL ".join(parts)})
        SELECT facet, value, sum(n) AS count FROM v WHERE value IS NOT NULL
        GROUP BY facet, value
        QUALIFY row_number() OVER (PARTITION BY facet ORDER BY sum(n) DESC, value) <= ?
        ORDER BY facet, count DESC, value
    """
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in FACETS}
    for r in q.rows(con, sql, [*p, int(size)]):
        value = int(r["value"]) if r["facet"] == "quad_class" else r["value"]
        out[r["facet"]].append({"value": value, "count": int(r["count"])})
    return out


def _facets_from_aggregates(
    con: duckdb.DuckDBPyConnection, where: str, p: list[Any], size: int
) -> dict[str, list[dict[str, Any]]]:
    """:func:`facets` from the tables the writer keeps (event_days for type and quad class,
    event_pairs for the sides), for filters those tables have (type, quad class)."""
    sql = f"""
        WITH d AS (SELECT type, quad_class, sum(events) AS n FROM event_days WHERE {where}
                   GROUP BY ALL),
        e AS (SELECT grouping, source, target, sum(events) AS n FROM event_pairs
              WHERE {where} GROUP BY ALL),
        v AS (
            SELECT 'type' AS facet, type AS value, n FROM d
            UNION ALL SELECT 'quad_class', CAST(quad_class AS VARCHAR), n FROM d
            UNION ALL SELECT grouping, source, n FROM e
            UNION ALL SELECT grouping, target, n FROM e WHERE target IS DISTINCT FROM source)
        SELECT facet, value, sum(n) AS count FROM v WHERE value IS NOT NULL
        GROUP BY facet, value
        QUALIFY row_number() OVER (PARTITION BY facet ORDER BY sum(n) DESC, value) <= ?
        ORDER BY facet, count DESC, value
    """
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in FACETS}
    for r in q.rows(con, sql, [*p, *p, int(size)]):
        value = int(r["value"]) if r["facet"] == "quad_class" else r["value"]
        out[r["facet"]].append({"value": value, "count": int(r["count"])})
    return out


def event(con: duckdb.DuckDBPyConnection, event_id: int) -> dict[str, Any] | None:
    """One event (as ``dyad event`` shows it), or None."""
    found = q.rows(con, "SELECT * FROM events WHERE id = ?", [int(event_id)])
    return found[0] if found else None


def article_event_ids(con: duckdb.DuckDBPyConnection, article_id: str) -> list[int | None]:
    """For each event of an article's record (by index), the stored event it reports."""
    found = q.rows(
        con,
        "SELECT idx, event_id FROM event_mentions WHERE article_id = ? ORDER BY idx",
        [article_id],
    )
    if not found:
        return []
    out: list[int | None] = [None] * (max(r["idx"] for r in found) + 1)
    for r in found:
        out[r["idx"]] = r["event_id"]
    return out


def find_actor(
    con: duckdb.DuckDBPyConnection, key: str, country: str | None = None
) -> dict[str, Any] | None:
    """An actor by database id, or by name (canonical or alias) and optional country."""
    cols = "id, canonical AS name, country, sector, title, titles, kind, aliases, provenance"
    if key.isdigit():
        found = q.rows(con, f"SELECT {cols} FROM actors WHERE id = ?", [int(key)])
        return found[0] if found else None
    if country:
        found = q.rows(
            con, f"SELECT {cols} FROM actors WHERE key = ?", [actor_key(key, country.upper())]
        )
        if found:
            return found[0]
    # By name or alias, exact but case-insensitive; the most mentioned one wins (mentions
    # summed for the few candidates only, not for every actor).
    found = q.rows(
        con,
        f"""
        SELECT {cols} FROM actors
        WHERE (lower(canonical) = lower(?) OR list_contains(list_transform(aliases, lambda x: lower(x)),
               lower(?)))
          AND (?::VARCHAR IS NULL OR country = ?)
        ORDER BY id
        """,
        [key, key, country and country.upper(), country and country.upper()],
    )
    if len(found) > 1:
        counts = "actor_stats" if q.USE_AGGREGATES else "actor_articles"
        n = {
            r["actor_id"]: r["n"]
            for r in q.rows(
                con,
                f"SELECT actor_id, sum(mentions) AS n FROM {counts} "
                "WHERE list_contains(?, actor_id) GROUP BY actor_id",
                [[int(f["id"]) for f in found]],
            )
        }
        found.sort(key=lambda f: (-(n.get(f["id"]) or 0), f["id"]))
    return found[0] if found else None


def _article_titles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict]:
    """Title and publisher of each of a few articles, by id."""
    if not ids:
        return {}
    return {
        r["id"]: r
        for r in q.rows(
            con,
            "SELECT id, title, publisher FROM articles WHERE list_contains(?, id)",
            [sorted(set(ids))],
        )
    }


def _row_ids(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[int]:
    """The row ids a query selects (read in the same connection, so they stay valid)."""
    return [int(r[0]) for r in con.execute(sql, params).fetchall()]


def actor_detail(
    con: duckdb.DuckDBPyConnection, actor: dict[str, Any], *, by: str = "day", limit: int = 200
) -> dict[str, Any]:
    """An actor's roles, titles, events over time, events and quotes."""
    aid = int(actor["id"])
    if by not in ("day", "week", "month"):
        raise q.QueryError(f"unknown period '{by}': use day, week or month")
    # One scan of the events for its events per type (as source, as target), per period,
    # and the row ids of the newest `limit` (their wide rows are read by row id below).
    newest = "date DESC NULLS LAST, id DESC"
    parts: dict[int, list[dict[str, Any]]] = {0: [], 1: [], 2: []}
    for r in q.rows(
        con,
        f"""
        WITH mine AS MATERIALIZED (
            SELECT rowid AS r, id, type, date, quad_class, source_actor_id = $1 AS s,
                   target_actor_id = $1 AS t
            FROM events WHERE source_actor_id = $1 OR target_actor_id = $1)
        SELECT 0 AS part, type, NULL::DATE AS period, count(*) FILTER (WHERE s) AS a,
               count(*) FILTER (WHERE t) AS b, count(*) AS n, NULL::BIGINT AS r
        FROM mine GROUP BY type
        UNION ALL
        SELECT 1, NULL, date_trunc('{by}', date)::DATE,
               count(*) FILTER (WHERE quad_class IN (1, 2)),
               count(*) FILTER (WHERE quad_class IN (3, 4)), count(*), NULL
        FROM mine WHERE date IS NOT NULL GROUP BY 3
        UNION ALL
        SELECT 2, NULL, NULL, NULL, NULL, NULL, r
        FROM (SELECT r FROM mine ORDER BY {newest} LIMIT $2)
        """,
        [aid, int(limit)],
    ):
        parts[r["part"]].append(r)
    by_type = [
        {"type": r["type"], "as_source": r["a"], "as_target": r["b"]}
        for r in sorted(parts[0], key=lambda r: (-r["n"], r["type"]))
    ]
    timeline = [
        {"period": r["period"], "events": r["n"], "cooperative": r["a"], "conflictual": r["b"]}
        for r in sorted(parts[1], key=lambda r: r["period"])
    ]
    if q.USE_AGGREGATES:  # the counts the writer keeps
        kept = q.rows(
            con,
            "SELECT quotes AS speaker, mentions, articles FROM actor_stats WHERE actor_id = ?",
            [aid],
        )
        named = kept[0] if kept else {"speaker": 0, "mentions": 0, "articles": 0}
    else:
        named = q.rows(
            con,
            """
            SELECT (SELECT count(*) FROM quotes WHERE speaker_actor_id = ?) AS speaker, m.*
            FROM (SELECT coalesce(sum(mentions), 0) AS mentions, count(*) AS articles
                  FROM actor_articles WHERE actor_id = ?) m
            """,
            [aid, aid],
        )[0]
    roles = {
        "source": sum(int(r["as_source"]) for r in by_type),
        "target": sum(int(r["as_target"]) for r in by_type),
        **named,
    }
    # The page's events read by the row ids found above (a semi join on id would scan the
    # whole id column).
    found = [int(r["r"]) for r in parts[2]]
    events = q.rows(
        con,
        f"SELECT {q.EVENT_COLUMNS}, source_actor_id, target_actor_id FROM events "
        f"WHERE rowid = ANY(?::BIGINT[]) ORDER BY {newest}",
        [found],
    )
    # Newest first, then in the order stored (a tie broken on article ids costs twice).
    said = "date DESC NULLS LAST, rowid"
    found = _row_ids(
        con,
        f"SELECT rowid FROM quotes WHERE speaker_actor_id = ? ORDER BY {said} LIMIT ?",
        [aid, int(limit)],
    )
    quotes = q.rows(
        con,
        "SELECT date, kind, text, cue, tone, article_id, span_start, span_end FROM quotes "
        f"WHERE rowid = ANY(?::BIGINT[]) ORDER BY {said}",
        [found],
    )
    quoted = _article_titles(con, [r["article_id"] for r in quotes])
    for r in quotes:
        a = quoted.get(r["article_id"], {})
        r["title"], r["publisher"] = a.get("title"), a.get("publisher")
    return {
        "actor": {
            **actor,
            # every title the writer has seen it given (actors.titles, as its aliases)
            "titles": sorted(actor.get("titles") or [])
            or ([actor["title"]] if actor.get("title") else []),
        },
        "roles": roles,
        "roles_by_type": by_type,
        "timeline": timeline,
        "events": events,
        "quotes": quotes,
    }


NETWORK_BY = ("actor", "country", "sector")
NETWORK_TOP = 25


def network(
    con: duckdb.DuckDBPyConnection, *, by: str = "actor", top: int = NETWORK_TOP, **filters: Any
) -> dict[str, Any]:
    """Who acts on whom, readable at any size: the ``top`` nodes by event count, the rest
    folded into one "other" node, under every event filter.

    ``by``: actor (name and country), country, or sector. A node's count is the events it
    is source or target of (once per event); an edge's the events from one to the other,
    with their mean Goldstein score and tone. Events between two folded nodes make the
    "other" node's self-loop; ``other`` says how many nodes were folded and how many events
    involve one. Only events with both a source and a target count.
    """
    if by not in NETWORK_BY:
        raise q.QueryError(f"unknown grouping '{by}': use actor, country or sector")
    if by == "actor":
        s, sc, t, tc = "source_name", "source_country", "target_name", "target_country"
    else:
        s, t = f"source_{by}", f"target_{by}"
        sc = tc = "NULL::VARCHAR"
    where, p = q.events_where(**filters)
    # Dyads first (one row per source-target pair, with sums), then everything from them:
    # from the pairs the writer keeps where the filters allow, else from the events.
    if q.from_aggregates(filters, q.KIND_FILTERS):
        d = f"""
            SELECT source AS sn, source_country AS sc, target AS tn, target_country AS tc,
                   sum(events) AS n,
                   coalesce(sum(events) FILTER (WHERE quad_class IN (1, 2)), 0) AS coop,
                   coalesce(sum(events) FILTER (WHERE quad_class IN (3, 4)), 0) AS conf,
                   CAST(sum(goldstein_sum) AS DOUBLE) AS gs, sum(goldstein_n) AS gn,
                   CAST(sum(tone_sum) AS DOUBLE) AS ts, sum(tone_n) AS tsn
            FROM event_pairs WHERE grouping = ? AND source IS NOT NULL AND target IS NOT NULL
                 AND {where}
            GROUP BY ALL"""
        p = [by, *p]
    else:
        d = f"""
            SELECT {s} AS sn, {sc} AS sc, {t} AS tn, {tc} AS tc, count(*) AS n,
                   count(*) FILTER (WHERE quad_class IN (1, 2)) AS coop,
                   count(*) FILTER (WHERE quad_class IN (3, 4)) AS conf,
                   sum(goldstein) AS gs, count(goldstein) AS gn,
                   sum(avg_tone) AS ts, count(avg_tone) AS tsn
            FROM events WHERE {s} IS NOT NULL AND {t} IS NOT NULL AND {where}
            GROUP BY ALL"""
    sql = f"""
        WITH d AS ({d}),
        n AS (
            SELECT name, country, sum(n) AS events FROM (
                SELECT sn AS name, sc AS country, n FROM d
                UNION ALL
                SELECT tn, tc, n FROM d WHERE sn <> tn OR sc IS DISTINCT FROM tc)
            GROUP BY ALL),
        top AS (SELECT name, country, events FROM n ORDER BY events DESC, name, country LIMIT ?),
        m AS (
            SELECT a.name IS NOT NULL AS s_top, CASE WHEN a.name IS NOT NULL THEN d.sn END AS sn,
                   CASE WHEN a.name IS NOT NULL THEN d.sc END AS sc,
                   b.name IS NOT NULL AS t_top, CASE WHEN b.name IS NOT NULL THEN d.tn END AS tn,
                   CASE WHEN b.name IS NOT NULL THEN d.tc END AS tc,
                   n, coop, conf, gs, gn, ts, tsn
            FROM d
            LEFT JOIN top a ON a.name = d.sn AND a.country IS NOT DISTINCT FROM d.sc
            LEFT JOIN top b ON b.name = d.tn AND b.country IS NOT DISTINCT FROM d.tc)
        SELECT 'node' AS kind, name AS sn, country AS sc, NULL AS tn, NULL AS tc,
               events, NULL::BIGINT AS cooperative, NULL::BIGINT AS conflictual,
               NULL::DOUBLE AS goldstein, NULL::DOUBLE AS tone, 1 AS top FROM top
        UNION ALL
        SELECT 'rest', NULL, NULL, NULL, NULL,
               (SELECT count(*) FROM n) - (SELECT count(*) FROM top), NULL, NULL, NULL, NULL,
               (SELECT coalesce(sum(n), 0) FROM m WHERE NOT s_top OR NOT t_top)
        UNION ALL
        SELECT 'edge', sn, sc, tn, tc, sum(n), sum(coop), sum(conf),
               round(sum(gs) / nullif(sum(gn), 0), 2), round(sum(ts) / nullif(sum(tsn), 0), 2), 0
        FROM m GROUP BY sn, sc, tn, tc
    """
    nodes, edges, other = [], [], {"nodes": 0, "events": 0}
    for r in q.rows(con, sql, [*p, int(top)]):
        if r["kind"] == "node":
            nodes.append({"name": r["sn"], "country": r["sc"], "events": int(r["events"])})
        elif r["kind"] == "rest":
            other = {"nodes": int(r["events"]), "events": int(r["top"])}
        else:
            edges.append({
                "source": r["sn"], "source_country": r["sc"], "target": r["tn"],
                "target_country": r["tc"], "events": int(r["events"]),
                "cooperative": int(r["cooperative"]), "conflictual": int(r["conflictual"]),
                "goldstein": r["goldstein"], "tone": r["tone"],
            })  # fmt: skip
    edges.sort(key=lambda x: (-x["events"], str(x["source"]), str(x["target"])))
    return {"by": by, "top": int(top), "nodes": nodes, "other": other, "edges": edges}
