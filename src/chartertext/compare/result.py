"""The result of a charter comparison: every comparison of the charters, in one frozen record.

:func:`~chartertext.compare.comparison.compare_charters` makes it; the report
(:mod:`chartertext.compare.report`) and ``summary.json`` (:mod:`chartertext.compare.summary`)
read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..records import Document, IngestError
from .articles import ArticleAlignment
from .reuse import ReuseResult
from .similarity import DocumentSimilarity

__all__ = ["PAIR_COLUMNS", "CharterComparison"]

#: Columns of :meth:`CharterComparison.pairs`.
PAIR_COLUMNS: tuple[str, ...] = (
    "a", "b", "similarity", "embedding", "tfidf", "reuse_share", "reuse_share_a", "reuse_share_b",
    "passages", "reused_words", "matched_articles",
)


@dataclass(frozen=True)
class CharterComparison:
    """Everything :func:`compare_charters` measured.

    Attributes
    ----------
    documents : tuple of Document
        The compared charters, oldest first (date, then doc_id; undated last). Pairs are
        oriented the same way: ``a`` is the older charter, the possible source of a reuse.
    articles : pandas.DataFrame
        :func:`.articles.charter_articles` of the compared charters, oldest charter first.
    similarity : DocumentSimilarity
    alignments : tuple of ArticleAlignment
        One per pair of charters, in ``documents`` order.
    reuse : ReuseResult
    values : pandas.DataFrame
        :func:`.keyness.values_table`.
    value_keyness : pandas.DataFrame
        :func:`.keyness.value_keyness`.
    terms : pandas.DataFrame
        :func:`.keyness.term_keyness`.
    model_id : str
        Embedding model of the article vectors.
    parameters : dict
        ``article_threshold``, ``min_article_words``, ``prior_weight``, ``reuse`` (the
        :class:`ReuseParameters` fields), ``lexicon`` (its source).
    notes : tuple of str
        What was decided on the user's behalf.
    errors : tuple of IngestError
        Documents of the corpus that could not be ingested.
    corpus_name : str
    embedding_stats : dict
        ``new``, ``cached``, ``chunked`` texts of the embedding step (for run.json).
    timings : dict of str to float
        Seconds per step.
    """

    documents: tuple[Document, ...]
    articles: pd.DataFrame
    similarity: DocumentSimilarity
    alignments: tuple[ArticleAlignment, ...]
    reuse: ReuseResult
    values: pd.DataFrame
    value_keyness: pd.DataFrame
    terms: pd.DataFrame
    model_id: str
    parameters: dict[str, Any]
    notes: tuple[str, ...] = ()
    errors: tuple[IngestError, ...] = ()
    corpus_name: str = ""
    embedding_stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        """The compared charter with this doc_id (KeyError when there is none)."""
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)

    def alignment(self, a: str, b: str) -> ArticleAlignment:
        """The article alignment of ``a`` and ``b`` (in the stored orientation; KeyError otherwise)."""
        for al in self.alignments:
            if (al.a, al.b) == (a, b):
                return al
        raise KeyError((a, b))

    def pairs(self) -> pd.DataFrame:
        """Every pair of charters, most similar first.

        Returns
        -------
        pandas.DataFrame
            Columns ``PAIR_COLUMNS``: ``a``, ``b`` (doc_ids, ``a`` the older); ``similarity``
            (mean of ``embedding`` and ``tfidf``); ``reuse_share`` (characters of a and b inside
            their shared passages, over the characters of both), ``reuse_share_a``,
            ``reuse_share_b`` (the same for each side); ``passages``, ``reused_words`` (matched
            words over those passages); ``matched_articles``.
        """
        table = self.similarity.table()
        rows = []
        for row in table.itertuples(index=False):
            share_a, share_b, share = self.reuse.pair_share(row.a, row.b)
            passages = self.reuse.pair(row.a, row.b)
            rows.append(
                {
                    "a": row.a,
                    "b": row.b,
                    "similarity": row.similarity,
                    "embedding": row.embedding,
                    "tfidf": row.tfidf,
                    "reuse_share": share,
                    "reuse_share_a": share_a,
                    "reuse_share_b": share_b,
                    "passages": len(passages),
                    "reused_words": sum(p.words for p in passages),
                    "matched_articles": len(self.alignment(row.a, row.b).matches),
                }
            )
        frame = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
        return frame.sort_values(["similarity", "a", "b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)

    def distinctive_articles(self) -> pd.DataFrame:
        """Aligned articles matched in no other charter, with their closest counterpart.

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, ``article``, ``heading``, ``start``, ``end``, ``words``.
        """
        matched: dict[str, set[int]] = {d.doc_id: set() for d in self.documents}
        for al in self.alignments:
            matched[al.a].update(int(n) for n in al.matches["a_article"])
            matched[al.b].update(int(n) for n in al.matches["b_article"])
        arts = self.articles[self.articles["aligned"]]
        keep = [int(n) not in matched[str(d)] for d, n in zip(arts["doc_id"], arts["article"])]
        return arts.loc[keep, ["doc_id", "article", "heading", "start", "end", "words"]].reset_index(drop=True)
