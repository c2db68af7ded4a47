"""The README's Python examples and docs/tutorial.md run as written, so they cannot go stale.

Code blocks fenced as ``python`` run in one namespace, ``bash`` blocks in bash with the
project's venv first on PATH, in order, in a temporary folder; other fences (``console``,
``text``) are shown, not run. The README's examples read ``sample.duckdb``, made here as
``make run`` makes it. The tutorial reads the Reuters-21578 corpus in ../shared: the test
gives it a slice of 30 real stories (those whose body says "accus", taken in turn from
each of the corpus's files) in place of the whole corpus, and changes nothing else.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = "../shared/corpora/reuters21578"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


def blocks(path: Path) -> list[tuple[str, str]]:
    """``(language, code)`` of each fenced block of a markdown file, in order."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


def run_blocks(found: list[tuple[str, str]], cwd: Path, swap: dict[str, str]) -> dict:
    """Run the python and bash blocks in order; return the python namespace."""
    ns: dict = {"__name__": "__docs__"}
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("DYAD_DB", None)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        for i, (lang, code) in enumerate(found):
            for a, b in swap.items():
                code = code.replace(a, b)
            if lang == "python":
                exec(compile(code, f"<block {i}>", "exec"), ns)
            elif lang == "bash":
                res = subprocess.run(
                    ["bash", "-euo", "pipefail", "-c", code],
                    cwd=cwd,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=900,
                )
                assert res.returncode == 0, f"block {i} failed:\n{code}\n{res.stderr[-3000:]}"
    finally:
        os.chdir(old)
    return ns


def test_the_readme_python_examples_run(tmp_path, capsys):
    found = [b for b in blocks(ROOT / "README.md") if b[0] == "python"]
    assert found, "the README has no Python example"
    from dyad.ingest import ingest
    from dyad.read import read_paths

    # What `make run` does (`dyad ingest examples/articles --db sample.duckdb`), in-process.
    report = ingest(
        read_paths([str(ROOT / "examples" / "articles")]), str(tmp_path / "sample.duckdb")
    )
    assert report.stored == 5 and not report.failed
    ns = run_blocks(found, tmp_path, {})
    out = capsys.readouterr().out
    assert "ACCUSE Russia Ukraine" in out  # the print of the first event's type and sides
    assert "Record " in out and "accusations" in ns and len(ns["accusations"]) > 0


def _reuters_slice(corpus: Path, dest: Path, n: int = 30) -> None:
    """n real stories that accuse someone, taken in turn from each file of the corpus."""
    per_file = []
    for f in sorted(corpus.glob("reut2-*.sgm")):
        hits = []
        for m in re.finditer(rb"<REUTERS.*?</REUTERS>", f.read_bytes(), re.S):
            body = re.search(rb"<BODY>(.*?)</BODY>", m.group(0), re.S)
            if body and re.search(rb"\baccus", body.group(1), re.I):
                hits.append(m.group(0))
        per_file.append(hits)
    out: list[bytes] = []
    k = 0
    while len(out) < n and any(k < len(h) for h in per_file):
        out += [h[k] for h in per_file if k < len(h)][: n - len(out)]
        k += 1
    dest.mkdir(parents=True)
    (dest / "slice.sgm").write_bytes(b"\n".join(out) + b"\n")


def test_the_tutorial_runs_end_to_end_on_a_slice_of_reuters(shared, tmp_path, capsys):
    corpus = shared / "corpora" / "reuters21578"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/reuters21578 is absent")
    found = blocks(ROOT / "docs" / "tutorial.md")
    assert any(lang == "python" for lang, _ in found) and any(lang == "bash" for lang, _ in found)
    assert any(CORPUS in code for _, code in found), "the tutorial no longer reads the corpus"
    _reuters_slice(corpus, tmp_path / "reuters")
    ns = run_blocks(found, tmp_path, {CORPUS: str(tmp_path / "reuters")})
    # The question was answered: accusations, who accused whom by month, and the drawings.
    assert len(ns["accusations"]) >= 5
    by_month = ns["by_month"]
    assert len(by_month) >= 3 and by_month["month"].nunique() >= 2
    for name in ("accusations-by-month.png", "who-accused-whom.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG", name
    assert "<svg" in (tmp_path / "who-accused-whom.svg").read_text()
    assert "ACCUSE" in capsys.readouterr().out
