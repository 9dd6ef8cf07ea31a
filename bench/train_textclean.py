#!/usr/bin/env python3
"""Fit the flattened-text line classifier shipped as src/quotetrail/data/textclean_model.json.

Training data: pages of the Zyte (MIT) and WCXB dev (CC-BY-4.0) extraction benchmarks,
flattened line by line with html-text, each line labelled "body" when its word 4-grams are
mostly in the ground-truth article body (short lines: when they occur in the body and sit
inside the labelled body region). Only the *training half* is used (even numeric file ids for
WCXB, even first hex digit... see ``split_of``); the other half is held out for
bench/bench_extraction.py.

Two boosted-tree models: pass 1 over line features, pass 2 over the same features plus the
pass-1 scores of neighbouring lines. Pass-2 training uses out-of-fold pass-1 scores so it
learns from scores like those it will see at run time. scikit-learn is needed here only;
inference in quotetrail is numpy.

usage: python bench/train_textclean.py [--out PATH] [--c 1.0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extraction import load_docs, shingles, split_of, words  # noqa: E402

from quotetrail import textclean  # noqa: E402


def label_lines(lines: list[str], body: str) -> np.ndarray:
    """1 for lines of the ground-truth body, else 0 (see module docstring)."""
    gt_words = words(body)
    gt_sh = set(shingles(gt_words))
    gt_joined = " " + " ".join(gt_words) + " "
    y = np.zeros(len(lines))
    short: list[int] = []
    for i, line in enumerate(lines):
        ws = words(line)
        if len(ws) >= 4:
            sh = list(shingles(ws))
            if sh and sum(1 for s in sh if s in gt_sh) / len(sh) >= 0.5:
                y[i] = 1
        elif ws:
            short.append(i)
    pos = np.flatnonzero(y)
    if len(pos):
        lo, hi = pos.min(), pos.max()
        for i in short:
            if lo <= i <= hi and (" " + " ".join(words(lines[i])) + " ") in gt_joined:
                y[i] = 1
    return y


def build(docs: list[dict]) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for d in docs:
        prepared = textclean.prepare_lines(d["flat"])
        keep, x = textclean.line_features(prepared)
        if not keep:
            continue
        out.append((x, label_lines([prepared[0][i] for i in keep], d["body"])))
    return out


def fit(x: np.ndarray, y: np.ndarray, args: argparse.Namespace) -> dict:
    """Boosted trees, exported as flat arrays for textclean.Forest (leaves point to themselves)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_iter=args.trees, max_depth=args.depth, learning_rate=args.lr, min_samples_leaf=40,
        l2_regularization=1.0, random_state=0,
    )
    clf.fit(x, y)
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        base = len(feature)
        roots.append(base)
        for k, nd in enumerate(nodes):
            leaf = bool(nd["is_leaf"])
            feature.append(0 if leaf else int(nd["feature_idx"]))
            threshold.append(0.0 if leaf else float(nd["num_threshold"]))  # exact: data sit on edges
            left.append(base + k if leaf else base + int(nd["left"]))
            right.append(base + k if leaf else base + int(nd["right"]))
            value.append(float(f"{nd['value']:.6g}") if leaf else 0.0)
    depth = max(int(p[0].nodes["depth"].max()) for p in clf._predictors)
    forest = {"roots": roots, "feature": feature, "threshold": threshold, "left": left, "right": right,
              "value": value, "depth": depth, "baseline": float(np.ravel(clf._baseline_prediction)[0])}
    check = textclean.Forest.from_dict(forest).predict(x[:2000])
    agree = np.mean(np.abs(check - clf.predict_proba(x[:2000])[:, 1]) < 1e-3)
    assert agree > 0.999, f"forest export disagrees with scikit-learn on {1 - agree:.2%} of lines"
    return forest


def predict(m: dict, x: np.ndarray) -> np.ndarray:
    return textclean.Forest.from_dict(m).predict(x)


