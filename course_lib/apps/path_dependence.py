"""Explorer for lesson 3, path dependence: the step-back timeline.

:func:`step_back_explorer` runs the step-back scenario for a region's preset
(the hegemon starts at its optimum there) under both ways of learning:
counting (Beta-Bernoulli, history matters for ever) and adaptive expectations
(learning rate λ). Sliders set λ, the years of history, the size of the cut and
the year of the step back. The apps only wire controls to
:mod:`course_lib.models.path_dependence` and :mod:`course_lib.plots.path_dependence`.
"""

from __future__ import annotations

import numpy as np

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import leadership
from course_lib.models import path_dependence as model
from course_lib.plots import path_dependence as plots

__all__ = ["HISTORIES", "YEARS", "scenarios", "step_back_explorer"]

#: Years simulated in the timeline.
YEARS = 60
#: Lengths of history on the x-axis of the history figure.
HISTORIES = np.arange(0, 101, 5)


def _labels(learning_rate: float) -> tuple[str, str]:
    return "counting (Beta)", f"adaptive (λ = {learning_rate:.2f})"


def scenarios(region: str, learning_rate: float, history: int, cut: float, step_year: int) -> dict:
    """Both learning rules' step-back paths for the explorer's settings, keyed by label."""
    theatre = leadership.preset(region)
    count, adaptive = _labels(learning_rate)
    common = {"cut": cut, "step_year": step_year, "years": YEARS, "history": history}
    return {
        count: model.step_back_for(theatre, rule="count", **common),
        adaptive: model.step_back_for(theatre, rule="adaptive", learning_rate=learning_rate, **common),
    }


def _history_curves(region: str, learning_rate: float, cut: float, step_year: int) -> dict:
    theatre = leadership.preset(region)
    q_bar = theatre.optimum().spending
    count, adaptive = _labels(learning_rate)
    out = {}
    for label, rule in ((count, "count"), (adaptive, "adaptive")):
        out[label] = model.gap_by_history(theatre.incomes, theatre.taste, q_bar, theatre.threat,
                                          HISTORIES, rule=rule, cut=cut, step_year=step_year,
                                          years=YEARS, learning_rate=learning_rate)["years_to_close"]
    return out


def step_back_explorer(region: str = "europe", learning_rate: float = 0.2, history: int = 70,
                       cut: float = 0.5, step_year: int = 5) -> Explorer:
    """The step-back timeline for a region's preset, under both learning rules.

    Controls (``explorer.controls``): ``learning_rate`` (λ of the adaptive
    rule), ``history`` (years of "the hegemon showed up" before year 0),
    ``cut`` (share of its spending the hegemon cuts) and ``step_year``.
    Figures: ``timeline`` (belief, total against the threat, gap) and
    ``history`` (years until the gap closes against the years of history).
    """
    region = leadership.preset(region).name.lower().replace("-", "_")
    controls = {
        "learning_rate": slider("learning rate λ", learning_rate, 0.02, 1.0, 0.02),
        "history": int_slider("years of history", history, 0, 100),
        "cut": slider("cut (share of spending)", cut, 0.0, 1.0, 0.05),
        "step_year": int_slider("step-back year", step_year, 0, 30),
    }
    results = scenarios(region, learning_rate, history, cut, step_year)
    figures = {
        "timeline": plots.timeline_figure(results, widget=True),
        "history": plots.history_figure(HISTORIES, _history_curves(region, learning_rate, cut, step_year),
                                        horizon=YEARS, widget=True),
    }
    cache: dict = {}

    def update(ex: Explorer) -> None:
        v = ex.values()
        results = scenarios(region, **v)
        plots.draw_timeline(ex.figures["timeline"], results)
        key = (v["learning_rate"], v["cut"], v["step_year"])
        if cache.get("key") != key:  # the history figure does not depend on the history slider
            cache.update(key=key, curves=_history_curves(region, v["learning_rate"], v["cut"],
                                                         v["step_year"]))
        curves = cache["curves"]
        for trace, label in zip(ex.figures["history"].data, curves):
            trace.name = label
        plots.draw_history(ex.figures["history"], HISTORIES, curves, horizon=YEARS)

    return Explorer(controls, figures, update)
