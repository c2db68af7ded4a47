"""The scoring rules of `dyad eval` (../shared/gold/FORMAT.md) on small hand-made dicts."""

from __future__ import annotations

import json

import pytest

from dyad.evaluate import (
    aggregate,
    check_against_baseline,
    is_country_name,
    max_matching,
    norm,
    not_actor_violations,
    raised_baseline,
    score_actor_countries,
    score_actors,
    score_events,
    score_places,
    score_quotes,
    score_record,
    score_times,
    text_overlap,
)

GOLD = {
    "id": "g1",
    "actors": [
        {"name": "Robert Gates", "country": "USA", "aliases": ["Gates"]},
        {"name": "Anatoly Serdyukov", "country": "RUS", "aliases": ["Serdyukov"]},
        {"name": "Vladimir Putin", "country": "RUS", "aliases": []},
        {"name": "United States", "country": "USA", "aliases": ["U.S."]},
        {"name": "coalition", "country": None, "aliases": ["the coalition"]},
        {"name": "Recep Tayyip Erdoğan", "country": "TUR"},
    ],
    "not_actors": ["Mikhail Metzel", "Serdyukov Seeks"],
}


def actor(name, country=None):
    return {"name": name, "country": country}


def ev(type_, src, tgt=None, **kw):
    return {"type": type_, "source": src, "target": tgt, **kw}


# --- actors -----------------------------------------------------------------


def test_actor_last_word_and_alias_match():
    rec = {
        "actors": [
            actor("Gates", "USA"),  # last word
            actor("Defense Minister Serdyukov", "RUS"),  # last word
            actor("U.S.", "USA"),  # alias, punctuation stripped
            actor("Erdogan", "TUR"),  # accents ignored
            actor("the coalition", None),  # null country equals null
        ]
    }
    c = score_actors(GOLD, rec)
    assert (c.tp, c.fp, c.fn) == (5, 0, 1)
    assert c.missed == ["Vladimir Putin (RUS)"]


def test_actor_needs_equal_country_and_matches_once():
    rec = {"actors": [actor("Putin", "USA"), actor("Gates", "USA"), actor("Robert Gates", "USA")]}
    c = score_actors(GOLD, rec)
    # wrong country is no match; the second Gates is an extra (each gold matched once)
    assert (c.tp, c.fp, c.fn) == (1, 2, 5)


def test_actor_countries_set():
    rec = {"actors": [actor("X", "USA"), actor("Y", "USA"), actor("Z", "FRA")]}
    c = score_actor_countries(GOLD, rec)
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)  # USA hit, FRA extra, RUS and TUR missed


def test_not_actor_violations_exact_name_only():
    rec = {"actors": [actor("Mikhail Metzel"), actor("Serdyukov", "RUS"), actor("serdyukov seeks")]}
    assert not_actor_violations(GOLD, rec) == ["Mikhail Metzel", "serdyukov seeks"]


def test_max_matching_finds_the_larger_assignment():
    # left 0 fits right 0 and 1, left 1 fits right 0 only: greedy would get 1
    m = max_matching(2, 2, lambda i, j: (i, j) in {(0, 0), (0, 1), (1, 0)})
    assert len(m) == 2 and m[1] == 0 and m[0] == 1


# --- events -----------------------------------------------------------------

EVGOLD = dict(
    GOLD,
    events=[
        ev(
            "CONSULT",
            actor("Robert Gates", "USA"),
            actor("Anatoly Serdyukov", "RUS"),
            symmetric=True,
        ),
        ev("REQUEST", actor("Anatoly Serdyukov", "RUS"), None),  # null target = any
        ev(
            "REJECT",
            actor("United States", "USA"),
            actor("Vladimir Putin", "RUS"),
            alt_types=["COERCE"],
        ),
        ev("ASSAULT", actor("coalition", None), actor("Vladimir Putin", "RUS"), required=False),
    ],
    forbidden_events=[
        ev("CONSULT", actor("Robert Gates", "USA"), actor("Vladimir Putin", "RUS"), symmetric=True)
    ],
)


def counts(c):
    return (c.tp, c.fp, c.fn)


def test_event_symmetric_matches_either_direction():
    rec = {"events": [ev("CONSULT", actor("Serdyukov", "RUS"), actor("Gates", "USA"))]}
    c, forb = score_events(EVGOLD, rec)
    assert counts(c) == (1, 0, 2) and forb == []


