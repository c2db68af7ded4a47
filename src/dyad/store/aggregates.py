"""Small tables of counts the writer keeps exact, so the page's default queries read a few
thousand rows instead of every event (docs/web.md, "Speed").

- ``event_days``: events per (date, type, quad class), with mentions and Goldstein sums.
- ``event_pairs``: events per (grouping, type, quad class, source, target), the grouping
  being ``actor`` (name and country), ``country`` or ``sector``; a missing side is NULL.
  Network and the country, actor and sector facets read it.
- ``event_places``: geocoded events per (place, country, lat, lon, type, quad class).
- ``actor_stats``: per actor id, its mentions and articles (from ``actor_articles``), the
  quotes it speaks, and the events it is the source and the target of.

Every table is defined once, as a ``SELECT`` over an events-shaped relation with a
``sign`` column (:data:`EVENT_AGGREGATES`). Built from scratch, the relation is the events
table with sign 1 (:func:`rebuild`). Kept up to date, it is a staging table: before the
writer changes a stored event (a fill, a recount, a delete) it stages the event's row with
sign -1, once per event per settle (:meth:`Staging.uncount`); after, it stages the new row
of every event it touched with sign +1, and :func:`apply` merges the summed differences
into each table, deleting rows whose count reaches zero. So a table always equals its
GROUP BY over the events table (tests/test_store_aggregates.py checks it after ingest,
replacement, deletion and merging). Sums of doubles are kept as DECIMAL(38, 6), whose
additions and subtractions are exact: a mean read from them can differ from ``avg()`` of
the doubles by rounding in the sixth decimal, never by drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb

# The event columns the tables are made from.
EVENT_COLUMNS = (
    "date", "type", "quad_class", "goldstein", "avg_tone", "num_mentions",
    "source_name", "source_country", "source_sector", "source_actor_id",
    "target_name", "target_country", "target_sector", "target_actor_id",
    "place_name", "place_country", "lat", "lon",
)  # fmt: skip

DEC = "DECIMAL(38, 6)"
STAGE_EVENTS = "_agg_events"  # staged event rows with a sign (a temporary table)
STAGE_ACTORS = "_agg_actors"  # staged per-actor mention, article and quote counts


def _sum(expr: str) -> str:
    return f"CAST(coalesce(sum(sign * {expr}), 0) AS BIGINT)"


def _dsum(expr: str) -> str:
    return f"CAST(coalesce(sum(sign * CAST({expr} AS {DEC})), 0) AS {DEC})"


def _n(expr: str) -> str:
    return f"CAST(sum(CASE WHEN {expr} IS NOT NULL THEN sign ELSE 0 END) AS BIGINT)"


_PAIR_VALUES = (
    f"{_sum('1')} AS events, {_sum('num_mentions')} AS mentions, "
    f"{_dsum('goldstein')} AS goldstein_sum, {_n('goldstein')} AS goldstein_n, "
    f"{_dsum('avg_tone')} AS tone_sum, {_n('avg_tone')} AS tone_n"
)


def _pairs(by: str, s: str, sc: str, t: str, tc: str) -> str:
    return (
        f"SELECT '{by}' AS grouping, type, quad_class, {s} AS source, {sc} AS source_country, "
        f"{t} AS target, {tc} AS target_country, {_PAIR_VALUES} FROM x GROUP BY ALL"
    )


# name -> (key columns with their types, value columns with their types, the SELECT over
# x: an events-shaped relation with a sign column). Value columns are summed; the first
# one counts events (a row whose count is zero goes).
EVENT_AGGREGATES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]], str]] = {
    "event_days": (
        [("date", "DATE"), ("type", "VARCHAR"), ("quad_class", "TINYINT")],
        [("events", "BIGINT"), ("mentions", "BIGINT"), ("goldstein_sum", DEC),
         ("goldstein_n", "BIGINT")],
        f"SELECT date, type, quad_class, {_sum('1')} AS events, {_sum('num_mentions')} AS "
        f"mentions, {_dsum('goldstein')} AS goldstein_sum, {_n('goldstein')} AS goldstein_n "
        "FROM x GROUP BY ALL",
    ),
    "event_pairs": (
        [("grouping", "VARCHAR"), ("type", "VARCHAR"), ("quad_class", "TINYINT"),
         ("source", "VARCHAR"), ("source_country", "VARCHAR"), ("target", "VARCHAR"),
         ("target_country", "VARCHAR")],
        [("events", "BIGINT"), ("mentions", "BIGINT"), ("goldstein_sum", DEC),
         ("goldstein_n", "BIGINT"), ("tone_sum", DEC), ("tone_n", "BIGINT")],
        " UNION ALL ".join([
            _pairs("actor", "source_name", "source_country", "target_name", "target_country"),
            _pairs("country", "source_country", "NULL::VARCHAR", "target_country",
                   "NULL::VARCHAR"),
            _pairs("sector", "source_sector", "NULL::VARCHAR", "target_sector", "NULL::VARCHAR"),
        ]),
    ),
    "event_places": (
        [("place", "VARCHAR"), ("country", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
         ("type", "VARCHAR"), ("quad_class", "TINYINT")],
        [("events", "BIGINT"), ("mentions", "BIGINT")],
        f"SELECT place_name AS place, place_country AS country, lat, lon, type, quad_class, "
        f"{_sum('1')} AS events, {_sum('num_mentions')} AS mentions FROM x "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY ALL",
    ),
}  # fmt: skip

ACTOR_KEYS = [("actor_id", "INTEGER")]
ACTOR_VALUES = [
    ("mentions", "BIGINT"), ("articles", "BIGINT"), ("quotes", "BIGINT"),
    ("as_source", "BIGINT"), ("as_target", "BIGINT"),
]  # fmt: skip
# Per actor: events from x (staged or all events), mentions, articles and quotes from y
# (staged counts, or the actor_articles and quotes tables).
ACTOR_SELECT = """
    SELECT actor_id, CAST(sum(mentions) AS BIGINT) AS mentions,
           CAST(sum(articles) AS BIGINT) AS articles, CAST(sum(quotes) AS BIGINT) AS quotes,
           CAST(sum(as_source) AS BIGINT) AS as_source, CAST(sum(as_target) AS BIGINT) AS as_target
    FROM (
        SELECT source_actor_id AS actor_id, 0 AS mentions, 0 AS articles, 0 AS quotes,
               sign AS as_source, 0 AS as_target FROM x WHERE source_actor_id IS NOT NULL
        UNION ALL
        SELECT target_actor_id, 0, 0, 0, 0, sign FROM x WHERE target_actor_id IS NOT NULL
        UNION ALL
        SELECT actor_id, mentions, articles, quotes, 0, 0 FROM y)
    GROUP BY actor_id
