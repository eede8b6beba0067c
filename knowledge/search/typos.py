"""Finding the index word a mistyped question word was meant to be.

A question word that the knowledge never uses is compared with the words it does use, by
optimal string alignment distance (RapidFuzz's `OSA`: a dropped, doubled, replaced or swapped
letter each cost one edit). Only words of similar length are compared, so a lookup reads a
small slice of the vocabulary. A word that is itself common English ("world", "price", "tell")
is taken as meant, never as a slip for the article word one letter away ("would", "prime",
"hell").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.search import english

MIN_LENGTH = 4
"""Shorter words are left alone: "tall" is one edit from "talk", "ball" and "tale"."""
MAX_CANDIDATES = 3


def max_edits(word: str) -> int:
    """Edits allowed for a word: one up to seven letters, two from eight."""
    return 1 if len(word) < 8 else 2


class TypoCorrector:
    """Maps an unknown word to the nearest words of a vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= MIN_LENGTH - 1 and word.isalpha():
                by_length[len(word)].append(word)
        self._by_length = dict(by_length)
        english.load()  # read the dictionary now, not at the first question

    def candidates(self, word: str) -> list[tuple[str, int]]:
        """The nearest known words to `word` with their edit distance, nearest first.

        A possessive is looked up without its "'s". Empty for short words, numbers, common
        English words (`english.COMMON_ZIPF`), and words with nothing within `max_edits`.
        """
        word = word.removesuffix("'s")
        if (
            len(word) < MIN_LENGTH
            or not word.isalpha()
            or english.zipf(word) >= english.COMMON_ZIPF
        ):
            return []
        limit = max_edits(word)
        found: list[tuple[str, int]] = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            choices = self._by_length.get(length)
            if choices:
                for choice, distance, _ in process.extract(
                    word, choices, scorer=OSA.distance, score_cutoff=limit, limit=MAX_CANDIDATES
                ):
                    found.append((choice, int(distance)))
        found.sort(key=lambda pair: pair[1])
        if not found:
            return []
        best = found[0][1]
        return [pair for pair in found if pair[1] == best][:MAX_CANDIDATES]

    def read_as(self, word: str) -> str:
        """What a word the vocabulary lacks was meant to be: the nearest vocabulary word
        ("hostges" -> "hostages"), else the common English word one slip away ("placws" ->
        "places", which may be a form of a vocabulary word), else the word itself."""
        candidates = self.candidates(word)
        if candidates:
            return candidates[0][0]
        return english.nearest_common(word) or word


def as_read(question: str, slips: Iterable[tuple[str, str]]) -> str:
    """The question with each misspelt word replaced by the word it was read as (pairs of
    written and meant), so that it can be compared with a sentence as it was meant."""
    for written, meant in slips:
        if written != meant:
            pattern = rf"(?<!\w){re.escape(written)}(?!\w)"
            question = re.sub(pattern, meant, question, flags=re.IGNORECASE)
    return question
