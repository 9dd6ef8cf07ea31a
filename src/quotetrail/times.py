"""Time expressions in an article, resolved against its publication time.

News writes time relative to the day it is published: "on Tuesday" is the most recent Tuesday
on or before publication, "last month" the month before, "on August 15" the most recent August
15. Resolution is dateparser's (``RELATIVE_BASE`` = the publication time on the page's own clock,
``PREFER_DATES_FROM='past'``) with its known traps handled here:

* a bare weekday on the weekday of publication is that same day, not a week earlier;
* ``+5:30`` offsets are rejected by dateparser and ``datetime``: they are padded to ``+05:30``;
* ``IST`` means Israel time to dateparser, but India Standard Time in the news that uses it;
* decades ("the '90s") are read as ninety seconds: they are handled before dateparser sees them;
* durations ("four years") are not points in time and are not resolved as "four years ago".

Values keep their granularity: ``2025-09-02`` (day), ``2025-W35`` (week), ``2025-08`` (month),
``2022`` (year), ``199X`` (decade). Without a publication time, only expressions that carry
their own year resolve; the rest keep ``value=None`` and say why in ``reason``.
"""

from __future__ import annotations

import functools
import logging
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dateparser.date import DateDataParser

from .types import Quote, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

__all__ = ["find_time_spans", "parse_published", "resolve_expression", "resolve_times", "said_on"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
_UNIT = r"(?:day|week|month|year|decade)s?"
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Hedges in front of an expression ("only six months ago") that dateparser does not read.
_HEDGES = (
    r"^(?:only|just|about|nearly|almost|some|roughly|around|more than|less than|at least|as recently as) "
)
_LEAD_WORDS = r"(?:back |earlier |later |early |late |as early as |as late as )"
_PREPOSITIONS = r"(?:on|in|since|by|until|from|during|of)"
_LEAD = rf"(?:{_LEAD_WORDS}?{_PREPOSITIONS} )?"

# Candidate expressions, most specific first; the preposition in front is added afterwards
# (_LEAD_BEFORE), which keeps this one regex cheap on long articles.
_PATTERNS = [
    r"\b(?:the )?(?:(?:'|’)\d0s|(?:1[5-9]|20)\d0s)",
    rf"\b(?:{_WEEKDAY},? )?{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? (?:1[5-9]|20)\d\d)?\b",
    rf"\b(?:{_WEEKDAY},? )?\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}(?:,? (?:1[5-9]|20)\d\d)?\b",
    rf"\b(?:(?:early|mid|late)[- ])?{_MONTH} (?:1[5-9]|20)\d\d\b",
    rf"\b(?:(?:last|this|next|early|late) )?{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?\b",
    r"\b(?:(?:earlier|later) )?(?:last|this|next|the past|the previous|the coming) (?:week|month|year)\b",
    r"\b(?:(?:earlier|later) )?(?:last|this|next) (?:spring|summer|autumn|fall|winter)\b",
    rf"\b{_NUMBER_WORD} {_UNIT} (?:ago|earlier|later)\b",
    r"\b(?:yesterday|today|tomorrow)\b",
    r"\b(?:(?:early|mid|late)[- ])?(?:1[5-9]|20)\d\d\b(?!s)",
    rf"(?<=\bin ){_MONTH_NAME}(?!\w)",
]
_LEAD_BEFORE = re.compile(rf"(?:{_LEAD_WORDS}?{_PREPOSITIONS} )$", re.IGNORECASE)
_CANDIDATE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
# Capitalised names must be capitalised in the text ("may" is not May, "march" not March).
_NEEDS_CAPITAL = re.compile(rf"^(?:{_MONTH}|{_WEEKDAY})$", re.IGNORECASE)

_STRIP_LEAD = re.compile(
    rf"^{_LEAD_WORDS}?{_PREPOSITIONS}\s+",
    re.IGNORECASE,
)
_DURATION = re.compile(rf"^(?:the )?(?:past |last |next |coming )?{_NUMBER_WORD} {_UNIT}$", re.IGNORECASE)
_DECADE = re.compile(r"(?:the )?(?:'|’)(\d)0s|(?:the )?(1[5-9]|20)(\d)0s", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_BARE_WEEKDAY = re.compile(rf"^(?:on )?{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?$", re.IGNORECASE)
_SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}

# Zone abbreviations as the news that prints them means them (dateparser reads IST as Israel).
TZ_ABBREVIATIONS = {
    "IST": "+05:30",
    "PKT": "+05:00",
    "NPT": "+05:45",
    "BST": "+01:00",
    "GMT": "+00:00",
    "UTC": "+00:00",
    "WET": "+00:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "GST": "+04:00",
    "SGT": "+08:00",
    "HKT": "+08:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
}
_TZ_WORD = re.compile(r"\b(" + "|".join(TZ_ABBREVIATIONS) + r")\b")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w.]*\s$")
_SHORT_OFFSET = re.compile(r"([+-])(\d):?(\d\d)$")

