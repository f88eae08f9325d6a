"""JupyterLab in a real browser: what a student and an instructor actually see.

A throwaway ``jupyter lab`` (the venv's, so the kernel is the venv's python3) serves a
temporary copy of the course; Chromium, driven by Playwright, then

* opens every lesson in ``notebooks/``, runs it with the menu Run → Run All Cells and
  checks that no cell shows an error, that every code cell ran, that every widget
  rendered (no "Loading widget..." or "Error displaying widget" left), that at least
  as many plotly figures were drawn as the lesson's code displays, and that the page is
  usable: no slider squeezed by its label to a sliver of track, no figure title printed
  over its legend;
* in lesson 01 moves a slider of the first explorer and checks that the figure's data
  in the page changed;
* opens nbgrader's formgrader (the page, and the panel from JupyterLab's Nbgrader menu)
  and finds every problem set of ``assignments/source`` listed.

A full-page screenshot of each lesson goes to ``test-artifacts/``. Without a Chromium
(``/usr/bin/chromium`` or ``$CHROMIUM_PATH``) the suite is skipped, except on CI (``CI``
set), where that is a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import time
import warnings
from pathlib import Path

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    ROOT,
    LabServer,
    copy_course_tree,
    describe_page,
    find_chromium,
    notebook_state,
    open_notebook,
    plan_notebook,
    plot_data_js,
    problem_sets,
    run_all_cells,
    save_screenshot,
    skip_or_fail,
    wait_for,
    wait_for_widgets,
    wait_until_run,
)

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # reported by the `browser` fixture (a skip, or a failure on CI)
    PlaywrightTimeout = TimeoutError

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FREE_RIDER = ROOT / "notebooks" / "01_free_rider.ipynb"
VIEWPORT = {"width": 1400, "height": 900}
# Console messages that mean a widget or figure failed to render in the page.
WIDGET_FAILURES = re.compile(
    r"\[anywidget\]|Could not create (a )?view|Error creating (widget|view)"
    r"|Failed to load model class|Class \S+ not found in (module|registry)"
)

#: JupyterLab's message for a plugin it could not start (e.g. one that needs a disabled plugin).
PLUGIN_FAILURES = re.compile(r"Plugin '[^']+' failed to activate")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        where = (
            f"CHROMIUM_PATH={os.environ['CHROMIUM_PATH']!r} does not exist"
            if os.environ.get("CHROMIUM_PATH")
            else "no /usr/bin/chromium and no CHROMIUM_PATH"
        )
        skip_or_fail(
            f"BROWSER TESTS NOT RUN: {where}. Install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable."
        )
    return path


@pytest.fixture(scope="module")
def lab(chromium_path, tmp_path_factory):
    """One JupyterLab server for the whole module, in a temporary copy of the course."""
    base = tmp_path_factory.mktemp("browser")
    root = copy_course_tree(base / "course")
    server = LabServer(root=root, home=base / "jupyter-home")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in requirements-dev.txt
        skip_or_fail(f"the playwright Python package is not installed ({exc})")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True, timeout=120_000
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


def new_tab(browser):
    """A fresh browser context and tab; console errors are collected for failure messages."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    tab = context.new_page()
    tab.console_errors = []
    tab.dialogs_seen = []
    tab.on(
        "console", lambda msg: tab.console_errors.append(msg.text) if msg.type == "error" else None
    )
    tab.on("pageerror", lambda exc: tab.console_errors.append(f"uncaught: {exc}"))
    return tab


@pytest.fixture
def page(browser, lab):
    tab = new_tab(browser)
    yield tab
    tab.context.close()


def workspace(stem: str) -> str:
    """A workspace of its own per opened notebook, so JupyterLab restores no other tab."""
    return f"test-{re.sub(r'[^A-Za-z0-9_-]', '-', stem)}-{secrets.token_hex(3)}"


