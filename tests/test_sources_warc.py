"""WARC archives made here with warcio: HTML responses become articles, everything
else is skipped, records are streamed, and each article names its record."""

from __future__ import annotations

import io
import random
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad.model import Article
from dyad.pipeline import Failure
from dyad.read import ReadLimits, read_paths

FIX = Path(__file__).parent / "fixtures" / "read"


def _response(w: WARCWriter, uri: str, body: bytes, ctype: str, status: str = "200 OK"):
    h = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=h)
    w.write_record(rec)
    return rec.rec_headers.get_header("WARC-Record-ID").strip("<>")


def make_warc(path: Path, gzip: bool = True, big: int = 0) -> dict[str, str]:
    """A small crawl: two articles, an index page, and records that are not pages."""
    ids: dict[str, str] = {}
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=gzip)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "dyad tests"}))
        w.write_record(
            w.create_warc_record(
                "http://ledger.example.org/strike",
                "request",
                payload=io.BytesIO(b"GET /strike HTTP/1.1\r\nHost: ledger.example.org\r\n\r\n"),
                warc_content_type="application/http; msgtype=request",
            )
        )
        ids["strike"] = _response(
            w,
            "http://ledger.example.org/strike",
            (FIX / "page_article.html").read_bytes(),
            "text/html; charset=utf-8",
        )
        _response(
            w, "http://ledger.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png"
        )
        _response(w, "http://ledger.example.org/app.js", b"var x = 1;", "application/javascript")
        if big:  # random bytes: zeros would inflate from tiny gzip chunks
            video = random.Random(1).randbytes(big)
            _response(w, "http://ledger.example.org/video.mp4", video, "video/mp4")
        _response(
            w,
            "http://ledger.example.org/old",
            b"<html><body>Moved</body></html>",
            "text/html",
            "301 Moved Permanently",
        )
        _response(
            w,
            "http://ledger.example.org/missing",
            b"<html>Not found</html>",
            "text/html",
            "404 Not Found",
        )
        ids["latin"] = _response(
            w,
            "http://cafe.example.pt/protest",
            (FIX / "page_latin1.html").read_bytes(),
            "text/html; charset=ISO-8859-1",
        )
        ids["index"] = _response(
            w,
            "http://ledger.example.org/world",
            (FIX / "page_index.html").read_bytes(),
            "text/html",
        )
        w.write_record(
            w.create_warc_record(
                "http://ledger.example.org/strike",
                "metadata",
                payload=io.BytesIO(b"outlink: http://ledger.example.org/a"),
                warc_content_type="application/warc-fields",
            )
        )
        ids["blog"] = _response(
            w,
            "http://courier.example.net/border",
            (FIX / "page_blog.html").read_bytes(),
            "application/xhtml+xml",
        )
    return ids


@pytest.mark.parametrize("gz", [True, False])
def test_html_responses_become_articles(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    ids = make_warc(path, gzip=gz)
    out = list(read_paths([str(path)]))
    arts = [a for a in out if isinstance(a, Article)]
    fails = [f for f in out if isinstance(f, Failure)]
    assert [a.source_path for a in arts] == [
        f"{path}#{ids['strike']}",
        f"{path}#{ids['latin']}",
        f"{path}#{ids['blog']}",
    ]
    strike, latin, blog = arts
    assert all(a.source_kind == "warc" for a in arts)
    assert strike.url == "https://ledger.example.org/world/2023/05/17/harbour-workers-strike"
    assert strike.title == "Harbour workers strike over pay in Valdoria"
    assert strike.published == "2023-05-17" and "harbourfan77" not in strike.text
    assert latin.url == "http://cafe.example.pt/protest" and "José Müller-Peña" in latin.text
    assert blog.url == "http://courier.example.net/border"  # the record's target URI
    assert blog.publisher == "courier.example.net"
    # Only the index page (HTML but no article) is reported; images, scripts,
    # redirects, 404s, requests and metadata are skipped quietly.
    assert [(f.source_path, f.reason) for f in fails] == [
        (f"{path}#{ids['index']}", "no article text found in the page")
    ]


@pytest.mark.parametrize("gz,big", [(False, 30_000_000), (True, 12_000_000)])
def test_streaming_big_records_are_not_held_in_memory(tmp_path, gz, big):
    path = tmp_path / ("big.warc.gz" if gz else "big.warc")
    make_warc(path, gzip=gz, big=big)  # a big video record among the pages
    tracemalloc.start()
    try:
        out = list(read_paths([str(path)], ReadLimits(max_bytes=2_000_000)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(isinstance(a, Article) for a in out) == 3
    assert peak < 10_000_000, peak


def test_record_over_limit_is_a_failure_rest_goes_on(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    ids = make_warc(path)
    size = len((FIX / "page_article.html").read_bytes())
    out = list(read_paths([str(path)], ReadLimits(max_bytes=size - 1)))
    first = out[0]
    assert isinstance(first, Failure) and first.source_path == f"{path}#{ids['strike']}"
    assert "WARC record too large" in first.reason
    assert sum(isinstance(a, Article) for a in out) == 2


def test_broken_and_empty_archives(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"this is not a WARC file at all\n" * 10)
    empty = tmp_path / "empty.warc"
    with open(empty, "wb") as out:
        w = WARCWriter(out, gzip=False)
        w.write_record(w.create_warcinfo_record("empty.warc", {"software": "dyad tests"}))
    trunc = tmp_path / "trunc.warc.gz"
    make_warc(trunc)
    data = trunc.read_bytes()
    trunc.write_bytes(data[: len(data) // 2])
    out = list(read_paths([str(bad), str(empty), str(trunc)]))
    by = {}
    for x in out:
        by.setdefault(Path(x.source_path.split("#")[0]).name, []).append(x)
    assert [type(x) for x in by["bad.warc.gz"]] == [Failure]
    assert "broken WARC" in by["bad.warc.gz"][0].reason
    assert by["empty.warc"][0].reason == "no HTML pages in the WARC archive"
    # A truncated archive: the pages before the cut are read, and nothing raises.
    assert isinstance(by["trunc.warc.gz"][0], Article)
