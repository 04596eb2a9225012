"""One file to a :class:`RawDocument`: text by page and the metadata written inside the file.

Every reader lays text out the same way, so segmentation sees one convention whatever the
format: one paragraph per line, a blank line between paragraphs, list items and table cells
one per line, a blank line between table rows. PDF pages keep their own line breaks (the
normaliser joins hyphenated and wrapped lines and finds running headers across pages).
Markdown is kept as written: ``#`` headings and list markers are signal for segmentation,
and emphasis markers are left to normalisation. HTML whitespace collapses as a browser
shows it (a line break in the source of a ``<p>`` is a space). Every page is returned in
NFC, because some PDF producers write "é" as "e" plus a combining accent.

Metadata go to ``fields`` as written in the file. A file's creation date (PDF, Word, ODT
properties) is kept as ``created``, never as ``date``: it says when the file was made, not
when the meeting took place.

Whatever goes wrong with one file is raised as :class:`~chartertext.errors.DocumentError`
naming the file, the reason and a fix, so the corpus builder can skip it and go on. So is a
file over one of the :class:`~chartertext.ingest.limits.IngestLimits` (size, unpacked size,
front matter, PDF pages, characters, time), checked before the expensive step where possible.

One module per format family: ``text`` (.txt, Markdown), ``html``, ``pdf``, ``office``
(.docx, .odt, .rtf), ``legacy`` (.doc, through antiword or LibreOffice), ``mail`` (.eml,
.msg); ``layout`` holds the shared layout writer and ``properties`` the
creation-date rule. This module picks the reader and applies what every format shares.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from chartertext.errors import ChartertextError, DocumentError
from chartertext.ingest.encoding import repair_mojibake
from chartertext.ingest.limits import Deadline, IngestLimits, read_regular_file
from chartertext.ingest.ocr import OcrConfig
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.readers.html import read_html
from chartertext.ingest.readers.layout import tidy
from chartertext.ingest.readers.legacy import read_doc
from chartertext.ingest.readers.mail import read_eml, read_msg
from chartertext.ingest.readers.office import read_docx, read_odt, read_rtf
from chartertext.ingest.readers.pdf import read_pdf
from chartertext.ingest.readers.text import read_md, read_txt

__all__ = ["SUPPORTED_EXTENSIONS", "read_data", "read_document"]

#: File extensions :func:`read_document` reads (compared case-insensitively).
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".odt", ".rtf",
    ".doc", ".eml", ".msg",
)  # fmt: skip
_FORMAT_OF = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
              ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".rtf": "rtf", ".doc": "doc",
              ".eml": "eml", ".msg": "msg"}  # fmt: skip
_CONVERT_HINT = {
    ".xls": "Minutes in a spreadsheet are not read; save the text as .docx or .txt",
    ".xlsx": "Minutes in a spreadsheet are not read; save the text as .docx or .txt",
}


def read_document(path: Path, display_path: str | None = None, limits: IngestLimits | None = None,
                  ocr: OcrConfig | None = None) -> RawDocument:
    """Read one document file into text by page, with the metadata written inside it.

    Parameters
    ----------
    path : pathlib.Path
        The file to read. Its extension (case-insensitive) selects the reader; it must be one
        of ``SUPPORTED_EXTENSIONS``.
    display_path : str, optional
        How to name the file in messages, e.g. ``"docs/cr3.pdf"`` relative to the corpus.
        Defaults to ``str(path)``.
    limits : IngestLimits, optional
        Defaults to ``IngestLimits()``. Only regular files are read.
    ocr : OcrConfig, optional
        With ``enabled``, scanned PDF pages are read by OCR (:mod:`chartertext.ingest.ocr`).

    Returns
    -------
    RawDocument
        Text in NFC with ``\\n`` line ends, accents as written; one page per PDF page, one
        page for every other format. ``warnings`` lists what was guessed or repaired.

    Raises
    ------
    DocumentError
        For an unsupported extension, an unreadable, empty, binary, corrupt, encrypted or
        scanned (text-less) file, or one over a limit. Library failures on a bad file are
        wrapped in it too.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "cr.txt").write_text("Séance du 3 mai", encoding="cp1252")
    15
    >>> raw = read_document(folder / "cr.txt", "cr.txt")
    >>> raw.pages, raw.warnings
    (('Séance du 3 mai',), ('not UTF-8: decoded as Windows-1252 (cp1252)',))
    """
    shown = display_path if display_path is not None else str(path)
    limits = limits or IngestLimits()
    _format(path, shown)  # an unsupported file is refused before it is opened
    return read_data(read_regular_file(path, shown, limits), path, shown, limits, ocr=ocr)


def read_data(data: bytes, path: Path, shown: str, limits: IngestLimits,
              deadline: Deadline | None = None, ocr: OcrConfig | None = None) -> RawDocument:
    """:func:`read_document` on bytes already read from ``path`` (its extension picks the reader)."""
    fmt = _format(path, shown)
    deadline = deadline or limits.deadline()
    if not data:
        raise DocumentError(shown, "the file is empty (0 bytes)",
                            "Re-export or re-download it, or remove it from the corpus")
    if fmt in ("txt", "md", "html"):  # no encoding takes more than 4 bytes per character
        limits.check_chars(len(data) // 4, shown)
    options = {"limits": limits, "deadline": deadline, "ocr": ocr}
    try:
        raw = _READERS[fmt](data, shown, **{name: options[name] for name in _OPTIONS.get(fmt, ())})
    except ChartertextError:  # ours, such as OCR not installed, is never "the file is damaged"
        raise
    except Exception as exc:  # noqa: BLE001 - any library failure on one file is that file's error
        raise DocumentError(
            shown,
            f"the {fmt} file is damaged or not what its extension says "
            f"({type(exc).__name__}: {str(exc)[:200]})",
            "Open it in its application and save it again, or re-download it",
        ) from exc
    limits.check_chars(sum(map(len, raw.pages)), shown)
    deadline.check(shown)
    return _finish(raw, shown)


def _format(path: Path, shown: str) -> str:
    suffix = path.suffix.lower()
    fmt = _FORMAT_OF.get(suffix)
    if fmt is None:
        hint = _CONVERT_HINT.get(suffix, "Convert it to one of these formats or remove it")
        raise DocumentError(
            shown,
            f"unsupported file type {suffix or '(no extension)'!r}; supported: "
            + ", ".join(SUPPORTED_EXTENSIONS),
            hint,
        )
    return fmt


def _finish(raw: RawDocument, shown: str) -> RawDocument:
    """NFC, tidy layout, and refuse a document without text."""
    warnings = list(raw.warnings)
    pages = []
    for page in raw.pages:
        page = unicodedata.normalize("NFC", page.replace("\r\n", "\n").replace("\r", "\n"))
        if raw.format not in ("txt", "md", "html"):  # those were repaired when decoded
            page, repaired = repair_mojibake(page)
            warnings += repaired
        pages.append(page if raw.format in ("txt", "md") else tidy(page))
    if not any(page.strip() for page in pages):
        raise DocumentError(shown, "the file contains no text",
                            "Check that it is the right file; re-export it with its text")
    return replace(raw, pages=tuple(pages), warnings=tuple(warnings))


_READERS: dict[str, Callable[..., RawDocument]] = {
    "txt": read_txt, "md": read_md, "html": read_html, "pdf": read_pdf,
    "docx": read_docx, "odt": read_odt, "rtf": read_rtf, "doc": read_doc, "eml": read_eml,
    "msg": read_msg,
}  # fmt: skip
#: The keyword arguments each reader takes besides the bytes and the name.
_OPTIONS = {"md": ("limits",), "docx": ("limits",), "odt": ("limits",), "pdf": ("limits", "deadline", "ocr"),
            "doc": ("limits", "deadline")}