def test_event_not_symmetric_needs_direction():
    rec = {"events": [ev("REJECT", actor("Putin", "RUS"), actor("U.S.", "USA"))]}
    assert counts(score_events(EVGOLD, rec)[0]) == (0, 1, 3)


def test_event_null_target_accepts_any_or_none():
    for tgt in (None, actor("Gates", "USA")):
        rec = {"events": [ev("REQUEST", actor("Serdyukov", "RUS"), tgt)]}
        assert counts(score_events(EVGOLD, rec)[0]) == (1, 0, 2)


def test_event_target_required_when_gold_gives_one():
    rec = {"events": [ev("CONSULT", actor("Gates", "USA"), None)]}
    assert counts(score_events(EVGOLD, rec)[0]) == (0, 1, 3)


def test_event_alt_types_and_wrong_type():
    rec = {
        "events": [
            ev("COERCE", actor("United States", "USA"), actor("Putin", "RUS")),
            ev("ASSAULT", actor("Serdyukov", "RUS")),
        ]
    }
    assert counts(score_events(EVGOLD, rec)[0]) == (1, 1, 2)


def test_event_each_gold_matched_once():
    e = ev("REQUEST", actor("Serdyukov", "RUS"))
    assert counts(score_events(EVGOLD, {"events": [e, dict(e)]})[0]) == (1, 1, 2)


def test_event_optional_counts_nothing():
    rec = {"events": [ev("ASSAULT", actor("the coalition", None), actor("Putin", "RUS"))]}
    c, _ = score_events(EVGOLD, rec)
    assert counts(c) == (0, 0, 3)  # recall is over required events only


def test_event_forbidden_is_false_positive_and_reported():
    rec = {"events": [ev("CONSULT", actor("Putin", "RUS"), actor("Gates", "USA"))]}
    c, forb = score_events(EVGOLD, rec)
    assert counts(c) == (0, 1, 3) and len(forb) == 1
    assert any(x.startswith("FORBIDDEN") for x in c.extra)


def test_event_negated_and_hypothetical_are_skipped():
    forbidden_but_negated = ev(
        "CONSULT", actor("Gates", "USA"), actor("Putin", "RUS"), negated=True
    )
    hypo = ev("REQUEST", actor("Serdyukov", "RUS"), hypothetical=True)
    c, forb = score_events(EVGOLD, {"events": [forbidden_but_negated, hypo]})
    assert counts(c) == (0, 0, 3) and forb == []


def test_event_forbidden_null_source_means_any_source():
    gold = dict(GOLD, events=[], forbidden_events=[ev("ASSAULT", None, actor("Putin", "RUS"))])
    rec = {"events": [ev("ASSAULT", actor("Gates", "USA"), actor("Putin", "RUS"))]}
    assert len(score_events(gold, rec)[1]) == 1


def test_event_null_gold_source_accepts_any_source():
    gold = dict(GOLD, events=[ev("ASSAULT", None, actor("Putin", "RUS"))], forbidden_events=[])
    for src in (None, actor("Gates", "USA")):
        rec = {"events": [ev("ASSAULT", src, actor("Vladimir Putin", "RUS"))]}
        assert counts(score_events(gold, rec)[0]) == (1, 0, 0)


def test_event_source_missing_never_matches():
    rec = {"events": [ev("REQUEST", None)]}
    assert counts(score_events(EVGOLD, rec)[0]) == (0, 1, 3)


# --- quotes -----------------------------------------------------------------

QGOLD = dict(
    GOLD,
    quotes=[
        {
            "speaker": "Robert Gates",
            "kind": "direct",
            "text": "I'm a little curious frankly about the tone,",
        },
        {
            "speaker": "Vladimir Putin",
            "kind": "direct",
            "text": "medieval calls for crusades.",
            "required": False,
        },
        {
            "speaker": "Anatoly Serdyukov",
            "kind": "indirect",
            "text": "an immediate cease-fire in Libya",
        },
    ],
)


def q(name, country, text, kind="direct"):
    return {"speaker": actor(name, country), "kind": kind, "text": text}


def test_text_overlap_is_sixty_percent_both_ways():
    gold = "one two three four five"
    assert text_overlap("One, two; three!", gold)  # 3/5 of gold, 3/3 of pred
    assert not text_overlap("one two", gold)  # only 2/5 of gold
    assert not text_overlap("one two three x y z", gold)  # only 3/6 of pred
    assert text_overlap("ONE TWO THREE FOUR FIVE six", gold)
    assert not text_overlap("", gold)


