"""Lines of a normalised text with their offsets, and the builder that turns spans into segments.

Every segmenter works on :class:`Line` records (offsets into the document text, the index of the
blank-line-separated block they belong to) and hands spans to :class:`SegmentBuilder`, which is
the one place that enforces the segment contract: ``text == doc_text[start:end]``, no
leading/trailing whitespace, no empty segment, no overlap, reading order, numbered ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import SEGMENT_KINDS, Segment

#: Characters ending a sentence or a clause. A line ending with one of them is not a title,
#: and the line after it may open a new paragraph or speaker turn.
TERMINAL = ".!?…;"

#: French words a wrapped title line can end with: a title never stops on them, so the next
#: line continues it ("Reversement de la taxe d'aménagement à la\nCCPH").
FUNCTION_WORDS = frozenset(
    "à au aux de du des d la le les l un une et ou en pour par sur sous avec dans entre vers "
    "chez sans selon contre ainsi que qui dont".split()
)


@dataclass(frozen=True)
class Line:
    """One non-blank line of the document.

    Attributes
    ----------
    start, end : int
        Offsets of its first and one past its last non-whitespace character.
    text : str
        ``doc_text[start:end]``.
    block : int
        Index of its paragraph: lines separated by a blank line are in different blocks.
    """

    start: int
    end: int
    text: str
    block: int


def split_lines(text: str) -> list[Line]:
    """Cut a text into its non-blank lines, each with its offsets and block index.

    Parameters
    ----------
    text : str
        Normalised document text ("\\n" line breaks, blank line = paragraph break).

    Returns
    -------
    list of Line
        In reading order; whitespace-only lines are dropped and open a new block.
    """
    lines: list[Line] = []
    block = 0
    offset = 0
    blank_seen = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            if blank_seen and lines:
                block += 1
            blank_seen = False
            start = offset + len(raw) - len(raw.lstrip())
            lines.append(Line(start, start + len(stripped), stripped, block))
        else:
            blank_seen = True
        offset += len(raw) + 1
    return lines


def blocks_of(lines: Sequence[Line]) -> list[list[int]]:
    """Indices of ``lines`` grouped by block, in order."""
    groups: list[list[int]] = []
    for i, line in enumerate(lines):
        if groups and lines[groups[-1][0]].block == line.block:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def ends_clause(text: str) -> bool:
    """Whether a line ends a sentence or clause (so it is not a title and not wrapped)."""
    return bool(text) and text[-1] in TERMINAL


def last_word(text: str) -> str:
    """The last word of a line, lower-cased, apostrophe-elided forms reduced ("l'" → "l")."""
    words = re.findall(r"[\w]+", text)
    return words[-1].lower() if words else ""


def continues_title(line: str, following: str) -> bool:
    """Whether ``following`` continues a title that was wrapped at the end of ``line``.

    A title wraps when its line stops on a function word ("… à la") or a hyphen, or when the
    next line starts in lower case and the first has no closing punctuation.
    """
    if not following or ends_clause(line) or line.endswith(":"):
        return False
    if line.endswith(("-", "–")) or last_word(line) in FUNCTION_WORDS:
        return True
    return following[0].islower()


class SegmentBuilder:
    """Collects spans of one document and numbers them as segments.

    Parameters
    ----------
    doc_id : str
        Identifier of the document; segment ids are ``f"{doc_id}:{n:04d}"``.
    text : str
        The document's normalised text, which every span indexes.
    """

    def __init__(self, doc_id: str, text: str) -> None:
        self.doc_id = doc_id
        self.text = text
        self._segments: list[Segment] = []
        self._last_end = 0

    def add(
        self,
        kind: str,
        start: int,
        end: int,
        heading: str | None = None,
        speaker: str | None = None,
    ) -> None:
        """Add the span ``text[start:end]`` trimmed of surrounding whitespace (empty spans are skipped)."""
        if kind not in SEGMENT_KINDS:
            raise ValueError(f"segment kind {kind!r} is not one of {SEGMENT_KINDS}")
        span = self.text[start:end]
        start += len(span) - len(span.lstrip())
        end -= len(span) - len(span.rstrip())
        if end <= start:
            return
        if start < self._last_end:
            # A segmenter bug, not a user error: overlapping spans would break every offset.
            raise ValueError(
                f"{self.doc_id}: segment [{start}, {end}) overlaps the previous one ending at {self._last_end}"
            )
        n = len(self._segments)
        self._segments.append(
            Segment(
                doc_id=self.doc_id,
                segment_id=f"{self.doc_id}:{n:04d}",
                kind=kind,
                heading=heading,
                speaker=speaker,
                text=self.text[start:end],
                start=start,
                end=end,
            )
        )
        self._last_end = end

    def segments(self) -> list[Segment]:
        """The segments added so far, in reading order."""
        return list(self._segments)


def paragraph_segments(doc_id: str, text: str, kind: str = "paragraph") -> list[Segment]:
    """One segment per blank-line-separated block (used for documents of kind "other").

    Parameters
    ----------
    doc_id : str
    text : str
        Normalised document text.
    kind : str, default "paragraph"
        Kind given to every segment.
    """
    lines = split_lines(text)
    builder = SegmentBuilder(doc_id, text)
    for group in blocks_of(lines):
        builder.add(kind, lines[group[0]].start, lines[group[-1]].end)
    return builder.segments()
