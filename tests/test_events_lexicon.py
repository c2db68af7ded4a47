"""The event lexicon and the CAMEO table: well formed, complete, matched by the parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.extract.events.lexicon import (
    Lexicon,
    parse_pattern,
    read_entries,
)
from dyad.vocab import PLOVER_TYPES, cameo_facts, cameo_table


def test_lexicon_covers_every_type_with_hundreds_of_entries():
    entries = read_entries()
    assert len(entries) >= 400
    by_type = {t: [e for e in entries if e.type == t] for t in PLOVER_TYPES}
    for t, lst in by_type.items():
        assert len(lst) >= 8, t
        assert any(e.kind == "V" for e in lst) and any(e.kind == "N" for e in lst), t
    assert len({e.id for e in entries}) == len(entries)


def test_every_entry_has_a_known_cameo_code():
    table = cameo_table()
    for e in read_entries():
        if e.type == "NONE":  # a use that is no event: no code
            continue
        assert e.cameo[:2] in table, e.id
        facts = cameo_facts(e.cameo)
        assert facts is not None and 1 <= facts.quad_class <= 4, e.id


def test_cameo_table_facts():
    assert cameo_facts("190").goldstein == -10.0
    assert cameo_facts("190").quad_class == 4
    assert cameo_facts("036").quad_class == 1
    assert cameo_facts("0871").quad_class == 2
    assert cameo_facts("112").quad_class == 3
    assert cameo_facts("9999") is None


def test_pattern_language():
    assert parse_pattern("V", "call for") == ("call", parse_pattern("V", "call for")[1], ())
    lemma, parts, _ = parse_pattern("V", "withdraw from {treaty|deal}")
    assert lemma == "withdraw" and parts[0].word == "from"
    assert parts[1].objs == frozenset({"treaty", "deal"})
    lemma, parts, mods = parse_pattern("N", "hunger strike")
    assert lemma == "strike" and mods == ("hunger",) and parts == ()


def test_bad_lexicon_lines_are_refused(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("FIGHT\t\t190\tV\tattack\n")
    with pytest.raises(ValueError, match="unknown PLOVER type"):
        read_entries(bad)
    bad.write_text("ASSAULT\t\t190\tX\tattack\n")
    with pytest.raises(ValueError, match="kind"):
        read_entries(bad)


def test_most_specific_entry_wins(nlp):
    lex = Lexicon(nlp.vocab)
    doc = nlp("Trump struck a deal with Kim. Russia struck Kyiv.")
    got = {}
    for kind, tok in lex.candidates(doc):
        m, _ = lex.match(kind, tok)
        if m is not None:
            got[tok.i] = m.entry.type
    assert got[1] == "AGREE"  # struck a deal
    assert any(v == "ASSAULT" for v in got.values())  # struck Kyiv


def test_none_entries_stop_the_general_pattern(nlp):
    lex = Lexicon(nlp.vocab)
    doc = nlp("Facebook released a statement on Monday.")
    tok = next(t for t in doc if t.lemma_ == "release")
    m, _ = lex.match("V", tok)
    assert m is not None and m.entry.type == "NONE"
    doc = nlp("Iran released two British sailors on Monday.")
    tok = next(t for t in doc if t.lemma_ == "release")
    m, _ = lex.match("V", tok)
    assert m is not None and m.entry.type == "RETREAT"


def test_phrasal_pattern_needs_its_particle(nlp):
    lex = Lexicon(nlp.vocab)
    doc = nlp("On Monday the two leaders spoke on the phone.")
    tok = next(t for t in doc if t.lemma_ == "speak")
    m, _ = lex.match("V", tok)
    assert m is not None and m.entry.type == "CONSULT" and m.entry.mode == "phone"
    doc = nlp("The minister spoke to reporters in Paris.")
    tok = next(t for t in doc if t.lemma_ == "speak")
    m, _ = lex.match("V", tok)
    assert m is not None and m.entry.id == "consult.v.speak_to"


def test_a_user_lexicon_adds_and_overrides(nlp, tmp_path: Path):
    from dyad.extract.events.lexicon import get_lexicon
    from dyad.pipeline import Context, Settings

    user = tmp_path / "mine.tsv"
    user.write_text("# my entries\nASSAULT\t\t190\tV\tzap\nCONSULT\t\t040\tV\tmeet\n")
    ctx = Context(Settings(events_lexicon=str(user)))
    lex = get_lexicon(nlp.vocab, ctx)
    doc = nlp("Rebels zapped the convoy. Putin met Xi.")
    got = {tok.lower_: lex.match(kind, tok)[0] for kind, tok in lex.candidates(doc)}
    assert got["zapped"] is not None and got["zapped"].entry.id == "user.assault.v.zap"
    assert got["met"].entry.id == "user.consult.v.meet"
    assert "needtgt" not in got["met"].entry.flags
