"""Data of a classroom session of the alliance game (``classroom/``, lesson 08), loaded and checked.

:func:`load_classroom_session` reads either export the oTree server offers for the app
``alliance``:

* the game's own tidy export (admin > Data > "alliance_custom", or
  ``/api/export_app_custom?app=alliance``): one row per player and round with the columns
  ``session, config, treatment, group, round, player, participant, label, income, taste,
  hegemon, frontline, ally, contribution, payoff, total, timed_out, shock_round``;
* oTree's standard per-app export (admin > Data > "alliance", ``alliance.csv``), whose
  columns are named ``player.income``, ``group.total``, ``subsession.round_number`` and so on.

Rows of rounds not played (beyond the session's ``num_rounds``, or not finished yet: no
group total) are dropped. Without arguments it returns the course's sample session,
``classroom_sample_session.csv``: a session played by oTree's bots with a seeded mix of
strategies, **simulated, not people** (see ``SOURCES.md``). With ``url`` it downloads the
tidy export from a running server (oTree's REST API: the key in ``rest_key`` or the
environment variable ``OTREE_REST_KEY``).

Every check failure raises :class:`course_lib.data.DataError` naming the file, the line and
what is wrong: missing columns, non-numbers, a contribution outside [0, income], a taste
outside (0, 1), an unknown treatment, a player listed twice in a round, a group total that is
not the sum of its members' contributions.
"""

from __future__ import annotations

import io
import os
import urllib.request
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from course_lib.data import DataError, _Column, _convert, _line, data_path

__all__ = ["CLASSROOM_SAMPLE_FILE", "TREATMENTS", "load_classroom_session"]

CLASSROOM_SAMPLE_FILE = "classroom_sample_session.csv"
#: Treatments of the game (session configs ``alliance_<treatment>``).
TREATMENTS = ("equal", "unequal", "hegemon", "shock")

_COLUMNS = [
    _Column("session", "text"),
    _Column("config", "text"),
    _Column("treatment", "text"),
    _Column("group", "int", minimum=1),
    _Column("round", "int", minimum=1),
    _Column("player", "int", minimum=1),
    _Column("participant", "text"),
    _Column("label", "text", required=False),
    _Column("income", "float", minimum=0),
    _Column("taste", "float", minimum=0, maximum=1),
    _Column("hegemon", "flag"),
    _Column("frontline", "flag"),
    _Column("ally", "text", required=False),
    _Column("contribution", "float", minimum=0),
    _Column("payoff", "float", minimum=0),
    _Column("total", "float", minimum=0),
    _Column("timed_out", "flag"),
    _Column("shock_round", "int", minimum=0),
]
_KEY = ["session", "group", "round", "player"]

# oTree's standard per-app export -> the tidy columns
_STANDARD = {
    "session.code": "session",
    "subsession.treatment": "treatment",
    "group.id_in_subsession": "group",
    "subsession.round_number": "round",
    "player.id_in_group": "player",
    "participant.code": "participant",
    "participant.label": "label",
    "player.income": "income",
    "player.taste": "taste",
    "player.hegemon": "hegemon",
    "player.frontline": "frontline",
    "player.ally": "ally",
    "player.contribution": "contribution",
    "player.payoff": "payoff",
    "group.total": "total",
    "player.timed_out": "timed_out",
    "subsession.shock_round": "shock_round",
}


def load_classroom_session(
    path=None,
    *,
    url: str | None = None,
    rest_key: str | None = None,
    session_code: str | None = None,
) -> pd.DataFrame:
    """One row per player and round of a classroom session, checked.

    Parameters
    ----------
    path : str or Path, optional
        An exported CSV (the tidy ``alliance_custom`` export or oTree's ``alliance.csv``).
        Default: the shipped sample session (simulated by bots).
    url : str, optional
        Base URL of a running server (``http://192.168.1.20:8000``): download its export.
    rest_key : str, optional
        The server's ``OTREE_REST_KEY`` (default: that environment variable).
    session_code : str, optional
        Keep only this session.

    Returns
    -------
    pandas.DataFrame
        Columns ``session, config, treatment, group, round, player, participant, label,
        income, taste, hegemon, frontline, ally, contribution, payoff, total, timed_out,
        shock_round`` (flags as booleans), sorted by session, group, round and player.

    Raises
    ------
    DataError
        If the file or download is missing, empty or fails a check.
    ValueError
        If both ``path`` and ``url`` are given.
    """
    if path is not None and url is not None:
        raise ValueError("give path or url, not both")
    if url is not None:
        name, raw = _download(url, rest_key, session_code)
    else:
        if path is None:
            with resources.as_file(data_path(CLASSROOM_SAMPLE_FILE)) as real:
                name, raw = CLASSROOM_SAMPLE_FILE, _read_text(Path(real), CLASSROOM_SAMPLE_FILE)
        else:
            name, raw = str(path), _read_text(Path(os.fspath(path)), str(path))
    frame = _tidy(raw, name)
    if session_code is not None:
        frame = frame[frame["session"] == session_code]
        if frame.empty:
            raise DataError(name, f"no rows for session_code {session_code!r}")
    return frame.sort_values(_KEY).reset_index(drop=True)


