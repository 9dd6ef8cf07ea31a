"""The Spark job, in local[2] mode, writes exactly the records the single-machine pipeline makes.

Skipped when pyspark (the ``spark`` extra) or Java is missing.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (the 'spark' extra)")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java (17), and none is installed", allow_module_level=True)

from quotetrail.ingest import InputFailure, iter_inputs  # noqa: E402
from quotetrail.pipeline import CHUNK_SIZE, process_chunk  # noqa: E402
from quotetrail.settings import Options  # noqa: E402
from quotetrail.spark import load_parquet, read_documents  # noqa: E402
from quotetrail.spark.job import run_job  # noqa: E402
from quotetrail.spark.load import read_errors  # noqa: E402
from quotetrail.store import open_store  # noqa: E402
from quotetrail.types import Document, RawInput  # noqa: E402

from .scale_warc import articles, write_warc  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quotetrail-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def single_machine(paths: list[str]) -> tuple[list[Document], set[tuple[str, str]]]:
    """What one process makes of the same files: documents, and (source, error) for failures."""
    options = Options.load()
    docs: list[Document] = []
    errors: set[tuple[str, str]] = set()
    for path in paths:
        chunk: list[RawInput] = []
        items = list(iter_inputs([path], options))
        for item in items:
            if isinstance(item, InputFailure):
                errors.add((item.source, item.error))
            else:
                chunk.append(item)
        for start in range(0, len(chunk), CHUNK_SIZE):
            for doc in process_chunk(chunk[start : start + CHUNK_SIZE], options):
                if doc.error:
                    errors.add((doc.source, doc.error))
                else:
                    doc.raw = None  # raw bytes are not part of the Parquet tables
                    docs.append(doc)
    return docs, errors


@pytest.fixture(scope="module")
def run(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("spark")
    good = write_warc(tmp / "a.warc.gz", articles(2, seed=21))
    bad = write_warc(tmp / "b.warc.gz", articles(3, seed=22), bad=True)
    missing = tmp / "missing.warc.gz"
    paths = [str(good), str(bad), str(missing)]
    counts = run_job(spark, paths, str(tmp / "out"))
    return {"tmp": tmp, "paths": paths, "counts": counts, "out": tmp / "out"}


def test_parquet_records_equal_the_single_machine_records(run: dict[str, Any]) -> None:
    expected_docs, expected_errors = single_machine(run["paths"])
    got = sorted(read_documents(run["out"]), key=lambda pair: pair[0].source)
    expected = sorted(expected_docs, key=lambda d: d.source)
    assert [d.to_dict() for d, _c in got] == [d.to_dict() for d in expected]
    assert all(container and doc.source.startswith(container) for doc, container in got)
    assert any(doc.quotes for doc, _c in got) and any(doc.entities for doc, _c in got)
    got_errors = {(e["source"], e["error"]) for e in read_errors(run["out"])}
    assert got_errors == expected_errors
    assert run["counts"]["articles"] == len(expected_docs) == 5


def test_bad_records_and_unreadable_files_become_error_rows(run: dict[str, Any]) -> None:
    errors = list(read_errors(run["out"]))
    reasons = " | ".join(e["error"] for e in errors)
    assert any(e["source"].endswith("missing.warc.gz") for e in errors), reasons
    assert "application/pdf" in reasons and "revisit" in reasons
    bad = str(run["tmp"] / "b.warc.gz")
    assert sum(e["container"] == bad for e in errors) >= 4  # pdf, revisit, bad length, cut gzip


def test_loader_fills_a_store_like_ingest(run: dict[str, Any]) -> None:
    db = run["tmp"] / "loaded.sqlite"
    with open_store(str(db)) as store:
        summary = load_parquet(run["out"], store)
        again = load_parquet(run["out"], store)  # loading twice leaves one copy
        assert summary.articles == again.articles == store.count("articles") == 5
        assert store.count("failures") == summary.errors == len(list(read_errors(run["out"])))
        assert store.input_done(run["paths"][0]) and store.input_done(run["paths"][1])
        first = next(doc for doc, _c in read_documents(run["out"]))
        stored = store.get_document(first.id or "")
        assert stored.text == first.text and len(stored.quotes) == len(first.quotes)
        assert [q.to_dict() for q in stored.quotes] == [q.to_dict() for q in first.quotes]


def test_load_parquet_command_stores_and_links(run: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from quotetrail.cli import main

    db = str(run["tmp"] / "cli-loaded.sqlite")
    result = CliRunner().invoke(main, ["load-parquet", str(run["out"]), "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "loaded 5 articles" in result.stderr and "linked 5" in result.stderr
    with open_store(db) as store:
        unlinked = store.query("SELECT COUNT(*) AS n FROM articles WHERE syndication_group IS NULL")[0]["n"]
        assert store.count("articles") == 5 and unlinked == 0
    again = CliRunner().invoke(main, ["link", "--db", db])
    assert again.exit_code == 0 and "linked 0 articles" in again.stderr  # nothing left to link
