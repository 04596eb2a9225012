"""chartertext: qualitative text mining of French minutes and charters.

The front door: the main entry points from one import, each loaded on first use so that
``import chartertext`` stays fast and loads neither torch nor BERTopic.

>>> import chartertext as ct
>>> ct.RunConfig().seed
42

The stages, one module each, data flowing one way: :mod:`chartertext.corpus` (ingest,
normalise, segment) → :mod:`chartertext.embed` → :mod:`chartertext.topics` →
:mod:`chartertext.metrics` → :mod:`chartertext.report`; :mod:`chartertext.workflow` chains
them for one corpus folder, as the command line does.
"""

from importlib.metadata import PackageNotFoundError, version

from .lazy import lazy_attributes

try:
    __version__ = version("chartertext")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

#: Public name → the module that defines it (relative to this package).
_LAZY = {
    "RunConfig": "config",
    "ingest_corpus": "corpus",
    "Corpus": "corpus",
    "select_corpus": "selection",
    "analyse": "pipeline",
    "Analysis": "pipeline",
    "write_report": "report",
    "load_run_config": "workflow",
    "report_corpus": "workflow",
    "topics_corpus": "workflow",
    "compare_folder": "workflow",
    "network_corpus": "workflow",
    "fit_topics": "topics",
    "measure_convergence": "metrics",
    "compare_corpus": "compare",
    "compare_charters": "compare",
    "write_compare_report": "compare",
    "analyse_network": "network",
    "ExecutionConfig": "execution",
    "open_executor": "execution",
}

__getattr__ = lazy_attributes(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = ["__version__", *sorted(_LAZY)]
