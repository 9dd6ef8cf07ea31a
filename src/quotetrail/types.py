"""Typed records that flow between the pipeline's stages.

Every record is a dataclass with ``to_dict``/``from_dict`` so the same objects cross process
pools, Spark tasks and the store unchanged. :class:`Document` serialises to the document record
fixed in the project's OUTPUT contract (fields may be added there, never renamed).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "partial", "indirect", "mixed"]
EntityType = Literal["person", "organization", "place", "group", "other"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's ``text``: ``text[start:end] == span.text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        if not data:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(slots=True)
class Speaker:
    """Who a quote is attributed to; ``name`` is None when we could not tell."""

    name: str | None = None
    id: str | None = None
    confidence: float = 0.0
    # How the speaker was found: "name", "role", "pronoun", "continuation", "group", "writing"
    # (the author of a tweet, statement or ad named as its owner: "Trump's tweet said"), "none".
    via: str = "none"
    is_group: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "id": self.id,
            "confidence": round(self.confidence, 3),
            "via": self.via,
            "is_group": self.is_group,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Speaker:
        data = data or {}
        return cls(
            name=data.get("name"),
            id=data.get("id"),
            confidence=float(data.get("confidence") or 0.0),
            via=str(data.get("via") or "none"),
            is_group=bool(data.get("is_group", False)),
        )


@dataclass(slots=True)
class Quote:
    kind: QuoteKind
    content: Span
    cue: Span | None = None
    mention: Span | None = None
    speaker: Speaker = field(default_factory=Speaker)
    said_on: str | None = None
    # The quoted words themselves when a frame breaks the quote ("X," he said, "Y"): ``content``
    # then runs from the first to the last quoted word, as annotation schemes mark it, and
    # ``parts`` holds each quoted stretch without the reporter's words between them.
    parts: list[Span] = field(default_factory=list)
    # Key phrases and names in the quote (NATO, security guarantee), for topic search and linking.
    topics: list[str] = field(default_factory=list)
    # An attribution of PolNeAR's wider scope, reported only when asked for it: a stance,
    # intention or appearance ("supported Clinton", "vowed to repeal it", "appears to be
    # slipping"), or what the trained tagger marks where the rules found nothing. Not a statement.
    stance: bool = False

    @property
    def words(self) -> str:
        """What the speaker said, without a breaking frame: the parts joined, else the content."""
        if len(self.parts) > 1:
            return " … ".join(p.text.strip() for p in self.parts)
        return self.content.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": self.content.to_dict(),
            "parts": [p.to_dict() for p in self.parts],
            "topics": list(self.topics),
            "cue": self.cue.to_dict() if self.cue else None,
            "mention": self.mention.to_dict() if self.mention else None,
            "speaker": self.speaker.to_dict(),
            "said_on": self.said_on,
            "stance": self.stance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        content = Span.from_dict(data["content"])
        assert content is not None
        return cls(
            kind=data["kind"],
            content=content,
            cue=Span.from_dict(data.get("cue")),
            mention=Span.from_dict(data.get("mention")),
            speaker=Speaker.from_dict(data.get("speaker")),
            said_on=data.get("said_on"),
            parts=[p for p in (Span.from_dict(x) for x in data.get("parts") or []) if p],
            topics=list(data.get("topics") or []),
            stance=bool(data.get("stance", False)),
        )


@dataclass(slots=True)
class Entity:
    """One person, organisation or place within a document, with every mention of it."""

    id: str
    name: str
    type: str
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": [m.to_dict() for m in self.mentions],
            "roles": list(self.roles),
            "aliases": list(self.aliases),
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            name=data["name"],
            type=data["type"],
            mentions=[m for m in (Span.from_dict(x) for x in data.get("mentions") or []) if m],
            roles=list(data.get("roles") or []),
            aliases=list(data.get("aliases") or []),
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class TimeExpression:
    """A time expression in the text, resolved against the publication time.

    ``value`` keeps the granularity: ``2025-09-02`` (day), ``2025-08`` (month), ``2022`` (year),
    ``199X`` (decade); None with ``reason`` set when it cannot be resolved.
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "granularity": self.granularity,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeExpression:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            value=data.get("value"),
            granularity=data.get("granularity"),
            reason=data.get("reason"),
        )


@dataclass(slots=True)
class RawInput:
    """One document as it arrived, before extraction.

    ``kind`` says how to read ``content``: ``html``, ``text`` (a flattened scrape) or
    ``clean`` (already clean article text, taken verbatim).
    """

    source: str
    content: bytes
    kind: Literal["html", "text", "clean"]
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    # The container the document came from (a WARC, feed or JSONL file), for resumable batches.
    container: str | None = None
    encoding: str | None = None


@dataclass(slots=True)
class Document:
    """A document record: the article, its quotes, entities and time expressions."""

    source: str
    error: str | None = None
    text: str = ""
    clean: bool = True
    headline: str | None = None
    subtitle: str | None = None
    outlet: str | None = None
    agency: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    body: str = ""
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    # Fields beyond the contract's minimum.
    id: str | None = None
    url: str | None = None
    input_kind: str | None = None
    warnings: list[str] = field(default_factory=list)
    raw: bytes | None = field(default=None, repr=False)
    # The file (WARC, feed, JSONL, page) the document came from; batches resume by it.
    container: str | None = None
    # ``raw`` as the store keeps it (zlib), when a pool worker has compressed it already so that
    # the single store writer does not have to; never part of the record.
    raw_compressed: bytes | None = field(default=None, repr=False)

    def statements(self) -> list[Quote]:
        """The quotes that are statements: what the store keeps, searches and links (stances
        of the "attributions" scope are in the record only)."""
        return [q for q in self.quotes if not q.stance]

    def to_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "error": self.error,
            "text": self.text,
            "clean": self.clean,
            "headline": self.headline,
            "subtitle": self.subtitle,
            "outlet": self.outlet,
            "agency": self.agency,
            "authors": list(self.authors),
            "dateline": self.dateline,
            "published": self.published,
            "updated": self.updated,
            "language": self.language,
            "body": self.body,
            "quotes": [q.to_dict() for q in self.quotes],
            "entities": [e.to_dict() for e in self.entities],
            "times": [t.to_dict() for t in self.times],
            "id": self.id,
            "url": self.url,
            "input_kind": self.input_kind,
            "warnings": list(self.warnings),
        }
        if include_raw and self.raw is not None:
            import base64

            out["raw"] = base64.b64encode(self.raw).decode("ascii")
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        raw = data.get("raw")
        if isinstance(raw, str):
            import base64

            raw = base64.b64decode(raw)
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["quotes"] = [Quote.from_dict(q) for q in data.get("quotes") or []]
        kwargs["entities"] = [Entity.from_dict(e) for e in data.get("entities") or []]
        kwargs["times"] = [TimeExpression.from_dict(t) for t in data.get("times") or []]
        kwargs["authors"] = list(data.get("authors") or [])
        kwargs["warnings"] = list(data.get("warnings") or [])
        kwargs["raw"] = raw
        return cls(**kwargs)

    @classmethod
    def failed(cls, source: str, error: str, *, raw: bytes | None = None) -> Document:
        return cls(source=source, error=error, raw=raw)
