"""Article metadata found in page text: timestamps, wire agency, dateline, authors.

Shared by the HTML and the flattened-text extractors, so everything here works on plain lines
of text. The helpers are deliberately conservative: a value we are not sure of is ``None``
rather than a guess, because downstream tools treat these fields as facts (a wrong time zone
shifts every resolved "on Tuesday"; a wrong agency misattributes who reported a quote).

Dates are parsed by :mod:`dateparser`; this module only finds the candidate stretches and
works around its known traps (ambiguous zone abbreviations such as IST, ``+5:30`` offsets it
rejects, bare weekdays it resolves against today's date).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

logger = logging.getLogger(__name__)

__all__ = [
    "AGENCIES",
    "dateline_country",
    "find_agency",
    "find_authors",
    "find_dateline",
    "parse_timestamps",
]

# --------------------------------------------------------------------------------------------
# Timestamps
# --------------------------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[aApP]\.?\s?[mM]\.?)?|\d{1,2}\s*[aApP]\.?\s?[mM]\.?"
# Zone abbreviations and offsets that may follow a time. ``(?![a-z])`` rather than ``\b`` so a
# zone mashed against the next stamp ("IST2025-12-04...") is still seen.
_ZONE = r"(?:\(?(?:(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{1,2}:?\d{2}|[A-Z]{2,5}(?![a-z]))\)?)"

# ISO 8601 stamps, including offsets like +5:30 and stamps mashed together without spaces.
_ISO_RE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"(?P<zone>Z|[+-]\d{1,2}:\d{2}|[+-]\d{4})?"
)
_TEXT_DATE_RE = re.compile(
    rf"(?:{_WEEKDAY}\s*)?"
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})"
    rf"(?P<time>(?:\s*(?:,|at|-|\||/)?\s*)(?:{_TIME}))?"
    rf"(?P<zone>\s*{_ZONE})?"
)
_UPDATED_LABEL = re.compile(r"\b(?:updated|modified|edited|last\s+updated|revised)\b", re.I)
_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|first\s+published|created|released|date)\b", re.I)
_OFFSET_RE = re.compile(r"(?P<sign>[+-])\s*(?P<h>\d{1,2}):?(?P<m>\d{2})?$")

# Zone abbreviations that mean different offsets in different countries: resolved only from
# the page's country (dateparser picks one reading silently, e.g. IST as Israel time).
_AMBIGUOUS_ZONES: dict[str, dict[str, str]] = {
    "IST": {"IN": "Asia/Kolkata", "IE": "Europe/Dublin", "IL": "Asia/Jerusalem"},
    "IDT": {"IL": "Asia/Jerusalem"},
    "CST": {"US": "America/Chicago", "CN": "Asia/Shanghai", "TW": "Asia/Taipei", "CU": "America/Havana"},
    "CDT": {"US": "America/Chicago", "CU": "America/Havana"},
    "BST": {"GB": "Europe/London", "BD": "Asia/Dhaka"},
    "AST": {
        "SA": "Asia/Riyadh",
        "KW": "Asia/Kuwait",
        "IQ": "Asia/Baghdad",
        "CA": "America/Halifax",
        "PR": "America/Puerto_Rico",
    },
    "PST": {"US": "America/Los_Angeles", "PK": "Asia/Karachi", "PH": "Asia/Manila"},
    "PDT": {"US": "America/Los_Angeles"},
    "GST": {"AE": "Asia/Dubai", "OM": "Asia/Muscat"},
    "SST": {"SG": "Asia/Singapore", "AS": "Pacific/Pago_Pago"},
}
# Abbreviations with one common reading, taken as given (dateparser knows them too, but we
# resolve them ourselves so the result does not depend on its table).
_FIXED_ZONES: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "EST": -300,
    "EDT": -240,
    "MST": -420,
    "MDT": -360,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "JST": 540,
    "KST": 540,
    "HKT": 480,
    "SGT": 480,
    "PHT": 480,
    "WIB": 420,
    "AEST": 600,
    "AEDT": 660,
    "ACST": 570,
    "ACDT": 630,
    "AWST": 480,
    "NZST": 720,
    "NZDT": 780,
    "PKT": 300,
    "NPT": 345,
    "SAST": 120,
    "WAT": 60,
    "CAT": 120,
    "EAT": 180,
    "TRT": 180,
    "GST+4": 240,
}
# Day-month order of all-numeric dates by country; other countries are day first.
_MONTH_FIRST = {"US", "PH", "FM", "PW", "MH"}
_DP_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True}


def _zone_offset(zone: str, local: datetime, country: str | None) -> timezone | None:
    """The fixed offset a zone label means at ``local``; None if none given or not knowable."""
    z = zone.strip().strip("()").upper()
    if not z:
        return None
    m = _OFFSET_RE.search(z.replace("UTC", "").replace("GMT", ""))
    if m and re.fullmatch(r"(?:UTC|GMT)?\s*[+-]\s*\d{1,2}:?\d{0,2}", z):
        minutes = int(m["h"]) * 60 + int(m["m"] or 0)
        return timezone(timedelta(minutes=minutes if m["sign"] == "+" else -minutes))
    if z in _AMBIGUOUS_ZONES:
        name = _AMBIGUOUS_ZONES[z].get((country or "").upper())
        if not name:
            logger.debug("zone %s is ambiguous without a known country (%r); left naive", z, country)
            return None
        try:
            offset = local.replace(tzinfo=ZoneInfo(name)).utcoffset()
        except ZoneInfoNotFoundError:  # system without tz database
            return None
        return timezone(offset) if offset is not None else None
    if z in _FIXED_ZONES:
        return timezone(timedelta(minutes=_FIXED_ZONES[z]))
    return None  # an unknown capitalised word: not a zone we can vouch for


def _iso(dt: datetime, has_time: bool, has_seconds: bool) -> str:
    if not has_time:
        return dt.date().isoformat()
    return dt.isoformat(timespec="seconds" if has_seconds or dt.second else "minutes")


def _normalise_offset(zone: str) -> str:
    """``+5:30`` -> ``+05:30`` and ``+0530`` -> ``+05:30``: forms fromisoformat/dateparser reject."""
    if zone in ("", "Z"):
        return zone
    m = _OFFSET_RE.search(zone)
    if not m:
        return zone
    return f"{m['sign']}{int(m['h']):02d}:{m['m'] or '00'}"


_DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%I %p")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def _strptime(date: str, time: str) -> datetime | None:
    """The common English layouts through the standard library's strptime.

    dateparser takes milliseconds per call (it tries many locales and relative forms); most
    stamps are plain "December 4, 2025 23:10" and need none of that. Anything else, or
    anything strptime rejects, goes to dateparser.
    """
    d = _ORDINAL.sub("", date.replace(",", " ").replace(".", " ")).replace("Sept ", "Sep ")
    d = " ".join(d.split())
    t = " ".join(time.upper().replace(".", "").replace("AM", " AM").replace("PM", " PM").split())
    for df in _DATE_FORMATS:
        try:
            day = datetime.strptime(d, df)
        except ValueError:
            continue
        if not t:
            return day
        for tf in _TIME_FORMATS:
            try:
                clock = datetime.strptime(t, tf)
            except ValueError:
                continue
            return day.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
        return None
    return None


@lru_cache(maxsize=4096)
def _parse_text_stamp(date: str, time: str, zone: str, country: str | None) -> str | None:
    """One textual stamp via dateparser, with the zone resolved by us."""
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", date)
    settings: dict[str, object] = dict(_DP_SETTINGS)
    if numeric:
        a, b = int(numeric[1]), int(numeric[2])
        if a <= 12 and b <= 12 and a != b and not country:
            return None  # 04/12/2025: December or April? Unknown without a country.
        settings["DATE_ORDER"] = "MDY" if (country or "").upper() in _MONTH_FIRST else "DMY"
    text = f"{date} {time}".strip()
    parsed = None if numeric else _strptime(date, time)
    try:
        if parsed is None:
            parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError) as exc:
        logger.debug("dateparser failed on %r: %s", text, exc)
        return None
    if parsed is None:
        return None
    parsed = parsed.replace(tzinfo=None)
    has_time = bool(time.strip())
    has_seconds = bool(re.search(r"\d{1,2}[:.]\d{2}[:.]\d{2}", time))
    offset = _zone_offset(zone, parsed, country) if has_time else None
    if offset is not None:
        parsed = parsed.replace(tzinfo=offset)
    return _iso(parsed, has_time, has_seconds)


def _parse_iso_stamp(m: re.Match[str]) -> str | None:
    zone = _normalise_offset(m["zone"] or "")
    try:
        dt = datetime.fromisoformat(f"{m['date']}T{m['time']}{zone}")
    except ValueError:
        return None
    return _iso(dt, True, m["time"].count(":") == 2)


def _label(before: str) -> str | None:
    """'updated' or 'published' from the words just before a stamp, if any."""
    up = [x.end() for x in _UPDATED_LABEL.finditer(before)]
    pub = [x.end() for x in _PUBLISHED_LABEL.finditer(before)]
    if not up and not pub:
        return None
    return "updated" if max(up or [-1]) > max(pub or [-1]) else "published"


def parse_timestamps(s: str, *, country: str | None = None) -> tuple[str | None, str | None]:
    """Published and updated times (ISO 8601) found in one line of page text.

    Machine stamps (ISO 8601, also mashed together as in ``IST2025-12-04T23:05:03+5:30...``)
    win over human-readable ones because they carry seconds and an explicit offset; the first
    unlabelled stamp is taken as published and the next as updated, while words such as
    "Updated:" or "Published" label the stamp after them. A stamp without a zone stays
    without an offset; an ambiguous zone (IST, CST, ...) is resolved only through ``country``
    (an ISO 3166 code such as ``"IN"``), otherwise the time is returned without an offset.
    """
    if not s or not any(ch.isdigit() for ch in s):
        return None, None
    published: str | None = None
    updated: str | None = None
    slots: list[tuple[str | None, str]] = []
    rest_parts: list[str] = []
    last = 0
    for m in _ISO_RE.finditer(s):
        value = _parse_iso_stamp(m)
        rest_parts.append(s[last : m.start()])
        if value:
            gap = s[last : m.start()]
            dates = list(_TEXT_DATE_RE.finditer(gap))
            slots.append((_label(gap[dates[-1].end() :] if dates else gap), value))
        last = m.end()
    rest_parts.append(s[last:])
    iso_slots = slots
    text_slots: list[tuple[str | None, str]] = []
    rest = " | ".join(rest_parts)
    last = 0
    for m in _TEXT_DATE_RE.finditer(rest):
        value = _parse_text_stamp(
            m["date"],
            (m["time"] or "").strip(" ,-|/").removeprefix("at ").strip(),
            (m["zone"] or "").strip(),
            country,
        )
        if value:
            text_slots.append((_label(rest[last : m.start()]), value))
        last = m.end()
    for group in (iso_slots, text_slots):
        unlabelled = [v for lab, v in group if lab is None]
        for lab, v in group:
            if lab == "updated" and updated is None:
                updated = v
            elif lab == "published" and published is None:
                published = v
        if len(unlabelled) >= 2 and _sort_key(unlabelled[1]) < _sort_key(unlabelled[0]):
            unlabelled = [unlabelled[1], unlabelled[0], *unlabelled[2:]]
        for v in unlabelled:
            if published is None:
                published = v
            elif updated is None and v != published:
                updated = v
    return published, updated


def _sort_key(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


# --------------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------------

# Canonical credit -> spellings seen in bylines and datelines.
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS", "Indo-Asian News Service"),
    "ANI": ("ANI", "Asian News International"),
    "UNI": ("UNI", "United News of India"),
    "Xinhua": ("Xinhua", "XINHUA"),
    "TASS": ("TASS",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Sputnik": ("Sputnik",),
    "Bloomberg": ("Bloomberg",),
    "dpa": ("dpa", "DPA"),
    "UPI": ("UPI", "United Press International"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "AAP": ("AAP", "Australian Associated Press"),
    "CP": ("The Canadian Press", "Canadian Press"),
    "PA": ("PA Media", "PA"),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "Bernama": ("Bernama",),
    "WAM": ("WAM",),
    "SPA": ("SPA",),
    "KUNA": ("KUNA",),
    "Ukrinform": ("Ukrinform",),
    "Antara": ("Antara",),
    "BSS": ("BSS",),
    "NNA": ("NNA",),
}
_SPELLING = {sp.lower(): canon for canon, sps in AGENCIES.items() for sp in sps}


def agency_named(name: str) -> str | None:
    """The canonical news agency a name is a spelling of ("The Associated Press" → AP), or None."""
    return _SPELLING.get(name.lower()) or _SPELLING.get(name.lower().removeprefix("the "))


# Short all-caps credits that are also ordinary words or initials elsewhere only count in the
# unambiguous positions (parenthesised dateline credit, "By X" byline), never as a bare line.
_AMBIGUOUS_CREDITS = {"pa", "aa", "ria", "spa", "cp", "ap"}
_AGENCY_ALT = "|".join(
    sorted((re.escape(sp) for sps in AGENCIES.values() for sp in sps), key=len, reverse=True)
)
_BYLINE_AGENCY = re.compile(
    rf"^\s*(?:By|From|Source|Credit|Courtesy|Via)\s*:?\s+(?:the\s+)?(?P<a>{_AGENCY_ALT})(?=\s*(?:$|[|,;/·•\-–—(]|\s+(?:and|with|staff|news|wire|reporter)\b))",
    re.I,
)
_INPUTS_AGENCY = re.compile(
    rf"\bwith\s+(?:additional\s+)?inputs?\s+from\s+(?:the\s+)?(?P<a>{_AGENCY_ALT})\b", re.I
)
_DATELINE_AGENCY = re.compile(rf"^\s*[A-Z][\w.'’\- ,\[\]]{{0,80}}?\((?P<a>{_AGENCY_ALT})\)\s*(?:[-–—:]|$)")
_BYLINE_PERSON_AGENCY = re.compile(
    rf"^\s*By\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){{0,3}}(?:\s*(?:,|\||-|–|—|/)\s*|\s+\()(?:the\s+)?(?P<a>{_AGENCY_ALT})\)?\s*$"
)
_BARE_AGENCY = re.compile(
    rf"^\s*[(©]?\s*(?:©\s*)?(?:\d{{4}}\s+)?(?:the\s+)?(?P<a>{_AGENCY_ALT})\)?\s*\.?$", re.I
)


def _canonical(spelling: str) -> str | None:
    return _SPELLING.get(spelling.lower())


def find_agency(text_or_lines: str | Iterable[str], *, max_lines: int = 60) -> str | None:
    """The wire agency credited as the source of the article, or None.

    Only credit positions count: a byline ("By ANI |", "By Jane Doe, Reuters"), a dateline
    credit ("WASHINGTON (AP) —", "MOSCOW, Dec 4 (Reuters) -"), "with inputs from PTI", or a
    line that is nothing but the credit. A body sentence that merely mentions Reuters is not a
    credit. Only the first ``max_lines`` non-blank lines and the last five are searched, where
    bylines, datelines and end credits live.
    """
    lines = text_or_lines.splitlines() if isinstance(text_or_lines, str) else list(text_or_lines)
    lines = [ln for ln in lines if ln.strip()]
    head = lines[:max_lines]
    tail = lines[max(max_lines, len(lines) - 5) :]
    for line in head + tail:
        if len(line) > 400 and not _DATELINE_AGENCY.match(line):
            continue
        for rx in (_BYLINE_AGENCY, _DATELINE_AGENCY, _BYLINE_PERSON_AGENCY):
            m = rx.match(line)
            if m:
                canon = _canonical(m["a"])
                if canon and not (rx is _BYLINE_AGENCY and m["a"].lower() in {"pa", "aa", "spa"}):
                    return canon
        m = _INPUTS_AGENCY.search(line)
        if m:
            return _canonical(m["a"])
        m = _BARE_AGENCY.match(line)
        if m and m["a"].lower() not in _AMBIGUOUS_CREDITS:
            return _canonical(m["a"])
    return None


# --------------------------------------------------------------------------------------------
# Datelines
# --------------------------------------------------------------------------------------------

_PLACE_WORD = r"[A-Z][\w.'’\-]*"
_DATELINE_RE = re.compile(
    rf"^\s*(?P<dl>(?P<place>{_PLACE_WORD}(?:[ \-]{_PLACE_WORD}){{0,3}})"
    rf"(?P<bracket>\s*\[[A-Z][A-Za-z .]+\])?"
    rf"(?P<region>(?:,\s*{_PLACE_WORD}(?:\s{_PLACE_WORD}){{0,2}}\.?)?)"
    rf"(?P<date>,?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?)"
    rf"\s*(?P<credit>\((?P<agency>[^()]{{1,40}})\))?\s*(?P<sep>[:—–]|--|-(?=\s))\s*(?=\S)"
)

# Well-known places -> ISO 3166 country code; enough to resolve ambiguous time zones.
_PLACES: dict[str, str] = {
    "india": "IN",
    "new delhi": "IN",
    "delhi": "IN",
    "mumbai": "IN",
    "kolkata": "IN",
    "chennai": "IN",
    "bengaluru": "IN",
    "bangalore": "IN",
    "hyderabad": "IN",
    "ahmedabad": "IN",
    "pune": "IN",
    "lucknow": "IN",
    "jaipur": "IN",
    "srinagar": "IN",
    "guwahati": "IN",
    "patna": "IN",
    "bhopal": "IN",
    "chandigarh": "IN",
    "thiruvananthapuram": "IN",
    "kochi": "IN",
    "ireland": "IE",
    "dublin": "IE",
    "cork": "IE",
    "galway": "IE",
    "limerick": "IE",
    "israel": "IL",
    "jerusalem": "IL",
    "tel aviv": "IL",
    "haifa": "IL",
    "united states": "US",
    "us": "US",
    "usa": "US",
    "u.s.": "US",
    "washington": "US",
    "new york": "US",
    "chicago": "US",
    "los angeles": "US",
    "san francisco": "US",
    "houston": "US",
    "boston": "US",
    "miami": "US",
    "atlanta": "US",
    "dallas": "US",
    "seattle": "US",
    "detroit": "US",
    "philadelphia": "US",
    "denver": "US",
    "phoenix": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "london": "GB",
    "manchester": "GB",
    "edinburgh": "GB",
    "belfast": "GB",
    "glasgow": "GB",
    "birmingham": "GB",
    "russia": "RU",
    "moscow": "RU",
    "st petersburg": "RU",
    "st. petersburg": "RU",
    "ukraine": "UA",
    "kyiv": "UA",
    "kiev": "UA",
    "kharkiv": "UA",
    "odesa": "UA",
    "lviv": "UA",
    "china": "CN",
    "beijing": "CN",
    "shanghai": "CN",
    "hong kong": "HK",
    "taiwan": "TW",
    "taipei": "TW",
    "japan": "JP",
    "tokyo": "JP",
    "south korea": "KR",
    "seoul": "KR",
    "north korea": "KP",
    "pyongyang": "KP",
    "pakistan": "PK",
    "islamabad": "PK",
    "karachi": "PK",
    "lahore": "PK",
    "bangladesh": "BD",
    "dhaka": "BD",
    "sri lanka": "LK",
    "colombo": "LK",
    "nepal": "NP",
    "kathmandu": "NP",
    "afghanistan": "AF",
    "kabul": "AF",
    "iran": "IR",
    "tehran": "IR",
    "iraq": "IQ",
    "baghdad": "IQ",
    "syria": "SY",
    "damascus": "SY",
    "lebanon": "LB",
    "beirut": "LB",
    "saudi arabia": "SA",
    "riyadh": "SA",
    "jeddah": "SA",
    "united arab emirates": "AE",
    "uae": "AE",
    "dubai": "AE",
    "abu dhabi": "AE",
    "qatar": "QA",
    "doha": "QA",
    "kuwait": "KW",
    "egypt": "EG",
    "cairo": "EG",
    "turkey": "TR",
    "türkiye": "TR",
    "ankara": "TR",
    "istanbul": "TR",
    "gaza": "PS",
    "ramallah": "PS",
    "jordan": "JO",
    "amman": "JO",
    "france": "FR",
    "paris": "FR",
    "germany": "DE",
    "berlin": "DE",
    "munich": "DE",
    "frankfurt": "DE",
    "italy": "IT",
    "rome": "IT",
    "milan": "IT",
    "spain": "ES",
    "madrid": "ES",
    "barcelona": "ES",
    "belgium": "BE",
    "brussels": "BE",
    "netherlands": "NL",
    "amsterdam": "NL",
    "the hague": "NL",
    "switzerland": "CH",
    "geneva": "CH",
    "zurich": "CH",
    "austria": "AT",
    "vienna": "AT",
    "poland": "PL",
    "warsaw": "PL",
    "slovakia": "SK",
    "bratislava": "SK",
    "hungary": "HU",
    "budapest": "HU",
    "czech republic": "CZ",
    "prague": "CZ",
    "sweden": "SE",
    "stockholm": "SE",
    "norway": "NO",
    "oslo": "NO",
    "denmark": "DK",
    "copenhagen": "DK",
    "finland": "FI",
    "helsinki": "FI",
    "greece": "GR",
    "athens": "GR",
    "portugal": "PT",
    "lisbon": "PT",
    "canada": "CA",
    "ottawa": "CA",
    "toronto": "CA",
    "montreal": "CA",
    "vancouver": "CA",
    "mexico": "MX",
    "mexico city": "MX",
    "brazil": "BR",
    "brasilia": "BR",
    "sao paulo": "BR",
    "rio de janeiro": "BR",
    "argentina": "AR",
    "buenos aires": "AR",
    "cuba": "CU",
    "havana": "CU",
    "australia": "AU",
    "sydney": "AU",
    "melbourne": "AU",
    "canberra": "AU",
    "new zealand": "NZ",
    "wellington": "NZ",
    "auckland": "NZ",
    "singapore": "SG",
    "malaysia": "MY",
    "kuala lumpur": "MY",
    "indonesia": "ID",
    "jakarta": "ID",
    "philippines": "PH",
    "manila": "PH",
    "thailand": "TH",
    "bangkok": "TH",
    "vietnam": "VN",
    "hanoi": "VN",
    "south africa": "ZA",
    "johannesburg": "ZA",
    "cape town": "ZA",
    "nigeria": "NG",
    "lagos": "NG",
    "abuja": "NG",
    "kenya": "KE",
    "nairobi": "KE",
    "ethiopia": "ET",
    "addis ababa": "ET",
}


def find_dateline(body: str) -> str | None:
    """The dateline opening an article body, without its agency credit and separator.

    ``"New Delhi [India], December 4 : Russian ..."`` -> ``"New Delhi [India], December 4"``,
    ``"WASHINGTON (AP) — ..."`` -> ``"WASHINGTON"``, ``"MOSCOW, Dec 4 (Reuters) - ..."`` ->
    ``"MOSCOW, Dec 4"``. To avoid reading a sentence opening ("Key takeaways: ...") as a place,
    the place must be in capitals, carry a ``[Country]`` bracket, a date, an agency credit, or be
    a known place.
    """
    first = body.lstrip().split("\n", 1)[0]
    m = _DATELINE_RE.match(first)
    if not m:
        return None
    place = m["place"]
    letters = [c for c in place if c.isalpha()]
    capitals = len(letters) >= 3 and all(c.isupper() for c in letters)
    credit = m["agency"] is not None and (
        _canonical(m["agency"].strip()) is not None or m["agency"].strip().isupper()
    )
    known = place.lower() in _PLACES
    if m["sep"] in ("-",) and not (credit or capitals):
        return None  # "Well-known - ..." style hyphen breaks are too common in prose
    if not (capitals or m["bracket"] or m["date"] or credit or known):
        return None
    if m["agency"] is not None and not credit:
        return None
    return m["dl"].strip().rstrip(",")


def dateline_country(dateline: str | None) -> str | None:
    """ISO 3166 code for a dateline's place ("New Delhi [India]" -> "IN"), or None if unknown."""
    if not dateline:
        return None
    bracket = re.search(r"\[([^\]]+)\]", dateline)
    if bracket:
        code = _PLACES.get(bracket[1].strip().lower())
        if code:
            return code
    head = re.sub(r"\[[^\]]*\]", "", dateline)
    parts = [p.strip(" .").lower() for p in head.split(",")]
    for part in reversed(parts[:2]):  # "KYIV, Ukraine" - the region is the more specific country
        code = _PLACES.get(part)
        if code:
            return code
    return None


