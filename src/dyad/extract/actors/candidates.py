"""The names an article mentions: spaCy's entities merged with the gazetteer's hits,
surnames spaCy missed and names from the user's actor file."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.matcher import PhraseMatcher

from dyad import knowledge as kb
from dyad.extract.actors import gazetteer as gz
from dyad.extract.actors.article import ArticleState
from dyad.extract.actors.memory import Surnames, known_people, learned, user_actors
from dyad.extract.actors.names import fold, name_words, surname_key
from dyad.extract.actors.phrases import agent_phrase
from dyad.extract.actors.syntax import Cand, clean_span, make_doc
from dyad.extract.actors.words import (
    COMPANY_FORMS,
    GIVEN_NAMES,
    HONORIFICS,
    NAME_STYLES,
    ORG_WORDS,
    ROYAL_STYLES,
)
from dyad.extract.lookup import span_text


def candidates(art: ArticleState) -> list[Cand]:
    """Every name the article mentions outside its headline copy and credits, in text
    order; gazetteer names inside longer names go to ``art.inner``."""
    doc = art.doc
    ents: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            continue
        if art.skipped(ent.start_char):
            continue  # a repeated headline, a byline, "(Reporting by ...)", a caption line
        s, e = clean_span(doc, ent.start, ent.end, art.all_toks)
        s, label = _titled_person(art, s, e, ent.label_)
        if label == "PERSON":
            s = _past_title(art, s, e)
            s = _given_name_before(art, s)
            e = _hyphen_tail(art, e)
        if s >= e:
            continue
        ents.extend(_split_of(art, Cand(s, e, label)))
    ents = _join_split_names(art, ents)
    ents = _dictionary_names(art, ents)
    ents.extend(_styled_names(art, ents))
    ents.extend(_untagged_orgs(art, ents))
    ents.extend(_known_names(art, ents))
    ents.extend(_user_names(art, ents))
    by_tok: dict[int, Cand] = {}
    for c in ents:
        for i in range(c.start, c.end):
            by_tok[i] = c
    out = list(ents)
    hits = gz.hits(doc)
    # "the Amazon rainforest": in this article the name is a region's, not the firm's
    toks = art.all_toks
    regional = {
        doc[h.start : h.end].text
        for h in hits
        if h.kind == "org" and h.end < len(toks) and toks[h.end].lower_ in _GEO_NOUNS
    }
    if regional:
        out = [c for c in out if c.text(doc) not in regional]
        by_tok = {i: c for i, c in by_tok.items() if c.text(doc) not in regional}
    for h in hits:
        if art.skipped(doc[h.start].idx) or _inside_longer_name(art, h):
            continue
        if regional and h.kind == "org" and doc[h.start : h.end].text in regional:
            continue
        inside = {id(by_tok[i]): by_tok[i] for i in range(h.start, h.end) if i in by_tok}
        if not inside:
            if _accept_gaz(art, h):
                out.append(Cand(h.start, h.end, "GAZ", h))
            continue
        covers = all(c.start >= h.start and c.end <= h.end for c in inside.values())
        if covers:
            for c in inside.values():
                if c in out:
                    out.remove(c)
            out.append(Cand(h.start, h.end, next(iter(inside.values())).label, h))
        else:
            c = next(iter(inside.values()))
            if len(inside) == 1 and c.start == h.start and c.end == h.end:
                c.gaz = h
            elif h.kind in ("country", "demonym", "capital", "org"):
                # inside a longer name ("Federal Aviation Office of Germany")
                inner = Cand(h.start, h.end, "INNER", h, kind=h.kind, value=h.value)
                art.inner.append(inner)
    out.sort(key=lambda c: c.start)
    return out


@lru_cache(maxsize=1)
def _party_first_words() -> frozenset[str]:
    """First words of the parties' names and aliases in our files ("Lib", "Tory")."""
    return frozenset(
        n.split()[0]
        for o in kb.load().orgs
        if o.sector == "PTY"
        for n in (o.name, *o.aliases)
        if n.strip()
    )


