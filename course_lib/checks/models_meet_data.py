"""Check your understanding: lesson 9, the models meet the data (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: inverting the first-order condition, zero spenders, joint products, a U.S. cut."""
    return [
        Numeric(
            prompt=(
                "In the pure model, an ally with GDP 50 spends 1 on defence while the alliance "
                "total is 100. What taste for security a reproduces its spending? "
                "(Use a = Q / (Q + I - q).)"
            ),
            answer=100 / 149,
            tolerance=0.001,
            explanation=(
                "The first-order condition of a contributor is I - q = rQ with r = (1 - a)/a, so "
                "r = 49/100 and a = 1/(1 + r) = 100/149 ≈ 0.671. A small ally needs a taste far above "
                "its 2% burden: alone it would spend two thirds of its GDP on defence. That is how "
                "far the pure model must stretch to explain a small ally that spends at all."
            ),
        ),
        MultipleChoice(
            prompt=(
                "In the pure model, an ally spends nothing. Which taste does the calibration give it?"
            ),
            options=[
                "zero",
                "the largest taste at which it still free-rides, Q / (Q + I)",
                "the same taste as the largest ally",
                "none: the calibration fails",
            ],
            answer=1,
            explanation=(
                "Any taste up to Q/(Q + I) makes spending nothing a best response, so the data only "
                "bound the taste from above. The calibration reports that bound: the ally is exactly "
                "indifferent about contributing its first unit."
            ),
        ),
        MultipleChoice(
            prompt=(
                "Why does the joint-product model predict that every ally spends something, "
                "however small?"
            ),
            options=[
                "because it assumes a minimum budget",
                "because part of the benefit of defence goes only to the spender, and the first "
                "unit of a private good is worth a great deal",
                "because the United States requires it",
                "because the alliance total is smaller",
            ],
            answer=1,
            explanation=(
                "With a private share s > 0 utility contains q_i^(a s), whose marginal value is "
                "unbounded at q_i = 0. However much the others spend, an ally's own territorial "
                "defence is not covered by them, so it buys some."
            ),
        ),
        MultipleChoice(
            prompt=(
                "The United States cuts its spending. Compared with the pure model, how much of "
                "the cut do the allies make up in a calibrated joint-product model?"
            ),
            options=["more", "the same", "less", "all of it"],
            answer=2,
            explanation=(
                "In the pure model every ally's spending is pure public good, so it replaces the "
                "missing U.S. dollars almost one for one (the allies' calibrated tastes are high). "
                "With private benefits much of each budget is bought for its own sake and does not "
                "respond to what the United States does, so the alliance total falls further."
            ),
        ),
    ]


def quiz():
    """The lesson's questions as widgets, each with a Check button and immediate feedback."""
    return _quiz(questions())
