"""Finding the index word a mistyped question word was meant to be.

A question word that the knowledge never uses is compared with the words it does use, by
optimal string alignment distance (RapidFuzz's `OSA`: a dropped, doubled, replaced or swapped
letter each cost one edit). The words near enough to compare are found through a deletion
index (`deletions`), so a lookup reads a few dozen keys however large the vocabulary grows.
Of equally near words, the one more paragraphs use wins. A word that is itself common English
("world", "price", "tell") is taken as meant, never as a slip for the article word one letter
away ("would", "prime", "hell").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA

from knowledge.search import deletions, english

MIN_LENGTH = 4
"""Shorter words are left alone: "tall" is one edit from "talk", "ball" and "tale"."""
MAX_CANDIDATES = 3


def max_edits(word: str) -> int:
    """Edits allowed for a word: one up to seven letters, two from eight."""
    return 1 if len(word) < 8 else 2


class TypoCorrector:
    """Maps an unknown word to the nearest words of a vocabulary."""

    def __init__(self, vocabulary: Iterable[tuple[str, int]] = ()) -> None:
        """`vocabulary`: each word with how many paragraphs use it (ties go to the larger)."""
        self.words: list[str] = []
        self.counts: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.entries: deletions.Entries = np.zeros(0, dtype=np.uint64)
        self.add(vocabulary)
        english.load()  # read the dictionary now, not at the first question

    def add(self, vocabulary: Iterable[tuple[str, int]]) -> None:
        """Take in more words; a word known already has its count raised."""
        known = {word: position for position, word in enumerate(self.words)}
        counts = self.counts.tolist()
        new: list[str] = []
        for word, count in vocabulary:
            if len(word) < MIN_LENGTH - 1 or not word.isalpha():
                continue
            position = known.get(word)
            if position is None:
                known[word] = position = len(counts)
                new.append(word)
                counts.append(0)
            counts[position] += count
        first = len(self.words)
        self.words.extend(new)
        self.counts = np.array(counts, dtype=np.int64)
        if new:
            filed = deletions.file_words(new, [max_edits(w) for w in new], first)
            self.entries = deletions.merge(self.entries, filed)

    def updated(self, vocabulary: Iterable[tuple[str, int]]) -> TypoCorrector:
        """A copy with each given word's count set anew (a word no paragraph uses any more
        has 0, and is never offered), and the words it did not know added."""
        made: TypoCorrector = object.__new__(TypoCorrector)
        made.words, made.counts, made.entries = list(self.words), self.counts.copy(), self.entries
        wanted = {w: c for w, c in vocabulary if len(w) >= MIN_LENGTH - 1 and w.isalpha()}
        changes = list(wanted.items())
        if len(changes) * 50 > len(self.words):  # many: one map of every word is cheaper
            known = {word: position for position, word in enumerate(self.words)}
            where = [known.get(word, -1) for word, _ in changes]
        else:
            where = [self.position(word) for word, _ in changes]
        new = [(word, count) for (word, count), at in zip(changes, where, strict=True) if at < 0]
        for (_, count), at in zip(changes, where, strict=True):
            if at >= 0:
                made.counts[at] = count
        if new:
            first = len(made.words)
            made.words.extend(word for word, _ in new)
            counts = np.array([count for _, count in new], dtype=np.int64)
            made.counts = np.concatenate([made.counts, counts])
            filed = deletions.file_words(
                [w for w, _ in new], [max_edits(w) for w, _ in new], first
            )
            made.entries = deletions.merge(made.entries, filed)
        return made

    def position(self, word: str) -> int:
        """Where `word` is among the known words; -1 when it is not one."""
        for position in deletions.lookup(self.entries, word, 0).tolist():
            if self.words[position] == word:
                return int(position)
        return -1

    def candidates(self, word: str) -> list[tuple[str, int]]:
        """The nearest known words to `word` with their edit distance, nearest first, and of
        those as near, the most used first.

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
        found: list[tuple[int, int, int]] = []  # (distance, -count, position)
        for position in deletions.lookup(self.entries, word, limit).tolist():
            choice = self.words[position]
            if abs(len(choice) - len(word)) <= limit and self.counts[position] > 0:
                distance = OSA.distance(word, choice, score_cutoff=limit)
                if distance <= limit:
                    found.append((distance, -int(self.counts[position]), position))
        if not found:
            return []
        found.sort()
        best = found[0][0]
        return [(self.words[p], d) for d, _, p in found if d == best][:MAX_CANDIDATES]

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
        if written == meant:
            continue
        if written and question.isascii() and written.isascii() and "\\" not in meant:
            question = _replaced_ascii(question, written.lower(), meant)
        else:
            pattern = rf"(?<!\w){re.escape(written)}(?!\w)"
            question = re.sub(pattern, meant, question, flags=re.IGNORECASE)
    return question


def _replaced_ascii(text: str, word: str, meant: str) -> str:
    """`text` with `word` replaced by `meant` wherever it is a whole word in any case, as
    `re.sub` of the word between `(?<!\\w)` and `(?!\\w)`, case-insensitive, replaces it in an
    ASCII text (where a word character is a letter, a digit or "_"): no pattern compiled for
    each question's slips."""
    lowered, done = text.lower(), 0
    parts: list[str] = []
    start = lowered.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before == "_" or after.isalnum() or after == "_":
            start = lowered.find(word, start + 1)
            continue
        parts += (text[done:start], meant)
        done = end
        start = lowered.find(word, end)
    return "".join(parts) + text[done:] if parts else text
