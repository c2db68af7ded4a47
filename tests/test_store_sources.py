"""What the sources add to the store: the dateline's place, and warnings for cut texts."""

from __future__ import annotations

import json

import duckdb

from dyad.ingest import IngestReport, _store_one, cut_warning
from dyad.model import Record
from dyad.pipeline import Failure
from dyad.store import Store


def test_dateline_place_is_stored(tmp_path):
    rec = Record(id="reuters21578-1", text="Showers continued in the Bahia cocoa zone.")
    rec.dateline = "SALVADOR, Feb 26 -"
    rec.dateline_place = {"name": "SALVADOR", "country": "BRA", "lat": -12.9, "lon": -38.5}
    rec.extra = {"tags": {"places": ["el-salvador", "usa"]}}
    with Store(str(tmp_path / "d.duckdb")) as st:
        assert st.upsert(rec) == "stored"
        row = st.con.execute(
            "SELECT dateline_place, dateline_country FROM articles WHERE id = ?", [rec.id]
        ).fetchone()
        assert row == ("SALVADOR", "BRA")
        back = st.get_record(rec.id)
        assert back.dateline_place == rec.dateline_place and back.extra == rec.extra


def test_cut_text_is_a_warning_in_the_errors_table(tmp_path):
    rec = Record(id="long", text="word " * 1000, source_path="long.txt")
    assert cut_warning(rec) is None
    rec.extra["truncated_at"] = 2000
    report = IngestReport()
    with Store(str(tmp_path / "w.duckdb")) as st:
        st.begin()
        _store_one(st, rec, report)
        _store_one(st, Failure("bad.bin", "binary file", None, "read"), report)
        st.commit()
        rows = {r["level"]: r for r in st.errors()}
    assert report.stored == 1 and report.failed == 1 and len(report.warnings) == 1
    assert "1 with warnings" in report.summary()
    warn = rows["warning"]
    assert warn["path"] == "long.txt" and warn["stage"] == "parse"
    assert "cut for the parse at 2,000 of 5,000 characters" in warn["reason"]
    assert rows["error"]["path"] == "bad.bin"


def test_version_3_file_gets_the_new_columns(tmp_path):
    from dyad.store.schema import MIGRATIONS

    path = str(tmp_path / "v3.duckdb")
    con = duckdb.connect(path)
    for version, stmts in enumerate(MIGRATIONS[:3], start=1):
        for stmt in stmts:
            con.execute(stmt)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    con.execute("INSERT INTO ingest_errors VALUES ('old.txt', 'broken', 'read', NULL, now())")
    con.close()
    with Store(path) as st:
        assert st.errors()[0]["level"] == "error"
        cols = {r[0] for r in st.con.execute("DESCRIBE articles").fetchall()}
        assert {"dateline_place", "dateline_country"} <= cols


def test_ingest_and_errors_commands_show_the_cut(tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    long = tmp_path / "long.txt"
    long.write_text("Government troops attacked rebels near the border on Monday. " * 20)
    db = str(tmp_path / "cut.duckdb")
    runner = CliRunner()
    res = runner.invoke(
        app,
        ["ingest", str(long), "--db", db, "--workers", "1", "--stages", "times",
         "--parse-chars", "300"],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "warning:" in res.output and "text cut for the parse at 300 of" in res.output
    res = runner.invoke(app, ["errors", "--db", db, "--format", "jsonl"], catch_exceptions=False)
    rows = [json.loads(line) for line in res.output.splitlines() if line.strip()]
    assert [(r["level"], r["stage"]) for r in rows] == [("warning", "parse")]
    with Store(db, read_only=True) as st:
        (rec_id,) = [r[0] for r in st.con.execute("SELECT id FROM articles").fetchall()]
        assert st.get_record(rec_id).extra["truncated_at"] == 300
