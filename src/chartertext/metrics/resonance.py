"""Novelty, transience and resonance of meetings toward other groups (Barron et al. 2018), as arrays.

The kernel of :mod:`.direction`: meeting centroids, their distances, the time windows before and
after each meeting, and the statistics under any meeting weights (a bootstrap) or group labels
(a permutation). For meeting i of group g and another group h::

    novelty_i(h)    = mean distance from i to h's meetings in the window before i
    transience_i(h) = mean distance from i to h's meetings in the window after i
    resonance_i(h)  = novelty_i(h) - transience_i(h)

Positive resonance: h's later meetings resemble i more than h's earlier ones did — h moved
toward what i said. Barron, Huang, Spang & DeDeo (2018) compare a speech with every speech
around it; here only the meetings of *other* groups count, so a group repeating itself is not
"taken up". A lead of g is its resonance on the others minus the others' resonance on it.

Distances are cosine distances between centred meeting centroids (mean of the meeting's L2-
normalised segment vectors, minus the mean of all meeting centroids): raw sentence embeddings
share a large common direction that puts every cosine near 0.8 and hides the differences.
Noise in a centroid (a short meeting) raises its distance to the meetings before and after
alike, so it cancels in resonance, which is why resonance rather than novelty carries the test.

References
----------
Barron, A. T. J., Huang, J., Spang, R. L., & DeDeo, S. (2018). Individuals, institutions, and
innovation in the debates of the French Revolution. PNAS, 115(18), 4607–4612.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

#: Windows tried by :func:`auto_window`, in days, shortest first.
WINDOW_CANDIDATES: tuple[int, ...] = (7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 730)


@dataclass(frozen=True)
class Windows:
    """Distances between meetings and who lies in whose windows.

    Sparse: a meeting has a few dozen neighbours in its windows, not every meeting of the corpus,
    so memory grows with meetings × neighbours rather than meetings squared.

    Attributes
    ----------
    before, after : scipy.sparse.csr_matrix of shape (m, m)
        ``before[i, j]`` is the distance from i to j where j is in the window before i
        (``date_i - window <= date_j < date_i``), 0 elsewhere; ``after`` likewise for
        ``date_i < date_j <= date_i + window``. A meeting of the same day is in neither: which
        came first is unknown.
    in_before, in_after : scipy.sparse.csr_matrix of shape (m, m)
        The 0/1 masks of those windows.
    """

    before: sparse.csr_matrix
    after: sparse.csr_matrix
    in_before: sparse.csr_matrix
    in_after: sparse.csr_matrix


def meeting_centroids(vectors: ArrayLike, codes: ArrayLike, n_meetings: int) -> NDArray[np.float64]:
    """Centred, L2-normalised mean of each meeting's L2-normalised segment vectors, shape (m, dim)."""
    x = np.asarray(vectors, dtype=np.float64)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    code = np.asarray(codes, dtype=np.int64)
    sums = np.zeros((n_meetings, x.shape[1]))
    np.add.at(sums, code, x)
    counts = np.maximum(np.bincount(code, minlength=n_meetings), 1)[:, None]
    centroids = sums / counts
    centroids = centroids - centroids.mean(axis=0, keepdims=True)
    return centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)


