"""The quotes stage: every quotation and reported statement, with its speaker.

Direct quotes come from paired quotation marks (:mod:`quotes_marks`); each is tied to
a speech cue (:mod:`quotes_cues`) that governs it in the parse, else to the nearest cue
in its sentence and paragraph, else to a name after a dash, else to the speaker of the
quote before it (same paragraph, or the paragraph before when it opens a paragraph),
else to the speaker of the statement just before. Short quotes with no speaker and
title-cased names in quotes are scare quotes, kept without a speaker. Indirect quotes
come from the cues themselves: the that-clause of a speech verb, the object of "called
for" or "announced", the clause "according to X" hangs on, the sentence around
"X, he said,". Speakers are resolved by :mod:`quotes_speaker`. See docs/quotes.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyad.contract import Context, stage
from dyad.extract.lookup import doc_text, doc_tokens, token_bounds
from dyad.extract.quotes.cues import Cue, CueFinder, build_finder, load_lexicon, load_words
from dyad.extract.quotes.marks import Quoted, find_quoted, paragraphs
from dyad.extract.quotes.speaker import REPORT_NOUNS, Resolver, Speaker
from dyad.model import Quote, Record

SCARE_MAX_WORDS = 2
_WORD = re.compile(r"\w+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# a wire dateline: "TOKYO, March 3 - ", "WASHINGTON - "
DATELINE = re.compile(r"[A-Z][A-Z .,'&/-]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*-\s")
DIRECT_CLASSES = {"speech", "request", "evaluate", "source", "frame"}
INDIRECT_CLASSES = {"speech", "request", "source", "frame"}
RECIPIENT_VERBS = load_words()["recipient_verb"]
XCOMP_VERBS = load_words()["infinitive_verb"]
NOUN_CUES = load_words()["report_noun_cue"]
TRIM_LEAD = {"that", "and", "but", "or", ",", ":", "—", "–", "-", ";", "whether", "if"}


@dataclass
class Found:
    """A quote with what the benchmarks need beyond :class:`Quote` (the speaker's words)."""

    quote: Quote
    speaker: Speaker | None
    cue_class: str | None = None  # speech, request, evaluate, belief, source, frame


def _finder(ctx: Context | None, doc: Doc) -> CueFinder:
    if ctx is None:
        return build_finder(doc.vocab)
    return ctx.resource("quotes.cues", lambda: build_finder(doc.vocab))


@stage("quotes", requires=("actors",), uses=("times",), assigns=("quotes",))
def run(doc: Doc, rec: Record, ctx: Context) -> None:
    """Add the article's quotes to ``rec.quotes``."""
    rec.quotes.extend(f.quote for f in extract(doc, rec, ctx))


def extract(
    doc: Doc,
    rec: Record,
    ctx: Context | None = None,
    belief: bool = False,
    keep_unattributed: bool = False,
    broad: bool = False,
) -> list[Found]:
    """Direct, scare and indirect quotes of one parsed article, in text order.

    ``belief`` counts belief verbs (think, believe) as cues; ``broad`` also reports the
    object of an evaluating verb (criticized the plan, cited a poll), as attribution
    corpora such as PolNeAR do; ``keep_unattributed`` keeps indirect quotes with no speaker.
    The stage itself uses none of them.
    """
    finder = _finder(ctx, doc)
    text = doc_text(doc)
    quoted = [q for q in find_quoted(text) if q.segments and q.inner[1] > q.inner[0]]
    inq = _quote_index(doc, quoted)
    res = Resolver(doc, rec, inq)
    cues = [c for c in finder.find(doc, belief=belief) if inq[c.token.i] < 0]
    by_tok = {c.token.i: c for c in cues}
    sent_cues: dict[int, list[Cue]] = {}
    for c in cues:
        sent_cues.setdefault(c.token.sent.start, []).append(c)
    for c in cues:  # resolve speakers in text order, so "he" can find the last speaker
        _speaker_of(c, res)
    res.resolve_titles()
    out: list[Found] = []
    out += _direct(doc, rec, quoted, inq, res, by_tok, sent_cues)
    out += _indirect(doc, rec, cues, inq, res, quoted, keep_unattributed, broad)
    out += _noun_reports(doc, rec, inq, res, {f.quote.span for f in out})
    out.sort(key=lambda f: f.quote.span)
    return out


def _quote_index(doc: Doc, quoted: list[Quoted]) -> list[int]:
    """For each token, the index of the quote holding it (marks included), or -1."""
    inq = [-1] * len(doc)
    qi = 0
    for i, idx in enumerate(token_bounds(doc)[0]):
        while qi < len(quoted) and quoted[qi].end <= idx:
            qi += 1
        if qi < len(quoted) and quoted[qi].start <= idx < quoted[qi].end:
            inq[i] = qi
    return inq


def _speaker_of(cue: Cue, res: Resolver) -> Speaker | None:
    if cue.cls == "source":
        to = next((c for c in cue.token.children if c.lower_ == "to"), None)
        if to is None and cue.token.i + 1 < len(cue.token.doc):
            to = cue.token.doc[cue.token.i + 1]
        return res.for_according(to) if to is not None else None
    if cue.cls == "frame":
        head = cue.token.head
        return res.for_cue_token(head) if head.i != cue.token.i else None
    return res.for_cue_token(cue.token)


def _date(rec: Record, doc: Doc, cue: Cue | None, content: Token | None = None) -> str | None:
    """The day named by a time expression that modifies the cue ("said on Monday",
    "On Monday, Putin railed ..."), else the publication date."""
    if cue is None:
        return rec.published
    sent = cue.token.sent
    verbs = {cue.token.i}
    v = cue.token
    for _ in range(3):  # "On Monday, Putin railed ..., likening them to ..."
        if v.dep_ not in ("advcl", "xcomp", "conj", "parataxis") or v.head.i == v.i:
            break
        v = v.head
        verbs.add(v.i)
    for t in rec.times:
        if not (t.span and sent.start_char <= t.span[0] and t.span[1] <= sent.end_char):
            continue
        if not (t.value and _DAY.match(t.value)):
            continue
        span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        a = span.root
        for _ in range(8):
            if a.i in verbs or (cue.prep is not None and a.i == cue.prep.i):
                return t.value
            if a.pos_ in ("VERB", "AUX") and a.i != span.root.i:
                break
            if (
                a.head.i == a.i
                or a.dep_ in ("ccomp", "relcl")
                or (content is not None and a.i == content.i)
            ):
                break
            a = a.head
    return rec.published


_TITLE_SMALL = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "is",
    "it",
}


