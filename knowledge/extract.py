"""The article inside a web page, found by trafilatura, written out as a knowledge file.

trafilatura leads the public article-extraction benchmark, so the main text is its call; this
module only asks it for the text and metadata and lays them out as a knowledge file: front
matter (title, date, source, url, author), then the paragraphs separated by blank lines. The
cleaning of `knowledge.loading` (paywall notices, datelines, image lines) applies when the
file is read, as it does to every knowledge file.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

MIN_TEXT_CHARS = 150
"""Less text than this is a menu, a sign-in wall or an error page: no article."""
TITLE_SEPARATORS = ("|", "-", "\N{EN DASH}", "\N{EM DASH}", ":", "\N{MIDDLE DOT}", "»")


@dataclass(frozen=True)
class Page:
    """The article found in one web page: its text and what the page says about it."""

    text: str
    """The paragraphs, separated by blank lines."""
    title: str | None = None
    date: str | None = None
    """ISO date (YYYY-MM-DD) when the page gives one."""
    author: str | None = None
    site: str | None = None
    """The site's name, e.g. "The New York Times"."""
    url: str | None = None
    """The page's canonical link, else the address it was fetched from."""


def extract_page(html: str | bytes, url: str | None = None) -> Page | None:
    """The article in `html` (fetched from `url`, when known), or None when it has none."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
    )
    if not isinstance(document, Document) or not document.text:
        return None
    lines = [" ".join(line.split()) for line in document.text.split("\n")]
    paragraphs = [line for line in lines if line]
    title = one_line(document.title)
    if paragraphs and title:
        title, paragraphs = without_headline(title, paragraphs)
    if sum(len(paragraph) for paragraph in paragraphs) < MIN_TEXT_CHARS:
        return None
    return Page(
        text="\n\n".join(paragraphs),
        title=title,
        date=one_line(document.date),
        author=one_line(document.author),
        site=one_line(document.sitename),
        url=canonical(one_line(document.url), url),
    )


def knowledge_text(page: Page) -> str:
    """The knowledge file for `page`: front matter, then its paragraphs."""
    meta = {
        "title": page.title,
        "date": page.date,
        "source": page.site,
        "url": page.url,
        "author": page.author,
    }
    front = "".join(f"{key}: {value}\n" for key, value in meta.items() if value)
    return f"---\n{front}---\n\n{page.text}\n"


def without_headline(title: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    """The title, and the paragraphs without a first one that only repeats it (the page's
    headline). A page title that is the headline plus the site's name ("Headline | Site")
    gives way to the headline."""
    first = paragraphs[0]
    if first.casefold() == title.casefold():
        return title, paragraphs[1:]
    rest = title[len(first) :].lstrip()
    if title.casefold().startswith(first.casefold()) and rest[:1] in TITLE_SEPARATORS:
        return first, paragraphs[1:]
    return title, paragraphs


def canonical(found: str | None, fetched: str | None) -> str | None:
    """The page's canonical link, unless it is only the site's home page (a common slip that
    would make every article of the site look like one), else the address fetched."""
    if found and urlsplit(found).path.strip("/"):
        return found
    return fetched or found


def one_line(value: object) -> str | None:
    """A metadata value as one line of text (front matter is one line per key), or None."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
