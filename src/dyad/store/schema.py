"""The DuckDB schema, its version, and the migrations that bring old files up to date.

Each migration is a list of SQL statements; ``migrate`` applies those newer than the
file's recorded version, in one transaction each. Add a new migration at the end of
:data:`MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import duckdb

from dyad.store import aggregates

V1 = [
    """
    CREATE TABLE IF NOT EXISTS schema_version (
        version INTEGER NOT NULL,
        applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )
    """,
    """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        url VARCHAR,
        title VARCHAR,
        published DATE,
        publisher VARCHAR,
        source_path VARCHAR,
        source_kind VARCHAR,
        content_hash VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        caption VARCHAR,
        record JSON NOT NULL,
        versions JSON,
        tone DOUBLE,
        n_actors INTEGER,
        n_events INTEGER,
        n_quotes INTEGER,
        ingested_at TIMESTAMP NOT NULL
    )
    """,
    "CREATE INDEX articles_url ON articles (url)",
    "CREATE INDEX articles_hash ON articles (content_hash)",
    """
    CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        key VARCHAR NOT NULL,
        canonical VARCHAR NOT NULL,
        country VARCHAR,
        sector VARCHAR,
        title VARCHAR,
        kind VARCHAR,
        aliases VARCHAR[],
        provenance VARCHAR,
        origin VARCHAR,
        created_at TIMESTAMP NOT NULL
    )
    """,
    "CREATE INDEX actors_key ON actors (key)",
    """
    CREATE TABLE actor_mentions (
        article_id VARCHAR NOT NULL,
        actor_id INTEGER NOT NULL,
        local_id VARCHAR,
        name VARCHAR,
        span_start INTEGER,
        span_end INTEGER,
        kind VARCHAR,
        text VARCHAR
    )
    """,
    """
    CREATE TABLE events (
        id BIGINT PRIMARY KEY,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        cameo VARCHAR,
        quad_class TINYINT,
        goldstein DOUBLE,
        source_name VARCHAR,
        source_country VARCHAR,
        source_sector VARCHAR,
        source_actor_id INTEGER,
        target_name VARCHAR,
        target_country VARCHAR,
        target_sector VARCHAR,
        target_actor_id INTEGER,
        date DATE,
        place_name VARCHAR,
        place_country VARCHAR,
        place_feature VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        num_mentions INTEGER NOT NULL DEFAULT 0,
        num_articles INTEGER NOT NULL DEFAULT 0,
        num_sources INTEGER NOT NULL DEFAULT 0,
        first_seen DATE,
        last_seen DATE,
        avg_tone DOUBLE,
        confidence DOUBLE,
        first_article_id VARCHAR,
        source_url VARCHAR,
        sentence VARCHAR,
        added_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE event_mentions (
        article_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        event_id BIGINT,
        type VARCHAR,
        mode VARCHAR,
        cameo VARCHAR,
        quad_class TINYINT,
        goldstein DOUBLE,
        source_name VARCHAR,
        source_country VARCHAR,
        source_sector VARCHAR,
        target_name VARCHAR,
        target_country VARCHAR,
        target_sector VARCHAR,
        date DATE,
        date_text VARCHAR,
        date_source VARCHAR,
        place_name VARCHAR,
        place_country VARCHAR,
        place_feature VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        span_start INTEGER,
        span_end INTEGER,
        sentence VARCHAR,
        sentence_start INTEGER,
        sentence_end INTEGER,
        sentence_no INTEGER,
        trigger VARCHAR,
        reported_by_name VARCHAR,
        reported_by_country VARCHAR,
        negated BOOLEAN NOT NULL DEFAULT false,
        hypothetical BOOLEAN NOT NULL DEFAULT false,
        confidence DOUBLE,
        tone DOUBLE,
        doc_tone DOUBLE,
        publisher VARCHAR,
        url VARCHAR,
        published DATE,
        doc_len INTEGER
    )
    """,
    """
    CREATE TABLE quotes (
        article_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        kind VARCHAR,
        text VARCHAR,
        span_start INTEGER,
        span_end INTEGER,
        speaker_name VARCHAR,
        speaker_country VARCHAR,
        speaker_sector VARCHAR,
        speaker_actor_id INTEGER,
        cue VARCHAR,
        sentence VARCHAR,
        date DATE,
        published DATE,
        confidence DOUBLE,
        tone DOUBLE
    )
    """,
    """
    CREATE TABLE places (
        article_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        name VARCHAR,
        country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        geonames_id BIGINT,
        feature VARCHAR,
        span_start INTEGER,
        span_end INTEGER,
        confidence DOUBLE
    )
    """,
    """
    CREATE TABLE times (
        article_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR,
        value VARCHAR,
        granularity VARCHAR,
        kind VARCHAR,
        span_start INTEGER,
        span_end INTEGER
    )
    """,
    """
    CREATE TABLE ingest_errors (
        path VARCHAR,
        reason VARCHAR NOT NULL,
        stage VARCHAR,
        article_id VARCHAR,
        logged_at TIMESTAMP NOT NULL
    )
    """,
    "CREATE INDEX actor_mentions_article ON actor_mentions (article_id)",
    "CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id)",
    "CREATE INDEX event_mentions_article ON event_mentions (article_id)",
    "CREATE INDEX event_mentions_event ON event_mentions (event_id)",
    "CREATE INDEX events_type_date ON events (type, date)",
    "CREATE INDEX quotes_article ON quotes (article_id)",
    "CREATE INDEX places_article ON places (article_id)",
    "CREATE INDEX times_article ON times (article_id)",
]

# Version 2: one row per actor per article, so actor counts need no COUNT(DISTINCT).
V2 = [
    """
    CREATE TABLE actor_articles (
        actor_id INTEGER NOT NULL,
        article_id VARCHAR NOT NULL,
        mentions INTEGER NOT NULL
    )
    """,
    """
    INSERT INTO actor_articles
    SELECT actor_id, article_id, count(*) FROM actor_mentions GROUP BY actor_id, article_id
    """,
    "CREATE INDEX actor_articles_article ON actor_articles (article_id)",
]

# Version 3: every evidence sentence of an event in one column, for fast word search.
V3 = [
    "ALTER TABLE events ADD COLUMN evidence VARCHAR",
    """
    UPDATE events SET evidence = s.ev
    FROM (SELECT event_id, string_agg(DISTINCT sentence, ' | ') AS ev FROM event_mentions
          WHERE event_id IS NOT NULL GROUP BY event_id) AS s
    WHERE events.id = s.event_id
    """,
]

# Version 4: what event matching needs to tell events apart (docs/database.md), and why
# each mention joined its event.
V4 = [
    "ALTER TABLE events ADD COLUMN text_dated BOOLEAN",
    "ALTER TABLE events ADD COLUMN object_words VARCHAR",
    "ALTER TABLE event_mentions ADD COLUMN match_score DOUBLE",
    "ALTER TABLE event_mentions ADD COLUMN match_reason VARCHAR",
    """
    UPDATE events SET text_dated = s.td
    FROM (SELECT event_id, bool_or(coalesce(date_source, 'text') = 'text') AS td
          FROM event_mentions WHERE event_id IS NOT NULL GROUP BY event_id) AS s
    WHERE events.id = s.event_id
    """,
]

# Version 5: the wire dateline's place per article; warnings (a text cut for the parse)
# beside errors in ingest_errors.
V5 = [
    "ALTER TABLE articles ADD COLUMN dateline_place VARCHAR",
    "ALTER TABLE articles ADD COLUMN dateline_country VARCHAR",
    "ALTER TABLE ingest_errors ADD COLUMN level VARCHAR DEFAULT 'error'",
    "UPDATE ingest_errors SET level = 'error' WHERE level IS NULL",
]

# Version 6: what each article teaches the later articles of a run (the learn stage,
# dyad.extract.learn), in the order the articles were stored, so that a run that resumes
# or adds to a database starts from exactly the lessons of the stored articles. Articles
# stored before are listed in lessons_pending; the next ingest takes their lessons from
# their records (Store.backfill_lessons).
V6 = [
    """
    CREATE TABLE lessons (
        id INTEGER PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        country VARCHAR,
        sector VARCHAR,
        title VARCHAR,
        aliases VARCHAR[]
    )
    """,
    "CREATE INDEX lessons_article ON lessons (article_id)",
    "CREATE TABLE lessons_pending AS SELECT id AS article_id, ingested_at FROM articles",
]

# Version 7: counts the writer keeps exact (dyad.store.aggregates), so the web page's
# default queries read small tables instead of every event; filled from the stored rows.
# (A later change to their definitions needs a new version that rebuilds them.)
V7 = [*aggregates.create_sql(), *aggregates.fill_sql()]

# Version 8: every title an actor has been given (as aliases keeps every name), so its page
# need not read records; filled from the stored records' actors (by the mention's local id).
V8 = [
    "ALTER TABLE actors ADD COLUMN titles VARCHAR[]",
    "UPDATE actors SET titles = []",
    """
    UPDATE actors SET titles = t.titles
    FROM (
        SELECT m.actor_id, array_sort(list(DISTINCT r.a.title)) AS titles
        FROM (SELECT DISTINCT article_id, actor_id, local_id FROM actor_mentions) m
        JOIN (SELECT id, unnest(from_json(json_extract(record, '$.actors'),
                                          '[{"id": "VARCHAR", "title": "VARCHAR"}]')) AS a
              FROM articles) r ON r.id = m.article_id AND r.a.id = m.local_id
        WHERE r.a.title IS NOT NULL
        GROUP BY m.actor_id
    ) AS t
    WHERE actors.id = t.actor_id
    """,
]

# Each entry brings a file from version i to version i + 1.
MIGRATIONS: list[list[str]] = [V1, V2, V3, V4, V5, V6, V7, V8]
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The database file was written by a newer dyad."""


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in the file (0 for an empty file)."""
    has = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not has or not has[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration the file lacks; return the version it is at now."""
    have = current_version(con)
    if have > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the database has schema version {have} but this dyad knows only "
            f"{SCHEMA_VERSION}: upgrade dyad to open it"
        )
    for version in range(have + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in MIGRATIONS[version - 1]:
                con.execute(stmt)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
