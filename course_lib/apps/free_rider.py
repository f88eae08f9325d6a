"""Explorers for lesson 1: the free-rider dilemma.

* :func:`free_rider_explorer`: alliance size, income inequality, taste for
  security and a threat shock to frontline allies; three figures (who pays,
  the burden against income, the shortfall as the alliance grows).
* :func:`best_response_explorer`: rounds of best-response play, sequential or
  simultaneous, with a round slider and a Play button.
* :func:`us_calculation_explorer`: the hegemon's press-or-tolerate decision over
  the threat alone ``m`` and the collapse risk ``p``.

The apps only wire controls to :mod:`course_lib.models.free_rider` and to
:mod:`course_lib.plots.free_rider`; the figures are updated in place.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.models import free_rider as model
from course_lib.plots import free_rider as plots

__all__ = [
    "GAP_SIZES",
    "MODES",
    "ROUNDS",
    "alliance_state",
    "best_response_explorer",
    "free_rider_explorer",
    "THREAT_ALONE",
    "us_calculation_explorer",
    "us_calculation_state",
]

#: the threats alone (m) on the x-axis of the U.S.-calculation figure
THREAT_ALONE = np.linspace(1.0, 4.0, 61)

#: alliance sizes on the x-axis of the shortfall figure
GAP_SIZES = np.arange(1, 41)
#: rounds of play shown by the best-response explorer
ROUNDS = 150
#: the best-response explorer's modes: label -> (mode, step) for ``best_response_dynamics``
MODES = {
    "sequential (one ally after another)": ("sequential", None),
    "simultaneous, full step (step = 1)": ("simultaneous", 1.0),
    "simultaneous, safe small step": ("simultaneous", None),
}


def alliance_state(allies: int, inequality: float, taste: float, frontline: float,
                   shock: float) -> dict:
    """Everything the free-rider explorer draws, for one setting of its controls."""
    incomes = model.alliance_incomes(allies, inequality)
    front = model.frontline_allies(allies, frontline)
    tastes = model.threat_shock(taste, front, shock, allies)
    q = model.nash_contributions(incomes, tastes)
    return {
        "incomes": incomes,
        "frontline": front,
        "tastes": tastes,
        "spending": q,
        "burden_pct": 100.0 * model.burden(q, incomes),
        "gap": model.gap_by_size(GAP_SIZES, 1.0, taste),
        "current": (allies, float(q.sum()), model.pareto_optimal_total(incomes, tastes)),
    }


def free_rider_explorer(allies: int = 15, inequality: float = 0.1, taste: float = 0.08,
                        frontline: float = 0.25, shock: float = 0.0) -> Explorer:
    """Explore the Nash equilibrium of the alliance game.

    Controls (``explorer.controls``): ``allies`` (2-40), ``inequality`` (the
    log-spread of incomes, see ``alliance_incomes``), ``taste`` (taste for
    security ``a``), ``frontline`` (share of allies facing the threat directly)
    and ``shock`` (how far their taste moves towards 1, see ``threat_shock``).
    Figures (``explorer.figures``): ``contributions``, ``burden``, ``gap``.
    """
    controls = {
        "allies": int_slider("number of allies n", allies, 2, 40),
        "inequality": slider("income inequality σ", inequality, 0.0, 2.0, 0.01),
        "taste": slider("taste for security a", taste, 0.01, 0.5, 0.01),
        "frontline": slider("frontline share", frontline, 0.0, 1.0, 0.05),
        "shock": slider("threat shock s", shock, 0.0, 0.5, 0.01),
    }
    s = alliance_state(allies, inequality, taste, frontline, shock)
    figures = {
        "contributions": plots.contributions_figure(s["incomes"], s["spending"], widget=True),
        "burden": plots.burden_figure(s["incomes"], s["burden_pct"], frontline=s["frontline"],
                                      widget=True),
        "gap": plots.gap_figure(s["gap"], current=s["current"], widget=True),
    }

    def update(ex: Explorer) -> None:
        s = alliance_state(**ex.values())
        fig = ex.figures
        with fig["contributions"].batch_update():
            plots.draw_contributions(fig["contributions"], s["incomes"], s["spending"])
        with fig["burden"].batch_update():
            plots.draw_burden(fig["burden"], s["incomes"], s["burden_pct"], frontline=s["frontline"])
        with fig["gap"].batch_update():
            plots.draw_gap(fig["gap"], s["gap"], current=s["current"])

    return Explorer(controls, figures, update)


def best_response_path(mode: str, allies: int, inequality: float, taste: float) -> dict:
    """Best-response play for the explorer: incomes, the path of ``ROUNDS`` rounds, the equilibrium."""
    kind, step = MODES[mode]
    incomes = model.alliance_incomes(allies, inequality)
    path = model.best_response_dynamics(incomes, taste, mode=kind, step=step, tol=1e-9,
                                        max_rounds=ROUNDS)
    if len(path) < ROUNDS + 1:  # settled early: it stays put for the remaining rounds
        path = np.vstack([path, np.repeat(path[-1:], ROUNDS + 1 - len(path), axis=0)])
    return {"incomes": incomes, "path": path,
            "equilibrium": model.nash_contributions(incomes, taste),
            "label": mode.split(" (")[0].capitalize()}


def best_response_explorer(mode: str = "sequential (one ally after another)", allies: int = 8,
                           inequality: float = 0.3, taste: float = 0.2,
                           shown_round: int = 0) -> Explorer:
    """Watch allies play best responses round after round until (or unless) they reach equilibrium.

    Controls: ``mode`` (a key of :data:`MODES`), ``allies``, ``inequality``,
    ``taste`` and ``round`` (the round shown; press Play to animate).
    Figures: ``path`` (each ally's spending over the rounds) and ``round``
    (everybody's spending in the round shown, against the equilibrium).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {list(MODES)}, got {mode!r}")
    controls = {
        "mode": widgets.Dropdown(options=list(MODES), value=mode, description="play",
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="360px")),
        "allies": int_slider("number of allies n", allies, 2, 40),
        "inequality": slider("income inequality σ", inequality, 0.0, 2.0, 0.01),
        "taste": slider("taste for security a", taste, 0.01, 0.5, 0.01),
        "round": int_slider("round shown", shown_round, 0, ROUNDS),
    }
    controls["round"].continuous_update = True
    s = best_response_path(mode, allies, inequality, taste)
    figures = {
        "path": plots.best_response_path_figure(s["path"], s["equilibrium"], shown_round=shown_round,
                                                label=s["label"], widget=True),
        "round": plots.best_response_round_figure(s["path"], s["equilibrium"],
                                                  shown_round=shown_round, widget=True),
    }

    last: dict = {}  # the path for the last settings, so moving the round slider is instant

    def update(ex: Explorer) -> None:
        v = ex.values()
        r = v.pop("round")
        key = tuple(v.items())
        if last.get("key") != key:
            last.update(key=key, state=best_response_path(**v))
        s = last["state"]
        with ex.figures["path"].batch_update():
            plots.draw_best_response_path(ex.figures["path"], s["path"], s["equilibrium"],
                                          shown_round=r, label=s["label"])
        with ex.figures["round"].batch_update():
            plots.draw_best_response_round(ex.figures["round"], s["path"], s["equilibrium"],
                                           shown_round=r)

    return Explorer(controls, figures, update, layout=_best_response_layout)


def _best_response_layout(controls, figures) -> widgets.Widget:
    play = widgets.Play(min=0, max=ROUNDS, step=1, interval=120, description="play rounds")
    widgets.jslink((play, "value"), (controls["round"], "value"))
    row = widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px")
    top = widgets.HBox([controls["mode"], controls["allies"]], layout=row)
    middle = widgets.HBox([controls["inequality"], controls["taste"]], layout=row)
    rounds = widgets.HBox([play, controls["round"]], layout=row)
    return widgets.VBox([top, middle, rounds, figures["path"], figures["round"]])


def us_calculation_state(incomes, hegemon: int, taste: float, threat_alone: float,
                         collapse_risk: float) -> dict:
    """The breakeven risk over :data:`THREAT_ALONE` and the calculation at one setting."""
    curve = [model.us_calculation(incomes, taste, hegemon=hegemon, threat_alone=m) for m in THREAT_ALONE]
    calc = model.us_calculation(incomes, taste, hegemon=hegemon, threat_alone=threat_alone,
                                collapse_risk=collapse_risk)
    return {"breakeven": np.array([c.breakeven_risk for c in curve]), "calculation": calc,
            "current": (threat_alone, collapse_risk, calc.breakeven_risk, calc.tolerates)}


def us_calculation_explorer(incomes=None, hegemon: int | None = None, taste: float = 0.08,
                            threat_alone: float = 2.0, collapse_risk: float = 0.5) -> Explorer:
    """Press or tolerate: move the threat alone, the collapse risk and the taste for security.

    ``incomes`` default to 15 allies spread like NATO's GDPs in 1964
    (``alliance_incomes(15, 1.7)``); ``hegemon`` defaults to the largest.
    Controls: ``taste``, ``threat_alone`` (m), ``collapse_risk`` (p).
    Figure: ``decision`` (:func:`course_lib.plots.free_rider.press_or_tolerate_figure`).
    """
    incomes = model.alliance_incomes(15, 1.7) if incomes is None else np.asarray(incomes, dtype=float)
    if hegemon is None:
        hegemon = int(np.argmax(incomes))
    controls = {
        "taste": slider("taste for security a", taste, 0.01, 0.5, 0.01),
        "threat_alone": slider("threat alone m", threat_alone, 1.0, 4.0, 0.05),
        "collapse_risk": slider("collapse risk p", collapse_risk, 0.0, 1.0, 0.01),
    }
    s = us_calculation_state(incomes, hegemon, taste, threat_alone, collapse_risk)
    figures = {"decision": plots.press_or_tolerate_figure(THREAT_ALONE, s["breakeven"],
                                                          current=s["current"], widget=True)}

    def update(ex: Explorer) -> None:
        s = us_calculation_state(incomes, hegemon, **ex.values())
        with ex.figures["decision"].batch_update():
            plots.draw_press_or_tolerate(ex.figures["decision"], THREAT_ALONE, s["breakeven"],
                                         current=s["current"])

    return Explorer(controls, figures, update)