def _is_title(s: str) -> bool:
    """Title-cased words and no sentence end: the name of a show, book, plan or operation."""
    words = re.findall(r"[^\W\d_][\w'’-]*", s)
    if (
        not words
        or len(words) > 8
        or not words[0][0].isupper()
        or re.search(r"[.!?]\W*$", s.strip())
    ):
        return False
    caps = [w for w in words if w.lower() not in _TITLE_SMALL]
    return (
        bool(caps)
        and all(w[0].isupper() for w in caps)
        and not (len(words) == 1 and words[0] == "I")
    )


def _passive(tok: Token) -> bool:
    """A passive cue with no agent: "He is described as ..." names no speaker."""
    kids = list(tok.children)
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) and not any(
        c.dep_ == "agent" for c in kids
    )


def _glossed(text: str, q: Quoted) -> bool:
    """A quote that is all of a parenthesis: ``("British exit")``."""
    return text[max(0, q.start - 1) : q.start] == "(" and text[q.end : q.end + 1] == ")"


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _direct(doc, rec, quoted, inq, res, by_tok, sent_cues) -> list[Found]:
    text = doc_text(doc)
    paras = paragraphs(text)
    para_of = _para_index(paras, [q.start for q in quoted])
    out: list[Found] = []
    last: tuple[int, int, Speaker, Cue | None] | None = None  # (quote index, para, speaker, cue)
    for qi, q in enumerate(quoted):
        span = doc.char_span(q.start, min(q.end, len(text)), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        qtext = q.text(text)
        n_words = _words(qtext)
        if n_words == 0:
            continue
        s_lo, s_hi = span[0].sent.start, span[-1].sent.end
        para = (paras[para_of[qi]][0], paras[_para_index(paras, [max(q.end - 1, q.start)])[0]][1])
        cue, how = _linked_cue(span, qi, inq, by_tok)
        if cue is not None and not min(para[0], q.start) <= cue.start < max(para[1], q.end):
            cue, how = None, ""  # a misparse reaching into the next paragraph
        if (
            cue is not None
            and cue.token.i < span.start
            and any(
                t.text in (".", "!", "?") and inq[t.i] < 0 for t in doc[cue.token.i : span.start]
            )
        ):
            cue, how = None, ""  # a cue in the sentence before: "He said X. ''A,'' he said."
        dash = _dash_speaker(doc, q, para, res)
        if dash is not None:  # "…” ― Christina Lastra" outranks any cue around the quote
            speaker, how, cue = dash, "linked", None
        else:
            if cue is None:
                cue = _near_cue(span, s_lo, s_hi, sent_cues, para, q)
                if cue is None:
                    cue = _trailing_cue(doc, span, inq, sent_cues, para)
                how = "near" if cue is not None else ""
            speaker = _speaker_of(cue, res) if cue is not None else None
        if speaker is None:
            speaker = _colon_speaker(doc, q, para, res)  # 'Bolsonaro opposed it: "…"'
            how = "colon" if speaker is not None else how
        pi = para_of[qi]
        unnamed = cue is not None and speaker is None and _passive(cue.token)
        if unnamed:  # "He is described as "a proud grandfather"": the text names nobody
            pass
        elif speaker is None and n_words > SCARE_MAX_WORDS and last is not None:
            _, lp, lsp, lcue = last
            opens_para = q.start == paras[pi][0]
            if lp == pi or (lp == pi - 1 and opens_para):
                speaker, cue, how = lsp, lcue, "carried"
        if speaker is None and n_words > SCARE_MAX_WORDS and not unnamed and not _is_title(qtext):
            # the last speaker of a reported statement just before ("X said that ...")
            prev = res.last_speaker(q.start, paras[pi - 1][0] if pi > 0 else paras[pi][0])
            if prev is not None:
                speaker, how = prev, "previous"
        sent = doc[s_lo:s_hi]
        kind = "direct"
        if _is_title(qtext):
            kind = "scare"  # a name or title in quotes: "Morning Joe", "Operation Peace Spring"
        elif speaker is None and n_words <= SCARE_MAX_WORDS:
            kind = "scare"
        elif n_words <= SCARE_MAX_WORDS and _glossed(text, q):
            kind = "scare"  # 'an anti-Brexit ("British exit") march': a gloss, not a quote
        elif (
            speaker is None
            and cue is None
            and n_words
            <= max(SCARE_MAX_WORDS, 4 if n_words < 5 and not re.search(r"[.!?,]\W*$", qtext) else 0)
        ):
            kind = "scare"
        conf = {"linked": 0.9, "near": 0.8, "colon": 0.7, "carried": 0.6, "previous": 0.5}.get(
            how, 0.5 if kind == "scare" else 0.3
        )
        quote = Quote(
            text=qtext,
            kind=kind,
            span=(q.segments[0][0], q.segments[-1][1]),
            speaker=speaker.ref if speaker is not None and kind == "direct" else None,
            cue=cue.text if cue is not None and kind == "direct" else None,
            cue_span=(cue.start, cue.end) if cue is not None and kind == "direct" else None,
            sentence=sent.text.strip(),
            date=_date(rec, doc, cue if kind == "direct" else None),
            confidence=conf if q.closed else conf * 0.7,
        )
        out.append(Found(quote, speaker if kind == "direct" else None, cue.cls if cue else None))
        if speaker is not None and kind == "direct":
            last = (qi, pi, speaker, cue)
    return out


_DASH = re.compile(r"[^\S\n]*(?:[―—–]|--?(?=\s))[^\S\n]*")


def _dash_speaker(doc: Doc, q: Quoted, para: tuple[int, int], res: Resolver) -> Speaker | None:
    """A name after a dash right after the quote ("…” ― Christina Lastra")."""
    m = _DASH.match(doc_text(doc), q.end)
    if m is None or m.end() >= min(para[1], len(doc_text(doc))):
        return None
    start = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    if start is None or len(start) == 0:
        return None
    i = start[0].i
    if doc[i].text[:1] in "―—–-":  # the dash glued to the name in one token
        return None
    j = i
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].idx < para[1] and j - i < 5:
        j += 1
    if j == i:
        return None
    return res.resolve(doc[j - 1])


