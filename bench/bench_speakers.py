#!/usr/bin/env python3
"""How often a quote's resolved speaker is the person the annotators pointed at.

PolNeAR marks each attribution's source as a surface mention ("he", "the senator", "Mr.
Trump"), not as a person. For every predicted quote whose content overlaps a gold attribution
(the reference scorer's one-to-one token-Jaccard >= 0.5 matching) and whose gold source exists,
this resolves the *gold* mention with quotetrail's own speaker resolver and compares the name
with the quote's resolved speaker. Both sides use the same resolver, so this does not grade the
resolver's pronoun guesses; it measures whether the quote is hung on the right mention and
whether the speaker resolution a user sees agrees with the annotated source.

Prints counts (agree, disagree, quote left unresolved, gold mention unresolvable), the agreement
rate among quotes where both sides resolve, and a sample of disagreements with ``--show N``.

usage: python bench/bench_speakers.py [SPLIT_DIR] [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from quotetrail import nlp as qnlp  # noqa: E402
from quotetrail.evaluate import _greedy_overlap, _trimmed, annotation_files, parse_ann  # noqa: E402
from quotetrail.quotes import extract_quotes_from_doc  # noqa: E402
from quotetrail.quotes.attribution import Attributor  # noqa: E402
from quotetrail.quotes.marks import find_regions  # noqa: E402
from quotetrail.quotes.speakers import SpeakerResolver  # noqa: E402

DEFAULT_SPLIT = REPO.parent / "shared" / "corpus" / "polnear" / "dev"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", nargs="?", type=Path, default=DEFAULT_SPLIT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=0, help="print this many disagreements")
    args = ap.parse_args()
    anns = annotation_files(args.split)
    names = list(anns)[: args.limit]
    if not names:
        sys.exit(f"no annotated articles under {args.split}")
    nlp = qnlp.load()
    counts: collections.Counter[str] = collections.Counter()
    disagreements: list[tuple[str, str, str, str]] = []
    texts = [(args.split / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16), strict=True):
        text = doc.text
        gold = parse_ann(anns[name])
        quotes = extract_quotes_from_doc(doc)
        regions, _ = find_regions(text)
        attributor = Attributor(doc, regions, text=text)
        resolver = SpeakerResolver(doc, attributor.in_quote, set(), toks=attributor.toks)
        gold_contents = [_trimmed(text, *g["content"]) for g in gold]
        predicted = [_trimmed(text, q.content.start, q.content.end) for q in quotes]
        for i, j in _greedy_overlap(text, predicted, gold_contents):
            source = gold[j]["source"]
            if not source:
                continue
            span = doc.char_span(*_trimmed(text, *source), alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            expected = resolver.resolve(span.root).name
            got = quotes[i].speaker.name
            if got is None:
                counts["quote unresolved"] += 1
            elif expected is None:
                counts["gold mention unresolvable"] += 1
            elif got == expected:
                counts["agree"] += 1
            else:
                counts["disagree"] += 1
                disagreements.append((got, expected, span.text, quotes[i].content.text[:80]))
    both = counts["agree"] + counts["disagree"]
    print(f"{len(names)} articles of {args.split}")
    for key in ("agree", "disagree", "quote unresolved", "gold mention unresolvable"):
        print(f"  {key}: {counts[key]}")
    if both:
        print(
            f"speaker agreement where both resolve: {counts['agree'] / both:.3f} ({counts['agree']}/{both})"
        )
    random.seed(0)
    for got, expected, mention, content in random.sample(disagreements, min(args.show, len(disagreements))):
        print(f"  quote says {got!r}, gold mention {mention!r} resolves to {expected!r}: {content!r}")


if __name__ == "__main__":
    main()
