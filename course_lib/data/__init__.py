"""The course's shipped data sets, each loaded by one small function (pandas).

The files and their sources are described in ``SOURCES.md`` beside this module.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["data_path", "load_places", "load_accession"]


def data_path(filename: str):
    """Path of a shipped data file."""
    return resources.files(__name__).joinpath(filename)


def load_places() -> pd.DataFrame:
    """Allies' capitals and threat sources: code, name, kind ('ally'/'threat'), place, lat, lon, group."""
    with resources.as_file(data_path("places.csv")) as path:
        return pd.read_csv(path)


def load_accession() -> pd.DataFrame:
    """NATO members and their accession year: iso3, country, nato_accession_year, accession_date."""
    with resources.as_file(data_path("nato_members_accession.csv")) as path:
        return pd.read_csv(path)
