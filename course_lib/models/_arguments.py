"""Arguments the institutions models share: numbers, alliance sizes and seeds.

Used by :mod:`course_lib.models.veto_players` and :mod:`course_lib.models.decision_rules`;
each raises ``ValueError`` naming the argument and what it allows.
"""

from __future__ import annotations

import numpy as np


def array(value, name: str) -> np.ndarray:
    """``value`` as a float array; a string or anything non-numeric raises ``ValueError`` naming ``name``."""
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be numeric, got the string {value!r}")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc


def sizes(members) -> np.ndarray:
    """Alliance sizes as a 1-D int array: at least one, each a whole number >= 1."""
    arr = array(members, "members").reshape(-1)
    if arr.size == 0:
        raise ValueError("members must not be empty: give at least one alliance size")
    if not np.all(np.isfinite(arr)) or np.any(arr < 1) or np.any(arr != np.round(arr)):
        raise ValueError(
            f"members must be whole numbers >= 1 (an alliance has at least one member), got {arr.tolist()}"
        )
    return arr.astype(int)


def rng(seed) -> np.random.Generator:
    """A numpy Generator from ``seed``: a Generator (used as is), a whole number >= 0 or None."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise ValueError(
            f"seed must be a whole number >= 0, a numpy Generator or None, got {seed!r}"
        )
    return np.random.default_rng(seed)
