"""CLI commands that read the database: events, event, actors, quotes, timeline, dyads, sql,
errors and export. All of them open the file read-only."""

from __future__ import annotations

import sys
from typing import Any

import typer

from dyad.cli.common import (
    DB_OPTION,
    check_choice,
    db_path,
    dumps,
    err,
    fail,
    open_store,
    plain,
    print_rows,
    stdout_console,
    to_jsonable,
)

FORMAT_OPTION = typer.Option("table", "--format", "-f", help="table, jsonl or csv.")
SINCE = typer.Option(None, "--since", help="On or after YYYY-MM-DD.")
PLOT = typer.Option(
    None, "--plot", help="Draw the answer to FILE.png or FILE.svg (instead of the table)."
)
UNTIL = typer.Option(None, "--until", help="On or before YYYY-MM-DD.")


def _run(fn: Any, **kw: Any) -> list[dict[str, Any]]:
    """Call a query; a bad filter value becomes one clear sentence and exit code 2."""
    from dyad.store import QueryError

    try:
        return fn(**kw)
    except QueryError as exc:
        fail(str(exc), 2)
    except Exception as exc:  # DuckDB conversion errors (a bad date) say what was wrong
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"the query failed: {msg}", 2)


def _ref(name: Any, country: Any) -> str:
    if not name:
        return country or ""
    return f"{name} ({country})" if country else str(name)


def events(
    db: str | None = DB_OPTION,
    actor: str | None = typer.Option(None, "--actor", "-a", help="Source or target name."),
    source: str | None = typer.Option(None, "--source", help="Source actor name."),
    target: str | None = typer.Option(None, "--target", help="Target actor name."),
    country: str | None = typer.Option(
        None, "--country", "-c", help="Source or target country (ISO3, comma list)."
    ),
    sector: str | None = typer.Option(None, "--sector", help="GOV, MIL, REB, ... (comma list)."),
    type: str | None = typer.Option(None, "--type", "-t", help="PLOVER type(s), comma list."),
    quad: str | None = typer.Option(
        None, "--quad", help="Quad class(es) 1-4: verbal/material cooperation/conflict."
    ),
    cameo: str | None = typer.Option(None, "--cameo", help="CAMEO code prefix."),
    since: str | None = SINCE,
    until: str | None = UNTIL,
    place: str | None = typer.Option(None, "--place", help="Place name or country code."),
    words: str | None = typer.Option(None, "--words", "-w", help="Words in an evidence sentence."),
    min_mentions: int | None = typer.Option(None, "--min-mentions"),
    article: str | None = typer.Option(None, "--article", help="Events reported by one article."),
    order: str = typer.Option(
        "date", "--order", help="date, oldest, mentions, sources, goldstein, tone or id."
    ),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    format: str = FORMAT_OPTION,
) -> None:
    """List events (each real-world event once, with its mention counts)."""
    check_choice(format, ("table", "jsonl", "csv"), "format")
    with open_store(db) as st:
        rows = _run(
            st.events,
            actor=actor, source=source, target=target, country=country, sector=sector,
            type=type, quad_class=quad, cameo=cameo, since=since, until=until, place=place,
            words=words, min_mentions=min_mentions, article=article, order=order,
            limit=limit, offset=offset,
        )  # fmt: skip
    if format == "table":
        rows = [
            {
                "id": r["id"], "date": r["date"], "type": r["type"], "cameo": r["cameo"],
                "source": _ref(r["source_name"], r["source_country"]),
                "target": _ref(r["target_name"], r["target_country"]),
                "place": r["place_name"], "mentions": r["num_mentions"],
                "sources": r["num_sources"], "sentence": r["sentence"],
            }
            for r in rows
        ]  # fmt: skip
    print_rows(rows, format, title="events", widths={"sentence": 70, "source": 28, "target": 28})


def event(
    event_id: int = typer.Argument(..., help="Event id (from `dyad events`)."),
    db: str | None = DB_OPTION,
    format: str = FORMAT_OPTION,
) -> None:
    """Show one event and every mention of it (its evidence in each article)."""
    check_choice(format, ("table", "jsonl", "csv"), "format")
    with open_store(db) as st:
        rows = st.con.execute("SELECT * FROM events WHERE id = ?", [event_id]).fetchall()
        cols = [d[0] for d in st.con.description or []]
        mentions = st.event_mentions(event_id)
    if not rows:
        fail(f"no event with id {event_id} in the database", 1)
    ev = dict(zip(cols, rows[0], strict=True))
    if format == "jsonl":
        ev["mentions"] = mentions
        sys.stdout.write(dumps({k: to_jsonable(v) for k, v in ev.items()}) + "\n")
        return
    if format == "table":
        print_rows(
            [{"field": k, "value": v} for k, v in ev.items() if v is not None],
            "table",
            title=f"event {event_id}",
            widths={"value": 90},
        )
    print_rows(mentions, format, title="mentions", widths={"sentence": 70, "title": 40})


