"""Writing outputs so that no reader ever sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import ChartertextError


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one rename.

    On failure the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files; a report is meant to be shared, so use the umask's usual mode.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def refuse_inside(out: str | Path, corpus_root: str | Path) -> None:
    """Raise when ``out`` lies inside the corpus folder: we never write into the user's corpus."""
    out_resolved = Path(out).resolve()
    root = Path(corpus_root).resolve()
    if out_resolved == root or out_resolved.is_relative_to(root):
        raise ChartertextError(
            f"{out}: refusing to write inside the corpus folder {root}. "
            f"Choose an output path outside it (e.g. --out reports/segments.parquet)."
        )


def write_table(frame: pd.DataFrame, target: str | Path, schema: pa.Schema | None = None) -> None:
    """Write a DataFrame atomically as Parquet (``.parquet``) or CSV (anything else, UTF-8)."""
    target = Path(target)
    with atomic_path(target) as tmp:
        if target.suffix.lower() == ".parquet":
            table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
            pq.write_table(table, tmp)
        else:
            frame.to_csv(tmp, index=False, encoding="utf-8")
