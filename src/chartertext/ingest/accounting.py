"""One status per file under a corpus folder: ingested, skipped or failed (``files.csv``).

The documents table has a row per document; a user checking that nothing was lost needs a
row per *file*: a file that gives several documents (IRaMuTeQ, SCDL tables) counts once, and
a file that gives none says why. Files found = ingested + skipped + failed always holds.
Errors that name no file on disk (a manifest row for a missing file) stay in the errors list
only.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from ..records import Document, IngestError
from .manifest import ManifestRow
from .walk import Walk

__all__ = ["FILES_COLUMNS", "FILE_STATUSES", "FileStatus", "account_files", "file_counts", "files_frame"]

FileStatusKind = Literal["ingested", "skipped", "failed"]
FILE_STATUSES: tuple[str, ...] = ("ingested", "skipped", "failed")
#: Columns of ``files.csv``, in order.
FILES_COLUMNS: tuple[str, ...] = ("path", "status", "files", "reason", "fix", "doc_ids")


@dataclass(frozen=True)
class FileStatus:
    """What became of one file (or of a hidden folder's files).

    Attributes
    ----------
    path : str
        Relative to the corpus folder; a hidden folder's path ends with "/".
    status : {"ingested", "skipped", "failed"}
        Ingested when the file gave at least one document.
    reason, fix : str
        Why it was skipped or failed, and what to do ("" for a clean ingestion). An ingested
        file that also failed in part (a later document's doc_id already used) keeps that reason.
    doc_ids : tuple of str
        The documents it gave, in order.
    files : int, default 1
        Files this row stands for (a hidden folder's files).
    """

    path: str
    status: FileStatusKind
    reason: str = ""
    fix: str = ""
    doc_ids: tuple[str, ...] = ()
    files: int = 1


def account_files(
    walk: Walk,
    documents: Sequence[Document],
    errors: Sequence[IngestError],
    rows: Sequence[ManifestRow] = (),
) -> tuple[FileStatus, ...]:
    """The status of every file the walk found, sorted by path.

    Parameters
    ----------
    walk : Walk
    documents : sequence of Document
        What ingestion kept; ``Document.path`` names its file.
    errors : sequence of IngestError
        Every error of the ingestion (manifest rows, the walk's, the readers').
    rows : sequence of ManifestRow, default ()
        The manifest's valid rows: they name the walk's files by the manifest's spelling.
    """
    spellings: dict[Path, list[str]] = {}
    for row in rows:
        spellings.setdefault(row.file, []).append(row.path)
    doc_ids: dict[str, list[str]] = {}
    for doc in documents:
        doc_ids.setdefault(_key(doc.path), []).append(doc.doc_id)
    failures: dict[str, list[IngestError]] = {}
    for err in errors:
        failures.setdefault(_key(err.path), []).append(err)
    out = [FileStatus(s.path, "skipped", s.reason, files=s.files) for s in walk.skipped]
    out += [FileStatus(e.path, "failed", e.reason, e.fix) for e in walk.errors]
    for source in walk.documents:
        names = [source.rel]
        if spellings:
            names += spellings.get(source.file.resolve(), [])
        keys = dict.fromkeys(map(_key, names))
        ids = tuple(i for k in keys for i in doc_ids.get(k, ()))
        errs = [e for k in keys for e in failures.get(k, ())]
        reason = "; ".join(dict.fromkeys(e.reason for e in errs))
        fix = "; ".join(dict.fromkeys(e.fix for e in errs))
        if ids:
            out.append(FileStatus(source.rel, "ingested", reason, fix, ids))
        elif errs:
            out.append(FileStatus(source.rel, "failed", reason, fix))
        else:  # every file read gives documents or an error; should that break, say so rather than hide it
            out.append(FileStatus(source.rel, "failed", "gave no document and no error",
                                  "report this as a chartertext bug"))
    return tuple(sorted(out, key=lambda f: f.path))


def file_counts(files: Sequence[FileStatus]) -> dict[str, int]:
    """``found``, ``ingested``, ``skipped``, ``failed``: files, a hidden folder's each counted.

    Examples
    --------
    >>> file_counts([FileStatus("cr.md", "ingested"), FileStatus(".git/", "skipped", "hidden folder", files=40)])
    {'found': 41, 'ingested': 1, 'skipped': 40, 'failed': 0}
    """
    counts = {status: sum(f.files for f in files if f.status == status) for status in FILE_STATUSES}
    return {"found": sum(counts.values()), **counts}


def files_frame(files: Sequence[FileStatus]) -> pd.DataFrame:
    """The ``files.csv`` table (columns ``FILES_COLUMNS``; ``doc_ids`` space-separated)."""
    return pd.DataFrame(
        [(f.path, f.status, f.files, f.reason, f.fix, " ".join(f.doc_ids)) for f in files], columns=list(FILES_COLUMNS)
    )


def _key(path: str) -> str:
    """A path as a manifest may spell it ("docs\\cr.txt", "./docs/cr.txt") → "docs/cr.txt"."""
    return posixpath.normpath(path.replace("\\", "/"))
