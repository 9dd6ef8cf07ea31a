"""Stores and in-process clients for the server tests (test_api, test_security, test_browser).

Documents are built here from plain sentences, with quote and mention spans computed from the
text, so the server tests never depend on the quote extractor's progress. Statements, stories
and syndication are written as the other stages would write them (their tables in schema.py).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from quotetrail.store import open_store
from quotetrail.types import Document, Entity, Quote, Span, Speaker

TOKEN = "test-token-0123456789"


@dataclass
class Said:
    """One reported utterance: ``{name} {cue} "{words}".`` (kind ``direct``)."""

    speaker_id: str | None
    name: str
    words: str
    cue: str = "said"
    kind: str = "direct"
    said_on: str | None = None


@dataclass
class Article:
    id: str
    headline: str
    outlet: str
    published: str
    said: list[Said] = field(default_factory=list)
    lead: str = "The talks went on for hours."
    url: str | None = None
    raw: bytes | None = b"raw page text"
    subtitle: str | None = None


ROLES = {"putin": ["President of Russia"], "fico": ["Prime Minister of Slovakia"]}
ALIASES = {"putin": ["Putin", "Vladimir Putin"], "fico": ["Fico", "Robert Fico"]}


def build_document(article: Article) -> Document:
    """A stored-ready document whose quote, cue and mention spans index its text exactly."""
    text = article.lead
    quotes: list[Quote] = []
    entities: dict[str, Entity] = {}
    for said in article.said:
        text += " "
        mention_start = len(text)
        text += said.name
        mention = Span.of(text, mention_start, len(text))
        text += " "
        cue = Span.of(text, len(text), len(text) + len(said.cue))
        text += said.cue + ' "'
        content_start = len(text)
        text += said.words
        content = Span.of(text, content_start, len(text))
        text += '".'
        quotes.append(
            Quote(
                kind=said.kind,  # type: ignore[arg-type]
                content=content,
                cue=cue,
                mention=mention,
                speaker=Speaker(name=said.name, id=said.speaker_id, confidence=0.9, via="name"),
                said_on=said.said_on,
            )
        )
        if said.speaker_id:
            entity = entities.setdefault(
                said.speaker_id,
                Entity(
                    id=said.speaker_id,
                    name=said.name,
                    type="person",
                    roles=ROLES.get(said.speaker_id, []),
                    aliases=ALIASES.get(said.speaker_id, []),
                ),
            )
            entity.mentions.append(mention)
    return Document(
        source=f"{article.id}.txt",
        text=text,
        body=text,
        headline=article.headline,
        subtitle=article.subtitle,
        outlet=article.outlet,
        published=article.published,
        language="en",
        quotes=quotes,
        entities=list(entities.values()),
        id=article.id,
        url=article.url,
        input_kind="text",
        raw=article.raw,
    )


NATO_WORDS = "NATO expansion is a threat to our security"
ARTICLES = [
    Article(
        "a1",
        "Putin warns on NATO",
        "rt.com",
        "2025-09-02T10:06:00+00:00",
        [
            Said("putin", "Vladimir Putin", NATO_WORDS, said_on="2025-09-02"),
            Said("fico", "Robert Fico", "The EU resembles a toad at the bottom of a well", cue="told"),
        ],
        url="https://www.rt.com/news/a1",
    ),
    Article(
        "a2",
        "Kremlin repeats NATO warning",
        "tass.com",
        "2025-09-03T08:00:00+00:00",
        [
            Said("putin", "Vladimir Putin", "NATO expansion is a threat to the security of Russia"),
        ],
        url="https://tass.com/a2",
    ),
    Article(
        "a3",
        "Kremlin repeats NATO warning (copy)",
        "copysite.example",
        "2025-09-03T09:30:00+00:00",
        [
            Said("putin", "Vladimir Putin", "NATO expansion is a threat to the security of Russia"),
        ],
        url="https://copysite.example/a3",
    ),
    Article(
        "a4",
        "Putin on consensus",
        "rt.com",
        "2025-12-04T12:00:00+00:00",
        [
            Said(
                "putin",
                "Vladimir Putin",
                "Variants exist for providing Ukrainian security",
                kind="partial",
                said_on="2025-12-04",
            ),
            Said(None, "An official", '=HYPERLINK("http://evil.example")', cue="said", kind="direct"),
        ],
        url="https://www.rt.com/news/a4",
        raw=None,
    ),
]


def seed_store(url: str, articles: list[Article] | None = None, *, with_statements: bool = True) -> None:
    """Fill the store at ``url`` with ``articles`` (default ARTICLES) plus statements/stories."""
    store = open_store(url)
    try:
        store.save_documents([build_document(a) for a in (articles or ARTICLES)])
        if with_statements and articles is None:
            add_statements_and_stories(store)
    finally:
        store.close()


def add_statements_and_stories(store: Any) -> None:
    """Statements, a position, a story and one syndicated copy, as the later stages store them."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO statements (id, speaker_id, speaker_name, position_id, first_seen, last_seen,"
            " wording, topics, reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "st-nato",
                "putin",
                "Vladimir Putin",
                "pos-nato",
                "2025-09-02",
                "2025-09-03",
                "NATO expansion is a threat to our security",
                json.dumps(["NATO", "security"]),
                3,
            ),
        )
        conn.execute(
            "INSERT INTO statements (id, speaker_id, speaker_name, position_id, first_seen, last_seen,"
            " wording, topics, reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "st-variants",
                "putin",
                "Vladimir Putin",
                "pos-nato",
                "2025-12-04",
                "2025-12-04",
                "Variants exist for providing Ukrainian security",
                json.dumps(["Ukraine", "security"]),
                1,
            ),
        )
        conn.execute(
            "INSERT INTO positions (id, speaker_id, speaker_name, label, topics, first_seen, last_seen,"
            " statements) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "pos-nato",
                "putin",
                "Vladimir Putin",
                "NATO, security",
                json.dumps(["NATO", "security"]),
                "2025-09-02",
                "2025-12-04",
                2,
            ),
        )
        conn.execute(
            "UPDATE statements SET independent_reports = 2, outlets = ? WHERE id = 'st-nato'",
            (json.dumps(["rt.com", "tass.com", "copysite.example"]),),
        )
        for quote_id, statement in (
            ("a1:0", "st-nato"),
            ("a2:0", "st-nato"),
            ("a3:0", "st-nato"),
            ("a4:0", "st-variants"),
        ):
            conn.execute("UPDATE quotes SET statement_id = ? WHERE id = ?", (statement, quote_id))
        conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, articles, outlets)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            ("story-nato", "Putin's NATO warning", "2025-09-02", "2025-09-03", 3, 3),
        )
        for article_id, group, is_copy in (("a1", None, 0), ("a2", "syn-1", 0), ("a3", "syn-1", 1)):
            conn.execute(
                "UPDATE articles SET story_id = ?, syndication_group = ?, is_copy = ? WHERE id = ?",
                ("story-nato", group, is_copy, article_id),
            )


class Client:
    """A synchronous face on ``httpx.AsyncClient`` over ``httpx.ASGITransport`` (no server, no port)."""

    def __init__(self, portal: BlockingPortal, client: httpx.AsyncClient) -> None:
        self.portal = portal
        self.client = client

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(functools.partial(self.client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def html(self, url: str) -> httpx.Response:
        return self.get(url, headers={"accept": "text/html"})


@contextmanager
def client_for(app: Any) -> Iterator[Client]:
    """An in-process client; app errors come back as responses (500), as a real client sees them."""
    with start_blocking_portal() as portal:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        try:
            yield Client(portal, client)
        finally:
            portal.call(client.aclose)


PG_ENV = "QUOTETRAIL_TEST_PG"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the server at $QUOTETRAIL_TEST_PG (skips when there is none)."""
    import os
    import uuid

    import pytest

    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set ${PG_ENV} (scripts/pg_test_server.sh start prints a URL)")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (the 'postgres' extra)")
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at ${PG_ENV} is not reachable: {exc}")
    name = f"qt_server_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{url.rpartition('/')[0]}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
