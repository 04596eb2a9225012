"""When a group's rate of mentions rises above its own baseline: a scan over its meetings.

The pure arrays behind value adoption as rates (:mod:`.adoption_rates`). A group's meetings,
in date order, carry words :math:`w_i` and mentions :math:`c_{iv}` of each value v. A split
before meeting s (the *baseline* is meetings 0..s-1, at least ``baseline_meetings`` of them;
the rest, at least ``after_meetings``, come after) is scored by how many more mentions fall
after it than the words there would bring at the group's overall rate:

.. math:: z_{sv} = \\frac{C^{after}_{sv} - C_v p_s}{\\sqrt{C_v p_s (1 - p_s)}},
   \\qquad p_s = W^{after}_s / W,

the standardised count of a binomial split of the group's :math:`C_v` mentions in proportion
to words. The statistic is :math:`T_v = \\max_s z_{sv}` and the candidate adoption is the
first meeting after the best split. Words are the exposure: a group that writes ten times more
per meeting brings ten times more mentions to both sides of every split, and only a change of
*rate* moves z.

Its p-value compares :math:`T_v` with its values when the meetings' order is permuted
(:func:`permuted_orders`): under no change of rate over time every order of the group's
meetings is as likely as the observed one, whatever the clustering of mentions within
meetings (a meeting's words and mentions move together), and the search over splits is in the
null. The binomial standardisation only makes the splits comparable; the permutation, not a
normal table, calibrates the test. A group with few meetings has few distinct orders, so its
p-value cannot be small: it stays unadopted (censored) rather than being dated on noise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


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
    """The best upward split of each value's mentions, for each ordering of the meetings.

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
        :math:`T = \\max_s z_s`; NaN when the value has no mention (nothing can rise).
    split : ndarray of int, shape (R, V)
        The best s (the first meeting after the split, 0-based); the earliest on ties.

    Examples
    --------
    >>> words = np.full((1, 6), 100.0)
    >>> counts = np.array([0, 0, 0, 3, 4, 3], dtype=float)[None, :, None]
    >>> stat, split = rise_scan(words, counts, split_range(6, 2, 2))
    >>> int(split[0, 0]), round(float(stat[0, 0]), 2)
    (3, 3.16)
    """
    cum_words = np.cumsum(words, axis=-1)
    cum_counts = np.cumsum(counts, axis=-2)
    total_words = cum_words[:, -1:]
    total_counts = cum_counts[:, -1:, :]
    after_words = total_words - cum_words[:, splits - 1]
    after_counts = total_counts - cum_counts[:, splits - 1, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (after_words / total_words)[..., None]
        variance = total_counts * share * (1 - share)
        z = np.where(variance > 0, (after_counts - total_counts * share) / np.sqrt(variance), -np.inf)
    best = np.argmax(z, axis=1)
    statistic = np.take_along_axis(z, best[:, None, :], axis=1)[:, 0, :]
    statistic = np.where(np.isfinite(statistic), statistic, np.nan)
    return statistic, splits[best]


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
