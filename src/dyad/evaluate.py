"""Score dyad's records against gold annotations (``../shared/gold/FORMAT.md``).

The scoring functions are pure: a gold dict (one gold JSON file) and a record dict
(``Record.to_dict()``, the JSON that ``dyad extract`` writes) go in, counts come out.
Nothing here needs spaCy; :func:`evaluate_dir` is the one function that runs the
pipeline.

Categories: ``actors``, ``actor_countries`` (countries only), ``events``,
``quotes_direct``, ``quotes_indirect``, ``places``, ``times``. Each yields true
positives, false positives and false negatives plus the items behind them (for
``--show-errors``); scores are micro-averaged over articles.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.vocab import is_country_name as vocab_is_country_name

CATEGORIES: tuple[str, ...] = (
    "actors",
    "actor_countries",
    "events",
    "quotes_direct",
    "quotes_indirect",
    "places",
    "times",
)
METRICS: tuple[str, ...] = ("precision", "recall", "f1")
QUOTE_OVERLAP = 0.6

# ---------------------------------------------------------------------------
# Normalisation


def norm(s: str | None) -> str:
    """Lower-case, accents and punctuation gone, a leading "the" dropped."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['’‘`´.]", "", s)  # U.S. -> us, Workers' -> workers
    s = "".join(" " if unicodedata.category(c)[0] in "PSC" else c for c in s)
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


def words(s: str | None) -> list[str]:
    """The words of a text, lower-cased with punctuation stripped."""
    return norm(s).split()


def last_word(s: str | None) -> str:
    w = words(s)
    return w[-1] if w else ""


