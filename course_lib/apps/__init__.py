"""Live explorers: ipywidgets controls wired to a model's state function and a plot's draw function.

Every explorer is a :class:`course_lib.apps.base.Explorer`: ``.controls`` (a dict of
widgets), ``.figures`` (a dict of FigureWidgets), ``.state`` (the model's latest
answer), ``.update()`` and ``.widget`` (what the notebook displays), so tests can
move a slider and read the figure.

The submodules load on first use (``from course_lib.apps import gridlock_explorer``
imports :mod:`course_lib.apps.institutions` only): a lesson's first cell then pays
only for the models it shows, which is part of opening a lesson in seconds.
"""

from __future__ import annotations

import importlib

#: explorer -> the submodule that defines it
EXPLORERS = {
    "evidence_explorer": "evidence",
    "best_response_explorer": "free_rider",
    "free_rider_explorer": "free_rider",
    "decision_race_explorer": "institutions",
    "gridlock_explorer": "institutions",
    "procurement_explorer": "institutions",
    "veto_player_explorer": "institutions",
}
SUBMODULES = (
    "base",
    "evidence",
    "free_rider",
    "institutions",
    "interdependence",
    "leadership",
    "models_meet_data",
    "path_dependence",
    "threats",
)

__all__ = [*EXPLORERS, *SUBMODULES]


def __getattr__(name: str):
    if name in EXPLORERS:
        return getattr(importlib.import_module(f"{__name__}.{EXPLORERS[name]}"), name)
    if name in SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
