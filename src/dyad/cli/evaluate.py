"""CLI command: `dyad eval GOLD_DIR` scores dyad against gold annotations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from dyad.cli.common import CODER_OPTION, STAGES_HELP, err, fail, run_settings


def _table(scores: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from dyad.evaluate import CATEGORIES

    t = Table(title=f"dyad eval: {scores['articles']} articles (micro-averaged)")
    for col in ("category", "P", "R", "F1", "tp", "fp", "fn"):
        t.add_column(col, justify="left" if col == "category" else "right")
    for c in CATEGORIES:
        s = scores[c]
        t.add_row(
            c,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
        )
    out = Console()
    out.print(t)
    out.print(
        f"not_actors produced: {scores['not_actor_violations']}   "
        f"forbidden events produced: {scores['forbidden_events']}   "
        f"articles failed: {scores['failures']}",
        highlight=False,
    )


def _show_errors(errors: list[dict[str, Any]]) -> None:
    for a in errors:
        print(f"\n== {a['gold']}")
        if a["failure"]:
            print(f"  FAILED: {a['failure']}")
        for n in a["notes"]:
            print(f"  note: {n}")
        for v in a["not_actor_violations"]:
            print(f"  not_actor produced: {v}")
        for cat, d in a["categories"].items():
            if not d["missed"] and not d["extra"]:
                continue
            print(f"  [{cat}]")
            for m in d["missed"]:
                print(f"    - missed: {m}")
            for x in d["extra"]:
                print(f"    + extra:  {x}")


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_cmd(
        gold_dir: Path = typer.Argument(..., help="Folder of gold *.json files (FORMAT.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable scores."),
        show_errors: bool = typer.Option(
            False, "--show-errors", help="List misses and extras per category per article."
        ),
        check: Path | None = typer.Option(
            None,
            "--check",
            help="Baseline file: exit 1 if any score drops by more than --tolerance.",
        ),
        tolerance: float = typer.Option(0.02, help="Allowed drop below the baseline."),
        update_baseline: Path | None = typer.Option(
            None,
            "--update-baseline",
            help="Write this baseline file, each score the higher of old and now.",
        ),
        stages: str | None = typer.Option(None, "--stages", help=STAGES_HELP),
        coder: str | None = CODER_OPTION,
    ) -> None:
        """Score dyad on gold articles: precision, recall and F1 per category."""
        from dyad.evaluate import (
            check_against_baseline,
            evaluate_dir,
            gold_files,
            per_article_errors,
            raised_baseline,
        )

        if not gold_dir.is_dir() or not gold_files(gold_dir):
            fail(f"{gold_dir}: not a folder of gold *.json files")
        settings = run_settings(stages, coder=coder)
        res = evaluate_dir(gold_dir, settings)
        errors = per_article_errors(res)
        if as_json:
            payload = {"scores": res.scores}
            if show_errors:
                payload["errors"] = errors
            print(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            if show_errors:
                _show_errors(errors)
            _table(res.scores)
        code = 1 if res.scores["failures"] else 0
        if check is not None:
            baseline = json.loads(check.read_text(encoding="utf-8"))
            problems = check_against_baseline(res.scores, baseline, tolerance)
            for p in problems:
                err.print(f"[red]below baseline:[/red] {p}", highlight=False)
            if problems:
                code = 1
            else:
                err.print(f"quality gate passed ({check})", highlight=False)
        if update_baseline is not None:
            old = None
            if update_baseline.exists():
                old = json.loads(update_baseline.read_text(encoding="utf-8"))
            new = {
                "gold": str(gold_dir),
                "tolerance": tolerance,
                "scores": raised_baseline(res.scores, old),
            }
            update_baseline.parent.mkdir(parents=True, exist_ok=True)
            update_baseline.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
            err.print(f"baseline written to {update_baseline}", highlight=False)
        sys.exit(code)
