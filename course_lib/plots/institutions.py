"""Figures for the institutional-inertia lesson: gridlock, decision speed, solidarity, procurement.

As in lesson 1, each figure an explorer updates comes in two parts:
``<name>_figure(...)`` builds a titled figure (a ``go.FigureWidget`` with
``widget=True``) and ``draw_<name>(fig, ...)`` writes new model results into it
in place. The functions draw what :mod:`course_lib.models.institutions` or
:mod:`course_lib.models.procurement` returned; none computes a model answer.
Titles are worked out from the numbers they are given, so they state the finding.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.style import PALETTE, finish, live, wrap_title

__all__ = [
    "RULE_COLOURS",
    "delay_figure",
    "draw_decision_race_explorer",
    "draw_delay",
    "draw_gridlock",
    "draw_gridlock_explorer",
    "draw_procurement",
    "draw_procurement_explorer",
    "draw_race",
    "draw_veto_explorer",
    "draw_veto_player",
    "gridlock_figure",
    "gridlock_title",
    "procurement_figure",
    "procurement_title",
    "race_figure",
    "race_title",
    "solidarity_figure",
    "veto_player_figure",
    "veto_player_title",
    "weapon_systems_figure",
]

#: One colour per decision rule, used in every figure of the lesson.
RULE_COLOURS = {
    "lead nation": PALETTE["green"],
    "qualified majority": PALETTE["orange"],
    "unanimity": PALETTE["vermillion"],
}
_RULES = ("lead nation", "qualified majority", "unanimity")




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

    ``table``: :func:`~course_lib.models.institutions.gridlock_along_enlargement`
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
    (:func:`~course_lib.models.institutions.hull_vertices`), whether it is
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


# ----------------------------------------------------------------------------- decision speed


def delay_figure(
    delays, *, simulated=None, current: int | None = None, widget: bool = False
) -> go.Figure:
    """Expected days to decide by alliance size, one line per rule.

    ``delays``: :func:`~course_lib.models.institutions.delay_by_size`.
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
    fig.layout.title.text = (
        wrap_title(f"Unanimity slows as members join: {row['unanimity']:.0f} days at {int(row['members'])} "
        f"(qualified majority {row['qualified majority']:.0f}, lead nation {row['lead nation']:.0f})")
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

    ``race``: :func:`~course_lib.models.institutions.crisis_race`. Members are
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

    ``frontier``: :func:`~course_lib.models.institutions.solidarity_frontier`.
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
    fig.add_trace(
        go.Scatter(
            mode="markers",
            name="this market",
            showlegend=False,
            marker={
                "color": PALETTE["vermillion"],
                "size": 17,
                "symbol": "circle-open",
                "line": {"width": 3},
            },
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            mode="markers",
            name="this market",
            showlegend=False,
            marker={
                "color": PALETTE["blue"],
                "size": 17,
                "symbol": "square-open",
                "line": {"width": 3},
            },
        ),
        secondary_y=True,
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
    fig.layout.title.text = wrap_title(procurement_title(
        out, nations if nations is not None else len(table), m
    ))


# ----------------------------------------------------------------------------- the explorers
# Each takes the explorer's figures and the model's state (the ``*_state`` functions of
# course_lib.models.institutions and course_lib.models.procurement). The figure widgets send
# only values that changed, so e.g. a new crisis number leaves the delay figure untouched.


def draw_veto_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.institutions.VetoPlayerState` into the figure ``veto``."""
    draw_veto_player(figures["veto"], state.ideals, state.status_quo, state.hull, state.gridlocked,
                     state.move_to, state.labels, year=state.year)


def draw_gridlock_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.institutions.GridlockState` into the figure ``gridlock``."""
    draw_gridlock(figures["gridlock"], state.table, state.centred)


def draw_decision_race_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.institutions.DecisionRaceState` into ``race`` and ``delay``."""
    draw_race(figures["race"], state.race)
    draw_delay(figures["delay"], state.delays, current=state.members)


def draw_procurement_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.procurement.ProcurementState` into the figure ``market``."""
    draw_procurement(figures["market"], state.table, (state.programmes, state.outcome),
                     nations=state.nations)


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
