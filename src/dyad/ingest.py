"""Read, extract and store: articles into a DuckDB file, idempotently, batch by batch.

Articles already stored (same id, or the same text at another URL) are skipped before
the parse, so a rerun after a crash only does the work that is left. Each batch of
records is committed in one transaction: a crash loses at most the batch in flight.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dyad.contract import Failure, Settings
from dyad.model import Article, Record
from dyad.pipeline import Pipeline
from dyad.read.files import ReadWarning

if TYPE_CHECKING:  # DuckDB loads when a store opens, not for `dyad extract`
    from dyad.store import Store


@dataclass
class IngestReport:
    """What one ingest run did."""

    stored: int = 0  # new articles (replacements included)
    skipped: int = 0  # already stored, or the same text at another URL
    failed: int = 0
    replaced: int = 0  # of ``stored``: newer versions of a stored article
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)  # stored, with a caveat
    seconds: float = 0.0
    lock_wait: float = 0.0  # seconds spent waiting for readers to let go of the file
    interrupted: bool = False  # stopped at a batch boundary after Ctrl-C / SIGINT

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        rep = f" ({self.replaced} replacing older versions)" if self.replaced else ""
        warn = f", {len(self.warnings)} with warnings" if self.warnings else ""
        return (
            f"{self.stored} stored{rep}{warn}, {self.skipped} skipped, {self.failed} failed "
            f"in {self.seconds:.1f} s"
        )


def read_inputs(
    paths: Iterable[str], max_bytes: int | None = None, allow_private: bool = False
) -> Iterator[Article | Failure]:
    """Articles and Failures from files and folders, through :func:`dyad.read.read_paths`.

    ``max_bytes`` refuses larger files (or JSONL lines, CSV rows) with a clear reason;
    ``allow_private`` lets URLs and feed items reach loopback and private addresses.
    """
    from dyad import read

    limits = read.ReadLimits(allow_private=allow_private)
    if max_bytes is not None:
        limits.max_bytes = max_bytes
    yield from read.read_paths(list(paths), limits)


def ingest(
    items: Iterable[Article | Failure],
    db: str,
    settings: Settings | None = None,
    progress: bool = False,
    limit: int | None = None,
    store: Store | None = None,
    workers: int = 1,
) -> IngestReport:
    """Extract records from ``items`` and store them in the DuckDB file ``db``.

    ``limit`` caps how many new articles this run processes (skipped ones do not count).
    Pass an open ``store`` to reuse a connection (``db`` is then ignored). ``workers``
    processes parse and extract in parallel (each loading the model once); this process
    alone writes, in input order, so the result is the same for any number of workers.
    """
    settings = settings or Settings()
    report = IngestReport()
    t0 = time.perf_counter()
    from dyad.store import Store

    own = store is None
    st = store or Store(db)
    if own:  # the writer's queries touch a few rows each: DuckDB's extra threads only
        st.con.execute("SET threads TO 1")  # cost CPU (-35% of the store's, 40 BBC files)
    report.lock_wait = st.lock_wait if own else 0.0
    bar = _Progress(progress)
    try:

        def todo() -> Iterator[Article | Failure]:
            n = 0
            for it in items:
                if isinstance(it, Failure):
                    yield it
                    continue
                if st.precheck(it.id, it.url, it.text) == "skipped":
                    report.skipped += 1
                    bar.advance(report)
                    continue
                if limit is not None and n >= limit:
                    return
                n += 1
                yield it

        pending = todo()
        first = next(pending, None)
        if first is None:
            return report
        settings, learner = with_known_actors(settings, st)
        snap = _Snapshots(st)
        done_in_batch = 0
        st.begin()
        outputs = _process(_chain(first, pending), settings, workers)
        for out in _stop_after_batch(outputs, report, settings.batch_size, st):
            _store_one(st, out, report, learner)
            done_in_batch += 1
            bar.advance(report)
            if done_in_batch >= settings.batch_size:
                st.commit()
                snap.maybe()
                st.begin()
                done_in_batch = 0
        st.commit()
        close = getattr(outputs, "close", None)
        if close is not None:
            close()
    except BaseException:
        st.rollback()
        raise
    finally:
        report.seconds = time.perf_counter() - t0
        bar.close()
        if own:
            st.close()
    return report


class _Snapshots:
    """Publish the database for readers while this run holds it (see
    :meth:`dyad.store.Store.publish_snapshot`): at the start, then after a commit when
    enough time has passed, at most as often as copying costs five times its own time."""

    def __init__(self, st: Store, every: float = 10.0):
        self.st, self.every = st, every
        self.cost = st.publish_snapshot()
        self.last = time.monotonic()

    def maybe(self) -> None:
        if time.monotonic() - self.last >= max(self.every, 5 * self.cost):
            self.cost = self.st.publish_snapshot()
            self.last = time.monotonic()


def _store_one(st: Store, out: Record | Failure, report: IngestReport, learner: Any) -> None:
    """Store one pipeline output (a record, or a failure or warning in the errors table)."""
    if isinstance(out, ReadWarning):
        st.record_failure(out, level="warning")
        report.warnings.append(out)
        return
    if isinstance(out, Failure):
        st.record_failure(out)
        report.failed += 1
        report.failures.append(out)
        return
    if learner is not None:
        learner.apply(out)
    status = st.upsert(out)
    if status == "skipped":
        report.skipped += 1
    else:
        report.stored += 1
        report.replaced += status == "replaced"
        warning = cut_warning(out)
        if warning is not None:
            st.record_failure(warning, level="warning")
            report.warnings.append(warning)


def cut_warning(rec: Record) -> Failure | None:
    """The warning for a record whose text was cut for the parse (None if it was not):
    what lies past the cut was read by no stage."""
    cut = rec.extra.get("truncated_at")
    if not cut:
        return None
    return Failure(
        rec.source_path,
        f"text cut for the parse at {cut:,} of {len(rec.text):,} characters: "
        "nothing after the cut was read (see --parse-chars)",
        rec.id,
        "parse",
    )


def _stop_after_batch(
    outputs: Iterable[Record | Failure], report: IngestReport, batch_size: int, st: Store
) -> Iterator[Record | Failure]:
    """Pass ``outputs`` through; after a first SIGINT, stop at the next batch boundary
    (what is stored is whole); a second SIGINT stops at once (the batch is rolled back)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield from outputs
        return
    asked = {"stop": False}

    def handler(signum: int, frame: object) -> None:
        if asked["stop"]:
            raise KeyboardInterrupt
        asked["stop"] = True

    old = signal.signal(signal.SIGINT, handler)
    try:
        n = 0
        for out in outputs:
            yield out
            n += 1
            if asked["stop"] and n % batch_size == 0:
                report.interrupted = True
                return
        if asked["stop"]:
            report.interrupted = True
    finally:
        signal.signal(signal.SIGINT, old)


