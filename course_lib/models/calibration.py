r"""The models meet the data: tastes calibrated from observed spending, fits, tests and counterfactuals.

**Calibrating tastes.** Observed spending :math:`q_i` and incomes :math:`I_i` of
``n`` allies, outside spending ``G`` and the observed total
:math:`Q = G + \sum_j q_j`. In the pure model (lesson 1) a contributor's
first-order condition :math:`I_i - q_i = r_i Q`, :math:`r_i = (1-a_i)/a_i`,
inverts to

.. math:: a_i = \frac{Q}{Q + I_i - q_i}.

An ally that spends nothing is a free rider for every taste up to the one at
which its best response :math:`a_i I_i - (1-a_i) Q` is exactly zero, which is the
same formula with :math:`q_i = 0`; :func:`calibrate_tastes` returns that largest
free-riding taste. With these tastes the observed spending is the (unique) Nash
equilibrium, so :func:`course_lib.models.free_rider.nash_contributions`
reproduces it. In the joint-product model (:mod:`course_lib.models.joint_product`)
with private share :math:`s_i` the first-order condition inverts to

.. math:: a_i = \Big[1 + (I_i - q_i)\Big(\frac{1-s_i}{Q} + \frac{s_i}{q_i}\Big)\Big]^{-1},

which needs :math:`q_i > 0` when :math:`s_i > 0` (a joint-product ally always spends).

**The private share that fits best.** With one free taste per ally every private
share reproduces the data, so the share is not identified from one year alone.
:func:`fit_private_share` therefore restricts the tastes: one common taste
:math:`a` for every ally, and chooses :math:`(a, s)` to minimise the root mean
square error of the predicted burdens :math:`100\,q_i^*/I_i` (percentage points)
against the observed ones. :math:`s = 0` is the best pure model.

**Spill-in test** (in the spirit of Murdoch and Sandler 1984). For each ally a
time-series regression

.. math:: q_{it} = c_i + \beta_i I_{it} + \gamma_i Q_{-i,t} + \varepsilon_{it},
          \qquad Q_{-i,t} = \sum_{j \ne i} q_{jt}.

In the pure model a contributor's demand is :math:`q_i = a_i (I_i + Q_{-i}) - Q_{-i}`:
security depends only on *full income* :math:`I_i + Q_{-i}`, so the spill-in
coefficient is :math:`\gamma_i = \beta_i - 1 < 0` (the others' spending crowds out the
ally's own almost one for one). Private benefits break that restriction:
an ally buying its own security does not cut back when the others spend more.
:func:`spill_in_test` estimates :math:`\beta_i, \gamma_i` by least squares and tests
:math:`H_0: \gamma_i - \beta_i + 1 = 0` with the usual t statistic.

**Counterfactual.** :func:`us_cut` calibrates every ally's taste on the observed
year, then lets the United States (or any ``hegemon``) cut its spending by a
fraction ``x`` and hold it there (outside spending :math:`G = (1-x) q_H`); the
others play the Nash equilibrium of the calibrated model.

References: J. C. Murdoch and T. Sandler (1984), "Complementarity, Free Riding,
and the Military Expenditures of NATO Allies", *Journal of Public Economics*
25(1-2); T. Sandler and K. Hartley (2001), "Economics of Alliances: The Lessons
for Collective Action", *Journal of Economic Literature* 39(3).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import special  # stdtr is scipy.stats.t's own cdf, without importing scipy.stats
from scipy.optimize import least_squares, minimize_scalar

from course_lib.models import evidence, free_rider, joint_product
from course_lib.models import validation as check

__all__ = [
    "CalibrationState",
    "Counterfactual",
    "PrivateShareFit",
    "best_common_taste",
    "burden_fit",
    "calibrate_tastes",
    "calibrated_panel",
    "calibration_state",
    "fit_private_share",
    "predicted_burdens",
    "sipri_constant_panel",
    "spill_in_test",
    "us_cut",
]

#: private shares tried by :func:`fit_private_share` before the local refinement
SHARE_GRID = np.linspace(0.0, 0.99, 34)
#: common tastes tried for each share before the local refinement (log-spaced)
TASTE_GRID = np.geomspace(1e-3, 0.5, 30)


def _observed(incomes, spending, outside):
    incomes = check.vector(incomes, "incomes", minimum=0.0, strict=True)
    q = check.vector(spending, "spending", minimum=0.0)
    check.same_length("spending", q, "incomes", incomes)
    if np.any(q >= incomes):
        i = int(np.flatnonzero(q >= incomes)[0])
        raise ValueError(
            f"spending must be below each ally's income (entry {i}: {q[i]!r} >= {incomes[i]!r})"
        )
    outside = check.scalar(outside, "outside", minimum=0.0)
    total = outside + float(q.sum())
    if total <= 0.0:
        raise ValueError(
            "spending must not be all zero (with outside = 0): nobody spends, "
            "so no taste for security can be read off the data"
        )
    return incomes, q, outside, total


def calibrate_tastes(incomes, spending, outside=0.0, private_share=0.0) -> np.ndarray:
    r"""The tastes :math:`a_i` under which the observed spending is the Nash equilibrium.

    Parameters
    ----------
    incomes : array_like, shape (n,)
        Incomes (GDP) :math:`I_i > 0`.
    spending : array_like, shape (n,)
        Observed defence spending, :math:`0 \le q_i < I_i`, same units; not all zero
        unless ``outside`` > 0.
    outside : float, default 0
        Spending :math:`G \ge 0` by a player outside the game.
    private_share : float or array_like, default 0
        :math:`s_i \in [0, 1)`. ``0`` is the pure model:
        :math:`a_i = Q/(Q + I_i - q_i)`; an ally spending nothing gets the largest
        taste at which it still free-rides. Otherwise
        :math:`a_i = 1/[1 + (I_i - q_i)((1-s_i)/Q + s_i/q_i)]`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Tastes in (0, 1); ``joint_product.nash_contributions(incomes, tastes,
        private_share, outside)`` gives back ``spending``.
    """
    incomes, q, outside, total = _observed(incomes, spending, outside)
    share = check.per_ally(
        private_share, "private_share", incomes.size, minimum=0.0, maximum=1.0, strict_max=True
    )
    if np.any((share > 0) & (q <= 0)):
        i = int(np.flatnonzero((share > 0) & (q <= 0))[0])
        raise ValueError(
            f"spending must be > 0 where private_share > 0 (entry {i}): with a private "
            "benefit every ally spends something, so zero spending has no taste"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(share > 0, share / np.where(q > 0, q, 1.0), 0.0)
    return 1.0 / (1.0 + (incomes - q) * ((1.0 - share) / total + own))


def predicted_burdens(incomes, taste, private_share=0.0, outside=0.0) -> np.ndarray:
    """Equilibrium burdens :math:`100\\,q_i^*/I_i` (% of income) of the joint-product model (``s = 0``: pure)."""
    incomes = check.vector(incomes, "incomes", minimum=0.0, strict=True)
    q = joint_product.nash_contributions(incomes, taste, private_share, outside)
    return 100.0 * q / incomes


def burden_fit(incomes, spending, taste, private_share=0.0, outside=0.0) -> float:
    """Root mean square error, in percentage points, of predicted against observed burdens."""
    incomes, q, outside, _ = _observed(incomes, spending, outside)
    predicted = predicted_burdens(incomes, taste, private_share, outside)
    return float(np.sqrt(np.mean((predicted - 100.0 * q / incomes) ** 2)))


class PrivateShareFit(NamedTuple):
    """The common taste and private share that fit a year's burdens best, and the best pure fit."""

    private_share: float  #: best-fitting private share s
    taste: float  #: the common taste a that goes with it
    rmse_pp: float  #: its root mean square error (percentage points of GDP)
    pure_taste: float  #: best common taste of the pure model (s = 0)
    pure_rmse_pp: float  #: the pure model's error (percentage points)
    spread_pp: float  #: root mean square deviation of observed burdens from their mean


