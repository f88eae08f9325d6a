"""Gridlock Monte Carlo: the vectorised estimate against a plain Python loop, measured in one run.

Also: the first member beyond each one found from the first 8 members against the full
32 x 32 table (lesson 6's 100,000-draw call), and one gridlock-explorer step with the draws
kept for the seed against drawing them again.

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
    head_against_full_table()
    explorer_step()


def head_against_full_table() -> None:
    """The first member beyond each one, from the first 8 members (then the rest where none
    is), against the full 32 x 32 table of cross-product signs the library used before."""
    rng = np.random.default_rng(3)
    ideals, status_quo = veto_players.draw_members(rng, 1024, MEMBERS)
    v = ideals - status_quo[:, None, :]
    full = median_seconds(lambda: _outside_first_full_table(v), repeat=15)
    head = median_seconds(lambda: veto_players._outside_first_fast(v), repeat=15)
    same = np.array_equal(_outside_first_full_table(v), veto_players._outside_first_fast(v))
    report("first member beyond, full 32 x 32 table (1,024 draws)", full)
    report("first member beyond, first 8 then the rest (1,024 draws)", head)
    ratio("speed-up", full / head)
    print(f"  the two agree: {same}")
    before = median_seconds(lambda: _enlargement_full_table(100_000, 1949), repeat=3)
    after = median_seconds(
        lambda: veto_players.gridlock_along_enlargement(100_000, seed=1949), repeat=3
    )
    same = _enlargement_full_table(100_000, 1949).equals(
        veto_players.gridlock_along_enlargement(100_000, seed=1949)
    )
    report("lesson 6: gridlock_along_enlargement(100_000), full table", before)
    report("lesson 6: gridlock_along_enlargement(100_000), now", after, "<= 0.15 s")
    ratio("speed-up", before / after)
    print(f"  the same table: {same}")


def _outside_first_full_table(v: np.ndarray) -> np.ndarray:
    """veto_players._outside_first_fast as it was: the whole N x N table of float32 signs."""
    return _first_beyond_full_table(v[..., 0].astype(np.float32), v[..., 1].astype(np.float32))


def _first_beyond_full_table(vx: np.ndarray, vy: np.ndarray, head: int = 0) -> np.ndarray:
    """The same from the float32 coordinates (``head`` ignored: every pair is compared)."""
    n = vx.shape[1]
    beyond = np.less(vx[:, :, None] * vy[:, None, :], vy[:, :, None] * vx[:, None, :])
    first = np.argmax(beyond, axis=-1)
    found = np.take_along_axis(beyond, first[..., None], axis=-1)[..., 0]
    return np.where(found, first + 1, n + 1)


def _enlargement_full_table(draws: int, seed: int, spread: float = 1.0):
    """gridlock_along_enlargement as it was: fresh draws and the full table of signs."""
    original = veto_players._first_beyond32
    veto_players._first_beyond32 = _first_beyond_full_table
    try:
        return veto_players.gridlock_along_enlargement(draws, seed=seed, spread=spread)
    finally:
        veto_players._first_beyond32 = original


def explorer_step() -> None:
    """One step of the gridlock explorer's spread slider: fresh draws every step (as before)
    against the draws kept for the seed (as now)."""
    draws, seed = 20_000, 1949
    spreads = iter(np.tile(np.round(np.arange(0.0, 3.01, 0.1), 1), 50))
    veto_players.gridlock_state(1.0, draws=draws, seed=seed)  # the draws are kept from here on
    fresh = median_seconds(lambda: _enlargement_full_table(draws, seed, next(spreads)), repeat=7)
    kept = median_seconds(
        lambda: veto_players.gridlock_state(next(spreads), draws=draws, seed=seed), repeat=7
    )
    report("gridlock explorer step, as before (fresh draws, full table)", fresh)
    report("gridlock explorer step, draws kept", kept, "<= 5 ms")
    ratio("speed-up", fresh / kept)


if __name__ == "__main__":
    main()
