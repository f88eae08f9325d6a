"""Plain helpers the tests share: the course's paths, running the venv's tools, a copy of the course.

Kept out of ``conftest.py`` (which holds only pytest's own hooks: fixtures and the hypothesis
profiles) so that tests, benchmarks and helper modules import them like any module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
COURSE = ROOT / "assignments"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
PROBLEM_SETS = sorted(p.name for p in (COURSE / "source").glob("ps*") if p.is_dir())


def notebook_client(nb, cwd: Path | str, timeout: int, **kw):
    """An nbclient ``NotebookClient`` for ``nb``, run in ``cwd``, on a kernel over Unix sockets.

    The kernel is started by :class:`course_lib.grading.execute.IpcKernelManager`: over TCP a
    kernel dies now and then with "Address already in use" when another process takes one
    of the ports picked for it before it binds them (seen in CI while two kernels started).
    """
    from nbclient import NotebookClient

    from course_lib.grading.execute import IpcKernelManager

    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=IpcKernelManager,
        resources={"metadata": {"path": str(cwd)}},
        **kw,
    )


def run(
    args: list[str], cwd: Path, check: bool = True, timeout: float = 600, **kw
) -> subprocess.CompletedProcess:
    """Run a command with the venv's tools first on PATH; on failure show what it printed."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(kw.pop("env", {}))
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, **kw
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, args))} exited {proc.returncode}\n--- stdout\n{proc.stdout[-5000:]}"
            f"\n--- stderr\n{proc.stderr[-5000:]}"
        )
    return proc


def nbgrader(
    *args: str, cwd: Path, check: bool = True, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run nbgrader's own CLI in a course directory."""
    return run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, check=check, timeout=timeout)


def copy_course(dest: Path) -> Path:
    """A clean copy of the nbgrader course (config and sources; no generated folders, no gradebook)."""
    course = dest / "course"
    course.mkdir(parents=True)
    shutil.copy(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(COURSE / "source", course / "source")
    return course
