r"""The free-rider dilemma (lesson 1): Olson and Zeckhauser's alliance as a public-good game.

The game itself (best responses, the Nash equilibrium, the Pareto optimum,
utilities and burdens) is in :mod:`course_lib.models.public_good`, and the
hegemon's stay-or-leave and press-or-tolerate decisions are in
:mod:`course_lib.models.hegemon_decisions`; this module re-exports both, so
``from course_lib.models import free_rider as fr`` gives every name of the
lesson (the functions are the same objects). It adds Olson and Zeckhauser's
rank test, the alliances the lesson builds (unequal incomes, frontline allies
hit by a threat shock, the shortfall by alliance size) and the states of the
lesson's explorers.

References: M. Olson and R. Zeckhauser (1966), "An Economic Theory of
Alliances", *Review of Economics and Statistics* 48(3).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
from scipy import special

from course_lib.models import validation as check
from course_lib.models.hegemon_decisions import (
    COLLAPSE_RISK,
    THREAT_ALONE_GRID,
    USCalculation,
    USCalculationState,
    us_calculation,
    us_calculation_state,
)
from course_lib.models.public_good import (
    best_response,
    best_response_dynamics,
    burden,
    nash_contributions,
    nash_total,
    pareto_optimal_total,
    symmetric_nash_total,
    utility,
)

__all__ = [
    "nash_contributions",
    "nash_total",
    "best_response",
    "best_response_dynamics",
    "pareto_optimal_total",
    "symmetric_nash_total",
    "utility",
    "burden",
    "exploitation_test",
    "ExploitationTest",
    "USCalculation",
    "us_calculation",
    "threat_shock",
    "gap_by_size",
    "alliance_incomes",
    "frontline_allies",
    "frontline_count",
    "COLLAPSE_RISK",
    "AllianceState",
    "BEST_RESPONSE_MODES",
    "BEST_RESPONSE_ROUNDS",
    "BestResponseState",
    "GAP_SIZES",
    "THREAT_ALONE_GRID",
    "USCalculationState",
    "alliance_state",
    "best_response_state",
    "us_calculation_state",
]


class ExploitationTest(NamedTuple):
    """Result of Olson and Zeckhauser's rank test."""

    correlation: float
    pvalue: float
    n: int


def exploitation_test(gdp, spending_share) -> ExploitationTest:
    """Olson and Zeckhauser's "exploitation of the great by the small" test.

    Spearman's rank correlation between economic size (``gdp``) and defence
    burden (``spending_share``, e.g. % of GDP), with its two-sided permutation
    p-value: the share of all pairings of the sizes with the burdens whose rank
    correlation is at least as far from zero (every pairing for a small
    membership, else seeded random ones; see
    :func:`course_lib.models.evidence.rank_correlation_test`, which does the
    work). The allies are a whole population, not a sample, so the p-value is
    a statement about random pairings of size and burden, not about sampling.
    The theory predicts a positive correlation: the large carry a heavier
    burden. Needs at least three allies and some variation in each variable.
    """
    gdp = check.vector(gdp, "gdp", minimum=0.0, strict=True)
    share = check.vector(spending_share, "spending_share", minimum=0.0)
    check.same_length("gdp", gdp, "spending_share", share)
    if gdp.size < 3:
        raise ValueError(f"gdp must have at least 3 allies for a rank test, got {gdp.size}")
    for name, values in (("gdp", gdp), ("spending_share", share)):
        if np.all(values == values[0]):
            raise ValueError(f"{name} must not be constant: a rank correlation needs variation")
    from course_lib.models import evidence  # the data side of the course; imported only when used

    result = evidence.exploitation_test(gdp, share)
    return ExploitationTest(float(result.correlation), float(result.pvalue), int(result.n))


def threat_shock(taste, frontline, shock: float, n: int | None = None) -> np.ndarray:
    r"""Raise the taste for security of frontline allies after a direct threat.

    Each frontline ally's taste moves a fraction ``shock`` of the way to 1:
    :math:`a_i' = a_i + \text{shock}\,(1 - a_i)`, so it stays in (0, 1).

    Parameters
    ----------
    taste : float or array_like
        Tastes before the shock (one number needs ``n``).
    frontline : array_like of bool, shape (n,), or of int indices
        Which allies face the threat directly.
    shock : float in [0, 1)
    """
    if n is None:
        n = np.size(taste)
    n = check.integer(n, "n", minimum=1)
    taste = check.taste(taste, n)
    shock = check.scalar(shock, "shock", minimum=0.0, maximum=1.0, strict_max=True)
    mask = _frontline_mask(frontline, n)
    out = taste.copy()
    out[mask] = taste[mask] + shock * (1.0 - taste[mask])
    return out


