"""The components of the convergence index for one set of rows, under a batch of row weightings.

:class:`ComponentInputs` holds the per-row inputs of the measures (groups, corrected
embeddings, topic ids, term counts and their chance-calibrated representations), prepared once
for the corpus by :func:`chartertext.metrics.convergence.measure_convergence`.
:meth:`ComponentInputs.take` restricts them to the rows of one period (or of the periods a
permutation test shuffles), and :func:`components` evaluates every available component there
for B weightings at once — bootstrap counts, 0/1 period masks under a permutation, or a single
row of ones for the point estimate. :func:`index` combines them into the headline index.

Everything here is a pure function of its arguments, which is what lets
:mod:`.resampling` run it on any executor with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .chance import chance_convergence
from .config import ConvergenceConfig
from .lexical import lexical_convergence
from .semantic import semantic_convergence
from .thematic import thematic_convergence

#: Per-row fields of :class:`ComponentInputs`: what :meth:`ComponentInputs.take` slices.
_ROW_FIELDS: tuple[str, ...] = ("groups", "embeddings", "topics", "terms", "indicators", "profiles", "placed", "spoken")


@dataclass(frozen=True)
class ComponentInputs:
    """Per-row inputs of the measures; an array is None when its component was not asked for.

    Attributes
    ----------
    groups : ndarray of str objects, shape (n,)
    embeddings : ndarray of shape (n, dim) or None
        Anisotropy-corrected, unit-norm embeddings; float32 for the corpus, float64 once
        :meth:`take` has selected some rows (the arithmetic is float64).
    topics : ndarray of int64, shape (n,) or None
        Topic id of each row (-1 = outlier).
    n_topics : int
    terms : scipy.sparse.csr_matrix of shape (n, n_terms) or None
        Lemma counts.
    prior : ndarray of shape (n_terms,) or None
        Term frequencies of the whole corpus (the log-odds prior of ``calibration="none"``);
        corpus-level, so :meth:`take` keeps it whole.
    explained : tuple of float
        Variance share of each direction removed by the anisotropy correction.
    indicators : ndarray of shape (n, n_topics) or None
        With ``calibration="chance"``: topic indicators.
    profiles : scipy.sparse.csr_matrix or None
        With ``calibration="chance"``: Hellinger lemma profiles.
    placed, spoken : ndarray of float64, shape (n,) or None
        1 for rows that have a topic (``placed``) or a lemma (``spoken``), else 0.
    """

    groups: NDArray[Any]
    embeddings: NDArray[np.floating[Any]] | None
    topics: NDArray[np.int64] | None
    n_topics: int
    terms: sparse.csr_matrix | None
    prior: NDArray[np.float64] | None
    explained: tuple[float, ...]
    indicators: NDArray[np.float64] | None = None
    profiles: sparse.csr_matrix | None = None
    placed: NDArray[np.float64] | None = None
    spoken: NDArray[np.float64] | None = None

    def take(self, rows: NDArray[np.int64]) -> ComponentInputs:
        """The same inputs for ``rows`` only (copies of those rows, in that order; embeddings as float64)."""
        sliced = {name: getattr(self, name) for name in _ROW_FIELDS}
        taken = {name: None if value is None else value[rows] for name, value in sliced.items()}
        if taken["embeddings"] is not None:
            # Once here rather than inside every measure call (a permutation chunk makes one per period).
            taken["embeddings"] = taken["embeddings"].astype(np.float64, copy=False)
        return replace(self, **taken)


def components(
    inputs: ComponentInputs, weights: NDArray[np.float64], cfg: ConvergenceConfig
) -> dict[str, NDArray[np.float64]]:
    """Every available component of ``inputs``' rows under each weighting.

    Parameters
    ----------
    inputs : ComponentInputs
        Restricted to the rows compared (:meth:`ComponentInputs.take`).
    weights : ndarray of shape (B, n)
        Non-negative integer multiplicities of the rows, one weighting per line.
    cfg : ConvergenceConfig

    Returns
    -------
    dict of str to ndarray of shape (B,)
        ``semantic``, ``thematic``, ``lexical`` for those whose inputs are present.
    """
    if cfg.calibration == "chance":
        return _chance_components(inputs, weights, cfg)
    out: dict[str, NDArray[np.float64]] = {}
    if inputs.embeddings is not None:
        out["semantic"] = np.asarray(semantic_convergence(inputs.embeddings, inputs.groups, weights=weights))
    if inputs.topics is not None:
        out["thematic"] = np.asarray(
            thematic_convergence(
                inputs.topics,
                inputs.groups,
                n_topics=inputs.n_topics,
                alpha=cfg.topic_alpha,
                drop_outliers=cfg.drop_outlier_topics,
                weights=weights,
            )
        )
    if inputs.terms is not None:
        out["lexical"] = np.asarray(
            lexical_convergence(
                inputs.terms,
                inputs.groups,
                prior=inputs.prior,
                prior_weight=cfg.lexical_prior_weight,
                z_threshold=cfg.lexical_z,
                weights=weights,
            )
        )
    return out


def _chance_components(
    inputs: ComponentInputs, weights: NDArray[np.float64], cfg: ConvergenceConfig
) -> dict[str, NDArray[np.float64]]:
    representations = {
        "semantic": (inputs.embeddings, None),
        "thematic": (inputs.indicators, inputs.placed),
        "lexical": (inputs.profiles, inputs.spoken),
    }
    out: dict[str, NDArray[np.float64]] = {}
    for name, (vectors, present) in representations.items():
        if vectors is not None:
            # Segments without a topic or a lemma are no evidence either way: weight 0.
            w = weights if present is None else weights * present
            out[name] = np.asarray(
                chance_convergence(vectors, inputs.groups, reference_segments=cfg.reference_segments, weights=w)
            )
    return out


def index(
    values: dict[str, NDArray[np.float64]], names: tuple[str, ...], cfg: ConvergenceConfig
) -> NDArray[np.float64]:
    """Weighted mean of the components ``names`` (``cfg.weights``), element-wise over weightings."""
    total = sum(cfg.weights[n] for n in names)
    # NaN in any component makes the index NaN: a mean over a changing set of components
    # would not be comparable across periods.
    return sum(cfg.weights[n] * values[n] for n in names) / total
