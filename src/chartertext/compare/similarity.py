"""How alike whole charters are: an embedding view, a lemma view, their mean, and a clustering.

Two similarities between charters, both reported:

- ``embedding``: the cosine of the charters' vectors, each the word-weighted mean of its
  articles' L2-normalised embeddings (so a long article weighs more than a title line),
  re-normalised. It reads meaning through paraphrase; it does not depend on which other
  charters are compared. Transformer embeddings sit in a narrow cone (Ethayarajh 2019): with
  e5-small, the five national charters have cosines of 0.90–0.97, so differences are small in
  absolute terms though their order is meaningful.
- ``tfidf``: the cosine of TF-IDF vectors of spaCy lemmas
  (:class:`chartertext.topics.FrenchLemmaAnalyzer`: stop words and procedural words out,
  accents kept), sublinear tf, smoothed idf over the compared charters. It reads shared
  vocabulary, weighting words few charters use; it ranges over 0.07–0.41 on the national
  charters.

``similarity`` — the one the report ranks pairs by and clusters on — is their mean. The same
mean aligns articles (:mod:`.articles`), where it was measured: on the 2003 → 2008 charters
(ten article pairs whose headings say they correspond), the optimal matching found 10/10 with
the mean, 9/10 with TF-IDF alone and 7/10 with embeddings alone. Using one definition at both
levels keeps the report's numbers comparable; both components stay in every table.

The clustering is agglomerative with average linkage (UPGMA) on ``1 - similarity``
(:func:`scipy.cluster.hierarchy.linkage`), drawn as a dendrogram by the report.

References
----------
Ethayarajh, K. (2019). How contextual are contextualized word representations? EMNLP-IJCNLP.
Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
Information Processing & Management, 24(5), 513–523.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfTransformer

from ..errors import CorpusError
from ..metrics.lexical import term_matrix

#: Linkage method of the clustering (UPGMA).
LINKAGE_METHOD = "average"


@dataclass(frozen=True)
class DocumentSimilarity:
    """Similarity matrices of the compared charters and their clustering.

    Attributes
    ----------
    doc_ids : tuple of str, length n
        Row and column order of every matrix.
    embedding, tfidf, similarity : ndarray of shape (n, n)
        Symmetric, 1 on the diagonal; ``similarity = (embedding + tfidf) / 2``.
    linkage : ndarray of shape (n - 1, 4)
        SciPy linkage matrix on ``1 - similarity`` (average linkage).
    order : tuple of str
        The charters in dendrogram leaf order.
    """

    doc_ids: tuple[str, ...]
    embedding: NDArray[np.float64]
    tfidf: NDArray[np.float64]
    similarity: NDArray[np.float64]
    linkage: NDArray[np.float64]
    order: tuple[str, ...]

    def table(self) -> pd.DataFrame:
        """One row per pair (a before b in ``doc_ids``): ``a``, ``b``, ``similarity``, ``embedding``, ``tfidf``."""
        rows = []
        n = len(self.doc_ids)
        for i in range(n):
            for j in range(i + 1, n):
                rows.append(
                    {
                        "a": self.doc_ids[i],
                        "b": self.doc_ids[j],
                        "similarity": float(self.similarity[i, j]),
                        "embedding": float(self.embedding[i, j]),
                        "tfidf": float(self.tfidf[i, j]),
                    }
                )
        return pd.DataFrame(rows, columns=["a", "b", "similarity", "embedding", "tfidf"])

    def matrix(self, which: str = "similarity") -> pd.DataFrame:
        """One of the matrices as a labelled square table (``which``: similarity, embedding or tfidf)."""
        values = {"similarity": self.similarity, "embedding": self.embedding, "tfidf": self.tfidf}[which]
        return pd.DataFrame(values, index=list(self.doc_ids), columns=list(self.doc_ids))


def lemma_tfidf(tokens: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, tuple[str, ...]]:
    """L2-normalised TF-IDF rows from lemma lists (sublinear tf, smoothed idf over the rows).

    Parameters
    ----------
    tokens : sequence of sequence of str, length n
        Lemmas of each text, e.g. from :meth:`FrenchLemmaAnalyzer.lemmas_many`.

    Returns
    -------
    tfidf : scipy.sparse.csr_matrix of shape (n, V)
    vocabulary : tuple of str, length V
    """
    counts, vocabulary = term_matrix(tokens)
    if counts.shape[1] == 0:
        return sparse.csr_matrix((len(tokens), 0)), vocabulary
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    return sparse.csr_matrix(tfidf), vocabulary


def weighted_mean_vectors(
    embeddings: ArrayLike, owners: Sequence[str], weights: ArrayLike, doc_ids: Sequence[str]
) -> NDArray[np.float64]:
    """The L2-normalised weighted mean of the rows owned by each document.

    Parameters
    ----------
    embeddings : array-like of shape (m, dim)
        Article embeddings.
    owners : sequence of str, length m
        doc_id of each row.
    weights : array-like of shape (m,)
        Non-negative weights (words per article).
    doc_ids : sequence of str, length n
        Output row order.

    Returns
    -------
    ndarray of shape (n, dim)
    """
    x = np.asarray(embeddings, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    owner = np.asarray(owners, dtype=object)
    rows = []
    for doc_id in doc_ids:
        mine = owner == doc_id
        if not mine.any():
            raise CorpusError(f"charter {doc_id!r} has no article to embed. Fix: check that it has text after its title.")
        v = (x[mine] * np.maximum(w[mine], 1e-9)[:, None]).sum(axis=0)
        rows.append(v / (np.linalg.norm(v) or 1.0))
    return np.vstack(rows)


def document_similarity(
    doc_ids: Sequence[str],
    doc_vectors: ArrayLike,
    doc_tfidf: sparse.spmatrix | ArrayLike,
) -> DocumentSimilarity:
    """Similarity matrices and clustering of charters from their vectors.

    Parameters
    ----------
    doc_ids : sequence of str, length n ≥ 2
    doc_vectors : array-like of shape (n, dim)
        L2-normalised charter embeddings (:func:`weighted_mean_vectors`).
    doc_tfidf : sparse matrix or array-like of shape (n, V)
        L2-normalised TF-IDF rows (:func:`lemma_tfidf`).

    Returns
    -------
    DocumentSimilarity

    Examples
    --------
    >>> import numpy as np
    >>> sim = document_similarity(["a", "b", "c"], np.eye(3), np.array([[1.0, 0], [0.6, 0.8], [0, 1.0]]))
    >>> sim.similarity[0].round(2).tolist()
    [1.0, 0.3, 0.0]
    """
    ids = tuple(doc_ids)
    if len(ids) < 2:
        raise CorpusError(
            f"{len(ids)} charter(s) to compare: need at least two. Fix: add charters (kind 'charter' in the manifest)."
        )
    vectors = np.asarray(doc_vectors, dtype=np.float64)
    tf = sparse.csr_matrix(doc_tfidf, dtype=np.float64)
    if vectors.shape[0] != len(ids) or tf.shape[0] != len(ids):
        raise CorpusError(
            f"{len(ids)} charters but {vectors.shape[0]} vectors and {tf.shape[0]} TF-IDF rows. "
            f"Fix: build one row per charter, in the order of doc_ids."
        )
    embedding = _symmetric(vectors @ vectors.T)
    tfidf = _symmetric((tf @ tf.T).toarray())
    similarity = (embedding + tfidf) / 2
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method=LINKAGE_METHOD)
    order = tuple(ids[i] for i in leaves_list(tree))
    return DocumentSimilarity(ids, embedding, tfidf, similarity, tree, order)


def _symmetric(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    # Float sums are not exactly symmetric; the report reads (a, b) and (b, a) as one number.
    m = (matrix + matrix.T) / 2
    np.fill_diagonal(m, 1.0)
    return m
