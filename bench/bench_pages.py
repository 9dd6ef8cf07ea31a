"""Page render times on a 100k-quote store (the issue's target: every page under 300 ms).

Generates (once, then reuses) a synthetic SQLite store: 10,000 articles from 40 outlets over
two years, 10 quotes each (100,000 quotes) by 300 speakers, with statements, positions, stories
and syndicated copies filled as the later pipeline stages would. Then renders each page kind
in process (ASGI, no network: the time is the server's) and prints cold and warm timings.

    python bench/bench_pages.py [--db PATH] [--articles 10000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from quotetrail.store import open_store
from quotetrail.types import Document, Entity, Quote, Span, Speaker

#: Words that carry topics; they are placed at mid ranks of a Zipf vocabulary, as in news text.
TOPICS = [
    "security",
    "NATO",
    "Ukraine",
    "Russia",
    "sanctions",
    "energy",
    "gas",
    "border",
    "talks",
    "peace",
    "ceasefire",
    "economy",
    "budget",
    "taxes",
    "election",
    "court",
    "reform",
    "climate",
    "emissions",
    "trade",
    "tariffs",
    "China",
    "Europe",
    "alliance",
    "weapons",
    "aid",
    "inflation",
    "jobs",
    "migration",
    "health",
    "vaccines",
    "schools",
    "police",
    "justice",
    "rights",
    "freedom",
    "press",
    "media",
    "markets",
    "growth",
]
FUNCTION_WORDS = "the of and to a in that is we it for not this be will on with are our they have".split()  # noqa: SIM905


def vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary (weight 1/rank): function words first, topics at ranks 60-800."""
    syllables = ["ka", "lo", "mer", "tan", "si", "vo", "ren", "da", "pol", "ist", "ur", "gen", "bra", "ti"]
    made: set[str] = set()
    while len(made) < size:
        made.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    words = FUNCTION_WORDS + sorted(made)
    for i, topic in enumerate(TOPICS):
        words.insert(60 + i * 18, topic)
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


KINDS = ["direct", "direct", "indirect", "indirect", "partial", "mixed"]
CUES = ["said", "told", "warned", "added", "stressed", "noted", "claimed"]


def _sentence(rng: random.Random, n: int, vocab: tuple[list[str], list[float]]) -> str:
    return " ".join(rng.choices(vocab[0], cum_weights=vocab[1], k=n)).capitalize()


