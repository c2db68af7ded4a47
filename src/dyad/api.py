"""dyad from Python: extract records from text, and read a dyad database into DataFrames.

::

    import dyad

    rec = dyad.extract("Russia accused Ukraine of shelling the border on Monday.",
                       published="2024-05-06")
    print(rec)                                   # a readable summary; rec.events, rec.actors, ...

    db = dyad.open("dyad.duckdb")                # read-only, like the CLI's query commands
    db.events(type="ACCUSE", since="1987-03-01").df()    # pandas; .pl() polars; .to_arrow_table()

:func:`extract` runs the same stages with the same settings as ``dyad extract``;
:func:`open` filters as ``dyad events`` does (the same query code). ``import dyad`` is light:
spaCy loads on the first :func:`extract`, DuckDB on the first :func:`open`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import duckdb

    from dyad.contract import Failure, Settings
    from dyad.model import Article, Record

__all__ = ["Database", "ExtractError", "extract", "open", "settings"]

DEFAULT_DB = "dyad.duckdb"


class ExtractError(RuntimeError):
    """One article could not be processed; ``.failure`` says where and why."""

    def __init__(self, failure: Failure):
        where = f" (stage {failure.stage})" if failure.stage else ""
        super().__init__(f"{failure.reason}{where}")
        self.failure = failure


# --- extract ---------------------------------------------------------------------------


def settings(base: Settings | None = None, **changes: Any) -> Settings:
    """Run settings: ``base`` (or the defaults the CLI uses) with ``changes`` applied.

    ``stages`` may be a list or a comma string (``"actors,events"``); an unknown setting or
    stage raises :class:`ValueError` naming the ones there are.
    """
    return _settings(base, changes)


def _settings(base: Settings | None, changes: dict[str, Any]) -> Settings:
    from dyad.contract import DEFAULT_STAGES as ALL_STAGES
    from dyad.contract import Settings

    s = base if base is not None else Settings()
    names = {f.name for f in dataclasses.fields(s)}
    bad = sorted(set(changes) - names)
    if bad:
        raise ValueError(f"unknown setting '{bad[0]}': use some of {', '.join(sorted(names))}")
    if "stages" in changes:
        st = changes["stages"]
        st = tuple(x.strip() for x in (st.split(",") if isinstance(st, str) else st) if x.strip())
        unknown = [x for x in st if x not in ALL_STAGES]
        if unknown:
            raise ValueError(f"unknown stage '{unknown[0]}': use some of {', '.join(ALL_STAGES)}")
        changes["stages"] = st
    return dataclasses.replace(s, **changes) if changes else s


def _day(value: str | dt.date | None) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"published must be a YYYY-MM-DD string or a date, not {type(value).__name__}")


def _article(item: Any, published: str | None, title: str | None, url: str | None) -> Article:
    """An Article from a text, an Article, or a dict with ``text`` (and title, date, url...)."""
    from dyad.model import Article, article_id

    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        d: dict[str, Any] = {"text": item}
    elif isinstance(item, dict):
        if not isinstance(item.get("text"), str):
            raise TypeError("an article given as a dict needs a 'text' string")
        d = dict(item)
    else:
        raise TypeError(f"cannot read an article from a {type(item).__name__}: give text")
    d.setdefault("title", title)
    d.setdefault("url", url)
    d["published"] = _day(d.get("published") or d.pop("date", None) or published)
    d.setdefault("id", article_id(d.get("url"), d["text"]))
    return Article.from_dict(d)


@overload
def extract(
    text: str | Article | dict[str, Any],
    published: str | dt.date | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
    **changes: Any,
) -> Record: ...


@overload
def extract(
    text: Iterable[str | Article | dict[str, Any]],
    published: str | dt.date | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
    **changes: Any,
) -> Iterator[Record | Failure]: ...


def extract(
    text: Any,
    published: str | dt.date | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
    **changes: Any,
) -> Any:
    """Read one article, or many, and return what dyad found: a :class:`~dyad.model.Record`.

    ``text`` is the article's body (a string), an :class:`~dyad.model.Article`, or a dict with
    ``text`` and any of ``title``, ``published`` (or ``date``), ``url``, ``publisher``.
    ``published`` (YYYY-MM-DD or a date) anchors relative dates ("on Monday").
    Settings are the CLI's (``dyad extract``); change any by keyword, e.g. ``stages="actors,events"``
    or ``max_chars=100_000``, or pass ``settings=dyad.settings(...)``.

    One article gives a Record, or raises :class:`ExtractError` saying why it could not be read.
    An iterable (a list, a generator) gives an iterator, parsed in batches, that yields a Record
    per article in order, or the :class:`~dyad.pipeline.Failure` that says why not: nothing is
    dropped silently. Articles of one call are one run, as in ``dyad extract``: what an early
    article teaches (that a later "Gates" is Robert Gates) holds for the later ones.
    """
    from dyad.contract import Failure
    from dyad.model import Article

    run_settings = _settings(settings, dict(changes))
    if isinstance(text, str | dict | Article):
        out = next(_run([_article(text, _day(published), title, url)], run_settings))
        if isinstance(out, Failure):
            raise ExtractError(out)
        return out
    if not isinstance(text, Iterable):
        raise TypeError(f"cannot read articles from a {type(text).__name__}: give text")
    arts = (_article(t, _day(published), title, url) for t in text)
    return _run(arts, run_settings)


def _run(articles: Iterable[Article], s: Settings) -> Iterator[Record | Failure]:
    """The pipeline's output in input order (it yields a batch's refusals before its records)."""
    from dyad.pipeline import Pipeline

    pipe = Pipeline(s)
    it = iter(articles)
    while batch := list(islice(it, s.batch_size)):
        done: dict[str | None, list[Record | Failure]] = {}
        for out in pipe.process(batch):
            done.setdefault(
                getattr(out, "id", None) or getattr(out, "article_id", None), []
            ).append(out)
        for a in batch:
            yield done[a.id].pop(0)


# --- read a database -------------------------------------------------------------------


def open(path: str | os.PathLike[str] | None = None) -> Database:
    """Open a dyad database for reading (default: ``$DYAD_DB``, else ``dyad.duckdb``).

    Raises :class:`dyad.store.StoreError` with one sentence when the file is missing, is not
    a dyad database of this version, or is locked by a writer that published no snapshot.
    """
    return Database(path if path is not None else os.environ.get("DYAD_DB") or DEFAULT_DB)


class Database:
    """Read-only access to a dyad database, with the filters of the CLI's query commands.

    Every query returns a :class:`duckdb.DuckDBPyRelation`: convert it with ``.df()``
    (pandas), ``.pl()`` (polars), ``.to_arrow_table()`` (Arrow; ``.arrow()`` streams
    batches), ``.fetchall()`` (tuples), or refine it in DuckDB first (``.filter(...)``,
    ``.aggregate(...)``, ``.order(...)``). DuckDB builds the DataFrame or Arrow columns
    itself; no Python row objects are made on the way. Results read the database, so use
    them while it is open (``with dyad.open(...) as db:``).

    Unlike the CLI, which prints 50 rows by default, lists return every row unless
    ``limit`` is given.
    """

    def __init__(self, path: str | os.PathLike[str]):
        from dyad.store import Store

        self.path = os.fspath(path)
        self._store = Store(self.path, read_only=True)
        self.con: duckdb.DuckDBPyConnection = self._store.con

    # lifecycle
    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<dyad.Database {self.path!r}>"

    def _rel(self, query: tuple[str, list[Any]]) -> duckdb.DuckDBPyRelation:
        sql, params = query
        # A cursor each: a relation with parameters holds a result open on its connection.
        return self.con.cursor().sql(sql, params=params)

    # the CLI's query commands
    def events(
        self, *, limit: int | None = None, offset: int = 0, order: str = "date", **filters: Any
    ) -> duckdb.DuckDBPyRelation:
        """Events, each real-world event once with its mention counts (``dyad events``).

        Filters: actor, source, target, country, source_country, target_country, sector,
        type, quad_class, cameo, since, until, place, words, min_mentions, article; lists
        as a Python list or a comma string. order: date, oldest, mentions, sources,
        goldstein, tone or id.
        """
        from dyad.store import queries

        return self._rel(queries.events_query(limit=limit, offset=offset, order=order, **filters))

    def count(self, **filters: Any) -> int:
        """How many events match the filters of :meth:`events`."""
        from dyad.store import queries

        return queries.count_events(self.con, **filters)

    def mentions(self, event_id: int) -> duckdb.DuckDBPyRelation:
        """Every mention of one event, with its article (``dyad event ID``)."""
        from dyad.store import queries

        return self._rel(queries.event_mentions_query(event_id))

    def actors(self, *, limit: int | None = None, **filters: Any) -> duckdb.DuckDBPyRelation:
        """Actors with how often they are named, act, are acted on, speak (``dyad actors``).

        Filters: name, country, sector, kind; order: events, mentions, articles, quotes, name.
        """
        from dyad.store import queries

        return self._rel(queries.actors_query(limit=limit, **filters))

    def quotes(self, *, limit: int | None = None, **filters: Any) -> duckdb.DuckDBPyRelation:
        """Quotes with their speakers (``dyad quotes``).

        Filters: speaker, country, words, since, until, kind, article; order: date, oldest.
        """
        from dyad.store import queries

        return self._rel(queries.quotes_query(limit=limit, **filters))

    def articles(self, *, limit: int | None = None, **filters: Any) -> duckdb.DuckDBPyRelation:
        """Stored articles (``dyad articles``). Filters: words, publisher, since, until."""
        from dyad.store import queries

        return self._rel(queries.articles_query(limit=limit, **filters))

    def timeline(
        self, who: str | None = None, *, by: str = "day", **filters: Any
    ) -> duckdb.DuckDBPyRelation:
        """Events per day, week or month, cooperative and conflictual (``dyad timeline``).

        ``who`` is an actor's name or a country (code or name), as in ``dyad timeline WHO``;
        without it, every event under the filters of :meth:`events` counts.
        """
        from dyad.store import queries

        return self._rel(queries.timeline_query(who, by=by, **filters))

    def dyads(
        self, *, by: str = "actor", min_events: int = 1, limit: int | None = None, **filters: Any
    ) -> duckdb.DuckDBPyRelation:
        """Who acts on whom, how often, per quad class (``dyad dyads``), under the filters of
        :meth:`events`; ``by`` is actor or country."""
        from dyad.store import queries

        return self._rel(queries.dyads_query(by=by, min_events=min_events, limit=limit, **filters))

    def places(self, *, limit: int | None = None, **filters: Any) -> duckdb.DuckDBPyRelation:
        """Events per geocoded place (the web page's map), under the filters of :meth:`events`."""
        from dyad.store import queries

        return self._rel(queries.places_query(limit=limit, **filters))

    def sql(self, query: str, params: list[Any] | None = None) -> duckdb.DuckDBPyRelation:
        """Any reading SQL over the tables (``docs/database.md``), with ``?`` parameters."""
        return self.con.cursor().sql(query, params=params)

    def record(self, article_id: str) -> Record | None:
        """One article's whole record (``dyad show ID``; an unambiguous id prefix works)."""
        return self._store.get_record(article_id)

    def counts(self) -> dict[str, int]:
        """How many articles, actors, events, mentions, quotes, places, times, errors."""
        return self._store.counts()
