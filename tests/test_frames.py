"""Frames (course_lib/apps/frames.py): the page may draw a slider step before the kernel does.

What must hold, and is checked here headless for every explorer of the course:

* a frame is exactly the update the kernel sends for that step without frames: applying it
  to the figure the page shows gives the figure the kernel holds after the step;
* when the page says it drew a frame, the kernel sends nothing for that figure, and its
  figures and state are those of the step without frames;
* when the page drew anything else (an older frame set), the kernel sends the whole figure;
* nothing is computed before a page shows the explorer, and never with plain figures.

``tests/test_browser.py`` checks the same in JupyterLab with Chromium.
"""

from __future__ import annotations

import base64
import json

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.basedatatypes import Undefined
from test_figure_transport import _explorer_factories

from course_lib.apps import frames
from course_lib.apps.base import Explorer, int_slider, slider
from course_lib.plots import widget
from explorer_support import assert_same_state

FACTORIES = _explorer_factories()


class Page:
    """Stands in for the page: keeps each figure's frames and the updates the kernel sends."""

    def __init__(self, explorer: Explorer, monkeypatch):
        self.explorer = explorer
        self.frames = {name: {} for name in explorer.figures}  # (control, value) -> frame
        self.sent = {name: [] for name in explorer.figures}
        self.resent = {name: 0 for name in explorer.figures}
        for name, fig in explorer.figures.items():
            fig.send_frames = lambda text, _name=name: self._receive(_name, json.loads(text))
        by_id = {id(f): n for n, f in explorer.figures.items()}

        def record(fig, restyle_data, relayout_data, trace_indexes=None, source_view_id=None):
            if id(fig) in by_id:  # not the figures of another explorer
                self.sent[by_id[id(fig)]].append((restyle_data, relayout_data, trace_indexes))

        monkeypatch.setattr(go.FigureWidget, "_send_update_msg", record)
        original = widget.SharedBundleFigureWidget._resend_figure

        def resend(fig):
            if id(fig) in by_id:
                self.resent[by_id[id(fig)]] += 1
            original(fig)

        monkeypatch.setattr(widget.SharedBundleFigureWidget, "_resend_figure", resend)

    def _receive(self, name, data):
        known = self.frames[name]
        if known and next(iter(known.values()))["id"] != data["id"]:
            known.clear()
        for frame in data["frames"]:
            known[(frame["control"], frame["value"])] = dict(frame, id=data["id"])

    def show(self):
        """The figures are drawn in a page: it asks for frames (each figure once)."""
        for fig in self.explorer.figures.values():
            widget._answer_front_end(fig, {"type": "course_lib:frames?"}, [])

    def draw_frame(self, control_name: str, value) -> None:
        """A person moves the slider onto ``value``: every figure with a frame draws it, tells
        its kernel, and the slider's value reaches the kernel."""
        control = self.explorer.controls[control_name]
        for name, fig in self.explorer.figures.items():
            frame = self.frames[name][(control.model_id, value)]
            if frame["update"] is not None:
                message = {
                    "type": "course_lib:frame-drawn",
                    "id": frame["id"],
                    "control": control.model_id,
                    "value": value,
                }
                widget._answer_front_end(fig, message, [])
        for known in self.frames.values():
            known.clear()
        for messages in self.sent.values():
            messages.clear()
        control.value = value


def _json(figure_dict) -> str:
    """A figure as the page holds it: arrays as lists (the kernel sends numpy arrays as typed
    arrays, a frame as JSON lists: the numbers are the same)."""

    def plain(v):
        if isinstance(v, dict) and "bdata" in v and "dtype" in v:  # plotly's typed-array form
            array = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
            if "shape" in v:
                array = array.reshape([int(n) for n in str(v["shape"]).split(",")])
            return plain(array.tolist())
        if isinstance(v, dict):  # uids name the figure object, not what it shows
            return {k: plain(x) for k, x in v.items() if k != "uid"}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, np.ndarray):
            return plain(v.tolist())
        if isinstance(v, np.generic):
            v = v.item()
        if isinstance(v, float) and v != v:  # NaN: a gap in plotly.js, written null in JSON
            return None
        return v

    return json.dumps(plain(figure_dict), sort_keys=True)


