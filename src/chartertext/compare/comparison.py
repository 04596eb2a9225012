"""Compare charters: similarity, clustering, article alignment, values and text reuse, in one result.

:func:`compare_charters` takes data (documents, their articles, the articles' embeddings) and
runs every comparison; :func:`compare_corpus` starts from an ingested corpus, picks its
charters, embeds their articles (through the embedding cache) and calls it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..corpus import Corpus
from ..errors import CorpusError
from ..records import Document
from ..values import ValueLexicon, load_lexicon
from .articles import (
    DEFAULT_THRESHOLD,
    align_articles,
    article_similarity,
    article_texts,
    charter_articles,
)
from .keyness import term_keyness, value_counts, value_keyness, values_table, word_counts
from .result import CharterComparison
from .reuse import ReuseParameters, find_reuse
from .similarity import document_similarity, lemma_tfidf, weighted_mean_vectors

if TYPE_CHECKING:
    from ..config import RunConfig
    from ..topics import FrenchLemmaAnalyzer

#: Document kinds compared (drafts are charters in the making).
COMPARED_KINDS: tuple[str, ...] = ("charter", "draft")

def compare_charters(
    documents: Sequence[Document],
    articles: pd.DataFrame,
    article_embeddings: ArrayLike,
    *,
    model_id: str = "",
    lexicon: ValueLexicon | None = None,
    analyzer: FrenchLemmaAnalyzer | None = None,
    reuse: ReuseParameters | None = None,
    article_threshold: float = DEFAULT_THRESHOLD,
    prior_weight: float = 0.1,
) -> CharterComparison:
    """Compare charters whose articles are already embedded.

    Parameters
    ----------
    documents : sequence of Document
        At least two charters (any order: they are sorted oldest first).
    articles : pandas.DataFrame
        :func:`.articles.charter_articles` of exactly these documents.
    article_embeddings : array-like of shape (n_articles, dim)
        Embeddings (normalised here) of :func:`.articles.article_texts`, row-aligned with ``articles``.
    model_id : str, default ""
        The embedding model, for the report.
    lexicon : ValueLexicon, optional
        Default: the bundled French lexicon.
    analyzer : FrenchLemmaAnalyzer, optional
        Lemmatiser of the TF-IDF and keyness; default ``FrenchLemmaAnalyzer()`` (its
        :meth:`~FrenchLemmaAnalyzer.lemmas_many`, unigrams, is used).
    reuse : ReuseParameters, optional
    article_threshold : float, default 0.55
    prior_weight : float, default 0.1
        Weight of the informative prior of the value and term keyness.

    Returns
    -------
    CharterComparison

    Raises
    ------
    CorpusError
        Fewer than two charters, or articles and embeddings that do not match the documents.
    """
    timings: dict[str, float] = {}
    docs = tuple(sorted(documents, key=_age))
    ids = [d.doc_id for d in docs]
    if len(ids) < 2:
        raise CorpusError(
            f"{len(ids)} charter(s) to compare: need at least two. "
            f"Fix: put two or more charters in the corpus folder (kind 'charter' in manifest.csv)."
        )
    vectors = np.asarray(article_embeddings, dtype=np.float64)
    if vectors.ndim != 2 or len(vectors) != len(articles):
        raise CorpusError(
            f"article_embeddings has shape {vectors.shape} for {len(articles)} articles. "
            f"Fix: embed every row of the articles table, in order."
        )
    owners = articles["doc_id"].astype(str).tolist()
    strays = sorted(set(owners) - set(ids))
    rank = {doc_id: k for k, doc_id in enumerate(ids)}
    if strays:
        raise CorpusError(
            f"the articles table has articles of {', '.join(strays)}, not among the documents compared. "
            f"Fix: pass the articles of these documents only."
        )
    # Cosines need unit vectors; a caller's embeddings may not be normalised.
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    # Oldest charter first everywhere, as in the pairs (a stable sort keeps reading order).
    order = np.argsort([rank[o] for o in owners], kind="stable")
    articles = articles.iloc[order].reset_index(drop=True)
    vectors = vectors[order]
    owners = [owners[k] for k in order]

    start = time.perf_counter()
    if analyzer is None:
        # chartertext.topics imports BERTopic's stack (tens of seconds cold): only when comparing.
        from ..topics import FrenchLemmaAnalyzer

        analyzer = FrenchLemmaAnalyzer()
    tokens = analyzer.lemmas_many(article_texts(articles))
    article_tfidf, _ = lemma_tfidf(tokens)
    doc_tokens = [[t for toks, o in zip(tokens, owners) if o == d for t in toks] for d in ids]
    doc_tfidf, _ = lemma_tfidf(doc_tokens)
    doc_vectors = weighted_mean_vectors(vectors, owners, articles["words"].to_numpy(), ids)
    similarity = document_similarity(ids, doc_vectors, doc_tfidf)
    timings["similarity"] = time.perf_counter() - start

    start = time.perf_counter()
    alignments = []
    aligned = articles["aligned"].to_numpy(dtype=bool)
    owner_array = np.asarray(owners, dtype=object)
    numbers = articles["article"].to_numpy()
    for a, b in itertools.combinations(ids, 2):
        ra = np.flatnonzero((owner_array == a) & aligned)
        rb = np.flatnonzero((owner_array == b) & aligned)
        sim, emb, tf = article_similarity(vectors[ra], vectors[rb], article_tfidf[ra], article_tfidf[rb])
        alignments.append(
            align_articles(
                sim,
                threshold=article_threshold,
                a_articles=[int(n) for n in numbers[ra]],
                b_articles=[int(n) for n in numbers[rb]],
                components={"embedding": emb, "tfidf": tf},
                a=a,
                b=b,
            )
        )
    timings["articles"] = time.perf_counter() - start

    start = time.perf_counter()
    texts = {d.doc_id: d.text for d in docs}
    lexicon = lexicon or load_lexicon()
    counts = value_counts(texts, lexicon)
    keyness = value_keyness(counts, word_counts(texts), prior_weight=prior_weight)
    values = values_table(counts, keyness)
    terms = term_keyness(tokens, owners, prior_weight=prior_weight)
    timings["values"] = time.perf_counter() - start

    start = time.perf_counter()
    reuse = reuse or ReuseParameters()
    reused = find_reuse(texts, parameters=reuse)
    timings["reuse"] = time.perf_counter() - start

    notes = []
    undated = [d.doc_id for d in docs if d.date is None]
    if undated:
        notes.append(f"charters without a date, put last in the pairs' order: {', '.join(undated)}")
    return CharterComparison(
        documents=docs,
        articles=articles,
        similarity=similarity,
        alignments=tuple(alignments),
        reuse=reused,
        values=values,
        value_keyness=keyness,
        terms=terms,
        model_id=model_id,
        parameters={
            "article_threshold": float(article_threshold),
            "prior_weight": float(prior_weight),
            "reuse": dataclasses.asdict(reuse),
            "lexicon": lexicon.source,
        },
        notes=tuple(notes),
        timings=timings,
    )


def compare_corpus(
    corpus: Corpus,
    config: RunConfig | None = None,
    *,
    reuse: ReuseParameters | None = None,
    article_threshold: float = DEFAULT_THRESHOLD,
    doc_ids: Sequence[str] | None = None,
    progress: bool = False,
    cache_root: Path | None = None,
) -> CharterComparison:
    """Compare the charters of an ingested corpus.

    Parameters
    ----------
    corpus : Corpus
        From :func:`chartertext.corpus.ingest_corpus`; its documents of kind ``charter`` or
        ``draft`` are compared.
    config : RunConfig, optional
        Its ``embed`` section (model, cache) and ``values.lexicon`` are used.
    reuse : ReuseParameters, optional
    article_threshold : float, default 0.55
    doc_ids : sequence of str, optional
        Compare these documents instead (any kind).
    progress : bool, default False
        Progress bar while embedding.
    cache_root : Path, optional
        Folder of the default embedding cache (see :func:`chartertext.pipeline.embed_segments`).

    Returns
    -------
    CharterComparison

    Raises
    ------
    CorpusError
        Fewer than two charters, or an unknown doc_id.
    """
    from ..config import RunConfig
    from ..pipeline import embed_segments  # the pipeline imports BERTopic's stack: only when comparing

    config = config or RunConfig()
    notes: list[str] = []
    if doc_ids is not None:
        known = {d.doc_id: d for d in corpus.documents}
        unknown = [d for d in doc_ids if d not in known]
        if unknown:
            raise CorpusError(
                f"{', '.join(unknown)}: no such doc_id in {corpus.root}. "
                f"Fix: use doc_ids from manifest.csv or from `chartertext ingest`."
            )
        chosen = [known[d] for d in doc_ids]
    else:
        chosen = [d for d in corpus.documents if d.kind in COMPARED_KINDS]
        others = len(corpus.documents) - len(chosen)
        if others:
            notes.append(f"{others} document(s) of other kinds (minutes…) left out of the comparison")
    if len(chosen) < 2:
        kinds = sorted({d.kind for d in corpus.documents})
        raise CorpusError(
            f"{corpus.root}: {len(chosen)} charter(s) found (document kinds: {', '.join(kinds)}); need at least two to compare. "
            f"Fix: give each charter kind 'charter' in manifest.csv, or add charters to the folder."
        )
    wanted = {d.doc_id for d in chosen}
    segments = corpus.segments[corpus.segments["doc_id"].isin(wanted)]
    articles = charter_articles(segments)
    empty = sorted(wanted - set(articles["doc_id"]))
    if empty:
        raise CorpusError(
            f"{', '.join(empty)}: no article or preamble segment. Fix: check these documents are charters with text."
        )

    start = time.perf_counter()
    embedding = embed_segments(article_texts(articles), config, progress=progress, cache_root=cache_root)
    embed_seconds = time.perf_counter() - start
    result = compare_charters(
        chosen,
        articles,
        embedding.vectors,
        model_id=embedding.model_id,
        lexicon=load_lexicon(config.values.lexicon),
        reuse=reuse,
        article_threshold=article_threshold,
    )
    return dataclasses.replace(
        result,
        notes=(*notes, *result.notes, *embedding.warnings),
        errors=corpus.errors,
        corpus_name=corpus.root.name,
        embedding_stats={"new": embedding.n_new, "cached": embedding.n_cached, "chunked": embedding.n_chunked},
        timings={"embeddings": embed_seconds, **result.timings},
    )


def _age(doc: Document) -> tuple[bool, dt.date, str]:
    return (doc.date is None, doc.date or dt.date.max, doc.doc_id)
