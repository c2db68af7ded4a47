"""Temporal expression patterns: where they are in the text and what kind each is.

The rules are regular expressions over the article text, compiled once. Each match
becomes a :class:`Cand` with a *kind of reference* (an absolute date, a weekday, a
day relative to the publication date, a unit relative to it, ...) that
:mod:`dyad.extract.times.resolve` turns into a value. Prepositions ("on", "since",
"as of") are left out of the span, as TimeML does; modifiers ("late", "last") stay in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": None,
    "few": None,
    "several": None,
    "many": None,
    "some": None,
    "dozens of": None,
}
UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "2W",
    "month": "M",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "quarter": "Q",
}

_S = r"[ \t\u00a0]+"  # spaces within one line
_WD = r"(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
_MONTH_FULL = "|".join(m.capitalize() for m in MONTHS if m != "may")
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Month names are case-sensitive: "May" and "march" are words too.
_MON = rf"(?P<mon>(?:{_MONTH_FULL}|May|{_MONTH_FULL.upper()}|MAY)\b|(?:{_MONTH_ABBR})\.?(?=[ \t]))"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_NUM = (
    r"(?P<num>\d{1,3}|a couple of|a couple|a few|few|several|many|some|dozens of|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|an?)"
)
_UNIT = r"(?P<unit>second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|century)s?"
_YREL = r"[ \t]+of[ \t]+(?P<yrel>(?i:this|last|next))[ \t]+year\b"  # "January of this year"
_PART = r"(?P<part>morning|afternoon|evening|night|overnight)"


@dataclass
class Cand:
    """One temporal expression found in the text, not yet resolved."""

    start: int
    end: int
    rule: str  # which kind of reference (see times_resolve)
    groups: dict[str, str | None] = field(default_factory=dict)
    priority: int = 0


def _p(rx: str) -> re.Pattern[str]:
    return re.compile(rx)


def _pi(rx: str) -> re.Pattern[str]:
    return re.compile(rx, re.I)


# (rule name, pattern, priority). A higher priority wins an overlap of equal length.
@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern[str], int]]:
    mod = r"(?:(?P<mod>(?i:late|early|mid|earlier|later))(?:[ \t-]+(?i:on|in))?[ \t-]+)?"
    rel = r"(?P<rel>(?i:this[ \t]+past|this[ \t]+coming|last|this|next|past|coming|previous|following))"
    return [
        # 2011-03-22, 2011/03/22
        ("iso", _p(r"\b(?P<year>(?:19|20)\d\d)[-/](?P<m>[01]?\d)[-/](?P<day>[0-3]?\d)\b"), 9),
        # 03/22/2011 (US order)
        ("mdy_num", _p(r"\b(?P<m>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"), 9),
        # (Wednesday,) January 23(,) 2019 / Jan. 23 / January 23rd
        (
            "mdy",
            _p(
                rf"\b(?:{_WD},?{_S})?{_MON}{_S}{_DAYNUM}\b(?:,?{_S}{_YEAR}\b|{_YREL})?"
                rf"(?:(?:[ \t]*[-\u2013][ \t]*|{_S}(?:to|and){_S})(?P<day2>[0-3]?\d)\b(?![ \t]*[:.]\d)"
                rf"(?:,?{_S}(?P<year2>(?:19|20)\d\d))?\b)?"
            ),
            8,
        ),
        # (Wednesday,) 23 January 2019 / the 23rd of January
        (
            "dmy",
            _p(
                rf"\b(?:{_WD},?{_S})?(?:the{_S})?{_DAYNUM}(?:{_S}of)?{_S}{_MON}(?:,?{_S}{_YEAR}\b)?"
            ),
            8,
        ),
        # (early) March 2011 / (in) March / late March
        ("month", _p(rf"\b{mod}{_MON}(?:,?{_S}(?:of{_S})?{_YEAR}\b|{_YREL})?(?![ \t]+\d)"), 5),
        # last/this/next March
        ("rel_month", _p(rf"\b{rel}{_S}{_MON}"), 6),
        # late on Sunday / last Tuesday / Tuesday night / Friday morning
        (
            "weekday",
            _p(rf"\b{mod}(?:{rel}{_S})?{_WD}\b(?:{_S}(?i:{_PART}))?"),
            4,
        ),
        # today / tonight / yesterday / tomorrow (+ morning ...)
        (
            "relday",
            _pi(
                r"\b(?:(?P<mod>late|early)[ \t]+)?(?P<d>the[ \t]+day[ \t]+before[ \t]+yesterday|"
                r"the[ \t]+day[ \t]+after[ \t]+tomorrow|today|tonight|yesterday|tomorrow)"
                r"\b(?:[ \t]+(?P<part>morning|afternoon|evening|night))?"
            ),
            5,
        ),
        (
            "lastnight",
            _pi(r"\b(?P<rel>last|this)[ \t]+(?P<part>night|morning|afternoon|evening)\b"),
            5,
        ),
        # earlier this month / later in the week / earlier in the year
        (
            "rel_inside",
            _pi(
                r"\b(?P<mod>earlier|later|early|late|mid)[ \t-]+(?:in[ \t]+)?(?P<rel>this|the|last|next)"
                r"[ \t]+(?P<unit>week|month|year|decade|century)\b"
            ),
            6,
        ),
        # last week / this month / next year / the past week? (-> duration, see below)
        (
            "rel_unit",
            _pi(
                r"\b(?:(?P<mod>early|late|mid)[ \t-]+)?(?P<rel>this[ \t]+past|this[ \t]+coming|last|this|"
                r"next|coming|previous|following)"
                r"[ \t]+(?P<unit>week|weekend|month|year|decade|century|quarter|"
                r"spring|summer|autumn|fall|winter)\b"
            ),
            5,
        ),
        # the end of the year, the start of this month
        (
            "edge",
            _pi(
                r"\b(?:the[ \t]+)?(?P<edge>end|beginning|start|middle|close)[ \t]+of[ \t]+"
                r"(?:(?P<rel>the|this|last|next)[ \t]+)?(?P<unit>week|month|year|decade|century)\b"
            ),
            5,
        ),
        # the same day / that day / the next day / the following week / the day before
        (
            "anaphor",
            _pi(
                r"\b(?P<rel>the[ \t]+same|that[ \t]+same|that|the[ \t]+next|the[ \t]+following|the[ \t]+previous|"
                r"the[ \t]+preceding)[ \t]+(?P<unit>day|week|month|year|morning|evening|night)\b"
            ),
            3,
        ),
        # later in the evening, later that day, earlier that morning: the day last set
        (
            "anaphor",
            _pi(
                r"\b(?P<mod>later|earlier)[ \t]+(?:in[ \t]+the|that)[ \t]+"
                r"(?P<unit>day|morning|afternoon|evening|night)\b"
            ),
            4,
        ),
        # by the evening hours, in the early morning hours: the day last set
        (
            "anaphor",
            _pi(
                r"\bthe[ \t]+(?:(?P<mod>early|late|wee)[ \t]+)?"
                r"(?P<unit>morning|afternoon|evening|night)[ \t]+hours\b"
            ),
            4,
        ),
        # the week leading up to the summit: counted from the summit's day (the stage)
        (
            "leadup",
            _pi(r"\bthe[ \t]+(?P<unit>week|month)[ \t]+leading[ \t]+up[ \t]+to\b"),
            4,
        ),
        (
            "daybefore",
            _pi(
                r"\bthe[ \t]+(?P<unit>day|week|month|year)[ \t]+(?P<dir>before|after)\b(?![ \t]+(?:yesterday|tomorrow))"
            ),
            3,
        ),
        # three days ago / seven days earlier / two weeks later / a year before
        (
            "ago",
            _pi(
                rf"\b{_NUM}[ \t]+{_UNIT}[ \t]+(?P<dir>ago|earlier|later|before|after|from[ \t]+now)\b"
            ),
            7,
        ),
        # in two days / in three weeks: a day ahead in a clause about the future, else
        # a duration (the stage decides); "in two years of war", "in a year with no
        # new consoles", "in a year or two" are not days ahead
        (
            "in_n",
            _pi(
                rf"\bin[ \t]+{_NUM}[ \t]+{_UNIT}\b"
                r"(?![ \t]+(?:of|with|when|that|or|to)\b|['\u2019])"
            ),
            3,
        ),
        # election day, polling day: the day the text gives the election
        (
            "eventday",
            _pi(r"\b(?P<ev>election|polling|voting|referendum)[ \t]+day\b"),
            4,
        ),
        # since then, by then, until then: the time the narrative last set (the stage)
        ("then", _pi(r"\b(?:since|by|until|till|before)[ \t]+then\b"), 3),
        # seasons: (last/this/next) spring, spring 2012, the spring of 2012
        (
            "season",
            _pi(
                rf"\b(?:(?P<mod>early|late|mid)[ \t-]+)?(?:the[ \t]+)?(?P<season>spring|summer|autumn|fall|winter)"
                rf"(?:[ \t]+of)?[ \t]+{_YEAR}\b"
            ),
            6,
        ),
        # decades: the 1990s, the '90s
        (
            "decade",
            _pi(
                r"\b(?:the[ \t]+)?(?:(?P<mod>early|late|mid)[ \t-]+)?(?P<dec>(?:1[5-9]|20)\d0)'?s\b"
            ),
            6,
        ),
        # quarters: the first quarter of 2012
        (
            "quarter",
            _pi(
                rf"\b(?:the[ \t]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[ \t]+quarter"
                rf"(?:[ \t]+of[ \t]+{_YEAR})?\b"
            ),
            5,
        ),
        # years: 1992, (early) 2011, the year 2000, 2010-2012, 2010-11
        (
            "year_range",
            _p(rf"\b{_YEAR}[ \t]*[-\u2013/][ \t]*(?P<year2>(?:1[5-9]|20)?\d\d)\b(?![-/]\d)"),
            4,
        ),
        ("year", _p(rf"\b{mod}(?:(?i:the{_S}year){_S})?{_YEAR}\b(?![-/]\d)"), 2),
        # times of day: 10 a.m., 10:30 p.m., noon, midnight
        (
            "clock",
            _pi(
                r"\b(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?[ \t]*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
                r"(?:[ \t]+(?P<tz>[A-Z]{2,4}T|GMT|UTC))?"
            ),
            6,
        ),
        ("clock", _pi(r"\b(?P<named>noon|midnight|midday)\b"), 3),
        # holidays and named days (lexicon/times_holidays.tsv), with a year or not
        (
            "holiday",
            _p(
                r"(?<![\w/])(?P<hol>"
                + "|".join(re.escape(n) for n in sorted(holidays(), key=len, reverse=True))
                + r")(?![\w/])(?:,?[ \t]+"
                + _YEAR
                + r"\b)?"
            ),
            5,
        ),
        # over the weekend / at the weekend
        (
            "weekend",
            _pi(
                r"(?:(?<=over )|(?<=during )|(?<=at )|(?<=on )|(?<=this ))(?P<w>the[ \t]+weekend)\b"
            ),
            4,
        ),
        # present / past references
        ("present", _pi(r"\b(?P<ref>now|currently|right[ \t]+now|at[ \t]+present|nowadays)\b"), 1),
        (
            "present",
            _pi(r"\b(?P<ref>the[ \t]+past|in[ \t]+the[ \t]+past)\b(?![ \t]+\w+s\b)"),
            1,
        ),
        ("present", _pi(r"\b(?P<ref>the[ \t]+future)\b"), 1),
        # the 20th century, the twentieth century
        (
            "century",
            _pi(
                r"\b(?:the[ \t]+)?(?P<c>\d{1,2}(?:st|nd|rd|th)|(?:twenty-)?first|second|third|"
                r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)"
                r"[ \t-]+century\b"
            ),
            6,
        ),
        # durations: for three days, a matter of days, the past two weeks, a few days,
        # three-year, for the third day
        (
            "duration",
            _pi(
                rf"\b(?:(?P<rel>the[ \t]+(?:past|last|next|previous|coming|first|final))[ \t]+)?"
                rf"(?:(?:more[ \t]+than|about|almost|nearly|over|some|at[ \t]+least|up[ \t]+to)[ \t]+)?"
                rf"{_NUM}[ \t-]+(?:(?:more|full|straight|consecutive|long)[ \t]+)?{_UNIT}"
                rf"\b(?![ \t-]+old\b)"
            ),
            2,
        ),
        (
            "duration",
            _pi(
                r"\b(?P<vague>(?:a[ \t]+)?matter[ \t]+of[ \t]+(?P<unit>second|minute|hour|day|week|month|year)s|"
                r"(?:the[ \t]+)?(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                r"\d+(?:st|nd|rd|th))[ \t]+(?:straight[ \t]+|consecutive[ \t]+)?(?P<unit2>day|week|month|year|night)"
                r"(?![ \t]+of\b))"
            ),
            2,
        ),
        (
            "duration",
            _pi(
                r"\b(?P<rel>the[ \t]+(?:past|last|next|coming|previous))[ \t]+"
                r"(?P<unit>week|month|year|decade|century)\b"
            ),
            1,
        ),
        (
            "duration",
            _pi(
                r"\b(?:(?P<vague2>days|weeks|months|years|decades|hours)"
                r"(?=[ \t]+(?:ago|of|later|earlier|before))|"
                r"recent[ \t]+(?P<vague3>days|weeks|months|years|decades)\b|"
                r"(?:(?<=for )|(?<=in )|(?<=within )|(?<=over )|(?<=take )|(?<=takes )|"
                r"(?<=took )|(?<=taken )|(?<=taking )|(?<=lasted ))"
                r"(?P<vague>days|weeks|months|years|decades|hours)\b)"
            ),
            1,
        ),
        # "between 12 and 18 months": the first number is a duration too (its unit after
        # the second)
        (
            "duration",
            _pi(
                rf"\b{_NUM}(?=[ \t]*(?:and|to|or|-|\u2013)[ \t]*{_NUM.replace('(?P<num>', '(?:')}"
                rf"[ \t-]+{_UNIT}\b(?![ \t-]+old\b))"
            ),
            1,
        ),
    ]


# Words before a match that take it out of the temporal reading.
_BLOCK_BEFORE = re.compile(
    r"(?i)(?:\bper|\bevery|\beach|\bBlack|\bGood|\bSuper|\bCyber|\bAsh|\bPalm)[ \t]+$"
)


# A gate per pattern, in the order of patterns(): groups of words, each group "raw" (the
# text as written) or "low" (the text lower-cased). A pattern can match only if every
# group has one of its words in the text, so a pattern whose gate fails is not run (most
# patterns match nothing in a given article). () is no gate. Each word must be part of
# every match of its pattern; tests/test_times.py checks the gates against the patterns.
_U = ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year")
_U += ("decade", "century")
_BIG_U = ("week", "month", "year", "decade", "century")
_MON_RAW = tuple(m[:3].capitalize() for m in MONTHS) + tuple(m[:3].upper() for m in MONTHS)
_PARTS = ("morning", "afternoon", "evening", "night")


@lru_cache(maxsize=1)
def gates() -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    """The gate of each pattern of :func:`patterns`, in the same order (see above)."""
    hol = tuple(sorted({n.split(" ")[0] for n in holidays()}))
    low = "low"
    return [
        ((low, ("-", "/")),),  # iso
        ((low, ("/",)),),  # mdy_num
        (("raw", _MON_RAW),),  # mdy
        (("raw", _MON_RAW),),  # dmy
        (("raw", _MON_RAW),),  # month
        (("raw", _MON_RAW),),  # rel_month
        ((low, tuple(WEEKDAYS)),),  # weekday
        ((low, ("today", "tonight", "yesterday", "tomorrow")),),  # relday
        ((low, ("last", "this")), (low, _PARTS)),  # lastnight
        ((low, ("earl", "late", "mid")), (low, _BIG_U)),  # rel_inside
        (
            (low, ("this", "last", "next", "coming", "previous", "following")),
            (low, (*_BIG_U, "quarter", *SEASONS)),
        ),  # rel_unit
        ((low, ("end", "beginning", "start", "middle", "close")), (low, _BIG_U)),  # edge
        (
            (low, ("same", "that", "next", "following", "previous", "preceding")),
            (low, ("day", "week", "month", "year", "morning", "evening", "night")),
        ),  # anaphor
        ((low, ("later", "earlier")), (low, ("day", *_PARTS))),  # anaphor
        ((low, ("hours",)), (low, _PARTS)),  # anaphor: the evening hours
        ((low, ("leading",)), (low, ("week", "month"))),  # leadup
        ((low, ("before", "after")), (low, ("day", "week", "month", "year"))),  # daybefore
        ((low, ("ago", "earlier", "later", "before", "after", "now")), (low, _U)),  # ago
        ((low, _U),),  # in_n
        ((low, ("election", "polling", "voting", "referendum")),),  # eventday
        ((low, ("then",)), (low, ("since", "by", "until", "till", "before"))),  # then
        ((low, tuple(SEASONS)),),  # season
        ((low, ("0s", "0's")),),  # decade
        ((low, ("quarter",)),),  # quarter
        ((low, ("-", "\u2013", "/")),),  # year_range
        (),  # year
        ((low, ("a.m.", "p.m.", "am", "pm")),),  # clock
        ((low, ("noon", "midnight", "midday")),),  # clock
        (("raw", hol),),  # holiday
        ((low, ("weekend",)),),  # weekend
        ((low, ("now", "currently", "present")),),  # present
        ((low, ("past",)),),  # present
        ((low, ("future",)),),  # present
        ((low, ("century",)),),  # century
        ((low, _U),),  # duration
        ((low, ("second", "minute", "hour", "day", "week", "month", "year", "night")),),
        ((low, _BIG_U),),  # duration
        ((low, ("days", "weeks", "months", "years", "decades", "hours")),),  # duration
        ((low, _U),),  # duration: the first of two numbers
    ]


# Characters that Python's case-insensitive matching takes for ASCII letters but that
# str.lower() keeps apart ("\u212a" Kelvin sign ~ "k"): with one of them, no gating.
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")


def find(text: str, gated: bool = True) -> list[Cand]:
    """All temporal expressions in ``text``, overlaps settled (longest, then priority).

    ``gated``: skip the patterns whose words (:func:`gates`) are not in the text; the
    result is the same, only faster."""
    cands: list[Cand] = []
    gated = gated and not _CASE_ODD.search(text)
    low = text.lower() if gated else ""
    for (rule, rx, prio), gate in zip(patterns(), gates(), strict=True):
        if gated and not all(
            any(w in (low if kind == "low" else text) for w in words) for kind, words in gate
        ):
            continue
        for m in rx.finditer(text):
            if m.end() <= m.start():
                continue
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            cands.append(Cand(m.start(), m.end(), rule, g, prio))
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Cand] = []
    for c in cands:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        if _BLOCK_BEFORE.search(text[max(0, c.start - 12) : c.start]):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


@dataclass(frozen=True)
class Holiday:
    """One row of ``lexicon/times_holidays.tsv``: a named day kept by a country."""

    name: str  # the main name
    country: str  # ISO3, or "*" where widely kept
    rule: str  # MM-DD, easter+N, N-wd-MM, last-wd-MM or YYYY-MM-DD


@lru_cache(maxsize=1)
def holidays() -> dict[str, tuple[Holiday, ...]]:
    """Every name and alias of a named day, with its rows (in file order)."""
    from dyad.wordlists import lexicon_path

    out: dict[str, list[Holiday]] = {}
    for line in lexicon_path("times_holidays.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, country, rule = (line.split("\t") + [""] * 4)[:4]
        h = Holiday(name.strip(), country.strip(), rule.strip())
        for n in (name, *aliases.split("|")):
            if n.strip():
                out.setdefault(n.strip(), []).append(h)
    return {k: tuple(v) for k, v in out.items()}


def month_number(s: str) -> int | None:
    s = s.lower().rstrip(".")
    if s in MONTHS:
        return MONTHS.index(s) + 1
    return MONTH_ABBR.get(s)


def number_value(s: str | None) -> int | None:
    if s is None:
        return None
    s = s.lower()
    if s.isdigit():
        return int(s)
    return NUMBERS.get(re.sub(r"\s+", " ", s))
