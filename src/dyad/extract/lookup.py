"""Find the actor behind a stretch of text, for stages after the actors stage."""

from __future__ import annotations

from dyad.model import Actor, Record


def actor_at(rec: Record, start: int, end: int) -> Actor | None:
    """The actor with a mention overlapping ``[start, end)``; the tightest one wins.

    Mentions include names, aliases, titles and pronouns that the actors stage
    resolved, so "he" or "the prime minister" finds its person here.
    """
    best: tuple[int, Actor] | None = None
    for a in rec.actors:
        for m in a.mentions:
            if m.start < end and start < m.end:
                width = m.end - m.start
                if best is None or width < best[0]:
                    best = (width, a)
    return best[1] if best else None
