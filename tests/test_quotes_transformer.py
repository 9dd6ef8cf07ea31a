"""The transformer attribution tagger (quotetrail.quotes.transformer) as a user would notice it.

Sentences are written for these tests (no PolNeAR text). The tests on the model skip cleanly
when the weights or onnxruntime are not installed; the decoding tests always run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from quotetrail.errors import ModelError
from quotetrail.quotes import transformer
from quotetrail.quotes.transformer import HEADS, LABELS_PER_HEAD, best_paths, decode_heads, windows

needs_model = pytest.mark.skipif(
    not (transformer.MODEL_DIR / "tagger.onnx").is_file() or importlib.util.find_spec("onnxruntime") is None,
    reason="no transformer tagger weights or no onnxruntime (pip install 'quotetrail[attributions]')",
)


def logits_for(labels_per_piece: list[list[int]], sure: float = 5.0) -> np.ndarray:
    """Logits that make each head's given label (0 O, 1 B, 2 I) the likely one per piece."""
    out = np.zeros((len(labels_per_piece), len(HEADS) * LABELS_PER_HEAD), dtype=np.float32)
    for i, labels in enumerate(labels_per_piece):
        for h, label in enumerate(labels):
            out[i, h * LABELS_PER_HEAD + label] = sure
    return out


def test_decoding_gives_char_spans_per_head() -> None:
    text = "He said the plan works."
    words = [(0, 2), (3, 7), (8, 11), (12, 16), (17, 22), (22, 23)]
    # content: "the plan works"; cue: "said"; source: "He"
    labels = [[0, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0], [2, 0, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0]]
    spans = decode_heads(text, words, logits_for(labels))
    assert [text[s:e] for s, e in spans["content"]] == ["the plan works"]
    assert [text[s:e] for s, e in spans["cue"]] == ["said"]
    assert [text[s:e] for s, e in spans["source"]] == ["He"]
    assert spans["inner"] == []


def test_one_unsure_piece_does_not_split_a_content() -> None:
    # B I (O slightly over I) I I: taken piece by piece this would be two spans, the second
    # starting with an I; the best valid path keeps one span.
    n = 5
    scores = np.zeros((n, len(HEADS), LABELS_PER_HEAD))
    scores[:, :, 0] = 3.0  # other heads: outside
    scores[0, 0] = [0.0, 5.0, 0.0]
    scores[1, 0] = [0.0, 0.0, 5.0]
    scores[2, 0] = [1.1, 0.0, 1.0]
    scores[3, 0] = [0.0, 0.0, 5.0]
    scores[4, 0] = [0.0, 0.0, 5.0]
    assert best_paths(scores)[:, 0].tolist() == [1, 2, 2, 2, 2]


def test_an_inside_label_never_starts_a_path() -> None:
    scores = np.zeros((3, len(HEADS), LABELS_PER_HEAD))
    scores[:, :, 2] = 2.0  # every piece leans "inside"
    paths = best_paths(scores)
    assert paths[0].tolist() == [1] * len(HEADS)  # the first becomes a start, never an I


def test_windows_cover_every_piece_and_overlap() -> None:
    assert windows(10, 254) == [(0, 10)]
    spans = windows(1000, 254)
    covered = set()
    for s, e in spans:
        assert e - s == 254
        covered.update(range(s, e))
    assert covered == set(range(1000))
    assert all(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False))


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no transformer tagger at"):
        transformer.TransformerTagger(tmp_path)


@needs_model
def test_the_packaged_tagger_marks_a_belief_its_holder_and_the_cue() -> None:
    tagger = transformer.TransformerTagger()
    text = "The senator believes that the tax plan will hurt small farms in her state."
    spans = tagger.spans(text)
    contents = [text[s:e] for s, e in spans["content"]]
    assert any("the tax plan will hurt small farms" in c for c in contents), contents
    assert "believes" in [text[s:e] for s, e in spans["cue"]]
    assert any("senator" in text[s:e] for s, e in spans["source"])


@needs_model
def test_the_packaged_tagger_reads_long_articles_in_windows_and_empty_ones() -> None:
    tagger = transformer.TransformerTagger()
    para = "The mayor said the bridge would reopen next month. It rained all afternoon. "
    text = para * 120  # about 2,000 word pieces: eight windows
    spans = tagger.spans(text)
    cues = [text[s:e] for s, e in spans["cue"]]
    assert cues.count("said") >= 100, cues[:10]
    assert all(c == "said" for c in cues)
    assert tagger.spans("") == {h: [] for h in HEADS}


class _FixedTagger:
    """Stands in for the ONNX model: the spans a tagger might give, as char offsets."""

    def __init__(self, text: str, marks: dict[str, list[tuple[str, float]]]) -> None:
        self.marks = {
            head: [(text.index(frag), text.index(frag) + len(frag), sure) for frag, sure in marks.get(head, [])]
            for head in HEADS
        }

    def scored_spans(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        return self.marks


def test_spans_are_paired_on_the_parse_without_punctuation_ends_and_unsure_contents_dropped() -> None:
    from quotetrail import nlp as nlp_module

    nlp = nlp_module.load()
    text = "The minister spoke about NATO expansion, and the senator doubted the figures."
    tagger = _FixedTagger(
        text,
        {
            "content": [("NATO expansion,", 0.9), ("the figures.", 0.5)],
            "cue": [("spoke about", 0.9), ("doubted", 0.9)],
            "source": [("The minister", 0.9), ("the senator", 0.9)],
        },
    )
    atts = transformer.attributions_on_doc(nlp(text), tagger, min_confidence=0.7)  # type: ignore[arg-type]

    def show(span: tuple[int, int] | None) -> str | None:
        return None if span is None else text[span[0] : span[1]]

    assert [(show(a["content"]), show(a["cue"]), show(a["source"])) for a in atts] == [
        ("NATO expansion", "spoke about", "The minister")
    ]
    everything = transformer.attributions_on_doc(nlp(text), tagger, min_confidence=0.0)  # type: ignore[arg-type]
    assert [show(a["content"]) for a in everything] == ["NATO expansion", "the figures"]


@needs_model
def test_a_200_kb_article_gives_bounded_spans() -> None:
    tagger = transformer.TransformerTagger()
    para = "The mayor said the bridge would reopen next month, but critics doubt it. " * 3 + "\n\n"
    text = (para * 1000)[:200_000]
    spans = tagger.spans(text)
    assert len(spans["content"]) > 1000
    # no span runs on across paragraphs, let alone the article
    assert max(e - s for s, e in spans["content"]) < len(para)
    assert all(0 <= s < e <= len(text) for head in HEADS for s, e in spans[head])


def test_a_piece_in_two_windows_gets_the_mean_of_their_logits() -> None:
    from quotetrail.quotes.transformer import mean_over_windows

    width = len(HEADS) * LABELS_PER_HEAD
    spans = [(0, 3), (2, 5)]
    # each window's output has [CLS] first and [SEP] last
    first = np.vstack([np.zeros(width), np.full((3, width), 2.0), np.zeros(width)])
    second = np.vstack([np.zeros(width), np.full((3, width), 4.0), np.zeros(width)])
    logits = mean_over_windows(5, spans, [first, second])
    assert logits[:, 0].tolist() == [2.0, 2.0, 3.0, 4.0, 4.0]
