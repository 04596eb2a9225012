"""Peak resident memory of this process, for run.json's ``peak_rss_mb`` per stage."""

from __future__ import annotations

import sys


def peak_rss_mb() -> float | None:
    """The most resident memory this process has held since it started, in MB (10**6 bytes).

    A high-water mark (``getrusage(RUSAGE_SELF).ru_maxrss``): read after a stage, it is the
    peak so far, so a stage's own peak is only visible when it exceeds every earlier one.
    Memory of Dask workers in other processes is not included. None where the platform has
    no ``resource`` module (Windows).

    Examples
    --------
    >>> peak_rss_mb() > 1
    True
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux counts kibibytes, macOS bytes.
    return round(peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6, 1)
