"""Bytes to text for the encodings a French office produces, with mojibake repaired.

The order of attempts is fixed so a result never depends on a statistical guess when a
rule can decide: byte-order mark, then strict UTF-8 (or UTF-8 with a few stray Windows
bytes), then the single-byte code pages of French offices, Windows-1252 first (a superset
of latin-1 holding ’ “ ” œ € in 0x80–0x9F; latin-1 itself is never chosen), the one that
reads as French winning; charset-normalizer only when none does. Whatever was guessed or
repaired is reported as a warning.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy

from chartertext.errors import DocumentError

__all__ = ["decode_file_name", "decode_text", "decode_declared", "repair_mojibake"]

# Longest BOMs first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte code pages a French office has produced, most common first: Windows, Unix
# latin-9 (œ Œ € at 0xBD 0xBC 0xA4), Mac, DOS. Each decodes almost any bytes, so the one
# whose result reads as French wins; ties go to the earlier one.
_CODE_PAGES: tuple[tuple[str, str], ...] = (
    ("cp1252", "Windows-1252 (cp1252)"),
    ("iso8859-15", "ISO-8859-15 (latin-9)"),
    ("mac_roman", "Mac Roman"),
    ("cp850", "DOS code page 850"),
)
_FRENCH_LETTERS = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")
_FRENCH_SIGNS = frozenset("«»’‘“”…–—€°§\xa0\u202f•·")

# Characters every UTF-8-read-as-cp1252 mojibake of French contains (Ã for é è à ç ê,
# â€ for ’ “ ” …, Å for œ, Â for a non-breaking space); lines without them are skipped
# so clean text costs nothing.
_MOJIBAKE_MARKERS = re.compile("[ÃÂÅâ]")

# WHATWG: browsers read a page labelled latin-1 or ASCII as windows-1252, and so do we.
_DECLARED_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}


def decode_text(data: bytes, display_path: str) -> tuple[str, list[str]]:
    """Decode the bytes of a text file and repair mojibake.

    Parameters
    ----------
    data : bytes
        The file's content; must not be empty (the caller reports empty files).
    display_path : str
        The file as the user knows it, used in warnings and errors.

    Returns
    -------
    text : str
        The decoded text, byte-order mark removed; line endings are left as found.
    warnings : list of str
        One entry per guess or repair ("not UTF-8: decoded as Windows-1252 (cp1252)", ...).

    Raises
    ------
    DocumentError
        If the bytes hold NUL characters without a UTF-16/32 byte-order mark or layout,
        i.e. the file is binary.

    Examples
    --------
    >>> decode_text("réunion".encode("cp1252"), "cr.txt")
    ('réunion', ['not UTF-8: decoded as Windows-1252 (cp1252)'])
    >>> decode_text("rÃ©union".encode("utf-8"), "cr.txt")[0]
    'réunion'
    """
    text, warnings = _decode_bytes(data, display_path)
    text, repaired = repair_mojibake(text)
    return text, warnings + repaired


def decode_declared(data: bytes, label: str, display_path: str) -> tuple[str, list[str]] | None:
    """Decode with an encoding the file declares (HTML meta charset), strictly.

    Parameters
    ----------
    data : bytes
        The file's content.
    label : str
        The declared encoding name ("utf-8", "iso-8859-1", "windows-1252", ...).
    display_path : str
        The file as the user knows it, used in warnings.

    Returns
    -------
    (text, warnings) or None
        None when the label is unknown or the bytes are not in that encoding; the caller
        then falls back to :func:`decode_text`. Mojibake is repaired in the returned text.
    """
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    name = _DECLARED_ALIASES.get(name, name)
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    text, repaired = repair_mojibake(text.removeprefix("\ufeff"))
    return text, repaired


def repair_mojibake(text: str) -> tuple[str, list[str]]:
    """Repair UTF-8 text that was once decoded as cp1252 or latin-1 ("rÃ©union" → "réunion").

    Only ftfy's encoding fix is applied, line by line (a file may mix clean and damaged
    lines): its other fixes (uncurling quotes, width and ligature changes) alter text that
    is not broken, and quote handling belongs to normalisation.

    Parameters
    ----------
    text : str

    Returns
    -------
    text : str
        The repaired text (unchanged when nothing looked like mojibake).
    warnings : list of str
        Empty, or one entry counting the repaired lines and showing the first repair.
    """
    if not _MOJIBAKE_MARKERS.search(text):
        return text, []
    config = ftfy.TextFixerConfig(explain=False)
    lines = text.split("\n")
    first: tuple[str, str] | None = None
    n_repaired = 0
    for i, line in enumerate(lines):
        if not _MOJIBAKE_MARKERS.search(line):
            continue
        fixed = ftfy.fix_encoding(line, config)
        if fixed != line:
            n_repaired += 1
            if first is None:
                first = _first_difference(line, fixed)
            lines[i] = fixed
    if first is None:
        return text, []
    noun = "line" if n_repaired == 1 else "lines"
    return "\n".join(lines), [
        f"mojibake repaired on {n_repaired} {noun} (e.g. {first[0]!r} → {first[1]!r})"
    ]


def decode_file_name(name: str) -> str:
    """A file name as the user would read it, whatever encoding wrote it.

    ``os`` gives names that are not UTF-8 with their bytes as lone surrogates. Those bytes are
    read as Windows-1252 (Linux copies of Windows folders) or as the DOS code page 850 (zips
    made on a French Windows), whichever reads as more French.

    >>> decode_file_name(b"s\\x82ance.txt".decode("utf-8", "surrogateescape"))
    'séance.txt'
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    raw = name.encode("utf-8", "surrogateescape")
    candidates = [raw.decode(codec, "replace") for codec in ("cp1252", "cp850")]
    return max(candidates, key=_french_score)  # ties keep cp1252


