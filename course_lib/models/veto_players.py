r"""Veto players: when unanimity is stuck, and how likely that is as an alliance grows.

Following Tsebelis (2002), member ``i`` has an ideal point
:math:`x_i \in \mathbb{R}^2` in a policy space and Euclidean preferences: it
prefers policy ``y`` to the status quo ``s`` iff :math:`\lVert y - x_i\rVert <
\lVert s - x_i\rVert`. Under unanimity ``s`` can be replaced only by a policy
every member strictly prefers (the unanimity win set). That set is empty, and
the alliance is *gridlocked*, exactly when

.. math:: s \in \operatorname{conv}\{x_1, \dots, x_n\}.

(If ``s`` lies outside the hull, its projection onto the hull is closer to every
ideal point; if it lies inside, every direction of movement takes it away from
some member.) Adding a member can only enlarge the hull, so for the same draws
gridlock can only become more likely as the alliance grows.

In two dimensions, ``s`` lies outside the hull iff the directions
:math:`v_i = x_i - s` fit in an open half-plane, i.e. there is a member ``j``
such that every :math:`v_i` lies less than :math:`\pi` counter-clockwise of
:math:`v_j`. With :math:`f_j` the first member (in accession order) that lies
:math:`\pi` or more counter-clockwise of :math:`v_j`, the status quo is
gridlocked by the first ``n`` members iff :math:`\max_{j \le n} f_j \le n`,
which vectorises over Monte Carlo draws with cross products and a running
maximum (no hull is built).

Centred status quo (Wendel 1962): for ideal points drawn independently from a
distribution symmetric about ``s``,
:math:`P(\text{gridlock}) = 1 - n / 2^{n-1}` in two dimensions.

The explorer states of the veto-player and gridlock pictures (lesson 6) are here too.

References: G. Tsebelis (2002), *Veto Players: How Political Institutions Work*,
Princeton University Press; J. G. Wendel (1962), "A Problem in Geometric
Probability", *Mathematica Scandinavica* 11.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import optimize

from course_lib.data import load_accession
from course_lib.models import validation as check
from course_lib.models._arguments import array as _array
from course_lib.models._arguments import rng as _rng
from course_lib.models._arguments import sizes as _sizes

__all__ = [
    "GridlockEstimate",
    "GridlockState",
    "POLICY_SPACE",
    "VetoPlayerState",
    "alliance_ideal_points",
    "budget_split",
    "closest_acceptable_policy",
    "draw_members",
    "enlargement_path",
    "gridlock_along_enlargement",
    "gridlock_probability",
    "gridlock_probability_centred",
    "gridlock_state",
    "gridlocked_by_size",
    "hull_vertices",
    "illustrative_ideal_points",
    "is_gridlocked",
    "members_of",
    "policy_x_range",
    "veto_player_state",
]

_TOL = 1e-12


def _points(value, name: str) -> np.ndarray:
    """Ideal points as an (n, d) float array, n >= 1; points on a line (d = 1) are embedded at y = 0."""
    arr = _array(value, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] < 1:
        raise ValueError(f"{name} must have shape (members, dimensions), got shape {arr.shape}")
    if arr.shape[0] < 1:
        raise ValueError(f"{name} must hold at least one member's ideal point (got 0 members)")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers")
    if arr.shape[1] == 1:
        arr = np.column_stack([arr[:, 0], np.zeros(arr.shape[0])])
    return arr


def _status_quo(value, dim: int, name: str = "status_quo") -> np.ndarray:
    arr = _array(value, name).reshape(-1)
    if dim == 2 and arr.size == 1:
        arr = np.array([arr[0], 0.0])
    if arr.size != dim:
        raise ValueError(f"{name} must be one point with {dim} coordinates, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers")
    return arr


def _outside_first(v: np.ndarray) -> np.ndarray:
    r"""For direction vectors ``v`` of shape (D, N, 2): :math:`f_j` (1-based) per member ``j``.

    :math:`f_j` is the first member ``i`` whose direction lies :math:`\pi` or
    more counter-clockwise of member ``j``'s (``N + 1`` if none does). With unit
    vectors the cross product is the sine of the angle between them; nearly
    parallel or opposite directions (|sine| <= 1e-12) count as exactly so, which
    puts the hull's boundary inside the hull. Zero vectors (a member at the
    status quo) never count; the caller handles them.
    """
    d_count, n = v.shape[0], v.shape[1]
    norm = np.hypot(v[..., 0], v[..., 1])
    safe = np.where(norm > 0, norm, 1.0)
    ux, uy = v[..., 0] / safe, v[..., 1] / safe
    sine = np.multiply(ux[:, :, None], uy[:, None, :])
    work = np.multiply(uy[:, :, None], ux[:, None, :])
    sine -= work
    beyond = sine < -_TOL
    flat = np.abs(sine, out=work) <= _TOL
    if np.count_nonzero(flat) > d_count * n:  # collinear pairs beyond the diagonal
        flat[:, np.arange(n), np.arange(n)] = False
        d, j, i = np.nonzero(flat)
        opposite = ux[d, j] * ux[d, i] + uy[d, j] * uy[d, i] < 0
        beyond[d[opposite], j[opposite], i[opposite]] = True
    first = np.argmax(beyond, axis=-1)
    found = np.take_along_axis(beyond, first[..., None], axis=-1)[..., 0]
    return np.where(found, first + 1, n + 1)


def _outside_first_fast(v: np.ndarray, head: int = 8) -> np.ndarray:
    """:func:`_outside_first` for Monte Carlo draws: signs of cross products in single precision.

    No normalisation and no tolerance: the cross product's sign is compared
    directly (:math:`v_{j,x} v_{i,y} < v_{j,y} v_{i,x}`) in float32, which is
    several times faster on large batches. Only a status quo within about 1e-7
    (relative) of a hull edge can be misclassified, an event of probability far
    below the Monte Carlo error; exact collinearity has probability zero.

    About half the members lie beyond any given one, so :math:`f_j` is nearly always
    among the first ``head`` members: those are compared for every ``j``, and the rest
    only for the few ``j`` with none beyond among them. Each comparison is the same
    float32 product as in the full ``N x N`` table, so the answer is the same.
    """
    return _first_beyond32(v[..., 0].astype(np.float32), v[..., 1].astype(np.float32), head)


def _first_beyond32(vx: np.ndarray, vy: np.ndarray, head: int = 8) -> np.ndarray:
    """:func:`_outside_first_fast` from the float32 coordinates of the directions, (D, N) each."""
    n = vx.shape[1]
    k = min(head, n)
    out = np.full(vx.shape, n + 1)
    todo = np.ones(vx.shape, dtype=bool)
    for i in range(k):  # member i against every j at once
        beyond = vx * vy[:, i : i + 1] < vy * vx[:, i : i + 1]
        beyond &= todo
        out[beyond] = i + 1
        todo &= ~beyond
    d, j = np.nonzero(todo)
    if k < n and d.size:
        wx, wy = vx[d, j][:, None], vy[d, j][:, None]
        rest = np.less(wx * vy[d, k:], wy * vx[d, k:])
        later = np.argmax(rest, axis=-1)
        out[d, j] = np.where(rest[np.arange(d.size), later], k + later + 1, n + 1)
    return out


def _gridlocked_prefixes(
    ideals: np.ndarray, status_quo: np.ndarray, *, exact: bool = True
) -> np.ndarray:
    """Vectorised core: ideals (D, N, 2), status_quo (D, 2) -> bool (D, N), prefix n = column n-1.

    ``exact=False`` uses :func:`_outside_first_fast` (for random draws).
    """
    n = ideals.shape[1]
    if exact:
        v = ideals - status_quo[:, None, :]
        f = _outside_first(v)
        at = np.all(v == 0.0, axis=-1)
    else:  # v's two coordinates as (D, N) arrays: the same differences, cast to float32
        vx = ideals[..., 0] - status_quo[:, 0, None]
        vy = ideals[..., 1] - status_quo[:, 1, None]
        f = _first_beyond32(vx.astype(np.float32), vy.astype(np.float32))
        at = (vx == 0.0) & (vy == 0.0)
    witness_gone = np.maximum.accumulate(f, axis=1) <= np.arange(1, n + 1)
    if not at.any():  # no member sits exactly at the status quo (almost surely, for draws)
        return witness_gone
    return witness_gone | np.logical_or.accumulate(at, axis=1)


def is_gridlocked(status_quo, ideals) -> bool:
    r"""Whether unanimity is stuck: :math:`s \in \operatorname{conv}\{x_i\}` (boundary included).

    Parameters
    ----------
    status_quo : array_like, shape (d,)
        The policy in force.
    ideals : array_like, shape (n, d) (or (n,) for a line)
        Members' ideal points, at least one. ``d`` is 1, 2 or more; above two
        dimensions hull membership is decided by a small linear programme.

    Returns
    -------
    bool
        True when no policy is strictly preferred by every member.
    """
    pts = _points(ideals, "ideals")
    d = pts.shape[1]
    s = _status_quo(status_quo, d)
    if d == 2:
        return bool(_gridlocked_prefixes(pts[None], s[None])[0, -1])
    # d >= 3: is there a convex combination of the ideal points equal to s?
    n = pts.shape[0]
    scale = max(1.0, float(np.abs(pts).max()), float(np.abs(s).max()))
    res = optimize.linprog(
        np.zeros(n),
        A_eq=np.vstack([pts.T / scale, np.ones(n)]),
        b_eq=np.concatenate([s / scale, [1.0]]),
        bounds=(0, None),
        method="highs",
    )
    return bool(res.status == 0)


def gridlocked_by_size(status_quo, ideals) -> np.ndarray:
    """For each ``n``: is the status quo gridlocked by the first ``n`` members? (2-D, shape (n,))."""
    pts = _points(ideals, "ideals")
    if pts.shape[1] != 2:
        raise ValueError(f"ideals must be points in two dimensions, got {pts.shape[1]}")
    s = _status_quo(status_quo, 2)
    return _gridlocked_prefixes(pts[None], s[None])[0]


def hull_vertices(ideals) -> np.ndarray:
    """Corners of the convex hull of 2-D ideal points, counter-clockwise (closed: first repeated last).

    Andrew's monotone chain; for one point or collinear points the "hull" is the
    point or the segment between the extremes.
    """
    pts = _points(ideals, "ideals")
    if pts.shape[1] != 2:
        raise ValueError(f"ideals must be points in two dimensions, got {pts.shape[1]}")
    uniq = np.unique(pts, axis=0)
    if len(uniq) == 1:
        return np.vstack([uniq, uniq])
    order = sorted(map(tuple, uniq))

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in order:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(order):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    chain = lower[:-1] + upper[:-1]
    return np.array(chain + [chain[0]], dtype=float)


def closest_acceptable_policy(status_quo, ideals) -> np.ndarray:
    r"""The point of the hull nearest the status quo (2-D).

    If the status quo is outside the hull this policy is strictly closer to
    *every* member's ideal point than the status quo is: a move all members
    accept. If it is inside, the status quo itself is returned (nothing moves).
    """
    pts = _points(ideals, "ideals")
    if pts.shape[1] != 2:
        raise ValueError(f"ideals must be points in two dimensions, got {pts.shape[1]}")
    s = _status_quo(status_quo, 2)
    if is_gridlocked(s, pts):
        return s.copy()
    ring = hull_vertices(pts)
    a, b = ring[:-1], ring[1:]
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.where(
        length2 > 0, np.einsum("ij,ij->i", s - a, ab) / np.where(length2 > 0, length2, 1), 0.0
    )
    t = np.clip(t, 0.0, 1.0)[:, None]
    proj = np.where(
        t <= 0.0, a, np.where(t >= 1.0, b, a + t * ab)
    )  # corners exactly, not by arithmetic
    gap = proj - s
    return proj[
        int(np.argmin(np.einsum("ij,ij->i", gap, gap)))
    ]  # squared: finer than hypot near ties


def draw_members(
    rng: np.random.Generator, draws: int, members: int, spread: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Random alliances: ideal points :math:`x_i \sim N(0, I_2)` and status quo :math:`s \sim N(0, \sigma^2 I_2)`.

    Returns ``(ideals, status_quo)`` of shapes (draws, members, 2) and (draws, 2).
    ``spread`` is :math:`\sigma`: 1 means the status quo was set by members like
    these; 0 puts it at the centre of the members' distribution.
    """
    ideals = rng.standard_normal((draws, members, 2))
    status_quo = spread * rng.standard_normal((draws, 2))
    return ideals, status_quo


