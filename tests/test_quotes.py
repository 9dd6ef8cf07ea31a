"""Quote kinds, cues, mentions and speaker resolution on small built documents."""

from __future__ import annotations

import time

import pytest

spacy = pytest.importorskip("spacy")

from quotetrail import nlp as nlp_module  # noqa: E402
from quotetrail.errors import ConfigError, ModelError  # noqa: E402
from quotetrail.quotes import add_quote_pipes, extract_quotes, extract_quotes_from_doc  # noqa: E402
from quotetrail.quotes.learned import TAGGER_DIR  # noqa: E402
from quotetrail.types import Quote  # noqa: E402


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    try:
        return nlp_module.load()
    except ModelError as exc:
        pytest.skip(f"no spaCy English model installed: {exc}")


def quotes_of(nlp, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    out = extract_quotes_from_doc(doc)
    for q in out:  # every span indexes the text it came from
        for span in (q.content, q.cue, q.mention):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return out


def only(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.content.text]
    assert hits, f"no quote holds {fragment!r}: {[q.content.text for q in quotes]}"
    return hits[0]


# -- kinds -----------------------------------------------------------------------------------------
def test_direct_quote_with_trailing_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "“We will win this election,” Senator Jane Smith said on Monday.")
    q = only(qs, "We will win this election")
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text == "said"
    assert q.mention is not None and q.mention.text == "Senator Jane Smith"
    assert q.speaker.name == "Jane Smith"
    assert q.speaker.via == "name"
    assert q.content.text == "We will win this election"  # no marks, no joining comma


def test_direct_quote_with_leading_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Maria Lopez said, “The budget will be cut next year. Nobody is safe.”")
    q = only(qs, "The budget will be cut next year. Nobody is safe.")
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker.name == "Maria Lopez"


def test_any_verb_in_a_classic_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "“Would it be negotiable?” Sean Hannity pressed."), "Would it be negotiable")
    assert q.cue is not None and q.cue.text == "pressed"
    assert q.speaker.name == "Sean Hannity"


def test_frame_closing_the_paragraph_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Dr. Kelli Ward stated:\n\n“The department is not about justice anymore. It is about power.”"
    q = only(quotes_of(nlp, text), "The department is not about justice")
    assert q.kind == "direct"
    assert q.speaker.name == "Kelli Ward"


def test_partial_quote_in_reporters_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Vladimir Putin spoke in Beijing. Putin dismissed as “absolute rubbish” allegations by others."
    q = only(quotes_of(nlp, text), "absolute rubbish")
    assert q.kind == "partial"
    assert q.cue is not None and q.cue.text == "dismissed"
    assert q.speaker.name == "Vladimir Putin"


def test_scare_quotes_without_a_cue_are_not_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "The so-called “reform” package passed the chamber on a narrow vote.")
    assert qs == []


def test_show_title_in_quotes_is_not_what_was_said(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Bernie Sanders said on ABC’s “This Week” that the plan had failed.")
    assert all(q.content.text != "This Week" for q in qs)
    q = only(qs, "the plan had failed")
    assert q.speaker.name == "Bernie Sanders"


def test_indirect_quote_with_that_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Maria Lopez stressed that the budget would be cut next year."),
        "the budget would be cut",
    )
    assert q.kind == "indirect"
    assert q.cue is not None and q.cue.text == "stressed"
    assert q.mention is not None and q.mention.text == "Maria Lopez"


def test_indirect_quote_with_inverted_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Global powers can reach a consensus on security, Russian President Vladimir Putin has said."
    q = only(quotes_of(nlp, text), "Global powers can reach a consensus")
    assert q.kind == "indirect"
    assert q.speaker.name == "Vladimir Putin"
    assert q.mention is not None and q.mention.text == "Russian President Vladimir Putin"


@pytest.mark.parametrize("cue", ["reiterated", "emphasised", "insisted", "warned", "noted"])
def test_less_common_cues(nlp, cue: str) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, f"Maria Lopez {cue} that the talks had failed."), "the talks had failed")
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker.name == "Maria Lopez"


def test_statement_reported_by_its_object(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "Vladimir Putin denied any involvement in the attack."), "any involvement")
    assert q.kind == "indirect"
    assert q.cue is not None and q.cue.text == "denied"
    assert q.speaker.name == "Vladimir Putin"


def test_addressee_is_not_what_was_said(nlp) -> None:  # type: ignore[no-untyped-def]
    assert quotes_of(nlp, "John Brown told reporters about the plan on Monday.") == []


def test_coordinated_reporting_verb_starts_its_own_report(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Maria Lopez said that the plan had failed and called the deal “a disaster”.")
    q = only(qs, "the plan had failed")
    assert "called" not in q.content.text
    assert any("a disaster" in x.content.text and x.speaker.name == "Maria Lopez" for x in qs)
    text = "Vladimir Putin emphasised that Russia is open to talks but won't agree to terms that hurt it."
    assert "won't agree to terms" in only(quotes_of(nlp, text), "Russia is open").content.text


def test_transcript_label_and_headline_colon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "WALLACE: Why would he do that?\n\nPENCE: Well, look, this is serious business for the country."
    q = only(quotes_of(nlp, text), "this is serious business")
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text == ":"
    assert q.mention is not None and q.mention.text == "PENCE"
    text = "Sanders: Clinton Email Story Has Moved On\n\nBernie Sanders spoke in Iowa on Monday."
    q = only(quotes_of(nlp, text), "Email Story")
    assert q.mention is not None and q.mention.text == "Sanders"


def test_nested_report_by_someone_else_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "John Brown said that Maria Lopez told him the talks had failed.")
    assert {q.speaker.name for q in qs} == {"John Brown", "Maria Lopez"}
    same = quotes_of(nlp, "John Brown said he believed the talks had failed.")
    assert [q.speaker.name for q in same] == ["John Brown"]  # his own belief is part of his report


def test_noun_cue_with_possessive_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Vladimir Putin dismissed Joe Biden's claim that Russia was planning an attack."
    q = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "claim"][0]
    assert q.content.text == "that Russia was planning an attack"
    assert q.mention is not None and q.mention.text == "Joe Biden"
    assert q.speaker.name == "Joe Biden"


def test_according_to(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "According to Maria Lopez, the budget will be cut next year."),
        "the budget will be cut",
    )
    assert q.kind == "indirect"
    assert q.cue is not None and q.cue.text == "According to"
    assert q.speaker.name == "Maria Lopez"
    assert "According" not in q.content.text


def test_mixed_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Maria Lopez said the plan was “a disaster for everyone” and had to stop."
    q = only(quotes_of(nlp, text), "a disaster for everyone")
    assert q.kind == "mixed"
    assert "the plan was" in q.content.text
    assert q.speaker.name == "Maria Lopez"


