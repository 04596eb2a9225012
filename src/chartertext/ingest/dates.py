"""French dates: one date expression, the meeting date of a minutes text, the date in a file name.

Minutes write their date in many ways ("16 juin 2020", "mardi 7 avril 2016", "14 12 2019",
"14.12.19", "le vingt-six mai deux mille vingt", "15 Novembre 2018" with irregular spaces), and
file names in a few more ("CR_reunion_20210129.pdf", "a2016avril11.pdf"). Every function here
returns ``None`` rather than raising when there is no valid date: an impossible date
("31 février 2020", month 13) is no date at all.

Two-digit years follow the POSIX ``%y`` convention: 00–68 → 2000–2068, 69–99 → 1969–1999.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

from ..lang import fr

__all__ = ["DateMatch", "date_from_filename", "find_meeting_date", "parse_french_date"]

_MONTHS = fr.MONTHS

#: French number words up to what a day or a year needs (``mil`` is the archaic spelling in years).
_NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
    "mille": 1000, "mil": 1000,
}  # fmt: skip

_WEEKDAYS = fr.WEEKDAYS


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "janv" is tried before "jan" and "septembre" before "sept".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_MONTH = rf"(?:{_alternation(_MONTHS)})(?![^\W\d_])\.?"
_WEEKDAY = rf"(?:{_alternation(_WEEKDAYS)})(?![^\W\d_])"
_NUMWORD = rf"(?:{_alternation(_NUMBER_WORDS)})(?![^\W\d_])"
# Bounded repeats: "trente et un" needs 3 words, "mil neuf cent quatre-vingt-dix-neuf" 7; an
# unbounded ``*`` backtracks quadratically over a long run of number words.
_NUMWORDS = rf"{_NUMWORD}(?:[\s-]+(?:et[\s-]+)?{_NUMWORD}){{0,3}}"
_ORDINAL = r"(?:er|ier|re|ᵉʳ|°)"
_DAY = rf"(?:(?P<dday>\d{{1,2}})\s?{_ORDINAL}?|(?P<wday>{_NUMWORDS}))"
_YEAR_WORDS = rf"(?:deux[\s-]+mille|mille|mil)(?![^\W\d_])(?:[\s-]+(?:et[\s-]+)?{_NUMWORD}){{0,6}}"


def _date_pattern(two_digit_text_years: bool) -> str:
    """The date expressions, as one pattern with named groups (one branch per form)."""
    text_year = r"\d{4}|\d{2}" if two_digit_text_years else r"\d{4}"
    return (
        # 16 juin 2020, 1er mars 2021, vingt-six mai deux mille vingt, 14 déc. 19
        rf"(?<![\w/.-]){_DAY}\s+(?P<tmonth>{_MONTH})\s*(?:(?P<dyear>(?:{text_year})(?!\d))|(?P<wyear>{_YEAR_WORDS}))"
        # 2019-12-14, 2019/12/14 (and an ISO time part after it, from file properties)
        rf"|(?<![\w.])(?P<iyear>\d{{4}})(?P<isep>[-/.])(?P<imonth>\d{{1,2}})(?P=isep)(?P<iday>\d{{1,2}})(?![\d/])"
        # 14/12/2019, 14.12.19, 4-12-18
        rf"|(?<![\d/.-])(?P<nday>\d{{1,2}})\s?(?P<nsep>[-/.])\s?(?P<nmonth>\d{{1,2}})\s?(?P=nsep)\s?"
        rf"(?P<nyear>\d{{4}}|\d{{2}})(?![\d/]|[.-]\d)"
        # 14 12 2019: spaces only with a four-digit year, else "à 18 30" would be a date
        rf"|(?<![\d/.-])(?P<sday>\d{{1,2}})[ \u00a0]+(?P<smonth>\d{{1,2}})[ \u00a0]+(?P<syear>\d{{4}})(?!\d)"
    )


_SCAN = re.compile(_date_pattern(two_digit_text_years=False), re.IGNORECASE)
_ONE = re.compile(
    rf"(?:le\s+)?(?:{_WEEKDAY}\s*,?\s+)?(?:{_date_pattern(two_digit_text_years=True)})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*[.,;]?",
    re.IGNORECASE,
)


def _words_value(words: str) -> int | None:
    """The value of French number words ("vingt et un" → 21, "mil neuf cent quatre-vingt-dix" → 1990)."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "et"]
    total, current = 0, 0
    for i, token in enumerate(tokens):
        value = _NUMBER_WORDS.get(token)
        if value is None:
            return None
        if value == 20 and i > 0 and tokens[i - 1] == "quatre":
            current += 80 - 4  # "quatre-vingt(s)" multiplies, it does not add
        elif value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total += (current or 1) * 1000
            current = 0
        else:
            current += value
    return total + current


