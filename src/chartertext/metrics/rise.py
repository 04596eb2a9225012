"""When a group's rate of mentions rises above its own baseline: a rank scan over its meetings.

The pure arrays behind value adoption as rates (:mod:`.adoption_rates`). A group's meetings,
in date order, carry words :math:`w_i` and mentions :math:`c_{iv}` of each value v; each
meeting's rate is :math:`x_{iv} = c_{iv} / w_i` (0 for a meeting without words). A split before
meeting s (the *baseline* is meetings 0..s-1, at least ``baseline_meetings`` of them; the rest,
at least ``after_meetings``, come after) is scored by the standardised Mann–Whitney statistic of
the meetings after it against those before (Pettitt 1979, standardised per split):

.. math:: K_{sv} = \\frac{s (n + 1) - 2 R_{sv}}{\\sqrt{s (n - s)(n + 1) / 3}},

with :math:`R_{sv}` the sum of the mid-ranks of the first s meetings' rates among all n. The
statistic is :math:`T_v = \\max_s K_{sv}` and the candidate adoption is the first meeting after
the best split. Rates per word make it blind to volume (ten times the words and the mentions
give the same ranks); ranks make it robust to the clustering of mentions in meetings: with a
count statistic standardised by Poisson variance, two meetings where one agenda item brought
many mentions at the end of a random order looked like a rise, and on planted corpora
(15 × 16 value × groups, gamma meeting effects of shape 2) it found 17%, 67% and 93% of the
adoptions of groups writing 200, 1,000 and 2,000 words a meeting against 27%, 89% and 100% for
ranks, dated with mean absolute errors of 95, 26 and 9 days against 70, 13 and 2.

Its p-value compares :math:`T_v` with its values when the meetings' order is permuted
(:func:`permuted_orders`): under no change of rate over time every order of the group's
meetings is as likely as the observed one, whatever the clustering of mentions within
meetings, and the search over splits is in the null. A group with few meetings has few
distinct orders, so its p-value cannot be small: it stays unadopted (censored) rather than
being dated on noise.

References
----------
Pettitt, A. N. (1979). A non-parametric approach to the change-point problem. Journal of the
Royal Statistical Society C, 28(2), 126–135.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata


def split_range(n_meetings: int, baseline_meetings: int, after_meetings: int) -> NDArray[np.int64]:
    """Splits s (meetings in the baseline) allowed for a group of ``n_meetings`` meetings; empty when none.

    Examples
    --------
    >>> split_range(7, 3, 2).tolist()
    [3, 4, 5]
    >>> split_range(4, 3, 2).tolist()
    []
    """
    return np.arange(baseline_meetings, n_meetings - after_meetings + 1, dtype=np.int64)


def rise_scan(
    words: NDArray[np.float64], counts: NDArray[np.float64], splits: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """The best upward split of each value's meeting rates, for each ordering of the meetings.

    Parameters
    ----------
    words : ndarray of shape (R, n)
        Words of each meeting under R orderings (the observed one, permutations or resamples).
    counts : ndarray of shape (R, n, V)
        Mentions of each value in each meeting, in the same orderings.
    splits : ndarray of int
        Allowed splits (:func:`split_range`); non-empty.

    Returns
    -------
    statistic : ndarray of shape (R, V)
        :math:`T = \\max_s K_s`; NaN when every meeting has the same rate (nothing can rise,
        e.g. no mention at all).
    split : ndarray of int, shape (R, V)
        The best s (the first meeting after the split, 0-based); the earliest on ties.

    Examples
    --------
    >>> words = np.full((1, 6), 100.0)
    >>> counts = np.array([0, 1, 0, 3, 4, 3], dtype=float)[None, :, None]
    >>> stat, split = rise_scan(words, counts, split_range(6, 2, 2))
    >>> int(split[0, 0]), round(float(stat[0, 0]), 2)
    (3, 1.96)
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(words[..., None] > 0, counts / words[..., None], 0.0)
    # Mid-ranks within each ordering and value: ties (meetings without a mention) share a rank.
    ranks = rankdata(rates, axis=1)
    n = words.shape[-1]
    before = np.cumsum(ranks, axis=1)[:, splits - 1, :]
    s = splits[None, :, None].astype(np.float64)
    k = (s * (n + 1) - 2 * before) / np.sqrt(s * (n - s) * (n + 1) / 3)
    best = np.argmax(k, axis=1)
    statistic = np.take_along_axis(k, best[:, None, :], axis=1)[:, 0, :]
    constant = (rates == rates[:, :1, :]).all(axis=1)
    return np.where(constant, np.nan, statistic), splits[best]


def permuted_orders(n_meetings: int, n_permutations: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """``n_permutations`` random orders of a group's meetings, shape (n_permutations, n_meetings)."""
    return rng.permuted(np.broadcast_to(np.arange(n_meetings), (n_permutations, n_meetings)), axis=1)


def resampled_orders(n_meetings: int, n_bootstrap: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """Meetings drawn with replacement and put back in date order, shape (n_bootstrap, n_meetings).

    A pairs bootstrap of the change point: each drawn meeting keeps its date, words and
    mentions, so a real rise stays near its date while the meetings around it vary.
    """
    return np.sort(rng.integers(0, n_meetings, size=(n_bootstrap, n_meetings)), axis=1)


def exceedance_p_values(observed: NDArray[np.float64], null: NDArray[np.float64]) -> NDArray[np.float64]:
    """Permutation p-values with the +1 correction, one per column: (1 + #null ≥ observed) / (1 + #null).

    Parameters
    ----------
    observed : ndarray of shape (..., V)
    null : ndarray of shape (P, V)
        NaN replicates are dropped per column; the observed NaN gives NaN.

    Notes
    -----
    The vectorised form of :func:`chartertext.metrics.stats.permutation_p_value` (alternative
    "greater", the same tolerance), for many values and many bootstrap replicates at once.
    """
    obs = np.asarray(observed, dtype=np.float64)
    flat = obs.reshape(-1, obs.shape[-1])
    finite = np.isfinite(null)
    tol = 1e-9 * np.maximum(1.0, np.abs(flat))
    # (P, R, V): which null replicates are at least as extreme as each observed value.
    extreme = (null[:, None, :] >= (flat - tol)[None]) & finite[:, None, :]
    n = finite.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = (1.0 + extreme.sum(axis=0)) / (1.0 + n)
    return np.where(np.isfinite(flat) & (n > 0), p, np.nan).reshape(obs.shape)