def test_quote_broken_inside_its_sentence_is_one_quote_with_parts(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We are ready,” John Brown said, “and the talks start tomorrow.”"
    qs = quotes_of(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    # content runs first to last, as annotation schemes mark a discontinuous content ...
    assert q.content.text.startswith("We are ready") and q.content.text.endswith("start tomorrow.")
    # ... and the parts are what John Brown said, without the reporter's frame
    assert [p.text for p in q.parts] == ["We are ready", "and the talks start tomorrow."]
    assert all(text[p.start : p.end] == p.text for p in q.parts)
    assert "said" not in q.words and "John Brown" not in q.words
    assert q.speaker.name == "John Brown"


def test_quote_resumed_after_a_frame_in_its_paragraph_is_one_quote_with_parts(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We are ready,” John Brown said, pointing to the delegates. “The talks start tomorrow.”"
    qs = quotes_of(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "direct" and q.cue is not None and q.cue.text == "said"
    assert [p.text for p in q.parts] == ["We are ready", "The talks start tomorrow."]
    assert "pointing" in q.content.text and "pointing" not in q.words  # the frame stays out
    assert q.speaker.name == "John Brown"


def test_quote_resumed_after_a_frame_holding_a_report_is_still_one_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“One of us ran against Barack Obama,” Bernie Sanders said, invoking the 2008 race. “I was not that candidate.”"
    qs = quotes_of(nlp, text)
    q = only(qs, "One of us ran")
    assert [p.text for p in q.parts] == ["One of us ran against Barack Obama", "I was not that candidate."]
    assert q.speaker.name == "Bernie Sanders"
    assert not any(o.content.text.startswith("I was not") for o in qs)


def test_quotation_after_a_mixed_quote_and_its_frame_goes_on_with_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Yet Trump is also a “change agent,” Tom Cole said. “That’s exactly what people want right now.”"
    qs = quotes_of(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "mixed" and q.cue is not None and q.cue.text == "said"
    assert q.content.text.startswith("Yet Trump") and q.content.text.endswith("right now.")
    assert "Tom Cole said" not in q.words and "exactly what people want" in q.words
    assert q.speaker.name == "Tom Cole"


def test_frame_closing_the_sentence_reports_what_comes_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Misinformation spread fast, said Angie Holan, the site's editor. The Internet has also made it "
        "possible for people with like-minded, if bogus, ideas to organize and reach others, she said."
    )
    q = only(quotes_of(nlp, text), "The Internet")
    assert q.content.text.endswith("reach others") and "she said" not in q.content.text
    assert q.cue is not None and q.cue.text == "said" and q.mention is not None and q.mention.text == "she"
    assert q.speaker.name == "Angie Holan"


def test_sentence_opening_setting_is_not_reported_by_its_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In an interview with Fox News on Monday night, Donald Trump responded to a question about the wall."
    )
    assert not any("interview" in q.content.text for q in quotes_of(nlp, text))


def test_gerund_subject_of_the_reported_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Governor Andrew Cuomo said legalizing it could put thousands of people to work upstate."
    q = only(quotes_of(nlp, text), "legalizing")
    assert (
        q.kind == "indirect"
        and q.content.text == "legalizing it could put thousands of people to work upstate"
    )
    assert q.speaker.name == "Andrew Cuomo"


def test_sentence_broken_by_an_inverted_frame_with_an_appositive(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The risk," said Edward Leamer, an economist who directs the UCLA Anderson Forecast, '
        '"is that we\'re going to be attracting workers and repelling jobs."'
    )
    qs = quotes_of(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert [p.text for p in q.parts][0] == "The risk" and q.parts[1].text.startswith("is that we")
    assert q.mention is not None and q.mention.text.startswith("Edward Leamer")
    assert q.speaker.name == "Edward Leamer"


def test_quotation_told_after_the_addressee_is_what_was_told(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "John Kasich says he would sit Putin down and tell him “no more nonsense.”"
    q = only(quotes_of(nlp, text), "no more nonsense")
    assert q.kind == "partial" and q.cue is not None and q.cue.text == "tell"
    assert q.speaker.name == "John Kasich"


def test_mention_leaves_out_the_dateline_and_keeps_the_party_bracket(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "WASHINGTON — Sen. Chuck Grassley (R-Iowa) said the Senate would not hold hearings."
    q = only(quotes_of(nlp, text), "the Senate would not")
    assert q.mention is not None and q.mention.text == "Sen. Chuck Grassley (R-Iowa)"
    assert q.speaker.name == "Chuck Grassley"


def test_mention_is_the_speaker_when_the_parse_makes_the_dateline_its_head(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "MOSCOW (Reuters) - Russian President Vladimir Putin said on Tuesday that Moscow would not"
        " accept any deployment of Western troops in Ukraine."
    )
    q = only(quotes_of(nlp, text), "Western troops")
    assert q.mention is not None and q.mention.text == "Russian President Vladimir Putin"
    assert q.speaker.name == "Vladimir Putin"
    # a name before a dashed aside is no dateline
    text = "Donald Trump - the Republican nominee - said that he would win."
    q = only(quotes_of(nlp, text), "he would win")
    assert q.mention is not None and q.mention.text.startswith("Donald Trump")


def test_an_apposition_read_as_a_conjunct_is_no_second_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Walt Disney Co. executive Kevin Mayer said demand was high.\n\n"
        "“We had some issues,” Mayer, Disney’s chairman of direct-to-consumer and international, said Tuesday."
    )
    q = only(quotes_of(nlp, text), "We had some issues")
    assert q.speaker.name == "Kevin Mayer" and not q.speaker.is_group


def test_an_embedded_post_is_a_direct_quote_of_its_author(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The speaker responded on social media.\n\n"
        "While I respect the professionals at the FBI, this announcement defies explanation."
        " pic.twitter.com/OqctxglquI — Paul Ryan (@SpeakerRyan) July 5, 2016\n\n"
        "His colleagues were more cautious."
    )
    q = only(quotes_of(nlp, text), "defies explanation")
    assert q.kind == "direct"
    assert q.content.text.startswith("While I respect") and q.content.text.rstrip(".").endswith("defies explanation")
    assert q.mention is not None and q.mention.text == "Paul Ryan" and q.speaker.name == "Paul Ryan"


def test_labels_of_no_one_before_a_colon_are_no_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "FYI: Some VPNs are located in countries that share surveillance data.\n\n"
        "Commit B: Only the first file changed in this commit.\n\n"
        "Improve Navigation: Make it easy for users to find information with intuitive menus.\n\n"
        "SEE MORE: Hong Kong protests: 800 students under siege in university.\n\n"
        "Star Wars Jedi: Fallen Order is a game that is many things to different people."
    )
    assert [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == ":"] == []
    # a dialogue's labels are its speakers
    text = (
        "KATE BOULDUAN: Why not debate?\n\nJOEL BENENSON: Senator Sanders does not get to decide when we debate.\n\n"
        "BOULDUAN: You said he would never run a negative ad.\n\nBENENSON: He has been running one for weeks."
    )
    labelled = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == ":"]
    assert [q.mention.text for q in labelled if q.mention] == ["KATE BOULDUAN", "JOEL BENENSON", "BOULDUAN", "BENENSON"]


def test_an_age_epithet_is_the_person_just_spoken_of(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Former U.S. President Barack Obama criticised the decision on Monday."
        ' "This is a mistake," the 64-year-old said in a statement.'
    )
    q = only(quotes_of(nlp, text), "This is a mistake")
    assert q.speaker.name == "Barack Obama" and q.mention is not None and q.mention.text == "the 64-year-old"
    # ... unless someone else was the subject in between
    text = (
        "Donald Trump watched from the stands. The former model then defended her husband.\n\n"
        '"Donald is an amazing leader," said the 46-year-old.'
    )
    q = only(quotes_of(nlp, text), "amazing leader")
    assert q.speaker.name is None


def test_an_indirect_quote_stays_on_the_line_of_its_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "February 6, 2016 10:35PM Chris Christie Says He Would Issue A Quarantine Over Zika Virus\n"
        "Chris Christie said he would quarantine people over fears of the Zika virus."
    )
    q = only(quotes_of(nlp, text), "Quarantine Over Zika")
    assert q.content.text == "He Would Issue A Quarantine Over Zika Virus"


def test_which_after_a_person_is_no_new_topic_for_he(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Customers “began to say we want you to do this and that,” Tim Cook told Marc Benioff, which"
        " ultimately meant building a better system.\n\n“We really took that challenge to heart,” he said."
    )
    q = only(quotes_of(nlp, text), "challenge to heart")
    assert q.speaker.name == "Tim Cook"


def test_an_untagged_first_name_and_surname_is_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "Cecile Richards said the law was cruel."), "the law was cruel")
    assert q.speaker.name == "Cecile Richards" and q.speaker.via == "name"
    # a Title Case label whose words are no name is no speaker
    assert quotes_of(nlp, "Weekly Market Wrap: Stocks rose for a third day on Friday as investors cheered.") == []


def test_a_report_set_against_another_ends_its_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "US Secretary of State Marco Rubio met Sergei Lavrov. The Russian foreign minister said the meeting"
        " was constructive, while America's top diplomat said progress was slow."
    )
    qs = quotes_of(nlp, text)
    assert only(qs, "constructive").content.text == "the meeting was constructive"
    assert only(qs, "progress was slow").content.text == "progress was slow"
    # a poll's figures set against each other stay one content
    text = "The poll found 45 percent say Trump is responsible, while 37 percent of Americans say he is not."
    assert any("37 percent" in q.content.text for q in quotes_of(nlp, text))


def test_content_leaves_out_the_dateline(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "VIENNA — The house where Adolf Hitler was born will be turned into a police station,"
        " Austria's interior minister said Tuesday."
    )
    q = only(quotes_of(nlp, text), "police station")
    assert q.content.text == "The house where Adolf Hitler was born will be turned into a police station"
    text = "KYIV, Ukraine (AP) — Russia launched 500 drones overnight, Ukrainian officials said."
    q = only(quotes_of(nlp, text), "500 drones")
    assert q.content.text == "Russia launched 500 drones overnight"


def test_mention_leaves_out_a_comment_set_off_by_dashes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister — speaking after a cabinet meeting on Monday — warned that prices would rise."
    q = only(quotes_of(nlp, text), "prices would rise")
    assert q.mention is not None and q.mention.text == "The minister"


def test_mention_keeps_a_relative_clause_saying_who_the_speaker_is(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Dorothy Poynter, who grew up with Ali in the neighborhood, said he was always kind."
    q = only(quotes_of(nlp, text), "always kind")
    assert (
        q.mention is not None
        and q.mention.text == "Dorothy Poynter, who grew up with Ali in the neighborhood"
    )
    # ... but not one that reports something of its own
    text = "Lindsey Graham, who says allies should send ground forces, said the strategy had failed."
    q = only(quotes_of(nlp, text), "strategy had failed")
    assert q.mention is not None and q.mention.text == "Lindsey Graham"


def test_closed_quote_then_new_paragraph_is_a_new_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“The budget is fair,” Maria Lopez stressed.\n\n“Nobody will pay more next year.”"
    qs = quotes_of(nlp, text)
    assert len(qs) == 2
    first, second = only(qs, "The budget is fair"), only(qs, "Nobody will pay more")
    assert "stressed" not in first.content.text and "Nobody" not in first.content.text
    assert second.kind == "direct" and second.cue is None and second.mention is None
    assert second.speaker.name == "Maria Lopez" and second.speaker.via == "continuation"


def test_attributions_scope_joins_as_polnear_does(nlp) -> None:  # type: ignore[no-untyped-def]
    """The PolNeAR-facing scope keeps that corpus's convention: one discontinuous content."""
    from quotetrail.quotes import attribute_doc

    text = "“We are ready,” John Brown said. “The talks start tomorrow.”"
    qs = [q for q in attribute_doc(nlp(text), scope="attributions") if q.kind == "direct"]
    assert len(qs) == 1
    assert [p.text for p in qs[0].parts] == ["We are ready", "The talks start tomorrow."]
    assert "John Brown said" in qs[0].content.text and "John Brown" not in qs[0].words


def test_attributions_scope_keeps_every_statement_of_the_default_scope(nlp) -> None:  # type: ignore[no-untyped-def]
    """The wider scope adds stances; it must not lose what the default finds ("according" is
    tagged a verb, and was once taken for a stance verb there)."""
    from quotetrail.quotes import attribute_doc

    text = (
        "According to the schedule published Thursday, Thiel is scheduled to speak next week.\n\n"
        "Mary Smith refused to back the new budget."
    )
    default = {q.content.text for q in attribute_doc(nlp(text))}
    wider = {q.content.text for q in attribute_doc(nlp(text), scope="attributions")}
    assert any(c.startswith("Thiel is scheduled") for c in default)
    assert default <= wider
    assert "to back the new budget" in wider - default


def test_attributions_scope_takes_an_object_with_what_the_verb_says_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    """A stance's object goes on through its complement, as annotators mark it."""
    from quotetrail.quotes import attribute_doc

    text = "The senator portrayed him as a generous business executive, aides said."
    stances = [q for q in attribute_doc(nlp(text), scope="attributions") if q.stance]
    assert [q.content.text for q in stances] == ["him as a generous business executive"]
    assert stances[0].cue is not None and stances[0].cue.text == "portrayed"
    assert stances[0].mention is not None and stances[0].mention.text == "The senator"


def test_attributions_scope_adds_what_the_trained_tagger_marks_where_rules_found_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    from quotetrail.quotes import attribute_doc

    text = (
        "Party officials were confident the measure would pass easily in the fall.\n\n"
        "“We are watching closely,” said Kenji Sato, a Japanese diplomat."
    )
    default = attribute_doc(nlp(text))
    wider = attribute_doc(nlp(text), scope="attributions")
    assert [q.content.text for q in default] == ["We are watching closely"]
    stances = [q for q in wider if q.stance]
    assert [(q.kind, q.content.text) for q in stances] == [("indirect", "the measure would pass easily in the fall")]
    assert stances[0].cue is not None and "confident" in stances[0].cue.text
    assert stances[0].mention is not None and stances[0].mention.text == "Party officials"
    # the statements stay as they were, and nothing the tagger adds overlaps them
    assert [q.content.text for q in wider if not q.stance] == ["We are watching closely"]


def test_attributions_scope_never_takes_a_passives_agent_inside_the_content_for_its_holder(nlp) -> None:  # type: ignore[no-untyped-def]
    from quotetrail.quotes import attribute_doc

    text = "Across Asia, policymakers have been alarmed by the president's isolationist trade pronouncements."
    (q,) = [q for q in attribute_doc(nlp(text), scope="attributions") if q.stance]
    assert q.content.text == "the president's isolationist trade pronouncements"
    assert q.mention is not None and q.mention.text == "policymakers"


def test_attributions_scope_gives_the_taggers_cue_its_subject_from_the_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    from quotetrail.quotes import attribute_doc

    # the tagger's own source here is cut in two at the comma; the parse's subject of "see" is whole
    text = "Democrats in Congress, who lost two seats last year, see the budget deal as a betrayal of working families."
    (q,) = [q for q in attribute_doc(nlp(text), scope="attributions") if q.stance]
    assert q.content.text == "the budget deal as a betrayal of working families"
    assert q.cue is not None and q.cue.text == "see"
    assert q.mention is not None and q.mention.text.startswith("Democrats in Congress")


def test_attributions_scope_reads_appearances_as_whole_clauses(nlp) -> None:  # type: ignore[no-untyped-def]
    """PolNeAR attributes "X appears to ..." / "X is expected to ..." to no one, the whole
    clause its content; the default scope reports neither (nobody said anything)."""
    from quotetrail.quotes import attribute_doc

    text = "Ben Carson appears to be slipping in the polls. The bill is not expected to pass this week."
    wider = {q.content.text: q for q in attribute_doc(nlp(text), scope="attributions")}
    assert "Ben Carson appears to be slipping in the polls" in wider
    assert "The bill is not expected to pass this week" in wider
    assert all(q.mention is None for q in wider.values())
    assert attribute_doc(nlp(text)) == []


def test_multi_paragraph_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“The first part of what I said is here.\n\n“And the second part follows,” said John Brown."
    qs = quotes_of(nlp, text)
    q = only(qs, "The first part")
    assert "the second part follows" in q.content.text
    assert q.speaker.name == "John Brown"


def test_reported_clause_stays_in_its_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "All through measures attached to larger bills.\n\n"
        "''It has been a very successful strategy,'' said Warren Gunnels, a policy adviser."
    )
    qs = quotes_of(nlp, text)
    assert all("All through measures" not in q.content.text for q in qs)
    q = only(qs, "successful strategy")
    assert q.kind == "direct" and q.speaker.name == "Warren Gunnels"


