"""The course on a real JupyterHub: one instructor, three students, the whole nbgrader cycle.

The hub is ``hub/jupyterhub_config.py`` exactly as ``make hub`` starts it (PAM accounts,
``LocalProcessSpawner``, configurable-http-proxy from ``hub/node_modules``), on loopback,
with real local accounts this test creates (``useradd``) and removes. A test-only service
token lets the test start servers and get each user's own API token, as the browser would
after login; every nbgrader step then goes through the user's own single-user server:

1. the instructor generates and releases ps01 from the formgrader's API, into a temporary
   exchange root;
2. each student lists, fetches (the Assignments extension's ``/assignments/fetch``), saves
   an answer through the contents API as JupyterLab does, and submits
   (``/assignments/submit``): one correct, one partial, one blank;
3. the instructor collects (formgrader API), runs ``make grade`` as themself on a
   PostgreSQL gradebook (a private server with password authentication, run by the
   instructor), and releases feedback (formgrader API);
4. each student fetches feedback and reads their own score in it.

Checked: each student's score, in the feedback they fetched and in the gradebook, is what
their answer deserves (plain nbclient with the hidden tests put back, nbgrader's scoring
rule); no hidden test reaches the feedback; as each student, reading another student's
submission or home, the source notebooks, the course's gradebook config or the gradebook
itself fails, and so does using another user's server; students have no formgrader, the
instructor's formgrader may be framed by JupyterLab (JupyterHub >= 4.1 forbids it by
default); PAM login works with the right password only.

Needs root (to create accounts and let the hub spawn as them), the hub's proxy (``npm ci
--prefix hub``), and PostgreSQL's server binaries. Without them the test skips with the
reason; under CI=true it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from course_support import COURSE, ROOT, copy_course
from grading_support import (
    IS_ROOT,
    ProblemSet,
    deserved,
    gradebook_grades,
    hidden_test_lines,
    html_text,
    nbgrader_meta,
    strip_solution_markers,
)

pytestmark = [pytest.mark.nbgrader, pytest.mark.postgres]

PS = "ps01_free_rider"
COURSE_ID = "alliance_dilemmas"
HUB_DIR = ROOT / "hub"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
VENV_BIN = Path(sys.executable).parent
KINDS = ("correct", "partial", "blank")


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(
            f"CI runs as root with the hub's tools installed, so this is a failure: {reason}",
            pytrace=False,
        )
    pytest.skip(reason)


def _postgres_bin() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)] or [0],
    )
    return found[-1].parent if found else None


def _prerequisites() -> None:
    if not IS_ROOT:
        _unavailable(
            "the hub test creates local accounts and spawns servers as them: it must run as root"
        )
    for tool in ("useradd", "userdel", "runuser", "chpasswd"):
        if not shutil.which(tool):
            _unavailable(f"{tool} is missing (package passwd / util-linux)")
    if not PROXY.exists():
        _unavailable(
            f"configurable-http-proxy is not installed: run `npm ci --prefix hub` ({PROXY} missing)"
        )
    if not (VENV_BIN / "jupyterhub").exists():
        _unavailable("jupyterhub is not installed in the venv: pip install -r requirements-hub.txt")
    if _postgres_bin() is None:
        _unavailable("no PostgreSQL server binaries (apt-get install postgresql)")


# --------------------------------------------------------------------------- accounts and processes


def as_user(
    user: str,
    home: Path,
    cmd: list[str],
    check: bool = True,
    timeout: float = 600,
    cwd: Path | None = None,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """Run ``cmd`` as ``user`` with a clean environment (their home, the course venv first on PATH)."""
    base = {
        "HOME": str(home),
        "USER": user,
        "LOGNAME": user,
        "LANG": "C.UTF-8",
        "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        **(env or {}),
    }
    full = ["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in base.items()], *cmd]
    proc = subprocess.run(
        full, cwd=cwd or home, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and proc.returncode:
        raise AssertionError(
            f"as {user}: {' '.join(map(str, cmd))} exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
        )
    return proc


def _open_path_for_others(path: Path) -> list[tuple[Path, int]]:
    """Give 'other' users traversal (x, never read) on each ancestor of ``path`` that lacks it.

    The users' servers run the course venv in place; a clone under /root (mode 700) would
    otherwise be out of their reach. Returns what to restore."""
    changed = []
    for folder in reversed(path.resolve().parents):
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            os.chmod(folder, mode | stat.S_IXOTH)
            changed.append((folder, stat.S_IMODE(mode)))
    return changed


def _free_port_block(n: int = 3) -> int:
    """A port p such that p .. p+n-1 are all free on loopback."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n > 65535:
            continue
        try:
            socks = []
            for p in range(base, base + n):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
        return base
    raise RuntimeError("no block of free ports on 127.0.0.1")


