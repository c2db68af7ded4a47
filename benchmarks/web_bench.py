"""Web API latency: every request the explore page makes, timed per endpoint (p50, p95).

    .venv/bin/python benchmarks/web_bench.py DB [--repeat 20] [--browser]
    .venv/bin/python benchmarks/web_bench.py DB --build BASE [--events 1000000]
    .venv/bin/python benchmarks/web_bench.py DB --writer [--repeat 2]

DB: a dyad database. ``--build BASE`` first makes DB from BASE, a database dyad ingested
from real news (docs/web.md: the Wikinews and BBC politics stories), replicated inside
DuckDB until it holds about ``--events`` events (:func:`replicate`). Each
request goes through the whole app (FastAPI's test client: parameter checks, the
database opened read-only and closed, JSON), as the page's requests do; parameters are
taken from the data (the commonest country and actor). ``--browser`` also times a page
load in headless Chromium (as tests/test_e2e_browser.py drives it): from navigation to
the explore view's ``data-ready`` (every panel drawn with its first data). Timings on a
shared machine are noisy: read them as orders of magnitude.

``--writer`` times the writer instead: every record stored in DB is stored again into a
new file, in batches of 32 as ``dyad ingest`` commits them (matching, merging, and the
aggregate tables the page reads: dyad.store.aggregates), and the CPU milliseconds per
article are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from query_bench import REPLICATED  # noqa: E402
from query_bench import replicate as _replicate

from dyad.store import Store  # noqa: E402


def replicate(base: str, path: str, target_events: int, shift_days: int = 1) -> int:
    """Make ``path`` from ``base`` and copies of its rows, until it holds about
    ``target_events`` events; return the number of copies (the base included).

    Copy k gets new article and event ids (``~k`` appended, event ids offset), a ``#rK``
    suffix on URLs, and every date shifted by k x ``shift_days`` days: the texts, actors,
    sentences and their skew are the real ones, the dates spread over the years after the
    base. The actors table is not copied (copy k's events and mentions point at the same
    actors), so a common actor has about k times its events. One thing is cut to keep the
    file small: a copy's stored record holds only its ``actors`` (what the actor page
    reads), not the whole record, so the article page of a copy is not benchmarked.
    """
    k = _replicate(base, path, target_events, shift_days, chunk=100, slim_records=True)
    with Store(path, read_only=True) as st:
        for table in REPLICATED:
            print(f"  {table}: {st.con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,}")
    return k


def _params(db: str) -> dict[str, str]:
    with Store(db, read_only=True) as st:
        con = st.con

        def top(sql: str) -> str:
            r = con.execute(sql).fetchone()
            return str(r[0]) if r else ""

        by = "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        return {
            "country": top(
                f"SELECT source_country FROM events WHERE source_country IS NOT NULL {by}"
            ),
            "actor": top(f"SELECT source_name FROM events WHERE source_name IS NOT NULL {by}"),
            "event": top("SELECT id FROM events ORDER BY num_mentions DESC, id LIMIT 1"),
            "events": top("SELECT count(*) FROM events"),
        }


def requests(p: dict[str, str]) -> list[tuple[str, str]]:
    """(name, URL): what the explore page asks for, unfiltered and under a country."""
    c, a = p["country"], p["actor"]
    return [
        ("stats", "/api/stats"),
        ("facets", "/api/facets?size=100"),
        (f"facets country={c}", f"/api/facets?size=100&country={c}"),
        ("timeline by=day", "/api/timeline?by=day"),
        (f"timeline country={c}", f"/api/timeline?by=day&country={c}"),
        ("network top=25", "/api/network?top=25"),
        ("network by=country", "/api/network?by=country&top=25"),
        (f"network country={c}", f"/api/network?top=25&country={c}"),
        ("places", "/api/places?limit=500"),
        (f"places country={c}", f"/api/places?limit=500&country={c}"),
        ("events (page 1, total)", "/api/events?limit=25"),
        (f"events country={c}", f"/api/events?limit=25&country={c}"),
        ("actors", "/api/actors?limit=26"),
        ("quotes", "/api/quotes?limit=26"),
        ("articles", "/api/articles?limit=26"),
        ("event page", f"/api/events/{p['event']}"),
        (f"actor page {a}", f"/api/actors/{a}"),
    ]


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _time(client, url: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of one request (CPU: every thread of this process, so
    DuckDB's workers too; less moved by other processes than the wall time)."""
    c, t = time.process_time(), time.perf_counter()
    r = client.get(url)
    took, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url}: {r.status_code} {r.text[:200]}")
    return took, cpu


