"""Four students in four Chromium contexts (one a 390 px phone) play the classroom game.

A real server (`otree prodserver` on a free loopback port, SQLite in a temporary copy of the
game, as `make classroom` runs it) hosts one short session of each treatment. The first
(hegemon) is joined through the room URL students are given, the others through their
session-wide links. Every student answers in the page's own plain HTML form; student 2 first
tries a contribution above its income, a negative one and a word, and each is refused with a
message while the page stays put. oTree's wait pages move on by themselves (a websocket) once
the whole group has submitted, so the four contexts are driven round-robin: each acts on its
page without blocking, then the next. Then the server's export is loaded: every decision typed
in a browser is in it, the payoffs equal the formula, and lesson 08 executes on that export
(``ALLIANCE_SESSION``).
"""

from __future__ import annotations

import os
import re
import time

import nbformat
import pytest
from test_classroom import (
    ROOT,
    ClassroomServer,
    assert_payoffs_are_the_formula,
    copy_game,
    decision,
)

from browser_support import CHROMIUM_ARGS, find_chromium, skip_or_fail
from course_lib.data import load_classroom_session
from course_support import notebook_client

pytestmark = pytest.mark.browser

ROUNDS = 2
PHONE = 390
CONFIGS = ("alliance_hegemon", "alliance_equal", "alliance_unequal", "alliance_shock")
BAD_INPUTS = ("above", "-5", "lots")  # "above": income + 1


def _browser_or_skip() -> str:
    path = find_chromium()
    if path is None:
        skip_or_fail(
            "BROWSER TESTS NOT RUN: no Chromium (apt-get install chromium or set CHROMIUM_PATH)"
        )
    return path


def _submit(page, button) -> bool:
    """Press a form's button and wait for the page it leads to (the POST's answer) to load.

    False if nothing happened: a wait page that has just moved on may load the next page
    twice, and a value typed into the first copy is gone from the second, whose empty
    required field the browser then refuses to send. The caller looks at the page again.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        with page.expect_navigation(wait_until="load", timeout=10_000):
            button.click()
    except PlaywrightTimeout:
        return False
    return True


def _check_phone_layout(page) -> None:
    """At 390 px: no sideways scrolling, the input and the Next button fully on screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"the page is {width} px wide on a {PHONE} px phone: {page.url}"
    for what in ("input[name=contribution]", "button.otree-btn-next"):
        element = page.locator(what)
        element.scroll_into_view_if_needed()
        assert element.is_visible(), f"{what} is not visible on the phone"
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, (
            f"{what} sticks out: {box}"
        )
        assert box["width"] >= 44 and box["height"] >= 30, f"{what} is too small to tap: {box}"


class Student:
    def __init__(self, page, number: int, phone: bool):
        self.page, self.number, self.phone = page, number, phone
        self.refused: list[str] = []
        self.phone_checked = False

    def step(self, submitted: dict) -> str:
        """Act once on the current page without waiting for the others; returns what it did."""
        page = self.page
        page.wait_for_load_state()
        url = page.url
        if "/OutOfRangeNotification" in url:
            return "done"
        field = page.locator("input[name=contribution]")
        if "/p/" in url and field.count():
            return self._decide(field, submitted)
        if "/p/" not in url:  # the room's (or session link's) welcome page
            start = page.locator("button:has-text('Start')")
            if start.count():
                if not _submit(page, start.first):
                    return "retry"
                page.wait_for_url(re.compile(r"/p/"), timeout=30_000)
                return "joined"
            return "wait"
        button = page.locator("button.otree-btn-next")
        if button.count() and button.is_visible():  # instructions, results
            return "next" if _submit(page, button) else "retry"
        return "wait"  # a wait page: it reloads itself when the group is complete

    def _decide(self, field, submitted: dict) -> str:
        page = self.page
        content = page.locator(".otree-body").inner_text()
        rnd = int(re.search(r"Round (\d+)", page.locator("#_otree-title").inner_text()).group(1))
        income = float(re.search(r"Income ([0-9.]+) points", content).group(1))
        if self.phone and not self.phone_checked:
            _check_phone_layout(page)
            self.phone_checked = True
        if self.number == 2 and len(self.refused) < len(BAD_INPUTS):
            bad = BAD_INPUTS[len(self.refused)]
            field.fill(str(income + 1) if bad == "above" else bad)
            old = page.url
            if not _submit(page, page.locator("button.otree-btn-next")):
                return "retry"
            assert page.url == old, f"the bad input {bad!r} moved the page on"
            assert page.locator("input[name=contribution]").count() == 1, f"{bad!r} was accepted"
            error = page.locator(
                ".form-control-errors, .otree-form-errors, .invalid-feedback, .alert-danger"
            )
            assert error.count() and error.first.is_visible(), f"no message refuses {bad!r}"
            self.refused.append(bad)
            return "refused"
        value = decision(self.number, rnd, income)
        field.fill(str(value))
        before = page.url
        code = re.search(r"/p/([^/]+)/", before).group(1)
        if not _submit(page, page.locator("button.otree-btn-next")) and not _sent_late(
            page, field, before
        ):
            return "retry"
        submitted[(code, rnd)] = value
        return "decided"