def frontline_allies(n: int, share: float) -> np.ndarray:
    r"""Which of ``n`` allies (ordered smallest income first) face the threat directly.

    The largest ally (the last: the hegemon across the ocean) is never on the
    frontline. Of the other ``n - 1``, :math:`\lfloor s (n-1) + \tfrac12 \rfloor`
    are chosen (``share`` :math:`= s`, rounded half up: a share of 0.5 of 1, 3
    and 5 others picks 1, 2 and 3; the product is first rounded to nine decimals,
    so a slider's 0.35 of 10 counts as the 3.5 it means and picks 4), evenly
    across the income ranks, so the frontline has small and large members.
    Returns a boolean mask for :func:`threat_shock`.
    """
    n = check.integer(n, "n", minimum=1)
    share = check.scalar(share, "share", minimum=0.0, maximum=1.0)
    others = n - 1
    m = frontline_count(n, share)
    mask = np.zeros(n, dtype=bool)
    if m > 0:
        mask[np.floor((np.arange(m) + 0.5) * others / m).astype(int)] = True
    return mask


def frontline_count(n: int, share: float) -> int:
    """How many of the ``n - 1`` allies other than the largest :func:`frontline_allies` picks.

    ``share * (n - 1)`` rounded half up (after rounding the product to nine
    decimals, so that decimal shares such as 0.35 behave as written).
    """
    n = check.integer(n, "n", minimum=1)
    share = check.scalar(share, "share", minimum=0.0, maximum=1.0)
    return int(math.floor(round(share * (n - 1), 9) + 0.5))


def _frontline_mask(frontline, n: int) -> np.ndarray:
    arr = np.asarray(frontline)
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(
                f"frontline must be {n} booleans (one per ally), got shape {arr.shape}"
            )
        return arr
    if arr.size == 0:
        return np.zeros(n, dtype=bool)
    if not np.issubdtype(arr.dtype, np.integer) or arr.ndim != 1:
        raise ValueError("frontline must be a boolean mask or a list of ally indices")
    if np.any((arr < 0) | (arr >= n)):
        raise ValueError(f"frontline indices must be between 0 and {n - 1}, got {arr.tolist()}")
    mask = np.zeros(n, dtype=bool)
    mask[arr] = True
    return mask


def gap_by_size(sizes, income: float, taste: float) -> dict[str, np.ndarray]:
    r"""Equilibrium total against the Pareto optimum for identical alliances of each size.

    Returns arrays ``n``, ``nash`` (:math:`nI/(1+nr)`), ``optimum`` (:math:`anI`)
    and ``gap`` (optimum minus Nash), which grows with ``n``.
    """
    sizes = check.vector(sizes, "sizes", minimum=1.0)
    if np.any(sizes != np.round(sizes)):
        raise ValueError("sizes must be whole numbers of allies (>= 1)")
    income = check.scalar(income, "income", minimum=0.0)
    a = check.scalar(taste, "taste", minimum=0.0, strict=True, maximum=1.0, strict_max=True)
    r = (1.0 - a) / a
    nash = sizes * income / (1.0 + sizes * r)
    optimum = a * sizes * income
    return {"n": sizes.astype(int), "nash": nash, "optimum": optimum, "gap": optimum - nash}


def alliance_incomes(n: int, inequality: float) -> np.ndarray:
    r"""Incomes of ``n`` allies spread like a lognormal distribution, with no randomness.

    Ally ``k`` (``k = 1..n``, smallest first) gets the ``k``-th of ``n`` evenly
    spaced quantiles of a lognormal with log-spread :math:`\sigma` (``inequality``),
    rescaled so that mean income is 1:

    .. math:: I_k = e^{\sigma z_k} \Big/ \tfrac1n \sum_j e^{\sigma z_j},
              \qquad z_k = \Phi^{-1}\!\left(\frac{k - 1/2}{n}\right),

    with :math:`\Phi` the standard normal distribution function. The same
    arguments always give the same incomes, so an explorer can redraw them on
    every slider move. :math:`\sigma = 0` gives identical allies; the 14 NATO
    members with SIPRI data for 1964 had a log-spread of GDP of about 1.7.

    Parameters
    ----------
    n : int >= 1
        Number of allies.
    inequality : float in [0, 5]
        Standard deviation :math:`\sigma` of log income.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Incomes in ascending order, mean 1.
    """
    n = check.integer(n, "n", minimum=1)
    sigma = check.scalar(inequality, "inequality", minimum=0.0, maximum=5.0)
    z = special.ndtri((np.arange(n) + 0.5) / n)  # the standard normal's quantiles
    incomes = np.exp(sigma * z)
    return incomes / incomes.mean()


# --------------------------------------------------------------------------- the explorers' states
# Each explorer of lesson 1 shows one of these: the model's whole answer for one setting
# of its controls (the keyword arguments are the controls' names).

