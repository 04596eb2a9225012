"""Minutes (procès-verbaux, comptes rendus) cut into agenda items, speaker turns, attendance and paragraphs.

The text is read line by line, keeping its blank-line blocks. A plan first says which lines
open a segment, then segments run from each opening line to the next one or to the end of the
block (a PDF paragraph whose lines were broken stays one segment).

What opens a segment, strongest first:

* The agenda announcement ("Ordre du jour", "ODJ", "Projet d'ordre du jour") together with the
  list that follows it: ONE segment of kind "paragraph" whose ``heading`` is the cue as written
  ("Ordre du jour"). It lists the items, it does not discuss them, so it is not an agenda item,
  and it does not change the heading of what follows.
* Agenda items (kind "agenda_item", text = the heading line, plus the next line when the title
  was wrapped on a function word: "… taxe d'aménagement à la\\nCCPH"). Every later segment carries
  its title in ``heading`` until the next item. Recognised: numbered lines ("1.", "1)", "1/",
  "1 -", "3°)", "I.", "II -", and bare "1 Budget" / "IV Plan") whose numbers follow on from the
  previous item, "Point 3", "N° 2022-15", "Délibération n°…", "Objet :", "Questions diverses",
  Markdown headings, and lines in capitals. The first numbered item is 1 or 2, or stands alone
  in its block (a bare number must be exactly 1, then exactly the next one, and open its line).
  Numbered lines are NOT items when they sit next to another numbered line (a list: the agenda,
  votes, a list inside a debate), when they break the sequence (a debate's "1 / respect des horaires" under
  item 7), when they start in lower case
  ("2 bureaux à préparer") or when they hold several sentences. Sub-numbering ("6.1 Ecole") and
  letters ("A/ Le temple") are sub-points: they stay inside their item as paragraphs.
* Documents that number fewer than two items (HTML pages whose ``<h2>`` became plain lines) also
  take single-line blocks that read like titles (upper-case start, no closing punctuation, no
  date, followed by text) as agenda items.
* Attendance (kind "attendance", ``heading`` = the cue as written: "Présents", "Absents
  excusés"): a line starting with an attendance cue and the name lines after it in its block;
  after a cue alone on its line ("Absent"), the next block too.
* Speaker turns (kind "turn", ``speaker`` as written): a colon cue or reported speech at the
  start of a block, or at the start of a line whose previous line closed a sentence. Later
  paragraphs of the same item without a cue are "paragraph" with ``speaker`` None: nobody is
  guessed.
* Everything else: one "paragraph" per block (or per rest of a block after a cue).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Segment
from .lines import Line, SegmentBuilder, continues_title, ends_clause, split_lines
from .markers import Marker, document_markers, has_date, heading_text, is_capitals, markdown_heading, starts_upper
from .speakers import agenda_cue, attendance_cue, speaker_turn

#: A numbered heading longer than this is a numbered paragraph, not a title.
MAX_TITLE_CHARS = 160

_EXPLICIT_LINE = re.compile(
    r"^(?:(?:questions|points|affaires|informations|sujets)\s+divers(?:es)?|divers)\s*[:.…]*$",
    re.IGNORECASE,
)
_EXPLICIT_PREFIX = re.compile(
    r"^(?:objet\s*:|d[ée]lib[ée]ration\s+n\s*[°o]|d[ée]lib\.?\s+n\s*°|point\s+(?:n\s*°\s*)?\d+\b|n\s*°\s*\d)",
    re.IGNORECASE,
)
_DECISION = re.compile(r"^(?:ADOPT|APPROUV|REJET|VOT|UNANIMIT|POUR\b|CONTRE\b)", re.IGNORECASE)
_SEVERAL_SENTENCES = re.compile(r"[a-zà-ÿ]{2,}[.!?]\s+[A-ZÀ-Þ]")


@dataclass
class _Start:
    """A line that opens a segment."""

    kind: str
    heading: str | None = None
    speaker: str | None = None
    last: int | None = None  # last line of the segment when it is fixed in advance
    sets_heading: bool = False


def segment_minutes(doc_id: str, text: str) -> list[Segment]:
    """Cut minutes into agenda items, speaker turns, attendance and paragraphs.

    Parameters
    ----------
    doc_id : str
        Identifier of the document; segment ids are ``f"{doc_id}:{n:04d}"``.
    text : str
        Normalised text of the minutes (blank line = paragraph break).

    Returns
    -------
    list of Segment
        Non-overlapping spans of ``text`` in reading order, kinds "agenda_item", "turn",
        "attendance" and "paragraph" (the rules are in the module docstring).

    Examples
    --------
    >>> segs = segment_minutes("cm", "Présents : A, B.\\n\\n1. Budget\\n\\nM. le Maire : Voté.")
    >>> [(s.kind, s.heading, s.speaker) for s in segs]
    [('attendance', 'Présents', None), ('agenda_item', '1. Budget', None), ('turn', '1. Budget', 'M. le Maire')]
    """
    lines = split_lines(text)
    builder = SegmentBuilder(doc_id, text)
    if not lines:
        return []
    starts = _plan(lines)
    heading: str | None = None
    i = 0
    while i < len(lines):
        start = starts.get(i) or _Start("paragraph")
        last = start.last if start.last is not None else _run_end(lines, starts, i)
        if start.sets_heading:
            heading = start.heading
        # Agenda items, the agenda list and attendance show their own title; the rest the item's.
        shown = start.heading if start.heading is not None else heading
        builder.add(start.kind, lines[i].start, lines[last].end, heading=shown, speaker=start.speaker)
        i = last + 1
    return builder.segments()


def _run_end(lines: Sequence[Line], starts: dict[int, _Start], i: int) -> int:
    # A segment without a fixed end runs to the next opening line or the end of its block.
    j = i
    while j + 1 < len(lines) and lines[j + 1].block == lines[i].block and j + 1 not in starts:
        j += 1
    return j


def _plan(lines: Sequence[Line]) -> dict[int, _Start]:
    markers = document_markers(lines)
    listed = _list_lines(lines, markers)
    starts: dict[int, _Start] = {}
    covered: set[int] = set()

    for i, line in enumerate(lines):
        cue = agenda_cue(line.text)
        if cue is not None and i not in covered:
            last = _agenda_extent(lines, markers, i)
            starts[i] = _Start("paragraph", heading=heading_text(cue), last=last)
            covered.update(range(i, last + 1))

    for i, line in enumerate(lines):
        if i in covered:
            continue
        cue = attendance_cue(line.text)
        if cue is not None:
            starts[i] = _Start("attendance", heading=cue)
        elif _opens_line(lines, i):
            turn = speaker_turn(line.text)
            if turn is not None:
                starts[i] = _Start("turn", speaker=turn.speaker)

    _extend_bare_attendance(lines, markers, starts, covered)
    numbered = _numbered_items(lines, markers, listed, covered)
    items = numbered | _other_items(lines, markers, covered, fallback=len(numbered) < 2)
    for i, last in items.items():
        title = " ".join(lines[k].text for k in range(i, last + 1))
        starts[i] = _Start("agenda_item", heading=heading_text(title), last=last, sets_heading=True)
        covered.update(range(i, last + 1))
    return starts


def _opens_line(lines: Sequence[Line], i: int) -> bool:
    # A cue opens a segment at the start of a block, or at the start of a line when the line
    # before closed its sentence (PDF text keeps its line breaks inside paragraphs).
    if i == 0 or lines[i - 1].block != lines[i].block:
        return True
    previous = lines[i - 1].text
    return ends_clause(previous) or previous.endswith(":")


def _list_lines(lines: Sequence[Line], markers: Sequence[Marker | None]) -> set[int]:
    """Marked lines next to another marked line of their block: list entries, never items."""
    listed: set[int] = set()
    for i, marker in enumerate(markers):
        if marker is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and lines[j].block == lines[i].block and _same_list(markers[j], marker, j < i):
                listed.add(i)
        # One wrapped line may sit between two entries ("2/ … de\nsélection des projets\n3/ …").
        for j, mid in ((i - 2, i - 1), (i + 2, i + 1)):
            if (
                0 <= j < len(lines)
                and lines[j].block == lines[i].block
                and _same_list(markers[j], marker, j < i)
                and markers[mid] is None
                and continues_title(lines[min(j, mid)].text, lines[max(j, mid)].text)
            ):
                listed.add(i)
    return listed


def _same_list(other: Marker | None, marker: Marker, other_first: bool) -> bool:
    # Neighbours are entries of one list when their marks follow on ("1." then "2.", two
    # bullets): "7. Questions diverses" above "1 / respect des horaires" is a title and its sub-point.
    if other is None:
        return False
    return _follows(marker, other) if other_first else _follows(other, marker)


def _listlike(lines: Sequence[Line], markers: Sequence[Marker | None], block: list[int]) -> bool:
    if markers[block[0]] is None:
        return False
    marked = sum(markers[k] is not None for k in block)
    wrapped = all(
        markers[k] is not None or continues_title(lines[k - 1].text, lines[k].text) for k in block[1:]
    )
    return wrapped or marked >= 0.6 * len(block)


def _follows(marker: Marker, previous: Marker | None) -> bool:
    if previous is None:
        return True
    if marker.style == "bullet" or previous.style == "bullet":
        return marker.style == previous.style
    return marker.style == previous.style and marker.value == previous.value + 1


def _agenda_extent(lines: Sequence[Line], markers: Sequence[Marker | None], cue: int) -> int:
    """Last line of the agenda list announced at line ``cue``."""
    n = len(lines)
    last = cue
    previous: Marker | None = None
    marked = 0
    # The list may go on in the cue's own block: marked lines, wrapped titles, short titles.
    while last + 1 < n and lines[last + 1].block == lines[cue].block:
        nxt = lines[last + 1]
        marker = markers[last + 1]
        title_like = (
            len(nxt.text) <= 100
            and not ends_clause(nxt.text)
            and not nxt.text.endswith(":")
            and attendance_cue(nxt.text) is None
            and speaker_turn(nxt.text) is None
        )
        if marker is None and not (continues_title(lines[last].text, nxt.text) or title_like):
            break
        if marker is not None:
            marked += 1
            previous = marker
        last += 1
    # Then in the next blocks, while they are list entries whose numbers follow on.
    blocks = _blocks_after(lines, last)
    run_end, run_marked = last, 0
    for block in blocks:
        if not _listlike(lines, markers, block) or not _follows(markers[block[0]], previous):
            break
        for k in block:
            if markers[k] is not None:
                previous = markers[k]
                run_marked += 1
        run_end = block[-1]
    # A single numbered line after a lone cue is the first item itself, not a list.
    if marked + run_marked >= 2:
        last = run_end
    return last


def _blocks_after(lines: Sequence[Line], i: int) -> list[list[int]]:
    blocks: list[list[int]] = []
    for k in range(i + 1, len(lines)):
        if blocks and lines[blocks[-1][0]].block == lines[k].block:
            blocks[-1].append(k)
        else:
            blocks.append([k])
    return blocks


def _title_end(lines: Sequence[Line], markers: Sequence[Marker | None], i: int) -> int:
    """Last line of a title starting at line ``i`` (a wrapped title takes up to two more lines)."""
    j = i
    while (
        j + 1 < len(lines)
        and j - i < 2
        and lines[j + 1].block == lines[i].block
        and markers[j + 1] is None
        and len(lines[j + 1].text) <= 80
        and continues_title(lines[j].text, lines[j + 1].text)
    ):
        j += 1
    return j


def _is_title(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_CHARS
        and not text.endswith((",", ";"))
        and not _SEVERAL_SENTENCES.search(text)
    )


def _numbered_items(
    lines: Sequence[Line], markers: Sequence[Marker | None], listed: set[int], covered: set[int]
) -> dict[int, int]:
    """Numbered agenda items (first line → last title line), keeping each numbering in sequence."""
    items: dict[int, int] = {}
    previous: dict[str, int] = {}
    for i, marker in enumerate(markers):
        if marker is None or marker.style not in ("arabic", "roman") or i in covered or i in listed:
            continue
        text = lines[i].text
        if not starts_upper(text[marker.content :]):
            continue
        before = previous.get(marker.style)
        if marker.delimited:
            # The first item is 1 or 2, or a line of its own (minutes that start at item 6).
            alone = _opens_line(lines, i) and (i + 1 == len(lines) or lines[i + 1].block != lines[i].block)
            first_ok = marker.value <= 2 or alone
            in_sequence = first_ok if before is None else before <= marker.value <= before + 2
        else:
            # A bare number ("1 Subventions") is weak evidence: it must be exactly the next one,
            # open its line, and be short.
            in_sequence = (marker.value == 1 if before is None else marker.value == before + 1) and (
                _opens_line(lines, i) and len(text) <= 80
            )
        if not in_sequence:
            continue
        last = _title_end(lines, markers, i)
        if not _is_title(" ".join(lines[k].text for k in range(i, last + 1))):
            continue
        items[i] = last
        previous[marker.style] = marker.value
    return items


def _other_items(
    lines: Sequence[Line], markers: Sequence[Marker | None], covered: set[int], fallback: bool
) -> dict[int, int]:
    """Unnumbered agenda items: explicit cues, Markdown headings, capitals, and (fallback) title lines."""
    items: dict[int, int] = {}
    plain: list[int] = []
    for i, line in enumerate(lines):
        if i in covered or (markers[i] is not None and markers[i].style != "bullet"):
            continue
        text = line.text
        alone = (i == 0 or lines[i - 1].block != line.block) and (
            i + 1 == len(lines) or lines[i + 1].block != line.block
        )
        md = markdown_heading(text)
        if md is not None:
            if not (i == 0 and md[0] == 1):  # a level-1 heading on the first line is the document title
                items[i] = i
            continue
        if markers[i] is not None:
            continue
        if _EXPLICIT_LINE.match(text) or (_EXPLICIT_PREFIX.match(text) and _is_title(text)):
            items[i] = _title_end(lines, markers, i)
            continue
        if i == 0 or attendance_cue(text) is not None or has_date(text):
            continue
        capitals = is_capitals(text) and len(text) <= 100 and not _DECISION.match(text)
        if capitals and _opens_line(lines, i) and speaker_turn(text) is None:
            items[i] = i
        elif fallback and alone and i + 1 < len(lines) and _plain_title(text):
            plain.append(i)
    # A title is followed by what it announces: of two title-like lines in a row the first is a
    # one-line paragraph (an HTML list of one action, "Solliciter une visite des lieux").
    for k, i in enumerate(plain):
        if not (k + 1 < len(plain) and plain[k + 1] == i + 1):
            items[i] = i
    return items


def _plain_title(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(text) <= 100
        and len(words) <= 14
        and not ends_clause(text)
        and not text.endswith(",")
        and ":" not in text.rstrip(" :")
        and not (text.endswith(":") and len(text) > 60)
        and (starts_upper(text) or bool(re.match(r"^\d+\s+[A-ZÀ-Þ]", text)))
        and not re.search(r"[€%]", text)
        and speaker_turn(text) is None
    )


def _extend_bare_attendance(
    lines: Sequence[Line], markers: Sequence[Marker | None], starts: dict[int, _Start], covered: set[int]
) -> None:
    # "Absent" or "Présents :" alone at the end of its block: the names are in the next block
    # (unless that block opens with something else: a numbered line, a cue).
    for i, start in list(starts.items()):
        if start.kind != "attendance" or start.heading is None:
            continue
        bare = not lines[i].text.split(":", 1)[-1].strip() or lines[i].text.rstrip(" :").endswith(start.heading)
        last_of_block = i + 1 == len(lines) or lines[i + 1].block != lines[i].block
        if not (bare and last_of_block and i + 1 < len(lines)) or i + 1 in starts or i + 1 in covered:
            continue
        following = lines[i + 1].text
        if markers[i + 1] is None and agenda_cue(following) is None and markdown_heading(following) is None:
            starts[i + 1] = _Start("attendance", heading=start.heading)
            covered.add(i + 1)
