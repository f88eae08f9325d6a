"""Lesson 7 headless: the year slider redraws the scatter and its correlation; figures and checks."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.apps import evidence_explorer
from course_lib.apps.evidence import year_state
from course_lib.checks import evidence as checks
from course_lib.checks.core import MultipleChoice, Numeric
from course_lib.models import evidence
from course_lib.plots import evidence as plots
from explorer_support import record_updates, relayed, restyled


def arr(values, dtype=float) -> np.ndarray:
    return np.asarray(values if values is not None else [], dtype=dtype)


def scatter_points(fig) -> dict[str, tuple[float, float]]:
    """Every point of the scatter (reported and estimated traces) by ISO3 code."""
    points = {}
    for trace in fig.data[:2]:
        for code, x, y in zip(arr(trace.text, object), arr(trace.x), arr(trace.y)):
            points[str(code)] = (x, y)
    return points


@pytest.fixture(scope="module")
def explorer():
    return evidence_explorer()


@pytest.fixture(scope="module")
def series():
    return evidence.exploitation_by_year("sipri").set_index("year")


def test_explorer_has_the_documented_controls_and_figures(explorer):
    assert set(explorer.controls) == {"year"}
    assert set(explorer.figures) == {"scatter", "trend"}
    assert all(isinstance(f, go.FigureWidget) for f in explorer.figures.values())
    assert isinstance(explorer.widget, widgets.Widget)
    slider = explorer.controls["year"]
    assert slider.value == 1964
    assert (slider.min, slider.max) == (1950, 2024)


def check_explorer_shows(explorer, year, series):
    section = evidence.cross_section(year, "sipri")
    expected = {
        c: (g, b) for c, g, b in zip(section["iso3"], section["gdp_musd"], section["burden_pct"])
    }
    shown = scatter_points(explorer.figures["scatter"])
    assert shown.keys() == expected.keys()
    for code, (x, y) in shown.items():
        assert x == pytest.approx(expected[code][0], rel=1e-12)
        assert y == pytest.approx(expected[code][1], rel=1e-12)
    estimated = set(arr(explorer.figures["scatter"].data[1].text, object))
    assert estimated == set(section.loc[section["estimate"], "iso3"])
    row = series.loc[year]
    title = explorer.figures["scatter"].layout.title.text.replace("<br>", " ")
    assert title == plots.scatter_title(year, row["correlation"], row["pvalue"], int(row["n"]))
    assert title.startswith(f"{year}:")
    assert f"{abs(row['correlation']):.2f}" in title and f"{int(row['n'])} Allies" in title
    marker = explorer.figures["trend"].data[-1]
    assert list(marker.x) == [year, year]


@pytest.mark.parametrize("year", [1950, 1964, 1982, 1999, 2023, 2024, 1975])
def test_moving_the_year_redraws_the_scatter_and_the_correlation(explorer, series, year):
    explorer.controls["year"].value = year
    check_explorer_shows(explorer, year, series)


@settings(max_examples=25)
@given(st.integers(1950, 2024))
def test_any_year_on_the_slider(explorer, series, year):
    explorer.controls["year"].value = year
    check_explorer_shows(explorer, year, series)


def test_trend_figure_holds_both_series(explorer, series):
    trend = explorer.figures["trend"]
    sipri = next(t for t in trend.data if t.name == "SIPRI")
    np.testing.assert_array_equal(arr(sipri.x), series.index.to_numpy(dtype=float))
    np.testing.assert_allclose(arr(sipri.y), series["correlation"].to_numpy())
    names = [t.name for t in trend.data]
    assert "NATO" in names and "NATO (estimates)" in names  # 2023-24 drawn apart, dotted
    dotted = next(t for t in trend.data if t.name == "NATO (estimates)")
    assert dotted.line.dash == "dot" and 2024 in arr(dotted.x)


def test_nato_explorer_flags_the_estimates():
    ex = evidence_explorer("nato", 2024)
    scatter = ex.figures["scatter"]
    assert len(arr(scatter.data[0].x)) == 0 and len(arr(scatter.data[1].x)) == 31
    assert scatter.data[1].marker.symbol == "circle-open"
    ex.controls["year"].value = 2022
    assert len(arr(scatter.data[1].x)) == 0 and len(arr(scatter.data[0].x)) == 29
    assert "constant 2015" in scatter.layout.xaxis.title.text
    assert scatter.layout.xaxis.type == "log"


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"source": "imf"}, "source"),
        ({"year": 1900}, "year"),
        ({"source": "nato", "year": 2000}, "year"),
    ],
)
def test_explorer_refuses_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        evidence_explorer(**kwargs)


def test_explorer_state_is_the_models_year_state(explorer):
    explorer.controls["year"].value = 1983
    expected = evidence.year_state(1983, "sipri")
    assert (explorer.state.year, explorer.state.source) == (1983, "sipri")
    pd.testing.assert_frame_equal(explorer.state.section, expected.section)
    assert explorer.state.test == expected.test
    assert expected.test == evidence.exploitation_test(
        expected.section["gdp_musd"], expected.section["burden_pct"]
    )
    with pytest.raises(ValueError, match="source"):
        evidence.year_state(1983, "imf")


@pytest.mark.parametrize(
    "source, year",
    [("sipri", 1950), ("sipri", 1966), ("sipri", 2010), ("nato", 2014), ("nato", 2024)],
)
def test_year_state_takes_the_same_rank_test_as_the_cross_section_gives(source, year):
    s = evidence.year_state(year, source)  # read from the year-by-year table, computed once
    assert s.test == evidence.exploitation_test(s.section["gdp_musd"], s.section["burden_pct"])


def test_a_year_step_moves_only_the_marker_on_the_trend(explorer):
    explorer.controls["year"].value = 1990
    with record_updates(explorer.figures) as sent:
        explorer.controls["year"].value = 1991
    last = len(explorer.figures["trend"].data) - 1
    assert restyled(sent["trend"]) == {last: {"x"}} and relayed(sent["trend"]) == set()
    assert len(sent["scatter"]) == 1
    assert "hovertemplate" not in set().union(*restyled(sent["scatter"]).values())


def test_year_state_without_enough_members_gives_a_readable_title():
    state = year_state(1949)
    assert state.test.n == len(state.section) < 3
    fig = plots.size_burden_figure(state.section, 1949, state.test)
    assert "too few" in fig.layout.title.text.replace("<br>", " ")


# --------------------------------------------------------------------------- static figures
def test_compliance_figure_draws_the_table():
    table = evidence.guideline_compliance("nato")
    fig = plots.compliance_figure(table)
    np.testing.assert_array_equal(arr(fig.data[0].y), table["meeting"].to_numpy())
    np.testing.assert_array_equal(arr(fig.data[1].y), table["members"].to_numpy())
    assert "3 of 27 in 2014" in fig.layout.title.text.replace(
        "<br>", " "
    ) and "23 of 31 in 2024 (estimate)" in fig.layout.title.text.replace("<br>", " ")
    assert list(fig.layout.xaxis.ticktext)[-2:] == ["2023e", "2024e"]
    shapes = list(fig.data[0].marker.pattern.shape)
    assert shapes[-2:] == ["/", "/"] and shapes[0] == ""


def test_threat_distance_figure_draws_the_table():
    table = evidence.burden_change()
    test = evidence.distance_change_test(table)
    fig = plots.threat_distance_figure(table, test)
    xs = np.concatenate([arr(t.x) for t in fig.data])
    ys = np.concatenate([arr(t.y) for t in fig.data])
    assert sorted(xs) == pytest.approx(sorted(table["km_to_threat"]))
    assert sorted(ys) == pytest.approx(sorted(table["change_pp"]))
    assert "nearer Moscow" in fig.layout.title.text.replace(
        "<br>", " "
    ) and "31 Allies" in fig.layout.title.text.replace("<br>", " ")
    assert "km" in fig.layout.xaxis.title.text and "points of GDP" in fig.layout.yaxis.title.text


def test_regional_figure_has_one_line_per_region_and_the_details():
    frame = evidence.regional_burden("sipri")
    fig = plots.regional_figure(frame, detail=evidence.burden_series(["JPN", "KOR"]))
    names = [t.name for t in fig.data]
    assert names == [*evidence.REGIONS, "JPN", "KOR"]
    usa = frame[frame["region"] == "United States"]
    np.testing.assert_allclose(arr(fig.data[0].y), usa["burden_pct"].to_numpy())
    assert "% of GDP" in fig.layout.yaxis.title.text


def test_burden_lines_mark_estimates_dotted():
    wide = evidence.burden_series(["POL", "DEU"], "nato")
    fig = plots.burden_lines_figure(wide, title="t", source="NATO", estimate_from=2023)
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert len(dotted) == 2 and all(min(arr(t.x)) == 2022 for t in dotted)


# --------------------------------------------------------------------------- checks
def test_questions_accept_their_answers_and_reject_others():
    questions = checks.questions()
    assert 2 <= len(questions) <= 4
    for q in questions:
        if isinstance(q, Numeric):
            assert q.check(q.answer).correct and not q.check(q.answer + 1).correct
            assert q.answer == len(evidence.allies_meeting(2014, "nato"))
        else:
            assert isinstance(q, MultipleChoice)
            assert q.check(q.answer).correct
            wrong = (q.answer + 1) % len(q.options)
            assert not q.check(wrong).correct


def test_quiz_builds_widgets_that_give_feedback():
    box = checks.quiz()
    assert isinstance(box, widgets.VBox) and len(box.children) == len(checks.questions())
    first = box.children[0]
    first.control.value = str(len(evidence.allies_meeting(2014, "nato")))
    first.check_button.click()
    assert "Correct" in first.feedback.value
