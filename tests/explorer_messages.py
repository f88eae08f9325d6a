"""What one explorer step sends to the page: the update messages of its figure widgets.

Inside ``batch_update`` a ``go.FigureWidget`` collects every property it was given that
differs from the value it holds and, when the batch closes, sends one ``update`` message
(restyle of the changed traces, relayout of the changed layout keys), or none at all.
:func:`record_updates` wraps each figure's ``_send_update_msg`` so a test can read those
messages after moving a control.
"""

from __future__ import annotations

from contextlib import contextmanager

from plotly.basedatatypes import Undefined  # plotly's marker for "this trace leaves the key alone"


@contextmanager
def record_updates(figures):
    """Collect, per figure name, the ``(restyle, relayout, trace_indexes)`` messages sent."""
    sent = {name: [] for name in figures}
    for name, fig in figures.items():
        original = fig._send_update_msg

        def record(restyle_data, relayout_data, trace_indexes=None, source_view_id=None,
                   _name=name, _original=original):
            sent[_name].append((dict(restyle_data or {}), dict(relayout_data or {}), list(trace_indexes or [])))
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