def test_quote_speaker_and_overlap():
    rec = {
        "quotes": [
            q("Gates", "USA", "I'm a little curious, frankly, about the tone"),
            q("Serdyukov", "RUS", "I'm a little curious frankly about the tone"),  # wrong speaker
            q("Gates", "USA", "curious"),  # too short
        ]
    }
    c = score_quotes(QGOLD, rec, "direct")
    assert counts(c) == (1, 2, 0)


def test_quote_kinds_scored_apart_and_optional_counts_nothing():
    rec = {
        "quotes": [
            q("Putin", "RUS", "medieval calls for crusades"),  # optional: nothing
            q("Serdyukov", "RUS", "an immediate cease-fire in Libya", kind="direct"),  # wrong kind
            q("Serdyukov", "RUS", "for an immediate cease-fire in Libya", kind="indirect"),
        ]
    }
    assert counts(score_quotes(QGOLD, rec, "direct")) == (0, 1, 1)
    assert counts(score_quotes(QGOLD, rec, "indirect")) == (1, 0, 0)


def test_gold_quote_without_speaker_accepts_any_speaker():
    gold = {"quotes": [{"speaker": None, "kind": "direct", "text": "we will not give up"}]}
    rec = {
        "quotes": [q("Gates", "USA", "We will not give up!"), q("X", None, "we will not give up")]
    }
    assert counts(score_quotes(gold, rec, "direct")) == (1, 1, 0)


def test_quote_without_speaker_never_matches():
    rec = {
        "quotes": [
            {"speaker": None, "kind": "indirect", "text": "an immediate cease-fire in Libya"}
        ]
    }
    assert counts(score_quotes(QGOLD, rec, "indirect")) == (0, 1, 1)


# --- times ------------------------------------------------------------------

TGOLD = {
    "times": [
        {"text": "March 22, 2011", "value": "2011-03-22"},
        {"text": "On Monday", "value": "2011-03-21"},
        {"text": "on Monday", "value": "2011-03-21"},
        {"text": "last week", "value": "2011-W11"},
    ]
}


def test_time_needs_overlap_and_equal_value():
    rec = {
        "times": [
            {"text": "March 22, 2011", "value": "2011-03-22", "span": None},  # the dateline
            {"text": "Monday", "value": "2011-03-21", "span": [5, 11]},
            {"text": "on Monday", "value": "2011-03-28", "span": [50, 59]},  # wrong value
            {"text": "last week", "value": "2011-W11", "span": [70, 79]},
            {"text": "on Tuesday", "value": "2011-03-21", "span": [90, 99]},  # text differs
        ]
    }
    c = score_times(TGOLD, rec)
    assert counts(c) == (3, 2, 1)


def test_time_null_value_matches_null_only():
    gold = {"times": [{"text": "some day", "value": None}]}
    assert counts(score_times(gold, {"times": [{"text": "some day", "value": None}]})) == (1, 0, 0)
    assert counts(score_times(gold, {"times": [{"text": "some day", "value": "2011"}]})) == (
        0,
        1,
        1,
    )


def test_time_function_words_alone_do_not_overlap():
    gold = {"times": [{"text": "on Monday", "value": "2011-03-21"}]}
    rec = {"times": [{"text": "on the day", "value": "2011-03-21"}]}
    assert counts(score_times(gold, rec)) == (0, 1, 1)


def test_time_possessive_overlaps_its_noun():
    gold = {"times": [{"text": "Sunday's", "value": "2019-07-07"}]}
    rec = {"times": [{"text": "Sunday", "value": "2019-07-07"}]}
    assert counts(score_times(gold, rec)) == (1, 0, 0)
    # only the possessive goes: "Sundays" (a plural) is another word
    assert counts(score_times(gold, {"times": [{"text": "Sundays", "value": "2019-07-07"}]})) == (
        0,
        1,
        1,
    )


# --- places -----------------------------------------------------------------


def test_places_are_countries_plus_gold_cities():
    gold = {
        "places": [
            {"name": "Russia", "country": "RUS"},
            {"name": "Germany", "country": "DEU"},
            {"name": "Omsk", "country": "RUS"},
            {"name": "Europe", "country": None},
        ]
    }
    rec = {
        "places": [
            {"name": "Russia", "country": "RUS"},
            {"name": "Omsk", "country": "RUS"},
            {"name": "Paris", "country": "FRA"},  # FRA is an extra country
            {"name": "Moscow", "country": "RUS"},  # a city the gold does not name: not counted
        ]
    }
    c = score_places(gold, rec)
    # countries: RUS hit, DEU missed, FRA extra; cities: Omsk hit
    assert counts(c) == (2, 1, 1)


