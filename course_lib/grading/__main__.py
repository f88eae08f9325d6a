"""``python -m course_lib.grading``: autograde, feedback, grades CSV and a summary, in one command.

``python -m course_lib.grading report``: per-task statistics of the gradebook (``course_lib.grading.report``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cycle import SANDBOX_UID_BASE, GradingError, Options, find_course, run

COURSE_HELP = (
    "nbgrader course root (default: the current directory if it holds nbgrader_config.py, "
    "else ./assignments if that does)"
)


def parse(argv: list[str] | None = None) -> Options:
    p = argparse.ArgumentParser(
        prog="python -m course_lib.grading",
        description="The grading cycle: (zip_collect) -> autograde -> feedback -> grades.csv -> summary. "
        "nbgrader does the grading; see docs/instructors.md.",
    )
    p.add_argument("--course", type=Path, help=COURSE_HELP)
    p.add_argument(
        "--db-url",
        help="gradebook URL (default: the course's, sqlite:///<course>/gradebook.db); "
        "e.g. postgresql://user@host/db",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="grading processes, each taking whole students (needs a PostgreSQL gradebook)",
    )
    p.add_argument(
        "--zip", type=Path, help="an LMS download to collect first (nbgrader zip_collect)"
    )
    p.add_argument(
        "--zip-regexp",
        help="regular expression with (?P<student_id>) and (?P<file_id>) for the "
        "zip's file names (default: Canvas naming, or the course config's "
        "FileNameCollectorPlugin.named_regexp)",
    )
    p.add_argument(
        "--assignment",
        action="append",
        default=[],
        metavar="NAME",
        help="grade only this problem set (repeatable; default: every one with submissions)",
    )
    p.add_argument(
        "--student",
        action="append",
        default=[],
        metavar="ID",
        help="grade only this student (repeatable)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="regrade submissions already autograded (manual grades are kept)",
    )
    p.add_argument(
        "--timeout", type=int, help="per-cell time limit in seconds (default: the course config's)"
    )
    p.add_argument(
        "--csv", type=Path, help="where to write the grades (default: <course>/grades.csv)"
    )
    p.add_argument(
        "--no-feedback", dest="feedback", action="store_false", help="skip the feedback HTML"
    )
    p.add_argument(
        "--show-hidden-tests",
        dest="hide_hidden_tests",
        action="store_false",
        help="leave hidden tests in the feedback (default: removed)",
    )
    p.add_argument(
        "--sandbox",
        choices=["auto", "off"],
        default="auto",
        help="auto: when run as root, each worker's kernels run as a throwaway uid (default)",
    )
    p.add_argument(
        "--sandbox-uid",
        type=int,
        default=SANDBOX_UID_BASE,
        help=f"first throwaway uid (default {SANDBOX_UID_BASE}; worker k uses this + k)",
    )
    p.add_argument(
        "--network",
        choices=["off", "on"],
        default="off",
        help="off: student kernels run without network, in a namespace of their own, where the "
        "machine allows it (default); on: kernels keep the grader's network",
    )
    p.add_argument(
        "--max-output-chars",
        type=int,
        help="characters of output kept per cell while it runs (default 200000)",
    )
    p.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no line per submission"
    )
    a = p.parse_args(argv)
    if a.workers < 1:
        p.error("--workers must be at least 1")
    return Options(
        course=a.course,
        db_url=a.db_url,
        workers=a.workers,
        zip=a.zip,
        zip_regexp=a.zip_regexp,
        assignments=a.assignment,
        students=a.student,
        force=a.force,
        timeout=a.timeout,
        csv=a.csv,
        feedback=a.feedback,
        hide_hidden_tests=a.hide_hidden_tests,
        sandbox=a.sandbox,
        sandbox_uid=a.sandbox_uid,
        network=a.network,
        max_output_chars=a.max_output_chars,
        progress=a.progress,
    )


def parse_report(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m course_lib.grading report",
        description="What the class got wrong: task_scores.csv and one offline HTML page per problem set "
        "under <course>/reports/, read from the gradebook through nbgrader's API.",
    )
    p.add_argument("--course", type=Path, help=COURSE_HELP)
    p.add_argument("--db-url", help="gradebook URL (default: the course's)")
    return p.parse_args(argv)


def report(argv: list[str]) -> int:
    from .cycle import _course_id, build_config, normalize_db_url, resolved_db_url
    from .report import write_report

    a = parse_report(argv)
    try:
        course = find_course(a.course)
    except GradingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cfg = build_config(Options(course=course, db_url=a.db_url))
    db_url = normalize_db_url(resolved_db_url(cfg))
    try:
        written = write_report(course, db_url, _course_id(cfg))
    except Exception as exc:  # an unreachable or empty gradebook: say which, do not crash
        print(f"error: cannot read the gradebook {db_url.split('@')[-1]}: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["report"]:
        return report(argv[1:])
    opts = parse(argv)
    try:
        run(opts)
    except GradingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
