"""Legacy Word (.doc): a Word 97 file written here is read through antiword, accents intact."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from chartertext.errors import DocumentError
from chartertext.ingest.readers import legacy, read_document

MINUTES = ("Procès-verbal de la séance du 3 mai 2024\n"
           "Les élus saluent l’œuvre de l’école « Les Cèdres ».\n"
           "La séance est levée à 21 h.")


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3) holding two streams of at least 4,096 bytes each,
    so that they live in ordinary sectors: sector 0 is the FAT, sector 1 the directory."""
    sectors: list[bytes] = []
    starts: dict[str, int] = {}
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for name, data in streams.items():
        data += b"\0" * (-len(data) % 512)
        starts[name], count = 2 + len(sectors), len(data) // 512
        for i in range(count):
            sectors.append(data[i * 512 : (i + 1) * 512])
            fat.append(starts[name] + i + 1 if i < count - 1 else 0xFFFFFFFE)
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<5H", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<9I", header, 40, 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *[0xFFFFFFFF] * 108)
    none = 0xFFFFFFFF

    def entry(name: str, kind: int, left: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB3I", raw, 64, len(encoded), kind, 1, left, none, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    (first, data1), (second, data2) = streams.items()
    directory = (entry("Root Entry", 5, none, 1, 0xFFFFFFFE, 0) + entry(first, 2, 2, none, starts[first], len(data1))
                 + entry(second, 2, none, none, starts[second], len(data2)) + entry("", 0, none, none, 0, 0))
    fat += [0xFFFFFFFF] * (128 - len(fat))
    return bytes(header) + struct.pack("<128I", *fat) + directory + b"".join(sectors)


def _word97(text: str) -> bytes:
    """A Word 97 document: a FIB, the text in Windows-1252 as one piece, and the piece table."""
    body = (text.replace("\n", "\r") + "\r").encode("cp1252")
    fib = bytearray(0x400)
    struct.pack_into("<5H", fib, 0, 0xA5EC, 0x00C1, 0, 0x040C, 0)  # magic, Word 97, French
    struct.pack_into("<2H", fib, 0x0A, 0x0200, 0x00BF)  # the piece table is in the 1Table stream
    struct.pack_into("<2I", fib, 0x18, 0x400, 0x400 + len(body))
    struct.pack_into("<H", fib, 0x20, 14)
    struct.pack_into("<H", fib, 0x3E, 22)
    struct.pack_into("<I", fib, 0x40, 0x400 + len(body))
    struct.pack_into("<I", fib, 0x4C, len(body))  # characters of main text
    struct.pack_into("<H", fib, 0x98, 0x5D)
    # one piece, "compressed" (8-bit Windows-1252): flag 0x40000000 and twice the file offset
    clx = b"\x02" + struct.pack("<I2IHIH", 16, 0, len(body), 0, (0x400 * 2) | 0x40000000, 0)
    struct.pack_into("<2I", fib, 0x1A2, 0, len(clx))
    # A style sheet of one empty style: without one antiword reads past a 1-byte buffer and
    # crashes about one run in three (seen under valgrind), which made this test flaky.
    stsh = struct.pack("<H6H3HH", 18, 1, 10, 0, 15, 15, 0, 0, 0, 0, 0)
    struct.pack_into("<2I", fib, 0xA2, len(clx), len(stsh))
    table = clx + stsh
    document = bytes(fib) + body
    return _compound_file({"WordDocument": document + b"\0" * max(0, 4096 - len(document)),
                           "1Table": table + b"\0" * (4096 - len(table))})


needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")


@needs_antiword
def test_readers_doc_word97_through_antiword_keeps_accents_and_typography(tmp_path: Path) -> None:
    path = tmp_path / "pv.doc"
    path.write_bytes(_word97(MINUTES))
    raw = read_document(path, "docs/pv.doc")
    assert raw.format == "doc"
    assert raw.pages[0].split("\n") == MINUTES.split("\n")


@needs_antiword
def test_readers_doc_damaged_word_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "cr.doc"
    path.write_bytes(_word97(MINUTES)[:1024])
    with pytest.raises(DocumentError) as caught:
        read_document(path, "docs/cr.doc")
    assert caught.value.path == "docs/cr.doc" and "antiword" in caught.value.reason
    assert ".docx" in caught.value.fix


def test_readers_doc_without_a_converter_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    path = tmp_path / "cr.doc"
    path.write_bytes(_word97(MINUTES))
    with pytest.raises(DocumentError) as caught:
        read_document(path, "docs/cr.doc")
    assert "antiword" in caught.value.reason and "LibreOffice" in caught.value.reason
    assert "apt install antiword" in caught.value.fix and "soffice" in caught.value.fix


def test_readers_doc_that_is_rtf_is_read_as_rtf_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cr.doc"
    path.write_bytes(rb"{\rtf1\ansi\ansicpg1252 S\'e9ance du conseil\par}")
    raw = read_document(path, "cr.doc")
    assert raw.pages == ("Séance du conseil",) and raw.format == "rtf"
    assert "an RTF file named .doc: read as RTF" in raw.warnings


def test_readers_doc_that_is_no_word_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cr.doc"
    path.write_bytes(b"Ceci n'est pas un document Word.")
    with pytest.raises(DocumentError, match="not a Word .doc file"):
        read_document(path, "cr.doc")
