"""Stored results of deterministic computations, in the embedding cache's SQLite file.

A re-run with nothing changed should cost little more than reading its inputs: the embedding
cache keeps vectors by text hash, and this table keeps any other stage's result by the hash of
its inputs (the resampling of convergence and alignment, a fitted topic model). One file, one
connection, the same ownership checks and repairs as the vectors (:class:`.EmbeddingCache`).

Values are opaque bytes to this table (:mod:`chartertext.memo` encodes them, never with
pickle: a cache file shared with colleagues must not be able to run code). Each row carries a
checksum; a row that fails it is deleted, reported, and its result recomputed.
"""

from __future__ import annotations

import hashlib
import sqlite3

from .cache import EmbeddingCache
from .cache_format import _rollback

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    namespace TEXT NOT NULL,
    key       TEXT NOT NULL,
    value     BLOB NOT NULL,
    checksum  TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
)
"""


class ResultStore:
    """Results by (namespace, input hash), beside the vectors of an :class:`.EmbeddingCache`.

    Parameters
    ----------
    cache : EmbeddingCache
        Its file holds the table (created on first use: files made before it stay valid).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with EmbeddingCache(pathlib.Path(tempfile.mkdtemp()) / "emb.sqlite") as cache:
    ...     store = ResultStore(cache)
    ...     store.put("demo", "k1", b"bytes")
    ...     store.get("demo", "k1"), store.get("demo", "other")
    (b'bytes', None)
    """

    def __init__(self, cache: EmbeddingCache) -> None:
        self.cache = cache
        self._ready = False

    def __repr__(self) -> str:
        return f"ResultStore({str(self.cache.path)!r})"

    def _run(self, action):  # type: ignore[no-untyped-def]
        def with_table(conn: sqlite3.Connection):  # type: ignore[no-untyped-def]
            if not self._ready:
                conn.execute(_SCHEMA)
                self._ready = True
            return action(conn)

        return self.cache._run(with_table)

    def get(self, namespace: str, key: str) -> bytes | None:
        """The stored bytes, or None when absent or damaged (a damaged row is deleted and reported)."""
        row = self._run(
            lambda c: c.execute(
                "SELECT value, checksum FROM results WHERE namespace = ? AND key = ?", (namespace, key)
            ).fetchone()
        )
        if row is None:
            return None
        value = bytes(row[0])
        if _checksum(namespace, key, value) == row[1]:
            return value
        self.delete(namespace, key)
        self.cache._warn(
            f"embedding cache {self.cache.path}: a stored {namespace} result failed its checksum; "
            "it was discarded and will be recomputed."
        )
        return None

    def put(self, namespace: str, key: str, value: bytes) -> None:
        """Store ``value`` (replacing any earlier one), in one transaction."""
        record = (namespace, key, value, _checksum(namespace, key, value))
        self._write("INSERT OR REPLACE INTO results(namespace, key, value, checksum) VALUES (?, ?, ?, ?)", record)

    def delete(self, namespace: str, key: str) -> None:
        self._write("DELETE FROM results WHERE namespace = ? AND key = ?", (namespace, key))

    def count(self, namespace: str | None = None) -> int:
        """Number of stored results, in one namespace or all."""
        if namespace is None:
            return self._run(lambda c: c.execute("SELECT COUNT(*) FROM results").fetchone()[0])
        return self._run(
            lambda c: c.execute("SELECT COUNT(*) FROM results WHERE namespace = ?", (namespace,)).fetchone()[0]
        )

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(sql, params)
            except BaseException:
                _rollback(conn)
                raise
            conn.execute("COMMIT")

        self._run(write)


def _checksum(namespace: str, key: str, value: bytes) -> str:
    return hashlib.sha256(f"{namespace}\0{key}\0".encode() + value).hexdigest()
