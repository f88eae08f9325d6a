"""Institutional inertia (lesson 6): veto players and decision rules, under one name.

The two models live in modules named after their concepts:

* :mod:`course_lib.models.veto_players`: gridlock under unanimity (the convex hull of the
  members' ideal points), its probability along NATO's enlargement, the policy space of
  budget splits, and the veto-player and gridlock explorer states;
* :mod:`course_lib.models.decision_rules`: how long unanimity, a qualified majority and a
  lead nation take to decide (exponential order statistics), what consensus buys, and the
  decision-race explorer state.

This module re-exports every public name of both, so ``from course_lib.models import
institutions as inst`` keeps working in the lesson and the problem set. Patch a name in
the module that defines it (e.g. ``course_lib.models.veto_players._points``): the
functions look their helpers up there, not here.
"""

from __future__ import annotations

from course_lib.models import decision_rules, veto_players
from course_lib.models.decision_rules import *  # noqa: F403
from course_lib.models.veto_players import *  # noqa: F403

__all__ = [*veto_players.__all__, *decision_rules.__all__]
