"""The stage contract (dyad.contract) and the event coders' registry."""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from dyad import contract
from dyad.contract import (
    DEFAULT_STAGES,
    Context,
    FunctionStage,
    Settings,
    StageError,
    get_stage,
    resolve_stages,
)
from dyad.extract.events import coders
from dyad.model import Article, Event

TEXT = "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Monday."


def test_every_setting_is_a_named_typed_field():
    names = {f.name for f in dataclasses.fields(Settings)}
    assert "extra" not in names
    assert {"geonames_file", "events_lexicon", "places_demonyms", "prior_lessons", "coder"} <= names
    assert all(f.type not in ("Any", "dict[str, Any]") for f in dataclasses.fields(Settings))


def test_the_default_stages_resolve_in_order():
    stages = resolve_stages(DEFAULT_STAGES)
    assert [s.name for s in stages] == list(DEFAULT_STAGES)
    assert all(isinstance(s, contract.Stage) for s in stages)
    assert get_stage("events").requires == ("actors",)


def test_a_missing_requirement_is_named_at_start_up():
    with pytest.raises(StageError) as exc:
        resolve_stages(["quotes"])
    msg = str(exc.value)
    assert "stage 'quotes' requires 'actors'" in msg and "assigned by stage actors" in msg


def test_a_stage_run_too_early_says_which_to_move():
    with pytest.raises(StageError, match="run actors before quotes"):
        resolve_stages(["quotes", "actors"])
    with pytest.raises(StageError, match="run events before tone"):
        resolve_stages(["actors", "tone", "events"])


def test_unknown_and_doubled_stages():
    with pytest.raises(StageError, match="unknown stage 'nope'.*actors"):
        resolve_stages(["actors", "nope"])
    with pytest.raises(StageError, match="named twice"):
        resolve_stages(["actors", "actors"])


def test_a_registered_stage_runs_in_the_pipeline(monkeypatch):
    from dyad.pipeline import Pipeline

    seen: list[str] = []
    st = FunctionStage(
        "probe",
        lambda doc, rec, ctx: seen.append(f"{len(rec.actors)}:{ctx.settings.batch_size}"),
        requires=("actors",),
        setup_fn=lambda ctx: seen.append("setup"),
    )
    monkeypatch.setitem(contract._REGISTRY, "probe", st)
    pipe = Pipeline(Settings(stages=("actors", "probe"), batch_size=3))
    rec = next(pipe.process([Article(id="a", text=TEXT)]))
    assert seen[0] == "setup" and seen[1] == f"{len(rec.actors)}:3" and len(rec.actors) >= 2
    assert "probe" in pipe.timings


def test_a_failing_stage_names_itself(monkeypatch):
    from dyad.pipeline import Pipeline

    def boom(doc, rec, ctx):
        raise ValueError("bad")

    monkeypatch.setitem(contract._REGISTRY, "boom", FunctionStage("boom", boom))
    out = next(Pipeline(Settings(stages=("boom",))).process([Article(id="a", text=TEXT)]))
    assert out.stage == "boom" and "ValueError: bad" in out.reason


def test_context_resources_are_built_once():
    ctx = Context()
    made = []
    assert ctx.resource("k", lambda: made.append(1) or 5) == 5
    assert ctx.resource("k", lambda: made.append(1) or 6) == 5 and made == [1]


# -- event coders ------------------------------------------------------------------------


def test_coders_by_name():
    assert {"lexicon", "example"} <= set(coders.known_coders())
    assert coders.get_coder("lexicon").name == "lexicon"
    with pytest.raises(coders.CoderError, match="unknown event coder 'nope'.*lexicon"):
        coders.get_coder("nope")
    with pytest.raises(coders.CoderError, match="not an event coder"):
        coders.register_coder(object())  # type: ignore[arg-type]


def test_a_coder_from_an_entry_point(monkeypatch):
    monkeypatch.setattr(
        coders,
        "_entry_points",
        lambda: {"viaep": "dyad.extract.events.coders.example:ExampleCoder"},
    )
    with pytest.raises(coders.CoderError, match="named for coder 'viaep' but is named 'example'"):
        coders.get_coder("viaep")
    assert "viaep" in coders.known_coders()


def test_the_events_stage_runs_the_coder_the_settings_name():
    from dyad.pipeline import Pipeline

    lex = next(Pipeline(Settings()).process([Article(id="a", text=TEXT, published="2024-05-06")]))
    ex = next(
        Pipeline(Settings(coder="example")).process(
            [Article(id="a", text=TEXT, published="2024-05-06")]
        )
    )
    assert lex.events and all(e.coder == "lexicon" for e in lex.events)
    assert [(e.type, e.coder, e.rule) for e in ex.events] == [("CONSULT", "example", "meet")]
    ev = ex.events[0]
    assert "Putin" in ev.source.name and "Xi" in ev.target.name


def test_an_unknown_coder_fails_at_start_up():
    from dyad.pipeline import Pipeline

    with pytest.raises(coders.CoderError):
        Pipeline(Settings(coder="nope"))


def test_explain_asks_the_coder_for_its_trace():
    from dyad.cli.explain import explain_text

    data = explain_text(TEXT, "2024-05-06", coder="example")
    assert [c["entry"] for c in data["candidates"]] == ["meet"]
    assert data["events"][0]["coder"] == "example"
    lex = explain_text(TEXT, "2024-05-06")
    assert any(c["entry"] and c["outcome"] == "event" for c in lex["candidates"])


def test_the_cli_takes_a_coder_by_name(tmp_path):
    from dyad.cli import app

    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    r = CliRunner().invoke(app, ["extract", str(f), "--coder", "example", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert '"coder": "example"' in r.output
    r = CliRunner().invoke(app, ["extract", str(f), "--coder", "nope"])
    assert r.exit_code == 2 and "unknown event coder 'nope'" in r.output


def test_old_records_keep_their_lexicon_id_as_rule():
    e = Event.from_dict({"type": "ASSAULT", "span": [0, 1], "sentence": "x", "lexicon_id": "a.v"})
    assert (e.coder, e.rule) == ("lexicon", "a.v")
    assert "lexicon_id" not in e.to_dict()
