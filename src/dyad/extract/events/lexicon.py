"""The event lexicon: our own verb and noun patterns, loaded once and matched per token.

``lexicon/events.tsv`` maps patterns to a PLOVER type, mode and CAMEO code (see the
file's header for the pattern language); ``lexicon/cameo.tsv`` gives each CAMEO code's
name, quad class and Goldstein value. :func:`load` parses both; :class:`Lexicon`
compiles the trigger lemmas into one spaCy ``Matcher`` and checks an entry's extra
words (prepositions, particles, object lists) against the parse of each candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from dyad.contract import Context
from dyad.extract.events.words import words
from dyad.vocab import PLOVER_TYPES

# nouns that measure out another: "25,000 tons of aid", "700 kg of medicine"
MEASURE_NOUNS = words("measure_nouns")
# dependency labels of a verb's children that a pattern word may name
PREP_DEPS = {"prep", "prt", "agent", "dative", "advmod", "mark"}
OBJ_DEPS = {"dobj", "prt", "attr", "oprd", "advmod", "npadvmod", "acomp", "nsubjpass", "dative"}


@dataclass(frozen=True)
class Part:
    """One word of a verb pattern after the lemma: a preposition or an object list."""

    word: str | None = None  # a preposition or particle
    objs: frozenset[str] | None = None  # allowed object lemmas
    particle: bool = False  # "give in!": a particle, never a preposition with an object


@dataclass
class Entry:
    """One lexicon line."""

    id: str
    type: str
    mode: str | None
    cameo: str
    kind: str  # V or N
    lemma: str
    parts: tuple[Part, ...] = ()
    mods: tuple[str, ...] = ()  # nouns: words that must come right before the head
    flags: frozenset[str] = field(default_factory=frozenset)
    line: int = 0

    @property
    def specificity(self) -> int:
        return 2 * (len(self.parts) + len(self.mods)) + sum(1 for p in self.parts if p.objs)

    @property
    def symmetric(self) -> bool:
        return "sym" in self.flags

    @property
    def pattern(self) -> str:
        words = [*self.mods, self.lemma]
        for p in self.parts:
            if p.word:
                words.append(p.word + ("!" if p.particle else ""))
            else:
                words.append("{" + "|".join(sorted(p.objs or ())) + "}")
        return " ".join(words)


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb lemma (irregular ones come from the lemmatizer)."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if (
        len(lemma) >= 3
        and lemma[-1] not in "aeiouwxy"
        and lemma[-2] in "aeiou"
        and lemma[-3] not in "aeiou"
    ):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def base_lemma(tok: Token, known: set[str] | frozenset[str]) -> str:
    """The token's lemma, or the known verb it inflects when the lemmatizer slipped."""
    lem = tok.lemma_.lower()
    if lem in known:
        return lem
    low = tok.lower_
    for cand in (low, low[:-1], low[:-2], low[:-3], low[:-3] + "e", low[:-4]):
        if cand in known and low in verb_forms(cand):
            return cand
    return lem


def _lexicon_path(name: str) -> Path:
    return Path(str(resources.files("dyad") / "lexicon" / name))


def parse_pattern(kind: str, pattern: str) -> tuple[str, tuple[Part, ...], tuple[str, ...]]:
    """Split a pattern into (head lemma, parts after it, modifiers before it)."""
    words = pattern.split()
    if kind == "N":
        return words[-1].lower(), (), tuple(w.lower() for w in words[:-1])
    lemma, parts = words[0].lower(), []
    for w in words[1:]:
        if w.startswith("{") and w.endswith("}"):
            parts.append(Part(objs=frozenset(x.lower() for x in w[1:-1].split("|"))))
        elif w.endswith("!"):
            parts.append(Part(word=w[:-1].lower(), particle=True))
        else:
            parts.append(Part(word=w.lower()))
    return lemma, tuple(parts), ()


def read_entries(path: Path | None = None) -> list[Entry]:
    """Read ``events.tsv`` (or a user's file in the same format)."""
    path = path or _lexicon_path("events.tsv")
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) < 5:
            raise ValueError(f"{path}:{n}: expected 5 or 6 tab-separated columns")
        etype, mode, cameo, kind, pattern = (c.strip() for c in cols[:5])
        flags = (
            frozenset(f.strip() for f in cols[5].split(",") if f.strip())
            if len(cols) > 5
            else frozenset()
        )
        if etype not in PLOVER_TYPES and etype != "NONE":
            raise ValueError(f"{path}:{n}: unknown PLOVER type {etype!r}")
        if kind not in ("V", "N"):
            raise ValueError(f"{path}:{n}: kind must be V or N, not {kind!r}")
        lemma, parts, mods = parse_pattern(kind, pattern)
        words = pattern.replace("|", "-").replace("{", "").replace("}", "").replace("!", "")
        base = f"{etype.lower()}.{kind.lower()}.{'_'.join(words.split())}"
        seen[base] = seen.get(base, 0) + 1
        eid = base if seen[base] == 1 else f"{base}.{seen[base]}"
        entries.append(Entry(eid, etype, mode or None, cameo, kind, lemma, parts, mods, flags, n))
    return entries