class GridlockEstimate(NamedTuple):
    """Monte Carlo gridlock probability for each alliance size."""

    members: np.ndarray  #: alliance sizes n
    probability: np.ndarray  #: share of draws gridlocked by the first n members
    stderr: np.ndarray  #: binomial standard error of each share
    draws: int


def gridlock_probability(
    members, draws: int = 100_000, *, seed=None, spread: float = 1.0, chunk: int = 1024
) -> GridlockEstimate:
    r"""Probability that a random status quo is gridlocked under unanimity, by alliance size.

    Each draw holds ideal points for the largest alliance and one status quo;
    the alliance of size ``n`` is the first ``n`` members of the draw (nested
    draws), so the estimate is non-decreasing in ``n``, as the theory says.
    Vectorised over draws in chunks (signs of cross products and running
    maxima, no hull; see :func:`_outside_first_fast` for the precision used).

    Parameters
    ----------
    members : int or array_like of int
        Alliance sizes (each >= 1).
    draws : int
        Monte Carlo draws (>= 1).
    seed : int or numpy.random.Generator, optional
        Seed for ``numpy.random.default_rng`` or a Generator; equal seeds give
        equal answers.
    spread : float >= 0
        Standard deviation of the status quo relative to the ideal points'.
    """
    sizes = _sizes(members)
    draws = check.integer(draws, "draws", minimum=1)
    spread = check.scalar(spread, "spread", minimum=0.0)
    chunk = check.integer(chunk, "chunk", minimum=1)
    rng = _rng(seed)
    n_max = int(sizes.max())
    counts = np.zeros(n_max, dtype=np.int64)
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        ideals, status_quo = draw_members(rng, size, n_max, spread)
        counts += _gridlocked_prefixes(ideals, status_quo, exact=False).sum(axis=0)
        done += size
    p = counts[sizes - 1] / draws
    return GridlockEstimate(sizes, p, np.sqrt(p * (1 - p) / draws), draws)


