"""What a search works with: the question's terms, and the paragraphs it ranks."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Hit", "QueryTerm", "Ranked", "Searched"]


@dataclass(frozen=True)
class QueryTerm:
    """A term of the question: its index id (None when no article uses it) and its weight."""

    word: str
    term: int | None
    boost: float
    meant: str
    """The word as read: the article word a misspelt one was taken for, else `word`."""
    name: bool = False
    """Written with a capital letter, not as the question's first word: a name ("Scotland")."""


@dataclass(frozen=True)
class Hit:
    """A ranked paragraph: its position in the index, rank score and confidence."""

    paragraph: int
    rank: float
    confidence: float
    terms: frozenset[int]


@dataclass(frozen=True)
class Ranked:
    """A candidate paragraph after the RapidFuzz rerank."""

    paragraph: int
    rank: float
    set_ratio: float
    """Its best sentence's `token_set_ratio` with the question, 0 to 1."""


@dataclass(frozen=True)
class Searched:
    """What a search found: the paragraphs that answer, or, when the engine is not sure any
    does, the closest ones to offer (`offered`); both empty for a clear refusal."""

    hits: list[Hit]
    offered: list[Hit] = field(default_factory=list)
