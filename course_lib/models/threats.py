r"""Divergent threat perceptions: Boulding's loss-of-strength gradient applied to allies.

Allies :math:`i = 1..n` and threat sources :math:`j = 1..m` sit at real
coordinates (``course_lib/data/places.csv``); :math:`d_{ij}` is the great-circle
distance in km (:mod:`course_lib.models.geography`). A threat source has a
capability :math:`c_j > 0` (an index, Russia = 1; ``threat_sources.csv``), and its
strength falls off with distance (Boulding 1962, the loss-of-strength gradient):

.. math:: w_{ij} = c_j \, e^{-d_{ij} / \delta_i}

with :math:`\delta_i > 0` the *reach* in km: the distance over which a threat's
weight falls to :math:`1/e \approx 37\%`. Regional allies share one reach; a
global power (the United States) is given a much longer one, because its forces,
bases and treaty commitments put it next to every threat. Each ally's *priorities*
are its weights normalised to sum to one,

.. math:: p_{ij} = \frac{w_{ij}}{\sum_k w_{ik}},

computed in log space (a softmax of :math:`\log c_j - d_{ij}/\delta_i`), so a tiny
reach never divides zero by zero.

Crossovers: ally ``i`` weighs threats ``j`` and ``k`` equally when
:math:`\log c_j - d_{ij}/\delta = \log c_k - d_{ik}/\delta`, i.e. at the reach

.. math:: \delta^*_{i,jk} = \frac{d_{ij} - d_{ik}}{\log(c_j / c_k)} ;

beyond it the more capable threat ranks higher, below it the nearer one. The reaches at
which a threat ranks first for an ally therefore form one interval (possibly empty).

Divergence: each ally's top threat :math:`\arg\max_j p_{ij}`; the distance between
two allies' priorities (total variation :math:`\tfrac12 \sum_j |p_{ij} - p_{kj}|`, the
share of a budget one would have to move to match the other); the share of allies
ranking each threat first.

Budget: ally ``i`` splits a common budget :math:`B` across threats to maximise
:math:`\sum_j p_{ij} \log x_j` subject to :math:`\sum_j x_j = B`; the first-order
condition :math:`p_{ij}/x_j = \mu` gives the ideal allocation
:math:`x^*_{ij} = p_{ij} B`.

Consensus: with Euclidean preferences over allocations (ally ``i`` prefers ``x`` to
``y`` iff :math:`\lVert x - x^*_i\rVert < \lVert y - x^*_i\rVert`), the allocations every
member prefers to the status quo ``s`` form the intersection of open balls
:math:`\bigcap_i \{x : \lVert x - x_i^*\rVert < \lVert s - x_i^*\rVert\}`. It is empty exactly
when ``s`` lies in the convex hull of the ideal points (a direction :math:`u` with
:math:`u\cdot(x_i^* - s) > 0` for all ``i`` exists iff ``s`` is outside the hull, by
Gordan's theorem), which is the unanimity gridlock of the institutional-inertia lesson.

References: K. E. Boulding (1962), *Conflict and Defense: A General Theory*,
Harper & Row, ch. 12; G. Tsebelis (2002), *Veto Players*, Princeton UP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from course_lib.data import load_threat_sources
from course_lib.models import geography
from course_lib.models import validation as check

__all__ = [
    "CASE_BUDGET",
    "CASE_GROUPS",
    "DEFAULT_REACH_KM",
    "GLOBAL_POWERS",
    "GLOBAL_REACH_KM",
    "ThreatState",
    "acceptable_to_all",
    "case_allies",
    "consensus_possible",
    "crossover_reach",
    "first_choice_shares",
    "first_place_reach",
    "ideal_allocation",
    "improving_allocation",
    "loss_of_strength",
    "priorities",
    "priority_distance",
    "reach_by_ally",
    "threat_priorities",
    "threat_sources",
    "threat_state",
    "top_threat",
]

#: Regional reach (km): threat weight falls to 1/e at this distance. About the span of
#: short-range ballistic missiles (up to 1,000 km) and of tactical air power.
DEFAULT_REACH_KM = 1000.0
#: Reach of a global power (km): about half the Earth's circumference, so distance
#: barely discounts any threat and capability decides.
GLOBAL_REACH_KM = 20000.0
#: Allies modelled as global powers.
GLOBAL_POWERS = ("USA",)
#: The lesson's case: who the source says worries about what.
CASE_GROUPS = {
    "Poland and the Baltic states": ("POL", "EST", "LVA", "LTU"),
    "Spain and Italy": ("ESP", "ITA"),
    "Japan and South Korea": ("JPN", "KOR"),
    "United States": ("USA",),
}


#: The common budget the case allies split in the explorer (100, so allocations read as percent).
CASE_BUDGET = 100.0


def threat_sources(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Threat sources with place and capability: code, name, place, lat, lon, capability, basis.

    ``table`` holds the capabilities (columns code, name, capability, basis); the default
    is the shipped ``threat_sources.csv`` as :func:`course_lib.data.load_threat_sources`
    checks it (see SOURCES.md there). Coordinates come from ``places.csv``.
    """
    if table is None:
        table = load_threat_sources()
    where = geography.places("threat")[["code", "place", "lat", "lon"]]
    return table.merge(where, on="code", how="left")[
        ["code", "name", "place", "lat", "lon", "capability", "basis"]
    ]


