r"""Economic interdependence: why allies that trade with an adversary water sanctions down.

Ally ``i`` depends on the adversary by :math:`\tau_i \ge 0` (trade with it as a share of
GDP, or, for energy, the adversary's share of the ally's supply) and has a security stake
:math:`\theta_i > 0` in the same units: how much it values pressure on the adversary. The
alliance picks a sanction intensity :math:`s \in [0, 1]` (0 = business as usual,
1 = full embargo). Ally ``i``'s payoff is

.. math:: u_i(s) = \theta_i \left(s - \tfrac{s^2}{2}\right) - \tau_i s :

pressure helps with diminishing returns (the marginal gain :math:`\theta_i (1 - s)` falls
to zero at a full embargo), and each unit of sanction costs the ally the trade it gives
up, :math:`\tau_i` per unit. Since :math:`u_i'' = -\theta_i < 0`, the first-order condition
:math:`\theta_i (1 - s) = \tau_i` gives the *preferred* sanction

.. math:: s_i^* = \min\!\left(1, \max\!\left(0,\ 1 - \frac{\tau_i}{\theta_i}\right)\right),

which falls as dependence rises and is zero once :math:`\tau_i \ge \theta_i`.

Collective choice over single-peaked preferences:

* **Consensus** (unanimity, sanctions raised package by package): each increase needs
  every member's yes, and a member refuses any step beyond its own peak, so the level
  stops at :math:`s_C = \min_i s_i^*`: the least willing member sets it (Underdal's
  "law of the least ambitious program").
* **Majority**: the median peak :math:`s_M = \operatorname{median}_i s_i^*` beats every
  other level in pairwise votes (Black's median voter theorem; with an even number of
  members any level between the two middle peaks does, and we report their midpoint).
* **Optimal**: the level maximising :math:`\sum_i u_i(s)`. The summed payoff is concave
  with derivative :math:`\sum_i \theta_i (1 - s) - \sum_i \tau_i`, so
  :math:`s_O = \min(1, \max(0, 1 - \sum_i \tau_i / \sum_i \theta_i))`: the
  :math:`\theta`-weighted mean of the *unclipped* peaks :math:`1 - \tau_i/\theta_i`,
  clipped to [0, 1]. It is not the weighted mean of the clipped peaks :math:`s_i^*`: with
  :math:`\theta = (1, 1)` and :math:`\tau = (3, 0)` the peaks are (0, 1), their mean is 0.5,
  but :math:`s_O = \mathrm{clip}(1 - 3/2) = 0` (the first member's loss from any sanction
  outweighs the second's gain).

Hence :math:`s_C \le s_M` and :math:`s_C \le s_O`: the minimum of the unclipped peaks is at
most their weighted mean, and clipping keeps the order. One dependent member waters the
collective sanction down. Each member's cost at level ``s`` is the trade it gives up,
:math:`\tau_i s`. As dependence falls (decoupling), every peak rises, so the consensus level
never falls.

References: A. Underdal (1980), *The Politics of International Fisheries Management*,
Universitetsforlaget; D. Black (1948), "On the Rationale of Group Decision-making",
*Journal of Political Economy* 56(1); A. O. Hirschman (1945), *National Power and the
Structure of Foreign Trade*, University of California Press.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from course_lib.data import load_germany_gas
from course_lib.models import validation as check

__all__ = [
    "EXAMPLE_ALLIANCE",
    "CollectiveSanctions",
    "GermanyState",
    "SanctionsState",
    "binding_dependence",
    "collective_sanctions",
    "consensus_sanction",
    "decoupling_path",
    "example_alliance",
    "germany_case",
    "germany_gas",
    "germany_state",
    "majority_sanction",
    "optimal_sanction",
    "preferred_sanction",
    "sanction_costs",
    "sanction_payoff",
    "sanction_setter",
    "sanctions_state",
]

#: An illustrative seven-member alliance (archetypes, not data): dependence on the
#: adversary and security stake, both as shares of GDP.
EXAMPLE_ALLIANCE = {
    "member": [
        "Frontline A",
        "Frontline B",
        "Nordic",
        "Atlantic",
        "Southern",
        "Trading power",
        "Gas-dependent",
    ],
    "dependence": [0.005, 0.015, 0.005, 0.003, 0.015, 0.025, 0.045],
    "stake": [0.090, 0.080, 0.070, 0.060, 0.040, 0.050, 0.050],
}


def example_alliance() -> pd.DataFrame:
    """The illustrative alliance as a table: member, dependence, stake (archetypes, not data)."""
    return pd.DataFrame(EXAMPLE_ALLIANCE)


def _inputs(dependence, stake) -> tuple[np.ndarray, np.ndarray]:
    tau = check.vector(dependence, "dependence", minimum=0.0)
    theta = check.per_ally(stake, "stake", tau.size, minimum=0.0, strict=True)
    return tau, theta


def preferred_sanction(dependence, stake) -> np.ndarray:
    r"""Each ally's peak :math:`s_i^* = \min(1, \max(0, 1 - \tau_i/\theta_i))`.

    Parameters
    ----------
    dependence : array_like, shape (n,)
        :math:`\tau_i \ge 0`, dependence on the adversary (share).
    stake : float or array_like, shape (n,)
        :math:`\theta_i > 0`, security stake in the same units.
    """
    tau, theta = _inputs(dependence, stake)
    return np.clip(1.0 - tau / theta, 0.0, 1.0)


def sanction_payoff(level, dependence, stake) -> np.ndarray:
    r"""Each ally's payoff :math:`u_i(s) = \theta_i (s - s^2/2) - \tau_i s` at sanction ``level`` in [0, 1]."""
    s = check.scalar(level, "level", minimum=0.0, maximum=1.0)
    tau, theta = _inputs(dependence, stake)
    return theta * (s - s * s / 2.0) - tau * s


