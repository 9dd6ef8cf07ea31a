"""Publication dates of HTML pages: markup stamps checked against the date printed by the headline."""

from __future__ import annotations

import json

import pytest

from quotetrail.extract import ShownDates, choose_published, extract_article
from quotetrail.settings import Options
from quotetrail.types import RawInput

PROSE = [
    "The city council voted on the new budget after a long debate that ran late into the evening, "
    "with members from both sides of the chamber speaking at length about schools and roads.",
    "Supporters said the plan would repair bridges that have been closed for years, while critics "
    "warned that the cost of borrowing would fall on residents for a decade or more to come.",
    "The mayor said she would sign the measure as soon as it reached her desk, and that the first "
    "contracts could be awarded before the end of the summer if the state approves the loans.",
]


def page(
    *,
    byline: str = "",
    over_title: str = "",
    ld: dict[str, str] | None = None,
    metas: str = "",
    first_paragraph: str = "",
    sidebar: str = "",
) -> str:
    script = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "Council passes the budget", **(ld or {})})
        + "</script>"
        if ld is not None
        else ""
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in ([first_paragraph] if first_paragraph else []) + PROSE)
    return (
        f"<html><head><title>Council passes the budget</title>{script}{metas}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><div class='kicker'>{over_title}</div>"
        "<h1>Council passes the budget after a long night</h1>"
        f"<div class='byline'>{byline}</div>{paragraphs}</article>"
        f"<aside><h3>Most read</h3>{sidebar}</aside></main></body></html>"
    )


def published(html: str) -> str | None:
    raw = RawInput(source="page.html", content=html.encode("utf-8"), kind="html")
    return extract_article(raw, Options.load(extract__language_detect=False)).published


def test_markup_stamp_on_the_shown_day_keeps_its_time_and_offset() -> None:
    html = page(
        byline="By Jane Doe <span>March 10, 2026</span>",
        ld={"datePublished": "2026-03-10T09:15:00-05:00", "dateModified": "2026-03-11T08:00:00-05:00"},
    )
    assert published(html) == "2026-03-10T09:15:00-05:00"


def test_shown_date_beats_a_template_stamp_the_page_does_not_show() -> None:
    # The theme stamps the build time; the article says when it was written.
    html = page(
        byline="By Jane Doe · January 31, 2024",
        ld={"datePublished": "2025-11-05T10:00:00Z", "dateModified": "2025-11-05T10:00:00Z"},
    )
    assert published(html) == "2024-01-31"


def test_a_shown_last_update_does_not_replace_the_publication_stamp() -> None:
    # The byline shows the modification day without a label: the page displays its last update.
    html = page(
        byline="By Jane Doe · Dec 19, 2025",
        ld={"datePublished": "2025-06-23T18:44:33+00:00", "dateModified": "2025-12-19T14:14:43+00:00"},
    )
    assert published(html) == "2025-06-23T18:44:33+00:00"


def test_updated_label_is_not_a_publication_date() -> None:
    html = page(
        byline="By Jane Doe | Updated Dec 18, 2025",
        ld={"datePublished": "2025-06-17T08:00:00+00:00", "dateModified": "2025-06-17T08:00:00+00:00"},
    )
    assert published(html) == "2025-06-17T08:00:00+00:00"


def test_labelled_published_date_wins_over_markup() -> None:
    html = page(
        byline="By Claire Wilson, Published Apr 26, 2023 <span>Updated Aug 21, 2025</span>",
        metas='<meta property="article:published_time" content="2025-08-21">',
    )
    assert published(html) == "2023-04-26"


def test_utc_stamp_late_in_the_day_is_the_next_local_day_not_another_date() -> None:
    html = page(
        byline="Published: 03 Dec 2025",
        ld={"datePublished": "2025-12-02T23:00:55+00:00"},
    )
    assert published(html) == "2025-12-02T23:00:55+00:00"


def test_date_over_the_title_counts() -> None:
    html = page(over_title="Politics · December 9, 2021")
    assert published(html) == "2021-12-09"


