"""How big, how packed and how slow one input file may be before it is refused.

Minutes arrive from many hands; one hostile or broken file (a zip bomb renamed .docx, YAML
aliases in front matter, a 100,000-page PDF, a named pipe) must cost one reported error, not
the run. Every limit is far above what real minutes reach (in the three real corpora we test
on: largest file 0.8 MB, 6 PDF pages, 19,237 characters per document) so that it
only ever stops a file nobody meant to analyse.

Set them in the run configuration::

    [limits]
    max_file_bytes = 200_000_000
    max_seconds_per_file = 600
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, DocumentError

__all__ = ["Deadline", "IngestLimits", "read_regular_file", "check_zip"]

_MB = 1_000_000
_RAISE = "raise the limit in the [limits] table of the configuration (--config) if the file is genuine"


@dataclass(frozen=True)
class IngestLimits:
    """Limits on one input file; a file over a limit becomes one ingestion error.

    Parameters
    ----------
    max_file_bytes : int, default 200_000_000
        Size of the file on disk.
    max_unpacked_bytes : int, default 500_000_000
        Sum of the uncompressed sizes of the parts of a .docx or .odt (a zip package).
    max_compression_ratio : float, default 100
        Uncompressed over compressed size of any part of over 1 MB (text XML compresses
        10 to 30 times; a zip bomb thousands of times).
    max_front_matter_bytes : int, default 65_536
        Markdown YAML front matter, which must also be free of aliases (``*name``).
    max_pdf_pages : int, default 5_000
    max_document_chars : int, default 20_000_000
        Characters of text one file gives (about 8,000 pages of minutes).
    max_seconds_per_file : float, default 300
        Time spent reading one file, checked between PDF pages and after each reader.
    """

    max_file_bytes: int = 200 * _MB
    max_unpacked_bytes: int = 500 * _MB
    max_compression_ratio: float = 100.0
    max_front_matter_bytes: int = 65_536
    max_pdf_pages: int = 5_000
    max_document_chars: int = 20_000_000
    max_seconds_per_file: float = 300.0

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"limits.{name} = {value!r}: expected a positive number.")

    def deadline(self) -> Deadline:
        """A clock for one file, started now."""
        return Deadline(time.monotonic() + self.max_seconds_per_file, self.max_seconds_per_file)

    def check_chars(self, n_chars: int, shown: str) -> None:
        """Refuse a document of more than ``max_document_chars`` characters."""
        if n_chars > self.max_document_chars:
            raise DocumentError(
                shown,
                f"it holds {n_chars:,} characters, over the limit of {self.max_document_chars:,} per document "
                "(limits.max_document_chars)",
                f"Split it into one file per meeting, or {_RAISE}",
            )


@dataclass(frozen=True)
class Deadline:
    """When reading one file must have ended (``time.monotonic`` seconds)."""

    at: float
    seconds: float

    def check(self, shown: str, where: str = "") -> None:
        """Raise once the time is up; ``where`` says how far reading got ("page 40")."""
        if time.monotonic() > self.at:
            raise DocumentError(
                shown,
                f"reading it took longer than {self.seconds:g} s (limits.max_seconds_per_file)"
                + (f", stopped at {where}" if where else ""),
                f"Check the file opens normally in its application, or {_RAISE}",
            )


def read_regular_file(path: Path, shown: str, limits: IngestLimits) -> bytes:
    """The bytes of ``path``, which must be a regular file within ``limits.max_file_bytes``.

    Opened without blocking and checked on the open descriptor, so a named pipe, a device
    or a socket in the corpus folder is refused instead of hanging the run.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DocumentError(shown, f"cannot be read ({exc.strerror or exc})",
                            "Check that the file exists and that you may read it") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(shown, "not a regular file (a named pipe, device or socket)",
                                "Move it out of the corpus folder")
        if info.st_size > limits.max_file_bytes:
            raise DocumentError(
                shown,
                f"the file is {info.st_size / _MB:,.1f} MB, over the limit of "
                f"{limits.max_file_bytes / _MB:,.1f} MB (limits.max_file_bytes)",
                f"Split it, or {_RAISE}",
            )
        data = handle.read(info.st_size + 1)  # not max_file_bytes: read() allocates what it is asked
    if len(data) > info.st_size:  # it grew while being read
        raise DocumentError(shown, "the file grew while being read",
                            "Wait until it is fully written, then run again")
    return data


def check_zip(package: zipfile.ZipFile, shown: str, limits: IngestLimits) -> None:
    """Refuse a .docx or .odt whose parts unpack to too much, before any part is inflated.

    The sizes are those the package declares; Python's zipfile stops inflating a part at its
    declared size, so a part cannot lie its way past this check.
    """
    total = 0
    for info in package.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MB and ratio > limits.max_compression_ratio:
            raise DocumentError(
                shown,
                f"its part {info.filename} is compressed {ratio:,.0f} times "
                f"({info.file_size / _MB:,.0f} MB unpacked), over the limit of "
                f"{limits.max_compression_ratio:g} (limits.max_compression_ratio): a zip bomb or a damaged file",
                f"Open it in Word or LibreOffice and save it again, or {_RAISE}",
            )
    if total > limits.max_unpacked_bytes:
        raise DocumentError(
            shown,
            f"it unpacks to {total / _MB:,.0f} MB, over the limit of "
            f"{limits.max_unpacked_bytes / _MB:,.0f} MB (limits.max_unpacked_bytes)",
            f"Remove large images or embedded files and save it again, or {_RAISE}",
        )