class LessonRuns:
    """Runs lessons in the browser. Lesson 01's run is kept (tab and kernel alive) for the
    slider test, so the slowest notebook is not run twice; every other run is closed and
    its kernel stopped as soon as its test ends."""

    KEEP = frozenset({FREE_RIDER.name})

    def __init__(self, browser, lab):
        self.browser, self.lab = browser, lab
        self.kept: dict[str, tuple] = {}

    def run(self, path: Path):
        """Open the lesson in a new tab, Run All Cells, wait for the kernel and the widgets."""
        if path.name in self.kept:
            return self.kept[path.name]
        relpath = f"notebooks/{path.name}"
        plan = plan_notebook(path)
        tab = new_tab(self.browser)
        started = time.monotonic()
        try:
            open_notebook(tab, self.lab, relpath, workspace(path.stem))
            run_all_cells(tab, relpath)
            wait_until_run(tab, relpath, plan.code_cells, timeout=300)
            state = wait_for_widgets(tab, plan.expected_figures, timeout=60)
        except BaseException:
            with contextlib.suppress(Exception):
                save_screenshot(tab, f"browser-{path.stem}")
            self._close(tab, path)
            raise
        state["plan"], state["seconds"] = plan, time.monotonic() - started
        if path.name in self.KEEP:
            self.kept[path.name] = (tab, state)
        return tab, state

    def done(self, path: Path, tab) -> None:
        """The lesson's own test is over: close its tab unless a later test reuses it."""
        if path.name not in self.kept:
            self._close(tab, path)

    def release(self, path: Path) -> None:
        entry = self.kept.pop(path.name, None)
        if entry:
            self._close(entry[0], path)

    def close(self) -> None:
        for name in list(self.kept):
            self.release(ROOT / "notebooks" / name)

    def _close(self, tab, path: Path) -> None:
        with contextlib.suppress(Exception):
            tab.context.close()
        self.lab.shutdown_notebook(f"notebooks/{path.name}")


@pytest.fixture(scope="module")
def lessons(browser, lab):
    runs = LessonRuns(browser, lab)
    yield runs
    runs.close()


# --------------------------------------------------------------------------- lessons


def test_there_are_notebooks_to_open():
    assert NOTEBOOKS, f"no notebooks in {ROOT / 'notebooks'}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab(lessons, path):
    page, state = lessons.run(path)
    try:
        check_lesson_page(page, path, state)
    finally:
        lessons.done(path, page)


def check_lesson_page(page, path: Path, state: dict) -> None:
    plan = state["plan"]
    shot = save_screenshot(page, f"browser-{path.stem}")
    context = (
        f"\n(screenshot: {shot.relative_to(ROOT)}; ran in {state['seconds']:.0f} s)\n"
        f"{describe_page(page)}"
    )

    assert not state["errors"], (
        f"{path.name}: error output in the page after Run All Cells:\n"
        + "\n\n".join(state["errors"])
        + context
    )
    assert state["executed"] >= plan.code_cells, (
        f"{path.name}: only {state['executed']} of {plan.code_cells} code cells ran "
        f"(prompts {state['prompts']})" + context
    )
    assert not state["widgetProblems"], (
        f"{path.name}: widgets did not render within the grace period:\n"
        + "\n".join(state["widgetProblems"])
        + context
    )
    assert state["drawnPlots"] >= plan.expected_figures, (
        f"{path.name}: {state['drawnPlots']} plotly figure(s) drawn ({state['plots']} .js-plotly-plot "
        f"elements, {state['plotContainers']} .plot-container), expected at least "
        f"{plan.expected_figures} from the notebook's code" + context
    )
    broken = [m for m in page.console_errors if WIDGET_FAILURES.search(m)]
    assert not broken, f"{path.name}: a widget failed to render:\n" + "\n".join(broken) + context
    failed = [m for m in page.console_errors if PLUGIN_FAILURES.search(m)]
    assert not failed, f"{path.name}: JupyterLab could not start:\n" + "\n".join(failed) + context
    assert not state["layoutProblems"], (
        f"{path.name}: rendered, but unusable or unreadable in JupyterLab "
        f"(viewport {VIEWPORT['width']}x{VIEWPORT['height']}):\n  "
        + "\n  ".join(state["layoutProblems"])
        + context
    )
    for line in state["stderr"]:
        warnings.warn(f"{path.name} writes to stderr in JupyterLab: {line}", stacklevel=1)


def test_free_rider_slider_changes_the_figure(lessons):
    assert FREE_RIDER.exists(), f"{FREE_RIDER.relative_to(ROOT)} is missing"
    page, state = lessons.run(FREE_RIDER)  # the run of test_lesson_runs_in_jupyterlab, if it ran
    try:
        move_slider_and_check(page, state)
    finally:
        lessons.release(FREE_RIDER)