_FUTURE_SLACK = timedelta(days=1)


def parse_published(published: str | None) -> datetime | None:
    """The publication time as a datetime (aware when the string has a zone), or None.

    Accepts ISO 8601 including the ``+5:30`` offsets some sites print, and free text with the
    zone abbreviations in :data:`TZ_ABBREVIATIONS`. Unreadable input gives None, never an error.
    """
    if not published or not published.strip():
        return None
    text = published.strip()
    fixed = _SHORT_OFFSET.sub(lambda m: f"{m.group(1)}0{m.group(2)}:{m.group(3)}", text)
    try:
        return datetime.fromisoformat(fixed.replace("Z", "+00:00"))
    except ValueError:
        pass
    text = _TZ_WORD.sub(lambda m: TZ_ABBREVIATIONS[m.group(1)], text)
    try:
        parsed = DateDataParser(languages=["en"]).get_date_data(text)
    except Exception as exc:  # dateparser raises assorted errors on odd input
        logger.debug("cannot parse publication time %r: %s", published, exc)
        return None
    return parsed.date_obj


@functools.lru_cache(maxsize=32)
def _parser(base: datetime | None, prefer: str = "past") -> DateDataParser:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def _format(value: date, granularity: str) -> str:
    if granularity == "year":
        return f"{value.year:04d}"
    if granularity == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if granularity == "week":
        iso = value.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return value.isoformat()


def _decade(text: str, base: datetime | None) -> tuple[str, str] | None:
    m = _DECADE.search(text)
    if not m:
        return None
    if m.group(2):
        return f"{m.group(2)}{m.group(3)}X", "decade"
    digit = int(m.group(1))
    year = base.year if base else 2000
    # '90s is the 1990s; '20s is this century's unless that decade has not started yet.
    century = year // 100 * 100
    if century + digit * 10 > year:
        century -= 100
    return f"{(century + digit * 10) // 10}X", "decade"


def resolve_expression(
    text: str, published: str | datetime | None, *, ahead: bool = False
) -> tuple[str | None, str | None, str | None]:
    """(value, granularity, reason) for one expression such as "on Tuesday" or "back in 2022".

    ``ahead``: the sentence speaks of the future ("will travel on Thursday"), so a weekday or a
    date without a year is the next one, not the last.
    """
    base = published if isinstance(published, datetime) else parse_published(published)
    local = base.replace(tzinfo=None) if base is not None else None
    core = re.sub(_HEDGES, "", text.strip(), flags=re.IGNORECASE)
    in_units = re.match(rf"^in {_NUMBER_WORD} {_UNIT}$", core, re.IGNORECASE)  # "in six months": ahead
    core = core if in_units else _STRIP_LEAD.sub("", core)
    core = re.sub(r"^(?:the )?(?:end|start|beginning|middle) of (?:the )?", "", core, flags=re.IGNORECASE)
    core = re.sub(r"^(?:early|mid|late)[- ]", "", core, flags=re.IGNORECASE)
    core = re.sub(r"^(?:earlier|later) (this|last|next)", r"\1", core, flags=re.IGNORECASE)

    decade = _decade(core, local)
    if decade:
        return decade[0], decade[1], None
    if _DURATION.match(core):
        return None, None, "a duration, not a point in time"
    if local is None and not _HAS_YEAR.search(core):
        return None, None, "relative expression and no publication time to resolve it against"

    named_month = re.match(rf"^(last|next|this) ({_MONTH_NAME})$", core, re.IGNORECASE)
    if named_month and local is not None:
        # "next January" / "last March": the nearest such month after / before publication.
        month = _MONTHS.index(named_month.group(2).lower()) + 1
        which = named_month.group(1).lower()
        year = local.year
        if which == "next" and month <= local.month:
            year += 1
        elif which == "last" and month >= local.month:
            year -= 1
        reason = "after publication" if (year, month) > (local.year, local.month) else None
        return f"{year:04d}-{month:02d}", "month", reason

    season = re.match(r"^(last|this|next) (spring|summer|autumn|fall|winter)$", core, re.IGNORECASE)
    if season and local is not None:
        shift = {"last": -1, "this": 0, "next": 1}[season.group(1).lower()]
        month = _SEASONS[season.group(2).lower()]
        year = local.year + shift if shift else local.year
        if shift == -1 and month > local.month:
            year = local.year - 1
        return f"{year:04d}", "year", "season: only the year is kept"

    if re.fullmatch(r"(?:1[5-9]|20)\d\d", core):  # the commonest case, and dateparser's slowest
        reason = "after publication" if local is not None and int(core) > local.year else None
        return core, "year", reason
    try:
        data = _parser(local, "future" if ahead else "past").get_date_data(core)
    except Exception as exc:  # impossible dates and odd strings must not stop an article
        logger.debug("dateparser failed on %r: %s", text, exc)
        return None, None, "not a date dateparser can read"
    when = data.date_obj
    if when is None:
        return None, None, "not a date dateparser can read"
    granularity = {
        "time": "day",
        "part_of_day": "day",
        "day": "day",
        "week": "week",
        "month": "month",
        "year": "year",
    }.get(data.period or "day", "day")
    if (
        not ahead
        and local is not None
        and _BARE_WEEKDAY.match(core)
        and when.date() == (local - timedelta(days=7)).date()
    ):
        when = local  # "on Tuesday" written on a Tuesday is that day (dateparser goes a week back)
    reason = None
    if local is not None and when.replace(tzinfo=None) > local + _FUTURE_SLACK:
        reason = "after publication"
    return _format(when.date(), granularity), granularity, reason


