"""Small file helpers shared by the readers: size-limited reads, gzip, messages."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from typing import IO

from dyad.contract import Failure


class ReadWarning(Failure):
    """Something a reader noticed but read past (bytes that are not valid UTF-8,
    replaced): reported on stderr and in ``dyad errors`` (level "warning"), while the
    articles are kept.
    It is a :class:`~dyad.pipeline.Failure` so that it travels in the same stream, but
    ingest counts it as a warning, not a failure."""


class TooLarge(ValueError):
    """An input over the configured size limit."""


def human_bytes(n: int) -> str:
    """A byte count in decimal units (1 MB = 1 000 000 bytes, as ``--max-bytes`` is
    written: 50_000_000 reads "50.0 MB")."""
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return f"{n} bytes"


def too_large_message(size: int | None, limit: int, what: str = "file") -> str:
    """``size`` None (or just over ``limit``) means the read stopped at the limit."""
    if size is None or size == limit + 1:
        return (
            f"{what} too large: over the limit of {human_bytes(limit)} (raise it with --max-bytes)"
        )
    return (
        f"{what} too large: {human_bytes(size)} (limit {human_bytes(limit)}; "
        "raise it with --max-bytes)"
    )


def open_binary(path: str) -> IO[bytes]:
    """Open a file for reading bytes, decompressing ``.gz`` transparently."""
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_limited(path: str, max_bytes: int) -> bytes:
    """The whole file, or :class:`TooLarge` when it is over ``max_bytes``."""
    if not path.lower().endswith(".gz"):
        size = os.path.getsize(path)
        if size > max_bytes:
            raise TooLarge(too_large_message(size, max_bytes))
    with open_binary(path) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(too_large_message(len(data), max_bytes, "file (uncompressed)"))
    return data


def read_whole(path: str, max_bytes: int) -> bytes | Failure:
    """A file's bytes for a reader that needs it whole, or the Failure to report:
    over ``max_bytes``, or empty."""
    try:
        data = read_limited(path, max_bytes)
    except TooLarge as exc:
        return Failure(path, str(exc), stage="read")
    if not data.strip():
        return Failure(path, "empty file", stage="read")
    return data


def iter_lines_limited(f: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for each line; a line over ``max_bytes`` comes as
    ``None`` and is skipped without ever being held in memory whole."""
    lineno = 0
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the long line
                chunk = f.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line