def move_slider_and_check(page, state: dict, name: str = FREE_RIDER.name) -> None:
    assert not state["errors"], f"{name}: " + "\n\n".join(state["errors"])
    # The first explorer: the innermost output area holding both a slider and a plotly figure.
    explorer = page.locator(
        ".jp-OutputArea-output:not(:has(.jp-OutputArea-output))"
        ":has(.widget-slider):has(.js-plotly-plot)"
    ).first
    assert explorer.count(), (
        f"{name}: no explorer (an output with a slider and a plotly "
        f"figure) found; {state['sliders']} slider(s), {state['plots']} figure(s)"
    )
    explorer.scroll_into_view_if_needed()
    slider = explorer.locator(".widget-slider").first
    label = slider.locator(".widget-label").first.inner_text().strip()
    readout = slider.locator(".widget-readout").first
    handle = slider.locator(".noUi-handle").first

    def position() -> tuple[str | None, str]:
        return handle.get_attribute("aria-valuenow"), readout.inner_text().strip()

    before_pos = position()
    before = explorer.evaluate(plot_data_js())
    assert before, f"{name}: the explorer has no plotly figure"

    handle.focus()  # the keyboard, as a student would: noUiSlider moves one step per arrow key
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    if position() == before_pos:  # already at the maximum: go left instead
        for _ in range(6):
            page.keyboard.press("ArrowLeft")
    if position() == before_pos:  # the keyboard did nothing: type a value into the readout
        low, high = (
            float(handle.get_attribute(a) or "nan") for a in ("aria-valuemin", "aria-valuemax")
        )
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(f"{(low + high) / 2:g}")
        page.keyboard.press("Enter")
    after_pos = position()
    assert after_pos != before_pos, (
        f"{name}: slider {label!r} did not move (stayed at {before_pos[1]})"
    )
    before_value, after_value = before_pos[1], after_pos[1]

    def changed():
        data = explorer.evaluate(plot_data_js())
        return data if data != before else None

    try:
        after = wait_for(changed, timeout=30, what="the figure to change")
    except TimeoutError:
        after = before
    shot = save_screenshot(page, f"browser-{Path(name).stem}-slider-moved")
    if after == before:
        pytest.fail(
            f"{name}: moved slider {label!r} from {before_value} to {after_value} "
            f"but the data of the explorer's {len(before)} figure(s) did not change within "
            f"30 s (screenshot {shot.relative_to(ROOT)})\n{describe_page(page)}",
            pytrace=False,
        )
    state = notebook_state(page)
    assert not state["errors"], f"{name}: error after moving {label!r}:\n" + "\n\n".join(
        state["errors"]
    )


# --------------------------------------------------------------------------- figure transport

# Two figures of one explorer, drawn with course_lib.plots.widget.figure_widget.
TRANSPORT_CODE = """\
import plotly.graph_objects as go
from course_lib.apps.base import Explorer, slider
from course_lib.plots.widget import SharedBundleFigureWidget, figure_widget

figures = {"power": figure_widget(go.Figure(go.Scatter(x=[0, 1, 2, 3], y=[0, 1, 2, 3], name="x^k"))),
           "other": figure_widget(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))}
assert all(isinstance(f, SharedBundleFigureWidget) for f in figures.values())

def powers(k):  # the state function
    return tuple(x ** k for x in range(4))

def draw(figures, state):  # the draw function
    figures["power"].data[0].y = state

app = Explorer({"k": slider("power k", 1.0, 0.5, 3.0, 0.25)}, powers, figures, draw)
app"""
# Sent right after the figures are displayed, possibly before their page has plotly: it must not be lost.
LATE_UPDATE_CODE = 'figures["other"].data[0].y = [5, 7]'
LATE_BARS = [[5, 7]]
BAR_HEIGHTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .flatMap(gd => (gd.data || []).filter(t => t.type === 'bar').map(t => Array.from(t.y)))"""
TRANSPORT_NOTEBOOK = "transport.ipynb"
HUB_PREFIX = "/user/student/"
# A static figure (plotly's mime type, with frames and a Play button), then a figure widget.
STATIC_CODE = """\
import plotly.graph_objects as go
frames = [go.Frame(data=[go.Scatter(y=[k, k + 1, k + 2])], name=str(k)) for k in range(1, 4)]
play = {"type": "buttons", "buttons": [{"label": "Play", "method": "animate", "args": [None]}]}
go.Figure(go.Scatter(y=[0, 1, 2], name="static"), frames=frames, layout={"updatemenus": [play]})"""
STATIC_WIDGET_CODE = """\
from course_lib.plots.widget import figure_widget
figure_widget(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))"""
STATIC_NOTEBOOK = "static.ipynb"
# Pies, which the course's bundle does not draw: a static one and a figure widget, then a scatter.
PIE_CELLS = [
    """\
