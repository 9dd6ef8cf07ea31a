"""What every store backend shares: the whole data model and every query, written once.

The SQLite and PostgreSQL stores differ only in how they connect, how a write transaction starts,
how full-text search is spelled and a few column types; everything else (saving documents, the
identity edits, the read queries) lives here in SQL that both engines accept, with ``?``
placeholders that a backend may rewrite for its driver. Every value is bound as a parameter: no
text from an input is ever formatted into SQL.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from ..errors import NotFoundError, StoreError
from ..rows import document_from_row, quote_from_row
from ..types import Document, Entity, Quote, Span, TimeExpression
from .schema import MIGRATIONS

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Tables whose row count :meth:`Store.count` may report.
COUNTABLE = frozenset(
    {"articles", "quotes", "entities", "mentions", "times", "failures", "inputs", "statements", "stories"}
)


class Row(Protocol):
    """A result row: by column name (``row["id"]``) or position (``row[0]``), and ``dict(row)``."""

    def __getitem__(self, key: int | str) -> Any: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """The part of a DB-API connection the shared code uses, with ``?`` placeholders."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]], /) -> Any: ...


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def like_escape(value: str) -> str:
    """Escape LIKE wildcards so a user's ``%`` or ``_`` matches itself (use with ``ESCAPE '!'``)."""
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def alias_key(name: str) -> str:
    """How names are compared: case, accents, punctuation and spacing folded."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def search_terms(text: str) -> list[str]:
    """The words of a user's search, stripped of anything an engine could read as an operator."""
    return [t for t in ("".join(c for c in word if c.isalnum()) for word in text.split()) if t]


