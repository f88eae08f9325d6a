r"""Path dependence: allies learn slowly that the hegemon has stepped back.

Allies hold a belief :math:`b_t \in [0, 1]`: the share of its usual commitment
:math:`\bar q_H` they expect the hegemon to deliver (the belief that it "fills
any gap"). Each year the hegemon delivers a fraction :math:`f_t \in [0, 1]` of
:math:`\bar q_H`, and the allies update from what they saw. Two rules:

* **Counting** (Beta-Bernoulli). The allies keep a Beta count: :math:`\alpha`
  years of "the hegemon showed up" and :math:`\beta` of "it did not", and
  believe :math:`b_t = \alpha_t / (\alpha_t + \beta_t)`. A year with delivery
  :math:`f_t` adds :math:`f_t` to :math:`\alpha` and :math:`1 - f_t` to
  :math:`\beta`. Seeded with ``history`` years of full delivery on top of a
  prior of weight 2 and mean ``prior``,
  :math:`\alpha_0 = 2\,\text{prior} + h,\ \beta_0 = 2(1 - \text{prior})`.
  Equivalently :math:`b_{t+1} = b_t + (f_t - b_t)/(\alpha_t + \beta_t + 1)`:
  the weight of news falls like one over the years remembered, so 70 years
  of history make a very sticky belief.
* **Adaptive expectations**. :math:`b_{t+1} = b_t + \lambda (f_t - b_t)`
  with learning rate :math:`\lambda \in (0, 1]`: old years are forgotten
  geometrically. Seeded with ``history`` years of full delivery from ``prior``,
  :math:`b_0 = 1 - (1 - \text{prior})(1 - \lambda)^h`.

Allies plan on the expected hegemon spending :math:`G_t = b_t \bar q_H` and
play the free-rider equilibrium with it as outside spending (certainty
equivalence), :math:`q_t = \text{nash\_contributions}(I, a, G_t)`. The
alliance actually fields :math:`Q_t = f_t \bar q_H + \sum_i q_{i,t}` and the
security gap against the threat ``T`` is :math:`\max(0, T - Q_t)`.

The step-back scenario: the hegemon delivers everything until ``step_year``
and a share ``1 - cut`` from then on. Beliefs lag, so allied spending lags,
and a gap opens that closes only as the belief falls.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from course_lib.models import leadership, public_good
from course_lib.models import validation as check

__all__ = [
    "HISTORIES",
    "RULES",
    "STEP_BACK_YEARS",
    "StepBack",
    "StepBackState",
    "allied_spending_given_belief",
    "belief_path",
    "gap_by_history",
    "rule_labels",
    "seed_belief",
    "step_back",
    "step_back_for",
    "step_back_state",
]

#: The two ways allies learn.
RULES = ("count", "adaptive")


def _rule(rule: str) -> str:
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    return rule


def _learning_rate(value) -> float:
    return check.scalar(value, "learning_rate", minimum=0.0, strict=True, maximum=1.0)


def seed_belief(
    history: int = 70, rule: str = "count", learning_rate: float = 0.2, prior: float = 0.5
) -> float:
    r"""The allies' belief after ``history`` years in which the hegemon always showed up.

    Counting: :math:`(2\,\text{prior} + h)/(2 + h)`. Adaptive:
    :math:`1 - (1 - \text{prior})(1 - \lambda)^h`. Both rise towards 1 with
    ``history``.
    """
    history = check.integer(history, "history", minimum=0)
    rule = _rule(rule)
    lam = _learning_rate(learning_rate)
    prior = check.probability(prior, "prior")
    if rule == "count":
        return (2.0 * prior + history) / (2.0 + history)
    return 1.0 - (1.0 - prior) * (1.0 - lam) ** history


def belief_path(
    delivered,
    history: int = 70,
    rule: str = "count",
    learning_rate: float = 0.2,
    prior: float = 0.5,
) -> np.ndarray:
    r"""The belief :math:`b_t` the allies hold at the start of each year.

    Parameters
    ----------
    delivered : array_like, shape (years,)
        :math:`f_t \in [0, 1]`, the share of its usual commitment the hegemon
        delivers in year ``t``.
    history : int
        Years of full delivery before year 0 (70 for NATO since 1949).
    rule : {"count", "adaptive"}
    learning_rate : float in (0, 1]
        :math:`\lambda`, used by the adaptive rule.
    prior : float in [0, 1]
        The belief before any history.

    Returns
    -------
    numpy.ndarray, shape (years,)
        Entry ``t`` is the belief used in year ``t`` (before seeing :math:`f_t`).
    """
    f = check.vector(delivered, "delivered", minimum=0.0, maximum=1.0)
    history = check.integer(history, "history", minimum=0)
    rule = _rule(rule)
    lam = _learning_rate(learning_rate)
    prior = check.probability(prior, "prior")
    return _beliefs(f, np.array([history]), rule, lam, prior)[0]


def _beliefs(f: np.ndarray, histories: np.ndarray, rule: str, lam: float, prior: float):
    """:func:`belief_path` for several lengths of history at once (one row each); inputs checked.

    Counting: the running Beta counts are running sums started at the seeds (the same
    additions, in the same order, as counting year by year). Adaptive: the recursion
    runs over the years for every history at once.
    """
    years = f.size
    hs = [int(h) for h in histories]
    if rule == "count":
        alpha0 = np.array([2.0 * prior + h for h in hs])[:, None]
        news = np.broadcast_to(f[:-1], (len(hs), max(years - 1, 0)))
        alpha = np.cumsum(np.concatenate((alpha0, news), axis=1), axis=1)
        beta = np.cumsum(np.concatenate(([2.0 * (1.0 - prior)], 1.0 - f[:-1])))
        return alpha / (alpha + beta)
    beliefs = np.empty((len(hs), years))
    b = np.array([1.0 - (1.0 - prior) * (1.0 - lam) ** h for h in hs])
    for t in range(years):
        beliefs[:, t] = b
        b = b + lam * (f[t] - b)
    return beliefs


def allied_spending_given_belief(incomes, taste, belief, usual_spending) -> np.ndarray:
    r"""Each ally's spending when it expects the hegemon to spend :math:`b\,\bar q_H`.

    The allies answer the expected hegemon spending with the free-rider Nash
    equilibrium, via :func:`course_lib.models.leadership.allied_response`.
    """
    b = check.probability(belief, "belief")
    q_bar = check.scalar(usual_spending, "usual_spending", minimum=0.0)
    return leadership.allied_response(incomes, taste, b * q_bar)


class StepBack(NamedTuple):
    """The yearly path of the step-back scenario and its summary figures."""

    year: np.ndarray  #: 0 .. years-1
    delivered: np.ndarray  #: f_t
    hegemon_spending: np.ndarray  #: f_t * usual_spending
    belief: np.ndarray  #: b_t
    expected_hegemon: np.ndarray  #: b_t * usual_spending, what the allies plan on
    allied_spending: np.ndarray  #: the allies' total
    total: np.ndarray  #: Q_t
    gap: np.ndarray  #: max(0, threat - Q_t)
    threat: float
    step_year: int
    long_run_total: float  #: Q once beliefs are right, with the reduced hegemon spending
    largest_gap: float
    year_of_largest_gap: int  #: -1 if no gap opens
    #: years from the step back until the gap is closed; 0 if none opens, inf if not within the horizon
    years_to_close: float
    gap_years: float  #: the sum of the yearly gaps (spending units x years)


def step_back(
    incomes,
    taste,
    usual_spending,
    threat,
    cut: float = 0.5,
    step_year: int = 5,
    years: int = 60,
    history: int = 70,
    rule: str = "count",
    learning_rate: float = 0.2,
    prior: float = 0.5,
    tolerance: float = 1e-9,
) -> StepBack:
    r"""The hegemon cuts its spending by ``cut`` (a share) from ``step_year`` on.

    Returns the yearly beliefs, allied spending, the total and the security gap
    :math:`\max(0, T - Q_t)`, with the largest gap and the years until it closes
    (the first year from ``step_year`` on when the gap is at most ``tolerance``
    again, counted from ``step_year``). The gap stays open for ever if
    the long-run total (right beliefs) is below the threat.
    """
    checked = _checked(incomes, taste, usual_spending, threat, cut, step_year, years, tolerance)
    history = check.integer(history, "history", minimum=0)
    return _runs(*checked, np.array([history]), _rule(rule), _learning_rate(learning_rate), prior)[
        0
    ]


def _checked(incomes, taste, usual_spending, threat, cut, step_year, years, tolerance):
    """The checked arguments of :func:`step_back` that do not concern learning, in order."""
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    q_bar = check.scalar(usual_spending, "usual_spending", minimum=0.0)
    threat = check.scalar(threat, "threat", minimum=0.0)
    cut = check.probability(cut, "cut")
    years = check.integer(years, "years", minimum=1)
    step_year = check.integer(step_year, "step_year", minimum=0, maximum=years - 1)
    tolerance = check.scalar(tolerance, "tolerance", minimum=0.0)
    return incomes, taste, q_bar, threat, cut, step_year, years, tolerance


def _runs(
    incomes, taste, q_bar, threat, cut, step_year, years, tolerance, histories, rule, lam, prior
) -> list[StepBack]:
    """:func:`step_back` for each length of history in ``histories``; arguments checked.

    Every year of every history is one Nash solve with outside spending
    :math:`b_t \bar q_H`; they are solved together (``public_good._nash_many``,
    the same steps as ``nash_contributions``).
    """
    prior = check.probability(prior, "prior")
    delivered = np.ones(years)
    delivered[step_year:] = 1.0 - cut
    beliefs = _beliefs(delivered, histories, rule, lam, prior)
    expected = beliefs * q_bar
    allied = public_good._nash_many(incomes, taste, expected.ravel()).sum(axis=1)
    allied = allied.reshape(expected.shape)
    spent = delivered * q_bar
    long_run = float(leadership.alliance_total(incomes, taste, (1.0 - cut) * q_bar))
    runs = []
    for row in range(expected.shape[0]):
        total = spent + allied[row]
        gap = np.maximum(threat - total, 0.0)
        after = gap[step_year:]
        largest = float(gap.max())
        at = int(np.argmax(gap)) if largest > tolerance else -1
        if not np.any(after > tolerance):
            to_close = 0.0
        else:
            first_open = int(np.flatnonzero(after > tolerance)[0])
            closed = np.flatnonzero(after[first_open:] <= tolerance)
            to_close = float(first_open + closed[0]) if closed.size else math.inf
        runs.append(
            StepBack(
                np.arange(years),
                delivered,
                spent,
                beliefs[row],
                expected[row],
                allied[row],
                total,
                gap,
                threat,
                step_year,
                long_run,
                largest,
                at,
                to_close,
                float(gap.sum()),
            )
        )
    return runs


def step_back_for(
    theatre: leadership.Theatre,
    cut: float = 0.5,
    step_year: int = 5,
    years: int = 60,
    history: int = 70,
    rule: str = "count",
    learning_rate: float = 0.2,
) -> StepBack:
    """The step-back scenario for a leadership preset: the hegemon starts at its optimum there."""
    best = theatre.optimum()
    return step_back(
        theatre.incomes,
        theatre.taste,
        best.spending,
        theatre.threat,
        cut=cut,
        step_year=step_year,
        years=years,
        history=history,
        rule=rule,
        learning_rate=learning_rate,
    )


def gap_by_history(
    incomes,
    taste,
    usual_spending,
    threat,
    histories,
    rule: str = "count",
    cut: float = 0.5,
    step_year: int = 5,
    years: int = 60,
    learning_rate: float = 0.2,
) -> dict[str, np.ndarray]:
    """Run :func:`step_back` for each length of history; return the summary figures as arrays.

    Keys: ``history``, ``years_to_close`` (``inf`` if not within the horizon),
    ``gap_years``, ``largest_gap`` and ``belief_at_step`` (the belief held in the
    year of the step back).
    """
    hs = check.vector(histories, "histories", minimum=0.0)
    if np.any(hs != np.round(hs)):
        raise ValueError("histories must be whole numbers of years (>= 0)")
    checked = _checked(incomes, taste, usual_spending, threat, cut, step_year, years, 1e-9)
    runs = _runs(*checked, hs, _rule(rule), _learning_rate(learning_rate), 0.5)
    return {
        "history": hs.astype(int),
        "years_to_close": np.array([r.years_to_close for r in runs]),
        "gap_years": np.array([r.gap_years for r in runs]),
        "largest_gap": np.array([r.largest_gap for r in runs]),
        "belief_at_step": np.array([r.belief[r.step_year] for r in runs]),
    }


# --------------------------------------------------------------------------- the explorer's state

#: Years the step-back explorer simulates.
STEP_BACK_YEARS = 60
#: Lengths of history on the x-axis of the explorer's history figure.
HISTORIES = np.arange(0, 101, 5)
HISTORIES.flags.writeable = False


def rule_labels(learning_rate: float) -> tuple[str, str]:
    """The explorer's names of the two ways of learning: counting, and adaptive with its λ."""
    return "counting (Beta)", f"adaptive (λ = {learning_rate:.2f})"


