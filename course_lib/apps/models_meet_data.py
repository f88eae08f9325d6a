"""Explorer for lesson 9: the models meet NATO's data.

:func:`calibration_explorer`: pick a year of NATO's 2014-2024 tables and a
private share. The first figure sets every ally's observed burden against the
burden the joint-product model predicts with one common taste (the best one for
that share, :func:`course_lib.models.calibration.best_common_taste`). The second
calibrates every ally's own taste on that year (so the model reproduces it
exactly) and lets the United States cut its spending: what the others do.
"""

from __future__ import annotations

import numpy as np

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import calibration, evidence
from course_lib.plots import models_meet_data as plots

__all__ = ["FIRST_YEAR", "LAST_YEAR", "calibration_explorer", "year_state"]

FIRST_YEAR, LAST_YEAR = 2014, 2024
HEGEMON = "USA"


def year_state(year: int, private_share: float, us_cut: float) -> dict:
    """Everything the explorer draws for one setting of its controls."""
    cs = evidence.cross_section(year, "nato")
    gdp = cs["gdp_musd"].to_numpy()
    spending = cs["spending_musd"].to_numpy()
    taste, _ = calibration.best_common_taste(gdp, spending, private_share)
    predicted = calibration.predicted_burdens(gdp, taste, private_share)
    hegemon = int(np.flatnonzero(cs["iso3"].to_numpy() == HEGEMON)[0])
    cf = calibration.us_cut(gdp, spending, hegemon, us_cut, private_share)
    return {"names": cs["iso3"].to_numpy(), "gdp": gdp, "observed": 100.0 * spending / gdp,
            "predicted": predicted, "taste": taste, "before": cf.spending_before,
            "after": cf.spending_after, "hegemon": hegemon, "counterfactual": cf}


def calibration_explorer(year: int = 2024, private_share: float = 0.0, us_cut: float = 0.2) -> Explorer:
    """Observed against predicted burdens for a year and a private share, and a U.S. cut.

    Controls (``explorer.controls``): ``year`` (2014-2024), ``private_share``
    (0-0.95) and ``us_cut`` (the fraction of its spending the United States
    cuts, 0-0.5). Figures: ``burdens`` and ``counterfactual``.
    """
    controls = {
        "year": int_slider("year", year, FIRST_YEAR, LAST_YEAR),
        "private_share": slider("private share s", private_share, 0.0, 0.95, 0.05),
        "us_cut": slider("U.S. cut x", us_cut, 0.0, 0.5, 0.05),
    }
    s = year_state(year, private_share, us_cut)
    figures = {
        "burdens": plots.burdens_figure(s["names"], s["gdp"], s["observed"], s["predicted"],
                                        year=year, private_share=private_share, widget=True),
        "counterfactual": plots.counterfactual_figure(s["names"], s["before"], s["after"],
                                                      hegemon=s["hegemon"], cut=us_cut, widget=True),
    }

    def update(ex: Explorer) -> None:
        v = ex.values()
        s = year_state(**v)
        fig = ex.figures
        with fig["burdens"].batch_update():
            plots.draw_burdens(fig["burdens"], s["names"], s["gdp"], s["observed"], s["predicted"],
                               year=v["year"], private_share=v["private_share"])
        with fig["counterfactual"].batch_update():
            plots.draw_counterfactual(fig["counterfactual"], s["names"], s["before"], s["after"],
                                      hegemon=s["hegemon"], cut=v["us_cut"])

    return Explorer(controls, figures, update)