def _reach(reach, n: int) -> np.ndarray:
    return check.per_ally(reach, "reach", n, minimum=0.0, strict=True)


def _distances(distance) -> np.ndarray:
    arr = np.asarray(distance, dtype=float) if not isinstance(distance, (str, bytes)) else None
    if arr is None:
        raise ValueError(f"distance must be numeric km, got the string {distance!r}")
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(
            f"distance must be a non-empty (allies x threats) array, got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError("distance must be finite and >= 0 km")
    return arr


def loss_of_strength(distance, capability, reach=DEFAULT_REACH_KM) -> np.ndarray:
    r"""Perceived threat :math:`w_{ij} = c_j e^{-d_{ij}/\delta_i}` (Boulding's gradient).

    Parameters
    ----------
    distance : array_like, shape (n, m) or (m,)
        Distances in km (>= 0) from each ally (rows) to each threat (columns).
    capability : array_like, shape (m,)
        Capability of each threat, > 0.
    reach : float or array_like, shape (n,)
        :math:`\delta_i > 0` in km, one for all allies or one per ally.

    Returns
    -------
    numpy.ndarray, shape (n, m)
        The weights; they fall with distance and rise with reach.
    """
    d = _distances(distance)
    c = check.vector(capability, "capability", minimum=0.0, strict=True)
    if c.size != d.shape[1]:
        raise ValueError(f"capability must have one value per threat ({d.shape[1]}), got {c.size}")
    delta = _reach(reach, d.shape[0])
    return c[None, :] * np.exp(-d / delta[:, None])


def priorities(distance, capability, reach=DEFAULT_REACH_KM) -> np.ndarray:
    r"""Each ally's priority vector :math:`p_{ij} = w_{ij} / \sum_k w_{ik}` (rows sum to one).

    Computed as a softmax of :math:`\log c_j - d_{ij}/\delta_i`, stable for any reach > 0.
    Arguments as in :func:`loss_of_strength`.
    """
    d = _distances(distance)
    c = check.vector(capability, "capability", minimum=0.0, strict=True)
    if c.size != d.shape[1]:
        raise ValueError(f"capability must have one value per threat ({d.shape[1]}), got {c.size}")
    delta = _reach(reach, d.shape[0])
    logw = np.log(c)[None, :] - d / delta[:, None]
    logw -= logw.max(axis=1, keepdims=True)
    w = np.exp(logw)
    return w / w.sum(axis=1, keepdims=True)


def _ally_threat_distances(allies, capability) -> tuple[list[str], pd.DataFrame, np.ndarray]:
    """Ally codes, the threat table (capabilities possibly overridden), distances (allies x threats)."""
    codes = _ally_codes(allies)
    threats = threat_sources()
    if capability is not None:
        if isinstance(capability, dict):
            unknown = [k for k in capability if k not in set(threats["code"])]
            if unknown:
                raise ValueError(
                    f"capability has unknown threat code(s) {unknown}; "
                    f"known: {list(threats['code'])}"
                )
            threats["capability"] = [
                capability.get(k, v) for k, v in zip(threats["code"], threats["capability"])
            ]
        else:
            values = check.vector(capability, "capability", minimum=0.0, strict=True)
            if values.size != len(threats):
                raise ValueError(
                    f"capability must have one value per threat ({len(threats)}), got {values.size}"
                )
            threats["capability"] = values
    check.vector(threats["capability"], "capability", minimum=0.0, strict=True)
    table = geography.places("ally").set_index("code").loc[codes]
    d = geography.distance_matrix_km(table["lat"], table["lon"], threats["lat"], threats["lon"])
    return codes, threats, d


def _threat_index(threats: pd.DataFrame, code, name: str) -> int:
    known = list(threats["code"])
    if code not in known:
        raise ValueError(f"{name} must be one of the threat codes {known}, got {code!r}")
    return known.index(code)


def crossover_reach(ally: str, threat: str, rival: str, capability=None) -> float:
    r"""The reach (km) at which ``ally`` weighs ``threat`` and ``rival`` equally.

    :math:`\delta^* = (d_{\text{threat}} - d_{\text{rival}}) / \log(c_{\text{threat}} / c_{\text{rival}})`.
    For a reach beyond :math:`\delta^*` the more capable of the two ranks higher, below it the
    nearer one. Returns ``inf`` when the two never weigh the same at a positive reach (the
    nearer one is also at least as capable, or both are equally capable).

    Example: Italy is 1,662 km from the Sahel point and 2,376 km from Moscow; with
    capabilities 0.6 and 1 it switches to Russia at :math:`714/\log(1/0.6) \approx 1{,}398` km.
    """
    codes, threats, d = _ally_threat_distances([ally], capability)
    j = _threat_index(threats, threat, "threat")
    k = _threat_index(threats, rival, "rival")
    if j == k:
        raise ValueError("threat and rival must be two different threat codes")
    c = threats["capability"].to_numpy(dtype=float)
    gap, log_ratio = d[0, j] - d[0, k], float(np.log(c[j] / c[k]))
    if log_ratio == 0.0 or gap / log_ratio <= 0.0:
        return float("inf")
    return float(gap / log_ratio)


def first_place_reach(threat: str, allies=None, capability=None) -> pd.DataFrame:
    r"""For each ally, the reaches (km) at which ``threat`` ranks first: the open interval (``from_km``, ``to_km``).

    The same reach is applied to every ally listed (the United States included). ``threat``
    beats rival ``k`` iff :math:`\delta \log(c_t/c_k) > d_t - d_k`: a lower bound on
    :math:`\delta` when ``threat`` is the more capable, an upper bound when it is the less
    capable but nearer. The interval is the intersection over rivals; ``NaN`` on both ends
    when it is empty (``threat`` never ranks first).
    """
    codes, threats, d = _ally_threat_distances(allies, capability)
    j = _threat_index(threats, threat, "threat")
    c = threats["capability"].to_numpy(dtype=float)
    low = np.zeros(len(codes))
    high = np.full(len(codes), np.inf)
    empty = np.zeros(len(codes), dtype=bool)
    for k in range(len(c)):
        if k == j:
            continue
        a = float(np.log(c[j] / c[k]))
        b = d[:, j] - d[:, k]
        if a > 0:
            low = np.maximum(low, b / a)
        elif a < 0:
            empty |= b >= 0
            high = np.where(b < 0, np.minimum(high, b / a), high)
        else:
            empty |= b >= 0
    empty |= low >= high
    out = pd.DataFrame(
        {"from_km": np.where(empty, np.nan, low), "to_km": np.where(empty, np.nan, high)},
        index=pd.Index(codes, name="ally"),
    )
    return out


def reach_by_ally(
    codes: Sequence[str],
    reach=DEFAULT_REACH_KM,
    global_reach=GLOBAL_REACH_KM,
    global_powers: Sequence[str] = GLOBAL_POWERS,
) -> np.ndarray:
    """Per-ally reach in km: ``global_reach`` for the global powers, ``reach`` for everyone else."""
    reach = check.scalar(reach, "reach", minimum=0.0, strict=True)
    global_reach = check.scalar(global_reach, "global_reach", minimum=0.0, strict=True)
    return np.array([global_reach if c in global_powers else reach for c in codes], dtype=float)


def _ally_codes(allies) -> list[str]:
    table = geography.places("ally")
    known = list(table["code"])
    if allies is None:
        return known
    if isinstance(allies, str):
        allies = [allies]
    allies = list(allies)
    if not allies:
        raise ValueError("allies must name at least one ally code")
    unknown = [a for a in allies if a not in known]
    if unknown:
        raise ValueError(f"allies has unknown code(s) {unknown}; known ally codes: {sorted(known)}")
    return allies


def threat_priorities(
    allies=None, reach=DEFAULT_REACH_KM, global_reach=GLOBAL_REACH_KM, capability=None
) -> pd.DataFrame:
    """Priorities of real allies over the real threat sources, as a table (rows: allies).

    Parameters
    ----------
    allies : sequence of ISO3 codes, optional
        Default: every ally in ``places.csv`` (32 NATO members, JPN, KOR, AUS, NZL).
    reach : float
        Regional reach in km (> 0), for every ally except the global powers.
    global_reach : float
        Reach in km (> 0) of the United States.
    capability : mapping code -> float, or sequence in threat order, optional
        Overrides ``threat_sources.csv``.
    """
    codes, threats, d = _ally_threat_distances(allies, capability)
    return _priority_frame(codes, threats, d, reach, global_reach)


def _priority_frame(
    codes, threats: pd.DataFrame, d: np.ndarray, reach, global_reach
) -> pd.DataFrame:
    p = priorities(
        d, threats["capability"].to_numpy(dtype=float), reach_by_ally(codes, reach, global_reach)
    )
    frame = pd.DataFrame(p, index=pd.Index(codes, name="ally"), columns=list(threats["code"]))
    frame.columns.name = "threat"
    return frame


def top_threat(prio) -> pd.Series | np.ndarray:
    """Each ally's first priority: column label (DataFrame in) or column index (array in)."""
    if isinstance(prio, pd.DataFrame):
        p = _priority_matrix(prio.to_numpy())
        return pd.Series(prio.columns[p.argmax(axis=1)], index=prio.index, name="top_threat")
    return _priority_matrix(prio).argmax(axis=1)


def _priority_matrix(prio, name: str = "priorities") -> np.ndarray:
    p = np.asarray(prio, dtype=float)
    if p.ndim == 1:
        p = p[None, :]
    if p.ndim != 2 or p.size == 0:
        raise ValueError(
            f"{name} must be a non-empty (allies x threats) array, got shape {p.shape}"
        )
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} must be finite and >= 0")
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-9):
        raise ValueError(f"{name} must have rows summing to 1 (each ally's priorities)")
    return p


