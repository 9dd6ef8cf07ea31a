"""iter_inputs() and decode(): the documents a user gets out of the inputs they name.

Every bad input must come out as exactly one InputFailure naming it and the reason, while the
good documents around it still come out. Inputs are generated in each test (WARC with warcio's
writer, JSONL, RSS) so every case is explicit; feed entry pages are served by httpx.MockTransport.
"""

from __future__ import annotations

import gzip
import io
import ipaddress
import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotetrail import fetch as fetch_module
from quotetrail.ingest import InputFailure, decode, iter_inputs
from quotetrail.settings import Options
from quotetrail.types import RawInput

SHARED = Path(__file__).resolve().parents[2] / "shared"

PAGE = "<!DOCTYPE html><html><head><title>{t}</title></head><body><p>{t} said “{q}”.</p></body></html>"


def page(title: str, quote: str = "We will act") -> bytes:
    return PAGE.format(t=title, q=quote).encode("utf-8")


def run(
    sources: list[str], options: Options | None = None, **kwargs: object
) -> list[RawInput | InputFailure]:
    return list(iter_inputs(sources, options or Options.load(), **kwargs))  # type: ignore[arg-type]


def split(items: list[RawInput | InputFailure]) -> tuple[list[RawInput], list[InputFailure]]:
    docs = [i for i in items if isinstance(i, RawInput)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    assert len(docs) + len(fails) == len(items)
    return docs, fails


def only_failure(items: list[RawInput | InputFailure]) -> InputFailure:
    assert len(items) == 1 and isinstance(items[0], InputFailure), items
    return items[0]


# -- plain files ---------------------------------------------------------------------------------


def test_text_and_html_files_come_out_with_their_kinds(tmp_path: Path) -> None:
    (tmp_path / "scrape.txt").write_text("Menu\nHome\nThe minister said he would resign.\n", encoding="utf-8")
    (tmp_path / "story.html").write_bytes(page("Storm"))
    with gzip.open(tmp_path / "zipped.html.gz", "wb") as fh:
        fh.write(page("Flood"))
    docs, fails = split(run([str(tmp_path / n) for n in ("scrape.txt", "story.html", "zipped.html.gz")]))
    assert fails == []
    assert [(d.source, d.kind) for d in docs] == [
        (str(tmp_path / "scrape.txt"), "text"),
        (str(tmp_path / "story.html"), "html"),
        (str(tmp_path / "zipped.html.gz"), "html"),
    ]
    assert all(d.container == d.source for d in docs)
    assert "Flood said" in decode(docs[2])


def test_no_clean_marks_text_as_clean_but_leaves_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Already clean text.", encoding="utf-8")
    (tmp_path / "b.html").write_bytes(page("Storm"))
    docs, _ = split(run([str(tmp_path / "a.txt"), str(tmp_path / "b.html")], clean=False))
    assert [d.kind for d in docs] == ["clean", "html"]


def test_outlet_is_passed_only_when_given(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(page("Storm"))
    assert split(run([str(tmp_path / "a.html")]))[0][0].outlet is None
    assert split(run([str(tmp_path / "a.html")], outlet="Reuters"))[0][0].outlet == "Reuters"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.html", b"  \n\t\n", "whitespace"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "no text"),
        ("utf16-blank.txt", "   \n".encode("utf-16"), "no text"),
        ("noise.txt", random.Random(7).randbytes(4096), "binary"),
        ("report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ],
)
def test_unreadable_files_are_one_failure_each(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    failure = only_failure(run([str(path)]))
    assert failure.source == str(path)
    assert failure.error.startswith(str(path))
    assert reason in failure.error
    assert "\n" not in failure.error


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(page("x" * 600))
    failure = only_failure(run([str(path)], Options.load(input__max_bytes=500)))
    assert "max_bytes" in failure.error and str(path) in failure.error


def test_gzip_bomb_is_capped_after_decompression(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"<html><body>" + b"a" * 200_000)
    assert path.stat().st_size < 5000
    failure = only_failure(run([str(path)], Options.load(input__max_bytes=50_000)))
    assert "max_bytes" in failure.error


def test_truncated_gzip_page_is_a_failure(tmp_path: Path) -> None:
    data = gzip.compress(page("Storm") * 50)
    path = tmp_path / "cut.html.gz"
    path.write_bytes(data[: len(data) // 2])
    assert "gzip" in only_failure(run([str(path)])).error


def test_missing_path_and_unsupported_scheme_are_failures(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.html")
    items = run([missing, "ftp://example.org/a.html"])
    assert [i.source for i in items] == [missing, "ftp://example.org/a.html"]
    assert "no such file" in items[0].error  # type: ignore[union-attr]
    assert "scheme" in items[1].error  # type: ignore[union-attr]


def test_a_source_named_twice_comes_out_once(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(page("Storm"))
    items = run([str(tmp_path / "a.html"), str(tmp_path), str(tmp_path / "a.html")])
    assert [i.source for i in items] == [str(tmp_path / "a.html")]


# -- encodings -----------------------------------------------------------------------------------

WESTERN = "The minister’s “final offer” — €5 billion — was rejected in Genève, Zoë said."


def test_cp1252_text_file_decodes_without_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(WESTERN.encode("cp1252"))
    (doc,) = split(run([str(path)]))[0]
    assert decode(doc) == WESTERN


def test_latin1_page_declared_as_utf8_decodes_correctly(tmp_path: Path) -> None:
    text = "Le ministre a déclaré à Genève : « nous ne céderons pas », a-t-il ajouté."
    html = f'<html><head><meta charset="utf-8"></head><body><p>{text}</p></body></html>'
    path = tmp_path / "wrong.html"
    path.write_bytes(html.encode("latin-1"))
    (doc,) = split(run([str(path)]))[0]
    out = decode(doc)
    assert text in out
    assert "\ufffd" not in out and "Ã" not in out


def test_declared_encoding_is_used_when_it_fits() -> None:
    text = "Путин заявил, что переговоры продолжатся."
    html = f'<html><head><meta charset="windows-1251"></head><body>{text}</body></html>'
    assert text in decode(html.encode("cp1251"))
    assert text in decode(html.encode("koi8-r"), declared="koi8-r")


def test_byte_order_marks(tmp_path: Path) -> None:
    assert decode(b"\xef\xbb\xbfHello") == "Hello"
    assert decode("Grüße".encode("utf-16")) == "Grüße"
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHe said hi.\r\nThen left.")
    (cleaned,) = split(run([str(path)]))[0]
    (verbatim,) = split(run([str(path)], clean=False))[0]
    assert decode(cleaned) == "He said hi.\nThen left."
    # Verbatim text indexes like Path.read_text(encoding="utf-8") does, so offsets agree.
    assert decode(verbatim) == path.read_text(encoding="utf-8")


def test_text_mis_decoded_upstream_is_repaired_unless_verbatim() -> None:
    text = "The minister’s offer — €5 billion — was rejected in Genève, Zoë said."
    broken = text.encode("utf-8").decode("cp1252").encode("utf-8")  # as a bad scraper does
    assert decode(broken) == text
    assert decode(broken, verbatim=True) != text


# -- WARC ----------------------------------------------------------------------------------------


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    )


def _warc_bytes(build: Callable[[WARCWriter], None], *, gz: bool = True) -> bytes:
    buffer = io.BytesIO()
    build(WARCWriter(buffer, gzip=gz))
    return buffer.getvalue()


def test_warc_yields_html_responses_and_one_failure_per_bad_record(tmp_path: Path) -> None:
    def build(w: WARCWriter) -> None:
        w.write_record(w.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))  # 1
        _response(w, "https://news.example/a", page("Alpha"), "text/html; charset=utf-8")  # 2
        _response(w, "https://news.example/report.pdf", b"%PDF-1.4 ...", "application/pdf")  # 3
        w.write_record(  # 4
            w.create_revisit_record(
                "https://news.example/a",
                digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                refers_to_uri="https://news.example/a",
                refers_to_date="2025-09-01T00:00:00Z",
            )
        )
        _response(w, "https://news.example/gone", b"not here", "text/html", status="404 Not Found")  # 5
        body = "<html><body><p>Zoë said “no”.</p></body></html>".encode("cp1252")
        _response(w, "https://news.example/b", body, "text/html; charset=windows-1252")  # 6

    good = _warc_bytes(build)

    def last(w: WARCWriter) -> None:
        _response(w, "https://news.example/c", page("Gamma") * 20, "text/html")

    cut_member = _warc_bytes(last)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(good + cut_member[: len(cut_member) - 40])

    docs, fails = split(run([str(path)]))
    assert [(d.source, d.url) for d in docs] == [
        (f"{path}#2", "https://news.example/a"),
        (f"{path}#6", "https://news.example/b"),
    ]
    assert all(d.kind == "html" and d.container == str(path) for d in docs)
    assert "Alpha said" in decode(docs[0])
    assert "Zoë said “no”" in decode(docs[1])
    reasons = {f.source.rsplit("#", 1)[1]: f.error for f in fails}
    assert sorted(reasons) == ["3", "4", "5", "7"], reasons
    assert "application/pdf" in reasons["3"]
    assert "revisit" in reasons["4"]
    assert "404" in reasons["5"]
    assert "Content-Length" in reasons["7"]
    assert all(f.container == str(path) and f.error.startswith(f.source) for f in fails)


def test_warc_record_with_wrong_content_length_is_not_passed_on(tmp_path: Path) -> None:
    def build(w: WARCWriter) -> None:
        _response(w, "https://news.example/a", page("Alpha"), "text/html")
        _response(w, "https://news.example/b", page("Beta"), "text/html")

    data = _warc_bytes(build, gz=False)
    path = tmp_path / "damaged.warc"
    path.write_bytes(data.replace(b"Content-Length: ", b"Content-Length: 1", 1))  # first record: x10
    docs, fails = split(run([str(path)]))
    assert docs == []
    assert fails and fails[0].source == f"{path}#1"
    assert "Content-Length" in fails[0].error or "corrupt" in fails[0].error


def test_warc_record_shorter_than_its_data_fails_and_the_next_record_is_read(tmp_path: Path) -> None:
    def build(w: WARCWriter) -> None:
        _response(w, "https://news.example/a", page("Alpha"), "text/html")
        _response(w, "https://news.example/b", page("Beta"), "text/html")

    data = _warc_bytes(build, gz=False)
    data = re.sub(rb"WARC-(?:Block|Payload)-Digest: [^\r]*\r\n", b"", data)  # no digest to catch it
    match = re.search(rb"Content-Length: (\d+)", data)
    assert match is not None
    data = data[: match.start(1)] + str(int(match.group(1)) - 10).encode() + data[match.end(1) :]
    path = tmp_path / "short.warc"
    path.write_bytes(data)
    items = run([str(path)])
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2"]
    assert isinstance(items[0], InputFailure) and "Content-Length" in items[0].error
    assert isinstance(items[1], RawInput) and "Beta said" in decode(items[1])


def test_warc_records_are_capped_one_by_one(tmp_path: Path) -> None:
    def build(w: WARCWriter) -> None:
        _response(w, "https://news.example/big", page("Big") * 50, "text/html")
        _response(w, "https://news.example/small", page("Small"), "text/html")

    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(_warc_bytes(build))
    docs, fails = split(run([str(path)], Options.load(input__max_bytes=1000)))
    assert [d.url for d in docs] == ["https://news.example/small"]
    assert len(fails) == 1 and "max_bytes" in fails[0].error and fails[0].source == f"{path}#1"


def test_warc_is_detected_by_content_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "segment-00001"
    path.write_bytes(_warc_bytes(lambda w: _response(w, "https://n.example/a", page("A"), "text/html")))
    docs, fails = split(run([str(path)]))
    assert fails == [] and [d.url for d in docs] == ["https://n.example/a"]


# -- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://n.example/1", "html": page("One").decode(), "outlet": "NE"}),
        '{"url": "https://n.example/2", "html": "<p>broken',
        "",
        json.dumps({"url": "https://n.example/3", "text": "Plain text story.", "published": "2025-09-02"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"url": "https://n.example/5"}),
        json.dumps({"url": "https://n.example/6", "html": 42}),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, fails = split(run([str(path)]))
    assert [(d.source, d.kind, d.url) for d in docs] == [
        (f"{path}#1", "html", "https://n.example/1"),
        (f"{path}#4", "text", "https://n.example/3"),
    ]
    assert docs[0].outlet == "NE" and docs[1].published == "2025-09-02"
    assert "One said" in decode(docs[0])
    assert [f.source for f in fails] == [f"{path}#{n}" for n in (2, 5, 6, 7)]
    assert "not valid JSON" in fails[0].error
    assert "not an object" in fails[1].error
    assert "neither" in fails[2].error
    assert "'html'" in fails[3].error
    assert all(f.container == str(path) for f in fails)


def test_jsonl_given_outlet_overrides_record_and_gz_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"url": "u", "text": "Story.", "outlet": "Record Outlet"}) + "\n")
    (doc,) = split(run([str(path)], outlet="Given"))[0]
    assert doc.outlet == "Given" and doc.source == f"{path}#1"


def test_jsonl_overlong_line_fails_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    big = json.dumps({"url": "big", "text": "x" * 5000})
    small = json.dumps({"url": "small", "text": "Short story."})
    path.write_text(big + "\n" + small + "\n", encoding="utf-8")
    docs, fails = split(run([str(path)], Options.load(input__max_bytes=1000)))
    assert [d.url for d in docs] == ["small"] and docs[0].source == f"{path}#2"
    assert len(fails) == 1 and "max_bytes" in fails[0].error


def test_jsonl_is_sniffed_without_extension_but_pretty_json_is_one_failure(tmp_path: Path) -> None:
    dump = tmp_path / "export"
    dump.write_text(json.dumps({"url": "u", "text": "Story one."}) + "\n", encoding="utf-8")
    pretty = tmp_path / "ground-truth.json"
    pretty.write_text(json.dumps({"a": {"body": "x"}, "b": {"body": "y"}}, indent=2), encoding="utf-8")
    items = run([str(dump), str(pretty)])
    assert isinstance(items[0], RawInput) and items[0].source == f"{dump}#1"
    assert len(items) == 2 and isinstance(items[1], InputFailure) and "not JSONL" in items[1].error


# -- feeds and URLs ------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News - Politics</title><link>https://news.example/</link>
<item><title>A</title><link>https://www.news.example/a</link>
  <pubDate>Tue, 02 Sep 2025 10:06:00 +0300</pubDate></item>
<item><title>B</title><link>https://news.example/b</link></item>
<item><title>No link</title><description>just text</description></item>
<item><title>PDF</title><link>https://news.example/c.pdf</link></item>
</channel></rss>"""


def _news_server(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/a":
        return httpx.Response(200, content=page("Alpha"), headers={"Content-Type": "text/html"})
    if path == "/c.pdf":
        return httpx.Response(200, content=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    if path == "/feed.xml":
        return httpx.Response(200, text=RSS, headers={"Content-Type": "application/rss+xml"})
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    return httpx.Response(404)


@pytest.fixture
def news_client(monkeypatch: pytest.MonkeyPatch) -> httpx.Client:
    """A client whose requests MockTransport answers; news.example resolves to a public address."""
    monkeypatch.setattr(fetch_module, "_resolve", lambda host, port: [ipaddress.ip_address("93.184.216.34")])
    return httpx.Client(transport=httpx.MockTransport(_news_server))


def test_feed_file_entries_are_fetched(tmp_path: Path, news_client: httpx.Client) -> None:
    path = tmp_path / "politics.rss"
    path.write_text(RSS, encoding="utf-8")
    docs, fails = split(run([str(path)], client=news_client))
    (doc,) = docs
    assert doc.source == "https://www.news.example/a"
    assert doc.kind == "html" and doc.container == str(path)
    assert doc.outlet == "news.example"  # the entry's site, never the feed's title
    assert doc.published == "2025-09-02T10:06:00+03:00"
    assert "Alpha said" in decode(doc)
    assert [f.source for f in fails] == ["https://news.example/b", f"{path}#3", "https://news.example/c.pdf"]
    assert "404" in fails[0].error
    assert "no link" in fails[1].error
    assert "application/pdf" in fails[2].error
    assert all(f.container == str(path) for f in fails)


def test_feed_entries_come_out_in_feed_order_once_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_module, "_resolve", lambda host, port: [ipaddress.ip_address("93.184.216.34")])
    delays = {"/1": 0.3, "/2": 0.0, "/3": 0.15, "/4": 0.0}

    def handler(request: httpx.Request) -> httpx.Response:
        time.sleep(delays[request.url.path])  # later entries finish first
        return httpx.Response(200, content=page(request.url.path), headers={"Content-Type": "text/html"})

    links = ["/1", "/2", "/3", "/2", "/4"]
    items = "".join(f"<item><link>https://n.example{link}</link></item>" for link in links)
    path = tmp_path / "feed.rss"
    path.write_text(f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>', encoding="utf-8")
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        docs, fails = split(run([str(path)], client=client))
    assert fails == []
    assert [d.source for d in docs] == [f"https://n.example/{n}" for n in (1, 2, 3, 4)]


def test_feed_url_404_and_url_timeout_are_failures(news_client: httpx.Client) -> None:
    items = run(["https://news.example/missing-feed.xml", "https://news.example/slow"], client=news_client)
    assert [i.source for i in items] == ["https://news.example/missing-feed.xml", "https://news.example/slow"]
    assert all(isinstance(i, InputFailure) for i in items)
    assert "404" in items[0].error  # type: ignore[union-attr]
    assert "timed out" in items[1].error  # type: ignore[union-attr]


def test_feed_url_is_read_as_a_feed_and_given_outlet_wins(news_client: httpx.Client) -> None:
    docs, fails = split(run(["https://news.example/feed.xml"], outlet="Example News", client=news_client))
    assert [d.source for d in docs] == ["https://www.news.example/a"]
    assert docs[0].outlet == "Example News" and docs[0].container == "https://news.example/feed.xml"
    assert len(fails) == 3


def test_url_page_is_fetched(news_client: httpx.Client) -> None:
    (doc,) = run(["https://news.example/a"], client=news_client)
    assert isinstance(doc, RawInput)
    assert doc.url == "https://news.example/a" and doc.kind == "html" and doc.container == doc.source


def test_private_url_is_a_failure_not_a_crash() -> None:
    (failure,) = run(["http://169.254.169.254/latest/meta-data/"])
    assert isinstance(failure, InputFailure) and "non-public" in failure.error


def test_xml_file_that_is_not_a_feed_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://a/</loc></url></urlset>', encoding="utf-8"
    )
    assert "not an RSS or Atom feed" in only_failure(run([str(path)])).error


# -- directories ---------------------------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "2.html").write_bytes(page("A2"))
    (tmp_path / "a" / "1.txt").write_text("Text one.", encoding="utf-8")
    (tmp_path / "b" / "3.html").write_bytes(page("B3"))
    (tmp_path / "b" / ".draft.html").write_bytes(page("hidden"))
    (tmp_path / ".git" / "x.html").write_bytes(page("hidden"))
    (tmp_path / "README.md").write_text("not an input", encoding="utf-8")
    (tmp_path / "ground-truth.json").write_text("{}", encoding="utf-8")
    (tmp_path / "top.html").write_bytes(page("Top"))
    (tmp_path / "empty.txt").write_bytes(b"")
    first = run([str(tmp_path)])
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in first]
    assert names == ["empty.txt", "top.html", "a/1.txt", "a/2.html", "b/3.html"]
    assert isinstance(first[0], InputFailure) and all(isinstance(i, RawInput) for i in first[1:])
    assert [i.source for i in run([str(tmp_path)])] == [i.source for i in first]  # stable for resume


def test_seed_scrapes_are_read_as_text() -> None:
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"shared corpus not found at {seeds} (the repo is checked out beside shared/ in CI)")
    docs, fails = split(run([str(seeds)]))
    expected = sorted(p for p in seeds.glob("*.txt"))
    assert fails == []
    assert [d.source for d in docs] == [str(p) for p in expected]
    for doc, path in zip(docs, expected, strict=True):
        assert doc.kind == "text"
        assert decode(doc) == path.read_text(encoding="utf-8")
