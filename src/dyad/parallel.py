"""All cores of one machine: worker processes that each load the model once.

The main process streams the input, cuts it into batches and keeps at most
``2 * workers`` batches in flight, so memory is bounded by the batch size and never by
the corpus size. Results come back in input order. Reader failures pass straight
through.

A run with an in-order stage (learn, see :mod:`dyad.extract.learn`) goes in two parts
per batch: workers parse and run the stages before it and send back each record with
its parse (``Doc.to_bytes``) and the memory keys those stages read; this process runs
the in-order stage in input order (:class:`dyad.pipeline.InOrder`, which runs the
actors stage again here where the run has since learned something under a key the
article read); workers run the remaining stages on the parse. So a parallel run yields
exactly what a serial run yields.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any

from dyad.contract import Failure, Settings
from dyad.model import Article, Record
from dyad.pipeline import Halfway, InOrder, Pipeline

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


def first_part(pipe: Pipeline, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first part of a batch of article dicts (see :meth:`Pipeline.first_part`), as
    plain dicts for another process (:func:`halfway`)."""
    out: list[dict[str, Any]] = []
    for item in pipe.first_part(Article.from_dict(a) for a in batch):
        if isinstance(item, Failure):
            out.append({"__failure__": item.to_dict()})
        else:
            out.append(
                {
                    "article": item.article.to_dict(),
                    "record": item.record.to_dict(),
                    "doc": item.doc,
                    "reads": sorted(item.reads),
                }
            )
    return out


def halfway(d: dict[str, Any]) -> Halfway | Failure:
    """What :func:`first_part` sent."""
    if "__failure__" in d:
        return Failure(**d["__failure__"])
    return Halfway(
        Article.from_dict(d["article"]),
        Record.from_dict(d["record"]),
        d["doc"],
        frozenset(d["reads"]),
    )


def last_part(pipe: Pipeline, batch: list[tuple[dict[str, Any], bytes]]) -> list[dict[str, Any]]:
    """The last part of a batch of (record dict, parse) (see :meth:`Pipeline.last_part`),
    as plain dicts (:func:`decode`)."""
    out: list[dict[str, Any]] = []
    for rec, doc in batch:
        item = pipe.last_part(Record.from_dict(rec), doc)
        out.append({"__failure__": item.to_dict()} if isinstance(item, Failure) else item.to_dict())
    return out


