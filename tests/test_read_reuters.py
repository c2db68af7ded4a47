"""The Reuters-21578 SGML reader: one article per <REUTERS>, streamed, fields and tags."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from dyad.model import Article
from dyad.pipeline import Failure
from dyad.read import ReadLimits, kind_of, read_paths
from dyad.read.reuters import parse_reuters, published_date, reflow

# Our own stories, in the corpus's shape (wrapped lines, indented paragraphs, entities).
STORY = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="{id}">
<DATE>{date}</DATE>
<TOPICS><D>grain</D><D>wheat</D></TOPICS>
<PLACES><D>usa</D><D>ussr</D></PLACES>
<PEOPLE><D>lyng</D></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> &#5;&#5;&#5;G
&#22;&#22;&#1;f0712&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>U.S. OFFERS WHEAT TO &lt;SOVIET> BUYERS</TITLE>
<AUTHOR>    By Jane Roe, Reuters</AUTHOR>
<DATELINE>    WASHINGTON, Feb 26 - </DATELINE><BODY>The Agriculture Department offered
wheat to Soviet buyers on Thursday, officials said, and
A&amp;B Grain Co said it would bid.
    The offer covers {what}.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""
BRIEF = """<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="7">
<DATE>  3-MAR-1987 09:12:00.00</DATE>
<TOPICS></TOPICS><PLACES><D>uk</D></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>BANK OF ENGLAND CUTS BASE RATE TO 10 PCT
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
"""
UNPROC = """<REUTERS TOPICS="NO" NEWID="8">
<DATE>  3-MAR-1987 09:13:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
SLUG LINE =2 LONDON
    The warrants will be issued by a bank in Milan.
 REUTER
