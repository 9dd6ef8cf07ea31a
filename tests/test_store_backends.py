"""The store behaves the same on SQLite and PostgreSQL.

PostgreSQL tests need a server: set QUOTETRAIL_TEST_PG to a URL whose user may create databases
(``scripts/pg_test_server.sh start`` prints one); each test gets a database of its own. Without
it, the PostgreSQL half of each test is skipped and says why.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotetrail.errors import NotFoundError, StoreError
from quotetrail.store import SQLiteStore, Store, open_store
from quotetrail.types import Document, Entity, Quote, Span, Speaker, TimeExpression

PG_ENV = "QUOTETRAIL_TEST_PG"


def _pg_database() -> Iterator[str]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set ${PG_ENV} (scripts/pg_test_server.sh start prints a URL)")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (the 'postgres' extra)")
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at ${PG_ENV} is not reachable: {exc}")
    name = f"qt_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
    else:
        yield from _pg_database()


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


TEXT = (
    'Maria Lopez said on Tuesday that "the budget is final." The council disagreed, '
    'and John Carter called it "a 100% mistake."'
)


def make_doc(n: int, *, text: str = TEXT, published: str | None = "2025-09-02", quotes: int = 2) -> Document:
    def span(needle: str) -> Span:
        start = text.index(needle)
        return Span(start, start + len(needle), needle)

    maria = Entity(
        id="person:maria-lopez",
        name="Maria Lopez",
        type="person",
        mentions=[span("Maria Lopez")],
        roles=["minister"],
        confidence=0.75,
    )
    john = Entity(id="person:john-carter", name="John Carter", type="person", mentions=[span("John Carter")])
    council = Entity(
        id="org:council", name="The council", type="organization", mentions=[span("The council")]
    )
    when = span("on Tuesday")
    all_quotes = [
        Quote(
            kind="direct",
            content=span("the budget is final."),
            cue=span("said"),
            mention=span("Maria Lopez"),
            speaker=Speaker(name="Maria Lopez", id="person:maria-lopez", confidence=0.9, via="name"),
            said_on="2025-09-02",
        ),
        Quote(
            kind="direct",
            content=span("a 100% mistake."),
            cue=span("called"),
            speaker=Speaker(name="John Carter", id="person:john-carter", confidence=0.6, via="name"),
        ),
    ]
    return Document(
        source=f"page{n}.html",
        id=f"art{n:04d}",
        text=text,
        body=text,
        headline=f"Budget row {n}",
        outlet="example.com",
        authors=["A. Writer"],
        published=published,
        language="en",
        url=f"https://example.com/{n}",
        input_kind="html",
        warnings=["a warning"],
        quotes=all_quotes[:quotes],
        entities=[maria, john, council],
        times=[TimeExpression(when.start, when.end, when.text, value="2025-09-02", granularity="day")],
        raw=f"<html>{n}</html>".encode(),
    )


def sorted_record(doc: Document) -> dict[str, object]:
    record = doc.to_dict(include_raw=True)
    record["entities"] = sorted(record["entities"], key=lambda e: e["id"])
    return record


def test_a_saved_document_reads_back_unchanged(store: Store) -> None:
    doc = make_doc(1)
    store.save_documents([doc], "batch.warc")
    assert sorted_record(store.get_document("art0001")) == sorted_record(doc)
    assert store.get_document("art000").id == "art0001"  # a unique id prefix is enough
    with pytest.raises(NotFoundError):
        store.get_document("nope")


def test_saving_again_replaces_rather_than_duplicates(store: Store) -> None:
    store.save_documents([make_doc(1), make_doc(2)], "c")
    store.save_documents([make_doc(1, quotes=1)], "c")
    assert store.count("articles") == 2
    assert store.count("quotes") == 3
    assert store.count("entities") == 3
    assert len(store.get_document("art0001").quotes) == 1


def test_full_text_search_on_quotes(store: Store) -> None:
    store.save_documents([make_doc(1), make_doc(2, published="2025-10-01")])
    found = store.search_quotes(text="BUDGET")
    assert [r["article_id"] for r in found] == ["art0002", "art0001"]  # newest first
    assert all("budget" in r["content"] for r in found)
    assert store.search_quotes(text="budget final", until="2025-09") == [found[1]]
    assert store.search_quotes(text="mistake") and not store.search_quotes(text="elephant")
    # Search operators and quotes in user input are words, never syntax.
    assert store.search_quotes(text='"budget" OR -x* (final') == []
    assert len(store.search_quotes(text='budget" final)')) == 2
    assert {r["speaker_name"] for r in store.search_quotes(speaker="Maria Lopez")} == {"Maria Lopez"}


def test_lists_and_counts(store: Store) -> None:
    store.save_documents([make_doc(1, published=None), make_doc(2), make_doc(3, published="2025-12-24")])
    articles = store.list_articles()
    assert [a["id"] for a in articles] == ["art0003", "art0002", "art0001"]  # undated last
    assert articles[0]["quotes"] == 2
    assert [a["id"] for a in store.list_articles(since="2025-10", limit=5)] == ["art0003"]
    entities = store.list_entities(type="person")
    assert {e["name"] for e in entities} == {"Maria Lopez", "John Carter"}
    assert all(e["articles"] == 3 for e in entities)
    with pytest.raises(StoreError):
        store.count("articles; DROP TABLE articles")


def test_inputs_and_failures_for_resuming(store: Store) -> None:
    assert not store.input_done("a.warc")
    store.mark_input("a.warc", "started")
    store.record_failure("page1.html", "no article found", "a.warc")
    assert [f["source"] for f in store.failures()] == ["page1.html"]
    store.save_documents([make_doc(1)], "a.warc")
    assert store.failures() == []  # a document that now succeeds is no longer a failure
    assert store.known_sources("a.warc") == {"page1.html"}
    assert not store.input_done("a.warc")
    store.mark_input("a.warc", "done", 1, 0)
    assert store.input_done("a.warc")


def test_identity_edits_survive_reingest(store: Store) -> None:
    store.save_documents([make_doc(1)])
    assert store.add_alias("Minister Lopez", "Maria Lopez") == "person:maria-lopez"
    assert store.find_entity_id("minister lopez") == "person:maria-lopez"
    target = store.merge_entities("John Carter", "Maria Lopez")
    assert store.find_entity_id("John Carter") == target == "person:maria-lopez"
    store.save_documents([make_doc(2)])  # re-ingest: the merge is honoured for new articles
    speakers = {r["speaker_id"] for r in store.search_quotes(text="mistake")}
    assert speakers == {"person:maria-lopez"}
    new_id = store.split_entity("Maria Lopez", "John Carter")
    assert new_id != target and store.find_entity_id("John Carter") == new_id
    names = [e["name"] for e in store.list_entities()]
    assert names.count("Maria Lopez") == 1


def test_query_binds_parameters_and_rows_read_both_ways(store: Store) -> None:
    store.save_documents([make_doc(1)])
    rows = store.query(
        "SELECT id, headline FROM articles WHERE id = ? AND headline LIKE ?", ("art0001", "Budget%")
    )
    assert rows[0]["headline"] == rows[0][1] == "Budget row 1"
    assert dict(rows[0]) == {"id": "art0001", "headline": "Budget row 1"}
    assert store.query("SELECT id FROM articles WHERE id = ?", ("art0001' OR '1'='1",)) == []


def test_reopening_keeps_data_and_schema(store_url: str) -> None:
    with open_store(store_url) as first:
        first.save_documents([make_doc(1)])
        version = first.schema_version()
    with open_store(store_url) as again:
        assert again.schema_version() == version >= 1
        assert again.count("articles") == 1


def test_concurrent_writers(store_url: str) -> None:
    """Writers in several threads, each with its own store (own connections), sharing entities."""
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            with open_store(store_url) as own:
                for n in range(offset, offset + 30, 3):
                    docs = [make_doc(n), make_doc(n + 1), make_doc(n + 2)]
                    own.save_documents(docs[::-1] if offset % 2 else docs)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    with open_store(store_url):
        pass  # migrate once before the race, like a deployment would
    threads = [threading.Thread(target=writer, args=(k * 30,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as check:
        assert check.count("articles") == 90
        assert check.count("quotes") == 180
        assert check.count("entities") == 3
        assert check.count("mentions") == 270


def test_open_store_picks_the_backend_from_the_url(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'x.sqlite'}") as store:
        assert isinstance(store, SQLiteStore)
    pytest.importorskip("psycopg", reason="psycopg is not installed (the 'postgres' extra)")
    with pytest.raises(StoreError) as info:
        open_store("postgresql://someone:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(info.value)  # the password never reaches a message


def test_placeholders_for_psycopg() -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed (the 'postgres' extra)")
    from quotetrail.store.postgres import to_pyformat

    assert to_pyformat("SELECT '?', \"a?\" FROM t WHERE x = ? AND y LIKE '5%'") == (
        "SELECT '?', \"a?\" FROM t WHERE x = %s AND y LIKE '5%%'"
    )
