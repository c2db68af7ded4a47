"""CLI commands that read articles: extract (to stdout), ingest (into DuckDB), articles, show."""

from __future__ import annotations

import sys
from typing import Any

import typer

from dyad.cli.common import (
    CODER_OPTION,
    DB_OPTION,
    STAGES_HELP,
    check_choice,
    data_text,
    dumps,
    err,
    fail,
    open_store,
    print_rows,
    run_settings,
    stdout_console,
)

MAX_FAILURE_LINES = 20
PARSE_CHARS_HELP = (
    "Parse at most this many characters of an article (default 200000); a longer text is "
    "cut, and the record and `dyad errors` say so."
)


ALLOW_PRIVATE_HELP = (
    "Let URLs, feed items and redirects reach loopback, private and link-local addresses "
    "(refused by default, so a feed cannot pull pages from inside your network)."
)


def _inputs(paths: list[str], max_bytes: int | None = None, allow_private: bool = False) -> Any:
    """Articles and Failures for the paths; '-' reads one article from stdin."""
    from dyad.ingest import read_inputs

    if max_bytes is not None and max_bytes < 1:
        fail("--max-bytes must be at least 1", 2)

    if paths == ["-"]:
        from dyad.read.text import parse_text_article

        return iter([parse_text_article(sys.stdin.read(), source_path="<stdin>")])
    return read_inputs(paths, max_bytes, allow_private)


def _report_failure(f: Any, what: str = "failed") -> None:
    """One line on stderr for a failure or a warning (its text is data: no markup)."""
    where = f.source_path or f.article_id or "input"
    err.print(data_text(f"{what}: {where}: {f.reason}", style="yellow"), highlight=False)


def _load_model_or_fail(settings: Any) -> None:
    from dyad.nlp import ModelMissing, load

    try:
        load(settings.model)
    except ModelMissing as exc:
        fail(str(exc), 2)


