"""`dyad explain`: the parse, the actors and a reason for every candidate trigger."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dyad.cli import app
from dyad.cli.explain import explain_text

runner = CliRunner()


def test_explain_gives_a_reason_for_each_candidate():
    data = explain_text(
        "Robert Gates did not see Vladimir Putin. Italy issued a threat to withdraw its ships.",
        "2011-03-22",
    )
    assert data["parse"] and data["actors"]
    by_trigger = {c["trigger"]: c for c in data["candidates"]}
    assert by_trigger["threat"]["outcome"] == "event"
    assert by_trigger["threat"]["entry"] == "threaten.n.threat"
    assert "Italy" in by_trigger["threat"]["source"]
    assert by_trigger["withdraw"]["outcome"] == "flagged"
    assert "hypothetical" in by_trigger["withdraw"]["reason"]
    assert all(c["reason"] for c in data["candidates"])
    # the events explain lists are the stage's events
    facts = [e["type"] for e in data["events"] if not (e["hypothetical"] or e["negated"])]
    assert facts == ["THREATEN"]
    assert by_trigger["see"]["outcome"] == "flagged" and "negated" in by_trigger["see"]["reason"]


def test_explain_says_why_there_is_no_source():
    data = explain_text("The strikes on Libya continued for a third day.")
    strikes = [c for c in data["candidates"] if c["trigger"] == "strikes"]
    assert strikes and strikes[0]["outcome"] == "no event"
    assert "source" in strikes[0]["reason"]
    assert data["events"] == []


def test_explain_cli_json_and_table():
    res = runner.invoke(app, ["explain", "Turkey's invasion of Syria drew condemnation.", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert any(e["type"] == "ASSAULT" for e in data["events"])
    res = runner.invoke(
        app, ["explain", "Turkey's invasion of Syria drew condemnation.", "--date", "2019-10-15"]
    )
    assert res.exit_code == 0, res.output
    assert "invasion" in res.output and "ASSAULT" in res.output and "possessor" in res.output


def test_explain_cli_rejects_a_bad_date():
    res = runner.invoke(app, ["explain", "Some text.", "--date", "22/03/2011"])
    assert res.exit_code == 2
