"""The hegemon's optimum and payoff curve: Nash solves on the whole grid at once, against one at a time.

``hegemon_optimum`` evaluates the hegemon's payoff W on a grid of 241 to 4,001
spending levels, then refines around the best; ``leadership_trap_curve`` evaluates
it on 162 more. Each level is one Nash solve of the allies' game. As first
written, each was a validated ``nash_contributions`` call; now the grid is solved
at once (``public_good._nash_many``) and the refinement's single solves skip the
checks (the inputs were checked once). The baseline is the library with its
three grid helpers swapped back to the one-at-a-time versions, timed in the same
run, and the answers are compared.
"""

from __future__ import annotations

import contextlib

import numpy as np
from scipy import special

from benchmarks.timing import median_seconds, ratio, report
from course_lib.models import free_rider
from course_lib.models import leadership as L
from course_lib.models import stackelberg as sb


def _state_one_at_a_time(q_h, p):
    allied = free_rider.nash_contributions(p.incomes, p.taste, outside=q_h)
    r = (1.0 - p.taste) / p.taste
    a = float(allied.sum())
    return a, q_h + a, float(1.0 / (1.0 + r[allied > 0.0].sum()))


def _totals_one_at_a_time(q, p):
    states = [_state_one_at_a_time(x, p) for x in q]
    return np.array([s[0] for s in states]), np.array([s[1] for s in states])


def _payoffs_one_at_a_time(q, p):
    out = []
    for x in q:
        _, total, _ = _state_one_at_a_time(x, p)
        share = x / total if total > 0 else 0.0
        prob = special.expit((total - p.threat) / p.scale)
        out.append(p.value * prob + p.influence_value * share - p.cost * x)
    return np.array(out)


@contextlib.contextmanager
def one_at_a_time():
    """The library as it was: every point of every grid a separate validated Nash solve."""
    saved = sb._state, sb._totals, sb._payoffs
    sb._state, sb._totals, sb._payoffs = (
        _state_one_at_a_time,
        _totals_one_at_a_time,
        _payoffs_one_at_a_time,
    )
    try:
        yield
    finally:
        sb._state, sb._totals, sb._payoffs = saved


def _same(a, b) -> bool:
    """Exactly equal, field by field (arrays element by element)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and not hasattr(a, "__dataclass_fields__"):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def main() -> None:
    cases = {
        "hegemon_optimum, Europe (31 allies)": lambda: L.EUROPE.optimum(),
        "hegemon_optimum, Indo-Pacific (4 allies)": lambda: L.INDO_PACIFIC.optimum(),
        "regions_state (lesson 2 'threats' step)": lambda: L.regions_state(1.1),
        "leadership_state (lesson 2 'threat T' step)": lambda: L.leadership_state("Europe", 5.2),
    }
    for label, run in cases.items():
        now = run()
        with one_at_a_time():
            before = run()
            old = median_seconds(run, repeat=5)
        new = median_seconds(run, repeat=15)
        same = _same(now, before)
        report(f"{label}: one at a time", old)
        report(f"{label}: the grid at once", new, "<= 5 ms" if "step" in label else None)
        ratio("speed-up", old / new)
        print(f"  same answer: {same}")


if __name__ == "__main__":
    main()
