"""Hypothesis strategies shared by the model tests: incomes, tastes and alliances of n allies.

``alliances()`` draws ``(incomes, taste)``: n incomes and either one common taste for security or
one per ally; with ``outside=`` values it also draws the spending of allies outside the model,
``(incomes, taste, outside)``. Narrow the ranges with ``incomes=`` and ``tastes=`` (low, high)
where a theorem needs a region, e.g. ``functools.partial(alliances, incomes=(0.5, 30.0))``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

INCOMES = (0.1, 100.0)
TASTES = (0.05, 0.95)
OUTSIDE = (0.0, 0.0, 1.0, 25.0)  # no outside spending twice as often as a little or a lot


def tastes(low: float = TASTES[0], high: float = TASTES[1]):
    """One taste for security a in [low, high] (0 < a < 1 for an interior Nash equilibrium)."""
    return st.floats(low, high)


def vectors(n: int, low: float, high: float):
    """An array of n floats in [low, high]."""
    return st.lists(st.floats(low, high), min_size=n, max_size=n).map(np.array)


@st.composite
def alliances(
    draw,
    min_size: int = 1,
    max_size: int = 8,
    *,
    incomes=INCOMES,
    tastes=TASTES,
    common_taste: bool = False,
    outside=None,
):
    """An alliance of min_size..max_size allies: (incomes, taste) or (incomes, taste, outside)."""
    n = draw(st.integers(min_size, max_size))
    drawn = draw(vectors(n, *incomes))
    taste = draw(st.floats(*tastes)) if common_taste else draw(vectors(n, *tastes))
    if outside is None:
        return drawn, taste
    return drawn, taste, draw(st.sampled_from(outside))
