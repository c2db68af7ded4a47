"""Articles through the stages: one spaCy parse, then each stage adds its part.

The stages are registered objects (see :mod:`dyad.contract`); a run names them in
``Settings.stages`` and the pipeline checks at start-up that each runs after the stages
whose output it requires. The default order: actors first (who is who), then learn
(what this article teaches the later ones, see :mod:`dyad.extract.learn`), then times
and places, then quotes (who said what, using actors), then events (using all of those),
then tone.

A parallel run cuts the stages at the run's in-order stage (learn): workers parse and
run the stages before it (:meth:`Pipeline.first_part`), the main process runs it in
input order (:class:`InOrder`), workers run the stages after it
(:meth:`Pipeline.last_part`) on the same parse, sent as bytes.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from dyad import nlp
from dyad.contract import (
    DEFAULT_STAGES,
    Context,
    Failure,
    Settings,
    Stage,
    resolve_stages,
    split_in_order,
)
from dyad.extract.lookup import forget_tokens
from dyad.model import Article, Record

__all__ = [
    "ALL_STAGES",
    "Context",
    "Failure",
    "Halfway",
    "InOrder",
    "Pipeline",
    "Settings",
    "extract_text",
]

ALL_STAGES: tuple[str, ...] = DEFAULT_STAGES


class ArticleTimeout(Exception):
    """An article took longer than ``Settings.time_per_article``."""


class _Deadline:
    """SIGALRM-based time limit, active only in a process's main thread."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = (
            seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def _fire(self, signum: int, frame: Any) -> None:
        raise ArticleTimeout(f"took longer than {self.seconds:g} s")

    def __enter__(self) -> _Deadline:
        if self.active:
            self._old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)


