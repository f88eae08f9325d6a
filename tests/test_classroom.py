"""The classroom game (classroom/, oTree in its own venv .venv-classroom) and its debrief.

* oTree's bots (`otree test`) for every session config: the mix of strategies, the bad inputs
  (SubmissionMustFail) and a dropout whose pages time out;
* a real server (`otree prodserver` on loopback, as `make classroom` starts it) played over
  HTTP: the export's payoffs equal the formula, and restarting the server mid-session loses
  no decision; the same on PostgreSQL (``COURSE_TEST_POSTGRES_URL``; with CI set, a missing
  server fails);
* the game's constants against the course's data and models;
* the debrief's model functions (course_lib.models.classroom), loader and plots.

The classroom venv is made by `make .venv-classroom/.installed` (make test depends on it);
without it these tests fail on CI and skip loudly elsewhere.
"""

from __future__ import annotations

import ast
import contextlib
import html
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.data import DataError, load_classroom_session, load_nato
from course_lib.models import classroom as model
from course_lib.models import free_rider, leadership
from course_lib.plots import classroom as plots

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "classroom"
VENV = ROOT / ".venv-classroom"
OTREE = VENV / "bin" / "otree"
PYTHON = VENV / "bin" / "python"
CONFIGS = ("alliance_equal", "alliance_unequal", "alliance_hegemon", "alliance_shock")


def _need_venv() -> None:
    if OTREE.exists():
        return
    reason = f"{OTREE} is missing: run `make .venv-classroom/.installed` (make test does)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)


