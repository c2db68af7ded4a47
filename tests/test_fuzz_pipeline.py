"""Hostile text through the whole pipeline: a whole Record or a Failure, never a crash or hang.

A "whole" record is one whose every span lies inside its text and which survives
the JSON round trip unchanged, so what is stored is what was extracted.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.contract import FunctionStage
from dyad.model import Article, Record, article_id
from dyad.pipeline import Failure, Pipeline, Settings
from test_fuzz_readers import HOSTILE, NEWS, hostile_text

FUZZ = settings(
    max_examples=50,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def art(text: str, published: str | None = "2011-03-22") -> Article:
    return Article(id=article_id(None, text), text=text, published=published, source_path="fuzz")


def check_record(r: Record | Failure) -> None:
    assert isinstance(r, Record | Failure), type(r)
    if isinstance(r, Failure):
        assert r.reason
        return
    n = len(r.text)

    def inside(span, what):
        assert span is not None, what
        s, e = span
        assert 0 <= s <= e <= n, (what, span, n)

    ids = {a.id for a in r.actors}
    assert len(ids) == len(r.actors), "actor ids must be unique"
    for a in r.actors:
        assert a.name, "an actor needs a name"
        for m in a.mentions:
            inside((m.start, m.end), f"mention of {a.name}")
    for q in r.quotes:
        inside(q.span, "quote")
        if q.speaker and q.speaker.actor_id:
            assert q.speaker.actor_id in ids
    for p in r.places:
        inside(p.span, "place")
    for t in r.times:
        if t.span is not None:
            inside(t.span, "time")
    for e in r.events:
        inside(e.span, "event")
        assert e.type
        for ref in (e.source, e.target):
            if ref and ref.actor_id:
                assert ref.actor_id in ids, "event points at an actor not in the record"
    s = r.to_json()
    s.encode("utf-8")
    assert Record.from_json(s).to_dict() == r.to_dict(), "JSON round trip changed the record"


@FUZZ
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_pipeline_any_text(pipeline, texts):
    """A batch of hostile texts: one output each, each a whole Record or a Failure."""
    outs = list(pipeline.process([art(t) for t in texts]))
    assert len(outs) == len(texts)
    for o in outs:
        check_record(o)


@FUZZ
@given(
    st.lists(st.sampled_from(NEWS + HOSTILE), min_size=5, max_size=60).map("".join),
    st.one_of(st.none(), st.dates().map(dt.date.isoformat), st.just("2011-02-31")),
)
def test_pipeline_newsish_text_and_any_date(pipeline, text, published):
    out = next(pipeline.process([art(text, published)]))
    check_record(out)


def test_failures_pass_through_and_order_is_kept(pipeline):
    items = [
        art("Russia said on Monday it agreed."),
        Failure("bad.bin", "binary file"),
        art(""),
        art("   \n\t "),
        art("Germany banned Mahan Air."),
    ]
    outs = list(pipeline.process(items))
    assert [type(o).__name__ for o in outs][:2] == ["Failure", "Failure"]  # failures go first
    assert sum(isinstance(o, Record) for o in outs) == 2
    assert sum(isinstance(o, Failure) for o in outs) == 3
    for o in outs:
        check_record(o)


@pytest.mark.timeout(120)
def test_named_hostile_texts(pipeline):
    texts = {
        "quotes": '"' * 2000,
        "curly": "\u201c" * 1500 + "\u201d" * 1500,
        "spaced": '" ' * 2000,
        "said": 'He said, "yes' * 300,
        "nested": "\u201cShe said \u2018he said \u201cthey said \u2018no\u2019\u201d\u2019\u201d "
        * 300,
        "nul": "Russia \x00 said \x00 on Monday." * 100,
        "rtl": "\u202eRussia\u200f said \u200d\U0001f600 on Monday\u0301 " * 200,
        "combining": "a" + "\u0301" * 5000,
        "emoji": "\U0001f469\u200d\U0001f469\u200d\U0001f467 " * 500,
        "feb31": "On February 31, 2011, Russia met Germany. On 31 February the talks ended.",
        "one_word": "x" * 100_000,
        "dots": ". " * 5_000,
    }
    for name, text in texts.items():
        t = time.perf_counter()
        out = next(pipeline.process([art(text)]))
        took = time.perf_counter() - t
        check_record(out)
        assert took < 60, f"{name} took {took:.1f} s"


def test_ten_megabyte_single_line_is_refused_whole():
    text = ("word " * 2_100_000)[:10_500_000]
    p = Pipeline(Settings(stages=()))
    t = time.perf_counter()
    out = next(p.process([art(text)]))
    assert isinstance(out, Failure) and "too large" in out.reason
    assert time.perf_counter() - t < 10


def test_long_text_is_cut_before_parsing_and_marked():
    text = "Russia said on Monday that it agreed with Germany. " * 800  # ~40k chars
    p = Pipeline(Settings(parse_chars=5_000, stages=("actors",)))
    out = next(p.process([art(text)]))
    assert isinstance(out, Record)
    assert out.extra["truncated_at"] == 5_000
    check_record(out)


def test_time_limit_turns_a_hanging_stage_into_a_failure():
    p = Pipeline(Settings(stages=("actors",), time_per_article=0.5))

    def hang(doc, rec, ctx):
        while True:
            time.sleep(0.01)

    p.stages.append(FunctionStage("hang", hang))
    p.timings["hang"] = 0.0
    t = time.perf_counter()
    outs = list(p.process([art("Russia said so."), art("Germany said so.")]))
    assert time.perf_counter() - t < 10
    assert all(isinstance(o, Failure) and "time limit" in o.reason for o in outs)
    assert all(o.stage == "annotate" for o in outs)


def test_a_crashing_stage_fails_only_its_article():
    p = Pipeline(Settings(stages=("actors",)))

    def crash(doc, rec, ctx):
        if "boom" in rec.text:
            raise ValueError("bad input")
        rec.extra["seen"] = True

    p.stages.append(FunctionStage("crash", crash))
    p.timings["crash"] = 0.0
    outs = list(p.process([art("Russia said so."), art("boom here"), art("Germany said so.")]))
    assert [type(o).__name__ for o in outs] == ["Record", "Failure", "Record"]
    assert outs[1].stage == "crash" and "ValueError" in outs[1].reason


@pytest.mark.timeout(120)
def test_time_limit_covers_the_parse():
    p = Pipeline(Settings(stages=(), time_per_article=1.0))
    t = time.perf_counter()
    out = next(p.process([art("(" * 6000)]))
    took = time.perf_counter() - t
    check_record(out)
    assert took < 3.0, f"a 6 kB run of '(' took {took:.1f} s with a 1 s time limit"
