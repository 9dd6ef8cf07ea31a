"""Spark local-mode throughput beside the process-pool runner, on the same WARC files.

    python bench/bench_spark.py [--articles 240] [--files 4] [--executors 1,2] [--pool-workers 2]

Builds ``--files`` gzipped WARCs of real news pages (as bench_parallel.py does), then runs
1. the process-pool runner (bench_parallel.run: WARC → pipeline in N processes → SQLite store), and
2. the Spark job (quotetrail.spark.job.run_job: WARC → pipeline → Parquet) in ``local[K]`` for each
   K in ``--executors`` (K executor cores; one task per WARC file).
Spark's session start-up (JVM, ~5-10 s) is reported apart from the job time, since a cluster pays
it once per job, not per file. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_parallel import build_warc, run  # noqa: E402


def spark_run(warcs: list[Path], cores: int, out: Path) -> dict[str, object]:
    from pyspark.sql import SparkSession

    from quotetrail.spark.job import run_job

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    started = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("quotetrail-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - started
    try:
        started = time.perf_counter()
        counts = run_job(spark, [str(w) for w in warcs], str(out), mode="overwrite")
        seconds = time.perf_counter() - started
    finally:
        spark.stop()
    documents = counts["articles"] + counts["errors"]
    return {"runner": f"spark local[{cores}]", "executor_cores": cores, "documents": documents,
            "tables": counts, "startup_s": round(startup, 2), "seconds": round(seconds, 2),
            "articles_per_s": round(documents / seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--executors", default="1,2", help="comma-separated local[K] core counts")
    parser.add_argument("--pool-workers", type=int, default=2, help="0 to skip the process-pool run")
    parser.add_argument("--chunk-size", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        per_file = -(-args.articles // args.files)
        warcs = []
        for k in range(args.files):
            path = Path(tmp) / f"part-{k}.warc.gz"
            origin = build_warc(path, min(per_file, args.articles - k * per_file), start=k * per_file)
            warcs.append(path)
        print(json.dumps({"warcs": len(warcs), "articles": args.articles, "pages": origin,
                          "cores": len(os.sched_getaffinity(0)), "load_average": os.getloadavg()}), flush=True)
        if args.pool_workers:
            result = run(warcs, args.pool_workers, args.chunk_size)
            print(json.dumps({"runner": f"process pool, {args.pool_workers} workers"} | result), flush=True)
        for cores in (int(c) for c in args.executors.split(",")):
            print(json.dumps(spark_run(warcs, cores, Path(tmp) / f"out{cores}")), flush=True)


if __name__ == "__main__":
    main()
