"""Read queries the API and pages need beyond the store's public methods.

Every function takes the store and calls ``store.query(sql, params)`` with ``?`` placeholders;
only fixed SQL fragments are ever joined into a statement and every value (search words,
names, dates) is bound, so untrusted text never becomes SQL. The PostgreSQL backend translates
``?``, so nothing here may use SQLite-only syntax except where :func:`_fts_clause` checks the
dialect (full-text search differs between backends).

Statements, stories and timelines are filled in by other stages; while their tables are empty
these functions return empty lists rather than failing, so the UI degrades gracefully.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import NotFoundError

log = logging.getLogger(__name__)


class ReadableStore(Protocol):
    """What the server needs from a store: the public read methods (SQLite or PostgreSQL)."""

    dialect: str

    def query(self, sql: str, params: Any = ...) -> list[Any]: ...

    def find_entity_id(self, ref: str) -> str: ...

    def _text_match(self, text: str) -> tuple[str, str, list[Any]]: ...


@dataclass(slots=True)
class QuoteFilter:
    """The quote filters shared by search, facets and exports (mirrors ``store.search_quotes``)."""

    text: str | None = None
    speaker: str | None = None
    kind: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    said_since: str | None = None
    said_until: str | None = None
    topic: str | None = None

    def store_kwargs(self) -> dict[str, str | None]:
        """Keyword arguments for ``store.search_quotes`` (everything but ``topic``)."""
        return {
            "text": self.text,
            "speaker": self.speaker,
            "kind": self.kind,
            "outlet": self.outlet,
            "since": self.since,
            "until": self.until,
            "said_since": self.said_since,
            "said_until": self.said_until,
        }


def _dicts(rows: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


from ..store.base import like_escape as _like_escape  # noqa: E402 (one definition, in the store)


def _text_match(store: ReadableStore, text: str) -> tuple[str, str, list[Any]]:
    """(join, where-clause, params) restricting quotes ``q`` to those matching ``text``.

    The store's own full-text matcher (FTS5 on SQLite, tsvector on PostgreSQL), so facets and
    topic searches match exactly the quotes ``store.search_quotes`` finds.
    """
    return store._text_match(text)


def topic_pattern(topic: str) -> str:
    """LIKE pattern finding ``topic`` as a whole element of a JSON list of strings."""
    return "%" + _like_escape(json.dumps(topic)) + "%"


def quote_where(store: ReadableStore, f: QuoteFilter) -> tuple[str, str, list[Any]]:
    """(join, where, params) over ``quotes q`` for a filter (same meaning as search_quotes)."""
    join = ""
    clauses: list[str] = ["1=1"]
    params: list[Any] = []
    if f.text:
        join, clause, values = _text_match(store, f.text)
        clauses.append(clause)
        params.extend(values)
    if f.speaker:
        try:
            speaker_id = store.find_entity_id(f.speaker)
            clauses.append("(q.speaker_id = ? OR q.speaker_name = ?)")
            params.extend([speaker_id, f.speaker])
        except NotFoundError:
            clauses.append("q.speaker_name = ?")
            params.append(f.speaker)
    if f.kind:
        clauses.append("q.kind = ?")
        params.append(f.kind)
    if f.outlet:
        clauses.append("q.outlet = ?")
        params.append(f.outlet)
    for column, lo, hi in (("q.published", f.since, f.until), ("q.said_on", f.said_since, f.said_until)):
        if lo:
            clauses.append(f"{column} >= ?")
            params.append(lo)
        if hi:
            clauses.append(f"substr({column}, 1, ?) <= ?")
            params.extend([len(hi), hi])
    if f.topic:
        clauses.append("q.statement_id IN (SELECT id FROM statements WHERE topics LIKE ? ESCAPE '!')")
        params.append(topic_pattern(f.topic))
    return join, " AND ".join(clauses), params


def search_quotes_by_topic(
    store: ReadableStore, f: QuoteFilter, limit: int, offset: int
) -> list[dict[str, Any]]:
    """Quote search including the topic filter, which ``store.search_quotes`` does not take.

    Same columns and ordering as ``store.search_quotes`` so pages look the same either way.
    """
    join, where, params = quote_where(store, f)
    rows = store.query(
        "SELECT q.*, a.headline, a.source, a.url FROM quotes q JOIN articles a ON a.id = q.article_id"
        f" {join} WHERE {where} ORDER BY q.published DESC NULLS LAST, q.id LIMIT ? OFFSET ?",  # noqa: S608
        [*params, limit, offset],
    )
    return _dicts(rows)


#: Facets count at most this many matching quotes, so a query matching everything still renders
#: fast; beyond it the counts are of a sample and say so.
FACET_SCAN_LIMIT = 20_000


def quote_facets(
    store: ReadableStore, f: QuoteFilter, size: int = 12, scan_limit: int = FACET_SCAN_LIMIT
) -> dict[str, Any]:
    """Counts of matching quotes by speaker, outlet and month (of publication), largest first.

    One statement: the matches are read once (a materialised CTE, bounded by ``scan_limit``)
    and grouped three ways. ``scanned`` is how many matches were counted; ``complete`` is False
    when there were more than ``scan_limit`` and the counts are of a sample of that many (the
    latest quotes when unfiltered).
    """
    join, where, params = quote_where(store, f)
    # Unfiltered, the latest quotes come cheaply off the published index; with a filter, sorting
    # every match first would cost more than the counting, so a sample is in storage order.
    order = "" if params else " ORDER BY q.published DESC NULLS LAST"
    rows = store.query(
        "WITH m AS MATERIALIZED (SELECT q.speaker_name AS s, q.outlet AS o, substr(q.published, 1, 7) AS mo"
        f" FROM quotes q {join} WHERE {where}{order} LIMIT ?)"  # noqa: S608 (fixed clauses, values bound)
        " SELECT * FROM (SELECT 'speaker' AS facet, s AS value, COUNT(*) AS n FROM m WHERE s IS NOT NULL"
        "  GROUP BY s ORDER BY n DESC, s LIMIT ?) f1"
        " UNION ALL SELECT * FROM (SELECT 'outlet' AS facet, o AS value, COUNT(*) AS n FROM m"
        "  WHERE o IS NOT NULL GROUP BY o ORDER BY n DESC, o LIMIT ?) f2"
        " UNION ALL SELECT * FROM (SELECT 'month' AS facet, mo AS value, COUNT(*) AS n FROM m"
        "  WHERE mo IS NOT NULL GROUP BY mo ORDER BY mo DESC LIMIT ?) f3"
        " UNION ALL SELECT 'total' AS facet, NULL AS value, COUNT(*) AS n FROM m",
        [*params, scan_limit, size, size, size],
    )
    facets: dict[str, Any] = {"speaker": [], "outlet": [], "month": []}
    scanned = 0
    for row in rows:
        if row["facet"] == "total":
            scanned = int(row["n"])
        else:
            facets[row["facet"]].append({"value": row["value"], "n": int(row["n"])})
    facets["scanned"] = scanned
    facets["complete"] = scanned < scan_limit
    return facets


# -- entities and speakers ------------------------------------------------------------------


def entity_detail(store: ReadableStore, ref: str) -> dict[str, Any]:
    """One entity by id, name or alias (merges followed): roles, aliases and counts."""
    entity_id = store.find_entity_id(ref)
    rows = store.query(
        "SELECT e.id, e.name, e.type, e.roles,"
        " (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,"
        " (SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id) AS articles,"
        " (SELECT COUNT(*) FROM quotes q WHERE q.speaker_id = e.id) AS quotes,"
        " (SELECT COUNT(*) FROM statements s WHERE s.speaker_id = e.id) AS statements"
        " FROM entities e WHERE e.id = ?",
        [entity_id],
    )
    if not rows:
        raise NotFoundError(f"no entity {ref!r}")
    item = dict(rows[0])
    item["roles"] = json.loads(item["roles"] or "[]")
    item["aliases"] = [
        r["alias"]
        for r in store.query(
            "SELECT DISTINCT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", [entity_id]
        )
    ]
    return item


def list_speakers(
    store: ReadableStore, *, search: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    """People and organisations that have quotes, most quoted first (ties by id: stable pages)."""
    clauses, params = ["e.merged_into IS NULL"], []
    if search:
        from ..store import alias_key

        clauses.append("e.id IN (SELECT entity_id FROM entity_aliases WHERE alias_key LIKE ? ESCAPE '!')")
        params.append(f"%{_like_escape(alias_key(search))}%")
    rows = store.query(
        "SELECT e.id, e.name, e.type, e.roles, c.n AS quotes FROM entities e"
        " JOIN (SELECT speaker_id, COUNT(*) AS n FROM quotes WHERE speaker_id IS NOT NULL"
        "       GROUP BY speaker_id) c ON c.speaker_id = e.id"
        f" WHERE {' AND '.join(clauses)} ORDER BY c.n DESC, e.id LIMIT ? OFFSET ?",  # noqa: S608
        [*params, limit, offset],
    )
    out = _dicts(rows)
    for item in out:
        item["roles"] = json.loads(item["roles"] or "[]")
    return out


def speaker_quotes(store: ReadableStore, entity_id: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """A speaker's quotes, newest first."""
    rows = store.query(
        "SELECT q.*, a.headline FROM quotes q JOIN articles a ON a.id = q.article_id"
        " WHERE q.speaker_id = ? ORDER BY q.published DESC NULLS LAST, q.id LIMIT ? OFFSET ?",
        [entity_id, limit, offset],
    )
    return _dicts(rows)