def _read_text(path: Path, name: str) -> str:
    if not path.is_file():
        raise DataError(name, f"file not found at {path}")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            name, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None


def _download(url: str, rest_key: str | None, session_code: str | None) -> tuple[str, str]:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError(f"url must be an http(s) address of an oTree server, got {url!r}")
    query = "app=alliance&function_name=custom_export"
    if session_code:
        query += f"&session_code={session_code}"
    full = f"{url.rstrip('/')}/api/export_app_custom?{query}"
    key = rest_key if rest_key is not None else os.environ.get("OTREE_REST_KEY", "")
    request = urllib.request.Request(full, headers={"otree-rest-key": key})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return full, response.read().decode("utf-8-sig")
    except OSError as exc:
        raise DataError(full, f"could not download the export: {exc}") from None


def _tidy(text: str, name: str) -> pd.DataFrame:
    if not text.strip():
        raise DataError(name, "the file is empty (no header, no rows)")
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.ParserError as exc:
        raise DataError(name, f"the file is not a readable CSV table: {exc}") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    if "player.contribution" in raw.columns:
        raw = _from_standard(raw, name)
    expected = [c.name for c in _COLUMNS]
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        raise DataError(
            name,
            f"missing column(s) {missing}; expected the alliance game's export "
            f"with the columns {expected}",
        )
    if raw.empty:
        raise DataError(name, "the file has a header but no played rounds")
    raw = raw.reset_index(drop=True)
    out = pd.DataFrame(index=raw.index)
    for column in _COLUMNS:
        out[column.name] = _convert(raw[column.name], column, name, raw)
    out["label"] = out["label"].fillna("")
    out["ally"] = out["ally"].fillna("")
    _check(out, name)
    return out


def _from_standard(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in _STANDARD if c not in raw.columns]
    if missing:
        raise DataError(name, f"this looks like oTree's alliance export but lacks {missing}")
    played = raw["group.total"].fillna("").str.strip() != ""
    if "subsession.in_play" in raw.columns:
        played &= raw["subsession.in_play"].fillna("1").str.strip() != "0"
    out = raw.loc[played, list(_STANDARD)].rename(columns=_STANDARD)
    out["config"] = "alliance_" + out["treatment"].fillna("")
    return out


def _check(frame: pd.DataFrame, name: str) -> None:
    def fail(mask, message):
        i = int(np.flatnonzero(np.asarray(mask))[0])
        row = frame.iloc[i]
        raise DataError(
            name,
            f"{_line(i)} (session {row['session']}, group {row['group']}, "
            f"round {row['round']}, player {row['player']}): {message(row)}",
        )

    bad = ~frame["treatment"].isin(TREATMENTS)
    if bad.any():
        fail(bad, lambda r: f"unknown treatment {r['treatment']!r}; allowed {list(TREATMENTS)}")
    bad = (frame["taste"] <= 0) | (frame["taste"] >= 1)
    if bad.any():
        fail(bad, lambda r: f"taste must be in (0, 1), got {r['taste']:g}")
    bad = frame["contribution"] > frame["income"] * (1 + 1e-9)
    if bad.any():
        fail(
            bad, lambda r: f"contribution {r['contribution']:g} exceeds the income {r['income']:g}"
        )
    dup = frame.duplicated(_KEY)
    if dup.any():
        fail(dup, lambda r: "this player appears twice in the same round")
    sums = frame.groupby(["session", "group", "round"])["contribution"].transform("sum")
    bad = (sums - frame["total"]).abs() > 1e-6 * np.maximum(1.0, frame["total"].abs())
    if bad.any():
        fail(
            bad,
            lambda r: f"group total {r['total']:g} is not the sum of the members' contributions",
        )
    heg = frame.groupby(["session", "group", "round"])["hegemon"].transform("sum")
    bad = (frame["treatment"] == "hegemon") & (heg != 1)
    if bad.any():
        fail(bad, lambda r: "a group of the hegemon treatment must have exactly one hegemon")
