"""What a corpus holds, at a glance: documents per group, kind and period; segments per kind."""

from __future__ import annotations

import pandas as pd

from .corpus import Corpus


def documents_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per (group, kind): documents, first and last date, undated documents, segments.

    Columns: group, kind, documents, first, last, undated, segments. A missing group shows as "(none)".
    """
    seg_counts = corpus.segments.groupby("doc_id").size()
    rows = {}
    for doc in corpus.documents:
        key = (doc.group or "(none)", doc.kind)
        row = rows.setdefault(key, {"documents": 0, "dates": [], "undated": 0, "segments": 0})
        row["documents"] += 1
        row["segments"] += int(seg_counts.get(doc.doc_id, 0))
        if doc.date is None:
            row["undated"] += 1
        else:
            row["dates"].append(doc.date)
    return pd.DataFrame(
        [
            {
                "group": group,
                "kind": kind,
                "documents": r["documents"],
                "first": min(r["dates"]) if r["dates"] else None,
                "last": max(r["dates"]) if r["dates"] else None,
                "undated": r["undated"],
                "segments": r["segments"],
            }
            for (group, kind), r in sorted(rows.items())
        ]
    )


def segments_by_kind(corpus: Corpus) -> dict[str, int]:
    """Number of segments of each kind, most frequent first."""
    counts = corpus.segments["kind"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}
