"""Step 1 of text reuse: the pairs of windows worth aligning, found with MinHash LSH.

Each text is cut into overlapping windows of ``window`` words (every ``step`` words). A window
is the set of its word ``shingle``-grams, summarised by a MinHash signature; a MinHash LSH index
(``datasketch``) returns the pairs of windows, in different texts, whose estimated Jaccard
similarity is likely above ``lsh_threshold``. Step 2, the local alignment of each pair, is
:func:`chartertext.compare.reuse.find_reuse`; the whole method is described there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash, MinHashLSH

if TYPE_CHECKING:
    from .reuse import ReuseParameters

__all__ = ["Tokens", "candidates", "window_spans"]

_WORD = re.compile(r"[\w\u0300-\u036f]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


@dataclass(frozen=True)
class Tokens:
    """The words of a text: comparison keys and character spans."""

    keys: tuple[str, ...]
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, text: str) -> Tokens:
        matches = list(_WORD.finditer(text))
        return cls(
            keys=tuple(m.group().casefold().translate(_LIGATURES) for m in matches),
            starts=np.array([m.start() for m in matches], dtype=np.int64),
            ends=np.array([m.end() for m in matches], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.keys)


def window_spans(n: int, params: ReuseParameters) -> list[tuple[int, int]]:
    """Token ranges of the windows of a text of ``n`` words (the last one reaches the end)."""
    window, step = int(params.window or params.min_words), int(params.step or 1)
    if n == 0:
        return []
    if n <= window:
        return [(0, n)]
    starts = list(range(0, n - window + 1, step))
    if starts[-1] + window < n:
        starts.append(n - window)
    return [(s, s + window) for s in starts]


def candidates(
    tokens: Sequence[Tokens], params: ReuseParameters, wanted: set[tuple[int, int]] | None
) -> dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """For each pair of texts (i < j), the pairs of windows the LSH index says to align."""
    n = len(tokens)
    pairs = wanted if wanted is not None else {(i, j) for i in range(n) for j in range(i + 1, n)}
    # Only texts that can be the first of a pair ask the index; only texts in a pair enter it.
    asking = {i for i, _ in pairs}
    involved = asking | {j for _, j in pairs}
    # Drawing the permutations is most of a MinHash's cost: draw them once, share them.
    template = MinHash(num_perm=params.num_perm, seed=params.seed)
    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    windows: dict[str, tuple[int, tuple[int, int]]] = {}
    signatures: list[tuple[str, MinHash]] = []
    for i in sorted(involved):
        keys_i = tokens[i].keys
        for w, (s, e) in enumerate(window_spans(len(keys_i), params)):
            keys = keys_i[s:e]
            shingles = {" ".join(keys[k : k + params.shingle]).encode() for k in range(max(1, len(keys) - params.shingle + 1))}
            signature = MinHash(
                num_perm=params.num_perm, seed=params.seed, permutations=template.permutations, scheme=template.scheme
            )
            signature.update_batch(sorted(shingles))
            name = f"{i}:{w}"
            windows[name] = (i, (s, e))
            signatures.append((name, signature))
    with lsh.insertion_session() as session:
        for name, signature in signatures:
            session.insert(name, signature)
    found: dict[tuple[int, int], set[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for name, signature in signatures:
        i, span_i = windows[name]
        if i not in asking:
            continue
        for other in lsh.query(signature):
            j, span_j = windows[other]
            if (i, j) in pairs:
                found.setdefault((i, j), set()).add((span_i, span_j))
    return {pair: sorted(seeds) for pair, seeds in found.items()}