"""
ACTORS_FROM_TABLES = """
    SELECT actor_id, sum(mentions) AS mentions, count(*) AS articles, 0 AS quotes
    FROM actor_articles GROUP BY actor_id
    UNION ALL
    SELECT speaker_actor_id, 0, 0, count(*) FROM quotes
    WHERE speaker_actor_id IS NOT NULL GROUP BY speaker_actor_id
"""

TABLES = [*EVENT_AGGREGATES, "actor_stats"]


def create_sql() -> list[str]:
    """CREATE TABLE statements of every aggregate table."""
    out = []
    for name, (keys, values, _) in EVENT_AGGREGATES.items():
        cols = ", ".join(f"{c} {t}" for c, t in keys + values)
        out.append(f"CREATE TABLE {name} ({cols})")
    cols = ", ".join(f"{c} {t}" for c, t in ACTOR_KEYS + ACTOR_VALUES)
    out.append(f"CREATE TABLE actor_stats ({cols})")
    return out


def fill_sql() -> list[str]:
    """Statements that fill every (empty) aggregate table from the stored rows."""
    x = f"(SELECT {', '.join(EVENT_COLUMNS)}, 1 AS sign FROM events)"
    out = []
    for name, (_, values, select) in EVENT_AGGREGATES.items():
        out.append(
            f"INSERT INTO {name} SELECT * FROM (WITH x AS {x} {select}) WHERE {values[0][0]} <> 0"
        )
    out.append(
        f"INSERT INTO actor_stats SELECT * FROM (WITH x AS {x}, y AS ({ACTORS_FROM_TABLES}) "
        f"{ACTOR_SELECT})"
    )
    return out


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Empty every aggregate table and fill it again from the stored rows (for files
    written around the Store, such as the benchmarks' replicated databases)."""
    for name in TABLES:
        con.execute(f"DELETE FROM {name}")
    for stmt in fill_sql():
        con.execute(stmt)


def in_ids(ids: list[int]) -> tuple[str, list[Any]]:
    """SQL for ``IN <sql>`` and its parameters: a short list as scalars (DuckDB binds them
    far faster than one list parameter unnested: 0.4 against 2.7 ms of CPU a statement),
    a long one unnested."""
    if len(ids) <= 256:
        return "(" + ", ".join("?" * len(ids)) + ")", list(ids)
    return "(SELECT unnest(?::BIGINT[]))", [list(ids)]


def _merge(con: duckdb.DuckDBPyConnection, name: str, keys: list[str], values: list[str],
           delta: str, zero: str) -> None:  # fmt: skip
    on = " AND ".join(f"{name}.{k} IS NOT DISTINCT FROM d.{k}" for k in keys)
    sets = ", ".join(f"{v} = {name}.{v} + d.{v}" for v in values)
    cols = ", ".join(f"d.{c}" for c in keys + values)
    con.execute(
        f"MERGE INTO {name} USING ({delta}) AS d ON {on} "
        f"WHEN MATCHED AND ({zero}) THEN DELETE "
        f"WHEN MATCHED THEN UPDATE SET {sets} "
        f"WHEN NOT MATCHED THEN INSERT VALUES ({cols})"
    )


