"""Helpers shared by the CLI modules: the database option, errors, and printing rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from dyad.contract import Settings

if TYPE_CHECKING:  # rich is imported when something is printed, not at start-up
    from rich.console import Console
    from rich.text import Text

DEFAULT_DB = "dyad.duckdb"


class _StderrConsole:
    """The stderr console, made on first use so that ``dyad --help`` and plain data runs
    do not pay for importing rich."""

    _console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            type(self)._console = Console(stderr=True, soft_wrap=True)
        return getattr(self._console, name)


err: Console = _StderrConsole()  # type: ignore[assignment]

DB_OPTION = typer.Option(
    None, "--db", help="DuckDB file (default: $DYAD_DB, else dyad.duckdb).", show_default=False
)
ROW_FORMATS = ("table", "jsonl", "csv")
CODER_OPTION = typer.Option(
    None, "--coder", help="The event coder, by name (default: lexicon; a package can add more)."
)
STAGES_HELP = (
    "Comma-separated stages to run, in order (default: all): "
    "actors,learn,times,places,quotes,events,tone."
)


def db_path(db: str | None) -> str:
    """The database file: the option, else $DYAD_DB, else dyad.duckdb."""
    return db or os.environ.get("DYAD_DB") or DEFAULT_DB


def run_settings(
    stages: str | None = None,
    batch_size: int | None = None,
    max_chars: int | None = None,
    time_per_article: float | None = None,
    coder: str | None = None,
    parse_chars: int | None = None,
) -> Settings:
    """The run's settings from the command line's options and the environment.

    This is the one place that reads the environment for a run: ``DYAD_MODEL`` (the spaCy
    pipeline), ``DYAD_GEONAMES`` (a GeoNames dump), ``DYAD_EVENTS_LEXICON`` (a user's
    event lexicon) and ``XDG_CACHE_HOME``. Stages read only :class:`Settings`. A bad
    option (an unknown stage, stages in an order that cannot work) exits with one sentence.
    """
    from dyad.contract import StageError, resolve_stages

    env = os.environ
    s = Settings(
        geonames_file=env.get("DYAD_GEONAMES") or None,
        events_lexicon=env.get("DYAD_EVENTS_LEXICON") or None,
    )
    if env.get("DYAD_MODEL"):
        s.model = env["DYAD_MODEL"]
    if env.get("XDG_CACHE_HOME"):
        s.cache_dir = os.path.join(env["XDG_CACHE_HOME"], "dyad")
    if stages:
        s.stages = tuple(x.strip() for x in stages.split(",") if x.strip())
        try:
            resolve_stages(s.stages)
        except StageError as exc:
            fail(str(exc), 2)
    if batch_size is not None:
        if batch_size < 1:
            fail("--batch-size must be at least 1", 2)
        s.batch_size = batch_size
    if max_chars is not None:
        if max_chars < 1:
            fail("--max-chars must be at least 1", 2)
        s.max_chars = max_chars
    if time_per_article is not None:
        s.time_per_article = time_per_article
    if parse_chars is not None:
        if parse_chars < 1:
            fail("--parse-chars must be at least 1", 2)
        s.parse_chars = parse_chars
    if coder is not None:
        from dyad.extract.events.coders import CoderError, get_coder

        try:
            get_coder(coder)
        except CoderError as exc:
            fail(str(exc), 2)
        s.coder = coder
    return s


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one clear sentence to stderr and exit (``message`` is not markup: it may
    quote data)."""
    from rich.text import Text

    line = Text("error:", style="red")
    line.append(" " + plain(message))
    err.print(line, highlight=False)
    sys.exit(code)


def open_store(db: str | None, read_only: bool = True) -> Any:
    """Open the store or exit with one sentence saying why it cannot be opened."""
    from dyad.store import Store, StoreError

    path = db_path(db)
    try:
        return Store(path, read_only=read_only)
    except StoreError as exc:
        fail(str(exc), 2)


def stdout_console() -> Console:
    """A console for data on stdout: the terminal's width, or wide lines into a pipe."""
    from rich.console import Console

    probe = Console()
    return Console(soft_wrap=False, highlight=False, width=None if probe.is_terminal else 200)


def check_choice(value: str, choices: Sequence[str], what: str) -> str:
    if value not in choices:
        fail(f"unknown {what} '{value}': use one of {', '.join(choices)}", 2)
    return value


def to_jsonable(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, float) and v != v:  # NaN
        return None
    return v


def _json_default(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return str(v)


def dumps(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=_json_default)


# C0 and C1 controls (ESC starts terminal escape sequences and OSC 8 links) and the
# bidirectional embeddings, overrides and isolates, which reorder a terminal line.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(s: str) -> str:
    """Text from data made safe for a terminal: control characters removed (tabs and
    newlines kept). Print it with ``markup=False`` or as :class:`rich.text.Text`, so
    ``[/]`` or ``[sic]`` in a title stays as written."""
    return _CONTROLS.sub("", s)


def data_text(s: Any, style: str | None = None) -> Text:
    """A value from the data as rich Text: no markup, no control characters."""
    from rich.text import Text

    return Text(plain("" if s is None else str(s)), style=style or "")


def _cell(v: Any, width: int | None = None) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        s = f"{v:.2f}"
    elif isinstance(v, list | tuple):
        s = ", ".join(str(x) for x in v)
    else:
        s = str(to_jsonable(v))
    s = " ".join(plain(s).split())
    if width and len(s) > width:
        s = s[: width - 1] + "…"
    return s


def print_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    widths: dict[str, int] | None = None,
) -> int:
    """Write rows to stdout as a table, JSON Lines or CSV; return how many were written."""
    check_choice(fmt, ROW_FORMATS, "format")
    rows = list(rows)
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    if fmt == "jsonl":
        out = sys.stdout
        for r in rows:
            out.write(dumps({k: to_jsonable(v) for k, v in r.items()}) + "\n")
        return len(rows)
    if fmt == "csv":
        from dyad.export import csv_safe

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([csv_safe(_cell(r.get(c))) for c in cols])
        return len(rows)
    console = stdout_console()
    if not rows:
        err.print(f"(no {title or 'rows'})")
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, header_style="bold", title_justify="left")
    widths = widths or {}
    for c in cols:
        if c in widths:
            table.add_column(c, overflow="fold", max_width=widths[c])
        else:
            table.add_column(c, no_wrap=True, overflow="ellipsis", max_width=40)
    for r in rows:
        table.add_row(*[Text(_cell(r.get(c), widths.get(c))) for c in cols])
    console.print(table)
    return len(rows)
