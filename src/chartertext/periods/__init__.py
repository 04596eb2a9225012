"""Cut a corpus into time periods and flag the periods with too little text to compare groups.

A convergence index compares groups *within* a period, so a period needs at least two groups
with enough segments. ``assign_periods`` labels every row with its period and returns a table
of periods that says, for each, how many segments each group has and whether (and why) the
period is flagged. Flagged periods stay in every output; nothing is silently dropped.

Period labels sort chronologically as plain strings:

========== ========================= =========================================
freq       label                     start / end
========== ========================= =========================================
"session"  ``"2020-03-15"``          the meeting date itself
"month"    ``"2020-03"``             first / last day of the month
"quarter"  ``"2020-Q1"``             first / last day of the quarter
"year"     ``"2020"``                1 January / 31 December
"adaptive" ``"2019-01-15/2019-06-25"`` first / last meeting date in the bin (ISO 8601 interval)
========== ========================= =========================================

``"auto"`` resolves to the finest of month, quarter and year in which *every* period has at
least two groups with ``min_segments`` segments; when even years fail, it builds adaptive bins
(see :func:`adaptive_bins`).

The package: :mod:`.assign` (``assign_periods``, ``PeriodTable``, ``"auto"``), :mod:`.calendar`
(calendar labels and adaptive bins), :mod:`.flags` (which periods can compare groups, and why not).
"""

from .assign import AUTO_CALENDAR, DEFAULT_MIN_SEGMENTS, FREQS, PeriodTable, assign_periods
from .calendar import adaptive_bins, calendar_bounds, calendar_label
from .flags import flag_periods

__all__ = [
    "AUTO_CALENDAR",
    "DEFAULT_MIN_SEGMENTS",
    "FREQS",
    "PeriodTable",
    "adaptive_bins",
    "assign_periods",
    "calendar_bounds",
    "calendar_label",
    "flag_periods",
]
