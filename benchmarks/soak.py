"""Soak: `dyad watch` on a growing local feed while `dyad serve` answers 10 clients.

    nice -n 10 .venv/bin/python benchmarks/soak.py --minutes 10

A feed on 127.0.0.1 (this process) gains one item every ``--every`` seconds; each item's
page is a BBC article (``../shared/corpora/bbc-fulltext``) as HTML. ``dyad watch`` polls
it (``--allow-private``: the feed is on loopback) into a fresh database while ``dyad
serve`` serves the same file to ``--clients`` threads that query it in bounded loops,
on loopback only. Reported: articles stored, requests by status, p50/p95 latency, the
writer's longest wait for the file (from watch's poll lines), and the resident memory
of both processes at the start and end (and sampled in between).
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpora" / "bbc-fulltext"
PATHS = (
    "/api/stats", "/api/events?limit=50", "/api/articles?limit=20", "/api/actors?limit=20",
    "/api/quotes?limit=20", "/api/dyads", "/api/facets", "/api/events?format=csv&limit=200",
)  # fmt: skip


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def tree_rss_kib(pid: int) -> int:
    """RSS of a process and its children (watch may start worker processes)."""
    total = rss_kib(pid)
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    for k in kids:
        try:
            total += tree_rss_kib(int(k))
        except OSError:
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Feed:
    """The growing feed and its pages."""

    def __init__(self, files: list[Path]):
        self.files = files
        self.n = 0
        self.lock = threading.Lock()
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                status, ctype, body = feed.route(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def grow(self) -> None:
        with self.lock:
            self.n = min(self.n + 1, len(self.files))

    def _article(self, i: int) -> tuple[str, str]:
        lines = self.files[i].read_text("utf-8", errors="replace").strip().splitlines()
        title = lines[0].strip()
        body = [p.strip() for p in lines[1:] if p.strip()]
        return title, "".join(f"<p>{html.escape(p)}</p>" for p in body)

    def route(self, path: str) -> tuple[int, str, str]:
        if path == "/robots.txt":
            return 404, "text/plain", ""
        if path == "/feed.xml":
            with self.lock:
                n = self.n
            items = []
            for i in range(n - 1, max(-1, n - 30), -1):  # the newest 30, as feeds do
                title, _ = self._article(i)
                items.append(
                    f"<item><title>{html.escape(title)}</title><link>{self.base}/a/{i}</link>"
                    f"<guid>{self.base}/a/{i}</guid></item>"
                )
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Soak</title>'
                f"<link>{self.base}/</link>{''.join(items)}</channel></rss>"
            )
            return 200, "application/rss+xml", body
        m = re.fullmatch(r"/a/(\d+)", path)
        if m and int(m.group(1)) < self.n:
            title, paras = self._article(int(m.group(1)))
            page = (
                f"<html><head><title>{html.escape(title)}</title></head><body><article>"
                f"<h1>{html.escape(title)}</h1>{paras}</article></body></html>"
            )
            return 200, "text/html; charset=utf-8", page
        return 404, "text/plain", "not found"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--every", type=float, default=4.0, help="seconds between new items")
    ap.add_argument("--interval", type=float, default=5.0, help="watch poll interval")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--think", type=float, default=0.1, help="pause between one client's requests")
    ap.add_argument("--work", help="folder for the database (default: a temporary one)")
    ap.add_argument("--json", help="write the numbers here")
    args = ap.parse_args()
    files = sorted(BBC.glob("politics/*.txt")) + sorted(BBC.glob("business/*.txt"))
    feed = Feed(files)
    work = Path(args.work or tempfile.mkdtemp(prefix="dyad-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "soak.duckdb"
    for p in work.glob("soak.duckdb*"):
        p.unlink()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("DYAD_DB", None)
    py = [sys.executable, "-m", "dyad"]
    from dyad.store import Store

    Store(str(db)).close()  # the file exists before the server starts
    feed.grow()
    watch_log = open(work / "watch.log", "w", encoding="utf-8")  # noqa: SIM115
    watch = subprocess.Popen(
        py + ["watch", feed.base + "/feed.xml", "--db", str(db), "--interval", str(args.interval),
              "--min-interval", "0", "--allow-private"],
        env=env, stdout=watch_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    port = free_port()
    serve = subprocess.Popen(
        py + ["serve", "--db", str(db), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/stats")
            if c.getresponse().status in (200, 503):
                break
        except OSError:
            pass
        if time.monotonic() > deadline or serve.poll() is not None:
            sys.exit("dyad serve did not start")
        time.sleep(0.5)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    no_retry_after = 0
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        nonlocal no_retry_after
        i = n
        while not stop.is_set():
            path = PATHS[i % len(PATHS)]
            i += 1
            t = time.perf_counter()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                c.close()
            except OSError as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                time.sleep(args.think)
                continue
            dt = time.perf_counter() - t
            with lock:
                statuses[r.status] += 1
                latencies.append(dt)
                if r.status == 503 and not r.getheader("Retry-After"):
                    no_retry_after += 1
            time.sleep(args.think)

    deadline = time.monotonic() + 300  # the first poll done: the model is loaded
    while "poll 1:" not in (work / "watch.log").read_text("utf-8") and time.monotonic() < deadline:
        time.sleep(1)
    mem: list[dict] = []

    def sample(label: str) -> None:
        mem.append(
            {
                "t": label,
                "watch_kib": tree_rss_kib(watch.pid),
                "serve_kib": tree_rss_kib(serve.pid),
            }
        )

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    start = time.monotonic()
    sample("start")
    for t in threads:
        t.start()
    end = start + args.minutes * 60
    next_item = start + args.every
    next_sample = start + 60
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_item:
            feed.grow()
            next_item += args.every
        if now >= next_sample:
            sample(f"{(now - start) / 60:.0f} min")
            next_sample += 60
        if watch.poll() is not None:
            print("watch exited early", file=sys.stderr)
            break
        time.sleep(0.2)
    sample("end")
    stop.set()
    for t in threads:
        t.join(90)
    watch.send_signal(2)
    try:
        watch.wait(120)
    except subprocess.TimeoutExpired:
        watch.kill()
    serve.terminate()
    serve.wait(30)
    watch_log.close()
    log = (work / "watch.log").read_text("utf-8")
    waits = [float(x) for x in re.findall(r"waited ([0-9.]+) s for the database", log)]
    polls = len(re.findall(r"^poll \d+:", log, re.M))
    failed_lines = [ln for ln in log.splitlines() if ln.startswith("failed:")]
    with Store(str(db), read_only=True) as st:
        n_articles = st.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        n_events = st.con.execute("SELECT count(*) FROM events").fetchone()[0]
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

    out = {
        "minutes": args.minutes,
        "items_published": feed.n,
        "articles_stored": n_articles,
        "events_stored": n_events,
        "polls": polls,
        "watch_failed_lines": failed_lines[:10],
        "requests": sum(statuses.values()),
        "by_status": dict(sorted(statuses.items())),
        "client_errors": dict(errors),
        "503_without_retry_after": no_retry_after,
        "p50_s": round(pct(0.50), 3),
        "p95_s": round(pct(0.95), 3),
        "writer_longest_wait_s": max(waits) if waits else 0.0,
        "writer_waits_over_0": len(waits),
        "memory": mem,
    }
    print(json.dumps(out, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), "utf-8")


if __name__ == "__main__":
    main()
