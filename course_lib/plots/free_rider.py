"""Figures for lesson 1, the free-rider dilemma.

Each figure comes in two parts: ``<name>_figure(...)`` builds a titled figure
(a ``go.FigureWidget`` with ``widget=True``), and ``draw_<name>(fig, ...)``
writes new model results into an existing figure in place, which is what the
explorers call on every slider move. The functions only draw what the model
returned; they never compute an equilibrium. Titles are worked out from the
numbers they are given (how many allies contribute, how far the total falls
short), so the title states what the figure shows.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, assign, finish, live, wrap_title

__all__ = [
    "INCOME_AXIS",
    "best_response_animation",
    "best_response_path_figure",
    "best_response_round_figure",
    "burden_figure",
    "contributions_figure",
    "draw_alliance",
    "draw_best_response_path",
    "draw_best_response_round",
    "draw_best_responses",
    "draw_burden",
    "draw_contributions",
    "draw_gap",
    "gap_figure",
    "overshoots",
    "settled_round",
    "draw_press_or_tolerate",
    "draw_us_calculation",
    "press_or_tolerate_figure",
    "press_or_tolerate_title",
    "threat_shock_figure",
    "us_calculation_figure",
]

INCOME_AXIS = "income (GDP, arbitrary units; mean = 1; log scale)"
SPENDING_AXIS = "defence spending q (income units)"
BURDEN_AXIS = "defence burden q/I (% of income)"
#: spending below this share of the largest value counts as "nothing"
_ZERO = 1e-12


def _names(names, n: int) -> list[str]:
    if names is None:
        return [f"ally {k + 1}" for k in range(n)]
    names = [str(x) for x in names]
    if len(names) != n:
        raise ValueError(f"names must have one entry per ally ({n}), got {len(names)}")
    return names


def _arrays(**kwargs) -> dict[str, np.ndarray]:
    out = {k: np.asarray(v, dtype=float).ravel() for k, v in kwargs.items()}
    sizes = {k: v.size for k, v in out.items()}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"per-ally arrays must have the same length, got {sizes}")
    return out


# --------------------------------------------------------------------------- contributions
def contributions_title(spending) -> str:
    """The finding of the contributions figure: how many allies pay, how many free-ride."""
    q = np.asarray(spending, dtype=float)
    n, paying = q.size, int(np.count_nonzero(q > _ZERO))
    if paying == n:
        return f"All {n} allies contribute: incomes are too equal for anyone to free-ride"
    if paying == 1:
        return f"One ally pays for the whole alliance; the other {n - 1} free-ride"
    return f"{paying} of {n} allies pay for the alliance; {n - paying} free-ride"


def contributions_figure(
    incomes, spending, *, names=None, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Equilibrium spending against income; contributors and free riders in two colours.

    Traces: 0 = contributors (``q_i > 0``), 1 = free riders (``q_i = 0``).
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="contributors",
                mode="markers",
                marker={"color": PALETTE["blue"], "size": 10, "symbol": "circle"},
            ),
            go.Scatter(
                name="free riders (spend nothing)",
                mode="markers",
                marker={"color": PALETTE["orange"], "size": 10, "symbol": "x"},
            ),
        ]
    )
    finish(fig, title or "", INCOME_AXIS, SPENDING_AXIS)
    fig.update_xaxes(type="log")
    fig = live(fig, widget)
    draw_contributions(fig, incomes, spending, names=names, title=title)
    return fig


def draw_contributions(
    fig: go.Figure, incomes, spending, *, names=None, title: str | None = None
) -> None:
    """Write new incomes and equilibrium spending into a :func:`contributions_figure`."""
    a = _arrays(incomes=incomes, spending=spending)
    income, q = a["incomes"], a["spending"]
    labels = np.array(_names(names, income.size))
    pays = q > _ZERO
    with fig.batch_update():
        for trace, mask in ((fig.data[0], pays), (fig.data[1], ~pays)):
            trace.x = income[mask]
            trace.y = q[mask]
            trace.text = labels[mask]
            trace.customdata = 100 * q[mask] / np.where(income[mask] > 0, income[mask], np.nan)
            trace.hovertemplate = (
                "%{text}<br>income %{x:.3g}<br>spending %{y:.3g}"
                "<br>burden %{customdata:.2f}% of income<extra></extra>"
            )
        fig.layout.title.text = wrap_title(title or contributions_title(q))


# --------------------------------------------------------------------------- burden
def burden_title(incomes, burden_pct, frontline=None) -> str:
    """The finding of the burden figure: does the burden rise with income?"""
    income = np.asarray(incomes, dtype=float)
    b = np.asarray(burden_pct, dtype=float)
    if b.size == 0 or np.ptp(b) < 1e-9:
        return "Equal burdens: when incomes are equal, nobody exploits anybody"
    ordered = b[np.argsort(income, kind="stable")]
    if np.all(np.diff(ordered) >= -1e-9):
        return "Exploitation of the great by the small: the burden rises with income"
    if frontline is not None and np.any(frontline):
        return "The threat breaks the pattern: frontline allies carry more than their size predicts"
    return "The burden does not follow income alone: tastes for security differ"


def burden_figure(
    incomes,
    burden_pct,
    *,
    frontline=None,
    names=None,
    widget: bool = False,
    title: str | None = None,
    x_title: str = INCOME_AXIS,
    y_title: str = BURDEN_AXIS,
    label_points: bool = False,
) -> go.Figure:
    """Defence burden (% of income) against income; frontline allies marked apart.

    Traces: 0 = other allies, 1 = frontline allies (empty when ``frontline`` is None).
    Also works for real data: pass GDP, spending as % of GDP, country names or
    codes (``label_points=True`` writes them beside the points), a title and
    axis titles with the data's units.
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="allies",
                mode="markers",
                marker={"color": PALETTE["blue"], "size": 10, "symbol": "circle"},
            ),
            go.Scatter(
                name="frontline allies",
                mode="markers",
                marker={"color": PALETTE["vermillion"], "size": 12, "symbol": "diamond"},
            ),
        ]
    )
    finish(fig, title or "", x_title, y_title)
    fig.update_xaxes(type="log")
    fig.update_yaxes(rangemode="tozero")
    if label_points:
        fig.update_traces(mode="markers+text", textposition="top center", textfont={"size": 10})
    fig = live(fig, widget)
    draw_burden(fig, incomes, burden_pct, frontline=frontline, names=names, title=title)
    return fig


