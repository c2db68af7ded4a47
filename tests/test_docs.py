"""docs/architecture.md names real modules: every path it gives exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "dyad"


def named_paths(text: str) -> list[str]:
    """Backticked paths in the text: ``x.py``, ``dir/``, ``dir/x.py``, ``lexicon/*.txt``."""
    out = []
    for tok in re.findall(r"`([^`\s]+)`", text):
        tok = tok.split(":")[0]
        if tok.startswith(("../", "http", "src/")) or "(" in tok or "=" in tok:
            continue
        if tok == "stage.py":  # "each has a stage.py": the name of a kind of module
            continue
        if re.fullmatch(r"[\w*./-]+/|[\w*./-]+\.(?:py|tsv|txt|md|json)", tok):
            out.append(tok)
    return out


def exists(tok: str) -> bool:
    base = ROOT if tok.split("/")[0] in ("tests", "docs", "benchmarks", "eval", "scripts") else PKG
    if "*" in tok:
        return any(base.glob(tok))
    return (base / tok).exists()


def test_architecture_names_only_real_modules():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    names = named_paths(text)
    assert len(names) > 30 and "contract.py" in names and "extract/events/coders/" in names
    missing = [n for n in names if not exists(n)]
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_stage_and_coder_is_in_the_architecture():
    from dyad.contract import STAGE_MODULES
    from dyad.extract.events.coders import BUILTIN

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in STAGE_MODULES:
        assert re.search(rf"\b{name}\b", text), name
    for module in BUILTIN.values():
        path = module.split(":")[0].removeprefix("dyad.").replace(".", "/") + ".py"
        assert path in text, path
