"""How common a word is in English, from the frequency dictionary that symspellpy ships.

That dictionary lists 82,765 English words with their counts in the Google Books n-grams, kept
to words of the SCOWL word lists. Frequencies are given on the Zipf scale: log10 of a word's
occurrences per billion words ("the" 7.6, "world" 5.9, "france" 5.3, "pharmacists" 3.6); a word
the dictionary does not know ("hostges", "qatars") is 0. The dictionary is read once, when an
index is built (`load`), so no question waits for it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib.resources import files

from rapidfuzz.distance import OSA

from knowledge.search import deletions

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
def _common() -> tuple[list[str], deletions.Entries]:
    """The common English words (`COMMON_ZIPF`), and their deletion index (one edit)."""
    common = [word for word, z in frequencies().items() if z >= COMMON_ZIPF and word.isalpha()]
    return common, deletions.file_words(common, [1] * len(common))


def load() -> None:
    """Read the dictionary now rather than at the first question."""
    _common()


def zipf(word: str) -> float:
    """How common a normalised word is in English, on the Zipf scale; 0 when unknown."""
    return frequencies().get(word, 0.0)


def nearest_common(word: str) -> str | None:
    """The most common English word one edit (dropped, doubled, replaced or swapped letter)
    away from a word English does not know ("possble" -> "possible"); None when there is
    none, when `word` is itself English, or shorter than `MIN_LENGTH` ("gdp" is not "gap")."""
    if len(word) < MIN_LENGTH or zipf(word) > 0 or not word.isalpha():
        return None
    common, entries = _common()
    found = (common[p] for p in deletions.lookup(entries, word, 1).tolist())
    near = [w for w in found if abs(len(w) - len(word)) <= 1 and OSA.distance(word, w) <= 1]
    return max(near, key=lambda w: (zipf(w), -len(w)), default=None)  # as near: the shorter
