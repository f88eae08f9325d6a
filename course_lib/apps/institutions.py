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

The apps only wire controls to :mod:`course_lib.models.institutions` and
:mod:`course_lib.models.procurement` and to :mod:`course_lib.plots.institutions`.
"""

from __future__ import annotations

import numpy as np

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import institutions as model
from course_lib.models import procurement
from course_lib.plots import institutions as plots

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


def veto_player_state(status_quo_x: float, status_quo_y: float, year: int, table=None) -> dict:
    """Everything the veto-player picture draws for one setting of its controls.

    The status quo must be a budget split (:func:`course_lib.models.institutions.budget_split`
    raises ``ValueError`` otherwise); ``budget`` holds its shares for Russia, the
    Indo-Pacific and North Africa / Sahel.
    """
    table = model.alliance_ideal_points(2024) if table is None else table
    budget = model.budget_split(status_quo_x, status_quo_y)
    members = table[table["nato_accession_year"] <= year]
    pts = members[["x", "y"]].to_numpy()
    sq = np.array([status_quo_x, status_quo_y], dtype=float)
    gridlocked = model.is_gridlocked(sq, pts)
    return {
        "ideals": pts,
        "labels": list(members["country"]),
        "status_quo": sq,
        "budget": budget,
        "hull": model.hull_vertices(pts),
        "gridlocked": gridlocked,
        "move_to": model.closest_acceptable_policy(sq, pts),
        "year": int(year),
    }


def _set_bounds(control, low: float, high: float) -> None:
    """Move a slider's bounds without ever passing through min > max (the value follows inside)."""
    if low > control.max:
        control.max, control.min = high, low
    else:
        control.min, control.max = low, high


def _x_bounds(y: float) -> tuple[float, float]:
    low, high = model.policy_x_range(y)
    return max(low, VETO_RANGES[0][0]), min(high, VETO_RANGES[0][1])


def veto_player_explorer(
    status_quo_x: float = 20.0, status_quo_y: float = 5.0, year: int = 2024
) -> Explorer:
    """Drag the status quo around NATO's policy space and watch the hull of vetoes.

    Controls: ``status_quo_x``, ``status_quo_y`` (the status quo's coordinates)
    and ``year`` (members who had joined by then). Figure: ``veto``. The status quo
    stays a budget split: ``status_quo_y`` runs from 0 (nothing for the Indo-Pacific),
    and the ``status_quo_x`` slider's bounds follow it, so that |x| + y <= 100.
    """
    table = model.alliance_ideal_points(2024)
    s = veto_player_state(status_quo_x, status_quo_y, year, table)
    controls = {
        "status_quo_x": slider(
            "status quo: east against south", status_quo_x, *_x_bounds(status_quo_y), 0.5, ".1f"
        ),
        "status_quo_y": slider(
            "status quo: Indo-Pacific", status_quo_y, 0.0, VETO_RANGES[1][1], 0.5, ".1f"
        ),
        "year": int_slider("members as of year", year, 1949, 2024),
    }
    figures = {
        "veto": plots.veto_player_figure(
            s["ideals"],
            s["status_quo"],
            s["hull"],
            s["gridlocked"],
            s["move_to"],
            s["labels"],
            year=s["year"],
            axis_titles=VETO_AXES,
            ranges=VETO_RANGES,
            feasible=model.POLICY_SPACE,
            widget=True,
        )
    }

    def update(ex: Explorer) -> None:
        # Keep the status quo a budget split: x's bounds follow y (moving them may move x,
        # which redraws through this same function first).
        _set_bounds(ex.controls["status_quo_x"], *_x_bounds(ex.controls["status_quo_y"].value))
        s = veto_player_state(**ex.values(), table=table)
        with ex.figures["veto"].batch_update():
            plots.draw_veto_player(
                ex.figures["veto"],
                s["ideals"],
                s["status_quo"],
                s["hull"],
                s["gridlocked"],
                s["move_to"],
                s["labels"],
                year=s["year"],
            )

    return Explorer(controls, figures, update)


