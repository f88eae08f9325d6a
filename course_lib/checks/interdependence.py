"""Check your understanding: lesson 5, economic interdependence (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: a preferred level, consensus and majority, decoupling, the optimum."""
    return [
        Numeric(
            prompt=(
                "An ally's security stake is θ = 5% of GDP and its trade with the adversary "
                "is τ = 2% of GDP. What sanction intensity s* = 1 - τ/θ does it prefer "
                "(as a fraction between 0 and 1)?"
            ),
            answer=0.6,
            tolerance=0.01,
            explanation=(
                "s* = 1 - 0.02/0.05 = 0.6. The marginal gain θ(1 - s) equals the marginal cost τ "
                "at 60% of a full embargo. Were τ at least θ, the ally would want no sanction "
                "at all."
            ),
        ),
        Numeric(
            prompt=(
                "Five members prefer sanction levels 0.9, 0.8, 0.7, 0.3 and 0.1. What level "
                "does the alliance adopt under a majority vote?"
            ),
            answer=0.7,
            tolerance=0.001,
            explanation=(
                "The median peak, 0.7, beats every other level in a pairwise vote: three members "
                "(0.9, 0.8, 0.7) oppose going lower and three (0.7, 0.3, 0.1) oppose going higher. "
                "Under consensus the level would be 0.1, set by the least willing member."
            ),
        ),
        MultipleChoice(
            prompt=(
                "The most dependent member cuts its dependence on the adversary, as Germany "
                "did with Russian gas in 2022, and nothing else changes. What happens to the "
                "consensus sanction level?"
            ),
            options=[
                "it may fall, because the other members relax",
                "it rises, or stays the same if another member's peak now binds",
                "it always rises to the optimum",
                "it does not change: consensus ignores dependence",
            ],
            answer=1,
            explanation=(
                "Each peak 1 - τ_i/θ_i falls as τ_i rises, so a lower τ raises that member's peak. "
                "The consensus level is the minimum of the peaks. It rises until the next least "
                "willing member sets it, and it never falls."
            ),
        ),
        MultipleChoice(
            prompt="Why is the consensus level never above the optimal level?",
            options=[
                "because the optimum is always a full embargo",
                (
                    "because the optimum is the θ-weighted mean of the unclipped peaks "
                    "1 - τ_i/θ_i, clipped to [0, 1]; that mean is never below the smallest "
                    "unclipped peak, and clipping keeps the order"
                ),
                (
                    "because the optimum is the θ-weighted mean of the members' preferred "
                    "levels s_i*, and no average is below the smallest of them"
                ),
                "it can be above it when one member is very dependent",
            ],
            answer=1,
            explanation=(
                "Maximising Σ u_i gives Σθ_i(1 - s) = Στ_i, so s_O = 1 - Στ/Σθ, clipped to [0, 1]. "
                "Before clipping that is the θ-weighted mean of the unclipped peaks 1 - τ_i/θ_i, "
                "which is at least the smallest of them; clipping both to [0, 1] keeps the order, "
                "so s_O ≥ s_C. It is not the mean of the clipped peaks s_i*: with θ = (1, 1) and "
                "τ = (3, 0) the peaks are 0 and 1, their mean 0.5, yet s_O = 0, because any "
                "sanction costs the first member more than it gains the second."
            ),
        ),
    ]


def quiz():
    """The questions as widgets, each with a Check button."""
    return _quiz(questions())
