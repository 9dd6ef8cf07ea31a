"""The REST API and pages, in process over httpx's ASGI transport: reads, writes, auth, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed")

from quotetrail.server import app as app_module  # noqa: E402
from quotetrail.server import create_app  # noqa: E402
from quotetrail.types import Document, RawInput  # noqa: E402

from .server_data import (  # noqa: E402
    ARTICLES,
    NATO_WORDS,
    TOKEN,
    Client,
    client_for,
    postgres_database,
    seed_store,
)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "api.sqlite")
    seed_store(url)
    return url


@pytest.fixture()
def api(db: str) -> Iterator[Client]:
    with client_for(create_app(db)) as client:
        yield client


@pytest.fixture()
def writer_api(db: str) -> Iterator[Client]:
    with client_for(create_app(db, api_token=TOKEN)) as client:
        yield client


AUTH = {"authorization": f"Bearer {TOKEN}"}


def assert_error(response: Any, status: int) -> str:
    """Every error has one shape: {"error": {"status": int, "message": str}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return str(body["error"]["message"])


# -- articles -------------------------------------------------------------------------------


def test_articles_newest_first_with_filters(api: Client) -> None:
    items = api.get("/api/articles").json()["items"]
    assert [a["id"] for a in items] == ["a4", "a3", "a2", "a1"]
    assert {a["id"] for a in api.get("/api/articles", params={"outlet": "rt.com"}).json()["items"]} == {
        "a1",
        "a4",
    }
    september = api.get("/api/articles", params={"since": "2025-09", "until": "2025-09"}).json()["items"]
    assert {a["id"] for a in september} == {"a1", "a2", "a3"}
    assert api.get("/api/articles", params={"language": "de"}).json()["items"] == []


def test_pagination_is_stable_and_complete(api: Client) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = api.get("/api/quotes", params={"limit": 2, "offset": offset}).json()
        assert page["limit"] == 2 and page["offset"] == offset and len(page["items"]) <= 2
        seen += [q["id"] for q in page["items"]]
        offset = page["next_offset"]
    everything = [q["id"] for q in api.get("/api/quotes", params={"limit": 200}).json()["items"]]
    assert seen == everything and len(set(seen)) == len(seen) == sum(len(a.said) for a in ARTICLES)


def test_article_has_full_text_quotes_and_syndication(api: Client) -> None:
    body = api.get("/api/articles/a3").json()
    assert NATO_WORDS.split()[0] in body["text"]
    for quote in body["quotes"]:
        span = quote["content"]
        assert body["text"][span["start"] : span["end"]] == span["text"]
    assert body["is_copy"] is True
    assert [s["id"] for s in body["syndicated_with"]] == ["a2"]
    assert body["story"]["id"] == "story-nato"


def test_missing_article_is_a_404_in_the_error_shape(api: Client) -> None:
    assert "zzz" in assert_error(api.get("/api/articles/zzz"), 404)


def test_raw_input_is_a_plain_text_download(api: Client) -> None:
    response = api.get("/api/articles/a1/raw")
    assert response.status_code == 200
    assert response.content == b"raw page text"
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert_error(api.get("/api/articles/a4/raw"), 404)  # stored without its raw input


# -- quotes ---------------------------------------------------------------------------------


def test_quote_full_text_search_and_filters(api: Client) -> None:
    found = api.get("/api/quotes", params={"q": "nato"}).json()["items"]
    assert found and all("NATO" in q["content"] for q in found)
    assert len(found) == sum(1 for a in ARTICLES for s in a.said if "NATO" in s.words)
    by_fico = api.get("/api/quotes", params={"speaker": "Fico"}).json()["items"]
    assert [q["speaker_id"] for q in by_fico] == ["fico"]
    partial = api.get("/api/quotes", params={"kind": "partial"}).json()["items"]
    assert [q["kind"] for q in partial] == ["partial"]
    tass = api.get("/api/quotes", params={"outlet": "tass.com"}).json()["items"]
    assert {q["article_id"] for q in tass} == {"a2"}
    december = api.get("/api/quotes", params={"said_since": "2025-12"}).json()["items"]
    assert [q["article_id"] for q in december] == ["a4"]
    published_sept = api.get("/api/quotes", params={"since": "2025-09-03", "until": "2025-09"}).json()[
        "items"
    ]
    assert {q["article_id"] for q in published_sept} == {"a2", "a3"}
    on_topic = api.get("/api/quotes", params={"topic": "Ukraine"}).json()["items"]
    assert [q["statement_id"] for q in on_topic] == ["st-variants"]


def test_search_words_are_not_query_operators(api: Client) -> None:
    for q in ['NATO OR "', "NATO*", "content:threat", "')--", "NEAR(a b)"]:
        response = api.get("/api/quotes", params={"q": q})
        assert response.status_code == 200, (q, response.text)


def test_facets_count_the_matching_quotes(api: Client) -> None:
    facets = api.get("/api/quotes/facets", params={"q": "NATO"}).json()
    total = len(api.get("/api/quotes", params={"q": "NATO"}).json()["items"])
    assert facets["complete"] is True and facets["scanned"] == total
    for name in ("speaker", "outlet", "month"):
        assert sum(f["n"] for f in facets[name]) == total
    assert facets["speaker"][0] == {"value": "Vladimir Putin", "n": total}
    assert {f["value"] for f in facets["month"]} == {"2025-09"}


def test_facets_over_a_bounded_sample_say_so(db: str) -> None:
    from quotetrail.server.queries import QuoteFilter, quote_facets
    from quotetrail.store import open_store

    with open_store(db) as store:
        full = quote_facets(store, QuoteFilter(), 10)
        sample = quote_facets(store, QuoteFilter(), 10, scan_limit=2)
    assert full["complete"] is True and full["scanned"] == sum(len(a.said) for a in ARTICLES)
    assert sample["complete"] is False and sample["scanned"] == 2
    assert sum(f["n"] for f in sample["month"]) == 2
    assert sample["month"][0]["value"] == "2025-12"  # unfiltered, the sample is the latest quotes


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"since": "last tuesday"},
        {"kind": "shouted"},
        {"until": "2025-13-99x"},
    ],
)
def test_bad_parameters_are_422_in_the_error_shape(api: Client, params: dict[str, Any]) -> None:
    message = assert_error(api.get("/api/quotes", params=params), 422)
    assert next(iter(params)) in message


