"""`dyad watch`: feeds and folders polled, only what is new ingested, state kept."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dyad.model import Article
from dyad.pipeline import Failure
from dyad.read import ReadLimits
from dyad.read.fetch import Fetcher
from dyad.read.watching import Watcher
from test_sources_http import LocalSite, html_route, item, rss

FIX = Path(__file__).parent / "fixtures" / "read"


@dataclass
class FakeReport:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)


class FakeIngest:
    """Collects what the watcher hands over, as dyad.ingest.ingest would store it."""

    def __init__(self) -> None:
        self.batches: list[list[Article | Failure]] = []
        self.fail_next = False

    def __call__(self, items) -> FakeReport:
        batch = []
        for x in items:
            batch.append(x)
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("disk full")
        self.batches.append(batch)
        fails = [x for x in batch if isinstance(x, Failure)]
        return FakeReport(stored=len(batch) - len(fails), failed=len(fails), failures=fails)


class GrowingFeed:
    """A feed whose items are added by the test; ETag follows the content."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.items: list[str] = []

    def add(self, title: str, path: str, description: str = "teaser") -> None:
        self.items.append(item(title, self.site.url(path), description))

    def __call__(self):
        body = rss(self.items)
        return 200, {"Content-Type": "application/rss+xml", "ETag": f'"n{len(self.items)}"'}, body


@pytest.fixture
def site():
    s = LocalSite()
    yield s
    s.close()


def limits() -> ReadLimits:
    return ReadLimits(min_interval=0.0, timeout=5.0, retries=0, allow_private=True)


def make_watcher(sources, tmp_path, ingest) -> Watcher:
    return Watcher(
        [str(s) for s in sources],
        str(tmp_path / "state.json"),
        ingest,
        limits(),
        Fetcher(min_interval=0.0, timeout=5.0, retries=0, allow_private=True),
    )


def titles(batch) -> list[str | None]:
    return [x.title for x in batch if isinstance(x, Article)]


def test_growing_feed_only_new_items_and_unchanged_feed_costs_nothing(site, tmp_path):
    site.routes["/strike"] = html_route("page_article.html")
    site.routes["/border"] = html_route("page_blog.html")
    site.routes["/strike-copy"] = html_route("page_article.html")  # same story, other URL
    site.routes["/cafes"] = html_route("page_latin1.html")
    feed = GrowingFeed(site)
    site.routes["/feed.xml"] = feed
    feed.add("Strike", "/strike")
    feed.add("Border", "/border")
    ingest = FakeIngest()
    w = make_watcher([site.url("/feed.xml")], tmp_path, ingest)

    r1 = w.poll()
    assert titles(ingest.batches[0]) == [
        "Harbour workers strike over pay in Valdoria",
        "Ministers agree to reopen border crossing",
    ]
    assert (r1.stored, r1.skipped, r1.failed) == (2, 0, 0)

    feed.add("Strike again", "/strike-copy")
    feed.add("Cafes", "/cafes")
    r2 = w.poll()
    assert titles(ingest.batches[1]) == ["Café owners protest new tax in São Amaro"]
    assert (r2.stored, r2.skipped) == (1, 1)  # the copy at another URL is skipped
    assert site.hits("/strike") == 1 and site.hits("/border") == 1  # old items not refetched

    r3 = w.poll()  # nothing changed: the feed answers 304
    assert ingest.batches[2] == [] and r3.unchanged == 1
    assert site.hits("/cafes") == 1

    # A new watcher on the same state file (a restart) remembers everything.
    w2 = make_watcher([site.url("/feed.xml")], tmp_path, ingest)
    feed.add("Cafes twice", "/cafes")  # same link as before: skipped unfetched
    w2.poll()
    assert ingest.batches[3] == [] and site.hits("/cafes") == 1


