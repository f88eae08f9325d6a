"""Lessons in a real browser: JupyterLab 4 + Chromium, as a student opens them.

For every lesson, and for each figure transport (``plain``: one ``go.FigureWidget`` per
figure, each carrying plotly's 5 MB bundle, the baseline; ``shared``:
:mod:`course_lib.plots.widget`, one bundle per page), in one run:

``plain`` also draws the static figures with plotly's own JupyterLab renderer
(``jupyterlab-plotly``), keeps JupyterLab's recents manager and opens the notebook when
JupyterLab's routes are done, as before; ``shared`` uses :mod:`course_lib.plots.labextension`,
which disables the first two and opens the notebook as soon as the layout is restored.

* bytes received over the kernel websocket from opening the notebook until every
  figure is drawn;
* seconds from opening the notebook (page load) to every cell run and every figure
  drawn, split into "kernel ready" and "Run All -> drawn"; for ``shared``, also from a
  double click on the notebook in the file browser of a JupyterLab already open (no page
  load: how a student opens the next lesson);
* JS heap after Run All (CDP ``Runtime.getHeapUsage`` after ``HeapProfiler.collectGarbage``);
* slider step -> figure data changed in the page, median and p90 over ``--steps``
  keyboard steps of the first explorer's first slider, measured in the page: a
  ``requestAnimationFrame`` loop compares the identity of every trace's data arrays of
  the explorer's figures (plotly replaces them on restyle/update) and stamps the
  first and the last change after the keydown.

``--options`` also runs a synthetic explorer (4 figures x 4 traces x 300 points) to
compare, side by side: separate figures vs one figure of 2x2 subplots; redrawing every
trace vs restyling only the traces that depend on the slider; and a burst of key
presses (what ipywidgets' own throttle makes of them).

Nothing here is asserted; it prints. Run: ``make bench-browser`` or
``python -m benchmarks.bench_browser [--lessons 01,06] [--modes plain,shared]
[--steps 20] [--options] [--no-lessons]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

import browser_support as bs  # noqa: E402

MODES = ("plain", "shared")
TARGETS = {"mb": 5.0, "seconds": 6.0, "heap": 120.0, "median": 30.0, "p90": 50.0}

# ---------------------------------------------------------------------------- page-side probes

SLIDER_PROBE_JS = """
(root) => {
  const FIELDS = ['x', 'y', 'z', 'r', 'theta', 'values', 'labels', 'text', 'hovertext', 'lat', 'lon',
                  'customdata', 'locations', 'ids', 'visible', 'name'];
  const plots = [...root.querySelectorAll('.js-plotly-plot')];
  const sig = gd => {
    const d = gd.data || [];
    const out = [d];
    for (const t of d) {
      out.push(t);
      for (const f of FIELDS) out.push(t[f]);
      if (t.marker) out.push(t.marker.color, t.marker.size);
      if (t.line) out.push(t.line.color, t.line.width);
    }
    return out;
  };
  const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (window.__bench && window.__bench.raf) cancelAnimationFrame(window.__bench.raf);
  const st = window.__bench = {t0: null, changes: [], last: plots.map(sig), plots};
  if (!window.__benchKey) {
    window.__benchKey = true;
    document.addEventListener('keydown', () => {
      const b = window.__bench; if (b) { b.t0 = performance.now(); b.changes = []; }
    }, true);
  }
  const tick = () => {
    const now = performance.now();
    st.plots.forEach((gd, i) => {
      const s = sig(gd);
      if (!same(s, st.last[i])) {
        st.last[i] = s;
        if (st.t0 !== null) st.changes.push({i, t: now - st.t0});
      }
    });
    st.raf = requestAnimationFrame(tick);
  };
  tick();
  return plots.length;
}
"""

SLIDER_READ_JS = """() => {
  const b = window.__bench;
  return {t0: b.t0, since: b.t0 === null ? null : performance.now() - b.t0, changes: b.changes};
}"""


# ---------------------------------------------------------------------------- one lesson, one mode


@dataclass
class LessonResult:
    lesson: str
    mode: str
    ws_bytes: int = 0
    ws_frames: int = 0
    kernel_ready_s: float = float("nan")
    run_all_s: float = float("nan")
    total_s: float = float("nan")
    heap_mb: float = float("nan")
    plots: int = 0
    #: "url": a new tab loads JupyterLab at the notebook's URL; "file browser": a double click
    #: in the file browser of a JupyterLab page that has finished loading
    opened: str = "url"
    slider: str = ""
    first_ms: list[float] = field(default_factory=list)
    last_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def mb(self) -> float:
        return self.ws_bytes / 1e6


def _frame_size(payload) -> int:
    return (
        len(payload)
        if isinstance(payload, (bytes, bytearray))
        else len(payload.encode("utf-8", "surrogatepass"))
    )


def _kernel_ready(page, lab: bs.LabServer, relpath: str) -> bool:
    kernel = lab.kernel_of(relpath)
    return bool(
        kernel
        and kernel.get("execution_state") == "idle"
        and kernel.get("connections", 0) >= 1
        and bs.notebook_state(page)["kernelStatus"] == "idle"
    )


def _all_drawn(state: dict, code_cells: int, expected_plots: int) -> bool:
    return (
        state["executed"] >= code_cells
        and state["running"] == 0
        and not state["widgetProblems"]
        and state["drawnPlots"] >= expected_plots
        and state["drawnPlots"] == state["plots"]
    )


def _open_from_file_browser(page, lab: bs.LabServer, path: Path, workspace: str) -> float:
    """Load JupyterLab on the notebook's folder, let it settle, then double-click the notebook.

    Returns the time of the double click (``time.monotonic()``)."""
    page.goto(lab.url(f"/lab/workspaces/{workspace}/tree/{path.parent.name}"))
    item = page.locator(f'.jp-DirListing-item[title^="Name: {path.name}"]').first
    item.wait_for(timeout=90_000)
    page.wait_for_timeout(2000)  # JupyterLab has finished starting (restoring, saving state)
    bs.dismiss_dialogs(page)
    started = time.monotonic()
    item.dblclick()
    return started


def run_lesson(
    browser,
    lab: bs.LabServer,
    path: Path,
    mode: str,
    steps: int,
    expected_plots: int = 0,
    opened: str = "url",
) -> LessonResult:
    """Open (``opened``: "url" or "file browser"), Run All, measure; then step the first
    explorer's first slider."""
    relpath = f"notebooks/{path.name}"
    plan = bs.plan_notebook(path)
    result = LessonResult(path.stem, mode, opened=opened)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    frames: list[int] = []

    def on_websocket(ws):
        if "/api/kernels/" in ws.url:
            ws.on("framereceived", lambda payload: frames.append(_frame_size(payload)))

    page.on("websocket", on_websocket)
    page.on("pageerror", lambda exc: result.errors.append(f"uncaught: {exc}"))
    try:
        workspace = f"bench-{path.stem}-{mode}-{int(time.time())}"
        if opened == "file browser":
            started = _open_from_file_browser(page, lab, path, workspace)
        else:
            started = time.monotonic()
            page.goto(lab.url(f"/lab/workspaces/{workspace}/tree/{relpath}"))
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
        bs.wait_for(
            lambda: (bs.dismiss_dialogs(page) or True) and _kernel_ready(page, lab, relpath),
            timeout=90,
            interval=0.1,
            what="the kernel",
        )
        result.kernel_ready_s = time.monotonic() - started
        bs.close_toasts(page)
        run_started = time.monotonic()
        bs.run_all_cells(page, relpath)
        need = max(plan.expected_figures, expected_plots)
        state = bs.wait_for(
            lambda: (lambda s: s if _all_drawn(s, plan.code_cells, need) or s["errors"] else None)(
                bs.notebook_state(page)
            ),
            timeout=300,
            interval=0.1,
            what="every cell run and every figure drawn",
        )
        done = time.monotonic()
        result.run_all_s, result.total_s = done - run_started, done - started
        result.errors += state["errors"]
        result.ws_bytes, result.ws_frames = sum(frames), len(frames)
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.enable")
        cdp.send("HeapProfiler.collectGarbage")
        result.heap_mb = cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6
        page.wait_for_timeout(1500)  # anything drawn late still counts in the plot total
        result.plots = bs.notebook_state(page)["plots"]
        if plan.has_explorer and steps:
            step_slider(page, result, steps)
    except Exception as exc:  # report and go on with the next lesson
        result.errors.append(f"{type(exc).__name__}: {exc}"[:800])
    finally:
        with contextlib.suppress(Exception):
            context.close()
        lab.shutdown_notebook(relpath)
    return result


