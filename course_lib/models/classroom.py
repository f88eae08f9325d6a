r"""The classroom experiment: the room's play set against the free-rider model.

Students play the allies of lesson 1 live (the oTree game in ``classroom/``).
Player ``i`` of a group has income :math:`I_i` and taste for security
:math:`a_i`, chooses :math:`0 \le q_i \le I_i` each round and earns, in points,

.. math:: \pi_i = k\,(I_i - q_i)^{1-a_i}\, Q^{a_i}, \qquad Q = \sum_j q_j,

with one constant ``k`` (:data:`POINTS_PER_UNIT`) for every player, the hegemon
included, so that payoffs compare. The predictions the room is held against:

* **Nash** (simultaneous moves): :func:`course_lib.models.free_rider.nash_contributions`
  for the group's incomes and tastes of that round.
* **Efficient** (Lindahl): each player pays its marginal value,
  :math:`q_i = a_i I_i`, so :math:`Q_{opt} = \sum_i a_i I_i`
  (:func:`course_lib.models.free_rider.pareto_optimal_total`); with a common
  taste this is the Samuelson total :math:`a \sum_i I_i`.
* **Hegemon first** (Stackelberg, lesson 2): the hegemon commits :math:`q_H`,
  the others answer with :func:`course_lib.models.leadership.allied_response`,
  and the hegemon's best commitment maximises
  :math:`(I_H - q_H)^{1-a_H} Q(q_H)^{a_H}`. :math:`Q(q_H)` is piecewise linear:
  while the allies in ``C`` contribute, :math:`Q = (q_H + S)/(1 + R)` with
  :math:`S = \sum_C I_i`, :math:`R = \sum_C r_i`. On such a piece the hegemon's
  first-order condition gives :math:`q_H = a_H I_H - (1 - a_H) S`, so the exact
  optimum is the best of these points and the pieces' ends
  (:func:`stackelberg_commitment`).

The functions on tables read the tidy frame of
:func:`course_lib.data.classroom.load_classroom_session`: one row per player and
round, columns ``session, treatment, group, round, player, income, taste,
hegemon, frontline, contribution, payoff, total, timed_out``.

References: T. Bergstrom, L. Blume and H. Varian (1986), "On the Private
Provision of Public Goods"; H. Varian (1994), "Sequential contributions to
public goods", *Journal of Public Economics* 53(2); R. M. Isaac and J. Walker
(1988), "Group size effects in public goods provision", *Quarterly Journal of
Economics* 103(1); J. Ledyard (1995), "Public goods: a survey of experimental
research", *Handbook of Experimental Economics*.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from course_lib.models import free_rider, leadership
from course_lib.models import validation as check

__all__ = [
    "POINTS_PER_UNIT",
    "TREATMENTS",
    "COLUMNS",
    "CrowdingOut",
    "ShockEffect",
    "contributions_by_round",
    "efficient_contributions",
    "free_riding_by_income",
    "hegemon_crowding_out",
    "payoffs",
    "predicted_contributions",
    "predicted_play",
    "stackelberg_commitment",
    "threat_shock_effect",
]

#: Points per unit of Cobb-Douglas utility, the same for every player.
POINTS_PER_UNIT = 1.0
#: The game's treatments (session configs ``alliance_<treatment>``).
TREATMENTS = ("equal", "unequal", "hegemon", "shock")
#: Columns the table functions need.
COLUMNS = (
    "session",
    "treatment",
    "group",
    "round",
    "player",
    "income",
    "taste",
    "hegemon",
    "frontline",
    "contribution",
    "payoff",
    "total",
)


# --------------------------------------------------------------------------- one group, one round


def payoffs(contributions, incomes, taste, points_per_unit: float = POINTS_PER_UNIT) -> np.ndarray:
    r"""Each player's points :math:`k (I_i - q_i)^{1-a_i} Q^{a_i}` (``free_rider.utility`` times ``k``)."""
    k = check.scalar(points_per_unit, "points_per_unit", minimum=0.0, strict=True)
    return k * free_rider.utility(contributions, incomes, taste)