def _past_title(art: ArticleState, s: int, e: int) -> int:
    """A person's name tagged with its title ("Taoiseach Leo Varadkar", "Presidential
    Spokesperson Harry Roque", "Queen Elizabeth II"): the name starts after the title,
    which is then read as a title."""
    toks = art.all_toks
    i = s
    words = gz.agent_words()
    # "Fellow Lib Dem Norman Baker", "Tory Edward Turnour": a party before the name
    j = i + (toks[i].lower_ in ("fellow", "former"))
    for n in (2, 1) if toks[j].text in _party_first_words() else ():
        if e - (j + n) >= 2 and all(t.is_title for t in toks[j : j + n]):
            o = kb.org_by_name(" ".join(t.text for t in toks[j : j + n]))
            if o is not None and o.sector == "PTY":
                i = j + n
                break
    party_end = i
    while e - i > 1 and (toks[i].is_title or toks[i].is_upper and toks[i].lower_ in words):
        low = toks[i].lower_
        if low in words or (toks[i].pos_ in ("ADJ", "PROPN") and toks[i + 1].lower_ in words):
            i += 1
            continue
        break
    if i == s or not toks[i].is_title or toks[i].lower_ in words:
        return party_end if toks[party_end].is_title else s
    return i


def _titled_person(art: ArticleState, s: int, e: int, label: str) -> tuple[int, str]:
    """ "the Presidential Spokesperson Harry Roque" tagged ORG: a title, then two or three
    words that begin with a given name, are a person."""
    if label != "ORG":
        return s, label
    s2 = _past_title(art, s, e)
    if s2 > s and 2 <= e - s2 <= 3:
        first = fold(art.all_toks[s2].text).lower()
        if first in GIVEN_NAMES or first in kb.dictionary_given_names():
            return s2, "PERSON"
    return s, label


def _join_split_names(art: ArticleState, ents: list[Cand]) -> list[Cand]:
    """One name spaCy cut in two: a person's ("Zine El Abidine" + "Ben Ali"), a firm's
    ("HDT" + "Védelmi Ipari Kft"), an organisation's at "for" or "of" ("Tunisian League"
    + "for the" + "Defence of Human Rights"), whose first part ends in an organisation word,
    or at "and" ("Department for Education" + "Skills", "Public" + "Commercial Services
    Union")."""
    doc = art.doc
    out: list[Cand] = []
    for c in ents:
        prev = out[-1] if out else None
        if prev is None:
            out.append(c)
            continue
        gap = [t.lower_ for t in doc[prev.end : c.start]]
        if prev.label == c.label == "PERSON" and not gap:
            out[-1] = Cand(prev.start, c.end, "PERSON")
        elif (
            not gap
            and "ORG" in (prev.label, c.label)
            and doc[c.end - 1].lower_.strip(".") in COMPANY_FORMS
        ):
            out[-1] = Cand(prev.start, c.end, "ORG")
        elif (
            prev.label == c.label == "ORG"
            and gap in (["for"], ["of"], ["for", "the"], ["of", "the"])
            and doc[prev.end - 1].lower_ in ORG_WORDS
        ):
            out[-1] = Cand(prev.start, c.end, "ORG")
        elif (
            prev.label == c.label == "ORG"
            and gap == ["and"]
            and (
                # "Department for Education" + "and" + "Skills"
                (
                    c.end - c.start == 1
                    and {"for", "of"} & {t.lower_ for t in doc[prev.start : prev.end]}
                )
                # "Public" + "and" + "Commercial Services Union"
                or (prev.end - prev.start == 1 and doc[c.end - 1].lower_ in ORG_WORDS)
            )
            and not kb.org_by_name(doc[prev.start : prev.end].text)
            and not kb.org_by_name(doc[c.start : c.end].text)
        ):
            out[-1] = Cand(prev.start, c.end, "ORG")
        else:
            out.append(c)
    return out