def best_common_taste(incomes, spending, private_share=0.0, outside=0.0) -> tuple[float, float]:
    """The one taste for every ally whose equilibrium burdens fit the observed ones best, and its error.

    For a given private share: a grid over :data:`TASTE_GRID`, then a bounded
    refinement around the best grid point. Returns ``(taste, rmse_pp)``.
    """
    incomes, q, outside, _ = _observed(incomes, spending, outside)
    share = check.scalar(private_share, "private_share", minimum=0.0, maximum=1.0, strict_max=True)
    return _best_taste(incomes, q, share, outside)


def _common_burdens(incomes, taste, share, outside, guess=None):
    """Equilibrium burdens (%) of ``m`` games with one common taste and share each.

    ``taste`` and ``share`` have shape ``(m,)``; returns the burdens, shape ``(m, n)``,
    and the totals, shape ``(m,)``, from one vectorised solve
    (:func:`course_lib.models.joint_product._totals`) on checked inputs; one pure game
    (``s = 0``) by lesson 1's closed form, as :func:`predicted_burdens` does.
    """
    if taste.size == 1 and share[0] == 0.0:
        q = free_rider.nash_contributions(incomes, taste[0], outside)
        return (100.0 * q / incomes)[None, :], np.array([outside + q.sum()])
    taste, share = taste[:, None], share[:, None]
    total = joint_product._totals(incomes, taste, share, outside, guess)
    q = joint_product._replacement(total[:, None], incomes, taste, share)
    return 100.0 * q / incomes, total