def test_unknown_route_and_method(api: Client) -> None:
    assert_error(api.get("/api/nothing-here"), 404)
    assert_error(api.request("DELETE", "/api/quotes"), 405)


def test_internal_errors_are_500_without_details(api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store: Any) -> dict[str, int]:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(app_module.queries, "counts", broken)
    message = assert_error(api.get("/api/stats"), 500)
    assert "secret" not in message


# -- entities, speakers, timeline -----------------------------------------------------------


def test_entities_and_speakers(api: Client) -> None:
    speakers = api.get("/api/speakers").json()["items"]
    assert [s["id"] for s in speakers] == ["putin", "fico"]  # most quoted first
    assert speakers[0]["quotes"] == 4
    putin = api.get("/api/entities/Putin").json()  # an alias finds the entity
    assert putin["id"] == "putin" and "President of Russia" in putin["roles"]
    assert {"Putin", "Vladimir Putin"} <= set(putin["aliases"])
    assert putin["quotes"] == 4 and putin["articles"] == 4
    assert (putin["first_quoted"], putin["last_quoted"]) == (ARTICLES[0].published, ARTICLES[3].published)
    assert [e["id"] for e in api.get("/api/entities", params={"search": "fico"}).json()["items"]] == ["fico"]
    assert_error(api.get("/api/entities/Nobody%20Atall"), 404)


def test_speaker_positions_and_timeline(api: Client) -> None:
    speaker = api.get("/api/speakers/putin").json()
    assert [p["position_id"] for p in speaker["positions"]] == ["pos-nato"]
    assert speaker["positions"][0]["label"] == "NATO, security"
    assert {s["id"] for s in speaker["positions"][0]["statements"]} == {"st-nato", "st-variants"}
    assert speaker["most_reported"][0]["id"] == "st-nato"
    timeline = api.get("/api/timeline", params={"speaker": "Vladimir Putin"}).json()["items"]
    assert [(p["month"], p["quotes"], p["statements"]) for p in timeline] == [
        ("2025-09", 3, 1),
        ("2025-12", 1, 1),
    ]
    quotes = api.get("/api/speakers/putin/quotes", params={"limit": 1}).json()
    assert quotes["items"][0]["article_id"] == "a4" and quotes["next_offset"] == 1