def priority_distance(prio, metric: str = "total_variation") -> pd.DataFrame | np.ndarray:
    r"""Pairwise distance between allies' priority vectors.

    ``"total_variation"`` (default): :math:`\tfrac12\sum_j |p_{ij}-p_{kj}|` in [0, 1], the
    share of a common budget one ally would have to move to match the other.
    ``"euclidean"``: :math:`\lVert p_i - p_k \rVert_2`.
    Returns a symmetric matrix with a zero diagonal (a DataFrame if given one).
    """
    p = _priority_matrix(prio.to_numpy() if isinstance(prio, pd.DataFrame) else prio)
    diff = p[:, None, :] - p[None, :, :]
    if metric == "total_variation":
        dist = 0.5 * np.abs(diff).sum(axis=2)
    elif metric == "euclidean":
        dist = np.sqrt((diff**2).sum(axis=2))
    else:
        raise ValueError(f"metric must be 'total_variation' or 'euclidean', got {metric!r}")
    if isinstance(prio, pd.DataFrame):
        return pd.DataFrame(dist, index=prio.index, columns=prio.index)
    return dist


def first_choice_shares(prio) -> pd.Series | np.ndarray:
    """Share of allies that rank each threat first (sums to one)."""
    if isinstance(prio, pd.DataFrame):
        top = top_threat(prio)
        return (
            top.value_counts(normalize=True).reindex(prio.columns, fill_value=0.0).rename("share")
        )
    p = _priority_matrix(prio)
    return np.bincount(p.argmax(axis=1), minlength=p.shape[1]) / p.shape[0]


