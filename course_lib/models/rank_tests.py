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
from typing import NamedTuple

import numpy as np

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
    """Every permutation of ``range(n)``, one per row (n! rows), in ``itertools.permutations`` order.

    Built a length at a time: the permutations of ``range(m)`` in lexicographic order are, for
    each first element ``f``, ``f`` followed by those of ``range(m - 1)`` mapped onto
    ``range(m)`` without ``f`` (``v -> v + (v >= f)``, which keeps their order). Read-only.
    """
    rows = np.zeros((1, 0), dtype=np.int8)
    for m in range(1, n + 1):
        first = np.arange(m, dtype=np.int8)[:, None, None]
        rest = rows[None, :, :] + (rows[None, :, :] >= first).astype(np.int8)
        heads = np.broadcast_to(first, (m, len(rows), 1))
        rows = np.concatenate([heads, rest], axis=2).reshape(-1, m)
    rows.flags.writeable = False
    return rows


#: Rows shuffled at a time by :func:`_random_pairings` (a buffer that stays in the CPU's cache).
_BLOCK_ROWS = 4096


def _index_dtype(n: int) -> type:
    return np.int8 if n <= 127 else np.int16 if n < 2**15 else np.int64


@lru_cache(maxsize=64)
def _random_pairings(n: int) -> np.ndarray:
    """:data:`RESAMPLES` random permutations of ``range(n)``, drawn from :data:`SEED` (the same every run).

    Row ``k`` is the ``k``-th row of ``default_rng([SEED, n]).permuted(rows, axis=1)`` for
    ``rows`` :data:`RESAMPLES` copies of ``range(n)``: the shuffle takes the rows in turn, and its
    swaps depend only on the random stream, not on the integer type. So the rows are shuffled a
    block at a time, in a reused buffer of machine-size integers (numpy's fastest path), and
    stored in the smallest type that holds them. Read-only.
    """
    rng = np.random.default_rng([SEED, n])
    out = np.empty((RESAMPLES, n), dtype=_index_dtype(n))
    block = np.empty((min(RESAMPLES, _BLOCK_ROWS), n), dtype=np.intp)
    for start in range(0, RESAMPLES, len(block)):
        rows = block[: RESAMPLES - start]
        rows[...] = np.arange(n)
        rng.permuted(rows, axis=1, out=rows)
        out[start : start + len(rows)] = rows
    out.flags.writeable = False
    return out


def _pairings(n: int) -> np.ndarray:
    """The pairings of a test on ``n`` allies: all of them (exact) or the seeded random ones."""
    return _all_pairings(n) if n <= EXACT_MAX_N else _random_pairings(n)


#: Largest n for which :func:`_null_basis` is used (a float32 table of n x RESAMPLES values).
_BASIS_MAX_N = 40


def _canonical_ranks(n: int) -> np.ndarray:
    """The doubled centred ranks of n values without ties, ascending: -(n-1), -(n-3), ..., n-1."""
    return np.arange(-(n - 1), n, 2, dtype=np.int64)


@lru_cache(maxsize=6)
def _null_basis(n: int) -> np.ndarray:
    r"""The table that turns a test's null distribution into one matrix product (read-only).

    For pairings :math:`\pi_k` (:func:`_pairings`) and doubled centred ranks ``a``, ``b`` in
    canonical order, the null statistics are
    :math:`s_k = \sum_i a_i\, b_{\pi_k(i)} = \sum_j a_{\pi_k^{-1}(j)}\, b_j`. When ``x`` has
    no ties, ``a`` is :func:`_canonical_ranks`, so :math:`s = N b` with
    :math:`N_{kj} = a_{\pi_k^{-1}(j)}`, i.e. :math:`N_{k,\pi_k(i)} = a_i`: this table, one
    row per pairing, filled a block of rows at a time. Its entries are integers and every
    partial sum of :math:`N b` is at most :math:`n (n-1)^2 < 2^{24}` in size, so float32
    arithmetic is exact.

    With all :math:`n!` pairings (:math:`n \le` :data:`EXACT_MAX_N`) the inverses are the
    pairings themselves in another order, and only the count of extreme statistics matters, so
    the rows are simply :math:`a_{\pi_k}` (the same statistics, listed in another order).
    """
    ranks = _canonical_ranks(n).astype(np.float32)
    if n <= EXACT_MAX_N:
        basis = np.take(ranks, _all_pairings(n))
        basis.flags.writeable = False
        return basis
    pairings = _random_pairings(n)
    basis = np.empty(pairings.shape, dtype=np.float32)
    flat = basis.reshape(-1)
    block = min(len(pairings), _BLOCK_ROWS)
    starts = np.arange(block)[:, None] * n  # where each row of a block starts in ``flat``
    values = np.broadcast_to(ranks, (block, n))
    for start in range(0, len(pairings), block):
        rows = pairings[start : start + block]
        flat[rows + (starts[: len(rows)] + start * n)] = values[: len(rows)]
    basis.flags.writeable = False
    return basis


def _null_statistics(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``b[pairings] @ a`` for every pairing of :func:`_pairings` (integer ranks: exact values).

    ``a`` and ``b`` are doubled centred ranks in canonical order (``a`` ascending). Without ties
    in ``a`` this is one product with :func:`_null_basis` (for all n! pairings the statistics
    then come in another order); otherwise the pairings are applied. The products are numpy's
    own loops (``einsum``), not a threaded BLAS, whose start-up costs more than the product on a
    busy machine.
    """
    n = a.size
    if n <= _BASIS_MAX_N and np.array_equal(a, _canonical_ranks(n)):
        return np.einsum("kj,j->k", _null_basis(n), b.astype(np.float32))
    # integers far below 2**53, so float64 arithmetic is still exact
    return np.einsum("kj,j->k", np.take(b.astype(float), _pairings(n)), a.astype(float))


def mid_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``values``, ties sharing the mean of their ranks (``scipy.stats.rankdata``'s
    "average"): a value's rank is the count of values at or below it, less half its ties but one.

    Written with ``np.unique`` rather than imported: ``scipy.stats`` costs a quarter to half a
    second of every lesson kernel's start, and this is all the lessons take from it at start.
    """
    _, where, counts = np.unique(values, return_inverse=True, return_counts=True)
    return (np.cumsum(counts) - (counts - 1) / 2.0)[where.reshape(-1)]


def _doubled_centred_ranks(values: np.ndarray) -> np.ndarray:
    """2 R(v) - (n + 1): mid-ranks centred on zero, doubled so they are integers (exact arithmetic)."""
    return np.rint(2.0 * mid_ranks(values) - (values.size + 1)).astype(np.int64)


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
    null = _null_statistics(a, b)
    total = len(null)
    if alternative == "two-sided":
        extreme = np.count_nonzero(np.abs(null) >= abs(observed))
    elif alternative == "greater":
        extreme = np.count_nonzero(null >= observed)
    else:
        extreme = np.count_nonzero(null <= observed)
    pvalue = extreme / total if exact else (1 + extreme) / (1 + total)
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
    null = np.sort(np.abs(_null_statistics(a, a).astype(float)))  # ascending |statistic|
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
        from scipy import stats  # here: importing scipy.stats costs every kernel ~0.3 s

        return np.minimum(1.0, stats.false_discovery_control(p, method="bh"))
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return adjusted
