"""Lesson 9: the private-share fit of every NATO year (the lesson's cell) and one step of the
calibration explorer, against the approach they replaced, measured in the same run.

The old approach (kept here only, as the baseline): each equilibrium total found alone by
Brent's method on [1e-300 H, H], the fit a nested search (the best taste for each of the 34
grid shares by grid + bounded Brent, then bounded Brent over the share, each step a full
best-taste search), and the explorer reading its year from the panel at every step.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from benchmarks.timing import median_seconds, ratio, report
from course_lib.models import calibration as cal
from course_lib.models import evidence, free_rider, joint_product

YEARS = range(2014, 2025)


def old_burdens(incomes, taste, share):
    if share == 0.0:
        q = free_rider.nash_contributions(incomes, taste)
    else:
        a, s = np.full(incomes.size, taste), np.full(incomes.size, share)

        def excess(total):
            return float(joint_product._replacement(total, incomes, a, s).sum()) - total

        high = float(incomes.sum())
        total = brentq(excess, high * 1e-300, high, xtol=1e-300, rtol=4 * np.finfo(float).eps)
        q = joint_product._replacement(total, incomes, a, s)
    return 100.0 * q / incomes


def old_best_taste(incomes, spending, share):
    observed = 100.0 * spending / incomes

    def error(a):
        return float(np.sqrt(np.mean((old_burdens(incomes, a, share) - observed) ** 2)))

    errors = [error(a) for a in cal.TASTE_GRID]
    k = int(np.argmin(errors))
    lo, hi = cal.TASTE_GRID[max(k - 1, 0)], cal.TASTE_GRID[min(k + 1, cal.TASTE_GRID.size - 1)]
    res = minimize_scalar(error, bounds=(lo, hi), method="bounded", options={"xatol": 1e-7})
    return (
        (float(res.x), float(res.fun)) if res.fun <= errors[k] else (cal.TASTE_GRID[k], errors[k])
    )


def old_fit(incomes, spending):
    fits = [old_best_taste(incomes, spending, s) for s in cal.SHARE_GRID]
    k = int(np.argmin([f[1] for f in fits]))
    lo, hi = cal.SHARE_GRID[max(k - 1, 0)], cal.SHARE_GRID[min(k + 1, cal.SHARE_GRID.size - 1)]
    res = minimize_scalar(
        lambda s: old_best_taste(incomes, spending, s)[1],
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-5},
    )
    share, (taste, rmse) = cal.SHARE_GRID[k], fits[k]
    if res.fun < rmse:
        share = float(res.x)
        taste, rmse = old_best_taste(incomes, spending, share)
    return share, taste, rmse


def old_state(year, share, cut):
    cs = evidence.cross_section(year, "nato")
    names = cs["iso3"].to_numpy()
    gdp, spending = cs["gdp_musd"].to_numpy(), cs["spending_musd"].to_numpy()
    taste, _ = old_best_taste(gdp, spending, share)
    usa = int(np.flatnonzero(names == cal.HEGEMON)[0])
    return old_burdens(gdp, taste, share), cal.us_cut(gdp, spending, usa, cut, share)


def main() -> None:
    data = [
        tuple(evidence.cross_section(y, "nato")[["gdp_musd", "spending_musd"]].to_numpy().T)
        for y in YEARS
    ]
    new = [cal.fit_private_share(*d) for d in data]
    old = [old_fit(*d) for d in data]
    worst = max(abs(n.private_share - o[0]) for n, o in zip(new, old))
    gain = max((o[2] - n.rmse_pp) / o[2] for n, o in zip(new, old))
    print(
        f"fits of {len(data)} years: largest share difference {worst:.1e}, "
        f"largest relative rmse improvement {gain:.1e} (never worse: "
        f"{all(n.rmse_pp <= o[2] * (1 + 1e-12) for n, o in zip(new, old))})"
    )
    before = median_seconds(lambda: [old_fit(*d) for d in data], repeat=1)
    after = median_seconds(lambda: [cal.fit_private_share(*d) for d in data], repeat=5)
    report("old: fit_private_share, 2014-2024 (nested Brent)", before)
    report("new: fit_private_share, 2014-2024 (lesson 9 cell 11)", after, "< 300 ms")
    ratio("speed-up", before / after)
    for share in (0.0, 0.3):
        settings = [(y, share, 0.2) for y in YEARS]

        def step_old(settings=settings):
            for s in settings:
                old_state(*s)

        def step_new(settings=settings):
            for s in settings:
                cal.calibration_state(*s)

        before = median_seconds(step_old, repeat=5) / len(settings)
        after = median_seconds(step_new, repeat=5) / len(settings)
        report(f"old: calibration_state, one year step (s = {share})", before)
        report(f"new: calibration_state, one year step (s = {share})", after, "< 5 ms")
        ratio("speed-up", before / after)


if __name__ == "__main__":
    main()
