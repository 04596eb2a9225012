"""PDF: one page per page in reading order, glyphs without a Unicode map recovered.

Pages keep their own line breaks (the normaliser joins hyphenated and wrapped lines and
finds running headers across pages). Pieces of text on the same baseline are joined into
one line and a larger vertical gap makes a paragraph break. Word exports whose fonts lack
a Unicode map are repaired from the embedded font; pages that stay garbled, or have no
text layer, are warned about. With OCR on, text-less pages of a scan are read by OCR
(:mod:`chartertext.ingest.ocr`) and the format stays "pdf". The document's title and
creation date are kept as fields.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from chartertext.errors import DocumentError
from chartertext.ingest.limits import Deadline, IngestLimits
from chartertext.ingest.ocr import OcrConfig, ocr_pdf
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.readers.properties import created_field

__all__ = ["read_pdf"]

# Ranges French text never needs, but which broken font maps produce: Word 2007 exports of
# Calibri give 't' as 'ƚ', 'u' as 'Ƶ', 's' as 'Ɛ', '’' as '͛', digits as 'Ϭ ϱ ϵ'.
_GARBLED = re.compile(r"[\u0180-\u024f\u0250-\u02af\u0300-\u036f\u03d0-\u03ff]")
_NOT_A_TITLE = re.compile(
    r"^(microsoft \w+ - .*|.*\.(pages|docx?|odt|pdf|rtf|txt|xlsx?|pptx?|indd)"
    r"|(document|doc|untitled|sans titre|titre|présentation powerpoint)\s*\d*)$",
    re.IGNORECASE,
)


def read_pdf(data: bytes, shown: str, limits: IngestLimits | None = None,
             deadline: Deadline | None = None, ocr: OcrConfig | None = None) -> RawDocument:
    """Read a PDF: one page of text per PDF page, with its title and creation date as fields.

    With ``ocr`` enabled, pages without a text layer but with images (a scan) are read by
    OCR (:mod:`chartertext.ingest.ocr`); pages that have text are kept as they are.

    Raises
    ------
    DocumentError
        For a file that is not a PDF, or is damaged, encrypted, or without any text layer
        (and OCR off or finding nothing); with more pages than ``limits.max_pdf_pages``, or
        still being read at ``deadline`` (checked between pages).
    """
    limits = limits or IngestLimits()
    deadline = deadline or limits.deadline()
    pages, warnings, image_only, fields = _read_pages(data, shown, limits, deadline)
    use_ocr = ocr is not None and ocr.enabled
    if image_only and ocr is not None and ocr.enabled:
        scanned = _read_pages(ocr_pdf(data, shown, ocr, deadline, image_only), shown, limits, deadline)[0]
        if len(scanned) != len(pages):
            raise DocumentError(shown, f"OCR gave {len(scanned)} pages for {len(pages)}",
                                "OCR it by hand (`ocrmypdf -l fra --skip-text in.pdf out.pdf`) "
                                "and read the result")
        read = [n for n in image_only if scanned[n - 1].strip()]
        for number in read:
            pages[number - 1] = scanned[number - 1]
        image_only = [n for n in image_only if n not in read]
        if read:
            warnings.append(f"{len(read)} page{'s' if len(read) > 1 else ''} read by OCR "
                            f"(Tesseract {ocr.language})")
    if not any(p.strip() for p in pages):
        if use_ocr:
            raise DocumentError(shown, "the PDF has no text layer and OCR found no text in it",
                                "Check that the scan is legible (not blank, not upside down), "
                                "or remove it from the corpus")
        raise DocumentError(shown, "the PDF has no text layer (a scan or images of text)",
                            "Run again with --ocr to read it by OCR (needs "
                            "`pip install 'chartertext[ocr]'` and `apt install tesseract-ocr-fra`), "
                            "or OCR it yourself: `ocrmypdf -l fra in.pdf out.pdf`")
    return RawDocument(pages=tuple(pages), format="pdf", fields=fields,
                       field_source="properties",
                       warnings=tuple(warnings + _pdf_warnings(pages, image_only, use_ocr)))


def _read_pages(data: bytes, shown: str, limits: IngestLimits,
                deadline: Deadline) -> tuple[list[str], list[str], list[int], dict[str, str]]:
    """Pages' text, warnings, the numbers of text-less pages with images, and the fields."""
    import pymupdf

    if b"%PDF-" not in data[:1024]:
        raise DocumentError(shown, "not a PDF file (no %PDF header)",
                            "Check that the extension matches the content; re-download the file")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - MuPDF raises several types for a broken file
        raise DocumentError(shown, f"the PDF is damaged and cannot be opened ({exc})",
                            "Re-download or re-export it; `qpdf in.pdf out.pdf` can "
                            "sometimes repair it") from exc
    with doc:
        if doc.needs_pass:
            raise DocumentError(shown, "the PDF is encrypted (password-protected)",
                                "Decrypt it with the password, e.g. "
                                "`qpdf --password=PASSWORD --decrypt in.pdf out.pdf`")
        if doc.page_count == 0:
            raise DocumentError(shown, "the PDF is damaged: it has no pages",
                                "Re-download or re-export it")
        if doc.page_count > limits.max_pdf_pages:
            raise DocumentError(shown, f"the PDF has {doc.page_count:,} pages, over the limit of "
                                f"{limits.max_pdf_pages:,} (limits.max_pdf_pages)",
                                "Split it into one file per meeting, or raise the limit in the "
                                "[limits] table of the configuration if it is genuine")
        warnings = ["the PDF was damaged and repaired while reading; text may be missing"] \
            if doc.is_repaired else []
        font_maps: dict[int, dict[int, str]] = {}
        pages, image_only = [], []
        for page in doc:
            deadline.check(shown, f"page {page.number + 1}")
            text, recovered = _pdf_page_text(doc, page, font_maps)
            pages.append(text)
            if recovered:
                warnings.append(f"page {page.number + 1}: {recovered} characters without a "
                                "Unicode map in the PDF were recovered from the embedded font")
            if not text.strip() and page.get_images():
                image_only.append(page.number + 1)
        fields = _pdf_fields(doc.metadata or {})
    return pages, warnings, image_only, fields


