"""Score the learned attribution tagger on PolNeAR dev, alone and combined with the rules.

usage: python bench/bench_quote_tagger.py [SPLIT_DIR] [--tagger DIR] [--no-union] [--limit N]
       python bench/bench_quote_tagger.py TRAIN_DIR --pairing-only --limit 150

Why: the lead combines the rule-based attribution (quotetrail.quotes) with the learned tagger
(quotetrail.quotes.learned); this prints what each gives and what the union gains, with the
same metric as ``shared/tools/polnear_score.py`` (``quotetrail.evaluate.evaluate_polnear``,
which a test holds equal to it; ``--reference`` also runs the reference script on the written
records and prints its figures).

Prints, for each system: exact P/R/F1 of content, cue and source mention, content overlap F1,
attribution F1 and direct-quote recall, over all attributions and restricted to speech cues
(gold and predictions whose cue's lemma is a speech verb or noun, see SPEECH), plus articles/s of
the tagger (parse included).

``--pairing-only`` measures the pairing step alone: gold content/cue/source spans of a split
(meant for train: the step was developed there) go in, and it prints how often each gold
content gets its gold cue and source back.

Systems: ``learned`` (the spaCy tagger alone), ``transformer`` (the fine-tuned transformer alone,
``--no-transformer`` skips it), ``rules`` (``predict_polnear``, ``--rules-scope``, default statements),
``union_nonoverlap`` (rules, plus learned attributions whose content overlaps no rule
content), ``union_marks`` (rules' contents that hold a quotation mark, learned for the rest).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_SPLIT = ROOT.parent / "shared" / "corpus" / "polnear" / "dev"
REFERENCE = ROOT.parent / "shared" / "tools" / "polnear_score.py"
MARK = re.compile('["\u201c\u201d]')
#: lemmas of cues that report speech (a cue counts when any of its words has one of these)
SPEECH = frozenset(
    ["say", "tell", "add", "note", "state", "stress", "emphasise", "emphasize", "reiterate", "insist", "warn", "claim", "argue", "explain", "announce", "declare", "ask", "answer", "reply", "respond", "write", "tweet", "post", "report", "testify", "admit", "acknowledge", "deny", "confirm", "suggest", "repeat", "remark", "comment", "assert", "allege", "accuse", "call", "urge", "promise", "vow", "pledge", "predict", "according", "statement", "remarks", "comment", "interview", "speech"]
)


def lemmas(nlp: Any, text: str) -> set[str]:
    """Lower-case lemmas of a short cue text."""
    return {t.lemma_.lower() for t in nlp(text)} | {w.lower() for w in re.findall(r"\w+", text)}


def speech_split(split: Path, out: Path, nlp: Any) -> None:
    """A copy of the split keeping only events whose cue is a speech cue (same scorer then)."""
    from quotetrail.evaluate import annotation_files

    (out / "attributions").mkdir(parents=True)
    (out / "text").symlink_to((split / "text").resolve())
    for name, ann in annotation_files(split).items():
        text = (split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        lines = ann.read_text(encoding="utf-8").splitlines()
        spans: dict[str, tuple[int, int]] = {}
        for line in lines:
            if line.startswith("T") and line.count("\t") >= 2:
                tid, info, _ = line.split("\t", 2)
                offs = info.split(" ", 1)[1]
                pieces = [tuple(map(int, p.split())) for p in offs.split(";")]
                spans[tid] = (pieces[0][0], pieces[-1][1])
        kept = []
        for line in lines:
            if line.startswith("E"):
                roles = dict(r.split(":") for r in line.split("\t")[1].split())
                cue = spans.get(roles.get("Cue", ""))
                if cue is None or not (lemmas(nlp, text[cue[0] : cue[1]]) & SPEECH):
                    continue
            kept.append(line)
        (out / "attributions" / ann.name).write_text("\n".join(kept) + "\n", encoding="utf-8")


def speech_only(records: list[dict[str, Any]], nlp: Any) -> list[dict[str, Any]]:
    """Records keeping only quotes whose cue is a speech cue."""
    out = []
    for r in records:
        qs = [q for q in r["quotes"] if q.get("cue") and lemmas(nlp, q["cue"]["text"]) & SPEECH]
        out.append({**r, "quotes": qs})
    return out


def union_nonoverlap(rules: list[dict[str, Any]], learned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules' quotes, plus learned ones whose content overlaps no rule content."""
    out = []
    for r, m in zip(rules, learned, strict=True):
        spans = [(q["content"]["start"], q["content"]["end"]) for q in r["quotes"]]
        extra = [
            q for q in m["quotes"]
            if all(q["content"]["end"] <= s or q["content"]["start"] >= e for s, e in spans)
        ]
        out.append({**r, "quotes": r["quotes"] + extra})
    return out


