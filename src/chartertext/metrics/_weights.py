"""Helpers shared by the measures: row weights in batches, group codes, NaN-aware means.

Every measure takes optional row *weights*: integer multiplicities of each segment. One
weighting (shape ``(n,)``) is an ordinary estimate; a batch (shape ``(B, n)``) evaluates B
bootstrap resamples, or B permuted period assignments (0/1 masks), in one vectorised call.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ChartertextError


def as_weight_batch(weights: ArrayLike | None, n: int) -> tuple[NDArray[np.float64], bool]:
    """Weights as a (B, n) float array, and whether the caller passed a batch."""
    if weights is None:
        return np.ones((1, n)), False
    w = np.asarray(weights, dtype=np.float64)
    batched = w.ndim == 2
    w = np.atleast_2d(w)
    if w.ndim != 2 or w.shape[1] != n:
        raise ChartertextError(
            f"weights have shape {np.shape(weights)} but there are {n} segments. "
            f"Fix: pass one weight per segment, shape (n,) or (B, n)."
        )
    if (w < 0).any():
        raise ChartertextError("weights must be non-negative multiplicities. Fix: pass counts or 0/1 masks.")
    return w, batched


def group_codes(groups: ArrayLike) -> tuple[NDArray[np.int64], int]:
    """Integer code (0..k-1, sorted group names) of each row, and k."""
    values = np.asarray(groups, dtype=object)
    names, codes = np.unique(values.astype(str), return_inverse=True)
    return codes.astype(np.int64).ravel(), len(names)


def finite_mean(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Mean over axis 0 of the finite entries; NaN where there are none (no warning)."""
    finite = np.isfinite(values)
    count = finite.sum(axis=0)
    total = np.where(finite, values, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def unbatch(values: NDArray[np.float64], batched: bool) -> float | NDArray[np.float64]:
    """Return a float for a single weighting, the array for a batch."""
    return values if batched else float(values[0])