def ideal_allocation(prio, budget: float = 100.0):
    r"""The split of a common budget each ally would choose: :math:`x^*_{ij} = p_{ij} B`.

    Maximising :math:`\sum_j p_{ij} \log x_j` subject to :math:`\sum_j x_j = B` gives
    :math:`p_{ij}/x_j = \mu` for every ``j``, hence :math:`x_j = p_{ij} B`.
    ``budget`` > 0 (default 100, so allocations read as percent).
    """
    budget = check.scalar(budget, "budget", minimum=0.0, strict=True)
    if isinstance(prio, pd.DataFrame):
        _priority_matrix(prio.to_numpy())
        return prio * budget
    return _priority_matrix(prio) * budget


def _ideals_and_status_quo(ideals, status_quo) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(ideals.to_numpy() if isinstance(ideals, pd.DataFrame) else ideals, dtype=float)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(
            f"ideals must be a finite (members x dimensions) array, got shape {x.shape}"
        )
    s = check.vector(status_quo, "status_quo")
    if s.size != x.shape[1]:
        raise ValueError(
            f"status_quo must have one value per dimension ({x.shape[1]}), got {s.size}"
        )
    return x, s


def acceptable_to_all(ideals, status_quo, candidates) -> np.ndarray:
    r"""Which candidates every member strictly prefers to the status quo.

    Member ``i`` with ideal :math:`x_i` prefers ``y`` to ``s`` iff
    :math:`\lVert y - x_i \rVert < \lVert s - x_i \rVert` (Euclidean preferences).

    Parameters
    ----------
    ideals : array_like, shape (n, k)
        Each member's ideal point (e.g. from :func:`ideal_allocation`).
    status_quo : array_like, shape (k,)
    candidates : array_like, shape (c, k) or (k,)

    Returns
    -------
    numpy.ndarray of bool, shape (c,)
    """
    x, s = _ideals_and_status_quo(ideals, status_quo)
    y = np.asarray(candidates, dtype=float)
    if y.ndim == 1:
        y = y[None, :]
    if y.ndim != 2 or y.shape[1] != x.shape[1] or not np.all(np.isfinite(y)):
        raise ValueError(
            f"candidates must be finite with {x.shape[1]} values each, got shape {y.shape}"
        )
    radius = np.sum((s[None, :] - x) ** 2, axis=1)  # (n,)
    scale = 1e-12 * np.maximum(1.0, radius.max())
    # Member by member, on the candidates every earlier member accepted: the same squared
    # distances as the whole (c, n) table, without building it (a rejected candidate is
    # not looked at again, so the work shrinks with each member). The members closest to
    # the status quo go first: their balls are the smallest and reject the most.
    alive = np.arange(y.shape[0])
    for step, i in enumerate(np.argsort(radius, kind="stable")):
        dist = np.sum(((y if step == 0 else y[alive]) - x[i]) ** 2, axis=1)
        alive = alive[dist < radius[i] - scale]
        if alive.size == 0:
            break
    accepted = np.zeros(y.shape[0], dtype=bool)
    accepted[alive] = True
    return accepted


