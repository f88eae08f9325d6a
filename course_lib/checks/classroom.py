"""Check your understanding: lesson 8, the classroom experiment's debrief (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Two questions: the best response in the equal treatment, who free-rides in the unequal one."""
    return [
        MultipleChoice(
            prompt=(
                "Four equal allies (income 100, taste 1/2) each spend 20 in Nash. "
                "You alone spend more than 20. Your points:"
            ),
            options=["fall", "rise", "do not change"],
            answer=0,
            explanation="20 is your best response to the others' 60: any other choice earns less.",
        ),
        MultipleChoice(
            prompt="In the unequal treatment, who does the model predict spends nothing?",
            options=["the smallest income", "the largest income", "nobody"],
            answer=0,
            explanation="Only allies whose income exceeds r times the total contribute.",
        ),
    ]


def quiz():
    """The debrief's questions as widgets, each with a Check button and immediate feedback."""
    return _quiz(questions())
