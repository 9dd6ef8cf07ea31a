"""The Parquet tables a Spark run writes, and the way between them and document records.

One definition of every column serves the Spark job (as Spark DDL), the loader and the tests, so
the tables and :class:`~quotetrail.types.Document` cannot drift apart: ``document_rows`` flattens a
record into rows, ``documents_from_rows`` puts it back together, field for field and in the same
order (each child row carries its ``position``). docs/spark.md describes the columns for readers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..rows import document_from_row, quote_from_row
from ..types import Document, Entity, Span, TimeExpression

#: table → [(column, Spark SQL type)], in column order.
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"),
        ("source", "string"),
        ("container", "string"),
        ("url", "string"),
        ("outlet", "string"),
        ("headline", "string"),
        ("subtitle", "string"),
        ("agency", "string"),
        ("authors", "array<string>"),
        ("dateline", "string"),
        ("published", "string"),
        ("updated", "string"),
        ("language", "string"),
        ("body", "string"),
        ("text", "string"),
        ("clean", "boolean"),
        ("input_kind", "string"),
        ("warnings", "array<string>"),
    ],
    "quotes": [
        ("article_id", "string"),
        ("position", "int"),
        ("kind", "string"),
        ("content_start", "int"),
        ("content_end", "int"),
        ("content", "string"),
        ("cue_start", "int"),
        ("cue_end", "int"),
        ("cue", "string"),
        ("mention_start", "int"),
        ("mention_end", "int"),
        ("mention", "string"),
        ("speaker_name", "string"),
        ("speaker_id", "string"),
        ("speaker_confidence", "double"),
        ("speaker_via", "string"),
        ("speaker_is_group", "boolean"),
        ("said_on", "string"),
        ("parts", "array<array<int>>"),
        ("topics", "array<string>"),
    ],
    "entities": [
        ("article_id", "string"),
        ("position", "int"),
        ("entity_id", "string"),
        ("name", "string"),
        ("type", "string"),
        ("roles", "array<string>"),
        ("aliases", "array<string>"),
        ("confidence", "double"),
    ],
    "mentions": [
        ("article_id", "string"),
        ("entity_id", "string"),
        ("position", "int"),
        ("start", "int"),
        ("end", "int"),
        ("text", "string"),
    ],
    "times": [
        ("article_id", "string"),
        ("position", "int"),
        ("start", "int"),
        ("end", "int"),
        ("text", "string"),
        ("value", "string"),
        ("granularity", "string"),
        ("reason", "string"),
    ],
    "errors": [
        ("source", "string"),
        ("container", "string"),
        ("error", "string"),
        ("stage", "string"),
    ],
}


def ddl(table: str) -> str:
    """The table's schema as a Spark DDL string (``"id STRING, …"``)."""
    return ", ".join(f"`{name}` {kind}" for name, kind in TABLES[table])


def columns(table: str) -> list[str]:
    return [name for name, _kind in TABLES[table]]


def _span(span: Span | None) -> tuple[int | None, int | None, str | None]:
    return (span.start, span.end, span.text) if span else (None, None, None)


def document_rows(doc: Document, container: str | None) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) pairs for one document record; a failed document is one ``errors`` row."""
    if doc.error or not doc.id:
        yield "errors", (doc.source, container, doc.error or "document has no id", "document")
        return
    yield (
        "articles",
        (
            doc.id,
            doc.source,
            container,
            doc.url,
            doc.outlet,
            doc.headline,
            doc.subtitle,
            doc.agency,
            list(doc.authors),
            doc.dateline,
            doc.published,
            doc.updated,
            doc.language,
            doc.body,
            doc.text,
            bool(doc.clean),
            doc.input_kind,
            list(doc.warnings),
        ),
    )
    for position, quote in enumerate(doc.statements()):
        speaker = quote.speaker
        yield (
            "quotes",
            (
                doc.id,
                position,
                quote.kind,
                *_span(quote.content),
                *_span(quote.cue),
                *_span(quote.mention),
                speaker.name,
                speaker.id,
                float(speaker.confidence),
                speaker.via,
                bool(speaker.is_group),
                quote.said_on,
                [[p.start, p.end] for p in quote.parts],
                list(quote.topics),
            ),
        )
    for position, entity in enumerate(doc.entities):
        yield (
            "entities",
            (
                doc.id,
                position,
                entity.id,
                entity.name,
                entity.type,
                list(entity.roles),
                list(entity.aliases),
                float(entity.confidence),
            ),
        )
        for index, mention in enumerate(entity.mentions):
            yield "mentions", (doc.id, entity.id, index, mention.start, mention.end, mention.text)
    for position, time in enumerate(doc.times):
        yield (
            "times",
            (doc.id, position, time.start, time.end, time.text, time.value, time.granularity, time.reason),
        )


def documents_from_rows(
    tables: Mapping[str, Iterable[Mapping[str, Any]]],
) -> Iterator[tuple[Document, str | None]]:
    """Rebuild (document, container) from table rows (dicts by column name), in article row order.

    Child rows whose article is not among ``tables["articles"]`` are ignored.
    """
    children: dict[str, dict[str, list[Mapping[str, Any]]]] = {
        name: defaultdict(list) for name in ("quotes", "entities", "mentions", "times")
    }
    for name, grouped in children.items():
        for row in tables.get(name, ()):
            grouped[row["article_id"]].append(row)
    for a in tables.get("articles", ()):
        doc = document_from_row(a, a["authors"] or [], a["warnings"] or [])
        for q in sorted(children["quotes"].get(doc.id or "", []), key=lambda r: r["position"]):
            doc.quotes.append(quote_from_row(q, q.get("parts") or [], q.get("topics") or []))
        mentions: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for m in children["mentions"].get(doc.id or "", []):
            mentions[m["entity_id"]].append(m)
        for e in sorted(children["entities"].get(doc.id or "", []), key=lambda r: r["position"]):
            doc.entities.append(
                Entity(
                    id=e["entity_id"],
                    name=e["name"],
                    type=e["type"],
                    mentions=[
                        Span(int(m["start"]), int(m["end"]), m["text"])
                        for m in sorted(mentions.get(e["entity_id"], []), key=lambda r: r["position"])
                    ],
                    roles=list(e["roles"] or []),
                    aliases=list(e["aliases"] or []),
                    confidence=float(e["confidence"]),
                )
            )
        doc.times = [
            TimeExpression(
                int(t["start"]), int(t["end"]), t["text"], t["value"], t["granularity"], t["reason"]
            )
            for t in sorted(children["times"].get(doc.id or "", []), key=lambda r: r["position"])
        ]
        yield doc, a["container"]
