"""Helpers for the browser suite: a throwaway JupyterLab server and Playwright page helpers.

Used only by ``tests/test_browser.py``. Nothing here touches the repository except
the screenshots written to ``test-artifacts/``: the server runs in a temporary copy
of the course with its own Jupyter config, data, runtime, settings and workspace
folders, so a developer's own JupyterLab setup can neither break nor be changed by
the tests.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

# Chromium flags that work in containers and on this machine's closed network
# (without the background-networking flags Chromium's own connections are refused).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--mute-audio",
]

# Output mime types as JupyterLab marks them on `.jp-OutputArea-output[data-mime-type]`.
ERROR_MIME = "application/vnd.jupyter.error"
STDERR_MIME = "application/vnd.jupyter.stderr"

WIDGET_PROBLEM_TEXTS = ("Error displaying widget", "Loading widget...")
# A slider whose track is narrower than this cannot be dragged with any precision.
MIN_SLIDER_TRACK_PX = 50


# --------------------------------------------------------------------------- browser


def find_chromium() -> str | None:
    """A Chromium executable: $CHROMIUM_PATH if set, else Debian's /usr/bin/chromium."""
    env = os.environ.get("CHROMIUM_PATH")
    if env:
        return env if Path(env).exists() else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return None


def skip_or_fail(reason: str) -> None:
    """Skip loudly on a laptop; on CI (``CI`` set) a missing prerequisite is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- course copy


def copy_course_tree(dest: Path) -> Path:
    """Copy what a student and an instructor see into ``dest``: lessons, the nbgrader
    course (config, source, release if generated) and the root nbgrader_config.py."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        ROOT / "notebooks",
        dest / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    course = dest / "assignments"
    course.mkdir()
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", course / "nbgrader_config.py")
    for sub in ("source", "release"):
        if (ROOT / "assignments" / sub).is_dir():
            shutil.copytree(
                ROOT / "assignments" / sub,
                course / sub,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    return dest


def problem_sets(course: Path) -> list[str]:
    source = course / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if p.is_dir() and p.name.startswith("ps"))


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_lab_settings(settings_dir: Path) -> None:
    """User settings for the throwaway lab: no news/update toasts over the notebook."""
    notification = (
        settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    )
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


@dataclass
class LabServer:
    """A ``jupyter lab`` process serving ``root`` on 127.0.0.1 with a random token."""

    root: Path
    home: Path
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    #: URL prefix of every page and API call, as JupyterHub gives a user's server (/user/<name>/)
    prefix: str = "/"
    #: environment variables for the server and so its kernels (e.g. COURSE_LIB_FIGURE_TRANSPORT)
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix.rstrip('/')}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def log_tail(self, chars: int = 6000) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-chars:]
        return "(no server log)"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        bindir = str(Path(sys.executable).parent)
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
        # Isolate from the developer's own Jupyter setup (config, kernels, settings, workspaces).
        for var, sub in (
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("JUPYTERLAB_SETTINGS_DIR", "settings"),
            ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
            ("IPYTHONDIR", "ipython"),
        ):
            path = self.home / sub
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.extra_env)
        return env

    def start(self, ready_timeout: float = 120) -> None:
        _write_lab_settings(self.home / "settings")
        self.log_path = self.home / "jupyter-lab.log"
        log = open(self.log_path, "w")  # noqa: SIM115 - kept open for the process's lifetime
        args = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--ServerApp.shutdown_no_activity_timeout=1800",  # never outlive a crashed test run
            "--MappingKernelManager.cull_idle_timeout=0",
        ]
        if self.prefix.strip("/"):
            args.append(f"--ServerApp.base_url=/{self.prefix.strip('/')}/")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")  # containers and CI runners are often root
        self.proc = subprocess.Popen(
            args,
            cwd=self.root,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + ready_timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with code {self.proc.returncode} before it was "
                    f"ready.\n--- server log\n{self.log_tail()}"
                )
            try:
                status = self.api("GET", "/api/status")
                if "started" in status:
                    return
            except (OSError, urllib.error.URLError, ValueError) as exc:
                last_error = repr(exc)
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(
            f"jupyter lab was not ready after {ready_timeout:.0f} s (last error: "
            f"{last_error}).\n--- server log\n{self.log_tail()}"
        )

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base_url + path,
            method=method,
            data=data,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel (between notebooks, so one lesson's kernel never slows the next)."""
        with contextlib.suppress(Exception):
            for session in self.api("GET", "/api/sessions"):
                with contextlib.suppress(Exception):
                    self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        with contextlib.suppress(Exception):
            for kernel in self.api("GET", "/api/kernels"):
                with contextlib.suppress(Exception):
                    self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)

    def kernel_of(self, relpath: str) -> dict | None:
        """The server's view of the kernel of ``relpath``'s session (state, connections)."""
        try:
            for session in self.api("GET", "/api/sessions"):
                if session.get("path") == relpath and session.get("kernel"):
                    return session["kernel"]
        except (OSError, ValueError):
            return None
        return None

    def shutdown_notebook(self, relpath: str) -> None:
        """Stop the kernel of one notebook's session (other notebooks keep theirs)."""
        with contextlib.suppress(Exception):
            for session in self.api("GET", "/api/sessions"):
                if (
                    session.get("path") == relpath
                    or session.get("notebook", {}).get("path") == relpath
                ):
                    with contextlib.suppress(Exception):
                        self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)

    def stop(self, timeout: float = 30) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.shutdown_kernels()
        self.proc.terminate()  # jupyter server shuts its kernels down on SIGTERM
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


