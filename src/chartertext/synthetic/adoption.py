"""Planted value adoption: French-looking minutes where each group adopts each value at a known meeting.

Groups differ in volume (words per meeting) and in how often they meet; every value has a
background rate of mentions in every group (the lexicon's words occur in ordinary talk), and a
group that adopts a value speaks of it at a higher rate from its adoption meeting on. Meetings
are clustered: each meeting's rate of each value is multiplied by a gamma draw of mean 1
(``meeting_shape``; smaller = more clustered), as one agenda item on a value brings several
mentions at once. The truth is the meeting (and date) of each adoption, or None.

The text is filler words that are no lexicon term, with the value terms dropped in at random
places, in segments of about ``segment_words`` words; a segment table like
:func:`chartertext.corpus.ingest_corpus` gives (``group``, ``date``, ``doc_id``, ``segment_id``,
``text``, ``meeting``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..values import ValueLexicon, load_lexicon

#: Words of ordinary minutes that speak of no value of the bundled lexicon.
FILLER: tuple[str, ...] = (
    "ordre", "jour", "point", "budget", "dossier", "réunion", "compte", "rendu", "commission", "séance",
    "calendrier", "rapport", "projet", "locaux", "salle", "horaires", "courrier", "tableau", "chiffres",
    "prochaine", "date", "présentation", "bilan", "financement", "convention", "partenaire", "service",
    "mairie", "quartier", "association", "délai", "travaux", "question", "réponse", "vote", "secrétaire",
    "président", "membres", "document", "annexe", "lecture", "proposition", "groupe", "atelier", "suivi",
)  # fmt: skip


@dataclass(frozen=True)
class PlantedGroup:
    """A group of the planted corpus: words per meeting and days between meetings."""

    words: int
    every_days: int


@dataclass(frozen=True)
class PlantedAdoption:
    """A planted corpus and its truth.

    Attributes
    ----------
    segments : pandas.DataFrame
        ``group``, ``date``, ``doc_id``, ``meeting``, ``segment_id``, ``text``.
    truth : pandas.DataFrame
        One row per value × group: ``value``, ``group``, ``adopted`` (bool), ``meeting`` (the
        adoption meeting or None), ``date`` (its date or None), ``n_meetings``.
    """

    segments: pd.DataFrame
    truth: pd.DataFrame


def planted_adoption(
    groups: Mapping[str, PlantedGroup],
    adoption: Mapping[tuple[str, str], float | None],
    values: Sequence[str],
    *,
    start: dt.date = dt.date(2024, 1, 8),
    span_days: int = 364,
    background: float = 0.5,
    adopted_rate: float = 5.0,
    meeting_shape: float = 2.0,
    segment_words: int = 100,
    seed: int = 0,
    lexicon: ValueLexicon | None = None,
) -> PlantedAdoption:
    """Draw a planted corpus (see the module docstring).

    Parameters
    ----------
    groups : mapping of str to PlantedGroup
    adoption : mapping of (value, group) to float or None
        When the group adopts the value, as a fraction of the span (0.4 = at 40% of the year:
        the first meeting on or after that day); None or absent = never.
    values : sequence of str
        Value names of the lexicon that the corpus speaks of.
    start : datetime.date
    span_days : int
    background : float
        Mentions per 1,000 words of each value before adoption, in every group.
    adopted_rate : float
        Mentions per 1,000 words from the adoption meeting on.
    meeting_shape : float
        Shape of the gamma meeting effect on the rate (mean 1, variance 1 / shape).
    segment_words : int
    seed : int
    lexicon : ValueLexicon, optional
        Default: the bundled French lexicon.

    Returns
    -------
    PlantedAdoption
    """
    lexicon = lexicon or load_lexicon()
    terms = {v.name: [t for t in v.terms if " " not in t] for v in lexicon.values}
    unknown = [v for v in values if v not in terms]
    if unknown:
        raise ConfigError(f"values {unknown} are not in the lexicon. Fix: use names of lexicon.names.")
    if any(lexicon.find(word) for word in FILLER):
        raise ConfigError("a filler word is a lexicon term: the planted background would not be the one set.")
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for group, spec in groups.items():
        days = list(range(0, span_days + 1, spec.every_days))
        dates = [start + dt.timedelta(days=d) for d in days]
        onset = {v: _onset(adoption.get((v, group)), days, span_days) for v in values}
        for i, date in enumerate(dates):
            meeting = f"{group}-{date.isoformat()}"
            words = list(rng.choice(FILLER, size=spec.words))
            for v in values:
                rate = adopted_rate if onset[v] is not None and i >= onset[v] else background
                effect = rng.gamma(meeting_shape, 1 / meeting_shape)
                for _ in range(rng.poisson(rate * effect * spec.words / 1000)):
                    words.insert(int(rng.integers(0, len(words) + 1)), str(rng.choice(terms[v])))
            for k, s in enumerate(range(0, len(words), segment_words)):
                text = " ".join(words[s : s + segment_words]).capitalize() + "."
                rows.append((group, date, meeting, meeting, f"{meeting}:{k:04d}", text))
        for v in values:
            k = onset[v]
            truth.append((v, group, k is not None, None if k is None else f"{group}-{dates[k].isoformat()}",
                          None if k is None else dates[k], len(dates)))  # fmt: skip
    segments = pd.DataFrame(rows, columns=["group", "date", "doc_id", "meeting", "segment_id", "text"])
    return PlantedAdoption(
        segments, pd.DataFrame(truth, columns=["value", "group", "adopted", "meeting", "date", "n_meetings"])
    )


def _onset(fraction: float | None, days: list[int], span_days: int) -> int | None:
    """Index of the first meeting on or after ``fraction`` of the span; None for never (or after the last meeting)."""
    if fraction is None:
        return None
    return next((i for i, d in enumerate(days) if d >= fraction * span_days), None)
