"""Whether a paragraph holds an answer of a given type (`holds_type`): a figure, a date, a name
the question does not use. The rerank asks it of 15 paragraphs for every question with an
answer type, so it is written to be quick, and to say exactly what the patterns of
`answer_type` say.

- The type patterns are case-insensitive, and their letters are all lower case. Python's
  case-insensitive matching costs two to three times as much as plain matching, so a paragraph
  is lowered once and matched plainly. The two agree on every text without a capital I with a
  dot, a dotless i or a long s (`UNLOWERED`): those are the only letters that match an ASCII
  letter case-insensitively but do not lower to it (the Kelvin sign lowers to "k"), and
  lowering keeps every other character a word character or not, a digit or not, a space or
  not. A paragraph with one of them is matched as it is.
- A date is most often a year, and a number most often a digit: those are looked for first, by
  patterns that start with the digit they need, so the matcher skips to digits.
- A name is a capitalised word not at the start of the text or of a sentence; its pattern
  starts with the capital letter, so the matcher skips to capitals.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.search.answer_type import (
    AGE_RE,
    DATE_RE,
    DURATION_RE,
    MEASURE_RE,
    NUMBER_RE,
)
from knowledge.search.text import term_word, tokens

__all__ = ["NAME_RE", "TYPE_RE", "holds_type"]

NAME_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]+")
"""A capitalised word not at the start of the text or of a sentence: a name."""
TYPE_RE: dict[str, re.Pattern[str]] = {
    "number": NUMBER_RE,
    "date": DATE_RE,
    "duration": DURATION_RE,
    "age": AGE_RE,
    "measure": MEASURE_RE,
}
"""How a paragraph holds each answer type; "person" and "place" are held by a name."""

UNLOWERED = ("\u0130", "\u0131", "\u017f")
"""The capital I with a dot, the dotless i and the long s: the letters that match an ASCII
letter case-insensitively but do not lower to one."""
LOWERED_RE = {kind: re.compile(pattern.pattern) for kind, pattern in TYPE_RE.items()}
"""Each type pattern without its case-insensitive flag, for a lowered paragraph."""
SOONER_RE = {
    "date": re.compile(r"(?:1[0-9]|20)(?<!\w\d\d)\d{2}s?\b"),  # DATE_RE's "1973", "2020s"
    "number": re.compile(r"\d"),  # NUMBER_RE's digit
}
"""The part of a type pattern most paragraphs hold, tried first: a paragraph that holds it
holds the type."""
NAME_FROM_CAPITAL_RE = re.compile(r"[A-Z](?<=\W[A-Z])(?<![.!?]\s[A-Z])[\w'-]+")
"""`NAME_RE`, its lookbehinds moved after the capital letter: the same matches."""


def holds_type(kind: str, text: str, question: str = "") -> bool:
    """Whether a paragraph holds an answer of the given type. A person or a place is held by
    a name (a capitalised word not starting a sentence) that the question does not use."""
    pattern = LOWERED_RE.get(kind)
    if pattern is None:
        asked_words = _words_of(question)
        return any(
            term_word(name.group()) not in asked_words
            for name in NAME_FROM_CAPITAL_RE.finditer(text)
        )
    sooner = SOONER_RE.get(kind)
    if sooner is not None and sooner.search(text) is not None:
        return True
    if all(letter not in text for letter in UNLOWERED):
        return pattern.search(text.lower()) is not None
    return TYPE_RE[kind].search(text) is not None


@lru_cache(maxsize=64)
def _words_of(question: str) -> frozenset[str]:
    """The question's words, normalised: read once for the paragraphs of one question."""
    return frozenset(term_word(t) for t in tokens(question))
