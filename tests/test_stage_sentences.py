"""The sentences stage: the worked example of adding a stage (docs/architecture.md)."""

from __future__ import annotations

from dyad.contract import Settings
from dyad.model import Article
from dyad.pipeline import Pipeline


def test_sentences_stage_counts_sentences_and_words():
    text = "Iran condemned the strike. Israel said nothing, officials said."
    out = next(Pipeline(Settings(stages=("sentences",))).process([Article(id="a", text=text)]))
    assert out.extra["sentences"] == 2
    assert out.extra["words"] == 9


def test_sentences_stage_is_not_in_the_default_run():
    assert "sentences" not in Settings().stages
