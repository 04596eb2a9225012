"""A corpus folder becomes documents, a segments table and a list of errors.

This is the ingestion stage's orchestration: find the files (the manifest when there is one,
else a walk of the folder), read each, normalise its text, settle its metadata, segment it.
One bad document is recorded as an :class:`~chartertext.records.IngestError` and the others
go on; ``strict=True`` makes the first error fatal. Nothing is written anywhere, and no file
outside the corpus folder is read (paths and symlinks are resolved and checked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa

from .errors import ChartertextError, CorpusError, DocumentError
from .ingest.manifest import ManifestRow, read_manifest
from .ingest.metadata import infer_fields
from .ingest.raw import RawDocument
from .ingest.readers import SUPPORTED_EXTENSIONS, read_document
from .interop.iramuteq import looks_like_iramuteq, read_iramuteq
from .interop.scdl import looks_like_scdl, read_scdl
from .normalise import normalise_pages
from .records import SEGMENT_SCHEMA, Document, IngestError, Segment
from .segment import segment_document

#: Files a walk passes over: they describe the corpus, they are not part of it.
_NOT_DOCUMENTS = {"readme", "source", "sources", "licence", "license", "changelog", "manifest"}
_EXTENSIONS = (*SUPPORTED_EXTENSIONS, ".csv")


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
    skipped : tuple of str
        Files a walk passed over on purpose (README, SOURCE, unsupported extensions are errors instead).
    """

    root: Path
    documents: tuple[Document, ...]
    segments: pd.DataFrame
    errors: tuple[IngestError, ...]
    manifest_used: bool
    skipped: tuple[str, ...] = ()

    def document(self, doc_id: str) -> Document:
        """The document with this ``doc_id`` (KeyError when there is none)."""
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)


@dataclass(frozen=True)
class _Source:
    """A file to read, with the manifest row that describes it when there is one."""

    file: Path
    rel: str
    row: ManifestRow | None = None


