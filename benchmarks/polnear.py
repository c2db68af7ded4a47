"""Score dyad's quotes stage on PolNeAR (political news attribution relations).

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks, in 2016 US election news, every
attribution: its source, cue and content. This script runs dyad (actors, times and
quotes stages) over the dev or test split and reports, with strict matching (a
predicted quote matches a gold attribution when the characters their contents share
are at least half of each; one-to-one, largest overlap first; rules in
``scoring.match_spans``) and, labelled, the old lenient matching (one shared character):

- attribution precision, recall and F1, all together and direct / indirect apart
  (a gold content is direct when at least half of it lies inside quotation marks, found
  by a plain pairing of marks, ``scoring.quoted_spans``, not by dyad's quote finder);
- speaker accuracy: of the matched attributions that have a gold source, the share
  whose dyad speaker overlaps the gold source span (or whose speaker actor has a
  mention there); and "speaker/gold", the same right speakers over all gold
  attributions with a source, matched or not.

Tune on dev only; score test once. Usage::

    .venv/bin/python benchmarks/polnear.py --split dev [--limit N] [--show 20] [--belief]

The data is at ../shared/research-data/polnear/ (see its README; the texts may not be
shipped). The published bars: a rule system's F1 83.7 with speaker accuracy 86.5%, a
CRF's F1 83.2 (both on other corpora).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scoring import Spans, is_direct, match_spans, overlap, prf, quoted_spans

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "research-data" / "polnear"


@dataclass
class GoldAttr:
    content: Spans
    source: Spans
    cue: Spans
    kind: str = "indirect"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    spk_ok: int = 0
    spk_n: int = 0  # matched attributions with a gold source
    src_n: int = 0  # gold attributions with a source, matched or not
    examples: list[str] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)

    def add(
        self,
        preds: list,
        golds: list[GoldAttr],
        pairs: list[tuple[int, int]],
        text: str | None = None,
    ) -> list[tuple[int, int]]:
        """Count one article: ``preds`` against ``golds``, matched as ``pairs`` (:func:`match`),
        speakers by :func:`speaker_ok` (with ``text``, its repairs). Returns the matched pairs
        whose speaker is wrong."""
        self.tp += len(pairs)
        self.fp += len(preds) - len(pairs)
        self.fn += len(golds) - len(pairs)
        self.src_n += sum(1 for g in golds if g.source)
        wrong = []
        for i, j in pairs:
            if golds[j].source:
                self.spk_n += 1
                ok = speaker_ok(preds[i], golds[j], text)
                self.spk_ok += ok
                if not ok:
                    wrong.append((i, j))
        return wrong


def parse_spans(s: str) -> Spans:
    out = []
    for part in s.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[GoldAttr]:
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("T"):
            tid, mid, _text = (line.split("\t") + ["", ""])[:3]
            label, _, rest = mid.partition(" ")
            spans[tid] = (label, parse_spans(rest))
        elif line.startswith("E"):
            _eid, rest = line.split("\t", 1)
            roles = dict(x.split(":", 1) for x in rest.split())
            events.append(roles)
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        got = {
            k: spans[ev[k]][1] if ev.get(k) in spans else [] for k in ("Content", "Source", "Cue")
        }
        out.append(GoldAttr(got["Content"], got["Source"], got["Cue"]))
    return out


# speech verbs that, as a whole gold source, show its Source and Cue labels swapped
SWAPPED_SOURCE = {"said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes"}


def repair_swapped(text: str, golds: list[GoldAttr]) -> int:
    """Swap back the Source and Cue of a gold attribution whose annotator exchanged the
    labels (source ``said``, cue ``Hester``): the source is one speech verb and the cue
    starts with a capital. Returns how many were repaired. Applied to every system alike."""
    n = 0
    for g in golds:
        if len(g.source) != 1 or not g.cue:
            continue
        src = text[g.source[0][0] : g.source[0][1]].strip()
        cue = text[g.cue[0][0] : g.cue[0][1]].strip()
        if src in SWAPPED_SOURCE and cue[:1].isupper():
            g.source, g.cue = g.cue, g.source
            n += 1
    return n


def load_split(split: str, limit: int | None) -> list[tuple[str, str, str | None, list[GoldAttr]]]:
    meta: dict[str, str] = {}
    with open(DATA / "metadata.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row["publication_date"]
    out = []
    for txt in sorted((DATA / split / "text").glob("*.txt")):
        anns = sorted((DATA / split / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text("utf-8")
        golds = read_ann(anns[0])
        repair_swapped(text, golds)
        out.append((txt.stem, text, meta.get(txt.stem), golds))
        if limit and len(out) >= limit:
            break
    return out


# Cues of speech: verbs and nouns of saying, asking, writing and of verbal evaluation
# (calling, accusing, praising), as lemmas. Written from the meaning of the words, not
# from dyad's cue lexicon, and frozen before the test split was scored (2026-12-03,
# session 4). Not speech: beliefs, wishes, plans, perceptions and findings (think, want,
# plan, seem, know, show, find, see, support).
SPEECH_CUES = frozenset(
    """say tell add ask answer reply respond state declare announce report write tweet post
    note explain argue claim insist assert maintain contend warn caution urge call demand
    request plead appeal promise pledge vow threaten deny admit acknowledge concede confirm
    reveal disclose mention remark comment observe recall recount describe characterize
    characterise label brand dub term liken compare praise hail laud criticize criticise
    condemn denounce attack blast slam accuse blame charge question complain protest suggest
    propose recommend predict joke quip boast brag shout yell chant sing scream whisper
    exclaim testify speak talk discuss continue reiterate repeat stress emphasize emphasise
    point cite quote read echo tout endorse reject dismiss agree allege mock lament concur
    retort counter insist inform assure signal hint speculate grumble muse proclaim affirm
    statement remarks interview speech letter release announcement allegation testimony
    according headline editorial op-ed column conference""".split()
)


def speech_cue(doc, text: str, g: GoldAttr) -> bool:
    """Whether a gold attribution's cue is speech: a speech word (``SPEECH_CUES``, by
    lemma) or punctuation alone (the colon of a transcript, the dash of a signed quote)."""
    words = " ".join(text[a:b] for a, b in g.cue).strip()
    if not words or not any(ch.isalnum() for ch in words):
        return True
    for a, b in g.cue:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None and any(t.lemma_.lower() in SPEECH_CUES for t in span):
            return True
    return False


def mark_kinds(text: str, golds: list[GoldAttr]) -> int:
    """A gold content is direct when at least half of its characters are inside
    quotation marks, found by ``scoring.quoted_spans`` (a plain pairing, not dyad's
    quote finder). Returns how many golds dyad's finder would have classed otherwise."""
    from dyad.extract.quotes.marks import find_quoted

    quoted = quoted_spans(text)
    theirs = [s for q in find_quoted(text) for s in q.segments]
    differ = 0
    for g in golds:
        g.kind = "direct" if is_direct(g.content, quoted) else "indirect"
        differ += g.kind != ("direct" if is_direct(g.content, theirs) else "indirect")
    return differ


