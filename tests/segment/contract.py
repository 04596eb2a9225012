"""The segments contract every segmenter must keep, checked the same way in every test."""

from __future__ import annotations

from collections.abc import Sequence

from chartertext.records import SEGMENT_KINDS, Segment


def assert_segment_contract(segments: Sequence[Segment], text: str, doc_id: str) -> None:
    """Spans of ``text``, trimmed, non-empty, non-overlapping, in reading order, numbered ids."""
    previous_end = 0
    for n, seg in enumerate(segments):
        assert seg.doc_id == doc_id
        assert seg.segment_id == f"{doc_id}:{n:04d}"
        assert seg.kind in SEGMENT_KINDS
        assert seg.text == text[seg.start : seg.end]
        assert seg.text and seg.text == seg.text.strip()
        assert seg.start >= previous_end
        previous_end = seg.end
