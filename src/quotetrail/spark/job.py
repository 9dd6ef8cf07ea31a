"""The Spark job: the quotetrail pipeline over many WARC files, one task per file, to Parquet.

    spark-submit --py-files quotetrail.zip -m quotetrail.spark.job \\
        --input 's3a://bucket/crawl/*.warc.gz' --output s3a://bucket/quotetrail-out
    python -m quotetrail.spark.job --input data/*.warc.gz --output out/   # local[*]

Each WARC file is one partition, hence one task; the task runs exactly what one machine runs
(``ingest.iter_inputs`` to read records, ``pipeline.process_chunk`` in chunks of the same size) with
the spaCy pipeline loaded once per executor Python process. Output: Parquet tables ``articles``,
``quotes``, ``entities``, ``mentions``, ``times`` and ``errors`` under ``--output`` (columns in
:mod:`quotetrail.spark.tables`, described in docs/spark.md). A bad record, a failed document or
even a whole unreadable file becomes an ``errors`` row; the job itself does not fail for them.

Local paths are read by the task directly (streamed). Other schemes (``s3a://``, ``hdfs://``,
``gs://``, ``abfs://``) are read through Spark's own Hadoop file systems, so the cluster's
credentials and connectors apply; such a file is copied to the executor's local disk, read, and
deleted, and its records keep the original URI as their ``source``/``container``.
"""

from __future__ import annotations

import argparse
import glob
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..settings import Options
from ..types import RawInput
from .tables import TABLES, ddl, document_rows

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

log = logging.getLogger(__name__)

Tagged = tuple[str, tuple[Any, ...]]


