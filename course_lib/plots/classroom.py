"""Figures of the classroom debrief (lesson 08): the room's play against the model.

Every function takes a result of :mod:`course_lib.models.classroom` and returns a
``go.Figure``; none computes a prediction. Titles are passed in by the lesson, so they
can state what this room's data show.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, finish

__all__ = ["burden_figure", "crowding_figure", "rounds_figure", "shock_figure"]


def rounds_figure(by_round: pd.DataFrame, treatment: str, title: str | None = None) -> go.Figure:
    """Mean group total by round, played, against the Nash prediction and the efficient level.

    ``by_round`` is :func:`course_lib.models.classroom.contributions_by_round`.
    """
    data = by_round[by_round["treatment"] == treatment]
    if data.empty:
        raise ValueError(f"treatment {treatment!r} has no rows in by_round")
    fig = go.Figure()
    fig.add_scatter(
        x=data["round"],
        y=data["total"],
        mode="lines+markers",
        name="played",
        line={"color": PALETTE["blue"], "width": 3},
    )
    fig.add_scatter(
        x=data["round"],
        y=data["nash_total"],
        mode="lines",
        name="Nash prediction",
        line={"color": PALETTE["vermillion"], "dash": "dash"},
    )
    fig.add_scatter(
        x=data["round"],
        y=data["efficient_total"],
        mode="lines",
        name="efficient",
        line={"color": PALETTE["green"], "dash": "dot"},
    )
    return finish(
        fig,
        title or f"Group totals by round ({treatment})",
        "round",
        "alliance total Q (points, mean over groups)",
    )


def burden_figure(table: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Each player's mean burden against its income, played and predicted (who free-rides)."""
    fig = go.Figure()
    fig.add_scatter(
        x=table["income"],
        y=100 * table["burden"],
        mode="markers",
        name="played",
        marker={"color": PALETTE["blue"], "size": 10},
    )
    pred = table.drop_duplicates("income").sort_values("income")
    fig.add_scatter(
        x=pred["income"],
        y=100 * pred["predicted_burden"],
        mode="lines+markers",
        name="Nash prediction",
        line={"color": PALETTE["vermillion"], "dash": "dash"},
    )
    return finish(
        fig, title or "Burden by income", "income (points)", "defence spending (% of income)"
    )


def crowding_figure(crowding, title: str | None = None) -> go.Figure:
    """Allies' total against the hegemon's commitment, played and the model's answer to it.

    ``crowding`` is :func:`course_lib.models.classroom.hegemon_crowding_out`.
    """
    table = crowding.table.sort_values("commitment")
    fig = go.Figure()
    fig.add_scatter(
        x=table["commitment"],
        y=table["allies_total"],
        mode="markers",
        name="allies played",
        marker={"color": PALETTE["blue"], "size": 9},
    )
    fig.add_scatter(
        x=table["commitment"],
        y=table["predicted_allies_total"],
        mode="lines+markers",
        name="allies' Nash answer",
        line={"color": PALETTE["vermillion"], "dash": "dash"},
        marker={"size": 5},
    )
    return finish(
        fig,
        title or "Crowding out",
        "hegemon's commitment (points)",
        "allies' total spending (points)",
    )


def shock_figure(effect, title: str | None = None) -> go.Figure:
    """Mean contribution before and after the threat shock, frontline and others, played and predicted.

    ``effect`` is :func:`course_lib.models.classroom.threat_shock_effect`.
    """
    table = effect.table
    fig = go.Figure()
    sides = list(table.index)
    for column, name, color, pattern in (
        ("before", "played, before", PALETTE["sky"], ""),
        ("after", "played, after", PALETTE["blue"], ""),
        ("predicted_before", "Nash, before", PALETTE["orange"], "/"),
        ("predicted_after", "Nash, after", PALETTE["vermillion"], "/"),
    ):
        fig.add_bar(
            x=sides,
            y=table[column],
            name=name,
            marker={"color": color, "pattern": {"shape": pattern}},
        )
    fig.update_layout(barmode="group")
    return finish(
        fig,
        title or f"The threat shock (from round {effect.shock_round})",
        "players",
        "mean contribution (points per round)",
    )