def draw_burden(
    fig: go.Figure, incomes, burden_pct, *, frontline=None, names=None, title: str | None = None
) -> None:
    """Write new incomes and burdens into a :func:`burden_figure`."""
    a = _arrays(incomes=incomes, burden=burden_pct)
    income, b = a["incomes"], a["burden"]
    labels = np.array(_names(names, income.size))
    front = np.zeros(income.size, bool) if frontline is None else np.asarray(frontline, bool)
    if front.shape != income.shape:
        raise ValueError(
            f"frontline must have one entry per ally ({income.size}), got {front.size}"
        )
    with fig.batch_update():
        for trace, mask in ((fig.data[0], ~front), (fig.data[1], front)):
            trace.x = income[mask]
            trace.y = b[mask]
            trace.text = labels[mask]
            trace.hovertemplate = "%{text}<br>income %{x:.3g}<br>burden %{y:.2f}%<extra></extra>"
        fig.data[1].showlegend = bool(front.any())
        fig.layout.title.text = wrap_title(title or burden_title(income, b, front))


# --------------------------------------------------------------------------- gap
def gap_title(gap: dict, n: int | None = None) -> str:
    """The finding of the gap figure: what share of the efficient level the equilibrium buys."""
    sizes = np.asarray(gap["n"])
    k = int(np.argmin(np.abs(sizes - (sizes.max() if n is None else n))))
    optimum = float(gap["optimum"][k])
    share = float(gap["nash"][k]) / optimum if optimum > 0 else 1.0
    return (
        f"The shortfall grows with the alliance: {int(sizes[k])} identical allies "
        f"buy {share:.0%} of the efficient level"
    )


