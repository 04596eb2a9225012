"""Shared and distinctive values and words of each charter.

Values
------
The value lexicon (:func:`chartertext.values.load_lexicon`) is matched in each charter's
whole normalised text, headings included ("Article 12 – Respect de la dignité" speaks of
dignity). :func:`value_counts` gives the values × charters table of mentions.

A value is *shared* when at least two charters mention it, *only in* a charter when that
charter alone mentions it. Its *keyness* in a charter is the z-score of the weighted log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008;
:func:`chartertext.metrics.lexical.log_odds_z`) of that charter's mentions against the other
charters pooled. Every word that is not a value mention counts in one extra "other words"
column, so the odds are those of a word being a mention of the value: a long charter is not
more distinctive for mentioning a value as often as a short one. The prior is the pooled
counts of all compared charters, weighted ``prior_weight`` × their words. A value is
*distinctive* of a charter when its z exceeds 1.96.

Words
-----
:func:`term_keyness` ranks each charter's lemmas by the same log-odds z against the other
charters (:func:`chartertext.metrics.lexical.distinctive_terms`), on the lemmas of
:class:`chartertext.topics.FrenchLemmaAnalyzer` (accents kept, stop words out).

References
----------
Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical feature
selection and evaluation for identifying the content of political conflict. Political
Analysis, 16(4), 372–403.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..metrics.lexical import Z_THRESHOLD, distinctive_terms, log_odds_z, term_matrix
from ..values import ValueLexicon

#: Columns of :func:`value_keyness`.
KEYNESS_COLUMNS: tuple[str, ...] = ("value", "doc_id", "count", "per_10k_words", "z", "distinctive")

_WORD = re.compile(r"[\w\u0300-\u036f]+")


def value_counts(texts: Mapping[str, str], lexicon: ValueLexicon) -> pd.DataFrame:
    """Mentions of each value in each text.

    Parameters
    ----------
    texts : mapping of str to str
        doc_id to the charter's normalised text.
    lexicon : ValueLexicon

    Returns
    -------
    pandas.DataFrame
        Index: the lexicon's value names (file order), named ``value``; one integer column per
        doc_id, in the mapping's order.
    """
    counts = pd.DataFrame(0, index=pd.Index(list(lexicon.names), name="value"), columns=list(texts), dtype=np.int64)
    for doc_id, text in texts.items():
        for name, _, _ in lexicon.find(text):
            counts.loc[name, doc_id] += 1
    return counts


def word_counts(texts: Mapping[str, str]) -> dict[str, int]:
    """Words (runs of letters and digits) of each text."""
    return {doc_id: len(_WORD.findall(text)) for doc_id, text in texts.items()}


def value_keyness(
    counts: pd.DataFrame,
    words: Mapping[str, int],
    *,
    prior_weight: float = 0.1,
    z_threshold: float = Z_THRESHOLD,
) -> pd.DataFrame:
    """Log-odds z of each value in each charter against the others.

    Parameters
    ----------
    counts : pandas.DataFrame
        Values × charters mentions (:func:`value_counts`).
    words : mapping of str to int
        Words of each charter (:func:`word_counts`); at least its value mentions.
    prior_weight : float, default 0.1
        :math:`\\alpha_0` as a share of all compared words.
    z_threshold : float, default 1.96

    Returns
    -------
    pandas.DataFrame
        Columns ``KEYNESS_COLUMNS``, one row per value × charter (values in lexicon order,
        charters in column order); ``per_10k_words`` is mentions per 10,000 words.

    Examples
    --------
    >>> counts = pd.DataFrame({"a": [8, 1], "b": [0, 1]}, index=pd.Index(["laïcité", "dignité"], name="value"))
    >>> k = value_keyness(counts, {"a": 300, "b": 300})
    >>> k[k["distinctive"]][["value", "doc_id"]].values.tolist()
    [['laïcité', 'a']]
    """
    docs = list(counts.columns)
    y = counts.to_numpy(dtype=np.float64).T  # (charters, values)
    total_words = np.array([max(float(words[d]), y[i].sum()) for i, d in enumerate(docs)])
    other = (total_words - y.sum(axis=1))[:, None]
    full = np.hstack([y, other])  # the last column: words that mention no value
    pooled = full.sum(axis=0)
    rows = []
    for i, doc_id in enumerate(docs):
        z = log_odds_z(full[i], pooled - full[i], pooled, prior_weight * pooled.sum())[:-1]
        for v, value in enumerate(counts.index):
            rows.append(
                {
                    "value": str(value),
                    "doc_id": doc_id,
                    "count": int(y[i, v]),
                    "per_10k_words": float(1e4 * y[i, v] / total_words[i]) if total_words[i] else 0.0,
                    "z": float(z[v]),
                    "distinctive": bool(z[v] > z_threshold),
                }
            )
    frame = pd.DataFrame(rows, columns=list(KEYNESS_COLUMNS))
    order = {name: k for k, name in enumerate(counts.index)}
    return frame.sort_values("value", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def values_table(counts: pd.DataFrame, keyness: pd.DataFrame) -> pd.DataFrame:
    """The values × charters table of the report: counts, presence and distinctiveness.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`value_counts`.
    keyness : pandas.DataFrame
        From :func:`value_keyness` on the same counts.

    Returns
    -------
    pandas.DataFrame
        ``value``; one count column per charter; ``charters`` (how many mention it);
        ``shared`` (≥ 2 charters); ``only_in`` (the doc_id when exactly one charter mentions it,
        else None); ``distinctive_of`` (list of doc_ids where its z exceeds the threshold).
    """
    table = counts.reset_index()
    present = counts.to_numpy() > 0
    table["charters"] = present.sum(axis=1)
    table["shared"] = table["charters"] >= 2
    docs = list(counts.columns)
    table["only_in"] = pd.Series(
        [docs[int(np.flatnonzero(row)[0])] if row.sum() == 1 else None for row in present], dtype=object
    )
    marked = keyness[keyness["distinctive"]]
    by_value: dict[str, list[str]] = {}
    for value, doc_id in zip(marked["value"], marked["doc_id"]):
        by_value.setdefault(str(value), []).append(str(doc_id))
    table["distinctive_of"] = pd.Series([by_value.get(str(v), []) for v in table["value"]], dtype=object)
    return table


def term_keyness(
    tokens: Sequence[Sequence[str]], owners: Sequence[str], *, top: int = 15, prior_weight: float = 0.1
) -> pd.DataFrame:
    """The most distinctive lemmas of each charter against the others.

    Parameters
    ----------
    tokens : sequence of sequence of str
        Lemmas of each article.
    owners : sequence of str
        doc_id of each article.
    top : int, default 15
        Lemmas kept per charter.
    prior_weight : float, default 0.1

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``term``, ``z``, ``count``; per charter by decreasing z, terms with
        z ≤ 0 left out.
    """
    counts, vocabulary = term_matrix(tokens)
    frame = distinctive_terms(counts, vocabulary, list(owners), prior_weight=prior_weight, top=top)
    frame = frame[frame["z"] > 0].rename(columns={"group": "doc_id"})
    return frame.reset_index(drop=True)
