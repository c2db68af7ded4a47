"""The writer copies the database to ``<db>.snapshot`` only when the snapshot there does
not already hold the committed state (the ``store_state`` row: database id and a
generation bumped by every commit), so an ingest of a large database that finds the
snapshot current starts without copying it (docs/reliability.md)."""

from __future__ import annotations

import os

from dyad.contract import Failure, Settings
from dyad.ingest import ingest
from dyad.model import Article
from dyad.store import Store
from test_store import make_record  # the store tests' record maker

TEXTS = [
    "Iran condemned Israel on Monday. Tehran said the strike violated its sovereignty.",
    "U.S. Defense Secretary Robert Gates met Russian Defense Minister Anatoly Serdyukov in "
    "Moscow on Tuesday.",
    "Gates said on Wednesday that Washington would not send troops. Serdyukov criticized NATO.",
]


def _inode(db: str) -> int | None:
    snap = db + ".snapshot"
    return os.stat(snap).st_ino if os.path.exists(snap) else None


def _articles_in_snapshot(db: str) -> int:
    with Store(db + ".snapshot", read_only=True) as st:
        return st.con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_publish_copies_only_what_changed(tmp_path):
    db = str(tmp_path / "s.duckdb")
    with Store(db) as st:
        st.publish_snapshot()
        assert st.snapshot_copies == 1 and st.snapshot_current()
        first = _inode(db)
        st.publish_snapshot()  # nothing committed since
        assert st.snapshot_copies == 1 and _inode(db) == first
        st.begin()
        st.upsert(make_record())
        st.rollback()  # nothing committed: still current
        st.publish_snapshot()
        assert st.snapshot_copies == 1
        with st.batch():
            st.upsert(make_record())
        assert not st.snapshot_current()
        st.publish_snapshot()
        assert st.snapshot_copies == 2 and _inode(db) != first
    assert _articles_in_snapshot(db) == 1
    with Store(db) as st:  # a later run: the generation is in the file
        assert st.snapshot_current()
        st.publish_snapshot()
        assert st.snapshot_copies == 0


def test_a_snapshot_of_another_database_is_not_current(tmp_path):
    a, b = str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    with Store(a) as st:
        st.publish_snapshot()
    with Store(b) as st:  # same generation, another database
        os.replace(a + ".snapshot", b + ".snapshot")
        assert not st.snapshot_current()
        st.publish_snapshot()
        assert st.snapshot_copies == 1


def test_an_ingest_copies_only_a_stale_snapshot(tmp_path):
    db = str(tmp_path / "i.duckdb")
    s = Settings(batch_size=1)
    arts = [Article(id=f"a{i}", text=t, published=f"2011-03-2{i}") for i, t in enumerate(TEXTS)]
    ingest(arts[:2], db, s)  # the start's copy: there was no snapshot
    assert _articles_in_snapshot(db) == 0
    with Store(db) as st:  # the run committed after its copy: stale
        st.publish_snapshot()
        assert st.snapshot_copies == 1
    current = _inode(db)
    # nothing new but a failure to log: the run gets past its first item, and the
    # snapshot it finds holds the committed state, so it does not copy
    report = ingest([*arts[:2], Failure("x.html", "unreadable")], db, s)
    assert report.skipped == 2 and report.failed == 1
    assert _inode(db) == current
    # the failure it logged was a commit: the next run with new articles copies
    ingest(arts, db, s)
    assert _inode(db) != current
    assert _articles_in_snapshot(db) == 2
    with Store(db + ".snapshot", read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1
