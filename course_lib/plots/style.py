"""The course's look: a colour-blind-safe palette and one layout for every figure.

Okabe and Ito's eight colours stay distinguishable under the common forms of
colour blindness. Every figure states its finding in the title and its units on
the axes; :func:`finish` applies the shared layout.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import plotly.graph_objects as go
from plotly.basedatatypes import BasePlotlyType

from course_lib.plots.widget import figure_widget

#: Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design").
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
#: The order in which series take colours.
SERIES = [
    PALETTE[k]
    for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black", "yellow")
]
#: A sequential colour scale that is safe for colour-blind readers and in greyscale.
SEQUENTIAL = "Cividis"


def wrap_title(text: str, width: int = 80) -> str:
    """Break a long finding-as-title into lines of at most ``width`` characters (plotly titles never wrap)."""
    if not text or "<br>" in text or len(text) <= width:
        return text
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False))


def finish(
    fig: go.Figure, title: str, x_title: str, y_title: str, *, height: int = 380
) -> go.Figure:
    """Apply the course layout: finding-as-title, axis titles with units, palette, compact margins."""
    fig.update_layout(
        title={"text": wrap_title(title), "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        xaxis_title=x_title,
        yaxis_title=y_title,
        template="plotly_white",
        colorway=SERIES,
        height=height,
        margin={"l": 60, "r": 20, "t": 80, "b": 50},  # room for a two-line title
        uirevision="course",  # a student's zoom and legend clicks survive every redraw
        # beside the plot, not above it: a wrapped legend above would run into the title
        legend={"orientation": "v", "yanchor": "top", "y": 1.0, "xanchor": "left", "x": 1.02},
    )
    return fig


#: The mantissas of :func:`nice_ceiling`: less than a third above the value, and round tick labels.
NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest number ``m * 10**k`` (``m`` in :data:`NICE_STEPS`, ``k`` an integer) that is at
    least ``value``; ``1.0`` for a value that is not positive and finite (nothing to show).

    An explorer's axis that ends at ``nice_ceiling(largest value)`` keeps its range, and so its
    tick labels, while the data moves inside one step of the ladder: the reader sees the data
    change against a fixed scale, and plotly redraws the axis without measuring its labels again
    (a moved tick label is measured again, which costs most of a redraw; docs/developers.md).
    """
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        return 1.0
    exponent = math.floor(math.log10(value))
    for _ in range(2):  # log10 can round either way at a power of ten
        scale = 10.0**exponent
        for m in NICE_STEPS:
            if m * scale >= value * (1 - 1e-12):
                return m * scale
        exponent += 1
    raise AssertionError(f"no nice ceiling for {value!r}")  # pragma: no cover - unreachable


def nice_range(*values, pad: float = 0.05) -> list[float]:
    """``[low, high]`` for a value axis through zero: each end is zero or a :func:`nice_ceiling`
    at least ``1 + pad`` times the largest finite value on its side (``pad`` leaves room for
    markers at the edge). ``[0, 1]`` when there is nothing but zeros or no finite value."""
    if not (math.isfinite(pad) and pad >= 0):
        raise ValueError(f"pad must be a finite number >= 0, got {pad!r}")
    arrays = [np.asarray(v, dtype=float).ravel() for v in values]
    finite = np.concatenate([a[np.isfinite(a)] for a in arrays]) if arrays else np.array([])
    top = float(finite.max()) if finite.size else 0.0
    bottom = float(finite.min()) if finite.size else 0.0
    high = nice_ceiling(top * (1 + pad)) if top > 0 else 0.0
    low = -nice_ceiling(-bottom * (1 + pad)) if bottom < 0 else 0.0
    return [low, high] if high > low else [0.0, 1.0]


def live(fig: go.Figure, widget: bool) -> go.Figure:
    """``fig`` as the live figure an explorer updates in place (``widget=True``), else as it is.

    The live figure is :func:`course_lib.plots.widget.figure_widget`: a ``go.FigureWidget``
    whose page loads plotly's bundle once, not once per figure.
    """
    return figure_widget(fig) if widget else fig


def _same(old, new) -> bool:
    try:
        a, b = np.asarray(old, dtype=float), np.asarray(new, dtype=float)
    except (TypeError, ValueError):
        return BasePlotlyType._vals_equal(old, new)
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


def assign(obj, **props) -> None:
    """Set properties of a plotly object (a trace, the layout) only where their value changes.

    plotly already skips an unchanged value, except an array holding NaN (NaN != NaN): a
    line broken into pieces by NaN gaps would be sent again on every step of an explorer.
    """
    for name, value in props.items():
        old = obj[name]
        if old is not None and value is not None and _same(old, value):
            continue
        obj[name] = value
