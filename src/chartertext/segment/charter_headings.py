"""Where a charter's headings are, and what each one's title is.

Headings, strongest first:

* "Article 1er", "Article premier", "Art. 2", "ARTICLE 3", "Article 4 :" (optionally behind
  Markdown "#"), with the title on the same line ("Article 1 : Définition") or on the next
  short lines ("Article 1er\\n\\nPrincipe de non-discrimination"). When the text after the
  number is a sentence ("Art. 1er. - Chacun a le droit…"), the heading is "Art. 1er" and the
  sentence is the article's first paragraph.
* Sections: Roman numerals ("I. Rôle et compétences", "II - Composition"), Markdown headings,
  lines in capitals ("ANNEXE DE LA CHARTE").
* Only in charters without "Article" headings: numbered lines "1." / "1)" whose numbers follow
  on (a title "1. Objet" above its text, or a numbered paragraph "1. L'élu local exerce…",
  whose heading is then its number "1.").
* Only in charters with none of the above: short single-line blocks without closing punctuation
  followed by text ("Liberté", "Egalité", "Fraternité").

The first line of the document is its title (Légifrance exports start with "# Article 2", the
article of the law that carries the charter), unless it is "Article 1er"/"Article premier" or
the next "Article" line carries the next number (an excerpt starting at "Article 6").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Line, continues_title, ends_clause
from .markers import (
    Marker,
    heading_text,
    is_capitals,
    is_setext_rule,
    markdown_heading,
    roman_value,
    starts_upper,
)

#: Longest title line; anything longer is text.
MAX_TITLE_CHARS = 120

_ARTICLE = re.compile(
    r"^(?:#{1,6}\s*)?(?P<label>(?:Article|ARTICLE|Art\.|ART\.)\s*"
    r"(?P<num>1er|1ère|premier|première|unique|[IVXLC]+\b|[A-Z]?\.?\s?\d+(?:[-.]\d+)*(?:\s*(?:bis|ter|quater))?))"
    r"(?P<sep>[\s.:–—-]*)(?P<rest>.*)$"
)
_FIRST_ARTICLE = re.compile(r"^(?:1er|1ère|premier|première|unique|I|1)$", re.IGNORECASE)
_CHARTER_TITLE = re.compile(r"\bcharte\b", re.IGNORECASE)
_SEVERAL_SENTENCES = re.compile(r"[a-zà-ÿ]{2,}[.!?]\s+[A-ZÀ-Þ]")


@dataclass(frozen=True)
class Heading:
    """A heading found at a line: its title, its last line, and where inline body text starts."""

    title: str
    last: int
    body_start: int | None = None  # offset in the document where the first paragraph starts


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE_CHARS
        and not ends_clause(text)
        and not text.endswith((":", ","))
        and not _SEVERAL_SENTENCES.search(text)
    )


def find_headings(lines: Sequence[Line], markers: Sequence[Marker | None]) -> dict[int, Heading]:
    """The charter's headings, by the line where each starts, in document order (module docstring)."""
    titles = _title_lines(lines)
    articles = {
        i: m for i, line in enumerate(lines) if i not in titles and (m := _article_line(line.text)) is not None
    }
    headings: dict[int, Heading] = {}
    taken: set[int] = set(titles)
    for i, match in articles.items():
        if i in taken:
            continue
        found = _article_heading(lines, markers, i, match, articles)
        headings[i] = found
        taken.update(range(i, found.last + 1))
    structured = bool(headings)
    for i in range(len(lines)):
        if i in taken:
            continue
        found = _section_heading(lines, markers, i)
        if found is not None:
            headings[i] = found
            taken.update(range(i, found.last + 1))
    if not articles:
        numbered = _numbered_headings(lines, markers, taken)
        headings.update(numbered)
        for i, found in numbered.items():
            taken.update(range(i, found.last + 1))
        structured = structured or bool(headings)
    if not structured:
        for i in _plain_headings(lines, markers, taken):
            headings[i] = Heading(lines[i].text, i)
    return dict(sorted(headings.items()))


def _title_lines(lines: Sequence[Line]) -> set[int]:
    """The document's own title lines, part of the preamble.

    The first line (unless it opens the articles), short lines naming the charter before the
    first article, and the lines continuing them.
    """
    titles: set[int] = set()
    if not _opens_articles(lines):
        titles.add(0)
    first_article = next((i for i, line in enumerate(lines) if i > 0 and _article_line(line.text)), len(lines))
    for i, line in enumerate(lines[:first_article]):
        if i > 0 and _CHARTER_TITLE.search(line.text) and _title_like(line.text) and len(line.text) <= 90:
            titles.add(i)
    # A title wrapped over several short lines or blocks ("CHARTE DES DROITS ET LIBERTÉS" /
    # "DE LA PERSONNE ACCUEILLIE"), and the underline of a setext heading.
    for i in sorted(titles):
        j = i + 1
        while j < len(lines) and (
            is_setext_rule(lines[j].text)
            or (
                _title_like(lines[j].text)
                and not _article_line(lines[j].text)
                and (is_capitals(lines[j].text) and is_capitals(lines[j - 1].text) or lines[j].text[0].islower())
            )
        ):
            titles.add(j)
            j += 1
    return titles


