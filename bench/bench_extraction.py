#!/usr/bin/env python3
"""Benchmark the flattened-text cleaner on the Zyte and WCXB extraction sets.

Each HTML page is flattened to its visible text line by line with html-text (the situation of
a text scrape), cleaned with ``quotetrail.textclean.clean_text_page``, and the body scored with
the metric of /work/shared/tools/body_score.py (4-gram word shingles, P and R averaged per
document, F1 from the averages; bag-of-words F1 averaged per document), replicated exactly
below; ``--check`` also writes GT/PRED files and runs the reference scorer on them so the two
can be compared. Plain trafilatura on the same HTML is scored side by side.

Pages are split by file id: even ids are the "train" half (the classifier's training data,
see bench/train_textclean.py), odd ids are held out ("test"). Both halves are reported.

usage: python bench/bench_extraction.py [--set zyte|wcxb|all] [--limit N] [--check] [--no-trafilatura]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXTRACTION = SHARED / "corpus" / "extraction"
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str | None) -> list[str]:
    return WORD.findall((text or "").lower())


def shingles(ws: list[str], n: int = 4) -> Counter:
    if len(ws) < n:
        return Counter([tuple(ws)]) if ws else Counter()
    return Counter(tuple(ws[i:i + n]) for i in range(len(ws) - n + 1))


def score(gt: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Same computation as shared/tools/body_score.py (missing prediction = empty body)."""
    ps, rs, bows = [], [], []
    for i, body in gt.items():
        true, got = shingles(words(body)), shingles(words(pred.get(i, "")))
        tp = sum((true & got).values())
        ps.append(tp / sum(got.values()) if got else (1.0 if not true else 0.0))
        rs.append(tp / sum(true.values()) if true else 1.0)
        tw, pw = Counter(words(body)), Counter(words(pred.get(i, "")))
        common = sum((tw & pw).values())
        bows.append(2 * common / (sum(tw.values()) + sum(pw.values())) if tw or pw else 1.0)
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"n": len(gt), "shingle_p": round(p, 3), "shingle_r": round(r, 3), "shingle_f1": round(f1, 3),
            "bow_f1": round(sum(bows) / len(bows), 3)}


def _n(s: str | None) -> str:
    return re.sub(r"\W+", " ", (s or "").lower()).strip()


def split_of(doc: dict) -> str:
    """'train' for even file ids, 'test' for odd (Zyte's hex ids: the parity of their value)."""
    i = doc["id"]
    value = int(i) if doc["set"] == "wcxb" else int(i, 16)
    return "train" if value % 2 == 0 else "test"


def load_docs(which: str = "all", limit: int | None = None) -> list[dict]:
    """Pages with their HTML, html-text flattening and ground-truth body."""
    import html_text

    if not EXTRACTION.is_dir():
        sys.exit(f"extraction corpus not found at {EXTRACTION}")
    docs: list[dict] = []
    if which in ("zyte", "all"):
        gt = json.loads((EXTRACTION / "zyte" / "ground-truth.json").read_text(encoding="utf-8"))
        for i, g in sorted(gt.items()):
            docs.append({"set": "zyte", "id": i, "path": EXTRACTION / "zyte" / "html" / f"{i}.html.gz",
                         "body": g["articleBody"]})
    if which in ("wcxb", "all"):
        for f in sorted((EXTRACTION / "wcxb" / "dev" / "ground-truth").glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            if d["_internal"]["page_type"]["primary"] != "article":
                continue
            g = d["ground_truth"]
            if isinstance(g, str):  # some releases store it as a JSON string
                g = json.loads(g)
            if not g.get("main_content"):
                continue  # nothing to score against
            docs.append({"set": "wcxb", "id": d["file_id"],
                         "path": EXTRACTION / "wcxb" / "dev" / "html" / f"{d['file_id']}.html.gz",
                         "body": g["main_content"], "title": g.get("title"),
                         "published": g.get("publish_date")})
    if limit:
        docs = docs[:limit]
    for d in docs:
        d["html"] = gzip.decompress(d["path"].read_bytes()).decode("utf-8", "replace")
        d["flat"] = html_text.extract_text(d["html"], guess_layout=True)
    return docs


def run_reference(docs: list[dict], pred: dict[str, str]) -> str:
    """Write GT and PRED files and run shared/tools/body_score.py on them."""
    tmp = Path(tempfile.mkdtemp(prefix="bench_extraction_"))
    (tmp / "gt.json").write_text(json.dumps({d["id"]: {"body": d["body"]} for d in docs}), encoding="utf-8")
    with (tmp / "pred.jsonl").open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"source": f"{d['id']}.txt", "body": pred.get(d["id"], "")}) + "\n")
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "body_score.py"), str(tmp / "gt.json"),
                          str(tmp / "pred.jsonl"), "--json"], capture_output=True, text=True, check=True)
    return res.stdout.strip()


