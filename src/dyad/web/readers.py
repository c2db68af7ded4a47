"""One read-only connection held between requests, given up as soon as a writer wants the
file or nobody asks for a moment.

Opening the database costs more than most of the page's queries (connect, the schema
check, close: 30-150 ms on a busy machine, against a few ms for a query). So
:class:`Readers` keeps one :class:`~dyad.store.Store` open, and each request reads through
its own cursor of it. DuckDB lets a writer in only when no reader holds the file, so the
held connection is closed by a watcher thread when a writer of another process says it
wants the file (its ``<path>.writer`` marker, :func:`dyad.store.db.writer_waiting`), and
after ``idle`` seconds without a request; the writer waits at most for the requests in
flight. A connection to the writer's snapshot is never held (a new snapshot replaces it).
Only for a server whose process does not write the file itself (``dyad serve``).
"""

from __future__ import annotations

import threading
import time

from dyad.store import Store
from dyad.store.db import writer_waiting

IDLE = 2.0  # seconds without a request before the held connection is closed
WATCH = 0.05  # seconds between the watcher's looks at the writer marker


class _Borrowed(Store):
    """A Store for one request: a cursor of the held connection."""

    def __init__(self, held: Store, readers: Readers):
        # The held Store's state (whatever Store keeps), with fresh containers, no writer
        # marker, and a cursor of its own.
        self.__dict__.update(
            {
                k: (type(v)() if isinstance(v, dict | set | list) else v)
                for k, v in vars(held).items()
            }
        )
        self._marker = None
        self.con = held.con.cursor()
        self._readers: Readers | None = readers

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            if self._readers is not None:
                self._readers._give_back()
                self._readers = None


class Readers:
    """Read-only Stores of ``path`` for requests, from one connection held while it may be."""

    def __init__(self, path: str, idle: float = IDLE):
        self.path, self.idle = str(path), idle
        self._lock = threading.Lock()
        self._held: Store | None = None
        self._in_use = 0
        self._last = 0.0
        self._watcher: threading.Thread | None = None
        self.opened = 0  # connections opened (for tests and benchmarks)

    def open(self) -> Store:
        """A read-only Store for one request; close it when done. Raises StoreError as
        :class:`Store` does (no database, a writer holding it with no snapshot)."""
        if writer_waiting(self.path):  # let the writer in: read its snapshot meanwhile
            self._close_if_idle(force=True)
            self.opened += 1
            return Store(self.path, read_only=True)
        with self._lock:
            if self._held is None:
                st = Store(self.path, read_only=True)
                self.opened += 1
                if st.from_snapshot:
                    return st
                self._held = st
                self._start_watcher()
            self._in_use += 1
            self._last = time.monotonic()
            try:
                return _Borrowed(self._held, self)
            except BaseException:
                self._in_use -= 1
                raise

    def close(self) -> None:
        """Close the held connection (it is reopened by the next request)."""
        self._close_if_idle(force=True, wait=True)

    def _give_back(self) -> None:
        with self._lock:
            self._in_use -= 1
            self._last = time.monotonic()

    def _close_if_idle(self, force: bool = False, wait: bool = False) -> bool:
        """Close the held connection if no request uses it (and, unless ``force``, it has
        been idle); with ``wait``, wait for the requests in flight first."""
        deadline = time.monotonic() + 30
        while True:
            with self._lock:
                if self._closable(force):
                    return True
            if not wait or time.monotonic() > deadline:
                return False
            time.sleep(WATCH)

    def _closable(self, force: bool) -> bool:
        """(Under the lock.) Close the held connection if it may be; True if none is held."""
        if self._held is None:
            return True
        idle = time.monotonic() - self._last >= self.idle
        if self._in_use == 0 and (force or idle):
            held, self._held = self._held, None
            held.close()
            return True
        return False

    def _start_watcher(self) -> None:
        """(Under the lock.) Start the thread that closes the held connection."""
        if self._watcher is None:
            self._watcher = threading.Thread(target=self._watch, name="dyad-readers", daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        while True:
            time.sleep(WATCH)
            force = writer_waiting(self.path) is not None
            with self._lock:
                if self._closable(force):
                    self._watcher = None
                    return
