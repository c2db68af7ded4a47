"""Turn a found temporal expression into a value, given the publication date and tense.

Values follow TimeML: a day ``2011-03-22``, a week ``2011-W11``, a weekend
``2011-W11-WE``, a month ``2011-03``, a season ``2011-SP``, a quarter ``2011-Q1``, a
year ``2011``, a decade ``199``, a time ``2011-03-22T10:00`` (or ``...TNI`` for
"night"), a duration ``P3D`` (``PXD`` when the number is vague).
"""

from __future__ import annotations

import datetime as dt
import re

from dyad.extract.times.rules import (
    SEASONS,
    UNITS,
    WEEKDAYS,
    Cand,
    Holiday,
    holidays,
    month_number,
    number_value,
)

PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

ORDINAL_WORDS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
ORDINAL_WORDS["twenty-first"] = 21
Resolved = tuple[str | None, str | None, str]  # value, granularity, kind


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def pick_year(month: int, day: int | None, dct: dt.date, tense: str) -> int:
    """The year for a date written without one: the nearest to the publication date,
    moved back (past tense) or forward (future tense) when it falls on the wrong side."""
    best = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        d = _safe_date(y, month, day or 15)
        if d is None:
            continue
        gap = abs((d - dct).days)
        if best is None or gap < best[0]:
            best = (gap, y, d)
    if best is None:
        return dct.year
    _, y, d = best
    # a past-tense date a week or more ahead is last year's; a future one is next year's
    # only when it is well behind (a modal does not move "January 12" a year)
    if tense == "past" and (d - dct).days > (7 if day else 45):
        y -= 1
    elif tense == "future" and (dct - d).days > 45:
        y += 1
    return y


def weekday_date(wd: int, dct: dt.date, tense: str, rel: str | None) -> dt.date:
    """Resolve a weekday name against the publication date."""
    delta = wd - dct.weekday()  # in -6..6
    past = dct + dt.timedelta(days=(delta if delta <= 0 else delta - 7))  # on or before
    future = dct + dt.timedelta(days=(delta if delta >= 0 else delta + 7))  # on or after
    rel = (rel or "").lower()
    if rel in ("last", "past", "previous"):
        return past if past != dct else dct - dt.timedelta(days=7)
    if rel in ("next", "coming", "following"):
        return future if future != dct else dct + dt.timedelta(days=7)
    if rel == "this":
        return future if tense == "future" else past
    if tense == "future":
        return future
    if tense == "present":
        # "is scheduled for Thursday": the coming one; a same-day mention is today
        return future if (future - dct).days <= 3 or (dct - past).days > 3 else past
    return past


def _with_part(day: dt.date, part: str | None) -> tuple[str, str]:
    if part and part.lower() in PARTS:
        return f"{day.isoformat()}T{PARTS[part.lower()]}", "time"
    return day.isoformat(), "day"