def _colon_speaker(doc: Doc, q: Quoted, para: tuple[int, int], res: Resolver) -> Speaker | None:
    """The speaker of a clause that ends in a colon right before the quote: its report
    noun's author ("issued a statement from the king: …"), else its subject
    ("Bolsonaro opposed Macron's statement: …")."""
    text = doc_text(doc)
    j = q.start - 1
    while j >= para[0] and text[j] in " \t":
        j -= 1
    if j < para[0] and q.start == para[0]:  # 'He said:' ending the paragraph before
        k = j
        while k >= 0 and text[k] in " \t\n\r" and j - k < 4:
            k -= 1
        if k >= 0 and text[k] == ":" and "\n" in text[k : q.start]:
            j = k
    if j < 0 or text[j] != ":" or (j < para[0] and q.start != para[0]):
        return None
    span = doc.char_span(j, j + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if para[0] == 0 and "\n" not in text[: q.start]:
        # a headline ("Goldsmith: 'I was not leant on'", "Warren Hammers Wells Fargo CEO:
        # '…'"): the first actor it names before the colon
        for s0, e0, _person, a in res.mentions:
            if s0 >= j:
                break
            return Speaker(s0, e0, text[s0:e0], a.ref(), a, "subject")
        return None
    v = span[0].head
    for _ in range(4):
        if v.pos_ in ("VERB", "AUX") or v.head.i == v.i:
            break
        v = v.head
    if v.pos_ not in ("VERB", "AUX") or res.inq[v.i] >= 0 or v.i > span[0].i:
        return None
    for t in v.subtree:
        if (
            t.i < span[0].i
            and t.dep_ in ("dobj", "pobj")
            and t.lemma_.lower() in REPORT_NOUNS
            and any(c.dep_ == "prep" and c.lower_ in ("by", "from") for c in t.children)
        ):
            sp = res.resolve(t)
            if sp is not None:
                return sp
    return res.for_cue_token(v)


def _para_index(paras: list[tuple[int, int]], starts: list[int]) -> list[int]:
    out = []
    pi = 0
    for s in starts:
        while pi + 1 < len(paras) and paras[pi + 1][0] <= s:
            pi += 1
        out.append(pi)
    return out


def _linked_cue(span, qi: int, inq: list[int], by_tok: dict[int, Cue]) -> tuple[Cue | None, str]:
    """A cue outside the quote that governs it in the parse (within a few steps): from
    its words first, then from its marks (the parser hangs a mark on any neighbour:
    `the impact it said X would have: “…,” the union wrote`)."""
    for t in sorted(span, key=lambda t: t.is_punct):
        h = t.head
        if inq[h.i] == qi or h.i == t.i:
            continue
        a: Token = h
        for _ in range(6):
            c = by_tok.get(a.i)
            if c is not None and c.cls in DIRECT_CLASSES:
                return c, "linked"
            if a.head.i == a.i or inq[a.head.i] >= 0 and inq[a.head.i] != qi:
                break
            a = a.head
    return None, ""


def _near_cue(
    span, s_lo: int, s_hi: int, sent_cues: dict[int, list[Cue]], para: tuple[int, int], q: Quoted
) -> Cue | None:
    """The cue closest to the quote in the sentences it covers (after it on a tie),
    within the quote's paragraph(s)."""
    lo, hi = min(para[0], q.start), max(para[1], q.end)
    doc = span.doc
    best: tuple[int, Cue] | None = None
    i = s_lo
    while i < s_hi:
        sent = doc[i].sent
        for c in sent_cues.get(sent.start, ()):
            if c.cls not in DIRECT_CLASSES or not lo <= c.start < hi:
                continue
            ci = c.token.i
            d = (ci - span.end) * 2 if ci >= span.end else (span.start - ci) * 2 + 1
            if best is None or d < best[0]:
                best = (d, c)
        i = sent.end
    return best[1] if best else None


TRAILING_MAX = 12  # tokens of a sentence that only attributes the quote before it


def _trailing_cue(
    doc: Doc, span, inq: list[int], sent_cues: dict[int, list[Cue]], para: tuple[int, int]
) -> Cue | None:
    """A cue in a short sentence right after the quote that the parser split off
    (`“Why isn't this proof?” Vitter demanded.`): the sentence starts at the closing
    mark, holds no other quote, and its cue has a subject of its own."""
    j = span.end
    while j < len(doc) and inq[j] < 0 and doc[j].is_punct and doc[j].text not in '"“”':
        j += 1
    if j >= len(doc) or doc[j].is_sent_start is not True or doc[j].idx >= para[1]:
        return None
    sent = doc[j].sent
    if len(sent) > TRAILING_MAX or any(inq[t.i] >= 0 for t in sent):
        return None
    for c in sent_cues.get(sent.start, ()):
        kids = [x.dep_ for x in c.token.children]
        if (
            c.cls in DIRECT_CLASSES
            and any(d in ("nsubj", "nsubjpass") for d in kids)
            and not any(d in ("ccomp", "xcomp", "dobj") for d in kids)
        ):
            return c  # "X demanded.", not "A spokesman said the Cardinal would ..."
    return None


def _indirect(doc, rec, cues, inq, res, quoted, keep_unattributed, broad=False) -> list[Found]:
    out: list[Found] = []
    seen: set[tuple[int, int]] = set()
    text = doc_text(doc)
    paras = paragraphs(text)
    para_of = _para_index(paras, [c.start for c in cues])
    for k, c in enumerate(cues):
        if c.cls not in INDIRECT_CLASSES | {"belief", "evaluate"}:
            continue
        if any(x.dep_ == "neg" for x in c.token.children):
            continue  # "the Senate did not find the network had breached laws": no claim
        toks = _content_tokens(c, inq, broad)
        if toks and paras:  # reported content stays in the cue's paragraph
            p_lo, p_hi = paras[para_of[k]]
            toks = [t for t in toks if p_lo <= t.idx < p_hi]
        if not toks:
            continue
        lo, hi = _trim(doc, toks)
        if hi <= lo:
            continue
        semi = next((t.i for t in doc[lo:hi] if t.text == ";" and inq[t.i] < 0), None)
        if semi is not None and semi > c.token.i:
            hi = semi  # "A; they only learned on Friday ...": a new sentence in all but name
        m = DATELINE.match(text, doc[lo].idx)
        while m is not None and lo < hi and doc[lo].idx < m.end():
            lo += 1  # "TOKYO, March 3 - ...": a wire dateline is not what was said
        span = doc[lo:hi]
        if span.start <= c.token.i < span.end and c.token.dep_ != "parataxis":
            continue  # what was said cannot hold its own cue: a misparse
        outside = sum(1 for t in span if inq[t.i] < 0 and not t.is_punct)
        if outside < 2:
            continue  # the content is a direct quote: reported there
        if (span.start_char, span.end_char) in seen:
            continue
        speaker = _speaker_of(c, res)
        if speaker is None and not keep_unattributed:
            continue
        if (
            speaker is not None
            and c.token.dep_ != "parataxis"
            and span.start_char < speaker.start < span.end_char <= speaker.end
        ):
            continue  # what was said runs into the speaker's name: a misparse ("coach" as a verb)
        seen.add((span.start_char, span.end_char))
        sent = c.token.sent
        out.append(
            Found(
                Quote(
                    text=text[span.start_char : span.end_char],
                    kind="indirect",
                    span=(span.start_char, span.end_char),
                    speaker=speaker.ref if speaker else None,
                    cue=c.text,
                    cue_span=(c.start, c.end),
                    sentence=sent.text.strip(),
                    date=_date(rec, doc, c, doc[lo] if hi > lo else None),
                    confidence=0.7 if speaker else 0.3,
                ),
                speaker,
                c.cls,
            )
        )
    return out


def _noun_reports(
    doc: Doc, rec: Record, inq: list[int], res: Resolver, seen: set[tuple[int, int]]
) -> list[Found]:
    """Reports named by a noun with its author: "X's claim that ...", "the claim by X that
    ...". A noun with no author ("ministers must respond to claims that ...") reports
    nobody's words here."""
    out: list[Found] = []
    text = doc_text(doc)
    for t in doc_tokens(doc):
        if t.pos_ != "NOUN" or t.lemma_.lower() not in NOUN_CUES or inq[t.i] >= 0:
            continue
        clause = next(
            (
                x
                for x in t.children
                if x.dep_ in ("acl", "ccomp", "relcl")
                and x.i > t.i
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children)
            ),
            None,
        )
        if clause is None:
            continue
        author = next((c for c in t.children if c.dep_ == "poss" and inq[c.i] < 0), None)
        if author is None:
            by = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            author = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        if author is None:
            continue
        speaker = res.resolve(author)
        if speaker is None:
            continue
        lo, hi = _trim(doc, list(clause.subtree))
        if hi - lo < 3 or sum(1 for x in doc[lo:hi] if inq[x.i] < 0) < 2:
            continue
        span = doc[lo:hi]
        if (span.start_char, span.end_char) in seen:
            continue
        out.append(
            Found(
                Quote(
                    text=text[span.start_char : span.end_char],
                    kind="indirect",
                    span=(span.start_char, span.end_char),
                    speaker=speaker.ref,
                    cue=t.text,
                    cue_span=(t.idx, t.idx + len(t)),
                    sentence=t.sent.text.strip(),
                    date=rec.published,
                    confidence=0.6,
                ),
                speaker,
                "speech",
            )
        )
    return out


