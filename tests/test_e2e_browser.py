"""End to end: `dyad serve` on the bundled sample, driven in headless Chromium.

Starts the real command in a subprocess on a free port of 127.0.0.1, opens the page,
filters by a country, opens an article and checks that its quotes and events are
highlighted, and saves screenshots. Skipped (with the reason) only where Chromium,
chromedriver or the selenium package cannot be found. Set ``DYAD_SCREENSHOTS=DIR`` to
write the screenshots of every page there (docs/screenshots is made this way). The
``test_corpus_*`` tests run on real news: the first Wikinews and BBC politics stories
(../shared), ingested here, or the whole corpus at ``DYAD_CORPUS_DB=PATH``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent

CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-dev-shm-usage --window-size=1400,1000"
).split()


def _find(*names: str) -> str | None:
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def _browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install selenium): browser test not run")
    chromium = _find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    driver = _find("chromedriver")
    if not chromium or not driver:
        pytest.skip(
            "Chromium or chromedriver not found (apt-get install chromium chromium-driver): "
            "browser test not run"
        )
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="dyad-chromium-"))
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=opts)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`dyad ingest` of the bundled sample, then `dyad serve` on a free local port."""
    if not (EXAMPLES / "articles").is_dir():
        pytest.skip("examples/articles (the bundled sample) is absent")
    db = tmp_path_factory.mktemp("e2e") / "sample.duckdb"
    dyad = [str(BIN / "dyad")] if (BIN / "dyad").exists() else [sys.executable, "-m", "dyad"]
    ing = subprocess.run(
        [*dyad, "ingest", str(EXAMPLES / "articles"), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ing.returncode == 0, ing.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [*dyad, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                _get(base + "/api/stats")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail("dyad serve exited: " + (proc.stdout.read() if proc.stdout else ""))
                time.sleep(0.1)
        else:
            pytest.fail("dyad serve did not answer within 20 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    d = _browser()
    yield d
    d.quit()


def _ready(browser, view: str, timeout: float = 20) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def check(d):
        state = d.find_element(By.ID, "main").get_attribute("data-ready")
        if state == "error":
            raise AssertionError(d.find_element(By.ID, "main").text)
        return state == view

    WebDriverWait(browser, timeout).until(check)


def _shot(browser, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot in tmp_path (and in $DYAD_SCREENSHOTS when set)."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(max(int(height), 900), 2600))
    time.sleep(0.2)
    out = tmp_path / f"{name}.png"
    browser.save_screenshot(str(out))
    assert out.stat().st_size > 10_000, "the screenshot is (nearly) empty"
    if os.environ.get("DYAD_SCREENSHOTS"):
        dest = Path(os.environ["DYAD_SCREENSHOTS"])
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, dest / out.name)
    browser.set_window_size(1400, 1000)
    return out


def _no_console_errors(browser) -> None:
    try:
        logs = browser.get_log("browser")
    except Exception:  # not every driver keeps the console log
        return
    errors = [e for e in logs if e.get("level") == "SEVERE"]
    assert not errors, errors


def _country_with_quoted_article(base: str) -> tuple[str, str]:
    """A country whose newest event comes from an article with quotes (from the API)."""
    for f in _get(base + "/api/facets?size=50")["country"]:
        ev = _get(base + f"/api/events?country={f['value']}&limit=1")["items"][0]
        rec = _get(base + f"/api/articles/{ev['first_article_id']}")
        if rec["quotes"] and rec["events"]:
            return f["value"], rec["id"]
    pytest.fail("no article of the sample has both quotes and events")


def test_filter_by_country_open_article_see_highlights(server, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    country, article = _country_with_quoted_article(server)
    browser.get(server + "/")
    _ready(browser, "explore")
    rows = browser.find_elements(By.CSS_SELECTOR, "#events-table tbody tr")
    total = len(rows)
    assert total > 1
    assert browser.find_elements(
        By.CSS_SELECTOR, "#timeline svg rect.bar-coop, #timeline svg rect.bar-conf"
    )
    assert browser.find_elements(By.CSS_SELECTOR, "#network svg g.node")
    _shot(browser, tmp_path, "explore")

    # Filter by a country: click its facet.
    browser.find_element(
        By.CSS_SELECTOR, f'#facet-country a[data-facet="country"][data-value="{country}"]'
    ).click()
    _ready(browser, "explore")
    assert "country=" + country in browser.current_url
    chips = browser.find_elements(By.CSS_SELECTOR, '#chips .chip[data-filter="country"]')
    assert chips and country in chips[0].text
    rows = browser.find_elements(By.CSS_SELECTOR, "#events-table tbody tr")
    assert 0 < len(rows) < total
    for r in rows:
        cells = (
            r.find_element(By.CSS_SELECTOR, '[data-col="source"]').text
            + " "
            + r.find_element(By.CSS_SELECTOR, '[data-col="target"]').text
        )
        assert country in cells.split(), cells
    facet_n = browser.find_element(By.CSS_SELECTOR, "#facet-country li.on .n").text
    assert int(facet_n) == len(rows)
    _shot(browser, tmp_path, "explore-filtered")

    # Open the newest event, then the article that reported it.
    rows[0].find_element(By.CSS_SELECTOR, '[data-col="type"] a').click()
    _ready(browser, "event")
    mentions = browser.find_elements(By.CSS_SELECTOR, "#mentions li")
    assert mentions
    assert browser.find_elements(By.CSS_SELECTOR, "#mentions mark")  # the trigger, marked
    links = browser.find_elements(By.CSS_SELECTOR, f'#mentions a[href*="{article}"]')
    assert links, f"the event page does not link to article {article}"
    links[0].click()
    _ready(browser, "article")
    assert article in browser.current_url

    rec = _get(server + f"/api/articles/{article}")
    quotes = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-quote")
    events = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-event")
    actors = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-actor")
    assert quotes and events and actors
    # What is highlighted is exactly what the record says, by character offsets.
    text = browser.find_element(By.ID, "article-text").text
    assert text.replace("\n", " ").split() == rec["text"].replace("\n", " ").split()
    quoted = " ".join(q.text for q in quotes)
    for q in rec["quotes"]:
        words = rec["text"][q["span"][0] : q["span"][1]].split()
        assert not words or words[0] in quoted, q
    for e in rec["events"]:
        trig = rec["text"][e["span"][0] : e["span"][1]]
        assert any(trig in x.text or x.text in trig for x in events), trig
    # The event the page was opened for is selected and explained.
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .ann.active.hl-event")
    assert browser.find_elements(By.CSS_SELECTOR, '#detail .item[data-kind="event"]')
    # Clicking a quote shows its speaker; hovering shows a summary.
    quotes[0].click()
    detail = browser.find_element(By.ID, "detail")
    assert detail.find_elements(By.CSS_SELECTOR, '.item[data-kind="quote"]')
    assert "speaker" in detail.text
    ActionChains(browser).move_to_element(events[0]).perform()
    tip = browser.find_element(By.ID, "tooltip")
    assert tip.is_displayed() and "Event" in tip.text
    shot = _shot(browser, tmp_path, "article")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _no_console_errors(browser)


def test_actor_page_and_brushing(server, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    # The actor page: from a name in the network, or a link.
    browser.get(server + "/")
    _ready(browser, "explore")
    label = browser.find_elements(By.CSS_SELECTOR, "#network svg .labels text.label:not(.other)")[0]
    name = label.get_attribute("data-name")
    label.click()
    _ready(browser, "actor")
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.ID, "roles").text.startswith("source of")
    assert browser.find_elements(By.CSS_SELECTOR, "#actor-timeline svg")
    assert browser.find_elements(By.CSS_SELECTOR, "#actor-events tbody tr")
    assert browser.find_elements(By.CSS_SELECTOR, "#actor-roles tbody tr")
    _shot(browser, tmp_path, "actor")

    # The event reported most often: its page lists every mention.
    ev = _get(server + "/api/events?order=mentions&limit=1")["items"][0]
    browser.get(server + f"/#/event/{ev['id']}")
    _ready(browser, "event")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#mentions li")) == ev["num_mentions"]
    _shot(browser, tmp_path, "event")

    # Brushing the timeline filters by dates.
    browser.get(server + "/")
    _ready(browser, "explore")
    svg = browser.find_element(By.CSS_SELECTOR, "#timeline svg")
    w = svg.size["width"]
    ActionChains(browser).move_to_element_with_offset(
        svg, int(-w * 0.45), 0
    ).click_and_hold().move_by_offset(int(w * 0.5), 0).release().perform()
    _ready(browser, "explore")
    assert "since=" in browser.current_url and "until=" in browser.current_url
    chips = {
        c.get_attribute("data-filter")
        for c in browser.find_elements(By.CSS_SELECTOR, "#chips .chip")
    }
    assert {"since", "until"} <= chips
    since = browser.current_url.split("since=")[1][:10]
    until = browser.current_url.split("until=")[1][:10]
    for cell in browser.find_elements(By.CSS_SELECTOR, '#events-table [data-col="date"]'):
        assert since <= cell.text <= until
    _shot(browser, tmp_path, "explore-brushed")

    # The API reference, drawn from the OpenAPI description.
    browser.get(server + "/#/api")
    _ready(browser, "api")
    assert "GET /api/events" in browser.find_element(By.ID, "main").text
    _shot(browser, tmp_path, "api")
    _no_console_errors(browser)


def test_map_draws_places_a_click_filters_and_the_brush_updates_it(server, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    places = _get(server + "/api/places")["items"]
    assert len(places) >= 2, "the sample should have events at two places or more"
    browser.get(server + "/")
    _ready(browser, "explore")
    # The outline draws (Natural Earth's 177 countries), and one marker per place.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map svg .land path")) > 150
    markers = browser.find_elements(By.CSS_SELECTOR, "#map svg circle.marker")
    assert sorted(m.get_attribute("data-place") for m in markers) == sorted(
        p["place"] for p in places
    )
    # Coloured by quad class, sized by mentions: the most mentioned place is the largest.
    by_name = {m.get_attribute("data-place"): m for m in markers}
    for p in places:
        assert f"q{p['quad_class']}" in by_name[p["place"]].get_attribute("class").split()
    top = max(places, key=lambda p: p["mentions"])
    low = min(places, key=lambda p: p["mentions"])
    if top["mentions"] > low["mentions"]:
        r = lambda name: float(by_name[name].get_attribute("r"))  # noqa: E731
        assert r(top["place"]) > r(low["place"])
    card = browser.find_element(By.ID, "map")  # the map alone, for docs/web.md
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
    card.screenshot(str(tmp_path / "map.png"))
    assert (tmp_path / "map.png").stat().st_size > 10_000
    if os.environ.get("DYAD_SCREENSHOTS"):
        shutil.copy(tmp_path / "map.png", Path(os.environ["DYAD_SCREENSHOTS"]) / "map.png")

    # A click on a place filters the page as a facet does.
    place = min(places, key=lambda p: (p["events"], p["place"]))["place"]
    total = len(browser.find_elements(By.CSS_SELECTOR, "#events-table tbody tr"))
    browser.find_element(By.CSS_SELECTOR, f'#map circle.marker[data-place="{place}"]').click()
    _ready(browser, "explore")
    assert "place=" + place in browser.current_url.replace("%20", " ")
    chips = browser.find_elements(By.CSS_SELECTOR, '#chips .chip[data-filter="place"]')
    assert chips and place in chips[0].text
    rows = browser.find_elements(By.CSS_SELECTOR, "#events-table tbody tr")
    assert 0 < len(rows) < total
    for row in rows:
        assert place in row.find_element(By.CSS_SELECTOR, '[data-col="where"]').text
    selected = browser.find_elements(By.CSS_SELECTOR, "#map circle.marker.on")
    assert [m.get_attribute("data-place") for m in selected] == [place]
    _shot(browser, tmp_path, "explore-map-place")
    # A second click clears it.
    browser.find_element(By.CSS_SELECTOR, f'#map circle.marker[data-place="{place}"]').click()
    _ready(browser, "explore")
    assert "place=" not in browser.current_url

    # Brushing the timeline narrows the map to the brushed dates.
    svg = browser.find_element(By.CSS_SELECTOR, "#timeline svg")
    w = svg.size["width"]
    ActionChains(browser).move_to_element_with_offset(
        svg, int(-w * 0.45), 0
    ).click_and_hold().move_by_offset(int(w * 0.5), 0).release().perform()
    _ready(browser, "explore")
    since = browser.current_url.split("since=")[1][:10]
    until = browser.current_url.split("until=")[1][:10]
    want = _get(server + f"/api/places?since={since}&until={until}")["items"]
    shown = browser.find_elements(By.CSS_SELECTOR, "#map svg circle.marker")
    assert sorted(m.get_attribute("data-place") for m in shown) == sorted(p["place"] for p in want)
    assert len(want) < len(places), "the brush should leave some places out"
    _no_console_errors(browser)


# --- a real corpus: Wikinews and BBC politics stories, ingested by dyad ------------------------

CORPORA = ROOT.parent / "shared" / "corpora"
WIKINEWS = CORPORA / "wikinews"
BBC_POLITICS = CORPORA / "bbc-fulltext" / "politics"
# The first stories of each (file order): Wikinews gives the dated events (over 100, so
# the timeline has a bulk and events outside it), BBC politics undated ones.
CORPUS_SLICE = ((WIKINEWS / "wikinews_2019.csv", 40), (WIKINEWS / "wikinews_2020.csv", 40),
                (BBC_POLITICS, 20))  # fmt: skip


def _serve(db: Path):
    """`dyad serve` of ``db`` on a free port: (base URL, process)."""
    dyad = [str(BIN / "dyad")] if (BIN / "dyad").exists() else [sys.executable, "-m", "dyad"]
    port = _free_port()
    proc = subprocess.Popen(
        [*dyad, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            _get(base + "/api/stats")
            return base, proc
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                pytest.fail("dyad serve exited: " + (proc.stdout.read() if proc.stdout else ""))
            time.sleep(0.1)
    proc.kill()
    pytest.fail("dyad serve did not answer within 20 s")


def _corpus_db(tmp_path_factory) -> Path:
    """$DYAD_CORPUS_DB (a whole corpus ingested beforehand: docs/web.md), else the first
    stories of Wikinews and of BBC politics (../shared, :data:`CORPUS_SLICE`), ingested
    by dyad here."""
    if os.environ.get("DYAD_CORPUS_DB"):
        return Path(os.environ["DYAD_CORPUS_DB"])
    missing = [str(src) for src, _ in CORPUS_SLICE if not src.exists()]
    if missing:
        pytest.skip(f"{', '.join(missing)} (real corpora in ../shared) absent")
    from dyad.ingest import ingest
    from dyad.model import Article
    from dyad.pipeline import Settings
    from dyad.read import read_paths

    arts: list[Article] = []
    for source, want in CORPUS_SLICE:
        n = 0
        for a in read_paths([str(source)]):
            if isinstance(a, Article) and a.text.strip():
                arts.append(a)
                n += 1
                if n >= want:
                    break
    db = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    ingest(arts, str(db), Settings())
    return db


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory):
    """A real-corpus database (see :func:`_corpus_db`), served by `dyad serve`."""
    base, proc = _serve(_corpus_db(tmp_path_factory))
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _boxes(browser, css: str) -> list[dict]:
    return browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((e) => {"
        "const r = e.getBoundingClientRect();"
        "return {text: e.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom}; })",
        css,
    )


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a["r"], b["r"]) > max(a["l"], b["l"]) and min(a["b"], b["b"]) > max(
                a["t"], b["t"]
            ):
                out.append((a["text"], b["text"]))
    return out


def _bulk(rows: list[dict], lower: float = 0.01, upper: float = 0.99) -> tuple[str, str]:
    """The days holding the 1st and 99th percentile of events (as the page computes them)."""
    rows = sorted(rows, key=lambda r: r["period"])
    total = sum(r["events"] for r in rows)
    acc, lo, hi = 0, None, rows[-1]["period"]
    for r in rows:
        acc += r["events"]
        if lo is None and acc > lower * total:
            lo = r["period"]
        if acc >= upper * total:
            hi = r["period"]
            break
    return str(lo), str(hi)


@pytest.mark.parametrize("top", [25, 3])
def test_corpus_network_is_readable(corpus_server, browser, tmp_path, top):
    from selenium.webdriver.common.by import By

    base = corpus_server
    browser.get(base + ("/" if top == 25 else f"/#/?top={top}"))
    _ready(browser, "explore")
    if top == 25:  # the page asks for what `dyad serve` answers ahead (dyad.web.warm)
        from dyad.web.warm import EXPLORE

        asked = browser.execute_script(
            "return performance.getEntriesByType('resource').map((r) => r.name)"
            ".filter((n) => n.includes('/api/')).map((n) => n.slice(location.origin.length))"
        )
        assert set(asked) == set(EXPLORE), asked
    net = _get(base + f"/api/network?top={top}")
    labels = browser.find_elements(By.CSS_SELECTOR, "#network svg .labels text.label:not(.other)")
    assert 0 < len(labels) <= top
    assert len(labels) == len(net["nodes"])
    if net["other"]["nodes"]:
        assert browser.find_elements(By.CSS_SELECTOR, "#network svg .labels text.label.other")
    # No two label boxes overlap, nor a label and a node of the other column.
    boxes = _boxes(browser, "#network svg .labels text.label")
    assert not _overlaps(boxes), _overlaps(boxes)
    # Hovering a node shows its counts; clicking it filters by it.
    first = net["nodes"][0]
    node = browser.find_element(
        By.CSS_SELECTOR, f'#network svg g.node[data-name="{first["name"]}"]'
    )
    title = node.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert f"{first['events']} event(s)" in title
    if top == 25:
        _shot(browser, tmp_path, "corpus-explore")
        node.find_element(By.TAG_NAME, "circle").click()
        _ready(browser, "explore")
        assert "actor=" in browser.current_url
        chips = browser.find_elements(By.CSS_SELECTOR, '#chips .chip[data-filter="actor"]')
        assert chips and first["name"] in chips[0].text
        # Countries instead of actors.
        browser.get(base + "/#/?net=country")
        _ready(browser, "explore")
        codes = {
            t.get_attribute("data-name")
            for t in browser.find_elements(
                By.CSS_SELECTOR, "#network svg .labels text.label:not(.other)"
            )
        }
        assert codes == {n["name"] for n in _get(base + "/api/network?by=country")["nodes"]}
        assert not _overlaps(_boxes(browser, "#network svg .labels text.label"))
        # An actor's name opens its page.
        browser.get(base + "/")
        _ready(browser, "explore")
        browser.find_element(
            By.CSS_SELECTOR, f'#network svg .labels text.label[data-name="{first["name"]}"]'
        ).click()
        _ready(browser, "actor")
        assert first["name"] in browser.find_element(By.TAG_NAME, "h1").text
        _shot(browser, tmp_path, "corpus-actor")
    _no_console_errors(browser)


def test_corpus_timeline_shows_the_bulk_and_facets_search(corpus_server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base = corpus_server
    rows = _get(base + "/api/timeline?by=day")["items"]
    lo, hi = _bulk(rows)
    first, last = str(rows[0]["period"]), str(rows[-1]["period"])
    browser.get(base + "/")
    _ready(browser, "explore")
    svg = browser.find_element(By.CSS_SELECTOR, "#timeline svg")
    shown = svg.get_attribute("data-from"), svg.get_attribute("data-to")
    # The bulk is inside the domain; dates far outside it are not, but counted at the edges.
    assert shown[0] <= lo and hi <= shown[1], (shown, lo, hi)
    outside_before = sum(r["events"] for r in rows if str(r["period"]) < shown[0])
    outside_after = sum(r["events"] for r in rows if str(r["period"]) > shown[1])
    assert int(svg.get_attribute("data-before")) == outside_before
    assert int(svg.get_attribute("data-after")) == outside_after
    # The corpus has events dated far from the bulk (texts recalling past years): the
    # default leaves them out of the domain, counted at its edges.
    assert sum(r["events"] for r in rows) >= 100, "too few dated events to have a bulk"
    assert first < lo or last > hi, (first, lo, hi, last)
    assert outside_before + outside_after > 0
    assert first < shown[0] or last > shown[1]
    # The control widens to every date.
    browser.find_element(By.ID, "tl-all").click()
    _ready(browser, "explore")
    svg = browser.find_element(By.CSS_SELECTOR, "#timeline svg")
    assert svg.get_attribute("data-from") <= first and last <= svg.get_attribute("data-to")
    assert svg.get_attribute("data-before") == svg.get_attribute("data-after") == "0"
    browser.find_element(By.ID, "tl-bulk").click()
    _ready(browser, "explore")

    # A facet's search box narrows its list to the values that contain the text.
    items = browser.find_elements(By.CSS_SELECTOR, "#facet-actor li")
    assert len(items) > 8, "the corpus should have more than 8 actors"
    name = items[3].find_element(By.TAG_NAME, "a").text
    word = max(name.split(), key=len)
    box = browser.find_element(By.CSS_SELECTOR, "#facet-actor input.facet-search")
    box.send_keys(word)
    visible = [li for li in items if li.is_displayed()]
    assert 0 < len(visible) < len(items)
    assert all(word.lower() in li.text.lower() for li in visible)
    assert any(li.find_element(By.TAG_NAME, "a").text == name for li in visible)
    # Counts follow the filters: under a country filter the facet counts match the API's.
    country = _get(base + "/api/facets")["country"][0]["value"]
    browser.get(base + f"/#/?country={country}")
    _ready(browser, "explore")
    want = {
        f["value"]: f["count"]
        for f in _get(base + f"/api/facets?country={country}&size=100")["actor"]
    }
    got = {
        li.find_element(By.TAG_NAME, "a").text: int(li.find_element(By.CSS_SELECTOR, ".n").text)
        for li in browser.find_elements(By.CSS_SELECTOR, "#facet-actor li")
    }
    assert got == want
    _shot(browser, tmp_path, "corpus-filtered")
    _no_console_errors(browser)
