"""How common a word is in English, from the frequency dictionary that symspellpy ships.

That dictionary lists 82,765 English words with their counts in the Google Books n-grams, kept
to words of the SCOWL word lists. Frequencies are given on the Zipf scale: log10 of a word's
occurrences per billion words ("the" 7.6, "world" 5.9, "france" 5.3, "pharmacists" 3.6); a word
the dictionary does not know ("hostges", "qatars") is 0. The dictionary is read once, when an
index is built (`load`), so no question waits for it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache
from importlib.resources import files

from rapidfuzz import process
from rapidfuzz.distance import OSA

PACKAGE = "symspellpy"
DICTIONARY = "frequency_dictionary_en_82_765.txt"
COMMON_ZIPF = 3.0
"""A word at least this common (about 29,000 words) is common English: never read as a typo,
and what a misspelt word is compared with (`nearest_common`)."""
MIN_LENGTH = 4
"""Shorter words are too near too many others to be read as a slip for one of them."""


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """Each dictionary word -> its Zipf frequency."""
    text = files(PACKAGE).joinpath(DICTIONARY).read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if count:
            counts[word] = int(count)
    per_billion = 1e9 / sum(counts.values())
    return {word: math.log10(count * per_billion) for word, count in counts.items()}


@lru_cache(maxsize=1)
def _common_by_length() -> dict[int, list[str]]:
    by_length: defaultdict[int, list[str]] = defaultdict(list)
    for word, zipf in frequencies().items():
        if zipf >= COMMON_ZIPF and word.isalpha():
            by_length[len(word)].append(word)
    return dict(by_length)


def load() -> None:
    """Read the dictionary now rather than at the first question."""
    _common_by_length()


def zipf(word: str) -> float:
    """How common a normalised word is in English, on the Zipf scale; 0 when unknown."""
    return frequencies().get(word, 0.0)


def nearest_common(word: str) -> str | None:
    """The most common English word one edit (dropped, doubled, replaced or swapped letter)
    away from a word English does not know ("possble" -> "possible"); None when there is
    none, when `word` is itself English, or shorter than `MIN_LENGTH` ("gdp" is not "gap")."""
    if len(word) < MIN_LENGTH or zipf(word) > 0 or not word.isalpha():
        return None
    found = []
    for length in (len(word) - 1, len(word), len(word) + 1):
        choices = _common_by_length().get(length)
        if choices:
            best = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=1)
            if best is not None:
                found.append(best[0])
    return max(found, key=zipf, default=None)
