"""`quotetrail ingest` killed with SIGKILL mid-run, then run again: 0 lost, 0 duplicated, 0 redone."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotetrail.ingest import InputFailure, iter_inputs
from quotetrail.pipeline import CHUNK_SIZE
from quotetrail.settings import Options

from .scale_warc import articles, write_warc

CLI = [sys.executable, "-c", "from quotetrail.cli import main; main()"]
SUMMARY = re.compile(r"(\d+) stored, (\d+) failed, (\d+) already done")


def _ingest_command(warc: Path, db: Path) -> list[str]:
    command = [*CLI, "ingest", str(warc), "--db", str(db), "-q"]
    help_text = subprocess.run([*CLI, "ingest", "--help"], capture_output=True, text=True, check=True).stdout
    if "--workers" in help_text:  # exercise the process pool too, once the CLI has it
        command += ["--workers", "2"]
    return command


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:  # not Linux: nothing to check
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited


def _assert_gone(pids: list[int], wait: float = 15.0) -> None:
    deadline = time.monotonic() + wait
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in alive if _alive(p)]
    for pid in alive:  # clean up before failing, so a failure leaves no orphans behind
        os.kill(pid, signal.SIGKILL)
    assert alive == [], "worker processes outlived the killed ingest"


def test_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    # Three chunks on two workers: the first two come back together, the third a chunk's worth
    # of work later, so the kill (sent once a commit is seen) lands before the last commit.
    total = 2 * CHUNK_SIZE + 6
    warc = write_warc(tmp_path / "crawl.warc.gz", articles(total, seed=5))
    sources = {x.source for x in iter_inputs([str(warc)], Options.load()) if not isinstance(x, InputFailure)}
    assert len(sources) == total
    db = tmp_path / "store.sqlite"
    env = {**os.environ, "QUOTETRAIL_DB": str(db)}
    command = _ingest_command(warc, db)

    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while _stored(db) == 0 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if first.poll() is not None:
        pytest.fail(
            f"ingest ended before it could be killed: {first.stderr.read().decode() if first.stderr else ''}"
        )
    children = _children(first.pid)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    _assert_gone(children)  # pool workers do not outlive a killed ingest
    committed = _stored(db)
    assert 0 < committed < total, "the kill should land between two commits"

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    match = SUMMARY.search(second.stderr)
    assert match, second.stderr
    stored, failed, skipped = map(int, match.groups())
    assert (stored, failed, skipped) == (total - committed, 0, committed)  # nothing redone

    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source FROM articles").fetchall()
        assert sorted(r[0] for r in rows) == sorted(sources)  # nothing lost, nothing twice
        assert conn.execute("SELECT status FROM inputs WHERE container = ?", (str(warc),)).fetchone() == (
            "done",
        )
        gaps = conn.execute(
            "SELECT article_id FROM quotes GROUP BY article_id HAVING COUNT(*) != MAX(position) + 1"
        ).fetchall()
        assert gaps == []  # each article's quotes stored once, in one piece
        assert conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] > 0

    third = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    match = SUMMARY.search(third.stderr)
    assert third.returncode == 0 and match and match.group(1) == "0", third.stderr  # a done input is skipped
