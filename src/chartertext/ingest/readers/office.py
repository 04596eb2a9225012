"""Word processor files: Word (.docx), OpenDocument text (.odt) and RTF.

Word and ODT bodies are walked in document order, so tables sit between the paragraphs
around them, in the shared layout; text boxes and frames follow the paragraph anchoring
them. Deleted tracked changes, tables of contents, notes and comments are left out. The
title and creation date in the file's properties are kept as fields.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from chartertext.errors import DocumentError
from chartertext.ingest.limits import IngestLimits, check_zip
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.readers.layout import Layout
from chartertext.ingest.readers.properties import created_field

__all__ = ["read_docx", "read_odt", "read_rtf"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97 binary, and Office's container for encrypted files


def _refuse_ole(data: bytes, shown: str, fmt: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(
            shown, f"not a .{fmt} file: it is password-protected, or an old binary "
            "Word/Office file renamed",
            "Open it in Word or LibreOffice, remove the password if any, and save it as "
            f".{fmt} again")


# --- Word (.docx) ------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_SKIP = frozenset({_MC_FALLBACK, _W + "pPr", _W + "rPr", _W + "del", _W + "footnoteReference",
                     _W + "commentReference"})  # fmt: skip
_W_CHARS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "\u2011"}


def read_docx(data: bytes, shown: str, limits: IngestLimits | None = None) -> RawDocument:
    """Read a Word .docx file: its body as one page, core-property title and creation date.

    Raises
    ------
    DocumentError
        For an old binary Word file or a password-protected one (both are OLE containers),
        or one that unpacks past ``limits`` (checked before any part is inflated).
    """
    import docx

    _refuse_ole(data, shown, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        check_zip(package, shown, limits or IngestLimits())
    document = docx.Document(io.BytesIO(data))
    out = Layout()
    _docx_blocks(document.element.body, out, tight=False)
    props = document.core_properties
    fields = {"title": props.title.strip()} if (props.title or "").strip() else {}
    try:
        fields.update(created_field(props.created))
    except ValueError:
        pass  # a malformed creation date is not worth losing the document for
    return RawDocument(pages=(out.result(),), format="docx", fields=fields,
                       field_source="properties")


def _docx_blocks(container: Any, out: Layout, *, tight: bool) -> None:
    """Body children in document order, so tables sit between the paragraphs around them."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            _docx_paragraph(child, out, tight=tight)
        elif tag == _W + "tbl":
            rows = (row.iterchildren(_W + "tc") for row in child.iterchildren(_W + "tr"))
            out.table(rows, lambda cell: _docx_blocks(cell, out, tight=True), tight=tight)
        elif tag == _W + "sdt":
            gallery = child.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
            if gallery is not None and "Contents" in (gallery.get(_W + "val") or ""):
                continue  # a table of contents repeats the headings that follow
            content = child.find(_W + "sdtContent")
            if content is not None:
                _docx_blocks(content, out, tight=tight)
        elif tag == _W + "customXml":
            _docx_blocks(child, out, tight=tight)


