"""The analysis stage on whole documents: what a user sees in a record's warnings."""

from __future__ import annotations


def test_a_page_of_broken_quotation_marks_gets_a_bounded_warning_list() -> None:
    from quotetrail.pipeline import MAX_QUOTE_WARNINGS, analyse_text

    paragraph = (
        'The minister said on Tuesday that costs would rise. "We will not stop until it is done, she added.'
    )
    doc = analyse_text("\n\n".join([paragraph] * 60), published="2025-09-02")
    unclosed = [w for w in doc.warnings if "unclosed" in w]
    assert len(unclosed) == MAX_QUOTE_WARNINGS
    assert doc.warnings[-1] == f"... and {60 - MAX_QUOTE_WARNINGS} more quotation-mark warnings"
    assert doc.quotes and all(q.content.end - q.content.start < len(paragraph) for q in doc.quotes)


def test_topics_of_a_whole_parse_and_of_a_quote_span() -> None:
    from quotetrail import nlp as nlp_module
    from quotetrail.statements import spacy_topics, topics_from_span

    nlp = nlp_module.load(with_quotes=False)
    text = "Putin said NATO expansion threatens Russian security guarantees."
    assert {"Putin", "NATO", "security guarantee"} <= set(spacy_topics(text, nlp))
    quoted = nlp(text)[2:]  # "NATO expansion threatens ..."
    topics = topics_from_span(quoted)
    assert "NATO" in topics and "security" in topics and "Putin" not in topics


def test_raw_compressed_by_a_worker_is_stored_as_the_original_bytes(tmp_path: object) -> None:
    from pathlib import Path

    from quotetrail.extract import compress_raw
    from quotetrail.store import open_store
    from quotetrail.types import Document

    raw = "<html><body><p>“We will rebuild,” the mayor said.</p></body></html>".encode() * 50
    doc = Document(source="page.html", text="x", body="x", id="doc-1", raw_compressed=compress_raw(raw))
    with open_store(str(Path(str(tmp_path)) / "s.sqlite")) as store:
        store.save_documents([doc])
        assert store.get_document("doc-1").raw == raw


def test_an_entity_of_common_words_and_white_space_is_skipped_not_a_crash() -> None:
    from spacy.tokens import Span

    from quotetrail import nlp as nlp_module
    from quotetrail.entities import find_entities

    nlp = nlp_module.load(with_quotes=False)
    text = "It is the crisis of our time.\n\nBlockchain\n\nA blockchain is a shared ledger, Ann Lee said."
    doc = nlp(text)
    heading = doc.char_span(
        text.index("Blockchain"), text.index("Blockchain") + len("Blockchain\n\n"), alignment_mode="expand"
    )
    assert heading is not None
    others = [e for e in doc.ents if e.end <= heading.start or e.start >= heading.end]
    doc.ents = [*others, Span(doc, heading.start, heading.end, label="PERSON")]  # as the model once tagged it
    names = {e.name for e in find_entities(doc)}
    assert "Blockchain" not in names


def test_a_page_whose_analysis_fails_is_recorded_and_the_chunk_goes_on(monkeypatch: object) -> None:
    import quotetrail.entities as entities
    from quotetrail.pipeline import analyse
    from quotetrail.settings import Options
    from quotetrail.types import Document

    real = entities.find_entities

    def failing_on_one(doc, **kwargs):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, **kwargs)

    monkeypatch.setattr(entities, "find_entities", failing_on_one)  # type: ignore[attr-defined]
    texts = ["Mayor Ann Lee said the bridge would reopen.", "BOOM page.", "Ann Lee said costs fell."]
    docs = [Document(source=f"p{i}.txt", text=t, body=t, clean=False) for i, t in enumerate(texts)]
    analyse(docs, Options.load())
    assert docs[1].error is not None and "IndexError" in docs[1].error
    assert docs[0].error is None and docs[0].quotes and docs[2].error is None and docs[2].quotes


def test_a_known_person_read_as_an_organisation_still_speaks_as_that_person() -> None:
    from quotetrail import extract_quotes

    # The small model tags this "Trump" ORG; the alias table knows the person.
    (quote,) = extract_quotes("Trump said the talks went well.")
    assert quote.speaker.name == "Donald Trump" and quote.speaker.id == "person:donald-trump"
    assert not quote.speaker.is_group
    # A group stays a group.
    (quote,) = extract_quotes("Senate Democrats said the bill would fail.")
    assert quote.speaker.is_group and quote.speaker.id is None