def time_windows(centroids: NDArray[np.float64], days: ArrayLike, window: int) -> Windows:
    """Cosine distances between meetings, split into the window before and the window after each one."""
    day = np.asarray(days, dtype=np.int64)
    order = np.argsort(day, kind="stable")
    sorted_days = day[order]
    m = len(day)

    def pairs(low: NDArray[np.int64], high: NDArray[np.int64]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        # Row i's neighbours are the sorted positions low[i]:high[i].
        counts = np.maximum(high - low, 0)
        rows = np.repeat(np.arange(m), counts)
        starts = np.repeat(low - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        cols = order[np.arange(counts.sum()) + starts]
        distance = np.clip(1.0 - np.einsum("ij,ij->i", centroids[rows], centroids[cols]), 0.0, 2.0)
        shape = (m, m)
        return (sparse.csr_matrix((distance, (rows, cols)), shape=shape),
                sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape))

    before, in_before = pairs(np.searchsorted(sorted_days, day - window, "left"), np.searchsorted(sorted_days, day, "left"))
    after, in_after = pairs(np.searchsorted(sorted_days, day, "right"), np.searchsorted(sorted_days, day + window, "right"))
    return Windows(before, after, in_before, in_after)


def auto_window(days: ArrayLike, groups: ArrayLike, least: int = 3) -> int:
    """The shortest window of :data:`WINDOW_CANDIDATES` in which the typical meeting sees ``least``
    meetings of other groups both before and after it.

    For each meeting that has ``least`` meetings of other groups on both sides at all, the days
    needed to reach the ``least``-th on each side (the larger of the two); the window is the
    smallest candidate at least the median of those (the longest candidate when no meeting has them).

    >>> auto_window([0, 10, 20, 30, 40, 50, 60, 70], [0, 1, 0, 1, 0, 1, 0, 1], least=2)
    30
    """
    day = np.asarray(days, dtype=np.int64)
    group = np.asarray(groups)
    need = np.full(len(day), np.inf)
    for g in np.unique(group):
        mine = group == g
        others = np.sort(day[~mine])
        here = day[mine]
        # The least-th other meeting strictly before, and strictly after, each of g's meetings.
        before = np.searchsorted(others, here, "left") - least
        after = np.searchsorted(others, here, "right") + least - 1
        ok = (before >= 0) & (after < len(others))
        reach = np.full(len(here), np.inf)
        reach[ok] = np.maximum(here[ok] - others[before[ok]], others[after[ok]] - here[ok])
        need[mine] = reach
    need = need[np.isfinite(need)]
    if not len(need):
        return WINDOW_CANDIDATES[-1]
    median = float(np.median(need))
    return next((w for w in WINDOW_CANDIDATES if w >= median), WINDOW_CANDIDATES[-1])


def window_sums(
    windows: Windows, labels: NDArray[np.int64], n_groups: int, weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], ...]:
    """Summed distances and weights of each group's meetings in each meeting's two windows.

    Parameters
    ----------
    windows : Windows
    labels : ndarray of int, shape (m,)
        Group code of each meeting.
    n_groups : int
    weights : ndarray of shape (m,)
        Multiplicity of each meeting as a neighbour (1 each; bootstrap counts).

    Returns
    -------
    before, n_before, after, n_after : ndarray of shape (m, n_groups)
    """
    one_hot = np.zeros((len(labels), n_groups))
    one_hot[np.arange(len(labels)), labels] = 1.0
    weighted = one_hot * weights[:, None]
    return (windows.before @ weighted, windows.in_before @ weighted, windows.after @ weighted,
            windows.in_after @ weighted)


def toward_others(
    sums: tuple[NDArray[np.float64], ...], labels: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Each meeting's novelty, transience and resonance toward the meetings of every other group, pooled.

    Returns
    -------
    novelty, transience, resonance : ndarray of shape (m,)
        NaN where a window holds no meeting of another group.
    """
    rows = np.arange(len(labels))
    before, n_before, after, n_after = (s.sum(axis=1) - s[rows, labels] for s in sums)
    with np.errstate(invalid="ignore", divide="ignore"):
        novelty = np.where(n_before > 0, before / n_before, np.nan)
        transience = np.where(n_after > 0, after / n_after, np.nan)
    return novelty, transience, novelty - transience


def lead_statistics(
    windows: Windows, labels: NDArray[np.int64], n_groups: int, weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Per group: its resonance on the others, the others' resonance on it, and the lead (their difference).

    ``on_others[g]`` is the weighted mean over g's meetings of their resonance toward every other
    group pooled; ``from_others[g]`` the weighted mean over the other groups' meetings of their
    resonance toward g. Meetings whose windows are empty on either side do not count.

    Returns
    -------
    on_others, from_others, lead : ndarray of shape (n_groups,)
    pooled : ndarray of shape (m,)
        Each meeting's resonance toward the other groups (:func:`toward_others`).
    """
    sums = window_sums(windows, labels, n_groups, weights)
    _, _, pooled = toward_others(sums, labels)
    with np.errstate(invalid="ignore", divide="ignore"):
        by_group = np.where(sums[1] > 0, sums[0] / sums[1], np.nan) - np.where(sums[3] > 0, sums[2] / sums[3], np.nan)
    on_others = np.full(n_groups, np.nan)
    from_others = np.full(n_groups, np.nan)
    for g in range(n_groups):
        on_others[g] = _weighted_mean(pooled, weights * (labels == g))
        from_others[g] = _weighted_mean(by_group[:, g], weights * (labels != g))
    return on_others, from_others, on_others - from_others, pooled


def _weighted_mean(values: NDArray[np.float64], weights: NDArray[np.float64]) -> float:
    ok = np.isfinite(values) & (weights > 0)
    total = float(weights[ok].sum())
    return float((values[ok] * weights[ok]).sum() / total) if total > 0 else float("nan")


def cell_means(
    values: NDArray[np.float64], cells: NDArray[np.int64], n_cells: int, weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Weighted mean of ``values`` in each cell (NaN values and empty cells give NaN), shape (n_cells,)."""
    ok = np.isfinite(values) & (weights > 0)
    total = np.bincount(cells[ok], weights=weights[ok], minlength=n_cells)
    summed = np.bincount(cells[ok], weights=(values * weights)[ok], minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, summed / total, np.nan)
