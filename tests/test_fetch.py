"""fetch(): what a user relies on when quotetrail reads a URL.

Network-free: httpx.MockTransport stands in for servers, except for the timeout and size-cap
tests, which need real sockets and use a tiny http.server on 127.0.0.1 (allow_private=True).
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from quotetrail.errors import BlockedAddressError, FetchError
from quotetrail.fetch import check_url, fetch
from quotetrail.settings import Options

PUBLIC = "http://93.184.216.34"  # a public IP literal: resolving it needs no DNS


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetch_returns_page_after_redirect_and_identifies_itself() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "/new"})
        return httpx.Response(
            200,
            content="<html><body>Café</body></html>".encode("cp1252"),
            headers={"Content-Type": 'text/html; charset="windows-1252"'},
        )

    options = Options.load(fetch__user_agent="quotetrail-test/1.0 (+contact)")
    with _client(handler) as client:
        page = fetch(f"{PUBLIC}/old", options, client=client)
    assert page.url == f"{PUBLIC}/new"
    assert page.redirects == [f"{PUBLIC}/old"]
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "windows-1252"
    assert page.content.startswith(b"<html>")
    assert {r.headers["user-agent"] for r in seen} == {"quotetrail-test/1.0 (+contact)"}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://192.168.1.1/",
        "http://0.0.0.0/",
        "http://localhost/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url: str) -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, text="secret")

    with _client(handler) as client, pytest.raises(BlockedAddressError) as info:
        fetch(url, Options.load(), client=client)
    assert info.value.source == url
    assert "allow_private" in str(info.value)
    assert calls == [], "a refused URL must never be requested"


def test_allow_private_lets_local_addresses_through() -> None:
    with _client(lambda r: httpx.Response(200, text="ok")) as client:
        page = fetch("http://127.0.0.1/", Options.load(fetch__allow_private=True), client=client)
    assert page.content == b"ok"


def test_redirect_to_private_address_is_refused_at_the_hop() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if request.url.host == "93.184.216.34":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})
        return httpx.Response(200, text="credentials")

    with _client(handler) as client, pytest.raises(BlockedAddressError):
        fetch(f"{PUBLIC}/story", Options.load(), client=client)
    assert calls == [f"{PUBLIC}/story"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://93.184.216.34/x", "gopher://a/", "no-scheme"])
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="scheme"):
        check_url(url)


def test_redirect_loop_stops_at_max_redirects() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"Location": f"/{n + 1}"})

    options = Options.load(fetch__max_redirects=3)
    with _client(handler) as client, pytest.raises(FetchError, match="too many redirects"):
        fetch(f"{PUBLIC}/0", options, client=client)
    assert len(calls) == 4  # the first request and three redirects, no more


def test_http_error_status_is_a_fetch_error_naming_the_url() -> None:
    url = f"{PUBLIC}/gone"
    with _client(lambda r: httpx.Response(404)) as client, pytest.raises(FetchError) as info:
        fetch(url, Options.load(), client=client)
    assert info.value.source == url
    assert "404" in info.value.message


def test_declared_oversize_body_is_refused_before_download() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 5000, headers={"Content-Type": "text/html"})

    options = Options.load(fetch__max_bytes=1000)
    with _client(handler) as client, pytest.raises(FetchError, match="max_bytes"):
        fetch(f"{PUBLIC}/big", options, client=client)


def test_transport_errors_become_fetch_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with _client(handler) as client, pytest.raises(FetchError, match="connection refused"):
        fetch(f"{PUBLIC}/", Options.load(), client=client)


# -- real sockets: timeouts and the streamed size cap -------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/slow":  # headers only after 3 s
            time.sleep(3)
        if self.path == "/drip":  # a byte every 0.2 s: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
            return
        if self.path == "/big":  # no Content-Length: only streaming can notice the size
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"y" * 10_000)
            except OSError:
                pass
            return
        body = b"<html><body>fine</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_local_server_is_refused_by_default(local_server: str) -> None:
    with pytest.raises(BlockedAddressError):
        fetch(f"{local_server}/ok", Options.load())


def test_local_server_page_fetched_when_private_allowed(local_server: str) -> None:
    page = fetch(f"{local_server}/ok", Options.load(fetch__allow_private=True))
    assert page.content == b"<html><body>fine</body></html>"


def test_slow_server_times_out(local_server: str) -> None:
    options = Options.load(fetch__allow_private=True, fetch__timeout=0.5)
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{local_server}/slow", options)
    assert time.monotonic() - start < 2.5


def test_dripping_server_is_cut_off_at_the_deadline(local_server: str) -> None:
    options = Options.load(fetch__allow_private=True, fetch__timeout=0.8)
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{local_server}/drip", options)
    assert time.monotonic() - start < 3


def test_streamed_body_over_cap_is_refused(local_server: str) -> None:
    options = Options.load(fetch__allow_private=True, fetch__max_bytes=50_000)
    with pytest.raises(FetchError, match="max_bytes"):
        fetch(f"{local_server}/big", options)
