"""The instructor's grading cycle, on top of nbgrader's own API.

collect (optional: an LMS zip through ``nbgrader zip_collect``) → make sure each problem
set is in the gradebook (``generate_assignment`` into a scratch folder if it is not) →
autograde every submission (``NbGraderAPI.autograde``, serially or in K worker processes,
each grading whole students) → feedback (``NbGraderAPI.generate_feedback``, hidden tests
removed) → grades CSV (nbgrader's ``CsvExportPlugin``) → a summary of students × problem
sets and every problem found.

Nothing here grades: nbgrader does. This module decides what to grade, where, with
which guards, and reports.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

#: Canvas' "Download submissions" names files ``<name>_[LATE_]<userid>_<submissionid>_<file>``.
DEFAULT_ZIP_REGEXP = (r".*/(?P<student_id>[^/_]+)_(?:LATE_)?\d+_\d+_"
                      r"(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$")
SANDBOX_UID_BASE = 65000


class GradingError(RuntimeError):
    """The cycle cannot go on (no course, gradebook unreachable, bad options)."""


def find_course(course: Path | str | None = None, cwd: Path | str | None = None) -> Path:
    """The nbgrader course root the cycle works on, resolved.

    ``course`` (``--course``) if given; otherwise the current directory ``cwd`` if it
    holds ``nbgrader_config.py`` (its ``CourseDirectory.root`` if that config sets one, as
    nbgrader itself reads it), else ``cwd/assignments`` if that holds one. The package
    never assumes where it is installed. Raises :class:`GradingError` naming ``--course``
    when there is no course to find.
    """
    from .config import CONFIG_FILE

    if course is not None:
        root = Path(course).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise GradingError(f"--course: {root} has no {CONFIG_FILE}")
        return root
    here = Path.cwd() if cwd is None else Path(cwd).resolve()
    if (here / CONFIG_FILE).is_file():
        from traitlets.config.loader import PyFileConfigLoader

        configured = PyFileConfigLoader(CONFIG_FILE, path=str(here)).load_config()
        root = Path(configured.CourseDirectory.get("root") or here)
        root = (here / root).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise GradingError(f"--course: {here / CONFIG_FILE} sets CourseDirectory.root to {root}, "
                               f"which has no {CONFIG_FILE}")
        return root
    if (here / "assignments" / CONFIG_FILE).is_file():
        return (here / "assignments").resolve()
    raise GradingError(f"--course: no nbgrader course here: neither {here} nor {here / 'assignments'} "
                       f"has {CONFIG_FILE}; give the course root with --course DIR")


@dataclass
class Options:
    course: Path | None = None  # None: find_course() from the current directory
    db_url: str | None = None
    workers: int = 1
    zip: Path | None = None
    zip_regexp: str | None = None
    assignments: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)
    force: bool = False
    timeout: int | None = None
    csv: Path | None = None
    feedback: bool = True
    hide_hidden_tests: bool = True
    sandbox: str = "auto"  # auto: a throwaway uid per worker when run as root; off: never
    sandbox_uid: int = SANDBOX_UID_BASE
    network: str = "off"  # off: kernels run in a network namespace of their own (when possible); on: not
    max_output_chars: int | None = None
    progress: bool = True


@dataclass
class Submission:
    """What happened to one student's submission of one problem set."""

    assignment: str
    student: str
    status: str  # graded | unchanged | failed
    autograde_seconds: float = 0.0
    feedback_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    score: tuple | None = None  # (points, max points, written answers still to grade)


@dataclass
class Report:
    course: Path
    db_url: str
    assignments: list[str]
    students: list[str]
    submissions: list[Submission]
    scores: dict  # (student, assignment) -> (score, max_score, needs_manual_grade) or None
    csv_path: Path
    workers: int
    seconds: float
    sandboxed: bool
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> dict:
        return {(s.student, s.assignment): s.problems for s in self.submissions if s.problems}


# --------------------------------------------------------------------------- configuration