def _rmse(predicted, observed):
    return np.sqrt(np.mean((predicted - observed) ** 2, axis=-1))


def _best_taste(incomes, q, share, outside, errors=None) -> tuple[float, float]:
    observed = 100.0 * q / incomes
    if errors is None:  # the grid, in one solve
        shares = np.full(TASTE_GRID.size, share)
        errors = _rmse(_common_burdens(incomes, TASTE_GRID, shares, outside)[0], observed)
    last = [None]  # each refinement step starts from the previous step's total

    def error(a):
        burdens, last[0] = _common_burdens(
            incomes, np.array([a]), np.array([share]), outside, last[0]
        )
        return float(_rmse(burdens[0], observed))

    k = int(np.argmin(errors))
    lo, hi = TASTE_GRID[max(k - 1, 0)], TASTE_GRID[min(k + 1, TASTE_GRID.size - 1)]
    res = minimize_scalar(error, bounds=(lo, hi), method="bounded", options={"xatol": 1e-7})
    if res.fun <= errors[k]:
        return float(res.x), float(res.fun)
    return float(TASTE_GRID[k]), float(errors[k])


def _refine(incomes, q, outside, taste, share):
    r"""The local minimum of the burden error in :math:`(a, s)` from a starting point.

    Bounded least squares (:func:`scipy.optimize.least_squares`) on the residuals
    :math:`100 q_i^*(a, s)/I_i - 100 q_i/I_i` with their exact Jacobian: differentiating
    the replacement quadratic :math:`k q^2 + bq - c = 0` (:math:`k = a(1-s)`,
    :math:`b = Q - k(Q + I_i)`, :math:`c = a s I_i Q`) at a fixed total gives
    :math:`\partial q_i = [I_i Q\, \partial(as) + q_i (Q + I_i - q_i)\, \partial k] / D_i`
    (:math:`D_i` the discriminant), and the equilibrium total moves by
    :math:`\sum_i \partial q_i / (1 - \sum_i q_i'(Q))`. Returns ``(taste, share, rmse_pp)``.
    """
    observed = 100.0 * q / incomes
    memo = {}

    def solve(x):
        key = (float(x[0]), float(x[1]))
        if key not in memo:
            a, s = np.array([key[0]]), np.array([key[1]])
            guess = memo["last"][1] if "last" in memo else None
            memo[key] = memo["last"] = _common_burdens(incomes, a, s, outside, guess)
        return memo[key]

    def residuals(x):
        return solve(x)[0][0] - observed

    def jacobian(x):
        a, s = float(x[0]), float(x[1])
        total = float(solve(x)[1][0])
        qi, slope, disc = joint_product._replacement_slope(total, incomes, a, s)
        spread = qi * (total + incomes - qi)
        with np.errstate(divide="ignore", invalid="ignore"):
            by_a = np.where(disc > 0, (incomes * total * s + spread * (1.0 - s)) / disc, 0.0)
            by_s = np.where(disc > 0, (incomes * total * a - spread * a) / disc, 0.0)
        moves = np.array([by_a.sum(), by_s.sum()]) / (1.0 - slope.sum())
        return 100.0 / incomes[:, None] * (np.column_stack([by_a, by_s]) + slope[:, None] * moves)

    bounds = ([TASTE_GRID[0], SHARE_GRID[0]], [TASTE_GRID[-1], SHARE_GRID[-1]])
    res = least_squares(
        residuals, [taste, share], jac=jacobian, bounds=bounds, xtol=1e-12, ftol=1e-14, gtol=1e-14
    )
    a, s = (float(v) for v in res.x)
    return a, s, float(_rmse(solve(res.x)[0][0], observed))


