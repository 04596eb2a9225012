"""Charters (and drafts of charters) cut into a preamble, article paragraphs and list items.

Headings are found first; they are carried in ``heading`` and are not segments themselves
(there is no heading kind, and emitting "Article 3 – Droit à l'information" as an "article"
row would count every title as body text). Then:

* "preamble": every block before the first heading, one segment per block, including the
  document's title lines (its first line, lines naming the charter, "CHARTE DES DROITS…").
* "article": each body paragraph after a heading, ``heading`` = the article title, e.g.
  "Article 2 – Droit à une prise en charge ou à un accompagnement adapté" (number line and
  title lines joined with " – ", wrapped title lines joined with a space).
* "list_item": each entry of a list inside an article — lines starting with a bullet
  ("- Solidarité : …", "• Respect", "-la procédure…"), a number or letter ("1. Dignité",
  "1° La personne…", "a) …"), or a block with one entry per line (each line but the last closes
  a clause: ";" or "."), as HTML lists come out of the reader. Wrapped lines stay with their entry.

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

from ..records import Segment
from .lines import Line, SegmentBuilder, continues_title, ends_clause, split_lines
from .markers import (
    Marker,
    document_markers,
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
class _Heading:
    """A heading found at a line: its title, its last line, and where inline body text starts."""

    title: str
    last: int
    body_start: int | None = None  # offset in the document where the first paragraph starts


def segment_charter(doc_id: str, text: str) -> list[Segment]:
    """Cut a charter into a preamble, article paragraphs and list items.

    Parameters
    ----------
    doc_id : str
        Identifier of the document; segment ids are ``f"{doc_id}:{n:04d}"``.
    text : str
        Normalised charter text (blank line = paragraph break). Drafts use the same rules.

    Returns
    -------
    list of Segment
        Kinds "preamble", "article" and "list_item", in reading order; heading lines are
        carried in ``heading`` and are not segments (see the module docstring).

    Examples
    --------
    >>> text = "Charte du quartier\\n\\nArticle 1er – Respect\\n\\nChacun respecte autrui."
    >>> [(s.kind, s.heading, s.text) for s in segment_charter("c", text)]
    [('preamble', None, 'Charte du quartier'), ('article', 'Article 1er – Respect', 'Chacun respecte autrui.')]
    """
    lines = split_lines(text)
    if not lines:
        return []
    markers = document_markers(lines)
    headings = _headings(lines, markers)
    builder = SegmentBuilder(doc_id, text)
    current: str | None = None
    seen = False
    i = 0
    while i < len(lines):
        found = headings.get(i)
        if found is not None:
            current, seen = found.title, True
            i = found.last + 1
            if found.body_start is not None:
                end = _part_end(lines, headings, found.last)
                _emit_body(builder, lines, markers, found.last, end, current, first_start=found.body_start)
                i = end + 1
            continue
        end = _part_end(lines, headings, i)
        if seen:
            _emit_body(builder, lines, markers, i, end, current)
        else:
            builder.add("preamble", lines[i].start, lines[end].end)
        i = end + 1
    return builder.segments()


def _part_end(lines: Sequence[Line], headings: dict[int, _Heading], i: int) -> int:
    # A run of body lines ends at a blank line or at the next heading.
    j = i
    while j + 1 < len(lines) and lines[j + 1].block == lines[i].block and j + 1 not in headings:
        j += 1
    return j


def _emit_body(
    builder: SegmentBuilder,
    lines: Sequence[Line],
    markers: Sequence[Marker | None],
    first: int,
    last: int,
    heading: str | None,
    first_start: int | None = None,
) -> None:
    """Emit lines ``first..last`` of one block as article paragraph and/or list items."""
    start_of = {first: first_start if first_start is not None else lines[first].start}
    part = range(first, last + 1)
    marked = [k for k in part if markers[k] is not None and not (k == first and first_start is not None)]
    # A numbered paragraph ("1. L'élu local exerce…") is one article paragraph, however it wraps.
    if not marked and first_start is None and _one_entry_per_line(lines, first, last):
        for k in part:
            builder.add("list_item", start_of.get(k, lines[k].start), lines[k].end, heading=heading)
        return
    if not marked:
        builder.add("article", start_of[first], lines[last].end, heading=heading)
        return
    if marked[0] > first:
        builder.add("article", start_of[first], lines[marked[0] - 1].end, heading=heading)
    bounds = marked + [last + 1]
    for k, nxt in zip(bounds, bounds[1:]):
        builder.add("list_item", lines[k].start, lines[nxt - 1].end, heading=heading)


def _one_entry_per_line(lines: Sequence[Line], first: int, last: int) -> bool:
    # HTML lists come out of the reader as one entry per line without bullets; a wrapped PDF
    # paragraph does not close a clause at the end of every line.
    if last == first:
        return False
    texts = [lines[k].text for k in range(first, last + 1)]
    return all(_entry_boundary(a, b) for a, b in zip(texts, texts[1:]))


def _entry_boundary(line: str, following: str) -> bool:
    # A line closing a clause ends an entry; otherwise the next line must start a new one
    # (upper case) without the first having stopped on a comma or a function word.
    if ends_clause(line):
        return True
    return starts_upper(following) and not line.endswith(",") and not continues_title(line, following)


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE_CHARS
        and not ends_clause(text)
        and not text.endswith((":", ","))
        and not _SEVERAL_SENTENCES.search(text)
    )


def _headings(lines: Sequence[Line], markers: Sequence[Marker | None]) -> dict[int, _Heading]:
    titles = _title_lines(lines)
    articles = {
        i: m for i, line in enumerate(lines) if i not in titles and (m := _article_line(line.text)) is not None
    }
    headings: dict[int, _Heading] = {}
    taken: set[int] = set(titles)
    for i, match in articles.items():
        if i in taken:
            continue
        found = _article_heading(lines, markers, i, match, articles)
        headings[i] = found
        taken.update(range(i, found.last + 1))
    structured = bool(headings)
    for i, line in enumerate(lines):
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
            headings[i] = _Heading(lines[i].text, i)
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
) -> _Heading:
    line = lines[i]
    label = match["label"].strip()
    rest = match["rest"].strip()
    if rest and not _title_like(rest):
        return _Heading(label, i, body_start=line.start + match.start("rest"))
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
    return _Heading(heading_text(title), last)


def _section_heading(lines: Sequence[Line], markers: Sequence[Marker | None], i: int) -> _Heading | None:
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
    return _Heading(heading_text(title), last)


def _numbered_headings(
    lines: Sequence[Line], markers: Sequence[Marker | None], taken: set[int]
) -> dict[int, _Heading]:
    """Numbered titles or paragraphs whose numbers follow on, in charters without "Article" lines."""
    headings: dict[int, _Heading] = {}
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
            headings[i] = _Heading(heading_text(text), i)
        else:
            headings[i] = _Heading(marker.label, i, body_start=lines[i].start + marker.content)
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
