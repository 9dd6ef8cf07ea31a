"""Records rebuilt from table rows, shared by the store and the Spark tables.

Both keep an article and its quotes as flat rows with the same column names (``articles`` and
``quotes`` in ``store/schema.py``); they differ only in how list columns arrive (JSON text in
SQL, lists in Parquet), so callers decode those and pass the lists in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .types import Document, Quote, Span, Speaker


class ColumnRow(Protocol):
    """A row by column name: a dict, a Parquet record or a database row."""

    def __getitem__(self, key: str, /) -> Any: ...


def span_from(row: ColumnRow, prefix: str) -> Span | None:
    """The span stored as ``<prefix>_start``, ``<prefix>_end`` and ``<prefix>`` (its text)."""
    if row[f"{prefix}_start"] is None:
        return None
    return Span(int(row[f"{prefix}_start"]), int(row[f"{prefix}_end"]), row[prefix])


def quote_from_row(row: ColumnRow, parts: Iterable[Iterable[int]], topics: Iterable[str]) -> Quote:
    """A quote from its row; ``parts`` as (start, end) pairs, ``topics`` as strings."""
    content = span_from(row, "content")
    if content is None:
        raise ValueError("a quote row has no content span")
    spans = []
    for start, end in parts:
        # parts lie inside the content span, so their text is sliced from it
        spans.append(
            Span(int(start), int(end), content.text[int(start) - content.start : int(end) - content.start])
        )
    return Quote(
        kind=row["kind"],
        content=content,
        cue=span_from(row, "cue"),
        mention=span_from(row, "mention"),
        speaker=Speaker(
            name=row["speaker_name"],
            id=row["speaker_id"],
            confidence=float(row["speaker_confidence"] or 0.0),
            via=row["speaker_via"] or "none",
            is_group=bool(row["speaker_is_group"]),
        ),
        said_on=row["said_on"],
        parts=spans,
        topics=list(topics),
    )


def document_from_row(
    row: ColumnRow, authors: Iterable[str], warnings: Iterable[str], raw: bytes | None = None
) -> Document:
    """An article's document (no quotes, entities or times yet) from its row."""
    return Document(
        source=row["source"],
        text=row["text"],
        clean=bool(row["clean"]),
        headline=row["headline"],
        subtitle=row["subtitle"],
        outlet=row["outlet"],
        agency=row["agency"],
        authors=list(authors),
        dateline=row["dateline"],
        published=row["published"],
        updated=row["updated"],
        language=row["language"],
        body=row["body"],
        id=row["id"],
        url=row["url"],
        input_kind=row["input_kind"],
        warnings=list(warnings),
        raw=raw,
    )
