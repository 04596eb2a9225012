"""Semantic convergence: are segments of different groups as close to each other as segments of one group?

Two steps:

1. :class:`AnisotropyCorrection` — transformer sentence embeddings occupy a narrow cone
   (Ethayarajh 2019): with e5-small, two paragraphs of planted minutes on unrelated subjects
   have a cosine of 0.86 on average, which compresses every difference. We subtract the corpus
   mean and re-normalise, and can also remove the projections on the top principal directions
   ("all-but-the-top", Mu & Viswanath 2018) — sparing the top directions that separate the
   groups, which are the signal measured here (see :meth:`AnisotropyCorrection.fit`). The
   correction is fitted once on the whole corpus, so every period is measured in the same space.
2. The comparison of the groups, by :class:`~.config.ConvergenceConfig` ``calibration``:

   * ``"chance"`` (default) — :func:`~.chance.chance_convergence` on the corrected embeddings:
     the between-group distance in excess of the within-group distance, as a ratio to what
     random halves of the period's talk would show. Dividing by the within-group distance is
     what undoes the compression of cosines, so no direction is removed by default (centring
     only): the top directions carry the spread of shared-value talk, which is part of the
     convergence (demo corpus: semantic trend p = 0.004 with 0 directions removed, 0.013 with 4).
   * ``"none"`` — :func:`semantic_convergence`: the ratio of mean within-group to mean
     between-group cosine *distance* (see its Notes for why that ratio is bounded by 1 and
     equals 1 exactly when the groups share a centroid), with ``round(dim / 100)`` candidate
     directions removed. The share of the distance between segments that is due to the groups
     is a few percent for real minutes, so this ratio sat at 0.94–1.0 on the demo corpus.

References
----------
Ethayarajh, K. (2019). How contextual are contextualized word representations? EMNLP-IJCNLP.
Mu, J., & Viswanath, P. (2018). All-but-the-top: simple and effective postprocessing for word
representations. ICLR.
Székely, G. J., & Rizzo, M. L. (2013). Energy statistics. J. Stat. Planning and Inference, 143(8).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from ..errors import ChartertextError
from ..memo import remembered
from ._weights import as_weight_batch, finite_mean, group_codes, unbatch

#: A top direction along which groups explain this share of the variance is not removed.
PROTECT_ETA = 0.05
#: Rows corrected at once by :meth:`AnisotropyCorrection.apply` (bounds its temporary memory).
_BLOCK_ROWS = 4096


@dataclass(frozen=True)
class AnisotropyCorrection:
    """Centering and removal of dominant directions, fitted on a whole corpus.

    Attributes
    ----------
    mean : ndarray of shape (dim,)
        Corpus mean embedding.
    components : ndarray of shape (n_removed, dim)
        Orthonormal top principal directions of the centred embeddings, removed by ``apply``.
    explained : ndarray of shape (n_removed,)
        Share of the centred variance each removed direction carried (for the report).
    candidates_eta : tuple of float
        Group correlation ratio of each candidate direction (NaN when no groups were given).
    """

    mean: NDArray[np.float64]
    components: NDArray[np.float64]
    explained: NDArray[np.float64]
    candidates_eta: tuple[float, ...] = ()

    @classmethod
    def fit(
        cls,
        embeddings: ArrayLike,
        n_remove: int | None = None,
        *,
        groups: ArrayLike | None = None,
        protect_eta: float = PROTECT_ETA,
    ) -> AnisotropyCorrection:
        """Fit the correction on the whole corpus.

        Parameters
        ----------
        embeddings : array-like of shape (n, dim)
            Sentence embeddings of every segment of the corpus (all periods).
        n_remove : int or None, default None
            Top principal directions considered for removal. None uses
            ``max(1, round(dim / 100))``, the rule of Mu & Viswanath (2018): 4 for
            384-dimensional e5-small. Capped at ``n - 2``.
        groups : array-like of shape (n,), optional
            Group of each segment. When given, a candidate direction along which group
            membership explains at least ``protect_eta`` of the variance (correlation ratio
            :math:`\\eta^2`) is *kept*: it is the contrast between groups this module measures,
            not a common component. Without groups every candidate is removed.
        protect_eta : float, default 0.05

        Returns
        -------
        AnisotropyCorrection

        Notes
        -----
        Why the guard: in a corpus of one process, the top directions are not only the common
        "frequency" components all-but-the-top was designed to remove, they are also the main
        themes. On planted corpora (3 commissions × 6 months × 20 paragraphs, e5-small) the first
        direction (11–13% of the variance) separates shared-value talk from theme talk
        (:math:`\\eta^2_{group} \\le 0.02`), while directions 2–3 (4–6% each) separate the
        commissions (:math:`\\eta^2_{group}` 0.13–0.62). Removing all four candidates left the
        semantic component at 0.99–1.00 whatever the planted share; removing only the first
        gave 0.85 → 0.99 along a 0.1 → 0.8 schedule. Group labels are used, period labels are
        not, so the permutation test of the trend is unaffected.
        """
        # Kept in its own dtype (often float32): a float64 copy of a large corpus is made only
        # when directions are to be removed, and then only once (the centred copy).
        x = np.asarray(embeddings)
        if x.ndim != 2 or len(x) < 2:
            raise ChartertextError(
                f"the anisotropy correction needs a 2-D array of at least two embeddings, got shape {x.shape}. "
                f"Fix: pass the embeddings of the whole corpus, shape (n_segments, dim)."
            )
        dim = x.shape[1]
        k = max(1, round(dim / 100)) if n_remove is None else int(n_remove)
        k = max(0, min(k, len(x) - 2, dim - 1))
        mean = x.mean(axis=0, dtype=np.float64)
        if k == 0:
            # Nothing to remove: skip the SVD, the costly part (seconds for 10⁴ × 384).
            return cls(mean=mean, components=np.zeros((0, dim)), explained=np.zeros(0), candidates_eta=())
        centred = np.subtract(x, mean, dtype=np.float64)
        # Thin SVD of the centred data gives the principal directions in decreasing order. A re-run
        # reads it back (seconds on a loaded machine; the stored arrays are the computed ones, bit for bit).
        singular, vt = remembered("anisotropy_svd", centred, lambda: np.linalg.svd(centred, full_matrices=False)[1:])
        total = float((singular**2).sum()) or 1.0
        keep = np.ones(k, dtype=bool)
        eta = np.full(k, np.nan)
        if groups is not None and k:
            codes, n_groups = group_codes(groups)
            projections = centred @ vt[:k].T  # (n, k), mean 0
            sizes = np.bincount(codes, minlength=n_groups)
            means = np.vstack([np.bincount(codes, weights=projections[:, j], minlength=n_groups) for j in range(k)])
            between = (means**2 / np.maximum(sizes, 1)).sum(axis=1)
            eta = between / np.maximum((projections**2).sum(axis=0), 1e-300)
            keep = eta < protect_eta
        chosen = np.flatnonzero(keep)
        return cls(
            mean=mean,
            components=vt[chosen].copy(),
            explained=(singular[chosen] ** 2) / total,
            candidates_eta=tuple(float(e) for e in eta),
        )

    def apply(self, embeddings: ArrayLike, *, dtype: DTypeLike = np.float64) -> NDArray[np.floating[Any]]:
        """Centre, remove the top directions and L2-normalise.

        Parameters
        ----------
        embeddings : array-like of shape (n, dim)
        dtype : numpy dtype, default float64
            Of the result. The arithmetic is float64 whatever the input and output dtypes;
            ``float32`` halves what a large corpus keeps in memory.

        Returns
        -------
        ndarray of shape (n, dim)
            Unit-norm corrected embeddings (a row that becomes zero stays zero).
        """
        x = np.asarray(embeddings)
        out = np.empty(x.shape, dtype=dtype)
        # By blocks of rows: the float64 temporaries (centred rows, their projection, their squares
        # for the norm) then take a block's memory, not the corpus's. Each row's result does not
        # depend on the blocking.
        for start in range(0, len(x), _BLOCK_ROWS):
            block = np.subtract(x[start : start + _BLOCK_ROWS], self.mean, dtype=np.float64)
            if len(self.components):
                block -= (block @ self.components.T) @ self.components
            norms = np.linalg.norm(block, axis=1, keepdims=True)
            nonzero = norms > 0
            np.divide(block, norms, out=block, where=nonzero)
            block[~nonzero[:, 0]] = 0.0
            out[start : start + _BLOCK_ROWS] = block
        return out


def semantic_convergence(
    embeddings: ArrayLike,
    groups: ArrayLike,
    *,
    weights: ArrayLike | None = None,
) -> float | NDArray[np.float64]:
    """Within-group over between-group mean cosine distance, in [0, 1]; 1 = indistinguishable.

    Parameters
    ----------
    embeddings : array-like of shape (n, dim)
        Unit-norm embeddings of one period's segments, already corrected for anisotropy
        (:meth:`AnisotropyCorrection.apply`).
    groups : array-like of shape (n,)
        Group of each segment.
    weights : array-like of shape (n,) or (B, n), optional
        Non-negative integer multiplicities of each segment (bootstrap counts, or 0/1 masks
        selecting a period under a permutation); a 2-D array evaluates B weightings at once.
        Default: every segment once.

    Returns
    -------
    float or ndarray of shape (B,)
        Pairs of groups involving a group with fewer than two segments are left out of the
        mean; NaN when no pair remains.

    Notes
    -----
    With unit vectors, cosine distance is half the squared Euclidean distance,
    :math:`d(x, y) = 1 - \\cos(x, y) = \\lVert x - y \\rVert^2 / 2`. For groups g and h let
    :math:`W_g` be the mean distance between two *different* segments of g, and :math:`B_{gh}`
    the mean distance between a segment of g and one of h. Then

    .. math:: B_{gh} - (W_g + W_h)/2 = \\lVert \\mu_g - \\mu_h \\rVert^2 / 2 \\ge 0

    (in expectation; the energy-distance identity for squared distances, Székely & Rizzo 2013),
    where :math:`\\mu` are the group centroids. The component is

    .. math:: S = \\min\\Bigl(1, \\operatorname{mean}_{g<h} \\frac{(W_g + W_h)/2}{B_{gh}}\\Bigr)

    so :math:`1 - S` is the share of the between-group distance due to the groups' centroids
    being apart. A ratio of *similarities* (between/within cosine) would be unbounded and
    unstable once the correction has centred cosines around 0; the ratio of distances is bounded,
    needs no tuning and is invariant to how spread out a period's talk is. Sampling noise can push
    the ratio slightly above 1 when groups are indistinguishable; it is clipped. Everything is
    computed from per-group sums of vectors (:math:`\\sum_{i \\ne j} x_i \\cdot x_j =
    \\lVert \\sum x_i \\rVert^2 - \\sum \\lVert x_i \\rVert^2`), so a period of thousands of
    segments costs O(n · dim), and pairs of copies of one segment drawn by a bootstrap are
    excluded like self-pairs.

    Examples
    --------
    >>> x = np.eye(3)[[0, 0, 1, 1]]
    >>> float(semantic_convergence(x, ["a", "a", "b", "b"]))
    0.0
    """
    x = np.asarray(embeddings, dtype=np.float64)
    codes, n_groups = group_codes(groups)
    w, batched = as_weight_batch(weights, len(x))
    sums = []  # per group: (sum of vectors (B, dim), count (B,), sum of squared weights (B,))
    for g in range(n_groups):
        rows = codes == g
        wg = w[:, rows]
        sums.append((wg @ x[rows], wg.sum(axis=1), (wg**2).sum(axis=1)))
    ratios = []
    for g in range(n_groups):
        for h in range(g + 1, n_groups):
            ratios.append(_pair_ratio(sums[g], sums[h]))
    if not ratios:
        return unbatch(np.full(len(w), np.nan), batched)
    return unbatch(np.minimum(finite_mean(np.vstack(ratios)), 1.0), batched)


def _pair_ratio(
    a: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]],
    b: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]],
) -> NDArray[np.float64]:
    within = [_within_distance(*a), _within_distance(*b)]
    (sa, na, _), (sb, nb, _) = a, b
    with np.errstate(invalid="ignore", divide="ignore"):
        between = 1.0 - np.einsum("bd,bd->b", sa, sb) / (na * nb)
        mean_within = (within[0] + within[1]) / 2
        ratio = mean_within / between
    # Identical groups of identical vectors: no distance at all, nothing distinguishes them.
    ratio = np.where((between <= 1e-12) & (mean_within <= 1e-12), 1.0, ratio)
    return np.where(np.isfinite(within[0]) & np.isfinite(within[1]), ratio, np.nan)


def _within_distance(
    total: NDArray[np.float64], count: NDArray[np.float64], squares: NDArray[np.float64]
) -> NDArray[np.float64]:
    pairs = count**2 - squares  # ordered pairs of distinct segments
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = (np.einsum("bd,bd->b", total, total) - squares) / pairs
    return np.where(pairs > 0, 1.0 - cos, np.nan)
