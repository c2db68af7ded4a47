"""Plots of event data, drawn with matplotlib to PNG or SVG without a display.

``dyad timeline --plot FILE`` and ``dyad dyads --plot FILE`` use these, and so can a
notebook: each function takes the rows of the query of the same name (a list of dicts, a
pandas or polars DataFrame, or a DuckDB relation from :func:`dyad.open`) and returns a
:class:`matplotlib.figure.Figure`, saved to ``path`` when one is given. Figures are made
without pyplot, so no GUI backend and no global state are involved.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from dyad.vocab import QUAD_NAMES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Quad classes: the one place their names and colours are set for plots (the web page's
# map uses the same colours, in style.css).
QUAD_COLOURS = {1: "#8cc084", 2: "#2e8b57", 3: "#e59a52", 4: "#c0392b"}
QUAD_COLUMNS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
COOP, CONF = "#2e8b57", "#c0392b"
FORMATS = ("png", "svg")


class PlotError(ValueError):
    """A plot that cannot be drawn as asked (an unknown file type, no rows)."""


def rows_of(data: Any) -> list[dict[str, Any]]:
    """Rows as dicts from a list of dicts, a pandas/polars DataFrame or a DuckDB relation."""
    if isinstance(data, list):
        return data
    if hasattr(data, "fetchall") and hasattr(data, "columns"):  # a DuckDB relation
        cols = list(data.columns)
        return [dict(zip(cols, r, strict=True)) for r in data.fetchall()]
    if hasattr(data, "to_dicts"):  # polars
        return data.to_dicts()
    if hasattr(data, "to_dict"):  # pandas
        return data.to_dict("records")
    return [dict(r) for r in data]


def check_path(path: str | os.PathLike[str]) -> str:
    """The file type to write (png or svg), from the file name; a PlotError otherwise."""
    ext = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    if ext not in FORMATS:
        raise PlotError(f"cannot draw to '{os.fspath(path)}': name a .png or .svg file")
    return ext


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    return fig


def _save(fig: Figure, path: str | os.PathLike[str] | None) -> Figure:
    if path is not None:
        fmt = check_path(path)
        fig.savefig(os.fspath(path), format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return fig


def _day(v: Any) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        return v.to_pydatetime().date()
    return dt.date.fromisoformat(str(v)[:10])


def timeline(
    data: Any,
    *,
    title: str | None = None,
    by: str = "day",
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Events per period: cooperative above the axis, conflictual below (``dyad timeline``).

    Rows need ``period``, ``cooperative`` and ``conflictual``; ``events`` (when present)
    counts what is neither (no quad class) as a grey cap on the cooperative bar.
    """
    rows = sorted(rows_of(data), key=lambda r: _day(r["period"]))
    if not rows:
        raise PlotError("nothing to draw: no dated events match")
    days = [_day(r["period"]) for r in rows]
    up = [int(r.get("cooperative") or 0) for r in rows]
    down = [int(r.get("conflictual") or 0) for r in rows]
    other = [
        max(0, int(r.get("events") or 0) - u - d) for r, u, d in zip(rows, up, down, strict=True)
    ]
    width = {"day": 0.8, "week": 6.0, "month": 26.0}.get(by, 0.8)  # days; bars start their period
    fig = _figure(9, 4)
    ax = fig.add_subplot()
    bar = {"width": width, "align": "edge" if by != "day" else "center"}
    if any(up):
        ax.bar(days, up, color=COOP, label="cooperative (quad class 1-2)", **bar)
    if any(other):
        ax.bar(days, other, bottom=up, color="#8a94a6", label="no quad class", **bar)
    if any(down):
        ax.bar(days, [-d for d in down], color=CONF, label="conflictual (quad class 3-4)", **bar)
    ax.axhline(0, color="#1d2430", linewidth=0.8)
    ax.set_ylabel(f"events per {by}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{abs(v):g}")
    # Dates as dates (never hours), and a short range widened so one bar does not fill it.
    from matplotlib import dates as mdates

    unit = {"day": 1, "week": 7, "month": 30}.get(by, 1)
    pad = dt.timedelta(days=max(unit, (14 * unit - (days[-1] - days[0]).days) // 2))
    ax.set_xlim(days[0] - pad, days[-1] + pad)
    loc = mdates.AutoDateLocator(minticks=3, maxticks=9, interval_multiples=True)
    loc.intervald[mdates.HOURLY] = [24]  # no ticks between days
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    fig.suptitle(title or f"Events per {by}", x=0.01, ha="left", fontsize=11)
    fig.legend(loc="outside upper right", ncols=3, fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def _label(r: dict[str, Any], side: str) -> str:
    name = r.get(side)
    country = r.get(f"{side}_country")
    if name is None:
        return country or "?"
    return f"{name} ({country})" if country and country != name else str(name)


def dyads(
    data: Any,
    *,
    title: str | None = None,
    top: int = 20,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Who acts on whom: one bar per dyad, split by quad class (``dyad dyads``).

    Rows need ``source``, ``target`` and the per-quad-class counts (``verbal_coop``,
    ``material_coop``, ``verbal_conflict``, ``material_conflict``), or at least ``events``.
    The ``top`` dyads with most events are drawn, the largest at the top.
    """
    rows = sorted(rows_of(data), key=lambda r: -int(r.get("events") or 0))[:top]
    if not rows:
        raise PlotError("nothing to draw: no events with both a source and a target match")
    rows.reverse()  # barh draws bottom-up
    labels = [f"{_label(r, 'source')} → {_label(r, 'target')}" for r in rows]
    fig = _figure(9, 1.2 + 0.32 * len(rows))
    ax = fig.add_subplot()
    left = [0] * len(rows)
    for q, col in QUAD_COLUMNS.items():
        vals = [int(r.get(col) or 0) for r in rows]
        if any(vals):
            ax.barh(labels, vals, left=left, color=QUAD_COLOURS[q], label=QUAD_NAMES[q])
            left = [a + b for a, b in zip(left, vals, strict=True)]
    rest = [max(0, int(r.get("events") or 0) - s) for r, s in zip(rows, left, strict=True)]
    if any(rest):
        ax.barh(labels, rest, left=left, color="#8a94a6", label="no quad class")
    ax.set_xlabel("events")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title or "Who acts on whom", x=0.01, ha="left", fontsize=11)
    fig.legend(loc="outside upper right", ncols=4, fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=8)
    return _save(fig, path)
