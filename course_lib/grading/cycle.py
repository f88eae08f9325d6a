"""The instructor's grading cycle, on top of nbgrader's own API.

collect (optional: an LMS zip through ``nbgrader zip_collect``) → make sure each problem
set is in the gradebook (``generate_assignment`` into a scratch folder if it is not) →
autograde every submission (``NbGraderAPI.autograde``, serially or in K worker processes,
each grading whole students) → feedback (``NbGraderAPI.generate_feedback``, hidden tests
removed) → grades CSV (nbgrader's ``CsvExportPlugin``) → a summary of students × problem
sets and every problem found.

Nothing here grades: nbgrader does. This module decides what to grade, where, with
which guards, and reports.

The parts live in modules of their own: :mod:`.course` (finding the course, options,
configuration, the records), :mod:`.collect` (an LMS zip), :mod:`.worker` (grading in a
worker process) and :mod:`.summary` (CSV export and summary). This module runs them in
order and re-exports their names, so ``course_lib.grading.cycle`` stays the one import.
"""

from __future__ import annotations

import multiprocessing
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .collect import DEFAULT_ZIP_REGEXP, collect_zip
from .course import (
    SANDBOX_UID_BASE,
    GradingError,
    Options,
    Report,
    Submission,
    _course_id,
    _problem_sets,
    _say,
    _venv_on_path,
    build_config,
    find_course,
    normalize_db_url,
    resolved_db_url,
)
from .summary import _safe_url, _scores_table, export_csv, format_summary
from .worker import _grade_student, _init_worker, _quiet_logs, reuse_gradebook_connections

__all__ = [
    "DEFAULT_ZIP_REGEXP",
    "SANDBOX_UID_BASE",
    "GradingError",
    "Options",
    "Report",
    "Submission",
    "build_config",
    "collect_zip",
    "ensure_in_gradebook",
    "export_csv",
    "find_course",
    "format_summary",
    "normalize_db_url",
    "resolved_db_url",
    "reuse_gradebook_connections",
    "run",
]


#: Lock files held while a grading run uses its sandbox uids (released when the run ends).
_UID_LOCKS: list[int] = []


