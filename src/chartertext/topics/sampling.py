"""Fit topics on a sample of a large corpus, then assign every other text with ``transform``.

BERTopic's advice for large corpora: fit on a representative sample, then ``transform`` the
rest. UMAP and HDBSCAN grow faster than linearly in time and memory with the number of
texts, while a sample of tens of thousands already shows every theme frequent enough to be a
topic. :func:`chartertext.topics.fit_topics` does it automatically when given more than
``TopicConfig.max_fit_texts`` texts (20,000 by default), through :func:`fit_on_sample`:

Sample (:func:`choose_sample`)
    Stratified by the caller's ``strata`` (the pipeline passes each segment's group):
    each stratum gets its proportional share of the sample, but at least
    ``MIN_PER_STRATUM`` texts (all of them when it has fewer), see :func:`allocate`. Without
    strata the sample is uniform. Within a stratum, texts are ranked by a hash of the seed and
    the text, so the sample is a function of the *set* of texts and the seed, not of their
    order (consistent with ``fit_topics``' canonical order) nor of the machine (embeddings may
    differ in their last bits between platforms, texts do not).
Fit
    The usual fit path on the sample (canonical order, scaled parameters, outlier reduction).
    The topic words are the sample's c-TF-IDF: the words of a topic describe its sampled
    texts, as in BERTopic's recommended pattern; ``topic_info()`` sizes and shares count
    every text.
Assign
    The other texts go through :meth:`TopicModel.transform` (UMAP ``transform``, HDBSCAN's
    ``approximate_predict``, the fit's outlier rule) in batches of ``TRANSFORM_BATCH`` texts,
    so that UMAP's transform memory stays bounded. UMAP places a new text with a few epochs
    of optimisation whose random draws depend on the other texts of its batch, so the batches
    are cut from the texts in canonical order (by text): a permuted input gives the same
    batches and the same topics. A text identical to a sampled one (same text, same
    embedding) takes that text's results rather than transform's, which may differ from the
    fit's, so that which copy the sample took does not matter.

The result is one :class:`TopicModel` covering every text in the caller's order:
``topics_``, ``probabilities_`` (HDBSCAN's membership strength, from the fit or from
``approximate_predict``), ``similarity_`` (to the sample's topic centroids), BERTopic's own
``topics_`` (used by topics per group and over time), and ``fitted_rows_``, the positions of
the sampled texts. ``representative_`` are sampled texts, as positions in the full input.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import ChartertextError
from ..jsonsafe import is_missing
from .model import TopicModel

__all__ = ["MIN_PER_STRATUM", "TRANSFORM_BATCH", "allocate", "choose_sample", "fit_on_sample", "stratum_codes"]

#: Least number of sampled texts per stratum (or all of it when smaller). UMAP's default
#: neighbourhood is 15 texts: fewer texts of a commission could not form a neighbourhood of
#: their own in the sample, so a theme only that commission discusses could not be found.
MIN_PER_STRATUM = 15
#: Texts assigned per call to ``TopicModel.transform``: bounds UMAP's transform memory
#: (exact neighbours against a sample below 4,096 texts: 10,000 × 4,096 distances).
TRANSFORM_BATCH = 10_000

#: ``fit(texts, vectors) -> TopicModel``: the full fit applied to the sample.
Fit = Callable[[list[str], np.ndarray], TopicModel]


def fit_on_sample(
    texts: Sequence[str],
    vectors: np.ndarray,
    fit: Fit,
    *,
    n_fit: int,
    seed: int,
    strata: Sequence[Any] | None = None,
    batch_size: int | None = None,
) -> TopicModel:
    """Fit on ``n_fit`` texts chosen by :func:`choose_sample`, assign the others with ``transform``.

    Parameters
    ----------
    texts : sequence of str, length n
    vectors : ndarray of shape (n, dim)
        L2-normalised embeddings of ``texts``.
    fit : callable
        ``fit(texts, vectors) -> TopicModel``, the full fit (``fit_topics`` passes its own).
    n_fit : int
        Sample size, ``1 <= n_fit <= n``.
    seed : int
        Seed of the fit, also used to draw the sample.
    strata : sequence of length n or None, default None
        Stratum of each text (e.g. its group; missing values form one stratum); ``None``
        samples uniformly. A pandas Series' name appears in the note ("stratified by group").
    batch_size : int or None, default None
        Texts per ``transform`` call; ``None`` uses ``TRANSFORM_BATCH``.

    Returns
    -------
    TopicModel
        Per-text results for all ``n`` texts in input order; ``fitted_rows_`` holds the sampled
        positions, and ``notes_`` says how many texts were fitted.
    """
    docs = list(texts)
    n = len(docs)
    sample = choose_sample(docs, n_fit, seed=seed, strata=strata)
    fitted = fit([docs[i] for i in sample], vectors[sample])

    topics = np.full(n, -1, dtype=int)
    probabilities = np.full(n, np.nan)
    similarity = np.full(n, np.nan)
    topics[sample] = fitted.topics_
    probabilities[sample] = fitted.probabilities_
    similarity[sample] = fitted.similarity_

    rest = np.setdiff1d(np.arange(n), sample)
    copies, sources = _identical_to_sampled(docs, vectors, sample, rest)
    topics[copies], probabilities[copies], similarity[copies] = (
        topics[sources],
        probabilities[sources],
        similarity[sources],
    )
    pending = np.setdiff1d(rest, copies)
    pending = pending[_canonical_order([docs[i] for i in pending], vectors[pending])]
    step = batch_size or TRANSFORM_BATCH
    for start in range(0, len(pending), step):
        rows = pending[start : start + step]
        table = fitted.transform([docs[i] for i in rows], vectors[rows])
        topics[rows] = table["topic"].to_numpy(dtype=int)
        probabilities[rows] = table["probability"].to_numpy(dtype=float)
        similarity[rows] = table["similarity"].to_numpy(dtype=float)

    topic_ids, centroids = fitted.topic_ids_, fitted.topic_centroids_
    outliers = np.flatnonzero(topics == -1)
    if len(outliers) and -1 not in topic_ids:
        # Only assigned texts stayed outliers: topic -1 needs a row in topic_info and a centroid.
        centre = vectors[outliers].mean(axis=0)
        centroids = np.vstack([centre / np.linalg.norm(centre), centroids]).astype(np.float32)
        topic_ids = np.concatenate([[-1], topic_ids])
        similarity[outliers] = vectors[outliers] @ centroids[0]

    # BERTopic's per-document state pairs with the documents its users pass (topics_per_class).
    fitted.bertopic.topics_ = topics.tolist()
    fitted.bertopic.probabilities_ = probabilities
    fitted.bertopic.topic_sizes_ = dict(Counter(topics.tolist()))
    return dataclasses.replace(
        fitted,
        topics_=topics,
        probabilities_=probabilities,
        similarity_=similarity,
        topic_ids_=topic_ids,
        topic_centroids_=centroids,
        representative_={t: [int(sample[i]) for i in rows] for t, rows in fitted.representative_.items()},
        notes_=(*fitted.notes_, *_notes(n, sample, pending, topics, strata, seed)),
        fitted_rows_=sample,
    )


def choose_sample(
    texts: Sequence[str], n_fit: int, *, seed: int, strata: Sequence[Any] | None = None
) -> np.ndarray:
    """Positions of the ``n_fit`` texts to fit on: stratified, seeded, independent of input order.

    Each stratum gets :func:`allocate`'s quota; within it the texts with the smallest
    BLAKE2b hash of ``(seed, text)`` are taken. Equal texts of a stratum tie and are taken in
    input order (they are interchangeable: :func:`fit_on_sample` gives a copy left out the
    results of the copy taken).

    Parameters
    ----------
    texts : sequence of str, length n
    n_fit : int
        ``1 <= n_fit <= n``.
    seed : int
    strata : sequence of length n or None, default None
        Stratum of each text; ``None``: one stratum, a uniform sample.

    Returns
    -------
    ndarray of shape (n_fit,) of int
        Sorted positions in ``texts``.

    Examples
    --------
    >>> texts = [f"texte {i}" for i in range(10)]
    >>> picked = choose_sample(texts, 4, seed=1, strata=["a"] * 8 + ["b"] * 2)
    >>> len(picked), {8, 9} <= set(picked.tolist())
    (4, True)
    >>> reversed_ = choose_sample(texts[::-1], 4, seed=1, strata=["b"] * 2 + ["a"] * 8)
    >>> sorted(9 - reversed_) == picked.tolist()
    True
    """
    docs = list(texts)
    if not 1 <= n_fit <= len(docs):
        raise ChartertextError(f"cannot sample {n_fit} of {len(docs)} texts. Give a sample size in 1..{len(docs)}")
    codes, _ = stratum_codes(strata, len(docs))
    sizes = np.bincount(codes, minlength=int(codes.max()) + 1)
    quotas = allocate(sizes, n_fit)
    # By stratum, then by hash; lexsort is stable, so tied (equal) texts stay in input order.
    order = np.lexsort((_text_hashes(docs, seed), codes))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return np.sort(np.concatenate([order[s : s + q] for s, q in zip(starts, quotas)]))


def allocate(sizes: Sequence[int], budget: int, minimum: int = MIN_PER_STRATUM) -> np.ndarray:
    """Texts to draw from each stratum: proportional to its size, with a floor for small strata.

    Each stratum gets at least ``min(size, floor)`` texts, where ``floor`` is ``minimum``
    (lowered to ``budget // n_strata`` when the budget cannot give every stratum that many);
    the strata above their floor share the rest of the budget in proportion to their sizes,
    rounded by largest remainder (ties: the earlier stratum). Integer arithmetic only, so the
    quotas are the same on every machine.

    Parameters
    ----------
    sizes : sequence of int
        Texts per stratum, each >= 1.
    budget : int
        Sample size, ``0 <= budget <= sum(sizes)``.
    minimum : int, default MIN_PER_STRATUM

    Returns
    -------
    ndarray of int, same length as ``sizes``
        Quotas summing to ``budget``, each at most its stratum's size.

    Examples
    --------
    >>> allocate([300, 90, 10], 100).tolist()  # 10 is below the floor of 15: all of it
    [69, 21, 10]
    >>> allocate([500, 500], 100).tolist()
    [50, 50]
    """
    n = np.asarray(sizes, dtype=np.int64)
    total = int(n.sum())
    if len(n) == 0 or (n < 1).any() or not 0 <= budget <= total:
        raise ChartertextError(f"cannot allocate {budget} texts among strata of sizes {n.tolist()}")
    floors = np.minimum(n, min(minimum, budget // len(n)))
    fixed = np.zeros(len(n), dtype=bool)
    while True:
        # Proportional share of the free strata, compared with the floors without division:
        # share_s = rest * n_s / free_total < floor_s  <=>  rest * n_s < floor_s * free_total.
        rest, free_total = budget - int(floors[fixed].sum()), int(n[~fixed].sum())
        below = ~fixed & (rest * n < floors * free_total)
        if not below.any():
            break
        fixed |= below
    quotas = floors.copy()
    free = np.flatnonzero(~fixed)
    if len(free):
        exact = rest * n[free]
        quotas[free] = exact // free_total
        remainders = exact % free_total
        extra = rest - int(quotas[free].sum())
        # Largest remainders first; lexsort's last key is the primary one, and it is stable.
        quotas[free[np.lexsort((np.arange(len(free)), -remainders))[:extra]]] += 1
    return np.minimum(quotas, n)


def stratum_codes(strata: Sequence[Any] | None, n: int) -> tuple[np.ndarray, list[str | None]]:
    """Stratum number of each of ``n`` texts, and the strata (missing first, then sorted by name).

    Values are compared as strings; None, NaN and NA form one stratum, ``None``.

    Raises
    ------
    chartertext.errors.ChartertextError
        ``strata`` does not have ``n`` values.
    """
    if strata is None:
        return np.zeros(n, dtype=np.intp), [None]
    values = list(strata)
    if len(values) != n:
        raise ChartertextError(
            f"strata has {len(values)} values for {n} texts. "
            "Pass one stratum (e.g. the group of each segment) per text, in the order of the texts"
        )
    keys = [None if is_missing(v) else str(v) for v in values]
    names = sorted(set(keys), key=lambda k: (k is not None, k or ""))
    index = {k: i for i, k in enumerate(names)}
    return np.fromiter((index[k] for k in keys), dtype=np.intp, count=n), names


def _text_hashes(docs: list[str], seed: int) -> np.ndarray:
    """64-bit BLAKE2b of ``(seed, text)``: a seeded random rank that a text keeps in any order."""
    salt = f"{seed}\x00".encode()
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(salt + d.encode("utf-8"), digest_size=8).digest(), "big") for d in docs),
        dtype=np.uint64,
        count=len(docs),
    )


def _canonical_order(docs: list[str], vectors: np.ndarray) -> np.ndarray:
    """Positions sorted by text, then by a digest of the embedding (not its bytes: memory)."""
    digests = [hashlib.blake2b(v.tobytes(), digest_size=8).digest() for v in vectors]
    return np.array(sorted(range(len(docs)), key=lambda i: (docs[i], digests[i])), dtype=int)


def _identical_to_sampled(
    docs: list[str], vectors: np.ndarray, sample: np.ndarray, rest: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``rest`` equal (text and embedding) to a sampled row, and that sampled row."""
    first = {}
    for i in sample.tolist():
        first.setdefault(docs[i], i)
    copies, sources = [], []
    for j in rest.tolist():
        i = first.get(docs[j])
        if i is not None and np.array_equal(vectors[i], vectors[j]):
            copies.append(j)
            sources.append(i)
    return np.array(copies, dtype=int), np.array(sources, dtype=int)


def _notes(
    n: int, sample: np.ndarray, assigned: np.ndarray, topics: np.ndarray, strata: Sequence[Any] | None, seed: int
) -> list[str]:
    if strata is None:
        how = f"uniform sample, seed {seed}"
    else:
        name = getattr(strata, "name", None)
        how = f"sample stratified by {name if name is not None else 'the given strata'}, seed {seed}"
    notes = [f"fitted on {len(sample)} of {n} texts ({how}); the rest assigned with transform"]
    left = int((topics[assigned] == -1).sum())
    if left:
        notes.append(f"{left} of the {len(assigned)} texts assigned with transform stayed in topic -1")
    return notes
