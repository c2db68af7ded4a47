"""The writer's memory of the stored events' matching fields, so that finding the events a
new mention could join (:meth:`dyad.store.Store._candidates`) asks no query per article.

DuckDB answers the candidate query in 2-5 ms of CPU however few rows it returns, and
building the :class:`Candidate` of every returned row costs as much again; the writer is
the only process that writes a database, so it can keep the rows itself: loaded once
(for a database of up to :data:`EventIndex.LIMIT` events), then told of every event it
adds, fills or deletes. Rows are kept as the query returns them and each becomes a
``Candidate`` once, when first returned.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

import duckdb

from dyad.store.matching import Candidate, Side, Where

# The columns matching reads, in the order of the candidate query.
COLUMNS = (
    "id", "type", "source_name", "source_country", "target_name", "target_country", "date",
    "place_name", "place_country", "place_feature", "lat", "lon", "source_sector",
    "target_sector", "cameo", "text_dated", "object_words",
)  # fmt: skip
_DATE, _TEXT_DATED = COLUMNS.index("date"), COLUMNS.index("text_dated")
_FLOATS = {COLUMNS.index("lat"), COLUMNS.index("lon")}
# what an UPDATE of a mention's fill sets (``coalesce(column, value)``), in this order
FILLED = ("date", "place_name", "place_country", "place_feature", "lat", "lon")
_FILLED_AT = tuple(COLUMNS.index(c) for c in FILLED)


def candidate(r: tuple[Any, ...]) -> Candidate:
    """The :class:`Candidate` of an event row (a tuple of :data:`COLUMNS`)."""
    return Candidate(
        r[0],
        r[1],
        Side.of(r[2], r[3], r[12]),
        Side.of(r[4], r[5], r[13]),
        r[6],
        Where.of({"name": r[7], "country": r[8], "feature": r[9], "lat": r[10], "lon": r[11]}),
        r[14],
        r[15] is not False,
        frozenset((r[16] or "").split()),
    )


def _stored(i: int, v: Any) -> Any:
    """``v`` as the database gives it back from column ``COLUMNS[i]``."""
    if v is None:
        return None
    if i in _FLOATS:
        return float(v)
    if i == _TEXT_DATED:
        return bool(v)
    if i == _DATE or i == 0:
        return v
    return v if isinstance(v, str) else str(v)


def as_stored(row: dict[str, Any]) -> tuple[Any, ...]:
    """The tuple of :data:`COLUMNS` that the query would read back for an inserted row
    (``dyad.store.rows.event_row``)."""
    return tuple(_stored(i, row[c]) for i, c in enumerate(COLUMNS))


class EventIndex:
    """The matching fields of every stored event, by type and date."""

    LIMIT = 50_000  # events; the writer of a larger database asks the database each time

    def __init__(self) -> None:
        self.rows: dict[int, tuple[Any, ...]] = {}
        self._cands: dict[int, Candidate] = {}
        self._dated: dict[str, list[tuple[dt.date, int]]] = {}  # type -> sorted (date, id)
        self._undated: dict[str, set[int]] = {}  # type -> ids

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> EventIndex | None:
        """Every stored event's row, or None when there are more than :data:`LIMIT`."""
        n = con.execute("SELECT count(*) FROM events").fetchone()
        if n is None or n[0] > cls.LIMIT:
            return None
        idx = cls()
        for r in con.execute(f"SELECT {', '.join(COLUMNS)} FROM events").fetchall():
            idx.add(tuple(r))
        return idx

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, r: tuple[Any, ...]) -> None:
        eid, etype, day = r[0], r[1], r[_DATE]
        self.rows[eid] = r
        self._cands.pop(eid, None)
        if day is None:
            self._undated.setdefault(etype, set()).add(eid)
        else:
            lst = self._dated.setdefault(etype, [])
            lst.insert(bisect_left(lst, (day, eid)), (day, eid))

    def remove(self, ids: Iterable[int]) -> None:
        for eid in ids:
            r = self.rows.pop(eid, None)
            if r is None:
                continue
            self._cands.pop(eid, None)
            if r[_DATE] is None:
                self._undated[r[1]].discard(eid)
            else:
                lst = self._dated[r[1]]
                del lst[bisect_left(lst, (r[_DATE], eid))]

    def fill(self, eid: int, values: list[Any]) -> None:
        """``UPDATE events SET c = coalesce(c, v), ...`` for the :data:`FILLED` columns."""
        r = self.rows.get(eid)
        if r is None:
            return
        new = list(r)
        for i, v in zip(_FILLED_AT, values, strict=True):
            if new[i] is None:
                new[i] = _stored(i, v)
        self.remove([eid])
        self.add(tuple(new))

    def find(
        self,
        types: list[str],
        lo: dt.date | None,
        hi: dt.date | None,
        undated: bool,
        text_dated: bool,
    ) -> list[Candidate]:
        """Events of ``types`` dated from ``lo`` to ``hi``, or undated when ``undated``, or
        when ``text_dated`` and the event's ``text_dated`` is not false, by id: the rows of
        the candidate query (``Store._candidates``)."""
        ids: list[int] = []
        for t in types:
            if lo is not None and hi is not None:
                lst = self._dated.get(t, [])
                i = bisect_left(lst, (lo,))
                j = bisect_right(lst, (hi, math.inf))
                ids.extend(eid for _, eid in lst[i:j])
            if undated:
                ids.extend(self._undated.get(t, ()))
            elif text_dated:
                ids.extend(
                    e for e in self._undated.get(t, ()) if self.rows[e][_TEXT_DATED] is not False
                )
        out = []
        for eid in sorted(ids):
            c = self._cands.get(eid)
            if c is None:
                c = self._cands[eid] = candidate(self.rows[eid])
            out.append(c)
        return out
