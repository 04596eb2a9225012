"""What net charter alignment is measured against, and what it leaves out.

- :func:`placebo_articles`: the placebo charter shipped with chartertext
  (``chartertext/data/placebo_articles_fr.toml``): 20 French articles of the charter genre (a
  swimming club, a lending library, allotment gardens, a choir, a cycling club, a chess club),
  written for chartertext, about nothing a commission discusses.
- :func:`recited_rows`: minutes segments that read the charter aloud.

Used by :mod:`.net_alignment`; the pipeline embeds the placebo with the minutes' model.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from importlib import resources

import numpy as np
from numpy.typing import NDArray

#: Word n-grams compared with the charter to find recitations, and the share of them that makes one.
RECITATION_NGRAM = 5
RECITATION_SHARE = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def placebo_articles() -> list[dict[str, str]]:
    """The placebo charter shipped with chartertext: ``[{title, text}, ...]`` (French, unrelated subjects)."""
    data = resources.files("chartertext").joinpath("data/placebo_articles_fr.toml").read_text(encoding="utf-8")
    return [{"title": a["title"], "text": a["text"]} for a in tomllib.loads(data)["articles"]]


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
