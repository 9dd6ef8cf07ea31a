"""Reading inputs: files, directories, WARC archives, JSONL dumps, RSS/Atom feeds and URLs.

:func:`iter_inputs` turns whatever the user named into a stream of :class:`~quotetrail.types.RawInput`
(one per document) and :class:`InputFailure` (one per input that cannot be read). It never raises
for a bad input: a corrupt archive record, a broken JSONL line or a feed entry that 404s is one
failure naming the input and the reason, and the rest goes on. Everything is streamed: a WARC or
JSONL file is read record by record, never whole.

What is read, detected by extension and confirmed by sniffing the first bytes:

=========================  ===============================================================
input                      becomes
=========================  ===============================================================
``*.txt``                  one RawInput, kind ``text`` (``clean`` when ``clean=False``)
``*.html``, ``*.htm``      one RawInput, kind ``html`` (also ``.gz`` of either)
``*.warc``, ``*.warc.gz``  one RawInput per HTML response/resource record
``*.jsonl``, ``*.ndjson``  one RawInput per line (``url`` and ``html`` or ``text``; optional
                           ``outlet``, ``published``)
``*.rss``, ``*.atom``,     one RawInput per entry: the entry's link is fetched; its date is
``*.xml`` or a feed URL    passed on as ``published``, its site as ``outlet``
``http(s)://...``          fetched with :func:`quotetrail.fetch.fetch`; a feed is read as a feed
directory                  walked recursively in sorted order; hidden files and folders and
                           files of other types are skipped
=========================  ===============================================================

``source`` names each document and is unique and stable across runs, because interrupted runs
resume by it: a file or URL is named as given; a record inside a WARC or JSONL file is
``"<container>#<n>"`` with ``n`` the 1-based record number in the archive (every WARC record
counts, including warcinfo and request records) or the line number in the JSONL file; a feed entry
is its link URL (feeds change between fetches, so an entry's position is not stable).
``container`` is the file, feed or URL that must be fully processed before it counts as done.

:func:`decode` turns the bytes into text, detecting the encoding when the declared one is absent
or wrong, so that mojibake does not come out.
"""

from __future__ import annotations

import calendar
import codecs
import email.utils
import gzip
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal
from urllib.parse import urlsplit

import feedparser
import httpx
from charset_normalizer import from_bytes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from .errors import DecodeError, EmptyInputError, FetchError, InputError, TooLargeError, UnsupportedInputError
from .fetch import FetchedPage, fetch, make_client, parse_content_type
from .settings import Options
from .types import RawInput

_fix_encoding: Callable[[str], str] | None
try:  # ftfy repairs text that was already mis-decoded upstream ("cafÃ©"); optional.
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
    from ftfy import fix_encoding as _fix_encoding

    _CP1252 = "sloppy-windows-1252"
except ImportError:  # pragma: no cover - exercised only without ftfy
    _fix_encoding = None
    _CP1252 = "cp1252"

logger = logging.getLogger(__name__)

__all__ = ["InputFailure", "InputItem", "decode", "detect_encoding", "iter_inputs"]

Format = Literal["text", "html", "warc", "jsonl", "feed"]

FEED_FETCH_WORKERS = 4
"""How many of a feed's entry pages are fetched at once (network-bound, and polite enough)."""


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input, or one record of a container, that could not be read.

    ``error`` is one line naming the input and what is wrong with it, fit to show a user.
    """

    source: str
    error: str
    container: str | None = None


InputItem = RawInput | InputFailure

# --------------------------------------------------------------------------------------------
# Format detection

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_HTML_MEDIA = frozenset({"text/html", "application/xhtml+xml"})
_FEED_MEDIA = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+xml",
    }
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 8192
_CHUNK = 1 << 16
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:head|body|title|meta|div|p)[\s>]", re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_\-.:]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-z0-9_\-.:]+)""",
    re.I,
)


