"""Load check: 50 concurrent clients for 30 s against the read endpoints, over loopback.

Starts uvicorn in a subprocess on 127.0.0.1 (a free port) serving the 100k-quote store that
bench_pages.py generates (or --db), runs the clients with httpx's async client until the time is
up, stops the server, and prints requests/s, p50/p99 latency and the error count (must be 0).
Client and server share this machine's cores, so the figures are a floor, not a ceiling.

    python bench/bench_server.py [--db PATH] [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import ensure_store  # noqa: E402

SERVE = (
    "import sys, uvicorn\n"
    "from quotetrail.server import create_app\n"
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning',"
    " access_log=False, timeout_keep_alive=int(sys.argv[3]))\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def endpoints(top_speaker: str) -> list[str]:
    """The read mix: API lists, searches, details, facets and the HTML pages."""
    return [
        "/api/quotes?limit=50",
        "/api/quotes?q=NATO&limit=50",
        f"/api/quotes?speaker={top_speaker}&limit=20",
        "/api/quotes/facets?q=peace",
        "/api/articles?limit=50",
        "/api/articles/gen004321",
        "/api/speakers?limit=50",
        f"/api/entities/{top_speaker}",
        f"/api/timeline?speaker={top_speaker}",
        f"/api/statements?speaker={top_speaker}&limit=20",
        "/api/statements/st000200",
        "/api/stories?limit=20",
        "/api/stories/story00200",
        "/",
        "/?q=NATO+security",
        "/speakers/person:speaker-42",
        "/articles/gen001234",
        "/statements/st000300",
        "/stories/story00300",
    ]


async def client(
    http: httpx.AsyncClient,
    urls: list[str],
    start: int,
    deadline: float,
    latencies: dict[str, list[float]],
    errors: list[str],
) -> None:
    i = start
    while time.monotonic() < deadline:
        url = urls[i % len(urls)]
        i += 1
        t0 = time.perf_counter()
        problem = None
        try:
            response = await http.get(url)
            if response.status_code != 200:
                problem = f"{url}: HTTP {response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            problem = f"{url}: {type(exc).__name__} after {time.perf_counter() - t0:.1f} s"
        if problem:
            if len(errors) < 5:  # say what went wrong as it happens, not only in the summary
                print("error:", problem, file=sys.stderr)
            errors.append(problem)
        latencies[url].append((time.perf_counter() - t0) * 1000)


async def load(
    base: str, urls: list[str], clients: int, seconds: float
) -> tuple[dict[str, list[float]], list[str], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(client(http, urls, n, deadline, latencies, errors) for n in range(clients)))
        elapsed = time.monotonic() - started
    return latencies, errors, elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/quotetrail-bench-100k.sqlite"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=30,
        help="uvicorn's idle keep-alive timeout; 30 s as run() uses (uvicorn's default 5 s can close a"
        " connection just as a starved client reuses it: an httpx ReadError)",
    )
    args = parser.parse_args()
    path = ensure_store(args.db)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(path), str(port), str(args.keep_alive)])
    try:
        wait_ready(base, proc)
        top = httpx.get(base + "/api/speakers?limit=1").json()["items"][0]["id"]
        urls = endpoints(top)
        latencies, errors, elapsed = asyncio.run(load(base, urls, args.clients, args.seconds))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    everything = [x for v in latencies.values() for x in v]
    total = len(everything)
    print(
        f"{args.clients} clients, {elapsed:.1f} s, {len(urls)} read endpoints, keep-alive {args.keep_alive} s, "
        f"store {path}; "
        f"load average before exit {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"requests: {total}  requests/s: {total / elapsed:.1f}  p50: {statistics.median(everything):.1f} ms  "
        f"p99: {percentile(everything, 0.99):.1f} ms  errors: {len(errors)}"
    )
    for url in urls:
        v = latencies.get(url) or [0.0]
        print(
            f"  {url:55} n={len(latencies.get(url, [])):5d}  p50 {statistics.median(v):7.1f} ms  "
            f"p99 {percentile(v, 0.99):7.1f} ms"
        )
    for error in sorted(set(errors))[:10]:
        print("  error:", error)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
