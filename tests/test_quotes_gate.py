"""Quality gate: quote extraction on PolNeAR dev must not fall below the measured floor.

Runs the whole dev split (84 articles, about a minute with parsing) in the default test run.
The floors sit a point or two under the scores measured when they were set (with this very
evaluation: ``evaluate_polnear(DEV, predict_polnear(DEV))``); raise them when the scores rise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear" / "dev"

# Exact-match F1 (trimmed spans) and direct-quote recall, default "statements" scope.
# Measured 2026-11-22 (08:12 UTC): content 51.6 (P 69.0), cue 60.7, source 64.9, overlap 61.8,
# direct recall 82.3.
# Measured 2026-11-22 (08:21 UTC), after a new sentence or paragraph in new quotation marks
# after a frame became a quote of its own (as the seeds' gold lists them; PolNeAR instead marks
# '"X," he said. "Y."' as one discontinuous content, so this costs exact content points):
# content 44.2 (P 56.0), cue 60.7, source 64.9, overlap 58.0, direct recall 77.6.
# The same code joining across sentences as PolNeAR does measured content 52.3 (P 70.3),
# overlap 62.1, direct recall 82.6: the cost of gold's convention is 8.1 content points.
# Measured 2026-11-22 (10:03 UTC), after reports in relative clauses, speech acts by their
# object or preposition ("cited a memo", "called for a ban"), titles kept out of partial quotes,
# media in cues and fuller source mentions: content 46.6 (P 56.6), cue 63.9, source 68.2
# (P 87.1), overlap 60.6, direct recall 78.4.
# Measured 2026-11-22 (10:38 UTC), after object and preposition reports for more verbs
# ("defended his record", "accused him of sexism", "called on X to act"), passive agents and
# participles as speakers, 'said that "..."' as mixed, titles named by a participle kept out:
# content 47.9 (P 57.2), cue 65.5, source 69.4 (P 87.3), overlap 61.6, direct recall 78.4.
# Measured 2026-11-22 (10:50 UTC), after a sentence resumed in new marks after a frame in the
# same paragraph ('"X," he said. "Y."') became a part of the framed quote (one utterance, as
# annotators mark it; a new paragraph stays a quote of its own): content 55.7 (P 70.0), cue 65.5,
# source 69.4 (P 87.3), overlap 65.6, direct recall 83.2.
# Session of 22 Nov, afternoon (frames closing sentences, findings, ...): content 57.1 (P 70.7),
# cue 66.7, source 71.0, overlap 66.6, direct recall 83.5. Evening (naming verbs read as
# participles, clauses going on after a closing mark, prepositional cues, page labels, speakers):
# content 57.4 (P 71.1), cue 66.9 (P 84.4), source 71.1 (P 87.7), overlap 66.7, direct recall 83.7.
# Session 5 (stated objects through what they were about, parse repairs in frames, nested and
# mistyped marks, names by first name): content 57.6 (P 71.5), cue 66.9 (P 84.3), source 70.9
# (P 87.5), overlap 66.8, direct recall 83.7.
FLOORS = {"content_exact": 57.1, "cue_exact": 66.4, "source_exact": 70.5, "content_overlap": 66.3}
DIRECT_RECALL_FLOOR = 83.2
CONTENT_PRECISION_FLOOR = 71.0
# A wrong speaker is worse than none: source mentions stay precise.
SOURCE_PRECISION_FLOOR = 85.0


def _frames_stay_out(records: list[dict[str, Any]]) -> list[str]:
    """Direct quotes whose content holds reporter's words between quoted stretches (a closing
    mark, words, an opening mark) yet has no parts: a reader would take the frame as quoted."""
    bad = []
    for r in records:
        for q in r["quotes"]:
            text = q["content"]["text"]
            if q["kind"] == "direct" and len(q.get("parts") or []) < 2 and _BROKEN.search(text):
                bad.append(text[:80])
    return bad


_BROKEN = re.compile('[\u201d"][^\u201c\u201d"]*[A-Za-z][^\u201c\u201d"]*[\u201c"]')


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
    assert report["source_exact"]["p"] >= SOURCE_PRECISION_FLOOR, report["source_exact"]
    broken = _frames_stay_out(records)
    assert not broken, broken[:5]


# The "attributions" scope (stances, intentions and appearances too, as PolNeAR marks them).
# Session 6: content 59.1 (P 67.1), cue 67.5, source 73.1, overlap 69.1, direct recall 84.2;
# with the trained tagger's additions where the rules found nothing: content 59.8 (P 63.5),
# cue 68.5, source 74.4, overlap 71.0, direct recall 87.6. Session 7, the fine-tuned transformer
# in the tagger's place (its contents of confidence 0.7 and up): content 60.9 (P 63.1), cue 70.2,
# source 76.8, overlap 74.0, attribution 62.1, direct recall 90.6.
ATTRIBUTIONS_FLOORS = {
    "content_exact": 60.5,
    "cue_exact": 69.6,
    "source_exact": 76.1,
    "content_overlap": 73.5,
    "attribution": 61.5,
}
ATTRIBUTIONS_DIRECT_RECALL_FLOOR = 90.0


@pytest.mark.skipif(not (DEV / "attributions").is_dir(), reason=f"PolNeAR dev split not found at {DEV}")
def test_polnear_dev_attributions_scope_holds_its_floor_and_beats_statements() -> None:
    """The wider scope exists to follow PolNeAR: it must score above its floor, and it must
    never lose what the default finds (each of its F1s at least the statements floor)."""
    from quotetrail.errors import ModelError
    from quotetrail.evaluate import evaluate_polnear, predict_polnear
    from quotetrail.quotes.transformer import shared_transformer

    if shared_transformer() is None:  # these floors are the transformer's (the "attributions" extra)
        pytest.skip("no transformer tagger: pip install 'quotetrail[attributions]'")
    try:
        records = list(predict_polnear(DEV, scope="attributions"))
    except ModelError as exc:
        pytest.skip(str(exc))
    report = evaluate_polnear(DEV, records)
    low = {k: report[k]["f1"] for k, floor in ATTRIBUTIONS_FLOORS.items() if report[k]["f1"] < floor}
    assert not low, f"F1 below floor: {low} (floors {ATTRIBUTIONS_FLOORS})"
    assert all(report[k]["f1"] >= FLOORS[k] for k in FLOORS), report
    assert report["direct_recall"] >= ATTRIBUTIONS_DIRECT_RECALL_FLOOR, report["direct_recall"]
    assert any(q["stance"] for r in records for q in r["quotes"])
