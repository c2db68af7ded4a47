"""Hostile stored text and hostile arguments through the CLI (issue 20: defects 2, 6 and
the small ones: CSV formula injection, ``--max-bytes -1``, the MB label)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import Actor, ActorRef, Event, Mention, Quote, Record, article_id
from dyad.store import Store

runner = CliRunner()

ESC = "\x1b[31mRED\x1b[0m \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
TITLE = "Talks [/] end [/bold] [sic] [citation needed] " + ESC
TEXT = (
    "Rebels [/] attacked [sic] the army post in Gao on Monday. "
    'Colonel Diarra said: "We [/bold] will [citation needed] win." ' + ESC
)


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "h.duckdb")
    url = "https://example.net/h"
    rec = Record(id=article_id(url, TEXT), text=TEXT, url=url, published="2024-11-13",
                 title=TITLE, publisher="Ex [/] ample")  # fmt: skip
    rec.actors = [
        Actor("A1", "Rebels [/]", None, "REB", kind="group", mentions=[Mention(0, 6)]),
        Actor("A2", "army [sic]", "MLI", "MIL", kind="org"),
    ]
    rec.events = [
        Event("ASSAULT", (11, 28), TEXT.split(".")[0],
              ActorRef("Rebels [/]", None, "REB", "A1"), ActorRef("army [sic]", "MLI", "MIL", "A2"),
              cameo="190", quad_class=4, goldstein=-10.0, date="2024-11-13",
              place={"name": "Gao [/]", "country": "MLI"}),
    ]  # fmt: skip
    q = TEXT.find("We [/bold]")
    rec.quotes = [Quote("We [/bold] will [citation needed] win.", "direct", (q, q + 36),
                        ActorRef("Diarra", "MLI", "GOV", None), cue="said")]  # fmt: skip
    with Store(path) as st:
        st.upsert(rec)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("articles",),
        ("events",),
        ("actors",),
        ("quotes",),
        ("dyads",),
    ],
)
def test_listings_print_stored_text_as_text(db, args):
    res = run(*args, "--db", db)
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x9b" not in res.stdout
    assert any(p in res.stdout for p in ("[/]", "[sic]", "[/bold]", "[citation needed]"))


def test_show_keeps_brackets_and_drops_escapes(db):
    with Store(db, read_only=True) as st:
        (aid,) = st.con.execute("SELECT id FROM articles").fetchone()
    res = run("show", aid, "--db", db)
    assert res.exit_code == 0, res.output
    out = res.stdout
    for piece in ("[/]", "[/bold]", "[sic]", "[citation needed]", "Ex [/] ample"):
        assert piece in out, piece
    assert "\x1b" not in out
    assert "RED" in out  # the text around the escape sequence stays


def test_errors_listing_and_failure_lines_are_text(tmp_path):
    bad = tmp_path / "x [sic] [bold] \x1b[31m.jsonl"
    bad.write_text('{"title": "no text", "[sic] [/bold]": 1}\n', encoding="utf-8")
    db = str(tmp_path / "e.duckdb")
    res = run("ingest", str(bad), "--db", db, "--stages", "tone", "--workers", "1")
    assert res.exit_code == 1, res.output
    assert "x [sic] [bold] [31m.jsonl" in res.stderr and "\x1b" not in res.stderr
    res = run("errors", "--db", db)
    assert res.exit_code == 0 and "[sic] [/bold]" in res.stdout and "\x1b" not in res.stdout


# -- defect 6: `dyad sql` checks statements with DuckDB's parser ---------------------


def test_sql_one_statement_check_uses_the_parser(db):
    ok = run("sql", 'SELECT 1 AS "a;b"', "--db", db, "-f", "jsonl")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == {"a;b": 1}
    ok = run("sql", "SELECT ';' AS s -- a comment; with a semicolon", "--db", db, "-f", "jsonl")
    assert ok.exit_code == 0 and json.loads(ok.stdout) == {"s": ";"}
    for bad in (
        "SELECT 1 /* it's */; DELETE FROM articles",
        "SELECT 1 -- it's\n; DROP TABLE events",
        "SELECT 1; SELECT 2",
        "INSERT INTO articles (id) VALUES ('x')",
        "ATTACH ':memory:' AS m",
        "PRAGMA enable_profiling",
        "SET threads = 1",
    ):
        r = run("sql", bad, "--db", db)
        assert r.exit_code == 2, bad
        assert "error" in r.stderr
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


# -- CSV exports: no spreadsheet formulas ----------------------------------------------


FORMULAS = ['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_exports_neutralise_formulas(tmp_path):
    from dyad.export import csv_safe

    for f in FORMULAS:
        assert csv_safe(f).startswith("'"), f
    assert csv_safe("-5") == "-5" and csv_safe("-2.5") == "-2.5"  # numbers stay numbers
    assert csv_safe("Gao") == "Gao" and csv_safe(None) is None and csv_safe(3) == 3

    db = str(tmp_path / "f.duckdb")
    text = "Rebels attacked the army post in Gao on Monday. =cmd|' /C calc'!A0"
    rec = Record(id=article_id(None, text), text=text, title="=HYPERLINK(\"http://evil\")",
                 published="2024-11-13", publisher="@evil")  # fmt: skip
    rec.actors = [Actor("A1", "+Rebels", None, "REB", kind="group", mentions=[Mention(0, 6)])]
    rec.events = [Event("ASSAULT", (7, 15), "=1+1", ActorRef("+Rebels", None, "REB", "A1"), None,
                        cameo="190", quad_class=4, goldstein=-10.0, date="2024-11-13")]  # fmt: skip
    with Store(db) as st:
        st.upsert(rec)
    for table in ("articles", "events", "actors"):
        out = tmp_path / f"{table}.csv"
        res = run("export", str(out), "-f", "csv", "--table", table, "--db", db)
        assert res.exit_code == 0, res.output
        cells = [c for row in csv.reader(io.StringIO(out.read_text("utf-8"))) for c in row]
        risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
        assert not risky, (table, risky)
    res = run("articles", "--db", db, "-f", "csv")
    cells = [c for row in csv.reader(io.StringIO(res.stdout)) for c in row]
    assert '\'=HYPERLINK("http://evil")' in cells


# -- small usage errors ------------------------------------------------------------


@pytest.mark.parametrize("value", ["-1", "0"])
def test_max_bytes_must_be_positive(tmp_path, value):
    p = tmp_path / "a.txt"
    p.write_text("Russia and China agreed on a deal on Monday.", encoding="utf-8")
    for cmd in ("ingest", "extract"):
        args = [cmd, str(p), "--max-bytes", value]
        if cmd == "ingest":
            args += ["--db", str(tmp_path / "m.duckdb")]
        res = run(*args)
        assert res.exit_code == 2, (cmd, res.output)
        assert "--max-bytes" in res.stderr


def test_size_limit_label_matches_its_unit():
    from dyad.read.files import human_bytes, too_large_message

    assert human_bytes(50_000_000) == "50.0 MB"  # decimal megabytes, as --max-bytes counts
    assert human_bytes(1_048_576) == "1.0 MB"
    assert human_bytes(999) == "999 bytes" and human_bytes(1500) == "1.5 kB"
    assert "50.0 MB" in too_large_message(None, 50_000_000)
