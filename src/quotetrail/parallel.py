"""Every core on one machine: the pipeline's unit of work in a process pool.

spaCy parsing holds the GIL, so threads do not help; processes do. Each worker process loads the
spaCy pipeline once (in the pool's initializer, not per chunk), then runs
:func:`quotetrail.pipeline.process_chunk` on the chunks it is handed. Results come back in the
order the chunks went in, so the caller (the single store writer) can mark an input done as soon
as all its documents are committed. At most ``max_in_flight`` chunks are queued or running, so
memory stays flat however long the input is.

The pool uses the ``spawn`` start method: a forked child would inherit the parent's threads and
locks (the store's, tqdm's) in whatever state they were in, and ``spawn`` behaves the same on
Linux, macOS and Windows.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import ConfigError
from .settings import Options
from .types import Document, RawInput

log = logging.getLogger(__name__)

#: Environment set in each worker before numpy loads, so N workers use N cores, not N × threads.
SINGLE_THREADED = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")

#: What a pool worker runs per chunk; process_chunk unless the caller passed another task.
Task = Callable[[list[RawInput], Options], list[Document]]

_worker_options: Options | None = None
_worker_task: Task | None = None


def available_cores() -> int:
    """Cores this process may run on (the CPU affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int | None) -> int:
    """``0``/None means one per available core; negative is a mistake."""
    if workers is None or workers == 0:
        return available_cores()
    if workers < 0:
        raise ConfigError(f"workers must be 0 (one per core) or more, not {workers}")
    return workers


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """Watch the parent; if it is gone (``kill -9`` of ``quotetrail ingest``), stop this worker.

    A killed parent cannot shut its pool down, and an orphaned worker would hold its spaCy model
    in memory (and any half-done chunk) until the machine restarts.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="quotetrail-parent-watch", daemon=True).start()


def _init_worker(options_data: dict[str, Any], task: Task | None, parent: int | None = None) -> None:
    """Pool initializer: pin numeric libraries to one thread and load spaCy once for this process."""
    global _worker_options, _worker_task
    if parent is not None:
        _exit_with_parent(parent)
    for name in SINGLE_THREADED:
        os.environ.setdefault(name, "1")
    _worker_options = Options(options_data)
    _worker_task = task
    if task is None:
        from . import nlp

        options = _worker_options
        nlp.load(options.get("nlp", "model"), with_quotes=bool(options.get("pipeline", "quotes")))


def _run_chunk(raws: list[RawInput]) -> list[Document]:
    assert _worker_options is not None, "worker used without its initializer"
    if _worker_task is not None:
        return _worker_task(raws, _worker_options)
    from .extract import compress_raw
    from .pipeline import process_chunk

    docs = process_chunk(raws, _worker_options)
    for doc in docs:
        # The store keeps raw input compressed: done here, on the workers' cores, rather than by
        # the one process that writes the store (it was a quarter of that process's time).
        if doc.raw is not None and doc.raw_compressed is None:
            doc.raw_compressed = compress_raw(doc.raw)
    return docs


def _crashed(raws: list[RawInput], why: str) -> list[Document]:
    """A chunk whose worker died twice: each document becomes a recorded failure."""
    return [
        Document.failed(raw.source, f"worker process died while analysing this batch ({why})") for raw in raws
    ]


def process_chunks(
    chunks: Iterable[list[RawInput]],
    options: Options,
    workers: int,
    *,
    max_in_flight: int | None = None,
    task: Task | None = None,
) -> Iterator[list[Document]]:
    """Run ``process_chunk`` over ``chunks`` on ``workers`` processes; yield results in input order.

    ``workers=1`` runs in this process (no pickling, easiest to debug); ``0`` means one per core.
    ``max_in_flight`` bounds the chunks submitted but not yet yielded (default ``2 × workers``),
    which bounds memory. If a worker process dies (out of memory, a crash in native code), the pool
    is rebuilt and the unfinished chunks resubmitted; a chunk that kills a worker twice comes back
    as failed documents, so one poisonous page cannot end a run. ``task`` replaces
    ``process_chunk`` as the unit of work (a module-level function, so that it pickles).
    """
    workers = resolve_workers(workers)
    if workers == 1:
        from .pipeline import process_chunk

        run = task or process_chunk
        for chunk in chunks:
            yield run(chunk, options)
        return
    if task is None:
        # A missing model would kill every worker in its initializer, which the pool reports only
        # as "a process terminated abruptly": check here, where the error can say what to install.
        from . import nlp

        nlp.model_name(options.get("nlp", "model"))
    limit = max(1, max_in_flight or 2 * workers)
    context = multiprocessing.get_context("spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(options.data, task, os.getpid()),
        )

    pool = new_pool()
    # Submitted chunks, oldest first: the chunk, its future, and whether it runs alone (a retry).
    pending: deque[tuple[list[RawInput], Future[list[Document]], bool]] = deque()
    backlog: deque[list[RawInput]] = deque()  # chunks to resubmit after a crash, before new ones
    source = iter(chunks)
    exhausted = False
    try:
        while True:
            isolating = bool(pending) and pending[0][2]
            while not isolating and len(pending) < limit:
                if backlog:
                    chunk = backlog.popleft()
                elif exhausted:
                    break
                else:
                    try:
                        chunk = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                try:
                    pending.append((chunk, pool.submit(_run_chunk, chunk), False))
                except BrokenProcessPool:
                    # A worker died since the last result was read: the oldest pending future
                    # reports it below; with nothing pending, start a new pool here.
                    backlog.appendleft(chunk)
                    if not pending:
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = new_pool()
                        continue
                    break
            if not pending:
                if backlog:
                    continue
                return
            chunk, future, alone = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool as exc:
                # Which chunk killed the worker is unknown: rerun the oldest alone to find out.
                log.warning("a worker process died (%s); restarting the pool", exc or "killed")
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                backlog.extendleft(reversed([c for c, _f, _a in pending]))
                pending.clear()
                if alone:
                    yield _crashed(chunk, str(exc) or "killed")
                else:
                    pending.append((chunk, pool.submit(_run_chunk, chunk), True))
                continue
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