def match(preds: list, golds: list[GoldAttr], strict: bool = True) -> list[tuple[int, int]]:
    """``scoring.match_spans`` on the predictions' spans and the golds' contents."""
    return match_spans([p.spans for p in preds], [g.content for g in golds], strict)


@dataclass
class Attr:
    """One predicted attribution: dyad quotes sharing a cue and speaker, merged."""

    kind: str
    spans: Spans
    speaker: object
    text: str
    cue: str | None


def attributions(found: list, text: str | None = None) -> list[Attr]:
    """dyad's quotes as PolNeAR attributions (its scheme, not dyad's).

    No scare quotes; a partial quote inside an indirect quote of the same speaker is part
    of that attribution; a name or epithet in quotes after an evaluating verb ("called
    her 'Miss Piggy'") is no proposition, so no attribution; and the quotes of one cue
    ("A," he said, "B." and quotes carried on from it in the same paragraph) are one
    attribution.

    With ``text``, an attribution is direct or indirect by the rule the gold gets
    (``mark_kinds``: at least half of it inside quotation marks), not by dyad's label:
    ``said the plan "does nothing for the economy."`` is one attribution on both sides,
    and the same rule must class both.
    """
    ind = [f.quote for f in found if f.quote.kind == "indirect"]
    groups: dict[object, Attr] = {}
    out: list[Attr] = []
    for f in found:
        q = f.quote
        if q.kind == "scare":
            continue
        if q.kind == "direct" and any(
            i.span[0] <= q.span[0] and q.span[1] <= i.span[1] and i.speaker == q.speaker
            for i in ind
        ):
            continue
        if q.kind == "direct" and f.cue_class == "evaluate" and len(q.text.split()) < 4:
            continue
        key = (q.kind, q.cue_span, q.speaker.name if q.speaker else None) if q.cue_span else id(f)
        if text is not None and q.cue_span:  # a quote carried into a later paragraph is
            key = (*key, text.rfind("\n", 0, q.span[0]))  # an attribution of its own
        if key in groups:
            groups[key].spans.append(tuple(q.span))
            continue
        a = Attr(q.kind, [tuple(q.span)], f.speaker, q.text, q.cue)
        groups[key] = a
        out.append(a)
    if text is not None:
        quoted = quoted_spans(text)
        for a in out:
            a.kind = "direct" if is_direct(a.spans, quoted) else "indirect"
    return out


