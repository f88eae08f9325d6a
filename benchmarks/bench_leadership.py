"""Leadership trap and path dependence: the hegemon's optimisation at 32 allies, explorer updates."""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds, report
from course_lib.models import leadership as L
from course_lib.models import path_dependence as P


def main() -> None:
    # 32 allies: NATO's 31 others from the Europe preset plus one more of median size.
    incomes = np.append(L.EUROPE.incomes, np.median(L.EUROPE.incomes))
    params = {**L.EUROPE.parameters(), "incomes": incomes}
    assert incomes.size == 32
    best = L.hegemon_optimum(**params)
    grid = np.linspace(0.0, 3 * best.spending, 3001)
    gap = np.max(L.leadership_payoff(grid, **params)) - best.payoff
    print(
        f"n = 32 allies (Europe preset + 1): q_H* = {best.spending:.4f}, "
        f"fine grid beats it by {max(gap, 0.0):.1e}"
    )
    report(
        "hegemon optimum (grid seed + bounded refinement)",
        median_seconds(lambda: L.hegemon_optimum(**params), repeat=21),
        "< 20 ms",
    )
    report(
        "damned-if-you-do curve (161 points + optimum)",
        median_seconds(lambda: L.leadership_trap_curve(**params), repeat=11),
    )
    report(
        "credible-threat game (optimum, alone, tree)",
        median_seconds(lambda: L.threat_game(**params), repeat=11),
    )
    report(
        "step back, 60 years, counting rule",
        median_seconds(
            lambda: P.step_back(incomes, L.EUROPE.taste, best.spending, L.EUROPE.threat), repeat=11
        ),
    )

    from course_lib.apps.leadership import leadership_explorer
    from course_lib.apps.path_dependence import step_back_explorer

    explorer = leadership_explorer()
    threats = iter(np.tile([4.8, 5.0, 5.2, 5.4], 100))
    control = explorer.controls["threat"]

    def one_update():
        control.value = float(next(threats))

    report(
        "one payoff-explorer update (model + two figures)",
        median_seconds(one_update, repeat=21),
        "< 100 ms",
    )
    timeline = step_back_explorer()
    histories = iter(np.tile([60, 70, 80], 100))
    history = timeline.controls["history"]

    def one_timeline_update():
        history.value = int(next(histories))

    report(
        "one step-back-explorer update (history slider)",
        median_seconds(one_timeline_update, repeat=21),
        "< 100 ms",
    )


if __name__ == "__main__":
    main()