def fit_private_share(incomes, spending, outside=0.0) -> PrivateShareFit:
    r"""The common taste :math:`a` and private share :math:`s` whose equilibrium burdens fit the observed ones best.

    Minimises :math:`\sqrt{\tfrac1n \sum_i (100 q_i^*(a, s)/I_i - 100 q_i/I_i)^2}` over
    :math:`a \in [0.001, 0.5]` and :math:`s \in [0, 0.99]`: a grid (:data:`SHARE_GRID`,
    :data:`TASTE_GRID`, every point solved at once) followed by a bounded two-dimensional
    least-squares refinement from the best grid point (:func:`_refine`); the best of the
    refinement, that grid point and the pure fit is returned. Also reports the best
    pure model (:math:`s = 0`, :func:`best_common_taste`) and the spread of the observed
    burdens (the error of predicting every ally at the mean).
    """
    incomes, q, outside, _ = _observed(incomes, spending, outside)
    observed = 100.0 * q / incomes
    tastes, shares = np.meshgrid(TASTE_GRID, SHARE_GRID)  # rows: shares, columns: tastes
    burdens = _common_burdens(incomes, tastes.ravel(), shares.ravel(), outside)[0]
    errors = _rmse(burdens, observed).reshape(shares.shape)
    pure_taste, pure_rmse = _best_taste(incomes, q, 0.0, outside, errors[0])
    k, j = np.unravel_index(int(np.argmin(errors)), errors.shape)
    candidates = [
        (float(errors[k, j]), float(SHARE_GRID[k]), float(TASTE_GRID[j])),
        (pure_rmse, 0.0, pure_taste),
    ]
    taste, share, rmse = _refine(incomes, q, outside, TASTE_GRID[j], SHARE_GRID[k])
    candidates.append((rmse, share, taste))
    rmse, share, taste = min(candidates)
    spread = float(np.sqrt(np.mean((observed - observed.mean()) ** 2)))
    return PrivateShareFit(share, taste, rmse, pure_taste, pure_rmse, spread)


class Counterfactual(NamedTuple):
    """What the calibrated model predicts when the hegemon cuts its spending."""

    spending_before: np.ndarray  #: observed spending (the calibrated equilibrium)
    spending_after: np.ndarray  #: the new equilibrium, the hegemon's entry at its cut level
    total_before: float
    total_after: float
    replaced: float  #: share of the hegemon's cut the others make up (allies' rise / cut)


