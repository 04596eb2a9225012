"""Planted corpora: French minutes of several commissions whose convergence we set in advance.

``generate_planted_corpus(schedule)`` writes one meeting per group and period. In period t, a
share ``schedule[t]`` of each group's paragraphs speaks of *shared values* (dignité,
solidarité, écoute, respect, participation, ...) in group-neutral sentences; the rest speaks
of the group's *own theme* (rents and landlords for logement, GPs and prevention for santé,
cycle lanes and buses for mobilité, ...). The more shared talk, the less the groups can be
told apart, so a convergence measure must follow the schedule. Tests and benchmarks check the
measures against this known truth.

Sentences come from a few dozen templates per kind with slot fillers, two sentences per
paragraph, so embeddings see varied, natural French rather than repeated strings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..metrics.onset import change_point
from ..records import SEGMENT_COLUMNS
from .templates import NEUTRAL, SHARED_POOLS, SHARED_TEMPLATES, THEME_TEMPLATES, THEMES

#: Rise of the share of shared talk (after minus before) that makes a step an onset.
ONSET_JUMP = 0.2
#: Separator between paragraphs in a planted document's text.
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class PlantedTruth:
    """What the generator planted.

    Attributes
    ----------
    schedule : tuple of float
        Share of shared-value paragraphs per period, as given.
    onset : int or None
        Position of the period where convergence starts: the least-squares single upward step
        of the schedule (:func:`chartertext.metrics.onset.change_point`) when it raises the mean
        share by at least 0.2, else None. For a steady ramp it is mid-ramp, where a detector of a
        single step should land.
    periods : tuple of str
        Month label ("2021-03") of each period, i.e. ``assign_periods(..., "month")`` labels.
    shared : tuple of bool
        For each row of the table, whether the paragraph speaks of shared values.
    documents : dict of str to str
        Full text of each meeting's minutes by doc_id; segment offsets index into it.
    seed : int
    """

    schedule: tuple[float, ...]
    onset: int | None
    periods: tuple[str, ...]
    shared: tuple[bool, ...]
    documents: Mapping[str, str]
    seed: int


def generate_planted_corpus(
    schedule: Sequence[float],
    *,
    groups: Sequence[str] = ("logement", "santé", "mobilité"),
    segments_per_cell: int = 25,
    seed: int = 0,
    start: dt.date = dt.date(2021, 1, 1),
    months_per_period: int = 1,
) -> pd.DataFrame:
    """Segments table of a corpus whose share of shared-value talk follows ``schedule``.

    Parameters
    ----------
    schedule : sequence of float in [0, 1], length T
        Share of each group's paragraphs about shared values in each period.
    groups : sequence of str, default ("logement", "santé", "mobilité")
        Commissions; each must be one of ``THEMES`` (logement, santé, mobilité, éducation,
        emploi).
    segments_per_cell : int, default 25
        Paragraphs per group and period (one meeting).
    seed : int, default 0
    start : datetime.date, default 2021-01-01
        Month of the first period.
    months_per_period : int, default 1
        Months between two periods. Group k meets on day ``start.day + 2k`` of the month.

    Returns
    -------
    pandas.DataFrame
        Columns ``chartertext.records.SEGMENT_COLUMNS``: one document per group × period
        (``doc_id`` "{group}-{date}"), ``kind`` "paragraph", ``doc_kind`` "minutes",
        ``text == truth.documents[doc_id][start:end]``. The :class:`PlantedTruth` is in
        ``df.attrs["truth"]`` (see :func:`planted_truth`).

    Examples
    --------
    >>> df = generate_planted_corpus([0.1, 0.9], segments_per_cell=4)
    >>> len(df), planted_truth(df).onset
    (24, 1)
    """
    shares = [float(s) for s in schedule]
    if not shares or any(not 0.0 <= s <= 1.0 for s in shares):
        raise ConfigError(f"schedule {list(schedule)} must be a non-empty list of shares in [0, 1]. Fix: e.g. [0.1, 0.5, 0.8].")
    unknown = [g for g in groups if g not in THEMES]
    if unknown or len(set(groups)) < 2:
        raise ConfigError(
            f"groups {list(groups)}: need at least two distinct groups among {', '.join(THEMES)}"
            f"{'; unknown: ' + ', '.join(unknown) if unknown else ''}. Fix: choose groups from that list."
        )
    if segments_per_cell < 1 or months_per_period < 1:
        raise ConfigError("segments_per_cell and months_per_period must be at least 1. Fix: use positive values.")

    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []
    shared_flags: list[bool] = []
    documents: dict[str, str] = {}
    labels = []
    for t, share in enumerate(shares):
        first = _add_months(start.replace(day=1), t * months_per_period)
        labels.append(f"{first.year:04d}-{first.month:02d}")
        for k, group in enumerate(groups):
            day = first.replace(day=min(28, start.day + 2 * k))
            doc_id = f"{group}-{day.isoformat()}"
            n_shared = int(round(share * segments_per_cell))
            is_shared = np.zeros(segments_per_cell, dtype=bool)
            is_shared[rng.permutation(segments_per_cell)[:n_shared]] = True
            header = f"Compte rendu de la commission {group} — réunion du {_french_date(day)}"
            text = header
            for n, flag in enumerate(is_shared):
                paragraph = _paragraph(rng, group, bool(flag))
                begin = len(text) + len(PARAGRAPH_BREAK)
                text = text + PARAGRAPH_BREAK + paragraph
                rows.append(
                    {
                        "doc_id": doc_id,
                        "segment_id": f"{doc_id}:{n:04d}",
                        "kind": "paragraph",
                        "heading": None,
                        "speaker": None,
                        "text": paragraph,
                        "start": begin,
                        "end": begin + len(paragraph),
                        "group": group,
                        "date": day,
                        "doc_kind": "minutes",
                    }
                )
                shared_flags.append(bool(flag))
            documents[doc_id] = text
    frame = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    frame.attrs["truth"] = PlantedTruth(
        schedule=tuple(shares),
        onset=planted_onset(shares),
        periods=tuple(labels),
        shared=tuple(shared_flags),
        documents=documents,
        seed=seed,
    )
    return frame


def planted_truth(segments: pd.DataFrame) -> PlantedTruth:
    """The truth attached to a planted segments table."""
    truth = segments.attrs.get("truth")
    if not isinstance(truth, PlantedTruth):
        raise ConfigError(
            "this table carries no planted truth (df.attrs['truth']). "
            "Fix: use the table returned by generate_planted_corpus, before operations that drop attrs."
        )
    return truth


def planted_onset(schedule: Sequence[float], jump: float = ONSET_JUMP) -> int | None:
    """Position of the best single upward step of a schedule if it rises by ``jump`` or more."""
    y = np.asarray(schedule, dtype=np.float64)
    if len(y) < 2:
        return None
    k = int(change_point(y)[0])
    return k if y[k:].mean() - y[:k].mean() >= jump else None


def _paragraph(rng: np.random.Generator, group: str, shared: bool) -> str:
    templates = SHARED_TEMPLATES if shared else THEME_TEMPLATES
    chosen = rng.choice(len(templates), size=2, replace=False)
    return " ".join(_fill(rng, templates[i], group) for i in chosen)


def _fill(rng: np.random.Generator, template: str, group: str) -> str:
    pools = {**NEUTRAL, **SHARED_POOLS, **THEMES[group]}
    used: dict[str, list[str]] = {}
    out = template
    while "{" in out:
        slot = out[out.index("{") + 1 : out.index("}")]
        base = slot.rstrip("0123456789")
        # Two slots of one kind in a sentence ({objet}, {objet2}) get different fillers.
        options = [o for o in pools[base] if o not in used.get(base, [])] or list(pools[base])
        value = options[int(rng.integers(len(options)))]
        used.setdefault(base, []).append(value)
        out = out.replace("{" + slot + "}", value, 1)
    for pattern, replacement in _CONTRACTIONS:
        out = pattern.sub(replacement, out)
    return out[0].upper() + out[1:]


# French contractions a slot filler can create: "à les jeunes" → "aux jeunes", "que un" → "qu'un".
_CONTRACTIONS = [
    (re.compile(r"\bà les\b"), "aux"),
    (re.compile(r"\bde les\b"), "des"),
    (re.compile(r"\bà le\b"), "au"),
    (re.compile(r"\bde le\b"), "du"),
    (re.compile(r"\bque (un|une|il|elle)\b"), r"qu'\1"),
]


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _french_date(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"