import plotly.graph_objects as go
from course_lib.plots.widget import figure_widget
go.Figure(go.Pie(values=[1, 2, 3], labels=["a", "b", "c"]))""",
    """\
pie = figure_widget(go.Figure(go.Pie(values=[2, 3], labels=["x", "y"])))
pie""",
    "figure_widget(go.Figure(go.Scatter(y=[1, 2])))",
]
PIE_NOTEBOOK = "pie.ipynb"
PIE_PROBE_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
  slices: gd.querySelectorAll('g.slice').length,
  values: gd.data && gd.data[0] && gd.data[0].values ? Array.from(gd.data[0].values) : null,
  points: gd.querySelectorAll('.scatterlayer .point').length,
}))"""
STATIC_PROBE_JS = """() => {
  const gd = document.querySelector('.course-lib-figure .js-plotly-plot, .course-lib-figure.js-plotly-plot');
  const svg = gd && gd.querySelector('.main-svg');
  return {
    ours: document.querySelectorAll('.course-lib-figure').length,
    plotlys: document.querySelectorAll('.jp-RenderedPlotly').length,
    frames: gd && gd._transitionData ? gd._transitionData._frames.length : null,
    y: gd && gd.data ? Array.from(gd.data[0].y) : null,
    width: svg ? svg.getBoundingClientRect().width : 0,
  };
}"""


@pytest.fixture(scope="module")
def hub_lab(chromium_path, tmp_path_factory):
    """A server under a JupyterHub-style prefix, serving one notebook of two shared-bundle figures."""
    import nbformat

    base = tmp_path_factory.mktemp("browser-hub")
    root = base / "course"
    (root / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(TRANSPORT_CODE),
            nbformat.v4.new_code_cell(LATE_UPDATE_CODE),
        ]
    )
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(nb, root / "notebooks" / TRANSPORT_NOTEBOOK)
    static = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(STATIC_CODE),
            nbformat.v4.new_code_cell(STATIC_WIDGET_CODE),
        ]
    )
    static.metadata["kernelspec"] = nb.metadata["kernelspec"]
    nbformat.write(static, root / "notebooks" / STATIC_NOTEBOOK)
    pie = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in PIE_CELLS])
    pie.metadata["kernelspec"] = nb.metadata["kernelspec"]
    nbformat.write(pie, root / "notebooks" / PIE_NOTEBOOK)
    server = LabServer(
        root=root,
        home=base / "jupyter-home",
        prefix=HUB_PREFIX,
        extra_env={"COURSE_LIB_FIGURE_TRANSPORT": "shared"},
    )
    server.start()
    yield server
    server.stop()


#: every served plotly bundle (the course's and plotly's own), as a Playwright URL glob
SERVED_BUNDLES = "**/course-lib-plotly/static/widgetbundle*"


def is_bundle(url: str) -> bool:
    return "/course-lib-plotly/static/widgetbundle" in url


def record_bundles(tab) -> list[tuple[str, int]]:
    """Every response to a request for a served bundle, as (URL, status), from now on."""
    responses: list[tuple[str, int]] = []
    tab.on("response", lambda r: responses.append((r.url, r.status)) if is_bundle(r.url) else None)
    return responses


def run_and_draw(tab, lab, relpath: str, stem: str, cells: int, figures: int) -> dict:
    """Open a notebook in ``tab``, run all its ``cells`` and check that ``figures`` figures are
    drawn without an error; the page's state."""
    open_notebook(tab, lab, relpath, workspace(stem))
    run_all_cells(tab, relpath)
    wait_until_run(tab, relpath, cells, timeout=120)
    state = wait_for_widgets(tab, figures, timeout=60)
    assert not state["errors"], "\n".join(state["errors"]) + describe_page(tab)
    assert state["drawnPlots"] == figures, (
        f"{state['drawnPlots']} of {figures} figures drawn" + describe_page(tab)
    )
    return state


