"""Check your understanding: lesson 3, path dependence (practice, not graded)."""

from __future__ import annotations

from course_lib.checks.core import MultipleChoice, Numeric, Question
from course_lib.checks.core import quiz as _quiz

__all__ = ["questions", "quiz"]


def questions() -> list[Question]:
    """Four questions: a Beta count, an adaptive update, history and the gap, a gap that never closes."""
    return [
        Numeric(
            prompt=(
                "Allies count years with a uniform prior (one 'showed up', one 'did not') and "
                "have seen 70 years in which the hegemon always showed up. Then it delivers "
                "half its usual commitment for 10 years. What is their belief now?"
            ),
            answer=76 / 82,
            tolerance=0.005,
            explanation=(
                "Alpha = 1 + 70 + 10 × 0.5 = 76 and beta = 1 + 10 × 0.5 = 6, so the belief is "
                "76/82 ≈ 0.927. Ten years of half-hearted leadership have moved it by only about "
                "six points from 71/72 ≈ 0.986: the weight of news falls with the years remembered."
            ),
        ),
        Numeric(
            prompt=(
                "Allies with adaptive expectations (learning rate λ = 0.2) start fully "
                "confident (belief 1). The hegemon now delivers half its commitment every year. "
                "What is their belief after three years?"
            ),
            answer=0.5 + 0.5 * 0.8**3,
            tolerance=0.005,
            explanation=(
                "Each year closes a fraction λ of the distance to 0.5: b = 0.5 + 0.5 × 0.8³ = 0.756. "
                "Old years fade geometrically, so after about ten years the belief is within 0.06 "
                "of the truth, however long the history before."
            ),
        ),
        MultipleChoice(
            prompt=(
                "The hegemon steps back after 10 years of leadership in one world and after 70 "
                "in another. The allies count years (Beta-Bernoulli). Where does the security "
                "gap last longer?"
            ),
            options=[
                "after 10 years: the allies have had less time to get used to the hegemon",
                "after 70 years: the long record outweighs the new evidence for decades",
                "the same in both: only the size of the cut matters",
                "neither: allies react at once to what the hegemon does",
            ],
            answer=1,
            explanation=(
                "With counting, each new year weighs 1/(years remembered). After 70 years the allies "
                "discount the first years of the step back as an exception, keep spending as if the "
                "hegemon will fill the gap, and the gap stays open far longer. That is path "
                "dependence: the longer the leadership, the harder it is to hand over."
            ),
        ),
        MultipleChoice(
            prompt=(
                "In the Indo-Pacific preset the hegemon cuts its spending by half, and the gap "
                "never closes, even with allies who learn at once (λ = 1). Why?"
            ),
            options=[
                "the allies never find out",
                (
                    "even with right beliefs the allies' best response leaves the total below "
                    "the threat: they are too few and too poor to fill the gap"
                ),
                "the hegemon keeps spending more",
                "beliefs cannot fall below one half",
            ],
            answer=1,
            explanation=(
                "Learning only moves the allies to their long-run answer, the free-rider "
                "equilibrium with the hegemon's new, lower spending. In the Indo-Pacific preset that "
                "total is below the threat: the gap is not a learning problem but a capacity one."
            ),
        ),
    ]


def quiz():
    """The lesson's questions as widgets, each with a Check button and immediate feedback."""
    return _quiz(questions())
