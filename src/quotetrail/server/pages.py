"""The server-rendered pages: search, speaker, statement, article, story (and their lists).

Each handler gathers plain data (queries.py, views.py) and renders one Jinja template with
autoescape on; pages are sync functions so FastAPI runs them in its thread pool, where each
thread keeps its own read connection to the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from . import queries, views
from .cache import CachedReads
from .queries import QuoteFilter

log = logging.getLogger(__name__)

PAGE_SIZE = 20
MONTH_PATTERN = r"^\d{4}-\d{2}$"

Render = Callable[..., HTMLResponse]


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """The current page's query with some parameters changed (None removes one); offset resets."""
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    if "offset" not in changes:
        merged.pop("offset", None)
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged) if merged else "?"


def add_pages(app: FastAPI, store: Any, reads: CachedReads, render: Render) -> None:
    """Register the HTML pages on ``app``."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: Annotated[str | None, Query(max_length=500)] = None,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
        kind: Annotated[str | None, Query(pattern=r"^(direct|partial|indirect|mixed)$")] = None,
        topic: Annotated[str | None, Query(max_length=200)] = None,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> HTMLResponse:
        f = QuoteFilter(
            text=q or None,
            speaker=speaker or None,
            outlet=outlet or None,
            kind=kind or None,
            since=month,
            until=month,
            topic=topic or None,
        )
        if f.topic:
            rows = queries.search_quotes_by_topic(store, f, PAGE_SIZE + 1, offset)
        else:
            rows = store.search_quotes(**f.store_kwargs(), limit=PAGE_SIZE + 1, offset=offset)
        params = {
            "q": q,
            "speaker": speaker,
            "outlet": outlet,
            "month": month,
            "kind": kind,
            "topic": topic,
            "offset": offset,
        }
        speakers = reads.speakers(q, 5, 0) if q and not offset else []
        for row in rows:
            row["colour"] = views.speaker_colour(row.get("speaker_id") or row.get("speaker_name"))
        return render(
            request,
            "search.html",
            params=params,
            quotes=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            offset=offset,
            page_size=PAGE_SIZE,
            facets=reads.facets(f, 10),
            speakers=speakers,
            active=[k for k in ("speaker", "outlet", "month", "kind", "topic") if params[k]],
            counts=reads.counts(),
            qs=lambda **changes: query_string(params, **changes),
        )

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speakers_page(
        request: Request,
        search: Annotated[str | None, Query(max_length=200)] = None,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> HTMLResponse:
        rows = reads.speakers(search, PAGE_SIZE + 1, offset)
        params = {"search": search, "offset": offset}
        return render(
            request,
            "speakers.html",
            speakers=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            offset=offset,
            page_size=PAGE_SIZE,
            search=search,
            qs=lambda **changes: query_string(params, **changes),
        )

    @app.get("/speakers/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, ref: str) -> HTMLResponse:
        entity = reads.entity(ref)
        statements = queries.list_statements(store, speaker_id=entity["id"], limit=200)
        chart = views.timeline_chart(reads.timeline(entity["id"]))
        return render(
            request,
            "speaker.html",
            entity=entity,
            positions=queries.statements_by_position(
                statements, queries.position_labels(store, [s["position_id"] for s in statements])
            ),
            most_reported=queries.list_statements(store, speaker_id=entity["id"], order="reports", limit=5),
            chart=chart,
            quotes=queries.speaker_quotes(store, entity["id"], PAGE_SIZE),
            colour_class=views.speaker_colour(entity["id"]),
        )

    @app.get("/statements/{statement_id}", response_class=HTMLResponse, include_in_schema=False)
    def statement_page(request: Request, statement_id: str) -> HTMLResponse:
        statement = queries.get_statement(store, statement_id)
        reports = queries.statement_reports(store, statement_id)
        base = statement.get("wording") or (reports[0]["content"] if reports else "")
        by_article: dict[str, dict[str, Any]] = {}
        for r in reports:
            item = by_article.setdefault(
                r["article_id"],
                {
                    "id": r["article_id"],
                    "outlet": r["outlet"],
                    "headline": r["headline"],
                    "url": r["url"],
                    "published": r["published"],
                    "is_copy": r["is_copy"],
                    "agency": r["agency"],
                    "syndication_group": r["syndication_group"],
                    "wordings": [],
                },
            )
            item["wordings"].append(
                {"kind": r["kind"], "cue": r["cue"], "diff": views.wording_diff(base, r["content"])}
            )
        first_seen = statement.get("first_seen") or min(
            (r["published"] for r in reports if r["published"]), default=None
        )
        siblings = []
        if statement.get("position_id"):
            siblings = [
                st
                for st in queries.list_statements(store, position_id=statement["position_id"], limit=50)
                if st["id"] != statement_id
            ]
        return render(
            request,
            "statement.html",
            position=siblings,
            articles=len(by_article),
            statement=statement,
            base=base,
            reports=queries.fold_copies(list(by_article.values())),
            first_seen=first_seen,
            outlets=len({r["outlet"] for r in reports if r["outlet"]}),
        )

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(
        request: Request,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> HTMLResponse:
        rows = store.list_articles(outlet=outlet, limit=PAGE_SIZE + 1, offset=offset)
        params = {"outlet": outlet, "offset": offset}
        return render(
            request,
            "articles.html",
            articles=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            offset=offset,
            page_size=PAGE_SIZE,
            outlet=outlet,
            qs=lambda **changes: query_string(params, **changes),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        doc = store.get_document(article_id)
        quotes = [views.quote_view(q, i) for i, q in enumerate(doc.quotes)]
        legend: dict[str, dict[str, Any]] = {}
        for q in quotes:
            key = q["speaker_id"] or q["speaker"] or "unknown"
            legend.setdefault(
                key,
                {
                    "name": q["speaker"] or "unknown speaker",
                    "id": q["speaker_id"],
                    "colour": q["colour"],
                    "quotes": 0,
                },
            )["quotes"] += 1
        return render(
            request,
            "article.html",
            doc=doc,
            segments=views.article_segments(doc),
            quotes=quotes,
            legend=list(legend.values()),
            links=queries.article_links(store, doc.id or article_id),
            has_raw=doc.raw is not None,
        )

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> HTMLResponse:
        rows = queries.list_stories(store, limit=PAGE_SIZE + 1, offset=offset)
        params = {"offset": offset}
        return render(
            request,
            "stories.html",
            stories=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            offset=offset,
            page_size=PAGE_SIZE,
            qs=lambda **changes: query_string(params, **changes),
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        story = queries.get_story(store, story_id)
        articles = queries.story_articles(store, story_id)
        reports = queries.fold_copies(articles)
        return render(
            request,
            "story.html",
            story=story,
            reports=reports,
            independent=sum(1 for r in reports if not r.get("is_copy")),
            copies=sum(1 for a in articles if a.get("is_copy")),
        )