# --------------------------------------------------------------------------- what a notebook promises


def _names_from(tree: ast.AST, prefixes: tuple[str, ...]) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(prefixes):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(prefixes):
                    names.add((alias.asname or alias.name).split(".")[0])
    return names


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


@dataclass
class NotebookPlan:
    """What a lesson should show once run: how many code cells, at least how many figures."""

    code_cells: int
    expected_figures: int
    has_explorer: bool


def plan_notebook(path: Path) -> NotebookPlan:
    """Read the notebook's code to find what must appear on the page.

    A code cell whose last line is a call into ``course_lib.apps`` displays an
    explorer (at least one plotly figure); one whose last line calls
    ``course_lib.plots`` or ``go.Figure``/``go.FigureWidget`` displays a figure.
    Cells that do not parse (IPython magics) are skipped for counting.
    """
    nb = json.loads(path.read_text())
    code = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]
    code_cells = sum(1 for src in code if src.strip())
    trees = []
    for src in code:
        try:
            trees.append(ast.parse(src))
        except SyntaxError:
            trees.append(None)
    whole = ast.Module(body=[n for t in trees if t for n in t.body], type_ignores=[])
    app_names = _names_from(whole, ("course_lib.apps",))
    plot_names = _names_from(whole, ("course_lib.plots", "plotly"))
    uses_apps = bool(app_names) or "course_lib.apps" in "\n".join(code)
    figures = 0
    for tree in trees:
        if not tree or not tree.body:
            continue
        last = tree.body[-1]
        if not isinstance(last, ast.Expr):
            continue
        value = last.value
        if isinstance(value, ast.Call) and _root_name(value.func) == "display" and value.args:
            value = value.args[0]
        if not isinstance(value, ast.Call):
            continue
        root = _root_name(value.func)
        if root in app_names or root in plot_names:
            figures += 1
    if uses_apps:
        figures = max(figures, 1)
    return NotebookPlan(code_cells=code_cells, expected_figures=figures, has_explorer=uses_apps)


# --------------------------------------------------------------------------- page helpers