def main() -> None:
    from quotetrail.textclean import clean_text_page

    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=["zyte", "wcxb", "all"], default="wcxb")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--check", action="store_true", help="also run shared/tools/body_score.py and compare")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--threshold", type=float, help="override the classifier cut-off")
    args = ap.parse_args()

    docs = load_docs(args.set, args.limit)
    # The model, regexes and dateparser's tables load here, outside the timing.
    clean_text_page("Warm up\n\nUpdated 12/18/2025\n\nThe model and regexes load here, outside the timing.")
    t0, c0 = time.perf_counter(), time.process_time()
    pages = {d["id"]: clean_text_page(d["flat"], threshold=args.threshold) for d in docs}
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    ours = {i: p.body for i, p in pages.items()}
    print(f"cleaning: {len(docs)} pages in {dt:.2f}s wall = {len(docs) / dt:.0f} pages/s; "
          f"{ct:.2f}s CPU = {len(docs) / ct:.0f} pages per CPU-second (one process, one core)")
    with_title = [d for d in docs if d.get("title")]
    with_date = [d for d in docs if d.get("published")]
    if with_title:  # as shared/tools/meta_score.py: containment of normalised titles, same day
        t_ok = sum(bool(_n(pages[d["id"]].headline)) and (_n(d["title"]) in _n(pages[d["id"]].headline)
                                                          or _n(pages[d["id"]].headline) in _n(d["title"]))
                   for d in with_title)
        d_ok = sum((pages[d["id"]].published or "")[:10] == d["published"][:10] for d in with_date)
        print(f"metadata: title_acc {t_ok / len(with_title):.3f} ({len(with_title)} titles), "
              f"date_acc {d_ok / max(len(with_date), 1):.3f} ({len(with_date)} dates)")
    systems = {"quotetrail clean_text_page (flattened)": ours,
               "flattened text, uncleaned": {d["id"]: d["flat"] for d in docs}}
    if not args.no_trafilatura:
        import trafilatura

        t0 = time.perf_counter()
        systems["trafilatura.extract (HTML)"] = {d["id"]: trafilatura.extract(d["html"]) or "" for d in docs}
        print(f"trafilatura: {len(docs) / (time.perf_counter() - t0):.0f} pages/s")
    for half in ("train", "test", "all"):
        sub = [d for d in docs if half == "all" or split_of(d) == half]
        if not sub:
            continue
        gt = {d["id"]: d["body"] for d in sub}
        note = "; the classifier was trained on these" if half == "train" else ""
        print(f"-- {args.set} {half} half ({len(sub)} pages{note})")
        for name, pred in systems.items():
            print(f"   {name:42s} {score(gt, pred)}")
    if args.check:
        print("reference body_score.py on all pages, ours:", run_reference(docs, ours))
        print("this script on the same pages:            ", score({d["id"]: d["body"] for d in docs}, ours))


if __name__ == "__main__":
    main()
