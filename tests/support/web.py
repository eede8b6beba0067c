"""A small web server on 127.0.0.1 serving the pages a test puts on it, for `add` tests.

Each path answers with what the test set: a status, a content type, a body, an optional
`Location` for redirects and an optional delay before the answer. It records the User-Agent
of each request.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    delay: float = 0.0


class WebStub:
    """`stub.page("/news", html)`, then fetch `stub.url("/news")`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.user_agents: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub.user_agents.append(self.headers.get("User-Agent", ""))
                route = stub.routes.get(self.path, Route(b"not found", 404, "text/plain"))
                time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.location:
                    self.send_header("Location", route.location)
                self.end_headers()
                # The client may give up (a timeout, a size cap): that is the test.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> WebStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def page(self, path: str, html: str, **route: object) -> str:
        """Serve `html` at `path`; returns its full link."""
        self.routes[path] = Route(html.encode("utf-8"), **route)  # type: ignore[arg-type]
        return self.url(path)

    def serve(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)


SOLAR_TITLE = "Port Avalen switches on a floating solar farm"
SOLAR_PARAGRAPHS = (
    "The city of Port Avalen switched on a floating solar farm on its old reservoir on Monday, "
    "the first of its kind in the region, officials said.",
    "The farm has 12,400 panels on pontoons covering about a third of the reservoir, and is "
    "expected to supply electricity to roughly 4,000 homes.",
    "Engineers chose the reservoir because the water keeps the panels cool, which makes them "
    "more efficient, and because building land around the city is scarce.",
    "The project cost 18 million euros and was paid for by a green bond sold to residents, who "
    "will receive interest from the sale of the power.",
    "Fishermen who use the reservoir had opposed the plan, fearing the panels would harm the "
    "fish; the council agreed to leave the northern shore open.",
    "Mayor Ilse Brandt said a second farm on the harbour basin could follow within three years "
    "if the first one performs as hoped.",
)


def news_page(
    title: str = SOLAR_TITLE,
    paragraphs: tuple[str, ...] = SOLAR_PARAGRAPHS,
    canonical: str = "https://courier.example/news/2024/05/floating-solar-farm",
) -> str:
    """A news page as sites serve them: navigation, a cookie banner, a paywall box, JSON-LD
    metadata and a footer around the article."""
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Avalen Courier</title>
<link rel="canonical" href="{canonical}">
<meta property="og:site_name" content="The Avalen Courier">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{title}",
 "datePublished": "2024-05-13T08:00:00Z", "author": {{"@type": "Person",
 "name": "Mara Lindqvist"}}, "publisher": {{"@type": "Organization",
 "name": "The Avalen Courier"}}}}
</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience
and to show you personalised advertising. Accept all cookies or manage your preferences.</p>
<button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By Mara Lindqvist</p>
{body}
<div class="paywall"><p>Subscribe to continue reading.</p></div>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Ferry timetable changes for the summer</a></li>
<li><a href="/b">Local bakery wins national prize</a></li></ul></aside></main>
<footer><p>© 2024 The Avalen Courier. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a></p></footer>
</body></html>
"""
