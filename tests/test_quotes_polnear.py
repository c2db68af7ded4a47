"""Session 3 of issue 18: what was said and by whom, on sentences we wrote, and the
PolNeAR scorer's repairs (benchmarks/polnear.py) on hand-made cases."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from dyad.model import Record

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import polnear  # noqa: E402


def kinds(rec: Record, kind: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker.name if q.speaker else None) for q in rec.quotes if q.kind == kind]


def test_reported_content_keeps_the_closing_mark(qx):
    rec = qx(
        "Senator Anna Berg says the new tax plan of the governor was "
        "\u201cunhinged, even for him.\u201d"
    )
    (text, who), *_ = kinds(rec, "indirect")
    assert text.endswith("for him.\u201d") and "Berg" in (who or "")
    (part, _), *_ = kinds(rec, "direct")
    start = rec.text.index(text)
    assert rec.text.index(part) + len(part) <= start + len(text)  # the partial quote inside


def test_second_clause_joined_by_and_is_what_was_said(qx):
    rec = qx(
        "Michael Flynn said Trump has great respect for the military and his comment was "
        "an expression of frustration with the strategy."
    )
    (text, _), *_ = kinds(rec, "indirect")
    assert text.endswith("frustration with the strategy")


def test_negated_inner_cue_leaves_the_outer_report(qx):
    rec = qx("Justin Bamberg also said the videos do not show whether Scott had a gun.")
    assert any(t.startswith("the videos do not show") for t, _ in kinds(rec, "indirect"))


def gold(content, source, cue=()):
    return polnear.GoldAttr(list(content), list(source), list(cue))


def test_swapped_source_and_cue_are_repaired():
    text = "Nobody wants that, said Hester, a parent."
    g = gold([(0, 17)], [(19, 23)], [(24, 30)])  # source "said", cue "Hester"
    keep = gold([(0, 17)], [(24, 30)], [(19, 23)])
    assert polnear.repair_swapped(text, [g, keep]) == 1
    assert g.source == [(24, 30)] and keep.source == [(24, 30)]


def speaker(start, end, mentions=()):
    actor = SimpleNamespace(mentions=[SimpleNamespace(start=s, end=e) for s, e in mentions])
    return SimpleNamespace(speaker=SimpleNamespace(start=start, end=end, actor=actor))


def test_relative_pronoun_source_is_its_name():
    text = "Tax experts like Mr. Kamin, who emphasized the plan, agreed. Trump attacked Clinton, who said no."
    who = text.index("who")
    g = gold([(0, 1)], [(who, who + 3)])
    kamin = text.index("Mr. Kamin")
    assert polnear.speaker_ok(speaker(kamin, kamin + 9), g, text)
    assert not polnear.speaker_ok(speaker(kamin, kamin + 9), g)  # without the text: strict
    who2 = text.rindex("who")
    g2 = gold([(0, 1)], [(who2, who2 + 3)])
    trump = text.index("Trump")
    assert not polnear.speaker_ok(speaker(trump, trump + 5), g2, text)  # a verb between
    paren = "Sen. Bob Corker (R-Tenn.), who said no."
    w = paren.index("who")
    assert polnear.speaker_ok(speaker(0, 15), gold([(0, 1)], [(w, w + 3)]), paren)


def test_counts_add_one_article():
    text = "Mr. Kamin, who emphasized the plan, agreed. It rained."
    who = text.index("who")
    golds = [gold([(0, 5)], [(who, who + 3)]), gold([(44, 54)], []), gold([(30, 40)], [(0, 3)])]
    preds = [speaker(0, 9), speaker(20, 25), speaker(40, 43)]  # 0-0 and 2-1 matched, 1 extra
    c = polnear.Counts()
    assert c.add(preds, golds, [(0, 0), (2, 1)]) == [(0, 0)]  # without the text: strict
    assert (c.tp, c.fp, c.fn, c.src_n, c.spk_n, c.spk_ok) == (2, 1, 1, 2, 1, 0)
    c = polnear.Counts()
    assert c.add(preds, golds, [(0, 0), (2, 1)], text) == []  # "who" stands for Mr. Kamin
    assert (c.spk_n, c.spk_ok) == (1, 1)


def test_attribution_kind_follows_the_gold_rule():
    text = 'He said the plan "does nothing at all for the economy of the state."'
    quote = SimpleNamespace(
        kind="indirect", span=(8, len(text)), speaker=None, cue_span=(3, 7), cue="said", text=""
    )
    found = [SimpleNamespace(quote=quote, speaker=None, cue_class="speech")]
    assert polnear.attributions(found)[0].kind == "indirect"  # dyad's label
    assert polnear.attributions(found, text)[0].kind == "direct"  # mostly quoted


def test_colon_ending_the_paragraph_before_gives_the_speaker(qx):
    rec = qx(
        "Senator Bernie Sanders made the following comment:\n\n"
        '"For young people who have left high school, the unemployment rate is very high."'
    )
    assert [w for _, w in kinds(rec, "direct")] == ["Bernie Sanders"]


def test_stray_straight_mark_does_not_swallow_a_curly_quote():
    from dyad.extract.quotes.marks import find_quoted

    text = '"Kevin was snoring.\n\n\u201cHere he is, babe,\u201d she said.'
    got = [text[a:b] for q in find_quoted(text) for a, b in q.segments]
    assert got == ["Kevin was snoring.", "Here he is, babe,"]
    same = '"It was late.\n\n"We went home," she said.'
    (q,) = find_quoted(same)  # one quote over two paragraphs, as news writes it
    assert [same[a:b] for a, b in q.segments] == ["It was late.", "We went home,"]


def test_that_clause_parsed_as_adverbial_is_what_was_said(qx):
    rec = qx(
        "Donald Trump tweeted in the early morning hours that Machado was "
        "\u201cdisgusting\u201d and \u201ca con\u201d."
    )
    assert [t for t, _ in kinds(rec, "indirect")] == [
        "Machado was \u201cdisgusting\u201d and \u201ca con\u201d"
    ]


def test_speech_cue_tells_speech_from_belief(nlp):
    text = "Ms. Vale said the plan failed. Mr. Ord believes it works. PIKE: Go on."
    doc = nlp(text)

    def at(word):
        i = text.index(word)
        return [(i, i + len(word))]

    said = gold(at("the plan failed"), at("Ms. Vale"), at("said"))
    believes = gold(at("it works"), at("Mr. Ord"), at("believes"))
    colon = gold(at("Go on."), at("PIKE"), at(":"))
    assert polnear.speech_cue(doc, text, said)
    assert not polnear.speech_cue(doc, text, believes)
    assert polnear.speech_cue(doc, text, colon)  # a transcript's colon
