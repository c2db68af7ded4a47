"""One broken byte must not switch a whole UTF-8 file to a legacy code page.

Issue 20, defect 1: a stray ``\\xff`` in one JSONL line made the reader decode the whole
file as cp1252, so every "Zürich" in every record became "ZÃ¼rich", with exit 0 and no
warning. Now the encoding is decided from the evidence (valid multi-byte sequences
against broken bytes), the few broken bytes become U+FFFD, and a warning says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.pipeline import Failure
from dyad.read import ReadLimits, read_paths

NAMES = ["Zürich", "François", "São Paulo", "Kraków", "“Geneva”"]


def _jsonl(path: Path, broken_line: int = 2) -> Path:
    lines = []
    for i, name in enumerate(NAMES):
        obj = {"title": f"{name} talks", "text": f"Officials in {name} met on Monday. " * 3}
        line = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        if i == broken_line:
            line = line.replace(b"met", b"m\xffet", 1)
        lines.append(line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _read(path: Path) -> tuple[list, list, list]:
    out = list(read_paths([str(path)], ReadLimits()))
    arts = [x for x in out if not isinstance(x, Failure)]
    warns = [x for x in out if type(x).__name__ == "ReadWarning"]
    fails = [x for x in out if isinstance(x, Failure) and x not in warns]
    return arts, warns, fails


def test_one_bad_byte_in_jsonl_keeps_every_accent(tmp_path: Path) -> None:
    arts, warns, fails = _read(_jsonl(tmp_path / "a.jsonl"))
    assert not fails
    assert [a.title for a in arts] == [f"{n} talks" for n in NAMES]
    assert "m\ufffdet" in arts[2].text
    assert len(warns) == 1 and "1 byte not valid UTF-8" in warns[0].reason


def test_one_bad_byte_in_csv_and_text(tmp_path: Path) -> None:
    csv_path = tmp_path / "a.csv"
    rows = ["title,text"] + [f'"{n}","Talks in {n} went on. Talks went on."' for n in NAMES]
    data = "\n".join(rows).encode("utf-8").replace(b'went on."', b'went\xff on."', 1)
    csv_path.write_bytes(data + b"\n")
    arts, warns, fails = _read(csv_path)
    assert not fails and len(warns) == 1
    assert [a.title for a in arts] == NAMES

    txt = tmp_path / "a.txt"
    txt.write_bytes("Zürich and François agreed.\n".encode() * 5 + b"Bad \xff byte.\n")
    arts, warns, fails = _read(txt)
    assert "Zürich" in arts[0].text and "\ufffd" in arts[0].text
    assert len(warns) == 1 and not fails


def test_legacy_files_are_still_detected(tmp_path: Path) -> None:
    """A real cp1252 / Latin-1 file (no valid multi-byte sequence) is still read right,
    with no warning."""
    p = tmp_path / "latin.txt"
    p.write_bytes("Zürich, São Paulo and François: “talks” – again.\n".encode("cp1252") * 4)
    arts, warns, fails = _read(p)
    assert not warns and not fails
    assert "Zürich, São Paulo and François: “talks” – again." in arts[0].text
    j = tmp_path / "latin.jsonl"
    j.write_bytes(json.dumps({"text": "Zürich et François."}, ensure_ascii=False).encode("cp1252"))
    arts, warns, fails = _read(j)
    assert arts[0].text == "Zürich et François." and not warns


@pytest.mark.parametrize(
    ("data", "text", "replaced"),
    [
        ("Zürich".encode() + b"\xff", "Zürich\ufffd", 1),
        ("Zürich".encode("cp1252"), "Zürich", 0),
        (b"plain ascii", "plain ascii", 0),
    ],
)
def test_decode_weighs_the_evidence(data: bytes, text: str, replaced: int) -> None:
    from dyad.read.decode import decode

    d = decode(data)
    assert (d.text, d.replaced) == (text, replaced)


def test_ingest_warns_on_stderr_and_in_errors(tmp_path: Path) -> None:
    """The warning reaches `dyad errors` and does not count as a failure."""
    from dyad.ingest import ingest
    from dyad.pipeline import Settings
    from dyad.store import Store

    db = str(tmp_path / "x.duckdb")
    items = read_paths([str(_jsonl(tmp_path / "a.jsonl"))], ReadLimits())
    report = ingest(items, db, Settings(stages=("tone",)))
    assert report.stored == 5 and report.failed == 0 and len(report.warnings) == 1
    with Store(db, read_only=True) as st:
        titles = sorted(r[0] for r in st.con.execute("SELECT title FROM articles").fetchall())
        errors = st.errors()
    assert titles == sorted(f"{n} talks" for n in NAMES)
    assert any(
        e["level"] == "warning" and e["reason"].startswith("1 byte not valid UTF-8") for e in errors
    )
