"""Two spaCy components made to remember their answers: the same output, less Python.

In ``en_core_web_sm`` two components after the parser work token by token in Python:

- the **attribute ruler** runs a ``Matcher`` of 179 rules over every token (the tag map,
  and exceptions for words like "gonna" or "ain't") and sets the matches' attributes
  one ``Span`` at a time: about 13 ms an article, a seventh of the whole parse;
- the **rule lemmatizer** caches only the lemmas its suffix rules made, so every
  singular noun, base-form verb or punctuation mark builds its morphology as a dict
  again (``is_base_form``).

What either writes on a token depends on a few of its attributes only (and, for the
ruler's eight two-word rules, on its neighbour's), so :func:`memoise` gives the loaded
components a memory keyed by those attributes and writes a doc's answers from one
array. The rules, tables and settings stay the model's own; a ruler whose patterns use
anything but equality, ``IN``, ``NOT_IN`` and ``REGEX`` on token attributes is left as it is.
``tests/test_nlp_memo.py`` compares both with the plain components.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

_MAX_MEMO = 1_000_000  # entries; a bound on memory for an endless stream

# one test of a token pattern: (position in the key, kind, value)
_Test = tuple[int, str, Any]


def memoise(nlp: Language) -> None:
    """Swap the pipeline's attribute ruler and rule lemmatizer for remembering ones."""
    for _name, proc in nlp.pipeline:
        if isinstance(proc, (_RulerMemo, _LemmaMemo)):
            continue
        cls = type(proc)
        if cls.__name__ == "AttributeRuler":
            plan = _RulerPlan.of(proc)
            if plan is not None:
                proc.__class__ = type(f"Memo{cls.__name__}", (_RulerMemo, cls), {})
                proc._dyad_plan = plan
        elif hasattr(proc, "rule_lemmatize") and getattr(proc, "mode", None) == "rule":
            proc.__class__ = type(f"Memo{cls.__name__}", (_LemmaMemo, cls), {})
            proc._dyad_memo = {}


class _LemmaMemo:
    """A rule lemmatizer keyed by (text, part of speech, morphology): what its lemma
    depends on (``rule_lemmatize``, ``is_base_form``)."""

    _dyad_memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated or not len(doc):  # type: ignore[attr-defined]
            return super().__call__(doc)  # type: ignore[misc]
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        memo = self._dyad_memo
        if len(memo) > _MAX_MEMO:
            memo.clear()
        overwrite = self.overwrite  # type: ignore[attr-defined]
        strings = doc.vocab.strings
        rows = arr.tolist()
        lemmas = [r[3] for r in rows]
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = strings.add(self.lemmatize(doc[i])[0])  # type: ignore[attr-defined]
                memo[key] = found
            lemmas[i] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))
        return doc