def timeline(
    store: ReadableStore, entity_id: str | None = None, *, topic: str | None = None
) -> list[dict[str, Any]]:
    """Quotes per month: when the words were said (``said_on``) if known, else when published.

    Rows: ``{"month": "2025-09", "quotes": n, "statements": m, "first_published": …,
    "last_published": …}`` in month order, where ``statements`` counts distinct statements (the
    same words reported many times count once) and the dates bound when those quotes were published.
    """
    clauses, params = ["COALESCE(q.said_on, q.published) IS NOT NULL"], []
    if entity_id:
        clauses.append("q.speaker_id = ?")
        params.append(entity_id)
    if topic:
        clauses.append("q.statement_id IN (SELECT id FROM statements WHERE topics LIKE ? ESCAPE '!')")
        params.append(topic_pattern(topic))
    rows = store.query(
        "SELECT substr(COALESCE(q.said_on, q.published), 1, 7) AS month, COUNT(*) AS quotes,"
        " COUNT(DISTINCT q.statement_id) AS statements, MIN(q.published) AS first_published,"
        " MAX(q.published) AS last_published FROM quotes q"
        f" WHERE {' AND '.join(clauses)} GROUP BY substr(COALESCE(q.said_on, q.published), 1, 7)"  # noqa: S608
        " ORDER BY month",
        params,
    )
    return [r for r in _dicts(rows) if len(r["month"] or "") == 7]