def gridlock_probability_centred(members) -> np.ndarray:
    r"""Exact gridlock probability for a status quo at the centre of a symmetric distribution.

    Wendel (1962): ``n`` points drawn independently from a distribution
    symmetric about the origin in the plane fail to surround it with probability
    :math:`n / 2^{n-1}`, so :math:`P(\text{gridlock}) = 1 - n / 2^{n-1}`.
    """
    sizes = _sizes(members)
    return 1.0 - sizes / 2.0 ** (sizes - 1)


def enlargement_path() -> pd.DataFrame:
    """NATO's membership after each enlargement, from the shipped accession data.

    Columns: ``year``, ``members`` (allies after that year's accessions),
    ``joined`` (countries that joined that year, comma-separated).
    """
    return _enlargement_path().copy()


@lru_cache(maxsize=1)
def _enlargement_path() -> pd.DataFrame:
    """:func:`enlargement_path`, built once from the shipped data (callers get copies)."""
    table = load_accession()
    rows = []
    for year, group in table.groupby("nato_accession_year", sort=True):
        rows.append({"year": int(year), "joined": ", ".join(sorted(group["country"]))})
    path = pd.DataFrame(rows)
    path.insert(
        1, "members", table.groupby("nato_accession_year").size().sort_index().cumsum().to_numpy()
    )
    return path


