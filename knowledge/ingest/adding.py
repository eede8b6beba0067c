"""Adding an article to a knowledge folder: from a link, a saved page, or a text file.

`add_source` is what `python -m bot add` and the bot's admins call. A link or a saved page goes
through the extractor (`ingest.extract`) and is written as one `.md` knowledge file; a `.md`
or `.txt` file is checked (UTF-8, has paragraphs) and copied in as it is. The file is named
from the article's title. Adding the same link again updates the file it wrote before; two
different articles never overwrite each other. Files appear whole (written aside, then moved
into place), so a watcher of the folder never reads half a file.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.ingest import fetch
from knowledge.ingest.extract import Page, extract_page, is_home_page, knowledge_text
from knowledge.ingest.fetch import FetchError, is_link
from knowledge.ingest.files import PAGE_SUFFIXES, SUFFIXES, TEXT_SUFFIXES, is_knowledge_file
from knowledge.ingest.parsing import parse_article, split_front_matter
from knowledge.ingest.within import ChildDied, TooSlow, call_within
from knowledge.models import Article

NAME_MAX_CHARS = 60
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
READ_SECONDS = 30.0
"""Seconds the extractor may take over one page (a page of 80,000 paragraphs took minutes)."""


@dataclass(frozen=True)
class Limits:
    """How long and how much one source may take."""

    fetch_seconds: float = fetch.TIMEOUT
    """For the whole fetch of a link: connecting, headers, redirects and body."""
    max_bytes: int = fetch.MAX_BYTES
    """Of a fetched page, as sent and as decompressed."""
    read_seconds: float = READ_SECONDS
    """For finding the article in a page (the extractor runs in a child process)."""


@dataclass(frozen=True)
class Added:
    """A source added: the file written and the article as the bot will load it."""

    source: str
    file: Path
    article: Article
    updated: bool = False
    """The source was added before: its file was written over, not made anew."""

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def paragraphs(self) -> int:
        return len(self.article.paragraphs)


@dataclass(frozen=True)
class NotAdded:
    """A source that could not be added, and why."""

    source: str
    error: str
    """One line: the HTTP status, a timeout, not HTML, no article text..."""


@dataclass(frozen=True)
class Read:
    """What was read of a source, before it is written."""

    text: str
    """The knowledge text to write."""
    urls: set[str]
    """The links it is known by (so that adding it again updates its file)."""
    suffix: str
    """The suffix to write it with."""
    name: str
    """A provisional name, which titles an article that has no title of its own."""


class AddError(Exception):
    """The source cannot be added; the message is one line saying why."""


def add_source(source: str, folder: Path, limits: Limits | None = None) -> Added | NotAdded:
    """Add one link, saved page or text file to `folder`. Blocking; a bad source is reported
    as `NotAdded`, never raised."""
    try:
        read = read_source(source, limits or Limits())
        article = parse_article(read.name, read.text)
        if article is None:
            raise AddError("no article text found")
        file, updated = write(folder, read.text, article.title, read.urls, read.suffix)
    except AddError as error:
        return NotAdded(source, str(error))
    article = parse_article(file.relative_to(folder).as_posix(), read.text)
    assert article is not None  # the same text parsed above
    return Added(source, file, article, updated)


def read_source(source: str, limits: Limits) -> Read:
    """The knowledge text of `source`, the links it is known by, the suffix to write it with
    and a provisional name; raises `AddError` when it cannot be read."""
    if is_link(source):
        try:
            fetched = fetch.fetch(source.strip(), limits.fetch_seconds, limits.max_bytes)
        except FetchError as error:
            raise AddError(str(error)) from None
        page = read_page(fetched.html, fetched.url, limits)
        return Read(
            page_text(page), {source.strip(), fetched.url} | page_urls(page), ".md", "0.md"
        )
    path = Path(source).expanduser()
    if SCHEME_RE.match(source) and not path.exists():
        scheme = source.split(":", 1)[0]
        raise AddError(f"only http and https links can be added, not {scheme}:")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AddError("not a link, a saved page (.html, .htm) or a text file (.md, .txt)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AddError("no such file") from None
    except OSError as error:
        raise AddError(f"cannot read it: {error.strerror or error}") from None
    if suffix in PAGE_SUFFIXES:
        page = read_page(data, None, limits)
        return Read(page_text(page), page_urls(page), ".md", "0.md")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AddError(f"it is not UTF-8 text (byte {error.start})") from None
    url = split_front_matter(text)[0].get("url")
    return Read(text, {url} if url else set(), suffix, path.name)


def read_page(html: str | bytes, url: str | None, limits: Limits) -> Page | None:
    """The article in a page, found within `limits.read_seconds`."""
    try:
        return call_within(limits.read_seconds, extract_page, html, url)
    except TooSlow:
        raise AddError(f"reading the page took longer than {limits.read_seconds:g} s") from None
    except ChildDied as error:
        raise AddError(f"reading the page failed: {error}") from None


def page_text(page: Page | None) -> str:
    """The knowledge file of an extracted page, titled even when the page has no title."""
    if page is None:
        raise AddError("no article text found in the page")
    if page.title is None:
        article = parse_article("0.md", knowledge_text(page))
        if article is None:
            raise AddError("no article text found in the page")
        page = replace(page, title=article.title)
    return knowledge_text(page)


def page_urls(page: Page | None) -> set[str]:
    return {page.url} if page is not None and page.url else set()


def write(folder: Path, text: str, title: str, urls: set[str], suffix: str) -> tuple[Path, bool]:
    """Write `text` into `folder`: over the file that has the same link or the same text, or
    into a new file named from `title`. Returns the file's path, and whether it was there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        existing = same_article(folder, text, urls)
        staged = staged_copy(folder, text, suffix)
        try:
            if existing is not None:
                staged.replace(existing)
                return existing, True
            return link_new(staged, folder, file_stem(title), suffix), False
        finally:
            staged.unlink(missing_ok=True)
    except OSError as error:
        raise AddError(f"cannot write to {folder}: {error.strerror or error}") from None


