"""Check your understanding: lesson 1, the free-rider dilemma (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: the symmetric equilibrium, who drops out, alliance size, a threat shock."""
    return [
        Numeric(
            prompt=(
                "Four identical allies each have income I = 100 and taste for security "
                "a = 0.2. How much does each one spend on defence in the Nash equilibrium?"
            ),
            answer=100 / 17,
            tolerance=0.01,
            explanation=(
                "Here r = (1 - a)/a = 4, so the alliance total is Q* = nI/(1 + nr) = 400/17 ≈ 23.5 "
                "and each ally spends I/(1 + nr) = 100/17 ≈ 5.88, a burden of 5.9%. Alone, each "
                "would spend aI = 20. The efficient total is a·nI = 80, more than three times Q*."
            ),
        ),
        MultipleChoice(
            prompt=(
                "Every ally has the same taste for security. Start from equal incomes and make "
                "them more and more unequal (the total stays the same). Who stops contributing "
                "first?"
            ),
            options=[
                "the largest ally",
                "the smallest ally",
                "the ally with the median income",
                "nobody: they all cut back in proportion",
            ],
            answer=1,
            explanation=(
                "An ally contributes only while its income exceeds r·Q*, and with a common taste "
                "that threshold is the same for everybody. The smallest income falls below it "
                "first; the large allies then make up part of the difference. That is the "
                "exploitation of the great by the small."
            ),
        ),
        MultipleChoice(
            prompt=(
                "An alliance of identical allies grows from 16 to 32 members. What happens to "
                "the shortfall, the efficient total minus the equilibrium total?"
            ),
            options=[
                "it shrinks, because more members share the cost",
                "it stays the same",
                "it grows: the efficient total doubles while the equilibrium total hardly moves",
                "it disappears once the alliance is large enough",
            ],
            answer=2,
            explanation=(
                "The efficient total a·nI grows in proportion to n. The equilibrium total "
                "nI/(1 + nr) never exceeds I/r, whatever the size, because each new member's "
                "spending is offset by everybody else's cuts. So the gap widens with every member."
            ),
        ),
        MultipleChoice(
            prompt=(
                "A direct threat raises the taste for security of the frontline allies only. "
                "In the new equilibrium, what do the allies away from the frontline do?"
            ),
            options=[
                "they spend more as well",
                "they spend exactly as before",
                "those who were paying spend less, and some stop altogether",
                "they must leave the alliance",
            ],
            answer=2,
            explanation=(
                "The frontline allies spend more, so the alliance total Q* rises. A contributor "
                "away from the frontline spends I - r·Q*, which falls as Q* rises: its spending is "
                "crowded out (allies who paid nothing still pay nothing). The total still rises, but by "
                "less than the frontline's increase."
            ),
        ),
    ]


def quiz():
    """The lesson's questions as widgets, each with a Check button and immediate feedback."""
    return _quiz(questions())
