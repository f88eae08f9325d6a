"""Lesson 1's best-response dynamics: the path of play round by round, one round, and the animation.

Each figure draws a path that :mod:`course_lib.models.public_good` computed; none iterates itself.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.free_rider import SPENDING_AXIS
from course_lib.plots.style import PALETTE, assign, finish, live, wrap_title


# --------------------------------------------------------------------------- best responses
def settled_round(path, equilibrium, tolerance: float = 0.01) -> int | None:
    """First round after which every ally stays within ``tolerance`` of its equilibrium spending.

    ``tolerance`` is relative to the largest equilibrium spending (default 1%).
    ``None`` if the last round is still further away than that.
    """
    path = np.asarray(path, dtype=float)
    eq = np.asarray(equilibrium, dtype=float)
    scale = max(float(np.max(np.abs(eq))), 1e-12)
    close = np.max(np.abs(path - eq), axis=1) <= tolerance * scale
    if not close[-1]:
        return None
    far = np.flatnonzero(~close)
    return 0 if far.size == 0 else int(far[-1] + 1)


def overshoots(path, equilibrium) -> bool:
    """Whether the alliance total keeps jumping from one side of the equilibrium total to the other."""
    path = np.asarray(path, dtype=float)
    side = np.sign(path.sum(axis=1) - np.sum(equilibrium))
    late = side[len(side) // 2 :]
    late = late[late != 0]
    return bool(np.count_nonzero(np.diff(late)) >= 2)


def _path_title(path, equilibrium, label: str) -> str:
    rounds = len(path) - 1
    k = settled_round(path, equilibrium)
    if k is not None:
        return f"{label}: within 1% of the Nash equilibrium after {k} rounds"
    if overshoots(path, equilibrium):
        return f"{label}: overshoots and cycles, no equilibrium after {rounds} rounds"
    return f"{label}: still approaching the equilibrium after {rounds} rounds"


def best_response_path_figure(
    path, equilibrium, *, shown_round: int = 0, label: str = "Best responses", widget: bool = False
) -> go.Figure:
    """Each ally's spending over rounds of best-response play, with the equilibrium dotted.

    ``path`` has shape (rounds + 1, n) as returned by ``best_response_dynamics``.
    Traces: 0 = every ally's spending (one line per ally, broken by gaps),
    1 = equilibrium levels, 2 = the round shown in the companion bar chart.
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="each ally's spending",
                mode="lines",
                line={"color": PALETTE["blue"], "width": 1.5},
                opacity=0.8,
            ),
            go.Scatter(
                name="Nash equilibrium",
                mode="lines",
                line={"color": PALETTE["black"], "width": 1.5, "dash": "dot"},
            ),
            go.Scatter(
                name="round shown", mode="lines", line={"color": PALETTE["vermillion"], "width": 2}
            ),
        ]
    )
    finish(fig, "", "round of play", SPENDING_AXIS, height=340)
    fig.update_yaxes(rangemode="tozero")
    fig = live(fig, widget)
    draw_best_response_path(fig, path, equilibrium, shown_round=shown_round, label=label)
    return fig