# which CAMEO 2.0 dictionary patterns (events_cameo.tsv) join ours as triggers: "missing"
# = only for trigger lemmas our lexicon lacks, "specific" = those that name an object,
# "all" = every one (ours win ties), "none". Measured on the dev gold, each tier cost more
# precision than it won recall (docs/events.md), so none are on; the patterns train the
# type model instead.
CAMEO_TIER = "none"


def default_entries() -> list[Entry]:
    """Our own entries, then the CAMEO 2.0 patterns (``events_cameo.tsv``) where they add."""
    ours = read_entries()
    path = _lexicon_path("events_cameo.tsv")
    if CAMEO_TIER == "none" or not path.exists():
        return ours
    have = {(e.kind, e.lemma) for e in ours}
    pats = {(e.kind, e.pattern) for e in ours}
    extra = []
    for e in read_entries(path):
        if (e.kind, e.pattern) in pats:
            continue
        if CAMEO_TIER == "missing" and (e.kind, e.lemma) in have:
            continue
        if CAMEO_TIER == "specific" and not any(p.objs for p in e.parts):
            continue
        e.id = "cameo." + e.id
        e.line += 200_000
        e.flags = e.flags | {"cameo"}
        extra.append(e)
    return ours + extra


def _children_words(tok: Token) -> list[Token]:
    out = [c for c in tok.children if c.dep_ in PREP_DEPS]
    # "called for the killers to be brought to justice": "for" marks the clause
    for c in tok.children:
        if c.dep_ in ("ccomp", "advcl", "xcomp") and c.i > tok.i:
            out += [m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"]
    return out


def _object_of(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("pobj", "pcomp")]


def _match_parts(verb: Token, parts: tuple[Part, ...]) -> dict[str, Token] | None:
    """Check a verb pattern's words against the parse; return the tokens they matched.

    Tries every way the words can attach ("On October 6 ... spoke on the phone" has two
    "on"s), so a pattern fails only when no reading fits.
    """
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)

    def go(k: int, prev_prep: Token | None, used: frozenset[int]) -> dict[str, Token] | None:
        if k == len(parts):
            return {}
        part = parts[k]
        if part.word is not None:
            pool = _children_words(verb)
            if dobj is not None:
                pool += _children_words(dobj)
            if prev_prep is not None:  # "pull out of": "of" may hang off "out"
                pool += _children_words(prev_prep)
            for hit in pool:
                if hit.i in used or hit.lower_ != part.word or hit.i < verb.i:
                    continue  # ("On Thursday, Macron called for ..." is no "call on")
                if (
                    part.particle
                    and hit.dep_ == "prep"
                    and any(c.dep_ == "pobj" for c in hit.children)
                ):
                    continue  # "giving it access in Delaware" is no "give in!"
                nxt = hit if hit.dep_ in ("prep", "agent", "prt") else None
                rest = go(k + 1, nxt, used | {hit.i})
                if rest is not None:
                    rest.setdefault("prep", hit)
                    return rest
            return None
        objs = part.objs or frozenset()
        if prev_prep is not None and prev_prep.dep_ != "prt":
            pool = _object_of(prev_prep)
        else:
            pool = [c for c in verb.children if c.dep_ in OBJ_DEPS]
        # "handed over 700 kg of medicine": the measured noun stands for the measure
        for c in list(pool):
            if c.lemma_.lower() in MEASURE_NOUNS:
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ == "of":
                        pool += _object_of(p)
        for hit in pool:
            if hit.i in used or not (hit.lemma_.lower() in objs or hit.lower_ in objs):
                continue
            rest = go(k + 1, None, used | {hit.i})
            if rest is not None:
                rest["obj"] = hit
                return rest
        return None

    try:
        return go(0, None, frozenset({verb.i}))
    finally:
        go = None  # `go` refers to itself: a cycle that kept each article's Doc until a full gc


