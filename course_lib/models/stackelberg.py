r"""The leadership trap: a hegemon that moves first in a free-rider alliance (Stackelberg).

A Stackelberg game. The hegemon ``H`` commits its defence spending
:math:`q_H \ge 0` first; the ``n`` allies then play the free-rider game of
:mod:`course_lib.models.free_rider` with :math:`q_H` as an outside
contribution. Ally ``i`` has income :math:`I_i` and taste for security
:math:`a_i`; write :math:`r_i = (1 - a_i)/a_i`. With ``C`` the set of allies who
still contribute, the alliance total is

.. math:: Q(q_H) = \frac{q_H + \sum_{i \in C} I_i}{1 + \sum_{i \in C} r_i},

a piecewise-linear, increasing function of :math:`q_H` whose slope, the
*crowding-out* coefficient

.. math:: \frac{dQ}{dq_H} = \frac{1}{1 + \sum_{i \in C} r_i},

is below 1 while any ally contributes: each dollar the hegemon adds displaces
part of a dollar of allied spending. Once :math:`q_H` is large enough, every
ally stops (``C`` is empty) and the slope is exactly 1.

The hegemon values three things.

* Deterrence succeeds with probability
  :math:`P(Q) = 1 / (1 + e^{-(Q - T)/s})`: ``T`` is the threat (the total at
  which deterrence is a coin flip) and ``s`` the uncertainty about it.
* Influence over the allies is its share of the burden, :math:`q_H / Q`.
* Spending costs ``c`` per unit.

.. math:: W(q_H) = V\,P(Q(q_H)) + \varphi\,\frac{q_H}{Q(q_H)} - c\,q_H,

with ``V`` the value of successful deterrence and :math:`\varphi` the value of
leading the alliance outright. Too little leadership and deterrence fails; too
much and the allies free-ride while the hegemon pays: the "damned if you do,
damned if you don't" curve. The optimum :math:`q_H^*` is found by a grid seed
followed by bounded refinement, because :math:`W` can have several local
maxima (crowding out makes it non-concave).

Blankenship's twin challenges: cutting :math:`q_H` by one unit saves
:math:`c` and loses :math:`\varphi\,d(q_H/Q)/dq_H` of influence. That loss is
largest when the allies carry everything, where it is :math:`\varphi / Q(0)`,
so a threshold beyond which shifting burden costs more influence than it saves
exists iff :math:`\varphi > c\,Q(0)` (:func:`twin_challenges`); the threat does
not enter. Richer allies, or allies with a higher taste for security, raise
:math:`Q(0)` and remove the threshold.

Units: money is measured in percent of U.S. GDP (U.S. GDP = 100), so
:math:`q_H = 3.4` is 3.4 % of U.S. GDP, the U.S. defence burden in 2024 (NATO).

References: M. Olson and R. Zeckhauser (1966), "An Economic Theory of
Alliances"; T. Bergstrom, L. Blume and H. Varian (1986), "On the Private
Provision of Public Goods"; D. Lake (1999), *Entangling Relations*;
G. Snyder (1984), "The Security Dilemma in Alliance Politics", *World
Politics* 36(4); B. Blankenship (2024), "The Burden-Sharing Dilemma in U.S.
Alliances", Lawfare; K. Boulding (1962), *Conflict and Defense*.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy import optimize, special

from course_lib.models import free_rider, public_good
from course_lib.models import validation as check

__all__ = [
    "Optimum",
    "TrapCurve",
    "TwinChallenges",
    "alliance_total",
    "allied_response",
    "crowding_out",
    "deterrence_probability",
    "hegemon_optimum",
    "influence",
    "leadership_payoff",
    "leadership_trap_curve",
    "twin_challenge_boundary",
    "twin_challenges",
]


# --------------------------------------------------------------------------- checks


def _allies(incomes, taste):
    incomes = check.incomes(incomes)
    return incomes, check.taste(taste, incomes.size)


def _spending(value, name: str = "hegemon_spending") -> float:
    return check.scalar(value, name, minimum=0.0)


class _Params(NamedTuple):
    incomes: np.ndarray
    taste: np.ndarray
    threat: float
    scale: float
    value: float
    influence_value: float
    cost: float


def _params(incomes, taste, threat, scale, value, influence_value, cost) -> _Params:
    incomes, taste = _allies(incomes, taste)
    return _Params(
        incomes,
        taste,
        check.scalar(threat, "threat", minimum=0.0),
        check.scalar(scale, "scale", minimum=0.0, strict=True),
        check.scalar(value, "value", minimum=0.0),
        check.scalar(influence_value, "influence_value", minimum=0.0),
        check.scalar(cost, "cost", minimum=0.0, strict=True),
    )


# --------------------------------------------------------------------------- the allies' answer


def allied_response(incomes, taste, hegemon_spending) -> np.ndarray:
    r"""Each ally's spending once the hegemon has committed :math:`q_H`.

    The allies play the Nash equilibrium of the free-rider game with the
    hegemon's spending as an outside contribution: this is
    ``free_rider.nash_contributions(incomes, taste, outside=hegemon_spending)``,
    the one equilibrium code path of the course.
    """
    incomes, taste = _allies(incomes, taste)
    q_h = _spending(hegemon_spending)
    return free_rider.nash_contributions(incomes, taste, outside=q_h)


def alliance_total(incomes, taste, hegemon_spending) -> float:
    r"""The alliance total :math:`Q(q_H) = q_H + \sum_i q_i^*(q_H)`."""
    q_h = _spending(hegemon_spending)
    return float(q_h + allied_response(incomes, taste, q_h).sum())


def crowding_out(incomes, taste, hegemon_spending) -> float:
    r"""How much one more unit of hegemon spending adds to the alliance total.

    .. math:: \frac{dQ}{dq_H} = \frac{1}{1 + \sum_{i \in C} r_i},
              \qquad r_i = \frac{1 - a_i}{a_i},

    with ``C`` the allies who contribute at :math:`q_H`. Strictly below 1
    while any ally contributes (the rest of the dollar is allied spending
    displaced), exactly 1 when none does. Where an ally is exactly at the point
    of dropping out this is the right-hand derivative.
    """
    incomes, taste = _allies(incomes, taste)
    q = allied_response(incomes, taste, hegemon_spending)
    r = (1.0 - taste) / taste
    return float(1.0 / (1.0 + r[q > 0.0].sum()))


def deterrence_probability(total, threat, scale=1.0):
    r"""Probability that the alliance deters the threat: :math:`P(Q) = 1/(1 + e^{-(Q - T)/s})`.

    ``total`` (:math:`Q \ge 0`) may be a number or an array; ``threat``
    (:math:`T \ge 0`) is the total at which deterrence is a coin flip and
    ``scale`` (:math:`s > 0`) how gradual the transition is.
    """
    threat = check.scalar(threat, "threat", minimum=0.0)
    scale = check.scalar(scale, "scale", minimum=0.0, strict=True)
    if np.ndim(total) == 0:
        q = check.scalar(total, "total", minimum=0.0)
        return float(special.expit((q - threat) / scale))
    q = check.vector(total, "total", minimum=0.0)
    return special.expit((q - threat) / scale)


def influence(hegemon_spending, total):
    r"""The hegemon's influence: its share of the burden, :math:`q_H / Q` (0 when :math:`Q = 0`).

    Works element-wise on arrays; ``total`` must be at least ``hegemon_spending``.
    """
    q_h = check.vector(hegemon_spending, "hegemon_spending", minimum=0.0)
    q = check.vector(total, "total", minimum=0.0)
    if q_h.size != q.size and 1 not in (q_h.size, q.size):
        raise ValueError(
            f"hegemon_spending and total must have the same length, got {q_h.size} and {q.size}"
        )
    q_h, q = np.broadcast_arrays(q_h, q)
    if np.any(q_h > q * (1 + 1e-12) + 1e-300):
        raise ValueError(
            "total must be at least hegemon_spending: the total includes the hegemon's own spending"
        )
    share = np.divide(q_h, q, out=np.zeros_like(q, dtype=float), where=q > 0)
    share = np.minimum(share, 1.0)
    return check.like_inputs(share, hegemon_spending, total)


def _state(q_h: float, p: _Params) -> tuple[float, float, float]:
    """(allied total, alliance total Q, crowding-out slope) at q_h; inputs already checked."""
    allied = public_good._nash(p.incomes, p.taste, float(q_h))  # nash_contributions, unchecked
    r = (1.0 - p.taste) / p.taste
    slope = float(1.0 / (1.0 + r[allied > 0.0].sum()))
    a = float(allied.sum())
    return a, q_h + a, slope


def _totals(q_h: np.ndarray, p: _Params) -> tuple[np.ndarray, np.ndarray]:
    """(allied totals, alliance totals Q) at every entry of ``q_h``: :func:`_state` on a grid.

    One Nash solve per entry, all at once (``public_good._nash_many``: the same steps as
    ``nash_contributions``, so each entry equals the one-at-a-time answer).
    """
    allied = public_good._nash_many(p.incomes, p.taste, q_h).sum(axis=1)
    return allied, q_h + allied


def _payoffs(q_h: np.ndarray, p: _Params) -> np.ndarray:
    """:func:`_payoff` at every entry of ``q_h`` (checked, >= 0), computed together."""
    _, total = _totals(q_h, p)
    share = np.divide(q_h, total, out=np.zeros_like(total), where=total > 0)
    prob = special.expit((total - p.threat) / p.scale)
    return p.value * prob + p.influence_value * share - p.cost * q_h


def _payoff(q_h: float, p: _Params) -> float:
    _, total, _ = _state(q_h, p)
    share = q_h / total if total > 0 else 0.0
    prob = special.expit((total - p.threat) / p.scale)
    return p.value * prob + p.influence_value * share - p.cost * q_h


def leadership_payoff(
    hegemon_spending, incomes, taste, threat, scale=1.0, value=20.0, influence_value=2.0, cost=1.0
):
    r"""The hegemon's payoff :math:`W(q_H) = V P(Q(q_H)) + \varphi\, q_H/Q(q_H) - c\, q_H`.

    Parameters
    ----------
    hegemon_spending : float or array_like
        :math:`q_H \ge 0`; an array gives the payoff curve.
    incomes, taste : array_like, float or array_like
        The allies (as in :func:`free_rider.nash_contributions`).
    threat : float
        :math:`T \ge 0`.
    scale : float
        :math:`s > 0`.
    value : float
        :math:`V \ge 0`, the value of successful deterrence.
    influence_value : float
        :math:`\varphi \ge 0`, the value of carrying the whole burden (full influence).
    cost : float
        :math:`c > 0`, the cost of one unit of spending.
    """
    p = _params(incomes, taste, threat, scale, value, influence_value, cost)
    if np.ndim(hegemon_spending) == 0:
        return _payoff(_spending(hegemon_spending), p)
    q = check.vector(hegemon_spending, "hegemon_spending", minimum=0.0)
    return _payoffs(q, p)


# --------------------------------------------------------------------------- the optimum


class Optimum(NamedTuple):
    """The hegemon's best commitment and what the alliance looks like there."""

    spending: float  #: q_H*
    payoff: float  #: W(q_H*)
    total: float  #: Q(q_H*)
    allied_spending: float  #: Q - q_H*
    allied_share: float  #: (Q - q_H*) / Q, the allies' share of the burden
    probability: float  #: P(Q), deterrence succeeds
    influence: float  #: q_H* / Q
    crowding_out: float  #: dQ/dq_H at q_H*