def gridlock_explorer(spread: float = 1.0, seed: int = 1949) -> Explorer:
    """Gridlock along NATO's enlargement path, for a status quo set near or far from the members.

    Control: ``spread`` (the status quo's standard deviation relative to the
    members' ideal points; 0 = at the centre). Figure: ``gridlock``. Each move
    reruns the Monte Carlo with the same seed (:data:`GRIDLOCK_DRAWS` draws).
    """
    controls = {"spread": slider("status quo spread σ", spread, 0.0, 3.0, 0.1, ".1f")}

    def compute(value: float):
        table = model.gridlock_along_enlargement(GRIDLOCK_DRAWS, seed=seed, spread=value)
        return table, model.gridlock_probability_centred(table["members"].to_numpy())

    table, centred = compute(spread)
    figures = {"gridlock": plots.gridlock_figure(table, centred, widget=True)}

    def update(ex: Explorer) -> None:
        table, centred = compute(ex.values()["spread"])
        with ex.figures["gridlock"].batch_update():
            plots.draw_gridlock(ex.figures["gridlock"], table, centred)

    return Explorer(controls, figures, update)


def decision_race_explorer(
    members: int = 32,
    mean_days: float = model.DEFAULT_MEAN_ASSENT_DAYS,
    quota: float = model.DEFAULT_QUOTA,
    crisis: int = 1,
) -> Explorer:
    """Race the decision rules in one crisis, and see how the expected delay grows with membership.

    Controls: ``members`` (1-40), ``mean_days`` (each ally's mean time to
    assent), ``quota`` (share of members a qualified majority needs) and
    ``crisis`` (which simulated crisis: the seed). Figures: ``race`` (one
    crisis) and ``delay`` (expected days by alliance size, analytic).
    """
    controls = {
        "members": int_slider("members", members, 1, int(DELAY_SIZES.max())),
        "mean_days": slider("mean days for one ally to assent", mean_days, 1.0, 60.0, 1.0, ".0f"),
        "quota": slider("qualified-majority quota", quota, 0.05, 1.0, 0.05),
        "crisis": int_slider("crisis number (new draw)", crisis, 1, 100),
    }

    def compute(members, mean_days, quota, crisis):
        race = model.crisis_race(members, mean_days=mean_days, quota=quota, seed=crisis)
        return race, model.delay_by_size(DELAY_SIZES, mean_days, quota)

    race, delays = compute(members, mean_days, quota, crisis)
    figures = {
        "race": plots.race_figure(race, widget=True),
        "delay": plots.delay_figure(delays, current=members, widget=True),
    }

    def update(ex: Explorer) -> None:
        v = ex.values()
        race, delays = compute(**v)
        with ex.figures["race"].batch_update():
            plots.draw_race(ex.figures["race"], race)
        with ex.figures["delay"].batch_update():
            plots.draw_delay(ex.figures["delay"], delays, current=v["members"])

    return Explorer(controls, figures, update)


def procurement_state(
    nations: int, programmes: int, learning_rate: float, inequality: float
) -> dict:
    """What the procurement explorer draws: orders, the outcome for every programme count, this market."""
    orders = procurement.zipf_orders(nations, inequality)
    used = min(int(programmes), int(nations))  # cannot run more programmes than there are buyers
    return {
        "orders": orders,
        "table": procurement.outcomes_by_programmes(orders, learning_rate),
        "programmes": used,
        "outcome": procurement.procurement_outcome(orders, used, learning_rate),
        "nations": int(nations),
    }


def procurement_explorer(
    nations: int = 10,
    programmes: int = 10,
    learning_rate: float = procurement.DEFAULT_LEARNING_RATE,
    inequality: float = 0.5,
) -> Explorer:
    """National or pooled procurement: the cost premium and interoperability of the market.

    Controls: ``nations`` (buyers, 1-28), ``programmes`` (separate platforms the
    orders are split into; capped at the number of nations), ``learning_rate``
    (Wright's rate per doubling) and ``inequality`` (Zipf exponent of the
    national orders). Figure: ``market``.
    """
    controls = {
        "nations": int_slider("nations buying", nations, 1, 28),
        "programmes": int_slider("separate programmes", programmes, 1, 28),
        "learning_rate": slider("learning rate (cost per doubling)", learning_rate, 0.6, 1.0, 0.01),
        "inequality": slider("inequality of national orders", inequality, 0.0, 1.5, 0.05),
    }
    s = procurement_state(nations, programmes, learning_rate, inequality)
    figures = {
        "market": plots.procurement_figure(
            s["table"], (s["programmes"], s["outcome"]), nations=s["nations"], widget=True
        )
    }

    def update(ex: Explorer) -> None:
        s = procurement_state(**ex.values())
        with ex.figures["market"].batch_update():
            plots.draw_procurement(
                ex.figures["market"],
                s["table"],
                (s["programmes"], s["outcome"]),
                nations=s["nations"],
            )

    return Explorer(controls, figures, update)
