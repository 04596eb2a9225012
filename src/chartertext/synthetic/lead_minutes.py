"""Planted leader–follower minutes in French: the text-level counterpart of :mod:`.lead`.

Each group's meetings speak half of its own theme (rents for logement, GPs for santé, ...) and
half of the *agenda*: a theme of nobody's own (mobilité, éducation, emploi) that changes every
``agenda_days`` days. A group with lag ℓ speaks, on day d, of the agenda of day d − ℓ: the
group with lag 0 brings each new item, the others take it up ℓ days later. Equal lags are the
symmetric control. Paragraphs come from the sentence templates of :mod:`.templates`, so the
measure sees real embeddings of varied French, not planted vectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .minutes import _paragraph
from .templates import THEMES


def planted_lead_minutes(
    seed: int,
    *,
    groups: Sequence[str] = ("logement", "santé"),
    lags: Sequence[int] = (0, 30),
    meetings: Sequence[int] = (20, 20),
    paragraphs: int = 8,
    agenda_days: int = 45,
    n_days: int = 365,
    start: dt.date = dt.date(2024, 1, 1),
) -> pd.DataFrame:
    """Segments (one paragraph each) with ``group``, ``meeting``, ``date``, ``period`` (quarter), ``text``, ``agenda``.

    Parameters
    ----------
    seed : int
    groups : sequence of str
        Keys of :data:`.templates.THEMES`; the agenda uses the themes not listed.
    lags : sequence of int
        Days each group lags behind the agenda.
    meetings : sequence of int
        Meetings of each group over ``n_days`` (irregular days).
    paragraphs : int, default 8
        Paragraphs per meeting, half its own theme and half the agenda.
    agenda_days : int, default 45
    n_days : int, default 365
    start : datetime.date
    """
    rng = np.random.default_rng(seed)
    items = [t for t in THEMES if t not in groups]
    longest = max(lags)
    # A new agenda item every agenda_days, never the same twice in a row.
    blocks = (n_days + longest) // agenda_days + 1
    agenda = [items[int(rng.integers(len(items)))]]
    for _ in range(blocks - 1):
        agenda.append(str(rng.choice([t for t in items if t != agenda[-1]])))
    rows = []
    for g, group in enumerate(groups):
        for k, day in enumerate(np.sort(rng.choice(n_days, size=meetings[g], replace=False))):
            item = agenda[(int(day) + longest - lags[g]) // agenda_days]
            date = start + dt.timedelta(days=int(day))
            quarter = f"{date.year}-T{(date.month - 1) // 3 + 1}"
            for j in range(paragraphs):
                theme = group if j % 2 == 0 else item
                rows.append((group, f"{group}-{k:03d}", date, quarter, _paragraph(rng, theme, False), theme))
    return pd.DataFrame(rows, columns=["group", "meeting", "date", "period", "text", "agenda"])