# One JavaScript snapshot of the open notebook: prompts, outputs, figures, widget problems.
NOTEBOOK_STATE_JS = (
    """
() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
      .find(p => !p.classList.contains('lm-mod-hidden')) || document;
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  // textContent, not innerText: innerText is empty for cells the browser skips rendering
  // (JupyterLab's default windowing uses content-visibility for off-screen cells).
  const text = el => (el.textContent || '').trim();
  const promptOf = cell => {
      const p = cell && cell.querySelector('.jp-InputArea-prompt');
      return p ? p.textContent.trim() : '';
  };
  const where = el => {
      const cell = el.closest('.jp-CodeCell');
      if (!cell) return 'outside any cell';
      const lines = [...cell.querySelectorAll('.jp-InputArea-editor .cm-line')].map(l => l.textContent);
      return `code cell #${cells.indexOf(cell) + 1} ${promptOf(cell)} `
           + JSON.stringify(lines.join('\\n').slice(0, 160));
  };
  const prompts = cells.map(promptOf);
  const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')];
  const isErrorText = t => /Traceback|Error/.test(t);
  const errors = outputs.filter(o => o.dataset.mimeType === 'ERROR_MIME'
        || (o.dataset.mimeType === 'STDERR_MIME' && isErrorText(text(o))))
      .map(o => `${where(o)}:\n${text(o).slice(0, 3000)}`);
  const stderr = outputs.filter(o => o.dataset.mimeType === 'STDERR_MIME' && !isErrorText(text(o)))
      .map(o => `${where(o)}: ${text(o).slice(0, 400)}`);
  const widgetProblems = [];
  for (const o of outputs) {
    if (o.querySelector('.jp-OutputArea-output')) continue;  // report the innermost output only
    const t = text(o);
    if (o.querySelector('.jupyter-widgets-error-widget')) continue;  // reported below
    for (const needle of PROBLEM_TEXTS)
      if (t.includes(needle)) widgetProblems.push(`${where(o)}: ${t.slice(0, 400)}`);
  }
  // ipywidgets 8 replaces a view it could not create by an error widget ("Click to show
  // javascript error."); clicking it reveals the message, which goes into the report.
  for (const bad of panel.querySelectorAll('.jupyter-widgets-error-widget')) {
    if (bad.classList.contains('icon-error') && bad.parentElement) bad.parentElement.click();
    widgetProblems.push(`${where(bad)}: widget error: ${text(bad).slice(0, 800)}`);
  }
  const plots = [...panel.querySelectorAll('.js-plotly-plot')];
  // Layout a student would trip over: a slider squeezed by its label to a sliver of track,
  // a figure title printed over the legend.
  const layoutProblems = [];
  for (const s of panel.querySelectorAll('.widget-slider')) {
    if (s.getBoundingClientRect().width === 0) continue;  // not displayed (e.g. a closed tab)
    const track = s.querySelector('.noUi-target, .slider');
    const width = track ? Math.round(track.getBoundingClientRect().width) : 0;
    const label = s.querySelector('.widget-label');
    if (width < MIN_TRACK)
      layoutProblems.push(`${where(s)}: slider ${JSON.stringify(label ? text(label) : '')} has a `
                          + `${width} px track (its label leaves no room to drag it)`);
  }
  for (const gd of plots) {
    const title = gd.querySelector('.g-gtitle text');
    const legend = gd.querySelector('.legend');
    if (!title || !legend) continue;
    const a = title.getBoundingClientRect(), b = legend.getBoundingClientRect();
    const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (a.width > 0 && dx > 20 && dy > a.height / 2)
      layoutProblems.push(`${where(gd)}: the title ${JSON.stringify(text(title).slice(0, 90))} is `
                          + `printed over the legend`);
  }
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator')
      || document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {
    prompts,
    codeCells: cells.length,
    running: prompts.filter(p => p.includes('*')).length,
    executed: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
    errors, stderr, widgetProblems, layoutProblems,
    plots: plots.length,
    drawnPlots: plots.filter(gd => gd.querySelector('.main-svg')).length,
    plotContainers: panel.querySelectorAll('.plot-container').length,
    sliders: panel.querySelectorAll('.widget-slider').length,
    kernelStatus: status ? (status.getAttribute('data-status') || '') : '',
  };
}
""".replace("MIN_TRACK", str(MIN_SLIDER_TRACK_PX))
    .replace("ERROR_MIME", ERROR_MIME)
    .replace("STDERR_MIME", STDERR_MIME)
    .replace("PROBLEM_TEXTS", json.dumps(list(WIDGET_PROBLEM_TEXTS)))
)


def notebook_state(page) -> dict:
    return page.evaluate(NOTEBOOK_STATE_JS)