def gap_figure(
    gap: dict,
    *,
    current: tuple[int, float, float] | None = None,
    widget: bool = False,
    title: str | None = None,
    y_title: str = "alliance defence Q (mean income = 1)",
) -> go.Figure:
    """Nash total against the Pareto optimum as the alliance grows (from ``gap_by_size``).

    ``current = (n, nash_total, optimal_total)`` marks one particular alliance.
    Traces: 0 = Nash total, 1 = optimum (shaded down to Nash: the shortfall),
    2 = this alliance's equilibrium, 3 = this alliance's optimum.
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="Nash equilibrium Q*, identical allies",
                mode="lines",
                line={"color": PALETTE["blue"], "width": 3},
            ),
            go.Scatter(
                name="Pareto optimum (shaded: the shortfall)",
                mode="lines",
                fill="tonexty",
                fillcolor="rgba(0, 158, 115, 0.15)",
                line={"color": PALETTE["green"], "width": 3, "dash": "dash"},
            ),
            go.Scatter(
                name="this alliance: equilibrium",
                mode="markers",
                marker={"color": PALETTE["blue"], "size": 12, "symbol": "circle"},
            ),
            go.Scatter(
                name="this alliance: optimum",
                mode="markers",
                marker={"color": PALETTE["green"], "size": 12, "symbol": "diamond"},
            ),
        ]
    )
    finish(fig, title or "", "number of allies n", y_title)
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(
        legend={
            "orientation": "v",
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
            "traceorder": "normal",
            "bgcolor": "rgba(255,255,255,0.8)",
        }
    )
    fig = live(fig, widget)
    draw_gap(fig, gap, current=current, title=title)
    return fig


def draw_gap(
    fig: go.Figure,
    gap: dict,
    *,
    current: tuple[int, float, float] | None = None,
    title: str | None = None,
) -> None:
    """Write a new ``gap_by_size`` result (and this alliance's totals) into a :func:`gap_figure`."""
    sizes = np.asarray(gap["n"], dtype=float)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = sizes, np.asarray(gap["nash"], float)
        fig.data[1].x, fig.data[1].y = sizes, np.asarray(gap["optimum"], float)
        fig.data[0].hovertemplate = "n = %{x}<br>Q* = %{y:.3g}<extra></extra>"
        fig.data[1].hovertemplate = "n = %{x}<br>optimum = %{y:.3g}<extra></extra>"
        if current is None:
            for trace in fig.data[2:4]:
                trace.x, trace.y, trace.showlegend = [], [], False
        else:
            n, nash, optimum = current
            fig.data[2].x, fig.data[2].y = [n], [nash]
            fig.data[3].x, fig.data[3].y = [n], [optimum]
            for trace in fig.data[2:4]:
                trace.showlegend = True
        fig.layout.title.text = wrap_title(
            title or gap_title(gap, None if current is None else current[0])
        )


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


# --------------------------------------------------------------------------- U.S. calculation
def us_calculation_figure(
    threat_alone, cost_of_free_riding, cost_of_collapse, *, title: str | None = None
) -> go.Figure:
    """The hegemon's two costs against how much harder the threat is alone.

    ``threat_alone`` (x) is the factor ``m`` of ``us_calculation``; the two cost
    series are its ``cost_of_free_riding`` (what pressing could win) and
    ``cost_of_collapse`` (what a break would lose). The figure shows the stakes
    only; which of them wins depends on the collapse risk, see
    :func:`press_or_tolerate_figure`.
    """
    a = _arrays(m=threat_alone, free=cost_of_free_riding, collapse=cost_of_collapse)
    m, free, collapse = a["m"], a["free"], a["collapse"]
    fig = go.Figure(
        [
            go.Scatter(
                x=m,
                y=free,
                name="cost of free riding (what allies' fair share would add)",
                mode="lines",
                line={"color": PALETTE["orange"], "width": 3},
            ),
            go.Scatter(
                x=m,
                y=collapse,
                name="cost of collapse (what going alone would lose)",
                mode="lines",
                line={"color": PALETTE["blue"], "width": 3},
            ),
        ]
    )
    if np.all(collapse >= 0):
        default = (
            "Collapse never pays the hegemon, and costs it more the harder the world alone; "
            "free riding costs the same whatever m"
        )
    else:
        default = "Where the cost of collapse is negative, the hegemon would gain by leaving"
    finish(
        fig,
        title or default,
        "threat faced alone, relative to inside the alliance (m)",
        "hegemon's loss (income units)",
        height=400,
    )
    fig.update_layout(
        legend={
            "orientation": "v",
            "x": 0.99,
            "xanchor": "right",
            "y": 0.02,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.8)",
        }
    )
    return fig


