"""The `dyad` command line. Each command group lives in its own module here.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 all fine,
1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

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
    app()
