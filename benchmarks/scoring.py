"""The scoring rules of the benchmarks, as pure functions (no spaCy, no files).

Each benchmark script runs dyad and turns its output into plain values, then calls one
of these functions; ``tests/test_bench_scorers.py`` tests them on hand-made cases. The
rules are strict on purpose: a missing prediction is never right, and a prediction
that is absent scores zero, never "right by default".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# NGEC's codes for international organisations: dyad's "IGO" counts as right for them
NGEC_IGO = frozenset({"IGO", "UNO", "EUR", "NATO", "NAT", "AFR", "ARL", "WBK", "IMF"})


def pct(a: int, b: int) -> float:
    """a / b rounded to three places; 0.0 when b is 0."""
    return round(a / b, 3) if b else 0.0


# --- NGEC actor resolution -------------------------------------------------------------


def ngec_country_right(got: str | None, want: str) -> bool:
    """A predicted country is right when it equals the expected one (dyad's IGO for any
    of NGEC's organisation codes). No prediction is wrong."""
    if not got:
        return False
    return got == want or (got == "IGO" and want in NGEC_IGO)


def ngec_sector_right(got: str | None, want: str, alt: str | None = None) -> bool:
    """A predicted sector is right when it equals the expected code or the case's second
    code. No prediction is wrong, also when the case has no second code."""
    if not got:
        return False
    return got == want or (bool(alt) and got == alt)


# NGEC's sector codes are PLOVER's, a finer vocabulary than dyad's. Where a PLOVER code has
# a counterpart among dyad's sectors it maps to it: legislators and intelligence services
# are government (as dyad's actor dictionary maps CAMEO's LEG and SPY), journalists media,
# criminals CRM (one of dyad's since session 4). NGEC's cases use PRE for partially
# recognised states ("Abkhazia", "breakaway state"): their own government, GOV; and PRM for
# paramilitaries ("CODECO", "Santa Marta Self Defense Forces"): armed groups outside the
# state's forces, REB. PLOVER's MED is *medical* (doctors, ambulances), not dyad's MED
# (media): it has no counterpart. Codes without one (ELI, UNK, UAF, AGR, LAB, HLH, REF, SOC,
# COL, BUD, JNK, MED) are left out of the mapped score, never counted right.
NGEC_SECTOR_MAP = {
    **{c: c for c in ("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "BUS", "EDU", "NGO")},
    **{c: c for c in ("IGO", "CVL", "REL", "CRM")},
    "LEG": "GOV",
    "SPY": "GOV",
    "JRN": "MED",
    "PRE": "GOV",
    "PRM": "REB",
}


def ngec_sector_mapped(want: str, alt: str | None = None) -> set[str]:
    """dyad's sectors that answer an NGEC case with sector ``want`` (and second code
    ``alt``): the counterparts of either code; empty when neither has one."""
    return {NGEC_SECTOR_MAP[c] for c in (want, alt) if c and c in NGEC_SECTOR_MAP}


@dataclass
class NgecScore:
    """Counts of the NGEC actor-resolution score."""

    country_n: int = 0
    country_ok: int = 0
    sector_n: int = 0
    sector_ok: int = 0
    sector_ours_n: int = 0  # cases whose expected sector is one dyad has
    sector_ours_ok: int = 0
    sector_mapped_n: int = 0  # cases whose sector (or second code) has a counterpart in dyad's
    sector_mapped_ok: int = 0
    misses: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "country_n": self.country_n,
            "country_ok": self.country_ok,
            "country_accuracy": pct(self.country_ok, self.country_n),
            "sector_n": self.sector_n,
            "sector_ok": self.sector_ok,
            "sector_accuracy": pct(self.sector_ok, self.sector_n),
            "sector_ours_n": self.sector_ours_n,
            "sector_ours_ok": self.sector_ours_ok,
            "sector_ours_accuracy": pct(self.sector_ours_ok, self.sector_ours_n),
            "sector_mapped_n": self.sector_mapped_n,
            "sector_mapped_ok": self.sector_mapped_ok,
            "sector_mapped_accuracy": pct(self.sector_mapped_ok, self.sector_mapped_n),
        }


def score_ngec(
    cases: Sequence[dict],
    predictions: Sequence[tuple[str | None, str | None] | None],
    sectors: frozenset[str] | set[str] = frozenset(),
) -> NgecScore:
    """Score one prediction per case.

    A case is a dict with ``_country`` (expected country or None), ``_sector``
    (expected sector or None), ``_alt`` (NGEC's ``code_2`` or None) and ``text``.
    A prediction is ``(country, sector)`` of the actor dyad found, or None when it
    found none. ``sectors`` are dyad's sector codes, for the score restricted to them.
    """
    if len(cases) != len(predictions):
        raise ValueError(f"{len(cases)} cases but {len(predictions)} predictions")
    s = NgecScore()
    for c, p in zip(cases, predictions, strict=True):
        country, sector = p if p else (None, None)
        if c.get("_country"):
            s.country_n += 1
            good = ngec_country_right(country, c["_country"])
            s.country_ok += good
            if not good:
                s.misses.append(("country", c.get("text", ""), c["_country"], country))
        if c.get("_sector"):
            s.sector_n += 1
            good = ngec_sector_right(sector, c["_sector"], c.get("_alt"))
            s.sector_ok += good
            if c["_sector"] in sectors:
                s.sector_ours_n += 1
                s.sector_ours_ok += good
            mapped = ngec_sector_mapped(c["_sector"], c.get("_alt"))
            if mapped:
                s.sector_mapped_n += 1
                s.sector_mapped_ok += sector in mapped
            if not good:
                s.misses.append(("sector", c.get("text", ""), c["_sector"], sector))
    return s


# --- PLOVER gold-standard records ------------------------------------------------------

# the few non-ISO codes the CAMEO manual examples use
PLOVER_FIX = {"JAP": "JPN", "UK": "GBR", "GER": "DEU", "ROM": "ROU", "ZAI": "COD"}


def plover_countries(side: Sequence[dict]) -> set[str]:
    """The (ISO) countries of a gold side (``actors`` or ``recipients``)."""
    return {PLOVER_FIX.get(a.get("country") or "", a.get("country") or "") for a in side} - {""}


@dataclass(frozen=True)
class CodedEvent:
    """What the PLOVER scorer needs of one of dyad's fact events."""

    type: str
    confidence: float = 1.0
    source_country: str | None = None
    target_country: str | None = None


def plover_split(records: Sequence[dict], split: str) -> list[tuple[int, dict]]:
    """``(line_number, record)`` of the records in ``split``: "odd" or "even" 1-based
    line numbers of the file (even lines may be used for tuning, odd ones only to
    evaluate), or "all"."""
    if split not in ("odd", "even", "all"):
        raise ValueError(f"unknown split {split!r}: odd, even or all")
    rows = list(enumerate(records, start=1))
    if split == "all":
        return rows
    want = 1 if split == "odd" else 0
    return [(n, r) for n, r in rows if n % 2 == want]


def score_plover(records: Sequence[dict], coded: Sequence[Sequence[CodedEvent]]) -> dict:
    """Score dyad's fact events (one list per gold record) against the gold records.

    - ``coverage``: share of sentences with at least one coded event;
    - ``type_accuracy_when_coded``: the most confident event has the gold type, over
      the sentences with a coded event;
    - ``type_accuracy_top`` / ``type_accuracy_any``: the most confident / any event has
      the gold type, over all sentences (no event = wrong);
    - ``source_country_accuracy`` / ``target_country_accuracy``: over all sentences whose
      gold side has a country, the event of the gold type (else the top event) has a
      source (target) whose country is one of the gold side's; no event, no actor or no
      country = wrong. For reciprocal records either side counts;
    - ``*_country_precision``: the old conditional figure, over the sentences where dyad
      gave a country (and the gold side has one), labelled as such.
    """
    if len(records) != len(coded):
        raise ValueError(f"{len(records)} records but {len(coded)} predictions")
    n = len(records)
    covered = top_ok = any_ok = 0
    side = {
        k: {"gold": 0, "given": 0, "ok": 0} for k in ("source", "target")
    }  # gold: sentences with a gold country; given: dyad gave one too; ok: right
    per_type: dict[str, list[int]] = {}
    for r, evs in zip(records, coded, strict=True):
        gold = r["event"]
        per_type.setdefault(gold, [0, 0])[1] += 1
        gsrc, gtgt = (
            plover_countries(r.get("actors") or []),
            plover_countries(r.get("recipients") or []),
        )
        if r.get("reciprocal"):
            gsrc = gtgt = gsrc | gtgt
        ev = None
        if evs:
            covered += 1
            top = max(evs, key=lambda e: e.confidence)
            if top.type == gold:
                top_ok += 1
                per_type[gold][0] += 1
            same = [e for e in evs if e.type == gold]
            any_ok += bool(same)
            ev = same[0] if same else top
        for name, g, got in (
            ("source", gsrc, ev.source_country if ev else None),
            ("target", gtgt, ev.target_country if ev else None),
        ):
            if not g:
                continue
            side[name]["gold"] += 1
            if got:
                side[name]["given"] += 1
                side[name]["ok"] += PLOVER_FIX.get(got, got) in g
    out: dict = {
        "sentences": n,
        "coverage": pct(covered, n),
        "type_accuracy_when_coded": pct(top_ok, covered),
        "type_accuracy_top": pct(top_ok, n),
        "type_accuracy_any": pct(any_ok, n),
    }
    for name, c in side.items():
        out[f"{name}_country_accuracy"] = pct(c["ok"], c["gold"])
        out[f"{name}_country_n"] = c["gold"]
        out[f"{name}_country_precision"] = pct(c["ok"], c["given"])
        out[f"{name}_country_given"] = c["given"]
    out["per_type"] = {t: f"{ok}/{tot}" for t, (ok, tot) in sorted(per_type.items())}
    return out


# --- span matching (PolNeAR attributions, quotes) --------------------------------------

Spans = list[tuple[int, int]]


def size(a: Spans) -> int:
    """Characters covered by a list of (start, end) spans."""
    return sum(max(0, e - s) for s, e in a)


def overlap(a: Spans, b: Spans) -> int:
    """Characters shared by two span lists (each list's spans are disjoint)."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def spans_match(pred: Spans, gold: Spans, strict: bool = True) -> bool:
    """Strict: the shared characters are at least half of each side. Lenient (the old
    rule, reported beside the strict one and labelled): one shared character."""
    o = overlap(pred, gold)
    if o <= 0:
        return False
    if not strict:
        return True
    return 2 * o >= size(pred) and 2 * o >= size(gold)


def match_spans(
    preds: Sequence[Spans], golds: Sequence[Spans], strict: bool = True
) -> list[tuple[int, int]]:
    """One-to-one ``(pred_index, gold_index)`` pairs that match, largest overlap first
    (ties: earlier prediction, earlier gold)."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if spans_match(p, g, strict):
                pairs.append((-overlap(p, g), i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _o, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


DOUBLE_CLOSE = {"“": '”"', '"': '”"', "«": "»", "„": '“"'}


def quoted_spans(text: str) -> Spans:
    """The text inside quotation marks, found by a plain pairing independent of dyad's
    quote finder (so the gold's direct/indirect split does not depend on the system
    scored). Two apostrophes ('') count as a straight double mark. Within a paragraph
    an opening double mark pairs with the next closing double mark (curly or straight
    alike: sources mix them), and an opening single curly mark with the next closing
    one that is not an apostrophe (a letter follows). A paragraph that opens a quote
    and does not close it is quoted to its end when the mark starts the paragraph or
    the next paragraph starts with an opening mark (the news convention for a quote
    running over paragraphs); a closing curly mark starting a paragraph opens one (a
    common typo). Other unpaired marks are ignored."""
    text = text.replace("''", '" ')
    out: Spans = []
    paras = _paragraphs(text)
    for k, (m_start, para) in enumerate(paras):
        nxt = paras[k + 1][1].lstrip() if k + 1 < len(paras) else ""
        i = 0
        while i < len(para):
            ch = para[i]
            if ch == "”" and not para[:i].strip():
                ch = "“"
            if ch in DOUBLE_CLOSE:
                ends = [j for j in (para.find(c, i + 1) for c in DOUBLE_CLOSE[ch]) if j >= 0]
                if not ends:
                    if not para[:i].strip() or (nxt[:1] and nxt[:1] in '“"«„'):
                        out.append((m_start + i + 1, m_start + len(para)))
                    break
                j = min(ends)
            elif ch == "‘":
                j = i + 1
                while True:
                    j = para.find("’", j)
                    if j < 0 or not (j + 1 < len(para) and para[j + 1].isalpha()):
                        break
                    j += 1
                if j < 0:
                    i += 1
                    continue
            else:
                i += 1
                continue
            out.append((m_start + i + 1, m_start + j))
            i = j + 1
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for part in text.split("\n"):
        out.append((start, part))
        start += len(part) + 1
    return out


def is_direct(content: Spans, quoted: Spans) -> bool:
    """A gold content is direct when at least half of its characters are quoted."""
    return 2 * overlap(content, quoted) >= max(size(content), 1)


# --- geoparsing -----------------------------------------------------------------------

# gold toponym: (start, end, name, lat, lon); predicted place: (start, end, lat, lon)
GoldToponym = tuple[int, int, str, float, float]
PlacePoint = tuple[int, int, float | None, float | None]


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (the scorer's own, not dyad's)."""
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class GeoScore:
    """Counts of the geoparsing score, summed over documents."""

    toponyms: int = 0
    unresolved: int = 0
    errors_km: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, gold: Sequence[GoldToponym], places: Sequence[PlacePoint]) -> None:
        """Score one document: each gold toponym takes the place with coordinates on an
        overlapping span (the nearest in offsets); none = unresolved (wrong)."""
        for s, e, name, lat, lon in gold:
            self.toponyms += 1
            hit = [
                p for p in places if p[0] < e and s < p[1] and p[2] is not None and p[3] is not None
            ]
            if not hit:
                self.unresolved += 1
                self.misses.append(f"UNRESOLVED {name!r}")
                continue
            p = min(hit, key=lambda p: abs(p[0] - s) + abs(p[1] - e))
            km = km_between(lat, lon, p[2], p[3])  # type: ignore[arg-type]
            self.errors_km.append(km)
            if km > 161:
                self.misses.append(f"{km:7.0f} km {name!r}")

    def as_dict(self) -> dict[str, float]:
        """``acc161`` over all gold toponyms (unresolved = wrong), ``acc161_found`` over
        the resolved ones, ``median_km`` of the resolved, ``unresolved`` share."""
        import statistics

        n, found = self.toponyms, len(self.errors_km)
        within = sum(1 for k in self.errors_km if k <= 161)
        return {
            "toponyms": n,
            "acc161": within / n if n else 0.0,
            "acc161_found": within / found if found else 0.0,
            "median_km": statistics.median(self.errors_km) if found else float("nan"),
            "unresolved": self.unresolved / n if n else 0.0,
        }


def blind_half(text: str) -> bool:
    """Whether an article belongs to the frozen blind half of a split made on
    2026-12-03: the first byte of the SHA-256 of its text is even. Independent of file
    order and of dyad."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0


# --- TempEval-3 -----------------------------------------------------------------------


@dataclass
class TimexScore:
    """TempEval-3 counts ``[tp, fp, fn]`` for strict span, relaxed span and value."""

    strict: list[int] = field(default_factory=lambda: [0, 0, 0])
    relaxed: list[int] = field(default_factory=lambda: [0, 0, 0])
    value: list[int] = field(default_factory=lambda: [0, 0, 0])
    errors: list[str] = field(default_factory=list)

    def add(
        self,
        gold: Sequence[tuple[int, int, str]],
        pred: Sequence[tuple[int, int, str | None]],
        label: str = "",
        text: str = "",
    ) -> None:
        """Score one document. Each gold TIMEX3 ``(start, end, value)`` takes the first
        unused prediction that overlaps it (relaxed match); strict needs the same start
        and end; value needs a relaxed match with the same normalised value. Unmatched
        predictions are false positives of all three."""
        used: set[int] = set()
        for gs, ge, gval in gold:
            hit = next(
                (i for i, (ps, pe, _v) in enumerate(pred) if i not in used and ps < ge and gs < pe),
                None,
            )
            if hit is None:
                for c in (self.strict, self.relaxed, self.value):
                    c[2] += 1
                self.errors.append(f"MISS {label}: {text[gs:ge]!r} {gval}")
                continue
            used.add(hit)
            ps, pe, pval = pred[hit]
            self.relaxed[0] += 1
            if (ps, pe) == (gs, ge):
                self.strict[0] += 1
            else:
                self.strict[1] += 1
                self.strict[2] += 1
            if (pval or "") == gval:
                self.value[0] += 1
            else:
                self.value[1] += 1
                self.value[2] += 1
                self.errors.append(f"VALUE {label}: {text[gs:ge]!r} gold {gval} ours {pval}")
        for i, (ps, pe, pval) in enumerate(pred):
            if i not in used:
                for c in (self.strict, self.relaxed, self.value):
                    c[1] += 1
                self.errors.append(f"EXTRA {label}: {text[ps:pe]!r} {pval}")


def te3_heldout(stems: Sequence[str]) -> set[str]:
    """The TE3 platinum files frozen as held out on 2026-12-03: the half (rounded down)
    of the file stems with the smallest SHA-256 of the stem. Independent of dyad."""
    import hashlib

    ranked = sorted(stems, key=lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest())
    return set(ranked[: len(ranked) // 2])
