"""The linking stage: syndicated copies, stories, statements and positions, kept in the store.

Runs after articles are stored. The indexes of :mod:`quotetrail.stories` and
:mod:`quotetrail.statements` are incremental, so a batch only adds its own articles; their state is
kept in the store (``index_state``) between runs, and what listings need (group, copy flag, story
and statement ids, statement/position/story rows) is written into ordinary tables so the API and
CLI can query it with SQL.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from .statements import Position, QuoteReport, Statement, StatementIndex, independent_reports
from .store.base import Store, now
from .stories import EventIndex, StoryIndex, SyndicationIndex
from .types import Document

log = logging.getLogger(__name__)

#: The ``index_state`` row counting saves: a process that finds it moved on reloads the indexes.
VERSION_ROW = "linking_version"
#: The fewest linked documents worth a save of the indexes (see Linker.should_save).
MIN_SAVE_BATCH = 512


class Linker:
    """Holds a store's linking indexes for the length of a batch; ``save()`` persists them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        from .stories import load_embedder

        self._embedder = load_embedder()
        states = {row["name"]: row["state"] for row in store.query("SELECT name, state FROM index_state")}
        self._load(states)
        # Ids of documents linked since the last save. save() writes their links under the
        # store's linking lock; if another process saved meanwhile, it first reloads the
        # indexes and links these documents again, so two processes never overwrite each other.
        self._pending: list[str] = []
        self._dirty = False
        self._touched_docs: list[str] = []
        self._touched_stories: set[str] = set()
        self._touched_statements: set[str] = set()
        self._story_links: list[tuple[str, str]] = []
        self._quote_links: list[tuple[str, str]] = []

    def _load(self, states: dict[str, str]) -> None:
        """(Re)build the indexes from the stored state rows (JSON text by index name)."""

        def load(name: str) -> dict[str, Any] | None:
            raw = states.get(name)
            return json.loads(raw) if raw else None

        embedder = self._embedder
        syn, sto, stm = load("syndication"), load("stories"), load("statements")
        self.syndication = SyndicationIndex.from_dict(syn) if syn else SyndicationIndex()
        self.stories = StoryIndex.from_dict(sto, embedder=embedder) if sto else StoryIndex(embedder=embedder)
        # Quotes arrive with topics taken from their article's parse; only a quote without them
        # (stored by an older version) costs a parse of its own.
        self._topics: dict[str, list[str]] = {}
        topics = self._known_topics
        self.statements = (
            StatementIndex.from_dict(stm, embedder=embedder, topic_extractor=topics)
            if stm
            else StatementIndex(embedder=embedder, topic_extractor=topics)
        )
        events = load("events")
        self.events = EventIndex.from_dict(events) if events else EventIndex()
        version = load(VERSION_ROW)
        self._version = int(version["version"]) if version else 0

    def _known_topics(self, text: str) -> list[str]:
        known = self._topics.get(text)
        if known is not None:
            return known
        from .statements import default_topic_extractor

        self._fallback = getattr(self, "_fallback", None) or default_topic_extractor()
        return self._fallback(text)

    def catch_up(self, batch: int = 200) -> int:
        """Link stored articles that an interrupted run stored but never linked."""
        missing = [
            r["id"]
            for r in self.store.query(
                "SELECT id FROM articles WHERE syndication_group IS NULL ORDER BY published, id"
            )
        ]
        for start in range(0, len(missing), batch):
            self.add(self.store.get_document(i) for i in missing[start : start + batch])
            if self.should_save():
                self.save()
        return len(missing)

    def add(self, docs: Iterable[Document]) -> None:
        """Link stored documents: copies, stories, statements, positions, past events. :meth:`save` writes
        the links (and links them again if another process saved in the meantime)."""
        for doc in docs:
            if doc.id and not doc.error:
                self._pending.append(doc.id)
                self._link(doc)

    def should_save(self) -> bool:
        """Whether enough is linked and unsaved to write it now.

        Saving rewrites every index's state, which grows with the store, so the batch grows
        with it (a tenth of what is indexed, at least MIN_SAVE_BATCH): the total written stays
        proportional to N log N rather than N squared. What a crash loses before a save,
        :meth:`catch_up` links again on the next run.
        """
        return len(self._pending) >= max(MIN_SAVE_BATCH, len(self.syndication) // 10)

    def _link(self, doc: Document) -> None:
        if doc.id in self.syndication:
            return  # re-ingested unchanged, or linked by another process: its links stand
        self._dirty = True
        try:
            self._add_one(doc)
        except Exception:  # one article's odd data must not stop a batch: it stays unlinked
            log.exception("could not link %s; it stays stored but unlinked", doc.source)

    def _add_one(self, doc: Document) -> None:
        """Place one stored document in every index (its links are written by ``save``)."""
        assert doc.id is not None
        self.syndication.add(doc.id, doc.body, doc.published, doc.agency, doc.outlet)
        self._touched_docs.append(doc.id)
        statement_ids: list[str] = []
        for position, quote in enumerate(doc.statements()):
            if not quote.content.text.strip():
                continue
            if quote.topics:
                self._topics[quote.words] = list(quote.topics)
            statement_id = self.statements.add(QuoteReport.from_quote(doc, quote))
            statement_ids.append(statement_id)
            self._touched_statements.add(statement_id)
            self._quote_links.append((statement_id, f"{doc.id}:{position}"))
        self._topics.clear()
        story = self.stories.add_document(doc, quote_keys=statement_ids)
        self._touched_stories.add(story)
        self._story_links.append((story, doc.id))
        self.events.add_document(doc)

    def _write_links(self, conn: Any) -> None:
        conn.executemany("UPDATE articles SET story_id = ? WHERE id = ?", self._story_links)
        conn.executemany("UPDATE quotes SET statement_id = ? WHERE id = ?", self._quote_links)
        # Groups can merge and origins move as copies arrive: rewrite every touched group whole.
        groups = {g.id: g for g in (self.syndication.group_of(d) for d in self._touched_docs)}
        for group in groups.values():
            conn.executemany(
                "UPDATE articles SET is_copy = ?, syndication_group = ? WHERE id = ?",
                [(int(self.syndication.is_copy(m)), group.id, m) for m in group.members],
            )
        positions: dict[str, Position] = {}
        for statement_id in self._touched_statements:
            statement = self.statements.get(statement_id)
            self._write_statement(conn, statement)
            if statement.position_id:
                positions[statement.position_id] = self.statements.position(statement.position_id)
        for position in positions.values():
            self._write_position(conn, position)
        for story_id in self._touched_stories:
            story = self.stories.get(story_id)
            conn.execute(
                "INSERT INTO stories (id, title, first_seen, last_seen, articles, outlets, independent)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
                " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                " articles = excluded.articles, outlets = excluded.outlets, independent = excluded.independent",
                (
                    story.id,
                    story.title,
                    story.first_seen.isoformat() if story.first_seen else None,
                    story.last_seen.isoformat() if story.last_seen else None,
                    len(story.doc_ids),
                    len(story.outlets),
                    self.syndication.count_independent(story.doc_ids),
                ),
            )
        self._clear_touched()

    def _clear_touched(self) -> None:
        self._touched_docs.clear()
        self._touched_stories.clear()
        self._touched_statements.clear()
        self._story_links.clear()
        self._quote_links.clear()

    def _write_statement(self, conn: Any, statement: Statement) -> None:
        speaker_id = next((r.speaker_id for r in statement.reports if r.speaker_id), None)
        conn.execute(
            "INSERT INTO statements (id, speaker_id, speaker_name, position_id, first_seen, last_seen, wording,"
            " topics, reports, independent_reports, outlets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET speaker_id = excluded.speaker_id, speaker_name = excluded.speaker_name,"
            " position_id = excluded.position_id, first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " wording = excluded.wording, topics = excluded.topics, reports = excluded.reports,"
            " independent_reports = excluded.independent_reports, outlets = excluded.outlets",
            (
                statement.id,
                speaker_id,
                statement.speaker,
                statement.position_id,
                statement.first_seen,
                statement.last_seen,
                statement.text,
                json.dumps(statement.topics),
                len(statement.reports),
                len(independent_reports(statement, self.syndication)),
                json.dumps(statement.outlets),
            ),
        )

    def _write_position(self, conn: Any, position: Position) -> None:
        speaker_id = None
        for statement_id in position.statement_ids:
            speaker_id = next(
                (r.speaker_id for r in self.statements.get(statement_id).reports if r.speaker_id), None
            )
            if speaker_id:
                break
        conn.execute(
            "INSERT INTO positions (id, speaker_id, speaker_name, label, topics, first_seen, last_seen, statements)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET speaker_id = excluded.speaker_id,"
            " speaker_name = excluded.speaker_name, label = excluded.label, topics = excluded.topics,"
            " first_seen = excluded.first_seen, last_seen = excluded.last_seen, statements = excluded.statements",
            (
                position.id,
                speaker_id,
                position.speaker,
                position.label,
                json.dumps([t for t, _ in position.topics.most_common(10)]),
                position.first_seen,
                position.last_seen,
                len(position.statement_ids),
            ),
        )

    def save(self) -> None:
        """Write the links of what was linked since the last save and the indexes' state, in one
        transaction: both or neither.

        The transaction holds the store's linking lock. When another process has saved since
        this one last read the state (its version row moved on), the indexes are first rebuilt
        from the stored state and this process's documents linked again, so neither process's
        articles are lost from them and statement, story and group ids stay unique.
        """
        if not self._dirty:  # nothing new (every document was linked already)
            self._pending.clear()
            return
        try:
            with self.store.transaction() as conn:
                self.store.lock_linking(conn)
                rows = {r[0]: r[1] for r in conn.execute("SELECT name, state FROM index_state").fetchall()}
                stored = json.loads(rows[VERSION_ROW])["version"] if VERSION_ROW in rows else 0
                if stored != self._version:
                    log.info("linking state changed in the store since it was read: reloading it")
                    self._load(rows)
                    self._clear_touched()
                    for doc_id in self._pending:
                        self._link(self.store.get_document(doc_id))
                self._write_links(conn)
                states = {
                    "syndication": self.syndication.to_dict(),
                    "stories": self.stories.to_dict(),
                    "statements": self.statements.to_dict(),
                    "events": self.events.to_dict(),
                    VERSION_ROW: {"version": stored + 1},
                }
                stamp = now()
                for name, state in states.items():
                    conn.execute(
                        "INSERT INTO index_state (name, state, updated_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (name) DO UPDATE SET state = excluded.state,"
                        " updated_at = excluded.updated_at",
                        (name, json.dumps(state), stamp),
                    )
        except BaseException:
            # The indexes in memory may now hold what the store does not: read them afresh next
            # time, and keep the queue so that nothing is lost.
            self._version = -1
            self._clear_touched()
            raise
        self._version = stored + 1
        self._pending.clear()
        self._dirty = False


def link_unlinked(store: Store) -> int:
    """Link every stored article not linked yet (after a Spark load or an interrupted run)."""
    linker = Linker(store)
    linked = linker.catch_up()
    linker.save()
    return linked


def list_events(
    store: Store, *, person: str | None = None, min_articles: int = 2, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Past events the stored articles refer to, most referred-to first (reads only their state).

    ``person``: only events a person whose name contains this text (any case) took part in.
    """
    rows = store.query("SELECT state FROM index_state WHERE name = ?", ("events",))
    index = EventIndex.from_dict(json.loads(rows[0]["state"])) if rows else EventIndex()
    wanted = (person or "").casefold()
    found = [
        event
        for event in index.events(min_articles=min_articles)
        if not wanted or any(wanted in event.names.get(pid, pid).casefold() for pid in event.persons)
    ]
    found.sort(key=lambda e: (-len(e.doc_ids), e.date or "", e.id))
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "date": e.date,
            "articles": len(e.doc_ids),
            "label": e.label,
            "first_reference": e.references[0].text if e.references else None,
            "references": [r.to_dict() for r in e.references],
        }
        for e in found[offset : offset + limit]
    ]


def load_statements(store: Store) -> tuple[StatementIndex, SyndicationIndex]:
    """The store's statement and syndication indexes, for timelines and statement listings."""
    linker = Linker(store)
    return linker.statements, linker.syndication
