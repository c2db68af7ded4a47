"""CLI command: serve, the HTTP API and the web page over a database (read-only)."""

from __future__ import annotations

import os

import typer

from dyad.cli.common import db_path, fail


def serve(
    db: str | None = typer.Option(
        None, "--db", help="Database file (default dyad.duckdb or $DYAD_DB)."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind; 127.0.0.1 keeps it on this machine."
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
) -> None:
    """Serve a read-only HTTP API (OpenAPI at /api/openapi.json) and the web page."""
    import uvicorn

    from dyad.web import create_app

    path = db_path(db)
    if not os.path.exists(path):
        fail(f"no database at {path}: run `dyad ingest` first or pass --db")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            f"warning: binding to {host}: anyone who can reach this machine can read the database",
            err=True,
        )
    typer.echo(f"dyad: serving {path} read-only at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(path), host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