def test_a_shown_date_in_the_future_is_an_event_not_the_publication() -> None:
    html = page(byline="Next session: May 4, 2999", ld={"datePublished": "2026-03-10T09:15:00-05:00"})
    assert published(html) == "2026-03-10T09:15:00-05:00"


def test_time_element_dates_a_relative_byline() -> None:
    html = page(
        byline='By Jane Doe · <time datetime="2024-05-02T08:30:00+02:00">3 days ago</time>',
        ld={"datePublished": "2025-11-05T10:00:00Z"},
    )
    assert published(html) == "2024-05-02T08:30:00+02:00"


def test_a_labelled_text_date_beats_the_time_element_beside_it() -> None:
    # The <time> carries the update; the text says when the story first appeared.
    html = page(
        byline='<time datetime="2022-11-11T20:23:00-05:00">Updated November 11, 2022</time> '
        "<span>Originally published November 9, 2022</span>"
    )
    assert published(html) == "2022-11-09"


def test_todays_date_over_the_title_does_not_override_markup() -> None:
    html = page(over_title="Friday, December 19, 2025", ld={"datePublished": "2025-12-12T10:00:00+00:00"})
    assert published(html) == "2025-12-12T10:00:00+00:00"


def test_a_page_stating_only_its_update_is_dated_by_it() -> None:
    raw = RawInput(
        source="page.html", content=page(byline="Last updated: December 11, 2025").encode(), kind="html"
    )
    doc = extract_article(raw, Options.load(extract__language_detect=False))
    assert doc.published == "2025-12-11"
    assert doc.updated is None  # the same date: not stated twice


def test_a_date_in_the_article_prose_is_not_the_byline() -> None:
    html = page(
        first_paragraph="On March 3, 2019, the council first proposed a budget of this size, and it took "
        "nearly seven years of hearings, studies and two failed votes before members were ready to agree.",
        ld={"datePublished": "2026-03-10T09:15:00-05:00"},
    )
    assert published(html) == "2026-03-10T09:15:00-05:00"


def test_sidebar_dates_are_not_the_byline() -> None:
    html = page(
        sidebar="<ul><li><a href='/a'>Roads plan</a> <span>Jan 5, 2026</span></li></ul>",
        ld={"datePublished": "2026-03-10T09:15:00-05:00"},
    )
    assert published(html) == "2026-03-10T09:15:00-05:00"


@pytest.mark.parametrize(
    ("stamps", "updated", "shown", "expected"),
    [
        (
            ["2025-03-01", "2025-12-18T21:09:22+00:00"],
            None,
            ShownDates("2025-12-18"),
            "2025-12-18T21:09:22+00:00",
        ),
        (["2025-11-20T16:02:46Z"], "2025-11-20T16:02:46Z", ShownDates("2025-05-14"), "2025-05-14"),
        (["2021-12-10T02:17:00+00:00"], None, ShownDates("2021-12-09"), "2021-12-10T02:17:00+00:00"),
        (["2025-12-19T22:02:58Z"], None, ShownDates("2025-12-18"), "2025-12-18"),  # no zone is 22 h behind
        (["2024-09-06"], "2025-11-14T06:49:57+00:00", ShownDates("2025-11-14"), "2024-09-06"),
        (["2024-09-06"], "2025-11-14T06:49:57+00:00", ShownDates("2025-11-14", labelled=True), "2025-11-14"),
        (
            ["2024-09-06"],
            None,
            ShownDates("2025-12-19", above_title=True),
            "2024-09-06",
        ),  # today's date widget
        ([], None, ShownDates("2025-12-19", above_title=True), "2025-12-19"),
        ([], None, ShownDates(updated="2025-12-11"), "2025-12-11"),
        (["0001-01-01T00:00:00Z"], None, ShownDates(), None),  # a placeholder is no date
        (["1970-01-01T00:00:00+00:00", "2024-05-02"], None, ShownDates(), "2024-05-02"),  # Unix time 0
        ([], None, ShownDates(), None),
    ],
)
def test_choose_published(
    stamps: list[str], updated: str | None, shown: ShownDates, expected: str | None
) -> None:
    assert choose_published(stamps, updated, shown) == expected
