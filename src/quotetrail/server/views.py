"""Shaping stored rows for the pages: highlighted article text, wording diffs, timeline SVG.

Pure functions from records to plain data; the templates only loop and print (with Jinja's
autoescape), so no markup is ever built from untrusted text in Python.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

from ..statements import compare_wordings, fidelity
from ..types import Document, Quote

#: Number of speaker colour classes in style.css (``sp0`` … ``sp7``).
SPEAKER_COLOURS = 8


def speaker_colour(key: str | None) -> int:
    """A stable colour class for a speaker, the same on every page (crc32, not Python's hash)."""
    if not key:
        return SPEAKER_COLOURS - 1
    return zlib.crc32(key.encode("utf-8")) % (SPEAKER_COLOURS - 1)


@dataclass(slots=True)
class Segment:
    """A run of article text; ``quote`` set when the run is (part of) a quote."""

    text: str
    quote: int | None = None


def article_segments(doc: Document) -> list[Segment]:
    """The article text cut into plain runs and quote runs, in order.

    Quotes that overlap an earlier (longer-first) quote are left unhighlighted here; they are
    still listed under the article, so nothing is lost, and the text never repeats.
    """
    text = doc.text
    order = sorted(
        range(len(doc.quotes)), key=lambda i: (doc.quotes[i].content.start, -doc.quotes[i].content.end)
    )
    segments: list[Segment] = []
    pos = 0
    for index in order:
        span = doc.quotes[index].content
        start, end = max(span.start, 0), min(span.end, len(text))
        if start < pos or end <= start:
            continue
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], index))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def quote_view(quote: Quote, index: int) -> dict[str, Any]:
    """What a quote card and tooltip show."""
    speaker = quote.speaker
    return {
        "index": index,
        "kind": quote.kind,
        "content": quote.content.text,
        "cue": quote.cue.text if quote.cue else None,
        "mention": quote.mention.text if quote.mention else None,
        "speaker": speaker.name,
        "speaker_id": speaker.id,
        "confidence": round(speaker.confidence, 2),
        "said_on": quote.said_on,
        "colour": speaker_colour(speaker.id or speaker.name),
    }


def wording_diff(base: str, other: str) -> dict[str, Any]:
    """How ``other`` differs from ``base``, word by word, for the statement page.

    Uses the statements module's own comparison (case, quote-mark and ellipsis style ignored),
    so the page shows exactly the differences the library reports. Each part is
    ``{"op": "equal"|"insert"|"delete"|"replace", "text": other's words, "was": base's words}``.
    """
    parts = [{"op": op.op, "text": op.b, "was": op.a} for op in compare_wordings(base, other)]
    return {"parts": parts, "fidelity": round(fidelity(base, other), 2)}


def wording_variants(base: str, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each distinct wording of a statement: how many reports and outlets used it, and its diff.

    Most used first; ``diff`` and ``fidelity`` compare it with the statement's wording ``base``.
    """
    variants: dict[str, dict[str, Any]] = {}
    for report in reports:
        text = report.get("content") or ""
        item = variants.setdefault(text, {"text": text, "reports": 0, "outlets": [], "first_seen": None})
        item["reports"] += 1
        outlet = report.get("outlet")
        if outlet and outlet not in item["outlets"]:
            item["outlets"].append(outlet)
        published = report.get("published")
        if published and (item["first_seen"] is None or published < item["first_seen"]):
            item["first_seen"] = published
    out = []
    for item in sorted(variants.values(), key=lambda v: (-v["reports"], v["first_seen"] or "", v["text"])):
        diff = wording_diff(base, item["text"])
        out.append({**item, "fidelity": diff["fidelity"], "diff": diff["parts"]})
    return out


def month_range(first: str, last: str, cap: int = 240) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), at most ``cap`` of them (the latest)."""
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    months: list[str] = []
    while (y, m) <= (ly, lm):
        months.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return months[-cap:]


def timeline_chart(
    points: list[dict[str, Any]], width: int = 640, height: int = 160
) -> dict[str, Any] | None:
    """Bar geometry for the inline SVG timeline: quotes per month, empty months included.

    Computed here (numbers only) so the template draws rectangles without any script and the
    chart shows with JavaScript off. None when there is nothing to draw.
    """
    valid = [p for p in points if re.fullmatch(r"\d{4}-\d{2}", p.get("month") or "")]
    if not valid:
        return None
    by_month = {p["month"]: p for p in valid}
    months = month_range(valid[0]["month"], valid[-1]["month"])
    top = max(int(by_month.get(mo, {}).get("quotes", 0)) for mo in months) or 1
    pad_left, pad_bottom, pad_top = 28, 22, 8
    plot_w, plot_h = width - pad_left - 4, height - pad_bottom - pad_top
    step = plot_w / len(months)
    bars: list[dict[str, Any]] = []
    for i, month in enumerate(months):
        n = int(by_month.get(month, {}).get("quotes", 0))
        statements = int(by_month.get(month, {}).get("statements", 0))
        h = plot_h * n / top
        bars.append(
            {
                "x": round(pad_left + i * step + step * 0.1, 2),
                "w": round(max(step * 0.8, 1), 2),
                "y": round(pad_top + plot_h - h, 2),
                "h": round(h, 2),
                "month": month,
                "quotes": n,
                "statements": statements,
            }
        )
    label_every = max(1, len(months) // 8)
    labels = [
        {"x": round(b["x"] + b["w"] / 2, 2), "text": b["month"]}
        for i, b in enumerate(bars)
        if i % label_every == 0
    ]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "top": top,
        "axis_y": pad_top + plot_h,
        "pad_left": pad_left,
        "pad_top": pad_top,
    }


def safe_href(url: str | None) -> str | None:
    """A URL fit for an ``href``: only http(s) links survive (no ``javascript:``, ``data:``)."""
    if not url:
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None
