"""The learned attribution tagger (quotetrail.quotes.learned) as a user of it would notice.

Sentences here are written for these tests (no PolNeAR text). Skips cleanly when the trained
weights are not in the package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrail import nlp as nlp_module
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
    # a missed source is allowed (precision first); a wrong one is not
    assert att["source"] is None or "Officials" in (_text(text, att["source"]) or "")


@needs_weights
def test_direct_quote_takes_the_cue_after_it(tagger) -> None:  # type: ignore[no-untyped-def]
    text = TEXTS[2]
    atts = learned.predict_attributions(text, tagger)
    att = next(a for a in atts if "going anywhere" in (_text(text, a["content"]) or ""))
    assert _text(text, att["cue"]) == "said"
    assert _text(text, att["source"]) == "the mayor"
    assert not any("council" in (_text(text, a["cue"]) or "") for a in atts), "a cue crossed a sentence"


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


# -- the pairing step alone, on hand-placed spans (no trained weights needed) -------------------


@pytest.fixture(scope="module")
def parser():  # type: ignore[no-untyped-def]
    import spacy

    try:
        return spacy.load(nlp_module.model_name(), exclude=list(learned.BASE_EXCLUDE))
    except ModelError as exc:
        pytest.skip(str(exc))


def _paired(parser, text: str, contents: list[str], cues: list[str], sources: list[str]):  # type: ignore[no-untyped-def]
    """Pair spans placed by hand (first occurrence of each string) and return texts."""
    from spacy.tokens import SpanGroup

    doc = parser(text)

    def spans(strings: list[str], label: str) -> list:  # type: ignore[type-arg]
        out = []
        for s in strings:
            start = text.index(s)
            span = doc.char_span(start, start + len(s), label=label)
            assert span is not None, s
            out.append(span)
        return out

    doc.spans[learned.CONTENT_KEY] = SpanGroup(doc, spans=spans(contents, "CONTENT"))
    doc.spans[learned.ROLES_KEY] = SpanGroup(doc, spans=spans(cues, "CUE") + spans(sources, "SOURCE"))
    return {
        _text(text, a["content"]): (_text(text, a["cue"]), _text(text, a["source"]))
        for a in learned.attributions_from_doc(doc)
    }


def test_pairing_quote_broken_by_its_cue(parser) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor spoke last. \u201cWe will not give up,\u201d she said. \u201cThe fight goes on.\u201d"
    content = "We will not give up,\u201d she said. \u201cThe fight goes on"
    got = _paired(parser, text, [content], ["spoke", "said"], ["The mayor", "she"])
    assert got == {content: ("said", "she")}


def test_pairing_nested_attribution_keeps_each_cue(parser) -> None:  # type: ignore[no-untyped-def]
    text = "The governor said that his aides believe the plan will work."
    outer, inner = "his aides believe the plan will work", "the plan will work"
    got = _paired(parser, text, [outer, inner], ["said", "believe"], ["The governor", "his aides"])
    assert got == {outer: ("said", "The governor"), inner: ("believe", "his aides")}


def test_pairing_participle_cue_takes_the_clause_subject(parser) -> None:  # type: ignore[no-untyped-def]
    text = "The election board rejected the appeal on Monday, citing a lack of evidence."
    got = _paired(parser, text, ["a lack of evidence"], ["citing"], ["The election board"])
    assert got == {"a lack of evidence": ("citing", "The election board")}


def test_pairing_content_without_a_cue_nearby(parser) -> None:  # type: ignore[no-untyped-def]
    text = "Far away, in another story entirely, a man walked his dog. Nothing else happened."
    got = _paired(parser, text, ["a man walked his dog"], [], [])
    assert got == {"a man walked his dog": (None, None)}


def test_pairing_clips_a_cue_that_runs_into_the_next_sentence(parser) -> None:  # type: ignore[no-untyped-def]
    text = "\u201cWe are staying,\u201d the mayor said on Monday. The council did not respond."
    got = _paired(parser, text, ["We are staying"], ["said on Monday. The council"], ["the mayor"])
    assert got == {"We are staying": ("said on Monday", "the mayor")}
