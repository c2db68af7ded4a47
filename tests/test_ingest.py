"""Ingest: bad inputs reported and recorded, reruns idempotent, crashes resumable, wikinews."""

from __future__ import annotations

import pytest

from dyad.ingest import ingest, read_inputs
from dyad.model import Article, article_id
from dyad.pipeline import Failure, Settings
from dyad.store import Store

FAST = Settings(stages=("actors",), batch_size=4)

GOOD = """# Talks in Geneva

March 3, 2020

Swiss Foreign Minister Ignazio Cassis met Iranian Foreign Minister Javad Zarif in Geneva.

Original url: <https://example.org/geneva-talks>
"""

LATIN1 = (
    "# Café talks in Zürich\n\nMarch 4, 2020\n\n"
    "The Swiss president, Simonetta Sommaruga, met the French ambassador at a café in Zürich.\n"
)


def make_folder(root):
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    (root / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (root / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (root / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    return make_folder(d)


def test_folder_with_bad_files_ingests_the_good_ones(folder, tmp_path):
    db = str(tmp_path / "x.duckdb")
    report = ingest(read_inputs([str(folder)]), db, FAST)
    assert report.stored == 2 and report.failed == 2
    failed = {f.source_path.rsplit("/", 1)[-1] for f in report.failures}
    assert failed == {"binary.bin", "empty.txt"}
    with Store(db, read_only=True) as st:
        titles = {a["title"] for a in st.articles()}
        assert "Café talks in Zürich" in titles  # Latin-1 read correctly
        errs = st.errors()
        assert {e["path"].rsplit("/", 1)[-1] for e in errs} == {"binary.bin", "empty.txt"}
        assert all(e["reason"] for e in errs)
    again = ingest(read_inputs([str(folder)]), db, FAST)
    assert again.stored == 0 and again.skipped == 2


def articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        text = f"President Number{i} of France met Chancellor Other{i} of Germany in Berlin."
        url = f"https://example.org/{i}"
        out.append(Article(id=article_id(url, text), text=text, url=url, published="2020-01-01"))
    return out


def test_crash_loses_at_most_a_batch_and_rerun_finishes(tmp_path):
    db = str(tmp_path / "c.duckdb")
    arts = articles(10)

    def crashing():
        for i, a in enumerate(arts):
            if i == 7:
                raise KeyboardInterrupt
            yield a

    with pytest.raises(KeyboardInterrupt):
        ingest(crashing(), db, FAST)
    with Store(db, read_only=True) as st:
        kept = st.counts()["articles"]
    assert 4 <= kept <= 7  # whole batches of 4 survive; the batch in flight is lost
    report = ingest(iter(arts), db, FAST)
    assert report.stored == 10 - kept and report.skipped == kept
    with Store(db, read_only=True) as st:
        assert st.counts()["articles"] == 10


def test_limit_and_duplicates_within_one_run(tmp_path):
    db = str(tmp_path / "l.duckdb")
    arts = articles(5)
    report = ingest(iter(arts[:3] + arts[:1]), db, FAST, limit=2)
    assert report.stored == 2
    report = ingest(iter(arts + arts[:1]), db, FAST)
    assert report.stored == 3 and report.skipped == 3


def test_failures_pass_through(tmp_path):
    db = str(tmp_path / "f.duckdb")
    items = [Failure("x.jsonl:3", "broken JSON line", None, "read"), *articles(1)]
    report = ingest(iter(items), db, FAST)
    assert report.stored == 1 and report.failed == 1 and not report.ok


def test_wikinews_twice_leaves_295_articles(shared, tmp_path):
    csvs = sorted(str(p) for p in (shared / "corpora" / "wikinews").glob("*.csv"))
    assert len(csvs) == 2
    db = str(tmp_path / "w.duckdb")
    # A real ingest, made cheaper: one stage, and long interviews parsed only in part.
    settings = Settings(stages=("actors",), batch_size=64, parse_chars=4000)
    first = ingest(read_inputs(csvs), db, settings)
    assert first.failed == 0, first.failures[:3]
    assert first.stored == 295
    second = ingest(read_inputs(csvs), db, settings)
    assert second.stored == 0 and second.skipped == 295
    with Store(db, read_only=True) as st:
        c = st.counts()
        assert c["articles"] == 295
        dup = st.con.execute(
            "SELECT count(*) FROM (SELECT url FROM articles GROUP BY url HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dup == 0
        assert c["actors"] > 500
        assert len(st.actors(limit=5)) == 5


def test_actors_learned_in_one_run_resolve_names_in_the_next(tmp_path):
    db = str(tmp_path / "k.duckdb")
    t1 = (
        "Japanese Foreign Minister Kenji Morita met South Korean Foreign Minister "
        "Park Soo-jin in Seoul on Tuesday."
    )
    t2 = "Morita said on Wednesday that the talks had been useful."
    a1 = Article(id=article_id("https://x.org/1", t1), text=t1, url="https://x.org/1")
    a2 = Article(id=article_id("https://x.org/2", t2), text=t2, url="https://x.org/2")
    settings = Settings(stages=("actors", "learn"))
    assert ingest([a1], db, settings).stored == 1
    assert ingest([a2], db, settings).stored == 1  # a new run: knows only the database
    with Store(db, read_only=True) as st:
        rec = st.get_record(a2.id)
    morita = [a for a in rec.actors if a.name.endswith("Morita")]
    assert morita and morita[0].name == "Kenji Morita"
    assert morita[0].sector == "GOV" and morita[0].country == "JPN"
    assert morita[0].provenance == f"learned:{a1.id}"
