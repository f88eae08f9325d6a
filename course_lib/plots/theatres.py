"""Lesson 2's regions: Europe against the Indo-Pacific, and where a twin-challenge threshold exists.

The figures draw what :mod:`course_lib.models.theatres` and :mod:`course_lib.models.stackelberg` computed.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.leadership import SPENDING_AXIS, _legend_below, _vline
from course_lib.plots.style import PALETTE, SERIES, finish, live, nice_range, wrap_title


def _place(name: str) -> str:
    """'Europe' -> 'Europe', 'Indo-Pacific' -> 'the Indo-Pacific' (for running text)."""
    return f"the {name}" if name.lower().startswith("indo") else name


def regions_title(curves: dict) -> str:
    """The finding: which region leaves more of the burden to the hegemon."""
    shares = {name: c.optimum.influence for name, c in curves.items()}
    most = max(shares, key=shares.get)
    least = min(shares, key=shares.get)
    if most == least:
        return f"In {_place(most)} the hegemon carries {100 * shares[most]:.0f}% of the burden"
    return (
        f"The hegemon carries {100 * shares[most]:.0f}% of the burden in {_place(most)}, "
        f"{100 * shares[least]:.0f}% in {_place(least)}"
    )


def regions_figure(
    curves: dict, threats: dict, *, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Regions side by side: who pays at the optimum (left), what mistakes cost (right).

    ``curves`` maps a region's name to its ``TrapCurve``; ``threats`` maps it to
    its threat T. Traces: 0 = hegemon's spending (bars), 1 = allies' spending
    (bars, stacked), 2 = allies alone, without the hegemon (markers), 3 = the
    threat (markers), then one loss curve per region (right panel).
    """
    names = list(curves)
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.42, 0.58],
        horizontal_spacing=0.12,
        subplot_titles=(
            "spending at the hegemon's optimum",
            "payoff lost by leading too little or too much",
        ),
    )
    fig.add_trace(go.Bar(name="hegemon", marker_color=PALETTE["blue"]), row=1, col=1)
    fig.add_trace(go.Bar(name="allies", marker_color=PALETTE["green"]), row=1, col=1)
    fig.add_trace(
        go.Scatter(
            name="allies alone (no hegemon)",
            mode="markers",
            marker={
                "symbol": "diamond-open",
                "size": 13,
                "color": PALETTE["black"],
                "line": {"width": 2},
            },
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            name="threat T",
            mode="markers",
            marker={
                "symbol": "line-ew-open",
                "size": 40,
                "color": PALETTE["vermillion"],
                "line": {"width": 3},
            },
        ),
        row=1,
        col=1,
    )
    for k, name in enumerate(names):
        fig.add_trace(
            go.Scatter(
                name=f"{name}: loss",
                mode="lines",
                line={
                    "color": SERIES[(k + 1) % len(SERIES)],
                    "width": 3,
                    "dash": ("solid", "dash", "dot")[k % 3],
                },
            ),
            row=1,
            col=2,
        )
    finish(fig, title or "", "", "spending (% of U.S. GDP)")
    _legend_below(fig, 480)
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title_text="region", row=1, col=1)
    fig.update_xaxes(title_text=SPENDING_AXIS, row=1, col=2)
    fig.update_yaxes(title_text="payoff lost (% of U.S. GDP)", row=1, col=2, rangemode="tozero")
    fig = live(fig, widget)
    draw_regions(fig, curves, threats, title=title)
    return fig


def draw_regions(fig: go.Figure, curves: dict, threats: dict, *, title: str | None = None) -> None:
    """Write new ``TrapCurve`` results (same regions, same order) into a :func:`regions_figure`."""
    names = list(curves)
    hegemon = [curves[n].optimum.spending for n in names]
    allies = [curves[n].optimum.allied_spending for n in names]
    alone = [float(curves[n].total[0]) for n in names]
    threat = [float(threats[n]) for n in names]
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = names, hegemon
        fig.data[1].x, fig.data[1].y = names, allies
        fig.data[2].x, fig.data[2].y = names, alone
        fig.data[3].x, fig.data[3].y = names, threat
        for k, n in enumerate(names):
            c = curves[n]
            fig.data[4 + k].x, fig.data[4 + k].y = np.asarray(c.spending), np.asarray(c.loss)
        # nice ends: the panels keep their scale while the curves move (docs/developers.md)
        stacks = np.add(hegemon, allies)
        fig.layout.yaxis.range = nice_range(stacks, alone, threat, pad=0.1)  # room for markers
        fig.layout.xaxis2.range = nice_range(*(curves[n].spending for n in names))
        fig.layout.yaxis2.range = nice_range(*(curves[n].loss for n in names))
        fig.layout.title.text = wrap_title(title or regions_title(curves))


def twin_title(twin) -> str:
    """The finding: the allied share beyond which burden shifting costs more influence than it saves."""
    if twin.threshold_share >= 1.0 - 1e-12:
        return "Here influence never outweighs the saving (φ ≤ c·Q(0)): shifting burden always pays"
    return (
        f"Twin challenges: beyond a {100 * twin.threshold_share:.0f}% allied share, shifting "
        "burden costs more influence than it saves"
    )