def test_nested_single_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "“He told me ‘no way’ and left the room,” Anna Berg said."), "no way")
    assert q.kind == "direct"
    assert "left the room" in q.content.text
    assert q.speaker.name == "Anna Berg"


# -- speaker resolution ----------------------------------------------------------------------------
def test_surname_resolves_to_fullest_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russian President Vladimir Putin met reporters. Putin said that the talks had failed."
    q = only(quotes_of(nlp, text), "the talks had failed")
    assert q.mention is not None and q.mention.text == "Putin"
    assert q.speaker.name == "Vladimir Putin"
    assert q.speaker.via == "name"


def test_shared_surname_keeps_its_earlier_referent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marcel Lazar, a hacker, was sentenced on Thursday. Lazar said that he regretted nothing. "
        "His wife, Gabriela Lazar, wrote a letter to the court. Lazar told reporters that he would appeal."
    )
    q = only(quotes_of(nlp, text), "he would appeal")
    assert q.speaker.name == "Marcel Lazar"


def test_honorific_picks_between_namesakes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hillary Clinton spoke in Iowa. She said the campaign was strong. Bill Clinton spoke later. "
        "He said that turnout was high. Mrs. Clinton said that the polls were wrong."
    )
    q = only(quotes_of(nlp, text), "the polls were wrong")
    assert q.speaker.name == "Hillary Clinton"


def test_role_from_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hillary Clinton, the former secretary of state, spoke in Iowa on Monday. "
        "The former secretary of state said that the polls were wrong."
    )
    q = only(quotes_of(nlp, text), "the polls were wrong")
    assert q.speaker.name == "Hillary Clinton"
    assert q.speaker.via == "role"


def test_organisation_pronoun_stays_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The White House said that the talks had failed. It added that new talks would start soon."
    q = only(quotes_of(nlp, text), "new talks would start")
    assert q.speaker.is_group is True
    assert q.speaker.name is not None and "White House" in q.speaker.name


def test_role_resolves_through_title(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian President Vladimir Putin met US President Donald Trump. "
        "The Russian leader stressed that Moscow views the plan as a threat."
    )
    q = only(quotes_of(nlp, text), "Moscow views the plan")
    assert q.mention is not None and q.mention.text == "The Russian leader"
    assert q.speaker.name == "Vladimir Putin"
    assert q.speaker.via == "role"


def test_ambiguous_role_stays_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "President Anna Berg met President John Brown. The president said that the talks had failed."
    q = only(quotes_of(nlp, text), "the talks had failed")
    assert q.speaker.name is None


def test_pronoun_resolves_to_previous_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ms. Anna Berg met John Brown in Paris on Monday. She said that the talks had failed."
    q = only(quotes_of(nlp, text), "the talks had failed")
    assert q.mention is not None and q.mention.text == "She"
    assert q.speaker.name == "Anna Berg"
    assert q.speaker.via == "pronoun"


def test_pronoun_gender_skips_incompatible_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mrs. Anna Berg met Mr. John Brown in Paris on Monday. He said that the talks had failed."
    q = only(quotes_of(nlp, text), "the talks had failed")
    assert q.speaker.name == "John Brown"
    assert q.speaker.confidence < 0.8  # not the subject: a weaker reading


def test_continuation_paragraph_inherits_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "John Brown said that the talks had failed.\n\n“We will try again next year, and the year after.”"
    q = only(quotes_of(nlp, text), "We will try again")
    assert q.kind == "direct"
    assert q.cue is None and q.mention is None
    assert q.speaker.name == "John Brown"
    assert q.speaker.via == "continuation"


def test_continuation_does_not_skip_a_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "John Brown said that the talks had failed.\n\nThe weather in Paris was mild on Monday.\n\n"
        "“We will try again next year, and the year after.”"
    )
    q = only(quotes_of(nlp, text), "We will try again")
    assert q.speaker.name is None


def test_group_speaker_is_kept_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Vladimir Putin spoke. Ukraine’s backers claim that supplying weapons is forestalling this scenario."
    )
    q = only(quotes_of(nlp, text), "supplying weapons")
    assert q.speaker.is_group is True
    assert q.speaker.name is not None and "backers" in q.speaker.name
    assert q.speaker.via == "group"


def test_first_person_inside_quote_is_never_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "“I will resign and we will all leave the city tomorrow.”")
    assert len(qs) == 1
    assert qs[0].speaker.name is None
    assert qs[0].speaker.confidence == 0.0


def test_unknown_role_gives_no_name(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "A spokesman said that the talks had failed."), "the talks had failed")
    assert q.speaker.name is None


# -- spaCy integration -----------------------------------------------------------------------------
def test_components_added_to_a_users_pipeline() -> None:
    try:
        name = nlp_module.model_name()
    except ModelError as exc:
        pytest.skip(str(exc))
    user_nlp = spacy.load(name)
    user_nlp.add_pipe("quotetrail_quotes")
    doc = user_nlp("Maria Lopez said that the budget would be cut.")
    assert [q.speaker.name for q in doc._.quotes] == ["Maria Lopez"]
    assert doc._.quote_warnings == []
    add_quote_pipes(user_nlp)  # idempotent, adds the marks step once
    assert user_nlp.pipe_names.count("quotetrail_quotes") == 1
    assert user_nlp.pipe_names.count("quotetrail_quote_marks") == 1


def test_bad_scope_is_a_config_error() -> None:
    try:
        name = nlp_module.model_name()
    except ModelError as exc:
        pytest.skip(str(exc))
    user_nlp = spacy.load(name)
    with pytest.raises(ConfigError):
        user_nlp.add_pipe("quotetrail_quotes", config={"scope": "everything"})


def test_plain_api(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = extract_quotes("“Prices will fall,” Maria Lopez said.")
    assert [q.speaker.name for q in qs] == ["Maria Lopez"]


# -- bad input -------------------------------------------------------------------------------------
def test_empty_and_blank_text(nlp) -> None:  # type: ignore[no-untyped-def]
    assert extract_quotes("") == []
    assert extract_quotes("   \n\n ") == []
    assert quotes_of(nlp, "") == []


def test_text_without_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    assert quotes_of(nlp, "The weather was mild in Paris on Tuesday. Trains ran on time.") == []


def test_unbalanced_marks_warn_and_do_not_run_away(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "John Brown said, “this never ends and we are tired of it.\n\n"
        "The next paragraph is the reporter's own account of the meeting."
    )
    doc = nlp(text)
    qs = extract_quotes_from_doc(doc)
    assert any("unclosed" in w for w in doc._.quote_warnings)
    assert all("reporter's own account" not in q.content.text for q in qs)


def test_apostrophes_and_primes_make_no_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ’90s gave us rock ’n’ roll. He is 5′9″ tall and she is 5'9\" tall. It's Anna's."
    doc = nlp(text)
    assert extract_quotes_from_doc(doc) == []
    assert doc._.quote_warnings == []


def test_non_english_text_does_not_crash(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Der Minister sagte: „Wir werden gewinnen.“ Dann ging er nach Hause.",
        "Le ministre a déclaré : « Nous allons gagner. »",
        "Президент заявил, что «переговоры провалились».",
        "大統領は「交渉は失敗した」と述べた。",
    ):
        quotes_of(nlp, text)  # offsets are checked inside


def test_large_article(nlp) -> None:  # type: ignore[no-untyped-def]
    para = (
        "“We will keep working on this until it is done,” Maria Lopez said on Monday. "
        "She added that the budget would be cut next year, according to the plan.\n\n"
    )
    text = para * (200_000 // len(para) + 1)
    assert len(text) >= 200_000
    started = time.perf_counter()
    qs = quotes_of(nlp, text)
    assert time.perf_counter() - started < 60
    assert len(qs) >= text.count("Maria Lopez said")
    assert all(q.speaker.name == "Maria Lopez" for q in qs if "keep working" in q.content.text)


def test_top_level_single_quotes_are_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "‘We will build the wall and they will pay for it,’ Donald Trump said on Tuesday.")
    q = only(qs, "We will build the wall")
    assert q.kind == "direct" and q.content.text == "We will build the wall and they will pay for it"
    assert q.speaker.name == "Donald Trump"
    qs = quotes_of(nlp, "The players’ union met on Monday, and the mood in the hall was good.")
    assert qs == []


def test_comment_after_a_closing_mark_is_the_reporters(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Putin said the talks were “useful,” noting that more were planned."
    q = only(quotes_of(nlp, text), "useful")
    assert q.kind == "mixed"
    assert q.content.text.startswith("the talks were") and "noting" not in q.content.text


@pytest.mark.parametrize("verb", ["said", "yelled", "shouted"])
def test_frame_after_an_exclamation_with_a_common_noun_speaker(nlp, verb: str) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, f"“Get out of here now!” a man {verb} at the reporters."), "Get out of here")
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text == verb
    assert q.mention is not None and q.mention.text == "a man"


