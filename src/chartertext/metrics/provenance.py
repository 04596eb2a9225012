"""Charter provenance: which minutes each charter article comes from, and each group's share of the charter.

:func:`charter_provenance` compares every charter article with every minutes segment dated
before the charter, keeps the closest segments as evidence, and spreads each article over the
groups by how closely each group came to writing it.

Articles
--------
Charter segments of the kinds ``preamble``, ``article`` and ``list_item`` are grouped into
articles by ``heading``: consecutive segments sharing a heading form one article (an article of
several paragraphs, a list under one heading); segments without a heading each stand alone.

Score of a minutes segment for an article
-----------------------------------------
``score = (1 - lexical_weight) · semantic + lexical_weight · lexical``, with

- ``semantic``: the highest cosine between the segment and the article's segments, after the
  anisotropy correction (:class:`~chartertext.metrics.semantic.AnisotropyCorrection`) fitted on
  minutes and charter together (all top directions removed: see ``correction`` below);
- ``lexical``: the cosine of TF-IDF vectors of character 3- to 5-grams within word bounds
  (sublinear tf, idf from minutes and charter) between the whole article and the segment.
  Character n-grams catch verbatim and near-verbatim reuse — the trace provenance is about —
  through inflection ("digne"/"dignes") and without a lemmatiser; accents are kept.

On the demo corpus (20 value articles, designed contributors in its README) the top group was
the designed one for 18/20 articles with the semantic score alone and 19/20 with the lexical
score alone or blended at 0.5; the 20th (respect) went to the commission the README names as
its co-author. The default blend 0.5 weighs both equally.

Attribution
-----------
Each group's score for an article is its best segment's score. The article is spread over the
groups by a softmax of those scores with ``temperature`` (default 0.02: a lead of 0.05 in score
gives the leader ~12 times the weight of the runner-up; a tie splits evenly, so an article two
commissions wrote together is shared rather than given to one of them at random);
``temperature=0`` gives the whole article to the best group. A group's ``share`` of the charter
is the mean of its weights over the articles (each article counts once, whatever its length),
with a bootstrap interval resampling articles. The ``margin`` of an article (best group's score
minus the second's) says how clear its attribution is.

Only minutes dated strictly before the charter count: earlier drafts discussed in commission
yes, the plenary that reads the final text on adoption day or later comments no.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from ..errors import ConfigError, CorpusError
from ..jsonsafe import is_missing
from ..segment.charter_structure import ARTICLE_KINDS, group_articles
from .inputs import as_date, embedding_matrix, require_columns
from .placebo import UNATTRIBUTED, calibrated_attribution, calibrated_shares, check_temperature
from .provenance_result import ProvenanceResult
from .quotes import clip_quote
from .semantic import AnisotropyCorrection
from .stats import basic_interval

#: Character n-gram range of the lexical score.
NGRAM_RANGE: tuple[int, int] = (3, 5)


def charter_provenance(
    minutes: pd.DataFrame,
    minutes_embeddings: ArrayLike,
    charter: pd.DataFrame,
    charter_embeddings: ArrayLike,
    *,
    top_k: int = 5,
    lexical_weight: float = 0.5,
    temperature: float = 0.02,
    correction: AnisotropyCorrection | None = None,
    charter_date: dt.date | str | None = None,
    seed: int = 0,
    n_bootstrap: int = 1000,
    ci_level: float = 0.95,
    placebo: Sequence[str] | None = None,
    placebo_embeddings: ArrayLike | None = None,
    placebo_quantile: float = 0.95,
    calibrated_temperature: float = 0.5,
) -> ProvenanceResult:
    """Attribute each charter article to the minutes (and groups) it most likely comes from.

    Parameters
    ----------
    minutes : pandas.DataFrame
        Minutes segments with columns ``group``, ``date``, ``doc_id``, ``segment_id``, ``text``.
        Rows without a group or a date, or dated on or after the charter, are left out
        (counted in ``warnings``).
    minutes_embeddings : array-like of shape (n, dim)
        Row-aligned with ``minutes``.
    charter : pandas.DataFrame
        The charter's segments (one charter), in reading order, with columns ``segment_id``,
        ``kind``, ``heading``, ``text`` and optionally ``date``. Rows of other kinds than
        ``ARTICLE_KINDS`` are ignored.
    charter_embeddings : array-like of shape (m, dim)
        Row-aligned with ``charter``.
    top_k : int, default 5
        Matches kept per article as evidence.
    lexical_weight : float in [0, 1], default 0.5
        Weight of the character n-gram score in the blend (0: embeddings only).
    temperature : float ≥ 0, default 0.02
        Softmax temperature of the attribution over groups; 0 gives each article to its best
        group (ties split evenly).
    correction : AnisotropyCorrection, optional
        Default: fitted here on the compared minutes and the charter stacked, removing every
        top direction (all-but-the-top, no group protection). Unlike
        :func:`.alignment.charter_alignment`, which reads the broad contrast between theme talk
        and charter talk, provenance matches one article to one passage: the broad directions
        (charter style vs minutes style, one commission's field vs another's) are noise here.
        Measured on the demo corpus, embeddings only, counting article 2's co-author: 19/20 value
        articles to their designed commission without group protection, 17/20 with it.
    charter_date : datetime.date or ISO str, optional
        Minutes on or after this date are left out. Default: the earliest ``date`` of the
        charter rows; without any, every dated minutes segment counts (a warning says so).
    seed : int, default 0
        Seed of the bootstrap (over articles uncalibrated, over meetings calibrated).
    n_bootstrap : int, default 1000
        0 gives NaN intervals.
    ci_level : float, default 0.95
    placebo : sequence of str, optional
        Placebo articles (no group wrote them); with them the attribution is calibrated for
        volume (:mod:`.placebo`). Need at least two.
    placebo_embeddings : array-like of shape (len(placebo), dim), optional
        Row-aligned with ``placebo``, from the same embedder as the minutes.
    placebo_quantile : float in (0, 1), default 0.95
        Quantile of a group's placebo best scores an article must beat to be attributed to it.
    calibrated_temperature : float ≥ 0, default 0.5
        Softmax temperature over the calibrated z of the groups above their level.

    Returns
    -------
    ProvenanceResult

    Raises
    ------
    CorpusError
        Missing columns, embeddings not aligned with their rows, no article or no minutes
        segment left to compare.
    ConfigError
        A parameter out of range.
    """
    if top_k < 1 or not 0.0 <= lexical_weight <= 1.0 or temperature < 0 or n_bootstrap < 0:
        raise ConfigError(
            f"top_k={top_k}, lexical_weight={lexical_weight}, temperature={temperature}, n_bootstrap={n_bootstrap}: "
            f"need top_k ≥ 1, 0 ≤ lexical_weight ≤ 1, temperature ≥ 0, n_bootstrap ≥ 0. "
            f"Fix: e.g. top_k=5, lexical_weight=0.5, temperature=0.02."
        )
    if placebo is not None:
        check_temperature(placebo_quantile, calibrated_temperature)
    require_columns(minutes, ("group", "date", "doc_id", "segment_id", "text"), "minutes")
    require_columns(charter, ("segment_id", "kind", "heading", "text"), "charter")
    x = embedding_matrix(minutes_embeddings, len(minutes), "minutes")
    c = embedding_matrix(charter_embeddings, len(charter), "charter", x.shape[1])
    warnings: list[str] = []
    cutoff = _charter_date(charter, charter_date, warnings)
    kept, dates = _candidates(minutes, cutoff, warnings)
    articles = group_articles(charter)
    if not articles:
        raise CorpusError(
            f"the charter has no segment of kind {', '.join(ARTICLE_KINDS)}. "
            f"Fix: pass the charter's segments (doc_kind 'charter') as segmented by chartertext."
        )
    if not len(kept):
        raise CorpusError(
            f"no minutes segment with a group and a date before {cutoff} is left to compare with the charter. "
            f"Fix: check the minutes' dates and groups, or the charter date."
        )
    groups = minutes["group"].astype(object).to_numpy()[kept].astype(str)
    texts = [str(t) for t in minutes["text"].to_numpy(dtype=object)[kept]]
    if correction is None:
        correction = AnisotropyCorrection.fit(np.vstack([x[kept], c]))
    cosine = correction.apply(c) @ correction.apply(x[kept]).T  # (charter segments, candidates)
    semantic = np.vstack([cosine[rows].max(axis=0) for _, _, rows in articles])
    placebo_texts = [str(t) for t in placebo] if placebo is not None else []
    if placebo is not None:
        if len(placebo_texts) < 2:
            raise CorpusError(f"{len(placebo_texts)} placebo article(s): need at least two. Fix: pass placebo_articles().")
        p = embedding_matrix(placebo_embeddings, len(placebo_texts), "placebo", x.shape[1])
        semantic = np.vstack([semantic, correction.apply(p) @ correction.apply(x[kept]).T])
        if UNATTRIBUTED in set(groups):
            raise CorpusError(f"a group is named {UNATTRIBUTED!r}, the name of the class of articles no group wrote.")
    # Placebo articles join the vocabulary: n-grams unknown to the vectoriser would be dropped before
    # normalising, inflating the placebo's lexical cosines against the charter's. (Uncalibrated, as before.)
    read = [text for _, text, _ in articles] + placebo_texts
    lexical = _lexical(read, texts, [*(str(t) for t in charter["text"]), *placebo_texts])
    every = (1 - lexical_weight) * semantic + lexical_weight * lexical  # articles then placebo articles
    scores, semantic, lexical = every[: len(articles)], semantic[: len(articles)], lexical[: len(articles)]

    group_names = sorted(set(groups))
    member = np.vstack([groups == g for g in group_names])  # (groups, candidates)
    best = np.where(member[None, :, :], scores[:, None, :], -np.inf).max(axis=2)  # (articles, groups)
    info = minutes.iloc[kept]
    if placebo is not None:
        weights, extras, levels, replicates = calibrated_attribution(
            every, len(articles), groups, info, dates, group_names,
            quantile=placebo_quantile, temperature=calibrated_temperature, n_bootstrap=n_bootstrap, seed=seed,
        )
        names = [*group_names, UNATTRIBUTED]
    else:
        weights, extras, levels, replicates = _attribution(best, temperature), None, None, None
        names = group_names
    segment_ids = charter["segment_id"].astype(str).to_numpy()
    records, matches = [], []
    for a, (heading, text, rows) in enumerate(articles):
        order = np.argsort(-scores[a], kind="stable")[:top_k]
        evidence = []
        for rank, j in enumerate(order, start=1):
            match = {
                "article": a + 1,
                "rank": rank,
                "group": groups[j],
                "date": dates[j],
                "doc_id": str(info["doc_id"].iloc[j]),
                "segment_id": str(info["segment_id"].iloc[j]),
                "quote": clip_quote(texts[j]),
                "score": float(scores[a, j]),
                "semantic": float(semantic[a, j]),
                "lexical": float(lexical[a, j]),
            }
            matches.append(match)
            evidence.append({k: match[k] for k in ("group", "date", "doc_id", "segment_id", "quote", "score")})
        ranking = np.argsort(-best[a], kind="stable")
        records.append(
            {
                "article": a + 1,
                "heading": heading,
                "text": text,
                "segment_ids": [str(s) for s in segment_ids[rows]],
                "top_group": group_names[ranking[0]],
                "score": float(best[a, ranking[0]]),
                "second_group": group_names[ranking[1]] if len(ranking) > 1 else None,
                "margin": float(best[a, ranking[0]] - best[a, ranking[1]]) if len(ranking) > 1 else float("nan"),
                "weights": {g: float(w) for g, w in zip(names, weights[a])},
                "evidence": evidence,
                **(extras[a] if extras is not None else {}),
            }
        )
    articles_frame = pd.DataFrame.from_records(records)
    # Keep None for articles without a heading (pandas would turn it into NaN in a text column).
    articles_frame["heading"] = pd.Series([r["heading"] for r in records], dtype=object)
    if extras is None:
        shares = _shares(weights, group_names, articles_frame["top_group"], seed, n_bootstrap, ci_level)
    else:
        counts = articles_frame["top_group"].value_counts()
        n_top = [int(counts.get(g, 0)) for g in group_names]
        shares = calibrated_shares(weights, replicates, group_names, n_top, ci_level)
    return ProvenanceResult(
        articles=articles_frame,
        shares=shares,
        matches=pd.DataFrame.from_records(matches),
        charter_date=cutoff,
        lexical_weight=lexical_weight,
        temperature=temperature,
        top_k=top_k,
        seed=seed,
        n_bootstrap=n_bootstrap,
        n_candidates=len(kept),
        warnings=tuple(warnings),
        n_placebo=len(placebo_texts),
        placebo_quantile=placebo_quantile if placebo is not None else None,
        calibrated_temperature=calibrated_temperature if placebo is not None else None,
        levels=levels,
    )


def _lexical(articles: Sequence[str], candidates: Sequence[str], charter_texts: Sequence[str]) -> NDArray[np.float64]:
    """TF-IDF cosine of character n-grams, articles × candidates."""
    # lowercase only; TfidfVectorizer's strip_accents stays None: accents carry meaning in French.
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, sublinear_tf=True, lowercase=True)
    vectorizer.fit([*candidates, *charter_texts])
    a = vectorizer.transform(articles)
    m = vectorizer.transform(candidates)
    return np.asarray((a @ m.T).toarray(), dtype=np.float64)


def _attribution(best: NDArray[np.float64], temperature: float) -> NDArray[np.float64]:
    """Weights of each group per article (rows sum to 1)."""
    if temperature == 0:
        top = best == best.max(axis=1, keepdims=True)
        return top / top.sum(axis=1, keepdims=True)
    z = (best - best.max(axis=1, keepdims=True)) / temperature
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _shares(
    weights: NDArray[np.float64],
    groups: Sequence[str],
    top_groups: pd.Series,
    seed: int,
    n_bootstrap: int,
    ci_level: float,
) -> pd.DataFrame:
    share = weights.mean(axis=0)
    low = np.full(len(groups), np.nan)
    high = np.full(len(groups), np.nan)
    if n_bootstrap:
        rng = np.random.default_rng(np.random.SeedSequence(seed))
        draws = rng.integers(0, len(weights), size=(n_bootstrap, len(weights)))
        replicates = weights[draws].mean(axis=1)  # (n_bootstrap, groups)
        for g in range(len(groups)):
            low[g], high[g] = basic_interval(float(share[g]), replicates[:, g], ci_level)
    counts = top_groups.value_counts()
    frame = pd.DataFrame(
        {
            "group": list(groups),
            "share": share,
            "ci_low": low,
            "ci_high": high,
            "n_top": [int(counts.get(g, 0)) for g in groups],
        }
    )
    return frame.sort_values(["share", "group"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _charter_date(charter: pd.DataFrame, given: dt.date | str | None, warnings: list[str]) -> dt.date | None:
    if given is not None:
        return as_date(given, "charter_date")
    if "date" in charter.columns:
        days = [as_date(d, "charter date") for d in charter["date"] if not is_missing(d)]
        if days:
            return min(days)
    warnings.append(
        "the charter has no date: every dated minutes segment is compared with it, later ones included. "
        "Fix: give the charter a date in the manifest, or pass charter_date."
    )
    return None


def _candidates(
    minutes: pd.DataFrame, cutoff: dt.date | None, warnings: list[str]
) -> tuple[NDArray[np.int64], list[dt.date]]:
    """Positions of the minutes rows compared, and their dates."""
    rows, dates = [], []
    undated = later = 0
    for i, (group, day) in enumerate(zip(minutes["group"], minutes["date"])):
        if is_missing(group) or is_missing(day):
            undated += 1
            continue
        when = as_date(day, f"minutes row {i}")
        if cutoff is not None and when >= cutoff:
            later += 1
            continue
        rows.append(i)
        dates.append(when)
    if undated:
        warnings.append(f"{undated} minutes segment(s) without a group or a date left out of the provenance.")
    if later:
        warnings.append(f"{later} minutes segment(s) dated on or after the charter ({cutoff}) left out.")
    return np.array(rows, dtype=np.int64), dates