def _two_digit_year(year: int) -> int:
    return year + (2000 if year < 69 else 1900)


def _safe_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 février, month 13: not a date, and never an exception for the caller
        return None


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else _two_digit_year(int(text))


def _date_of(match: re.Match[str]) -> dt.date | None:
    """The date a match of :func:`_date_pattern` spells, or None when it is impossible."""
    g = match.groupdict()
    if g["tmonth"] is not None:
        day = int(g["dday"]) if g["dday"] else _words_value(g["wday"])
        month = _MONTHS.get(g["tmonth"].lower().rstrip("."))
        year = _year(g["dyear"]) if g["dyear"] else _words_value(g["wyear"])
        if year is not None and year < 1000:
            return None
        return _safe_date(year, month, day)
    if g["iyear"] is not None:
        return _safe_date(int(g["iyear"]), int(g["imonth"]), int(g["iday"]))
    if g["nday"] is not None:
        return _safe_date(_year(g["nyear"]), int(g["nmonth"]), int(g["nday"]))
    return _safe_date(int(g["syear"]), int(g["smonth"]), int(g["sday"]))


def parse_french_date(s: str) -> dt.date | None:
    """Read one French date expression.

    Parameters
    ----------
    s : str
        The whole expression, e.g. "16 juin 2020", "1er mars 2021", "mardi 7 avril 2016",
        "le vingt-six mai deux mille vingt", "14 12 2019", "14/12/2019", "14.12.19",
        "2019-12-14" or an ISO date-time ("2019-12-14T10:30:00", as file properties give it).
        Case, accents on month names ("fevrier", "aout"), abbreviations ("févr.", "sept.")
        and irregular spacing do not matter. A leading "le" or weekday and a final "." are allowed.

    Returns
    -------
    datetime.date or None
        None when ``s`` is not exactly one date, or is an impossible one ("31 février 2020",
        "2020-02-30", month 13). Never raises.

    Examples
    --------
    >>> parse_french_date("1er  mars 2021")
    datetime.date(2021, 3, 1)
    >>> parse_french_date("le vingt-six mai deux mille vingt")
    datetime.date(2020, 5, 26)
    >>> parse_french_date("31 février 2020") is None
    True
    """
    if not isinstance(s, str):
        return None
    text = unicodedata.normalize("NFC", s).strip()
    match = _ONE.fullmatch(text)
    return _date_of(match) if match else None


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text.

    Attributes
    ----------
    date : datetime.date
    start, end : int
        Offsets of the date expression in the text searched (``text[start:end]`` spells it).
    cue : str
        The words that announced it ("réunion du", "séance du", "le" ...), whitespace
        collapsed and lower-cased; "" when the date stood alone near the top.
    """

    date: dt.date
    start: int
    end: int
    cue: str


#: Phrases that announce the date of the meeting when they end just before a date
#: (a weekday and "le" may come between: "séance du mardi 7 avril 2016").
_STRONG_CUE = re.compile(
    r"(?P<cue>(?:"
    r"r[ée]unions?(?:\s+[^\W\d_]+){0,2}?\s+d(?:u|es)"
    r"|s[ée]ances?(?:\s+[^\W\d_]+){0,2}?\s+d(?:u|es)"
    r"|conseil\s+municipal(?:\s+du)?"
    r"|conseil(?:\s+[^\W\d_'’]+){0,3}?\s+du"
    r"|compte[\s-]+rendu\s+du|cr\s+du"
    r"|rencontres?\s+du"
    r"|assembl[ée]e(?:\s+[^\W\d_]+){0,3}?\s+du"
    r"|pl[ée]ni[èe]re\s+du"
    r"|bureau(?:\s+[^\W\d_]+){0,2}?\s+du"
    r"|(?:commission|comit[ée])(?:\s+[^\W\d_'’]+){0,3}?\s+du"
    r"|en\s+date\s+du"
    r"|date(?:\s+de\s+la\s+r[ée]union)?\s*:"
    r"))"
    rf"\s*(?:le\s+)?(?:{_WEEKDAY}\s*,?\s*)?$",
    re.IGNORECASE,
)
#: "le" (or a bare weekday) before a date counts as a cue only in the head of the text.
_WEAK_CUE = re.compile(rf"(?P<cue>\ble|{_WEEKDAY})\s*,?\s*(?:{_WEEKDAY}\s*,?\s*)?$", re.IGNORECASE)
#: What joins the dates of a list ("réunions des 4-12-18 et 15-01-19", "du 3, 10 et 17 mars 2020").
_LIST_JOIN = re.compile(r"\s*(?:,|et|&)\s*(?:(?:le|du)\s+)?", re.IGNORECASE)

#: The head of a text: its first lines, where a minutes text states its own date.
HEAD_LINES = 12
HEAD_CHARS = 1200
#: How far back on the same line a cue is looked for.
_CUE_WINDOW = 80


def _head_end(text: str) -> int:
    seen, pos = 0, 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        if line.strip():
            seen += 1
        if seen >= HEAD_LINES or pos >= HEAD_CHARS:
            break
    return min(pos, HEAD_CHARS)


def _cue_before(text: str, start: int, pattern: re.Pattern[str]) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - _CUE_WINDOW) : start]
    found = pattern.search(window)
    return " ".join(found.group("cue").lower().split()) if found else None


def _last_of_list(text: str, match: re.Match[str]) -> re.Match[str]:
    """Follow "X et Y", "X, Y et Z" to the last date of the list (a synthesis is dated by its last meeting)."""
    while True:
        join = _LIST_JOIN.match(text, match.end())
        if not join:
            return match
        nxt = _SCAN.match(text, join.end())
        if not nxt or _date_of(nxt) is None:
            return match
        match = nxt


def find_meeting_date(text: str, *, cued_only: bool = False) -> DateMatch | None:
    """The date of the meeting a minutes text reports.

    Rules, in order (the first that finds a valid date wins):

    1. In the head of the text (first ``HEAD_LINES`` non-empty lines, at most ``HEAD_CHARS``
       characters): the first date announced by a cue on its own line — "réunion du",
       "séance du", "conseil municipal (du)", "compte rendu du", "rencontre du",
       "assemblée … du", "plénière du", "bureau … du", "commission/comité … du",
       "en date du", "date :".
    2. In the head: the first date, cued by "le" / a weekday or standing alone (titles such as
       "Vendredi 29 janvier 2021" or "Paris, le jeudi 14 janvier 2016").
    3. In the body: the first date announced by one of the cues of rule 1. Uncued dates in the
       body (next meeting, laws cited) are never taken.

    When the chosen date opens a list ("Synthèse des réunions des 4-12-18 et 15-01-19"), the
    LAST date of the list is returned: a synthesis is dated by its last meeting.
    Dates without a year ("le 20/02") are ignored.

    Parameters
    ----------
    text : str
        Normalised text of the document.
    cued_only : bool, default False
        Skip rule 2. Useful for charters, whose head cites dated laws ("loi du 5 mars 2007")
        rather than stating its own date.

    Returns
    -------
    DateMatch or None
        The date, its offsets in ``text`` and the cue (lower case, "" when none).

    Examples
    --------
    >>> find_meeting_date("Comité d’animation, réunion  du 2 avril 2019\\nPrésents : ...").date
    datetime.date(2019, 4, 2)
    """
    valid = (m for m in _SCAN.finditer(text) if _date_of(m) is not None)
    picked = pick_meeting_match(text, valid, cued_only=cued_only)
    return None if picked is None else _as_date_match(text, *picked)


def pick_meeting_match(
    text: str,
    matches: Iterable[re.Match[str]],
    *,
    cued_only: bool = False,
    needs_cue: Callable[[re.Match[str]], bool] = lambda m: False,
) -> tuple[re.Match[str], str] | None:
    """The rules of :func:`find_meeting_date` over valid date matches in text order.

    Returns the winning match and its cue; ``needs_cue(match)`` true keeps a match that stands
    alone in the head out of rule 2 (a day without a year, :mod:`.years`, needs "le" or a weekday).
    """
    head_end = _head_end(text)
    first_in_head: tuple[re.Match[str], str] | None = None  # rule 2's answer, kept while rule 1 may still apply
    for match in matches:
        in_head = match.start() < head_end
        if not in_head and first_in_head is not None:
            return first_in_head  # rule 2 beats rule 3
        strong = _cue_before(text, match.start(), _STRONG_CUE)
        if strong is not None:
            return match, strong  # rule 1 (head) or rule 3 (body)
        if in_head and first_in_head is None and not cued_only:
            weak = _cue_before(text, match.start(), _WEAK_CUE)
            if weak is not None or not needs_cue(match):
                first_in_head = (match, weak or "")
    return first_in_head


def _as_date_match(text: str, match: re.Match[str], cue: str) -> DateMatch:
    last = _last_of_list(text, match)
    found = _date_of(last)
    assert found is not None  # _last_of_list only moves to valid dates
    return DateMatch(found, last.start(), last.end(), cue)


#: File-name forms, tried in order on the stem (separators "-", "_", "." or " ").
_FILE_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = tuple(
    (re.compile(p, re.IGNORECASE), order)
    for p, order in (
        # 2016-09-27pleniere, 2020_05_26, 2020.05.26
        (r"(?<!\d)(\d{4})[-_. ](\d{1,2})[-_. ](\d{1,2})(?!\d)", ("y", "m", "d")),
        # CR_conseil_municipal_07_10_2022, 14-12-19
        (r"(?<!\d)(\d{1,2})[-_. ](\d{1,2})[-_. ](\d{4}|\d{2})(?!\d)", ("d", "m", "y")),
        # CR_reunion_20210129
        (r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)", ("y", "m", "d")),
        # 29012021
        (r"(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)", ("d", "m", "y")),
        # a2016avril11, p2017sept14, u2016avril7cr
        (rf"(?<!\d)(\d{{4}})[-_. ]?({_alternation(_MONTHS)})\.?[-_. ]?(\d{{1,2}})(?!\d)", ("y", "m", "d")),
        # 11avril2016, 7-avril-2016, 1er_mars_2021
        (rf"(?<!\d)(\d{{1,2}})(?:er)?[-_. ]?({_alternation(_MONTHS)})\.?[-_. ]?(\d{{4}})(?!\d)", ("d", "m", "y")),
    )
)


def date_from_filename(name: str) -> dt.date | None:
    """The date written in a file name.

    Parameters
    ----------
    name : str
        A file name or path; only the last component is read.
        Recognised: "CR_reunion_20210129.pdf", "CR_conseil_municipal_07_10_2022.pdf",
        "2016-09-27pleniere.pdf", "2020-05-26_commission.docx", "a2016avril11.pdf",
        "p2017sept14.pdf", "u2016avril7cr.pdf", "11-avril-2016.pdf".

    Returns
    -------
    datetime.date or None
        The first valid date found (forms tried year-first, then day-first, then eight
        digits, then month names); years outside 1900–2099 are ignored. None when no form
        gives a valid date.

    Examples
    --------
    >>> date_from_filename("p2017sept14.pdf")
    datetime.date(2017, 9, 14)
    """
    base = PureWindowsPath(name).name if "\\" in name else PurePath(name).name
    # The whole name is searched: cutting the extension would also cut "14.12.2019" short.
    stem = unicodedata.normalize("NFC", base)
    for pattern, order in _FILE_PATTERNS:
        for match in pattern.finditer(stem):
            parts = dict(zip(order, match.groups(), strict=True))
            month_text = parts["m"].lower()
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
            year = _year(parts["y"])
            if not 1900 <= year <= 2099:
                continue
            found = _safe_date(year, month, int(parts["d"]))
            if found is not None:
                return found
    return None
