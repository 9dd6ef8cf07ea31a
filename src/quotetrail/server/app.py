"""The REST API and the web UI, one FastAPI app over one store.

``create_app(store_url)`` opens the store and returns the app; ``run()`` serves it with uvicorn
(``quotetrail serve`` calls it). Reads are public. Writes (ingest, alias and merge edits) exist
only when the server is started with an API token, and then need ``Authorization: Bearer``;
they are size- and rate-limited because each one runs the NLP pipeline.

Every error, API or page, HTTP or validation or a bug, leaves as one shape:
``{"error": {"status": int, "message": str}}`` (pages get the same status with an HTML body).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (
    BlockedAddressError,
    ConfigError,
    ExtractionError,
    FetchError,
    InputError,
    NotFoundError,
    QuotetrailError,
    StoreError,
    TooLargeError,
)
from ..settings import Options
from ..types import Document, RawInput
from . import queries, views
from .cache import CachedReads
from .queries import QuoteFilter
from .security import HardeningMiddleware, RateLimiter, token_matches

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

#: Page size cap for every list endpoint, and the default.
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
#: Highest offset accepted: deep paging is what exports are for.
MAX_OFFSET = 1_000_000
#: Rows an export may hold (bounded so one request cannot hold the server for minutes).
EXPORT_MAX_ROWS = 100_000
#: A write's request body (a page, a batch) may not be larger than this.
MAX_WRITE_BYTES = 5_000_000
#: Pages or URLs in one batch write.
MAX_BATCH = 20
#: Write requests per client per minute.
WRITE_RATE = 30

SearchLimit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
DateParam = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="ISO date, or a prefix (2025, 2025-09)")
]
Kind = Literal["direct", "partial", "indirect", "mixed"]
ExportFormat = Literal["jsonl", "csv", "parquet"]

QUOTE_COLUMNS = [
    "id",
    "article_id",
    "kind",
    "content",
    "cue",
    "mention",
    "speaker_name",
    "speaker_id",
    "speaker_confidence",
    "said_on",
    "published",
    "outlet",
    "statement_id",
    "headline",
    "url",
    "source",
]
ARTICLE_COLUMNS = [
    "id",
    "source",
    "url",
    "outlet",
    "headline",
    "subtitle",
    "agency",
    "authors",
    "dateline",
    "published",
    "updated",
    "language",
    "body",
    "syndication_group",
    "is_copy",
    "story_id",
]


# -- request bodies -------------------------------------------------------------------------


class UrlIngest(BaseModel):
    """Fetch one public web page and ingest it."""

    url: str = Field(
        max_length=2048, description="http(s) URL; private, loopback and link-local hosts are refused"
    )
    outlet: str | None = Field(None, max_length=200, description="the publishing outlet, if known")


class PageIngest(BaseModel):
    """Ingest a page given in the request (HTML, a flattened text scrape, or clean article text)."""

    content: str = Field(min_length=1, description="the page itself")
    kind: Literal["html", "text", "clean"] = "html"
    source: str | None = Field(None, max_length=2048, description="a name for the input (default: derived)")
    url: str | None = Field(None, max_length=2048, description="where the page was published")
    outlet: str | None = Field(None, max_length=200)
    published: str | None = Field(None, pattern=DATE_PATTERN)


class BatchIngest(BaseModel):
    """Several pages and/or URLs in one request (at most MAX_BATCH in all)."""

    pages: list[PageIngest] = Field(default_factory=list)
    urls: list[UrlIngest] = Field(default_factory=list)


class AliasEdit(BaseModel):
    alias: str = Field(min_length=1, max_length=200)


class MergeEdit(BaseModel):
    source: str = Field(min_length=1, max_length=200, description="the identity to fold away")
    target: str = Field(min_length=1, max_length=200, description="the identity that remains")


# -- errors ---------------------------------------------------------------------------------


def _status_for(exc: QuotetrailError) -> int:
    """HTTP status for a library error: the caller's fault (4xx) or ours (5xx)."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, TooLargeError):
        return 413
    if isinstance(exc, BlockedAddressError):
        return 400
    if isinstance(exc, FetchError):
        return 502
    if isinstance(exc, InputError | ExtractionError | ConfigError):
        return 422
    return 500


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi")) and "text/html" in request.headers.get(
        "accept", ""
    )


