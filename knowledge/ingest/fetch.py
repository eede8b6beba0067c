"""Fetching one web page for `add`, with limits: a timeout, a size cap, a few redirects.

Only `http` and `https` links are fetched, with a User-Agent that names the bot. Anything that
is not an HTML page is refused with a reason, and every failure is a `FetchError` whose message
is one line for the operator: the HTTP status, a timeout, not HTML, too large.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

TIMEOUT = 20.0
"""Seconds for the whole fetch, redirects and body included."""
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
USER_AGENT = "article-bot/0.1 (a bot that answers questions about news articles)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
SCHEMES = ("http", "https")


class FetchError(Exception):
    """The page cannot be had; the message is one line saying why."""


@dataclass(frozen=True)
class Fetched:
    """An HTML page as the server sent it."""

    url: str
    """Where the page was found, after redirects."""
    html: str | bytes
    """Text when the server named its charset, else the bytes (the extractor sniffs them)."""


def is_link(source: str) -> bool:
    """Whether `source` is an `http(s)://` link."""
    return urlsplit(source.strip()).scheme.lower() in SCHEMES


def fetch(url: str, timeout: float | None = None, max_bytes: int | None = None) -> Fetched:
    """The HTML page at `url`. Raises `FetchError` with the reason it cannot be had."""
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        raise FetchError(f"only http and https links can be fetched, not {scheme or url}")
    deadline = time.monotonic() + timeout
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=timeout,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                },
            ) as client,
            client.stream("GET", url) as response,
        ):
            if not response.is_success:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            check_type(response)
            body = read_body(response, max_bytes, deadline, timeout)
            charset = response.charset_encoding
            html: str | bytes = body
            if charset:
                try:
                    html = body.decode(charset, errors="replace")
                except LookupError:  # a charset Python does not know: let the extractor sniff
                    html = body
            return Fetched(url=str(response.url), html=html)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.UnsupportedProtocol as error:
        raise FetchError(f"redirected to a link that is not http(s): {error}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch it: {error or type(error).__name__}") from None


def check_type(response: httpx.Response) -> None:
    """Refuse a response that says it is not HTML (a PDF, an image, JSON...)."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        raise FetchError(f"not a web page: the server sent {content_type}, not HTML")


def read_body(response: httpx.Response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, stopping as soon as it passes `max_bytes` or the deadline."""
    too_large = FetchError(f"the page is larger than {max_bytes / 1_000_000:g} MB")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not response.headers.get("content-type") and not looks_like_html(body):
        raise FetchError("not a web page: the server sent no content type and no HTML")
    return body


def looks_like_html(body: bytes) -> bool:
    """Whether an untyped body starts like an HTML document."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in body[:65536].lower()