class Hub:
    """A running hub and what the test knows about it."""

    def __init__(self, url: str, token: str, proc: subprocess.Popen, log: Path):
        import requests

        self.url, self.proc, self.log = url, proc, log
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {token}"
        self.user_tokens: dict[str, str] = {}

    def hub_api(self, method: str, path: str, **kw):
        r = self.api.request(method, f"{self.url}/hub/api{path}", timeout=60, **kw)
        if r.status_code >= 400:
            raise AssertionError(
                f"hub API {method} {path}: {r.status_code} {r.text[:500]}\n{self.log_tail()}"
            )
        return r.json() if r.text else None

    def log_tail(self, n: int = 6000) -> str:
        return (
            "--- hub log\n" + self.log.read_text(errors="replace")[-n:] if self.log.exists() else ""
        )

    def as_user(
        self, user: str, method: str, path: str, token: str | None = None, ok: bool = True, **kw
    ):
        """A request to ``/user/<user>/<path>`` with ``token`` (default: that user's own)."""
        import requests

        token = token or self.user_tokens[user]
        r = requests.request(
            method,
            f"{self.url}/user/{user}/{path.lstrip('/')}",
            timeout=300,
            headers={"Authorization": f"token {token}"},
            allow_redirects=False,
            **kw,
        )
        if ok and r.status_code >= 400:
            raise AssertionError(
                f"{method} /user/{user}/{path}: {r.status_code} {r.text[:1500]}\n{self.log_tail()}"
            )
        return r


