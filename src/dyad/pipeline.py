"""Articles through the stages: one spaCy parse, then each stage adds its part.

A stage is a function ``run(doc, record, ctx) -> None`` that reads what earlier stages
put on the record and adds its own part. Stages are named in :data:`STAGES` and
imported lazily, so a user can switch any of them off (``Settings.stages``).

Order matters: actors first (who is who), then times and places, then quotes (who
said what, using actors), then events (using all of those), then tone.
"""

from __future__ import annotations

import importlib
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from dyad import nlp
from dyad.model import Article, Record

Stage = Callable[[Doc, Record, "Context"], None]

# name -> "module:function"
STAGES: dict[str, str] = {
    "actors": "dyad.extract.actors.stage:run",
    "times": "dyad.extract.times.stage:run",
    "places": "dyad.extract.places.stage:run",
    "quotes": "dyad.extract.quotes.stage:run",
    "events": "dyad.extract.events.stage:run",
    "tone": "dyad.extract.tone:run",
}
ALL_STAGES: tuple[str, ...] = tuple(STAGES)


@dataclass
class Settings:
    """What a user can set for a run."""

    model: str = nlp.DEFAULT_MODEL
    stages: tuple[str, ...] = ALL_STAGES
    batch_size: int = 32
    max_chars: int = 2_000_000  # an article larger than this is refused
    parse_chars: int = nlp.MAX_PARSE_CHARS  # longer texts are cut before parsing
    time_per_article: float = 60.0  # seconds for the stages after the parse
    actors_file: str | None = None  # a user's actor file (CSV/YAML)
    # extra["known_actors"]: rows of actors the database already knows (see
    # dyad.ingest.known_actor_rows); every pipeline built from these settings, in this
    # process, a worker process or a Dask worker, starts from them.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What stages share within a run: settings and resources loaded once."""

    settings: Settings = field(default_factory=Settings)
    cache: dict[str, Any] = field(default_factory=dict)

    def resource(self, key: str, make: Callable[[], Any]) -> Any:
        """Build a resource (a matcher, a gazetteer) once per context."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass
class Failure:
    """An article (or input) that could not be processed, and why."""

    source_path: str | None
    reason: str
    article_id: str | None = None
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_path": self.source_path,
            "reason": self.reason,
            "article_id": self.article_id,
            "stage": self.stage,
        }


class ArticleTimeout(Exception):
    """An article took longer than ``Settings.time_per_article``."""


def load_stage(name: str) -> Stage:
    mod, func = STAGES[name].split(":")
    return getattr(importlib.import_module(mod), func)


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
        self.stages: list[tuple[str, Stage]] = [
            (n, load_stage(n)) for n in STAGES if n in self.settings.stages
        ]
        self.versions = nlp.versions(self.settings.model)
        self.nlp = nlp.load(self.settings.model)
        self.nlp.max_length = max(self.nlp.max_length, self.settings.parse_chars + 1)
        self.timings: dict[str, float] = {n: 0.0 for n, _ in self.stages}
        self.timings["parse"] = 0.0
        known = self.settings.extra.get("known_actors")
        if known and "actors" in self.settings.stages:
            from dyad.extract.actors.stage import seed_known

            seed_known(known, self.ctx)

    def annotate(self, doc: Doc, rec: Record) -> Record:
        """Run every stage on one parsed article."""
        with _Deadline(self.settings.time_per_article):
            for name, stage in self.stages:
                t = time.perf_counter()
                try:
                    stage(doc, rec, self.ctx)
                except ArticleTimeout:
                    raise
                except Exception as exc:  # a stage bug must name the stage
                    raise StageError(name, exc) from exc
                self.timings[name] += time.perf_counter() - t
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
        except StageError as exc:
            return Failure(a.source_path, str(exc), a.id, exc.stage)


class StageError(Exception):
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
