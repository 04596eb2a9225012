"""OCR of scanned PDF pages with OCRmyPDF and Tesseract, cached by the file's content.

A scan has no text layer: its pages are pictures of text. With OCR switched on (``--ocr``,
or ``enabled = true`` in the ``[ocr]`` table of the run configuration) the PDF reader hands a
PDF with text-less pages to OCRmyPDF, naming those pages only (``--pages``): a page that has
text is never re-read, so a born-digital page keeps its exact words. The named pages are
OCR'd even if their text layer holds a stray space (``--force-ocr``; ``--skip-text`` would
pass over them, as it did on a real council PDF whose pasted page of images held " ").
The result is read as any other PDF.

OCR costs seconds per page, so its output is kept in a cache folder, one PDF per input file
named by the file's SHA-256 and the language: a rerun on the same corpus reads the cache. The
cache is never inside the corpus folder (its PDFs would become documents).

OCRmyPDF runs as a subprocess of the current Python: it works the same on a Dask worker, and
the per-file time limit (``limits.max_seconds_per_file``) stops it.

Install with ``pip install 'chartertext[ocr]'`` and, on Debian or Ubuntu,
``apt install tesseract-ocr tesseract-ocr-fra ghostscript``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ChartertextError, ConfigError, DocumentError
from .limits import Deadline

__all__ = ["DEFAULT_OCR_CACHE", "OcrConfig", "check_ocr_installed", "ocr_pdf"]

#: Where OCR output is kept when ``[ocr] cache`` is not set: beside the embedding cache.
DEFAULT_OCR_CACHE = "models/ocr"


@dataclass(frozen=True)
class OcrConfig:
    """Whether and how scanned PDF pages are read by OCR (the ``[ocr]`` table).

    Parameters
    ----------
    enabled : bool, default False
        Off by default: OCR needs Tesseract, and takes seconds per page.
    language : str, default "fra"
        Tesseract language(s), several joined by "+" ("fra+eng"); each needs its Debian
        package ``tesseract-ocr-LANG``.
    cache : str or None, default None
        Folder for the OCR'd PDFs; ``models/ocr`` in the working directory when None. It must
        lie outside the corpus folder.

    Examples
    --------
    >>> OcrConfig(enabled=True).packages
    'tesseract-ocr tesseract-ocr-fra'
    >>> OcrConfig(language="fr")
    Traceback (most recent call last):
    ...
    chartertext.errors.ConfigError: ocr.language = 'fr': expected Tesseract language codes such as 'fra' or 'fra+eng'.
    """

    enabled: bool = False
    language: str = "fra"
    cache: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.enabled, bool):
            raise ConfigError(f"ocr.enabled = {self.enabled!r}: expected true or false.")
        if not isinstance(self.language, str) or not re.fullmatch(r"[a-z]{3}(_[a-z]+)?(\+[a-z]{3}(_[a-z]+)?)*",
                                                                  self.language):
            raise ConfigError(f"ocr.language = {self.language!r}: expected Tesseract language codes "
                              "such as 'fra' or 'fra+eng'.")
        if self.cache is not None and (not isinstance(self.cache, str) or not self.cache.strip()):
            raise ConfigError(f"ocr.cache = {self.cache!r}: expected a folder path such as \"models/ocr\".")

    @property
    def cache_dir(self) -> Path:
        """The cache folder (relative to the working directory unless absolute)."""
        return Path(self.cache or DEFAULT_OCR_CACHE)

    @property
    def packages(self) -> str:
        """The Debian packages Tesseract needs for ``language``."""
        langs = self.language.split("+")
        return " ".join(["tesseract-ocr", *(f"tesseract-ocr-{lang.replace('_', '-')}" for lang in langs)])

    def for_corpus(self, root: Path) -> OcrConfig:
        """This configuration with its cache as an absolute path (workers may start elsewhere),
        checked to lie outside the corpus ``root`` and the OCR tools checked to be installed.

        Raises
        ------
        ChartertextError
            The cache is inside the corpus folder, or OCRmyPDF, Tesseract or the language
            model is missing.
        """
        cache = self.cache_dir.resolve()
        root = Path(root).resolve()
        if cache == root or cache.is_relative_to(root):
            raise ConfigError(f"ocr.cache = {str(self.cache_dir)!r} lies inside the corpus folder {root}: its "
                              "PDFs would be read as documents. Choose a folder outside it.")
        check_ocr_installed(self)
        return dataclasses.replace(self, cache=str(cache))


def check_ocr_installed(config: OcrConfig) -> None:
    """Raise a :class:`ChartertextError` naming what to install when OCR cannot run."""
    missing = _missing(config.language)
    if missing:
        raise ChartertextError(
            f"OCR was asked for (--ocr, or [ocr] enabled = true) but {missing} is not installed. Install it with "
            f"`pip install 'chartertext[ocr]'` and `apt install {config.packages} ghostscript` "
            "(Debian/Ubuntu), or run without --ocr."
        )


@functools.lru_cache(maxsize=8)
def _missing(language: str) -> str:
    """What of OCRmyPDF, Tesseract and the language models is missing ("" when nothing)."""
    if importlib.util.find_spec("ocrmypdf") is None:
        return "the Python package ocrmypdf"
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return "Tesseract (the tesseract program)"
    listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False)
    known = set(listed.stdout.split()) | set(listed.stderr.split())
    absent = [lang for lang in language.split("+") if lang not in known]
    if absent:
        return "the Tesseract language model " + ", ".join(absent)
    return ""


def ocr_pdf(data: bytes, shown: str, config: OcrConfig, deadline: Deadline, pages: Sequence[int]) -> bytes:
    """The PDF ``data`` with a text layer added to ``pages``, from the cache if it is there.

    Parameters
    ----------
    data : bytes
        The PDF as read from the corpus.
    shown : str
        How messages name the file.
    config : OcrConfig
    deadline : Deadline
        OCR is stopped when the file's time is up.
    pages : sequence of int
        The text-less pages (numbered from 1), which the PDF reader found from ``data``
        itself, so the file's hash still names the result.

    Returns
    -------
    bytes
        A PDF with the same pages; pages not in ``pages`` are copied as they were.

    Raises
    ------
    DocumentError
        OCRmyPDF failed on this file or ran out of time.
    ChartertextError
        OCR is not installed.
    """
    target = config.cache_dir / f"{hashlib.sha256(data).hexdigest()}.{config.language}.pdf"
    if target.is_file():
        return target.read_bytes()
    check_ocr_installed(config)
    with tempfile.TemporaryDirectory(prefix="chartertext-ocr-") as tmp:
        source, output = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        source.write_bytes(data)
        _run_ocrmypdf(source, output, config.language, deadline, shown, pages)
        result = output.read_bytes()
    from ..atomic import atomic_path  # pandas comes with it; only OCR runs need it

    with atomic_path(target) as tmp_target:  # another worker may write the same file: last rename wins
        tmp_target.write_bytes(result)
    return result


def _run_ocrmypdf(source: Path, output: Path, language: str, deadline: Deadline, shown: str,
                  pages: Sequence[int]) -> None:
    command = [sys.executable, "-m", "ocrmypdf", "--language", language, "--force-ocr",
               "--pages", ",".join(map(str, pages)), "--output-type", "pdf", "--optimize", "0",
               "--quiet", str(source), str(output)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              timeout=max(deadline.at - time.monotonic(), 1.0))
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(shown, f"OCR took longer than {deadline.seconds:g} s (limits.max_seconds_per_file)",
                            "Raise the limit in the [limits] table of the configuration (--config) "
                            "for long scans") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1][:300]
        raise DocumentError(shown, f"OCR failed (ocrmypdf exit code {done.returncode}: {last})",
                            "Check the PDF opens normally; try `ocrmypdf -l fra --skip-text in.pdf out.pdf` "
                            "by hand to see the full message, and read its output")
