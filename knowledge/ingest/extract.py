"""The article inside a web page, found by trafilatura, written out as a knowledge file.

trafilatura leads the public article-extraction benchmark, so the main text is its call; this
module only asks it for the text and metadata and lays them out as a knowledge file: front
matter (title, date, source, url, author), then the paragraphs separated by blank lines. The
cleaning of `knowledge.ingest.parsing` (paywall notices, datelines, image lines) applies when the
file is read, as it does to every knowledge file.

trafilatura is imported by the first page read, not with this module: it costs a process about
14 MB and 0.1 s, and a bot that reads only text files never needs it (pages that `add` fetches
are read in a child process, `knowledge.ingest.within`, whose forkserver imports it once).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MIN_TEXT_CHARS = 150
"""Less text than this is a menu, a sign-in wall or an error page: no article."""
LIST_MARKER_RE = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
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
    import trafilatura
    from trafilatura.settings import Document, set_date_params

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        # A date is a fact from the page's markup, or nothing: the extensive search guesses
        # one from any year in the text ("in 2019" became 1 January 2019).
        date_extraction_params=set_date_params(extensive=False),
    )
    if not isinstance(document, Document) or document.body is None:
        return None
    pieces = blocks(document.body)
    title = one_line(document.title)
    if pieces and title:
        title, pieces = without_headline(title, pieces)
    paragraphs = paragraphs_of(pieces)
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
    # Values as JSON strings: valid YAML, and a quote, a colon or a line break survives.
    front = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items() if value
    )
    return f"---\n{front}---\n\n{page.text}\n"


def blocks(body: Any) -> list[tuple[bool, str]]:
    """The blocks of trafilatura's article tree as (is a heading, text): each as trafilatura
    writes it as text, one per line of it, and a list as one block."""
    found: list[tuple[bool, str]] = []
    for element in body:
        lines = text_lines(body, element)
        if element.tag == "list" and lines:
            lines = [" ".join(joined_items(LIST_MARKER_RE.sub("", line) for line in lines))]
        found += [(element.tag == "head", line) for line in lines]
    return found


def paragraphs_of(blocks: list[tuple[bool, str]]) -> list[str]:
    """The paragraphs: a heading is joined to the block that follows it, so that a quote
    carries its section's name and short lines repeated under several headings stay apart."""
    paragraphs: list[str] = []
    heading = ""
    for is_heading, text in blocks:
        if is_heading:
            heading = joined(heading, text)
        else:
            paragraphs.append(joined(heading, text))
            heading = ""
    if heading:
        paragraphs.append(heading)
    return paragraphs


def text_lines(body: Any, element: Any) -> list[str]:
    """The non-empty lines of one block of the tree, as trafilatura writes it as text."""
    from trafilatura.xml import xmltotxt

    alone = body.makeelement("body")
    alone.append(deepcopy(element))
    lines = (
        " ".join(line.split()) for line in xmltotxt(alone, include_formatting=False).split("\n")
    )
    return [line for line in lines if line]


def joined(first: str, second: str) -> str:
    """Two pieces of text as one, with a colon after the first unless it ends a sentence."""
    if not first:
        return second
    return f"{first} {second}" if first[-1] in ".:?!" else f"{first}: {second}"


def joined_items(items: Iterable[str]) -> list[str]:
    """List items in a sentence: each ends with a semicolon unless it ends with punctuation."""
    found = [item for item in items if item]
    return [
        item if item[-1] in ".:;?!," or n == len(found) - 1 else f"{item};"
        for n, item in enumerate(found)
    ]


def without_headline(
    title: str, pieces: list[tuple[bool, str]]
) -> tuple[str, list[tuple[bool, str]]]:
    """The title, and the blocks without a first one that only repeats it (the page's
    headline). A page title that is the headline plus the site's name ("Headline | Site")
    gives way to the headline."""
    first = pieces[0][1]
    if first.casefold() == title.casefold():
        return title, pieces[1:]
    rest = title[len(first) :].lstrip()
    if title.casefold().startswith(first.casefold()) and rest[:1] in TITLE_SEPARATORS:
        return first, pieces[1:]
    return title, pieces


def canonical(found: str | None, fetched: str | None) -> str | None:
    """The page's canonical link, unless it is only the site's home page (a common slip that
    would make every article of the site look like one), else the address fetched; None
    when neither names the article (a saved page whose canonical link is the home page)."""
    if found and not is_home_page(found):
        return found
    return fetched


def is_home_page(url: str) -> bool:
    """Whether `url` is a site's home page (no path, no query): never an article's identity."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    return not parts.path.strip("/") and not parts.query


def one_line(value: object) -> str | None:
    """A metadata value as one line of text (front matter is one line per key), or None."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
