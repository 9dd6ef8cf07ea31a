"""The process pool gives the same records as one process, in input order, and survives a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quotetrail.errors import ConfigError, ModelError
from quotetrail.ingest import InputFailure, iter_inputs
from quotetrail.parallel import available_cores, process_chunks, resolve_workers
from quotetrail.settings import Options
from quotetrail.types import Document, RawInput

from .scale_warc import articles, write_warc


def _raws(tmp_path: Path, n: int) -> list[RawInput]:
    warc = write_warc(tmp_path / "pages.warc.gz", articles(n, seed=11))
    return [x for x in iter_inputs([str(warc)], Options.load()) if not isinstance(x, InputFailure)]


def _records(docs: list[Document]) -> list[dict[str, object]]:
    return [d.to_dict() for d in docs]


def echo_task(raws: list[RawInput], options: Options) -> list[Document]:
    """A cheap stand-in for process_chunk: one document per input, text = the input's bytes."""
    return [
        Document(source=r.source, text=r.content.decode("utf-8", "replace")[:40], id=r.source) for r in raws
    ]


def crash_task(raws: list[RawInput], options: Options) -> list[Document]:
    """Kills its worker process outright (as an out-of-memory kill would) on a poisoned input."""
    if any(r.source.endswith("poison") for r in raws):
        os._exit(9)
    return echo_task(raws, options)


def test_two_workers_give_the_same_records_as_one(tmp_path: Path) -> None:
    raws = _raws(tmp_path, 6)
    chunks = [raws[:2], raws[2:4], raws[4:]]
    options = Options.load()
    serial = [d for docs in process_chunks(chunks, options, 1) for d in docs]
    pooled = [d for docs in process_chunks(chunks, options, 2) for d in docs]
    assert [d.source for d in pooled] == [r.source for r in raws]
    assert not any(d.error for d in serial)
    assert any(d.quotes for d in serial), "the generated pages should give the pipeline quotes to find"
    assert _records(pooled) == _records(serial)


def test_results_come_back_in_submission_order_with_little_in_flight() -> None:
    raws = [RawInput(source=f"doc{i}", content=f"page {i}".encode(), kind="clean") for i in range(40)]
    chunks = [raws[i : i + 3] for i in range(0, len(raws), 3)]
    pulled = 0

    def feed():  # counts how far ahead of the consumer the pool reads
        nonlocal pulled
        for chunk in chunks:
            pulled += 1
            yield chunk

    seen: list[str] = []
    for index, docs in enumerate(process_chunks(feed(), Options.load(), 2, max_in_flight=3, task=echo_task)):
        assert pulled <= index + 1 + 3, "more chunks were read ahead than max_in_flight allows"
        seen.extend(d.source for d in docs)
    assert seen == [r.source for r in raws]


def test_a_chunk_that_kills_its_worker_fails_alone_and_the_run_goes_on() -> None:
    raws = [RawInput(source=f"doc{i}", content=b"page", kind="clean") for i in range(12)]
    raws[5] = RawInput(source="doc5-poison", content=b"page", kind="clean")
    chunks = [raws[i : i + 2] for i in range(0, len(raws), 2)]
    out = [d for docs in process_chunks(chunks, Options.load(), 2, task=crash_task) for d in docs]
    assert [d.source for d in out] == [r.source for r in raws]
    failed = {d.source for d in out if d.error}
    assert failed == {"doc4", "doc5-poison"}  # the poisoned chunk, nothing else
    assert all("worker process died" in (d.error or "") for d in out if d.error)


def test_worker_counts() -> None:
    assert resolve_workers(0) == available_cores() >= 1
    assert resolve_workers(3) == 3
    with pytest.raises(ConfigError):
        resolve_workers(-1)


def test_a_missing_model_is_reported_before_any_worker_starts() -> None:
    options = Options.load(nlp__model="en_core_web_not_installed")
    raws = [RawInput(source="doc", content=b"page", kind="clean")]
    with pytest.raises(ModelError, match="en_core_web_not_installed"):
        list(process_chunks([raws], options, 2))
