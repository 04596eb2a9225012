"""The trend and the onset on a fixed panel of pairs of groups, against calendar time.

A period's index is a mean over the pairs of groups that met in it. When the most distinct
commission stops meeting, that mean rises although no group's talk changed; when a new group
joins, it moves the other way. The trend is therefore estimated on the pairs themselves, with a
fixed effect per pair (each pair's series is centred on its own mean): the slope is the
within-pair change of convergence per month, and a pair that is missing from a period simply
contributes nothing there. Formally it is the OLS slope of

.. math:: c_{p t} = \\alpha_p + \\beta\\, x_t + \\varepsilon_{p t}

over the observed (pair, period) cells, with :math:`x_t` the period's calendar midpoint in
months. The onset is read on the composition-adjusted series :math:`a_t`, the mean over the
pairs observed in period t of :math:`c_{pt} - \\bar c_p`.

All functions take a batch: ``y`` of shape (B, P, T), NaN where a pair is not observed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Days in an average month (365.25 / 12): the unit of the trend's time axis.
MONTH_DAYS = 30.4375


def panel_slope(y: ArrayLike, months: ArrayLike) -> NDArray[np.float64]:
    """Within-pair OLS slope of each batch of pair series against ``months``.

    Parameters
    ----------
    y : array-like of shape (B, P, T)
        Convergence of each pair in each period; NaN where not observed.
    months : array-like of shape (T,)

    Returns
    -------
    ndarray of shape (B,)
        NaN when no pair is observed in two periods.

    Examples
    --------
    Two pairs at different levels rising by 0.1 a month; a third pair seen once adds nothing.

    >>> y = np.array([[[0.2, 0.3, 0.4], [0.6, 0.7, np.nan], [np.nan, 0.9, np.nan]]])
    >>> panel_slope(y, [0, 1, 2]).round(6).tolist()
    [0.1]
    """
    values = np.asarray(y, dtype=np.float64)
    x = np.broadcast_to(np.asarray(months, dtype=np.float64), values.shape)
    dx, dy = _within(x, values)
    with np.errstate(invalid="ignore", divide="ignore"):
        denominator = (dx**2).sum(axis=(-1, -2))
        return np.where(denominator > 0, (dx * dy).sum(axis=(-1, -2)) / denominator, np.nan)


def adjusted_series(y: ArrayLike) -> NDArray[np.float64]:
    """Composition-adjusted index per period: mean over observed pairs of their deviation from their own mean.

    Parameters
    ----------
    y : array-like of shape (B, P, T)

    Returns
    -------
    ndarray of shape (B, T)
        NaN for a period with no pair that is observed in at least two periods.
    """
    values = np.asarray(y, dtype=np.float64)
    observed = np.isfinite(values)
    repeated = observed & (observed.sum(axis=-1, keepdims=True) >= 2)
    _, dy = _within(np.zeros_like(values), np.where(repeated, values, np.nan))
    with np.errstate(invalid="ignore", divide="ignore"):
        count = repeated.sum(axis=-2)
        return np.where(count > 0, dy.sum(axis=-2) / count, np.nan)


def _within(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Deviations of x and y from each pair's means over its observed periods (0 where unobserved)."""
    observed = np.isfinite(y)
    n = observed.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_mean = np.where(observed, x, 0.0).sum(axis=-1, keepdims=True) / n
        y_mean = np.where(observed, y, 0.0).sum(axis=-1, keepdims=True) / n
    return np.where(observed, x - x_mean, 0.0), np.where(observed, y - y_mean, 0.0)


def period_months(starts: ArrayLike | None, ends: ArrayLike | None, n_periods: int) -> NDArray[np.float64]:
    """Calendar midpoint of each period in months from the first one; ranks when dates are missing."""
    if starts is None or ends is None:
        return np.arange(n_periods, dtype=np.float64)
    try:
        start = np.asarray(starts, dtype="datetime64[D]").astype(np.int64)
        end = np.asarray(ends, dtype="datetime64[D]").astype(np.int64)
    except (TypeError, ValueError):
        return np.arange(n_periods, dtype=np.float64)
    mid = (start + end) / 2.0
    if not np.isfinite(mid).all() or len(mid) != n_periods:
        return np.arange(n_periods, dtype=np.float64)
    # An average month: the slope is per month whatever the period length.
    return (mid - mid[0]) / MONTH_DAYS if len(mid) else mid


def holm(p_values: dict[str, float]) -> dict[str, float]:
    """Holm–Bonferroni adjusted p-values of a family of tests (NaN tests are left out and stay NaN).

    Examples
    --------
    >>> holm({"a": 0.01, "b": 0.04, "c": 0.03})
    {'a': 0.03, 'b': 0.06, 'c': 0.06}
    """
    finite = sorted((p, name) for name, p in p_values.items() if p is not None and np.isfinite(p))
    m, running, out = len(finite), 0.0, {name: float("nan") for name in p_values}
    for rank, (p, name) in enumerate(finite):
        running = max(running, min(1.0, (m - rank) * p))
        out[name] = round(running, 12)
    return out
