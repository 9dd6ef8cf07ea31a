"""Throughput of ingest + extract (no NLP) and of the whole pipeline, on one core.

    python bench/bench_pipeline.py [--limit N] [--full]

Reads the Zyte and WCXB HTML pages as files through ``iter_inputs`` (the real ingest path),
extracts articles, and prints pages/s (wall and per CPU-second) and peak RSS. The same pages,
flattened to visible text line by line with html-text, measure the flattened-text cleaner.
``--full`` also runs quotes, entities and times on the extracted articles.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXTRACTION = SHARED / "corpus" / "extraction"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, n: int, work: object) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    work()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{label:38s} {n:5d} docs  {n / wall:8.1f} docs/s  {n / cpu:8.1f} docs/CPU-s  peak {peak_mb():.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--full", action="store_true", help="also quotes, entities and times")
    args = parser.parse_args()
    if not EXTRACTION.exists():
        print(f"no corpus at {EXTRACTION}", file=sys.stderr)
        return 2
    import html_text

    from quotetrail.ingest import InputFailure, iter_inputs
    from quotetrail.pipeline import analyse, extract_chunk
    from quotetrail.settings import Options
    from quotetrail.types import RawInput

    pages = sorted(EXTRACTION.glob("*/html/*.html.gz")) + sorted(EXTRACTION.glob("wcxb/dev/html/*.html.gz"))
    pages = pages[: args.limit]
    options = Options.load()
    with tempfile.TemporaryDirectory() as tmp:
        flat_dir = Path(tmp) / "flat"
        flat_dir.mkdir()
        for page in pages:
            html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
            text = html_text.extract_text(html, guess_layout=True)
            (flat_dir / f"{page.parent.parent.name}-{page.name[:-8]}.txt").write_text(text, encoding="utf-8")
        flat = sorted(str(p) for p in flat_dir.glob("*.txt"))

        def read_and_extract(sources: list[str]) -> list:  # type: ignore[type-arg]
            raws = [x for x in iter_inputs(sources, options) if not isinstance(x, InputFailure)]
            out = []
            for start in range(0, len(raws), 64):
                out.extend(extract_chunk(raws[start : start + 64], options))
            return out

        html_docs: list = []  # type: ignore[type-arg]
        timed(
            "HTML: read + extract",
            len(pages),
            lambda: html_docs.extend(read_and_extract([str(p) for p in pages])),
        )
        timed("flattened text: read + clean", len(flat), lambda: read_and_extract(flat))
        if args.full:
            good = [d for d in html_docs if not d.error]
            analyse(good[:2], options)  # load the model outside the timing
            timed("HTML articles: quotes+entities+times", len(good), lambda: analyse(good, options))
            _ = RawInput
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