def press_or_tolerate_title(threat_alone, breakeven_risk, current=None) -> str:
    """The finding of a :func:`press_or_tolerate_figure`, worked out from the numbers it shows."""
    m = np.asarray(threat_alone, dtype=float)
    p = np.asarray(breakeven_risk, dtype=float)
    if current is not None:
        cm, cp, breakeven, tolerates = current
        verdict = "tolerates free riding" if tolerates else "presses its allies"
        return (
            f"At m = {cm:.2f} and a collapse risk of {cp:.2f}, the hegemon {verdict} "
            f"(it tolerates from a risk of {breakeven:.2f})"
        )
    return (
        f"The harder the world alone, the smaller the collapse risk that stops the hegemon "
        f"pressing: from {p[0]:.2f} at m = {m[0]:.2g} to {p[-1]:.2f} at m = {m[-1]:.2g}"
    )


def press_or_tolerate_figure(
    threat_alone, breakeven_risk, *, current=None, title: str | None = None, widget: bool = False
) -> go.Figure:
    """The press-or-tolerate decision over the threat alone ``m`` (x) and the collapse risk ``p`` (y).

    ``breakeven_risk`` is ``us_calculation(...).breakeven_risk`` for each ``m``:
    above the curve the hegemon tolerates free riding, below it presses.
    ``current`` is an optional ``(m, p, breakeven_risk, tolerates)`` for one setting
    (from its ``us_calculation``), marked with a point.
    Traces: 0 = "press" region, 1 = "tolerate" region, 2 = the breakeven curve,
    3 = the current point.
    """
    fig = go.Figure(
        [
            go.Scatter(
                x=[],
                y=[],
                name="presses (pressing pays in expectation)",
                mode="lines",
                line={"width": 0},
                fill="tozeroy",
                fillcolor="rgba(230,159,0,0.35)",
                hoverinfo="skip",
            ),
            go.Scatter(
                x=[],
                y=[],
                name="tolerates free riding",
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor="rgba(0,158,115,0.25)",
                hoverinfo="skip",
            ),
            go.Scatter(
                x=[],
                y=[],
                name="breakeven risk F / (F + K)",
                mode="lines",
                line={"color": PALETTE["black"], "width": 3},
                hovertemplate="m = %{x:.2f}<br>breakeven risk = %{y:.3f}<extra></extra>",
            ),
            go.Scatter(
                x=[],
                y=[],
                name="this setting",
                mode="markers",
                marker={
                    "color": PALETTE["blue"],
                    "size": 13,
                    "symbol": "diamond",
                    "line": {"color": "white", "width": 1.5},
                },
                hovertemplate="m = %{x:.2f}<br>collapse risk = %{y:.2f}<extra></extra>",
            ),
        ]
    )
    finish(
        fig,
        "",
        "threat faced alone, relative to inside the alliance (m)",
        "chance that pressing breaks the alliance (p)",
        height=420,
    )
    fig.update_layout(yaxis_range=[0, 1])
    fig = live(fig, widget)
    draw_press_or_tolerate(fig, threat_alone, breakeven_risk, current=current, title=title)
    return fig


def draw_press_or_tolerate(
    fig: go.Figure, threat_alone, breakeven_risk, *, current=None, title: str | None = None
) -> None:
    """Write new breakeven risks (and the current setting) into a :func:`press_or_tolerate_figure`."""
    a = _arrays(m=threat_alone, p=breakeven_risk)
    m, p = a["m"], a["p"]
    if m.size == 0:
        raise ValueError("threat_alone must have at least one value")
    if np.any(np.diff(m) <= 0):
        raise ValueError("threat_alone must be increasing")
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = m, p
        fig.data[1].x, fig.data[1].y = m, np.ones_like(m)
        fig.data[2].x, fig.data[2].y = m, p
        if current is None:
            fig.data[3].x, fig.data[3].y, fig.data[3].showlegend = [], [], False
        else:
            fig.data[3].x, fig.data[3].y = [float(current[0])], [float(current[1])]
            fig.data[3].showlegend = True
        fig.layout.xaxis.range = [float(m[0]), float(m[-1])]
        fig.layout.title.text = wrap_title(title or press_or_tolerate_title(m, p, current))


