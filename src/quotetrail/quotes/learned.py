"""A learned attribution tagger: content, cue and source spans from a small trained spaCy model.

Why a learned side at all: the rule-based attribution (:mod:`quotetrail.quotes.attribution`)
is precise on quotation marks but misses much of what PolNeAR annotates -- indirect speech,
beliefs, unusual cues. This module ships a small model trained in-repo on PolNeAR *train*
(``scripts/train_quote_tagger.py``) so the two can be combined. It returns spans only: who the
source *is* (speaker resolution) stays rule-based.

The model is two ``ner`` heads, each on a small tok2vec of its own that also reads the base
model's part-of-speech tags. They run after ``en_core_web_sm``'s tagger and *before* its parser:
spaCy's ``ner`` never lets an entity cross a sentence start, and a content often spans sentences.
The parser then runs for the pairing step.

* ``attr_content`` labels CONTENT spans;
* ``attr_roles`` labels SOURCE and CUE spans.

Two heads rather than one because a nested attribution ("he said *she believes X*") puts a cue
and a source inside another attribution's content; ``ner`` spans cannot overlap, so one head
would lose 14% of the contents. Each head's entities are moved to ``doc.spans`` (keys
:data:`CONTENT_KEY` and :data:`ROLES_KEY`) by the ``quotetrail_ents_to_spans`` component, so
the second head starts from an empty ``doc.ents``.

A deterministic pairing step (:func:`attributions_from_doc`) then gives each content the
nearest cue around it (the parse's head of the content preferred) and that cue's source (its
syntactic subject preferred, else the nearest source in the cue's sentence).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from ..errors import ModelError

log = logging.getLogger(__name__)

TAGGER_DIR = Path(__file__).resolve().parent.parent / "data" / "quotes" / "tagger"
CONTENT_KEY = "attr_content"
ROLES_KEY = "attr_roles"
#: Components of the base English model the tagger needs (its features are tags and deps).
BASE_EXCLUDE = ("ner", "lemmatizer")
#: How far (in tokens, between span edges) a cue may sit from its content, and a source from its cue.
MAX_CUE_GAP = 40
MAX_SOURCE_GAP = 12

AttributionT = dict[str, tuple[int, int] | None]


class EntsToSpans:
    """Move ``doc.ents`` into ``doc.spans[key]`` and clear them, so a later ``ner`` starts empty."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.key] = SpanGroup(doc, name=self.key, spans=list(doc.ents))
        doc.ents = []
        return doc


@Language.factory("quotetrail_ents_to_spans", default_config={"key": "attr"})
def make_ents_to_spans(nlp: Language, name: str, key: str) -> EntsToSpans:
    """Factory of :class:`EntsToSpans` (registered so the saved pipeline can be rebuilt)."""
    return EntsToSpans(key)


@lru_cache(maxsize=1)
def shared_tagger() -> Language | None:
    """The packaged tagger, loaded once per process (the "attributions" scope's last step);
    None, with one warning, when it cannot be loaded."""
    try:
        return load_tagger()
    except ModelError as exc:
        log.warning("attributions scope without the trained tagger: %s", exc)
        return None


def load_tagger(path: Path | None = None) -> Language:
    """The English base model's parser with the trained attribution heads on top.

    ``path`` defaults to the weights shipped in the package. Raises :class:`ModelError` when the
    weights or the base model are missing, with what to do about it.
    """
    import spacy

    from .. import nlp as nlp_module

    path = Path(path) if path is not None else TAGGER_DIR
    if not (path / "config.cfg").is_file():
        raise ModelError(
            f"no trained attribution tagger at {path}; train one with: "
            "python scripts/train_quote_tagger.py --out src/quotetrail/data/quotes/tagger"
        )
    try:
        with nlp_module.fast_ops():  # numpy's BLAS, as quotetrail's own parse (nlp.fast_ops)
            trained = spacy.load(path)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the attribution tagger at {path}: {exc}") from exc
    name = nlp_module.model_name()
    try:
        with nlp_module.fast_ops():
            base = spacy.load(name, exclude=list(BASE_EXCLUDE))
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name}: {exc}; {nlp_module.INSTALL_HINT}") from exc
    for pipe_name in trained.pipe_names:
        base.add_pipe(pipe_name, source=trained, before="parser")
    base.meta["quotetrail_tagger"] = dict(trained.meta)
    return base