def efficient_contributions(incomes, taste) -> np.ndarray:
    r"""The Lindahl allocation :math:`q_i = a_i I_i`; it sums to ``free_rider.pareto_optimal_total``."""
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    return taste * incomes


def _hegemon_index(hegemon, n: int) -> int:
    return check.integer(hegemon, "hegemon", minimum=0, maximum=n - 1)


def stackelberg_commitment(incomes, taste, hegemon: int = 0) -> float:
    r"""The hegemon's best commitment :math:`q_H^*` when it moves first and the others answer.

    Parameters
    ----------
    incomes, taste : the whole group, hegemon included (``taste`` one number or one per player)
    hegemon : index of the hegemon in ``incomes``

    The others play ``free_rider.nash_contributions`` with :math:`q_H` as outside
    spending. Candidates are :math:`0`, :math:`I_H`, the commitments at which one
    more ally stops contributing (:math:`q = t_k (1 + R_k) - S_k` with
    :math:`t_k = I_k / r_k` over the allies sorted by :math:`t`), and each piece's
    stationary point :math:`a_H I_H - (1 - a_H) S_k`; the best candidate is exact.
    """
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    h = _hegemon_index(hegemon, incomes.size)
    others = np.delete(np.arange(incomes.size), h)
    income_h, a_h = incomes[h], taste[h]
    if others.size == 0:
        return float(a_h * income_h)
    inc, a = incomes[others], taste[others]
    r = (1.0 - a) / a
    order = np.argsort(-(inc / r), kind="stable")
    sum_income = np.concatenate(([0.0], np.cumsum(inc[order])))
    sum_r = np.concatenate(([0.0], np.cumsum(r[order])))
    thresholds = (inc / r)[order]
    candidates = [0.0, income_h]
    candidates += list(thresholds * (1.0 + sum_r[1:]) - sum_income[1:])
    candidates += list(a_h * income_h - (1.0 - a_h) * sum_income)
    best_q, best_u = None, 0.0
    for q in np.clip(np.sort(candidates), 0.0, income_h):
        total = q + leadership.allied_response(inc, a, q).sum()
        u = (income_h - q) ** (1.0 - a_h) * total**a_h
        if best_q is None or u > best_u * (1.0 + 1e-12):
            best_q, best_u = float(q), u
    return best_q


def predicted_contributions(incomes, taste, hegemon: int | None = None) -> np.ndarray:
    """What the model predicts each player spends.

    Without a hegemon: the Nash equilibrium (``free_rider.nash_contributions``).
    With ``hegemon`` (an index): the subgame-perfect play of the game where the
    hegemon commits first, :func:`stackelberg_commitment` and the others' answer
    (``leadership.allied_response``).
    """
    incomes = check.incomes(incomes)
    taste = check.taste(taste, incomes.size)
    if hegemon is None:
        return free_rider.nash_contributions(incomes, taste)
    h = _hegemon_index(hegemon, incomes.size)
    q_h = stackelberg_commitment(incomes, taste, h)
    others = np.delete(np.arange(incomes.size), h)
    q = np.empty_like(incomes)
    q[h] = q_h
    q[others] = leadership.allied_response(incomes[others], taste[others], q_h)
    return q


# --------------------------------------------------------------------------- the room's data


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError("frame must be a pandas DataFrame from load_classroom_session")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"frame is missing the column(s) {missing}; expected {list(COLUMNS)} "
            "(load it with course_lib.data.load_classroom_session)"
        )
    if frame.empty:
        raise ValueError("frame must hold at least one played round")
    return frame


