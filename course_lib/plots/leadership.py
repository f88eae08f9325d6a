"""Figures for lesson 2, the leadership trap.

As in lesson 1, each figure comes as ``<name>_figure(...)`` (a titled figure, a
``go.FigureWidget`` with ``widget=True``) and ``draw_<name>(fig, ...)``, which
writes new model results into an existing figure in place. The functions draw
what :mod:`course_lib.models.leadership` returned (a ``TrapCurve``,
``TwinChallenges``, ``ThreatGame``); they never solve a game themselves. Titles
are worked out from the numbers, so each states what its figure shows.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course_lib.plots.style import PALETTE, SERIES, finish, live, wrap_title

__all__ = [
    "SPENDING_AXIS",
    "draw_game_tree",
    "draw_leadership",
    "draw_payoff",
    "draw_region_comparison",
    "draw_regions",
    "draw_response",
    "draw_threat_calculation",
    "draw_threat_game",
    "draw_trap",
    "draw_twin",
    "draw_twin_condition",
    "game_title",
    "game_tree_figure",
    "payoff_figure",
    "payoff_title",
    "regions_figure",
    "regions_title",
    "response_figure",
    "threat_calculation_figure",
    "trap_figure",
    "trap_title",
    "tree_layout",
    "twin_condition_figure",
    "twin_condition_title",
    "twin_figure",
    "twin_title",
]

SPENDING_AXIS = "hegemon's defence spending q_H (% of U.S. GDP)"
PAYOFF_AXIS = "hegemon's payoff (% of U.S. GDP)"


def _legend_below(fig: go.Figure, height: int) -> None:
    """Legend under the plot, so a long finding in the title never collides with it."""
    fig.update_layout(
        height=height,
        margin={"b": 120},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0.0},
    )


def _vline(x: float, y0: float, y1: float) -> tuple[list, list]:
    return [x, x], [y0, y1]


# --------------------------------------------------------------------------- payoff


def payoff_title(curve) -> str:
    """The finding: the optimum and the allies' share there."""
    best = curve.optimum
    if best.allied_spending <= 1e-9:
        return (
            f"The hegemon's best commitment, {best.spending:.1f}% of GDP, "
            "crowds the allies out altogether"
        )
    return (
        f"The hegemon's best commitment is {best.spending:.1f}% of GDP; "
        f"the allies then carry {100 * best.allied_share:.0f}% of the burden"
    )