# --------------------------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------------------------

_NAME = r"(?:[A-Z][\w'’\-]*\.?|(?:de|da|del|della|van|von|der|den|bin|al|el|la|le|di)(?=\s))"
_BYLINE_RE = re.compile(r"^\s*(?:Written\s+|Reported\s+|Words\s+|Story\s+)?By\s*:?\s+(?P<names>.+)$", re.I)
_NAME_RE = re.compile(rf"^{_NAME}(?:\s+{_NAME}){{1,4}}$")
_NOT_NAME_WORDS = {
    "the",
    "updated",
    "published",
    "staff",
    "team",
    "desk",
    "editor",
    "editorial",
    "news",
    "bureau",
    "correspondent",
    "reporter",
    "agencies",
    "agency",
    "our",
    "web",
    "online",
}


def find_authors(lines: Sequence[str] | str, *, max_lines: int = 40) -> list[str]:
    """Names from a "By Jane Doe and John Roe" byline among the first ``max_lines`` lines.

    Agencies ("By ANI"), desks ("By Staff Reporter") and whatever follows a ``|`` or a date are
    not authors. Returns names in byline order, without duplicates; [] if there is no byline.
    """
    all_lines = lines.splitlines() if isinstance(lines, str) else list(lines)
    for line in [ln for ln in all_lines if ln.strip()][:max_lines]:
        m = _BYLINE_RE.match(line)
        if not m or len(line) > 200:
            continue
        names = re.split(r"\s*[|•·]\s*|\s+[-–—]\s+|\s+(?:Updated|Published|Posted|on)\b", m["names"])[0]
        names = _TEXT_DATE_RE.split(names)[0] if _TEXT_DATE_RE.search(names) else names
        found: list[str] = []
        for part in re.split(r"\s*,\s*|\s*;\s*|\s+and\s+|\s*&\s*", names):
            part = part.strip(" .,:()")
            if not part or _canonical(part) or part.lower() in _NOT_NAME_WORDS:
                continue
            if any(w.lower() in _NOT_NAME_WORDS for w in part.split()):
                continue
            if _NAME_RE.match(part) and part not in found:
                found.append(part)
        if found:
            return found
    return []
