"""Claims: every number a lesson's prose quotes, recomputed from the model or the data.

A lesson's claims live in ``tests/claims/lesson_NN.py`` as a list ``CLAIMS`` of
:class:`Claim`, each written beside the sentence it guards::

    Claim("In 1964 the United States spent 8.2% of its GDP on defence",
          lambda: [f"{burden('USA', 1964):.1f}%"])

``tests/test_lesson_claims.py`` checks, for every claim, that the quoted words are in
the lesson's markdown (so editing the sentence without its claim fails) and that every
string the check returns appears inside the quote (so a changed model or data set fails).
A check may also ``assert`` relations that are not numbers ("Estonia spends less than the
United States"). It then checks coverage: every decimal number and every percentage in a
lesson's markdown lies inside some claim's quote, or is listed in ``NOT_CLAIMS`` with the
reason it needs no computation (a definition such as NATO's 2% guideline, a citation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

#: Numbers that can drift: decimals (3.42, 0.045), percentages (2%, 8.2 %), multipliers (×3.35).
NUMBER = re.compile(
    r"(?<![\w.])[-−]?\d[\d,]*\.\d+|(?<![\w.])\d[\d,]*(?:\.\d+)?\s*(?:%|per ?cent)|[×x]\s?\d+(?:\.\d+)?"
)


def squash(text: str) -> str:
    """Whitespace squashed to single spaces, so a quote survives re-wrapping of the prose."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Claim:
    """A quoted passage of a lesson and the computation that backs its numbers.

    ``quote``: the words as they stand in the lesson's markdown (whitespace may differ).
    ``check``: computes from ``course_lib`` and returns the strings (formatted numbers)
    that must appear in ``quote``; it may assert relations too.
    """

    quote: str
    check: Callable[[], Iterable[str]]


@dataclass(frozen=True)
class NotClaim:
    """A number in a lesson's prose that is not computed, and why (a definition, a citation)."""

    text: str
    why: str


def markdown(lesson: str) -> list[str]:
    """The markdown cells of ``notebooks/<lesson>.ipynb``, whitespace squashed."""
    nb = nbformat.read(NOTEBOOKS / f"{lesson}.ipynb", as_version=4)
    return [squash(c.source) for c in nb.cells if c.cell_type == "markdown"]


MATHS = re.compile(r"\$\$.*?\$\$|(?<!\\)\$[^$]*?(?<!\\)\$", re.S)


def uncovered_numbers(lesson: str, quotes: Iterable[str], exempt: Iterable[str]) -> list[str]:
    """Numbers in the lesson's prose that no quote covers and no exemption names.

    Numbers inside LaTeX spans are notation, not claims. Quotes may overlap one another and
    may contain maths: every occurrence of every quote covers its characters.
    """
    spans = [squash(q) for q in quotes] + [squash(e) for e in exempt]
    missing = []
    for cell in markdown(lesson):
        covered = bytearray(len(cell))
        for m in MATHS.finditer(cell):
            covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        for span in filter(None, spans):
            at = cell.find(span)
            while at >= 0:
                covered[at : at + len(span)] = b"\x01" * len(span)
                at = cell.find(span, at + 1)
        for m in NUMBER.finditer(cell):
            if not all(covered[m.start() : m.end()]):
                start = max(0, m.start() - 40)
                missing.append(f"{m.group(0)!r} in “…{cell[start : m.end() + 40]}…”")
    return missing


@dataclass
class LessonClaims:
    lesson: str
    claims: list[Claim] = field(default_factory=list)
    not_claims: list[NotClaim] = field(default_factory=list)
