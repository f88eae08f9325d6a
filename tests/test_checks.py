"""The self-check questions of lessons 0 and 8 say what the models and the data say."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.checks import classroom as classroom_checks
from course_lib.checks import start_here
from course_lib.data import load_classroom_session
from course_lib.models import classroom


def test_start_here_burden_is_spending_over_gdp():
    (question,) = start_here.questions()
    assert question.answer == pytest.approx(100 * 12 / 800)
    assert question.check("1.5").correct and not question.check("2").correct


def test_classroom_equal_treatment_nash_is_each_players_best_response():
    incomes, taste = np.full(4, 100.0), 0.5
    nash = classroom.predicted_contributions(incomes, taste)
    assert nash == pytest.approx(20.0)  # the number the question states
    at_nash = classroom.payoffs(nash, incomes, taste)[0]
    for more in (20.5, 25.0, 40.0, 100.0):
        deviation = classroom.payoffs(np.r_[more, nash[1:]], incomes, taste)[0]
        assert deviation < at_nash
    question = classroom_checks.questions()[0]
    assert question.options[question.answer] == "fall"


def test_classroom_unequal_treatment_free_rider_is_the_smallest_income():
    frame = load_classroom_session()
    group = frame[(frame.treatment == "unequal") & (frame["round"] == frame["round"].min())]
    group = group[group.group == group.group.min()]
    incomes, taste = group.income.to_numpy(), float(group.taste.iloc[0])
    predicted = classroom.predicted_contributions(incomes, taste)
    zero = predicted == 0
    assert zero.any() and np.all(incomes[zero] < incomes[~zero].min())
    question = classroom_checks.questions()[1]
    assert question.options[question.answer] == "the smallest income"


@pytest.mark.parametrize("module", [start_here, classroom_checks], ids=lambda m: m.__name__)
def test_quiz_shows_every_question(module):
    box = module.quiz()
    assert len(box.children) == len(module.questions())
