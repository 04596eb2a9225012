"""Compile UMAP's numba functions once per machine, not once per process.

UMAP (and the parts of pynndescent it calls) are numba functions compiled on first call, and
most of UMAP's are declared without ``cache=True``: every new process paid 20–30 s of
compilation before its first fit (measured: the first UMAP fit on the 356 segments of the
demo took 25.3 s, the next 1.8 s). :func:`enable_numba_cache` turns numba's own on-disk cache
on for those functions: the first process writes the machine code (about 0.5 MB), later ones
load it (first fit 1.9 s). The code is the same compiled code, so results do not change;
numba keys each entry by the source file's timestamp and the CPU, so an upgrade of UMAP or a
different machine recompiles instead of loading stale code.

Where: ``NUMBA_CACHE_DIR`` when set (numba's own setting), else
``$XDG_CACHE_HOME/chartertext/numba`` (``~/.cache/chartertext/numba``). A folder that cannot
be created leaves compilation as it was, in memory.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

#: Modules whose numba functions get an on-disk cache.
CACHED_PACKAGES: tuple[str, ...] = ("umap", "pynndescent")

_enabled = False


def numba_cache_dir() -> Path:
    """``NUMBA_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/chartertext/numba`` (``~/.cache/...``)."""
    explicit = os.environ.get("NUMBA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "chartertext" / "numba"


def enable_numba_cache() -> int:
    """Give every numba function of UMAP and pynndescent numba's on-disk cache; idempotent.

    Returns
    -------
    int
        Functions switched to the on-disk cache by this call (0 when already done or when
        the cache folder cannot be made).
    """
    global _enabled
    if _enabled:
        return 0
    _enabled = True
    import numba
    import umap  # noqa: F401 - imports the modules whose functions are switched below
    from numba.core.caching import NullCache
    from numba.core.dispatcher import Dispatcher

    folder = numba_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()  # numba raises on a folder it cannot write
    except OSError:
        return 0
    # The cache locator reads numba.config.CACHE_DIR when each cache is created, so setting it
    # only around enable_caching() leaves other libraries' numba settings as they were.
    previous = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(folder)
    switched = 0
    try:
        for name, module in list(sys.modules.items()):
            if module is None or name.split(".")[0] not in CACHED_PACKAGES:
                continue
            for obj in list(vars(module).values()):
                if isinstance(obj, Dispatcher) and isinstance(obj._cache, NullCache):
                    obj.enable_caching()
                    switched += 1
    finally:
        numba.config.CACHE_DIR = previous
    return switched