def payoff_figure(curve, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """The hegemon's payoff and its three parts against its spending, optimum marked.

    Traces: 0 = payoff W, 1 = deterrence value V·P(Q), 2 = influence value φ·q_H/Q,
    3 = cost of spending c·q_H, 4 = the optimum (a marker).
    """
    fig = go.Figure(
        [
            go.Scatter(name="payoff W", mode="lines", line={"color": PALETTE["black"], "width": 3}),
            go.Scatter(
                name="deterrence V·P(Q)",
                mode="lines",
                line={"color": PALETTE["blue"], "dash": "dash"},
            ),
            go.Scatter(
                name="influence φ·q_H/Q",
                mode="lines",
                line={"color": PALETTE["purple"], "dash": "dot"},
            ),
            go.Scatter(
                name="cost c·q_H",
                mode="lines",
                line={"color": PALETTE["vermillion"], "dash": "dashdot"},
            ),
            go.Scatter(
                name="optimum",
                mode="markers+text",
                textposition="top center",
                marker={
                    "color": PALETTE["orange"],
                    "size": 14,
                    "symbol": "star",
                    "line": {"color": PALETTE["black"], "width": 1},
                },
            ),
        ]
    )
    finish(fig, title or "", SPENDING_AXIS, PAYOFF_AXIS)
    _legend_below(fig, 460)
    fig = live(fig, widget)
    draw_payoff(fig, curve, title=title)
    return fig


def draw_payoff(fig: go.Figure, curve, *, title: str | None = None) -> None:
    """Write a new :class:`~course_lib.models.leadership.TrapCurve` into a :func:`payoff_figure`."""
    q = np.asarray(curve.spending)
    best = curve.optimum
    with fig.batch_update():
        for trace, y in zip(
            fig.data[:4],
            (curve.payoff, curve.deterrence_value, curve.influence_payoff, curve.spending_cost),
        ):
            trace.x, trace.y = q, np.asarray(y)
            trace.hovertemplate = "q_H = %{x:.2f}<br>%{y:.2f}<extra>" + trace.name + "</extra>"
        fig.data[4].x, fig.data[4].y = [best.spending], [best.payoff]
        fig.data[4].text = [f"q_H* = {best.spending:.2f}"]
        fig.layout.title.text = wrap_title(title or payoff_title(curve))


# --------------------------------------------------------------------------- damned if you do


def trap_title(curve) -> str:
    """The finding: what leading half as much and twice as much would each cost."""
    best = curve.optimum
    q = np.asarray(curve.spending)
    loss = np.asarray(curve.loss)
    half = float(np.interp(0.5 * best.spending, q, loss))
    double = float(np.interp(min(2.0 * best.spending, q[-1]), q, loss))
    return (
        f"Damned if you do, damned if you don't: leading half as much costs {half:.1f}, "
        f"twice as much {double:.1f}"
    )


def trap_figure(curve, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """What too little and too much leadership cost, with the allies' spending beside it.

    Traces: 0 = loss when spending too little (filled), 1 = loss when spending too
    much (filled), 2 = the allies' spending (right axis), 3 = the optimum (a
    vertical line).
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            name="too little: deterrence and influence lost",
            mode="lines",
            fill="tozeroy",
            line={"color": PALETTE["vermillion"], "width": 2},
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            name="too much: paying for what allies would have bought",
            mode="lines",
            fill="tozeroy",
            line={"color": PALETTE["blue"], "width": 2},
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            name="allies' spending (right axis)",
            mode="lines",
            line={"color": PALETTE["green"], "dash": "dash", "width": 2},
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Scatter(
            name="optimum",
            mode="lines",
            showlegend=False,
            line={"color": PALETTE["black"], "dash": "dot", "width": 1},
        ),
        secondary_y=False,
    )
    finish(fig, title or "", SPENDING_AXIS, "payoff lost against the optimum (% of U.S. GDP)")
    _legend_below(fig, 460)
    fig.update_yaxes(
        title_text="allies' spending (% of U.S. GDP)",
        secondary_y=True,
        rangemode="tozero",
        showgrid=False,
    )
    fig.update_yaxes(rangemode="tozero", secondary_y=False)
    fig = live(fig, widget)
    draw_trap(fig, curve, title=title)
    return fig


def draw_trap(fig: go.Figure, curve, *, title: str | None = None) -> None:
    """Write a new ``TrapCurve`` into a :func:`trap_figure`."""
    q = np.asarray(curve.spending)
    loss = np.asarray(curve.loss)
    left = q <= curve.optimum.spending
    right = q >= curve.optimum.spending
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = q[left], loss[left]
        fig.data[1].x, fig.data[1].y = q[right], loss[right]
        fig.data[2].x, fig.data[2].y = q, np.asarray(curve.allied_spending)
        fig.data[3].x, fig.data[3].y = _vline(curve.optimum.spending, 0.0, float(loss.max()) or 1.0)
        for trace in fig.data[:2]:
            trace.hovertemplate = "q_H = %{x:.2f}<br>loss %{y:.2f}<extra></extra>"
        fig.layout.title.text = wrap_title(title or trap_title(curve))


# --------------------------------------------------------------------------- crowding out


def response_figure(curve, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """The alliance total and the allies' spending as the hegemon spends more.

    Traces: 0 = alliance total Q(q_H), 1 = allies' spending, 2 = the 45° line
    (what the total would be with full crowding out of the allies).
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="alliance total Q", mode="lines", line={"color": PALETTE["black"], "width": 3}
            ),
            go.Scatter(
                name="allies' spending Q − q_H",
                mode="lines",
                line={"color": PALETTE["green"], "dash": "dash", "width": 2},
            ),
            go.Scatter(
                name="hegemon alone (Q = q_H)",
                mode="lines",
                line={"color": PALETTE["sky"], "dash": "dot", "width": 1},
            ),
        ]
    )
    finish(fig, title or "", SPENDING_AXIS, "spending (% of U.S. GDP)")
    _legend_below(fig, 420)
    fig = live(fig, widget)
    draw_response(fig, curve, title=title)
    return fig


def draw_response(fig: go.Figure, curve, *, title: str | None = None) -> None:
    """Write a new ``TrapCurve`` into a :func:`response_figure`."""
    q = np.asarray(curve.spending)
    total = np.asarray(curve.total)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = q, total
        fig.data[1].x, fig.data[1].y = q, np.asarray(curve.allied_spending)
        fig.data[2].x, fig.data[2].y = q, q
        if title is None:
            slope = (total[1] - total[0]) / (q[1] - q[0]) if q.size > 1 and q[1] > q[0] else 1.0
            title = (
                f"Crowding out: the first unit the hegemon spends adds only {slope:.2f} "
                "to the alliance total"
            )
        fig.layout.title.text = wrap_title(title)


