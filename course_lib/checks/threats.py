"""Check your understanding: lesson 4, divergent threat perceptions (practice, not graded)."""

from __future__ import annotations

import math

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: one weight, long reach, the U.S. spread, gridlock over budgets."""
    return [
        Numeric(
            prompt=(
                "A threat with capability c = 2 lies 500 km from an ally whose reach is "
                "δ = 1,000 km. What weight w = c·exp(-d/δ) does the ally give it?"
            ),
            answer=2 * math.exp(-0.5),
            tolerance=0.01,
            explanation=(
                "w = 2·exp(-500/1000) = 2·exp(-0.5) ≈ 1.21. Half the reach away, a threat keeps "
                "about 61% of its strength; a full reach away it keeps 37%, two reaches away 14%."
            ),
        ),
        MultipleChoice(
            prompt=(
                "Every ally's reach grows without limit (δ → ∞). What happens to the "
                "allies' priorities?"
            ),
            options=[
                "each ally ends up caring only about its nearest threat",
                "they become identical: each threat's share is its capability over the total",
                "they become equal shares, 25% for each of the four threats",
                "nothing: priorities do not depend on reach",
            ],
            answer=1,
            explanation=(
                "As δ grows, exp(-d/δ) tends to 1 for every distance, so w_ij → c_j and every "
                "ally's priorities become c_j / Σc. Geography stops dividing the allies, and the "
                "most capable threat (China in the course's table) comes first everywhere."
            ),
        ),
        MultipleChoice(
            prompt=(
                "In the lesson's model, why are the United States' priorities spread across "
                "all four threats while Poland's are concentrated on Russia?"
            ),
            options=[
                "Washington is closer to every threat than Warsaw is",
                (
                    "the model gives the U.S. a far longer reach, so distance hardly discounts "
                    "any threat and capability decides"
                ),
                "the U.S. has more capability than Poland",
                "the U.S. has no priorities: it is the status quo",
            ],
            answer=1,
            explanation=(
                "Washington is in fact far from all four threats. With a regional reach the U.S. "
                "would rank Russia first, because Moscow is its nearest threat. The model treats "
                "it as a global power instead: its forces and commitments sit next to each threat, "
                "so it gets a reach of about 20,000 km. Every weight then stays near c_j, and the "
                "priorities follow capability."
            ),
        ),
        MultipleChoice(
            prompt=(
                "Members have Euclidean preferences over budget splits. The status quo split "
                "lies inside the convex hull of their ideal splits. Under unanimity, which "
                "new splits can the alliance adopt?"
            ),
            options=[
                "any split between the ideals",
                "the average of the ideals",
                "none: for every other split, some member is worse off",
                "the ideal split of the largest member",
            ],
            answer=2,
            explanation=(
                "A change is possible only in a direction u that every member likes, "
                "u·(x_i - s) > 0 for all i. Such a u exists exactly when s lies outside the hull "
                "of the ideals. Inside the hull every move takes the split away from somebody's "
                "ideal, and that member vetoes it. This is the unanimity gridlock of lesson 6."
            ),
        ),
    ]


def quiz():
    """The questions as widgets, each with a Check button."""
    return _quiz(questions())