def run_transport_notebook(browser, lab, block_served_bundle: bool = False):
    """Run the transport notebook; return (tab, state, websocket bytes, bundle responses).

    ``block_served_bundle`` makes the page refuse the served bundles' URLs (as a page without a
    Jupyter server, or a proxy that blocks it, would), so the figures must use the kernel fallback.
    """
    tab = new_tab(browser)
    tab.console_all = []
    tab.on("console", lambda msg: tab.console_all.append(f"{msg.type}: {msg.text}"))
    received = []
    bundles = record_bundles(tab)
    if block_served_bundle:
        tab.route(SERVED_BUNDLES, lambda route: route.abort())

    def on_websocket(ws):
        if "/api/kernels/" in ws.url:
            ws.on(
                "framereceived",
                lambda p: received.append(len(p) if isinstance(p, bytes) else len(p.encode())),
            )

    tab.on("websocket", on_websocket)
    relpath = f"notebooks/{TRANSPORT_NOTEBOOK}"
    open_notebook(tab, lab, relpath, workspace("transport"))
    run_all_cells(tab, relpath)
    wait_until_run(tab, relpath, 2, timeout=120)
    state = wait_for_widgets(tab, 2, timeout=60)
    return tab, state, sum(received), bundles


def check_late_update_drawn(tab) -> None:
    try:
        wait_for(
            lambda: tab.evaluate(BAR_HEIGHTS_JS) == LATE_BARS, timeout=30, what="the late update"
        )
    except TimeoutError:
        pytest.fail(
            f"the bar figure shows {tab.evaluate(BAR_HEIGHTS_JS)}, not the update "
            f"{LATE_BARS} sent after it was displayed",
            pytrace=False,
        )


def test_shared_bundle_is_served_once_under_a_hub_prefix_and_a_slider_moves_it(browser, hub_lab):
    from course_lib.plots.bundles import COURSE_BUNDLE, of_kind

    tab, state, ws_bytes, bundles = run_transport_notebook(browser, hub_lab)
    try:
        assert not state["errors"], "\n".join(state["errors"]) + describe_page(tab)
        assert state["drawnPlots"] == 2, (
            f"{state['drawnPlots']} of 2 figures drawn\n{describe_page(tab)}"
        )
        # a scatter and a bar figure: the course's bundle draws both, plotly's is not fetched
        expected = f"127.0.0.1:{hub_lab.port}{HUB_PREFIX}lab/extensions/{of_kind('course').relpath}"
        assert [status for _, status in bundles] == [200], (
            f"the page should fetch one bundle exactly once over HTTP; responses: {bundles}"
        )
        assert expected in bundles[0][0], (
            f"bundle fetched from {bundles[0][0]}, expected {expected}"
        )
        # Two plain FigureWidgets would bring two copies of the bundle over the websocket.
        assert ws_bytes < COURSE_BUNDLE.stat().st_size / 4, (
            f"{ws_bytes:,} bytes came over the kernel websocket: the bundle went through the kernel"
        )
        check_late_update_drawn(tab)
        move_slider_and_check(tab, state, TRANSPORT_NOTEBOOK)
    finally:
        tab.context.close()
        hub_lab.shutdown_notebook(f"notebooks/{TRANSPORT_NOTEBOOK}")


def test_figures_draw_from_the_kernel_when_the_served_bundle_is_blocked(browser, hub_lab):
    """VS Code, a blocked URL, a read-only data folder: the figures still draw, from one copy
    of the bundle sent by the kernel (once per page, not once per figure), and a slider moves them."""
    from course_lib.plots.bundles import COURSE_BUNDLE

    tab, state, ws_bytes, bundles = run_transport_notebook(
        browser, hub_lab, block_served_bundle=True
    )
    try:
        console = "\n  ".join(m[:300] for m in tab.console_all[-20:])
        assert not state["errors"], "\n".join(state["errors"]) + describe_page(tab)
        assert state["drawnPlots"] == 2, (
            f"{state['drawnPlots']} of 2 figures drawn with the served "
            f"bundle blocked; console:\n  {console}"
        )
        assert all(status != 200 for _, status in bundles), (
            f"the served bundle was not blocked: {bundles}"
        )
        size = COURSE_BUNDLE.stat().st_size
        assert size < ws_bytes < 1.5 * size, (
            f"{ws_bytes:,} bytes came over the websocket; one copy of the course's bundle "
            f"(which draws both figures) is {size:,}"
        )
        check_late_update_drawn(tab)
        move_slider_and_check(tab, state, TRANSPORT_NOTEBOOK)
    finally:
        tab.context.close()
        hub_lab.shutdown_notebook(f"notebooks/{TRANSPORT_NOTEBOOK}")


