"""Reading a folder of articles into `Article` values.

A knowledge file is UTF-8 `.md` or `.txt`, with optional front matter (title, date, source,
url, author) between `---` lines. A first `# ` heading is the title. Paragraphs are separated
by blank lines; a file with no blank lines has one paragraph per line. A saved web page
(`.html`/`.htm`) is read through the same extractor as `add` (`knowledge.ingest.extract`).

What is not article text is set aside here, so that it can never be quoted:
- site notices such as a paywall message are dropped;
- a line that is only a Markdown image is kept as a caption, not as a paragraph;
- a line that is only a date ("Jan. 2, 2025, 8:16 a.m. ET") becomes the article's date;
- sub-headings, rules and blocks made only of markup are dropped;
- a paragraph seen before in the same article is kept once;
- a paragraph longer than `MAX_PASSAGE_CHARS` is cut at sentence ends into several, so that
  every quote fits in one Telegram message.

Each file is read once (`read_sources`), and the index cache is keyed by exactly the bytes that
were read. A file that cannot be read, whose name is not UTF-8, larger than `MAX_FILE_BYTES`
or not UTF-8 text is skipped with a warning naming it.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from knowledge.ingest import cleaning
from knowledge.ingest.extract import extract_page, knowledge_text
from knowledge.ingest.files import (
    PAGE_SUFFIXES,
    KnowledgeError,
    Source,
    knowledge_files,
    read_sources,
)
from knowledge.models import Article
from knowledge.search.text import sentences

logger = logging.getLogger(__name__)

MAX_PASSAGE_CHARS = 3000
FRONT_MATTER_KEYS = ("title", "date", "source", "url", "author")
HEADING_RE = re.compile(r"^#{1,6}(?:\s|$)")
"""A Markdown heading; "#MeToo began..." is a paragraph that opens with a hashtag."""
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
TITLE_MAX_CHARS = 90


def parse_sources(folder: Path, sources: list[Source]) -> list[Article]:
    """The usable articles among `sources`, in order; unusable ones are skipped with a warning.

    Raises `KnowledgeError` when none is usable.
    """
    articles = []
    for source in sources:
        article = parse_source(source)
        if article is not None:
            articles.append(article)
    if not articles:
        raise KnowledgeError(f"knowledge folder {folder} has no usable article (see warnings)")
    return articles


def parse_source(source: Source) -> Article | None:
    """The article in one file, or None (with a warning naming it) when it has none."""
    if Path(source.name).suffix.lower() in PAGE_SUFFIXES:
        article = parse_page(source.name, source.data)
        if article is None:
            logger.warning("skipping %s: no article text found in the page", source.name)
        return article
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        logger.warning("skipping %s: it is not UTF-8 text", source.name)
        return None
    article = parse_article(source.name, text)
    if article is None:
        logger.warning("skipping %s: it has no paragraphs of text", source.name)
    return article


def load_articles(folder: Path, files: list[Path] | None = None) -> list[Article]:
    """Every usable article in `folder` (searched recursively), in file-name order.

    Files that cannot be used are skipped with a warning naming them; a missing or empty
    folder, or one where no file is usable, raises `KnowledgeError`.
    """
    files = knowledge_files(folder) if files is None else files
    return parse_sources(folder, read_sources(folder, files))


def parse_article(name: str, text: str) -> Article | None:
    """One article from the text of a knowledge file, or None when it has no paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    meta, body = split_front_matter(text)
    blocks = split_blocks(body)

    title = meta.get("title")
    date = cleaning.parse_date(meta["date"]) if "date" in meta else None
    captions: list[str] = []
    paragraphs: list[str] = []
    seen: set[str] = set()
    for raw in blocks:
        if HEADING_RE.match(raw):
            heading = raw.lstrip("#").strip()
            if raw.startswith("# ") and title is None and not paragraphs and heading:
                title = heading
            continue
        caption = cleaning.image_caption(raw)
        if caption is not None:
            if caption:
                captions.append(caption)
            continue
        block = cleaning.plain(raw)
        if cleaning.is_markup_only(block) or cleaning.is_boilerplate(block):
            continue
        dateline = cleaning.parse_date(block)
        if dateline is not None:
            date = date or dateline
            continue
        for passage in cut_long(block):
            if passage not in seen:
                seen.add(passage)
                paragraphs.append(passage)
    if not paragraphs:
        return None
    return Article(
        name=name,
        title=title or title_from(name, paragraphs[0]),
        paragraphs=tuple(paragraphs),
        date=date.isoformat() if date else meta.get("date"),
        source=meta.get("source"),
        url=meta.get("url"),
        author=meta.get("author"),
        captions=tuple(captions),
    )


def parse_page(name: str, html: str | bytes) -> Article | None:
    """The article in a saved web page, found by the same extractor as `add`, or None."""
    page = extract_page(html)
    return None if page is None else parse_article(name, knowledge_text(page))


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The `key: value` front matter between leading `---` lines, and the rest of the text."""
    lines = text.lstrip("\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    closing = [n for n, line in enumerate(lines[1:], start=1) if line.strip() == "---"]
    if not closing:
        return {}, text
    end = closing[0]
    meta = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in FRONT_MATTER_KEYS and value.strip():
            meta[key] = front_matter_value(value.strip())
    return meta, "\n".join(lines[end + 1 :])


def front_matter_value(value: str) -> str:
    """A value as written: a double-quoted one read as a JSON (YAML) string, so `"\"Hell to
    pay,\" he said"` keeps its quotes; otherwise with any quotes around it taken off."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            text = json.loads(value)
        except json.JSONDecodeError:
            pass
        else:
            if isinstance(text, str):
                return " ".join(text.split())
    return value.strip("\"'")


def split_blocks(body: str) -> list[str]:
    """Paragraphs separated by blank lines, or one per line when there is no blank line."""
    body = body.strip("\n")
    chunks = BLANK_LINE_RE.split(body) if BLANK_LINE_RE.search(body) else body.split("\n")
    return [block for block in (" ".join(chunk.split()) for chunk in chunks) if block]


def cut_long(paragraph: str) -> list[str]:
    """A paragraph, cut at sentence ends into pieces of at most `MAX_PASSAGE_CHARS`.

    A "sentence" longer than that (no full stop in it) is cut at the last space that fits, or
    anywhere if it has none. Time grows linearly with the paragraph's length.
    """
    if len(paragraph) <= MAX_PASSAGE_CHARS:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(paragraph):
        start = 0
        while len(sentence) - start > MAX_PASSAGE_CHARS:
            cut = sentence.rfind(" ", start, start + MAX_PASSAGE_CHARS)
            cut = cut if cut > start else start + MAX_PASSAGE_CHARS
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[start:cut].strip())
            start = cut
            while start < len(sentence) and sentence[start].isspace():
                start += 1
        sentence = sentence[start:].strip()
        if not sentence:
            continue
        if current and len(current) + 1 + len(sentence) > MAX_PASSAGE_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def title_from(name: str, first_paragraph: str) -> str:
    """A title for an article without one: its file name if that reads as words, else the
    opening words of its first paragraph."""
    stem = Path(name).stem
    words = re.split(r"[\s_\-]+", stem)
    if any(word.isalpha() and len(word) >= 3 for word in words):
        return " ".join(word for word in words if word).strip().capitalize()
    first = sentences(first_paragraph)[0]
    if len(first) <= TITLE_MAX_CHARS:
        return first.rstrip(".")
    return first[: first.rfind(" ", 0, TITLE_MAX_CHARS)].rstrip(",;:") + "…"
