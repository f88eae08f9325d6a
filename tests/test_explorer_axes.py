"""Every explorer's axes show all of its data: a range an explorer sets never cuts a value off.

Explorers set some axis ranges themselves instead of leaving them to plotly's autorange (for
example at a nice number, :func:`course_lib.plots.style.nice_ceiling`, so the scale stays put
while the data moves). Checked for every explorer of the course, at each slider's ends and
middle, with the other controls where they start.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_figure_transport import _explorer_factories

from course_lib.apps import frames

FACTORIES = _explorer_factories()


def _numbers(values) -> np.ndarray | None:
    """A trace's ``x`` or ``y`` as floats (NaN for a gap), or None for category labels."""
    if values is None:
        return None
    try:
        return np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return None  # categories


def _set_range(layout, letter: str, ref: str | None):
    """The range the figure sets on that axis, or None (autorange, categories, log)."""
    axis = layout[f"{letter}axis{(ref or letter)[1:]}"]
    if (
        axis.range is None
        or axis.autorange not in (None, False)
        or axis.type in ("log", "category")
    ):
        return None
    return sorted(float(v) for v in axis.range)


def clipped(fig) -> list[str]:
    """Each trace with a value outside the range the figure sets on its value axis, among the
    points its other axis shows (a window over rounds or years is a choice; a cut-off value is
    not), as a message."""
    problems = []
    for k, trace in enumerate(fig.data):
        if trace.type not in ("scatter", "bar") or trace.visible is False:
            continue
        if trace.hoverinfo in ("skip", "none"):
            continue  # a guide (an edge, a frame) may run past the view; data has hover text
        value_letter = "x" if trace.type == "bar" and trace.orientation == "h" else "y"
        other_letter = "y" if value_letter == "x" else "x"
        values = _numbers(getattr(trace, value_letter))
        window = _set_range(fig.layout, value_letter, getattr(trace, f"{value_letter}axis"))
        if values is None or window is None or not values.size:
            continue
        keep = np.isfinite(values)
        other = _numbers(getattr(trace, other_letter))
        shown = _set_range(fig.layout, other_letter, getattr(trace, f"{other_letter}axis"))
        if other is not None and shown is not None and other.size == values.size:
            keep &= (other >= shown[0]) & (other <= shown[1])
        values = values[keep]
        if trace.type == "bar":
            values = np.append(values, 0.0)  # a bar starts at zero
        if not values.size:
            continue
        low, high = window
        tol = 1e-9 * max(1.0, high - low)
        if values.min() < low - tol or values.max() > high + tol:
            problems.append(
                f"trace {k} ({trace.name!r}): {value_letter} from {values.min():.6g} to "
                f"{values.max():.6g}, axis range [{low:.6g}, {high:.6g}]"
            )
    return problems


def _positions(control) -> list:
    low, high = control.min, control.max
    middle = low + round((high - low) / 2 / control.step) * control.step
    if isinstance(control.value, int):
        middle = int(middle)
    return sorted({low, middle, high, control.value})


@pytest.mark.parametrize("name, factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_no_axis_range_cuts_off_data(name, factory):
    explorer = factory()
    problems = {f"start, {n}": clipped(f) for n, f in explorer.figures.items()}
    for control_name, control in explorer.controls.items():
        if not isinstance(control, frames.SLIDERS):
            continue
        start = control.value
        for value in _positions(control):
            try:
                control.value = value
            except ValueError:  # a value the model refuses (the explorer says so)
                continue
            for n, fig in explorer.figures.items():
                problems[f"{control_name} = {value}, {n}"] = clipped(fig)
        control.value = start
    found = {where: p for where, p in problems.items() if p}
    assert not found, f"{name}: " + "; ".join(f"{w}: {', '.join(p)}" for w, p in found.items())