def _upper_bound(p: _Params, max_spending) -> float:
    """A spending level beyond which the payoff can only fall.

    Past the largest allied threshold :math:`\\max_i I_i/r_i` every ally has
    stopped, so :math:`Q = q_H`, the share is 1 and :math:`W' = V P'(q_H) - c`.
    The logistic density is below :math:`e^{-x}/s` at :math:`x = (Q-T)/s`, so
    :math:`W' < 0` once :math:`x > \\ln(V/(c s))`.
    """
    if max_spending is not None:
        return check.scalar(max_spending, "max_spending", minimum=0.0, strict=True)
    r = (1.0 - p.taste) / p.taste
    thresholds = p.incomes / r
    slack = math.log(p.value / (p.cost * p.scale)) if p.value > p.cost * p.scale else 0.0
    upper = max(float(thresholds.max()), p.threat + p.scale * slack)
    return 1.02 * upper + p.scale


def _optimise(p: _Params, upper: float, grid_points: int = 241) -> tuple[float, float]:
    """Maximise W on [0, upper]: a grid seed, then bounded refinement around the best grid points."""
    # Features of W are at least s wide in q_H (dQ/dq_H <= 1): keep the grid finer than s/3.
    n = int(min(4001, max(grid_points, math.ceil(3.0 * upper / p.scale) + 1)))
    grid = np.linspace(0.0, upper, n)
    values = _payoffs(grid, p)
    best_x, best_w = float(grid[int(np.argmax(values))]), float(values.max())
    # Local maxima of the grid, the two ends included: a peak within one grid step
    # of q_H = 0 (or of the upper end) shows up as a maximum at the end point.
    padded = np.concatenate(([-np.inf], values, [-np.inf]))
    peaks = np.flatnonzero((values >= padded[:-2]) & (values >= padded[2:]))
    candidates = peaks[np.argsort(-values[peaks])][:3]
    for i in candidates:
        res = optimize.minimize_scalar(
            lambda x: -_payoff(x, p),
            bounds=(grid[max(i - 1, 0)], grid[min(i + 1, n - 1)]),
            method="bounded",
            options={"xatol": 1e-10 * max(upper, 1.0)},
        )
        if -res.fun > best_w:
            best_x, best_w = float(res.x), float(-res.fun)
    return best_x, best_w


