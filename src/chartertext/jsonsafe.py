"""Missing values and JSON-safe results, one way for every stage and published file."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def is_missing(value: Any) -> bool:
    """None, NaN, pandas NA or NaT; never raises (lists and other objects are not missing)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


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


def json_value(value: Any) -> Any:
    """A scalar made JSON-safe: NaN/NA → None, numpy numbers → Python, dates → ISO strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dt.date | pd.Timestamp):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) else value.date().isoformat()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(float(value)) else None
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a DataFrame as JSON-safe dicts (see :func:`json_value`)."""
    return [{k: json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]

