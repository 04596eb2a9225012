"""Cheap synthetic corpora with known structure for the metric tests (no model, no text)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def gaussian_corpus(
    seed: int,
    *,
    n_groups: int = 3,
    n_periods: int = 6,
    per_cell: int = 15,
    dim: int = 16,
    separation: float = 0.6,
    mixing: tuple[float, ...] | None = None,
    n_topics: int = 6,
    vocabulary: int = 40,
    tokens_per_segment: int = 8,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[list[str]]]:
    """Segments of groups that differ by a fixed amount, or converge by ``mixing[t]``.

    Each segment is drawn from its group's distribution with probability ``1 - mixing[t]`` and
    from one common distribution otherwise (embeddings: Gaussian around a centroid; topics and
    tokens: categorical). ``mixing=None`` means 0 in every period: groups differ, nothing changes
    over time — the null of the trend test.

    Returns
    -------
    segments : DataFrame with columns group, period ("P01", ...)
    embeddings : ndarray (n, dim), unit norm
    topics : ndarray (n,) of int
    tokens : list of list of str
    """
    rng = np.random.default_rng(seed)
    mix = mixing or (0.0,) * n_periods
    centroids = rng.normal(size=(n_groups + 1, dim)) * separation  # last row: the common one
    topic_p = rng.dirichlet(np.full(n_topics, 0.5), size=n_groups + 1)
    word_p = rng.dirichlet(np.full(vocabulary, 0.3), size=n_groups + 1)
    words = np.array([f"mot{j}" for j in range(vocabulary)])
    groups, periods, emb, topics, tokens = [], [], [], [], []
    for t in range(n_periods):
        for g in range(n_groups):
            common = rng.random(per_cell) < mix[t]
            source = np.where(common, n_groups, g)
            emb.append(centroids[source] + rng.normal(size=(per_cell, dim)))
            topics += [int(rng.choice(n_topics, p=topic_p[s])) for s in source]
            tokens += [list(rng.choice(words, size=tokens_per_segment, p=word_p[s])) for s in source]
            groups += [f"groupe-{g}"] * per_cell
            periods += [f"P{t:02d}"] * per_cell
    x = np.vstack(emb)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return pd.DataFrame({"group": groups, "period": periods}), x, np.array(topics), tokens
