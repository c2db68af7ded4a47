"""Articles through the stages: one spaCy parse, then each stage adds its part.

The stages are registered objects (see :mod:`dyad.contract`); a run names them in
``Settings.stages`` and the pipeline checks at start-up that each runs after the stages
whose output it requires. The default order: actors first (who is who), then times and
places, then quotes (who said what, using actors), then events (using all of those),
then tone.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
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
)
from dyad.model import Article, Record

__all__ = ["ALL_STAGES", "Context", "Failure", "Pipeline", "Settings", "extract_text"]

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
        for st in self.stages:
            st.setup(self.ctx)

    def annotate(self, doc: Doc, rec: Record) -> Record:
        """Run every stage on one parsed article."""
        with _Deadline(self.settings.time_per_article):
            for st in self.stages:
                t = time.perf_counter()
                try:
                    st.run(doc, rec, self.ctx)
                except ArticleTimeout:
                    raise
                except Exception as exc:  # a stage bug must name the stage
                    raise StageFailed(st.name, exc) from exc
                self.timings[st.name] += time.perf_counter() - t
        return rec

    def process(self, articles: Iterable[Article | Failure]) -> Iterator[Record | Failure]:
        """Yield a Record per article, or a Failure naming what went wrong.

        Failures from readers pass straight through, so one stream carries both.
        """
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
                if isinstance(doc, Failure):
                    yield doc
                else:
                    yield self.process_doc(a, doc)
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

    def process_doc(self, a: Article, doc: Doc) -> Record | Failure:
        rec = Record.from_article(a, self.versions)
        if len(a.text) > self.settings.parse_chars:  # said again in `dyad errors`, as a warning
            rec.extra["truncated_at"] = self.settings.parse_chars
        try:
            return self.annotate(doc, rec)
        except ArticleTimeout as exc:
            return Failure(a.source_path, f"time limit: {exc}", a.id, "annotate")
        except StageFailed as exc:
            return Failure(a.source_path, str(exc), a.id, exc.stage)


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
