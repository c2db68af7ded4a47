"""Wire datelines: the place (and day) a story was filed from, at the start of its body.

The styles read::

    MOSCOW, March 22 (Reuters) -       Reuters
    LONDON (Reuters) -
    LONDON, April 3 -                  "CITY, Month Day -" (Reuters-21578, many papers)
    WASHINGTON (AP) —                  AP (also "HELENA, Mont. (AP) —", "-- ", " _ ")
    PARIS, March 22 (AFP) -            AFP
    WASHINGTON, March 22 (UPI) --      UPI
    BEIRUT, Lebanon, March 22 -        a country or state after the city
    LONDON —                           a bare capitalised city and a dash, only where
                                       a sentence follows ("WASHINGTON — the city — …"
                                       is prose, not a dateline)

:func:`split_dateline` takes a dateline off the start of a body. Readers call it through
:func:`with_dateline`, so ``Article.text`` (and every span into it) starts after the
dateline; the dateline itself is kept as written in ``Article.dateline`` and its place
in ``Article.dateline_place``. :func:`dateline_day` resolves its day ("March 22")
against the publication date, as the day for events the text gives no date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from dyad.model import Article
from dyad.read.dates import MONTHS

WIRES = ("Reuters", "Reuter", "AP", "AFP", "UPI", "dpa", "DPA", "Xinhua", "CNN", "IANS", "PTI")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_CITY_WORD = r"[A-Z][A-Za-z'\u2019.\-]*"
_CITY = rf"{_CITY_WORD}(?:[ ]{_CITY_WORD}){{0,3}}"
_AREA = rf"(?!(?i:{_MONTH})\b){_CITY_WORD}(?:[ ]{_CITY_WORD}){{0,2}}"
_DASH = r"(?:-{1,2}|\u2014|\u2013|_)"
_DATELINE = re.compile(
    rf"""\A[ \t]*
    (?P<place>{_CITY})
    (?:,[ ]+(?P<area>{_AREA}))??
    (?:,[ ]+(?P<area2>{_AREA}))??
    (?:,?[ ]+(?P<month>(?i:{_MONTH}))\.?[ ]+(?P<day>\d{{1,2}})\b)?
    [ ]*(?:\((?P<wire>{"|".join(WIRES)})\)[ ]*)?
    (?P<dash>{_DASH})[ \t]*""",
    re.X,
)
# all-capitals words that start copy but are not places
_NOT_PLACES = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS CORRECTED CORRECTION WRAPUP FACTBOX "
    "NOTE EDITORS EDITOR URGENT FLASH BULLETIN ADVISORY REFILE REPEAT INSIGHT "
    "COLUMN OPINION PHOTO VIDEO WATCH LIVE RPT".split()
)


@dataclass
class Dateline:
    """A dateline as read: the text as written, its place, and its day if it gives one."""

    text: str  # "MOSCOW, March 22 (Reuters) -"
    place: str | None  # "MOSCOW" (None in a dateline that gives only a day)
    area: str | None = None  # "Mont.", "Lebanon"
    month: int | None = None
    day: int | None = None
    wire: str | None = None  # "Reuters", "AP", ...
    end: int = 0  # where the story starts after it (in the text it was read from)


def _match(text: str, bare_ok: bool) -> Dateline | None:
    m = _DATELINE.match(text)
    if not m:
        return None
    place = m.group("place").strip()
    month = MONTHS.get(m.group("month").lower()) if m.group("month") else None
    wire = m.group("wire")
    if m.group("dash") == "_" and not wire:
        return None
    if not (month or wire):
        # a bare "CITY —": all capitals, not a slug word, and a sentence after it
        if not bare_ok or not place.replace(" ", "").replace(".", "").isupper():
            return None
        if len(place) < 3 or len(place.split()) > 3 or place.split()[0].strip(".") in _NOT_PLACES:
            return None
        if not text[: m.start("dash")].endswith((" ", "\t")):
            return None  # "TWO-FOR-ONE": a hyphen inside a word
        if m.group("area") and not m.group("area").isupper() and "." not in m.group("area"):
            return None
    elif not (wire or place.isupper()) and not _ok_mixed(place):
        return None
    area = ", ".join(a for a in (m.group("area"), m.group("area2")) if a) or None
    return Dateline(
        text=text[m.start("place") : m.end("dash")].strip(),
        place=place,
        area=area,
        month=month,
        day=int(m.group("day")) if m.group("day") else None,
        wire="Reuters" if wire == "Reuter" else wire,
        end=m.end(),
    )


def _ok_mixed(place: str) -> bool:
    """A mixed-case place before a date ("Moscow, March 22 -"): each word capitalised."""
    return all(w[:1].isupper() for w in place.split())


_LOOSE_DAY = re.compile(rf"\b(?P<month>(?i:{_MONTH}))\.?\s*(?P<day>\d{{1,2}})\b")
_LOOSE_PLACE = re.compile(r"[A-Za-z][A-Za-z .'/&-]*[A-Za-z.]")


def parse_dateline(s: str) -> Dateline | None:
    """A dateline given on its own (Reuters-21578's ``<DATELINE>``), else None.

    What is known to be a dateline is read leniently where the strict form fails
    ("omaha, april 7 -", "ATLANTA , March 3 -", "ROME, March 13, Reuter -"): the place
    is what comes before the first comma, the day the first "Month Day" in it.
    """
    s = re.sub(r"\s+", " ", s).strip()
    if not s:
        return None
    full = s if re.search(rf"{_DASH}\s*$", s) else s + " -"
    dl = _match(full, bare_ok=True)
    if dl is not None:
        return dl
    core = re.sub(rf"(?:\s*{_DASH})+\s*$", "", s).strip()
    head = core.split(",")[0].strip()
    place = head if _LOOSE_PLACE.fullmatch(head) and not _LOOSE_DAY.match(head) else None
    if place and place.lower().rstrip(".") in MONTHS:
        place = None
    m = _LOOSE_DAY.search(core)
    month = MONTHS.get(m.group("month").lower()) if m else None
    if place is None and month is None:
        return None
    return Dateline(
        text=s, place=place, month=month, day=int(m.group("day")) if m else None, end=len(s)
    )


def split_dateline(text: str) -> tuple[Dateline | None, str]:
    """``(dateline, story)``: the dateline at the start of a body and the text after it,
    or ``(None, text)`` when the body does not start with one."""
    dl = _match(text[:200], bare_ok=True)
    if dl is None:
        return None, text
    rest = text[dl.end :]
    if not _starts_sentence(rest, bare=not (dl.month or dl.wire)):
        return None, text
    return dl, rest


def _starts_sentence(rest: str, bare: bool) -> bool:
    """What follows a dateline starts a sentence: a capital, a digit or a quotation
    mark; after a bare "CITY —", no second dash closes it as an aside in one sentence."""
    first = rest.lstrip()[:1]
    if not first or not (first.isupper() or first.isdigit() or first in "\"'\u201c\u2018("):
        return False
    if bare:
        word = re.match(r"[\"'\u201c\u2018(]*([A-Za-z]+)", rest.lstrip())
        if word and len(word.group(1)) > 1 and word.group(1).isupper():
            return False  # "U.S. DIVIDEND MEETINGS - MARCH 3": a headline in capitals
        sentence = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
        if re.search(r"\s(?:\u2014|\u2013|--?)\s", sentence[:120]):
            return False
    return True


def with_dateline(art: Article) -> Article:
    """The article with a dateline at the start of its body taken out of the text and
    kept in ``dateline`` / ``dateline_place`` (an article that has one already, or whose
    body starts with none, comes back as it was)."""
    if art.dateline_place or art.source_kind == "reuters":
        return art  # the Reuters-21578 reader reads the dateline from its own element
    dl, rest = split_dateline(art.text)
    if dl is None:
        return art
    out = replace(art, text=rest, dateline_place=dl.place)
    if not art.dateline:
        out.dateline = dl.text
    return out


def dateline_day(dateline: str | None, published: str | None) -> str | None:
    """The day a dateline gives ("March 22"), in the year that puts it on or before the
    publication date (a dateline of Dec 31 on a story of Jan 2 is last year's);
    None without a day, a publication date, or with an impossible day."""
    if not dateline or not published:
        return None
    dl = parse_dateline(dateline)
    if dl is None or not dl.month or not dl.day:
        return None
    try:
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    for year in (pub.year, pub.year - 1):
        try:
            day = dt.date(year, dl.month, dl.day)
        except ValueError:
            return None
        if day <= pub + dt.timedelta(days=2):
            return day.isoformat()
    return None