def union_marks(rules: list[dict[str, Any]], learned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules' quotes whose content holds a quotation mark; learned ones without (the rest)."""
    out = []
    for r, m in zip(rules, learned, strict=True):
        text = r["text"]

        def marked(q: dict[str, Any], text: str = text) -> bool:
            return bool(MARK.search(text[q["content"]["start"] : q["content"]["end"]]))

        keep = [q for q in r["quotes"] if marked(q)]
        spans = [(q["content"]["start"], q["content"]["end"]) for q in keep]
        extra = [
            q for q in m["quotes"]
            if not marked(q) and all(q["content"]["end"] <= s or q["content"]["start"] >= e for s, e in spans)
        ]
        out.append({**r, "quotes": keep + extra})
    return out


def line(name: str, rep: dict[str, Any]) -> str:
    f = {k: rep[k]["f1"] for k in ("content_exact", "cue_exact", "source_exact", "content_overlap", "attribution")}
    pr = {k: (rep[k]["p"], rep[k]["r"]) for k in ("content_exact", "cue_exact", "source_exact")}
    return (
        f"{name:18s} content {f['content_exact']:5.1f} (P {pr['content_exact'][0]:.1f} R {pr['content_exact'][1]:.1f})"
        f"  cue {f['cue_exact']:5.1f} (P {pr['cue_exact'][0]:.1f} R {pr['cue_exact'][1]:.1f})"
        f"  source {f['source_exact']:5.1f} (P {pr['source_exact'][0]:.1f} R {pr['source_exact'][1]:.1f})"
        f"  overlap {f['content_overlap']:5.1f}  attribution {f['attribution']:5.1f}  direct_recall {rep['direct_recall']:5.1f}"
    )


def pairing_only(split: Path, limit: int | None) -> None:
    """Accuracy of the pairing step given gold spans (cue and source of each gold content)."""
    import spacy
    from spacy.tokens import SpanGroup

    from quotetrail import nlp as nlp_module
    from quotetrail.evaluate import TRIM, annotation_files, parse_ann
    from quotetrail.quotes import learned as lrn

    def trim(text: str, s: int, e: int) -> tuple[int, int]:
        while s < e and text[s] in TRIM:
            s += 1
        while e > s and text[e - 1] in TRIM:
            e -= 1
        return s, e

    base = spacy.load(nlp_module.model_name(), exclude=list(lrn.BASE_EXCLUDE))
    anns = annotation_files(split)
    names = list(anns)[:limit]
    texts = [(split / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    n = cue_ok = src_ok = 0
    for name, doc in zip(names, base.pipe(texts, batch_size=8), strict=True):
        golds: list[dict[str, Any]] = []
        contents: list[Any] = []
        roles: list[Any] = []
        for att in parse_ann(anns[name]):
            g: dict[str, Any] = {}
            for role, label in (("content", "CONTENT"), ("cue", "CUE"), ("source", "SOURCE")):
                se = att[role]
                span = None
                if se is not None:
                    s, e = trim(doc.text, *se)
                    span = doc.char_span(s, e, label=label, alignment_mode="expand") if s < e else None
                g[role] = (span.start_char, span.end_char) if span is not None else None
                if span is not None:
                    (contents if role == "content" else roles).append(span)
            golds.append(g)
        doc.spans[lrn.CONTENT_KEY] = SpanGroup(doc, spans=list(set(contents)))
        doc.spans[lrn.ROLES_KEY] = SpanGroup(doc, spans=list(set(roles)))
        by_content: dict[Any, list[dict[str, Any]]] = {}
        for g in golds:
            by_content.setdefault(g["content"], []).append(g)
        for p in lrn.attributions_from_doc(doc):
            gs = by_content.get(p["content"], [])
            n += 1
            cue_ok += any(g["cue"] == p["cue"] for g in gs)
            src_ok += any(g["source"] == p["source"] for g in gs)
    print(f"pairing on gold spans of {len(names)} articles ({n} contents): "
          f"cue right {100 * cue_ok / n:.1f}%, source right {100 * src_ok / n:.1f}% (absent = absent counts)")


def transformer_records(paths: list[Path], texts: list[str], batch_size: int) -> list[dict[str, Any]]:
    """The transformer tagger alone (its contents of MIN_CONFIDENCE and up, paired on
    quotetrail's parse), as the attributions scope uses it; timed apart from the parse."""
    from quotetrail import nlp as nlp_module
    from quotetrail.quotes.learned import as_quote_dicts
    from quotetrail.quotes.transformer import MIN_CONFIDENCE, TransformerTagger, attributions_on_doc

    tagger = TransformerTagger()
    docs = list(nlp_module.load().pipe(texts, batch_size=batch_size))
    t0 = time.perf_counter()
    atts = [attributions_on_doc(doc, tagger, MIN_CONFIDENCE) for doc in docs]
    dt = time.perf_counter() - t0
    print(f"transformer: {len(texts)} articles in {dt:.1f} s = {len(texts) / dt:.2f} articles/s on parsed docs (one thread)")
    return [{"source": str(p), "text": t, "quotes": as_quote_dicts(t, a)} for p, t, a in zip(paths, texts, atts, strict=True)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", nargs="?", type=Path, default=DEFAULT_SPLIT)
    ap.add_argument("--tagger", type=Path, default=None, help="trained tagger dir (default: shipped)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--no-union", action="store_true", help="skip the rule-based run and the unions")
    ap.add_argument("--reference", action="store_true", help="also run shared/tools/polnear_score.py")
    ap.add_argument("--save", type=Path, default=None, help="write the learned records (JSONL) here")
    ap.add_argument("--rules-scope", choices=("statements", "attributions"), default="statements",
                    help="scope of the rule-based run (attributions adds PolNeAR's wider stances)")
    ap.add_argument("--no-transformer", action="store_true", help="skip the transformer tagger (quotes/transformer.py)")
    ap.add_argument("--pairing-only", action="store_true", help="score the pairing step on gold spans")
    args = ap.parse_args()
    if args.pairing_only:
        pairing_only(args.split, args.limit)
        return

    import spacy

    from quotetrail import nlp as nlp_module
    from quotetrail.evaluate import annotation_files, evaluate_polnear, predict_polnear
    from quotetrail.quotes.learned import as_quote_dicts, load_tagger, predict_attributions_batch

    names = list(annotation_files(args.split))[: args.limit]
    paths = [args.split / "text" / f"{n}.txt" for n in names]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    tagger = load_tagger(args.tagger)
    t0 = time.perf_counter()
    preds = list(predict_attributions_batch(texts, tagger, batch_size=args.batch_size))
    dt = time.perf_counter() - t0
    ntok = sum(len(t.split()) for t in texts)
    print(f"tagger: {len(texts)} articles in {dt:.1f} s = {len(texts) / dt:.2f} articles/s, "
          f"{ntok / dt:.0f} words/s (parse included, one process)")
    learned = [
        {"source": str(p), "text": t, "quotes": as_quote_dicts(t, a)}
        for p, t, a in zip(paths, texts, preds, strict=True)
    ]
    systems: dict[str, list[dict[str, Any]]] = {"learned": learned}
    if not args.no_transformer:
        systems["transformer"] = transformer_records(paths, texts, args.batch_size)
    if not args.no_union:
        t0 = time.perf_counter()
        rules = list(predict_polnear(args.split, limit=args.limit, scope=args.rules_scope))
        print(f"rules (scope {args.rules_scope}): {len(rules)} articles in {time.perf_counter() - t0:.1f} s")
        systems["rules"] = rules
        systems["union_nonoverlap"] = union_nonoverlap(rules, learned)
        systems["union_marks"] = union_marks(rules, learned)

    lem = spacy.load(nlp_module.model_name(), exclude=["ner", "parser"])
    with tempfile.TemporaryDirectory() as tmp:
        speech_dir = Path(tmp) / "speech"
        speech_split(args.split, speech_dir, lem)
        if args.limit:
            print(f"(--limit {args.limit}: articles beyond the limit count as unpredicted)")
        print("\n== all attributions (PolNeAR dev as annotated, beliefs included)")
        for name, recs in systems.items():
            print(line(name, evaluate_polnear(args.split, recs)))
        print("\n== speech cues only (gold and predictions filtered by cue lemma)")
        for name, recs in systems.items():
            print(line(name, evaluate_polnear(speech_dir, speech_only(recs, lem))))
        if args.reference or args.save:
            out = args.save or Path(tmp) / "learned.jsonl"
            out.write_text("".join(json.dumps(r) + "\n" for r in learned), encoding="utf-8")
            if args.reference:
                ref = subprocess.run([sys.executable, str(REFERENCE), str(args.split), str(out), "--json"],
                                     capture_output=True, text=True, check=True)
                print("\nreference scorer on learned:", ref.stdout.strip())


if __name__ == "__main__":
    main()
