"""``summary.json`` of ``chartertext compare``: the stable, citable record of one comparison.

Like the convergence report's summary (:mod:`chartertext.summary`), the same inputs and
parameters give a byte-identical file: nothing here depends on time, the machine, absolute
paths or the embedding cache (those go to ``run.json``). Floats are rounded to 6 decimals so
that last-bit differences between BLAS builds do not change the file. Keys are published:
add new ones, never rename or remove.

Top-level keys
--------------
schema : str
    ``"chartertext.compare/1"``.
corpus : object
    ``name`` (the corpus folder's name), ``charters`` (how many were compared), ``errors``
    (documents not ingested: list of {path, reason, fix}).
embedding : object
    ``model``: the embedding model id of the article vectors.
similarity : object
    ``measure``: how ``similarity`` is defined (``"mean of embedding and tfidf cosines"``);
    ``doc_ids``: row and column order of the matrices; ``similarity``, ``embedding``,
    ``tfidf``: the matrices as lists of rows; ``order``: the charters in dendrogram leaf order;
    ``linkage``: the SciPy linkage matrix (rows [left, right, distance, size]; distance is
    ``1 - similarity``, average linkage).
pairs : list of object
    Every pair of charters, most similar first (ties by ``a``, ``b``):
    ``a``, ``b`` (doc_ids; ``a`` is the older charter by date, then doc_id);
    ``similarity`` (mean of ``embedding`` and ``tfidf``), ``embedding`` (cosine of the
    charters' word-weighted mean article embeddings), ``tfidf`` (cosine of lemma TF-IDF);
    ``reuse_share`` (characters of a and b inside their shared passages over the characters of
    both), ``reuse_share_a``, ``reuse_share_b`` (each side alone);
    ``passages``: list of {a_start, a_end, b_start, b_end, words, text}, offsets into each
    document's normalised text, ``words`` matched words, ``text`` = a's text[a_start:a_end],
    sorted by a_start;
    ``articles``: {``matched``: list of {a_article, b_article, similarity, embedding, tfidf}
    by decreasing similarity, ``unmatched_a``, ``unmatched_b``: article numbers without a match}.
charters : list of object
    One per compared charter, oldest first: ``doc_id``, ``title``, ``group``, ``date``,
    ``path``, ``characters``, ``words`` (of the whole text), ``articles`` (count), ``reuse_share`` (share of its
    characters inside a passage shared with any other compared charter), ``values`` (values
    it mentions, lexicon order), ``only_values`` (values no other charter mentions),
    ``distinctive_values`` (values whose log-odds z exceeds 1.96), ``distinctive_terms``
    (list of {term, z, count}, by decreasing z), ``distinctive_articles`` (aligned articles
    matched in no other charter: list of {article, heading, start, end}).
articles : list of object
    Every article: ``doc_id``, ``article`` (1-based within its charter), ``heading``,
    ``start``, ``end`` (offsets), ``words``, ``aligned`` (False for title lines).
values : list of object
    The values × charters table, lexicon order: ``value``, ``counts`` ({doc_id: mentions}),
    ``z`` ({doc_id: log-odds z}), ``charters`` (how many mention it), ``shared`` (≥ 2),
    ``only_in`` (doc_id or null), ``distinctive_of`` (doc_ids).
parameters : object
    ``article_threshold``, ``prior_weight``, ``lexicon`` (its source) and ``reuse``
    ({min_words, window, step, shingle, lsh_threshold, num_perm, max_gap, seed}).
notes : list of str
    What was decided on the user's behalf.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..jsonsafe import json_safe
from .keyness import word_counts
from .result import CharterComparison

SCHEMA = "chartertext.compare/1"
SIMILARITY_MEASURE = "mean of embedding and tfidf cosines"
_DIGITS = 6
_PAIR_NUMBERS = ("a", "b", "similarity", "embedding", "tfidf", "reuse_share", "reuse_share_a", "reuse_share_b")


def build_compare_summary(comparison: CharterComparison) -> dict[str, Any]:
    """The summary of a comparison as plain JSON-safe data (see the module docstring)."""
    c = comparison
    sim = c.similarity
    return _rounded(
        json_safe(
            {
                "schema": SCHEMA,
                "corpus": {
                    "name": c.corpus_name,
                    "charters": len(c.documents),
                    "errors": [e.as_dict() for e in c.errors],
                },
                "embedding": {"model": c.model_id},
                "similarity": {
                    "measure": SIMILARITY_MEASURE,
                    "doc_ids": list(sim.doc_ids),
                    "similarity": sim.similarity,
                    "embedding": sim.embedding,
                    "tfidf": sim.tfidf,
                    "order": list(sim.order),
                    "linkage": sim.linkage,
                },
                "pairs": _pairs(c),
                "charters": _charters(c),
                "articles": c.articles[["doc_id", "article", "heading", "start", "end", "words", "aligned"]].to_dict("records"),
                "values": _values(c),
                "parameters": c.parameters,
                "notes": list(c.notes),
            }
        )
    )


def _pairs(c: CharterComparison) -> list[dict[str, Any]]:
    out = []
    for row in c.pairs().to_dict("records"):
        alignment = c.alignment(row["a"], row["b"])
        out.append(
            {
                **{k: row[k] for k in _PAIR_NUMBERS},
                "passages": [dataclasses.asdict(p) for p in c.reuse.pair(row["a"], row["b"])],
                "articles": {
                    "matched": alignment.matches.to_dict("records"),
                    "unmatched_a": list(alignment.unmatched_a),
                    "unmatched_b": list(alignment.unmatched_b),
                },
            }
        )
    return out


def _charters(c: CharterComparison) -> list[dict[str, Any]]:
    distinctive = c.distinctive_articles()
    words = word_counts({doc.doc_id: doc.text for doc in c.documents})
    out = []
    for doc in c.documents:
        counts = c.values[doc.doc_id]
        mine = c.value_keyness[c.value_keyness["doc_id"] == doc.doc_id]
        terms = c.terms[c.terms["doc_id"] == doc.doc_id]
        arts = distinctive[distinctive["doc_id"] == doc.doc_id]
        out.append(
            {
                "doc_id": doc.doc_id,
                "title": doc.title,
                "group": doc.group,
                "date": doc.date,
                "path": doc.path,
                "characters": len(doc.text),
                "words": words[doc.doc_id],
                "articles": int((c.articles["doc_id"] == doc.doc_id).sum()),
                "reuse_share": c.reuse.shares.get(doc.doc_id, 0.0),
                "values": [str(v) for v, n in zip(c.values["value"], counts) if n > 0],
                "only_values": [str(v) for v, o in zip(c.values["value"], c.values["only_in"]) if o == doc.doc_id],
                "distinctive_values": [str(v) for v in mine.loc[mine["distinctive"], "value"]],
                "distinctive_terms": terms[["term", "z", "count"]].to_dict("records"),
                "distinctive_articles": arts[["article", "heading", "start", "end"]].to_dict("records"),
            }
        )
    return out


def _values(c: CharterComparison) -> list[dict[str, Any]]:
    ids = [d.doc_id for d in c.documents]
    z = c.value_keyness.pivot(index="value", columns="doc_id", values="z")
    out = []
    for row in c.values.to_dict("records"):
        value = row["value"]
        out.append(
            {
                "value": value,
                "counts": {d: row[d] for d in ids},
                "z": {d: z.loc[value, d] for d in ids},
                "charters": row["charters"],
                "shared": row["shared"],
                "only_in": row["only_in"],
                "distinctive_of": list(row["distinctive_of"]),
            }
        )
    return out


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, float) and math.isfinite(value):
        rounded = round(value, _DIGITS)
        return 0.0 if rounded == 0 else rounded  # no "-0.0" in the file
    return value
