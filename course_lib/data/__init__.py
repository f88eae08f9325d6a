"""The course's shipped data sets, each loaded and checked by one small function (pandas).

The files and their sources are described in ``SOURCES.md`` beside this module.

* :func:`load_nato`: ``nato_defence_expenditure_2014_2024.csv``, 32 Allies x 2014-2024;
* :func:`load_sipri`: ``sipri_milex_nato_and_us_allies_1949_2024.csv``, the 32 Allies and
  four Indo-Pacific allies, 1949-2024;
* :func:`load_accession`: ``nato_members_accession.csv``, one row per Ally;
* :func:`load_places`: ``places.csv``, allies' capitals and threat sources;
* :func:`load_threat_sources`, :func:`load_germany_gas`, :func:`load_weapon_systems`,
  :func:`load_coastlines`: the lessons' small tables and the map's coastlines
  (:mod:`course_lib.data.tables`);
* :func:`load_classroom_session`: a classroom session (:mod:`course_lib.data.classroom`).

Nothing else in ``course_lib`` opens a data file: models and plots receive these
tables (or call these loaders), so every file is checked on the way in.

Every loader checks what it read before returning it: the expected columns are
present, numbers parse as numbers, percentage shares lie in [0, 100], years lie
in the file's range, ISO3 codes are known, and each key appears once. A missing,
empty or corrupted file raises :class:`DataError`, whose message names the file,
the column, the line and what is wrong, instead of a pandas traceback. Each
loader takes an optional ``path`` so a copy of a file can be checked the same way.

The loaders also apply the caveats in ``SOURCES.md``:

* SIPRI's literal zeros are missing data, not zero spending (Iceland has no
  armed forces; the other zeros are early years with no figure). They become
  ``NaN`` unless ``zeros_as_missing=False``.
* Iceland's defence columns in NATO's file are empty; no other Ally's may be.
* ``is_estimate`` (NATO: 2023 and 2024) is kept as a boolean so plots can flag it.
* "Member in year t" comes from accession years: :func:`nato_member` and
  :func:`accession_years`, never from SIPRI's ``nato_member_in_2024``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "ACCESSION_FILE",
    "CLASSROOM_SAMPLE_FILE",
    "COASTLINES_FILE",
    "GERMANY_GAS_FILE",
    "INDO_PACIFIC_ALLIES",
    "NATO_ALLIES",
    "NATO_FILE",
    "NO_ARMED_FORCES",
    "PLACES_FILE",
    "SIPRI_FILE",
    "THREAT_SOURCES_FILE",
    "WEAPON_SYSTEMS_FILE",
    "DataError",
    "accession_years",
    "data_path",
    "load_accession",
    "load_classroom_session",
    "load_coastlines",
    "load_germany_gas",
    "load_nato",
    "load_places",
    "load_sipri",
    "load_threat_sources",
    "load_weapon_systems",
    "nato_member",
]

NATO_FILE = "nato_defence_expenditure_2014_2024.csv"
SIPRI_FILE = "sipri_milex_nato_and_us_allies_1949_2024.csv"
ACCESSION_FILE = "nato_members_accession.csv"
PLACES_FILE = "places.csv"

#: The 32 NATO Allies of 2024 (ISO 3166-1 alpha-3).
NATO_ALLIES: tuple[str, ...] = (
    "ALB",
    "BEL",
    "BGR",
    "CAN",
    "HRV",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "ISL",
    "ITA",
    "LVA",
    "LTU",
    "LUX",
    "MNE",
    "NLD",
    "MKD",
    "NOR",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
    "TUR",
    "GBR",
    "USA",
)
#: U.S. treaty allies in the Indo-Pacific covered by the SIPRI file.
INDO_PACIFIC_ALLIES: tuple[str, ...] = ("JPN", "KOR", "AUS", "NZL")
#: Allies without armed forces, whose defence figures are missing by nature.
NO_ARMED_FORCES: tuple[str, ...] = ("ISL",)

_KNOWN_ALLIES = frozenset(NATO_ALLIES) | frozenset(INDO_PACIFIC_ALLIES)

# NATO's share column equals constant-2015 spending / constant-2015 GDP to
# about 1e-6 (relative), except in three Ally-years where the workbook's share
# cell is exactly 2.000000 while the ratio is 1.986-1.995 (FRA 2020, LTU 2019,
# SVK 2024). The check allows those published values: the share must be exactly
# 2 there and the ratio within this many percentage points of it.
_NATO_IDENTITY_RTOL = 1e-4
_NATO_PUBLISHED_TWO_TOLERANCE_PP = 0.02


class DataError(ValueError):
    """A shipped data file is missing, empty or does not hold what its loader expects.

    ``file`` is the file's name (or the path given), ``problem`` what is wrong.
    """

    def __init__(self, file: str, problem: str):
        self.file = str(file)
        self.problem = problem
        super().__init__(f"{self.file}: {problem}")


@dataclass(frozen=True)
class _Column:
    """What one column must hold: ``kind`` is text, code, int, float, flag or date."""

    name: str
    kind: str
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None


def data_path(filename: str):
    """Path of a shipped data file (a ``Traversable``; ``str()`` gives the file path)."""
    return resources.files(__name__).joinpath(filename)


# --------------------------------------------------------------------------- reading


def _read(
    filename: str, path, columns: list[_Column], key: tuple[str, ...]
) -> tuple[pd.DataFrame, str]:
    """Read a CSV as text, check and convert every expected column; return (frame, name)."""
    if path is None:
        with resources.as_file(data_path(filename)) as real:
            return _read_path(Path(real), filename, columns, key)
    return _read_path(Path(os.fspath(path)), str(path), columns, key)


def _read_path(path: Path, name: str, columns: list[_Column], key: tuple[str, ...]):
    if not path.is_file():
        raise DataError(name, f"file not found at {path}")
    try:
        raw = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            encoding="utf-8",
        )
    except pd.errors.EmptyDataError:
        raise DataError(name, "the file is empty (no header, no rows)") from None
    except UnicodeDecodeError as exc:
        raise DataError(
            name, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except pd.errors.ParserError as exc:
        raise DataError(name, f"the file is not a readable CSV table: {exc}") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    expected = [c.name for c in columns]
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        raise DataError(name, f"missing column(s) {missing}; expected the columns {expected}")
    if raw.empty:
        raise DataError(name, "the file has a header but no data rows")
    out = pd.DataFrame(index=raw.index)
    for column in columns:
        out[column.name] = _convert(raw[column.name], column, name, raw)
    duplicated = (
        out.duplicated(list(key), keep="first") if key else pd.Series(False, index=out.index)
    )
    if duplicated.any():
        i = int(np.flatnonzero(duplicated.to_numpy())[0])
        where = ", ".join(f"{k}={out[k].iloc[i]!r}" for k in key)
        raise DataError(
            name,
            f"line {i + 2} repeats a row already given ({where}); "
            f"each {' + '.join(key)} must appear once",
        )
    return out, name


def _line(i: int) -> str:
    return f"line {i + 2}"  # the header is line 1


def _convert(values: pd.Series, column: _Column, name: str, raw: pd.DataFrame) -> pd.Series:
    col = column.name
    if column.kind in ("int", "float", "flag"):
        numbers = pd.to_numeric(values, errors="coerce")  # the fast path: clean numeric text
        if numbers.notna().sum() == values.notna().sum():
            return _numeric(numbers.astype(float), values, values.isna(), column, name, raw)
    text = values.str.strip()
    empty = text.isna() | (text == "")
    if column.required and empty.any():
        i = int(np.flatnonzero(empty.to_numpy())[0])
        raise DataError(name, f"column {col!r} has an empty cell at {_line(i)}{_who(raw, i)}")
    if column.kind in ("text", "code"):
        result = text.where(~empty)
        if column.kind == "code":
            bad = ~empty & ~text.fillna("").str.fullmatch(r"[A-Z]{3}")
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise DataError(
                    name,
                    f"column {col!r} at {_line(i)} holds {text.iloc[i]!r}, not a three-letter code",
                )
        return result
    if column.kind == "date":
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        bad = ~empty & parsed.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                name,
                f"column {col!r} at {_line(i)} holds {text.iloc[i]!r}, "
                "not a date written YYYY-MM-DD",
            )
        return parsed
    numbers = pd.to_numeric(text, errors="coerce")
    bad = ~empty & numbers.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            name,
            f"column {col!r} at {_line(i)}{_who(raw, i)} holds {text.iloc[i]!r}, "
            "which is not a number",
        )
    return _numeric(numbers.astype(float), text, empty, column, name, raw)


def _numeric(
    numbers: pd.Series,
    text: pd.Series,
    empty: pd.Series,
    column: _Column,
    name: str,
    raw: pd.DataFrame,
) -> pd.Series:
    """Range, flag and whole-number checks on a parsed numeric column."""
    col = column.name
    if column.required and empty.any():
        i = int(np.flatnonzero(empty.to_numpy())[0])
        raise DataError(name, f"column {col!r} has an empty cell at {_line(i)}{_who(raw, i)}")
    infinite = ~empty & ~np.isfinite(numbers.fillna(0.0))
    if infinite.any():
        i = int(np.flatnonzero(infinite.to_numpy())[0])
        raise DataError(
            name, f"column {col!r} at {_line(i)}{_who(raw, i)} is not finite ({text.iloc[i]!r})"
        )
    if column.kind == "flag":
        bad = ~empty & ~numbers.isin([0.0, 1.0])
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                name,
                f"column {col!r} is a 0/1 flag, but {_line(i)}{_who(raw, i)} "
                f"holds {text.iloc[i]!r}",
            )
        return numbers.fillna(0.0).astype(bool)
    low = -np.inf if column.minimum is None else column.minimum
    high = np.inf if column.maximum is None else column.maximum
    outside = ~empty & ((numbers < low) | (numbers > high))
    if outside.any():
        i = int(np.flatnonzero(outside.to_numpy())[0])
        raise DataError(
            name,
            f"column {col!r} must lie within [{low:g}, {high:g}], but "
            f"{_line(i)}{_who(raw, i)} holds {numbers.iloc[i]:g}",
        )
    if column.kind == "int":
        fractional = ~empty & (numbers != np.round(numbers))
        if fractional.any():
            i = int(np.flatnonzero(fractional.to_numpy())[0])
            raise DataError(
                name,
                f"column {col!r} must hold whole numbers, but {_line(i)} holds {text.iloc[i]!r}",
            )
        return numbers.astype("int64") if not empty.any() else numbers.astype("Int64")
    return numbers


def _who(raw: pd.DataFrame, i: int) -> str:
    """' (DEU 2024)' for a country-year row, so a message points at the row in words."""
    parts = [str(raw[c].iloc[i]) for c in ("iso3", "year") if c in raw.columns]
    return f" ({' '.join(parts)})" if parts else ""


def _known_codes(frame: pd.DataFrame, column: str, known, name: str) -> None:
    unknown = ~frame[column].isin(known)
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(
            name,
            f"unknown ISO3 code {frame[column].iloc[i]!r} in column {column!r} "
            f"at {_line(i)}; known codes: {sorted(known)}",
        )


# --------------------------------------------------------------------------- NATO


_NATO_COLUMNS = [
    _Column("iso3", "code"),
    _Column("country", "text"),
    _Column("year", "int", minimum=2014, maximum=2024),
    _Column("is_estimate", "flag"),
    _Column("two_pct_law_flag", "flag"),
    _Column("defence_exp_share_real_gdp_pct", "float", required=False, minimum=0, maximum=100),
    _Column("defence_exp_musd_current", "float", required=False, minimum=0),
    _Column("defence_exp_musd_const2015", "float", required=False, minimum=0),
    _Column("defence_exp_annual_real_change_pct", "float", required=False, minimum=-100),
    _Column("gdp_musd_current", "float", minimum=0),
    _Column("gdp_musd_const2015", "float", minimum=0),
    _Column("gdp_per_capita_kusd_const2015", "float", minimum=0),
    _Column("defence_exp_per_capita_usd_const2015", "float", required=False, minimum=0),
]
_NATO_DEFENCE = [c.name for c in _NATO_COLUMNS if c.name.startswith("defence_exp")]


def load_nato(path=None) -> pd.DataFrame:
    """NATO's *Defence Expenditure of NATO Countries (2014-2024)*, one row per Ally and year.

    Columns as in ``SOURCES.md``: ``iso3``, ``country``, ``year``, ``is_estimate``
    (bool: 2023-24 are NATO estimates), ``two_pct_law_flag`` (bool),
    ``defence_exp_share_real_gdp_pct`` (% of real GDP, 2015 prices), spending and
    GDP in million US$ (current and constant 2015), per-capita columns. Iceland's
    defence columns are ``NaN`` (no armed forces). Rows cover 2014-2024 for all
    32 Allies, including years before Finland, Sweden, Montenegro and North
    Macedonia joined: filter with :func:`nato_member` for "member in year t".

    Checks, besides types and ranges: no Ally but Iceland lacks defence figures,
    and the share column equals constant-2015 spending over constant-2015 GDP
    (the three published values of exactly 2.00 noted in the module source are
    allowed within 0.02 percentage points).

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check; the message names the
        file, the column, the line and the problem.
    """
    frame, name = _read(NATO_FILE, path, _NATO_COLUMNS, key=("iso3", "year"))
    _known_codes(frame, "iso3", NATO_ALLIES, name)
    lacking = frame[_NATO_DEFENCE].isna().any(axis=1) & ~frame["iso3"].isin(NO_ARMED_FORCES)
    if lacking.any():
        i = int(np.flatnonzero(lacking.to_numpy())[0])
        empty = [c for c in _NATO_DEFENCE if pd.isna(frame[c].iloc[i])]
        raise DataError(
            name,
            f"{_line(i)} ({frame['iso3'].iloc[i]} {frame['year'].iloc[i]}) has "
            f"no value in {empty}; only Allies without armed forces "
            f"({list(NO_ARMED_FORCES)}) may lack defence figures",
        )
    share = frame["defence_exp_share_real_gdp_pct"]
    ratio = 100.0 * frame["defence_exp_musd_const2015"] / frame["gdp_musd_const2015"]
    close = (ratio - share).abs() <= _NATO_IDENTITY_RTOL * share.abs().clip(lower=1e-9)
    published_two = (share == 2.0) & ((ratio - share).abs() <= _NATO_PUBLISHED_TWO_TOLERANCE_PP)
    broken = share.notna() & ~(close | published_two)
    if broken.any():
        i = int(np.flatnonzero(broken.to_numpy())[0])
        raise DataError(
            name,
            f"{_line(i)} ({frame['iso3'].iloc[i]} {frame['year'].iloc[i]}): "
            f"defence_exp_share_real_gdp_pct is {share.iloc[i]:g} but "
            f"defence_exp_musd_const2015 / gdp_musd_const2015 gives "
            f"{ratio.iloc[i]:.6g} %; the columns disagree",
        )
    return frame.sort_values(["iso3", "year"], ignore_index=True)


# --------------------------------------------------------------------------- SIPRI


_SIPRI_COLUMNS = [
    _Column("iso3", "code"),
    _Column("country_sipri", "text"),
    _Column("year", "int", minimum=1949, maximum=2024),
    _Column("nato_member_in_2024", "flag"),
    _Column("milex_share_of_gdp_pct", "float", required=False, minimum=0, maximum=100),
    _Column("milex_musd_const2023", "float", required=False, minimum=0),
    _Column("milex_musd_current", "float", required=False, minimum=0),
    _Column("share_is_sipri_estimate", "flag", required=False),
    _Column("const2023_is_sipri_estimate", "flag", required=False),
    _Column("current_is_sipri_estimate", "flag", required=False),
]
_SIPRI_VALUES = {
    "milex_share_of_gdp_pct": "share_is_sipri_estimate",
    "milex_musd_const2023": "const2023_is_sipri_estimate",
    "milex_musd_current": "current_is_sipri_estimate",
}


def load_sipri(path=None, *, zeros_as_missing: bool = True) -> pd.DataFrame:
    """SIPRI Military Expenditure Database, 1949-2024, for the 32 Allies and four Indo-Pacific allies.

    Columns as in ``SOURCES.md``: ``iso3``, ``country_sipri``, ``year``,
    ``nato_member_in_2024`` (bool; *not* membership in ``year``),
    ``milex_share_of_gdp_pct``, ``milex_musd_const2023``, ``milex_musd_current``
    and one bool estimate flag per value (True = SIPRI estimate; False where the
    value is missing).

    With ``zeros_as_missing`` (the default) SIPRI's literal zeros become ``NaN``
    and their estimate flags False: they stand for "no data" (Iceland has no
    armed forces; the early Albanian, Hungarian, Romanian, Estonian and
    Australian zeros are years without a figure). US figures are fiscal years.

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check (types, shares within
        [0, 100], years 1949-2024, known ISO3 codes, one row per country-year,
        ``nato_member_in_2024`` consistent with the list of Allies).
    """
    frame, name = _read(SIPRI_FILE, path, _SIPRI_COLUMNS, key=("iso3", "year"))
    _known_codes(frame, "iso3", _KNOWN_ALLIES, name)
    wrong = frame["nato_member_in_2024"] != frame["iso3"].isin(NATO_ALLIES)
    if wrong.any():
        i = int(np.flatnonzero(wrong.to_numpy())[0])
        raise DataError(
            name,
            f"{_line(i)}: nato_member_in_2024 is "
            f"{int(frame['nato_member_in_2024'].iloc[i])} for "
            f"{frame['iso3'].iloc[i]}, which contradicts the list of 2024 Allies",
        )
    if zeros_as_missing:
        for value, flag in _SIPRI_VALUES.items():
            zero = frame[value] == 0.0
            frame.loc[zero, value] = np.nan
            frame.loc[zero, flag] = False
    return frame.sort_values(["iso3", "year"], ignore_index=True)


# --------------------------------------------------------------------------- accession


_ACCESSION_COLUMNS = [
    _Column("iso3", "code"),
    _Column("country", "text"),
    _Column("nato_accession_year", "int", minimum=1949, maximum=2024),
    _Column("accession_date", "date", required=False),
    _Column("accession_date_source", "text", required=False),
]


def load_accession(path=None) -> pd.DataFrame:
    """NATO members and the year each joined: ``iso3``, ``country``, ``nato_accession_year``, ``accession_date``.

    ``accession_date`` (a timestamp) is given only where NATO's 2024 tables
    state it (MNE, MKD, FIN, SWE); ``accession_date_source`` names that source.
    Germany's 1955 is West Germany's accession.

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check (known ISO3 codes, years
        1949-2024, one row per Ally, a date's year equal to the accession year,
        every one of the 32 Allies present).
    """
    frame, name = _read(ACCESSION_FILE, path, _ACCESSION_COLUMNS, key=("iso3",))
    _known_codes(frame, "iso3", NATO_ALLIES, name)
    dated = frame["accession_date"].notna()
    mismatch = dated & (frame["accession_date"].dt.year != frame["nato_accession_year"])
    if mismatch.any():
        i = int(np.flatnonzero(mismatch.to_numpy())[0])
        raise DataError(
            name,
            f"{frame['iso3'].iloc[i]}: accession_date "
            f"{frame['accession_date'].iloc[i]:%Y-%m-%d} is not in "
            f"nato_accession_year {frame['nato_accession_year'].iloc[i]}",
        )
    absent = sorted(set(NATO_ALLIES) - set(frame["iso3"]))
    if absent:
        raise DataError(name, f"no accession year for the Allies {absent}")
    return frame


def accession_years(path=None) -> pd.Series:
    """Accession year by ISO3 (a Series indexed by ``iso3``), from :func:`load_accession`."""
    table = load_accession(path)
    return table.set_index("iso3")["nato_accession_year"].rename("nato_accession_year")


def nato_member(iso3, year, accession: pd.Series | None = None) -> np.ndarray:
    """Whether each ``iso3`` was a NATO member in ``year`` (element-wise, broadcasting).

    "Member in year t" means ``t >= accession year``: an Ally counts in the year it
    joined (Finland in 2023, Sweden in 2024), as NATO's own aggregates do from
    accession onwards. Codes that never joined (e.g. Japan) are never members.
    ``accession`` defaults to :func:`accession_years`.
    """
    if accession is None:
        accession = accession_years()
    codes = pd.Series(np.atleast_1d(np.asarray(iso3, dtype=object)))
    joined = codes.map(accession).to_numpy(dtype=float)  # NaN for non-members
    years = np.asarray(year, dtype=float)
    with np.errstate(invalid="ignore"):
        result = np.broadcast_to(years, np.broadcast_shapes(years.shape, joined.shape)) >= joined
    return result if np.ndim(iso3) or np.ndim(year) else bool(result[0])


# --------------------------------------------------------------------------- places


_PLACES_COLUMNS = [
    _Column("code", "code"),
    _Column("name", "text"),
    _Column("kind", "text"),
    _Column("place", "text"),
    _Column("lat", "float", minimum=-90, maximum=90),
    _Column("lon", "float", minimum=-180, maximum=180),
    _Column("group", "text"),
]
_PLACE_GROUPS = {"ally": {"nato", "indo_pacific"}, "threat": {"threat"}}


def load_places(path=None) -> pd.DataFrame:
    """Allies' capitals and threat sources: code, name, kind ('ally'/'threat'), place, lat, lon, group.

    ``group`` is 'nato', 'indo_pacific' or 'threat'. Allies' codes must be known
    ISO3 codes of the course's allies; threat codes are any three capital letters
    (``SAH`` is the course's code for North Africa / the Sahel).

    Raises
    ------
    DataError
        If the file is missing, empty or fails a check.
    """
    frame, name = _read(PLACES_FILE, path, _PLACES_COLUMNS, key=("code",))
    for i, (kind, group) in enumerate(zip(frame["kind"], frame["group"])):
        if kind not in _PLACE_GROUPS:
            raise DataError(
                name, f"column 'kind' at {_line(i)} holds {kind!r}; allowed: 'ally', 'threat'"
            )
        if group not in _PLACE_GROUPS[kind]:
            raise DataError(
                name,
                f"column 'group' at {_line(i)} holds {group!r}, which does "
                f"not fit kind {kind!r} (allowed: {sorted(_PLACE_GROUPS[kind])})",
            )
    unknown = (frame["kind"] == "ally") & ~frame["code"].isin(_KNOWN_ALLIES)
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(
            name,
            f"unknown ISO3 code {frame['code'].iloc[i]!r} for an ally at "
            f"{_line(i)}; known codes: {sorted(_KNOWN_ALLIES)}",
        )
    return frame


from course_lib.data.classroom import CLASSROOM_SAMPLE_FILE, load_classroom_session  # noqa: E402,F401  (lesson 08)
from course_lib.data.tables import (  # noqa: E402,F401  (lessons 4-6)
    COASTLINES_FILE,
    GERMANY_GAS_FILE,
    THREAT_SOURCES_FILE,
    WEAPON_SYSTEMS_FILE,
    load_coastlines,
    load_germany_gas,
    load_threat_sources,
    load_weapon_systems,
)
