"""The two seed scrapes, end to end through `quotetrail extract`, judged by the reference checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrail.cli import main

from .conftest import SHARED, need_shared


@pytest.fixture(scope="module")
def seed_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = need_shared(SHARED / "corpus" / "seeds")
    out = tmp_path_factory.mktemp("seeds") / "pred.jsonl"
    result = CliRunner().invoke(main, ["extract", *sorted(str(p) for p in seeds.glob("*.txt"))])
    assert result.exit_code == 0, result.stderr
    out.write_text(result.stdout, encoding="utf-8")
    return out


def reference_check(pred: Path, what: str) -> subprocess.CompletedProcess[str]:
    tool = need_shared(SHARED / "tools" / "seeds_check.py")
    gold = SHARED / "corpus" / "seeds" / "gold.json"
    return subprocess.run([sys.executable, str(tool), str(gold), str(pred), what],
                          capture_output=True, text=True, check=False)


def test_seed_articles_meet_every_gold_expectation(seed_records: Path) -> None:
    result = reference_check(seed_records, "articles")
    assert result.returncode == 0, result.stdout
