"""Check your understanding: lesson 0, start here (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """One question: a defence burden in % of GDP."""
    return [
        Numeric(
            prompt="An ally with a GDP of 800 spends 12 on defence. What is its burden, in % of GDP?",
            answer=1.5,
            explanation="12 / 800 = 0.015, that is 1.5% of GDP: below the 2% guideline.",
        ),
    ]


def quiz():
    """The lesson's question as a widget with a Check button and immediate feedback."""
    return _quiz(questions())
