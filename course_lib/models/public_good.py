r"""The alliance as a public-good game: best responses, the Nash equilibrium, the Pareto optimum.

``n`` allies; ally ``i`` has income (GDP) :math:`I_i \ge 0` and spends
:math:`q_i \ge 0` on defence. Deterrence is non-rival and non-excludable, so
every ally enjoys the alliance total :math:`Q = G + \sum_j q_j`, where ``G``
(``outside``) is spending by a player outside the game (the hegemon in the
leadership-trap lesson). Preferences are Cobb-Douglas,

.. math:: U_i = (I_i - q_i)^{1-a_i}\, Q^{a_i}, \qquad 0 < a_i < 1,

with :math:`a_i` the ally's taste for security. Because the exponents sum to
one, utility is measured in money (doubling income and spending doubles it).

Best response (first-order condition, clipped at zero):
:math:`q_i = \max(0,\ a_i I_i - (1-a_i) Q_{-i})`.

Nash equilibrium (Bergstrom, Blume and Varian 1986): write
:math:`r_i = (1-a_i)/a_i`. Ally ``i`` contributes iff :math:`I_i / r_i > Q^*`;
with ``C`` the set of contributors

.. math:: Q^* = \frac{G + \sum_{i\in C} I_i}{1 + \sum_{i\in C} r_i},
          \qquad q_i^* = I_i - r_i Q^* \ (i \in C),\quad 0 \text{ otherwise}.

Sorting allies by :math:`I_i/r_i` makes ``C`` a prefix of the sorted list, so
the equilibrium is found exactly in :math:`O(n \log n)` with no iteration.

References: M. Olson and R. Zeckhauser (1966), "An Economic Theory of
Alliances", *Review of Economics and Statistics* 48(3); T. Bergstrom,
L. Blume and H. Varian (1986), "On the Private Provision of Public Goods",
*Journal of Public Economics* 29(1).
"""

from __future__ import annotations

import numpy as np

from course_lib.models import validation as check

__all__ = [
    "nash_contributions",
    "nash_total",
    "best_response",
    "best_response_dynamics",
    "pareto_optimal_total",
    "symmetric_nash_total",
    "utility",
    "burden",
]


def _inputs(incomes, taste, outside=0.0):
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    outside = check.scalar(outside, "outside", minimum=0.0)
    return incomes, taste, outside


def nash_contributions(incomes, taste, outside=0.0) -> np.ndarray:
    r"""Each ally's spending :math:`q_i^*` in the unique Nash equilibrium.

    Parameters
    ----------
    incomes : array_like, shape (n,)
        Incomes :math:`I_i \ge 0` (finite).
    taste : float or array_like, shape (n,)
        Taste for security :math:`a_i \in (0, 1)`, one for all or one per ally.
    outside : float, default 0
        Spending :math:`G \ge 0` by a player outside the game; it counts in
        :math:`Q` but is not chosen by any ally.

    Returns
    -------
    numpy.ndarray, shape (n,)
        :math:`q^*`. Contributors satisfy :math:`I_i - q_i^* = r_i Q^*`.

    The equilibrium is homogeneous of degree one: scaling every income and
    ``outside`` by :math:`c > 0` scales every :math:`q_i^*` by ``c``. The solve
    uses this to work at unit scale, so it is exact for incomes anywhere in the
    floating-point range (``[1e308, 1e308]`` included).

    Sort by the threshold :math:`t_i = I_i / r_i` (descending) and let
    :math:`Q_k` be the total when the first ``k`` allies contribute. Since
    :math:`Q_k` is a weighted mean of :math:`Q_{k-1}` and :math:`t_k`, ally
    ``k`` joins exactly when :math:`t_k > Q_{k-1}`, and once that fails it fails
    for every later ally: ``C`` is the longest prefix where it holds.
    """
    incomes, taste, outside = _inputs(incomes, taste, outside)
    return _nash(incomes, taste, outside)


def _nash(incomes: np.ndarray, taste: np.ndarray, outside: float) -> np.ndarray:
    """:func:`nash_contributions` for checked inputs (per-ally arrays, a float ``outside``):
    one row of :func:`_nash_many`, so one algorithm serves single and batched solves."""
    return _nash_many(incomes, taste, np.array([outside], dtype=float))[0]