def step_slider(
    page, result: LessonResult, steps: int, quiet_ms: float = 350, timeout_ms: float = 5000
) -> None:
    explorer = page.locator(
        ".jp-OutputArea-output:not(:has(.jp-OutputArea-output))"
        ":has(.widget-slider):has(.js-plotly-plot)"
    ).first
    if not explorer.count():
        result.errors.append("no explorer (an output with a slider and a plotly figure)")
        return
    explorer.scroll_into_view_if_needed()
    slider = explorer.locator(".widget-slider").first
    result.slider = slider.locator(".widget-label").first.inner_text().strip()
    handle = slider.locator(".noUi-handle").first
    readout = slider.locator(".widget-readout").first

    def position() -> tuple[str | None, str]:  # aria-valuenow is rounded; the readout is not
        return handle.get_attribute("aria-valuenow"), readout.inner_text().strip()

    explorer.evaluate(SLIDER_PROBE_JS)
    handle.focus()
    key, done, misses = "ArrowRight", 0, 0
    while done < steps and misses < 4:
        before = position()
        page.evaluate("() => { window.__bench.t0 = null; window.__bench.changes = []; }")
        page.keyboard.press(key)
        # Nothing but the probe's tiny read runs in the page until the step is over: locator
        # queries (reading the slider's position) cost the page's main thread ~5 ms each and
        # would land in the middle of the step being measured.
        while True:
            time.sleep(0.03)
            seen = page.evaluate(SLIDER_READ_JS)
            changes = seen["changes"]
            if changes and seen["since"] - changes[-1]["t"] > quiet_ms:
                break
            if seen["since"] is not None and seen["since"] > timeout_ms:
                break
            if not changes and seen["since"] is not None and seen["since"] > quiet_ms:
                if position() == before:  # at the end of the track: turn round
                    break
        if position() == before:
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
            misses += 1
            continue
        if changes:
            result.first_ms.append(changes[0]["t"])
            result.last_ms.append(changes[-1]["t"])
            misses = 0
        else:
            misses += 1
        done += 1