def test_statements_and_stories(api: Client) -> None:
    statements = api.get("/api/statements", params={"speaker": "putin", "order": "reports"}).json()["items"]
    assert [s["id"] for s in statements] == ["st-nato", "st-variants"]
    assert statements[0]["topics"] == ["NATO", "security"]
    assert statements[0]["outlets"] == ["rt.com", "tass.com", "copysite.example"]
    assert statements[0]["independent_reports"] == 2
    assert [s["id"] for s in api.get("/api/statements", params={"topic": "Ukraine"}).json()["items"]] == [
        "st-variants"
    ]
    restated = api.get("/api/statements", params={"position": "pos-nato"}).json()["items"]
    assert [s["id"] for s in restated] == ["st-variants", "st-nato"]  # newest first
    detail = api.get("/api/statements/st-nato").json()
    assert [r["article_id"] for r in detail["reports"]] == ["a1", "a2", "a3"]
    variants = {w["text"]: w for w in detail["wordings"]}
    assert variants["NATO expansion is a threat to our security"]["fidelity"] == 1.0
    restated = variants["NATO expansion is a threat to the security of Russia"]
    assert restated["reports"] == 2 and restated["outlets"] == ["tass.com", "copysite.example"]
    assert restated["fidelity"] < 1.0
    assert {p["op"] for p in restated["diff"]} >= {"equal", "replace"}
    assert_error(api.get("/api/statements/nope"), 404)
    story = api.get("/api/stories/story-nato").json()
    independent = {r["id"]: [c["id"] for c in r["copies"]] for r in story["reports"]}
    assert independent == {"a1": [], "a2": ["a3"]}  # the copy is folded under its origin
    assert [s["id"] for s in api.get("/api/stories").json()["items"]] == ["story-nato"]


def test_empty_store_degrades_to_empty_lists(tmp_path: Path) -> None:
    with client_for(create_app(str(tmp_path / "empty.sqlite"))) as api:
        for url in (
            "/api/articles",
            "/api/quotes",
            "/api/statements",
            "/api/stories",
            "/api/speakers",
            "/api/failures",
        ):
            assert api.get(url).json()["items"] == [], url
        assert api.get("/api/timeline").json()["items"] == []
        for page in ("/", "/speakers", "/stories", "/articles", "/?q=NATO"):
            assert api.html(page).status_code == 200, page


# -- exports --------------------------------------------------------------------------------


def test_exports_match_the_search(api: Client) -> None:
    expected = [q["id"] for q in api.get("/api/quotes", params={"q": "NATO", "limit": 200}).json()["items"]]
    jsonl = api.get("/api/export/quotes", params={"q": "NATO", "format": "jsonl"})
    assert jsonl.headers["content-disposition"] == 'attachment; filename="quotes.jsonl"'
    assert [json.loads(line)["id"] for line in jsonl.text.splitlines()] == expected
    rows = list(csv.DictReader(io.StringIO(api.get("/api/export/quotes", params={"format": "csv"}).text)))
    assert len(rows) == sum(len(a.said) for a in ARTICLES)
    formula = next(r for r in rows if "HYPERLINK" in r["content"])
    assert formula["content"].startswith("'=")  # spreadsheet formulas are neutralised
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(
        io.BytesIO(api.get("/api/export/quotes", params={"q": "NATO", "format": "parquet"}).content)
    )
    assert table.column("id").to_pylist() == expected
    articles = pq.read_table(
        io.BytesIO(api.get("/api/export/articles", params={"format": "parquet", "outlet": "rt.com"}).content)
    )
    assert sorted(articles.column("id").to_pylist()) == ["a1", "a4"]
    assert all(articles.column("body").to_pylist())
    assert_error(api.get("/api/export/quotes", params={"format": "xlsx"}), 422)