RELATIVE = {"who", "which", "that"}
# what may stand between a name and its relative pronoun: nothing, a parenthesis
# ("Sen. Bob Corker (R-Tenn.), who"), or an apposition ("Marc Morial, the head of X, who")
_TO_RELATIVE = re.compile(r"[\s,]*(?:\([^()]*\)[\s,]*|,\s*(?:the|a|an)\s[^,.;:!?]*,\s*)?")


def speaker_ok(found, gold: GoldAttr, text: str | None = None) -> bool:
    """The dyad speaker's words, or a mention of its actor, overlap the gold source.
    A gold source that is a relative pronoun (``who``, ``which``) stands for the name
    it hangs on: with ``text``, a speaker or mention that ends right before it (nothing,
    a parenthesis or an apposition between) is right too."""
    sp = found.speaker
    if sp is None:
        return False
    spans = [(sp.start, sp.end)]
    if sp.actor is not None:
        spans += [(m.start, m.end) for m in sp.actor.mentions]
    if any(overlap([s], gold.source) > 0 for s in spans):
        return True
    if text is None or len(gold.source) != 1:
        return False
    s0, e0 = gold.source[0]
    if text[s0:e0].strip().lower() not in RELATIVE:
        return False
    return any(e <= s0 and _TO_RELATIVE.fullmatch(text, e, s0) for _s, e in spans)


