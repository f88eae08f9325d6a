"""Worked solutions for self-study: generated from the sources by nbgrader, never hand-copied.

``make solutions`` runs nbgrader's ``generate_solution`` for every problem set, configured in
``assignments/nbgrader_config.py`` to drop the hidden tests and the outputs. Here, in a clean copy
of the course, the same commands run again, and for every problem set:

* the committed ``assignments/solutions/<ps>/<ps>.ipynb`` is exactly that output;
* it holds every model answer (each line of every solution region, each written model answer),
  the same visible tests as the release, no hidden test and no output;
* it runs top to bottom on a fresh kernel, every visible test passing.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from course_support import COURSE, PROBLEM_SETS, copy_course, nbgrader, notebook_client

pytestmark = pytest.mark.nbgrader

SOLUTIONS = COURSE / "solutions"
BEGIN = re.compile(r"#+ *BEGIN (SOLUTION|HIDDEN TESTS)")
END = re.compile(r"#+ *END (SOLUTION|HIDDEN TESTS)")


def regions(nb) -> dict[str, set[str]]:
    """Non-blank lines by where they stand in the source: 'SOLUTION', 'HIDDEN TESTS' or 'open'."""
    found = {"SOLUTION": set(), "HIDDEN TESTS": set(), "open": set()}
    for cell in nb.cells:
        inside = "open"
        for line in cell.source.splitlines():
            stripped = line.strip()
            if m := BEGIN.match(stripped):
                inside = m.group(1)
            elif END.match(stripped):
                inside = "open"
            elif stripped:
                found[inside].add(stripped)
    return found


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def comparable(nb) -> list[tuple]:
    return [(c.cell_type, c.source, meta(c) or None) for c in nb.cells]


def test_lines_sorted_by_region():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\nassert y\n### BEGIN HIDDEN TESTS\nassert y == 2\n"
                "### END HIDDEN TESTS"
            )
        ]
    )
    assert regions(nb) == {
        "SOLUTION": {"y = 2"},
        "HIDDEN TESTS": {"assert y == 2"},
        "open": {"x = 1", "assert y"},
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Every problem set's solution, generated as `make solutions` does, in a copy of the course."""
    course = copy_course(tmp_path_factory.mktemp("solutions"))
    db = f"--CourseDirectory.db_url=sqlite:///{course / 'scratch.db'}"
    for ps in PROBLEM_SETS:
        nbgrader("db", "assignment", "add", ps, db, cwd=course)
        nbgrader("generate_solution", ps, "--force", db, cwd=course)
    return course / "solutions"


def test_every_problem_set_has_committed_solutions():
    committed = (
        sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir()) if SOLUTIONS.exists() else []
    )
    assert committed == PROBLEM_SETS, "run `make solutions` and commit assignments/solutions/"


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_committed_solution_is_what_nbgrader_generates(generated, ps):
    path = SOLUTIONS / ps / f"{ps}.ipynb"
    assert path.exists(), f"run `make solutions` and commit {path}"
    fresh = nbformat.read(generated / ps / f"{ps}.ipynb", as_version=4)
    assert comparable(nbformat.read(path, as_version=4)) == comparable(fresh), (
        f"{path} differs from what nbgrader generates from the source: run `make solutions`"
    )


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_solution_has_every_model_answer_and_no_hidden_test(ps):
    path = SOLUTIONS / ps / f"{ps}.ipynb"
    source = nbformat.read(COURSE / "source" / ps / f"{ps}.ipynb", as_version=4)
    solution = nbformat.read(path, as_version=4)
    release = nbformat.read(COURSE / "release" / ps / f"{ps}.ipynb", as_version=4)
    text = {line.strip() for c in solution.cells for line in c.source.splitlines()}
    lines = regions(source)

    missing = sorted(lines["SOLUTION"] - text)
    assert not missing, f"{ps}: model-answer lines missing from the solution: {missing[:3]}"
    hidden = (
        lines["HIDDEN TESTS"] - lines["open"] - lines["SOLUTION"]
    )  # lines found only in hidden tests
    assert hidden, f"{ps}: no hidden tests in the source?"
    leaked = sorted(hidden & text)
    assert not leaked, f"{ps}: hidden-test lines in the solution: {leaked[:3]}"
    assert not any("HIDDEN TESTS" in c.source for c in solution.cells)

    by_id = {meta(c)["grade_id"]: c for c in solution.cells if meta(c).get("grade_id")}
    for cell in source.cells:
        m = meta(cell)
        if cell.cell_type == "markdown" and m.get(
            "solution"
        ):  # a written answer: the model answer, whole
            assert by_id[m["grade_id"]].source == cell.source, (
                f"{ps}/{m['grade_id']}: written answer differs"
            )
    for cell in release.cells:  # the visible tests are the ones students get
        m = meta(cell)
        if m.get("grade") and not m.get("solution"):
            assert by_id[m["grade_id"]].source == cell.source, (
                f"{ps}/{m['grade_id']}: visible tests differ"
            )

    raw = json.loads(path.read_text())
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (
                f"{ps}: stored with outputs"
            )


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_solution_runs_with_every_visible_test_passing(ps):
    path = SOLUTIONS / ps / f"{ps}.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = notebook_client(nb, path.parent, timeout=300)
    client.execute()  # raises CellExecutionError on the first failing cell, a failing test included
    tests = [c for c in nb.cells if meta(c).get("grade") and not meta(c).get("solution")]
    assert len(tests) >= 3
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    assert all(c.execution_count for c in tests), f"{ps}: a test cell did not run"