def _dictionary_names(art: ArticleState, ents: list[Cand]) -> list[Cand]:
    """Full names of the actor dictionary that spaCy missed or mistyped ("Nicolás Maduro"
    as WORK_OF_ART, "Presidents Muhammadu Buhari of" lost): runs of two to four capitalised
    words, looked up whole; a hit replaces what overlaps it."""
    people = {i for c in ents if c.label == "PERSON" for i in range(c.start, c.end)}
    runs: list[list[int]] = []
    for t in art.toks:
        if not t.is_title or t.pos_ != "PROPN" or t.i in people:
            continue
        if runs and runs[-1][-1] == t.i - 1:
            runs[-1].append(t.i)
        else:
            runs.append([t.i])
    found: list[Cand] = []
    dictionary = known_people()
    for run in runs:
        i = run[0]
        while i < run[-1]:
            for n in range(min(4, run[-1] + 1 - i), 1, -1):
                if dictionary.has_full_name(span_text(art.doc, i, i + n)):
                    found.append(Cand(i, i + n, "PERSON"))
                    i += n - 1
                    break
            i += 1
    if not found:
        return ents
    covered = {i for c in found for i in range(c.start, c.end)}
    kept = [c for c in ents if not any(i in covered for i in range(c.start, c.end))]
    return sorted([*kept, *found], key=lambda c: c.start)


# styles that come before a person's name only ("Princess Ubolratana Mahidol")
_STYLES = ROYAL_STYLES | NAME_STYLES
_NOT_NAMES = frozenset({"consort", "regent", "emeritus", "royal"})
_STYLE_RE = re.compile(r"\b(?:" + "|".join(w.title() for w in sorted(_STYLES)) + r")\b")


def _styled_names(art: ArticleState, ents: list[Cand]) -> list[Cand]:
    """A person's name spaCy did not tag after a style ("Princess Ubolratana Mahidol",
    "Princess Ubolratana"): one to three capitalised proper nouns outside any entity, none
    a title word, country or demonym."""
    if not _STYLE_RE.search(art.text):
        return []  # the quick test: no style word in the article
    taken = {i for c in ents for i in range(c.start, c.end)}
    toks = art.toks
    out = []
    words = gz.agent_words()
    for k, t in enumerate(toks):
        if not t.is_title or t.lower_ not in _STYLES or t.i + 1 in taken:
            continue
        run = []
        for u in toks[k + 1 : k + 4]:
            if (
                u.i in taken
                or u.pos_ != "PROPN"
                or not u.is_title
                or not u.is_alpha
                or len(u.text) < 3
                or u.ent_type_
                or u.lower_ in words
                or u.lower_ in _NOT_NAMES
                or kb.country_by_any(u.text)
            ):
                break
            run.append(u.i)
        nxt = art.all_toks[run[-1] + 1] if run and run[-1] + 1 < len(art.all_toks) else None
        if nxt is not None and (nxt.i in taken or nxt.ent_type_ or nxt.is_title):
            continue  # "Cardinal Cormac Murphy O'Connor": where the name ends is unclear
        if run:
            out.append(Cand(run[0], run[-1] + 1, "PERSON"))
            taken.update(run)
    return out


def _given_name_before(art: ArticleState, s: int) -> int:
    """A given name spaCy left out of the name ("Laurent" of "Laurent Gbagbo"): one
    capitalised proper noun right before, outside any entity, that is no title word."""
    if s == 0:
        return s
    t = art.all_toks[s - 1]
    if (
        t.tag_ == "NNP"
        and t.is_title
        and not t.ent_type_
        and t.lower_ not in gz.agent_words()
        and t.lower_.rstrip(".") not in HONORIFICS
        and not kb.country_by_any(t.text)
        and t.idx >= art.head_end
    ):
        return s - 1
    return s


def _hyphen_tail(art: ArticleState, e: int) -> int:
    """ "Chan" of "Chan-o-cha": a name spaCy cut at a hyphen goes on to the word's end."""
    toks = art.all_toks
    while (
        e + 1 < len(toks)
        and toks[e].text == "-"
        and not toks[e - 1].whitespace_
        and not toks[e].whitespace_
        and toks[e + 1].is_alpha
    ):
        e += 2
    return e


_GEO_NOUNS = frozenset(
    {"rainforest", "forest", "river", "basin", "jungle", "delta", "valley", "region"}
)