class Pipeline:
    """Parse articles in batches and run the stages on each."""

    def __init__(self, settings: Settings | None = None, ctx: Context | None = None):
        self.settings = settings or Settings()
        self.ctx = ctx or Context(self.settings)
        self.stages: list[Stage] = resolve_stages(self.settings.stages)
        self.versions = nlp.versions(self.settings.model)
        self.nlp = nlp.load(self.settings.model)
        self.nlp.max_length = max(self.nlp.max_length, self.settings.parse_chars + 1)
        self.timings: dict[str, float] = {s.name: 0.0 for s in self.stages}
        self.timings["parse"] = 0.0
        self.before, self.in_order, self.after = split_in_order(self.stages)
        for st in self.stages:
            st.setup(self.ctx)

    def annotate(self, doc: Doc, rec: Record, stages: list[Stage] | None = None) -> Record:
        """Run every stage (or ``stages``) on one parsed article."""
        try:
            with _Deadline(self.settings.time_per_article):
                for st in self.stages if stages is None else stages:
                    t = time.perf_counter()
                    try:
                        st.run(doc, rec, self.ctx)
                    except ArticleTimeout:
                        raise
                    except Exception as exc:  # a stage bug must name the stage
                        raise StageFailed(st.name, exc) from exc
                    self.timings[st.name] += time.perf_counter() - t
        finally:
            forget_tokens(doc)  # the kept token list refers back to the doc
        return rec

    def process(self, articles: Iterable[Article | Failure]) -> Iterator[Record | Failure]:
        """Yield a Record per article, or a Failure naming what went wrong.

        Failures from readers pass straight through, so one stream carries both.
        """
        for item in self._parsed(articles):
            yield item if isinstance(item, Failure) else self.process_doc(*item)

    def first_part(self, articles: Iterable[Article | Failure]) -> Iterator[Halfway | Failure]:
        """A worker's first part of a parallel run: the parse and the stages before the
        in-order stage, each article with its parse as bytes and the memory keys those
        stages read (see :class:`dyad.contract.InOrderStage`)."""
        assert self.in_order is not None
        for item in self._parsed(articles):
            if isinstance(item, Failure):
                yield item
                continue
            a, doc = item
            self.in_order.watch(self.ctx)
            out = self.process_doc(a, doc, self.before)
            reads = self.in_order.reads(self.ctx)
            if isinstance(out, Failure):
                yield out
            else:
                yield Halfway(a, out, doc.to_bytes(exclude=_NOT_SENT), reads)

    def last_part(self, rec: Record, doc_bytes: bytes) -> Record | Failure:
        """A worker's last part of a parallel run: the stages after the in-order stage."""
        doc = self.doc_from_bytes(doc_bytes)
        try:
            return self.annotate(doc, rec, self.after)
        except ArticleTimeout as exc:
            return Failure(rec.source_path, f"time limit: {exc}", rec.id, "annotate")
        except StageFailed as exc:
            return Failure(rec.source_path, str(exc), rec.id, exc.stage)

    def doc_from_bytes(self, data: bytes) -> Doc:
        """A parse sent by another process (:meth:`first_part`)."""
        return Doc(self.nlp.vocab).from_bytes(data, exclude=_NOT_SENT)

    def _parsed(
        self, articles: Iterable[Article | Failure]
    ) -> Iterator[Failure | tuple[Article, Doc]]:
        """Each article with its parse, or a Failure (readers' failures pass through)."""
        it = iter(articles)
        while True:
            batch = list(islice(it, self.settings.batch_size))
            if not batch:
                return
            good: list[Article] = []
            for a in batch:
                if isinstance(a, Failure):
                    yield a
                elif not a.text.strip():
                    yield Failure(a.source_path, "empty article: no text", a.id, "read")
                elif len(a.text) > self.settings.max_chars:
                    yield Failure(
                        a.source_path,
                        f"article too large: {len(a.text)} characters "
                        f"(limit {self.settings.max_chars}; see --max-chars)",
                        a.id,
                        "read",
                    )
                else:
                    good.append(a)
            t = time.perf_counter()
            docs = self._parse(good)
            self.timings["parse"] += time.perf_counter() - t
            for a, doc in zip(good, docs, strict=True):
                yield doc if isinstance(doc, Failure) else (a, doc)
            _freeze_start_up()

    def _parse(self, arts: list[Article]) -> list[Doc | Failure]:
        """Parse a batch. Each text is tokenized alone under the per-article limit (spaCy's
        tokenizer is super-linear on long runs of punctuation: that is where a
        pathological text stalls), so such a text fails in ``time_per_article`` of its own
        time, not after a batch deadline and a retry. The rest of the parse (linear in the
        text) runs on the batch under a deadline; if it fires, one by one, each with the
        per-article limit."""
        if not arts:
            return []
        limit = self.settings.time_per_article
        out: list[Doc | Failure] = []
        for a in arts:
            try:
                with _Deadline(limit):
                    out.append(self.nlp.make_doc(a.text[: self.settings.parse_chars]))
            except ArticleTimeout as exc:
                out.append(Failure(a.source_path, f"time limit in the parse: {exc}", a.id, "parse"))
        todo = [i for i, d in enumerate(out) if not isinstance(d, Failure)]
        if not todo:
            return out
        docs = [out[i] for i in todo]
        try:
            with _Deadline(limit + 2.0 * (len(docs) - 1) if len(docs) > 1 else limit):
                parsed = list(self.nlp.pipe(docs, batch_size=self.settings.batch_size))
            for i, d in zip(todo, parsed, strict=True):
                out[i] = d
            return out
        except ArticleTimeout as exc:
            if len(docs) == 1:
                a = arts[todo[0]]
                out[todo[0]] = Failure(
                    a.source_path, f"time limit in the parse: {exc}", a.id, "parse"
                )
                return out
        for i in todo:
            a = arts[i]
            try:
                with _Deadline(limit):
                    out[i] = self.nlp(self.nlp.make_doc(a.text[: self.settings.parse_chars]))
            except ArticleTimeout as exc:
                out[i] = Failure(a.source_path, f"time limit in the parse: {exc}", a.id, "parse")
        return out

    def process_doc(
        self, a: Article, doc: Doc, stages: list[Stage] | None = None
    ) -> Record | Failure:
        rec = Record.from_article(a, self.versions)
        if len(a.text) > self.settings.parse_chars:  # said again in `dyad errors`, as a warning
            rec.extra["truncated_at"] = self.settings.parse_chars
        try:
            return self.annotate(doc, rec, stages)
        except ArticleTimeout as exc:
            return Failure(a.source_path, f"time limit: {exc}", a.id, "annotate")
        except StageFailed as exc:
            return Failure(a.source_path, str(exc), a.id, exc.stage)


