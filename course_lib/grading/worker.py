"""The worker side of the grading cycle: one process grades whole students with nbgrader.

:func:`_init_worker` sets up a process (its nbgrader API, quiet logs, kept gradebook connections,
its own sandbox uid); :func:`_grade_student` autogrades and writes the feedback of one student's
submissions and says what happened to each (a :class:`~.course.Submission`). Nothing here
grades: nbgrader does.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .course import Options, Submission, _venv_on_path, build_config

_STATE: dict = {}


def _quiet_logs() -> None:
    import logging
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
    try:  # nbgrader reads student notebooks as they come; missing cell ids are not our problem
        from nbformat.warnings import MissingIDFieldWarning

        warnings.filterwarnings("ignore", category=MissingIDFieldWarning)
    except ImportError:  # pragma: no cover - older nbformat
        pass

    for name in ("traitlets", "NbGraderAPI", "nbgrader"):
        log = logging.getLogger(name)
        log.propagate = False
        if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
            log.addHandler(logging.NullHandler())


_ENGINES: dict = {}


#: Set to "0" to open gradebooks as nbgrader does (one connection each), e.g. for a baseline.
REUSE_ENV = "COURSE_GRADING_REUSE_CONNECTIONS"


def reuse_gradebook_connections() -> None:
    """One database engine per gradebook URL in this process, kept open between nbgrader's gradebooks.

    nbgrader opens a new ``Gradebook`` about ten times per submission (each autograde step and
    preprocessor), and each one creates a SQLAlchemy engine, connects, checks every table and
    disposes of the engine on close. On SQLite that costs ~4 ms; on PostgreSQL a new connection
    each time costs ~10x more, which made the PostgreSQL gradebook's autograde overhead 1.31x
    plain execution. Here ``nbgrader.api.create_engine`` returns a cached engine for a server
    URL, whose ``dispose`` leaves its pool (and the open connection) in place. Sessions, queries
    and commits are nbgrader's own; SQLite gradebooks are left exactly as nbgrader opens them.
    Idempotent; meant for grading worker processes.
    """
    import nbgrader.api
    import sqlalchemy

    if getattr(nbgrader.api.create_engine, "_course_cached", False):
        return

    def create_engine(url, *args, **kwargs):
        # COURSE_GRADING_REUSE_CONNECTIONS=0: nbgrader's own behaviour (the benchmark's baseline)
        if str(url).startswith("sqlite") or args or os.environ.get(REUSE_ENV) == "0":
            return sqlalchemy.create_engine(url, *args, **kwargs)
        key = (str(url), tuple(sorted(kwargs.items())))
        if key not in _ENGINES:
            engine = sqlalchemy.create_engine(url, pool_pre_ping=True, **kwargs)
            engine.dispose = lambda close=True: None  # kept for the next Gradebook of this process
            _ENGINES[key] = engine
        return _ENGINES[key]

    create_engine._course_cached = True
    nbgrader.api.create_engine = create_engine


def _init_worker(opts: Options, slot, sandbox: bool, scratch: str, isolate: bool = False) -> None:
    """Set up one grading process: its nbgrader API, and its own sandbox uid."""
    _venv_on_path()
    _quiet_logs()
    reuse_gradebook_connections()
    if not isinstance(slot, int):  # a queue of slot numbers (worker processes)
        slot = slot.get()
    uid = opts.sandbox_uid + slot if sandbox else -1
    cfg = build_config(opts, sandbox_uid=uid, scratch=scratch, isolate_network=isolate)
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=cfg)
    _quiet_logs()
    _STATE.update(
        opts=opts, cfg=cfg, api=api, uid=uid, timeout=int(cfg.Execute.get("timeout", 30) or 30)
    )


def _zero_unreadable(api, assignment: str, student: str) -> None:
    """A submission nbgrader could not read earns 0, as nbgrader does for a missing notebook."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.auto_score is None and grade.manual_score is None:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
        gb.db.commit()


def _grade_submission(assignment: str, student: str) -> Submission:
    from . import diagnose

    api, opts = _STATE["api"], _STATE["opts"]
    course = Path(api.coursedir.root)
    folder = course / api.coursedir.submitted_directory / student / assignment
    graded_dir = course / api.coursedir.autograded_directory / student / assignment
    with api.gradebook as gb:
        problems = diagnose.submission_problems(gb, assignment, folder)
        expected = diagnose.expected_notebooks(gb, assignment)

    if not any(folder.glob("*.ipynb")):
        # nbgrader stops before it records anything; record the submission and its zeros
        with api.gradebook as gb:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment, student)
        _zero_unreadable(api, assignment, student)
        return Submission(assignment, student, "failed", 0.0, 0.0, problems)

    start = time.perf_counter()
    result = api.autograde(assignment, student, force=opts.force, create=True)
    auto_s = time.perf_counter() - start
    log = result.get("log", "") or ""
    if not result.get("success"):
        _zero_unreadable(api, assignment, student)
        if not any("not graded" in p for p in problems):  # else the file problem says it all
            problems.append(f"autograde failed: {diagnose.failure_reason(result)}; scored 0")
        return Submission(assignment, student, "failed", auto_s, 0.0, problems)

    regraded = "Skipping existing assignment" not in log
    for name in expected:
        path = graded_dir / f"{name}.ipynb"
        if path.exists():
            problems.extend(diagnose.execution_problems(path, _STATE["timeout"]))
    fb_s = 0.0
    if opts.feedback:
        # always rewritten: manual grades and comments given in the formgrader since the
        # last run must reach the feedback too
        start = time.perf_counter()
        fb = api.generate_feedback(assignment, student, force=True)
        feedback_dir = course / api.coursedir.feedback_directory / student / assignment
        missing = [n for n in expected if not (feedback_dir / f"{n}.html").exists()]
        if missing:
            # seen, rarely, on a regrade: no page written (nbgrader removes a failed one); try once more
            first = fb
            fb = api.generate_feedback(assignment, student, force=True)
            if not fb.get("success") and first.get("success"):
                fb = first
            missing = [n for n in expected if not (feedback_dir / f"{n}.html").exists()]
        fb_s = time.perf_counter() - start
        if not fb.get("success"):
            problems.append(f"feedback failed: {diagnose.failure_reason(fb)}")
        elif missing:
            problems.append(f"feedback missing for {', '.join(missing)} (nbgrader wrote no page)")
    return Submission(
        assignment,
        student,
        "graded" if regraded else "unchanged",
        auto_s,
        fb_s,
        list(dict.fromkeys(problems)),
    )


def _submission_score(api, assignment: str, student: str):
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        return (float(sub.score or 0), float(sub.max_score or 0), bool(sub.needs_manual_grade))


def _grade_student(student: str, assignments: list[str]) -> list[Submission]:
    out = []
    for assignment in assignments:
        try:
            sub = _grade_submission(assignment, student)
        except Exception as exc:  # noqa: BLE001 - one broken submission never stops the batch
            sub = Submission(
                assignment,
                student,
                "failed",
                problems=[f"grading crashed: {type(exc).__name__}: {exc}"[:200]],
            )
        try:
            sub.score = _submission_score(_STATE["api"], assignment, student)
        except Exception:  # noqa: BLE001, S110 - the score is for the progress line only
            pass
        out.append(sub)
    return out