def resolve(
    c: Cand,
    text: str,
    dct: dt.date | None,
    tense: str = "past",
    anchor: dt.date | None = None,
) -> Resolved | None:
    """The (value, granularity, kind) of candidate ``c``; None when it is not a time."""
    g = c.groups
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    if rel in ("this past", "this coming"):  # "this past weekend": the last one
        g = {**g, "rel": "last" if rel == "this past" else "next"}
    rule = c.rule
    span = text[c.start : c.end]
    if rule in ("iso", "mdy_num"):
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        return (d.isoformat(), "day", "date") if d else None
    if rule in ("mdy", "dmy"):
        m = month_number(g["mon"])
        if m is None:
            return None
        day = int(g["day"])
        if "year" in g:
            y = int(g["year"])
        elif "yrel" in g and dct is not None:
            y = dct.year + {"last": -1, "next": 1}.get(g["yrel"].lower(), 0)
        elif "year2" in g:
            y = int(g["year2"])
        elif dct is not None:
            y = pick_year(m, day, dct, tense)
        else:
            return None
        d = _safe_date(y, m, day)
        if d is None:
            return None
        if "day2" in g:
            d2 = _safe_date(y, m, int(g["day2"]))
            if d2 and d2 > d:
                return f"{d.isoformat()}/{d2.isoformat()}", "day", "range"
        return d.isoformat(), "day", "date"
    if rule == "month":
        mon = g["mon"]
        if mon in ("May", "MAY") and "year" not in g and "mod" not in g and "yrel" not in g:
            before = text[max(0, c.start - 12) : c.start].lower()
            if not re.search(
                r"\b(in|of|since|until|by|from|through|early|late|mid|to)\s+$", before
            ):
                return None
        m = month_number(mon)
        if m is None:
            return None
        if "year" in g:
            y = int(g["year"])
        elif "yrel" in g and dct is not None:
            y = dct.year + {"last": -1, "next": 1}.get(g["yrel"].lower(), 0)
        elif dct is not None:
            y = pick_year(m, None, dct, tense)
        else:
            return None
        return f"{y}-{m:02d}", "month", "date"
    if rule == "rel_month":
        m = month_number(g["mon"])
        if m is None or dct is None:
            return None
        rel = g["rel"].lower()
        y = dct.year
        if rel in ("last", "past", "previous"):
            y = dct.year if m < dct.month else dct.year - 1
        elif rel in ("next", "coming", "following"):
            y = dct.year if m > dct.month else dct.year + 1
        return f"{y}-{m:02d}", "month", "date"
    if rule == "weekday":
        if dct is None:
            return None
        wd = WEEKDAYS.index(g["wd"].lower())
        d = weekday_date(wd, dct, tense, g.get("rel"))
        return (*_with_part(d, g.get("part")), "date")
    if rule == "relday":
        if dct is None:
            return None
        w = re.sub(r"\s+", " ", g["d"].lower())
        offs = {
            "today": 0,
            "tonight": 0,
            "yesterday": -1,
            "tomorrow": 1,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
        }[w]
        d = dct + dt.timedelta(days=offs)
        part = g.get("part") or ("night" if w == "tonight" else None)
        return (*_with_part(d, part), "date")
    if rule == "lastnight":
        if dct is None:
            return None
        d = dct - dt.timedelta(days=1) if g["rel"].lower() == "last" else dct
        return (*_with_part(d, g["part"]), "date")
    if rule in ("rel_inside", "rel_unit"):
        if dct is None:
            return None
        rel = g["rel"].lower()
        unit = g["unit"].lower()
        k = {"last": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
        if rule == "rel_unit" and rel in ("previous", "following") and anchor is not None:
            base = anchor
        else:
            base = dct
        return unit_value(unit, base, k)
    if rule == "edge":  # "the end of the year": the year; a past clause's is last year's
        if dct is None:
            return None
        rel = (g.get("rel") or "the").lower()
        k = {"last": -1, "next": 1}.get(rel, 0)
        if rel in ("the", "this"):
            edge = g["edge"].lower()
            if edge in ("end", "close") and tense == "past":
                k = -1  # "peaked by the end of the year" (in March): the year before
            elif edge in ("beginning", "start") and tense == "future" and rel == "the":
                k = 1  # "will start at the beginning of the year" (in March): the next
        return unit_value(g["unit"].lower(), dct, k)
    if rule == "anaphor":
        if dct is None:
            return None
        base = anchor or dct
        rel = re.sub(r"\s+", " ", (g.get("rel") or "the same").lower()).replace(
            "that same", "the same"
        )
        unit = g["unit"].lower()
        k = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1}.get(rel, 0)
        if unit in ("morning", "afternoon", "evening", "night"):
            d = base + dt.timedelta(days=k)
            return (*_with_part(d, unit), "date")
        return unit_value(unit, base, k)
    if rule == "daybefore":
        if dct is None:
            return None
        base = anchor or dct
        k = -1 if g["dir"].lower() == "before" else 1
        return unit_value(g["unit"].lower(), base, k)
    if rule == "ago":
        n = number_value(g["num"])
        unit = g["unit"].lower()
        if dct is None:
            return None
        direction = re.sub(r"\s+", " ", g["dir"].lower())
        if n is None:
            code = UNITS.get(unit, "D")
            return f"PX{code}", None, "duration"
        sign = 1 if direction in ("later", "after", "from now") else -1
        base = dct if direction in ("ago", "from now") else (anchor or dct)
        return unit_value(unit, base, sign * n)
    if rule == "in_n":  # "in two days", in a clause about the future (the stage checks)
        n = number_value(g["num"])
        if dct is None:
            return None
        if n is None:
            return f"PX{UNITS.get(g['unit'].lower(), 'D')}", None, "duration"
        return unit_value(g["unit"].lower(), dct, n)
    if rule == "season":
        y = int(g["year"])
        return f"{y}-{SEASONS[g['season'].lower()]}", "season", "date"
    if rule == "holiday":
        row = holiday_row(g["hol"], g.get("country"))
        if row is None:
            return None
        if re.fullmatch(r"\d{4}-\d\d-\d\d", row.rule):
            return row.rule, "day", "date"  # "9/11": one day in history
        if dct is None and "year" not in g:
            return None
        y = int(g["year"]) if "year" in g else None
        d = None
        for yy in [y] if y else [dct.year - 1, dct.year, dct.year + 1]:
            cand = holiday_date(row, yy)
            if cand is None:
                continue
            if d is None or abs((cand - dct).days) < abs((d - dct).days):
                d = cand
        if d is None:
            return None
        if y is None and tense == "past" and d > dct + dt.timedelta(days=3):
            d = holiday_date(row, d.year - 1) or d
        elif y is None and tense == "future" and d < dct - dt.timedelta(days=3):
            d = holiday_date(row, d.year + 1) or d
        return d.isoformat(), "day", "date"
    if rule == "weekend":
        if dct is None:
            return None
        k = 0 if tense != "past" or dct.weekday() >= 5 else -1
        return iso_week(dct + dt.timedelta(weeks=k)) + "-WE", "week", "date"
    if rule == "century":
        n = ORDINAL_WORDS.get(g["c"].lower()) or int(re.sub(r"\D", "", g["c"]) or 0)
        if not 1 <= n <= 21:
            return None
        return f"{n - 1:02d}", "century", "date"
    if rule == "decade":
        return g["dec"][:3], "decade", "date"
    if rule == "quarter":
        q = ORDINALS[g["q"].lower()]
        if "year" in g:
            y = int(g["year"])
        elif dct is not None:
            y = dct.year
        else:
            return None
        return f"{y}-Q{q}", "quarter", "date"
    if rule == "year_range":
        y1 = int(g["year"])
        y2s = g["year2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not (y1 < y2 <= y1 + 50):
            return None
        return f"{y1}/{y2}", "year", "range"
    if rule == "year":
        return g["year"], "year", "date"
    if rule == "clock":
        if dct is None:
            return None
        if "named" in g:
            h, mi = (12, 0) if g["named"].lower() in ("noon", "midday") else (0, 0)
        else:
            h = int(g["h"])
            mi = int(g.get("min") or 0)
            if h > 12:
                return None
            pm = g["ampm"].lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
        day = anchor or dct  # "On Monday ... by 5 p.m.": Monday's 5 p.m.
        return f"{day.isoformat()}T{h:02d}:{mi:02d}", "time", "time"
    if rule == "present":
        ref = re.sub(r"\s+", " ", g["ref"].lower())
        if ref in ("the future", "soon"):
            return "FUTURE_REF", None, "ref"
        if ref in ("the past", "in the past"):
            return "PAST_REF", None, "ref"
        return "PRESENT_REF", None, "ref"
    if rule == "duration":
        return _duration_value(g, span), None, "duration"
    return None


def easter(y: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return dt.date(y, month, day)


def holiday_row(name: str, country: str | None) -> Holiday | None:
    """The row of named day ``name`` for ``country`` (ISO3; "" when the article names
    none): that country's, else a widely kept one; an article naming no country takes
    the first row listed. None when the name is kept elsewhere only."""
    rows = holidays().get(name) or holidays().get(name.replace("\u2019", "'")) or ()
    if not rows:
        return None
    if len({r.country for r in rows}) == 1:
        return rows[0]  # kept by one country only ("Bastille Day")
    for r in rows:
        if r.country == country:
            return r
    for r in rows:
        if r.country == "*":
            return r
    return rows[0] if not country else None


_WD3 = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def holiday_date(row: Holiday, y: int) -> dt.date | None:
    """The day ``row``'s named day falls on in year ``y``."""
    r = row.rule
    m = re.fullmatch(r"(\d\d)-(\d\d)", r)
    if m:
        return _safe_date(y, int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"easter([+-]\d+)", r)
    if m:
        return easter(y) + dt.timedelta(days=int(m.group(1)))
    m = re.fullmatch(r"(\d|last)-(\w{3})-(\d\d)", r)
    if m and m.group(2) in _WD3:
        wd, month = _WD3.index(m.group(2)), int(m.group(3))
        if m.group(1) == "last":
            nxt = dt.date(y + month // 12, month % 12 + 1, 1)
            last = nxt - dt.timedelta(days=1)
            return last - dt.timedelta(days=(last.weekday() - wd) % 7)
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (int(m.group(1)) - 1))
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", r)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def unit_value(unit: str, base: dt.date, k: int) -> Resolved | None:
    """The value ``k`` units (day, week, month, year, ...) from ``base``."""
    if unit in ("day", "night"):
        return (base + dt.timedelta(days=k)).isoformat(), "day", "date"
    if unit == "week":
        return iso_week(base + dt.timedelta(weeks=k)), "week", "date"
    if unit == "weekend":
        return iso_week(base + dt.timedelta(weeks=k)) + "-WE", "week", "date"
    if unit == "fortnight":
        return iso_week(base + dt.timedelta(weeks=2 * k)), "week", "date"
    if unit == "month":
        y, m = shift_month(base.year, base.month, k)
        return f"{y}-{m:02d}", "month", "date"
    if unit == "year":
        return str(base.year + k), "year", "date"
    if unit == "decade":
        return str(base.year // 10 + k), "decade", "date"
    if unit == "century":
        return f"{base.year // 100 + k:02d}", "century", "date"
    if unit == "quarter":
        q = (base.month - 1) // 3 + k
        y = base.year + q // 4
        return f"{y}-Q{q % 4 + 1}", "quarter", "date"
    if unit in SEASONS:
        y = base.year + k
        return f"{y}-{SEASONS[unit]}", "season", "date"
    if unit in ("hour", "minute", "second"):
        return None
    return None


_DUR_CODE = {
    "second": ("T", "S"),
    "minute": ("T", "M"),
    "hour": ("T", "H"),
    "day": ("", "D"),
    "night": ("", "D"),
    "week": ("", "W"),
    "weekend": ("", "WE"),
    "fortnight": ("", "W"),
    "month": ("", "M"),
    "year": ("", "Y"),
    "decade": ("", "DE"),
    "century": ("", "CE"),
    "quarter": ("", "Q"),
}


def _duration_value(g: dict[str, str | None], span: str) -> str:
    """ISO 8601 duration for a duration expression ("P3D", "PT2H", "PXM" when vague)."""
    vague = g.get("vague") or g.get("vague2") or g.get("vague3")
    unit = (g.get("unit") or g.get("unit2") or vague or "day").lower()
    unit = unit[:-1] if unit.endswith("s") and unit[:-1] in _DUR_CODE else unit
    t, code = _DUR_CODE.get(unit, ("", "D"))
    if g.get("ord"):
        return f"P{t}1{code}"
    n = number_value(g.get("num"))
    if vague or n is None:
        if g.get("num") is None and g.get("rel") and not vague:
            n = 1
        else:
            return f"P{t}X{code}"
    if unit == "fortnight":
        n *= 2
    if code == "DE":
        return f"P{n * 10}Y"
    if code == "CE":
        return f"P{n * 100}Y"
    return f"P{t}{n}{code}"
