"""The Python API: dyad.extract, dyad.open (the CLI's filters, DuckDB relations to DataFrames
and Arrow), the /api/places endpoint the map reads, and the plots behind --plot."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dyad
from dyad.store import StoreError
from dyad.store import queries as q

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "articles"
SENTENCE = "Russia accused Ukraine of shelling the border on Monday."


def _py(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )


# --- import and extract -------------------------------------------------------------------


def test_import_dyad_loads_neither_spacy_nor_duckdb():
    res = _py(
        "import sys, dyad; a = {'spacy', 'duckdb'} & set(sys.modules); "
        "dyad.extract, dyad.open, dyad.Record; b = 'spacy' in sys.modules; print(sorted(a), b)"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[] False"


def test_the_one_liner_prints_a_readable_record():
    res = _py(
        "import dyad; print(dyad.extract('Russia accused Ukraine of shelling the border on "
        "Monday.', published='2024-05-06'))"
    )
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert out.startswith("Record ")
    line = next(x for x in out.splitlines() if x.strip().startswith("ACCUSE"))
    assert "Russia (RUS" in line and "Ukraine (UKR" in line and "2024-05-06" in line
    assert "Monday = 2024-05-06" in out
    assert len(out.splitlines()) < 20 and max(len(x) for x in out.splitlines()) < 250


def test_dyad_extract_is_callable_with_the_functions_signature():
    import inspect

    import dyad.extract.actors  # noqa: F401  (the stages' package stays a package)

    assert callable(dyad.extract)
    assert list(inspect.signature(dyad.extract).parameters)[:2] == ["text", "published"]
    from dyad import extract

    assert extract is dyad.extract


def test_extract_is_the_cli_pipeline_with_the_cli_settings():
    from dyad.model import Article, article_id
    from dyad.pipeline import Pipeline, Settings

    rec = dyad.extract(SENTENCE, published="2024-05-06")
    art = Article(id=article_id(None, SENTENCE), text=SENTENCE, published="2024-05-06")
    same = next(Pipeline(Settings()).process([art]))
    assert rec.to_dict() == same.to_dict()
    assert isinstance(rec, dyad.Record)
    assert dyad.extract(SENTENCE, published=dt.date(2024, 5, 6)).to_dict() == rec.to_dict()
    # A setting changed by keyword: only the actors stage runs.
    only = dyad.extract(SENTENCE, published="2024-05-06", stages="actors")
    assert only.actors and not only.events and not only.times
    assert dyad.extract(SENTENCE, stages=["actors", "times"], published="2024-05-06").times


def test_extract_many_keeps_order_and_failures_in_place():
    items = [
        "Iran threatened Iraq on Monday.",
        {"text": "France and Germany signed a trade agreement.", "date": "1987-03-02"},
        "   ",
        {"text": "Iran threatened Iraq on Monday.", "title": "again", "url": "https://x.test/2"},
    ]
    out = list(dyad.extract(iter(items), published="1987-02-26", batch_size=3))
    assert [type(x).__name__ for x in out] == ["Record", "Record", "Failure", "Record"]
    assert out[0].published == "1987-02-26" and out[1].published == "1987-03-02"
    assert out[0].events[0].type == "THREATEN" and out[0].events[0].date == "1987-02-23"
    assert "empty" in out[2].reason
    assert out[3].title == "again" and out[3].url == "https://x.test/2"


def test_extract_refuses_bad_input_with_a_clear_error():
    with pytest.raises(dyad.ExtractError, match="empty article"):
        dyad.extract("   ")
    with pytest.raises(dyad.ExtractError, match="too large"):
        dyad.extract("Russia accused Ukraine.", max_chars=5)
    with pytest.raises(ValueError, match="unknown stage 'evnts'"):
        dyad.extract(SENTENCE, stages="actors,evnts")
    with pytest.raises(ValueError, match="unknown setting 'batch'"):
        dyad.extract(SENTENCE, batch=3)
    with pytest.raises(TypeError, match="give text"):
        dyad.extract(42)
    with pytest.raises(TypeError, match="'text' string"):
        dyad.extract({"title": "no text"})
    with pytest.raises(TypeError, match="published"):
        dyad.extract(SENTENCE, published=20240506)


# --- read a database ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> str:
    from dyad.ingest import ingest
    from dyad.read import read_paths

    path = str(tmp_path_factory.mktemp("api") / "sample.duckdb")
    report = ingest(read_paths([str(SAMPLE)]), path)
    assert report.stored == 5, report
    return path


@pytest.fixture()
def db(db_path):
    with dyad.open(db_path) as d:
        yield d


FILTERS = [
    {},
    {"type": "ACCUSE"},
    {"country": "MLI,USA", "order": "oldest"},
    {"quad_class": [3, 4], "since": "2024-06-01"},
    {"actor": "Brazil", "order": "mentions", "limit": 2, "offset": 1},
    {"place": "Gao"},
    {"words": "talks"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_events_filter_exactly_as_the_cli(db, filters):
    cli = q.events(db.con, **{"limit": None, **filters})
    rel = db.events(**filters)
    assert [r[0] for r in rel.fetchall()] == [r["id"] for r in cli]
    assert db.count(
        **{k: v for k, v in filters.items() if k not in ("order", "limit", "offset")}
    ) == len(
        q.events(
            db.con, limit=None, **{k: v for k, v in filters.items() if k not in ("limit", "offset")}
        )
    )


def test_results_convert_to_pandas_polars_and_arrow(db):
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    rel = db.events(type="ACCUSE")
    df, pf, at = rel.df(), rel.pl(), rel.to_arrow_table()
    assert isinstance(df, pd.DataFrame) and isinstance(pf, pl.DataFrame)
    assert isinstance(at, pa.Table)
    n = db.count(type="ACCUSE")
    assert len(df) == len(pf) == at.num_rows == n > 0
    assert list(df.columns) == [c.strip() for c in q.EVENT_COLUMNS.split(",")]
    assert at.schema.field("date").type == pa.date32()  # typed columns, not strings
    assert str(pf.schema["num_mentions"]).startswith("Int")
    assert set(df["type"]) == {"ACCUSE"}
    # Relations compose in DuckDB before anything reaches Python.
    by_type = dict(db.events().aggregate("type, count(*) AS n").fetchall())
    assert by_type == dict(db.sql("SELECT type, count(*) FROM events GROUP BY type").fetchall())


def test_every_query_of_the_cli_is_there(db):
    assert len(db.actors().fetchall()) == db.counts()["actors"]
    assert [r["name"] for r in q.actors(db.con, limit=5)] == [
        r[1] for r in db.actors(limit=5).fetchall()
    ]
    assert len(db.quotes().fetchall()) == db.counts()["quotes"]
    assert len(db.articles().df()) == 5
    assert db.timeline("Mali", by="month").fetchall() == [
        tuple(r.values()) for r in q.timeline(db.con, "Mali", by="month")
    ]
    months = db.timeline(by="month").df()
    assert months["events"].sum() == len(db.events().filter("date IS NOT NULL").fetchall())
    assert db.dyads(by="country").df().to_dict("records") == q.dyads(
        db.con, by="country", limit=None
    )
    ev = db.events(order="mentions", limit=1).df().iloc[0]
    assert len(db.mentions(int(ev["id"])).df()) == ev["num_mentions"]
    art = db.articles(limit=1).df().iloc[0]
    assert db.record(art["id"]).title == art["title"]
    assert db.record("nope") is None


def test_places_count_the_geocoded_events(db):
    places = db.places().df()
    assert len(places) >= 2
    located = db.events().filter("lat IS NOT NULL").df()
    assert places["events"].sum() == len(located)
    assert places["mentions"].sum() == located["num_mentions"].sum()
    for r in places.to_dict("records"):
        counts = [
            r["verbal_coop"],
            r["material_coop"],
            r["verbal_conflict"],
            r["material_conflict"],
        ]
        assert r["quad_class"] == max(range(4), key=lambda i: (counts[i], i)) + 1
    one = places.iloc[-1]
    assert set(db.places(place=one["place"]).df()["place"]) >= {one["place"]}


def test_open_says_why_it_cannot(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        dyad.open(tmp_path / "missing.duckdb")
    (tmp_path / "junk.duckdb").write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError):
        dyad.open(tmp_path / "junk.duckdb")


def test_bad_filters_are_clear(db):
    with pytest.raises(TypeError, match="contry"):
        db.events(contry="RUS")
    with pytest.raises(ValueError, match="unknown order"):
        db.events(order="random()")
    with pytest.raises(ValueError, match="unknown period"):
        db.timeline("Mali", by="year")


def test_the_places_endpoint_is_the_same_query(db_path, db):
    from fastapi.testclient import TestClient

    from dyad.web import create_app

    client = TestClient(create_app(db_path))
    body = client.get("/api/places").json()
    assert [p["place"] for p in body["items"]] == [r[0] for r in db.places().fetchall()]
    mali = client.get("/api/places?country=MLI").json()["items"]
    assert mali and all(p["country"] == "MLI" for p in mali)
    assert client.get("/api/places?limit=0").status_code == 422
    assert client.get("/api/places?since=2024-13-01").status_code == 422


# --- plots --------------------------------------------------------------------------------


def test_plots_draw_png_and_svg_from_any_rows(db, tmp_path):
    from dyad import plots

    tl = db.timeline(by="month")
    for data in (tl, tl.df(), tl.pl(), q.timeline(db.con, by="month")):
        fig = plots.timeline(data, by="month", path=tmp_path / "t.png")
        assert fig.axes and (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plots.dyads(db.dyads(), path=tmp_path / "d.svg")
    svg = (tmp_path / "d.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    with pytest.raises(plots.PlotError, match=r"\.png or \.svg"):
        plots.dyads(db.dyads(), path=tmp_path / "d.pdf")
    with pytest.raises(plots.PlotError, match="nothing to draw"):
        plots.timeline([], path=tmp_path / "e.png")


def test_cli_plot_option(db_path, tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    run = CliRunner().invoke
    out = tmp_path / "mali.png"
    res = run(app, ["timeline", "Mali", "--db", db_path, "--by", "week", "--plot", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:4] == b"\x89PNG" and out.stat().st_size > 5_000
    out = tmp_path / "dyads.svg"
    res = run(app, ["dyads", "--db", db_path, "--by", "country", "--plot", str(out), "-f", "csv"])
    assert res.exit_code == 0 and "<svg" in out.read_text()
    assert res.stdout.splitlines()[0].startswith("source,target,events")  # and the rows too
    res = run(app, ["dyads", "--db", db_path, "--plot", str(tmp_path / "x.jpg")])
    assert res.exit_code == 2 and ".png or .svg" in res.output
    res = run(app, ["timeline", "Atlantis", "--db", db_path, "--plot", str(tmp_path / "y.png")])
    assert res.exit_code == 1 and "nothing to draw" in res.output
