"""The plain values the knowledge library hands out: articles, passages and matches."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One knowledge file, cleaned: its metadata and its answerable paragraphs."""

    name: str
    """The file name inside the knowledge folder, e.g. ``000_915978b0620ce548.txt``."""
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    """Who wrote it, when the file names them (front matter ``author``)."""
    captions: tuple[str, ...] = ()
    """Alt texts of images in the file: kept for reference, never quoted as answers."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of one article, the unit the bot quotes (one for every paragraph of the
    knowledge, hence slots: about 100 bytes less each)."""

    article: Article
    number: int
    """1-based position of the paragraph in its article."""
    text: str

    @property
    def total(self) -> int:
        """How many paragraphs the article has."""
        return len(self.article.paragraphs)


@dataclass(frozen=True)
class Match:
    """A passage that answers a question, with how sure the engine is."""

    passage: Passage
    confidence: float
    """How sure the engine is, in [0, 1] (`ask --json` calls it "score"); matches below the
    engine's threshold are never returned."""
    spans: tuple[tuple[int, int], ...] = field(default=())
    """Character ranges in ``passage.text`` of the words that matched the question."""


@dataclass(frozen=True)
class Found:
    """What a search found: the paragraphs that answer, best first; or, when the engine is not
    sure any does, the closest ones to offer (`offered`). Both are empty for a clear refusal."""

    matches: tuple[Match, ...] = ()
    offered: tuple[Match, ...] = ()
