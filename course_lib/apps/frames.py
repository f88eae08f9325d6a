"""Frames: an explorer's next draws, computed ahead of time so a slider step needs no round trip.

A slider step through the kernel costs a round trip and a redraw: about 50-110 ms between the
key press and the new figure in JupyterLab on a 2-core laptop. Most steps are predictable: a
keyboard step, or a small drag, lands on a neighbouring value of the slider. So once an
explorer is shown in a page, after each step the kernel computes, for every slider, the
draws of its two neighbouring values with the explorer's own state and draw functions, and
sends them to the page as *frames*. The figure's loader (:mod:`course_lib.plots.widget`)
listens to the sliders: when a person moves one onto a frame's value, it draws the frame at
once and tells the kernel which frame it drew. The slider's new value reaches the kernel
right after; the explorer computes its state and draw as always, and

* if the page drew exactly that update (same frame set, same control and value, and the same
  ``Plotly.update`` as the draw just computed), the figure applies it without sending it;
* otherwise (a frame of an older set, a model that is not deterministic) it sends the whole
  figure again, so the page always ends up showing what the kernel holds.

The kernel keeps being the one truth: ``explorer.state`` and the figures in Python are those
of the controls' values, exactly as without frames. A frame is computed against the figure
as it is and is dropped by the page on any change from the kernel, so it is only ever drawn
onto the figure it was computed from. Nothing is computed until a page shows the explorer
(headless runs, nbgrader and tests pay nothing), and frames are computed one at a time
between the kernel's messages, so a step that arrives meanwhile is not kept waiting.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Mapping
from contextlib import ExitStack, contextmanager

import ipywidgets as widgets
from ipywidgets.widgets.widget_selection import _Selection

from course_lib.plots.widget import SharedBundleFigureWidget

#: Seconds between a page first showing the explorer and its first frames.
SHOWN_DELAY_S = 1.0

#: Bytes of frames sent per step, at most: the moved slider's neighbours come first, and the
#: frames past the budget are not computed (those steps go through the kernel as before).
FRAME_BUDGET_BYTES = 256_000

#: Sliders whose neighbours get frames (a log slider's step is in the exponent: not these).
SLIDERS = (widgets.FloatSlider, widgets.IntSlider)


def neighbours(control: widgets.Widget) -> list:
    """The values one keyboard step either side of a slider's value, inside its range.

    ``[]`` for a control that is not an int or float slider. Steps are counted from ``min``,
    as the slider counts them.
    """
    if not isinstance(control, SLIDERS):
        return []
    step, low, high, value = control.step, control.min, control.max, control.value
    if not step or step <= 0 or not math.isfinite(step):
        return []
    k = round((value - low) / step)
    out = []
    for j in (k - 1, k + 1):
        v = low + j * step
        if isinstance(control, widgets.IntSlider):
            v = int(v)
        else:
            v = round(v, 12)
        if low <= v <= high and v != value:
            out.append(v)
    return out


def _synced(control: widgets.Widget) -> tuple[str, object]:
    """The synced trait that holds a control's value in the page, and its value."""
    if isinstance(control, _Selection):
        return "index", control.index
    return "value", control.value