def article_where(
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (``?`` placeholders) and values that ``Store.list_articles`` filters by.

    Public so that exports and counts elsewhere (the server) filter with the same meaning:
    ``until`` is inclusive at its own precision ("2025-09" takes all of September).
    """
    clauses: list[str] = ["1=1"]
    params: list[Any] = []
    if outlet:
        clauses.append("outlet = ?")
        params.append(outlet)
    if since:
        clauses.append("published >= ?")
        params.append(since)
    if until:
        clauses.append("substr(published, 1, ?) <= ?")
        params.extend([len(until), until])
    if language:
        clauses.append("language = ?")
        params.append(language)
    return " AND ".join(clauses), params


class Store(ABC):
    """The store's public API; a backend supplies connections, transactions and dialect bits."""

    #: Key into each migration's per-dialect statements (``schema.MIGRATIONS``).
    dialect: str = ""
    #: Values for the ``{...}`` slots of the migrations' statements.
    types: dict[str, str] = {}
    url: str

    # -- what a backend provides ---------------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """The writer, in one transaction: all or nothing. Yields a :class:`Connection`."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of a read-only query with ``?`` placeholders."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _text_match(self, text: str) -> tuple[str, str, list[Any]]:
        """(join, where-clause, params) restricting quotes ``q`` to those matching ``text``."""

    def _retrying(self, work: Callable[[], T]) -> T:
        """Run a write; a backend whose concurrent writers can deadlock retries here."""
        return work()

    #: Appended to a SELECT that reads a row about to be rewritten (row lock where supported).
    for_update = ""

    def _lock_schema(self, conn: Connection) -> None:  # noqa: B027 (optional hook)
        """Keep two processes from migrating the same database at once (where that can happen)."""

    def lock_linking(self, conn: Connection) -> None:  # noqa: B027 (optional hook)
        """Inside a write transaction: make other processes' linking wait until it ends.

        SQLite needs nothing more: its write transactions (``BEGIN IMMEDIATE``) already exclude
        every other writer of the file.
        """

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.transaction() as conn:
            self._lock_schema(conn)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations"
                " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, migration in enumerate(MIGRATIONS, start=1):
                if version in done:
                    continue
                for statement in [*migration.get("all", []), *migration.get(self.dialect, [])]:
                    conn.execute(statement.format(**self.types))
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now()))
                log.info("store %s: applied migration %d", self.url, version)

    def schema_version(self) -> int:
        row = self.query("SELECT MAX(version) FROM schema_migrations")[0]
        return int(row[0] or 0)

    # -- batches and resumability ------------------------------------------------------------
    def input_done(self, container: str) -> bool:
        rows = self.query("SELECT status FROM inputs WHERE container = ?", (container,))
        return bool(rows) and rows[0]["status"] == "done"

    def mark_input(self, container: str, status: str, documents: int = 0, failures: int = 0) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO inputs (container, status, documents, failures, finished_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(container) DO UPDATE SET status = excluded.status,"
                " documents = excluded.documents, failures = excluded.failures,"
                " finished_at = excluded.finished_at",
                (container, status, documents, failures, now() if status == "done" else None),
            )

    def known_sources(self, container: str) -> set[str]:
        """Sources of a container already stored (so a resumed batch skips them)."""
        rows = self.query("SELECT source FROM articles WHERE container = ?", (container,))
        return {r["source"] for r in rows}

    def record_failure(self, source: str, error: str, container: str | None = None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO failures (source, container, error, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(source) DO UPDATE SET error = excluded.error, at = excluded.at,"
                " container = excluded.container",
                (source, container, error, now()),
            )

    def failures(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT source, container, error, at FROM failures ORDER BY at DESC, source LIMIT ?", (limit,)
        )
        return [dict(r) for r in rows]

    # -- writes ------------------------------------------------------------------------------
    def save_documents(self, docs: Iterable[Document], container: str | None = None) -> list[str]:
        """Store documents (articles with quotes, entities, times) in one transaction; idempotent."""
        batch = list(docs)

        def work() -> list[str]:
            with self.transaction() as conn:
                return [self._save(conn, doc, container) for doc in batch]

        return self._retrying(work)

    def save_document(self, doc: Document, container: str | None = None) -> str:
        return self.save_documents([doc], container)[0]

    def _save(self, conn: Connection, doc: Document, container: str | None) -> str:
        if doc.error:
            raise StoreError("a failed document cannot be stored as an article", source=doc.source)
        if not doc.id:
            raise StoreError("document has no id", source=doc.source)
        from ..extract import compress_raw

        raw = doc.raw_compressed if doc.raw_compressed is not None else None
        if raw is None and doc.raw is not None:
            raw = compress_raw(doc.raw)
        conn.execute(
            """INSERT INTO articles (id, source, url, outlet, headline, subtitle, agency, authors, dateline,
                published, updated, language, body, text, clean, input_kind, warnings, raw, container,
                ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET source = excluded.source, outlet = excluded.outlet,
                headline = excluded.headline, subtitle = excluded.subtitle, agency = excluded.agency,
                authors = excluded.authors, dateline = excluded.dateline, published = excluded.published,
                updated = excluded.updated, language = excluded.language, body = excluded.body,
                text = excluded.text, clean = excluded.clean, input_kind = excluded.input_kind,
                warnings = excluded.warnings, raw = excluded.raw, container = excluded.container""",
            (
                doc.id,
                doc.source,
                doc.url,
                doc.outlet,
                doc.headline,
                doc.subtitle,
                doc.agency,
                json.dumps(doc.authors),
                doc.dateline,
                doc.published,
                doc.updated,
                doc.language,
                doc.body,
                doc.text,
                int(doc.clean),
                doc.input_kind,
                json.dumps(doc.warnings),
                raw,
                container,
                now(),
            ),
        )
        for table in ("quotes", "mentions", "times", "article_entities"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (doc.id,))  # noqa: S608 (fixed names)
        conn.execute("DELETE FROM failures WHERE source = ?", (doc.source,))
        id_map: dict[str, str] = {}
        # A fixed order of entity rows keeps concurrent writers from locking them in opposite orders.
        for entity in sorted(doc.entities, key=lambda e: e.id):
            id_map[entity.id] = self._save_entity(conn, doc.id, entity)
        conn.executemany(
            """INSERT INTO quotes (id, article_id, position, kind, content_start, content_end, content,
                cue_start, cue_end, cue, mention_start, mention_end, mention, speaker_name, speaker_id,
                speaker_confidence, speaker_via, speaker_is_group, said_on, published, outlet, parts, topics)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    f"{doc.id}:{position}",
                    doc.id,
                    position,
                    quote.kind,
                    quote.content.start,
                    quote.content.end,
                    quote.content.text,
                    *_span_cols(quote.cue),
                    *_span_cols(quote.mention),
                    quote.speaker.name,
                    id_map.get(quote.speaker.id or "", quote.speaker.id),
                    quote.speaker.confidence,
                    quote.speaker.via,
                    int(quote.speaker.is_group),
                    quote.said_on,
                    doc.published,
                    doc.outlet,
                    json.dumps([[p.start, p.end] for p in quote.parts]),
                    json.dumps(quote.topics),
                )
                for position, quote in enumerate(doc.statements())
            ],
        )
        conn.executemany(
            "INSERT INTO times (article_id, start_char, end_char, text, value, granularity)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(doc.id, t.start, t.end, t.text, t.value, t.granularity) for t in doc.times],
        )
        return doc.id

    def _resolve_entity(self, conn: Connection, entity: Entity) -> str:
        """The stored identity for an article's entity, honouring the user's alias/merge/split edits."""
        keys = {alias_key(entity.name)} | {alias_key(m.text) for m in entity.mentions}
        keys.discard("")
        if keys:
            marks = ",".join("?" * len(keys))
            row = conn.execute(
                f"SELECT entity_id FROM entity_aliases WHERE origin = 'user' AND alias_key IN ({marks})"  # noqa: S608
                " ORDER BY alias_key LIMIT 1",
                sorted(keys),
            ).fetchone()
            if row:
                return self._follow_merges(conn, row[0])
        return self._follow_merges(conn, entity.id)

    @staticmethod
    def _follow_merges(conn: Connection, entity_id: str) -> str:
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            row = conn.execute("SELECT merged_into FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if not row or not row[0]:
                break
            entity_id = row[0]
        return entity_id

    def _save_entity(self, conn: Connection, article_id: str, entity: Entity) -> str:
        entity_id = self._resolve_entity(conn, entity)
        conn.execute(
            "INSERT INTO entities (id, name, type, roles) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            (entity_id, entity.name, entity.type, json.dumps(entity.roles)),
        )
        if entity.roles:
            sql = "SELECT roles FROM entities WHERE id = ?" + self.for_update
            row = conn.execute(sql, (entity_id,)).fetchone()
            roles = list(dict.fromkeys([*json.loads(row[0] or "[]"), *entity.roles]))
            conn.execute("UPDATE entities SET roles = ? WHERE id = ?", (json.dumps(roles), entity_id))
        names = {entity.name, *entity.aliases, *(m.text for m in entity.mentions if m.text[:1].isupper())}
        conn.executemany(
            "INSERT INTO entity_aliases (alias_key, alias, entity_id, origin) VALUES (?, ?, ?, 'auto')"
            " ON CONFLICT(alias_key, entity_id) DO NOTHING",
            sorted((alias_key(n), n, entity_id) for n in names if alias_key(n)),
        )
        conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, local_name, roles, confidence)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id, entity_id) DO NOTHING",
            (article_id, entity_id, entity.name, json.dumps(entity.roles), entity.confidence),
        )
        conn.executemany(
            "INSERT INTO mentions (article_id, entity_id, start_char, end_char, text)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(article_id, entity_id, m.start, m.end, m.text) for m in entity.mentions],
        )
        return entity_id

    # -- identity edits (survive re-ingest: replayed by _resolve_entity) ---------------------
    def add_alias(self, alias: str, entity_ref: str) -> str:
        entity_id = self.find_entity_id(entity_ref)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO entity_aliases (alias_key, alias, entity_id, origin) VALUES (?, ?, ?, 'user')"
                " ON CONFLICT(alias_key, entity_id) DO UPDATE SET origin = 'user'",
                (alias_key(alias), alias, entity_id),
            )
            conn.execute(
                "INSERT INTO entity_edits (op, a, b, at) VALUES ('alias', ?, ?, ?)", (alias, entity_id, now())
            )
            # Mentions already stored under another identity with this exact name move over.
            for (other,) in [
                tuple(r)
                for r in conn.execute(
                    "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias_key = ? AND entity_id != ?",
                    (alias_key(alias), entity_id),
                ).fetchall()
            ]:
                self._move_entity(conn, other, entity_id)
        return entity_id

    def merge_entities(self, source_ref: str, target_ref: str) -> str:
        """Fold one identity into another: every mention and quote of it moves, now and on re-ingest."""
        source_id, target_id = self.find_entity_id(source_ref), self.find_entity_id(target_ref)
        if source_id == target_id:
            return target_id
        with self.transaction() as conn:
            self._move_entity(conn, source_id, target_id)
            conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (target_id, source_id))
            conn.execute(
                "INSERT INTO entity_edits (op, a, b, at) VALUES ('merge', ?, ?, ?)",
                (source_id, target_id, now()),
            )
        return target_id

    def split_entity(self, entity_ref: str, alias: str, new_name: str | None = None) -> str:
        """Give the mentions named ``alias`` an identity of their own (undoing a wrong merge)."""
        old_id = self.find_entity_id(entity_ref)
        key = alias_key(alias)
        row = self.query("SELECT name, type FROM entities WHERE id = ?", (old_id,))[0]
        new_id = f"{old_id}~{key.replace(' ', '-')}"
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO entities (id, name, type) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE"
                " SET merged_into = NULL",
                (new_id, new_name or alias, row["type"]),
            )
            conn.execute("DELETE FROM entity_aliases WHERE alias_key = ? AND entity_id = ?", (key, old_id))
            conn.execute(
                "INSERT INTO entity_aliases (alias_key, alias, entity_id, origin) VALUES (?, ?, ?, 'user')"
                " ON CONFLICT(alias_key, entity_id) DO UPDATE SET origin = 'user'",
                (key, alias, new_id),
            )
            moved = conn.execute(
                "SELECT article_id, start_char, end_char, text FROM mentions WHERE entity_id = ?", (old_id,)
            ).fetchall()
            for m in moved:
                if alias_key(m["text"]) == key:
                    conn.execute(
                        "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND start_char = ?",
                        (new_id, m["article_id"], m["start_char"]),
                    )
            conn.execute(
                "INSERT INTO entity_edits (op, a, b, at) VALUES ('split', ?, ?, ?)", (old_id, alias, now())
            )
        return new_id

    @staticmethod
    def _move_entity(conn: Connection, source_id: str, target_id: str) -> None:
        """Re-point everything of one identity to another; rows the target already has are dropped.

        Written as copy-then-delete (not SQLite's ``UPDATE OR IGNORE``) so both engines run it.
        """
        conn.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (target_id, source_id))
        conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (target_id, source_id))
        conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, local_name, roles, confidence)"
            " SELECT article_id, ?, local_name, roles, confidence FROM article_entities WHERE entity_id = ?"
            " ON CONFLICT(article_id, entity_id) DO NOTHING",
            (target_id, source_id),
        )
        conn.execute("DELETE FROM article_entities WHERE entity_id = ?", (source_id,))
        conn.execute(
            "INSERT INTO entity_aliases (alias_key, alias, entity_id, origin)"
            " SELECT alias_key, alias, ?, origin FROM entity_aliases WHERE entity_id = ?"
            " ON CONFLICT(alias_key, entity_id) DO UPDATE SET origin = CASE WHEN excluded.origin = 'user'"
            " THEN 'user' ELSE entity_aliases.origin END",
            (target_id, source_id),
        )
        conn.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (source_id,))

    # -- reads -------------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in COUNTABLE:
            raise StoreError(f"unknown table {table!r}")
        return int(self.query(f"SELECT COUNT(*) FROM {table}")[0][0])  # noqa: S608 (whitelisted)

    def find_entity_id(self, ref: str) -> str:
        """An entity by id, canonical name or any alias."""
        rows = self.query("SELECT id FROM entities WHERE id = ?", (ref,))
        if not rows:
            rows = self.query(
                "SELECT a.entity_id AS id, COUNT(m.text) AS n FROM entity_aliases a"
                " LEFT JOIN mentions m ON m.entity_id = a.entity_id WHERE a.alias_key = ?"
                " GROUP BY a.entity_id ORDER BY (a.entity_id IN (SELECT entity_id FROM entity_aliases"
                " WHERE origin = 'user' AND alias_key = ?)) DESC, n DESC, a.entity_id LIMIT 1",
                (alias_key(ref), alias_key(ref)),
            )
        if not rows:
            raise NotFoundError(f"no entity named {ref!r}")
        entity_id: str = rows[0]["id"]
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            merged = self.query("SELECT merged_into FROM entities WHERE id = ?", (entity_id,))
            if not merged or not merged[0][0]:
                break
            entity_id = merged[0][0]
        return entity_id

    def list_articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        where, params = article_where(outlet=outlet, since=since, until=until, language=language)
        rows = self.query(
            "SELECT id, source, url, outlet, headline, agency, published, language, syndication_group,"
            " is_copy,"
            " (SELECT COUNT(*) FROM quotes q WHERE q.article_id = articles.id) AS quotes"
            f" FROM articles WHERE {where}"  # noqa: S608 (fixed clauses, values bound)
            " ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [dict(r) for r in rows]

    def get_document(self, article_id: str) -> Document:
        rows = self.query(
            "SELECT * FROM articles WHERE id = ? OR id LIKE ? ESCAPE '!' ORDER BY id LIMIT 2",
            (article_id, f"{like_escape(article_id)}%"),
        )
        if not rows or (len(rows) > 1 and rows[0]["id"] != article_id):
            raise NotFoundError(
                f"no article with id {article_id!r}"
                if not rows
                else f"article id prefix {article_id!r} is ambiguous"
            )
        a = rows[0]
        from ..extract import decompress_raw

        raw = decompress_raw(bytes(a["raw"])) if a["raw"] is not None else None
        doc = document_from_row(a, json.loads(a["authors"]), json.loads(a["warnings"]), raw)
        for q in self.query("SELECT * FROM quotes WHERE article_id = ? ORDER BY position", (doc.id,)):
            doc.quotes.append(_quote_from_row(q))
        entities: dict[str, Entity] = {}
        for e in self.query(
            "SELECT ae.entity_id, e.name, e.type, ae.roles, ae.confidence FROM article_entities ae"
            " JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ? ORDER BY ae.entity_id",
            (doc.id,),
        ):
            entities[e["entity_id"]] = Entity(
                id=e["entity_id"],
                name=e["name"],
                type=e["type"],
                roles=json.loads(e["roles"]),
                confidence=e["confidence"],
            )
        for m in self.query("SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char", (doc.id,)):
            if m["entity_id"] in entities:
                entities[m["entity_id"]].mentions.append(Span(m["start_char"], m["end_char"], m["text"]))
        doc.entities = list(entities.values())
        doc.times = [
            TimeExpression(t["start_char"], t["end_char"], t["text"], t["value"], t["granularity"])
            for t in self.query("SELECT * FROM times WHERE article_id = ? ORDER BY start_char", (doc.id,))
        ]
        return doc

    def search_quotes(
        self,
        *,
        text: str | None = None,
        speaker: str | None = None,
        kind: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        said_since: str | None = None,
        said_until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        clauses: list[str] = ["1=1"]
        params: list[Any] = []
        join = ""
        if text:
            join, clause, match_params = self._text_match(text)
            clauses.append(clause)
            params.extend(match_params)
        if speaker:
            try:
                speaker_id = self.find_entity_id(speaker)
                clauses.append("(q.speaker_id = ? OR q.speaker_name = ?)")
                params.extend([speaker_id, speaker])
            except NotFoundError:
                clauses.append("q.speaker_name = ?")
                params.append(speaker)
        for column, value in (("q.kind", kind), ("q.outlet", outlet)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        for column, lo, hi in (("q.published", since, until), ("q.said_on", said_since, said_until)):
            if lo:
                clauses.append(f"{column} >= ?")
                params.append(lo)
            if hi:
                clauses.append(f"substr({column}, 1, ?) <= ?")
                params.extend([len(hi), hi])
        rows = self.query(
            "SELECT q.*, a.headline, a.source, a.url FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"{join} WHERE {' AND '.join(clauses)}"  # noqa: S608 (fixed clauses, values bound)
            " ORDER BY q.published DESC NULLS LAST, q.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [dict(r) for r in rows]

    def list_entities(
        self, *, type: str | None = None, search: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        clauses, params = ["e.merged_into IS NULL"], []
        if type:
            clauses.append("e.type = ?")
            params.append(type)
        if search is not None and not alias_key(search):
            return []  # only punctuation: it names nobody (and must not match everybody)
        if search:
            clauses.append("e.id IN (SELECT entity_id FROM entity_aliases WHERE alias_key LIKE ? ESCAPE '!')")
            params.append(f"%{like_escape(alias_key(search))}%")
        rows = self.query(
            "SELECT e.id, e.name, e.type, e.roles,"
            " (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,"
            " (SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id) AS articles,"
            " (SELECT COUNT(*) FROM quotes q WHERE q.speaker_id = e.id) AS quotes,"
            " (SELECT MIN(a.published) FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            "   WHERE ae.entity_id = e.id) AS first_seen,"
            " (SELECT MAX(a.published) FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            "   WHERE ae.entity_id = e.id) AS last_seen"
            f" FROM entities e WHERE {' AND '.join(clauses)}"  # noqa: S608 (fixed clauses, values bound)
            " ORDER BY mentions DESC, e.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        out = [dict(r) for r in rows]
        aliases: dict[str, list[str]] = {item["id"]: [] for item in out}
        if aliases:
            # one query for the whole page, not one per entity
            marks = ",".join("?" * len(aliases))
            for a in self.query(
                f"SELECT DISTINCT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks})"  # noqa: S608
                " ORDER BY entity_id, alias",
                list(aliases),
            ):
                aliases[a["entity_id"]].append(a["alias"])
        for item in out:
            item["roles"] = json.loads(item["roles"])
            item["aliases"] = aliases[item["id"]]
        return out

    def iter_documents(self, batch: int = 200) -> Iterator[Document]:
        """Every stored article as a document record, in id order (for exports and comparisons)."""
        last = ""
        while True:
            ids = [
                r[0]
                for r in self.query("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch))
            ]
            if not ids:
                return
            for article_id in ids:
                yield self.get_document(article_id)
            last = ids[-1]


def _span_cols(span: Span | None) -> tuple[int | None, int | None, str | None]:
    return (span.start, span.end, span.text) if span else (None, None, None)


def _quote_from_row(q: Row) -> Quote:
    return quote_from_row(q, json.loads(q["parts"] or "[]"), json.loads(q["topics"] or "[]"))