# --------------------------------------------------------------------------- two regions


def _place(name: str) -> str:
    """'Europe' -> 'Europe', 'Indo-Pacific' -> 'the Indo-Pacific' (for running text)."""
    return f"the {name}" if name.lower().startswith("indo") else name


def regions_title(curves: dict) -> str:
    """The finding: which region leaves more of the burden to the hegemon."""
    shares = {name: c.optimum.influence for name, c in curves.items()}
    most = max(shares, key=shares.get)
    least = min(shares, key=shares.get)
    if most == least:
        return f"In {_place(most)} the hegemon carries {100 * shares[most]:.0f}% of the burden"
    return (
        f"The hegemon carries {100 * shares[most]:.0f}% of the burden in {_place(most)}, "
        f"{100 * shares[least]:.0f}% in {_place(least)}"
    )


def regions_figure(
    curves: dict, threats: dict, *, widget: bool = False, title: str | None = None
) -> go.Figure:
    """Regions side by side: who pays at the optimum (left), what mistakes cost (right).

    ``curves`` maps a region's name to its ``TrapCurve``; ``threats`` maps it to
    its threat T. Traces: 0 = hegemon's spending (bars), 1 = allies' spending
    (bars, stacked), 2 = allies alone, without the hegemon (markers), 3 = the
    threat (markers), then one loss curve per region (right panel).
    """
    names = list(curves)
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.42, 0.58],
        horizontal_spacing=0.12,
        subplot_titles=(
            "spending at the hegemon's optimum",
            "payoff lost by leading too little or too much",
        ),
    )
    fig.add_trace(go.Bar(name="hegemon", marker_color=PALETTE["blue"]), row=1, col=1)
    fig.add_trace(go.Bar(name="allies", marker_color=PALETTE["green"]), row=1, col=1)
    fig.add_trace(
        go.Scatter(
            name="allies alone (no hegemon)",
            mode="markers",
            marker={
                "symbol": "diamond-open",
                "size": 13,
                "color": PALETTE["black"],
                "line": {"width": 2},
            },
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            name="threat T",
            mode="markers",
            marker={
                "symbol": "line-ew-open",
                "size": 40,
                "color": PALETTE["vermillion"],
                "line": {"width": 3},
            },
        ),
        row=1,
        col=1,
    )
    for k, name in enumerate(names):
        fig.add_trace(
            go.Scatter(
                name=f"{name}: loss",
                mode="lines",
                line={
                    "color": SERIES[(k + 1) % len(SERIES)],
                    "width": 3,
                    "dash": ("solid", "dash", "dot")[k % 3],
                },
            ),
            row=1,
            col=2,
        )
    finish(fig, title or "", "", "spending (% of U.S. GDP)")
    _legend_below(fig, 480)
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title_text="region", row=1, col=1)
    fig.update_xaxes(title_text=SPENDING_AXIS, row=1, col=2)
    fig.update_yaxes(title_text="payoff lost (% of U.S. GDP)", row=1, col=2, rangemode="tozero")
    fig = live(fig, widget)
    draw_regions(fig, curves, threats, title=title)
    return fig


def draw_regions(fig: go.Figure, curves: dict, threats: dict, *, title: str | None = None) -> None:
    """Write new ``TrapCurve`` results (same regions, same order) into a :func:`regions_figure`."""
    names = list(curves)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = names, [curves[n].optimum.spending for n in names]
        fig.data[1].x, fig.data[1].y = names, [curves[n].optimum.allied_spending for n in names]
        fig.data[2].x, fig.data[2].y = names, [float(curves[n].total[0]) for n in names]
        fig.data[3].x, fig.data[3].y = names, [float(threats[n]) for n in names]
        for k, n in enumerate(names):
            c = curves[n]
            fig.data[4 + k].x, fig.data[4 + k].y = np.asarray(c.spending), np.asarray(c.loss)
        fig.layout.title.text = wrap_title(title or regions_title(curves))


# --------------------------------------------------------------------------- twin challenges


