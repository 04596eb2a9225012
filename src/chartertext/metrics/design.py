"""The meeting design of a corpus: which meetings each group held in each period, and what they said.

:func:`meeting_design` turns the segments table (one row per segment, with its ``group``,
``period`` and ``meeting``) and the representations of the segments into a
:class:`MeetingDesign`: per-meeting sums of each representation (:mod:`.meetings`), the group
and period of each meeting, which group × period cells take part in the comparison, each
group's spread between its own meetings over the whole corpus (the fixed scale of the index),
and the intraclass correlation of meetings. Every later step — the period estimates, the
bootstrap of meetings, the permutation of meetings between periods — reads this design.

The meeting is the column ``meeting`` if the table has one, else ``doc_id`` (one document is
one meeting's minutes); a meeting is split by group and period if its rows disagree. Without
either column every segment is its own meeting, and a warning says that inference is then at
the segment level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..periods import flag_periods
from .config import ConvergenceConfig
from .meetings import MeetingSums, energy_parts, same_meeting_spread

#: Columns read as the meeting of a segment, in order of preference.
MEETING_COLUMNS: tuple[str, ...] = ("meeting", "doc_id")


@dataclass(frozen=True)
class MeetingDesign:
    """Meetings, cells and representations of one corpus (see the module docstring).

    Attributes
    ----------
    groups : tuple of str
        Group names, sorted; a group's code is its position.
    periods : tuple of str
        Period labels, chronological; a period's code is its position.
    months : ndarray of shape (T,)
        Calendar position of each period's midpoint, in months from the first one (the time
        axis of the trend); the period's rank when no dates are known.
    meeting_group, meeting_period : ndarray of int, shape (m,)
    meeting_segments : ndarray of int, shape (m,)
    row_meeting : ndarray of int, shape (n,)
        Meeting code of each row of the segments table; -1 for rows left out (no group, no
        period, a joint session, or a common-shock segment left out).
    eligible : ndarray of bool, shape (G, T)
        Cells that take part in the comparison (enough meetings and segments).
    flags : pandas.DataFrame
        :func:`chartertext.periods.flag_periods` of the design.
    sums : dict of str to MeetingSums
        Per representation ("semantic", "thematic", "lexical").
    scales : dict of str to ndarray of shape (G,)
        Each group's mean distance between segments of its different meetings, over the whole
        corpus (fixed: it does not move when meetings change period).
    icc : dict of str to float
        Intraclass correlation of meetings per representation: the share of the distance between
        segments of different meetings of one group, in one period, that is due to the meetings.
    n_joint : int
        Segments of joint sessions left out.
    """

    groups: tuple[str, ...]
    periods: tuple[str, ...]
    months: NDArray[np.float64]
    meeting_group: NDArray[np.int64]
    meeting_period: NDArray[np.int64]
    meeting_segments: NDArray[np.int64]
    row_meeting: NDArray[np.int64]
    eligible: NDArray[np.bool_]
    flags: pd.DataFrame
    sums: dict[str, MeetingSums]
    scales: dict[str, NDArray[np.float64]]
    icc: dict[str, float] = field(default_factory=dict)
    n_joint: int = 0

    @property
    def n_meetings(self) -> int:
        return len(self.meeting_group)

    def cell_meetings(self, period: int) -> NDArray[np.int64]:
        """Codes of the meetings of ``period`` that belong to an eligible cell, by group."""
        ok = (self.meeting_period == period) & self.eligible[self.meeting_group, period]
        return np.flatnonzero(ok)


def meeting_codes(table: pd.DataFrame, usable: NDArray[np.bool_]) -> tuple[NDArray[np.int64], pd.DataFrame, bool]:
    """Meeting code of each usable row and the meetings' (group, period); whether a meeting column was found."""
    column = next((c for c in MEETING_COLUMNS if c in table.columns), None)
    ids = table[column].astype(str).to_numpy(dtype=object) if column else np.arange(len(table)).astype(str)
    keys = pd.DataFrame({"meeting": ids, "group": table["group"], "period": table["period"]})
    codes = np.full(len(table), -1, dtype=np.int64)
    kept = keys[usable]
    columns = ["meeting", "group", "period"]
    if len(kept):
        # Numbered in order of first appearance, as drop_duplicates keeps them.
        codes[usable] = kept.groupby(columns, sort=False).ngroup().to_numpy()
        meetings = kept.drop_duplicates(columns).reset_index(drop=True)
    else:
        meetings = pd.DataFrame(columns=columns)
    return codes, meetings, column is not None