def _improving_direction(x: np.ndarray, s: np.ndarray) -> np.ndarray | None:
    """A direction u with u.(x_i - s) > 0 for every member, or None (s in the hull)."""
    v = x - s[None, :]
    n, k = v.shape
    scale = max(1.0, float(np.abs(v).max()))
    v = v / scale
    # maximise t subject to v_i . u >= t, -1 <= u <= 1, t <= 1
    cost = np.zeros(k + 1)
    cost[-1] = -1.0
    a_ub = np.hstack([-v, np.ones((n, 1))])
    res = linprog(
        cost, A_ub=a_ub, b_ub=np.zeros(n), bounds=[(-1.0, 1.0)] * k + [(None, 1.0)], method="highs"
    )
    if res.status != 0 or -res.fun <= 1e-9:
        return None
    return res.x[:k]


def consensus_possible(ideals, status_quo) -> bool:
    """True iff some point is strictly preferred to ``status_quo`` by every member.

    Equivalently, ``status_quo`` lies outside the convex hull of the ideal points
    (Gordan's theorem); inside it, unanimity locks the status quo in place.
    """
    x, s = _ideals_and_status_quo(ideals, status_quo)
    return _improving_direction(x, s) is not None


def improving_allocation(ideals, status_quo, budget: float | None = None) -> np.ndarray | None:
    r"""A point every member strictly prefers to ``status_quo``, or ``None`` if there is none.

    Moves from ``s`` along a direction :math:`u` that every member likes
    (:math:`u\cdot(x_i - s) > 0`), by half the largest step that stays inside every
    member's ball: :math:`t = \min_i u\cdot(x_i - s) / \lVert u\rVert^2`. With ``budget``,
    the point is then projected onto the allocations :math:`\{y \ge 0, \sum y = B\}`;
    if every ideal is such an allocation the projection only brings it closer to each.
    """
    x, s = _ideals_and_status_quo(ideals, status_quo)
    u = _improving_direction(x, s)
    if u is None:
        return None
    t = float(np.min((x - s[None, :]) @ u) / (u @ u))
    y = s + t * u
    if budget is not None:
        budget = check.scalar(budget, "budget", minimum=0.0, strict=True)
        y = _project_to_simplex(y, budget)
    return y