def _binary_kind(data: bytes) -> str | None:
    """Say what ``data`` is if it is clearly not text ("a PDF document"), else None.

    Known file signatures first, then the share of control bytes that text never contains
    (NUL, and C0 controls other than tab, newlines, form feed and ESC used by ISO-2022).
    """
    if _has_bom(data):
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    sample = data[:_CHUNK]
    if not sample:
        return None
    if b"\x00" in sample:
        return "binary data (contains NUL bytes)"
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls / len(sample) > 0.01:
        return "binary data"
    return None


_CONTROL_BYTES = [*range(1, 9), 11, *range(14, 27), *range(28, 32), 127]


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _strip_bom(head: bytes) -> bytes:
    return head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head


def _sniff(head: bytes) -> Format | None:
    """Guess the format from the first bytes; None when it looks like nothing in particular."""
    head = _strip_bom(head)
    if head.startswith(b"WARC/"):
        return "warc"
    stripped = head.lstrip()
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<rss") or stripped.startswith(b"<feed"):
        if _FEED_ROOT.search(head[:4096]):
            return "feed"
        if re.search(rb"<html[\s>]", head, re.I):
            return "html"
    if _HTML_START.match(head):
        return "html"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<") and _HTML_TAGS.search(head):
        return "html"
    return None


def _extension_format(name: str) -> tuple[Format | None, bool]:
    """(format implied by the file name, whether the name ends in .gz)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return _EXTENSIONS.get(os.path.splitext(lower)[1]), gz


def _wanted_in_directory(name: str) -> bool:
    """Whether a file met while walking a directory is meant as input.

    Files with a known extension, and extension-less files (crawls often store pages by hash),
    are read; others (README.md, ground-truth .json, images) are skipped without a failure.
    """
    if name.startswith("."):
        return False
    fmt, gz = _extension_format(name)
    if fmt is not None:
        return True
    stem = name[:-3] if gz else name
    return "." not in stem


# --------------------------------------------------------------------------------------------
# Decoding

_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8", "utf-8-sig", "unicode-1-1-utf-8"})
# WHATWG: labels for Latin-1 and ASCII mean windows-1252 on the web.
_AS_CP1252 = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252", "windows-1252"})


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, None when unknown or UTF-8 (tried first anyway)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _UTF8_NAMES:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _UTF8_NAMES:
        return None
    if name in _AS_CP1252:
        return _CP1252
    return name


def _declared_in_markup(data: bytes) -> str | None:
    """The charset a page declares in <meta> or an XML declaration, from its first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")


# Non-ASCII characters that windows-1252 text in Western European languages is made of: accented
# letters, typographic punctuation, currency and symbols. Left out on purpose are those that a
# frequent letter of another code page turns into when read as windows-1252 (³ ¹ ¦ from Polish
# ł ą Ś in windows-1250; ð þ ý from Turkish ğ ş ı in windows-1254), so such text is left to
# charset_normalizer.
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜßàáâãäåæçèéêëìíîïñòóôõöøùúûüÿŒœŠšŽžŸƒ"
    "‘’‚“”„–—…•†‡‰‹›€™\u00a0¡¢£¤¥§¨©ª«¬®¯°±²´µ¶·¸º»¼½¾¿×÷\u00ad"
)


