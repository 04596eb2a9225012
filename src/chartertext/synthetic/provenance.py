"""A planted charter whose articles have a known author, as vectors: the truth charter provenance is tested on.

Groups of unequal volume (more meetings of the same size) talk around their own centre; each
authored article paraphrases one segment of its author's minutes; some articles no group wrote
(drawn like the placebo articles, from nowhere in the minutes). The model, with all vectors
L2-normalised after drawing::

    segment i of meeting M of group g:   x_i = c_g + a_M + e_i
    article written by g from segment j: v = x_j / |x_j| + paraphrase · u        (u ~ N(0, I/dim))
    article nobody wrote, placebo:       v = u

with centres :math:`c_g \\sim N(0, \\text{spread}^2/\\text{dim}\\, I)`, meeting effects
:math:`a_M \\sim N(0, \\text{icc}/\\text{dim}\\, I)`, noise :math:`e_i \\sim N(0, (1-\\text{icc})/\\text{dim}\\, I)`.
Texts are placeholders ("g0 m3 s2"): used with ``lexical_weight=0`` the test is of the
attribution, not of the character n-grams.

Optionally an article is *echoed*: a later meeting of another group quotes its source segment
(the source with the same small noise as a paraphrase), so that similarity alone cannot tell who
said it first and ``first_said`` must.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

#: The name the truth gives an article no group wrote (as :data:`chartertext.metrics.placebo.UNATTRIBUTED`).
NOBODY = "unattributed"


@dataclass(frozen=True)
class PlantedCharter:
    """Minutes, a charter with a known author per article, and placebo articles.

    Attributes
    ----------
    minutes : pandas.DataFrame
        ``group``, ``date``, ``doc_id`` (meeting), ``segment_id``, ``text``.
    minutes_vectors : ndarray of shape (n_segments, dim)
    charter : pandas.DataFrame
        One segment per article: ``segment_id``, ``kind`` ("article"), ``heading``
        ("Article 1", ...), ``text``, ``date`` (after every meeting).
    charter_vectors : ndarray of shape (n_articles, dim)
    authors : tuple of str
        Per article, its author group or ``"unattributed"``.
    first : tuple of str or None
        Per article, the group that said it first (its author; None for nobody's articles).
    placebo : tuple of str
    placebo_vectors : ndarray of shape (n_placebo, dim)
    """

    minutes: pd.DataFrame
    minutes_vectors: NDArray[np.float64]
    charter: pd.DataFrame
    charter_vectors: NDArray[np.float64]
    authors: tuple[str, ...]
    first: tuple[str | None, ...]
    placebo: tuple[str, ...]
    placebo_vectors: NDArray[np.float64]


def planted_charter(
    seed: int,
    *,
    volumes: Sequence[int] = (1, 5, 10),
    base_meetings: int = 4,
    segments_per_meeting: int = 6,
    authored_per_group: int = 4,
    unwritten: int = 6,
    n_placebo: int = 50,
    paraphrase: float = 1.2,
    icc: float = 0.2,
    spread: float = 0.6,
    echoes: int = 0,
    dim: int = 64,
    start: dt.date = dt.date(2024, 1, 1),
) -> PlantedCharter:
    """Draw a planted charter (see the module docstring).

    Parameters
    ----------
    seed : int
    volumes : sequence of int, default (1, 5, 10)
        Per group, its volume as a multiple of ``base_meetings`` meetings.
    base_meetings, segments_per_meeting : int
    authored_per_group : int
        Articles each group wrote (the same number for every group, whatever its volume).
    unwritten : int
        Articles no group wrote.
    n_placebo : int
    paraphrase : float, default 1.2
        Norm scale of the noise between a source segment and its article (cosine ≈ 0.64).
    icc, spread : float
        Share of a segment's noise due to its meeting; norm scale of the group centres.
    echoes : int, default 0
        Authored articles (of the smallest group first) whose source a later meeting of the
        largest group quotes.
    dim : int
    start : datetime.date
        Meetings are a week apart, each group's in its own sequence from ``start``.
    """
    rng = np.random.default_rng(seed)
    unit = lambda v: v / np.linalg.norm(v, axis=-1, keepdims=True)  # noqa: E731
    rows, vectors = [], []
    sources: dict[str, list[int]] = {}
    for g, volume in enumerate(volumes):
        name = f"groupe-{g}"
        centre = rng.normal(scale=spread / np.sqrt(dim), size=dim)
        for m in range(base_meetings * volume):
            effect = rng.normal(scale=np.sqrt(icc / dim), size=dim)
            noise = rng.normal(scale=np.sqrt((1 - icc) / dim), size=(segments_per_meeting, dim))
            day = start + dt.timedelta(days=7 * m + g)
            for s in range(segments_per_meeting):
                sources.setdefault(name, []).append(len(rows))
                rows.append((name, day, f"{name}-m{m:03d}", f"{name}:{m:03d}:{s}", f"g{g} m{m} s{s}"))
            vectors.append(centre + effect + noise)
    x = unit(np.vstack(vectors))
    charter, authors, first = [], [], []
    for g in range(len(volumes)):
        name = f"groupe-{g}"
        picks = rng.choice(sources[name], size=authored_per_group, replace=False)
        for j in picks:
            charter.append(unit(x[j] + paraphrase * rng.normal(scale=1 / np.sqrt(dim), size=dim)))
            authors.append(name)
            first.append(name)
    charter += list(unit(rng.normal(size=(unwritten, dim))))
    authors += [NOBODY] * unwritten
    first += [None] * unwritten
    minutes = pd.DataFrame(rows, columns=["group", "date", "doc_id", "segment_id", "text"])
    extra = []
    largest = int(np.argmax(volumes))
    last_day = minutes["date"].max()
    for k in range(min(echoes, len(charter))):
        # Quote the source of article k in a meeting of the largest group after every other meeting.
        article = charter[k]
        day = last_day + dt.timedelta(days=7 * (k + 1))
        name = f"groupe-{largest}"
        extra.append((name, day, f"{name}-echo{k}", f"{name}:echo:{k}", f"écho {k}"))
        vectors_k = unit(article + 0.3 * rng.normal(scale=1 / np.sqrt(dim), size=dim))
        x = np.vstack([x, vectors_k])
    if extra:
        minutes = pd.concat([minutes, pd.DataFrame(extra, columns=minutes.columns)], ignore_index=True)
    charter_date = minutes["date"].max() + dt.timedelta(days=30)
    table = pd.DataFrame(
        {
            "segment_id": [f"charte:{a:03d}" for a in range(len(charter))],
            "kind": "article",
            "heading": [f"Article {a + 1}" for a in range(len(charter))],
            "text": [f"article {a + 1}" for a in range(len(charter))],
            "date": charter_date,
        }
    )
    placebo_vectors = unit(rng.normal(size=(n_placebo, dim)))
    return PlantedCharter(
        minutes=minutes,
        minutes_vectors=x,
        charter=table,
        charter_vectors=np.vstack(charter),
        authors=tuple(authors),
        first=tuple(first),
        placebo=tuple(f"placebo {p}" for p in range(n_placebo)),
        placebo_vectors=placebo_vectors,
    )


def attribution_scores(planted: PlantedCharter, result: Any) -> dict[str, float]:
    """How a :class:`~chartertext.metrics.ProvenanceResult` reads a planted charter.

    The attributed group is ``attributed_group`` when the result is calibrated, else
    ``top_group`` (the raw softmax has no "unattributed").

    Returns
    -------
    dict
        ``accuracy`` (written articles given to their author), ``missed`` (written articles left
        unattributed), ``unattributed_unwritten`` (articles nobody wrote left unattributed),
        ``largest_on_unwritten`` (mean weight of the largest group on articles nobody wrote),
        ``largest_share`` and ``unattributed_share`` (of the whole charter, from ``shares``);
        NaN where no article of the kind exists.
    """
    articles = result.articles
    column = "attributed_group" if "attributed_group" in articles.columns else "top_group"
    got = articles[column].to_numpy(dtype=object)
    authors = np.array(planted.authors, dtype=object)
    written = authors != NOBODY
    largest = planted.minutes["group"].value_counts().idxmax()
    on_largest = np.array([w.get(largest, 0.0) for w in articles["weights"]])
    shares = result.shares.set_index("group")["share"]
    mean = lambda v: float(np.mean(v)) if len(v) else float("nan")  # noqa: E731
    return {
        "accuracy": mean(got[written] == authors[written]),
        "missed": mean(got[written] == NOBODY),
        "unattributed_unwritten": mean(got[~written] == NOBODY),
        "largest_on_unwritten": mean(on_largest[~written]),
        "largest_share": float(shares.get(largest, 0.0)),
        "unattributed_share": float(shares.get(NOBODY, 0.0)),
    }
