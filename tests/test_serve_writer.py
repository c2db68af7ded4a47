"""`dyad serve` under steady traffic must yield to a writer (issue 20, defect 3).

Ten clients query a running `dyad serve` in a loop for the whole of a `dyad ingest` into
the same file: the ingest finishes (before, some request always held the file, the
writer's wait ran out and it exited 2), and every request answers 200, or 503 with a
Retry-After header.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from test_crash_ingest import env, write_articles

CLIENTS = 10
PATHS = ("/api/stats", "/api/events?limit=20", "/api/articles?limit=20", "/api/actors?limit=20")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ingest(folder: Path, db: Path, timeout: float = 400) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dyad", "ingest", str(folder), "--db", str(db), "--stages",
           "tone", "--batch-size", "4", "--workers", "1", "--quiet"]  # fmt: skip
    return subprocess.run(cmd, env=env(), capture_output=True, text=True, timeout=timeout)


def _get(
    port: int, path: str, timeout: float = 30, host: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Host": host} if host else {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


@pytest.mark.timeout(600)
def test_ingest_finishes_while_ten_clients_query(tmp_path):
    from dyad.store import Store

    folder = tmp_path / "news"
    write_articles(folder, 24)
    db = tmp_path / "served.duckdb"
    Store(str(db)).close()  # an empty database with the schema
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dyad", "serve", "--db", str(db), "--port", str(port)],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    statuses: Counter[int] = Counter()
    bad: list[str] = []
    stop = threading.Event()

    def client(n: int) -> None:
        i = n
        while not stop.is_set():
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                status, headers, _ = _get(port, path)
            except OSError as exc:
                bad.append(f"{path}: {exc}")
                continue
            statuses[status] += 1
            if status not in (200, 503) or (status == 503 and "retry-after" not in headers):
                bad.append(f"{path}: {status} {headers}")

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/api/stats", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "dyad serve did not start"
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            time.sleep(0.2)
        assert _get(port, "/api/stats", host="rebound.example")[0] == 400  # DNS rebinding
        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(2)  # the clients are in full swing before the writer comes
        r = _ingest(folder, db)
        stop.set()
        for t in threads:
            t.join(60)
        assert r.returncode == 0, r.stderr
        assert not bad, bad[:5]
        assert statuses[200] > 0
        status, _, body = _get(port, "/api/stats")
        assert status == 200 and json.loads(body)["articles"] == 24
    finally:
        stop.set()
        server.terminate()
        server.wait(30)
    assert not os.path.exists(str(db) + ".writer")  # the writer said it was done


# -- the Host header and a busy port (issue 20, small ones) ------------------------------


def test_host_header_is_checked_against_the_bound_address(tmp_path):
    from fastapi.testclient import TestClient

    from dyad.cli.serve import allowed_hosts
    from dyad.store import Store
    from dyad.web import create_app

    db = str(tmp_path / "h.duckdb")
    Store(db).close()
    hosts = allowed_hosts("127.0.0.1")
    assert hosts is not None and "localhost" in hosts and "evil.example" not in hosts
    c = TestClient(create_app(db, allowed_hosts=hosts), base_url="http://127.0.0.1:8000")
    assert c.get("/api/stats").status_code == 200
    assert c.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
    assert c.get("/api/stats", headers={"Host": "[::1]:8000"}).status_code == 200
    for evil in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        r = c.get("/api/stats", headers={"Host": evil})
        assert r.status_code == 400, evil
        assert "Host" in r.json()["detail"]
    assert allowed_hosts("0.0.0.0") is None  # all addresses, no names given: no check
    assert allowed_hosts("0.0.0.0", ["news.example"]) == ["news.example"]


def test_serve_on_a_busy_port_fails_before_saying_serving(tmp_path):
    from dyad.store import Store

    db = str(tmp_path / "b.duckdb")
    Store(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = subprocess.run(
            [sys.executable, "-m", "dyad", "serve", "--db", db, "--port", str(port)],
            env=env(), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "serving" not in r.stderr and "in use" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_writer_that_cannot_get_the_file_names_who_holds_it(tmp_path):
    from dyad.store import Store, StoreError
    from dyad.store.db import connect

    db = str(tmp_path / "held.duckdb")
    Store(db).close()
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
    code += "print('held', flush=True); time.sleep(60)"
    p = subprocess.Popen([sys.executable, "-c", code, db], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout is not None and p.stdout.readline().strip() == "held"
        with pytest.raises(StoreError) as e:
            connect(db, wait=0.3)
    finally:
        p.kill()
        p.wait()
    msg = str(e.value)
    assert f"process {p.pid}" in msg and "an ingest" not in msg and "\n" not in msg