# --------------------------------------------------------------------------- threat shock
def threat_shock_figure(
    incomes,
    burden_before,
    burden_after,
    frontline,
    *,
    names=None,
    title: str | None = None,
    x_title: str = INCOME_AXIS,
    y_title: str = BURDEN_AXIS,
) -> go.Figure:
    """Each ally's burden before and after a threat shock to the frontline allies.

    Traces: 0 = arrows' shafts (before → after), 1 = before, 2 = after (frontline),
    3 = after (other allies).
    """
    a = _arrays(incomes=incomes, before=burden_before, after=burden_after)
    income, before, after = a["incomes"], a["before"], a["after"]
    front = np.asarray(frontline, dtype=bool)
    if front.shape != income.shape:
        raise ValueError(
            f"frontline must have one entry per ally ({income.size}), got {front.size}"
        )
    labels = np.array(_names(names, income.size))
    nan = np.full(income.size, np.nan)
    fig = go.Figure(
        [
            go.Scatter(
                x=np.column_stack([income, income, nan]).ravel(),
                y=np.column_stack([before, after, nan]).ravel(),
                mode="lines",
                line={"color": "rgba(0,0,0,0.3)", "width": 1.5},
                showlegend=False,
                hoverinfo="skip",
            ),
            go.Scatter(
                x=income,
                y=before,
                text=labels,
                name="before the shock",
                mode="markers",
                marker={
                    "color": PALETTE["sky"],
                    "size": 9,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                },
                hovertemplate="%{text}<br>before: %{y:.2f}%<extra></extra>",
            ),
            go.Scatter(
                x=income[front],
                y=after[front],
                text=labels[front],
                name="after: frontline allies",
                mode="markers",
                marker={"color": PALETTE["vermillion"], "size": 12, "symbol": "diamond"},
                hovertemplate="%{text}<br>after: %{y:.2f}%<extra></extra>",
            ),
            go.Scatter(
                x=income[~front],
                y=after[~front],
                text=labels[~front],
                name="after: other allies",
                mode="markers",
                marker={"color": PALETTE["blue"], "size": 9, "symbol": "circle"},
                hovertemplate="%{text}<br>after: %{y:.2f}%<extra></extra>",
            ),
        ]
    )
    up = bool(np.all(after[front] >= before[front] - 1e-12)) if front.any() else False
    down = bool(np.all(after[~front] <= before[~front] + 1e-12)) if (~front).any() else False
    default = (
        "A direct threat raises the frontline's burden and lets the others cut back"
        if up and down
        else "Burdens before and after the threat shock"
    )
    finish(fig, title or default, x_title, y_title, height=400)
    fig.update_xaxes(type="log")
    fig.update_yaxes(rangemode="tozero")
    return fig


# --------------------------------------------------------------------------- the explorers' draw functions
# Each takes the explorer's figures (by name) and a state from course_lib.models.free_rider;
# the explorer has already opened one batch_update per figure.


def draw_alliance(figures, state) -> None:
    """Draw an ``AllianceState`` into the free-rider explorer's ``contributions``, ``burden``
    and ``gap`` figures."""
    draw_contributions(figures["contributions"], state.incomes, state.spending)
    draw_burden(figures["burden"], state.incomes, state.burden_pct, frontline=state.frontline)
    draw_gap(figures["gap"], state.gap, current=state.current)


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


def draw_us_calculation(figures, state) -> None:
    """Draw a ``USCalculationState`` into the press-or-tolerate explorer's ``decision`` figure."""
    draw_press_or_tolerate(
        figures["decision"], state.threat_alone, state.breakeven, current=state.current
    )
