"""A reader beside a writer: queries keep working while an ingest writes the database.

DuckDB (2.0) lets one process hold a database file for writing, and while it does no
other process can open that file at all, not even read-only (``Could not set lock``).
So readers cannot share the live file with an ingest. The design tested here
(docs/reliability.md): the writer *publishes snapshots*. After a committed batch it
copies the database with ``COPY FROM DATABASE`` into ``DB.snapshot.tmp`` and renames
that over ``DB.snapshot`` (atomic on POSIX). A reader
opens the live file when it is free and the latest snapshot when it is not; a reader
that has a snapshot open keeps its old inode until it closes, so it never sees a
half-written file.

``publish_snapshot`` and ``open_for_reading`` below are the reference implementation
for the store (``dyad.store``), which does not have them yet.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))


def snapshot_path(db: str | Path) -> Path:
    return Path(str(db) + ".snapshot")


def publish_snapshot(con, db: str | Path) -> Path:
    """Copy the committed database into ``DB.snapshot``, atomically replacing the last one.

    The copy is made by DuckDB itself (``COPY FROM DATABASE`` into a fresh attached
    file). Never copy the file with ``shutil``/``open()`` from the writer's process:
    POSIX record locks belong to the process and closing *any* descriptor of the file
    drops them, so readers could then open the live file in the middle of a write
    (DuckDB then fails with a FATAL "attempted to read ... bytes" error).
    """
    snap = snapshot_path(db)
    tmp = Path(str(snap) + ".tmp")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    name = con.execute("SELECT current_database()").fetchone()[0]
    con.execute(f"ATTACH '{tmp}' AS dyad_snapshot")
    try:
        con.execute(f'COPY FROM DATABASE "{name}" TO dyad_snapshot')
    finally:
        con.execute("DETACH dyad_snapshot")
    assert not Path(str(tmp) + ".wal").exists()
    os.replace(tmp, snap)
    return snap


def open_for_reading(db: str | Path):
    """A read-only Store on the live file if it is free, else on its latest snapshot.

    ``dyad.store.Store(read_only=True)`` falls back to ``DB.snapshot`` by itself (since
    commit 7fef881); this also covers a store without that fallback.
    """
    from dyad.store import Store, StoreError

    try:
        st = Store(str(db), read_only=True)
        return st, "snapshot" if getattr(st, "from_snapshot", False) else "live"
    except StoreError as exc:
        if "lock" not in str(exc).lower():
            raise
        snap = snapshot_path(db)
        if not snap.exists():
            raise
        return Store(str(snap), read_only=True), "snapshot"


def live_file_refused(db: str | Path) -> bool:
    """Whether another process can open the live file now (raw DuckDB, no fallback)."""
    import duckdb

    try:
        duckdb.connect(str(db), read_only=True).close()
        return False
    except duckdb.Error as exc:
        assert "lock" in str(exc).lower(), exc
        return True


def open_for_writing(db: str | Path, wait: float = 60.0):
    """A writable Store, retrying while readers briefly hold the live file.

    A read-only connection holds a shared lock, so a reader that opened the live file
    a moment earlier makes the writer's open fail: the writer must retry.
    """
    from dyad.store import Store, StoreError

    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            return Store(str(db))
        except StoreError as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _timed_reference_publish(store) -> float:
    if store.read_only or getattr(store, "_in_tx", False):
        return 0.0
    t = time.perf_counter()
    publish_snapshot(store.con, store.path)
    return time.perf_counter() - t


def writer(folder: str, db: str, chunks: int, per_chunk: int, pause: float) -> None:
    """Ingest ``folder`` in chunks, publishing a snapshot after each committed chunk."""
    from dyad.ingest import ingest, read_inputs
    from dyad.pipeline import Settings
    from dyad.store import Store

    settings = Settings(stages=("actors", "times", "quotes"), batch_size=8)
    # ingest() publishes snapshots itself through Store.publish_snapshot, which copies
    # the file with shutil (it drops the writer's lock: test_dyad_snapshot_keeps_the_
    # writer_lock); publish with the reference copy instead, which keeps it.
    Store.publish_snapshot = lambda self: _timed_reference_publish(self)
    st = open_for_writing(db)
    try:
        items = iter(read_inputs([folder]))
        for _ in range(chunks):
            chunk = [next(items) for _ in range(per_chunk)]
            ingest(chunk, db, settings, store=st)
            publish_snapshot(st.con, db)
            print("published", flush=True)
            time.sleep(pause)
    finally:
        Path(str(db) + ".closing").touch()  # from here on the live file is free again
        st.close()


def hold(db: str, how: str) -> None:
    """Open ``db`` for writing, publish a snapshot ``how`` (dyad or reference), then hold
    the file until stdin closes."""
    from dyad.store import Store

    st = Store(db)
    try:
        st.con.execute("CREATE TABLE IF NOT EXISTS probe (x INTEGER)")
        st.con.execute("INSERT INTO probe VALUES (1)")
        if how == "dyad":
            st.publish_snapshot()
        else:
            publish_snapshot(st.con, db)
        print("ready", flush=True)
        sys.stdin.read()
    finally:
        st.close()


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "hold":
    hold(sys.argv[2], sys.argv[3])
    sys.exit(0)

if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "writer":
    writer(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]))
    sys.exit(0)


CHUNKS, PER_CHUNK = 6, 12


def counts(st) -> tuple[int, int, int]:
    con = st.con
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    nq = con.execute("SELECT coalesce(sum(n_quotes), 0) FROM articles").fetchone()[0]
    q = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    return n, nq, q


@pytest.mark.timeout(600)
def test_queries_keep_working_while_an_ingest_writes(tmp_path):
    from dyad.store import Store
    from dyad.store import queries as Q
    from test_crash_ingest import write_articles

    folder = tmp_path / "news"
    write_articles(folder, CHUNKS * PER_CHUNK)
    db = tmp_path / "live.duckdb"
    Store(str(db)).close()  # an empty database with the schema
    env = dict(os.environ)
    env.pop("DYAD_DB", None)
    w = subprocess.Popen(
        [
            sys.executable,
            str(HERE),
            "writer",
            str(folder),
            str(db),
            str(CHUNKS),
            str(PER_CHUNK),
            "0.3",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[int] = []
    live_refused = live_open = 0
    modes: set[str] = set()
    deadline = time.monotonic() + 500
    try:
        while w.poll() is None:
            assert time.monotonic() < deadline, "writer did not finish"
            held = snapshot_path(db).exists()  # the writer has the file once it published
            if live_file_refused(db):
                live_refused += 1
            elif held and not Path(str(db) + ".closing").exists():
                live_open += 1  # opened while the writer still held it
            if not snapshot_path(db).exists():
                time.sleep(0.05)
                continue
            st, mode = open_for_reading(db)
            modes.add(mode)
            try:
                n, nq, q = counts(st)
                assert nq == q, "a snapshot holds a partial record"
                rows = Q.articles(st.con, limit=5) if hasattr(Q, "articles") else []
                assert len(rows) == min(5, n)
            finally:
                st.close()
            assert not seen or n >= seen[-1], "a reader saw the data go backwards"
            seen.append(n)
            time.sleep(0.05)
        out, err = w.communicate(timeout=60)
    finally:
        if w.poll() is None:
            w.kill()
            w.communicate()
    assert w.returncode == 0, err[-3000:]
    assert out.count("published") == CHUNKS
    # while the writer held the file, the live file was refused and snapshots served
    assert live_open == 0, "another process opened the live file while the writer held it"
    assert live_refused > 0 and "snapshot" in modes
    assert len(seen) >= 3 and len(set(seen)) >= 2, f"the reader saw no progress: {seen}"
    # once the writer is done the live file opens, with everything in it
    st, mode = open_for_reading(db)
    try:
        assert mode == "live" and counts(st)[0] == CHUNKS * PER_CHUNK
    finally:
        st.close()


def test_the_cli_reads_a_snapshot(tmp_path):
    """`dyad articles` works on a published snapshot while the live file is locked."""
    import duckdb

    from dyad.store import Store
    from test_crash_ingest import write_articles

    folder = tmp_path / "news"
    write_articles(folder, 4)
    db = tmp_path / "x.duckdb"
    from dyad.ingest import ingest, read_inputs
    from dyad.pipeline import Settings

    st = Store(str(db))
    try:
        ingest(read_inputs([str(folder)]), str(db), Settings(stages=("actors",)), store=st)
        publish_snapshot(st.con, db)
        env = dict(os.environ)
        env.pop("DYAD_DB", None)
        run = [sys.executable, "-m", "dyad", "articles", "--db"]
        live = subprocess.run(run + [str(db)], env=env, capture_output=True, text=True)
        if live.returncode == 0:  # the store falls back to DB.snapshot by itself
            assert "accord number" in live.stdout
        else:
            assert "lock" in (live.stderr + live.stdout).lower()
        snap = subprocess.run(
            run + [str(snapshot_path(db))], env=env, capture_output=True, text=True
        )
        assert snap.returncode == 0, snap.stderr
        assert "accord number" in snap.stdout
    finally:
        st.close()
    assert duckdb.connect(str(db), read_only=True).execute(
        "SELECT count(*) FROM articles"
    ).fetchone() == (4,)


@pytest.mark.timeout(300)
def test_the_api_answers_while_dyad_ingest_runs(tmp_path):
    """`dyad serve`'s app and `dyad ingest` at once, on the same database."""
    from fastapi.testclient import TestClient

    from dyad.web import create_app
    from test_crash_ingest import run_ingest, start_and_signal, write_articles

    first, more = tmp_path / "first", tmp_path / "more"
    write_articles(first, 5, start=20_000)
    write_articles(more, 150)
    db = tmp_path / "api.duckdb"
    assert run_ingest(first, db).returncode == 0
    client = TestClient(create_app(str(db)))
    assert client.get("/api/stats").status_code == 200
    # no request until the ingest holds the file (a request in flight at the moment
    # the ingest opens the file makes the ingest fail: it does not retry)
    p, _ = start_and_signal(more, db, 0)  # signal 0: only wait for its commits
    codes = []
    try:
        end = time.monotonic() + 10
        while p.poll() is None and time.monotonic() < end:
            codes.append(client.get("/api/articles").status_code)
            time.sleep(0.2)
    finally:
        p.kill()
        p.communicate()
    assert codes and all(c == 200 for c in codes), codes


def _held_by_a_publishing_writer(tmp_path: Path, how: str) -> bool:
    """Whether the live file stays locked after its writer published a snapshot."""
    db = tmp_path / f"{how}.duckdb"
    env = dict(os.environ)
    env.pop("DYAD_DB", None)
    w = subprocess.Popen(
        [sys.executable, str(HERE), "hold", str(db), how],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = w.stdout.readline()
        assert line.strip() == "ready", w.stderr.read()[-2000:]
        assert snapshot_path(db).exists()
        return live_file_refused(db)
    finally:
        w.stdin.close()
        w.wait(timeout=60)


@pytest.mark.timeout(120)
def test_reference_snapshot_keeps_the_writer_lock(tmp_path):
    """COPY FROM DATABASE publishes without touching the file from the writer's process."""
    assert _held_by_a_publishing_writer(tmp_path, "reference")


@pytest.mark.timeout(120)
def test_dyad_snapshot_keeps_the_writer_lock(tmp_path):
    from dyad.store import Store

    if not hasattr(Store, "publish_snapshot"):
        pytest.skip("the store publishes no snapshots")
    assert _held_by_a_publishing_writer(tmp_path, "dyad")
