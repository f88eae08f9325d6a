r"""Decision rules: how long an alliance takes to decide, and what consensus buys.

**Decision speed.** Member ``i`` assents after a time :math:`T_i`; with
:math:`T_i` independent and exponential with mean :math:`\mu` (rate
:math:`1/\mu`), and :math:`T_{(k:n)}` the ``k``-th smallest of ``n``:

.. math:: E[T_{(k:n)}] = \mu \sum_{j=0}^{k-1} \frac{1}{n-j},
          \qquad \operatorname{Var}[T_{(k:n)}] = \mu^2 \sum_{j=0}^{k-1} \frac{1}{(n-j)^2}.

Unanimity waits for the slowest member, :math:`E[T_{(n:n)}] = \mu H_n` with
:math:`H_n` the ``n``-th harmonic number (it grows like :math:`\mu \ln n`); a
qualified majority with quota ``q`` waits for :math:`k = \lceil q n \rceil`
members, :math:`E \to \mu \ln\frac{1}{1-q}` as ``n`` grows; a lead nation
waits only for itself, :math:`E = \mu` whatever ``n``.

**Solidarity.** A rule that needs ``k`` assents binds the ``k`` members who have
assented when it decides: the share bound is ``k/n``, bought at the delay
:math:`E[T_{(k:n)}]`. The last members are the dearest: the final ``m``
assents cost :math:`\mu\,(1 + \tfrac12 + \dots + \tfrac1m)` of waiting.

References: H. A. David and H. N. Nagaraja (2003), *Order Statistics*, 3rd ed.,
Wiley (exponential order statistics).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from course_lib.models import validation as check
from course_lib.models._arguments import rng as _rng
from course_lib.models._arguments import sizes as _sizes

__all__ = [
    "DEFAULT_MEAN_ASSENT_DAYS",
    "DEFAULT_QUOTA",
    "RULES",
    "CrisisRace",
    "DecisionRaceState",
    "assents_needed",
    "crisis_race",
    "decision_race_state",
    "delay_by_size",
    "expected_decision_time",
    "expected_order_statistic",
    "order_statistic_variance",
    "simulate_decision_times",
    "solidarity_frontier",
]

#: Mean days for one ally to assent. Fitted to the 2022 ratification of Finland's
#: and Sweden's accession protocols (NATO Parliamentary Assembly tracker): 23 of
#: the 30 allies had finished within 29 days of signature (5 July to 3 August 2022);
#: an exponential with P(T <= 29) = 23/30 has mean 29 / ln(30/7), about 20 days.
DEFAULT_MEAN_ASSENT_DAYS = 20.0
#: Qualified-majority quota: the EU Council's rule counts 55 % of member states
#: (Treaty on European Union, Art. 16(4)); the population criterion is left out.
DEFAULT_QUOTA = 0.55
#: The decision rules compared in the lesson.
RULES = ("lead nation", "qualified majority", "unanimity")


# ----------------------------------------------------------------------------- decision speed


def assents_needed(members: int, rule: str, quota: float = DEFAULT_QUOTA) -> int:
    r"""How many assents a rule waits for: unanimity ``n``, qualified majority :math:`\lceil q n\rceil`, lead nation 1.

    For the lead nation the one assent is the lead's own (a fixed member), not
    the fastest member's.
    """
    n = check.integer(members, "members", minimum=1)
    q = check.scalar(quota, "quota", minimum=0.0, strict=True, maximum=1.0)
    if rule == "unanimity":
        return n
    if rule == "qualified majority":
        return max(1, min(n, math.ceil(q * n - 1e-12)))
    if rule == "lead nation":
        return 1
    raise ValueError(f"rule must be one of {RULES}, got {rule!r}")


def expected_order_statistic(
    members: int, k: int, mean_days: float = DEFAULT_MEAN_ASSENT_DAYS
) -> float:
    r""":math:`E[T_{(k:n)}] = \mu \sum_{j=0}^{k-1} 1/(n-j)`.

    For ``n`` iid exponential assent times of mean :math:`\mu`.
    """
    n = check.integer(members, "members", minimum=1)
    k = check.integer(k, "k", minimum=1, maximum=n)
    mu = check.scalar(mean_days, "mean_days", minimum=0.0, strict=True)
    return mu * float(np.sum(1.0 / (n - np.arange(k))))


def order_statistic_variance(
    members: int, k: int, mean_days: float = DEFAULT_MEAN_ASSENT_DAYS
) -> float:
    r""":math:`\operatorname{Var}[T_{(k:n)}] = \mu^2 \sum_{j=0}^{k-1} 1/(n-j)^2`.

    Exponential spacings are independent, so their variances add.
    """
    n = check.integer(members, "members", minimum=1)
    k = check.integer(k, "k", minimum=1, maximum=n)
    mu = check.scalar(mean_days, "mean_days", minimum=0.0, strict=True)
    return mu**2 * float(np.sum(1.0 / (n - np.arange(k)) ** 2))


def expected_decision_time(
    members: int,
    rule: str = "unanimity",
    mean_days: float = DEFAULT_MEAN_ASSENT_DAYS,
    quota: float = DEFAULT_QUOTA,
) -> float:
    r"""Expected days to decide under a rule, with iid exponential assent times of mean :math:`\mu`.

    * unanimity: :math:`\mu H_n` (the slowest of ``n``);
    * qualified majority: :math:`E[T_{(k:n)}]`, :math:`k = \lceil q n \rceil`;
    * lead nation: :math:`\mu` (the lead's own time, whatever ``n``).
    """
    k = assents_needed(members, rule, quota)
    if rule == "lead nation":
        return check.scalar(mean_days, "mean_days", minimum=0.0, strict=True)
    return expected_order_statistic(members, k, mean_days)


def delay_by_size(
    sizes, mean_days: float = DEFAULT_MEAN_ASSENT_DAYS, quota: float = DEFAULT_QUOTA
) -> pd.DataFrame:
    """Expected decision time for each alliance size and rule (analytic): columns ``members`` and one per rule."""
    sizes = _sizes(sizes)
    out = {"members": sizes}
    for rule in RULES:
        out[rule] = np.array(
            [expected_decision_time(int(n), rule, mean_days, quota) for n in sizes]
        )
    return pd.DataFrame(out)


def simulate_decision_times(
    members: int,
    draws: int = 100_000,
    *,
    mean_days=DEFAULT_MEAN_ASSENT_DAYS,
    quota: float = DEFAULT_QUOTA,
    seed=None,
) -> dict[str, np.ndarray]:
    """Simulated days to decide under each rule (vectorised).

    ``mean_days`` is one mean for all or one per member (member 0 is the lead
    nation). Returns a dict rule -> array of ``draws`` decision times.
    """
    n = check.integer(members, "members", minimum=1)
    draws = check.integer(draws, "draws", minimum=1)
    means = check.per_ally(mean_days, "mean_days", n, minimum=0.0, strict=True)
    k = assents_needed(n, "qualified majority", quota)
    times = _rng(seed).exponential(1.0, size=(draws, n)) * means
    return {
        "lead nation": times[:, 0].copy(),
        "qualified majority": np.partition(times, k - 1, axis=1)[:, k - 1],
        "unanimity": times.max(axis=1),
    }


class CrisisRace(NamedTuple):
    """One simulated crisis: every member's assent time and when each rule decides."""

    assent_days: np.ndarray  #: member i's days to assent (member 0 leads)
    decision_days: dict  #: rule -> days until that rule decides
    needed: dict  #: rule -> assents that rule waits for


def crisis_race(
    members: int = 32,
    *,
    mean_days: float = DEFAULT_MEAN_ASSENT_DAYS,
    quota: float = DEFAULT_QUOTA,
    seed=None,
) -> CrisisRace:
    """Draw one crisis and race the decision rules on the same assent times."""
    n = check.integer(members, "members", minimum=1)
    mu = check.scalar(mean_days, "mean_days", minimum=0.0, strict=True)
    times = _rng(seed).exponential(mu, size=n)
    needed = {rule: assents_needed(n, rule, quota) for rule in RULES}
    ordered = np.sort(times)
    decision = {
        "lead nation": float(times[0]),
        "qualified majority": float(ordered[needed["qualified majority"] - 1]),
        "unanimity": float(ordered[-1]),
    }
    return CrisisRace(times, decision, needed)


def solidarity_frontier(
    members: int = 32, mean_days: float = DEFAULT_MEAN_ASSENT_DAYS
) -> pd.DataFrame:
    r"""What each threshold buys: for ``k = 1..n`` assents, the share of members bound and the expected delay.

    Columns ``assents`` (k), ``share_bound`` (k/n) and ``expected_days``
    (:math:`E[T_{(k:n)}]`). The curve is convex: each extra member costs more
    waiting than the one before (the ``k``-th assent adds :math:`\mu/(n-k+1)`).
    """
    n = check.integer(members, "members", minimum=1)
    mu = check.scalar(mean_days, "mean_days", minimum=0.0, strict=True)
    k = np.arange(1, n + 1)
    days = mu * np.cumsum(1.0 / (n - np.arange(n)))
    return pd.DataFrame({"assents": k, "share_bound": k / n, "expected_days": days})


# ----------------------------------------------------------------------------- explorer state


class DecisionRaceState(NamedTuple):
    """What the decision-race explorer shows: one crisis and the expected delay by size."""

    race: CrisisRace  #: :func:`crisis_race` for the controls
    delays: pd.DataFrame  #: :func:`delay_by_size` over ``sizes``
    members: int  #: the alliance raced (marked on the delay figure)


def decision_race_state(
    members: int = 32,
    mean_days: float = DEFAULT_MEAN_ASSENT_DAYS,
    quota: float = DEFAULT_QUOTA,
    crisis: int = 1,
    *,
    sizes=tuple(range(1, 41)),
) -> DecisionRaceState:
    """The decision-race explorer's state: crisis number ``crisis`` (>= 1, the seed) raced by
    ``members`` allies, and the analytic delay for every alliance size in ``sizes``."""
    members = check.integer(members, "members", minimum=1)
    crisis = check.integer(crisis, "crisis", minimum=1)
    race = crisis_race(members, mean_days=mean_days, quota=quota, seed=crisis)
    return DecisionRaceState(race, delay_by_size(sizes, mean_days, quota), members)
