"""The scoring rules of the benchmarks (benchmarks/scoring.py) on hand-made cases.

A benchmark that flatters is a bug: empty predictions must score zero, and a missing
value is never right by default.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from scoring import (  # noqa: E402
    CodedEvent,
    ngec_country_right,
    ngec_sector_right,
    plover_split,
    score_ngec,
    score_plover,
)

OURS = frozenset({"GOV", "MIL", "IGO"})


def case(country: str | None, sector: str | None, alt: str | None = None) -> dict:
    return {"text": "x", "_country": country, "_sector": sector, "_alt": alt}


# --- NGEC ------------------------------------------------------------------------------


def test_ngec_empty_predictions_score_zero() -> None:
    cases = [case("TUR", "MIL"), case("ARM", "GOV"), case(None, "LEG"), case("FRA", None)]
    s = score_ngec(cases, [None] * len(cases), OURS)
    assert (s.country_ok, s.country_n) == (0, 3)
    assert (s.sector_ok, s.sector_n) == (0, 3)
    assert (s.sector_ours_ok, s.sector_ours_n) == (0, 2)
    assert s.as_dict()["country_accuracy"] == 0.0 and s.as_dict()["sector_accuracy"] == 0.0
    # an actor with neither country nor sector is no better than none
    s = score_ngec(cases, [(None, None)] * len(cases), OURS)
    assert s.country_ok == 0 and s.sector_ok == 0


def test_ngec_no_sector_is_wrong_where_a_sector_is_expected() -> None:
    # the old bug: `sector in (want, alt)` with sector None and alt None was True
    assert not ngec_sector_right(None, "MIL", None)
    assert not ngec_sector_right(None, "MIL", "")
    assert not ngec_sector_right("", "MIL", None)
    s = score_ngec([case(None, "MIL")], [("TUR", None)], OURS)
    assert (s.sector_ok, s.sector_n, s.sector_ours_ok, s.sector_ours_n) == (0, 1, 0, 1)
    assert s.misses == [("sector", "x", "MIL", None)]


def test_ngec_right_answers_and_alternatives() -> None:
    assert ngec_sector_right("MIL", "MIL")
    assert ngec_sector_right("GOV", "LEG", "GOV")  # code_2 accepted
    assert not ngec_sector_right("REB", "LEG", "GOV")
    assert ngec_country_right("TUR", "TUR")
    assert ngec_country_right("IGO", "UNO")  # dyad's IGO for NGEC's organisation codes
    assert not ngec_country_right("IGO", "FRA")
    assert not ngec_country_right(None, "FRA")
    cases = [case("TUR", "MIL"), case("ARM", "LEG", "GOV"), case("USA", "MIL")]
    s = score_ngec(cases, [("TUR", "MIL"), ("ARM", "GOV"), ("GBR", "MIL")], OURS)
    assert (s.country_ok, s.country_n) == (2, 3)
    assert (s.sector_ok, s.sector_n) == (3, 3)
    assert (s.sector_ours_ok, s.sector_ours_n) == (2, 2)  # LEG is not one of OURS


def test_ngec_lengths_must_agree() -> None:
    with pytest.raises(ValueError):
        score_ngec([case("TUR", None)], [])


# --- PLOVER GSR ------------------------------------------------------------------------


def gsr(event: str, src: list[str], tgt: list[str], reciprocal: bool = False) -> dict:
    return {
        "event": event,
        "actors": [{"country": c} for c in src],
        "recipients": [{"country": c} for c in tgt],
        "reciprocal": reciprocal,
    }


def test_plover_empty_predictions_score_zero() -> None:
    recs = [gsr("AGREE", ["HUN"], ["ROU"]), gsr("ASSAULT", ["ISR"], [])]
    res = score_plover(recs, [[], []])
    for k in (
        "coverage",
        "type_accuracy_when_coded",
        "type_accuracy_top",
        "type_accuracy_any",
        "source_country_accuracy",
        "target_country_accuracy",
        "source_country_precision",
        "target_country_precision",
    ):
        assert res[k] == 0.0, k
    assert res["source_country_n"] == 2 and res["target_country_n"] == 1


def test_plover_country_accuracy_is_over_all_gold_sentences() -> None:
    recs = [
        gsr("AGREE", ["HUN"], ["ROU"]),
        gsr("ASSAULT", ["ISR"], ["LBN"]),
        gsr("PROTEST", ["FRA"], ["USA"]),
        gsr("REJECT", ["JAP"], []),  # JAP is the manual's code for Japan
    ]
    coded = [
        [CodedEvent("AGREE", 0.9, "HUN", "ROU")],  # both right
        [CodedEvent("ASSAULT", 0.9, "ISR", None)],  # no target country: wrong, not skipped
        [],  # nothing coded: wrong
        [CodedEvent("ACCUSE", 0.9, "JPN", None)],  # wrong type, source right
    ]
    res = score_plover(recs, coded)
    assert res["coverage"] == 0.75
    assert res["type_accuracy_when_coded"] == round(2 / 3, 3)
    assert res["type_accuracy_top"] == 0.5
    assert res["source_country_accuracy"] == 0.75 and res["source_country_n"] == 4
    assert res["target_country_accuracy"] == round(1 / 3, 3) and res["target_country_n"] == 3
    # the conditional figure, kept only as a labelled precision
    assert res["target_country_precision"] == 1.0 and res["target_country_given"] == 1
    assert res["per_type"]["AGREE"] == "1/1" and res["per_type"]["REJECT"] == "0/1"


def test_plover_event_of_gold_type_is_scored_and_reciprocal() -> None:
    recs = [gsr("AGREE", ["HUN", "ROU"], [], reciprocal=True)]
    coded = [[CodedEvent("CONSULT", 0.9, "USA", "USA"), CodedEvent("AGREE", 0.5, "ROU", "HUN")]]
    res = score_plover(recs, coded)
    assert res["type_accuracy_top"] == 0.0 and res["type_accuracy_any"] == 1.0
    assert res["source_country_accuracy"] == 1.0 and res["target_country_accuracy"] == 1.0


def test_plover_split_is_by_one_based_line() -> None:
    rows = ["a", "b", "c", "d", "e"]
    assert plover_split(rows, "odd") == [(1, "a"), (3, "c"), (5, "e")]
    assert plover_split(rows, "even") == [(2, "b"), (4, "d")]
    assert len(plover_split(rows, "all")) == 5
    with pytest.raises(ValueError):
        plover_split(rows, "test")
