"""Lessons 4 and 5, headless: move a control, and the FigureWidgets show the model's new answer.

Also checks the plots' trace layout and the self-study questions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.apps.interdependence import control_name, germany_explorer, sanctions_explorer
from course_lib.apps.threats import threat_explorer
from course_lib.checks import interdependence as inter_checks
from course_lib.checks import threats as threat_checks
from course_lib.models import interdependence as inter
from course_lib.models import threats
from explorer_support import record_updates, relayed, restyled


def map_top_threats(fig) -> dict[str, str]:
    """Which threat trace each ally sits in on the map."""
    out = {}
    for trace in fig.data:
        if trace.meta in ("RUS", "CHN", "PRK", "SAH"):
            for code in trace.customdata or ():
                out[code] = trace.meta
    return out


def test_threat_explorer_starts_with_the_model_answer():
    ex = threat_explorer()
    assert all(isinstance(f, go.FigureWidget) for f in ex.figures.values())
    prio = threats.threat_priorities()
    assert map_top_threats(ex.figures["map"]) == threats.top_threat(prio).to_dict()
    assert len(ex.figures["map"].data) == 6  # coastlines, four threats, the threat sources


@pytest.mark.parametrize(
    "control, value, kwargs",
    [
        ("reach", 3000.0, {"reach": 3000.0}),
        ("reach", 200.0, {"reach": 200.0}),
        ("us_reach", 1000.0, {"global_reach": 1000.0}),
        ("sahel", 1.5, {"capability": {"SAH": 1.5}}),
    ],
)
def test_threat_explorer_redraws_when_a_slider_moves(control, value, kwargs):
    ex = threat_explorer()
    ex.controls[control].value = value
    prio = threats.threat_priorities(**kwargs)
    assert map_top_threats(ex.figures["map"]) == threats.top_threat(prio).to_dict()
    case = prio.loc[threats.case_allies()]
    heat = ex.figures["priorities"].data[0]
    assert np.allclose(np.asarray(heat.z), 100 * case.to_numpy())
    assert list(heat.y) == threats.case_allies()
    budget = ex.figures["budget"]
    for j, threat in enumerate(case.columns):
        assert np.allclose(budget.data[j].x, 100 * case[threat].to_numpy())


def test_the_map_needs_no_download():
    fig = threat_explorer().figures["map"]
    geo = fig.layout.geo
    layers = ("coastlines", "land", "countries", "ocean", "lakes", "rivers", "subunits")
    assert not any(getattr(geo, f"show{layer}") for layer in layers), (
        "plotly.js would fetch topojson"
    )
    assert len(fig.data[0].lon) > 5000  # the shipped coastlines


def test_longer_reach_moves_italy_to_russia_on_the_map():
    ex = threat_explorer()
    assert map_top_threats(ex.figures["map"])["ITA"] == "SAH"
    ex.controls["reach"].value = 3000.0
    assert map_top_threats(ex.figures["map"])["ITA"] == "RUS"
    assert "Russia" in ex.figures["map"].layout.title.text.replace("<br>", " ")


def test_threat_explorer_state_is_the_models_answer_and_the_figures_show_it():
    ex = threat_explorer()
    ex.controls["reach"].value = 2500.0
    ex.controls["sahel"].value = 1.2
    expected = threats.threat_state(reach=2500.0, us_reach=ex.controls["us_reach"].value, sahel=1.2)
    for field in ("priorities", "case", "budget"):
        pd.testing.assert_frame_equal(getattr(ex.state, field), getattr(expected, field))
    assert map_top_threats(ex.figures["map"]) == threats.top_threat(expected.priorities).to_dict()
    assert np.allclose(
        np.asarray(ex.figures["priorities"].data[0].z), 100 * expected.case.to_numpy()
    )
    for j, threat in enumerate(expected.budget.columns):
        assert np.allclose(ex.figures["budget"].data[j].x, expected.budget[threat].to_numpy())
    assert np.allclose(expected.budget.sum(axis=1), threats.CASE_BUDGET)


@settings(max_examples=30)
@given(st.floats(100.0, 20000.0), st.floats(500.0, 20000.0), st.floats(0.1, 2.0))
def test_threat_state_equals_the_priorities_computed_from_the_files(reach, us_reach, sahel):
    s = threats.threat_state(reach, us_reach, sahel)  # distances read once per session
    direct = threats.threat_priorities(
        reach=reach, global_reach=us_reach, capability={"SAH": sahel}
    )
    pd.testing.assert_frame_equal(s.priorities, direct)
    pd.testing.assert_frame_equal(
        s.budget, threats.ideal_allocation(direct.loc[threats.case_allies()])
    )


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"reach": 0.0}, "reach"),
        ({"us_reach": -5.0}, "us_reach"),
        ({"sahel": 0.0}, "sahel"),
        ({"sahel": "strong"}, "sahel"),
    ],
)
def test_threat_state_refuses_bad_controls(kwargs, name):
    with pytest.raises(ValueError, match=name):
        threats.threat_state(**kwargs)


@pytest.mark.parametrize(
    "control, value", [("sahel", 1.5), ("reach", 2200.0), ("us_reach", 6000.0)]
)
def test_a_threat_step_sends_only_what_changed(control, value):
    ex = threat_explorer()
    before = ex.state
    with record_updates(ex.figures) as sent:
        ex.controls[control].value = value
    after = ex.state
    assert all(len(messages) <= 1 for messages in sent.values()), "one message per figure and step"
    map_traces = restyled(sent["map"])
    assert not {0, 1} & set(map_traces), "coastlines and threat sources never change"
    moved = threats.top_threat(before.priorities) != threats.top_threat(after.priorities)
    if not moved.any():  # nobody changed top threat: the map's finding stays, so does its title
        assert "title.text" not in relayed(sent["map"])
        assert all(keys <= {"text"} for keys in map_traces.values())
    assert relayed(sent["priorities"]) == set(), "the heat map's title states no number"
    assert restyled(sent["priorities"]) == {0: {"z"}}
    assert all(keys == {"x"} for keys in restyled(sent["budget"]).values()), "the allies stay put"


def test_sanctions_explorer_levels_follow_the_model():
    ex = sanctions_explorer()
    table = inter.example_alliance()
    key = control_name("Gas-dependent")
    assert set(ex.controls) == {control_name(m) for m in table.member}
    for value in (1.0, 4.5, 8.0):
        ex.controls[key].value = value
        tau = table.dependence.to_numpy().copy()
        tau[-1] = value / 100
        r = inter.collective_sanctions(tau, table.stake)
        levels = ex.figures["levels"]
        assert np.allclose(levels.data[0].y, 100 * r.preferred)
        for k, level in enumerate((r.consensus, r.majority, r.optimal), start=1):
            assert np.allclose(levels.data[k].y, 100 * level)
        assert table.member[r.setter] in levels.layout.title.text.replace("<br>", " ")
        conflict = ex.figures["conflict"]
        assert np.allclose(conflict.data[0].x, 100 * tau)
        assert np.allclose(conflict.data[0].marker.color, 100 * r.preferred)


def test_sanctions_explorer_state_is_the_models_answer():
    ex = sanctions_explorer()
    table = inter.example_alliance()
    ex.controls[control_name("Gas-dependent")].value = 6.0
    ex.controls[control_name("Nordic")].value = 2.5
    pct = {m: ex.controls[control_name(m)].value for m in table.member}
    expected = inter.sanctions_state(list(table.member), table.stake, pct)
    assert ex.state.members == expected.members == tuple(table.member)
    assert np.allclose(ex.state.dependence, expected.dependence)
    tau = np.array([pct[m] for m in table.member]) / 100
    direct = inter.collective_sanctions(tau, table.stake)
    for got, want in zip(ex.state.result, direct):
        assert np.allclose(got, want)
    assert np.allclose(ex.figures["levels"].data[0].y, 100 * direct.preferred)
    assert np.allclose(ex.figures["conflict"].data[0].x, 100 * tau)


@settings(max_examples=30)
@given(st.lists(st.floats(0.0, 10.0), min_size=7, max_size=7), st.randoms(use_true_random=False))
def test_sanctions_state_does_not_depend_on_the_order_of_the_dependences(percent, rnd):
    table = inter.example_alliance()
    members = list(table.member)
    pairs = list(zip(members, percent))
    rnd.shuffle(pairs)
    shuffled = inter.sanctions_state(members, table.stake, dict(pairs))
    ordered = inter.sanctions_state(members, table.stake, dict(zip(members, percent)))
    np.testing.assert_array_equal(shuffled.dependence, np.array(percent) / 100)
    for got, want in zip(shuffled.result, ordered.result):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize(
    "pct, name",
    [
        ({"A": 1.0}, "dependence_pct"),
        ({"A": 1.0, "B": 2.0, "C": 0.5}, "dependence_pct"),
        ({"A": -1.0, "B": 2.0}, "dependence_pct"),
        ([1.0, 2.0], "dependence_pct"),
    ],
)
def test_sanctions_state_refuses_dependences_that_miss_a_member(pct, name):
    with pytest.raises(ValueError, match=name):
        inter.sanctions_state(["A", "B"], [0.05, 0.05], pct)


@pytest.mark.parametrize(
    "member, value", [("Nordic", 2.0), ("Gas-dependent", 7.5), ("Trading power", 0.5)]
)
def test_a_sanctions_step_restyles_only_the_levels_that_moved(member, value):
    ex = sanctions_explorer()
    before = ex.state.result
    with record_updates(ex.figures) as sent:
        ex.controls[control_name(member)].value = value
    after = ex.state.result
    levels = restyled(sent["levels"])
    for k, rule in enumerate(("consensus", "majority", "optimal"), start=1):
        changed = round(100 * getattr(before, rule), 9) != round(100 * getattr(after, rule), 9)
        assert (k in levels) == changed, f"the {rule} line is resent exactly when it moves"
    assert "x" not in levels.get(0, set()), "the members do not change"
    assert 1 not in restyled(sent["conflict"]) or "range" in " ".join(relayed(sent["conflict"]))


def test_germany_explorer_state_is_the_models_and_others_leave_germany_alone():
    ex = germany_explorer()
    with record_updates(ex.figures) as sent:
        ex.controls["others"].value = 0.4
    expected = inter.germany_state(stake=ex.controls["stake"].value, others=0.4)
    assert (ex.state.stake, ex.state.others) == (expected.stake, expected.others)
    pd.testing.assert_frame_equal(ex.state.case, expected.case)
    assert set(restyled(sent["germany"])) <= {2}, (
        "gas dependence and Germany's peak do not depend on the others"
    )
    assert np.allclose(ex.figures["germany"].data[2].y, 100 * expected.case["consensus"])
    with pytest.raises(ValueError, match="others"):
        inter.germany_state(others=1.5)


def test_germany_explorer_follows_the_model():
    ex = germany_explorer()
    ex.controls["stake"].value = 0.9
    ex.controls["others"].value = 0.5
    case = inter.germany_case(stake=0.9, others=0.5)
    fig = ex.figures["germany"]
    assert np.allclose(fig.data[0].y, 100 * case["dependence"])
    assert np.allclose(fig.data[1].y, 100 * case["germany_peak"])
    assert np.allclose(fig.data[2].y, 100 * case["consensus"])


def test_explorers_render_as_widgets():
    for ex in (threat_explorer(), sanctions_explorer(), germany_explorer()):
        bundle = ex._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("module", [threat_checks, inter_checks])
def test_self_study_questions_accept_their_answer_and_reject_another(module):
    qs = module.questions()
    assert 2 <= len(qs) <= 4
    for q in qs:
        assert q.check(q.answer).correct
        wrong = (q.answer + 1) % len(q.options) if hasattr(q, "options") else q.answer * 2 + 1
        assert not q.check(wrong).correct
    assert len(module.quiz().children) == len(qs)


def test_sanction_quiz_agrees_with_the_model():
    qs = inter_checks.questions()
    assert qs[0].answer == pytest.approx(inter.preferred_sanction([0.02], [0.05])[0])
    # Q4's explanation: the optimum is the clipped mean of the unclipped peaks, not the mean of s_i*.
    assert inter.optimal_sanction([3.0, 0.0], [1.0, 1.0]) == 0.0
    assert np.mean(inter.preferred_sanction([3.0, 0.0], [1.0, 1.0])) == 0.5
    assert "unclipped" in qs[3].options[qs[3].answer]
