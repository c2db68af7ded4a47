"""A long fuzz run over dyad's readers and pipeline (atheris; hypothesis where absent).

    .venv/bin/python benchmarks/fuzz.py readers --seconds 600
    .venv/bin/python benchmarks/fuzz.py pipeline --seconds 600
    .venv/bin/python benchmarks/fuzz.py text --seconds 300

Targets:

- ``readers``: the input's first byte picks a file kind (.txt .md .jsonl .json .csv .tsv
  .html .xml .warc .warc.gz, none); the rest is written to such a file and read with
  ``dyad.read.read_paths``.
- ``text``: the bytes through ``decode_bytes``, ``parse_text_article``, ``parse_date``
  and ``article_from_fields``.
- ``pipeline``: the bytes decoded as UTF-8 (with replacement) through the whole
  ``Pipeline`` (all stages).

The contract checked on every input: no unhandled exception; only Articles / Records
or Failures come out; an Article's text and fields encode as UTF-8 and its date is a
real date; a Record's spans lie inside its text and it survives the JSON round trip.
An unhandled exception or a broken contract stops the run (libFuzzer writes the input
as ``crash-*`` into ``--out``); a slow input is killed by ``-timeout`` (``timeout-*``).
Soft findings do not stop the run and go to ``OUT/findings.jsonl``: a Failure whose
reason is ``reader error: ...`` (an exception that only the reader's safety net caught)
and an input slower than ``--slow`` seconds. A summary is printed at the end.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXTS = [".txt", ".md", ".jsonl", ".json", ".csv", ".tsv", ".html", ".xml", ".warc", ".warc.gz", ""]

# News-shaped pieces and hostile characters for the hypothesis engine: random bytes
# rarely reach the header, quote and event logic.
NEWS_PIECES = [
    "# Serdyukov Seeks Libya Cease-Fire\n\n",
    "March 22, 2011\n\n",
    "February 31, 2011\n\n",
    "A caption. **Mikhail Metzel**\n\n",
    "*(AP, Reuters)*\n\n",
    "Original url: <https://www.themoscowtimes.com/2011/03/22/a>\n\n",
    "Defense Minister Anatoly Serdyukov called for a cease-fire on Tuesday. ",
    'Gates said, "It is perfectly evident." ',
    "\u201cWe will not,\u201d he said. ",
    "Russia and the United States met in Moscow last week. ",
    "Turkey did not block NATO. ",
    "Italy threatened to withdraw the use of its bases unless NATO led. ",
    "The coalition pounded Libyan air defenses for the third day. ",
    '{"text": "Germany banned Mahan Air.", "date": "2019-02-31"}\n',
]
HOSTILE_PIECES = [
    "\u200f", "\u202e", "\u200d", "\u200b", "\ufeff", "\u0301", "\U0001f600",
    "\x00", '"', "\u201c", "\u201d", "'", "\n", "\r", "\u2028", "(", "<p>", "&amp;",
]  # fmt: skip

STATS: dict[str, Any] = {"inputs": 0, "findings": 0, "kinds": {}, "slowest": 0.0}


class Finder:
    """Writes soft findings (one JSON line each, with the input) once per kind of finding."""

    def __init__(self, out: Path, slow: float):
        self.out = out
        self.slow = slow
        self.seen: set[str] = set()
        self.log = (out / "findings.jsonl").open("a", encoding="utf-8")

    def note(self, kind: str, detail: str, data: bytes) -> None:
        # one finding per kind of message: quoted values and numbers do not make it new
        key = f"{kind}:" + re.sub(r"'[^']*'?|\"[^\"]*\"?|\d+", "_", detail)[:80]
        STATS["kinds"][kind] = STATS["kinds"].get(kind, 0) + 1
        if key in self.seen:
            return
        self.seen.add(key)
        STATS["findings"] += 1
        name = hashlib.sha1(data).hexdigest()[:12]
        (self.out / f"finding-{name}").write_bytes(data)
        self.log.write(
            json.dumps({"kind": kind, "detail": detail, "input": f"finding-{name}"}) + "\n"
        )
        self.log.flush()


def check_article(a: Any) -> None:
    assert isinstance(a.text, str)
    a.text.encode("utf-8")
    for f in ("title", "caption", "dateline", "url", "publisher", "credit"):
        v = getattr(a, f, None)
        assert v is None or isinstance(v, str), f
        if v:
            v.encode("utf-8")
    if a.published is not None:
        dt.date.fromisoformat(a.published)


def check_items(items: list, finder: Finder, data: bytes) -> None:
    from dyad.model import Article
    from dyad.pipeline import Failure

    for it in items:
        assert isinstance(it, Article | Failure), type(it)
        if isinstance(it, Failure):
            assert it.reason
            if it.reason.startswith("reader error"):
                finder.note("reader-error", it.reason, data)
        else:
            check_article(it)


def check_record(r: Any) -> None:
    from dyad.model import Record
    from dyad.pipeline import Failure

    assert isinstance(r, Record | Failure), type(r)
    if isinstance(r, Failure):
        assert r.reason
        return
    n = len(r.text)
    spans = [(m.start, m.end) for a in r.actors for m in a.mentions]
    spans += [q.span for q in r.quotes] + [p.span for p in r.places] + [e.span for e in r.events]
    spans += [t.span for t in r.times if t.span is not None]
    for s, e in spans:
        assert 0 <= s <= e <= n, (s, e, n)
    js = r.to_json()
    js.encode("utf-8")
    assert Record.from_json(js).to_dict() == r.to_dict()


def make_target(name: str, finder: Finder, tmp: Path):
    if name == "readers":
        from dyad.read import read_paths

        def one(data: bytes) -> None:
            if not data:
                return
            ext = EXTS[data[0] % len(EXTS)]
            p = tmp / f"input{ext}"
            p.write_bytes(data[1:])
            check_items(list(read_paths([str(p)])), finder, data)

        return one
    if name == "text":
        from dyad.read.dates import parse_date
        from dyad.read.decode import Unreadable, decode_bytes
        from dyad.read.tabular import article_from_fields
        from dyad.read.text import parse_text_article

        def one(data: bytes) -> None:
            try:
                text, _ = decode_bytes(data)
            except Unreadable:
                text = data.decode("utf-8", "replace")
            check_article(parse_text_article(text, "fuzz.md", "markdown"))
            d = parse_date(text[:200])
            assert d is None or dt.date.fromisoformat(d)
            try:
                obj = json.loads(text)
            except (ValueError, RecursionError):
                obj = {"text": text, "date": text[:40], "url": text[:60]}
            if isinstance(obj, dict):
                check_items([article_from_fields(obj, "fuzz.jsonl:1", "jsonl")], finder, data)

        return one
    if name == "pipeline":
        from dyad.model import Article, article_id
        from dyad.pipeline import Pipeline, Settings

        pipe = Pipeline(Settings(time_per_article=10.0))

        def one(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            art = Article(id=article_id(None, text), text=text, published="2011-03-22")
            outs = list(pipe.process([art]))
            assert len(outs) == 1
            check_record(outs[0])

        return one
    raise SystemExit(f"unknown target {name!r}: readers, text or pipeline")


def timed(one, finder: Finder):
    def run(data: bytes) -> None:
        STATS["inputs"] += 1
        t = time.perf_counter()
        one(data)
        took = time.perf_counter() - t
        STATS["slowest"] = max(STATS["slowest"], took)
        if took > finder.slow and STATS["inputs"] > 1:  # the first input pays the warm-up
            finder.note("slow", f"{took:.1f} s for {len(data)} bytes", data)
        if time.time() - STATS.get("written", 0.0) > 5:
            write_stats(finder.out)

    return run


def write_stats(out: Path) -> None:
    """OUT/stats.json, rewritten every few seconds (libFuzzer exits without atexit)."""
    STATS["written"] = time.time()
    STATS["seconds"] = round(time.time() - STATS["started"], 1)
    (out / "stats.json").write_text(json.dumps(STATS, indent=1), encoding="utf-8")


def seed_corpus(folder: Path) -> None:
    """Real inputs to start from: the bundled examples and the dev gold articles."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = list((ROOT / "examples").glob("*"))
    sources += list((ROOT.parent / "shared" / "gold" / "dev" / "articles").glob("*"))
    for i, src in enumerate(sorted(s for s in sources if s.is_file())):
        data = src.read_bytes()[:20_000]
        (folder / f"seed-{i}").write_bytes(bytes([i % len(EXTS)]) + data)
    (folder / "seed-jsonl").write_bytes(
        bytes([2]) + b'{"text": "Russia said so.", "date": "2011-02-31"}\n[1]\n'
    )
    (folder / "seed-csv").write_bytes(
        bytes([4]) + b'text,title\n"Germany banned it.",x\n"broken,y\n'
    )