def _match_mods(head: Token, mods: tuple[str, ...]) -> bool:
    """Do the words right before the head noun read ``mods`` (hyphens skipped)?"""
    if not mods:
        return True
    doc = head.doc
    i = head.i - 1
    for want in reversed(mods):
        while i >= 0 and doc[i].text in ("-", "–"):
            i -= 1
        if i < 0:
            return False
        t = doc[i]
        if t.lemma_.lower() != want and t.lower_ != want:
            return False
        i -= 1
    return True


@dataclass
class Match:
    entry: Entry
    token: Token
    found: dict[str, Token]


class Lexicon:
    """The compiled lexicon: a Matcher on trigger lemmas plus per-entry checks."""

    def __init__(self, vocab: Vocab, entries: list[Entry] | None = None):
        self.entries = entries if entries is not None else default_entries()
        self.by_lemma: dict[tuple[str, str], list[Entry]] = {}
        for e in self.entries:
            self.by_lemma.setdefault((e.kind, e.lemma), []).append(e)
        for lst in self.by_lemma.values():
            lst.sort(key=lambda e: (-e.specificity, e.line))
        verbs = sorted({lem for k, lem in self.by_lemma if k == "V"})
        # inflected forms, for the tagger's lemma slips ("staged" -> "stag")
        self.form_of: dict[str, str] = {}
        for lem in verbs:
            for f in verb_forms(lem):
                self.form_of.setdefault(f, lem)
        nouns = sorted({lem for k, lem in self.by_lemma if k == "N"})
        self.matcher = Matcher(vocab)
        self.matcher.add("V", [[{"LEMMA": {"IN": verbs}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("V", [[{"LOWER": {"IN": sorted(self.form_of)}, "POS": {"IN": ["VERB"]}}]])
        self.matcher.add("N", [[{"LEMMA": {"IN": nouns}, "POS": {"IN": ["NOUN"]}}]])
        self.matcher.add("N", [[{"LOWER": {"IN": nouns}, "POS": {"IN": ["NOUN"]}}]])

    def candidates(self, doc: Doc) -> list[tuple[str, Token]]:
        """Trigger tokens in document order, each with its kind (V or N)."""
        seen: dict[int, str] = {}
        for match_id, start, _end in self.matcher(doc):
            kind = doc.vocab.strings[match_id]
            seen.setdefault(start, kind)
        return [(kind, doc[i]) for i, kind in sorted(seen.items())]

    def entries_for(self, kind: str, tok: Token) -> list[Entry]:
        lst = self.by_lemma.get((kind, tok.lemma_.lower()))
        if lst is None:
            lst = self.by_lemma.get((kind, tok.lower_))
        if lst is None and kind == "V" and tok.lower_ in self.form_of:
            lst = self.by_lemma.get((kind, self.form_of[tok.lower_]))
        return lst or []

    def match(self, kind: str, tok: Token) -> tuple[Match | None, list[str]]:
        """The most specific entry that fits ``tok``, and why the others did not."""
        tried: list[str] = []
        for e in self.entries_for(kind, tok):
            if kind == "V":
                found = _match_parts(tok, e.parts)
                if found is None:
                    tried.append(f"{e.id}: needs '{e.pattern}'")
                    continue
                obj = found.get("obj")
                if obj is not None and e.type != "NONE" and obj.pos_ == "NOUN":
                    # "held his first campaign rally": the object is a use that is no event
                    for ne in self.entries_for("N", obj):
                        if ne.type == "NONE" and ne.mods and _match_mods(obj, ne.mods):
                            return Match(ne, tok, found), tried
                return Match(e, tok, found), tried
            if not _match_mods(tok, e.mods):
                tried.append(f"{e.id}: needs '{e.pattern}'")
                continue
            return Match(e, tok, {}), tried
        return None, tried


def get_lexicon(vocab: Vocab, ctx: Context | None = None) -> Lexicon:
    """The compiled lexicon, built once per run context (or once per process).

    A user's file in the same format adds entries; where its pattern equals one of
    ours, the user's line wins (it is read later, at the same specificity).
    """
    user = ctx.settings.events_lexicon if ctx is not None else None

    def make() -> Lexicon:
        entries = default_entries()
        if user:
            extra = read_entries(Path(user))
            for e in extra:
                e.line += 100_000  # after ours in file order ...
                e.id = "user." + e.id
            keys = {(e.kind, e.pattern) for e in extra}
            entries = [e for e in entries if (e.kind, e.pattern) not in keys] + extra
        return Lexicon(vocab, entries)

    if ctx is not None:
        return ctx.resource(f"events.lexicon:{user or ''}", make)
    if user:
        return make()
    return _default_lexicon(vocab)


@lru_cache(maxsize=2)
def _default_lexicon(vocab: Vocab) -> Lexicon:
    return Lexicon(vocab)
