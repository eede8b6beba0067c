"""A hostile web server on 127.0.0.1: what a careless or malicious site sends to `add`.

Each path is one trick:

- `/bomb/CODING`: a page of `BOMB_BYTES` zero bytes compressed as `gzip`, `deflate` (zlib),
  `raw-deflate`, or `gzip-gzip` (compressed twice, `Content-Encoding: gzip, gzip`);
- `/drip-headers`, `/drip-body`: the status line and headers, or the body, one byte at a time
  every `DRIP` seconds, for ever;
- `/empty-gzip`: a gzip stream of empty blocks, one every `DRIP` seconds, for ever;
- `/slow-redirect/N`: a redirect to `/slow-redirect/N+1` after `REDIRECT_WAIT` seconds (up to
  five of them: each is quicker than a test's deadline, all of them are not);
- `/hang`: accepts the request and never answers (until `release()`);
- `/charset/NAME`: a news page served as `text/html; charset=NAME`;
- `/javascript`: a redirect to `javascript:alert(1)`;
- `/huge/N`: a news page of N paragraphs (a legitimate, very long page).

A connection the client drops ends its trick.
"""

from __future__ import annotations

import contextlib
import threading
import time
import zlib
from collections.abc import Iterator
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from support.web import news_page

BOMB_BYTES = 50_000_000
DRIP = 0.05
REDIRECT_WAIT = 0.3
HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 10**6
CODINGS = {"gzip": 31, "deflate": 15, "raw-deflate": -15}


@cache
def bomb(coding: str) -> bytes:
    """`BOMB_BYTES` zeros compressed as `coding` (computed once: about 50 KB each)."""
    if coding == "gzip-gzip":
        return compressed(iter([bomb("gzip")]), CODINGS["gzip"])
    block = bytes(1_000_000)
    return compressed((block for _ in range(BOMB_BYTES // len(block))), CODINGS[coding])


def compressed(blocks: Iterator[bytes], wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(compressor.compress(block) for block in blocks) + compressor.flush()


class HostileWeb:
    """`with HostileWeb() as web: add_source(web.url("/bomb/gzip"), folder)`."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.requests: list[str] = []
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                hostile.requests.append(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    hostile.answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HostileWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def release(self) -> None:
        """End every trick that waits: hanging answers and drips close their connections."""
        self.released.set()

    def drip(self, request: BaseHTTPRequestHandler, data: bytes) -> None:
        for byte in data:
            if self.released.wait(DRIP):
                return
            request.wfile.write(bytes([byte]))
            request.wfile.flush()

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        if path.startswith("/bomb/"):
            coding = path.removeprefix("/bomb/")
            body = bomb(coding)
            encoding = "gzip, gzip" if coding == "gzip-gzip" else coding.removeprefix("raw-")
            send(request, body, {"Content-Encoding": encoding})
        elif path == "/drip-headers":
            self.drip(
                request, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 10**6
            )
        elif path == "/drip-body":
            send(request, b"", {"Content-Length": "1000000"})
            self.drip(request, b"<html><body>" + b"x" * 10**6)
        elif path == "/empty-gzip":
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Encoding", "gzip")
            request.end_headers()
            compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
            request.wfile.write(compressor.compress(b""))
            while not self.released.wait(DRIP):
                request.wfile.write(compressor.flush(zlib.Z_FULL_FLUSH))
                request.wfile.flush()
        elif path.startswith("/slow-redirect/"):
            number = int(path.rsplit("/", 1)[1])
            after = f"/slow-redirect/{number + 1}" if number < 4 else "/charset/utf-8"
            if not self.released.wait(REDIRECT_WAIT):
                send(request, b"", {"Location": after}, status=302)
        elif path.startswith("/hang"):
            self.released.wait()
        elif path.startswith("/charset/"):
            charset = path.removeprefix("/charset/")
            send(request, news_page().encode(), {"Content-Type": f"text/html; charset={charset}"})
        elif path == "/javascript":
            send(request, b"", {"Location": "javascript:alert(1)"}, status=302)
        elif path.startswith("/huge/"):
            count = int(path.removeprefix("/huge/"))
            paragraphs = tuple(
                f"Paragraph {n} of a long page about the harbour." for n in range(count)
            )
            send(request, news_page(paragraphs=paragraphs).encode())
        else:
            send(request, b"not found", {"Content-Type": "text/plain"}, status=404)


def send(
    request: BaseHTTPRequestHandler,
    body: bytes,
    headers: dict[str, str] | None = None,
    status: int = 200,
) -> None:
    """An answer with `body` and `headers` (a text/html content type unless given)."""
    headers = {"Content-Type": "text/html", "Content-Length": str(len(body)), **(headers or {})}
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(body)
    request.wfile.flush()


def wait_until(condition: object, timeout: float = 10.0) -> None:
    """Poll `condition()` until it is true (a test's patience, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the condition never became true")
        time.sleep(0.02)
