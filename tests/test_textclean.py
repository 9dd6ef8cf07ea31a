"""The flattened-text cleaner: the two real seeds against their hand annotation, plus small
synthetic pages for each kind of junk the cleaner must drop."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quotetrail.errors import ConfigError
from quotetrail.textclean import TextPage, clean_text_page, learn_boilerplate

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"


def norm(s: str | None) -> str:
    """As shared/tools/seeds_check.py compares: curly quotes folded, spacing collapsed, lowercase."""
    s = (s or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def _gold() -> dict:
    if not (SEEDS / "gold.json").is_file():
        pytest.skip(f"seed corpus not found at {SEEDS} (the repo is checked out beside shared/ in CI)")
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


def _seed_names() -> list[str]:
    gold = SEEDS / "gold.json"
    if not gold.is_file():
        return ["<seeds absent>"]
    return sorted(json.loads(gold.read_text(encoding="utf-8"))["documents"])


@pytest.fixture(scope="module")
def gold() -> dict:
    return _gold()


@pytest.mark.parametrize("name", _seed_names())
def test_seed_body_matches_gold(gold: dict, name: str) -> None:
    g = gold["documents"].get(name)
    if g is None:
        pytest.skip("seed corpus absent")
    page = clean_text_page((SEEDS / name).read_text(encoding="utf-8"))
    body = page.body
    assert norm(body).startswith(norm(g["body_starts_with"])), body[:120]
    assert norm(body).endswith(norm(g["body_ends_with"])), body[-120:]
    for junk in g["not_in_body"]:
        assert junk not in body
    if g.get("headline_not_repeated_in_body"):
        assert norm(g["headline"]) not in norm(body)
    # Paragraphs are separated by one blank line and none is lost or merged.
    paragraphs = body.split("\n\n")
    assert all(p.strip() == p and p for p in paragraphs)
    source_lines = {ln.strip() for ln in (SEEDS / name).read_text(encoding="utf-8").splitlines()}
    assert all(p in source_lines for p in paragraphs)


@pytest.mark.parametrize("name", _seed_names())
def test_seed_metadata_matches_gold(gold: dict, name: str) -> None:
    from datetime import datetime

    g = gold["documents"].get(name)
    if g is None:
        pytest.skip("seed corpus absent")
    page = clean_text_page((SEEDS / name).read_text(encoding="utf-8"))
    assert norm(page.headline) == norm(g["headline"])
    if "subtitle" in g:
        assert norm(page.subtitle) == norm(g["subtitle"])
    for key in ("published", "updated"):
        if key not in g:
            continue
        got, want = getattr(page, key), datetime.fromisoformat(g[key])
        assert got is not None, key
        if want.tzinfo is None:  # the page gives no zone: we must not invent one
            assert datetime.fromisoformat(got).tzinfo is None
            assert got.startswith(g[key])
        else:
            assert datetime.fromisoformat(got) == want
    if "agency" in g:
        assert page.agency == g["agency"]
    if "dateline" in g:
        assert norm(g["dateline"]) in norm(page.dateline)


# -- synthetic pages ----------------------------------------------------------------------------

PARAS = [
    "The city council voted on Monday to expand the bus network, adding three routes that will "
    "connect the northern suburbs with the hospital and the university campus.",
    "Officials said the new routes would cost about 4 million euros a year and would be paid for "
    "by a small increase in parking fees in the city centre, which opposition members criticised.",
    "\u201cPeople have waited a long time for this,\u201d said the mayor, who has promised better "
    "transport since she was elected two years ago. \u201cIt is only the first step.\u201d",
    "The first buses are expected to run in the spring, once drivers have been hired and trained, "
    "according to the transport authority, which said it had already received many applications.",
    "Residents of the northern suburbs have long complained that the journey to the hospital takes "
    "more than an hour, with two changes, and that the last bus leaves far too early in the evening.",
]
HEADLINE = "Council approves three new bus routes to the northern suburbs"


def page_with(*junk_lines: str, where: str = "end") -> str:
    head = [HEADLINE, ""]
    body = [p for para in PARAS for p in (para, "")]
    junk = [j for line in junk_lines for j in (line, "")]
    if where == "start":
        return "\n".join(junk + head + body)
    if where == "middle":
        return "\n".join(head + body[:4] + junk + body[4:])
    return "\n".join(head + body + junk)


def assert_clean(page: TextPage, *junk: str) -> None:
    for line in junk:
        assert line not in page.body, f"{line!r} left in body"
    for para in PARAS:
        assert para in page.body, f"body paragraph lost: {para[:40]!r}"


@pytest.mark.parametrize(
    ("junk", "where"),
    [
        (["icon bookmarkicon cameraicon checkicon chevron downicon closeicon shareicon searchicon"], "start"),
        (["Updated: 12 March 2025 09:14 GMT"], "start"),
        (["0:00", "12:31", "1:02:45"], "end"),
        (["Share this article", "Subscribe to our newsletter for the latest updates", "Open in app"], "end"),
        (["Disclaimer: This story has been auto-published from a syndicated feed."], "end"),
        (
            [
                "Dear readers! To leave comments, you will need to register. Please check our commenting policy"
            ],
            "end",
        ),
        (["Advertisement"], "middle"),
        (["Podcasts", "Listen now"], "end"),
    ],
)
def test_junk_classes_are_removed_and_body_kept(junk: list[str], where: str) -> None:
    page = clean_text_page(page_with(*junk, where=where))
    assert_clean(page, *junk)
    reasons = {line: why for line, why in page.removed}
    for line in junk:
        assert line in reasons, f"{line!r} not reported in removed"


def test_repeated_headline_and_pipe_variant_are_not_body() -> None:
    text = "\n\n".join([HEADLINE, f"{HEADLINE} | {HEADLINE}", HEADLINE, *PARAS])
    page = clean_text_page(text)
    assert page.headline == HEADLINE
    assert HEADLINE not in page.body
    assert_clean(page)


def test_title_tag_with_site_suffix_gives_bare_headline() -> None:
    text = "\n\n".join([f"{HEADLINE} | The Daily Planet", "Home", "News", "Sport", HEADLINE, *PARAS])
    page = clean_text_page(text)
    assert page.headline == HEADLINE
    assert "The Daily Planet" not in page.body


def test_truncated_teaser_repeating_the_lede_is_dropped() -> None:
    teaser = " ".join(PARAS[0].split()[:12]) + " ..."
    text = "\n\n".join([HEADLINE, teaser, HEADLINE, *PARAS])
    page = clean_text_page(text)
    assert teaser not in page.body
    assert page.body.startswith(PARAS[0])
    assert (teaser, "truncated teaser") in page.removed


def test_standfirst_between_headline_repeats_is_the_subtitle() -> None:
    standfirst = "Opposition members say the plan is paid for by drivers who have no alternative"
    text = "\n\n".join(["1 Mar, 2025 08:00", HEADLINE, standfirst, HEADLINE, *PARAS])
    page = clean_text_page(text)
    assert page.subtitle == standfirst
    assert standfirst not in page.body
    assert page.published == "2025-03-01T08:00"


def test_standfirst_after_the_articles_own_headline_is_the_subtitle() -> None:
    standfirst = "Opposition members say the plan is paid for by drivers who have no alternative"
    text = "\n".join(["Home", "News", "Sport", HEADLINE, "1 Mar, 2025 08:00", HEADLINE, standfirst, *PARAS])
    page = clean_text_page(text)
    assert page.subtitle == standfirst
    assert standfirst not in page.body
    assert page.body.startswith(PARAS[0])
    assert (standfirst, "subtitle") in page.removed


BRIEF = [
    "The regional water board on Monday raised its charges for the coming year, blaming the cost of "
    "repairing old pipes across the valley.",
    'Board chair Helen Okafor said the increase was "the smallest we could responsibly make" after two '
    "years of frozen prices.",
    '"Nobody likes paying more. But the pipes will not fix themselves," Okafor said.',
    'A consumer group, Valley Voice, called the rise "a tax on families" and said it would ask the '
    "regulator to step in.",
]


def test_short_closing_paragraph_before_the_share_bar_is_kept() -> None:
    # A brief's last paragraphs border on the share bar, which pulls their scores down.
    closing = "She added that the board would publish a full breakdown of its costs in April."
    furniture = ["Share this article", "Comments (3)", "\u00a9 2025 Valley Herald"]
    text = "\n".join(["Water charges to rise by six per cent", *BRIEF, closing, *furniture])
    page = clean_text_page(text)
    for para in BRIEF:
        assert para in page.body
    assert page.body.endswith(closing)
    for line in furniture:
        assert line not in page.body


def test_lede_is_not_mistaken_for_a_subtitle() -> None:
    page = clean_text_page("\n\n".join([HEADLINE, *PARAS]))
    assert page.subtitle is None
    assert page.body.startswith(PARAS[0])


def test_byline_gives_authors_and_agency_and_is_not_body() -> None:
    byline = "By Jane Doe and John Roe, Reuters | Updated: 3 March 2025 10:00 GMT"
    dateline_para = "BRUSSELS (Reuters) - " + PARAS[0]
    text = "\n\n".join([HEADLINE, byline, dateline_para, *PARAS[1:]])
    page = clean_text_page(text)
    assert byline not in page.body
    assert page.authors == ["Jane Doe", "John Roe"]
    assert page.agency == "Reuters"
    assert page.dateline == "BRUSSELS"
    assert page.updated == "2025-03-03T10:00+00:00"
    assert page.body.startswith(dateline_para)


def test_reuters_mentioned_in_body_is_not_the_agency() -> None:
    mention = "The mayor told Reuters in an interview that the buses would be electric within five years."
    page = clean_text_page("\n\n".join([HEADLINE, *PARAS[:3], mention, *PARAS[3:]]))
    assert mention in page.body
    assert page.agency is None


def test_menu_runs_before_and_after_the_article_are_dropped() -> None:
    menu = ["Home", "World", "Business", "Sport", "Culture", "Opinion", "Podcasts", "Newsletters"]
    footer = ["About us", "Contact", "Careers", "Privacy Policy", "Terms of Service", "Cookie settings"]
    page = clean_text_page("\n".join([*menu, HEADLINE, *PARAS, *footer]))
    assert_clean(page, *menu, *footer)


def test_learn_boilerplate_finds_the_outlet_template_and_cleaner_uses_it() -> None:
    footer = "The Daily Planet is an independent newspaper, owned by its readers since 1938."
    pages = []
    cities = ["Leeds", "Ghent", "Porto", "Turin"]
    for city in cities:
        paras = [f"{p} (Report from {city}.)" for p in PARAS]
        pages.append("\n\n".join([f"Story from {city} about the bus network", *paras, footer]))
    pages.append("\n\n".join(["A one-off page", "Only here once, and this sentence too."]))
    template = learn_boilerplate(pages, min_docs=3)
    assert any("daily planet" in line for line in template)
    assert not any("only here once" in line for line in template)
    assert not any("leeds" in line for line in template)
    page = clean_text_page(pages[0], boilerplate=template)
    assert footer not in page.body
    assert (footer, "boilerplate") in page.removed
    assert all(f"{p} (Report from Leeds.)" in page.body for p in PARAS)


def test_learn_boilerplate_counts_documents_not_repeats() -> None:
    page = "Menu\nMenu\nMenu\nSomething else entirely"
    assert "menu" not in learn_boilerplate([page, "Other page"], min_docs=2)
    assert "menu" in learn_boilerplate([page, "Menu"], min_docs=2)
    with pytest.raises(ConfigError):
        learn_boilerplate([page], min_docs=1)


def test_empty_and_junk_only_pages() -> None:
    assert clean_text_page("").body == ""
    page = clean_text_page("Home\n\nShare\n\n0:00\n\nSubscribe")
    assert page.body == ""
    assert len(page.removed) == 4


def test_bench_metric_agrees_with_reference_scorer(tmp_path: Path) -> None:
    """bench/bench_extraction.py re-implements shared/tools/body_score.py; both must agree."""
    import importlib.util
    import subprocess
    import sys

    scorer = SHARED / "tools" / "body_score.py"
    if not scorer.is_file():
        pytest.skip(f"reference scorer not found at {scorer}")
    spec = importlib.util.spec_from_file_location(
        "bench_extraction", Path(__file__).resolve().parents[1] / "bench" / "bench_extraction.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gt = {"a": "\n\n".join(PARAS), "b": PARAS[0], "c": "Short one.", "d": PARAS[1]}
    pred = {
        "a": "\n\n".join(PARAS[1:] + ["Share this article"]),
        "b": PARAS[0] + " Subscribe now.",
        "c": "",
    }  # "d" missing: counts as empty
    (tmp_path / "gt.json").write_text(json.dumps({k: {"body": v} for k, v in gt.items()}), encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(
        "".join(json.dumps({"source": f"/x/{k}.html.gz", "body": v}) + "\n" for k, v in pred.items()),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(scorer), str(tmp_path / "gt.json"), str(tmp_path / "pred.jsonl"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    reference = json.loads(out)
    ours = bench.score(gt, pred)
    for key in ("shingle_p", "shingle_r", "shingle_f1", "bow_f1"):
        assert ours[key] == reference[key], key
    assert 0 < ours["shingle_f1"] < 1


def test_plain_article_file_keeps_its_body_and_gets_its_headline() -> None:
    # An article file as many archives hold them: a headline with a full stop, then paragraphs,
    # one of which is a short quotation that looks like a title (no full stop at its end).
    headline = "Council approves three new bus routes."
    quote_line = "\u201cWho will pay for the new buses?\u201d Jones asked. \u201cNobody knows.\u201d"
    text = "\n\n".join([headline, *PARAS, *PARAS[:2], quote_line, PARAS[2]])
    page = clean_text_page(text)
    assert page.headline == headline
    assert page.body.startswith(PARAS[0])
    assert quote_line in page.body
    assert headline not in page.body


def test_a_long_first_sentence_is_the_lede_not_a_headline() -> None:
    page = clean_text_page("\n\n".join(PARAS))
    assert page.headline is None
    assert page.body.startswith(PARAS[0])


def test_a_paragraph_ending_in_a_quotation_is_neither_headline_nor_header() -> None:
    quoted = (
        "Jones said the plan was \u201clike a bus with no driver, except that is unfair to buses "
        "without drivers.\u201d"
    )
    text = "\n\n".join(["Council approves three new bus routes.", PARAS[0], quoted, *PARAS[1:]])
    page = clean_text_page(text)
    assert page.headline == "Council approves three new bus routes."
    for para in [PARAS[0], quoted, *PARAS[1:]]:
        assert para in page.body


@pytest.mark.parametrize(
    ("notice", "outlet", "agency"),
    [
        ("\u00a9 2026 Valley Herald", "Valley Herald", None),
        ("Copyright \u00a9 2025 The Hindu. All rights reserved.", "The Hindu", None),
        ("\u00a9 2016 BuzzFeed, Inc", "BuzzFeed", None),
        ("Copyright 2025 The Associated Press. All rights reserved.", None, "AP"),  # a wire story
        ("\u00a9 2025 All rights reserved.", None, None),
        ("Copyright policy", None, None),
    ],
)
def test_copyright_notice_names_the_outlet(notice: str, outlet: str | None, agency: str | None) -> None:
    page = clean_text_page("\n".join([HEADLINE, *PARAS, "Share this article", notice]))
    assert page.outlet == outlet
    assert page.agency == agency
    assert notice not in page.body


def test_text_page_record_carries_the_copyright_outlet() -> None:
    from quotetrail.extract import extract_article
    from quotetrail.settings import Options
    from quotetrail.types import RawInput

    text = "\n".join([HEADLINE, *PARAS, "Share this article", "\u00a9 2026 Valley Herald"])
    doc = extract_article(RawInput(source="page.txt", content=text.encode(), kind="text"), Options.load())
    assert doc.outlet == "Valley Herald"
    given = RawInput(source="page.txt", content=text.encode(), kind="text", outlet="Herald Online")
    assert extract_article(given, Options.load()).outlet == "Herald Online"  # the caller's word wins
