"""Extraction: a raw input becomes an article (body + metadata), before any NLP.

HTML goes through trafilatura (body and metadata) with the page's own JSON-LD and OpenGraph fields
where they are more precise (full timestamps with zones, publisher names). The publication date is
the markup's stamp checked against the date the page prints by its headline (:func:`choose_published`);
htmldate dates the pages that state neither.
Flattened text scrapes go through quotetrail's line cleaner (:mod:`quotetrail.textclean`).
``clean`` inputs are taken verbatim so that offsets index the original file.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import logging
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import ExtractionError
from .ingest import decode
from .settings import Options
from .types import Document, RawInput

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")


def article_id(body: str, url: str | None) -> str:
    """A stable id from the content: the same page ingested twice gets the same id.

    The URL takes part so that a syndicated copy on another site stays its own article;
    white space and case do not, so re-extraction noise does not fork an article.
    """
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", body)).strip().lower()
    key = f"{(url or '').strip()}\n{norm}".encode()
    return hashlib.sha256(key).hexdigest()[:20]


def compress_raw(content: bytes) -> bytes:
    return zlib.compress(content, 6)


def decompress_raw(blob: bytes) -> bytes:
    return zlib.decompress(blob)


def outlet_from_url(url: str | None) -> str | None:
    """The site's host without 'www.', e.g. 'rt.com'; None for files without a URL."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.lower().removeprefix("www.").removeprefix("m.").removeprefix("amp.")
    return host or None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the body's language, offline (py3langid); None for too little text."""
    sample = text[:1500]  # enough for a stable guess; classification cost grows with length
    if len(sample.strip()) < 20:
        return None
    import py3langid

    lang, _score = py3langid.classify(sample)
    return str(lang)


@dataclass(slots=True)
class PageMeta:
    """Metadata the page states about itself in JSON-LD and OpenGraph/meta tags."""

    headline: str | None = None
    subtitle: str | None = None
    published: str | None = None
    updated: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    # Every publication stamp the page's markup states (JSON-LD first, then meta tags), in order:
    # when they disagree, the date printed under the headline decides (see choose_published).
    published_stamps: tuple[str, ...] = ()


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(data, list):
        for item in data:
            out.extend(_ld_objects(item))
    elif isinstance(data, dict):
        if "@graph" in data:
            out.extend(_ld_objects(data["@graph"]))
        out.append(data)
    return out


_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "webpage",
    "liveblogposting",
}


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        return html_lib.unescape(value).strip() or None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    if isinstance(value, list) and value:
        return _name_of(value[0])
    return None


_PUBLISHED_XPATH = (
    '//meta[@property="article:published_time" or @name="article:published_time"'
    ' or @itemprop="datePublished" or @name="pubdate" or @name="publishdate"]/@content'
)


def page_meta(page: Any) -> PageMeta:
    """Read JSON-LD and meta tags from HTML text or a parsed tree; bad JSON-LD is ignored, never fatal."""
    from lxml import html as lxml_html

    meta = PageMeta()
    if isinstance(page, str | bytes):
        try:
            tree = lxml_html.fromstring(page)
        except (ValueError, TypeError, lxml_html.etree.ParserError):
            return meta
    else:
        tree = page
    best_rank = 99
    stamps: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, TypeError):
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            names = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
            if not names & _ARTICLE_TYPES:
                continue
            rank = 1 if names & {"newsarticle", "reportagenewsarticle", "article"} else 2
            if rank > best_rank:
                continue
            best_rank = rank
            meta.headline = _name_of(obj.get("headline")) or meta.headline
            meta.subtitle = _name_of(obj.get("alternativeHeadline")) or meta.subtitle
            if isinstance(obj.get("datePublished"), str):
                meta.published = obj["datePublished"].strip()
                stamps.append(meta.published)
            if isinstance(obj.get("dateModified"), str):
                meta.updated = obj["dateModified"].strip()
            meta.site_name = _name_of(obj.get("publisher")) or meta.site_name
            authors = obj.get("author")
            if authors:
                items = authors if isinstance(authors, list) else [authors]
                meta.authors = tuple(n for n in (_name_of(a) for a in items) if n)

    def content(xpath: str) -> str | None:
        for value in tree.xpath(xpath):
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    stamps.insert(0, meta.published or "")  # the JSON-LD object that won comes first
    stamps.extend(v for v in tree.xpath(_PUBLISHED_XPATH) if isinstance(v, str))
    meta.published_stamps = tuple(dict.fromkeys(v.strip() for v in stamps if v.strip()))
    meta.published = meta.published or content(_PUBLISHED_XPATH)
    meta.updated = meta.updated or content(
        '//meta[@property="article:modified_time" or @name="article:modified_time"'
        ' or @itemprop="dateModified"]/@content'
    )
    meta.site_name = meta.site_name or content('//meta[@property="og:site_name"]/@content')
    # The visible headline is what readers (and other tools) call the title; JSON-LD's is often an
    # SEO variant. A single <h1> wins when there is one.
    h1s = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    h1s = [h for h in h1s if len(h) > 10]
    if len(h1s) == 1:
        meta.headline = h1s[0]
    meta.headline = meta.headline or content('//meta[@property="og:title"]/@content')
    meta.subtitle = meta.subtitle or content(
        '//meta[@property="og:description" or @name="description"]/@content'
    )
    return meta


