"""Figures for the instructor's report (``python -m course_lib.grading report``).

Each function draws a table that ``course_lib.grading.report`` computed from the gradebook;
none of them reads the gradebook or computes a grade.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.style import PALETTE, finish


def mark_shares(summary: pd.DataFrame, assignment: str) -> go.Figure:
    """Stacked bars: per task, the share of graded students with full, partial and zero marks."""
    fig = go.Figure()
    for column, name, colour in (
        ("full", "full marks", PALETTE["green"]),
        ("partial", "partial marks", PALETTE["orange"]),
        ("zero", "no marks", PALETTE["vermillion"]),
    ):
        fig.add_bar(
            y=summary["task"],
            x=100 * summary[column],
            name=name,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x:.0f}% " + name + "<extra></extra>",
        )
    worst = summary.sort_values("zero", ascending=False)["task"].iloc[0] if len(summary) else "-"
    finish(
        fig,
        f"{assignment}: where the class lost marks (most zeros: {worst})",
        "share of graded students (%)",
        "task",
        height=max(300, 60 + 34 * len(summary)),
    )
    fig.update_layout(barmode="stack", yaxis={"autorange": "reversed"})
    return fig


def score_distributions(scores: pd.DataFrame, assignment: str) -> go.Figure:
    """One histogram per task: how many students got each score."""
    tasks = list(dict.fromkeys(scores["task"]))
    cols = min(3, max(1, len(tasks)))
    rows = max(1, math.ceil(len(tasks) / cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=tasks,
        horizontal_spacing=0.08,
        vertical_spacing=min(0.12, 0.6 / rows),
    )
    for i, task in enumerate(tasks):
        graded = scores[(scores["task"] == task)].dropna(subset=["score"])
        counts = graded["score"].value_counts().sort_index()
        fig.add_bar(
            x=counts.index,
            y=counts.values,
            row=i // cols + 1,
            col=i % cols + 1,
            marker_color=PALETTE["blue"],
            showlegend=False,
            hovertemplate=task + ": %{y} student(s) scored %{x:g}<extra></extra>",
        )
        maximum = float(scores.loc[scores["task"] == task, "max_score"].max())
        fig.update_xaxes(range=[-0.5, maximum + 0.5], row=i // cols + 1, col=i % cols + 1)
    finish(fig, f"{assignment}: scores per task", "", "", height=max(320, 230 * rows))
    fig.update_layout(margin={"t": 110})
    return fig


def submission_times(times: pd.DataFrame, assignment: str) -> go.Figure:
    """Histogram of submission times."""
    fig = go.Figure(
        go.Histogram(
            x=pd.to_datetime(times["timestamp"]),
            marker_color=PALETTE["sky"],
            hovertemplate="%{x}: %{y} submission(s)<extra></extra>",
        )
    )
    last = pd.to_datetime(times["timestamp"]).max()
    finish(
        fig,
        f"{assignment}: when students submitted (last at {last:%Y-%m-%d %H:%M})",
        "submission time",
        "submissions",
    )
    return fig


def class_overview(totals: pd.DataFrame) -> go.Figure:
    """Each student's total per problem set, in percent of the maximum, as a box with the points."""
    fig = go.Figure()
    for i, (assignment, group) in enumerate(totals.groupby("assignment")):
        fig.add_box(
            y=group["percent"],
            name=assignment,
            boxpoints="all",
            jitter=0.3,
            pointpos=0,
            marker_color=PALETTE["blue"] if i % 2 == 0 else PALETTE["orange"],
            text=group["student"],
            hovertemplate="%{text}: %{y:.0f}%<extra></extra>",
        )
    finish(
        fig,
        "The class across problem sets: each student's total",
        "problem set",
        "total score (% of the maximum)",
    )
    fig.update_layout(showlegend=False, yaxis={"range": [-5, 105]})
    return fig