def us_cut(incomes, spending, hegemon: int, cut: float, private_share=0.0) -> Counterfactual:
    r"""If the hegemon cut its spending by the fraction ``cut``, what would the others do?

    Tastes are calibrated on the observed year (:func:`calibrate_tastes`, the
    hegemon's spending counting as outside spending, which leaves every taste as
    it is). The hegemon then spends :math:`(1 - x) q_H` whatever happens and the
    others play the Nash equilibrium of the joint-product model with private share
    ``private_share`` (0: the pure model). ``replaced`` is the others' increase
    divided by the hegemon's cut (``nan`` when ``cut`` is 0).
    """
    incomes = check.vector(incomes, "incomes", minimum=0.0, strict=True)
    q = check.vector(spending, "spending", minimum=0.0)
    check.same_length("spending", q, "incomes", incomes)
    hegemon = check.integer(hegemon, "hegemon", minimum=0, maximum=incomes.size - 1)
    cut = check.scalar(cut, "cut", minimum=0.0, maximum=1.0)
    share = check.per_ally(
        private_share, "private_share", incomes.size, minimum=0.0, maximum=1.0, strict_max=True
    )
    if incomes.size < 2:
        raise ValueError("incomes must name at least 2 allies: the hegemon and someone to respond")
    taste = calibrate_tastes(incomes, q, private_share=share)
    others = np.arange(incomes.size) != hegemon
    kept = (1.0 - cut) * q[hegemon]
    after = q.copy()
    after[hegemon] = kept
    after[others] = joint_product.nash_contributions(
        incomes[others], taste[others], share[others], outside=kept
    )
    reduction = q[hegemon] - kept
    rise = float(after[others].sum() - q[others].sum())
    replaced = rise / reduction if reduction > 0 else float("nan")
    return Counterfactual(q, after, float(q.sum()), float(after.sum()), replaced)


def calibrated_panel(panel: pd.DataFrame, private_share=0.0) -> pd.DataFrame:
    """Calibrated tastes for every year of a burden panel (``course_lib.models.evidence.burden_panel``).

    For each year, the members with GDP and spending (``member`` true,
    ``gdp_musd`` and ``spending_musd`` > 0) form the alliance, and
    :func:`calibrate_tastes` is applied with the given common ``private_share``.
    Returns ``iso3``, ``country``, ``year``, ``gdp_musd``, ``spending_musd``,
    ``burden_pct`` and ``taste``.
    """
    needed = {"iso3", "year", "gdp_musd", "spending_musd", "member"}
    missing = sorted(needed - set(panel.columns))
    if missing:
        raise ValueError(f"panel lacks the column(s) {missing}; see evidence.burden_panel()")
    share = check.scalar(private_share, "private_share", minimum=0.0, maximum=1.0, strict_max=True)
    keep = panel["member"].astype(bool) & (panel["gdp_musd"] > 0) & (panel["spending_musd"] > 0)
    rows = panel[keep].copy()
    if rows.empty:
        raise ValueError("panel has no member-year with both GDP and spending")
    rows["burden_pct"] = 100.0 * rows["spending_musd"] / rows["gdp_musd"]
    rows["taste"] = np.nan
    for _, idx in rows.groupby("year").groups.items():
        block = rows.loc[idx]
        rows.loc[idx, "taste"] = calibrate_tastes(
            block["gdp_musd"], block["spending_musd"], private_share=share
        )
    columns = [
        c
        for c in ("iso3", "country", "year", "gdp_musd", "spending_musd", "burden_pct", "taste")
        if c in rows.columns
    ]
    return rows[columns].sort_values(["year", "iso3"], ignore_index=True)


