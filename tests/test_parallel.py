"""Worker processes and the Dask path give exactly what the serial path gives."""

from __future__ import annotations

import pytest

from dyad.model import Article, article_id
from dyad.pipeline import Failure, Pipeline, Settings

TEXTS = [
    "Russian President Vladimir Putin met German Chancellor Angela Merkel in Berlin on Monday.",
    "Turkish troops shelled Kurdish positions in northern Syria, officials said.",
    "",
    "The United Nations called for an immediate ceasefire in Yemen on Friday.",
    "Police arrested dozens of protesters in Minsk on Sunday, witnesses said.",
    "Iran denied it had supplied weapons to rebels in Yemen.",
]


def _articles():
    out = []
    for i, t in enumerate(TEXTS):
        out.append(
            Article(
                id=article_id(f"http://x/{i}", t),
                text=t,
                published="2020-03-02",
                source_path=f"t{i}.txt",
            )
        )
    out.insert(2, Failure("broken.bin", "binary file", None, "read"))
    return out


def _as_dicts(items):
    return [i.to_dict() for i in items]


def test_two_workers_equal_serial():
    from dyad.parallel import process

    settings = Settings(batch_size=2)
    serial = _as_dicts(Pipeline(settings).process(_articles()))
    par = _as_dicts(process(_articles(), settings, workers=2))
    assert par == serial
    assert any(d.get("reason") == "binary file" for d in par)
    assert sum(1 for d in par if "text" in d) == 5  # the empty article is a failure


@pytest.mark.timeout(300)
def test_dask_local_cluster_equals_serial(tmp_path):
    pytest.importorskip("dask.distributed")
    from dyad import distributed

    settings = Settings(batch_size=2)
    serial = [r for r in Pipeline(settings).process(_articles()) if not isinstance(r, Failure)]
    arts = [a for a in _articles()]
    paths, fails = distributed.run(
        arts, str(tmp_path / "shards"), "local", settings, shard_size=2, n_workers=2
    )
    assert [f.reason for f in fails] == ["binary file"]
    got = [r for r in distributed.read_shards(paths) if not isinstance(r, Failure)]
    assert _as_dicts(got) == _as_dicts(serial)
    # A rerun skips shards already written.
    mtimes = {
        p: (tmp_path / "shards" / p).stat().st_mtime_ns
        for p in [x.rsplit("/", 1)[1] for x in paths]
    }
    paths2, _ = distributed.run(
        arts, str(tmp_path / "shards"), "local", settings, shard_size=2, n_workers=1
    )
    assert paths2 == paths
    assert all((tmp_path / "shards" / p).stat().st_mtime_ns == m for p, m in mtimes.items())
