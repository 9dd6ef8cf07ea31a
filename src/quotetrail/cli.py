"""The command line: thin over the library.

Each command parses options, calls one plain function, and prints. Library errors
(:class:`~quotetrail.errors.QuotetrailError`) become one-line messages and exit status 2;
a batch in which some documents failed exits 1 after its summary.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import QuotetrailError
from .settings import Options

F = TypeVar("F", bound=Callable[..., Any])


def _friendly_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuotetrailError as exc:
            click.echo(f"quotetrail: error: {exc}", err=True)
            sys.exit(2)
        except BrokenPipeError:  # `quotetrail extract … | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def _options(config: str | None, **overrides: Any) -> Options:
    return Options.load(config, **overrides)


def _open_store(options: Options, db: str | None) -> Any:
    from .store import open_store

    return open_store(db or options.store_url())


db_option = click.option(
    "--db",
    envvar="QUOTETRAIL_DB",
    help="Store path or URL (default: $QUOTETRAIL_DB or a SQLite file in the user data directory).",
)
config_option = click.option(
    "--config", type=click.Path(dir_okay=False), help="A TOML file of option overrides."
)
scope_option = click.option(
    "--scope",
    type=click.Choice(["statements", "attributions"]),
    default=None,
    help="Quotes are statements (default); 'attributions' adds stances, intentions and "
    'appearances as PolNeAR marks them (flagged "stance": true, never stored); its transformer '
    "tagger needs the 'attributions' extra.",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True
)


@click.group()
@click.version_option(__version__, prog_name="quotetrail")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """quotetrail: who said what, when, and who reported it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@click.option(
    "--no-clean", is_flag=True, help="Take text inputs as clean article text: offsets index the file."
)
@click.option("--outlet", help="The outlet that published these inputs (never guessed).")
@click.option("--raw", "include_raw", is_flag=True, help="Include the raw input, base64, in each record.")
@click.option("--articles-only", is_flag=True, help="Extract articles only: no quotes, entities or times.")
@scope_option
@config_option
@_friendly_errors
def extract(
    sources: tuple[str, ...],
    fmt: str,
    no_clean: bool,
    outlet: str | None,
    include_raw: bool,
    articles_only: bool,
    scope: str | None,
    config: str | None,
) -> None:
    """Print one document record per input (see OUTPUT.md), without storing."""
    from .pipeline import extract_sources

    options = _options(config, extract__clean=not no_clean, quotes__scope=scope)
    if articles_only:
        options = options.with_overrides(
            pipeline__quotes=False, pipeline__entities=False, pipeline__times=False
        )
    failed = 0
    records = []
    for doc in extract_sources(sources, options, outlet=outlet):
        failed += bool(doc.error)
        record = doc.to_dict(include_raw=include_raw)
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            records.append(record)
        if doc.error:
            click.echo(f"quotetrail: {doc.source}: {doc.error}", err=True)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--no-clean", is_flag=True, help="Take text inputs as clean article text.")
@click.option("--outlet", help="The outlet that published these inputs (never guessed).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    help="Worker processes (default: one per core; 1 = no pool, all in this process).",
)
@config_option
@_friendly_errors
def ingest(
    sources: tuple[str, ...],
    db: str | None,
    no_clean: bool,
    outlet: str | None,
    quiet: bool,
    workers: int | None,
    config: str | None,
) -> None:
    """Read, extract, analyse and store pages, files, folders, WARCs, feeds or URLs."""
    from tqdm import tqdm

    from .pipeline import ingest as run_ingest

    options = _options(config, extract__clean=not no_clean, pipeline__workers=workers)
    with _open_store(options, db) as store:
        bar = tqdm(desc="documents", unit="doc", disable=quiet or None, file=sys.stderr)

        def tick(doc: Any) -> None:
            bar.update(1)
            if doc.error:
                bar.write(f"quotetrail: {doc.source}: {doc.error}", file=sys.stderr)

        try:
            summary = run_ingest(sources, store, options, outlet=outlet, on_document=tick)
        except KeyboardInterrupt:
            bar.close()
            click.echo(
                f"interrupted after {bar.n} documents: everything committed so far is kept in "
                f"{store.url}; run the same command again to finish the rest",
                err=True,
            )
            sys.exit(130)
        bar.close()
        click.echo(
            f"{summary.stored} stored, {summary.failed} failed, {summary.skipped} already done; "
            f"{summary.quotes} quotes; {summary.seconds:.1f}s ({summary.docs_per_second:.1f} docs/s) "
            f"into {store.url}",
            err=True,
        )
    sys.exit(1 if summary.failed else 0)


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str, int]]) -> None:
    click.echo("  ".join(title.ljust(width) for _key, title, width in columns).rstrip())
    for row in rows:
        cells = []
        for key, _title, width in columns:
            value = row.get(key)
            text = "" if value is None else str(value).replace("\n", " ")
            cells.append((text[: width - 1] + "…" if len(text) > width else text).ljust(width))
        click.echo("  ".join(cells).rstrip())


