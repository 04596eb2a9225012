"""Writing outputs so that no reader ever sees a half-written file."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .csvsafe import neutralise_frame
from .errors import ChartertextError


@contextmanager
def atomic_path(target: str | Path, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one rename.

    On failure the temporary file is removed and ``target`` is left as it was. The file is
    made readable as the umask allows, or by its owner only (0600) when ``private``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files; a report is meant to be shared, so use the umask's usual mode.
        os.chmod(tmp_path, 0o600 if private else 0o666 & ~_umask())
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


#: The file every output folder chartertext writes carries; ``--force`` replaces only such folders.
OUTPUT_MARKER = ".chartertext-output"
_MARKER_TEXT = "This folder was written by chartertext; `--force` may replace it as a whole.\n"


def check_output_folder(out: str | Path, *, force: bool, corpus_root: str | Path | None = None) -> None:
    """Refuse an output folder that chartertext must not create or replace.

    ``out`` may never be, nor hold, the corpus, the working folder or the home folder (a
    replaced folder is deleted with everything in it). An existing ``out`` needs ``force``,
    and is replaced only if it is empty or carries :data:`OUTPUT_MARKER` (chartertext wrote it).

    Raises
    ------
    ChartertextError
        Naming the folder, the reason and the fix.
    """
    shown, target = Path(out), Path(out).expanduser().resolve()
    protected = [(Path.cwd().resolve(), "the working folder"), (Path.home().resolve(), "your home folder")]
    if corpus_root is not None:
        refuse_inside(target, corpus_root)
        protected.insert(0, (Path(corpus_root).resolve(), "the corpus folder"))
    for folder, what in protected:
        if folder == target or folder.is_relative_to(target):
            holds = "is" if folder == target else "holds"
            raise ChartertextError(
                f"{shown}: refusing to use it as the output folder: it {holds} {what} ({folder}), which would be "
                f"replaced. Give a new folder for the output, e.g. --out {target / 'chartertext-report'}."
            )
    if not target.exists():
        return
    if not target.is_dir():
        raise ChartertextError(f"{shown}: exists and is not a folder. Choose another --out.")
    if not force:
        raise ChartertextError(f"{shown}: already exists. Choose another --out, or add --force to replace it.")
    if not (target / OUTPUT_MARKER).is_file() and any(target.iterdir()):
        raise ChartertextError(
            f"{shown}: refusing to replace it: it was not written by chartertext (no {OUTPUT_MARKER} file in it), "
            f"and --force would delete everything in it. Choose a new folder for --out, or empty or remove it yourself."
        )


def mark_output_folder(folder: str | Path) -> None:
    """Leave :data:`OUTPUT_MARKER` in a folder chartertext writes, so a later ``--force`` may replace it."""
    (Path(folder) / OUTPUT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def write_table(frame: pd.DataFrame, target: str | Path, schema: pa.Schema | None = None) -> None:
    """Write a DataFrame atomically as Parquet (``.parquet``) or CSV (anything else, UTF-8).

    CSV text cells that a spreadsheet would run as formulas are neutralised (:mod:`chartertext.csvsafe`).
    """
    target = Path(target)
    with atomic_path(target) as tmp:
        if target.suffix.lower() == ".parquet":
            table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
            pq.write_table(table, tmp)
        else:
            neutralise_frame(frame).to_csv(tmp, index=False, encoding="utf-8")


def write_json(value: Any, target: str | Path) -> None:
    """Write ``value`` atomically as sorted, indented UTF-8 JSON (accents as themselves, no NaN)."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