def _work_first(batch: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    assert _PIPELINE is not None
    return first_part(_PIPELINE, batch), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _work_last(batch: list[tuple[dict[str, Any], bytes]]) -> tuple[list[dict[str, Any]], int]:
    assert _PIPELINE is not None
    return last_part(_PIPELINE, batch), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass
class _Batch:
    """One batch of a two-part run: its reader failures, then one slot per article."""

    fails: list[Failure]
    first: Future[Any] | None
    slots: list[Record | Failure | None] = field(default_factory=list)
    last: Future[Any] | None = None
    learned: bool = False


def decode(d: dict[str, Any]) -> Record | Failure:
    if "__failure__" in d:
        return Failure(**d["__failure__"])
    return Record.from_dict(d)


class ParallelRun:
    """Process articles over ``workers`` processes; ``peak_rss_kib`` is filled as it goes."""

    def __init__(self, settings: Settings | None = None, workers: int | None = None):
        self.settings = settings or Settings()
        self.workers = workers or default_workers()
        self.peak_rss_kib = 0
        self.again = 0  # articles whose actors stage ran again in this process (see InOrder)
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
        if _has_in_order(self.settings):
            yield from self._two_parts(it, pool, size)
            return
        pending: deque[tuple[list[Failure], Future[Any] | None]] = deque()
        batches = _batches(it, size)
        try:
            while True:
                while len(pending) < 2 * self.workers and (batch := next(batches, None)):
                    # Reader failures keep their place in the order via a failures-only slot.
                    arts, fails = batch
                    pending.append((fails, pool.submit(_work, arts) if arts else None))
                if not pending:
                    return
                fails, fut = pending.popleft()
                yield from fails
                if fut is not None:
                    results, rss = fut.result()
                    self.peak_rss_kib = max(self.peak_rss_kib, rss)
                    for d in results:
                        yield decode(d)
        finally:
            # Stopped early (Ctrl-C, an error downstream): drop the batches not started.
            for _fails, fut in pending:
                if fut is not None:
                    fut.cancel()
            if self._owned:
                self.close()

    def _two_parts(
        self, it: Iterator[Article | Failure], pool: ProcessPoolExecutor, size: int
    ) -> Iterator[Record | Failure]:
        """Batches in two parts around the in-order stage (see the module docstring)."""
        learner = InOrder(self.settings)
        inflight: deque[_Batch] = deque()
        batches = _batches(it, size)
        try:
            while True:
                while len(inflight) < 2 * self.workers and (batch := next(batches, None)):
                    arts, fails = batch
                    inflight.append(_Batch(fails, pool.submit(_work_first, arts) if arts else None))
                if not inflight:
                    return
                # the in-order stage, in input order, over every batch whose first part is back
                for b in inflight:
                    if b.learned:
                        continue
                    if b.first is not None and not b.first.done():
                        break
                    self._learn(b, learner, pool)
                head = inflight[0]
                if head.learned and (head.last is None or head.last.done()):
                    inflight.popleft()
                    yield from head.fails
                    yield from self._finish(head)
                    continue
                waiting = [head.last if head.learned else head.first]
                nxt = next((b for b in inflight if not b.learned), None)
                if nxt is not None and nxt.first is not None:
                    waiting.append(nxt.first)
                wait([f for f in waiting if f is not None], return_when=FIRST_COMPLETED)
        finally:
            self.again = learner.again
            for b in inflight:
                for fut in (b.first, b.last):
                    if fut is not None:
                        fut.cancel()
            if self._owned:
                self.close()

    def _learn(self, b: _Batch, learner: InOrder, pool: ProcessPoolExecutor) -> None:
        """Run the in-order stage over a batch whose first part is back; send the rest on."""
        todo: list[tuple[dict[str, Any], bytes]] = []
        if b.first is not None:
            results, rss = b.first.result()
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            for d in results:
                half = halfway(d)
                out = half if isinstance(half, Failure) else learner.step(half)
                b.slots.append(out)
                if isinstance(out, Record) and isinstance(half, Halfway):
                    todo.append((out.to_dict(), half.doc))
        b.learned = True
        if todo:
            b.last = pool.submit(_work_last, todo)

    def _finish(self, b: _Batch) -> Iterator[Record | Failure]:
        """A batch's outputs in input order: failures from the first part and the in-order
        stage where they are, the last part's records (or failures) in the other slots."""
        rest: Iterator[dict[str, Any]] = iter(())
        if b.last is not None:
            results, rss = b.last.result()
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            rest = iter(results)
        for slot in b.slots:
            yield slot if isinstance(slot, Failure) else decode(next(rest))

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


def _has_in_order(settings: Settings) -> bool:
    from dyad.contract import resolve_stages, split_in_order

    return split_in_order(resolve_stages(settings.stages))[1] is not None


def process(
    items: Iterable[Article | Failure], settings: Settings | None = None, workers: int | None = None
) -> Iterator[Record | Failure]:
    """Yield a Record or Failure per input item, using ``workers`` processes."""
    yield from ParallelRun(settings, workers).process(items)


def _batches(
    it: Iterator[Article | Failure], size: int
) -> Iterator[tuple[list[dict[str, Any]], list[Failure]]]:
    """The input in chunks of ``size``, each split by :func:`_split`; read only as asked."""
    while chunk := list(islice(it, size)):
        yield _split(chunk)


def _split(chunk: list[Article | Failure]) -> tuple[list[dict[str, Any]], list[Failure]]:
    """A batch's articles (as dicts, to send to a worker) and its reader failures."""
    arts = [a.to_dict() for a in chunk if isinstance(a, Article)]
    return arts, [f for f in chunk if isinstance(f, Failure)]
