"""HTML extraction: quotetrail's article extraction beside plain trafilatura, in one run.

Prints body F1 (4-gram shingles and bag of words, as ../shared/tools/body_score.py), headline and
date accuracy (as ../shared/tools/meta_score.py) and docs/s on the Zyte benchmark and WCXB dev.

    python bench/bench_html.py [--set zyte|wcxb|both] [--limit N] [--fast] [--half even|odd]
                               [--dump DIR]

``--half even`` keeps the pages with even numeric ids (WCXB's ``0002``; for Zyte's hash names, the
first half in sorted order), ``--half odd`` the others: tune on one half, report on the other.
``--dump DIR`` writes each run's predictions (id, body, headline, published) as JSON Lines.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXTRACTION = SHARED / "corpus" / "extraction"


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("body_score", SHARED / "tools" / "body_score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def in_half(key: str, position: int, total: int, half: str | None) -> bool:
    """Whether a page belongs to the ``even`` or ``odd`` half (all pages when ``half`` is None).

    Numeric ids split by parity; other ids (hashes) by position: the first half is "even".
    """
    if half is None:
        return True
    even = int(key) % 2 == 0 if key.isdigit() else position < (total + 1) // 2
    return even if half == "even" else not even


def load_set(
    name: str, limit: int | None, half: str | None = None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, html, truth) with truth = {"body", "title", "published"}."""
    items: list[tuple[str, str, dict[str, Any]]] = []
    if name == "zyte":
        truth = json.loads((EXTRACTION / "zyte" / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(truth):
            html = gzip.decompress((EXTRACTION / "zyte" / "html" / f"{key}.html.gz").read_bytes()).decode(
                "utf-8", "replace"
            )
            items.append((key, html, {"body": truth[key]["articleBody"], "title": None, "published": None}))
    else:
        root = EXTRACTION / "wcxb" / "dev"
        for path in sorted((root / "ground-truth").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            gt = data["ground_truth"]
            html = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes()).decode(
                "utf-8", "replace"
            )
            items.append(
                (
                    path.stem,
                    html,
                    {
                        "body": gt.get("main_content") or "",
                        "title": gt.get("title"),
                        "published": gt.get("publish_date"),
                    },
                )
            )
    items = [item for i, item in enumerate(items) if in_half(item[0], i, len(items), half)]
    return items[:limit] if limit else items


def score(
    scorer: Any, items: list[tuple[str, str, dict[str, Any]]], preds: dict[str, dict[str, Any]]
) -> dict[str, float]:
    ps, rs, bows = [], [], []
    titles = dates = t_ok = d_ok = 0
    for key, _html, truth in items:
        pred = preds.get(key, {})
        body = pred.get("body") or ""
        true, got = scorer.shingles(scorer.words(truth["body"])), scorer.shingles(scorer.words(body))
        tp = sum((true & got).values())
        ps.append(tp / sum(got.values()) if got else (1.0 if not true else 0.0))
        rs.append(tp / sum(true.values()) if true else 1.0)
        tw, pw = scorer.Counter(scorer.words(truth["body"])), scorer.Counter(scorer.words(body))
        common = sum((tw & pw).values())
        bows.append(2 * common / (sum(tw.values()) + sum(pw.values())) if tw or pw else 1.0)
        norm = lambda s: " ".join(scorer.words(s or ""))  # noqa: E731
        if truth.get("title"):
            titles += 1
            a, b = norm(truth["title"]), norm(pred.get("headline"))
            t_ok += bool(b) and (a in b or b in a)
        if truth.get("published"):
            dates += 1
            d_ok += (pred.get("published") or "")[:10] == truth["published"][:10]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    out = {
        "shingle_p": p,
        "shingle_r": r,
        "shingle_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "bow_f1": sum(bows) / len(bows),
    }
    if titles:
        out["title_acc"] = t_ok / titles
    if dates:
        out["date_acc"] = d_ok / dates
    return out


def run_quotetrail(
    items: list[tuple[str, str, dict[str, Any]]], fast: bool = False
) -> tuple[dict[str, dict[str, Any]], float]:
    from quotetrail.extract import extract_article
    from quotetrail.settings import Options
    from quotetrail.types import RawInput

    options = Options.load(extract__fast=fast)
    preds: dict[str, dict[str, Any]] = {}
    start = time.process_time()
    for key, html, _truth in items:
        try:
            doc = extract_article(RawInput(source=key, content=html.encode("utf-8"), kind="html"), options)
            preds[key] = {"body": doc.body, "headline": doc.headline, "published": doc.published}
        except Exception:  # noqa: BLE001 (a failure scores as empty, as in body_score.py)
            preds[key] = {}
    return preds, time.process_time() - start


def run_trafilatura(items: list[tuple[str, str, dict[str, Any]]]) -> tuple[dict[str, dict[str, Any]], float]:
    import trafilatura

    preds: dict[str, dict[str, Any]] = {}
    start = time.process_time()
    for key, html, _truth in items:
        result: Any = trafilatura.bare_extraction(html, with_metadata=True)
        preds[key] = {
            "body": result.text if result else "",
            "headline": result.title if result else None,
            "published": result.date if result else None,
        }
    return preds, time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=["zyte", "wcxb", "both"], default="both")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--fast", action="store_true", help="also run with extract.fast = true")
    parser.add_argument("--half", choices=["even", "odd"], help="only even (tuning) or odd (held-out) ids")
    parser.add_argument("--dump", type=Path, help="write each run's predictions to DIR/<set>.<label>.jsonl")
    parser.add_argument("--only", choices=["quotetrail", "trafilatura"], help="run one extractor")
    args = parser.parse_args()
    if not EXTRACTION.exists():
        print(f"no corpus at {EXTRACTION}", file=sys.stderr)
        return 2
    scorer = _load_scorer()
    for name in ["zyte", "wcxb"] if args.set == "both" else [args.set]:
        items = load_set(name, args.limit, args.half)
        print(f"== {name}: {len(items)} pages" + (f" ({args.half} half)" if args.half else ""))
        runners: list[tuple[str, Any]] = [("quotetrail", run_quotetrail)]
        if args.fast:
            runners.append(("qt --fast", lambda found: run_quotetrail(found, fast=True)))
        runners.append(("trafilatura", run_trafilatura))
        if args.only:
            runners = [(label, runner) for label, runner in runners if label == args.only]
        for label, runner in runners:
            preds, seconds = runner(items)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                with (args.dump / f"{name}.{label.replace(' ', '_')}.jsonl").open("w", encoding="utf-8") as out:
                    for key, _html, _truth in items:
                        out.write(json.dumps({"id": key, **preds.get(key, {})}, ensure_ascii=False) + "\n")
            figures = score(scorer, items, preds)
            cells = "  ".join(f"{k} {v:.3f}" for k, v in figures.items())
            print(f"{label:12s} {cells}  {len(items) / seconds:.1f} docs/CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
