"""The lesson-6 explorers, driven headlessly: move a control, read the FigureWidget, compare with the model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.apps import institutions as apps
from course_lib.checks import institutions as checks
from course_lib.models import decision_rules, procurement, veto_players
from course_lib.plots import decision_rules as rule_plots
from course_lib.plots import procurement as procurement_plots
from course_lib.plots import veto_players as veto_plots
from explorer_support import record_updates, relayed, restyled


def test_veto_player_explorer_follows_the_status_quo():
    ex = apps.veto_player_explorer(status_quo_x=20.0, status_quo_y=5.0, year=2024)
    fig = ex.figures["veto"]
    assert isinstance(fig, go.FigureWidget)
    table = veto_players.alliance_ideal_points(2024)
    pts = table[["x", "y"]].to_numpy()
    assert veto_players.is_gridlocked([20.0, 5.0], pts)
    assert fig.layout.title.text.replace("<br>", " ").startswith("Gridlocked")
    assert len(fig.data[1].x) == 32 and len(fig.data[3].x) == 0

    ex.controls[
        "status_quo_y"
    ].value = 0.0  # nothing for the Indo-Pacific: every ally wants a little more
    assert not veto_players.is_gridlocked([20.0, 0.0], pts)
    assert fig.layout.title.text.replace("<br>", " ").startswith("Not gridlocked")
    expected = veto_players.closest_acceptable_policy([20.0, 0.0], pts)
    assert np.allclose([fig.data[3].x[-1], fig.data[3].y[-1]], expected)
    assert (fig.data[2].x[0], fig.data[2].y[0]) == (20.0, 0.0)


def _budget_of(ex):
    v = ex.values()
    budget = apps.veto_player_state(v["status_quo_x"], v["status_quo_y"], v["year"]).budget
    np.testing.assert_array_equal(ex.state.budget, budget)  # the explorer holds the model's state
    return budget


@pytest.mark.parametrize(
    "moves",
    [
        [("status_quo_y", "min")],
        [("status_quo_y", "max")],
        [("status_quo_x", "max")],
        [("status_quo_x", "min")],
        [("status_quo_x", "max"), ("status_quo_y", "max")],
        [("status_quo_x", "min"), ("status_quo_y", "max")],
        [
            ("status_quo_y", "max"),
            ("status_quo_x", "max"),
            ("status_quo_y", "min"),
            ("status_quo_x", "max"),
        ],
        [
            ("status_quo_y", "max"),
            ("status_quo_x", "min"),
            ("status_quo_y", "min"),
            ("status_quo_x", "min"),
        ],
    ],
)
def test_veto_player_status_quo_stays_a_budget_split(moves):
    ex = apps.veto_player_explorer()
    fig = ex.figures["veto"]
    for name, end in moves:
        control = ex.controls[name]
        control.value = getattr(control, end)  # drag the slider to its end
        budget = _budget_of(ex)
        assert np.all(budget >= 0.0) and budget.sum() == pytest.approx(1.0)
        x, y = ex.controls["status_quo_x"].value, ex.controls["status_quo_y"].value
        assert y >= 0.0 and abs(x) + y <= 100.0 + 1e-9, "the status quo left the budget triangle"
        assert (fig.data[2].x[0], fig.data[2].y[0]) == (x, y), "the star shows the controls"
        ex.controls[name].value = (
            getattr(control, end) + 50.0 if end == "max" else control.value - 50.0
        )
        assert (
            abs(ex.controls["status_quo_x"].value) + ex.controls["status_quo_y"].value
            <= 100.0 + 1e-9
        )


def test_budget_split_inverts_the_policy_coordinates():
    rng = np.random.default_rng(6)
    shares = rng.dirichlet(np.ones(4), 200)
    x = 100 * (shares[:, 0] - shares[:, 3])
    y = 100 * (shares[:, 1] + shares[:, 2])
    for k in range(len(shares)):
        split = veto_players.budget_split(x[k], y[k])
        assert split == pytest.approx([shares[k, 0], shares[k, 1] + shares[k, 2], shares[k, 3]])
    table = veto_players.alliance_ideal_points(2024)
    for _, row in table.iterrows():  # every ally's ideal point is a budget split
        assert np.all(veto_players.budget_split(row["x"], row["y"]) >= 0)
    for bad, name in [
        ((0.0, -0.5), "y"),
        ((90.0, 20.0), "x"),
        ((-90.0, 20.0), "x"),
        ((0.0, 101.0), "y"),
    ]:
        with pytest.raises(ValueError, match=name):
            veto_players.budget_split(*bad)
    with pytest.raises(ValueError, match="y"):
        apps.veto_player_explorer(status_quo_y=-5.0)


def test_veto_player_explorer_year_sets_the_members():
    ex = apps.veto_player_explorer(year=2024)
    ex.controls["year"].value = 1955
    fig = ex.figures["veto"]
    assert len(fig.data[1].x) == len(veto_players.alliance_ideal_points(1955)) == 15
    assert "15 allies of 1955" in fig.layout.title.text.replace("<br>", " ")
    ring = veto_players.hull_vertices(
        veto_players.alliance_ideal_points(1955)[["x", "y"]].to_numpy()
    )
    assert np.allclose(fig.data[0].x, ring[:, 0]) and np.allclose(fig.data[0].y, ring[:, 1])


def test_decision_race_explorer_matches_the_model():
    ex = apps.decision_race_explorer(members=32, mean_days=20.0, quota=0.55, crisis=1)
    ex.controls["crisis"].value = 7
    ex.controls["members"].value = 12
    race = decision_rules.crisis_race(12, mean_days=20.0, quota=0.55, seed=7)
    fig = ex.figures["race"]
    assert np.allclose(fig.data[0].x, np.sort(race.assent_days))
    for k, rule in enumerate(decision_rules.RULES):
        assert fig.data[2 + k].x[0] == pytest.approx(race.decision_days[rule])
    delay = ex.figures["delay"]
    expected = decision_rules.delay_by_size(apps.DELAY_SIZES, 20.0, 0.55)
    assert np.allclose(delay.data[2].y, expected["unanimity"])
    assert list(delay.data[6].x) == [12, 12]

    ex.controls["mean_days"].value = 10.0
    assert np.allclose(
        delay.data[2].y, decision_rules.delay_by_size(apps.DELAY_SIZES, 10.0, 0.55)["unanimity"]
    )


def test_procurement_explorer_updates_cost_and_interoperability():
    ex = apps.procurement_explorer(nations=10, programmes=10, learning_rate=0.8, inequality=0.5)
    fig = ex.figures["market"]
    ex.controls["programmes"].value = 3
    orders = procurement.zipf_orders(10, 0.5)
    out = procurement.procurement_outcome(orders, 3, 0.8)
    assert fig.data[2].x[0] == 3
    assert fig.data[2].y[0] == pytest.approx(100 * out.premium)
    assert fig.data[3].y[0] == pytest.approx(100 * out.interoperability)

    ex.controls["learning_rate"].value = 1.0  # no learning: no premium anywhere
    assert np.allclose(fig.data[0].y, 0.0)

    ex.controls["nations"].value = 2  # programmes capped at the number of nations
    assert fig.data[2].x[0] == 2
    assert fig.layout.title.text.replace("<br>", " ").startswith("2 nations, 2 programmes")


def test_gridlock_explorer_reruns_the_monte_carlo():
    ex = apps.gridlock_explorer(spread=1.0, seed=5)
    fig = ex.figures["gridlock"]
    ex.controls["spread"].value = 0.0
    table = veto_players.gridlock_along_enlargement(apps.GRIDLOCK_DRAWS, seed=5, spread=0.0)
    assert np.allclose(fig.data[0].y, 100 * table["probability"])
    assert np.allclose(
        fig.data[1].y, 100 * veto_players.gridlock_probability_centred(table["members"].to_numpy())
    )


def test_veto_player_state_is_the_models_and_the_figure_shows_it():
    ex = apps.veto_player_explorer()
    ex.controls["year"].value = 1999
    ex.controls["status_quo_x"].value = -10.0
    s = ex.state
    assert s is not None and s.year == 1999 and list(s.status_quo) == [-10.0, 5.0]
    members = veto_players.alliance_ideal_points(1999)
    pts = members[["x", "y"]].to_numpy()
    np.testing.assert_allclose(s.ideals, pts)
    assert s.labels == tuple(members["country"])
    assert s.gridlocked == veto_players.is_gridlocked([-10.0, 5.0], pts)
    np.testing.assert_allclose(s.hull, veto_players.hull_vertices(pts))
    np.testing.assert_allclose(s.move_to, veto_players.closest_acceptable_policy([-10.0, 5.0], pts))
    fig = ex.figures["veto"]
    np.testing.assert_allclose(np.column_stack([fig.data[1].x, fig.data[1].y]), s.ideals)
    assert list(fig.data[1].text) == list(s.labels)


@settings(max_examples=12)
@given(st.integers(1949, 2024))
def test_members_of_a_year_are_that_years_alliance(year):
    pd.testing.assert_frame_equal(
        veto_players.members_of(year), veto_players.alliance_ideal_points(year)
    )


@pytest.mark.parametrize(
    "args, name",
    [
        ((0.0, -1.0, 2024), "status_quo_y"),
        ((90.0, 20.0, 2024), "status_quo_x"),
        ((-90.0, 20.0, 2024), "status_quo_x"),
        ((0.0, 0.0, 1900), "year"),
        ((0.0, 0.0, 2000.5), "year"),
    ],
)
def test_veto_player_state_refuses_what_is_no_budget_split(args, name):
    with pytest.raises(ValueError, match=name):
        veto_players.veto_player_state(*args)


def test_a_status_quo_step_leaves_the_members_and_their_hull_alone():
    ex = apps.veto_player_explorer()
    with record_updates(ex.figures) as sent:
        ex.controls["status_quo_x"].value = 12.0
    traces = restyled(sent["veto"])
    assert len(sent["veto"]) == 1 and traces.get(2) == {"x"}
    assert not {0, 1, 4} & set(traces), "hull, members and the budget triangle do not move"
    if ex.state.gridlocked:  # still gridlocked: same finding, same title
        assert "title.text" not in relayed(sent["veto"])


def test_gridlock_state_is_the_models_monte_carlo():
    ex = apps.gridlock_explorer(spread=1.0, seed=5)
    ex.controls["spread"].value = 2.0
    expected = veto_players.gridlock_state(2.0, draws=apps.GRIDLOCK_DRAWS, seed=5)
    pd.testing.assert_frame_equal(ex.state.table, expected.table)
    np.testing.assert_array_equal(ex.state.centred, expected.centred)
    with record_updates(ex.figures) as sent:
        ex.controls["spread"].value = 2.5
    assert set(restyled(sent["gridlock"])) == {0}, (
        "the exact centred case does not depend on the spread"
    )
    with pytest.raises(ValueError, match="spread"):
        veto_players.gridlock_state(-0.1)


def test_decision_race_state_is_the_models_and_a_new_crisis_leaves_the_delays_alone():
    ex = apps.decision_race_explorer(members=20, mean_days=15.0, quota=0.55, crisis=3)
    with record_updates(ex.figures) as sent:
        ex.controls["crisis"].value = 9
    assert sent["delay"] == [], "the expected delay does not depend on the crisis drawn"
    assert len(sent["race"]) == 1
    expected = decision_rules.decision_race_state(20, 15.0, 0.55, 9, sizes=apps.DELAY_SIZES)
    np.testing.assert_array_equal(ex.state.race.assent_days, expected.race.assent_days)
    assert ex.state.race.decision_days == expected.race.decision_days
    pd.testing.assert_frame_equal(ex.state.delays, expected.delays)
    assert ex.state.members == 20
    for bad, name in [
        ({"members": 0}, "members"),
        ({"crisis": 0}, "crisis"),
        ({"mean_days": 0.0}, "mean_days"),
    ]:
        with pytest.raises(ValueError, match=name):
            decision_rules.decision_race_state(**bad)


@settings(max_examples=40)
@given(st.integers(1, 28), st.integers(1, 28), st.floats(0.6, 1.0), st.floats(0.0, 1.5))
def test_procurement_state_never_runs_more_programmes_than_nations(nations, programmes, rate, z):
    s = procurement.procurement_state(nations, programmes, rate, z)
    assert s.programmes == min(programmes, nations) and s.nations == nations
    orders = procurement.zipf_orders(nations, z)
    np.testing.assert_allclose(s.orders, orders)
    want = procurement.procurement_outcome(orders, s.programmes, rate)
    assert (s.outcome.premium, s.outcome.interoperability) == (want.premium, want.interoperability)
    assert len(s.table) == nations


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"nations": 0}, "nations"),
        ({"programmes": 0}, "programmes"),
        ({"programmes": 2.5}, "programmes"),
        ({"inequality": -1.0}, "inequality"),
    ],
)
def test_procurement_state_refuses_bad_controls(kwargs, name):
    with pytest.raises(ValueError, match=name):
        procurement.procurement_state(**kwargs)


def test_a_programmes_step_moves_only_the_current_market():
    ex = apps.procurement_explorer(nations=10, programmes=10, learning_rate=0.8, inequality=0.5)
    with record_updates(ex.figures) as sent:
        ex.controls["programmes"].value = 4
    assert set(restyled(sent["market"])) == {2, 3}, "the curves over every programme count stay"
    assert ex.state.programmes == 4


def test_static_figures_build():
    table = veto_players.gridlock_along_enlargement(2_000, seed=1)
    assert isinstance(veto_plots.gridlock_figure(table), go.Figure)
    frontier = decision_rules.solidarity_frontier(32)
    fig = rule_plots.solidarity_figure(
        frontier, {"unanimity": (frontier["expected_days"].iloc[-1], 1.0)}
    )
    assert "last 3 of 32" in fig.layout.title.text.replace("<br>", " ")
    fig = procurement_plots.weapon_systems_figure(procurement.fragmentation_table())
    assert len(fig.data) == 2 and list(fig.data[0].y) == [17, 20, 27, 29, 20]


def test_self_study_checks_accept_the_right_answers():
    questions = checks.questions()
    assert len(questions) >= 2
    for q in questions:
        right = q.answer
        assert q.check(right).correct
    assert not questions[1].check("40").correct
    box = checks.quiz()
    first = box.children[0]
    first.control.value = questions[0].options[questions[0].answer]
    first.check_button.click()
    assert "Correct" in first.feedback.value
