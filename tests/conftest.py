"""Shared test fixtures: the ../shared folder (skipped where absent) and the model."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The workplace's ../shared folder; tests that need it skip where it is absent."""
    if not (SHARED / "gold" / "dev").is_dir():
        pytest.skip("../shared is absent (a fresh clone): real-article data not available")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from dyad import nlp as _nlp

    return _nlp.load()


@pytest.fixture(scope="session")
def pipeline():
    from dyad.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def extract(pipeline):
    """Run the whole pipeline on a text: ``extract(text, published=None) -> Record``."""
    from dyad.model import Article, article_id

    def run(text: str, published: str | None = None, title: str | None = None):
        art = Article(id=article_id(None, text), text=text, published=published, title=title)
        out = next(pipeline.process([art]))
        assert not hasattr(out, "reason"), getattr(out, "reason", "")
        return out

    return run


@pytest.fixture(scope="session")
def qx():
    """Run the actors, times and quotes stages on a text (the quotes tests):
    ``qx(text, published="2011-03-22") -> Record``."""
    from dyad.model import Article, Record
    from dyad.pipeline import Pipeline, Settings

    pipe = Pipeline(Settings(stages=("actors", "times", "quotes")))

    def run(text: str, published: str = "2011-03-22") -> Record:
        out = next(pipe.process([Article(id="t", text=text, published=published)]))
        assert isinstance(out, Record), getattr(out, "reason", out)
        return out

    return run