def _split_of(art: ArticleState, c: Cand) -> list[Cand]:
    """ "Associates of Navalny", "Leaders of African Union" tagged ORG: a group noun or a
    plural title, and the name after "of"."""
    doc = art.doc
    if c.label != "ORG":
        return [c]
    # "Germany Richard Grenell" (after "Ambassador to"): a country, then a person
    words = [t.text for t in doc[c.start : c.end]]
    for n in (3, 2, 1):
        if len(words) - n < 2 or len(words) - n > 3:
            continue
        if kb.country_by_name(" ".join(words[:n])) and all(
            w[:1].isupper() and w.lower() not in ORG_WORDS and w.lower() not in gz.agent_words()
            for w in words[n:]
        ):
            return [Cand(c.start + n, c.end, "PERSON")]
    for i in range(c.start + 1, c.end - 1):
        if doc[i].lower_ != "of":
            continue
        head = doc[i - 1]
        a = agent_phrase(art, head)
        plural_title = a is not None and a[0].role == "title" and head.tag_ == "NNS"
        if a is None or (a[0].role not in ("group", "government") and not plural_title):
            return [c]  # "Leaders of African Union": the union; "Secretary of State" stays
        return [Cand(i + 1, c.end, "ORG")]
    return [c]


_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)


def _month_context(art: ArticleState, i: int) -> bool:
    """Whether a month's name at token ``i`` reads as the month: a number beside it, or
    "in", "for", "by", "until", "since", "from", "before", "after", "next", "last" or
    "early/mid/late" before it."""
    toks = art.all_toks
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if (prev is not None and prev.like_num) or (nxt is not None and nxt.like_num):
        return True
    return prev is not None and prev.lower_ in (
        "in", "for", "by", "until", "since", "from", "before", "after", "next", "last",
        "early", "mid", "late", "of", "during", "this",
    )  # fmt: skip


def _known_names(art: ArticleState, ents: list[Cand]) -> list[Cand]:
    """Surnames spaCy missed ("Gates said ..."): of a full name in this article, or of
    a person known from earlier articles, the database or the user's file."""
    doc = art.doc
    keys: set[str] = set()
    for c in ents:
        if c.label == "PERSON":
            ws = name_words(doc[c.start : c.end].text)
            if len(ws) >= 2:
                keys.add(surname_key(" ".join(ws)))
    remembered = Surnames(set(), learned(art.ctx), user_actors(art.ctx))
    taken = {i for c in ents for i in range(c.start, c.end)}
    out = []
    for t in art.toks:
        if t.i in taken or t.pos_ not in ("PROPN", "NOUN") or not t.is_title:
            continue
        if t.ent_type_ in ("DATE", "TIME") or (t.lower_ in _MONTHS and _month_context(art, t.i)):
            continue  # "the expected 5 May election", "tipped for May": a month, not Mrs May
        if t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].pos_ == "PROPN":
            continue  # part of a longer name
        if t.pos_ == "PROPN" and not t.is_sent_start or t.dep_ == "nsubj":
            k = learned(art.ctx).find(t.text, art.rec.published)
            if k is not None and k.kind == "org" and len(t.text) > 2:
                out.append(Cand(t.i, t.i + 1, "ORG"))  # "Rudaw", placed by an earlier article
                continue
        key = surname_key(t.text)
        # a surname of this article's people; one remembered from elsewhere only as a
        # proper noun ("Gates were closed" is no person)
        if key in keys or (key in remembered and t.pos_ == "PROPN"):
            out.append(Cand(t.i, t.i + 1, "PERSON"))
    return out


