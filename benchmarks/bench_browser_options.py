"""The options of issue 11 side by side, on one synthetic explorer in real JupyterLab + Chromium.

Every variant shows 16 traces of 300 points driven by one slider, with the shared
plotly bundle (:mod:`course_lib.plots.widget`):

* ``separate, all + title``: 4 figures, every trace and the title rewritten per step
  (what most explorers do today);
* ``separate, all traces``: the same without touching the layout;
* ``subplots, all + title``: one figure of 2x2 subplots, everything rewritten;
* ``separate, changed only``: 4 figures, only the 4 traces that depend on the slider
  restyled (one per figure), layout untouched;
* ``one figure, one trace``: the floor, a single restyle of a single trace;
* ``burst``: 10 key presses without waiting: time until the last value is drawn and how
  many redraws the page did. ipywidgets' own message throttle (at most one update per
  widget model in flight; later values are merged and the latest is sent when the kernel
  is idle again) already makes the latest value win, so the explorer adds none.

Run alone with ``python -m benchmarks.bench_browser_options`` or with the lessons via
``python -m benchmarks.bench_browser --options``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

VARIANTS = {
    "separate, all + title": ("separate", "all", True),
    "separate, all traces": ("separate", "all", False),
    "subplots, all + title": ("subplots", "all", True),
    "separate, changed only": ("separate", "changed", False),
    "one figure, one trace": ("single", "changed", False),
}
BURST = {"burst of 10 key presses": None}

_CODE = """
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from course_lib.apps.base import Explorer, slider
from course_lib.plots.widget import figure_widget

LAYOUT, UPDATE, TITLE = {layout!r}, {update!r}, {title!r}
x = np.linspace(0.0, 1.0, 300)

def curve(j, a):
    return np.sin(2 * np.pi * (x * (j + 1) + a)) * (1 + j / 4)

