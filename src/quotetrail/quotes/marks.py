"""Pairing quotation marks in raw text, before any parsing.

Why a separate pass over characters: spaCy tokenises a quotation mark as ``"``/``''`` and its
sentence splitter often cuts a quote in two, so who-said-what cannot be read off the parse
alone. Here the marks are paired on the text itself, paragraph by paragraph, with the newsroom
conventions spelled out:

* curly (“ ”), German low-high (\u201e … \u201c), guillemets (« »), straight ``"`` and typewriter ``` `` ''``
  doubles are quotation marks; single marks inside a double quotation are nested quotes, so
  they, apostrophes and elisions (’90s, rock ’n’ roll) cannot break a pair;
* outside double quotations, curly single marks are top-level quotes as British style and
  headlines use them (``NFL has gone ‘soft’``, ``Trump: ‘I’m the worst thing …’``), but only
  when an opening ‘ (never a straight ' or ’, which are apostrophes far more often) before a
  letter finds a closing ’ in its paragraph that ends a word before a space or punctuation;
  a plural possessive (``the players’ union``) does not close, and an unmatched ‘ is no quote
  and no warning (it is as often a misprinted apostrophe);
* primes (5′9″) are not quotation marks, and a straight ``"`` right after a digit outside a
  quote is read as an inch sign;
* a quote that runs over several paragraphs has its closing mark only at the end, and every
  continued paragraph opens with a mark: an unclosed quote continues when the next paragraph
  opens with a mark, and otherwise ends at its own paragraph's end with a warning, so an
  unbalanced mark never swallows the rest of the article;
* a closing mark with nothing open is reported and ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_DOUBLE = "\u201c\u201e\u00ab\u201f"
CLOSE_DOUBLE = "\u201d\u00bb"
STRAIGHT = '"'
# Two typewriter marks count as one double mark.
_MARK = re.compile("``|''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_PARA = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(slots=True)
class QuoteRegion:
    """One quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    # Paragraph indexes the region touches (first, last).
    paragraphs: tuple[int, int] = (0, 0)
    # Opening marks of continued paragraphs inside the region.
    reopenings: list[int] = field(default_factory=list)

    def text(self, doc_text: str) -> str:
        return doc_text[self.inner_start : self.inner_end]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs (blank-line separated), white space trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _is_opening(text: str, pos: int, length: int) -> bool:
    """Whether an ambiguous mark at ``pos`` reads as an opening one (by its neighbours)."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if after.isspace() or after == "":
        return False
    return before.isspace() or before in "([{\u2014\u2013-/:;,\u2018'" or pos == 0


def _is_closing(text: str, pos: int, length: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if before.isspace():
        return False
    return after.isspace() or not after.isalnum()


def find_regions(text: str) -> tuple[list[QuoteRegion], list[str]]:
    """Pair the quotation marks of ``text``; returns regions in order and warnings."""
    regions: list[QuoteRegion] = []
    warnings: list[str] = []
    paras = paragraphs(text)
    open_at: int | None = None  # position of the opening mark of the current quote
    open_len = 0
    open_para = 0
    reopenings: list[int] = []
    for pi, (ps, pe) in enumerate(paras):
        marks = [(m.start(), m.end() - m.start(), m.group()) for m in _MARK.finditer(text, ps, pe)]
        if open_at is not None:
            # A quote left open at the previous paragraph's end continues only when this
            # paragraph opens with a mark (the multi-paragraph convention).
            starts_with_mark = (
                bool(marks)
                and marks[0][0] == ps
                and (marks[0][2] in OPEN_DOUBLE or marks[0][2] in (STRAIGHT, "``", "''"))
            )
            if starts_with_mark:
                reopenings.append(ps)
                marks = marks[1:]
            else:
                prev_end = paras[pi - 1][1]
                warnings.append(f"unclosed quotation mark at {open_at}: closed at the end of its paragraph")
                regions.append(
                    QuoteRegion(
                        open_at,
                        prev_end,
                        open_at + open_len,
                        prev_end,
                        False,
                        (open_para, pi - 1),
                        reopenings,
                    )
                )
                open_at, reopenings = None, []
        skip: set[int] = set()
        for k, (pos, length, mark) in enumerate(marks):
            if k in skip:
                continue
            if open_at is None:
                if mark in CLOSE_DOUBLE:
                    warnings.append(f"closing quotation mark at {pos} without an opening one: ignored")
                    continue
                if mark == STRAIGHT and pos > 0 and text[pos - 1].isdigit():
                    continue  # an inch sign: 5'9"
                if mark in (STRAIGHT, "''") and not _is_opening(text, pos, length):
                    warnings.append(f"quotation mark at {pos} neither opens nor closes a quote: ignored")
                    continue
                open_at, open_len, open_para, reopenings = pos, length, pi, []
            else:
                german_close = text[open_at] == "\u201e" and mark in "\u201c\u201d"  # „…“ closes with “
                nested = _nested_pair(marks, k) if mark == "\u201c" and text[open_at] == "\u201c" else None
                if nested is not None:
                    # '“… isn’t about “Equal Justice Under Law” anymore.”': double marks nested
                    # in double marks, as scrapes often have them; the inner pair stays inside
                    skip.add(nested)
                    continue
                # 'for her here,“ said Jim Clyburn': an opening mark typed where a closing one
                # belongs (after the words, before a space) closes the quote
                mistyped_close = (
                    mark == "\u201c" and _is_closing(text, pos, length) and not _is_opening(text, pos, length)
                )
                if (
                    not german_close
                    and not mistyped_close
                    and (
                        mark in OPEN_DOUBLE
                        or mark == "``"
                        or (
                            mark in (STRAIGHT, "''")
                            and _is_opening(text, pos, length)
                            and not _is_closing(text, pos, length)
                        )
                    )
                ):
                    # An opening mark while a quote is open: the earlier one was never closed.
                    end = pos
                    while end > open_at + open_len and text[end - 1].isspace():
                        end -= 1
                    warnings.append(
                        f"unclosed quotation mark at {open_at}: closed before the next opening mark"
                    )
                    regions.append(
                        QuoteRegion(open_at, end, open_at + open_len, end, False, (open_para, pi), reopenings)
                    )
                    open_at, open_len, open_para, reopenings = pos, length, pi, []
                    continue
                regions.append(
                    QuoteRegion(
                        open_at, pos + length, open_at + open_len, pos, True, (open_para, pi), reopenings
                    )
                )
                open_at, reopenings = None, []
    if open_at is not None:
        end = paras[-1][1] if paras else len(text)
        warnings.append(f"unclosed quotation mark at {open_at}: closed at the end of its paragraph")
        regions.append(
            QuoteRegion(open_at, end, open_at + open_len, end, False, (open_para, len(paras) - 1), reopenings)
        )
    regions = [r for r in regions if r.inner_end > r.inner_start]
    singles = _single_regions(text, paras, regions)
    if singles:
        regions = sorted(regions + singles, key=lambda r: r.start)
    return regions, warnings


def _nested_pair(marks: list[tuple[int, int, str]], k: int) -> int | None:
    """Index of the mark closing an opening curly mark ``k`` nested in an open quote: the next
    mark closes it and another closing mark follows before any new opening one."""
    if k + 2 >= len(marks) or marks[k + 1][2] != "\u201d":
        return None
    for _, _, later in marks[k + 2 :]:
        if later == "\u201d":
            return k + 1
        if later in OPEN_DOUBLE:
            return None
    return None


_SINGLE_OPEN = "\u2018"
_SINGLE_CLOSE = "\u2019"
_STRAIGHT_SINGLE = "'"
# Words that open with an elision mark ('em, 'til, rock 'n' roll): an apostrophe, not a quote.
_ELISIONS = frozenset(
    ["em", "til", "tis", "twas", "cause", "n", "bout", "round", "im", "er", "ello", "nuff", "kay"]
)
_OPEN_BEFORE = '([{\u2014\u2013-/:;,"\u201c'


def _single_regions(text: str, paras: list[tuple[int, int]], doubles: list[QuoteRegion]) -> list[QuoteRegion]:
    """Top-level single quotations lying outside every double quotation: curly (‘…’) and, as
    British papers print them once their typography is flattened, straight ('…'). Straight
    marks only in a text without double quotations: where doubles are the quotation marks,
    a straight single outside them is a headline's or a subhead's (''Thin-skinned' Trump ...')
    or an apostrophe, and British style nests doubles inside singles, not beside them."""
    out: list[QuoteRegion] = []
    for opener, closer in ((_SINGLE_OPEN, _SINGLE_CLOSE), (_STRAIGHT_SINGLE, _STRAIGHT_SINGLE)):
        if opener == _STRAIGHT_SINGLE and doubles:
            continue
        if opener in text:
            taken = sorted(doubles + out, key=lambda r: r.start)
            out.extend(_pair_singles(text, paras, taken, opener, closer))
    return sorted(out, key=lambda r: r.start)


def _pair_singles(
    text: str, paras: list[tuple[int, int]], taken: list[QuoteRegion], opener: str, closer: str
) -> list[QuoteRegion]:
    out: list[QuoteRegion] = []
    k = 0  # index into ``taken`` (sorted by start)
    for pi, (ps, pe) in enumerate(paras):
        pos = text.find(opener, ps, pe)
        while pos != -1:
            while k < len(taken) and taken[k].end <= pos:
                k += 1
            inside = k < len(taken) and taken[k].start <= pos
            limit = taken[k].start if k < len(taken) and not inside else pe
            limit = min(limit, pe)
            close = None if inside else _single_close(text, pos, limit, opener, closer)
            if close is not None:
                inner = text[pos + 1 : close]
                if sum(ch.isalpha() for ch in inner) >= 2:
                    out.append(QuoteRegion(pos, close + 1, pos + 1, close, True, (pi, pi), []))
                    pos = text.find(opener, close + 1, pe)
                    continue
            elif (
                not inside
                and pos == ps
                and limit == pe
                and pi + 1 < len(paras)
                and text.startswith(opener, paras[pi + 1][0])
                and pos + 1 < pe
                and text[pos + 1].isalpha()
            ):
                # British style: a quotation running on into the next paragraph is not closed
                # at this one's end, and the next paragraph opens with a mark again
                end = pe
                while end > pos + 1 and text[end - 1].isspace():
                    end -= 1
                out.append(QuoteRegion(pos, end, pos + 1, end, True, (pi, pi), []))
                break
            pos = text.find(opener, (taken[k].end if inside else pos + 1), pe)
    return out


def _single_close(text: str, pos: int, limit: int, opener: str, closer: str) -> int | None:
    """The closing mark of a single quotation opened at ``pos``, before ``limit``; None when
    there is none."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if not (before.isspace() or before in _OPEN_BEFORE) or not after.isalpha():
        return None
    if opener == _STRAIGHT_SINGLE:
        word = re.match(r"[A-Za-z]+", text[pos + 1 : pos + 8])
        if word and word.group().lower() in _ELISIONS:
            return None  # 'em, 'til: an elision
    j = text.find(closer, pos + 2, limit)
    while j != -1:
        prev = text[j - 1]
        nxt = text[j + 1] if j + 1 < len(text) else " "
        if opener != closer and text.find(opener, pos + 1, j) != -1:
            return None  # another ‘ opens first: not a pair we can read
        if not prev.isspace() and not nxt.isalnum():
            # "the players’ union": a plural possessive before a lower-case word is no close.
            possessive = prev in "sz" and nxt == " " and text[j + 2 : j + 3].islower()
            if not possessive:
                return j
        elif opener == closer and prev.isspace() and nxt.isalpha():
            return None  # a straight mark opening another quotation first
        j = text.find(closer, j + 1, limit)
    return None
