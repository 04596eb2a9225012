"""The segments table, appended partition by partition to a Parquet file instead of held in memory."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..atomic import atomic_path
from ..records import SEGMENT_SCHEMA, Document, Segment

__all__ = ["SegmentSpool", "segments_table"]


class SegmentSpool:
    """The segments table, appended partition by partition to a Parquet file.

    Use as a context manager: the file lives in a fresh temporary directory (``TMPDIR``), removed
    on exit even on error. With ``target``, the file is written beside ``target`` instead and
    renamed to it when the block ends without error, so a caller can publish the table without
    a second copy (it reads back in pandas as ``atomic.write_table`` would have written it).

    Parameters
    ----------
    target : Path or None, default None
        Where to leave the finished Parquet file.
    """

    def __init__(self, target: Path | None = None) -> None:
        self.target = target
        self._stack = contextlib.ExitStack()
        self._writer: pq.ParquetWriter | None = None
        self.path: Path | None = None

    def __enter__(self) -> SegmentSpool:
        if self.target is None:
            folder = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="chartertext-segments-")))
            self.path = folder / "segments.parquet"
        else:
            # atomic_path renames on a clean exit only: a failed ingestion leaves no target behind.
            self.path = self._stack.enter_context(atomic_path(self.target))
        self._writer = pq.ParquetWriter(self.path, _file_schema())
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._writer is not None:
                self._writer.close()
        finally:
            self._stack.__exit__(*exc_info)

    def write(self, table: pa.Table) -> None:
        """Append ``table`` (schema ``records.SEGMENT_SCHEMA``) as one row group."""
        if self._writer is None:
            raise RuntimeError("SegmentSpool.write outside its `with` block")
        if table.num_rows:
            self._writer.write_table(table.replace_schema_metadata(_file_schema().metadata))

    def read(self) -> pa.Table:
        """Close the writer and read the whole table back (schema ``SEGMENT_SCHEMA``, no metadata)."""
        if self._writer is None or self.path is None:
            raise RuntimeError("SegmentSpool.read outside its `with` block")
        self._writer.close()
        return pq.read_table(self.path).replace_schema_metadata(None)


@functools.cache
def _file_schema() -> pa.Schema:
    """``SEGMENT_SCHEMA`` with the pandas metadata ``atomic.write_table`` would add for the segments frame.

    So a spooled file kept as the user's ``segments.parquet`` reads back in pandas exactly as
    one written from ``Corpus.segments``.
    """
    empty = pa.Table.from_pylist([], schema=SEGMENT_SCHEMA)
    frame = empty.to_pandas(types_mapper=lambda t: pd.StringDtype() if pa.types.is_string(t) else None)
    return pa.Table.from_pandas(frame, schema=SEGMENT_SCHEMA, preserve_index=False).schema


def segments_table(items: Iterable[tuple[Document, Sequence[Segment]]]) -> pa.Table:
    """The segments table (schema ``records.SEGMENT_SCHEMA``) for documents and their segments."""
    columns: dict[str, list] = {name: [] for name in SEGMENT_SCHEMA.names}
    for doc, segments in items:
        for seg in segments:
            for name, value in dataclasses.asdict(seg).items():
                columns[name].append(value)
        n = len(segments)
        columns["group"].extend([doc.group] * n)
        columns["date"].extend([doc.date] * n)
        columns["doc_kind"].extend([doc.kind] * n)
    return pa.table(columns, schema=SEGMENT_SCHEMA)
