"""Publisher names from URLs: our table first (subdomains included), else the site."""

from __future__ import annotations

from dyad.read.publishers import publisher_from_url, site_of


def test_known_sites_and_subdomains():
    url = "https://www.themoscowtimes.com/2011/03/22/serdyukov-seeks-libya-cease-fire-a5798"
    assert publisher_from_url(url) == "The Moscow Times"
    assert publisher_from_url("https://en.wikinews.org//wiki/X") == "Wikinews"
    assert publisher_from_url("https://edition.cnn.com/2020/01/05/world") == "CNN"
    assert publisher_from_url("https://news.sky.com/story/x") == "Sky News"


def test_unknown_site_and_bad_urls():
    assert publisher_from_url("https://www.valegazette.example.com/a") == "valegazette.example.com"
    assert publisher_from_url("http://127.0.0.1:8080/feed") == "127.0.0.1"
    assert publisher_from_url(None) is None and publisher_from_url("not a url") is None
    assert site_of("https://WWW.Example.org/x") == "example.org"
