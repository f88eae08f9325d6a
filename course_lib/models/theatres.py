"""The regions the hegemon leads: calibrated presets of the Stackelberg model, and the explorers' states.

A :class:`Theatre` holds one region's parameters (the allies' ISO3 codes and
2024 GDP relative to U.S. GDP, their taste for security, the threat ``T`` and
its uncertainty ``s``, the values ``V`` and :math:`\varphi`, the cost ``c``)
and calls the model functions of :mod:`course_lib.models.stackelberg` and
:mod:`course_lib.models.credible_threats` with them. :data:`EUROPE` and
:data:`INDO_PACIFIC` are the two presets; :data:`HEGEMON` is the United States.

The state functions at the end (:func:`leadership_state`, :func:`regions_state`,
:func:`threat_game_state`) are what lesson 2's explorers show for one setting
of their controls.

The cost of leading grows with the distance to the threat (Boulding's loss of
strength gradient): Washington-Beijing is 1.425 times Washington-Moscow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from course_lib.models import validation as check
from course_lib.models.credible_threats import ThreatGame, threat_game
from course_lib.models.stackelberg import (
    Optimum,
    TrapCurve,
    TwinChallenges,
    _params,
    alliance_total,
    allied_response,
    crowding_out,
    hegemon_optimum,
    leadership_payoff,
    leadership_trap_curve,
    twin_challenge_boundary,
    twin_challenges,
)

__all__ = [
    "EUROPE",
    "HEGEMON",
    "INDO_PACIFIC",
    "PRESETS",
    "REGIONS",
    "Hegemon",
    "LeadershipState",
    "RegionsState",
    "Theatre",
    "leadership_state",
    "preset",
    "region_key",
    "regions_state",
    "theatre_for",
    "threat_game_state",
]


# --------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class Theatre:
    """One region's parameters: the allies the hegemon leads there and what it faces.

    Money is in percent of U.S. GDP (U.S. GDP = 100). ``allies`` are ISO3 codes
    and ``incomes`` their 2024 GDP at current prices relative to U.S. GDP. The
    methods call the module's functions with these parameters, so
    ``EUROPE.optimum()`` is ``hegemon_optimum(**EUROPE.parameters())``.
    """

    name: str
    allies: tuple[str, ...]
    incomes: tuple[float, ...]
    taste: float  #: a, the allies' taste for security
    threat: float  #: T
    scale: float  #: s
    value: float  #: V
    influence_value: float  #: phi
    cost: float  #: c
    threat_source: str = ""  #: ISO3-style code of the main threat (places.csv)
    threat_alone: float = 1.5
    commitment_cost: float = 0.0

    def __post_init__(self):
        if len(self.allies) != len(self.incomes):
            raise ValueError(
                f"allies and incomes must have the same length, got {len(self.allies)} "
                f"and {len(self.incomes)}"
            )
        _params(
            self.incomes,
            self.taste,
            self.threat,
            self.scale,
            self.value,
            self.influence_value,
            self.cost,
        )

    def parameters(self) -> dict:
        """Keyword arguments for the model functions: incomes, taste, threat, scale, value, influence_value, cost."""
        return {
            "incomes": np.asarray(self.incomes, dtype=float),
            "taste": self.taste,
            "threat": self.threat,
            "scale": self.scale,
            "value": self.value,
            "influence_value": self.influence_value,
            "cost": self.cost,
        }

    def replace(self, **changes) -> Theatre:
        """A copy with some parameters changed, e.g. ``EUROPE.replace(threat=6)``."""
        return dataclasses.replace(self, **changes)

    def richer(self, factor: float) -> Theatre:
        """A copy whose allies are ``factor`` times as rich (``factor`` >= 0)."""
        factor = check.scalar(factor, "factor", minimum=0.0)
        return self.replace(incomes=tuple(factor * x for x in self.incomes))

    @property
    def n_allies(self) -> int:
        return len(self.allies)

    @property
    def allied_gdp(self) -> float:
        """The allies' combined GDP, percent of U.S. GDP."""
        return float(sum(self.incomes))

    def optimum(self) -> Optimum:
        """:func:`hegemon_optimum` for this theatre."""
        return hegemon_optimum(**self.parameters())

    def payoff(self, hegemon_spending):
        """:func:`leadership_payoff` for this theatre."""
        return leadership_payoff(hegemon_spending, **self.parameters())

    def allied_response(self, hegemon_spending) -> np.ndarray:
        """:func:`allied_response` for this theatre."""
        return allied_response(self.incomes, self.taste, hegemon_spending)

    def alliance_total(self, hegemon_spending) -> float:
        """:func:`alliance_total` for this theatre."""
        return alliance_total(self.incomes, self.taste, hegemon_spending)

    def crowding_out(self, hegemon_spending) -> float:
        """:func:`crowding_out` for this theatre."""
        return crowding_out(self.incomes, self.taste, hegemon_spending)

    def curve(self, points: int = 161, max_spending=None) -> TrapCurve:
        """:func:`leadership_trap_curve` for this theatre."""
        return leadership_trap_curve(**self.parameters(), max_spending=max_spending, points=points)

    def twin_challenges(self, points: int = 161) -> TwinChallenges:
        """:func:`twin_challenges` for this theatre (the threat does not enter)."""
        return twin_challenges(
            self.incomes, self.taste, self.influence_value, self.cost, points=points
        )

    def twin_boundary(self, tastes) -> np.ndarray:
        """:func:`twin_challenge_boundary` for this theatre's allies and cost, over common ``tastes``."""
        return twin_challenge_boundary(self.incomes, tastes, self.cost)

    def threat_game(
        self,
        shift: float = 0.5,
        threat_alone: float | None = None,
        commitment_cost: float | None = None,
    ) -> ThreatGame:
        """:func:`threat_game` for this theatre (its own threat_alone and commitment_cost by default)."""
        return threat_game(
            **self.parameters(),
            shift=shift,
            threat_alone=self.threat_alone if threat_alone is None else threat_alone,
            commitment_cost=self.commitment_cost if commitment_cost is None else commitment_cost,
        )


