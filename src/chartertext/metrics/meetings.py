"""Energy statistics of groups of meetings: the meeting, not the segment, is the unit.

Paragraphs of one meeting share its agenda, so two segments of one meeting are closer than two
segments of different meetings of the same group. A within-group spread computed over every
pair of segments therefore depends on how many meetings a period holds (one meeting: only
same-meeting pairs, the spread reads low; four: mostly cross-meeting pairs, it reads high), and
so did the convergence index of chartertext ≤ 0.2. Here the within-group spread is taken over
pairs of segments of *different* meetings only — leave-meeting-out, as Gentzkow, Shapiro & Taddy
(2019) leave out the speaker — and is then an unbiased estimate of the same quantity whatever the
number of meetings (at least two).

For a representation :math:`x` (corrected embeddings, topic indicators, lemma profiles) and the
distance :math:`d(x, y) = \\lVert x - y \\rVert^2 / 2`:

* **dispersion** of group g, :math:`W_g` — mean distance between segments of different meetings
  of g (PERMDISP's quantity, Anderson 2006);
* **between** :math:`B_{gh}` — mean distance between a segment of g and one of h;
* **centroid distance** :math:`D_{gh} = B_{gh} - (W_g + W_h)/2`, whose expectation is
  :math:`\\lVert \\mu_g - \\mu_h \\rVert^2 / 2` under a model where each meeting draws its agenda
  around its group's centre (PERMANOVA's quantity, Anderson 2001, in an unbiased pairwise form).

Everything is computed from per-meeting sums (:class:`MeetingSums`), so a bootstrap that draws
meetings with replacement (integer multiplicities) or a permutation that moves meetings between
periods (0/1 masks) is one matrix product per group. Copies of one meeting drawn twice by a
bootstrap are two draws, as in any cluster bootstrap (Davison & Hinkley 1997, §3.8): only the
pairs inside one copy are left out, so a resample of a cell with two meetings that draws one of
them twice still has a spread (that of a meeting with itself), and no replicate is undefined.

References
----------
Anderson, M. J. (2001). A new method for non-parametric multivariate analysis of variance.
Austral Ecology, 26(1), 32–46.
Anderson, M. J. (2006). Distance-based tests for homogeneity of multivariate dispersions.
Biometrics, 62(1), 245–253.
Davison, A. C., & Hinkley, D. V. (1997). Bootstrap methods and their application. Cambridge
University Press.
Gentzkow, M., Shapiro, J. M., & Taddy, M. (2019). Measuring group differences in
high-dimensional choices: method and application to congressional speech. Econometrica, 87(4),
1307–1340.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse


@dataclass(frozen=True)
class MeetingSums:
    """Per-meeting sums of one representation of the segments.

    Attributes
    ----------
    count : ndarray of shape (m,)
        Segments of each meeting that carry this representation (a segment without a topic or
        a lemma is no evidence either way and is not counted).
    total : ndarray of shape (m, dim) or scipy.sparse.csr_matrix
        Sum of the meeting's vectors.
    squares : ndarray of shape (m,)
        Sum of their squared norms.
    within : ndarray of shape (m,)
        :math:`\\sum_{i,j \\in M} d(x_i, x_j)` over ordered pairs of the meeting's segments.
    """

    count: NDArray[np.float64]
    total: Any
    squares: NDArray[np.float64]
    within: NDArray[np.float64]

    @classmethod
    def of(
        cls,
        vectors: ArrayLike | sparse.spmatrix,
        meetings: ArrayLike,
        n_meetings: int,
        present: ArrayLike | None = None,
    ) -> MeetingSums:
        """Sum the rows of ``vectors`` by meeting.

        Parameters
        ----------
        vectors : array-like or sparse matrix of shape (n, dim)
        meetings : array-like of int, shape (n,)
            Meeting code (0..n_meetings-1) of each row; -1 leaves a row out.
        n_meetings : int
        present : array-like of shape (n,), optional
            1 for rows that carry the representation, 0 for rows to leave out.
        """
        codes = np.asarray(meetings, dtype=np.int64)
        keep = codes >= 0
        if present is not None:
            keep &= np.asarray(present, dtype=np.float64) > 0
        rows = np.flatnonzero(keep)
        indicator = sparse.csr_matrix(
            (np.ones(len(rows)), (codes[rows], rows)), shape=(n_meetings, len(codes))
        )
        if sparse.issparse(vectors):
            x = sparse.csr_matrix(vectors, dtype=np.float64)
            norms = np.asarray(x.multiply(x).sum(axis=1)).ravel()
            total = sparse.csr_matrix(indicator @ x)
            total_norms = np.asarray(total.multiply(total).sum(axis=1)).ravel()
        else:
            x = np.asarray(vectors, dtype=np.float64)
            norms = np.einsum("nd,nd->n", x, x)
            total = np.asarray(indicator @ x)
            total_norms = np.einsum("md,md->m", total, total)
        count = np.asarray(indicator.sum(axis=1)).ravel()
        squares = indicator @ norms
        return cls(count=count, total=total, squares=squares, within=count * squares - total_norms)

    def take(self, meetings: ArrayLike) -> MeetingSums:
        """The sums of ``meetings`` only, in that order."""
        idx = np.asarray(meetings, dtype=np.int64)
        return MeetingSums(self.count[idx], self.total[idx], self.squares[idx], self.within[idx])


@dataclass(frozen=True)
class EnergyParts:
    """Dispersion of each group and centroid distance of each pair, under B weightings.

    Attributes
    ----------
    dispersion : ndarray of shape (G, B)
        :math:`W_g`, leave-meeting-out; NaN for a group with fewer than two meetings (or no
        segment) under that weighting.
    distance : ndarray of shape (G(G-1)/2, B)
        :math:`D_{gh} = B_{gh} - (W_g + W_h)/2`, pairs in the order of :func:`pair_index`.
    """

    dispersion: NDArray[np.float64]
    distance: NDArray[np.float64]


def pair_index(n_groups: int) -> list[tuple[int, int]]:
    """The pairs (g, h), g < h, in the order of :attr:`EnergyParts.distance`."""
    return [(g, h) for g in range(n_groups) for h in range(g + 1, n_groups)]


def energy_parts(sums: MeetingSums, groups: ArrayLike, n_groups: int, weights: ArrayLike) -> EnergyParts:
    """Dispersion and centroid distances of the groups of meetings under each weighting.

    Parameters
    ----------
    sums : MeetingSums
        Of the m meetings considered.
    groups : array-like of int, shape (m,)
        Group code (0..n_groups-1) of each meeting.
    n_groups : int
    weights : array-like of shape (B, m)
        Non-negative integer multiplicity of each meeting: bootstrap counts, 0/1 masks, or ones.

    Returns
    -------
    EnergyParts
    """
    codes = np.asarray(groups, dtype=np.int64)
    k = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    moments = [_moments(sums, k[:, codes == g], codes == g) for g in range(n_groups)]
    dispersion = np.vstack([_dispersion(*m) for m in moments]) if moments else np.zeros((0, len(k)))
    distance = [
        _between(moments[g], moments[h]) - (dispersion[g] + dispersion[h]) / 2 for g, h in pair_index(n_groups)
    ]
    return EnergyParts(dispersion, np.vstack(distance) if distance else np.zeros((0, len(k))))


def same_meeting_spread(sums: MeetingSums) -> float:
    """Mean distance between two distinct segments of one meeting, over every meeting (NaN if none)."""
    pairs = float((sums.count**2 - sums.count).sum())
    return float(sums.within.sum() / pairs) if pairs > 0 else float("nan")


_Moments = tuple[NDArray[np.float64], Any, NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def _moments(sums: MeetingSums, k: NDArray[np.float64], rows: NDArray[np.bool_]) -> _Moments:
    """Per weighting: segment count N, vector sum T, Σ|x|², same-meeting pair sum and pair count."""
    count = sums.count[rows]
    total = sums.total[rows]
    product = k @ total if not sparse.issparse(total) else np.asarray((total.T @ k.T).T)
    return k @ count, product, k @ sums.squares[rows], k @ sums.within[rows], k @ count**2


def _dispersion(n, total, squares, same_sum, same_pairs) -> NDArray[np.float64]:  # noqa: ANN001
    # Σ over ordered pairs of every copy of every segment, N·Σ|x|² − |T|², minus the pairs that
    # fall inside one copy of one meeting.
    pairs = n**2 - same_pairs
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (n * squares - np.einsum("bd,bd->b", total, total) - same_sum) / pairs
    return np.where(pairs > 0, np.maximum(mean, 0.0), np.nan)


def _between(a: _Moments, b: _Moments) -> NDArray[np.float64]:
    (na, ta, qa, _, _), (nb, tb, qb, _, _) = a, b
    with np.errstate(invalid="ignore", divide="ignore"):
        value = qa / (2 * na) + qb / (2 * nb) - np.einsum("bd,bd->b", ta, tb) / (na * nb)
    return np.where((na > 0) & (nb > 0), value, np.nan)