def gridlock_along_enlargement(
    draws: int = 100_000, *, seed=None, spread: float = 1.0
) -> pd.DataFrame:
    """Gridlock probability at each step of NATO's enlargement path (nested draws).

    Columns: ``year``, ``members``, ``joined``, ``probability``, ``stderr``.
    """
    path = enlargement_path()
    est = gridlock_probability(path["members"].to_numpy(), draws, seed=seed, spread=spread)
    path["probability"] = est.probability
    path["stderr"] = est.stderr
    return path


def illustrative_ideal_points(members: int = 32, *, seed=2024) -> np.ndarray:
    """Illustrative 2-D ideal points for ``members`` allies (standard normal, seeded).

    These are not estimates of any country's position: the threat-perception
    lesson builds ideal points from geography; this gives a quick stand-in.
    """
    members = check.integer(members, "members", minimum=1)
    return _rng(seed).standard_normal((members, 2))


def alliance_ideal_points(year: int = 2024) -> pd.DataFrame:
    r"""NATO members of ``year`` placed in a two-dimensional policy space from their threat priorities.

    Each ally's priorities :math:`p_{ij}` over Russia, China, North Korea and
    North Africa / the Sahel come from the threat-perception lesson
    (:func:`course_lib.models.threats.threat_priorities`, Boulding's
    loss-of-strength gradient). Its ideal split of a common budget is
    :math:`100\,p_{ij}` percent per threat; the policy space keeps two numbers of
    that split:

    * ``x``, east against south: percentage points for Russia minus for North Africa / Sahel;
    * ``y``, the Indo-Pacific: percent for China plus North Korea.

    Returns columns ``iso3``, ``country``, ``nato_accession_year``, ``x``, ``y``,
    in accession order (so the first ``n`` rows are an earlier, smaller alliance).
    """
    from course_lib.models import threats  # the threat-perception lesson's model

    year = check.integer(year, "year", minimum=1949)
    table = load_accession()
    table = table[table["nato_accession_year"] <= year]
    table = table.sort_values(["nato_accession_year", "iso3"], kind="stable").reset_index(drop=True)
    prio = threats.threat_priorities(list(table["iso3"]))
    out = table[["iso3", "country", "nato_accession_year"]].copy()
    out["x"] = 100.0 * (prio["RUS"].to_numpy() - prio["SAH"].to_numpy())
    out["y"] = 100.0 * (prio["CHN"].to_numpy() + prio["PRK"].to_numpy())
    return out


