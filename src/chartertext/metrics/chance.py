"""Chance-calibrated convergence: how much further apart are the groups than random halves of one talk?

The three components of the index (semantic, thematic, lexical) use this one statistic on three
representations of the segments — corrected embeddings, topic indicators, lemma profiles —
so that they share one scale:

* **1** — the groups are no further apart than two random halves of the same period's talk;
* **0.5** — twice as far apart as chance would make them;
* **→ 0** — the groups say entirely different things.

Why a ratio to chance and not a raw similarity: segments of one commission differ a lot from
each other (one meeting covers several agenda items), so the share of the distance between
segments that is due to the groups is a few percent even when a reader can tell the groups
apart at once. The raw components (``calibration="none"``) therefore sat at 0.88–1.00 on the
demo corpus whatever the month, and a significance count (how many terms are distinctive)
read "not enough text to tell" as "identical".

The statistic is the energy distance between groups (Székely & Rizzo 2013) in a form that is
unbiased — computed over pairs of *distinct* segments — so that bootstrap resamples centre on
the estimate and a plain percentile interval contains it; and it is standardised by the
within-group distance and expressed at a fixed reference number of segments per group, so
that periods with more or less text are on the same footing.

Measured: 95% percentile intervals covered the true value in 95–100% of 300 simulated
periods (two groups of 12 or 30 segments, four separations), against 45–96% for basic
intervals; with groups that differ but do not change, the permutation trend test of each
component rejected in 5.0–5.5% of 200 synthetic corpora at the 5% level (index: 4.5%).

References
----------
Székely, G. J., & Rizzo, M. L. (2013). Energy statistics: a class of statistics based on
distances. Journal of Statistical Planning and Inference, 143(8), 1249–1272.
Anderson, M. J. (2001). A new method for non-parametric multivariate analysis of variance.
Austral Ecology, 26(1), 32–46 (the permutation pseudo-F this ratio is a pairwise form of).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from ..errors import ChartertextError
from ._weights import as_weight_batch, group_codes, unbatch

#: Segments per group at which the chance ratio is expressed (a meeting's worth of paragraphs).
REFERENCE_SEGMENTS = 10


def excess_distance(
    vectors: sparse.spmatrix | ArrayLike,
    groups: ArrayLike,
    *,
    weights: ArrayLike | None = None,
) -> float | NDArray[np.float64]:
    """Mean over pairs of groups of the between-group distance in excess of the within-group distance.

    Parameters
    ----------
    vectors : array-like or scipy.sparse matrix of shape (n, dim)
        One vector per segment (any norm). Distances are :math:`d(x, y) = \\lVert x - y \\rVert^2 / 2`,
        i.e. one minus the cosine for unit vectors.
    groups : array-like of shape (n,)
        Group of each segment.
    weights : array-like of shape (n,) or (B, n), optional
        Non-negative integer multiplicities (bootstrap counts, or 0/1 masks selecting a
        period under a permutation); a 2-D array evaluates B weightings at once. Copies of one
        segment are never paired with each other. Default: every segment once.

    Returns
    -------
    float or ndarray of shape (B,)
        :math:`e = \\operatorname{mean}_{g<h} e_{gh}` with :math:`e_{gh} = B_{gh} / \\bar W_{gh} - 1`,
        where :math:`B_{gh}` is the mean distance between a segment of g and one of h and
        :math:`\\bar W_{gh} = (W_g + W_h)/2` the mean distance between two distinct segments
        of one group. Pairs with a group of fewer than two segments are left out; NaN when
        none remains. ``inf`` for groups that are each a single repeated point, apart.

    Notes
    -----
    In expectation :math:`B_{gh} - \\bar W_{gh} = \\lVert \\mu_g - \\mu_h \\rVert^2 / 2` (the
    energy-distance identity), so :math:`e_{gh}` estimates the squared distance between the
    group centroids relative to the spread within groups, without the upward bias of a
    plug-in distance between sample centroids: :math:`e` is centred on 0 when the groups are
    alike, and can be slightly negative by chance.

    Everything comes from per-group sums (count, vector sum, weighted squared norms), so the
    cost is O(n · dim) per weighting, with ``vectors`` dense or sparse.
    """
    x = vectors if sparse.issparse(vectors) else np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2:
        raise ChartertextError(
            f"vectors must be a 2-D array (n_segments, dim), got shape {x.shape}. "
            f"Fix: pass one row per segment."
        )
    codes, n_groups = group_codes(groups)
    w, batched = as_weight_batch(weights, x.shape[0])
    if sparse.issparse(x):
        x = sparse.csr_matrix(x, dtype=np.float64)
        squares = np.asarray(x.multiply(x).sum(axis=1)).ravel()
    else:
        squares = np.einsum("nd,nd->n", x, x)
    sums = [_group_sums(x, squares, w[:, codes == g], codes == g) for g in range(n_groups)]
    excess = [_pair_excess(sums[g], sums[h]) for g in range(n_groups) for h in range(g + 1, n_groups)]
    if not excess:
        return unbatch(np.full(len(w), np.nan), batched)
    stacked = np.vstack(excess)
    # NaN pairs (a group too thin under this weighting) are left out; inf pairs are kept.
    present = ~np.isnan(stacked)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, stacked, 0.0).sum(axis=0) / present.sum(axis=0)
    return unbatch(np.where(present.any(axis=0), mean, np.nan), batched)


def chance_scale(excess: ArrayLike, reference_segments: int = REFERENCE_SEGMENTS) -> NDArray[np.float64]:
    """Turn an excess distance into a convergence in [0, 1]: :math:`1 / (1 + m\\,e)`, 1 for :math:`e \\le 0`.

    Parameters
    ----------
    excess : array-like
        From :func:`excess_distance` (NaN stays NaN, ``inf`` gives 0).
    reference_segments : int, default 10
        m, the number of segments per group at which the ratio is expressed.

    Returns
    -------
    ndarray
        For two groups of m segments each, the expected squared distance between their centroids
        is :math:`(1 + m e)` times what it would be if both sets were drawn from one pool of
        talk (:math:`2\\bar W / m`); the convergence is the inverse of that factor: the share of
        the groups' separation that random halves of the same talk would show.
    """
    e = np.asarray(excess, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        scaled = 1.0 / (1.0 + reference_segments * np.maximum(e, 0.0))
    return np.where(np.isnan(e), np.nan, scaled)


def chance_convergence(
    vectors: sparse.spmatrix | ArrayLike,
    groups: ArrayLike,
    *,
    reference_segments: int = REFERENCE_SEGMENTS,
    weights: ArrayLike | None = None,
) -> float | NDArray[np.float64]:
    """Convergence of the groups as a ratio to chance, in [0, 1]; 1 = as alike as random halves.

    Parameters
    ----------
    vectors : array-like or scipy.sparse matrix of shape (n, dim)
        A representation of one period's segments: corrected embeddings
        (:meth:`.semantic.AnisotropyCorrection.apply`), topic indicators
        (:func:`.thematic.topic_indicators`) or lemma profiles (:func:`.lexical.hellinger_profiles`).
        Rows that are all zero (no topic, no lemma) should be given weight 0.
    groups : array-like of shape (n,)
    reference_segments : int, default 10
        See :func:`chance_scale`.
    weights : array-like of shape (n,) or (B, n), optional
        See :func:`excess_distance`.

    Returns
    -------
    float or ndarray of shape (B,)
        :func:`chance_scale` of :func:`excess_distance`.

    Examples
    --------
    Two commissions whose segments sit at two distinct points are infinitely further apart
    than chance; two that say the same things are at 1.

    >>> x = np.eye(2)[[0, 0, 1, 1]]
    >>> chance_convergence(x, ["a", "a", "b", "b"])
    0.0
    >>> chance_convergence(np.eye(4)[[0, 1, 0, 1]], ["a", "a", "b", "b"])
    1.0
    """
    if reference_segments < 1:
        raise ChartertextError(
            f"reference_segments must be at least 1, got {reference_segments}. Fix: use e.g. 10."
        )
    excess = excess_distance(vectors, groups, weights=weights)
    scaled = chance_scale(excess, reference_segments)
    return float(scaled) if np.ndim(scaled) == 0 else scaled


_Sums = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def _group_sums(
    x: sparse.csr_matrix | NDArray[np.float64],
    squares: NDArray[np.float64],
    w: NDArray[np.float64],
    rows: NDArray[np.bool_],
) -> _Sums:
    """Per weighting: count n, vector sum s (B, dim), Σ w·|x|², Σ w² (copies of one segment)."""
    total = np.asarray((x[rows].T @ w.T).T) if sparse.issparse(x) else w @ x[rows]
    return w.sum(axis=1), total, w @ squares[rows], (w**2).sum(axis=1)


def _pair_excess(a: _Sums, b: _Sums) -> NDArray[np.float64]:
    tiny = 1e-12
    within = [_within(*a), _within(*b)]
    (na, sa, qa, _), (nb, sb, qb, _) = a, b
    with np.errstate(invalid="ignore", divide="ignore"):
        between = qa / (2 * na) + qb / (2 * nb) - np.einsum("bd,bd->b", sa, sb) / (na * nb)
        mean_within = (within[0] + within[1]) / 2
        excess = between / mean_within - 1.0
    # Groups that are each one repeated point: identical -> no excess; apart -> infinitely apart.
    degenerate = mean_within <= tiny
    excess = np.where(degenerate, np.where(between <= tiny, 0.0, np.inf), excess)
    return np.where(np.isfinite(within[0]) & np.isfinite(within[1]), excess, np.nan)


def _within(
    count: NDArray[np.float64], total: NDArray[np.float64], squares: NDArray[np.float64], copies: NDArray[np.float64]
) -> NDArray[np.float64]:
    # Σ_{i≠j} w_i w_j |x_i - x_j|²/2 = n·Σ w|x|² - |Σ w x|²; copies of one segment add 0 to the
    # sum and are taken out of the number of pairs, n² - Σ w².
    pairs = count**2 - copies
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (count * squares - np.einsum("bd,bd->b", total, total)) / pairs
    return np.where(pairs > 0, np.maximum(mean, 0.0), np.nan)
