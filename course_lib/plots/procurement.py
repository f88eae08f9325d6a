"""Figures of the procurement model (lesson 6): the cost premium and interoperability of a fragmented market.

``procurement_figure`` / ``draw_procurement`` draw what :mod:`course_lib.models.procurement`
returned (live with ``widget=True``); ``weapon_systems_figure`` draws the table of weapon
systems it is given. None computes a model answer.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.style import PALETTE, finish, live, wrap_title

__all__ = [
    "draw_procurement",
    "draw_procurement_explorer",
    "procurement_figure",
    "procurement_title",
    "weapon_systems_figure",
]


# ----------------------------------------------------------------------------- procurement


def procurement_title(outcome, nations: int, programmes: int) -> str:
    """The finding for one market: its premium over pooling and its interoperability."""
    buyers = "1 nation" if nations == 1 else f"{nations} nations"
    plural = "s" if programmes != 1 else ""
    return (
        f"{buyers}, {programmes} programme{plural}: {outcome.premium:.0%} dearer than pooling; "
        f"two units match {outcome.interoperability:.0%} of the time"
    )


def procurement_figure(
    table, current=None, *, nations: int | None = None, widget: bool = False
) -> go.Figure:
    """Cost premium and interoperability against the number of separate programmes.

    ``table``: :func:`~course_lib.models.procurement.outcomes_by_programmes`.
    ``current``: (programmes, outcome) to mark; ``nations`` for the title.
    Traces: 0 premium line, 1 interoperability line (right axis), 2 the current
    premium, 3 the current interoperability.
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            mode="lines+markers",
            name="cost premium over pooling (left)",
            line={"color": PALETTE["vermillion"]},
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            mode="lines+markers",
            name="interoperability (right)",
            line={"color": PALETTE["blue"], "dash": "dash"},
        ),
        secondary_y=True,
    )
    for colour, symbol, right in (
        ("vermillion", "circle-open", False),
        ("blue", "square-open", True),
    ):
        marker = {"color": PALETTE[colour], "size": 17, "symbol": symbol, "line": {"width": 3}}
        fig.add_trace(
            go.Scatter(mode="markers", name="this market", showlegend=False, marker=marker),
            secondary_y=right,
        )
    finish(
        fig,
        "Pooling cuts cost and raises interoperability at once",
        "Separate programmes (platforms) for the same total order",
        "Cost premium over one pooled programme (%)",
    )
    fig.update_yaxes(
        title_text="Chance two random units share a platform (%)",
        range=[0, 105],
        tickmode="linear",
        tick0=0,
        dtick=20,
        showgrid=False,
        secondary_y=True,
    )
    fig.update_yaxes(rangemode="tozero", secondary_y=False)
    fig = live(fig, widget)
    draw_procurement(fig, table, current, nations=nations)
    return fig


def draw_procurement(fig, table, current=None, *, nations: int | None = None) -> None:
    """Write new outcomes (and the current market) into ``fig`` (see :func:`procurement_figure`)."""
    fig.data[0].x, fig.data[0].y = (
        list(table["programmes"]),
        100 * np.asarray(table["premium"], dtype=float),
    )
    fig.data[1].x = list(table["programmes"])
    fig.data[1].y = 100 * np.asarray(table["interoperability"], dtype=float)
    if current is None:
        for t in fig.data[2:4]:
            t.x, t.y = [], []
        return
    m, out = current
    fig.data[2].x, fig.data[2].y = [m], [100 * out.premium]
    fig.data[3].x, fig.data[3].y = [m], [100 * out.interoperability]
    fig.layout.title.text = wrap_title(
        procurement_title(out, nations if nations is not None else len(table), m)
    )


# ----------------------------------------------------------------------------- the explorers
# Each takes the explorer's figures and the model's state. The figure widgets send only values
# that changed.


def draw_procurement_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.procurement.ProcurementState` into the figure ``market``."""
    draw_procurement(
        figures["market"], state.table, (state.programmes, state.outcome), nations=state.nations
    )


def weapon_systems_figure(table) -> go.Figure:
    """Types of weapon systems in use, Europe against the U.S., per equipment class.

    ``table``: :func:`~course_lib.models.procurement.fragmentation_table`; the
    hover text carries the interoperability and premium bounds.
    """
    fig = go.Figure()
    for side, name, colour in (
        ("europe", "EU member states", PALETTE["blue"]),
        ("us", "United States", PALETTE["orange"]),
    ):
        hover = [
            f"{name}, {e}: {k} types<br>interoperability at least {i:.0%}<br>"
            f"learning-curve premium at most {p:.0%}"
            for e, k, i, p in zip(
                table["equipment"],
                table[f"{side}_types"],
                table[f"{side}_interoperability_min"],
                table[f"{side}_premium_max"],
            )
        ]
        fig.add_trace(
            go.Bar(
                x=table["equipment"],
                y=table[f"{side}_types"],
                name=name,
                marker_color=colour,
                text=table[f"{side}_types"],
                textposition="outside",
                hovertext=hover,
                hoverinfo="text",
            )
        )
    ratio = table["europe_types"].sum() / table["us_types"].sum()
    finish(
        fig,
        f"In these five classes Europe fields about {ratio:.0f} times as many types as the U.S.",
        "Equipment class",
        "Types of weapon system in use (count)",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.15 * float(table["europe_types"].max())])
    return fig