def _looks_cp1252(data: bytes) -> bool:
    """Whether undeclared non-UTF-8 bytes read as windows-1252 give plausible Western text.

    charset_normalizer, tried after this, often prefers cp850 or cp852 for English text full of
    curly quotes ("ôsevereö"); the web's most common legacy encoding deserves a direct test.
    Mostly-ASCII letters rule out Cyrillic or Greek code pages, whose letters all land on
    accented Latin-1 letters when read this way.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = ascii_letters = outside = non_ascii = 0
    for char in text:
        if char.isalpha():
            letters += 1
            ascii_letters += char.isascii()
        if not char.isascii():
            non_ascii += 1
            outside += char not in _WESTERN
    if not non_ascii or not letters or ascii_letters / letters < 0.6:
        return False
    return outside <= 0.02 * non_ascii


def detect_encoding(data: bytes, declared: str | None = None) -> str:
    """The Python codec that decodes ``data`` correctly; raise :class:`DecodeError` if none.

    Order, cheapest and most reliable first: a byte-order mark; strict UTF-8 (bytes that decode
    as UTF-8 are UTF-8 in practice, whatever a header claims); the declared encoding (HTTP
    header or caller), then the page's own <meta> charset, each only if it decodes the bytes;
    then windows-1252 if it gives plausible Western text; finally charset_normalizer. Latin-1
    and ASCII labels are read as windows-1252, as browsers do. The windows-1252 test comes
    before charset_normalizer because on its own that library reads short or quote-heavy
    Western texts as cp1250, cp850 or ISO-8859-14 ("naďve", "ôsevereö"). Text in another
    legacy code page that is not declared is charset_normalizer's guess, which can be wrong
    for short texts.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    binary = _binary_kind(data)
    if binary:
        raise DecodeError(f"{binary}, not text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for label in (declared, _declared_in_markup(data)):
        codec = _codec(label)
        if codec is None:
            continue
        try:
            data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            logger.debug("declared encoding %s does not decode the bytes", label)
            continue
        return codec
    if _looks_cp1252(data):
        return _CP1252
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("binary data or an unknown text encoding")
    return str(best.encoding)


# UTF-8 bytes mis-decoded as windows-1252/Latin-1 leave a lead character (À-ô) followed by a
# character that a continuation byte (0x80-0xBF) becomes. ftfy is slow on long pages, so it only
# runs when this cheap pattern finds a candidate; ftfy then decides whether it is mojibake.
_CONTINUATIONS = bytes(range(0x80, 0xC0)).decode(_CP1252, errors="replace")
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][" + re.escape(_CONTINUATIONS) + "]")