def is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Local globs and directories become WARC file paths (sorted); remote paths pass as given.

    Remote globs are expanded by Spark's Hadoop file system when the files are read.
    """
    found: list[str] = []
    for item in inputs:
        if not is_local(item):
            found.append(item)
            continue
        path = item.removeprefix("file://")
        matches = sorted(glob.glob(path)) or [path]
        for match in matches:
            if os.path.isdir(match):
                found.extend(
                    sorted(
                        str(p)
                        for p in Path(match).rglob("*")
                        if p.is_file() and p.name.endswith((".warc", ".warc.gz"))
                    )
                )
            else:
                found.append(match)
    return list(dict.fromkeys(found))


def _rename(item: Any, local: str, original: str) -> Any:
    """Give a record read from a local copy its original URI back (source, container, message)."""
    from ..ingest import InputFailure

    def fix(text: str | None) -> str | None:
        return original + text[len(local) :] if text and text.startswith(local) else text

    if isinstance(item, InputFailure):
        return InputFailure(
            fix(item.source) or original, item.error.replace(local, original), fix(item.container)
        )
    item.source = fix(item.source)
    item.container = fix(item.container)
    return item


def process_warc(
    path: str, options: Options, chunk_size: int, local_copy: str | None = None
) -> Iterator[Tagged]:
    """Every output row of one WARC file: what ``quotetrail ingest`` would store, as table rows.

    ``local_copy`` is where a remote file was copied to; records are named after ``path``.
    """
    from ..ingest import InputFailure, iter_inputs
    from ..pipeline import process_chunk

    read_from = local_copy or path.removeprefix("file://")
    chunk: list[RawInput] = []

    def run(raws: list[RawInput]) -> Iterator[Tagged]:
        for doc in process_chunk(raws, options):
            yield from document_rows(doc, raws[0].container if raws else path)

    for item in iter_inputs([read_from], options):
        if local_copy:
            item = _rename(item, local_copy, path)
        if isinstance(item, InputFailure):
            yield "errors", (item.source, item.container or path, item.error, "input")
            continue
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield from run(chunk)
            chunk = []
    if chunk:
        yield from run(chunk)


def _task_failure(path: str, exc: BaseException) -> Tagged:
    log.exception("quotetrail task for %s failed", path)
    return "errors", (path, path, f"task failed: {type(exc).__name__}: {exc}", "task")


def local_partition(options_data: dict[str, Any], chunk_size: int) -> Any:
    """mapPartitions function over WARC paths the executor can open itself."""

    def run(paths: Iterable[str]) -> Iterator[Tagged]:
        options = _executor_setup(options_data)
        for path in paths:
            try:
                yield from process_warc(path, options, chunk_size)
            except Exception as exc:  # an unreadable file is one error row, not a failed job
                yield _task_failure(path, exc)

    return run


def remote_partition(options_data: dict[str, Any], chunk_size: int) -> Any:
    """mapPartitions function over (uri, bytes) pairs from ``SparkContext.binaryFiles``."""

    def run(files: Iterable[tuple[str, bytes]]) -> Iterator[Tagged]:
        options = _executor_setup(options_data)
        for uri, content in files:
            suffix = ".warc.gz" if uri.endswith(".gz") else ".warc"
            with tempfile.TemporaryDirectory(prefix="quotetrail-") as tmp:
                local = os.path.join(tmp, "input" + suffix)
                try:
                    with open(local, "wb") as fh:
                        fh.write(content)
                    del content
                    yield from process_warc(uri, options, chunk_size, local_copy=local)
                except Exception as exc:
                    yield _task_failure(uri, exc)

    return run


def _executor_setup(options_data: dict[str, Any]) -> Options:
    """Once per partition: the options and the spaCy pipeline (cached per Python worker).

    Numeric libraries are held to one thread first (if numpy is not loaded yet in this worker),
    since Spark gives each task one core (``spark.task.cpus``).
    """
    from .. import nlp
    from ..parallel import SINGLE_THREADED

    for name in SINGLE_THREADED:
        os.environ.setdefault(name, "1")
    options = Options(options_data)
    nlp.load(options.get("nlp", "model"), with_quotes=bool(options.get("pipeline", "quotes")))
    return options


def run_job(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    *,
    options: Options | None = None,
    chunk_size: int | None = None,
    mode: str = "errorifexists",
) -> dict[str, int]:
    """Run the pipeline over ``inputs`` (WARC paths/URIs/globs) and write the tables under ``output``.

    Returns the row count of each table. ``mode`` is Spark's save mode (``overwrite`` to replace).
    """
    from pyspark import StorageLevel

    from ..pipeline import CHUNK_SIZE

    options = options or Options.load()
    size = chunk_size or CHUNK_SIZE
    paths = expand_inputs(inputs)
    if not paths:
        raise SystemExit("quotetrail.spark.job: no input files")
    sc = spark.sparkContext
    local = [p for p in paths if is_local(p)]
    remote = [p for p in paths if not is_local(p)]
    parts = []
    if local:
        parts.append(sc.parallelize(local, len(local)).mapPartitions(local_partition(options.data, size)))
    if remote:
        # One RDD per file keeps one partition (one task) per WARC; binaryFiles alone would pack files.
        files = sc.union([sc.binaryFiles(uri) for uri in remote])
        parts.append(files.mapPartitions(remote_partition(options.data, size)))
    tagged = parts[0] if len(parts) == 1 else sc.union(parts)
    tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        # The first action runs the pipeline; the writes then read the persisted rows.
        found = tagged.map(_table_of).countByValue()
        for table in TABLES:
            rows = tagged.filter(_is_table(table)).map(_row_of)
            frame = spark.createDataFrame(rows, schema=ddl(table), verifySchema=False)
            frame.write.mode(mode).parquet(f"{output.rstrip('/')}/{table}")
    finally:
        tagged.unpersist()
    return {table: int(found.get(table, 0)) for table in TABLES}


def _table_of(pair: Tagged) -> str:
    return pair[0]


def _row_of(pair: Tagged) -> tuple[Any, ...]:
    return pair[1]


def _is_table(table: str) -> Callable[[Tagged], bool]:
    return lambda pair: pair[0] == table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quotetrail.spark.job",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--input",
        nargs="+",
        required=True,
        help="WARC files, directories or globs (local, s3a://, hdfs://, ...)",
    )
    parser.add_argument("--output", required=True, help="directory (or URI) for the Parquet tables")
    parser.add_argument("--config", help="a quotetrail TOML file of option overrides")
    parser.add_argument(
        "--chunk-size", type=int, help="documents per process_chunk call (default: as ingest)"
    )
    parser.add_argument("--master", help="Spark master when not started by spark-submit (default local[*])")
    parser.add_argument("--overwrite", action="store_true", help="replace existing output tables")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from pyspark.sql import SparkSession

    # Executors of a local run must use this interpreter (the one with quotetrail and spaCy).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("quotetrail")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    started = time.perf_counter()
    try:
        counts = run_job(
            spark,
            args.input,
            args.output,
            options=Options.load(args.config),
            chunk_size=args.chunk_size,
            mode="overwrite" if args.overwrite else "errorifexists",
        )
    finally:
        spark.stop()
    seconds = time.perf_counter() - started
    documents = counts.get("articles", 0) + counts.get("errors", 0)
    print(
        f"quotetrail.spark.job: {counts} in {seconds:.1f}s ({documents / seconds:.2f} articles/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
