"""``quotetrail.evaluate`` must report exactly what the reference scorer reports."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quotetrail.evaluate import annotation_files, evaluate_polnear, parse_ann

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "polnear" / "dev"
SCORER = SHARED / "tools" / "polnear_score.py"

pytestmark = pytest.mark.skipif(
    not (DEV / "attributions").is_dir() or not SCORER.is_file(),
    reason=f"PolNeAR dev or the reference scorer not found under {SHARED}",
)


def reference(records: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(DEV), str(pred), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def perturbed_gold(seed: int) -> list[dict[str, Any]]:
    """Predictions made from gold with every kind of error the metrics must see: exact hits,
    shifted and widened spans, dropped and missing roles, spurious quotes, missing articles."""
    rng = random.Random(seed)
    records = []
    for k, (article, ann) in enumerate(annotation_files(DEV).items()):
        if k % 9 == 4:
            continue  # an article without prediction
        text = (DEV / "text" / f"{article}.txt").read_text(encoding="utf-8")
        quotes = []
        for g in parse_ann(ann):
            if rng.random() < 0.2:
                continue
            (cs, ce) = g["content"]  # type: ignore[misc]
            roll = rng.random()
            if roll < 0.2:
                cs, ce = max(0, cs - rng.randint(1, 15)), min(len(text), ce + rng.randint(0, 40))
            elif roll < 0.3:
                cs = min(ce, cs + rng.randint(1, 30))
            q: dict[str, Any] = {"content": {"start": cs, "end": ce, "text": text[cs:ce]}}
            for role, key in (("cue", "cue"), ("source", "mention")):
                span = g[role]
                q[key] = None if span is None or rng.random() < 0.15 else {"start": span[0], "end": span[1]}
            quotes.append(q)
        if rng.random() < 0.5:
            quotes.append({"content": {"start": 0, "end": min(40, len(text))}, "cue": None, "mention": None})
        records.append({"source": str(DEV / "text" / f"{article}.txt"), "text": text, "quotes": quotes})
    return records


@pytest.mark.parametrize("seed", [1, 2])
def test_agrees_with_reference_on_perturbed_gold(seed: int, tmp_path: Path) -> None:
    records = perturbed_gold(seed)
    ours = evaluate_polnear(DEV, records)
    assert ours == reference(records, tmp_path)
    assert 0 < ours["content_exact"]["f1"] < 100  # the perturbation left both hits and misses


def test_agrees_with_reference_on_real_predictions(tmp_path: Path) -> None:
    from quotetrail.errors import ModelError
    from quotetrail.evaluate import predict_polnear

    try:
        records = list(predict_polnear(DEV, limit=6))
    except ModelError as exc:
        pytest.skip(str(exc))
    for r in records:
        assert r["clean"] is False
        assert r["text"] == Path(r["source"]).read_text(encoding="utf-8")
        for q in r["quotes"]:
            assert r["text"][q["content"]["start"] : q["content"]["end"]] == q["content"]["text"]
    ours = evaluate_polnear(DEV, records)
    assert ours == reference(records, tmp_path)
    assert ours["articles_without_prediction"] == ours["articles"] - 6


def test_not_a_split_is_an_input_error(tmp_path: Path) -> None:
    from quotetrail.errors import InputError

    with pytest.raises(InputError):
        evaluate_polnear(tmp_path, [])
