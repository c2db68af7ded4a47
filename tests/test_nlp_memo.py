"""The remembering attribute ruler and lemmatizer (dyad.nlp_memo) write what spaCy's own
components write: every token attribute, on texts that exercise the ruler's one-token
rules, its two-word exceptions and its IN / NOT_IN / REGEX patterns."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, TAG

from dyad.contract import DEFAULT_MODEL
from dyad.nlp_memo import _LemmaMemo, _RulerMemo

TEXTS = [
    "Y'all ain't gonna believe it, c'mon! Let's go: we gotta leave before the vote.",
    "There is a cat; there's more. There were riots. It gets better and he got it.",
    "The Prime Minister said on Tuesday that Britain's ministers had been warned twice.",
    "  Gon na   ai n't \t\n AIN'T  Gonna LET'S y all  ",
    "Mr Blair, who was re-elected in 2001, met 12 leaders at No 10; they're angry.",
    "",
    "\n\n",
]
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, NORM, SENT_START]


def _tokens(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_memo_components_match_spacy(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), _RulerMemo)
    assert isinstance(nlp.get_pipe("lemmatizer"), _LemmaMemo)
    plain = spacy.load(DEFAULT_MODEL)
    assert not isinstance(plain.get_pipe("attribute_ruler"), _RulerMemo)
    for _round in range(2):  # the second round answers from the memory
        for ours, theirs in zip(nlp.pipe(TEXTS), plain.pipe(TEXTS), strict=True):
            assert _tokens(ours) == _tokens(theirs)
            assert (ours.to_array(ATTRS) == theirs.to_array(ATTRS)).all()


def test_memo_lemmatizer_keeps_lemmas_already_set(nlp):
    """The ruler's exceptions set some lemmas ("gonna" -> "go"); the lemmatizer leaves them."""
    doc = nlp("They're gonna win, y'all.")
    assert [t.lemma_ for t in doc][2:4] == ["go", "to"]
