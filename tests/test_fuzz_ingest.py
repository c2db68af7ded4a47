"""Hostile files through `ingest` into DuckDB: each input stored whole or in the errors table.

"Never a partial record": after an ingest of a folder of bad and good inputs, every
input path is either an article (with all its parts) or a row in ``ingest_errors``
with a reason, and a second ingest changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_fuzz_readers import hostile_text

GOOD = "Germany banned the Iranian airline Mahan Air on Monday, officials said."


def hostile_folder(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "good.md": f"# Ban\n\nJanuary 23, 2019\n\n{GOOD}\n".encode(),
        "latin1.txt": "Le ministre a parlé à Paris lundi. Café crème.".encode("latin-1"),
        "binary.bin": bytes(range(256)) * 40,
        "nul.txt": b"Russia \x00 said \x00\x00 on Monday." * 50,
        "empty.txt": b"",
        "feb31.md": b"# T\n\nFebruary 31, 2011\n\nRussia and Germany met on Monday.\n",
        "quotes.txt": ('"' * 1500 + " He said, \u201cyes\u201d. " * 50).encode(),
        "rtl.txt": "\u202eRussia\u200f said \u200d\U0001f600 on Monday\u0301.".encode(),
        "mixed.jsonl": (
            b'[1, 2]\n{"text": "France said on Monday it would help."}\n{bad\n'
            b'{"text": "\\ud800 Russia agreed."}\n"str"\n'
        ),
        "broken.csv": b'text,title\n"Poland signed the accord on Monday.",a\n"unterminated,b\n',
        "nested.html": (b"<div>" * 20_000) + b"<p>Deep text.</p>" + (b"</div>" * 20_000),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / n for n in files]


def stored_state(db: Path) -> tuple[list[tuple], list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        arts = con.execute(
            "SELECT id, source_path, n_quotes, n_events, text FROM articles ORDER BY id"
        ).fetchall()
        errs = con.execute("SELECT path, reason, stage FROM ingest_errors").fetchall()
        q = dict(con.execute("SELECT article_id, count(*) FROM quotes GROUP BY 1").fetchall())
        e = dict(
            con.execute("SELECT article_id, count(*) FROM event_mentions GROUP BY 1").fetchall()
        )
    finally:
        con.close()
    for aid, _p, nq, ne, text in arts:
        assert q.get(aid, 0) == (nq or 0) and e.get(aid, 0) == (ne or 0), f"{aid} is partial"
        text.encode("utf-8")
    for _p, reason, _s in errs:
        assert reason
    return arts, errs


@pytest.mark.timeout(300)
def test_hostile_folder_ingest(tmp_path):
    from dyad.ingest import ingest, read_inputs
    from dyad.pipeline import Settings

    files = hostile_folder(tmp_path / "in")
    db = tmp_path / "h.duckdb"
    s = Settings(time_per_article=30)
    rep = ingest(read_inputs([str(tmp_path / "in")]), str(db), s)
    assert rep.failed > 0 and rep.stored > 0
    arts, errs = stored_state(db)
    assert rep.stored == len(arts) and rep.failed == len(errs)
    for f in files:
        mine = [a for a in arts if (a[1] or "").startswith(str(f))]
        bad = [e for e in errs if (e[0] or "").startswith(str(f))]
        assert mine or bad, f"{f.name}: neither stored nor in the errors table"
    by_name = {Path(a[1].split(":")[0]).name for a in arts}
    assert {"good.md", "latin1.txt"} <= by_name
    assert any("Café" in a[4] for a in arts), "Latin-1 text must be decoded, not mangled"
    assert not ({"binary.bin", "empty.txt"} & by_name)
    # a second run changes nothing
    rep2 = ingest(read_inputs([str(tmp_path / "in")]), str(db), s)
    assert rep2.stored == 0
    assert stored_state(db)[0] == arts


@settings(
    max_examples=15,
    deadline=dt.timedelta(seconds=30),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(st.lists(hostile_text, min_size=1, max_size=5))
def test_any_texts_ingest_whole_or_fail(tmp_path_factory, texts):
    from dyad.ingest import ingest
    from dyad.model import Article, article_id
    from dyad.pipeline import Settings

    db = tmp_path_factory.mktemp("db") / "f.duckdb"
    arts = [
        Article(id=article_id(f"u{i}", t), text=t, url=f"u{i}", source_path=f"t{i}")
        for i, t in enumerate(texts)
    ]
    rep = ingest(arts, str(db), Settings(stages=("actors", "times", "quotes"), batch_size=2))
    stored, errs = stored_state(db)
    assert rep.stored + rep.skipped + rep.failed == len(texts)
    assert len(stored) == rep.stored and len(errs) == rep.failed
    for _aid, _p, _nq, _ne, text in stored:
        assert json.dumps(text)
