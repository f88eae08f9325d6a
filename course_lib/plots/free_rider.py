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

from course_lib.plots.style import PALETTE, finish, live, wrap_title

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


# Names that moved to modules of their own concept; this module still answers for them (looked
# up on first use, because those modules import their shared helpers from here).
_MOVED = {
    "course_lib.plots.best_response": (
        "settled_round",
        "overshoots",
        "_path_title",
        "best_response_path_figure",
        "_broken_lines",
        "draw_best_response_path",
        "best_response_round_figure",
        "draw_best_response_round",
        "best_response_animation",
        "draw_best_responses",
    ),
    "course_lib.plots.hegemon_decisions": (
        "us_calculation_figure",
        "press_or_tolerate_title",
        "press_or_tolerate_figure",
        "draw_press_or_tolerate",
        "draw_us_calculation",
    ),
}


def __getattr__(name: str):
    import importlib

    for module, names in _MOVED.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
