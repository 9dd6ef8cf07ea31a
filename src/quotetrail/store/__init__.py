"""The store: articles, quotes, entities, mentions, times, stories and statements.

``open_store(url)`` picks the backend from the URL: a path or ``sqlite:///path`` gives the
embedded SQLite store (the default); ``postgresql://…`` the PostgreSQL one.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .sqlite import SQLiteStore

__all__ = ["SQLiteStore", "open_store"]


def open_store(url: str) -> SQLiteStore:
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available in this version", source=url)
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return SQLiteStore(Path(path))
