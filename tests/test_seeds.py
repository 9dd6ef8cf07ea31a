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
    return subprocess.run(
        [sys.executable, str(tool), str(gold), str(pred), what], capture_output=True, text=True, check=False
    )


def test_seed_articles_meet_every_gold_expectation(seed_records: Path) -> None:
    result = reference_check(seed_records, "articles")
    assert result.returncode == 0, result.stdout


def test_seed_quotes_found_with_kind_cue_and_canonical_speaker(seed_records: Path) -> None:
    result = reference_check(seed_records, "quotes")
    assert result.returncode == 0, result.stdout


def test_seed_entities_and_time_expressions(seed_records: Path) -> None:
    result = reference_check(seed_records, "entities")
    assert result.returncode == 0, result.stdout


def test_seed_speakers_carry_one_identity_across_documents(seed_records: Path) -> None:
    import json

    records = [json.loads(line) for line in seed_records.read_text(encoding="utf-8").splitlines()]
    putin_ids = {
        q["speaker"]["id"] for r in records for q in r["quotes"] if q["speaker"]["name"] == "Vladimir Putin"
    }
    assert len(putin_ids) == 1 and None not in putin_ids
    # no quote is pinned on a person with confidence it cannot have: "I"/"we" never speak
    for record in records:
        for quote in record["quotes"]:
            mention = quote["mention"]
            assert not mention or mention["text"].lower() not in {"i", "we", "me", "us"}
