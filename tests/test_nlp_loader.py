"""quotetrail's spaCy loader: fast ops, the entity labels it keeps, and what that changes."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _texts() -> list[str]:
    texts = [
        "Russian President Vladimir Putin met Donald Trump in Anchorage, Alaska on August 15, "
        "a summit that cost $5 million, 20 percent more than planned, The Times reported."
    ]
    for path in sorted((SHARED / "seeds").glob("*.txt"))[:2]:
        texts.append(path.read_text(encoding="utf-8"))
    for path in sorted((SHARED / "polnear" / "train" / "text").glob("*.txt"))[:8]:
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def test_ner_keeps_the_labels_quotetrail_reads_and_finds_them_where_the_full_model_does() -> None:
    from quotetrail import nlp as nlp_module

    restricted = nlp_module.load(with_quotes=False)
    full = nlp_module.load(with_quotes=False, all_entity_labels=True)
    assert set(restricted.get_pipe("ner").labels) == set(nlp_module.USED_ENTITY_LABELS)  # type: ignore[attr-defined]
    assert "MONEY" in full.get_pipe("ner").labels  # type: ignore[attr-defined]

    kept = set(nlp_module.USED_ENTITY_LABELS)
    wanted = found = 0
    for want, got in zip(full.pipe(_texts()), restricted.pipe(_texts()), strict=True):
        want_ents = {(e.start, e.end, e.label_) for e in want.ents if e.label_ in kept}
        got_ents = {(e.start, e.end, e.label_) for e in got.ents}
        wanted += len(want_ents)
        found += len(want_ents & got_ents)
        assert all(label in kept for _, _, label in got_ents)
    assert wanted > 100
    assert found / wanted >= 0.99, f"restricted NER lost {wanted - found} of {wanted} entities"

    doc = restricted(_texts()[0])
    assert {(e.text, e.label_) for e in doc.ents} >= {("Vladimir Putin", "PERSON"), ("Anchorage", "GPE")}
    assert "$5 million" not in {e.text for e in doc.ents}


def test_restricting_to_every_label_changes_nothing() -> None:
    import spacy

    from quotetrail import nlp as nlp_module

    with nlp_module.fast_ops():
        nlp = spacy.load(nlp_module.model_name(), exclude=["parser", "lemmatizer", "attribute_ruler"])
    labels = nlp.get_pipe("ner").labels  # type: ignore[attr-defined]
    assert not nlp_module.restrict_entity_labels(nlp, labels)
    assert nlp.get_pipe("ner").labels == labels  # type: ignore[attr-defined]


def test_loader_uses_numpy_blas_and_one_component_for_tags_and_lemmas() -> None:
    from quotetrail import nlp as nlp_module

    nlp = nlp_module.load()
    assert "quotetrail_token_attributes" in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names
    tok2vec = nlp.get_pipe("tok2vec").model  # type: ignore[attr-defined]
    assert getattr(tok2vec.ops, "use_blis", True) is False