class _RulerPlan:
    """An attribute ruler's rules, compiled to tests on a token's key (the attributes
    its patterns read, from ``Doc.to_array``)."""

    def __init__(self, attrs: list[int], strings: Any):
        self.attrs = attrs  # the attribute ids of a token's key
        self.strings = strings
        self.singles: list[tuple[int, list[_Test]]] = []  # (rule, tests) of one-token rules
        # (rule, tests of each token, index of the token the rule writes)
        self.multis: list[tuple[int, list[list[_Test]], int]] = []
        self.rule_attrs: list[dict[int, int]] = []
        self.keys: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.merged: dict[tuple[int, ...], dict[int, int]] = {}
        self.out_attrs: list[int] = []

    @classmethod
    def of(cls, ruler: Any) -> _RulerPlan | None:
        """The plan of ``ruler``'s rules, or None where a pattern needs more than this
        plan can test (operators, other predicates, extension attributes)."""
        strings = ruler.vocab.strings
        used: list[int] = []
        rules: list[tuple[list[list[dict[str, Any]]], dict[int, int], int]] = []
        for pats, attrs, index in zip(
            _patterns_by_rule(ruler), ruler.attrs, ruler.indices, strict=True
        ):
            if pats is None:
                return None
            rules.append((pats, attrs, index))
            for pat in pats:
                for spec in pat:
                    for name in spec:
                        attr = IDS.get(name.upper()) if isinstance(name, str) else None
                        if attr is None or name.upper() in ("OP", "_"):
                            return None
                        if attr not in used:
                            used.append(attr)
        plan = cls(used, strings)
        out: set[int] = set()
        for r, (pats, attrs, index) in enumerate(rules):
            if any(not isinstance(k, int) or k not in (POS, MORPH, LEMMA) + _OTHER for k in attrs):
                return None
            out.update(attrs)
            plan.rule_attrs.append(dict(attrs))
            for pat in pats:
                tests = [plan._tests(spec) for spec in pat]
                if any(t is None for t in tests):
                    return None
                if not -len(pat) <= index < len(pat):
                    return None  # spaCy raises on such a rule: let it
                if len(pat) == 1:
                    plan.singles.append((r, tests[0]))  # type: ignore[arg-type]
                else:
                    plan.multis.append((r, tests, index % len(pat)))  # type: ignore[arg-type]
        plan.out_attrs = sorted(out)
        plan._index()
        return plan

    def _index(self) -> None:
        """Group the one-token rules by one equality test each (on the first attribute
        that has one), so a new key is tested against the rules of its own values only."""
        self.anchors: list[int] = []
        self.anchored: dict[tuple[int, int], list[tuple[int, list[_Test]]]] = {}
        self.loose: list[tuple[int, list[_Test]]] = []
        for r, tests in self.singles:
            eq = [(pos, value) for pos, kind, value in tests if kind == "eq"]
            if not eq:
                self.loose.append((r, tests))
                continue
            pos, value = min(eq)
            if pos not in self.anchors:
                self.anchors.append(pos)
            self.anchored.setdefault((pos, value), []).append((r, tests))

    def _tests(self, spec: dict[str, Any]) -> list[_Test] | None:
        tests: list[_Test] = []
        for name, value in spec.items():
            pos = self.attrs.index(IDS[name.upper()])
            if isinstance(value, dict):
                if len(value) != 1:
                    return None
                ((op, arg),) = value.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list):
                    kind = "in" if op == "IN" else "out"
                    tests.append((pos, kind, {_id(self.strings, v) for v in arg}))
                elif op == "REGEX" and isinstance(arg, str):
                    tests.append((pos, "re", re.compile(arg)))
                else:
                    return None
            elif isinstance(value, (str, int, bool)):
                tests.append((pos, "eq", _id(self.strings, value)))
            else:
                return None
        return tests

    def _passes(self, key: tuple[int, ...], tests: list[_Test]) -> bool:
        for pos, kind, value in tests:
            got = key[pos]
            if kind == "eq":
                if got != value:
                    return False
            elif kind == "in":
                if got not in value:
                    return False
            elif kind == "out":
                if got in value:
                    return False
            elif not value.search(self.strings[got]):
                return False
        return True

    def info(self, key: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The one-token rules a token of this key matches (in rule order), and the
        many-token rules whose first token's tests it passes."""
        found = self.keys.get(key)
        if found is None:
            if len(self.keys) > _MAX_MEMO:
                self.keys.clear()
            cands = list(self.loose)
            for pos in self.anchors:
                cands += self.anchored.get((pos, key[pos]), ())
            singles = tuple(sorted({r for r, tests in cands if self._passes(key, tests)}))
            firsts = tuple(
                m for m, (_r, tests, _i) in enumerate(self.multis) if self._passes(key, tests[0])
            )
            found = self.keys[key] = (singles, firsts)
        return found

    def attrs_of(self, rules: tuple[int, ...]) -> dict[int, int]:
        """What the rules write on a token, later rules over earlier ones (spaCy applies
        the matches sorted by rule)."""
        found = self.merged.get(rules)
        if found is None:
            found = {}
            for r in rules:
                found.update(self.rule_attrs[r])
            self.merged[rules] = found
        return found


_OTHER = (IDS["TAG"], IDS["DEP"])


def _id(strings: Any, value: str | int | bool) -> int:
    """A pattern value as the matcher compares it (strings by their hash)."""
    if isinstance(value, str):
        return int(strings.add(value))
    return int(value)


def _patterns_by_rule(ruler: Any) -> list[list[list[dict[str, Any]]] | None]:
    """Each rule's token patterns, in rule order (the ruler keys its matcher by
    ``str(rule number)``)."""
    out: list[list[list[dict[str, Any]]] | None] = []
    for i in range(len(ruler.attrs)):
        got = ruler.matcher.get(str(i))
        out.append(None if got is None else [list(p) for p in got[1]])
    return out


class _RulerMemo:
    """An attribute ruler that works on a doc's attribute arrays (see the module
    docstring); on anything unexpected it runs spaCy's own code."""

    _dyad_plan: _RulerPlan

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return super().__call__(doc)  # type: ignore[misc]
        plan = self._dyad_plan
        keys = [tuple(row) for row in doc.to_array(plan.attrs).tolist()]
        infos = [plan.info(k) for k in keys]
        hits: list[list[int] | None] = [None] * len(keys)
        n = len(keys)
        for s, (_singles, firsts) in enumerate(infos):
            for m in firsts:  # a many-token rule whose first token is here
                rule, tests, index = plan.multis[m]
                width = len(tests)
                if s + width <= n and all(
                    plan._passes(keys[s + j], tests[j]) for j in range(1, width)
                ):
                    extra = hits[s + index]
                    if extra is None:
                        hits[s + index] = [rule]
                    elif rule not in extra:
                        extra.append(rule)
        cols = plan.out_attrs
        arr = doc.to_array(cols)
        where = {a: c for c, a in enumerate(cols)}
        rows = arr.tolist()
        for i, (singles, _firsts) in enumerate(infos):
            extra = hits[i]
            rules = singles if extra is None else tuple(sorted({*singles, *extra}))
            if rules:
                row = rows[i]
                for attr, value in plan.attrs_of(rules).items():
                    row[where[attr]] = value
        doc.from_array(cols, numpy.asarray(rows, dtype=numpy.uint64))
        return doc
