"""Check your understanding: lesson 7, the evidence (practice, not graded).

The answers that are numbers are read from the data through
:mod:`course_lib.models.evidence`, so they stay right if the data are updated.
"""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz
from course_lib.models import evidence

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: counting 2% compliers, reading the correlation's trend, geography, Iceland."""
    met_2014 = evidence.allies_meeting(2014, "nato")
    series = evidence.exploitation_by_year("sipri").set_index("year")
    early, late = series.loc[1964], series.loc[2024]
    period = evidence.period_test(1950, 1966, "sipri")
    change = evidence.burden_change(2014, 2024, "nato")
    gradient = evidence.distance_change_test(change)
    top = ", ".join(change["country"].head(4))
    return [
        Numeric(
            prompt=(
                "In NATO's figures for 2014, the year of the Wales pledge, how many Allies "
                "spent at least 2% of GDP on defence?"
            ),
            answer=float(len(met_2014)),
            tolerance=0.0,
            explanation=(
                f"{len(met_2014)}: {', '.join(met_2014)}. Count only members that year with a figure "
                "(Iceland has none), and compare the unrounded share with 2."
            ),
        ),
        MultipleChoice(
            prompt=(
                f"SIPRI's data give a rank correlation between GDP and burden of "
                f"{early['correlation']:+.2f} across NATO's members in 1964 and "
                f"{late['correlation']:+.2f} in 2024. Which reading fits best?"
            ),
            options=[
                "Olson and Zeckhauser were wrong from the start",
                (
                    "The exploitation of the great by the small was visible in the early "
                    "Cold War and has faded: size no longer predicts who carries the heavier "
                    "burden"
                ),
                "Today the small allies exploit nobody because they all spend 2%",
                "The correlation says nothing, because it uses ranks rather than dollars",
            ],
            answer=1,
            explanation=(
                f"In 1964 the correlation was positive (p = {early['pvalue']:.2f}, {int(early['n'])} "
                "members): only about that share of random pairings of the members' sizes with their "
                "burdens gives a correlation as far from zero. One year among many is weak evidence "
                "on its own, but the period 1950-66 tested as a whole gives "
                f"p = {period.pvalue:.4f}: the large carried more. By 2024 the correlation is close "
                f"to zero (p = {late['pvalue']:.2f}). The public-good logic has not vanished, but burdens "
                "now follow other forces too, such as how close the threat is and national "
                "pledges. Ranks are the right tool here: they are not swamped by the U.S. economy."
            ),
        ),
        MultipleChoice(
            prompt="Between 2014 and 2024, which Allies raised their defence burden the most?",
            options=[
                "the largest economies",
                "those nearest Russia: Poland and the Baltic states",
                "the southern Allies, Spain and Italy",
                "those farthest from Russia, such as Canada and the United States",
            ],
            answer=1,
            explanation=(
                f"The largest rises were in {top}. Across all Allies the rank correlation between "
                f"distance from Moscow and the rise in burden is {gradient.correlation:+.2f}: the "
                "threat lesson's loss-of-strength gradient, seen in the data. The rise came "
                "where the threat became direct."
            ),
        ),
        MultipleChoice(
            prompt=(
                "SIPRI's workbook records Iceland's military spending as 0. How should a rank "
                "test of size against burden treat Iceland?"
            ),
            options=[
                "as the ally with the lowest burden (0%)",
                "leave it out: Iceland has no armed forces, so the zero means 'no figure'",
                "give it the alliance's average burden",
                "count it as meeting the 2% guideline",
            ],
            answer=1,
            explanation=(
                "Iceland has no military, so there is no defence budget to compare with its GDP. "
                "The course's loaders turn SIPRI's literal zeros into missing values, and every "
                "test here leaves missing values out."
            ),
        ),
    ]


def quiz():
    """The lesson's questions as widgets, each with a Check button and immediate feedback."""
    return _quiz(questions())
