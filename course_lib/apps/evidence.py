"""Explorer for lesson 7, the evidence: Olson and Zeckhauser's rank test, year by year.

:func:`evidence_explorer` has one control, the year, and two figures: the
members' burden against their GDP in that year (labelled, estimates open, the
year's Spearman correlation in the title) and the correlation over all years
with a line at the year shown. The app only wires the slider to
:mod:`course_lib.models.evidence` and :mod:`course_lib.plots.evidence`.
"""

from __future__ import annotations

from functools import partial

from course_lib.apps.base import Explorer, int_slider
from course_lib.models import evidence as model
from course_lib.models.evidence import year_state
from course_lib.plots import evidence as plots

__all__ = ["evidence_explorer", "year_state"]


def evidence_explorer(source: str = "sipri", year: int = 1964) -> Explorer:
    """Move through the years and watch the link between economic size and burden change.

    Parameters
    ----------
    source : {"sipri", "nato"}
        SIPRI covers 1949-2024 (GDP in current US$, derived from SIPRI's
        figures); NATO covers 2014-2024 (constant 2015 US$; 2023-24 estimates).
    year : int
        The year shown first.

    Controls (``explorer.controls``): ``year``. Figures (``explorer.figures``):
    ``scatter`` (burden against GDP; trace 0 reported, trace 1 estimates) and
    ``trend`` (Spearman's rho per year for both sources; the last trace marks
    the year shown). ``explorer.state`` is the latest
    :class:`~course_lib.models.evidence.YearState` (:func:`~course_lib.models.evidence.year_state`).
    """
    series = model.exploitation_by_year(source)
    if series.empty:
        raise ValueError(f"source {source!r} has no year with three members with data")
    first, last = int(series["year"].min()), int(series["year"].max())
    if not first <= int(year) <= last:
        raise ValueError(
            f"year must be between {first} and {last} for source {source!r}, got {year!r}"
        )
    both = {
        model.LABELS[s]: (series if s == source else model.exploitation_by_year(s))
        for s in ("sipri", "nato")
    }
    controls = {"year": int_slider("year", int(year), first, last)}
    state = partial(year_state, source=source)
    s = state(year=controls["year"].value)
    figures = {
        "scatter": plots.size_burden_figure(
            s.section, s.year, s.test, prices=model.PRICES[source], widget=True
        ),
        "trend": plots.correlation_figure(both, year=s.year, widget=True),
    }
    return Explorer(controls, state, figures, plots.draw_evidence_explorer)