# Elements whose text readers never see, and elements that start a new line of text.
_HIDDEN_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "title",
    "select",
    "button",
    "iframe",
}
_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
# The byline zone: this much visible text after the headline (and a little before it, where
# sites put "News · Dec 4, 2025" over the title). Its lines must be short: a date inside a
# sentence of prose is something the article talks about, not when it was published.
_BYLINE_AFTER = 600
_NOT_BYLINE_TAGS = {"nav", "aside", "footer", "form"}  # menus, sidebars, "recent posts" lists
_SUBHEADINGS = {"h2", "h3", "h4", "h5", "h6"}  # the article's sections have begun
_BYLINE_BEFORE = 200
_BYLINE_LINE = 160


def _headline_element(tree: Any, headline: str | None) -> Any:
    """The <h1> (else <h2>) that shows the article's headline, or None."""
    key = _title_key(headline or "")
    if len(key) < 10:
        return None
    for level in ("h1", "h2"):
        for el in tree.iter(level):
            text = _title_key(el.text_content())
            if len(text) >= 10 and (text == key or text in key or key in text):
                return el
    return None


_Line = tuple[str, tuple[str, ...]]  # visible text, datetime attributes of its <time> elements


def _lines_around(tree: Any, mark: Any) -> tuple[list[_Line], list[_Line]]:
    """Visible lines of text before ``mark`` (nearest first) and after it, a bounded window each."""
    from lxml import etree

    before: list[_Line] = []
    after: list[_Line] = []
    buf: list[str] = []
    stamps: list[str] = []
    state = "before"  # before -> inside (the headline itself) -> after
    size = 0
    prose = False  # a paragraph after the headline: the article text has begun

    def flush() -> None:
        nonlocal size, prose
        line = " ".join("".join(buf).split())
        found = tuple(stamps)
        buf.clear()
        stamps.clear()
        if line and state == "before":
            before.append((line, found))
        elif line and state == "after":
            after.append((line, found))
            size += len(line)
            prose = prose or len(line) > _BYLINE_LINE

    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN_TAGS or tag in _NOT_BYLINE_TAGS or not tag:
                walker.skip_subtree()
                continue
            if state == "after" and tag in _SUBHEADINGS and prose:
                break
            if tag in _BLOCK_TAGS or el is mark:
                flush()
            if el is mark:
                state = "inside"
            if tag == "time" and el.get("datetime"):  # the machine form of the date it shows
                stamps.append(str(el.get("datetime")))
            buf.append(el.text or "")
        else:
            if tag in _BLOCK_TAGS or el is mark:
                flush()
            if el is mark:
                buf.clear()
                stamps.clear()
                state = "after"
            if size > _BYLINE_AFTER:
                break
            buf.append(el.tail or "")
        if size > _BYLINE_AFTER:
            break
    flush()
    near: list[_Line] = []
    total = 0
    for line in reversed(before):
        total += len(line[0])
        if total > _BYLINE_BEFORE:
            break
        near.append(line)
    return near, after


@dataclass(slots=True)
class ShownDates:
    """Dates printed next to the headline: what the page tells its readers."""

    published: str | None = None  # the first date not labelled as an update
    updated: str | None = None  # a date labelled "Updated", "Last modified", ...
    labelled: bool = False  # ``published`` carries "Published", "Posted", ...
    above_title: bool = False  # ``published`` was found over the title, not in the byline


