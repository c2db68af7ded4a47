"""The Store: one DuckDB file holding records, their parts, and events merged across articles.

Writing is idempotent: an article already stored is skipped; the same text at another
URL is skipped; an edited article (same URL, new text) replaces its older version in
one transaction. Each event mention is matched to the real-world event it reports
(:mod:`dyad.store.matching`); negated and hypothetical mentions are kept but never
make or count as events.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import duckdb

from dyad.model import Event, Lesson, Record, content_hash
from dyad.store import queries, rows
from dyad.store.aggregates import Staging, counts_of
from dyad.store.event_index import COLUMNS as MATCH_COLUMNS
from dyad.store.event_index import FILLED, EventIndex, as_stored, candidate
from dyad.store.matching import (
    DATE_WINDOW,
    Candidate,
    Match,
    Side,
    Where,
    best_match,
    compatible,
    content_words,
    event_place,
    norm_name,
    object_words,
    to_date,
)
from dyad.store.schema import SCHEMA_VERSION, current_version, migrate

if TYPE_CHECKING:  # the pipeline imports spaCy: slow, and queries do not need it
    from dyad.contract import Failure


_MAX_KNOWN_ACTORS = 300_000  # actors the writer keeps in memory between batches
_MAX_SENTENCES = 100_000  # evidence sentences (as content words) it keeps


def _marks(n: int) -> str:
    """``?, ?, ...``: ``n`` placeholders. DuckDB binds scalars in an ``IN (...)`` list far
    faster than one list parameter (``IN (SELECT unnest(?))``: 0.4 against 2.7 ms of CPU a
    query), which matters in the queries the writer asks per article."""
    return ", ".join("?" * n)


class StoreError(RuntimeError):
    """The database cannot be opened or used as asked; the message says why."""


def _candidate(
    e: Event, src: Side | None, tgt: Side | None, day: dt.date | None, where: Where | None
) -> Candidate:
    """An event mention in the form matching reads (its id is set once it is stored)."""
    trigger = None
    if e.sentence_span and e.span:
        start = e.span[0] - e.sentence_span[0]
        trigger = (max(0, start), max(0, e.span[1] - e.sentence_span[0]))
    elif e.trigger and e.sentence and e.trigger in e.sentence:
        at = e.sentence.index(e.trigger)
        trigger = (at, at + len(e.trigger))
    names = (e.source.name,) if e.source else ()
    return Candidate(
        0,
        e.type,
        src,
        tgt,
        day,
        where,
        e.cameo,
        text_dated=e.date_source not in ("published", "dateline") and to_date(e.date) is not None,
        words=object_words(e.sentence, trigger, names),
        sentence=frozenset(content_words(e.sentence)),
    )


def actor_key(name: str | None, country: str | None) -> str:
    return f"{norm_name(name)}|{country or ''}"


SNAPSHOT_SUFFIX = ".snapshot"
# One row: which database this is (a random id made with the table) and how many
# transactions the writer has committed into it. It travels into the snapshot with the
# rest, so a writer can tell a snapshot that already holds the committed state.
STATE_TABLE = "store_state"
WRITER_SUFFIX = ".writer"  # "a writer wants this file": readers keep off it
LOCK_WAIT = 15.0  # seconds a writer waits for readers to let go of the file


def _is_lock_error(exc: BaseException) -> bool:
    return "lock" in str(exc).lower()


def _is_snapshot(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        path = con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
    except duckdb.Error:
        return False
    return bool(path and path[0] and str(path[0]).endswith(SNAPSHOT_SUFFIX))


def _state_of(con: duckdb.DuckDBPyConnection, catalog: str | None) -> tuple[str, int] | None:
    """The state row (database id, generation) of ``catalog`` (the current one if None)."""
    table = f"{catalog}.main.{STATE_TABLE}" if catalog else STATE_TABLE
    try:
        row = con.execute(f"SELECT db_id, generation FROM {table}").fetchone()
    except duckdb.Error:
        return None
    return (str(row[0]), int(row[1])) if row else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def writer_waiting(path: str) -> int | None:
    """The process id of another live process that wants to write ``path`` (it left
    ``<path>.writer``), or None. A marker left by a process that died is ignored."""
    try:
        with open(path + WRITER_SUFFIX, encoding="ascii") as f:
            pid = int(f.read().strip() or 0)
    except (OSError, ValueError):
        return None
    if pid <= 0 or pid == os.getpid() or not _alive(pid):
        return None
    return pid


def _mark_writer(path: str) -> str | None:
    """Say that this process wants to write ``path``, so that readers (``dyad serve``
    under steady traffic) stop opening it and the writer gets the lock as soon as the
    requests in flight end. Returns the marker's path, or None where none can be made."""
    if path == ":memory:":
        return None
    marker = path + WRITER_SUFFIX
    try:
        tmp = f"{marker}.{os.getpid()}"
        with open(tmp, "w", encoding="ascii") as f:
            f.write(str(os.getpid()))
        os.replace(tmp, marker)
    except OSError:
        return None
    return marker


def _unmark_writer(marker: str | None) -> None:
    """Remove this process's writer marker (not another writer's)."""
    if not marker:
        return
    try:
        with open(marker, encoding="ascii") as f:
            mine = f.read().strip() == str(os.getpid())
        if mine:
            os.remove(marker)
    except (OSError, ValueError):
        pass