def _venv_on_path() -> None:
    """nbgrader's Gradebook runs ``alembic`` from PATH when it creates a database."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def normalize_db_url(url: str) -> str:
    """``postgresql://`` with the driver that is installed (SQLAlchemy 2.1 defaults to psycopg 3)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgresql", "postgres"):
        return url
    try:
        import psycopg  # noqa: F401 - SQLAlchemy's default PostgreSQL driver since 2.1
        return f"postgresql+psycopg://{rest}"
    except ImportError:
        pass
    try:
        import psycopg2  # noqa: F401
    except ImportError as exc:
        raise GradingError("a PostgreSQL gradebook needs a driver: pip install psycopg2-binary") from exc
    return f"postgresql+psycopg2://{rest}"


def build_config(opts: Options, sandbox_uid: int = -1, scratch: str = "", isolate_network: bool = False):
    from .config import course_config, harden

    cfg = course_config(opts.course)
    if opts.db_url:
        cfg.CourseDirectory.db_url = opts.db_url
    if cfg.CourseDirectory.get("db_url"):
        cfg.CourseDirectory.db_url = normalize_db_url(cfg.CourseDirectory.db_url)
    if opts.timeout:
        cfg.Execute.timeout = int(opts.timeout)
    if opts.max_output_chars is not None:
        cfg.GuardedExecute.max_output_chars = int(opts.max_output_chars)
    cfg.GuardedKernelManager.sandbox_uid = sandbox_uid
    cfg.GuardedKernelManager.scratch_dir = scratch
    cfg.GuardedKernelManager.isolate_network = bool(isolate_network)
    cfg.Autograde.create_student = True
    harden(cfg, hide_hidden_tests=opts.hide_hidden_tests)
    return cfg


def resolved_db_url(cfg) -> str:
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=cfg).db_url


def _course_id(cfg) -> str:
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=cfg).course_id or "default_course"


# --------------------------------------------------------------------------- the worker side

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
        if str(url).startswith("sqlite") or args:
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
    _STATE.update(opts=opts, cfg=cfg, api=api, uid=uid, timeout=int(cfg.Execute.get("timeout", 30) or 30))


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
        fb_s = time.perf_counter() - start
        if not fb.get("success"):
            problems.append(f"feedback failed: {diagnose.failure_reason(fb)}")
    return Submission(assignment, student, "graded" if regraded else "unchanged",
                      auto_s, fb_s, list(dict.fromkeys(problems)))


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
            sub = Submission(assignment, student, "failed",
                             problems=[f"grading crashed: {type(exc).__name__}: {exc}"[:200]])
        try:
            sub.score = _submission_score(_STATE["api"], assignment, student)
        except Exception:  # noqa: BLE001, S110 - the score is for the progress line only
            pass
        out.append(sub)
    return out


# --------------------------------------------------------------------------- the cycle

def _say(out, text: str = "") -> None:
    print(text, file=out, flush=True)


def _problem_sets(course: Path) -> list[str]:
    src = course / "source"
    return sorted(p.name for p in src.iterdir() if p.is_dir() and not p.name.startswith(".")) if src.is_dir() else []


def _sandbox_possible(opts: Options, workers: int, out) -> tuple[bool, str]:
    if opts.sandbox == "off":
        return False, "sandbox off (--sandbox off): student code runs with the grader's rights"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False, ("not run as root, so student code runs with your own rights "
                       "(limits: timeout, output, memory, file size); see docs/instructors.md")
    for uid in range(opts.sandbox_uid, opts.sandbox_uid + workers):
        try:
            user = pwd.getpwuid(uid).pw_name
        except KeyError:
            continue
        raise GradingError(f"--sandbox-uid: uid {uid} belongs to user {user!r}; choose a free range")
    probe = subprocess.run([sys.executable, "-m", "course_lib.grading.sandbox", "--uid",
                            str(opts.sandbox_uid), "--", sys.executable, "-c",
                            "import course_lib"],
                           cwd="/", capture_output=True, text=True, timeout=120, check=False)
    if probe.returncode != 0:
        return False, ("cannot start a kernel as a sandbox uid, student code runs as root: "
                       + (probe.stderr.strip().splitlines() or ["?"])[-1])
    return True, f"student code runs as throwaway uids {opts.sandbox_uid}..{opts.sandbox_uid + workers - 1}"


