"""Explorers for lesson 5: economic interdependence and watered-down sanctions.

* :func:`sanctions_explorer`: one slider per member's dependence on the adversary; the
  bars (each member's preferred sanction) and the consensus, majority and optimal levels
  move live, beside the conflict-of-interest scatter.
* :func:`germany_explorer`: Germany's security stake and the other members' lowest
  preferred level; the consensus level along Germany's gas decoupling of 2021-2022.

The apps only wire controls to :mod:`course_lib.models.interdependence` and to
:mod:`course_lib.plots.interdependence`.
"""

from __future__ import annotations

import numpy as np

from course_lib.apps.base import Explorer, slider
from course_lib.models import interdependence as model
from course_lib.plots import interdependence as plots

__all__ = ["control_name", "germany_explorer", "sanctions_explorer", "sanctions_state"]


def control_name(member: str) -> str:
    """The control key of a member's dependence slider, e.g. 'Gas-dependent' -> 'gas_dependent'."""
    return "".join(ch if ch.isalnum() else "_" for ch in member.lower())


def sanctions_state(dependence, stake) -> model.CollectiveSanctions:
    """The model's answer for the current dependences (shares of GDP)."""
    return model.collective_sanctions(dependence, stake)


def sanctions_explorer(dependence=None, stake=None, members=None) -> Explorer:
    """Move each member's dependence and watch the collective sanction levels.

    Defaults: the illustrative alliance of :data:`course_lib.models.interdependence.EXAMPLE_ALLIANCE`.
    Controls (``explorer.controls``): one slider per member, keyed by :func:`control_name`,
    with dependence in percent of GDP (0-10). Figures: ``levels``, ``conflict``.
    """
    table = model.example_alliance()
    members = list(table["member"] if members is None else members)
    dependence = table["dependence"].to_numpy() if dependence is None else np.asarray(dependence, float)
    stake = table["stake"].to_numpy() if stake is None else np.asarray(stake, float)
    model.collective_sanctions(dependence, stake)  # validates the inputs
    if not len(members) == len(dependence) == len(stake):
        raise ValueError("members, dependence and stake must have one entry per member")
    controls = {control_name(m): slider(f"{m}: dependence (% GDP)", 100 * d, 0.0, 10.0, 0.1,
                                        readout_format=".1f")
                for m, d in zip(members, dependence)}
    s = sanctions_state(dependence, stake)
    figures = {
        "levels": plots.sanction_levels_figure(members, s.preferred, s.consensus, s.majority,
                                               s.optimal, s.setter, widget=True),
        "conflict": plots.conflict_figure(members, dependence, stake, s.preferred, widget=True),
    }

    def update(ex: Explorer) -> None:
        tau = np.array(list(ex.values().values()), dtype=float) / 100.0
        s = sanctions_state(tau, stake)
        with ex.figures["levels"].batch_update():
            plots.draw_sanction_levels(ex.figures["levels"], members, s.preferred, s.consensus,
                                       s.majority, s.optimal, s.setter)
        with ex.figures["conflict"].batch_update():
            plots.draw_conflict(ex.figures["conflict"], members, tau, stake, s.preferred)

    return Explorer(controls, figures, update)


def germany_explorer(stake: float = 0.6, others: float = 0.7) -> Explorer:
    """Germany's decoupling from Russian gas and the consensus ceiling on sanctions.

    Controls: ``stake`` (Germany's stake, in shares of gas imports) and ``others`` (the
    lowest preferred sanction among the other members, 0-1). Figure: ``germany``.
    """
    controls = {
        "stake": slider("Germany's stake θ (share of gas imports)", stake, 0.1, 1.5, 0.05),
        "others": slider("others' lowest preferred sanction", others, 0.0, 1.0, 0.05),
    }
    figures = {"germany": plots.germany_figure(model.germany_case(stake, others), widget=True)}

    def update(ex: Explorer) -> None:
        case = model.germany_case(**ex.values())
        with ex.figures["germany"].batch_update():
            plots.draw_germany(ex.figures["germany"], case)

    return Explorer(controls, figures, update)
