r"""The hegemon's two decisions about allies who ride free: stay or leave, press or tolerate.

The hegemon is one ally of the public-good game of
:mod:`course_lib.models.public_good`. Comparing its utility inside the
alliance's Nash equilibrium, with every ally paying a fair share, and alone,
gives the cost of free riding :math:`F` and the cost of collapse :math:`K`.
It stays iff :math:`K \ge 0`, and it tolerates free riding iff pressing does
not pay in expectation when pressing breaks the alliance with probability ``p``:

.. math:: (1 - p)\, F \;\le\; p\, K \iff p \;\ge\; p^* = \frac{F}{F + K}.

See :func:`us_calculation`; :func:`us_calculation_state` is what lesson 1's
press-or-tolerate explorer shows.

Reference: T. Schelling (1960), *The Strategy of Conflict*, ch. 8 ("the
threat that leaves something to chance").
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from course_lib.models import validation as check
from course_lib.models.public_good import nash_contributions, utility

__all__ = [
    "COLLAPSE_RISK",
    "THREAT_ALONE_GRID",
    "USCalculation",
    "USCalculationState",
    "us_calculation",
    "us_calculation_state",
]


#: Default chance that pressing breaks the alliance (see :func:`us_calculation`).
COLLAPSE_RISK = 0.5


class USCalculation(NamedTuple):
    """The hegemon's two decisions about a free-riding alliance: stay or leave, press or tolerate.

    All utilities are in income units (Cobb-Douglas with exponents summing to one).
    """

    utility_inside: float  #: hegemon's utility in the Nash equilibrium of the alliance
    utility_fair_share: float  #: if every ally matched the hegemon's burden
    utility_alone: float  #: facing the threat alone
    cost_of_free_riding: float  #: fair share minus inside (>= 0)
    cost_of_collapse: float  #: inside minus alone (>= 0 when threat_alone >= 1)
    stays: bool  #: inside >= alone: walking away does not pay
    tolerates: bool  #: (1 - p) * cost_of_free_riding <= p * cost_of_collapse
    breakeven_risk: float  #: the collapse risk at which pressing and tolerating are equal
    collapse_risk: float  #: p, the chance that pressing breaks the alliance


def _clamp(value: float, scale: float) -> float:
    """``value`` set to exactly 0 when it is within round-off (a few ulps of ``scale``) of 0."""
    return 0.0 if abs(value) <= 16.0 * np.finfo(float).eps * scale else value


def us_calculation(
    incomes,
    taste,
    hegemon: int = 0,
    threat_alone: float = 1.5,
    *,
    collapse_risk: float = COLLAPSE_RISK,
) -> USCalculation:
    r"""The U.S. calculation: two decisions about allies who ride free.

    The hegemon is ally ``hegemon`` of the Nash game. Three situations:

    * **Inside**: everybody plays the Nash equilibrium; the hegemon gets
      :math:`U_{in} = U_H(q^*)`.
    * **Fair share**: the hegemon keeps :math:`q_H^*` and every other ally spends
      at least the hegemon's share of income,
      :math:`q_j = \max(q_j^*, (q_H^*/I_H) I_j)`; the hegemon gets :math:`U_{fair}`.
    * **Alone**: the allies contribute nothing and the threat is harder to meet:
      without the allies' territory, bases and forces each dollar buys only
      :math:`1/m` of the security (``threat_alone`` :math:`= m \ge 1`). The
      hegemon then spends :math:`a_H I_H` and gets
      :math:`U_{alone} = (1-a_H)^{1-a_H} a_H^{a_H} I_H / m^{a_H}`.

    The **cost of free riding** is :math:`F = U_{fair} - U_{in} \ge 0` (the
    allies' extra spending only adds to :math:`Q`); the **cost of collapse** is
    :math:`K = U_{in} - U_{alone}`.

    *Decision 1, stay or leave* (``stays``): the hegemon stays iff
    :math:`U_{in} \ge U_{alone}`, i.e. :math:`K \ge 0`. With :math:`m \ge 1`
    this always holds: inside, the hegemon could spend :math:`a_H I_H`, exactly
    what it spends alone, and would then enjoy at least as much security (the
    allies add to :math:`Q`, and a dollar buys no less than alone); its best
    response does at least as well. So in this model walking away never pays,
    and a threat to leave is empty (lesson 2's threat game reaches the same
    verdict by backward induction unless staying carries a cost of its own).

    *Decision 2, press or tolerate* (``tolerates``): pressing is a gamble. With
    probability :math:`1 - p` the allies move to the fair share (gain :math:`F`);
    with probability :math:`p` the quarrel breaks the alliance (loss :math:`K`):
    not because the hegemon chooses to leave, but because pressure it does not
    fully control (public ultimatums, withheld guarantees, allies hedging)
    can end in a break nobody wanted, Schelling's "threat that leaves
    something to chance". The hegemon tolerates free riding iff pressing does
    not pay in expectation,

    .. math:: (1 - p)\, F \;\le\; p\, K
              \iff p \;\ge\; p^* = \frac{F}{F + K},

    ``breakeven_risk`` :math:`= p^*`, the collapse risk above which free riding
    is tolerated. This is the seed's "the cost of an ally free-riding is less
    than the cost of the alliance collapsing", made exact: the two costs are
    weighed by their chances. When :math:`F = K = 0` nothing is at stake and
    :math:`p^* = 0` (tolerating is never worse); when only :math:`K = 0`,
    :math:`p^* = 1` (pressing risks nothing, so only a certain collapse deters it).

    Parameters
    ----------
    incomes, taste
        The alliance, as for :func:`nash_contributions`.
    hegemon : int
        Index of the hegemon among the allies.
    threat_alone : float >= 1
        :math:`m`, how much harder the threat is to meet alone.
    collapse_risk : float in [0, 1], keyword only, default 0.5
        :math:`p`, the chance that pressing breaks the alliance. The default
        weighs the two costs equally, which is the seed's comparison read
        literally (tolerate iff :math:`F \le K`); no pressing campaign has yet
        broken NATO, so the course's data cannot pin :math:`p` down, and the
        lesson reads the decision for every :math:`p` from ``breakeven_risk``.

    Costs within round-off of zero (a few ulps of the utilities) are set to
    exactly 0, so one ally alone gives :math:`K = 0`, not :math:`-9 \times 10^{-16}`.
    """
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    hegemon = check.integer(hegemon, "hegemon", minimum=0, maximum=incomes.size - 1)
    m = check.scalar(threat_alone, "threat_alone", minimum=1.0)
    p = check.probability(collapse_risk, "collapse_risk")
    if incomes[hegemon] <= 0:
        raise ValueError("incomes[hegemon] must be > 0: the hegemon needs an income")
    q = nash_contributions(incomes, taste)
    inside = float(utility(q, incomes, taste)[hegemon])
    fair = np.maximum(q, incomes * (q[hegemon] / incomes[hegemon]))
    fair[hegemon] = q[hegemon]
    fair_u = float(utility(fair, incomes, taste)[hegemon])
    a = taste[hegemon]
    alone = float((1.0 - a) ** (1.0 - a) * a**a * incomes[hegemon] / m**a)
    scale = max(abs(inside), abs(fair_u), abs(alone))
    cost_free = _clamp(fair_u - inside, scale)
    cost_collapse = _clamp(inside - alone, scale)
    at_stake = cost_free + cost_collapse
    breakeven = cost_free / at_stake if at_stake > 0 else 0.0
    breakeven = min(max(breakeven, 0.0), 1.0)
    return USCalculation(
        inside,
        fair_u,
        alone,
        float(cost_free),
        float(cost_collapse),
        stays=bool(cost_collapse >= 0.0),
        tolerates=bool(p >= breakeven),
        breakeven_risk=float(breakeven),
        collapse_risk=p,
    )


#: The threats alone ``m`` over which the press-or-tolerate explorer draws the breakeven risk.
THREAT_ALONE_GRID = np.linspace(1.0, 4.0, 61)
THREAT_ALONE_GRID.flags.writeable = False


class USCalculationState(NamedTuple):
    """What the press-or-tolerate explorer shows (see :func:`us_calculation_state`)."""

    threat_alone: np.ndarray  #: the grid of m, THREAT_ALONE_GRID
    breakeven: np.ndarray  #: breakeven collapse risk for each m
    calculation: USCalculation  #: the calculation at the chosen m and p
    current: tuple  #: (m, p, breakeven risk, tolerates) at the chosen setting


def us_calculation_state(
    incomes, hegemon: int, taste: float, threat_alone: float, collapse_risk: float
) -> USCalculationState:
    """:func:`us_calculation` over :data:`THREAT_ALONE_GRID` (the breakeven curve) and at one
    setting of the threat alone ``m`` and the collapse risk ``p``."""
    curve = [
        us_calculation(incomes, taste, hegemon=hegemon, threat_alone=m) for m in THREAT_ALONE_GRID
    ]
    calc = us_calculation(
        incomes, taste, hegemon=hegemon, threat_alone=threat_alone, collapse_risk=collapse_risk
    )
    return USCalculationState(
        THREAT_ALONE_GRID,
        np.array([c.breakeven_risk for c in curve]),
        calc,
        (float(threat_alone), float(collapse_risk), calc.breakeven_risk, calc.tolerates),
    )