def _content_tokens(c: Cue, inq: list[int], broad: bool = False) -> list[Token] | None:
    """The tokens of what ``c`` reports, or None."""
    tok = c.token
    if c.cls == "evaluate" and not broad:
        return _charge(tok)
    if c.cls == "source":
        # the clause or phrase "according to X" hangs on, without the according-to phrase
        head = tok.head
        if head.i == tok.i or inq[head.i] >= 0:
            return None  # "..., according to X" after a direct quote: reported there
        drop = {t.i for t in tok.subtree}
        doc = tok.doc
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":  # however it was parsed
            drop |= {t.i for t in doc[tok.i + 1].subtree if t.i > tok.i}
        if (
            tok.i == tok.sent.start
            or doc[tok.i - 1].is_punct
            or doc[tok.i - 1].lower_ in ("and", "but")
        ):
            # "According to Mayor Dee Margo, police ...": the source runs to the comma
            j = tok.i
            while j < tok.sent.end and doc[j].text != "," and j - tok.i < 15:
                drop.add(j)
                j += 1
            subj = next(  # the subject nearest the verb: "X, and Vyasna, ..., around 60 attended"
                (x for x in reversed(list(head.lefts)) if x.dep_ in ("nsubj", "nsubjpass")), None
            )
            if tok.i == tok.sent.start and subj is not None and subj.left_edge.i > j:
                # "According to reports from X on Friday, and Y on Thursday, around 18,000
                # attended": what was reported starts at its subject and runs to the end
                return [t for t in tok.sent if t.i >= subj.left_edge.i and inq[t.i] < 0]
        return [t for t in head.subtree if t.i not in drop and t.sent == tok.sent]
    if c.cls == "frame":
        head = tok.head
        if head.i == tok.i or head.i in _speech_head(c) or head.pos_ not in ("VERB", "AUX"):
            return None
        drop = {t.i for t in tok.subtree} | {
            t.i for t in head.children if t.dep_ in ("nsubj", "nsubjpass") for t in t.subtree
        }
        return [t for t in head.subtree if t.i not in drop]
    if c.content.startswith("prep:") and c.prep is not None and c.prep.dep_ == "mark":
        return [t for t in c.prep.head.subtree if t.i > c.prep.i]  # "calling for X to be tried"
    if c.content.startswith("prep:") and c.prep is not None:
        pobj = next((x for x in c.prep.children if x.dep_ in ("pobj", "pcomp")), None)
        if pobj is None:
            return None
        if c.prep.lower_ in ("on", "to"):  # "called on X to do Y": the content is "X to do Y"
            xc = next(
                (
                    x
                    for x in list(tok.children) + list(pobj.children)
                    if x.dep_ in ("xcomp", "acl", "relcl") and x.i > pobj.i
                ),
                None,
            )
            return list(pobj.subtree) + list(xc.subtree) if xc is not None else None
        xc = _infinitive(tok, after=pobj.right_edge.i)  # "called for the killers to be tried"
        if xc is not None and not any(t.i == xc.i for t in pobj.subtree):
            return list(pobj.subtree) + list(xc.subtree)
        return list(pobj.subtree)
    comps = [x for x in tok.children if x.dep_ == "ccomp"] or [
        x  # "tweeted in the early hours that X was ...": the that-clause parsed as advcl
        for x in tok.children  # (or as a relative clause of the verb)
        if x.dep_ in ("advcl", "relcl") and x.i > tok.i and x.left_edge.lower_ == "that"
    ]
    # a clause the parser hung on the cue across a blank line (a headline, the next
    # paragraph) is another paragraph's; of two clauses hung on the cue ("A denied X,
    # however, a report concluded B"), the one after it
    near = [x for x in comps if _BLANK_LINE.search(_between(tok, x)) is None] or comps
    comp = next((x for x in near if x.i > tok.i), near[0] if near else None)
    if comp is None and tok.lemma_.lower() in XCOMP_VERBS:
        # "promised to hold new elections", "urged supporters to vote"
        xc = _infinitive(tok, after=tok.i)
        if xc is not None:
            obj = next((x for x in tok.children if x.dep_ == "dobj" and x.i < xc.i), None)
            keep = obj is not None and obj.lower_ not in ("reporters", "journalists")
            return (list(obj.subtree) if keep else []) + list(xc.subtree)
    if comp is not None:
        if inq[comp.i] >= 0 and inq[comp.left_edge.i] >= 0:
            return None  # the reported clause is a direct quote
        if _is_cue_verb(comp) and comp.i > tok.i:
            return None  # "Reuters reported a source said ...": the inner report stands alone
        toks = list(comp.subtree)
        lex = load_lexicon().verbs
        for x in comp.subtree:  # "..., adding: ..." is a statement of its own
            if (
                x.i != comp.i
                and x.dep_ in ("advcl", "conj")
                and x.pos_ in ("VERB", "AUX")  # "his rubble comment" is no verb
                and lex.get(x.lemma_.lower(), ("",))[0] == "speech"
                and (
                    x.tag_ == "VBG"
                    or not any(k.dep_ in ("nsubj", "nsubjpass") for k in x.children)
                    or (x.dep_ == "conj" and _is_cue_verb(x))  # "A, and several said B"
                )
                and x.i > tok.i
            ):
                drop = {t.i for t in x.subtree}
                toks = [t for t in toks if t.i not in drop]
        if comp.i > tok.i:  # "fires, which state media said were under control"
            toks = [t for t in toks if t.i > tok.i]
            for sj in tok.children:  # "X said it paid 12 cents, the regular dividend": an
                if sj.dep_ in ("nsubj", "nsubjpass") and sj.i < tok.i:  # appos hung on X
                    for ap in sj.children:
                        gap = tok.doc[comp.right_edge.i + 1 : ap.left_edge.i]
                        if (
                            ap.dep_ == "appos"
                            and ap.left_edge.i > comp.right_edge.i
                            and len(gap) <= 1
                            and all(g.is_punct for g in gap)
                        ):
                            toks += list(ap.subtree)
            for x in tok.children:  # "stated the purchase was financed by a loan, so it is ..."
                if (
                    x.dep_ in ("advcl", "ccomp")
                    and x.i > comp.right_edge.i
                    and any(m.dep_ == "mark" and m.lower_ in _RESULT_MARKS for m in x.children)
                ):
                    toks += list(x.subtree)
            for x in tok.children:  # "said A, and that B": a second that-clause
                if x.dep_ in ("ccomp", "conj") and x.i > comp.i and x.i != comp.i and inq[x.i] < 0:
                    if any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children) or (
                        x.dep_ == "ccomp" and _joined(tok.doc, toks, x)
                    ):
                        toks += list(x.subtree)
        if (
            comp.left_edge.i > tok.i
            and comp.left_edge.lower_ != "that"
            and tok.lemma_ not in RECIPIENT_VERBS
        ):
            # "said hundreds of fighters escaped": a misparsed object belongs to the clause
            for x in tok.children:
                if (
                    tok.i < x.i < comp.left_edge.i
                    and x.dep_ in ("dobj", "nsubj", "attr", "npadvmod")
                    and x.lower_ not in ("reporters", "journalists")
                    and x.ent_type_ not in ("DATE", "TIME")
                ):
                    toks += list(x.subtree)
        if comp.i < tok.i and tok.i > comp.right_edge.i:
            toks = _sentence_before(comp, tok, toks, inq)
        return _drop_asides(_with_but(tok, _drop_context(comp, toks)))
    that = next(
        (
            x
            for x in tok.subtree
            if x.lower_ == "that" and x.dep_ == "mark" and 0 < x.i - tok.i <= 8 and inq[x.i] < 0
        ),
        None,
    )
    if (
        that is not None
        and that.head.pos_ in ("VERB", "AUX")
        and that.head.dep_ in ("relcl", "acl")
        and that.head.head.head.head.i == tok.i
        and that.head.head.head.lower_ in ("through", "via", "with", "in", "at", "on", "during")
    ):
        # "saying through an interpreter that ...", misparsed as a relative clause
        return _with_but(tok, [t for t in that.head.subtree if t.i >= that.i])
    if (
        that is not None
        and tok.lemma_ in RECIPIENT_VERBS
        and that.head.pos_ in ("VERB", "AUX")
        and that.head.dep_ in ("relcl", "acl")
        and any(o.dep_ == "dobj" and that.head in o.subtree for o in tok.children)
    ):
        # "told a meeting of island leaders that few people understood ...": the
        # that-clause hung on the listeners is what was told
        return _with_but(tok, [t for t in that.head.subtree if t.i >= that.i])
    mark = next((m for m in tok.children if m.dep_ == "mark"), None)
    if tok.dep_ == "advcl" and mark is not None and mark.lower_ == "as" and tok.head.i != tok.i:
        # "Hawaii, as one of his advisers pointed out, normally does not get ...": the
        # clause the as-clause comments on (the parser may hang it on the subject)
        head = tok.head if tok.head.dep_ not in ("nsubj", "nsubjpass") else tok.head.head
        if head.pos_ in ("VERB", "AUX") and inq[head.i] < 0:
            lo, hi = tok.left_edge.i, tok.right_edge.i  # one span: the longer side
            before = [t for t in head.subtree if t.i < lo and t.sent == tok.sent]
            after = [t for t in head.subtree if t.i > hi and t.sent == tok.sent]
            return max(before, after, key=len) or None
    if c.content == "clause+object" or (broad and c.cls == "evaluate"):
        obj = next((x for x in tok.children if x.dep_ == "dobj"), None)
        if (
            obj is not None
            and obj.pos_ in ("NOUN", "PROPN")
            and obj.lower_ not in ("it", "this", "that")
            and not _anaphoric(obj)
        ):
            toks = list(obj.subtree)
            xc = next((x for x in tok.children if x.dep_ == "xcomp" and x.i > obj.i), None)
            if xc is not None:
                toks += list(xc.subtree)
            return toks
    if tok.dep_ == "parataxis" and tok.head.i != tok.i:
        # "An immediate cease-fire, he said, is the surest way ..."
        head = tok.head
        if inq[head.i] >= 0:
            return None  # "..., he said, "It happened ...": the direct quote reports it
        drop = {t.i for t in tok.subtree}
        return [t for t in head.subtree if t.sent == tok.sent and t.i not in drop]
    return None


