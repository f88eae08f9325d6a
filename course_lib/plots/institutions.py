"""Figures for the institutional-inertia lesson (6), under one name.

They live in modules named after the models they draw: :mod:`course_lib.plots.veto_players`
(gridlock, the hull of vetoes), :mod:`course_lib.plots.decision_rules` (delays, one crisis,
solidarity) and :mod:`course_lib.plots.procurement` (the fragmented market, weapon systems).
This module re-exports every public name of the three.
"""

from __future__ import annotations

from course_lib.plots import decision_rules, procurement, veto_players
from course_lib.plots.decision_rules import *  # noqa: F403
from course_lib.plots.procurement import *  # noqa: F403
from course_lib.plots.veto_players import *  # noqa: F403

__all__ = [*veto_players.__all__, *decision_rules.__all__, *procurement.__all__]
