"""Graded tasks test understanding: a shortcut earns nothing, an honest alternative earns everything.

For every problem set, ``tests/shortcuts/<ps>.py`` lists

* ``SHORTCUTS``: for each task whose text says "write it yourself" (do not call the library,
  do not call ``spearmanr``, ...), answers that hand the work to the library (a wrapper, a
  call of the closed form, pandas' rank correlation, ...); and
* ``ALTERNATIVES``: honest answers written differently from the model answer.

Each entry replaces one answer cell of the model-answer submission. The notebook is then
scored with the hidden tests put back (``grading_support.deserved``: plain nbclient and
nbgrader's own scoring rule). A shortcut must score zero on the task's test cells while
every other test cell keeps full marks; an alternative must keep full marks everywhere.
"""

from __future__ import annotations

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from course_support import COURSE, PROBLEM_SETS
from grading_support import ProblemSet, deserved

pytestmark = pytest.mark.nbgrader

TABLES = Path(__file__).parent / "shortcuts"


@dataclass(frozen=True)
class Answer:
    """An answer cell's replacement: ``answer`` is the solution cell's grade id, ``tests`` the
    test cells that grade it (for a shortcut: the cells that must drop to zero)."""

    answer: str
    source: str
    tests: tuple[str, ...] = ()
    why: str = ""


def table(ps: str):
    spec = importlib.util.spec_from_file_location(f"shortcuts_{ps}", TABLES / f"{ps}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.SHORTCUTS), list(module.ALTERNATIVES)


def test_every_problem_set_has_a_table():
    missing = [ps for ps in PROBLEM_SETS if not (TABLES / f"{ps}.py").exists()]
    assert not missing, f"problem sets without tests/shortcuts/<ps>.py: {missing}"


def _score(ps: ProblemSet, entry, folder: Path, index: int) -> dict[str, float]:
    nb = ps.correct()
    ps.cell(nb, entry.answer).source = entry.source
    path = folder / f"{index:02d}_{ps.name}.ipynb"
    nbformat.write(nb, path)
    return deserved(ps, path, timeout=60)


@pytest.fixture(scope="module", params=PROBLEM_SETS)
def scored(request, tmp_path_factory):
    ps = ProblemSet(COURSE, request.param)
    shortcuts, alternatives = table(ps.name)
    entries = [("shortcut", e) for e in shortcuts] + [("alternative", e) for e in alternatives]
    folder = tmp_path_factory.mktemp(ps.name)
    with ThreadPoolExecutor(max_workers=2) as pool:
        scores = list(pool.map(lambda ie: _score(ps, ie[1][1], folder, ie[0]), enumerate(entries)))
    return ps, list(zip(entries, scores))


def test_tables_name_real_cells(scored):
    ps, results = scored
    for (_kind, entry), _ in results:
        assert entry.answer in ps.code_answers, (
            f"{ps.name}: {entry.answer!r} is not a code answer cell"
        )
        unknown = set(entry.tests) - set(ps.tests)
        assert not unknown, f"{ps.name}: {entry.answer}: unknown test cells {sorted(unknown)}"


def test_shortcuts_earn_nothing_and_harm_nothing_else(scored):
    ps, results = scored
    for (kind, entry), score in results:
        if kind != "shortcut":
            continue
        assert entry.tests, f"{ps.name}: shortcut for {entry.answer} names no test cell"
        for test in ps.tests:
            if test in entry.tests:
                assert score[test] == 0, (
                    f"{ps.name}/{test}: the shortcut ({entry.why or entry.answer}) earned {score[test]}"
                )
            else:
                assert score[test] == ps.points[test], (
                    f"{ps.name}/{test}: lost marks ({score[test]}/{ps.points[test]}) "
                    f"next to the shortcut in {entry.answer}"
                )


def test_honest_alternatives_keep_full_marks(scored):
    ps, results = scored
    for (kind, entry), score in results:
        if kind != "alternative":
            continue
        lost = {t: s for t, s in score.items() if s != ps.points[t]}
        assert not lost, (
            f"{ps.name}: the honest alternative for {entry.answer} ({entry.why}) lost {lost}"
        )


def test_every_write_it_yourself_task_has_a_shortcut():
    """A task whose text forbids the library must be in the table (the rule is enforced, not hoped for)."""
    import re

    rule = re.compile(
        r"write it yourself|do not call|don't call|without calling|not use the library", re.I
    )
    for ps in PROBLEM_SETS:
        nb = nbformat.read(COURSE / "source" / ps / f"{ps}.ipynb", as_version=4)
        shortcuts, _ = table(ps)
        covered = {e.answer for e in shortcuts}
        pending = None
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if (
                cell.cell_type == "markdown"
                and rule.search(cell.source)
                and not meta.get("solution")
            ):
                pending = cell.source[:80]
            elif (
                cell.cell_type == "code"
                and meta.get("solution")
                and not meta.get("grade")
                and pending
            ):
                assert meta["grade_id"] in covered, (
                    f"{ps}: the task before {meta['grade_id']!r} says not to use the library "
                    f"({pending!r}…) but tests/shortcuts/{ps}.py has no shortcut for it"
                )
                pending = None