def test_a_verb_with_a_report_of_its_own_frames_no_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "“Is this the end of the party?” Most voters said no."), "Is this the end")
    assert q.cue is None and q.mention is None


def test_fragment_under_the_cues_object_is_a_partial_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Ann Cole called for a redoubling of efforts to build a “clean energy economy.”"
    q = only(quotes_of(nlp, text), "clean energy economy")
    assert q.kind in ("partial", "mixed")
    assert q.cue is not None and q.cue.text.startswith("called")
    assert q.speaker.name == "Ann Cole"
    # no reporting verb above the fragment: scare quotes stay no quote
    assert quotes_of(nlp, "The workers started to build a “smart” bridge over the river.") == []


def test_join_sentences_off_splits_at_the_frame() -> None:
    """A user who wants a quote per sentence after a frame turns joining off on the component."""
    try:
        name = nlp_module.model_name()
    except ModelError as exc:
        pytest.skip(str(exc))
    text = "“We are ready,” John Brown said, pointing to the delegates. “The talks start tomorrow.”"
    split = add_quote_pipes(spacy.load(name), join_sentences=False)(text)._.quotes
    assert len(split) == 2 and all(q.parts == [] for q in split)
    first, second = split
    assert first.content.text == "We are ready" and first.cue is not None and first.cue.text == "said"
    assert second.kind == "direct" and second.cue is None and second.mention is None
    assert "pointing" not in second.content.text
    assert second.speaker.name == "John Brown" and second.speaker.via == "continuation"
    joined = add_quote_pipes(spacy.load(name))(text)._.quotes
    assert len(joined) == 1 and len(joined[0].parts) == 2


def test_report_inside_a_relative_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(
        nlp,
        "Voters remember her Iraq war vote, which she has repeatedly said was a mistake, at every stop.",
    )
    q = only(qs, "was a mistake")
    assert q.content.text.startswith("which she has repeatedly said was a mistake")
    assert q.cue is not None and "said" in q.cue.text
    assert q.mention is not None and q.mention.text == "she"
    # "in which he said ...": the relative word is no part of what was said
    qs = quotes_of(nlp, "He gave an interview in which he said he did not support the bill.")
    q = only(qs, "he did not support the bill")
    assert q.content.text == "he did not support the bill"


def test_source_mention_keeps_what_defines_a_quantifier_or_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Some of the delegates said the rules were unfair.")
    q = only(qs, "the rules were unfair")
    assert q.mention is not None and q.mention.text == "Some of the delegates"
    qs = quotes_of(nlp, "Researchers who have studied the program said it saved money.")
    q = only(qs, "it saved money")
    assert q.mention is not None and q.mention.text == "Researchers who have studied the program"


def test_speech_act_reported_by_its_object(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "The senator cited a 2013 memo by the agency's inspector general.")
    q = only(qs, "a 2013 memo")
    assert q.content.text == "a 2013 memo by the agency's inspector general"
    assert q.cue is not None and q.cue.text == "cited"
    assert q.mention is not None and q.mention.text == "The senator"
    # an infinitive reports no statement made
    qs = quotes_of(nlp, "The senator refused to cite the memo by the agency's inspector general.")
    assert not [q for q in qs if "memo" in q.content.text]


def test_statement_reported_through_a_preposition(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Senator Jane Smith called for a ban on assault weapons.")
    q = only(qs, "a ban on assault weapons")
    assert q.content.text == "a ban on assault weapons"
    assert q.cue is not None and q.cue.text == "called for"
    assert q.mention is not None and q.mention.text == "Senator Jane Smith"
    qs = quotes_of(nlp, "The governor spoke about his mother at the rally.")
    assert only(qs, "his mother").cue.text == "spoke about"  # type: ignore[union-attr]
    # stances are not statements
    assert not quotes_of(nlp, "Most delegates voted for the new rules on Tuesday.")


def test_source_mention_without_a_comment_on_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Jane Smith, clearly frustrated, said the talks had failed.")
    assert only(qs, "the talks had failed").mention.text == "Jane Smith"  # type: ignore[union-attr]
    qs = quotes_of(nlp, "Even critics say the speech was her best.")
    assert only(qs, "the speech was her best").mention.text == "critics"  # type: ignore[union-attr]


def test_hopes_are_not_statements_whatever_the_lemma(nlp) -> None:  # type: ignore[no-untyped-def]
    # spaCy lemmatizes "hoped" as "hop"; a desire stays out either way
    assert not quotes_of(nlp, "The governor hoped the endorsement would give him a boost.")


def test_misparsed_speaker_before_a_subjectless_cue_is_no_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said he and "
        "other rabbis were alarmed about the speech."
    )
    qs = quotes_of(nlp, text)
    assert not [q for q in qs if q.content.text.startswith("Jeffrey Salkin")]
    assert only(qs, "he and other rabbis were alarmed").cue.text == "said"  # type: ignore[union-attr]


def test_a_title_in_quotation_marks_is_not_a_partial_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "“Donald Trump is a fraud,” Perez said Sunday on NBC's “Meet the Press.”")
    assert not [q for q in qs if "Meet the Press" in q.content.text]
    assert only(qs, "Donald Trump is a fraud").kind == "direct"
    # a coined name after a naming verb is still what was said
    qs = quotes_of(nlp, "Reagan called the Soviet Union an “Evil Empire” in 1983.")
    assert only(qs, "Evil Empire").cue.text == "called"  # type: ignore[union-attr]


def test_partial_quote_in_a_relative_clause_holds_the_relative_word(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "He mocked Marco Rubio, who he dubbed “the little senator.”")
    q = only(qs, "the little senator")
    assert q.content.text.startswith("who he dubbed")


def test_a_clause_coordinated_on_the_cue_goes_on_with_what_was_said(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "She said she had no plans to yell at anyone, but when Trump mentioned Cruz, it just happened."
    q = only(quotes_of(nlp, text), "she had no plans")
    assert (
        q.content.text
        == "she had no plans to yell at anyone, but when Trump mentioned Cruz, it just happened"
    )


def test_the_medium_after_a_cue_is_part_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jeff Weaver, the campaign manager, said in a statement that the campaign would fight on."
    q = only(quotes_of(nlp, text), "the campaign would fight on")
    assert q.cue is not None and q.cue.text == "said in a statement"
    assert q.mention is not None and q.mention.text == "Jeff Weaver, the campaign manager"


def test_remind_reports_a_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Senator Jane Smith reminded voters that the plant had closed."),
        "the plant had closed",
    )
    assert q.cue is not None and q.cue.text == "reminded"


def test_gerund_under_a_preposition_speaks_for_the_verbs_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jane Smith rallied thousands of workers by promising to impose tariffs on imported cars."
    q = only(quotes_of(nlp, text), "to impose tariffs")
    assert q.mention is not None and q.mention.text == "Jane Smith"


def test_speakers_of_infinitives_adjectives_and_voiced_nouns(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Donald Trump tweeted on Friday to say he had never suggested a database."), "database"
    )
    assert q.mention is not None and q.mention.text == "Donald Trump"
    q = only(
        quotes_of(nlp, "The senator expressed confidence that the party would come together."),
        "come together",
    )
    assert q.mention is not None and q.mention.text == "The senator"
    # an object sent to speak is the speaker, not the sender: no mention rather than a wrong one
    qs = quotes_of(nlp, "God sent a messenger to warn the king that the city would be destroyed.")
    assert all(q.mention is None or q.mention.text != "God" for q in qs)


def test_that_clause_hung_on_the_setting_is_the_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Governor John Kasich predicted at the most recent debate that Republicans will take every state."
    q = only(quotes_of(nlp, text), "Republicans will take every state")
    assert q.cue is not None and q.cue.text == "predicted"
    assert q.mention is not None and q.mention.text == "Governor John Kasich"


def test_cue_of_an_infinitive_holds_its_governing_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Senator Jane Smith went on to say that the bill would fail."), "the bill would fail"
    )
    assert q.cue is not None and q.cue.text == "went on to say"


def test_that_before_a_quotation_makes_it_mixed(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "Senator Jane Smith said that “we will win this election.”"), "we will win")
    assert q.kind == "mixed"
    assert q.content.text.startswith("that “we will win this election")
    assert q.cue is not None and q.cue.text == "said"


def test_relative_that_is_no_speaker_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The council passed a resolution that said the city condemns the speech."
    assert all(q.mention is None or q.mention.text != "that" for q in quotes_of(nlp, text))


def test_called_on_someone_to_act(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Senator Jane Smith called on Congress to pass the bill before the recess."),
        "pass the bill",
    )
    assert q.content.text == "Congress to pass the bill before the recess"
    assert q.cue is not None and q.cue.text == "called on"


def test_agent_of_a_passive_cue_is_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Asked by host John Dickerson whether the plan would work, Sanders listed several issues."
    q = only(quotes_of(nlp, text), "the plan would work")
    assert q.mention is not None and q.mention.text == "host John Dickerson"


def test_accused_him_of_something(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "After Hillary Clinton accused him of sexism, he struck back."), "sexism")
    assert q.content.text == "him of sexism"
    assert q.cue is not None and q.cue.text == "accused"
    assert q.mention is not None and q.mention.text == "Hillary Clinton"
    assert not quotes_of(nlp, "The senator accused Russia.")