def hegemon_optimum(
    incomes, taste, threat, scale=1.0, value=20.0, influence_value=2.0, cost=1.0, max_spending=None
) -> Optimum:
    r"""The hegemon's best commitment :math:`q_H^* = \arg\max_{q_H \ge 0} W(q_H)`.

    :math:`W` is not concave (crowding out bends it at every point where an
    ally stops contributing, and :math:`P` is S-shaped), so the search is
    global: a grid over :math:`[0, \bar q]` finer than a third of ``scale``
    (241 to 4,001 points), then bounded Brent refinement around the three best
    local maxima of the grid (an end point counts when it beats its neighbour:
    a peak within one step of :math:`q_H = 0` shows up there). Without
    ``max_spending``, :math:`\bar q` is a level beyond which :math:`W` can only
    fall (every ally has stopped and the deterrence gain of one more unit is
    below its cost), so the answer is the global optimum.
    """
    p = _params(incomes, taste, threat, scale, value, influence_value, cost)
    upper = _upper_bound(p, max_spending)
    q_h, w = _optimise(p, upper)
    allied, total, slope = _state(q_h, p)
    share = q_h / total if total > 0 else 0.0
    return Optimum(
        q_h,
        w,
        total,
        allied,
        1.0 - share if total > 0 else 0.0,
        float(special.expit((total - p.threat) / p.scale)),
        share,
        slope,
    )


