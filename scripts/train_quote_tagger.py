#!/usr/bin/env python3
"""Train the learned attribution tagger (quotetrail.quotes.learned) on PolNeAR train.

Why this script is committed: the shipped weights in src/quotetrail/data/quotes/tagger/ must be
reproducible from the training split alone, and never carry PolNeAR text (a spaCy ``ner``
model stores only hashed features and weights; the saved vocab strings are cleared to labels).

    python scripts/train_quote_tagger.py /work/shared/corpus/polnear/train \
        --out src/quotetrail/data/quotes/tagger --minutes 30
    # then, to train longer than one budget, continue from the saved heads:
    python scripts/train_quote_tagger.py /work/shared/corpus/polnear/train \
        --resume src/quotetrail/data/quotes/tagger --out src/quotetrail/data/quotes/tagger --minutes 20

What it does:

1. reads each article with its first annotation file in sorted order (as the reference scorer);
2. parses the texts with the base English model (its tags are features; see ATTRS);
3. turns gold spans into token spans, trimmed like the scorer trims (white space, punctuation,
   quotation marks), in two layers: CONTENT, and SOURCE + CUE (see the module docstring of
   ``quotetrail.quotes.learned`` for why two heads);
4. holds out a few train articles (``--holdout``) to choose the best epoch -- PolNeAR dev is
   never read here;
5. trains two ``ner`` heads with their own small tok2vec by ``nlp.update`` until the time
   budget runs out, and saves the best epoch's pipeline.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import filter_spans, minibatch

from quotetrail import nlp as nlp_module
from quotetrail.evaluate import TRIM, annotation_files, parse_ann
from quotetrail.quotes import learned

log = logging.getLogger("train_quote_tagger")

#: hashed token features: the usual four plus the base model's fine-grained tag. Not the
#: dependency label: spaCy's ``ner`` never lets an entity cross a sentence start, and contents
#: often span sentences, so the heads run *before* the parser, on tagged docs without sentences.
ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"]
ROWS = [5000, 1000, 2500, 2500, 400]


def tok2vec_config(width: int, depth: int) -> dict[str, Any]:
    """An inline tok2vec for one head: hashed features incl. TAG/DEP, a CNN encoder."""
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": width,
            "attrs": ATTRS,
            "rows": ROWS,
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": width,
            "depth": depth,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    }


def ner_config(width: int, depth: int) -> dict[str, Any]:
    """A transition-based ``ner`` model on its own tok2vec."""
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "tok2vec": tok2vec_config(width, depth),
        }
    }


def build_pipeline(width: int, depth: int) -> Language:
    """Blank English with the two heads and the stash components between them."""
    nlp = spacy.blank("en")
    nlp.add_pipe("ner", name=learned.CONTENT_KEY, config=ner_config(width, depth))
    nlp.add_pipe("quotetrail_ents_to_spans", name="stash_content", config={"key": learned.CONTENT_KEY})
    nlp.add_pipe("ner", name=learned.ROLES_KEY, config=ner_config(width, depth))
    nlp.add_pipe("quotetrail_ents_to_spans", name="stash_roles", config={"key": learned.ROLES_KEY})
    return nlp


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The scorer's trimming, so the model learns the boundaries the metric compares."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def gold_layers(doc: Doc, ann: Path) -> tuple[list[Span], list[Span], int]:
    """Token spans of one article's gold, per layer; and how many were dropped (overlaps)."""
    content: list[Span] = []
    roles: list[Span] = []
    for att in parse_ann(ann):
        for role, label, bucket in (
            ("content", "CONTENT", content),
            ("cue", "CUE", roles),
            ("source", "SOURCE", roles),
        ):
            se = att[role]
            if se is None:
                continue
            s, e = trim(doc.text, *se)
            if s >= e:
                continue
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            # ner may not start or end an entity on a space token (e.g. a no-break space)
            while span is not None and len(span) and span[0].is_space:
                span = doc[span.start + 1 : span.end]
            while span is not None and len(span) and span[-1].is_space:
                span = doc[span.start : span.end - 1]
            if span is not None and len(span):
                bucket.append(Span(doc, span.start, span.end, label=label))
    n = len(set(content)) + len(set(roles))
    # ner spans cannot overlap: keep the longest contents (outer quote), shortest roles
    kept_content = filter_spans(content)
    kept_roles = sorted(set(roles), key=lambda s: (s.end - s.start, s.start))
    flat: list[Span] = []
    for span in kept_roles:
        if all(span.end <= o.start or span.start >= o.end for o in flat):
            flat.append(span)
    return kept_content, sorted(flat, key=lambda s: s.start), n - len(kept_content) - len(flat)