def twin_title(twin) -> str:
    """The finding: the allied share beyond which burden shifting costs more influence than it saves."""
    if twin.threshold_share >= 1.0 - 1e-12:
        return "Here influence never outweighs the saving (φ ≤ c·Q(0)): shifting burden always pays"
    return (
        f"Twin challenges: beyond a {100 * twin.threshold_share:.0f}% allied share, shifting "
        "burden costs more influence than it saves"
    )


def twin_figure(twin, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """Marginal influence loss and marginal saving against the allies' share of the burden.

    Traces: 0 = marginal influence loss φ·d(q_H/Q)/dq_H, 1 = marginal saving c,
    2 = the threshold (a vertical line; empty when there is none).
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="influence lost per unit cut",
                mode="lines",
                line={"color": PALETTE["purple"], "width": 3},
            ),
            go.Scatter(
                name="money saved per unit cut",
                mode="lines",
                line={"color": PALETTE["vermillion"], "dash": "dash", "width": 2},
            ),
            go.Scatter(
                name="threshold", mode="lines", line={"color": PALETTE["black"], "dash": "dot"}
            ),
        ]
    )
    finish(fig, title or "", "allies' share of the burden (%)", "payoff per unit of spending")
    _legend_below(fig, 420)
    fig = live(fig, widget)
    draw_twin(fig, twin, title=title)
    return fig


def draw_twin(fig: go.Figure, twin, *, title: str | None = None) -> None:
    """Write new ``TwinChallenges`` into a :func:`twin_figure`."""
    share = 100 * np.asarray(twin.allied_share)
    loss = np.asarray(twin.marginal_influence_loss, dtype=float)
    finite = np.isfinite(loss)
    top = float(max(loss[finite].max() if finite.any() else 1.0, np.max(twin.marginal_saving)))
    shown = np.minimum(loss, 3 * top)
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = share[finite], shown[finite]
        fig.data[1].x, fig.data[1].y = share, np.asarray(twin.marginal_saving)
        if twin.threshold_share < 1.0 - 1e-12:
            fig.data[2].x, fig.data[2].y = _vline(100 * twin.threshold_share, 0.0, top)
        else:
            fig.data[2].x, fig.data[2].y = [], []
        fig.layout.title.text = wrap_title(title or twin_title(twin))


def twin_condition_title(tastes, boundaries: dict, presets: dict) -> str:
    """The finding: which presets lie above their region's line φ = c·Q(0) (a threshold exists)."""
    above, below = [], []
    for name, (taste, phi) in presets.items():
        line = float(
            np.interp(
                taste, np.asarray(tastes, dtype=float), np.asarray(boundaries[name], dtype=float)
            )
        )
        (above if phi > line else below).append(_place(name))
    if not presets:
        return "A twin-challenge threshold exists only above the line φ = c·Q(0)"
    parts = []
    if above:
        parts.append(
            f"{' and '.join(above)} above {'its' if len(above) == 1 else 'their'} line (a threshold)"
        )
    if below:
        parts.append(
            f"{' and '.join(below)} below {'its' if len(below) == 1 else 'their'} line (none)"
        )
    text = "; ".join(parts)
    return f"A threshold exists only where φ > c·Q(0): {text[0].upper()}{text[1:]}"


def twin_condition_figure(
    tastes,
    boundaries: dict,
    presets: dict | None = None,
    *,
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Where a twin-challenge threshold exists: above the line φ = c·Q(0) over the allies' taste.

    ``tastes`` is the x grid (a common taste for security); ``boundaries`` maps a
    label to :func:`course_lib.models.leadership.twin_challenge_boundary` over
    ``tastes`` (a region's c·Q(0), or a variant: richer allies, another cost);
    ``presets`` maps some of those labels to a preset's (taste, φ), drawn as a
    marker in the line's colour. Traces: one line per boundary, then one marker
    per preset.
    """
    presets = dict(presets or {})
    fig = go.Figure()
    colours = {}
    for k, name in enumerate(boundaries):
        colours[name] = SERIES[k % len(SERIES)]
        fig.add_trace(
            go.Scatter(
                name=f"{name}: c·Q(0)",
                mode="lines",
                line={
                    "color": colours[name],
                    "width": 3,
                    "dash": ("solid", "dash", "dot", "dashdot")[k % 4],
                },
            )
        )
    for name in presets:
        fig.add_trace(
            go.Scatter(
                name=f"{name} preset",
                mode="markers",
                marker={
                    "symbol": "star",
                    "size": 16,
                    "color": colours.get(name, PALETTE["black"]),
                    "line": {"width": 1, "color": PALETTE["black"]},
                },
            )
        )
    finish(
        fig,
        title or "",
        "allies' taste for security a (common to all)",
        "value of influence φ (% of U.S. GDP)",
        height=440,
    )
    fig.update_yaxes(rangemode="tozero")
    fig.add_annotation(
        text="above a line: a threshold exists (φ > c·Q(0))<br>below: shifting burden always pays",
        xref="paper",
        yref="paper",
        x=0.02,
        y=0.98,
        showarrow=False,
        align="left",
        font={"size": 12},
    )
    _legend_below(fig, 480)
    fig = live(fig, widget)
    draw_twin_condition(fig, tastes, boundaries, presets, title=title)
    return fig


def draw_twin_condition(
    fig: go.Figure,
    tastes,
    boundaries: dict,
    presets: dict | None = None,
    *,
    title: str | None = None,
) -> None:
    """Write new boundaries and presets (same labels, same order) into a :func:`twin_condition_figure`."""
    presets = dict(presets or {})
    x = np.asarray(tastes, dtype=float)
    with fig.batch_update():
        for k, name in enumerate(boundaries):
            fig.data[k].x, fig.data[k].y = x, np.asarray(boundaries[name], dtype=float)
        for j, (taste, phi) in enumerate(presets.values()):
            fig.data[len(boundaries) + j].x, fig.data[len(boundaries) + j].y = (
                [float(taste)],
                [float(phi)],
            )
        fig.layout.title.text = wrap_title(title or twin_condition_title(x, boundaries, presets))


# --------------------------------------------------------------------------- the game tree


def tree_layout(tree) -> dict:
    """Coordinates for drawing a game tree: depth on x, leaves spread on y.

    Returns ``{"nodes": [(name, x, y, player_or_None)], "edges": [(parent, child, action, x0, y0, x1, y1)]}``.
    Node names must be unique within the tree.
    """
    nodes, edges = [], []
    counter = [0]

    def place(node, depth):
        if node.is_leaf:
            y = -float(counter[0])
            counter[0] += 1
        else:
            ys = []
            for action, child in node.children:
                cy = place(child, depth + 1)
                ys.append((action, child, cy))
            y = float(np.mean([cy for _, _, cy in ys]))
            for action, child, cy in ys:
                edges.append((node.name, child.name, action, float(depth), y, float(depth + 1), cy))
        nodes.append((node.name, float(depth), y, node.player))
        return y

    place(tree, 0)
    return {"nodes": nodes, "edges": edges}


def game_title(game) -> str:
    """The finding: is the threat credible, and what happens."""
    if game.threat_empty:
        return (
            "An empty threat: the hegemon would stay after a refusal, so the allies "
            "refuse and free riding goes on"
        )
    if game.outcome == "burden shifted":
        return "A credible threat: the hegemon would leave, so the allies pay more"
    if game.outcome == "collapse":
        return "A credible threat the allies will not meet: the alliance collapses"
    return "The threat would be credible, but the hegemon gains nothing by making it"


def game_tree_figure(game, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """The credible-threat game tree with the backward-induction path highlighted.

    Traces: 0 = edges off the path, 1 = edges on the path, 2 = decision nodes,
    3 = leaves (with payoffs), 4 = action labels.
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="other moves",
                mode="lines",
                hoverinfo="skip",
                line={"color": "#BBBBBB", "width": 2},
            ),
            go.Scatter(
                name="equilibrium path",
                mode="lines",
                hoverinfo="skip",
                line={"color": PALETTE["orange"], "width": 6},
            ),
            go.Scatter(
                name="decision",
                mode="markers+text",
                textposition="top center",
                marker={"size": 18, "color": PALETTE["blue"]},
            ),
            go.Scatter(
                name="outcome (hegemon, allies)",
                mode="markers+text",
                textposition="middle right",
                marker={"size": 14, "symbol": "square", "color": PALETTE["green"]},
            ),
            go.Scatter(
                name="moves",
                mode="text",
                showlegend=False,
                hoverinfo="skip",
                textfont={"size": 12, "color": PALETTE["black"]},
            ),
        ]
    )
    finish(fig, title or "", "", "")
    _legend_below(fig, 460)
    fig.update_xaxes(visible=False, range=[-0.3, 4.4])
    fig.update_yaxes(visible=False)
    fig = live(fig, widget)
    draw_game_tree(fig, game, title=title)
    return fig


