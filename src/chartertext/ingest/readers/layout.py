"""The one text layout every reader writes, so segmentation sees one convention.

One paragraph per line, a blank line between paragraphs, list items and table cells one
per line, a blank line between table rows. :class:`Layout` is how the tree-walking readers
(HTML, Word, ODT) write it; :func:`tidy` cleans the extracted formats afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["Layout", "tidy"]

_Cell = TypeVar("_Cell")

_EDGE_SPACE = " \t\xa0\u2009\u202f\f\v"
_MANY_BREAKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Drop layout whitespace at line edges and runs of blank lines (extracted formats).

    Parameters
    ----------
    text : str
        One page with ``\\n`` line ends.

    Returns
    -------
    str
        The page with no spaces, tabs or no-break spaces at line edges, at most one blank
        line in a row, and no blank lines at either end.
    """
    lines = "\n".join(line.strip(_EDGE_SPACE) for line in text.split("\n"))
    return _MANY_BREAKS.sub("\n\n", lines).strip("\n")


class Layout:
    """Collects text and the breaks between blocks; the larger of adjacent breaks wins,
    so nested blocks (a paragraph inside a list item) do not pile up blank lines."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pending = 0

    def brk(self, n: int) -> None:
        self._pending = max(self._pending, n)

    def line_break(self) -> None:
        # <br><br> is how much hand-written HTML marks a paragraph: breaks add up, to 2.
        self._pending = min(self._pending + 1, 2)

    def text(self, s: str) -> None:
        if not s or (self._pending and not s.strip(" ")):
            return
        if self._parts and self._pending:
            self._parts.append("\n" * self._pending)
        self._pending = 0
        self._parts.append(s)

    def table(self, rows: Iterable[Iterable[_Cell]], write_cell: Callable[[_Cell], None], *,
              tight: bool) -> None:
        """Write a table the shared way: one cell per line, a blank line between rows.

        Parameters
        ----------
        rows : iterable of iterable
            The table's rows, each an iterable of its cells, in reading order.
        write_cell : callable
            Writes one cell's content to this layout (the reader's own block walker).
        tight : bool
            True inside a list item or another table's cell, where rows are separated by
            a line break only, since a blank line would split the enclosing item.
        """
        sep = 1 if tight else 2
        self.brk(sep)
        for row in rows:
            self.brk(sep)
            for cell in row:
                self.brk(1)
                write_cell(cell)
                self.brk(1)
            self.brk(sep)
        self.brk(sep)

    def result(self) -> str:
        return "".join(self._parts)