def tagged_only(doc: Doc) -> Doc:
    """The doc as the heads see it at run time: tokens and tags, no parse, no sentences."""
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
               tags=[t.tag_ for t in doc])


def with_ents(doc: Doc, spans: list[Span]) -> Doc:
    """A tagged-only copy of the doc whose entities are the given gold spans (others outside)."""
    ref = tagged_only(doc)
    ref.set_ents([Span(ref, s.start, s.end, label=s.label_) for s in spans], default="outside")
    return ref


def load_split(split: Path, cache: Path, base: Language) -> tuple[list[str], list[Doc]]:
    """Article names and parsed docs, cached as a DocBin (parsing is the slow part)."""
    names = list(annotation_files(split))
    if cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(base.vocab))
        if len(docs) == len(names):
            return names, docs
    texts = [(split / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    t0 = time.perf_counter()
    docs = list(base.pipe(texts, batch_size=16))
    log.info("parsed %d articles in %.0f s", len(docs), time.perf_counter() - t0)
    DocBin(attrs=["ORTH", "TAG", "DEP", "HEAD", "SENT_START", "POS"], docs=docs).to_disk(cache)
    return names, docs


def span_f1(pred: list[set[tuple[int, int]]], gold: list[set[tuple[int, int]]]) -> float:
    """Exact-match F1 of span sets, summed over documents."""
    tp = sum(len(p & g) for p, g in zip(pred, gold, strict=True))
    npred, ngold = sum(map(len, pred)), sum(map(len, gold))
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


def score_holdout(nlp: Language, docs: list[Doc], golds: list[tuple[list[Span], list[Span]]]) -> dict[str, float]:
    """Exact F1 per label on held-out train articles (token spans, gold already trimmed)."""
    pred: dict[str, list[set[tuple[int, int]]]] = {"CONTENT": [], "CUE": [], "SOURCE": []}
    gold: dict[str, list[set[tuple[int, int]]]] = {"CONTENT": [], "CUE": [], "SOURCE": []}
    for doc, out, (gc, gr) in zip(docs, nlp.pipe(tagged_only(d) for d in docs), golds, strict=True):
        del doc
        spans = list(out.spans[learned.CONTENT_KEY]) + list(out.spans[learned.ROLES_KEY])
        for label in pred:
            pred[label].append({(s.start, s.end) for s in spans if s.label_ == label})
            gold[label].append({(s.start, s.end) for s in gc + gr if s.label_ == label})
    return {label: round(100 * span_f1(pred[label], gold[label]), 1) for label in pred}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train_dir", type=Path, help="PolNeAR train split (text/, attributions/)")
    ap.add_argument("--out", type=Path, default=learned.TAGGER_DIR)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/quote_tagger_train.spacy"))
    ap.add_argument("--minutes", type=float, default=25.0, help="training time budget (wall clock)")
    ap.add_argument("--max-epochs", type=int, default=30)
    ap.add_argument("--holdout", type=int, default=40, help="train articles held out for epoch choice")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles (smoke runs)")
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--dropout", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", type=Path, default=None, help="continue training saved heads from DIR")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if "/dev" in {p.name for p in args.train_dir.resolve().parents} or args.train_dir.name == "dev":
        ap.error("train on the train split only; dev is the honest estimate")

    spacy.util.fix_random_seed(args.seed)
    base = spacy.load(nlp_module.model_name(), exclude=list(learned.BASE_EXCLUDE))
    names, docs = load_split(args.train_dir, args.cache, base)
    anns = annotation_files(args.train_dir)
    if args.limit:
        names, docs = names[: args.limit], docs[: args.limit]
    golds = []
    dropped = 0
    for name, doc in zip(names, docs, strict=True):
        c, r, d = gold_layers(doc, anns[name])
        golds.append((c, r))
        dropped += d
    log.info("%d articles, %d tokens; %d gold spans dropped as overlapping", len(docs), sum(map(len, docs)), dropped)

    order = list(range(len(docs)))
    random.Random(args.seed).shuffle(order)
    held = order[: args.holdout]
    train = order[args.holdout :]
    ex_content = [Example(tagged_only(docs[i]), with_ents(docs[i], golds[i][0])) for i in train]
    ex_roles = [Example(tagged_only(docs[i]), with_ents(docs[i], golds[i][1])) for i in train]

    if args.resume is not None:
        # continue from saved heads (the time budget of one run was not enough to converge)
        nlp = spacy.load(args.resume)
    else:
        nlp = build_pipeline(args.width, args.depth)
        nlp.get_pipe(learned.CONTENT_KEY).initialize(lambda: ex_content, nlp=nlp)  # type: ignore[attr-defined]
        nlp.get_pipe(learned.ROLES_KEY).initialize(lambda: ex_roles, nlp=nlp)  # type: ignore[attr-defined]
    optimizer = nlp.create_optimizer()
    held_docs = [docs[i] for i in held]
    held_gold = [golds[i] for i in held]

    deadline = time.monotonic() + 60 * args.minutes
    best, best_epoch = -1.0, -1
    if args.resume is not None:  # the resumed heads are the score to beat
        start = score_holdout(nlp, held_docs, held_gold)
        best = sum(start.values()) / len(start)
        log.info("resumed from %s: holdout exact F1 %s", args.resume, start)
    for epoch in range(args.max_epochs):
        t0 = time.perf_counter()
        idx = list(range(len(train)))
        random.shuffle(idx)
        losses: dict[str, float] = {}
        for batch in minibatch(idx, size=4):
            for examples, other in ((ex_content, learned.ROLES_KEY), (ex_roles, learned.CONTENT_KEY)):
                try:
                    nlp.update([examples[i] for i in batch], sgd=optimizer, drop=args.dropout,
                               losses=losses, exclude=[other])
                except ValueError as exc:  # E024: a gold span ner cannot reach; skip the batch
                    log.warning("skipped a batch (%s): %s", [train[i] for i in batch], str(exc)[:60])
            if time.monotonic() > deadline:
                break
        with nlp.use_params(optimizer.averages):
            scores = score_holdout(nlp, held_docs, held_gold) if held_docs else {"CONTENT": 0.0}
            mean = sum(scores.values()) / len(scores)
            log.info("epoch %d: %.0f s, losses %s, holdout exact F1 %s", epoch, time.perf_counter() - t0,
                     {k: round(v) for k, v in losses.items()}, scores)
            if mean > best:
                best, best_epoch = mean, epoch
                save(nlp, args.out)
        if time.monotonic() > deadline:
            log.info("time budget spent")
            break
    log.info("best epoch %d (holdout mean exact F1 %.1f) saved to %s", best_epoch, best, args.out)
    return 0


def save(nlp: Language, out: Path) -> None:
    """Save the heads; refuse when the vocab holds more than labels, so no training text ships."""
    out.mkdir(parents=True, exist_ok=True)
    nlp.meta["name"] = "quote_tagger"
    nlp.meta["description"] = "quotetrail attribution tagger (CONTENT; SOURCE, CUE) trained on PolNeAR train"
    extra = len(nlp.vocab.strings) - len(spacy.blank("en").vocab.strings)
    if extra > 16:  # labels and a few defaults only; training docs live in the base model's vocab
        raise SystemExit(f"refusing to save: {extra} strings beyond a blank pipeline's vocab")
    nlp.to_disk(out)


if __name__ == "__main__":
    sys.exit(main())