def _claim_sandbox_uids(opts: Options, workers: int) -> None:
    """Move ``opts.sandbox_uid`` to a block of ``workers`` uids no other grading run on this machine holds.

    A kernel launch kills every process its uid still runs (leftovers of the previous
    submission), so two grading runs sharing uids would kill each other's kernels. Each run
    takes an exclusive lock per uid (``/tmp/course_lib-sandbox-uid-<uid>.lock``) and keeps it
    until it ends.
    """
    import fcntl

    for block in range(64):
        first = opts.sandbox_uid + block * workers
        held = []
        for uid in range(first, first + workers):
            fd = os.open(f"/tmp/course_lib-sandbox-uid-{uid}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                break
            held.append(fd)
        if len(held) == workers:
            _UID_LOCKS.extend(held)
            opts.sandbox_uid = first
            return
        for fd in held:
            os.close(fd)
    raise GradingError(
        "--sandbox-uid: every block of throwaway uids is in use by other grading runs"
    )


def _release_sandbox_uids() -> None:
    while _UID_LOCKS:
        os.close(_UID_LOCKS.pop())


def _sandbox_possible(opts: Options, workers: int, out) -> tuple[bool, str]:
    if opts.sandbox == "off":
        return False, "sandbox off (--sandbox off): student code runs with the grader's rights"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False, (
            "not run as root, so student code runs with your own rights "
            "(limits: timeout, output, memory, file size); see docs/instructors.md"
        )
    _claim_sandbox_uids(opts, workers)
    for uid in range(opts.sandbox_uid, opts.sandbox_uid + workers):
        try:
            user = pwd.getpwuid(uid).pw_name
        except KeyError:
            continue
        raise GradingError(
            f"--sandbox-uid: uid {uid} belongs to user {user!r}; choose a free range"
        )
    probe = subprocess.run(
        [
            sys.executable,
            "-m",
            "course_lib.grading.sandbox",
            "--uid",
            str(opts.sandbox_uid),
            "--",
            sys.executable,
            "-c",
            "import course_lib",
        ],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if probe.returncode != 0:
        return False, (
            "cannot start a kernel as a sandbox uid, student code runs as root: "
            + (probe.stderr.strip().splitlines() or ["?"])[-1]
        )
    return (
        True,
        f"student code runs as throwaway uids {opts.sandbox_uid}..{opts.sandbox_uid + workers - 1}",
    )


def _network_isolation_possible(opts: Options, sandbox: bool, scratch: str) -> tuple[bool, str]:
    """Whether kernels can start without network here (a trial start of the launcher)."""
    if opts.network == "on":
        return False, "kernels keep network access (--network on)"
    args = [sys.executable, "-m", "course_lib.grading.sandbox", "--no-network"]
    if sandbox:
        args += ["--uid", str(opts.sandbox_uid), "--scratch", scratch]
    env = {
        **os.environ,
        "COURSE_GRADING_KERNEL_OUTPUT": "1",
    }  # the probe's errors are the reason to show
    for _attempt in range(
        3
    ):  # a machine under heavy load can fail one start; three in a row is a verdict
        probe = subprocess.run(
            [*args, "--", sys.executable, "-c", "import socket; socket.socket().close()"],
            cwd="/",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
        if probe.returncode == 0:
            break
    if probe.returncode != 0:
        return False, (
            "kernels keep network access: cannot start one in a network namespace here ("
            + (probe.stderr.strip().splitlines() or [f"exit status {probe.returncode}"])[-1]
            + "); grade as root, or in a container without network (docs/instructors.md)"
        )
    return True, "kernels have no network"


def _lock_course(course: Path, out) -> None:
    """No access for 'other' users to the course root: the sandbox uids cannot read anything in it."""
    mode = course.stat().st_mode
    if mode & 0o007:
        os.chmod(course, mode & ~0o007)
        _say(
            out,
            f"note: removed access for other users from {course} (chmod o-rwx), "
            "so graded code cannot read solutions, gradebook or other submissions",
        )


def ensure_in_gradebook(cfg, assignments: list[str], out) -> None:
    """Problem sets missing from the gradebook are added by ``generate_assignment`` (output to a scratch folder)."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.apps import NbGraderAPI

    db_url, course_id = resolved_db_url(cfg), _course_id(cfg)
    with Gradebook(db_url, course_id) as gb:
        missing = []
        for name in assignments:
            try:
                if not gb.find_assignment(name).notebooks:
                    missing.append(name)
            except MissingEntry:
                missing.append(name)
    if not missing:
        return
    with tempfile.TemporaryDirectory(prefix="grading-release-") as scratch:
        local = cfg.copy()
        local.CourseDirectory.release_directory = scratch
        api = NbGraderAPI(config=local)
        _quiet_logs()
        for name in missing:
            res = api.generate_assignment(name, force=True, create=True)
            if not res.get("success"):
                raise GradingError(
                    f"nbgrader generate_assignment {name} failed:\n"
                    f"{res.get('log', '')[-2000:]}\n{res.get('error', '')[-2000:]}"
                )
            _say(out, f"added {name} to the gradebook (nbgrader generate_assignment)")


def _jobs(course: Path, submitted_dir: str, assignments: list[str], students: list[str]) -> dict:
    root = course / submitted_dir
    jobs: dict[str, list[str]] = {}
    if not root.is_dir():
        return jobs
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if students and student_dir.name not in students:
            continue
        for ps in assignments:
            if (student_dir / ps).is_dir():
                jobs.setdefault(student_dir.name, []).append(ps)
    return jobs


def _progress_line(done: int, total: int, sub: Submission, score, started: float) -> str:
    elapsed = time.perf_counter() - started
    eta = elapsed / done * (total - done) if done else 0
    pts = f"{score[0]:g}/{score[1]:g}" if score else "-"
    flag = (
        f"  ! {sub.problems[0]}"
        + (f" (+{len(sub.problems) - 1} more)" if len(sub.problems) > 1 else "")
        if sub.problems
        else ""
    )
    return (
        f"[{done:>{len(str(total))}}/{total}] {sub.student:<16} {sub.assignment:<22} {sub.status:<9} "
        f"{pts:>9} {sub.autograde_seconds + sub.feedback_seconds:6.1f} s"
        f"  eta {eta:5.0f} s{flag}"
    )


def run(opts: Options, out=None) -> Report:
    """The whole cycle; prints progress and the summary to ``out`` (stdout by default)."""
    out = out or sys.stdout
    started = time.perf_counter()
    _venv_on_path()
    _quiet_logs()
    opts.course = find_course(opts.course)
    cfg = build_config(opts)
    db_url = resolved_db_url(cfg)
    notes = []

    workers = max(1, int(opts.workers or 1))
    if workers > 1 and db_url.startswith("sqlite"):
        msg = (
            f"--workers {workers} ignored: the SQLite gradebook is not safe for concurrent "
            "writers (nbgrader opens it without WAL or retries), so grading runs serially. "
            "Use a PostgreSQL gradebook (--db-url postgresql://...) for parallel grading."
        )
        _say(out, f"warning: {msg}")
        notes.append(msg)
        workers = 1

    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    try:  # creates the tables on a fresh database, before any worker starts
        Gradebook(db_url, _course_id(cfg)).close()
    except Exception as exc:
        raise GradingError(f"cannot open the gradebook {_safe_url(db_url)}: {exc}") from exc

    available = _problem_sets(opts.course)
    unknown = [a for a in opts.assignments if a not in available]
    if unknown:
        raise GradingError(
            f"--assignment: unknown problem set(s) {unknown}; the course has {available}"
        )
    if opts.zip:
        collected = collect_zip(opts, cfg, out)
        opts.assignments = [collected]
    assignments = list(opts.assignments) or available
    coursedir = CourseDirectory(config=cfg)
    jobs = _jobs(opts.course, coursedir.submitted_directory, assignments, opts.students)
    with_subs = sorted({ps for pss in jobs.values() for ps in pss})
    ensure_in_gradebook(cfg, with_subs, out)

    total = sum(len(v) for v in jobs.values())
    workers = min(workers, max(1, len(jobs)))
    if total:
        sandbox, why = _sandbox_possible(opts, workers, out)
    else:
        sandbox, why = False, f"nothing to grade in {opts.course / coursedir.submitted_directory}"
    notes.append(why)
    scratch = tempfile.mkdtemp(prefix="grading-sandbox-") if sandbox else ""
    if sandbox:
        os.chmod(scratch, 0o711)
        _lock_course(opts.course, out)
    isolate = False
    if total:
        isolate, net_why = _network_isolation_possible(opts, sandbox, scratch)
        why = f"{why}; {net_why}"
        notes[-1] = why
    _say(
        out,
        f"grading {total} submission(s) of {len(jobs)} student(s) in {', '.join(with_subs) or '-'} "
        f"with {workers} worker(s); {why}",
    )

    submissions: list[Submission] = []
    done = 0

    def record(subs: list[Submission]) -> None:
        nonlocal done
        for sub in subs:
            done += 1
            submissions.append(sub)
            if opts.progress:
                _say(out, _progress_line(done, total, sub, sub.score, started))

    try:
        if workers == 1:
            _init_worker(opts, 0, sandbox, scratch, isolate)
            for student, pss in jobs.items():
                record(_grade_student(student, pss))
        else:
            ctx = multiprocessing.get_context("spawn")
            slots = ctx.Queue()
            for i in range(workers):
                slots.put(i)
            pending = dict(jobs)
            try:
                with ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=ctx,
                    initializer=_init_worker,
                    initargs=(opts, slots, sandbox, scratch, isolate),
                ) as pool:
                    futures = {pool.submit(_grade_student, s, pss): s for s, pss in jobs.items()}
                    for fut in as_completed(futures):
                        record(fut.result())
                        pending.pop(futures[fut], None)
            except BrokenProcessPool:
                _say(
                    out,
                    f"warning: a worker process died; grading the {len(pending)} remaining "
                    "student(s) serially",
                )
                _init_worker(opts, 0, sandbox, scratch, isolate)
                for student, pss in pending.items():
                    record(_grade_student(student, pss))
    finally:
        if sandbox:
            from .sandbox import kill_user_processes

            for uid in range(opts.sandbox_uid, opts.sandbox_uid + workers):
                kill_user_processes(uid)
            shutil.rmtree(scratch, ignore_errors=True)
        _release_sandbox_uids()

    csv_path = Path(opts.csv).resolve() if opts.csv else opts.course / "grades.csv"
    export_csv(cfg, csv_path)
    students, scores = _scores_table(cfg, with_subs or assignments)
    submissions.sort(key=lambda s: (s.student, s.assignment))
    report = Report(
        course=opts.course,
        db_url=db_url,
        assignments=with_subs or assignments,
        students=students,
        submissions=submissions,
        scores=scores,
        csv_path=csv_path,
        workers=workers,
        seconds=time.perf_counter() - started,
        sandboxed=sandbox,
        notes=notes,
    )
    _say(out, format_summary(report))
    return report