def _between(a: Token, b: Token) -> str:
    """The text between two tokens."""
    lo, hi = sorted((a, b), key=lambda t: t.i)
    return doc_text(a.doc)[lo.idx + len(lo) : hi.idx]


def _charge(tok: Token) -> list[Token] | None:
    """What an evaluating verb says of its object: "accused the network of violating its
    franchise", "blamed Y for Z", "cited the move as a grave abuse" (the object and the
    charge), "described witnessing 35 bodies" (a gerund). Without such a phrase
    ("criticized the plan") it reports no proposition."""
    obj = next((x for x in tok.children if x.dep_ == "dobj"), None)
    if obj is None:
        return None
    if obj.tag_ == "VBG":
        return list(obj.subtree)
    if obj.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    prep = next(
        (
            x
            for x in list(tok.children) + list(obj.children)
            if x.dep_ == "prep"
            and x.i > obj.i
            and (x.lower_ in ("for", "as") or (x.lower_ == "of" and tok.lemma_ in ACCUSE))
        ),
        None,
    )
    if prep is None or not any(x.dep_ in ("pobj", "pcomp") for x in prep.children):
        return None
    return sorted({*obj.subtree, *prep.subtree}, key=lambda t: t.i)


ACCUSE = {"accuse", "suspect", "convict"}  # "accused Y of Z"; "condemned the act of X" is no charge


