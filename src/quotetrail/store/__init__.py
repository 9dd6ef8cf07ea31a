"""The store: articles, quotes, entities, mentions, times, stories and statements.

``open_store(url)`` picks the backend from the URL: a path or ``sqlite:///path`` gives the
embedded SQLite store (the default); ``postgresql://…`` (or ``postgres://…``) the PostgreSQL one.
Both have the same public API (:class:`Store`), schema and migrations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .base import Store, alias_key, article_where
from .sqlite import SQLiteStore

if TYPE_CHECKING:
    from .postgres import PostgresStore

__all__ = [
    "PostgresStore",
    "SQLiteStore",
    "Store",
    "alias_key",
    "article_where",
    "is_postgres_url",
    "open_store",
]


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str) -> Store:
    """The store at ``url``: a SQLite path/``sqlite:///path``, or a ``postgresql://`` URL."""
    if is_postgres_url(url):
        from .postgres import PostgresStore

        return PostgresStore(url)
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return SQLiteStore(Path(path))


def __getattr__(name: str) -> object:
    # PostgresStore is imported on first use so that SQLite users never need psycopg.
    if name == "PostgresStore":
        from .postgres import PostgresStore

        return PostgresStore
    raise AttributeError(name)
