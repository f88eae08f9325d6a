"""Figures of the decision-rule model (lesson 6): how long each rule takes, one crisis raced, what consensus buys.

``<name>_figure(...)`` builds a titled figure (a ``go.FigureWidget`` with ``widget=True``) and
``draw_<name>(fig, ...)`` writes new results of :mod:`course_lib.models.decision_rules` into it
in place; none computes a model answer. Titles state the finding from the numbers given.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, finish, live, wrap_title

__all__ = [
    "RULE_COLOURS",
    "delay_figure",
    "draw_decision_race_explorer",
    "draw_delay",
    "draw_race",
    "race_figure",
    "race_title",
    "solidarity_figure",
]

#: One colour per decision rule, used in every figure of the lesson.
RULE_COLOURS = {
    "lead nation": PALETTE["green"],
    "qualified majority": PALETTE["orange"],
    "unanimity": PALETTE["vermillion"],
}
_RULES = ("lead nation", "qualified majority", "unanimity")


# ----------------------------------------------------------------------------- decision speed


def delay_figure(
    delays, *, simulated=None, current: int | None = None, widget: bool = False
) -> go.Figure:
    """Expected days to decide by alliance size, one line per rule.

    ``delays``: :func:`~course_lib.models.decision_rules.delay_by_size`.
    ``simulated``: optional mapping rule -> (members, mean, half-width of a 95 % interval).
    ``current``: alliance size to mark with a vertical line.
    Traces: 0-2 the analytic lines (lead nation, qualified majority, unanimity),
    3-5 the simulated points (may be empty), 6 the current-size marker.
    """
    traces = [
        go.Scatter(
            mode="lines",
            name=rule,
            line={"color": RULE_COLOURS[rule]},
            hovertemplate="%{x} members: %{y:.1f} days<extra>" + rule + "</extra>",
        )
        for rule in _RULES
    ]
    traces += [
        go.Scatter(
            mode="markers",
            name=f"{rule} (simulated, 95 % interval)",
            marker={"color": RULE_COLOURS[rule], "symbol": "x", "size": 9},
        )
        for rule in _RULES
    ]
    traces.append(
        go.Scatter(
            mode="lines",
            name="this alliance",
            hoverinfo="skip",
            line={"color": PALETTE["black"], "dash": "dot"},
        )
    )
    fig = go.Figure(traces)
    finish(fig, "", "Members (allies who must be asked)", "Expected days to decide")
    fig = live(fig, widget)
    draw_delay(fig, delays, simulated=simulated, current=current)
    return fig


def draw_delay(fig, delays, *, simulated=None, current: int | None = None) -> None:
    """Write new expected delays (and optional simulations, current size) into ``fig``."""
    for k, rule in enumerate(_RULES):
        fig.data[k].x, fig.data[k].y = (
            list(delays["members"]),
            np.asarray(delays[rule], dtype=float),
        )
        sim = (simulated or {}).get(rule)
        t = fig.data[3 + k]
        t.x, t.y = ([], []) if sim is None else (list(sim[0]), list(sim[1]))
        t.error_y = {"type": "data", "array": [] if sim is None else list(sim[2]), "visible": True}
        t.showlegend = sim is not None
    top = float(np.nanmax(delays[list(_RULES)].to_numpy()))
    fig.data[6].x = [current, current] if current else []
    fig.data[6].y = [0, top] if current else []
    rows = delays[delays["members"] == current] if current else delays.iloc[[-1]]
    row = rows.iloc[0] if len(rows) else delays.iloc[-1]
    fig.layout.title.text = wrap_title(
        f"Unanimity slows as members join: {row['unanimity']:.0f} days at {int(row['members'])} "
        f"(qualified majority {row['qualified majority']:.0f}, lead nation {row['lead nation']:.0f})"
    )


def race_title(race) -> str:
    """The finding of one simulated crisis: the day each rule decides."""
    d = race.decision_days
    return (
        f"One crisis: lead nation day {d['lead nation']:.0f}, qualified majority "
        f"day {d['qualified majority']:.0f}, unanimity day {d['unanimity']:.0f}"
    )


def race_figure(race, *, widget: bool = False) -> go.Figure:
    """A single crisis: each member's assent time, and the day each rule decides.

    ``race``: :func:`~course_lib.models.decision_rules.crisis_race`. Members are
    stacked in the order in which they assent. Traces: 0 the members, 1 the lead
    nation, 2-4 vertical lines where the lead nation, a qualified majority and
    unanimity decide.
    """
    traces = [
        go.Scatter(
            mode="markers",
            name="a member assents",
            marker={"color": PALETTE["blue"], "size": 7},
            hovertemplate="day %{x:.1f}: assent number %{y}<extra></extra>",
        ),
        go.Scatter(
            mode="markers",
            name="the lead nation",
            marker={"color": RULE_COLOURS["lead nation"], "size": 13, "symbol": "diamond"},
        ),
    ]
    traces += [
        go.Scatter(
            mode="lines", name=f"{rule} decides", line={"color": RULE_COLOURS[rule], "width": 3}
        )
        for rule in _RULES
    ]
    fig = go.Figure(traces)
    finish(fig, "", "Days after the crisis breaks", "Members, in the order they assent")
    fig = live(fig, widget)
    draw_race(fig, race)
    return fig


def draw_race(fig, race) -> None:
    """Write a new simulated crisis into ``fig`` (see :func:`race_figure`)."""
    times = np.asarray(race.assent_days, dtype=float)
    n = times.size
    order = np.argsort(times, kind="stable")
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(1, n + 1)
    fig.data[0].x, fig.data[0].y = times[order], np.arange(1, n + 1)
    fig.data[1].x, fig.data[1].y = [times[0]], [rank[0]]
    for k, rule in enumerate(_RULES):
        day = race.decision_days[rule]
        fig.data[2 + k].x, fig.data[2 + k].y = [day, day], [0, n + 1]
    fig.layout.title.text = wrap_title(race_title(race))


def solidarity_figure(frontier, marks=None, *, widget: bool = False) -> go.Figure:
    """What consensus buys: share of members bound against the expected delay.

    ``frontier``: :func:`~course_lib.models.decision_rules.solidarity_frontier`.
    ``marks``: optional mapping rule -> (expected days, share bound) to highlight.
    Traces: 0 the frontier, then one marker per rule in ``marks``.
    """
    n = int(frontier["assents"].iloc[-1])
    fig = go.Figure(
        go.Scatter(
            x=frontier["expected_days"],
            y=100 * frontier["share_bound"],
            mode="lines+markers",
            name="a rule that waits for k assents",
            text=[f"k = {k}" for k in frontier["assents"]],
            hovertemplate="%{text}: %{y:.0f} % bound after %{x:.1f} days<extra></extra>",
            line={"color": PALETTE["blue"]},
            marker={"size": 5},
        )
    )
    for rule, (days, share) in (marks or {}).items():
        fig.add_trace(
            go.Scatter(
                x=[days],
                y=[100 * share],
                mode="markers+text",
                name=rule,
                text=[rule],
                textposition="bottom left" if share >= 0.99 else "middle right",
                marker={"color": RULE_COLOURS.get(rule, PALETTE["black"]), "size": 14},
            )
        )
    days = frontier["expected_days"].to_numpy()
    k90 = int(np.ceil(0.9 * n))
    last_share = 1 - days[k90 - 1] / days[-1]
    title = f"Binding the last {n - k90} of {n} members costs {last_share:.0%} of unanimity's delay"
    finish(fig, title, "Expected days until the decision", "Members bound by the decision (%)")
    fig.update_yaxes(range=[0, 108])
    return live(fig, widget)


# ----------------------------------------------------------------------------- the explorers
# Each takes the explorer's figures and the model's state. The figure widgets send only values
# that changed.


def draw_decision_race_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.decision_rules.DecisionRaceState` into ``race`` and ``delay``."""
    draw_race(figures["race"], state.race)
    draw_delay(figures["delay"], state.delays, current=state.members)
