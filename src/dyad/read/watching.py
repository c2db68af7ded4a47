"""Watching sources: poll folders, files and feeds, and ingest what is new.

Each poll looks at every source once:

* a folder or file: files that are new or changed (size or modification time) since
  the last poll are read; unchanged files cost one ``stat``;
* a feed URL (or a page URL): fetched with a conditional request, so an unchanged
  feed answers ``304`` with no body; items already seen (by link, else guid) are
  skipped without fetching their pages.

Articles whose id (URL + text) or text (the same story at another URL, or
re-published with a new timestamp) was already seen are dropped before the parse;
the store drops the rest of the duplicates. What the watcher remembers (files,
feed items, article ids and text hashes, ETag / Last-Modified) lives in a small
JSON state file next to the database, written atomically after each poll's
ingest, so a restarted watch carries on where it stopped.
"""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dyad.contract import Failure
from dyad.model import Article, content_hash
from dyad.read import (
    ReadLimits,
    is_url,
    iter_files,
    kind_of,
    missing_reason,
    read_file,
    walk_failure,
)
from dyad.read.feeds import read_url
from dyad.read.fetch import Fetcher, write_json_atomic

STATE_VERSION = 1
MAX_REMEMBERED = 200_000  # per kind of key; the oldest are forgotten first


@dataclass
class PollReport:
    """What one poll did."""

    poll: int
    read: int = 0  # articles read from changed sources
    new: int = 0  # passed to ingest (not seen before)
    stored: int = 0
    skipped: int = 0  # seen before, here or in the store
    failed: int = 0
    unchanged: int = 0  # sources that had nothing new
    failures: list[Failure] = field(default_factory=list)
    lock_wait: float = 0.0  # seconds the writer waited for readers to let go of the file

    def summary(self) -> str:
        waited = f", waited {self.lock_wait:.2f} s for the database" if self.lock_wait else ""
        return (
            f"poll {self.poll}: {self.stored} stored, {self.skipped} skipped, "
            f"{self.failed} failed ({self.read} read, {self.unchanged} sources unchanged{waited})"
        )


class _Recent:
    """An insertion-ordered set that forgets its oldest keys past a size."""

    def __init__(self, keys: list[str] | None = None, cap: int = MAX_REMEMBERED):
        self.cap = cap
        self.d: dict[str, None] = dict.fromkeys(keys or [])

    def __contains__(self, key: object) -> bool:
        return key in self.d

    def add(self, key: str) -> None:
        self.d.pop(key, None)
        self.d[key] = None
        while len(self.d) > self.cap:
            self.d.pop(next(iter(self.d)))

    def __len__(self) -> int:
        return len(self.d)

    def to_list(self) -> list[str]:
        return list(self.d)