def _wait(what: str, predicate, timeout: float, hub: Hub | None = None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - not up yet
            last = exc
        time.sleep(0.5)
    raise AssertionError(
        f"timed out after {timeout:.0f} s waiting for {what} ({last!r})\n"
        + (hub.log_tail() if hub else "")
    )


# --------------------------------------------------------------------------- the cycle


def _answer(ps: ProblemSet, fetched: dict, kind: str) -> nbformat.NotebookNode:
    """What a student with this ``kind`` of answer saves, starting from the notebook they fetched."""
    nb = nbformat.from_dict(fetched)
    answers = [gid for gid in ps.code_answers]
    skip = (
        {answers[len(answers) // 2]}
        if kind == "partial"
        else set(answers)
        if kind == "blank"
        else set()
    )
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and gid in ps.by_id and gid not in skip:
            if cell.cell_type == "code" or kind == "correct":
                cell.source = strip_solution_markers(ps.by_id[gid].source)
    return nb


PROBE = r"""
import json, os, sys
out = {}
def attempt(name, fn):
    try:
        got = fn()
        out[name] = "ALLOWED: " + repr(got)[:120]
    except Exception as exc:
        out[name] = "denied: " + type(exc).__name__
targets = json.loads(sys.argv[1])
for name, path in targets["read"].items():
    attempt("read " + name, lambda p=path: open(p, "rb").read(64))
for name, path in targets["list"].items():
    attempt("list " + name, lambda p=path: os.listdir(p))
import psycopg2
for name, dsn in targets["connect"].items():
    attempt("connect " + name, lambda d=dsn: psycopg2.connect(d, connect_timeout=5).close() or "connected")
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def hub_cycle(tmp_path_factory):
    _prerequisites()
    import requests

    ps = ProblemSet(COURSE, PS)
    tag = uuid.uuid4().hex[:6]
    instructor = f"in{tag}"
    students = {f"st{tag}{kind[0]}": kind for kind in KINDS}
    base = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    os.chmod(base, 0o755)
    homes = base / "home"
    homes.mkdir(mode=0o755)
    exchange = base / "exchange"
    state = base / "hub-state"
    created: list[str] = []
    restore = []
    hub_proc = None
    pg = None
    try:
        restore = _open_path_for_others(VENV_BIN / "python")
        restore += _open_path_for_others(ROOT / "course_lib" / "__init__.py")
        passwords = {}
        for user in (instructor, *students):
            subprocess.run(
                [
                    "useradd",
                    "--create-home",
                    "--home-dir",
                    str(homes / user),
                    "--shell",
                    "/bin/bash",
                    "--user-group",
                    user,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            created.append(user)
            os.chmod(homes / user, 0o700)
            passwords[user] = secrets.token_urlsafe(12)
        subprocess.run(
            ["chpasswd"],
            input="".join(f"{u}:{p}\n" for u, p in passwords.items()),
            check=True,
            capture_output=True,
            text=True,
        )
        ihome = homes / instructor
        first = next(iter(students))
        probe = as_user(
            first,
            homes / first,
            [str(VENV_BIN / "python"), "-c", "import course_lib, jupyterhub, nbgrader, psycopg2"],
            check=False,
        )
        assert probe.returncode == 0, (
            f"a student account cannot run the course venv ({VENV_BIN}): {probe.stderr[-2000:]}"
        )

        # the instructor's gradebook: a PostgreSQL server they run, password authentication
        pg_bin = _postgres_bin()
        pg_port = _free_port_block(1)
        pg_dir = ihome / "postgres"
        pg_password = secrets.token_urlsafe(16)
        (ihome / ".pgpw").write_text(pg_password + "\n")
        shutil.chown(ihome / ".pgpw", instructor, instructor)
        as_user(
            instructor,
            ihome,
            [
                str(pg_bin / "initdb"),
                "-D",
                str(pg_dir),
                "-U",
                "grader",
                f"--pwfile={ihome / '.pgpw'}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-instructions",
            ],
            timeout=120,
        )
        (ihome / ".pgpw").unlink()
        as_user(
            instructor,
            ihome,
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(pg_dir),
                "-l",
                str(pg_dir / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {pg_port} -k {pg_dir} -c fsync=off "
                "-c synchronous_commit=off",
                "start",
            ],
            timeout=120,
        )
        pg = (pg_bin, pg_dir)
        import psycopg2

        conn = psycopg2.connect(
            host="127.0.0.1", port=pg_port, user="grader", password=pg_password, dbname="postgres"
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE "gradebook"')
        conn.close()
        # the driver named: SQLAlchemy >= 2.1 would pick psycopg 3 for a bare postgresql://, and
        # the formgrader (nbgrader's own Gradebook) does not rewrite the URL as `make grade` does
        db_url = f"postgresql+psycopg2://grader:{pg_password}@127.0.0.1:{pg_port}/gradebook"

        # the instructor's course: the repository's, with the gradebook on that server
        course = copy_course(ihome)
        with open(course / "nbgrader_config.py", "a") as fh:
            fh.write(f'\nc.CourseDirectory.db_url = "{db_url}"\n')
        subprocess.run(["chown", "-R", f"{instructor}:{instructor}", str(course)], check=True)
        os.chmod(course, 0o700)

        # the hub: the course's configuration plus a test-only service that may start servers
        port = _free_port_block(3)
        token = secrets.token_hex(32)
        test_config = base / "jupyterhub_test_config.py"
        test_config.write_text(
            "c = get_config()  # noqa\n"
            f"load_subconfig({str(HUB_DIR / 'jupyterhub_config.py')!r})\n"
            f"c.JupyterHub.services = [{{'name': 'course-test', 'api_token': {token!r}}}]\n"
            "c.JupyterHub.load_roles = [{'name': 'course-test', 'services': ['course-test'], 'scopes': "
            "['admin:users', 'admin:servers', 'tokens', 'list:users', 'read:users', 'list:groups', 'read:groups']}]\n"
        )
        env = {
            **os.environ,
            "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "/usr/bin:/bin")]),
            "COURSE_HUB_INSTRUCTORS": instructor,
            "COURSE_HUB_STUDENTS": ",".join(students),
            "COURSE_HUB_COURSE_DIR": str(course),
            "COURSE_EXCHANGE_ROOT": str(exchange),
            "COURSE_HUB_STATE": str(state),
            "COURSE_HUB_IP": "127.0.0.1",
            "COURSE_HUB_PORT": str(port),
        }
        log = base / "hub.log"
        with open(log, "w") as fh:
            hub_proc = subprocess.Popen(
                [str(VENV_BIN / "jupyterhub"), "-f", str(test_config)],
                cwd=base,
                env=env,
                stdout=fh,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        hub = Hub(f"http://127.0.0.1:{port}", token, hub_proc, log)
        _wait(
            "the hub's API",
            lambda: (
                hub_proc.poll() is None
                and requests.get(f"{hub.url}/hub/api/", timeout=5).status_code == 200
                or hub_proc.poll() is not None
            ),
            120,
            hub,
        )
        assert hub_proc.poll() is None, f"the hub exited {hub_proc.returncode}\n{hub.log_tail()}"

        # PAM login, as a student would in the browser (only the right password works)
        logins = {}
        for user, password in (
            (first, passwords[first]),
            (first, "wrong-" + passwords[first]),
            ("nosuchuser", "x"),
        ):
            s = requests.Session()
            s.get(f"{hub.url}/hub/login", timeout=30)
            r = s.post(
                f"{hub.url}/hub/login",
                data={"username": user, "password": password, "_xsrf": s.cookies.get("_xsrf", "")},
                allow_redirects=False,
                timeout=60,
            )
            logins[(user, password == passwords.get(user))] = r.status_code

        # everyone's server, and their own API token (what the browser holds after login)
        users = [instructor, *students]
        for user in users:
            hub.hub_api("POST", f"/users/{user}/server")
        for user in users:
            _wait(
                f"{user}'s server",
                lambda u=user: (
                    hub.hub_api("GET", f"/users/{u}")["servers"].get("", {}).get("ready")
                ),
                240,
                hub,
            )
            hub.user_tokens[user] = hub.hub_api(
                "POST", f"/users/{user}/tokens", json={"note": "course test", "expires_in": 3600}
            )["token"]

        # 1. the instructor generates and releases the problem set (formgrader API)
        fg = f"formgrader/api/assignment/{PS}"
        generated = hub.as_user(instructor, "POST", f"{fg}/assign").json()
        assert generated["success"], generated
        released = hub.as_user(instructor, "POST", f"{fg}/release").json()
        assert released["success"], released

        # 2. each student: list, fetch, answer, submit (the Assignments tab's endpoints)
        listed, answers = {}, {}
        for student, kind in students.items():
            ls = hub.as_user(student, "GET", "assignments", params={"course_id": COURSE_ID}).json()
            listed[student] = ls
            data = {"course_id": COURSE_ID, "assignment_id": PS}
            hub.as_user(student, "POST", "assignments/fetch", data=data)
            nb_path = f"api/contents/{PS}/{PS}.ipynb"
            fetched = hub.as_user(student, "GET", nb_path).json()["content"]
            answers[student] = _answer(ps, fetched, kind)
            hub.as_user(
                student,
                "PUT",
                nb_path,
                json={"type": "notebook", "format": "json", "content": answers[student]},
            )
            submitted = hub.as_user(student, "POST", "assignments/submit", data=data).json()
            assert submitted.get("success", True) is not False, submitted

        # 3. the instructor collects, grades with `make grade`, releases feedback
        collected = hub.as_user(instructor, "POST", f"{fg}/collect").json()
        assert collected["success"], collected.get("error", collected)[-3000:]
        grade = as_user(
            instructor,
            ihome,
            [
                "make",
                "-C",
                str(ROOT),
                "--no-print-directory",
                "grade",
                f"ARGS=--course {course} --no-progress",
            ],
            timeout=1500,
        )
        feedback = hub.as_user(instructor, "POST", f"{fg}/release_feedback").json()
        assert feedback["success"], feedback

        # 4. each student fetches feedback and reads their score
        seen = {}
        for student in students:
            data = {"course_id": COURSE_ID, "assignment_id": PS}
            hub.as_user(student, "POST", "assignments/fetch_feedback", data=data)
            listing = hub.as_user(student, "GET", f"api/contents/{PS}/feedback").json()["content"]
            assert len(listing) == 1, listing
            html_path = f"{listing[0]['path']}/{PS}.html"
            seen[student] = hub.as_user(student, "GET", f"api/contents/{html_path}").json()[
                "content"
            ]

        yield dict(
            hub=hub,
            ps=ps,
            instructor=instructor,
            students=students,
            homes=homes,
            course=course,
            exchange=exchange,
            db_url=db_url,
            pg_port=pg_port,
            listed=listed,
            answers=answers,
            grade=grade,
            seen=seen,
            logins=logins,
        )
    finally:
        if hub_proc is not None and hub_proc.poll() is None:
            hub_proc.terminate()
            try:
                hub_proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(hub_proc.pid, 9)
                hub_proc.wait(timeout=30)
        if pg is not None:
            as_user(
                instructor,
                homes / instructor,
                [str(pg[0] / "pg_ctl"), "-D", str(pg[1]), "-m", "fast", "-w", "stop"],
                check=False,
                timeout=120,
            )
        import pwd

        from course_lib.grading.sandbox import kill_user_processes

        for user in created:
            try:
                kill_user_processes(pwd.getpwnam(user).pw_uid, wait=5)
            except KeyError:
                pass
            subprocess.run(["userdel", "--remove", user], capture_output=True, check=False)
        for folder, mode in reversed(restore):
            os.chmod(folder, mode)
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- what is checked


def test_each_student_sees_the_score_their_answer_deserves(hub_cycle):
    ps, students, course = hub_cycle["ps"], hub_cycle["students"], hub_cycle["course"]
    grades = gradebook_grades(hub_cycle["db_url"])
    totals = {}
    for student, kind in students.items():
        # the released problem set was listed to the student before they fetched it
        listed = hub_cycle["listed"][student]
        assert listed["success"] and [
            (a["assignment_id"], a["status"]) for a in listed["value"]
        ] == [(PS, "released")], listed
        submitted = course / "submitted" / student / PS / f"{PS}.ipynb"
        assert submitted.exists(), f"{student}'s submission was not collected"
        want = deserved(ps, submitted)
        got = {cell: grades[(student, PS, cell)][0] for cell in ps.tests}
        assert got == want, f"{student} ({kind}): gradebook {got} != deserved {want}"
        html = hub_cycle["seen"][student]
        score = re.search(r"<h4>\s*" + PS + r"\s*\(Score:\s*([\d.]+)\s*/\s*([\d.]+)\)", html)
        assert score, f"{student}'s feedback has no score line"
        assert float(score.group(1)) == pytest.approx(sum(want.values())), (
            student,
            kind,
            score.group(0),
        )
        assert float(score.group(2)) == pytest.approx(ps.max), (student, kind, score.group(0))
        text = html_text(html)
        leaked = [line for line in hidden_test_lines(ps) if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"
        totals[kind] = sum(want.values())
    # the three answers really differ, so the check above compares different scores
    assert totals["correct"] == ps.auto_max > totals["partial"] > totals["blank"] == 0, totals
    assert "Grades" in hub_cycle["grade"].stdout, hub_cycle["grade"].stdout[-2000:]


def test_a_student_cannot_read_others_work_the_solutions_or_the_gradebook(hub_cycle):
    students, homes, course, exchange = (
        hub_cycle[k] for k in ("students", "homes", "course", "exchange")
    )
    names = list(students)
    inbound = exchange / COURSE_ID / "inbound"
    submissions = {p.name.split("+")[0]: p for p in inbound.iterdir()}
    assert set(submissions) == set(names), f"inbound holds {sorted(submissions)}"
    port = hub_cycle["pg_port"]
    for me in names:
        other = next(s for s in names if s != me)
        sub_nb = submissions[other] / f"{PS}.ipynb"
        assert sub_nb.exists()
        targets = {
            "read": {
                "another's submission in the exchange": str(sub_nb),
                "another's notebook in their home": str(homes / other / PS / f"{PS}.ipynb"),
                "the source notebook": str(course / "source" / PS / f"{PS}.ipynb"),
                "the collected submissions": str(course / "submitted" / other / PS / f"{PS}.ipynb"),
                "the course config (gradebook password)": str(course / "nbgrader_config.py"),
                "the grades export": str(course / "grades.csv"),
            },
            "list": {
                "the exchange inbound": str(inbound),
                "the exchange feedback": str(exchange / COURSE_ID / "feedback"),
                "the instructor's home": str(homes / hub_cycle["instructor"]),
            },
            "connect": {
                "gradebook as grader, no password": f"host=127.0.0.1 port={port} user=grader dbname=gradebook",
                "gradebook as postgres": f"host=127.0.0.1 port={port} user=postgres dbname=gradebook",
                "gradebook as themself": f"host=127.0.0.1 port={port} user={me} dbname=gradebook",
            },
        }
        for path in targets["read"].values():
            assert Path(path).exists(), (
                f"the probe's target {path} does not exist, so its denial proves nothing"
            )
        proc = as_user(me, homes / me, [str(VENV_BIN / "python"), "-c", PROBE, json.dumps(targets)])
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        allowed = {k: v for k, v in result.items() if not v.startswith("denied")}
        assert not allowed, f"as {me}: {allowed}"
        assert len(result) == sum(len(v) for v in targets.values())

    # the same reads as the instructor succeed, so the denials above are about who asks
    me = hub_cycle["instructor"]
    ok = as_user(
        me,
        homes / me,
        [
            str(VENV_BIN / "python"),
            "-c",
            f"open({str(course / 'source' / PS / (PS + '.ipynb'))!r}).read(64)",
        ],
        check=False,
    )
    assert ok.returncode == 0, ok.stderr[-1000:]


def test_the_hub_keeps_users_and_roles_apart(hub_cycle):
    hub, students, instructor = (
        hub_cycle["hub"],
        list(hub_cycle["students"]),
        hub_cycle["instructor"],
    )
    me, other = students[0], students[1]
    # a student's token opens only their own server
    assert hub.as_user(me, "GET", "api/status").status_code == 200
    stolen = hub.as_user(other, "GET", f"api/contents/{PS}", token=hub.user_tokens[me], ok=False)
    assert stolen.status_code in (302, 403, 404), stolen.status_code
    teacher = hub.as_user(
        instructor, "GET", "api/contents/source", token=hub.user_tokens[me], ok=False
    )
    assert teacher.status_code in (302, 403, 404), teacher.status_code
    # students have no formgrader; the instructor's may be framed by their own JupyterLab
    assert hub.as_user(me, "GET", "formgrader", ok=False).status_code == 404
    page = hub.as_user(instructor, "GET", "formgrader/manage_assignments")
    assert page.status_code == 200
    assert page.headers.get("Content-Security-Policy") == "frame-ancestors 'self'", page.headers
    student_page = hub.as_user(me, "GET", "lab")
    assert "frame-ancestors 'none'" in student_page.headers.get("Content-Security-Policy", ""), (
        student_page.headers
    )
    # the course's groups, as nbgrader's JupyterHubAuthPlugin reads them
    groups = {g["name"]: sorted(g["users"]) for g in hub.hub_api("GET", "/groups")}
    assert groups == {
        f"formgrade-{COURSE_ID}": [instructor],
        f"nbgrader-{COURSE_ID}": sorted(students),
    }
    # PAM: the right password logs in, a wrong one and an unknown user do not
    logins = hub_cycle["logins"]
    assert logins[(me, True)] == 302, logins
    assert logins[(me, False)] == 403 and logins[("nosuchuser", False)] == 403, logins
