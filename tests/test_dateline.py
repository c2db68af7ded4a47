"""Wire datelines: recognised in each style, taken out of the text, geocoded, dated."""

from __future__ import annotations

import pytest

from dyad.model import Article, Record
from dyad.read import read_paths
from dyad.read.dateline import dateline_day, parse_dateline, split_dateline, with_dateline

STYLES = [
    # (body start, place, area, month, day, wire)
    ("MOSCOW, March 22 (Reuters) - Russia said", "MOSCOW", None, 3, 22, "Reuters"),
    ("LONDON (Reuters) - Britain said", "LONDON", None, None, None, "Reuters"),
    ("LONDON, April 3 - Libyan forces", "LONDON", None, 4, 3, None),
    ('TOKYO, March 3 - "We will act," he said', "TOKYO", None, 3, 3, None),
    ("WASHINGTON (AP) \u2014 The president", "WASHINGTON", None, None, None, "AP"),
    ("HELENA, Mont. (AP) \u2014 A man", "HELENA", "Mont.", None, None, "AP"),
    ("NEW YORK (AP) _ Stocks rose", "NEW YORK", None, None, None, "AP"),
    ("PARIS, March 22 (AFP) - France", "PARIS", None, 3, 22, "AFP"),
    ("KABUL, Afghanistan (AFP) \u2013 Taliban", "KABUL", "Afghanistan", None, None, "AFP"),
    ("WASHINGTON, March 22 (UPI) -- The Senate", "WASHINGTON", None, 3, 22, "UPI"),
    ("BEIRUT, Lebanon, March 22 (Reuters) - Israeli", "BEIRUT", "Lebanon", 3, 22, "Reuters"),
    ("Moscow, March 22 - Russia said", "Moscow", None, 3, 22, None),
    ("RIO DE JANEIRO, Sept. 4 - Brazil", "RIO DE JANEIRO", None, 9, 4, None),
    ("LONDON \u2014 Britain's prime minister", "LONDON", None, None, None, None),
]


@pytest.mark.parametrize("text,place,area,month,day,wire", STYLES)
def test_each_style(text, place, area, month, day, wire):
    dl, rest = split_dateline(text)
    assert dl is not None, text
    assert (dl.place, dl.area, dl.month, dl.day, dl.wire) == (place, area, month, day, wire)
    assert rest == text[dl.end :] and rest[:1].isupper() or rest[:1] == '"'
    assert text.startswith(dl.text)


