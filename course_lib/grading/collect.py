"""Submissions from a learning-management system: an LMS zip into ``submitted/`` with ``nbgrader zip_collect``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .course import GradingError, Options, _problem_sets, _say

#: Canvas' "Download submissions" names files ``<name>_[LATE_]<userid>_<submissionid>_<file>``.
DEFAULT_ZIP_REGEXP = (
    r".*/(?P<student_id>[^/_]+)_(?:LATE_)?\d+_\d+_"
    r"(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"
)


def _infer_zip_assignment(zip_path: Path, candidates: list[str]) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        names = " ".join(zf.namelist())
    hits = [ps for ps in candidates if ps in names]
    if len(hits) == 1:
        return hits[0]
    raise GradingError(
        f"--zip: cannot tell which problem set {zip_path.name} holds "
        f"(found {hits or 'none'} of {candidates}); pass --assignment"
    )


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
    regexp = (
        opts.zip_regexp or cfg.FileNameCollectorPlugin.get("named_regexp") or DEFAULT_ZIP_REGEXP
    )
    args = [
        sys.executable,
        "-m",
        "nbgrader",
        "zip_collect",
        assignment,
        "--force",
        f"--FileNameCollectorPlugin.named_regexp={regexp}",
        f"--CourseDirectory.root={course}",
    ]
    proc = subprocess.run(
        args, cwd=course, capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0:
        raise GradingError(f"nbgrader zip_collect failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    collected = re.findall(r"(\d+) files collected", proc.stdout + proc.stderr)
    skipped = re.findall(
        r"Skipped submission with no match information provided: (.*)", proc.stdout + proc.stderr
    )
    _say(
        out,
        f"zip_collect: {zip_path.name} -> submitted/*/{assignment}/ "
        f"({collected[-1] if collected else '?'} files collected)",
    )
    for path in skipped:
        _say(out, f"  ! not collected (name does not match the LMS pattern): {Path(path).name}")
    return assignment
