"""How often dyad gets an actor's country and sector right from the text alone, on the
actor-resolution cases of NGEC's test suite (../shared/research-data/ngec-actor-tests).

Each case gives an actor string ("Armenian Prime Minister Nikol Pashinyan", "Turkish
troops", "the Mexican National Guard") and the expected country and sector. dyad reads
the string as the subject of a one-line article ("<text> said on Monday."), with the
case's context word in front where it has one, and the actor behind the string (the
mention ending last, see ``dyad.extract.lookup.actor_at``) is compared with the case.

No Wikipedia lookups: NGEC resolves bare names through Wikipedia, dyad only through
its own files (countries, organisations, agents, well-known people) and the text.
Countries: NGEC's IGO codes (UNO, EUR, ...) count as right when dyad says IGO.
Sectors: NGEC uses codes dyad does not have (LEG, SPY, CRM, ELI, ...); the sector score
is given over all cases with an expected sector and over those whose expected sector is
one of dyad's (GOV MIL REB OPP PTY COP JUD BUS MED EDU NGO IGO CVL REL); ``code_2`` is
accepted as an alternative. A case where dyad gives no sector (or finds no actor) is
wrong wherever a sector is expected; the rules are ``scoring.score_ngec`` (tested in
``tests/test_bench_scorers.py``). Before 2026-12-03 a case with no second code and no
sector from dyad was counted right (``None in (sector, None)``), which gave 86.4% / 93.6%.
A third sector score maps NGEC's (PLOVER) codes onto dyad's where they have a counterpart
(LEG, SPY, PRE -> GOV; JRN -> MED; PRM -> REB; ``scoring.NGEC_SECTOR_MAP``) and leaves the
rest out.
``--split even`` gives the half to tune on, ``--split odd`` the half kept for testing
(1-based lines of the case file; fixed on 2026-12-03 before session 3 tuned anything).

    .venv/bin/python benchmarks/ngec_actors.py [--split even|odd|all] [--show-misses] [--plover] [--json]

``--plover`` also scores the actors of the PLOVER gold-standard records
(../shared/research-data/plover-gsr): each annotated actor string is looked up in its
sentence with ``actor_at`` and its country and sector compared (sectors there use CAMEO
codes, some of which dyad does not have).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scoring import PLOVER_FIX, NgecScore, plover_split, score_ngec

from dyad.extract.lookup import actor_at
from dyad.model import Article, article_id
from dyad.pipeline import Pipeline, Settings
from dyad.vocab import SECTORS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CASES = SHARED / "research-data" / "ngec-actor-tests" / "ngec_actor_resolution_cases.jsonl"
PLOVER = SHARED / "research-data" / "plover-gsr" / "plover_gsr_cameo.normalized.jsonl"


def load_cases(split: str = "all") -> list[dict]:
    """The cases with an expected country or sector; ``split`` "even" (the tuning half:
    even 1-based lines of the file), "odd" (the test half, fixed on 2026-12-03 before
    session 3 tuned anything) or "all"."""
    lines = [line for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    rows = [json.loads(line) for _, line in plover_split(lines, split)]
    out = []
    for r in rows:
        if not r.get("text") or r["method"] not in (
            "agent_to_code",
            "short_text_to_agent",
            "search_nat",
        ):
            continue
        country = r.get("expect_country") or r.get("expect_cc") or None
        sector = r.get("expect_code_1") or None
        if sector == "????":
            sector = None
        if country and (len(country) != 3 or not country.isupper()):
            country = None  # a swapped field in the source ("COL" / "LEG")
        if not country and not sector:
            continue
        out.append({**r, "_country": country, "_sector": sector, "_alt": r.get("expect_code_2")})
    return out


def sentence(case: dict) -> str:
    text = case["text"].strip()
    ctx = (case.get("context") or "").strip()
    if ctx:
        text = f"{ctx} {text}"
    return f"{text} said on Monday."


def measure(cases: list[dict], settings: Settings | None = None) -> NgecScore:
    """Run dyad (``settings``, default: the actors stage alone) over the cases and score
    the actor behind each case's string with ``scoring.score_ngec``."""
    arts = []
    for i, c in enumerate(cases):
        text = sentence(c)
        arts.append(Article(id=f"{article_id(None, text)}-{i}", text=text))
    # a fresh pipeline: the cases are independent one-line articles, yet dyad keeps
    # what it learns across a run as it would across a real corpus
    pipe = Pipeline(settings or Settings(stages=("actors", "learn")))
    recs = list(pipe.process(arts))
    preds: list[tuple[str | None, str | None] | None] = []
    for c, rec in zip(cases, recs, strict=True):
        text = sentence(c)
        end = text.rindex(" said on Monday.")
        a = actor_at(rec, 0, end) if hasattr(rec, "actors") else None
        preds.append((a.country, a.sector) if a else None)
    return score_ngec(cases, preds, frozenset(SECTORS))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--plover", action="store_true", help="also score the PLOVER GSR actors")
    ap.add_argument("--json", action="store_true", help="also print the counts as JSON")
    ap.add_argument(
        "--split",
        default="all",
        choices=("all", "even", "odd"),
        help="even lines: the half to tune on; odd lines: the half kept for testing",
    )
    args = ap.parse_args()
    if not CASES.exists():
        print(f"{CASES} is absent: nothing to measure", file=sys.stderr)
        return 1
    cases = load_cases(args.split)
    s = measure(cases)
    print(
        f"NGEC actor-resolution cases with an expected country or sector "
        f"({args.split} lines): {len(cases)}"
    )
    print(f"country right: {s.country_ok}/{s.country_n} ({s.country_ok / max(s.country_n, 1):.1%})")
    print(
        f"sector right:  {s.sector_ok}/{s.sector_n} ({s.sector_ok / max(s.sector_n, 1):.1%}) "
        "of all cases with a sector (no sector given = wrong)"
    )
    print(
        f"sector right:  {s.sector_ours_ok}/{s.sector_ours_n} "
        f"({s.sector_ours_ok / max(s.sector_ours_n, 1):.1%}) where the expected sector is one dyad has"
    )
    print(
        f"sector right:  {s.sector_mapped_ok}/{s.sector_mapped_n} "
        f"({s.sector_mapped_ok / max(s.sector_mapped_n, 1):.1%}) where the expected sector maps to "
        "one of dyad's (LEG, SPY, PRE -> GOV; PRM -> REB; JRN -> MED; scoring.NGEC_SECTOR_MAP)"
    )
    if args.json:
        print(json.dumps(s.as_dict(), indent=2))
    if args.show_misses:
        for kind, text, want, got in s.misses:
            print(f"  {kind:7} {text!r}: want {want}, got {got}")
    if args.plover:
        plover()
    return 0


