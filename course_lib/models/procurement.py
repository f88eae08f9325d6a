r"""Nationalist procurement: fragmented fleets, interoperability and the learning curve.

**Platforms and shares.** An equipment class (main battle tanks, frigates, ...)
is served by ``k`` platforms; platform ``p`` accounts for a share :math:`s_p` of
all units in service, :math:`s_p \ge 0`, :math:`\sum_p s_p = 1`. When every
nation buys from its own industry, each national order is its own platform.

**Interoperability.** The probability that two units drawn at random (with
replacement) are the same platform, so share ammunition, spare parts, training
and software:

.. math:: \iota = \sum_p s_p^2 ,

the Herfindahl index of the shares: 1 for a single platform, :math:`1/k` for
``k`` equal ones, and never below :math:`1/k` with ``k`` platforms.

**Learning curve** (Wright 1936). Wright found that in airframe production the
cumulative average cost of the first ``x`` units falls by a fixed percentage
each time output doubles: with learning rate :math:`L \in (0, 1]` (0.8 means
each doubling cuts the average to 80 %) and :math:`b = -\log_2 L`,

.. math:: \bar c(x) = c_1 x^{-b}, \qquad C(x) = x\,\bar c(x) = c_1 x^{1-b},

where :math:`c_1` is the cost of the first unit and :math:`C(x)` the total cost
of ``x`` units. ``L = 1`` means no learning.

**Fragmentation premium.** Buying :math:`Q` units as ``k`` separate programmes
with shares :math:`s_p` (each programme starts its own curve) against one pooled
programme of the same :math:`Q`:

.. math:: \frac{\sum_p C(s_p Q)}{C(Q)} - 1 = \sum_p s_p^{\,1-b} - 1 \;\ge\; 0,

independent of :math:`Q` and :math:`c_1`. For ``k`` equal shares it is
:math:`k^{b} - 1`, the largest premium ``k`` platforms can carry when
:math:`L \ge 1/2` (the sum is Schur-concave). Below :math:`L = 1/2` Wright's
law would make total cost fall with output, outside its empirical range.

References: T. P. Wright (1936), "Factors Affecting the Cost of Airplanes",
*Journal of the Aeronautical Sciences* 3(4); Munich Security Conference (2017),
*More European, More Connected and More Capable* (counts of weapon-system types,
shipped in ``course_lib/data/weapon_systems.csv``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from course_lib.data import load_weapon_systems
from course_lib.models import validation as check

__all__ = [
    "DEFAULT_LEARNING_RATE",
    "ProcurementOutcome",
    "ProcurementState",
    "average_cost",
    "check_shares",
    "equal_split_premium",
    "fragmentation_premium",
    "fragmentation_table",
    "interoperability",
    "learning_exponent",
    "outcomes_by_programmes",
    "platform_shares",
    "pool_orders",
    "procurement_outcome",
    "procurement_state",
    "total_cost",
    "weapon_systems",
    "zipf_orders",
]

#: Wright (1936) reported an 80 % curve for airframe production: each doubling of
#: output cut the cumulative average cost to 80 % of its level.
DEFAULT_LEARNING_RATE = 0.8

_SUM_TOL = 1e-9


def check_shares(shares, name: str = "shares") -> np.ndarray:
    """Platform shares: a non-empty vector of numbers in [0, 1] that sum to one (within 1e-9)."""
    s = check.vector(shares, name, minimum=0.0, maximum=1.0)
    total = float(s.sum())
    if abs(total - 1.0) > _SUM_TOL:
        raise ValueError(
            f"{name} must sum to 1 (each platform's share of the units in service), "
            f"got a sum of {total:.12g}"
        )
    return s


def platform_shares(units) -> np.ndarray:
    """Shares of units per platform, :math:`s_p = q_p / \\sum q` (units >= 0, not all zero)."""
    q = check.vector(units, "units", minimum=0.0)
    if q.sum() <= 0:
        raise ValueError("units must not all be zero: at least one platform needs units")
    return q / q.sum()


def interoperability(shares) -> float:
    r"""Probability that two random units share a platform: :math:`\sum_p s_p^2` (shares sum to one)."""
    s = check_shares(shares)
    return float(np.sum(s**2))


def learning_exponent(learning_rate: float) -> float:
    r"""Wright's exponent :math:`b = -\log_2 L` for a learning rate :math:`L \in (0, 1]`."""
    rate = check.scalar(learning_rate, "learning_rate", minimum=0.0, strict=True, maximum=1.0)
    return float(-np.log2(rate))


