"""Input checks shared by every model.

Each function takes the caller's value and the *argument name*, and either
returns a clean numpy value or raises :class:`ValueError` whose message names
that argument and the range it allows. Models call these at their boundary so
that bad input never turns into a silent NaN or a crash deep inside numpy.
"""

from __future__ import annotations

import numbers

import numpy as np


def _as_float_array(value, name: str) -> np.ndarray:
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be numeric, got the string {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc
    return arr


def vector(
    value,
    name: str,
    *,
    minimum: float | None = None,
    strict: bool = False,
    maximum: float | None = None,
    strict_max: bool = False,
    allow_empty: bool = False,
) -> np.ndarray:
    """A finite 1-D float array whose entries lie in the stated range.

    ``minimum``/``maximum`` bound the entries (``strict`` and ``strict_max``
    make the bounds exclusive). An empty array is refused unless ``allow_empty``.
    """
    arr = _as_float_array(value, name)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (one value per ally), got shape {arr.shape}"
        )
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty: the alliance needs at least one member")
    _check_range(arr, name, minimum, strict, maximum, strict_max)
    return arr


def scalar(
    value,
    name: str,
    *,
    minimum: float | None = None,
    strict: bool = False,
    maximum: float | None = None,
    strict_max: bool = False,
) -> float:
    """A finite float within the stated range."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        arr = _as_float_array(value, name)
        if arr.ndim != 0:
            raise ValueError(f"{name} must be a single number, got shape {arr.shape}")
        value = float(arr)
    arr = np.asarray([float(value)])
    _check_range(arr, name, minimum, strict, maximum, strict_max)
    return float(arr[0])


def integer(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number within the stated range (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
    return value


def per_ally(
    value,
    name: str,
    n: int,
    *,
    minimum: float | None = None,
    strict: bool = False,
    maximum: float | None = None,
    strict_max: bool = False,
) -> np.ndarray:
    """One number for everybody or one per ally, broadcast to length ``n``."""
    arr = _as_float_array(value, name)
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    elif arr.ndim != 1 or arr.size != n:
        raise ValueError(
            f"{name} must be one number or one value per ally ({n}), got shape {arr.shape}"
        )
    _check_range(arr, name, minimum, strict, maximum, strict_max)
    return arr.astype(float, copy=True)


def same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Refuse two per-ally arrays of different lengths."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same length, got {a.size} and {b.size}"
        )


def taste(value, n: int, name: str = "taste") -> np.ndarray:
    """Taste for security ``a_i``: one number or one per ally, each in the open interval (0, 1)."""
    return per_ally(value, name, n, minimum=0.0, strict=True, maximum=1.0, strict_max=True)


def incomes(value, name: str = "incomes") -> np.ndarray:
    """Incomes (GDP): a non-empty vector of finite numbers >= 0."""
    return vector(value, name, minimum=0.0)


def probability(value, name: str) -> float:
    """A probability in [0, 1]."""
    return scalar(value, name, minimum=0.0, maximum=1.0)


def like_inputs(out, *inputs):
    """``out`` shaped like the call: a ``float`` if every one of ``inputs`` is a scalar, else the array.

    Model functions that work element-wise check their arguments as vectors (a
    number becomes a one-entry array), compute, and return through this helper,
    so ``f(1.0)`` gives ``0.5`` and ``f([1.0])`` gives ``array([0.5])``:

    >>> like_inputs(np.array([0.5]), 1.0, 2)
    0.5
    >>> like_inputs(np.array([0.5]), [1.0], 2)
    array([0.5])

    Raises ``ValueError`` if every input is a scalar but ``out`` does not hold exactly one value.
    """
    if all(np.ndim(value) == 0 for value in inputs):
        arr = np.asarray(out, dtype=float)
        if arr.size != 1:
            raise ValueError(f"out must hold one value for scalar inputs, got shape {arr.shape}")
        return float(arr.reshape(-1)[0])
    return out


def _describe(minimum, strict, maximum, strict_max) -> str:
    if minimum is not None and maximum is not None:
        left = "(" if strict else "["
        right = ")" if strict_max else "]"
        return f"finite and in {left}{minimum:g}, {maximum:g}{right}"
    if minimum is not None:
        return f"finite and {'>' if strict else '>='} {minimum:g}"
    if maximum is not None:
        return f"finite and {'<' if strict_max else '<='} {maximum:g}"
    return "finite"


def _check_range(arr, name, minimum, strict, maximum, strict_max) -> None:
    allowed = _describe(minimum, strict, maximum, strict_max)
    bad = ~np.isfinite(arr)
    if minimum is not None:
        bad |= (arr <= minimum) if strict else (arr < minimum)
    if maximum is not None:
        bad |= (arr >= maximum) if strict_max else (arr > maximum)
    if np.any(bad):
        first = arr[bad].flat[0]
        where = (
            "" if arr.size == 1 else f" (entry {int(np.flatnonzero(bad.ravel())[0])} is {first!r})"
        )
        raise ValueError(
            f"{name} must be {allowed}{where}"
            if where
            else f"{name} must be {allowed}, got {first!r}"
        )
