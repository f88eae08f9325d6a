"""Figures for lesson 5, economic interdependence.

As in lesson 1, ``<name>_figure(...)`` builds a titled figure (``widget=True`` for a
``go.FigureWidget``) and ``draw_<name>(fig, ...)`` writes new model results into it in
place. Inputs come from :mod:`course_lib.models.interdependence`; nothing here computes
a sanction level. Sanction levels and shares are drawn in percent.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, SEQUENTIAL, finish, live, wrap_title

__all__ = [
    "RULES",
    "RULE_COLOURS",
    "conflict_figure",
    "conflict_title",
    "draw_conflict",
    "draw_germany",
    "draw_germany_explorer",
    "draw_sanction_levels",
    "draw_sanctions_explorer",
    "germany_figure",
    "sanction_levels_figure",
    "sanction_title",
]

#: Colours and dashes of the three collective levels.
RULE_COLOURS = {
    "consensus": PALETTE["vermillion"],
    "majority": PALETTE["blue"],
    "optimal": PALETTE["green"],
}
#: The order of the level lines (traces 1, 2, 3 of the sanction figure).
RULES = ("consensus", "majority", "optimal")
_DASH = {"consensus": "solid", "majority": "dash", "optimal": "dot"}


def _pct(values) -> np.ndarray:
    return 100.0 * np.asarray(values, dtype=float)


# --------------------------------------------------------------------------- levels
def sanction_title(members, consensus: float, majority: float, optimal: float, setter: int) -> str:
    """The finding: who sets the consensus level and how far below the other rules it is."""
    who = list(members)[setter]
    return (
        f"Consensus: {who} holds sanctions to {100 * consensus:.0f}% "
        f"(majority {100 * majority:.0f}%, optimum {100 * optimal:.0f}%)"
    )


def sanction_levels_figure(
    members,
    preferred,
    consensus: float,
    majority: float,
    optimal: float,
    setter: int,
    *,
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Each member's preferred sanction (trace 0, bars; the setter in orange) and the
    consensus, majority and optimal levels (traces 1-3, horizontal lines)."""
    traces = [
        go.Bar(name="preferred by the member", hovertemplate="%{x}: %{y:.0f}%<extra></extra>")
    ]
    for rule in RULES:
        traces.append(
            go.Scatter(
                mode="lines",
                name=rule,
                line={"color": RULE_COLOURS[rule], "width": 3, "dash": _DASH[rule]},
                hovertemplate=rule + ": %{y:.0f}%<extra></extra>",
            )
        )
    fig = go.Figure(traces)
    finish(fig, "", "member", "sanction intensity (% of a full embargo)", height=430)
    fig.update_yaxes(range=[0, 105])
    fig = live(fig, widget)
    draw_sanction_levels(fig, members, preferred, consensus, majority, optimal, setter, title=title)
    return fig


def draw_sanction_levels(
    fig: go.Figure,
    members,
    preferred,
    consensus: float,
    majority: float,
    optimal: float,
    setter: int,
    *,
    title: str | None = None,
) -> None:
    """Write new peaks and levels into the sanction figure."""
    members = [str(m) for m in members]
    colours = [PALETTE["orange"] if i == setter else PALETTE["sky"] for i in range(len(members))]
    fig.data[0].update(x=members, y=_pct(preferred), marker_color=colours)
    for k, (rule, level) in enumerate(zip(RULES, (consensus, majority, optimal)), start=1):
        fig.data[k].update(
            x=members, y=[100.0 * level] * len(members), name=f"{rule}: {100 * level:.0f}%"
        )
    fig.layout.title.text = wrap_title(
        title or sanction_title(members, consensus, majority, optimal, setter)
    )


