"""Answers of the API kept per database version, so a reload or a repeated filter costs no
query.

The version is what ``os.stat`` says of the database file, its write-ahead log and the
snapshot a writer publishes (:meth:`dyad.store.Store.publish_snapshot`): any write
changes one of them, and every answer kept for an older version is dropped. The check
costs three ``stat`` calls and opens nothing, so a cached answer never touches the
database (and never stands in a writer's way). Only successful JSON answers of GET
requests are kept, up to a bounded number of bytes, least recently used out first.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from dyad.store.db import SNAPSHOT_SUFFIX

MAX_BYTES = 64 * 1024 * 1024  # all answers kept, together
MAX_ANSWER = 4 * 1024 * 1024  # one answer; a bigger one is not kept
Version = tuple[tuple[int, int, int, int], ...]
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]  # status, raw headers, body


def db_version(path: str) -> Version:
    """The database's version: inode, size, mtime and ctime of the file, its WAL and its
    snapshot (zeros where one is absent)."""
    out = []
    for p in (path, path + ".wal", path + SNAPSHOT_SUFFIX):
        try:
            s = os.stat(p)
            out.append((s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns))
        except OSError:
            out.append((0, 0, 0, 0))
    return tuple(out)


class AnswerCache:
    """Answers keyed on the request's path and query string, for one database version."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_answer: int = MAX_ANSWER):
        self.max_bytes, self.max_answer = max_bytes, max_answer
        self._version: Version | None = None
        self._items: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, version: Version, key: str) -> Answer | None:
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._bytes = 0
                self._version = version
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, version: Version, key: str, answer: Answer) -> None:
        size = len(answer[2])
        if size > self.max_answer:
            return
        with self._lock:
            if version != self._version:  # the database changed while it was computed
                return
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2])
            self._items[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped[2])