LOOK_ALIKES = [
    "WASHINGTON \u2014 the city \u2014 has grown.",  # prose with an aside
    "WASHINGTON \u2014 The city \u2014 has grown.",  # the aside closes in the sentence
    "NORTHERN TELECOM PROPOSES TWO-FOR-ONE STOCK SPLIT",  # a hyphen inside a word
    "U.S. DIVIDEND MEETINGS - MARCH 3",  # a headline in capitals
    "UPDATE 2 - Oil prices rose",  # a slug, not a place
    "BREAKING - Oil prices rose",
    "Obama, March 3 - said nothing",  # no sentence after it
    "The talks ended on March 3 - and resumed later.",
    "NATO - the alliance - met.",
    "Officials in LONDON (Reuters) - said",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_left_alone(text):
    assert split_dateline(text) == (None, text)


def test_parse_dateline_element_leniently():
    assert parse_dateline("    SALVADOR, Feb 26 - ").place == "SALVADOR"
    dl = parse_dateline("EINDHOVEN, NETHERLANDS, APRIL 8 -")
    assert (dl.place, dl.area, dl.month, dl.day) == ("EINDHOVEN", "NETHERLANDS", 4, 8)
    assert parse_dateline("omaha, april 7 -").place == "omaha"
    assert parse_dateline("ROME, March 13, Reuter -").place == "ROME"
    only_day = parse_dateline("APRIL 7 -")
    assert only_day.place is None and (only_day.month, only_day.day) == (4, 7)
    assert parse_dateline("us 7.8015 -") is None and parse_dateline("  ") is None


def test_day_resolved_against_publication():
    assert dateline_day("SALVADOR, Feb 26 -", "1987-02-26") == "1987-02-26"
    assert dateline_day("LONDON, Dec 31 -", "1988-01-02") == "1987-12-31"  # last year's
    assert dateline_day("LONDON, March 1 -", "1987-02-28") == "1987-03-01"  # a day ahead
    assert dateline_day("LONDON, Feb 30 -", "1987-03-01") is None  # impossible
    assert dateline_day("WASHINGTON (AP) \u2014", "2020-01-01") is None  # no day
    assert dateline_day("LONDON, April 3 -", None) is None


def test_with_dateline_keeps_the_body_and_its_offsets(tmp_path):
    body = "LONDON, April 3 (Reuters) - Libyan forces shelled Misrata on Sunday."
    p = tmp_path / "story.txt"
    p.write_text(f"March 22, 2011\n\n{body}\n")
    (a,) = read_paths([str(p)])
    assert a.text == "Libyan forces shelled Misrata on Sunday."
    assert a.dateline == "March 22, 2011"  # the date line stays what it was
    assert a.dateline_place == "LONDON"
    plain = Article(id="x", text="Libyan forces shelled Misrata.")
    assert with_dateline(plain) is plain
    wired = with_dateline(Article(id="y", text=body))
    assert wired.dateline == "LONDON, April 3 (Reuters) -" and wired.text.startswith("Libyan")


def test_times_dateline_ref_uses_the_day():
    from dyad.extract.times.stage import dateline_ref

    rec = Record(id="r", text="x", published="1987-02-27", dateline="SALVADOR, Feb 26 -")
    rec.dateline_place = {"name": "SALVADOR"}
    assert dateline_ref(rec).value == "1987-02-26"
    rec.dateline = "WASHINGTON (AP) \u2014"
    assert dateline_ref(rec) is None  # a dateline without a day is no date


def test_geocode_dateline():
    from dyad.extract.places.stage import geocode_dateline
    from dyad.geo import gazetteer

    gaz = gazetteer()
    got = {}
    for dl, name in [
        ("SALVADOR, Feb 26 -", "SALVADOR"),
        ("HELENA, Mont. (AP) \u2014", "HELENA"),
        ("THE HAGUE, March 13 -", "THE HAGUE"),
        ("Wilcox/Gibbs -", "Wilcox/Gibbs"),
    ]:
        rec = Record(id="r", text="", dateline=dl, dateline_place={"name": name})
        geocode_dateline(rec, gaz)
        got[name] = rec.dateline_place
    assert got["SALVADOR"]["country"] == "BRA"
    assert got["HELENA"]["country"] == "USA" and 46 < got["HELENA"]["lat"] < 47
    assert got["THE HAGUE"]["country"] == "NLD"
    assert got["Wilcox/Gibbs"] == {"name": "Wilcox/Gibbs"}  # a null beats a guess


def test_pipeline_never_sees_the_dateline(pipeline):
    text = (
        "TOKYO, March 3 (Reuters) - Japan's finance minister said the yen was stable. "
        "Government troops attacked rebel positions near the border."
    )
    art = with_dateline(Article(id="t", text=text, published="1987-03-04"))
    rec = next(pipeline.process([art]))
    assert isinstance(rec, Record)
    assert rec.text.startswith("Japan's") and rec.dateline_place["country"] == "JPN"
    for a in rec.actors:
        assert "TOKYO" not in a.name and "March 3" not in a.name
    for q in rec.quotes:
        assert not q.text.startswith("TOKYO")
    assert all(p.name != "TOKYO" for p in rec.places)
    undated = [e for e in rec.events if e.date_source == "dateline"]
    assert all(e.date == "1987-03-03" for e in undated)
    assert any(t.value == "1987-03-03" and t.span is None for t in rec.times)


def test_leak_counter_sees_the_leaks_of_the_issue():
    """benchmarks/dateline_leaks.py flags what the issue found before datelines were read."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from dateline_leaks import dateline_core, leaks

    core = dateline_core("TOKYO, March 3 -")
    assert core == "TOKYO, March 3"
    for s in ("April 3 - Libyan forces", "TOKYO, March 3 - the yen fell", "BAHRAIN"):
        assert leaks(s, core, "BAHRAIN"), s
    for s in ("Bahrain", "Japan's finance minister", "Reuters", "the yen fell on March 3"):
        assert not leaks(s, core, "BAHRAIN"), s