def _infinitive(tok: Token, after: int) -> Token | None:
    """A to-infinitive clause of ``tok`` after token ``after`` ("urged X to vote")."""
    for x in tok.children:
        if (
            x.dep_ in ("xcomp", "advcl", "ccomp")
            and x.i > after
            and x.pos_ in ("VERB", "AUX")
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children)
        ):
            return x
    return None


def _sentence_before(comp: Token, cue: Token, toks: list[Token], inq: list[int]) -> list[Token]:
    """What was said before a cue that closes it ("A, but B, another source said"): the
    whole sentence up to the cue's clause, not only the clause the parser hung on it."""
    subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > comp.i]
    stop = min([c.left_edge.i for c in subj] + [cue.i])
    ids = {t.i for t in toks}
    out = [t for t in comp.sent if t.i < stop]
    if any(t.i >= stop for t in toks) or any(inq[t.i] >= 0 for t in out if t.i not in ids):
        return toks  # a direct quote before the cue reports itself
    return out


def _drop_asides(toks: list[Token]) -> list[Token]:
    """Drop a narrator's aside at the end of what was said: ", the presumed Putin
    favorite" (an apposition to a name). "A dividend of 12 cts, the regular dividend it
    pays" is still what was said, and so is a closing ", which ..." (as often the
    speaker's words as the writer's)."""
    if not toks:
        return toks
    end = max(t.i for t in toks)
    ids = {t.i for t in toks}
    doc = toks[0].doc
    for t in toks:
        if (
            t.dep_ == "appos"
            and t.head.pos_ == "PROPN"
            and t.head.i in ids
            and t.right_edge.i == end
            and t.left_edge.i > 0
            and doc[t.left_edge.i - 1].text == ","
        ):
            kept = [x for x in toks if x.i < t.left_edge.i - 1]
            if len(kept) >= 3:
                return kept
    return toks


