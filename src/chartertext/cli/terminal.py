"""What reaches the terminal from the data: file names, group names, notes, error messages.

A file name or a group name is written by whoever made the corpus. Printed raw, control
characters (an escape sequence in a file name) reach the terminal, and rich reads ``[/i]`` as
markup and raises. Every data-derived string goes through :func:`clean` (plain ``print``) or
:func:`plain` (a rich console) on its way out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from ..corpus import Corpus

__all__ = ["clean", "plain", "print_files"]

# C0 and C1 controls but tab, DEL, lone surrogates (undecodable file-name bytes), and the
# bidirectional overrides that can make a name read backwards.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """``str(value)`` with every control character replaced by "?" (newlines included: one line).

    >>> clean("cr\\x1b[31m.pdf")
    'cr?[31m.pdf'
    """
    return _UNSAFE.sub("?", str(value))


def plain(value: object) -> Text:
    """:func:`clean` as rich text: printed as written, never read as markup nor highlighted.

    >>> plain("[/i]").plain
    '[/i]'
    """
    return Text(clean(value))


def print_files(console: Console, result: Corpus, *, list_skipped: bool) -> None:
    """Files found = ingested + skipped + failed; each skipped file with its reason when asked."""
    n = result.file_counts()
    console.print(plain(
        f"Files: {n['found']} found = {n['ingested']} ingested + {n['skipped']} skipped + {n['failed']} failed"
        + ("" if list_skipped or not n["skipped"] else " (--list-skipped lists the skipped files)")
    ))
    if list_skipped:
        for s in result.skipped:
            count = f" ({s.files} file{'s' if s.files != 1 else ''})" if s.path.endswith("/") else ""
            console.print(plain(f"  skipped {s.path}: {s.reason}{count}"))