def _docx_paragraph(paragraph: Any, out: Layout, *, tight: bool) -> None:
    parts: list[str] = []
    boxes: list[Any] = []

    def collect(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag in _W_SKIP:
                continue
            if tag == _W + "txbxContent":
                boxes.append(child)  # a text box's paragraphs follow the one anchoring it
            elif tag == _W + "t":
                parts.append(child.text or "")
            elif tag in _W_CHARS:
                parts.append(_W_CHARS[tag])
            else:
                collect(child)

    collect(paragraph)
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    listed = paragraph.find(f"{_W}pPr/{_W}numPr") is not None or (
        style is not None and "list" in (style.get(_W + "val") or "").lower())
    sep = 1 if tight or listed else 2
    out.brk(sep)
    out.text("".join(parts))
    out.brk(sep)
    for box in boxes:
        out.brk(2)
        _docx_blocks(box, out, tight=tight)
        out.brk(2)


# --- OpenDocument text (.odt) ------------------------------------------------------------

_ODF_SKIP = frozenset({"tracked-changes", "sequence-decls", "variable-decls", "user-field-decls",
                       "table-of-content", "illustration-index", "alphabetical-index",
                       "object-index", "user-index", "table-index", "bibliography", "forms",
                       "note", "annotation", "annotation-end"})  # fmt: skip


def read_odt(data: bytes, shown: str, limits: IngestLimits | None = None) -> RawDocument:
    """Read an OpenDocument text file: its body as one page, meta title and creation date.

    Raises
    ------
    DocumentError
        For a password-protected (encrypted) file, an OLE file renamed .odt, or one that
        unpacks past ``limits`` (checked before any part is inflated).
    """
    from odf import dc, meta
    from odf.opendocument import load

    _refuse_ole(data, shown, "odt")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        check_zip(package, shown, limits or IngestLimits())
        manifest = package.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in \
            package.namelist() else b""
    if b"encryption-data" in manifest:
        raise DocumentError(shown, "the ODT file is password-protected (encrypted)",
                            "Open it in LibreOffice with the password and save it without one "
                            "(File > Properties > Security, or Save As without a password)")
    document = load(io.BytesIO(data))
    out = Layout()
    _odf_blocks(document.text, out, tight=False)
    fields: dict[str, str] = {}
    for title in document.meta.getElementsByType(dc.Title):
        if str(title).strip():
            fields["title"] = str(title).strip()
    for created in document.meta.getElementsByType(meta.CreationDate):
        try:
            fields.update(created_field(dt.datetime.fromisoformat(str(created).strip()[:19])))
        except ValueError:
            pass  # a malformed creation date is not worth losing the document for
    return RawDocument(pages=(out.result(),), format="odt", fields=fields,
                       field_source="properties")


def _odf_name(node: Any) -> str:
    return node.qname[1] if node.nodeType == node.ELEMENT_NODE else ""


def _odf_blocks(container: Any, out: Layout, *, tight: bool) -> None:
    sep = 1 if tight else 2
    for child in container.childNodes:
        name = _odf_name(child)
        if not name or name in _ODF_SKIP:
            continue
        if name in ("p", "h"):
            out.brk(sep)
            _odf_paragraph(child, out, tight=tight)
            out.brk(sep)
        elif name == "list":
            out.brk(sep)
            for item in child.childNodes:
                out.brk(1)
                _odf_blocks(item, out, tight=True)
                out.brk(1)
            out.brk(sep)
        elif name == "table":
            rows = ([cell for cell in row.childNodes  # covered cells repeat a merged one
                     if _odf_name(cell) == "table-cell"] for row in _odf_rows(child))
            out.table(rows, lambda cell: _odf_blocks(cell, out, tight=True), tight=tight)
        else:  # sections, frames, index bodies: their paragraphs are read in place
            _odf_blocks(child, out, tight=tight)


def _odf_rows(table: Any) -> list[Any]:
    rows = []
    for child in table.childNodes:
        name = _odf_name(child)
        if name == "table-row":
            rows.append(child)
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            rows.extend(_odf_rows(child))
    return rows


def _odf_paragraph(paragraph: Any, out: Layout, *, tight: bool) -> None:
    parts: list[str] = []
    frames: list[Any] = []

    def collect(element: Any) -> None:
        for child in element.childNodes:
            if child.nodeType == child.TEXT_NODE:
                parts.append(child.data)
                continue
            name = _odf_name(child)
            if name == "s":  # a run of spaces, stored as a count
                parts.append(" " * int(child.getAttribute("c") or 1))
            elif name == "tab":
                parts.append("\t")
            elif name == "line-break":
                parts.append("\n")
            elif name == "frame":
                frames.append(child)
            elif name and name not in _ODF_SKIP:
                collect(child)

    collect(paragraph)
    out.text("".join(parts))
    for frame in frames:
        out.brk(2)
        _odf_blocks(frame, out, tight=tight)
        out.brk(2)


# --- RTF ----------------------------------------------------------------------------------

_RTF_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_RTF_TITLE = re.compile(r"\{\\title\s?((?:[^{}\\]|\\[^{}])*)\}")


def read_rtf(data: bytes, shown: str) -> RawDocument:
    """Read an RTF file in its declared code page: the text as one page, ``\\title`` as title.

    Raises
    ------
    DocumentError
        For a file that does not start with ``{\\rtf``.
    """
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip()[:5] == b"{\\rtf":
        raise DocumentError(shown, "not an RTF file (it does not start with '{\\rtf')",
                            "Check that the extension matches the content")
    codepage = _RTF_CODEPAGE.search(data[:2048])
    encoding = f"cp{codepage.group(1).decode()}" if codepage else "cp1252"
    try:
        source = data.decode(encoding)  # raw 8-bit text is in the document's code page
    except (UnicodeDecodeError, LookupError):
        source, encoding = data.decode("latin-1"), "cp1252"
    # Same layout as the other formats: blank line between paragraphs, one cell per line.
    body = re.sub(r"\\(?:nest)?cell(?![a-z])", r"\\line", source)
    body = re.sub(r"\\row(?![a-z])", r"\\par", body)
    body = re.sub(r"(?<!\\)\\par(?![a-z])", r"\\par\\par", body)
    text = rtf_to_text(body, encoding=encoding, errors="replace")
    fields = {}
    title = _RTF_TITLE.search(source)
    if title:
        value = rtf_to_text("{\\rtf1 " + title.group(1) + "}", encoding=encoding,
                            errors="replace").strip()
        if value:
            fields["title"] = value
    return RawDocument(pages=(text,), format="rtf", fields=fields, field_source="properties")
