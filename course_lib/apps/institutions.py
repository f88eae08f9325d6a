"""Explorers for lesson 6: institutional inertia.

* :func:`veto_player_explorer`: drag the status quo (x and y sliders) and pick a
  year of NATO's enlargement; the figure shows the allies' ideal points, their
  convex hull and whether the status quo is gridlocked.
* :func:`gridlock_explorer`: the gridlock probability along the enlargement path,
  with the status quo's spread as a slider.
* :func:`decision_race_explorer`: one crisis raced by the lead nation, a
  qualified majority and unanimity, and the expected delay as membership grows.
* :func:`procurement_explorer`: nations, programmes, learning rate and the
  inequality of orders; cost premium and interoperability update live.

Each app only wires its controls to a state function of the model it shows
(:mod:`course_lib.models.veto_players`: ``veto_player_state``, ``gridlock_state``;
:mod:`course_lib.models.decision_rules`: ``decision_race_state``;
:mod:`course_lib.models.procurement`: ``procurement_state``) and to a draw function of the
plots module of the same name.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import decision_rules, procurement, veto_players
from course_lib.models.procurement import procurement_state
from course_lib.models.veto_players import veto_player_state
from course_lib.plots import decision_rules as rule_plots
from course_lib.plots import procurement as procurement_plots
from course_lib.plots import veto_players as veto_plots

__all__ = [
    "DELAY_SIZES",
    "GRIDLOCK_DRAWS",
    "VETO_AXES",
    "VETO_RANGES",
    "decision_race_explorer",
    "gridlock_explorer",
    "procurement_explorer",
    "procurement_state",
    "veto_player_explorer",
    "veto_player_state",
]

#: Axis titles of the veto-player picture (see ``alliance_ideal_points``).
VETO_AXES = (
    "East against south: % of budget for Russia minus for North Africa / Sahel (points)",
    "Indo-Pacific: % of budget for China and North Korea",
)
#: Axis ranges of the veto-player picture (a little room below the floor y = 0 of the budget triangle).
VETO_RANGES = ((-60.0, 105.0), (-3.0, 66.0))
#: Alliance sizes on the x-axis of the delay figure.
DELAY_SIZES = np.arange(1, 41)
#: Monte Carlo draws per update of the gridlock explorer (keeps a slider move well under a second).
GRIDLOCK_DRAWS = 20_000


def _values(controls) -> dict:
    return {name: control.value for name, control in controls.items()}


def _set_bounds(control, low: float, high: float) -> None:
    """Move a slider's bounds without ever passing through min > max (the value follows inside)."""
    if low > control.max:
        control.max, control.min = high, low
    else:
        control.min, control.max = low, high


def _x_bounds(y: float) -> tuple[float, float]:
    low, high = veto_players.policy_x_range(y)
    return max(low, VETO_RANGES[0][0]), min(high, VETO_RANGES[0][1])


def veto_player_explorer(
    status_quo_x: float = 20.0, status_quo_y: float = 5.0, year: int = 2024
) -> Explorer:
    """Drag the status quo around NATO's policy space and watch the hull of vetoes.

    Controls: ``status_quo_x``, ``status_quo_y`` (the status quo's coordinates)
    and ``year`` (members who had joined by then). Figure: ``veto``. The status quo
    stays a budget split: ``status_quo_y`` runs from 0 (nothing for the Indo-Pacific),
    and the ``status_quo_x`` slider's bounds follow it, so that |x| + y <= 100.
    ``explorer.state`` is the latest :class:`~course_lib.models.veto_players.VetoPlayerState`.
    """
    s = veto_player_state(
        status_quo_x, status_quo_y, year
    )  # refuses a status quo that is no budget split
    controls = {
        "status_quo_x": slider(
            "status quo: east against south", status_quo_x, *_x_bounds(status_quo_y), 0.5, ".1f"
        ),
        "status_quo_y": slider(
            "status quo: Indo-Pacific", status_quo_y, 0.0, VETO_RANGES[1][1], 0.5, ".1f"
        ),
        "year": int_slider("members as of year", year, 1949, 2024),
    }
    # x's bounds follow y before the explorer redraws (this observer is registered first),
    # so the state function never sees a status quo outside the budget triangle.
    controls["status_quo_y"].observe(
        lambda change: _set_bounds(controls["status_quo_x"], *_x_bounds(change["new"])),
        names="value",
    )
    s = veto_player_state(**_values(controls))
    figures = {
        "veto": veto_plots.veto_player_figure(
            s.ideals,
            s.status_quo,
            s.hull,
            s.gridlocked,
            s.move_to,
            s.labels,
            year=s.year,
            axis_titles=VETO_AXES,
            ranges=VETO_RANGES,
            feasible=veto_players.POLICY_SPACE,
            widget=True,
        )
    }
    return Explorer(controls, veto_player_state, figures, veto_plots.draw_veto_explorer)


