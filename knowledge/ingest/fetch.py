"""Fetching one web page for `add`, within limits: one deadline, a size cap, a few redirects.

Only `http` and `https` links are fetched, with a User-Agent that names the bot. Anything that
is not an HTML page is refused with a reason, and every failure is a `FetchError` whose message
is one line for the operator: the HTTP status, a timeout, not HTML, too large.

The limits hold whatever the server does:

- one deadline over the whole fetch: connecting, the headers, every redirect and the body. The
  fetch runs on an event loop of its own under `asyncio.wait_for`, so a server that sends its
  headers a byte a second, or answers each redirect slowly, is cut off at the deadline (httpx's
  own timeouts are per network read);
- the body is read as it came over the wire (`aiter_raw`) and decompressed here, one network
  read at a time, never producing more than the bytes still allowed: both the bytes read and
  the bytes decoded are capped, so a compression bomb costs at most `max_bytes` of memory;
- one content-coding layer at most (gzip or deflate, the ones asked for): a page compressed
  twice ("gzip, gzip") is refused.
"""

from __future__ import annotations

import asyncio
import re
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

TIMEOUT = 20.0
"""Seconds for the whole fetch, redirects and body included."""
MAX_BYTES = 5_000_000
"""Bytes of the page, as sent and as decompressed."""
MAX_REDIRECTS = 5
USER_AGENT = "article-bot/0.1 (a bot that answers questions about news articles)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
SCHEMES = ("http", "https")
SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
WINDOW_BITS = {
    "gzip": 16 + zlib.MAX_WBITS,
    "x-gzip": 16 + zlib.MAX_WBITS,
    "deflate": zlib.MAX_WBITS,
}
"""The content codings undone here, as zlib's window bits (the ones asked for, and x-gzip)."""
ACCEPT_ENCODING = "gzip, deflate"


class FetchError(Exception):
    """The page cannot be had; the message is one line saying why."""


@dataclass(frozen=True)
class Fetched:
    """An HTML page as the server sent it."""

    url: str
    """Where the page was found, after redirects."""
    html: str | bytes
    """Text when the server named a charset Python reads, else the bytes (the extractor
    sniffs them)."""


def scheme_of(source: str) -> str:
    """The scheme of a link (`http`, `ftp`...), lower case; empty when it has none."""
    found = SCHEME_RE.match(source)
    return found.group(1).lower() if found else ""


def is_link(source: str) -> bool:
    """Whether `source` is an `http(s)://` link (well formed or not: `fetch` says which)."""
    return scheme_of(source) in SCHEMES


def fetch(url: str, timeout: float | None = None, max_bytes: int | None = None) -> Fetched:
    """The HTML page at `url`. Raises `FetchError` with the reason it cannot be had.

    Blocking: call it from a worker thread, not from a running event loop.
    """
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    scheme = scheme_of(url)
    if scheme not in SCHEMES:
        raise FetchError(f"only http and https links can be fetched, not {scheme or url}")
    try:
        urlsplit(url)
        if not httpx.URL(url).host:
            raise ValueError("it names no server")
    except (ValueError, httpx.InvalidURL) as error:
        raise FetchError(f"not a link I can read: {error}") from None
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(fetch_within(url, timeout, max_bytes))
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


async def fetch_within(url: str, timeout: float, max_bytes: int) -> Fetched:
    """`fetch`, on an event loop, ended at `timeout` seconds whatever it is waiting for."""
    try:
        return await asyncio.wait_for(get(url, timeout, max_bytes), timeout)
    except (asyncio.TimeoutError, httpx.TimeoutException):
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.UnsupportedProtocol as error:
        raise FetchError(f"redirected to a link that is not http(s): {error}") from None
    except httpx.InvalidURL as error:  # e.g. `Location: javascript:alert(1)`
        raise FetchError(f"redirected to a link I cannot follow: {error}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch it: {error or type(error).__name__}") from None


async def get(url: str, timeout: float, max_bytes: int) -> Fetched:
    async with (
        httpx.AsyncClient(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=timeout,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        ) as client,
        client.stream("GET", url) as response,
    ):
        if not response.is_success:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        check_type(response)
        body = await read_body(response, max_bytes)
        return Fetched(url=str(response.url), html=as_text(body, response.charset_encoding))


def check_type(response: httpx.Response) -> None:
    """Refuse a response that says it is not HTML (a PDF, an image, JSON...)."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        raise FetchError(f"not a web page: the server sent {content_type}, not HTML")


async def read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The body, decompressed, stopping as soon as it passes `max_bytes` as sent or decoded."""
    too_large = FetchError(f"the page is larger than {max_bytes / 1_000_000:g} MB")
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    decoder = Decoder(content_coding(response))
    chunks: list[bytes] = []
    sent = decoded = 0
    async for chunk in response.aiter_raw():
        sent += len(chunk)
        if sent > max_bytes:
            raise too_large
        piece = decoder.decode(chunk, max_bytes - decoded)
        decoded += len(piece)
        if decoded > max_bytes:
            raise too_large
        chunks.append(piece)
    body = b"".join(chunks)
    if not response.headers.get("content-type") and not looks_like_html(body):
        raise FetchError("not a web page: the server sent no content type and no HTML")
    return body


def content_coding(response: httpx.Response) -> str | None:
    """The one content coding of the body (None: as it is), or `FetchError`."""
    header = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in header.split(",")]
    codings = [coding for coding in codings if coding not in ("", "identity")]
    if len(codings) > 1:
        raise FetchError(f"the page is compressed {len(codings)} times ({header}): I undo one")
    if codings and codings[0] not in WINDOW_BITS:
        raise FetchError(f"the page is compressed as {codings[0]}, which I cannot read")
    return codings[0] if codings else None


class Decoder:
    """One content coding undone a network read at a time, with a bound on each step."""

    def __init__(self, coding: str | None) -> None:
        self.inflater = None if coding is None else zlib.decompressobj(WINDOW_BITS[coding])
        self.raw_deflate = coding == "deflate"
        """Whether a first failure means a raw deflate stream (servers send both as deflate)."""

    def decode(self, data: bytes, room: int) -> bytes:
        """`data` decoded: at most `room + 1` bytes, so that a caller with `room` bytes left
        sees the page is too large without the rest ever being made."""
        if self.inflater is None:
            return data
        try:
            decoded = self.inflater.decompress(data, room + 1)
        except zlib.error as error:
            if not self.raw_deflate:
                raise FetchError(f"the page's compressed data is broken ({error})") from None
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self.raw_deflate = False
            return self.decode(data, room)
        self.raw_deflate = False
        return decoded


def as_text(body: bytes, charset: str | None) -> str | bytes:
    """`body` as text in its declared `charset`; the bytes themselves when Python cannot read
    that charset (`undefined`, `idna`, a name it does not know), for the extractor to sniff."""
    if not charset:
        return body
    try:
        return body.decode(charset, errors="replace")
    except (LookupError, ValueError):
        return body


def looks_like_html(body: bytes) -> bool:
    """Whether an untyped body starts like an HTML document."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in body[:65536].lower()
