"""Publisher names from a URL's site, with our own small table as the first guess."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    text = resources.files("dyad.lexicon").joinpath("publishers.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            site, _, name = line.partition("\t")
            out[site.strip().lower()] = name.strip()
    return out


def site_of(url: str | None) -> str | None:
    """The URL's host without ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlparse(url.strip()).hostname or ""
    except ValueError:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host or None


def publisher_from_url(url: str | None) -> str | None:
    """A publisher's name for a URL: a known name, else the site itself."""
    site = site_of(url)
    if not site:
        return None
    table = _table()
    parts = site.split(".")
    for i in range(len(parts) - 1):
        name = table.get(".".join(parts[i:]))
        if name:
            return name
    return site