def quoted_range(points: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """First and last publication of a speaker's quotes, from their timeline rows (no extra scan)."""
    firsts = [p["first_published"] for p in points if p.get("first_published")]
    lasts = [p["last_published"] for p in points if p.get("last_published")]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


# -- statements -----------------------------------------------------------------------------


def _json_list(value: Any) -> list[Any]:
    try:
        parsed = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


def _statement_row(row: Any) -> dict[str, Any]:
    """A statements row with its JSON lists (topics, and outlets since schema 2) decoded."""
    item = dict(row)
    item["topics"] = _json_list(item.get("topics"))
    if "outlets" in item:
        item["outlets"] = _json_list(item["outlets"])
    return item


def list_statements(
    store: ReadableStore,
    *,
    speaker_id: str | None = None,
    topic: str | None = None,
    position_id: str | None = None,
    order: str = "recent",
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Statements (distinct things said), newest or most reported first; stable by id."""
    clauses, params = ["1=1"], []
    if speaker_id:
        clauses.append("s.speaker_id = ?")
        params.append(speaker_id)
    if topic:
        clauses.append("s.topics LIKE ? ESCAPE '!'")
        params.append(topic_pattern(topic))
    if position_id:
        clauses.append("s.position_id = ?")
        params.append(position_id)
    order_by = (
        "s.reports DESC, s.first_seen DESC NULLS LAST, s.id"
        if order == "reports"
        else "s.first_seen DESC NULLS LAST, s.id"
    )
    rows = store.query(
        f"SELECT s.* FROM statements s WHERE {' AND '.join(clauses)} ORDER BY {order_by} LIMIT ? OFFSET ?",  # noqa: S608 (fixed)
        [*params, limit, offset],
    )
    return [_statement_row(r) for r in rows]


def get_statement(store: ReadableStore, statement_id: str) -> dict[str, Any]:
    rows = store.query("SELECT * FROM statements WHERE id = ?", [statement_id])
    if not rows:
        raise NotFoundError(f"no statement with id {statement_id!r}")
    return _statement_row(rows[0])


def statement_reports(store: ReadableStore, statement_id: str) -> list[dict[str, Any]]:
    """Every quote reporting a statement, with its article's outlet and syndication, oldest first."""
    rows = store.query(
        "SELECT q.id, q.article_id, q.kind, q.content, q.cue, q.speaker_name, q.speaker_id,"
        " q.speaker_confidence, q.said_on, q.published, a.outlet, a.headline, a.url, a.agency,"
        " a.syndication_group, a.is_copy, a.story_id FROM quotes q JOIN articles a ON a.id = q.article_id"
        " WHERE q.statement_id = ? ORDER BY q.published, q.id",
        [statement_id],
    )
    return _dicts(rows)


def position_labels(store: ReadableStore, position_ids: list[str]) -> dict[str, str]:
    """The label of each stored position (schema 2's ``positions`` table), by id.

    Positions are written by the statements stage; ids it has not stored get no label.
    """
    ids = sorted({p for p in position_ids if p})
    labels: dict[str, str] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists: a placeholder per id, values bound
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in store.query(f"SELECT id, label FROM positions WHERE id IN ({marks})", chunk):  # noqa: S608
            if row["label"]:
                labels[row["id"]] = row["label"]
    return labels


def statements_by_position(
    statements: list[dict[str, Any]], labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Group statements under their position (the same stance restated), biggest group first."""
    groups: dict[str, dict[str, Any]] = {}
    for s in statements:
        key = s.get("position_id") or s["id"]
        group = groups.setdefault(
            key,
            {
                "position_id": key,
                "label": (labels or {}).get(key),
                "statements": [],
                "reports": 0,
                "first_seen": None,
            },
        )
        group["statements"].append(s)
        group["reports"] += int(s.get("reports") or 0)
        seen = s.get("first_seen")
        if seen and (group["first_seen"] is None or seen < group["first_seen"]):
            group["first_seen"] = seen
    return sorted(groups.values(), key=lambda g: (-len(g["statements"]), -g["reports"], g["position_id"]))


# -- stories --------------------------------------------------------------------------------


def list_stories(store: ReadableStore, *, limit: int, offset: int) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT * FROM stories ORDER BY last_seen DESC NULLS LAST, id LIMIT ? OFFSET ?", [limit, offset]
    )
    return _dicts(rows)


def get_story(store: ReadableStore, story_id: str) -> dict[str, Any]:
    rows = store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    if not rows:
        raise NotFoundError(f"no story with id {story_id!r}")
    return dict(rows[0])


def story_articles(store: ReadableStore, story_id: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT id, outlet, headline, url, agency, published, syndication_group, is_copy FROM articles"
        " WHERE story_id = ? ORDER BY published, id",
        [story_id],
    )
    return _dicts(rows)


def fold_copies(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Independent reports, each with the syndicated copies of it folded under ``copies``.

    A copy whose origin is not in the list is shown on its own (marked as a copy), so nothing
    reported is hidden.
    """
    origins: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    orphans: list[dict[str, Any]] = []
    for a in articles:
        if not a.get("is_copy"):
            item = {**a, "copies": []}
            out.append(item)
            if a.get("syndication_group"):
                origins.setdefault(a["syndication_group"], item)
    for a in articles:
        if a.get("is_copy"):
            origin = origins.get(a.get("syndication_group") or "")
            if origin is not None:
                origin["copies"].append(a)
            else:
                orphans.append({**a, "copies": []})
    return out + orphans


# -- articles -------------------------------------------------------------------------------


def export_articles(
    store: ReadableStore,
    *,
    outlet: str | None,
    since: str | None,
    until: str | None,
    language: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    """Articles with their full text, for exports (the list endpoint leaves the body out)."""
    from ..store import article_where  # the store's own filter: same meaning as list_articles

    where, params = article_where(outlet=outlet, since=since, until=until, language=language)
    rows = store.query(
        "SELECT id, source, url, outlet, headline, subtitle, agency, authors, dateline, published, updated,"
        " language, body, syndication_group, is_copy, story_id FROM articles"
        f" WHERE {where} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",  # noqa: S608 (fixed clauses)
        [*params, limit, offset],
    )
    out = _dicts(rows)
    for item in out:
        item["authors"] = json.loads(item["authors"] or "[]")
    return out


def article_links(store: ReadableStore, article_id: str) -> dict[str, Any]:
    """Syndication and story of an article: its origin/copies and the story it belongs to."""
    rows = store.query("SELECT syndication_group, is_copy, story_id FROM articles WHERE id = ?", [article_id])
    if not rows:
        raise NotFoundError(f"no article with id {article_id!r}")
    row = dict(rows[0])
    siblings: list[dict[str, Any]] = []
    if row["syndication_group"]:
        siblings = _dicts(
            store.query(
                "SELECT id, outlet, headline, published, is_copy FROM articles WHERE syndication_group = ?"
                " AND id != ? ORDER BY published, id LIMIT 50",
                [row["syndication_group"], article_id],
            )
        )
    story = None
    if row["story_id"]:
        found = store.query("SELECT id, title FROM stories WHERE id = ?", [row["story_id"]])
        story = dict(found[0]) if found else {"id": row["story_id"], "title": None}
    return {
        "syndication_group": row["syndication_group"],
        "is_copy": bool(row["is_copy"]),
        "syndicated_with": siblings,
        "story": story,
    }


def raw_input(store: ReadableStore, article_id: str) -> tuple[bytes, str | None]:
    """An article's stored raw input (decompressed) and its kind."""
    from ..extract import decompress_raw

    rows = store.query("SELECT raw, input_kind FROM articles WHERE id = ?", [article_id])
    if not rows or rows[0]["raw"] is None:
        raise NotFoundError(f"no raw input stored for article {article_id!r}")
    return decompress_raw(rows[0]["raw"]), rows[0]["input_kind"]


def counts(store: ReadableStore) -> dict[str, int]:
    """Row counts for the front page and /api/stats."""
    row = store.query(
        "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM quotes) AS quotes,"
        " (SELECT COUNT(*) FROM entities WHERE merged_into IS NULL) AS entities,"
        " (SELECT COUNT(*) FROM statements) AS statements, (SELECT COUNT(*) FROM stories) AS stories,"
        " (SELECT COUNT(*) FROM failures) AS failures"
    )[0]
    return {k: int(row[k]) for k in ("articles", "quotes", "entities", "statements", "stories", "failures")}
