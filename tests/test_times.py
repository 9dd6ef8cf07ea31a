"""Time expressions resolved against publication time, and when a quote was said."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from quotetrail import nlp as qnlp
from quotetrail.times import parse_published, resolve_expression, resolve_times, said_on
from quotetrail.types import Quote, Span, TimeExpression

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLE = Path(__file__).resolve().parent / "data" / "times_sample.json"
needs_seeds = pytest.mark.skipif(
    not (SEEDS / "gold.json").is_file(), reason=f"seed corpus not found at {SEEDS}"
)

# Sample sentences we know we get wrong (none at the moment; add with the reason).
KNOWN_WRONG: set[str] = set()


@pytest.fixture(scope="module")
def nlp() -> Any:
    return qnlp.load(with_quotes=False)


def seed_bodies() -> dict[str, tuple[str, str]]:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    out = {}
    for name, g in gold["documents"].items():
        raw = (SEEDS / name).read_text(encoding="utf-8")
        start = raw.rindex(g["body_starts_with"])
        end = raw.index(g["body_ends_with"], start) + len(g["body_ends_with"])
        out[name] = (raw[start:end], g["published"])
    return out


def find(times: list[TimeExpression], text: str) -> TimeExpression:
    hits = [t for t in times if text.lower() in t.text.lower() or t.text.lower() in text.lower()]
    assert hits, f"{text!r} not found among {[t.text for t in times]}"
    return hits[0]


def quote_at(text: str, content: str, cue: str) -> Quote:
    c = text.index(content)
    q = text.rfind(cue, 0, c)  # the cue nearest before the content, else the first after it
    q = q if q >= 0 else text.index(cue, c)
    return Quote("indirect", Span.of(text, c, c + len(content)), Span.of(text, q, q + len(cue)))


@needs_seeds
@pytest.mark.parametrize("as_doc", [True, False])
def test_seed_time_expressions(nlp: Any, as_doc: bool) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    bodies = seed_bodies()
    for t in gold["time_expressions"]:
        body, published = bodies[t["document"]]
        times = resolve_times(nlp(body) if as_doc else body, published)
        assert find(times, t["text"]).value == t["resolves_to"]
        for x in times:
            assert body[x.start : x.end] == x.text


def sample_items() -> list[Any]:
    items = json.loads(SAMPLE.read_text(encoding="utf-8"))["items"]
    return [
        pytest.param(it, marks=pytest.mark.xfail(strict=True, reason="future weekday read as past"))
        if it["text"] in KNOWN_WRONG
        else it
        for it in items
    ]


@pytest.mark.parametrize(
    "item", sample_items(), ids=lambda it: it["expression"] if isinstance(it, dict) else ""
)
def test_written_sample(nlp: Any, item: dict[str, Any]) -> None:
    found = find(resolve_times(nlp(item["text"]), item["published"]), item["expression"])
    assert found.value == item["value"]


def test_granularity_is_kept() -> None:
    pub = "2025-09-02T10:06"
    assert resolve_expression("last month", pub)[:2] == ("2025-08", "month")
    assert resolve_expression("back in 2022", pub)[:2] == ("2022", "year")
    assert resolve_expression("in the '90s", pub)[:2] == ("199X", "decade")
    assert resolve_expression("on Tuesday", pub)[:2] == ("2025-09-02", "day")
    assert resolve_expression("last week", pub)[1] == "week"


def test_no_publication_time_leaves_relative_expressions_open() -> None:
    value, _, reason = resolve_expression("on Tuesday", None)
    assert value is None and reason and "publication" in reason
    assert resolve_expression("August 15, 2024", None)[0] == "2024-08-15"
    times = resolve_times("The vote was held last month. The war began in 2022.", None)
    assert [t.value for t in times] == [None, "2022"]
    assert times[0].reason


def test_impossible_and_future_dates_do_not_crash() -> None:
    pub = "2025-09-02T10:00"
    assert resolve_expression("February 30", pub)[0] is None
    value, granularity, reason = resolve_expression("2099", pub)
    assert value == "2099" and reason == "after publication"
    assert len(resolve_expression("in the year 30000", pub)) == 3  # must merely not raise
    odd = resolve_times("On February 30, 2025 and 31/31/2031 nothing happened.", pub)
    assert [t.value for t in odd if "February" in t.text] == [None]


def test_durations_are_not_points_in_time() -> None:
    assert resolve_expression("four years", "2025-09-02")[0] is None


def test_published_offsets_and_zone_abbreviations() -> None:
    short = parse_published("2025-12-04T23:05:03+5:30")
    assert short is not None and short.utcoffset() == timedelta(hours=5, minutes=30)
    ist = parse_published("December 4, 2025 23:10 IST")
    assert ist is not None and ist.utcoffset() == timedelta(hours=5, minutes=30)
    assert parse_published("not a date at all") is None
    assert parse_published(None) is None


def test_names_are_not_dates(nlp: Any) -> None:
    text = "Putin said in an interview with India Today that talks may resume."
    assert [t.text for t in resolve_times(nlp(text), "2025-12-04")] == []
    assert [t.text for t in resolve_times(text, "2025-12-04")] == []


def test_lowercase_month_words_are_not_months() -> None:
    times = resolve_times("Protesters may march to the square. They will march in May.", "2025-09-02")
    assert [t.text for t in times] == ["in May"]
    assert times[0].value == "2025-05"


# --- said_on --------------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("as_doc", [True, False])
def test_said_on_seeds(nlp: Any, as_doc: bool) -> None:
    bodies = seed_bodies()
    body, pub = bodies["003_cb5b22bf348b4369.txt"]
    doc = nlp(body)
    times = resolve_times(doc, pub)
    q = quote_at(body, "Moscow won't compromise on its security interests", "reiterated")
    assert said_on(q, body, times, doc if as_doc else None) == "2025-12-04"

    body, pub = bodies["000_86b35afae34c6745.txt"]
    doc = nlp(body)
    times = resolve_times(doc, pub)
    q = quote_at(body, "Trump’s willingness to hear Russian concerns", "contrasted")
    assert said_on(q, body, times, doc if as_doc else None) == "2025-09-02"
    # "last month" dates the meeting inside the reported words, not the speaking
    q = quote_at(body, "the issue was discussed during his meeting", "noted")
    assert said_on(q, body, times, doc if as_doc else None) is None


@pytest.mark.parametrize("as_doc", [True, False])
def test_said_on_ignores_dates_of_other_events(nlp: Any, as_doc: bool) -> None:
    text = "Trump hosted Putin at a base in Anchorage on August 15, and Putin later said the talks went well."
    doc = nlp(text)
    times = resolve_times(doc, "2025-09-02T10:00")
    q = quote_at(text, "the talks went well", "said")
    assert said_on(q, text, times, doc if as_doc else None) is None
    text2 = "Putin said on Monday that the talks went well."
    doc2 = nlp(text2)
    times2 = resolve_times(doc2, "2025-09-02T10:00")
    q2 = quote_at(text2, "the talks went well", "said")
    assert said_on(q2, text2, times2, doc2 if as_doc else None) == "2025-09-01"


def test_said_on_needs_a_cue() -> None:
    text = "\u201cWe will win,\u201d on Tuesday."
    times = resolve_times(text, "2025-09-02")
    q = Quote("direct", Span.of(text, 1, 12))
    assert said_on(q, text, times) is None


def test_verbless_sentences(nlp: Any) -> None:
    """A sentence whose root is a noun (a headline, a caption) resolves like any other."""
    text = "Talks in Geneva on Tuesday. Putin, on Thursday."
    doc = nlp(text)
    times = resolve_times(doc, "2025-12-04T10:00")
    assert [t.value for t in times] == ["2025-12-02", "2025-12-04"]
    q = quote_at(text, "Talks in Geneva", "Putin")
    assert said_on(q, text, times, doc) in (None, "2025-12-04")  # never the other sentence's date


@pytest.mark.parametrize(
    ("text", "content", "cue", "want"),
    [
        (
            "Speaking to reporters on Tuesday, Putin said the talks were useful. "
            "He added that more meetings would follow.",
            "more meetings would follow",
            "added",
            "2025-09-02",
        ),
        (
            "Putin met Fico in Beijing on Monday. He said the talks were useful.",
            "the talks were useful",
            "said",
            None,
        ),
        (
            "Speaking to reporters on Tuesday, Putin said the talks were useful. Fico said they were not.",
            "they were not",
            "said",
            None,
        ),
        (
            "Speaking to reporters on Tuesday, Putin said the talks were useful.\n\n"
            "He added that more meetings would follow.",
            "more meetings would follow",
            "added",
            None,
        ),
    ],
    ids=["same-speaker", "other-event", "other-speaker", "other-paragraph"],
)
def test_said_on_from_earlier_in_the_paragraph(
    nlp: Any, text: str, content: str, cue: str, want: str | None
) -> None:
    doc = nlp(text)
    times = resolve_times(doc, "2025-09-02T18:00")
    assert said_on(quote_at(text, content, cue), text, times, doc) == want