def _emit(rows: list[dict[str, Any]], fmt: str, columns: list[tuple[str, str, int]]) -> None:
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        _table(rows, columns)


@main.command()
@db_option
@click.option("--outlet")
@click.option("--since", help="Published on or after (ISO date).")
@click.option("--until", help="Published on or before (ISO date).")
@click.option("--language")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@format_option
@_friendly_errors
def articles(
    db: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    language: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """List stored articles, newest first."""
    with _open_store(Options.load(), db) as store:
        rows = store.list_articles(
            outlet=outlet, since=since, until=until, language=language, limit=limit, offset=offset
        )
    _emit(
        rows,
        fmt,
        [
            ("id", "ID", 20),
            ("published", "PUBLISHED", 25),
            ("outlet", "OUTLET", 16),
            ("quotes", "QUOTES", 6),
            ("headline", "HEADLINE", 70),
        ],
    )


@main.command()
@click.argument("article_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--raw", "show_raw", is_flag=True, help="Print the raw input as it arrived.")
@_friendly_errors
def show(article_id: str, db: str | None, fmt: str, show_raw: bool) -> None:
    """Show one article with its quotes (an id or a unique id prefix)."""
    with _open_store(Options.load(), db) as store:
        doc = store.get_document(article_id)
    if show_raw:
        sys.stdout.buffer.write(doc.raw or b"")
        return
    if fmt == "json":
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(click.style(doc.headline or "(no headline)", bold=True))
    if doc.subtitle:
        click.echo(doc.subtitle)
    meta = [f"id {doc.id}", f"source {doc.source}"]
    for label, value in (
        ("outlet", doc.outlet),
        ("agency", doc.agency),
        ("dateline", doc.dateline),
        ("published", doc.published),
        ("updated", doc.updated),
        ("language", doc.language),
    ):
        if value:
            meta.append(f"{label} {value}")
    if doc.authors:
        meta.append("by " + ", ".join(doc.authors))
    click.echo(" · ".join(meta))
    click.echo()
    click.echo(doc.body)
    if doc.quotes:
        click.echo()
        click.echo(click.style(f"{len(doc.quotes)} quotes", bold=True))
        for q in doc.quotes:
            who = q.speaker.name or "(speaker unknown)"
            cue = f" [{q.cue.text}]" if q.cue else ""
            when = f" on {q.said_on}" if q.said_on else ""
            click.echo(f"- {who}{cue}{when} ({q.kind}, {q.speaker.confidence:.2f}): {q.content.text}")


@main.command()
@db_option
@click.option("--search", "text", help="Words in the quote (full-text search).")
@click.option("--speaker", help="Speaker name or alias.")
@click.option("--kind", type=click.Choice(["direct", "partial", "indirect", "mixed"]))
@click.option("--outlet")
@click.option("--since", help="Published on or after.")
@click.option("--until", help="Published on or before.")
@click.option("--said-since", help="Said on or after.")
@click.option("--said-until", help="Said on or before.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@format_option
@_friendly_errors
def quotes(
    db: str | None,
    text: str | None,
    speaker: str | None,
    kind: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    said_since: str | None,
    said_until: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Search stored quotes."""
    with _open_store(Options.load(), db) as store:
        rows = store.search_quotes(
            text=text,
            speaker=speaker,
            kind=kind,
            outlet=outlet,
            since=since,
            until=until,
            said_since=said_since,
            said_until=said_until,
            limit=limit,
            offset=offset,
        )
    _emit(
        rows,
        fmt,
        [
            ("published", "PUBLISHED", 17),
            ("speaker_name", "SPEAKER", 20),
            ("kind", "KIND", 8),
            ("outlet", "OUTLET", 14),
            ("content", "QUOTE", 80),
        ],
    )


@main.group(invoke_without_command=True)
@db_option
@click.option("--type", "etype", type=click.Choice(["person", "organization", "place"]))
@click.option("--search", help="Any name or alias.")
@click.option("--limit", default=50, show_default=True)
@format_option
@click.pass_context
@_friendly_errors
def entities(
    ctx: click.Context, db: str | None, etype: str | None, search: str | None, limit: int, fmt: str
) -> None:
    """List people, organisations and places, with counts and first/last seen."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand:
        return
    with _open_store(Options.load(), db) as store:
        rows = store.list_entities(type=etype, search=search, limit=limit)
    _emit(
        rows,
        fmt,
        [
            ("id", "ID", 30),
            ("name", "NAME", 24),
            ("type", "TYPE", 12),
            ("mentions", "MENTIONS", 8),
            ("quotes", "QUOTES", 6),
            ("first_seen", "FIRST SEEN", 11),
            ("last_seen", "LAST SEEN", 11),
        ],
    )


@entities.command("alias")
@click.argument("alias")
@click.argument("entity")
@click.pass_context
@_friendly_errors
def entities_alias(ctx: click.Context, alias: str, entity: str) -> None:
    """Make ALIAS another name of ENTITY (kept across re-ingests)."""
    with _open_store(Options.load(), ctx.obj["db"]) as store:
        entity_id = store.add_alias(alias, entity)
    click.echo(f"{alias!r} now names {entity_id}")


@entities.command("merge")
@click.argument("source")
@click.argument("target")
@click.pass_context
@_friendly_errors
def entities_merge(ctx: click.Context, source: str, target: str) -> None:
    """Fold entity SOURCE into TARGET (kept across re-ingests)."""
    with _open_store(Options.load(), ctx.obj["db"]) as store:
        entity_id = store.merge_entities(source, target)
    click.echo(f"merged {source!r} into {entity_id}")


@entities.command("split")
@click.argument("entity")
@click.argument("alias")
@click.option("--name", help="Canonical name of the new entity (default: the alias).")
@click.pass_context
@_friendly_errors
def entities_split(ctx: click.Context, entity: str, alias: str, name: str | None) -> None:
    """Give ENTITY's mentions named ALIAS an identity of their own."""
    with _open_store(Options.load(), ctx.obj["db"]) as store:
        entity_id = store.split_entity(entity, alias, name)
    click.echo(f"{alias!r} is now {entity_id}")


@main.command()
@db_option
@click.option("--limit", default=100, show_default=True)
@format_option
@_friendly_errors
def failures(db: str | None, limit: int, fmt: str) -> None:
    """Inputs that failed, and why (re-run ingest to retry them)."""
    with _open_store(Options.load(), db) as store:
        rows = store.failures(limit)
    _emit(rows, fmt, [("at", "AT", 25), ("source", "SOURCE", 50), ("error", "ERROR", 80)])


def _speaker_name(store: Any, name: str) -> str:
    """The canonical name behind any name or alias ("Putin" → "Vladimir Putin")."""
    from .errors import NotFoundError

    try:
        entity_id = store.find_entity_id(name)
    except NotFoundError:
        return name
    rows = store.query("SELECT name FROM entities WHERE id = ?", (entity_id,))
    return str(rows[0]["name"]) if rows else name


@main.command()
@db_option
@click.option("--speaker", help="Speaker name or alias.")
@click.option("--topic", help="Only statements on this topic (e.g. NATO).")
@click.option("--limit", default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@_friendly_errors
def statements(db: str | None, speaker: str | None, topic: str | None, limit: int, fmt: str) -> None:
    """Statements (one thing a person said) with every report and wording variant."""
    from .linking import load_statements
    from .statements import independent_reports

    with _open_store(Options.load(), db) as store:
        index, syndication = load_statements(store)
        name = _speaker_name(store, speaker) if speaker else None
    found = index.statements(speaker=name, topic=topic)
    found.sort(key=lambda st: (st.first_seen or "", st.id))
    for statement in found[:limit]:
        record = statement.to_dict()
        record.pop("terms", None)
        record.pop("embedding", None)
        record["independent_reports"] = len(independent_reports(statement, syndication))
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            outlets = ", ".join(statement.outlets) or "?"
            click.echo(
                f"{statement.first_seen or '?':10}  {statement.speaker or '(unknown)'}  "
                f"[{len(statement.reports)} reports: {outlets}]"
            )
            click.echo(f"    {statement.text}")


@main.command()
@click.argument("speaker")
@db_option
@click.option("--topic", help="Only positions on this topic.")
@click.option("--from", "date_from", help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the timeline to FILE.png or FILE.svg.")
@_friendly_errors
def timeline(
    speaker: str,
    db: str | None,
    topic: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    plot: str | None,
) -> None:
    """A speaker's positions in date order, with their statements and reports."""
    from .linking import load_statements
    from .timeline import build_timeline, plot_timeline, to_jsonl

    with _open_store(Options.load(), db) as store:
        index, syndication = load_statements(store)
        name = _speaker_name(store, speaker)
    result = build_timeline(index, name, topic, date_from, date_to, syndication=syndication)
    if plot:
        try:
            plot_timeline(result, plot)
        except ImportError as exc:
            raise QuotetrailError("plotting needs matplotlib: pip install 'quotetrail[plot]'") from exc
        click.echo(f"wrote {plot}", err=True)
    if fmt == "jsonl":
        click.echo(to_jsonl(result), nl=False)
        return
    if not result.lines:
        click.echo(f"no statements by {name}" + (f" on {topic}" if topic else ""))
    for line in result.lines:
        span = (
            line.first_seen if line.first_seen == line.last_seen else f"{line.first_seen} → {line.last_seen}"
        )
        click.echo(click.style(f"{span}  {line.label or '(no topic)'}", bold=True))
        for st in line.statements:
            outlets = ", ".join(dict.fromkeys(r.outlet or Path(r.source or "?").name for r in st.reports))
            click.echo(f"  {st.date or '?':10}  {st.text}")
            click.echo(f"  {'':10}  reported by {outlets} ({st.independent_reports} independent)")


@main.command()
@db_option
@click.option("--limit", default=50, show_default=True)
@format_option
@_friendly_errors
def stories(db: str | None, limit: int, fmt: str) -> None:
    """Events reported across outlets; copies of one wire story count once."""
    with _open_store(Options.load(), db) as store:
        rows = [
            dict(r)
            for r in store.query(
                "SELECT id, first_seen, last_seen, articles, independent, outlets, title FROM stories"
                " ORDER BY last_seen DESC, id LIMIT ?",
                (limit,),
            )
        ]
    _emit(
        rows,
        fmt,
        [
            ("id", "ID", 8),
            ("first_seen", "FIRST SEEN", 25),
            ("articles", "ARTICLES", 8),
            ("independent", "INDEPENDENT", 11),
            ("title", "TITLE", 70),
        ],
    )


@main.command()
@db_option
@click.option("--person", help="Only events this person (a name or part of one) took part in.")
@click.option(
    "--min-articles", default=2, show_default=True, help="Referred to by at least this many articles."
)
@click.option("--limit", default=50, show_default=True)
@format_option
@_friendly_errors
def events(db: str | None, person: str | None, min_articles: int, limit: int, fmt: str) -> None:
    """Past events the articles refer to ("his meeting with Trump in Alaska"), across articles."""
    from .linking import list_events

    with _open_store(Options.load(), db) as store:
        rows = list_events(store, person=person, min_articles=min_articles, limit=limit)
    _emit(
        rows,
        fmt,
        [
            ("id", "ID", 8),
            ("kind", "KIND", 9),
            ("date", "DATE", 10),
            ("articles", "ARTICLES", 8),
            ("label", "EVENT", 60),
        ],
    )


@main.command()
@db_option
@_friendly_errors
def link(db: str | None) -> None:
    """Link stored articles that are not linked yet (copies, stories, statements, events).

    Ingest links as it goes; this is for articles loaded from Spark's Parquet output, or left
    unlinked by an interrupted run (the next ingest would also catch them up).
    """
    from .linking import link_unlinked

    with _open_store(Options.load(), db) as store:
        linked = link_unlinked(store)
    click.echo(f"linked {linked} articles in {store.url}", err=True)


@main.command("load-parquet")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option(
    "--link/--no-link", default=True, show_default=True, help="Link the loaded articles afterwards."
)
@_friendly_errors
def load_parquet_command(directory: str, db: str | None, link: bool) -> None:
    """Store the Parquet tables a Spark run wrote (python -m quotetrail.spark.job)."""
    from .linking import link_unlinked
    from .spark.load import load_parquet

    with _open_store(Options.load(), db) as store:
        summary = load_parquet(directory, store)
        linked = link_unlinked(store) if link else 0
    click.echo(
        f"loaded {summary.articles} articles ({summary.errors} errors recorded), linked {linked}, into {store.url}",
        err=True,
    )


def sample_paths() -> list[str]:
    """The bundled sample: pages written for quotetrail (fictional people and places)."""
    from importlib import resources

    folder = resources.files("quotetrail").joinpath("data/sample")
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith((".html", ".txt")))


@main.command()
@db_option
@_friendly_errors
def demo(db: str | None) -> None:
    """Ingest the bundled sample pages into the store and show what came out."""
    from .pipeline import ingest as run_ingest

    options = Options.load()
    with _open_store(options, db) as store:
        summary = run_ingest(sample_paths(), store, options)
        click.echo(
            f"ingested {summary.stored} sample articles into {store.url} "
            f"({summary.skipped} already there, {summary.failed} failed)\n"
        )
        rows = store.list_articles(limit=10)
        _table(
            rows,
            [
                ("id", "ID", 20),
                ("published", "PUBLISHED", 25),
                ("outlet", "OUTLET", 18),
                ("quotes", "QUOTES", 6),
                ("headline", "HEADLINE", 60),
            ],
        )
        click.echo()
        quotes = store.search_quotes(limit=20)
        _table(
            quotes,
            [
                ("speaker_name", "SPEAKER", 20),
                ("kind", "KIND", 8),
                ("cue", "CUE", 10),
                ("outlet", "OUTLET", 18),
                ("content", "QUOTE", 70),
            ],
        )
    sys.exit(1 if summary.failed else 0)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--token", envvar="QUOTETRAIL_API_TOKEN", help="API token that enables writes (Bearer).")
@_friendly_errors
def serve(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the REST API and web UI over the store."""
    try:
        from .server import run
    except ImportError as exc:
        raise QuotetrailError(
            f"the server needs the 'server' extra: pip install 'quotetrail[server]' ({exc})"
        ) from exc
    run(db or Options.load().store_url(), host=host, port=port, api_token=token)


@main.group()
def eval() -> None:  # noqa: A001 (the command is called eval)
    """Score quotetrail against annotated data."""


@eval.command("polnear")
@click.argument("split_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--limit", type=int, help="Only the first N articles.")
@click.option(
    "--predictions", type=click.Path(dir_okay=False), help="Also write the predicted records here (JSONL)."
)
@click.option("--json", "as_json", is_flag=True)
@scope_option
@_friendly_errors
def eval_polnear(
    split_dir: str, limit: int | None, predictions: str | None, as_json: bool, scope: str | None
) -> None:
    """Quote spans against PolNeAR (exact and overlap P/R/F1, direct-quote recall)."""
    from pathlib import Path

    from .evaluate import evaluate_polnear, predict_polnear

    records = list(predict_polnear(Path(split_dir), limit=limit, scope=scope or "statements"))
    if predictions:
        with open(predictions, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = evaluate_polnear(Path(split_dir), records)
    if as_json:
        click.echo(json.dumps(report))
    else:
        for key, value in report.items():
            click.echo(f"{key}: {value}")


if __name__ == "__main__":
    main()
