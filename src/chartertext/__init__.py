"""chartertext: qualitative text mining of French minutes and charters.

The stages, one module each, data flowing one way: :mod:`chartertext.corpus` (ingest,
normalise, segment) → :mod:`chartertext.embed` → :mod:`chartertext.topics` →
:mod:`chartertext.metrics` → report. Heavy stages are imported from their own modules so that
``import chartertext`` stays fast.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chartertext")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
