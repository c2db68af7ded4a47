"""The quality gate: scores on ../shared/gold/dev must not drop below eval/baseline.json.

Raising the baseline is part of every improvement:
``dyad eval ../shared/gold/dev --update-baseline eval/baseline.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dyad.evaluate import CATEGORIES, METRICS, check_against_baseline, evaluate_dir
from dyad.pipeline import ALL_STAGES, Pipeline, Settings

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval" / "baseline.json"
TOLERANCE = 0.02


def baseline() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev(shared) -> Path:
    return shared / "gold" / "dev"


@pytest.fixture(scope="module")
def full_run(dev, pipeline):
    return evaluate_dir(dev, pipeline=pipeline)


def test_baseline_file_is_complete():
    base = baseline()["scores"]
    for c in CATEGORIES:
        for m in METRICS:
            assert 0.0 <= base[c][m] <= 1.0, (c, m)


def test_gate_passes_on_dev(full_run):
    assert full_run.scores["articles"] >= 5
    assert full_run.scores["failures"] == 0
    problems = check_against_baseline(full_run.scores, baseline(), TOLERANCE)
    assert problems == [], "scores dropped below eval/baseline.json:\n" + "\n".join(problems)


def _gated(category: str) -> bool:
    return any(baseline()["scores"][category][m] > TOLERANCE for m in METRICS)


def test_gate_fails_without_any_stage(dev):
    """dyad with every extraction stage off must fail the gate."""
    res = evaluate_dir(dev, Settings(stages=()))
    problems = check_against_baseline(res.scores, baseline(), TOLERANCE)
    assert problems, "the gate did not notice that nothing is extracted"
    gated = [c for c in CATEGORIES if _gated(c)]
    assert {p.split()[0] for p in problems} == set(gated)


@pytest.mark.parametrize("stage,category", [("events", "events"), ("actors", "actors")])
def test_gate_fails_with_a_stage_broken(dev, monkeypatch, stage, category):
    """A broken stage (here: one that adds nothing, like an empty lexicon) fails the gate."""
    if not _gated(category):
        pytest.skip(f"the {category} baseline is still below the tolerance: nothing to drop")
    from dyad import contract

    real = contract.get_stage(stage)
    broken = contract.FunctionStage(
        stage, lambda doc, rec, ctx: None, real.requires, real.assigns, real.uses
    )
    monkeypatch.setitem(contract._REGISTRY, stage, broken)
    res = evaluate_dir(dev, pipeline=Pipeline(Settings(stages=ALL_STAGES)))
    problems = check_against_baseline(res.scores, baseline(), TOLERANCE)
    assert any(p.startswith(f"{category} ") for p in problems), problems


def _cli() -> typer.Typer:
    from dyad.cli import evaluate

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """dyad (test wrapper)."""

    evaluate.register(app)
    return app


def test_cli_json_check_and_update_baseline(dev, tmp_path):
    runner = CliRunner()
    app = _cli()
    out = runner.invoke(app, ["eval", str(dev), "--json", "--check", str(BASELINE)])
    assert out.exit_code == 0, out.output
    scores = json.loads(out.stdout)["scores"]
    assert set(CATEGORIES) <= set(scores)

    # a baseline above what dyad reaches: the gate fails with exit 1
    high = {"scores": {c: {m: 1.0 for m in METRICS} for c in CATEGORIES}}
    hb = tmp_path / "high.json"
    hb.write_text(json.dumps(high))
    out = runner.invoke(app, ["eval", str(dev), "--check", str(hb)])
    assert out.exit_code == 1
    assert "below baseline" in out.stderr

    # --update-baseline only raises: the 1.0 stay, a 0.0 baseline rises to now
    out = runner.invoke(app, ["eval", str(dev), "--json", "--update-baseline", str(hb)])
    assert out.exit_code == 0
    assert json.loads(hb.read_text())["scores"] == high["scores"]
    low = tmp_path / "low.json"
    out = runner.invoke(app, ["eval", str(dev), "--json", "--update-baseline", str(low)])
    new = json.loads(low.read_text())["scores"]
    for c in CATEGORIES:
        assert new[c]["f1"] == scores[c]["f1"]


def test_cli_show_errors_lists_misses(dev):
    out = CliRunner().invoke(_cli(), ["eval", str(dev), "--show-errors", "--stages", "actors"])
    assert out.exit_code == 0, out.output
    assert "missed" in out.stdout and "seed-serdyukov-2011" in out.stdout
    bad = CliRunner().invoke(_cli(), ["eval", str(dev), "--stages", "nonsense"])
    assert bad.exit_code == 2


def test_gate_fails_with_an_empty_event_lexicon(dev, monkeypatch):
    """The deliberately broken lexicon: events.tsv read as empty."""
    if not _gated("events"):
        pytest.skip("the events baseline is still below the tolerance: nothing to drop")
    lex = pytest.importorskip("dyad.extract.events.lexicon")
    if not hasattr(lex, "read_entries"):
        pytest.skip("the event lexicon has no read_entries() to break")
    monkeypatch.setattr(lex, "read_entries", lambda path=None: [])
    cached = getattr(lex, "_default_lexicon", None)
    if cached is not None:
        cached.cache_clear()
    try:
        res = evaluate_dir(dev, pipeline=Pipeline(Settings()))
    finally:
        if cached is not None:
            cached.cache_clear()  # do not leave the empty lexicon cached for later tests
    problems = check_against_baseline(res.scores, baseline(), TOLERANCE)
    assert any(p.startswith("events ") for p in problems), problems


def test_dyad_eval_from_the_real_cli(dev):
    """`dyad eval` as users run it: the real entry point, JSON on stdout."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "dyad", "eval", str(dev), "--json", "--stages", "actors,times"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    scores = json.loads(out.stdout)["scores"]
    assert scores["articles"] >= 5 and scores["times"]["tp"] > 0
    assert scores["events"]["tp"] == 0  # the events stage was off