def wait_for(predicate, timeout: float, interval: float = 0.5, what: str = "condition"):
    """Poll ``predicate()`` until it returns a truthy value; return it, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def dismiss_dialogs(page) -> list[str]:
    """Accept a kernel-selection dialog (notebook without kernelspec) or close any other dialog.
    Returns the text of what was dismissed (also kept in ``page.dialogs_seen`` if present)."""
    seen = []
    dialog = page.locator(".jp-Dialog")
    for _ in range(3):
        if dialog.count() == 0:
            break
        with contextlib.suppress(Exception):
            seen.append(" ".join(dialog.first.inner_text(timeout=2000).split())[:300])
        accept = dialog.first.locator(".jp-Dialog-button.jp-mod-accept")
        with contextlib.suppress(Exception):
            if accept.count():
                accept.first.click(timeout=5000)
            else:
                page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    if seen and isinstance(getattr(page, "dialogs_seen", None), list):
        page.dialogs_seen.extend(seen)
    return seen


def close_toasts(page) -> None:
    """Close JupyterLab toast notifications (news, updates) if any slipped through."""
    for button in page.locator(".jp-toast-button, .Toastify__close-button").all():
        with contextlib.suppress(Exception):
            button.click(timeout=1000)


def plot_data_js() -> str:
    """JS taking an output element: JSON of the data of every plotly figure inside it."""
    return """
(root) => {
  const plain = (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);
  return [...root.querySelectorAll('.js-plotly-plot')].map(gd => JSON.stringify(
      (gd.data || []).map(t => ({x: t.x, y: t.y, z: t.z, r: t.r, theta: t.theta, values: t.values,
                                 text: t.text, visible: t.visible, name: t.name})), plain));
}
"""


NOTEBOOK_HEIGHT_JS = """() => {
    const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
        .find(p => !p.classList.contains('lm-mod-hidden'));
    const scroller = panel && (panel.querySelector('.jp-WindowedPanel-outer')
                               || panel.querySelector('.jp-Notebook'));
    if (!scroller) return 0;
    scroller.scrollTop = 0;
    // The bottom of the last cell, not scrollHeight: the notebook pads its end by about a
    // viewport's height ("scroll past end"), which would grow with every stretch.
    const cells = panel.querySelectorAll('.jp-Notebook .jp-Cell');
    const last = cells[cells.length - 1];
    const content = last ? last.getBoundingClientRect().bottom - scroller.getBoundingClientRect().top
                         : scroller.scrollHeight;
    const chrome = window.innerHeight - scroller.clientHeight;
    return Math.ceil(content + chrome + 60);
}"""


def save_screenshot(page, name: str, max_height: int = 16000) -> Path:
    """Screenshot of the whole notebook. JupyterLab scrolls inside a panel, so a plain full-page
    shot shows one screen only: the viewport is stretched to the notebook's height (measured
    again after each stretch, since off-screen cells only have estimated heights)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    original = page.viewport_size
    try:
        if original:
            height = original["height"]
            for _ in range(6):
                wanted = min(int(page.evaluate(NOTEBOOK_HEIGHT_JS) or 0), max_height)
                if wanted <= height:
                    break
                height = wanted
                page.set_viewport_size({"width": original["width"], "height": height})
                page.wait_for_timeout(700)
        page.evaluate(NOTEBOOK_HEIGHT_JS)  # back to the top
        page.wait_for_timeout(800)
        page.screenshot(path=str(path), full_page=True)
    finally:
        if original:
            page.set_viewport_size(original)
    return path


# --------------------------------------------------------------------------- running a notebook


def open_notebook(
    page, server: LabServer, relpath: str, workspace: str, timeout: float = 90
) -> None:
    """Open ``relpath`` in its own JupyterLab workspace (so no other tab is restored) and wait
    until the notebook is shown with its kernel connected and idle."""
    if not (server.root / relpath).is_file():
        raise AssertionError(
            f"{relpath} is not in the server's copy of the course ({server.root}); "
            "was it added after the test session started?"
        )
    page.goto(server.url(f"/lab/workspaces/{workspace}/tree/{relpath}"), timeout=timeout * 1000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=timeout * 1000)
    # The page's indicator says "idle" before the kernel even exists, so ask the server too:
    # the notebook's session has a kernel that is idle and that the page is connected to.
    deadline = time.monotonic() + timeout
    settled = 0
    while time.monotonic() < deadline:
        dismiss_dialogs(page)
        kernel = server.kernel_of(relpath)
        ready = (
            kernel is not None
            and kernel.get("execution_state") == "idle"
            and kernel.get("connections", 0) >= 1
            and notebook_state(page)["kernelStatus"] == "idle"
        )
        settled = settled + 1 if ready else 0
        if settled >= 3:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(
            f"{relpath}: the kernel was not ready {timeout:.0f} s after opening "
            f"(page says {notebook_state(page)['kernelStatus']!r}, server says "
            f"{server.kernel_of(relpath)})"
        )
    close_toasts(page)


