"""Explorer for lesson 3, path dependence: the step-back timeline.

:func:`step_back_explorer` runs the step-back scenario for a region's preset
(the hegemon starts at its optimum there) under both ways of learning:
counting (Beta-Bernoulli, history matters for ever) and adaptive expectations
(learning rate λ). Sliders set λ, the years of history, the size of the cut and
the year of the step back. It is an :class:`~course_lib.apps.base.Explorer` over
:func:`course_lib.models.path_dependence.step_back_state` and
:func:`course_lib.plots.path_dependence.draw_step_back`.
"""

from __future__ import annotations

import functools

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import leadership
from course_lib.models import path_dependence as model
from course_lib.plots import path_dependence as plots

__all__ = ["HISTORIES", "YEARS", "step_back_explorer"]

#: Years simulated in the timeline (the model's).
YEARS = model.STEP_BACK_YEARS
#: Lengths of history on the x-axis of the history figure (the model's).
HISTORIES = model.HISTORIES


def step_back_explorer(
    region: str = "europe",
    learning_rate: float = 0.2,
    history: int = 70,
    cut: float = 0.5,
    step_year: int = 5,
) -> Explorer:
    """The step-back timeline for a region's preset, under both learning rules.

    Controls (``explorer.controls``): ``learning_rate`` (λ of the adaptive
    rule), ``history`` (years of "the hegemon showed up" before year 0),
    ``cut`` (share of its spending the hegemon cuts) and ``step_year``.
    Figures: ``timeline`` (belief, total against the threat, gap) and
    ``history`` (years until the gap closes against the years of history).
    State: :func:`course_lib.models.path_dependence.step_back_state` for this region.
    """
    region = leadership.region_key(region)
    controls = {
        "learning_rate": slider("learning rate λ", learning_rate, 0.02, 1.0, 0.02),
        "history": int_slider("years of history", history, 0, 100),
        "cut": slider("cut (share of spending)", cut, 0.0, 1.0, 0.05),
        "step_year": int_slider("step-back year", step_year, 0, 30),
    }
    state = functools.partial(model.step_back_state, region)
    s = state(learning_rate=learning_rate, history=history, cut=cut, step_year=step_year)
    figures = {
        "timeline": plots.timeline_figure(s.results, widget=True),
        "history": plots.history_figure(
            s.histories, s.years_to_close, horizon=s.horizon, widget=True
        ),
    }
    return Explorer(controls, state, figures, plots.draw_step_back)
