"""HTTP hardening shared by every response: headers, write size limit, write rate limit, auth.

Kept apart from the routes so each rule is written once and applies to every endpoint, API
and HTML alike; a route cannot forget it.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No inline script or style, nothing from another origin, no framing, no plugins. The pages
#: need only their own static files; SVG charts are inline markup, not images.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)

#: The API docs page (Swagger UI) loads its script and styles from a CDN by default; FastAPI's
#: docs are therefore served with a policy naming the packaged copies only (see app.py).
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def _json_error(status: int, message: str) -> bytes:
    import json

    return json.dumps({"error": {"status": status, "message": message}}).encode()


class HardeningMiddleware:
    """Pure ASGI middleware: security headers on every response; size cap on request bodies.

    A write with a body must declare its length (411 otherwise) and stay under ``max_body``
    (413), checked before a byte of it is read, so a huge upload costs nothing. Pure ASGI
    rather than ``BaseHTTPMiddleware`` because it sits on every read too and must stay cheap.
    """

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            headers = dict(scope.get("headers") or [])
            length = headers.get(b"content-length")
            refusal: tuple[int, str] | None = None
            if length is None:
                if headers.get(b"transfer-encoding"):
                    refusal = (411, "a request body must declare its Content-Length")
            elif not length.isdigit():
                refusal = (400, "invalid Content-Length")
            elif int(length) > self.max_body:
                refusal = (413, f"request body over the limit of {self.max_body} bytes")
            if refusal:
                await self._send_error(send, *refusal)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *[(k, v) for k, v in SECURITY_HEADERS if k not in existing],
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _send_error(send: Send, status: int, message: str) -> None:
        body = _json_error(status, message)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *SECURITY_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """At most ``rate`` events per ``per`` seconds for each key (a sliding window).

    Writes run the NLP pipeline, which takes seconds of CPU; a client looping on the ingest
    endpoint would starve every reader, so each client gets a small budget.
    """

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> float:
        """0 if the event is allowed now, else the seconds to wait before the next one is."""
        now = time.monotonic()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and now - events[0] >= self.per:
                events.popleft()
            if len(events) >= self.rate:
                return self.per - (now - events[0])
            events.append(now)
            if len(self._events) > 10_000:  # forget idle clients so the table stays bounded
                for stale in [k for k, v in self._events.items() if not v or now - v[-1] >= self.per]:
                    del self._events[stale]
            return 0.0


def token_matches(header: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries ``Bearer <token>`` (constant-time compare)."""
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())