def test_is_country_name():
    assert is_country_name("Russia", "RUS")
    assert is_country_name("the United States", "USA")
    assert is_country_name("Iran", "IRN")
    assert is_country_name("Turkey", "TUR")
    assert is_country_name("Netherlands", "NLD")
    assert not is_country_name("Omsk", "RUS")
    assert not is_country_name("Siberia", "RUS")


# --- totals and the gate ----------------------------------------------------


def test_norm():
    assert norm("The U.S.") == "us"
    assert norm("Kurdistan Workers' Party") == "kurdistan workers party"
    assert norm("Bashar al-Assad") == "bashar al assad"
    assert norm("Erdoğan") == "erdogan"


def test_micro_average_over_articles():
    g1 = {"id": "a", "times": [{"text": "Monday", "value": "1"}]}
    g2 = {"id": "b", "times": [{"text": "Monday", "value": "2"}, {"text": "Friday", "value": "3"}]}
    r1 = {"times": [{"text": "Monday", "value": "1"}, {"text": "Sunday", "value": "9"}]}
    r2 = {"times": [{"text": "Friday", "value": "3"}]}
    s = aggregate([score_record(g1, r1), score_record(g2, r2)])
    assert s["times"]["tp"] == 2 and s["times"]["fp"] == 1 and s["times"]["fn"] == 1
    assert s["times"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["times"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["articles"] == 2


def test_empty_record_scores_zero():
    s = aggregate([score_record(dict(EVGOLD, quotes=QGOLD["quotes"], **TGOLD), None)])
    assert s["events"]["fn"] == 3 and s["events"]["f1"] == 0.0
    assert s["quotes_direct"]["fn"] == 1 and s["times"]["fn"] == 4


def test_gate_reports_drops_beyond_tolerance_only():
    base = {"scores": {"events": {"precision": 0.5, "recall": 0.4, "f1": 0.45}}}
    ok = {"events": {"precision": 0.49, "recall": 0.38, "f1": 0.9}}
    assert check_against_baseline(ok, base) == []
    bad = {"events": {"precision": 0.47, "recall": 0.4, "f1": 0.45}}
    problems = check_against_baseline(bad, base)
    assert len(problems) == 1 and problems[0].startswith("events precision")
    assert check_against_baseline({}, base)  # a missing category fails too
    assert check_against_baseline(bad, base, tolerance=0.05) == []


def test_raised_baseline_only_goes_up():
    old = {"scores": {"times": {"precision": 0.8, "recall": 0.1, "f1": 0.2}}}
    now = {"times": {"precision": 0.5, "recall": 0.6, "f1": 0.55}}
    new = raised_baseline(now, old)
    assert new["times"] == {"precision": 0.8, "recall": 0.6, "f1": 0.55}
    assert json.loads(json.dumps(new)) == new


def test_evaluate_dir_with_a_missing_article(tmp_path, pipeline):
    """An unreadable gold article is a failure (scored as an empty record), not a crash."""
    from dyad.evaluate import evaluate_dir, per_article_errors

    (tmp_path / "a.md").write_text(
        "# Ban\n\nJanuary 23, 2019\n\nGermany banned Mahan Air on Monday.\n", encoding="utf-8"
    )
    good = {
        "id": "good",
        "article": "a.md",
        "published": "2019-01-23",
        "actors": [{"name": "Germany", "country": "DEU"}],
        "times": [{"text": "January 23, 2019", "value": "2019-01-23"}],
    }
    bad = {"id": "bad", "article": "missing.md", "actors": [{"name": "X", "country": "FRA"}]}
    (tmp_path / "good.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    res = evaluate_dir(tmp_path, pipeline=pipeline)
    assert res.scores["articles"] == 2 and res.scores["failures"] == 1
    errors = {e["gold"]: e for e in per_article_errors(res)}
    assert errors["bad"]["failure"] and errors["bad"]["categories"]["actors"]["missed"]
    assert errors["good"]["failure"] is None
    assert "good" in res.records and res.records["good"]["published"] == "2019-01-23"
