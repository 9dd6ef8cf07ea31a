"""Fetching one web page over HTTP(S), politely and safely.

quotetrail fetches URLs that users, feeds and JSONL dumps hand it, so every URL is untrusted:
a feed entry may point at ``http://169.254.169.254/`` (cloud metadata) or redirect to
``http://localhost:8080/admin``. :func:`fetch` therefore

* accepts only ``http`` and ``https``;
* resolves the host with :func:`socket.getaddrinfo` and refuses the request when *any* address
  is not globally routable (private, loopback, link-local, reserved, multicast, shared, ...),
  unless ``fetch.allow_private`` is true;
* follows redirects itself, at most ``fetch.max_redirects`` hops, re-checking every hop;
* streams the body and stops at ``fetch.max_bytes`` (decoded bytes, so a gzip bomb stops too);
* bounds each request by ``fetch.timeout`` seconds, both per network operation (httpx) and
  as a wall-clock deadline for the whole download, so a server dripping one byte at a time
  cannot hold a worker forever;
* identifies itself with ``fetch.user_agent``.

Failures raise :class:`~quotetrail.errors.FetchError` (or its subclass
:class:`~quotetrail.errors.BlockedAddressError`) with the URL as ``source``.

Known limit: the address check and httpx's own connection resolve the name separately, so a
DNS server that answers differently within milliseconds (DNS rebinding) is not stopped.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import BlockedAddressError, FetchError
from .settings import Options

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(slots=True)
class FetchedPage:
    """A successfully fetched resource (status 2xx) after following redirects."""

    url: str
    """The final URL, after redirects: the page's real address."""
    status: int
    content: bytes
    content_type: str | None
    """The media type, lower-cased and without parameters (``text/html``), or None if not sent."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers of the final hop, names lower-cased."""
    charset: str | None = None
    """The ``charset`` parameter of Content-Type, if any: a hint for decoding, not a promise."""
    redirects: list[str] = field(default_factory=list)
    """Every URL visited before :attr:`url`, in order."""


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """Split a Content-Type header into (media type, charset), both lower-cased.

    Uses the standard library's MIME header parser so quoted parameters are handled.
    """
    if not value:
        return None, None
    msg = Message()
    msg["content-type"] = value
    media = msg.get_content_type().lower()
    charset = msg.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 encoded parameter
        charset = charset[2]
    return media, (str(charset).strip().lower() or None) if charset else None


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (a seam tests may replace)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0])
        addresses.append(ipaddress.ip_address(raw.split("%", 1)[0]))
    return addresses


def _is_public(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses.

    ``is_global`` already excludes private, loopback, link-local, reserved, shared (CGNAT) and
    documentation ranges; multicast is excluded separately, and IPv4-mapped / 6to4 IPv6 forms
    are judged by the IPv4 address they carry so ``::ffff:127.0.0.1`` is not a way round.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return _is_public(inner)
    return address.is_global and not address.is_multicast and not address.is_unspecified


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise unless ``url`` is an http(s) URL whose host resolves only to public addresses.

    Every address the host resolves to is checked, not just the first, since the HTTP client
    may connect to any of them.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})", source=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"unsupported URL scheme {scheme or '(none)'!r}: only http and https are fetched",
            source=url,
        )
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host", source=url)
    if allow_private:
        return
    try:
        addresses = _resolve(host, port or (443 if scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc})", source=url) from exc
    if not addresses:
        raise FetchError(f"host {host!r} has no addresses", source=url)
    for address in addresses:
        if not _is_public(address):
            raise BlockedAddressError(
                f"refused: host {host!r} resolves to non-public address {address} "
                "(set fetch.allow_private to allow)",
                source=url,
            )


def make_client(options: Options) -> httpx.Client:
    """An httpx client configured from ``options`` (reuse it across many fetches).

    Redirects are off because :func:`fetch` follows them itself to re-check every hop.
    """
    timeout = float(options.get("fetch", "timeout"))
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": str(options.get("fetch", "user_agent"))},
    )


@contextmanager
def _client_for(options: Options, client: httpx.Client | None) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    own = make_client(options)
    try:
        yield own
    finally:
        own.close()


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def fetch(url: str, options: Options, *, client: httpx.Client | None = None) -> FetchedPage:
    """Fetch ``url`` and return the final page; raise :class:`FetchError` on any failure.

    A status of 400 or more is a failure ("HTTP 404 Not Found"), as is a redirect without a
    Location, a redirect chain longer than ``fetch.max_redirects``, a body over
    ``fetch.max_bytes`` or a download that takes longer than ``fetch.timeout`` seconds.
    Pass ``client`` to reuse connections; the User-Agent and timeout are set per request, so
    a caller's client cannot drop them.
    """
    timeout = float(options.get("fetch", "timeout"))
    max_bytes = int(options.get("fetch", "max_bytes"))
    max_redirects = int(options.get("fetch", "max_redirects"))
    allow_private = bool(options.get("fetch", "allow_private"))
    headers = {"User-Agent": str(options.get("fetch", "user_agent"))}

    visited: list[str] = []
    current = url
    with _client_for(options, client) as http:
        while True:
            check_url(current, allow_private=allow_private)
            deadline = time.monotonic() + timeout
            try:
                with http.stream(
                    "GET", current, headers=headers, timeout=timeout, follow_redirects=False
                ) as response:
                    status = response.status_code
                    if status in REDIRECT_STATUSES:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {status} redirect without a Location", source=url)
                        visited.append(current)
                        if len(visited) > max_redirects:
                            raise FetchError(
                                f"too many redirects (more than {max_redirects}, fetch.max_redirects)",
                                source=url,
                            )
                        current = urljoin(current, location)
                        logger.debug("redirect %s -> %s", visited[-1], current)
                        continue
                    if status >= 400:
                        reason = response.reason_phrase or ""
                        raise FetchError(f"HTTP {status} {reason}".rstrip(), source=url)
                    content = _read_capped(response, url, max_bytes, deadline, timeout)
                    media, charset = parse_content_type(response.headers.get("content-type"))
                    return FetchedPage(
                        url=str(response.url),
                        status=status,
                        content=content,
                        content_type=media,
                        headers={k.lower(): v for k, v in response.headers.items()},
                        charset=charset,
                        redirects=visited,
                    )
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out after {timeout:g} s ({type(exc).__name__})", source=url) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"request failed: {type(exc).__name__}: {exc}", source=url) from exc


def _read_capped(
    response: httpx.Response, url: str, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """Read the body, stopping as soon as it exceeds the cap or the deadline passes."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"response is {_mb(int(declared))}, over the fetch.max_bytes limit of {_mb(max_bytes)}",
            source=url,
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response is over the fetch.max_bytes limit of {_mb(max_bytes)}", source=url)
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s (download too slow)", source=url)
        chunks.append(chunk)
    return b"".join(chunks)
