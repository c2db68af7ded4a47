"""The quotes stage (placeholder until its issue lands)."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.model import Record


def run(doc: Doc, rec: Record, ctx: object) -> None:
    """Add nothing yet."""
    return None