def _pdf_page_text(doc: Any, page: Any, font_maps: dict[int, dict[int, str]]) -> tuple[str, int]:
    """One page in reading order, with glyphs that lack a Unicode map recovered.

    Word exports of Calibri often omit the Unicode map of some glyphs; MuPDF then gives the
    glyph number as the character ('ƚ' is glyph 410, Calibri's 't'). The font embedded in
    the file still knows which letter each glyph draws, so its own character map undoes it.
    """
    import pymupdf

    # No TEXT_PRESERVE_LIGATURES: MuPDF then writes "fi" for the ﬁ glyph, which word counts
    # and the tokenizer need.
    flags = (pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
             | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE)
    # NFC first: a decomposed "é" is a letter and its accent, not a glyph number.
    text = unicodedata.normalize("NFC", _pdf_reading_order(page.get_text("dict", flags=flags)))
    if not _GARBLED.search(text):
        return text, 0
    table: dict[int, str] = {}
    for xref, _ext, kind, _name, _ref, encoding, *_ in page.get_fonts(full=True):
        if kind == "Type0" and encoding.startswith("Identity"):  # glyph number = character code
            if xref not in font_maps:
                font_maps[xref] = _glyph_letters(doc, xref)
            for glyph, char in font_maps[xref].items():
                table.setdefault(glyph, char)
    recovered = 0

    def recover(match: re.Match[str]) -> str:
        nonlocal recovered
        char = table.get(ord(match.group()))
        if char is None:
            return match.group()
        recovered += 1
        return char

    return _GARBLED.sub(recover, text), recovered