def consensus_sanction(dependence, stake) -> float:
    r"""Level adopted under unanimity: :math:`\min_i s_i^*` (the least willing member sets it)."""
    return float(preferred_sanction(dependence, stake).min())


def majority_sanction(dependence, stake) -> float:
    r"""Level adopted by simple majority: the median of the peaks :math:`s_i^*`."""
    return float(np.median(preferred_sanction(dependence, stake)))


def optimal_sanction(dependence, stake) -> float:
    r"""Level maximising the summed payoff: :math:`\min(1, \max(0, 1 - \sum\tau_i/\sum\theta_i))`.

    That is the :math:`\theta`-weighted mean of the unclipped peaks
    :math:`1 - \tau_i/\theta_i`, clipped to [0, 1], not the weighted mean of the clipped
    peaks :func:`preferred_sanction` returns.
    """
    tau, theta = _inputs(dependence, stake)
    return float(np.clip(1.0 - tau.sum() / theta.sum(), 0.0, 1.0))


def sanction_setter(dependence, stake) -> int:
    """Index of the member whose peak sets the consensus level (the first, if tied)."""
    return int(np.argmin(preferred_sanction(dependence, stake)))


def sanction_costs(level, dependence) -> np.ndarray:
    r"""Trade each member gives up at sanction ``level``: :math:`\tau_i s` (share of GDP)."""
    s = check.scalar(level, "level", minimum=0.0, maximum=1.0)
    tau = check.vector(dependence, "dependence", minimum=0.0)
    return tau * s


class CollectiveSanctions(NamedTuple):
    """Everything the interdependence lesson shows for one alliance."""

    preferred: np.ndarray  #: each member's peak s_i*
    consensus: float  #: min of the peaks
    majority: float  #: median of the peaks
    optimal: float  #: maximiser of the summed payoff
    setter: int  #: index of the member who sets the consensus level
    costs: np.ndarray  #: trade each member gives up at the consensus level
    watered_down: float  #: optimal minus consensus (>= 0)


def collective_sanctions(dependence, stake) -> CollectiveSanctions:
    """Peaks, the consensus, majority and optimal levels, who sets consensus, and its costs."""
    tau, theta = _inputs(dependence, stake)
    peaks = np.clip(1.0 - tau / theta, 0.0, 1.0)
    consensus = float(peaks.min())
    optimal = float(np.clip(1.0 - tau.sum() / theta.sum(), 0.0, 1.0))
    return CollectiveSanctions(
        peaks,
        consensus,
        float(np.median(peaks)),
        optimal,
        int(np.argmin(peaks)),
        tau * consensus,
        optimal - consensus,
    )


def decoupling_path(dependence_path, stake, rule: str = "consensus") -> np.ndarray:
    r"""The collective sanction level in each period as dependence changes.

    Parameters
    ----------
    dependence_path : array_like, shape (T, n)
        Row ``t`` is every member's dependence in period ``t`` (>= 0).
    stake : float or array_like, shape (n,)
        Security stakes, held fixed (> 0).
    rule : {"consensus", "majority", "optimal"}

    Returns
    -------
    numpy.ndarray, shape (T,)
        If no member's dependence rises from one period to the next, the consensus level
        never falls.
    """
    path = (
        np.asarray(dependence_path, dtype=float) if not isinstance(dependence_path, str) else None
    )
    if path is None or path.ndim != 2 or path.size == 0:
        raise ValueError("dependence_path must be a non-empty (periods x members) array")
    rules = {
        "consensus": consensus_sanction,
        "majority": majority_sanction,
        "optimal": optimal_sanction,
    }
    if rule not in rules:
        raise ValueError(f"rule must be one of {sorted(rules)}, got {rule!r}")
    check.vector(path.ravel(), "dependence_path", minimum=0.0)
    return np.array([rules[rule](row, stake) for row in path])