def test_statement_verbs_that_take_no_clause_still_report_their_object(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Governor Chris Christie defended his endorsement on his radio show."),
        "his endorsement",
    )
    assert q.content.text == "his endorsement"
    assert q.cue is not None and q.cue.text == "defended"


def test_issued_a_statement_saying(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Mitch McConnell issued a statement saying the Senate should not confirm a replacement."
    q = only(quotes_of(nlp, text), "should not confirm")
    assert q.mention is not None and q.mention.text == "Senator Mitch McConnell"


def test_people_described_by_a_reporting_participle_speak(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Campaign officials, saying the election was rigged, filed a lawsuit."
    q = only(quotes_of(nlp, text), "the election was rigged")
    assert q.mention is not None and q.mention.text == "Campaign officials"


def test_told_someone_when_that_the_clause_hangs_on_the_setting(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Sanders told Clinton at a debate that Americans were sick of hearing about her emails."
    q = only(quotes_of(nlp, text), "Americans were sick")
    assert q.cue is not None and q.cue.text == "told"


def test_a_thing_called_by_a_name_is_no_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "His campaign paid to broadcast a short film called “Tenemos Familias” on Univision.")
    assert not [q for q in qs if "Tenemos" in q.content.text]


def test_source_mention_keeps_coordinated_pronouns(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "She and her aides said the plan would work."), "the plan would work")
    assert q.mention is not None and q.mention.text == "She and her aides"


def test_an_institution_named_by_a_common_noun_speaks_as_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Northport's city council on Wednesday postponed the vote, saying it needed more time. "
        "The ministry insisted the figures were correct. It said they would be published."
    )
    qs = quotes_of(nlp, text)
    council = only(qs, "it needed more time")
    assert council.speaker.name == "Northport's city council" and council.speaker.via == "group"
    assert council.speaker.confidence < 0.8  # a body named by a common noun: said with less certainty
    assert only(qs, "the figures were correct").speaker.name == "The ministry"
    assert only(qs, "they would be published").speaker.name == "The ministry"  # "It" is that body
    # a person named by a bare common noun is still nobody in particular
    assert (
        only(quotes_of(nlp, "A spokesman said the talks would continue."), "the talks").speaker.name is None
    )


def test_printed_interview_questions_and_answers_are_direct_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In an interview, the singer Maria Lopez spoke about her childhood.\n\n"
        "Q: Your mother was deported twice and returned both times.\n\n"
        "A: She was so desperate to get back to me that she made that sacrifice.\n\n"
        "Q: What advice do you give kids now?\n\n"
        "A: Speak up. Nobody else will do it for you."
    )
    qs = quotes_of(nlp, text)
    answers = [q for q in qs if q.mention is not None and q.mention.text == "A"]
    assert [q.content.text for q in answers] == [
        "She was so desperate to get back to me that she made that sacrifice.",
        "Speak up. Nobody else will do it for you.",
    ]
    assert all(q.kind == "direct" and q.cue is not None and q.cue.text == ":" for q in answers)
    # one "A:" line alone is no interview ("A: ..." may be a list item)
    assert not any(
        q.mention and q.mention.text == "A" for q in quotes_of(nlp, "A: Speak up, nobody else will.")
    )


def test_what_a_poll_found_is_reported_with_the_poll_as_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A Quinnipiac University poll this month found Mr. Trump about even with Mrs. Clinton statewide. "
        "Eighty-four percent of Latino voters in Florida have an unfavorable view of Trump, the poll found."
    )
    qs = quotes_of(nlp, text)
    first = only(qs, "about even")
    assert first.kind == "indirect" and first.cue is not None and first.cue.text == "found"
    assert first.content.text == "Mr. Trump about even with Mrs. Clinton statewide"
    assert first.mention is not None and first.mention.text.startswith("A Quinnipiac University poll")
    assert first.speaker.name is None  # a poll is no person
    second = only(qs, "Eighty-four percent")
    assert second.content.text.endswith("view of Trump") and second.mention is not None
    assert second.mention.text == "the poll"


def test_a_person_finding_something_is_no_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In New Hampshire, Bernie Sanders found a receptive audience for his message. Soon, he found the area welcoming."
    assert quotes_of(nlp, text) == []


def test_as_someone_reported_frames_the_clause_it_is_set_off_from(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "As The Hill reported, Donald Trump was also accused of breaking debate rules.",
        "Donald Trump was also accused of breaking debate rules, as The Hill reported.",
    ):
        q = only(quotes_of(nlp, text), "accused")
        assert q.content.text == "Donald Trump was also accused of breaking debate rules"
        assert q.cue is not None and q.cue.text == "reported"
        assert q.mention is not None and q.mention.text == "The Hill"
    # "as" of time, or a verb with an object of its own, frames nothing
    assert quotes_of(nlp, "As he considered a run last year, Joe Biden felt slighted by the party.") == []


def test_what_voters_told_a_poll_is_reported_with_the_poll_as_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In a CNN poll conducted on Thursday, however, 73 percent of Americans said the country was on the right track."
    q = only(quotes_of(nlp, text), "73 percent")
    assert q.content.text.startswith("73 percent") and q.cue is not None and q.cue.text == "In"
    assert q.mention is not None and q.mention.text == "a CNN poll conducted on Thursday"


def test_clause_told_after_the_addressee_when_the_parse_inverts_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The endorsement comes three days after Donald Trump told The Washington Post he was "
        "“not quite there yet” on supporting Ryan, who will face a challenger."
    )
    q = only(quotes_of(nlp, text), "not quite there yet")
    assert q.content.text == "he was “not quite there yet” on supporting Ryan"
    assert q.cue is not None and q.cue.text == "told" and q.speaker.name == "Donald Trump"


def test_cue_phrase_ending_at_the_opening_mark_frames_the_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Vice President Joe Biden weighed in as well, telling Mic in an interview published on Monday, "
        "“But gosh almighty, they’re both qualified.”"
    )
    q = only(quotes_of(nlp, text), "gosh almighty")
    assert q.kind == "direct" and q.cue is not None and q.cue.text == "telling"
    assert q.speaker.name == "Joe Biden"


def test_inverted_speaker_read_as_the_object_of_the_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"We don\'t have freedom of opinion anymore," tweeted a German user from Hanover.'
    q = only(quotes_of(nlp, text), "freedom of opinion")
    assert q.cue is not None and q.cue.text == "tweeted"
    assert q.mention is not None and q.mention.text.startswith("a German user")


def test_a_document_is_a_source_but_no_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(
        nlp,
        "Polls show that Trump is almost back to where he was. The New York Times reported that WeWork will cut jobs.",
    )
    polls, times = only(qs, "almost back"), only(qs, "WeWork")
    assert polls.mention is not None and polls.mention.text == "Polls" and polls.speaker.name is None
    assert times.speaker.name == "The New York Times" and times.speaker.is_group


def test_clause_before_a_semicolon_is_not_reported_by_the_verb_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Beijing will not take a step back; they continue to escalate the crisis."
    assert quotes_of(nlp, text) == []


def test_titles_in_quotation_marks_and_advice_columns_are_no_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Her son, the filmmaker Charlie McDowell (“The Discovery,” “The One I Love”), spoke too.\n\n"
        "DEAR FEELING: Of course you should be happy that you will be visiting a beautiful country."
    )
    assert quotes_of(nlp, text) == []


def test_second_quotation_framed_by_its_own_cue_after_the_first_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“If she gets to pick her judges, nothing you can do, folks,” Donald Trump said before adding: "
        "“Though the Second Amendment people, maybe there is, I don’t know.”"
    )
    qs = quotes_of(nlp, text)
    second = only(qs, "Second Amendment")
    assert second.cue is not None and second.cue.text == "adding"
    assert not second.content.text.startswith("If she") and second.speaker.name == "Donald Trump"


def test_adding_hung_on_the_reported_clause_is_still_the_reporters(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Donald Trump told Newsmax that Mitt Romney “had a crazy policy of self-deportation,” adding, "
        "“He lost all of the Latino vote.”"
    )
    q = only(quotes_of(nlp, text), "He lost all")
    assert q.cue is not None and q.cue.text == "adding"
    assert q.speaker.name == "Donald Trump"  # not Mitt Romney, the subject of what Trump said


def test_whom_an_email_went_to_does_not_speak_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Her campaign sent an email to supporters stating, “Speaker Paul Ryan Joins Growing List.”"
    q = only(quotes_of(nlp, text), "Paul Ryan Joins")
    assert q.mention is None or q.mention.text != "supporters"


def test_gerund_after_an_object_control_infinitive_is_not_its_objects(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Donald Trump defended his position of not allowing Muslims to enter the United States "
        "by citing a poll conducted by the Center for Security Policy."
    )
    qs = quotes_of(nlp, text)
    assert qs and all(q.mention is None or q.mention.text != "Muslims" for q in qs)
    assert all(q.speaker.name in (None, "Donald Trump") for q in qs)


def test_naming_verb_read_as_a_participle_still_reports(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser hangs "called" on the subject as in 'a group called "X"', leaving no main verb
    q = only(
        quotes_of(nlp, "One lawmaker called Trump “the orange prince of American self-publicity.”"), "orange"
    )
    assert q.cue is not None and q.cue.text == "called"
    assert q.mention is not None and q.mention.text == "One lawmaker"
    assert quotes_of(nlp, "A group called “We the People” met on Tuesday.") == []
    text = (
        "The proposal prompted Parliament to call a debate on whether to ban Trump; one lawmaker "
        "called Trump “the orange prince of American self-publicity.”"
    )
    q = only(quotes_of(nlp, text), "orange prince")  # the clause after a semicolon
    assert q.mention is not None and q.mention.text == "one lawmaker"


def test_naming_verb_does_not_report_the_clause_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'For that she drew Trump’s ire - he called her "weak" and said she had "zero support" in New York.'
    qs = quotes_of(nlp, text)
    assert not any("drew" in q.content.text for q in qs)
    assert only(qs, "weak").cue.text == "called"  # type: ignore[union-attr]


def test_what_was_told_starts_at_that_not_at_whom(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hillary Clinton is telling customers at a popular Manchester, New Hampshire, breakfast spot "
        "that “I need you tomorrow.”"
    )
    q = only(quotes_of(nlp, text), "I need you")
    assert q.content.text.startswith("that") and "customers" not in q.content.text
    q = only(
        quotes_of(nlp, "The administration is defending the idea that “deficits do not matter.”"), "deficits"
    )
    assert q.content.text.startswith("the idea")


def test_british_style_single_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Angela Rayner said the plan was 'dead in the water'.\n\n"
        "'We will not accept it,' the deputy leader told MPs.\n\n"
        "The minister insisted: 'There is no crisis.'"
    )
    qs = quotes_of(nlp, text)
    assert only(qs, "dead in the water").kind == "mixed"
    accept = only(qs, "We will not accept it")
    assert accept.kind == "direct" and not accept.content.text.startswith("'")
    assert only(qs, "There is no crisis").kind == "direct"


