"""The whole nbgrader round trip for every problem set, in a temporary copy of the course.

For each ``assignments/source/psXX``: nbgrader generates the release; the committed
release is exactly that output (never hand-edited); the release holds no solution
and no hidden test; ``validate --invert`` finds no test passing on the blank
release; the solution notebook submitted as a student's gets full marks on every
autograded cell; the unanswered release gets zero on them.
"""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from course_support import COURSE, PROBLEM_SETS, copy_course, nbgrader

pytestmark = pytest.mark.nbgrader


def solution_lines(source_nb) -> set[str]:
    """Non-trivial lines between BEGIN/END SOLUTION or HIDDEN TESTS markers in the source."""
    lines = set()
    for cell in source_nb.cells:
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if re.match(r"#+ *BEGIN (SOLUTION|HIDDEN TESTS)", stripped):
                inside = True
                continue
            if re.match(r"#+ *END (SOLUTION|HIDDEN TESTS)", stripped):
                inside = False
                continue
            if inside and len(stripped) > 12 and not stripped.startswith("#"):
                lines.add(stripped)
    return lines


def comparable(nb) -> list[tuple]:
    """What matters in a release notebook: each cell's type, source and nbgrader metadata."""
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]


def graded_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.fixture(scope="module", params=PROBLEM_SETS)
def released(request, tmp_path_factory):
    ps = request.param
    course = copy_course(tmp_path_factory.mktemp(ps))
    nbgrader("generate_assignment", ps, "--force", "--create", cwd=course)
    return ps, course


def test_every_problem_set_has_enough_graded_work():
    assert PROBLEM_SETS, "no problem sets in assignments/source"
    for ps in PROBLEM_SETS:
        nb = nbformat.read(COURSE / "source" / ps / f"{ps}.ipynb", as_version=4)
        graded = graded_cells(nb)
        autograded_tests = [c for c in graded if not c.metadata["nbgrader"].get("solution")]
        manual = [c for c in graded if c.metadata["nbgrader"].get("solution")]
        assert len(autograded_tests) >= 3, f"{ps}: fewer than three autograded test cells"
        assert manual, f"{ps}: no written answer graded by hand"
        hidden = [c for c in autograded_tests if "BEGIN HIDDEN TESTS" in c.source]
        assert len(hidden) == len(autograded_tests), f"{ps}: every test cell needs hidden tests too"
        visible = [
            c
            for c in autograded_tests
            if c.source.split("### BEGIN HIDDEN TESTS")[0].count("assert")
        ]
        assert len(visible) == len(autograded_tests), f"{ps}: every test cell needs a visible test"


def test_committed_release_is_what_nbgrader_generates(released):
    ps, course = released
    generated = nbformat.read(course / "release" / ps / f"{ps}.ipynb", as_version=4)
    committed_path = COURSE / "release" / ps / f"{ps}.ipynb"
    assert committed_path.exists(), f"run `make release` and commit {committed_path}"
    committed = nbformat.read(committed_path, as_version=4)
    assert comparable(committed) == comparable(generated), (
        f"{committed_path} differs from nbgrader's output: regenerate it with `make release`"
    )


def test_release_has_no_solution_and_no_hidden_test(released):
    ps, course = released
    release = nbformat.read(course / "release" / ps / f"{ps}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / ps / f"{ps}.ipynb", as_version=4)
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    leaked = [line for line in solution_lines(source) if line in text]
    assert not leaked, f"solution or hidden-test lines leaked into the release: {leaked[:3]}"


def test_validate_invert_finds_no_passing_test_on_blank_release(released):
    ps, course = released
    out = nbgrader(
        "validate",
        "--invert",
        str(course / "release" / ps / f"{ps}.ipynb"),
        cwd=course,
        check=False,
    )
    assert "Success! The notebook does not pass any tests." in out.stdout, out.stdout + out.stderr


def test_solution_gets_full_marks_and_blank_gets_none(released):
    ps, course = released
    for student, notebook in (
        ("solution", course / "source" / ps / f"{ps}.ipynb"),
        ("blank", course / "release" / ps / f"{ps}.ipynb"),
    ):
        target = course / "submitted" / student / ps
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, target / f"{ps}.ipynb")
        nbgrader("db", "student", "add", student, cwd=course)
    nbgrader("autograde", ps, "--force", cwd=course)

    source = nbformat.read(course / "source" / ps / f"{ps}.ipynb", as_version=4)
    autograded = {
        c.metadata["nbgrader"]["grade_id"]
        for c in graded_cells(source)
        if not c.metadata["nbgrader"].get("solution")
    }
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student, expect_full in (("solution", True), ("blank", False)):
            sub = gb.find_submission_notebook(ps, ps, student)
            scores = {
                g.name: (g.auto_score, g.max_score) for g in sub.grades if g.name in autograded
            }
            assert set(scores) == autograded, f"{ps}: {student}'s gradebook lacks autograded cells"
            for name, (score, maximum) in scores.items():
                if expect_full:
                    assert score == maximum, f"{ps}/{name}: solution scored {score}/{maximum}"
                else:
                    assert score == 0, f"{ps}/{name}: blank release scored {score}"
            if not expect_full:  # unchanged written answers are scored 0 automatically too
                assert sub.score == 0, f"{ps}: the blank release scored {sub.score} in total"
