"""The command line as a user meets it: exit codes, one-line errors, records in the contract's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from quotetrail.cli import main, sample_paths

CONTRACT_FIELDS = {
    "source",
    "error",
    "text",
    "clean",
    "headline",
    "subtitle",
    "outlet",
    "agency",
    "authors",
    "dateline",
    "published",
    "updated",
    "language",
    "body",
    "quotes",
    "entities",
    "times",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_extract_prints_one_record_per_input_in_order_with_the_contract_fields(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    inputs = [*sample_paths(), str(empty)]
    code, out, err = run("extract", *inputs, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in records] == inputs
    assert code == 1, "a failed input makes the exit status 1"
    for record in records:
        assert set(record) >= CONTRACT_FIELDS
    good, bad = records[:-1], records[-1]
    assert all(r["error"] is None for r in good)
    assert bad["error"] and "empty" in bad["error"].lower()
    assert str(empty) in err
    for record in good:
        text = record["text"]
        assert record["body"] == text and record["clean"] is True
        for quote in record["quotes"]:
            for role in ("content", "cue", "mention"):
                span = quote[role]
                if span:
                    assert text[span["start"] : span["end"]] == span["text"]
        for entity in record["entities"]:
            for m in entity["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]


def test_extract_html_metadata_from_the_page(tmp_path: Path) -> None:
    page = next(p for p in sample_paths() if p.endswith("harbor-city-bridge.html"))
    code, out, _ = run("extract", page)
    record = json.loads(out)
    assert code == 0
    assert record["headline"] == "Harbor City mayor vows to reopen bridge by spring"
    assert record["outlet"] == "The Harbor Ledger"
    assert record["published"] == "2026-03-10T09:15:00-05:00"
    assert record["updated"] == "2026-03-10T11:40:00-05:00"
    assert record["language"] == "en"
    assert record["body"].startswith("HARBOR CITY — Mayor Elena Ruiz said on Monday")
    assert "Most read" not in record["body"] and "All rights reserved" not in record["body"]


def test_no_clean_keeps_the_file_text_exactly(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    text = "Menu\n\n“We will rebuild,” the mayor said on Tuesday.\n"
    src.write_text(text, encoding="utf-8")
    code, out, _ = run("extract", "--no-clean", str(src))
    record = json.loads(out)
    assert code == 0 and record["clean"] is False and record["text"] == text


def test_ingest_then_list_and_show_and_reingest_is_idempotent(tmp_path: Path) -> None:
    db = str(tmp_path / "q.sqlite")
    code, _, err = run("ingest", "--db", db, "-q", *sample_paths())
    assert code == 0, err
    assert re.search(r"\b3 stored, 0 failed", err)
    code, out, _ = run("articles", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    code, out, _ = run("show", rows[0]["id"][:8], "--db", db)
    assert code == 0 and rows[0]["headline"] in out
    # the same pages again: nothing new, nothing duplicated
    code, _, err = run("ingest", "--db", db, "-q", *sample_paths())
    assert code == 0 and "0 stored" in err
    code, out, _ = run("articles", "--db", db, "--format", "jsonl")
    assert len(out.splitlines()) == 3


def test_show_unknown_id_is_a_one_line_error(tmp_path: Path) -> None:
    code, _, err = run("show", "nope", "--db", str(tmp_path / "q.sqlite"))
    assert code == 2
    assert err.strip().count("\n") == 0 and "nope" in err


def test_show_raw_returns_the_input_as_it_arrived(tmp_path: Path) -> None:
    db = str(tmp_path / "q.sqlite")
    page = sample_paths()[0]
    run("ingest", "--db", db, "-q", page)
    _, out, _ = run("articles", "--db", db, "--format", "jsonl")
    article_id = json.loads(out.splitlines()[0])["id"]
    result = CliRunner().invoke(main, ["show", article_id, "--db", db, "--raw"])
    assert result.stdout_bytes == Path(page).read_bytes()


def test_every_named_speaker_is_joined_to_its_entity() -> None:
    page = next(p for p in sample_paths() if p.endswith("northport-council.txt"))
    code, out, _ = run("extract", page)
    record = json.loads(out)
    entity_ids = {e["id"]: e["name"] for e in record["entities"]}
    named = [q for q in record["quotes"] if q["speaker"]["name"] and not q["speaker"]["is_group"]]
    assert named, "the sample names its speakers"
    # "Northport's city council" speaks too, as a group named by the report, not a person
    groups = {q["speaker"]["name"] for q in record["quotes"] if q["speaker"]["is_group"]}
    assert groups == {"Northport's city council"}
    for quote in named:
        # a title in front of the name ("Council leader ...") must not pull the quote onto the council
        assert entity_ids.get(quote["speaker"]["id"]) == quote["speaker"]["name"]


def test_placeholder_and_future_dates_are_not_publication_times(tmp_path: Path) -> None:
    """Real pages carry datePublished "0001-01-01"; neither it nor a far-future stamp is stored,
    and such a page goes through ingest and linking like any other."""
    page = tmp_path / "odd-dates.html"
    body = "".join(
        f"<p>The harbour board met on a quiet morning and {w} talked for an hour about the tides.</p>"
        for w in ("members", "officials", "residents", "engineers")
    )
    for stamp, name in (("0001-01-01T00:00:00+00:00", "a"), ("2999-05-01T10:00:00+00:00", "b")):
        page = tmp_path / f"odd-{name}.html"
        page.write_text(
            '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tides",'
            f' "datePublished": "{stamp}"}}</script></head><body><article><h1>Tides at the harbour {name}</h1>'
            f"{body}<p>Story {name}.</p></article></body></html>",
            encoding="utf-8",
        )
    code, out, _ = run(
        "extract", "--articles-only", str(tmp_path / "odd-a.html"), str(tmp_path / "odd-b.html")
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["published"] for r in records] == [None, None]
    db = str(tmp_path / "q.sqlite")
    code, _, err = run(
        "ingest",
        "--db",
        db,
        "-q",
        "--workers",
        "1",
        str(tmp_path / "odd-a.html"),
        str(tmp_path / "odd-b.html"),
    )
    assert code == 0, err
    assert "2 stored" in err


def test_wildcards_in_an_id_or_a_name_match_only_themselves(tmp_path: Path) -> None:
    db = str(tmp_path / "q.sqlite")
    run("ingest", "--db", db, "-q", "--workers", "1", *sample_paths())
    code, _, err = run("show", "%", "--db", db)
    assert code == 2 and "no article" in err
    code, out, _ = run("entities", "--db", db, "--search", "%", "--format", "jsonl")
    assert code == 0 and out.strip() == ""
    code, out, _ = run("entities", "--db", db, "--search", "Ruiz", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and rows[0]["name"] == "Elena Ruiz" and "Ruiz" in rows[0]["aliases"]


def test_attributions_scope_adds_flagged_stances_to_the_record_but_not_to_the_store(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(
        "Senator Mary Jones was highly critical of the trade deal.\n\n"
        "“We will rebuild the plant,” Jones said on Tuesday.\n",
        encoding="utf-8",
    )
    code, out, _ = run("extract", "--no-clean", str(src))
    default = json.loads(out)["quotes"]
    assert code == 0 and [q["content"]["text"] for q in default] == ["We will rebuild the plant"]
    assert default[0]["stance"] is False
    code, out, _ = run("extract", "--no-clean", "--scope", "attributions", str(src))
    wider = {q["content"]["text"]: q for q in json.loads(out)["quotes"]}
    assert code == 0 and wider["the trade deal"]["stance"] is True
    assert wider["the trade deal"]["cue"]["text"] == "critical of"
    assert wider["We will rebuild the plant"]["stance"] is False
    # a store holds statements: ingesting in the wider scope stores the same quotes
    config = tmp_path / "wide.toml"
    config.write_text('[quotes]\nscope = "attributions"\n', encoding="utf-8")
    db = str(tmp_path / "q.sqlite")
    code, _, err = run("ingest", "--db", db, "-q", "--no-clean", "--config", str(config), str(src))
    assert code == 0, err
    code, out, _ = run("quotes", "--db", db, "--format", "jsonl")
    assert [json.loads(line)["content"] for line in out.splitlines()] == ["We will rebuild the plant"]


def test_an_unknown_scope_in_a_config_file_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[quotes]\nscope = "everything"\n', encoding="utf-8")
    src = tmp_path / "story.txt"
    src.write_text("“Yes,” she said.\n", encoding="utf-8")
    code, _, err = run("extract", "--config", str(config), str(src))
    assert code != 0 and "quotes.scope" in err and "statements, attributions" in err
