"""CLI command: serve, the HTTP API and the web page over a database (read-only)."""

from __future__ import annotations

import os
import socket

import typer

from dyad.cli.common import db_path, fail

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(host: str, extra: list[str] | None = None) -> list[str] | None:
    """The ``Host`` header names the server answers to: the bound address (and, on
    loopback, ``localhost`` and the loopback addresses), plus ``extra``. A request for
    any other name is refused, so a DNS-rebinding page cannot talk to the server under
    its own domain name. None (no check) when bound to all addresses without names."""
    names = {host, *(extra or [])}
    if host in LOOPBACK:
        names |= set(LOOPBACK)
    elif host in ("0.0.0.0", "::", ""):
        if not extra:
            return None
        names.discard(host)
    return sorted(names)


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or exit with one sentence saying why not."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 2)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        why = exc.strerror or str(exc)
        if exc.errno == 98:  # EADDRINUSE
            why = "the port is already in use (another server?); pick another with --port"
        fail(f"cannot listen on {host}:{port}: {why}", 2)
    sock.set_inheritable(True)
    return sock


def serve(
    db: str | None = typer.Option(
        None, "--db", help="Database file (default dyad.duckdb or $DYAD_DB)."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind; 127.0.0.1 keeps it on this machine."
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Another name clients may use in the Host header (repeatable), for example the "
        "machine's DNS name when binding to 0.0.0.0.",
    ),
) -> None:
    """Serve a read-only HTTP API (OpenAPI at /api/openapi.json) and the web page."""
    import uvicorn

    from dyad.web import create_app
    from dyad.web.warm import warm_in_background

    path = db_path(db)
    if not os.path.exists(path):
        fail(f"no database at {path}: run `dyad ingest` first or pass --db")
    if host not in LOOPBACK:
        typer.echo(
            f"warning: binding to {host}: anyone who can reach this machine can read the database",
            err=True,
        )
    sock = _bind(host, port)  # before saying "serving": a busy port fails here, clearly
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    hosts = allowed_hosts(host, allow_host)
    app = create_app(path, allowed_hosts=hosts, hold=True)
    name = hosts[0] if hosts else "127.0.0.1"
    warm_in_background(app, f"[{name}]" if ":" in name else name)  # the page's first answers
    typer.echo(f"dyad: serving {path} read-only at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    try:
        uvicorn.run(app, fd=sock.fileno(), log_level="warning")
    finally:
        sock.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