def byline_dates(tree: Any, headline: str | None) -> ShownDates:
    """The dates printed next to the article's headline.

    Only short lines within a few hundred characters of the headline count (the byline, a
    "Published ... | Updated ..." line, a date over the title); lines after the headline are
    read first, then those over it, nearest first.
    """
    from .metadata import parse_timestamps

    shown = ShownDates()
    mark = _headline_element(tree, headline)
    if mark is None:
        return shown
    before, after = _lines_around(tree, mark)
    for above, lines in ((False, after), (True, before)):
        pending = ""  # a label on a line of its own ("Updated" over "Dec 4, 2025")
        for line, stamps in lines:
            if len(line) > _BYLINE_LINE:
                pending = ""
                continue
            if not any(ch.isdigit() for ch in line) and not stamps:
                pending = line if len(line) <= 30 and not above else ""
                continue
            text = f"{pending} {line}".strip()
            pending = ""
            pub, upd = parse_timestamps(text)
            if not (pub or upd) and stamps:  # "3 days ago", "Dec 4": the <time> element's own stamp
                text = f"{text} {' '.join(stamps)}"
                pub, upd = parse_timestamps(text)
            pub, upd = _normalise_stamp(pub), _normalise_stamp(upd)  # no placeholders or future
            if pub and shown.published is None:
                shown.published = pub
                shown.labelled = bool(_PUBLISHED_WORD.search(text))
                shown.above_title = above
            if upd and shown.updated is None:
                shown.updated = upd
            if shown.published and shown.updated:
                return shown
    return shown


_PUBLISHED_WORD = re.compile(r"\b(?:published|posted|first\s+published|released)\b", re.I)


def _normalise_stamp(stamp: str | None) -> str | None:
    """ISO 8601 with the page's offset kept; a date-only stamp stays a date.

    Placeholder stamps (``0001-01-01``, and ``1970-01-01``: Unix time 0, what a CMS prints for
    an empty date field) and dates more than a day ahead of now are not publication times:
    they are dropped rather than stored.
    """
    if not stamp:
        return None
    from datetime import UTC, datetime, timedelta

    from .metadata import parse_timestamps

    published, _updated = parse_timestamps(stamp)
    if published:
        try:
            when = datetime.fromisoformat(published)
        except ValueError:
            return None
        aware = when if when.tzinfo else when.replace(tzinfo=UTC)
        epoch = when.date().isoformat() == "1970-01-01"
        if when.year < 1800 or epoch or aware > datetime.now(UTC) + timedelta(days=1):
            return None
    return published


def _may_fall_on(stamp: str, day: str) -> bool:
    """Whether an instant can be on ``day`` in some time zone (UTC-12 to UTC+14).

    "2025-12-02T23:00:55+00:00" is 3 December in Paris: a page that prints "3 Dec 2025" over it
    states the same moment in its own zone, not a different date.
    """
    from datetime import UTC, date, datetime, time, timedelta

    try:
        when = datetime.fromisoformat(stamp)
        start = datetime.combine(date.fromisoformat(day), time(), tzinfo=UTC)
    except ValueError:
        return False
    if when.tzinfo is None or len(stamp) <= 10:
        return False
    return start - timedelta(hours=14) <= when < start + timedelta(hours=36)


def choose_published(stamps: Sequence[str], updated: str | None, shown: ShownDates) -> str | None:
    """The publication time from the page's markup (``stamps``, best first) and the date it shows.

    The markup is precise (time, offset) but not always about this article: themes stamp the
    build or crawl time, or the date a template was made. The date printed under the headline
    is what the publisher tells its readers, so:

    * a markup stamp on the shown day wins (it is the same date, with its time and offset),
      also when its offset puts it on a neighbouring day (the page prints its local date);
    * a shown date the markup does not know wins over it, unless it is the markup's
      modification day and nothing calls it "published" (a page showing its last update) or it
      stands over the title, where sites also print today's date and news tickers;
    * a page whose only stated date is an "Updated ..." line is dated by that line: the text
      we have is the revision of that day.
    """
    machine = [v for v in (_normalise_stamp(s) for s in stamps) if v]
    day = (shown.published or "")[:10]
    if day:
        same_day = [v for v in machine if v[:10] == day] or [v for v in machine if _may_fall_on(v, day)]
        if same_day:
            return same_day[0]
        modified = _normalise_stamp(updated)
        if machine and shown.above_title:
            return machine[0]
        if machine and not shown.labelled and modified and modified[:10] == day:
            return machine[0]
        return shown.published
    if machine:
        return machine[0]
    return shown.updated


def _searched_date(tree: Any, url: str | None) -> str | None:
    """Last resort for a page whose markup and byline state no date: htmldate's text search.

    It reads dates anywhere in the page (so it is a guess, and slow: about 50 ms a page, run
    on one WCXB page in nine); trafilatura's metadata pass ran htmldate without this search.
    Skipped with ``extract.fast``.
    """
    from htmldate import find_date
    from trafilatura.settings import set_date_params

    try:
        found = find_date(tree, **{**set_date_params(True), "url": url})
    except (ValueError, TypeError):
        return None
    return _normalise_stamp(found)