# ---------------------------------------------------------------------------- servers


@contextlib.contextmanager
def lab_server(base: Path, mode: str, extra_notebooks: dict[str, dict] | None = None):
    """A throwaway JupyterLab (as the browser tests start it) whose kernels use ``mode``."""
    home = base / f"home-{mode}"
    root = bs.copy_course_tree(base / f"course-{mode}")
    for name, nb in (extra_notebooks or {}).items():
        (root / "notebooks" / name).write_text(json.dumps(nb))
    env = {"COURSE_LIB_FIGURE_TRANSPORT": mode}
    if mode == "plain":  # the old approach: plotly's own renderer draws the static figures too
        from course_lib.plots import labextension

        config = home / "config" / "labconfig"
        config.mkdir(parents=True, exist_ok=True)
        disabled = {
            labextension.REPLACED_PLUGIN: False,
            labextension.PLUGIN: True,
            labextension.OPENER_PLUGIN: True,
            **dict.fromkeys(labextension.RECENTS_PLUGINS, False),
        }
        (config / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled}))
        # In a venv, the venv's config (where make disabled plotly's renderer) outranks the
        # user's unless told otherwise.
        env["JUPYTER_PREFER_ENV_PATH"] = "0"
    server = bs.LabServer(root=root, home=home, extra_env=env)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    path = bs.find_chromium()
    if path is None:
        raise RuntimeError("no Chromium: install Debian's chromium or set CHROMIUM_PATH")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=bs.CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


# ---------------------------------------------------------------------------- printing


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _ok(value: float, target: float) -> str:
    return " " if value != value else ("ok" if value <= target else "!!")


