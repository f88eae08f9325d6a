"""Check your understanding: lesson 2, the leadership trap (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: crowding out, the twin-challenge condition, the threat, the credible threat."""
    return [
        Numeric(
            prompt=(
                "Three allies contribute, each with taste for security a = 0.25. The hegemon "
                "adds one more unit of spending. By how much does the alliance total rise?"
            ),
            answer=0.1,
            tolerance=0.01,
            explanation=(
                "Each contributor has r = (1 - a)/a = 3, so dQ/dq_H = 1/(1 + 3 + 3 + 3) = 0.1. "
                "Nine tenths of the hegemon's extra unit is offset by the three allies cutting "
                "back, as long as all three keep contributing."
            ),
        ),
        MultipleChoice(
            prompt=(
                "In the lesson's presets Europe has a twin-challenge threshold (beyond some allied "
                "share, shifting burden costs Washington more influence than it saves) and the "
                "Indo-Pacific has none. What produces the difference in the model?"
            ),
            options=[
                "the Indo-Pacific threat is twice as large",
                "the Indo-Pacific allies are too poor to carry enough of the burden",
                (
                    "the Indo-Pacific allies field more on their own (the preset's taste 0.5 against "
                    "0.3) and each unit costs more there, so φ < c·Q(0)"
                ),
                "Washington's influence is worth nothing in Asia",
            ],
            answer=2,
            explanation=(
                "The influence lost per unit shifted is largest when the allies carry everything, where "
                "it is φ/Q(0), Q(0) being what they field alone. So a threshold exists iff φ > c·Q(0). "
                "The threat does not enter. Europe: 6 > 1 × 5.00. Indo-Pacific: 6 < 1.425 × 6.91 = 9.85; "
                "its allies are poorer but field more alone, because the preset judges their taste for "
                "security to be 0.5. With Europe's taste, 0.3, they would have a threshold too."
            ),
        ),
        MultipleChoice(
            prompt=(
                "In the lesson's Europe preset the threat T rises a little, from 5 to 5.25. "
                "What does the hegemon's best commitment do?"
            ),
            options=[
                "it falls: the allies will make up the difference",
                "it rises: deterrence is worth more at the margin where the total now sits",
                "it stays the same: the allies absorb any change in the threat",
                "it drops to zero: the threat has become too large to deter",
            ],
            answer=1,
            explanation=(
                "At the optimum the total is above the threat, on the flattening part of the "
                "S-shaped deterrence curve. Moving the threat up makes the curve steeper there, "
                "so each unit of spending buys more deterrence and the hegemon spends more. "
                "Giving up altogether happens only when the threat is so large that deterring it "
                "is no longer worth the cost (the tests show where)."
            ),
        ),
        MultipleChoice(
            prompt=(
                "The hegemon threatens to leave unless the allies take over part of its "
                "spending. When is the threat empty?"
            ),
            options=[
                "when the allies are poorer than the hegemon",
                (
                    "when the hegemon's loss from the alliance collapsing exceeds its cost of "
                    "tolerating the free riders"
                ),
                "when the cost of tolerating the free riders exceeds the loss from collapse",
                "never: a threat once made must be carried out",
            ],
            answer=1,
            explanation=(
                "Solve backwards. If the allies refuse, the hegemon compares leaving with staying "
                "(lesson 1's first question: does it stay?). When collapse would cost it more than "
                "putting up with free riders, it stays, so the allies know a refusal costs them "
                "nothing: pressing carries no risk of collapse and no chance of a fair share. They "
                "refuse, and do just enough to keep the hegemon engaged: here, nothing more."
            ),
        ),
    ]


def quiz():
    """The lesson's questions as widgets, each with a Check button and immediate feedback."""
    return _quiz(questions())