def gridlock_explorer(spread: float = 1.0, seed: int = 1949) -> Explorer:
    """Gridlock along NATO's enlargement path, for a status quo set near or far from the members.

    Control: ``spread`` (the status quo's standard deviation relative to the
    members' ideal points; 0 = at the centre). Figure: ``gridlock``. Each move
    reruns the Monte Carlo with the same seed (:data:`GRIDLOCK_DRAWS` draws).
    ``explorer.state`` is the latest :class:`~course_lib.models.veto_players.GridlockState`.
    """
    controls = {"spread": slider("status quo spread σ", spread, 0.0, 3.0, 0.1, ".1f")}
    state = partial(veto_players.gridlock_state, draws=GRIDLOCK_DRAWS, seed=seed)
    s = state(**_values(controls))
    figures = {"gridlock": veto_plots.gridlock_figure(s.table, s.centred, widget=True)}
    return Explorer(controls, state, figures, veto_plots.draw_gridlock_explorer)


def decision_race_explorer(
    members: int = 32,
    mean_days: float = decision_rules.DEFAULT_MEAN_ASSENT_DAYS,
    quota: float = decision_rules.DEFAULT_QUOTA,
    crisis: int = 1,
) -> Explorer:
    """Race the decision rules in one crisis, and see how the expected delay grows with membership.

    Controls: ``members`` (1-40), ``mean_days`` (each ally's mean time to
    assent), ``quota`` (share of members a qualified majority needs) and
    ``crisis`` (which simulated crisis: the seed). Figures: ``race`` (one
    crisis) and ``delay`` (expected days by alliance size, analytic).
    ``explorer.state`` is the latest :class:`~course_lib.models.decision_rules.DecisionRaceState`.
    """
    controls = {
        "members": int_slider("members", members, 1, int(DELAY_SIZES.max())),
        "mean_days": slider("mean days for one ally to assent", mean_days, 1.0, 60.0, 1.0, ".0f"),
        "quota": slider("qualified-majority quota", quota, 0.05, 1.0, 0.05),
        "crisis": int_slider("crisis number (new draw)", crisis, 1, 100),
    }
    state = partial(decision_rules.decision_race_state, sizes=DELAY_SIZES)
    s = state(**_values(controls))
    figures = {
        "race": rule_plots.race_figure(s.race, widget=True),
        "delay": rule_plots.delay_figure(s.delays, current=s.members, widget=True),
    }
    return Explorer(controls, state, figures, rule_plots.draw_decision_race_explorer)


def procurement_explorer(
    nations: int = 10,
    programmes: int = 10,
    learning_rate: float = procurement.DEFAULT_LEARNING_RATE,
    inequality: float = 0.5,
) -> Explorer:
    """National or pooled procurement: the cost premium and interoperability of the market.

    Controls: ``nations`` (buyers, 1-28), ``programmes`` (separate platforms the
    orders are split into; the model caps them at the number of nations), ``learning_rate``
    (Wright's rate per doubling) and ``inequality`` (Zipf exponent of the
    national orders). Figure: ``market``.
    ``explorer.state`` is the latest :class:`~course_lib.models.procurement.ProcurementState`.
    """
    controls = {
        "nations": int_slider("nations buying", nations, 1, 28),
        "programmes": int_slider("separate programmes", programmes, 1, 28),
        "learning_rate": slider("learning rate (cost per doubling)", learning_rate, 0.6, 1.0, 0.01),
        "inequality": slider("inequality of national orders", inequality, 0.0, 1.5, 0.05),
    }
    s = procurement_state(**_values(controls))
    figures = {
        "market": procurement_plots.procurement_figure(
            s.table, (s.programmes, s.outcome), nations=s.nations, widget=True
        )
    }
    return Explorer(
        controls, procurement_state, figures, procurement_plots.draw_procurement_explorer
    )