def _project_to_simplex(y: np.ndarray, budget: float) -> np.ndarray:
    """Euclidean projection onto {z >= 0, sum z = budget} (sort-based algorithm)."""
    u = np.sort(y)[::-1]
    css = np.cumsum(u) - budget
    k = np.arange(1, y.size + 1)
    rho = np.nonzero(u - css / k > 0)[0][-1]
    theta = css[rho] / (rho + 1.0)
    return np.maximum(y - theta, 0.0)


def case_allies() -> list[str]:
    """The lesson's case allies in a fixed order: Poland and the Baltics, Spain and Italy, Japan and Korea, the US."""
    return [code for group in CASE_GROUPS.values() for code in group]


@lru_cache(maxsize=1)
def _every_ally_and_threat() -> tuple[list[str], pd.DataFrame, np.ndarray]:
    """Every ally, the shipped threat table and their distances, read once per session: a slider
    step of the explorer then costs the softmax, not five CSV reads (about 25 ms)."""
    return _ally_threat_distances(None, None)


@dataclass(frozen=True, eq=False)
class ThreatState:
    """Everything the threat explorer shows for one setting of its controls."""

    priorities: pd.DataFrame  #: every ally's priorities (rows: allies, columns: threats)
    case: pd.DataFrame  #: the rows of the case allies (:func:`case_allies`), in that order
    budget: pd.DataFrame  #: the case allies' ideal split of :data:`CASE_BUDGET`


def threat_state(
    reach: float = DEFAULT_REACH_KM, us_reach: float = GLOBAL_REACH_KM, sahel: float | None = None
) -> ThreatState:
    """The explorer's state: every ally's priorities with regional reach ``reach`` (km, > 0),
    the United States' reach ``us_reach`` (km, > 0) and the North Africa / Sahel threat's
    capability ``sahel`` (> 0, Russia = 1; None keeps ``threat_sources.csv``), the case
    allies' rows and their ideal split of a budget of :data:`CASE_BUDGET`."""
    reach = check.scalar(reach, "reach", minimum=0.0, strict=True)
    us_reach = check.scalar(us_reach, "us_reach", minimum=0.0, strict=True)
    codes, shipped, d = _every_ally_and_threat()
    threats = shipped.copy()
    if sahel is not None:
        threats.loc[threats["code"] == "SAH", "capability"] = check.scalar(
            sahel, "sahel", minimum=0.0, strict=True
        )
    prio = _priority_frame(
        codes, threats, d, reach, us_reach
    )  # = threat_priorities(...), without re-reading
    case = prio.loc[case_allies()]
    return ThreatState(prio, case, ideal_allocation(case, CASE_BUDGET))
