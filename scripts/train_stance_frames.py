"""Learn which stance frames PolNeAR annotates, for quotetrail's "attributions" scope.

PolNeAR marks far more than speech: stances ("supported Clinton", "critical of the deal"),
intentions ("vowed to repeal it"), perceptions ("saw a chance"). Whether a word in a given frame
is annotated is an empirical question, so this script counts it. For every verb, noun and
adjective of the parsed train split, each frame it heads (its direct object, its infinitive or
clausal complement, the object of its first preposition) is a candidate attribution whose
content is that constituent; it counts how often the candidate's content is exactly a gold
content whose cue covers the word. Only counts per "pos|frame|lemma" are written (no PolNeAR
text), to src/quotetrail/data/quotes/stances.json. Dev is never read.

The parse is quotetrail's own (``quotetrail.nlp.load()``), the one the rules run on.

usage: python scripts/train_stance_frames.py [POLNEAR_TRAIN_DIR] [--limit N] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc, Token

from quotetrail import nlp as nlp_module
from quotetrail.evaluate import _trimmed, annotation_files, parse_ann
from quotetrail.quotes.attribution import stance_frames

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "quotetrail" / "data" / "quotes" / "stances.json"
DEFAULT_TRAIN = ROOT.parent / "shared" / "corpus" / "polnear" / "train"
#: Keep frames seen annotated at least this often (rarer ones say nothing reliable).
MIN_HITS = 3


def frames(tok: Token) -> list[tuple[str, int, int]]:
    """The candidate contents a word heads: (frame, start char, end char), exactly as the
    attributions scope reports them (:func:`quotetrail.quotes.attribution.stance_frames`)."""
    return [(f, first.idx, last.idx + len(last)) for f, first, last, _ in stance_frames(tok)]


def count(doc: Doc, ann: Path, hits: Counter[str], totals: Counter[str]) -> None:
    text = doc.text
    by_content: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for g in parse_ann(ann):
        if g["cue"] is not None:
            by_content[_trimmed(text, *g["content"])].append(g["cue"])
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN", "ADJ"):
            continue
        for frame, start, end in frames(tok):
            key = f"{tok.pos_.lower()}|{frame}|{tok.lemma_.lower()}"
            totals[key] += 1
            cues = by_content.get(_trimmed(text, start, end), [])
            hits[key] += any(cs <= tok.idx < ce for cs, ce in cues)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", nargs="?", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the counts")
    args = ap.parse_args()
    anns = annotation_files(args.train)
    names = sorted(anns)[: args.limit]
    nlp = nlp_module.load()
    texts = [(args.train / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16), strict=True):
        count(doc, anns[name], hits, totals)
    table = {k: [hits[k], totals[k]] for k in sorted(totals) if hits[k] >= MIN_HITS}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {"source": "PolNeAR train split, frame counts only", "articles": len(names), "frames": table},
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out} from {len(names)} articles: {len(table)} frames")


if __name__ == "__main__":
    main()