class Watcher:
    """Poll sources and hand new articles to an ingest function.

    ``ingest(items) -> report`` takes Articles and Failures and returns an object with
    ``stored``, ``skipped``, ``failed`` and ``failures`` (``dyad.ingest.IngestReport``).
    """

    def __init__(
        self,
        sources: list[str],
        state_file: str,
        ingest: Callable[[Iterator[Article | Failure]], Any],
        limits: ReadLimits | None = None,
        fetcher: Fetcher | None = None,
    ):
        self.sources = sources
        self.state_file = state_file
        self.ingest = ingest
        self.limits = limits or ReadLimits()
        self.fetcher = fetcher or Fetcher.from_limits(self.limits)
        self.polls = 0
        self._load()

    # -- state ----------------------------------------------------------------------

    def _load(self) -> None:
        data: dict[str, Any] = {}
        if os.path.exists(self.state_file):
            try:
                with open(self.state_file, encoding="utf-8") as f:
                    data = json.load(f)
            except (OSError, ValueError):
                data = {}
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            data = {}
        self.files: dict[str, list[int]] = dict(data.get("files", {}))
        self.items: dict[str, _Recent] = {k: _Recent(v) for k, v in data.get("items", {}).items()}
        self.ids = _Recent(data.get("ids", []))
        self.hashes = _Recent(data.get("hashes", []))
        self.urls = _Recent(data.get("urls", []))
        self.fetcher.validators = dict(data.get("validators", {}))

    def _snapshot(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "files": self.files,
            "items": {k: v.to_list() for k, v in self.items.items()},
            "ids": self.ids.to_list(),
            "hashes": self.hashes.to_list(),
            "urls": self.urls.to_list(),
            "validators": self.fetcher.validators,
        }

    def save(self) -> None:
        write_json_atomic(self.state_file, self._snapshot())

    # -- polling --------------------------------------------------------------------

    def _changed_files(self, report: PollReport) -> Iterator[str]:
        present: set[str] = set()
        for src in self.sources:
            if is_url(src):
                continue
            if os.path.isdir(src):
                errors: list[OSError] = []
                files = list(iter_files(src, errors.append))
                for exc in errors:
                    report.failed += 1
                    report.failures.append(walk_failure(exc))
            elif os.path.exists(src):
                files = [src]
            else:
                report.failed += 1
                report.failures.append(Failure(src, missing_reason(src), stage="read"))
                continue
            changed = False
            for f in files:
                try:
                    st = os.stat(f)
                except OSError:
                    continue
                key = os.path.abspath(f)
                present.add(key)
                sig = [st.st_mtime_ns, st.st_size]
                if self.files.get(key) != sig:
                    self.files[key] = sig
                    changed = True
                    yield f
            if not changed:
                report.unchanged += 1
        for gone in set(self.files) - present:  # files removed since: forget them
            del self.files[gone]
            self.items.pop(gone, None)

    def _read(self, report: PollReport) -> Iterator[Article | Failure]:
        for f in self._changed_files(report):
            seen = None
            if kind_of(f) == "feed":  # a feed file: remember its items
                seen = self.items.setdefault(os.path.abspath(f), _Recent())
            yield from read_file(f, self.limits, lambda: self.fetcher, seen)  # type: ignore[arg-type]
        for src in self.sources:
            if not is_url(src):
                continue
            seen = self.items.setdefault(src, _Recent())
            before = report.read
            n_fail = 0
            for x in read_url(src, self.fetcher, self.limits, seen=seen):  # type: ignore[arg-type]
                n_fail += isinstance(x, Failure)
                yield x
            if report.read == before and n_fail == 0:
                report.unchanged += 1

    def _new(self, report: PollReport) -> Iterator[Article | Failure]:
        """Read items minus those seen before (by id, by text, by page URL)."""
        for x in self._read(report):
            if isinstance(x, Failure):
                yield x
                continue
            report.read += 1
            h = content_hash(x.text)
            # A page URL seen before is skipped for web sources; a local file with a
            # URL line may be an edit, which the store replaces.
            from_web = x.source_kind == "feed" or is_url(x.source_path or "")
            if x.id in self.ids or h in self.hashes or (from_web and x.url in self.urls):
                report.skipped += 1
                continue
            self.ids.add(x.id)
            self.hashes.add(h)
            if from_web and x.url:
                self.urls.add(x.url)
            report.new += 1
            yield x

    def poll(self) -> PollReport:
        """Look at every source once and ingest what is new."""
        self.polls += 1
        report = PollReport(self.polls)
        before = copy.deepcopy(self._snapshot())
        try:
            res = self.ingest(self._new(report))
        except BaseException:
            self._restore(before)  # nothing of this poll counts as seen
            raise
        report.stored = res.stored
        report.skipped += res.skipped
        report.failed += res.failed
        report.failures.extend(res.failures)
        report.lock_wait = getattr(res, "lock_wait", 0.0)
        self.save()
        return report

    def _restore(self, data: dict[str, Any]) -> None:
        self.files = data["files"]
        self.items = {k: _Recent(v) for k, v in data["items"].items()}
        self.ids = _Recent(data["ids"])
        self.hashes = _Recent(data["hashes"])
        self.urls = _Recent(data["urls"])
        self.fetcher.validators = data["validators"]

    def run(
        self,
        polls: int = 0,
        interval: float = 300.0,
        on_poll: Callable[[PollReport], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> list[PollReport]:
        """Poll ``polls`` times (0: until interrupted), ``interval`` seconds apart."""
        reports: list[PollReport] = []
        while True:
            started = time.monotonic()
            try:
                r = self.poll()
            except Exception as exc:  # one bad poll must not end a long watch
                r = PollReport(self.polls, failed=1)
                r.failures.append(
                    Failure(None, f"poll failed: {type(exc).__name__}: {exc}", stage="watch")
                )
            reports.append(r)
            if on_poll:
                on_poll(r)
            if polls and len(reports) >= polls:
                return reports
            sleep(max(0.0, interval - (time.monotonic() - started)))


def default_state_file(db: str) -> str:
    """Where a watch on ``db`` keeps its state."""
    return db + ".watch.json"
