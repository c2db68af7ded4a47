"""Saved web pages: main text without menus, ads, comments and related links; title,
author, date, canonical URL and publisher; charset from the page or detected."""

from __future__ import annotations

from pathlib import Path

from dyad.model import Article, article_id
from dyad.pipeline import Failure
from dyad.read import read_paths
from dyad.read.html import parse_html

FIX = Path(__file__).parent / "fixtures" / "read"

BOILERPLATE = [
    "Subscribe",
    "ADVERTISEMENT",
    "cookies",
    "Related stories",
    "Grain prices climb",
    "harbourfan77",
    "rots in the silo",
    "Most read",
    "All rights reserved",
    "Newsletter",
    "Sponsored",
    "You may also like",
    "Fishing fleet returns",
    "finally some common sense",
    "Share this",
    "Trending",
    "Stocks rally",
    "luxury watches",
    "More from Wire",
    "Cookie settings",
    "Sign up for our morning briefing",
]


def read_one(name: str) -> Article:
    (a,) = read_paths([str(FIX / name)])
    assert isinstance(a, Article), a
    return a


def assert_clean(a: Article) -> None:
    for junk in BOILERPLATE:
        assert junk not in a.text, junk


def test_news_site_layout_with_menus_ads_comments_related():
    a = read_one("page_article.html")
    assert a.title == "Harbour workers strike over pay in Valdoria"
    assert a.author == "Maria Lindqvist"
    assert a.published == "2023-05-17"
    assert (
        a.url == "https://ledger.example.org/world/2023/05/17/harbour-workers-strike"
    )  # canonical
    assert a.publisher == "The Northern Ledger"  # og:site_name
    assert a.text.startswith("Dock workers in the Valdorian port of Sarnholm walked off the job")
    assert a.text.endswith("by mid-morning.")
    assert a.text.count("\n\n") == 4  # five paragraphs, headline not repeated
    assert_clean(a)
    assert a.source_kind == "html" and a.source_path.endswith("page_article.html")
    assert a.id == article_id(a.url, a.text)


def test_blog_layout_date_and_byline_in_markup():
    a = read_one("page_blog.html")
    assert a.title == "Ministers agree to reopen border crossing"
    assert a.published == "2022-03-12"
    assert a.author == "Daniel Okafor"
    assert a.url is None and a.publisher is None  # a saved page that names no URL
    assert a.text.startswith("The foreign ministers of Merovia and Talvane agreed on Saturday")
    assert "doubling the cost of moving goods." in a.text
    assert_clean(a)


def test_wire_layout_og_url_and_domain_as_site_name():
    a = read_one("page_wire.html")
    assert a.title == "UN envoy urges ceasefire in northern Kesh province"
    assert a.published == "2024-01-09"
    assert a.url == "https://wire.example.com/2024/01/09/un-envoy-kesh"
    assert a.publisher == "wire.example.com"  # a bare domain as og:site_name is no name
    assert '"Civilians are paying the price for this war' in a.text
    assert_clean(a)


def test_latin1_page_charset_from_meta():
    a = read_one("page_latin1.html")
    assert a.title == "Café owners protest new tax in São Amaro"
    assert "José Müller-Peña" in a.text and "«We were not even invited" in a.text
    assert "Inês Valadão" in a.text
    assert "Accueil" not in a.text and "Tous droits" not in a.text


def test_charset_detected_when_not_declared():
    raw = (FIX / "page_latin1.html").read_bytes().replace(b'<meta charset="iso-8859-1">', b"")
    a = parse_html(raw, url="https://www.reuters.com/world/cafes", source_path="x.html")
    assert isinstance(a, Article) and "José Müller-Peña" in a.text
    assert a.publisher == "Reuters" and a.url == "https://www.reuters.com/world/cafes"


def test_wrong_header_charset_loses_to_valid_utf8():
    raw = (FIX / "page_article.html").read_bytes().replace(b"Sarnholm", "Särnholm".encode())
    a = parse_html(raw, content_type="text/html; charset=iso-8859-1")
    assert isinstance(a, Article) and "Särnholm" in a.text


def test_index_page_and_empty_and_junk_are_failures(tmp_path):
    (tmp_path / "empty.html").write_text("")
    (tmp_path / "junk.html").write_bytes(b"\x00\xff\x00\xfe" * 300)
    (tmp_path / "tags.html").write_text("<html><body><div></div></body></html>")
    out = list(read_paths([str(FIX / "page_index.html"), str(tmp_path)]))
    assert all(isinstance(f, Failure) for f in out) and len(out) == 4
    reasons = {Path(f.source_path).name: f.reason for f in out}
    assert reasons["page_index.html"] == "no article text found in the page"
    assert reasons["empty.html"] == "empty file"
    assert "binary" in reasons["junk.html"]
    assert reasons["tags.html"] == "no article text found in the page"


def test_script_page_with_body_only_in_json_ld():
    a = read_one("page_jsonld.html")
    assert a.title == "Drought forces rationing in Kesh capital"
    assert a.published == "2024-02-02"  # datePublished, not dateModified
    assert a.author == "Omar Said" and a.publisher == "Wire"
    assert a.url == "https://wire.example.com/2024/02/02/kesh-drought"
    paras = a.text.split("\n\n")
    assert len(paras) == 3 and paras[0].startswith("Authorities in the Kesh capital")
    assert "JavaScript" not in a.text
