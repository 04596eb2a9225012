"""How a line starts or looks: numbering, bullets, Markdown headings, capitals, dates.

These are facts about one line (plus, for the letters I, V and X, the letter list the line
may continue); deciding what the line *is* (an agenda item, a list line, an article title) is
left to the minutes and charter segmenters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..lang import fr
from .lines import Line

#: Marker styles. "arabic" and "roman" number items; "letter" and "bullet" mark list lines.
MARKER_STYLES: tuple[str, ...] = ("arabic", "roman", "letter", "bullet")

# The delimiter after a number: "1.", "1)", "1/", "1 /", "1°", "3°)", "1 -", "1- ". A dot or slash
# followed by a digit is a decimal or a date ("1.68", "12/03"), a hyphen without a space a range.
_ARABIC = re.compile(
    r"^(?P<num>\d{1,2})(?:(?P<delim>\s*(?:°\s*\)?|\.(?!\d)|\)|/(?!\d)|[-–—](?=\s)))|(?=\s))\s*"
)
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,7})(?:(?P<delim>\s*(?:\.|\)|/|[-–—])(?=\s))|(?=\s))\s*")
# Upper-case letters with a dot are initials or civilities ("M. Dupont"), never list letters.
_LETTER = re.compile(r"^(?P<num>[A-Za-z])(?P<delim>\s*(?:\)|/|[-–—](?=\s))|(?<=[a-z])\.(?=\s))\s*")
_BULLET = re.compile(r"^(?P<num>[-–—•●○◦▪■□►▸➢➤✓✔*+·]|o(?=\s+[A-ZÀ-Þ]))\s*(?=\S)")
_VALID_ROMAN = re.compile(r"^X{0,3}(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}

_MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*$")
_SETEXT_RULE = re.compile(r"^(?:={3,}|-{3,})$")

_MONTHS = "|".join(fr.MONTH_SPELLINGS)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Marker:
    """The enumeration mark a line starts with.

    Attributes
    ----------
    style : {"arabic", "roman", "letter", "bullet"}
    value : int
        Number of the item (letters: a=1, b=2, ...; bullets: 0).
    delimited : bool
        Whether punctuation follows the number ("1.", "II -", "3°)"); bare numbers ("1 Budget")
        are weaker evidence of an item.
    label : str
        The mark as written, without trailing spaces ("1/", "II -", "•").
    content : int
        Offset in the line where the text after the mark begins.
    """

    style: str
    value: int
    delimited: bool
    label: str
    content: int


def roman_value(numeral: str) -> int | None:
    """Value of a Roman numeral made of I, V and X (1–39), or None if it is not well formed."""
    if not numeral or not _VALID_ROMAN.match(numeral):
        return None
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return total


def line_marker(text: str, previous_letter: str | None = None) -> Marker | None:
    """The enumeration mark ``text`` starts with, if any.

    Parameters
    ----------
    text : str
        One line, stripped.
    previous_letter : str or None, default None
        Upper-cased letter of the last letter-marked line; "I/" after "H/" is a letter, not
        Roman one.
    """
    match = _ARABIC.match(text)
    if match:
        return _marker("arabic", int(match["num"]), match, text)
    match = _ROMAN.match(text)
    if match and not _continues_letters(match["num"], previous_letter):
        value = roman_value(match["num"])
        if value is not None:
            return _marker("roman", value, match, text)
    match = _LETTER.match(text)
    if match:
        return _marker("letter", ord(match["num"].lower()) - ord("a") + 1, match, text)
    match = _BULLET.match(text)
    if match:
        return Marker("bullet", 0, True, match["num"], match.end())
    return None


def _continues_letters(numeral: str, previous_letter: str | None) -> bool:
    return (
        len(numeral) == 1
        and previous_letter is not None
        and ord(numeral) == ord(previous_letter) + 1
    )


def _marker(style: str, value: int, match: re.Match[str], text: str) -> Marker:
    delimited = bool(match.group("delim"))
    label = text[: match.end()].rstrip()
    return Marker(style, value, delimited, label, match.end())


def document_markers(lines: Sequence[Line]) -> list[Marker | None]:
    """Markers of every line, reading letters in context ("H/" then "I/" is a letter list)."""
    markers: list[Marker | None] = []
    previous_letter: str | None = None
    for line in lines:
        marker = line_marker(line.text, previous_letter)
        if marker is not None and marker.style == "letter":
            previous_letter = line.text[0].upper()
        markers.append(marker)
    return markers


def markdown_heading(text: str) -> tuple[int, str] | None:
    """``(level, title)`` of a Markdown ATX heading line ("## Budget" → ``(2, "Budget")``)."""
    match = _MARKDOWN_HEADING.match(text)
    if not match or not match["title"]:
        return None
    return len(match["hashes"]), match["title"]


def is_setext_rule(text: str) -> bool:
    """Whether a line is a Markdown setext underline ("====" or "----") marking the line above as a heading."""
    return bool(_SETEXT_RULE.match(text))


def has_date(text: str) -> bool:
    """Whether a line contains a date ("29 janvier 2021", "12/03/2021")."""
    return bool(_DATE.search(text))


def is_capitals(text: str, min_letters: int = 6) -> bool:
    """Whether a line is written in capitals: at least two words and ``min_letters`` letters, none lower case."""
    letters = [c for c in text if c.isalpha()]
    words = re.findall(r"[^\W\d_]{2,}", text)
    return len(letters) >= min_letters and len(words) >= 2 and all(c.isupper() for c in letters)


def starts_upper(text: str) -> bool:
    """Whether the first letter of ``text`` (after opening quotes) is upper case."""
    stripped = text.lstrip("«\"'“‘( ")
    return bool(stripped) and stripped[0].isupper()


def heading_text(text: str) -> str:
    """A title as shown in ``heading``: Markdown marks, trailing colons and spaces removed."""
    md = markdown_heading(text)
    if md is not None:
        text = md[1]
    return re.sub(r"(?:\s*:|\s+\.)+$", "", text).strip()