def figures(a):
    if LAYOUT == "single":
        return {{"f0": figure_widget(go.Figure([go.Scatter(x=x, y=curve(0, a))], layout={{"height": 300}}))}}
    if LAYOUT == "subplots":
        fig = make_subplots(rows=2, cols=2)
        for k in range(4):
            for j in range(4):
                fig.add_trace(go.Scatter(x=x, y=curve(j, a if j == 0 else 0.0), name=f"{{k}}-{{j}}"),
                              row=k // 2 + 1, col=k % 2 + 1)
        fig.update_layout(height=600, title="a = 0")
        return {{"f0": figure_widget(fig)}}
    return {{f"f{{k}}": figure_widget(go.Figure([go.Scatter(x=x, y=curve(j, a if j == 0 else 0.0))
                                                for j in range(4)], layout={{"height": 300, "title": "a = 0"}}))
            for k in range(4)}}

def phase(a):  # the state function
    return float(a)

def draw(figures, a):  # the draw function (the explorer batches each figure)
    for fig in figures.values():
        for j, trace in enumerate(fig.data):
            if UPDATE == "all" or j % 4 == 0:
                trace.y = curve(j % 4, a if j % 4 == 0 else 0.0)
        if TITLE:
            fig.layout.title.text = f"a = {{a:.2f}}"

controls = {{"a": slider("phase a", 0.0, 0.0, 1.0, 0.01)}}
app = Explorer(controls, phase, figures(0.0), draw)
app
"""


def _notebook(layout: str, update: str, title: bool) -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bench",
                "metadata": {},
                "outputs": [],
                "source": _CODE.format(layout=layout, update=update, title=title).strip(),
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _name(label: str) -> str:
    return "zz_option_" + "".join(c if c.isalnum() else "_" for c in label) + ".ipynb"


def notebooks() -> dict[str, dict]:
    out = {_name(label): _notebook(*spec) for label, spec in VARIANTS.items()}
    for label in BURST:
        out[_name(label)] = _notebook("separate", "all", True)
    return out


_RESULTS: list[tuple[str, object]] = []

BURST_JS = """() => {
  const b = window.__bench;
  return {since: b.t0 === null ? null : performance.now() - b.t0, changes: b.changes};
}"""


def _burst(browser, lab, path: Path, presses: int = 10) -> dict:
    from benchmarks.bench_browser import SLIDER_PROBE_JS, run_lesson

    result = {}

    # run_lesson opens and runs the notebook; step_slider is replaced by a burst
    import benchmarks.bench_browser as bb

    original = bb.step_slider

    def burst(page, r, steps, **_):
        explorer = page.locator(
            ".jp-OutputArea-output:has(.widget-slider):has(.js-plotly-plot)"
        ).first
        explorer.evaluate(SLIDER_PROBE_JS)
        handle = explorer.locator(".noUi-handle").first
        handle.focus()
        readout = explorer.locator(".widget-readout").first
        start = readout.inner_text().strip()
        page.evaluate(
            "() => { window.__bench.t0 = performance.now(); window.__bench.changes = []; }"
        )
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        end = readout.inner_text().strip()
        # wait until quiet for 1 s
        while True:
            time.sleep(0.05)
            seen = page.evaluate(BURST_JS)
            ch = seen["changes"]
            if (ch and seen["since"] - ch[-1]["t"] > 1000) or seen["since"] > 20000:
                break
        fig0 = [c for c in ch if c["i"] == 0]
        title = page.evaluate("() => window.__bench.plots[0].layout.title.text")
        result.update(
            settle_ms=ch[-1]["t"] if ch else float("nan"),
            redraws=len(fig0),
            values=f"{start} -> {end}",
            title=title,
        )

    bb.step_slider = burst
    try:
        r = run_lesson(browser, lab, path, "shared", presses)
    finally:
        bb.step_slider = original
    result["errors"] = r.errors
    return result


def run(browser, lab, run_lesson, steps: int) -> None:
    for label in VARIANTS:
        path = lab.root / "notebooks" / _name(label)
        r = run_lesson(browser, lab, path, "shared", steps)
        _RESULTS.append((label, r))
        print(f"  option {label}: {len(r.last_ms)} steps", flush=True)
    for label in BURST:
        _RESULTS.append((label, _burst(browser, lab, lab.root / "notebooks" / _name(label))))
        print(f"  option {label} done", flush=True)


def print_results() -> None:
    from benchmarks.bench_browser import _pct

    print(
        "\noptions on a synthetic explorer (16 traces x 300 points, shared bundle), slider step -> data "
        "changed in every figure:"
    )
    print(f"{'variant':<28}{'median':>9}{'p90':>8}{'first median':>14}{'figures':>9}  steps")
    for label, r in _RESULTS:
        if isinstance(r, dict):
            continue
        med = statistics.median(r.last_ms) if r.last_ms else float("nan")
        fmed = statistics.median(r.first_ms) if r.first_ms else float("nan")
        print(
            f"{label:<28}{med:>6.0f} ms{_pct(r.last_ms, 0.9):>5.0f} ms{fmed:>11.0f} ms{r.plots:>9}  "
            f"{len(r.last_ms)}" + (f"  errors: {r.errors[:2]}" if r.errors else "")
        )
    for label, r in _RESULTS:
        if isinstance(r, dict):
            print(
                f"{label:<28} slider {r.get('values')}: last value drawn after {r.get('settle_ms', 0):.0f} ms, "
                f"{r.get('redraws')} redraws of the first figure, its title {r.get('title')!r}"
                + (f"  errors: {r['errors'][:2]}" if r.get("errors") else "")
            )


def main(argv: list[str] | None = None) -> None:
    import browser_support as bs
    from benchmarks import bench_browser as bb

    if bs.find_chromium() is None:
        print("bench_browser_options: no Chromium (/usr/bin/chromium or $CHROMIUM_PATH): skipped")
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-options-") as tmp,
        bb.chromium() as browser,
        bb.lab_server(Path(tmp), "shared", notebooks()) as lab,
    ):
        run(browser, lab, bb.run_lesson, 15)
    print_results()


if __name__ == "__main__":
    main()
