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
    """The SQL the store runs from now on (its in-memory keys of the stored articles off,
    so that every answer it does not remember is asked for)."""
    store._keys = False
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


def test_keys_in_memory_answer_like_the_database(tmp_path):
    """What a writer keeps of the stored articles (ids, content hashes, places) answers as
    the database would: for articles stored by an earlier run, for ones stored in this
    run, and after a delete."""
    path = str(tmp_path / "k.duckdb")
    a = make_record()
    with Store(path) as first:
        assert first.upsert(a) == "stored"
    with Store(path) as st:
        assert st.precheck(a.id, a.url, a.text) == "skipped"  # stored by the earlier run
        mirror = make_record(url="https://mirror.example.com/copy")
        assert st.precheck(mirror.id, mirror.url, mirror.text) == "skipped"  # same text
        newer = make_record(text=a.text + " An update.")  # same URL, new text
        assert st.precheck(newer.id, newer.url, newer.text) == "new"
        assert st.upsert(newer) == "replaced"
        assert st.counts()["articles"] == 1
        assert st.delete_article(newer.id)
        assert st.precheck(newer.id, newer.url, newer.text) == "new"  # a superset: asked
        assert st.upsert(newer) == "stored"
        other = make_record(url="https://example.com/other", text="Another story altogether.")
        seen = _queries(st)
        st._keys = None  # on again, loaded afresh
        assert st.precheck(other.id, other.url, other.text) == "new"
        assert not any(q.startswith("SELECT 1 FROM articles") for q in seen)  # known absent
