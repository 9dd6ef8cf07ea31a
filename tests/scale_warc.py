"""Generated WARC archives for the scale tests (process pool, resume, Spark).

Articles are made up from templates (a seeded generator, so every run sees the same archive) with
quotes, people, organisations and dates in them, so that the whole pipeline has work to do. Bad
records can be mixed in: a revisit, a PDF response, a record whose Content-Length is wrong, and a
gzip member cut mid-way at the end of the file.
"""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PEOPLE = [
    "Maria Lopez",
    "John Carter",
    "Aisha Rahman",
    "Peter Novak",
    "Lena Fischer",
    "Omar Haddad",
    "Grace Kim",
    "Tomás Silva",
    "Hannah Berg",
    "Victor Mensah",
]
ROLES = [
    "the finance minister",
    "the mayor",
    "a spokesperson for the union",
    "the company's chief executive",
    "the health secretary",
    "an opposition leader",
]
ORGS = [
    "the European Commission",
    "Acme Holdings",
    "the World Health Organization",
    "the city council",
    "Northwind Energy",
    "the central bank",
]
PLACES = ["Brussels", "Nairobi", "Lisbon", "Toronto", "Seoul", "Madrid"]
TOPICS = [
    "the new budget",
    "rising energy prices",
    "the transport strike",
    "the vaccine rollout",
    "the housing shortage",
    "interest rates",
]
DAYS = ["on Monday", "on Tuesday", "last week", "on Friday", "in March", "yesterday"]


def article(index: int, rng: random.Random) -> tuple[str, str]:
    """One article page: (url, html)."""
    person, other = rng.sample(PEOPLE, 2)
    role, org, place, topic = rng.choice(ROLES), rng.choice(ORGS), rng.choice(PLACES), rng.choice(TOPICS)
    day = rng.choice(DAYS)
    headline = f"{person} warns over {topic} as {org} meets in {place} ({index})"
    paragraphs = [
        f"{place.upper()} — {person}, {role}, said {day} that {topic} would dominate talks with {org}.",
        f"\u201cWe cannot wait any longer, and we will not,\u201d {person} told reporters in {place}. "
        f"\u201cEvery week of delay costs families money.\u201d",
        f"{other} disagreed. \u201cThis plan is rushed and nobody has read it,\u201d "
        f"{other.split()[-1]} said, "
        f"adding that {org} had not published its figures.",
        f"According to {other}, the proposal on {topic} should be put to a vote before the end of the year.",
        f"Officials at {org} said in a statement {day} that they were \u201cstudying every option\u201d "
        f"and would respond within days. Article number {index} of a generated test set.",
    ]
    for _ in range(rng.randint(1, 4)):
        paragraphs.append(
            f"Analysts in {rng.choice(PLACES)} said the debate over {rng.choice(TOPICS)} was far from over, "
            f"and {rng.choice(PEOPLE)} was expected to speak again {rng.choice(DAYS)}."
        )
    month, day_of_month = rng.randint(1, 12), rng.randint(1, 28)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{headline}</title>
<meta property="article:published_time" content="2025-{month:02d}-{day_of_month:02d}T09:30:00+00:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>{headline}</h1><p class="byline">By Staff Reporter</p>{body}</article>
<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"""
    return f"https://news{index % 5}.example.com/2025/{month:02d}/story-{index}.html", html


def articles(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [article(i, rng) for i in range(n)]


def _response(
    writer: WARCWriter, url: str, payload: bytes, content_type: str = "text/html; charset=utf-8"
) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
    )


def write_warc(path: Path, pages: list[tuple[str, str]], *, bad: bool = False) -> Path:
    """A gzipped WARC with one response record per page (and, with ``bad``, broken records too)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for number, (url, html) in enumerate(pages):
            _response(writer, url, html.encode("utf-8"))
            if bad and number == 1:
                pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
                _response(writer, "https://files.example.com/report.pdf", pdf, "application/pdf")
                revisit = writer.create_revisit_record(
                    url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", url, "2025-01-01T00:00:00Z"
                )
                writer.write_record(revisit)
            if bad and number == 2:
                # A record whose WARC Content-Length claims more bytes than it has.
                record = (
                    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bad.example.com/x\r\n"
                    b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
                    b"Content-Type: application/http; msgtype=response\r\nContent-Length: 99999\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                    b"<html><p>short</p></html>\r\n\r\n"
                )
                fh.write(gzip.compress(record))
        if bad:
            # A final gzip member cut mid-way, as a crawl interrupted while writing leaves it.
            tail = io.BytesIO()
            tail_writer = WARCWriter(tail, gzip=True)
            _response(tail_writer, "https://cut.example.com/story", pages[0][1].encode("utf-8") * 3)
            fh.write(tail.getvalue()[: len(tail.getvalue()) // 2])
    return path
