r"""Rank tests for a whole population: Spearman's correlation with its permutation p-value, and many tests at once.

The allies of a year are all of them, not a sample, so a p-value here is about
random pairings, not about sampling. The tests are used by
:mod:`course_lib.models.evidence` (the exploitation test on NATO's and SIPRI's
data) and by :mod:`course_lib.models.free_rider`.

**What the p-value means.** It answers: if burdens had been handed out to the members at random,
every pairing of the :math:`n_t` sizes with the :math:`n_t` burdens equally
likely, how often would the rank correlation be at least as far from zero as
the one observed? That is a permutation (randomisation) p-value,

.. math:: p_t = \frac{\#\{\pi : |\rho_t(\pi)| \ge |\rho_t|\}}{n_t!},

where :math:`\rho_t(\pi)` pairs size :math:`i` with burden :math:`\pi(i)`.
For :math:`n_t \le` :data:`EXACT_MAX_N` every one of the :math:`n_t!` pairings is
enumerated (an exact p-value). For larger memberships :data:`RESAMPLES` random
pairings are drawn with a fixed seed (:data:`SEED`, so the result is
reproducible) and :math:`p_t = (1 + \#\{|\rho^*| \ge |\rho_t|\}) / (1 + B)`, a
valid p-value whose Monte Carlo standard error is at most
:math:`0.5/\sqrt{B} \approx 0.0016`. Scipy's default p-value (Student's t with
:math:`n_t - 2` degrees of freedom) is an approximation for large samples; with
the eight members of 1950 it gives 0.0020 where the exact answer is 0.0046.

:func:`adjust_pvalues` corrects p-values for testing many years at once
(Holm's step-down correction or Benjamini and Hochberg's false discovery rate).

References: C. Spearman (1904); E. Pitman (1937), "Significance tests which may be applied
to samples from any populations"; S. Holm (1979); Y. Benjamini and Y. Hochberg (1995).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import permutations
from typing import NamedTuple

import numpy as np
from scipy import stats

from course_lib.models import validation as check

__all__ = [
    "ADJUSTMENTS",
    "ALTERNATIVES",
    "EXACT_MAX_N",
    "RESAMPLES",
    "SEED",
    "RankCorrelation",
    "adjust_pvalues",
    "critical_correlation",
    "rank_correlation_test",
]

#: Memberships up to this size get the exact permutation p-value (all n! pairings; 9! = 362,880).
EXACT_MAX_N = 9
#: Random pairings drawn for a larger membership (the Monte Carlo permutation p-value).
RESAMPLES = 100_000
#: Seed of those random pairings, so every run gives the same p-values.
SEED = 1966
ALTERNATIVES = ("two-sided", "greater", "less")
ADJUSTMENTS = ("holm", "bh")


class RankCorrelation(NamedTuple):
    """Spearman's rank correlation between two per-ally quantities, with its permutation p-value.

    ``exact`` is True when every pairing was enumerated (``n <= EXACT_MAX_N``),
    False when the p-value comes from :data:`RESAMPLES` random pairings.
    """

    correlation: float
    pvalue: float
    n: int
    exact: bool = True


@lru_cache(maxsize=EXACT_MAX_N)
def _all_pairings(n: int) -> np.ndarray:
    """Every permutation of ``range(n)``, one per row (n! rows)."""
    return np.array(list(permutations(range(n))), dtype=np.int8).reshape(-1, n)


@lru_cache(maxsize=64)
def _random_pairings(n: int) -> np.ndarray:
    """:data:`RESAMPLES` random permutations of ``range(n)``, drawn from :data:`SEED` (the same every run)."""
    rng = np.random.default_rng([SEED, n])
    dtype = np.int16 if n < 2**15 else np.int64
    return rng.permuted(np.tile(np.arange(n, dtype=dtype), (RESAMPLES, 1)), axis=1)


def _doubled_centred_ranks(values: np.ndarray) -> np.ndarray:
    """2 R(v) - (n + 1): mid-ranks centred on zero, doubled so they are integers (exact arithmetic)."""
    return np.rint(2.0 * stats.rankdata(values) - (values.size + 1)).astype(np.int64)


def rank_correlation_test(
    x, y, *, alternative: str = "two-sided", names: tuple[str, str] = ("x", "y")
) -> RankCorrelation:
    r"""Spearman's rank correlation of ``x`` and ``y`` with its permutation p-value.

    :math:`\rho` is the Pearson correlation of the mid-ranks (ties share their
    average rank). The p-value treats the pairing as the random element: under
    the null hypothesis every one of the :math:`n!` ways of pairing the ``x``
    values with the ``y`` values is equally likely, and

    * ``"two-sided"``: :math:`p = P(|\rho(\pi)| \ge |\rho|)`, a correlation at
      least this far from zero;
    * ``"greater"``: :math:`P(\rho(\pi) \ge \rho)`; ``"less"``: :math:`P(\rho(\pi) \le \rho)`.

    For :math:`n \le` :data:`EXACT_MAX_N` all pairings are enumerated, so the
    p-value is exact (a multiple of :math:`1/n!`). Otherwise :data:`RESAMPLES`
    random pairings (fixed :data:`SEED`) give :math:`(1 + k)/(1 + B)`, where
    :math:`k` of the :math:`B` pairings are at least as extreme. The comparison
    is done in exact integer arithmetic on doubled centred ranks, so ties and
    round-off never flip it, and the pairs are put in a canonical order first, so
    the result does not depend on the order of the rows.

    ``names`` are the two arguments' names in error messages. Needs at least
    three pairs and some variation in each variable.
    """
    x_name, y_name = names
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")
    x = check.vector(x, x_name)
    y = check.vector(y, y_name)
    check.same_length(x_name, x, y_name, y)
    if x.size < 3:
        raise ValueError(f"{x_name} must have at least 3 allies for a rank test, got {x.size}")
    for name, values in ((x_name, x), (y_name, y)):
        if np.all(values == values[0]):
            raise ValueError(f"{name} must not be constant: a rank correlation needs variation")
    a, b = _doubled_centred_ranks(x), _doubled_centred_ranks(y)
    order = np.lexsort(
        (b, a)
    )  # a canonical order: the p-value does not depend on how rows are sorted
    a, b = a[order], b[order]
    observed = int(a @ b)
    correlation = float(observed / np.sqrt(float(a @ a) * float(b @ b)))
    correlation = min(1.0, max(-1.0, correlation))
    n = int(x.size)
    exact = n <= EXACT_MAX_N
    pairings = _all_pairings(n) if exact else _random_pairings(n)
    # integers far below 2**53, so float64 (BLAS) arithmetic is still exact
    null = b.astype(float)[pairings] @ a.astype(float)
    observed = float(observed)
    if alternative == "two-sided":
        extreme = np.count_nonzero(np.abs(null) >= abs(observed))
    elif alternative == "greater":
        extreme = np.count_nonzero(null >= observed)
    else:
        extreme = np.count_nonzero(null <= observed)
    pvalue = extreme / len(pairings) if exact else (1 + extreme) / (1 + len(pairings))
    return RankCorrelation(correlation, float(pvalue), n, exact)


def critical_correlation(n: int, level: float = 0.05) -> float:
    r"""The smallest :math:`|\rho|` whose two-sided permutation p-value is below ``level``.

    For ``n`` allies without ties.

    The same pairings as :func:`rank_correlation_test` (exact for
    :math:`n \le` :data:`EXACT_MAX_N`, else the seeded random ones), so a
    correlation of at least this size is "significant" in that test.
    """
    n = check.integer(n, "n", minimum=4)
    level = check.scalar(level, "level", minimum=0.0, strict=True, maximum=1.0)
    a = _doubled_centred_ranks(np.arange(n, dtype=float))
    exact = n <= EXACT_MAX_N
    pairings = _all_pairings(n) if exact else _random_pairings(n)
    null = np.sort(np.abs(a[pairings] @ a))  # ascending |statistic|
    values = np.unique(null)
    extreme = len(null) - np.searchsorted(
        null, values, side="left"
    )  # pairings with |stat| >= value
    pvalues = extreme / len(null) if exact else (1 + extreme) / (1 + len(null))
    significant = values[pvalues < level]
    if significant.size == 0:
        raise ValueError(
            f"level must be above the smallest attainable p-value for n={n}, got {level}"
        )
    return float(significant.min() / float(a @ a))


def adjust_pvalues(pvalues, method: str = "holm") -> np.ndarray:
    r"""p-values adjusted for testing many years at once.

    ``"holm"`` (Holm 1979): sort the :math:`m` p-values,
    :math:`p_{(1)} \le \dots \le p_{(m)}`; the adjusted value of the
    :math:`k`-th is :math:`\max_{j \le k} \min(1, (m - j + 1)\,p_{(j)})`.
    Calling the years with adjusted :math:`p < \alpha` significant keeps the
    chance of *any* false call below :math:`\alpha`, whatever the dependence
    between the years.

    ``"bh"`` (Benjamini and Hochberg 1995): the false discovery rate,
    :math:`\min_{j \ge k} \min(1, m\,p_{(j)}/j)`
    (``scipy.stats.false_discovery_control``); it keeps the expected share of
    false calls among the years called significant below :math:`\alpha`, which
    holds when the tests are independent or positively dependent.

    Returns the adjusted p-values in the order given.
    """
    if method not in ADJUSTMENTS:
        raise ValueError(f"method must be one of {ADJUSTMENTS}, got {method!r}")
    p = check.vector(pvalues, "pvalues", minimum=0.0, maximum=1.0)
    if method == "bh":
        return np.minimum(1.0, stats.false_discovery_control(p, method="bh"))
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return adjusted
