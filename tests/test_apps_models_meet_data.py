"""Lesson 9 headless: the explorer draws what the models say, the figures are labelled, the quiz grades."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from course_lib.apps.models_meet_data import calibration_explorer, year_state
from course_lib.checks import models_meet_data as checks
from course_lib.checks.core import MultipleChoice, Numeric
from course_lib.models import calibration as cal
from course_lib.models import evidence
from course_lib.models import joint_product as jp
from course_lib.plots import models_meet_data as plots
from explorer_support import record_updates, restyled


@pytest.fixture(scope="module")
def explorer():
    return calibration_explorer()


def model_answer(year, share, cut):
    cs = evidence.cross_section(year, "nato")
    gdp, q = cs.gdp_musd.to_numpy(), cs.spending_musd.to_numpy()
    taste, _ = cal.best_common_taste(gdp, q, share)
    predicted = 100 * jp.nash_contributions(gdp, taste, share) / gdp
    usa = int(np.flatnonzero(cs.iso3 == "USA")[0])
    return cs, predicted, cal.us_cut(gdp, q, usa, cut, share), usa


def test_explorer_has_the_documented_controls_and_figures(explorer):
    assert set(explorer.controls) == {"year", "private_share", "us_cut"}
    assert set(explorer.figures) == {"burdens", "counterfactual"}
    assert all(isinstance(f, go.FigureWidget) for f in explorer.figures.values())
    assert (explorer.controls["year"].min, explorer.controls["year"].max) == (2014, 2024)


@pytest.mark.parametrize(
    ("year", "share", "cut"), [(2016, 0.3, 0.1), (2024, 0.0, 0.5), (2022, 0.6, 0.25)]
)
def test_moving_the_sliders_redraws_the_model_answer(explorer, year, share, cut):
    explorer.controls["year"].value = year
    explorer.controls["private_share"].value = share
    explorer.controls["us_cut"].value = cut
    cs, predicted, cf, usa = model_answer(year, share, cut)
    burdens = explorer.figures["burdens"]
    np.testing.assert_allclose(burdens.data[0].y, 100 * cs.spending_musd / cs.gdp_musd)
    np.testing.assert_allclose(burdens.data[1].y, predicted, rtol=1e-9)
    assert list(burdens.data[0].text) == list(cs.iso3)
    assert str(year) in burdens.layout.title.text
    bars = explorer.figures["counterfactual"].data[0]
    others = np.arange(len(cs)) != usa
    expected = dict(zip(cs.iso3[others], (cf.spending_after - cf.spending_before)[others] / 1000))
    assert dict(zip(bars.x, bars.y)) == pytest.approx(expected)
    assert f"{100 * cut:.0f}% U.S. cut" in explorer.figures["counterfactual"].layout.title.text


def test_explorer_state_is_the_models_calibration_state(explorer):
    explorer.controls["year"].value = 2019
    explorer.controls["private_share"].value = 0.4
    explorer.controls["us_cut"].value = 0.15
    s = explorer.state
    assert (s.year, s.private_share, s.us_cut) == (2019, 0.4, 0.15)
    cs, predicted, cf, usa = model_answer(2019, 0.4, 0.15)
    assert list(s.names) == list(cs.iso3) and s.hegemon == usa
    np.testing.assert_allclose(s.predicted, predicted, rtol=1e-9)
    np.testing.assert_allclose(s.counterfactual.spending_after, cf.spending_after)
    np.testing.assert_allclose(explorer.figures["burdens"].data[1].y, s.predicted)


def test_a_cut_step_leaves_the_burdens_figure_alone(explorer):
    explorer.controls["us_cut"].value = 0.1
    with record_updates(explorer.figures) as sent:
        explorer.controls["us_cut"].value = 0.35
    assert sent["burdens"] == [], "observed and predicted burdens do not depend on the U.S. cut"
    assert set(restyled(sent["counterfactual"])) == {0}
    with record_updates(explorer.figures) as sent:
        explorer.controls["private_share"].value = (
            0.55 if explorer.controls["private_share"].value != 0.55 else 0.5
        )
    assert 0 not in restyled(sent["burdens"]), (
        "the observed burdens do not depend on the private share"
    )


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"private_share": 1.0}, "private_share"),
        ({"us_cut": 1.5}, "us_cut"),
        ({"year": 2010}, "year"),
    ],
)
def test_calibration_state_refuses_bad_controls(kwargs, name):
    with pytest.raises(ValueError, match=name):
        cal.calibration_state(**kwargs)


def test_pure_model_title_counts_the_free_riders():
    s = year_state(2024, 0.0, 0.2)
    fig = plots.burdens_figure(
        s.names, s.gdp, s.observed, s.predicted, year=2024, private_share=0.0
    )
    zero = int(np.count_nonzero(s.predicted < 1e-6))
    assert zero > 20
    assert f"{zero} of {len(s.names)}" in fig.layout.title.text.replace("<br>", " ")


def test_figures_carry_units_and_refuse_mismatched_arrays():
    fig = plots.counterfactual_figure(["A", "B"], [1.0, 2.0], [1.5, 1.0], hegemon=1, cut=0.5)
    assert "billion" in fig.layout.yaxis.title.text
    assert "make up 50%" in fig.layout.title.text.replace("<br>", " ")
    with pytest.raises(ValueError, match="names must have one entry per ally"):
        plots.burdens_figure(
            ["A"], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0], year=2020, private_share=0.1
        )


def test_quiz_answers_are_right_and_wrong_answers_are_told_so():
    qs = checks.questions()
    assert 2 <= len(qs) <= 4
    numeric = [q for q in qs if isinstance(q, Numeric)][0]
    assert numeric.answer == pytest.approx(cal.calibrate_tastes([50.0, 200.0], [1.0, 99.0])[0])
    for q in qs:
        assert q.check(q.answer).correct
        if isinstance(q, MultipleChoice):
            wrong = (q.answer + 1) % len(q.options)
            assert not q.check(wrong).correct
    assert checks.quiz() is not None
