"""The times stage: temporal expressions resolved against the publication date.

Expressions come from our own rules (:mod:`dyad.extract.times.rules`, compiled once)
and are checked against spaCy's DATE/TIME entities for bare numbers. Each is resolved
(:mod:`dyad.extract.times.resolve`) with the tense of the clause it belongs to, so
"on Thursday" is last Thursday after "met" and next Thursday after "will meet".
Relative expressions such as "seven days earlier" or "the next day" are anchored on the
last day named before them. Durations ("for the third day", "a matter of days") are kept
with ``kind="duration"`` and no value: they are not dates.

:func:`event_date` gives the events stage the date of the clause a trigger is in.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from dyad.contract import Context, stage
from dyad.extract.lookup import doc_text
from dyad.extract.times.resolve import ORDINAL_WORDS, resolve, unit_value
from dyad.extract.times.rules import Cand, find, month_number, number_value
from dyad.model import Record, TimeRef
from dyad.wordlists import words

_FUTURE_AUX = words("times_words.txt", "future_aux")
_FUTURE_HEADS = words("times_words.txt", "future_heads")
_YEAR_PREP = words("times_words.txt", "year_preps")
_DATE_LABELS = ("DATE", "TIME")
_DEADLINE_PREPS = words("times_words.txt", "deadline_preps")
_DAYISH = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ZONES = frozenset(w.upper() for w in words("times_words.txt", "time_zones"))
_PART_OF_DAY = re.compile(r"^\d{4}-\d\d-\d\dT(?:MO|AF|EV|NI)$")


def _parse_date(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def clause_verb(tok: Token) -> Token:
    """The verb whose clause ``tok`` is in (the token itself when it is one)."""
    t = tok
    for _ in range(30):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
        if t.head is t:
            break
        t = t.head
    return t.sent.root


def tense(verb: Token, _seen: frozenset[int] = frozenset()) -> str:
    """The tense ("past", "present" or "future") of the clause headed by ``verb``."""
    if verb.i in _seen or len(_seen) > 50:
        return "past"  # a parse that loops, or a chain too long to mean anything
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lows = {c.lower_ for c in aux}
    if lows & _FUTURE_AUX:
        return "future"
    if any(c.tag_ == "MD" for c in aux):
        if verb.tag_ == "VBN" and lows & {"have", "'ve"}:
            return "past"  # "might have encouraged"
        return "future"
    if verb.lemma_ == "go" and verb.tag_ == "VBG" and any(c.lower_ == "to" for c in verb.children):
        return "future"
    if "to" in lows and verb.tag_ in ("VB", "VBN"):
        # "plans to meet on Thursday", "is due to be published in May", "a program to
        # run through June" look ahead; "agreed to sell in October" takes its verb's tense
        head = verb.head
        if head is verb or head.lemma_ in _FUTURE_HEADS or head.pos_ not in ("VERB", "AUX"):
            return "future"
        if verb.dep_ in ("advcl", "acl", "relcl"):  # purpose: "... to run through June"
            return "future"
        return tense(head, _seen | {verb.i})
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        if verb.tag_ == "VBN" and verb.lemma_ in ("schedule", "set", "expect", "due", "plan"):
            return "future"
        return "past"
    if lows & {"has", "have", "had", "'ve", "'s"} and verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBG" and lows & {"is", "are", "'re", "am"}:
        return "future"
    if verb.tag_ in ("VBZ", "VBP"):
        if verb.lemma_ == "be":
            for c in verb.children:
                if c.lemma_ in ("due", "scheduled", "set", "expected", "likely", "to") or (
                    c.tag_ == "VBN" and c.lemma_ in ("schedule", "set", "expect", "plan")
                ):
                    return "future"
        return "present"
    if verb.tag_ == "VBN" and verb.lemma_ in ("schedule", "set", "plan", "expect"):
        return "future"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl"):
        return "past"
    return "past"


def _country_of(t: Token) -> str | None:
    """The country a token names, by name or demonym ("India", "Indian"), as ISO3."""
    from dyad import knowledge

    c = knowledge.country_by_name(t.text) or knowledge.country_by_demonym(t.text)
    return c.iso3 if c is not None else None


def _holiday_country(doc: Doc, c: Cand, counts: dict[str, int]) -> str:
    """The country whose named day ``c`` is: one named just before it ("India's
    Independence Day", "Chinese National Day") or just after ("National Day of Qatar"),
    else the one the article names most ("" when it names none)."""
    sp = _span_tokens(doc, c.start, c.end)
    if sp is not None and len(sp):
        near = [doc[i] for i in range(sp.start - 1, max(sp.start - 4, sp.sent.start) - 1, -1)]
        if sp.end + 1 < len(doc) and doc[sp.end].lower_ in ("of", "in"):
            near.append(doc[sp.end + 1])
        for t in near:
            if t.pos_ in ("PROPN", "ADJ", "NOUN") and t.text[:1].isupper():
                iso = _country_of(t)
                if iso:
                    return iso
    if not counts:
        counts[""] = 0
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP"):
                from dyad import knowledge

                k = knowledge.country_by_name(ent.text) or knowledge.country_by_demonym(ent.text)
                if k is not None:
                    counts[k.iso3] = counts.get(k.iso3, 0) + 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ""


def _span_tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _year_ok(doc: Doc, text: str, c: Cand) -> bool:
    """A bare four-digit number is a year when spaCy says DATE or a preposition leads."""
    if "mod" in c.groups:
        return True
    sp = _span_tokens(doc, c.start, c.end)
    if sp is None:
        return False
    prev = doc[sp.start - 1] if sp.start > 0 else None
    nxt = doc[sp.end] if sp.end < len(doc) else None
    if nxt is not None and (nxt.like_num or nxt.text in ("%", "percent") or nxt.tag_ == "NNS"):
        return False  # "2000 soldiers"
    if nxt is not None and nxt.text.upper() in _ZONES:
        return False  # "1700 UTC" is a time of day
    if c.start > 0 and text[c.start - 1] in "/#":
        return False  # "resolution No. 1430/2019": a number
    if (
        prev is not None
        and prev.pos_ == "PROPN"
        and prev.is_title
        and not prev.is_sent_start
        and prev.ent_type_ not in ("DATE", "TIME")
        and month_number(prev.text) is None
        and prev.lower_ not in _YEAR_PREP
    ):
        return False  # "Zrinyi 2026", "Vision 2030": part of a name
    if any(t.ent_type_ == "DATE" for t in sp):
        return True
    if prev is not None and (prev.text in ("$", "#", "No.", "No") or prev.like_num):
        return False
    if prev is not None and prev.lower_ in _YEAR_PREP:
        return True
    if prev is not None and prev.text in ("(", ",") and nxt is not None and nxt.text in (")", ","):
        return True
    return False


def _month_ok(doc: Doc, c: Cand) -> bool:
    """A bare month name that is really a person (March, June, August) is not a date."""
    if "year" in c.groups or "mod" in c.groups:
        return True
    sp = _span_tokens(doc, c.start, c.end)
    if sp is None:
        return True
    if any(t.ent_type_ in ("PERSON", "ORG") for t in sp):
        return False
    nxt = doc[sp.end] if sp.end < len(doc) else None
    return not (nxt is not None and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PERSON")


def find_times(
    doc: Doc,
    published: str | None,
    *,
    durations: bool = True,
    refs: bool = False,
    duration_values: bool = False,
    timeml: bool = False,
) -> list[TimeRef]:
    """Every temporal expression in ``doc`` with its value.

    ``durations``: keep durations (``kind="duration"``); their value is None unless
    ``duration_values`` (then ISO 8601, "P3D"). ``refs``: keep "now", "the past"
    (``PRESENT_REF``/``PAST_REF``), which the record leaves out. ``timeml``: follow
    TimeML's convention that "a month" in "a month earlier" is a duration (dyad's own
    convention, and the gold's, is the date it points to).
    """
    text = doc_text(doc)
    dct = _parse_date(published)
    out: list[TimeRef] = []
    anchor: dt.date | None = None  # the last day the narrative set
    past_anchor: dt.date | None = None  # ... that is not after the publication day
    quoted = quote_spans(text)
    spoken: list[tuple[int, Cand, str]] = []  # deictic times said by someone: (index in out, ...)
    counts: dict[str, int] = {}  # the countries the article names (for named days), once
    last: tuple[str, str | None, int] | None = None  # the narrator's last date, any unit
    for c in find(text):
        if c.rule == "year" and not _year_ok(doc, text, c):
            continue
        if c.rule == "month" and not _month_ok(doc, c):
            continue
        if c.rule == "holiday":
            c.groups["country"] = _holiday_country(doc, c, counts)
        if c.rule == "in_n" and (timeml or not _ahead(doc, c)):
            # "completed in two days", and TimeML's "two days": a duration
            cut = c.start + len(re.match(r"(?i)in[ \t]+", text[c.start : c.end]).group(0))
            c = Cand(cut if timeml else c.start, c.end, "duration", dict(c.groups))
        before = text[max(0, c.start - 16) : c.start]
        if c.rule == "duration" and _AGE_BEFORE.search(before):
            continue  # "children ages 6 months and older": an age
        counted_from_event = c.rule == "leadup" or (
            c.rule in ("daybefore", "ago")
            and c.groups.get("dir", "").lower() in ("before", "after")
            and _CLAUSE_AFTER.match(text, c.end)
        )
        if counted_from_event and not timeml:
            # "the day before the vote", "two weeks after the election", "the week leading
            # up to the summit": counted from the day the text gave that event, if it did
            ref = _from_event(doc, c, out, quoted)
            if ref is not None:
                out.append(ref)
                continue
        if c.rule in ("daybefore", "leadup") and (c.rule == "leadup" or counted_from_event):
            # "the day before Roth was pulled over": counted from an event we lack; TimeML
            # writes the day it is with what the narrative fixed, its year ("2012-XX-XX")
            ref = _underspecified(doc, text, c, last) if timeml and c.rule == "daybefore" else None
            if ref is not None:
                out.append(ref)
            continue
        if c.rule in ("rel_unit", "anaphor") and _SPAN_BEFORE.search(
            before + ("the " if text[c.start : c.start + 4].lower() == "the " else "")
        ):
            # "over the following decade", "for the next week": a stretch of time
            if c.groups.get("rel", "").lower().split()[-1] in _STRETCH_RELS:
                c = Cand(c.start, c.end, "duration", dict(c.groups))
        if c.rule == "then":  # "since then": the last time the narrator set
            near = last is not None and c.start - last[2] <= _THEN_REACH
            if near and text[c.start : c.start + 5].lower() == "since" and dct is not None:
                near = last[0][:10] <= dct.isoformat()  # "since then" looks back
            if not timeml and near and not _inside(quoted, c.start):
                out.append(TimeRef(text[c.start : c.end], (c.start, c.end), *last[:2], "date"))
            continue
        if c.rule == "eventday":
            day = _event_day(doc, _EVENT_NOUNS[c.groups["ev"].lower()], out, quoted)
            if day is not None:
                out.append(TimeRef(text[c.start : c.end], (c.start, c.end), day, "day", "date"))
            continue
        if timeml and c.rule == "ago":
            m = re.match(
                r"(?is)(.*?\b(?:[a-z]+?)s?)[ \t]+(?:earlier|later|before|after|from[ \t]+now)$",
                text[c.start : c.end],
            )
            if m:
                c = Cand(c.start, c.start + len(m.group(1)), "duration", dict(c.groups))
        t = "past"
        sp = _span_tokens(doc, c.start, c.end)
        if sp is not None and len(sp):
            t = tense(clause_verb(sp.root))
            before = doc[sp.start - 1].lower_ if sp.start > 0 else ""
            if c.rule in ("mdy", "dmy", "month") and before in _DEADLINE_PREPS:
                t = "future"  # "out of the EU by October 31": a deadline ahead
        if (
            c.rule == "ago"
            and _CLAUSE_AFTER.match(text, c.end)
            and (c.groups.get("dir", "").lower() in ("before", "after"))
        ):
            # "a week after he attended ...", "17 years after The Joshua Tree": counted
            # from an event, not a day
            c = Cand(c.start, c.end, "duration", dict(c.groups))
        base = anchor
        if t == "past" and dct is not None and c.rule in ("anaphor", "daybefore", "rel_unit"):
            base = past_anchor  # "later the same day" in a past clause: a day already past
        unit = c.groups.get("unit", "").lower()
        ahead = (
            t == "future" and "next" in c.groups.get("rel", "").lower()
        )  # "will ... the next week"
        if (
            c.rule in _COUNTED
            and unit in _FINE_ENOUGH
            and last is not None
            and _counted(c)
            and not ahead
        ):
            # "in 2011 ... three years later", "March 2015 ... two months later": a week,
            # month or year counts from the narrator's last date; from one too coarse
            # ("in 2011 ... two months later") it has no value
            base = _coarse_base(unit, last[0], last[1])
            if base is None:
                continue
        res = resolve(c, text, dct, t, base if c.rule != "clock" else base or dct)
        if res is None:
            continue
        value, gran, kind = res
        if kind == "duration":
            if not durations:
                continue
            if not duration_values:
                value = None
        if kind == "ref" and not refs:
            continue
        if not timeml and value:
            value, gran = record_value(value, gran)
        inside = _inside(quoted, c.start)
        counted = c.rule in _COUNTED and _counted(c)
        if kind == "date" and value and not inside and c.rule != "year_range" and not counted:
            # a counted date does not move it: "1.9 bn in 1986 against 1.7 bn a year
            # earlier ... 3 pct against 2 pct a year earlier" both count from 1986
            last = (value, gran, c.end)
        if kind in ("date", "time") and gran in ("day", "time") and value and not inside:
            # the narrative clock: a day the narrator sets (a quote's days are the speaker's)
            anchor = _parse_date(value) or anchor
            if anchor is not None and (dct is None or anchor <= dct):
                past_anchor = anchor
        if c.rule in _DEICTIC and kind in ("date", "time") and (inside or _reported(sp)):
            spoken.append((len(out), c, t))
        if c.rule == "year_range" and value:
            # "2009-2010", "1957-58": two years, as TimeML writes them
            y1, y2 = value.split("/")
            cut = re.search(r"[-\u2013/]", text[c.start : c.end])
            if cut:
                mid = c.start + cut.start()
                second = c.start + cut.end()
                out.append(TimeRef(text[c.start : mid].strip(), (c.start, mid), y1, "year", "date"))
                out.append(TimeRef(text[second : c.end], (second, c.end), y2, "year", "date"))
                continue
        out.append(TimeRef(text[c.start : c.end], (c.start, c.end), value, gran, kind))
    _clock_days(text, out)
    if dct is not None:
        _speech_days(doc, text, out, spoken, quoted, dct, timeml)
    return out


_UNDERSPECIFIED = {"day": "{y}-XX-XX", "week": "{y}-WXX", "month": "{y}-XX"}


def _underspecified(
    doc: Doc, text: str, c: Cand, last: tuple[str, str | None, int] | None
) -> TimeRef | None:
    """TimeML's "the day" of "the day before <an undated past event>": a day of the year
    the narrator last set ("late last July ... The day before he was pulled over, his
    wife showed ..." = 2012-XX-XX). Only a past telling of a past event ("the day after
    England play Italy", "will be saying the day after any such attack" are not); no
    value without such a year, or for "the year before"."""
    form = _UNDERSPECIFIED.get(c.groups.get("unit", "").lower())
    if form is None or last is None or not re.match(r"\d{4}(?:-|$)", last[0]):
        return None
    sp = _span_tokens(doc, c.start, c.end)
    if sp is None or not len(sp) or tense(clause_verb(sp.root)) != "past":
        return None
    event = []  # the event clause's words, to the first punctuation
    for tok in doc[sp.end : min(len(doc), sp.end + 8)]:
        if tok.is_punct or tok.is_sent_start:
            break
        event.append(tok)
    if not any(tok.tag_ == "VBD" for tok in event):
        return None
    cut = re.match(r"(?is)the[ \t]+[a-z]+", text[c.start : c.end])
    end = c.start + cut.end() if cut else c.end
    value = form.format(y=last[0][:4])
    if last[1] == "day" and re.fullmatch(r",[ \t]*", text[last[2] : c.start]):
        value = last[0]  # "on March 31, the day after it announced ...": that day
    return TimeRef(text[c.start : end], (c.start, end), value, c.groups["unit"].lower(), "date")


# "since then" takes the last date the narrator set only this close (characters): further
# back, "then" is more often an event the text gave no date
_THEN_REACH = 300
_AGE_BEFORE = re.compile(r"(?i)\bag(?:e|es|ed)[ \t]+$")
_CLAUSE_AFTER = re.compile(r"[ \t]+(?!(?:that|this|in|on|at|and|or)\b)[A-Za-z]")
_SPAN_BEFORE = re.compile(r"(?i)\b(?:over|for|throughout)[ \t]+the[ \t]+$")
_STRETCH_RELS = frozenset(("following", "next", "coming", "past", "last", "previous"))


_COUNTED = ("ago", "anaphor", "daybefore", "rel_unit")


def _counted(c: Cand) -> bool:
    """Whether ``c`` counts from a time the text set, not from now: "three years later",
    "the following year", "the year before", "the previous month" (not "three years ago",
    "last year", "next month")."""
    if c.rule == "ago":
        return c.groups.get("dir", "").lower() in ("earlier", "later", "before", "after")
    if c.rule == "rel_unit":
        return c.groups.get("rel", "").lower() in ("previous", "following")
    return True


_FINE_ENOUGH = {
    "year": ("day", "week", "month", "quarter", "season", "year"),
    "month": ("day", "month"),
    "week": ("day", "week"),
}


def _coarse_base(unit: str, value: str, gran: str | None) -> dt.date | None:
    """The day to count a week, month or year from, given the narrator's last date
    (``value`` of granularity ``gran``); None for a day (the day anchor counts) or when
    the last date is coarser than the unit ("in 2011 ... two months later")."""
    unit = unit.lower()
    if gran not in _FINE_ENOUGH.get(unit, ()):
        return None
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$", value)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2) or 7), int(m.group(3) or 1))
    m = re.match(r"^(\d{4})-W(\d\d)$", value)
    if m:
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    m = re.match(r"^(\d{4})-(?:Q\d|SP|SU|FA|WI)$", value)  # a quarter, a season: its year
    if m:
        return dt.date(int(m.group(1)), 7, 1)
    return None


def record_value(value: str, gran: str | None) -> tuple[str, str | None]:
    """A value as the record writes it (FORMAT.md's day, week and month): "Sunday
    night" is the day, "the weekend" its ISO week (TimeML's ``-WE`` is dropped)."""
    if _PART_OF_DAY.match(value):
        return value[:10], "day"
    if value.endswith("-WE"):
        return value[:-3], "week"
    return value, gran


def _ahead(doc: Doc, c: Cand) -> bool:
    """Whether "in two days" at ``c`` points ahead: its "in" belongs to a verb in the
    future, the present or the imperative ("will meet in two days", "let's discuss
    this in two days", "takes effect in two weeks"), not to a past verb ("was built
    in two years") or a noun, and not after a determiner's ordinal or superlative ("the
    highest in five years", "his first Test in a year")."""
    sp = _span_tokens(doc, c.start, c.end)
    if sp is None or not len(sp) or sp[0].lower_ != "in":
        return False
    verb = sp[0].head
    if verb.pos_ not in ("VERB", "AUX") or verb is sp[0]:
        return False
    for t in doc[max(sp.sent.start, sp.start - 8) : sp.start]:
        if (t.tag_ in ("JJS", "RBS") or t.ent_type_ == "ORDINAL" or t.lower_ in _ORDINALS) and (
            t.i > 0 and doc[t.i - 1].tag_ in ("DT", "PRP$", "POS", "IN")
        ):
            return False  # "a first Grand Slam in 27 years", "the best song in 25 years"
    t = tense(verb)
    if t == "future":
        return True
    if verb.tag_ == "VB":  # an imperative or "let's ...": no auxiliary
        return not any(ch.dep_ in ("aux", "auxpass") for ch in verb.children)
    return t == "present" and verb.tag_ in ("VBP", "VBZ")


_ORDINALS = frozenset(ORDINAL_WORDS) | {"last", "only"}
_EVENT_NOUNS = {
    "election": {"election", "vote", "poll", "ballot"},
    "polling": {"election", "vote", "poll", "ballot"},
    "voting": {"election", "vote", "poll", "ballot"},
    "referendum": {"referendum", "vote", "plebiscite", "ballot"},
}


def _from_event(
    doc: Doc, c: Cand, out: list[TimeRef], quoted: list[tuple[int, int]]
) -> TimeRef | None:
    """ "the day before the vote", "two weeks after the election", "the week leading up
    to the summit": a time counted from the day the text gave the event named after it
    ("the summit where on Sunday ..."); None when the text gave that event no day."""
    sp = _span_tokens(doc, c.start, c.end)
    if sp is None or not len(sp):
        return None
    noun = next((ch for ch in sp[-1].children if ch.dep_ == "pobj"), None)
    if noun is None or noun.pos_ != "NOUN" or not any(d.lower_ == "the" for d in noun.children):
        return None
    mods = frozenset(
        ch.lemma_.lower() for ch in noun.children if ch.dep_ in ("compound", "amod", "nmod")
    )  # "the Athens marathon" is not "the New York City Marathon on Sunday"
    day = _event_day(doc, {noun.lemma_.lower()}, out, quoted, mods)
    if day is None:
        return None
    unit = c.groups.get("unit", "day").lower()
    base = dt.date.fromisoformat(day)
    if c.rule == "leadup":  # the days up to the day before the event
        res = unit_value(unit, base - dt.timedelta(days=1), 0)
    else:
        n = number_value(c.groups.get("num")) if c.rule == "ago" else 1
        if n is None:
            return None
        sign = -1 if c.groups["dir"].lower() == "before" else 1
        res = unit_value(unit, base, sign * n)
    if res is None or not res[0]:
        return None
    return TimeRef(doc_text(doc)[c.start : c.end], (c.start, c.end), res[0], res[1], "date")


def _event_day(
    doc: Doc,
    nouns: set[str],
    out: list[TimeRef],
    quoted: list[tuple[int, int]],
    mods: frozenset[str] = frozenset(),
) -> str | None:
    """The day the text gave an event named by one of ``nouns`` before: the noun comes
    up to six words before that day ("the election to be held on August 9") or the day
    belongs to it ("the August 9 vote"); None when the text gave none (a null beats a
    guess)."""
    for r in reversed(out):
        if r.span is None or r.granularity != "day" or r.kind != "date" or not r.value:
            continue
        if _inside(quoted, r.span[0]):
            continue
        sp = _span_tokens(doc, r.span[0], r.span[1])
        if sp is None or not len(sp):
            continue

        def named(tok: Token) -> bool:  # the event's noun, with the modifiers asked for
            return tok.lemma_.lower() in nouns and mods <= {
                ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")
            }

        if any(named(doc[i]) for i in range(max(sp.sent.start, sp.start - 6), sp.start)):
            return r.value[:10]  # "the election to be held on August 9"
        t = sp.root
        for _ in range(4):
            if named(t) or any(
                ch.dep_ in ("nsubj", "nsubjpass") and named(ch) for ch in t.children
            ):
                return r.value[:10]
            if t.head is t:
                break
            t = t.head
    return None


# Rules whose value counts from "now" ("today", "last week", "on Sunday"): inside a quote
# or a reported statement, "now" is when the words were said.
_DEICTIC = {
    "relday",
    "lastnight",
    "rel_inside",
    "rel_unit",
    "weekday",
    "weekend",
    "rel_month",
    "in_n",
    "edge",
}
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]|\n[ \t]*\n")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` inside double quotation marks (straight or curly), each
    closed at the latest at a paragraph break."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for m in _QUOTE_MARK.finditer(text):
        if m.group(0).startswith("\n"):
            if start is not None:
                spans.append((start, m.start()))
            start = None
        elif start is None:
            start = m.end()
        else:
            spans.append((start, m.start()))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _speech_lemmas() -> frozenset[str]:
    global _SPEECH
    if _SPEECH is None:
        from dyad.extract.quotes.cues import load_lexicon

        lex = load_lexicon()
        _SPEECH = frozenset(v for v, (cls, _) in lex.verbs.items() if cls == "speech")
    return _SPEECH


_SPEECH: frozenset[str] | None = None


def _speech_verb(tok: Token) -> Token | None:
    """The verb of saying whose reported clause ``tok`` is in ("said the troops would
    leave tomorrow"), climbing at most four clauses; the verb comes first."""
    verb = clause_verb(tok)
    reported = False  # a clause is reported only through a complement ("said that ...")
    for _ in range(4):
        if verb.dep_ not in ("ccomp", "xcomp", "parataxis", "conj") or verb.head is verb:
            return None
        reported = reported or verb.dep_ != "conj"
        verb = clause_verb(verb.head)
        if reported and verb.lemma_.lower() in _speech_lemmas():
            # "said that ... tomorrow"; a verb after the time is more often a misparse
            return verb if verb.i < tok.i else None
    return None


def _reported(sp: Span | None) -> bool:
    return sp is not None and len(sp) > 0 and _speech_verb(sp.root) is not None


def _cue_verb(doc: Doc, text: str, pos: int, quoted: list[tuple[int, int]]) -> Token | None:
    """The verb of saying that introduces the quote at ``pos``: outside the quote, in the
    quote's sentence, or the sentence just before or after it in the same paragraph."""
    if not 0 <= pos < len(text):
        return None
    sent = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if sent is None or not len(sent):
        return None
    s = sent[0].sent
    order = [s]
    for k in (s.end, s.start - 1):  # the next sentence, then the one before
        if not 0 <= k < len(doc):
            continue
        lo, hi = sorted((doc[k].idx, s.end_char if k >= s.end else s.start_char))
        if "\n\n" not in text[lo:hi]:
            order.append(doc[k].sent)
    for sentence in order:
        for tok in sentence:
            if (
                tok.pos_ in ("VERB", "AUX")
                and tok.lemma_.lower() in _speech_lemmas()
                and not _inside(quoted, tok.idx)
            ):
                return tok
    return None


def _speech_days(
    doc: Doc,
    text: str,
    out: list[TimeRef],
    spoken: list[tuple[int, Cand, str]],
    quoted: list[tuple[int, int]],
    dct: dt.date,
    timeml: bool = False,
) -> None:
    """Resolve each deictic time said by someone against the day it was said.

    That day is the date the text attaches to the verb of saying ("..., he said on
    Sunday"), else the day the narrative last set if it is within a week before the
    article ("Yesterday, parliament voted. ... 'today's resolution', he said"), else the
    publication day (the value found first)."""
    narrative = [
        (r.span[0], d)
        for r in out
        if r.span is not None
        and r.granularity == "day"
        and r.kind == "date"
        and not _inside(quoted, r.span[0])
        and (d := _parse_date(r.value)) is not None
    ]
    for i, c, t in spoken:
        sp = _span_tokens(doc, c.start, c.end)
        if sp is None or not len(sp):
            continue
        verb = (
            _cue_verb(doc, text, c.start, quoted)
            if _inside(quoted, c.start)
            else _speech_verb(sp.root)
        )
        if verb is None:
            continue
        said = _day_of(doc, verb, out, quoted)
        if said is None and tense(verb) == "past":
            before = [d for pos, d in narrative if pos < verb.idx]
            if before and dt.timedelta(0) < dct - before[-1] <= dt.timedelta(days=7):
                said = before[-1]
        if said is None or said == dct:
            continue
        res = resolve(c, text, said, t, said)
        if res is None or res[2] not in ("date", "time") or not res[0]:
            continue
        value, gran = res[0], res[1]
        if not timeml or _PART_OF_DAY.match(value):
            value, gran = record_value(value, gran)
        out[i].value, out[i].granularity = value, gran


def _day_of(
    doc: Doc, verb: Token, out: list[TimeRef], quoted: list[tuple[int, int]]
) -> dt.date | None:
    """The day the text attaches to ``verb``'s clause, outside quotes."""
    for r in out:
        if r.span is None or r.granularity != "day" or _inside(quoted, r.span[0]):
            continue
        sp = _span_tokens(doc, r.span[0], r.span[1])
        if sp is not None and len(sp) and clause_verb(sp.root) == verb:
            return _parse_date(r.value)
    return None


_ZONE = re.compile(
    r"^(?:local time|" + "|".join(re.escape(z.lower()) for z in sorted(_ZONES)) + r")\b[ ,]*"
)


def _clock_days(text: str, refs: list[TimeRef]) -> None:
    """ "1 p.m. on Sunday", "Sunday at 1 p.m.": the clock time takes that day."""
    for a, b in zip(refs, refs[1:], strict=False):
        if a.span is None or b.span is None:
            continue
        gap = re.sub(r"\([^()]*\)", "", text[a.span[1] : b.span[0]]).strip().lower()
        gap = _ZONE.sub("", gap)  # "3:00 p.m. local time on Monday", "9 a.m. GMT on Friday"
        if gap not in ("", "on", "at", ",", "of"):
            continue
        clock, day = (a, b) if a.kind == "time" else (b, a)
        if clock.kind != "time" or day.granularity != "day" or not clock.value or not day.value:
            continue
        if "T" in clock.value and _DAYISH.match(day.value):
            clock.value = day.value[:10] + clock.value[10:]


def dateline_ref(rec: Record) -> TimeRef | None:
    """The article's date line as a time, valued at the publication date; a wire
    dateline ("MOSCOW, March 22 (Reuters) -") at the day it gives, resolved against the
    publication date (None where it gives no day)."""
    if not rec.dateline or not rec.published:
        return None
    from dyad.read.dateline import dateline_day

    day = dateline_day(rec.dateline, rec.published)
    if day is None and rec.dateline_place:
        return None
    return TimeRef(rec.dateline.strip(), None, day or rec.published, "day", "date")


@stage("times", assigns=("times",))
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Add the article's dates and times (and its date line) to ``rec.times``.

    Durations are left out: they are not dates, and a record's times are dates.
    """
    dl = dateline_ref(rec)
    if dl is not None:
        rec.times.append(dl)
    rec.times.extend(find_times(doc, rec.published, durations=False))


def _event_value(t: TimeRef) -> str | None:
    if not t.value:
        return None
    v = t.value.split("/")[0]
    m = _DAYISH.match(v)
    return m.group(0) if m else v


_QUOTES = re.compile(r"[\"\u201c\u201d]")


def _in_quote(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside quotation marks, counting from ``start``."""
    return len(_QUOTES.findall(text, start, pos)) % 2 == 1


def event_date(doc: Doc, rec: Record, token_i: int) -> tuple[str | None, str]:
    """The date of the event whose trigger is token ``token_i``.

    The temporal expression attached to the trigger's clause in the parse (the closest,
    if several), else the nearest one in its sentence; ``(value, "text")``. Times in
    another paragraph, or on the other side of a quotation mark ("today" inside a quote
    is the speaker's today) for a trigger outside it, are not taken. Without one, the
    day of the wire dateline (``(day, "dateline")``), else the publication date:
    ``(rec.published, "published")``.
    """
    if not 0 <= token_i < len(doc):
        return rec.published, "published"
    tok = doc[token_i]
    sent = tok.sent
    text = doc_text(doc)
    verb = clause_verb(tok)
    quoted = _in_quote(text, sent.start_char, tok.idx)
    attached: tuple[int, str] | None = None
    best: tuple[int, str] | None = None
    for t in rec.times:
        if t.span is None or t.kind not in ("date", "time", "range"):
            continue
        if not (sent.start_char <= t.span[0] < sent.end_char):
            continue
        lo, hi = sorted((t.span[0], tok.idx))
        if "\n\n" in text[lo:hi]:
            continue
        if not quoted and _in_quote(text, sent.start_char, t.span[0]):
            continue  # a time inside a quote is the speaker's, not the narrator's
        value = _event_value(t)
        if value is None:
            continue
        sp = _span_tokens(doc, t.span[0], t.span[1])
        if sp is None or not len(sp):
            continue
        dist = min(abs(x.i - token_i) for x in sp)
        if clause_verb(sp.root) == verb and (attached is None or dist < attached[0]):
            attached = (dist, value)
        if best is None or dist < best[0]:
            best = (dist, value)
    if attached is not None:
        return attached[1], "text"
    if best is not None:
        return best[1], "text"
    if rec.dateline_place:  # the day of a wire dateline, where it gives one
        for t in rec.times:
            if t.span is None and t.value and t.granularity == "day":
                return t.value, "dateline"
    return rec.published, "published"
