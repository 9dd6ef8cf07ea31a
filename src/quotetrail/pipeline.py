"""The orchestrator: ingest → extract → nlp (quotes, entities, times) → store.

Every stage is a function from records to records (:func:`extract_chunk`, :func:`analyse`), so the
same code runs in-process, in a process pool or on Spark. Inputs are processed in chunks: a chunk
is where each site's template is learned from the batch, and where spaCy batches its parsing.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import QuotetrailError
from .settings import Options
from .types import Document, Quote, RawInput

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .store.base import Store

log = logging.getLogger(__name__)

CHUNK_SIZE = 64


@dataclass(slots=True)
class IngestSummary:
    documents: int = 0
    stored: int = 0
    failed: int = 0
    skipped: int = 0
    quotes: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def _template_group(raw: RawInput) -> str:
    """Pages that share a site template: same outlet, else same folder/container."""
    if raw.outlet:
        return f"outlet:{raw.outlet}"
    if raw.url:
        from .extract import outlet_from_url

        return f"outlet:{outlet_from_url(raw.url)}"
    return f"dir:{raw.container or Path(raw.source).parent}"


def extract_chunk(raws: list[RawInput], options: Options) -> list[Document]:
    """Extract a chunk of raw inputs; failures come back as documents with ``error`` set."""
    from .extract import extract_article
    from .ingest import decode
    from .textclean import learn_boilerplate

    boilerplate: dict[str, frozenset[str]] = {}
    groups: dict[str, list[RawInput]] = defaultdict(list)
    for raw in raws:
        if raw.kind == "text":
            groups[_template_group(raw)].append(raw)
    for key, members in groups.items():
        if len(members) >= 3:
            texts = []
            for raw in members:
                try:
                    texts.append(decode(raw))
                except QuotetrailError:
                    continue
            boilerplate[key] = learn_boilerplate(texts)
    out: list[Document] = []
    for raw in raws:
        try:
            out.append(
                extract_article(raw, options, boilerplate=boilerplate.get(_template_group(raw), frozenset()))
            )
        except QuotetrailError as exc:
            out.append(Document.failed(raw.source, exc.message, raw=raw.content))
        except Exception as exc:  # a bug on one page must not end the batch; it is recorded
            log.exception("unexpected error extracting %s", raw.source)
            out.append(
                Document.failed(raw.source, f"internal error: {type(exc).__name__}: {exc}", raw=raw.content)
            )
    return out


def _link_speakers(quotes: list[Quote], doc: Document) -> None:
    """Join each quote's speaker to the document's entity: same id and canonical name.

    The entity must carry the speaker's name among its names; one that merely overlaps the
    mention ("Council" in "Council leader Priya Natarajan") is not the speaker.
    """
    from .store.base import alias_key

    speakers = [e for e in doc.entities if e.type in ("person", "organization")]
    names = [{alias_key(n) for n in (e.name, *e.aliases, *(m.text for m in e.mentions))} for e in speakers]
    by_span = {
        (m.start, m.end): e for e in speakers if e.type == "person" for m in e.mentions
    }
    for quote in quotes:
        speaker = quote.speaker
        if not speaker.name and quote.mention is not None and speaker.confidence == 0.0:
            # "The Ukrainian leader added": the entity stage read the role through the alias
            # table's office holders of the article's people; the resolver found no one (a name
            # withheld under the user's min_confidence keeps its confidence and stays withheld).
            person = by_span.get((quote.mention.start, quote.mention.end))
            if person is not None:
                speaker.name, speaker.id = person.name, person.id
                speaker.confidence, speaker.via, speaker.is_group = 0.7, "role", False
            continue
        if not speaker.name:
            continue
        key = alias_key(speaker.name)
        matching = [i for i, keys in enumerate(names) if key in keys]
        if speaker.is_group:
            # "Trump said" with "Trump" read as an organisation by the recogniser: a speaker
            # phrase that is, whole, a known person's name is that person.
            matching = [i for i in matching if speakers[i].type == "person"]
            if not matching:
                continue
            speaker.is_group = False
            speaker.via = "name"
        if not matching:
            continue
        chosen = matching[0]
        if quote.mention is not None and len(matching) > 1:
            mention = quote.mention
            overlapping = [
                i
                for i in matching
                if any(m.start < mention.end and mention.start < m.end for m in speakers[i].mentions)
            ]
            chosen = overlapping[0] if overlapping else chosen
        speaker.id = speakers[chosen].id
        speaker.name = speakers[chosen].name


def analyse(docs: list[Document], options: Options) -> list[Document]:
    """The NLP stage: quotes, entities and time expressions for each extracted document."""
    todo = [d for d in docs if not d.error and d.text.strip()]
    stages = [options.get("pipeline", k) for k in ("quotes", "entities", "times")]
    if not todo or not any(stages):
        return docs
    from . import nlp as nlp_mod

    nlp = nlp_mod.load(options.get("nlp", "model"), with_quotes=options.get("pipeline", "quotes"))
    english = []
    for doc in todo:
        if doc.language and doc.language != "en":
            doc.warnings.append(
                f"language {doc.language!r}: quotes and entities are extracted from English only"
            )
        else:
            english.append(doc)
    max_chars = int(options.get("nlp", "max_chars"))
    texts = []
    for doc in english:
        if len(doc.text) > max_chars:
            doc.warnings.append(f"text longer than {max_chars} characters: only the first part was analysed")
        texts.append(doc.text[:max_chars])
    for doc, sdoc in zip(
        english, nlp.pipe(texts, batch_size=int(options.get("nlp", "batch_size"))), strict=True
    ):
        try:
            _analyse_one(doc, sdoc, options)
        except Exception as exc:  # a bug met on one page must not cost the rest of the chunk
            log.exception("analysis failed for %s", doc.source)
            doc.error = f"analysis failed ({type(exc).__name__}: {exc}); please report this page"
    return docs


#: Quotation-mark warnings kept per document; the rest are counted in one last line.
MAX_QUOTE_WARNINGS = 20


def _analyse_one(doc: Document, sdoc: Doc, options: Options) -> None:
    from .entities import find_entities
    from .metadata import dateline_country
    from .quotes import attribute_doc, extract_quotes_from_doc
    from .times import resolve_times, said_on

    quotes: list[Quote] = []
    if options.get("pipeline", "quotes"):
        scope = options.get("quotes", "scope")
        quotes = extract_quotes_from_doc(sdoc) if scope == "statements" else attribute_doc(sdoc, scope)
    warnings = getattr(sdoc._, "quote_warnings", None) if sdoc.has_extension("quote_warnings") else None
    warnings = list(warnings or [])
    if len(warnings) > MAX_QUOTE_WARNINGS:  # one per paragraph of a page with broken marks
        more = len(warnings) - MAX_QUOTE_WARNINGS
        warnings = [*warnings[:MAX_QUOTE_WARNINGS], f"... and {more} more quotation-mark warnings"]
    doc.warnings.extend(warnings)
    if options.get("pipeline", "entities"):
        country = dateline_country(doc.dateline) if doc.dateline else None
        doc.entities = find_entities(sdoc, outlet_country=country)
    if options.get("pipeline", "times"):
        doc.times = resolve_times(sdoc, doc.published)
        for quote in quotes:
            quote.said_on = said_on(quote, doc.text, doc.times, sdoc)
    _link_speakers(quotes, doc)
    from .statements import topics_for_spans

    spans = [sdoc.char_span(q.content.start, q.content.end, alignment_mode="expand") for q in quotes]
    located = [(quote, span) for quote, span in zip(quotes, spans, strict=True) if span is not None]
    topics = topics_for_spans(sdoc, [(span.start, span.end) for _, span in located])
    for (quote, _), quote_topics in zip(located, topics, strict=True):
        quote.topics = quote_topics
    doc.quotes = quotes


def process_chunk(raws: list[RawInput], options: Options) -> list[Document]:
    """extract + analyse: the unit of work a process-pool worker or a Spark task runs."""
    return analyse(extract_chunk(raws, options), options)


def _chunks(items: Iterable[RawInput | Document], size: int) -> Iterator[list[RawInput | Document]]:
    chunk: list[RawInput | Document] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _raw_items(sources: Iterable[str], options: Options, outlet: str | None) -> Iterator[RawInput | Document]:
    from .ingest import InputFailure, iter_inputs

    for item in iter_inputs(sources, options, outlet=outlet, clean=bool(options.get("extract", "clean"))):
        if isinstance(item, InputFailure):
            doc = Document.failed(item.source, item.error)
            doc.container = item.container
            yield doc
        else:
            yield item


def extract_sources(
    sources: Iterable[str], options: Options, *, outlet: str | None = None
) -> Iterator[Document]:
    """Document records for each input, in input order, without storing anything."""
    for chunk in _chunks(_raw_items(sources, options, outlet), CHUNK_SIZE):
        raws = [x for x in chunk if isinstance(x, RawInput)]
        done = iter(process_chunk(raws, options))
        for item in chunk:
            yield next(done) if isinstance(item, RawInput) else item


def analyse_text(text: str, *, published: str | None = None, options: Options | None = None) -> Document:
    """Analyse clean article text (no extraction): quotes, entities, times."""
    from .extract import article_id

    options = options or Options.load()
    doc = Document(
        source="<text>", text=text, body=text, clean=False, published=published, input_kind="clean"
    )
    doc.id = article_id(text, None)
    analyse([doc], options)
    return doc


def ingest(
    sources: Iterable[str],
    store: Store,
    options: Options,
    *,
    outlet: str | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> IngestSummary:
    """Read, extract, analyse and store; resumable per input container, idempotent per article."""
    summary = IngestSummary()
    started = time.perf_counter()
    linker = None
    if options.get("pipeline", "link"):
        from .linking import Linker

        linker = Linker(store)
        if linker.catch_up():  # articles an interrupted run stored but did not link
            linker.save()
    # Containers started in this run and not yet marked done, in input order, with their counts.
    open_containers: dict[str, list[int]] = {}
    already_done: dict[str, bool] = {}
    known: dict[str, set[str]] = {}

    def container_of(item: RawInput | Document) -> str:
        if isinstance(item, RawInput):
            return item.container or item.source
        return item.container or item.source

    def finish(container: str) -> None:
        stored, failed = open_containers.pop(container)
        store.mark_input(container, "done", stored, failed)

    def fail(doc: Document, container: str) -> None:
        summary.failed += 1
        summary.failures.append((doc.source, doc.error or ""))
        store.record_failure(doc.source, doc.error or "", container)
        open_containers[container][1] += 1

    from .parallel import process_chunks

    # Chunks handed to the pool but not yet stored: (index, chunk, source → container of each todo).
    prepared: deque[tuple[int, list[RawInput | Document], dict[str, str]]] = deque()
    last_chunk: dict[str, int] = {}  # container → index of the last chunk it has appeared in

    def prepare() -> Iterator[list[RawInput]]:
        """Skip what is done, record input failures, and hand the rest to the pool (runs ahead)."""
        for index, chunk in enumerate(_chunks(_raw_items(sources, options, outlet), CHUNK_SIZE)):
            todo: list[RawInput] = []
            for item in chunk:
                container = container_of(item)
                last_chunk[container] = index
                if container not in already_done:
                    already_done[container] = store.input_done(container)
                    if not already_done[container]:
                        known[container] = store.known_sources(container)
                        open_containers[container] = [0, 0]
                        store.mark_input(container, "started")
                if already_done[container] or (
                    isinstance(item, RawInput) and item.source in known[container]
                ):
                    summary.skipped += 1
                    continue
                if isinstance(item, RawInput):
                    todo.append(item)
                else:
                    summary.documents += 1
                    fail(item, container)
                    if on_document:
                        on_document(item)
            prepared.append((index, chunk, {raw.source: container_of(raw) for raw in todo}))
            yield todo

    for results in process_chunks(prepare(), options, int(options.get("pipeline", "workers"))):
        index, chunk, containers = prepared.popleft()
        by_container: dict[str, list[Document]] = defaultdict(list)
        for doc in results:
            summary.documents += 1
            if doc.error:
                fail(doc, containers[doc.source])
            else:
                by_container[containers[doc.source]].append(doc)
            if on_document:
                on_document(doc)
        for container, docs in by_container.items():
            store.save_documents(docs, container)
            open_containers[container][0] += len(docs)
            summary.stored += len(docs)
            summary.quotes += sum(len(d.quotes) for d in docs)
        if linker is not None:
            linker.add(doc for docs in by_container.values() for doc in docs)
            if linker.should_save():
                linker.save()
        # Inputs arrive in order: a container is complete once a stored chunk is past its last
        # chunk; the chunk's last container may go on in the next one. (The pool reads ahead, so
        # open_containers may also hold containers of chunks not yet stored: those wait.)
        last = container_of(chunk[-1])
        for container in [c for c in open_containers if c != last and last_chunk[c] <= index]:
            finish(container)
    if linker is not None:
        linker.save()
    for container in list(open_containers):
        finish(container)
    summary.seconds = time.perf_counter() - started
    return summary
