"""Lesson 2's credible-threat game: the game tree solved by backward induction, and the hegemon's calculation.

The figures draw what :mod:`course_lib.models.credible_threats` solved.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.leadership import _legend_below
from course_lib.plots.style import PALETTE, finish, live, nice_range, wrap_title


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
        costs = [game.loss_from_collapse, game.cost_of_tolerating]
        fig.data[0].y = costs
        # a nice end keeps the scale while the bars move, with room for the values above them
        fig.layout.yaxis.range = nice_range(costs, pad=0.15)
        if title is None:
            verdict = "empty" if game.threat_empty else "credible"
            relation = "exceeds" if game.threat_empty else "falls short of"
            title = f"The threat is {verdict}: the loss from collapse {relation} the cost of free riders"
        fig.layout.title.text = wrap_title(title)


def draw_threat_game(figures, game) -> None:
    """Draw a ``ThreatGame`` into the credible-threat explorer's ``tree`` and ``calculation`` figures."""
    draw_game_tree(figures["tree"], game)
    draw_threat_calculation(figures["calculation"], game)
