"""End-to-end throughput of the process-pool runner: raw WARC → stored quotes and entities.

    python bench/bench_parallel.py [--articles 240] [--workers 1,2] [--chunk-size 32] [--warc PATH]

Builds one gzipped WARC of real news pages (the Zyte and WCXB article-extraction benchmark pages
in ../shared/corpus, cycled if more are asked for than exist; generated pages when the corpus is
absent), then for each worker count runs the whole path on that same WARC: read records
(ingest.iter_inputs) → process_chunk in a pool of N processes (parallel.process_chunks) → one
store writer (SQLite, a fresh file per run). Prints one JSON line per run and a summary with the
speed-up. Targets (issue 7): ≥ 1.8× from 1 to 2 workers; ≥ 10 articles/s per core.

Worker start-up (spawning, loading spaCy) is included: it is what a user waits for. CPU seconds
(this process and its workers, from getrusage) are printed too: on a machine shared with other
jobs, wall-clock speed-up says more about the neighbours than about the pool, while articles per
CPU-second is what a cluster bill is made of.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus" / "extraction"


def corpus_pages() -> list[tuple[str, bytes]]:
    """(url, html bytes) of the real benchmark pages, in a fixed order."""
    pages: list[tuple[str, bytes]] = []
    zyte = SHARED / "zyte"
    if (zyte / "ground-truth.json").exists():
        truth = json.loads((zyte / "ground-truth.json").read_text(encoding="utf-8"))
        for path in sorted((zyte / "html").glob("*.html.gz")):
            key = path.name.removesuffix(".html.gz")
            url = (truth.get(key) or {}).get("url") or f"https://zyte.example.com/{key}"
            pages.append((url, gzip.decompress(path.read_bytes())))
    wcxb = SHARED / "wcxb" / "dev"
    for path in sorted((wcxb / "html").glob("*.html.gz")) if wcxb.exists() else []:
        key = path.name.removesuffix(".html.gz")
        pages.append((f"https://wcxb.example.com/{key}", gzip.decompress(path.read_bytes())))
    return pages


def build_warc(path: Path, n: int, start: int = 0) -> str:
    """A WARC of pages ``start .. start + n`` of the corpus (cycled)."""
    pages = corpus_pages()
    origin = "shared corpus (zyte + wcxb pages)"
    if not pages:
        from tests.scale_warc import articles

        pages = [(url, html.encode("utf-8")) for url, html in articles(start + n)]
        origin = "generated pages"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(start, start + n):
            url, html = pages[i % len(pages)]
            if i >= len(pages):  # a repeat: make it a distinct capture so it is stored again
                url = f"{url}?copy={i // len(pages)}"
                html = html + f"<!-- copy {i} -->".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
    return origin


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(warcs: list[Path], workers: int, chunk_size: int) -> dict[str, float | int | str | None]:
    """Raw WARCs → stored records with ``workers`` processes; the store is written by this process."""
    from quotetrail.ingest import InputFailure, iter_inputs
    from quotetrail.parallel import process_chunks
    from quotetrail.settings import Options
    from quotetrail.store import open_store
    from quotetrail.types import RawInput

    options = Options.load()
    failed = 0
    errors: list[str] = []

    def chunks() -> object:
        nonlocal failed
        chunk: list[RawInput] = []
        for item in iter_inputs([str(w) for w in warcs], options):
            if isinstance(item, InputFailure):
                failed += 1
                continue
            chunk.append(item)
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.sqlite")) as store:
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        documents = 0
        first_at: float | None = None
        first_docs = 0
        for docs in process_chunks(chunks(), options, workers):  # type: ignore[arg-type]
            if first_at is None:  # workers are up and warm from here on
                first_at, first_docs = time.perf_counter(), len(docs)
            documents += len(docs)
            good = [d for d in docs if not d.error]
            failed += len(docs) - len(good)
            errors.extend(d.error or "" for d in docs if d.error)
            store.save_documents(good, None)  # one commit per chunk, as ingest does
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before  # this process + the pool's workers (joined by now)
        return {
            "workers": workers, "documents": documents, "failed": failed, "seconds": round(seconds, 2),
            "articles_per_s": round(documents / seconds, 2), "cpu_seconds": round(cpu, 1),
            # after the first chunk came back: start-up (spawning, loading spaCy) left out
            "steady_articles_per_s": (
                round((documents - first_docs) / (started + seconds - first_at), 2)
                if first_at is not None and documents > first_docs else None
            ),
            "articles_per_cpu_s": round(documents / cpu, 2) if cpu else None,
            "stored_articles": store.count("articles"), "stored_quotes": store.count("quotes"),
            "stored_entities": store.count("entities"), "stored_mentions": store.count("mentions"),
            "first_error": errors[0] if errors else None,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts, run in turn")
    parser.add_argument("--chunk-size", type=int, default=32)
    parser.add_argument("--warc", type=Path, help="use this WARC instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warc = args.warc
        origin = "given"
        if warc is None:
            warc = Path(tmp) / "bench.warc.gz"
            origin = build_warc(warc, args.articles)
        print(json.dumps({"warc": str(warc), "pages": origin, "bytes": warc.stat().st_size,
                          "cores": len(os.sched_getaffinity(0)), "load_average": os.getloadavg()}), flush=True)
        results = []
        for workers in (int(w) for w in args.workers.split(",")):
            result = run([warc], workers, args.chunk_size)
            results.append(result)
            print(json.dumps(result), flush=True)
        base = float(results[0]["articles_per_s"] or 0)
        print(json.dumps({"load_average_after": os.getloadavg(),
                          "summary": {f"{r['workers']}_workers_articles_per_s": r["articles_per_s"]
                                      for r in results}
                          | {f"speedup_{r['workers']}_vs_{results[0]['workers']}":
                             round(float(r["articles_per_s"] or 0) / base, 2) for r in results[1:]}}))


if __name__ == "__main__":
    main()