class StepBackState(NamedTuple):
    """What the step-back explorer shows (see :func:`step_back_state`)."""

    results: dict  #: rule label -> StepBack, counting first
    years_to_close: dict  #: rule label -> years until the gap closes, for each of ``histories``
    histories: np.ndarray  #: HISTORIES
    horizon: int  #: STEP_BACK_YEARS


@functools.lru_cache(maxsize=None)
def _usual_spending(region: str) -> float:
    """The hegemon's optimum spending in a region's preset (a constant: computed once)."""
    return leadership.preset(region).optimum().spending


@functools.lru_cache(maxsize=64)
def _years_to_close(
    region: str, rule: str, learning_rate: float, cut: float, step_year: int
) -> np.ndarray:
    theatre = leadership.preset(region)
    ys = gap_by_history(
        theatre.incomes,
        theatre.taste,
        _usual_spending(region),
        theatre.threat,
        HISTORIES,
        rule=rule,
        cut=cut,
        step_year=step_year,
        years=STEP_BACK_YEARS,
        learning_rate=learning_rate,
    )["years_to_close"]
    ys.flags.writeable = False
    return ys


def step_back_state(
    region: str, learning_rate: float, history: int, cut: float, step_year: int
) -> StepBackState:
    """The step-back scenario of a region's preset (:func:`step_back_for`) under both ways of
    learning, and how long the gap lasts against the length of history. The second does not
    depend on ``history`` and is cached, so moving the history slider reruns only the first."""
    key = leadership.region_key(region)
    learning_rate = _learning_rate(learning_rate)
    cut = check.probability(cut, "cut")
    step_year = check.integer(step_year, "step_year", minimum=0, maximum=STEP_BACK_YEARS - 1)
    theatre = leadership.preset(key)
    labels = rule_labels(learning_rate)
    common = {"cut": cut, "step_year": step_year, "years": STEP_BACK_YEARS, "history": history}
    # step_back_for(theatre, ...), with the preset's optimum computed once
    spending = _usual_spending(key)
    results = {
        label: step_back(
            theatre.incomes,
            theatre.taste,
            spending,
            theatre.threat,
            rule=rule,
            learning_rate=learning_rate,
            **common,
        )
        for label, rule in zip(labels, RULES)
    }
    # counting ignores λ, so its curve is cached across λ steps too (the default λ stands in)
    curves = {
        label: _years_to_close(
            key, rule, learning_rate if rule == "adaptive" else 0.2, cut, step_year
        )
        for label, rule in zip(labels, RULES)
    }
    return StepBackState(results, curves, HISTORIES, STEP_BACK_YEARS)
