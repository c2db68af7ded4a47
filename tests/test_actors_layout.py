"""The actors stage's layout: plain steps over one declared state, no hidden interfaces."""

from __future__ import annotations

import ast
from pathlib import Path

ACTORS = Path(__file__).resolve().parents[1] / "src" / "dyad" / "extract" / "actors"


def modules() -> dict[str, ast.Module]:
    return {p.name: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(ACTORS.glob("*.py"))}


def test_no_private_name_crosses_a_module():
    crossing = [
        f"{name}: {node.module}.{a.name}"
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dyad")
        for a in node.names
        if a.name.startswith("_") and a.name != "__future__"
    ]
    assert not crossing, crossing


def test_no_mixins_and_one_state_class():
    classes = {
        (name, node.name): [ast.unparse(b) for b in node.bases]
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    assert not [c for c in classes if "Mixin" in c[1]]
    assert ("article.py", "ArticleState") in classes
    # the steps are functions over the state, not methods of a class spread over files
    assert all(len(bases) <= 1 for bases in classes.values()), classes


def test_the_word_lists_load_through_the_one_loader():
    from dyad import wordlists
    from dyad.extract.actors import words

    src = (ACTORS / "words.py").read_text(encoding="utf-8")
    assert "read_text" not in src and "open(" not in src
    assert words.HONORIFICS == wordlists.words("actors_words.txt", "honorifics")
    table = wordlists.word_table("actors_words.txt", "org_words")
    assert words.ORG_WORDS == table and table["ministry"] == "GOV"
    assert None in table.values()  # "-": a word that suggests no sector


def test_the_steps_are_small_functions():
    long = [
        f"{name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 80
    ]
    assert not long, long