def generate(
    path: Path, articles: int = 10_000, quotes_per: int = 10, speakers: int = 300, seed: int = 7
) -> None:
    """Write the synthetic store at ``path`` (deterministic for a given seed)."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    people = [(f"person:speaker-{i}", f"Speaker {i} Example") for i in range(speakers)]
    weights = [1 / (i + 1) for i in range(speakers)]  # a few speakers are quoted a lot, as in news
    outlets = [f"outlet{i}.example" for i in range(40)]
    store = open_store(str(path))
    started = time.perf_counter()
    batch: list[Document] = []
    for a in range(articles):
        month = 1 + (a * 24) // articles
        published = (
            f"{2024 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-{1 + a % 28:02d}T{a % 24:02d}:00:00+00:00"
        )
        text = _sentence(rng, 12, vocab) + "."
        quotes: list[Quote] = []
        entities: dict[str, Entity] = {}
        for _ in range(quotes_per):
            pid, name = rng.choices(people, weights)[0]
            text += " "
            m0 = len(text)
            text += name
            mention = Span.of(text, m0, len(text))
            cue_word = rng.choice(CUES)
            text += f' {cue_word} "'
            cue = Span.of(text, m0 + len(name) + 1, m0 + len(name) + 1 + len(cue_word))
            c0 = len(text)
            text += _sentence(rng, rng.randint(8, 25), vocab)
            quotes.append(
                Quote(
                    kind=rng.choice(KINDS),
                    content=Span.of(text, c0, len(text)),
                    cue=cue,  # type: ignore[arg-type]
                    mention=mention,
                    speaker=Speaker(name=name, id=pid, confidence=0.9, via="name"),
                    said_on=published[:10],
                )
            )
            text += '".'
            entities.setdefault(
                pid, Entity(id=pid, name=name, type="person", roles=["Minister"])
            ).mentions.append(mention)
        batch.append(
            Document(
                source=f"gen/{a}.html",
                text=text,
                body=text,
                headline=_sentence(rng, 8, vocab),
                outlet=rng.choice(outlets),
                published=published,
                language="en",
                quotes=quotes,
                entities=list(entities.values()),
                id=f"gen{a:06d}",
                url=f"https://example.com/{a}",
                input_kind="html",
                raw=text.encode(),
            )
        )
        if len(batch) == 500:
            store.save_documents(batch)
            batch = []
    if batch:
        store.save_documents(batch)
    _link(store, rng, articles, vocab)
    store.close()
    print(f"generated {path} in {time.perf_counter() - started:.1f}s", file=sys.stderr)


def _link(store: Any, rng: random.Random, articles: int, vocab: tuple[list[str], list[float]]) -> None:
    """Statements (3 quotes each), positions, stories of ~8 articles and syndicated copies."""
    rows = store.query("SELECT id, speaker_id, speaker_name, content, published FROM quotes ORDER BY id")
    with store.transaction() as conn:
        for i in range(0, len(rows) - 2, 3):
            group = rows[i : i + 3]
            sid = f"st{i // 3:06d}"
            first = group[0]
            conn.execute(
                "INSERT INTO statements (id, speaker_id, speaker_name, position_id, first_seen, last_seen,"
                " wording, topics, reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sid,
                    first["speaker_id"],
                    first["speaker_name"],
                    f"pos-{first['speaker_id']}-{i % 7}",
                    (first["published"] or "")[:10],
                    (group[-1]["published"] or "")[:10],
                    first["content"],
                    json.dumps(rng.sample(TOPICS, 2)),
                    len(group),
                ),
            )
            conn.executemany(
                "UPDATE quotes SET statement_id = ? WHERE id = ?", [(sid, q["id"]) for q in group]
            )
        for s in range(articles // 8):
            conn.execute(
                "INSERT INTO stories (id, title, first_seen, last_seen, articles, outlets)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (f"story{s:05d}", _sentence(rng, 6, vocab), None, None, 8, 6),
            )
        for a in range(articles):
            is_copy = int(a % 8 in (6, 7))
            conn.execute(
                "UPDATE articles SET story_id = ?, syndication_group = ?, is_copy = ? WHERE id = ?",
                (
                    f"story{a // 8:05d}",
                    f"syn{a // 8:05d}" if a % 8 in (5, 6, 7) else None,
                    is_copy,
                    f"gen{a:06d}",
                ),
            )


#: Indexes the server's reads would use that the store's schema (migration 2) does not have yet.
PROPOSED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS quotes_speaker_published ON quotes (speaker_id, published)",
    "CREATE INDEX IF NOT EXISTS statements_position ON statements (position_id)",
]


def ensure_store(path: Path, articles: int = 10_000) -> Path:
    """The generated store at ``path``, generated if missing or of another size."""
    if path.exists():
        store = open_store(str(path))
        try:
            if store.count("articles") == articles and store.count("statements") > 0:
                return path
        finally:
            store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    generate(path, articles)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/quotetrail-bench-100k.sqlite"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--proposed-indexes",
        action="store_true",
        help="first add the indexes proposed to the store's schema (to measure their effect)",
    )
    args = parser.parse_args()
    path = ensure_store(args.db, args.articles)
    if args.proposed_indexes:
        store = open_store(str(path))
        with store.transaction() as conn:
            for sql in PROPOSED_INDEXES:
                conn.execute(sql)
        store.close()

    import httpx
    from anyio.from_thread import start_blocking_portal

    from quotetrail.server import create_app

    store = open_store(str(path))
    top = store.query(
        "SELECT speaker_id, COUNT(*) n FROM quotes GROUP BY speaker_id ORDER BY n DESC LIMIT 1"
    )[0]
    quotes = store.count("quotes")
    store.close()
    pages = [
        ("search (latest)", "/"),
        ("search 'NATO'", "/?q=NATO"),
        ("search 'NATO security'", "/?q=NATO+security"),
        ("search 'the' (broadest word)", "/?q=the"),
        ("search word+speaker facet", f"/?q=energy&speaker={top['speaker_id']}"),
        ("search month facet", "/?month=2025-03"),
        ("search 'peace' page 11", "/?q=peace&offset=200"),
        (f"speaker (top, {top['n']} quotes)", f"/speakers/{top['speaker_id']}"),
        ("speaker (rare)", "/speakers/person:speaker-299"),
        ("speakers list", "/speakers"),
        ("statement", "/statements/st000100"),
        ("article", "/articles/gen005000"),
        ("story", "/stories/story00100"),
        ("API quotes q=NATO", "/api/quotes?q=NATO&limit=50"),
        ("API facets q=peace", "/api/quotes/facets?q=peace"),
    ]
    load = os.getloadavg()[0]
    print(
        f"store: {path} ({quotes} quotes); {args.repeat} renders per page, in process; "
        f"proposed indexes: {'yes' if args.proposed_indexes else 'no'}; load average {load:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print(f"{'page':38} {'cold ms':>8} {'p50 ms':>8} {'max ms':>8}  status")
    worst = 0.0
    with start_blocking_portal() as portal:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(str(path))), base_url="http://bench"
        )
        for label, url in pages:
            times = []
            status = 0
            for _ in range(args.repeat + 1):
                t0 = time.perf_counter()
                response = portal.call(client.get, url)
                times.append((time.perf_counter() - t0) * 1000)
                status = response.status_code
            warm = times[1:]
            worst = max(worst, times[0], max(warm))
            print(f"{label:38} {times[0]:8.1f} {statistics.median(warm):8.1f} {max(warm):8.1f}  {status}")
        portal.call(client.aclose)
    print(f"slowest single render: {worst:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
