"""Quality gate: quote extraction on PolNeAR dev must not fall below the measured floor.

Runs the whole dev split (84 articles, about a minute with parsing) in the default test run.
The floors sit a point or two under the scores measured when they were set (with this very
evaluation: ``evaluate_polnear(DEV, predict_polnear(DEV))``); raise them when the scores rise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear" / "dev"

# Exact-match F1 (trimmed spans) and direct-quote recall, default "statements" scope.
# Measured 2026-11-22 (08:12 UTC): content 51.6 (P 69.0), cue 60.7, source 64.9, overlap 61.8,
# direct recall 82.3.
FLOORS = {"content_exact": 50.0, "cue_exact": 59.0, "source_exact": 63.5, "content_overlap": 60.5}
DIRECT_RECALL_FLOOR = 81.0
CONTENT_PRECISION_FLOOR = 67.5


@pytest.mark.skipif(not (DEV / "attributions").is_dir(), reason=f"PolNeAR dev split not found at {DEV}")
def test_polnear_dev_scores_hold_the_floor() -> None:
    from quotetrail.errors import ModelError
    from quotetrail.evaluate import evaluate_polnear, predict_polnear

    try:
        records = list(predict_polnear(DEV))
    except ModelError as exc:
        pytest.skip(str(exc))
    report = evaluate_polnear(DEV, records)
    assert report["articles_without_prediction"] == 0
    low = {k: report[k]["f1"] for k, floor in FLOORS.items() if report[k]["f1"] < floor}
    assert not low, f"F1 below floor: {low} (floors {FLOORS})"
    assert report["direct_recall"] >= DIRECT_RECALL_FLOOR, report["direct_recall"]
    assert report["content_exact"]["p"] >= CONTENT_PRECISION_FLOOR, report["content_exact"]
