"""Train the event-type model (``lexicon/events_model.json``): one command, deterministic.

    .venv/bin/python -m dyad.extract.events.train [--shared ../shared] [--out PATH]

Training data, each with a licence that allows shipping what is derived from it (the
model card ``lexicon/events_model.md`` lists sizes):

- the verb and noun patterns of ``lexicon/events.tsv`` (ours) and ``lexicon/events_cameo.tsv``
  (CAMEO 2.0, MIT), each turned into the features a matching parse would have;
- ``lexicon/events_sentences.tsv``: sentences we wrote for the cases rules cannot decide
  (verbal or physical "attack", economic metaphors, kinds of pledges), parsed;
- the even-numbered lines (1-based) of ``plover-gsr/plover_gsr_cameo.normalized.jsonl``
  (CC BY-SA 4.0), parsed, the marked trigger labelled with the gold type. The odd lines
  are never read here: they are the held-out evaluation.

Full-batch gradient descent on an L2-regularised multinomial logistic regression: the
same data give the same weights, bit for bit on one machine.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from dyad.extract.events.lexicon import Entry, read_entries
from dyad.extract.events.model import features, model_path

LEX = model_path().parent


def entry_examples(e: Entry) -> list[tuple[list[str], str, float]]:
    """The features a parse matching a lexicon entry would show, one set per object word."""
    v = e.lemma
    base = [f"k={e.kind}", f"v={v}", f"{e.kind}:v={v}"]
    if e.kind == "N":
        return [(base + [f"nm={m}" for m in e.mods], e.type, 1.0)]
    sets: list[list[str]] = [base[:]]
    prep = None
    for part in e.parts:
        if part.word is not None:
            prep = part.word
            for s in sets:
                s += [f"p={prep}", f"v+p={v}|{prep}"]
            if part.particle:
                prep = None
            continue
        objs = sorted(part.objs or ())
        new = []
        for s in sets:
            for o in objs:
                if prep is None:
                    new.append(s + [f"o={o}", f"v+o={v}|{o}", "ok=THING", f"v+ok={v}|THING"])
                else:
                    new.append(
                        s
                        + [f"p+po={prep}|{o}", f"v+p+po={v}|{prep}|{o}", f"p+pk={prep}|THING"]
                        + [f"v+p+pk={v}|{prep}|THING"]
                    )
        sets = new or sets
        prep = None
    if not any(p.objs for p in e.parts):
        # no object named: the entry is about an actor as object or prepositional object
        for s in sets:
            if prep is None:
                s += ["ok=ACTOR", f"v+ok={v}|ACTOR"]
            else:
                s += [f"p+pk={prep}|ACTOR", f"v+p+pk={v}|{prep}|ACTOR"]
    w = 1.0 / max(1.0, len(sets)) ** 0.5
    return [(s, e.type, w) for s in sets]


def lexicon_examples() -> list[tuple[list[str], str, float]]:
    out = []
    for name in ("events.tsv", "events_cameo.tsv"):
        path = LEX / name
        if path.exists():
            for e in read_entries(path):
                out += entry_examples(e)
    return out


def find_trigger(doc, words: list[str]):  # type: ignore[no-untyped-def]
    """The token of a marked trigger phrase: its verb or noun, else its first word."""
    low = [w.lower() for w in words]
    for i in range(len(doc) - len(low) + 1):
        if [t.lower_ for t in doc[i : i + len(low)]] == low:
            span = doc[i : i + len(low)]
            for t in span:
                if t.pos_ in ("VERB", "AUX"):
                    return t
            for t in span:
                if t.pos_ == "NOUN":
                    return t
            return span.root
    return None


def sentence_examples(nlp, rows: list[tuple[str, str, str]], w: float):  # type: ignore[no-untyped-def]
    """(type, trigger words, sentence) rows -> features of the parsed trigger."""
    out, missed = [], 0
    docs = nlp.pipe([r[2] for r in rows], batch_size=64)
    for (label, trig, _), doc in zip(rows, docs, strict=True):
        t = find_trigger(doc, trig.split())
        if t is None:
            missed += 1
            continue
        out.append((features(t), label, w))
    return out, missed


def gsr_even(shared: Path) -> list[tuple[str, str, str]]:
    path = shared / "research-data/plover-gsr/plover_gsr_cameo.normalized.jsonl"
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if n % 2 == 1 or not line.strip():
            continue  # odd lines are held out for evaluation
        r = json.loads(line)
        m = re.search(r"\(EVT: ([^)]*)\)", r.get("markup") or "")
        if r.get("event") and m:
            rows.append((r["event"], m.group(1), r["text"]))
    return rows


def own_sentences() -> list[tuple[str, str, str]]:
    rows = []
    path = LEX / "events_sentences.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, trig, text = line.split("\t")
            rows.append((label.strip(), trig.strip(), text.strip()))
    return rows


def fit(
    data: list[tuple[list[str], str, float]],
    l2: float = 1e-4,
    steps: int = 300,
    min_w: float = 0.1,
) -> tuple[list[str], dict[str, dict[str, float]], dict[str, float]]:
    """Multinomial logistic regression by full-batch Adam; deterministic.

    Weights below ``min_w`` in size are dropped from the file (they change no answer
    that matters and would triple its size)."""
    classes = sorted({y for _, y, _ in data})
    feats = sorted({f for x, _, _ in data for f in x})
    fi = {f: i for i, f in enumerate(feats)}
    ci = {c: i for i, c in enumerate(classes)}
    rows = np.array([n for n, (x, _, _) in enumerate(data) for _ in x], dtype=np.int64)
    cols = np.array([fi[f] for x, _, _ in data for f in x], dtype=np.int64)
    y = np.array([ci[c] for _, c, _ in data])
    sw = np.array([w for _, _, w in data])
    sw = sw / sw.sum()
    n, k, d = len(data), len(classes), len(feats)
    W = np.zeros((d, k))
    b = np.zeros(k)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros(k), np.zeros(k)
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    for step in range(1, steps + 1):
        S = np.tile(b, (n, 1))
        np.add.at(S, rows, W[cols])
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        P /= P.sum(axis=1, keepdims=True)
        G = (P - Y) * sw[:, None]
        gW = np.zeros_like(W)
        np.add.at(gW, cols, G[rows])
        gW += l2 * W
        gb = G.sum(axis=0)
        for g, m, v, p in ((gW, mW, vW, W), (gb, mb, vb, b)):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps)
    weights: dict[str, dict[str, float]] = {}
    for f, i in fi.items():
        row = {classes[j]: round(float(W[i, j]), 2) for j in range(k) if abs(W[i, j]) >= min_w}
        if row:
            weights[f] = row
    bias = {c: round(float(b[j]), 3) for j, c in enumerate(classes)}
    return classes, weights, bias


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default=str(model_path()))
    ap.add_argument("--steps", type=int, default=300)
    args = ap.parse_args()
    from dyad.nlp import load

    nlp = load()
    lex = lexicon_examples()
    own, own_missed = sentence_examples(nlp, own_sentences(), 5.0)
    gsr_rows = gsr_even(Path(args.shared)) if Path(args.shared).exists() else []
    gsr, gsr_missed = sentence_examples(nlp, gsr_rows, 5.0)
    data = lex + own + gsr
    classes, weights, bias = fit(data, steps=args.steps)
    train_acc = sum(
        1
        for x, yv, _ in own + gsr
        if max((p := TypeModelLite(classes, weights, bias).probs(x)), key=p.__getitem__) == yv
    ) / max(1, len(own + gsr))
    out = {
        "about": "dyad event-type model; see events_model.md (CC BY-SA 4.0: trained on PLOVER GSR even lines)",
        "sizes": {
            "lexicon_examples": len(lex),
            "own_sentences": len(own),
            "own_sentences_unmatched": own_missed,
            "gsr_even_sentences": len(gsr),
            "gsr_even_unmatched": gsr_missed,
            "features": len(weights),
        },
        "train_accuracy_sentences": round(train_acc, 3),
        "classes": classes,
        "bias": bias,
        "weights": weights,
    }
    Path(args.out).write_text(json.dumps(out, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(json.dumps(out["sizes"]), "train accuracy on sentences", out["train_accuracy_sentences"])


class TypeModelLite:
    def __init__(self, classes, weights, bias):  # type: ignore[no-untyped-def]
        from dyad.extract.events.model import TypeModel

        self.m = TypeModel(classes, weights, bias)

    def probs(self, x: list[str]) -> dict[str, float]:
        return self.m.predict_features(x)


if __name__ == "__main__":
    main()
