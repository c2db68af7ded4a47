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


@dataclass
class NgecScore:
    """Counts of the NGEC actor-resolution score."""

    country_n: int = 0
    country_ok: int = 0
    sector_n: int = 0
    sector_ok: int = 0
    sector_ours_n: int = 0  # cases whose expected sector is one dyad has
    sector_ours_ok: int = 0
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
