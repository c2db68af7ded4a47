"""The events stage: who did what to whom, coded in PLOVER with CAMEO beside it.

The stage itself is small: it runs the event coder the run names (``Settings.coder``,
``--coder NAME``; see :mod:`dyad.extract.events.coders`) and adds the events it returns
to the record. The coder sees everything the earlier stages found: actors, times,
places and quotes. The built-in coder is the lexicon coder
(:mod:`dyad.extract.events.coders.lexicon`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.contract import Context, stage
from dyad.extract.events.coders import Candidate, Coder, get_coder
from dyad.model import Event, Record

__all__ = ["coder_for", "find_events", "run", "setup"]


def coder_for(ctx: Context) -> Coder:
    """The coder ``ctx.settings.coder`` names, set up once per context."""

    def make() -> Coder:
        coder = get_coder(ctx.settings.coder)
        coder.setup(ctx)
        return coder

    return ctx.resource(f"events.coder:{ctx.settings.coder}", make)


def setup(ctx: Context) -> None:
    """Find and set up the coder before the first article (an unknown name fails here)."""
    coder_for(ctx)


def find_events(
    doc: Doc, rec: Record, ctx: Context | None = None, trace: list[Candidate] | None = None
) -> list[Event]:
    """The events the run's coder finds in one parsed article; ``trace`` gets its candidates."""
    ctx = ctx or Context()
    coder = coder_for(ctx)
    events = coder.code(doc, rec, ctx, trace)
    for ev in events:
        ev.coder = ev.coder or coder.name
    return events


@stage(
    "events",
    requires=("actors",),
    uses=("times", "places", "quotes"),
    assigns=("events",),
    setup=setup,
)
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Add the article's events (facts, and negated or hypothetical ones with flags)."""
    rec.events.extend(find_events(doc, rec, ctx))