def _pdf_reading_order(page_dict: dict[str, Any]) -> str:
    """Lines top to bottom; pieces on the same baseline joined left to right (a bullet and
    its item, a label and its value sit in different blocks); a blank line where the
    vertical gap exceeds 0.6 line height, which is how paragraphs are spaced.

    This is what ``get_text("text", sort=True)`` gives (identical lines and blank lines on
    the 20 real PDFs), at a fifth of its cost: pymupdf's version sorts word by word in Python.
    """
    pieces = []
    for block in page_dict["blocks"]:
        for line in block.get("lines", ()):
            text = "".join(span["text"] for span in line["spans"])
            if text.strip():
                x0, y0, x1, y1 = line["bbox"]
                pieces.append((y0, y1, x0, x1, text))
    pieces.sort(key=lambda piece: piece[0] + piece[1])
    rows: list[list[Any]] = []  # [top, bottom, [(x0, x1, text), ...]]
    for y0, y1, x0, x1, text in pieces:
        if rows:
            row = rows[-1]
            if min(y1, row[1]) - max(y0, row[0]) > 0.5 * min(y1 - y0, row[1] - row[0]):
                row[0], row[1] = min(row[0], y0), max(row[1], y1)
                row[2].append((x0, x1, text))
                continue
        rows.append([y0, y1, [(x0, x1, text)]])
    lines: list[str] = []
    previous: list[Any] | None = None
    for row in rows:
        top, bottom, parts = row
        parts.sort()
        line, right = parts[0][2], parts[0][1]
        for x0, x1, text in parts[1:]:
            # a superscript "e" in "14e" touches its number; a new column is far off
            apart = x0 - right > 0.15 * (bottom - top) and not line[-1:].isspace()
            line += (" " if apart and not text[:1].isspace() else "") + text
            right = max(right, x1)
        if previous is not None and top - previous[1] > 0.6 * min(bottom - top,
                                                                  previous[1] - previous[0]):
            lines.append("")
        lines.append(line.strip())
        previous = row
    return "\n".join(lines)


def _glyph_letters(doc: Any, xref: int) -> dict[int, str]:
    """Glyph number to character, from an embedded font's own map, for the glyph numbers
    that land in :data:`_GARBLED` when used as characters."""
    import pymupdf

    buffer = doc.extract_font(xref)[3]
    if not buffer:
        return {}
    try:
        font = pymupdf.Font(fontbuffer=buffer)
    except Exception:  # noqa: BLE001 - a font MuPDF cannot load just recovers nothing
        return {}
    letters: dict[int, str] = {}
    for code in (*range(0x20, 0x250), *range(0x2000, 0x2200)):  # Latin, punctuation, €
        glyph = font.has_glyph(code)
        if glyph and _GARBLED.match(chr(glyph)) and glyph not in letters:
            letters[glyph] = chr(code)
    return letters


def _pdf_warnings(pages: list[str], image_only: list[int], ocr: bool) -> list[str]:
    warnings = []
    if image_only:
        listed = ", ".join(map(str, image_only))
        warnings.append(f"page(s) {listed} have no text layer and OCR found no text in them"
                        if ocr else
                        f"page(s) {listed} have no text layer (scanned?) and were read as empty; "
                        "read them by OCR with --ocr (or `ocrmypdf -l fra`)")
    for number, page in enumerate(pages, start=1):
        odd = _GARBLED.findall(page) + re.findall("\ufffd", page)
        letters = sum(c.isalpha() for c in page)
        if len(odd) >= 5 and len(odd) > 0.005 * letters:
            sample = " ".join(dict.fromkeys(odd))[:20]
            warnings.append(
                f"page {number}: the text layer looks garbled ({len(odd)} unusual characters "
                f"such as {sample}): a font maps glyphs to wrong letters; re-export the PDF "
                "from its source document, or OCR it (`ocrmypdf --force-ocr -l fra`)")
    return warnings


def _pdf_fields(metadata: dict[str, Any]) -> dict[str, str]:
    fields = {}
    title = (metadata.get("title") or "").strip()
    if title and not _NOT_A_TITLE.match(title):
        fields["title"] = title
    created = re.match(r"D:(\d{4})(\d{2})(\d{2})", metadata.get("creationDate") or "")
    try:
        day = dt.date(*map(int, created.groups())) if created else None
    except ValueError:
        day = None  # a malformed creation date is not worth losing the document for
    fields.update(created_field(day))
    return fields