#: Corners of the policy space of :func:`alliance_ideal_points` (x, y): every budget to
#: Russia, every budget to the Indo-Pacific, every budget to North Africa / Sahel.
POLICY_SPACE = ((100.0, 0.0), (0.0, 100.0), (-100.0, 0.0))


def budget_split(x, y) -> np.ndarray:
    r"""The budget split behind a point of the policy space: shares for Russia, the Indo-Pacific, North Africa / Sahel.

    The coordinates of :func:`alliance_ideal_points` are :math:`x = 100(p_R - p_S)` and
    :math:`y = 100(p_C + p_K)`, with shares :math:`p \ge 0` summing to one, so

    .. math:: p_R = \frac{100 - y + x}{200}, \qquad p_C + p_K = \frac{y}{100}, \qquad
              p_S = \frac{100 - y - x}{200}.

    Only the triangle :math:`y \ge 0,\ |x| + y \le 100` (corners :data:`POLICY_SPACE`) is a
    budget: below the floor the Indo-Pacific would get a negative share, beyond the sides
    Russia or the Sahel would. Returns the three shares (each >= 0, summing to 1); a point
    outside the triangle raises ``ValueError``.
    """
    x = check.scalar(x, "x", minimum=-100.0, maximum=100.0)
    y = check.scalar(y, "y", minimum=0.0, maximum=100.0)
    if abs(x) > 100.0 - y + 1e-9:
        raise ValueError(
            f"x must satisfy |x| <= 100 - y (= {100.0 - y:g}) for a budget split with y = {y:g}; got x = {x:g}"
        )
    shares = np.array([(100.0 - y + x) / 200.0, y / 100.0, (100.0 - y - x) / 200.0])
    shares = np.clip(shares, 0.0, 1.0)
    return shares / shares.sum()


def policy_x_range(y) -> tuple[float, float]:
    """The east-against-south values a budget split allows at Indo-Pacific share ``y`` (0-100).

    That is ``(-(100 - y), 100 - y)``.
    """
    y = check.scalar(y, "y", minimum=0.0, maximum=100.0)
    return -(100.0 - y), 100.0 - y


# ----------------------------------------------------------------------------- explorer states


@lru_cache(maxsize=1)
def _every_member() -> pd.DataFrame:
    """:func:`alliance_ideal_points` of every ally that ever joined (computed once: about 20 ms)."""
    last = int(load_accession()["nato_accession_year"].max())
    return alliance_ideal_points(last)