def _process(raws: list[RawInput], options: Options) -> list[Document]:
    """Extraction and NLP for uploaded or fetched pages (a seam tests may replace)."""
    from ..pipeline import process_chunk

    return process_chunk(raws, options)


def _fetch(url: str, options: Options) -> RawInput:
    """Fetch a URL safely (private addresses refused at every redirect hop, size and time bounded)."""
    from ..fetch import fetch

    page = fetch(url, options)
    kind: Literal["html", "text"] = "text" if (page.content_type or "").startswith("text/plain") else "html"
    return RawInput(source=url, content=page.content, kind=kind, url=page.url, encoding=page.charset)


class _Writer:
    """Runs ingests one at a time: the NLP model is large and the store has one writer anyway."""

    def __init__(self, store: Any, options: Options, on_write: Callable[[], None]) -> None:
        self.store = store
        self.options = options
        self.on_write = on_write
        self.lock = threading.Lock()

    def ingest(self, raws: list[RawInput]) -> list[dict[str, Any]]:
        """Process and store ``raws``; one result per input, in order (failures recorded too)."""
        with self.lock:
            docs = _process(raws, self.options)
            good = [d for d in docs if not d.error]
            if good:
                self.store.save_documents(good, container="api")
                self.on_write()
            results: list[dict[str, Any]] = []
            for doc in docs:
                if doc.error:
                    self.store.record_failure(doc.source, doc.error, "api")
                    results.append({"source": doc.source, "error": doc.error, "id": None})
                else:
                    results.append(
                        {
                            "source": doc.source,
                            "error": None,
                            "id": doc.id,
                            "headline": doc.headline,
                            "quotes": len(doc.quotes),
                        }
                    )
            return results


def _page_raw(page: PageIngest) -> RawInput:
    import hashlib

    content = page.content.encode("utf-8")
    if len(content) > MAX_WRITE_BYTES:
        raise TooLargeError(f"page over the limit of {MAX_WRITE_BYTES} bytes")
    source = page.source or page.url or f"upload:{hashlib.sha256(content).hexdigest()[:16]}"
    return RawInput(
        source=source,
        content=content,
        kind=page.kind,
        url=page.url,
        outlet=page.outlet,
        published=page.published,
        container="api",
        encoding="utf-8",
    )