def actors(
    db: str | None = DB_OPTION,
    name: str | None = typer.Option(None, "--name", help="Name or alias contains."),
    country: str | None = typer.Option(None, "--country", "-c"),
    sector: str | None = typer.Option(None, "--sector"),
    kind: str | None = typer.Option(None, "--kind", help="person, org, country, group."),
    order: str = typer.Option(
        "events", "--order", help="events, mentions, articles, quotes, name."
    ),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    format: str = FORMAT_OPTION,
) -> None:
    """List actors with how often they are named, act, are acted on and speak."""
    check_choice(format, ("table", "jsonl", "csv"), "format")
    with open_store(db) as st:
        rows = _run(
            st.actors, name=name, country=country, sector=sector, kind=kind, order=order,
            limit=limit, offset=offset,
        )  # fmt: skip
    cols = None
    if format == "table":
        cols = ["name", "country", "sector", "title", "mentions", "articles", "as_source",
                "as_target", "quotes"]  # fmt: skip
    print_rows(rows, format, cols, title="actors", widths={"title": 30})


def quotes(
    db: str | None = DB_OPTION,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Speaker name contains."),
    country: str | None = typer.Option(None, "--country", "-c", help="Speaker's country."),
    words: str | None = typer.Option(None, "--words", "-w", help="Words in the quote."),
    kind: str | None = typer.Option(None, "--kind", help="direct, indirect or scare."),
    since: str | None = SINCE,
    until: str | None = UNTIL,
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    format: str = FORMAT_OPTION,
) -> None:
    """List quotes with their speakers."""
    check_choice(format, ("table", "jsonl", "csv"), "format")
    with open_store(db) as st:
        rows = _run(
            st.quotes, speaker=speaker, country=country, words=words, kind=kind, since=since,
            until=until, limit=limit, offset=offset,
        )  # fmt: skip
    cols = None
    if format == "table":
        cols = ["date", "speaker", "country", "kind", "text", "tone"]
    print_rows(rows, format, cols, title="quotes", widths={"text": 90})


def timeline(
    who: str = typer.Argument(..., help="An actor's name, or a country (code or name)."),
    db: str | None = DB_OPTION,
    by: str = typer.Option("day", "--by", help="day, week or month."),
    type: str | None = typer.Option(None, "--type", "-t"),
    since: str | None = SINCE,
    until: str | None = UNTIL,
    format: str = FORMAT_OPTION,
    plot: str | None = PLOT,
) -> None:
    """Events per day, week or month involving an actor or a country, drawn in the terminal
    (or to a PNG or SVG file with --plot)."""
    check_choice(format, ("table", "jsonl", "csv"), "format")
    check_choice(by, ("day", "week", "month"), "period")
    _check_plot(plot)
    with open_store(db) as st:
        rows = _run(st.timeline, actor_or_country=who, by=by, type=type, since=since, until=until)
    if plot:
        _plot("timeline", rows, plot, title=f"{who}: events per {by}", by=by)
        if format == "table":
            return
    if format != "table":
        print_rows(rows, format)
        return
    if not rows:
        err.print(f"(no dated events involving {plain(who)})", markup=False)
        return
    _draw_timeline(who, by, rows)


def _draw_timeline(who: str, by: str, rows: list[dict[str, Any]]) -> None:
    from rich.text import Text

    out = stdout_console()
    peak = max(int(r["events"]) for r in rows) or 1
    width = max(10, min(60, out.width - 40))
    head = Text(plain(who), style="bold")
    head.append(f": events per {by} (green cooperative, red conflictual)")
    out.print(head)
    for r in rows:
        n, co, cf = int(r["events"]), int(r["cooperative"]), int(r["conflictual"])
        cells = max(1, round(width * n / peak)) if n else 0
        g = round(cells * co / n) if n else 0
        red = round(cells * cf / n) if n else 0
        other = max(0, cells - g - red)
        line = Text(f"{r['period']!s:>10} ")
        line.append("█" * g, style="green")
        line.append("█" * red, style="red")
        line.append("█" * other, style="grey50")
        line.append(f" {n}")
        out.print(line)


def dyads(
    db: str | None = DB_OPTION,
    actor: str | None = typer.Option(None, "--actor", "-a"),
    country: str | None = typer.Option(None, "--country", "-c"),
    type: str | None = typer.Option(None, "--type", "-t"),
    by: str = typer.Option("actor", "--by", help="actor or country."),
    since: str | None = SINCE,
    until: str | None = UNTIL,
    min_events: int = typer.Option(1, "--min-events"),
    limit: int = typer.Option(50, "--limit", "-n"),
    format: str = FORMAT_OPTION,
    plot: str | None = PLOT,
) -> None:
    """Who acts on whom, how often, cooperatively or in conflict (drawn with --plot)."""
    check_choice(format, ("table", "jsonl", "csv"), "format")
    check_choice(by, ("actor", "country"), "grouping")
    _check_plot(plot)
    with open_store(db) as st:
        rows = _run(
            st.dyads, actor=actor, country=country, type=type, by=by, since=since, until=until,
            min_events=min_events, limit=limit,
        )  # fmt: skip
    if plot:
        what = " ".join(x for x in (type, "events") if x)
        _plot("dyads", rows, plot, title=f"Who acts on whom ({what}, by {by})", top=min(limit, 40))
        if format == "table":
            return
    if format == "table" and by == "actor":
        rows = [
            {
                "source": _ref(r["source"], r["source_country"]),
                "target": _ref(r["target"], r["target_country"]),
                **{k: r[k] for k in ("events", "cooperative", "conflictual", "goldstein")},
            }
            for r in rows
        ]
    elif format == "table":
        rows = [
            {k: r[k] for k in ("source", "target", "events", "cooperative", "conflictual",
                               "goldstein")}
            for r in rows
        ]  # fmt: skip
    print_rows(rows, format, title="dyads")