&#3;
</TEXT>
</REUTERS>
"""
EMPTY = """<REUTERS TOPICS="NO" NEWID="9">
<DATE>  3-MAR-1987 09:14:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
&#3;
</TEXT>
</REUTERS>
"""


def sgm(tmp_path: Path, *parts: str, name: str = "reut2-000.sgm") -> Path:
    p = tmp_path / name
    p.write_bytes(('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "".join(parts)).encode("latin-1"))
    return p


def story(i: int = 1, date: str = "26-FEB-1987 15:01:01.79", what: str = "200,000 tonnes") -> str:
    return STORY.format(id=i, date=date, what=what)


def read(path: Path, **limits) -> tuple[list[Article], list[Failure]]:
    items = list(read_paths([str(path)], ReadLimits(**limits)))
    return [a for a in items if isinstance(a, Article)], [
        f for f in items if isinstance(f, Failure)
    ]


def test_kind_of_sgm():
    assert kind_of("reut2-000.sgm") == kind_of("X.SGML") == kind_of("x.sgm.gz") == "sgml"


def test_one_article_per_element_with_every_field(tmp_path):
    arts, fails = read(sgm(tmp_path, story(1), story(2, "27-FEB-1987 10:00:00.00")))
    assert fails == [] and len(arts) == 2
    a = arts[0]
    assert a.id == "reuters21578-1" and arts[1].id == "reuters21578-2"
    assert a.source_path.endswith("reut2-000.sgm#1") and a.source_kind == "reuters"
    assert a.published == "1987-02-26" and arts[1].published == "1987-02-27"
    assert a.title == "U.S. OFFERS WHEAT TO <SOVIET> BUYERS"  # entity decoded
    assert a.author == "Jane Roe"
    assert a.dateline == "WASHINGTON, Feb 26 -" and a.dateline_place == "WASHINGTON"
    assert a.publisher == "Reuters" and a.credit == "Reuters"
    # wrapped lines joined, an indented line starts a paragraph, the sign-off is gone
    assert a.text == (
        "The Agriculture Department offered wheat to Soviet buyers on Thursday, officials "
        "said, and A&B Grain Co said it would bid.\n\nThe offer covers 200,000 tonnes."
    )
    assert a.extra["tags"] == {
        "topics": ["grain", "wheat"],
        "places": ["usa", "ussr"],
        "people": ["lyng"],
        "orgs": [],
        "exchanges": [],
        "companies": [],
    }
    assert a.extra["source_id"] == "reuters21578:1"
    assert a.extra["reuters"]["lewissplit"] == "TRAIN"


def test_brief_unprocessed_and_empty_elements(tmp_path):
    arts, fails = read(sgm(tmp_path, BRIEF, UNPROC, EMPTY))
    brief, unproc = arts
    assert brief.text == brief.title == "BANK OF ENGLAND CUTS BASE RATE TO 10 PCT"
    assert brief.extra["brief"] is True and brief.extra["tags"]["places"] == ["uk"]
    assert unproc.text == "SLUG LINE =2 LONDON\n\nThe warrants will be issued by a bank in Milan."
    assert unproc.extra["reuters"]["type"] == "UNPROC" and unproc.dateline is None
    assert [f.source_path.rsplit("#", 1)[1] for f in fails] == ["9"]
    assert "empty article" in fails[0].reason


def test_latin1_byte_and_control_characters(tmp_path):
    p = sgm(tmp_path, story(3, what="shipments to M\xfcnster and points \x05east"))
    arts, fails = read(p)
    assert not fails
    assert "M\u00fcnster" in arts[0].text and "\x05" not in arts[0].text


def test_not_reuters_truncated_and_too_large(tmp_path):
    arts, fails = read(sgm(tmp_path, "<LEWIS>nothing here</LEWIS>\n", name="other.sgm"))
    assert arts == [] and "no <REUTERS> element" in fails[0].reason
    cut = story(4)[:300]
    arts, fails = read(sgm(tmp_path, story(1), cut, name="cut.sgm"))
    assert [a.id for a in arts] == ["reuters21578-1"]
    assert "ends inside a <REUTERS> element" in fails[0].reason
    big = story(5, what="grain " * 4000)  # ~24 KB
    arts, fails = read(sgm(tmp_path, story(1), big, story(6), name="big.sgm"), max_bytes=10_000)
    assert [a.id for a in arts] == ["reuters21578-1", "reuters21578-6"]
    assert len(fails) == 1 and "too large" in fails[0].reason
    assert fails[0].source_path.endswith("big.sgm:22")  # the line where the element starts


def test_streams_a_large_file_in_little_memory(tmp_path):
    n = 1500  # ~1.1 MB of SGML, elements cut across the 64 KB blocks
    p = sgm(tmp_path, *(story(i) for i in range(1, n + 1)))
    assert p.stat().st_size > 1_000_000
    tracemalloc.start()
    count = 0
    for item in read_paths([str(p)]):
        assert isinstance(item, Article)
        count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == n
    assert peak < 400_000  # a few blocks, never the file


def test_parse_helpers():
    assert published_date(" 5-MAR-1987 09:00:00.00") == "1987-03-05"
    assert published_date("31-FEB-1987") is None and published_date(None) is None
    assert reflow("a\nb\n    c\nd\n\n e") == "a b\n\nc d\n\ne"
    with pytest.raises(ValueError):
        parse_reuters("<REUTERS OLDID='1'></REUTERS>")


def test_corpus_files(shared):
    corpus = shared / "corpora" / "reuters21578"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/reuters21578 is absent")
    arts, fails = read(corpus / "reut2-000.sgm")
    assert len(arts) == 1000 and not fails
    assert all(a.published and a.published.startswith("1987-") for a in arts)
    assert len({a.id for a in arts}) == 1000
    first = arts[0]
    assert first.title == "BAHIA COCOA REVIEW" and first.dateline_place == "SALVADOR"
    assert first.text.startswith("Showers continued throughout the week in the Bahia cocoa zone")
    assert first.extra["tags"]["places"] == ["el-salvador", "usa", "uruguay"]
    with_place = sum(1 for a in arts if a.dateline_place)
    assert with_place > 900, with_place
