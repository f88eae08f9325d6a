"""A generated class of submissions for one problem set, and an independent judge of what each deserves.

Everything is built from the problem set's own source notebook (the model answers) and its
release (what students get), so the same generator works for any problem set:

* ``correct``: the release with every solution cell filled in from the source;
* ``partial``: correct, except one code answer is left as released (the stub);
* ``blank``: the release as is;
* the hostile ones in :data:`HOSTILE` (see :func:`build_class`).

:func:`deserved` runs a notebook with plain nbclient after putting back the source's test
cells (hidden tests included), and scores each test cell with nbgrader's own rule
(``nbgrader.utils.determine_grade``): the grade the notebook deserves, computed without
the grading cycle.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
from nbgrader.utils import determine_grade

from course_support import notebook_client

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_MARK = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")

HONEST = ("correct", "correct2", "partial", "blank")
HOSTILE = (
    "infinite_loop",  # the first answer starts with `while True: pass`
    "import_error",  # the first answer starts by importing a module that does not exist
    "deleted_test",  # correct answers, the last test cell deleted
    "weakened_test",  # blank answers, every visible test replaced by `assert True`
    "edited_hidden",  # blank answers, a test cell rewritten to pass and worth 100 points
    "invalid_json",  # not JSON at all
    "empty_file",  # 0 bytes
    "wrong_name",  # correct answers saved under another file name
    "huge_output",  # correct answers plus a cell printing 100 MB (one line and many lines)
    "snoop",  # blank answers plus code that reads other students' and the solutions' notebooks
    "empty_folder",  # a submission folder with no notebook in it, just a stray file
)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def strip_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if not SOLUTION_MARK.match(line))


def generate_release(course: Path, ps: str) -> nbformat.NotebookNode:
    """What nbgrader releases for ``ps``, generated in a scratch folder (the course is left untouched)."""
    with tempfile.TemporaryDirectory(prefix="release-") as scratch:
        env = dict(os.environ)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "generate_assignment",
                ps,
                "--force",
                "--create",
                f"--CourseDirectory.release_directory={scratch}/release",
                f"--CourseDirectory.db_url=sqlite:///{scratch}/scratch.db",
            ],
            cwd=course,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if proc.returncode:
            raise RuntimeError(proc.stdout[-3000:] + proc.stderr[-3000:])
        return nbformat.read(Path(scratch) / "release" / ps / f"{ps}.ipynb", as_version=4)


class ProblemSet:
    """A problem set's source and release, and its cells by role."""

    def __init__(self, course: Path, ps: str):
        self.name = ps
        self.source = nbformat.read(course / "source" / ps / f"{ps}.ipynb", as_version=4)
        self.release = generate_release(course, ps)
        self.by_id = {
            nbgrader_meta(c)["grade_id"]: c
            for c in self.source.cells
            if nbgrader_meta(c).get("grade_id")
        }
        meta = [(c, nbgrader_meta(c)) for c in self.source.cells]
        self.code_answers = [
            m["grade_id"]
            for c, m in meta
            if c.cell_type == "code" and m.get("solution") and not m.get("grade")
        ]
        self.tests = [m["grade_id"] for c, m in meta if m.get("grade") and not m.get("solution")]
        self.points = {m["grade_id"]: float(m["points"]) for c, m in meta if m.get("grade")}
        self.auto_max = sum(self.points[t] for t in self.tests)
        self.max = sum(self.points.values())

    def correct(self) -> nbformat.NotebookNode:
        nb = copy.deepcopy(self.release)
        for cell in nb.cells:
            m = nbgrader_meta(cell)
            if m.get("solution") and m.get("grade_id") in self.by_id:
                cell.source = strip_solution_markers(self.by_id[m["grade_id"]].source)
        return nb

    def cell(self, nb, grade_id):
        return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)


