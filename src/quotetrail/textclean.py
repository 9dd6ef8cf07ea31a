"""Clean a flattened text scrape: a page's visible text dumped line by line, menus and all.

No off-the-shelf extractor handles this input (they all need the HTML tree), so quotetrail
has its own line cleaner. It works in three layers:

1. **Named junk rules** remove lines whose kind is unambiguous whatever the site: icon-font
   strings, stand-alone timestamps, media-player times, share/subscribe/app blurbs,
   disclaimers, reader-comment notices, bylines, repeated headlines, truncated teasers that
   repeat the lede, and lines of the site's template learnt by :func:`learn_boilerplate`.
   Each removal is recorded with its reason in :attr:`TextPage.removed`, for debugging.
2. **A line classifier** decides what is left. Body paragraphs look different from page
   furniture (sentence punctuation, length, function words, lowercase words, position among
   other prose lines; menus are runs of short capitalised lines). Two logistic regressions,
   the second reading the first one's scores of the neighbouring lines, were trained on
   flattened pages of the Zyte and WCXB benchmarks (``bench/train_textclean.py``) and ship as
   small JSON weights; inference is plain numpy.
3. **Header analysis** picks the headline (the title line, usually repeated), the standfirst
   after it, and the metadata (times, agency, dateline, authors) through :mod:`.metadata`.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from . import metadata
from .errors import ConfigError

logger = logging.getLogger(__name__)

__all__ = [
    "TextPage",
    "clean_text_page",
    "learn_boilerplate",
    "line_features",
    "normalise_line",
    "prepare_lines",
    "score_lines",
    "pass2_features",
    "Forest",
    "Prepared",
]

MODEL_RESOURCE = "data/textclean_model.json"

# (lines, normalised lines, headline, the headline's normalised forms, junk reason per line)
Prepared = tuple[list[str], list[str], str | None, set[str], list[str | None]]


@dataclass(slots=True)
class TextPage:
    """A cleaned flattened page: the article body plus what the header said about it."""

    body: str
    headline: str | None = None
    subtitle: str | None = None
    published: str | None = None
    updated: str | None = None
    agency: str | None = None
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    # The publisher a copyright line names ("© 2026 Northport Courier"), if the page has one.
    outlet: str | None = None
    # (line, reason) for every line left out of the body; reasons name the rule or "classifier".
    removed: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "headline": self.headline,
            "subtitle": self.subtitle,
            "published": self.published,
            "updated": self.updated,
            "agency": self.agency,
            "dateline": self.dateline,
            "authors": list(self.authors),
            "outlet": self.outlet,
            "removed": [list(x) for x in self.removed],
        }


# --------------------------------------------------------------------------------------------
# Line normalisation and boilerplate learning
# --------------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")


def normalise_line(line: str) -> str:
    """The form under which template lines are compared: case, digits and spacing folded."""
    s = " ".join(line.lower().split())
    s = _DIGITS.sub("0", s)
    return s.strip(" .,:;|-–—•·»›>")


def learn_boilerplate(pages: Iterable[str], min_docs: int = 3) -> frozenset[str]:
    """Normalised lines that recur in at least ``min_docs`` of the given pages.

    Pass pages of one outlet (the caller groups by site): what repeats across its articles is
    the template (menus, footers, newsletter blurbs), not news. Counting documents, not
    occurrences, keeps a line repeated inside one article from counting as template.
    """
    if min_docs < 2:
        raise ConfigError(f"min_docs must be at least 2, not {min_docs}")
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({n for n in (normalise_line(ln) for ln in page.splitlines()) if n})
    return frozenset(n for n, c in counts.items() if c >= min_docs)


# --------------------------------------------------------------------------------------------
# Junk rules
# --------------------------------------------------------------------------------------------

_ICON_TOKEN = re.compile(r"icon", re.I)
_MEDIA_TIME = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$")
# Whole-line furniture: a short line that is nothing but one of these.
_FURNITURE = re.compile(
    r"^(?:share(?: this(?: article| story| post)?)?(?: on \w+)?|tweet|e-?mail|print|save|copy(?: link)?|"
    r"comments?|\d+\s+comments?|no comments?|leave a (?:comment|reply)|reply|"
    r"subscribe(?: now)?|sign (?:up|in)|log ?in|log ?out|register|my account|"
    r"follow(?: us)?(?: on \w+)?|read more|see more|show more|load more|continue reading|"
    r"advertisement|advert|ad|sponsored(?: content)?|promoted|related(?: articles| stories| posts)?|"
    r"recommended(?: for you)?|trending(?: now)?|most (?:read|popular)|"
    r"podcasts?|listen(?: now)?|watch(?: now| live)?|play|pause|video|photos?|gallery|"
    r"newsletters?|open in app|get the app|download (?:the|our) app|skip to (?:main )?content|"
    r"menu|search|home|close|back to top|top|next|previous|prev|more|tags?|topics?|"
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube|"
    r"cookie settings|accept(?: all)?(?: cookies)?|privacy policy|terms(?: of (?:use|service))?|"
    r"all rights reserved\.?|contact(?: us)?|about(?: us)?|image|source|credit|loading\.*)$",
    re.I,
)
# Blurbs: the phrase anywhere in a line of at most ~40 words.
_BLURB = re.compile(
    r"(?:subscribe to (?:our|the) (?:newsletter|channel|podcast)|sign up (?:for|to) (?:our|the)|"
    r"follow us on|join (?:our|us on) (?:telegram|whatsapp|facebook)|download (?:the|our) \w* ?app|"
    r"open in app|click here to|share (?:this|on) (?:article|story|facebook|twitter)|"
    r"all rights reserved|©|copyright \d{4}|"
    r"(?:we|this site) uses? cookies|by continuing to (?:use|browse)|"
    r"listen to (?:this|the) (?:article|story|podcast)|"
    r"(?:get|receive) (?:the latest|breaking) news|don.t miss (?:out|any)|"
    r"(?:also read|read also|must read|read next|recommended reading)\s*[:|-])",
    re.I,
)
_DISCLAIMER = re.compile(
    r"^(?:disclaimer|note to readers|editor.s note)\s*[:\-–—]|"
    r"(?:auto-?published|syndicated|generated) from (?:an? )?(?:agency|syndicated|wire) feed|"
    r"has not been (?:reviewed|edited) by (?:an? )?(?:editor|\w+ staff)|"
    r"views (?:and opinions )?expressed (?:in this|here|above)[^.]* (?:are|do not)",
    re.I,
)
_COMMENT_NOTICE = re.compile(
    r"^dear readers?\b|commenting (?:system|policy|guidelines)|comments? (?:are|is) (?:closed|moderated)|"
    r"to (?:leave|post|add) (?:a )?comments?|join the (?:conversation|discussion)|"
    r"\[email\s*protected\]|be the first to comment|log in to comment|"
    r"(?:our|the) community guidelines",
    re.I,
)


# Words one of which every line caught by the three phrase rules above contains: a set lookup
# that spares running the regexes over ordinary body lines (most of a page).
def _wordset(text: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


_TRIGGERS = _wordset(
    "subscribe sign follow join download open click share rights reserved © copyright cookies "
    "continuing listen get receive don't don’t dont also read must recommended disclaimer note editor's "
    "editor’s auto-published autopublished published syndicated generated reviewed edited views dear "
    "reader readers commenting comment comments conversation discussion email community"
)
_TOKEN = re.compile(r"[\w'’-]+")
_BYLINE = re.compile(r"^(?:written |reported |posted |story )?by\s*:?\s+\S", re.I)
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)\s*$")
_WORD = re.compile(r"\w+")
_HEAD_SPLIT = re.compile(r"\s+(?:\||-|–|—|::|•|·|»)\s+")
_HEAD_HINT = re.compile(r"\s(?:\||-|–|—|::|•|·|»)\s")
_TIMESTAMP_HINT = re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b")
_DATE_WORDS = re.compile(
    r"\b(?:updated|published|posted|modified|edited|first|last|on|at|date|time|am|pm|a\.m\.|p\.m\.|"
    r"mon|tue|wed|thu|fri|sat|sun|[a-z]{3,9}day|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"ist|gmt|utc|est|edt|cet|cest|bst|pst|pdt|cst|cdt|[a-z]{2,5}t)\b",
    re.I,
)
_NON_WORD = re.compile(r"[\d\W_]+")


def _is_timestamp_line(line: str) -> bool:
    """A line that is a date stamp and little else (a few label words such as 'Updated:')."""
    if len(line) > 160 or not _TIMESTAMP_HINT.search(line):
        return False
    rest = _NON_WORD.sub(" ", _DATE_WORDS.sub(" ", line)).strip()
    if len(rest.split()) > 1:
        return False
    return metadata._ISO_RE.search(line) is not None or metadata._TEXT_DATE_RE.search(line) is not None


def _rule(line: str, norm: str, n_words: int, boilerplate: frozenset[str]) -> str | None:
    """The junk class of a line, or None when the rules have no opinion."""
    if norm in boilerplate:
        return "boilerplate"
    if n_words >= 5 and "icon" in norm and len(_ICON_TOKEN.findall(line)) >= 3:
        return "icon string"
    if n_words <= 3 and _MEDIA_TIME.match(line):
        return "media time"
    if n_words <= 6 and _FURNITURE.match(line.strip(" .:!|•·»›>")):
        return "menu/share furniture"
    if "©" in line or not _TRIGGERS.isdisjoint(_TOKEN.findall(norm)):
        if _DISCLAIMER.search(line):
            return "disclaimer"
        if n_words <= 80 and _COMMENT_NOTICE.search(line):
            return "reader-comment notice"
        if n_words <= 40 and _BLURB.search(line):
            return "share/subscribe blurb"
    if _is_timestamp_line(line):
        return "timestamp"
    return None


# --------------------------------------------------------------------------------------------
# Line features (shared with bench/train_textclean.py, which fits the model)
# --------------------------------------------------------------------------------------------

_STOP = _wordset(
    "a an the and or but if of to in on at by for with from as into about over after before than that "
    "this these those it its is are was were be been being has have had do does did not no so such "
    "he she they we you i his her their our your him them us who whom which what when where while "
    "will would can could should may might must said says also more most very just there here up out "
    "all any some one two new other only then because "
    # the commonest function words of the other large European languages on the web
    "de la que el en los del se las por un para con una su al lo como más pero sus le ya "
    "des les et est une pour pas qui dans sur au avec il du ce ne "
    "der die und das ist den von zu mit sich auf für nicht ein eine im dem nach auch "
    "da em um os na é com não dos ao mais het een van ook voor zijn di il che per non sono"
)
_SENT_END = frozenset(".!?\"”’')。！？」』»")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_BULLET = re.compile(r"^(?:\d{1,3}[.)]\s|[-•*·–—▪►]\s?)")
_URLISH = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_SEPARATORS = re.compile(r"\s[|»›/>]\s")
_LOWER_WORD = re.compile(r"[^\W\d_]+")
_NO_DIGITS = str.maketrans("", "", "0123456789")
_LENGTH_BUCKETS = (1, 3, 7, 15, 30)

BASE_FEATURES = (
    "log_chars",
    "log_words",
    "lower_ratio",
    "cap_ratio",
    "stop_ratio",
    "ends_sentence",
    "inner_stops",
    "commas",
    "digit_ratio",
    "bullet",
    "separators",
    "ends_colon",
    "duplicate",
    "position",
    "prose_before",
    "prose_after",
    "mean_word_len",
    "all_caps",
    "url",
    "prose",
    "ellipsis",
    "w1",
    "w2_3",
    "w4_7",
    "w8_15",
    "w16_30",
    "w31",
    "heads_before",
    "dist_head",
    "rules_near",
    "doc_lines",
    "doc_prose",
)
_CONTEXT_KEYS = ("prose", "log_chars", "stop_ratio", "bullet", "ends_sentence")
_CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
FEATURE_NAMES: tuple[str, ...] = (
    BASE_FEATURES
    + tuple(f"{k}@{o:+d}" for o in _CONTEXT_OFFSETS for k in _CONTEXT_KEYS)
    + ("prose_win5", "prose_win15", "dist_prose_before", "dist_prose_after", "bullet_win2")
)
PASS2_EXTRA: tuple[str, ...] = (
    "p@-2",
    "p@-1",
    "p@+1",
    "p@+2",
    "p_win3",
    "p_win8",
    "p_max_before",
    "p_max_after",
    "p_sandwich",
    "p_self",
)
_COL = {name: i for i, name in enumerate(BASE_FEATURES)}


def _base_row(line: str, tokens: list[str], duplicate: bool) -> list[float]:
    # Scripts written without spaces (Chinese, Japanese) count about two characters a word,
    # so that length cues mean the same thing as in spaced languages.
    cjk = 0 if line.isascii() else len(_CJK.findall(line))
    n = max(len(tokens), cjk // 2)
    nw = n or 1
    lower = cap = 0
    wlen = 0
    for w in tokens:
        c = w[0]
        if c.islower():
            lower += 1
        elif c.isupper():
            cap += 1
        wlen += len(w)
    stop = sum(map(_STOP.__contains__, _LOWER_WORD.findall(line.lower())))
    spaceless = cjk > 0 and cjk * 2 >= len(line)
    nc = len(line)
    digits = nc - len(line.translate(_NO_DIGITS))
    last = line[-1]
    inner = line.count(". ") + line.count("? ") + line.count("! ") + line[:-1].count("。")
    ends = 1.0 if last in _SENT_END else 0.0
    stop_ratio = min(stop / nw, 1.0)
    prose = 1.0 if (nw >= 8 and ends and (stop_ratio >= 0.15 or spaceless)) or nw >= 25 else 0.0
    return [
        math.log1p(nc),
        math.log1p(nw),
        lower / nw,
        cap / nw,
        stop_ratio,
        ends,
        inner / nw,
        line.count(",") / nw,
        digits / nc,
        1.0 if _BULLET.match(line) else 0.0,
        1.0 if _SEPARATORS.search(line) else 0.0,
        1.0 if last == ":" else 0.0,
        1.0 if duplicate else 0.0,
        0.0,
        0.0,
        0.0,  # position, prose_before, prose_after: filled in per document
        min(wlen / nw, 15.0) / 15.0,
        1.0 if nc > 3 and cap == nw and line.upper() == line else 0.0,
        1.0 if ("http" in line or "www." in line or "@" in line) and _URLISH.search(line) else 0.0,
        prose,
        1.0 if last in ".…" and _ELLIPSIS_END.search(line) else 0.0,
        1.0 if n <= 1 else 0.0,
        1.0 if 1 < n <= 3 else 0.0,
        1.0 if 3 < n <= 7 else 0.0,
        1.0 if 7 < n <= 15 else 0.0,
        1.0 if 15 < n <= 30 else 0.0,
        1.0 if n > 30 else 0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,  # heads_before, dist_head, rules_near, doc_lines, doc_prose
    ]


def _shift(col: np.ndarray, offset: int) -> np.ndarray:
    """``out[i] = col[i + offset]``, zero beyond the ends."""
    out = np.zeros_like(col)
    n = len(col)
    if 0 < offset < n:
        out[: n - offset] = col[offset:]
    elif 0 < -offset < n:
        out[-offset:] = col[: n + offset]
    return out


def _window_mean(col: np.ndarray, radius: int) -> np.ndarray:
    c = np.concatenate([[0.0], np.cumsum(col)])
    n = len(col)
    idx = np.arange(n)
    lo = np.clip(idx - radius, 0, n)
    hi = np.clip(idx + radius + 1, 0, n)
    return np.asarray((c[hi] - c[lo]) / (hi - lo))


def _distance_to(flags: np.ndarray, forward: bool) -> np.ndarray:
    """Lines to the nearest flagged line before (or after, ``forward``), log-scaled, capped at 50."""
    n = len(flags)
    idx = np.arange(n, dtype=float)
    pos = np.where(flags, idx, np.nan)
    if forward:
        nxt = np.fmin.accumulate(pos[::-1])[::-1]
        nxt = np.concatenate([nxt[1:], [np.nan]])
        dist = nxt - idx
    else:
        prev = np.fmax.accumulate(pos)
        prev = np.concatenate([[np.nan], prev[:-1]])
        dist = idx - prev
    return np.asarray(np.log1p(np.minimum(np.nan_to_num(dist, nan=50.0), 50.0)))


def line_features(prepared: Prepared) -> tuple[list[int], np.ndarray]:
    """Indices of the lines the rules left, and their feature matrix (columns FEATURE_NAMES)."""
    lines, norms, _headline, head_forms, reasons = prepared
    keep = [i for i, r in enumerate(reasons) if r is None]
    n = len(keep)
    if n == 0:
        return keep, np.zeros((0, len(FEATURE_NAMES)))
    counts = Counter(norms[i] for i in keep)
    base = np.array([_base_row(lines[i], lines[i].split(), counts[norms[i]] > 1) for i in keep])
    prose = base[:, _COL["prose"]]
    weight = prose * np.exp(base[:, _COL["log_chars"]])
    total = weight.sum() or 1.0
    cum = np.cumsum(weight)
    keep_arr = np.array(keep)
    base[:, _COL["position"]] = keep_arr / max(len(lines) - 1, 1)
    base[:, _COL["prose_before"]] = (cum - weight) / total
    base[:, _COL["prose_after"]] = (total - cum) / total
    heads = np.array([1.0 if nm in head_forms else 0.0 for nm in norms])
    head_cum = np.cumsum(heads)
    base[:, _COL["heads_before"]] = np.minimum(head_cum[keep_arr], 3.0)
    base[:, _COL["dist_head"]] = _distance_to(heads > 0, forward=False)[keep_arr]
    ruled = np.array([0.0 if r is None else 1.0 for r in reasons])
    base[:, _COL["rules_near"]] = _window_mean(ruled, 2)[keep_arr]
    base[:, _COL["doc_lines"]] = math.log1p(len(lines))
    base[:, _COL["doc_prose"]] = float(prose.mean())
    cols = [base]
    for o in _CONTEXT_OFFSETS:
        for k in _CONTEXT_KEYS:
            cols.append(_shift(base[:, _COL[k]], o)[:, None])
    extra = [
        _window_mean(prose, 5),
        _window_mean(prose, 15),
        _distance_to(prose > 0, forward=False),
        _distance_to(prose > 0, forward=True),
        _window_mean(base[:, _COL["bullet"]], 2),
    ]
    return keep, np.column_stack([*cols, *extra])


def pass2_features(x1: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """Second-pass features: the first pass's scores of the neighbours, so a short line between
    kept paragraphs (a subheading, a list item) can be kept and a lone prose-like line among
    menus dropped."""
    if len(p1) == 0:
        return np.zeros((0, x1.shape[1] + len(PASS2_EXTRA)))
    before = np.maximum(np.maximum(_shift(p1, -1), _shift(p1, -2)), _shift(p1, -3))
    after = np.maximum(np.maximum(_shift(p1, 1), _shift(p1, 2)), _shift(p1, 3))
    extra = [
        _shift(p1, -2),
        _shift(p1, -1),
        _shift(p1, 1),
        _shift(p1, 2),
        _window_mean(p1, 3),
        _window_mean(p1, 8),
        before,
        after,
        np.minimum(before, after),
        p1,
    ]
    return np.column_stack([x1, *extra])


@dataclass(frozen=True, slots=True)
class Forest:
    """Gradient-boosted trees flattened into arrays, evaluated for all trees and lines at once.

    Exported from scikit-learn's HistGradientBoostingClassifier by bench/train_textclean.py;
    a leaf points to itself, so walking ``depth`` steps from every root lands on the leaves.
    """

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    baseline: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        flat = np.ascontiguousarray(x, dtype=float).ravel()
        node = np.repeat(self.roots[:, None], n, axis=1)
        row_base = (np.arange(n) * x.shape[1])[None, :]
        for _ in range(self.depth):
            go_left = flat[row_base + self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        raw = self.baseline + self.value[node].sum(axis=0)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(raw, -30, 30))))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Forest:
        return cls(
            np.array(d["roots"], dtype=np.int64),
            np.array(d["feature"], dtype=np.int64),
            np.array(d["threshold"], dtype=float),
            np.array(d["left"], dtype=np.int64),
            np.array(d["right"], dtype=np.int64),
            np.array(d["value"], dtype=float),
            int(d["depth"]),
            float(d["baseline"]),
        )


@dataclass(frozen=True, slots=True)
class _Model:
    pass1: Forest
    pass2: Forest
    threshold: float


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    """The packaged line classifier, or None (rules only) when the weights are missing."""
    try:
        raw = resources.files("quotetrail").joinpath(MODEL_RESOURCE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        logger.warning("no %s in the package; cleaning flattened text with rules only", MODEL_RESOURCE)
        return None
    data = json.loads(raw)
    if tuple(data["features"]) != FEATURE_NAMES or tuple(data["pass2_extra"]) != PASS2_EXTRA:
        logger.warning("%s was trained on other features; cleaning with rules only", MODEL_RESOURCE)
        return None
    return _Model(Forest.from_dict(data["pass1"]), Forest.from_dict(data["pass2"]), float(data["threshold"]))


def score_lines(prepared: Prepared) -> tuple[list[int], np.ndarray]:
    """Indices of the lines the rules left and the probability that each is article body."""
    keep, x1 = line_features(prepared)
    model = _model()
    if model is None:
        # Without weights: prose lines, and short lines sandwiched between prose lines.
        prose = x1[:, FEATURE_NAMES.index("prose")]
        win = _window_mean(prose, 2) if keep else prose
        return keep, np.asarray(np.maximum(prose, (win >= 0.4) * 0.6))
    p1 = model.pass1.predict(x1)
    return keep, model.pass2.predict(pass2_features(x1, p1))


# --------------------------------------------------------------------------------------------
# Headline, subtitle and header zone
# --------------------------------------------------------------------------------------------


def _title_like(line: str) -> bool:
    n = len(line.split())
    if not 2 <= n <= 30 or line.rstrip().endswith((".", ",", ";", ":")) or len(line) > 250:
        return False
    # A long sentence closing on a quotation ('Warren said it was "like a used car dealership."')
    # is a paragraph, not a title.
    return not (n >= 15 and _QUOTE_CLOSING_SENTENCE.search(line))


_QUOTE_CLOSING_SENTENCE = re.compile(r"[.!?…][\"”’']\s*$")


def _article_started(lines: Sequence[str], paragraphs: int = 3) -> int:
    """Index of the ``paragraphs``-th paragraph-like line (len(lines) if there are fewer).

    A page's title comes before its article: a title-like line after several paragraphs is a
    quotation or a subheading ("Does anybody know ...?" Graham asked.), and taking it for the
    headline would send every paragraph above it to the header.
    """
    seen = 0
    for i, line in enumerate(lines):
        if line[-1] in _SENT_END and line.count(" ") >= 14:
            seen += 1
            if seen == paragraphs:
                return i
    return len(lines)


def _plain_headline(lines: Sequence[str]) -> bool:
    """A page that opens straight with a short line and then paragraphs: a plain article file
    whose headline ends with a full stop ("Laws don't apply equally to Clinton.")."""
    if len(lines) < 3:
        return False
    first, n_words = lines[0], lines[0].count(" ") + 1
    if not 3 <= n_words <= 16 or _FURNITURE.match(first.strip(" .:!|•·»›>")) or _is_timestamp_line(first):
        return False
    if _BYLINE.match(first) or not first[0].isupper():
        return False
    return _article_started(lines[1:], paragraphs=2) <= 2


def _find_headline(lines: Sequence[str], norms: Sequence[str]) -> tuple[str | None, set[str]]:
    """The headline and every normalised form under which it appears as a line.

    The page's first title-like line is usually its <title> ("Headline | Site"); the part of
    it that the page repeats as a line of its own (the h1, "Headline | Headline") is the
    headline. Failing that, the title line with its " | Site" suffix taken off. Lines
    repeated more than four times are template (menus), never the headline; only a page with
    no title line at all falls back to its most repeated title-like line near the top.
    """
    limit = min(max(20, len(lines) // 2), _article_started(lines))
    part_counts: Counter[str] = Counter()
    for nm in norms:
        part_counts[nm] += 1
        if _HEAD_HINT.search(nm):
            part_counts.update({p for p in _HEAD_SPLIT.split(nm) if p and p != nm})
    title_line = next(
        (
            nm
            for ln, nm in zip(lines[:limit], norms, strict=False)
            if _title_like(ln)
            and len(ln.split()) >= 3
            and not _is_timestamp_line(ln)
            and not _FURNITURE.match(ln.strip(" .:!|•·»›>"))
        ),
        "",
    )
    title_parts = {*_HEAD_SPLIT.split(title_line), title_line}
    best: tuple[int, int, int, str] | None = None
    for i, line in enumerate(lines[:limit]):
        if not _title_like(line) or len(line.split()) < 3:
            continue
        pieces = [line, *_HEAD_SPLIT.split(line)] if _HEAD_HINT.search(line) else [line]
        for part in pieces:
            p_norm = normalise_line(part)
            if len(part.split()) < 3 or not p_norm:
                continue
            reps = part_counts[p_norm]
            in_title = p_norm in title_parts
            if 2 <= reps <= 4 and (in_title or (not title_line and i <= max(15, len(lines) // 4))):
                key = (1 if in_title else 0, min(reps, 3), -i, part.strip())
                if best is None or key[:3] > best[:3]:
                    best = key
    if best is not None:
        headline = best[3]
    else:
        first = next((ln for ln, nm in zip(lines[:limit], norms, strict=False) if nm == title_line), None)
        if first is None and _plain_headline(lines):
            first = lines[0]  # a plain article file: its first line, a short sentence, is the title
        if first is None:
            return None, set()
        first_parts = _HEAD_SPLIT.split(first)
        headline = max(first_parts, key=lambda p: len(p.split())) if len(first_parts) > 1 else first
        headline = headline.strip()
    h_norm = normalise_line(headline)
    forms = {h_norm}
    for nm in norms:
        if h_norm not in nm:
            continue
        parts = [p for p in _HEAD_SPLIT.split(nm) if p]
        variant = bool(parts) and h_norm in parts and len(parts) <= 3 and nm.startswith(h_norm)
        if nm == h_norm or variant or (parts and all(p == h_norm for p in parts)):
            forms.add(nm)
    return headline, forms


def _teaser_of(line: str, later: Sequence[str]) -> bool:
    """A truncated teaser ("... on its ...") whose text starts another line of the page."""
    if not _ELLIPSIS_END.search(line):
        return False
    stem = _ELLIPSIS_END.sub("", line).strip()
    if len(stem.split()) < 5:
        return False
    stem_norm = " ".join(_WORD.findall(stem.lower()))
    return any(" ".join(_WORD.findall(o.lower())).startswith(stem_norm) for o in later if o is not line)


# --------------------------------------------------------------------------------------------
# The cleaner
# --------------------------------------------------------------------------------------------


def prepare_lines(text: str, *, boilerplate: frozenset[str] = frozenset()) -> Prepared:
    """Split a page into lines and apply the named junk rules.

    Returns (lines, normalised lines, headline, the headline's normalised forms, reason per
    line or None). The classifier sees only the lines whose reason is None; training
    (bench/train_textclean.py) uses this same function so it learns on what inference sees.
    """
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    norms = [normalise_line(ln) for ln in lines]
    headline, head_forms = _find_headline(lines, norms)
    reasons: list[str | None] = []
    for i, (line, nm) in enumerate(zip(lines, norms, strict=True)):
        n_words = line.count(" ") + 1
        reason = _rule(line, nm, n_words, boilerplate)
        if reason is None and nm in head_forms:
            reason = "repeated headline"
        if reason is None and _BYLINE.match(line) and n_words <= 25 and line[-1] not in ".!?":
            reason = "byline"
        if reason is None and _teaser_of(line, lines[i + 1 :]):
            reason = "truncated teaser"
        reasons.append(reason)
    return lines, norms, headline, head_forms, reasons


def clean_text_page(
    text: str,
    *,
    boilerplate: frozenset[str] = frozenset(),
    country: str | None = None,
    threshold: float | None = None,
) -> TextPage:
    """Clean one flattened page into its article body and header metadata.

    ``boilerplate`` is the outlet's template from :func:`learn_boilerplate`; ``country`` (ISO
    3166, e.g. ``"IN"``) resolves ambiguous zone abbreviations when the dateline does not.
    ``threshold`` overrides the classifier's cut-off (higher keeps less). Every body paragraph
    is one line of the input, joined by a blank line; everything dropped is in ``removed``.
    """
    prepared = prepare_lines(text, boilerplate=boilerplate)
    lines, norms, headline, head_forms, reasons = prepared
    page = TextPage(body="", headline=headline)
    if not lines:
        return page

    keep_idx, probs = score_lines(prepared)
    model = _model()
    cut = threshold if threshold is not None else (model.threshold if model else 0.5)
    kept = {i for i, p in zip(keep_idx, probs, strict=True) if p >= cut}
    if not kept and len(probs):
        # An article page has an article: when nothing clears the cut (short, paywalled
        # stories score low), keep the prose lines scoring close to the page's best.
        top = float(probs.max())
        kept = {
            i
            for i, p in zip(keep_idx, probs, strict=True)
            if p >= max(0.6 * top, 0.15) and len(lines[i]) >= 80
        }
    _extend_to_prose_neighbours(lines, keep_idx, probs, kept, cut * HYSTERESIS)
    for i, p in zip(keep_idx, probs, strict=True):
        if i not in kept:
            reasons[i] = f"classifier ({p:.2f})"
    _cut_comment_section(lines, reasons, kept)

    # Header zone: everything up to the last headline occurrence that precedes the body is
    # header (title tag, standfirst, byline, teaser); the standfirst is the subtitle.
    head_at = [i for i, nm in enumerate(norms) if nm in head_forms]
    header_end = -1
    if head_at:
        first = head_at[0]
        for j in head_at:
            # Only a repeat before the article text counts: a standfirst may sit between the
            # two, a paragraph may not (a later repeat is a "related" box or a footer). Nor
            # may the header hold more than a standfirst's worth of kept text before it.
            between = sum(len(lines[k]) for k in kept if first < k < j)
            before = sum(len(lines[k]) for k in kept if k < j)
            if j < max(20, len(lines) // 2) and between < 300 and before < MAX_HEADER_TEXT:
                header_end = j
        sub = _subtitle(lines, reasons, first, header_end)
        if sub is not None:
            page.subtitle = lines[sub]
            if sub < header_end or sub not in kept:
                kept.discard(sub)
                reasons[sub] = "subtitle"
        for k in sorted(kept):
            if k < header_end:
                kept.discard(k)
                reasons[k] = "header"

    body_lines = [lines[i] for i in sorted(kept)]
    page.body = "\n\n".join(body_lines)
    page.removed = [(lines[i], r) for i, r in enumerate(reasons) if i not in kept and r is not None]

    # Metadata: header lines first, then the rest of the page.
    first_body = min(kept) if kept else len(lines)
    # Bylines and stamps sit by the headline, just before the body; long menus before them
    # are skipped (they cost time and hold other articles' dates).
    head_stop = max(first_body, header_end + 1)
    near = range(max(0, head_stop - 40), min(len(lines), head_stop + 15))
    marked = [i for i, r in enumerate(reasons) if r in ("byline", "timestamp")][:6]
    meta_idx = sorted({*range(min(5, head_stop)), *(i for i in near if i not in kept), *marked})
    meta_lines = [lines[i] for i in meta_idx]
    page.dateline = metadata.find_dateline(page.body) if page.body else None
    page.agency = metadata.find_agency(meta_lines + body_lines[:3] + body_lines[-3:])
    page.authors = metadata.find_authors(meta_lines)
    holder = copyright_holder(lines[::-1][:40])
    holder_agency = metadata.agency_named(holder) if holder else None
    if holder_agency:  # "Copyright 2025 The Associated Press": a wire story, not the site's name
        page.agency = page.agency or holder_agency
    else:
        page.outlet = holder
    zone_country = country or metadata.dateline_country(page.dateline)
    stamp_lines = [ln for ln in meta_lines if len(ln) <= 300 and _TIMESTAMP_HINT.search(ln)]
    for line in stamp_lines[:12]:
        pub, upd = metadata.parse_timestamps(line, country=zone_country)
        page.published = page.published or pub
        page.updated = page.updated or upd
        if page.published and page.updated:
            break
    return page


# Kept text (characters) that may precede the headline's repeat and still be header (a
# standfirst, a teaser): more is article text, and the "repeat" is a line of the article.
MAX_HEADER_TEXT = 500

_COPYRIGHT = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*)+(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?"
    r"(?P<name>[A-Z][\w&'’ .-]{1,60}?)"
    r"(?:,?\s+(?:Inc|LLC|Ltd|Limited|Corp|Corporation|plc|GmbH|Group)\.?)?"
    r"(?:\s*,?\s*(?:19|20)\d\d)?\s*(?:[.|,]|all rights reserved|$)",
    re.I,
)


def copyright_holder(lines: Sequence[str]) -> str | None:
    """The name in the first copyright notice among ``lines`` ("© 2026 Northport Courier",
    "Copyright 2025 The Associated Press. All rights reserved.")."""
    for line in lines:
        if len(line) > 200 or ("©" not in line and "opyright" not in line and "(c)" not in line.lower()):
            continue
        match = _COPYRIGHT.match(line.strip())
        if not match:
            continue
        name = match.group("name").strip(" .,-")
        words = name.split()
        if 1 <= len(words) <= 6 and name[0].isupper() and not name.lower().startswith(("all rights", "by ")):
            return name
    return None


# A prose line next to a kept line needs only this fraction of the cut-off (hysteresis, as in
# jusText's "near-good" blocks): the first and last paragraphs border on furniture, which
# lowers their scores although they read exactly like the paragraphs around them. 0.3 rather
# than 0.6 keeps a short closing paragraph just above a share bar (the bundled sample's
# "He added that ..." scored 0.28); on the flattened Zyte + WCXB pages the two values score
# the same (held-out F1 0.914 both, bench/bench_extraction.py --set all).
HYSTERESIS = 0.3


def _extend_to_prose_neighbours(
    lines: Sequence[str], keep_idx: Sequence[int], probs: np.ndarray, kept: set[int], low: float
) -> None:
    """Keep sentence-like candidates adjacent (among candidates) to kept lines if p >= low."""
    if not kept:
        return
    changed = True
    while changed:
        changed = False
        for pos, i in enumerate(keep_idx):
            if i in kept or probs[pos] < low:
                continue
            line = lines[i]
            if len(line.split()) < 10 or line[-1] not in _SENT_END:
                continue
            left = pos > 0 and keep_idx[pos - 1] in kept
            right = pos + 1 < len(keep_idx) and keep_idx[pos + 1] in kept
            if left or right:
                kept.add(i)
                changed = True


_COMMENTS_START = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|discussion|conversation|"
    r"leave a (?:comment|reply)|post a comment|add a comment|join the (?:discussion|conversation)|"
    r"\d+ (?:thoughts|responses|replies|comments) (?:on|to) .{1,200})\s*:?$",
    re.I,
)


def _cut_comment_section(lines: Sequence[str], reasons: list[str | None], kept: set[int]) -> None:
    """Drop kept lines after the heading of a reader-comment section.

    Reader comments are sentence-like prose, so the classifier likes them; the heading that
    opens the section ("12 Comments", "Leave a Reply", "3 thoughts on ...") is the boundary.
    Only a heading after at least two kept lines counts, so a "Comments" menu item above the
    article cannot cut it.
    """
    order = sorted(kept)
    if len(order) < 3:
        return
    for j in range(order[1] + 1, order[-1]):
        if j in kept or not _COMMENTS_START.match(lines[j]):
            continue
        before = sum(len(lines[k]) for k in order if k < j)
        if before < 150:
            continue
        for k in order:
            if k > j:
                kept.discard(k)
                reasons[k] = "reader comments"
        return


def _subtitle(lines: Sequence[str], reasons: Sequence[str | None], first: int, header_end: int) -> int | None:
    """Index of the standfirst after the headline's first occurrence, if there is one.

    Between two occurrences of the headline (title block, then the article's own h1) the
    first sentence-like line is the standfirst. Without a repeat, only a line just after the
    headline that the classifier left out of the body qualifies: a line it kept is the lede,
    and calling it the subtitle as well would show the same text twice.
    """
    repeated = header_end > first
    stop = header_end if repeated else min(len(lines), first + 4)
    found = _standfirst_in(lines, reasons, range(first + 1, stop), kept_ok=repeated)
    if found is None and repeated:
        # The standfirst may also follow the article's own h1: then only a line the classifier
        # left out of the body qualifies (a kept one is the lede).
        found = _standfirst_in(lines, reasons, range(header_end + 1, min(len(lines), header_end + 4)), False)
    return found


def _standfirst_in(
    lines: Sequence[str], reasons: Sequence[str | None], candidates: range, kept_ok: bool
) -> int | None:
    """The first sentence-like line among ``candidates``, skipping lines a rule marked as junk."""
    for k in candidates:
        r = reasons[k]
        if r is not None and not r.startswith("classifier"):
            continue  # junk found by a rule (timestamp, byline, teaser): look further
        words = len(lines[k].split())
        ok = 5 <= words <= 60 and not _BYLINE.match(lines[k]) and not lines[k].endswith(":")
        if ok and (kept_ok or r is not None):
            return k
        return None
    return None
    return None