def predicted_play(frame: pd.DataFrame) -> pd.DataFrame:
    """The room's rows with the model's predictions beside them.

    Adds, per row: ``nash`` (the predicted contribution: Nash, or subgame-perfect
    play in the hegemon treatment), ``efficient`` (:math:`a_i I_i`), ``response``
    (the best answer to what the others actually did: ``free_rider.best_response``
    to the others' total, clipped to the income), ``nash_payoff`` and
    ``efficient_payoff`` (points at those profiles), ``burden``
    (contribution / income) and the group totals ``nash_total`` and
    ``efficient_total``. For allies in the hegemon treatment ``response`` is
    their Nash answer to the hegemon's actual commitment.
    """
    frame = _frame(frame)
    parts = []
    for _, g in frame.groupby(["session", "group", "round"], sort=True):
        g = g.sort_values("player").copy()
        inc = g["income"].to_numpy(float)
        a = g["taste"].to_numpy(float)
        q = g["contribution"].to_numpy(float)
        heg = np.flatnonzero(g["hegemon"].to_numpy(bool))
        h = int(heg[0]) if heg.size else None
        nash = predicted_contributions(inc, a, h)
        eff = efficient_contributions(inc, a)
        others_total = q.sum() - q
        response = np.minimum(free_rider.best_response(others_total, inc, a), inc)
        if h is not None:
            rest = np.delete(np.arange(inc.size), h)
            response[rest] = leadership.allied_response(inc[rest], a[rest], q[h])
            response[h] = q[h]
        g["nash"] = nash
        g["efficient"] = eff
        g["response"] = response
        g["nash_payoff"] = payoffs(nash, inc, a)
        g["efficient_payoff"] = payoffs(eff, inc, a)
        g["burden"] = q / inc
        g["nash_total"] = nash.sum()
        g["efficient_total"] = eff.sum()
        parts.append(g)
    return pd.concat(parts).sort_index()


def contributions_by_round(frame: pd.DataFrame) -> pd.DataFrame:
    """Per treatment and round: the mean group total played, predicted (Nash) and efficient.

    Also ``share_of_gap``: how far the room sits from Nash towards the efficient
    total, :math:`(Q - Q^*)/(Q_{opt} - Q^*)` (0 at Nash, 1 at the optimum),
    and ``groups``, the number of groups averaged.
    """
    play = predicted_play(frame)
    groups = (
        play.groupby(["treatment", "session", "group", "round"], sort=True)
        .agg(
            total=("contribution", "sum"),
            nash_total=("nash_total", "first"),
            efficient_total=("efficient_total", "first"),
        )
        .reset_index()
    )
    out = (
        groups.groupby(["treatment", "round"], sort=True)
        .agg(
            total=("total", "mean"),
            nash_total=("nash_total", "mean"),
            efficient_total=("efficient_total", "mean"),
            groups=("group", "size"),
        )
        .reset_index()
    )
    gap = out["efficient_total"] - out["nash_total"]
    out["share_of_gap"] = np.where(
        gap > 0, (out["total"] - out["nash_total"]) / gap.where(gap > 0), np.nan
    )
    return out


def free_riding_by_income(
    frame: pd.DataFrame, treatment: str = "unequal"
) -> tuple[pd.DataFrame, free_rider.ExploitationTest]:
    """Who free-rides, by income: each player's mean burden against its income.

    Returns a table (one row per player: ``income``, ``burden`` played,
    ``predicted_burden``, both as shares of income, averaged over rounds) and
    Olson and Zeckhauser's rank test (``free_rider.exploitation_test``) on the
    played burdens: a positive correlation is the exploitation of the great by
    the small in the room's own data.
    """
    play = _treatment(predicted_play(frame), treatment)
    play = play.assign(predicted_burden=play["nash"] / play["income"])
    table = (
        play.groupby(["session", "group", "player"], sort=True)
        .agg(
            income=("income", "mean"),
            burden=("burden", "mean"),
            predicted_burden=("predicted_burden", "mean"),
        )
        .reset_index()
        .sort_values("income")
    )
    test = free_rider.exploitation_test(table["income"].to_numpy(), table["burden"].to_numpy())
    return table, test


class CrowdingOut(NamedTuple):
    """How the allies' spending answers the hegemon's commitment in the hegemon treatment."""

    table: pd.DataFrame  #: per group and round: commitment, allies_total, predicted_allies_total
    slope: float  #: least-squares slope of allies_total on commitment (played)
    predicted_slope: float  #: the same slope of the predicted answers (model)
    mean_commitment: float  #: the hegemon's mean commitment played
    predicted_commitment: float  #: mean subgame-perfect commitment (stackelberg_commitment)