def _network_isolation_possible(opts: Options, sandbox: bool, scratch: str) -> tuple[bool, str]:
    """Whether kernels can start without network here (a trial start of the launcher)."""
    if opts.network == "on":
        return False, "kernels keep network access (--network on)"
    args = [sys.executable, "-m", "course_lib.grading.sandbox", "--no-network"]
    if sandbox:
        args += ["--uid", str(opts.sandbox_uid), "--scratch", scratch]
    probe = subprocess.run([*args, "--", sys.executable, "-c", "import socket; socket.socket().close()"],
                           cwd="/", capture_output=True, text=True, timeout=120, check=False)
    if probe.returncode != 0:
        return False, ("kernels keep network access: cannot start one in a network namespace here ("
                       + (probe.stderr.strip().splitlines() or ["?"])[-1]
                       + "); grade as root, or in a container without network (docs/instructors.md)")
    return True, "kernels have no network"


def _lock_course(course: Path, out) -> None:
    """No access for 'other' users to the course root: the sandbox uids cannot read anything in it."""
    mode = course.stat().st_mode
    if mode & 0o007:
        os.chmod(course, mode & ~0o007)
        _say(out, f"note: removed access for other users from {course} (chmod o-rwx), "
                  "so graded code cannot read solutions, gradebook or other submissions")


def _infer_zip_assignment(zip_path: Path, candidates: list[str]) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        names = " ".join(zf.namelist())
    hits = [ps for ps in candidates if ps in names]
    if len(hits) == 1:
        return hits[0]
    raise GradingError(f"--zip: cannot tell which problem set {zip_path.name} holds "
                       f"(found {hits or 'none'} of {candidates}); pass --assignment")


