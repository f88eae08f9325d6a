"""The instructor's report (``make report``) on a generated class whose answers are known.

``make grade`` grades the class end to end (the Makefile target itself, not only the CLI it
wraps); ``make report`` then writes ``reports/``. Checked: the CSV has exactly the
gradebook's grades; each page's shares of full, partial and zero marks are the gradebook's;
the failing assertions are those of the students whose answers were wrong; the pages open
offline (plotly.js inlined, no script from the network) and quote no hidden-test code.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from course_support import ROOT, copy_course, run
from grading_support import (
    ProblemSet,
    build_honest_class,
    gradebook_grades,
    hidden_test_lines,
    html_text,
)

pytestmark = pytest.mark.nbgrader

PS = "ps01_free_rider"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("report"))
    ps = ProblemSet(course, PS)
    students = build_honest_class(ps, course / "submitted", 6)
    out = run(
        [
            "make",
            "-C",
            str(ROOT),
            "--no-print-directory",
            "grade",
            f"ARGS=--course {course} --no-progress",
        ],
        cwd=ROOT,
        timeout=1800,
    )
    assert "6 submission(s): 6 graded" in out.stdout, out.stdout[-3000:]
    rep = run(
        ["make", "-C", str(ROOT), "--no-print-directory", "report", f"COURSE_DIR={course}"],
        cwd=ROOT,
        timeout=600,
    )
    return course, ps, students, rep


def test_make_grade_graded_every_student_as_deserved(graded):
    course, ps, students, _ = graded
    grades = gradebook_grades(f"sqlite:///{course / 'gradebook.db'}")
    for student, kind in students.items():
        total = sum(
            a if m is None else m
            for (s, _a, cell), (a, m, _x) in grades.items()
            if s == student and cell in ps.tests
        )
        if kind == "correct":
            assert total == ps.auto_max, f"{student} (correct) scored {total}/{ps.auto_max}"
        elif kind == "blank":
            assert total == 0, f"{student} (blank) scored {total}"
        else:
            assert 0 < total < ps.auto_max, f"{student} (partial) scored {total}/{ps.auto_max}"
    assert (course / "grades.csv").exists()
    assert all((course / "feedback" / s / PS).is_dir() for s in students)


def test_csv_is_the_gradebook(graded):
    course, _ps, _students, rep = graded
    path = course / "reports" / "task_scores.csv"
    assert str(path) in rep.stdout
    table = pd.read_csv(path)
    assert list(table.columns) == ["student", "assignment", "task", "score", "max_score"]
    grades = gradebook_grades(f"sqlite:///{course / 'gradebook.db'}")
    expected = {}
    for (student, assignment, cell), (auto, manual, maximum) in grades.items():
        score = manual if manual is not None else auto
        expected[(student, assignment, cell)] = (score, maximum)
    got = {
        (r.student, r.assignment, r.task): (None if pd.isna(r.score) else r.score, r.max_score)
        for r in table.itertuples()
    }
    assert got == expected


def test_page_shares_and_failures_are_the_gradebooks(graded):
    course, ps, students, _ = graded
    page = (course / "reports" / f"{PS}.html").read_text()
    text = html_text(page)
    grades = gradebook_grades(f"sqlite:///{course / 'gradebook.db'}")
    for task in ps.tests:
        scores = [
            (a if m is None else m, x) for (s, _a, c), (a, m, x) in grades.items() if c == task
        ]
        n = len(scores)
        full = sum(1 for sc, x in scores if sc >= x)
        zero = sum(1 for sc, _ in scores if sc <= 0)
        row = f"{task}{ps.points[task]:g}"  # the task's row starts with its name and maximum
        assert row in text, f"{task} has no row in the page"
        shares = f"{100 * full / n:.0f}%{100 * (n - full - zero) / n:.0f}%{100 * zero / n:.0f}%"
        assert shares in text, f"{task}: shares {shares} not in the page"
    # the blank students fail every test cell: each such message names both of them
    blanks = sorted(s for s, k in students.items() if k == "blank")
    assert "NotImplementedError" in text and ", ".join(blanks).replace(" ", "") in text


def test_pages_quote_no_hidden_test_code(graded):
    course, ps, _students, _ = graded
    for page in sorted((course / "reports").glob("*.html")):
        assert not re.search(r"<script[^>]+src=", page.read_text()), (
            f"{page.name} loads a script from elsewhere"
        )
    text = re.sub(r"\s+", "", html_text((course / "reports" / f"{PS}.html").read_text()))
    leaked = [line for line in hidden_test_lines(ps) if line in text]
    assert not leaked, f"hidden-test code in the report: {leaked[:2]}"


@pytest.mark.browser
def test_pages_draw_their_figures_offline(graded):
    """In Chromium with every request but the file itself refused, each page draws all its figures."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, find_chromium, skip_or_fail

    chromium = find_chromium()
    if chromium is None:
        skip_or_fail("no Chromium (apt-get install chromium)")
    course = graded[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            refused = []

            def route(r):
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    refused.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            for path in sorted((course / "reports").glob("*.html")):
                page.goto(path.as_uri())
                expected = path.read_text().count("Plotly.newPlot(")
                page.wait_for_function(
                    f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {expected}",
                    timeout=30_000,
                )
            assert not refused, f"the report asked the network for {refused[:3]}"
        finally:
            browser.close()


def test_report_without_a_course_says_so(tmp_path):
    out = run(
        ["python", "-m", "course_lib.grading", "report", "--course", str(tmp_path)],
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 2 and "has no nbgrader_config.py" in out.stderr
