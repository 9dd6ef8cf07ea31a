"""Statements, positions, topics, wording fidelity and timelines, on synthetic quotes and the seeds."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from quotetrail.errors import ConfigError, InputError
from quotetrail.statements import (
    QuoteReport,
    StatementIndex,
    compare_wordings,
    fidelity,
    format_diff,
    independent_reports,
    is_fragment,
    normalize_quote,
    simple_topics,
    topic_matches,
)
from quotetrail.stories import SyndicationIndex
from quotetrail.timeline import build_timeline, plot_timeline, to_jsonl
from quotetrail.types import Document, Quote, Span, Speaker

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"


def report(
    text: str,
    doc: str,
    day: str,
    speaker: str | None = "Ana Lima",
    outlet: str | None = None,
    kind: str = "direct",
) -> QuoteReport:
    return QuoteReport(
        text=text,
        speaker=speaker,
        doc_id=doc,
        source=f"https://{doc}.example/x",
        outlet=outlet or doc,
        published=f"{day}T09:00:00+00:00",
        kind=kind,
    )


@pytest.fixture()
def index() -> StatementIndex:
    # The model-free topic extractor keeps these tests independent of spaCy; the seed tests use spaCy.
    return StatementIndex(topic_extractor=simple_topics)


# --------------------------------------------------------------------------------------------------
# normalisation and linking


def test_normalisation_ignores_quote_marks_ellipses_case_and_editorial_brackets() -> None:
    a = "“We said it during contacts with [President Joe Biden], but nobody… heard us.”"
    b = '"we said it during contacts with President Joe Biden, but nobody ... heard us."'
    assert normalize_quote(a) == normalize_quote(b)
    assert normalize_quote("Ukraine’s security") == normalize_quote("UKRAINE'S SECURITY")


def test_fragments_are_recognised_but_unrelated_short_words_are_not() -> None:
    long = normalize_quote("Putin dismissed as absolute rubbish the allegations").split()
    assert is_fragment(["absolute", "rubbish"], long)
    assert not is_fragment(["rubbish", "absolute"], long)
    assert not is_fragment([], long)


def test_same_quote_reported_by_three_outlets_is_one_statement_with_every_report(
    index: StatementIndex,
) -> None:
    s1 = index.add(report("“The new administration hears us,” he said", "rt", "2025-09-02"))
    s2 = index.add(report('"The new administration hears us"', "tass", "2025-09-02"))
    s3 = index.add(report("The new administration… hears us", "ani", "2025-09-03"))
    assert s1 == s2 == s3
    st = index.get(s1)
    assert [r.outlet for r in st.reports] == ["rt", "tass", "ani"]
    assert (st.first_seen, st.last_seen) == ("2025-09-02", "2025-09-03")


def test_a_partial_quote_joins_the_full_quote_it_is_cut_from(index: StatementIndex) -> None:
    full = index.add(
        report("These allegations are absolute rubbish and everyone knows it", "a", "2025-09-02")
    )
    part = index.add(report("absolute rubbish", "b", "2025-09-02", kind="partial"))
    assert full == part
    assert index.last_link == "fragment"
    assert len(index.get(full).wordings) == 2


def test_a_differently_translated_report_of_one_statement_is_linked(index: StatementIndex) -> None:
    a = index.add(
        report("Ukraine's security cannot be ensured at the expense of Russia's security", "a", "2025-12-04")
    )
    b = index.add(
        report("The security of Ukraine must not be ensured at Russia's expense", "b", "2025-12-05")
    )
    assert a == b
    assert index.last_link == "paraphrase"


def test_different_speakers_distant_dates_and_different_quotes_stay_apart(index: StatementIndex) -> None:
    base = index.add(report("We will never accept these tariffs on our farmers", "a", "2025-01-10"))
    other_speaker = index.add(
        report("We will never accept these tariffs on our farmers", "b", "2025-01-10", speaker="Someone Else")
    )
    months_later = index.add(report("We will never accept these tariffs on our farmers", "c", "2025-06-01"))
    same_article_other_quote = index.add(report("Farmers deserve better", "a", "2025-01-10"))
    assert len({base, other_speaker, months_later, same_article_other_quote}) == 4
    # The same words months later are a new statement but the same position.
    assert index.get(base).position_id == index.get(months_later).position_id


def test_speakerless_quote_is_kept_but_never_linked(index: StatementIndex) -> None:
    a = index.add(report("The sky is falling on our heads", "a", "2025-01-01", speaker=None))
    b = index.add(report("The sky is falling on our heads", "b", "2025-01-01", speaker=None))
    assert a != b
    assert index.get(a).position_id is None
    assert index.positions() == []


def test_bad_input_for_statements(index: StatementIndex) -> None:
    assert index.add_document(Document(source="no-quotes.html", id="nq", body="No one said anything.")) == []
    with pytest.raises(InputError):
        index.add(report("   ", "a", "2025-01-01"))
    with pytest.raises(InputError):
        index.get("st-missing")
    with pytest.raises(ConfigError):
        StatementIndex(window_days=0)


def test_positions_link_restatements_months_apart_but_keep_other_subjects_separate(
    index: StatementIndex,
) -> None:
    said = [
        ("The carbon tax must rise every year until emissions fall", "a", "2025-01-10"),
        ("Our schools need more teachers, not more tests", "b", "2025-02-01"),
        (
            "I will keep raising the tax on carbon year after year until emissions come down",
            "c",
            "2025-06-20",
        ),
        ("The new stadium is a waste of public money", "d", "2025-07-01"),
        ("Teachers deserve a pay rise this year", "e", "2025-09-05"),
        ("Public money should go to hospitals, not to sports arenas", "f", "2025-10-01"),
    ]
    ids = [index.add(report(t, d, day)) for t, d, day in said]
    pos = [index.get(i).position_id for i in ids]
    assert len(set(ids)) == 6  # six utterances
    assert pos[0] == pos[2]  # carbon tax, restated in other words
    assert pos[3] == pos[5]  # public money and the stadium, restated
    assert len({pos[0], pos[1], pos[3]}) == 3
    assert pos[4] not in (pos[0], pos[3])


def test_topics_answer_a_users_topic_query(index: StatementIndex) -> None:
    index.add(report("NATO expansion is a threat to European security", "a", "2025-01-10"))
    index.add(report("Our schools need more teachers", "b", "2025-01-11"))
    assert [s.text for s in index.statements(topic="NATO")] == [
        "NATO expansion is a threat to European security"
    ]
    assert topic_matches("security guarantees", ["security guarantee", "Ukraine"])
    assert not topic_matches("NATO", ["nation", "Ukraine"])


def test_statement_index_round_trips_through_json(index: StatementIndex) -> None:
    first = index.add(report("The new administration hears us", "a", "2025-09-02"))
    restored = StatementIndex.from_dict(
        json.loads(json.dumps(index.to_dict())), topic_extractor=simple_topics
    )
    assert restored.add(report("The new administration hears us", "b", "2025-09-03")) == first
    assert len(restored.get(first).reports) == 2


# --------------------------------------------------------------------------------------------------
# fidelity


def test_compare_wordings_shows_omissions_additions_and_changed_words() -> None:
    a = "Ukraine can decide how to ensure its security. But this security cannot be ensured at our expense."
    b = (
        "Ukraine can decide how to ensure its own security. "
        "But this security must not be ensured at our expense."
    )
    ops = compare_wordings(a, b)
    kinds = {op.op for op in ops}
    assert {"equal", "insert", "replace"} <= kinds
    assert any(op.op == "insert" and op.b == "own" for op in ops)
    assert any(op.op == "replace" and op.a == "cannot" and op.b == "must not" for op in ops)
    # Every word of both sides is accounted for, in order.
    assert re.findall(r"\w+", " ".join(op.a for op in ops)) == re.findall(r"\w+", a)
    assert re.findall(r"\w+", " ".join(op.b for op in ops)) == re.findall(r"\w+", b)
    text = format_diff(ops)
    assert "{+own+}" in text and "[-cannot-]{+must not+}" in text
    trimmed = compare_wordings(a, "Ukraine can decide how to ensure its security.")
    assert trimmed[-1].op == "delete" and "expense" in trimmed[-1].a


def test_quote_mark_style_and_case_are_not_reported_as_changes() -> None:
    ops = compare_wordings(
        "“We are not asking for anything unusual…”", '"we are not asking for anything unusual..."'
    )
    assert all(op.op == "equal" for op in ops)
    assert fidelity("a b c d", "a b x d") == pytest.approx(0.75)


# --------------------------------------------------------------------------------------------------
# the seeds: two real articles, three months apart


def _quote_content(text: str, fragment: str, kind: str, mention: str | None) -> tuple[int, int]:
    """Where an extractor would put the quote content: inside the quotation marks for direct and
    partial quotes; for reported speech, from the fragment to the end of its clause/sentence."""
    i = text.index(fragment)
    if kind in ("direct", "partial"):
        start = max(text.rfind(c, 0, i + 1) for c in '“"') + 1
        end = min(j for j in (text.find(c, i + len(fragment)) for c in '”"') if j >= 0)
        while end > start and text[end - 1] in ", ":
            end -= 1
        return start, end
    m = re.search(r"[.!?](\s|$)", text[i:])
    end = i + (m.start() if m else len(text) - i)
    if mention:
        cut = text.find(", " + mention, i, end)
        if cut > 0:
            end = cut
    return i, end


def _seed_documents() -> list[Document]:
    if not (SEEDS / "gold.json").is_file():
        pytest.skip(f"shared seeds not found at {SEEDS} (the repo is expected beside shared/)")
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    docs = []
    for name, g in gold["documents"].items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        quotes = []
        for q in g["quotes"]:
            start, end = _quote_content(text, q["fragment"], q["kind"], q.get("mention"))
            quotes.append(
                Quote(
                    kind=q["kind"],
                    content=Span.of(text, start, end),
                    speaker=Speaker(name=q["speaker"], confidence=0.9, via="name"),
                )
            )
        docs.append(
            Document(
                source=str(SEEDS / name),
                id=name,
                text=text,
                body=text,
                headline=g["headline"],
                published=g["published"],
                agency=g.get("agency"),
                outlet=None,
                quotes=quotes,
            )
        )
    return docs


@pytest.fixture(scope="module")
def seed_index() -> tuple[StatementIndex, dict[str, str]]:
    docs = _seed_documents()
    index = StatementIndex()  # default topic extraction (spaCy)
    by_fragment: dict[str, str] = {}
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    for doc in docs:
        ids = index.add_document(doc)
        for q, sid in zip(gold["documents"][doc.id]["quotes"], ids, strict=True):
            by_fragment[q["fragment"]] = sid
    return index, by_fragment


def test_seeds_the_restated_position_is_one_timeline_line(
    seed_index: tuple[StatementIndex, dict[str, str]],
) -> None:
    index, by_fragment = seed_index
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    pair = gold["cross_document"][0]
    a, b = by_fragment[pair["a"]["fragment"]], by_fragment[pair["b"]["fragment"]]
    assert a != b  # two utterances, three months apart
    timeline = build_timeline(index, pair["speaker"])
    lines_with = [line for line in timeline.lines if {a, b} & {s.id for s in line.statements}]
    assert len(lines_with) == 1
    line = lines_with[0]
    assert [s.id for s in line.statements if s.id in (a, b)] == [a, b]  # date order
    assert (line.first_seen, line.last_seen) == ("2025-09-02", "2025-12-04")


def test_seeds_other_statements_do_not_collapse_into_one_position(
    seed_index: tuple[StatementIndex, dict[str, str]],
) -> None:
    index, by_fragment = seed_index
    putin = index.statements(speaker="Vladimir Putin")
    positions = index.positions(speaker="Vladimir Putin")
    assert len(putin) >= 25
    assert len(positions) >= len(putin) // 2
    restated = index.get(by_fragment["Ukraine can decide how to ensure its security"]).position_id
    for unrelated in (
        "Trump had sincere intentions to help end the conflict",
        "absolute rubbish",
        "They simply broke down those 28 points",
    ):
        assert index.get(by_fragment[unrelated]).position_id != restated
    # Fico's words are his, not Putin's.
    assert index.get(by_fragment["he believed the EU resembled a toad"]).speaker == "Robert Fico"
    assert all(s.speaker == "Vladimir Putin" for s in putin)


def test_seeds_topics_let_a_user_ask_for_nato(seed_index: tuple[StatementIndex, dict[str, str]]) -> None:
    index, by_fragment = seed_index
    on_nato = {s.id for s in index.statements(speaker="Vladimir Putin", topic="NATO")}
    assert by_fragment["NATO is another matter altogether"] in on_nato
    assert by_fragment["Trump had sincere intentions to help end the conflict"] not in on_nato
    timeline = build_timeline(index, "Vladimir Putin", topic="NATO")
    assert timeline.lines and all(topic_matches("NATO", line.topics) for line in timeline.lines)


def test_seeds_timeline_jsonl_and_date_filters(seed_index: tuple[StatementIndex, dict[str, str]]) -> None:
    index, _ = seed_index
    timeline = build_timeline(index, "Vladimir Putin")
    rows = [json.loads(line) for line in to_jsonl(timeline).splitlines()]
    assert len(rows) == len(timeline.lines)
    firsts = [r["first_seen"] for r in rows]
    assert firsts == sorted(firsts)
    for row in rows:
        for st in row["statements"]:
            assert st["text"]
            for rep in st["reports"]:
                assert rep["source"].endswith(".txt") and rep["date"] in ("2025-09-02", "2025-12-04")
                assert "outlet" in rep
    december = build_timeline(index, "Vladimir Putin", date_from="2025-12-01")
    assert december.lines
    assert all(s.date == "2025-12-04" for line in december.lines for s in line.statements)
    assert build_timeline(index, "Nobody Atall").lines == []


def test_plot_timeline_writes_png_and_svg(
    seed_index: tuple[StatementIndex, dict[str, str]], tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    index, _ = seed_index
    timeline = build_timeline(index, "Vladimir Putin", topic="Ukraine")
    png = plot_timeline(timeline, tmp_path / "t.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = plot_timeline(timeline, tmp_path / "t.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]
    with pytest.raises(ConfigError):
        plot_timeline(timeline, tmp_path / "t.gif")


# --------------------------------------------------------------------------------------------------
# the optional semantic hook


_CONCEPTS = {
    "kyiv": "ukraine",
    "ukraine": "ukraine",
    "moscow": "russia",
    "russia": "russia",
    "safety": "security",
    "security": "security",
    "cost": "expense",
    "expense": "expense",
    "can't": "not",
    "not": "not",
    "must": "not",
    "come": "ensure",
    "ensured": "ensure",
}


def _concept_embedder(texts: Sequence[str]) -> list[list[float]]:
    """A stand-in for the sentence embedder: words with one meaning share a dimension."""
    dims = sorted(set(_CONCEPTS.values()))
    out = []
    for text in texts:
        vec = [0.0] * len(dims)
        for w in re.findall(r"[\w']+", text.lower().replace("’", "'")):
            concept = _CONCEPTS.get(w.removesuffix("'s"))
            if concept:
                vec[dims.index(concept)] += 1.0
        out.append(vec)
    return out


def test_embeddings_when_available_link_paraphrases_that_share_few_words() -> None:
    a = "Kyiv's safety can't come at Moscow's cost"
    b = "Ukraine's security must not be ensured at Russia's expense"
    lexical = StatementIndex(topic_extractor=simple_topics)
    assert lexical.add(report(a, "x", "2025-12-04")) != lexical.add(report(b, "y", "2025-12-04"))
    semantic = StatementIndex(topic_extractor=simple_topics, embedder=_concept_embedder)
    assert semantic.add(report(a, "x", "2025-12-04")) == semantic.add(report(b, "y", "2025-12-04"))


def test_syndicated_copies_are_not_counted_as_independent_reports(index: StatementIndex) -> None:
    wire = (
        "The finance minister said on Monday that the budget would be balanced within two years, "
        "despite slowing growth and higher interest payments on the national debt. " * 3
    )
    syndication = SyndicationIndex()
    syndication.add("wire", wire, "2025-02-03T08:00:00", agency="Reuters", outlet="Reuters")
    syndication.add("site1", "Menu | Login\n" + wire + "\nShare this", "2025-02-03T09:00:00", outlet="Site 1")
    syndication.add(
        "own", "Our reporter asked the minister about the budget and the debt.", "2025-02-03T10:00:00"
    )
    quote = "The budget will be balanced within two years"
    for doc in ("wire", "site1", "own"):
        sid = index.add(report(quote, doc, "2025-02-03"))
    st = index.get(sid)
    assert len(st.reports) == 3
    assert sorted(r.doc_id for r in independent_reports(st, syndication)) == ["own", "wire"]
    timeline = build_timeline(index, "Ana Lima", syndication=syndication)
    (tl_statement,) = [s for line in timeline.lines for s in line.statements]
    assert tl_statement.independent_reports == 2
    assert {r.doc_id: r.copy_of for r in tl_statement.reports} == {
        "wire": None,
        "site1": "Reuters",
        "own": None,
    }