def test_reported_clause_goes_on_after_a_closing_mark(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'Sen. Rand Paul told Fox News that polls could be "way off," and have been unreliable in past races.'
    )
    q = only(quotes_of(nlp, text), "way off")
    assert q.content.text.endswith("unreliable in past races")
    text = (
        "Miller said he is hopeful the new bill can be “the best of both worlds,” although he "
        "supports keeping the old one."
    )
    q = only(quotes_of(nlp, text), "best of both")
    assert "although" not in q.content.text  # a clause of the reporter's own stays out


def test_according_to_keeps_the_percent_sign(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "Trump leads the field with just 22%, according to a Suffolk poll."), "leads")
    assert q.content.text.endswith("22%")


def test_preposition_of_a_prepositional_cue_is_the_cues(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Bush referred to Rubio as “a bright, charismatic leader” on Tuesday."), "charismatic"
    )
    assert q.cue is not None and q.cue.text == "referred to"
    assert q.content.text.startswith("Rubio as")


def test_page_labels_before_a_colon_are_not_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    for label in ("Editor’s Note", "BYLINE", "EXCLUSIVE", "Correction"):
        text = f"{label}: The following is part 3 of 3 of an excerpt from the book.\n\nIt sold well."
        assert quotes_of(nlp, text) == [], label
    q = only(quotes_of(nlp, "Graham: Trump’s Rhetoric Is Destroying the Party\n\nMore follows."), "Rhetoric")
    assert q.mention is not None and q.mention.text == "Graham"


def test_gerund_after_to_speaks_for_the_subject_of_the_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Bernie Sanders has toned down his criticism, shifting his focus to defeating Trump and "
        "admitting that his “political revolution” will end."
    )
    q = only(quotes_of(nlp, text), "political revolution")
    assert q.mention is not None and q.mention.text == "Bernie Sanders"
    qs = quotes_of(nlp, "He has a good record when it comes to speaking about discrimination.")
    assert all(q.mention is None or q.mention.text != "it" for q in qs)


def test_abbreviated_military_titles_do_not_split_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“I don’t understand how a better candidate didn’t jump in,” said Air Force 1st Lt. Tyler Livingston."
    )
    q = only(quotes_of(nlp, text), "better candidate")
    assert q.speaker.name == "Tyler Livingston"
    assert q.mention is not None and q.mention.text.endswith("Lt. Tyler Livingston")


def test_mention_starts_at_a_hyphenated_word(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "On Monday, co-host Mika Brzezinski asked how he would handle it."), "handle")
    assert q.mention is not None and q.mention.text == "co-host Mika Brzezinski"


def test_plural_noun_with_a_name_in_it_is_a_group_not_that_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hillary Clinton spoke in Iowa on Monday. Clinton supporters said the race was far from over. "
        "The three constitutional scholars - Mr. Tribe, Ms. Epstein and Mr. Amar - agreed there are "
        "qualified candidates."
    )
    qs = quotes_of(nlp, text)
    race = only(qs, "far from over")
    assert race.speaker.name != "Hillary Clinton" and race.speaker.is_group
    scholars = only(qs, "qualified candidates")
    assert scholars.speaker.is_group and "Tribe" not in (scholars.speaker.name or "").split()[-1:]


def test_people_speaking_together_are_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "Donald Trump and Hillary Clinton both said the economy was the top issue.")
    q = only(qs, "economy")
    assert q.speaker.is_group and q.speaker.name == "Donald Trump and Hillary Clinton"
    q = only(
        quotes_of(nlp, "Bernie Sanders and his wife, Jane, told reporters that they were happy."), "happy"
    )
    assert q.speaker.is_group and q.speaker.name != "Bernie Sanders"
    text = (
        "Steve Bell, senior director of economic policy at the Bipartisan Policy Center, and a "
        "Republican who headed the budget staff, said the deal was fragile."
    )
    q = only(quotes_of(nlp, text), "fragile")  # two descriptions of one man
    assert not q.speaker.is_group and q.speaker.name == "Steve Bell"


def test_speaker_stranded_after_an_opening_phrase(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said that he "
        "spoke with Mr. Sanders on Tuesday."
    )
    q = only(quotes_of(nlp, text), "spoke with")
    assert q.speaker.name == "Harry Reid"
    assert q.mention is not None and q.mention.text.startswith("Senator Harry Reid")


def test_speaker_taken_into_the_clause_before_the_cue_is_cut_out(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Two emails sent to Powell have been placed in secure storage, Patrick F. Kennedy, the "
        "undersecretary for management, wrote in a memo to the inspector general."
    )
    q = only(quotes_of(nlp, text), "secure storage")
    assert q.content.text == "Two emails sent to Powell have been placed in secure storage"
    assert q.speaker.name == "Patrick F. Kennedy"


def test_active_verb_after_a_passive_one_shares_its_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Donald Trump spoke on Monday. By the end of the day, Mr. Trump was forced into a rare moment "
        "of damage control and said that his words had been “misconstrued.”"
    )
    q = only(quotes_of(nlp, text), "misconstrued")
    assert q.speaker.name == "Donald Trump"


def test_sentence_quoted_after_a_colon_is_the_subjects(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Marco Rubio spoke in Miami. Rubio fired back forcefully: “If they sue us in a court in Miami, they’re going to lose.”"
    q = only(quotes_of(nlp, text), "sue us")
    assert q.speaker.name == "Marco Rubio" and q.kind == "direct"
    q = only(quotes_of(nlp, "The situation was dire: “We have no food.”"), "no food")
    assert q.speaker.name is None  # a situation speaks for no one


def test_name_modifying_a_common_noun_is_not_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hillary Clinton spoke in Iowa. The Clinton campaign said the report was false. "
        "A Clinton aide said the race was close."
    )
    qs = quotes_of(nlp, text)
    campaign = only(qs, "report was false")
    assert campaign.speaker.name != "Hillary Clinton" and campaign.speaker.is_group
    assert only(qs, "race was close").speaker.name != "Hillary Clinton"


def test_roles_from_abbreviated_titles_and_states(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sen. Marco Rubio (R-Fla.) campaigned in Iowa with Sen. Ted Cruz (R-Texas). "
        "The Florida senator said he is looking ahead to March."
    )
    assert only(quotes_of(nlp, text), "looking ahead").speaker.name == "Marco Rubio"


def test_the_president_is_not_the_former_one(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "President Barack Obama met former President Bill Clinton on Monday. "
        "The president said his actions are consistent with the Constitution."
    )
    assert only(quotes_of(nlp, text), "consistent").speaker.name == "Barack Obama"


def test_surname_read_as_an_organisation_is_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“Your facts are wrong,” Ramos said. Journalist Jorge Ramos has covered immigration for years."
    q = only(quotes_of(nlp, text), "facts are wrong")
    assert q.speaker.name == "Jorge Ramos" and not q.speaker.is_group


def test_british_multi_paragraph_quote_keeps_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Boris Johnson said the deal was done. 'We have delivered what the country asked for,' he "
        "told the Commons.\n\n'This is a good deal for Britain and I will not apologise for it.\n\n"
        "'Now we must come together.'\n\nCritics disagreed."
    )
    qs = quotes_of(nlp, text)
    assert only(qs, "good deal for Britain").speaker.name == "Boris Johnson"
    assert only(qs, "come together").speaker.name == "Boris Johnson"


def test_second_naming_verb_coordinated_inside_the_first_complement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'Barack Obama spoke. He called it "shameful" and called on leaders "not to feed that dark impulse."'
    )
    qs = quotes_of(nlp, text)
    shameful = only(qs, "shameful")
    assert "leaders" not in shameful.content.text
    leaders = only(qs, "dark impulse")
    assert leaders.speaker.name == "Barack Obama"


def test_report_going_on_in_quotation_marks_after_but(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Ash Carter said the talks went well, but "there is still much to do."'
    q = only(quotes_of(nlp, text), "much to do")
    assert q.kind == "mixed" and q.content.text.startswith("the talks went well")
    assert q.speaker.name == "Ash Carter"


def test_quotation_right_after_a_stated_object_goes_with_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Bernie Sanders used this question to demand wealthy Americans "pay their fair share into the system."'
    q = only(quotes_of(nlp, text), "fair share")
    assert q.content.text.startswith("wealthy Americans") and q.speaker.name == "Bernie Sanders"


def test_classic_frame_with_a_party_bracket_and_a_nested_closing_mark(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“She said that ‘I know the difference, and I want the House,’” Rep. Jim McDermott (D-Wash.) said."
    q = only(quotes_of(nlp, text), "I know the difference")
    assert q.speaker.name == "Jim McDermott" and q.cue is not None and q.cue.text == "said"


def test_reported_clause_cut_at_an_opening_mark_takes_the_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Now Bloomberg says he's so distressed by the tone of the presidential campaign -- "
        '"an outrage and an insult to voters" -- that he\'s considering a run.'
    )
    q = only(quotes_of(nlp, text), "so distressed")
    assert "an outrage and an insult" in q.content.text
    assert q.cue is not None and q.cue.text == "says"  # the speaker between is not in the cue


def test_discourse_idioms_with_say_report_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "That said, a loss to Mr. Sanders in this state would provide a sour end to her campaign.",
        "Having said that, the senator would not rule out a run.",
        "Needless to say, the campaign was not pleased with the result.",
    ):
        assert quotes_of(nlp, text) == [], text


def test_name_set_off_by_a_comma_in_quotation_marks_is_no_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Amy Schumer spoke after three people were shot at a screening of her blockbuster film, "
        "“Trainwreck.”\n\nShe said she was heartbroken."
    )
    assert not any("Trainwreck" in q.content.text for q in quotes_of(nlp, text))


def test_shoot_frames_a_quotation_only_when_shot_back(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "“Jeb wants to be a tough guy tonight,” Trump shot back."), "tough guy")
    assert q.cue is not None and q.cue.text == "shot back"
    text = "Three people were shot at a screening of the film “The Long Night of the Soul” on Friday."
    assert all(q.cue is None or "shot" not in q.cue.text for q in quotes_of(nlp, text))