def ingest_corpus(
    root: str | Path,
    *,
    strict: bool = False,
    use_manifest: bool = True,
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

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        The folder does not exist, the manifest is unusable, or no document could be read.
    DocumentError
        With ``strict=True``, the first document that cannot be ingested.
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(
            f"{root}: no such corpus folder. Give the folder that holds the documents "
            f"(and optionally a manifest.csv)."
        )
    root = root.resolve()
    errors: list[IngestError] = []
    skipped: list[str] = []
    manifest = read_manifest(root) if use_manifest else None
    if manifest is not None:
        errors.extend(manifest.errors)
        sources = [_Source(row.file, row.path, row) for row in manifest.rows]
    else:
        sources = list(_walk(root, skipped, errors))
    if strict and errors:
        first = errors[0]
        raise DocumentError(first.path, first.reason, first.fix)

    documents: list[Document] = []
    segments: list[tuple[Document, list[Segment]]] = []
    seen: dict[str, str] = {}
    # Folders carry the group only when documents sit in several of them: a lone docs/ folder says nothing.
    common = _common_folder([s.rel for s in sources]) if manifest is None else PurePosixPath()
    for source in sources:
        try:
            for doc in _ingest_file(source, common):
                if doc.doc_id in seen:
                    raise DocumentError(
                        source.rel,
                        f"doc_id {doc.doc_id!r} is already used by {seen[doc.doc_id]}",
                        "give each document a unique doc_id (rename the file or add a manifest.csv)",
                    )
                seen[doc.doc_id] = source.rel
                documents.append(doc)
                segments.append((doc, segment_document(doc.doc_id, doc.text, doc.kind)))
        except DocumentError as exc:
            if strict:
                raise
            errors.append(IngestError(exc.path, exc.reason, exc.fix))
        except ChartertextError:
            raise
        except Exception as exc:  # a library failing on one odd file must not sink the batch
            if strict:
                raise
            errors.append(
                IngestError(
                    source.rel,
                    f"unexpected {exc.__class__.__name__} while reading: {exc}",
                    "check the file opens in its usual application; if it does, report this as a chartertext bug",
                )
            )
    if not documents:
        detail = "; ".join(f"{e.path}: {e.reason}" for e in errors[:5])
        raise CorpusError(
            f"{root}: no document could be ingested"
            + (f" ({detail})" if detail else " (the folder holds no supported file)")
            + f". Supported formats: {', '.join(_EXTENSIONS)}."
        )
    return Corpus(
        root=root,
        documents=tuple(documents),
        segments=segments_frame(segments),
        errors=tuple(errors),
        manifest_used=manifest is not None,
        skipped=tuple(skipped),
    )


def _walk(root: Path, skipped: list[str], errors: list[IngestError]) -> Iterator[_Source]:
    """Every candidate document under ``root`` in a stable order, never leaving the folder."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue  # hidden files and Word lock files
            file = Path(dirpath, name)
            rel = file.relative_to(root).as_posix()
            if file.is_symlink() and not file.resolve().is_relative_to(root):
                errors.append(
                    IngestError(rel, "symbolic link pointing outside the corpus folder", "copy the file into the corpus folder")
                )
                continue
            stem, suffix = file.stem.lower(), file.suffix.lower()
            if stem in _NOT_DOCUMENTS or stem.split("-")[0] in _NOT_DOCUMENTS:
                skipped.append(rel)
            elif suffix in _EXTENSIONS:
                yield _Source(file, rel)
            else:
                errors.append(
                    IngestError(
                        rel,
                        f"unsupported file type {suffix or '(no extension)'!r}",
                        f"convert it to one of {', '.join(_EXTENSIONS)}, or move it out of the corpus folder",
                    )
                )


def _common_folder(rels: Sequence[str]) -> PurePosixPath:
    parents = [PurePosixPath(r).parent.parts for r in rels]
    if not parents:
        return PurePosixPath()
    common = os.path.commonprefix(parents)
    return PurePosixPath(*common) if common else PurePosixPath()


def _read_raw(source: _Source) -> list[RawDocument]:
    """Read a file into one or several raw documents (IRaMuTeQ and SCDL files hold many)."""
    if source.file.suffix.lower() == ".csv":
        data = source.file.read_bytes()
        head = data[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
        if head and looks_like_scdl(head[0]):
            return read_scdl(data, source.rel)
        raise DocumentError(
            source.rel,
            "a CSV file that is not an SCDL 'Délibérations' table",
            "only SCDL CSV (COLL_NOM, DELIB_DATE, DELIB_OBJET…) is read as documents; move other tables out of the corpus",
        )
    raw = read_document(source.file, source.rel)
    if raw.format == "txt" and looks_like_iramuteq(raw.pages[0]):
        return read_iramuteq(raw.pages[0], source.rel)
    return [raw]


def _ingest_file(source: _Source, common: PurePosixPath) -> list[Document]:
    digest = hashlib.sha256(source.file.read_bytes()).hexdigest()
    docs = []
    for raw in _read_raw(source):
        text = normalise_pages(raw.pages)
        if not text.strip():
            raise DocumentError(
                source.rel,
                "no text left after reading" + (f" (part {raw.part})" if raw.part else ""),
                "check the file is not empty or a scan without a text layer (run OCR, e.g. ocrmypdf)",
            )
        inference_path = PurePosixPath(source.rel).relative_to(common).as_posix()
        fields = infer_fields(inference_path, raw, text)
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


def segments_frame(items: Sequence[tuple[Document, Sequence[Segment]]]) -> pd.DataFrame:
    """The segments table (columns ``records.SEGMENT_COLUMNS``) for documents and their segments."""
    rows = [
        {
            **dataclasses.asdict(seg),
            "group": doc.group,
            "date": doc.date,
            "doc_kind": doc.kind,
        }
        for doc, segs in items
        for seg in segs
    ]
    table = pa.Table.from_pylist(rows, schema=SEGMENT_SCHEMA)
    return table.to_pandas(types_mapper=_arrow_types)


def _arrow_types(arrow_type: pa.DataType):
    # Keep dates as datetime.date objects and strings as nullable strings: pandas' defaults
    # would turn dates into nanosecond timestamps and lose the "no date" distinction.
    if pa.types.is_date32(arrow_type):
        return None
    if pa.types.is_string(arrow_type):
        return pd.StringDtype()
    return None


def documents_frame(documents: Sequence[Document]) -> pd.DataFrame:
    """One row per document: metadata, where each field came from, size and warnings (no text)."""
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
            }
            for d in documents
        ]
    )


def period_span(documents: Sequence[Document]) -> tuple[dt.date | None, dt.date | None]:
    """First and last dated document, or (None, None)."""
    dates = [d.date for d in documents if d.date is not None]
    return (min(dates), max(dates)) if dates else (None, None)