@dataclass(frozen=True)
class Hegemon:
    """The United States as the model's hegemon (the unit of money is its GDP / 100)."""

    name: str = "United States"
    iso3: str = "USA"
    income: float = 100.0
    #: Defence spending in 2024, % of GDP (NATO 2024 tables, share of real GDP: 3.38).
    spending_2024: float = 3.38
    #: Great-circle distances from Washington (course_lib.models.geography, places.csv), km.
    km_to_moscow: float = 7821.0
    km_to_beijing: float = 11146.0


#: The hegemon: the United States.
HEGEMON = Hegemon()

# 2024 GDP, current prices, as % of U.S. GDP. NATO Allies: NATO, Defence Expenditure of
# NATO Countries (2014-2024), Table 5 (gdp_musd_current). Indo-Pacific: SIPRI Milex 2024,
# current-US$ spending divided by its share of GDP (the file has no GDP column).
# tests/test_leadership.py recomputes both from course_lib/data.
_EUROPE_GDP = (
    ("DEU", 16.052),
    ("GBR", 12.258),
    ("FRA", 10.865),
    ("ITA", 8.047),
    ("CAN", 7.778),
    ("ESP", 5.774),
    ("NLD", 4.049),
    ("TUR", 3.796),
    ("POL", 2.956),
    ("BEL", 2.283),
    ("SWE", 2.182),
    ("NOR", 1.680),
    ("DNK", 1.457),
    ("ROU", 1.337),
    ("CZE", 1.136),
    ("FIN", 1.054),
    ("PRT", 1.041),
    ("GRC", 0.870),
    ("HUN", 0.806),
    ("SVK", 0.497),
    ("BGR", 0.372),
    ("HRV", 0.313),
    ("LTU", 0.281),
    ("SVN", 0.256),
    ("LUX", 0.211),
    ("LVA", 0.157),
    ("EST", 0.146),
    ("ISL", 0.115),
    ("ALB", 0.089),
    ("MKD", 0.055),
    ("MNE", 0.028),
)
_INDO_PACIFIC_GDP = (("JPN", 13.818), ("KOR", 6.366), ("AUS", 6.155), ("NZL", 0.861))

#: NATO's 31 other Allies (Europe and Canada) facing Russia. Taste 0.3; threat 5 with
#: scale 0.25 (a coin flip when the allies alone field what they would without the U.S.);
#: V = 20, phi = 6; cost 1 (the reference distance, Washington-Moscow).
EUROPE = Theatre(
    name="Europe",
    allies=tuple(code for code, _ in _EUROPE_GDP),
    incomes=tuple(gdp for _, gdp in _EUROPE_GDP),
    taste=0.3,
    threat=5.0,
    scale=0.25,
    value=20.0,
    influence_value=6.0,
    cost=1.0,
    threat_source="RUS",
)