def _article_line(text: str) -> re.Match[str] | None:
    """The "Article N" match of a heading line; None for a reference ("Article 3 du code civil dispose…")."""
    match = _ARTICLE.match(text)
    if match is None:
        return None
    rest, sep = match["rest"], match["sep"]
    if rest and rest[0].islower() and not sep.strip():
        return None
    return match


def _article_number(num: str) -> int | None:
    if _FIRST_ARTICLE.match(num):
        return 1
    if num.isdigit():
        return int(num)
    return roman_value(num)


def _opens_articles(lines: Sequence[Line]) -> bool:
    """Whether the first line is the charter's first article rather than the title of a wrapper.

    It is when it is "Article 1er"/"Article premier", or when the next "Article" line carries
    the next number ("Article 6" then "Article 7": an excerpt). Légifrance exports start with the
    article of the law that carries the charter ("# Article 2" before "Art. 1er").
    """
    first = _article_line(lines[0].text)
    if first is None:
        return False
    number = _article_number(first["num"])
    if number == 1:
        return True
    following = next((m for line in lines[1:] if (m := _article_line(line.text))), None)
    return number is not None and following is not None and _article_number(following["num"]) == number + 1


def _article_heading(
    lines: Sequence[Line],
    markers: Sequence[Marker | None],
    i: int,
    match: re.Match[str],
    articles: dict[int, re.Match[str]],
) -> Heading:
    line = lines[i]
    label = match["label"].strip()
    rest = match["rest"].strip()
    if rest and not _title_like(rest):
        return Heading(label, i, body_start=line.start + match.start("rest"))
    parts = [heading_text(line.text)] if rest else [label]
    last = i
    # The title may follow on the next lines or blocks; after the first title line only a
    # wrapped continuation ("ou à un accompagnement adapté") is taken.
    while (
        last + 1 < len(lines)
        and last + 1 not in articles
        and markers[last + 1] is None
        and _title_like(lines[last + 1].text)
        and last - i < 3
        and (
            (not rest and last == i)
            or lines[last + 1].text[0].islower()
            or continues_title(lines[last].text, lines[last + 1].text)
        )
    ):
        last += 1
        parts.append(lines[last].text)
    if rest or len(parts) == 1:
        title = " ".join(parts)
    else:
        title = f"{parts[0]} – {' '.join(parts[1:])}"
    return Heading(heading_text(title), last)


def _section_heading(lines: Sequence[Line], markers: Sequence[Marker | None], i: int) -> Heading | None:
    """Roman-numbered sections, Markdown headings and lines in capitals."""
    text = lines[i].text
    marker = markers[i]
    md = markdown_heading(text)
    setext = i + 1 < len(lines) and is_setext_rule(lines[i + 1].text) and lines[i + 1].block == lines[i].block
    roman = (
        marker is not None
        and marker.style == "roman"
        and marker.delimited
        and starts_upper(text[marker.content :])
        and _title_like(text)
    )
    capitals = is_capitals(text) and _title_like(text) and marker is None
    if not (md or setext or roman or capitals):
        return None
    last = i + 1 if setext else i
    while (
        last + 1 < len(lines)
        and markers[last + 1] is None
        and _title_like(lines[last + 1].text)
        and lines[last + 1].text[0].islower()
        and last - i < 2
    ):
        last += 1
    title = " ".join(lines[k].text for k in range(i, last + 1) if not is_setext_rule(lines[k].text))
    return Heading(heading_text(title), last)


def _numbered_headings(
    lines: Sequence[Line], markers: Sequence[Marker | None], taken: set[int]
) -> dict[int, Heading]:
    """Numbered titles or paragraphs whose numbers follow on, in charters without "Article" lines."""
    headings: dict[int, Heading] = {}
    previous = 0
    for i, marker in enumerate(markers):
        if marker is None or marker.style != "arabic" or not marker.delimited or i in taken:
            continue
        if marker.value != previous + 1 or _in_list(lines, markers, i):
            continue
        text = lines[i].text
        rest = text[marker.content :]
        if not starts_upper(rest):
            continue
        single = i + 1 == len(lines) or lines[i + 1].block != lines[i].block
        if _title_like(text) and single and i + 1 < len(lines):
            headings[i] = Heading(heading_text(text), i)
        else:
            headings[i] = Heading(marker.label, i, body_start=lines[i].start + marker.content)
        previous = marker.value
    return headings


def _in_list(lines: Sequence[Line], markers: Sequence[Marker | None], i: int) -> bool:
    # Numbered lines next to each other in one block are a list ("1. Dignité\n2. Respect").
    return any(
        0 <= j < len(lines) and lines[j].block == lines[i].block and markers[j] is not None for j in (i - 1, i + 1)
    )


def _plain_headings(lines: Sequence[Line], markers: Sequence[Marker | None], taken: set[int]) -> list[int]:
    """Short single-line blocks followed by text, for charters with no other structure."""
    found: list[int] = []
    for i, line in enumerate(lines):
        alone = (i == 0 or lines[i - 1].block != line.block) and (
            i + 1 == len(lines) or lines[i + 1].block != line.block
        )
        if (
            i in taken
            or not alone
            or i + 1 == len(lines)
            or markers[i] is not None
            or not starts_upper(line.text)
            or not _title_like(line.text)
            or len(line.text) > 80
        ):
            continue
        found.append(i)
    # Of two title-like lines in a row, the first is a one-line paragraph: a title announces text.
    return [i for k, i in enumerate(found) if not (k + 1 < len(found) and found[k + 1] == i + 1)]
