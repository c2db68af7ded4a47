"""What the events tests compare: a record's fact events as (type, source, target) names.

Imported by ``tests/test_events*.py`` (pytest puts ``tests/`` on the path)."""

from __future__ import annotations

from dyad.model import Record


def facts(rec: Record) -> set[tuple[str, str | None, str | None]]:
    """(type, source name, target name) of the events that count (no flags)."""
    return {
        (e.type, e.source.name if e.source else None, e.target.name if e.target else None)
        for e in rec.events
        if not e.negated and not e.hypothetical
    }


def has(rec: Record, etype: str, src: str, tgt: str | None = None) -> bool:
    """A fact event of ``etype`` whose source (and target) name contains the words."""
    return any(
        t == etype and s and src in s and (tgt is None or (g and tgt in g))
        for t, s, g in facts(rec)
    )
