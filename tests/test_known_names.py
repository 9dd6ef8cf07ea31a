"""The known-names component on built docs, and what it changes for speakers in whole texts."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

from quotetrail.quotes import known_names  # noqa: E402


def built(words: list[str], pos: list[str], ents: list[str]) -> Doc:
    return Doc(Vocab(), words=words, pos=pos, ents=ents)


def persons(doc: Doc) -> list[str]:
    return [e.text for e in known_names(doc).ents if e.label_ == "PERSON"]


def test_a_missed_known_name_becomes_a_person() -> None:
    doc = built(["Trump", "wrote", "on", "Sunday"], ["PROPN", "VERB", "ADP", "PROPN"], ["O", "O", "O", "B-DATE"])
    assert persons(doc) == ["Trump"]
    assert [e.label_ for e in doc.ents] == ["PERSON", "DATE"]


def test_a_known_name_read_as_an_organisation_becomes_a_person() -> None:
    doc = built(["Trump", "said", "it"], ["PROPN", "VERB", "PRON"], ["B-ORG", "O", "O"])
    assert persons(doc) == ["Trump"]


def test_the_first_name_left_out_joins_the_tagged_surname() -> None:
    doc = built(["Reince", "Priebus", "said"], ["PROPN", "PROPN", "VERB"], ["O", "B-PERSON", "O"])
    assert persons(doc) == ["Reince Priebus"]


def test_a_title_stays_outside_the_name() -> None:
    doc = built(
        ["President", "Vladimir", "Putin", "said"],
        ["PROPN", "PROPN", "PROPN", "VERB"],
        ["O", "B-PERSON", "I-PERSON", "O"],
    )
    assert persons(doc) == ["Vladimir Putin"]


def test_unknown_names_and_words_the_text_writes_in_lower_case_are_left_alone() -> None:
    doc = built(["Smithers", "said", "it"], ["PROPN", "VERB", "PRON"], ["O", "O", "O"])
    assert persons(doc) == []
    doc = built(
        ["Trump", "played", "his", "trump", "card"],
        ["PROPN", "VERB", "PRON", "NOUN", "NOUN"],
        ["O", "O", "O", "O", "O"],
    )
    assert persons(doc) == []


def test_organisation_names_are_not_people() -> None:
    doc = built(["NATO", "said", "it"], ["PROPN", "VERB", "PRON"], ["B-ORG", "O", "O"])
    assert persons(doc) == []
    assert [e.label_ for e in doc.ents] == ["ORG"]


def test_whole_text_speakers() -> None:
    from quotetrail import extract_quotes

    text = (
        'Trump wrote on Truth Social on Sunday: "The war would never have started if I were president."'
        ' He later told reporters that he was "not happy" with either side.'
    )
    quotes = extract_quotes(text)
    assert [q.speaker.name for q in quotes] == ["Donald Trump", "Donald Trump"]
    assert quotes[0].speaker.id == "person:donald-trump"


def test_a_role_the_entity_stage_resolved_names_the_speaker() -> None:
    from quotetrail import extract_quotes

    text = (
        '"Ukraine will never recognise the occupation," Zelenskiy said.\n\n'
        "The Ukrainian leader added that a meeting with Putin was possible only after a ceasefire."
    )
    (_, added) = extract_quotes(text)
    assert added.mention is not None and added.mention.text == "The Ukrainian leader"
    assert added.speaker.name == "Volodymyr Zelenskyy" and added.speaker.id == "person:volodymyr-zelensky"


def test_two_people_joined_by_and_speak_as_a_group() -> None:
    from quotetrail import extract_quotes

    text = (
        "British Prime Minister Keir Starmer and French President Emmanuel Macron said in a joint"
        " statement that Europe would keep supporting Kyiv."
    )
    (quote,) = extract_quotes(text)
    assert quote.speaker.is_group and quote.speaker.name is not None
    assert "Starmer" in quote.speaker.name and "Macron" in quote.speaker.name


def test_a_known_person_read_as_a_place_and_the_role_after_him() -> None:
    from quotetrail import extract_quotes

    said, added = extract_quotes(
        "Erdogan said Turkey would mediate. The Turkish leader added that Ankara had spoken to both sides."
    )
    assert said.speaker.name == "Recep Tayyip Erdoğan" and not said.speaker.is_group
    assert added.speaker.name == "Recep Tayyip Erdoğan" and added.speaker.via == "role"


def test_a_seat_of_power_in_a_title_names_its_country() -> None:
    from quotetrail import extract_quotes

    (quote,) = extract_quotes(
        "Putin met Trump in Alaska on Friday. The Kremlin chief said afterwards that the talks had been useful."
    )
    assert quote.speaker.name == "Vladimir Putin"