def _started(state: dict, before: dict) -> bool:
    return bool(state["running"] or state["executed"] > before["executed"] or state["errors"])


def run_all_cells(page, relpath: str, attempts: int = 3) -> None:
    """Menu Run → Run All Cells, as a student would; retried if the click did not start a run
    (right after loading, the menu can act before the notebook is the current widget)."""
    before = notebook_state(page)
    for _ in range(attempts):
        dismiss_dialogs(page)
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.click(
            position={"x": 5, "y": 5}
        )  # make the notebook the current widget
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            wait_for(
                lambda: _started(notebook_state(page), before),
                timeout=15,
                interval=0.25,
                what="the run to start",
            )
            return
        except TimeoutError:
            dismiss_dialogs(page)
            page.keyboard.press("Escape")
    raise AssertionError(f"{relpath}: Run → Run All Cells did not start executing the notebook")


def wait_until_run(page, relpath: str, expected_cells: int, timeout: float = 300) -> dict:
    """Wait until no cell is queued or running and the kernel is idle (twice in a row), and
    either every non-empty code cell has an execution count or an error stopped the run."""
    deadline = time.monotonic() + timeout
    settled = 0
    stalled_since = None
    state = notebook_state(page)
    while time.monotonic() < deadline:
        dismiss_dialogs(page)
        state = notebook_state(page)
        quiet = state["running"] == 0 and state["kernelStatus"] == "idle"
        done = quiet and (state["executed"] >= expected_cells or state["errors"])
        settled = settled + 1 if done else 0
        if settled >= 2:
            return state
        # Nothing queued, kernel idle, cells left and no error: the run stopped by itself.
        stalled_since = (stalled_since or time.monotonic()) if quiet and not done else None
        if stalled_since and time.monotonic() - stalled_since > 20:
            raise AssertionError(
                f"{relpath}: Run All Cells stopped after {state['executed']} of {expected_cells} "
                f"code cells without an error output (kernel idle, prompts {state['prompts']})"
                f"\n{describe_page(page)}"
            )
        time.sleep(0.5)
    raise AssertionError(
        f"{relpath}: still running after {timeout:.0f} s (kernel {state['kernelStatus']!r}, "
        f"{state['executed']}/{expected_cells} code cells done, prompts {state['prompts']})"
    )


def wait_for_widgets(page, expected_figures: int, timeout: float = 60) -> dict:
    """Grace period for widgets and figures to render: no 'Loading widget...' left and at least
    ``expected_figures`` plotly figures drawn. Returns the last state either way."""
    deadline = time.monotonic() + timeout
    state = notebook_state(page)
    while time.monotonic() < deadline:
        state = notebook_state(page)
        if not state["widgetProblems"] and state["drawnPlots"] >= expected_figures:
            break
        if any(
            "widget error:" in p or "Error displaying widget" in p for p in state["widgetProblems"]
        ):
            break  # permanent: no point waiting out the grace period
        time.sleep(0.5)
    return state


def describe_page(page, limit: int = 15) -> str:
    """Browser console errors and dismissed dialogs, for failure messages."""
    messages = getattr(page, "console_errors", [])
    text = (
        "browser console errors:\n  " + "\n  ".join(m[:500] for m in messages[-limit:])
        if messages
        else "(no browser console errors)"
    )
    dialogs = getattr(page, "dialogs_seen", [])
    if dialogs:
        text += "\ndialogs dismissed:\n  " + "\n  ".join(dialogs)
    return text
