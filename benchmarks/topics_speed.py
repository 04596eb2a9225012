"""The topics stage against what it is measured by: cold embedding, and bare BERTopic.

:func:`measure_topics_speed` runs, in one process on one corpus, the stages as ``chartertext
report`` runs them:

1. the cold embedding of the analysed segments (empty cache in a temporary folder, model load
   included: what ``timings["embeddings"]`` records on a first run);
2. bare BERTopic on the same texts and embeddings with the same UMAP and HDBSCAN settings
   (its default English vectoriser; libraries imported before timing; run first, so it pays
   the loading of UMAP's compiled code);
3. :func:`chartertext.topics.fit_topics` as the pipeline calls it (French lemmas, outlier
   reduction, spaCy loaded here), without the result cache;
4. the same fit through the result cache twice: the second is a re-run with nothing changed.

Usage::

    python benchmarks/topics_speed.py [CORPUS]      # prints the dict as JSON
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models come from installed packages, never the network

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
#: Goals of issue 16 for the ratios below.
GOALS: dict[str, float] = {"topics_over_cold_embedding": 0.3, "topics_over_bare_bertopic": 2.0}


def measure_topics_speed(corpus: str | Path = DEMO, *, config: Any = None) -> dict[str, float]:
    """Seconds and ratios of the topics stage on ``corpus``; see the module docstring.

    Parameters
    ----------
    corpus : str or Path, default the demo corpus
    config : chartertext.config.RunConfig or None
        ``None`` uses the defaults, as ``chartertext report`` without ``--config``.

    Returns
    -------
    dict of str to float
        ``segments``; ``cold_embedding_s``, ``bare_bertopic_s``, ``topics_s``, ``topics_cached_s``
        (seconds); ``topics_over_cold_embedding`` (goal <= 0.3), ``topics_over_bare_bertopic``
        (goal <= 2), ``topics_cached_over_topics`` (a re-run with nothing changed).
    """
    from chartertext.config import RunConfig
    from chartertext.corpus import ingest_corpus
    from chartertext.pipeline import embed_segments, select_segments
    from chartertext.topics import fit_topics
    from chartertext.values import load_lexicon

    config = config or RunConfig()
    segments = select_segments(ingest_corpus(corpus), config)
    texts = list(segments["text"])
    strata = segments["group"]
    lexicon = load_lexicon(config.values.lexicon)
    with tempfile.TemporaryDirectory(prefix="topics_speed_") as folder:
        start = time.perf_counter()
        vectors = embed_segments(texts, config, cache_root=Path(folder)).vectors
        cold_embedding = time.perf_counter() - start

        # BERTopic, UMAP and HDBSCAN load on first use since the pipeline imports lazily: import
        # them before the clock, as the "bare BERTopic, warm" did (their numba code still
        # loads inside the bare fit, which runs first, so fit_topics does not pay it).
        import bertopic  # noqa: F401
        import hdbscan  # noqa: F401
        import umap  # noqa: F401

        start = time.perf_counter()
        _bare_bertopic(texts, vectors, config)
        bare = time.perf_counter() - start

        def fit(cache: Path | None = None) -> None:
            fit_topics(texts, vectors, seed=config.seed, config=config.topics, lexicon=lexicon, strata=strata, cache=cache)

        start = time.perf_counter()
        fit()
        topics = time.perf_counter() - start

        cache = Path(folder) / "topics.sqlite"
        fit(cache)
        start = time.perf_counter()
        fit(cache)
        cached = time.perf_counter() - start
    return {
        "segments": float(len(texts)),
        "cold_embedding_s": round(cold_embedding, 3),
        "bare_bertopic_s": round(bare, 3),
        "topics_s": round(topics, 3),
        "topics_cached_s": round(cached, 3),
        "topics_over_cold_embedding": round(topics / cold_embedding, 3),
        "topics_over_bare_bertopic": round(topics / bare, 3),
        "topics_cached_over_topics": round(cached / topics, 4),
    }


def _bare_bertopic(texts: list[str], vectors: Any, config: Any) -> None:
    """BERTopic with chartertext's UMAP and HDBSCAN settings and nothing else of ours."""
    import hdbscan
    from bertopic import BERTopic
    from umap import UMAP

    from chartertext.topics.config import scale_parameters
    from chartertext.topics.numba_cache import enable_numba_cache

    enable_numba_cache()  # the same compiled code as fit_topics loads: compare fits, not compilers
    params = scale_parameters(len(texts), config.topics)
    reducer = UMAP(
        n_neighbors=params.n_neighbors,
        n_components=params.n_components,
        min_dist=config.topics.min_dist,
        metric="cosine",
        random_state=config.seed,
        n_jobs=1,
        low_memory=False,
    )
    clusterer = hdbscan.HDBSCAN(
        min_cluster_size=params.min_topic_size,
        metric="euclidean",
        cluster_selection_method=config.topics.cluster_selection,
        prediction_data=True,
    )
    model = BERTopic(language="multilingual", umap_model=reducer, hdbscan_model=clusterer, min_topic_size=params.min_topic_size)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*n_jobs.*overridden.*")
        model.fit_transform(texts, embeddings=vectors)


if __name__ == "__main__":
    print(json.dumps(measure_topics_speed(sys.argv[1] if len(sys.argv) > 1 else DEMO), indent=2))
