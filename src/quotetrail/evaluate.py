"""Measuring quote extraction on PolNeAR (brat standoff attributions).

``evaluate_polnear`` computes exactly what the reference scorer ``tools/polnear_score.py``
computes -- same trimming, same one-to-one greedy overlap matching, same rounding -- so that
``quotetrail eval polnear DIR`` and the reference agree on the same predictions (a test holds
the two together). ``predict_polnear`` runs quotetrail over a split's text files unchanged
(the ``--no-clean`` case), so predicted offsets index the annotated files.

Metrics (all micro-averaged over the split's articles):

* ``content_exact`` / ``cue_exact`` / ``source_exact``: P/R/F1 of spans after trimming white
  space, punctuation and quotation marks at both ends; the source is our ``mention``;
* ``content_overlap``: content spans matched one-to-one on token Jaccard >= 0.5;
* ``attribution``: overlapping content whose source mention also agrees (both absent counts);
* ``direct_recall``: recall on gold contents that hold a quotation mark.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError

log = logging.getLogger(__name__)

TRIM = " \t\r\n.,;:!?\"'\u201c\u201d\u2018\u2019()[]\u2014\u2013-"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DIRECT = re.compile('["\u201c\u201d]')

SpanT = tuple[int, int]


def _trimmed(text: str, start: int, end: int) -> SpanT:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end)


def _tokens(text: str, span: SpanT) -> set[int]:
    return {m.start() + span[0] for m in _TOKEN.finditer(text[span[0] : span[1]])}


def parse_ann(path: Path) -> list[dict[str, SpanT | None]]:
    """Gold attributions of one brat file: content, cue and source spans (first to last char)."""
    spans: dict[str, tuple[str, int, int]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            if line.count("\t") < 2:
                continue  # a malformed line (a few occur in train); the reference would stop here
            tid, info, _ = line.split("\t", 2)
            kind, offsets = info.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[tid] = (kind, pieces[0][0], pieces[-1][1])
        elif line.startswith("E"):
            events.append(dict(r.split(":") for r in line.split("\t")[1].split()))
    out: list[dict[str, SpanT | None]] = []
    for roles in events:

        def span(role: str, roles: dict[str, str] = roles) -> SpanT | None:
            tid = roles.get(role)
            return spans[tid][1:] if tid in spans else None

        if span("Content") is None:
            continue
        out.append({"content": span("Content"), "cue": span("Cue"), "source": span("Source")})
    return out


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float | int]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(100 * p, 1),
        "r": round(100 * r, 1),
        "f1": round(100 * f, 1),
        "tp": tp,
        "pred": npred,
        "gold": ngold,
    }


def _greedy_overlap(text: str, pred: list[SpanT], gold: list[SpanT]) -> list[tuple[int, int]]:
    cands: list[tuple[float, int, int]] = []
    ptoks = [_tokens(text, s) for s in pred]
    gtoks = [_tokens(text, s) for s in gold]
    for i, a in enumerate(ptoks):
        for j, b in enumerate(gtoks):
            if a and b:
                jac = len(a & b) / len(a | b)
                if jac >= 0.5:
                    cands.append((jac, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _span_of(obj: dict[str, Any] | None) -> SpanT | None:
    if not obj or obj.get("start") is None:
        return None
    return (int(obj["start"]), int(obj["end"]))


def annotation_files(split_dir: Path) -> dict[str, Path]:
    """Article name -> its first annotation file (sorted), as the reference scorer picks."""
    anns: dict[str, Path] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    return anns


def evaluate_polnear(split_dir: Path, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score document records against a PolNeAR split; the reference scorer's report."""
    split_dir = Path(split_dir)
    if not (split_dir / "attributions").is_dir():
        raise InputError("not a PolNeAR split (no attributions/ folder)", source=str(split_dir))
    preds: dict[str, list[dict[str, Any]]] = {}
    for doc in records:
        preds[Path(doc["source"]).stem] = doc.get("quotes") or []
    anns = annotation_files(split_dir)
    keys = ("content_exact", "content_overlap", "cue_exact", "source_exact", "attribution", "direct_recall")
    c = {k: [0, 0, 0] for k in keys}
    missing = 0
    for article, ann in anns.items():
        text = (split_dir / "text" / f"{article}.txt").read_text(encoding="utf-8")
        gold = parse_ann(ann)
        if article not in preds:
            missing += 1
        pred = preds.get(article, [])
        g_content = [_trimmed(text, *g["content"]) for g in gold if g["content"]]
        p_content = [_trimmed(text, *s) for s in (_span_of(q.get("content")) for q in pred) if s]
        c["content_exact"][0] += len(set(p_content) & set(g_content))
        c["content_exact"][1] += len(set(p_content))
        c["content_exact"][2] += len(set(g_content))
        pairs = _greedy_overlap(text, p_content, g_content)
        c["content_overlap"][0] += len(pairs)
        c["content_overlap"][1] += len(p_content)
        c["content_overlap"][2] += len(g_content)
        for role, key in (("cue", "cue_exact"), ("source", "source_exact")):
            gset = {_trimmed(text, *s) for s in (g[role] for g in gold) if s}
            pkey = "mention" if role == "source" else "cue"
            pset = {_trimmed(text, *s) for s in (_span_of(q.get(pkey)) for q in pred) if s}
            c[key][0] += len(gset & pset)
            c[key][1] += len(pset)
            c[key][2] += len(gset)
        p_full = [q for q in pred if _span_of(q.get("content"))]
        p_spans = [_trimmed(text, *s) for s in (_span_of(q["content"]) for q in p_full) if s]
        ok = 0
        for i, j in _greedy_overlap(text, p_spans, g_content):
            gs = gold[j]["source"]
            ps = _span_of(p_full[i].get("mention"))
            if (gs is None and ps is None) or (gs and ps and _trimmed(text, *gs) == _trimmed(text, *ps)):
                ok += 1
        c["attribution"][0] += ok
        c["attribution"][1] += len(p_spans)
        c["attribution"][2] += len(g_content)
        direct = [
            k
            for k, g in enumerate(gold)
            if g["content"] and _DIRECT.search(text[g["content"][0] : g["content"][1]])
        ]
        hit = {j for _, j in _greedy_overlap(text, p_content, [g_content[k] for k in direct])}
        c["direct_recall"][0] += len(hit)
        c["direct_recall"][1] += len(direct)
        c["direct_recall"][2] += len(direct)
    report: dict[str, Any] = {k: _prf(*v) for k, v in c.items()}
    report["direct_recall"] = report["direct_recall"]["r"]
    report["articles"] = len(anns)
    report["articles_without_prediction"] = missing
    return report


