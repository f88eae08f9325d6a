r"""Where allies and threats are: great-circle distances on a spherical Earth.

Haversine formula, for points :math:`(\varphi_1, \lambda_1)` and
:math:`(\varphi_2, \lambda_2)` in radians and Earth's mean radius
:math:`R = 6371.0088` km (IUGG):

.. math:: d = 2R \arcsin \sqrt{\sin^2\frac{\varphi_2-\varphi_1}{2}
          + \cos\varphi_1 \cos\varphi_2 \sin^2\frac{\lambda_2-\lambda_1}{2}}

Accurate to about 0.5 % against the ellipsoid, ample for loss-of-strength gradients.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_lib.data import load_places
from course_lib.models import validation as check

__all__ = ["EARTH_RADIUS_KM", "great_circle_km", "distance_matrix_km", "places", "distance_to_km"]

EARTH_RADIUS_KM = 6371.0088


def _coordinates(lat, lon, lat_name: str, lon_name: str) -> tuple[np.ndarray, np.ndarray]:
    lat = np.asarray(check.vector(lat, lat_name, minimum=-90.0, maximum=90.0))
    lon = np.asarray(check.vector(lon, lon_name, minimum=-180.0, maximum=180.0))
    if lat.shape != lon.shape:
        raise ValueError(
            f"{lat_name} and {lon_name} must have the same length, got {lat.size} and {lon.size}"
        )
    return np.radians(lat), np.radians(lon)


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray | float:
    """Great-circle distance in km, element-wise.

    Arrays broadcast; latitudes in [-90, 90], longitudes in [-180, 180].
    """
    p1, l1 = _coordinates(lat1, lon1, "lat1", "lon1")
    p2, l2 = _coordinates(lat2, lon2, "lat2", "lon2")
    try:
        np.broadcast_shapes(p1.shape, p2.shape)
    except ValueError as exc:
        raise ValueError(
            f"lat1 ({p1.size} points) and lat2 ({p2.size} points) must have equal length or one point"
        ) from exc
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return check.like_inputs(d, lat1, lon1, lat2, lon2)


def distance_matrix_km(lat_from, lon_from, lat_to, lon_to) -> np.ndarray:
    """All pairwise distances: entry ``[i, j]`` is from point ``i`` of the first set to point ``j`` of the second."""
    p1, l1 = _coordinates(lat_from, lon_from, "lat_from", "lon_from")
    p2, l2 = _coordinates(lat_to, lon_to, "lat_to", "lon_to")
    p1, l1 = p1[:, None], l1[:, None]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def places(kind: str | None = None) -> pd.DataFrame:
    """The shipped table of capitals and threat sources, optionally only ``kind`` 'ally' or 'threat'."""
    table = load_places()
    if kind is None:
        return table
    if kind not in ("ally", "threat"):
        raise ValueError(f"kind must be 'ally', 'threat' or None, got {kind!r}")
    return table[table["kind"] == kind].reset_index(drop=True)


def distance_to_km(codes, target: str) -> pd.Series:
    """Distance in km from each place in ``codes`` (e.g. ISO3 of allies) to the place ``target`` (e.g. 'RUS')."""
    table = load_places().set_index("code")
    codes = list(codes)
    unknown = [c for c in [*codes, target] if c not in table.index]
    if unknown:
        raise ValueError(f"unknown place code(s) {unknown}; known codes: {sorted(table.index)}")
    here = table.loc[codes]
    there = table.loc[target]
    d = great_circle_km(
        here["lat"].to_numpy(), here["lon"].to_numpy(), float(there["lat"]), float(there["lon"])
    )
    return pd.Series(np.atleast_1d(d), index=codes, name=f"km_to_{target}")