def _path_edges(game) -> set[tuple[str, str]]:
    on, node = set(), game.tree
    while not node.is_leaf:
        child = dict(node.children)[game.strategy[node.name]]
        on.add((node.name, child.name))
        node = child
    return on


def draw_game_tree(fig: go.Figure, game, *, title: str | None = None) -> None:
    """Write a new ``ThreatGame`` into a :func:`game_tree_figure`."""
    layout = tree_layout(game.tree)
    on_path = _path_edges(game)
    off_x, off_y, on_x, on_y, lab_x, lab_y, lab_t = [], [], [], [], [], [], []
    for parent, child, action, x0, y0, x1, y1 in layout["edges"]:
        xs, ys = (on_x, on_y) if (parent, child) in on_path else (off_x, off_y)
        xs += [x0, x1, None]
        ys += [y0, y1, None]
        lab_x.append((x0 + x1) / 2)
        lab_y.append((y0 + y1) / 2 + 0.18)
        chosen = game.strategy.get(parent) == action
        lab_t.append(f"<b>{action}</b>" if chosen else action)
    dec = [(n, x, y, p) for n, x, y, p in layout["nodes"] if p is not None]
    leaves = [(n, x, y) for n, x, y, p in layout["nodes"] if p is None]
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = off_x, off_y
        fig.data[1].x, fig.data[1].y = on_x, on_y
        fig.data[2].x = [x for _, x, _, _ in dec]
        fig.data[2].y = [y for _, _, y, _ in dec]
        fig.data[2].text = [p for _, _, _, p in dec]
        fig.data[3].x = [x for _, x, _ in leaves]
        fig.data[3].y = [y for _, _, y in leaves]
        fig.data[3].text = [
            f"{n}: ({game.payoffs[n][0]:.2f}, {game.payoffs[n][1]:.2f})" for n, _, _ in leaves
        ]
        fig.data[4].x, fig.data[4].y, fig.data[4].text = lab_x, lab_y, lab_t
        fig.layout.title.text = wrap_title(title or game_title(game))