def copy_game(dest: Path) -> Path:
    """A private copy of the oTree project (its SQLite file and bot exports land there)."""
    shutil.copytree(
        GAME, dest, ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__", "__temp_bots*")
    )
    return dest


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_bots(
    tmp_path: Path,
    config: str,
    participants: int | None = None,
    cases: str = "",
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    _need_venv()
    project = copy_game(tmp_path / "game")
    cmd = [str(OTREE), "test", config] + ([str(participants)] if participants else [])
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("DATABASE_URL", None)
    if cases:
        full_env["ALLIANCE_BOTS_CASES"] = cases
    return subprocess.run(
        cmd, cwd=project, env=full_env, capture_output=True, text=True, timeout=600
    )


# --------------------------------------------------------------------------- bots


def session_config_names() -> list[str]:
    tree = ast.parse((GAME / "settings.py").read_text())
    configs = next(
        n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "SESSION_CONFIGS"
    )
    names = []
    for node in ast.walk(configs):
        if (
            isinstance(node, ast.keyword)
            and node.arg == "name"
            and isinstance(node.value, ast.Constant)
        ):
            names.append(node.value.value)
    return names


@pytest.mark.classroom
def test_every_session_config_is_an_alliance_treatment():
    names = session_config_names()
    assert sorted(names) == sorted(CONFIGS)
    assert all(n.startswith("alliance") for n in names)
    assert {n.removeprefix("alliance_") for n in names} == set(model.TREATMENTS)


@pytest.mark.classroom
@pytest.mark.parametrize("config", CONFIGS)
def test_bots_play_every_case(tmp_path, config):
    """mix, bad_input (four SubmissionMustFail per decision) and dropout (timeouts) all pass."""
    result = run_bots(tmp_path, config)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert log.count("Bots completed session") == 3, log[-2000:]
    assert "SubmissionMustFail" in log and "timeout_happened" in log


@pytest.mark.classroom
@pytest.mark.parametrize("participants", [3, 8, 10])
def test_bots_any_group_size(tmp_path, participants):
    result = run_bots(tmp_path, "alliance_hegemon", participants, cases="mix")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


@pytest.mark.classroom
def test_a_room_too_small_is_refused(tmp_path):
    result = run_bots(tmp_path, "alliance_equal", 2, cases="mix")
    assert result.returncode != 0
    assert "at least 3 participants" in result.stdout + result.stderr


@pytest.mark.classroom
def test_bots_that_accept_a_bad_input_fail(tmp_path):
    """The SubmissionMustFail cases can fail: with the income bound removed they do."""
    _need_venv()
    project = copy_game(tmp_path / "game")
    app = project / "alliance" / "__init__.py"
    app.write_text(app.read_text().replace("    return player.income\n", "    return None\n"))
    result = subprocess.run(
        [str(OTREE), "test", "alliance_equal"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, ALLIANCE_BOTS_CASES="bad_input"),
    )
    assert result.returncode != 0
    assert "SubmissionMustFail" in result.stdout + result.stderr


# --------------------------------------------------------------------------- the game's constants


def _app_constant(name: str):
    tree = ast.parse((GAME / "alliance" / "__init__.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in the app")


def test_unequal_incomes_are_the_nato_gdps_of_the_largest_allies_after_the_us():
    table = _app_constant("NATO_GDP_2024")
    nato = load_nato()
    gdp = nato[nato["year"] == 2024].set_index("iso3")["gdp_musd_const2015"]
    ranked = gdp.drop("USA").sort_values(ascending=False)
    assert [code for code, _ in table] == list(ranked.index[: len(table)])
    for code, value in table:
        assert value == pytest.approx(gdp[code], rel=1e-9)


def test_points_per_unit_is_the_models():
    src = (GAME / "alliance" / "__init__.py").read_text()
    assert "POINTS_PER_UNIT = model.POINTS_PER_UNIT" in src


# --------------------------------------------------------------------------- a real server


class ClassroomServer:
    """`otree prodserver` on a free loopback port in a private copy of the game."""

    def __init__(self, project: Path, database_url: str | None = None):
        _need_venv()
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.rest_key = secrets.token_hex(8)
        self.password = secrets.token_hex(8)
        # prodserver starts its timeout worker as `otree` from PATH
        self.env = dict(
            os.environ,
            PATH=f"{OTREE.parent}{os.pathsep}{os.environ.get('PATH', '')}",
            OTREE_PRODUCTION="1",
            OTREE_AUTH_LEVEL="STUDY",
            OTREE_ADMIN_PASSWORD=self.password,
            OTREE_REST_KEY=self.rest_key,
        )
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.proc = None
        self.log = project / "server.log"

    def start(self, timeout: float = 90):
        import requests

        self.proc = subprocess.Popen(
            [str(OTREE), "prodserver", f"127.0.0.1:{self.port}"],
            cwd=self.project,
            env=self.env,
            start_new_session=True,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(
                    self.url + "/api/otree_version",
                    timeout=2,
                    headers={"otree-rest-key": self.rest_key},
                ).ok:
                    return self
            time.sleep(0.5)
        raise AssertionError(f"the server did not answer:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        self.proc = None

    def rest(self, method: str, path: str, **json):
        import requests

        response = requests.request(
            method,
            self.url + path,
            json=json or None,
            timeout=30,
            headers={"otree-rest-key": self.rest_key},
        )
        assert response.ok, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response

    def create_session(self, config: str, participants: int, room: str | None = None, **overrides):
        body = dict(
            session_config_name=config,
            num_participants=participants,
            modified_session_config_fields=overrides,
        )
        if room:
            body["room_name"] = room
        return self.rest("POST", "/api/sessions", **body).json()

    def participant_codes(self, code: str) -> list[str]:
        info = self.rest("POST", f"/api/get_session/{code}").json()
        return [p["code"] for p in sorted(info["participants"], key=lambda p: p["id_in_session"])]

    def export(self, code: str | None = None) -> pd.DataFrame:
        query = "?app=alliance&function_name=custom_export" + (
            f"&session_code={code}" if code else ""
        )
        text = self.rest("GET", "/api/export_app_custom" + query).text
        path = self.project / f"export-{time.monotonic_ns()}.csv"
        path.write_text(text)
        return load_classroom_session(path)


def decision(participant: int, round_number: int, income: float) -> float:
    """What the scripted HTTP students spend: a fixed, varied pattern (not a strategy)."""
    return round(min(income, (participant * 13 + round_number * 7) % 45 + 0.5), 2)


class HttpStudent:
    """A student's browser reduced to HTTP: follow the page, answer the form, press Next."""

    def __init__(self, server: ClassroomServer, code: str, number: int):
        import requests

        self.session = requests.Session()
        self.server, self.code, self.number = server, code, number
        self.finished_round = 0
        self.page = self.session.get(f"{server.url}/InitializeParticipant/{code}", timeout=30)

    def step(self) -> str:
        """Act on the current page once; returns its kind (wait, decide, next, done)."""
        url, text = self.page.url, self.page.text
        if "/OutOfRangeNotification" in url or "/p/" not in url:
            return "done"
        if 'class="otree-wait-page' in text or "otree-wait-page" in text:
            self.page = self.session.get(url, timeout=30)
            return "wait"
        if 'name="contribution"' in text:
            income = float(re.search(r"Income <b>([0-9.]+)</b>", text).group(1))
            rnd = int(re.search(r"Round (\d+)", html.unescape(text)).group(1))
            self.page = self.session.post(
                url, data={"contribution": decision(self.number, rnd, income)}, timeout=30
            )
            return "decide"
        done = re.search(r"Round (\d+): results", html.unescape(text))
        if done:
            self.finished_round = int(done.group(1))
        self.page = self.session.post(url, data={}, timeout=30)
        return "next"


def play(
    server: ClassroomServer, codes: list[str], until_round: int | None = None, timeout: float = 120
) -> None:
    """Play every student round-robin until all are done (or all have decided ``until_round``)."""
    students = [HttpStudent(server, c, i + 1) for i, c in enumerate(codes)]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kinds = []
        for s in students:
            if until_round is not None and s.finished_round >= until_round:
                kinds.append("paused")
                continue
            kinds.append(s.step())
        if all(k in ("done", "paused") for k in kinds):
            return
        if all(k in ("wait", "done", "paused") for k in kinds):
            time.sleep(0.2)
    raise AssertionError(f"the session did not finish in {timeout} s")


def assert_payoffs_are_the_formula(frame: pd.DataFrame) -> None:
    assert not frame.empty
    expected = model.payoffs(frame["contribution"], frame["income"], frame["taste"])
    for _, g in frame.groupby(["session", "group", "round"]):
        q = g["contribution"].to_numpy()
        assert g["total"].iloc[0] == pytest.approx(q.sum(), abs=1e-9)
        want = (
            free_rider.utility(q, g["income"].to_numpy(), g["taste"].to_numpy())
            * model.POINTS_PER_UNIT
        )
        np.testing.assert_allclose(g["payoff"].to_numpy(), want, atol=0.005 + 1e-9)
    assert len(expected) == len(frame)


def _restart_session(tmp_path: Path, database_url: str | None) -> str:
    """Play half a session, restart the server, play on; returns the session's code."""
    server = ClassroomServer(copy_game(tmp_path / "game"), database_url).start()
    try:
        created = server.create_session(
            "alliance_hegemon", 4, num_rounds=4, decision_seconds=600, results_seconds=600
        )
        codes = server.participant_codes(created["code"])
        play(server, codes, until_round=2)
        before = server.export(created["code"])
        assert sorted(before["round"].unique()) == [1, 2]
        server.stop()
        server.start()  # a restart mid-session
        after_restart = server.export(created["code"])
        pd.testing.assert_frame_equal(before, after_restart)
        play(server, codes)
        final = server.export(created["code"])
    finally:
        server.stop()
    assert sorted(final["round"].unique()) == [1, 2, 3, 4]
    pd.testing.assert_frame_equal(final[final["round"] <= 2].reset_index(drop=True), before)
    for (rnd, player), row in final.set_index(["round", "player"]).iterrows():
        assert row["contribution"] == decision(player, rnd, row["income"])
    assert_payoffs_are_the_formula(final)
    assert final["hegemon"].sum() == 4 and not final["timed_out"].any()
    # SQLite (the default) is the game folder's db.sqlite3; oTree opens that file even with
    # DATABASE_URL set, but then no session is stored in it
    assert (created["code"] in _sqlite_sessions(tmp_path / "game" / "db.sqlite3")) == (
        database_url is None
    )
    return created["code"]


def _sqlite_sessions(path: Path) -> set[str]:
    import sqlite3

    if not path.exists():
        return set()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'otree_session'").fetchone():
            return set()
        return {row[0] for row in conn.execute("SELECT code FROM otree_session")}


@pytest.mark.classroom
def test_server_restart_mid_session_loses_no_decision(tmp_path):
    _restart_session(tmp_path, None)


@pytest.mark.classroom
@pytest.mark.postgres
def test_server_on_postgresql(tmp_path):
    import grading_support as gs

    admin, why = gs.postgres_admin_url()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so this is a failure, not a skip: {why}", pytrace=False)
        pytest.skip(why)
    url = gs.create_database(admin)
    try:
        code = _restart_session(tmp_path, url)
        import psycopg2

        conn = psycopg2.connect(url)
        try:
            with conn.cursor() as cur:  # the decisions are in PostgreSQL, not in a SQLite file
                cur.execute("SELECT code FROM otree_session")
                assert code in {row[0] for row in cur.fetchall()}
                cur.execute("SELECT count(*) FROM alliance_player WHERE contribution IS NOT NULL")
                assert cur.fetchone()[0] == 4 * 4
        finally:
            conn.close()
    finally:
        gs.drop_database(admin, url)


@pytest.mark.classroom
def test_serve_prints_the_room_admin_url_and_password(tmp_path):
    """What `make classroom` runs: classroom/serve.py, here on loopback and a free port."""
    import requests

    _need_venv()
    project = copy_game(tmp_path / "game")
    port = free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port))
    env.pop("OTREE_ADMIN_PASSWORD", None)
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [str(PYTHON), "serve.py"],
        cwd=project,
        env=env,
        start_new_session=True,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        room = f"http://127.0.0.1:{port}/room/alliance"
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(room, timeout=2).ok:
                    break
            assert proc.poll() is None, log.read_text()
            time.sleep(0.5)
        out = log.read_text()
        assert room in out
        assert f"http://127.0.0.1:{port}/" in out
        base = f"http://127.0.0.1:{port}"
        assert (
            "/login" in requests.get(base + "/rooms", timeout=10).url
        )  # the admin needs the password
        password = re.search(r"admin password:\s*(\S+)", out).group(1)
        username = re.search(r"admin username:\s*(\S+)", out).group(1)
        rest_key = re.search(r"REST key:\s*(\S+)", out).group(1)
        created = requests.post(
            base + "/api/sessions",
            timeout=30,
            headers={"otree-rest-key": rest_key},
            json=dict(
                session_config_name="alliance_equal", num_participants=4, room_name="alliance"
            ),
        ).json()
        monitor = f"{base}/SessionMonitor/{created['code']}"
        assert "/login" in requests.get(monitor, timeout=10).url
        # a wrong password stays on the login page; the printed one opens the session monitor
        assert "Login failed" in _admin_login(base, username, password + "x")[1].text
        no_token = requests.post(
            base + "/login", timeout=10, data=dict(username=username, password=password)
        )
        assert no_token.status_code == 403 and "CSRF" in no_token.text
        admin, answer = _admin_login(base, username, password)
        assert answer.ok and "/login" not in answer.url
        page = admin.get(monitor, timeout=10)
        assert "/login" not in page.url and page.url == monitor, page.url
        assert "Monitor" in page.text and created["code"] in page.text
        assert "/login" not in admin.get(base + "/rooms", timeout=10).url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def _admin_login(base: str, username: str, password: str):
    """Log in as the admin form does: oTree's login form carries a CSRF token bound to the
    session cookie, so a POST without the GET before it (or without the cookie) is refused."""
    import requests

    browser = requests.Session()
    form = browser.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrftoken" value="([^"]+)"', form).group(1)
    answer = browser.post(
        base + "/login",
        timeout=10,
        data=dict(username=username, password=password, csrftoken=token),
    )
    return browser, answer


@pytest.mark.classroom
def test_make_classroom_runs_serve_with_host_and_port():
    out = subprocess.run(
        ["make", "-n", "classroom", "HOST=10.1.2.3", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "serve.py" in out and "HOST=10.1.2.3" in out and "PORT=8123" in out
    out = subprocess.run(
        ["make", "-n", "classroom", "DATABASE_URL=postgresql://x@y/z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "DATABASE_URL=postgresql://x@y/z" in out


# --------------------------------------------------------------------------- the model


@st.composite
def group(draw, hegemon=False):
    n = draw(st.integers(2, 8))
    incomes = draw(st.lists(st.floats(1, 500), min_size=n, max_size=n))
    tastes = draw(st.lists(st.floats(0.05, 0.95), min_size=n, max_size=n))
    return np.array(incomes), np.array(tastes)


@settings(max_examples=60)
@given(group())
def test_stackelberg_commitment_beats_every_other_commitment(g):
    incomes, tastes = g
    q = model.stackelberg_commitment(incomes, tastes, 0)
    assert 0 <= q <= incomes[0]

    def u(x):
        total = x + leadership.allied_response(incomes[1:], tastes[1:], x).sum()
        return (incomes[0] - x) ** (1 - tastes[0]) * total ** tastes[0]

    grid = np.linspace(0, incomes[0], 801)
    assert u(q) >= max(u(x) for x in grid) * (1 - 1e-9)


@settings(max_examples=60)
@given(group())
def test_predicted_play_is_nash_and_followers_answer_the_leader(g):
    incomes, tastes = g
    nash = model.predicted_contributions(incomes, tastes)
    np.testing.assert_allclose(nash, free_rider.nash_contributions(incomes, tastes))
    seq = model.predicted_contributions(incomes, tastes, hegemon=0)
    np.testing.assert_allclose(seq[1:], leadership.allied_response(incomes[1:], tastes[1:], seq[0]))
    # the leader can always commit its Nash spending, so it does at least as well as in Nash
    pay = model.payoffs(seq, incomes, tastes)[0]
    assert pay >= model.payoffs(nash, incomes, tastes)[0] * (1 - 1e-9)


def test_a_hegemon_who_moves_first_leaves_it_to_the_others():
    """Varian (1994) in the game's default: income 200 against three of 100, common taste 1/2."""
    incomes, tastes = [200, 100, 100, 100], 0.5
    np.testing.assert_allclose(model.predicted_contributions(incomes, tastes), [100, 0, 0, 0])
    np.testing.assert_allclose(model.predicted_contributions(incomes, tastes, 0), [0, 25, 25, 25])


def test_efficient_contributions_sum_to_the_pareto_total():
    incomes, tastes = np.array([50.0, 100, 150]), np.array([0.3, 0.5, 0.6])
    assert model.efficient_contributions(incomes, tastes).sum() == pytest.approx(
        free_rider.pareto_optimal_total(incomes, tastes)
    )
    # everybody is better off at the efficient level than in Nash with equal allies
    eq = np.full(4, 100.0)
    assert np.all(
        model.payoffs(model.efficient_contributions(eq, 0.5), eq, 0.5)
        > model.payoffs(free_rider.nash_contributions(eq, 0.5), eq, 0.5)
    )


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="hegemon"):
        model.stackelberg_commitment([1, 2, 3], 0.5, hegemon=3)
    with pytest.raises(ValueError, match="points_per_unit"):
        model.payoffs([1, 1], [2, 2], 0.5, points_per_unit=0)
    with pytest.raises(ValueError, match="taste"):
        model.predicted_contributions([1, 2], 1.5)
    with pytest.raises(ValueError, match="frame"):
        model.predicted_play(pd.DataFrame({"round": [1]}))
    with pytest.raises(ValueError, match="treatment"):
        model.free_riding_by_income(load_classroom_session(), treatment="nope")


# --------------------------------------------------------------------------- the debrief on the sample


@pytest.fixture(scope="module")
def sample():
    return load_classroom_session()


def test_sample_session_is_the_bots_and_labelled_simulated(sample):
    assert set(sample["treatment"]) == set(model.TREATMENTS)
    assert sample["session"].str.startswith("sim-").all()
    assert sample["participant"].str.startswith("sim-").all()
    assert_payoffs_are_the_formula(sample)
    assert (sample.groupby("session")["round"].max() == 10).all()


@pytest.mark.classroom
def test_sample_session_is_what_the_bots_generate(tmp_path):
    """make_sample.py regenerates the shipped file exactly."""
    _need_venv()
    project = copy_game(tmp_path / "game")
    out = tmp_path / "course_lib" / "data"
    out.mkdir(parents=True)
    subprocess.run(
        [str(PYTHON), "make_sample.py"], cwd=project, check=True, capture_output=True, timeout=900
    )
    shipped = ROOT / "course_lib" / "data" / "classroom_sample_session.csv"
    assert (out / "classroom_sample_session.csv").read_text() == shipped.read_text()


def test_predicted_play_matches_the_models_group_by_group(sample):
    play = model.predicted_play(sample)
    for _, g in play.groupby(["session", "group", "round"]):
        g = g.sort_values("player")
        heg = np.flatnonzero(g["hegemon"].to_numpy())
        h = int(heg[0]) if heg.size else None
        want = (
            free_rider.nash_contributions(g["income"], g["taste"])
            if h is None
            else model.predicted_contributions(g["income"].to_numpy(), g["taste"].to_numpy(), h)
        )
        np.testing.assert_allclose(g["nash"], want)
        assert g["efficient_total"].iloc[0] == pytest.approx(
            free_rider.pareto_optimal_total(g["income"], g["taste"])
        )


def test_contributions_by_round_averages_groups(sample):
    by_round = model.contributions_by_round(sample)
    eq = by_round[(by_round["treatment"] == "equal")]
    assert list(eq["round"]) == list(range(1, 11))
    r1 = sample[(sample["treatment"] == "equal") & (sample["round"] == 1)]
    assert eq["total"].iloc[0] == pytest.approx(r1.groupby("group")["contribution"].sum().mean())
    assert eq["nash_total"].iloc[0] == pytest.approx(free_rider.nash_total([100.0] * 4, 0.5))
    gap = (eq["total"] - eq["nash_total"]) / (eq["efficient_total"] - eq["nash_total"])
    np.testing.assert_allclose(eq["share_of_gap"], gap)


def test_free_riding_by_income_runs_the_rank_test(sample):
    table, test = model.free_riding_by_income(sample)
    assert len(table) == 8 and test.n == 8
    expected = free_rider.exploitation_test(table["income"], table["burden"])
    assert test == expected
    # Nash predicts the smallest (Italy's share) spends nothing
    assert table.loc[table["income"] == table["income"].min(), "predicted_burden"].eq(0).all()


def test_crowding_out_predicted_slope_is_the_models(sample):
    c = model.hegemon_crowding_out(sample)
    x = c.table["commitment"].to_numpy()
    allies = np.array([leadership.allied_response([100.0] * 3, 0.5, q).sum() for q in x])
    assert c.predicted_slope == pytest.approx(np.polyfit(x, allies, 1)[0])
    assert c.predicted_commitment == 0.0  # the leader leaves it to the others (Varian)
    # below q_H = 100 each extra point of the hegemon displaces 3/4 of a point of the allies'
    assert leadership.crowding_out([100.0] * 3, 0.5, 10.0) - 1 == pytest.approx(-0.75)


def test_threat_shock_effect_reads_the_shock_round(sample):
    effect = model.threat_shock_effect(sample)
    assert effect.shock_round == 6
    shock = sample[sample["treatment"] == "shock"]
    front_after = shock[shock["frontline"] & (shock["round"] >= 6)]["contribution"].mean()
    assert effect.table.loc["frontline", "after"] == pytest.approx(front_after)
    assert (
        effect.table.loc["frontline", "predicted_after"]
        > effect.table.loc["frontline", "predicted_before"]
    )
    assert (
        effect.table.loc["others", "predicted_after"]
        < effect.table.loc["others", "predicted_before"]
    )
    tastes = free_rider.threat_shock(0.5, free_rider.frontline_allies(4, 0.5), 0.5, 4)
    np.testing.assert_allclose(
        sorted(shock[shock["round"] == 6].groupby("player")["taste"].first()), sorted(tastes)
    )


def test_figures_draw_the_models_numbers(sample):
    by_round = model.contributions_by_round(sample)
    fig = plots.rounds_figure(by_round, "equal", "t")
    assert isinstance(fig, go.Figure) and len(fig.data) == 3
    np.testing.assert_allclose(
        fig.data[1].y, by_round[by_round["treatment"] == "equal"]["nash_total"]
    )
    table, _ = model.free_riding_by_income(sample)
    assert len(plots.burden_figure(table).data) == 2
    assert len(plots.crowding_figure(model.hegemon_crowding_out(sample)).data) == 2
    assert len(plots.shock_figure(model.threat_shock_effect(sample)).data) == 4
    with pytest.raises(ValueError, match="treatment"):
        plots.rounds_figure(by_round, "nope")


# --------------------------------------------------------------------------- the loader


def _write(tmp_path, frame_or_text, name="s.csv"):
    path = tmp_path / name
    if isinstance(frame_or_text, str):
        path.write_text(frame_or_text)
    else:
        frame_or_text.to_csv(path, index=False)
    return path


def test_loader_refuses_malformed_files(tmp_path):
    raw = pd.read_csv(
        ROOT / "course_lib" / "data" / "classroom_sample_session.csv",
        dtype=str,
        keep_default_na=False,
    )
    cases = {
        "empty": "",
        "header only": ",".join(raw.columns) + "\n",
        "missing column": raw.drop(columns=["taste"]),
        "not a number": raw.assign(contribution=["lots"] + list(raw["contribution"][1:])),
        "above income": raw.assign(contribution=["1000"] + list(raw["contribution"][1:])),
        "bad treatment": raw.assign(treatment=["war"] + list(raw["treatment"][1:])),
        "duplicate": pd.concat([raw, raw.iloc[:1]]),
        "wrong total": raw.assign(total=["1"] + list(raw["total"][1:])),
    }
    messages = {
        "empty": "empty",
        "header only": "no played rounds",
        "missing column": "taste",
        "not a number": "not a number",
        "above income": "exceeds the income",
        "bad treatment": "unknown treatment",
        "duplicate": "twice",
        "wrong total": "not the sum",
    }
    for case, content in cases.items():
        with pytest.raises(DataError, match=messages[case]):
            load_classroom_session(_write(tmp_path, content, f"{case}.csv"))
    with pytest.raises(DataError, match="not found"):
        load_classroom_session(tmp_path / "absent.csv")
    with pytest.raises(ValueError, match="url"):
        load_classroom_session(url="ftp://x")


def test_loader_reads_otrees_standard_export(tmp_path):
    """The per-app export (admin > Data > alliance) gives the same table as the tidy export."""
    _need_venv()
    project = copy_game(tmp_path / "game")
    export = tmp_path / "export"
    subprocess.run(
        [str(OTREE), "test", "alliance_shock", "4", "--export", str(export)],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=600,
        env=dict(os.environ, ALLIANCE_BOTS_CASES="mix"),
    )
    tidy = load_classroom_session(export / "alliance_custom.csv")
    standard = load_classroom_session(export / "alliance.csv")
    assert len(tidy) == 40
    pd.testing.assert_frame_equal(tidy, standard[tidy.columns])