def staged_copy(folder: Path, text: str, suffix: str) -> Path:
    """`text` in a new hidden file of `folder` (the watcher and the loader skip it), made as
    any file a user makes: its mode follows the umask (a temporary file's 0600 would hide it
    from a bot that runs as another user)."""
    while True:
        staged = folder / f".adding-{secrets.token_hex(8)}{suffix}"
        try:
            descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            with open(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        return staged


def link_new(staged: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Give `staged` the first free name `stem.suffix`, `stem-2.suffix`...; never overwrites
    (a hard link fails when the name is taken, even by another writer at the same moment)."""
    number = 1
    while True:
        target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            os.link(staged, target)
        except FileExistsError:
            number += 1
            continue
        return target


def same_article(folder: Path, text: str, urls: set[str]) -> Path | None:
    """The knowledge file in `folder` with one of `urls` in its front matter, or `text`.

    A site's home page is no article's link: two articles whose pages both name it are two.
    """
    urls = {url for url in urls if not is_home_page(url)}
    for path in sorted(folder.rglob("*")):
        if not is_knowledge_file(path, folder, TEXT_SUFFIXES) or not path.is_file():
            continue
        try:
            existing = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if existing == text or split_front_matter(existing)[0].get("url") in urls:
            return path
    return None


def file_stem(title: str) -> str:
    """A file name from a title: its words, lower case, joined by hyphens."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[^\W_]+", folded.lower()) or re.findall(r"[^\W_]+", title.lower())
    stem = ""
    for word in words:
        if stem and len(stem) + 1 + len(word) > NAME_MAX_CHARS:
            break
        stem = f"{stem}-{word}" if stem else word[:NAME_MAX_CHARS]
    return stem or "article"
