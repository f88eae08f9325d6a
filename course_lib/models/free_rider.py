r"""The free-rider dilemma: Olson and Zeckhauser's alliance as a public-good game.

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

import functools
import math
from typing import NamedTuple

import numpy as np
from scipy import stats

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
    # The game is homogeneous of degree one in incomes and outside spending: solve it
    # with the largest of them scaled to [0.5, 1) by a power of two (exact in floating
    # point), so the running sums below cannot overflow, then scale the answer back.
    top = max(float(incomes.max()), outside)
    if top == 0.0:
        return np.zeros_like(incomes)
    exponent = int(np.frexp(top)[1])
    q = _nash_unit(np.ldexp(incomes, -exponent), taste, float(np.ldexp(outside, -exponent)))
    return np.ldexp(q, exponent)


def _nash_unit(incomes: np.ndarray, taste: np.ndarray, outside: float) -> np.ndarray:
    """:func:`nash_contributions` for checked inputs of at most 1 (no overflow possible)."""
    r = (1.0 - taste) / taste
    threshold = incomes / r
    order = np.argsort(-threshold, kind="stable")
    t_sorted = threshold[order]
    sum_income = np.concatenate(([0.0], np.cumsum(incomes[order])))
    sum_r = np.concatenate(([0.0], np.cumsum(r[order])))
    totals = (outside + sum_income) / (1.0 + sum_r)  # Q_0 .. Q_n
    joins = t_sorted > totals[:-1]
    k = int(np.count_nonzero(joins))
    q_total = totals[k]
    q = np.zeros_like(incomes)
    members = order[:k]
    q[members] = np.maximum(incomes[members] - r[members] * q_total, 0.0)
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
    scalar_call = np.ndim(others_total) == 0 and np.ndim(income) == 0 and np.ndim(taste) == 0
    income_arr = check.vector(income, "income", minimum=0.0)
    n = income_arr.size
    others = check.per_ally(others_total, "others_total", n, minimum=0.0)
    a = check.taste(taste, n)
    q = np.maximum(0.0, a * income_arr - (1.0 - a) * others)
    return float(q[0]) if scalar_call else q


def best_response_dynamics(incomes, taste, outside=0.0, *, mode: str = "sequential",
                           step: float | None = None, start=None, tol: float = 1e-10,
                           max_rounds: int = 10_000) -> np.ndarray:
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
            f"spending must be between 0 and each ally's income (entry {i}: {q[i]!r} > {incomes[i]!r})")
    total = outside + q.sum()
    private = np.maximum(incomes - q, 0.0)
    return private ** (1.0 - taste) * total ** taste


def burden(spending, incomes) -> np.ndarray:
    """Defence burden: spending as a share of income, :math:`q_i / I_i` (incomes must be > 0)."""
    incomes = check.vector(incomes, "incomes", minimum=0.0, strict=True)
    q = check.vector(spending, "spending", minimum=0.0)
    check.same_length("spending", q, "incomes", incomes)
    return q / incomes


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


#: Default chance that pressing breaks the alliance (see :func:`us_calculation`).
COLLAPSE_RISK = 0.5


class USCalculation(NamedTuple):
    """The hegemon's two decisions about a free-riding alliance: stay or leave, press or tolerate.

    All utilities are in income units (Cobb-Douglas with exponents summing to one).
    """

    utility_inside: float       #: hegemon's utility in the Nash equilibrium of the alliance
    utility_fair_share: float   #: if every ally matched the hegemon's burden
    utility_alone: float        #: facing the threat alone
    cost_of_free_riding: float  #: fair share minus inside (>= 0)
    cost_of_collapse: float     #: inside minus alone (>= 0 when threat_alone >= 1)
    stays: bool                 #: inside >= alone: walking away does not pay
    tolerates: bool             #: (1 - p) * cost_of_free_riding <= p * cost_of_collapse
    breakeven_risk: float       #: the collapse risk at which pressing and tolerating are equal
    collapse_risk: float        #: p, the chance that pressing breaks the alliance


def _clamp(value: float, scale: float) -> float:
    """``value`` set to exactly 0 when it is within round-off (a few ulps of ``scale``) of 0."""
    return 0.0 if abs(value) <= 16.0 * np.finfo(float).eps * scale else value


def us_calculation(incomes, taste, hegemon: int = 0, threat_alone: float = 1.5, *,
                   collapse_risk: float = COLLAPSE_RISK) -> USCalculation:
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
    alone = float((1.0 - a) ** (1.0 - a) * a ** a * incomes[hegemon] / m ** a)
    scale = max(abs(inside), abs(fair_u), abs(alone))
    cost_free = _clamp(fair_u - inside, scale)
    cost_collapse = _clamp(inside - alone, scale)
    at_stake = cost_free + cost_collapse
    breakeven = cost_free / at_stake if at_stake > 0 else 0.0
    breakeven = min(max(breakeven, 0.0), 1.0)
    return USCalculation(inside, fair_u, alone, float(cost_free), float(cost_collapse),
                         stays=bool(cost_collapse >= 0.0), tolerates=bool(p >= breakeven),
                         breakeven_risk=float(breakeven), collapse_risk=p)


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
            raise ValueError(f"frontline must be {n} booleans (one per ally), got shape {arr.shape}")
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
    z = stats.norm.ppf((np.arange(n) + 0.5) / n)
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
#: The threats alone ``m`` over which the press-or-tolerate explorer draws the breakeven risk.
THREAT_ALONE_GRID = np.linspace(1.0, 4.0, 61)


def _frozen(arr) -> np.ndarray:
    arr = np.array(arr, dtype=float)
    arr.flags.writeable = False
    return arr


THREAT_ALONE_GRID.flags.writeable = False


class AllianceState(NamedTuple):
    """What the free-rider explorer shows for one alliance (see :func:`alliance_state`)."""

    incomes: np.ndarray      #: I_i, ascending, mean 1
    frontline: np.ndarray    #: bool, the allies facing the threat directly
    tastes: np.ndarray       #: a_i after the threat shock
    spending: np.ndarray     #: q_i*, the Nash equilibrium
    burden_pct: np.ndarray   #: 100 q_i*/I_i
    gap: dict                #: ``gap_by_size(GAP_SIZES, 1, taste)``: identical allies of each size
    current: tuple           #: (n, Q*, Pareto-optimal total) of this alliance


def alliance_state(allies: int, inequality: float, taste: float, frontline: float,
                   shock: float) -> AllianceState:
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
    return AllianceState(incomes, front, tastes, q, 100.0 * burden(q, incomes),
                         gap_by_size(GAP_SIZES, 1.0, taste),
                         (allies, float(q.sum()), pareto_optimal_total(incomes, tastes)))


class BestResponseState(NamedTuple):
    """What the best-response explorer shows (see :func:`best_response_state`)."""

    incomes: np.ndarray      #: I_i, ascending
    path: np.ndarray         #: spending by round, shape (BEST_RESPONSE_ROUNDS + 1, n); read-only
    equilibrium: np.ndarray  #: q_i*, read-only
    label: str               #: the way of playing, for the figure's title
    shown_round: int         #: the round the bar chart shows


def _best_response_mode(mode: str) -> tuple[str, float | None]:
    if mode not in BEST_RESPONSE_MODES:
        raise ValueError(f"mode must be one of {list(BEST_RESPONSE_MODES)}, got {mode!r}")
    return BEST_RESPONSE_MODES[mode]


@functools.lru_cache(maxsize=32)
def _best_response_path(mode: str, allies: int, inequality: float, taste: float):
    kind, step = _best_response_mode(mode)
    incomes = alliance_incomes(allies, inequality)
    path = best_response_dynamics(incomes, taste, mode=kind, step=step, tol=1e-9,
                                  max_rounds=BEST_RESPONSE_ROUNDS)
    if len(path) < BEST_RESPONSE_ROUNDS + 1:  # settled early: it stays put for the remaining rounds
        path = np.vstack([path, np.repeat(path[-1:], BEST_RESPONSE_ROUNDS + 1 - len(path), axis=0)])
    return _frozen(incomes), _frozen(path), _frozen(nash_contributions(incomes, taste))


def best_response_state(mode: str, allies: int, inequality: float, taste: float,
                        round: int = 0) -> BestResponseState:  # noqa: A002 - the control's name
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


class USCalculationState(NamedTuple):
    """What the press-or-tolerate explorer shows (see :func:`us_calculation_state`)."""

    threat_alone: np.ndarray    #: the grid of m, THREAT_ALONE_GRID
    breakeven: np.ndarray       #: breakeven collapse risk for each m
    calculation: USCalculation  #: the calculation at the chosen m and p
    current: tuple              #: (m, p, breakeven risk, tolerates) at the chosen setting


def us_calculation_state(incomes, hegemon: int, taste: float, threat_alone: float,
                         collapse_risk: float) -> USCalculationState:
    """:func:`us_calculation` over :data:`THREAT_ALONE_GRID` (the breakeven curve) and at one
    setting of the threat alone ``m`` and the collapse risk ``p``."""
    curve = [us_calculation(incomes, taste, hegemon=hegemon, threat_alone=m) for m in THREAT_ALONE_GRID]
    calc = us_calculation(incomes, taste, hegemon=hegemon, threat_alone=threat_alone,
                          collapse_risk=collapse_risk)
    return USCalculationState(THREAT_ALONE_GRID, np.array([c.breakeven_risk for c in curve]), calc,
                              (float(threat_alone), float(collapse_risk), calc.breakeven_risk,
                               calc.tolerates))