def plover() -> None:
    """Country and sector of the actors annotated in the PLOVER gold-standard records."""
    if not PLOVER.exists():
        print(f"{PLOVER} is absent", file=sys.stderr)
        return
    rows = [json.loads(x) for x in PLOVER.read_text(encoding="utf-8").splitlines() if x]
    arts = [Article(id=f"plover-{i}", text=r["text"]) for i, r in enumerate(rows)]
    recs = list(Pipeline(Settings(stages=("actors", "learn"))).process(arts))
    n_c = ok_c = n_s = ok_s = n_s_ours = ok_s_ours = 0
    for r, rec in zip(rows, recs, strict=True):
        for a in (r.get("actors") or []) + (r.get("recipients") or []):
            t = a.get("text")
            i = r["text"].find(t) if t else -1
            if i < 0:
                continue
            got = actor_at(rec, i, i + len(t)) if hasattr(rec, "actors") else None
            if a.get("country"):
                n_c += 1
                want = PLOVER_FIX.get(a["country"], a["country"])
                ok_c += bool(got) and PLOVER_FIX.get(got.country or "", got.country) == want
            if a.get("sector") and a["sector"] != "***":
                n_s += 1
                good = bool(got) and got.sector == a["sector"]
                ok_s += good
                if a["sector"] in SECTORS:
                    n_s_ours += 1
                    ok_s_ours += good
    print(
        f"PLOVER GSR actors: country right {ok_c}/{n_c} ({ok_c / max(n_c, 1):.1%}); "
        f"sector right {ok_s}/{n_s} ({ok_s / max(n_s, 1):.1%}), "
        f"{ok_s_ours}/{n_s_ours} ({ok_s_ours / max(n_s_ours, 1):.1%}) where the sector is one of dyad's"
    )


if __name__ == "__main__":
    sys.exit(main())
