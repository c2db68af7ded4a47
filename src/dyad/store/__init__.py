"""The DuckDB store: schema and migrations, idempotent writes, event matching, queries."""

from dyad.store.db import Store, StoreError
from dyad.store.queries import QueryError
from dyad.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "QueryError", "Store", "StoreError"]