# --------------------------------------------------------------------------- conflict of interest
def conflict_figure(
    members, dependence, stake, preferred, *, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Security stake against trade exposure per member (trace 0, coloured by preferred
    sanction); trace 1 is the line stake = exposure, below which a member wants no sanction."""
    fig = go.Figure(
        [
            go.Scatter(
                mode="markers+text",
                textposition="top center",
                name="member",
                marker={
                    "size": 14,
                    "cmin": 0,
                    "cmax": 100,
                    "colorscale": SEQUENTIAL,
                    "showscale": True,
                    "colorbar": {"title": {"text": "preferred<br>sanction (%)"}},
                    "line": {"width": 1, "color": PALETTE["black"]},
                },
                hovertemplate="%{text}: exposure %{x:.0f}%, stake %{y:.0f}%<extra></extra>",
            ),
            go.Scatter(
                x=[0, 100],
                y=[0, 100],
                mode="lines",
                name="stake = exposure: no sanction below",
                line={"color": PALETTE["black"], "dash": "dash", "width": 1},
            ),
        ]
    )
    finish(
        fig, "", "dependence on the adversary (% of GDP)", "security stake (% of GDP)", height=480
    )
    # the colour bar takes the right-hand side, so the legend goes under the plot
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0.0},
        margin={"b": 120},
    )
    fig = live(fig, widget)
    draw_conflict(fig, members, dependence, stake, preferred, title=title)
    return fig


def conflict_title(members, dependence, stake) -> str:
    """The finding: how many members trade too much with the adversary to sanction it at all."""
    tau, theta = np.asarray(dependence, dtype=float), np.asarray(stake, dtype=float)
    k, n = int(np.sum(tau >= theta)), len(list(members))
    if k == 0:
        return "Conflict of interest: the closer a member sits to the diagonal, the less it will sanction"
    return (
        f"Conflict of interest: {k} of {n} member{'s' if k > 1 else ''} trade too much with "
        f"the adversary to sanction it at all"
    )


def draw_conflict(
    fig: go.Figure, members, dependence, stake, preferred, *, title: str | None = None
) -> None:
    """Move the members to their new exposure, recolour them by their new peaks, rescale the axes."""
    x, y = _pct(dependence), _pct(stake)
    top = float(np.ceil(1.15 * max(x.max(initial=0.0), y.max(initial=0.0), 1.0)))
    fig.data[0].update(x=x, y=y, text=[str(m) for m in members], marker={"color": _pct(preferred)})
    fig.data[1].update(x=[0.0, top], y=[0.0, top])
    pad = 0.12 * top  # room for the labels of members near an axis
    fig.layout.xaxis.range = [-pad, top]
    fig.layout.yaxis.range = [-0.5 * pad, top]
    fig.layout.title.text = wrap_title(title or conflict_title(members, dependence, stake))


# --------------------------------------------------------------------------- Germany
def germany_figure(case, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """Germany's gas dependence on Russia (trace 0, bars), its preferred sanction (trace 1) and
    the consensus level (trace 2) over time; ``case`` is ``interdependence.germany_case()``."""
    fig = go.Figure(
        [
            go.Bar(name="Russia's share of German gas imports", marker_color=PALETTE["sky"]),
            go.Scatter(
                mode="lines+markers",
                name="Germany's preferred sanction",
                line={"color": PALETTE["orange"], "dash": "dash"},
            ),
            go.Scatter(
                mode="lines+markers",
                name="consensus sanction",
                line={"color": RULE_COLOURS["consensus"], "width": 3},
            ),
        ]
    )
    finish(fig, "", "period", "percent (share of imports; % of a full embargo)", height=430)
    fig.update_yaxes(range=[0, 105])
    fig = live(fig, widget)
    draw_germany(fig, case, title=title)
    return fig


def draw_germany(fig: go.Figure, case, *, title: str | None = None) -> None:
    """Write a new Germany case table into the figure."""
    periods = list(case["period"])
    fig.data[0].update(x=periods, y=_pct(case["dependence"]))
    fig.data[1].update(x=periods, y=_pct(case["germany_peak"]))
    fig.data[2].update(x=periods, y=_pct(case["consensus"]))
    first, last = float(case["consensus"].iloc[0]), float(case["consensus"].iloc[-1])
    fig.layout.title.text = wrap_title(
        title
        or (
            f"As Germany cut Russian gas, the consensus ceiling on sanctions "
            f"rose from {100 * first:.0f}% to {100 * last:.0f}%"
        )
    )


# --------------------------------------------------------------------------- the explorers
def draw_sanctions_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.interdependence.SanctionsState` into the figures
    ``levels`` and ``conflict``. The widget sends only values that changed: one slider moves
    one member's bar colour and point, the level lines only when a level moves."""
    r = state.result
    draw_sanction_levels(
        figures["levels"], state.members, r.preferred, r.consensus, r.majority, r.optimal, r.setter
    )
    draw_conflict(figures["conflict"], state.members, state.dependence, state.stake, r.preferred)


def draw_germany_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.interdependence.GermanyState` into the figure ``germany``."""
    draw_germany(figures["germany"], state.case)
