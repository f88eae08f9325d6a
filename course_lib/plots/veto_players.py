"""Figures of the veto-player model (lesson 6): the hull of vetoes and gridlock along NATO's enlargement.

Each figure an explorer updates comes in two parts: ``<name>_figure(...)`` builds a titled
figure (a ``go.FigureWidget`` with ``widget=True``) and ``draw_<name>(fig, ...)`` writes new
results of :mod:`course_lib.models.veto_players` into it in place; none computes a model
answer. Titles are worked out from the numbers they are given, so they state the finding.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, finish, live, wrap_title

__all__ = [
    "draw_gridlock",
    "draw_gridlock_explorer",
    "draw_veto_explorer",
    "draw_veto_player",
    "gridlock_figure",
    "gridlock_title",
    "veto_player_figure",
    "veto_player_title",
]


# ----------------------------------------------------------------------------- gridlock


def gridlock_title(table) -> str:
    """The finding: gridlock probability at the first and last step of the enlargement path."""
    first, last = table.iloc[0], table.iloc[-1]
    return (
        f"Gridlock grows with every enlargement: {first['probability']:.0%} at "
        f"{int(first['members'])} members ({int(first['year'])}), {last['probability']:.0%} "
        f"at {int(last['members'])} ({int(last['year'])})"
    )


def gridlock_figure(table, centred=None, *, widget: bool = False) -> go.Figure:
    """Gridlock probability along the enlargement path.

    ``table``: :func:`~course_lib.models.veto_players.gridlock_along_enlargement`
    (columns year, members, joined, probability, stderr). ``centred``: optional
    exact probabilities for a status quo at the centre (same rows), drawn dashed.
    Traces: 0 the Monte Carlo estimate with 95 % error bars, 1 the centred case.
    """
    fig = go.Figure(
        [
            go.Scatter(
                mode="lines+markers+text",
                name="random status quo (simulated, 95 % interval)",
                textposition="top left",
                hoverinfo="text",
                line={"color": PALETTE["blue"]},
            ),
            go.Scatter(
                mode="lines",
                name="status quo at the centre (exact)",
                line={"color": PALETTE["black"], "dash": "dash"},
            ),
        ]
    )
    finish(
        fig,
        "",
        "NATO members after each enlargement",
        "Probability the status quo is gridlocked (%)",
    )
    fig.update_yaxes(range=[0, 104])
    fig = live(fig, widget)
    draw_gridlock(fig, table, centred)
    return fig


def draw_gridlock(fig, table, centred=None) -> None:
    """Write a new enlargement-path estimate (and optional centred case) into ``fig``."""
    p = 100 * np.asarray(table["probability"], dtype=float)
    err = 196 * np.asarray(table["stderr"], dtype=float)
    fig.data[0].x = list(table["members"])
    fig.data[0].y = p
    fig.data[0].text = [str(y) for y in table["year"]]
    fig.data[0].hovertext = [
        f"{y}: {n} members<br>joined: {j}<br>gridlock {q:.1f} %"
        for y, n, j, q in zip(table["year"], table["members"], table["joined"], p)
    ]
    fig.data[0].error_y = {"type": "data", "array": err, "visible": True}
    fig.data[1].x = list(table["members"]) if centred is not None else []
    fig.data[1].y = 100 * np.asarray(centred, dtype=float) if centred is not None else []
    fig.data[1].visible = centred is not None
    fig.layout.title.text = wrap_title(gridlock_title(table))


# ----------------------------------------------------------------------------- veto players


def veto_player_title(gridlocked: bool, members: int, year: int | None = None) -> str:
    """The finding: gridlocked or not, and for how many members."""
    when = f" of {year}" if year is not None else ""
    if gridlocked:
        return f"Gridlocked: the status quo lies inside the hull of the {members} allies{when}"
    return f"Not gridlocked: all {members} allies{when} prefer the arrow's end"


def veto_player_figure(
    ideals,
    status_quo,
    hull,
    gridlocked: bool,
    move_to,
    labels=None,
    *,
    year: int | None = None,
    axis_titles=("Policy dimension 1", "Policy dimension 2"),
    ranges=None,
    feasible=None,
    widget: bool = False,
) -> go.Figure:
    """Members' ideal points, their convex hull, the status quo and (if any) the move all accept.

    Model inputs: ideal points (n, 2), the status quo, the hull's corners
    (:func:`~course_lib.models.veto_players.hull_vertices`), whether it is
    gridlocked and the closest acceptable policy.
    Traces: 0 the hull (filled), 1 the members, 2 the status quo, 3 the
    unanimously preferred move (a segment from the status quo; empty when gridlocked),
    4 the edge of the feasible policy space, the corners ``feasible`` (empty if None).
    """
    fig = go.Figure(
        [
            go.Scatter(
                mode="lines",
                fill="toself",
                name="convex hull of ideal points",
                hoverinfo="skip",
                line={"color": PALETTE["sky"]},
                fillcolor="rgba(86,180,233,0.25)",
            ),
            go.Scatter(
                mode="markers",
                name="members' ideal points",
                hovertemplate="%{text}<br>(%{x:.1f}, %{y:.1f})<extra></extra>",
                marker={"color": PALETTE["blue"], "size": 8},
            ),
            go.Scatter(
                mode="markers",
                name="status quo",
                marker={
                    "symbol": "star",
                    "size": 18,
                    "line": {"color": PALETTE["black"], "width": 1},
                },
            ),
            go.Scatter(
                mode="lines+markers",
                name="a move every member prefers",
                line={"color": PALETTE["green"], "dash": "dot"},
                marker={
                    "symbol": ["circle-open", "arrow"],
                    "size": [4, 14],
                    "angleref": "previous",
                    "color": PALETTE["green"],
                },
            ),
            go.Scatter(
                mode="lines",
                name="edge of the possible budget splits",
                hoverinfo="skip",
                line={"color": PALETTE["black"], "dash": "dash", "width": 1},
                x=[] if feasible is None else [c[0] for c in feasible] + [feasible[0][0]],
                y=[] if feasible is None else [c[1] for c in feasible] + [feasible[0][1]],
            ),
        ]
    )
    finish(fig, "", axis_titles[0], axis_titles[1], height=470)
    if ranges is not None:
        fig.update_xaxes(range=list(ranges[0]))
        fig.update_yaxes(range=list(ranges[1]))
    fig = live(fig, widget)
    draw_veto_player(fig, ideals, status_quo, hull, gridlocked, move_to, labels, year=year)
    return fig


def draw_veto_player(
    fig,
    ideals,
    status_quo,
    hull,
    gridlocked: bool,
    move_to,
    labels=None,
    *,
    year: int | None = None,
) -> None:
    """Write new ideal points, hull and status quo into ``fig`` (see :func:`veto_player_figure`)."""
    pts = np.asarray(ideals, dtype=float)
    hull = np.asarray(hull, dtype=float)
    sq = np.asarray(status_quo, dtype=float)
    mv = np.asarray(move_to, dtype=float)
    fig.data[0].x, fig.data[0].y = hull[:, 0], hull[:, 1]
    fig.data[1].x, fig.data[1].y = pts[:, 0], pts[:, 1]
    fig.data[1].text = (
        list(labels) if labels is not None else [f"member {k + 1}" for k in range(len(pts))]
    )
    fig.data[2].x, fig.data[2].y = [sq[0]], [sq[1]]
    fig.data[2].marker.color = PALETTE["vermillion"] if gridlocked else PALETTE["green"]
    fig.data[3].x = [] if gridlocked else [sq[0], mv[0]]
    fig.data[3].y = [] if gridlocked else [sq[1], mv[1]]
    fig.layout.title.text = wrap_title(veto_player_title(gridlocked, len(pts), year))


# ----------------------------------------------------------------------------- the explorers
# Each takes the explorer's figures and the model's state. The figure widgets send only values
# that changed.


def draw_veto_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.veto_players.VetoPlayerState` into the figure ``veto``."""
    draw_veto_player(
        figures["veto"],
        state.ideals,
        state.status_quo,
        state.hull,
        state.gridlocked,
        state.move_to,
        state.labels,
        year=state.year,
    )


def draw_gridlock_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.veto_players.GridlockState` into the figure ``gridlock``."""
    draw_gridlock(figures["gridlock"], state.table, state.centred)
