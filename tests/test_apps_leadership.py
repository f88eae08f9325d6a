"""Lessons 2 and 3 headless: explorers redraw what the models say, checks grade, plots are labelled."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest

from course_lib.apps import leadership as apps
from course_lib.apps import path_dependence as path_apps
from course_lib.checks import leadership as checks2
from course_lib.checks import path_dependence as checks3
from course_lib.checks.core import MultipleChoice, Numeric
from course_lib.models import leadership as L
from course_lib.models import path_dependence as P
from course_lib.plots import leadership as plots
from course_lib.plots import path_dependence as path_plots
from explorer_support import assert_same_state, check_step_sends_only_changes


def arr(values) -> np.ndarray:
    return np.asarray(values if values is not None else [], dtype=float)


def is_widget_explorer(ex, controls, figures):
    assert set(ex.controls) == set(controls)
    assert set(ex.figures) == set(figures)
    assert all(isinstance(f, go.FigureWidget) for f in ex.figures.values())
    assert isinstance(ex.widget, widgets.Widget)
    for f in ex.figures.values():
        assert f.layout.title.text.replace("<br>", " ")  # every figure states a finding


# --------------------------------------------------------------------------- the payoff explorer


def check_payoff_explorer(ex, region="europe"):
    v = ex.values()
    theatre = (
        L.preset(region)
        .replace(threat=v["threat"], influence_value=v["influence_value"], value=v["value"])
        .richer(v["wealth"])
    )
    best = theatre.optimum()
    curve = theatre.curve()
    payoff = ex.figures["payoff"]
    np.testing.assert_allclose(arr(payoff.data[0].x), curve.spending)
    np.testing.assert_allclose(arr(payoff.data[0].y), curve.payoff)
    np.testing.assert_allclose(arr(payoff.data[4].x), [best.spending], rtol=1e-9)
    np.testing.assert_allclose(arr(payoff.data[4].y), [best.payoff], rtol=1e-9)
    assert f"{best.spending:.1f}%" in payoff.layout.title.text.replace("<br>", " ")
    trap = ex.figures["trap"]
    np.testing.assert_allclose(arr(trap.data[2].y), curve.allied_spending)
    assert arr(trap.data[0].x).max() == pytest.approx(best.spending)
    assert arr(trap.data[1].x).min() == pytest.approx(best.spending)
    assert trap.layout.title.text.replace("<br>", " ").startswith("Damned if you do")


def test_payoff_explorer_has_the_documented_controls_and_matches_the_model():
    ex = apps.leadership_explorer()
    is_widget_explorer(ex, {"threat", "wealth", "influence_value", "value"}, {"payoff", "trap"})
    assert ex.controls["threat"].value == L.EUROPE.threat
    check_payoff_explorer(ex)


@pytest.mark.parametrize(
    "control, value", [("threat", 5.5), ("wealth", 1.6), ("influence_value", 12.0), ("value", 35.0)]
)
def test_moving_a_payoff_slider_redraws_the_figures(control, value):
    ex = apps.leadership_explorer()
    before = ex.figures["payoff"].data[4].x[0]
    ex.controls[control].value = value
    check_payoff_explorer(ex)
    assert ex.figures["payoff"].data[4].x[0] != pytest.approx(before)


def test_payoff_explorer_shows_the_comparative_statics():
    ex = apps.leadership_explorer()
    start = ex.figures["payoff"].data[4].x[0]
    ex.controls["threat"].value = 5.3
    assert ex.figures["payoff"].data[4].x[0] > start  # a larger threat: more leadership
    ex.controls["threat"].value = L.EUROPE.threat
    ex.controls["wealth"].value = 1.2
    assert ex.figures["payoff"].data[4].x[0] < start  # richer allies: less
    ex.controls["wealth"].value = 1.0
    ex.controls["influence_value"].value = 8.0
    assert ex.figures["payoff"].data[4].x[0] > start  # influence worth more: more


def test_payoff_explorer_for_the_indo_pacific():
    ex = apps.leadership_explorer("indo_pacific")
    assert ex.controls["threat"].value == L.INDO_PACIFIC.threat
    ex.controls["wealth"].value = 0.8
    check_payoff_explorer(ex, "indo_pacific")


# --------------------------------------------------------------------------- regions side by side


def test_regions_explorer_draws_both_presets_and_follows_the_sliders():
    ex = apps.regions_explorer()
    is_widget_explorer(ex, {"threat", "wealth", "influence_value", "value"}, {"regions"})
    fig = ex.figures["regions"]
    assert list(fig.data[0].x) == ["Europe", "Indo-Pacific"]
    for factor in (1.0, 1.3):
        ex.controls["wealth"].value = factor
        bests = [L.EUROPE.richer(factor).optimum(), L.INDO_PACIFIC.richer(factor).optimum()]
        np.testing.assert_allclose(arr(fig.data[0].y), [b.spending for b in bests], rtol=1e-9)
        np.testing.assert_allclose(
            arr(fig.data[1].y), [b.allied_spending for b in bests], rtol=1e-9
        )
        np.testing.assert_allclose(
            arr(fig.data[2].y),
            [
                L.EUROPE.richer(factor).alliance_total(0),
                L.INDO_PACIFIC.richer(factor).alliance_total(0),
            ],
        )
    ex.controls["threat"].value = 1.1
    np.testing.assert_allclose(arr(fig.data[3].y), [5.5, 11.0])
    assert "burden" in fig.layout.title.text.replace("<br>", " ")


# --------------------------------------------------------------------------- the threat game


def test_threat_game_explorer_solves_the_game_as_the_sliders_move():
    ex = apps.threat_game_explorer()
    is_widget_explorer(
        ex, {"region", "shift", "threat_alone", "commitment_cost"}, {"tree", "calculation"}
    )
    tree, calc = ex.figures["tree"], ex.figures["calculation"]
    assert tree.layout.title.text.replace("<br>", " ").startswith("An empty threat")
    g = L.EUROPE.threat_game()
    np.testing.assert_allclose(arr(calc.data[0].y), [g.loss_from_collapse, g.cost_of_tolerating])
    ex.controls["region"].value = "Indo-Pacific"
    ex.controls["shift"].value = 0.2
    ex.controls["commitment_cost"].value = 12.0
    g = L.INDO_PACIFIC.threat_game(shift=0.2, commitment_cost=12.0)
    assert not g.threat_empty
    assert tree.layout.title.text.replace("<br>", " ").startswith("A credible threat")
    np.testing.assert_allclose(arr(calc.data[0].y), [g.loss_from_collapse, g.cost_of_tolerating])
    labels = list(tree.data[3].text)
    assert any(
        label.startswith("burden shifted") and f"{g.payoffs['burden shifted'][0]:.2f}" in label
        for label in labels
    )
    # the highlighted path runs through the allies' "comply" move
    bold = [t for t in tree.data[4].text if t.startswith("<b>")]
    assert "<b>comply</b>" in bold and "<b>threaten to leave</b>" in bold


def test_game_tree_layout_places_every_node_once():
    g = L.EUROPE.threat_game()
    layout = plots.tree_layout(g.tree)
    names = [n for n, *_ in layout["nodes"]]
    assert len(names) == len(set(names)) == 7
    assert len(layout["edges"]) == 6
    with pytest.raises(ValueError):
        apps.threat_game_explorer(region="Arctic")


# --------------------------------------------------------------------------- the step-back timeline


def check_timeline(ex, region="europe"):
    v = ex.values()
    assert_same_state(ex.state, P.step_back_state(region, **v))
    theatre = L.preset(region)
    common = {
        "cut": v["cut"],
        "step_year": v["step_year"],
        "years": path_apps.YEARS,
        "history": v["history"],
    }
    expected = {
        "counting": P.step_back_for(theatre, rule="count", **common),
        "adaptive": P.step_back_for(
            theatre, rule="adaptive", learning_rate=v["learning_rate"], **common
        ),
    }
    assert list(ex.state.results) == list(P.rule_labels(v["learning_rate"]))
    fig = ex.figures["timeline"]
    for k, r in enumerate(expected.values()):
        np.testing.assert_allclose(arr(fig.data[3 * k].y), r.belief)
        np.testing.assert_allclose(arr(fig.data[3 * k + 1].y), r.total)
        np.testing.assert_allclose(arr(fig.data[3 * k + 2].y), r.gap)
    return expected


def test_step_back_explorer_draws_both_learning_rules():
    ex = path_apps.step_back_explorer()
    is_widget_explorer(
        ex, {"learning_rate", "history", "cut", "step_year"}, {"timeline", "history"}
    )
    results = check_timeline(ex)
    assert len(results) == 2
    theatre = L.EUROPE
    r = P.step_back_for(theatre, history=70, rule="count")
    np.testing.assert_allclose(arr(ex.figures["timeline"].data[0].y), r.belief)


@pytest.mark.parametrize(
    "control, value", [("learning_rate", 0.5), ("history", 10), ("cut", 0.7), ("step_year", 12)]
)
def test_moving_a_step_back_slider_redraws_the_timeline(control, value):
    ex = path_apps.step_back_explorer()
    ex.controls[control].value = value
    check_timeline(ex)


def test_shorter_history_in_the_explorer_closes_the_gap_sooner():
    ex = path_apps.step_back_explorer()
    long = check_timeline(ex)
    ex.controls["history"].value = 10
    short = check_timeline(ex)
    count = "counting"
    assert short[count].years_to_close < long[count].years_to_close
    assert short[count].gap_years < long[count].gap_years


def test_history_figure_follows_the_learning_rate_and_shows_longer_gaps_with_longer_history():
    ex = path_apps.step_back_explorer()
    fig = ex.figures["history"]
    counting = arr(fig.data[0].y)
    assert np.all(np.diff(counting) >= 0) and counting[-1] > counting[0]
    ex.controls["learning_rate"].value = 0.6
    assert "0.60" in fig.data[1].name
    expected = P.gap_by_history(
        L.EUROPE.incomes,
        L.EUROPE.taste,
        L.EUROPE.optimum().spending,
        L.EUROPE.threat,
        path_apps.HISTORIES,
        rule="adaptive",
        learning_rate=0.6,
        years=path_apps.YEARS,
    )["years_to_close"]
    np.testing.assert_allclose(
        arr(fig.data[1].y), np.where(np.isinf(expected), path_apps.YEARS, expected)
    )


def test_describe_close_reads_well():
    assert path_plots.describe_close(0, 60) == "no gap"
    assert path_plots.describe_close(1, 60) == "1 year"
    assert path_plots.describe_close(7, 60) == "7 years"
    assert path_plots.describe_close(math.inf, 55) == "55+ years"


# --------------------------------------------------------------------------- static figures


def test_figures_have_titles_axes_and_the_models_numbers():
    c = L.EUROPE.curve()
    for fig in (
        plots.payoff_figure(c),
        plots.trap_figure(c),
        plots.response_figure(c),
        plots.twin_figure(L.EUROPE.twin_challenges()),
        plots.game_tree_figure(L.EUROPE.threat_game()),
    ):
        assert isinstance(fig, go.Figure) and not isinstance(fig, go.FigureWidget)
        assert fig.layout.title.text.replace("<br>", " ")
    resp = plots.response_figure(c)
    np.testing.assert_allclose(arr(resp.data[0].y), c.total)
    assert "%" in resp.layout.xaxis.title.text
    twin = L.EUROPE.twin_challenges()
    fig = plots.twin_figure(twin)
    assert f"{100 * twin.threshold_share:.0f}%" in fig.layout.title.text.replace("<br>", " ")
    np.testing.assert_allclose(arr(fig.data[2].x), [100 * twin.threshold_share] * 2)
    none = plots.twin_figure(L.INDO_PACIFIC.twin_challenges())
    assert len(arr(none.data[2].x)) == 0 and "never" in none.layout.title.text.replace("<br>", " ")


def test_twin_condition_figure_draws_the_models_boundary_and_the_presets():
    tastes = np.linspace(0.1, 0.7, 31)
    bounds = {
        "Europe": L.EUROPE.twin_boundary(tastes),
        "Indo-Pacific": L.INDO_PACIFIC.twin_boundary(tastes),
    }
    presets = {
        "Europe": (L.EUROPE.taste, L.EUROPE.influence_value),
        "Indo-Pacific": (L.INDO_PACIFIC.taste, L.INDO_PACIFIC.influence_value),
    }
    fig = plots.twin_condition_figure(tastes, bounds, presets)
    assert isinstance(fig, go.Figure) and not isinstance(fig, go.FigureWidget)
    np.testing.assert_allclose(
        arr(fig.data[0].y), L.twin_challenge_boundary(L.EUROPE.incomes, tastes, 1.0)
    )
    np.testing.assert_allclose(
        arr(fig.data[1].y),
        L.twin_challenge_boundary(L.INDO_PACIFIC.incomes, tastes, L.INDO_PACIFIC.cost),
    )
    np.testing.assert_allclose(arr(fig.data[2].x), [0.3])
    title = fig.layout.title.text.replace("<br>", " ")
    # the title's verdicts are the model's
    assert L.EUROPE.twin_challenges().threshold_exists and "Europe above" in title
    assert not L.INDO_PACIFIC.twin_challenges().threshold_exists and "Indo-Pacific below" in title
    assert "taste" in fig.layout.xaxis.title.text and "%" in fig.layout.yaxis.title.text
    # swap the tastes and the verdicts swap
    swapped = plots.twin_condition_figure(
        tastes, bounds, {"Europe": (0.5, 6.0), "Indo-Pacific": (0.3, 6.0)}
    )
    text = swapped.layout.title.text.replace("<br>", " ")
    assert "Indo-Pacific above" in text and "Europe below" in text
    widget = plots.twin_condition_figure(tastes, bounds, presets, widget=True)
    plots.draw_twin_condition(widget, tastes, {k: 2 * v for k, v in bounds.items()}, presets)
    np.testing.assert_allclose(arr(widget.data[0].y), 2 * bounds["Europe"])


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize("module", [checks2, checks3])
def test_checks_accept_the_right_answer_and_explain(module):
    questions = module.questions()
    assert 2 <= len(questions) <= 4
    for q in questions:
        right = q.answer if isinstance(q, (MultipleChoice, Numeric)) else None
        assert q.check(right).correct
        wrong = (
            (q.answer + 1) % len(q.options) if isinstance(q, MultipleChoice) else q.answer * 1.5 + 1
        )
        feedback = q.check(wrong)
        assert not feedback.correct and feedback.message
    box = module.quiz()
    assert len(box.children) == len(questions)
    first = box.children[0]
    if isinstance(questions[0], Numeric):
        first.control.value = str(questions[0].answer)
    else:
        first.control.value = questions[0].options[questions[0].answer]
    first.check_button.click()
    assert "Correct" in first.feedback.value


def test_check_answers_agree_with_the_models():
    # crowding out with three contributors of a = 0.25
    incomes = np.array([10.0, 10.0, 10.0])
    assert L.crowding_out(incomes, 0.25, 0.1) == pytest.approx(checks2.questions()[0].answer)
    # the twin-challenge question: phi > c Q(0) decides, and the Indo-Pacific's taste drives it
    twin_q = checks2.questions()[1]
    assert "φ < c·Q(0)" in twin_q.options[twin_q.answer]
    eu, ip = L.EUROPE.twin_challenges(), L.INDO_PACIFIC.twin_challenges()
    assert eu.threshold_exists and not ip.threshold_exists and ip.allied_alone > eu.allied_alone
    assert L.INDO_PACIFIC.replace(taste=L.EUROPE.taste).twin_challenges().threshold_exists
    for number in (f"{eu.allied_alone:.2f}", f"{ip.allied_alone:.2f}", f"{ip.influence_bound:.2f}"):
        assert number in twin_q.explanation
    # the Europe preset: a slightly larger threat raises the optimum
    assert L.EUROPE.replace(threat=5.25).optimum().spending > L.EUROPE.optimum().spending
    # lesson 3: the Beta count and the adaptive update
    b = P.belief_path([1.0] + [0.5] * 10 + [0.5], history=69, rule="count")
    assert b[-1] == pytest.approx(checks3.questions()[0].answer)
    b = P.belief_path([0.5] * 4, history=200, rule="adaptive", learning_rate=0.2)
    assert b[3] == pytest.approx(checks3.questions()[1].answer, abs=1e-6)
    assert math.isinf(
        P.step_back_for(L.INDO_PACIFIC, rule="adaptive", learning_rate=1.0).years_to_close
    )


# ------------------------------------------------------ the contract: state, draw, only what changed


@pytest.mark.parametrize(
    "control, value", [("threat", 6.0), ("wealth", 1.5), ("influence_value", 9.0), ("value", 30.0)]
)
def test_payoff_explorer_state_is_the_models_and_a_step_sends_only_what_changed(control, value):
    ex = apps.leadership_explorer()
    check_step_sends_only_changes(ex, control, value)
    assert_same_state(ex.state, L.leadership_state("europe", **ex.values()))
    np.testing.assert_array_equal(arr(ex.figures["payoff"].data[0].y), ex.state.curve.payoff)


@pytest.mark.parametrize("control, value", [("threat", 1.5), ("wealth", 0.5), ("value", 30.0)])
def test_regions_explorer_state_is_the_models_and_a_step_sends_only_what_changed(control, value):
    ex = apps.regions_explorer()
    check_step_sends_only_changes(ex, control, value)
    assert_same_state(ex.state, L.regions_state(**ex.values()))
    for k, curve in enumerate(ex.state.curves.values()):
        np.testing.assert_array_equal(arr(ex.figures["regions"].data[4 + k].y), curve.loss)


def test_threat_game_explorer_state_is_the_models_and_a_step_sends_only_what_changed():
    ex = apps.threat_game_explorer()
    for control, value in [
        ("shift", 0.6),
        ("commitment_cost", 5.0),
        ("threat_alone", 2.5),
        ("region", "Indo-Pacific"),
    ]:
        check_step_sends_only_changes(ex, control, value)
        assert_same_state(ex.state, L.threat_game_state(**ex.values()))
        assert list(ex.figures["calculation"].data[0].y) == [
            ex.state.loss_from_collapse,
            ex.state.cost_of_tolerating,
        ]


def test_step_back_history_slider_leaves_the_history_figure_alone():
    ex = path_apps.step_back_explorer()
    log = check_step_sends_only_changes(ex, "history", 40)
    assert (
        log["history"] == []
    )  # years-to-close against history does not depend on the history shown
    assert log["timeline"], "the timeline must redraw"
    check_timeline(ex)
    check_step_sends_only_changes(ex, "learning_rate", 0.4)
    assert "0.40" in ex.figures["timeline"].data[3].name  # the legend follows λ
    check_timeline(ex)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: L.leadership_state("Arctic"), "region must be one of"),
        (lambda: L.regions_state(threat=-1.0), "threat must be"),
        (lambda: L.leadership_state("europe", wealth=-2.0), "wealth must be"),
        (lambda: L.threat_game_state("Mars", 0.5, 1.5, 0.0), "region must be one of"),
        (lambda: P.step_back_state("europe", 0.2, 70, 1.5, 5), "cut must be"),
        (lambda: P.step_back_state("europe", 0.2, 70, 0.5, 99), "step_year must be"),
        (lambda: P.step_back_state("europe", 0.0, 70, 0.5, 5), "learning_rate"),
    ],
)
def test_state_functions_refuse_bad_settings(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("learning_rate", [0.05, 0.6, 1.0])
def test_counting_curve_of_the_step_back_state_does_not_depend_on_lambda(learning_rate):
    t = L.EUROPE
    s = P.step_back_state("europe", learning_rate, 70, 0.5, 5)
    direct = P.gap_by_history(
        t.incomes,
        t.taste,
        t.optimum().spending,
        t.threat,
        P.HISTORIES,
        rule="count",
        learning_rate=learning_rate,
        years=P.STEP_BACK_YEARS,
    )["years_to_close"]
    np.testing.assert_array_equal(s.years_to_close["counting (Beta)"], direct)