def bench_api(db: str, repeat: int) -> list[tuple[str, float, float, float, float, float]]:
    """(name, first, p50, p95, cpu p50, kept p50) in milliseconds, per request, as `dyad
    serve` answers (one held connection). first: the first request of a fresh server; p50
    and p95: the query answered afresh each time (answers not kept), and its CPU time;
    kept: a repeat answered from the answers kept for this database version."""
    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    fresh = create_app(db, hold=True, cache=False)
    kept = create_app(db, hold=True)
    fresh_client, kept_client = TestClient(fresh), TestClient(kept)
    out = []
    for name, url in requests(_params(db)):
        first = _time(kept_client, url)[0]
        runs = [_time(fresh_client, url) for _ in range(repeat)]
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        hits = [_time(kept_client, url)[0] for _ in range(repeat)]
        out.append(
            (name, first, statistics.median(walls), _pct(walls, 0.95), statistics.median(cpus),
             statistics.median(hits))
        )  # fmt: skip
    for app in (fresh, kept):
        app.state.readers.close()
    return out


def bench_page(db: str, repeat: int, settle: float = 10.0) -> dict[str, list[float]]:
    """Seconds from navigation to the explore view drawn with its data (the browser
    starting empty each time a server is new):

    - ``at once``: the first load of a new server, as soon as it answers (its connection
      not yet open, its start-up answers (dyad.web.warm) still being made);
    - ``settled``: the first load of another new server ``settle`` seconds after it
      answers (the start-up answers made);
    - ``again``: ``repeat`` reloads of that one.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from selenium.webdriver.common.by import By

    import test_e2e_browser as e2e

    def load(browser, base: str) -> float:
        browser.get("about:blank")
        t = time.perf_counter()
        browser.get(base + "/")
        while browser.find_element(By.ID, "main").get_attribute("data-ready") != "explore":
            time.sleep(0.01)
        return time.perf_counter() - t

    out: dict[str, list[float]] = {"at once": [], "settled": [], "again": []}
    for wait in (0.0, settle):
        base, proc = e2e._serve(Path(db))
        browser = e2e._browser()
        try:
            time.sleep(wait)
            out["at once" if not wait else "settled"].append(load(browser, base))
            if wait:
                out["again"] = [load(browser, base) for _ in range(repeat)]
        finally:
            browser.quit()
            proc.terminate()
            proc.wait(10)
    return out


def bench_writer(db: str, repeat: int, batch: int = 32) -> list[tuple[float, float]]:
    """(CPU, wall) milliseconds per article of storing DB's records again, per repeat."""
    import tempfile

    with Store(db, read_only=True) as st:
        ids = st.con.execute("SELECT id FROM articles ORDER BY ingested_at, id").fetchall()
        recs = [r for r in (st.get_record(i) for (i,) in ids) if r is not None]
    out = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "w.duckdb")) as st:
            c, t = time.process_time(), time.perf_counter()
            for i in range(0, len(recs), batch):
                with st.batch():
                    for r in recs[i : i + batch]:
                        st.upsert(r)
            cpu, wall = time.process_time() - c, time.perf_counter() - t
        out.append((cpu * 1000 / len(recs), wall * 1000 / len(recs)))
    print(f"stored {len(recs)} records of {db} again, {repeat} times, batches of {batch}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("--build", metavar="BASE", help="first make DB from BASE (replicated)")
    ap.add_argument("--events", type=int, default=1_000_000, help="with --build: about this many")
    ap.add_argument("--shift-days", type=int, default=1, help="with --build: days per copy")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--browser", action="store_true", help="also time page loads in Chromium")
    ap.add_argument("--writer", action="store_true", help="time storing DB's records instead")
    args = ap.parse_args(argv)
    if args.writer:
        for cpu, wall in bench_writer(args.db, args.repeat):
            print(f"writer: {cpu:.1f} ms CPU, {wall:.1f} ms wall per article")
        return 0
    if args.build:
        if Path(args.db).exists():
            raise SystemExit(f"{args.db} exists: remove it first, or drop --build")
        t = time.perf_counter()
        k = replicate(args.build, args.db, args.events, args.shift_days)
        print(f"built {args.db}: {args.build} and {k - 1} copies in {time.perf_counter() - t:.0f} s, "
              f"{Path(args.db).stat().st_size / 1e6:.0f} MB")  # fmt: skip
    p = _params(args.db)
    print(f"{args.db}: {int(p['events']):,} events; {args.repeat} requests each (after one)")
    print("first: a fresh server's first answer; p50/p95: answered afresh (no kept answers),")
    print("cpu: their median CPU time (all threads); kept: p50 of a repeat, answered from the")
    print("answers kept for this database version")
    print(f"{'request':<34} {'first':>7} {'p50':>7} {'p95':>7} {'cpu':>7} {'kept':>7}  (ms)")
    worst = 0.0
    for name, first, p50, p95, cpu, hit in bench_api(args.db, args.repeat):
        print(f"{name[:34]:<34} {first:7.0f} {p50:7.0f} {p95:7.0f} {cpu:7.0f} {hit:7.1f}")
        worst = max(worst, p95)
    print(f"slowest p95 (answered afresh): {worst:.0f} ms (target < 300 ms)")
    if args.browser:
        loads = bench_page(args.db, max(3, args.repeat // 2))
        print(
            f"page load to data-ready (target < 1.5 s): new server at once {loads['at once'][0]:.2f} s; "
            f"new server after 10 s {loads['settled'][0]:.2f} s; reloads p50 "
            f"{statistics.median(loads['again']):.2f} s, max {max(loads['again']):.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
