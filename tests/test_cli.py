"""The `dyad` command line end to end with typer's CliRunner: output, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import Actor, ActorRef, Event, Mention, Quote, Record, article_id
from dyad.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "articles"
RECORD_KEYS = {
    "id", "source_path", "title", "published", "url", "publisher", "text",
    "actors", "events", "quotes", "places", "times",
}  # fmt: skip

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_extract_json_has_the_record_keys():
    path = SAMPLE / "01_japan_korea_talks.md"
    res = run("extract", str(path), "--format", "json")
    assert res.exit_code == 0, res.stderr
    rec = json.loads(res.stdout)
    assert RECORD_KEYS <= set(rec)
    assert rec["title"] == "Japan and South Korea Agree to Resume Security Talks"
    assert rec["published"] == "2024-04-09"
    assert rec["url"].startswith("https://example.org/")
    assert "Original url" not in rec["text"]
    for a in rec["actors"]:
        for s, e in a["mentions"]:
            assert 0 <= s < e <= len(rec["text"])
    assert rec["tone"] is not None  # the tone stage ran


def test_extract_jsonl_one_line_per_article():
    res = run("extract", str(SAMPLE), "--format", "jsonl", "--stages", "actors")
    assert res.exit_code == 0, res.stderr
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == len(list(SAMPLE.glob("*.md")))
    assert all(RECORD_KEYS <= set(x) for x in lines)


def test_extract_table_and_usage_errors():
    res = run("extract", str(SAMPLE / "03_mali_attacks.md"), "--format", "table")
    assert res.exit_code == 0 and "Militants Attack" in res.stdout
    assert run("extract", str(SAMPLE), "--format", "xml").exit_code == 2
    assert run("extract", str(SAMPLE), "--stages", "nonsense").exit_code == 2
    assert run("extract").exit_code == 2


@pytest.fixture()
def mixed(tmp_path):
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "a.md").write_text((SAMPLE / "02_ethiopia_accuses_sudan.md").read_text("utf-8"), "utf-8")
    (d / "b_latin1.txt").write_bytes(
        "# Réunion à Genève\n\nMay 5, 2021\n\nLe ministre français a rencontré son homologue "
        "suisse à Genève. France and Switzerland signed an accord.\n".encode("latin-1")
    )
    (d / "c.bin").write_bytes(b"\x00\x01\x02\x03" * 500)
    (d / "d_empty.txt").write_text("")
    return d


def test_ingest_mixed_folder_exits_1_and_stores_the_good(mixed, tmp_path):
    db = str(tmp_path / "m.duckdb")
    res = run("ingest", str(mixed), "--db", db, "--stages", "actors")
    assert res.exit_code == 1
    assert "c.bin" in res.stderr and "d_empty.txt" in res.stderr
    assert "2 stored" in res.stderr
    out = run("articles", "--db", db, "--format", "jsonl")
    titles = {json.loads(x)["title"] for x in out.stdout.splitlines()}
    assert titles == {"Ethiopia Accuses Sudan of Border Incursion", "Réunion à Genève"}
    errs = run("errors", "--db", db, "--format", "jsonl")
    assert len(errs.stdout.splitlines()) == 2


def test_ingest_good_inputs_exits_0_and_is_idempotent(tmp_path, monkeypatch):
    db = str(tmp_path / "s.duckdb")
    monkeypatch.setenv("DYAD_DB", db)
    res = run("ingest", str(SAMPLE), "--stages", "actors,quotes,tone", "--batch-size", "2")
    assert res.exit_code == 0, res.stderr
    n = len(list(SAMPLE.glob("*.md")))
    assert f"{n} stored" in res.stderr
    again = run("ingest", str(SAMPLE))
    assert again.exit_code == 0 and f"0 stored, {n} skipped" in again.stderr
    assert Path(db).exists()
    limited = run("ingest", str(SAMPLE), "--db", str(tmp_path / "l.duckdb"), "--limit", "2",
                  "--stages", "actors")  # fmt: skip
    assert limited.exit_code == 0 and "2 stored" in limited.stderr
    assert run("ingest", str(SAMPLE), "--batch-size", "0").exit_code == 2


def test_ingest_reports_missing_paths_and_size_limit(tmp_path):
    db = str(tmp_path / "x.duckdb")
    res = run("ingest", str(tmp_path / "nope.md"), "--db", db)
    assert res.exit_code == 1
    big = tmp_path / "big.md"
    big.write_text("Word " * 5000)
    res = run("ingest", str(big), "--db", db, "--max-bytes", "1000", "--stages", "actors")
    assert res.exit_code == 1 and "big.md" in res.stderr


def build_db(path: str) -> None:
    with Store(path) as st:
        for i, (city, day) in enumerate([("Gao", "2024-11-13"), ("Mopti", "2024-11-13"),
                                         ("Gao", "2024-11-20")]):  # fmt: skip
            text = (
                f"Militants attacked an army post in {city} on {day}. "
                'Colonel Diarra said: "We will win."'
            )
            url = f"https://example.net/{i}"
            rec = Record(id=article_id(url, text), text=text, url=url, published=day,
                         title=f"Attack in {city}", publisher="Example")  # fmt: skip
            rec.actors = [
                Actor("A1", "Militants", None, "REB", kind="group", mentions=[Mention(0, 9)]),
                Actor("A2", "Malian army", "MLI", "MIL", kind="org"),
                Actor("A3", "Assimi Diarra", "MLI", "GOV", "Colonel"),
            ]
            rec.events = [
                Event("ASSAULT", (10, 18), text.split(".")[0],
                      ActorRef("Militants", None, "REB", "A1"),
                      ActorRef("Malian army", "MLI", "MIL", "A2"), cameo="190", quad_class=4,
                      goldstein=-10.0, date=day, place={"name": city, "country": "MLI"}),
            ]  # fmt: skip
            q = text.find("We will")
            rec.quotes = [Quote("We will win.", "direct", (q, q + 12),
                                ActorRef("Assimi Diarra", "MLI", "GOV", "A3"), cue="said")]  # fmt: skip
            st.upsert(rec)


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "q.duckdb")
    build_db(path)
    return path


def test_query_commands(db):
    ev = run("events", "--db", db, "--format", "jsonl")
    assert ev.exit_code == 0
    rows = [json.loads(x) for x in ev.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["date"] == "2024-11-20"  # newest first
    assert (
        len(run("events", "--db", db, "--place", "Mopti", "-f", "jsonl").stdout.splitlines()) == 1
    )
    assert run("events", "--db", db, "--type", "CONSULT", "-f", "jsonl").stdout == ""
    assert len(run("events", "--db", db, "--until", "2024-11-14", "-f", "csv").stdout
               .splitlines()) == 3  # header + 2  # fmt: skip
    assert run("events", "--db", db, "--quad", "4", "--country", "MLI").exit_code == 0
    table = run("events", "--db", db)
    assert table.exit_code == 0 and "ASSAULT" in table.stdout
    one = run("event", "1", "--db", db, "-f", "jsonl")
    assert json.loads(one.stdout)["mentions"][0]["article_id"]
    assert run("event", "99", "--db", db).exit_code == 1

    act = run("actors", "--db", db, "-f", "jsonl")
    by = {json.loads(x)["name"]: json.loads(x) for x in act.stdout.splitlines()}
    assert by["Militants"]["as_source"] == 3 and by["Malian army"]["as_target"] == 3
    assert by["Assimi Diarra"]["quotes"] == 3

    qs = run("quotes", "--db", db, "--speaker", "Diarra", "-f", "jsonl")
    assert len(qs.stdout.splitlines()) == 3
    assert run("quotes", "--db", db, "--words", "lose", "-f", "jsonl").stdout == ""

    tl = run("timeline", "Mali", "--db", db)
    assert tl.exit_code == 0 and "2024-11-13" in tl.stdout and "█" in tl.stdout
    wk = run("timeline", "MLI", "--db", db, "--by", "week", "-f", "jsonl")
    assert sum(json.loads(x)["events"] for x in wk.stdout.splitlines()) == 3
    dy = run("dyads", "--db", db, "-f", "jsonl")
    d = json.loads(dy.stdout.splitlines()[0])
    assert d["source"] == "Militants" and d["events"] == 3 and d["conflictual"] == 3

    show = run("show", rows[0]["first_article_id"][:8], "--db", db)
    assert show.exit_code == 0 and "Attack in Gao" in show.stdout
    sj = run("show", rows[0]["first_article_id"], "--db", db, "-f", "json")
    assert Record.from_json(sj.stdout).id == rows[0]["first_article_id"]
    assert run("show", "nope", "--db", db).exit_code == 1


def test_sql_reads_and_refuses_writes(db):
    res = run("sql", "SELECT count(*) AS n FROM articles", "--db", db, "-f", "jsonl")
    assert res.exit_code == 0 and json.loads(res.stdout) == {"n": 3}
    for bad in ("DELETE FROM articles", "DROP TABLE events", "SELECT 1; DELETE FROM articles",
                "CREATE TABLE x AS SELECT 1"):  # fmt: skip
        r = run("sql", bad, "--db", db)
        assert r.exit_code == 2 and "error" in r.stderr
    assert run("sql", "SELECT count(*) AS n FROM articles", "--db", db, "-f", "jsonl").stdout
    r = run("sql", "SELECT * FROM read_csv('/etc/passwd')", "--db", db)
    assert r.exit_code == 2  # no file access from `dyad sql`
    assert run("sql", "SELECT nonsense FROM nowhere", "--db", db).exit_code == 2


def test_missing_database_and_bad_values_are_usage_errors(tmp_path, db):
    res = run("events", "--db", str(tmp_path / "missing.duckdb"))
    assert res.exit_code == 2 and "no database" in res.stderr
    assert run("events", "--db", db, "--order", "sideways").exit_code == 2
    assert run("events", "--db", db, "--since", "yesterday").exit_code == 2
    assert run("events", "--db", db, "--format", "xml").exit_code == 2
    assert run("timeline", "Mali", "--db", db, "--by", "year").exit_code == 2


def test_export_command(db, tmp_path):
    out = tmp_path / "ev.parquet"
    res = run("export", str(out), "--format", "parquet", "--db", db)
    assert res.exit_code == 0 and "3 rows" in res.stderr
    assert len(pd.read_parquet(out)) == 3
    g = tmp_path / "gd.tsv"
    res = run("export", str(g), "-f", "gdelt", "--db", db)
    assert res.exit_code == 0
    assert pd.read_csv(g, sep="\t", header=None).shape == (3, 61)
    assert pd.read_csv(tmp_path / "gd.mentions.tsv", sep="\t", header=None).shape == (3, 16)
    assert run("export", str(out), "-f", "xml", "--db", db).exit_code == 2
    p = tmp_path / "mopti.jsonl"
    res = run("export", str(p), "-f", "plover", "--db", db, "--place", "Mopti")
    assert res.exit_code == 0 and len(p.read_text().splitlines()) == 1
