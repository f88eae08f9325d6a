"""Figures for the lessons: each function takes model results and returns a plotly figure.

A plot function never computes an equilibrium; it draws what a model returned.
Pass ``widget=True`` where offered to get a ``go.FigureWidget`` that an explorer
can update in place.
"""

from course_lib.plots.style import PALETTE, SERIES, finish  # noqa: F401
from course_lib.plots import free_rider  # noqa: F401
from course_lib.plots import evidence  # noqa: F401
from course_lib.plots import interdependence, threats  # noqa: F401
from course_lib.plots import institutions  # noqa: F401
from course_lib.plots import leadership, path_dependence  # noqa: F401
