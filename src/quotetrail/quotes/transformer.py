"""A fine-tuned transformer that marks attribution spans: the "attributions" scope's tagger.

Why: what PolNeAR annotates beyond speech (beliefs, stances, intentions, perceptions) is phrased
too variously for rules or per-word counts; where such a content starts and ends needs the whole
sentence. ``scripts/train_transformer_tagger.py`` fine-tunes MiniLM-L6 on PolNeAR *train* with
four BIO heads over its word pieces (:data:`HEADS`); the package ships the result as an int8
ONNX file with its tokenizer (``data/quotes/transformer/``), run here by onnxruntime. Nothing
is downloaded: onnxruntime and tokenizers come with the ``attributions`` extra
(``pip install 'quotetrail[attributions]'``).

Long articles are read in overlapping windows of word pieces; a piece's logits are the mean over
the windows that hold it. The heads' spans are placed on the caller's spaCy doc
(``doc.spans`` keys of :mod:`.learned`), where the same pairing step as the spaCy tagger's
(:func:`quotetrail.quotes.learned.attributions_from_doc`) gives each content its cue and source.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

from ..errors import ModelError

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "quotes" / "transformer"
#: the BIO heads, in the order of the model's output columns (3 per head: O, B, I)
HEADS = ("content", "inner", "cue", "source")
LABELS_PER_HEAD = 3
#: the attributions scope adds a content only when the tagger is at least this sure of it (the
#: mean probability of its pieces' labels): chosen on 40 held-out *train* articles, where it
#: gave +1.6 content and +1.5 attribution F1 for -0.2 cue and -1.2 source against no threshold
MIN_CONFIDENCE = 0.7
#: windows per onnxruntime run
BATCH = 8
#: a window starts this share of its length after the one before (a quarter overlaps), so most
#: pieces have context on both sides; no overlap lost 0.3 content and 0.9 source on held-out train
STRIDE_SHARE = 0.75

SpanT = tuple[int, int]
AttributionT = dict[str, SpanT | None]
ScoredSpanT = tuple[int, int, float]


def _log_probs(logits: Any) -> Any:
    import numpy as np

    scores = np.asarray(logits, dtype=np.float64)
    shifted = scores - scores.max(axis=2, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))


def best_paths(logits: Any) -> Any:
    """The most likely label sequence per head with no I after an O (or at the start).

    ``logits`` has shape (pieces, heads, 3); returns (pieces, heads) labels 0 O, 1 B, 2 I. A
    Viterbi pass over log-probabilities: the heads are not trained with a CRF, and taking each
    piece's best label alone splits a long content at one unsure piece.
    """
    import numpy as np

    logp = _log_probs(logits)
    n, heads, _ = logp.shape
    forbidden = -1e9
    trans = np.zeros((3, 3))  # trans[prev, cur]: an I only after a B or an I
    trans[0, 2] = forbidden
    back = np.zeros((n, heads, 3), dtype=np.int64)
    best = logp[0].copy()
    best[:, 2] += forbidden
    for i in range(1, n):
        cand = best[:, :, None] + trans[None, :, :]  # (heads, prev, cur)
        back[i] = cand.argmax(axis=1)
        best = cand.max(axis=1) + logp[i]
    labels = np.zeros((n, heads), dtype=np.int64)
    labels[-1] = best.argmax(axis=1)
    for i in range(n - 1, 0, -1):
        labels[i - 1] = back[i, np.arange(heads), labels[i]]
    return labels


def decode_scored(text: str, offsets: Sequence[SpanT], logits: Any) -> dict[str, list[ScoredSpanT]]:
    """Char spans per head from per-piece logits (rows of ``len(HEADS) * 3``), by
    :func:`best_paths`, each with a confidence: the mean probability of its pieces' labels on
    that path. Spans never start or end on white space."""
    import numpy as np

    if not len(offsets):
        return {h: [] for h in HEADS}
    scores = np.asarray(logits, dtype=np.float32).reshape(len(offsets), len(HEADS), LABELS_PER_HEAD)
    best = best_paths(scores)
    probs = np.exp(_log_probs(scores))
    out: dict[str, list[ScoredSpanT]] = {}
    for h, head in enumerate(HEADS):
        path = best[:, h]
        sure = probs[np.arange(len(path)), h, path]
        spans: list[ScoredSpanT] = []
        first = -1
        for i, label in enumerate([*path.tolist(), 0]):
            if first >= 0 and label != 2:
                spans.append((offsets[first][0], offsets[i - 1][1], float(sure[first:i].mean())))
                first = -1
            if label == 1:
                first = i
        out[head] = [sp for sp in spans if text[sp[0] : sp[1]].strip()]
    return out


def decode_heads(text: str, offsets: Sequence[SpanT], logits: Any) -> dict[str, list[SpanT]]:
    """:func:`decode_scored` without the confidences."""
    return {h: [(s, e) for s, e, _ in spans] for h, spans in decode_scored(text, offsets, logits).items()}


def windows(n: int, size: int, stride: int | None = None) -> list[tuple[int, int]]:
    """Start/end of overlapping windows over n word pieces (the last one flush with the end);
    ``stride`` defaults to :data:`STRIDE_SHARE` of ``size``."""
    if n <= size:
        return [(0, n)]
    step = stride if stride is not None else max(1, int(size * STRIDE_SHARE))
    starts = list(range(0, n - size, step)) + [n - size]
    return [(s, s + size) for s in starts]


def mean_over_windows(n: int, spans: Sequence[tuple[int, int]], outputs: Any) -> Any:
    """Per-piece logits of n pieces: the mean over the windows that hold each piece.

    ``outputs[row]`` is the model's output for window ``spans[row]``, [CLS] first.
    """
    import numpy as np

    logits = np.zeros((n, len(HEADS) * LABELS_PER_HEAD), dtype=np.float32)
    seen = np.zeros(n, dtype=np.float32)
    for row, (s, e) in enumerate(spans):
        logits[s:e] += np.asarray(outputs[row])[1 : e - s + 1]
        seen[s:e] += 1
    return logits / seen[:, None]


class TransformerTagger:
    """The packaged ONNX tagger: :meth:`spans` gives char spans per head for a text."""

    def __init__(self, path: Path | None = None, threads: int = 1) -> None:
        path = Path(path) if path is not None else MODEL_DIR
        model = path / "tagger.onnx"
        if not model.is_file():
            raise ModelError(
                f"no transformer tagger at {path}; train one with: "
                "python scripts/train_transformer_tagger.py TRAIN_DIR --out src/quotetrail/data/quotes/transformer"
            )
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(
                f"the transformer tagger needs onnxruntime and tokenizers ({exc}); "
                "install them with: pip install 'quotetrail[attributions]'"
            ) from exc
        layout = json.loads((path / "layout.json").read_text(encoding="utf-8"))
        if tuple(layout["heads"]) != HEADS or layout["labels_per_head"] != LABELS_PER_HEAD:
            raise ModelError(f"the transformer tagger at {path} has heads {layout['heads']}, expected {list(HEADS)}")
        self.window = int(layout["window"]) - 2  # room for [CLS] and [SEP]
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if cls is None or sep is None:
            raise ModelError(f"the tokenizer at {path} has no [CLS] or [SEP] piece")
        self.cls: int = cls
        self.sep: int = sep
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors on a bad file
            raise ModelError(f"cannot load the transformer tagger {model}: {exc}") from exc

    def spans(self, text: str) -> dict[str, list[SpanT]]:
        """Char spans of ``text`` per head (content, inner, cue, source)."""
        return {h: [(s, e) for s, e, _ in spans] for h, spans in self.scored_spans(text).items()}

    def scored_spans(self, text: str) -> dict[str, list[ScoredSpanT]]:
        """Char spans of ``text`` per head, each with its confidence (see :func:`decode_scored`)."""
        import numpy as np

        enc = self.tokenizer.encode(text, add_special_tokens=False)
        n = len(enc.ids)
        if n == 0:
            return {h: [] for h in HEADS}
        ids = np.asarray(enc.ids, dtype=np.int64)
        spans = windows(n, self.window)
        width = min(n, self.window) + 2
        batch = np.zeros((len(spans), width), dtype=np.int64)
        mask = np.zeros((len(spans), width), dtype=np.int64)
        for row, (s, e) in enumerate(spans):
            batch[row, : e - s + 2] = np.concatenate(([self.cls], ids[s:e], [self.sep]))
            mask[row, : e - s + 2] = 1
        # a few windows per run: a 200 KB article has hundreds, and their activations at once
        # would take gigabytes
        out = np.concatenate(
            [
                self.session.run(["logits"], {"input_ids": batch[b : b + BATCH], "attention_mask": mask[b : b + BATCH]})[0]
                for b in range(0, len(spans), BATCH)
            ]
        )
        return decode_scored(text, [(s, e) for s, e in enc.offsets], mean_over_windows(n, spans, out))


def attributions_on_doc(doc: Doc, tagger: TransformerTagger, min_confidence: float = 0.0) -> list[AttributionT]:
    """The tagger's attributions in a parsed doc: its spans placed on the doc, then paired
    (each content its cue, each cue its source) by the spaCy tagger's pairing step. Contents
    the tagger is less sure of than ``min_confidence`` are left out."""
    from .learned import CONTENT_KEY, ROLES_KEY, attributions_from_doc

    marked = tagger.scored_spans(doc.text)
    confidence: dict[SpanT, float] = {}

    def placed(head: str, label: str) -> list[Span]:
        out = []
        for s, e, sure in marked[head]:
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None:
                span = _without_punctuation_ends(span)
            if span is not None and len(span):
                out.append(span)
                key = (span.start_char, span.end_char)
                confidence[key] = max(sure, confidence.get(key, 0.0))
        return out

    contents = placed("content", "CONTENT") + placed("inner", "CONTENT")
    roles = placed("cue", "CUE") + placed("source", "SOURCE")
    doc.spans[CONTENT_KEY] = SpanGroup(doc, name=CONTENT_KEY, spans=sorted(set(contents), key=lambda s: (s.start, s.end)))
    doc.spans[ROLES_KEY] = SpanGroup(doc, name=ROLES_KEY, spans=sorted(set(roles), key=lambda s: (s.start, s.end)))
    try:
        found = attributions_from_doc(doc)
    finally:
        del doc.spans[CONTENT_KEY]
        del doc.spans[ROLES_KEY]
    return [a for a in found if a["content"] is not None and confidence.get(a["content"], 0.0) >= min_confidence]


def _without_punctuation_ends(span: Span) -> Span | None:
    """The span without punctuation or space tokens at its ends (`NATO expansion,` and a quote's
    own marks are not part of what was said); None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return Span(doc, start, end, label=span.label_) if end > start else None


@lru_cache(maxsize=1)
def shared_transformer() -> TransformerTagger | None:
    """The packaged transformer tagger, loaded once per process; None, with one warning, when
    it cannot be loaded (the attributions scope then goes on without it)."""
    try:
        return TransformerTagger()
    except ModelError as exc:
        log.warning("attributions scope without the transformer tagger: %s", exc)
        return None