def _broken_lines(path: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All allies' series as one x/y pair, separated by NaN so they draw as separate lines."""
    rounds, n = path.shape
    x = np.tile(np.append(np.arange(rounds, dtype=float), np.nan), n)
    y = np.column_stack([path.T, np.full(n, np.nan)]).ravel()
    return x, y


def draw_best_response_path(
    fig: go.Figure, path, equilibrium, *, shown_round: int = 0, label: str = "Best responses"
) -> None:
    """Write a new best-response path into a :func:`best_response_path_figure`."""
    path = np.atleast_2d(np.asarray(path, dtype=float))
    eq = np.asarray(equilibrium, dtype=float)
    rounds = path.shape[0] - 1
    x, y = _broken_lines(path)
    ex = np.tile([0.0, float(rounds), np.nan], eq.size)
    ey = np.column_stack([eq, eq, np.full(eq.size, np.nan)]).ravel()
    top = max(float(np.nanmax(path)) if path.size else 0.0, float(eq.max()) if eq.size else 0.0)
    r = min(max(int(shown_round), 0), rounds)
    settled = settled_round(path, eq)
    # show the rounds that matter: up to twice the settling time (at least 20), or all of them
    end = rounds if settled is None else min(rounds, max(20, 2 * settled))
    with fig.batch_update():
        assign(fig.data[0], x=x, y=y)  # NaN-broken lines: plotly alone would resend them every step
        assign(fig.data[1], x=ex, y=ey)
        fig.data[2].x, fig.data[2].y = [r, r], [0.0, 1.05 * top]
        fig.layout.xaxis.range = [0, max(end, r)]
        fig.layout.title.text = wrap_title(_path_title(path, eq, label))


def best_response_round_figure(
    path, equilibrium, *, shown_round: int = 0, widget: bool = False
) -> go.Figure:
    """Bars: each ally's spending in one round; diamonds: its equilibrium spending.

    Allies are ordered as in ``path`` (the explorers use smallest income first).
    Traces: 0 = spending in the round shown, 1 = equilibrium spending.
    """
    fig = go.Figure(
        [
            go.Bar(name="spending this round", marker={"color": PALETTE["sky"]}),
            go.Scatter(
                name="Nash equilibrium",
                mode="markers",
                marker={"color": PALETTE["black"], "size": 10, "symbol": "diamond"},
            ),
        ]
    )
    finish(fig, "", "ally (ordered by income, 1 = smallest)", SPENDING_AXIS, height=320)
    fig.update_yaxes(rangemode="tozero")
    fig = live(fig, widget)
    draw_best_response_round(fig, path, equilibrium, shown_round=shown_round)
    return fig


def draw_best_response_round(fig: go.Figure, path, equilibrium, *, shown_round: int = 0) -> None:
    """Show round ``shown_round`` of ``path`` in a :func:`best_response_round_figure`."""
    path = np.atleast_2d(np.asarray(path, dtype=float))
    eq = np.asarray(equilibrium, dtype=float)
    r = min(max(int(shown_round), 0), path.shape[0] - 1)
    allies = np.arange(1, eq.size + 1)
    q = path[r]
    top = 1.1 * max(float(path.max()) if path.size else 0.0, float(eq.max()) if eq.size else 0.0)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = allies, q
        fig.data[1].x, fig.data[1].y = allies, eq
        fig.layout.yaxis.range = [0.0, top if top > 0 else 1.0]
        fig.layout.title.text = wrap_title(
            f"Round {r}: the alliance spends {q.sum():.3g}; in equilibrium it spends {eq.sum():.3g}"
        )


def best_response_animation(
    path, equilibrium, *, title: str | None = None, frame_ms: int = 400
) -> go.Figure:
    """An animated bar chart (plotly frames, a Play button and a round slider) of best-response play.

    Works in any plotly renderer, including static HTML. Use
    :func:`best_response_round_figure` for an explorer.
    """
    path = np.atleast_2d(np.asarray(path, dtype=float))
    eq = np.asarray(equilibrium, dtype=float)
    allies = np.arange(1, eq.size + 1)
    top = 1.1 * max(float(path.max()), float(eq.max()), 1e-12)
    k = settled_round(path, eq)
    if k is not None:  # a few rounds past settling; later frames look the same
        path = path[: min(len(path), k + 4)]

    def bars(r):
        return go.Bar(
            x=allies, y=path[r], name="spending this round", marker={"color": PALETTE["sky"]}
        )

    fig = go.Figure(
        data=[
            bars(0),
            go.Scatter(
                x=allies,
                y=eq,
                name="Nash equilibrium",
                mode="markers",
                marker={"color": PALETTE["black"], "size": 10, "symbol": "diamond"},
            ),
        ],
        frames=[go.Frame(data=[bars(r)], traces=[0], name=str(r)) for r in range(len(path))],
    )
    default = (
        f"Best responses come within 1% of the equilibrium after {k} rounds"
        if k is not None
        else f"Best responses do not settle in {len(path) - 1} rounds"
    )
    finish(
        fig, title or default, "ally (ordered by income, 1 = smallest)", SPENDING_AXIS, height=420
    )
    play = {
        "frame": {"duration": frame_ms, "redraw": True},
        "fromcurrent": True,
        "transition": {"duration": 0},
    }
    fig.update_layout(
        yaxis_range=[0, top],
        margin={"b": 90},
        updatemenus=[
            {
                "type": "buttons",
                "showactive": False,
                "x": 0.0,
                "y": -0.28,
                "xanchor": "left",
                "direction": "left",
                "buttons": [
                    {"label": "Play", "method": "animate", "args": [None, play]},
                    {
                        "label": "Pause",
                        "method": "animate",
                        "args": [
                            [None],
                            {"mode": "immediate", "frame": {"duration": 0, "redraw": False}},
                        ],
                    },
                ],
            }
        ],
        sliders=[
            {
                "active": 0,
                "x": 0.15,
                "len": 0.85,
                "y": -0.2,
                "currentvalue": {"prefix": "round "},
                "steps": [
                    {
                        "label": str(r),
                        "method": "animate",
                        "args": [
                            [str(r)],
                            {"mode": "immediate", "frame": {"duration": 0, "redraw": True}},
                        ],
                    }
                    for r in range(len(path))
                ],
            }
        ],
    )
    return fig


def draw_best_responses(figures, state) -> None:
    """Draw a ``BestResponseState`` into the best-response explorer's ``path`` and ``round`` figures."""
    draw_best_response_path(
        figures["path"],
        state.path,
        state.equilibrium,
        shown_round=state.shown_round,
        label=state.label,
    )
    draw_best_response_round(
        figures["round"], state.path, state.equilibrium, shown_round=state.shown_round
    )