def test_static_figures_draw_from_the_bundle_the_widgets_share(browser, hub_lab):
    """A static figure (plotly's mime type) is drawn by course_lib.plots.labextension, not by
    plotly's own renderer: from the same served bundle as the figure widget (fetched once for
    both), with its frames (Play animates it), and redrawn when its width changes."""
    from course_lib.plots.bundles import of_kind

    relpath = f"notebooks/{STATIC_NOTEBOOK}"
    tab = new_tab(browser)
    bundles = record_bundles(tab)
    try:
        run_and_draw(tab, hub_lab, relpath, "static", cells=2, figures=2)
        shown = tab.evaluate(STATIC_PROBE_JS)
        assert (shown["ours"], shown["plotlys"]) == (1, 0), (
            f"static figures drawn by course-lib-plotly / by jupyterlab-plotly: {shown}"
        )
        assert shown["frames"] == 3 and shown["y"] == [0, 1, 2], shown
        assert [status for _, status in bundles] == [200], (
            f"one fetch of the bundle for the static figure and the widget; responses: {bundles}"
        )
        assert of_kind("course").relpath in bundles[0][0], bundles
        tab.locator(".course-lib-figure .updatemenu-button").first.click()
        wait_for(
            lambda: tab.evaluate(STATIC_PROBE_JS)["y"] == [3, 4, 5],
            timeout=30,
            what="Play to animate the static figure to its last frame",
        )
        before = shown["width"]
        tab.set_viewport_size({"width": VIEWPORT["width"] - 400, "height": VIEWPORT["height"]})
        wait_for(
            lambda: 0 < tab.evaluate(STATIC_PROBE_JS)["width"] < before - 100,
            timeout=30,
            what=f"the static figure to follow a narrower window (was {before:.0f} px wide)",
        )
    finally:
        tab.context.close()
        hub_lab.shutdown_notebook(relpath)


def test_a_static_figure_without_its_bundle_says_how_to_fix_it(browser, hub_lab):
    """If the served bundle cannot be fetched, the static figure's output says so and names
    the command that installs it (the figure widget still draws, from its kernel)."""
    relpath = f"notebooks/{STATIC_NOTEBOOK}"
    tab = new_tab(browser)
    tab.route(SERVED_BUNDLES, lambda route: route.abort())
    # JupyterLab shows a renderer's failure as stderr in place of the output
    first_output = tab.locator(".jp-CodeCell").first.locator(".jp-OutputArea-child").first
    try:
        open_notebook(tab, hub_lab, relpath, workspace("static-blocked"))
        run_all_cells(tab, relpath)
        wait_until_run(tab, relpath, 2, timeout=120)
        try:
            wait_for(
                lambda: "bundle was not served" in first_output.inner_text(),
                timeout=60,
                what="the static figure's output to say that the bundle was not served",
            )
        except TimeoutError:
            pytest.fail(f"the output says {first_output.inner_text()[:500]!r}", pytrace=False)
        message = first_output.inner_text()
        assert "python -m course_lib.plots.labextension" in message, message
        wait_for_widgets(tab, 1, timeout=60)
        assert tab.locator(".js-plotly-plot .main-svg").count() >= 1, describe_page(tab)
    finally:
        tab.context.close()
        hub_lab.shutdown_notebook(relpath)


def test_trace_types_the_course_bundle_lacks_are_drawn_with_plotlys(browser, hub_lab):
    """A pie, static or in a figure widget, is drawn with plotly's whole bundle, a scatter beside
    it with the course's: each fetched once, and the pie widget follows its kernel."""
    from course_lib.plots.bundles import of_kind

    relpath = f"notebooks/{PIE_NOTEBOOK}"
    tab = new_tab(browser)
    bundles = record_bundles(tab)
    try:
        run_and_draw(tab, hub_lab, relpath, "pie", cells=len(PIE_CELLS), figures=3)
        assert not tab.console_errors, describe_page(tab)
        shown = tab.evaluate(PIE_PROBE_JS)
        assert [(f["slices"], f["points"]) for f in shown] == [(3, 0), (2, 0), (0, 2)], shown
        fetched = sorted((url.split("/")[-1], status) for url, status in bundles)
        assert fetched == sorted(
            (of_kind(kind).relpath.split("/")[-1], 200) for kind in ("course", "plotly")
        ), f"each bundle fetched once: {bundles}"
        kernel_says(hub_lab, relpath, "pie.data[0].values = [4, 5]")
        wait_for(
            lambda: tab.evaluate(PIE_PROBE_JS)[1]["values"] == [4, 5],
            timeout=30,
            what="the pie widget to draw its kernel's update",
        )
    finally:
        tab.context.close()
        hub_lab.shutdown_notebook(relpath)


