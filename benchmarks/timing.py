"""Small timing helpers shared by the benchmarks (wall clock, best-of and median of repeats)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def report(label: str, seconds: float, target: str | None = None) -> None:
    """One aligned line: what, how long, and the target it is measured against."""
    shown = f"{seconds * 1e3:10.3f} ms"
    print(f"  {label:<58}{shown}" + (f"   (target: {target})" if target else ""))


def ratio(label: str, value: float, target: str | None = None) -> None:
    print(f"  {label:<58}{value:10.1f} x" + (f"   (target: {target})" if target else ""))
