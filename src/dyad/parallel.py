"""All cores of one machine: worker processes that each load the model once.

The main process streams the input, cuts it into batches and keeps at most
``2 * workers`` batches in flight, so memory is bounded by the batch size and never by
the corpus size. Results come back in input order, so a parallel run yields exactly
what a serial run yields. Reader failures pass straight through.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import chain, islice
from typing import Any

from dyad.contract import Failure, Settings
from dyad.model import Article, Record
from dyad.pipeline import Pipeline

_PIPELINE: Pipeline | None = None


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the process that made it dies, so a
    SIGKILLed ingest leaves no orphans behind."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _init(settings: Settings, parent: int) -> None:
    global _PIPELINE
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)
    # Ctrl-C goes to the whole process group: the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PIPELINE = Pipeline(settings)


def _work(batch: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Process one batch in a worker; return plain dicts and the worker's peak RSS (KiB)."""
    assert _PIPELINE is not None
    out: list[dict[str, Any]] = []
    for item in _PIPELINE.process(Article.from_dict(a) for a in batch):
        if isinstance(item, Failure):
            out.append({"__failure__": item.to_dict()})
        else:
            out.append(item.to_dict())
    return out, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _decode(d: dict[str, Any]) -> Record | Failure:
    if "__failure__" in d:
        return Failure(**d["__failure__"])
    return Record.from_dict(d)


class ParallelRun:
    """Process articles over ``workers`` processes; ``peak_rss_kib`` is filled as it goes."""

    def __init__(self, settings: Settings | None = None, workers: int | None = None):
        self.settings = settings or Settings()
        self.workers = workers or default_workers()
        self.peak_rss_kib = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pipe: Pipeline | None = None
        self._owned = True  # without `with`, each process() call closes its pool

    def process(self, items: Iterable[Article | Failure]) -> Iterator[Record | Failure]:
        it = iter(items)
        # A stream that fits in one batch per worker is not worth starting processes for.
        head = list(islice(it, self.workers * self.settings.batch_size + 1))
        if self.workers <= 1 or len(head) <= self.workers * self.settings.batch_size:
            if self._pipe is None:
                self._pipe = Pipeline(self.settings)
            yield from self._pipe.process(chain(head, it))
            self.peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            return
        it = chain(head, it)
        # Workers get a settings copy that batches inside each of our batches.
        # spawn: workers are the parent's own children (see _die_with_parent) and
        # inherit no threads or open database handles.
        ctx = mp.get_context("spawn")
        size = self.settings.batch_size
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=ctx,
                initializer=_init,
                initargs=(replace(self.settings), os.getpid()),
            )
        pool = self._pool
        pending: deque[tuple[list[Failure], Future[Any] | None]] = deque()
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < 2 * self.workers:
                    chunk = list(islice(it, size))
                    if not chunk:
                        exhausted = True
                        break
                    # Reader failures keep their place in the order via a failures-only slot.
                    arts = [a.to_dict() for a in chunk if isinstance(a, Article)]
                    fails = [f for f in chunk if isinstance(f, Failure)]
                    pending.append((fails, pool.submit(_work, arts) if arts else None))
                if not pending:
                    return
                fails, fut = pending.popleft()
                yield from fails
                if fut is not None:
                    results, rss = fut.result()
                    self.peak_rss_kib = max(self.peak_rss_kib, rss)
                    for d in results:
                        yield _decode(d)
        finally:
            # Stopped early (Ctrl-C, an error downstream): drop the batches not started.
            for _fails, fut in pending:
                if fut is not None:
                    fut.cancel()
            if self._owned:
                self.close()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ParallelRun:
        self._owned = False  # the pool lives until __exit__, across process() calls
        return self

    def __exit__(self, *exc: Any) -> None:
        self._owned = True
        self.close()


def process(
    items: Iterable[Article | Failure], settings: Settings | None = None, workers: int | None = None
) -> Iterator[Record | Failure]:
    """Yield a Record or Failure per input item, using ``workers`` processes."""
    yield from ParallelRun(settings, workers).process(items)
