"""Student kernels have no network while they are graded.

The test starts a TCP server on the grader's loopback and submits, among honest answers,
a notebook whose first answer tries to reach it (a raw socket and an HTTP request). The
server must see no connection from the graded kernel, the hostile student's other answers
are graded as usual, and the honest students keep their marks. As a control, the same
code run outside the grader does reach the server (so the test can fail).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import nbformat
import pytest

from course_support import copy_course, run
from grading_support import ProblemSet, build_class, deserved

pytestmark = pytest.mark.nbgrader

PS = "ps01_free_rider"

REACH = """\
import socket, urllib.request
reached = []
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"socket from the kernel\\n")
    reached.append("socket")
except OSError as exc:
    print("socket refused:", exc)
try:
    urllib.request.urlopen("http://127.0.0.1:{port}/exfiltrate", timeout=3)
    reached.append("http")
except Exception as exc:
    print("http refused:", exc)
print("reached:", reached)
"""


class Listener:
    """A loopback TCP server that records every connection it accepts."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.seen.append(conn.recv(200))
                    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
                except OSError:
                    self.seen.append(b"")

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_control_the_same_code_reaches_the_server_outside_the_grader(listener):
    out = subprocess.run(
        [sys.executable, "-c", REACH.format(port=listener.port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "reached: ['socket', 'http']" in out.stdout, out.stdout + out.stderr
    assert any(b"socket from the kernel" in s for s in listener.seen)


def test_graded_kernels_cannot_reach_a_loopback_server(tmp_path, listener):
    course = copy_course(tmp_path)
    ps = ProblemSet(course, PS)
    build_class(ps, course / "submitted", which=("correct", "blank"))
    nb = ps.correct()
    first = ps.code_answers[0]
    ps.cell(nb, first).source = REACH.format(port=listener.port) + ps.cell(nb, first).source
    (course / "submitted" / "netspy" / PS).mkdir(parents=True)
    nbformat.write(nb, course / "submitted" / "netspy" / PS / f"{PS}.ipynb")

    out = run(
        [
            sys.executable,
            "-m",
            "course_lib.grading",
            "--course",
            str(course),
            "--no-progress",
            "--no-feedback",
        ],
        cwd=course,
        timeout=1800,
    )
    assert "kernels have no network" in out.stdout, out.stdout[-3000:]
    assert listener.seen == [], f"a graded kernel reached the loopback server: {listener.seen}"

    graded = nbformat.read(course / "autograded" / "netspy" / PS / f"{PS}.ipynb", as_version=4)
    printed = "".join(
        o.get("text", "")
        for o in ps.cell(graded, first).outputs
        if o.get("output_type") == "stream"
    )
    assert "reached: []" in printed, printed

    # the rest of the hostile notebook and the honest students are graded as usual
    expected = deserved(ps, course / "submitted" / "correct" / PS / f"{PS}.ipynb", timeout=60)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "alliance_dilemmas") as gb:
        for student in ("netspy", "correct"):
            grades = {
                g.name: g.auto_score for g in gb.find_submission_notebook(PS, PS, student).grades
            }
            for test, points in expected.items():
                assert grades[test] == points, (
                    f"{student}/{test}: {grades[test]} instead of {points}"
                )
        blank = {g.name: g.auto_score for g in gb.find_submission_notebook(PS, PS, "blank").grades}
        assert all(blank[t] == 0 for t in ps.tests)


def test_network_on_is_a_stated_choice(tmp_path):
    course = copy_course(tmp_path)
    ps = ProblemSet(course, PS)
    build_class(ps, course / "submitted", which=("blank",))
    out = run(
        [
            sys.executable,
            "-m",
            "course_lib.grading",
            "--course",
            str(course),
            "--no-progress",
            "--no-feedback",
            "--network",
            "on",
        ],
        cwd=course,
        timeout=1800,
    )
    assert "kernels keep network access (--network on)" in out.stdout
