"""Throughput of quote extraction, beside the bare spaCy parse of the same texts in the same run.

usage: python bench/bench_quotes.py [TEXT_DIR] [--limit N] [--batch-size B] [--repeat R]

TEXT_DIR defaults to PolNeAR dev's text files (real news articles). Three timings, each over
the same texts with ``nlp.pipe``:

* ``bare``: the spaCy model alone, loaded as a user would (tagger, parser, NER, lemmatizer and
  attribute ruler; thinc's default ops);
* ``quotetrail's parse``: the same model through quotetrail's loader (numpy's BLAS for the
  matrix products, one memoised component in place of attribute ruler + lemmatizer; same
  annotations), without the quote components;
* ``quotes``: the same pipeline with quotetrail's two quote components at the end;
* ``attribution only``: the quote components on already parsed docs, to show their own cost.

Reports articles/s and tokens/s and the ratio quotes/bare (target >= 0.80) on one process,
then the CPU time of each pipeline component run on its own over the same texts, so it is plain
which one dominates (the parse and NER do; quotetrail's components are a few per cent) and that
none runs twice.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "polnear" / "dev" / "text"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("text_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=1, help="best of R runs per configuration")
    args = ap.parse_args()

    import spacy

    from quotetrail import nlp as nlp_module
    from quotetrail.quotes import attribute_doc

    paths = sorted(args.text_dir.glob("*.txt"))[: args.limit]
    if not paths:
        sys.exit(f"no .txt files in {args.text_dir}")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    name = nlp_module.model_name()
    bare = spacy.load(name)  # as a user loads it: thinc's default (blis) ops, all its components
    fast_bare = nlp_module.load(with_quotes=False)  # quotetrail's loader: numpy BLAS, fast attributes
    with_quotes = nlp_module.load()

    def run(nlp: spacy.language.Language) -> tuple[float, float, int, int]:
        best = best_cpu = float("inf")
        tokens = quotes = 0
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            tokens = quotes = 0
            for doc in nlp.pipe(texts, batch_size=args.batch_size):
                tokens += len(doc)
                quotes += len(doc._.quotes or []) if doc.has_extension("quotes") else 0
            best = min(best, time.perf_counter() - started)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        return best, best_cpu, tokens, quotes

    run(bare) if len(texts) > 4 else None  # warm up (model load, caches)
    t_bare, c_bare, tokens, _ = run(bare)
    t_fast, c_fast, _, _ = run(fast_bare)
    t_quotes, c_quotes, _, nquotes = run(with_quotes)
    docs = list(bare.pipe(texts, batch_size=args.batch_size))
    started, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        attribute_doc(doc)
    t_attr, c_attr = time.perf_counter() - started, time.process_time() - cpu
    # The --scope attributions step on the same parsed docs: stance rules plus the transformer
    # tagger over each text (loaded once before timing; the spaCy tagger without onnxruntime).
    attribute_doc(docs[0], "attributions")
    started, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        attribute_doc(doc, "attributions")
    t_wide, c_wide = time.perf_counter() - started, time.process_time() - cpu

    n = len(texts)
    print(f"model {name}, {n} articles, {tokens} tokens, {nquotes} quotes, batch {args.batch_size}")
    print("wall clock (depends on machine load) | CPU time of this process (one core)")
    rows = (
        ("bare parse", t_bare, c_bare),
        ("quotetrail's parse", t_fast, c_fast),
        ("parse + quotes", t_quotes, c_quotes),
        ("attribution only", t_attr, c_attr),
        ("attributions scope", t_wide, c_wide),
        ("parse + that scope", t_fast + t_wide, c_fast + c_wide),
    )
    for label, secs, cpu_secs in rows:
        print(
            f"{label:>18}: {secs:7.2f} s {n / secs:7.1f} art/s {tokens / secs:8.0f} tok/s"
            f" | {cpu_secs:7.2f} s {n / cpu_secs:7.1f} art/s {tokens / cpu_secs:8.0f} tok/s"
        )
    print(f"quotes / bare speed: wall {t_bare / t_quotes:.2f}, CPU {c_bare / c_quotes:.2f} (target >= 0.80)")
    print(f"quotes / quotetrail's own parse: CPU {c_fast / c_quotes:.2f} (the cost of attribution alone)")

    # Each component on its own, in pipeline order, over the same texts (CPU seconds).
    names = [n for n, _ in with_quotes.pipeline]
    assert len(names) == len(set(names)), f"a component is in the pipeline twice: {names}"
    staged = [with_quotes.make_doc(t) for t in texts]
    print("per component, CPU s:", end="")
    for comp_name, proc in with_quotes.pipeline:
        cpu = time.process_time()
        if hasattr(proc, "pipe"):
            staged = list(proc.pipe(staged, batch_size=args.batch_size))
        else:
            staged = [proc(d) for d in staged]
        print(f" {comp_name} {time.process_time() - cpu:.2f}", end="")
    print()


if __name__ == "__main__":
    main()