# -- writes and auth ------------------------------------------------------------------------

WRITES = [
    ("/api/ingest/page", {"content": "<p>x</p>"}),
    ("/api/ingest/url", {"url": "https://example.com/"}),
    ("/api/ingest/batch", {"pages": [{"content": "x"}]}),
    ("/api/entities/putin/aliases", {"alias": "VVP"}),
    ("/api/entities/merge", {"source": "fico", "target": "putin"}),
]


@pytest.mark.parametrize(("url", "body"), WRITES)
def test_writes_are_off_without_a_token(api: Client, url: str, body: dict[str, Any]) -> None:
    assert "disabled" in assert_error(api.post(url, json=body, headers=AUTH), 403)


@pytest.mark.parametrize(("url", "body"), WRITES)
def test_writes_need_the_bearer_token(writer_api: Client, url: str, body: dict[str, Any]) -> None:
    response = writer_api.post(url, json=body)
    assert_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error(writer_api.post(url, json=body, headers={"authorization": "Bearer wrong-token-xx"}), 401)
    assert_error(writer_api.post(url, json=body, headers={"authorization": TOKEN}), 401)


def test_reads_stay_public_with_a_token(writer_api: Client) -> None:
    assert writer_api.get("/api/quotes").status_code == 200


def test_alias_and_merge_edits(writer_api: Client) -> None:
    added = writer_api.post("/api/entities/putin/aliases", json={"alias": "VVP"}, headers=AUTH)
    assert added.status_code == 200 and "VVP" in added.json()["aliases"]
    assert writer_api.get("/api/entities/VVP").json()["id"] == "putin"
    merged = writer_api.post("/api/entities/merge", json={"source": "fico", "target": "putin"}, headers=AUTH)
    assert merged.json()["quotes"] == 5
    assert writer_api.get("/api/entities/fico").json()["id"] == "putin"  # merges are followed
    assert_error(
        writer_api.post("/api/entities/merge", json={"source": "nobody-x", "target": "putin"}, headers=AUTH),
        404,
    )
    assert_error(writer_api.post("/api/entities/merge", json={"source": "fico"}, headers=AUTH), 422)


def test_write_rate_limit(writer_api: Client) -> None:
    statuses = [
        writer_api.post(
            "/api/entities/merge", json={"source": "putin", "target": "putin"}, headers=AUTH
        ).status_code
        for _ in range(app_module.WRITE_RATE + 1)
    ]
    assert statuses[:-1] == [200] * app_module.WRITE_RATE
    response = writer_api.post(
        "/api/entities/merge", json={"source": "putin", "target": "putin"}, headers=AUTH
    )
    assert_error(response, 429)
    assert int(response.headers["retry-after"]) >= 1


def test_write_size_limit(writer_api: Client) -> None:
    big = "x" * (app_module.MAX_WRITE_BYTES + 200_000)
    assert_error(writer_api.post("/api/ingest/page", json={"content": big}, headers=AUTH), 413)
    many = {"pages": [{"content": "x"}] * (app_module.MAX_BATCH + 1)}
    assert_error(writer_api.post("/api/ingest/batch", json=many, headers=AUTH), 413)
    assert_error(writer_api.post("/api/ingest/batch", json={}, headers=AUTH), 422)

    async def stream() -> AsyncIterator[bytes]:
        yield b'{"content": "x"}'

    chunked = writer_api.post(
        "/api/ingest/page", content=stream(), headers={**AUTH, "content-type": "application/json"}
    )
    assert_error(chunked, 411)  # a body of unknown length is refused before it is read


def _fake_process(raws: list[RawInput], options: Any) -> list[Document]:
    """Stands in for extraction + NLP: the API's job is to route, store and report."""
    out = []
    for raw in raws:
        text = raw.content.decode()
        if "FAIL" in text:
            out.append(Document.failed(raw.source, "no article found"))
        else:
            out.append(
                Document(
                    source=raw.source,
                    text=text,
                    body=text,
                    headline=text[:20],
                    outlet=raw.outlet,
                    id=f"up-{abs(hash(text)) % 10**8}",
                    url=raw.url,
                    raw=raw.content,
                )
            )
    return out