def _nash_many(incomes: np.ndarray, taste: np.ndarray, outside: np.ndarray) -> np.ndarray:
    """:func:`nash_contributions` for many outside spendings at once; inputs already checked.

    ``incomes`` and ``taste`` are the checked per-ally arrays (shape ``(n,)``),
    ``outside`` a 1-D array of outside spendings :math:`G \\ge 0` (shape ``(m,)``).
    Returns shape ``(m, n)``: row ``j`` is ``nash_contributions(incomes, taste,
    outside[j])``. The game is homogeneous of degree one in incomes and outside
    spending, so each row is solved with the largest of them scaled to [0.5, 1) by a
    power of two (exact in floating point; the running sums cannot overflow) and
    scaled back. No checks: the callers validate once and call this in their loops.
    """
    g = np.asarray(outside, dtype=float).reshape(-1)
    r = (1.0 - taste) / taste
    # thresholds I_i / r_i at the incomes' own unit scale (a power of two keeps their order,
    # and the division cannot overflow, as it would for incomes near 1e308)
    unit = np.ldexp(incomes, -int(np.frexp(incomes.max())[1])) if incomes.size else incomes
    order = np.argsort(-(unit / r), kind="stable")
    top = np.maximum(float(incomes.max()) if incomes.size else 0.0, g)
    exponent = np.frexp(top)[1][:, None]
    inc = np.ldexp(incomes[order][None, :], -exponent)  # (m, n), sorted, at unit scale
    r_sorted = r[order]
    g_unit = np.ldexp(g[:, None], -exponent)
    zeros = np.zeros((g.size, 1))
    sum_income = np.concatenate((zeros, np.cumsum(inc, axis=1)), axis=1)
    sum_r = np.concatenate(([0.0], np.cumsum(r_sorted)))
    totals = (g_unit + sum_income) / (1.0 + sum_r)  # Q_0 .. Q_n for every outside spending
    joins = inc / r_sorted > totals[:, :-1]
    k = np.count_nonzero(joins, axis=1)
    q_total = np.take_along_axis(totals, k[:, None], axis=1)
    member = np.arange(incomes.size)[None, :] < k[:, None]
    q_sorted = np.where(member, np.maximum(inc - r_sorted * q_total, 0.0), 0.0)
    q = np.empty_like(q_sorted)
    q[:, order] = q_sorted
    q = np.ldexp(q, exponent)
    q[top == 0.0] = 0.0
    return q


def nash_total(incomes, taste, outside=0.0) -> float:
    """The alliance total :math:`Q^* = G + \\sum_i q_i^*` in the Nash equilibrium."""
    incomes, taste, outside = _inputs(incomes, taste, outside)
    return float(outside + nash_contributions(incomes, taste, outside).sum())


def symmetric_nash_total(n: int, income: float, taste: float) -> float:
    r"""Closed form for ``n`` identical allies: :math:`Q^* = nI/(1 + n r)`, :math:`r=(1-a)/a`.

    Each ally spends :math:`I/(1+nr)`: the share of income spent on defence
    falls like ``1/n`` as the alliance grows.
    """
    n = check.integer(n, "n", minimum=1)
    income = check.scalar(income, "income", minimum=0.0)
    a = check.scalar(taste, "taste", minimum=0.0, strict=True, maximum=1.0, strict_max=True)
    r = (1.0 - a) / a
    return n * income / (1.0 + n * r)


def best_response(others_total, income, taste) -> np.ndarray | float:
    r"""Ally spending that maximises :math:`U_i` given the others' total :math:`Q_{-i}`.

    :math:`q_i = \max(0,\ a_i I_i - (1 - a_i) Q_{-i})`. Works element-wise on
    arrays (one entry per ally) or on plain numbers. :math:`Q_{-i}` includes any
    outside spending.
    """
    income_arr = check.vector(income, "income", minimum=0.0)
    n = income_arr.size
    others = check.per_ally(others_total, "others_total", n, minimum=0.0)
    a = check.taste(taste, n)
    q = np.maximum(0.0, a * income_arr - (1.0 - a) * others)
    return check.like_inputs(q, others_total, income, taste)