def kernel_says(lab, relpath: str, code: str) -> str:
    """Run ``code`` in the kernel of an open notebook (its own connection file); its stdout."""
    from jupyter_client import BlockingKernelClient

    kernel = lab.kernel_of(relpath)
    assert kernel, f"no kernel for {relpath}"
    client = BlockingKernelClient(
        connection_file=str(lab.home / "runtime" / f"kernel-{kernel['id']}.json")
    )
    client.load_connection_file()
    client.start_channels()
    try:
        out: list[str] = []
        client.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda m: (
                out.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
            ),
        )
        return "".join(out)
    finally:
        client.stop_channels()


POWER_Y_JS = """() => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => (g.data || []).some(t => t.name === 'x^k'));
  return gd ? Array.from(gd.data[0].y) : null; }"""


def wait_until_power_shows(tab, expected: list[float], what: str) -> None:
    def shown():
        y = tab.evaluate(POWER_Y_JS)
        return y is not None and max(abs(a - b) for a, b in zip(y, expected)) < 1e-12

    wait_for(shown, timeout=30, what=what)


def test_a_keyboard_step_is_drawn_from_a_frame_and_the_kernel_agrees(browser, hub_lab):
    """The page draws the step from the frame the kernel sent ahead (course_lib/apps/frames.py);
    the kernel then holds the same figure and state, and sent no update of its own."""
    relpath = f"notebooks/{TRANSPORT_NOTEBOOK}"
    tab, state, _ws, _bundles = run_transport_notebook(browser, hub_lab)
    try:
        assert not state["errors"], "\n".join(state["errors"]) + describe_page(tab)
        wait_for(
            lambda: kernel_says(hub_lab, relpath, "print(len(app.frames.frames))").strip() == "2",
            timeout=30,
            what="the first frames (both neighbours of k = 1)",
        )
        # every trace and layout delta the page reports, with its edit id (-1: a frame's draw)
        kernel_says(
            hub_lab,
            relpath,
            "deltas = []\n"
            "def _note(change):\n"
            "    if change['new'] is not None:\n"
            "        new = change['new']\n"
            "        deltas.append(new.get('trace_edit_id', new.get('layout_edit_id')))\n"
            "for _fig in figures.values():\n"
            "    _fig.observe(_note, names=['_js2py_traceDeltas', '_js2py_layoutDelta'])",
        )
        handle = tab.locator(".widget-slider .noUi-handle").first
        handle.focus()
        tab.keyboard.press("ArrowRight")
        expected = [x**1.25 for x in range(4)]
        wait_until_power_shows(tab, expected, "the step k = 1.25 drawn in the page")
        tab.wait_for_timeout(1000)  # let anything the kernel might still send arrive
        report = json.loads(
            kernel_says(
                hub_lab,
                relpath,
                "import json; print(json.dumps({'k': app.controls['k'].value, "
                "'y': list(figures['power'].data[0].y), 'drawn': app.frames.drawn, "
                "'resent': app.frames.resent, 'state': list(app.state)}))",
            )
        )
        assert report["k"] == 1.25
        assert report["drawn"] == 1 and report["resent"] == 0, (
            f"the page should have drawn the step from a frame: {report}"
        )
        assert report["y"] == report["state"] == expected
        # the kernel ignores deltas of a frame's draw (edit id -1), so the page sends none
        assert -1 not in json.loads(kernel_says(hub_lab, relpath, "print(deltas)"))
        page_y = tab.evaluate(POWER_Y_JS)
        assert page_y == expected, f"the page shows {page_y}, the kernel holds {report['y']}"
        # A step the page has no frame for yet (the next frames may not have come): still drawn.
        tab.keyboard.press("ArrowRight")
        tab.keyboard.press("ArrowRight")
        expected = [x**1.75 for x in range(4)]
        wait_until_power_shows(tab, expected, "the step k = 1.75 drawn in the page")
        tab.wait_for_timeout(1000)
        final = json.loads(
            kernel_says(
                hub_lab,
                relpath,
                "import json; print(json.dumps({'k': app.controls['k'].value, "
                "'y': list(figures['power'].data[0].y)}))",
            )
        )
        assert final == {"k": 1.75, "y": expected}, f"the kernel holds {final}"
        assert tab.evaluate(POWER_Y_JS) == expected
        # An update from the kernel still gets its deltas back (so the check above can fail).
        kernel_says(hub_lab, relpath, "app.controls['k'].value = 2.0")
        wait_until_power_shows(tab, [x**2.0 for x in range(4)], "the kernel's step k = 2 drawn")
        wait_for(
            lambda: any(e >= 0 for e in json.loads(kernel_says(hub_lab, relpath, "print(deltas)"))),
            timeout=30,
            what="the page's deltas for the kernel's own update",
        )
        assert -1 not in json.loads(kernel_says(hub_lab, relpath, "print(deltas)"))
    finally:
        tab.context.close()
        hub_lab.shutdown_notebook(relpath)


