"""Publication dates written the way news sites write them, to ISO YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
]
# 22/03/2011, 03/22/2011, 22.03.2011: read only where the order is unambiguous.
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b")


def parse_date(s: str | None) -> str | None:
    """Parse a date line ("March 22, 2011", "Friday, January 4, 2019", "2011-03-22").

    Returns ISO ``YYYY-MM-DD``, or None when the string holds no valid date
    (an impossible date such as 31 February is None, not an error).
    """
    if not s:
        return None
    s = s.strip()
    for pat in _PATTERNS:
        m = pat.search(s)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else MONTHS.get((g.get("mon") or "").lower())
        if not month:
            continue
        try:
            return dt.date(int(g["y"]), month, int(g["d"])).isoformat()
        except ValueError:
            return None
    m = _NUMERIC.search(s)
    if m:
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None  # 03/04/2011: April 3 or March 4?
        try:
            return dt.date(y, month, day).isoformat()
        except ValueError:
            return None
    return None


def looks_like_date_line(line: str) -> bool:
    """True for a short line that is just a date (with an optional weekday)."""
    line = line.strip()
    return len(line) <= 40 and parse_date(line) is not None
