"""Hostile submissions: a generated class for ps01 graded by ``python -m course_lib.grading``.

One batch on the SQLite gradebook (serial; ``--workers 2`` is refused there) and the same
class on a real PostgreSQL gradebook with two workers. The class: two correct answers, a
partly correct one, a blank one, and hostile ones (see ``grading_support.HOSTILE``): an
infinite loop, an exception at import, a deleted test cell, weakened visible tests, an
edited hidden-test cell worth 100 points, invalid JSON, an empty file, a wrongly named
notebook, 100 MB of printing, code that reads other students' folders and the solutions,
and a folder without a notebook.

Required: the batch completes; honest grades equal what the notebooks deserve (plain
nbclient + nbgrader's scoring rule); edited tests are restored, so weakening earns
nothing; the loop is cut by the timeout; every problem is named; the gradebook loses
nothing and a re-run writes the same CSV; parallel grades equal serial grades.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from course_support import copy_course, run
from grading_support import (
    HOSTILE,
    IS_ROOT,
    ProblemSet,
    build_class,
    create_database,
    deserved,
    drop_database,
    gradebook_grades,
    hidden_test_lines,
    html_text,
    postgres_admin_url,
)

pytestmark = pytest.mark.nbgrader

PS = "ps01_free_rider"
TIMEOUT = 10  # per cell; the course's 60 s would make the infinite loop slow to test


# What the summary must say about each hostile submission (student id = kind without "_").
NAMED = {
    "infiniteloop": "cut by the timeout",
    "importerror": "ModuleNotFoundError",
    "deletedtest": "deleted: restored",
    "weakenedtest": "edited: restored",
    "editedhidden": "edited: restored",
    "invalidjson": "invalid JSON",
    "emptyfile": "empty file",
    "wrongname": "wrongly named",
    "hugeoutput": "truncated",
    "emptyfolder": f"no {PS}.ipynb submitted",
}
NOT_GRADABLE = ("invalidjson", "emptyfile", "wrongname", "emptyfolder")


def grade(course: Path, *args: str, check: bool = True):
    return run(
        [
            sys.executable,
            "-m",
            "course_lib.grading",
            "--course",
            str(course),
            "--timeout",
            str(TIMEOUT),
            *args,
        ],
        cwd=course,
        check=check,
        timeout=1800,
    )


def csv_text(course: Path) -> str:
    return (course / "grades.csv").read_text()


def student_lines(summary: str, student: str) -> str:
    return "\n".join(
        line for line in summary.splitlines() if line.strip().startswith(f"{student} / ")
    )


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    course = copy_course(base)
    ps = ProblemSet(course, PS)
    students = build_class(ps, course / "submitted")
    pristine = base / "submitted-pristine"
    shutil.copytree(course / "submitted", pristine)
    return course, ps, students, pristine


@pytest.fixture(scope="module")
def serial(klass):
    """The class graded on the SQLite gradebook; --workers 2 must fall back to serial."""
    course = klass[0]
    first = grade(course, "--workers", "2")
    first_csv = csv_text(course)
    again = grade(course)  # the re-run: nothing new, same CSV
    return {
        "course": course,
        "out": first.stdout,
        "rerun": again.stdout,
        "csv": first_csv,
        "csv_rerun": csv_text(course),
        "grades": gradebook_grades(f"sqlite:///{course / 'gradebook.db'}"),
    }


def auto(grades: dict, student: str, ps: ProblemSet) -> dict:
    return {cell: grades[(student, PS, cell)][0] for cell in ps.tests}


def test_batch_completes_and_lists_everyone(klass, serial):
    _, _, students, _ = klass
    out = serial["out"]
    assert "Grades (points" in out and "Problems found" in out
    table = out.split("Grades (points")[1].split("Problems found")[0]
    for student in students:
        assert any(line.split()[:1] == [student] for line in table.splitlines()), (
            f"{student} not in the summary"
        )
    rows = serial["csv"].strip().splitlines()[1:]
    assert sorted(r.split(",")[3] for r in rows) == sorted(students)


def test_sqlite_gradebook_refuses_parallel_workers(serial):
    assert "--workers 2 ignored" in serial["out"]
    assert "with 1 worker(s)" in serial["out"]


def test_correct_get_full_marks_and_blank_none(klass, serial):
    _, ps, _, _ = klass
    g = serial["grades"]
    for student in ("correct", "correct2", "deletedtest", "hugeoutput"):
        assert auto(g, student, ps) == {t: ps.points[t] for t in ps.tests}, student
    for student in ("blank", "weakenedtest", "editedhidden", *NOT_GRADABLE):
        assert set(auto(g, student, ps).values()) == {0.0}, student


@pytest.mark.parametrize("student", ["partial", "importerror", "infiniteloop"])
def test_grade_is_what_the_notebook_deserves(klass, serial, student):
    _, ps, _, pristine = klass
    expected = deserved(ps, pristine / student / PS / f"{PS}.ipynb", timeout=TIMEOUT)
    assert auto(serial["grades"], student, ps) == expected
    assert 0 < sum(expected.values()) < ps.auto_max or student != "partial"


def test_infinite_loop_cut_by_timeout_and_zero_on_that_cell(klass, serial):
    _, ps, _, _ = klass
    lines = student_lines(serial["out"], "infiniteloop")
    assert f"cell '{ps.code_answers[0]}' cut by the timeout after {TIMEOUT} s" in lines
    first_test = next(t for t in ps.tests)
    assert serial["grades"][("infiniteloop", PS, first_test)][0] == 0


def test_edited_tests_are_restored_and_earn_nothing(klass, serial):
    _, ps, _, _ = klass
    g = serial["grades"]
    for student in ("weakenedtest", "editedhidden"):
        assert sum(auto(g, student, ps).values()) == 0
        assert all(g[(student, PS, t)][2] == ps.points[t] for t in ps.tests), (
            "points were not restored"
        )
    assert "points of" in student_lines(serial["out"], "editedhidden")


def test_every_problem_is_named(serial):
    for student, words in NAMED.items():
        assert words in student_lines(serial["out"], student), (
            f"{student}: '{words}' not in the summary"
        )
    for honest in ("correct", "correct2", "partial", "blank"):
        assert not [
            line
            for line in student_lines(serial["out"], honest).splitlines()
            if "edited" in line or "deleted" in line or "not graded" in line
        ], honest


def test_huge_output_is_bounded(serial):
    course = serial["course"]
    graded = course / "autograded" / "hugeoutput" / PS / f"{PS}.ipynb"
    feedback = course / "feedback" / "hugeoutput" / PS / f"{PS}.html"
    assert graded.stat().st_size < 2_000_000
    assert feedback.stat().st_size < 3_000_000


@pytest.mark.skipif(not IS_ROOT, reason="the sandbox user needs root; run as root to test it")
def test_snooping_reads_nothing(serial):
    course = serial["course"]
    if "student code runs as throwaway uids" not in serial["out"]:
        note = [line for line in serial["out"].splitlines() if line.startswith("note:")]
        if os.environ.get("CI"):
            pytest.fail(f"CI runs as root, so the sandbox must work there: {note}")
        pytest.skip(f"the sandbox could not be used on this machine: {note}")
    assert not (course.stat().st_mode & 0o007), "the course root is still open to other users"
    import nbformat

    nb = nbformat.read(course / "autograded" / "snoop" / PS / f"{PS}.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "0 notebooks read" in text
    snooped = [v[0] for k, v in serial["grades"].items() if k[0] == "snoop" and v[0] is not None]
    assert snooped and set(snooped) == {0.0}, "the snooping notebook earned points"


@pytest.mark.skipif(not IS_ROOT, reason="the sandbox user needs root")
def test_without_the_sandbox_snooping_would_pay(klass, tmp_path):
    """The control: the same snooping notebook, graded with --sandbox off, reads the solutions and earns points."""
    _, ps, _, pristine = klass
    course = copy_course(tmp_path)
    shutil.copytree(pristine / "snoop", course / "submitted" / "snoop")
    out = grade(course, "--sandbox", "off", "--no-feedback").stdout
    grades = gradebook_grades(f"sqlite:///{course / 'gradebook.db'}")
    import nbformat

    nb = nbformat.read(course / "autograded" / "snoop" / PS / f"{PS}.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "0 notebooks read" not in text and "notebooks read" in text, text[:500]
    assert sum(auto(grades, "snoop", ps).values()) > 0, out  # points for answers it never wrote


def test_gradebook_loses_nothing_and_rerun_gives_same_csv(klass, serial):
    _, ps, students, _ = klass
    assert serial["csv_rerun"] == serial["csv"]
    assert f"{len(students) - len(NOT_GRADABLE)} unchanged" in serial["rerun"]
    assert f"{len(NOT_GRADABLE)} could not be graded" in serial["rerun"]
    g = serial["grades"]
    for student in students:
        cells = {k[2] for k in g if k[0] == student}
        assert cells == set(ps.points), f"{student}: grades missing for {set(ps.points) - cells}"


def test_feedback_shows_no_hidden_test(klass, serial):
    course, ps, students, _ = klass
    secrets = hidden_test_lines(ps)
    assert secrets, "ps01 has no hidden-test lines to look for"
    written = sorted((course / "feedback").glob(f"*/{PS}/{PS}.html"))
    assert len(written) == len(students) - len(NOT_GRADABLE)
    for path in written:
        text = html_text(path.read_text())
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path}: hidden tests in the feedback: {leaked[:2]}"
        assert "BEGINHIDDENTESTS" not in text


def test_plain_nbgrader_feedback_would_show_them(klass, serial, tmp_path):
    """The control for the check above: nbgrader's own feedback, without the course's preprocessor."""
    course, ps, _, _ = klass
    plain = tmp_path / "plain-course"  # the same course and gradebook, its config without harden(c)
    shutil.copytree(course, plain, ignore=shutil.ignore_patterns("feedback"))
    config = plain / "nbgrader_config.py"
    text = config.read_text()
    assert "harden(c)" in text
    config.write_text(text.replace("harden(c)", "pass  # plain nbgrader for this control"))
    run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_feedback",
            PS,
            "--student",
            "correct",
            "--force",
            f"--CourseDirectory.root={plain}",
            f"--CourseDirectory.feedback_directory={tmp_path}/plain",
        ],
        cwd=plain,
    )
    text = html_text((tmp_path / "plain" / "correct" / PS / f"{PS}.html").read_text())
    assert any(s in text for s in hidden_test_lines(ps))


# --------------------------------------------------------------------------- PostgreSQL, parallel


@pytest.fixture(scope="module")
def postgres_parallel(klass, tmp_path_factory):
    admin, why = postgres_admin_url()
    if admin is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs PostgreSQL for the gradebook tests: {why}")
        pytest.skip(why)
    _, _, _, pristine = klass
    course = copy_course(tmp_path_factory.mktemp("hostile-pg"))
    shutil.copytree(pristine, course / "submitted")
    url = create_database(admin)
    try:
        out = grade(course, "--db-url", url, "--workers", "2").stdout
        yield {
            "course": course,
            "out": out,
            "grades": gradebook_grades(url),
            "csv": csv_text(course),
        }
    finally:
        drop_database(admin, url)


@pytest.mark.postgres
def test_postgres_parallel_grades_equal_serial(serial, postgres_parallel):
    assert "with 2 worker(s)" in postgres_parallel["out"]
    assert postgres_parallel["grades"] == serial["grades"]
    assert postgres_parallel["csv"] == serial["csv"]


@pytest.mark.postgres
def test_postgres_batch_names_the_same_problems(serial, postgres_parallel):
    def problems(out):
        return sorted(
            line.strip()
            for line in out.split("Problems found")[1].splitlines()
            if " / " in line and line.startswith("  ")
        )

    assert problems(postgres_parallel["out"]) == problems(serial["out"])


def test_hostile_kinds_are_all_in_the_class(klass):
    _, _, students, _ = klass
    assert set(students.values()) >= set(HOSTILE)
