"""Explorers for lesson 2, the leadership trap.

* :func:`leadership_explorer`: one region's hegemon; sliders for the threat,
  the allies' wealth, the value of influence and the value of deterrence;
  the payoff curve with its optimum and the "damned if you do" curve.
* :func:`regions_explorer`: Europe and the Indo-Pacific side by side under the
  same changes.
* :func:`threat_game_explorer`: the credible-threat game tree, with the demand,
  how much harder the threat is alone, and what staying costs the hegemon.

Each is an :class:`~course_lib.apps.base.Explorer`: controls named like the keyword
arguments of a state function in :mod:`course_lib.models.leadership`
(``leadership_state``, ``regions_state``, ``threat_game_state``) and a draw function in
:mod:`course_lib.plots.leadership`.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets

from course_lib.apps.base import Explorer, slider
from course_lib.models import leadership as model
from course_lib.plots import leadership as plots

__all__ = [
    "REGIONS",
    "leadership_explorer",
    "regions_explorer",
    "theatre_for",
    "threat_game_explorer",
]

#: Region label -> preset key, in display order (the model's).
REGIONS = model.REGIONS
#: A preset with an explorer's changes applied (the model's).
theatre_for = model.theatre_for


def leadership_explorer(
    region: str = "europe",
    threat: float | None = None,
    wealth: float = 1.0,
    influence_value: float | None = None,
    value: float | None = None,
) -> Explorer:
    """The hegemon's payoff curve and its optimum, for one region's preset.

    Controls (``explorer.controls``): ``threat`` (T), ``wealth`` (the allies'
    incomes as a multiple of the preset's), ``influence_value`` (φ) and
    ``value`` (V). Figures (``explorer.figures``): ``payoff`` and ``trap``.
    State: :func:`course_lib.models.leadership.leadership_state` for this region.
    """
    base = model.preset(model.region_key(region))
    threat = base.threat if threat is None else threat
    influence_value = base.influence_value if influence_value is None else influence_value
    value = base.value if value is None else value
    controls = {
        "threat": slider("threat T", threat, 0.0, 3.0 * base.threat, base.threat / 50),
        "wealth": slider("allies' wealth (× 2024)", wealth, 0.25, 3.0, 0.05),
        "influence_value": slider("value of influence φ", influence_value, 0.0, 20.0, 0.5, ".1f"),
        "value": slider("value of deterrence V", value, 0.0, 60.0, 1.0, ".0f"),
    }
    state = functools.partial(model.leadership_state, region)
    s = state(threat=threat, wealth=wealth, influence_value=influence_value, value=value)
    figures = {
        "payoff": plots.payoff_figure(s.curve, widget=True),
        "trap": plots.trap_figure(s.curve, widget=True),
    }
    return Explorer(controls, state, figures, plots.draw_leadership)


def regions_explorer(
    threat: float = 1.0,
    wealth: float = 1.0,
    influence_value: float | None = None,
    value: float | None = None,
) -> Explorer:
    """Europe and the Indo-Pacific side by side.

    Controls: ``threat`` (both threats as a multiple of their presets),
    ``wealth`` (both allies' incomes as a multiple of 2024), ``influence_value``
    and ``value`` (set for both; default: the presets' common values).
    Figure: ``regions``. State: :func:`course_lib.models.leadership.regions_state`.
    """
    influence_value = model.EUROPE.influence_value if influence_value is None else influence_value
    value = model.EUROPE.value if value is None else value
    controls = {
        "threat": slider("threats (× preset)", threat, 0.25, 2.0, 0.05),
        "wealth": slider("allies' wealth (× 2024)", wealth, 0.25, 3.0, 0.05),
        "influence_value": slider("value of influence φ", influence_value, 0.0, 20.0, 0.5, ".1f"),
        "value": slider("value of deterrence V", value, 0.0, 60.0, 1.0, ".0f"),
    }
    s = model.regions_state(threat, wealth, influence_value, value)
    figures = {"regions": plots.regions_figure(s.curves, s.threats, widget=True)}
    return Explorer(controls, model.regions_state, figures, plots.draw_region_comparison)


def threat_game_explorer(
    region: str = "Europe",
    shift: float = 0.5,
    threat_alone: float = 1.5,
    commitment_cost: float = 0.0,
) -> Explorer:
    """The credible-threat game, solved by backward induction as the sliders move.

    Controls: ``region`` (Europe or Indo-Pacific), ``shift`` (share of its
    spending the hegemon asks the allies to take over), ``threat_alone`` (how
    much harder the threat is without allies) and ``commitment_cost`` (what
    staying costs the hegemon: bases, entrapment). Figures: ``tree`` and
    ``calculation``. State: :func:`course_lib.models.leadership.threat_game_state`.
    """
    key = model.region_key(region)
    label = next(k for k, v in REGIONS.items() if v == key)
    controls = {
        "region": widgets.Dropdown(
            options=list(REGIONS),
            value=label,
            description="region",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="220px"),
        ),
        "shift": slider("burden shift demanded", shift, 0.0, 1.0, 0.05),
        "threat_alone": slider("threat alone (× T)", threat_alone, 1.0, 3.0, 0.05),
        "commitment_cost": slider("cost of staying E", commitment_cost, 0.0, 20.0, 0.25),
    }
    g = model.threat_game_state(label, shift, threat_alone, commitment_cost)
    figures = {
        "tree": plots.game_tree_figure(g, widget=True),
        "calculation": plots.threat_calculation_figure(g, widget=True),
    }
    return Explorer(controls, model.threat_game_state, figures, plots.draw_threat_game)
