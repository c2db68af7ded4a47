"""Web API latency: every request the explore page makes, timed per endpoint (p50, p95).

    .venv/bin/python benchmarks/web_bench.py DB [--repeat 20] [--browser]

DB: a dyad database, for example one built by ``benchmarks/query_bench.py --keep DB``
(Reuters-21578 ingested by dyad, then replicated to about ``--events`` events). Each
request goes through the whole app (FastAPI's test client: parameter checks, the
database opened read-only and closed, JSON), as the page's requests do; parameters are
taken from the data (the commonest country and actor). ``--browser`` also times a page
load in headless Chromium (as tests/test_e2e_browser.py drives it): from navigation to
the explore view's ``data-ready`` (every panel drawn with its first data). Timings on a
shared machine are noisy: read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dyad.store import Store  # noqa: E402


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


def bench_api(db: str, repeat: int) -> list[tuple[str, float, float, float]]:
    """(name, first, p50, p95) in milliseconds, per request."""
    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    client = TestClient(create_app(db))
    out = []
    for name, url in requests(_params(db)):
        times = []
        for _ in range(repeat + 1):
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{url}: {r.status_code} {r.text[:200]}")
        first, rest = times[0], times[1:]
        out.append((name, first, statistics.median(rest), _pct(rest, 0.95)))
    return out


def bench_page(db: str, repeat: int) -> list[float]:
    """Seconds from navigation to the explore view drawn with its data, per load."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from selenium.webdriver.common.by import By

    import test_e2e_browser as e2e

    base, proc = e2e._serve(Path(db))
    browser = e2e._browser()
    try:
        out = []
        for _ in range(repeat):
            browser.get("about:blank")
            t = time.perf_counter()
            browser.get(base + "/")
            while browser.find_element(By.ID, "main").get_attribute("data-ready") != "explore":
                time.sleep(0.01)
            out.append(time.perf_counter() - t)
        return out
    finally:
        browser.quit()
        proc.terminate()
        proc.wait(10)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--browser", action="store_true", help="also time page loads in Chromium")
    args = ap.parse_args(argv)
    p = _params(args.db)
    print(f"{args.db}: {int(p['events']):,} events; {args.repeat} requests each (after one)")
    print(f"{'request':<34} {'first':>8} {'p50':>8} {'p95':>8}  (ms)")
    for name, first, p50, p95 in bench_api(args.db, args.repeat):
        print(f"{name[:34]:<34} {first:8.0f} {p50:8.0f} {p95:8.0f}")
    if args.browser:
        loads = bench_page(args.db, max(3, args.repeat // 4))
        print(
            f"page load to data-ready: p50 {statistics.median(loads):.2f} s, "
            f"max {max(loads):.2f} s over {len(loads)} loads"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
