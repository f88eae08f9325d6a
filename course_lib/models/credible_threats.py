r"""The credible threat: may the hegemon get the allies to carry more by threatening to leave?

A three-move game of perfect information on top of the Stackelberg model of
:mod:`course_lib.models.stackelberg`, solved by backward induction
(:mod:`course_lib.models.game_tree`). The hegemon accepts free riding or
threatens to leave unless the allies take over a share of its spending; the
allies comply or refuse; after a refusal the hegemon stays or leaves and faces
a larger threat alone. The threat is empty when staying after a refusal pays
the hegemon at least as much as leaving,

.. math:: W_{tol} \ge W_{alone} = \max_q\, V P(q; mT, s) - c\,q,

and then the allies refuse and nothing changes. See :func:`threat_game`.

References: G. Snyder (1984), "The Security Dilemma in Alliance Politics",
*World Politics* 36(4); T. Schelling (1960), *The Strategy of Conflict*.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy import optimize, special

from course_lib.models import free_rider
from course_lib.models import validation as check
from course_lib.models.game_tree import GameNode, _leaf, _leaves, backward_induction
from course_lib.models.stackelberg import _params, hegemon_optimum

__all__ = [
    "ThreatGame",
    "threat_game",
]


class ThreatGame(NamedTuple):
    """The hegemon's threat to leave unless the allies take over part of its burden.

    Payoffs are the hegemon's ``W`` (money units) and the allies' total
    Cobb-Douglas utility. ``threat_empty`` holds when the loss from collapse
    exceeds the cost of tolerating free riders (both measured from the outcome
    in which the allies comply): the hegemon would then stay after a refusal,
    so the allies refuse and "do just enough", which here is nothing more.
    """

    tree: GameNode
    strategy: dict  #: backward-induction action at every decision node
    path: tuple  #: actions on the equilibrium path
    outcome: str  #: name of the leaf reached
    hegemon_leaves_if_refused: bool
    loss_from_collapse: float  #: W(comply) - W(alone)
    cost_of_tolerating: float  #: W(comply) - W(tolerate)
    threat_empty: bool  #: loss_from_collapse >= cost_of_tolerating
    just_enough: float  #: least burden shift that keeps the hegemon in (0 if the threat is empty; nan if none does)
    demand: float  #: the spending the allies are asked to take over
    payoffs: dict  #: leaf name -> (hegemon, allies)


def _best_alone(value: float, threat: float, scale: float, cost: float) -> tuple[float, float]:
    """The hegemon's best spending and payoff facing the threat alone: max_q V P(q) - c q."""

    def w(x):
        return value * special.expit((x - threat) / scale) - cost * x

    slack = math.log(value / (cost * scale)) if value > cost * scale else 0.0
    upper = 1.02 * (threat + scale * slack) + scale
    grid = np.linspace(0.0, upper, int(min(4001, max(121, math.ceil(3 * upper / scale) + 1))))
    values = w(grid)
    i = int(np.argmax(values))
    best_x, best_w = float(grid[i]), float(values[i])
    if grid.size > 1:  # refine around the best grid point, an end point included
        res = optimize.minimize_scalar(
            lambda x: -w(x),
            bounds=(grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]),
            method="bounded",
            options={"xatol": 1e-10 * max(upper, 1.0)},
        )
        if -res.fun > best_w:
            best_x, best_w = float(res.x), float(-res.fun)
    return best_x, best_w