def _gap(a: Span, b: Span) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _pick_cue(content: Span, cues: list[Span], contents: list[Span]) -> Span | None:
    """The cue of a content.

    A cue *inside* the content comes first when no smaller content sits next to it: PolNeAR
    takes a quote broken by "she said" as one content from first to last mark, cue inside. A
    cue next to a nested content belongs to that nested attribution ("he said *she believes X*").
    Otherwise the parse's governor of the content, else the nearest cue, same sentence first.
    """
    nested = [d for d in contents if d is not content and _inside(d, content)]
    inner = [c for c in cues if _inside(c, content) and not any(_gap(c, d) <= 2 for d in nested)]
    if inner:
        return min(inner, key=lambda c: c.start)
    candidates = [c for c in cues if not _overlaps(c, content) and _gap(c, content) <= MAX_CUE_GAP]
    if not candidates:
        return None
    root = content.root
    governors = {t.i for t in root.ancestors}
    by_parse = [c for c in candidates if any(t.i in governors for t in c)]
    if by_parse:
        # the closest governor: "X said that Y believes Z" gives Z to "believes", not "said"
        return min(by_parse, key=lambda c: (_gap(c, content), c.start))
    # same sentence before adjacent ones; cue before content ("said that ...") breaks ties
    sent = content.sent

    def rank(c: Span) -> tuple[int, int, int]:
        return (0 if c.sent == sent else 1, _gap(c, content), 0 if c.end <= content.start else 1)

    return min(candidates, key=rank)


def _pick_source(cue: Span, content: Span, sources: list[Span]) -> Span | None:
    """The source of a cue: its syntactic subject first, else the nearest source in its sentence.

    Sources inside the content only count when the cue is inside it too ("A," she said. "B").
    """
    cue_inside = _inside(cue, content)
    candidates = [
        s
        for s in sources
        if (cue_inside or not _overlaps(s, content)) and not _overlaps(s, cue) and s.sent == cue.sent
    ]
    if not candidates:
        return None
    cue_tokens = {t.i for t in cue}
    for s in candidates:
        head = s.root.head
        if head.i in cue_tokens and s.root.dep_ in ("nsubj", "nsubjpass", "pobj", "agent"):
            return s
        if head.dep_ in ("prep", "agent") and head.head.i in cue_tokens:  # "according to X"
            return s
    # a participle or infinitive cue ("..., citing X", "rejecting X", "wants to defend X"):
    # the subject of a governing verb
    for anc in cue.root.ancestors:
        for child in anc.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                for s in candidates:
                    if s.start <= child.i < s.end:
                        return s
    near = [s for s in candidates if _gap(s, cue) <= MAX_SOURCE_GAP]
    return min(near, key=lambda s: (_gap(s, cue), s.start)) if near else None


def _unsourced_cue_source(content: Span, sources: list[Span]) -> Span | None:
    """A content without a cue ("Jones: the numbers are ..."): a source just before it."""
    before = [s for s in sources if s.end <= content.start and content.start - s.end <= 2]
    return max(before, key=lambda s: s.end) if before else None


def _clip_to_sentence(span: Span) -> Span:
    """A cue or source cut at the end of its first token's sentence (punctuation off the end).

    The heads run before the parser, without sentences, and now and then run a cue on into
    the next sentence ("said on Monday. The council"); no cue or source crosses one.
    """
    end = min(span.end, span[0].sent.end)
    while end > span.start + 1 and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return span if end == span.end else Span(span.doc, span.start, end, label=span.label_)


def attributions_from_doc(doc: Doc) -> list[AttributionT]:
    """Pair a tagged doc's content, cue and source spans into attributions (char offsets)."""
    contents = list(doc.spans[CONTENT_KEY]) if CONTENT_KEY in doc.spans else []
    roles = [_clip_to_sentence(s) for s in doc.spans[ROLES_KEY]] if ROLES_KEY in doc.spans else []
    cues = [s for s in roles if s.label_ == "CUE"]
    sources = [s for s in roles if s.label_ == "SOURCE"]
    out: list[AttributionT] = []
    for content in contents:
        cue = _pick_cue(content, cues, contents)
        if cue is not None:
            source = _pick_source(cue, content, sources)
        else:
            source = _unsourced_cue_source(content, sources)
        out.append(
            {
                "content": (content.start_char, content.end_char),
                "cue": (cue.start_char, cue.end_char) if cue is not None else None,
                "source": (source.start_char, source.end_char) if source is not None else None,
            }
        )
    return out


def predict_attributions(text: str, tagger: Language) -> list[AttributionT]:
    """Attributions in one text: ``{"content": (s, e), "cue": (s, e) | None, "source": ...}``.

    Offsets are Python string indices into ``text``.
    """
    return attributions_from_doc(tagger(text))


def predict_attributions_batch(
    texts: Iterable[str], tagger: Language, batch_size: int = 8
) -> Iterator[list[AttributionT]]:
    """:func:`predict_attributions` over many texts, in order, batched through ``nlp.pipe``."""
    for doc in tagger.pipe(texts, batch_size=batch_size):
        yield attributions_from_doc(doc)


def as_quote_dicts(text: str, attributions: list[AttributionT]) -> list[dict[str, Any]]:
    """Attributions in the document record's quote shape (content/cue/mention with text)."""

    def span(se: tuple[int, int] | None) -> dict[str, Any] | None:
        return None if se is None else {"start": se[0], "end": se[1], "text": text[se[0] : se[1]]}

    return [
        {"content": span(a["content"]), "cue": span(a["cue"]), "mention": span(a["source"])}
        for a in attributions
    ]
