"""A Dask cluster when one machine is not enough.

The client streams articles and cuts them into shards; a shard is the unit of work.
Each Dask worker process builds its pipeline once (a lazy per-process cache, never a
pickled model), processes a shard and writes it as a Parquet file named by the
shard's content hash. A rerun skips shards whose file already exists. One step then
loads the shards, in order, into DuckDB through the ordinary store.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from dyad.contract import Failure, Settings
from dyad.model import Article, Record
from dyad.pipeline import Pipeline

_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(settings: Settings) -> Pipeline:
    """This worker process's pipeline, built on first use."""
    key = repr(settings)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    return _PIPELINES[key]


def shard_id(article_dicts: list[dict[str, Any]]) -> str:
    h = hashlib.sha1()
    for a in article_dicts:
        h.update(a["id"].encode())
        h.update(b"\x00")
    return h.hexdigest()[:16]


def process_shard(
    index: int, articles: list[dict[str, Any]], out_dir: str, settings: Settings
) -> str:
    """Process one shard on a worker; write ``NNNNNN-<hash>.parquet``; return its path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(out_dir) / f"{index:06d}-{shard_id(articles)}.parquet"
    if path.exists():
        return str(path)
    kinds: list[str] = []
    ids: list[str | None] = []
    payload: list[str] = []
    for item in _pipeline(settings).process(Article.from_dict(a) for a in articles):
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
    return str(path)


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
        futures = []
        for i, (arts, fails) in enumerate(_shards(items, shard_size)):
            failures.extend(fails)
            if arts:
                futures.append(client.submit(process_shard, i, arts, out_dir, settings, pure=False))
        paths = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(paths), failures


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