# --------------------------------------------------------------------------- damned if you do


class TrapCurve(NamedTuple):
    """The "damned if you do, damned if you don't" curve, as arrays over the hegemon's spending.

    ``loss = payoff(optimum) - payoff >= 0`` is what leadership away from the
    optimum costs. It splits exactly into
    ``loss = deterrence_lost + influence_lost - spending_saved``, each relative
    to the optimum: to the left (too little leadership) deterrence and influence
    are lost and some spending saved; to the right (too much) the signs flip and
    the extra spending mostly replaces allied spending (``allied_crowded_out``).
    """

    spending: np.ndarray
    payoff: np.ndarray
    total: np.ndarray
    allied_spending: np.ndarray
    probability: np.ndarray
    influence: np.ndarray
    deterrence_value: np.ndarray  #: V P(Q)
    influence_payoff: np.ndarray  #: phi q_H / Q
    spending_cost: np.ndarray  #: c q_H
    loss: np.ndarray
    deterrence_lost: np.ndarray
    influence_lost: np.ndarray
    spending_saved: np.ndarray
    allied_crowded_out: np.ndarray  #: allied spending at the optimum minus allied spending here
    too_little: np.ndarray  #: bool mask: spending below the optimum
    too_much: np.ndarray  #: bool mask: spending above the optimum
    optimum: Optimum


