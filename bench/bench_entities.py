#!/usr/bin/env python3
"""Benchmark entities and times: speaker-name resolution, time accuracy, and added cost.

(a) Named-speaker resolution on PolNeAR dev: for each hand-annotated source mention in
    tests/data/polnear_speakers.json, does the entity covering that span carry the right
    canonical name? "exact" compares normalised names; "lenient" also forgives middle initials.
(b) Time-expression accuracy on the seeds' gold.json and on tests/data/times_sample.json.
(c) Time added per article by find_entities + resolve_times relative to the bare spaCy parse.

usage: python bench/bench_entities.py [--articles N] [--verbose]
Reads ../shared (beside the repo) for the corpora.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
sys.path.insert(0, str(REPO / "src"))

from quotetrail import nlp as qnlp  # noqa: E402
from quotetrail.entities import find_entities, normalize_name  # noqa: E402
from quotetrail.times import resolve_times  # noqa: E402


def _lenient(name: str) -> str:
    words = [w for w in normalize_name(name).split() if len(w) > 1 and w not in ("jr", "sr")]
    return " ".join(words[:1] + words[-1:]) if len(words) > 1 else " ".join(words)


def resolve_mention(ents: list[Any], start: int, end: int) -> Any:
    """The entity with the mention overlapping [start, end) the most, or None."""
    best, overlap = None, 0
    for ent in ents:
        for m in ent.mentions:
            ov = min(m.end, end) - max(m.start, start)
            if ov > overlap:
                best, overlap = ent, ov
    return best


def bench_speakers(nlp: Any, verbose: bool) -> None:
    data = json.loads((REPO / "tests/data/polnear_speakers.json").read_text(encoding="utf-8"))["mentions"]
    for split, note in (("dev", "studied while developing"), ("train", "held out")):
        rows_all = [r for r in data if r.get("split", "dev") == split]
        text_dir = SHARED / f"corpus/polnear/{split}/text"
        by_article: dict[str, list[dict[str, Any]]] = {}
        for row in rows_all:
            by_article.setdefault(row["article"], []).append(row)
        covered = exact = lenient = 0
        for article, rows in by_article.items():
            ents = find_entities(nlp((text_dir / f"{article}.txt").read_text(encoding="utf-8")))
            for row in rows:
                best = resolve_mention(ents, row["start"], row["end"])
                got = best.name if best else None
                covered += best is not None
                exact += got is not None and normalize_name(got) == normalize_name(row["canonical"])
                ok_len = got is not None and _lenient(got) == _lenient(row["canonical"])
                lenient += ok_len
                if verbose and not ok_len:
                    print(
                        f"  MISS {row['mention']!r:32} want {row['canonical']!r:26} got {got!r}  ({article[:40]})"
                    )
        n = len(rows_all)
        print(f"(a) PolNeAR {split} named speakers ({note}): {n} mentions in {len(by_article)} articles")
        print(f"    entity found at span: {covered}/{n} = {covered / n:.3f}")
        print(f"    canonical name exact: {exact}/{n} = {exact / n:.3f}")
        print(f"    canonical name lenient (middle initials): {lenient}/{n} = {lenient / n:.3f}")


def _seed_bodies() -> list[tuple[str, str, str]]:
    seeds = SHARED / "corpus/seeds"
    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))
    out = []
    for name, g in gold["documents"].items():
        raw = (seeds / name).read_text(encoding="utf-8")
        start = raw.rindex(g["body_starts_with"])  # the body, not the teaser line above it
        end = raw.index(g["body_ends_with"], start) + len(g["body_ends_with"])
        out.append((name, raw[start:end], g["published"]))
    return out


def _norm(s: str) -> str:
    return " ".join(s.replace("\u2019", "'").lower().split())


def _hit(times: list[Any], expression: str) -> list[Any]:
    e = _norm(expression)
    return [t for t in times if e in _norm(t.text) or _norm(t.text) in e]


def bench_times(nlp: Any, verbose: bool) -> None:
    gold = json.loads((SHARED / "corpus/seeds/gold.json").read_text(encoding="utf-8"))
    bodies = {name: (body, pub) for name, body, pub in _seed_bodies()}
    ok = 0
    for t in gold["time_expressions"]:
        body, pub = bodies[t["document"]]
        hits = _hit(resolve_times(nlp(body), pub), t["text"])
        good = any(str(h.value or "").startswith(t["resolves_to"]) for h in hits)
        ok += good
        if verbose and not good:
            print(f"  MISS seeds {t['text']!r} -> {[h.value for h in hits]} want {t['resolves_to']}")
    n = len(gold["time_expressions"])
    print(f"(b) seeds time expressions: {ok}/{n} = {ok / n:.3f}")

    all_items = json.loads((REPO / "tests/data/times_sample.json").read_text(encoding="utf-8"))["items"]
    for split, note in (
        ("first", "written first, studied while developing"),
        ("after", "written later, held out"),
    ):
        items = [it for it in all_items if it.get("split", "first") == split]
        ok = found = 0
        for it in items:
            hits = _hit(resolve_times(nlp(it["text"]), it["published"]), it["expression"])
            found += bool(hits)
            good = bool(hits) and hits[0].value == it["value"]
            ok += good
            if verbose and not good:
                print(
                    f"  MISS sample {it['expression']!r} ({it['published']}) -> {[h.value for h in hits]} "
                    f"want {it['value']}"
                )
        n = len(items)
        print(f"    written sample ({note}): found {found}/{n}, value right {ok}/{n} = {ok / n:.3f}")


def bench_cost(nlp: Any, limit: int) -> None:
    text_dir = SHARED / "corpus/polnear/dev/text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(text_dir.glob("*.txt"))[:limit]]
    # Warm up: model caches, alias table, dateparser's language data.
    warm = nlp(texts[0])
    find_entities(warm)
    resolve_times(warm, "2016-09-20T12:00")
    parse_s, extra_s = [], []
    for text in texts:
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        find_entities(doc)
        resolve_times(doc, "2016-09-20T12:00")
        t2 = time.perf_counter()
        parse_s.append(t1 - t0)
        extra_s.append(t2 - t1)
    total_parse, total_extra = sum(parse_s), sum(extra_s)
    chars = sum(len(t) for t in texts)
    print(f"(c) cost on {len(texts)} PolNeAR dev articles ({chars / len(texts):.0f} chars on average)")
    print(
        f"    spaCy parse: {1000 * total_parse / len(texts):.1f} ms/article; entities+times: "
        f"{1000 * total_extra / len(texts):.1f} ms/article (median {1000 * statistics.median(extra_s):.1f})"
    )
    print(f"    added time relative to the parse: {100 * total_extra / total_parse:.1f}% (target <= 15%)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=40, help="articles for the cost measurement")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"corpora not found at {SHARED}", file=sys.stderr)
        return 2
    nlp = qnlp.load(with_quotes=False)
    bench_speakers(nlp, args.verbose)
    bench_times(nlp, args.verbose)
    bench_cost(nlp, args.articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
