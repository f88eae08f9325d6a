"""The grading cycle (``python -m course_lib.grading``): its parts, and the round trip of every problem set.

The round trip runs on the SQLite gradebook (ps01 arrives as an LMS zip through nbgrader's
``zip_collect``) and on a real PostgreSQL gradebook with two workers: the solution gets
full marks on every autograded cell, the blank release none, the CSV has a row per
student and problem set, the feedback exists and shows no hidden test. Without a
PostgreSQL server (``COURSE_TEST_POSTGRES_URL``) the PostgreSQL half is skipped with the
reason; under CI=true it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from course_support import PROBLEM_SETS, copy_course, run
from grading_support import (
    IS_ROOT,
    ProblemSet,
    create_database,
    drop_database,
    gradebook_grades,
    hidden_test_lines,
    html_text,
    postgres_admin_url,
)

pytestmark = pytest.mark.nbgrader


def cli(*args: str, cwd: Path, check: bool = True):
    return run(
        [sys.executable, "-m", "course_lib.grading", *args], cwd=cwd, check=check, timeout=1800
    )


# --------------------------------------------------------------------------- parts, no kernel


def test_hidden_tests_removed_from_feedback_cells():
    from course_lib.grading.feedback import PLACEHOLDER, HideHiddenTests

    source = (
        "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(10) == 20, 'secret message'\n"
        "assert f(-3) == -6\n### END HIDDEN TESTS"
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "t",
        "points": 1,
        "solution": False,
        "locked": True,
    }
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue="secret message",
            traceback=[
                "\x1b[0;31mAssertionError\x1b[0m Traceback",
                "Cell In[3], line 3\n----> 3 assert f(10) == 20",
            ],
        )
    ]
    visible = cell.copy()
    out, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "f(10)" not in out.source and "f(-3)" not in out.source and PLACEHOLDER in out.source
    assert out.source.startswith("assert f(1) == 2")
    assert out.outputs[0].evalue == "" and "hidden test failed" in out.outputs[0].traceback[0]
    assert "secret" not in str(out.outputs)

    # a failing visible test keeps its traceback, minus lines quoting the hidden ones
    visible.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue="",
            traceback=[
                (
                    "Cell In[3], line 1\n----> 1 assert f(1) == 2\n      2 ### BEGIN HIDDEN TESTS\n"
                    "      3 assert f(10) == 20, 'secret message'"
                )
            ],
        )
    ]
    out, _ = HideHiddenTests().preprocess_cell(visible, {}, 0)
    tb = "\n".join(out.outputs[0].traceback)
    assert "assert f(1) == 2" in tb and "f(10)" not in tb and "BEGIN HIDDEN" not in tb

    # which line failed is read from this cell's own frame, not from the answer's frame below it
    for own_line, hidden in ((1, False), (3, True)):
        cell = nbformat.v4.new_code_cell(source, execution_count=7)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1, "solution": False}
        cell.outputs = [
            nbformat.v4.new_output(
                "error",
                ename="ZeroDivisionError",
                evalue="division by zero",
                traceback=[
                    f"\x1b[36mCell\x1b[39m In[7], line {own_line}",
                    "Cell In[2], line 3, in f\n----> 3 return 1 / 0",
                ],
            )
        ]
        out, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
        assert ("hidden test failed" in out.outputs[0].traceback[0]) is hidden


def test_output_is_capped_while_it_arrives():
    from course_lib.grading.execute import GuardedExecute

    ex = GuardedExecute(max_output_chars=6000)
    outs = []
    header = {"msg_id": "m"}
    ex.output_hook_stack = {"m": []}
    ex.clear_before_next_output = False
    for _ in range(50):
        msg = {
            "msg_type": "stream",
            "parent_header": header,
            "header": {"msg_type": "stream"},
            "content": {"name": "stdout", "text": "y" * 300},
        }
        ex.output(outs, msg, None, 0)
    err = {
        "msg_type": "stream",
        "parent_header": header,
        "header": {"msg_type": "stream"},
        "content": {"name": "stderr", "text": "z" * 5000},
    }
    ex.output(outs, err, None, 0)
    text = "".join(o.text for o in outs if o.name == "stdout")
    assert len(text) < 6300 and "output truncated by the grader" in text
    assert [o for o in outs if o.name == "stderr"], (
        "stderr must survive: it costs a test cell its points"
    )
    error = {
        "msg_type": "error",
        "parent_header": header,
        "header": {"msg_type": "error"},
        "content": {"ename": "ValueError", "evalue": "e" * 10**6, "traceback": ["t" * 10**6] * 500},
    }
    ex.output(outs, error, None, 0)
    assert (
        outs[-1].output_type == "error"
        and len(outs[-1].evalue) <= 2000
        and len(outs[-1].traceback) <= 200
    )
    rich = {
        "msg_type": "display_data",
        "parent_header": header,
        "header": {"msg_type": "display_data"},
        "content": {"data": {"text/plain": "p" * 5000}, "metadata": {}},
    }
    before = len(outs)
    ex.output(outs, rich, None, 1)  # a new cell: fits
    ex.output(outs, rich, None, 1)  # over the limit: dropped, with a note
    ex.output(outs, rich, None, 1)  # dropped silently
    assert [o.output_type for o in outs[before:]] == ["display_data", "stream"]


@pytest.mark.parametrize("manager", ["IpcKernelManager", "GuardedKernelManager"])
def test_kernels_talk_over_unix_sockets_in_private_folders(manager):
    """No TCP port is picked for a kernel, so kernels starting at once cannot race for one
    (CI once lost a kernel to "Address already in use" while two started over TCP)."""
    import asyncio
    import stat

    from course_lib.grading import execute

    async def start_two():
        kms = [getattr(execute, manager)(kernel_name="python3") for _ in range(2)]
        await asyncio.gather(*(km.start_kernel() for km in kms))
        try:
            replies = []
            for km in kms:
                kc = km.client()
                kc.start_channels()
                await kc.wait_for_ready(timeout=60)
                replies.append(await kc.execute_interactive("x = 6 * 7", timeout=60))
                kc.stop_channels()
            return [km.get_connection_info() for km in kms], replies
        finally:
            await asyncio.gather(*(km.shutdown_kernel(now=True) for km in kms))

    infos, replies = asyncio.run(start_two())
    assert [r["content"]["status"] for r in replies] == ["ok", "ok"]
    assert [i["transport"] for i in infos] == ["ipc", "ipc"]
    folders = {os.path.dirname(i["ip"]) for i in infos}
    assert len(folders) == 2, "each kernel gets a folder of its own"
    for folder in folders:
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def _sandbox(*args: str, code: str, **kw):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "course_lib.grading.sandbox",
            *args,
            "--",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COURSE_GRADING_KERNEL_OUTPUT": "1"},
        check=False,
        **kw,
    )


def test_sandbox_limits_memory_and_file_size(tmp_path):
    big = _sandbox("--memory-mb", "400", code="b = bytearray(800 * 2**20)")
    assert big.returncode != 0 and "MemoryError" in big.stderr
    huge = _sandbox(
        "--file-mb", "1", code=f"open({str(tmp_path / 'f')!r}, 'wb').write(b'x' * 2 * 2**20)"
    )
    assert huge.returncode != 0 and "File too large" in huge.stderr


@pytest.mark.skipif(not IS_ROOT, reason="dropping to a sandbox uid needs root")
def test_sandbox_drops_to_its_uid_and_cannot_read_private_folders(tmp_path):
    private = tmp_path / "course"
    private.mkdir()
    (private / "solution.txt").write_text("42")
    os.chmod(private, 0o750)
    proc = _sandbox(
        "--uid",
        "65090",
        "--scratch",
        str(tmp_path / "scratch"),
        cwd="/",
        code=(
            "import os\nprint(os.getuid(), os.getgid(), os.getgroups())\n"
            f"open({str(private / 'solution.txt')!r}).read()"
        ),
    )
    assert proc.stdout.split("\n")[0] == "65090 65090 []"
    assert "PermissionError" in proc.stderr


def test_cli_rejects_bad_options(tmp_path):
    course = copy_course(tmp_path)
    assert cli("--course", str(course), "--workers", "0", cwd=tmp_path, check=False).returncode == 2
    proc = cli("--course", str(course), "--assignment", "ps99_nothing", cwd=tmp_path, check=False)
    assert proc.returncode == 2 and "unknown problem set" in proc.stderr
    proc = cli("--course", str(tmp_path / "nowhere"), cwd=tmp_path, check=False)
    assert proc.returncode == 2 and "nbgrader_config.py" in proc.stderr


def test_the_course_comes_from_the_arguments_or_the_working_directory(tmp_path):
    """No repository layout assumed: --course, else ./nbgrader_config.py (and its root), else ./assignments."""
    from course_lib.grading.cycle import GradingError, find_course

    course = copy_course(tmp_path)
    assert find_course(course, cwd=tmp_path / "elsewhere") == course.resolve()
    assert find_course(None, cwd=course) == course.resolve()
    layout = tmp_path / "checkout"
    shutil.copytree(course, layout / "assignments")
    assert find_course(None, cwd=layout) == (layout / "assignments").resolve()
    # a config in the working directory that points at the course, as on the hub
    home = tmp_path / "home"
    home.mkdir()
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n", encoding="utf-8"
    )
    assert find_course(None, cwd=home) == course.resolve()
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(tmp_path / 'gone')!r}\n", encoding="utf-8"
    )
    with pytest.raises(GradingError, match="sets CourseDirectory.root"):
        find_course(None, cwd=home)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GradingError, match="--course") as info:
        find_course(None, cwd=empty)
    assert str(empty) in str(info.value)
    with pytest.raises(GradingError, match="--course: .* has no nbgrader_config.py"):
        find_course(empty)


def test_cli_without_a_course_says_which_option(tmp_path):
    for argv in ((), ("report",)):
        proc = cli(*argv, cwd=tmp_path, check=False)
        assert (
            proc.returncode == 2
            and "--course" in proc.stderr
            and "nbgrader_config.py" in proc.stderr
        )


# --------------------------------------------------------------------------- the round trip


def _canvas_zip(path: Path, files: dict[str, Path]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, src in files.items():
            zf.write(src, name)
        zf.writestr("notes.txt", "not a notebook")
        zf.writestr("random_name.ipynb", "{}")
    return path


def _round_trip(tmp: Path, db_url: str | None, workers: int, via_zip: bool) -> dict:
    course = copy_course(tmp)
    sets = {ps: ProblemSet(course, ps) for ps in PROBLEM_SETS}
    outputs = []
    db = ["--db-url", db_url] if db_url else []
    for ps, info in sets.items():
        solution = course / "source" / ps / f"{ps}.ipynb"
        blank = tmp / f"{ps}-blank.ipynb"
        nbformat.write(info.release, blank)
        if via_zip and ps == PROBLEM_SETS[0]:
            archive = _canvas_zip(
                tmp / "lms-download.zip",
                {f"solution_1001_2001_{ps}.ipynb": solution, f"blank_1002_2002_{ps}.ipynb": blank},
            )
            outputs.append(
                cli(
                    "--course",
                    str(course),
                    *db,
                    "--zip",
                    str(archive),
                    "--workers",
                    str(workers),
                    cwd=tmp,
                ).stdout
            )
            continue
        for student, nb in (("solution", solution), ("blank", blank)):
            target = course / "submitted" / student / ps
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(nb, target / f"{ps}.ipynb")
    outputs.append(cli("--course", str(course), *db, "--workers", str(workers), cwd=tmp).stdout)
    url = db_url or f"sqlite:///{course / 'gradebook.db'}"
    return {"course": course, "sets": sets, "out": outputs, "grades": gradebook_grades(url)}


@pytest.fixture(scope="module")
def sqlite_round_trip(tmp_path_factory):
    if not PROBLEM_SETS:
        pytest.fail("no problem sets in assignments/source")
    return _round_trip(tmp_path_factory.mktemp("cycle-sqlite"), None, 1, via_zip=True)


@pytest.fixture(scope="module")
def postgres_round_trip(tmp_path_factory):
    admin, why = postgres_admin_url()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL for the gradebook tests: {why}")
        pytest.skip(why)
    url = create_database(admin)
    try:
        yield _round_trip(tmp_path_factory.mktemp("cycle-postgres"), url, 2, via_zip=False)
    finally:
        drop_database(admin, url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def round_trip(request):
    """The whole cycle on each gradebook: SQLite serially (from an LMS zip), PostgreSQL with 2 workers."""
    return request.param, request.getfixturevalue(f"{request.param}_round_trip")


def test_solution_full_marks_blank_none(round_trip):
    _, rt = round_trip
    for ps, info in rt["sets"].items():
        for test in info.tests:
            assert rt["grades"][("solution", ps, test)][0] == info.points[test], (ps, test)
            assert rt["grades"][("blank", ps, test)][0] == 0, (ps, test)


def test_csv_has_every_student_and_problem_set(round_trip):
    _, rt = round_trip
    rows = (rt["course"] / "grades.csv").read_text().strip().splitlines()
    assert rows[0].startswith("assignment,duedate,timestamp,student_id")
    got = sorted((r.split(",")[0], r.split(",")[3]) for r in rows[1:])
    assert got == sorted((ps, s) for ps in rt["sets"] for s in ("solution", "blank"))
    for row in rows[1:]:
        fields = row.split(",")
        info = rt["sets"][fields[0]]
        assert float(fields[-1]) == info.max
        assert float(fields[-2]) == (info.auto_max if fields[3] == "solution" else 0.0)


def test_summary_shows_students_by_problem_sets(round_trip):
    _, rt = round_trip
    out = rt["out"][-1]
    header = next(line for line in out.splitlines() if line.strip().startswith("student "))
    assert header.split()[1:] == sorted(rt["sets"])
    for student in ("solution", "blank"):
        assert any(line.split()[:1] == [student] for line in out.splitlines())
    assert "grades:" in out and "feedback:" in out


def test_feedback_written_without_hidden_tests(round_trip):
    _, rt = round_trip
    for ps, info in rt["sets"].items():
        secrets = hidden_test_lines(info)
        for student in ("solution", "blank"):
            html = rt["course"] / "feedback" / student / ps / f"{ps}.html"
            assert html.exists(), html
            text = html_text(html.read_text())
            assert not [s for s in secrets if s in text], f"{html}: hidden tests leaked"


def test_parallel_workers_used_on_postgres(round_trip):
    backend, rt = round_trip
    if backend == "postgres":
        assert "with 2 worker(s)" in rt["out"][-1]
    else:
        assert "with 1 worker(s)" in rt["out"][-1]


def test_zip_collect_brings_the_lms_download_in(sqlite_round_trip):
    rt = sqlite_round_trip
    ps = PROBLEM_SETS[0]
    first = rt["out"][0]
    assert "zip_collect:" in first and "2 files collected" in first
    assert "random_name.ipynb" in first  # named as not collected
    for student in ("solution", "blank"):
        assert (rt["course"] / "submitted" / student / ps / f"{ps}.ipynb").exists()
    # the second run finds the zip's submissions already graded
    assert "unchanged" in rt["out"][-1]


def test_concurrent_grading_runs_take_different_sandbox_uids():
    """A kernel launch kills its uid's leftovers, so two runs at once must not share uids."""
    from course_lib.grading import cycle

    first, second = cycle.Options(sandbox_uid=65200), cycle.Options(sandbox_uid=65200)
    try:
        cycle._claim_sandbox_uids(first, 2)
        held = list(cycle._UID_LOCKS)
        cycle._UID_LOCKS.clear()  # as if held by another grading run
        cycle._claim_sandbox_uids(second, 2)
        assert first.sandbox_uid == 65200 and second.sandbox_uid == 65202
    finally:
        cycle._release_sandbox_uids()
        cycle._UID_LOCKS.extend(held)
        cycle._release_sandbox_uids()
    third = cycle.Options(sandbox_uid=65200)
    cycle._claim_sandbox_uids(third, 2)  # released: the first block is free again
    cycle._release_sandbox_uids()
    assert third.sandbox_uid == 65200