def select_threshold(docs: list[dict], out: Path) -> float:
    """Re-pick the shipped cut-off by document-averaged shingle F1 (the benchmark's metric) on the
    training half, preferring precision when F1 ties within 0.002, and write it into ``out``."""
    from bench_extraction import score

    from quotetrail.textclean import _model, clean_text_page

    _model.cache_clear()
    gt = {d["id"]: d["body"] for d in docs}
    best: tuple[float, float, float] | None = None
    for t in np.arange(0.30, 0.801, 0.05):
        res = score(gt, {d["id"]: clean_text_page(d["flat"], threshold=float(t)).body for d in docs})
        print(f"  doc-level t={t:.2f} {res}")
        key = (round(res["shingle_f1"] / 0.002), res["shingle_p"], float(t))
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    model = json.loads(out.read_text(encoding="utf-8"))
    model["threshold"] = round(best[2], 3)
    out.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    _model.cache_clear()
    print(f"threshold {best[2]:.2f} written to {out}")
    return best[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    default_out = Path(__file__).resolve().parents[1] / "src/quotetrail/data/textclean_model.json"
    ap.add_argument("--out", default=str(default_out))
    ap.add_argument("--trees", type=int, default=120)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--rethreshold", action="store_true", help="only re-pick the cut-off of --out")
    args = ap.parse_args()
    t0 = time.time()
    docs = [d for d in load_docs("all") if split_of(d) == "train"]
    if args.rethreshold:
        select_threshold(docs, Path(args.out))
        return
    data = build(docs)
    print(f"{len(data)} training pages, {sum(len(y) for _, y in data)} lines, "
          f"{sum(y.sum() for _, y in data):.0f} body lines ({time.time() - t0:.1f}s)")
    x1 = np.vstack([x for x, _ in data])
    y = np.concatenate([y for _, y in data])
    m1 = fit(x1, y, args)
    # Out-of-fold pass-1 scores for pass-2 training.
    folds = np.arange(len(data)) % args.folds
    oof: list[np.ndarray | None] = [None] * len(data)
    for f in range(args.folds):
        tr = [i for i in range(len(data)) if folds[i] != f]
        mf = fit(np.vstack([data[i][0] for i in tr]), np.concatenate([data[i][1] for i in tr]), args)
        for i in range(len(data)):
            if folds[i] == f:
                oof[i] = predict(mf, data[i][0])
    x2 = np.vstack([textclean.pass2_features(data[i][0], oof[i]) for i in range(len(data))])  # type: ignore[arg-type]
    m2 = fit(x2, y, args)
    # Threshold: best line-weighted F1 (by words) on out-of-fold pass-2 scores, precision first.
    oof2 = np.zeros(len(y))
    start = 0
    idx_ranges = []
    for _x, yy in data:
        idx_ranges.append((start, start + len(yy)))
        start += len(yy)
    for f in range(args.folds):
        tr = [i for i in range(len(data)) if folds[i] != f]
        mf = fit(np.vstack([textclean.pass2_features(data[i][0], oof[i]) for i in tr]),  # type: ignore[arg-type]
                 np.concatenate([data[i][1] for i in tr]), args)
        for i in range(len(data)):
            if folds[i] == f:
                a, b = idx_ranges[i]
                oof2[a:b] = predict(mf, textclean.pass2_features(data[i][0], oof[i]))  # type: ignore[arg-type]
    wts = np.exp(x1[:, textclean.FEATURE_NAMES.index("log_words")]) - 1
    best = (0.0, 0.5)
    for t in np.arange(0.2, 0.81, 0.025):
        pred = oof2 >= t
        tp = (wts * (pred & (y == 1))).sum()
        p = tp / max((wts * pred).sum(), 1)
        r = tp / max((wts * (y == 1)).sum(), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0
        print(f"  t={t:.3f} word-P={p:.3f} R={r:.3f} F1={f1:.3f}")
        if f1 > best[0]:
            best = (f1, float(t))
    model = {
        "about": "flattened-text line classifier; trained by bench/train_textclean.py on the even "
                 "split of Zyte (MIT) + WCXB dev (CC-BY-4.0) flattened pages",
        "features": list(textclean.FEATURE_NAMES), "pass2_extra": list(textclean.PASS2_EXTRA),
        "pass1": m1, "pass2": m2, "threshold": round(best[1], 3),
    }
    Path(args.out).write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"line-level threshold {best[1]:.3f} (oof word-F1 {best[0]:.3f}); wrote {args.out} in {time.time() - t0:.1f}s")
    select_threshold(docs, Path(args.out))


if __name__ == "__main__":
    main()
