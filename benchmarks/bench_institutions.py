"""Gridlock Monte Carlo: the vectorised estimate against a plain Python loop, measured in one run.

The vectorised version draws 100,000 alliances of 32 members and gets the gridlock
probability for every size 1..32 from nested draws (cross products and running
maxima, no hull). The loop does what one would write first: for each draw and
each size, build the convex hull with scipy (Qhull) and test the status quo
against its facets. The loop is timed on fewer draws and reported per draw; the
ratio compares the two per draw.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.spatial import ConvexHull

from benchmarks.timing import median_seconds, ratio, report
from course_lib.models import veto_players

DRAWS = 100_000
MEMBERS = 32
LOOP_DRAWS = 1_000


def gridlock_by_loop(ideals: np.ndarray, status_quo: np.ndarray) -> np.ndarray:
    """Plain loop: for every draw and every alliance size, one Qhull hull and a facet test."""
    draws, members, _ = ideals.shape
    out = np.zeros((draws, members), dtype=bool)
    for d in range(draws):
        for n in range(3, members + 1):
            hull = ConvexHull(ideals[d, :n])
            out[d, n - 1] = bool(
                np.all(hull.equations[:, :2] @ status_quo[d] + hull.equations[:, 2] <= 1e-12)
            )
    return out


def main() -> None:
    sizes = np.arange(1, MEMBERS + 1)
    veto_players.gridlock_probability(sizes, 2_000, seed=0)  # warm up imports and caches
    vectorised = median_seconds(
        lambda: veto_players.gridlock_probability(sizes, DRAWS, seed=1), repeat=3
    )
    report(f"vectorised: {DRAWS:,} draws x sizes 1..{MEMBERS}", vectorised, "< 1 s")

    rng = np.random.default_rng(2)
    ideals, status_quo = veto_players.draw_members(rng, LOOP_DRAWS, MEMBERS)
    start = time.perf_counter()
    slow = gridlock_by_loop(ideals, status_quo)
    loop = time.perf_counter() - start
    fast = veto_players._gridlocked_prefixes(ideals, status_quo, exact=False)  # the timed path
    agree = bool(np.array_equal(slow, fast))
    report(f"plain loop with Qhull: {LOOP_DRAWS:,} draws", loop)
    report(f"plain loop, scaled to {DRAWS:,} draws", loop * DRAWS / LOOP_DRAWS)
    ratio("vectorised speed-up per draw", (loop / LOOP_DRAWS) / (vectorised / DRAWS), ">= 100x")
    print(
        f"  loop and vectorised agree on all {LOOP_DRAWS * MEMBERS:,} (draw, size) cases: {agree}"
    )


if __name__ == "__main__":
    main()