def collect_zip(opts: Options, cfg, out) -> str:
    """Unpack an LMS download into ``submitted/`` with ``nbgrader zip_collect``; returns the problem set."""
    zip_path = Path(opts.zip).resolve()
    if not zip_path.is_file():
        raise GradingError(f"--zip: no such file {zip_path}")
    course = Path(opts.course)
    if len(opts.assignments) == 1:
        assignment = opts.assignments[0]
    elif opts.assignments:
        raise GradingError("--zip: pass one --assignment (a zip holds one problem set)")
    else:
        assignment = _infer_zip_assignment(zip_path, _problem_sets(course))
    archive = course / "downloaded" / assignment / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    shutil.copy(zip_path, archive / zip_path.name)
    regexp = opts.zip_regexp or cfg.FileNameCollectorPlugin.get("named_regexp") or DEFAULT_ZIP_REGEXP
    args = [sys.executable, "-m", "nbgrader", "zip_collect", assignment, "--force",
            f"--FileNameCollectorPlugin.named_regexp={regexp}",
            f"--CourseDirectory.root={course}"]
    proc = subprocess.run(args, cwd=course, capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        raise GradingError(f"nbgrader zip_collect failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    collected = re.findall(r"(\d+) files collected", proc.stdout + proc.stderr)
    skipped = re.findall(r"Skipped submission with no match information provided: (.*)", proc.stdout + proc.stderr)
    _say(out, f"zip_collect: {zip_path.name} -> submitted/*/{assignment}/ "
              f"({collected[-1] if collected else '?'} files collected)")
    for path in skipped:
        _say(out, f"  ! not collected (name does not match the LMS pattern): {Path(path).name}")
    return assignment


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
                raise GradingError(f"nbgrader generate_assignment {name} failed:\n"
                                   f"{res.get('log', '')[-2000:]}\n{res.get('error', '')[-2000:]}")
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
    flag = f"  ! {sub.problems[0]}" + (f" (+{len(sub.problems) - 1} more)" if len(sub.problems) > 1 else "") \
        if sub.problems else ""
    return (f"[{done:>{len(str(total))}}/{total}] {sub.student:<16} {sub.assignment:<22} {sub.status:<9} "
            f"{pts:>9} {sub.autograde_seconds + sub.feedback_seconds:6.1f} s"
            f"  eta {eta:5.0f} s{flag}")


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
                scores[(student, ps)] = (float(sub.score or 0), float(sub.max_score or 0),
                                         bool(sub.needs_manual_grade))
    return students, scores


def format_summary(report: Report) -> str:
    buf = io.StringIO()
    w = max([7, *(len(s) for s in report.students)])
    cols = [max(len(ps), 12) for ps in report.assignments]
    print("\nGrades (points; * = written answers still to grade by hand in the formgrader; "
          "- = no submission)", file=buf)
    print(f"  {'student':<{w}}  " + "  ".join(f"{ps:>{c}}" for ps, c in zip(report.assignments, cols)),
          file=buf)
    for student in report.students:
        cells = []
        for ps, c in zip(report.assignments, cols):
            sc = report.scores.get((student, ps))
            text = "-" if sc is None else f"{sc[0]:g}/{sc[1]:g}" + ("*" if sc[2] else " ")
            cells.append(f"{text:>{c}}")
        print(f"  {student:<{w}}  " + "  ".join(cells), file=buf)
    problems = report.problems
    print(f"\nProblems found: {sum(len(v) for v in problems.values())} "
          f"in {len(problems)} submission(s)", file=buf)
    for (student, ps), items in sorted(problems.items()):
        for item in items:
            print(f"  {student} / {ps}: {item}", file=buf)
    counts = {k: sum(1 for s in report.submissions if s.status == k) for k in ("graded", "unchanged", "failed")}
    graded = [s for s in report.submissions if s.status == "graded"]
    per = (sum(s.autograde_seconds + s.feedback_seconds for s in graded) / len(graded)) if graded else 0
    print(f"\n{len(report.submissions)} submission(s): {counts['graded']} graded, "
          f"{counts['unchanged']} unchanged since the last run, {counts['failed']} could not be graded; "
          f"{report.seconds:.1f} s with {report.workers} worker(s)"
          + (f", {per:.1f} s of grading per submission" if graded else ""), file=buf)
    print(f"gradebook: {_safe_url(report.db_url)}", file=buf)
    print(f"grades:    {report.csv_path}", file=buf)
    print(f"feedback:  {report.course / 'feedback'}/<student>/<problem set>/ "
          "(students get it with `nbgrader release_feedback`)", file=buf)
    for note in report.notes:
        print(f"note: {note}", file=buf)
    return buf.getvalue()


def _safe_url(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


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
        msg = (f"--workers {workers} ignored: the SQLite gradebook is not safe for concurrent "
               "writers (nbgrader opens it without WAL or retries), so grading runs serially. "
               "Use a PostgreSQL gradebook (--db-url postgresql://...) for parallel grading.")
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
        raise GradingError(f"--assignment: unknown problem set(s) {unknown}; the course has {available}")
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
    _say(out, f"grading {total} submission(s) of {len(jobs)} student(s) in {', '.join(with_subs) or '-'} "
              f"with {workers} worker(s); {why}")

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
                with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                         initargs=(opts, slots, sandbox, scratch, isolate)) as pool:
                    futures = {pool.submit(_grade_student, s, pss): s for s, pss in jobs.items()}
                    for fut in as_completed(futures):
                        record(fut.result())
                        pending.pop(futures[fut], None)
            except BrokenProcessPool:
                _say(out, f"warning: a worker process died; grading the {len(pending)} remaining "
                          "student(s) serially")
                _init_worker(opts, 0, sandbox, scratch, isolate)
                for student, pss in pending.items():
                    record(_grade_student(student, pss))
    finally:
        if sandbox:
            from .sandbox import kill_user_processes

            for uid in range(opts.sandbox_uid, opts.sandbox_uid + workers):
                kill_user_processes(uid)
            shutil.rmtree(scratch, ignore_errors=True)

    csv_path = Path(opts.csv).resolve() if opts.csv else opts.course / "grades.csv"
    export_csv(cfg, csv_path)
    students, scores = _scores_table(cfg, with_subs or assignments)
    submissions.sort(key=lambda s: (s.student, s.assignment))
    report = Report(course=opts.course, db_url=db_url, assignments=with_subs or assignments,
                    students=students, submissions=submissions, scores=scores, csv_path=csv_path,
                    workers=workers, seconds=time.perf_counter() - started, sandboxed=sandbox, notes=notes)
    _say(out, format_summary(report))
    return report