def _holder(exc: BaseException) -> str:
    """Who holds the lock, in words, from DuckDB's message ("... (PID 123)")."""
    m = re.search(r"\(PID (\d+)\)", str(exc))
    if not m:
        return "another process"
    pid = m.group(1)
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return f"process {pid}"
    words = [os.path.basename(argv[0])] if argv else []
    words += [a for a in argv[1:4] if not a.startswith("-")][:2] if argv else []
    name = " ".join(" ".join(words).split())[:60]
    return f"process {pid} ({name})" if name else f"process {pid}"


def connect(
    path: str, read_only: bool = False, wait: float | None = None, **config: Any
) -> duckdb.DuckDBPyConnection:
    """Open ``path``. DuckDB lets one process write a file and no other process read it
    meanwhile, so: a reader that finds the file held by a writer, or wanted by one (a
    ``<path>.writer`` marker of a live process), opens the snapshot the writer publishes
    (``<path>.snapshot``, see :meth:`Store.publish_snapshot`) or is refused at once; a
    writer that finds the file held by short-lived readers waits up to ``wait`` seconds
    (default :data:`LOCK_WAIT`) for them to let go, and new readers keep off meanwhile."""
    return _connect(path, read_only, wait, config)[0]


def _connect(
    path: str, read_only: bool, wait: float | None, config: dict[str, Any]
) -> tuple[duckdb.DuckDBPyConnection, float]:
    """``connect`` that also says how long a writer waited for the lock."""
    import time

    snap = path + SNAPSHOT_SUFFIX
    if read_only and path != ":memory:" and writer_waiting(path):
        if os.path.exists(snap):
            try:
                return duckdb.connect(snap, read_only=True, config=config or {}), 0.0
            except duckdb.Error:
                pass
        raise StoreError(
            f"cannot open the database {path} now: an ingest is about to write it or writing "
            "it, and has published no snapshot yet; try again in a moment"
        )
    t0 = time.monotonic()
    deadline = t0 + (0 if read_only else (LOCK_WAIT if wait is None else wait))
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config or {}), (
                time.monotonic() - t0
            )
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"cannot open the database {path}: {exc}") from exc
            if read_only and os.path.exists(snap):
                try:
                    return duckdb.connect(snap, read_only=True, config=config or {}), 0.0
                except duckdb.Error:
                    pass
            if time.monotonic() >= deadline:
                who = _holder(exc)
                if read_only:
                    raise StoreError(
                        f"cannot open the database {path}: {who} is writing it and has "
                        "published no snapshot yet; try again in a moment"
                    ) from exc
                raise StoreError(
                    f"cannot open the database {path} for writing: {who} still held it after "
                    f"{time.monotonic() - t0:.1f} s (a reader that does not let go, or another "
                    "writer); try again when it has finished"
                ) from exc
            time.sleep(0.05)


_SCALARS = frozenset({str, int, float, bool, dt.date, dt.datetime})


def _columns(buffered: list[rows.Row], names: list[str]) -> dict[str, Any] | None:
    """The rows as one NumPy object array per column, which DuckDB scans directly (Arrow
    would do as well, but converting Python lists with pyarrow imports pandas: ~0.45 s and
    ~60 MiB per ingest process). None when a column mixes kinds DuckDB might read wrong
    (lists are taken when they hold only strings, as ``VARCHAR[]`` columns do)."""
    import numpy as np

    out = {}
    for n in names:
        vals = [r[n] for r in buffered]
        kinds = {type(v) for v in vals if v is not None}
        if kinds == {list}:
            if not all(type(x) is str for v in vals if v is not None for x in v):
                return None
        elif not kinds <= _SCALARS or (len(kinds) > 1 and not kinds <= {int, float, bool}):
            return None
        if kinds == {list}:  # one list per cell (fromiter would spread them)
            arr = np.empty(len(vals), dtype=object)
            for i, v in enumerate(vals):
                arr[i] = v
            out[n] = arr
        else:
            out[n] = np.fromiter(vals, dtype=object, count=len(vals))
    return out


def _place_key(url: str | None, source_path: str | None) -> str:
    """Where an article came from, as :meth:`Store._older_versions` matches it."""
    return "u" + url if url else "p" + (source_path or "")


class _ArticleKeys:
    """The ids, content hashes and places of a database's articles, in memory."""

    LIMIT = 200_000  # articles; a larger database is asked each time

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.hashes: set[str] = set()
        self.places: set[str] = set()

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> _ArticleKeys | bool:
        n = con.execute("SELECT count(*) FROM articles").fetchone()
        if n is None or n[0] > cls.LIMIT:
            return False
        keys = cls()
        for aid, chash, url, path in con.execute(
            "SELECT id, content_hash, url, source_path FROM articles"
        ).fetchall():
            keys.add(aid, chash, url, path)
        return keys

    def add(self, aid: str, chash: str, url: str | None, source_path: str | None) -> None:
        self.ids.add(aid)
        self.hashes.add(chash)
        self.places.add(_place_key(url, source_path))


