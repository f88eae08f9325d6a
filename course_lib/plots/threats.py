"""Figures for lesson 4, divergent threat perceptions.

Each figure comes in two parts, as in lesson 1: ``<name>_figure(...)`` builds a
titled figure (a ``go.FigureWidget`` with ``widget=True``) and ``draw_<name>(fig, ...)``
writes new model results into it in place, which is what the explorer calls when a
slider moves. The inputs are tables from :mod:`course_lib.models.threats`
(priorities or allocations: rows are ally codes, columns threat codes); the functions
only draw them. Titles are worked out from the numbers, so they state the finding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from course_lib.data import load_coastlines, load_places
from course_lib.plots.style import PALETTE, SEQUENTIAL, finish, live, wrap_title

__all__ = [
    "THREAT_COLOURS",
    "THREAT_NAMES",
    "budget_figure",
    "coastlines",
    "divergence_figure",
    "draw_budget",
    "draw_priority_heatmap",
    "draw_threat_explorer",
    "draw_threat_map",
    "map_points",
    "map_title",
    "priority_heatmap_figure",
    "threat_map_figure",
]

#: One Okabe-Ito colour per threat source.
THREAT_COLOURS = {
    "RUS": PALETTE["vermillion"],
    "CHN": PALETTE["blue"],
    "PRK": PALETTE["purple"],
    "SAH": PALETTE["green"],
}
#: Display names of the threat sources.
THREAT_NAMES = {
    "RUS": "Russia",
    "CHN": "China",
    "PRK": "North Korea",
    "SAH": "North Africa / Sahel",
}
# Where each threat's label sits, so that Beijing's and Pyongyang's do not overlap.
_LABEL_POSITION = {"CHN": "bottom left", "PRK": "top right"}


def _name(code: str) -> str:
    return THREAT_NAMES.get(code, code)


# --------------------------------------------------------------------------- map
def _places(places: pd.DataFrame | None, kind: str) -> pd.DataFrame:
    """The rows of ``kind`` ('ally' or 'threat') of a places table, indexed by code."""
    table = load_places() if places is None else places
    return table[table["kind"] == kind].set_index("code")


def coastlines(table: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of the world's coastlines, one polyline after another with
    NaN between them, ready for a lines trace.

    ``table`` has the columns part, lon, lat, one row per vertex (the default: Natural
    Earth's 1:110m coastlines shipped with the course, :func:`course_lib.data.load_coastlines`).
    """
    if table is None:
        table = load_coastlines()
    breaks = np.flatnonzero(np.diff(table["part"].to_numpy())) + 1
    lon = np.insert(table["lon"].to_numpy(dtype=float), breaks, np.nan)
    lat = np.insert(table["lat"].to_numpy(dtype=float), breaks, np.nan)
    return lon, lat


def map_points(prio: pd.DataFrame, places: pd.DataFrame | None = None) -> dict[str, dict]:
    """For each threat (column), the allies that rank it first: codes, lat, lon, hover text.

    ``places`` has the columns of :func:`course_lib.data.load_places` (the default).
    """
    allies = _places(places, "ally")
    top = prio.to_numpy().argmax(axis=1)
    out = {}
    for j, threat in enumerate(prio.columns):
        rows = list(prio.index[top == j])
        text = [
            f"{allies.loc[c, 'name']}: "
            + ", ".join(f"{_name(t)} {100 * prio.loc[c, t]:.0f}%" for t in prio.columns)
            for c in rows
        ]
        out[threat] = {
            "codes": rows,
            "lat": allies.loc[rows, "lat"].to_numpy(dtype=float),
            "lon": allies.loc[rows, "lon"].to_numpy(dtype=float),
            "text": text,
        }
    return out


def map_title(prio: pd.DataFrame) -> str:
    """The map's finding: how many allies rank each threat first."""
    top = prio.to_numpy().argmax(axis=1)
    counts = [(int(np.sum(top == j)), t) for j, t in enumerate(prio.columns)]
    counts = sorted([c for c in counts if c[0] > 0], reverse=True)
    if len(counts) == 1:
        return f"Every ally ranks {_name(counts[0][1])} first: distance no longer divides them"
    (k0, t0), rest = counts[0], counts[1:]
    others = ", ".join(f"{k} {_name(t)}" for k, t in rest)
    return f"Geography divides the allies: {k0} of {len(prio)} fear {_name(t0)} most, {others}"


