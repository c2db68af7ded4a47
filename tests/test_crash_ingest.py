"""Crash safety: SIGKILL or SIGINT in the middle of `dyad ingest`, then run it again.

Every article must end up stored exactly once and whole, and nothing stored before
the crash may be lost or changed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

N = 500
SMALL = 120  # the SIGINT tests need fewer articles
EARLIER = 30
COUNTRIES = ["Germany", "France", "Poland", "Japan", "Brazil", "Kenya", "Canada", "India"]
PEOPLE = ["Anna Weber", "Paul Martin", "Jan Nowak", "Ken Sato", "Ana Souza", "John Otieno"]


def write_articles(folder: Path, n: int, start: int = 0) -> None:
    """Small, distinct news-style articles (no two share a text)."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(start)
    for i in range(start, start + n):
        a, b = rnd.sample(COUNTRIES, 2)
        who = rnd.choice(PEOPLE)
        day = 1 + i % 28
        (folder / f"a{i:04d}.md").write_text(
            f"# {a} and {b} sign accord number {i}\n\n"
            f"March {day}, 2011\n\n"
            f"{a} and {b} signed trade accord number {i} on Monday, officials said. "
            f'Minister {who} said: "Accord {i} helps both nations." '
            f"Talks will resume in {b} next week.\n",
            encoding="utf-8",
        )


def ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dyad",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--batch-size",
        "10",
        "--stages",
        "actors,times,quotes",
    ]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("DYAD_DB", None)
    e["PYTHONUNBUFFERED"] = "1"
    return e


def run_ingest(folder: Path, db: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        ingest_cmd(folder, db), env=env(), capture_output=True, text=True, timeout=timeout
    )


def start_and_signal(folder: Path, db: Path, sig: int) -> tuple[subprocess.Popen, float]:
    """Start an ingest, wait for its first committed batch, then send ``sig``."""
    wal = Path(str(db) + ".wal")
    p = subprocess.Popen(
        ingest_cmd(folder, db),
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    # The earlier run closed the database cleanly (checkpointed, no WAL). Wait for the
    # WAL to appear and then to grow once more: whatever the run writes when it starts,
    # by then it has committed at least one batch of articles.
    first = None
    while True:
        assert p.poll() is None, f"ingest ended before a commit: {p.communicate()}"
        assert time.monotonic() < deadline, "no commit within 300 s"
        size = wal.stat().st_size if wal.exists() else 0
        if size and first is None:
            first = size
        elif first is not None and size > first:
            break
        time.sleep(0.02)
    time.sleep(random.uniform(0.0, 0.5))  # land anywhere in a batch
    t = time.monotonic()
    p.send_signal(sig)
    return p, t


def db_state(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT id, source_path, n_events, n_quotes, md5(record::VARCHAR), ingested_at "
            "FROM articles"
        ).fetchall()
        quotes = dict(con.execute("SELECT article_id, count(*) FROM quotes GROUP BY 1").fetchall())
        events = dict(
            con.execute("SELECT article_id, count(*) FROM event_mentions GROUP BY 1").fetchall()
        )
        mentions = set(
            r[0] for r in con.execute("SELECT DISTINCT article_id FROM actor_mentions").fetchall()
        )
        orphans = con.execute(
            "SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    finally:
        con.close()
    return {
        "rows": rows,
        "quotes": quotes,
        "events": events,
        "mentions": mentions,
        "orphans": orphans,
    }


def check_whole(state: dict) -> None:
    """Every stored article is stored once and whole; no part without its article."""
    ids = [r[0] for r in state["rows"]]
    paths = [r[1] for r in state["rows"]]
    assert len(ids) == len(set(ids)), "an article is stored twice"
    assert len(paths) == len(set(paths)), "a file is stored twice"
    assert state["orphans"] == 0, "quotes without their article"
    for aid, _path, n_events, n_quotes, _h, _t in state["rows"]:
        assert state["quotes"].get(aid, 0) == (n_quotes or 0), f"{aid}: partial quotes"
        assert state["events"].get(aid, 0) == (n_events or 0), f"{aid}: partial events"
        assert aid in state["mentions"], f"{aid}: stored without its actor mentions"


def make_corpus(tmp_path: Path, n: int) -> tuple[Path, Path, Path]:
    """``EARLIER`` articles already ingested, and a folder of ``n`` more to ingest."""
    earlier = tmp_path / "earlier"
    many = tmp_path / "many"
    write_articles(earlier, EARLIER, start=10_000)
    write_articles(many, n)
    db = tmp_path / "crash.duckdb"
    out = run_ingest(earlier, db)
    assert out.returncode == 0, out.stderr
    return earlier, many, db


@pytest.fixture()
def corpus(tmp_path) -> tuple[Path, Path, Path]:
    return make_corpus(tmp_path, N)


@pytest.fixture()
def small_corpus(tmp_path) -> tuple[Path, Path, Path]:
    return make_corpus(tmp_path, SMALL)


@pytest.mark.timeout(900)
def test_sigkill_midway_then_rerun_stores_each_article_once(corpus):
    earlier, many, db = corpus
    before = db_state(db)
    assert len(before["rows"]) == EARLIER

    p, _ = start_and_signal(many, db, signal.SIGKILL)
    p.communicate(timeout=60)
    assert p.returncode == -signal.SIGKILL

    after_kill = db_state(db)  # DuckDB replays its WAL: committed batches are there
    check_whole(after_kill)
    k = len(after_kill["rows"]) - EARLIER
    assert 0 < k < N, f"the kill should land midway, but {k} of {N} were stored"

    out = run_ingest(many, db)
    assert out.returncode == 0, out.stderr
    final = db_state(db)
    check_whole(final)
    assert len(final["rows"]) == EARLIER + N
    stored = {r[1] for r in final["rows"]}
    assert {str(f) for f in many.iterdir()} <= stored
    # nothing stored before the kill was lost or rewritten by the rerun
    assert set(before["rows"]) <= set(final["rows"])
    assert set(after_kill["rows"]) <= set(final["rows"])

    again = run_ingest(many, db)
    assert again.returncode == 0 and len(db_state(db)["rows"]) == EARLIER + N


@pytest.mark.timeout(900)
def test_sigint_stops_cleanly_says_how_to_resume_and_the_rerun_finishes(small_corpus):
    earlier, many, db = small_corpus
    before = db_state(db)
    p, t = start_and_signal(many, db, signal.SIGINT)
    _out, err = p.communicate(timeout=120)
    stopped_in = time.monotonic() - t
    assert stopped_in < 60, f"SIGINT took {stopped_in:.0f} s to stop the ingest"
    assert "Traceback" not in err, err[-2000:]
    assert p.returncode == 130
    msg = err.replace(str(db), "DB").lower()  # the path must not answer for the message
    assert "interrupted" in msg
    assert any(w in msg for w in ("resume", "rerun", "run the same command")), err[-2000:]
    mid = db_state(db)
    check_whole(mid)
    assert set(before["rows"]) <= set(mid["rows"])
    out = run_ingest(many, db)
    assert out.returncode == 0, out.stderr
    final = db_state(db)
    check_whole(final)
    assert len(final["rows"]) == EARLIER + SMALL
    assert set(mid["rows"]) <= set(final["rows"])
