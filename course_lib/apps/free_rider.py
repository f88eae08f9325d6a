"""Explorers for lesson 1: the free-rider dilemma.

* :func:`free_rider_explorer`: alliance size, income inequality, taste for
  security and a threat shock to frontline allies; three figures (who pays,
  the burden against income, the shortfall as the alliance grows).
* :func:`best_response_explorer`: rounds of best-response play, sequential or
  simultaneous, with a round slider and a Play button.
* :func:`us_calculation_explorer`: the hegemon's press-or-tolerate decision over
  the threat alone ``m`` and the collapse risk ``p``.

Each is an :class:`~course_lib.apps.base.Explorer`: its controls are named like the
keyword arguments of a state function in :mod:`course_lib.models.free_rider`
(``alliance_state``, ``best_response_state``, ``us_calculation_state``), and a draw
function in :mod:`course_lib.plots.free_rider` writes each state into the figures.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import free_rider as model
from course_lib.plots import free_rider as plots

__all__ = [
    "GAP_SIZES",
    "MODES",
    "ROUNDS",
    "THREAT_ALONE",
    "best_response_explorer",
    "free_rider_explorer",
    "us_calculation_explorer",
]

#: the model's constants, under the names the lesson and the tests use
THREAT_ALONE = model.THREAT_ALONE_GRID
GAP_SIZES = model.GAP_SIZES
ROUNDS = model.BEST_RESPONSE_ROUNDS
MODES = model.BEST_RESPONSE_MODES


def free_rider_explorer(
    allies: int = 15,
    inequality: float = 0.1,
    taste: float = 0.08,
    frontline: float = 0.25,
    shock: float = 0.0,
) -> Explorer:
    """Explore the Nash equilibrium of the alliance game.

    Controls (``explorer.controls``): ``allies`` (2-40), ``inequality`` (the
    log-spread of incomes, see ``alliance_incomes``), ``taste`` (taste for
    security ``a``), ``frontline`` (share of allies facing the threat directly)
    and ``shock`` (how far their taste moves towards 1, see ``threat_shock``).
    Figures (``explorer.figures``): ``contributions``, ``burden``, ``gap``.
    State (``explorer.state``): :func:`course_lib.models.free_rider.alliance_state`.
    """
    controls = {
        "allies": int_slider("number of allies n", allies, 2, 40),
        "inequality": slider("income inequality σ", inequality, 0.0, 2.0, 0.01),
        "taste": slider("taste for security a", taste, 0.01, 0.5, 0.01),
        "frontline": slider("frontline share", frontline, 0.0, 1.0, 0.05),
        "shock": slider("threat shock s", shock, 0.0, 0.5, 0.01),
    }
    s = model.alliance_state(allies, inequality, taste, frontline, shock)
    figures = {
        "contributions": plots.contributions_figure(s.incomes, s.spending, widget=True),
        "burden": plots.burden_figure(s.incomes, s.burden_pct, frontline=s.frontline, widget=True),
        "gap": plots.gap_figure(s.gap, current=s.current, widget=True),
    }
    return Explorer(controls, model.alliance_state, figures, plots.draw_alliance)


def best_response_explorer(
    mode: str = "sequential (one ally after another)",
    allies: int = 8,
    inequality: float = 0.3,
    taste: float = 0.2,
    shown_round: int = 0,
) -> Explorer:
    """Watch allies play best responses round after round until (or unless) they reach equilibrium.

    Controls: ``mode`` (a key of :data:`MODES`), ``allies``, ``inequality``,
    ``taste`` and ``round`` (the round shown; press Play to animate).
    Figures: ``path`` (each ally's spending over the rounds) and ``round``
    (everybody's spending in the round shown, against the equilibrium).
    State: :func:`course_lib.models.free_rider.best_response_state` (the path is
    cached in the model, so moving the round slider is instant).
    """
    s = model.best_response_state(mode, allies, inequality, taste, shown_round)
    controls = {
        "mode": widgets.Dropdown(
            options=list(MODES),
            value=mode,
            description="play",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="360px"),
        ),
        "allies": int_slider("number of allies n", allies, 2, 40),
        "inequality": slider("income inequality σ", inequality, 0.0, 2.0, 0.01),
        "taste": slider("taste for security a", taste, 0.01, 0.5, 0.01),
        "round": int_slider("round shown", shown_round, 0, ROUNDS),
    }
    controls["round"].continuous_update = True
    figures = {
        "path": plots.best_response_path_figure(
            s.path, s.equilibrium, shown_round=s.shown_round, label=s.label, widget=True
        ),
        "round": plots.best_response_round_figure(
            s.path, s.equilibrium, shown_round=s.shown_round, widget=True
        ),
    }
    return Explorer(
        controls,
        model.best_response_state,
        figures,
        plots.draw_best_responses,
        layout=_best_response_layout,
    )


def _best_response_layout(controls, figures) -> widgets.Widget:
    play = widgets.Play(min=0, max=ROUNDS, step=1, interval=120, description="play rounds")
    widgets.jslink((play, "value"), (controls["round"], "value"))
    row = widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px")
    top = widgets.HBox([controls["mode"], controls["allies"]], layout=row)
    middle = widgets.HBox([controls["inequality"], controls["taste"]], layout=row)
    rounds = widgets.HBox([play, controls["round"]], layout=row)
    return widgets.VBox([top, middle, rounds, figures["path"], figures["round"]])


def us_calculation_explorer(
    incomes=None,
    hegemon: int | None = None,
    taste: float = 0.08,
    threat_alone: float = 2.0,
    collapse_risk: float = 0.5,
) -> Explorer:
    """Press or tolerate: move the threat alone, the collapse risk and the taste for security.

    ``incomes`` default to 15 allies spread like NATO's GDPs in 1964
    (``alliance_incomes(15, 1.7)``); ``hegemon`` defaults to the largest.
    Controls: ``taste``, ``threat_alone`` (m), ``collapse_risk`` (p).
    Figure: ``decision`` (:func:`course_lib.plots.free_rider.press_or_tolerate_figure`).
    State: :func:`course_lib.models.free_rider.us_calculation_state` for these incomes and hegemon.
    """
    incomes = (
        model.alliance_incomes(15, 1.7) if incomes is None else np.asarray(incomes, dtype=float)
    )
    if hegemon is None:
        hegemon = int(np.argmax(incomes))
    state = functools.partial(model.us_calculation_state, incomes, hegemon)
    controls = {
        "taste": slider("taste for security a", taste, 0.01, 0.5, 0.01),
        "threat_alone": slider("threat alone m", threat_alone, 1.0, 4.0, 0.05),
        "collapse_risk": slider("collapse risk p", collapse_risk, 0.0, 1.0, 0.01),
    }
    s = state(taste=taste, threat_alone=threat_alone, collapse_risk=collapse_risk)
    figures = {
        "decision": plots.press_or_tolerate_figure(
            s.threat_alone, s.breakeven, current=s.current, widget=True
        )
    }
    return Explorer(controls, state, figures, plots.draw_us_calculation)
