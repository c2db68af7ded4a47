"""The per-article time limit holds inside a batch (issue 20: a 1 MB file of ``!`` cost
126 s with a 60 s limit: the batch deadline, 60 s + 2 s per other article, ran out
first, and then the text was parsed again alone under another 60 s)."""

from __future__ import annotations

import time

from dyad.model import Article, Record
from dyad.pipeline import Failure, Pipeline, Settings

LIMIT = 2.0


def test_a_stalling_text_in_a_batch_fails_within_its_own_limit():
    p = Pipeline(Settings(stages=(), time_per_article=LIMIT))
    list(p.process([Article("w", "Warm up the model.")]))
    batch = [
        Article("n", "Russia and China signed a trade deal on Monday."),
        Article("bang", "!" * 400_000),
        Article("m", "France agreed to the plan."),
    ]
    t = time.perf_counter()
    out = list(p.process(batch))
    took = time.perf_counter() - t
    assert [type(o) for o in out] == [Record, Failure, Record]
    assert out[1].stage == "parse" and "time limit" in out[1].reason
    # Before: LIMIT + 2 s per other article for the batch, then LIMIT again alone (> 8 s).
    assert took < 2 * LIMIT + 1.0, f"took {took:.1f} s with a {LIMIT:g} s limit"
