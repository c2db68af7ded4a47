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
    GeoScore,
    TimexScore,
    blind_half,
    is_direct,
    km_between,
    match_spans,
    ngec_country_right,
    ngec_sector_mapped,
    ngec_sector_right,
    overlap,
    plover_split,
    prf,
    quoted_spans,
    score_ngec,
    score_plover,
    size,
    spans_match,
    te3_heldout,
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


# --- span matching (PolNeAR) -----------------------------------------------------------


def test_spans_strict_needs_half_of_each_side() -> None:
    gold = [(0, 100)]
    assert spans_match([(0, 60)], gold)  # 60 shared: > half of gold, all of pred
    assert not spans_match([(0, 40)], gold)  # a fragment of the gold
    assert not spans_match([(90, 300)], gold)  # one shared stretch of a long prediction
    assert spans_match([(90, 300)], gold, strict=False)  # the old lenient rule
    assert not spans_match([(100, 200)], gold, strict=False)  # touching is no overlap
    assert spans_match([(0, 30), (50, 80)], [(0, 30), (40, 70)])  # discontinuous spans
    assert size([(0, 30), (50, 80)]) == 60 and overlap([(0, 30), (50, 80)], [(20, 60)]) == 20


def test_match_spans_one_to_one_and_empty() -> None:
    golds = [[(0, 50)], [(100, 150)]]
    assert match_spans([], golds) == []
    assert prf(0, 0, len(golds)) == (0.0, 0.0, 0.0)  # no predictions: zero, not undefined
    # one long prediction covering both golds matches neither strictly
    assert match_spans([[(0, 150)]], golds) == []
    assert len(match_spans([[(0, 150)]], golds, strict=False)) == 1  # and only one leniently
    # two predictions for one gold: the larger overlap wins, the other is a false positive
    assert match_spans([[(0, 30)], [(0, 45)]], golds) == [(1, 0)]
    p, r, f = prf(1, 1, 1)
    assert (round(p, 3), round(r, 3), round(f, 3)) == (0.5, 0.5, 0.5)


def test_quoted_spans_pairs_marks_without_dyad() -> None:
    t = 'He said "we will win" and left.'
    assert [t[s:e] for s, e in quoted_spans(t)] == ["we will win"]
    t = "“It is over,” she said. It isn’t, they said."  # an apostrophe is no mark
    assert [t[s:e] for s, e in quoted_spans(t)] == ["It is over,"]
    t = "The ‘deal’ was off."
    assert [t[s:e] for s, e in quoted_spans(t)] == ["deal"]
    t = "''We won,'' he said."  # two apostrophes as a double mark (NYT)
    assert [t[s:e].strip("' ") for s, e in quoted_spans(t)] == ["We won,"]  # one mark off
    # a quote running over paragraphs: open at the start, reopened in the next paragraph
    t = "“First part.\n“Second part,” he said."
    assert [t[s:e] for s, e in quoted_spans(t)] == ["First part.", "Second part,"]
    assert quoted_spans("No quotes here.") == [] and quoted_spans("") == []
    assert quoted_spans('He wrote an "unpaired mark here.') == []
    content = [(0, 10)]
    assert is_direct(content, [(0, 6)]) and not is_direct(content, [(0, 4)])
    assert not is_direct(content, [])


# --- geoparsing ------------------------------------------------------------------------

PARIS = (48.857, 2.352)
LYON = (45.764, 4.836)


def test_geo_empty_predictions_score_zero() -> None:
    g = GeoScore()
    g.add([(0, 5, "Paris", *PARIS), (10, 14, "Lyon", *LYON)], [])
    r = g.as_dict()
    assert r["toponyms"] == 2 and r["acc161"] == 0.0 and r["acc161_found"] == 0.0
    assert r["unresolved"] == 1.0
    g = GeoScore()  # a place without coordinates resolves nothing
    g.add([(0, 5, "Paris", *PARIS)], [(0, 5, None, None)])
    assert g.as_dict()["acc161"] == 0.0 and g.as_dict()["unresolved"] == 1.0
    assert GeoScore().as_dict()["acc161"] == 0.0  # no gold at all: zero, not a division error


def test_geo_distance_and_span_rules() -> None:
    assert round(km_between(*PARIS, *LYON)) in range(390, 395)  # about 392 km
    g = GeoScore()
    g.add(
        [(0, 5, "Paris", *PARIS), (10, 14, "Lyon", *LYON), (20, 25, "Paris", *PARIS)],
        [
            (0, 5, *PARIS),  # right
            (10, 14, *PARIS),  # 392 km off: wrong
            (26, 30, *PARIS),  # no overlap with 20-25: unresolved
        ],
    )
    r = g.as_dict()
    assert r["acc161"] == 1 / 3 and r["acc161_found"] == 0.5 and r["unresolved"] == 1 / 3


def test_blind_half_is_deterministic_and_splits() -> None:
    texts = [f"article number {i}" for i in range(200)]
    first = [blind_half(t) for t in texts]
    assert first == [blind_half(t) for t in texts]
    assert 60 < sum(first) < 140  # about half


# --- TempEval-3 ------------------------------------------------------------------------


def test_timex_empty_predictions_score_zero() -> None:
    sc = TimexScore()
    sc.add([(0, 6, "2013-03-22"), (10, 20, "P1W")], [])
    for c in (sc.strict, sc.relaxed, sc.value):
        assert c == [0, 0, 2] and prf(*c) == (0.0, 0.0, 0.0)


def test_timex_strict_relaxed_value() -> None:
    sc = TimexScore()
    gold = [(0, 6, "2013-03-21"), (10, 20, "P1W"), (30, 35, "2013")]
    pred = [
        (0, 6, "2013-03-21"),  # exact span, right value
        (12, 20, "P1W"),  # overlapping span: relaxed and value, not strict
        (40, 45, "2012"),  # extra
    ]
    sc.add(gold, pred)
    assert sc.relaxed == [2, 1, 1]
    assert sc.strict == [1, 2, 2]
    assert sc.value == [2, 1, 1]
    sc = TimexScore()
    sc.add([(0, 6, "2013-03-21")], [(0, 6, None)])  # found, no value: a wrong value
    assert sc.value == [0, 1, 1] and sc.relaxed == [1, 0, 0]


def test_te3_heldout_is_half_and_fixed() -> None:
    stems = [f"f{i}" for i in range(20)]
    held = te3_heldout(stems)
    assert len(held) == 10 and held == te3_heldout(list(reversed(stems)))


def test_ngec_mapped_sectors() -> None:
    assert ngec_sector_mapped("LEG") == {"GOV"}
    assert ngec_sector_mapped("SPY", "GOV") == {"GOV"}
    assert ngec_sector_mapped("MED") == set()  # PLOVER's medical, not dyad's media
    assert ngec_sector_mapped("CRM", "REB") == {"CRM", "REB"}
    assert ngec_sector_mapped("PRE") == {"GOV"} and ngec_sector_mapped("PRM") == {"REB"}
    assert ngec_sector_mapped("ELI") == set()
    cases = [case(None, "LEG"), case(None, "MED"), case(None, "CRM"), case(None, "SPY")]
    s = score_ngec(cases, [("USA", "GOV"), ("USA", "MED"), (None, None), (None, None)], OURS)
    assert (s.sector_mapped_n, s.sector_mapped_ok) == (3, 1)
