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

How headings are found is :mod:`.charter_headings`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Segment
from .charter_headings import Heading, find_headings
from .lines import Line, SegmentBuilder, continues_title, ends_clause, split_lines
from .markers import Marker, document_markers, starts_upper


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
    headings = find_headings(lines, markers)
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


def _part_end(lines: Sequence[Line], headings: dict[int, Heading], i: int) -> int:
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
