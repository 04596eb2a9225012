"""The typed records that pass between stages: documents, segments, ingestion errors and skipped files.

The segments table is the contract every later stage reads. Its columns, in order, are
``SEGMENT_COLUMNS``; ``text == document.text[start:end]`` holds for every row, so any figure
can quote its evidence from the normalised document text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

DocKind = Literal["minutes", "charter", "draft", "other"]
DOC_KINDS: tuple[str, ...] = ("minutes", "charter", "draft", "other")

#: Where a metadata field's value came from, best first.
FieldSource = Literal["manifest", "front_matter", "filename", "text", "default"]

#: Segment kinds. Minutes give agenda_item headings, turn, attendance and paragraph rows;
#: charters give preamble, article and list_item rows; ``sentence`` rows come from
#: :func:`chartertext.segment.sentences.explode_sentences`.
SEGMENT_KINDS: tuple[str, ...] = (
    "paragraph",
    "turn",
    "attendance",
    "agenda_item",
    "preamble",
    "article",
    "list_item",
    "sentence",
)


@dataclass(frozen=True)
class Document:
    """One ingested document, its normalised text and where each metadata field came from.

    Attributes
    ----------
    doc_id : str
        Unique within the corpus.
    path : str
        Path relative to the corpus folder, with forward slashes.
    kind : {"minutes", "charter", "draft", "other"}
    date : datetime.date or None
        Date of the meeting (minutes) or of adoption (charter).
    group : str or None
        Commission, committee, city or body the document belongs to.
    title : str
    text : str
        Normalised text (NFC, accents kept); segment offsets index into it.
    format : str
        File extension without the dot ("pdf", "html", ...).
    sha256 : str
        Hash of the file's bytes, for run provenance.
    sources : dict of str to str
        For ``date``, ``group``, ``kind``, ``title``: "manifest", "front_matter", "filename",
        "text" or "default"; a date written without its year adds where the year came from
        ("text+folder_year", "front_matter+filename_year", "text+other_dates_year"); ``group`` is
        "group_by" when set by ``--group-by`` (:mod:`chartertext.selection`).
    metadata : dict of str to str or tuple of str
        Extra manifest columns and front-matter keys, kept as given; a front-matter list is a
        tuple of its items (``documents.csv`` shows it as "a, b").
    warnings : tuple of str
        Things repaired or guessed while reading (mojibake repaired, encoding guessed, ...).
    """

    doc_id: str
    path: str
    kind: str
    date: dt.date | None
    group: str | None
    title: str
    text: str
    format: str
    sha256: str
    sources: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestError:
    """A document that could not be ingested: the file, the reason and the fix."""

    path: str
    reason: str
    fix: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason, "fix": self.fix}


@dataclass(frozen=True)
class SkippedFile:
    """A file ingestion passed over on purpose, and why; not an error.

    Attributes
    ----------
    path : str
        Relative to the corpus folder, with forward slashes; a hidden folder is one record whose
        path ends with "/" (its files are not listed one by one).
    reason : str
        Why it is not a document, e.g. "not a text document (image)", "hidden file".
    files : int, default 1
        How many files the record stands for (a hidden folder's files; 1 for a file).
    """

    path: str
    reason: str
    files: int = 1

    def as_dict(self) -> dict[str, str | int]:
        return {"path": self.path, "reason": self.reason, "files": self.files}


@dataclass(frozen=True)
class Segment:
    """One span of a document's normalised text.

    Attributes
    ----------
    doc_id, segment_id : str
        ``segment_id`` is ``"{doc_id}:{n:04d}"`` in reading order (sentences add ``".{m:03d}"``).
    kind : str
        One of ``SEGMENT_KINDS``.
    heading : str or None
        The enclosing agenda item or article title.
    speaker : str or None
        Who speaks, for speaker turns and what follows them in the same item.
    text : str
        ``document.text[start:end]``.
    start, end : int
        Character offsets into the document's normalised text.
    """

    doc_id: str
    segment_id: str
    kind: str
    heading: str | None
    speaker: str | None
    text: str
    start: int
    end: int


#: Columns of the segments table, in order, with their Arrow types.
SEGMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("segment_id", pa.string()),
        ("kind", pa.string()),
        ("heading", pa.string()),
        ("speaker", pa.string()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("group", pa.string()),
        ("date", pa.date32()),
        ("doc_kind", pa.string()),
    ]
)
SEGMENT_COLUMNS: tuple[str, ...] = tuple(SEGMENT_SCHEMA.names)
