"""Intervals for mentions per 1,000 words when a cell holds two to five meetings.

A percentile bootstrap over the meetings of one group × period cell cannot cover: two meetings
give three distinct resamples, so the interval is the range of two rates. On planted corpora
(12 corpora, background 0.5 and adopted 5 mentions per 1,000 words, gamma meeting effects of
shape 2, monthly cells) it covered the true rate in 47% of cells of 2 meetings, 71% of 3, 74%
of 4 and 80% of 5, and 25% for 200-word meetings, where a cell without a mention gives [0, 0].

The interval here is quasi-Poisson: the cell's count is Poisson up to a dispersion factor
:math:`\\phi` that the group's meetings estimate together — Pearson's
:math:`\\chi^2 = \\sum_i (c_i - \\hat r_{cell(i)} w_i)^2 / (\\hat r_{cell(i)} w_i)` over the
group's meetings, each against its own cell's rate, divided by the meetings minus the cells,
floored at 1 — and the exact Poisson (Garwood) interval is taken for the effective count
:math:`C / \\phi` over the effective words :math:`W / \\phi`. The spread between meetings still
sets the width (the meeting is the unit), but from all the group's cells at once, and a cell
without a mention keeps an upper bound above 0.

References
----------
Garwood, F. (1936). Fiducial limits for the Poisson distribution. Biometrika, 28(3/4), 437–442.
McCullagh, P., & Nelder, J. A. (1989). Generalized linear models (2nd ed.), §6.2 (quasi-likelihood
dispersion).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: Fewest degrees of freedom (meetings minus cells) to estimate a group's dispersion.
MIN_DISPERSION_DF = 2


def dispersion(counts: NDArray[np.float64], words: NDArray[np.float64], cells: NDArray[np.int64]) -> NDArray[np.float64]:
    """Each value's dispersion factor over one group's meetings, at least 1; NaN with too few meetings.

    Parameters
    ----------
    counts : ndarray of shape (n, V)
        Mentions of each value in each meeting of the group.
    words : ndarray of shape (n,)
    cells : ndarray of int, shape (n,)
        The cell (period) of each meeting; each cell has its own rate.

    Returns
    -------
    ndarray of shape (V,)
        1 for a value never mentioned (no evidence of extra spread); NaN when the meetings
        exceed the cells by fewer than :data:`MIN_DISPERSION_DF`.

    Examples
    --------
    >>> counts = np.array([[0.0], [4.0], [2.0], [2.0]])
    >>> dispersion(counts, np.full(4, 1000.0), np.array([0, 0, 1, 1])).round(2).tolist()
    [2.0]
    """
    _, code = np.unique(cells, return_inverse=True)
    n_cells = int(code.max()) + 1 if len(code) else 0
    df = len(words) - n_cells
    if df < MIN_DISPERSION_DF:
        return np.full(counts.shape[1], np.nan)
    cell_counts = np.zeros((n_cells, counts.shape[1]))
    np.add.at(cell_counts, code, counts)
    cell_words = np.bincount(code, weights=words, minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = cell_counts[code] / cell_words[code, None] * words[:, None]
        pearson = np.where(expected > 0, (counts - expected) ** 2 / expected, 0.0).sum(axis=0)
    return np.maximum(1.0, pearson / df)


def rate_interval(
    count: NDArray[np.float64] | float, words: NDArray[np.float64] | float, phi: NDArray[np.float64] | float, level: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Quasi-Poisson interval of mentions per 1,000 words (see the module docstring); NaN where ``phi`` is NaN.

    Examples
    --------
    >>> low, high = rate_interval(0.0, 2000.0, 1.0, 0.95)
    >>> float(low), round(float(high), 3)
    (0.0, 1.844)
    """
    from scipy.stats import chi2

    c, w, f = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (count, words, phi)))
    tail = (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        effective, exposure = c / f, w / f / 1000.0
        low = np.where(effective > 0, chi2.ppf(tail, 2 * effective) / 2, 0.0) / exposure
        high = chi2.ppf(1 - tail, 2 * effective + 2) / 2 / exposure
    bad = ~np.isfinite(f) | (w <= 0)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)