def _sent_late(page, field, before: str, timeout: float = 60) -> bool:
    """After a press that led nowhere within :func:`_submit`'s wait: True once the page has
    moved on after all (its answer was slow, on a loaded machine), False if the browser refused
    to send (the page had loaded twice, and the field the value was typed into is gone, so the
    one shown is empty: the caller types it again)."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            page.wait_for_load_state()
            if page.url != before or not field.count():
                return True
            if field.input_value(timeout=1_000) == "":
                return False
        except PlaywrightError:  # the page went away while it was read: look again
            pass
        time.sleep(0.2)
    raise AssertionError(f"a typed value was neither sent nor refused in {timeout} s: {page.url}")


def _play(pages, url: str, config: str, submitted: dict, timeout: float = 180) -> list[Student]:
    students = [Student(page, i + 1, phone=i == 0) for i, page in enumerate(pages)]
    for page in pages:
        page.goto(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [s.step(submitted) for s in students]
        if all(d == "done" for d in done):
            return students
        if all(d in ("wait", "done") for d in done):
            time.sleep(0.3)
    states = [s.page.url for s in students]
    raise AssertionError(f"{config}: the students did not finish in {timeout} s; pages at {states}")


def test_four_students_play_every_treatment_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = _browser_or_skip()
    server = ClassroomServer(copy_game(tmp_path / "game")).start()
    codes, submitted = [], {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                contexts = [
                    browser.new_context(
                        viewport={"width": PHONE, "height": 844},
                        is_mobile=True,
                        has_touch=True,
                        device_scale_factor=3,
                    )
                ]
                contexts += [
                    browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(3)
                ]
                pages = [c.new_page() for c in contexts]
                for k, config in enumerate(CONFIGS):
                    extra = {"shock_round": 2} if config == "alliance_shock" else {}
                    created = server.create_session(
                        config,
                        4,
                        room="alliance" if k == 0 else None,
                        num_rounds=ROUNDS,
                        decision_seconds=600,
                        results_seconds=600,
                        **extra,
                    )
                    codes.append(created["code"])
                    url = created["room_url"] if k == 0 else created["session_wide_url"]
                    if k == 0:
                        assert url == f"{server.url}/room/alliance"
                    students = _play(pages, url, config, submitted)
                    assert students[1].refused == list(BAD_INPUTS)
                    assert students[0].phone_checked
            finally:
                browser.close()
        raw = server.rest(
            "GET", "/api/export_app_custom?app=alliance&function_name=custom_export"
        ).text
    finally:
        server.stop()
    export = tmp_path / "alliance_custom.csv"  # the file an instructor downloads from the admin
    export.write_text(raw)
    frame = load_classroom_session(export)
    assert sorted(frame["session"].unique()) == sorted(codes)
    assert set(frame["treatment"]) == {c.removeprefix("alliance_") for c in CONFIGS}
    assert len(frame) == len(CONFIGS) * 4 * ROUNDS
    assert not frame["timed_out"].any()
    # every decision typed in a browser is in the export, and nothing else
    assert {(r.participant, r.round): r.contribution for r in frame.itertuples()} == submitted
    assert_payoffs_are_the_formula(frame)
    _run_debrief(export, tmp_path)


def _run_debrief(export, tmp_path) -> None:
    """Lesson 08 on the room's own export, picked by ALLIANCE_SESSION as its first cell says."""
    nb = nbformat.read(ROOT / "notebooks" / "08_classroom_experiment.ipynb", as_version=4)
    previous = os.environ.get("ALLIANCE_SESSION")
    os.environ["ALLIANCE_SESSION"] = str(export)  # the kernel inherits it
    try:
        notebook_client(nb, tmp_path, timeout=180).execute()
    finally:
        if previous is None:
            os.environ.pop("ALLIANCE_SESSION", None)
        else:
            os.environ["ALLIANCE_SESSION"] = previous
    head = next(
        c for c in nb.cells if c.cell_type == "code" and "load_classroom_session(" in c.source
    )
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in head.outputs)
    # the lesson read the export, not the shipped sample (whose sessions are sim-...)
    assert "sim-" not in shown and shown, shown
