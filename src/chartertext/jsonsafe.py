"""Making results JSON-safe, one way for every published file (summary.json, network.json, compare)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def json_safe(value: Any, *, ndigits: int | None = None) -> Any:
    """Any nested value as plain JSON data.

    NaN, NA and NaT become None; numpy scalars and arrays become Python numbers and lists;
    dates become ISO strings; dict keys become strings. ``ndigits`` rounds floats (stable
    files across platforms whose last bits differ).
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v, ndigits=ndigits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v, ndigits=ndigits) for v in value]
    if isinstance(value, np.ndarray):
        return [json_safe(v, ndigits=ndigits) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, ndigits) if ndigits is not None else value
    if hasattr(value, "isoformat"):
        try:
            return value.isoformat()
        except ValueError:  # NaT
            return None
    try:
        if value != value:  # pandas NA
            return None
    except (TypeError, ValueError):
        return None
    return str(value)
