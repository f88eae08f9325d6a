"""The course the grading cycle works on, and what it is asked and answers.

Where the course is (:func:`find_course`: ``--course`` or the working directory, never the
package's own location), the cycle's :class:`Options`, the nbgrader configuration and gradebook
URL it runs with (:func:`build_config`, :func:`resolved_db_url`), and the records it returns
(:class:`Submission`, :class:`Report`). The other modules of the cycle build on this one.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

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
            raise GradingError(
                f"--course: {here / CONFIG_FILE} sets CourseDirectory.root to {root}, "
                f"which has no {CONFIG_FILE}"
            )
        return root
    if (here / "assignments" / CONFIG_FILE).is_file():
        return (here / "assignments").resolve()
    raise GradingError(
        f"--course: no nbgrader course here: neither {here} nor {here / 'assignments'} "
        f"has {CONFIG_FILE}; give the course root with --course DIR"
    )


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
    network: str = (
        "off"  # off: kernels run in a network namespace of their own (when possible); on: not
    )
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
        raise GradingError(
            "a PostgreSQL gradebook needs a driver: pip install psycopg2-binary"
        ) from exc
    return f"postgresql+psycopg2://{rest}"


def build_config(
    opts: Options, sandbox_uid: int = -1, scratch: str = "", isolate_network: bool = False
):
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


def _say(out, text: str = "") -> None:
    print(text, file=out, flush=True)


def _problem_sets(course: Path) -> list[str]:
    src = course / "source"
    return (
        sorted(p.name for p in src.iterdir() if p.is_dir() and not p.name.startswith("."))
        if src.is_dir()
        else []
    )