# ---------------------------------------------------------------------------
# Counts


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the items behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # the false positives
    missed: list[str] = field(default_factory=list)  # the false negatives

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.matched += other.matched
        self.extra += other.extra
        self.missed += other.missed

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def max_matching(n_left: int, n_right: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching (left index -> right index) under ``ok``."""
    adj = [[j for j in range(n_right) if ok(i, j)] for i in range(n_left)]
    owner: dict[int, int] = {}  # right -> left

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


# ---------------------------------------------------------------------------
# Actors


@dataclass(frozen=True)
class GoldActor:
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()


def gold_actor_index(gold: dict[str, Any]) -> dict[str, GoldActor]:
    """Gold actors by normalised name, for looking up aliases of event/quote actors."""
    out: dict[str, GoldActor] = {}
    for a in gold.get("actors") or []:
        ga = GoldActor(a["name"], a.get("country"), tuple(a.get("aliases") or ()))
        out.setdefault(norm(a["name"]), ga)
    return out


def resolve_gold(ref: dict[str, Any] | str | None, index: dict[str, GoldActor]) -> GoldActor | None:
    """A gold event/quote actor (a dict or a bare name) with the aliases of its gold actor."""
    if ref is None:
        return None
    if isinstance(ref, str):
        known = index.get(norm(ref))
        return known or GoldActor(ref, None, ())
    name = ref.get("name") or ""
    known = index.get(norm(name))
    aliases = known.aliases if known else ()
    country = ref["country"] if "country" in ref else (known.country if known else None)
    return GoldActor(name, country, aliases)


def name_matches(pred: str | None, gold: GoldActor) -> bool:
    """One name's last word equals the other's, or the predicted name is a gold alias."""
    p = norm(pred)
    if not p:
        return False
    aliases = {norm(a) for a in gold.aliases} - {""}
    if p == norm(gold.name) or p in aliases:
        return True
    lw = last_word(pred)
    return bool(lw) and (lw == last_word(gold.name) or lw in aliases)


def actor_matches(pred: dict[str, Any] | None, gold: GoldActor, check_country: bool = True) -> bool:
    """Countries equal and names matching (FORMAT.md's actor rule)."""
    if not pred:
        return False
    if check_country and (pred.get("country") or None) != (gold.country or None):
        return False
    return name_matches(pred.get("name"), gold)


def _actor_label(a: dict[str, Any] | GoldActor | None) -> str:
    if a is None:
        return "-"
    if isinstance(a, GoldActor):
        return f"{a.name} ({a.country})"
    return f"{a.get('name')} ({a.get('country')})"


def score_actors(gold: dict[str, Any], rec: dict[str, Any]) -> Counts:
    golds = [
        GoldActor(a["name"], a.get("country"), tuple(a.get("aliases") or ()))
        for a in gold.get("actors") or []
    ]
    preds = list(rec.get("actors") or [])
    m = max_matching(len(preds), len(golds), lambda i, j: actor_matches(preds[i], golds[j]))
    c = Counts(tp=len(m), fp=len(preds) - len(m), fn=len(golds) - len(m))
    hit = set(m.values())
    c.matched = [f"{_actor_label(preds[i])} = {golds[j].name}" for i, j in m.items()]
    c.extra = [_actor_label(p) for i, p in enumerate(preds) if i not in m]
    c.missed = [_actor_label(g) for j, g in enumerate(golds) if j not in hit]
    return c


def _set_counts(gold: set[str], pred: set[str]) -> Counts:
    return Counts(
        tp=len(gold & pred),
        fp=len(pred - gold),
        fn=len(gold - pred),
        matched=sorted(gold & pred),
        extra=sorted(pred - gold),
        missed=sorted(gold - pred),
    )


def score_actor_countries(gold: dict[str, Any], rec: dict[str, Any]) -> Counts:
    """Country-level actor scoring: the set of actor countries, names ignored."""
    g = {a.get("country") for a in gold.get("actors") or [] if a.get("country")}
    p = {a.get("country") for a in rec.get("actors") or [] if a.get("country")}
    return _set_counts(g, p)


def not_actor_violations(gold: dict[str, Any], rec: dict[str, Any]) -> list[str]:
    """Predicted actor names equal to a gold ``not_actors`` string."""
    banned = {norm(s) for s in gold.get("not_actors") or []}
    return [a["name"] for a in rec.get("actors") or [] if norm(a.get("name")) in banned]


# ---------------------------------------------------------------------------
# Events


def scored_events(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Predicted events that count: negated and hypothetical ones are skipped."""
    return [
        e for e in rec.get("events") or [] if not e.get("negated") and not e.get("hypothetical")
    ]


def event_matches(pred: dict[str, Any], gold: dict[str, Any], index: dict[str, GoldActor]) -> bool:
    """Types agree, sources match, targets match (either way when symmetric).

    A null gold target accepts any target or none (FORMAT.md); a null gold source
    (an unknown attacker, say) is read the same way.
    """
    types = {gold.get("type")} | set(gold.get("alt_types") or ())
    if pred.get("type") not in types:
        return False
    gs = resolve_gold(gold.get("source"), index)
    gt = resolve_gold(gold.get("target"), index)
    ps, pt = pred.get("source"), pred.get("target")

    def side(p: dict[str, Any] | None, g: GoldActor | None) -> bool:
        return g is None or actor_matches(p, g)

    if side(ps, gs) and side(pt, gt):
        return True
    if gold.get("symmetric") and gs is not None and gt is not None:
        return actor_matches(ps, gt) and actor_matches(pt, gs)
    return False


def _event_label(e: dict[str, Any]) -> str:
    src = e.get("source")
    tgt = e.get("target")
    label = f"{e.get('type')} {_actor_label(src) if src else '-'} -> {_actor_label(tgt) if tgt else '*'}"
    ev = e.get("evidence") or e.get("sentence")
    return f"{label}: {ev[:90]!r}" if ev else label


def score_events(gold: dict[str, Any], rec: dict[str, Any]) -> tuple[Counts, list[str]]:
    """Event counts, and the predicted events that match a forbidden event."""
    index = gold_actor_index(gold)
    preds = scored_events(rec)
    forbidden = list(gold.get("forbidden_events") or [])
    bad = [i for i, p in enumerate(preds) if any(event_matches(p, f, index) for f in forbidden)]
    free = [i for i in range(len(preds)) if i not in set(bad)]
    req = [g for g in gold.get("events") or [] if g.get("required", True)]
    opt = [g for g in gold.get("events") or [] if not g.get("required", True)]
    m_req = max_matching(
        len(free), len(req), lambda i, j: event_matches(preds[free[i]], req[j], index)
    )
    left = [free[i] for i in range(len(free)) if i not in m_req]
    m_opt = max_matching(
        len(left), len(opt), lambda i, j: event_matches(preds[left[i]], opt[j], index)
    )
    unmatched = [left[i] for i in range(len(left)) if i not in m_opt]
    c = Counts(tp=len(m_req), fp=len(unmatched) + len(bad), fn=len(req) - len(m_req))
    c.matched = [_event_label(req[j]) for j in m_req.values()]
    c.extra = [_event_label(preds[i]) for i in unmatched] + [
        "FORBIDDEN " + _event_label(preds[i]) for i in bad
    ]
    hit = set(m_req.values())
    c.missed = [_event_label(g) for j, g in enumerate(req) if j not in hit]
    return c, [_event_label(preds[i]) for i in bad]


# ---------------------------------------------------------------------------
# Quotes


def text_overlap(pred: str | None, gold: str | None, share: float = QUOTE_OVERLAP) -> bool:
    """At least ``share`` of each text's words are in the other (lower-cased, no punctuation)."""
    pw, gw = words(pred), words(gold)
    if not pw or not gw:
        return False
    ps, gs = set(pw), set(gw)
    return sum(w in ps for w in gw) >= share * len(gw) and sum(w in gs for w in pw) >= share * len(
        pw
    )


def quote_matches(pred: dict[str, Any], gold: dict[str, Any], index: dict[str, GoldActor]) -> bool:
    speaker = resolve_gold(gold.get("speaker"), index)
    if speaker is not None:  # a gold quote without a speaker accepts any speaker
        known = norm(speaker.name) in index
        if not actor_matches(pred.get("speaker"), speaker, check_country=known):
            return False
    return text_overlap(pred.get("text"), gold.get("text"))


def _quote_label(q: dict[str, Any]) -> str:
    sp = q.get("speaker")
    who = sp if isinstance(sp, str) else (sp or {}).get("name")
    return f"{who}: {str(q.get('text'))[:100]!r}"


def score_quotes(gold: dict[str, Any], rec: dict[str, Any], kind: str) -> Counts:
    """Quotes of one kind (direct or indirect); optional gold quotes count nothing."""
    index = gold_actor_index(gold)
    preds = [q for q in rec.get("quotes") or [] if q.get("kind") == kind]
    golds = [q for q in gold.get("quotes") or [] if q.get("kind") == kind]
    req = [q for q in golds if q.get("required", True)]
    opt = [q for q in golds if not q.get("required", True)]
    m_req = max_matching(len(preds), len(req), lambda i, j: quote_matches(preds[i], req[j], index))
    left = [i for i in range(len(preds)) if i not in m_req]
    m_opt = max_matching(
        len(left), len(opt), lambda i, j: quote_matches(preds[left[i]], opt[j], index)
    )
    unmatched = [left[i] for i in range(len(left)) if i not in m_opt]
    c = Counts(tp=len(m_req), fp=len(unmatched), fn=len(req) - len(m_req))
    hit = set(m_req.values())
    c.matched = [_quote_label(req[j]) for j in hit]
    c.extra = [_quote_label(preds[i]) for i in unmatched]
    c.missed = [_quote_label(q) for j, q in enumerate(req) if j not in hit]
    return c


# ---------------------------------------------------------------------------
# Places


def is_country_name(name: str | None, country: str | None) -> bool:
    """Whether ``name`` names the country ``country`` itself (not a city or region in it)."""
    if not country:
        return False
    return vocab_is_country_name(name, country)


def score_places(gold: dict[str, Any], rec: dict[str, Any]) -> Counts:
    """The set of countries, plus each gold place below country level by name.

    Predicted places below country level that the gold does not name are not
    counted (the gold lists cities only where it gives them).
    """
    gplaces = gold.get("places") or []
    pplaces = rec.get("places") or []
    c = _set_counts(
        {p["country"] for p in gplaces if p.get("country")},
        {p["country"] for p in pplaces if p.get("country")},
    )
    pnames = {norm(p.get("name")) for p in pplaces}
    for g in gplaces:
        if g.get("country") and not is_country_name(g.get("name"), g.get("country")):
            label = f"{g['name']} ({g['country']})"
            if norm(g["name"]) in pnames:
                c.tp += 1
                c.matched.append(label)
            else:
                c.fn += 1
                c.missed.append(label)
    return c


# ---------------------------------------------------------------------------
# Times

_TIME_FUNCTION_WORDS = frozenset(
    "on in at of the a an by since as from until till to for during late early also "
    "this that last next".split()
)


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def time_text_overlap(pred: str | None, gold: str | None) -> bool:
    """The texts share a word other than a function word ("On Monday" ~ "Monday").

    A possessive ending is no part of the word ("Sunday's" ~ "Sunday"): FORMAT.md asks
    only that the texts overlap, and ``norm`` alone would make it "sundays".
    """
    pw, gw = (set(words(_POSSESSIVE.sub("", t or ""))) for t in (pred, gold))
    return bool((pw - _TIME_FUNCTION_WORDS or pw) & (gw - _TIME_FUNCTION_WORDS or gw))


def time_matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    pv, gv = pred.get("value"), gold.get("value")
    if (pv is None) != (gv is None) or str(pv).strip() != str(gv).strip():
        return False  # equal values; a gold null (unresolved) wants a null
    return time_text_overlap(pred.get("text"), gold.get("text"))


def score_times(gold: dict[str, Any], rec: dict[str, Any]) -> Counts:
    golds = list(gold.get("times") or [])
    preds = list(rec.get("times") or [])
    m = max_matching(len(preds), len(golds), lambda i, j: time_matches(preds[i], golds[j]))
    c = Counts(tp=len(m), fp=len(preds) - len(m), fn=len(golds) - len(m))
    hit = set(m.values())

    def label(t: dict[str, Any]) -> str:
        return f"{t.get('text')!r} = {t.get('value')}"

    c.matched = [label(golds[j]) for j in hit]
    c.extra = [label(p) for i, p in enumerate(preds) if i not in m]
    c.missed = [label(g) for j, g in enumerate(golds) if j not in hit]
    return c


# ---------------------------------------------------------------------------
# One article, many articles


@dataclass
class ArticleScore:
    """The counts of one gold article, and what else went wrong."""

    gold_id: str
    counts: dict[str, Counts]
    not_actors: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    failure: str | None = None
    notes: list[str] = field(default_factory=list)


def score_record(gold: dict[str, Any], rec: dict[str, Any] | None) -> ArticleScore:
    """Score one record dict against one gold dict. ``rec=None`` scores an empty record."""
    rec = rec or {}
    events, forbidden = score_events(gold, rec)
    counts = {
        "actors": score_actors(gold, rec),
        "actor_countries": score_actor_countries(gold, rec),
        "events": events,
        "quotes_direct": score_quotes(gold, rec, "direct"),
        "quotes_indirect": score_quotes(gold, rec, "indirect"),
        "places": score_places(gold, rec),
        "times": score_times(gold, rec),
    }
    return ArticleScore(
        gold_id=str(gold.get("id") or ""),
        counts=counts,
        not_actors=not_actor_violations(gold, rec),
        forbidden=forbidden,
    )


def aggregate(articles: Sequence[ArticleScore]) -> dict[str, Any]:
    """Micro-averaged scores over articles, plus violation counts."""
    total = {c: Counts() for c in CATEGORIES}
    for a in articles:
        for c in CATEGORIES:
            total[c].add(a.counts[c])
    out: dict[str, Any] = {c: total[c].scores() for c in CATEGORIES}
    out["not_actor_violations"] = sum(len(a.not_actors) for a in articles)
    out["forbidden_events"] = sum(len(a.forbidden) for a in articles)
    out["articles"] = len(articles)
    out["failures"] = sum(1 for a in articles if a.failure)
    return out


# ---------------------------------------------------------------------------
# The quality gate


def check_against_baseline(
    scores: dict[str, Any], baseline: dict[str, Any], tolerance: float = 0.02
) -> list[str]:
    """Every score that dropped below its baseline by more than ``tolerance``.

    ``scores`` and ``baseline`` are :func:`aggregate` outputs (the baseline may hold
    only some categories). An empty list means the gate passes.
    """
    base = baseline.get("scores", baseline)
    problems: list[str] = []
    for cat, metrics in base.items():
        if not isinstance(metrics, dict):
            continue
        now = scores.get(cat)
        for m in METRICS:
            if m not in metrics:
                continue
            if not isinstance(now, dict) or m not in now:
                problems.append(f"{cat} {m}: missing (baseline {metrics[m]:.3f})")
                continue
            if now[m] < metrics[m] - tolerance - 1e-9:
                problems.append(
                    f"{cat} {m}: {now[m]:.3f} < baseline {metrics[m]:.3f} - {tolerance:g}"
                )
    return problems


def raised_baseline(scores: dict[str, Any], baseline: dict[str, Any] | None) -> dict[str, Any]:
    """A new baseline: each score the higher of the old baseline and now."""
    old = (baseline or {}).get("scores", baseline or {})
    new: dict[str, Any] = {}
    for cat in CATEGORIES:
        now = scores.get(cat) or {}
        prev = old.get(cat) or {}
        new[cat] = {
            m: round(max(float(now.get(m, 0.0)), float(prev.get(m, 0.0))), 4) for m in METRICS
        }
    return new


# ---------------------------------------------------------------------------
# Running dyad over a gold folder


def gold_files(gold_dir: str | Path) -> list[Path]:
    return sorted(p for p in Path(gold_dir).glob("*.json") if p.is_file())


def load_gold(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_article(path: Path) -> Any:
    """An Article (or a Failure) for the gold's article file, via the readers."""
    from dyad.contract import Failure

    try:
        from dyad.read import read_paths

        got = list(read_paths([str(path)]))
        if got:
            return got[0]
    except NotImplementedError:
        pass
    from dyad.read.decode import Unreadable, decode_bytes
    from dyad.read.text import parse_text_article

    try:
        text, _ = decode_bytes(path.read_bytes())
    except (OSError, Unreadable) as exc:
        return Failure(str(path), f"cannot read: {exc}", None, "read")
    return parse_text_article(text, source_path=str(path), kind="markdown")


@dataclass
class EvalResult:
    scores: dict[str, Any]
    articles: list[ArticleScore]
    records: dict[str, dict[str, Any]] = field(default_factory=dict)


def evaluate_records(
    pairs: Iterable[tuple[dict[str, Any], dict[str, Any] | None, str | None]],
) -> EvalResult:
    """Score ``(gold, record dict or None, failure reason or None)`` triples."""
    arts: list[ArticleScore] = []
    for gold, rec, failure in pairs:
        s = score_record(gold, rec)
        s.failure = failure
        arts.append(s)
    return EvalResult(aggregate(arts), arts)


def evaluate_dir(gold_dir: str | Path, settings: Any = None, pipeline: Any = None) -> EvalResult:
    """Run dyad over the article of each gold file in ``gold_dir`` and score it."""
    from dyad.contract import Failure
    from dyad.model import Article
    from dyad.pipeline import Pipeline

    golds = [(p, load_gold(p)) for p in gold_files(gold_dir)]
    items: list[Article | Failure] = []
    notes: dict[int, list[str]] = {}
    for k, (p, g) in enumerate(golds):
        a = read_article((p.parent / g["article"]).resolve())
        if isinstance(a, Article):
            if not a.published and g.get("published"):
                a.published = g["published"]
                notes.setdefault(k, []).append("reader found no date: used the gold's")
            # a stable id per gold file, so two gold files on one article stay apart
            a.id = f"{a.id}:{k}"
        else:
            a.article_id = f"gold:{k}"
        items.append(a)
    pipe = pipeline or Pipeline(settings)
    outs = list(pipe.process(items))
    by_id: dict[str, Any] = {}
    for o in outs:
        key = o.id if not isinstance(o, Failure) else (o.article_id or "")
        by_id[key.rsplit(":", 1)[-1]] = o
    triples = []
    records: dict[str, dict[str, Any]] = {}
    for k, (_p, g) in enumerate(golds):
        o = by_id.get(str(k))
        if o is None or isinstance(o, Failure):
            reason = o.reason if o is not None else "no output"
            triples.append((g, None, reason))
        else:
            d = o.to_dict()
            records[str(g.get("id"))] = d
            triples.append((g, d, None))
    res = evaluate_records(triples)
    for k, a in enumerate(res.articles):
        a.notes = notes.get(k, [])
    res.records = records
    return res


def per_article_errors(res: EvalResult) -> list[dict[str, Any]]:
    """Misses and extras per category per article (for ``--show-errors`` and ``--json``)."""
    out = []
    for a in res.articles:
        out.append(
            {
                "gold": a.gold_id,
                "failure": a.failure,
                "notes": a.notes,
                "not_actor_violations": a.not_actors,
                "forbidden_events": a.forbidden,
                "categories": {
                    c: {"missed": a.counts[c].missed, "extra": a.counts[c].extra}
                    for c in CATEGORIES
                },
            }
        )
    return out
