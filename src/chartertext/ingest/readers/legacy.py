"""Legacy Word (.doc, Word 97-2003): text through a converter installed on the machine.

The binary Word format has no maintained pure-Python reader, so the file is handed to
``antiword`` (a small Debian package) when it is on the PATH, or else converted to .docx by
LibreOffice headless (``soffice``) and read by the .docx reader. antiword is asked for UTF-8
(``-m UTF-8.txt``) so accents and Word's typographic characters (’ œ «») come through,
and not to wrap lines (``-w 0``): one paragraph per line, a blank line between paragraphs.

A ".doc" that is in fact RTF or .docx (Word lets both be saved under that name) is read
by its own reader, with a warning.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from chartertext.errors import DocumentError
from chartertext.ingest.limits import Deadline, IngestLimits
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.readers.office import read_docx, read_rtf

__all__ = ["read_doc"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_CONVERTERS = ("antiword", "soffice", "libreoffice")


def read_doc(data: bytes, shown: str, limits: IngestLimits | None = None,
             deadline: Deadline | None = None) -> RawDocument:
    """Read a Word 97-2003 .doc file with antiword, else LibreOffice; format "doc".

    Raises
    ------
    DocumentError
        For a file that is not a Word document, when neither converter is installed, or when
        the converter fails (encrypted or damaged file) or runs out of time.
    """
    limits = limits or IngestLimits()
    deadline = deadline or limits.deadline()
    if data.startswith(b"{\\rtf"):
        raw = read_rtf(data, shown)
        return dataclasses.replace(raw, warnings=(*raw.warnings, "an RTF file named .doc: read as RTF"))
    if data.startswith(b"PK\x03\x04"):
        raw = read_docx(data, shown, limits)
        return dataclasses.replace(raw, warnings=(*raw.warnings, "a .docx file named .doc: read as .docx"))
    if not data.startswith(_OLE_MAGIC):
        raise DocumentError(shown, "not a Word .doc file", "Check that the extension matches the content; "
                            "open it in Word or LibreOffice and save it as .docx")
    found = {name: shutil.which(name) for name in _CONVERTERS}
    with tempfile.TemporaryDirectory(prefix="chartertext-doc-") as tmp:
        source = Path(tmp, "document.doc")
        source.write_bytes(data)
        if found["antiword"]:
            text = _run(shown, deadline, [found["antiword"], "-m", "UTF-8.txt", "-w", "0", str(source)])
            return RawDocument(pages=(text,), format="doc", field_source="properties")
        office = found["soffice"] or found["libreoffice"]
        if office:
            _run(shown, deadline, [office, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                                   "--convert-to", "docx", "--outdir", tmp, str(source)])
            converted = Path(tmp, "document.docx")
            if not converted.is_file():
                raise DocumentError(shown, "LibreOffice could not convert the .doc file",
                                    "Open it in LibreOffice or Word and save it as .docx")
            return dataclasses.replace(read_docx(converted.read_bytes(), shown, limits), format="doc")
    raise DocumentError(shown, "reading a .doc file (Word 97-2003) needs antiword or LibreOffice, "
                        "and neither is installed",
                        "Install one (`apt install antiword`, or LibreOffice for `soffice`), or save "
                        "the file as .docx")


def _run(shown: str, deadline: Deadline, command: list[str]) -> str:
    """The converter's standard output; its failure is this file's error."""
    name = Path(command[0]).name
    try:
        done = subprocess.run(command, capture_output=True, check=False,
                              timeout=max(deadline.at - time.monotonic(), 1.0))
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(shown, f"{name} took longer than {deadline.seconds:g} s "
                            "(limits.max_seconds_per_file)",
                            "Open it in Word or LibreOffice and save it as .docx") from exc
    if done.returncode != 0:
        quiet = f"crashed with signal {-done.returncode}" if done.returncode < 0 else "no message"
        message = done.stderr.decode("utf-8", "replace").strip().splitlines() or [quiet]
        raise DocumentError(shown, f"{name} cannot read it ({message[-1][:200]}): "
                            "an encrypted, damaged or very old Word file",
                            "Open it in Word or LibreOffice, remove any password, and save it as .docx")
    return done.stdout.decode("utf-8", "replace")