CONTEXT_WORDS = {"after", "before", "following"}
_RESULT_MARKS = {"so", "because"}  # a result or reason the speaker gave


def _drop_context(head: Token, toks: list[Token]) -> list[Token]:
    """Drop a trailing "after ..." / "before ..." from reported content: the parser hangs
    it on the nearest verb, but in news it mostly dates the report, not what was said."""
    end = max(t.i for t in toks)
    for c in head.rights:
        if c.right_edge.i != end:
            continue
        word = c if c.dep_ == "prep" else next((m for m in c.children if m.dep_ == "mark"), None)
        if (
            c.dep_ in ("prep", "advcl")
            and word is not None
            and word.lower_ in CONTEXT_WORDS
            and word.i == c.left_edge.i
        ):
            drop = {t.i for t in c.subtree}
            kept = [t for t in toks if t.i not in drop]
            if len(kept) >= 3:
                return kept
    return toks


def _with_but(cue: Token, toks: list[Token]) -> list[Token]:
    """Add a ", but ..." clause that the parser hung on the cue's clause instead."""
    end = max(t.i for t in toks)
    doc = cue.doc
    for x in cue.head.children if cue.dep_ != "ROOT" else cue.children:
        if (
            x.dep_ == "conj"
            and x.i > end
            and x.left_edge.i <= end + 3
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in x.children)
            and x.lemma_.lower() not in load_lexicon().verbs
        ):
            gap = doc[end + 1 : x.left_edge.i]
            if any(t.lower_ in ("but", "and") for t in gap) and all(
                t.is_punct or t.lower_ in ("but", "and") for t in gap
            ):
                return toks + list(x.subtree)
    return toks


