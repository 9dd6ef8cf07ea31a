"""The embedded SQLite store.

One writer connection, guarded by a lock, takes every write (WAL mode, so readers never wait for
it); each reading thread gets its own connection. Other processes may write the same file: a
write transaction starts with ``BEGIN IMMEDIATE`` and waits up to 30 s for the file lock. All the
SQL lives in :class:`~quotetrail.store.base.Store`; this module only connects and spells FTS5.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .base import Store, alias_key, search_terms

__all__ = ["SQLiteStore", "alias_key", "fts_query"]

log = logging.getLogger(__name__)


class SQLiteStore(Store):
    dialect = "sqlite"
    types = {"blob": "BLOB", "autoinc": "INTEGER PRIMARY KEY AUTOINCREMENT", "real": "REAL"}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = self._connect()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the SQLite store: {exc}", source=str(path)) from exc
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._migrate()

    # -- connections -------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._write_lock:
            self._writer.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __enter__(self) -> SQLiteStore:
        return self

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The single writer, in one transaction: all or nothing."""
        with self._write_lock:
            conn = self._writer
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot start a write: {exc}", source=self.url) from exc
            try:
                yield conn
            except BaseException as exc:
                conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"write failed: {exc}", source=self.url) from exc
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    conn.execute("ROLLBACK")
                    raise StoreError(f"commit failed: {exc}", source=self.url) from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._reader().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"query failed: {exc}", source=self.url) from exc

    def _text_match(self, text: str) -> tuple[str, str, list[Any]]:
        return "JOIN quotes_fts ON quotes_fts.rowid = q.rowid", "quotes_fts MATCH ?", [fts_query(text)]


def fts_query(text: str) -> str:
    """User words as an FTS5 query of quoted terms: operators in the input are never interpreted."""
    return " ".join(f'"{t}"' for t in search_terms(text)) or '""'