def threat_map_figure(
    prio: pd.DataFrame,
    *,
    places: pd.DataFrame | None = None,
    coast: pd.DataFrame | None = None,
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """World map: each ally's capital coloured by its top threat; threat sources as crosses.

    The coastlines are drawn from a file shipped with the course, so the map needs no
    download (plotly's own base map is fetched from a CDN). Trace 0 is the coastlines, trace 1
    the threat sources (drawn under the allies), and the trace whose ``meta`` is a threat code
    holds the allies that rank that threat first. ``places`` (capitals and threat sources)
    and ``coast`` (the coastlines) are the tables drawn, by default the shipped ones
    (:func:`course_lib.data.load_places`, :func:`course_lib.data.load_coastlines`).
    """
    lon, lat = coastlines(coast)
    sources = _places(places, "threat").loc[list(prio.columns)]
    traces = [
        go.Scattergeo(
            lon=lon,
            lat=lat,
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            name="coastline",
            line={"width": 0.7, "color": "#9a9a9a"},
        )
    ]
    traces.append(
        go.Scattergeo(
            lat=sources["lat"].to_numpy(dtype=float),
            lon=sources["lon"].to_numpy(dtype=float),
            mode="markers+text",
            text=[_name(c) for c in sources.index],
            textposition=[_LABEL_POSITION.get(c, "bottom center") for c in sources.index],
            name="threat source",
            hoverinfo="text",
            marker={
                "size": 14,
                "symbol": "x",
                "color": [THREAT_COLOURS.get(c, PALETTE["black"]) for c in sources.index],
            },
        )
    )
    traces += [
        go.Scattergeo(
            mode="markers",
            hoverinfo="text",
            name=f"top threat: {_name(t)}",
            meta=t,
            marker={
                "size": 9,
                "color": THREAT_COLOURS.get(t, PALETTE["black"]),
                "line": {"width": 0.6, "color": "white"},
            },
        )
        for t in prio.columns
    ]
    fig = go.Figure(traces)
    finish(fig, "", "", "", height=470)
    # Every topojson layer off: plotly.js would otherwise fetch its base map from the internet.
    fig.update_geos(
        projection_type="natural earth",
        showcoastlines=False,
        showland=False,
        showcountries=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showsubunits=False,
        showframe=True,
        framecolor="#cccccc",
        lataxis_range=[-50, 78],
        lonaxis_range=[-130, 180],
        bgcolor="white",
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10})
    fig = live(fig, widget)
    draw_threat_map(fig, prio, places=places, title=title)
    return fig


def draw_threat_map(
    fig: go.Figure,
    prio: pd.DataFrame,
    *,
    places: pd.DataFrame | None = None,
    title: str | None = None,
) -> None:
    """Move every ally to the trace of its (new) top threat and restate the title
    (``places`` as in :func:`threat_map_figure`)."""
    points = map_points(prio, places)
    for trace in fig.data:
        if trace.meta in points:
            pts = points[trace.meta]
            trace.update(lat=pts["lat"], lon=pts["lon"], text=pts["text"], customdata=pts["codes"])
    fig.layout.title.text = wrap_title(title or map_title(prio))