def test_folder_new_and_changed_files(tmp_path):
    src = tmp_path / "inbox"
    src.mkdir()
    (src / "a.txt").write_text("Troops left the border town on Sunday, officials said.")
    ingest = FakeIngest()
    w = make_watcher([src], tmp_path, ingest)
    assert w.poll().stored == 1

    (src / "b.md").write_text("# Talks\n\nNegotiators met in Ostra on Monday for new talks.")
    (src / "a-copy.txt").write_text("Troops left the border town on Sunday, officials said.")
    (src / "empty.txt").write_text("")
    r = w.poll()
    assert titles(ingest.batches[1]) == ["Talks"]
    assert r.skipped == 1 and r.failed == 1  # the copy skipped, the empty file reported
    assert [f.reason for f in r.failures] == ["empty file"]

    r = w.poll()  # nothing changed: nothing read
    assert ingest.batches[2] == [] and r.read == 0 and r.unchanged == 1

    (src / "b.md").write_text("# Talks\n\nNegotiators met in Ostra on Monday; talks collapsed.")
    os.utime(src / "b.md", ns=(1, 1))  # a changed signature even on coarse clocks
    w.poll()
    assert titles(ingest.batches[3]) == ["Talks"]  # an edited file is read again


def test_failed_ingest_leaves_nothing_marked_seen(tmp_path):
    src = tmp_path / "inbox"
    src.mkdir()
    (src / "a.txt").write_text("The ministry announced new border rules on Friday.")
    ingest = FakeIngest()
    ingest.fail_next = True
    w = make_watcher([src], tmp_path, ingest)
    reports = w.run(polls=2, interval=0, sleep=lambda s: None)
    assert "poll failed: RuntimeError: disk full" in reports[0].failures[0].reason
    # The second poll reads the file again, since the first one stored nothing.
    assert len(ingest.batches) == 1
    assert [x.text for x in ingest.batches[0]] == [
        "The ministry announced new border rules on Friday."
    ]
    assert reports[1].stored == 1


def test_state_file_is_small_json(tmp_path):
    src = tmp_path / "inbox"
    src.mkdir()
    (src / "a.txt").write_text("A short report about a meeting in the capital on Friday.")
    w = make_watcher([src], tmp_path, FakeIngest())
    w.poll()
    state = json.loads((tmp_path / "state.json").read_text())
    assert set(state) >= {"version", "files", "items", "ids", "hashes", "validators"}
    assert len(state["ids"]) == 1 and len(state["hashes"]) == 1


def test_cli_watch_growing_feed_ingests_only_new_items(site, tmp_path):
    """End to end: `dyad watch` with the real ingest and store, two polls."""
    from typer.testing import CliRunner

    from dyad.cli import app
    from dyad.store import Store

    site.routes["/strike"] = html_route("page_article.html")
    site.routes["/border"] = html_route("page_blog.html")
    feed = GrowingFeed(site)
    feed.add("Strike", "/strike")
    calls = {"n": 0}

    def growing():
        calls["n"] += 1
        if calls["n"] == 2:  # the feed grows between the two polls
            feed.add("Border", "/border")
        return feed()

    site.routes["/feed.xml"] = growing
    db = tmp_path / "w.duckdb"
    args = ["watch", site.url("/feed.xml"), "--db", str(db), "--polls", "2", "--interval", "0"]
    args += ["--min-interval", "0", "--stages", "tone", "--allow-private"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "poll 1: 1 stored" in res.output and "poll 2: 1 stored" in res.output
    with Store(str(db), read_only=True) as st:
        arts = st.articles()
    assert sorted(a["title"] for a in arts) == [
        "Harbour workers strike over pay in Valdoria",
        "Ministers agree to reopen border crossing",
    ]
    assert site.hits("/strike") == 1
    assert (tmp_path / "w.duckdb.watch.json").exists()


def test_feed_file_that_grows(tmp_path):
    feed = tmp_path / "news.rss"
    items = [
        item("One", "https://courier.example.net/1", "<p>The first report from the coast.</p>")
    ]
    feed.write_bytes(rss(items))
    ingest = FakeIngest()
    w = Watcher([str(feed)], str(tmp_path / "state.json"), ingest, ReadLimits(fetch_pages=False))
    w.poll()
    items.append(item("Two", "https://courier.example.net/2", "<p>A second report, later on.</p>"))
    feed.write_bytes(rss(items))
    os.utime(feed, ns=(1, 1))
    w.poll()
    assert [titles(b) for b in ingest.batches] == [["One"], ["Two"]]