# -- helpers --------------------------------------------------------------------------------


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """One list response shape everywhere; ``items`` was fetched with ``limit + 1`` rows."""
    more = len(items) > limit
    return {
        "items": items[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def _quote_filter(
    q: str | None,
    speaker: str | None,
    kind: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    said_since: str | None,
    said_until: str | None,
    topic: str | None,
) -> QuoteFilter:
    return QuoteFilter(
        text=q or None,
        speaker=speaker or None,
        kind=kind or None,
        outlet=outlet or None,
        since=since,
        until=until,
        said_since=said_since,
        said_until=said_until,
        topic=topic or None,
    )


def _search(store: Any, f: QuoteFilter, limit: int, offset: int) -> list[dict[str, Any]]:
    if f.topic:
        return queries.search_quotes_by_topic(store, f, limit, offset)
    return list(store.search_quotes(**f.store_kwargs(), limit=limit, offset=offset))


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas: article text is untrusted and CSVs get opened in Excel."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _export(rows: Iterator[dict[str, Any]], columns: list[str], fmt: str, name: str) -> Response:
    """Stream rows as JSONL or CSV; Parquet is built in memory (bounded by EXPORT_MAX_ROWS)."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "jsonl":

        def jsonl() -> Iterator[bytes]:
            for row in rows:
                yield (json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n").encode()

        return StreamingResponse(jsonl(), media_type="application/x-ndjson", headers=headers)
    if fmt == "csv":

        def csv_lines() -> Iterator[bytes]:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_cell(row.get(c)) for c in columns])
                if buffer.tell() > 64_000:
                    yield buffer.getvalue().encode()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue().encode()

        return StreamingResponse(csv_lines(), media_type="text/csv; charset=utf-8", headers=headers)
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = list(rows)
    table = (
        pa.Table.from_pylist(
            [
                {c: (json.dumps(r.get(c)) if isinstance(r.get(c), list) else r.get(c)) for c in columns}
                for r in data
            ]
        )
        if data
        else pa.table({c: pa.array([], pa.string()) for c in columns})
    )
    out = io.BytesIO()
    pq.write_table(table, out)
    return Response(out.getvalue(), media_type="application/vnd.apache.parquet", headers=headers)


def _paged_rows(fetch_page: Any, cap: int = EXPORT_MAX_ROWS, size: int = 10_000) -> Iterator[dict[str, Any]]:
    """All rows of a paged query, ``size`` at a time, at most ``cap``."""
    offset = 0
    while offset < cap:
        batch = fetch_page(min(size, cap - offset), offset)
        yield from batch
        if len(batch) < size:
            return
        offset += len(batch)


# -- the app --------------------------------------------------------------------------------


def create_app(store_url: str, *, api_token: str | None = None, allow_private_fetch: bool = False) -> FastAPI:
    """The quotetrail web app over the store at ``store_url``.

    ``api_token``: enables the write endpoints, which then require ``Authorization: Bearer
    <token>``; without it they answer 403. ``allow_private_fetch``: let URL ingest fetch
    private/loopback addresses (for tests and intranet deployments; off by default because the
    server would otherwise be a way into the network it runs in).
    """
    from ..store import open_store

    if api_token is not None and len(api_token) < 8:
        raise ConfigError("the API token must be at least 8 characters")
    store = open_store(store_url)
    options = Options.load(fetch__allow_private=allow_private_fetch)
    # The store reads raw inputs through the extract module (which imports trafilatura): import
    # it now so the first article page does not pay for it.
    from .. import extract  # noqa: F401

    reads = CachedReads(store)
    writer = _Writer(store, options, on_write=reads.cache.bump)
    limiter = RateLimiter(WRITE_RATE, 60.0)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=reads.warm, name="quotetrail-warm", daemon=True).start()
        yield
        store.close()

    app = FastAPI(
        title="quotetrail",
        version=__version__,
        lifespan=lifespan,
        description="Who said what, when, and who reported it. Reads are public; writes need the API token.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.add_middleware(HardeningMiddleware, max_body=MAX_WRITE_BYTES + 100_000)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.globals["version"] = __version__
    env.globals["safe_href"] = views.safe_href
    env.globals["colour"] = views.speaker_colour
    templates = Jinja2Templates(env=env)

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    # -- errors: one shape everywhere --------------------------------------------------------
    def error_response(
        request: Request, status: int, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if _wants_html(request):
            return render(request, "error.html", status, status=status, message=message)
        return JSONResponse(
            {"error": {"status": status, "message": message}}, status_code=status, headers=headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = " ".join(str(x) for x in err.get("loc", ()) if x not in ("body",))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(request, 422, "invalid request: " + "; ".join(parts))

    @app.exception_handler(QuotetrailError)
    async def library_error(request: Request, exc: QuotetrailError) -> Response:
        status = _status_for(exc)
        if status >= 500:
            log.error("store or internal error on %s: %s", request.url.path, exc)
            message = "the store could not answer" if isinstance(exc, StoreError) else "internal error"
        else:
            message = str(exc)
        return error_response(request, status, message)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal error")

    # -- write guard -------------------------------------------------------------------------
    def require_write(request: Request) -> None:
        """Writes: only with a configured token, only with that bearer token, rate limited."""
        if api_token is None:
            raise HTTPException(403, "writes are disabled: start the server with an API token")
        if not token_matches(request.headers.get("authorization"), api_token):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
        wait = limiter.allow(request.client.host if request.client else "unknown")
        if wait:
            raise HTTPException(
                429,
                f"too many writes: retry in {wait:.0f} s",
                headers={"Retry-After": str(max(1, round(wait)))},
            )

    Writer = Depends(require_write)

    def _check(url: str) -> None:
        """Refuse a URL that is not http(s) or points into a private network: the caller's fault (400)."""
        from ..fetch import check_url

        try:
            check_url(url, allow_private=allow_private_fetch)
        except FetchError as exc:
            raise HTTPException(400, str(exc)) from exc

    # -- API: reads --------------------------------------------------------------------------
    @app.get("/api/stats", tags=["read"], summary="Row counts of the store")
    def api_stats() -> dict[str, Any]:
        return {"version": __version__, **reads.counts()}

    @app.get("/api/articles", tags=["read"], summary="Articles, newest first")
    def api_articles(
        outlet: str | None = None,
        since: DateParam = None,
        until: DateParam = None,
        language: Annotated[str | None, Query(max_length=16)] = None,
        limit: SearchLimit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        rows = store.list_articles(
            outlet=outlet, since=since, until=until, language=language, limit=limit + 1, offset=offset
        )
        return _page(rows, limit, offset)

    @app.get("/api/articles/{article_id}", tags=["read"], summary="One article: full text, quotes, entities")
    def api_article(article_id: str) -> dict[str, Any]:
        doc = store.get_document(article_id)
        return {**doc.to_dict(), **queries.article_links(store, doc.id or article_id)}

    @app.get("/api/articles/{article_id}/raw", tags=["read"], summary="The raw input, as a text download")
    def api_article_raw(article_id: str) -> Response:
        raw, _kind = queries.raw_input(store, article_id)
        return Response(
            raw,
            media_type="text/plain; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{article_id}.txt"',
                "X-Content-Type-Options": "nosniff",
            },
        )

    @app.get("/api/quotes", tags=["read"], summary="Quote search (full text on content) with filters")
    def api_quotes(
        q: Annotated[str | None, Query(max_length=500, description="words in the quote")] = None,
        speaker: str | None = None,
        kind: Kind | None = None,
        outlet: str | None = None,
        since: DateParam = None,
        until: DateParam = None,
        said_since: DateParam = None,
        said_until: DateParam = None,
        topic: str | None = None,
        limit: SearchLimit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        f = _quote_filter(q, speaker, kind, outlet, since, until, said_since, said_until, topic)
        return _page(_search(store, f, limit + 1, offset), limit, offset)

    @app.get(
        "/api/quotes/facets", tags=["read"], summary="Counts of matching quotes by speaker, outlet, month"
    )
    def api_facets(
        q: Annotated[str | None, Query(max_length=500)] = None,
        speaker: str | None = None,
        kind: Kind | None = None,
        outlet: str | None = None,
        since: DateParam = None,
        until: DateParam = None,
        said_since: DateParam = None,
        said_until: DateParam = None,
        topic: str | None = None,
        size: Annotated[int, Query(ge=1, le=100)] = 12,
    ) -> dict[str, Any]:
        f = _quote_filter(q, speaker, kind, outlet, since, until, said_since, said_until, topic)
        return reads.facets(f, size)

    @app.get("/api/entities", tags=["read"], summary="Entities, most mentioned first")
    def api_entities(
        type: str | None = None,
        search: Annotated[str | None, Query(max_length=200)] = None,
        limit: SearchLimit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        return _page(
            store.list_entities(type=type, search=search, limit=limit + 1, offset=offset), limit, offset
        )

    @app.get("/api/entities/{ref}", tags=["read"], summary="One entity by id, name or alias")
    def api_entity(ref: str) -> dict[str, Any]:
        return reads.entity(ref)

    @app.get("/api/speakers", tags=["read"], summary="Speakers, most quoted first")
    def api_speakers(
        search: Annotated[str | None, Query(max_length=200)] = None,
        limit: SearchLimit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        return _page(reads.speakers(search, limit + 1, offset), limit, offset)

    @app.get("/api/speakers/{ref}", tags=["read"], summary="A speaker: roles, aliases, counts, positions")
    def api_speaker(ref: str) -> dict[str, Any]:
        entity = reads.entity(ref)
        statements = queries.list_statements(store, speaker_id=entity["id"], limit=MAX_LIMIT)
        return {
            **entity,
            "positions": queries.statements_by_position(
                statements, queries.position_labels(store, [s["position_id"] for s in statements])
            ),
            "most_reported": queries.list_statements(
                store, speaker_id=entity["id"], order="reports", limit=10
            ),
        }

    @app.get("/api/speakers/{ref}/quotes", tags=["read"], summary="A speaker's quotes, newest first")
    def api_speaker_quotes(
        ref: str, limit: SearchLimit = DEFAULT_LIMIT, offset: Offset = 0
    ) -> dict[str, Any]:
        entity_id = store.find_entity_id(ref)
        return _page(queries.speaker_quotes(store, entity_id, limit + 1, offset), limit, offset)

    @app.get("/api/timeline", tags=["read"], summary="Quotes and statements per month")
    def api_timeline(speaker: str | None = None, topic: str | None = None) -> dict[str, Any]:
        entity_id = store.find_entity_id(speaker) if speaker else None
        return {
            "speaker_id": entity_id,
            "topic": topic,
            "items": reads.timeline(entity_id, topic),
        }

    @app.get("/api/statements", tags=["read"], summary="Statements: distinct things said, with report counts")
    def api_statements(
        speaker: str | None = None,
        topic: str | None = None,
        position: Annotated[str | None, Query(description="statements of one position")] = None,
        order: Literal["recent", "reports"] = "recent",
        limit: SearchLimit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        speaker_id = store.find_entity_id(speaker) if speaker else None
        rows = queries.list_statements(
            store,
            speaker_id=speaker_id,
            topic=topic,
            position_id=position,
            order=order,
            limit=limit + 1,
            offset=offset,
        )
        return _page(rows, limit, offset)

    @app.get("/api/statements/{statement_id}", tags=["read"], summary="A statement with every report of it")
    def api_statement(statement_id: str) -> dict[str, Any]:
        statement = queries.get_statement(store, statement_id)
        reports = queries.statement_reports(store, statement_id)
        return {
            **statement,
            "reports": reports,
            "wordings": views.wording_variants(statement["wording"], reports),
        }

    @app.get("/api/stories", tags=["read"], summary="Stories (articles about one event), latest first")
    def api_stories(limit: SearchLimit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
        return _page(queries.list_stories(store, limit=limit + 1, offset=offset), limit, offset)

    @app.get(
        "/api/stories/{story_id}", tags=["read"], summary="A story: independent reports and their copies"
    )
    def api_story(story_id: str) -> dict[str, Any]:
        story = queries.get_story(store, story_id)
        return {**story, "reports": queries.fold_copies(queries.story_articles(store, story_id))}

    @app.get(
        "/api/events", tags=["read"], summary="Past events the articles refer to, most referred-to first"
    )
    def api_events(
        person: Annotated[str | None, Query(max_length=200)] = None,
        min_articles: Annotated[int, Query(ge=1, le=1000)] = 2,
        limit: SearchLimit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        from ..linking import list_events

        rows = list_events(store, person=person, min_articles=min_articles, limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @app.get("/api/failures", tags=["read"], summary="Inputs that failed, latest first")
    def api_failures(limit: SearchLimit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
        rows = [
            dict(r)
            for r in store.query(
                "SELECT source, container, error, at FROM failures ORDER BY at DESC, source LIMIT ? OFFSET ?",
                [limit + 1, offset],
            )
        ]
        return _page(rows, limit, offset)

    # -- exports -----------------------------------------------------------------------------
    @app.get(
        "/api/export/quotes", tags=["export"], summary="Quotes matching a search as JSONL, CSV or Parquet"
    )
    def export_quotes(
        format: ExportFormat = "jsonl",
        q: Annotated[str | None, Query(max_length=500)] = None,
        speaker: str | None = None,
        kind: Kind | None = None,
        outlet: str | None = None,
        since: DateParam = None,
        until: DateParam = None,
        said_since: DateParam = None,
        said_until: DateParam = None,
        topic: str | None = None,
        max_rows: Annotated[int, Query(ge=1, le=EXPORT_MAX_ROWS)] = EXPORT_MAX_ROWS,
    ) -> Response:
        f = _quote_filter(q, speaker, kind, outlet, since, until, said_since, said_until, topic)
        rows = _paged_rows(lambda n, o: _search(store, f, n, o), cap=max_rows)
        return _export(rows, QUOTE_COLUMNS, format, "quotes")

    @app.get("/api/export/articles", tags=["export"], summary="Articles (with body) as JSONL, CSV or Parquet")
    def export_articles(
        format: ExportFormat = "jsonl",
        outlet: str | None = None,
        since: DateParam = None,
        until: DateParam = None,
        language: Annotated[str | None, Query(max_length=16)] = None,
        max_rows: Annotated[int, Query(ge=1, le=EXPORT_MAX_ROWS)] = EXPORT_MAX_ROWS,
    ) -> Response:
        rows = _paged_rows(
            lambda n, o: queries.export_articles(
                store, outlet=outlet, since=since, until=until, language=language, limit=n, offset=o
            ),
            cap=max_rows,
        )
        return _export(rows, ARTICLE_COLUMNS, format, "articles")

    # -- API: writes -------------------------------------------------------------------------
    @app.post(
        "/api/ingest/url", tags=["write"], dependencies=[Writer], summary="Fetch a public URL and ingest it"
    )
    def ingest_url(body: UrlIngest) -> dict[str, Any]:
        _check(body.url)  # refuse early, before any work
        raw = _fetch(body.url, options)
        raw.outlet = body.outlet
        raw.container = "api"
        return {"items": writer.ingest([raw])}

    @app.post(
        "/api/ingest/page", tags=["write"], dependencies=[Writer], summary="Ingest a page sent in the body"
    )
    def ingest_page(body: PageIngest) -> dict[str, Any]:
        return {"items": writer.ingest([_page_raw(body)])}

    @app.post(
        "/api/ingest/batch", tags=["write"], dependencies=[Writer], summary="Ingest several pages and URLs"
    )
    def ingest_batch(body: BatchIngest) -> dict[str, Any]:
        if not body.pages and not body.urls:
            raise HTTPException(422, "a batch needs at least one page or URL")
        if len(body.pages) + len(body.urls) > MAX_BATCH:
            raise HTTPException(413, f"at most {MAX_BATCH} pages and URLs in one batch")
        raws = [_page_raw(p) for p in body.pages]
        fetch_errors: list[dict[str, Any]] = []
        for item in body.urls:
            try:
                _check(item.url)
                raw = _fetch(item.url, options)
            except HTTPException as exc:
                fetch_errors.append({"source": item.url, "error": exc.detail, "id": None})
                continue
            except FetchError as exc:
                fetch_errors.append({"source": item.url, "error": exc.message, "id": None})
                continue
            raw.outlet, raw.container = item.outlet, "api"
            raws.append(raw)
        return {"items": (writer.ingest(raws) if raws else []) + fetch_errors}

    @app.post(
        "/api/entities/{ref}/aliases",
        tags=["write"],
        dependencies=[Writer],
        summary="Teach an alias: this name means this entity (kept across re-ingest)",
    )
    def add_alias(ref: str, body: AliasEdit) -> dict[str, Any]:
        entity_id = store.add_alias(body.alias, ref)
        reads.cache.bump()
        return reads.entity(entity_id)

    @app.post(
        "/api/entities/merge",
        tags=["write"],
        dependencies=[Writer],
        summary="Fold one entity into another (kept across re-ingest)",
    )
    def merge(body: MergeEdit) -> dict[str, Any]:
        entity_id = store.merge_entities(body.source, body.target)
        reads.cache.bump()
        return reads.entity(entity_id)

    # -- API reference (no CDN: rendered here from the OpenAPI document) ---------------------
    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", spec=app.openapi())

    # -- pages -------------------------------------------------------------------------------
    from .pages import add_pages

    add_pages(app, store, reads, render)
    return app


def run(
    store_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    api_token: str | None = None,
    *,
    allow_private_fetch: bool = False,
) -> None:
    """Serve the app with uvicorn until interrupted (what ``quotetrail serve`` calls)."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning(
            "serving on %s: reachable from other machines%s",
            host,
            "" if api_token else " (read-only: no API token)",
        )
    app = create_app(store_url, api_token=api_token, allow_private_fetch=allow_private_fetch)
    # Keep-alive 30 s rather than uvicorn's 5: on a busy machine its timer can fire after a
    # client's next request has arrived but before it is read, resetting that request.
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, timeout_keep_alive=30)
