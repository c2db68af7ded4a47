"""A Dask cluster when one machine is not enough.

The client streams articles and cuts them into shards; a shard is the unit of work.
Each Dask worker process builds its pipeline once (a lazy per-process cache, never a
pickled model), processes a shard and writes it as a Parquet file named by a hash of
the shard's articles, of every article before it, and of the lessons the run began
with (what a shard's records are depends on all of those: see below). A rerun skips
shards whose file already exists. One step then loads the shards, in order, into DuckDB
through the ordinary store.

A run with an in-order stage (learn) goes in two parts per shard, as on one machine
(:mod:`dyad.parallel`): a worker parses the shard and runs the stages before it; the
client runs the in-order stage over the shard in input order (running the actors stage
of an article again where the run has since learned something it read); a worker runs
the remaining stages and writes the file. A shard whose file exists gives the client
its records' lessons instead. So the records are those of a serial run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from dyad.contract import Failure, Settings, resolve_stages, split_in_order
from dyad.model import Article, Record
from dyad.parallel import first_part, halfway
from dyad.pipeline import InOrder, Pipeline

_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(settings: Settings) -> Pipeline:
    """This worker process's pipeline, built on first use."""
    key = repr(settings)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    return _PIPELINES[key]


def shard_id(article_dicts: list[dict[str, Any]], before: str = "") -> str:
    """A shard's name: its articles' ids after ``before`` (the id of the shard before it,
    or of the lessons the run began with)."""
    h = hashlib.sha1(before.encode())
    for a in article_dicts:
        h.update(a["id"].encode())
        h.update(b"\x00")
    return h.hexdigest()[:16]


def _start_id(settings: Settings) -> str:
    """What the first shard's name starts from: the lessons the run began with."""
    if not settings.prior_lessons:
        return ""
    text = json.dumps([x.to_dict() for x in settings.prior_lessons], sort_keys=True)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def process_shard(
    index: int, articles: list[dict[str, Any]], out_dir: str, settings: Settings, name: str = ""
) -> str:
    """Process one shard on a worker (all stages: a run without an in-order stage); write
    ``NNNNNN-<name>.parquet``; return its path."""
    path = Path(out_dir) / f"{index:06d}-{name or shard_id(articles)}.parquet"
    if path.exists():
        return str(path)
    _write(path, _pipeline(settings).process(Article.from_dict(a) for a in articles))
    return str(path)


def first_shard(articles: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    """The first part of a shard on a worker (see :func:`dyad.parallel.first_part`)."""
    return first_part(_pipeline(settings), articles)


def last_shard(
    path: str, items: list[dict[str, Any] | tuple[dict[str, Any], bytes]], settings: Settings
) -> str:
    """The last part of a shard on a worker: ``items`` holds, in input order, a failure
    (a dict) or a record dict with its parse; write the shard file; return its path."""
    pipe = _pipeline(settings)

    def outputs() -> Iterator[Record | Failure]:
        for it in items:
            if isinstance(it, dict):
                yield Failure(**it)
            else:
                rec, doc = it
                yield pipe.last_part(Record.from_dict(rec), doc)

    _write(Path(path), outputs())
    return path


def _write(path: Path, outputs: Iterable[Record | Failure]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds: list[str] = []
    ids: list[str | None] = []
    payload: list[str] = []
    for item in outputs:
        if isinstance(item, Failure):
            kinds.append("failure")
            ids.append(item.article_id)
            payload.append(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            kinds.append("record")
            ids.append(item.id)
            payload.append(item.to_json())
    table = pa.table({"kind": kinds, "id": ids, "json": payload})
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)  # atomic: a shard file is whole or absent


def _shards(
    items: Iterable[Article | Failure], size: int
) -> Iterator[tuple[list[dict[str, Any]], list[Failure]]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield (
            [a.to_dict() for a in chunk if isinstance(a, Article)],
            [f for f in chunk if isinstance(f, Failure)],
        )


def run(
    items: Iterable[Article | Failure],
    out_dir: str,
    scheduler: str = "local",
    settings: Settings | None = None,
    shard_size: int = 200,
    n_workers: int | None = None,
) -> tuple[list[str], list[Failure]]:
    """Process ``items`` on a Dask cluster into Parquet shards under ``out_dir``.

    ``scheduler`` is a scheduler address, or ``"local"`` for a local cluster of
    single-threaded worker processes. Returns the shard paths in input order and the
    readers' failures.
    """
    from dask.distributed import Client, LocalCluster

    settings = settings or Settings()
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=n_workers or max(1, (os.cpu_count() or 2)),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    failures: list[Failure] = []
    try:
        if split_in_order(resolve_stages(settings.stages))[1] is None:
            futures = []
            for i, (arts, fails) in enumerate(_shards(items, shard_size)):
                failures.extend(fails)
                if arts:
                    futures.append(
                        client.submit(process_shard, i, arts, out_dir, settings, pure=False)
                    )
            paths = client.gather(futures)
        else:
            paths = _two_parts(client, items, out_dir, settings, shard_size, failures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(paths), failures


def _two_parts(
    client: Any,
    items: Iterable[Article | Failure],
    out_dir: str,
    settings: Settings,
    shard_size: int,
    failures: list[Failure],
) -> list[str]:
    """Shards in two parts around the in-order stage (see the module docstring); at most
    a few shards' first parts in flight, so the client holds a bounded number of parses."""
    from collections import deque

    learner = InOrder(settings)
    ahead = max(2, 2 * len(client.scheduler_info().get("workers", {})))
    name = _start_id(settings)
    todo: deque[tuple[Path, Any]] = deque()  # (shard file, first part in flight or None)
    lasts: list[Any] = []
    paths: list[str] = []

    def learn_one() -> None:
        path, fut = todo.popleft()
        if fut is None:  # written by an earlier run: take in its records' lessons
            for out in read_shards([str(path)]):
                if isinstance(out, Record):
                    learner.absorb(out)
            return
        rest: list[dict[str, Any] | tuple[dict[str, Any], bytes]] = []
        for d in fut.result():
            half = halfway(d)
            out = half if isinstance(half, Failure) else learner.step(half)
            if isinstance(out, Failure):
                rest.append(out.to_dict())
            elif not isinstance(half, Failure):
                rest.append((out.to_dict(), half.doc))
        lasts.append(client.submit(last_shard, str(path), rest, settings, pure=False))

    for i, (arts, fails) in enumerate(_shards(items, shard_size)):
        failures.extend(fails)
        if not arts:
            continue
        name = shard_id(arts, name)
        path = Path(out_dir) / f"{i:06d}-{name}.parquet"
        paths.append(str(path))
        done = path.exists()
        todo.append(
            (path, None if done else client.submit(first_shard, arts, settings, pure=False))
        )
        while len(todo) > ahead:
            learn_one()
    while todo:
        learn_one()
    client.gather(lasts)
    return paths


def read_shards(paths: Iterable[str]) -> Iterator[Record | Failure]:
    """Records and failures from shard files, in order."""
    import pyarrow.parquet as pq

    for p in sorted(paths):
        table = pq.read_table(p)
        for kind, payload in zip(
            table.column("kind").to_pylist(), table.column("json").to_pylist(), strict=True
        ):
            if kind == "failure":
                yield Failure(**json.loads(payload))
            else:
                yield Record.from_json(payload)
