"""Issue 5's must-show, end to end through the CLI: both seeds into a fresh store, then timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrail.cli import main

from .conftest import SHARED, need_shared


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = need_shared(SHARED / "corpus" / "seeds")
    db = str(tmp_path_factory.mktemp("store") / "seeds.sqlite")
    result = CliRunner().invoke(
        main, ["ingest", "--db", db, "-q", "--workers", "1", *sorted(map(str, seeds.glob("*.txt")))]
    )
    assert result.exit_code == 0, result.stderr
    return db


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def test_restated_position_is_one_timeline_line(seeded_store: str) -> None:
    gold = json.loads((SHARED / "corpus" / "seeds" / "gold.json").read_text(encoding="utf-8"))
    pair = gold["cross_document"][0]
    result = CliRunner().invoke(main, ["timeline", "Putin", "--db", seeded_store, "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines, "Putin has positions"

    def line_of(fragment: str) -> int:
        hits = [
            i
            for i, line in enumerate(lines)
            for st in line["statements"]
            if any(_norm(fragment) in _norm(r["wording"]) for r in st["reports"])
        ]
        assert hits, f"no statement holds {fragment!r}"
        return hits[0]

    assert line_of(pair["a"]["fragment"]) == line_of(pair["b"]["fragment"])
    # restating a position is not repeating one utterance: two statements, two dates
    line = lines[line_of(pair["a"]["fragment"])]
    assert line["first_seen"] < line["last_seen"]
    # and not everything Putin said collapses into that one position
    assert len(lines) > 3


def test_the_two_seeds_are_not_copies_of_each_other(seeded_store: str) -> None:
    result = CliRunner().invoke(main, ["articles", "--db", seeded_store, "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    assert rows[0]["syndication_group"] != rows[1]["syndication_group"]
    assert not any(r["is_copy"] for r in rows)


def test_statements_lists_reports_and_wordings(seeded_store: str) -> None:
    result = CliRunner().invoke(
        main, ["statements", "--speaker", "Putin", "--db", seeded_store, "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.stderr
    statements = [json.loads(line) for line in result.stdout.splitlines()]
    assert statements and all(s["speaker"] == "Vladimir Putin" for s in statements)
    for statement in statements:
        assert statement["reports"] and statement["wordings"]
        assert all(r["published"] for r in statement["reports"])
    assert Path(seeded_store).exists()


def test_the_alaska_summit_is_one_event_referred_to_by_both_seeds(seeded_store: str) -> None:
    result = CliRunner().invoke(
        main, ["events", "--db", seeded_store, "--person", "Trump", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events, "an event both seeds refer to"
    summit = events[0]
    assert summit["kind"] == "meeting" and summit["articles"] == 2
    assert summit["date"].startswith("2025-08")
    assert "Vladimir Putin" in summit["label"] and (
        "Alaska" in summit["label"] or "Anchorage" in summit["label"]
    )
    assert len({r["doc_id"] for r in summit["references"]}) == 2
    # somebody who took part in no event has none
    nobody = CliRunner().invoke(
        main, ["events", "--db", seeded_store, "--person", "Zelensky", "--format", "jsonl"]
    )
    assert nobody.exit_code == 0 and nobody.stdout.strip() == ""