def predict_polnear(
    split_dir: Path, limit: int | None = None, batch_size: int = 8, scope: str = "statements"
) -> Iterator[dict[str, Any]]:
    """Document records for a split's annotated articles, texts taken unchanged (clean=False).

    ``scope="attributions"`` adds PolNeAR's wider attributions (see :mod:`quotetrail.quotes`).
    """
    from . import nlp as nlp_module
    from .quotes import attribute_doc, extract_quotes_from_doc

    split_dir = Path(split_dir)
    names = list(annotation_files(split_dir))[:limit] if (split_dir / "attributions").is_dir() else None
    if names is None:
        paths = sorted((split_dir / "text").glob("*.txt"))[:limit]
    else:
        paths = [split_dir / "text" / f"{n}.txt" for n in names]
    if not paths:
        raise InputError("no text files found", source=str(split_dir / "text"))
    pipeline = nlp_module.load()  # parser + NER + quotetrail's components (paragraph breaks too)
    texts = (p.read_text(encoding="utf-8") for p in paths)
    for path, doc in zip(paths, pipeline.pipe(texts, batch_size=batch_size), strict=True):
        yield {
            "source": str(path),
            "error": None,
            "text": doc.text,
            "clean": False,
            "quotes": [
                q.to_dict()
                for q in (
                    extract_quotes_from_doc(doc) if scope == "statements" else attribute_doc(doc, scope)
                )
            ],
            "warnings": list(doc._.quote_warnings or []),
        }