# --------------------------------------------------------------------------- opening a lesson


def test_a_lessons_url_opens_it_without_waiting_for_the_workspace_save(browser, lab):
    """The course's opener (course_lib.plots.labextension.OPENER_PLUGIN). Without it,
    JupyterLab asks for the notebook only after its state route has saved the workspace; with
    it, before. The page still shows the notebook once, after a reload of the same workspace
    too, and a folder's URL is left to JupyterLab's file browser."""
    from urllib.parse import urlparse

    tab = new_tab(browser)
    requests: list[tuple[str, str]] = []
    tab.on("request", lambda r: requests.append((r.method, urlparse(r.url).path)))
    relpath, name = "notebooks/00_start_here.ipynb", workspace("opener")
    try:
        open_notebook(tab, lab, relpath, name)
        asked = [
            i
            for i, (m, p) in enumerate(requests)
            if m == "GET" and p.endswith(f"/api/contents/{relpath}")
        ]
        saved = [
            i
            for i, (m, p) in enumerate(requests)
            if m == "PUT" and p.endswith(f"/api/workspaces/{name}")
        ]
        assert asked and saved, requests
        assert asked[0] < saved[0], (
            "the notebook was asked for only after the workspace was saved: "
            f"{[requests[i] for i in sorted(asked + saved)]}"
        )
        panels = tab.locator(".jp-NotebookPanel")
        assert panels.count() == 1, describe_page(tab)
        tab.reload()
        tab.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        tab.wait_for_timeout(1500)  # JupyterLab's own opening comes after the opener's
        assert panels.count() == 1, "restored from the workspace and opened again\n" + (
            describe_page(tab)
        )
        tab.goto(lab.url(f"/lab/workspaces/{workspace('folder')}/tree/notebooks"))
        tab.locator('.jp-DirListing-item[title^="Name: 00_start_here.ipynb"]').wait_for()
        tab.wait_for_timeout(1000)
        assert panels.count() == 0, describe_page(tab)
        failed = [m for m in tab.console_errors if PLUGIN_FAILURES.search(m)]
        assert not failed, "\n".join(failed)
    finally:
        tab.context.close()
        lab.shutdown_notebook(relpath)


# --------------------------------------------------------------------------- instructor


def test_formgrader_lists_the_problem_sets(page, lab):
    names = problem_sets(lab.root / "assignments")
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(lab.url("/formgrader"))
    table = page.locator("table")
    page.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
    table.first.wait_for(timeout=60_000)
    missing = []
    for name in names:
        try:
            page.get_by_role("link", name=name, exact=True).first.wait_for(timeout=30_000)
        except PlaywrightTimeout:
            missing.append(name)
    page.screenshot(path=str(ARTIFACTS / "browser-formgrader.png"), full_page=True)
    assert not missing, (
        f"formgrader at /formgrader does not list {missing}; the page shows:\n"
        f"{page.locator('body').inner_text()[:3000]}\n{describe_page(page)}"
    )

    # The instructor's path inside JupyterLab: menu Nbgrader → Formgrader opens it in a panel.
    page.goto(lab.url(f"/lab/workspaces/{workspace('formgrader')}"))
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Formgrader", exact=True).click()
    frame = page.frame_locator("iframe").first
    frame.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
    missing = []
    for name in names:
        try:
            frame.get_by_role("link", name=name, exact=True).first.wait_for(timeout=30_000)
        except PlaywrightTimeout:
            missing.append(name)
    page.screenshot(path=str(ARTIFACTS / "browser-formgrader-in-lab.png"))
    assert not missing, f"the Formgrader panel in JupyterLab does not list {missing}"
    assert names, "assignments/source has no problem set for the formgrader to list"
