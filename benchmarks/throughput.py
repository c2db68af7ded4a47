"""Throughput of dyad against a plain spaCy pass over the same files, as a user runs it.

Each measurement is a whole process, started from the shell as a user would start it,
model loading and reading included:

- (a) plain: a Python process that loads the same spaCy model and runs ``nlp.pipe``
  over the text of every file (``n_process`` = workers), nothing else;
- (b) dyad: ``dyad extract FOLDER`` (records to /dev/null), or with ``--command ingest``
  ``dyad ingest FOLDER --db NEW.duckdb --workers W``.

The two alternate (a b, b a, a b, ...) so neither always meets a cold or a warm cache,
and each is run ``--repeats`` times; the best (shortest) wall time of each is kept.
The ratio is best(a) / best(b), dyad's throughput as a share of the plain pass. Every
command is printed, so it can be re-run by hand. On a shared machine the numbers move by
5-20%: run it niced and say so when quoting them.

    .venv/bin/python benchmarks/throughput.py [--files 400] [--category politics]
        [--repeats 2] [--command extract|ingest] [--workers 1[,2]] [--batch-size 32]

The files are the first N (sorted by name) of ``../shared/corpora/bbc-fulltext/CATEGORY``,
or with ``--category all`` the categories interleaved; they are copied into a temporary
folder so both processes read exactly the same files.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BBC = SHARED / "corpora" / "bbc-fulltext"


def pick_files(category: str, n: int) -> list[Path]:
    """The first ``n`` BBC files of a category (sorted), or of all categories interleaved."""
    if category != "all":
        return sorted((BBC / category).glob("*.txt"))[:n]
    by_cat: dict[str, list[Path]] = {}
    for f in sorted(BBC.glob("*/*.txt")):
        by_cat.setdefault(f.parent.name, []).append(f)
    mixed = [f for group in zip(*by_cat.values(), strict=False) for f in group]
    return mixed[:n]


def plain_pass(folder: str, batch_size: int, workers: int) -> int:
    """The plain spaCy pass (run in its own process by ``--plain-pass``): the model as
    spaCy loads it, without what ``dyad.nlp.load`` adds (``dyad.nlp_memo``)."""
    import spacy

    from dyad.contract import DEFAULT_MODEL

    model = spacy.load(DEFAULT_MODEL)
    texts = [
        p.read_bytes().decode("utf-8", errors="replace") for p in sorted(Path(folder).iterdir())
    ]
    tokens = sum(len(d) for d in model.pipe(texts, batch_size=batch_size, n_process=workers))
    print(f"{len(texts)} texts, {tokens} tokens")
    return 0


def timed(cmd: list[str], stdout: int | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, children included) and peak RSS (MiB)
    of one whole process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {shlex.join(cmd)}\n{err[-2000:]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss // 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=400, help="number of BBC files")
    ap.add_argument("--category", default="politics", help="a BBC folder, or 'all'")
    ap.add_argument("--repeats", type=int, default=2, help="runs of each; the best is kept")
    ap.add_argument("--command", default="extract", choices=("extract", "ingest"))
    ap.add_argument("--workers", default="1", help="worker processes, e.g. 1 or 1,2")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--plain-pass", metavar="FOLDER", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.plain_pass:
        return plain_pass(args.plain_pass, args.batch_size, int(args.workers))
    workers = [int(w) for w in args.workers.split(",")]
    if args.command == "extract" and workers != [1]:
        ap.error("dyad extract runs one process: use --command ingest for --workers > 1")
    if not BBC.is_dir():
        print(f"skipped: {BBC} is absent", file=sys.stderr)
        return 0
    files = pick_files(args.category, args.files)
    if not files:
        print(f"no files in {BBC / args.category}", file=sys.stderr)
        return 1
    dyad_bin = str(Path(sys.executable).with_name("dyad"))
    print(
        f"machine: {platform.machine()}, cores visible: {len(os.sched_getaffinity(0))}, "
        f"load average {os.getloadavg()[0]:.1f}, python {platform.python_version()}"
    )
    chars = sum(len(f.read_bytes().decode("utf-8", "replace")) for f in files)
    print(
        f"corpus: {len(files)} BBC files ({args.category}), {chars:,} characters; "
        f"{files[0].name} .. {files[-1].name}"
    )
    with tempfile.TemporaryDirectory(prefix="dyad-throughput-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        for i, f in enumerate(files):
            shutil.copyfile(f, folder / f"{i:05d}-{f.parent.name}-{f.name}")
        # A fresh install builds its on-disk caches (the places gazetteer's towns, the
        # actors' cities) on its first run: build them here, untimed, so that both dyad
        # runs measure what every later run costs.
        warm = timed([dyad_bin, "extract", str(next(folder.iterdir()))], subprocess.DEVNULL)
        print(
            f"warm-up (one article, untimed in the ratio): {warm[0]:.2f} s wall, {warm[1]:.2f} s cpu"
        )
        best_dyad: dict[int, float] = {}
        for w in workers:
            plain = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--plain-pass",
                str(folder),
                "--batch-size",
                str(args.batch_size),
                "--workers",
                str(w),
            ]
            if args.command == "extract":
                dyad = [dyad_bin, "extract", str(folder)]
            else:
                dyad = [dyad_bin, "ingest", str(folder), "--db", f"{tmp}/bench.duckdb"]
                dyad += ["--workers", str(w), "--batch-size", str(args.batch_size), "-q"]
            print(f"\nworkers {w}")
            print(f"  (a) plain: {shlex.join(plain)}")
            out = "> /dev/null" if args.command == "extract" else "(a new database each run)"
            print(f"  (b) dyad:  {shlex.join(dyad)} {out}")
            runs: dict[str, list[tuple[float, float, int]]] = {"a": [], "b": []}
            for r in range(args.repeats):
                for which in ("a", "b") if r % 2 == 0 else ("b", "a"):
                    if which == "b" and args.command == "ingest":
                        for p in Path(tmp).glob("bench.duckdb*"):
                            p.unlink()
                    cmd = plain if which == "a" else dyad
                    res = timed(cmd, subprocess.DEVNULL)
                    runs[which].append(res)
                    print(
                        f"  run {r + 1} {which}: {res[0]:7.2f} s wall, {res[1]:7.2f} s cpu, "
                        f"peak {res[2]} MiB"
                    )
            best_a = min(x[0] for x in runs["a"])
            best_b = min(x[0] for x in runs["b"])
            best_dyad[w] = best_b
            print(
                f"  best of {args.repeats}: (a) {best_a:.2f} s = {len(files) / best_a:.2f} files/s; "
                f"(b) {best_b:.2f} s = {len(files) / best_b:.2f} files/s"
            )
            print(f"  ratio (b)/(a) throughput = {best_a / best_b:.3f}")
            cpu_a = min(x[1] for x in runs["a"])
            cpu_b = min(x[1] for x in runs["b"])
            print(
                f"  cpu seconds, best: (a) {cpu_a:.2f}, (b) {cpu_b:.2f}; ratio {cpu_a / cpu_b:.3f} "
                "(less moved by other jobs; with workers > 1 the wall ratio is the one that counts)"
            )
            peak = max(x[2] for x in runs["b"])
            print(f"  peak RSS of the largest dyad process (a worker or the writer): {peak} MiB")
        if len(best_dyad) > 1:
            one = min(best_dyad)
            for w, t in sorted(best_dyad.items()):
                if w != one:
                    print(
                        f"\ndyad {w} workers against {one}: {best_dyad[one] / t:.2f}x "
                        f"({best_dyad[one]:.2f} s -> {t:.2f} s wall)"
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