def test_colon_introduction_wins_over_a_subjectless_participle_after(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marco Rubio answered Trump. Rubio fired back forcefully: “If they sue us in a court in Miami, "
        "they’re going to lose,” referencing the large number of Cuban immigrants."
    )
    assert only(quotes_of(nlp, text), "sue us").speaker.name == "Marco Rubio"


def test_teams_and_offices_speak_as_groups(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Trey Gowdy met reporters. Gowdy’s office said the hearing would go ahead."
    q = only(quotes_of(nlp, text), "hearing")
    assert q.speaker.is_group and q.speaker.name != "Trey Gowdy"


def test_a_writing_speaks_for_its_named_owner(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(
        quotes_of(nlp, "Donald Trump posted late. Donald Trump's tweet said the election was rigged."),
        "rigged",
    )
    assert q.speaker.name == "Donald Trump" and q.speaker.via == "writing"
    q = only(quotes_of(nlp, "A statement from the campaign said the report was false."), "report was false")
    assert q.speaker.name is None  # a statement of no one named: a source, no speaker


def test_what_someone_wants_others_to_know_is_not_their_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    qs = quotes_of(nlp, "But now Hillary Clinton wants voters to know that she is with them.")
    assert all(q.mention is None or q.mention.text != "voters" for q in qs)


def test_surname_past_a_suffix_and_father_and_son_kept_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Adm. Harry B. Harris Jr. spoke in Singapore. “We will fly wherever the law allows,” Harris said. "
        "The admiral said the islands were bases."
    )
    qs = quotes_of(nlp, text)
    assert only(qs, "fly wherever").speaker.name == "Harry B. Harris Jr."
    assert only(qs, "islands were bases").speaker.name == "Harry B. Harris Jr."
    text = "Donald J. Trump spoke first. Donald Trump Jr. added that he was proud."
    assert only(quotes_of(nlp, text), "proud").speaker.name == "Donald Trump Jr."


def test_quotation_after_a_colon_is_what_the_frame_after_it_reports(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Trump married Marla Maples in 1993. At the time, Trump seemed to suggest he had silenced "
        'his former wife: "She signed a confidentiality agreement," he told the New York Times.'
    )
    qs = quotes_of(nlp, text)
    q = only(qs, "confidentiality agreement")
    assert q.content.text == "She signed a confidentiality agreement"
    assert q.cue is not None and q.cue.text == "told" and q.speaker.name == "Trump"
    assert not any(q.content.text.startswith("At the time") for q in qs)
    text = (
        'Trump was blunt about his former wife: "She signed a confidentiality agreement," he told the Times.'
    )
    q = only(quotes_of(nlp, text), "confidentiality agreement")
    assert q.content.text == "She signed a confidentiality agreement" and q.kind == "direct"


def test_frame_parsed_as_a_noun_phrase_after_the_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"Is he going to finally say the words? If he does not he should resign in disgrace!" the '
        "presumptive GOP presidential nominee, Donald Trump, tweeted Sunday after the attack."
    )
    q = only(quotes_of(nlp, text), "resign in disgrace")
    assert q.cue is not None and q.cue.text.startswith("tweeted")
    assert q.mention is not None and q.mention.text.endswith("Donald Trump")
    assert q.speaker.name == "Donald Trump"


def test_quotation_mark_glued_to_the_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "Ryan said,“Look, those images have no place in a campaign.”"), "no place")
    assert q.cue is not None and q.cue.text == "said" and q.speaker.name == "Ryan"


def test_frame_with_an_age_and_an_addressee_after_the_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“That’s a legitimate concern, because they’re very passionate and very principled,” "
        "Sarandon, 69, told MSNBC Monday when asked about it."
    )
    q = only(quotes_of(nlp, text), "legitimate concern")
    assert q.cue is not None and q.cue.text == "told"
    assert q.mention is not None and q.mention.text == "Sarandon, 69"  # not the quotation before it
    assert q.speaker.name == "Sarandon"


def test_message_reading_a_quotation_speaks_for_its_sender(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Trump posted a message on Twitter reading “Thank you Georgia” moments after polls closed."
    assert only(quotes_of(nlp, text), "Thank you Georgia").speaker.name == "Trump"


def test_stated_object_keeps_what_it_was_about_but_not_when_or_where(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Cameron criticised Trump in the British parliament over his call for the ban on Muslims."
    q = only(quotes_of(nlp, text), "Trump")
    assert q.content.text == "Trump in the British parliament over his call for the ban on Muslims"
    q = only(
        quotes_of(nlp, "Sanders criticized Clinton over her ties to Wall Street during the debate."), "ties"
    )
    assert q.content.text == "Clinton over her ties to Wall Street"


def test_clause_subject_misread_as_the_verbs_object(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Clinton promised her entire infrastructure program would be paid for through business tax reform."
    q = only(quotes_of(nlp, text), "tax reform")
    assert q.content.text == "her entire infrastructure program would be paid for through business tax reform"
    q = only(quotes_of(nlp, "Trump told reporters he would win."), "would win")
    assert q.content.text == "he would win"  # whom he told is no part of it


def test_clause_of_time_or_the_speakers_relative_clause_is_not_the_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“His legend will live on,” Spencer said, as a few young fighters worked out inside the gym."
    qs = quotes_of(nlp, text)
    q = only(qs, "legend")
    assert q.cue is not None and q.cue.text == "said" and q.speaker.name == "Spencer"
    assert not any(q.content.text.startswith("as a few") for q in qs)
    text = (
        "''She needs one or two big ideas,'' said Robert Reich, who served as labor secretary "
        "yet endorsed Bernie Sanders in the primary."
    )
    q = only(quotes_of(nlp, text), "big ideas")
    assert q.cue is not None and q.cue.text == "said" and q.speaker.name == "Robert Reich"


def test_frame_with_a_long_apposition_or_a_quotation_misread_as_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"I am calling from the Hillary Clinton campaign. How are you today?" Miller, a retired '
        "worker from a nuclear plant, said pleasantly into the phone."
    )
    q = only(quotes_of(nlp, text), "calling from")
    assert q.cue is not None and q.cue.text.startswith("said") and q.speaker.name == "Miller"
    text = "“My dear Michael Cohen,” the conference speaker says into the camera with a crowd behind him."
    q = only(quotes_of(nlp, text), "My dear")
    assert q.cue is not None and q.cue.text == "says"
    assert q.mention is not None and q.mention.text == "the conference speaker"


def test_quotation_after_a_short_sentence_of_someone_speaking(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Iowa State University's Dianne Bystrom agreed. \"Mainstream Republicans are running out of "
        'time to find an alternative to Trump or Cruz."'
    )
    q = only(quotes_of(nlp, text), "running out of time")
    assert q.cue is not None and q.cue.text == "agreed" and q.speaker.name == "Dianne Bystrom"
    q = only(quotes_of(nlp, 'The room went quiet. "We are done here."'), "done here")
    assert q.speaker.name is None  # a sentence of no one speaking introduces nothing


def test_quotation_after_a_paragraph_announcing_a_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "When Wallace died in 1998, President Bill Clinton released the following statement:\n\n"
        "“Hillary and I offer our condolences to the family and friends of George Wallace.”"
    )
    q = only(quotes_of(nlp, text), "condolences")
    assert q.speaker.name == "Bill Clinton" and q.cue is not None


def test_surname_the_tagger_reads_as_a_verb_is_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Donald Trump and Jeb Bush clashed at the debate. Bush interjected.\n\n"
        '"Jeb wants to be a tough guy tonight," Trump shot back.'
    )
    assert only(quotes_of(nlp, text), "tough guy").speaker.name == "Donald Trump"


def test_first_name_tells_whom_she_or_he_can_be(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hillary Clinton attacked the plan on Monday. Donald Trump answered at a rally in Ohio. "
        "She said the plan would fail."
    )
    assert only(quotes_of(nlp, text), "would fail").speaker.name == "Hillary Clinton"
    text = "Angela Merkel met Emmanuel Macron in Paris. He said Europe would stand together."
    assert only(quotes_of(nlp, text), "stand together").speaker.name == "Emmanuel Macron"


def test_speaker_the_recogniser_reads_as_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Carly Fiorina spoke in Iowa on Monday. "We will win," Fiorina said.'
    q = only(quotes_of(nlp, text), "We will win")
    assert q.speaker.name == "Carly Fiorina" and not q.speaker.is_group


def test_report_inside_a_dashed_aside_ends_at_the_closing_dash(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'GOP front-runner Donald Trump - who previously said he would "bomb the [expletive] out of" '
        "oil fields seized by the Islamic State - said at a Saturday rally that the borders should close."
    )
    q = only(quotes_of(nlp, text), "bomb")
    assert q.content.text.endswith("seized by the Islamic State")


def test_quoted_sentence_after_whom_it_was_told_to(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Former UN Ambassador John Bolton told SiriusXM host Matt Boyle, “Hillary’s campaign slogan "
        "might as well be Vote for Hillary Clinton – Not Indicted, Yet.”"
    )
    q = only(quotes_of(nlp, text), "slogan")
    assert q.content.text.startswith("Hillary’s campaign slogan") and q.speaker.name == "John Bolton"


