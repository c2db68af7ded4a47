"""Hostile input for every reader: never an unhandled exception, never a hang.

Each reader must turn any bytes or text into Articles or Failures, nothing else,
and an Article's fields must be sane (text is encodable, the date is a real date).
Short hypothesis runs here; ``benchmarks/fuzz.py`` runs the long fuzz.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.model import Article
from dyad.pipeline import Failure

FUZZ = settings(
    max_examples=50,
    deadline=dt.timedelta(seconds=30),  # a hang, not a busy machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Characters that break naive text handling.
HOSTILE = [
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200d",  # zero-width joiner
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark inside text
    "\u0301",  # combining acute
    "\u0336",  # combining long stroke overlay
    "\u0308\u0308\u0308",  # stacked combining marks
    "\U0001f600",  # emoji
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # family: ZWJ sequence
    "\U0001f1fa\U0001f1f8",  # flag: regional indicators
    "\x00",
    "\x1b[2J",
    '"',
    "\u201c",
    "\u201d",
    "\u00ab",
    "\u00bb",
    "'",
    "\u2019",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u2028",  # line separator
    "\u0085",  # next line
    " ",
    "#",
    "*",
    "**",
    "<",
    ">",
    "&amp;",
    "\u0627\u0644\u0633\u0644\u0627\u0645",  # Arabic
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
]

# Pieces of news-shaped text, so the fuzz also reaches the header/date/credit logic.
NEWS = [
    "# Serdyukov Seeks Libya Cease-Fire\n\n",
    "March 22, 2011\n\n",
    "February 31, 2011\n\n",
    "31 February 2011\n\n",
    "2011-02-31\n\n",
    "Tuesday, 0 Octember 99999\n\n",
    "A caption here. **Mikhail Metzel**\n\n",
    "*(AP, Reuters)*\n\n",
    "Original url: <https://www.themoscowtimes.com/2011/03/22/a>\n\n",
    "Original url: <not a url at all>\n\n",
    "Defense Minister Anatoly Serdyukov called for a cease-fire on Tuesday. ",
    'Gates said, "It is perfectly evident." ',
    "\u201cWe will not,\u201d he said. ",
    "Russia and the United States met in Moscow last week. ",
]

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(NEWS),
        st.text(st.characters(codec="utf-8"), max_size=30),
    ),
    max_size=40,
).map("".join)


def check_items(items: list, path: str | None = None) -> list[Article]:
    """The reader contract: only Articles and Failures; sane Articles."""
    arts = []
    for it in items:
        assert isinstance(it, Article | Failure), type(it)
        if isinstance(it, Failure):
            assert isinstance(it.reason, str) and it.reason
            continue
        check_article(it)
        arts.append(it)
    return arts


def check_article(a: Article) -> None:
    assert isinstance(a.text, str)
    a.text.encode("utf-8")  # no lone surrogates: it must be storable
    for f in ("title", "caption", "dateline", "url", "publisher", "credit"):
        v = getattr(a, f)
        assert v is None or isinstance(v, str), f
        if v is not None:
            v.encode("utf-8")
    if a.published is not None:
        dt.date.fromisoformat(a.published)  # a real date, never 2011-02-31
    assert isinstance(a.id, str) and a.id


# --- pure functions ----------------------------------------------------------


@FUZZ
@given(hostile_text)
def test_text_reader_any_text(raw):
    from dyad.read.text import parse_text_article

    a = parse_text_article(raw, source_path="x.md", kind="markdown")
    check_article(a)
    again = parse_text_article(raw, source_path="x.md", kind="markdown")
    assert again.id == a.id and again.text == a.text  # deterministic
    if a.url:
        assert a.url.strip() and not any(c.isspace() for c in a.url)


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_any_bytes(data):
    from dyad.read.decode import Unreadable, decode_bytes

    try:
        text, enc = decode_bytes(data)
    except Unreadable as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and isinstance(enc, str)
    text.encode("utf-8")


@FUZZ
@given(hostile_text)
def test_decode_any_text_in_any_encoding(raw):
    from dyad.read.decode import Unreadable, decode_bytes

    for codec in ("utf-8", "utf-16", "latin-1", "cp1252"):
        try:
            data = raw.encode(codec)
        except UnicodeEncodeError:
            continue
        try:
            text, _ = decode_bytes(data)
        except Unreadable:
            continue
        text.encode("utf-8")


@FUZZ
@given(
    st.one_of(
        hostile_text,
        st.builds(
            "{} {}, {}".format,
            st.sampled_from(["February", "Feb.", "April", "Smarch", ""]),
            st.integers(-5, 40),
            st.integers(-1, 99999),
        ),
    )
)
def test_dates_any_string(s):
    from dyad.read.dates import looks_like_date_line, parse_date

    d = parse_date(s)
    assert d is None or dt.date.fromisoformat(d)
    assert looks_like_date_line(s) in (True, False)


@pytest.mark.parametrize(
    "s", ["February 31, 2011", "31 February 2011", "2011-02-31", "Feb 30, 2012", "April 31, 2020"]
)
def test_impossible_dates_are_none(s):
    from dyad.read.dates import parse_date

    assert parse_date(s) is None


@FUZZ
@given(st.one_of(hostile_text, st.text(max_size=80).map(lambda s: "https://" + s)))
def test_publisher_any_url(url):
    from dyad.read.publishers import publisher_from_url, site_of

    for f in (publisher_from_url, site_of):
        v = f(url)
        assert v is None or isinstance(v, str)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["text", "title", "date", "url", "publisher", "author", "Body", "x"]),
        st.one_of(
            hostile_text,
            st.none(),
            st.integers(-(10**20), 10**20),
            st.floats(),
            st.booleans(),
            st.lists(hostile_text, max_size=3),
            st.dictionaries(st.text(max_size=5), hostile_text, max_size=2),
        ),
        max_size=6,
    )
)
def test_fields_reader_any_mapping(row):
    from dyad.read.tabular import article_from_fields

    check_items([article_from_fields(row, "x.jsonl:1", "jsonl")])


@FUZZ
@given(hostile_text)
def test_html_parser_any_text(raw):
    from dyad.read.html import parse_html

    html = f"<html><head><title>{raw[:50]}</title></head><body><p>{raw}</p></body></html>"
    try:
        out = parse_html(html.encode("utf-8"), source_path="x.html")
    except Exception as exc:  # noqa: BLE001 - the reader's own contract is checked below
        pytest.fail(f"parse_html raised {type(exc).__name__}: {exc}")
    check_items(out if isinstance(out, list) else [out])


# --- files through read_paths ---------------------------------------------------


def read(path: Path) -> list:
    from dyad.read import read_paths

    try:
        return list(read_paths([str(path)]))
    except NotImplementedError:
        pytest.skip("read_paths is not implemented yet")


EXTS = [".txt", ".md", ".jsonl", ".json", ".csv", ".tsv", ".html", ".xml", ".warc", ".warc.gz", ""]


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(EXTS))
def test_any_bytes_any_kind(tmp_path_factory, data, ext):
    p = tmp_path_factory.mktemp("fz") / f"f{ext}"
    p.write_bytes(data)
    check_items(read(p))


@FUZZ
@given(hostile_text, st.sampled_from(EXTS))
def test_hostile_text_any_kind(tmp_path_factory, raw, ext):
    p = tmp_path_factory.mktemp("fz") / f"f{ext}"
    p.write_text(raw, encoding="utf-8", errors="surrogatepass")
    check_items(read(p))


@FUZZ
@given(st.lists(st.one_of(hostile_text.map(json.dumps), hostile_text), max_size=8))
def test_jsonl_lines(tmp_path_factory, lines):
    p = tmp_path_factory.mktemp("fz") / "f.jsonl"
    p.write_text("\n".join(lines), encoding="utf-8")
    check_items(read(p))


@pytest.mark.timeout(120)
def test_named_hostile_files(tmp_path):
    """The cases the issue names, each through read_paths."""
    big_line = ("word " * 2_100_000)[:10_500_000]  # 10 MB, no newline
    cases: dict[str, bytes] = {
        "nul.txt": b"Russia \x00 said \x00\x00 on Monday." * 50,
        "allnul.txt": b"\x00" * 5000,
        "random.md": bytes(range(256)) * 20,
        "big.txt": big_line.encode(),
        "nested.html": (b"<div>" * 50_000) + b"<p>Deep text here.</p>" + (b"</div>" * 50_000),
        "nested_unclosed.html": b"<html><body>" + b"<table><tr><td><b><i>" * 20_000 + b"text",
        "malformed.html": b"<html><body><p>A<p>B</b></i><<<>>><script>while(1){}</scr"
        b"<!-- unclosed comment <p>Text after</p>",
        "broken_quote.csv": b'text,title\n"unterminated, hello world\nGermany,banned\n'
        b'"ok text here",fine\n',
        "not_objects.jsonl": b'[1, 2]\n"a string"\n42\nnull\ntrue\n{bad json\n'
        b'{"text": "Germany banned Mahan Air on Monday.", "date": "2019-02-31"}\n'
        b'{"text": "\\ud800 lone surrogate escape"}\n{"text": 5}\n\n',
        "feb31.md": b"# Title\n\nFebruary 31, 2011\n\nRussia said so on Monday.\n",
        "quotes.txt": ('"' * 5000 + " \u201c" * 3000 + ' He said, "yes"' * 1000).encode(),
        "bom16.txt": "\ufeffGermany banned Mahan Air.".encode("utf-16"),
        "empty.txt": b"",
        "spaces.txt": b" \n\t \n",
        "rtl.txt": "\u202eRussia\u200f said \u200d\U0001f600 on Monday\u0301".encode(),
    }
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
    for name in cases:
        items = read(tmp_path / name)
        arts = check_items(items)
        if name in ("empty.txt", "spaces.txt", "allnul.txt"):
            assert not arts, name  # nothing to read: a Failure, never an empty Article
    # one bad line of a JSONL file costs that line only
    arts = check_items(read(tmp_path / "not_objects.jsonl"))
    assert any("Mahan Air" in a.text for a in arts)
    assert all(a.published is None or a.published != "2019-02-31" for a in arts)
    # the whole folder at once: every file gives something, nothing raises
    check_items(read(tmp_path))


def test_lone_surrogate_escape_is_handled_by_the_reader(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_bytes(b'{"text": "Russia \\ud800 said on Monday that it agreed."}\n')
    items = read(p)
    assert not [i for i in items if isinstance(i, Failure) and "reader error" in i.reason]
    (art,) = check_items(items)  # the article is kept, the lone surrogate replaced
    assert "said on Monday" in art.text


# --- valid containers with hostile payloads -----------------------------------------

hostile_html = st.one_of(
    hostile_text.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>"),
    hostile_text,
    st.just("<div>" * 5000 + "<p>Deep.</p>"),
    st.just(
        '<html><head><meta charset="x-bogus-charset"></head><body><p>'
        + "Germany banned Mahan Air on Monday, officials said. " * 5
        + "</p></body></html>"
    ),
)


def write_warc(path: Path, pages: list[tuple[str, str, str]], gz: bool) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        for uri, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body.encode("utf-8", "surrogatepass")),
                http_headers=headers,
            )
            w.write_record(rec)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.just("https://example.com/a"), hostile_text.map(lambda t: "http://x/" + t[:40])
            ),
            st.sampled_from(
                [
                    "text/html",
                    "text/html; charset=bogus",
                    "application/xhtml+xml",
                    "image/png",
                    "text/html; charset=utf-16",
                ]
            ),
            hostile_html,
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_warc_with_hostile_pages(tmp_path_factory, pages, gz):
    p = tmp_path_factory.mktemp("warc") / ("a.warc.gz" if gz else "a.warc")
    try:
        write_warc(p, pages, gz)
    except (ValueError, UnicodeError):
        return  # warcio refuses to write such a header: nothing to read
    check_items(read(p))


@FUZZ
@given(
    st.lists(
        st.tuples(
            hostile_text.map(lambda t: t[:60]), hostile_html, hostile_text.map(lambda t: t[:30])
        ),
        min_size=0,
        max_size=4,
    ),
    st.sampled_from(["rss", "atom"]),
)
def test_feed_with_hostile_items(tmp_path_factory, items, flavour):
    from xml.sax.saxutils import escape

    def clean(s: str) -> str:  # XML 1.0 cannot hold these at all
        return "".join(
            c
            for c in s
            if c in "\t\n\r"
            or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff")
        )

    if flavour == "rss":
        body = "".join(
            f"<item><title>{escape(clean(t))}</title><link>http://example.com/{i}</link>"
            f"<description>{escape(clean(h))}</description><pubDate>{escape(clean(d))}</pubDate></item>"
            for i, (t, h, d) in enumerate(items)
        )
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'
    else:
        body = "".join(
            f"<entry><title>{escape(clean(t))}</title><link href='http://example.com/{i}'/>"
            f"<content type='html'>{escape(clean(h))}</content><updated>{escape(clean(d))}</updated></entry>"
            for i, (t, h, d) in enumerate(items)
        )
        xml = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{body}</feed>'
    p = tmp_path_factory.mktemp("feed") / "f.xml"
    p.write_text(xml, encoding="utf-8")
    from dyad.read import ReadLimits, read_paths

    limits = ReadLimits(fetch_pages=False, retries=0, timeout=1)
    check_items(list(read_paths([str(p)], limits)))


@pytest.mark.parametrize("date", ["\u00b9" * 9, "5" + "\x1f" * 10, "2019\x1f\x1f\x1f\x1f\x1f"])
def test_a_bad_date_field_never_costs_the_article(date):
    from dyad.read.tabular import article_from_fields

    out = article_from_fields(
        {"text": "Russia said on Monday it agreed.", "date": date}, "x.jsonl:1", "jsonl"
    )
    assert isinstance(out, Article), getattr(out, "reason", out)
    assert out.published is None
