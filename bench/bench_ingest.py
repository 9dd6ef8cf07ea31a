"""Benchmark reading inputs: throughput, WARC streaming memory, and decoding accuracy.

Run from the repo root (shared/ beside it):

    python bench/bench_ingest.py [--shared ../shared] [--part all|read|warc|encoding]

* read: iter_inputs + decode over the Zyte and WCXB page directories (docs/s).
* warc: the WCXB pages written into one gzipped WARC in a temp dir, then read back; reports
  docs/s and the peak resident memory against the archive's size (streaming keeps it flat).
* encoding: real article bodies (WCXB main_content, Zyte articleBody) re-encoded the ways
  scrapes arrive broken (windows-1252 with no declaration, Latin-1 declared as UTF-8,
  UTF-8 with BOM, UTF-8 double-encoded) and decoded back; counts exact round trips, for whole
  bodies and for their first 300 characters (short texts are harder to detect).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from quotetrail.errors import QuotetrailError
from quotetrail.ingest import InputFailure, decode, iter_inputs
from quotetrail.settings import Options


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_read(shared: Path) -> None:
    options = Options.load()
    for name in ("extraction/zyte/html", "extraction/wcxb/dev/html"):
        folder = shared / "corpus" / name
        start, cpu = time.perf_counter(), time.process_time()
        docs = fails = chars = 0
        for item in iter_inputs([str(folder)], options):
            if isinstance(item, InputFailure):
                fails += 1
                continue
            docs += 1
            chars += len(decode(item))
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"read {name}: {docs} docs, {fails} failures, {chars / 1e6:.1f} M chars, "
            f"{took:.1f} s wall, {cpu:.1f} s CPU ({docs / cpu:.0f} docs per CPU-second)"
        )


def bench_warc(shared: Path, copies: int = 1) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted((shared / "corpus" / "extraction" / "wcxb" / "dev" / "html").glob("*.html.gz"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wcxb.warc.gz"
        with open(path, "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for page in pages * copies:
                body = gzip.decompress(page.read_bytes())
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    f"https://example.org/{page.name}",
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                )
                writer.write_record(record)
        size = path.stat().st_size
        before = _rss_mb()
        start, cpu = time.perf_counter(), time.process_time()
        docs = fails = 0
        for item in iter_inputs([str(path)], Options.load()):
            if isinstance(item, InputFailure):
                fails += 1
            else:
                docs += 1
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"warc: {docs} records, {fails} failures from a {size / 1e6:.1f} MB WARC in {took:.1f} s wall, "
            f"{cpu:.1f} s CPU ({docs / cpu:.0f} docs per CPU-second); "
            f"peak RSS {before:.0f} MB before reading, {_rss_mb():.0f} MB after"
        )


def _bodies(shared: Path) -> list[str]:
    bodies: list[str] = []
    for gt in sorted((shared / "corpus" / "extraction" / "wcxb" / "dev" / "ground-truth").glob("*.json")):
        text = json.loads(gt.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or ""
        if text.strip():
            bodies.append(text)
    zyte = json.loads((shared / "corpus" / "extraction" / "zyte" / "ground-truth.json").read_text("utf-8"))
    bodies.extend(v["articleBody"] for v in zyte.values() if v.get("articleBody", "").strip())
    return bodies


def bench_encoding(shared: Path) -> None:
    bodies = [b.replace("\r\n", "\n").replace("\r", "\n") for b in _bodies(shared)]
    cases = {
        "cp1252, undeclared": lambda t: (t.encode("cp1252"), None),
        "latin-1 declared utf-8": lambda t: (t.encode("latin-1"), "utf-8"),
        "utf-8 with BOM": lambda t: (b"\xef\xbb\xbf" + t.encode("utf-8"), None),
        "utf-8 double-encoded": lambda t: (t.encode("utf-8").decode("cp1252").encode("utf-8"), None),
    }
    for length in (None, 300):
        for name, make in cases.items():
            ok = total = skipped = 0
            wrong: list[str] = []
            for body in bodies:
                text = body if length is None else body[:length]
                try:
                    data, declared = make(text)
                except UnicodeError:
                    skipped += 1  # not representable in that encoding (or not non-ASCII at all)
                    continue
                if data.isascii():
                    skipped += 1
                    continue
                total += 1
                try:
                    out = decode(data, declared)
                except QuotetrailError:
                    out = ""
                if out == text:
                    ok += 1
                elif len(wrong) < 2:
                    diff = next((i for i, (a, b) in enumerate(zip(out, text, strict=False)) if a != b), 0)
                    wrong.append(repr(out[max(0, diff - 15) : diff + 15]))
            label = "whole" if length is None else f"first {length}"
            print(f"encoding [{label:9}] {name:24} {ok}/{total} exact ({skipped} skipped) {' '.join(wrong)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--part", choices=["all", "read", "warc", "encoding"], default="all")
    parser.add_argument("--warc-copies", type=int, default=1, help="write every page this many times")
    args = parser.parse_args()
    if not (args.shared / "corpus").is_dir():
        print(f"no corpus at {args.shared}/corpus", file=sys.stderr)
        return 2
    if args.part in ("all", "read"):
        bench_read(args.shared)
    if args.part in ("all", "warc"):
        bench_warc(args.shared, args.warc_copies)
    if args.part in ("all", "encoding"):
        bench_encoding(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
