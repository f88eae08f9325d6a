"""Figures for lesson 2, the leadership trap.

As in lesson 1, each figure comes as ``<name>_figure(...)`` (a titled figure, a
``go.FigureWidget`` with ``widget=True``) and ``draw_<name>(fig, ...)``, which
writes new model results into an existing figure in place. The functions draw
what :mod:`course_lib.models.leadership` returned (a ``TrapCurve``,
``TwinChallenges``, ``ThreatGame``); they never solve a game themselves. Titles
are worked out from the numbers, so each states what its figure shows.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.style import PALETTE, finish, live, nice_range, wrap_title

__all__ = [
    "SPENDING_AXIS",
    "draw_game_tree",
    "draw_leadership",
    "draw_payoff",
    "draw_region_comparison",
    "draw_regions",
    "draw_response",
    "draw_threat_calculation",
    "draw_threat_game",
    "draw_trap",
    "draw_twin",
    "draw_twin_condition",
    "game_title",
    "game_tree_figure",
    "payoff_figure",
    "payoff_title",
    "regions_figure",
    "regions_title",
    "response_figure",
    "threat_calculation_figure",
    "trap_figure",
    "trap_title",
    "tree_layout",
    "twin_condition_figure",
    "twin_condition_title",
    "twin_figure",
    "twin_title",
]

SPENDING_AXIS = "hegemon's defence spending q_H (% of U.S. GDP)"
PAYOFF_AXIS = "hegemon's payoff (% of U.S. GDP)"


def _legend_below(fig: go.Figure, height: int) -> None:
    """Legend under the plot, so a long finding in the title never collides with it."""
    fig.update_layout(
        height=height,
        margin={"b": 120},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0.0},
    )


def _vline(x: float, y0: float, y1: float) -> tuple[list, list]:
    return [x, x], [y0, y1]


# --------------------------------------------------------------------------- payoff


def payoff_title(curve) -> str:
    """The finding: the optimum and the allies' share there."""
    best = curve.optimum
    if best.allied_spending <= 1e-9:
        return (
            f"The hegemon's best commitment, {best.spending:.1f}% of GDP, "
            "crowds the allies out altogether"
        )
    return (
        f"The hegemon's best commitment is {best.spending:.1f}% of GDP; "
        f"the allies then carry {100 * best.allied_share:.0f}% of the burden"
    )


