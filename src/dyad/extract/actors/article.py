"""What the actors stage knows about one article while it works: the parse, the
actors under construction and where their names lie.

Every step of the stage (``candidates``, ``kinds``, ``persons``, ``roles``, ``orgs``,
``countries``, ``nominals``, ``coref``, ``finish``) is a plain function that takes this
state as its first argument and reads or fills the fields declared here, nothing else.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from dyad.contract import Context
from dyad.extract.actors.syntax import Cand, Work, headline_end, phrase_root, quote_spans
from dyad.extract.lookup import doc_text
from dyad.model import Mention, Record

# bylines and wire credits: the names in them wrote the story, they do not act in it
_CREDIT_RE = re.compile(
    r"(?m)^[ \t]*By[ \t]+[A-Z][^\n]{0,80}$"
    r"|\((?:Additional |Further )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ff]act-checking)"
    r"[^)]{0,300}\)"
    r"|(?:Additional reporting|Reporting|Writing|Editing|Photo|Photograph|Photos)\s+(?:by|:)\s+[^.\n]{0,120}"
    # a picture's caption line ending in its credit ("Protesters at the march. Image: Andrew
    # Gray."): neither the people shown on a sign nor the photographer act in the story
    r"|^[^\n]{0,300}?\b(?:Image|Photo|Photograph|Picture|Credit)s?:[ \t][^\n]{0,120}$"
)


@dataclass(slots=True, eq=False)
class ArticleState:
    """One article in the actors stage; build it with :meth:`of`."""

    doc: Doc
    rec: Record
    ctx: Context
    text: str  # the parsed text
    head_end: int  # where a headline repeated at the top of the text ends (0 if none)
    quotes: list[tuple[int, int]]  # character ranges of quotations
    credits: list[tuple[int, int]]  # character ranges of bylines and wire credits
    all_toks: list[Token]  # the doc's tokens (doc[i] makes a new Token each time)
    toks: list[Token]  # the tokens after the headline
    works: dict[tuple, Work] = field(default_factory=dict)  # actors under construction
    persons: list[Work] = field(default_factory=list)  # the person actors, in order made
    tok_owner: dict[int, Work] = field(default_factory=dict)  # token -> actor named there
    title_toks: set[int] = field(default_factory=set)  # tokens of a title or apposition
    by_tok: dict[int, Cand] = field(default_factory=dict)  # token -> its typed candidate
    inner: list[Cand] = field(default_factory=list)  # gazetteer names inside longer names
    doc_surnames: set[str] = field(default_factory=set)  # surnames of full names here
    role_ranges: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # per person
    main: str | None = None  # the country the story is about
    main_conf: float = 0.6  # how sure that guess is
    _minfo: dict[tuple[int, int], tuple[int, bool, bool]] = field(default_factory=dict)
    _sent_starts: list[int] | None = None

    @classmethod
    def of(cls, doc: Doc, rec: Record, ctx: Context) -> ArticleState:
        """The starting state of ``doc`` (the parse of ``rec``)."""
        text = doc_text(doc)
        head = headline_end(text, rec.title)
        all_toks = list(doc)
        credits = [(m.start(), m.end()) for m in _CREDIT_RE.finditer(text)]
        return cls(
            doc=doc,
            rec=rec,
            ctx=ctx,
            text=text,
            head_end=head,
            quotes=quote_spans(text),
            credits=credits,
            all_toks=all_toks,
            toks=[  # what the story says: no headline copy, no credit lines
                t for t in all_toks if t.idx >= head and not any(a <= t.idx < b for a, b in credits)
            ],
        )

    def skipped(self, char: int) -> bool:
        """Whether a name at ``char`` lies in the repeated headline or a credit line."""
        return char < self.head_end or any(a <= char < b for a, b in self.credits)

    def work(self, key: tuple, kind: str, name: str, **kw: Any) -> Work:
        """The actor under construction with ``key``, made on first use."""
        w = self.works.get(key)
        if w is None:
            w = Work(key=key, kind=kind, name=name, **kw)
            self.works[key] = w
        return w

    def in_quote(self, char: int) -> bool:
        """Whether character offset ``char`` lies inside a quotation."""
        return any(s <= char < e for s, e in self.quotes)

    def mention_info(self, m: Mention) -> tuple[int, bool, bool]:
        """(sentence number, is a subject, inside a quotation) of a mention, cached."""
        key = (m.start, m.end)
        hit = self._minfo.get(key)
        if hit is None:
            sp = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if sp is None:
                hit = (-1, False, False)
            else:
                subj = phrase_root(sp.root).dep_ in ("nsubj", "nsubjpass")
                hit = (self.sent_no(sp.start), subj, self.in_quote(m.start))
            self._minfo[key] = hit
        return hit

    def sent_no(self, i: int) -> int:
        """The number of the sentence holding token ``i``."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        return bisect_right(self._sent_starts, i) - 1