def summary(args: argparse.Namespace, started: float) -> None:
    took = time.time() - started
    print(
        json.dumps(
            {
                "target": args.target,
                "engine": STATS.get("engine"),
                "seconds": round(took, 1),
                "inputs": STATS["inputs"],
                "soft_findings": STATS["findings"],
                "by_kind": STATS["kinds"],
                "slowest_input_s": round(STATS["slowest"], 2),
                "out": str(args.out),
            }
        ),
        file=sys.stderr,
        flush=True,
    )


def run_atheris(args: argparse.Namespace, target) -> None:
    import atheris

    STATS["engine"] = f"atheris {getattr(atheris, '__version__', '')}".strip()
    corpus = args.out / "corpus"
    seed_corpus(corpus)
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={args.seconds}",
        f"-timeout={args.timeout}",
        f"-max_len={args.max_len}",
        f"-rss_limit_mb={args.rss_mb}",
        f"-artifact_prefix={args.out}/",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, target)
    atheris.Fuzz()


def run_hypothesis(args: argparse.Namespace, target) -> None:
    """Without atheris: random inputs from hypothesis until the time is up."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    STATS["engine"] = "hypothesis"
    newsish = st.lists(
        st.one_of(
            st.sampled_from(NEWS_PIECES),
            st.sampled_from(HOSTILE_PIECES),
            st.text(max_size=30),
        ),
        max_size=80,
    ).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
    inputs = st.one_of(
        st.binary(max_size=args.max_len),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        newsish,
        newsish.map(lambda b: bytes([2]) + b),  # as a JSON Lines file for `readers`
    )

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def go(data: bytes) -> None:
        if time.time() < stop:  # past the end, the rest of a round passes at once
            target(data)

    stop = time.time() + args.seconds
    while time.time() < stop:  # rounds of 200 examples, each with a fresh random seed
        go()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("target", choices=["readers", "text", "pipeline"])
    ap.add_argument("--seconds", type=int, default=300, help="how long to fuzz")
    ap.add_argument("--timeout", type=int, default=60, help="seconds before an input is a hang")
    ap.add_argument("--slow", type=float, default=5.0, help="note inputs slower than this")
    ap.add_argument("--max-len", type=int, default=20_000, help="longest input in bytes")
    ap.add_argument("--rss-mb", type=int, default=4096)
    ap.add_argument(
        "--out", type=Path, default=None, help="folder for findings (default out/fuzz-TARGET)"
    )
    ap.add_argument("--engine", choices=["atheris", "hypothesis"], default=None)
    args = ap.parse_args()
    args.out = (args.out or ROOT / "out" / f"fuzz-{args.target}").resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="dyad-fuzz-"))
    atexit.register(shutil.rmtree, tmp, True)
    finder = Finder(args.out, args.slow)
    started = time.time()
    STATS["started"] = started
    STATS["target"] = args.target
    atexit.register(summary, args, started)
    engine = args.engine
    if engine is None:
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports(include=["dyad"]):
            import dyad.model  # noqa: F401
            import dyad.read  # noqa: F401
            import dyad.read.dates  # noqa: F401
            import dyad.read.html  # noqa: F401
            import dyad.read.tabular  # noqa: F401
            import dyad.read.text  # noqa: F401

            if args.target == "pipeline":
                from dyad.contract import DEFAULT_STAGES, get_stage

                for name in DEFAULT_STAGES:
                    get_stage(name)
        target = timed(make_target(args.target, finder, tmp), finder)
        os.environ.setdefault("DYAD_FUZZ", "1")
        run_atheris(args, target)
    else:
        run_hypothesis(args, timed(make_target(args.target, finder, tmp), finder))


if __name__ == "__main__":
    main()