def germany_gas() -> pd.DataFrame:
    """Russia's share of Germany's gas imports, 2021 to autumn 2022 (approximate; see SOURCES.md).

    Columns: period, date, russia_share_of_gas_imports, source: the shipped
    ``germany_russian_gas.csv`` as :func:`course_lib.data.load_germany_gas` checks it.
    """
    return load_germany_gas()


def binding_dependence(stake, others) -> float:
    r"""The dependence above which a member's peak falls below ``others``: :math:`\theta\,(1 - \text{others})`.

    A member with stake :math:`\theta` prefers :math:`s^* = 1 - \tau/\theta` (clipped), so
    :math:`s^* < \text{others}` exactly when :math:`\tau > \theta (1 - \text{others})`: above
    this dependence the member, not the others, sets the consensus level. For Germany's
    gas (:func:`germany_case`, stake 0.6, others 0.7) it is a Russian share of 0.18.
    """
    stake = check.scalar(stake, "stake", minimum=0.0, strict=True)
    others = check.scalar(others, "others", minimum=0.0, maximum=1.0)
    return stake * (1.0 - others)


def germany_case(
    stake: float = 0.6, others: float = 0.7, gas: pd.DataFrame | None = None
) -> pd.DataFrame:
    r"""Germany's gas decoupling and the consensus sanction level against Russia.

    Germany's dependence :math:`\tau_{DEU}(t)` is Russia's share of its gas imports
    (:func:`germany_gas`); its stake :math:`\theta_{DEU}` = ``stake`` is in the same units
    (the Russian share at which Germany would refuse any sanction). The other members are
    summarised by the lowest of their peaks, ``others`` in [0, 1]. Under consensus the
    level is :math:`\min(s^*_{DEU}(t), \text{others})`.

    Returns a table with period, date, dependence, germany_peak, consensus and setter
    ('Germany' or 'others'). Germany sets the level exactly while its dependence exceeds
    :func:`binding_dependence` (``stake * (1 - others)``). ``gas`` is a table with the
    columns of :func:`germany_gas` (the default: the shipped one).
    """
    stake = check.scalar(stake, "stake", minimum=0.0, strict=True)
    others = check.scalar(others, "others", minimum=0.0, maximum=1.0)
    if gas is None:
        gas = germany_gas()
    tau = gas["russia_share_of_gas_imports"].to_numpy(dtype=float)
    peak = preferred_sanction(tau, stake)
    consensus = np.minimum(peak, others)
    return pd.DataFrame(
        {
            "period": gas["period"],
            "date": gas["date"],
            "dependence": tau,
            "germany_peak": peak,
            "consensus": consensus,
            "setter": np.where(peak < others, "Germany", "others"),
        }
    )


# --------------------------------------------------------------------------- explorer states
@dataclass(frozen=True, eq=False)
class SanctionsState:
    """What the sanctions explorer shows: the alliance and the model's answer for it."""

    members: tuple[str, ...]  #: member names, in the order of the figures
    dependence: np.ndarray  #: each member's dependence on the adversary (share of GDP)
    stake: np.ndarray  #: each member's security stake (share of GDP)
    result: CollectiveSanctions  #: :func:`collective_sanctions` for these members


def sanctions_state(
    members: Sequence[str], stake, dependence_pct: Mapping[str, float]
) -> SanctionsState:
    """The sanctions explorer's state: every member's dependence given *by name* in percent of
    GDP (as the sliders show it), the stakes (shares of GDP, one per member in ``members``'
    order, or one for all), and :func:`collective_sanctions` for them.

    ``dependence_pct`` must name every member once and nobody else, so no answer depends on
    the order in which the dependences were listed.
    """
    members = tuple(str(m) for m in members)
    if not members or len(set(members)) != len(members):
        raise ValueError(f"members must be distinct names, at least one, got {list(members)}")
    if not isinstance(dependence_pct, Mapping) or set(dependence_pct) != set(members):
        got = (
            sorted(dependence_pct)
            if isinstance(dependence_pct, Mapping)
            else type(dependence_pct).__name__
        )
        raise ValueError(
            f"dependence_pct must map every member {sorted(members)} to a percent of GDP, got {got}"
        )
    tau = check.vector([dependence_pct[m] for m in members], "dependence_pct", minimum=0.0) / 100.0
    tau, theta = _inputs(tau, stake)
    return SanctionsState(members, tau, theta, collective_sanctions(tau, theta))


class GermanyState(NamedTuple):
    """What the Germany explorer shows: the two parameters and :func:`germany_case` for them."""

    stake: float
    others: float
    case: pd.DataFrame


def germany_state(stake: float = 0.6, others: float = 0.7) -> GermanyState:
    """The Germany explorer's state: :func:`germany_case` for Germany's ``stake`` (> 0, share of
    gas imports) and the others' lowest preferred sanction ``others`` (0-1)."""
    stake = check.scalar(stake, "stake", minimum=0.0, strict=True)
    others = check.scalar(others, "others", minimum=0.0, maximum=1.0)
    return GermanyState(stake, others, germany_case(stake, others))
