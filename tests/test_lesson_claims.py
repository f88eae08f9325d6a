"""Every number a lesson's prose quotes is recomputed here from the model or the data.

The claims themselves sit in ``tests/claims/lesson_NN.py`` (see ``claims_support``): one
module per lesson, each claim beside the sentence it guards.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from claims_support import LessonClaims, markdown, squash, uncovered_numbers
from course_support import LESSONS

CLAIMS_DIR = Path(__file__).parent / "claims"


def load(path: Path) -> LessonClaims:
    spec = importlib.util.spec_from_file_location(f"claims_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return LessonClaims(module.LESSON, list(module.CLAIMS), list(getattr(module, "NOT_CLAIMS", [])))


MODULES = sorted(CLAIMS_DIR.glob("lesson_*.py"))
ALL = [load(p) for p in MODULES]
BY_LESSON = {c.lesson: c for c in ALL}
CASES = [(c.lesson, i, claim) for c in ALL for i, claim in enumerate(c.claims)]


def test_every_lesson_has_a_claims_module():
    lessons = {p.stem for p in LESSONS}
    assert lessons <= set(BY_LESSON), (
        f"lessons without tests/claims/lesson_NN.py: {sorted(lessons - set(BY_LESSON))}"
    )


@pytest.mark.parametrize(
    ("lesson", "index", "claim"), CASES, ids=[f"{lesson}-{i}" for lesson, i, _ in CASES]
)
def test_claim_holds(lesson, index, claim):
    prose = " ".join(markdown(lesson))
    quote = squash(claim.quote)
    assert quote in prose, f"{lesson}: the quoted sentence is no longer in the lesson: {quote!r}"
    for expected in claim.check():
        assert str(expected) in quote, (
            f"{lesson}: the prose says {quote!r}, but the model or data give {expected!r}"
        )


@pytest.mark.parametrize("lesson", sorted(BY_LESSON))
def test_every_number_in_the_prose_is_claimed(lesson):
    entry = BY_LESSON[lesson]
    missing = uncovered_numbers(
        lesson, [c.quote for c in entry.claims], [n.text for n in entry.not_claims]
    )
    assert not missing, f"{lesson}: numbers in the prose that no claim recomputes:\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("lesson", sorted(BY_LESSON))
def test_exemptions_are_in_the_lesson(lesson):
    prose = " ".join(markdown(lesson))
    stale = [n.text for n in BY_LESSON[lesson].not_claims if squash(n.text) not in prose]
    assert not stale, f"{lesson}: NOT_CLAIMS entries no longer in the lesson: {stale}"
