"""How common a word is in English, from the frequency dictionary that symspellpy ships.

That dictionary lists 82,765 English words with their counts in the Google Books n-grams, kept
to words of the SCOWL word lists. Frequencies are given on the Zipf scale: log10 of a word's
occurrences per billion words ("the" 7.6, "world" 5.9, "france" 5.3, "pharmacists" 3.6); a word
the dictionary does not know ("hostges", "qatars") is 0. The dictionary is read once, at the
first lookup; indexing makes that lookup, so no question waits for it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib.resources import files

PACKAGE = "symspellpy"
DICTIONARY = "frequency_dictionary_en_82_765.txt"


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


def zipf(word: str) -> float:
    """How common a normalised word is in English, on the Zipf scale; 0 when unknown."""
    return frequencies().get(word, 0.0)
