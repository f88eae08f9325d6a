"""Figures for lesson 3, path dependence.

``timeline_figure`` draws one or more step-back scenarios
(:class:`course_lib.models.path_dependence.StepBack`) in three stacked panels:
the allies' belief, the alliance total against the threat, and the security
gap. ``history_figure`` draws how long the gap lasts against the length of the
history the allies remember. As in the other lessons, ``draw_<name>`` updates
a figure in place and nothing here runs the model.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.style import PALETTE, SERIES, finish, live, wrap_title

__all__ = [
    "describe_close",
    "draw_history",
    "draw_step_back",
    "draw_timeline",
    "history_figure",
    "history_title",
    "timeline_figure",
    "timeline_title",
]

_DASHES = ("solid", "dash", "dot", "dashdot")


def describe_close(years: float, horizon: int) -> str:
    """How long a gap stays open: '7 years', '55+ years' (not closed within the horizon) or 'no gap'."""
    if years == 0:
        return "no gap"
    if math.isinf(years):
        return f"{horizon}+ years"
    return f"{years:.0f} year{'s' if years != 1 else ''}"


def timeline_title(results: dict) -> str:
    """The finding: how long the gap stays open under each way of learning."""
    parts = [
        f"{describe_close(r.years_to_close, r.year.size - r.step_year)} under {label}"
        for label, r in results.items()
    ]
    return "After the step back the security gap stays open " + ", ".join(parts)


def timeline_figure(results: dict, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """Beliefs, the alliance total and the security gap, year by year, for each scenario.

    ``results`` maps a label (e.g. "counting") to a ``StepBack``; all must share
    the same years and threat. Traces, per scenario ``k`` (in order): belief,
    total, gap (3 traces each); then the threat line, the step-back line (top
    panel) and the hegemon's spending.
    """
    labels = list(results)
    fig = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07, row_heights=[0.3, 0.4, 0.3]
    )
    for k, label in enumerate(labels):
        colour = SERIES[k % len(SERIES)]
        dash = _DASHES[k % len(_DASHES)]
        fig.add_trace(
            go.Scatter(
                name=f"belief, {label}",
                mode="lines",
                legendgroup=label,
                line={"color": colour, "dash": dash, "width": 3},
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name=f"alliance total, {label}",
                mode="lines",
                legendgroup=label,
                showlegend=False,
                line={"color": colour, "dash": dash, "width": 3},
            ),
            row=2,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name=f"gap, {label}",
                mode="lines",
                legendgroup=label,
                showlegend=False,
                fill="tozeroy",
                line={"color": colour, "dash": dash, "width": 2},
            ),
            row=3,
            col=1,
        )
    fig.add_trace(
        go.Scatter(
            name="threat T",
            mode="lines",
            line={"color": PALETTE["vermillion"], "dash": "dot", "width": 2},
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            name="step back",
            mode="lines",
            showlegend=False,
            line={"color": PALETTE["black"], "dash": "dot", "width": 1},
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            name="hegemon's spending", mode="lines", line={"color": PALETTE["black"], "width": 1}
        ),
        row=2,
        col=1,
    )
    finish(fig, title or "", "", "")
    fig.update_layout(
        height=640,
        margin={"b": 110},
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0.0},
    )
    fig.update_yaxes(title_text="belief b_t", range=[0, 1.05], row=1, col=1)
    fig.update_yaxes(title_text="spending (% of U.S. GDP)", rangemode="tozero", row=2, col=1)
    fig.update_yaxes(title_text="gap T − Q", rangemode="tozero", row=3, col=1)
    fig.update_xaxes(title_text="years since the start", row=3, col=1)
    fig = live(fig, widget)
    draw_timeline(fig, results, title=title)
    return fig


def draw_timeline(fig: go.Figure, results: dict, *, title: str | None = None) -> None:
    """Write new ``StepBack`` results (same labels, same order) into a :func:`timeline_figure`."""
    labels = list(results)
    n = len(labels)
    first = results[labels[0]]
    years = np.asarray(first.year)
    with fig.batch_update():
        for k, label in enumerate(labels):
            r = results[label]
            for j, part in enumerate(("belief", "alliance total", "gap")):
                fig.data[3 * k + j].name = f"{part}, {label}"  # the adaptive label carries λ
            fig.data[3 * k].x, fig.data[3 * k].y = years, np.asarray(r.belief)
            fig.data[3 * k + 1].x, fig.data[3 * k + 1].y = years, np.asarray(r.total)
            fig.data[3 * k + 2].x, fig.data[3 * k + 2].y = years, np.asarray(r.gap)
        fig.data[3 * n].x, fig.data[3 * n].y = [years[0], years[-1]], [first.threat, first.threat]
        fig.data[3 * n + 1].x, fig.data[3 * n + 1].y = (
            [first.step_year, first.step_year],
            [0.0, 1.05],
        )
        fig.data[3 * n + 2].x, fig.data[3 * n + 2].y = years, np.asarray(first.hegemon_spending)
        fig.layout.title.text = wrap_title(title or timeline_title(results))


def history_title(histories, years_to_close: dict, horizon: int) -> str:
    """The finding: a longer memory keeps the gap open longer."""
    label = next(iter(years_to_close))
    ys = np.asarray(years_to_close[label], dtype=float)
    h = np.asarray(histories)
    return (
        f"The longer the allies remember, the longer the gap ({label}): "
        f"{describe_close(ys[0], horizon)} after {h[0]:.0f} years of history, "
        f"{describe_close(ys[-1], horizon)} after {h[-1]:.0f}"
    )


def history_figure(
    histories,
    years_to_close: dict,
    *,
    horizon: int = 60,
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Years until the gap closes against the years of history, one line per learning rule.

    ``years_to_close`` maps a label to an array (``inf`` = not within ``horizon``,
    drawn at the horizon with an open marker). Traces: one per label.
    """
    fig = go.Figure(
        [
            go.Scatter(
                name=label,
                mode="lines+markers",
                line={"color": SERIES[k % len(SERIES)], "dash": _DASHES[k % 4], "width": 3},
            )
            for k, label in enumerate(years_to_close)
        ]
    )
    finish(fig, title or "", "years of history the allies remember", "years until the gap closes")
    fig.update_layout(
        height=440,
        margin={"b": 110},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0.0},
    )
    fig = live(fig, widget)
    draw_history(fig, histories, years_to_close, horizon=horizon, title=title)
    return fig


def draw_history(
    fig: go.Figure, histories, years_to_close: dict, *, horizon: int = 60, title: str | None = None
) -> None:
    """Write new results into a :func:`history_figure`."""
    h = np.asarray(histories, dtype=float)
    with fig.batch_update():
        for trace, label in zip(fig.data, years_to_close):
            ys = np.asarray(years_to_close[label], dtype=float)
            capped = np.where(np.isinf(ys), horizon, ys)
            trace.name = label
            trace.x, trace.y = h, capped
            trace.marker.symbol = ["circle-open" if np.isinf(y) else "circle" for y in ys]
            trace.hovertemplate = (
                "history %{x:.0f} years<br>gap closes after %{y:.0f} years<extra></extra>"
            )
        fig.update_yaxes(range=[0, horizon * 1.05])
        fig.layout.title.text = wrap_title(title or history_title(h, years_to_close, horizon))


def draw_step_back(figures, state) -> None:
    """Draw a :class:`~course_lib.models.path_dependence.StepBackState` into the step-back
    explorer's ``timeline`` and ``history`` figures (the explorer opened one batch per figure)."""
    draw_timeline(figures["timeline"], state.results)
    draw_history(figures["history"], state.histories, state.years_to_close, horizon=state.horizon)
