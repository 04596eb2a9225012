"""The embedding cache's file format: its SQLite schema, application id, keys and checksums.

What makes a file *ours* (the application id in its header), how a vector is keyed (the exact
text's sha256) and checked (a checksum over key, model, shape and bytes), and the SQLite error
codes that mean a file is damaged. :mod:`.cache` opens, repairs and queries files of this format.
"""

from __future__ import annotations

import hashlib
import sqlite3

#: Bump when the table layout or the checksum recipe changes; older files are rebuilt.
SCHEMA_VERSION = 1
#: Written in the SQLite header, so we never rebuild a database that is someone else's.
APPLICATION_ID = 0x43545845  # "CTXE"
#: SQLite primary result codes that mean the file is damaged or not a database.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS embeddings (
    model_id    TEXT    NOT NULL,
    text_sha256 TEXT    NOT NULL,
    dim         INTEGER NOT NULL,
    n_chunks    INTEGER NOT NULL,
    vector      BLOB    NOT NULL,
    checksum    TEXT    NOT NULL,
    PRIMARY KEY (model_id, text_sha256)
);
"""


def text_key(text: str) -> str:
    """sha256 (hex) of the exact text as UTF-8: accents, case and whitespace all count."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _checksum(model_id: str, key: str, dim: int, n_chunks: int, blob: bytes) -> str:
    header = f"{model_id}\0{key}\0{dim}\0{n_chunks}\0".encode()
    return hashlib.sha256(header + blob).hexdigest()


def _write_schema(conn: sqlite3.Connection) -> None:
    """Give a new or emptied cache file its application id, tables and schema version, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    conn.execute("COMMIT")


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # the transaction is already gone; the error that brought us here matters more


def _is_damage(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