def payoff_figure(curve, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """The hegemon's payoff and its three parts against its spending, optimum marked.

    Traces: 0 = payoff W, 1 = deterrence value V·P(Q), 2 = influence value φ·q_H/Q,
    3 = cost of spending c·q_H, 4 = the optimum (a marker).
    """
    fig = go.Figure(
        [
            go.Scatter(name="payoff W", mode="lines", line={"color": PALETTE["black"], "width": 3}),
            go.Scatter(
                name="deterrence V·P(Q)",
                mode="lines",
                line={"color": PALETTE["blue"], "dash": "dash"},
            ),
            go.Scatter(
                name="influence φ·q_H/Q",
                mode="lines",
                line={"color": PALETTE["purple"], "dash": "dot"},
            ),
            go.Scatter(
                name="cost c·q_H",
                mode="lines",
                line={"color": PALETTE["vermillion"], "dash": "dashdot"},
            ),
            go.Scatter(
                name="optimum",
                mode="markers+text",
                textposition="top center",
                marker={
                    "color": PALETTE["orange"],
                    "size": 14,
                    "symbol": "star",
                    "line": {"color": PALETTE["black"], "width": 1},
                },
            ),
        ]
    )
    finish(fig, title or "", SPENDING_AXIS, PAYOFF_AXIS)
    _legend_below(fig, 460)
    fig = live(fig, widget)
    draw_payoff(fig, curve, title=title)
    return fig


def draw_payoff(fig: go.Figure, curve, *, title: str | None = None) -> None:
    """Write a new :class:`~course_lib.models.leadership.TrapCurve` into a :func:`payoff_figure`."""
    q = np.asarray(curve.spending)
    best = curve.optimum
    curves = (curve.payoff, curve.deterrence_value, curve.influence_payoff, curve.spending_cost)
    with fig.batch_update():
        for trace, y in zip(fig.data[:4], curves):
            trace.x, trace.y = q, np.asarray(y)
            trace.hovertemplate = "q_H = %{x:.2f}<br>%{y:.2f}<extra>" + trace.name + "</extra>"
        fig.data[4].x, fig.data[4].y = [best.spending], [best.payoff]
        fig.data[4].text = [f"q_H* = {best.spending:.2f}"]
        fig.layout.xaxis.range = nice_range(q)
        fig.layout.yaxis.range = nice_range(*curves, pad=0.1)  # room for the optimum's star
        fig.layout.title.text = wrap_title(title or payoff_title(curve))


# --------------------------------------------------------------------------- damned if you do


def trap_title(curve) -> str:
    """The finding: what leading half as much and twice as much would each cost."""
    best = curve.optimum
    q = np.asarray(curve.spending)
    loss = np.asarray(curve.loss)
    half = float(np.interp(0.5 * best.spending, q, loss))
    double = float(np.interp(min(2.0 * best.spending, q[-1]), q, loss))
    return (
        f"Damned if you do, damned if you don't: leading half as much costs {half:.1f}, "
        f"twice as much {double:.1f}"
    )


def trap_figure(curve, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """What too little and too much leadership cost, with the allies' spending beside it.

    Traces: 0 = loss when spending too little (filled), 1 = loss when spending too
    much (filled), 2 = the allies' spending (right axis), 3 = the optimum (a
    vertical line).
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            name="too little: deterrence and influence lost",
            mode="lines",
            fill="tozeroy",
            line={"color": PALETTE["vermillion"], "width": 2},
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            name="too much: paying for what allies would have bought",
            mode="lines",
            fill="tozeroy",
            line={"color": PALETTE["blue"], "width": 2},
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            name="allies' spending (right axis)",
            mode="lines",
            line={"color": PALETTE["green"], "dash": "dash", "width": 2},
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Scatter(
            name="optimum",
            mode="lines",
            showlegend=False,
            line={"color": PALETTE["black"], "dash": "dot", "width": 1},
        ),
        secondary_y=False,
    )
    finish(fig, title or "", SPENDING_AXIS, "payoff lost against the optimum (% of U.S. GDP)")
    _legend_below(fig, 460)
    fig.update_yaxes(
        title_text="allies' spending (% of U.S. GDP)",
        secondary_y=True,
        rangemode="tozero",
        showgrid=False,
    )
    fig.update_yaxes(rangemode="tozero", secondary_y=False)
    fig = live(fig, widget)
    draw_trap(fig, curve, title=title)
    return fig


def draw_trap(fig: go.Figure, curve, *, title: str | None = None) -> None:
    """Write a new ``TrapCurve`` into a :func:`trap_figure`."""
    q = np.asarray(curve.spending)
    loss = np.asarray(curve.loss)
    left = q <= curve.optimum.spending
    right = q >= curve.optimum.spending
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = q[left], loss[left]
        fig.data[1].x, fig.data[1].y = q[right], loss[right]
        fig.data[2].x, fig.data[2].y = q, np.asarray(curve.allied_spending)
        fig.data[3].x, fig.data[3].y = _vline(curve.optimum.spending, 0.0, float(loss.max()) or 1.0)
        for trace in fig.data[:2]:
            trace.hovertemplate = "q_H = %{x:.2f}<br>loss %{y:.2f}<extra></extra>"
        fig.layout.xaxis.range = nice_range(q)
        fig.layout.yaxis.range = nice_range(loss)
        fig.layout.yaxis2.range = nice_range(curve.allied_spending)
        fig.layout.title.text = wrap_title(title or trap_title(curve))


# --------------------------------------------------------------------------- crowding out


def response_figure(curve, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """The alliance total and the allies' spending as the hegemon spends more.

    Traces: 0 = alliance total Q(q_H), 1 = allies' spending, 2 = the 45° line
    (what the total would be with full crowding out of the allies).
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="alliance total Q", mode="lines", line={"color": PALETTE["black"], "width": 3}
            ),
            go.Scatter(
                name="allies' spending Q − q_H",
                mode="lines",
                line={"color": PALETTE["green"], "dash": "dash", "width": 2},
            ),
            go.Scatter(
                name="hegemon alone (Q = q_H)",
                mode="lines",
                line={"color": PALETTE["sky"], "dash": "dot", "width": 1},
            ),
        ]
    )
    finish(fig, title or "", SPENDING_AXIS, "spending (% of U.S. GDP)")
    _legend_below(fig, 420)
    fig = live(fig, widget)
    draw_response(fig, curve, title=title)
    return fig


def draw_response(fig: go.Figure, curve, *, title: str | None = None) -> None:
    """Write a new ``TrapCurve`` into a :func:`response_figure`."""
    q = np.asarray(curve.spending)
    total = np.asarray(curve.total)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = q, total
        fig.data[1].x, fig.data[1].y = q, np.asarray(curve.allied_spending)
        fig.data[2].x, fig.data[2].y = q, q
        if title is None:
            slope = (total[1] - total[0]) / (q[1] - q[0]) if q.size > 1 and q[1] > q[0] else 1.0
            title = (
                f"Crowding out: the first unit the hegemon spends adds only {slope:.2f} "
                "to the alliance total"
            )
        fig.layout.title.text = wrap_title(title)


# --------------------------------------------------------------------------- two regions


# --------------------------------------------------------------------------- twin challenges


# --------------------------------------------------------------------------- the game tree


# --------------------------------------------------------------------------- the calculation behind the threat


# --------------------------------------------------------------------------- the explorers' draw functions
# Each takes the explorer's figures (by name) and a state from course_lib.models.leadership;
# the explorer has already opened one batch_update per figure.


def draw_leadership(figures, state) -> None:
    """Draw a ``LeadershipState`` into the payoff explorer's ``payoff`` and ``trap`` figures."""
    draw_payoff(figures["payoff"], state.curve)
    draw_trap(figures["trap"], state.curve)


# Names that moved to modules of their own concept; this module still answers for them (looked
# up on first use, because those modules import their shared helpers from here).
_MOVED = {
    "course_lib.plots.theatres": (
        "_place",
        "regions_title",
        "regions_figure",
        "draw_regions",
        "twin_title",
        "twin_figure",
        "draw_twin",
        "twin_condition_title",
        "twin_condition_figure",
        "draw_twin_condition",
        "draw_region_comparison",
    ),
    "course_lib.plots.credible_threats": (
        "tree_layout",
        "game_title",
        "game_tree_figure",
        "_path_edges",
        "draw_game_tree",
        "threat_calculation_figure",
        "draw_threat_calculation",
        "draw_threat_game",
    ),
}


def __getattr__(name: str):
    import importlib

    for module, names in _MOVED.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
