"""The one shape every explorer has, so lessons and tests treat them alike.

An explorer is three pieces, each in its own layer:

* a **state function** in the model (``course_lib/models/<concept>.py``): takes the
  controls' values as keyword arguments (one per control, same names) and returns one small
  typed object (a frozen dataclass or NamedTuple) holding everything the figures show;
* a **draw function** in the plots (``course_lib/plots/<lesson>.py``):
  ``draw(figures, state)`` writes that state into the live figures in place; the explorer
  has already opened one ``batch_update`` per figure, so a step is one message per figure;
* the **app** (``course_lib/apps/<lesson>.py``): builds the controls, the first state and
  the figures, and hands all four to :class:`Explorer`. It computes nothing itself.

The explorer keeps the latest state in :attr:`Explorer.state`, so a test can move a control
and compare the figure with the model's answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from course_lib.apps.frames import Frames


class Explorer:
    """Controls wired to a model's state function and a plot's draw function.

    Parameters
    ----------
    controls : mapping of name -> ipywidget
        Each name is a keyword argument of ``state``; every ``value`` change redraws.
    state : callable(**values) -> state object
        The model's answer for the controls' current values.
    figures : mapping of name -> go.FigureWidget
        The live figures, drawn from the first state by the app.
    draw : callable(figures, state) -> None
        Writes a state into ``figures`` (inside one ``batch_update`` per figure).
    layout : callable taking (controls, figures) -> widget, optional
        Arranges the page; default: controls on top, figures below.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.Widget],
        state: Callable[..., Any],
        figures: Mapping[str, go.FigureWidget],
        draw: Callable[[Mapping, Any], None] | None = None,
        layout: Callable[[Mapping, Mapping], widgets.Widget] | None = None,
    ):
        if not callable(state) or not callable(draw):
            raise ValueError(
                "state and draw must be callables: Explorer(controls, state, figures, draw) takes "
                "a model's state function and a plot's draw function (the old form "
                "Explorer(controls, figures, update) is gone)"
            )
        self.controls = dict(controls)
        self.figures = dict(figures)
        self._state = state
        self._draw = draw
        self.state = state(**self.values())
        self.widget = (layout or _default_layout)(self.controls, self.figures)
        #: the next steps' draws, sent ahead to a page that shows the explorer (frames.py)
        self.frames = Frames(self.controls, self.figures, state, draw)
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")

    def values(self) -> dict:
        """Current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def update(self) -> None:
        """Recompute the state and redraw every figure in one batch each (called when a control
        moves). A figure whose page already drew this step from a frame sends nothing."""
        self.state = self._state(**self.values())
        with self.frames.drawing():
            self._draw(self.figures, self.state)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _default_layout(controls, figures) -> widgets.Widget:
    control_box = widgets.HBox(
        list(controls.values()), layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px")
    )
    return widgets.VBox([control_box, *figures.values()])


def _slider_layout(description: str) -> widgets.Layout:
    """Wide enough that the track stays draggable (>= about 180 px) whatever the label's length."""
    label_px = 7 * len(description) + 16
    return widgets.Layout(width=f"{max(320, label_px + 240)}px")


def slider(
    description: str,
    value: float,
    minimum: float,
    maximum: float,
    step: float,
    readout_format: str = ".2f",
) -> widgets.FloatSlider:
    """A float slider with a readable label and continuous_update off (smooth on a laptop)."""
    return widgets.FloatSlider(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=_slider_layout(description),
    )


def int_slider(
    description: str, value: int, minimum: int, maximum: int, step: int = 1
) -> widgets.IntSlider:
    """An integer slider styled like :func:`slider`."""
    return widgets.IntSlider(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=_slider_layout(description),
    )