def spill_in_test(
    panel: pd.DataFrame, start: int | None = None, end: int | None = None, min_years: int = 8
) -> pd.DataFrame:
    r"""Murdoch-Sandler style spill-in regressions, one per ally, and the pure model's restriction.

    For each ally with at least ``min_years`` member-years in ``[start, end]``:
    ordinary least squares of :math:`q_{it}` on a constant, :math:`I_{it}` and the
    spill-in :math:`Q_{-i,t}` (the other members' spending that year), and the t
    test of :math:`\gamma_i = \beta_i - 1` (pure public good: only full income
    :math:`I_i + Q_{-i}` matters).

    Parameters
    ----------
    panel : DataFrame
        ``iso3``, ``year``, ``gdp_musd``, ``spending_musd``, ``member`` (as in
        ``evidence.burden_panel``), in constant prices for a time series.
    start, end : int, optional
        Years to use (default: all).
    min_years : int
        At least 5 (three coefficients and two residual degrees of freedom).

    Returns
    -------
    DataFrame, one row per ally
        ``iso3``, ``years``, ``income_coef`` (:math:`\beta`), ``spill_in_coef``
        (:math:`\gamma`), ``spill_in_se``, ``restriction`` (:math:`\gamma - \beta + 1`),
        ``t_restriction``, ``p_restriction`` (two-sided) and ``p_spill_in_negative``
        (one-sided p-value of :math:`\gamma < 0`).
    """
    needed = {"iso3", "year", "gdp_musd", "spending_musd", "member"}
    missing = sorted(needed - set(panel.columns))
    if missing:
        raise ValueError(f"panel lacks the column(s) {missing}; see evidence.burden_panel()")
    min_years = check.integer(min_years, "min_years", minimum=5)
    rows = panel[
        panel["member"].astype(bool) & (panel["gdp_musd"] > 0) & (panel["spending_musd"] > 0)
    ]
    if start is not None:
        rows = rows[rows["year"] >= check.integer(start, "start")]
    if end is not None:
        rows = rows[rows["year"] <= check.integer(end, "end")]
    if rows.empty:
        raise ValueError("panel has no member-year with GDP and spending in the years asked for")
    rows = rows.copy()
    rows["spill_in"] = (
        rows.groupby("year")["spending_musd"].transform("sum") - rows["spending_musd"]
    )
    out = []
    for code, block in rows.groupby("iso3", sort=True):
        if len(block) < min_years:
            continue
        x = np.column_stack([np.ones(len(block)), block["gdp_musd"], block["spill_in"]])
        y = block["spending_musd"].to_numpy(dtype=float)
        scale = np.abs(x).max(axis=0)
        coef, *_ = np.linalg.lstsq(x / scale, y, rcond=None)
        coef = coef / scale
        resid = y - x @ coef
        dof = len(block) - 3
        sigma2 = float(resid @ resid) / dof
        cov = sigma2 * np.linalg.pinv(x.T @ x)
        beta, gamma = float(coef[1]), float(coef[2])
        restriction = gamma - beta + 1.0
        var_r = cov[2, 2] + cov[1, 1] - 2.0 * cov[1, 2]
        se_r = float(np.sqrt(max(var_r, 0.0)))
        se_g = float(np.sqrt(max(cov[2, 2], 0.0)))
        t_r = restriction / se_r if se_r > 0 else np.inf * np.sign(restriction)
        t_g = gamma / se_g if se_g > 0 else np.inf * np.sign(gamma)
        out.append(
            {
                "iso3": code,
                "years": len(block),
                "income_coef": beta,
                "spill_in_coef": gamma,
                "spill_in_se": se_g,
                "restriction": restriction,
                "t_restriction": float(t_r),
                "p_restriction": float(2.0 * special.stdtr(dof, -abs(t_r))),  # Student t tails
                "p_spill_in_negative": float(special.stdtr(dof, t_g)),
            }
        )
    if not out:
        raise ValueError(f"no ally has min_years={min_years} member-years in the years asked for")
    return pd.DataFrame(out)