class Staging:
    """What one writer has staged since the tables were last brought up to date."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.touched: set[int] = set()  # events staged with sign -1 (or new: nothing to undo)
        self.actors = False  # per-actor counts staged
        self._made = False

    def _make(self) -> None:
        if self._made:
            return
        self.con.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGE_EVENTS} AS "
            f"SELECT {', '.join(EVENT_COLUMNS)}, 1 AS sign FROM events LIMIT 0"
        )
        self.con.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGE_ACTORS} (actor_id INTEGER, "
            "mentions BIGINT, articles BIGINT, quotes BIGINT)"
        )
        self._made = True

    def new_events(self, ids: Iterable[int]) -> None:
        """Events about to be inserted: nothing of them is counted yet."""
        self.touched.update(int(i) for i in ids)

    def uncount(self, ids: Iterable[int]) -> None:
        """Stage the stored rows of events about to change, with sign -1 (each event once)."""
        fresh = sorted({int(i) for i in ids} - self.touched)
        if not fresh:
            return
        self._make()
        self.touched.update(fresh)
        self.con.execute(
            f"INSERT INTO {STAGE_EVENTS} SELECT {', '.join(EVENT_COLUMNS)}, -1 FROM events "
            f"WHERE id IN {in_ids(fresh)[0]}",
            in_ids(fresh)[1],
        )

    def actor_counts(self, counts: dict[int, list[int]], sign: int = 1) -> None:
        """Stage per-actor [mentions, articles, quotes] added (sign 1) or removed (-1)."""
        if not counts:
            return
        self._make()
        self.actors = True
        ids = sorted(counts)
        self.con.execute(
            f"INSERT INTO {STAGE_ACTORS} SELECT unnest(?::INTEGER[]), unnest(?::BIGINT[]), "
            "unnest(?::BIGINT[]), unnest(?::BIGINT[])",
            [ids, *([sign * counts[a][k] for a in ids] for k in range(3))],
        )

    def unstage_article(self, article_id: str) -> None:
        """Stage the removal of an article's actor mentions, articles and quotes."""
        self._make()
        self.actors = True
        self.con.execute(
            f"INSERT INTO {STAGE_ACTORS} "
            "SELECT actor_id, -sum(mentions), -count(*), 0 FROM actor_articles "
            "WHERE article_id = ? GROUP BY actor_id "
            "UNION ALL SELECT speaker_actor_id, 0, 0, -count(*) FROM quotes "
            "WHERE article_id = ? AND speaker_actor_id IS NOT NULL GROUP BY speaker_actor_id",
            [article_id, article_id],
        )

    def pending(self) -> bool:
        return bool(self.touched or self.actors)

    def settle(self) -> None:
        """Stage the touched events' rows as they are now (sign +1), merge the differences
        into every table, and empty the staging tables."""
        if not self.pending():
            return
        self._make()
        if self.touched:
            sql, params = in_ids(sorted(self.touched))
            self.con.execute(
                f"INSERT INTO {STAGE_EVENTS} SELECT {', '.join(EVENT_COLUMNS)}, 1 FROM events "
                f"WHERE id IN {sql}",
                params,
            )
            x = f"(SELECT * FROM {STAGE_EVENTS})"
            for name, (keys, values, select) in EVENT_AGGREGATES.items():
                k, v = [c for c, _ in keys], [c for c, _ in values]
                delta = (
                    f"SELECT * FROM (WITH x AS {x} {select}) "
                    f"WHERE {' OR '.join(f'{c} <> 0' for c in v)}"
                )
                _merge(self.con, name, k, v, delta, f"{name}.{v[0]} + d.{v[0]} = 0")
        x = f"(SELECT * FROM {STAGE_EVENTS})"
        v = [c for c, _ in ACTOR_VALUES]
        delta = (
            f"SELECT * FROM (WITH x AS {x}, y AS (SELECT * FROM {STAGE_ACTORS}) {ACTOR_SELECT}) "
            f"WHERE {' OR '.join(f'{c} <> 0' for c in v)}"
        )
        zero = " AND ".join(f"actor_stats.{c} + d.{c} = 0" for c in v)
        _merge(self.con, "actor_stats", ["actor_id"], v, delta, zero)
        self.con.execute(f"DELETE FROM {STAGE_EVENTS}")
        self.con.execute(f"DELETE FROM {STAGE_ACTORS}")
        self.clear()

    def clear(self, rolled_back: bool = False) -> None:
        """Forget what was staged (after a settle, or with a rollback, which drops the
        staged rows too, and the staging tables if it made them)."""
        self.touched.clear()
        self.actors = False
        if rolled_back:
            self._made = False


def counts_of(
    rows_: Iterable[dict[str, Any]], quotes: Iterable[dict[str, Any]]
) -> dict[int, list[int]]:
    """Per actor id: [mentions, articles, quotes] of ``actor_articles`` rows and quote rows."""
    out: dict[int, list[int]] = {}
    for r in rows_:
        c = out.setdefault(int(r["actor_id"]), [0, 0, 0])
        c[0] += int(r["mentions"])
        c[1] += 1
    for r in quotes:
        if r.get("speaker_actor_id") is not None:
            out.setdefault(int(r["speaker_actor_id"]), [0, 0, 0])[2] += 1
    return out