#: Alliance sizes of the free-rider explorer's shortfall curve.
GAP_SIZES = np.arange(1, 41)
#: Rounds of play the best-response explorer shows.
BEST_RESPONSE_ROUNDS = 150
#: The best-response explorer's ways of playing: label -> (mode, step) of ``best_response_dynamics``.
BEST_RESPONSE_MODES = {
    "sequential (one ally after another)": ("sequential", None),
    "simultaneous, full step (step = 1)": ("simultaneous", 1.0),
    "simultaneous, safe small step": ("simultaneous", None),
}


def _frozen(arr) -> np.ndarray:
    arr = np.array(arr, dtype=float)
    arr.flags.writeable = False
    return arr


class AllianceState(NamedTuple):
    """What the free-rider explorer shows for one alliance (see :func:`alliance_state`)."""

    incomes: np.ndarray  #: I_i, ascending, mean 1
    frontline: np.ndarray  #: bool, the allies facing the threat directly
    tastes: np.ndarray  #: a_i after the threat shock
    spending: np.ndarray  #: q_i*, the Nash equilibrium
    burden_pct: np.ndarray  #: 100 q_i*/I_i
    gap: dict  #: ``gap_by_size(GAP_SIZES, 1, taste)``: identical allies of each size
    current: tuple  #: (n, Q*, Pareto-optimal total) of this alliance


def alliance_state(
    allies: int, inequality: float, taste: float, frontline: float, shock: float
) -> AllianceState:
    """The Nash equilibrium of ``allies`` allies with incomes spread by ``inequality``
    (:func:`alliance_incomes`), a common ``taste`` moved towards 1 by ``shock`` for the
    ``frontline`` share of them (:func:`threat_shock`), and the shortfall curve of
    identical alliances of 1-40 members with that taste."""
    allies = check.integer(allies, "allies", minimum=1)
    taste = check.scalar(taste, "taste", minimum=0.0, strict=True, maximum=1.0, strict_max=True)
    incomes = alliance_incomes(allies, inequality)
    front = frontline_allies(allies, frontline)
    tastes = threat_shock(taste, front, shock, allies)
    q = nash_contributions(incomes, tastes)
    return AllianceState(
        incomes,
        front,
        tastes,
        q,
        100.0 * burden(q, incomes),
        gap_by_size(GAP_SIZES, 1.0, taste),
        (allies, float(q.sum()), pareto_optimal_total(incomes, tastes)),
    )


class BestResponseState(NamedTuple):
    """What the best-response explorer shows (see :func:`best_response_state`)."""

    incomes: np.ndarray  #: I_i, ascending
    path: np.ndarray  #: spending by round, shape (BEST_RESPONSE_ROUNDS + 1, n); read-only
    equilibrium: np.ndarray  #: q_i*, read-only
    label: str  #: the way of playing, for the figure's title
    shown_round: int  #: the round the bar chart shows


def _best_response_mode(mode: str) -> tuple[str, float | None]:
    if mode not in BEST_RESPONSE_MODES:
        raise ValueError(f"mode must be one of {list(BEST_RESPONSE_MODES)}, got {mode!r}")
    return BEST_RESPONSE_MODES[mode]


@functools.lru_cache(maxsize=32)
def _best_response_path(mode: str, allies: int, inequality: float, taste: float):
    kind, step = _best_response_mode(mode)
    incomes = alliance_incomes(allies, inequality)
    path = best_response_dynamics(
        incomes, taste, mode=kind, step=step, tol=1e-9, max_rounds=BEST_RESPONSE_ROUNDS
    )
    if len(path) < BEST_RESPONSE_ROUNDS + 1:  # settled early: it stays put for the remaining rounds
        path = np.vstack([path, np.repeat(path[-1:], BEST_RESPONSE_ROUNDS + 1 - len(path), axis=0)])
    return _frozen(incomes), _frozen(path), _frozen(nash_contributions(incomes, taste))


def best_response_state(
    mode: str, allies: int, inequality: float, taste: float, round: int = 0
) -> BestResponseState:  # noqa: A002 - the control's name
    """``BEST_RESPONSE_ROUNDS`` rounds of best-response play (a key of
    :data:`BEST_RESPONSE_MODES`) among ``allies`` allies of common ``taste``, and the
    round shown. The path is computed once per setting (cached), so moving only the round
    is instant; its arrays are read-only."""
    _best_response_mode(mode)
    allies = check.integer(allies, "allies", minimum=1)
    inequality = check.scalar(inequality, "inequality", minimum=0.0, maximum=5.0)
    taste = check.scalar(taste, "taste", minimum=0.0, strict=True, maximum=1.0, strict_max=True)
    shown = check.integer(round, "round", minimum=0, maximum=BEST_RESPONSE_ROUNDS)
    incomes, path, equilibrium = _best_response_path(mode, allies, inequality, taste)
    return BestResponseState(incomes, path, equilibrium, mode.split(" (")[0].capitalize(), shown)
