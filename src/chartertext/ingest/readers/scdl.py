"""Read SCDL "Délibérations" open-data tables: one document per council decision.

The SCDL (Socle Commun des Données Locales) schema ``scdl/deliberations`` on
schema.data.gouv.fr lists a local authority's decisions, one row each, with the columns of
``SCDL_COLUMNS``. Files found in the wild are separated by ";" or ",", and encoded in UTF-8
(with or without a byte-order mark) or Windows-1252; both are accepted.

Each row becomes a :class:`~chartertext.ingest.raw.RawDocument` whose text is the decision's
object (``DELIB_OBJET``), headed by its subject (``DELIB_MATIERE_NOM``) as a paragraph of its
own when there is one.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from chartertext.errors import DocumentError
from chartertext.ingest.encoding import decode_text
from chartertext.ingest.raw import RawDocument

__all__ = ["REQUIRED_COLUMNS", "SCDL_COLUMNS", "looks_like_scdl", "read_scdl"]

#: The columns of the SCDL "Délibérations" schema (version 2.1), in schema order.
SCDL_COLUMNS: tuple[str, ...] = (
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM",
    "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF",
    "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION", "DELIB_URL",
)  # fmt: skip

#: The columns without which a row cannot become a dated, grouped document.
REQUIRED_COLUMNS: tuple[str, ...] = ("COLL_NOM", "DELIB_DATE", "DELIB_OBJET")

TITLE_MAX_CHARS = 200
_SEPARATORS = (";", ",", "\t")  # ties go to ";", the separator of French spreadsheets


def looks_like_scdl(header_line: str) -> bool:
    """Whether a CSV header line is that of an SCDL "Délibérations" table.

    Parameters
    ----------
    header_line : str
        The first line of the file, decoded.

    Returns
    -------
    bool
        True when the header names ``DELIB_OBJET`` or at least three SCDL columns (case and
        surrounding spaces ignored), so a table missing a required column is still recognised
        and :func:`read_scdl` can say which column is missing.

    Examples
    --------
    >>> looks_like_scdl("COLL_NOM;COLL_SIRET;DELIB_ID;DELIB_DATE;DELIB_OBJET")
    True
    >>> looks_like_scdl("nom,prenom,date")
    False
    """
    names = _header(header_line.lstrip("\ufeff").split("\n")[0], _separator(header_line))
    return "DELIB_OBJET" in names or len(set(names) & set(SCDL_COLUMNS)) >= 3


def read_scdl(data: bytes, display_path: str) -> list[RawDocument]:
    """Read an SCDL "Délibérations" CSV file into one raw document per decision.

    Parameters
    ----------
    data : bytes
        The file's content.
    display_path : str
        The file as the user knows it, for messages.

    Returns
    -------
    list of RawDocument
        In file order, one per usable row, with ``format="scdl"``, ``field_source="scdl"``.
        ``pages`` is ``(text,)``, the text being ``DELIB_OBJET``, preceded by
        ``DELIB_MATIERE_NOM`` and a blank line when that is filled. ``fields`` holds
        ``group`` (COLL_NOM), ``date`` (DELIB_DATE as written; the corpus builder parses ISO
        and French dates), ``kind`` "minutes", ``title`` (DELIB_OBJET on one line, cut at a
        word boundary to 200 characters with "…"), ``doc_id`` (DELIB_ID, when filled and
        unique in the file) and every other filled column under its SCDL name.
        ``part`` is DELIB_ID when unique in the file, otherwise ``"{DELIB_ID}-row{n}"``, or
        the row's line number ``n`` (the header is line 1) when DELIB_ID is empty.

    Raises
    ------
    DocumentError
        If the file is empty or binary, a required column (``REQUIRED_COLUMNS``) is missing
        from the header, or no row has a DELIB_OBJET.

    Notes
    -----
    Problems with single rows do not stop the file. A row with an empty DELIB_OBJET is
    skipped; a row with an empty DELIB_DATE or COLL_NOM is kept without that field; a row
    with more cells than the header keeps the first ones. Each problem is a warning: on the
    row's own document, or, for skipped rows and for how the file was decoded, on the first
    document returned (so the corpus report shows them once, under this file). Blank rows are
    ignored silently.
    """
    if not data.strip():
        raise DocumentError(display_path, "the file is empty", "Remove it from the corpus or export the table again")
    text, file_warnings = decode_text(data, display_path)
    text = text.lstrip("\ufeff")
    separator = _separator(text)
    rows = _rows(text, separator)
    if not rows:
        raise DocumentError(display_path, "the file has no header line", "Export the table with its header row")
    header = _header_cells(rows[0][1])
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise DocumentError(
            display_path,
            f"SCDL column(s) {', '.join(missing)} missing; the header (separator {separator!r}) has "
            f"{', '.join(header) or 'no column'}",
            "Rename the columns to the SCDL 'Délibérations' names (schema.data.gouv.fr/scdl/deliberations)",
        )
    records: list[tuple[int, dict[str, str], list[str]]] = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        warnings = []
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            warnings.append(
                f"row {line} has {len(cells)} cells but the header has {len(header)}; the extra cells were ignored"
            )
        values = {name: cell.strip() for name, cell in zip(header, cells) if name and cell.strip()}
        if not values.get("DELIB_OBJET"):
            file_warnings.append(f"row {line} skipped: DELIB_OBJET is empty")
            continue
        records.append((line, values, warnings))
    if not records:
        raise DocumentError(
            display_path,
            "no row has a DELIB_OBJET (the object of the decision is the text chartertext reads)",
            "Fill the DELIB_OBJET column, or remove the file from the corpus",
        )
    id_rows = Counter(values.get("DELIB_ID", "") for _, values, _ in records)
    documents = [_document(line, values, warnings, id_rows) for line, values, warnings in records]
    first = documents[0]
    documents[0] = RawDocument(
        pages=first.pages,
        format=first.format,
        fields=first.fields,
        field_source=first.field_source,
        part=first.part,
        warnings=tuple(file_warnings) + first.warnings,
    )
    return documents


def _document(line: int, values: dict[str, str], warnings: list[str], id_rows: Counter[str]) -> RawDocument:
    objet = values["DELIB_OBJET"]
    matiere = values.get("DELIB_MATIERE_NOM")
    fields = {k: v for k, v in values.items() if k != "DELIB_OBJET"}
    fields["kind"] = "minutes"
    fields["title"] = _title(objet)
    for field, column in (("group", "COLL_NOM"), ("date", "DELIB_DATE")):
        if column in values:
            fields[field] = values[column]
        else:
            warnings.append(f"row {line}: {column} is empty, so the decision has no {field} from the table")
    delib_id = values.get("DELIB_ID", "")
    if not delib_id:
        part = str(line)
    elif id_rows[delib_id] == 1:
        part = delib_id
        fields["doc_id"] = delib_id
    else:
        part = f"{delib_id}-row{line}"
        warnings.append(
            f"row {line}: DELIB_ID {delib_id!r} is used by {id_rows[delib_id]} rows; "
            "doc_id taken from the file name and row"
        )
    text = f"{matiere}\n\n{objet}" if matiere else objet
    return RawDocument(
        pages=(text,), format="scdl", fields=fields, field_source="scdl", part=part, warnings=tuple(warnings)
    )


def _title(objet: str) -> str:
    title = " ".join(objet.split())
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] or title[: TITLE_MAX_CHARS - 1]
    return cut.rstrip(" ,;:") + "…"


def _separator(text: str) -> str:
    """The separator of the header line: the most frequent of ";" "," and tab outside quotes."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    unquoted = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
    counts = {sep: unquoted.count(sep) for sep in _SEPARATORS}
    return max(_SEPARATORS, key=lambda sep: counts[sep])


def _rows(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """CSV records with the line each starts on (1-based; quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def _header(line: str, separator: str) -> list[str]:
    cells = next(csv.reader([line], delimiter=separator), [])
    return _header_cells(cells)


def _header_cells(cells: list[str]) -> list[str]:
    # SCDL names are upper case; exports from some tools lower-case them or pad them.
    names = [cell.strip().lstrip("\ufeff").strip() for cell in cells]
    return [name.upper() if name.upper() in SCDL_COLUMNS else name for name in names]