def _joined(doc: Doc, toks: list[Token], x: Token) -> bool:
    """``x`` is a second clause of what was said, joined to it by "and" or "but" ("said
    Trump has respect for the military and his comment was an expression of ..."): it
    starts right after the content, has a subject of its own and is no speech verb."""
    end = max(t.i for t in toks)
    if x.lemma_.lower() in load_lexicon().verbs or x.left_edge.i <= end:
        return False
    gap = doc[end + 1 : x.left_edge.i]
    if not gap:  # "A and his comment was B": the parser gave B's subject to A
        return any(
            t.lower_ in ("and", "but")
            and t.dep_ == "cc"
            and any(
                k.dep_ == "conj" and k.i > t.i and k.right_edge.i == end for k in t.head.children
            )
            for t in toks
        )
    return (
        len(gap) <= 2
        and any(t.lower_ in ("and", "but") for t in gap)
        and all(t.is_punct or t.lower_ in ("and", "but") for t in gap)
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in x.children)
    )


def _anaphoric(obj: Token) -> bool:
    """ "the measure", "this decision": an object that points back, with nothing new in it."""
    kids = list(obj.children)
    det = any(
        k.dep_ == "det" and k.lower_ in ("the", "this", "that", "these", "those") for k in kids
    )
    return det and not any(
        k.dep_ in ("amod", "compound", "nummod", "poss", "acl", "relcl") for k in kids
    )


def _is_cue_verb(t: Token) -> bool:
    from dyad.extract.quotes.cues import load_lexicon

    lex = load_lexicon()
    entry = lex.verbs.get(t.lemma_.lower())
    return (
        entry is not None
        and entry[0] == "speech"
        and not any(c.dep_ == "neg" for c in t.children)  # "the videos do not show whether"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        and any(c.dep_ == "ccomp" for c in t.children)
    )


def _speech_head(c: Cue) -> set[int]:
    from dyad.extract.quotes.cues import load_lexicon

    lex = load_lexicon()
    h = c.token.head
    entry = lex.verbs.get(h.lemma_.lower())
    speech = entry is not None and entry[0] in ("speech", "request")
    return {h.i} if speech or h.lemma_.lower() in lex.verb_preps else set()


def _trim(doc: Doc, toks: list[Token]) -> tuple[int, int]:
    """A contiguous token range from the content tokens, minus leading links and end punctuation."""
    words = [t for t in toks if not (t.is_punct or t.is_space)] or toks
    lo = min(t.i for t in words)
    hi = max(t.i for t in words) + 1
    ids = {t.i for t in toks}
    closing = "\"”’'"
    if hi + 1 < len(doc) and doc[hi].text in ",." and doc[hi + 1].text in closing and hi + 1 in ids:
        hi += 2  # keep a closing quotation mark: ... responsibilities,"
    elif hi < len(doc) and doc[hi].text in closing and hi in ids:
        hi += 1
    while lo < hi and (
        (doc[lo].lower_ in TRIM_LEAD and not (doc[lo].lower_ == "that" and doc[lo].dep_ == "det"))
        or doc[lo].is_space
        or (doc[lo].is_punct and doc[lo].text not in '"“‘')
    ):
        lo += 1
    while hi > lo and (
        doc[hi - 1].is_space
        or doc[hi - 1].text in ",;:—–-."
        or doc[hi - 1].lower_ in ("and", "but")
    ):
        hi -= 1
    return lo, _close_mark(doc, lo, hi)


def _close_mark(doc: Doc, lo: int, hi: int) -> int:
    """Extend ``hi`` over the closing quotation mark of a quote that the content opens
    and does not close (`was “unhinged, even for him.”`: the parser hangs the final
    period and mark on the cue), so a partial quote lies inside the content around it."""
    marks = [t.text for t in doc[lo:hi] if t.text in ('"', "''", "“", "”")]
    curly_open = marks.count("“") > marks.count("”")
    straight_open = (marks.count('"') + marks.count("''")) % 2 == 1
    if not (curly_open or straight_open):
        return hi
    closers = ("”",) if curly_open else ('"', "''")
    for j in range(hi, min(hi + 3, len(doc))):
        if doc[j].text in closers:
            return j + 1
        if not doc[j].is_punct or doc[j].text not in ",.!?":
            break
    return hi