def test_ingest_page_stores_and_reports(writer_api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "_process", _fake_process)
    response = writer_api.post(
        "/api/ingest/page",
        json={"content": "A new article body.", "kind": "clean", "outlet": "example.org"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    assert item["error"] is None
    stored = writer_api.get(f"/api/articles/{item['id']}").json()
    assert stored["text"] == "A new article body." and stored["outlet"] == "example.org"
    batch = writer_api.post(
        "/api/ingest/batch",
        json={"pages": [{"content": "FAIL here", "source": "bad.html"}, {"content": "Fine one."}]},
        headers=AUTH,
    )
    results = batch.json()["items"]
    assert [r["error"] is None for r in results] == [False, True]
    assert [f["source"] for f in writer_api.get("/api/failures").json()["items"]] == ["bad.html"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "file:///etc/passwd",
        "gopher://example.com/",
    ],
)
def test_url_ingest_refuses_private_addresses_and_other_schemes(
    writer_api: Client, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_fetch(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("fetched a refused URL")

    monkeypatch.setattr(app_module, "_fetch", must_not_fetch)
    assert_error(writer_api.post("/api/ingest/url", json={"url": url}, headers=AUTH), 400)
    batch = writer_api.post("/api/ingest/batch", json={"urls": [{"url": url}]}, headers=AUTH)
    assert batch.status_code == 200 and batch.json()["items"][0]["error"]


# -- headers, docs, pages -------------------------------------------------------------------


def test_security_headers_and_no_cors(api: Client) -> None:
    for url in ("/", "/api/quotes", "/static/style.css", "/api/nothing"):
        response = api.get(url, headers={"origin": "https://evil.example"})
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in response.headers
    preflight = api.request(
        "OPTIONS",
        "/api/quotes",
        headers={"origin": "https://evil.example", "access-control-request-method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_docs_page_lists_every_endpoint_without_a_cdn(api: Client) -> None:
    spec = api.get("/openapi.json").json()
    page = api.html("/docs").text
    for path in spec["paths"]:
        assert path in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_pages_render_the_store(api: Client) -> None:
    search = api.html("/?q=NATO")
    assert search.status_code == 200 and search.headers["content-type"].startswith("text/html")
    assert search.text.count('class="card') == 3 and "Vladimir Putin" in search.text
    assert 'href="/speakers/putin"' in search.text
    speaker = api.html("/speakers/Putin").text
    assert speaker.count('<rect class="bar"') == 4  # Sep..Dec 2025, empty months drawn too
    assert 'href="/statements/st-nato"' in speaker
    assert "<strong>NATO, security</strong>" in speaker and "(2 independent)" in speaker
    statement = api.html("/statements/st-nato").text
    assert '<mark class="diff"' in statement or '<ins class="diff"' in statement
    assert statement.count("syndicated cop") >= 1
    assert 'href="/statements/st-variants"' in statement  # the same position, restated
    assert 'href="/?topic=Ukraine"' in statement or 'href="/?topic=security"' in statement
    on_topic = api.html("/?topic=Ukraine").text
    assert on_topic.count('class="card') == 1 and "Variants exist" in on_topic
    article = api.html("/articles/a1").text
    assert article.count('<mark class="q sp') == 2 and 'tabindex="0"' in article
    assert 'href="/api/articles/a1/raw"' in article
    story = api.html("/stories/story-nato").text
    assert "2 independent reports, 1 syndicated copy" in story


def test_missing_pages_are_html_404s(api: Client) -> None:
    for url in ("/speakers/nobody-here", "/articles/zzz", "/statements/zzz", "/stories/zzz", "/nope"):
        response = api.html(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/html")
        assert 'data-status="404"' in response.text


# -- the same reads on PostgreSQL -----------------------------------------------------------

READ_TESTS = [
    test_articles_newest_first_with_filters,
    test_pagination_is_stable_and_complete,
    test_article_has_full_text_quotes_and_syndication,
    test_missing_article_is_a_404_in_the_error_shape,
    test_raw_input_is_a_plain_text_download,
    test_quote_full_text_search_and_filters,
    test_search_words_are_not_query_operators,
    test_facets_count_the_matching_quotes,
    test_entities_and_speakers,
    test_speaker_positions_and_timeline,
    test_statements_and_stories,
    test_exports_match_the_search,
    test_pages_render_the_store,
    test_missing_pages_are_html_404s,
]


@pytest.mark.parametrize("check", READ_TESTS, ids=lambda f: f.__name__.removeprefix("test_"))
def test_reads_on_postgres(pg_api: Client, check: Any) -> None:
    check(pg_api)


@pytest.fixture(scope="module")
def pg_api() -> Iterator[Client]:
    """One PostgreSQL database for the module's read checks (they do not write)."""
    with postgres_database() as url:
        seed_store(url)
        app = create_app(url)
        assert app.state.store.dialect == "postgres"
        with client_for(app) as client:
            yield client
        app.state.store.close()


def test_url_ingest_fetches_when_private_addresses_are_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real fetch path, against a loopback server (allowed only by allow_private_fetch)."""
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            body = b"<html><body><p>Fetched body text.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/story.html"
    seen: list[RawInput] = []

    def process(raws: list[RawInput], options: Any) -> list[Document]:
        seen.extend(raws)
        return _fake_process(raws, options)

    monkeypatch.setattr(app_module, "_process", process)
    try:
        db = str(tmp_path / "fetch.sqlite")
        with client_for(create_app(db, api_token=TOKEN, allow_private_fetch=True)) as api:
            response = api.post("/api/ingest/url", json={"url": url, "outlet": "local.test"}, headers=AUTH)
            assert response.status_code == 200, response.text
            [item] = response.json()["items"]
            assert item["error"] is None
            assert api.get(f"/api/articles/{item['id']}").json()["outlet"] == "local.test"
        with client_for(create_app(db, api_token=TOKEN)) as api:  # the default refuses the same URL
            assert_error(api.post("/api/ingest/url", json={"url": url}, headers=AUTH), 400)
    finally:
        server.shutdown()
    [raw] = seen
    assert raw.kind == "html" and raw.url == url and b"Fetched body text." in raw.content


def test_exports_page_through_every_row_up_to_the_cap() -> None:
    data = [{"id": i} for i in range(25)]
    calls: list[tuple[int, int]] = []

    def fetch(n: int, offset: int) -> list[dict[str, Any]]:
        calls.append((n, offset))
        return data[offset : offset + n]

    assert [r["id"] for r in app_module._paged_rows(fetch, cap=100, size=10)] == list(range(25))
    assert calls == [(10, 0), (10, 10), (10, 20)]
    assert [r["id"] for r in app_module._paged_rows(fetch, cap=15, size=10)] == list(range(15))


def test_events_lists_past_events_by_person(db: str) -> None:
    from quotetrail.store import open_store
    from quotetrail.stories import EventIndex, EventReference

    index = EventIndex()
    for doc_id, text, date in [
        ("a1", "Putin met Trump in Anchorage on August 15.", "2025-08-15"),
        ("a2", "Asked about his meeting with Trump in Alaska, Putin said it went well.", None),
    ]:
        index.add(
            EventReference(
                doc_id=doc_id,
                start=0,
                end=len(text),
                text=text,
                trigger="met" if date else "meeting",
                date=date,
                persons=["putin", "trump"],
                places=["anchorage"],
                names={"putin": "Vladimir Putin", "trump": "Donald Trump", "anchorage": "Anchorage"},
            )
        )
    with open_store(db) as store, store.transaction() as conn:
        conn.execute(
            "INSERT INTO index_state (name, state, updated_at) VALUES (?, ?, ?)",
            ("events", json.dumps(index.to_dict()), "2026-01-01T00:00:00+00:00"),
        )
    with client_for(create_app(db)) as api:
        page = api.get("/api/events", params={"person": "putin"}).json()
        assert [(e["kind"], e["articles"], e["date"]) for e in page["items"]] == [
            ("meeting", 2, "2025-08-15")
        ]
        assert "Anchorage" in page["items"][0]["label"]
        assert api.get("/api/events", params={"person": "Zelensky"}).json()["items"] == []
        assert_error(api.get("/api/events", params={"min_articles": 0}), 422)
