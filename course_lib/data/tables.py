"""The lessons' small tables and the map's coastlines, each loaded and checked like the others.

* :func:`load_threat_sources`: ``threat_sources.csv``, the capability index of each
  threat source (lesson 4);
* :func:`load_germany_gas`: ``germany_russian_gas.csv``, Russia's share of Germany's
  gas imports, 2021-2022 (lesson 5);
* :func:`load_weapon_systems`: ``weapon_systems.csv``, types of major weapon systems in
  Europe and the United States (lesson 6);
* :func:`load_coastlines`: ``coastlines_110m.csv``, Natural Earth's 1:110m coastlines as
  numbered polylines (the lesson 4 map).

They read through the same reader as :func:`course_lib.data.load_nato`, so a missing,
empty or corrupted file raises :class:`~course_lib.data.DataError` naming the file,
the column, the line and the fault. Import them from :mod:`course_lib.data`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_lib.data import DataError, _Column, _line, _read, load_places

__all__ = [
    "COASTLINES_FILE",
    "GERMANY_GAS_FILE",
    "THREAT_SOURCES_FILE",
    "WEAPON_SYSTEMS_FILE",
    "load_coastlines",
    "load_germany_gas",
    "load_threat_sources",
    "load_weapon_systems",
]

THREAT_SOURCES_FILE = "threat_sources.csv"
GERMANY_GAS_FILE = "germany_russian_gas.csv"
WEAPON_SYSTEMS_FILE = "weapon_systems.csv"
COASTLINES_FILE = "coastlines_110m.csv"

#: The threat whose capability is the index's unit.
_REFERENCE_THREAT = "RUS"


def _first(mask) -> int:
    return int(np.flatnonzero(np.asarray(mask))[0])


# --------------------------------------------------------------------------- threat sources


_THREAT_COLUMNS = [
    _Column("code", "code"),
    _Column("name", "text"),
    _Column("capability", "float", minimum=0),
    _Column("basis", "text"),
]


def load_threat_sources(path=None) -> pd.DataFrame:
    """Threat sources and their capability: ``code``, ``name``, ``capability``, ``basis``.

    ``capability`` is an index with Russia = 1 (China 2, North Korea and North
    Africa / the Sahel 0.6; ``basis`` says where each figure comes from). The
    coordinates are in ``places.csv`` (:func:`~course_lib.data.load_places`).

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check: types, one row per code,
        every capability > 0, Russia's equal to 1, every code a threat source of
        ``places.csv``.
    """
    frame, name = _read(THREAT_SOURCES_FILE, path, _THREAT_COLUMNS, key=("code",))
    zero = frame["capability"] <= 0
    if zero.any():
        i = _first(zero)
        raise DataError(
            name,
            f"column 'capability' must be > 0, but {_line(i)} "
            f"({frame['code'].iloc[i]}) holds {frame['capability'].iloc[i]:g}",
        )
    reference = frame.loc[frame["code"] == _REFERENCE_THREAT, "capability"]
    if reference.empty or float(reference.iloc[0]) != 1.0:
        got = "no row" if reference.empty else f"{float(reference.iloc[0]):g}"
        raise DataError(
            name,
            f"capability is an index with {_REFERENCE_THREAT} = 1, "
            f"but {_REFERENCE_THREAT} has {got}",
        )
    places = load_places()
    known = set(places.loc[places["kind"] == "threat", "code"])
    unknown = ~frame["code"].isin(known)
    if unknown.any():
        i = _first(unknown)
        raise DataError(
            name,
            f"code {frame['code'].iloc[i]!r} at {_line(i)} is not a threat "
            f"source of places.csv; known threat sources: {sorted(known)}",
        )
    return frame


# --------------------------------------------------------------------------- Germany's gas


_GAS_COLUMNS = [
    _Column("period", "text"),
    _Column("date", "date"),
    _Column("russia_share_of_gas_imports", "float", minimum=0, maximum=1),
    _Column("source", "text"),
]


def load_germany_gas(path=None) -> pd.DataFrame:
    """Russia's share of Germany's gas imports: ``period``, ``date``, ``russia_share_of_gas_imports``, ``source``.

    Approximate figures from the German economics ministry's energy-security
    reports and the halt of Nord Stream 1 (see ``SOURCES.md``); the share is a
    fraction in [0, 1] and ``date`` a timestamp. Rows are sorted by date.

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check: types, shares within
        [0, 1], one row per period and per date.
    """
    frame, name = _read(GERMANY_GAS_FILE, path, _GAS_COLUMNS, key=("period",))
    repeated = frame["date"].duplicated()
    if repeated.any():
        i = _first(repeated)
        raise DataError(
            name,
            f"{_line(i)} repeats the date {frame['date'].iloc[i]:%Y-%m-%d}; "
            "each date must appear once",
        )
    return frame.sort_values("date", ignore_index=True)


# --------------------------------------------------------------------------- weapon systems


_WEAPON_COLUMNS = [
    _Column("equipment", "text"),
    _Column("level", "text"),
    _Column("europe_types", "int", minimum=1),
    _Column("us_types", "int", minimum=1),
    _Column("source", "text"),
]
_LEVELS = ("total", "class")


def load_weapon_systems(path=None) -> pd.DataFrame:
    """Types of major weapon systems in use: ``equipment``, ``level``, ``europe_types``, ``us_types``, ``source``.

    As published by the Munich Security Conference (2017), citing the European
    Commission's EPSC; ``level`` is "total" (all major systems, one row) or
    "class" (one equipment class). Counts are whole numbers >= 1.

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check: types, one row per
        equipment, ``level`` 'total' or 'class', exactly one 'total' row, and no
        class with more types than the total.
    """
    frame, name = _read(WEAPON_SYSTEMS_FILE, path, _WEAPON_COLUMNS, key=("equipment",))
    bad = ~frame["level"].isin(_LEVELS)
    if bad.any():
        i = _first(bad)
        raise DataError(
            name,
            f"column 'level' at {_line(i)} holds {frame['level'].iloc[i]!r}; "
            f"allowed: {list(_LEVELS)}",
        )
    total = frame[frame["level"] == "total"]
    if len(total) != 1:
        raise DataError(
            name, f"exactly one row must have level 'total' (all major systems), found {len(total)}"
        )
    for side in ("europe_types", "us_types"):
        over = (frame["level"] == "class") & (frame[side] > int(total[side].iloc[0]))
        if over.any():
            i = _first(over)
            raise DataError(
                name,
                f"{_line(i)} ({frame['equipment'].iloc[i]}): {side} "
                f"{frame[side].iloc[i]} exceeds the total of all major systems "
                f"({int(total[side].iloc[0])})",
            )
    return frame


# --------------------------------------------------------------------------- coastlines


_COAST_COLUMNS = [
    _Column("part", "int", minimum=0),
    _Column("lon", "float", minimum=-180, maximum=180),
    _Column("lat", "float", minimum=-90, maximum=90),
]


def load_coastlines(path=None) -> pd.DataFrame:
    """Natural Earth's 1:110m coastlines: ``part`` (polyline number), ``lon``, ``lat`` (degrees).

    One row per vertex, each polyline's vertices in drawing order and its rows
    together; a closed ring repeats its first vertex at the end.

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check: types, coordinates within
        range, each part's rows contiguous (part numbers never decrease), every
        part at least two vertices.
    """
    frame, name = _read(COASTLINES_FILE, path, _COAST_COLUMNS, key=())
    part = frame["part"].to_numpy()
    back = np.diff(part) < 0
    if back.any():
        i = _first(back) + 1
        raise DataError(
            name,
            f"column 'part' goes back from {part[i - 1]} to {part[i]} at "
            f"{_line(i)}; each polyline's rows must be together, in order",
        )
    sizes = frame["part"].value_counts()
    single = sizes[sizes < 2]
    if not single.empty:
        raise DataError(
            name, f"part {int(single.index[0])} has a single vertex; a polyline needs at least two"
        )
    return frame
