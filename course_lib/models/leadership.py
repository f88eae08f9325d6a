"""Lesson 2, the leadership trap: one import for the whole model.

The model is split by concept; this module re-exports every public name (and
the optimiser ``_optimise``, which problem set 2's hidden tests switch off), so
``from course_lib.models import leadership as L`` gives ``L.hegemon_optimum``,
``L.GameNode``, ``L.EUROPE`` and the rest:

* :mod:`course_lib.models.stackelberg`: the hegemon moves first, the allies
  answer (crowding out, the payoff ``W``, its optimum, the twin challenges);
* :mod:`course_lib.models.game_tree`: finite perfect-information games
  (``GameNode``, backward induction, subgame perfection by enumeration);
* :mod:`course_lib.models.credible_threats`: the threat to leave, solved on a game tree;
* :mod:`course_lib.models.theatres`: the regional presets (``EUROPE``,
  ``INDO_PACIFIC``, ``HEGEMON``) and the explorers' state functions.

The re-exported functions are the same objects as in their modules.
"""

from course_lib.models.credible_threats import ThreatGame, threat_game
from course_lib.models.game_tree import GameNode, backward_induction, subgame_perfect_by_enumeration
from course_lib.models.stackelberg import (
    Optimum,
    TrapCurve,
    TwinChallenges,
    _optimise,  # noqa: F401  (problem set 2 switches it off)
    alliance_total,
    allied_response,
    crowding_out,
    deterrence_probability,
    hegemon_optimum,
    influence,
    leadership_payoff,
    leadership_trap_curve,
    twin_challenge_boundary,
    twin_challenges,
)
from course_lib.models.theatres import (
    EUROPE,
    HEGEMON,
    INDO_PACIFIC,
    PRESETS,
    REGIONS,
    Hegemon,
    LeadershipState,
    RegionsState,
    Theatre,
    leadership_state,
    preset,
    region_key,
    regions_state,
    theatre_for,
    threat_game_state,
)

__all__ = [
    "EUROPE",
    "HEGEMON",
    "INDO_PACIFIC",
    "PRESETS",
    "REGIONS",
    "GameNode",
    "LeadershipState",
    "RegionsState",
    "Hegemon",
    "Optimum",
    "Theatre",
    "ThreatGame",
    "TrapCurve",
    "TwinChallenges",
    "alliance_total",
    "allied_response",
    "backward_induction",
    "crowding_out",
    "deterrence_probability",
    "hegemon_optimum",
    "influence",
    "leadership_payoff",
    "leadership_trap_curve",
    "leadership_state",
    "preset",
    "region_key",
    "regions_state",
    "theatre_for",
    "threat_game_state",
    "subgame_perfect_by_enumeration",
    "threat_game",
    "twin_challenge_boundary",
    "twin_challenges",
]
