"""Dates written without a year ("Séance du 26 janvier", "date: 26/01"), and where their year comes from.

A day without a year takes its year, in this order, from:

1. the folders holding the file, nearest first: "2021/" gives 2021; a season folder
   "2020-2021/" gives 2020 for September–December and 2021 for January–August (the
   association and school year starts in September);
2. the file name ("CR séance janvier 2021.pdf", the season rule too);
3. the document's other full dates (next meeting, signature, header): each votes for the year
   that puts the day nearest to it, and the year with most votes wins.
4. the dates in the names of the other files of its folder ("CR_20210112.pdf" next to
   "CR séance du 26 janvier.pdf"), when one year only puts the day within three months of them.

The first that gives a year wins; the others are still checked, and any disagreement (or a
weekday the year contradicts, "mardi 26 janvier 2022") is a warning. A tie among the other
dates, or nothing at all, leaves the date empty with a warning: the year is never guessed from
today's date or the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import takewhile
from pathlib import PurePosixPath

from ..lang import fr

# The scanning machinery of .dates, shared so that a day without a year obeys the same cue rules.
from .dates import (
    _DAY,
    _SCAN,
    _WEEKDAY,
    DateMatch,
    _alternation,
    _as_date_match,
    _date_of,
    _head_end,
    _words_value,
    date_from_filename,
    pick_meeting_match,
)

__all__ = [
    "DayMatch", "DayMonth", "YearChoice", "find_meeting_day", "parse_day_month", "settle_year", "sibling_file_dates",
]  # fmt: skip

# Full month names only, or an abbreviation with its dot: "sept" alone is also a number word.
_MONTH_FULL = rf"(?:(?P<fmonth>{_alternation(fr.MONTH_SPELLINGS)})(?![^\W\d_])|(?P<amonth>{_alternation(fr.MONTHS)})\.)"
_YEARLESS = re.compile(
    rf"(?:(?<![\w/.-]){_DAY}\s+{_MONTH_FULL}"
    # or "26/01", read in a text only after a cue (see find_meeting_day)
    rf"|(?<![\w/.,-])(?P<nday>\d{{1,2}})/(?P<nmonth>\d{{1,2}})(?![\d/]|[.,-]\d))"
    # "le 26 mai dernier", "le 6 avril prochain" point to another meeting
    r"(?!\s+(?:derni|prochain))",
    re.IGNORECASE,
)
_ONE = re.compile(
    rf"(?:le\s+)?(?:(?P<weekday>{_WEEKDAY})\s*,?\s+)?(?:{_YEARLESS.pattern}"
    r"|(?P<xday>\d{1,2})[.-](?P<xmonth>\d{1,2}))\s*[.,;]?",
    re.IGNORECASE,
)
_WEEKDAY_BEFORE = re.compile(rf"(?P<weekday>{_WEEKDAY})\s*,?\s*(?:le\s+)?$", re.IGNORECASE)
_LEAP = 2000  # a leap year: "29 février" is a day that exists


@dataclass(frozen=True)
class DayMonth:
    """A day of a month, without its year.

    Attributes
    ----------
    day, month : int
    weekday : int or None
        0 (lundi) to 6 (dimanche) when the text names it ("mardi 26 janvier").
    """

    day: int
    month: int
    weekday: int | None = None

    def on(self, year: int) -> dt.date | None:
        """This day in ``year``; None when it does not exist then (29 février 2021)."""
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None

    def __str__(self) -> str:
        day = f"{fr.WEEKDAYS[self.weekday]} " if self.weekday is not None else ""
        return f"{day}{self.day} {fr.MONTH_NAMES[self.month - 1]}"


@dataclass(frozen=True)
class DayMatch:
    """A day without a year found in a text (offsets and cue as in ``DateMatch``)."""

    day: DayMonth
    start: int
    end: int
    cue: str


def _day_month(g: dict[str, str | None], weekday: str | None) -> DayMonth | None:
    if g.get("nday") or g.get("xday"):
        day, month = int(g.get("nday") or g["xday"]), int(g.get("nmonth") or g["xmonth"])
    else:
        day = int(g["dday"]) if g["dday"] else _words_value(g["wday"] or "")
        month = fr.MONTHS.get((g["fmonth"] or g["amonth"] or "").lower())
    if day is None or month is None or not 1 <= month <= 12:
        return None
    found = DayMonth(day, month, fr.WEEKDAYS.index(weekday.lower()) if weekday else None)
    return found if found.on(_LEAP) is not None else None


def parse_day_month(s: str) -> DayMonth | None:
    """Read one date written without a year ("26 janvier", "mardi 26 janvier", "26/01").

    Examples
    --------
    >>> parse_day_month("le mardi 26 janvier")
    DayMonth(day=26, month=1, weekday=1)
    >>> parse_day_month("31/04") is None
    True
    """
    if not isinstance(s, str):
        return None
    match = _ONE.fullmatch(unicodedata.normalize("NFC", s).strip())
    return _day_month(match.groupdict(), match.group("weekday")) if match else None


def find_meeting_day(text: str, *, cued_only: bool = False) -> DateMatch | DayMatch | None:
    """The meeting date of a text, when it may be written without its year.

    The rules of :func:`~chartertext.ingest.dates.find_meeting_date` apply to full dates and
    days without a year alike, in text order, except that a day without a year counts only in
    the head of the text and with a cue ("Séance du 26 janvier", "le 26/01", "Mardi 26
    janvier"): in the body, "la réunion des bureaux du 26 mai" is another meeting, and
    "le 26 mai dernier" or "prochain" never is the date sought.

    Examples
    --------
    >>> find_meeting_day("Séance du 26 janvier\\nPrésents : ...").day
    DayMonth(day=26, month=1, weekday=None)
    """
    head_end = _head_end(text)
    days = (
        m for m in takewhile(lambda m: m.start() < head_end, _YEARLESS.finditer(text))
        # "26 janvier 2021" is a full date (valid or not), not a day without a year
        if _SCAN.match(text, m.start()) is None and _day_month(m.groupdict(), None)
    )  # fmt: skip
    valid = (m for m in _SCAN.finditer(text) if _date_of(m) is not None)
    merged = heapq.merge(valid, days, key=lambda m: m.start())
    picked = pick_meeting_match(text, merged, cued_only=cued_only, needs_cue=lambda m: m.re is _YEARLESS)
    if picked is None:
        return None
    match, cue = picked
    if match.re is not _YEARLESS:
        return _as_date_match(text, match, cue)
    before = _WEEKDAY_BEFORE.search(text[max(0, match.start() - 20) : match.start()])
    day = _day_month(match.groupdict(), before.group("weekday") if before else None)
    assert day is not None  # invalid days were filtered out above
    return DayMatch(day, match.start(), match.end(), cue)


@dataclass(frozen=True)
class YearChoice:
    """The year settled for a day, where it came from, and what a user should check.

    Attributes
    ----------
    date : datetime.date or None
        None when no year was found or the candidates tie.
    source : str or None
        "folder", "filename", "other_dates" or "neighbours".
    warnings : tuple of str
    """

    date: dt.date | None
    source: str | None
    warnings: tuple[str, ...]


_YEAR = r"(?:19|20)\d{2}"
_SEASON = re.compile(rf"(?<!\d)(?P<first>{_YEAR})\s*[-_/ ]\s*(?P<second>{_YEAR})(?!\d)")
_ONE_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")


def _name_year(name: str, day: DayMonth) -> int | None:
    """The year a folder or file name gives this day: one year, or a season "2020-2021"."""
    season = _SEASON.search(name)
    if season and int(season["second"]) == int(season["first"]) + 1:
        return int(season["first"]) if day.month >= 9 else int(season["second"])
    years = set(_ONE_YEAR.findall(name))
    return int(years.pop()) if len(years) == 1 else None


def _other_dates_vote(day: DayMonth, text: str) -> Counter[int]:
    """Votes per year from the text's full dates: each for the year putting the day nearest to it."""
    votes: Counter[int] = Counter()
    for match in _SCAN.finditer(text):
        other = _date_of(match)
        if other is None:
            continue
        distances = {
            y: abs((d - other).days) for y in (other.year - 1, other.year, other.year + 1) if (d := day.on(y))
        }
        if not distances:
            continue
        votes[min(distances, key=distances.__getitem__)] += 1
    return votes


#: How far before the first or after the last neighbour's date a day may fall and still take its year.
NEIGHBOUR_MARGIN = dt.timedelta(days=92)


def sibling_file_dates(rel_paths: Iterable[str]) -> dict[str, tuple[dt.date, ...]]:
    """The dates written in file names, by folder: what a file's neighbours say of the year.

    ``rel_paths`` are relative POSIX paths (``SourceFile.rel``); folders are keyed as written.

    Examples
    --------
    >>> sibling_file_dates(["2021/CR_20210112.pdf", "2021/CR séance du 26 janvier.pdf", "a.md"])
    {'2021': (datetime.date(2021, 1, 12),)}
    """
    by_folder: dict[str, list[dt.date]] = {}
    for rel in rel_paths:
        path = PurePosixPath(rel)  # keyed as ingest_file looks it up: the folder of SourceFile.rel
        if (found := date_from_filename(path.name)) is not None:
            by_folder.setdefault(str(path.parent), []).append(found)
    return {folder: tuple(sorted(dates)) for folder, dates in by_folder.items()}


def _neighbour_year(day: DayMonth, dates: Sequence[dt.date]) -> int | None:
    """The one year that puts the day near the neighbours' dates; None when none or several do."""
    if not dates:
        return None
    low, high = dates[0] - NEIGHBOUR_MARGIN, dates[-1] + NEIGHBOUR_MARGIN
    fits = [y for y in range(low.year, high.year + 1) if (d := day.on(y)) is not None and low <= d <= high]
    return fits[0] if len(fits) == 1 else None


def settle_year(
    day: DayMonth, rel_path: str, text: str, written: str, *, neighbours: Sequence[dt.date] = ()
) -> YearChoice:
    """The year of a day written without one, from the folders, the file name, the other dates.

    Parameters
    ----------
    day : DayMonth
    rel_path : str
        The file's path relative to the corpus folder (its folders and name are read).
    text : str
        The document's text, for its other full dates.
    written : str
        How the date was written, for the warnings ("26 janvier").
    neighbours : sequence of datetime.date, default ()
        The dates in the names of the other files of its folder, sorted
        (:func:`sibling_file_dates`).

    Examples
    --------
    >>> settle_year(DayMonth(26, 1), "2020-2021/cr.md", "", "26 janvier").date
    datetime.date(2021, 1, 26)
    """
    path = PurePosixPath(unicodedata.normalize("NFC", rel_path).replace("\\", "/"))
    candidates: list[tuple[str, int, str]] = []  # (source, year, how the warning names it)
    warnings: list[str] = []
    named = [(path.name, "filename", f"the file name {path.name}")]
    nearest = next((f for f in reversed(path.parent.parts) if _name_year(f, day) is not None), None)
    if nearest is not None:
        named.insert(0, (nearest, "folder", f"the folder {nearest}/"))
    for name, source, how in named:
        if (year := _name_year(name, day)) is None:
            continue
        if day.on(year) is None:  # "29 février" filed under 2021/
            warnings.append(f"date {written!r}: {how} gives {year}, a year without that day")
        else:
            candidates.append((source, year, how))
    votes = _other_dates_vote(day, text)
    tally = ", ".join(f"{y} ({n} date{'s' if n > 1 else ''})" for y, n in sorted(votes.items()))
    if votes:
        top = max(votes.values())
        best = [y for y, n in votes.items() if n == top]
        if len(best) == 1:
            candidates.append(("other_dates", best[0], f"the other dates of the text ({tally})"))
        elif not candidates:  # the document's own dates disagree: flagged, not settled by weaker hints
            warnings.append(
                f"date {written!r}: no year written and the other dates of the text disagree "
                f"({tally}); add the year or give the date in manifest.csv"
            )
            return YearChoice(None, None, tuple(warnings))
    if (year := _neighbour_year(day, neighbours)) is not None:
        span = f"{neighbours[0].isoformat()} to {neighbours[-1].isoformat()}"
        candidates.append(("neighbours", year, f"the dates in the names of the files beside it ({span})"))
    if not candidates:
        warnings.append(
            f"date {written!r}: no year found in the folders, the file name, the other dates of the text "
            f"or the names of the files beside it; add the year or give the date in manifest.csv"
        )
        return YearChoice(None, None, tuple(warnings))
    source, year, how = candidates[0]
    warnings.append(f"date {written!r}: year {year} taken from {how}")
    for _, other, other_how in candidates[1:]:
        if other != year:
            warnings.append(
                f"date {written!r} is ambiguous: {year} from {how} but {other} from {other_how}; "
                f"{year} was kept, check it"
            )
    if len(votes) > 1 and source != "other_dates":
        warnings.append(f"date {written!r}: the other dates of the text point to several years ({tally})")
    date = day.on(year)
    assert date is not None  # candidates only hold years in which the day exists
    if day.weekday is not None and date.weekday() != day.weekday:
        warnings.append(
            f"date {written!r} is ambiguous: {date.isoformat()} is a {fr.WEEKDAYS[date.weekday()]}, "
            f"not a {fr.WEEKDAYS[day.weekday]}; check the year"
        )
    return YearChoice(date, source, tuple(warnings))
