"""Helpers for the headless explorer tests: compare states, and record what a step sends.

Inside ``batch_update`` a ``go.FigureWidget`` collects every property it was given that
differs from the value it holds and, when the batch closes, sends one ``update`` message
(restyle of the changed traces, relayout of the changed layout keys), or none at all.
:func:`record_updates` wraps each figure's ``_send_update_msg`` so a test can read those
messages after moving a control.

An explorer step must send only what changed: :func:`check_step_sends_only_changes` moves a
control and checks that the traces (and layout) each figure sends to its page are exactly
those whose content changed.
"""

from __future__ import annotations

import dataclasses
import json
from contextlib import contextmanager

import numpy as np
import pandas as pd
from plotly.basedatatypes import Undefined  # plotly's marker for "this trace leaves the key alone"
from plotly.utils import PlotlyJSONEncoder


def assert_same_state(a, b, path: str = "state") -> None:
    """Recursive equality of two explorer states (NamedTuples, dataclasses, dicts, arrays, numbers)."""
    if isinstance(a, (pd.DataFrame, pd.Series)):
        assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
        assert a.equals(b), f"{path}: the tables differ"
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
        for f in dataclasses.fields(a):
            assert_same_state(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, tuple) and hasattr(a, "_fields"):
        assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
        for name in a._fields:
            assert_same_state(getattr(a, name), getattr(b, name), f"{path}.{name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            assert_same_state(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, (list, tuple)) and not all(
        isinstance(x, (int, float, np.number)) for x in a
    ):
        assert len(a) == len(b), f"{path}: lengths {len(a)} != {len(b)}"
        for k, (x, y) in enumerate(zip(a, b)):
            assert_same_state(x, y, f"{path}[{k}]")
    elif isinstance(a, (np.ndarray, list, tuple, float, int, np.number)) and not isinstance(
        a, bool
    ):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=path)
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def _json(obj) -> str:
    return json.dumps(obj, cls=PlotlyJSONEncoder, sort_keys=True)


def _snapshot(fig) -> tuple[list[str], str]:
    d = fig.to_dict()
    return [_json(t) for t in d["data"]], _json(d["layout"])


@contextmanager
def record_updates(figures):
    """Collect, per figure name, the ``(restyle, relayout, trace_indexes)`` messages sent."""
    sent = {name: [] for name in figures}
    for name, fig in figures.items():
        original = fig._send_update_msg

        def record(
            restyle_data,
            relayout_data,
            trace_indexes=None,
            source_view_id=None,
            _name=name,
            _original=original,
        ):
            sent[_name].append(
                (dict(restyle_data or {}), dict(relayout_data or {}), list(trace_indexes or []))
            )
            return _original(restyle_data, relayout_data, trace_indexes, source_view_id)

        fig._send_update_msg = record
    try:
        yield sent
    finally:
        for fig in figures.values():
            del fig._send_update_msg


def restyled(messages) -> dict[int, set[str]]:
    """Trace index -> the properties restyled, over all ``messages`` of one figure."""
    out: dict[int, set[str]] = {}
    for restyle, _relayout, indexes in messages:
        for position, trace in enumerate(indexes):
            keys = {k for k, values in restyle.items() if values[position] is not Undefined}
            out.setdefault(trace, set()).update(keys)
    return out


def relayed(messages) -> set[str]:
    """The layout keys sent, over all ``messages`` of one figure."""
    return {key for _restyle, relayout, _indexes in messages for key in relayout}


def sent_updates(explorer):
    """Record every update each figure of ``explorer`` sends: name -> [(traces, style keys, layout keys)]."""
    return _summarised(record_updates(explorer.figures))


@contextmanager
def _summarised(recording):
    with recording as sent:
        summary: dict[str, list] = {}
        yield summary
    for name, messages in sent.items():
        summary[name] = [
            (indexes, sorted(restyle), sorted(relayout)) for restyle, relayout, indexes in messages
        ]


def check_step_sends_only_changes(explorer, control: str, value) -> dict:
    """Move ``control`` to ``value``; each figure must send one update at most, holding exactly
    the traces whose content changed, and layout keys only if its layout changed."""
    before = {name: _snapshot(fig) for name, fig in explorer.figures.items()}
    with sent_updates(explorer) as log:
        explorer.controls[control].value = value
    for name, fig in explorer.figures.items():
        traces_before, layout_before = before[name]
        traces_after, layout_after = _snapshot(fig)
        changed = {i for i, (x, y) in enumerate(zip(traces_before, traces_after)) if x != y}
        messages = log[name]
        assert len(messages) <= 1, (
            f"{name}: {len(messages)} updates for one step (one batch expected)"
        )
        sent = set(messages[0][0]) if messages else set()
        layout_sent = messages[0][2] if messages else []
        assert sent == changed, (
            f"{control} -> {value!r}: figure {name!r} sent traces {sorted(sent)}, "
            f"but the traces that changed are {sorted(changed)}"
        )
        assert bool(layout_sent) == (layout_before != layout_after), (
            f"{control} -> {value!r}: figure {name!r} sent layout keys {layout_sent} "
            f"though its layout {'changed' if layout_before != layout_after else 'did not change'}"
        )
    return log
