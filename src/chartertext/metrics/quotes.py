"""Quotes kept as evidence: the sentence around a mention, or a whole segment, cut to a length.

Value adoption proves each first mention with the sentence that holds it
(:func:`quote_around`); charter provenance shows the closest minutes segment to each article
(:func:`clip_quote`). Both collapse whitespace (the line breaks of a PDF) and stop at
``QUOTE_LIMIT`` characters, cutting at a word and marking the cut with "…".
"""

from __future__ import annotations

import re

__all__ = ["QUOTE_LIMIT", "clip_quote", "quote_around"]

#: Longest quote kept as evidence, in characters.
QUOTE_LIMIT = 300

# A sentence ends at . ! ? … followed by a space, but not after an initial ("M. Diallo",
# "H. Lambert"); a blank line or a line starting a list item ends it too. A lone line break
# does not: PDF lines wrap mid-sentence.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])(?<!\b[A-ZÀ-Ý]\.)\s+|\n[^\S\n]*\n\s*|\n(?=[^\S\n]*(?:[-–•*]|\d+[.)])\s)"
)


def quote_around(text: str, start: int, end: int, limit: int = QUOTE_LIMIT) -> str:
    """The sentence of ``text`` holding ``text[start:end]``, at most ``limit`` characters.

    Whitespace runs (line breaks of a PDF) become single spaces. A longer sentence is cut to a
    window centred on the span, at word boundaries, marked with "…" at each cut.

    Examples
    --------
    >>> quote_around("Ordre du jour. Une question de dignité : oui. Fin.", 31, 38)
    'Une question de dignité : oui.'
    """
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    after = _SENTENCE_BREAK.search(text, end)
    right = after.start() if after is not None else len(text)
    sentence = text[left:right]
    span_start, span_end = start - left, end - left
    if len(" ".join(sentence.split())) <= limit:
        return " ".join(sentence.split())
    # Centre a window on the span, then trim to whole words.
    room = max(limit - (span_end - span_start) - 2, 0)
    lo = max(0, span_start - room // 2)
    hi = min(len(sentence), lo + limit - 2)
    lo = max(0, min(lo, hi - (limit - 2)))
    window = sentence[lo:hi]
    if lo > 0 and " " in window[: max(span_start - lo, 0)]:
        window = window[window.index(" ") + 1 :]
    if hi < len(sentence) and " " in window:
        window = window[: window.rindex(" ")]
    return ("…" if lo > 0 else "") + " ".join(window.split()) + ("…" if hi < len(sentence) else "")


def clip_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` with whitespace collapsed, cut at a word before ``limit`` characters.

    Examples
    --------
    >>> clip_quote("Le respect\\n  de chacun.")
    'Le respect de chacun.'
    >>> clip_quote("Le respect de chacun.", limit=15)
    'Le respect de…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    return (cut[: cut.rindex(" ")] if " " in cut else cut) + "…"
