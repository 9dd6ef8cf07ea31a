"""Bring a Spark run's Parquet tables into a SQLite or PostgreSQL store.

Needs pyarrow only (not Spark). The job writes every table from the same partitions, one per
WARC file, so ``part-00007`` of ``articles`` and ``part-00007`` of ``quotes`` hold the same
articles: the loader reads one part at a time and memory stays bounded by one WARC's output. If
the tables were rewritten with other partitioning, it notices and reads them whole instead.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..store.base import Store
from ..types import Document
from .tables import TABLES, documents_from_rows

log = logging.getLogger(__name__)

_PART = re.compile(r"part-(\d+)")
_CHILDREN = ("quotes", "entities", "mentions", "times")


@dataclass(slots=True)
class LoadSummary:
    articles: int = 0
    errors: int = 0
    containers: int = 0


def _part_files(directory: Path, table: str) -> dict[int, list[Path]]:
    folder = directory / table
    files: dict[int, list[Path]] = defaultdict(list)
    if not folder.is_dir():
        return files
    for path in sorted(folder.glob("*.parquet")):
        match = _PART.search(path.name)
        files[int(match.group(1)) if match else -1].append(path)
    return files


def _rows(paths: list[Path]) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for path in paths:
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def _ids(paths: list[Path], column: str) -> set[str]:
    import pyarrow.parquet as pq

    ids: set[str] = set()
    for path in paths:
        ids.update(pq.read_table(path, columns=[column]).column(column).to_pylist())
    return ids


def _groups(directory: Path) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Table rows, one WARC's part at a time (or everything at once if parts do not line up)."""
    files = {table: _part_files(directory, table) for table in TABLES}
    parts = sorted(set().union(*(f.keys() for f in files.values())))
    # Check the alignment on the id columns alone before reading any text.
    aligned = all(
        _ids(files[table].get(part, []), "article_id") <= _ids(files["articles"].get(part, []), "id")
        for part in parts
        for table in _CHILDREN
    )
    if not aligned:
        log.warning("%s: tables are not partitioned alike; reading them whole", directory)
        yield {table: _rows([p for paths in files[table].values() for p in paths]) for table in TABLES}
        return
    for part in parts:
        yield {table: _rows(files[table].get(part, [])) for table in TABLES if table != "errors"}


def read_documents(directory: str | Path) -> Iterator[tuple[Document, str | None]]:
    """(document record, container) for every article in a Spark run's output."""
    root = Path(directory)
    if not (root / "articles").is_dir():
        raise StoreError("not a quotetrail Spark output (no articles table)", source=str(root))
    for group in _groups(root):
        yield from documents_from_rows(group)


def read_errors(directory: str | Path) -> Iterator[dict[str, Any]]:
    """The errors table's rows: source, container, error, stage."""
    for paths in _part_files(Path(directory), "errors").values():
        yield from _rows(paths)


def load_parquet(directory: str | Path, store: Store, *, batch: int = 200) -> LoadSummary:
    """Store every article (with quotes, entities, mentions, times) and record every error.

    Idempotent like ingest: loading the same output twice leaves one copy. Each container (WARC)
    in the output is then marked done, so ``quotetrail ingest`` of the same file skips it, except
    a file whose task failed part-way (a ``task`` error row), which ingest will finish.
    """
    root = Path(directory)
    if not (root / "_SUCCESS").exists() and not (root / "articles" / "_SUCCESS").exists():
        log.warning("%s: no _SUCCESS marker; the Spark job may not have finished", root)
    summary = LoadSummary()
    per_container: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    pending: dict[str | None, list[Document]] = defaultdict(list)

    def flush(container: str | None) -> None:
        docs = pending.pop(container, [])
        if docs:
            store.save_documents(docs, container)

    for doc, container in read_documents(root):
        pending[container].append(doc)
        summary.articles += 1
        if container:
            per_container[container][0] += 1
        if len(pending[container]) >= batch:
            flush(container)
    for container in list(pending):
        flush(container)
    broken: set[str] = set()  # files whose task failed part-way: not done, ingest may redo them
    for error in read_errors(root):
        store.record_failure(error["source"], error["error"], error["container"])
        summary.errors += 1
        if error["container"]:
            per_container[error["container"]][1] += 1
            if error["stage"] == "task":
                broken.add(error["container"])
    for container, (stored, failed) in per_container.items():
        store.mark_input(container, "started" if container in broken else "done", stored, failed)
    summary.containers = len(per_container)
    return summary