def find_time_spans(doc_or_text: Doc | str, text: str | None = None) -> list[tuple[int, int]]:
    """Character spans of candidate time expressions: spaCy's DATE entities and the patterns above.

    Overlapping candidates are merged into the longest, and a DATE entity takes the preposition
    before it ("on Tuesday"), so a span reads as the article says it.
    """
    if text is None:
        text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    spans: list[tuple[int, int]] = []
    for m in _CANDIDATE.finditer(text):
        words = re.findall(r"[A-Za-z]+", m.group(0))
        if any(_NEEDS_CAPITAL.match(w) and not w[0].isupper() for w in words):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if m.group(0) in ("Today", "Tomorrow", "Yesterday") and _NAME_BEFORE.search(before):
            continue  # "India Today", "USA Today": a title, not a date
        lead = _LEAD_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
        spans.append((m.start() - (len(lead.group(0)) if lead else 0), m.end()))
    if not isinstance(doc_or_text, str):
        for ent in doc_or_text.ents:
            if ent.label_ != "DATE" or _is_name_part(ent.start, doc_or_text):
                continue
            if re.search(r"\d+-year-old|\byear-old\b", ent.text):
                continue  # an age, not a time
            lead = _LEAD_BEFORE.search(text[max(0, ent.start_char - 24) : ent.start_char])
            spans.append((ent.start_char - (len(lead.group(0)) if lead else 0), ent.end_char))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _is_name_part(i: int, doc: Doc) -> bool:
    """ "Today" in "India Today" is a name, not a date."""
    tok = doc[i]
    return tok.text == "Today" and i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].ent_type_ != "DATE"


@functools.lru_cache(maxsize=20_000)
def _resolve_memoised(
    text: str, base: datetime | None, ahead: bool
) -> tuple[str | None, str | None, str | None]:
    # A day's news repeats its expressions ("on Tuesday", "last year") against one date, and
    # dateparser takes about a millisecond per call.
    return resolve_expression(text, base, ahead=ahead)


def resolve_times(doc_or_text: Doc | str, published: str | None) -> list[TimeExpression]:
    """Every time expression in the text, resolved against ``published`` (ISO 8601 or free text)."""
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    base = parse_published(published)
    no_base_reason = None
    if published and base is None:
        no_base_reason = f"publication time {published!r} unreadable"
    out = []
    for start, end in find_time_spans(doc_or_text, text):
        surface = text[start:end]
        ahead = not isinstance(doc_or_text, str) and _future_context(doc_or_text, start, end)
        value, granularity, reason = _resolve_memoised(surface, base, ahead)
        if value is None and no_base_reason and reason and "publication" in reason:
            reason = no_base_reason
        out.append(TimeExpression(start, end, surface, value, granularity, reason))
    return out


_FUTURE_AUX = frozenset(["will", "'ll", "shall", "wo"])