def twin_figure(twin, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """Marginal influence loss and marginal saving against the allies' share of the burden.

    Traces: 0 = marginal influence loss φ·d(q_H/Q)/dq_H, 1 = marginal saving c,
    2 = the threshold (a vertical line; empty when there is none).
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="influence lost per unit cut",
                mode="lines",
                line={"color": PALETTE["purple"], "width": 3},
            ),
            go.Scatter(
                name="money saved per unit cut",
                mode="lines",
                line={"color": PALETTE["vermillion"], "dash": "dash", "width": 2},
            ),
            go.Scatter(
                name="threshold", mode="lines", line={"color": PALETTE["black"], "dash": "dot"}
            ),
        ]
    )
    finish(fig, title or "", "allies' share of the burden (%)", "payoff per unit of spending")
    _legend_below(fig, 420)
    fig = live(fig, widget)
    draw_twin(fig, twin, title=title)
    return fig


def draw_twin(fig: go.Figure, twin, *, title: str | None = None) -> None:
    """Write new ``TwinChallenges`` into a :func:`twin_figure`."""
    share = 100 * np.asarray(twin.allied_share)
    loss = np.asarray(twin.marginal_influence_loss, dtype=float)
    finite = np.isfinite(loss)
    top = float(max(loss[finite].max() if finite.any() else 1.0, np.max(twin.marginal_saving)))
    shown = np.minimum(loss, 3 * top)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = share[finite], shown[finite]
        fig.data[1].x, fig.data[1].y = share, np.asarray(twin.marginal_saving)
        if twin.threshold_share < 1.0 - 1e-12:
            fig.data[2].x, fig.data[2].y = _vline(100 * twin.threshold_share, 0.0, top)
        else:
            fig.data[2].x, fig.data[2].y = [], []
        fig.layout.title.text = wrap_title(title or twin_title(twin))


def twin_condition_title(tastes, boundaries: dict, presets: dict) -> str:
    """The finding: which presets lie above their region's line φ = c·Q(0) (a threshold exists)."""
    above, below = [], []
    for name, (taste, phi) in presets.items():
        line = float(
            np.interp(
                taste, np.asarray(tastes, dtype=float), np.asarray(boundaries[name], dtype=float)
            )
        )
        (above if phi > line else below).append(_place(name))
    if not presets:
        return "A twin-challenge threshold exists only above the line φ = c·Q(0)"
    parts = []
    if above:
        parts.append(
            f"{' and '.join(above)} above {'its' if len(above) == 1 else 'their'} line (a threshold)"
        )
    if below:
        parts.append(
            f"{' and '.join(below)} below {'its' if len(below) == 1 else 'their'} line (none)"
        )
    text = "; ".join(parts)
    return f"A threshold exists only where φ > c·Q(0): {text[0].upper()}{text[1:]}"


def twin_condition_figure(
    tastes,
    boundaries: dict,
    presets: dict | None = None,
    *,
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Where a twin-challenge threshold exists: above the line φ = c·Q(0) over the allies' taste.

    ``tastes`` is the x grid (a common taste for security); ``boundaries`` maps a
    label to :func:`course_lib.models.leadership.twin_challenge_boundary` over
    ``tastes`` (a region's c·Q(0), or a variant: richer allies, another cost);
    ``presets`` maps some of those labels to a preset's (taste, φ), drawn as a
    marker in the line's colour. Traces: one line per boundary, then one marker
    per preset.
    """
    presets = dict(presets or {})
    fig = go.Figure()
    colours = {}
    for k, name in enumerate(boundaries):
        colours[name] = SERIES[k % len(SERIES)]
        fig.add_trace(
            go.Scatter(
                name=f"{name}: c·Q(0)",
                mode="lines",
                line={
                    "color": colours[name],
                    "width": 3,
                    "dash": ("solid", "dash", "dot", "dashdot")[k % 4],
                },
            )
        )
    for name in presets:
        fig.add_trace(
            go.Scatter(
                name=f"{name} preset",
                mode="markers",
                marker={
                    "symbol": "star",
                    "size": 16,
                    "color": colours.get(name, PALETTE["black"]),
                    "line": {"width": 1, "color": PALETTE["black"]},
                },
            )
        )
    finish(
        fig,
        title or "",
        "allies' taste for security a (common to all)",
        "value of influence φ (% of U.S. GDP)",
        height=440,
    )
    fig.update_yaxes(rangemode="tozero")
    fig.add_annotation(
        text="above a line: a threshold exists (φ > c·Q(0))<br>below: shifting burden always pays",
        xref="paper",
        yref="paper",
        x=0.02,
        y=0.98,
        showarrow=False,
        align="left",
        font={"size": 12},
    )
    _legend_below(fig, 480)
    fig = live(fig, widget)
    draw_twin_condition(fig, tastes, boundaries, presets, title=title)
    return fig


def draw_twin_condition(
    fig: go.Figure,
    tastes,
    boundaries: dict,
    presets: dict | None = None,
    *,
    title: str | None = None,
) -> None:
    """Write new boundaries and presets (same labels, same order) into a :func:`twin_condition_figure`."""
    presets = dict(presets or {})
    x = np.asarray(tastes, dtype=float)
    with fig.batch_update():
        for k, name in enumerate(boundaries):
            fig.data[k].x, fig.data[k].y = x, np.asarray(boundaries[name], dtype=float)
        for j, (taste, phi) in enumerate(presets.values()):
            fig.data[len(boundaries) + j].x, fig.data[len(boundaries) + j].y = (
                [float(taste)],
                [float(phi)],
            )
        fig.layout.title.text = wrap_title(title or twin_condition_title(x, boundaries, presets))


def draw_region_comparison(figures, state) -> None:
    """Draw a ``RegionsState`` into the two-regions explorer's ``regions`` figure."""
    draw_regions(figures["regions"], state.curves, state.threats)
