"""The web UI in a real browser: Debian's chromium driven by Playwright over a live uvicorn.

The store holds the two seed scrapes, ingested by the real pipeline, plus a page carrying XSS
payloads. The walk is the one a researcher takes: search "NATO", open Putin's speaker page, open
the statement page of his restated position; along the way nothing from the XSS page may run.
Screenshots go to ``artifacts/screenshots/`` (kept by CI).

Skips cleanly when playwright (the PyPI package) or /usr/bin/chromium is missing; never runs
``playwright install``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (PyPI) is not installed")

from quotetrail.store import open_store  # noqa: E402

from .server_data import build_document  # noqa: E402
from .test_security import xss_article  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A store with the seeds (when shared/ is here) and the XSS page."""
    url = str(tmp_path_factory.mktemp("browser") / "browser.sqlite")
    seeded = SEEDS.exists()
    if seeded:
        from quotetrail.pipeline import ingest
        from quotetrail.settings import Options

        with open_store(url) as store:
            summary = ingest(sorted(str(p) for p in SEEDS.glob("*.txt")), store, Options.load())
            assert summary.stored == 2, summary.failures
    with open_store(url) as store:
        store.save_documents([build_document(xss_article())])
        if seeded and store.count("statements") == 0:
            link_statements(store)
        statements = store.count("statements")
    return {"url": url, "seeded": seeded, "statements": statements}


def link_statements(store: Any) -> None:
    """Stand-in for the pipeline's statements stage, which does not store its results yet.

    Runs the real :class:`~quotetrail.statements.StatementIndex` over the stored seed articles
    and writes statements, positions and each quote's statement id as the store's schema says.
    """
    from quotetrail.statements import StatementIndex

    index = StatementIndex()
    quote_links: list[tuple[str, str]] = []
    for (article_id,) in store.query("SELECT id FROM articles ORDER BY published, id"):
        doc = store.get_document(article_id)
        kept = [i for i, q in enumerate(doc.quotes) if q.content.text.strip()]
        for position, statement_id in zip(kept, index.add_document(doc), strict=True):
            quote_links.append((statement_id, f"{doc.id}:{position}"))
    with store.transaction() as conn:
        for st in index.statements():
            speaker_id = next((r.speaker_id for r in st.reports if r.speaker_id), None)
            conn.execute(
                "INSERT INTO statements (id, speaker_id, speaker_name, position_id, first_seen, last_seen,"
                " wording, topics, reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    st.id,
                    speaker_id,
                    st.speaker,
                    st.position_id,
                    st.first_seen,
                    st.last_seen,
                    st.text,
                    json.dumps(st.topics),
                    len(st.reports),
                ),
            )
        conn.executemany("UPDATE quotes SET statement_id = ? WHERE id = ?", quote_links)


@pytest.fixture(scope="module")
def server(store_url: dict[str, Any]) -> Iterator[str]:
    """uvicorn serving the app on a free loopback port, in a thread, for the module."""
    import uvicorn

    from quotetrail.server import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(store_url["url"]), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watch:
    """A page plus everything that would show a script ran or was blocked."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def assert_no_script_ran(self) -> None:
        assert self.page.evaluate("typeof window.__xss") == "undefined"
        assert self.dialogs == []
        # No CSP refusals (which would mean markup got through), no JS errors, no missing assets.
        assert self.errors == []


@pytest.fixture()
def page(browser: Any) -> Iterator[Watch]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    watch = Watch(context.new_page())
    yield watch
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def need_seeds(store_url: dict[str, Any]) -> None:
    if not store_url["seeded"]:
        pytest.skip(f"{SEEDS} is not here (the shared corpus sits beside the repo in CI)")


def test_search_speaker_statement_walk(page: Watch, server: str, store_url: dict[str, Any]) -> None:
    need_seeds(store_url)
    p = page.page
    p.goto(server + "/")
    p.keyboard.press("/")  # the shortcut focuses the search box (static/app.js)
    assert p.evaluate("document.activeElement.id") == "q"
    p.keyboard.type("NATO")
    p.keyboard.press("Enter")
    p.wait_for_url("**/?q=NATO")
    cards = p.locator("section.results article.card")
    assert cards.count() >= 3
    assert all("nato" in t.lower() for t in cards.locator(".quote-text").all_inner_texts())
    assert p.locator("aside.facets").get_by_text("Vladimir Putin").count() == 1
    shot(p, "01-search-nato")
    page.assert_no_script_ran()  # the XSS page's quote mentions NATO too

    p.locator("section.results a.speaker", has_text="Vladimir Putin").first.click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text() == "Vladimir Putin"
    assert p.locator("figure.timeline svg rect.bar").count() >= 4  # Sep..Dec 2025
    assert "President" in p.locator(".page-head .meta").inner_text()
    shot(p, "02-speaker-putin")

    if store_url["statements"] == 0:
        pytest.skip("no statements in the store: statement linking did not run")
    # The restated position: one stance in several statements (the seeds are months apart).
    restated = p.locator("details.position", has=p.locator("li:nth-child(2)"))
    if restated.count() == 0:
        pytest.skip("the statements stage found no position restated across statements in the seeds")
    position = restated.first
    if position.get_attribute("open") is None:
        position.locator("summary").click()
    link = position.locator("li a").first
    wording = link.inner_text()
    link.click()
    p.wait_for_load_state()
    assert p.locator("h1.statement-wording").inner_text().strip("“”") == wording
    assert p.locator(".wordings .report").count() >= 1
    assert "first seen" in p.locator(".page-head .meta").inner_text()
    shot(p, "03-statement")
    page.assert_no_script_ran()


def test_xss_page_runs_nothing(page: Watch, server: str) -> None:
    p = page.page
    for url in ("/articles/xss1", "/?q=NATO", "/speakers/evil", "/articles"):
        p.goto(server + url)
        p.wait_for_load_state()
        page.assert_no_script_ran()
    p.goto(server + "/articles/xss1")
    assert "<script>" in p.locator("h1").inner_text()  # shown as text, not run
    shot(p, "04-xss-article-escaped")


def test_article_quote_shows_speaker_on_keyboard_focus(
    page: Watch, server: str, store_url: dict[str, Any]
) -> None:
    need_seeds(store_url)
    p = page.page
    p.goto(server + "/articles")
    p.locator("ul.rows a", has_text="Putin").first.click()
    p.wait_for_load_state()
    tip = p.locator("mark.q .tip").first
    assert not tip.is_visible()
    for _ in range(60):  # tab from the top until a quote has focus
        p.keyboard.press("Tab")
        if p.evaluate("document.activeElement.classList.contains('q')"):
            break
    else:
        pytest.fail("no highlighted quote is reachable with Tab")
    focused_tip = p.locator("mark.q:focus .tip")
    assert focused_tip.is_visible()
    assert "confidence" in focused_tip.inner_text()
    shot(p, "05-article-quote-focus")


def test_readable_at_phone_width(browser: Any, server: str, store_url: dict[str, Any]) -> None:
    need_seeds(store_url)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        p = context.new_page()
        for url, name in (
            ("/?q=NATO", "06-phone-search"),
            ("/speakers/Vladimir%20Putin", "07-phone-speaker"),
            ("/articles/xss1", "08-phone-article"),
        ):
            p.goto(server + url)
            p.wait_for_load_state()
            overflow = p.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at 375px"
            shot(p, name)
    finally:
        context.close()