def _user_names(art: ArticleState, ents: list[Cand]) -> list[Cand]:
    """Names from the user's actor file that spaCy did not tag."""
    mem = user_actors(art.ctx)
    if not mem.by_name:
        return []
    path = art.ctx.settings.actors_file

    def make() -> tuple[PhraseMatcher, dict[str, str]]:
        m = PhraseMatcher(art.doc.vocab, attr="ORTH")
        kinds: dict[str, str] = {}
        for ks in mem.by_name.values():
            for k in ks:
                for n in (k.name, *k.aliases):
                    key = "USER|" + k.kind
                    kinds[key] = k.kind
                    m.add(key, [make_doc(art.doc, n)])
        return m, kinds

    matcher, kinds = art.ctx.resource(f"user_matcher:{path}:{id(art.doc.vocab)}", make)
    taken = {i for c in ents for i in range(c.start, c.end)}
    out = []
    for mid, s, e in sorted(matcher(art.doc), key=lambda x: (x[1], -x[2])):
        if any(i in taken for i in range(s, e)) or art.doc[s].idx < art.head_end:
            continue
        kind = kinds.get(art.doc.vocab.strings[mid], "org")
        out.append(Cand(s, e, "USER", kind="person" if kind == "person" else "org"))
        taken.update(range(s, e))
    return out


def _untagged_orgs(art: ArticleState, ents: list[Cand]) -> list[Cand]:
    """Capitalised names ending in an organisation word spaCy missed ("X Foundation")."""
    doc = art.doc
    taken = {i for c in ents for i in range(c.start, c.end)}
    out = []
    for t in art.toks:
        if t.i in taken or not t.is_title or t.lower_ not in ORG_WORDS or t.i == 0:
            continue
        j = t.i - 1
        while (
            j >= 0
            and j not in taken
            and (
                doc[j].is_title
                or (doc[j].lower_ in ("of", "for", "and", "the") and doc[j - 1].is_title)
            )
        ):
            j -= 1
        s = j + 1
        while s < t.i and (not doc[s].is_title or doc[s].lower_ in ("the", "a", "an")):
            s += 1
        if s + 2 < t.i and doc[s].tag_ == "NNS" and doc[s].lemma_.lower() in gz.agent_words():
            if doc[s + 1].lower_ == "of":  # "Leaders of African Union": the union
                s += 2
                while s < t.i and not doc[s].is_title:
                    s += 1
        if t.i - s >= 1:
            out.append(Cand(s, t.i + 1, "ORG"))
            taken.update(range(s, t.i + 1))
    return out


def _inside_longer_name(art: ArticleState, h: gz.GazHit) -> bool:
    """A country or city name that is the end of a longer proper name ("New South
    Wales", "New Mexico"): the capitalised word before it is no title or function word."""
    if h.kind == "org" or h.start == 0:
        return False
    prev = art.doc[h.start - 1]
    if not prev.is_title or prev.is_sent_start or prev.ent_type_ in ("", "DATE", "TIME"):
        return False
    low = prev.lower_
    if low in gz.agent_words() or low in ("the", "of", "and"):
        return False
    return prev.ent_iob_ == "I" or (prev.ent_iob_ == "B" and art.doc[h.start].ent_iob_ == "I")


def _accept_gaz(art: ArticleState, h: gz.GazHit) -> bool:
    """A gazetteer match spaCy did not tag: accept unless it is a lone common word."""
    span = art.doc[h.start : h.end]
    if h.kind in ("country", "demonym") and span[0].is_title or span.text.isupper():
        return True
    if len(span) > 1 or kb.is_acronym(span.text):
        return True
    if h.kind == "capital":
        nxt = art.doc[h.end] if h.end < len(art.doc) else None
        return bool(
            span[0].is_title
            and (
                span.root.dep_ == "nsubj"  # "Kyiv denied the claim"
                or nxt is not None
                and (nxt.lower_ in gz.agent_heads() or nxt.lemma_.lower() in gz.agent_heads())
            )
        )  # "Kyiv police"
    if h.kind == "org" and span[0].is_title and span[0].is_sent_start:
        # "Labour's manifesto ...", "Labour said ...": a known name as possessor or subject;
        # "Labour MP Tom Watson": before a title
        nxt = art.doc[h.end] if h.end < len(art.doc) else None
        return bool(
            (
                nxt is not None
                and (
                    nxt.text in ("'s", "’s")
                    or nxt.lower_ in gz.agent_heads()
                    or nxt.ent_type_ == "PERSON"  # "Tory Edward Turnour"
                )
            )
            or span.root.dep_ == "nsubj"
        )
    return span[0].is_title and not span[0].is_sent_start
