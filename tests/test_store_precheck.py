"""The writer remembers what ``precheck`` found new, so ``upsert`` of that article skips
its two lookups: answers that a later insert could change are forgotten."""

from __future__ import annotations

import pytest

from dyad.store import Store
from test_store import make_record  # the store tests' record maker


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "t.duckdb"))
    yield s
    s.close()


def _queries(store: Store) -> list[str]:
    seen: list[str] = []
    con = store.con

    class Counting:
        def execute(self, sql, *a, **k):
            seen.append(sql)
            return con.execute(sql, *a, **k)

        def __getattr__(self, name):
            return getattr(con, name)

    store.con = Counting()
    return seen


def test_prechecked_new_article_is_stored_without_asking_again(store):
    rec = make_record()
    assert store.precheck(rec.id, rec.url, rec.text) == "new"
    seen = _queries(store)
    assert store.upsert(rec) == "stored"
    assert not any(q.startswith("SELECT 1 FROM articles") for q in seen)
    assert store.upsert(rec) == "skipped"  # stored now: asked again, and found


def test_same_text_prechecked_twice_is_stored_once(store):
    """Both copies look new before either is stored; the second must still be skipped."""
    a = make_record()
    b = make_record(url="https://mirror.example.com/copy")
    assert store.precheck(a.id, a.url, a.text) == "new"
    assert store.precheck(b.id, b.url, b.text) == "new"
    assert store.upsert(a) == "stored"
    assert store.upsert(b) == "skipped"
    assert store.counts()["articles"] == 1


def test_a_rollback_forgets(store):
    a = make_record()
    assert store.precheck(a.id, a.url, a.text) == "new"
    store.begin()
    store.rollback()
    seen = _queries(store)
    assert store.upsert(a) == "stored"
    assert any(q.startswith("SELECT 1 FROM articles") for q in seen)


def test_a_changed_text_is_asked_about(store):
    a = make_record()
    assert store.precheck(a.id, a.url, a.text + " More.") == "new"
    seen = _queries(store)
    assert store.upsert(a) == "stored"
    assert any(q.startswith("SELECT 1 FROM articles") for q in seen)
