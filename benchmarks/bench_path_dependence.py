"""Path dependence: the step-back explorer's history curve, solved at once against year by year.

One step of lesson 3's 'learning rate λ' slider recomputes how long the gap lasts
for 21 lengths of history (``gap_by_history``): 21 runs of 60 years, each year a
Nash solve. The baseline is the code as first written: each run counts beliefs
year by year and calls the validated ``allied_response`` once per year. The
library now checks once and solves all 1,260 years together
(``public_good._nash_many``). Both are measured here, in one run, on the Europe
preset, and checked to agree.
"""

from __future__ import annotations

import math

import numpy as np

from benchmarks.timing import median_seconds, ratio, report
from course_lib.models import leadership as L
from course_lib.models import path_dependence as P


def step_back_year_by_year(incomes, taste, q_bar, threat, history, rule, lam, cut, step_year):
    """Years until the gap closes, as first written: one validated Nash solve per year."""
    years = P.STEP_BACK_YEARS
    delivered = np.ones(years)
    delivered[step_year:] = 1.0 - cut
    beliefs = np.empty(years)
    alpha, beta = 1.0 + history, 1.0
    b = P.seed_belief(history, "adaptive", lam)
    for t, f in enumerate(delivered):
        beliefs[t] = alpha / (alpha + beta) if rule == "count" else b
        alpha, beta, b = alpha + f, beta + 1.0 - f, b + lam * (f - b)
    allied = np.array([L.allied_response(incomes, taste, x * q_bar).sum() for x in beliefs])
    gap = np.maximum(threat - (delivered * q_bar + allied), 0.0)
    after = gap[step_year:]
    if not np.any(after > 1e-9):
        return 0.0
    first = int(np.flatnonzero(after > 1e-9)[0])
    shut = np.flatnonzero(after[first:] <= 1e-9)
    return float(first + shut[0]) if shut.size else math.inf


def main() -> None:
    eu = L.EUROPE
    q_bar = P._usual_spending("europe")
    args = (eu.incomes, eu.taste, q_bar, eu.threat)

    def old_curve(lam):
        return np.array(
            [step_back_year_by_year(*args, int(h), "adaptive", lam, 0.5, 5) for h in P.HISTORIES]
        )

    def new_curve(lam):
        return P.gap_by_history(
            *args, P.HISTORIES, rule="adaptive", learning_rate=lam, years=P.STEP_BACK_YEARS
        )["years_to_close"]

    agree = all(np.array_equal(old_curve(lam), new_curve(lam)) for lam in (0.05, 0.2, 0.6))
    old = median_seconds(lambda: old_curve(0.2), repeat=3)
    new = median_seconds(lambda: new_curve(0.2), repeat=7)
    report("years-to-close curve, 21 histories: year by year", old)
    report("years-to-close curve, 21 histories: solved at once", new, "<= 5 ms")
    ratio("speed-up", old / new)
    print(f"  the two agree for λ = 0.05, 0.2, 0.6: {agree}")

    lams = iter(np.linspace(0.01, 1.0, 1000))  # a new λ every call: the curve's cache misses
    step = median_seconds(lambda: P.step_back_state("Europe", next(lams), 70, 0.5, 5), repeat=9)
    report("step_back_state, one λ step (uncached curve)", step, "<= 5 ms")


if __name__ == "__main__":
    main()
