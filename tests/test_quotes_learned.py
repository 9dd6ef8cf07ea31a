"""The learned attribution tagger (quotetrail.quotes.learned) as a user of it would notice.

Sentences here are written for these tests (no PolNeAR text). Skips cleanly when the trained
weights are not in the package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrail.errors import ModelError
from quotetrail.quotes import learned

needs_weights = pytest.mark.skipif(
    not (learned.TAGGER_DIR / "config.cfg").is_file(),
    reason=f"no trained attribution tagger in {learned.TAGGER_DIR} (run scripts/train_quote_tagger.py)",
)

TEXTS = [
    "The senator said the bill would fail.",
    "Officials in the city told reporters that the bridge would reopen next month.",
    "\u201cWe are not going anywhere,\u201d the mayor said on Monday. The council did not respond.",
    "It rained all afternoon and the match was postponed.",
    "",
]


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    return learned.load_tagger()


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


@needs_weights
def test_obvious_attribution_has_cue_source_and_content(tagger) -> None:  # type: ignore[no-untyped-def]
    text = TEXTS[0]
    atts = learned.predict_attributions(text, tagger)
    assert len(atts) == 1
    (att,) = atts
    assert _text(text, att["content"]).strip(" .") == "the bill would fail"
    assert _text(text, att["cue"]) == "said"
    assert _text(text, att["source"]) == "The senator"


@needs_weights
def test_indirect_speech_with_an_addressee(tagger) -> None:  # type: ignore[no-untyped-def]
    text = TEXTS[1]
    atts = learned.predict_attributions(text, tagger)
    assert atts, "an indirect quote with 'told reporters that' was missed"
    contents = [_text(text, a["content"]) for a in atts]
    assert any(c and "bridge would reopen" in c for c in contents)
    att = next(a for a in atts if "bridge" in (_text(text, a["content"]) or ""))
    assert _text(text, att["cue"]) == "told"
    assert "Officials" in (_text(text, att["source"]) or "")


@needs_weights
def test_direct_quote_takes_the_cue_after_it(tagger) -> None:  # type: ignore[no-untyped-def]
    text = TEXTS[2]
    atts = learned.predict_attributions(text, tagger)
    att = next(a for a in atts if "going anywhere" in (_text(text, a["content"]) or ""))
    assert _text(text, att["cue"]) == "said"
    assert _text(text, att["source"]) == "the mayor"


@needs_weights
def test_offsets_index_the_text_and_batch_agrees(tagger) -> None:  # type: ignore[no-untyped-def]
    batched = list(learned.predict_attributions_batch(TEXTS, tagger, batch_size=2))
    assert len(batched) == len(TEXTS)
    for text, atts in zip(TEXTS, batched, strict=True):
        assert atts == learned.predict_attributions(text, tagger)
        for att in atts:
            for role in ("content", "cue", "source"):
                span = att[role]
                if span is None:
                    continue
                s, e = span
                assert 0 <= s < e <= len(text)
                assert text[s:e] == text[s:e].strip(), f"{role} span has edge white space"
    assert batched[-1] == [], "empty text gave attributions"


@needs_weights
def test_text_without_attribution_gives_none(tagger) -> None:  # type: ignore[no-untyped-def]
    assert learned.predict_attributions(TEXTS[3], tagger) == []


@needs_weights
def test_quote_dicts_carry_the_text_they_index(tagger) -> None:  # type: ignore[no-untyped-def]
    text = TEXTS[0]
    quotes = learned.as_quote_dicts(text, learned.predict_attributions(text, tagger))
    for q in quotes:
        for role in ("content", "cue", "mention"):
            if q[role] is not None:
                assert text[q[role]["start"] : q[role]["end"]] == q[role]["text"]


def test_missing_weights_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train_quote_tagger"):
        learned.load_tagger(tmp_path)
