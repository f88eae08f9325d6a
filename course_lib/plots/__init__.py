"""Figures for the lessons: each function takes model results and returns a plotly figure.

A plot function never computes an equilibrium; it draws what a model returned.
Pass ``widget=True`` where offered to get a ``go.FigureWidget`` that an explorer
can update in place.
"""

from course_lib.plots import (  # noqa: F401  # noqa: F401
    evidence,  # noqa: F401
    free_rider,  # noqa: F401
    institutions,  # noqa: F401
    interdependence,
    leadership,
    path_dependence,
    threats,
)
from course_lib.plots.style import PALETTE, SERIES, finish  # noqa: F401
