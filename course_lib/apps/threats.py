"""Explorer for lesson 4: divergent threat perceptions.

:func:`threat_explorer` wires three sliders (the regional reach, the reach of the
United States, the capability of the North Africa / Sahel threat) to the model's
state function :func:`course_lib.models.threats.threat_state` and to the plots' draw
function :func:`course_lib.plots.threats.draw_threat_explorer`, which redraw, in place,
a world map of every ally's top threat, a heat map of the case allies' priorities,
and the budget split each of them would choose.
"""

from __future__ import annotations

from course_lib.apps.base import Explorer, slider
from course_lib.models import threats as model
from course_lib.models.threats import CASE_BUDGET as BUDGET
from course_lib.models.threats import threat_state
from course_lib.plots import threats as plots

__all__ = ["BUDGET", "threat_explorer", "threat_state"]


def threat_explorer(
    reach: float = model.DEFAULT_REACH_KM,
    us_reach: float = model.GLOBAL_REACH_KM,
    sahel: float | None = None,
) -> Explorer:
    """Explore how reach and capability decide which threat each ally fears most.

    Controls (``explorer.controls``): ``reach`` (regional reach, km), ``us_reach`` (the
    United States' reach, km), ``sahel`` (capability of the North Africa / Sahel threat,
    Russia = 1). Figures (``explorer.figures``): ``map``, ``priorities``, ``budget``.
    ``explorer.state`` is the latest :class:`~course_lib.models.threats.ThreatState`.
    """
    if sahel is None:
        sahel = float(model.threat_sources().set_index("code").loc["SAH", "capability"])
    controls = {
        "reach": slider(
            "regional reach δ (km)", reach, 100.0, 20000.0, 100.0, readout_format=".0f"
        ),
        "us_reach": slider(
            "U.S. reach (km)", us_reach, 500.0, 20000.0, 500.0, readout_format=".0f"
        ),
        "sahel": slider("Sahel capability (Russia = 1)", sahel, 0.1, 2.0, 0.05),
    }
    s = threat_state(**{name: c.value for name, c in controls.items()})
    figures = {
        "map": plots.threat_map_figure(s.priorities, widget=True),
        "priorities": plots.priority_heatmap_figure(s.case, widget=True),
        "budget": plots.budget_figure(s.budget, widget=True),
    }
    return Explorer(controls, threat_state, figures, plots.draw_threat_explorer)