class Frames:
    """The frames of one :class:`~course_lib.apps.base.Explorer` (see the module docstring).

    Parameters
    ----------
    controls, figures : mappings of name -> widget
        The explorer's controls and live figures.
    state, draw : callables
        The explorer's state function and draw function.
    """

    def __init__(self, controls: Mapping, figures: Mapping, state, draw):
        self.controls, self.figures = controls, figures
        self._state, self._draw = state, draw
        #: frames need the shared figure widget's loader in the page
        self.enabled = bool(figures) and all(
            isinstance(f, SharedBundleFigureWidget) for f in figures.values()
        )
        self.wanted = False  # set once a page shows one of the figures
        self.generation = 0  # id of the latest frame set
        self.frames: dict[tuple[str, object], dict[str, str]] = {}  # of the latest set
        #: figure updates the page had drawn from a frame (not sent), and figures resent whole
        self.drawn = 0
        self.resent = 0
        self._queue: list[tuple[str, object]] = []
        self._spent = 0
        self._computed_against: dict[str, tuple] = {}
        self._scheduled = False
        if self.enabled:
            for fig in figures.values():
                fig._course_lib_frames_wanted = self._shown

    # ---------------------------------------------------------------- the kernel's side of a step

    @contextmanager
    def drawing(self):
        """One ``batch_update`` per figure around a draw; on closing, a figure whose page has
        already drawn this very update sends nothing, and one whose page drew something else
        is sent whole."""
        claims = (
            {name: fig.take_drawn_frame() for name, fig in self.figures.items()}
            if self.enabled
            else {}
        )
        muted: list = []
        resend: list = []
        with ExitStack() as stack:
            stack.callback(lambda: [setattr(f, "_course_lib_muted", False) for f in muted])
            for fig in self.figures.values():
                stack.enter_context(fig.batch_update())
            yield
            for name, claim in claims.items():
                if claim is None:
                    continue
                fig = self.figures[name]
                if self._frame_of(claim, name) == fig.pending_update():
                    fig._course_lib_muted = True
                    muted.append(fig)
                else:
                    resend.append(fig)
        self.drawn += len(muted)
        self.resent += len(resend)
        for fig in resend:
            fig._resend_figure()
        self.refresh(first=self._moved(claims))

    def _frame_of(self, claim: tuple, figure: str) -> str | None:
        generation, control, value = claim
        if generation != self.generation:
            return None
        if _edit_ids(self.figures[figure]) != self._computed_against.get(figure):
            return None  # something else changed the figure since: the frame is stale
        return self.frames.get((control, value), {}).get(figure)

    def _moved(self, claims: Mapping) -> str | None:
        for claim in claims.values():
            if claim is not None:
                return claim[1]
        return None

    # ---------------------------------------------------------------- computing and sending frames

    def _shown(self) -> None:
        if self.wanted:
            return
        self.wanted = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.refresh()
            return
        # The page asks as soon as a figure is drawn, in the middle of Run All; the first
        # frames wait a moment so they do not compete with the drawing of the lesson.
        loop.call_later(SHOWN_DELAY_S, self.refresh)

    def refresh(self, first: str | None = None) -> None:
        """Start a new frame set for the controls' current values (if a page shows the
        explorer): the neighbours of the slider with model id ``first`` come first."""
        if not (self.enabled and self.wanted):
            return
        self.generation += 1
        self.frames = {}
        self._spent = 0
        self._computed_against = {n: _edit_ids(f) for n, f in self.figures.items()}
        queue = [(c.model_id, v) for c in self.controls.values() for v in neighbours(c)]
        queue.sort(key=lambda item: item[0] != first)
        self._queue = queue
        self._schedule()

    def _schedule(self) -> None:
        if self._scheduled or not self._queue:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): compute them all now
            while self._queue:
                self._compute_next()
            return
        self._scheduled = True
        loop.call_soon(self._run_one)

    def _run_one(self) -> None:
        self._scheduled = False
        self._compute_next()
        self._schedule()

    def _compute_next(self) -> None:
        if not self._queue:
            return
        control_id, value = self._queue.pop(0)
        names = {c.model_id: n for n, c in self.controls.items()}
        values = {n: c.value for n, c in self.controls.items()}
        values[names[control_id]] = value
        try:
            state = self._state(**values)
        except ValueError:  # a value the model refuses has no frame
            return
        updates = self.probe(state)
        self._spent += sum(len(u) for u in updates.values())
        if self._spent > FRAME_BUDGET_BYTES:
            self._queue = []
            return
        self.frames[(control_id, value)] = updates
        self._send(control_id, value, updates)

    def probe(self, state) -> dict[str, str]:
        """Each figure's ``Plotly.update`` (JSON) for ``state``, leaving the figures unchanged.

        The draw runs with every figure in batch mode, which records edits without applying
        them; the edits are read and thrown away. A draw that sends anything outside a
        batch (adding or deleting traces) cannot be framed: ``RuntimeError``.
        """
        before = {n: _edit_ids(f) for n, f in self.figures.items()}
        for fig in self.figures.values():
            fig._in_batch_mode = True
        try:
            self._draw(self.figures, state)
            return {name: fig.pending_update() for name, fig in self.figures.items()}
        finally:
            for fig in self.figures.values():
                fig._batch_trace_edits.clear()
                fig._batch_layout_edits.clear()
                fig._in_batch_mode = False
            if {n: _edit_ids(f) for n, f in self.figures.items()} != before:
                raise RuntimeError(
                    "this explorer's draw function changes its figures outside batch_update "
                    "(e.g. adds traces): it cannot be framed"
                )

    def _send(self, control_id: str, value, updates: Mapping[str, str]) -> None:
        guard = [[c.model_id, *_synced(c)] for c in self.controls.values()]
        control = next(c for c in self.controls.values() if c.model_id == control_id)
        tol = abs(control.step) * 1e-3
        head = json.dumps({"id": self.generation, "guard": guard})[:-1]
        for name, fig in self.figures.items():
            frame = (
                f'{{"control": {json.dumps(control_id)}, "value": {json.dumps(value)}, '
                f'"tol": {tol!r}, "update": {updates[name] or "null"}}}'
            )
            fig.send_frames(f'{head}, "frames": [{frame}]}}')


def _edit_ids(fig) -> tuple:
    return (fig._last_trace_edit_id, fig._last_layout_edit_id, len(fig._data))
