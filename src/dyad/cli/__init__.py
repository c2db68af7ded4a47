"""The `dyad` command line. Each command group lives in its own module here.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 all fine,
1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import gc
import importlib

import typer

app = typer.Typer(
    name="dyad",
    help="Read news and write down who did what to whom, when and where.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rendering them with rich imports rich, markdown-it and
    # typer's rich_utils (~0.7 s on the 2-core dev machine, more than the rest of --help).
    rich_markup_mode=None,
)

# Each module defines `register(app)`.
COMMAND_MODULES = ("run", "evaluate", "query", "explain", "serve", "watch")

for _name in COMMAND_MODULES:
    importlib.import_module(f"dyad.cli.{_name}").register(app)


def main() -> None:
    # A run's start-up makes ~740,000 long-lived objects (spaCy's model, the gazetteers,
    # the knowledge tables): at Python's default threshold (700 new objects) the collector
    # ran ~260 times over them while they were made (0.4 s CPU of a 4 s start-up).
    gc.set_threshold(10_000, 10, 10)
    app()