# --------------------------------------------------------------------------- the calculation behind the threat


def threat_calculation_figure(game, *, widget: bool = False, title: str | None = None) -> go.Figure:
    """The hegemon's two costs, measured from the outcome where the allies comply.

    Traces: 0 = bars "loss from collapse" and "cost of tolerating free riders".
    The threat is empty when the first bar is at least as tall as the second.
    """
    fig = go.Figure(
        [
            go.Bar(
                marker_color=[PALETTE["vermillion"], PALETTE["sky"]],
                texttemplate="%{y:.2f}",
                textposition="outside",
            )
        ]
    )
    finish(fig, title or "", "", "hegemon's payoff (% of U.S. GDP)")
    fig.update_layout(height=340, showlegend=False)
    fig = live(fig, widget)
    draw_threat_calculation(fig, game, title=title)
    return fig


def draw_threat_calculation(fig: go.Figure, game, *, title: str | None = None) -> None:
    """Write a new ``ThreatGame`` into a :func:`threat_calculation_figure`."""
    with fig.batch_update():
        fig.data[0].x = ["loss from collapse", "cost of tolerating free riders"]
        fig.data[0].y = [game.loss_from_collapse, game.cost_of_tolerating]
        if title is None:
            verdict = "empty" if game.threat_empty else "credible"
            relation = "exceeds" if game.threat_empty else "falls short of"
            title = f"The threat is {verdict}: the loss from collapse {relation} the cost of free riders"
        fig.layout.title.text = wrap_title(title)


# --------------------------------------------------------------------------- the explorers' draw functions
# Each takes the explorer's figures (by name) and a state from course_lib.models.leadership;
# the explorer has already opened one batch_update per figure.


def draw_leadership(figures, state) -> None:
    """Draw a ``LeadershipState`` into the payoff explorer's ``payoff`` and ``trap`` figures."""
    draw_payoff(figures["payoff"], state.curve)
    draw_trap(figures["trap"], state.curve)


def draw_region_comparison(figures, state) -> None:
    """Draw a ``RegionsState`` into the two-regions explorer's ``regions`` figure."""
    draw_regions(figures["regions"], state.curves, state.threats)


def draw_threat_game(figures, game) -> None:
    """Draw a ``ThreatGame`` into the credible-threat explorer's ``tree`` and ``calculation`` figures."""
    draw_game_tree(figures["tree"], game)
    draw_threat_calculation(figures["calculation"], game)