def score(
    split: str, limit: int | None, show: int, belief: bool, focus: str = "all", broad: bool = False
) -> dict[str, Counts]:
    """Counts per ``"strict all"``, ``"lenient direct"``, ... (matching rule, kind); the
    examples (with ``show``) are of the strict matching. ``counts["info"]`` carries notes."""
    from dyad import nlp
    from dyad.extract.actors import stage as actors
    from dyad.extract.quotes import stage as quotes
    from dyad.extract.times import stage as times
    from dyad.model import Record
    from dyad.pipeline import Context

    arts = load_split(split, limit)
    model = nlp.load()
    ctx = Context()
    counts: dict[str, Counts] = defaultdict(Counts)
    failed: list[str] = []
    differ = n_gold = n_speech = 0
    t0 = time.perf_counter()
    docs = model.pipe((a[1] for a in arts), batch_size=16)
    for (stem, text, published, golds), doc in zip(arts, docs, strict=True):
        rec = Record(id=stem, text=text, published=published)
        for stage in (actors.run, times.run):  # an earlier stage's bug must not stop the benchmark
            try:
                stage(doc, rec, ctx)
            except Exception as exc:  # noqa: BLE001
                failed.append(f"{stem}: {stage.__module__} failed: {type(exc).__name__}")
        found = attributions(quotes.extract(doc, rec, ctx, belief=belief, broad=broad), text)
        differ += mark_kinds(text, golds)
        n_gold += len(golds)
        speech = [j for j, g in enumerate(golds) if speech_cue(doc, text, g)]
        n_speech += len(speech)
        for mode in ("strict", "lenient"):
            # speech: the gold restricted to speech cues; a prediction matched to an
            # attribution outside it (a belief) is left out, neither right nor wrong
            pairs = match(found, golds, strict=mode == "strict")
            keep = {j: k for k, j in enumerate(speech)}
            hit = {i for i, _ in pairs}
            ps = [p for i, p in enumerate(found) if i not in hit]
            sp_pairs = []
            for i, j in pairs:
                if j in keep:
                    sp_pairs.append((len(ps), keep[j]))
                    ps.append(found[i])
            counts[f"{mode} speech"].add(ps, [golds[j] for j in speech], sp_pairs, text)
            for kind in ("all", "direct", "indirect"):
                ps = [f for f in found if kind == "all" or f.kind == kind]
                gs = [g for g in golds if kind == "all" or g.kind == kind]
                pairs = match(ps, gs, strict=mode == "strict")
                c = counts[f"{mode} {kind}"]
                for i, j in c.add(ps, gs, pairs, text):
                    if mode == "strict" and kind == focus and len(c.examples) < show:
                        src = " / ".join(text[s:e] for s, e in gs[j].source)
                        got = ps[i].speaker.text if ps[i].speaker else None
                        c.examples.append(
                            f"SPEAKER {stem}: gold {src!r} got {got!r} in {ps[i].text[:80]!r}"
                        )
                if mode == "strict" and kind == focus and show:
                    hit_p = {i for i, _ in pairs}
                    hit_g = {j for _, j in pairs}
                    for i, p in enumerate(ps):
                        if i not in hit_p and len(c.examples) < show * 2:
                            c.examples.append(f"FP {stem}: {p.kind} {p.text[:100]!r} cue={p.cue}")
                    for j, g in enumerate(gs):
                        if j not in hit_g and len(c.examples) < show * 3:
                            cue = " ".join(text[s:e] for s, e in g.cue)
                            body = " ".join(text[s:e] for s, e in g.content)
                            c.examples.append(f"FN {stem}: {g.kind} cue={cue!r} {body[:100]!r}")
    counts["info"].examples.append(
        f"({len(arts)} articles in {time.perf_counter() - t0:.1f} s; {differ} of {n_gold} gold "
        "attributions would be classed direct/indirect otherwise by dyad's own quote finder; "
        f"{n_speech} of {n_gold} ({100 * n_speech / max(n_gold, 1):.1f}%) have a speech cue)"
        + "".join(f"\n  {f}" for f in failed)
    )
    return counts


def table(counts: dict[str, Counts], mode: str) -> list[str]:
    """The P/R/F1 and speaker lines of one matching rule."""
    out = [
        f"{'kind':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5} "
        f"{'speaker acc':>12} {'speaker/gold':>13}"
    ]
    for kind in ("all", "direct", "indirect", "speech"):
        c = counts[f"{mode} {kind}"]
        p, r, f = c.prf()
        acc = c.spk_ok / c.spk_n if c.spk_n else 0.0
        e2e = c.spk_ok / c.src_n if c.src_n else 0.0
        out.append(
            f"{kind:10} {100 * p:6.1f} {100 * r:6.1f} {100 * f:6.1f} {c.tp:5d} {c.fp:5d} {c.fn:5d}"
            f" {100 * acc:11.1f}% {100 * e2e:12.1f}%"
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "test"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=0, help="print this many errors of each sort")
    ap.add_argument(
        "--focus", default="all", choices=["all", "direct", "indirect"], help="whose errors to show"
    )
    ap.add_argument(
        "--broad", action="store_true", help="also the objects of evaluating verbs (criticized X)"
    )
    ap.add_argument(
        "--belief", action="store_true", help="count belief verbs (think, believe) as cues"
    )
    args = ap.parse_args()
    if not (DATA / args.split / "text").is_dir():
        print(f"PolNeAR not found at {DATA}: nothing to score.", file=sys.stderr)
        return 1
    counts = score(args.split, args.limit, args.show, args.belief, args.focus, args.broad)
    print(
        f"PolNeAR {args.split}: STRICT matching (shared characters >= half of each side), one-to-one"
    )
    print("\n".join(table(counts, "strict")))
    print(
        f"PolNeAR {args.split}: lenient matching (one shared character; the pre-2026-12-03 figure)"
    )
    print("\n".join(table(counts, "lenient")))
    print(
        "speaker acc: right speaker among matched attributions with a gold source; "
        "speaker/gold: right speaker among all gold attributions with a source; speech: the "
        "gold restricted to speech cues (SPEECH_CUES), predictions matched outside it left out"
    )
    for ex in counts[f"strict {args.focus}"].examples + counts["info"].examples:
        print(ex)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
