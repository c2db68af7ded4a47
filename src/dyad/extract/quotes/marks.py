"""Pair quotation marks into quoted stretches of text, in one linear pass.

Handles straight (``"`` ``'``) and curly (“ ” ‘ ’) marks, guillemets, apostrophes
(``don't``, ``Libya’s``, ``Gates’``), single quotes nested in double ones, quotes that
run over paragraphs (a paragraph that opens a quote without closing it, the next one
opening again), and unbalanced marks: a stray closer is ignored, an opener followed by
another opener is dropped, and a quote left open at a paragraph's end closes there
with ``closed=False``. Each mark is looked at once, so thousands of marks cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
DOUBLE_STRAIGHT = '"'
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
SINGLE_STRAIGHT = "'"
_MARKS = re.compile(
    "''|``|["
    + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_STRAIGHT)
    + "]|["
    + re.escape(SINGLE_OPEN + SINGLE_CLOSE + SINGLE_STRAIGHT)
    + "]"
)
MAX_SINGLE = 300  # a top-level single-quoted stretch longer than this is not a quote
# a blank line, or a line that opens with an indent (wire copy: "\n    Mr Smith said")
_PARA_BLANK = re.compile(r"\n[ \t\r\f\v\xa0]*\n\s*|\n[ \t]{2,}(?=\S)")
WRAPPED_LINE = 120  # a hard-wrapped text (wire copy) has no line longer than this
_PARA_LINE = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][)\]]?[ \t]+$")

_OPEN_BEFORE = set(" \t\n\r([{—–-/:;") | set(DOUBLE_OPEN + DOUBLE_STRAIGHT)
_CLOSE_AFTER = set(" \t\n\r,.;:!?)]}—–-…") | set(DOUBLE_CLOSE + DOUBLE_STRAIGHT)


@dataclass
class Quoted:
    """One quoted stretch: ``[start, end)`` includes the marks, ``segments`` do not."""

    start: int
    end: int
    segments: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = True
    single: bool = False  # delimited by single marks at the top level

    def text(self, doc_text: str) -> str:
        return " ".join(doc_text[s:e].strip() for s, e in self.segments if e > s).strip()

    @property
    def inner(self) -> tuple[int, int]:
        return self.segments[0][0], self.segments[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: split on blank lines, or on line breaks if there are none; a
    block between blank lines whose lines are too long to be hard-wrapped (a headline
    set off by a blank line, then one paragraph a line) is split on its line breaks."""
    if not _PARA_BLANK.search(text):
        return _split(text, 0, len(text), _PARA_LINE)
    out: list[tuple[int, int]] = []
    for lo, hi in _split(text, 0, len(text), _PARA_BLANK):
        block = text[lo:hi]
        if "\n" in block.strip() and max(map(len, block.split("\n"))) > WRAPPED_LINE:
            out += _split(text, lo, hi, _PARA_LINE)
        else:
            out.append((lo, hi))
    return out


def _split(text: str, lo: int, hi: int, sep: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of ``text[lo:hi]`` between matches of ``sep``."""
    out: list[tuple[int, int]] = []
    pos = lo
    for m in sep.finditer(text, lo, hi):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < hi:
        out.append((pos, hi))
    return out


def _hint(text: str, i: int, lo: int, hi: int, ch: str) -> str:
    """'open', 'close' or 'either' for the mark at ``i`` in paragraph ``[lo, hi)``."""
    prev = text[i - 1] if i > lo else " "
    j = i + len(ch)
    nxt = text[j] if j < hi else " "
    if ch == "``":
        return "open"
    opens = prev in _OPEN_BEFORE or prev.isspace()
    closes = nxt in _CLOSE_AFTER or nxt.isspace()
    if ch in DOUBLE_OPEN or ch in SINGLE_OPEN:
        return "close" if closes and not opens and not nxt.isalnum() else "open"
    if ch in DOUBLE_CLOSE or ch in SINGLE_CLOSE:
        return "open" if opens and not closes and nxt.isalnum() else "close"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _is_apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    return prev.isalnum() and nxt.isalnum()


def _straight(text: str, i: int) -> bool:
    """Whether the double mark at ``i`` is a straight one (``"``, ``''``, ````).
    A quote runs on into the next paragraph only when that paragraph reopens it with a
    mark of the same style: a stray straight mark opening a paragraph of a text in curly
    marks (copy pasted from elsewhere) does not swallow the next paragraph's quote."""
    return text[i] == DOUBLE_STRAIGHT or text.startswith(("''", "``"), i)


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of ``text`` in order; nested single quotes stay inside."""
    out: list[Quoted] = []
    paras = paragraphs(text)
    carry: Quoted | None = None  # a double quote continued from the previous paragraph
    for pi, (lo, hi) in enumerate(paras):
        pending, carry = carry, None
        open_d: int | None = None
        open_w = 1
        open_s: int | None = None
        cur: Quoted | None = None
        first_mark = True
        for m in _MARKS.finditer(text, lo, hi):
            i = m.start()
            ch = m.group()
            w = len(ch)  # '' and `` (two characters) stand for a double mark
            is_double = w == 2 or ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == DOUBLE_STRAIGHT
            if is_double:
                hint = _hint(text, i, lo, hi, ch)
                if first_mark and pending is not None and i == lo and hint != "close":
                    cur, pending = pending, None  # the paragraph re-opens the quote
                    open_d, open_w = i, w
                elif open_d is None:
                    if hint != "close":
                        open_d, open_w, cur, open_s = i, w, None, None
                else:
                    if hint != "open":
                        q = cur or Quoted(open_d, i + w)
                        q.segments.append((open_d + open_w, i))
                        q.end = i + w
                        out.append(q)
                        open_d, cur, open_s = None, None, None
                    elif _SENTENCE_END.search(text, max(lo, i - 6), i):
                        # 'said: "A. "B."': a new paragraph of the same quote run in
                        q = cur or Quoted(open_d, i)
                        q.segments.append((open_d + open_w, i))
                        cur, open_d, open_w, open_s = q, i, w, None
                    else:
                        open_d, open_w, cur, open_s = i, w, None, None  # the earlier one was stray
                first_mark = False
                if pending is not None:
                    pending.closed = False
                    out.append(pending)
                    pending = None
                continue
            first_mark = False
            if pending is not None:
                pending.closed = False
                out.append(pending)
                pending = None
            if _is_apostrophe(text, i, lo, hi):
                continue
            hint = _hint(text, i, lo, hi, ch)
            if open_s is None:
                if hint == "open" or (hint == "either" and ch in SINGLE_OPEN):
                    open_s = i
            elif hint != "open":
                if open_d is None and 2 < i - open_s < MAX_SINGLE:
                    out.append(Quoted(open_s, i + 1, [(open_s + 1, i)], single=True))
                open_s = None
            else:
                open_s = i
        if pending is not None:
            pending.closed = False
            out.append(pending)
        if open_d is not None:
            q = cur or Quoted(open_d, hi)
            q.segments.append((open_d + open_w, hi))
            q.end = hi
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and (
                (text[nxt] in DOUBLE_OPEN + DOUBLE_STRAIGHT or text.startswith(("''", "``"), nxt))
                and _straight(text, open_d) == _straight(text, nxt)
            ):
                carry = q
                continue
            q.closed = False
            out.append(q)
    if carry is not None:  # the text ended inside a continued quote
        carry.closed = False
        out.append(carry)
    out.sort(key=lambda q: q.start)
    return out