def threat_game(
    incomes,
    taste,
    threat,
    scale=1.0,
    value=20.0,
    influence_value=2.0,
    cost=1.0,
    shift=0.5,
    threat_alone=1.5,
    commitment_cost=0.0,
) -> ThreatGame:
    r"""Solve the credible-threat game by backward induction.

    1. The hegemon either accepts free riding (it keeps its optimum
       :math:`q_H^*`, payoff :math:`W_{tol} = W(q_H^*) - E`) or threatens to
       leave unless the allies take over a share ``shift`` of its spending,
       :math:`\Delta = \text{shift}\cdot q_H^*`.
    2. The allies comply (they pay :math:`\Delta` more, split by income; the
       total is unchanged, so the hegemon saves :math:`c\Delta` and loses
       :math:`\varphi\Delta/Q` of influence) or refuse.
    3. After a refusal the hegemon stays (:math:`W_{tol}`) or leaves, facing a
       threat ``threat_alone`` :math:`= m \ge 1` times larger with no allies and
       no influence: :math:`W_{alone} = \max_q V P(q; mT, s) - c q`. The allies
       then play their own Nash equilibrium with no outside help.

    ``commitment_cost`` :math:`E \ge 0` is what staying costs the hegemon
    apart from spending (bases abroad, the risk of entrapment in the allies'
    quarrels, Snyder 1984); without it leaving never pays, since the hegemon
    could always spend inside the alliance what it would spend alone.

    The threat is empty when the loss from collapse,
    :math:`W_{comply} - W_{alone}`, is at least the cost of tolerating free
    riders, :math:`W_{comply} - W_{tol}`: equivalently
    :math:`W_{tol} \ge W_{alone}`, so at step 3 the hegemon stays. When it is
    credible, ``just_enough`` is the least burden shift that makes staying as
    good as leaving, :math:`(W_{alone} - W_{tol})/(c - \varphi/Q)` (``nan`` if no
    shift up to the hegemon's whole spending does it).
    """
    p = _params(incomes, taste, threat, scale, value, influence_value, cost)
    shift = check.probability(shift, "shift")
    m = check.scalar(threat_alone, "threat_alone", minimum=1.0)
    e = check.scalar(commitment_cost, "commitment_cost", minimum=0.0)

    best = hegemon_optimum(*p)
    q_star, total = best.spending, best.total
    demand = shift * q_star
    w_tol = best.payoff - e
    marginal = p.cost - (p.influence_value / total if total > 0 else 0.0)
    w_comply = w_tol + marginal * demand
    _, w_alone = _best_alone(p.value, m * p.threat, p.scale, p.cost)

    allied_q = free_rider.nash_contributions(p.incomes, p.taste, outside=q_star)
    u_tol = float(free_rider.utility(allied_q, p.incomes, p.taste, outside=q_star).sum())
    weights = (
        p.incomes / p.incomes.sum()
        if p.incomes.sum() > 0
        else np.full(p.incomes.size, 1 / p.incomes.size)
    )
    comply_q = allied_q + demand * weights
    if np.any(comply_q > p.incomes):
        raise ValueError(
            "shift is too large: the allies cannot afford to take over that much spending"
        )
    u_comply = float(
        free_rider.utility(comply_q, p.incomes, p.taste, outside=q_star - demand).sum()
    )
    alone_q = free_rider.nash_contributions(p.incomes, p.taste)
    u_collapse = float(free_rider.utility(alone_q, p.incomes, p.taste).sum())

    tree = GameNode(
        "hegemon",
        "hegemon",
        (
            ("accept free riding", _leaf("status quo", hegemon=w_tol, allies=u_tol)),
            (
                "threaten to leave",
                GameNode(
                    "allies",
                    "allies",
                    (
                        (
                            "refuse",
                            GameNode(
                                "hegemon after refusal",
                                "hegemon",
                                (
                                    ("stay", _leaf("empty threat", hegemon=w_tol, allies=u_tol)),
                                    (
                                        "leave",
                                        _leaf("collapse", hegemon=w_alone, allies=u_collapse),
                                    ),
                                ),
                            ),
                        ),
                        ("comply", _leaf("burden shifted", hegemon=w_comply, allies=u_comply)),
                    ),
                ),
            ),
        ),
    )
    strategy, leaf = backward_induction(tree)
    path, node = [], tree
    while not node.is_leaf:
        action = strategy[node.name]
        path.append(action)
        node = dict(node.children)[action]

    leaves = strategy["hegemon after refusal"] == "leave"
    loss = w_comply - w_alone
    tolerate = w_comply - w_tol
    empty = loss >= tolerate
    if empty:
        enough = 0.0
    elif marginal > 0 and (w_alone - w_tol) / marginal <= q_star:
        enough = (w_alone - w_tol) / marginal
    else:
        enough = math.nan
    payoffs = {n.name: (n.payoff("hegemon"), n.payoff("allies")) for n in _leaves(tree)}
    return ThreatGame(
        tree,
        strategy,
        tuple(path),
        leaf.name,
        leaves,
        float(loss),
        float(tolerate),
        bool(empty),
        float(enough),
        float(demand),
        payoffs,
    )
