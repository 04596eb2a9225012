"""Chaining the stages for one corpus: segments → embeddings → topics → convergence → shared vision, network.

Each function takes the previous stage's output as data, so any stage can be run, cached or
tested on its own; :func:`analyse` runs them all with one :class:`~chartertext.config.RunConfig`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .config import RunConfig
from .corpus import Corpus
from .embed import EmbedderRecipe, EmbeddingCache, EmbeddingResult, default_cache_path, embed_texts, make_embedder
from .embed.results import ResultStore
from .errors import ChartertextError
from .execution import ExecutionConfig, Executor, LocalExecutor
from .groups import group_options, regroup
from .memo import remembering
from .memory import peak_rss_mb
from .periods import PeriodTable, assign_periods
from .selection import require_selected
from .shared_vision import final_charter
from .values import ValueLexicon, load_lexicon

if TYPE_CHECKING:  # the stages below load BERTopic, spaCy, scikit-learn, networkx and matplotlib
    from .metrics import CharterAlignment, ConvergenceResult, DirectionResult, ProvenanceResult, ValueAdoption
    from .network import ActorNetwork
    from .topics import TopicModel

#: Document kinds whose segments are compared between groups (charters are the destination, not a voice).
DISCUSSION_DOC_KINDS: tuple[str, ...] = ("minutes",)


@dataclass
class Analysis:
    """Everything one run computed, stage by stage.

    Attributes
    ----------
    corpus : Corpus
    config : RunConfig
    segments : pandas.DataFrame
        The analysed segments (content kinds of every document, passages or sentences), with
        a ``period`` column (None for undated rows and for charters).
    embedding : EmbeddingResult
        ``embedding.vectors[i]`` is the vector of ``segments.iloc[i]``.
    topics : TopicModel
        Fitted on all analysed segments; ``topics.topics_[i]`` is the topic of row i.
    periods : PeriodTable
        Period labels and flags of the discussion segments.
    convergence : ConvergenceResult
    lexicon : ValueLexicon
    adoption : ValueAdoption
        When each group first speaks of each value, and how values spread.
    network : ActorNetwork
        Who attended and spoke where (:mod:`chartertext.network`).
    alignment, provenance : CharterAlignment, ProvenanceResult, or None
        Against the final charter (the latest-dated document of kind "charter"); None without one.
    charter_id : str or None
        The doc_id of that charter.
    direction : DirectionResult or None
        Who leads whom: meetings' resonance on the other groups (:mod:`chartertext.metrics.direction`).
    notes : list of str
        What was decided on the user's behalf.
    execution : dict
        Where it ran (``Executor.describe()``), for run.json; never part of the results.
    timings : dict of str to float
        Seconds per stage.
    peak_rss_mb : dict of str to float
        Peak resident memory of this process at the end of each stage, in MB: a high-water
        mark since the process started (:func:`chartertext.memory.peak_rss_mb`).
    """

    corpus: Corpus
    config: RunConfig
    segments: pd.DataFrame
    embedding: EmbeddingResult
    topics: TopicModel
    periods: PeriodTable
    convergence: ConvergenceResult
    lexicon: ValueLexicon
    adoption: ValueAdoption
    network: ActorNetwork | None = None
    alignment: CharterAlignment | None = None
    provenance: ProvenanceResult | None = None
    charter_id: str | None = None
    direction: DirectionResult | None = None
    notes: list[str] = field(default_factory=list)
    execution: dict[str, object] = field(default_factory=lambda: {"executor": "local", "workers": 1})
    timings: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: dict[str, float | None] = field(default_factory=dict)

    @property
    def discussion(self) -> np.ndarray:
        """Boolean mask of the rows that are minutes (the groups' voices)."""
        return self.segments["doc_kind"].isin(DISCUSSION_DOC_KINDS).to_numpy()


def select_segments(corpus: Corpus, config: RunConfig) -> pd.DataFrame:
    """The segments the analysis reads: content kinds only, as passages or sentences, minutes first."""
    segments = corpus.segments
    if config.segments.unit == "sentence":
        from .segment.sentences import explode_sentences

        kept = segments[segments["kind"].isin(config.segments.kinds)]
        segments = explode_sentences(kept.reset_index(drop=True))
    else:
        segments = segments[segments["kind"].isin(config.segments.kinds)]
    # Minutes first (a stable sort keeps their order): the groups' vectors are then the leading
    # rows of the embedding matrix, a view rather than a copy of it for every stage that reads them.
    voices_last = ~segments["doc_kind"].isin(DISCUSSION_DOC_KINDS).to_numpy()
    segments = segments.iloc[np.argsort(voices_last, kind="stable")].reset_index(drop=True)
    if segments.empty:
        raise ChartertextError(
            f"{corpus.root}: no segment of kinds {', '.join(config.segments.kinds)} to analyse. "
            f"Check the documents' kinds in the manifest, or widen [segments] kinds in the configuration."
        )
    return segments


def embed_segments(
    texts: list[str],
    config: RunConfig,
    *,
    progress: bool = False,
    cache_root: Path | None = None,
    executor: Executor | None = None,
    partition_size: int = ExecutionConfig.partition_size,
) -> EmbeddingResult:
    """Embed ``texts`` with the configured model, through the cache unless it is turned off.

    On a cluster each worker loads the model once, with one thread unless ``embed.threads``
    says otherwise (a worker is one core); only the texts not yet cached are sent.
    """
    embed = config.embed
    embedder = make_embedder(embed.model, batch_size=embed.batch_size, threads=embed.threads)
    recipe = EmbedderRecipe(embed.model, embed.batch_size, embed.threads or 1)
    options = {"progress": progress, "executor": executor, "recipe": recipe, "partition_size": partition_size}
    path = cache_file(config, cache_root)
    if path is None:
        return embed_texts(texts, embedder, None, **options)
    with EmbeddingCache(path) as cache:
        return embed_texts(texts, embedder, cache, **options)


def cache_file(config: RunConfig, cache_root: Path | None = None) -> Path | None:
    """The cache file of embeddings and fitted topics, or None when ``embed.use_cache`` is off."""
    if not config.embed.use_cache:
        return None
    return Path(config.embed.cache) if config.embed.cache else default_cache_path(cache_root)


def label_periods(segments: pd.DataFrame, config: RunConfig) -> tuple[pd.DataFrame, PeriodTable]:
    """Give each discussion segment its period; charters get None (they are not a group's voice)."""
    discussion = segments["doc_kind"].isin(DISCUSSION_DOC_KINDS).to_numpy()
    voices = segments[discussion]
    table = assign_periods(
        voices["date"].tolist(),
        voices["group"].tolist(),
        config.periods.freq,
        min_segments=config.convergence.min_segments,
        # A document is one meeting's minutes: the unit of the convergence statistics.
        meetings=voices["doc_id"].tolist(),
        min_meetings=config.convergence.min_meetings,
    )
    period = pd.Series([None] * len(segments), dtype=object)
    period[discussion] = list(table.labels)
    return segments.assign(period=period.to_numpy()), table


def analyse(
    corpus: Corpus,
    config: RunConfig | None = None,
    *,
    progress: bool = False,
    cache_root: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    partition_size: int = ExecutionConfig.partition_size,
) -> Analysis:
    """Run embeddings, topics and convergence on an ingested corpus.

    Parameters
    ----------
    corpus : Corpus
        From :func:`chartertext.corpus.ingest_corpus`, then
        :func:`chartertext.selection.select_corpus` when ``config.groups`` names a document
        field or ``where`` conditions (:func:`chartertext.workflow.report_corpus` does both).
    config : RunConfig, optional
        Defaults everywhere when None.
    progress : bool, default False
        Show a progress bar while embedding.
    cache_root : Path, optional
        Folder whose ``models/embeddings.sqlite`` is the default cache (the working directory when None).
    on_stage : callable, optional
        Called with each stage's name as it starts (for a CLI's status line).
    executor : Executor, optional
        Where embedding, the group × period estimates and the resampling run
        (:func:`chartertext.execution.open_executor`); None runs
        everything here. The results are the same on any executor.
    partition_size : int, default 2000
        Texts per embedding task on a cluster.
    """
    config = config or RunConfig()
    require_selected(corpus, config.groups)
    with result_store(config, cache_root) as store, remembering(store):
        return _analyse(
            corpus,
            config,
            progress=progress,
            cache_root=cache_root,
            on_stage=on_stage,
            executor=executor,
            partition_size=partition_size,
        )


@contextlib.contextmanager
def result_store(config: RunConfig, cache_root: Path | None = None) -> Iterator[ResultStore | None]:
    """Where a run's results are kept for its re-runs: beside the vectors in the embedding cache (None without one)."""
    if not config.embed.use_cache:
        yield None
        return
    path = Path(config.embed.cache) if config.embed.cache else default_cache_path(cache_root)
    with EmbeddingCache(path) as cache:
        yield ResultStore(cache)


def _analyse(
    corpus: Corpus,
    config: RunConfig | None = None,
    *,
    progress: bool = False,
    cache_root: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    partition_size: int = ExecutionConfig.partition_size,
) -> Analysis:
    config = config or RunConfig()
    executor = executor or LocalExecutor()
    timings: dict[str, float] = {}
    memory: dict[str, float | None] = {}

    def stage(name: str) -> float:
        if on_stage:
            on_stage(name)
        return time.perf_counter()

    def done(name: str, start: float) -> None:
        timings[name] = time.perf_counter() - start
        memory[name] = peak_rss_mb()

    start = stage("segments")
    segments = select_segments(corpus, config)
    # Only the convergence comparison reads the speaker groups; the rest of the report keeps the documents'.
    compared, group_notes = regroup(segments, config.groups, config.network.aliases)
    compared, periods = label_periods(compared, config)
    segments = segments.assign(period=compared["period"].to_numpy())
    lexicon = load_lexicon(config.values.lexicon)
    done("segments", start)

    start = stage("embeddings")
    embedding = embed_segments(
        list(segments["text"]),
        config,
        progress=progress,
        cache_root=cache_root,
        executor=executor,
        partition_size=partition_size,
    )
    done("embeddings", start)

    start = stage("topics")
    # Each stage imports its libraries when it starts (BERTopic, UMAP, spaCy, scikit-learn,
    # networkx, matplotlib), so `import chartertext.pipeline` stays fast and each stage's
    # timing includes what it loads.
    from .topics import fit_topics

    topics = fit_topics(
        list(segments["text"]),
        embedding.vectors,
        seed=config.seed,
        config=config.topics,
        lexicon=lexicon,
        strata=segments["group"],
        cache=cache_file(config, cache_root),
    )
    done("topics", start)

    start = stage("convergence")
    from .metrics import measure_convergence
    from .metrics.shock import charter_closeness

    discussion = segments["doc_kind"].isin(DISCUSSION_DOC_KINDS).to_numpy()
    voices = segments[discussion].reset_index(drop=True)
    compared_voices = compared[discussion].reset_index(drop=True)
    voice_vectors = _leading_rows(embedding.vectors, discussion)
    tokens = topics.analyzer.lemmas_many(voices["text"].tolist())
    charter_id, notes = final_charter(corpus, segments)
    is_charter = (segments["doc_id"] == charter_id).to_numpy()
    convergence = measure_convergence(
        compared_voices,
        embeddings=voice_vectors,
        topics=topics.topics_[discussion],
        tokens=tokens,
        n_topics=topics.n_topics,
        periods=periods,
        config=config.convergence,
        seed=config.seed,
        executor=executor,
        shock_scores=charter_closeness(voice_vectors, embedding.vectors[is_charter]) if charter_id else None,
    )
    if convergence.status in ("no_group", "one_group"):
        convergence = dataclasses.replace(convergence, group_options=group_options(corpus, segments))
    notes = group_notes + notes
    done("convergence", start)

    start = stage("shared vision")
    from .metrics import meeting_direction
    from .shared_vision import measure_shared_vision

    adoption, alignment, provenance = measure_shared_vision(
        corpus, segments, voices, voice_vectors, embedding.vectors, charter_id, lexicon, periods, config,
        embed=lambda texts: embed_segments(texts, config, cache_root=cache_root, executor=executor).vectors,
        executor=executor,
    )
    # Who leads whom: one more shared-vision measure, on the groups convergence compares.
    direction = meeting_direction(
        compared_voices, voice_vectors, periods=periods, seed=config.seed, config=config.convergence
    )
    done("shared vision", start)

    start = stage("network")
    from .network import analyse_network

    network = analyse_network(corpus, aliases=config.network.aliases, freq=config.network.freq)
    done("network", start)
    return Analysis(
        corpus=corpus,
        config=config,
        segments=segments,
        embedding=embedding,
        topics=topics,
        periods=periods,
        convergence=convergence,
        lexicon=lexicon,
        adoption=adoption,
        network=network,
        alignment=alignment,
        provenance=provenance,
        charter_id=charter_id,
        direction=direction,
        notes=notes,
        execution=executor.describe(),
        timings=timings,
        peak_rss_mb=memory,
    )


def _leading_rows(vectors: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``vectors[mask]``, as a view when the mask selects the leading rows (what select_segments arranges)."""
    n = int(mask.sum())
    return vectors[:n] if mask[:n].all() else vectors[mask]
