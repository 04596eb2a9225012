"""The articles of a segmented charter: which segment rows make one article.

:func:`~chartertext.segment.charter.segment_charter` cuts a charter into segments of kinds
``title``, ``preamble``, ``article``, ``list_item``…, each under the ``heading`` it was read
under. An *article* is a run of consecutive segments of the kinds ``ARTICLE_KINDS`` sharing a
heading (an article of several paragraphs, a list under one heading); a segment without a
heading stands alone. Charter provenance and charter comparison both read articles this way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..jsonsafe import is_missing

__all__ = ["ARTICLE_KINDS", "group_articles"]

#: Charter segment kinds that make articles.
ARTICLE_KINDS: tuple[str, ...] = ("preamble", "article", "list_item")


def group_articles(charter: pd.DataFrame) -> list[tuple[str | None, str, NDArray[np.int64]]]:
    """Group a charter's segment rows into articles.

    Parameters
    ----------
    charter : pandas.DataFrame
        Segments of one charter in reading order, with columns ``kind``, ``heading`` and
        ``text``.

    Returns
    -------
    list of (str or None, str, ndarray of int)
        For each article, in charter order: its heading, its text (its segments' texts joined
        by a blank line) and the positions of its rows in ``charter``.

    Examples
    --------
    >>> charter = pd.DataFrame({"kind": ["title", "article", "article", "article"],
    ...                         "heading": [None, "Article 1", "Article 1", "Article 2"],
    ...                         "text": ["Charte", "Dignité.", "Respect.", "Écoute."]})
    >>> [(heading, text, rows.tolist()) for heading, text, rows in group_articles(charter)]
    [('Article 1', 'Dignité.\\n\\nRespect.', [1, 2]), ('Article 2', 'Écoute.', [3])]
    """
    kinds = charter["kind"].astype(object).to_numpy()
    headings = [None if is_missing(h) else str(h) for h in charter["heading"]]
    texts = [str(t) for t in charter["text"]]
    out: list[tuple[str | None, str, list[int]]] = []
    for i, (kind, heading) in enumerate(zip(kinds, headings)):
        if kind not in ARTICLE_KINDS:
            continue
        if out and heading is not None and out[-1][0] == heading and out[-1][2][-1] == i - 1:
            out[-1][2].append(i)
        else:
            out.append((heading, "", [i]))
    return [(h, "\n\n".join(texts[i] for i in rows), np.array(rows)) for h, _, rows in out]
