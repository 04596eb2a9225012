"""A report folder appears whole or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..atomic import _umask, check_output_folder, mark_output_folder


@contextmanager
def staged_folder(target: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yield an empty staging folder beside ``target``; on success it becomes ``target``.

    The staging folder sits in the same parent so the final step is a rename, not a copy.
    An existing ``target`` is refused unless ``force`` and chartertext wrote it
    (:func:`~chartertext.atomic.check_output_folder`); then it is replaced only once the new
    folder is complete. The new folder carries the output marker. On any failure the staging
    folder is removed and ``target`` is left as it was.
    """
    target = Path(target)
    check_output_folder(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        yield staging
        mark_output_folder(staging)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it 0700; a report is meant to be shared
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            target.rename(old / "previous")
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