def decode(raw: RawInput | bytes, declared: str | None = None, *, verbatim: bool | None = None) -> str:
    """Decode a document's bytes to text, whatever encoding they are really in.

    ``declared`` (default: ``raw.encoding``) is a hint that is used only if it fits the bytes.
    Line ends become ``\\n``, as when Python reads a file in text mode. Unless ``verbatim``
    (default: true for kind ``clean``), text that was already mis-decoded upstream is repaired
    with ftfy ("cafÃ©" becomes "café"). Verbatim text keeps a UTF-8 byte-order mark as U+FEFF,
    so offsets agree with tools that read the file with ``encoding="utf-8"``.
    Raises :class:`DecodeError` for bytes that are not text.
    """
    if isinstance(raw, RawInput):
        data = raw.content
        declared = declared or raw.encoding
        source: str | None = raw.source
        if verbatim is None:
            verbatim = raw.kind == "clean"
    else:
        data = raw
        source = None
    try:
        encoding = detect_encoding(data, declared)
    except DecodeError as exc:
        raise DecodeError(exc.message, source=source) from exc
    if verbatim and encoding == "utf-8-sig":
        encoding = "utf-8"
    text = data.decode(encoding, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not verbatim and _fix_encoding is not None and _MOJIBAKE_HINT.search(text):
        text = _fix_encoding(text)
    return text


# --------------------------------------------------------------------------------------------
# Helpers


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _site(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``: an outlet named by the page's own address."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _iso_date(value: str | None, parsed: Any = None) -> str | None:
    """A feed entry's date as ISO 8601, keeping the zone offset the feed gave."""
    if value:
        try:
            return email.utils.parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    if parsed:  # feedparser's struct_time, already converted to UTC
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
        except (TypeError, ValueError, OverflowError):
            return None
    return None


def _open_binary(path: str) -> BinaryIO:
    """Open a file for reading, transparently decompressing gzip (detected by magic bytes)."""
    fh = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    try:
        magic = fh.read(2)
        fh.seek(0)
    except OSError:
        fh.close()
        raise
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def _peek(path: str) -> bytes:
    """The first bytes of a file, decompressed from its first gzip member if it is gzipped.

    Only the start is decompressed, and damage further on is ignored here: a WARC whose last
    member is cut must still be recognised as a WARC so its good records can be read.
    """
    with open(path, "rb") as fh:
        raw = fh.read(_CHUNK)
    if not raw.startswith(_GZIP_MAGIC):
        return raw[:_SNIFF_BYTES]
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(raw, _SNIFF_BYTES)
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data ({exc})", source=path) from exc


def _read_capped(fh: BinaryIO, limit: int, source: str) -> bytes:
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"over the input.max_bytes limit of {_mb(limit)}", source=source)
    return data


def _check_first_json_line(head: bytes, path: str) -> None:
    """Refuse a file sniffed as JSONL whose first complete line is not a JSON object.

    Without this a pretty-printed .json file would come out as one failure per line.
    """
    line, newline, _ = _strip_bom(head).lstrip().partition(b"\n")
    if not newline and len(head) >= _SNIFF_BYTES:
        return  # the first line is longer than what was sniffed: let the JSONL reader judge it
    try:
        ok = isinstance(json.loads(line), dict)
    except ValueError:
        ok = False
    if not ok:
        raise UnsupportedInputError(
            "is not JSONL (its first line is not a JSON object) nor any other input type read", source=path
        )


def _check_text(content: bytes, source: str, declared: str | None = None) -> str:
    """Raise for empty or binary content; return the detected encoding."""
    if not content.strip():
        raise EmptyInputError("is empty" if not content else "contains only whitespace", source=source)
    try:
        encoding = detect_encoding(content, declared)
    except DecodeError as exc:
        raise DecodeError(exc.message, source=source) from exc
    # Whitespace in ASCII-compatible encodings was caught above; only a byte-order mark with
    # nothing after it, or UTF-16/32 whitespace, needs decoding to notice.
    if (
        encoding.startswith(("utf-16", "utf-32", "utf-8-sig"))
        and not content.decode(encoding, "replace").strip()
    ):
        raise EmptyInputError("contains no text", source=source)
    return encoding


def _failure(exc: BaseException, source: str, container: str | None) -> InputFailure:
    """An InputFailure whose message names the input exactly once."""
    if isinstance(exc, InputError):
        message = exc.message
        named = exc.source or source
    else:
        message = " ".join(str(exc).split()) or type(exc).__name__
        named = source
    if named != source:
        message = f"{named}: {message}"
    return InputFailure(source=source, error=f"{source}: {message}", container=container)


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator without its stderr warning about a wrong Content-Length.

    That condition is still counted in ``err_count``, and reported as an InputFailure naming the
    record, which is what a user of quotetrail should see instead of a multi-line warning.
    """

    INC_RECORD = ""


@dataclass(slots=True)
class _PendingRecord:
    """A WARC record read but not yet yielded: its checks complete only once the next one is parsed."""

    item: InputItem
    checker: Any
    errors_before: int


# --------------------------------------------------------------------------------------------
# The reader


class _Reader:
    """State shared across the sources of one :func:`iter_inputs` call."""

    def __init__(
        self, options: Options, outlet: str | None, clean: bool, client: httpx.Client | None
    ) -> None:
        self.options = options
        self.outlet = outlet
        self.clean = clean
        self.max_bytes = int(options.get("input", "max_bytes"))
        self._client = client
        self._own_client: httpx.Client | None = None
        self.seen: set[str] = set()
        self.containers: set[str] = set()

    @property
    def text_kind(self) -> Literal["text", "clean"]:
        return "text" if self.clean else "clean"

    def client(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        if self._own_client is None:
            self._own_client = make_client(self.options)
        return self._own_client

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()
            self._own_client = None

    # -- dispatch ----------------------------------------------------------------------------

    def source(self, source: str) -> Iterator[InputItem]:
        for item in self._dispatch(source):
            if item.source in self.seen:
                logger.info("skipping %s: already read in this run", item.source)
                continue
            self.seen.add(item.source)
            yield item

    def _dispatch(self, source: str) -> Iterator[InputItem]:
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", source)
        if scheme:
            if scheme.group(1).lower() in ("http", "https"):
                yield from self._url(source)
            else:
                yield InputFailure(
                    source,
                    f"{source}: unsupported URL scheme {scheme.group(1)!r}: only http and https are read",
                    source,
                )
            return
        path = Path(source)
        try:
            if path.is_dir():
                yield from self._directory(source)
            elif path.is_file():
                yield from self._file(source)
            elif path.exists():
                yield InputFailure(source, f"{source}: not a regular file or directory", source)
            else:
                yield InputFailure(source, f"{source}: no such file or directory", source)
        except OSError as exc:  # e.g. permission denied on stat
            yield _failure(exc, source, source)

    def _directory(self, root: str) -> Iterator[InputItem]:
        errors: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if not _wanted_in_directory(name):
                    logger.debug("skipping %s: not an input type", path)
                    continue
                if not os.path.isfile(path):
                    continue
                yield from self._file(path)
        for error in errors:
            where = str(error.filename or root)
            yield _failure(error, where, where)

    # -- files -------------------------------------------------------------------------------

    def _file(self, path: str) -> Iterator[InputItem]:
        if path in self.containers:
            logger.info("skipping %s: already read in this run", path)
            return
        self.containers.add(path)
        try:
            size = os.path.getsize(path)
            if size == 0:
                raise EmptyInputError("is empty", source=path)
            head = _peek(path)
            fmt = self._format(path, head)
        except (InputError, OSError, *_GZIP_ERRORS) as exc:
            if isinstance(exc, _GZIP_ERRORS):
                exc = InputError(f"corrupt or truncated gzip data ({exc})", source=path)
            yield _failure(exc, path, path)
            return
        logger.debug("%s: read as %s", path, fmt)
        if fmt == "warc":
            yield from self._warc(path)
        elif fmt == "jsonl":
            yield from self._jsonl(path)
        elif fmt == "feed":
            yield from self._feed_file(path)
        else:
            yield self._page_file(path, fmt, size)

    def _format(self, path: str, head: bytes) -> Format:
        """Decide how to read a file from its name and first bytes; raise if it is not readable."""
        by_name, _ = _extension_format(os.path.basename(path))
        sniffed = _sniff(head)
        if sniffed in ("warc", "feed"):
            return sniffed
        binary = _binary_kind(head)
        if binary:
            raise UnsupportedInputError(f"is {binary}, not text, HTML, WARC, JSONL or a feed", source=path)
        if by_name == "text" and sniffed == "html" and self.clean and _HTML_START.match(_strip_bom(head)):
            logger.info("%s: named .txt but holds an HTML document; reading it as HTML", path)
            return "html"
        if by_name == "feed" and sniffed == "html":
            return "html"
        if by_name is not None:
            return by_name
        if sniffed == "jsonl":
            _check_first_json_line(head, path)
        return sniffed or "text"

    def _page_file(self, path: str, fmt: Format, size: int) -> InputItem:
        """One HTML page or text file (possibly gzip-compressed) as one RawInput."""
        try:
            if size > self.max_bytes:
                raise TooLargeError(
                    f"is {_mb(size)}, over the input.max_bytes limit of {_mb(self.max_bytes)}", source=path
                )
            with _open_binary(path) as fh:
                content = _read_capped(fh, self.max_bytes, path)
            encoding = _check_text(content, path)
        except (InputError, OSError, *_GZIP_ERRORS) as exc:
            if isinstance(exc, _GZIP_ERRORS):
                exc = InputError(f"corrupt or truncated gzip data ({exc})", source=path)
            return _failure(exc, path, path)
        kind: Literal["html", "text", "clean"] = "html" if fmt == "html" else self.text_kind
        return RawInput(
            source=path, content=content, kind=kind, outlet=self.outlet, container=path, encoding=encoding
        )

    # -- WARC --------------------------------------------------------------------------------

    def _warc(self, path: str) -> Iterator[InputItem]:
        """Every HTML response or resource record of a WARC file, streamed record by record.

        A record is yielded only after the next one has been parsed, because warcio notices a
        wrong Content-Length (the record is not followed by a blank line) and finishes the
        digest check only then.
        """
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed below; the generator may stop early
        except OSError as exc:
            yield _failure(exc, path, path)
            return
        number = 0
        pending: _PendingRecord | None = None
        archive: _QuietArchiveIterator | None = None
        try:
            archive = _QuietArchiveIterator(fh, check_digests=True)
            for record in archive:
                number += 1
                if pending is not None:
                    yield self._settle(pending, archive.err_count)
                    pending = None
                errors_before = archive.err_count
                item = self._warc_record(record, f"{path}#{number}", path)
                if item is not None:
                    pending = _PendingRecord(item, record.digest_checker, errors_before)
            if pending is not None:
                yield self._settle(pending, archive.err_count)
                pending = None
        except (
            ArchiveLoadFailed,
            StatusAndHeadersParserException,
            OSError,
            ValueError,
            *_GZIP_ERRORS,
        ) as exc:
            logger.debug("%s: archive error after record %d", path, number, exc_info=True)
            if pending is not None:
                yield self._settle(pending, archive.err_count if archive is not None else 0)
            source = f"{path}#{number + 1}"
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            yield InputFailure(
                source,
                f"{source}: archive unreadable from record {number + 1} on ({reason})",
                path,
            )
        finally:
            fh.close()

    def _settle(self, pending: _PendingRecord, errors_now: int) -> InputItem:
        item = pending.item
        if isinstance(item, InputFailure):
            return item
        if errors_now > pending.errors_before:
            return InputFailure(
                item.source,
                f"{item.source}: record's Content-Length does not match its data (archive is damaged)",
                item.container,
            )
        checker = pending.checker
        if checker is not None and checker.passed is False:
            problems = "; ".join(checker.problems) or "digest mismatch"
            return InputFailure(item.source, f"{item.source}: record is corrupt ({problems})", item.container)
        return item

    def _warc_record(self, record: ArcWarcRecord, source: str, container: str) -> InputItem | None:
        """Classify one WARC record: a RawInput, an InputFailure, or None for non-documents."""
        rec_type = record.rec_type
        if rec_type not in ("response", "resource", "revisit"):
            return None  # warcinfo, request, metadata, conversion: not documents
        url = record.rec_headers.get_header("WARC-Target-URI")

        def fail(reason: str) -> InputFailure:
            return InputFailure(source, f"{source}: {reason}" + (f" [{url}]" if url else ""), container)

        if rec_type == "revisit":
            return fail("revisit record (a duplicate capture with no stored page), skipped")
        truncated = record.rec_headers.get_header("WARC-Truncated")
        if truncated:
            return fail(f"record was truncated when archived (WARC-Truncated: {truncated})")
        declared_charset: str | None = None
        if rec_type == "response":
            http = record.http_headers
            status = http.get_statuscode() if http is not None else None
            if not status or not status.isdigit():
                content, short = self._record_content(record)
                if short:
                    return fail("record ends before its Content-Length (archive truncated or length wrong)")
                return fail("response has no readable HTTP status line")
            code = int(status)
            if not 200 <= code < 300:
                location = http.get_header("Location") if http is not None else None
                extra = f" to {location}" if location else ""
                return fail(f"HTTP {code} response{extra}, not a page")
            media, declared_charset = parse_content_type(http.get_header("Content-Type") if http else None)
        else:
            media, declared_charset = parse_content_type(record.rec_headers.get_header("Content-Type"))
        if media is not None and media not in _HTML_MEDIA:
            return fail(f"response is {media}, not HTML")
        content, short = self._record_content(record)
        if content is None:
            return fail(f"record is over the input.max_bytes limit of {_mb(self.max_bytes)}")
        if short:
            return fail("record ends before its Content-Length (archive truncated or length wrong)")
        if media is None and _sniff(content[:_SNIFF_BYTES]) != "html":
            return fail("response has no Content-Type and does not look like HTML")
        try:
            encoding = _check_text(content, source, declared_charset)
        except InputError as exc:
            return _failure(exc, source, container)
        return RawInput(
            source=source,
            content=content,
            kind="html",
            url=url,
            outlet=self.outlet,
            container=container,
            encoding=encoding,
        )

    def _record_content(self, record: ArcWarcRecord) -> tuple[bytes | None, bool]:
        """(payload, whether the record ended before its Content-Length); None when over the cap."""
        content = record.content_stream().read(self.max_bytes + 1)
        if len(content) > self.max_bytes:
            return None, False
        limit = getattr(record.raw_stream, "limit", 0)
        return content, bool(limit and limit > 0)

    # -- JSONL -------------------------------------------------------------------------------

    def _jsonl(self, path: str) -> Iterator[InputItem]:
        """One RawInput per line of a JSONL dump; a bad line is one failure, the rest goes on."""
        number = 0
        try:
            with _open_binary(path) as fh:
                while True:
                    line = fh.readline(self.max_bytes + 1)
                    if not line:
                        break
                    number += 1
                    source = f"{path}#{number}"
                    if len(line) > self.max_bytes and not line.endswith(b"\n"):
                        while True:  # skip the rest of the overlong line without holding it
                            rest = fh.readline(_CHUNK)
                            if not rest or rest.endswith(b"\n"):
                                break
                        limit = _mb(self.max_bytes)
                        yield InputFailure(
                            source,
                            f"{source}: line {number} is over the input.max_bytes limit of {limit}",
                            path,
                        )
                        continue
                    if not line.strip():
                        continue
                    yield self._jsonl_record(line, number, source, path)
        except (OSError, *_GZIP_ERRORS) as exc:
            source = f"{path}#{number + 1}"
            reason = " ".join(str(exc).split()) or type(exc).__name__
            message = f"{source}: file unreadable from line {number + 1} on ({reason})"
            yield InputFailure(source, message, path)

    def _jsonl_record(self, line: bytes, number: int, source: str, container: str) -> InputItem:
        def fail(reason: str) -> InputFailure:
            return InputFailure(source, f"{source}: line {number} {reason}", container)

        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return fail(f"is not valid JSON ({exc.msg} at column {exc.colno})")
        except UnicodeDecodeError:
            return fail("is not UTF-8 encoded JSON")
        if not isinstance(obj, dict):
            return fail(f"is a JSON {type(obj).__name__}, not an object")
        for key in ("url", "html", "text", "outlet", "published"):
            if obj.get(key) is not None and not isinstance(obj[key], str):
                return fail(f"has a {key!r} that is not a string")
        body_key = "html" if obj.get("html") else "text" if obj.get("text") else None
        if body_key is None:
            if "html" in obj or "text" in obj:
                return fail("has an empty 'html'/'text' field")
            return fail("has neither an 'html' nor a 'text' field")
        content = obj[body_key].encode("utf-8")
        if len(content) > self.max_bytes:
            return fail(f"is over the input.max_bytes limit of {_mb(self.max_bytes)}")
        if not obj[body_key].strip():
            return fail(f"has an empty {body_key!r} field")
        kind: Literal["html", "text", "clean"] = "html" if body_key == "html" else self.text_kind
        return RawInput(
            source=source,
            content=content,
            kind=kind,
            url=obj.get("url") or None,
            outlet=self.outlet or obj.get("outlet") or None,
            published=obj.get("published") or None,
            container=container,
            encoding="utf-8",
        )

    # -- feeds and URLs ----------------------------------------------------------------------

    def _feed_file(self, path: str) -> Iterator[InputItem]:
        try:
            with _open_binary(path) as fh:
                content = _read_capped(fh, self.max_bytes, path)
        except (InputError, OSError, *_GZIP_ERRORS) as exc:
            yield _failure(exc, path, path)
            return
        yield from self._feed(path, content, base_url=None)

    def _feed(self, container: str, content: bytes, base_url: str | None) -> Iterator[InputItem]:
        """Fetch the page of every entry of an RSS/Atom feed.

        The feed is parsed from bytes we already hold, never by feedparser itself, so it cannot
        reach the network or the file system behind our checks.
        """
        headers = {"content-location": base_url} if base_url else None
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
        if not parsed.get("version") and not parsed.entries:
            problem = parsed.get("bozo_exception")
            detail = f" ({' '.join(str(problem).split())[:150]})" if problem else ""
            yield InputFailure(container, f"{container}: not an RSS or Atom feed{detail}", container)
            return
        if parsed.get("bozo"):
            logger.warning(
                "%s: feed is not well-formed (%s); reading what parsed",
                container,
                parsed.get("bozo_exception"),
            )
        if not parsed.entries:
            logger.warning("%s: feed has no entries", container)
        # Entries are fetched a few at a time (pages are slow, not CPU-bound) but yielded in feed
        # order; an entry without a link is a failure in its place.
        jobs: list[InputFailure | tuple[str, str | None]] = []
        links: set[str] = set()
        for number, entry in enumerate(parsed.entries, start=1):
            link = entry.get("link")
            if not link:
                source = f"{container}#{number}"
                jobs.append(InputFailure(source, f"{source}: feed entry {number} has no link", container))
                continue
            if link in self.seen or link in links:
                continue
            links.add(link)
            published = _iso_date(
                entry.get("published") or entry.get("updated"),
                entry.get("published_parsed") or entry.get("updated_parsed"),
            )
            jobs.append((link, published))

        def run(job: InputFailure | tuple[str, str | None]) -> InputItem:
            if isinstance(job, InputFailure):
                return job
            link, published = job
            return self._page_url(link, container, published=published, outlet=self.outlet or _site(link))

        self.client()  # made here, once, not raced for by the worker threads
        with ThreadPoolExecutor(max_workers=FEED_FETCH_WORKERS, thread_name_prefix="feed") as pool:
            yield from pool.map(run, jobs)

    def _url(self, url: str) -> Iterator[InputItem]:
        try:
            page = fetch(url, self.options, client=self.client())
        except FetchError as exc:
            yield _failure(exc, url, url)
            return
        if _is_feed(page):
            yield from self._feed(url, page.content, base_url=page.url)
            return
        yield self._from_page(url, page, container=url, published=None, outlet=self.outlet)

    def _page_url(self, url: str, container: str, *, published: str | None, outlet: str | None) -> InputItem:
        try:
            page = fetch(url, self.options, client=self.client())
        except FetchError as exc:
            return _failure(exc, url, container)
        return self._from_page(url, page, container=container, published=published, outlet=outlet)

    def _from_page(
        self, source: str, page: FetchedPage, *, container: str, published: str | None, outlet: str | None
    ) -> InputItem:
        """A fetched page as a RawInput, or a failure if it is not an HTML or text page."""
        media = page.content_type
        head = page.content[:_SNIFF_BYTES]
        kind: Literal["html", "text", "clean"]
        if media in _HTML_MEDIA or (media in (None, "application/octet-stream") and _sniff(head) == "html"):
            kind = "html"
        elif media == "text/plain":
            kind = self.text_kind
        else:
            what = media or (_binary_kind(head) or "of unknown type")
            return InputFailure(source, f"{source}: page is {what}, not HTML", container)
        try:
            if len(page.content) > self.max_bytes:
                raise TooLargeError(f"over the input.max_bytes limit of {_mb(self.max_bytes)}", source=source)
            encoding = _check_text(page.content, source, page.charset)
        except InputError as exc:
            return _failure(exc, source, container)
        return RawInput(
            source=source,
            content=page.content,
            kind=kind,
            url=page.url,
            outlet=outlet,
            published=published,
            container=container,
            encoding=encoding,
        )


def _is_feed(page: FetchedPage) -> bool:
    head = page.content[:_SNIFF_BYTES]
    if page.content_type in _FEED_MEDIA - {"application/xml", "text/xml"}:
        return True
    return _sniff(head) == "feed"


def iter_inputs(
    sources: Iterable[str],
    options: Options,
    *,
    outlet: str | None = None,
    clean: bool = True,
    client: httpx.Client | None = None,
) -> Iterator[InputItem]:
    """Yield one RawInput per document found in ``sources``, one InputFailure per bad input.

    ``sources`` are paths (files or directories) and http(s) URLs, read in the order given.
    ``outlet`` names the outlet of every document (it overrides a JSONL record's own ``outlet``);
    without it the outlet is left unset, except for feed entries, whose outlet is their link's
    site. ``clean=False`` marks text files as already clean (kind ``clean``). ``client`` is an
    httpx client to fetch with (tests pass one with a mock transport); by default one is made
    from ``options`` and closed at the end. A source met twice is yielded once.
    Never raises for a bad input.
    """
    reader = _Reader(options, outlet, clean, client)
    try:
        for source in sources:
            yield from reader.source(source)
    finally:
        reader.close()
