"""Live explorers: ipywidgets controls wired to a model and a plotly FigureWidget.

An app only wires: it reads the controls, calls a model, and writes the model's
answer into figures built by :mod:`course_lib.plots`, updating them in place.
Every explorer returns an object with ``.controls`` (a dict of widgets),
``.figures`` (a dict of FigureWidgets), ``.update()`` and ``.widget`` (what the
notebook displays), so tests can move a slider and read the figure.
"""

from course_lib.apps import interdependence, leadership, path_dependence, threats  # noqa: F401  # noqa: F401
from course_lib.apps.evidence import evidence_explorer  # noqa: F401
from course_lib.apps.free_rider import best_response_explorer, free_rider_explorer  # noqa: F401
from course_lib.apps.institutions import (  # noqa: F401,E501
    decision_race_explorer,
    gridlock_explorer,
    procurement_explorer,
    veto_player_explorer,
)
