"""Explorer for lesson 4: divergent threat perceptions.

:func:`threat_explorer` wires three sliders (the regional reach, the reach of the
United States, the capability of the North Africa / Sahel threat) to
:mod:`course_lib.models.threats` and redraws, in place, a world map of every ally's top
threat, a heat map of the case allies' priorities, and the budget split each of them
would choose.
"""

from __future__ import annotations

from course_lib.apps.base import Explorer, slider
from course_lib.models import threats as model
from course_lib.plots import threats as plots

__all__ = ["BUDGET", "threat_explorer", "threat_state"]

#: The common budget the case allies split (100, so allocations read as percent).
BUDGET = 100.0


def threat_state(reach: float = model.DEFAULT_REACH_KM, us_reach: float = model.GLOBAL_REACH_KM,
                 sahel: float | None = None) -> dict:
    """Everything the explorer draws for one setting: priorities of all allies, of the case
    allies, and the case allies' ideal budgets."""
    capability = None if sahel is None else {"SAH": sahel}
    prio = model.threat_priorities(reach=reach, global_reach=us_reach, capability=capability)
    case = prio.loc[model.case_allies()]
    return {"priorities": prio, "case": case, "budget": model.ideal_allocation(case, BUDGET)}


def threat_explorer(reach: float = model.DEFAULT_REACH_KM, us_reach: float = model.GLOBAL_REACH_KM,
                    sahel: float | None = None) -> Explorer:
    """Explore how reach and capability decide which threat each ally fears most.

    Controls (``explorer.controls``): ``reach`` (regional reach, km), ``us_reach`` (the
    United States' reach, km), ``sahel`` (capability of the North Africa / Sahel threat,
    Russia = 1). Figures (``explorer.figures``): ``map``, ``priorities``, ``budget``.
    """
    if sahel is None:
        sources = model.threat_sources().set_index("code")
        sahel = float(sources.loc["SAH", "capability"])
    controls = {
        "reach": slider("regional reach δ (km)", reach, 100.0, 20000.0, 100.0, readout_format=".0f"),
        "us_reach": slider("U.S. reach (km)", us_reach, 500.0, 20000.0, 500.0, readout_format=".0f"),
        "sahel": slider("Sahel capability (Russia = 1)", sahel, 0.1, 2.0, 0.05),
    }
    s = threat_state(reach, us_reach, sahel)
    figures = {
        "map": plots.threat_map_figure(s["priorities"], widget=True),
        "priorities": plots.priority_heatmap_figure(s["case"], widget=True),
        "budget": plots.budget_figure(s["budget"], widget=True),
    }

    def update(ex: Explorer) -> None:
        s = threat_state(**ex.values())
        with ex.figures["map"].batch_update():
            plots.draw_threat_map(ex.figures["map"], s["priorities"])
        with ex.figures["priorities"].batch_update():
            plots.draw_priority_heatmap(ex.figures["priorities"], s["case"])
        with ex.figures["budget"].batch_update():
            plots.draw_budget(ex.figures["budget"], s["budget"])

    return Explorer(controls, figures, update)
