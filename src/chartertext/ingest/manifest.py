"""Read a corpus's ``manifest.csv``: one row per document, the researcher's own metadata.

The manifest is the truth about a corpus when it exists. A bad row never sinks the whole
manifest: it becomes an :class:`~chartertext.records.IngestError` (naming the CSV line, the
reason and the fix) and the other rows go on. Only a manifest that cannot be read at all
(undecodable, required columns missing) raises :class:`~chartertext.errors.CorpusError`.
No file outside the corpus folder is ever named by a returned row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import CorpusError
from ..records import DOC_KINDS, IngestError
from .dates import parse_french_date
from .metadata import KIND_SYNONYMS, canonical_kind, slug_from_path
from .years import parse_day_month

__all__ = ["MANIFEST_NAME", "REQUIRED_COLUMNS", "Manifest", "ManifestRow", "read_manifest"]

MANIFEST_NAME = "manifest.csv"
REQUIRED_COLUMNS: tuple[str, ...] = ("path", "doc_id", "kind", "date", "group", "title")
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class ManifestRow:
    """One valid manifest row.

    Attributes
    ----------
    path : str
        The document's path relative to the corpus folder, with forward slashes.
    file : Path
        The file itself, resolved (always inside the corpus folder).
    doc_id : str
        As given; derived from ``path`` (with a warning) when the cell is empty.
    kind : str
        One of ``records.DOC_KINDS`` (synonyms such as "pv" or "charte" already mapped).
    date : datetime.date or None
        None when the cell is empty.
    group : str or None
        None when the cell is empty.
    title : str
        "" when the cell is empty: not given, to be inferred from the file.
    extra : dict of str to str
        The further columns, by header name, values as given (stripped).
    """

    path: str
    file: Path
    doc_id: str
    kind: str
    date: dt.date | None
    group: str | None
    title: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    """The rows of a manifest that can be used, and why the others cannot.

    Attributes
    ----------
    rows : tuple of ManifestRow
        In file order.
    errors : tuple of IngestError
        One per rejected row; ``path`` is the row's path cell as written (or "manifest.csv"
        when empty), ``reason`` starts with "manifest.csv line N".
    warnings : tuple of str
        What was repaired or guessed (encoding, derived doc_ids, non-ISO dates).
    """

    rows: tuple[ManifestRow, ...]
    errors: tuple[IngestError, ...]
    warnings: tuple[str, ...] = ()


class _RowRejected(Exception):
    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


def _decode(data: bytes, where: Path, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{where}: neither UTF-8 nor Windows-1252 text (byte {data[exc.start]:#04x} at offset {exc.start}). "
            f"Save the manifest as 'CSV UTF-8' from your spreadsheet."
        ) from exc
    warnings.append(f"{where.name} is not UTF-8; read as Windows-1252 (cp1252). Save it as 'CSV UTF-8' to be sure.")
    return text


def _separator(header_line: str) -> str:
    """The separator that splits the header into the most required column names."""

    def score(sep: str) -> int:
        names = next(csv.reader([header_line], delimiter=sep), [])
        return sum(n.strip().lower() in REQUIRED_COLUMNS for n in names)

    return max(_SEPARATORS, key=score)  # ties keep the first: ","


def read_manifest(root: Path) -> Manifest | None:
    """Read ``root/manifest.csv``.

    Parameters
    ----------
    root : Path
        The corpus folder.

    Returns
    -------
    Manifest or None
        None when there is no ``manifest.csv`` in ``root``.

    Raises
    ------
    CorpusError
        The manifest is empty, not text, or lacks a required column (``REQUIRED_COLUMNS``:
        path, doc_id, kind, date, group, title), or names a column twice. The message names
        the file and the missing columns.

    Notes
    -----
    Encoding: UTF-8 with or without BOM, else Windows-1252 with a warning. Separator: ",", ";"
    or tab, whichever splits the header into the most required names. Header names are
    matched case-insensitively, surrounding spaces ignored; every cell is stripped. Blank
    lines are skipped. Line numbers in messages are the CSV line numbers (header = line 1).

    A row is rejected (an ``IngestError``, the other rows go on), checked in this order, when:

    - it cannot be parsed (a cell over the csv module's 131,072-character limit);

    - it has more or fewer cells than the header;
    - ``path`` is empty, absolute (``/x``, ``C:\\x``), contains a ``..`` component, or resolves
      (through symbolic links) outside the corpus folder; backslashes are read as "/";
    - ``path`` contains control characters (a NUL byte);
    - the file does not exist or is not a regular file;
    - ``kind`` is empty or not one of ``DOC_KINDS`` or their synonyms (``KIND_SYNONYMS``:
      "pv", "compte-rendu", "procès-verbal" → minutes, "charte" → charter, "projet",
      "brouillon" → draft), case-insensitive;
    - ``date`` is not empty and is not a valid date: ISO ``YYYY-MM-DD`` first, else any form
      :func:`~chartertext.ingest.dates.parse_french_date` reads ("16/06/2020", "16 juin 2020",
      with a warning); impossible dates ("2020-02-30") and dates without a year ("26/01": the
      manifest is the truth, so its year is never inferred) are rejected;
    - its ``doc_id`` was already used by an earlier row (the later row is rejected; the
      message names the earlier line);
    - its file was already listed by an earlier row (same rule).

    An empty ``doc_id`` is derived from the path with
    :func:`~chartertext.ingest.metadata.slug_from_path` (``docs/cr 1.pdf`` → ``docs-cr-1``)
    and a warning says so. Empty ``date`` and ``group`` become None; an empty ``title`` stays
    "" (infer it from the file).
    """
    where = Path(root) / MANIFEST_NAME
    if not where.is_file():
        return None
    warnings: list[str] = []
    text = _decode(where.read_bytes(), where, warnings)
    if not text.strip():
        raise CorpusError(
            f"{where}: the manifest is empty. Give it a header line "
            f"'{','.join(REQUIRED_COLUMNS)}' and one row per document, or delete it."
        )
    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first_line))
    header: list[str] = []
    for header in reader:
        if any(cell.strip() for cell in header):
            break
    header_line = reader.line_num
    names = [cell.strip() for cell in header]
    lowered = [n.lower() for n in names]
    missing = [c for c in REQUIRED_COLUMNS if c not in lowered]
    if missing:
        raise CorpusError(
            f"{where}: missing required column(s) {', '.join(missing)}; the header has {', '.join(map(repr, names))}. "
            f"The first line must name the columns {','.join(REQUIRED_COLUMNS)} (further columns are kept as metadata)."
        )
    twice = sorted({n for n in lowered if lowered.count(n) > 1})
    if twice:
        raise CorpusError(f"{where}: column(s) {', '.join(twice)} appear more than once in the header. Keep one of each.")

    corpus = Path(root).resolve()
    rows: list[ManifestRow] = []
    errors: list[IngestError] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[Path, int] = {}
    previous_end = header_line
    while True:
        line = previous_end + 1  # where this record starts, even if a quoted cell spans lines
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell over csv's 131,072-character limit: this row only
            previous_end = reader.line_num
            errors.append(IngestError(MANIFEST_NAME, f"{MANIFEST_NAME} line {line}: unreadable row ({exc})",
                                      "keep each cell short (a path and a few words of metadata) and quotes balanced"))
            continue
        previous_end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        given_path = cells[lowered.index("path")].strip() if len(cells) > lowered.index("path") else ""
        try:
            row = _row(cells, names, lowered, corpus, line, seen_ids, seen_files, warnings)
        except _RowRejected as rejected:
            reason = f"{MANIFEST_NAME} line {line}: {rejected.reason}"
            errors.append(IngestError(given_path or MANIFEST_NAME, reason, rejected.fix))
            continue
        seen_ids[row.doc_id] = line
        seen_files[row.file] = line
        rows.append(row)
    return Manifest(rows=tuple(rows), errors=tuple(errors), warnings=tuple(warnings))


def _row(
    cells: list[str],
    names: list[str],
    lowered: list[str],
    corpus: Path,
    line: int,
    seen_ids: dict[str, int],
    seen_files: dict[Path, int],
    warnings: list[str],
) -> ManifestRow:
    """One row checked against the rules of :func:`read_manifest`; raises _RowRejected."""
    if len(cells) != len(names):
        raise _RowRejected(
            f"{len(cells)} cells where the header has {len(names)}",
            f"give every row exactly {len(names)} cells; quote a value that contains the separator",
        )
    values = {low: cell.strip() for low, cell in zip(lowered, cells, strict=True)}
    rel, file = _checked_file(values["path"], corpus)

    kind = canonical_kind(values["kind"])
    if kind is None:
        raise _RowRejected(
            f"kind {values['kind']!r} is not a known kind" if values["kind"] else "the kind is empty",
            f"write one of {', '.join(DOC_KINDS)} (also accepted: {', '.join(k for k in KIND_SYNONYMS if k not in DOC_KINDS)})",
        )

    date: dt.date | None = None
    if values["date"]:
        try:
            date = dt.date.fromisoformat(values["date"])
        except ValueError:
            date = parse_french_date(values["date"])
            if date is None and parse_day_month(values["date"]) is not None:
                # the manifest is the truth: its year is never inferred
                raise _RowRejected(
                    f"date {values['date']!r} has no year",
                    "write the full date as YYYY-MM-DD (e.g. 2021-01-26), or leave the cell empty",
                ) from None
            if date is None:
                raise _RowRejected(
                    f"date {values['date']!r} is not a valid date",
                    "write the date as YYYY-MM-DD (e.g. 2020-06-16), or leave the cell empty",
                ) from None
            warnings.append(f"{MANIFEST_NAME} line {line}: date {values['date']!r} read as {date.isoformat()}")

    doc_id = values["doc_id"]
    if not doc_id:
        doc_id = slug_from_path(rel)
        warnings.append(f"{MANIFEST_NAME} line {line}: empty doc_id, derived from the path as {doc_id!r}")
    if doc_id in seen_ids:
        raise _RowRejected(
            f"doc_id {doc_id!r} is already used on line {seen_ids[doc_id]}",
            "give each row its own doc_id (or remove the duplicate row)",
        )
    if file in seen_files:
        raise _RowRejected(
            f"the file {rel} is already listed on line {seen_files[file]}",
            "list each file once (remove the duplicate row)",
        )

    return ManifestRow(
        path=rel,
        file=file,
        doc_id=doc_id,
        kind=kind,
        date=date,
        group=values["group"] or None,
        title=values["title"],
        extra={name: values[low] for name, low in zip(names, lowered, strict=True) if low not in REQUIRED_COLUMNS},
    )


def _checked_file(given: str, corpus: Path) -> tuple[str, Path]:
    """The path as a clean relative POSIX path and the resolved file, both inside ``corpus``."""
    fix_inside = "give a path relative to the corpus folder (e.g. docs/cr1.pdf), and copy the file into the folder"
    if not given:
        raise _RowRejected("the path is empty", "write the document's path relative to the corpus folder")
    if any(ord(c) < 32 for c in given):
        raise _RowRejected(f"the path {given!r} contains control characters (a NUL byte or a line break)",
                           "retype the path in the cell; no file name contains such characters")
    if given.startswith(("/", "\\")) or PureWindowsPath(given).drive or PurePosixPath(given).is_absolute():
        raise _RowRejected(f"the path {given!r} is absolute", fix_inside)
    rel = PurePosixPath(given.replace("\\", "/"))
    if ".." in rel.parts:
        raise _RowRejected(f"the path {given!r} goes out of the corpus folder ('..')", fix_inside)
    file = (corpus / rel).resolve()
    if not file.is_relative_to(corpus):
        raise _RowRejected(f"the path {given!r} leads outside the corpus folder (a symbolic link)", fix_inside)
    if not file.exists():
        raise _RowRejected(
            f"file not found: {rel.as_posix()}",
            "check the spelling and case of the path, or remove the row",
        )
    if not file.is_file():
        raise _RowRejected(f"{rel.as_posix()} is not a file", "name a file, not a folder")
    return rel.as_posix(), file
