"""Entities: grouping within an article, cross-article ids, aliases, metonyms, homonyms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quotetrail import nlp as qnlp
from quotetrail.entities import (
    AliasTable,
    canonical_key,
    default_table,
    find_entities,
    link_across,
    normalize_name,
)
from quotetrail.errors import ConfigError
from quotetrail.times import resolve_times
from quotetrail.types import Entity

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
needs_seeds = pytest.mark.skipif(
    not (SEEDS / "gold.json").is_file(), reason=f"seed corpus not found at {SEEDS}"
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    return qnlp.load(with_quotes=False)


def seed_bodies() -> dict[str, tuple[str, str]]:
    """Seed article bodies: from body_starts_with (the last occurrence: the first is a teaser
    line in the page header) through body_ends_with."""
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    out = {}
    for name, g in gold["documents"].items():
        raw = (SEEDS / name).read_text(encoding="utf-8")
        start = raw.rindex(g["body_starts_with"])
        end = raw.index(g["body_ends_with"], start) + len(g["body_ends_with"])
        out[name] = (raw[start:end], g["published"])
    return out


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def mention_texts(entity: Entity) -> list[str]:
    return [m.text for m in entity.mentions]


# --- the seeds ------------------------------------------------------------------------------


@needs_seeds
def test_seed_entities_match_gold(nlp: Any) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    for name, (body, _) in seed_bodies().items():
        ents = by_name(find_entities(nlp(body)))
        for canon, g in gold["entities"].items():
            present = [m for m in g["mentions"] if m in body]
            if not present:
                continue
            assert canon in ents, f"{name}: {canon} missing; have {sorted(ents)}"
            assert ents[canon].type == g["type"]
            got = mention_texts(ents[canon])
            for m in present:
                assert any(m in x for x in got), f"{name}: {canon} lacks mention {m!r}: {got}"
            if "role" in g:
                assert g["role"] in ents[canon].roles, f"{name}: {canon} roles {ents[canon].roles}"


@needs_seeds
def test_spelling_variants_are_one_entity_in_each_seed(nlp: Any) -> None:
    bodies = seed_bodies()
    kyiv = by_name(find_entities(nlp(bodies["000_86b35afae34c6745.txt"][0])))["Kyiv"]
    assert set(mention_texts(kyiv)) == {"Kiev"}
    assert kyiv.type == "place"
    ents = find_entities(nlp(bodies["003_cb5b22bf348b4369.txt"][0]))
    zel = [e for e in ents if "Zelensk" in e.name]
    assert len(zel) == 1 and {"Zelensky", "President Volodymyr Zelenskyy"} <= set(mention_texts(zel[0]))
    assert not [e for e in ents if e.name in ("Kiev", "Zelensky", "Zelenskyy")]


@needs_seeds
def test_same_person_same_id_across_seeds(nlp: Any) -> None:
    a, b = (by_name(find_entities(nlp(body))) for body, _ in seed_bodies().values())
    for person in ("Vladimir Putin", "Donald Trump"):
        assert a[person].id == b[person].id
    assert a["Kyiv"].id == b["Kyiv"].id == "place:kyiv"
    assert a["Vladimir Putin"].id == "person:vladimir-putin"


@needs_seeds
def test_role_anaphor_joins_the_person(nlp: Any) -> None:
    body = seed_bodies()["000_86b35afae34c6745.txt"][0]
    putin = by_name(find_entities(nlp(body)))["Vladimir Putin"]
    assert "The Russian leader" in mention_texts(putin)
    assert "Russian President Vladimir Putin" in mention_texts(putin)


@needs_seeds
def test_our_figures_agree_with_reference_scorer(nlp: Any, tmp_path: Path) -> None:
    """The seeds_check.py reference scorer accepts our entities and times in full."""
    scorer = SHARED / "tools" / "seeds_check.py"
    if not scorer.is_file():
        pytest.skip(f"reference scorer not found at {scorer}")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for name, (body, published) in seed_bodies().items():
            doc = nlp(body)
            record = {
                "source": str(SEEDS / name),
                "error": None,
                "text": body,
                "body": body,
                "entities": [e.to_dict() for e in find_entities(doc)],
                "times": [t.to_dict() for t in resolve_times(doc, published)],
            }
            f.write(json.dumps(record) + "\n")
    run = subprocess.run(
        [sys.executable, str(scorer), str(SEEDS / "gold.json"), str(pred), "entities"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout
    last = run.stdout.strip().splitlines()[-1]
    held, total = last.split()[0].split("/")
    assert held == total and int(total) > 30


# --- within an article ----------------------------------------------------------------------


def test_every_mention_indexes_the_text(nlp: Any) -> None:
    text = (
        "German Chancellor Friedrich Merz met French President Emmanuel Macron in Paris on Monday. "
        "Merz said Europe must act. The French leader agreed, and Macron’s aides said the E.U. would pay."
    )
    ents = find_entities(nlp(text))
    assert ents
    for e in ents:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_role_anaphor_picks_the_office_holder_of_that_country(nlp: Any) -> None:
    text = (
        "German Chancellor Friedrich Merz met French President Emmanuel Macron in Paris on Monday. "
        "Merz said Europe must act. The French leader agreed."
    )
    ents = by_name(find_entities(nlp(text)))
    assert "The French leader" in mention_texts(ents["Emmanuel Macron"])
    assert "The French leader" not in mention_texts(ents["Friedrich Merz"])
    assert "Chancellor of Germany" in ents["Friedrich Merz"].roles
    assert "President of France" in ents["Emmanuel Macron"].roles


def test_capital_as_speaker_is_the_government(nlp: Any) -> None:
    text = "Moscow views the plan as a threat. Officials flew to Moscow on Monday for more talks."
    ents = find_entities(nlp(text))
    gov = [e for e in ents if e.name == "Government of Russia"]
    assert gov and gov[0].type == "organization"
    assert [m.start for m in gov[0].mentions] == [0]
    place = [e for e in ents if e.name == "Moscow"]
    assert place and place[0].type == "place" and place[0].mentions[0].start > 30


def test_capital_variant_spelling_as_speaker(nlp: Any) -> None:
    ents = find_entities(nlp("Kiev says the offensive has stalled, while Washington insists it has not."))
    names = {e.name: e for e in ents}
    assert "Government of Ukraine" in names and "Government of the United States" in names
    assert names["Government of Ukraine"].mentions[0].text == "Kiev"


def test_acronym_joins_its_organisation(nlp: Any) -> None:
    text = (
        "The Cook Political Report (CPR) moved the race to a toss-up on Monday. "
        "CPR said turnout would decide it, and the Cook Political Report stood by the call."
    )
    ents = find_entities(nlp(text))
    cook = [e for e in ents if e.name == "Cook Political Report"]
    assert cook, [e.name for e in ents]
    assert mention_texts(cook[0]).count("CPR") == 2
    assert not [e for e in ents if e.name == "CPR"]


def test_surname_goes_to_the_right_namesake(nlp: Any) -> None:
    text = (
        "Former President Bill Clinton campaigned in Ohio for his wife, Hillary Clinton. "
        "Bill Clinton told voters the economy was improving. Mrs. Clinton said she would win the state."
    )
    ents = find_entities(nlp(text))
    hillary = [e for e in ents if e.name == "Hillary Clinton"][0]
    assert "Mrs. Clinton" in mention_texts(hillary)
    bill = [e for e in ents if e.name == "Bill Clinton"][0]
    assert bill.id != hillary.id


def test_surname_without_full_name_gets_a_local_id(nlp: Any) -> None:
    """Two articles each about an unknown "Mr. Lee" must not share an identity on the surname."""
    a = find_entities(nlp("Mr. Lee said the factory would close. Lee did not take questions."))
    b = find_entities(nlp("Mr. Lee, a farmer, said the harvest was poor this year."))
    lee_a = [e for e in a if e.name == "Lee"][0]
    lee_b = [e for e in b if e.name == "Lee"][0]
    assert lee_a.id != lee_b.id
    assert lee_a.confidence < 0.5 and lee_b.confidence < 0.5
    assert len(lee_a.mentions) == 2


def test_headline_verb_is_not_part_of_the_name(nlp: Any) -> None:
    text = "Obama Says Museum Will Tell a Hard Story\n\nPresident Barack Obama opened the museum on Saturday."
    names = {e.name for e in find_entities(nlp(text))}
    assert "Barack Obama" in names
    assert not [n for n in names if "Says" in n]


def test_other_scripts_survive(nlp: Any) -> None:
    text = "Владимир Путин встретился с 习近平 в Пекине. محمد بن سلمان"
    for e in find_entities(nlp(text)):
        assert text[e.mentions[0].start : e.mentions[0].end] == e.mentions[0].text
    assert canonical_key("Владимир Путин", "person") == "person:владимир-путин"
    assert canonical_key("习近平", "person") == "person:习近平"
    assert canonical_key("محمد بن سلمان", "person").startswith("person:")


# --- keys, aliases, linking -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (
            ["Zelensky", "Zelenskyy", "Zelenskiy", "President Zelenskiy", "Volodymyr Zelensky"],
            "person:volodymyr-zelensky",
        ),
        (["Kiev", "Kyiv"], "place:kyiv"),
        (["Odessa", "Odesa"], "place:odesa"),
        (["US", "U.S.", "United States", "USA"], "place:united-states"),
        (["Erdogan", "Erdoğan", "Turkish President Recep Tayyip Erdogan"], "person:recep-tayyip-erdogan"),
        (["J. Biden", "Joe Biden", "President Biden"], "person:joe-biden"),
        (["Russian President Vladimir Putin", "Mr. Putin", "Putin"], "person:vladimir-putin"),
    ],
)
def test_variants_share_a_key(variants: list[str], key: str) -> None:
    type_ = key.split(":")[0]
    assert {canonical_key(v, type_) for v in variants} == {key}


def test_unknown_names_normalise_by_rule() -> None:
    assert canonical_key("José Álvarez", "person") == canonical_key("Jose Alvarez", "person")
    assert canonical_key("Sen. Maria Kowalski", "person") == canonical_key("Maria Kowalski", "person")
    assert canonical_key("Dmitriy Ivanov", "person") == canonical_key("Dmitry Ivanov", "person")
    assert canonical_key("Jose Alvarez", "person") != canonical_key("Jose Alvares", "person")
    assert normalize_name("") == ""


def test_nato_and_eu_canonical_names() -> None:
    table = default_table()
    assert table.resolve("North Atlantic Treaty Organization", "organization")[0].canonical == "NATO"  # type: ignore[union-attr]
    assert table.resolve("EU", "organization")[0].canonical == "European Union"  # type: ignore[union-attr]


def test_user_aliases() -> None:
    table = AliasTable.load()
    assert table.resolve("Vova", "person")[0] is None
    table.add("Vova", "Vladimir Putin")
    entry, conf = table.resolve("Vova", "person")
    assert entry is not None and entry.canonical == "Vladimir Putin" and conf == 1.0
    assert canonical_key("Vova", "person", table) == "person:vladimir-putin"
    with pytest.raises(ConfigError):
        table.add("Jimbo", "Jimmy Nobody")
    table.add("Jimbo", "Jimmy Nobody", "person")
    assert canonical_key("Jimbo", "person", table) == "person:jimmy-nobody"
    # the shared default table is untouched
    assert default_table().resolve("Vova", "person")[0] is None


def test_ambiguous_alias_uses_country_context() -> None:
    table = default_table()
    entry, conf = table.resolve("Georgia", "place", context_countries=["United States"])
    assert entry is not None and entry.canonical == "Georgia (U.S. state)"
    entry, conf = table.resolve("Georgia", "place")
    assert conf < 1.0


def test_bad_alias_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.tsv"
    bad.write_text("person\tJane Roe\tJR\tcountry\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        AliasTable.load(bad)


CANDIDATES = [
    {
        "id": "person:lee-hsien-loong",
        "name": "Lee Hsien Loong",
        "type": "person",
        "roles": ["Prime Minister of Singapore"],
        "country": "Singapore",
    },
    {
        "id": "person:lee-jae-myung",
        "name": "Lee Jae-myung",
        "type": "person",
        "roles": ["President of South Korea"],
        "country": "South Korea",
    },
]


def test_link_across_needs_more_than_a_surname() -> None:
    bare = Entity(id="person:lee~abc", name="Lee", type="person", confidence=0.4)
    assert link_across(bare, CANDIDATES)[0] is None
    with_role = Entity(id="person:lee~abc", name="Lee", type="person", roles=["Prime Minister of Singapore"])
    ident, conf = link_across(with_role, CANDIDATES)
    assert ident == "person:lee-hsien-loong" and conf >= 0.6
    by_outlet = link_across(bare, CANDIDATES, outlet_country="South Korea")
    assert by_outlet[0] is None  # a country alone is not enough


def test_link_across_full_names_and_ties() -> None:
    full = Entity(id="person:lee-jae-myung", name="Lee Jae-myung", type="person")
    assert link_across(full, CANDIDATES)[0] == "person:lee-jae-myung"
    twins = [dict(CANDIDATES[0], id="person:a"), dict(CANDIDATES[0], id="person:b")]
    with_role = Entity(id="person:lee~x", name="Lee", type="person", roles=["Prime Minister of Singapore"])
    ident, conf = link_across(with_role, twins)
    assert ident is None and conf > 0  # two equally good candidates: no guess
    assert link_across(full, [dict(CANDIDATES[1], type="organization")]) == (None, 0.0)


def test_person_the_recogniser_reads_as_an_organisation(nlp: Any) -> None:
    text = "Carly Fiorina spoke in Iowa on Monday. Edison Research said turnout was high."
    found = by_name(find_entities(nlp(text)))
    assert found["Carly Fiorina"].type == "person"  # a first name and a surname
    assert found["Edison Research"].type == "organization"  # a first name, then an institution word