def print_lessons(results: list[LessonResult]) -> None:
    print(
        f"\n{'lesson':<28}{'mode':<8}{'websocket':>12}{'open→drawn':>12}{'(kernel':>9}{'run all)':>10}"
        f"{'JS heap':>10}{'plots':>6}{'slider last med/p90':>22}{'first med/p90':>17}  steps"
    )
    reopened = [r for r in results if r.opened != "url"]
    results = [r for r in results if r.opened == "url"]
    for r in results:
        med, p90 = statistics.median(r.last_ms) if r.last_ms else float("nan"), _pct(r.last_ms, 0.9)
        fmed = statistics.median(r.first_ms) if r.first_ms else float("nan")
        print(
            f"{r.lesson:<28}{r.mode:<8}{r.mb:>9.2f} MB{r.total_s:>10.1f} s{r.kernel_ready_s:>8.1f}s"
            f"{r.run_all_s:>9.1f}s{r.heap_mb:>7.0f} MB{r.plots:>6}"
            f"{med:>11.0f} /{p90:>5.0f} ms{fmed:>9.0f} /{_pct(r.first_ms, 0.9):>4.0f} ms  {len(r.last_ms)}"
            f"  {_ok(r.mb, TARGETS['mb'])}{_ok(r.total_s, TARGETS['seconds'])}"
            f"{_ok(r.heap_mb, TARGETS['heap'])}{_ok(med, TARGETS['median'])}{_ok(p90, TARGETS['p90'])}"
        )
        for e in r.errors[:3]:
            print(f"    error: {e[:300]}")
    print(
        f"targets: websocket <= {TARGETS['mb']} MB, open→drawn <= {TARGETS['seconds']} s, heap <= "
        f"{TARGETS['heap']} MB, slider median <= {TARGETS['median']} ms and p90 <= {TARGETS['p90']} ms "
        f"('last' = every figure of the explorer changed; 'first' = the first one); ok/!! in that order"
    )
    if reopened:
        print("\nopened from the file browser of a JupyterLab page that has finished loading:")
        print(
            f"{'lesson':<28}{'mode':<8}{'open→drawn':>12}{'(kernel':>9}{'run all)':>10}{'JS heap':>10}"
        )
        for r in reopened:
            print(
                f"{r.lesson:<28}{r.mode:<8}{r.total_s:>10.1f} s{r.kernel_ready_s:>8.1f}s"
                f"{r.run_all_s:>9.1f}s{r.heap_mb:>7.0f} MB  {_ok(r.total_s, TARGETS['seconds'])}"
            )
            for e in r.errors[:3]:
                print(f"    error: {e[:300]}")
    by = {(r.lesson, r.mode): r for r in results}
    lessons = sorted({r.lesson for r in results})
    if all((lesson, m) in by for lesson in lessons for m in MODES):
        print("\nratios, plain / shared (how many times less with the shared bundle):")
        print(
            f"{'lesson':<28}{'websocket':>10}{'open→drawn':>12}{'JS heap':>10}{'slider med':>12}{'p90':>8}"
        )
        for lesson in lessons:
            p, s = by[(lesson, "plain")], by[(lesson, "shared")]

            def q(a, b):
                return a / b if b and b == b and a == a else float("nan")

            pm = statistics.median(p.last_ms) if p.last_ms else float("nan")
            sm = statistics.median(s.last_ms) if s.last_ms else float("nan")
            print(
                f"{lesson:<28}{q(p.mb, s.mb):>9.1f}x{q(p.total_s, s.total_s):>11.1f}x"
                f"{q(p.heap_mb, s.heap_mb):>9.1f}x{q(pm, sm):>11.1f}x"
                f"{q(_pct(p.last_ms, 0.9), _pct(s.last_ms, 0.9)):>7.1f}x"
            )


# ---------------------------------------------------------------------------- main


def lesson_paths(selected: str | None) -> list[Path]:
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if selected:
        wanted = [w.strip() for w in selected.split(",") if w.strip()]
        paths = [p for p in paths if any(p.stem.startswith(w) for w in wanted)]
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_browser", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lessons", help="comma-separated prefixes, e.g. 01,06 (default: every lesson)"
    )
    parser.add_argument("--modes", default=",".join(MODES), help="plain,shared (default: both)")
    parser.add_argument("--steps", type=int, default=20, help="slider steps per lesson (>= 15)")
    parser.add_argument(
        "--options", action="store_true", help="also compare the options on a synthetic explorer"
    )
    parser.add_argument("--no-lessons", action="store_true", help="only the synthetic comparison")
    args = parser.parse_args([] if argv is None else argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    bad = [m for m in modes if m not in MODES]
    if bad:
        raise ValueError(f"--modes must name some of {', '.join(MODES)}; got {', '.join(bad)}")
    if bs.find_chromium() is None:
        print("bench_browser: no Chromium (/usr/bin/chromium or $CHROMIUM_PATH): skipped")
        return
    import tempfile

    from benchmarks import bench_browser_options as options

    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp, chromium() as browser:
        base = Path(tmp)
        results: list[LessonResult] = []
        plots: dict[str, int] = {}
        for mode in modes:
            extra = options.notebooks() if args.options else {}
            with lab_server(base, mode, extra) as lab:
                if not args.no_lessons:
                    for path in lesson_paths(args.lessons):
                        r = run_lesson(
                            browser, lab, path, mode, args.steps, plots.get(path.stem, 0)
                        )
                        plots.setdefault(path.stem, r.plots)
                        results.append(r)
                        print(
                            f"  {r.lesson} [{mode}] {r.mb:.2f} MB, {r.total_s:.1f} s, {r.heap_mb:.0f} MB heap,"
                            f" slider {len(r.last_ms)} steps",
                            flush=True,
                        )
                        if mode == "shared":
                            r = run_lesson(
                                browser, lab, path, mode, 0, plots[path.stem], "file browser"
                            )
                            results.append(r)
                            print(
                                f"  {r.lesson} [{mode}, file browser] {r.total_s:.1f} s", flush=True
                            )
                if args.options and mode == "shared":
                    options.run(browser, lab, run_lesson, args.steps)
        if results:
            print_lessons(results)
    if args.options:
        options.print_results()


if __name__ == "__main__":
    main(sys.argv[1:])