def best_response_dynamics(
    incomes,
    taste,
    outside=0.0,
    *,
    mode: str = "sequential",
    step: float | None = None,
    start=None,
    tol: float = 1e-10,
    max_rounds: int = 10_000,
) -> np.ndarray:
    r"""Rounds of best-response play, returning the whole path for animation.

    Parameters
    ----------
    mode : {"sequential", "simultaneous"}
        ``"sequential"``: in each round the allies revise one after another,
        each seeing the others' latest choices (projected Gauss-Seidel).
        ``"simultaneous"``: everybody revises at once from last round's
        choices, moving a fraction ``step`` of the way to its best response,
        :math:`q \leftarrow \max(0,\ q + \text{step}\,(b(q) - q))` with
        :math:`b_i(q) = a_i I_i - (1-a_i) Q_{-i}`.
    step : float in (0, 1], optional
        Only for ``"simultaneous"``. ``1`` is naive simultaneous play, which can
        overshoot and cycle in large alliances. The default
        :math:`1 / (\max_i a_i + \sum_i (1 - a_i))` is a safe gradient step: the
        equilibrium minimises the strictly convex potential
        :math:`\tfrac12 q^\top M q - c^\top q` over :math:`q \ge 0` with
        :math:`M = \mathrm{diag}(a/(1-a)) + \mathbf 1\mathbf 1^\top`, and the
        default step is below the inverse Lipschitz constant, so play converges.
    start : array_like, optional
        Initial spending (default: nobody spends).
    tol : float
        Stop once no ally's spending moved by more than ``tol`` in a round.
    max_rounds : int
        Upper bound on the rounds played.

    Returns
    -------
    numpy.ndarray, shape (rounds + 1, n)
        Row ``k`` is everybody's spending after round ``k`` (row 0 is ``start``).
    """
    incomes, taste, outside = _inputs(incomes, taste, outside)
    n = incomes.size
    if mode not in ("sequential", "simultaneous"):
        raise ValueError(f"mode must be 'sequential' or 'simultaneous', got {mode!r}")
    tol = check.scalar(tol, "tol", minimum=0.0, strict=True)
    max_rounds = check.integer(max_rounds, "max_rounds", minimum=1)
    if start is None:
        q = np.zeros(n)
    else:
        q = check.vector(start, "start", minimum=0.0)
        check.same_length("start", q, "incomes", incomes)
        q = q.copy()
    if mode == "simultaneous":
        if step is None:
            step = 1.0 / (taste.max() + np.sum(1.0 - taste))
        step = check.scalar(step, "step", minimum=0.0, strict=True, maximum=1.0)
    elif step is not None:
        raise ValueError("step applies only to mode='simultaneous'; leave it as None")

    path = [q.copy()]
    aI = taste * incomes
    one_minus_a = 1.0 - taste
    for _ in range(max_rounds):
        previous = q.copy()
        if mode == "sequential":
            total = outside + q.sum()
            for i in range(n):
                new = aI[i] - one_minus_a[i] * (total - q[i])
                new = new if new > 0.0 else 0.0
                total += new - q[i]
                q[i] = new
        else:
            others = outside + q.sum() - q
            target = aI - one_minus_a * others
            q = np.maximum(0.0, q + step * (target - q))
        path.append(q.copy())
        if np.max(np.abs(q - previous)) <= tol:
            break
    return np.asarray(path)


def pareto_optimal_total(incomes, taste) -> float:
    r"""The efficient (Samuelson) alliance total.

    With a common taste ``a`` every Pareto optimum has the same total: the
    Samuelson condition :math:`\sum_i MRS_i = 1` reads
    :math:`\sum_i (I_i - q_i) / (r Q) = 1`, so :math:`Q_{opt} = a \sum_i I_i`.
    With tastes that differ, the total depends on who pays; this returns the
    Lindahl total :math:`\sum_i a_i I_i` (each ally pays its marginal value),
    which reduces to the same formula when tastes are equal.
    """
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    return float(np.sum(taste * incomes))


def utility(spending, incomes, taste, outside=0.0) -> np.ndarray:
    r"""Each ally's utility :math:`(I_i - q_i)^{1-a_i} Q^{a_i}` at the spending profile ``spending``."""
    incomes, taste, outside = _inputs(incomes, taste, outside)
    q = check.vector(spending, "spending", minimum=0.0)
    check.same_length("spending", q, "incomes", incomes)
    if np.any(q > incomes * (1 + 1e-12)):
        i = int(np.flatnonzero(q > incomes * (1 + 1e-12))[0])
        raise ValueError(
            f"spending must be between 0 and each ally's income (entry {i}: {q[i]!r} > {incomes[i]!r})"
        )
    total = outside + q.sum()
    private = np.maximum(incomes - q, 0.0)
    return private ** (1.0 - taste) * total**taste


def burden(spending, incomes) -> np.ndarray:
    """Defence burden: spending as a share of income, :math:`q_i / I_i` (incomes must be > 0)."""
    incomes = check.vector(incomes, "incomes", minimum=0.0, strict=True)
    q = check.vector(spending, "spending", minimum=0.0)
    check.same_length("spending", q, "incomes", incomes)
    return q / incomes