# What a parse sent between processes leaves out: no stage reads the tensor, and
# user_data holds only caches (dyad.extract.lookup) that are made again on demand.
_NOT_SENT = ["tensor", "user_data"]


@dataclass
class Halfway:
    """An article after the first part of a parallel run (see :meth:`Pipeline.first_part`)."""

    article: Article
    record: Record
    doc: bytes
    reads: frozenset[str]


class InOrder:
    """The main process's part of a parallel run: the in-order stage (learn) over each
    article, in input order. Where the stages before it read, on a worker, a memory key
    the run has learned something under since, it runs them again here first, on the
    worker's parse, with what the run knows now. So each record is what a serial run
    makes: the same for any number of workers."""

    def __init__(self, settings: Settings, preload: bool = True):
        self.settings = settings
        self.ctx = Context(settings)
        self.before, stage, _ = split_in_order(resolve_stages(settings.stages))
        if stage is None:
            raise ValueError("the run has no in-order stage")
        self.stage = stage
        stage.setup(self.ctx)
        stage.track(self.ctx)
        self._pipe: Pipeline | None = None
        self._loading: threading.Thread | None = None
        self._load_error: BaseException | None = None
        self.again = 0  # articles whose first stages ran again here
        if preload:  # load the model while the workers load theirs, not when first needed
            self._loading = threading.Thread(target=self._load, daemon=True)
            self._loading.start()

    def step(self, half: Halfway) -> Record | Failure:
        """The article's record after the in-order stage (or why it failed)."""
        rec: Record | Failure = half.record
        if self.stage.stale(half.reads, self.ctx):
            pipe = self._pipeline()
            rec = pipe.process_doc(half.article, pipe.doc_from_bytes(half.doc), pipe.stages)
            self.again += 1
            if isinstance(rec, Failure):
                return rec
        try:
            self.stage.run_in_order(rec, self.ctx)
        except Exception as exc:  # a stage bug must name the stage
            err = StageFailed(self.stage.name, exc)
            return Failure(rec.source_path, str(err), rec.id, self.stage.name)
        return rec

    def absorb(self, rec: Record) -> None:
        """Take in a record made earlier by this run's in-order stage (a finished shard)."""
        self.stage.absorb(rec, self.ctx)

    def _load(self) -> None:
        try:
            names = tuple(s.name for s in self.before)
            self._pipe = Pipeline(replace(self.settings, stages=names), self.ctx)
        except BaseException as exc:  # said when the pipeline is needed
            self._load_error = exc

    def _pipeline(self) -> Pipeline:
        """A pipeline of the stages before the in-order one, sharing this run's context
        (it loads the model: in a thread from the start, or here on first need)."""
        if self._loading is not None:
            self._loading.join()
            self._loading = None
            if self._load_error is not None:
                raise self._load_error
        if self._pipe is None:
            self._load()
            if self._load_error is not None:
                raise self._load_error
        assert self._pipe is not None
        return self._pipe


_FROZEN: list[bool] = []


def _freeze_start_up() -> None:
    """After a process's first batch (the model, gazetteers and knowledge tables loaded,
    ~740,000 objects that live as long as the process), move every object alive into
    the collector's permanent generation, once per process: each full collection would
    otherwise walk them all again (0.2-0.3 s CPU each, every few dozen articles)."""
    if not _FROZEN:
        _FROZEN.append(True)
        gc.freeze()


class StageFailed(Exception):
    def __init__(self, stage: str, exc: BaseException):
        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else ""
        super().__init__(f"stage {stage} failed: {type(exc).__name__}: {exc}{where}")
        self.stage = stage


def extract_text(
    text: str, published: str | None = None, settings: Settings | None = None
) -> Record:
    """Run the whole pipeline on one piece of text (for tests and `dyad explain`)."""
    from dyad.model import article_id

    art = Article(id=article_id(None, text), text=text, published=published)
    out = next(Pipeline(settings).process([art]))
    if isinstance(out, Failure):
        raise RuntimeError(out.reason)
    return out
