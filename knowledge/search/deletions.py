"""A deletion index (SymSpell's symmetric delete): the words within one or two edits of a word,
found in time that does not grow with the vocabulary.

Each word is filed under every string made by deleting up to its edit limit of letters from
its first `PREFIX` letters: one 64-bit entry each, the string's hash in the high bits and the
word's position in the low `OWNER_BITS`, all in one sorted array. Two words within `limit` edits of
each other share such a string: the letters they have in common. So a lookup files the
looked-up word's own deletions the same way (from its first `PREFIX + limit` letters, cut back
to every length the other word's filed prefix can have), reads the words filed under them
with a binary search, and leaves the caller to measure each candidate's true distance, which
drops the rare hash and prefix coincidences. A lookup reads a few dozen keys however large
the vocabulary is; the index holds at most 29 keys a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

import numpy as np
import numpy.typing as npt

from knowledge.search.terms import distinct

PREFIX = 7
"""Only a word's first letters are filed: a longer prefix adds keys, not recall."""
BASE = 1_000_003
"""The base of the polynomial hash of a string's code points (modulo 2**64)."""
POWERS = np.array([pow(BASE, j, 1 << 64) for j in range(PREFIX + 3)], dtype=np.uint64)

OWNER_BITS = 26
"""Up to 67 million words; the other 38 bits of an entry are its string's hash."""
OWNERS = np.uint64((1 << OWNER_BITS) - 1)
HASHES = ~OWNERS

Entries = npt.NDArray[np.uint64]
Owners = npt.NDArray[np.int32]


def _mixed(keys: Entries) -> Entries:
    """MurmurHash3's finaliser: every bit of a polynomial hash spread over the high bits, where
    an entry keeps it (the first letter alone would only reach the low ones)."""
    keys = keys ^ (keys >> np.uint64(33))
    keys = keys * np.uint64(0xFF51AFD7ED558CCD)
    keys = keys ^ (keys >> np.uint64(33))
    keys = keys * np.uint64(0xC4CEB9FE1A85EC53)
    mixed: Entries = keys ^ (keys >> np.uint64(33))
    return mixed


def file_words(words: Sequence[str], edits: Sequence[int], first: int = 0) -> Entries:
    """The sorted entries of `words`, each filed with deletions of up to `edits[i]` letters
    (1 or 2) and numbered from `first`."""
    n = len(words)
    if first + n > OWNERS:
        raise ValueError("too many words for a deletion index")
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    padded = "".join(word[:PREFIX].ljust(PREFIX, "\0") for word in words)
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).reshape(n, PREFIX)
    codes = codes.astype(np.uint64)
    everyone = np.arange(n, dtype=np.int32)
    numbers = everyone.astype(np.uint64) + np.uint64(first)
    limits = np.asarray(edits, dtype=np.int8)
    entries = []
    for deleted in range(3):
        rows = everyone if deleted < 2 else everyone[limits >= 2]
        if len(rows) == 0:
            continue
        chosen = codes[rows]
        for gone in combinations(range(PREFIX), deleted):
            kept = [column for column in range(PREFIX) if column not in gone]
            key = np.zeros(len(rows), dtype=np.uint64)
            for place, column in enumerate(kept):
                key += chosen[:, column] * POWERS[place]
            entries.append((_mixed(key) & HASHES) | numbers[rows])
    # A short word's deletions in its padding repeat the word itself; `lookup` reads each
    # word once however often it is filed under one string.
    found = np.concatenate(entries)
    found.sort()
    return found


def merge(entries: Entries, more: Entries) -> Entries:
    """Two indexes as one (the words of `more` numbered after those of `entries`)."""
    if len(more) * 8 < len(entries):  # a few more: one pass, not a sort of everything
        return np.insert(entries, np.searchsorted(entries, more), more)
    both = np.concatenate([entries, more])
    both.sort()
    return both


@lru_cache(maxsize=64)
def _kept(length: int, limit: int) -> npt.NDArray[np.intp]:
    """For a string of `length` letters, the positions kept by each way of deleting up to
    `limit` of them, one row each, padded with `length` (a zero code)."""
    rows = []
    for deleted in range(min(limit, length) + 1):
        for gone in combinations(range(length), deleted):
            kept = [p for p in range(length) if p not in gone]
            rows.append(kept + [length] * (length - len(kept)))
    return np.array(rows, dtype=np.intp).reshape(len(rows), length)


def lookup_keys(word: str, limit: int) -> Entries:
    """The keys under which a word within `limit` edits of `word` may be filed."""
    head = word[: PREFIX + limit]
    if not head:
        return np.zeros(0, dtype=np.uint64)
    codes = np.array([ord(c) for c in head] + [0], dtype=np.uint64)
    kept = _kept(len(head), limit)
    sums = np.cumsum(codes[kept] * POWERS[: len(head)], axis=1, dtype=np.uint64)
    # The other word's filed prefix is PREFIX letters long, or the whole word when shorter,
    # less what was deleted from it: every length from `shortest` up to PREFIX.
    shortest = max(1, min(PREFIX, len(word) - limit) - limit)
    columns = sums[:, shortest - 1 : min(PREFIX, len(head))]
    return distinct(_mixed(columns) & HASHES)


def lookup(entries: Entries, word: str, limit: int) -> Owners:
    """The positions of the words filed under a string `word` may share with them (distinct;
    some may be further than `limit` edits away)."""
    wanted = lookup_keys(word, limit)
    starts = np.searchsorted(entries, wanted, side="left")
    ends = np.searchsorted(entries, wanted | OWNERS, side="right")
    counts = ends - starts
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int32)
    offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return distinct(entries[offsets + np.arange(total)] & OWNERS).astype(np.int32)
