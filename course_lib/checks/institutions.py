"""Check your understanding: lesson 6, institutional inertia (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: a veto at an ideal point, the slowest of four, a large majority, interoperability."""
    return [
        MultipleChoice(
            prompt=(
                "The policy in force sits exactly at Poland's ideal point. The alliance decides "
                "by unanimity. Which proposals can replace it?"
            ),
            options=[
                "any proposal closer to the average ally",
                "none: Poland is worse off under every other policy and vetoes it",
                "only proposals backed by the United States",
                "any proposal that a majority prefers",
            ],
            answer=1,
            explanation=(
                "A member's own ideal point lies in the convex hull of the members' ideal points, so "
                "the status quo is gridlocked. Directly: any change moves the policy away from "
                "Poland's ideal, so Poland would be worse off and says no."
            ),
        ),
        Numeric(
            prompt=(
                "Four allies must all ratify. Each one's time to ratify is exponential with a "
                "mean of 12 days, independently of the others. How many days should the "
                "alliance expect to wait?"
            ),
            answer=25.0,
            tolerance=0.01,
            explanation=(
                "Unanimity waits for the slowest: E[max] = μ·H_4 = 12·(1 + 1/2 + 1/3 + 1/4) = 25 "
                "days, more than twice one ally's mean. The first assent comes after 12/4 = 3 "
                "days on average; each later one takes longer, because fewer allies are left to "
                "be the next."
            ),
        ),
        MultipleChoice(
            prompt=(
                "The alliance keeps growing: 32, then 64, then 128 members. What happens to the "
                "expected delay of a decision that needs 55 % of the members?"
            ),
            options=[
                "it grows without limit, like unanimity's",
                "it levels off near μ·ln(1/0.45), about 0.8 times one ally's mean",
                "it falls towards zero",
                "it doubles with every doubling of the membership",
            ],
            answer=1,
            explanation=(
                "A fixed share of members is a quantile: with many members the 55 % quantile of "
                "the assent times settles at its population value, μ·ln(1/(1 - 0.55)) ≈ 0.8μ. "
                "Unanimity is the maximum, which keeps growing like μ·ln n."
            ),
        ),
        Numeric(
            prompt=(
                "A navy runs five frigate types, each one fifth of the fleet. What is the chance "
                "that two frigates picked at random are of the same type? (A number between 0 "
                "and 1.)"
            ),
            answer=0.2,
            tolerance=0.01,
            explanation=(
                "Interoperability is the sum of squared shares: 5 × (1/5)² = 1/5 = 0.2. With k "
                "equal types it is 1/k, and no mix of k types can do worse."
            ),
        ),
    ]


def quiz():
    """The lesson's questions as widgets, each with a Check button."""
    return _quiz(questions())