def _check_plot(path: str | None) -> None:
    """Refuse a --plot file that is neither .png nor .svg before any work."""
    if path:
        from dyad.plots import PlotError, check_path

        try:
            check_path(path)
        except PlotError as exc:
            fail(str(exc), 2)


def _plot(kind: str, rows: list[dict[str, Any]], path: str, **kw: Any) -> None:
    from dyad import plots

    try:
        getattr(plots, kind)(rows, path=path, **kw)
    except plots.PlotError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}", 1)
    err.print(f"{path}: {kind} of {len(rows)} rows", highlight=False)


def sql(
    query: str = typer.Argument(..., help='A reading query, e.g. "SELECT type, count(*) ..."'),
    db: str | None = DB_OPTION,
    limit: int = typer.Option(1000, "--limit", "-n", help="At most this many rows (0: all)."),
    format: str = FORMAT_OPTION,
) -> None:
    """Run a read-only SQL query on the database (writes are refused)."""
    import duckdb

    from dyad.store import QueryError
    from dyad.store.queries import check_read_only_sql

    check_choice(format, ("table", "jsonl", "csv"), "format")
    try:
        check_read_only_sql(query)
    except QueryError as exc:
        fail(str(exc), 2)
    st = open_store(db)  # checks the file exists and its schema version
    st.close()
    from dyad.store import StoreError
    from dyad.store.db import connect

    try:
        con = connect(db_path(db), read_only=True, enable_external_access=False)
    except StoreError as exc:
        fail(str(exc), 2)
    try:
        cur = con.execute(query)
        cols = [d[0] for d in cur.description or []]
        data = cur.fetchmany(limit) if limit > 0 else cur.fetchall()
    except duckdb.Error as exc:
        msg = str(exc).strip().splitlines()[0]
        fail(f"the query failed: {msg}", 2)
    finally:
        con.close()
    print_rows([dict(zip(cols, r, strict=True)) for r in data], format, cols, title=None)


def errors(
    db: str | None = DB_OPTION,
    limit: int = typer.Option(100, "--limit", "-n"),
    format: str = FORMAT_OPTION,
) -> None:
    """List inputs that failed to ingest, with why."""
    with open_store(db) as st:
        rows = st.errors(limit=limit)
    print_rows(rows, format, title="ingest errors", widths={"reason": 80})


def export(
    out: str = typer.Argument(..., help="Output file (gdelt also writes OUT's .mentions file)."),
    format: str = typer.Option(..., "--format", "-f", help="jsonl, csv, parquet, gdelt or plover."),
    db: str | None = DB_OPTION,
    table: str = typer.Option(
        "events",
        "--table",
        help="For jsonl/csv/parquet: events, mentions, articles, actors, quotes, places, "
        "times, errors or records (whole records, jsonl).",
    ),
    header: bool = typer.Option(False, "--header", help="GDELT files with a header row."),
    actor: str | None = typer.Option(None, "--actor", "-a"),
    country: str | None = typer.Option(None, "--country", "-c"),
    type: str | None = typer.Option(None, "--type", "-t"),
    place: str | None = typer.Option(None, "--place", help="Place name or country code."),
    since: str | None = SINCE,
    until: str | None = UNTIL,
) -> None:
    """Export the database: JSON Lines, CSV, Parquet, GDELT 2.0 TSV or PLOVER JSON."""
    from dyad.export import FORMATS, TABLES, ExportError
    from dyad.export import export as run_export

    check_choice(format, FORMATS, "export format")
    check_choice(table, TABLES, "table")
    filters = {
        k: v
        for k, v in dict(
            actor=actor, country=country, type=type, place=place, since=since, until=until
        ).items()
        if v
    }
    st = open_store(db)
    try:
        written = run_export(st, format, out, table=table, header=header or None, **filters)
    except ExportError as exc:
        fail(str(exc), 2)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}", 1)
    except Exception as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"the export failed: {msg}", 1)
    finally:
        st.close()
    for path, n in written.items():
        err.print(f"{path}: {n} rows", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("events")(events)
    app.command("event")(event)
    app.command("actors")(actors)
    app.command("quotes")(quotes)
    app.command("timeline")(timeline)
    app.command("dyads")(dyads)
    app.command("sql")(sql)
    app.command("errors")(errors)
    app.command("export")(export)