def meeting_design(
    table: pd.DataFrame,
    order: list[str],
    months: NDArray[np.float64],
    representations: dict[str, tuple[Any, NDArray[np.float64] | None]],
    cfg: ConvergenceConfig,
    leave_out: NDArray[np.bool_] | None = None,
) -> tuple[MeetingDesign, list[str]]:
    """Build the design (see the module docstring).

    Parameters
    ----------
    table : pandas.DataFrame
        ``group``, ``period`` (labels or None) and a meeting column (:data:`MEETING_COLUMNS`).
    order : list of str
        Chronological period labels.
    months : ndarray of shape (len(order),)
    representations : dict of str to (vectors, present)
        Row-aligned vectors of each representation, and the 0/1 rows that carry it (None: all).
    cfg : ConvergenceConfig
    leave_out : ndarray of bool, shape (n,), optional
        Rows to leave out besides joint sessions (segments of a common shock).

    Returns
    -------
    MeetingDesign, list of str (warnings)
    """
    warnings: list[str] = []
    groups_col = table["group"].to_numpy(dtype=object)
    joint = np.array([g is not None and cfg.is_joint(g) for g in groups_col], dtype=bool)
    usable = table["group"].notna().to_numpy() & table["period"].notna().to_numpy() & ~joint
    if leave_out is not None:
        usable &= ~leave_out
    if joint.any():
        names = sorted({str(g) for g in groups_col[joint]})
        warnings.append(
            f"{int(joint.sum())} segment(s) of joint session(s) ({', '.join(names)}) are left out of the comparison "
            f"between groups: a meeting of several groups is not one more group. Fix: set [convergence] "
            f"joint_groups = [] to compare them as a group."
        )
    codes, meetings, found = meeting_codes(table, usable)
    if not found:
        warnings.append(
            "the segments table has no 'meeting' or 'doc_id' column: every segment is treated as its own "
            "meeting, so intervals and tests assume independent segments. Fix: pass the meeting of each segment."
        )
    group_names = tuple(sorted({str(g) for g in meetings["group"]}))
    group_code = {g: i for i, g in enumerate(group_names)}
    period_code = {p: i for i, p in enumerate(order)}
    meeting_group = np.array([group_code[str(g)] for g in meetings["group"]], dtype=np.int64)
    meeting_period = np.array([period_code[str(p)] for p in meetings["period"]], dtype=np.int64)
    meeting_segments = np.bincount(codes[codes >= 0], minlength=len(meetings)).astype(np.int64)

    shape = (len(group_names), len(order))
    n_meet = np.zeros(shape, dtype=np.int64)
    n_seg = np.zeros(shape, dtype=np.int64)
    np.add.at(n_meet, (meeting_group, meeting_period), 1)
    np.add.at(n_seg, (meeting_group, meeting_period), meeting_segments)
    eligible = (n_meet >= cfg.min_meetings) & (n_seg >= cfg.min_segments)
    counts = pd.DataFrame(n_seg.T, index=pd.Index(order, dtype=object), columns=list(group_names))
    held = pd.DataFrame(n_meet.T, index=pd.Index(order, dtype=object), columns=list(group_names))
    flags = flag_periods(counts, cfg.min_segments, held, cfg.min_meetings)

    sums = {
        name: MeetingSums.of(vectors, codes, len(meetings), present)
        for name, (vectors, present) in representations.items()
    }
    every = np.ones((1, len(meetings)))
    scales = {name: energy_parts(s, meeting_group, len(group_names), every).dispersion[:, 0] for name, s in sums.items()}
    icc = {name: _icc(s, meeting_group, meeting_period, eligible) for name, s in sums.items()}
    design = MeetingDesign(
        groups=group_names,
        periods=tuple(order),
        months=np.asarray(months, dtype=np.float64),
        meeting_group=meeting_group,
        meeting_period=meeting_period,
        meeting_segments=meeting_segments,
        row_meeting=codes,
        eligible=eligible,
        flags=flags,
        sums=sums,
        scales=scales,
        icc=icc,
        n_joint=int(joint.sum()),
    )
    return design, warnings


def _icc(
    sums: MeetingSums, meeting_group: NDArray[np.int64], meeting_period: NDArray[np.int64], eligible: NDArray[np.bool_]
) -> float:
    """1 − (same-meeting spread) / (different-meeting spread within a group × period), pooled over cells."""
    same, between, weights = [], [], []
    for g, t in zip(*np.nonzero(eligible)):
        members = np.flatnonzero((meeting_group == g) & (meeting_period == t))
        cell = sums.take(members)
        w = energy_parts(cell, np.zeros(len(members), dtype=np.int64), 1, np.ones((1, len(members)))).dispersion[0, 0]
        s = same_meeting_spread(cell)
        if np.isfinite(w) and np.isfinite(s) and w > 0:
            same.append(s)
            between.append(w)
            weights.append(cell.count.sum())
    if not weights:
        return float("nan")
    return float(1.0 - np.average(same, weights=weights) / np.average(between, weights=weights))