# --------------------------------------------------------------------------- heat map
def priority_heatmap_figure(
    prio: pd.DataFrame, *, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Heat map of priorities in percent: allies down, threats across (trace 0)."""
    fig = go.Figure(
        go.Heatmap(
            zmin=0,
            zmax=100,
            colorscale=SEQUENTIAL,
            texttemplate="%{z:.0f}",
            colorbar={"title": {"text": "priority (%)"}},
            hovertemplate="%{y}: %{x} %{z:.1f}%<extra></extra>",
        )
    )
    finish(fig, "", "threat source", "ally (ISO code)", height=max(320, 24 * len(prio) + 140))
    fig.update_yaxes(autorange="reversed")
    fig = live(fig, widget)
    draw_priority_heatmap(fig, prio, title=title)
    return fig


def draw_priority_heatmap(fig: go.Figure, prio: pd.DataFrame, *, title: str | None = None) -> None:
    """Write a new priority table into the heat map."""
    fig.data[0].update(
        z=100 * prio.to_numpy(), x=[_name(c) for c in prio.columns], y=list(prio.index)
    )
    fig.layout.title.text = wrap_title(
        title or "Each ally's priorities: the share of its concern each threat gets"
    )


# --------------------------------------------------------------------------- budgets
def budget_title(allocation: pd.DataFrame) -> str:
    """The budget figure's finding: how far apart the ideal splits lie."""
    a = allocation.to_numpy(dtype=float)
    budget = a.sum(axis=1)
    share = a / budget[:, None]
    spread = 0.5 * np.abs(share[:, None, :] - share[None, :, :]).sum(axis=2)
    i, k = np.unravel_index(int(np.argmax(spread)), spread.shape)
    return (
        f"One budget, many ideal splits: {allocation.index[i]} and {allocation.index[k]} "
        f"differ on {100 * spread[i, k]:.0f}% of it"
    )


def budget_figure(
    allocation: pd.DataFrame, *, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Stacked bars: how each ally would split a common budget across the threats.

    One trace per threat (column), in column order.
    """
    fig = go.Figure(
        [
            go.Bar(
                orientation="h",
                name=_name(t),
                marker_color=THREAT_COLOURS.get(t),
                hovertemplate="%{y}: %{x:.1f}<extra>" + _name(t) + "</extra>",
            )
            for t in allocation.columns
        ]
    )
    total = float(allocation.to_numpy().sum(axis=1).mean())
    x_title = (
        "share of a common budget (%)"
        if np.isclose(total, 100.0)
        else f"allocation of a common budget of {total:g}"
    )
    finish(fig, "", x_title, "ally (ISO code)", height=max(320, 26 * len(allocation) + 150))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    fig = live(fig, widget)
    draw_budget(fig, allocation, title=title)
    return fig


def draw_budget(fig: go.Figure, allocation: pd.DataFrame, *, title: str | None = None) -> None:
    """Write new ideal allocations into the stacked bars."""
    for j, threat in enumerate(allocation.columns):
        fig.data[j].update(x=allocation[threat].to_numpy(dtype=float), y=list(allocation.index))
    fig.layout.title.text = wrap_title(title or budget_title(allocation))


# --------------------------------------------------------------------------- the explorer
def draw_threat_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.threats.ThreatState` into the explorer's figures
    ``map``, ``priorities`` and ``budget`` (built by the three ``*_figure`` functions above).

    Only what changed reaches the page: plotly's figure widget leaves out every value equal
    to the one it holds, so a step restyles the map's threat traces whose allies or hover
    text moved, the heat map's ``z``, the bars' ``x``, and a title only when its finding changes.
    """
    draw_threat_map(figures["map"], state.priorities)
    draw_priority_heatmap(figures["priorities"], state.case)
    draw_budget(figures["budget"], state.budget)


# --------------------------------------------------------------------------- divergence
def divergence_figure(
    distance: pd.DataFrame, *, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Heat map of pairwise distances between allies' priorities (total variation, in %)."""
    d = np.asarray(distance, dtype=float)
    masked = d + np.diag(np.full(len(d), -np.inf))
    i, k = np.unravel_index(int(np.argmax(masked)), d.shape)
    fig = go.Figure(
        go.Heatmap(
            z=100 * d,
            x=list(distance.columns),
            y=list(distance.index),
            zmin=0,
            zmax=100,
            colorscale=SEQUENTIAL,
            texttemplate="%{z:.0f}",
            colorbar={"title": {"text": "budget to move (%)"}},
            hovertemplate="%{y} vs %{x}: %{z:.0f}%<extra></extra>",
        )
    )
    finish(
        fig,
        title
        or (
            f"To agree, {distance.index[i]} and {distance.columns[k]} would have to "
            f"move {100 * d[i, k]:.0f}% of a budget"
        ),
        "ally",
        "ally",
        height=max(360, 30 * len(distance) + 150),
    )
    fig.update_yaxes(autorange="reversed")
    return live(fig, widget)