def _paragraphs(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def _title_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _drop_repeated_titles(body: str, titles: set[str | None]) -> str:
    """trafilatura keeps the page's <h1>: the headline is metadata, not the body's first paragraph."""
    keys = {_title_key(t) for t in titles if t}
    paragraphs = body.split("\n\n")
    while paragraphs and _title_key(paragraphs[0]) in keys:
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


def extract_html(raw: RawInput, html: str, options: Options) -> Document:
    import trafilatura
    from trafilatura.utils import load_html

    # One parse serves all three readers (trafilatura copies the tree before changing it).
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("not an HTML page that can be parsed", source=raw.source)
    result: Any = trafilatura.bare_extraction(
        tree,
        url=raw.url,
        with_metadata=False,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        fast=bool(options.get("extract", "fast")),
    )
    if result is None or not getattr(result, "text", None):
        raise ExtractionError("no article body found in the page", source=raw.source)
    meta = page_meta(tree)
    # The page's own JSON-LD/OpenGraph usually says all we need; trafilatura's metadata search
    # (htmldate included) costs as much as the body extraction, so it runs only for what is missing.
    guessed_date = None
    if not (meta.headline and meta.published and meta.site_name and meta.authors):
        found = trafilatura.extract_metadata(tree, default_url=raw.url, extensive=False)
        meta.headline = meta.headline or found.title or None
        guessed_date = found.date or None
        meta.site_name = meta.site_name or found.sitename or None
        if not meta.authors and found.author:
            meta.authors = tuple(a.strip() for a in found.author.split(";") if a.strip())
        meta.subtitle = meta.subtitle or found.description or None
    from .metadata import find_agency, find_dateline

    headline = meta.headline
    body = _drop_repeated_titles(_paragraphs(result.text or ""), {headline})
    if not body:
        raise ExtractionError("no article body found in the page", source=raw.source)
    shown = byline_dates(tree, headline)
    published = choose_published(meta.published_stamps, meta.updated, shown)
    published = published or _normalise_stamp(guessed_date)
    if published is None and not options.get("extract", "fast"):  # fast: no fallbacks, here neither
        published = _searched_date(tree, raw.url)
    updated = _normalise_stamp(meta.updated) or shown.updated
    if updated == published:
        updated = None
    authors = list(meta.authors)
    first_lines = [ln for ln in body.split("\n\n")[:3]]
    agency = find_agency([*(authors or []), *first_lines])
    dateline = find_dateline(body)
    subtitle = (
        meta.subtitle
        if meta.subtitle and meta.subtitle != headline and meta.subtitle not in body[:400]
        else None
    )
    return Document(
        source=raw.source,
        text=body,
        clean=True,
        headline=headline,
        subtitle=subtitle,
        outlet=raw.outlet or meta.site_name or outlet_from_url(raw.url),
        agency=agency,
        authors=[a for a in authors if a != agency],
        dateline=dateline,
        published=published or raw.published,
        updated=updated,
        body=body,
        url=raw.url,
        input_kind="html",
    )


def extract_text_page(raw: RawInput, text: str, options: Options, boilerplate: frozenset[str]) -> Document:
    from .textclean import clean_text_page

    page = clean_text_page(text, boilerplate=boilerplate)
    if not page.body.strip():
        raise ExtractionError("no article body left after removing page junk", source=raw.source)
    return Document(
        source=raw.source,
        text=page.body,
        clean=True,
        headline=page.headline,
        subtitle=page.subtitle,
        outlet=raw.outlet or page.outlet or outlet_from_url(raw.url),
        agency=page.agency,
        authors=list(page.authors),
        dateline=page.dateline,
        published=page.published or raw.published,
        updated=page.updated,
        body=page.body,
        url=raw.url,
        input_kind="text",
    )


def extract_article(
    raw: RawInput, options: Options, *, boilerplate: frozenset[str] = frozenset()
) -> Document:
    """One raw input → a Document with body and metadata (no quotes yet).

    Raises :class:`ExtractionError` or :class:`~quotetrail.errors.InputError` for a document that
    cannot be read; the orchestrator records those and goes on.
    """
    text = decode(raw)
    if raw.kind == "html":
        doc = extract_html(raw, text, options)
    elif raw.kind == "text":
        doc = extract_text_page(raw, text, options, boilerplate)
    else:  # "clean": taken verbatim so that offsets index the file
        doc = Document(
            source=raw.source,
            text=text,
            clean=False,
            body=text,
            outlet=raw.outlet or outlet_from_url(raw.url),
            published=raw.published,
            url=raw.url,
            input_kind="clean",
        )
    if options.get("extract", "language_detect"):
        doc.language = detect_language(doc.body)
    doc.raw = raw.content
    doc.id = article_id(doc.body, doc.url)
    return doc
