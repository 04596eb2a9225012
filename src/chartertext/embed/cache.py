"""A content-addressed, crash-safe embedding cache in one SQLite file.

Key: (model_id, sha256 of the exact text). Value: the float32 vector bytes, its dimension,
how many chunks it was pooled from, and a checksum over all of these and the key.

Why SQLite rather than DuckDB: it ships with Python, its WAL mode lets several processes
read while one writes (DuckDB lets only one process open a file for writing, and readers
cannot open it meanwhile), each commit is atomic and survives a killed process, and the
workload is key lookups of small blobs, not column scans.

Nothing is trusted blindly, and nothing that is not ours is touched: the cache creates a file
only where none exists, and opens an existing one only if its SQLite header carries the
cache's application id (anything else, even another program's empty database, is refused and
left as it is). A cache of ours that fails SQLite's integrity check is moved aside and
rebuilt; a row whose checksum or dimension is wrong is deleted and recomputed. Each repair is
reported with :class:`EmbeddingCacheWarning`.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from ..atomic import _umask
from ..errors import ChartertextError
from .cache_format import APPLICATION_ID, SCHEMA_VERSION, _checksum, _is_damage, _rollback, _write_schema

#: Keys per ``IN (...)`` lookup, below SQLite's host-parameter limit on old builds.
_LOOKUP_CHUNK = 900

_T = TypeVar("_T")


class EmbeddingCacheWarning(UserWarning):
    """The cache was damaged or out of date; the affected vectors are recomputed."""


def default_cache_path(root: str | os.PathLike[str] | None = None) -> Path:
    """``<root>/models/embeddings.sqlite``, with ``root`` the current directory by default.

    Nothing is created here; the file and its folder appear on first use.
    """
    return Path(root if root is not None else Path.cwd()) / "models" / "embeddings.sqlite"


@dataclass(frozen=True)
class CachedVector:
    """One cached embedding.

    Attributes
    ----------
    vector : ndarray of shape (dim,), float32
    n_chunks : int
        1 for a text that fit in the window, else how many chunks were pooled.
    """

    vector: np.ndarray
    n_chunks: int


class EmbeddingCache:
    """Embedding vectors stored by (model_id, text hash) in a SQLite file.

    Parameters
    ----------
    path : str or path-like or None, default None
        The cache file; None means :func:`default_cache_path` (``models/embeddings.sqlite``
        under the current directory, resolved when the cache is created).
    timeout : float, default 30.0
        Seconds to wait for another process's write to finish before failing.

    Attributes
    ----------
    path : Path
    warnings : list of str
        Every damage found and repaired since this object was created.

    Notes
    -----
    The file is opened on first use. Use one instance per thread. Several processes may
    share a file: readers never block, writers take turns (one transaction per batch).

    Examples
    --------
    >>> with EmbeddingCache(tmp_path / "emb.sqlite") as cache:  # doctest: +SKIP
    ...     result = embed_texts(texts, embedder, cache)
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout = timeout
        self.warnings: list[str] = []
        self._conn: sqlite3.Connection | None = None

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.path)!r})"

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (SQLite folds the write-ahead log back into the file)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- opening, checking, rebuilding -------------------------------------------------

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        warnings.warn(message, EmbeddingCacheWarning, stacklevel=4)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = self._open_checked()
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc):
                    raise self._unusable(exc) from exc
                self._rebuild(f"it is not a readable SQLite database ({exc})")
                try:
                    self._conn = self._open_checked()
                except sqlite3.Error as exc2:
                    raise self._unusable(exc2) from exc2
        return self._conn

    def _unusable(self, exc: BaseException) -> ChartertextError:
        return ChartertextError(
            f"embedding cache {self.path}: cannot be used ({exc.__class__.__name__}: {exc}). "
            "Check that its folder is writable, or pass another cache path."
        )

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: we open every write transaction ourselves, one per batch.
        return sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)

    def _inspect(self, conn: sqlite3.Connection) -> str | None:
        """Return why the file must be rebuilt, "" for a fresh file, None if it is a sound cache."""
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return ""
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise ChartertextError(
                f"embedding cache {self.path}: this SQLite file is not a chartertext embedding "
                f"cache (it holds tables {sorted(tables)}); it was left untouched. "
                "Pass another cache path."
            )
        problems = [r[0] for r in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            return f"SQLite's integrity check failed ({'; '.join(problems[:3])})"
        row = None
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION) or "embeddings" not in tables:
            return f"its schema version is {row[0] if row else 'missing'}, this chartertext writes {SCHEMA_VERSION}"
        return None

    def _create_if_absent(self) -> None:
        """Make the cache file whole beside its path and link it in, so it is never seen half-made.

        Another process starting at the same moment may link its own first; either is a sound
        cache. Without this, a concurrent run could see the new file before its application id
        is written, and refuse it as another program's.
        """
        if self.path.exists():
            return
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".new", dir=self.path.parent)
        os.close(fd)
        try:
            os.chmod(name, 0o666 & ~_umask())  # mkstemp's 0600 would lock out a colleague sharing the cache
            conn = sqlite3.connect(name, isolation_level=None)
            try:
                _write_schema(conn)
            finally:
                conn.close()
            try:
                os.link(name, self.path)
            except FileExistsError:
                pass  # another process made it first
        except (OSError, sqlite3.Error) as exc:
            raise self._unusable(exc) from exc
        finally:
            Path(name).unlink(missing_ok=True)

    def _check_owned(self) -> None:
        """Refuse an existing file that is not ours before SQLite opens (or we rename) it.

        Ours means the SQLite header carries :data:`APPLICATION_ID`; only then may a damaged
        file be moved aside and rebuilt. Anything else (another program's database, even an
        empty one, a text file passed as --cache) is left untouched.
        """
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(100)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise self._unusable(exc) from exc
        if header.startswith(b"SQLite format 3\x00") and len(header) == 100:
            if int.from_bytes(header[68:72], "big", signed=True) == APPLICATION_ID:
                return
            what = "a SQLite database of another program"
        else:
            what = "an empty file" if not header else "not a SQLite database"
        raise ChartertextError(
            f"embedding cache {self.path}: this file is not a chartertext embedding cache ({what}); "
            "it was left untouched. Pass another cache path (--cache), or delete the file if it is yours."
        )

    def _open_checked(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unusable(exc) from exc
        self._create_if_absent()
        self._check_owned()
        conn = self._connect()
        try:
            reason = self._inspect(conn)
        except BaseException:
            conn.close()
            raise
        if reason:
            conn.close()
            self._rebuild(reason)
            self._create_if_absent()
            conn, reason = self._connect(), None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL never corrupts the file; a power cut may drop the last commits.
            conn.execute("PRAGMA synchronous=NORMAL")
            if reason == "":  # ours, but its tables are gone
                _write_schema(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _rebuild(self, reason: str) -> None:
        """Move the damaged file aside (never delete what might be someone's data) and start afresh."""
        self.close()
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
        except OSError as exc:
            raise self._unusable(exc) from exc
        self._warn(
            f"embedding cache {self.path}: {reason}; moved it to {aside.name} and started an empty "
            "cache, so every vector will be recomputed. Delete the .damaged file when you no longer need it."
        )

    def _run(self, action: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``action(conn)``; if SQLite reports damage mid-way, rebuild and run it once more."""
        try:
            return action(self._connection())
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise self._unusable(exc) from exc
            self._rebuild(f"SQLite reported damage while reading or writing ({exc})")
            return action(self._connection())

    # -- public API ---------------------------------------------------------------

    def get(self, model_id: str, keys: Sequence[str], dim: int) -> dict[str, CachedVector]:
        """Look up vectors; damaged or wrong-size rows are deleted, reported, and left out.

        Parameters
        ----------
        model_id : str
        keys : sequence of str
            :func:`text_key` of each text.
        dim : int
            The dimension the embedder produces; rows of another size are not trusted.

        Returns
        -------
        dict of str to CachedVector
            Only the keys found intact.
        """
        unique = list(dict.fromkeys(keys))

        def lookup(conn: sqlite3.Connection) -> list[tuple[str, int, int, bytes, str]]:
            rows = []
            for i in range(0, len(unique), _LOOKUP_CHUNK):
                part = unique[i : i + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(part))
                rows.extend(
                    conn.execute(
                        "SELECT text_sha256, dim, n_chunks, vector, checksum FROM embeddings "
                        f"WHERE model_id = ? AND text_sha256 IN ({marks})",
                        (model_id, *part),
                    )
                )
            return rows

        found: dict[str, CachedVector] = {}
        bad_checksum: list[str] = []
        bad_dim: list[str] = []
        for key, row_dim, n_chunks, blob, checksum in self._run(lookup):
            blob = bytes(blob)
            if _checksum(model_id, key, row_dim, n_chunks, blob) != checksum:
                bad_checksum.append(key)
            elif row_dim != dim or len(blob) != 4 * dim:
                bad_dim.append(key)
            else:
                found[key] = CachedVector(np.frombuffer(blob, dtype="<f4").astype(np.float32), int(n_chunks))
        bad = bad_checksum + bad_dim
        if bad:
            def delete(conn: sqlite3.Connection) -> None:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany(
                        "DELETE FROM embeddings WHERE model_id = ? AND text_sha256 = ?", [(model_id, k) for k in bad]
                    )
                except BaseException:
                    _rollback(conn)
                    raise
                conn.execute("COMMIT")

            self._run(delete)
            self._warn(
                f"embedding cache {self.path}: discarded {len(bad_checksum)} vector(s) failing their checksum "
                f"and {len(bad_dim)} of the wrong size (expected dim {dim}) for {model_id}; they will be recomputed."
            )
        return found

    def put(self, model_id: str, rows: Iterable[tuple[str, np.ndarray, int]]) -> None:
        """Store vectors in one transaction: all of them are saved, or none.

        Parameters
        ----------
        model_id : str
        rows : iterable of (key, vector, n_chunks)
            ``vector`` of shape (dim,), stored as little-endian float32.
        """
        records = []
        for key, vector, n_chunks in rows:
            v = np.ascontiguousarray(vector, dtype="<f4").ravel()
            blob = v.tobytes()
            n = int(n_chunks)
            records.append((model_id, key, v.size, n, blob, _checksum(model_id, key, v.size, n, blob)))
        if not records:
            return

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR REPLACE INTO embeddings(model_id, text_sha256, dim, n_chunks, vector, checksum) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    records,
                )
            except BaseException:
                _rollback(conn)
                raise
            conn.execute("COMMIT")

        self._run(write)

    def count(self, model_id: str | None = None) -> int:
        """Number of cached vectors, for one model or all."""
        if model_id is None:
            return self._run(lambda c: c.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])
        return self._run(
            lambda c: c.execute("SELECT COUNT(*) FROM embeddings WHERE model_id = ?", (model_id,)).fetchone()[0]
        )
