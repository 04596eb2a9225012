"""Compare charters across cities or bodies: similarity, article alignment, values, text reuse.

>>> from chartertext.corpus import ingest_corpus                            # doctest: +SKIP
>>> from chartertext.compare import compare_corpus, write_compare_report   # doctest: +SKIP
>>> comparison = compare_corpus(ingest_corpus("charters/"))                 # doctest: +SKIP
>>> comparison.pairs().head()                                               # doctest: +SKIP
>>> write_compare_report(comparison, "reports/charters")                    # doctest: +SKIP

Modules: :mod:`~chartertext.compare.similarity` (document similarity: embeddings and lemma
TF-IDF, clustering), :mod:`~chartertext.compare.articles` (articles and their one-to-one
alignment), :mod:`~chartertext.compare.keyness` (values × charters, log-odds keyness),
:mod:`~chartertext.compare.reuse` (reused passages with offsets, quotations of a known charter),
:mod:`~chartertext.compare.comparison` (everything for one corpus),
:mod:`~chartertext.compare.summary` (summary.json), :mod:`~chartertext.compare.figures` and
:mod:`~chartertext.compare.report` (the report folder).

Importing this package does not import matplotlib or Jinja2; :func:`write_compare_report` does.
"""

from __future__ import annotations

from pathlib import Path

from .articles import ArticleAlignment, align_articles, article_similarity, article_texts, charter_articles
from .comparison import CharterComparison, compare_charters, compare_corpus
from .keyness import term_keyness, value_counts, value_keyness, values_table
from .reuse import Passage, ReuseParameters, ReuseResult, find_quotations, find_reuse
from .similarity import DocumentSimilarity, document_similarity, lemma_tfidf, weighted_mean_vectors
from .summary import build_compare_summary


def write_compare_report(
    comparison: CharterComparison, out: str | Path, *, force: bool = False, argv: list[str] | None = None
) -> Path:
    """Write the comparison's report folder (see :func:`chartertext.compare.report.write_compare_report`)."""
    from .report import write_compare_report as write

    return write(comparison, out, force=force, argv=argv)


__all__ = [
    "ArticleAlignment",
    "CharterComparison",
    "DocumentSimilarity",
    "Passage",
    "ReuseParameters",
    "ReuseResult",
    "align_articles",
    "article_similarity",
    "article_texts",
    "build_compare_summary",
    "charter_articles",
    "compare_charters",
    "compare_corpus",
    "document_similarity",
    "find_quotations",
    "find_reuse",
    "lemma_tfidf",
    "term_keyness",
    "value_counts",
    "value_keyness",
    "values_table",
    "weighted_mean_vectors",
    "write_compare_report",
]