def leadership_trap_curve(
    incomes,
    taste,
    threat,
    scale=1.0,
    value=20.0,
    influence_value=2.0,
    cost=1.0,
    max_spending=None,
    points: int = 161,
) -> TrapCurve:
    r"""The hegemon's payoff and what too little and too much leadership each cost.

    Evaluates :math:`W` and its parts on ``points`` spending levels from 0 to
    a level past the optimum (``max_spending`` or twice the optimum, at least
    the threat plus four times the scale), with the optimum itself included.
    """
    p = _params(incomes, taste, threat, scale, value, influence_value, cost)
    points = check.integer(points, "points", minimum=3, maximum=20_001)
    best = hegemon_optimum(*p, max_spending=max_spending)
    if max_spending is None:
        top = max(2.0 * best.spending, p.threat + 4.0 * p.scale, best.spending + 4.0 * p.scale)
    else:
        top = check.scalar(max_spending, "max_spending", minimum=0.0, strict=True)
    q = np.union1d(np.linspace(0.0, top, points), [best.spending])
    allied, total = _totals(q, p)
    share = np.divide(q, total, out=np.zeros_like(q), where=total > 0)
    prob = special.expit((total - p.threat) / p.scale)
    det = p.value * prob
    inf = p.influence_value * share
    spend = p.cost * q
    payoff = det + inf - spend
    det_star = p.value * best.probability
    inf_star = p.influence_value * best.influence
    return TrapCurve(
        spending=q,
        payoff=payoff,
        total=total,
        allied_spending=allied,
        probability=prob,
        influence=share,
        deterrence_value=det,
        influence_payoff=inf,
        spending_cost=spend,
        loss=np.maximum(best.payoff - payoff, 0.0),
        deterrence_lost=det_star - det,
        influence_lost=inf_star - inf,
        spending_saved=p.cost * (best.spending - q),
        allied_crowded_out=best.allied_spending - allied,
        too_little=q < best.spending,
        too_much=q > best.spending,
        optimum=best,
    )


# --------------------------------------------------------------------------- twin challenges


class TwinChallenges(NamedTuple):
    """Blankenship's twin challenges along the allies' reaction.

    Cutting the hegemon's spending by one unit saves ``cost`` and costs
    ``phi * d(q_H/Q)/dq_H`` in influence. The marginal influence loss grows as
    the allies carry more of the burden and is largest, ``phi / Q(0)``, when
    they carry all of it. So a threshold exists iff ``phi > cost * Q(0)``
    (``threshold_exists``), with ``Q(0)`` what the allies field on their own
    (``allied_alone``); the threat does not enter. ``threshold_share`` is the
    allies' burden share beyond which the influence loss exceeds the saving
    (1.0 if it never does).
    """

    threshold_share: float  #: allies' share of the burden where influence loss = saving
    threshold_spending: float  #: the hegemon's spending there
    spending: np.ndarray  #: grid of hegemon spending
    allied_share: np.ndarray  #: allies' share of the burden, 1 - q_H/Q
    marginal_influence_loss: np.ndarray  #: phi * d(q_H/Q)/dq_H
    marginal_saving: np.ndarray  #: cost (constant)
    allied_alone: float = math.nan  #: Q(0), the allies' own Nash total without the hegemon
    influence_bound: float = math.nan  #: cost * Q(0): phi must exceed it for a threshold to exist
    threshold_exists: bool = False  #: phi > cost * Q(0)


def _share_slope(q_h: float, p: _Params) -> float:
    r"""Right derivative of :math:`q_H/Q`: :math:`(Q - q_H\,Q')/Q^2`; infinite at 0 if no ally spends."""
    _, total, slope = _state(q_h, p)
    if total <= 0.0:
        return math.inf
    return max(total - q_h * slope, 0.0) / total**2