#: The four Indo-Pacific treaty allies in the SIPRI file facing China. Their two largest
#: economies sit close to the threat (taste 0.5); China spends about twice what Russia
#: does (threat 10, scale 0.5); Washington-Beijing is 1.425 times Washington-Moscow (cost).
INDO_PACIFIC = Theatre(
    name="Indo-Pacific",
    allies=tuple(code for code, _ in _INDO_PACIFIC_GDP),
    incomes=tuple(gdp for _, gdp in _INDO_PACIFIC_GDP),
    taste=0.5,
    threat=10.0,
    scale=0.5,
    value=20.0,
    influence_value=6.0,
    cost=1.425,
    threat_source="CHN",
)

#: The presets by key.
PRESETS: dict[str, Theatre] = {"europe": EUROPE, "indo_pacific": INDO_PACIFIC}


def preset(name: str) -> Theatre:
    """A regional preset by name: ``"europe"`` or ``"indo_pacific"`` (case and spaces ignored)."""
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in PRESETS:
        raise ValueError(f"name must be one of {sorted(PRESETS)}, got {name!r}")
    return PRESETS[key]


# --------------------------------------------------------------------------- the explorers' states
# Each explorer of lesson 2 shows one of these: the model's whole answer for one setting of
# its controls (the keyword arguments are the controls' names).

#: The regions the explorers offer: label -> preset key, in display order.
REGIONS = {"Europe": "europe", "Indo-Pacific": "indo_pacific"}


def region_key(region: str) -> str:
    """A region's preset key from its label ("Europe", "Indo-Pacific") or key ("europe", ...)."""
    if region in REGIONS:
        return REGIONS[region]
    key = str(region).strip().lower().replace("-", "_").replace(" ", "_")
    if key in PRESETS:
        return key
    raise ValueError(
        f"region must be one of {list(REGIONS)} (or {list(REGIONS.values())}), got {region!r}"
    )


def theatre_for(
    region: str,
    threat: float | None = None,
    wealth: float = 1.0,
    influence_value: float | None = None,
    value: float | None = None,
) -> Theatre:
    """A region's preset with an explorer's changes applied (``None`` keeps the preset's value):
    the threat T, the allies' incomes times ``wealth``, the value of influence φ and of deterrence V."""
    base = preset(region_key(region))
    changes = {
        k: v
        for k, v in (("threat", threat), ("influence_value", influence_value), ("value", value))
        if v is not None
    }
    return base.replace(**changes).richer(check.scalar(wealth, "wealth", minimum=0.0))


class LeadershipState(NamedTuple):
    """What the payoff explorer shows for one region (see :func:`leadership_state`)."""

    theatre: Theatre  #: the preset with the explorer's changes
    curve: TrapCurve  #: its payoff curve and optimum


def leadership_state(
    region: str,
    threat: float | None = None,
    wealth: float = 1.0,
    influence_value: float | None = None,
    value: float | None = None,
) -> LeadershipState:
    """The hegemon's payoff curve and optimum for :func:`theatre_for` these settings."""
    theatre = theatre_for(region, threat, wealth, influence_value, value)
    return LeadershipState(theatre, theatre.curve())


class RegionsState(NamedTuple):
    """What the two-regions explorer shows (see :func:`regions_state`)."""

    curves: dict  #: region label -> TrapCurve, in the order of REGIONS
    threats: dict  #: region label -> its threat T


def regions_state(
    threat: float = 1.0,
    wealth: float = 1.0,
    influence_value: float | None = None,
    value: float | None = None,
) -> RegionsState:
    """Every region under the same changes: each threat ``threat`` times its preset's, the
    allies ``wealth`` times as rich, and a common φ and V (``None``: each preset's own)."""
    threat = check.scalar(threat, "threat", minimum=0.0)
    theatres = {
        label: theatre_for(label, preset(key).threat * threat, wealth, influence_value, value)
        for label, key in REGIONS.items()
    }
    return RegionsState(
        {label: t.curve() for label, t in theatres.items()},
        {label: t.threat for label, t in theatres.items()},
    )


def threat_game_state(
    region: str, shift: float, threat_alone: float, commitment_cost: float
) -> ThreatGame:
    """The credible-threat game of a region's preset (:meth:`Theatre.threat_game`), solved by
    backward induction: the hegemon asks the allies to take over ``shift`` of its spending."""
    return preset(region_key(region)).threat_game(
        shift=shift, threat_alone=threat_alone, commitment_cost=commitment_cost
    )
