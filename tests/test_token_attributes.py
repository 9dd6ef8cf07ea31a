"""The fast token-attribute component gives exactly what spaCy's attribute_ruler + lemmatizer give."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Cases the ruler's multi-token and space patterns exist for, plus ordinary news prose.
TRICKY = (
    "I'm gonna tell you, there's no way. Let's go, y'all. We ain't done.  \n\n"
    "There are gotta be answers, c'mon. He gets it; she got it.\n"
    "Russian President Vladimir Putin said on Tuesday that the talks were 'going well'."
)


def _texts() -> list[str]:
    texts = [TRICKY]
    for path in sorted((SHARED / "seeds").glob("*.txt"))[:2]:
        texts.append(path.read_text(encoding="utf-8"))
    for path in sorted((SHARED / "polnear" / "train" / "text").glob("*.txt"))[:6]:
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def _annotations(doc: object) -> list[tuple[str, str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]  # type: ignore[attr-defined]


def test_same_annotations_as_the_original_components() -> None:
    import spacy

    from quotetrail import nlp as nlp_module
    from quotetrail.token_attributes import speed_up

    name = nlp_module.model_name()
    with nlp_module.fast_ops():
        original = spacy.load(name, exclude=["ner"])
        fast = spacy.load(name, exclude=["ner"])
    assert speed_up(fast)
    assert "quotetrail_token_attributes" in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    texts = _texts()
    assert len(texts) >= 3
    # Twice over the same texts: the second pass is served from the memo tables.
    for _ in range(2):
        for want, got in zip(original.pipe(texts), fast.pipe(texts), strict=True):
            assert _annotations(got) == _annotations(want)


def test_lemmas_the_quote_rules_rely_on() -> None:
    from quotetrail import nlp as nlp_module

    doc = nlp_module.load(with_quotes=False)("She reiterated that the ministers were warning them.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["reiterated"] == "reiterate"
    assert lemmas["were"] == "be"
    assert lemmas["warning"] == "warn"
    assert lemmas["ministers"] == "minister"


def test_unreadable_ruler_leaves_the_pipeline_alone() -> None:
    import spacy

    from quotetrail.token_attributes import speed_up

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler.add([[{"ORTH": "x"}]], {"LEMMA": "y"})  # type: ignore[attr-defined]
    assert not speed_up(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