def twin_challenges(
    incomes, taste, influence_value=2.0, cost=1.0, points: int = 161
) -> TwinChallenges:
    r"""The allies' burden share at which the hegemon's influence loss outweighs its saving.

    Along the allies' reaction, the hegemon's share :math:`h = q_H/Q` has slope

    .. math:: \frac{dh}{dq_H} = \frac{Q - q_H\, Q'}{Q^2}
              = \frac{A_0}{Q^2}, \qquad A_0 = \frac{\sum_C I_i}{1 + \sum_C r_i},

    which falls as :math:`q_H` rises (and jumps down where an ally stops). A
    one-unit cut in :math:`q_H` saves :math:`c` and loses
    :math:`\varphi\, dh/dq_H` in influence. The loss outweighs the saving once
    the allies' share :math:`1 - h` exceeds the returned ``threshold_share``
    (with a fixed set of contributors, where :math:`Q = \sqrt{\varphi A_0 / c}`).
    Found by bisection on :math:`q_H`, since the marginal loss is monotone.

    **When a threshold exists.** The marginal loss is largest when the allies
    carry everything (:math:`q_H = 0`), where :math:`A_0 = Q(0)` and it equals
    :math:`\varphi / Q(0)`, :math:`Q(0)` being the allies' own Nash total. So

    .. math:: \text{a threshold exists} \iff \varphi > c\, Q(0).

    The threat :math:`T` (and the uncertainty :math:`s`) do not enter: this is
    a comparison of influence with money along the allies' reaction, whatever
    deterrence is worth, which is why the function has no threat argument.
    Richer allies, or allies with a higher taste for security, field more on
    their own (:math:`Q(0)` is increasing in both and proportional to
    incomes), so they remove the threshold; a higher cost per unit :math:`c`
    removes it too, and a higher value of influence :math:`\varphi` creates it.
    The result reports :math:`Q(0)` (``allied_alone``), :math:`c\,Q(0)`
    (``influence_bound``) and the verdict (``threshold_exists``).
    """
    incomes, taste = _allies(incomes, taste)
    p = _Params(
        incomes,
        taste,
        0.0,
        1.0,
        0.0,
        check.scalar(influence_value, "influence_value", minimum=0.0),
        check.scalar(cost, "cost", minimum=0.0, strict=True),
    )
    points = check.integer(points, "points", minimum=3, maximum=20_001)
    r = (1.0 - taste) / taste
    top = float((incomes / r).max())  # every ally has stopped beyond this: the share is 1
    phi, c = p.influence_value, p.cost
    alone = float(free_rider.nash_contributions(incomes, taste).sum())
    exists = bool(phi > c * alone)

    def excess(x):
        return phi * _share_slope(x, p) - c

    if top <= 0.0 or not exists:
        q_star = 0.0
        share_star = 1.0 if top > 0.0 else 0.0
    else:
        lo, hi = 0.0, top
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            if excess(mid) > 0.0:
                lo = mid
            else:
                hi = mid
        q_star = hi
        _, total, _ = _state(q_star, p)
        share_star = min(1.0 - q_star / total, 1.0 - 1e-15)
    # Up to the point where the last ally stops (beyond it the allies' share is 0).
    grid = np.linspace(0.0, top, points, endpoint=False) if top > 0 else np.zeros(1)
    states = [_state(x, p) for x in grid]
    total = np.array([s[1] for s in states])
    allied_share = np.divide(total - grid, total, out=np.zeros_like(grid), where=total > 0)
    slopes = np.array([_share_slope(x, p) for x in grid])
    return TwinChallenges(
        float(share_star),
        float(q_star),
        grid,
        allied_share,
        phi * slopes,
        np.full_like(grid, c),
        alone,
        float(c * alone),
        exists,
    )


def twin_challenge_boundary(incomes, tastes, cost=1.0) -> np.ndarray:
    r"""The value of influence above which a twin-challenge threshold exists, for each common taste.

    For every taste :math:`a` in ``tastes`` (one taste shared by all allies,
    each in (0, 1)), returns :math:`c\,Q(0; a)`: the allies' own Nash total
    without the hegemon, times the cost per unit. A threshold exists exactly
    when :math:`\varphi` is above it (see :func:`twin_challenges`). The
    boundary rises with the taste and is proportional to the allies' incomes
    and to :math:`c`; the threat does not enter.
    """
    incomes = check.incomes(incomes)
    tastes = check.vector(tastes, "tastes", minimum=0.0, strict=True, maximum=1.0, strict_max=True)
    cost = check.scalar(cost, "cost", minimum=0.0, strict=True)
    return np.array([cost * free_rider.nash_total(incomes, float(a)) for a in tastes])
