"""A corpus folder becomes documents, a segments table and a list of errors.

This is the ingestion stage's orchestration: walk the folder, accounting for every file
(:mod:`chartertext.ingest.walk`; the manifest, when there is one, says which files are the
documents), then read, normalise, settle the metadata of and segment them in
partitions of a few files (:mod:`chartertext.ingest.partition`), in this process or on the
workers of an :class:`~chartertext.execution.Executor`, with the same result either way.
One bad document is recorded as an :class:`~chartertext.records.IngestError` and the others
go on; ``strict=True`` makes the first error fatal. Segments stream through a Parquet file in
a temporary directory, so memory holds one partition's segments at a time until the final
table. Nothing is written in the corpus folder nor in the working directory, and no file
outside the corpus folder is read (paths and symlinks are resolved and checked).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa

from .atomic import refuse_inside
from .errors import ConfigError, CorpusError, DocumentError
from .execution import FILES_PER_PARTITION, Executor
from .ingest.accounting import FileStatus, account_files, file_counts
from .ingest.limits import IngestLimits
from .ingest.manifest import read_manifest
from .ingest.ocr import OcrConfig
from .ingest.partition import SourceFile, ingest_sources
from .ingest.spool import SegmentSpool, segments_table
from .ingest.walk import READ_EXTENSIONS, walk_corpus
from .records import Document, IngestError, Segment, SkippedFile


@dataclass(frozen=True)
class Corpus:
    """An ingested corpus.

    Attributes
    ----------
    root : Path
        The corpus folder, resolved.
    documents : tuple of Document
    segments : pandas.DataFrame
        One row per segment, columns ``records.SEGMENT_COLUMNS``.
    errors : tuple of IngestError
        Documents that could not be ingested, with the reason and the fix.
    manifest_used : bool
        Whether metadata came from ``manifest.csv``.
    skipped : tuple of SkippedFile
        Files passed over on purpose, each with its reason (hidden, lock file, README, image,
        not in the manifest…; see :mod:`chartertext.ingest.walk`). Not errors.
    files : tuple of FileStatus
        Every file under the folder, ingested, skipped or failed (:func:`file_counts`).
    """

    root: Path
    documents: tuple[Document, ...]
    segments: pd.DataFrame
    errors: tuple[IngestError, ...]
    manifest_used: bool
    skipped: tuple[SkippedFile, ...] = ()
    files: tuple[FileStatus, ...] = ()

    def file_counts(self) -> dict[str, int]:
        """Files ``found`` = ``ingested`` + ``skipped`` + ``failed`` (see :func:`file_counts`)."""
        return file_counts(self.files)

    def document(self, doc_id: str) -> Document:
        """The document with this ``doc_id`` (KeyError when there is none)."""
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)


def ingest_corpus(
    root: str | Path,
    *,
    strict: bool = False,
    use_manifest: bool = True,
    executor: Executor | None = None,
    partition_files: int = FILES_PER_PARTITION,
    segments_out: str | Path | None = None,
    limits: IngestLimits | None = None,
    ocr: OcrConfig | None = None,
) -> Corpus:
    """Ingest every document of a corpus folder.

    Parameters
    ----------
    root : str or Path
        The corpus folder. With a ``manifest.csv`` (``path,doc_id,kind,date,group,title``,
        further columns kept as metadata), the manifest is the truth; without one (or with
        ``use_manifest=False``) the folder is walked and metadata inferred from the files.
    strict : bool, default False
        Raise the first ingestion error instead of recording it and going on.
    use_manifest : bool, default True
        Ignore the manifest when False (to check what inference alone would find).
    executor : Executor or None, default None
        Where the partitions are read; None reads them in this process. With Dask, every
        worker must see the corpus folder at the same absolute path (a shared filesystem).
    partition_files : int, default 20
        Files per task. Smaller partitions bound memory more tightly (one partition's segments
        are held at a time besides the final table); the result does not depend on it.
    segments_out : str or Path or None, default None
        Also leave the segments table there as Parquet (schema ``records.SEGMENT_SCHEMA``,
        readable as ``Corpus.segments`` with ``pandas.read_parquet``), streamed as it is built:
        replaced atomically once ingestion succeeds, untouched when it fails.
    limits : IngestLimits or None, default None
        Size, time and page limits on each file (``IngestLimits()`` when None); a file over
        one is one ingestion error and the others go on. Only regular files are read.
    ocr : OcrConfig or None, default None
        With ``enabled``, scanned PDF pages are read by OCR, cached outside the corpus folder
        (:mod:`chartertext.ingest.ocr`); checked to be installed before any file is read.

    Returns
    -------
    Corpus
        Documents in file order (manifest rows, or the walk's sorted order); when two share a
        ``doc_id`` the first wins and the later file becomes an error.

    Raises
    ------
    CorpusError
        The folder does not exist, the manifest is unusable, or no document could be read.
    DocumentError
        With ``strict=True``, the first document that cannot be ingested.
    ConfigError
        ``partition_files`` below 1.
    ChartertextError
        ``segments_out`` or the OCR cache inside the corpus folder; OCR asked for but not installed.
    """
    if partition_files < 1:
        raise ConfigError(f"partition_files = {partition_files}: need at least 1 file per partition.")
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(
            f"{root}: no such corpus folder. Give the folder that holds the documents "
            f"(and optionally a manifest.csv)."
        )
    root = root.resolve()
    if segments_out is not None:
        refuse_inside(segments_out, root)
    ocr = ocr.for_corpus(root) if ocr is not None and ocr.enabled else None
    manifest = read_manifest(root) if use_manifest else None
    walk = walk_corpus(root, None if manifest is None else {row.file for row in manifest.rows})
    errors: list[IngestError] = [*(manifest.errors if manifest is not None else ()), *walk.errors]
    if manifest is not None:
        sources = [SourceFile(row.file, row.path, row) for row in manifest.rows]
    else:
        sources = list(walk.documents)
    if strict and errors:
        first = errors[0]
        raise DocumentError(first.path, first.reason, first.fix)

    # Folders carry the group only when documents sit in several of them: a lone docs/ folder says nothing.
    common = _common_folder([s.rel for s in sources]) if manifest is None else PurePosixPath()
    with SegmentSpool(Path(segments_out) if segments_out is not None else None) as spool:
        documents, file_errors = ingest_sources(
            sources, spool, common=common, strict=strict, executor=executor, partition_files=partition_files,
            limits=limits, ocr=ocr,
        )
        errors.extend(file_errors)
        if not documents:
            detail = "; ".join(f"{e.path}: {e.reason}" for e in errors[:5])
            raise CorpusError(
                f"{root}: no document could be ingested"
                + (f" ({detail})" if detail else " (the folder holds no supported file)")
                + f". Supported formats: {', '.join(READ_EXTENSIONS)}."
            )
        segments = spool.read().to_pandas(types_mapper=_arrow_types)
    return Corpus(
        root=root,
        documents=tuple(documents),
        segments=segments,
        errors=tuple(errors),
        manifest_used=manifest is not None,
        skipped=walk.skipped,
        files=account_files(walk, documents, errors, manifest.rows if manifest is not None else ()),
    )


def _common_folder(rels: Sequence[str]) -> PurePosixPath:
    parents = [PurePosixPath(r).parent.parts for r in rels]
    if not parents:
        return PurePosixPath()
    common = os.path.commonprefix(parents)
    return PurePosixPath(*common) if common else PurePosixPath()


def segments_frame(items: Sequence[tuple[Document, Sequence[Segment]]]) -> pd.DataFrame:
    """The segments table (columns ``records.SEGMENT_COLUMNS``) for documents and their segments."""
    return segments_table(items).to_pandas(types_mapper=_arrow_types)


def _arrow_types(arrow_type: pa.DataType):
    # Keep dates as datetime.date objects and strings as nullable strings: pandas' defaults
    # would turn dates into nanosecond timestamps and lose the "no date" distinction.
    if pa.types.is_date32(arrow_type):
        return None
    if pa.types.is_string(arrow_type):
        return pd.StringDtype()
    return None


def documents_frame(documents: Sequence[Document]) -> pd.DataFrame:
    """One row per document: metadata, where each field came from, size and warnings (no text).

    Manifest extra columns and front-matter keys follow as ``meta_KEY`` columns (a list as "a, b").
    """
    keys = sorted({k for d in documents for k in d.metadata})
    return pd.DataFrame(
        [
            {
                "doc_id": d.doc_id,
                "path": d.path,
                "kind": d.kind,
                "date": d.date,
                "group": d.group,
                "title": d.title,
                "format": d.format,
                "chars": len(d.text),
                "sha256": d.sha256,
                **{f"source_{k}": v for k, v in sorted(d.sources.items())},
                "warnings": " | ".join(d.warnings),
                **{f"meta_{k}": _shown(d.metadata.get(k)) for k in keys},
            }
            for d in documents
        ]
    )


def _shown(value: str | tuple[str, ...] | None) -> str | None:
    return ", ".join(value) if isinstance(value, tuple) else value


def period_span(documents: Sequence[Document]) -> tuple[dt.date | None, dt.date | None]:
    """First and last dated document, or (None, None)."""
    dates = [d.date for d in documents if d.date is not None]
    return (min(dates), max(dates)) if dates else (None, None)
