"""The learned event-type model, where it decides, and the CAMEO 2.0 pattern converter.

The model file ships in the package (``lexicon/events_model.json``); these tests check
that it loads, answers deterministically, and that the stage lets it decide only where a
general material-conflict entry cannot tell the act from its metaphor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dyad.extract.events.decide import decide_type, is_general
from dyad.extract.events.lexicon import Entry, parse_pattern
from dyad.extract.events.model import Guess, TypeModel, features, get_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def entry(pattern: str, etype: str = "ASSAULT") -> Entry:
    lemma, parts, mods = parse_pattern("V", pattern)
    return Entry("t." + pattern, etype, None, "190", "V", lemma, parts, mods)


def guess(t: str, p: float) -> Guess:
    return Guess(t, p, {t: p}, [])


def test_model_ships_and_loads():
    m = get_model()
    assert m is not None, (
        "lexicon/events_model.json missing: run python -m dyad.extract.events.train"
    )
    assert {"ASSAULT", "ACCUSE", "NONE"} <= set(m.classes)


def test_prediction_is_a_distribution_and_deterministic():
    m = TypeModel(["A", "B"], {"v=x": {"A": 2.0}}, {"A": 0.0, "B": 0.0})
    p1, p2 = m.predict_features(["v=x", "unknown"]), m.predict_features(["v=x", "unknown"])
    assert p1 == p2
    assert abs(sum(p1.values()) - 1) < 1e-9 and p1["A"] > p1["B"]


def test_features_read_the_parse(nlp):
    doc = nlp("Straw attacked the decision.")
    f = features(doc[1])
    assert "v=attack" in f and "o=decision" in f and "ok=THING" in f


def test_model_tells_verbal_from_physical(nlp):
    m = get_model()
    verbal = m.guess(nlp("The opposition attacked the government's spending plans.")[2])
    physical = m.guess(nlp("Rebels attacked an army base near the border.")[1])
    assert verbal.type != "ASSAULT"
    assert physical.type == "ASSAULT"


def test_decide_only_where_rules_cannot():
    general, specific = entry("attack"), entry("attack {base|camp}")
    assert is_general(general) and not is_general(specific)
    # a specific entry keeps its type whatever the model says
    assert decide_type(specific, guess("ACCUSE", 0.99))[0] == "ASSAULT"
    # a general material-conflict entry turns verbal, or none, when the model is sure
    assert decide_type(general, guess("ACCUSE", 0.9))[0] == "ACCUSE"
    assert decide_type(general, guess("NONE", 0.9))[0] == "NONE"
    assert decide_type(general, guess("ACCUSE", 0.3))[0] == "ASSAULT"
    # never the other way: a verbal entry is not made physical, nor a cooperation changed
    assert decide_type(entry("criticise", "ACCUSE"), guess("ASSAULT", 0.99))[0] == "ACCUSE"
    assert decide_type(entry("pledge", "AGREE"), guess("THREATEN", 0.99))[0] == "AGREE"


def test_stage_codes_the_metaphor_as_criticism(extract):
    rec = extract("Labour leader Ed Miliband attacked the government's budget plans on Tuesday.")
    types = {e.type for e in rec.events if not e.negated and not e.hypothetical}
    assert "ASSAULT" not in types


def test_cameo_converter_reads_blocks_and_named_verbs():
    mcv = pytest.importorskip("make_cameo_verbs")
    text = "\n".join(
        [
            "####### SYNONYM SETS #######",
            "&FOOD",
            "+RICE",
            "+WHEAT",
            "",
            "####### VERB PATTERNS #######",
            "---  RUSH   [---]  ---",
            "RUSH",
            "SPEED",
            "- * &FOOD    [073]  # RUSH",
            "- * (TO BORDER)   [154]  # SPEED",
            "---  PLEDGE   [030]  ---",
            "PLEDGE",
        ]
    )
    plover = {"073": ("AID", "humanitarian"), "154": ("MOBILIZE", "troops"), "030": ("AGREE", "")}
    rows = {(t, p) for t, _, _, p, _ in mcv.build(text, plover)}
    assert ("AID", "rush {rice|wheat}") in rows
    assert ("MOBILIZE", "speed to {border}") in rows
    assert ("AGREE", "pledge") in rows
    assert not any(p.startswith("speed {") for _, p in rows)  # the food pattern was RUSH's


def test_rules_coder_is_the_lexicon_coder_without_the_model():
    from dyad.extract.events.coders import get_coder

    rules, lexicon = get_coder("rules"), get_coder("lexicon")
    assert rules.name == "rules" and rules.use_model is False
    assert lexicon.name == "lexicon" and lexicon.use_model is True
