"""The token list kept per doc (dyad.extract.lookup.doc_tokens)."""

import gc
import weakref

import spacy

from dyad.extract.lookup import doc_tokens, forget_tokens


def test_doc_tokens_are_the_docs_tokens_made_once() -> None:
    doc = spacy.blank("en")("Straw said Sudan must disarm the militias.")
    toks = doc_tokens(doc)
    assert [(t.i, t.text, t.idx) for t in toks] == [(t.i, t.text, t.idx) for t in doc]
    assert doc_tokens(doc) is toks  # kept, not made again


def test_forget_tokens_lets_the_doc_go_without_the_collector() -> None:
    doc = spacy.blank("en")("It is time for Russia to withdraw.")
    doc_tokens(doc)
    forget_tokens(doc)
    assert doc_tokens(doc) is not None  # made again on demand
    forget_tokens(doc)
    ref = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert ref() is None
    finally:
        gc.enable()
