"""Worker processes and the Dask path give exactly what the serial path gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.model import Article, article_id
from dyad.pipeline import Failure, Pipeline, Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

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


def _sample():
    from dyad.read import read_paths

    return list(read_paths([str(EXAMPLES / "articles")]))


def _db_summary(path):
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        arts = con.execute("SELECT id FROM articles ORDER BY id").fetchall()
        events = con.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
        recs = [r[0] for r in con.execute("SELECT record FROM articles ORDER BY id").fetchall()]
        return arts, events, recs
    finally:
        con.close()


@pytest.mark.timeout(600)
def test_bundled_sample_same_records_serial_workers_and_dask(tmp_path):
    """The bundled sample gives identical databases through every path."""
    pytest.importorskip("dask.distributed")
    from dyad.ingest import ingest, ingest_dask

    settings = Settings(batch_size=1)  # several batches, so two workers really share work
    serial = ingest(_sample(), str(tmp_path / "serial.duckdb"), settings, workers=1)
    two = ingest(_sample(), str(tmp_path / "two.duckdb"), settings, workers=2)
    dask = ingest_dask(
        _sample(), str(tmp_path / "dask.duckdb"), "local", settings, shard_size=2, n_workers=2
    )
    assert serial.stored == two.stored == dask.stored == len(_sample())
    a = _db_summary(tmp_path / "serial.duckdb")
    assert _db_summary(tmp_path / "two.duckdb") == a
    assert _db_summary(tmp_path / "dask.duckdb") == a
    assert a[1] > 0  # the sample has events


@pytest.mark.timeout(600)
@pytest.mark.parametrize("workers", [1, 2, "dask"])
def test_a_run_learns_actors_in_input_order_for_any_worker_count(tmp_path, workers):
    """A bare surname resolves to the person an earlier article of the same run named in
    full, whichever worker (or Dask shard) handled which article, and the stages after
    learn see that person."""
    from dyad.ingest import ingest, ingest_dask
    from dyad.store import Store

    texts = [
        "Brazilian Foreign Minister Renata Kowalczyk arrived in Lima on Monday for talks.",
        "Farmers protested in Lyon on Tuesday against new fuel taxes, police said.",
        "Kowalczyk said the talks with Peru had gone well.",
        "Heavy rain flooded several villages in northern Bangladesh on Sunday.",
    ]
    arts = [
        Article(
            id=article_id(f"http://x/{i}", t), text=t, published="2021-05-04", url=f"http://x/{i}"
        )
        for i, t in enumerate(texts)
    ]
    db = str(tmp_path / f"w{workers}.duckdb")
    if workers == "dask":
        pytest.importorskip("dask.distributed")
        ingest_dask(arts, db, "local", Settings(batch_size=1), shard_size=1, n_workers=2)
    else:
        ingest(arts, db, Settings(batch_size=1), workers=workers)
    st = Store(db, read_only=True)
    try:
        rec = st.get_record(arts[2].id)
    finally:
        st.close()
    person = next(a for a in rec.actors if a.name.endswith("Kowalczyk"))
    assert person.name == "Renata Kowalczyk"
    assert person.country == "BRA"
    assert person.provenance == f"learned:{arts[0].id}"
    assert rec.lessons == []  # a bare surname teaches nothing
    assert [x.name for x in st_lessons(db)] == ["Renata Kowalczyk"]


def st_lessons(db):
    from dyad.store import Store

    with Store(db, read_only=True) as st:
        return st.lessons()


@pytest.mark.timeout(600)
def test_a_dask_rerun_takes_the_lessons_of_the_shards_already_written(tmp_path):
    """A rerun that finds the first shards written takes their records' lessons, so the
    shards it writes again are what one run writes."""
    pytest.importorskip("dask.distributed")
    from dyad import distributed

    texts = [
        "Brazilian Foreign Minister Renata Kowalczyk arrived in Lima on Monday for talks.",
        "Kowalczyk said the talks with Peru had gone well.",
    ]
    arts = [Article(id=f"k{i}", text=t, published="2021-05-04") for i, t in enumerate(texts)]
    out = str(tmp_path / "shards")
    settings = Settings(batch_size=1)
    paths, _ = distributed.run(arts, out, "local", settings, shard_size=1, n_workers=1)
    first = [r.to_dict() for r in distributed.read_shards(paths)]
    Path(paths[1]).unlink()  # the second shard was lost
    again, _ = distributed.run(arts, out, "local", settings, shard_size=1, n_workers=1)
    assert again == paths
    assert [r.to_dict() for r in distributed.read_shards(again)] == first
    person = next(a for a in first[1]["actors"] if a["name"].endswith("Kowalczyk"))
    assert (person["name"], person["provenance"]) == ("Renata Kowalczyk", "learned:k0")
