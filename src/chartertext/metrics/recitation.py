"""Minutes segments that read the charter aloud: most of their word n-grams occur in it.

A charter read aloud in late meetings scores alike for every group; net charter alignment
(:mod:`.net_alignment`) leaves such recitations out. Found from the text, not from similarity:
a threshold on cosine would also drop genuine talk about the charter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

#: Word n-grams compared with the charter to find recitations, and the share of them that makes one.
RECITATION_NGRAM = 5
RECITATION_SHARE = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def recited_rows(
    texts: Sequence[str], charter_texts: Sequence[str], *, n: int = RECITATION_NGRAM, share: float = RECITATION_SHARE
) -> NDArray[np.bool_]:
    """Segments that recite the charter: at least ``share`` of their word ``n``-grams occur in it.

    Words are lower-cased, accents kept. A segment shorter than ``n`` words is never a recitation.

    Examples
    --------
    >>> charter = ["Article 2. Chaque membre respecte la dignité de toute personne accueillie."]
    >>> recited_rows(["Lecture : chaque membre respecte la dignité de toute personne accueillie.",
    ...               "On parle du budget des bus."], charter).tolist()
    [True, False]
    """

    def grams(text: str) -> set[tuple[str, ...]]:
        words = _WORD.findall(text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    known: set[tuple[str, ...]] = set().union(*(grams(t) for t in charter_texts)) if charter_texts else set()
    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        own = grams(text)
        out[i] = bool(own) and len(own & known) >= share * len(own)
    return out
