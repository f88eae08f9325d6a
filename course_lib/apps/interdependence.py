"""Explorers for lesson 5: economic interdependence and watered-down sanctions.

* :func:`sanctions_explorer`: one slider per member's dependence on the adversary; the
  bars (each member's preferred sanction) and the consensus, majority and optimal levels
  move live, beside the conflict-of-interest scatter.
* :func:`germany_explorer`: Germany's security stake and the other members' lowest
  preferred level; the consensus level along Germany's gas decoupling of 2021-2022.

The apps only wire controls to the model's state functions
(:func:`course_lib.models.interdependence.sanctions_state`, ``germany_state``) and to
the draw functions of :mod:`course_lib.plots.interdependence`.
"""

from __future__ import annotations

import numpy as np

from course_lib.apps.base import Explorer, slider
from course_lib.models import interdependence as model
from course_lib.plots import interdependence as plots

__all__ = ["control_name", "germany_explorer", "sanctions_explorer"]


def control_name(member: str) -> str:
    """The control key of a member's dependence slider, e.g. 'Gas-dependent' -> 'gas_dependent'."""
    return "".join(ch if ch.isalnum() else "_" for ch in member.lower())


def sanctions_explorer(dependence=None, stake=None, members=None) -> Explorer:
    """Move each member's dependence and watch the collective sanction levels.

    Defaults: the illustrative alliance of :data:`course_lib.models.interdependence.EXAMPLE_ALLIANCE`.
    Controls (``explorer.controls``): one slider per member, keyed by :func:`control_name`,
    with dependence in percent of GDP (0-10). Figures: ``levels``, ``conflict``.
    ``explorer.state`` is the latest :class:`~course_lib.models.interdependence.SanctionsState`.
    """
    table = model.example_alliance()
    members = [str(m) for m in (table["member"] if members is None else members)]
    dependence = (
        table["dependence"].to_numpy() if dependence is None else np.asarray(dependence, float)
    )
    stake = table["stake"].to_numpy() if stake is None else np.asarray(stake, float)
    model.collective_sanctions(
        dependence, stake
    )  # validates the inputs (stake: one, or one per member)
    if len(members) != len(dependence):
        raise ValueError("members and dependence must have one entry per member")
    keys = {control_name(m): m for m in members}
    if len(keys) != len(members):
        raise ValueError(f"members must have distinct names once lower-cased, got {members}")
    controls = {
        key: slider(
            f"{keys[key]}: dependence (% GDP)", 100 * d, 0.0, 10.0, 0.1, readout_format=".1f"
        )
        for key, d in zip(keys, dependence)
    }

    def state(**percent):  # each slider passes its member's dependence by name
        return model.sanctions_state(members, stake, {keys[k]: v for k, v in percent.items()})

    s = state(**{key: c.value for key, c in controls.items()})
    r = s.result
    figures = {
        "levels": plots.sanction_levels_figure(
            s.members, r.preferred, r.consensus, r.majority, r.optimal, r.setter, widget=True
        ),
        "conflict": plots.conflict_figure(
            s.members, s.dependence, s.stake, r.preferred, widget=True
        ),
    }
    return Explorer(controls, state, figures, plots.draw_sanctions_explorer)


def germany_explorer(stake: float = 0.6, others: float = 0.7) -> Explorer:
    """Germany's decoupling from Russian gas and the consensus ceiling on sanctions.

    Controls: ``stake`` (Germany's stake, in shares of gas imports) and ``others`` (the
    lowest preferred sanction among the other members, 0-1). Figure: ``germany``.
    ``explorer.state`` is the latest :class:`~course_lib.models.interdependence.GermanyState`.
    """
    controls = {
        "stake": slider("Germany's stake θ (share of gas imports)", stake, 0.1, 1.5, 0.05),
        "others": slider("others' lowest preferred sanction", others, 0.0, 1.0, 0.05),
    }
    s = model.germany_state(**{name: c.value for name, c in controls.items()})
    figures = {"germany": plots.germany_figure(s.case, widget=True)}
    return Explorer(controls, model.germany_state, figures, plots.draw_germany_explorer)
