"""The tone stage: document, event and quote tone on a -10..+10 scale from VADER."""

from __future__ import annotations

from dyad.contract import Context
from dyad.extract import tone as tone_stage
from dyad.model import ActorRef, Event, Quote, Record


def test_tone_scale_and_sign():
    assert tone_stage.tone("The two leaders praised the excellent, friendly agreement.") > 3
    assert tone_stage.tone("Militants killed four soldiers in a brutal, deadly attack.") < -3
    assert tone_stage.tone("The meeting took place on Tuesday.") == 0.0
    assert tone_stage.tone("") == 0.0
    for text in ("Great great wonderful!!! " * 20, "Horrible terrible murder!!! " * 20):
        assert -10.0 <= tone_stage.tone(text) <= 10.0


def test_stage_sets_document_event_and_quote_tone(nlp):
    text = (
        "The ministers praised the warm and friendly talks. "
        "Hours later, gunmen killed six villagers in a horrific attack. "
        '"This is a cowardly crime," the governor said.'
    )
    doc = nlp(text)
    rec = Record(id="t", text=text)
    k = text.find("killed")
    p = text.find("praised")
    rec.events = [
        Event("ASSAULT", (k, k + 6), "", cameo="190"),
        Event("CONSULT", (p, p + 7), "", cameo="040"),
    ]
    q = text.find("This is")
    rec.quotes = [Quote("This is a cowardly crime,", "direct", (q, q + 25), ActorRef("governor"))]
    tone_stage.run(doc, rec, Context())
    assert rec.events[0].tone < -3 < 3 < rec.events[1].tone
    assert rec.quotes[0].tone < -3
    assert rec.tone is not None and -10 <= rec.tone <= 10
    # The document tone weighs sentences by length: two negative sentences beat one positive.
    assert rec.tone < 0


def test_analyzer_is_built_once():
    assert tone_stage.analyzer() is tone_stage.analyzer()


def test_stage_scores_tokens_close_to_vader(nlp):
    """The stage scores parsed tokens with VADER's tables; on sentences that exercise its
    rules (negation, boosters, "but", capitals, hyphenated and "no" words, "kind of",
    "at least") it must agree with VADER itself."""
    sentences = [
        "The talks were not successful.",
        "The ministers were extremely happy with the deal.",
        "The plan is good, but the funding is terrible.",
        "Officials called the attack HORRIBLE and cowardly.",
        "The best-loved film was made in post-war London.",
        "There was no progress and no hope of a deal!",
        "It was kind of a surprise, but at least nobody was hurt.",
        "Is this a disaster for the whole region??",
    ]
    for text in sentences:
        doc = nlp(text)
        rec = Record(id="t", text=text)
        tone_stage.run(doc, rec, Context())
        assert abs(rec.tone - tone_stage.tone(text)) <= 0.5, text