def _first_difference(a, b, path="figure"):
    """Raise naming the first place two figure dicts differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                raise AssertionError(
                    f"{path}.{k}: only in {'the kernel' if k in b else 'the page'}"
                )
            _first_difference(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            _first_difference(x, y, f"{path}[{i}]")
    elif a != b:
        raise AssertionError(f"{path}: the page has {str(a)[:200]}, the kernel {str(b)[:200]}")


def _as_update(frame_update):
    """A frame's update as plotly_update arguments ("_undefined_" back to Undefined)."""

    def back(v):
        if isinstance(v, dict):
            return {k: back(x) for k, x in v.items()}
        if isinstance(v, list):
            return [back(x) for x in v]
        return Undefined if v == "_undefined_" else v

    update = back(frame_update)
    return update["style_data"], update["layout_data"], update["style_traces"]


def _sliders(explorer):
    return [(n, c) for n, c in explorer.controls.items() if frames.neighbours(c)]


@pytest.mark.parametrize("name, factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_a_drawn_frame_is_the_step_the_kernel_takes(name, factory, monkeypatch):
    """For every slider of every explorer and both neighbours: the page's figure after drawing
    the frame equals the kernel's figure after the step, the kernel sends nothing, and the
    kernel ends where an explorer without frames ends."""
    explorer = factory()
    page = Page(explorer, monkeypatch)
    page.show()
    sliders = _sliders(explorer)
    assert sliders, f"{name} has no slider to frame"
    for control_name, control in sliders:
        for value in frames.neighbours(control):
            if (control.model_id, value) not in page.frames[next(iter(explorer.figures))]:
                # past the frame budget (frames.FRAME_BUDGET_BYTES): the step goes through the
                # kernel, as without frames
                assert page.frames[next(iter(explorer.figures))], f"{name}: no frame at all"
                back = control.value
                control.value = value
                control.value = back
                continue
            shown = {n: go.Figure(f.to_dict()) for n, f in explorer.figures.items()}
            frame_updates = {
                n: page.frames[n][(control.model_id, value)]["update"] for n in explorer.figures
            }
            start = explorer.values()
            page.draw_frame(control_name, value)
            assert page.sent == {n: [] for n in explorer.figures}, (
                f"{control_name} -> {value}: the kernel sent updates the page had drawn"
            )
            assert page.resent == {n: 0 for n in explorer.figures}
            for n, fig in explorer.figures.items():
                if frame_updates[n] is not None:
                    shown[n].plotly_update(*_as_update(frame_updates[n]))
                page_json, kernel_json = _json(shown[n].to_dict()), _json(fig.to_dict())
                if page_json != kernel_json:
                    _first_difference(json.loads(page_json), json.loads(kernel_json))
                assert page_json == kernel_json, (
                    f"{control_name} -> {value}: figure {n!r} in the page differs from the kernel's"
                )
            plain = factory()
            for k, v in start.items():
                plain.controls[k].value = v
            plain.controls[control_name].value = value
            assert_same_state(explorer.state, plain.state)
            for n, fig in explorer.figures.items():
                assert _json(fig.to_dict()) == _json(plain.figures[n].to_dict())
            # back to where it started, through the kernel (a value with no frame)
            explorer.controls[control_name].value = start[control_name]


def test_a_frame_of_an_older_set_gets_the_whole_figure_resent(monkeypatch):
    explorer = _toy_explorer()
    page = Page(explorer, monkeypatch)
    page.show()
    k = explorer.controls["k"]
    stale = dict(page.frames["f"][(k.model_id, 1.5)])
    explorer.controls["m"].value = 3  # a step through the kernel: a new frame set
    widget._answer_front_end(
        explorer.figures["f"],
        {"type": "course_lib:frame-drawn", "id": stale["id"], "control": k.model_id, "value": 1.5},
        [],
    )
    k.value = 1.5
    assert page.resent["f"] == 1
    assert explorer.figures["f"].data[0].y == tuple(_toy_state(1.5, 3).y)


def test_a_frame_drawn_after_other_code_changed_the_figure_gets_it_resent(monkeypatch):
    """A cell (or a zoom in the page) changes the figure while its frames are out: a frame
    drawn then was computed against the figure as it was, so the kernel resends the figure."""
    explorer = _toy_explorer()
    page = Page(explorer, monkeypatch)
    page.show()
    explorer.figures["f"].layout.title = "changed by a cell"
    page.draw_frame("k", 1.5)
    assert page.resent["f"] == 1
    assert explorer.figures["f"].layout.title.text == "changed by a cell"


def test_a_frame_whose_draw_differs_gets_the_whole_figure_resent(monkeypatch):
    """A model that answers differently the second time (not deterministic) cannot fool the
    page: the kernel resends what it holds."""
    calls = iter(range(1000))
    explorer = _toy_explorer(state=lambda k, m: _toy_state(k + next(calls) * 1e-3, m))
    page = Page(explorer, monkeypatch)
    page.show()
    page.draw_frame("k", 1.5)
    assert page.resent["f"] == 1


def test_nothing_is_computed_until_a_page_shows_the_explorer(monkeypatch):
    explorer = _toy_explorer()
    calls = []
    monkeypatch.setattr(explorer.frames, "probe", lambda state: calls.append(state) or {})
    explorer.controls["k"].value = 1.5
    explorer.controls["m"].value = 3
    assert calls == [] and explorer.frames.frames == {}


def test_plain_figures_get_no_frames(monkeypatch):
    monkeypatch.setenv(widget.TRANSPORT_ENV, "plain")
    explorer = _toy_explorer()
    assert not explorer.frames.enabled
    explorer.frames._shown()
    explorer.controls["k"].value = 1.5
    assert explorer.frames.frames == {}


def test_a_draw_that_adds_traces_cannot_be_framed():
    def draw(figures, state):
        figures["f"].add_scatter(y=state.y)

    explorer = _toy_explorer(draw=draw)
    with pytest.raises(RuntimeError, match="cannot be framed"):
        explorer.frames.probe(_toy_state(1.5, 2))


def test_a_probe_leaves_the_figures_as_they_were():
    explorer = _toy_explorer()
    before = explorer.figures["f"].to_dict()
    update = explorer.frames.probe(_toy_state(2.0, 4))
    assert _json(explorer.figures["f"].to_dict()) == _json(before)
    assert json.loads(update["f"])["style_data"]["y"] == [list(_toy_state(2.0, 4).y)]


@given(
    low=st.integers(-50, 50),
    span=st.integers(1, 40),
    step=st.sampled_from([1, 2, 5]),
    at=st.integers(0, 40),
)
def test_int_slider_neighbours_are_one_step_either_side_inside_the_range(low, span, step, at):
    high = low + span * step
    value = min(low + at * step, high)
    control = widgets.IntSlider(value=value, min=low, max=high, step=step)
    expected = [v for v in (value - step, value + step) if low <= v <= high]
    assert frames.neighbours(control) == expected


@given(
    k=st.integers(0, 100),
    step=st.sampled_from([0.01, 0.05, 0.1, 0.25, 0.5]),
    low=st.sampled_from([0.0, 0.01, -1.0, 2.5]),
)
def test_float_slider_neighbours_count_steps_from_min(k, step, low):
    high = low + 100 * step
    value = low + k * step
    control = widgets.FloatSlider(value=value, min=low, max=high, step=step)
    got = frames.neighbours(control)
    for v in got:
        assert low <= v <= high + 1e-9
        assert abs(abs(v - control.value) - step) < 1e-9
        assert abs((v - low) / step - round((v - low) / step)) < 1e-9
    assert len(got) == (k > 0) + (k < 100)


def test_other_controls_have_no_neighbours():
    assert frames.neighbours(widgets.Dropdown(options=["a", "b"])) == []
    assert frames.neighbours(widgets.FloatLogSlider(value=10, base=10, min=0, max=3)) == []
    assert frames.neighbours(widgets.Checkbox()) == []


# ---------------------------------------------------------------------------- a toy explorer


class _Toy:
    def __init__(self, k, m):
        self.y = [k * i for i in range(m + 1)]


def _toy_state(k, m):
    return _Toy(k, m)


def _toy_draw(figures, state):
    figures["f"].data[0].y = state.y


def _toy_explorer(state=_toy_state, draw=_toy_draw):
    controls = {"k": slider("k", 1.0, 0.0, 2.0, 0.5), "m": int_slider("m", 2, 1, 5)}
    fig = widget.figure_widget(go.Figure(go.Scatter(y=_toy_state(1.0, 2).y)))
    return Explorer(controls, state, {"f": fig}, draw)
