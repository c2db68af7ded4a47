"""dyad's quotes against textacy's ``direct_quotations`` on the same gold articles.

Both run on the same spaCy parses (dyad's model) and are scored by the same scorer
(:mod:`dyad.evaluate`, the rules of ../shared/gold/FORMAT.md). textacy's speakers are
turned into actors the same way dyad's are (the actor whose mention covers the speaker
words), so the comparison is about finding quotes and their speakers, not about the
actors stage. textacy has no indirect quotes; its row there is empty.

On PolNeAR (``--polnear dev|test``) dyad's quotes are mapped to PolNeAR's scheme by
``polnear.attributions`` (scare quotes dropped, the quotes of one cue merged into one
attribution). textacy is scored twice: with the same merging (its pieces of one cue and
speaker are one attribution; it finds no scare quotes) and, labelled, as raw pieces.
Matching is strict (``scoring.match_spans``), with the lenient figure beside it.

textacy 0.13 pins may clash with dyad's, so it lives in its own virtual environment and
runs in a subprocess on the parses, serialised as a spaCy DocBin::

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy==0.13.0 spacy==3.8.18
    .venv/bin/python benchmarks/quotes_textacy.py [GOLD_DIR] [--textacy-python PATH]
    .venv/bin/python benchmarks/quotes_textacy.py --polnear dev   # direct quotes on PolNeAR

Without that environment the script says so and scores dyad alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "dev"
DEFAULT_PY = os.environ.get("TEXTACY_PYTHON", "/tmp/textacy-venv/bin/python")

RUNNER = r"""
import json, sys
import spacy
from spacy.tokens import DocBin
from textacy.extract.triples import direct_quotations
vocab = spacy.blank("en").vocab
docs = list(DocBin().from_disk(sys.argv[1]).get_docs(vocab))
out = []
for doc in docs:
    got = []
    try:
        for q in direct_quotations(doc):
            sp = [(t.idx, t.idx + len(t)) for t in q.speaker]
            cue = [(t.idx, t.idx + len(t)) for t in q.cue]
            content = q.content
            got.append({"speaker": sp, "cue": cue,
                        "span": [content.start_char, content.end_char], "text": content.text})
        out.append({"quotes": got, "error": None})
    except Exception as exc:  # textacy gives up on unbalanced quotation marks
        out.append({"quotes": got, "error": f"{type(exc).__name__}: {exc}"})
