"""Where convergence starts: the best single upward shift of a series, its test and its interval.

:func:`change_point` finds the least-squares single rise (Hinkley 1970); :func:`onset_test`
tests it against the permutation-null series and bootstraps its date; :func:`accept_onset`
reports it only when it survives Holm's adjustment. The onset is exploratory.

References
----------
Hinkley, D. V. (1970). Inference about the change-point in a sequence of random variables.
Biometrika, 57(1), 1–17.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .stats import permutation_p_value

__all__ = ["OnsetTest", "accept_onset", "change_point", "onset_test"]


def change_point(series: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Best single upward shift in mean, for each series along the last axis.

    For a split before position k (1 ≤ k ≤ T-1) the statistic is

    .. math:: C_k = \\sqrt{k (T - k) / T}\\;(\\bar y_{k:T} - \\bar y_{0:k}),

    the signed square root of the between-segment sum of squares of a two-mean fit (Hinkley
    1970): maximising it is the least-squares single change point, restricted to rises.

    Returns
    -------
    position : ndarray of int, shape (...)
        k, the position of the first period after the split.
    statistic : ndarray of float, shape (...)
        :math:`\\max_k C_k`.
    """
    y = np.asarray(series, dtype=np.float64)
    t = y.shape[-1]
    k = np.arange(1, t)
    csum = np.cumsum(y, axis=-1)
    before = csum[..., :-1] / k
    after = (csum[..., -1:] - csum[..., :-1]) / (t - k)
    stats = np.sqrt(k * (t - k) / t) * (after - before)
    position = np.argmax(stats, axis=-1) + 1
    return position, np.max(stats, axis=-1)


@dataclass(frozen=True)
class OnsetTest:
    """Where convergence starts: the best single upward shift, its test and its uncertainty. Exploratory.

    Read on the composition-adjusted series (:func:`chartertext.metrics.panel.adjusted_series`).

    Attributes
    ----------
    position : int or None
        Position (0-based, within the tested periods) of the first period after the shift, or
        None when the shift is smaller than ``min_shift`` or not significant after Holm's
        adjustment (``p_holm`` < ``alpha``).
    candidate : int
        Best split position whatever its significance.
    statistic : float
        :math:`\\max_k C_k` (see :func:`change_point`).
    p_value : float
        Permutation p-value of the maximum statistic (the search over splits is in the null).
    mean_before, mean_after : float
        Mean adjusted index before and from the candidate split.
    alpha : float
    n_permutations : int
    min_shift : float
        Smallest ``mean_after - mean_before`` reported as an onset.
    interval_low, interval_high : int
        Positions holding 95% of the bootstrap replicates' candidate splits (the uncertainty of
        the date); -1 without a bootstrap.
    stability : float
        Share of bootstrap replicates whose candidate is the observed one.
    p_holm : float
    exploratory : bool
        Always True: a change point is searched for, not hypothesised.
    """

    position: int | None
    candidate: int
    statistic: float
    p_value: float
    mean_before: float
    mean_after: float
    alpha: float
    n_permutations: int
    min_shift: float = 0.0
    interval_low: int = -1
    interval_high: int = -1
    stability: float = float("nan")
    p_holm: float = float("nan")
    exploratory: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def onset_test(
    observed: ArrayLike,
    null: ArrayLike,
    alpha: float = 0.05,
    *,
    min_shift: float = 0.0,
    bootstrap: ArrayLike | None = None,
    level: float = 0.95,
) -> OnsetTest:
    """Find the onset of convergence and test it against the permutation null.

    The candidate is the best upward split of the series (:func:`change_point`); its maximum
    statistic is compared with the maxima of permuted series, which accounts for having searched
    every split. ``position`` is set later, once the p-value is adjusted with the others
    (:func:`accept_onset`). For a steady ramp the split falls mid-ramp: read it with the trend.

    Parameters
    ----------
    observed : array-like of shape (T,)
    null : array-like of shape (P, T)
    alpha : float, default 0.05
    min_shift : float, default 0
    bootstrap : array-like of shape (B, T), optional
        The series under bootstrap resamples of meetings: the interval of the split's date.
    level : float, default 0.95

    Returns
    -------
    OnsetTest
    """
    y = np.asarray(observed, dtype=np.float64)
    nan = float("nan")
    if len(y) < 2 or not np.isfinite(y).all():
        return OnsetTest(None, -1, nan, nan, nan, nan, alpha, 0, min_shift)
    null_series = np.asarray(null, dtype=np.float64).reshape(-1, len(y))
    null_series = null_series[np.isfinite(null_series).all(axis=1)]
    position, statistic = change_point(y)
    k, stat = int(position), float(statistic)
    null_stats = change_point(null_series)[1] if len(null_series) else np.array([])
    low = high = -1
    stability = nan
    if bootstrap is not None:
        boot = np.asarray(bootstrap, dtype=np.float64).reshape(-1, len(y))
        boot = boot[np.isfinite(boot).all(axis=1)]
        if len(boot):
            positions = change_point(boot)[0]
            tail = (1 - level) / 2
            low, high = (int(v) for v in np.quantile(positions, [tail, 1 - tail], method="inverted_cdf"))
            stability = float((positions == k).mean())
    return OnsetTest(
        position=None,
        candidate=k,
        statistic=stat,
        p_value=permutation_p_value(stat, null_stats, "greater"),
        mean_before=float(y[:k].mean()),
        mean_after=float(y[k:].mean()),
        alpha=alpha,
        n_permutations=int(len(null_stats)),
        min_shift=min_shift,
        interval_low=low,
        interval_high=high,
        stability=stability,
    )


def accept_onset(test: OnsetTest, p_holm: float) -> OnsetTest:
    """The onset with its Holm-adjusted p-value, and a position when it is large and significant enough."""

    shift = test.mean_after - test.mean_before
    accepted = np.isfinite(p_holm) and p_holm < test.alpha and shift >= test.min_shift and test.statistic > 0
    return replace(test, p_holm=p_holm, position=test.candidate if accepted else None)