def average_cost(units, learning_rate: float = DEFAULT_LEARNING_RATE, first_unit_cost: float = 1.0):
    r"""Cumulative average cost of the first ``x`` units, :math:`\bar c(x) = c_1 x^{-b}` (x > 0)."""
    b = learning_exponent(learning_rate)
    c1 = check.scalar(first_unit_cost, "first_unit_cost", minimum=0.0, strict=True)
    x = check.vector(units, "units", minimum=0.0, strict=True)
    out = c1 * x ** (-b)
    return check.like_inputs(out, units)


def total_cost(units, learning_rate: float = DEFAULT_LEARNING_RATE, first_unit_cost: float = 1.0):
    r"""Total cost of ``x`` units on one production line, :math:`C(x) = c_1 x^{1-b}` (x > 0)."""
    b = learning_exponent(learning_rate)
    c1 = check.scalar(first_unit_cost, "first_unit_cost", minimum=0.0, strict=True)
    x = check.vector(units, "units", minimum=0.0, strict=True)
    out = c1 * x ** (1.0 - b)
    return check.like_inputs(out, units)


def fragmentation_premium(shares, learning_rate: float = DEFAULT_LEARNING_RATE) -> float:
    r"""Extra cost of separate programmes over one pooled programme: :math:`\sum_p s_p^{1-b} - 1`.

    A fraction (0.5 = 50 % more). Platforms with a zero share are ignored (they
    build nothing). Zero for one platform or for ``L = 1``; never negative.
    """
    s = check_shares(shares)
    b = learning_exponent(learning_rate)
    s = s[s > 0]
    return max(0.0, float(np.sum(s ** (1.0 - b)) - 1.0))


def equal_split_premium(platforms, learning_rate: float = DEFAULT_LEARNING_RATE):
    r"""Premium of ``k`` equal platforms, :math:`k^{b} - 1` (``k`` >= 1, works element-wise)."""
    k = check.vector(platforms, "platforms", minimum=1.0)
    b = learning_exponent(learning_rate)
    out = k**b - 1.0
    return check.like_inputs(out, platforms)


def zipf_orders(nations: int, inequality: float = 0.0, total: float = 1000.0) -> np.ndarray:
    r"""National orders for ``nations`` buyers, :math:`q_i \propto i^{-z}` scaled to ``total`` units.

    ``inequality`` :math:`z \ge 0`: 0 gives equal orders; 1 makes the largest
    buyer order twice the second's, three times the third's (Zipf's rank-size rule).
    """
    n = check.integer(nations, "nations", minimum=1)
    z = check.scalar(inequality, "inequality", minimum=0.0)
    total = check.scalar(total, "total", minimum=0.0, strict=True)
    w = np.arange(1, n + 1, dtype=float) ** (-z)
    return total * w / w.sum()


def pool_orders(orders, programmes: int) -> np.ndarray:
    """Units per platform when nations' orders are pooled into ``programmes`` common programmes.

    Nations join programmes largest first, each to the programme with the fewest
    units so far (so programmes come out as even as the orders allow).
    ``programmes`` = number of nations is fully national procurement; 1 is one
    pooled programme.
    """
    q = check.vector(orders, "orders", minimum=0.0)
    m = check.integer(programmes, "programmes", minimum=1, maximum=q.size)
    units = np.zeros(m)
    for amount in np.sort(q)[::-1]:
        units[int(np.argmin(units))] += amount
    return units


