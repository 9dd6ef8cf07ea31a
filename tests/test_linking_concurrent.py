"""Two processes linking into one store take turns: neither's articles are lost from the indexes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quotetrail.linking import Linker
from quotetrail.pipeline import analyse_text
from quotetrail.store import open_store
from quotetrail.types import Document

ARTICLES = [
    (
        "Mayor Elena Ruiz said on Monday that the Eastgate Bridge would reopen before the end of March. "
        '"We owe the east side a straight answer," Ruiz told reporters.',
        "2026-03-09",
    ),
    (
        "Council member Victor Hale warned on Tuesday that the repair budget had grown by a third. "
        '"I will believe it when I drive across it," Hale said.',
        "2026-03-10",
    ),
    (
        "Governor Ann Park said on Wednesday that the state would pay for half of the bridge repairs. "
        '"This is money well spent," Park said.',
        "2026-03-11",
    ),
]


def _docs() -> list[Document]:
    docs = []
    for i, (text, published) in enumerate(ARTICLES):
        doc = analyse_text(text, published=published)
        doc.source = f"article-{i}.txt"
        assert doc.quotes, "each test article has quotes to link"
        docs.append(doc)
    return docs


def _stores(tmp_path: Path) -> list[str]:
    urls = [str(tmp_path / "shared.sqlite")]
    if os.environ.get("QUOTETRAIL_TEST_PG"):
        urls.append(os.environ["QUOTETRAIL_TEST_PG"])
    return urls


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_linkers_on_one_store_lose_nothing(tmp_path: Path, backend: str) -> None:
    urls = _stores(tmp_path)
    if backend == "postgres" and len(urls) < 2:
        pytest.skip(
            "no PostgreSQL server: set $QUOTETRAIL_TEST_PG (scripts/pg_test_server.sh start prints a URL)"
        )
    url = urls[0] if backend == "sqlite" else urls[1]
    first_doc, second_doc, third_doc = _docs()
    with open_store(url) as setup:
        if backend == "postgres":  # a shared server: start from empty linking state
            with setup.transaction() as conn:
                for table in ("index_state", "statements", "positions", "stories"):
                    conn.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
                conn.execute("DELETE FROM articles")
        setup.save_documents([first_doc, second_doc, third_doc], None)

    # Two "processes": each opens the store and reads the (empty) linking state before either saves.
    with open_store(url) as store_a, open_store(url) as store_b:
        linker_a, linker_b = Linker(store_a), Linker(store_b)
        linker_a.add([first_doc])
        linker_b.add([second_doc, third_doc])
        linker_a.save()
        linker_b.save()  # finds A's save in the store: reloads, then adds its own

    with open_store(url) as store:
        fresh = Linker(store)
        for doc in (first_doc, second_doc, third_doc):
            assert doc.id in fresh.syndication, f"{doc.source} lost from the syndication index"
        speakers = {s.speaker for s in fresh.statements.statements()}
        assert {"Elena Ruiz", "Victor Hale", "Ann Park"} <= speakers
        ids = [r["id"] for r in store.query("SELECT id FROM statements")]
        assert len(ids) == len(set(ids)) == len(fresh.statements)
        linked = store.query("SELECT COUNT(*) AS n FROM quotes WHERE statement_id IS NOT NULL")[0]["n"]
        assert linked == sum(len(d.quotes) for d in (first_doc, second_doc, third_doc))
        unlinked = store.query("SELECT COUNT(*) AS n FROM articles WHERE syndication_group IS NULL")[0]["n"]
        assert unlinked == 0


def test_saves_come_in_batches_that_grow_with_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotetrail.linking as linking

    monkeypatch.setattr(linking, "MIN_SAVE_BATCH", 2)
    docs = _docs()
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.save_documents(docs, None)
        linker = Linker(store)
        linker.add(docs[:1])
        assert not linker.should_save()
        linker.add(docs[1:2])
        assert linker.should_save()
        linker.save()
        assert not linker.should_save()
        # Unsaved links are not lost for good: the next run links what was stored but not saved.
        linker.add(docs[2:])
    with open_store(str(tmp_path / "s.sqlite")) as store:
        rerun = Linker(store)
        assert docs[2].id not in rerun.syndication
        assert rerun.catch_up() == 1
        rerun.save()
        assert docs[2].id in Linker(store).syndication
