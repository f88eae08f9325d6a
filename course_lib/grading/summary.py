"""What the grading cycle hands back: nbgrader's grades CSV, the score table and the printed summary."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .course import Report, _course_id, resolved_db_url


def export_csv(cfg, path: Path) -> Path:
    """nbgrader's CSV export of the whole gradebook."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    path.parent.mkdir(parents=True, exist_ok=True)
    with Gradebook(resolved_db_url(cfg), _course_id(cfg)) as gb:
        CsvExportPlugin(to=str(path)).export(gb)
    # nbgrader lists students in the database's order; sorted rows make the file reproducible
    with open(path, newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rows.sort(key=lambda r: (r[0], r[3]))  # assignment, student_id
    with open(path, "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    return path


def _scores_table(cfg, assignments: list[str]) -> tuple[list[str], dict]:
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(resolved_db_url(cfg), _course_id(cfg)) as gb:
        students = sorted(s.id for s in gb.students)
        for ps in assignments:
            for student in students:
                try:
                    sub = gb.find_submission(ps, student)
                except MissingEntry:
                    scores[(student, ps)] = None
                    continue
                scores[(student, ps)] = (
                    float(sub.score or 0),
                    float(sub.max_score or 0),
                    bool(sub.needs_manual_grade),
                )
    return students, scores


def format_summary(report: Report) -> str:
    buf = io.StringIO()
    w = max([7, *(len(s) for s in report.students)])
    cols = [max(len(ps), 12) for ps in report.assignments]
    print(
        "\nGrades (points; * = written answers still to grade by hand in the formgrader; "
        "- = no submission)",
        file=buf,
    )
    print(
        f"  {'student':<{w}}  "
        + "  ".join(f"{ps:>{c}}" for ps, c in zip(report.assignments, cols)),
        file=buf,
    )
    for student in report.students:
        cells = []
        for ps, c in zip(report.assignments, cols):
            sc = report.scores.get((student, ps))
            text = "-" if sc is None else f"{sc[0]:g}/{sc[1]:g}" + ("*" if sc[2] else " ")
            cells.append(f"{text:>{c}}")
        print(f"  {student:<{w}}  " + "  ".join(cells), file=buf)
    problems = report.problems
    print(
        f"\nProblems found: {sum(len(v) for v in problems.values())} "
        f"in {len(problems)} submission(s)",
        file=buf,
    )
    for (student, ps), items in sorted(problems.items()):
        for item in items:
            print(f"  {student} / {ps}: {item}", file=buf)
    counts = {
        k: sum(1 for s in report.submissions if s.status == k)
        for k in ("graded", "unchanged", "failed")
    }
    graded = [s for s in report.submissions if s.status == "graded"]
    per = (
        (sum(s.autograde_seconds + s.feedback_seconds for s in graded) / len(graded))
        if graded
        else 0
    )
    print(
        f"\n{len(report.submissions)} submission(s): {counts['graded']} graded, "
        f"{counts['unchanged']} unchanged since the last run, {counts['failed']} could not be graded; "
        f"{report.seconds:.1f} s with {report.workers} worker(s)"
        + (f", {per:.1f} s of grading per submission" if graded else ""),
        file=buf,
    )
    print(f"gradebook: {_safe_url(report.db_url)}", file=buf)
    print(f"grades:    {report.csv_path}", file=buf)
    print(
        f"feedback:  {report.course / 'feedback'}/<student>/<problem set>/ "
        "(students get it with `nbgrader release_feedback`)",
        file=buf,
    )
    for note in report.notes:
        print(f"note: {note}", file=buf)
    return buf.getvalue()


def _safe_url(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
