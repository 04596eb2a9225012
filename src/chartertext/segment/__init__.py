"""Segmentation: a document's normalised text becomes spans (agenda items, turns, articles, ...).

Every segmenter returns :class:`~chartertext.records.Segment` records that satisfy the
segments-table contract: ``text == doc_text[start:end]``, no surrounding whitespace, no empty
segment, no overlap, reading order, ``segment_id = f"{doc_id}:{n:04d}"``.

* minutes → :func:`segment_minutes` (agenda_item, turn, attendance, paragraph)
* charter, draft → :func:`segment_charter` (preamble, article, list_item)
* other → :func:`segment_paragraphs` (one paragraph per blank-line block)
* sentences of any segments table → :func:`chartertext.segment.sentences.explode_sentences`
"""

from __future__ import annotations

from ..errors import ChartertextError
from ..records import DOC_KINDS, Segment
from .charter import segment_charter
from .lines import paragraph_segments
from .minutes import segment_minutes

__all__ = ["segment_document", "segment_minutes", "segment_charter", "segment_paragraphs"]


def segment_paragraphs(doc_id: str, text: str) -> list[Segment]:
    """One "paragraph" segment per blank-line-separated block (documents of kind "other")."""
    return paragraph_segments(doc_id, text)


def segment_document(doc_id: str, text: str, kind: str) -> list[Segment]:
    """Segment one document according to its kind.

    Parameters
    ----------
    doc_id : str
        Identifier of the document; segment ids are ``f"{doc_id}:{n:04d}"``.
    text : str
        The document's normalised text; segment offsets index into it.
    kind : {"minutes", "charter", "draft", "other"}
        Document kind: minutes → :func:`segment_minutes`; charter and draft →
        :func:`segment_charter`; other → :func:`segment_paragraphs`.

    Returns
    -------
    list of Segment

    Raises
    ------
    ChartertextError
        If ``kind`` is not a document kind.
    """
    if kind == "minutes":
        return segment_minutes(doc_id, text)
    if kind in ("charter", "draft"):
        return segment_charter(doc_id, text)
    if kind == "other":
        return segment_paragraphs(doc_id, text)
    raise ChartertextError(
        f"{doc_id}: unknown document kind {kind!r}; expected one of {', '.join(DOC_KINDS)}. "
        f"Fix the 'kind' column of the manifest (or the front matter) of this document."
    )