def _process(
    items: Iterable[Article | Failure], settings: Settings, workers: int
) -> Iterator[Record | Failure]:
    if workers > 1:
        from dyad.parallel import process

        return process(items, settings, workers)
    return Pipeline(settings).process(items)


def known_actor_rows(st: Store) -> list[dict]:
    """Actors the database already knows, as rows for the actors stage's memory."""
    return [
        dict(r, provenance=f"learned:{r['provenance']}")
        for r in st.known_actors()
        if r["country"] or r["sector"] or r["title"]
    ]


def with_known_actors(settings: Settings, st: Store) -> tuple[Settings, Any]:
    """Settings whose pipelines start from what the database knows, so a bare "Gates"
    in a new article resolves to the Robert Gates (USA, GOV) an earlier article named,
    and the writer's learner for what this run's own articles teach (in input order, so
    any number of workers gives the same records)."""
    if "actors" not in settings.stages:
        return settings, None
    from dyad.extract.actors.stage import RunLearner

    rows = known_actor_rows(st)
    return replace(settings, learn_in_stage=False, known_actors=tuple(rows)), RunLearner(rows)


def ingest_dask(
    items: Iterable[Article | Failure],
    db: str,
    scheduler: str = "local",
    settings: Settings | None = None,
    shard_dir: str | None = None,
    shard_size: int = 200,
    n_workers: int | None = None,
) -> IngestReport:
    """Like :func:`ingest`, on a Dask cluster: shards become Parquet files (a rerun skips
    the finished ones), then this process loads them into ``db`` in input order."""
    from dyad import distributed
    from dyad.store import Store

    settings = settings or Settings()
    report = IngestReport()
    t0 = time.perf_counter()
    st = Store(db)
    try:
        todo: list[Article | Failure] = []
        for it in items:
            if isinstance(it, Article) and st.precheck(it.id, it.url, it.text) == "skipped":
                report.skipped += 1
            else:
                todo.append(it)
        shard_dir = shard_dir or f"{db}.shards"
        run_settings, learner = with_known_actors(settings, st)
        paths, fails = distributed.run(
            todo, shard_dir, scheduler, run_settings, shard_size, n_workers
        )
        st.begin()
        done = 0
        for out in [*fails, *distributed.read_shards(paths)]:
            _store_one(st, out, report, learner)
            done += 1
            if done % settings.batch_size == 0:
                st.commit()
                st.begin()
        st.commit()
    except BaseException:
        st.rollback()
        raise
    finally:
        report.seconds = time.perf_counter() - t0
        st.close()
    return report


def _chain(first: Article | Failure, rest: Iterator[Article | Failure]) -> Iterator:
    yield first
    yield from rest


class _Progress:
    """A rich progress line on stderr (or nothing)."""

    def __init__(self, on: bool):
        self.bar = None
        if not on:
            return
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingest[/bold] {task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=not os.environ.get("DYAD_KEEP_PROGRESS"),
        )
        self.bar.start()
        self.task = self.bar.add_task("starting", total=None)

    def advance(self, r: IngestReport) -> None:
        if self.bar is not None:
            self.bar.update(
                self.task,
                description=f"{r.stored} stored, {r.skipped} skipped, {r.failed} failed",
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