def _write(folder: Path, name: str, nb=None, raw: bytes | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        (folder / name).write_bytes(raw)
    else:
        nbformat.write(nb, folder / name)


def _new_code(source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = uuid.uuid4().hex[:8]
    return cell


SNOOP = """\
import glob, json
from pathlib import Path
stolen = []
for up in [Path.cwd(), *Path.cwd().parents]:
    for pattern in ("source/*/*.ipynb", "submitted/*/*/*.ipynb", "autograded/*/*/*.ipynb", "release/*/*.ipynb"):
        for path in glob.glob(str(up / pattern)):
            try:
                with open(path) as fh:
                    cells = json.load(fh)["cells"]
            except Exception:
                continue
            stolen.append(path)
            for cell in cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                if (cell["cell_type"] == "code" and meta.get("solution") and "BEGIN SOLUTION" in text
                        and "stolen" not in text):  # not this very cell
                    try:
                        exec(text, globals())
                    except Exception:
                        pass
print(len(stolen), "notebooks read")
"""

HUGE = """\
print("x" * 100_000_000)
for _ in range(100_000):
    print("y" * 999)
"""


def build_class(ps: ProblemSet, submitted: Path, which=HONEST + HOSTILE) -> dict[str, str]:
    """Write submissions into ``submitted/<student>/<ps>/``; returns {student: kind}."""
    name = f"{ps.name}.ipynb"
    first_answer = ps.code_answers[0]
    students = {}
    for kind in which:
        student = kind.replace("_", "")
        folder = submitted / student / ps.name
        students[student] = kind
        nb = ps.correct()
        if kind in ("correct", "correct2"):
            _write(folder, name, nb)
        elif kind == "partial":
            middle = ps.code_answers[len(ps.code_answers) // 2]
            ps.cell(nb, middle).source = ps.cell(ps.release, middle).source
            _write(folder, name, nb)
        elif kind == "blank":
            _write(folder, name, ps.release)
        elif kind == "infinite_loop":
            cell = ps.cell(nb, first_answer)
            cell.source = "while True:\n    pass\n" + cell.source
            _write(folder, name, nb)
        elif kind == "import_error":
            cell = ps.cell(nb, first_answer)  # the first cell a student may edit
            cell.source = "import course_lib_no_such_module\n" + cell.source
            _write(folder, name, nb)
        elif kind == "deleted_test":
            last = ps.tests[-1]
            nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") != last]
            _write(folder, name, nb)
        elif kind == "weakened_test":
            blank = copy.deepcopy(ps.release)
            for test in ps.tests:
                ps.cell(blank, test).source = "assert True  # weakened"
            _write(folder, name, blank)
        elif kind == "edited_hidden":
            blank = copy.deepcopy(ps.release)
            cell = ps.cell(blank, ps.tests[0])
            cell.source = "### BEGIN HIDDEN TESTS\npass\n### END HIDDEN TESTS"
            cell.metadata["nbgrader"]["points"] = 100
            _write(folder, name, blank)
        elif kind == "invalid_json":
            _write(folder, name, raw=b'{"cells": [ this is not json')
        elif kind == "empty_file":
            _write(folder, name, raw=b"")
        elif kind == "wrong_name":
            _write(folder, f"{ps.name} (1).ipynb", nb)
        elif kind == "huge_output":
            index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
            nb.cells.insert(index + 1, _new_code(HUGE))
            _write(folder, name, nb)
        elif kind == "snoop":
            blank = copy.deepcopy(ps.release)
            ps.cell(blank, first_answer).source = SNOOP
            _write(folder, name, blank)
        elif kind == "empty_folder":
            _write(folder, "notes.txt", raw=b"I could not open the notebook")
        else:
            raise ValueError(f"kind: unknown submission kind {kind!r}")
    return students


def build_honest_class(ps: ProblemSet, submitted: Path, n: int) -> dict[str, str]:
    """``n`` students s00, s01, ...: correct, partly correct and blank in turn."""
    kinds = ("correct", "partial", "blank")
    students = {}
    for i in range(n):
        kind = kinds[i % len(kinds)]
        build_class(ps, submitted / "_tmp", which=(kind,))
        (submitted / "_tmp" / kind).rename(submitted / f"s{i:02d}")
        students[f"s{i:02d}"] = kind
    (submitted / "_tmp").rmdir()
    return students


def deserved(ps: ProblemSet, path: Path, timeout: int = 10) -> dict[str, float]:
    """Points each test cell of a submitted notebook deserves, by plain nbclient and nbgrader's scoring rule."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        m = nbgrader_meta(cell)
        src = ps.by_id.get(m.get("grade_id"))
        if src is not None and nbgrader_meta(src).get("locked"):
            cell.source = src.source
            cell.metadata["nbgrader"]["points"] = nbgrader_meta(src).get("points")
    with tempfile.TemporaryDirectory() as run_dir:
        client = notebook_client(
            nb, run_dir, timeout=timeout, allow_errors=True, interrupt_on_timeout=True
        )
        client.execute()
    out = {}
    for cell in nb.cells:
        m = nbgrader_meta(cell)
        if m.get("grade_id") in ps.tests:
            out[m["grade_id"]] = float(determine_grade(cell)[0])
    return out


def html_text(html: str) -> str:
    """The visible text of an HTML page (tags removed, entities decoded), whitespace squashed."""
    import html as html_lib

    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"(?s)<[^>]+>", "", text)
    return re.sub(r"\s+", "", html_lib.unescape(text))


def hidden_test_lines(ps: ProblemSet) -> list[str]:
    """The lines of every hidden-test region of the source (whitespace squashed, trivial lines left out)."""
    lines = []
    for test in ps.tests:
        inside = False
        for line in ps.by_id[test].source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside:
                squashed = re.sub(r"\s+", "", line)
                if len(squashed) >= 12 and not squashed.startswith("#"):
                    lines.append(squashed)
    return lines


def dump(obj) -> str:
    return json.dumps(obj, indent=1, sort_keys=True, default=str)


# --------------------------------------------------------------------------- PostgreSQL

POSTGRES_ENV = "COURSE_TEST_POSTGRES_URL"


def postgres_admin_url() -> tuple[str | None, str]:
    """The server URL from the environment and, if unusable, why."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        return None, (
            f"no PostgreSQL server: {POSTGRES_ENV} is not set "
            '(start one with: eval "$(bash .ci/postgres.sh start)"); only the SQLite gradebook is tested'
        )
    try:
        import psycopg2

        psycopg2.connect(url, connect_timeout=5).close()  # libpq understands postgresql:// URLs
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable server
        return None, f"PostgreSQL at {POSTGRES_ENV} is not reachable ({str(exc).strip()[:120]})"
    return url, ""


def create_database(admin_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg2
    from sqlalchemy.engine import make_url

    name = f"course_test_{uuid.uuid4().hex[:12]}"
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    import psycopg2
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def gradebook_grades(db_url: str) -> dict:
    """{(student, assignment, cell): (auto_score, manual_score, max_score)} for every grade in the gradebook."""
    from nbgrader.api import Gradebook

    from course_lib.grading.cycle import normalize_db_url

    out = {}
    with Gradebook(normalize_db_url(db_url), "alliance_dilemmas") as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    for g in nb.grades:
                        out[(sub.student.id, assignment.name, g.name)] = (
                            g.auto_score,
                            g.manual_score,
                            g.max_score,
                        )
    return out


#: Grading as root can drop student kernels to a throwaway uid; elsewhere it cannot.
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