def hegemon_crowding_out(frame: pd.DataFrame, treatment: str = "hegemon") -> CrowdingOut:
    r"""The hegemon's crowding out, played and predicted.

    For every group and round of the treatment: the hegemon's commitment
    :math:`q_H`, the allies' total played and the allies' total predicted for
    that very commitment (``leadership.allied_response``). The slopes of allies'
    total on :math:`q_H` are fitted by least squares to both; the model's is
    :math:`dQ/dq_H - 1 < 0` wherever allies still contribute. Needs at least two
    different commitments.
    """
    play = _treatment(predicted_play(frame), treatment)
    if not play["hegemon"].any():
        raise ValueError(f"treatment {treatment!r} has no hegemon rows")
    rows = []
    for (session, group, rnd), g in play.groupby(["session", "group", "round"], sort=True):
        h = g["hegemon"].to_numpy(bool)
        allies = g[~h]
        q_h = float(g.loc[h, "contribution"].iloc[0])
        rows.append(
            {
                "session": session,
                "group": group,
                "round": rnd,
                "commitment": q_h,
                "allies_total": float(allies["contribution"].sum()),
                "predicted_allies_total": float(allies["response"].sum()),
                "predicted_commitment": float(g.loc[h, "nash"].iloc[0]),
            }
        )
    table = pd.DataFrame(rows)
    x = table["commitment"].to_numpy(float)
    if np.ptp(x) == 0:
        raise ValueError("the hegemons' commitments must vary to fit a crowding-out slope")
    slope = float(np.polyfit(x, table["allies_total"].to_numpy(float), 1)[0])
    predicted = float(np.polyfit(x, table["predicted_allies_total"].to_numpy(float), 1)[0])
    return CrowdingOut(
        table, slope, predicted, float(x.mean()), float(table["predicted_commitment"].mean())
    )


class ShockEffect(NamedTuple):
    """Frontline and other players' mean contribution before and after the threat shock."""

    table: (
        pd.DataFrame
    )  #: rows frontline/others; columns before, after, predicted_before, predicted_after
    shock_round: int  #: first round with the raised tastes


def threat_shock_effect(frame: pd.DataFrame, treatment: str = "shock") -> ShockEffect:
    """Mean contribution of frontline and other players before and after the shock, played and predicted.

    The shock round is the first round in which a frontline player's taste is
    higher than in round 1.
    """
    play = _treatment(predicted_play(frame), treatment)
    first = play[play["round"] == play["round"].min()].set_index(["session", "group", "player"])[
        "taste"
    ]
    base = first.reindex(pd.MultiIndex.from_frame(play[["session", "group", "player"]])).to_numpy()
    raised = play["taste"].to_numpy(float) > base + 1e-12
    if not raised.any():
        raise ValueError(f"treatment {treatment!r} has no round in which a taste rises")
    shock_round = int(play.loc[raised, "round"].min())
    play = play.assign(
        after=play["round"] >= shock_round,
        side=np.where(play["frontline"].to_numpy(bool), "frontline", "others"),
    )
    table = (
        play.groupby(["side", "after"])
        .agg(played=("contribution", "mean"), predicted=("nash", "mean"))
        .unstack("after")
    )
    out = pd.DataFrame(
        {
            "before": table[("played", False)],
            "after": table[("played", True)],
            "predicted_before": table[("predicted", False)],
            "predicted_after": table[("predicted", True)],
        }
    )
    return ShockEffect(out, shock_round)


def _treatment(play: pd.DataFrame, treatment: str) -> pd.DataFrame:
    if treatment not in TREATMENTS:
        raise ValueError(f"treatment must be one of {TREATMENTS}, got {treatment!r}")
    out = play[play["treatment"] == treatment]
    if out.empty:
        present = sorted(play["treatment"].unique())
        raise ValueError(
            f"treatment {treatment!r} has no rows in this session (present: {present})"
        )
    return out