def extract(
    paths: list[str] = typer.Argument(..., help="Files or folders ('-' reads stdin)."),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl, json or table."),
    stages: str | None = typer.Option(None, "--stages", help=STAGES_HELP),
    coder: str | None = CODER_OPTION,
    max_chars: int | None = typer.Option(None, "--max-chars", help="Refuse longer articles."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help="Refuse larger files."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    parse_chars: int | None = typer.Option(None, "--parse-chars", help=PARSE_CHARS_HELP),
) -> None:
    """Extract records from articles and write them to stdout (no database)."""
    from dyad.contract import Failure
    from dyad.ingest import cut_warning
    from dyad.pipeline import Pipeline
    from dyad.read.files import ReadWarning

    check_choice(format, ("jsonl", "json", "table"), "format")
    settings = run_settings(stages, max_chars=max_chars, coder=coder, parse_chars=parse_chars)
    _load_model_or_fail(settings)
    pipe = Pipeline(settings)
    failed = 0
    records = []
    for out in pipe.process(_inputs(paths, max_bytes, allow_private)):
        if isinstance(out, ReadWarning):
            _report_failure(out, "warning")
            continue
        if isinstance(out, Failure):
            failed += 1
            _report_failure(out)
            continue
        warning = cut_warning(out)
        if warning is not None:
            _report_failure(warning, "warning")
        if format == "jsonl":
            sys.stdout.write(out.to_json() + "\n")
            sys.stdout.flush()
        else:
            records.append(out)
    if format == "json":
        if len(records) == 1:
            sys.stdout.write(records[0].to_json(indent=2) + "\n")
        else:
            sys.stdout.write(dumps([r.to_dict() for r in records], indent=2) + "\n")
    elif format == "table":
        for r in records:
            _print_record(r)
    raise typer.Exit(1 if failed else 0)


def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders to read."),
    db: str | None = DB_OPTION,
    batch_size: int | None = typer.Option(
        None, "--batch-size", help="Articles parsed and committed together (default 32)."
    ),
    max_chars: int | None = typer.Option(
        None, "--max-chars", help="Refuse articles longer than this many characters."
    ),
    limit: int | None = typer.Option(
        None, "--limit", help="Process at most this many new articles."
    ),
    time_per_article: float | None = typer.Option(
        None, "--time-per-article", help="Seconds allowed per article after the parse (default 60)."
    ),
    max_bytes: int | None = typer.Option(
        None, "--max-bytes", help="Refuse files (or JSONL lines, CSV rows) larger than this."
    ),
    stages: str | None = typer.Option(None, "--stages", help=STAGES_HELP),
    coder: str | None = CODER_OPTION,
    parse_chars: int | None = typer.Option(None, "--parse-chars", help=PARSE_CHARS_HELP),
    workers: int | None = typer.Option(
        None, "--workers", "-w", help="Worker processes (default: the number of cores)."
    ),
    dask: str | None = typer.Option(
        None, "--dask", help="Run on a Dask cluster: a scheduler address, or 'local'."
    ),
    shard_size: int = typer.Option(200, "--shard-size", help="Articles per Dask shard."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or failure lines."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
) -> None:
    """Read articles, extract their records and store them in a DuckDB file (idempotent)."""
    from dyad.cli.common import db_path
    from dyad.ingest import ingest as run_ingest
    from dyad.ingest import ingest_dask
    from dyad.parallel import default_workers
    from dyad.store import StoreError

    settings = run_settings(
        stages, batch_size, max_chars, time_per_article, coder, parse_chars=parse_chars
    )
    if limit is not None and limit < 0:
        fail("--limit must not be negative", 2)
    if workers is not None and workers < 1:
        fail("--workers must be at least 1", 2)
    if shard_size < 1:
        fail("--shard-size must be at least 1", 2)
    if dask and limit is not None:
        fail("--limit cannot be used with --dask", 2)
    _load_model_or_fail(settings)
    path = db_path(db)
    try:
        if dask:
            report = ingest_dask(
                _inputs(paths, max_bytes, allow_private),
                path,
                dask,
                settings,
                shard_size=shard_size,
                n_workers=workers,
            )
        else:
            report = run_ingest(
                _inputs(paths, max_bytes, allow_private),
                path,
                settings,
                progress=not quiet and err.is_terminal,
                limit=limit,
                workers=workers or default_workers(),
            )
    except StoreError as exc:
        fail(str(exc), 2)
    except KeyboardInterrupt:
        err.print(
            f"interrupted: the batch in flight was rolled back; everything before it is in "
            f"{path}, and rerunning the same command finishes the job",
            highlight=False,
        )
        raise typer.Exit(130) from None
    if not quiet:
        for f in report.warnings[:MAX_FAILURE_LINES]:
            _report_failure(f, "warning")
        for f in report.failures[:MAX_FAILURE_LINES]:
            _report_failure(f)
        more = len(report.failures) - MAX_FAILURE_LINES
        if more > 0:
            err.print(f"... and {more} more failures (see `dyad errors`)", highlight=False)
        err.print(f"{path}: {report.summary()}", highlight=False)
    if report.interrupted:
        err.print(
            f"interrupted: stopped after a whole batch; everything stored so far is in "
            f"{path}. Run the same command again to resume: stored articles are skipped.",
            highlight=False,
        )
        raise typer.Exit(130)
    raise typer.Exit(1 if report.failed else 0)


def articles(
    db: str | None = DB_OPTION,
    words: str | None = typer.Option(None, "--words", "-w", help="Words in title or text."),
    publisher: str | None = typer.Option(None, "--publisher"),
    since: str | None = typer.Option(None, "--since", help="Published on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Published on or before YYYY-MM-DD."),
    order: str = typer.Option("date", "--order", help="date, oldest, ingested or title."),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    format: str = typer.Option("table", "--format", "-f", help="table, jsonl or csv."),
) -> None:
    """List stored articles with their counts of actors, events and quotes."""
    from dyad.store import QueryError

    with open_store(db) as st:
        try:
            rows = st.articles(
                words=words, publisher=publisher, since=since, until=until,
                order=order, limit=limit, offset=offset,
            )  # fmt: skip
        except (QueryError, ValueError) as exc:
            fail(str(exc), 2)
        except Exception as exc:  # DuckDB conversion errors (a bad date) name the problem
            fail(_first_line(exc), 2)
    cols = ["id", "published", "title", "publisher", "actors", "events", "quotes", "tone"]
    if format != "table":
        cols = None  # type: ignore[assignment]
    print_rows(rows, format, cols, title="articles", widths={"title": 60})


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def show(
    article_id: str = typer.Argument(..., help="Article id (or an unambiguous prefix)."),
    db: str | None = DB_OPTION,
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Show one stored article's record: actors, events, quotes, places and times."""
    check_choice(format, ("table", "json"), "format")
    with open_store(db) as st:
        rec = st.get_record(article_id)
    if rec is None:
        fail(f"no article with id '{article_id}' in the database", 1)
    if format == "json":
        sys.stdout.write(rec.to_json(indent=2) + "\n")
        return
    _print_record(rec)


def _ref(r: Any) -> str:
    if r is None:
        return ""
    return f"{r.name} ({r.country})" if r.country else r.name


def _print_record(rec: Any) -> None:
    out = stdout_console()
    out.print(data_text(rec.title or "(untitled)", style="bold"), highlight=False)
    meta = [x for x in (rec.published, rec.publisher, rec.url, rec.source_path) if x]
    out.print(data_text(" · ".join(meta)), highlight=False)
    tone = f"{rec.tone:.2f}" if rec.tone is not None else "-"
    out.print(f"id {rec.id} · {len(rec.text)} characters · tone {tone}", highlight=False)
    if rec.dateline:
        dp = rec.dateline_place or {}
        where = f" · place {dp['name']}" if dp.get("name") else ""
        where += f" ({dp['country']})" if dp.get("country") else ""
        out.print(f"dateline {rec.dateline}{where}", highlight=False)
    cut = rec.extra.get("truncated_at")
    if cut:
        out.print(f"warning: text cut for the parse at {cut:,} characters", highlight=False)
    if rec.actors:
        print_rows(
            [
                {"name": a.name, "country": a.country, "sector": a.sector, "title": a.title,
                 "mentions": len(a.mentions)}
                for a in rec.actors
            ],
            "table",
            title="actors",
        )  # fmt: skip
    live = [e for e in rec.events]
    if live:
        print_rows(
            [
                {
                    "type": e.type, "cameo": e.cameo, "source": _ref(e.source),
                    "target": _ref(e.target), "date": e.date,
                    "place": (e.place or {}).get("name"),
                    "flags": ",".join(
                        f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical))
                        if on
                    ),
                    "evidence": rec.text[e.span[0] : e.span[1]],
                }
                for e in live
            ],
            "table",
            title="events",
        )  # fmt: skip
    if rec.quotes:
        print_rows(
            [
                {"speaker": _ref(q.speaker), "kind": q.kind, "text": q.text, "tone": q.tone}
                for q in rec.quotes
            ],
            "table",
            title="quotes",
            widths={"text": 80},
        )
    if rec.places:
        print_rows(
            [
                {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon}
                for p in rec.places
            ],
            "table",
            title="places",
        )
    if rec.times:
        print_rows(
            [{"text": t.text, "value": t.value, "granularity": t.granularity} for t in rec.times],
            "table",
            title="times",
        )


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.command("ingest")(ingest)
    app.command("articles")(articles)
    app.command("show")(show)
