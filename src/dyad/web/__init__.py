"""`dyad serve`: a read-only HTTP API over a dyad database and a web page to explore it."""

from dyad.web.app import create_app

__all__ = ["create_app"]
