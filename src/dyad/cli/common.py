"""Helpers shared by the CLI modules."""

from __future__ import annotations

import os
import sys

from rich.console import Console

DEFAULT_DB = "dyad.duckdb"

err = Console(stderr=True)


def db_path(db: str | None) -> str:
    """The database file: the option, else $DYAD_DB, else dyad.duckdb."""
    return db or os.environ.get("DYAD_DB") or DEFAULT_DB


def fail(message: str, code: int = 2) -> None:
    """Print one clear sentence to stderr and exit."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    sys.exit(code)
