"""Lesson 1 headless: explorers redraw what the model says, checks grade, plots are labelled.

Also tests ``alliance_incomes``, the small income generator added to the model for
the lesson's explorers.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.apps import best_response_explorer, free_rider_explorer
from course_lib.apps.free_rider import MODES, ROUNDS
from course_lib.checks import free_rider as checks
from course_lib.checks.core import MultipleChoice, Numeric
from course_lib.models import free_rider as fr
from course_lib.models.free_rider import frontline_allies
from course_lib.plots import free_rider as plots
from explorer_support import assert_same_state, check_step_sends_only_changes


def arr(values) -> np.ndarray:
    return np.asarray(values if values is not None else [], dtype=float)


def model_answer(allies, inequality, taste, frontline, shock):
    incomes = fr.alliance_incomes(allies, inequality)
    front = frontline_allies(allies, frontline)
    q = fr.nash_contributions(incomes, fr.threat_shock(taste, front, shock, allies))
    return incomes, front, q


# --------------------------------------------------------------------------- the free-rider explorer
@pytest.fixture
def explorer():
    return free_rider_explorer()


def test_explorer_has_the_documented_controls_and_figures(explorer):
    assert set(explorer.controls) == {"allies", "inequality", "taste", "frontline", "shock"}
    assert set(explorer.figures) == {"contributions", "burden", "gap"}
    assert all(isinstance(f, go.FigureWidget) for f in explorer.figures.values())
    assert isinstance(explorer.widget, widgets.Widget)
    assert explorer.controls["allies"].min == 2 and explorer.controls["allies"].max == 40


def check_explorer_matches_model(explorer):
    v = explorer.values()
    incomes, front, q = model_answer(**v)
    pays = q > 1e-12
    contributions = explorer.figures["contributions"]
    np.testing.assert_allclose(arr(contributions.data[0].x), incomes[pays])
    np.testing.assert_allclose(arr(contributions.data[0].y), q[pays])
    np.testing.assert_allclose(arr(contributions.data[1].x), incomes[~pays])
    np.testing.assert_allclose(arr(contributions.data[1].y), np.zeros((~pays).sum()))
    assert (
        f"{int(pays.sum())}" in contributions.layout.title.text.replace("<br>", " ")
        or pays.sum() == 1
    )

    burden = explorer.figures["burden"]
    b = 100 * q / incomes
    np.testing.assert_allclose(arr(burden.data[0].y), b[~front])
    np.testing.assert_allclose(arr(burden.data[1].y), b[front])
    np.testing.assert_allclose(arr(burden.data[1].x), incomes[front])

    gap = explorer.figures["gap"]
    expected = fr.gap_by_size(np.arange(1, 41), 1.0, v["taste"])
    np.testing.assert_allclose(arr(gap.data[0].y), expected["nash"])
    np.testing.assert_allclose(arr(gap.data[1].y), expected["optimum"])
    assert list(gap.data[2].x) == [v["allies"]]
    np.testing.assert_allclose(arr(gap.data[2].y), [q.sum()])
    tastes = fr.threat_shock(v["taste"], front, v["shock"], v["allies"])
    np.testing.assert_allclose(arr(gap.data[3].y), [fr.pareto_optimal_total(incomes, tastes)])


def test_initial_figures_match_model(explorer):
    check_explorer_matches_model(explorer)


@pytest.mark.parametrize(
    "control, value",
    [
        ("allies", 32),
        ("allies", 2),
        ("allies", 40),
        ("inequality", 0.0),
        ("inequality", 1.7),
        ("taste", 0.3),
        ("frontline", 0.5),
        ("shock", 0.3),
    ],
)
def test_moving_a_control_redraws_with_the_models_new_answer(explorer, control, value):
    before = np.array(explorer.figures["contributions"].data[0].y, dtype=float)
    explorer.controls[control].value = value
    check_explorer_matches_model(explorer)
    if control in ("allies", "inequality", "taste"):
        assert not np.array_equal(
            before, np.array(explorer.figures["contributions"].data[0].y, dtype=float)
        )


def test_equal_incomes_everybody_contributes(explorer):
    explorer.controls["inequality"].value = 0.0
    explorer.controls["allies"].value = 20
    fig = explorer.figures["contributions"]
    assert len(fig.data[0].y) == 20 and len(fig.data[1].y) == 0
    assert "All 20 allies contribute" in fig.layout.title.text.replace("<br>", " ")


def test_shock_to_the_frontline_is_drawn_and_crowds_out_the_others(explorer):
    explorer.controls["allies"].value = 32
    explorer.controls["inequality"].value = 1.0
    explorer.controls["frontline"].value = 0.25
    quiet = np.array(explorer.figures["burden"].data[0].y, dtype=float)
    explorer.controls["shock"].value = 0.1
    check_explorer_matches_model(explorer)
    shocked = np.array(explorer.figures["burden"].data[0].y, dtype=float)
    assert np.all(shocked <= quiet + 1e-12) and shocked.sum() < quiet.sum()
    assert len(explorer.figures["burden"].data[1].y) == 8


def test_frontline_allies_spread_and_never_the_hegemon():
    for n in range(2, 41):
        for share in np.linspace(0, 1, 21):
            mask = frontline_allies(n, share)
            assert mask.shape == (n,) and not mask[-1]
            wanted = share * (n - 1)
            assert abs(mask.sum() - wanted) <= 0.5 + 1e-9  # the nearest count...
            if abs(wanted % 1 - 0.5) < 1e-9:
                assert mask.sum() > wanted  # ...and a half rounds up, never to the even count
    assert not frontline_allies(10, 0.0).any()
    assert frontline_allies(10, 1.0)[:-1].all()


# --------------------------------------------------------------------------- best responses
def expected_path(mode, allies, inequality, taste):
    kind, step = MODES[mode]
    incomes = fr.alliance_incomes(allies, inequality)
    path = fr.best_response_dynamics(
        incomes, taste, mode=kind, step=step, tol=1e-9, max_rounds=ROUNDS
    )
    path = np.vstack([path, np.repeat(path[-1:], ROUNDS + 1 - len(path), axis=0)])
    return path, fr.nash_contributions(incomes, taste)


def check_best_response_matches_model(ex):
    v = ex.values()
    r = v.pop("round")
    path, eq = expected_path(**v)
    lines = arr(ex.figures["path"].data[0].y)
    np.testing.assert_allclose(lines[~np.isnan(lines)], path.T.ravel())
    np.testing.assert_allclose(arr(ex.figures["round"].data[0].y), path[r])
    np.testing.assert_allclose(arr(ex.figures["round"].data[1].y), eq)
    assert list(ex.figures["path"].data[2].x) == [r, r]


def test_best_response_explorer_follows_its_controls():
    ex = best_response_explorer()
    assert set(ex.figures) == {"path", "round"}
    check_best_response_matches_model(ex)
    for control, value in [
        ("allies", 12),
        ("round", 7),
        ("mode", "simultaneous, full step (step = 1)"),
        ("round", 8),
        ("inequality", 0.0),
        ("mode", "simultaneous, safe small step"),
        ("taste", 0.35),
        ("allies", 40),
        ("round", ROUNDS),
    ]:
        ex.controls[control].value = value
        check_best_response_matches_model(ex)


def test_best_response_titles_tell_convergence_from_overshooting():
    ex = best_response_explorer(allies=8)
    assert "within 1%" in ex.figures["path"].layout.title.text.replace("<br>", " ")
    ex.controls["mode"].value = "simultaneous, full step (step = 1)"
    assert "overshoots" in ex.figures["path"].layout.title.text.replace("<br>", " ")


def test_best_response_explorer_refuses_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        best_response_explorer(mode="telepathy")


# --------------------------------------------------------------------------- checks
def test_questions_right_answer_is_correct_and_wrong_is_not():
    questions = checks.questions()
    assert 3 <= len(questions) <= 4
    for q in questions:
        assert q.prompt and q.explanation
        assert q.check(q.answer).correct
        if isinstance(q, MultipleChoice):
            for wrong in set(range(len(q.options))) - {q.answer}:
                assert not q.check(wrong).correct
            assert q.check(q.options[q.answer]).correct
        else:
            assert isinstance(q, Numeric)
            assert not q.check(q.answer * 1.2).correct
            assert not q.check("many").correct


def test_symmetric_question_agrees_with_the_model():
    numeric = next(q for q in checks.questions() if isinstance(q, Numeric))
    assert numeric.check(fr.symmetric_nash_total(4, 100.0, 0.2) / 4).correct


def test_quiz_shows_every_question():
    box = checks.quiz()
    assert isinstance(box, widgets.VBox) and len(box.children) == len(checks.questions())


# --------------------------------------------------------------------------- plots
def labelled(fig):
    assert fig.layout.title.text.replace("<br>", " "), "figure has no title"
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text, "axis without title"


def test_every_plot_returns_a_titled_figure_with_axis_titles():
    incomes = fr.alliance_incomes(10, 0.5)
    q = fr.nash_contributions(incomes, 0.2)
    front = frontline_allies(10, 0.3)
    after = fr.nash_contributions(incomes, fr.threat_shock(0.2, front, 0.2, 10))
    path = fr.best_response_dynamics(incomes, 0.2)
    m = np.linspace(1, 4, 7)
    calc = [fr.us_calculation(incomes, 0.2, hegemon=9, threat_alone=x) for x in m]
    figures = [
        plots.contributions_figure(incomes, q),
        plots.burden_figure(incomes, 100 * q / incomes, frontline=front),
        plots.gap_figure(fr.gap_by_size(np.arange(1, 41), 1.0, 0.2), current=(10, q.sum(), 2.0)),
        plots.best_response_path_figure(path, q),
        plots.best_response_round_figure(path, q, shown_round=2),
        plots.best_response_animation(path, q),
        plots.us_calculation_figure(
            m, [c.cost_of_free_riding for c in calc], [c.cost_of_collapse for c in calc]
        ),
        plots.threat_shock_figure(incomes, 100 * q / incomes, 100 * after / incomes, front),
    ]
    for fig in figures:
        assert isinstance(fig, go.Figure)
        labelled(fig)
    settled = plots.settled_round(path, q)
    assert settled is not None and len(figures[5].frames) == min(len(path), settled + 4)
    np.testing.assert_allclose(
        arr(figures[5].frames[-1].data[0].y), path[len(figures[5].frames) - 1]
    )
    assert "income" in figures[0].layout.xaxis.title.text


def test_widget_flag_gives_figure_widgets():
    incomes = fr.alliance_incomes(5, 0.5)
    q = fr.nash_contributions(incomes, 0.2)
    assert isinstance(plots.contributions_figure(incomes, q, widget=True), go.FigureWidget)
    assert isinstance(plots.contributions_figure(incomes, q), go.Figure)
    assert not isinstance(plots.contributions_figure(incomes, q), go.FigureWidget)


def test_plot_titles_state_the_finding():
    incomes = fr.alliance_incomes(6, 0.0)
    q = fr.nash_contributions(incomes, 0.2)
    assert "All 6 allies" in plots.contributions_figure(incomes, q).layout.title.text.replace(
        "<br>", " "
    )
    unequal = fr.alliance_incomes(6, 1.0)
    qu = fr.nash_contributions(unequal, 0.2)
    assert "Exploitation" in plots.burden_figure(
        unequal, 100 * qu / unequal
    ).layout.title.text.replace("<br>", " ")
    assert "grows" in plots.gap_figure(
        fr.gap_by_size([1, 2, 3], 1.0, 0.2)
    ).layout.title.text.replace("<br>", " ")


def test_plots_refuse_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        plots.contributions_figure([1.0, 2.0], [0.5])
    with pytest.raises(ValueError, match="frontline"):
        plots.burden_figure([1.0, 2.0], [1.0, 1.0], frontline=[True])


# --------------------------------------------------------------------------- alliance_incomes (model)
@settings(max_examples=60)
@given(n=st.integers(1, 80), sigma=st.floats(0.0, 3.0))
def test_alliance_incomes_mean_one_ascending_deterministic(n, sigma):
    incomes = fr.alliance_incomes(n, sigma)
    assert incomes.shape == (n,)
    assert np.all(incomes > 0)
    assert np.isclose(incomes.mean(), 1.0)
    assert np.all(np.diff(incomes) >= -1e-12)
    np.testing.assert_array_equal(incomes, fr.alliance_incomes(n, sigma))


def test_alliance_incomes_inequality_spreads_them():
    np.testing.assert_allclose(fr.alliance_incomes(7, 0.0), np.ones(7))
    ratios = [
        fr.alliance_incomes(15, s)[-1] / fr.alliance_incomes(15, s)[0] for s in (0.2, 0.8, 1.7)
    ]
    assert ratios[0] < ratios[1] < ratios[2]
    # more inequality: fewer contributors (the small drop out first)
    contributors = [
        np.count_nonzero(fr.nash_contributions(fr.alliance_incomes(15, s), 0.2))
        for s in (0.0, 0.05, 0.5)
    ]
    assert contributors[0] == 15 and contributors[0] > contributors[1] > contributors[2]


@pytest.mark.parametrize(
    "n, sigma, name",
    [
        (0, 1.0, "n"),
        (2.5, 1.0, "n"),
        (3, -0.1, "inequality"),
        (3, float("nan"), "inequality"),
        (3, 6.0, "inequality"),
    ],
)
def test_alliance_incomes_bad_arguments(n, sigma, name):
    with pytest.raises(ValueError, match=name):
        fr.alliance_incomes(n, sigma)


# --------------------------------------------------------------------------- the U.S. calculation
def test_us_calculation_explorer_draws_the_models_breakeven_and_decision():
    from course_lib.apps.free_rider import THREAT_ALONE, us_calculation_explorer

    incomes = fr.alliance_incomes(15, 1.7)
    ex = us_calculation_explorer(incomes)
    assert set(ex.controls) == {"taste", "threat_alone", "collapse_risk"}
    assert set(ex.figures) == {"decision"} and isinstance(ex.figures["decision"], go.FigureWidget)
    fig = ex.figures["decision"]
    for taste, m in ((0.08, 2.0), (0.3, 1.5)):
        ex.controls["taste"].value = taste
        ex.controls["threat_alone"].value = m
        expected = [
            fr.us_calculation(incomes, taste, hegemon=14, threat_alone=x).breakeven_risk
            for x in THREAT_ALONE
        ]
        np.testing.assert_allclose(arr(fig.data[2].y), expected)
        np.testing.assert_allclose(arr(fig.data[2].x), THREAT_ALONE)
        here = fr.us_calculation(incomes, taste, hegemon=14, threat_alone=m)
        # just below the breakeven risk the hegemon presses, at it and above it tolerates
        for p, verdict in (
            (max(here.breakeven_risk - 0.02, 0.0), "presses"),
            (min(here.breakeven_risk + 0.02, 1.0), "tolerates"),
        ):
            ex.controls["collapse_risk"].value = p
            p = ex.controls["collapse_risk"].value  # the slider's step rounds it
            calc = fr.us_calculation(incomes, taste, hegemon=14, threat_alone=m, collapse_risk=p)
            assert (calc.tolerates, verdict) in ((False, "presses"), (True, "tolerates"))
            assert arr(fig.data[3].x).tolist() == [m] and arr(fig.data[3].y).tolist() == [p]
            assert verdict in fig.layout.title.text
            assert f"{calc.breakeven_risk:.2f}" in fig.layout.title.text


def test_press_or_tolerate_figure_regions_and_bad_input():
    m = np.linspace(1, 3, 5)
    p = np.array([1.0, 0.7, 0.5, 0.4, 0.35])
    fig = plots.press_or_tolerate_figure(m, p)
    labelled(fig)
    np.testing.assert_allclose(arr(fig.data[0].y), p)  # "press" is filled from 0 up to the curve
    np.testing.assert_allclose(arr(fig.data[1].y), np.ones(5))  # "tolerate" from the curve up to 1
    assert fig.data[0].fill == "tozeroy" and fig.data[1].fill == "tonexty"
    assert "1.00 at m = 1" in fig.layout.title.text and "0.35 at m = 3" in fig.layout.title.text
    assert not fig.data[3].x
    with pytest.raises(ValueError, match="threat_alone"):
        plots.press_or_tolerate_figure(m[::-1], p)
    with pytest.raises(ValueError, match="same length"):
        plots.press_or_tolerate_figure(m, p[:3])


# ------------------------------------------------------ the contract: state, draw, only what changed


@pytest.mark.parametrize(
    "control, value",
    [("allies", 20), ("inequality", 0.8), ("taste", 0.2), ("frontline", 0.5), ("shock", 0.2)],
)
def test_free_rider_state_is_the_models_and_a_step_sends_only_what_changed(
    explorer, control, value
):
    check_step_sends_only_changes(explorer, control, value)
    assert_same_state(explorer.state, fr.alliance_state(**explorer.values()))
    check_explorer_matches_model(explorer)


def test_a_shock_does_not_resend_the_shortfall_curves(explorer):
    log = check_step_sends_only_changes(explorer, "shock", 0.3)
    ((traces, _, _),) = log["gap"]
    assert 0 not in traces and 1 not in traces  # they depend on the common taste only


def test_best_response_round_step_sends_only_the_round_marker():
    ex = best_response_explorer()
    log = check_step_sends_only_changes(ex, "round", 3)
    # the NaN-broken lines of every ally (traces 0, 1) are not sent again: only the round line
    assert log["path"] == [([2], ["x"], [])]
    assert_same_state(ex.state, fr.best_response_state(**ex.values()))
    np.testing.assert_array_equal(arr(ex.figures["round"].data[0].y), ex.state.path[3])
    for control, value in [
        ("taste", 0.3),
        ("mode", "simultaneous, safe small step"),
        ("allies", 12),
    ]:
        check_step_sends_only_changes(ex, control, value)
        assert_same_state(ex.state, fr.best_response_state(**ex.values()))


def test_us_calculation_collapse_risk_moves_only_the_point():
    from course_lib.apps.free_rider import us_calculation_explorer

    incomes = fr.alliance_incomes(15, 1.7)
    ex = us_calculation_explorer()
    log = check_step_sends_only_changes(ex, "collapse_risk", 0.3)
    assert [traces for traces, _, _ in log["decision"]] == [[3]]
    hegemon = int(np.argmax(incomes))
    assert_same_state(ex.state, fr.us_calculation_state(incomes, hegemon, **ex.values()))
    check_step_sends_only_changes(ex, "taste", 0.2)
    assert_same_state(ex.state, fr.us_calculation_state(incomes, hegemon, **ex.values()))


def test_best_response_state_is_cached_and_read_only():
    mode = next(iter(MODES))
    a = fr.best_response_state(mode, 8, 0.3, 0.2, 0)
    b = fr.best_response_state(mode, 8, 0.3, 0.2, 7)
    assert a.path is b.path and b.shown_round == 7
    with pytest.raises(ValueError):
        a.path[0, 0] = 1.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"allies": 0}, "allies must be"),
        ({"taste": 1.0}, "taste must be"),
        ({"shock": -0.1}, "shock"),
        ({"frontline": 2.0}, "share"),
        ({"inequality": -1.0}, "inequality must be"),
    ],
)
def test_alliance_state_refuses_bad_settings(kwargs, match):
    settings = {
        "allies": 15,
        "inequality": 0.1,
        "taste": 0.08,
        "frontline": 0.25,
        "shock": 0.0,
        **kwargs,
    }
    with pytest.raises(ValueError, match=match):
        fr.alliance_state(**settings)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"mode": "telepathy"}, "mode must be one of"),
        ({"round": ROUNDS + 1}, "round must be"),
        ({"allies": 1.5}, "allies must be"),
    ],
)
def test_best_response_state_refuses_bad_settings(kwargs, match):
    settings = {
        "mode": next(iter(MODES)),
        "allies": 8,
        "inequality": 0.3,
        "taste": 0.2,
        "round": 0,
        **kwargs,
    }
    with pytest.raises(ValueError, match=match):
        fr.best_response_state(**settings)
