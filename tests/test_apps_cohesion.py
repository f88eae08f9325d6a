"""Lessons 4 and 5, headless: move a control, and the FigureWidgets show the model's new answer.

Also checks the plots' trace layout and the self-study questions.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from course_lib.apps.interdependence import control_name, germany_explorer, sanctions_explorer
from course_lib.apps.threats import threat_explorer
from course_lib.checks import interdependence as inter_checks
from course_lib.checks import threats as threat_checks
from course_lib.models import interdependence as inter
from course_lib.models import threats


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


@pytest.mark.parametrize("control, value, kwargs", [
    ("reach", 3000.0, {"reach": 3000.0}),
    ("reach", 200.0, {"reach": 200.0}),
    ("us_reach", 1000.0, {"global_reach": 1000.0}),
    ("sahel", 1.5, {"capability": {"SAH": 1.5}}),
])
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
    assert not any(getattr(geo, f"show{layer}") for layer in layers), "plotly.js would fetch topojson"
    assert len(fig.data[0].lon) > 5000  # the shipped coastlines


def test_longer_reach_moves_italy_to_russia_on_the_map():
    ex = threat_explorer()
    assert map_top_threats(ex.figures["map"])["ITA"] == "SAH"
    ex.controls["reach"].value = 3000.0
    assert map_top_threats(ex.figures["map"])["ITA"] == "RUS"
    assert "Russia" in ex.figures["map"].layout.title.text.replace("<br>", " ")


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
