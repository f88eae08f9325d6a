"""Lesson 1's U.S. calculation: the two costs, and where the hegemon presses or tolerates.

The figures draw what :func:`course_lib.models.hegemon_decisions.us_calculation` returned.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.free_rider import _arrays
from course_lib.plots.style import PALETTE, finish, live, wrap_title


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


def draw_us_calculation(figures, state) -> None:
    """Draw a ``USCalculationState`` into the press-or-tolerate explorer's ``decision`` figure."""
    draw_press_or_tolerate(
        figures["decision"], state.threat_alone, state.breakeven, current=state.current
    )
