"""Quotation-mark pairing on raw text (no model needed)."""

from __future__ import annotations

from quotetrail.quotes.marks import find_regions, paragraphs


def texts(text: str) -> list[str]:
    regions, _ = find_regions(text)
    return [r.text(text) for r in regions]


def test_curly_and_straight_pairs() -> None:
    text = '“We will win,” she said. He replied "no chance" and left.'
    assert texts(text) == ["We will win,", "no chance"]


def test_typewriter_marks_pair() -> None:
    text = "``This is it,'' he said. ''Another one,'' she added."
    assert texts(text) == ["This is it,", "Another one,"]


def test_nested_single_quotes_stay_inside() -> None:
    text = "“He told me ‘no way’ and left,” Anna said."
    assert texts(text) == ["He told me ‘no way’ and left,"]


def test_apostrophes_and_primes_are_not_quotes() -> None:
    text = "The ’90s gave us rock ’n’ roll. He is 5′9″ tall, she is 5'9\" tall. It's Anna's."
    regions, warnings = find_regions(text)
    assert regions == []
    assert warnings == []


def test_multi_paragraph_quote_closes_only_at_the_end() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph, still quoting,” said John Brown.\n\nNext."
    regions, warnings = find_regions(text)
    assert len(regions) == 1
    assert regions[0].text(text).startswith("First paragraph")
    assert regions[0].text(text).endswith("still quoting,")
    assert warnings == []


def test_unclosed_quote_stops_at_its_paragraph_with_a_warning() -> None:
    text = "He said “this never ends.\n\nThe next paragraph has no quotation at all and goes on and on."
    regions, warnings = find_regions(text)
    assert len(regions) == 1
    assert "next paragraph" not in regions[0].text(text)
    assert regions[0].closed is False
    assert any("unclosed" in w for w in warnings)


def test_odd_count_in_paragraph_warns_without_runaway() -> None:
    text = "He said “one” and “two.\n\nAnother paragraph entirely, plain."
    regions, warnings = find_regions(text)
    assert [r.text(text) for r in regions] == ["one", "two."]
    assert warnings


def test_stray_closing_mark_is_ignored_with_a_warning() -> None:
    text = "Nothing opened here” but text goes on."
    regions, warnings = find_regions(text)
    assert regions == []
    assert warnings


def test_german_low_high_marks() -> None:
    text = "Der Minister sagte: „Wir werden gewinnen.“ Dann ging er."
    assert texts(text) == ["Wir werden gewinnen."]


def test_paragraph_ranges_trim_blank_lines() -> None:
    text = "One.\n\n\n  Two.\n \nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two.", "Three."]


def test_empty_text() -> None:
    assert find_regions("") == ([], [])


def test_top_level_single_quotes_outside_double_ones() -> None:
    text = "Trump: ‘I’m the worst thing for them.’ He said the NFL has gone ‘soft’, ‘weak.’"
    assert texts(text) == ["I’m the worst thing for them.", "soft", "weak."]


def test_single_quotes_nested_in_a_double_quote_stay_nested() -> None:
    text = "“He told me ‘no way’ and left,” Anna said. Later she called it ‘rude’."
    assert texts(text) == ["He told me ‘no way’ and left,", "rude"]


def test_plural_possessive_does_not_close_a_single_quote() -> None:
    text = "He called it ‘the players’ union at its worst’ on Monday."
    assert texts(text) == ["the players’ union at its worst"]


def test_elisions_and_stray_single_marks_make_no_quote() -> None:
    text = "The ‘90s gave us rock ‘n’ roll.\n\nHe said ‘this never closes.\n\nIt’s Anna’s ’cause."
    regions, warnings = find_regions(text)
    assert regions == []
    assert warnings == []


def test_straight_single_quotes_in_british_style_text() -> None:
    text = (
        "Boris Johnson said the plan was 'dead in the water'. 'We will not accept it,' he told MPs.\n\n"
        "The players' union said it would 'fight this all the way', but rock 'n' roll isn't dead and "
        "'em lads won't care about the '90s."
    )
    assert texts(text) == ["dead in the water", "We will not accept it,", "fight this all the way"]


def test_straight_single_quotes_beside_double_ones_are_not_quotes() -> None:
    # where doubles are the quotation marks, a straight single is a headline's or an apostrophe
    text = "'Thin-skinned' Trump hits back.\n\n\"We will win,\" he said of the players' union."
    assert texts(text) == ["We will win,"]


def test_british_quote_running_on_into_the_next_paragraph() -> None:
    text = (
        "'This is a good deal for Britain. We have worked hard.\n\n"
        "'Now we must come together,' he said.\n\n"
        "'Nobody' knows."
    )
    assert texts(text)[:2] == [
        "This is a good deal for Britain. We have worked hard.",
        "Now we must come together,",
    ]


def test_opening_mark_typed_for_a_closing_one() -> None:
    text = "“It could create real problems for her here,“ said Jim Clyburn. He added: “We will see.”"
    assert texts(text) == ["It could create real problems for her here,", "We will see."]
    regions, warnings = find_regions(text)
    assert all(r.closed for r in regions) and not warnings


def test_double_marks_nested_in_double_marks() -> None:
    text = "Ward stated: “Justice isn’t about “Equal Justice Under Law” anymore. It’s about power.” He left."
    assert texts(text) == ["Justice isn’t about “Equal Justice Under Law” anymore. It’s about power."]
    assert texts("She said “we will win” and “we will stay.”") == ["we will win", "we will stay."]
