"""Free-rider model: closed form vs best-response dynamics, the closed form at scale, one explorer update."""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds, ratio, report
from course_lib.models import free_rider as fr


def main() -> None:
    rng = np.random.default_rng(2024)
    tol = 1e-9

    n = 1_000
    incomes = rng.lognormal(0.0, 1.0, n)
    taste = rng.uniform(0.1, 0.5, n)
    closed = median_seconds(lambda: fr.nash_contributions(incomes, taste), repeat=15, number=20)
    path = fr.best_response_dynamics(incomes, taste, tol=tol)
    error = np.abs(path[-1] - fr.nash_contributions(incomes, taste)).max()
    iterative = median_seconds(lambda: fr.best_response_dynamics(incomes, taste, tol=tol), repeat=5)
    print(
        f"n = {n:,} allies; dynamics stop when no ally moves by more than {tol:g} "
        f"({len(path) - 1} rounds, max distance to the closed form {error:.1e})"
    )
    report("closed form (sort)", closed)
    report("sequential best-response dynamics", iterative)
    ratio("closed form speed-up", iterative / closed, ">= 100x")

    n = 100_000
    incomes = rng.lognormal(0.0, 1.0, n)
    taste = rng.uniform(0.05, 0.95, n)
    big = median_seconds(lambda: fr.nash_contributions(incomes, taste), repeat=9)
    report(f"closed form at n = {n:,}", big, "< 50 ms")

    from course_lib.apps.free_rider import free_rider_explorer

    explorer = free_rider_explorer()
    slider = explorer.controls["allies"]
    slider.value = 32
    values = iter(np.tile([0.05, 0.08, 0.12, 0.16], 100))
    taste_control = explorer.controls["taste"]

    def one_update():
        taste_control.value = float(next(values))  # the observer runs model + figure update

    update = median_seconds(one_update, repeat=41)
    report("one explorer update at 32 allies (model + figures)", update, "< 16 ms")