json.dump(out, open(sys.argv[2], "w"))
"""


def run_textacy(python: str, docs: list) -> list[dict] | None:
    """textacy's quotes per doc, or None where its environment is missing."""
    from spacy.tokens import DocBin

    if not Path(python).exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        db = DocBin(
            attrs=[
                "ORTH",
                "LEMMA",
                "POS",
                "TAG",
                "DEP",
                "HEAD",
                "ENT_IOB",
                "ENT_TYPE",
                "SENT_START",
                "MORPH",
            ]
        )
        for d in docs:
            db.add(d)
        db.to_disk(Path(tmp) / "docs.spacy")
        (Path(tmp) / "runner.py").write_text(RUNNER)
        r = subprocess.run(
            [
                python,
                str(Path(tmp) / "runner.py"),
                str(Path(tmp) / "docs.spacy"),
                str(Path(tmp) / "out.json"),
            ],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            print(f"textacy failed to run:\n{r.stderr[-2000:]}", file=sys.stderr)
            return None
        return json.loads((Path(tmp) / "out.json").read_text())


def textacy_record(rec_dict: dict, found: dict) -> dict:
    """A copy of dyad's record whose quotes are textacy's (speakers mapped to actors)."""
    from dyad.extract.lookup import actor_at
    from dyad.model import Record

    rec = Record.from_dict(rec_dict)
    quotes = []
    for q in found["quotes"]:
        speaker = None
        if q["speaker"]:
            s, e = q["speaker"][0][0], q["speaker"][-1][1]
            a = actor_at(rec, s, e)
            speaker = a.ref().to_dict() if a else {"name": rec.text[s:e], "country": None}
        cue = " ".join(rec.text[s:e] for s, e in q["cue"])
        quotes.append(
            {
                "kind": "direct",
                "text": q["text"].strip("\"“”'‘’ "),
                "span": q["span"],
                "speaker": speaker,
                "cue": cue,
            }
        )
    d = dict(rec_dict)
    d["quotes"] = quotes
    return d


def text_only(golds: list[dict], recs: list[dict | None]) -> str:
    """Gold direct quotes whose words were found at all, whoever the speaker."""
    from dyad.evaluate import text_overlap

    n = hit = 0
    for g, r in zip(golds, recs, strict=True):
        preds = [q["text"] for q in (r or {}).get("quotes", []) if q.get("kind") == "direct"]
        for q in g.get("quotes", []):
            if q.get("kind") == "direct" and q.get("required", True):
                n += 1
                hit += any(text_overlap(p, q["text"]) for p in preds)
    return f"{hit}/{n} gold direct quotes found (text only, any speaker)"


def polnear(split: str, python: str) -> int:
    """Direct quotes on PolNeAR, dyad and textacy, with benchmarks/polnear.py's matching."""
    from types import SimpleNamespace

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import polnear as pn

    from dyad import nlp
    from dyad.extract.actors import stage as actors
    from dyad.extract.lookup import actor_at
    from dyad.extract.quotes import stage as quotes
    from dyad.extract.times import stage as times
    from dyad.model import Record
    from dyad.pipeline import Context

    arts = pn.load_split(split, None)
    docs = list(nlp.load().pipe(a[1] for a in arts))
    found = run_textacy(python, docs)
    ctx = Context()
    names = ("dyad", "textacy, merged per cue", "textacy, raw pieces")
    rows = {(n, mode): pn.Counts() for n in names for mode in ("strict", "lenient")}
    gave_up = 0
    for k, ((stem, text, published, golds), doc) in enumerate(zip(arts, docs, strict=True)):
        pn.mark_kinds(text, golds)
        golds = [g for g in golds if g.kind == "direct"]
        rec = Record(id=stem, text=text, published=published)
        for stage in (actors.run, times.run):  # an earlier stage's bug must not stop the benchmark
            try:
                stage(doc, rec, ctx)
            except Exception as exc:  # noqa: BLE001
                print(f"{stem}: {stage.__module__} failed: {type(exc).__name__}", file=sys.stderr)
        preds = {
            "dyad": [
                a for a in pn.attributions(quotes.extract(doc, rec, ctx)) if a.kind == "direct"
            ]
        }
        if found is not None:
            gave_up += bool(found[k]["error"])
            raw: list = []
            merged: dict[object, pn.Attr] = {}
            for n, q in enumerate(found[k]["quotes"]):
                sp = q["speaker"]
                speaker = None
                if sp:  # the same actor lookup dyad's speakers get
                    act = actor_at(rec, sp[0][0], sp[-1][1])
                    speaker = SimpleNamespace(start=sp[0][0], end=sp[-1][1], actor=act)
                raw.append(pn.Attr("direct", [tuple(q["span"])], speaker, q["text"], None))
                # the merging dyad's quotes get (pn.attributions): the pieces of one cue
                # and speaker are one attribution
                key = (str(q["cue"]), str(sp)) if q["cue"] else n
                if key in merged:
                    merged[key].spans.append(tuple(q["span"]))
                else:
                    merged[key] = pn.Attr("direct", [tuple(q["span"])], speaker, q["text"], None)
            preds["textacy, merged per cue"] = list(merged.values())
            preds["textacy, raw pieces"] = raw
        for name, ps in preds.items():
            for mode in ("strict", "lenient"):
                rows[(name, mode)].add(ps, golds, pn.match(ps, golds, strict=mode == "strict"))
    for mode in ("strict", "lenient"):
        rule = "STRICT (>= half of each side)" if mode == "strict" else "lenient (one character)"
        print(f"PolNeAR {split}, direct quotes ({len(arts)} articles; {rule} matching, one-to-one)")
        print(
            f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'speaker acc':>12}"
        )
        for name in names:
            c = rows[(name, mode)]
            if name != "dyad" and found is None:
                print(f"{name:24} skipped: no textacy environment at {python}")
                continue
            p, r, f = c.prf()
            acc = c.spk_ok / c.spk_n if c.spk_n else 0.0
            print(
                f"{name:24} {100 * p:6.1f} {100 * r:6.1f} {100 * f:6.1f} {c.tp:5d} {c.fp:5d} "
                f"{c.fn:5d} {100 * acc:11.1f}%"
            )
    if found is not None:
        print(f"textacy gave up on {gave_up} of {len(arts)} articles (unbalanced quotation marks)")
    return 0


def line(name: str, s: dict) -> str:
    return f"{name:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:4d} {s['fp']:4d} {s['fn']:4d}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("--textacy-python", default=DEFAULT_PY)
    ap.add_argument(
        "--polnear", choices=["dev", "test"], help="score direct quotes on PolNeAR instead"
    )
    args = ap.parse_args()
    if args.polnear:
        return polnear(args.polnear, args.textacy_python)
    from dyad import nlp
    from dyad.evaluate import evaluate_dir, evaluate_records, gold_files, load_gold
    from dyad.pipeline import Settings

    if not Path(args.gold).is_dir():
        print(f"no gold folder at {args.gold}", file=sys.stderr)
        return 1
    res = evaluate_dir(args.gold, Settings(stages=("actors", "learn", "times", "quotes")))
    golds = [load_gold(p) for p in gold_files(args.gold)]
    recs = [res.records.get(str(g.get("id"))) for g in golds]
    print(f"{len(golds)} gold articles in {args.gold}; scorer: dyad.evaluate (FORMAT.md)")
    print(f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    print("direct quotes (right speaker)")
    print(line("dyad", res.scores["quotes_direct"]), " ", text_only(golds, recs))
    docs = list(nlp.load().pipe(r["text"] if r else "" for r in recs))
    found = run_textacy(args.textacy_python, docs)
    if found is None:
        print(
            f"textacy    skipped: no textacy environment at {args.textacy_python} (see this script's docstring)"
        )
    else:
        tres = evaluate_records(
            (g, textacy_record(r, f) if r else None, None if r else "no record")
            for g, r, f in zip(golds, recs, found, strict=True)
        )
        trecs = [textacy_record(r, f) if r else None for r, f in zip(recs, found, strict=True)]
        print(line("textacy", tres.scores["quotes_direct"]), " ", text_only(golds, trecs))
        gave_up = [g.get("id") for g, f in zip(golds, found, strict=True) if f["error"]]
        if gave_up:
            print(f"textacy gave up on {len(gave_up)} article(s): {', '.join(map(str, gave_up))}")
    print("indirect quotes (right speaker)")
    print(line("dyad", res.scores["quotes_indirect"]))
    print(f"{'textacy':10} (has no indirect quotes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
