"""Readers for files on disk: text/markdown, folders, JSON Lines, CSV, and bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dyad.model import Article, article_id
from dyad.pipeline import Failure
from dyad.read import ReadLimits, kind_of, read_paths
from dyad.read.dates import looks_like_date_line

FIX = Path(__file__).parent / "fixtures" / "read"


def split(items):
    items = list(items)
    return (
        [a for a in items if isinstance(a, Article)],
        [f for f in items if isinstance(f, Failure)],
    )


def by_path(items) -> dict[str, Article | Failure]:
    return {Path(x.source_path).name: x for x in items}


def test_kind_of():
    assert kind_of("a/b.txt") == "text" and kind_of("README") == "text"
    assert kind_of("x.md") == "markdown"
    assert kind_of("x.jsonl") == kind_of("x.ndjson") == kind_of("x.jsonl.gz") == "jsonl"
    assert kind_of("x.CSV") == "csv"
    assert kind_of("x.htm") == kind_of("x.html") == "html"
    assert kind_of("x.warc") == kind_of("x.warc.gz") == "warc"
    assert kind_of("x.rss") == kind_of("x.atom") == kind_of("x.xml") == "feed"
    assert kind_of("x.pdf") == "unknown"


def test_seed_article(shared):
    arts, fails = split(read_paths([str(shared / "seeds" / "000_07efe6f9286b69c1.txt")]))
    assert not fails and len(arts) == 1
    a = arts[0]
    assert a.title == "Serdyukov Seeks Libya Cease-Fire"
    assert a.published == "2011-03-22"
    assert (
        a.url == "https://www.themoscowtimes.com/2011/03/22/serdyukov-seeks-libya-cease-fire-a5798"
    )
    assert a.publisher == "The Moscow Times"
    assert a.credit == "AP, Reuters"
    assert a.caption and "Tomb of the Unknown Soldier" in a.caption
    assert "Original url" not in a.text and "themoscowtimes.com" not in a.text
    assert "(AP, Reuters)" not in a.text and "Mikhail Metzel" not in a.text
    assert a.text.startswith("Defense Minister Anatoly Serdyukov called for")
    assert a.id == article_id(a.url, a.text)
    assert a.source_kind == "text" and a.source_path.endswith("000_07efe6f9286b69c1.txt")


def test_wikinews_csv_gives_295_distinct_articles(shared):
    files = sorted(str(p) for p in (shared / "corpora" / "wikinews").glob("*.csv"))
    arts, fails = split(read_paths(files))
    assert not fails, fails[:3]
    assert len(arts) == 295
    assert len({a.id for a in arts}) == 295
    first = arts[0]
    assert first.title == "Magnitogorsk apartment building collapses after explosion, dozens dead"
    assert first.published == "2019-01-04" and first.publisher == "Wikinews"
    assert first.dateline == "Friday, January 4, 2019"
    assert first.text.startswith("An apartment building collapsed on Monday in Magnitogorsk")
    assert first.source_path.endswith("wikinews_2019.csv:2") and first.source_kind == "csv"
    # The date line never stays at the top of a body (unless it is all the row holds).
    assert sum(1 for a in arts if a.dateline) > 150
    tops = [a for a in arts if looks_like_date_line(a.text.split("\n\n")[0])]
    assert [a.text for a in tops] == ["Monday, March 15, 2021"]


def test_mixed_folder_recursive_sorted_hidden_skipped():
    out = list(read_paths([str(FIX / "mixed")]))
    names = [Path(x.source_path).name for x in out]
    assert names == ["blank.md", "empty.txt", "good.md", "photo.bin", "latin1.txt"]
    got = by_path(out)
    assert isinstance(got["good.md"], Article) and isinstance(got["latin1.txt"], Article)
    assert got["empty.txt"].reason == "empty file"
    assert got["blank.md"].reason == "empty file"
    assert "binary" in got["photo.bin"].reason
    latin = got["latin1.txt"]
    assert (
        "Müller" in latin.text and "São Paulo" in latin.text and "«We are très happy»" in latin.text
    )
    good = got["good.md"]
    assert good.title == "Council approves new bridge over the Ardent river"
    assert good.published == "2021-06-02" and good.credit == "Vale Gazette"
    assert good.source_kind == "markdown"


def test_binary_with_nul_bytes(tmp_path):
    p = tmp_path / "data"
    p.write_bytes(b"\x00\x01\x02\x03" * 500)
    (f,) = read_paths([str(p)])
    assert isinstance(f, Failure) and "binary" in f.reason and f.source_path == str(p)


def test_file_over_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("Word " * 400)
    (f,) = read_paths([str(p)], ReadLimits(max_bytes=1000))
    assert isinstance(f, Failure) and "too large" in f.reason and "--max-bytes" in f.reason
    (a,) = read_paths([str(p)], ReadLimits(max_bytes=10_000))
    assert isinstance(a, Article)


def test_missing_path_and_title_only_article(tmp_path):
    p = tmp_path / "t.md"
    p.write_text("# Just a headline\n")
    out = list(read_paths([str(tmp_path / "nope.txt"), str(p)]))
    assert [type(x) for x in out] == [Failure, Failure]
    assert "no such file" in out[0].reason and "empty article" in out[1].reason


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    p = tmp_path / "secret.txt"
    p.write_text("Some text here.")
    p.chmod(0)
    (f,) = read_paths([str(p)])
    assert isinstance(f, Failure) and "cannot be read" in f.reason


def test_jsonl_broken_lines_reported_rest_goes_on():
    out = list(read_paths([str(FIX / "articles.jsonl")]))
    got = {x.source_path.rsplit(":", 1)[1]: x for x in out}
    assert sorted(got, key=int) == ["1", "2", "3", "5", "6", "7"]
    assert isinstance(got["1"], Article) and got["1"].title == "Talks resume in Ostra"
    assert got["1"].published == "2022-03-14" and got["1"].publisher == "courier.example.net"
    assert "broken JSON line" in got["2"].reason
    assert "not an object" in got["3"].reason
    bad_date = got["5"]
    assert isinstance(bad_date, Article) and bad_date.published is None  # 31 February
    assert bad_date.title == "Bad date" and bad_date.publisher == "Reuters"
    assert "no text field" in got["6"].reason
    epoch = got["7"]
    assert epoch.published == "2022-03-14" and epoch.publisher == "Coastal Courier"
    assert epoch.dateline == "Monday, March 14, 2022"
    assert epoch.text == "The ministry announced new border rules."
    assert all(x.source_kind == "jsonl" for x in out if isinstance(x, Article))


def test_jsonl_gz_latin1_and_long_line(tmp_path):
    rows = [
        {"title": "Café", "text": "Señor Peña spoke in São Paulo on Monday about trade."},
        {"title": "Long", "text": "x" * 5000},
        {"title": "After", "text": "The rest goes on after a line over the limit."},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("latin-1")
    p = tmp_path / "a.jsonl.gz"
    p.write_bytes(gzip.compress(data))
    out = list(read_paths([str(p)], ReadLimits(max_bytes=2000)))
    assert [type(x) for x in out] == [Article, Failure, Article]
    assert out[0].text == rows[0]["text"]
    assert "too large" in out[1].reason and out[1].source_path.endswith(":2")


def test_json_document_list(tmp_path):
    p = tmp_path / "a.json"
    p.write_text(json.dumps([{"text": "One article about a summit."}, 5]))
    out = list(read_paths([str(p)]))
    assert isinstance(out[0], Article) and out[0].source_path == f"{p}#0"
    assert isinstance(out[1], Failure) and "not an object" in out[1].reason


def test_csv_broken_quote_and_short_row():
    out = list(read_paths([str(FIX / "articles.csv")]))
    arts, fails = split(out)
    assert [a.title for a in arts] == ["Bridge opens", "Impossible date"]
    bridge, leap = arts
    assert bridge.dateline == "Wednesday, June 2, 2021"
    assert bridge.text == (
        "The new bridge over the Ardent river opened to traffic on Wednesday.\n\n"
        "Officials said it would cut journey times by half."
    )
    assert bridge.published == "2021-06-02" and bridge.publisher == "Wikinews"
    assert bridge.source_path.endswith("articles.csv:2")
    assert leap.published is None  # 2021-02-31 is no date
    assert [f.source_path.rsplit(":", 1)[1] for f in fails] == ["9", "10"]
    assert (
        "broken CSV row" in fails[0].reason and "quote" in fails[0].reason or '"' in fails[0].reason
    )
    assert "2 fields" in fails[1].reason


def test_csv_unterminated_quote_at_end(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('title,text\nGood,"A fine article about a vote."\nBad,"never closed\nand on\n')
    out = list(read_paths([str(p)]))
    assert isinstance(out[0], Article) and isinstance(out[1], Failure)
    assert out[1].source_path == f"{p}:3" and "broken CSV row" in out[1].reason


def test_csv_without_text_column_and_latin1(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("url,headline\nhttp://x.example/1,Hello\n")
    (f,) = read_paths([str(p)])
    assert isinstance(f, Failure) and "no text column" in f.reason
    q = tmp_path / "b.csv"
    q.write_bytes("title,body\nCafé,Señor Peña met the mayor of São Paulo.\n".encode("latin-1"))
    (a,) = read_paths([str(q)])
    assert (
        isinstance(a, Article)
        and a.text == "Señor Peña met the mayor of São Paulo."
        and a.title == "Café"
    )


def test_same_text_same_id_across_formats(tmp_path):
    text = "Ministers met in the capital on Friday to discuss the budget."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": text}) + "\n")
    a, b = read_paths([str(tmp_path)])
    assert a.id == b.id == article_id(None, text)


def test_fifo_and_broken_link_in_folder(tmp_path):
    import os

    (tmp_path / "ok.txt").write_text("Troops left the town on Sunday, officials said.")
    os.mkfifo(tmp_path / "pipe.txt")  # would block a naive reader forever
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    got = by_path(read_paths([str(tmp_path)]))
    assert isinstance(got["ok.txt"], Article)
    assert got["pipe.txt"].reason == "not a regular file"
    assert "no such file" in got["dangling.txt"].reason


def test_csv_semicolons_and_bom(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes(
        '\ufeffTitle;Date;Text\nVote;22/03/2011;"The parliament voted; the motion passed."\n'.encode()
    )
    (a,) = read_paths([str(p)])
    assert isinstance(a, Article) and a.title == "Vote" and a.published == "2011-03-22"
    assert a.text == "The parliament voted; the motion passed."


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "note.md"
    p.write_text(
        '---\ntitle: "Port strike ends"\ndate: 2023-05-20T10:00:00Z\n'
        "url: https://www.reuters.com/world/port-strike-ends\nauthor: Maria Lindqvist\ntags: [a, b]\n---\n\n"
        "Dock workers in Sarnholm returned to work on Saturday after a deal on pay.\n"
    )
    (a,) = read_paths([str(p)])
    assert (a.title, a.published, a.author) == ("Port strike ends", "2023-05-20", "Maria Lindqvist")
    assert a.url == "https://www.reuters.com/world/port-strike-ends" and a.publisher == "Reuters"
    assert a.text == "Dock workers in Sarnholm returned to work on Saturday after a deal on pay."
    q = tmp_path / "rule.txt"  # a rule line in prose is not front matter
    q.write_text("---\nSome prose here\n---\nMore prose about the talks.\n")
    (b,) = read_paths([str(q)])
    assert "Some prose here" in b.text


def test_os_error_while_reading_is_a_failure(tmp_path, monkeypatch):
    import dyad.read.files as files_reader

    def denied(path, max_bytes):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_reader, "read_limited", denied)
    p = tmp_path / "a.txt"
    p.write_text("Some text about a meeting.")
    (f,) = read_paths([str(p)])
    assert isinstance(f, Failure) and f.reason == "cannot read file: Permission denied"


def test_jsonl_lone_surrogate_escape(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_bytes(
        b'{"text": "Russia \\ud800 said on Monday that it agreed."}\n'
        b'{"text": "A pair \\ud83d\\ude00 stays whole."}\n'
    )
    a, b = read_paths([str(p)])
    assert a.text == "Russia \ufffd said on Monday that it agreed."
    assert b.text == "A pair \U0001f600 stays whole."
