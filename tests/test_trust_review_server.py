"""The review server trusts nothing it is sent (findings 6 and 11).

A DNS rebinding page reaches 127.0.0.1 under its own host name: the server answers only
`Host: 127.0.0.1:PORT` or `localhost:PORT`, so such a page never reads the token. No page may
frame the gallery. A malformed request (`Content-Length: abc`, a non-ASCII token, JSON nested
past Python's limit, random bytes) gets a 400 (or a closed connection), never a traceback.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures_site import copy_root


@contextmanager
def review_server(root: Path) -> Iterator[Any]:
    from builder.review.serve import ReviewServer

    lines: list[str] = []
    server = ReviewServer(root, 0, log=lines.append)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = copy_root("test-basic", tmp_path_factory.mktemp("review") / "p")
    with review_server(root) as running:
        yield running


def _request(server: Any, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for key, value in headers.items():
        conn.putheader(key, value)
    conn.endheaders(body or None)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def test_only_its_own_host_names_are_answered(server: Any) -> None:
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, _, body = _request(server, "GET", "/", {"Host": host})
        assert status == 200, host
        assert server.token.encode() in body
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"localhost.evil.example:{port}", ""):
        status, _, body = _request(server, "GET", "/", {"Host": host} if host else {})
        assert status == 400, host
        assert server.token.encode() not in body
        status, _, body = _request(server, "POST", "/api/decide",
                                   {"Host": host, "X-Helpwright-Token": server.token,
                                    "Content-Type": "application/json", "Content-Length": "16"},
                                   b'{"decisions":[]}')
        assert status == 400, host


def test_gallery_cannot_be_framed(server: Any) -> None:
    port = server.server_address[1]
    for method, path in (("GET", "/"), ("GET", "/nothing"), ("POST", "/api/decide")):
        _, headers, _ = _request(server, method, path, {"Host": f"127.0.0.1:{port}", "Content-Length": "0"})
        assert headers["x-frame-options"] == "DENY"
        assert headers["content-security-policy"] == "frame-ancestors 'none'"


def test_malformed_requests_get_400_and_no_traceback(server: Any, capfd: pytest.CaptureFixture[str]) -> None:
    port = server.server_address[1]
    base = {"Host": f"127.0.0.1:{port}", "X-Helpwright-Token": server.token}
    assert _request(server, "POST", "/api/decide", {**base, "Content-Length": "abc"})[0] == 400
    assert _request(server, "POST", "/api/decide", {**base, "Content-Length": "-5"})[0] == 400
    deep = b'{"decisions":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert _request(server, "POST", "/api/decide", {**base, "Content-Length": str(len(deep))}, deep)[0] == 400
    assert _request(server, "POST", "/api/decide", {**base, "Content-Length": "4"}, b"\xff\xfe{}")[0] == 400
    odd = {**base, "X-Helpwright-Token": "é" + server.token[1:]}
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    request = ("POST /api/decide HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in odd.items())
               + "Content-Length: 2\r\n\r\n{}").encode("utf-8")
    conn.sendall(request)
    assert conn.recv(100).startswith(b"HTTP/1.0 403")
    conn.close()
    ok = b'{"decisions": [{"key": "fr/x\\u0000/01.png", "decision": "approved"}, 3]}'
    status, _, body = _request(server, "POST", "/api/decide", {**base, "Content-Length": str(len(ok))}, ok)
    assert status == 200 and b'"ok": false' in body
    assert "Traceback" not in "".join(capfd.readouterr())


@given(st.binary(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_get_an_http_answer_or_a_closed_connection(server: Any, capfd: pytest.CaptureFixture[str],
                                                             data: bytes) -> None:
    """Random bytes, alone or after a plausible start: an HTTP answer, or nothing; never a traceback."""
    port = server.server_address[1]
    for prefix in (b"", b"POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port):
        conn = socket.create_connection(("127.0.0.1", port), timeout=10)
        try:
            conn.sendall(prefix + data + b"\r\n\r\n")
            conn.shutdown(socket.SHUT_WR)
            answer = conn.recv(64)
        except ConnectionError:
            answer = b""
        finally:
            conn.close()
        # an HTTP/0.9-looking line (one word) is answered as HTTP/0.9: the error page, no status line
        assert answer == b"" or answer.startswith((b"HTTP/1.", b"<!DOCTYPE HTML>")), answer
    assert "Traceback" not in "".join(capfd.readouterr())
