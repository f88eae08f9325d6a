"""Consensus over budget splits (lesson 4): which of 100,000 random splits every ally prefers.

``acceptable_to_all`` now tests the candidates member by member, each member only on
the candidates every earlier one accepted; as first written it built the whole
(candidates x members x threats) table of squared distances. Both are timed in one
run on the lesson's own call and checked to agree.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds, ratio, report
from course_lib.models import threats


def acceptable_by_table(ideals, status_quo, candidates) -> np.ndarray:
    """As first written: the whole table of squared distances, then one comparison."""
    x, s = np.asarray(ideals, dtype=float), np.asarray(status_quo, dtype=float)
    y = np.asarray(candidates, dtype=float)
    radius = np.sum((s[None, :] - x) ** 2, axis=1)
    dist = np.sum((y[:, None, :] - x[None, :, :]) ** 2, axis=2)
    return np.all(dist < radius[None, :] - 1e-12 * np.maximum(1.0, radius.max()), axis=1)


def main() -> None:
    ideal = threats.ideal_allocation(threats.threat_priorities())
    even = np.full(4, 25.0)
    splits = np.random.default_rng(4).dirichlet(np.ones(4), 100_000) * 100
    europe = [c for c in ideal.index if c not in ("USA", "CAN", "JPN", "KOR", "AUS", "NZL")]
    for label, members in (("European allies", europe), ("all 36 allies", list(ideal.index))):
        x = ideal.loc[members].to_numpy()
        same = np.array_equal(
            acceptable_by_table(x, even, splits), threats.acceptable_to_all(x, even, splits)
        )
        old = median_seconds(lambda x=x: acceptable_by_table(x, even, splits), repeat=3)
        new = median_seconds(lambda x=x: threats.acceptable_to_all(x, even, splits), repeat=7)
        report(f"{label}, 100,000 splits: whole table", old)
        report(f"{label}, 100,000 splits: member by member", new)
        ratio("speed-up", old / new)
        print(f"  same answer: {same}")


if __name__ == "__main__":
    main()