def test_name_after_an_honorific_the_recogniser_missed(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mr Farage told reporters on Monday that Britain would leave. He said it was over."
    qs = quotes_of(nlp, text)
    assert only(qs, "Britain would leave").speaker.name == "Farage"
    assert only(qs, "was over").speaker.name == "Farage"


def test_the_one_quoted_as_saying_speaks_not_the_agency(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russian President Vladimir Putin met reporters. TASS quoted Putin as saying that Russia would not back down."
    q = only(quotes_of(nlp, text), "back down")
    assert q.content.text == "that Russia would not back down" and q.speaker.name == "Vladimir Putin"
    text = "Kremlin spokesman Dmitry Peskov was quoted by Interfax as saying the talks had stalled."
    assert only(quotes_of(nlp, text), "stalled").speaker.name == "Dmitry Peskov"
    text = "The report cited a 2013 memo by the inspector general as pointing toward China."
    assert only(quotes_of(nlp, text), "pointing toward").mention is not None  # cited, not quoted


def test_gerund_subject_of_a_reported_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Obama rebuked critics, saying calling the Islamic State by another name will do nothing to defeat it."
    qs = quotes_of(nlp, text)
    q = only(qs, "do nothing")
    assert q.content.text == "calling the Islamic State by another name will do nothing to defeat it"
    assert not any(q.cue is not None and q.cue.text == "calling" for q in qs)


def test_lead_in_that_frames_the_quotation_is_not_part_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Vice President Joe Biden weighed in as well, telling Mic in an interview published on Monday, "
        "“But gosh almighty, they’re both qualified,” he said."
    )
    q = only(quotes_of(nlp, text), "qualified")
    assert q.content.text == "But gosh almighty, they’re both qualified" and q.speaker.name == "Joe Biden"


def test_mention_leaves_out_when_and_where_it_was_said(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jeb Bush in a Medium post said he would put more conservative judges on the federal bench."
    q = only(quotes_of(nlp, text), "judges")
    assert q.mention is not None and q.mention.text == "Jeb Bush"


def test_frame_whose_verb_the_parser_gave_a_second_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "''Anyone claiming that America's economy is in decline is peddling fiction,'' Mr. Obama told the "
        "lawmakers in the House chamber and millions watching at home who could easily guess the ''anyone'' he meant."
    )
    qs = quotes_of(nlp, text)
    q = only(qs, "peddling fiction")
    assert q.cue is not None and q.cue.text == "told" and q.speaker.name == "Obama"
    text = 'Trump spoke late. "He did not report the loans," Trump said as some wearing Cruz shirts booed.'
    qs = quotes_of(nlp, text)
    assert only(qs, "report the loans").cue is not None
    assert not any("booed" in q.content.text for q in qs)


def test_frame_after_a_very_long_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“Very good reporter, very good reporter this guy,” Trump, the 2016 GOP presidential frontrunner "
        "nationally and current polling leader in South Carolina by a wide margin, said as he pointed to Boyle."
    )
    q = only(quotes_of(nlp, text), "Very good reporter")
    assert q.cue is not None and q.cue.text == "said" and q.speaker.name == "Trump"


def test_i_in_a_transcript_line_is_the_labelled_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Gov. Mary Fallin spoke to CNN.\n\nFALLIN: I think he is trying to campaign as a racial healer."
    said_by_i = [q for q in quotes_of(nlp, text) if q.mention is not None and q.mention.text == "I"]
    assert said_by_i and all(q.speaker.name == "Mary Fallin" for q in said_by_i)
    qs = quotes_of(nlp, "Gov. Mary Fallin spoke to CNN. I think the plan is bad.")
    assert all(q.speaker.name is None for q in qs)  # "I" in the reporter's prose is the reporter


def test_inverted_frames_the_parse_garbles(nlp) -> None:  # type: ignore[no-untyped-def]
    q = only(quotes_of(nlp, "“Is Obama profiling?” reacted Trump."), "profiling")
    assert q.cue is not None and q.cue.text == "reacted" and q.speaker.name == "Trump"
    text = (
        '"One guy came in and said maybe we should start killing them," said the woman, who like many '
        "in the town did not want to be quoted by name."
    )
    qs = quotes_of(nlp, text)
    q = only(qs, "One guy came in")
    assert q.cue is not None and q.mention is not None and q.mention.text.startswith("the woman")
    assert not any(q.content.text.startswith("the woman") for q in qs)


def test_name_after_the_closing_mark_when_the_parse_ties_the_frame_into_the_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Jorge Ramos spoke in Mexico City. “We were tremendously wrong to not have confronted him from the "
        "beginning,” Ramos, 58, told AFP in an interview on Monday."
    )
    q = only(quotes_of(nlp, text), "tremendously wrong")
    assert q.speaker.name == "Jorge Ramos" and q.mention is not None and q.mention.text.startswith("Ramos")
    text = (
        "''That was a good speech you gave last night, Mr. President,'' Representative Steve Cohen, "
        "Democrat of Tennessee, told Mr. Obama as he stopped."
    )
    assert only(quotes_of(nlp, text), "good speech").speaker.name == "Steve Cohen"  # not the vocative
    text = (
        "“It is not the position that everything is hunky-dory,” Gene Sperling, a top outside Clinton "
        "adviser, said in an interview."
    )
    q = only(quotes_of(nlp, text), "hunky-dory")  # the parse read "the position" as the subject
    assert q.speaker.name == "Gene Sperling" and q.mention is not None and "adviser" in q.mention.text


def test_the_statement_speaks_for_whoever_was_said_to_issue_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Ted Cruz issued a statement on Sunday. The statement said the parade was unsafe."
    q = only(quotes_of(nlp, text), "parade was unsafe")
    assert q.speaker.name == "Ted Cruz" and q.speaker.via == "writing"
    q = only(quotes_of(nlp, "The statement said the parade was unsafe."), "parade was unsafe")
    assert q.speaker.name is None


def test_a_bare_title_means_who_holds_it_outright_and_now(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "President Barack Obama spoke on Tuesday. Dan Gross, president of the Brady Campaign, live tweeted "
        "as Obama spoke. The president said his actions are consistent with the Constitution."
    )
    assert only(quotes_of(nlp, text), "consistent with").speaker.name == "Barack Obama"
    text = (
        "Christine Todd Whitman, the former New Jersey governor, backed Clinton. Chris Christie, the "
        "governor of New Jersey, backed Trump. The governor said Trump would win."
    )
    assert only(quotes_of(nlp, text), "would win").speaker.name == "Chris Christie"


def test_a_verb_on_the_next_line_frames_no_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The remarks drew a damning reaction from U.S. President Barack Obama.\n"
        "“Why are you still endorsing him?” Obama asked Republican politicians.\xa0“What does this say "
        "about your party that this is your standard-bearer?”\n"
        "Several Republican leaders, including Sens. John McCain (Ariz.) and Kelly Ayotte (N.H.), have "
        "since denounced Trump’s remarks as “hurtful and humiliating.”"
    )
    qs = quotes_of(nlp, text)
    q = only(qs, "standard-bearer")
    assert q.speaker.name == "Barack Obama"
    assert not any("standard-bearer" in q.content.text and q.speaker.name == "John McCain" for q in qs)


def test_two_apostrophes_closing_a_sentence_before_a_new_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    """Papers that quote with two apostrophes: after ''This Week.'' the next quotation is a new
    sentence of the same speaker, joined to the framed quote as with curly marks."""
    text = (
        "''Obama doesn't get along with Putin,'' he said on ABC's ''This Week.'' "
        "''Putin can't stand our president and it's causing us difficulty.''"
    )
    qs = quotes_of(nlp, text)
    q = only(qs, "get along with Putin")
    assert "causing us difficulty" in q.content.text
    assert len(q.parts) == 2 and q.parts[1].text.startswith("Putin can't stand")
    text = "He starred in ''The Exorcist,'' ''Training Day,'' ''Taken'' and more."
    assert not [q for q in quotes_of(nlp, text) if q.kind == "direct"]  # titles stay titles


def test_a_noun_read_as_a_second_clause_leaves_the_quoted_question_reported(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Smith asked the Cleveland crowd \"If Hillary Clinton can't give us the truth, why should we "
        'give her the presidency?"'
    )
    q = only(quotes_of(nlp, text), "why should we give her")
    assert q.kind == "direct" and q.cue is not None and q.cue.text == "asked"
    assert q.speaker.name == "Smith"


def test_a_name_the_recogniser_runs_on_into_a_headline_is_cut_at_the_headline_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Obama To Asians Worried About Trump: Relax\n\nObama said the alliance was strong."
    q = only(quotes_of(nlp, text), "the alliance was strong")
    assert q.speaker.name == "Obama"  # not "Obama To Asians Worried"
    text = "Dennis Prager Tells Students To Vote\n\nPrager said the election mattered."
    assert only(quotes_of(nlp, text), "the election mattered").speaker.name == "Dennis Prager"
    # surnames that are also such words stay whole
    doc = nlp("The columnist George Will said the race was over. Al From agreed.")
    assert "George Will" in [e.text for e in doc.ents if e.label_ == "PERSON"]


def test_a_surname_the_recogniser_reads_as_an_organisation_noun_is_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Donald Trump spoke in Iowa on Monday. Trump said the meeting never happened."
    q = only(quotes_of(nlp, text), "the meeting never happened")
    assert q.speaker.name == "Donald Trump" and q.mention is not None and q.mention.text == "Trump"


def test_attributions_scope_without_the_taggers_warns_once_each_and_keeps_the_rest(nlp, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from quotetrail.errors import ModelError
    from quotetrail.quotes import attribute_doc, learned, transformer

    def no_transformer(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ModelError("the transformer tagger needs onnxruntime and tokenizers")

    def no_tagger(path=None):  # type: ignore[no-untyped-def]
        raise ModelError("no trained attribution tagger at /nowhere")

    monkeypatch.setattr(transformer, "TransformerTagger", no_transformer)
    monkeypatch.setattr(learned, "load_tagger", no_tagger)
    transformer.shared_transformer.cache_clear()
    learned.shared_tagger.cache_clear()
    try:
        text = "“We are watching closely,” said Kenji Sato. Mary Smith refused to back the new budget."
        for _ in range(2):
            qs = attribute_doc(nlp(text), scope="attributions")
            assert {q.content.text for q in qs} >= {"We are watching closely", "to back the new budget"}
        messages = [r.getMessage() for r in caplog.records]
        assert sum("without the transformer tagger" in m and "onnxruntime" in m for m in messages) == 1
        assert sum("without the trained tagger" in m for m in messages) == 1
    finally:
        transformer.shared_transformer.cache_clear()
        learned.shared_tagger.cache_clear()


@pytest.mark.skipif(not (TAGGER_DIR / "config.cfg").is_file(), reason="no trained spaCy tagger")
def test_attributions_scope_falls_back_on_the_spacy_tagger_without_onnxruntime(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from quotetrail.errors import ModelError
    from quotetrail.quotes import attribute_doc, learned, transformer

    def no_transformer(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ModelError("the transformer tagger needs onnxruntime and tokenizers")

    monkeypatch.setattr(transformer, "TransformerTagger", no_transformer)
    transformer.shared_transformer.cache_clear()
    try:
        text = (
            "Across Asia, policymakers have been startled by Trump’s “isolationist” foreign policy "
            "pronouncements.\n\n“We are watching closely,” said Kenji Sato, a Japanese diplomat."
        )
        stances = [q for q in attribute_doc(nlp(text), scope="attributions") if q.stance]
        assert [q.content.text for q in stances] == ["Trump’s “isolationist” foreign policy pronouncements"]
    finally:
        transformer.shared_transformer.cache_clear()
        learned.shared_tagger.cache_clear()