def members_of(year: int) -> pd.DataFrame:
    """The allies of ``year`` (joined in or before it; >= 1949), with their ideal points: the rows
    of :func:`alliance_ideal_points` for that year, in accession order."""
    year = check.integer(year, "year", minimum=1949)
    table = _every_member()
    return table[table["nato_accession_year"] <= year].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class VetoPlayerState:
    """What the veto-player picture shows for one status quo and one year."""

    ideals: np.ndarray  #: the members' ideal points, shape (n, 2)
    labels: tuple[str, ...]  #: the members' names, in accession order
    status_quo: np.ndarray  #: (x, y)
    budget: (
        np.ndarray
    )  #: the status quo's budget shares (Russia, Indo-Pacific, North Africa / Sahel)
    hull: np.ndarray  #: corners of the members' convex hull (:func:`hull_vertices`)
    gridlocked: bool  #: the status quo lies in the hull: no move every member prefers
    move_to: (
        np.ndarray
    )  #: :func:`closest_acceptable_policy` (the status quo itself when gridlocked)
    year: int  #: members as of this year


def veto_player_state(status_quo_x: float, status_quo_y: float, year: int) -> VetoPlayerState:
    """The veto-player explorer's state: NATO's members of ``year`` (:func:`members_of`), their
    hull, and whether the status quo ``(status_quo_x, status_quo_y)`` is gridlocked.

    The status quo must be a budget split (:func:`budget_split`: ``status_quo_y`` >= 0 and
    ``|status_quo_x| + status_quo_y <= 100``); otherwise ``ValueError`` names the coordinate.
    """
    x = check.scalar(status_quo_x, "status_quo_x", minimum=-100.0, maximum=100.0)
    y = check.scalar(status_quo_y, "status_quo_y", minimum=0.0, maximum=100.0)
    if abs(x) > 100.0 - y + 1e-9:
        raise ValueError(
            f"status_quo_x must satisfy |status_quo_x| <= 100 - status_quo_y (= {100.0 - y:g}) "
            f"for a budget split; got status_quo_x = {x:g}"
        )
    budget = budget_split(x, y)
    members = members_of(year)
    pts = members[["x", "y"]].to_numpy(dtype=float)
    sq = np.array([x, y])
    return VetoPlayerState(
        pts,
        tuple(members["country"]),
        sq,
        budget,
        hull_vertices(pts),
        is_gridlocked(sq, pts),
        closest_acceptable_policy(sq, pts),
        int(year),
    )


class GridlockState(NamedTuple):
    """What the gridlock explorer shows: the simulated path and the centred (exact) case."""

    table: pd.DataFrame  #: :func:`gridlock_along_enlargement`
    centred: np.ndarray  #: :func:`gridlock_probability_centred` at the same sizes


def gridlock_state(spread: float = 1.0, *, draws: int = 20_000, seed=1949) -> GridlockState:
    """The gridlock explorer's state: ``draws`` Monte Carlo draws (same ``seed`` at every
    step, so only ``spread`` moves the curve) of a status quo with spread ``spread`` (>= 0)."""
    spread = check.scalar(spread, "spread", minimum=0.0)
    draws = check.integer(draws, "draws", minimum=1)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        table = gridlock_along_enlargement(draws, seed=seed, spread=spread)
    else:  # the same draws at every step: drawn once, and the status quos scaled by the spread
        table = enlargement_path()
        counts = np.zeros(int(table["members"].max()), dtype=np.int64)
        for ideals, status_quo in _standard_draws(draws, int(seed), counts.size):
            counts += _gridlocked_prefixes(ideals, spread * status_quo, exact=False).sum(axis=0)
        p = counts[table["members"].to_numpy() - 1] / draws
        table["probability"] = p
        table["stderr"] = np.sqrt(p * (1 - p) / draws)
    return GridlockState(table, gridlock_probability_centred(table["members"].to_numpy()))


@lru_cache(maxsize=2)
def _standard_draws(draws: int, seed: int, members: int, chunk: int = 1024) -> tuple:
    """The chunks :func:`gridlock_probability` draws for this seed, with spread 1 (read-only).

    ``draw_members`` scales a standard normal status quo by the spread after drawing
    it, so ``spread * status_quo`` here is exactly the status quo drawn with that spread.
    """
    rng = _rng(seed)
    chunks = []
    for start in range(0, draws, chunk):
        ideals, status_quo = draw_members(rng, min(chunk, draws - start), members, 1.0)
        ideals.flags.writeable = status_quo.flags.writeable = False
        chunks.append((ideals, status_quo))
    return tuple(chunks)