def _future_context(doc: Doc, start: int, end: int) -> bool:
    """True when the expression belongs to a verb in the future ("will travel on Thursday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children)


# ---------------------------------------------------------------------------------------------
# When was it said?

_SPEAKING_CLAUSE = re.compile(
    r"^(?:Speaking|Addressing|Talking|Writing|Responding|Answering|Asked|Appearing)\b[^,;]*$"
)
_SPEECH_LEMMAS = frozenset(
    ["speak", "address", "talk", "write", "respond", "answer", "ask", "appear", "tell", "say", "interview"]
)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` without a parse: punctuation and paragraph breaks bound it."""
    marks = (". ", "? ", "! ", ".\u201d ", '." ')
    start = max(text.rfind("\n", 0, pos), *(text.rfind(p, 0, pos) for p in marks))
    start = 0 if start < 0 else start + 1
    ends = [i for i in (text.find(p, pos) for p in (". ", "? ", "! ", "\n")) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return start, end


def said_on(quote: Quote, text: str, times: list[TimeExpression], doc: Doc | None = None) -> str | None:
    """The date the quote was spoken, when its sentence (or paragraph) says so; else None.

    Conservative: the time must be attached to the reporting verb (or to a "Speaking ..."
    clause leading to it) and lie outside the quoted words, so "Trump hosted Putin ... on August
    15" does not date what Putin said. Quotes without a cue of their own get None. With the
    parsed ``doc`` the attachment is read from the dependency tree, and an earlier sentence of
    the paragraph that dates the same speaker's speaking counts too; without it, a time right
    next to the cue or in a leading "Speaking ..." clause of the same sentence counts.
    """
    cue = quote.cue
    if cue is None:
        return None
    content = quote.content
    candidates = [
        t
        for t in times
        if t.value is not None
        and t.granularity in ("day", "week", "month")
        and not (content.start <= t.start and t.end <= content.end)
    ]
    if not candidates:
        return None
    if doc is not None:
        return _said_on_parsed(quote, candidates, doc, text)
    s_start, s_end = _sentence_bounds(text, cue.start)
    for t in candidates:
        if not (s_start <= t.start and t.end <= s_end):
            continue
        between = text[t.end : cue.start] if t.end <= cue.start else text[cue.end : t.start]
        if len(between.strip().split()) <= 2 and not re.search(r"[,;\"“”]", between):
            return t.value
        lead = text[s_start : t.end].strip()
        if _SPEAKING_CLAUSE.match(lead) and cue.start > t.end:
            return t.value
    return None


_REPORT_LEMMAS = _SPEECH_LEMMAS | frozenset(
    [
        "add",
        "reiterate",
        "stress",
        "note",
        "emphasise",
        "emphasize",
        "insist",
        "warn",
        "claim",
        "argue",
        "announce",
        "declare",
        "state",
        "explain",
        "comment",
        "remark",
        "reply",
        "urge",
        "tell",
    ]
)
_PRONOUNS = frozenset(["he", "she", "they"])


def _governing_verb(doc: Doc, t: TimeExpression) -> Token | None:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _said_on_parsed(quote: Quote, times: list[TimeExpression], doc: Doc, text: str) -> str | None:
    """Dependency version: the time's governing verb must be the cue, an ancestor of it, or a
    speech verb ("Speaking ...") that modifies one of those. Failing that, an earlier sentence
    of the same paragraph that dates a speaking by the same speaker ("Speaking on Tuesday, Putin
    said ... He added ...") dates this one, unless another dated sentence comes between."""
    if quote.cue is None:
        return None
    cue_span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if cue_span is None:
        return None
    cue_tok = cue_span.root
    sent = cue_tok.sent
    # The cue and the clauses it hangs from as a modifier ("..., saying" -> "contrasted"), but not
    # a coordinated clause ("Trump hosted Putin on August 15, and Putin said ..."): that one
    # dates another event.
    cue_line = {cue_tok}
    node = cue_tok
    while node.dep_ in ("advcl", "xcomp") and node.head.i != node.i:
        node = node.head
        cue_line.add(node)
    in_sentence = [t for t in times if sent.start_char <= t.start and t.end <= sent.end_char]
    for t in in_sentence:
        verb = _governing_verb(doc, t)
        if verb is None:
            continue
        if verb in cue_line:
            return t.value
        speech_clause = verb.lemma_.lower() in _SPEECH_LEMMAS and verb.dep_ in ("advcl", "xcomp", "ccomp")
        if speech_clause and verb.head in cue_line:
            return t.value
    if in_sentence:
        return None  # this sentence dates something else: do not reach further back
    return _said_on_earlier(cue_line, sent.start_char, times, doc, text)


def _said_on_earlier(
    cue_line: set[Token], sent_start: int, times: list[TimeExpression], doc: Doc, text: str
) -> str | None:
    para_start = text.rfind("\n", 0, sent_start) + 1
    earlier = [t for t in times if para_start <= t.start and t.end <= sent_start]
    if not earlier:
        return None
    last = max(earlier, key=lambda t: t.start)
    verb = _governing_verb(doc, last)
    if verb is None:
        return None
    if verb.lemma_.lower() in _SPEECH_LEMMAS and verb.dep_ in ("advcl", "xcomp") and verb.head.i != verb.i:
        verb = verb.head  # "Speaking on Tuesday, Putin said": the speaker is the main clause's
    elif verb.lemma_.lower() not in _REPORT_LEMMAS:
        return None  # the nearest date dates some other event
    before = _subject(verb)
    now = next((s for s in (_subject(t) for t in cue_line) if s is not None), None)
    if before is None or now is None:
        return None
    if now.lower_ in _PRONOUNS and before.pos_ == "PROPN":
        return last.value
    if now.pos_ == "PROPN" and now.lower_ == before.lower_:
        return last.value
    return None