def _decode_bytes(data: bytes, display_path: str) -> tuple[str, list[str]]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], name, display_path)
    if b"\x00" in data:
        guessed = _utf16_without_bom(data)
        if guessed is None:
            raise DocumentError(
                display_path,
                "the file holds binary data (NUL bytes), not text",
                "Check that the extension matches the content; export the document as "
                "plain text (UTF-8) or give it its real extension (.pdf, .docx, .odt)",
            )
        text, warnings = _decode_unicode(data, guessed, display_path)
        return text, [f"no byte-order mark: encoding guessed as {guessed}"] + warnings
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    scored = []
    for codec, label in _CODE_PAGES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue  # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined
        scored.append((_french_score(text), text, f"not UTF-8: decoded as {label}"))
    scored.extend(_utf8_with_stray_bytes(data))
    if scored:
        score, text, warning = max(scored, key=lambda item: item[0])  # max keeps the first tie
        if score >= 0:
            return text, [warning]
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best), [f"not UTF-8: encoding guessed as {best.encoding} by charset-normalizer"]
    return data.decode("cp1252", errors="replace"), [
        "encoding unknown: decoded as Windows-1252, undecodable bytes replaced by '\ufffd'"
    ]


def _decode_unicode(data: bytes, name: str, display_path: str) -> tuple[str, list[str]]:
    try:
        return data.decode(name), []
    except UnicodeDecodeError as exc:
        # A truncated UTF-16 file loses its last character, not the document.
        return data.decode(name, errors="replace"), [
            f"invalid {name} at byte {exc.start}: undecodable bytes replaced by '\ufffd'"
        ]


def _cp1252_for_invalid(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("chartertext.cp1252", _cp1252_for_invalid)


def _utf8_with_stray_bytes(data: bytes) -> list[tuple[int, str, str]]:
    """UTF-8 text with a few Windows-1252 bytes pasted in (a ’ typed in an old editor):
    decoding it all as cp1252 would turn every é into mojibake, so here only the invalid
    bytes are read as cp1252. Returned as a scored candidate (none when no valid UTF-8
    multi-byte character is present); it wins only when it reads as more French."""
    text = data.decode("utf-8", errors="chartertext.cp1252")
    lossy = data.decode("utf-8", errors="replace")
    invalid = lossy.count("\ufffd")
    if not any(ord(char) > 0x7F and char != "\ufffd" for char in lossy):
        return []
    noun = "byte" if invalid == 1 else "bytes"
    warning = f"mostly UTF-8: {invalid} stray {noun} decoded as Windows-1252 (cp1252)"
    return [(_french_score(text), text, warning)]


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 written without a byte-order mark: in French text nearly every
    character is below U+0100 (’ œ € are the exceptions), so one byte in two is NUL, always
    on the same side, and the decoded text holds no control characters."""
    even, odd = data[0::2], data[1::2]
    n = max(len(odd), 1)
    for name, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(data) % 2 == 0 and high.count(0) >= 0.7 * n and low.count(0) <= 0.01 * n:
            text = data.decode(name, errors="replace")
            if not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
                return name
    return None


def _french_score(text: str) -> int:
    """One point per French accented letter or typographic sign, minus three per character
    no French text holds (C1 controls, ½ for œ, ‚ Š for é è...). Text that is really in the
    code page scores its number of non-ASCII characters, the most any code page can."""
    score = 0
    for char in text:
        if char in _FRENCH_LETTERS or char in _FRENCH_SIGNS:
            score += 1
        elif ord(char) > 0x7F:
            score -= 3
    return score


def _first_difference(before: str, after: str, context: int = 4) -> tuple[str, str]:
    """The shortest stretch around the first change, to show the user what was repaired."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b -= 1
        end_a -= 1
    lo = max(0, start - context)
    return before[lo : end_b + context], after[lo : end_a + context]
