"""Metadata found in page text: timestamps, agency credits, datelines, bylines."""

from __future__ import annotations

from datetime import datetime

import pytest

from quotetrail.metadata import dateline_country, find_agency, find_authors, find_dateline, parse_timestamps


def offset_of(value: str | None) -> str | None:
    assert value is not None
    dt = datetime.fromisoformat(value)
    return None if dt.tzinfo is None else str(dt.utcoffset())


# -- timestamps -------------------------------------------------------------------------------


def test_mashed_iso_stamps_with_short_offsets() -> None:
    pub, upd = parse_timestamps("IST2025-12-04T23:05:03+5:302025-12-04T23:10:05+5:30")
    assert pub == "2025-12-04T23:05:03+05:30"
    assert upd == "2025-12-04T23:10:05+05:30"


def test_machine_stamps_win_over_the_human_readable_updated_label() -> None:
    line = "By ANI | Updated: December 4, 2025 23:10 IST2025-12-04T23:05:03+5:302025-12-04T23:10:05+5:30"
    assert parse_timestamps(line) == ("2025-12-04T23:05:03+05:30", "2025-12-04T23:10:05+05:30")


def test_stamp_without_zone_has_no_offset() -> None:
    pub, upd = parse_timestamps("2 Sep, 2025 10:06")
    assert pub == "2025-09-02T10:06"
    assert upd is None


@pytest.mark.parametrize(
    ("country", "date", "expected"),
    [
        ("IN", "December 4, 2025", "5:30:00"),
        ("IE", "December 4, 2025", "0:00:00"),  # Ireland in winter: GMT
        ("IE", "July 4, 2025", "1:00:00"),  # Irish Standard Time in summer
        ("IL", "December 4, 2025", "2:00:00"),
        ("IL", "July 4, 2025", "3:00:00"),
    ],
)
def test_ist_is_resolved_from_the_country(country: str, date: str, expected: str) -> None:
    _, upd = parse_timestamps(f"Updated: {date} 23:10 IST", country=country)
    assert upd is not None and upd.startswith(datetime.strptime(date, "%B %d, %Y").date().isoformat())
    assert offset_of(upd) == expected


def test_ambiguous_zone_without_country_is_left_naive_not_guessed() -> None:
    _, upd = parse_timestamps("Updated: December 4, 2025 23:10 IST")
    assert upd == "2025-12-04T23:10"


def test_explicit_offsets_are_kept() -> None:
    pub, _ = parse_timestamps("Published Tuesday, Sep 2, 2025 10:06 am EDT")
    assert pub == "2025-09-02T10:06-04:00"
    pub, _ = parse_timestamps("Sep 2, 2025 10:06 AM GMT+5:30")
    assert offset_of(pub) == "5:30:00"


def test_bare_weekday_and_ambiguous_numeric_dates_give_nothing() -> None:
    assert parse_timestamps("Tuesday") == (None, None)
    assert parse_timestamps("04/12/2025") == (None, None)
    assert parse_timestamps("04/12/2025", country="US") == ("2025-04-12", None)
    assert parse_timestamps("04/12/2025", country="GB") == ("2025-12-04", None)


def test_labels_decide_published_and_updated() -> None:
    pub, upd = parse_timestamps("Updated 5 March 2024 | Published 1 March 2024 09:00 GMT")
    assert pub == "2024-03-01T09:00+00:00"
    assert upd == "2024-03-05"


def test_no_digits_no_stamps() -> None:
    assert parse_timestamps("Russian President Vladimir Putin said on Tuesday") == (None, None)


# -- agency -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["By ANI | Updated: December 4, 2025 23:10 IST"], "ANI"),
        (["WASHINGTON (AP) — The Senate voted on Tuesday."], "AP"),
        (["MOSCOW, Dec 4 (Reuters) - Russia said on Thursday."], "Reuters"),
        (["By Jane Doe, Reuters"], "Reuters"),
        (["Headline", "The minister resigned.", "(With inputs from PTI)"], "PTI"),
        (["AFP"], "AFP"),
        (["By Associated Press"], "AP"),
    ],
)
def test_agency_credits(lines: list[str], agency: str) -> None:
    assert find_agency(lines) == agency


@pytest.mark.parametrize(
    "text",
    [
        "Putin told Reuters that the talks would continue.",
        "By Reuters' count, 40 people were hurt.",
        "The report, first published by Bloomberg, said the bank would cut jobs.",
        "By Jane Doe and John Roe",
    ],
)
def test_mentions_are_not_credits(text: str) -> None:
    assert find_agency(text) is None


# -- dateline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "dateline", "country"),
    [
        (
            "New Delhi [India], December 4 : Russian President Vladimir Putin",
            "New Delhi [India], December 4",
            "IN",
        ),
        ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "US"),
        ("MOSCOW, Dec 4 (Reuters) - Russia said", "MOSCOW, Dec 4", "RU"),
        ("KYIV, Ukraine (AP) — Drones struck", "KYIV, Ukraine", "UA"),
        ("DUBLIN — The Taoiseach said", "DUBLIN", "IE"),
    ],
)
def test_datelines(body: str, dateline: str, country: str) -> None:
    found = find_dateline(body)
    assert found == dateline
    assert dateline_country(found) == country


@pytest.mark.parametrize(
    "body",
    ["Key takeaways: protein is here to stay.", "Global powers can reach a consensus.", "Putin said: no."],
)
def test_sentence_openings_are_not_datelines(body: str) -> None:
    assert find_dateline(body) is None


def test_unknown_place_has_no_country() -> None:
    assert dateline_country("SPRINGFIELD") is None
    assert dateline_country(None) is None


# -- authors ----------------------------------------------------------------------------------


def test_authors_from_bylines() -> None:
    assert find_authors(["Headline", "By Jane Doe and John Roe"]) == ["Jane Doe", "John Roe"]
    assert find_authors(["By Jane Doe, John Roe and Ann Lee | Updated: Dec 4, 2025"]) == [
        "Jane Doe",
        "John Roe",
        "Ann Lee",
    ]
    assert find_authors(["By Jane Doe, Reuters"]) == ["Jane Doe"]


def test_agencies_and_desks_are_not_authors() -> None:
    assert find_authors(["By ANI | Updated: December 4, 2025"]) == []
    assert find_authors(["By Staff Reporter"]) == []
    assert find_authors(["Nobody wrote a byline here."]) == []
