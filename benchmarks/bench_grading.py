"""Grading at scale: serial vs parallel autograding, and the cycle's overhead over plain nbclient.

One run on a generated class of ps01 submissions (50 by default; ``BENCH_GRADING_N``
changes it): correct, partly correct and blank in turn.

* plain nbclient: each notebook executed on a fresh kernel, nothing else (the floor);
* the grading cycle, serial (``--workers 1``) and with 2 workers, on a PostgreSQL
  gradebook (``COURSE_TEST_POSTGRES_URL``; without a server the parallel half is skipped
  and the serial run uses SQLite).

Printed: seconds per submission for each, the parallel speed-up (target >= 1.6x with
2 workers on 2 cores) and the overhead of grading over plain execution (target <= 1.2x,
for nbgrader's autograde alone and for the whole cycle with feedback and CSV).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PS = "ps01_free_rider"


def _support():
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import course_support
    import grading_support

    return course_support, grading_support


def _plain_nbclient(paths: list[Path], timeout: int) -> float:
    import nbformat
    from nbclient import NotebookClient

    saved = os.dup(2)  # the kernels' start-up warnings would bury the results
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        start = time.perf_counter()
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            with tempfile.TemporaryDirectory() as run_dir:
                NotebookClient(
                    nb,
                    timeout=timeout,
                    kernel_name="python3",
                    allow_errors=True,
                    resources={"metadata": {"path": run_dir}},
                ).execute()
        return time.perf_counter() - start
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _cycle(course: Path, db_url: str | None, workers: int, sandbox: str = "auto"):
    from course_lib.grading import cycle

    opts = cycle.Options(
        course=course, db_url=db_url, workers=workers, progress=False, sandbox=sandbox
    )
    start = time.perf_counter()
    report = cycle.run(opts, out=io.StringIO())
    wall = time.perf_counter() - start
    autograde = sum(s.autograde_seconds for s in report.submissions)
    return wall, autograde, report


def _line(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<62}{value:>12}" + (f"   (target: {target})" if target else ""))


def main() -> None:
    conftest, support = _support()
    if not (conftest.COURSE / "source" / PS / f"{PS}.ipynb").exists():
        print(f"  skipped: {PS} is not in assignments/source")
        return
    n = int(os.environ.get("BENCH_GRADING_N", "50"))
    timeout = 60
    admin, why = support.postgres_admin_url()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        base = conftest.copy_course(tmp / "base")
        ps = support.ProblemSet(base, PS)
        students = support.build_honest_class(ps, base / "submitted", n)
        paths = [base / "submitted" / s / PS / f"{PS}.ipynb" for s in students]
        print(
            f"{n} generated {PS} submissions (correct, partly correct, blank in turn); "
            f"{os.cpu_count()} cores; per-cell timeout {timeout} s"
        )

        plain = _plain_nbclient(paths, timeout)
        _line("plain nbclient, one fresh kernel per notebook", f"{plain / n:8.2f} s/sub")

        def course_copy(name: str) -> Path:
            dest = tmp / name
            shutil.copytree(base, dest, symlinks=True)
            return dest

        dbs = []
        try:
            serial_url = parallel_url = unsandboxed_url = None
            if admin:
                serial_url = support.create_database(admin)
                parallel_url = support.create_database(admin)
                unsandboxed_url = support.create_database(admin)
                dbs = [serial_url, parallel_url, unsandboxed_url]
            backend = "PostgreSQL" if admin else "SQLite"
            # warm-up: the first grading in a process pays nbgrader's imports and caches; not measured
            warm = course_copy("warm-up")
            for extra in sorted((warm / "submitted").iterdir())[3:]:
                shutil.rmtree(extra)
            _cycle(warm, None, 1)
            wall1, auto1, _ = _cycle(course_copy("serial"), serial_url, 1)
            _line(f"grading cycle, serial ({backend} gradebook)", f"{wall1 / n:8.2f} s/sub")
            _line("  of which nbgrader autograde", f"{auto1 / n:8.2f} s/sub")
            _line("autograde overhead over plain nbclient", f"{auto1 / plain:8.2f} x", "<= 1.2x")
            _line(
                "whole-cycle overhead (autograde, feedback, CSV, summary)",
                f"{wall1 / plain:8.2f} x",
                "<= 1.2x",
            )
            if (
                admin
            ):  # the same serial run, each gradebook opened as nbgrader does (a new connection)
                from course_lib.grading.worker import REUSE_ENV

                baseline_url = support.create_database(admin)
                dbs.append(baseline_url)
                os.environ[REUSE_ENV] = "0"
                try:
                    _, auto_new, _ = _cycle(course_copy("serial-new-connections"), baseline_url, 1)
                finally:
                    del os.environ[REUSE_ENV]
                _line(
                    "  autograde overhead, a new connection per gradebook (nbgrader's)",
                    f"{auto_new / plain:8.2f} x",
                )
                _line("  connections kept open: autograde faster by", f"{auto_new / auto1:8.2f} x")
            if os.geteuid() == 0:  # the same, with kernels run as the grader (no throwaway uid)
                _, auto0, _ = _cycle(
                    course_copy("serial-unsandboxed"), unsandboxed_url, 1, sandbox="off"
                )
                _line("  autograde overhead without the kernel sandbox", f"{auto0 / plain:8.2f} x")
                _line("  cost of the sandbox per submission", f"{(auto1 - auto0) / n:8.2f} s/sub")
            if not admin:
                print(f"  parallel grading skipped: {why}")
                return
            wall2, _, _ = _cycle(course_copy("parallel"), parallel_url, 2)
            _line("grading cycle, 2 workers (PostgreSQL gradebook)", f"{wall2 / n:8.2f} s/sub")
            _line("parallel speed-up, 2 workers", f"{wall1 / wall2:8.2f} x", ">= 1.6x on 2 cores")
            g1 = support.gradebook_grades(serial_url)
            g2 = support.gradebook_grades(parallel_url)
            print(f"  serial and parallel grades identical: {g1 == g2} ({len(g1)} grades)")
        finally:
            for url in dbs:
                support.drop_database(admin, url)


if __name__ == "__main__":
    main()
