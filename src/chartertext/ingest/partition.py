"""Partitioned ingestion: files are read, normalised and segmented in tasks of a few files each.

A task (:func:`ingest_partition`) turns a partition of files into documents and a compact Arrow
segments table, on this process or on a Dask worker; the driver (:func:`ingest_sources`) takes
the partitions back in file order, applies the corpus-wide rules (unique ``doc_id``, ``strict``)
and appends each partition's segments to a Parquet spool (:class:`~.spool.SegmentSpool`), so
the driver never holds more than one partition's segments besides the spool's writer.

The per-file work (:func:`ingest_file`) is the only code that reads a document: with one
partition and the local executor this *is* the sequential ingestion, which is why results do
not depend on the executor nor on the partition size.

Workers read the files themselves, at the paths the driver found: with a remote Dask cluster the
corpus folder must be visible to every worker at the same absolute path (a shared filesystem).
Segmentation uses rules, not spaCy; if a later step of a task needs it,
:func:`chartertext.nlp.load_french` is cached, so each worker process loads it once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal, NoReturn

import pyarrow as pa

from ..errors import ChartertextError, DocumentError
from ..execution import FILES_PER_PARTITION, Executor, LocalExecutor
from ..normalise import normalise_pages
from ..records import Document, IngestError
from ..segment import segment_document
from .limits import Deadline, IngestLimits, read_regular_file
from .manifest import ManifestRow
from .metadata import infer_fields
from .ocr import OcrConfig
from .raw import RawDocument
from .readers import read_data
from .readers.iramuteq import looks_like_iramuteq, read_iramuteq
from .readers.scdl import looks_like_scdl, read_scdl
from .spool import SegmentSpool, segments_table
from .years import sibling_file_dates

__all__ = [
    "FileFailure",
    "FileOutcome",
    "PartitionResult",
    "SourceFile",
    "cut_partitions",
    "ingest_file",
    "ingest_partition",
    "ingest_sources",
]


@dataclass(frozen=True)
class SourceFile:
    """A file to read, with the manifest row that describes it when there is one.

    Attributes
    ----------
    file : Path
        Absolute path; workers open it as is (see the module docstring on shared filesystems).
    rel : str
        Path relative to the corpus folder, with forward slashes: how messages name the file.
    row : ManifestRow or None, default None
    """

    file: Path
    rel: str
    row: ManifestRow | None = None


@dataclass(frozen=True)
class FileFailure:
    """Why a file stopped being ingested, in a form that crosses process boundaries.

    Attributes
    ----------
    kind : {"document", "chartertext", "unexpected"}
        A :class:`DocumentError` (recorded, or raised with ``strict``), another chartertext error
        (always raised: it is not about this file), or a library failing on an odd file.
    path, reason, fix : str
        As in :class:`~chartertext.records.IngestError`.
    exception : BaseException or None
        The original exception for the last two kinds when it survives pickling, to re-raise it
        as the sequential code did; None for ``document`` (rebuilt from the three fields).
    """

    kind: Literal["document", "chartertext", "unexpected"]
    path: str
    reason: str
    fix: str
    exception: BaseException | None = None

    @classmethod
    def from_exception(cls, rel: str, exc: Exception) -> FileFailure:
        """The failure of file ``rel`` that raised ``exc``."""
        if isinstance(exc, DocumentError):
            return cls("document", exc.path, exc.reason, exc.fix)
        original = exc if _survives_pickling(exc) else None
        if isinstance(exc, ChartertextError):
            return cls("chartertext", rel, str(exc), "", original)
        return cls(
            "unexpected",
            rel,
            f"unexpected {exc.__class__.__name__} while reading: {exc}",
            "check the file opens in its usual application; if it does, report this as a chartertext bug",
            original,
        )

    def as_error(self) -> IngestError:
        """The record non-strict ingestion keeps."""
        return IngestError(self.path, self.reason, self.fix)

    def raise_(self) -> NoReturn:
        """Raise what the sequential ingestion raised for this file."""
        if self.exception is not None:
            raise self.exception
        if self.kind == "chartertext":
            raise ChartertextError(self.reason)
        raise DocumentError(self.path, self.reason, self.fix)


@dataclass(frozen=True)
class FileOutcome:
    """What one file gave: its documents, in order, then possibly a failure.

    Attributes
    ----------
    rel : str
    documents : tuple of Document
        Documents read before the failure, if any (a file may hold several, e.g. IRaMuTeQ).
    n_segments : tuple of int
        Segments of each document, in order, in the partition's ``segments`` table.
    failure : FileFailure or None, default None
    """

    rel: str
    documents: tuple[Document, ...]
    n_segments: tuple[int, ...]
    failure: FileFailure | None = None


@dataclass(frozen=True)
class PartitionResult:
    """A task's result.

    Attributes
    ----------
    files : tuple of FileOutcome
        One per file of the partition, in order.
    segments : pyarrow.Table
        Schema ``records.SEGMENT_SCHEMA``: the segments of every document of ``files``, in order.
    """

    files: tuple[FileOutcome, ...]
    segments: pa.Table


def cut_partitions(sources: Sequence[SourceFile], size: int) -> Iterator[tuple[SourceFile, ...]]:
    """Consecutive runs of ``size`` sources (the last one shorter), in order."""
    for start in range(0, len(sources), size):
        yield tuple(sources[start : start + size])


def ingest_partition(
    sources: Sequence[SourceFile],
    *,
    common: PurePosixPath,
    limits: IngestLimits | None = None,
    neighbour_dates: Mapping[str, tuple[dt.date, ...]] | None = None,
    ocr: OcrConfig | None = None,
) -> PartitionResult:
    """Read, normalise and segment each file of a partition: the task a worker runs.

    Parameters
    ----------
    sources : sequence of SourceFile
    common : PurePosixPath
        Folder prefix shared by every file of the corpus, left out of group inference.
    limits : IngestLimits, optional
        Defaults to ``IngestLimits()``; a file over a limit is that file's failure.
    neighbour_dates : mapping of str to tuple of datetime.date, optional
        The dates in file names, by folder (:func:`~chartertext.ingest.years.sibling_file_dates`
        over the whole corpus): where a date written without its year may find it last.
    ocr : OcrConfig, optional
        Whether scanned PDF pages are read by OCR (off when None).

    Returns
    -------
    PartitionResult
        Failures are returned, never raised, so the driver can apply ``strict`` in file order.
    """
    outcomes: list[FileOutcome] = []
    tables: list[pa.Table] = [segments_table([])]
    for source in sources:
        documents: list[Document] = []
        counts: list[int] = []
        failure = None
        try:
            for doc in ingest_file(source, common, limits, neighbour_dates, ocr):
                segments = segment_document(doc.doc_id, doc.text, doc.kind)
                # Arrow columns, not Segment objects: a fraction of the memory, and cheap to pickle.
                tables.append(segments_table([(doc, segments)]))
                documents.append(doc)
                counts.append(len(segments))
        except Exception as exc:  # a library failing on one odd file must not sink the batch
            failure = FileFailure.from_exception(source.rel, exc)
        outcomes.append(FileOutcome(source.rel, tuple(documents), tuple(counts), failure))
    return PartitionResult(tuple(outcomes), pa.concat_tables(tables))


def ingest_sources(
    sources: Sequence[SourceFile],
    spool: SegmentSpool,
    *,
    common: PurePosixPath,
    strict: bool,
    executor: Executor | None = None,
    partition_files: int = FILES_PER_PARTITION,
    limits: IngestLimits | None = None,
    ocr: OcrConfig | None = None,
) -> tuple[list[Document], list[IngestError]]:
    """Ingest ``sources`` partition by partition, spooling the segments of the documents kept.

    Parameters
    ----------
    sources : sequence of SourceFile
        Files must be readable by the workers at ``SourceFile.file``.
    spool : SegmentSpool
        Receives each partition's segments, in file order.
    common : PurePosixPath
    strict : bool
        Raise the first failure (in file order) instead of recording it.
    executor : Executor or None, default None
        None runs every partition in this process.
    partition_files : int, default 20
        Files per task.
    limits : IngestLimits, optional
        Limits on each file (default ``IngestLimits()``).
    ocr : OcrConfig, optional
        Whether scanned PDF pages are read by OCR (off when None).

    Returns
    -------
    documents : list of Document
    errors : list of IngestError
        One per file that failed, in file order.
    """
    executor = executor or LocalExecutor()
    documents: list[Document] = []
    errors: list[IngestError] = []
    seen: dict[str, str] = {}
    partitions = cut_partitions(sources, partition_files)
    shared = {"common": common, "limits": limits, "ocr": ocr,
              "neighbour_dates": sibling_file_dates(s.rel for s in sources)}
    results = executor.imap(ingest_partition, partitions, shared=shared)
    # closing() cancels the tasks still in flight when strict raises.
    with contextlib.closing(results):
        for result in results:
            kept: list[pa.Table] = []
            offset = 0
            for outcome in result.files:
                failure, n_kept = outcome.failure, 0
                for doc in outcome.documents:
                    if doc.doc_id in seen:
                        # First occurrence wins; the rest of this file is dropped, as when read in sequence.
                        failure = FileFailure(
                            "document",
                            outcome.rel,
                            f"doc_id {doc.doc_id!r} is already used by {seen[doc.doc_id]}",
                            "give each document a unique doc_id (rename the file or add a manifest.csv)",
                        )
                        break
                    seen[doc.doc_id] = outcome.rel
                    documents.append(doc)
                    n_kept += 1
                kept.append(result.segments.slice(offset, sum(outcome.n_segments[:n_kept])))
                offset += sum(outcome.n_segments)
                if failure is not None:
                    if strict or failure.kind == "chartertext":
                        failure.raise_()
                    errors.append(failure.as_error())
            spool.write(pa.concat_tables(kept) if kept else segments_table([]))
    return documents, errors


def ingest_file(
    source: SourceFile,
    common: PurePosixPath,
    limits: IngestLimits | None = None,
    neighbour_dates: Mapping[str, tuple[dt.date, ...]] | None = None,
    ocr: OcrConfig | None = None,
) -> list[Document]:
    """Read one file into its documents, normalised, with metadata settled.

    Raises
    ------
    DocumentError
        The file cannot be read, holds no text, or is over one of ``limits``.
    """
    limits = limits or IngestLimits()
    deadline = limits.deadline()
    data = read_regular_file(source.file, source.rel, limits)  # read once: for the digest and the reader
    digest = hashlib.sha256(data).hexdigest()
    docs = []
    for raw in _read_raw(source, data, limits, deadline, ocr):
        text = normalise_pages(raw.pages)
        deadline.check(source.rel, "normalisation")
        if not text.strip():
            raise DocumentError(
                source.rel,
                "no text left after reading" + (f" (part {raw.part})" if raw.part else ""),
                "check the file is not empty, or a scan without a text layer (run again with --ocr)",
            )
        inference_path = PurePosixPath(source.rel).relative_to(common).as_posix()
        folder = str(PurePosixPath(source.rel).parent)
        fields = infer_fields(inference_path, raw, text, corpus_path=source.rel,
                              neighbour_dates=(neighbour_dates or {}).get(folder, ()))
        doc = Document(
            doc_id=fields.doc_id,
            path=source.rel,
            kind=fields.kind,
            date=fields.date,
            group=fields.group,
            title=fields.title,
            text=text,
            format=raw.format,
            sha256=digest,
            sources=dict(fields.sources),
            metadata=dict(fields.metadata),
            warnings=tuple(raw.warnings) + tuple(fields.warnings),
        )
        if source.row is not None:
            doc = _apply_manifest(doc, source.row, raw.part)
        docs.append(doc)
    return docs


def _read_raw(source: SourceFile, data: bytes, limits: IngestLimits, deadline: Deadline,
              ocr: OcrConfig | None = None) -> list[RawDocument]:
    """Read a file into one or several raw documents (IRaMuTeQ and SCDL files hold many)."""
    if source.file.suffix.lower() == ".csv":
        head = data[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
        if head and looks_like_scdl(head[0]):
            return read_scdl(data, source.rel)
        raise DocumentError(
            source.rel,
            "a CSV file that is not an SCDL 'Délibérations' table",
            "only SCDL CSV (COLL_NOM, DELIB_DATE, DELIB_OBJET…) is read as documents; move other tables out of the corpus",
        )
    raw = read_data(data, source.file, source.rel, limits, deadline, ocr)
    if raw.format == "txt" and looks_like_iramuteq(raw.pages[0]):
        return read_iramuteq(raw.pages[0], source.rel)
    return [raw]


def _apply_manifest(doc: Document, row: ManifestRow, part: str | None) -> Document:
    """The manifest is the truth: its values replace inferred ones, even when empty."""
    sources = dict(doc.sources)
    sources.update({k: "manifest" for k in ("doc_id", "kind", "date", "group", "title")})
    return dataclasses.replace(
        doc,
        doc_id=row.doc_id if part is None else f"{row.doc_id}-{part}",
        kind=row.kind,
        date=row.date,
        group=row.group,
        title=row.title or doc.title,
        sources=sources,
        metadata={**doc.metadata, **row.extra},
    )


def _survives_pickling(exc: BaseException) -> bool:
    # Exceptions whose __init__ takes other arguments than their args (DocumentError is one)
    # cannot be rebuilt on the driver; those are re-raised from their recorded fields instead.
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True
