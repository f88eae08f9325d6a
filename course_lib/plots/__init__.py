"""Figures for the lessons: each function takes model results and returns a plotly figure.

A plot function never computes an equilibrium; it draws what a model returned.
Pass ``widget=True`` where offered to get a ``go.FigureWidget`` that an explorer
can update in place.

The submodules load on first use (``from course_lib.plots import threats``), so a
lesson imports plotly and the figures it draws, not every lesson's.
"""

from __future__ import annotations

import importlib

SUBMODULES = (
    "best_response",
    "classroom",
    "credible_threats",
    "decision_rules",
    "evidence",
    "free_rider",
    "grading_report",
    "hegemon_decisions",
    "institutions",
    "interdependence",
    "leadership",
    "models_meet_data",
    "path_dependence",
    "procurement",
    "style",
    "theatres",
    "threats",
    "veto_players",
    "widget",
)
#: the house style's names, re-exported from :mod:`course_lib.plots.style`
STYLE = ("PALETTE", "SERIES", "finish")

__all__ = [*SUBMODULES, *STYLE]


def __getattr__(name: str):
    if name in SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in STYLE:
        return getattr(importlib.import_module(f"{__name__}.style"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
