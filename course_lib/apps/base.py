"""The one shape every explorer has, so lessons and tests treat them alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import plotly.graph_objects as go


class Explorer:
    """Controls wired to an update function that redraws FigureWidgets in place.

    Parameters
    ----------
    controls : mapping of name -> ipywidget
        Every control's ``value`` change triggers ``update``.
    figures : mapping of name -> go.FigureWidget
    update : callable taking the Explorer
        Reads ``explorer.values()``, calls the model, writes into ``figures``.
    layout : callable taking (controls, figures) -> widget, optional
        Arranges the page; default: controls on top, figures below.
    """

    def __init__(self, controls: Mapping[str, widgets.Widget], figures: Mapping[str, go.FigureWidget],
                 update: Callable[["Explorer"], None],
                 layout: Callable[[Mapping, Mapping], widgets.Widget] | None = None):
        self.controls = dict(controls)
        self.figures = dict(figures)
        self._update = update
        self.widget = (layout or _default_layout)(self.controls, self.figures)
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def values(self) -> dict:
        """Current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def update(self) -> None:
        """Recompute and redraw (called automatically when a control moves)."""
        self._update(self)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _default_layout(controls, figures) -> widgets.Widget:
    control_box = widgets.HBox(list(controls.values()),
                               layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px"))
    return widgets.VBox([control_box, *figures.values()])


def _slider_layout(description: str) -> widgets.Layout:
    """Wide enough that the track stays draggable (>= about 180 px) whatever the label's length."""
    label_px = 7 * len(description) + 16
    return widgets.Layout(width=f"{max(320, label_px + 240)}px")


def slider(description: str, value: float, minimum: float, maximum: float, step: float,
           readout_format: str = ".2f") -> widgets.FloatSlider:
    """A float slider with a readable label and continuous_update off (smooth on a laptop)."""
    return widgets.FloatSlider(value=value, min=minimum, max=maximum, step=step,
                               description=description, readout_format=readout_format,
                               continuous_update=False, style={"description_width": "initial"},
                               layout=_slider_layout(description))


def int_slider(description: str, value: int, minimum: int, maximum: int, step: int = 1) -> widgets.IntSlider:
    """An integer slider styled like :func:`slider`."""
    return widgets.IntSlider(value=value, min=minimum, max=maximum, step=step,
                             description=description, continuous_update=False,
                             style={"description_width": "initial"},
                             layout=_slider_layout(description))
