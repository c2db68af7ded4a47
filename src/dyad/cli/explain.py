"""`dyad explain "TEXT"`: the parse, the actors, and why each trigger made an event or none.

The candidate list comes from the run's event coder itself (``Coder.code`` with a trace
list), so what explain shows is what the coder did, whichever coder ``--coder`` names.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from dyad.cli.common import CODER_OPTION


def explain_text(
    text: str, published: str | None = None, coder: str | None = None
) -> dict[str, Any]:
    """Run the pipeline on ``text`` and return the parse, actors, candidates and events."""
    from dyad import nlp
    from dyad.contract import Context, Settings, resolve_stages
    from dyad.extract.events.coders import Candidate
    from dyad.extract.events.stage import find_events
    from dyad.model import Article, Record, article_id

    settings = Settings(coder=coder) if coder else Settings()
    ctx = Context(settings)
    doc = nlp.load(settings.model)(text)
    art = Article(id=article_id(None, text), text=text, published=published)
    rec = Record.from_article(art, nlp.versions(settings.model))
    for st in resolve_stages(("actors", "times", "places", "quotes")):
        st.setup(ctx)
        st.run(doc, rec, ctx)
    trace: list[Candidate] = []
    rec.events.extend(find_events(doc, rec, ctx, trace))
    parse = [
        {
            "i": t.i,
            "text": t.text,
            "lemma": t.lemma_,
            "pos": t.pos_,
            "dep": t.dep_,
            "head": t.head.i,
            "ent": t.ent_type_ or None,
        }
        for t in doc
    ]
    return {
        "text": text,
        "published": published,
        "parse": parse,
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "mentions": [text[m.start : m.end] for m in a.mentions],
            }
            for a in rec.actors
        ],
        "quotes": [q.to_dict() for q in rec.quotes],
        "candidates": [c.to_dict() | {"events": c.events} for c in trace],
        "events": [e.to_dict() for e in rec.events],
    }


def _escaped(v: Any) -> Any:
    """Every string in ``v`` safe to print as markup: control characters removed and
    brackets escaped (the text is the user's, and may hold ``[/]``)."""
    from rich.markup import escape

    from dyad.cli.common import plain

    if isinstance(v, str):
        return escape(plain(v))
    if isinstance(v, dict):
        return {k: _escaped(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return type(v)(_escaped(x) for x in v)
    return v


def _print(data: dict[str, Any], show_parse: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    data = _escaped(data)
    out = Console(highlight=False)
    if show_parse:
        t = Table(title="parse", show_lines=False)
        for col in ("i", "text", "lemma", "pos", "dep", "head", "ent"):
            t.add_column(col)
        for row in data["parse"]:
            t.add_row(
                *(str(row[c] or "") for c in ("i", "text", "lemma", "pos", "dep", "head", "ent"))
            )
        out.print(t)
    out.print("[bold]actors[/bold]")
    if not data["actors"]:
        out.print("  (none found)")
    for a in data["actors"]:
        out.print(
            f"  {a['id']} {a['name']} [{a['country'] or '-'} {a['sector'] or '-'}]"
            f"  mentions: {', '.join(repr(m) for m in a['mentions'])}"
        )
    out.print("[bold]candidate triggers[/bold]")
    if not data["candidates"]:
        out.print("  (no word of the text is in the event lexicon)")
    for c in data["candidates"]:
        mark = {"event": "[green]EVENT[/green]", "flagged": "[yellow]FLAGGED[/yellow]"}.get(
            c["outcome"], "[red]none[/red]"
        )
        made = ", ".join(f"#{i + 1}" for i in c.get("events") or [])
        out.print(
            f"  {mark} '{c['trigger']}' {c['span']} {c['kind']} entry={c['entry'] or '-'}"
            + (f" -> event {made}" if made else "")
        )
        out.print(f"      why: {c['reason']}")
        if c["source"] or c["target"]:
            out.print(f"      source: {c['source'] or '-'}   target: {c['target'] or '-'}")
        for n in c["notes"]:
            out.print(f"      note: {n}")
    out.print("[bold]events[/bold]")
    if not data["events"]:
        out.print("  (none: see the reasons above)")
    for n, e in enumerate(data["events"], 1):
        flags = [f for f in ("negated", "hypothetical") if e[f]]
        shown = "\\[" + ", ".join(flags) + "]" if flags else ""  # escaped: not markup
        src = e["source"]["name"] if e["source"] else "-"
        tgt = e["target"]["name"] if e["target"] else "-"
        rep = f" reported by {e['reported_by']['name']}" if e["reported_by"] else ""
        out.print(
            f"  #{n} {e['type']} ({e['cameo']}, quad {e['quad_class']}, goldstein {e['goldstein']})"
            f" {src} -> {tgt} trigger '{e['trigger']}' date {e['date']} ({e['date_source']})"
            f"{rep} {shown} conf {e['confidence']}"
        )


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain(
        text: str = typer.Argument(..., help="A sentence or short text to explain."),
        date: str = typer.Option(None, "--date", help="Publication date YYYY-MM-DD."),
        parse: bool = typer.Option(True, "--parse/--no-parse", help="Show the parse table."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON instead of tables."),
        coder: str | None = CODER_OPTION,
    ) -> None:
        """Show the parse, the actors, each candidate trigger and why it made an event or none."""
        import re
        import sys

        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            from dyad.cli.common import fail

            fail(f"--date must be YYYY-MM-DD, not '{date}'", 2)
        if text == "-":
            text = sys.stdin.read()
        if not text.strip():
            from dyad.cli.common import fail

            fail("nothing to explain: the text is empty", 2)
        data = explain_text(text, date, _coder_or_fail(coder))
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print(data, parse)


def _coder_or_fail(name: str | None) -> str | None:
    from dyad.cli.common import fail
    from dyad.extract.events.coders import CoderError, get_coder

    if name is not None:
        try:
            get_coder(name)
        except CoderError as exc:
            fail(str(exc), 2)
    return name