class Store:
    """A DuckDB database of dyad records. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        self.from_snapshot = False  # read from the writer's last published snapshot
        if read_only and self.path != ":memory:" and not os.path.exists(self.path):
            raise StoreError(f"no database at {self.path}: run `dyad ingest` first or pass --db")
        # A writer first says it wants the file, so readers stop opening it (see connect).
        self._marker = None if read_only else _mark_writer(self.path)
        self.lock_wait = 0.0  # seconds this writer waited for readers to let go
        try:
            self.con, self.lock_wait = _connect(self.path, read_only, None, {})
            self.from_snapshot = read_only and _is_snapshot(self.con)
            if read_only:
                have = current_version(self.con)
                if have != SCHEMA_VERSION:
                    self.con.close()
                    raise StoreError(
                        f"the database {self.path} has schema version {have}, not "
                        f"{SCHEMA_VERSION}: open it once for writing (for example with "
                        "`dyad ingest`) to migrate it"
                    )
            else:
                before = current_version(self.con)
                migrate(self.con)
                self._init_state(bump=before != SCHEMA_VERSION)
        except BaseException:
            _unmark_writer(self._marker)
            raise
        self._in_tx = False
        self.snapshot_copies = 0  # snapshots this store has copied (publish_snapshot)
        self._next_ids: dict[str, int] = {}
        # Rows of tables nothing reads while a batch is written, inserted together at
        # commit (one Arrow insert per table instead of one statement per record).
        self._buf: dict[str, list[rows.Row]] = {}
        self._pending_recount: set[int] = set()
        # buffered articles: id -> (content hash, url, source_path); hash -> their urls
        self._buf_articles: dict[str, tuple[str, str | None, str | None]] = {}
        self._buf_hashes: dict[str, list[str]] = {}
        # what the writer knows of the actors table: key -> state (see _resolve_actors),
        # None for a key it has looked up and not found; new rows wait in the buffer
        self._actors: dict[str, dict[str, Any] | None] = {}
        self._actors_dirty: dict[str, dict[str, Any]] = {}  # stored actors to update
        self._actors_new: list[dict[str, Any]] = []  # states whose row is buffered
        # the keys of every stored actor and perhaps more (a superset, as ``_keys`` below),
        # so that a key it lacks is known new without a query; None until first needed,
        # False for a database with too many actors
        self._actor_keys: set[str] | None | bool = None
        # the matching fields of every stored event (see dyad.store.event_index): None
        # until first needed, False for a database too large (then events are asked for)
        self._events: EventIndex | None | bool = None
        self._buf_events: dict[int, rows.Row] = {}  # event rows waiting in the buffer, by id
        # event id -> content words of its evidence sentence (as stored until a recount)
        self._sentences: dict[int, frozenset[str]] = {}
        # ids, content hashes and places (url, or file) of every stored article and
        # perhaps more (a superset: what is not in it is not stored), so that a lookup
        # of an article that is not there need not ask; None until first needed, False
        # for a database too large to keep them in memory
        self._keys: _ArticleKeys | None | bool = None
        # what the aggregate tables (dyad.store.aggregates) must still take in
        self._agg = Staging(self.con)
        # articles a precheck found new: id -> (content hash, url), and hash -> ids
        self._fresh: dict[str, tuple[str, str | None]] = {}
        self._fresh_ids: dict[str, set[str]] = {}

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        try:
            if self._in_tx:
                self.rollback()
            self.con.close()
        finally:
            _unmark_writer(self._marker)
            self._marker = None

    def _init_state(self, bump: bool) -> None:
        """Make the state row if the file lacks it (a new random id, generation 1), and
        count a migration as a change."""
        self.con.execute(
            f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (db_id VARCHAR NOT NULL, "
            "generation BIGINT NOT NULL, copy_seconds DOUBLE)"
        )
        row = self.con.execute(f"SELECT count(*) FROM {STATE_TABLE}").fetchone()
        if not row or not row[0]:
            self.con.execute(f"INSERT INTO {STATE_TABLE} VALUES (CAST(uuid() AS VARCHAR), 1, NULL)")
        elif bump:
            self.con.execute(f"UPDATE {STATE_TABLE} SET generation = generation + 1")

    def state(self) -> tuple[str, int] | None:
        """(database id, generation) of the committed state, None where the file has none."""
        return _state_of(self.con, None)

    def _snapshot_state(self, snap: str) -> tuple[str, int] | None:
        """(database id, generation) recorded in the snapshot at ``snap``; None where it
        cannot be read or has none."""
        if not os.path.exists(snap) or os.path.exists(snap + ".wal"):
            return None
        quoted = snap.replace("'", "''")
        try:
            self.con.execute(f"ATTACH '{quoted}' AS dyad_snapshot_check (READ_ONLY)")
        except duckdb.Error:
            return None
        try:
            return _state_of(self.con, "dyad_snapshot_check")
        finally:
            self.con.execute("DETACH dyad_snapshot_check")

    def snapshot_current(self) -> bool:
        """Whether ``<path>.snapshot`` already holds this database's committed state."""
        if self.path == ":memory:":
            return False
        have = self.state()
        return have is not None and have == self._snapshot_state(self.path + SNAPSHOT_SUFFIX)

    def publish_snapshot(self) -> float:
        """Copy the committed database to ``<path>.snapshot`` (atomically), where readers
        look while this writer holds the file, unless the snapshot there already holds
        the committed state (same database id and generation, see :data:`STATE_TABLE`).
        Returns the seconds a copy takes: this one's, or where none was needed the last
        one's (recorded in the state row; 0.0 if unknown), so that callers can space
        copies by their cost. :attr:`snapshot_copies` counts the copies made.

        DuckDB makes the copy itself (``COPY FROM DATABASE`` into a fresh attached file):
        the live file must never be opened and closed from this process by other means,
        since closing any descriptor of a file drops the process's POSIX lock on it.
        """
        import time

        if self.read_only or self._in_tx or self.path == ":memory:":
            return 0.0
        t = time.perf_counter()
        snap = self.path + SNAPSHOT_SUFFIX
        if self.snapshot_current():
            row = self.con.execute(f"SELECT copy_seconds FROM {STATE_TABLE}").fetchone()
            return float(row[0]) if row and row[0] is not None else 0.0
        tmp = snap + ".tmp"
        for stale in (tmp, tmp + ".wal"):
            if os.path.exists(stale):
                os.remove(stale)
        name = self.con.execute("SELECT current_database()").fetchone()[0]
        quoted = tmp.replace("'", "''")
        self.con.execute(f"ATTACH '{quoted}' AS dyad_snapshot")
        try:
            self.con.execute(f'COPY FROM DATABASE "{name}" TO dyad_snapshot')
        finally:
            self.con.execute("DETACH dyad_snapshot")
        os.replace(tmp, snap)
        self.snapshot_copies += 1
        cost = time.perf_counter() - t
        # not a change of the data: the generation stays, so the snapshot stays current
        self.con.execute(f"UPDATE {STATE_TABLE} SET copy_seconds = ?", [cost])
        return cost

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def begin(self) -> None:
        if not self._in_tx:
            self.con.execute("BEGIN TRANSACTION")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self.flush()
            # every commit counts as a change: the snapshot that predates it is stale
            self.con.execute(f"UPDATE {STATE_TABLE} SET generation = generation + 1")
            self.con.execute("COMMIT")
            self._in_tx = False

    def rollback(self) -> None:
        self._buf.clear()
        self._buf_events.clear()
        self._actor_keys = None
        self._events = None
        self._sentences.clear()
        self._buf_articles.clear()
        self._buf_hashes.clear()
        self._actors.clear()
        self._actors_dirty.clear()
        self._actors_new.clear()
        self._fresh.clear()
        self._fresh_ids.clear()
        self._pending_recount.clear()
        self._agg.clear(rolled_back=True)
        if self._in_tx:
            self.con.execute("ROLLBACK")
            self._in_tx = False
            self._next_ids.clear()

    def flush(self) -> None:
        """Write the buffered rows, recount the events they touched, and bring the
        aggregate tables up to date."""
        if self._buf:
            self.con.execute("SELECT 1").fetchall()  # finish any open result first
            self._agg.actor_counts(
                counts_of(self._buf.get("actor_articles", []), self._buf.get("quotes", []))
            )
            for table, buffered in self._buf.items():
                if not buffered:
                    continue
                names = list(buffered[0])
                data = _columns(buffered, names)
                if data is None:  # mixed types in a column
                    self._insert_values(table, buffered)
                    continue
                cols = ", ".join(names)
                self.con.register("_dyad_rows", data)
                try:
                    self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _dyad_rows")
                finally:
                    self.con.unregister("_dyad_rows")
            self._buf.clear()
            self._buf_articles.clear()
            self._buf_hashes.clear()
            self._buf_events.clear()
        for k in self._actors_new:  # their rows are written: later changes are updates
            k["row"] = None
        self._actors_new.clear()
        self._update_actors(list(self._actors_dirty.values()))
        self._actors_dirty.clear()
        if len(self._actors) > _MAX_KNOWN_ACTORS:
            self._actors.clear()
        if isinstance(self._events, EventIndex) and len(self._events) > 2 * EventIndex.LIMIT:
            self._events = False  # grown too large in this run: ask the database again
        if len(self._sentences) > _MAX_SENTENCES:
            self._sentences.clear()
        if self._pending_recount:
            ids = sorted(self._pending_recount)
            self._pending_recount.clear()
            self._recount(ids)
        self._agg.settle()

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """One transaction around several writes: all of them land, or none."""
        outer = self._in_tx
        self.begin()
        try:
            yield self
        except BaseException:
            if not outer:
                self.rollback()
            raise
        if not outer:
            self.commit()

    # --- writing ---------------------------------------------------------------------

    def precheck(self, article_id: str, url: str | None, text: str) -> str:
        """'skipped' if storing this article would change nothing, else 'new'."""
        if self._stored(article_id):
            return "skipped"
        chash = content_hash(text)
        if self._duplicate_text(chash, url):
            return "skipped"
        self._remember_new(article_id, chash, url)
        return "new"

    def _remember_new(self, article_id: str, chash: str, url: str | None) -> None:
        """Note a precheck's 'new', so that :meth:`upsert` of the same article (parsed
        meanwhile) need not ask the database again: only this writer writes, and each
        insert forgets the answers it could change (same id, or same text)."""
        if len(self._fresh) > 100_000:  # prechecked but never stored (failed): start over
            self._fresh.clear()
            self._fresh_ids.clear()
        self._fresh[article_id] = (chash, url)
        self._fresh_ids.setdefault(chash, set()).add(article_id)

    def _forget_new(self, article_id: str, chash: str) -> None:
        self._fresh.pop(article_id, None)
        for other in self._fresh_ids.pop(chash, ()):
            self._fresh.pop(other, None)

    def _known(self) -> _ArticleKeys | None:
        """The keys of the stored articles (see ``_keys`` in ``__init__``), or None."""
        if self._keys is None:
            self._keys = _ArticleKeys.load(self.con)
        return self._keys or None

    def _stored(self, article_id: str) -> bool:
        """Whether an article of this id is stored (or waits in this batch's buffer)."""
        if article_id in self._buf_articles:
            return True
        keys = self._known()
        if keys is not None and article_id not in keys.ids:
            return False
        return bool(
            self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        )

    def _duplicate_text(self, chash: str, url: str | None) -> bool:
        if any(u != (url or "") for u in self._buf_hashes.get(chash, ())):
            return True
        keys = self._known()
        if keys is not None and chash not in keys.hashes:
            return False
        row = self.con.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? AND coalesce(url, '') <> ? LIMIT 1",
            [chash, url or ""],
        ).fetchone()
        return row is not None

    def upsert(self, rec: Record) -> str:
        """Store one record: 'stored', 'replaced' (an older version was removed) or 'skipped'."""
        if self.read_only:
            raise StoreError("the database is open read-only")
        with self.batch():
            chash = content_hash(rec.text)
            if self._fresh.get(rec.id) != (chash, rec.url):  # not known new: ask
                if self._stored(rec.id):
                    return "skipped"
                if self._duplicate_text(chash, rec.url):
                    return "skipped"
            older = self._older_versions(rec)
            for oid in older:
                self.delete_article(oid)
            self._insert(rec, chash)
            return "replaced" if older else "stored"

    def _older_versions(self, rec: Record) -> list[str]:
        """Stored articles this record is a newer version of (same URL, or same file)."""
        if any(  # one in this batch's buffer: write the buffer, then ask
            i != rec.id and (u == rec.url if rec.url else u is None and p == rec.source_path)
            for i, (_h, u, p) in self._buf_articles.items()
        ):
            self.flush()
        keys = self._known()
        if keys is not None and _place_key(rec.url, rec.source_path) not in keys.places:
            return []
        if rec.url:
            rows = self.con.execute(
                "SELECT id FROM articles WHERE url = ? AND id <> ?", [rec.url, rec.id]
            ).fetchall()
        elif rec.source_path and (
            rec.source_kind in ("text", "markdown", "html") or "#" in rec.source_path
        ):
            rows = self.con.execute(
                "SELECT id FROM articles WHERE url IS NULL AND source_path = ? AND id <> ?",
                [rec.source_path, rec.id],
            ).fetchall()
        else:
            rows = []
        return [r[0] for r in rows]

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and everything read from it; events left without mentions go too."""
        with self.batch():
            self.flush()
            affected = [
                r[0]
                for r in self.con.execute(
                    "SELECT DISTINCT event_id FROM event_mentions "
                    "WHERE article_id = ? AND event_id IS NOT NULL",
                    [article_id],
                ).fetchall()
            ]
            self._agg.unstage_article(article_id)
            self._agg.uncount(affected)
            for table in (
                "event_mentions", "actor_mentions", "actor_articles", "quotes", "places", "times",
                "lessons",
            ):  # fmt: skip
                self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
            n = self.con.execute(
                "DELETE FROM articles WHERE id = ? RETURNING id", [article_id]
            ).fetchall()
            self._recount(affected)
            self._agg.settle()
            return bool(n)

    def record_failure(self, f: Failure, level: str = "error") -> None:
        """Note an input that could not be read or processed in the errors table, or
        (``level="warning"``) one stored with a caveat, such as a text cut for the parse."""
        with self.batch():
            self.con.execute(
                "INSERT INTO ingest_errors (path, reason, stage, article_id, logged_at, level) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [f.source_path, f.reason, f.stage, f.article_id, rows.now(), level],
            )

    BUFFERED = frozenset(
        {
            "articles",
            "actors",
            "lessons",
            "actor_mentions",
            "actor_articles",
            "places",
            "times",
            "quotes",
            "event_mentions",
        }
    )

    def _values(self, table: str, new: list[rows.Row]) -> None:
        """Insert rows (column name -> value, see :mod:`dyad.store.rows`) with one
        multi-row statement per chunk; rows of tables the writer reads during a batch only
        through its own memory (``articles``: :meth:`_stored`, :meth:`_duplicate_text`,
        :meth:`_older_versions`; ``actors``: :meth:`_resolve_actors`) or not at all wait
        in memory until :meth:`flush`."""
        if not new:
            return
        if table in self.BUFFERED:
            self._buf.setdefault(table, []).extend(new)
            return
        if table == "events" and self._event_index() is not None:
            # nothing reads the rows of new events before the flush but the writer, which
            # has them in memory (the event index, _buf_events and the sentences)
            self._buf.setdefault(table, []).extend(new)
            self._buf_events.update((r["id"], r) for r in new)
            return
        self._insert_values(table, new)

    def _update_actors(self, states: list[dict[str, Any]]) -> None:
        """Write the aliases, titles, sector and title the writer learned of stored actors
        (one statement for them all where the values allow, else one per actor)."""
        if not states:
            return
        names = ["id", "aliases", "titles", "sector", "title"]
        data = _columns([{n: k[n] for n in names} for k in states], names)
        if data is not None and len(states) > 1:
            self.con.register("_dyad_actors", data)
            try:
                self.con.execute(
                    "UPDATE actors SET aliases = d.aliases, titles = d.titles, "
                    "sector = coalesce(actors.sector, d.sector), "
                    "title = coalesce(actors.title, d.title) "
                    "FROM _dyad_actors AS d WHERE actors.id = d.id"
                )
            finally:
                self.con.unregister("_dyad_actors")
            return
        for k in states:
            self.con.execute(
                "UPDATE actors SET aliases = ?, titles = ?, sector = coalesce(sector, ?), "
                "title = coalesce(title, ?) WHERE id = ?",
                [k["aliases"], k["titles"], k["sector"], k["title"], k["id"]],
            )

    def _event_index(self) -> EventIndex | None:
        """The writer's memory of the stored events (loaded on first use), or None."""
        if self._events is None:
            idx = None if self.read_only else EventIndex.load(self.con)
            self._events = False if idx is None else idx
        return self._events if isinstance(self._events, EventIndex) else None

    def _insert_values(self, table: str, new: list[rows.Row]) -> None:
        names = list(new[0])
        width = len(names)
        one = "(" + ", ".join("?" * width) + ")"
        cols = ", ".join(names)
        step = max(1, 2000 // width)
        for i in range(0, len(new), step):
            chunk = new[i : i + step]
            sql = f"INSERT INTO {table} ({cols}) VALUES " + ", ".join([one] * len(chunk))
            self.con.execute(sql, [r[n] for r in chunk for n in names])

    def _next_id(self, table: str) -> int:
        """The next free id in ``table`` (kept in memory for the transaction)."""
        if table not in self._next_ids:
            row = self.con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
            self._next_ids[table] = int(row[0]) if row else 1
        n = self._next_ids[table]
        self._next_ids[table] = n + 1
        return n

    def _insert(self, rec: Record, chash: str) -> None:
        self._forget_new(rec.id, chash)
        self._values("articles", [rows.article_row(rec, chash)])
        self._buf_articles[rec.id] = (chash, rec.url, rec.source_path)
        if self._keys:
            self._keys.add(rec.id, chash, rec.url, rec.source_path)
        self._buf_hashes.setdefault(chash, []).append(rec.url or "")
        local, by_key = self._resolve_actors(rec)

        def ref_id(ref: Any) -> int | None:
            if ref is None:
                return None
            return local.get(ref.actor_id or "") or by_key.get(actor_key(ref.name, ref.country))

        self._values("actor_mentions", rows.actor_mention_rows(rec, local))
        self._values("actor_articles", rows.actor_article_rows(rec, local))
        self._values("places", rows.place_rows(rec))
        self._values("times", rows.time_rows(rec))
        self._values("quotes", rows.quote_rows(rec, ref_id))
        self._insert_events(rec, to_date(rec.published), ref_id)
        self._values("lessons", [rows.lesson_row(self._next_id("lessons"), x) for x in rec.lessons])

    def _insert_events(self, rec: Record, published: dt.date | None, ref_id: Any) -> None:
        live = [e for e in rec.events if not (e.negated or e.hypothetical)]
        cands = self._candidates(live, rec) if live else []
        new_rows: list[rows.Row] = []
        fills: list[list[Any]] = []
        mention_rows: list[list[Any]] = []
        affected: set[int] = set()
        joined: dict[int, Match | None] = {}
        stored_ids = {c.id for c in cands}
        mentions: dict[int, tuple[Candidate, dict[str, Any]]] = {}
        for i, e in enumerate(rec.events):
            if not (e.negated or e.hypothetical):
                src = (
                    Side.of(e.source.name, e.source.country, e.source.sector) if e.source else None
                )
                tgt = (
                    Side.of(e.target.name, e.target.country, e.target.sector) if e.target else None
                )
                p = event_place(e.place, e.sentence_span, rec.places) or {}
                mentions[i] = (
                    _candidate(e, src, tgt, to_date(e.date) or published, Where.of(p)),
                    p,
                )
        self._load_sentences(
            [c for c in cands if any(compatible(m, c) for m, _ in mentions.values())]
        )
        for i, e in enumerate(rec.events):
            event_id = None
            if i in mentions:
                m, p = mentions[i]
                day = m.date
                found = best_match(m, cands)
                event_id = found.event_id if found else None
                joined[i] = found
                if event_id is None:
                    event_id = self._next_id("events")
                    m.id = event_id
                    cands.append(m)
                    new_rows.append(
                        rows.event_row(
                            event_id,
                            e,
                            rec,
                            day,
                            p,
                            ref_id,
                            m.text_dated,
                            " ".join(sorted(m.words)),
                        )
                    )
                elif event_id in stored_ids:
                    fills.append(
                        [day, p.get("name"), p.get("country"), p.get("feature"), p.get("lat"),
                         p.get("lon"), event_id]
                    )  # fmt: skip
                affected.add(event_id)
            mention_rows.append(rows.event_mention_row(rec, i, e, event_id, joined.get(i)))
        self._agg.new_events(r["id"] for r in new_rows)
        self._values("events", new_rows)
        idx = self._event_index()
        for r in new_rows:
            if idx is not None:
                idx.add(as_stored(r))
            self._sentences[r["id"]] = frozenset(content_words(r["sentence"]))
        self._agg.uncount(f[-1] for f in fills)
        for f in fills:  # fill what earlier reports of the event lacked
            row = self._buf_events.get(f[-1])
            if row is not None:  # not written yet: fill the buffered row
                for col, v in zip(FILLED, f, strict=False):
                    if row[col] is None:
                        row[col] = v
            else:
                self.con.execute(
                    "UPDATE events SET date = coalesce(date, ?), "
                    "place_name = coalesce(place_name, ?), "
                    "place_country = coalesce(place_country, ?), "
                    "place_feature = coalesce(place_feature, ?), "
                    "lat = coalesce(lat, ?), lon = coalesce(lon, ?) WHERE id = ?",
                    f,
                )
            if idx is not None:
                idx.fill(f[-1], f[:-1])
        self._values("event_mentions", mention_rows)
        self._pending_recount.update(affected)

    def _candidates(
        self, live: list[Event], rec: Record, prefilter: bool = True
    ) -> list[Candidate]:
        """Stored events of the record's types that one of its events could join
        (:func:`dyad.store.matching.compatible` on the dates), in one query.

        By the date rule of matching: a dated mention joins only an event dated within
        :data:`DATE_WINDOW` days of it, or an undated one when both are dated by their
        text; an undated mention (no date, no publication day) only an undated event.
        So undated events are read only for an undated mention, or for one dated by its
        text where the event is not known to be dated only by publication (its
        ``text_dated`` is not false), and dated events only near a dated mention.

        ``prefilter=False`` is the query before that pre-filter, for the test of it and
        the benchmark: every undated event of the types, and every event of the types
        when no event of the record has a date."""
        days = [to_date(e.date) or to_date(rec.published) for e in live]
        dated = [d for d in days if d]
        lo = min(dated) - dt.timedelta(days=DATE_WINDOW) if dated else None
        hi = max(dated) + dt.timedelta(days=DATE_WINDOW) if dated else None
        types = sorted({e.type for e in live})
        if prefilter:
            undated = len(dated) < len(days)
            text_dated = any(
                e.date_source not in ("published", "dateline") and to_date(e.date) is not None
                for e in live
            )
            idx = self._event_index()
            if idx is not None:  # the same rows, from the writer's memory
                return idx.find(types, lo, hi, undated, text_dated)
            where = (
                "date BETWEEN ?::DATE AND ?::DATE "
                "OR (date IS NULL AND (? OR (? AND text_dated IS NOT FALSE)))"
            )
            params = [*types, lo, hi, undated, text_dated]
        else:
            where = "date IS NULL OR ?::DATE IS NULL OR date BETWEEN ?::DATE AND ?::DATE"
            params = [*types, lo, lo, hi]
        rows = self.con.execute(
            f"SELECT {', '.join(MATCH_COLUMNS)} FROM events "
            f"WHERE type IN ({_marks(len(types))}) AND ({where}) ORDER BY id",
            params,
        ).fetchall()
        return [candidate(r) for r in rows]

    def _load_sentences(self, cands: list[Candidate]) -> None:
        """The evidence sentences of the few stored events a mention could join, by id
        (reading the column for every candidate row would cost more than matching)."""
        if not cands:
            return
        words = self._sentences
        ask = sorted({c.id for c in cands if c.id not in words})
        if ask:
            for r in self.con.execute(
                f"SELECT id, sentence FROM events WHERE id IN ({_marks(len(ask))})", ask
            ).fetchall():
                words[r[0]] = frozenset(content_words(r[1]))
        for c in cands:
            c.sentence = words.get(c.id, frozenset())

    def _recount(self, event_ids: list[int]) -> None:
        """Recompute mention, article and source counts, first/last seen and tone."""
        if not event_ids:
            return
        ids = [int(i) for i in event_ids]
        self._agg.uncount(ids)
        self.con.execute(
            """
            UPDATE events SET num_mentions = s.n, num_articles = s.na, num_sources = s.ns,
                first_seen = s.f, last_seen = s.l, avg_tone = s.t,
                first_article_id = s.fa, source_url = s.fu, sentence = s.fs, evidence = s.ev
            FROM (
                SELECT event_id, count(*) AS n, count(DISTINCT article_id) AS na,
                    count(DISTINCT coalesce(publisher, url, article_id)) AS ns,
                    min(published) AS f, max(published) AS l, avg(doc_tone) AS t,
                    arg_min(article_id, coalesce(published, DATE '9999-12-31')) AS fa,
                    arg_min(url, coalesce(published, DATE '9999-12-31')) AS fu,
                    arg_min(sentence, coalesce(published, DATE '9999-12-31')) AS fs,
                    string_agg(DISTINCT sentence, ' | ') AS ev
                FROM event_mentions
                WHERE event_id IN (SELECT unnest(?::BIGINT[]))
                GROUP BY event_id
            ) AS s
            WHERE events.id = s.event_id
            """,
            [ids],
        )
        # (the ids as one list parameter, not scalars: the plan, and so the order in which
        # arg_min meets tied rows, stays as it was)
        gone = self.con.execute(
            "DELETE FROM events WHERE id IN (SELECT unnest(?::BIGINT[])) AND id NOT IN "
            "(SELECT event_id FROM event_mentions WHERE event_id IN (SELECT unnest(?::BIGINT[]))) "
            "RETURNING id",
            [ids, ids],
        ).fetchall()
        for i in ids:  # their evidence sentence may have changed
            self._sentences.pop(i, None)
        if isinstance(self._events, EventIndex):
            self._events.remove(r[0] for r in gone)

    # --- actors ----------------------------------------------------------------------

    def _resolve_actors(self, rec: Record) -> tuple[dict[str, int], dict[str, int]]:
        """Database ids for the record's actors (adding new ones, learning new aliases).

        Returns ``(local id -> database id, actor key -> database id)``; the second also
        covers speakers and event actors named without an actor of the record.
        """
        keys = {actor_key(a.name, a.country) for a in rec.actors}
        for ref in [q.speaker for q in rec.quotes] + [
            r for e in rec.events for r in (e.source, e.target)
        ]:
            if ref is not None:
                keys.add(actor_key(ref.name, ref.country))
        cache = self._actors
        if self._actor_keys is None:
            self._actor_keys = self._load_actor_keys()
        stored = self._actor_keys
        missing = sorted(k for k in keys if k not in cache)
        for k in missing:
            cache[k] = None
        if isinstance(stored, set):  # a key it lacks is not stored
            missing = [k for k in missing if k in stored]
        if missing:
            for r in self.con.execute(
                "SELECT key, id, canonical, aliases, sector, title, titles FROM actors "
                f"WHERE key IN ({_marks(len(missing))})",
                missing,
            ).fetchall():
                cache[r[0]] = {
                    "id": int(r[1]), "canonical": r[2], "aliases": list(r[3] or []),
                    "sector": r[4], "title": r[5], "titles": list(r[6] or []), "row": None,
                }  # fmt: skip
        known: dict[str, dict[str, Any]] = {}
        for key in keys:
            k = cache[key]
            if k is not None:
                known[key] = k
        local: dict[str, int] = {}
        for a in rec.actors:
            key = actor_key(a.name, a.country)
            k = known.get(key)
            if k is None:
                gid = self._next_id("actors")
                if isinstance(self._actor_keys, set):
                    self._actor_keys.add(key)
                k = known[key] = cache[key] = {
                    "id": gid, "canonical": a.name, "aliases": [], "sector": a.sector,
                    "title": a.title, "titles": [], "row": None,
                }  # fmt: skip
                k["row"] = rows.actor_row(gid, key, a, k["aliases"], rec)  # shares the list
                k["row"]["titles"] = k["titles"]  # filled below, as the aliases
                self._values("actors", [k["row"]])
                self._actors_new.append(k)
            dirty = False
            if a.title and a.title not in k["titles"]:  # every title it is given
                k["titles"].append(a.title)
                dirty = True
            for x in (a.name, *a.aliases):
                if x and x != k["canonical"] and x not in k["aliases"]:
                    k["aliases"].append(x)
                    dirty = True
            if k["sector"] is None and a.sector:
                k["sector"], dirty = a.sector, True
                if k["row"] is not None:
                    k["row"]["sector"] = a.sector
            if k["title"] is None and a.title:
                k["title"], dirty = a.title, True
                if k["row"] is not None:
                    k["row"]["title"] = a.title
            if dirty and k["row"] is None:
                self._actors_dirty[key] = k
            local[a.id] = k["id"]
        return local, {key: k["id"] for key, k in known.items()}

    def _load_actor_keys(self) -> set[str] | bool:
        """The keys of the stored actors, or False when there are over 200,000."""
        n = self.con.execute("SELECT count(*) FROM actors").fetchone()
        if n is None or n[0] > 200_000:
            return False
        return {r[0] for r in self.con.execute("SELECT key FROM actors").fetchall()}

    def lessons(self) -> list[Lesson]:
        """What the stored articles teach a run (see :mod:`dyad.extract.learn`), in the
        order they were stored."""
        rows_ = self.con.execute(
            "SELECT name, kind, country, sector, title, aliases, article_id FROM lessons ORDER BY id"
        ).fetchall()
        return [Lesson(r[0], r[1], r[2], r[3], r[4], list(r[5] or []), r[6]) for r in rows_]

    def backfill_lessons(self, lessons_of: Callable[[Record], list[Lesson]]) -> int:
        """Take the lessons of articles stored before the lessons table (schema version 6)
        from their records, in the order they were stored (then by id), ahead of every
        later lesson. Returns how many articles."""
        pending = self.con.execute(
            "SELECT article_id FROM lessons_pending ORDER BY ingested_at, article_id"
        ).fetchall()
        if not pending:
            return 0
        with self.batch():
            later = self.lessons()
            self.con.execute("DELETE FROM lessons")
            self._next_ids.pop("lessons", None)
            taught: list[Lesson] = []
            for (aid,) in pending:
                rec = self.get_record(aid)
                if rec is not None:
                    taught.extend(lessons_of(rec))
            new = [rows.lesson_row(i, x) for i, x in enumerate([*taught, *later], 1)]
            if new:
                self._insert_values("lessons", new)
            self.con.execute("DELETE FROM lessons_pending")
        return len(pending)

    def known_actors(self) -> list[dict[str, Any]]:
        """Every actor the database has learned: canonical name, aliases, country, sector,
        title, kind, and the article that first taught it (``provenance``)."""
        rows = self.con.execute(
            "SELECT canonical, aliases, country, sector, title, kind, provenance, origin "
            "FROM actors ORDER BY id"
        ).fetchall()
        return [
            {
                "canonical": r[0],
                "name": r[0],
                "aliases": list(r[1] or []),
                "country": r[2],
                "sector": r[3],
                "title": r[4],
                "kind": r[5],
                "provenance": r[6],
                "origin": r[7],
            }
            for r in rows
        ]

    # --- reading ---------------------------------------------------------------------

    def get_record(self, article_id: str) -> Record | None:
        """The whole record of an article (an unambiguous id prefix works too)."""
        row = self.con.execute("SELECT record FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None and len(article_id) >= 4:
            rows = self.con.execute(
                "SELECT record FROM articles WHERE starts_with(id, ?) LIMIT 2", [article_id]
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Record.from_json(row[0]) if row else None

    def counts(self) -> dict[str, int]:
        self.flush()
        out = {}
        for t in (
            "articles",
            "actors",
            "events",
            "event_mentions",
            "quotes",
            "places",
            "times",
            "ingest_errors",
        ):
            row = self.con.execute(f"SELECT count(*) FROM {t}").fetchone()
            out[t] = int(row[0]) if row else 0
        return out

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        self.flush()
        return queries.events(self.con, **filters)

    def event_mentions(self, event_id: int) -> list[dict[str, Any]]:
        self.flush()
        return queries.event_mentions(self.con, event_id)

    def actors(self, **filters: Any) -> list[dict[str, Any]]:
        self.flush()
        return queries.actors(self.con, **filters)

    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        self.flush()
        return queries.quotes(self.con, **filters)

    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        return queries.articles(self.con, **filters)

    def timeline(self, actor_or_country: str, by: str = "day", **filters: Any) -> list[dict]:
        self.flush()
        return queries.timeline(self.con, actor_or_country, by=by, **filters)

    def dyads(self, **filters: Any) -> list[dict[str, Any]]:
        self.flush()
        return queries.dyads(self.con, **filters)

    def errors(self, limit: int = 100) -> list[dict[str, Any]]:
        return queries.errors(self.con, limit=limit)
