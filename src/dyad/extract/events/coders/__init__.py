"""Event coders: the plug-ins of the events stage.

A coder reads one parsed article (with the actors, times, places and quotes the earlier
stages put on the record) and returns its events. The events stage runs the coder a run
names (``Settings.coder``, ``--coder NAME`` on the command line); ``dyad explain`` asks
the same coder for its trace, so what explain shows is what the coder did.

Coders are found by name: the built-in ones in :data:`BUILTIN`, and any package's
through the entry-point group ``dyad.coders`` (``name = "package.module:coder"``, an
object or a class with no arguments). Registering one in code works too::

    from dyad.extract.events.coders import register_coder
    register_coder(MyCoder())

This module is light (no spaCy): the command line checks a coder's name with it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from dyad.contract import Context

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dyad.model import Event, Record

ENTRY_POINTS = "dyad.coders"
# name -> "module:attribute" of the built-in coders
BUILTIN: dict[str, str] = {
    "lexicon": "dyad.extract.events.coders.lexicon:CODER",
    "rules": "dyad.extract.events.coders.lexicon:RULES",  # the lexicon without the model
    "example": "dyad.extract.events.coders.example:CODER",
}


@dataclass
class Candidate:
    """One place the coder looked at (a trigger word), and what became of it."""

    trigger: str
    span: tuple[int, int]
    kind: str  # V (a verb) or N (an event noun)
    entry: str | None = None  # the coder's rule that fired (a lexicon entry id)
    type: str | None = None
    outcome: str = "no event"  # "event", "flagged" (negated/hypothetical), "no event"
    reason: str = ""
    source: str | None = None
    target: str | None = None
    notes: list[str] = field(default_factory=list)
    events: list[int] = field(default_factory=list)  # indices into the returned events

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "span": list(self.span),
            "kind": self.kind,
            "entry": self.entry,
            "type": self.type,
            "outcome": self.outcome,
            "reason": self.reason,
            "source": self.source,
            "target": self.target,
            "notes": list(self.notes),
        }


@runtime_checkable
class Coder(Protocol):
    """An event coder. ``name`` is what ``--coder`` takes and what each event's ``coder``
    says; ``setup`` runs once per pipeline; ``code`` returns the article's events and,
    when ``trace`` is a list, appends a :class:`Candidate` for everything it considered."""

    name: str

    def setup(self, context: Context) -> None: ...

    def code(
        self,
        doc: Doc,
        record: Record,
        context: Context,
        trace: list[Candidate] | None = None,
    ) -> list[Event]: ...


class CoderError(ValueError):
    """No coder of that name, or an object that is no coder."""


_CODERS: dict[str, Coder] = {}


def register_coder(coder: Coder) -> Coder:
    """Make ``coder`` available under its name (a later one of the same name wins)."""
    if not isinstance(coder, Coder):
        raise CoderError(f"{coder!r} is not an event coder: it needs name, setup and code")
    _CODERS[coder.name] = coder
    return coder


def _entry_points() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINTS)}


def known_coders() -> list[str]:
    """Every coder name a run can use."""
    return list(dict.fromkeys([*BUILTIN, *_CODERS, *_entry_points()]))


def get_coder(name: str) -> Coder:
    """The coder ``name``: registered, built in, or from an entry point."""
    if name in _CODERS:
        return _CODERS[name]
    target = BUILTIN.get(name) or _entry_points().get(name)
    if target is None:
        raise CoderError(
            f"unknown event coder '{name}': known coders are {', '.join(known_coders())}"
        )
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    if isinstance(obj, type):
        obj = obj()
    if not isinstance(obj, Coder):
        raise CoderError(f"{target} is not an event coder: it needs name, setup and code")
    if obj.name != name:
        raise CoderError(f"{target} was named for coder '{name}' but is named '{obj.name}'")
    return register_coder(obj)
