"""Explorer for lesson 9: the models meet NATO's data.

:func:`calibration_explorer`: pick a year of NATO's 2014-2024 tables and a
private share. The first figure sets every ally's observed burden against the
burden the joint-product model predicts with one common taste (the best one for
that share, :func:`course_lib.models.calibration.best_common_taste`). The second
calibrates every ally's own taste on that year (so the model reproduces it
exactly) and lets the United States cut its spending: what the others do.
The app wires its sliders to the model's state function
:func:`course_lib.models.calibration.calibration_state` and to
:func:`course_lib.plots.models_meet_data.draw_calibration_explorer`.
"""

from __future__ import annotations

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models.calibration import HEGEMON, calibration_state
from course_lib.plots import models_meet_data as plots

__all__ = ["FIRST_YEAR", "HEGEMON", "LAST_YEAR", "calibration_explorer", "year_state"]

FIRST_YEAR, LAST_YEAR = 2014, 2024
#: The explorer's state for one setting of its controls (the model's state function).
year_state = calibration_state


def calibration_explorer(
    year: int = 2024, private_share: float = 0.0, us_cut: float = 0.2
) -> Explorer:
    """Observed against predicted burdens for a year and a private share, and a U.S. cut.

    Controls (``explorer.controls``): ``year`` (2014-2024), ``private_share``
    (0-0.95) and ``us_cut`` (the fraction of its spending the United States
    cuts, 0-0.5). Figures: ``burdens`` and ``counterfactual``.
    ``explorer.state`` is the latest :class:`~course_lib.models.calibration.CalibrationState`.
    """
    controls = {
        "year": int_slider("year", year, FIRST_YEAR, LAST_YEAR),
        "private_share": slider("private share s", private_share, 0.0, 0.95, 0.05),
        "us_cut": slider("U.S. cut x", us_cut, 0.0, 0.5, 0.05),
    }
    s = calibration_state(**{name: c.value for name, c in controls.items()})
    cf = s.counterfactual
    figures = {
        "burdens": plots.burdens_figure(
            s.names,
            s.gdp,
            s.observed,
            s.predicted,
            year=s.year,
            private_share=s.private_share,
            widget=True,
        ),
        "counterfactual": plots.counterfactual_figure(
            s.names,
            cf.spending_before,
            cf.spending_after,
            hegemon=s.hegemon,
            cut=s.us_cut,
            widget=True,
        ),
    }
    return Explorer(controls, calibration_state, figures, plots.draw_calibration_explorer)
