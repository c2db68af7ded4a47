"""CLI command: `dyad watch SOURCE...` polls folders and feeds and ingests what is new.

The polling itself is :class:`dyad.read.watching.Watcher`; see its module for what a
poll looks at and what the state file remembers.
"""

from __future__ import annotations

from typing import Any

import typer

from dyad.cli.common import CODER_OPTION, STAGES_HELP


def watch(
    sources: list[str] = typer.Argument(..., help="Folders, files, feed URLs or feed files."),
    db: str | None = typer.Option(
        None, "--db", help="DuckDB file (default: $DYAD_DB, else dyad.duckdb).", show_default=False
    ),
    interval: float = typer.Option(300.0, "--interval", help="Seconds between polls."),
    polls: int = typer.Option(
        0, "--polls", help="Stop after this many polls (0: run until Ctrl-C)."
    ),
    state: str | None = typer.Option(
        None, "--state", help="State file (default: the database path + .watch.json)."
    ),
    max_bytes: int | None = typer.Option(
        None, "--max-bytes", help="Refuse files, records or pages larger than this."
    ),
    rate: float = typer.Option(1.0, "--min-interval", help="Seconds between requests to one site."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds allowed per HTTP request."),
    no_pages: bool = typer.Option(
        False, "--no-pages", help="Use feed items' own content; do not fetch their pages."
    ),
    stages: str | None = typer.Option(None, "--stages", help=STAGES_HELP),
    coder: str | None = CODER_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only failures and the final line."),
    allow_private: bool = typer.Option(
        False,
        "--allow-private",
        help="Let feeds, their items and redirects reach loopback, private and link-local "
        "addresses (refused by default, so a feed cannot pull pages from inside your network).",
    ),
) -> None:
    """Poll folders and feeds at an interval and ingest what is new."""
    from dyad.cli.common import data_text, db_path, err, fail, run_settings
    from dyad.read import ReadLimits
    from dyad.read.watching import PollReport, Watcher, default_state_file

    if interval < 0:
        fail("--interval must not be negative", 2)
    if polls < 0:
        fail("--polls must not be negative", 2)
    if max_bytes is not None and max_bytes < 1:
        fail("--max-bytes must be at least 1", 2)
    settings = run_settings(stages, coder=coder)
    path = db_path(db)
    limits = ReadLimits(
        min_interval=rate, timeout=timeout, fetch_pages=not no_pages, allow_private=allow_private
    )
    if max_bytes is not None:
        limits.max_bytes = max_bytes
    from dyad.ingest import ingest
    from dyad.nlp import ModelMissing, load
    from dyad.store import Store, StoreError

    try:
        load(settings.model)
    except ModelMissing as exc:
        fail(str(exc), 2)
    try:  # fail now, with one sentence, rather than at every poll
        Store(path).close()
    except StoreError as exc:
        fail(str(exc), 2)
    watcher = Watcher(
        sources,
        state or default_state_file(path),
        lambda items: ingest(items, path, settings),
        limits,
    )
    total = PollReport(0)

    def show(r: Any) -> None:
        for f in r.failures:
            err.print(data_text(f"failed: {f.source_path}: {f.reason}", "yellow"), highlight=False)
        total.stored += r.stored
        total.skipped += r.skipped
        total.failed += r.failed
        if not quiet:
            err.print(r.summary(), highlight=False)

    try:
        watcher.run(polls=polls, interval=interval, on_poll=show)
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)
    err.print(
        f"watch: {total.stored} stored, {total.skipped} skipped, {total.failed} failed "
        f"in {watcher.polls} polls",
        highlight=False,
    )
    raise typer.Exit(1 if total.failed else 0)


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)