def sipri_constant_panel(sipri: pd.DataFrame, accession: pd.Series) -> pd.DataFrame:
    r"""SIPRI's series as a constant-price panel for :func:`spill_in_test`.

    ``sipri`` is ``course_lib.data.load_sipri()``, ``accession`` is
    ``course_lib.data.accession_years()``. Spending is ``milex_musd_const2023``;
    SIPRI gives no GDP, so GDP at the same prices is spending over the share,
    :math:`Y = M / (b/100)`. ``member`` is true from the accession year on.
    """
    needed = {"iso3", "year", "milex_musd_const2023", "milex_share_of_gdp_pct"}
    missing = sorted(needed - set(sipri.columns))
    if missing:
        raise ValueError(f"sipri lacks the column(s) {missing}; see course_lib.data.load_sipri()")
    spending = sipri["milex_musd_const2023"]
    gdp = spending / (sipri["milex_share_of_gdp_pct"] / 100.0)
    joined = sipri["iso3"].map(accession)
    return pd.DataFrame(
        {
            "iso3": sipri["iso3"],
            "year": sipri["year"],
            "gdp_musd": gdp.where(np.isfinite(gdp) & (gdp > 0)),
            "spending_musd": spending,
            "member": joined.notna() & (sipri["year"] >= joined.fillna(np.inf)),
        }
    )


#: The hegemon of the calibration explorer's U.S. cut.
HEGEMON = "USA"
_counterfactual = us_cut  # the state function's argument of the same name shadows it


class CalibrationState(NamedTuple):
    """What the calibration explorer shows for one year, private share and U.S. cut."""

    year: int
    private_share: float
    us_cut: float
    names: (
        np.ndarray
    )  #: ISO3 codes, largest economy first (:func:`~course_lib.models.evidence.cross_section`)
    gdp: np.ndarray  #: million US$ at 2015 prices
    observed: np.ndarray  #: observed burdens (% of GDP)
    predicted: np.ndarray  #: burdens predicted with the best common taste (% of GDP)
    taste: float  #: that taste (:func:`best_common_taste`)
    hegemon: int  #: position of the United States in ``names``
    counterfactual: Counterfactual  #: :func:`us_cut` with every ally's own calibrated taste


@lru_cache(maxsize=None)
def _nato_year(year):
    """ISO3 codes, GDP and spending of NATO's ``year`` (:func:`evidence.cross_section`), read-only.

    Cached: the shipped table does not change, and the explorer revisits its years.
    """
    cs = evidence.cross_section(year, "nato")
    arrays = (
        cs["iso3"].to_numpy(),
        cs["gdp_musd"].to_numpy(dtype=float),
        cs["spending_musd"].to_numpy(dtype=float),
    )
    for a in arrays:
        a.setflags(write=False)
    return arrays


def calibration_state(
    year: int = 2024, private_share: float = 0.0, us_cut: float = 0.2
) -> CalibrationState:
    """The calibration explorer's state on NATO's data of ``year`` (2014-2024): observed
    burdens against those one common taste predicts with private share ``private_share``
    (0 <= s < 1), and the others' answer when the United States cuts its spending by the
    fraction ``us_cut`` (0-1), every ally's taste calibrated on that year."""
    private_share = check.scalar(
        private_share, "private_share", minimum=0.0, maximum=1.0, strict_max=True
    )
    cut = check.scalar(us_cut, "us_cut", minimum=0.0, maximum=1.0)
    names, gdp, spending = _nato_year(year)
    taste, _ = best_common_taste(gdp, spending, private_share)
    hegemon = int(np.flatnonzero(names == HEGEMON)[0])
    return CalibrationState(
        int(year),
        private_share,
        cut,
        names,
        gdp,
        100.0 * spending / gdp,
        predicted_burdens(gdp, taste, private_share),
        taste,
        hegemon,
        _counterfactual(gdp, spending, hegemon, cut, private_share),
    )