class ProcurementOutcome(NamedTuple):
    """What a procurement pattern delivers."""

    units: np.ndarray  #: units per platform
    shares: np.ndarray  #: share of each platform
    interoperability: float  #: probability two random units share a platform
    premium: float  #: extra cost over one pooled programme (fraction)


def procurement_outcome(
    orders, programmes: int, learning_rate: float = DEFAULT_LEARNING_RATE
) -> ProcurementOutcome:
    """Interoperability and cost premium when ``orders`` are bought through ``programmes`` platforms."""
    units = pool_orders(orders, programmes)
    shares = platform_shares(units)
    return ProcurementOutcome(
        units, shares, interoperability(shares), fragmentation_premium(shares, learning_rate)
    )


def outcomes_by_programmes(orders, learning_rate: float = DEFAULT_LEARNING_RATE) -> pd.DataFrame:
    """For 1..n programmes: columns ``programmes``, ``interoperability``, ``premium``."""
    q = check.vector(orders, "orders", minimum=0.0)
    rows = []
    for m in range(1, q.size + 1):
        out = procurement_outcome(q, m, learning_rate)
        rows.append(
            {"programmes": m, "interoperability": out.interoperability, "premium": out.premium}
        )
    return pd.DataFrame(rows)


def weapon_systems() -> pd.DataFrame:
    """Types of major weapon systems in use, EU member states against the United States.

    Figures as published by the Munich Security Conference (2017), which cites
    the European Commission's EPSC; see ``course_lib/data/SOURCES.md``. Columns:
    ``equipment``, ``level`` ("total" for all major systems, "class" for one
    equipment class), ``europe_types``, ``us_types``, ``source``: the shipped
    ``weapon_systems.csv`` as :func:`course_lib.data.load_weapon_systems` checks it.
    """
    return load_weapon_systems()


def fragmentation_table(
    learning_rate: float = DEFAULT_LEARNING_RATE, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    r"""Europe against the U.S. per equipment class: the bounds that type counts alone allow.

    The counts do not say how many units each type has, so this reports what
    holds for *any* shares: interoperability at least :math:`1/k`, and (for
    :math:`L \ge 1/2`) a fragmentation premium at most :math:`k^b - 1`, both
    reached when the ``k`` types are equally common. One row per equipment class
    (the all-systems total mixes classes, so it has no such bound). ``table`` has the
    columns of :func:`weapon_systems` (the default: the shipped one).
    """
    if table is None:
        table = weapon_systems()
    table = table[table["level"] == "class"].drop(columns="level").reset_index(drop=True)
    for side in ("europe", "us"):
        k = table[f"{side}_types"].to_numpy(dtype=float)
        table[f"{side}_interoperability_min"] = 1.0 / k
        table[f"{side}_premium_max"] = equal_split_premium(k, learning_rate)
    return table


class ProcurementState(NamedTuple):
    """What the procurement explorer shows for one market."""

    orders: np.ndarray  #: each nation's order (:func:`zipf_orders`)
    table: pd.DataFrame  #: :func:`outcomes_by_programmes` for these orders
    programmes: int  #: programmes actually run: at most one per nation
    outcome: ProcurementOutcome  #: this market, with ``programmes`` programmes
    nations: int


def procurement_state(
    nations: int = 10,
    programmes: int = 10,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    inequality: float = 0.5,
) -> ProcurementState:
    """The procurement explorer's state: ``nations`` buyers (>= 1) with Zipf orders of exponent
    ``inequality`` (>= 0) split into ``programmes`` (>= 1) platforms at ``learning_rate``.

    A programme needs a buyer, so no market runs more programmes than it has nations:
    ``programmes`` above ``nations`` is capped at ``nations`` (the state's ``programmes``).
    """
    nations = check.integer(nations, "nations", minimum=1)
    programmes = check.integer(programmes, "programmes", minimum=1)
    orders = zipf_orders(nations, inequality)
    used = min(programmes, nations)
    return ProcurementState(
        orders,
        outcomes_by_programmes(orders, learning_rate),
        used,
        procurement_outcome(orders, used, learning_rate),
        nations,
    )
